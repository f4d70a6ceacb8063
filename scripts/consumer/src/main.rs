//! A user's program on the packaged tekort-core and tekort-data: the
//! national shortage of po in 2030 from the embedded data, printed as
//! `po 2030 <pct>` for scripts/test.sh to check.
use tekort_core::{
    forecast::project, params::Params, forecast::ProjectionOptions, regions::RegionSystem, scenario::Scenario, sector::SectorGroup, forecast::Variable,
};

fn main() -> Result<(), tekort_data::Error> {
    let ds = tekort_data::embedded_dataset()?;
    let nl = RegionSystem::builtin("nl", ds)?;
    let options = ProjectionOptions {
        until: 2030,
        ..ProjectionOptions::default()
    };
    let p = project(
        ds,
        &nl,
        &Params::default(),
        &[Scenario::baseline()],
        &options,
    )?;
    let year = p.year_index(2030).expect("the projection reaches 2030");
    let po = p.total(0, None, &p.group_indices(SectorGroup::Po), year);
    println!("po 2030 {:.2}", po[Variable::ShortagePct.index()]);
    Ok(())
}

//! The default forecast from the embedded data, without polars: every
//! sector, the 35 arbeidsmarktregio's, the baseline scenario, the default
//! parameters and options (to 2040); printed is the national shortage as a
//! % of employment for po, vo and mbo in 2030 and 2040.
//!
//! ```sh
//! cargo run --release -p tekort-data --example default_forecast
//! ```
//!
//! It needs only `tekort-core` and `tekort-data` (`cargo tree -p
//! tekort-data -e normal` has no polars), so it compiles in a fraction of
//! the time a program on `tekort-polars` takes.
use tekort_core::{
    project, Params, ProjectionOptions, RegionSystem, Scenario, SectorGroup, Variable,
};

fn main() -> Result<(), tekort_data::Error> {
    let ds = tekort_data::embedded_dataset()?;
    let regions = RegionSystem::builtin("arbeidsmarktregio", ds)?;
    let p = project(
        ds,
        &regions,
        &Params::default(),
        &[Scenario::baseline()],
        &ProjectionOptions::default(),
    )?;

    println!(
        "national shortage, % of employment ({} regions summed)",
        p.regions.len()
    );
    println!("{:<6} {:>8} {:>8}", "group", "2030", "2040");
    for group in [SectorGroup::Po, SectorGroup::Vo, SectorGroup::Mbo] {
        let sectors = p.group_indices(group);
        let pct = |year: i32| -> Result<f64, tekort_data::Error> {
            let y = p
                .year_index(year)
                .ok_or(tekort_core::TekortError::YearOutOfRange {
                    what: "the printed year".into(),
                    year,
                    min: p.years.first().copied().unwrap_or(year),
                    max: p.years.last().copied().unwrap_or(year),
                })?;
            Ok(p.total(0, None, &sectors, y)[Variable::ShortagePct.index()])
        };
        println!(
            "{:<6} {:>7.1}% {:>7.1}%",
            group.code(),
            pct(2030)?,
            pct(2040)?
        );
    }
    Ok(())
}

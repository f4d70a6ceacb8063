//! Two scenarios compared: the baseline against 50 % more zij-instroom
//! (career switchers) from 2026, nationally per sector group.
//!
//! ```sh
//! cargo run --release -p tekort-polars --example compare_scenarios
//! ```
use tekort_core::{
    forecast::project, forecast::ProjectionOptions, forecast::Variable, params::Params,
    scenario::Scenario, sector::SectorGroup,
};

fn main() -> Result<(), tekort_polars::Error> {
    let ds = tekort_polars::embedded_dataset()?;
    let regions = tekort_polars::resolve_regions("nl", ds)?;

    // A scenario is a named set of multipliers; the same can be read from a
    // TOML file with `tekort_polars::read_scenario_file`.
    let mut more = Scenario::named("meer zij-instroom");
    more.zij_instroom = 1.5;
    more.from_year = Some(2026);
    let scenarios = [Scenario::baseline(), more];

    let options = ProjectionOptions {
        until: 2035,
        ..ProjectionOptions::default()
    };
    let p = project(ds, &regions, &Params::default(), &scenarios, &options)?;

    println!("shortage in fte (and % of employment), Nederland");
    println!(
        "{:<6} {:>6} {:>20} {:>20} {:>10}",
        "group", "year", "baseline", "meer zij-instroom", "change"
    );
    for group in [SectorGroup::Po, SectorGroup::Vo, SectorGroup::Mbo] {
        let sectors = p.group_indices(group);
        for year in [2026, 2030, 2035] {
            let y = p.year_index(year).expect("the projection covers the year");
            let base = p.total(0, None, &sectors, y).unwrap();
            let alt = p.total(1, None, &sectors, y).unwrap();
            let (b, a) = (
                base[Variable::ShortageFte.index()],
                alt[Variable::ShortageFte.index()],
            );
            println!(
                "{:<6} {:>6} {:>12.0} ({:>4.1} %) {:>12.0} ({:>4.1} %) {:>+10.0}",
                group.code(),
                year,
                b,
                base[Variable::ShortagePct.index()],
                a,
                alt[Variable::ShortagePct.index()],
                a - b
            );
            // More career switchers never make the shortage larger.
            assert!(a <= b + 1e-6, "{group:?} {year}: {a} > {b}");
        }
    }
    Ok(())
}

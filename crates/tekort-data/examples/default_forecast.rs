//! The default forecast from the embedded data, without polars: every
//! sector, the 35 arbeidsmarktregio's, the baseline scenario, the default
//! parameters and options (to 2040), through the front door
//! ([`tekort_core::Model`]); printed is the national shortage as a % of
//! employment for po, vo and mbo in 2030 and 2040.
//!
//! ```sh
//! cargo run --release -p tekort-data --example default_forecast
//! ```
//!
//! It needs only `tekort-core` and `tekort-data` (`cargo tree -p
//! tekort-data -e normal` has no polars), so it compiles in a fraction of
//! the time a program on `tekort-polars` takes.
use tekort_core::prelude::*;

fn main() -> Result<(), tekort_data::Error> {
    let p = tekort_data::model()?.forecast()?;
    println!(
        "national shortage, % of employment ({} regions summed)",
        p.regions.len()
    );
    println!("{:<6} {:>8} {:>8}", "group", "2030", "2040");
    for group in [SectorGroup::Po, SectorGroup::Vo, SectorGroup::Mbo] {
        let pct = |year| -> Result<f64, TekortError> {
            Ok(p.total_of("baseline", None, group, year)?[Variable::ShortagePct])
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

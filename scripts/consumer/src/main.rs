//! A user's program on the packaged tekort-core and tekort-data: the
//! national shortage of po in 2030 from the embedded data, through the
//! front door, printed as `po 2030 <pct>` for scripts/test.sh to check.
use tekort_core::prelude::*;

fn main() -> Result<(), tekort_data::Error> {
    let p = tekort_data::model()?.regions("nl")?.until(2030)?.forecast()?;
    let po = p.total_of("baseline", None, SectorGroup::Po, 2030)?;
    println!("po 2030 {:.2}", po[Variable::ShortagePct]);
    Ok(())
}

//! Monitoring indicators as a tidy frame.

use polars::prelude::*;
use tekort_core::monitoring::IndicatorRow;

use crate::error::Result;

/// The columns of [`indicators_to_frame`], in order.
pub const INDICATOR_COLUMNS: [&str; 9] = [
    "scenario",
    "region_system",
    "region",
    "sector",
    "indicator",
    "year",
    "value",
    "unit",
    "kind",
];

/// The indicator rows ([`tekort_core::monitoring::indicators`]) as a tidy frame: one
/// row per `scenario, region_system, region, sector, indicator, year` with
/// `value`, `unit` and `kind` (`measured`, `estimated`, `forecast`); see
/// `docs/indicators.md`. Counts of people (unit `persons`) are rounded to 10
/// significant digits ([`crate::round_count`]).
///
/// ```
/// use tekort_core::{monitoring::monitor, monitoring::IndicatorOptions, params::Params, forecast::ProjectionOptions, regions::RegionSystem, scenario::Scenario};
/// let ds = tekort_polars::embedded_dataset()?;
/// let regions = RegionSystem::builtin("provincie", ds)?;
/// let options = ProjectionOptions { until: 2030, ..Default::default() };
/// let (_, rows) = monitor(ds, &regions, &Params::default(), &[Scenario::baseline()],
///                         &options, &IndicatorOptions::default(), None)?;
/// let df = tekort_polars::indicators_to_frame(&rows)?;
/// assert_eq!(df.get_column_names()[4].as_str(), "indicator");
/// # Ok::<(), tekort_polars::Error>(())
/// ```
pub fn indicators_to_frame(rows: &[IndicatorRow]) -> Result<DataFrame> {
    let n = rows.len();
    let s = |f: fn(&IndicatorRow) -> &str| -> Vec<&str> { rows.iter().map(f).collect() };
    let cols = vec![
        Column::new("scenario".into(), s(|r| &r.scenario)),
        Column::new("region_system".into(), s(|r| &r.region_system)),
        Column::new("region".into(), s(|r| &r.region)),
        Column::new("sector".into(), s(|r| &r.sector)),
        Column::new("indicator".into(), s(|r| r.indicator)),
        Column::new(
            "year".into(),
            rows.iter().map(|r| r.year).collect::<Vec<i32>>(),
        ),
        Column::new(
            "value".into(),
            rows.iter()
                .map(|r| {
                    // Counts of people without float noise (round_count).
                    if r.unit == "persons" {
                        crate::frame::round_count(r.value)
                    } else {
                        r.value
                    }
                })
                .collect::<Vec<f64>>(),
        ),
        Column::new("unit".into(), s(|r| r.unit)),
        Column::new("kind".into(), s(|r| r.kind.name())),
    ];
    Ok(DataFrame::new(n, cols)?)
}

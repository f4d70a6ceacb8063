//! A user's funding path (`--funding FILE`, Python `funding=`): policy
//! funds and their effect on staff (demand) per pupil, laid over the
//! dataset's fund by fund.

use std::path::Path;

use polars::prelude::DataFrame;
use tekort_core::data::Dataset;

use crate::error::Result;
use crate::table::Table;

/// The columns of a funding-path table: `fund` (a name), `sector` (po,
/// vo, mbo), `announced` (the year the fund became known: a cutoff or
/// backtest before it does not see it), `year` (the October count the
/// effect is for), `staff_per_pupil_pct` (staff per pupil in that year in
/// % relative to no fund, −50..100) and `kind` (`structural`: the last
/// row's effect holds in every later year; `temporary`: none after the
/// last row). The years of a fund are consecutive.
pub const FUNDING_COLUMNS: [&str; 6] = [
    "fund",
    "sector",
    "announced",
    "year",
    "staff_per_pupil_pct",
    "kind",
];

/// Reads a funding-path CSV file and lays it over `dataset`'s (see
/// [`with_funding_frame`]).
pub fn with_funding_file(dataset: &Dataset, path: &Path) -> Result<Dataset> {
    let bytes = crate::input::read_input(path, crate::input::DATA_TABLE)?;
    let name = path.display().to_string();
    let t = Table::from_csv(&name, &bytes)?;
    with_funding(dataset, &t)
}

/// Lays the funding path of `df` over `dataset`'s: the rows of a fund and
/// sector replace all of the dataset's rows of that fund and sector (so a
/// fund's path is given whole); other funds stay. A fund of the dataset is
/// switched off by one row with effect 0 in its first year. The result is
/// validated (a bad year, kind or effect, a repeated fund, sector and year
/// are errors naming the row and value).
///
/// ```
/// use polars::prelude::*;
/// let ds = tekort_polars::embedded_dataset().unwrap();
/// let df = df!(
///     "fund" => ["npo"], "sector" => ["po"], "announced" => [2021],
///     "year" => [2021], "staff_per_pupil_pct" => [3.0], "kind" => ["temporary"],
/// ).unwrap();
/// let with = tekort_polars::with_funding_frame(ds, "mine", &df).unwrap();
/// let npo: Vec<_> = with.funding_path.iter().filter(|f| f.fund == "npo").collect();
/// assert_eq!(npo.len(), 1);
/// assert!(with.funding_path.iter().any(|f| f.fund == "werkdrukmiddelen"));
/// ```
pub fn with_funding_frame(dataset: &Dataset, name: &str, df: &DataFrame) -> Result<Dataset> {
    let t = Table {
        name: name.to_string(),
        df: df.clone(),
    };
    with_funding(dataset, &t)
}

fn with_funding(dataset: &Dataset, t: &Table) -> Result<Dataset> {
    let rows = tekort_data::funding_path(t)?;
    let mut ds = dataset.clone();
    ds.funding_path
        .retain(|f| !rows.iter().any(|r| r.fund == f.fund && r.group == f.group));
    ds.funding_path.extend(rows);
    ds.validate()?;
    Ok(ds)
}

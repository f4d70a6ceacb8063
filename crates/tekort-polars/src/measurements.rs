//! A user's shortage measurements (`--measurements FILE`, Python
//! `measurements=`): one table of national and regional measurements, each
//! of the year it describes, laid over the dataset's.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::Path;

use polars::prelude::DataFrame;
use tekort_core::{
    data::as_of, data::rebase_employment, data::Dataset, data::MeasuredArea,
    data::MeasuredShortage, data::NationalShortage, params::Params, sector::Sector,
    sector::SectorGroup,
};

use crate::error::{Error, Result};
use crate::table::{table_row, Table};

/// The columns of a measurements table: `sector` (po, vo, mbo),
/// `region_type` (`nl` for the nation, `arbeidsmarktregio`, `gemeente`
/// for one municipality such as a G5 city, or `gemeenten` for an area of
/// several municipalities, such as the G5 together or a drawn region),
/// `region` (the arbeidsmarktregio's name, the gemeentecode, the area's
/// name, or anything for `nl`), `year` (the year the measurement
/// describes: October of that year), `shortage_pct` (% of employment; may
/// be empty for `nl`) and `shortage_fte` (needed for `nl`). A `gemeenten`
/// row lists its municipalities in a further column, `gemeentecodes`
/// (codes separated by blanks).
pub const MEASUREMENT_COLUMNS: [&str; 6] = [
    "sector",
    "region_type",
    "region",
    "year",
    "shortage_pct",
    "shortage_fte",
];

/// Reads a measurements CSV file and lays it over `dataset`'s
/// measurements (see [`with_measurements_frame`]).
pub fn with_measurements_file(dataset: &Dataset, path: &Path) -> Result<Dataset> {
    let bytes = crate::input::read_input(path, crate::input::DATA_TABLE)?;
    let name = path.display().to_string();
    let t = Table::from_csv(&name, &bytes)?;
    with_measurements(dataset, &t)
}

/// Lays the measurements of `df` over `dataset`'s: a row replaces the
/// dataset's measurement of the same sector group, area and year, or adds
/// one; each anchors its own year (national figures through the demand per
/// pupil of that year, the latest regional table as the regions' start).
/// The result is validated (a year without observed pupils and staff, a
/// % outside −100..100, an unknown region are errors naming the row).
///
/// ```
/// use polars::prelude::*;
/// let ds = tekort_polars::embedded_dataset().unwrap();
/// let df = df!(
///     "sector" => ["po"], "region_type" => ["nl"], "region" => ["Nederland"],
///     "year" => [2025], "shortage_pct" => [Some(7.5)], "shortage_fte" => [7500.0],
/// ).unwrap();
/// let with = tekort_polars::with_measurements_frame(ds, "mine", &df).unwrap();
/// assert!(with.national_shortage.iter().any(|m| m.year == 2025 && m.pct == Some(7.5)));
/// ```
pub fn with_measurements_frame(dataset: &Dataset, name: &str, df: &DataFrame) -> Result<Dataset> {
    let t = Table {
        name: name.to_string(),
        df: df.clone(),
    };
    with_measurements(dataset, &t)
}

fn with_measurements(dataset: &Dataset, t: &Table) -> Result<Dataset> {
    let sector = t.text("sector")?;
    let region_type = t.text("region_type")?;
    let region = t.text("region")?;
    let year = t.integers("year")?;
    let pct = t.numbers_opt("shortage_pct")?;
    let fte = if t.has("shortage_fte") {
        t.numbers_opt_as("shortage_fte", tekort_data::NumberKind::Count)?
    } else {
        vec![None; t.height()]
    };
    let codes = if t.has("gemeentecodes") {
        t.text_opt("gemeentecodes")?
    } else {
        vec![None; t.height()]
    };
    let mut ds = dataset.clone();
    // The first row of each (group, area, year), to name a repeat.
    let mut seen: HashMap<(SectorGroup, String, i32), usize> = HashMap::new();
    for i in 0..t.height() {
        let row = table_row(i);
        let bad = |reason: String| Error::table(&t.name, format!("row {row}: {reason}"));
        let group: SectorGroup = sector[i]
            .trim()
            .parse()
            .map_err(|e: tekort_core::TekortError| bad(e.to_string()))?;
        let kind = region_type[i].trim();
        let key = format!("{kind}:{}", region[i].trim());
        if let Some(&first) = seen.get(&(group, key.clone(), year[i])) {
            return Err(bad(format!(
                "{group} {} {} {} repeats row {}",
                kind,
                region[i].trim(),
                year[i],
                table_row(first)
            )));
        }
        seen.insert((group, key, year[i]), i);
        match kind {
            "nl" => {
                let fte = fte[i].ok_or_else(|| {
                    bad(format!(
                        "a national measurement needs shortage_fte (the fte of the publication); shortage_pct = {:?}",
                        pct[i]
                    ))
                })?;
                let m = NationalShortage {
                    group,
                    year: year[i],
                    pct: pct[i],
                    fte,
                };
                ds.national_shortage
                    .retain(|x| !(x.group == group && x.year == year[i]));
                ds.national_shortage.push(m);
            }
            "arbeidsmarktregio" | "gemeente" => {
                let p = pct[i]
                    .ok_or_else(|| bad("a regional measurement needs shortage_pct".into()))?;
                let area = if kind == "gemeente" {
                    let m = ds
                        .municipality_index(&region[i])
                        .map_err(|e| bad(e.to_string()))?;
                    MeasuredArea::Municipality(m)
                } else {
                    let name = region[i].trim().to_string();
                    if !ds
                        .municipalities
                        .iter()
                        .any(|m| m.arbeidsmarktregio == name)
                    {
                        return Err(bad(format!("unknown arbeidsmarktregio {name:?}")));
                    }
                    MeasuredArea::Arbeidsmarktregio(name)
                };
                ds.measured_shortage
                    .retain(|x| !(x.group == group && x.year == year[i] && x.area == area));
                ds.measured_shortage.push(MeasuredShortage {
                    group,
                    area,
                    year: year[i],
                    pct: p,
                });
            }
            "gemeenten" => {
                let p =
                    pct[i].ok_or_else(|| bad("an area's measurement needs shortage_pct".into()))?;
                let list = codes[i].as_deref().unwrap_or("");
                let members = list
                    .split_whitespace()
                    .map(|c| ds.municipality_index(c).map_err(|e| bad(e.to_string())))
                    .collect::<Result<Vec<usize>>>()?;
                if members.is_empty() {
                    return Err(bad(format!(
                        "the area {:?} needs its municipalities in the column gemeentecodes (codes separated by blanks)",
                        region[i].trim()
                    )));
                }
                let name = region[i].trim().to_string();
                ds.measured_shortage.retain(|x| {
                    !(x.group == group
                        && x.year == year[i]
                        && matches!(&x.area, MeasuredArea::Municipalities { name: n, .. } if *n == name))
                });
                ds.measured_shortage.push(MeasuredShortage {
                    group,
                    area: MeasuredArea::Municipalities { name, members },
                    year: year[i],
                    pct: p,
                });
            }
            other => {
                return Err(bad(format!(
                    "region_type {other:?} is not nl, arbeidsmarktregio, gemeente or gemeenten"
                )))
            }
        }
    }
    ds.national_shortage.sort_by_key(|m| (m.group, m.year));
    ds.validate()?;
    Ok(ds)
}

/// What a run reads after a user's measurements (`with`, from
/// [`with_measurements_file`] or [`with_measurements_frame`]) and a
/// cutoff ([`tekort_core::data::as_of`]): `ds` and `params` are replaced (the
/// national employment rebased when the measurement year moves). The CLI
/// and the Python module share it.
pub fn measured_and_cut(
    ds: &mut Cow<'static, Dataset>,
    params: &mut Params,
    with: Option<Dataset>,
    cutoff: Option<i32>,
) -> Result<MeasuredAndCut> {
    let mut out = MeasuredAndCut::default();
    if let Some(with) = with {
        out.notes.extend(
            rebase_employment(ds, &with, params)
                .into_iter()
                .map(|n| format!("measurements: {n}")),
        );
        *ds = Cow::Owned(with);
    }
    if let Some(cutoff) = cutoff {
        let cut = as_of(ds, params, cutoff)?;
        out.notes
            .extend(cut.notes.iter().map(|n| format!("cutoff {cutoff}: {n}")));
        out.available = Some(cut.sectors);
        *ds = Cow::Owned(cut.dataset);
        *params = cut.params;
    }
    Ok(out)
}

/// What [`measured_and_cut`] changed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MeasuredAndCut {
    /// A note per change.
    pub notes: Vec<String>,
    /// With a cutoff, the sectors that can run with the data up to it.
    pub available: Option<Vec<Sector>>,
}

impl MeasuredAndCut {
    /// Keeps the sectors that can run when all sectors (`all`, the
    /// default) were asked for; a sector named on its own that cannot run
    /// stays, and is an error naming it when the run is prepared.
    pub fn keep_available(&self, sectors: &mut Vec<Sector>, all: bool) {
        if let (Some(available), true) = (&self.available, all) {
            sectors.retain(|s| available.contains(s));
        }
    }
}

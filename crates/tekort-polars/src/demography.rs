//! Births after the last observed year: a named variant of the dataset, or
//! a user's births as a CSV file or frame.

use std::path::Path;

use ndarray::Array2;
use polars::prelude::*;
use tekort_core::{
    data::Dataset, forecast::Demography, forecast::PupilForecast, regions::RegionSystem,
    sector::Sector, TekortError,
};

use crate::error::{Error, Result};
use crate::input::{read_input, DEMOGRAPHY, PUPILS};
use crate::table::Table;
use tekort_data::births_paths;

/// Resolves a demography argument: a births variant of the dataset
/// (`low`, `medium`, `high`) or the path of a CSV file (see
/// [`demography_from_frame`] for the columns).
///
/// ```
/// let ds = tekort_polars::embedded_dataset().unwrap();
/// assert!(tekort_polars::resolve_demography("high", ds).is_ok());
/// assert!(tekort_polars::resolve_demography("optimistic", ds).is_err());
/// ```
pub fn resolve_demography(spec: &str, dataset: &Dataset) -> Result<Demography> {
    let variants: Vec<&str> = dataset
        .births_national
        .iter()
        .map(|p| p.variant.as_str())
        .filter(|v| *v != "observed")
        .collect();
    if variants.contains(&spec) {
        return Ok(Demography::Variant(spec.to_string()));
    }
    let path = Path::new(spec);
    if !(spec.ends_with(".csv") || path.exists()) {
        return Err(TekortError::InvalidDemography {
            source_name: spec.to_string(),
            reason: format!(
                "not a births variant ({}) nor a CSV file",
                variants.join(", ")
            ),
        }
        .into());
    }
    let bytes = read_input(path, DEMOGRAPHY)?;
    let name = path.display().to_string();
    let t = Table::from_csv(&name, &bytes)?;
    from_table(&name, t, dataset)
}

/// A demography from a frame of births after the last observed year:
/// either national (`year`, `births`) or per municipality (`gemeentecode`,
/// `year`, `births`, every 2026 municipality in every year given). Years
/// must be consecutive and reach `until − 4`.
pub fn demography_from_frame(
    name: &str,
    frame: &DataFrame,
    dataset: &Dataset,
) -> Result<Demography> {
    let t = Table {
        name: format!("births frame {name:?}"),
        df: frame.clone(),
    };
    from_table(name, t, dataset)
}

fn from_table(name: &str, t: Table, dataset: &Dataset) -> Result<Demography> {
    let has_code =
        t.df.get_column_names()
            .iter()
            .any(|c| c.as_str() == "gemeentecode");
    if !has_code {
        let mut paths = if t.df.column("variant").is_ok() {
            births_paths(&t)?
        } else {
            let mut with_variant = t.df.clone();
            let h = with_variant.height();
            with_variant.with_column(Column::new("variant".into(), vec![name; h]))?;
            births_paths(&Table {
                name: t.name.clone(),
                df: with_variant,
            })?
        };
        if paths.len() != 1 {
            return Err(TekortError::InvalidDemography {
                source_name: name.to_string(),
                reason: format!(
                    "holds {} variants; give one path (or filter the `variant` column)",
                    paths.len()
                ),
            }
            .into());
        }
        return Ok(Demography::National(paths.remove(0)));
    }
    let codes = t.text("gemeentecode")?;
    let years = t.integers("year")?;
    let births = t.counts("births")?;
    let (Some(&first), Some(&last)) = (years.iter().min(), years.iter().max()) else {
        return Err(Error::table(&t.name, "has no rows"));
    };
    if !(1900..=2200).contains(&first) || !(1900..=2200).contains(&last) {
        return Err(Error::table(
            &t.name,
            format!("year {first}..{last} out of range 1900..2200"),
        ));
    }
    let n = dataset.n_municipalities();
    let ny = (last - first + 1) as usize;
    let mut a = Array2::from_elem((n, ny), f64::NAN);
    // The file row (header = row 1) each cell came from: a second row for
    // a municipality and year is an error, not a silent last-row-wins.
    let mut row_of = Array2::from_elem((n, ny), 0usize);
    for (i, ((code, y), b)) in codes.iter().zip(&years).zip(&births).enumerate() {
        let m = dataset.municipality_index(code).map_err(|e| match e {
            TekortError::UnknownMunicipality { code, context } => {
                TekortError::UnknownMunicipality {
                    code,
                    context: format!("{context} in {name}"),
                }
            }
            other => other,
        })?;
        let cell = [m, (y - first) as usize];
        if row_of[cell] != 0 {
            return Err(TekortError::InvalidDemography {
                source_name: name.to_string(),
                reason: format!(
                    "gives births twice for {} {} in {y}: rows {} and {}; give each municipality and year once",
                    dataset.municipalities[m].code,
                    dataset.municipalities[m].name,
                    row_of[cell],
                    i + 2
                ),
            }
            .into());
        }
        row_of[cell] = i + 2;
        a[cell] = *b;
    }
    for m in 0..n {
        for j in 0..ny {
            if a[[m, j]].is_nan() {
                return Err(TekortError::InvalidDemography {
                    source_name: name.to_string(),
                    reason: format!(
                        "has no births for {} {} in {}: give every municipality in every year",
                        dataset.municipalities[m].code,
                        dataset.municipalities[m].name,
                        first + j as i32
                    ),
                }
                .into());
            }
        }
    }
    Ok(Demography::Municipal {
        name: name.to_string(),
        first_year: first,
        births: a,
    })
}

/// A user's pupil forecast from a frame with columns `region`, `sector`
/// (`po`, `po_bo`, `po_sbo`, `po_so_vso`, `vo`, `mbo`), `year`, `pupils`;
/// the regions are those of `regions` (a built-in system or the user's
/// own), matched without regard to case and accents; an unknown region
/// is an error suggesting the closest. Years after the base year replace
/// the model's pupils.
pub fn pupils_from_frame(
    name: &str,
    frame: &DataFrame,
    regions: &RegionSystem,
) -> Result<PupilForecast> {
    let t = Table {
        name: format!("pupil forecast {name:?}"),
        df: frame.clone(),
    };
    pupils_from_table(name, t, regions)
}

/// Reads a pupil forecast CSV (see [`pupils_from_frame`] for the columns);
/// a file over [`crate::MAX_TABLE_BYTES`] or not UTF-8 text is an error
/// naming it.
pub fn read_pupil_file(path: &Path, regions: &RegionSystem) -> Result<PupilForecast> {
    let bytes = read_input(path, PUPILS)?;
    let name = path.display().to_string();
    let t = Table::from_csv(&name, &bytes)?;
    pupils_from_table(&name, t, regions)
}

fn pupils_from_table(name: &str, t: Table, regions: &RegionSystem) -> Result<PupilForecast> {
    let bad = |reason: String| -> Error {
        TekortError::InvalidPupils {
            source_name: name.to_string(),
            reason,
        }
        .into()
    };
    let mut rows = Vec::with_capacity(t.height());
    for (((region, sector), year), pupils) in t
        .text("region")?
        .into_iter()
        .zip(t.text("sector")?)
        .zip(t.integers("year")?)
        .zip(t.counts("pupils")?)
    {
        let r = regions.region_index(&region).ok_or_else(|| {
            let close = regions.closest_regions(&region, 3);
            bad(format!(
                "names region {region:?}, which is not in region system {:?}; {}its regions are: {}",
                regions.name,
                tekort_core::error::did_you_mean(&close),
                tekort_core::error::join_capped(&regions.regions, ", ")
            ))
        })?;
        if sector == "all" {
            return Err(bad("sector \"all\": give po, vo and mbo separately".into()));
        }
        let sectors = Sector::parse_selection(&sector)?;
        rows.push((r, sectors, year, pupils));
    }
    Ok(PupilForecast {
        name: name.to_string(),
        regions: regions.clone(),
        rows,
    })
}

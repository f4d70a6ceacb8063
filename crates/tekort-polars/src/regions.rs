//! Region systems from names, CSV files and frames.

use std::path::Path;

use polars::prelude::*;
use tekort_core::{Dataset, RegionSystem, TekortError, BUILTIN_REGION_SYSTEMS};

use crate::error::{Error, Result};
use crate::table::Table;

/// Resolves a region argument: a built-in system name (`nl`, `provincie`,
/// `corop`, `arbeidsmarktregio`) or the path of a CSV file with columns
/// `gemeentecode,region`.
///
/// ```
/// let ds = tekort_polars::embedded_dataset().unwrap();
/// let r = tekort_polars::resolve_regions("provincie", ds).unwrap();
/// assert_eq!(r.len(), 12);
/// assert!(tekort_polars::resolve_regions("gemeenten", ds).is_err());
/// ```
pub fn resolve_regions(spec: &str, dataset: &Dataset) -> Result<RegionSystem> {
    if BUILTIN_REGION_SYSTEMS.contains(&spec) {
        return Ok(RegionSystem::builtin(spec, dataset)?);
    }
    let path = Path::new(spec);
    let looks_like_file = spec.ends_with(".csv") || path.exists();
    if !looks_like_file {
        return Err(TekortError::UnknownRegionSystem {
            name: spec.to_string(),
        }
        .into());
    }
    read_region_file(path, dataset)
}

/// Reads a region file: CSV with a header and the columns `gemeentecode`
/// and `region` (other columns are ignored). The system is named after the
/// file stem.
pub fn read_region_file(path: &Path, dataset: &Dataset) -> Result<RegionSystem> {
    let bytes = std::fs::read(path).map_err(|e| Error::Read {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })?;
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "custom".to_string());
    let t = Table::from_csv(
        &path.display().to_string(),
        &bytes,
        &["gemeentecode", "region"],
    )?;
    let pairs: Vec<(String, String)> = t
        .text("gemeentecode")?
        .into_iter()
        .zip(t.text("region")?)
        .collect();
    Ok(RegionSystem::from_pairs(&name, dataset, &pairs)?)
}

/// A region system from a frame with columns `gemeentecode` (text or
/// integer) and `region`.
pub fn regions_from_frame(
    name: &str,
    frame: &DataFrame,
    dataset: &Dataset,
) -> Result<RegionSystem> {
    let t = Table {
        name: format!("regions frame {name:?}"),
        df: frame.clone(),
    };
    let pairs: Vec<(String, String)> = t
        .text("gemeentecode")?
        .into_iter()
        .zip(t.text("region")?)
        .collect();
    Ok(RegionSystem::from_pairs(name, dataset, &pairs)?)
}

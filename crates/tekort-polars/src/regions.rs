//! Region systems from names, CSV files and frames.

use std::path::Path;

use polars::prelude::*;
use tekort_core::{Dataset, RegionEntry, RegionSystem, TekortError, BUILTIN_REGION_SYSTEMS};

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
/// and `region`, or `bevoegd_gezag` and `region`, or all three with one of
/// `gemeentecode` / `bevoegd_gezag` per row (other columns are ignored): a
/// school board's po and vo schools belong to its region wherever they
/// stand ([`RegionSystem::from_entries`]). The system is named after the
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
    Ok(RegionSystem::from_entries(&name, dataset, &entries(&t)?)?)
}

/// A code or board number written as a whole float (`363.0`, as pandas
/// writes an integer column with gaps) without its fraction.
fn whole_number_text(s: String) -> String {
    match s.split_once('.') {
        Some((int, frac))
            if !int.is_empty()
                && int.bytes().all(|b| b.is_ascii_digit())
                && frac.bytes().all(|b| b == b'0') =>
        {
            int.to_string()
        }
        _ => s,
    }
}

/// The rows of a region table: `gemeentecode,region` rows, and with a
/// `bevoegd_gezag` column also school-board rows (each row fills one of
/// the two).
fn entries(t: &Table) -> Result<Vec<RegionEntry>> {
    let mut missing = Vec::new();
    if !t.has("gemeentecode") && !t.has("bevoegd_gezag") {
        missing.push("\"gemeentecode\" (or \"bevoegd_gezag\")");
    }
    if !t.has("region") {
        missing.push("\"region\"");
    }
    if !missing.is_empty() {
        let found: Vec<String> =
            t.df.get_column_names()
                .iter()
                .map(|c| c.to_string())
                .collect();
        return Err(Error::table(
            &t.name,
            format!(
                "missing column {} (found: {})",
                missing.join(" and "),
                found.join(", ")
            ),
        ));
    }
    let region = t.text("region")?;
    if !t.has("bevoegd_gezag") {
        return Ok(t
            .text("gemeentecode")?
            .into_iter()
            .zip(region)
            .map(|(code, region)| RegionEntry::Municipality {
                code: whole_number_text(code),
                region,
            })
            .collect());
    }
    let boards = t.text_opt("bevoegd_gezag")?;
    let codes = if t.has("gemeentecode") {
        t.text_opt("gemeentecode")?
    } else {
        vec![None; boards.len()]
    };
    codes
        .into_iter()
        .zip(boards)
        .zip(region)
        .enumerate()
        .map(|(i, ((code, board), region))| match (code.map(whole_number_text), board.map(whole_number_text)) {
            (Some(code), None) => Ok(RegionEntry::Municipality { code, region }),
            (None, Some(board)) => Ok(RegionEntry::Board { board, region }),
            (Some(code), Some(board)) => Err(Error::table(
                &t.name,
                format!(
                    "row {} gives both gemeentecode {code:?} and bevoegd_gezag {board:?}: give one per row",
                    i + 1
                ),
            )),
            (None, None) => Err(Error::table(
                &t.name,
                format!("row {} gives neither a gemeentecode nor a bevoegd_gezag", i + 1),
            )),
        })
        .collect()
}

/// A region system from a frame with columns `gemeentecode` (text or
/// integer) and `region`, and optionally `bevoegd_gezag` (school-board
/// rows, as in [`read_region_file`]).
pub fn regions_from_frame(
    name: &str,
    frame: &DataFrame,
    dataset: &Dataset,
) -> Result<RegionSystem> {
    let t = Table {
        name: format!("regions frame {name:?}"),
        df: frame.clone(),
    };
    Ok(RegionSystem::from_entries(name, dataset, &entries(&t)?)?)
}

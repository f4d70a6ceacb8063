//! Region systems from names, CSV files and frames.

use std::io::Cursor;
use std::path::Path;

use polars::prelude::*;
use tekort_core::{
    data::Dataset, regions::resolve_municipality_names_at, regions::RegionEntry,
    regions::RegionSystem, regions::BUILTIN_REGION_SYSTEMS, TekortError,
};

use crate::error::{Error, Result};
use crate::table::table_row;
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
/// (or `gemeentenaam`: municipality names, resolved as
/// [`tekort_core::regions::municipalities_named`] resolves them) and `region`, or
/// `bevoegd_gezag` and `region`, or both kinds with one per row (other
/// columns are ignored): a school board's po and vo schools belong to its
/// region wherever they stand ([`RegionSystem::from_entries`]). The system
/// is named after the file stem.
///
/// Files as spreadsheets write them are read: the separator (`,`, `;` or
/// tab) is taken from the header line, a byte-order mark and CRLF line
/// ends are dropped, headers are matched without case or surrounding
/// spaces, and a file that is not UTF-8 is read as Windows-1252 (Excel's
/// other default; UTF-16 with a byte-order mark is read too). Rows in
/// messages count as a spreadsheet does: the header is row 1. A file over
/// [`crate::MAX_TABLE_BYTES`] or with NUL bytes (binary data) is an error
/// naming it.
pub fn read_region_file(path: &Path, dataset: &Dataset) -> Result<RegionSystem> {
    let t = read_region_table(path)?;
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "custom".to_string());
    Ok(RegionSystem::from_entries(
        &name,
        dataset,
        &entries(&t, dataset)?,
    )?)
}

/// The table of a region file, every column as text, headers trimmed
/// and in lower case (see [`read_region_file`] for what is accepted).
pub fn read_region_frame(path: &Path) -> Result<DataFrame> {
    Ok(read_region_table(path)?.df)
}

fn read_region_table(path: &Path) -> Result<Table> {
    let bytes = crate::input::read_input(path, crate::input::REGIONS)?;
    let label = path.display().to_string();
    let text = decode_text(&label, &bytes)?;
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let header = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let separator = detect_separator(header);
    let df = CsvReadOptions::default()
        .with_has_header(true)
        .with_infer_schema_length(Some(0))
        .with_parse_options(CsvParseOptions::default().with_separator(separator))
        .into_reader_with_file_handle(Cursor::new(text.into_bytes()))
        .finish()
        .map_err(|e| Error::table(&label, format!("not a valid CSV table: {e}")))?;
    Ok(Table {
        name: label,
        df: normalize_headers(df)?,
    })
}

/// Text of a file: UTF-8 (a byte-order mark dropped), UTF-16 with a
/// byte-order mark, or else Windows-1252; bytes that are none of these
/// are an error naming the file and the byte.
fn decode_text(label: &str, bytes: &[u8]) -> Result<String> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return std::str::from_utf8(rest).map(str::to_string).map_err(|e| {
            Error::table(
                label,
                format!(
                    "starts with a UTF-8 byte-order mark but is not UTF-8 (byte {}): save it as CSV UTF-8",
                    e.valid_up_to() + 4
                ),
            )
        });
    }
    for (bom, big_endian) in [([0xFF, 0xFE], false), ([0xFE, 0xFF], true)] {
        if let Some(rest) = bytes.strip_prefix(&bom) {
            let units: Vec<u16> = rest
                .chunks(2)
                .map(|c| {
                    let pair = [c[0], *c.get(1).unwrap_or(&0)];
                    if big_endian {
                        u16::from_be_bytes(pair)
                    } else {
                        u16::from_le_bytes(pair)
                    }
                })
                .collect();
            return String::from_utf16(&units).map_err(|_| {
                Error::table(
                    label,
                    "starts with a UTF-16 byte-order mark but is not valid UTF-16: save it as CSV UTF-8",
                )
            });
        }
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text.to_string());
    }
    // encoding_rs decodes Windows-1252 as the WHATWG standard does, which
    // maps the five bytes Windows-1252 leaves undefined to C1 controls; a
    // file with one of them is in some other encoding, so it stays an error.
    if let Some(i) = bytes
        .iter()
        .position(|b| matches!(b, 0x81 | 0x8D | 0x8F | 0x90 | 0x9D))
    {
        return Err(Error::table(
            label,
            format!(
                "is neither UTF-8 nor Windows-1252 (byte {} is 0x{:02X}): save it as CSV UTF-8",
                i + 1,
                bytes[i]
            ),
        ));
    }
    Ok(encoding_rs::WINDOWS_1252
        .decode_without_bom_handling(bytes)
        .0
        .into_owned())
}

/// The separator of a header line: the most frequent of `,`, `;` and tab
/// outside quotes (a comma when there is none).
fn detect_separator(header: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in header.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => counts[0] += 1,
            ';' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let seps = [b',', b';', b'\t'];
    let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(0);
    if counts[best] == 0 {
        b','
    } else {
        seps[best]
    }
}

/// The columns a region table is read from.
const REGION_COLUMNS: [&str; 4] = ["gemeentecode", "gemeentenaam", "bevoegd_gezag", "region"];

/// Renames the columns whose trimmed, lower-case name is one of
/// [`REGION_COLUMNS`] (`Gemeentecode `, `REGION`) to that name.
fn normalize_headers(mut df: DataFrame) -> Result<DataFrame> {
    let names: Vec<String> = df
        .get_column_names()
        .iter()
        .map(|c| c.to_string())
        .collect();
    for name in names {
        let norm = name.trim().to_lowercase();
        if norm != name
            && REGION_COLUMNS.contains(&norm.as_str())
            && !df.get_column_names().iter().any(|c| c.as_str() == norm)
        {
            df.rename(&name, norm.into())?;
        }
    }
    Ok(df)
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

/// The rows of a region table: municipality rows (`gemeentecode`, or
/// `gemeentenaam` resolved to codes), and with a `bevoegd_gezag` column
/// also school-board rows (each row fills one of the two).
fn entries(t: &Table, dataset: &Dataset) -> Result<Vec<RegionEntry>> {
    let has_code = t.has("gemeentecode");
    let has_name = !has_code && t.has("gemeentenaam");
    let has_board = t.has("bevoegd_gezag");
    let mut missing = Vec::new();
    if !has_code && !has_name && !has_board {
        missing.push("\"gemeentecode\" (or \"gemeentenaam\" or \"bevoegd_gezag\")");
    }
    if !t.has("region") {
        missing.push("\"region\"");
    }
    if !missing.is_empty() {
        let found: Vec<String> =
            t.df.get_column_names()
                .iter()
                .map(|c| format!("{:?}", c.as_str()))
                .collect();
        let mut reason = format!(
            "missing column {} (found: {})",
            missing.join(" and "),
            tekort_core::error::join_capped(&found, ", ")
        );
        if found.len() == 1 && [";", "\t", ","].iter().any(|s| found[0].contains(s)) {
            reason.push_str(": is the separator one of , ; or tab, the same on every line?");
        }
        return Err(Error::table(&t.name, reason));
    }
    let region = t.text("region")?;
    let n = region.len();
    let codes: Vec<Option<String>> = if has_code {
        t.text_opt("gemeentecode")?
            .into_iter()
            .map(|c| c.map(whole_number_text))
            .collect()
    } else if has_name {
        names_to_codes(t, dataset)?
    } else {
        vec![None; n]
    };
    let boards: Vec<Option<String>> = if has_board {
        t.text_opt("bevoegd_gezag")?
            .into_iter()
            .map(|b| b.map(whole_number_text))
            .collect()
    } else {
        vec![None; n]
    };
    let key = if has_code {
        "gemeentecode"
    } else {
        "gemeentenaam"
    };
    codes
        .into_iter()
        .zip(boards)
        .zip(region)
        .enumerate()
        .map(|(i, ((code, board), region))| {
            let row = table_row(i);
            match (code, board) {
                (Some(code), None) => Ok(RegionEntry::Municipality { code, region }),
                (None, Some(board)) => Ok(RegionEntry::Board { board, region }),
                (Some(code), Some(board)) => Err(Error::table(
                    &t.name,
                    format!(
                        "row {row} gives both {key} {code:?} and bevoegd_gezag {board:?}: give one per row"
                    ),
                )),
                (None, None) if has_board => Err(Error::table(
                    &t.name,
                    format!("row {row} gives neither a {key} nor a bevoegd_gezag"),
                )),
                (None, None) => Err(Error::table(
                    &t.name,
                    format!("column {key:?} is empty in row {row}"),
                )),
            }
        })
        .collect()
}

/// The gemeentecode of every non-empty `gemeentenaam`; names that match
/// no single municipality are all reported at once, with their rows.
fn names_to_codes(t: &Table, dataset: &Dataset) -> Result<Vec<Option<String>>> {
    let names = t.text_opt("gemeentenaam")?;
    let given: Vec<(usize, &str)> = names
        .iter()
        .enumerate()
        .filter_map(|(i, n)| n.as_deref().map(|n| (i, n)))
        .collect();
    let just_names: Vec<&str> = given.iter().map(|(_, n)| *n).collect();
    let found = resolve_municipality_names_at(dataset, &just_names, &|k| {
        format!("row {}", table_row(given[k].0))
    })
    .map_err(|e| match e {
        TekortError::MunicipalityName { name, reason } => TekortError::MunicipalityName {
            name,
            reason: format!("{reason} (in {})", t.name),
        },
        other => other,
    })?;
    let mut codes = vec![None; names.len()];
    for ((i, _), m) in given.iter().zip(found) {
        codes[*i] = Some(dataset.municipalities[m].code.clone());
    }
    Ok(codes)
}

/// A region system from a frame with columns `gemeentecode` (text or
/// integer; or `gemeentenaam`) and `region`, and optionally
/// `bevoegd_gezag` (school-board rows, as in [`read_region_file`]).
pub fn regions_from_frame(
    name: &str,
    frame: &DataFrame,
    dataset: &Dataset,
) -> Result<RegionSystem> {
    let t = Table {
        name: format!("regions frame {name:?}"),
        df: normalize_headers(frame.clone())?,
    };
    Ok(RegionSystem::from_entries(
        name,
        dataset,
        &entries(&t, dataset)?,
    )?)
}

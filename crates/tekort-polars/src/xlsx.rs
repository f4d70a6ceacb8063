//! Writing a result frame as an Excel workbook (`.xlsx`): one sheet
//! `results` with the frame and one sheet `metadata` saying what made it.
//!
//! The `results` sheet is typed: numbers are numbers, strings are strings
//! (so `gemeentecode` `0034` keeps its leading zero), booleans are
//! booleans, nulls are empty cells. The header row is bold and frozen, has
//! an autofilter, and every column is as wide as its widest value (within
//! bounds).
//!
//! Excel's limits are errors ([`Error::ExcelLimit`]), never a silent
//! truncation: more than 1,048,575 data rows (1,048,576 rows with the
//! header), more than 16,384 columns, or a string longer than 32,767
//! characters. Excel has no NaN or infinity: such a number becomes an empty
//! cell, like a null, and the `metadata` sheet counts them in a `note` row.
//! Excel stores every number as a 64-bit float, so integers beyond ±2^53
//! lose precision (no tekort frame has such values).

// Without the `xlsx` feature only the metadata types, the constants and
// the citation remain; the workbook code is left out.
#![cfg_attr(not(feature = "xlsx"), allow(dead_code, unused_imports))]

use std::path::Path;

use polars::prelude::*;
#[cfg(feature = "xlsx")]
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};
use tekort_core::params::Params;

use crate::error::{Error, Result};

/// A workbook built in memory, ready to be saved.
#[cfg(feature = "xlsx")]
pub(crate) type Book = Workbook;

/// No workbook can be built without the `xlsx` feature.
#[cfg(not(feature = "xlsx"))]
pub(crate) enum Book {}

/// The most rows of an Excel sheet, the header row included.
pub const EXCEL_MAX_ROWS: usize = 1_048_576;
/// The most columns of an Excel sheet.
pub const EXCEL_MAX_COLUMNS: usize = 16_384;
/// The longest string an Excel cell holds, in characters.
pub const EXCEL_MAX_STRING: usize = 32_767;

/// The name of the sheet with the frame.
pub const RESULTS_SHEET: &str = "results";
/// The name of the sheet that records what made the frame.
pub const METADATA_SHEET: &str = "metadata";

/// The source line every output carries.
pub const SOURCES: &str = "Bron: DUO / CBS / OCW";

/// What an output records about how it was made. Only `.xlsx` output has a
/// place for it (its `metadata` sheet); CSV and Parquet ignore it.
///
/// ```
/// let meta = tekort_polars::WriteMeta {
///     command: "tekort forecast --regions nl --out nl.xlsx".into(),
///     params: Some(tekort_core::params::Params::default()),
///     ..tekort_polars::WriteMeta::default()
/// };
/// assert!(meta.region_system.is_none()); // taken from the frame
/// ```
#[derive(Debug, Clone)]
pub struct WriteMeta {
    /// What made the frame: the command line (`tekort forecast --out
    /// x.xlsx`) or the function (`tekort.save (Python)`).
    pub command: String,
    /// The region system; `None` takes the distinct values of the frame's
    /// `region_system` column (if it has one).
    pub region_system: Option<String>,
    /// The parameters of the run, recorded as TOML, one line per row;
    /// `None` records that they are not known.
    pub params: Option<Params>,
    /// Further `key, value` rows (seed, draws, …), after the fixed ones.
    pub extra: Vec<(String, String)>,
}

impl Default for WriteMeta {
    /// Metadata of a frame written by [`crate::write_frame`]: no command
    /// line and no parameters known.
    fn default() -> Self {
        WriteMeta {
            command: "tekort_polars::write_frame (Rust)".into(),
            region_system: None,
            params: None,
            extra: Vec::new(),
        }
    }
}

/// The citation of the data README (its "Sources and licence" paragraph),
/// as plain text.
pub fn data_citation() -> String {
    const README: &str = tekort_data::DATA_README;
    const START: &str = "**Sources and licence.**";
    let Some(at) = README.find(START) else {
        return SOURCES.to_string();
    };
    let paragraph = README[at + START.len()..]
        .split("\n\n")
        .next()
        .unwrap_or_default();
    paragraph
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace("**", "")
}

/// The time a workbook is written, in seconds since 1970-01-01T00:00:00Z:
/// `SOURCE_DATE_EPOCH` when set (a whole number of seconds, as the
/// reproducible-builds convention has it), else the system clock. With it
/// set, two writes of one frame are byte-identical.
fn written_at() -> u64 {
    source_date_epoch(std::env::var("SOURCE_DATE_EPOCH").ok().as_deref()).unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0)
    })
}

/// The day an output is made, `YYYY-MM-DD` (UTC): `SOURCE_DATE_EPOCH`'s
/// when set, as a workbook's time, else today's. The date on the regional
/// report.
pub fn written_date() -> String {
    utc_time(written_at())[..10].to_string()
}

/// A warning when `SOURCE_DATE_EPOCH` is set to something other than a
/// whole number of seconds within Excel's dates (1970 to 9999): the value
/// is then ignored and a workbook records the clock's time, so two writes
/// differ, which whoever set it should hear of. `None` when it is unset,
/// empty or usable.
pub fn source_date_epoch_warning() -> Option<String> {
    let value = std::env::var_os("SOURCE_DATE_EPOCH")?;
    if value.is_empty() || source_date_epoch(value.to_str()).is_some() {
        return None;
    }
    Some(format!(
        "SOURCE_DATE_EPOCH={} is not a whole number of seconds since 1970 (before the year 10000): ignored, the workbook records the time of writing and is not reproducible",
        readable_env(&value)
    ))
}

/// An environment value as a message shows it: quoted, at most 40
/// characters.
fn readable_env(value: &std::ffi::OsStr) -> String {
    let text = value.to_string_lossy();
    let mut shown: String = text.chars().take(40).collect();
    if text.chars().count() > 40 {
        shown.push('…');
    }
    format!("{shown:?}")
}

/// The value of `SOURCE_DATE_EPOCH`, if it is a number of seconds within
/// Excel's dates (1970 to 9999); anything else is ignored (the clock is
/// used).
fn source_date_epoch(value: Option<&str>) -> Option<u64> {
    let secs: u64 = value?.trim().parse().ok()?;
    (secs < 253_402_300_800).then_some(secs)
}

/// Seconds since 1970-01-01T00:00:00Z as `YYYY-MM-DDTHH:MM:SSZ`.
fn utc_time(secs: u64) -> String {
    let (days, rest) = ((secs / 86_400) as i64, secs % 86_400);
    // Days since 1970-01-01 to a civil date (proleptic Gregorian calendar).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3_600,
        rest % 3_600 / 60,
        rest % 60
    )
}

#[cfg(feature = "xlsx")]
fn limit(path: &Path, reason: String) -> Error {
    Error::ExcelLimit {
        path: path.to_path_buf(),
        reason,
    }
}

#[cfg(feature = "xlsx")]
fn xlsx_error(path: &Path, e: XlsxError) -> Error {
    Error::Write {
        path: path.to_path_buf(),
        reason: e.to_string(),
    }
}

/// Column widths in characters: the header plus room for the filter
/// button, or the widest value, between these bounds.
#[cfg(feature = "xlsx")]
const MIN_WIDTH: usize = 8;
#[cfg(feature = "xlsx")]
const MAX_WIDTH: usize = 60;

/// How wide Excel shows a number in the General format (about 11
/// significant characters).
#[cfg(feature = "xlsx")]
fn number_width(x: f64) -> usize {
    let s = format!("{x}");
    s.len().min(if x < 0.0 { 12 } else { 11 })
}

/// Writes one column of `frame` into column `col` of `sheet`, from row 1.
/// Returns the widest value in characters and the count of non-finite
/// numbers left empty.
#[cfg(feature = "xlsx")]
fn write_column(
    sheet: &mut Worksheet,
    col: u16,
    column: &Column,
    path: &Path,
) -> Result<(usize, usize)> {
    let series = column.as_materialized_series();
    let name = column.name().as_str();
    let err = |e: XlsxError| xlsx_error(path, e);
    let mut width = 0;
    let mut non_finite = 0;
    match series.dtype() {
        DataType::Null => {}
        DataType::Boolean => {
            for (i, v) in series.bool()?.iter().enumerate() {
                if let Some(b) = v {
                    sheet.write_boolean(i as u32 + 1, col, b).map_err(err)?;
                    width = width.max(if b { 4 } else { 5 });
                }
            }
        }
        DataType::String => {
            for (i, v) in series.str()?.iter().enumerate() {
                if let Some(s) = v {
                    let chars = s.chars().count();
                    if chars > EXCEL_MAX_STRING {
                        return Err(limit(
                            path,
                            format!(
                                "column {name:?} row {} holds a string of {chars} characters, \
                                 over Excel's limit of {EXCEL_MAX_STRING}",
                                i + 1
                            ),
                        ));
                    }
                    sheet.write_string(i as u32 + 1, col, s).map_err(err)?;
                    width = width.max(chars);
                }
            }
        }
        dt if dt.is_primitive_numeric() => {
            let floats = series.cast(&DataType::Float64)?;
            for (i, v) in floats.f64()?.iter().enumerate() {
                match v {
                    Some(x) if x.is_finite() => {
                        sheet.write_number(i as u32 + 1, col, x).map_err(err)?;
                        width = width.max(number_width(x));
                    }
                    Some(_) => non_finite += 1,
                    None => {}
                }
            }
        }
        dt => {
            return Err(limit(
                path,
                format!("column {name:?} has type {dt}, which no spreadsheet cell holds"),
            ))
        }
    }
    Ok((width, non_finite))
}

/// The `results` sheet. Returns the count of non-finite numbers left empty.
#[cfg(feature = "xlsx")]
fn results_sheet(frame: &DataFrame, path: &Path) -> Result<(Worksheet, usize)> {
    let (rows, cols) = frame.shape();
    if rows + 1 > EXCEL_MAX_ROWS {
        return Err(limit(
            path,
            format!(
                "the frame has {rows} rows and a sheet holds at most {} below its header",
                EXCEL_MAX_ROWS - 1
            ),
        ));
    }
    if cols > EXCEL_MAX_COLUMNS {
        return Err(limit(
            path,
            format!("the frame has {cols} columns and a sheet holds at most {EXCEL_MAX_COLUMNS}"),
        ));
    }
    let err = |e: XlsxError| xlsx_error(path, e);
    let mut sheet = Worksheet::new();
    sheet.set_name(RESULTS_SHEET).map_err(err)?;
    let bold = Format::new().set_bold();
    let mut non_finite = 0;
    for (c, column) in frame.columns().iter().enumerate() {
        let c16 = c as u16;
        let name = column.name().as_str();
        let header_chars = name.chars().count();
        if header_chars > EXCEL_MAX_STRING {
            return Err(limit(
                path,
                format!(
                    "a column name has {header_chars} characters, over Excel's limit of {EXCEL_MAX_STRING}"
                ),
            ));
        }
        sheet
            .write_string_with_format(0, c16, name, &bold)
            .map_err(err)?;
        let (width, bad) = write_column(&mut sheet, c16, column, path)?;
        non_finite += bad;
        // A bold header with a filter button needs about three more.
        let width = (header_chars + 3)
            .max(width + 1)
            .clamp(MIN_WIDTH, MAX_WIDTH);
        sheet.set_column_width(c16, width as f64).map_err(err)?;
    }
    sheet.set_freeze_panes(1, 0).map_err(err)?;
    if cols > 0 {
        sheet
            .autofilter(0, 0, rows as u32, (cols - 1) as u16)
            .map_err(err)?;
    }
    Ok((sheet, non_finite))
}

/// The region systems in the frame's `region_system` column, in order of
/// first appearance.
#[cfg(feature = "xlsx")]
fn frame_region_systems(frame: &DataFrame) -> Option<String> {
    let column = frame.column("region_system").ok()?;
    let values = column.as_materialized_series().str().ok()?.clone();
    let mut seen: Vec<&str> = Vec::new();
    for v in values.iter().flatten() {
        if !seen.contains(&v) {
            seen.push(v);
        }
    }
    (!seen.is_empty()).then(|| seen.join(", "))
}

/// The `metadata` sheet: `key, value` rows.
#[cfg(feature = "xlsx")]
fn metadata_sheet(
    frame: &DataFrame,
    meta: &WriteMeta,
    non_finite: usize,
    written: u64,
    path: &Path,
) -> Result<Worksheet> {
    let err = |e: XlsxError| xlsx_error(path, e);
    let mut rows: Vec<(String, String)> = vec![
        ("tekort".into(), env!("CARGO_PKG_VERSION").into()),
        ("command".into(), meta.command.clone()),
        (
            "region_system".into(),
            meta.region_system
                .clone()
                .or_else(|| frame_region_systems(frame))
                .unwrap_or_else(|| "(none)".into()),
        ),
        ("rows".into(), frame.height().to_string()),
        ("columns".into(), frame.width().to_string()),
        ("written".into(), utc_time(written)),
        ("sources".into(), SOURCES.into()),
        ("citation".into(), data_citation()),
    ];
    if non_finite > 0 {
        let (verb, cells) = if non_finite == 1 {
            ("number was", "its cell is")
        } else {
            ("numbers were", "their cells are")
        };
        rows.push((
            "note".into(),
            format!("{non_finite} {verb} NaN or infinite, which Excel cannot hold: {cells} empty"),
        ));
    }
    rows.extend(meta.extra.iter().cloned());
    let mut sheet = Worksheet::new();
    sheet.set_name(METADATA_SHEET).map_err(err)?;
    let bold = Format::new().set_bold();
    sheet
        .write_string_with_format(0, 0, "key", &bold)
        .map_err(err)?;
    sheet
        .write_string_with_format(0, 1, "value", &bold)
        .map_err(err)?;
    let mut r = 1u32;
    for (key, value) in &rows {
        for (c, text) in [(0u16, key), (1u16, value)] {
            if text.chars().count() > EXCEL_MAX_STRING {
                return Err(limit(
                    path,
                    format!("the metadata {key:?} is longer than Excel's limit of {EXCEL_MAX_STRING} characters"),
                ));
            }
            sheet.write_string(r, c, text).map_err(err)?;
        }
        r += 1;
    }
    // The parameters as TOML, one line per row of column B: copied out as
    // they stand, they are a file for `--params`.
    match &meta.params {
        Some(params) => {
            sheet.write_string(r, 0, "parameters (TOML)").map_err(err)?;
            for line in params.to_toml_string().lines() {
                if !line.is_empty() {
                    sheet.write_string(r, 1, line).map_err(err)?;
                }
                r += 1;
            }
        }
        None => {
            sheet.write_string(r, 0, "parameters").map_err(err)?;
            sheet
                .write_string(r, 1, "not recorded (the writer was not given them)")
                .map_err(err)?;
        }
    }
    sheet.set_column_width(0, 20).map_err(err)?;
    sheet.set_column_width(1, 100).map_err(err)?;
    sheet.set_freeze_panes(1, 0).map_err(err)?;
    Ok(sheet)
}

/// Builds the workbook of `frame` in memory: every limit is checked here,
/// before anything touches the disk. Its creation time and the metadata
/// sheet's `written` time are [`written_at`]: `SOURCE_DATE_EPOCH` when set,
/// so the same frame gives the same bytes.
#[cfg(feature = "xlsx")]
pub(crate) fn workbook(frame: &DataFrame, meta: &WriteMeta, path: &Path) -> Result<Workbook> {
    let written = written_at();
    let (results, non_finite) = results_sheet(frame, path)?;
    let metadata = metadata_sheet(frame, meta, non_finite, written, path)?;
    let mut book = Workbook::new();
    let mut properties = DocProperties::new()
        .set_title("tekort results")
        .set_author(format!("tekort {}", env!("CARGO_PKG_VERSION")))
        .set_comment(SOURCES);
    if let Ok(created) = ExcelDateTime::from_timestamp(written as i64) {
        properties = properties.set_creation_datetime(&created);
    }
    book.set_properties(&properties);
    book.push_worksheet(results);
    book.push_worksheet(metadata);
    Ok(book)
}

/// Saves `book` into `w` (the temporary file of an atomic write).
#[cfg(feature = "xlsx")]
pub(crate) fn save(
    book: &mut Workbook,
    w: &mut (impl std::io::Write + Send),
    path: &Path,
) -> Result<()> {
    book.save_to_writer(w).map_err(|e| xlsx_error(path, e))
}

/// Without the `xlsx` feature: the error naming it.
#[cfg(not(feature = "xlsx"))]
pub(crate) fn workbook(_frame: &DataFrame, _meta: &WriteMeta, path: &Path) -> Result<Book> {
    Err(Error::FormatNotBuilt {
        path: path.to_path_buf(),
        format: "Excel",
        feature: "xlsx",
    })
}

/// Without the `xlsx` feature there is no workbook to save.
#[cfg(not(feature = "xlsx"))]
pub(crate) fn save(
    book: &mut Book,
    _w: &mut (impl std::io::Write + Send),
    _path: &Path,
) -> Result<()> {
    match *book {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_times_are_civil_dates() {
        assert_eq!(utc_time(0), "1970-01-01T00:00:00Z");
        assert_eq!(utc_time(951_825_600), "2000-02-29T12:00:00Z");
        assert_eq!(utc_time(1_735_689_599), "2024-12-31T23:59:59Z");
        assert_eq!(utc_time(4_107_542_400), "2100-03-01T00:00:00Z");
    }

    #[test]
    fn source_date_epoch_is_whole_seconds_within_excel_dates() {
        assert_eq!(source_date_epoch(Some("1700000000")), Some(1_700_000_000));
        assert_eq!(source_date_epoch(Some(" 0\n")), Some(0));
        assert_eq!(source_date_epoch(None), None);
        assert_eq!(source_date_epoch(Some("")), None);
        assert_eq!(source_date_epoch(Some("-1")), None);
        assert_eq!(source_date_epoch(Some("1.5")), None);
        assert_eq!(source_date_epoch(Some("253402300800")), None);
    }

    #[test]
    fn the_citation_is_the_readme_paragraph() {
        let c = data_citation();
        assert!(c.starts_with("The figures come from DUO"), "{c}");
        assert!(
            c.contains("\"Bron: CBS / UN WPP / OECD / OCW / DUO\""),
            "{c}"
        );
        assert!(!c.contains("**") && !c.contains('\n'), "{c}");
    }
}

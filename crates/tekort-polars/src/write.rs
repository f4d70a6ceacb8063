//! Writing result frames as CSV, Parquet or Excel (`.xlsx`), atomically: the
//! output appears whole or not at all.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use polars::prelude::*;

use crate::error::{Error, Result};
use crate::xlsx::{self, WriteMeta};

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// Comma-separated values with a header.
    Csv,
    /// Apache Parquet.
    Parquet,
    /// An Excel workbook: a typed `results` sheet and a `metadata` sheet
    /// (see [`crate::WriteMeta`]).
    Xlsx,
}

impl OutputFormat {
    /// The format from the file extension.
    pub fn from_path(path: &Path) -> Result<Self> {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("csv") => Ok(OutputFormat::Csv),
            Some("parquet") => Ok(OutputFormat::Parquet),
            Some("xlsx") => Ok(OutputFormat::Xlsx),
            _ => Err(Error::UnsupportedFormat {
                path: path.to_path_buf(),
            }),
        }
    }
}

fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.tekort-{}.tmp", std::process::id()))
}

/// Checks, before any work is done, that `path` has a known format and
/// that its directory accepts a new file. Leaves nothing behind.
pub fn check_output_path(path: &Path) -> Result<OutputFormat> {
    let format = OutputFormat::from_path(path)?;
    probe_writable(path)?;
    Ok(format)
}

/// That `path` is not a directory and that its directory accepts a new
/// file (a temporary one, removed again).
fn probe_writable(path: &Path) -> Result<()> {
    if path.is_dir() {
        return Err(Error::Write {
            path: path.to_path_buf(),
            reason: "is a directory".into(),
        });
    }
    let tmp = temp_path(path);
    File::create(&tmp).map_err(|e| write_error(path, e))?;
    let _ = std::fs::remove_file(&tmp);
    Ok(())
}

fn write_error(path: &Path, e: std::io::Error) -> Error {
    Error::Write {
        path: path.to_path_buf(),
        reason: e.to_string(),
    }
}

/// Writes `path` atomically: `fill` writes into a temporary file in the
/// same directory, which is renamed over `path` only when complete; on any
/// failure the temporary file is removed, so no partial file is left.
fn write_atomic(path: &Path, fill: impl FnOnce(&mut BufWriter<File>) -> Result<()>) -> Result<()> {
    let tmp = temp_path(path);
    let result = (|| -> Result<()> {
        let file = File::create(&tmp).map_err(|e| write_error(path, e))?;
        let mut w = BufWriter::new(file);
        fill(&mut w)?;
        w.flush().map_err(|e| write_error(path, e))?;
        std::fs::rename(&tmp, path).map_err(|e| write_error(path, e))
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Writes `frame` to `path` in the format its extension names. The data
/// goes to a temporary file in the same directory that is renamed over
/// `path` only when complete, so a failure leaves no partial file. An
/// `.xlsx` file gets the default [`WriteMeta`] (no command line, no
/// parameters); [`write_frame_with`] records them.
pub fn write_frame(frame: &mut DataFrame, path: &Path) -> Result<()> {
    write_frame_with(frame, path, &WriteMeta::default())
}

/// [`write_frame`] recording `meta` (the command, the parameters, …) in
/// the `metadata` sheet of an `.xlsx` file; CSV and Parquet ignore it. An
/// `.xlsx` workbook is built in memory first, so a frame over Excel's
/// limits ([`Error::ExcelLimit`]) fails before any file is touched.
pub fn write_frame_with(frame: &mut DataFrame, path: &Path, meta: &WriteMeta) -> Result<()> {
    let format = OutputFormat::from_path(path)?;
    let mut book = match format {
        OutputFormat::Xlsx => Some(xlsx::workbook(frame, meta, path)?),
        _ => None,
    };
    write_atomic(path, |w| {
        match format {
            OutputFormat::Csv => CsvWriter::new(w).include_header(true).finish(frame)?,
            OutputFormat::Parquet => {
                ParquetWriter::new(w).finish(frame)?;
            }
            OutputFormat::Xlsx => {
                if let Some(book) = book.as_mut() {
                    xlsx::save(book, w, path)?;
                }
            }
        }
        Ok(())
    })
}

/// Writes a text document (the HTML report) to `path` atomically, as
/// [`write_frame`] does: a temporary file in the same directory, renamed
/// over `path` only when complete.
pub fn write_text(text: &str, path: &Path) -> Result<()> {
    write_atomic(path, |w| {
        w.write_all(text.as_bytes())
            .map_err(|e| write_error(path, e))
    })
}

/// Checks, before any work is done, that `path` ends in `.html` (or
/// `.htm`) and that its directory accepts a new file.
pub fn check_html_path(path: &Path) -> Result<()> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if !matches!(ext.as_deref(), Some("html" | "htm")) {
        return Err(Error::Write {
            path: path.to_path_buf(),
            reason: "the report is an HTML page: the file name must end in .html".into(),
        });
    }
    probe_writable(path)
}

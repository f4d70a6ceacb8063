//! Writing result frames as CSV or Parquet, atomically: the output appears
//! whole or not at all.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use polars::prelude::*;

use crate::error::{Error, Result};

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// Comma-separated values with a header.
    Csv,
    /// Apache Parquet.
    Parquet,
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
    if path.is_dir() {
        return Err(Error::Write {
            path: path.to_path_buf(),
            reason: "is a directory".into(),
        });
    }
    let tmp = temp_path(path);
    File::create(&tmp).map_err(|e| Error::Write {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })?;
    let _ = std::fs::remove_file(&tmp);
    Ok(format)
}

/// Writes `frame` to `path` in the format its extension names. The data
/// goes to a temporary file in the same directory that is renamed over
/// `path` only when complete, so a failure leaves no partial file.
pub fn write_frame(frame: &mut DataFrame, path: &Path) -> Result<()> {
    let format = OutputFormat::from_path(path)?;
    let tmp = temp_path(path);
    let result = (|| -> Result<()> {
        let file = File::create(&tmp).map_err(|e| Error::Write {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
        let mut w = BufWriter::new(file);
        match format {
            OutputFormat::Csv => CsvWriter::new(&mut w).include_header(true).finish(frame)?,
            OutputFormat::Parquet => {
                ParquetWriter::new(&mut w).finish(frame)?;
            }
        }
        w.flush().map_err(|e| Error::Write {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
        std::fs::rename(&tmp, path).map_err(|e| Error::Write {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Writes a text document (the HTML report) to `path` atomically, as
/// [`write_frame`] does: a temporary file in the same directory, renamed
/// over `path` only when complete.
pub fn write_text(text: &str, path: &Path) -> Result<()> {
    if path.is_dir() {
        return Err(Error::Write {
            path: path.to_path_buf(),
            reason: "is a directory".into(),
        });
    }
    let tmp = temp_path(path);
    let result = (|| -> Result<()> {
        let write_err = |e: std::io::Error| Error::Write {
            path: path.to_path_buf(),
            reason: e.to_string(),
        };
        let mut file = File::create(&tmp).map_err(write_err)?;
        file.write_all(text.as_bytes()).map_err(write_err)?;
        file.flush().map_err(write_err)?;
        std::fs::rename(&tmp, path).map_err(write_err)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
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
    let tmp = temp_path(path);
    File::create(&tmp).map_err(|e| Error::Write {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })?;
    let _ = std::fs::remove_file(&tmp);
    Ok(())
}

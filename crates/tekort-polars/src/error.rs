//! The one error type of the polars front end.

use std::path::PathBuf;

use thiserror::Error;

use tekort_core::TekortError;

/// Everything that can go wrong while loading data, projecting or writing.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum Error {
    /// A model error (bad parameter, scenario, region, year, data).
    #[error(transparent)]
    Core(#[from] TekortError),
    /// A table that is missing a column, has a wrong type or a bad value.
    #[error("{table}: {reason}")]
    InvalidTable {
        /// The table or file.
        table: String,
        /// What is wrong, naming the column and value.
        reason: String,
    },
    /// A file that cannot be read.
    #[error("cannot read {path}: {reason}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// An output that cannot be written; nothing is left behind.
    #[error("cannot write {path}: {reason}")]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// An output path whose extension is not `.csv`, `.parquet` or `.xlsx`.
    #[error(
        "unsupported output format for {path}: the file name must end in .csv, .parquet or .xlsx"
    )]
    UnsupportedFormat {
        /// The path given.
        path: PathBuf,
    },
    /// An output format this build of tekort-polars leaves out: `.parquet`
    /// without its cargo feature `parquet`, `.xlsx` without `xlsx` (both
    /// are default features).
    #[error(
        "cannot write {path} as {format}: this build of tekort-polars has no {format} writer (its cargo feature `{feature}` is off); write .csv instead"
    )]
    FormatNotBuilt {
        /// The path given.
        path: PathBuf,
        /// The format (`Parquet`, `Excel`).
        format: &'static str,
        /// The cargo feature of tekort-polars that adds it.
        feature: &'static str,
    },
    /// A frame that does not fit an Excel sheet (too many rows or columns,
    /// a string too long, a column type no cell holds); nothing is written.
    #[error("cannot write {path} as Excel: {reason}; write .parquet or .csv instead")]
    ExcelLimit {
        /// The file.
        path: PathBuf,
        /// Which limit, naming the count, column or row.
        reason: String,
    },
    /// An I/O error without a file to name.
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// An error inside polars that is not one of the above.
    #[error("polars: {0}")]
    Polars(#[from] polars::error::PolarsError),
}

/// Result with [`enum@Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The dataset loader's errors as this crate's: the same variants and
/// messages as before the loader moved to tekort-data.
impl From<tekort_data::Error> for Error {
    fn from(e: tekort_data::Error) -> Self {
        match e {
            tekort_data::Error::Core(c) => Error::Core(c),
            tekort_data::Error::InvalidTable { table, reason } => {
                Error::InvalidTable { table, reason }
            }
            tekort_data::Error::Read { path, reason, .. } => Error::Read { path, reason },
            tekort_data::Error::Io(e) => Error::Io(e),
            other => Error::InvalidTable {
                table: "dataset".to_string(),
                reason: other.to_string(),
            },
        }
    }
}

impl Error {
    pub(crate) fn table(table: &str, reason: impl Into<String>) -> Self {
        Error::InvalidTable {
            table: table.to_string(),
            reason: reason.into(),
        }
    }
}

//! The error type of the dataset loader.

use std::path::PathBuf;

use thiserror::Error;

use tekort_core::TekortError;

/// Everything that can go wrong while reading the dataset: a file that
/// cannot be read, a table with a missing column or a bad value, or a
/// dataset the model refuses.
///
/// ```
/// let e = tekort_data::embedded_with_table("po_sector_shortage.csv", b"x\n1\n").unwrap_err();
/// assert!(matches!(e, tekort_data::Error::InvalidTable { .. }));
/// assert!(e.to_string().starts_with("po_sector_shortage.csv: missing column"), "{e}");
/// ```
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum Error {
    /// A model error: the tables parse, but the dataset they make is not
    /// valid (a year out of range, arrays that do not fit together, …).
    #[error(transparent)]
    Core(#[from] TekortError),
    /// A table that is not CSV, misses a column or has a bad value.
    #[error("{table}: {reason}")]
    InvalidTable {
        /// The table or file.
        table: String,
        /// What is wrong, naming the column, row and value.
        reason: String,
    },
    /// A file that cannot be read (missing, a directory, over its size
    /// limit, not text).
    #[error("cannot read {path}: {reason}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why, naming the limit or the offending byte.
        reason: String,
        /// The I/O error underneath, when there is one (e.g. to tell a
        /// missing file by its [`std::io::ErrorKind`]).
        #[source]
        source: Option<std::io::Error>,
    },
    /// An I/O error without a file to name (from `?` on an
    /// [`std::io::Error`] in a caller's code).
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// Result with [`enum@Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An [`Error::InvalidTable`] for `table` with `reason`.
    ///
    /// ```
    /// let e = tekort_data::Error::table("po_staff.csv", "has no rows");
    /// assert_eq!(e.to_string(), "po_staff.csv: has no rows");
    /// ```
    pub fn table(table: &str, reason: impl Into<String>) -> Self {
        Error::InvalidTable {
            table: table.to_string(),
            reason: reason.into(),
        }
    }

    /// Whether this is a file that does not exist.
    pub(crate) fn is_not_found(&self) -> bool {
        matches!(
            self,
            Error::Read { source: Some(e), .. } if e.kind() == std::io::ErrorKind::NotFound
        )
    }
}

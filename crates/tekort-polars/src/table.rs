//! Frames and user CSV files (read by polars) with typed, named-column
//! access: the same checks and messages as the dataset tables of
//! tekort-data, through its `Columns` trait.
//!
//! Messages number rows as a spreadsheet does: the header is row 1, so the
//! first data row is row 2 ([`table_row`]).

use std::io::Cursor;

use polars::prelude::*;
use tekort_data::{Columns, NumberKind};

use crate::error::{Error, Result};

pub(crate) use tekort_data::table_row;

/// A parsed CSV table that knows its name for error messages.
pub(crate) struct Table {
    pub(crate) name: String,
    pub(crate) df: DataFrame,
}

impl Table {
    /// Parses CSV bytes, every column as text: codes keep their leading
    /// zeros, and numbers are read when asked for by the one reader of
    /// number cells ([`Table::numbers_opt_as`]), which refuses Dutch
    /// notation (`66.000` pupils) that inferring the types would read as 66.
    pub(crate) fn from_csv(name: &str, bytes: &[u8]) -> Result<Table> {
        let df = CsvReadOptions::default()
            .with_has_header(true)
            .with_infer_schema_length(Some(0))
            .into_reader_with_file_handle(Cursor::new(bytes))
            .finish()
            .map_err(|e| Error::table(name, format!("not a valid CSV table: {e}")))?;
        Ok(Table {
            name: name.to_string(),
            df,
        })
    }

    pub(crate) fn height(&self) -> usize {
        self.df.height()
    }

    /// The names of the columns as a message lists them: quoted, without
    /// the unnamed columns a spreadsheet leaves after the last one (an
    /// empty header, and the `_duplicated_N` polars names the second and
    /// later of them), capped ([`tekort_core::error::join_capped`]).
    pub(crate) fn shown_columns(&self) -> String {
        tekort_core::error::join_capped(
            self.df
                .get_column_names()
                .iter()
                .map(|c| c.as_str())
                .filter(|c| !c.trim().is_empty() && !c.starts_with("_duplicated_"))
                .map(|c| format!("{c:?}")),
            ", ",
        )
    }

    fn column(&self, col: &str) -> Result<&Column> {
        self.df.column(col).map_err(|_| {
            let found = self.shown_columns();
            Error::table(
                &self.name,
                format!("missing column {col:?} (found: {found})"),
            )
        })
    }

    /// A text column without nulls.
    pub(crate) fn text(&self, col: &str) -> Result<Vec<String>> {
        let c = self
            .column(col)?
            .cast(&DataType::String)
            .map_err(|e| Error::table(&self.name, format!("column {col:?}: {e}")))?;
        let ca = c.str().expect("cast to string");
        ca.iter()
            .enumerate()
            .map(|(i, v)| {
                v.map(|s| s.to_string()).ok_or_else(|| {
                    Error::table(
                        &self.name,
                        format!("column {col:?} is empty in row {}", table_row(i)),
                    )
                })
            })
            .collect()
    }

    /// Whether the table has a column `col`.
    pub(crate) fn has(&self, col: &str) -> bool {
        self.df.column(col).is_ok()
    }

    /// A text column, empty cells (nulls or blanks) as `None`.
    pub(crate) fn text_opt(&self, col: &str) -> Result<Vec<Option<String>>> {
        let c = self
            .column(col)?
            .cast(&DataType::String)
            .map_err(|e| Error::table(&self.name, format!("column {col:?}: {e}")))?;
        let ca = c.str().expect("cast to string");
        Ok(ca
            .iter()
            .map(|v| v.map(str::trim).filter(|s| !s.is_empty()).map(String::from))
            .collect())
    }

    /// A numeric column of `kind`, nulls kept as `None`: a text column
    /// is read cell by cell by [`tekort_data::number_cell`] (the reader of
    /// every table: `66.000` in a column of counts, `1.234,5` anywhere is
    /// an error naming the cell), any other cast to numbers.
    pub(crate) fn numbers_opt_as(&self, col: &str, kind: NumberKind) -> Result<Vec<Option<f64>>> {
        let original = self.column(col)?;
        if original.dtype() == &DataType::String {
            let ca = original.str().expect("a text column");
            return ca
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    v.map(|s| {
                        tekort_data::number_cell(s, kind)
                            .map_err(|e| tekort_data::cell_error(&self.name, col, i, &e).into())
                    })
                    .transpose()
                })
                .collect();
        }
        let c = original
            .cast(&DataType::Float64)
            .map_err(|e| Error::table(&self.name, format!("column {col:?} is not numeric: {e}")))?;
        if c.null_count() != original.null_count() {
            // The first value that did not become a number, with its row.
            let cast = c.as_materialized_series();
            let first = (0..c.len()).find(|&i| {
                cast.get(i).is_ok_and(|v| v.is_null())
                    && original.get(i).is_ok_and(|v| !v.is_null())
            });
            return Err(match first {
                Some(i) => {
                    let value = original.get(i).map(|v| v.to_string()).unwrap_or_default();
                    tekort_data::cell_error(
                        &self.name,
                        col,
                        i,
                        &(value, tekort_data::CellError::NotANumber),
                    )
                    .into()
                }
                None => Error::table(
                    &self.name,
                    format!("column {col:?} has values that are not numbers"),
                ),
            });
        }
        Ok(c.f64().expect("cast to f64").iter().collect())
    }

    /// A numeric column, nulls kept as `None`.
    pub(crate) fn numbers_opt(&self, col: &str) -> Result<Vec<Option<f64>>> {
        self.numbers_opt_as(col, NumberKind::Value)
    }

    /// A column of counts without nulls (`Columns::counts`: `66.000` is
    /// refused as Dutch thousands).
    pub(crate) fn counts(&self, col: &str) -> Result<Vec<f64>> {
        Ok(Columns::counts(self, col)?)
    }

    /// A whole-number column (years, ages).
    pub(crate) fn integers(&self, col: &str) -> Result<Vec<i32>> {
        Ok(Columns::integers(self, col)?)
    }
}

/// This crate's errors as tekort-data's, for the parsers there that read
/// frames too (`births_paths`); every error of a [`Table`] is a table error.
fn to_data(e: Error) -> tekort_data::Error {
    match e {
        Error::InvalidTable { table, reason } => tekort_data::Error::InvalidTable { table, reason },
        Error::Core(c) => tekort_data::Error::Core(c),
        other => tekort_data::Error::InvalidTable {
            table: String::new(),
            reason: other.to_string(),
        },
    }
}

impl Columns for Table {
    fn name(&self) -> &str {
        &self.name
    }

    fn height(&self) -> usize {
        self.df.height()
    }

    fn has(&self, col: &str) -> bool {
        Table::has(self, col)
    }

    fn text(&self, col: &str) -> tekort_data::Result<Vec<String>> {
        Table::text(self, col).map_err(to_data)
    }

    fn text_opt(&self, col: &str) -> tekort_data::Result<Vec<Option<String>>> {
        Table::text_opt(self, col).map_err(to_data)
    }

    fn numbers_opt_as(&self, col: &str, kind: NumberKind) -> tekort_data::Result<Vec<Option<f64>>> {
        Table::numbers_opt_as(self, col, kind).map_err(to_data)
    }
}

//! Reading small CSV tables with typed, named-column access.
//!
//! The reader is small and strict: a header row, then one record per
//! line; cells separated by `,`; a cell may be quoted (`"a, b"`, a quote
//! inside written twice: `"say ""hi"""`) and a quoted cell may span lines;
//! LF or CRLF line ends; a UTF-8 byte-order mark is dropped; an empty cell
//! (also `""`) is missing, and a blank line is a row of missing cells.
//! Every other record must have as many cells as the header. Numbers are read with Rust's `f64`
//! parser after trimming spaces (`12`, `-0.5`, `1e3`, `+4`).
//!
//! Messages number rows as a spreadsheet does: the header is row 1, so the
//! first data row is row 2 ([`table_row`]).

use crate::error::{Error, Result};

/// The row number, as a spreadsheet shows it, of the `index`-th (from 0)
/// data row of a table with one header line: the header is row 1, so the
/// first data row is row 2. Every message about a row of a dataset table,
/// region file or frame counts this way.
///
/// ```
/// assert_eq!(tekort_data::table_row(0), 2);
/// ```
pub fn table_row(index: usize) -> usize {
    index + 2
}

/// Typed access to the named columns of a table, for the parsers that
/// read both CSV tables ([`Table`]) and other sources (tekort-polars
/// implements it for its frames). The provided methods give every source
/// the same checks and messages.
#[doc(hidden)]
pub trait Columns {
    /// The table's name in messages (a file name or `births frame "x"`).
    fn name(&self) -> &str;

    /// The number of data rows.
    fn height(&self) -> usize;

    /// Whether the table has a column `col`.
    fn has(&self, col: &str) -> bool;

    /// A text column without missing cells.
    fn text(&self, col: &str) -> Result<Vec<String>>;

    /// A text column, trimmed; empty or blank cells as `None`.
    fn text_opt(&self, col: &str) -> Result<Vec<Option<String>>>;

    /// A numeric column, missing cells as `None`; a cell that is not a
    /// number is an error naming its row and value.
    fn numbers_opt(&self, col: &str) -> Result<Vec<Option<f64>>>;

    /// A numeric column without missing cells; NaN and infinities are
    /// rejected.
    fn numbers(&self, col: &str) -> Result<Vec<f64>> {
        self.numbers_opt(col)?
            .into_iter()
            .enumerate()
            .map(|(i, v)| match v {
                Some(x) if x.is_finite() => Ok(x),
                Some(x) => Err(Error::table(
                    self.name(),
                    format!(
                        "column {col:?} row {} is {x}, not a finite number",
                        table_row(i)
                    ),
                )),
                None => Err(Error::table(
                    self.name(),
                    format!("column {col:?} is empty in row {}", table_row(i)),
                )),
            })
            .collect()
    }

    /// A whole-number column (years, ages).
    fn integers(&self, col: &str) -> Result<Vec<i32>> {
        self.numbers(col)?
            .into_iter()
            .enumerate()
            .map(|(i, x)| {
                if x.fract() == 0.0 && x.abs() < 1e9 {
                    Ok(x as i32)
                } else {
                    Err(Error::table(
                        self.name(),
                        format!(
                            "column {col:?} row {} is {x}, not a whole number",
                            table_row(i)
                        ),
                    ))
                }
            })
            .collect()
    }
}

/// A parsed CSV table that knows its name for error messages: every cell
/// is kept as its text (`None` when empty) and typed when a column is
/// asked for.
///
/// ```
/// use tekort_data::{Columns, Table};
/// let t = Table::from_csv("t.csv", b"\xef\xbb\xbfyear,name\r\n2030,\"Bergen (NH.)\"\r\n2031,\n")?;
/// assert_eq!(t.height(), 2);
/// assert_eq!(t.integers("year")?, [2030, 2031]);
/// assert_eq!(t.text_opt("name")?, [Some("Bergen (NH.)".to_string()), None]);
/// let e = t.text("name").unwrap_err().to_string();
/// assert_eq!(e, "t.csv: column \"name\" is empty in row 3");
/// # Ok::<(), tekort_data::Error>(())
/// ```
#[doc(hidden)]
#[derive(Debug, Clone)]
pub struct Table {
    name: String,
    header: Vec<String>,
    /// Column-major cells; `None` is an empty cell.
    columns: Vec<Vec<Option<String>>>,
    height: usize,
}

impl Table {
    /// Parses CSV bytes (see the module docs for what is read); a table
    /// that is not UTF-8, has no header, repeats a column name, leaves a
    /// quote open or has a record of another length than the header is an
    /// error naming `name` and the row.
    pub fn from_csv(name: &str, bytes: &[u8]) -> Result<Table> {
        let invalid =
            |reason: String| Error::table(name, format!("not a valid CSV table: {reason}"));
        let text = std::str::from_utf8(bytes).map_err(|e| {
            invalid(format!(
                "byte {} is not UTF-8 (save it as UTF-8)",
                e.valid_up_to() + 1
            ))
        })?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut records = Records { text, pos: 0 };
        let header: Vec<String> = match records.next_record().map_err(invalid)? {
            Some(cells) if cells.is_empty() => {
                return Err(invalid("the first line, the header, is blank".into()))
            }
            Some(cells) => cells.into_iter().map(Option::unwrap_or_default).collect(),
            None => return Err(invalid("it is empty (no header row)".into())),
        };
        for (i, h) in header.iter().enumerate() {
            if header[..i].contains(h) {
                return Err(invalid(format!("column {h:?} occurs twice in the header")));
            }
        }
        let mut columns: Vec<Vec<Option<String>>> = vec![Vec::new(); header.len()];
        let mut height = 0;
        while let Some(cells) = records
            .next_record()
            .map_err(|e| invalid(format!("{e} (in or after row {})", table_row(height))))?
        {
            // A blank line is a row of missing cells, as polars reads it
            // (so rows keep the numbers of the file's lines).
            let cells = if cells.is_empty() {
                vec![None; header.len()]
            } else {
                cells
            };
            if cells.len() != header.len() {
                return Err(invalid(format!(
                    "row {} has {} cells, the header {} (a ragged row or another separator than ',')",
                    table_row(height),
                    cells.len(),
                    header.len()
                )));
            }
            for (column, cell) in columns.iter_mut().zip(cells) {
                column.push(cell);
            }
            height += 1;
        }
        Ok(Table {
            name: name.to_string(),
            header,
            columns,
            height,
        })
    }

    /// The column names, in file order.
    pub fn column_names(&self) -> impl Iterator<Item = &str> {
        self.header.iter().map(String::as_str)
    }

    /// The cells of a column as read (not trimmed), empty cells as `None`;
    /// a missing column is an error listing the columns there are.
    pub fn cells(&self, col: &str) -> Result<&[Option<String>]> {
        match self.header.iter().position(|h| h == col) {
            Some(i) => Ok(&self.columns[i]),
            None => {
                let found = tekort_core::error::join_capped(self.column_names(), ", ");
                Err(Error::table(
                    &self.name,
                    format!("missing column {col:?} (found: {found})"),
                ))
            }
        }
    }
}

impl Columns for Table {
    fn name(&self) -> &str {
        &self.name
    }

    fn height(&self) -> usize {
        self.height
    }

    fn has(&self, col: &str) -> bool {
        self.header.iter().any(|h| h == col)
    }

    fn text(&self, col: &str) -> Result<Vec<String>> {
        self.cells(col)?
            .iter()
            .enumerate()
            .map(|(i, v)| {
                v.clone().ok_or_else(|| {
                    Error::table(
                        &self.name,
                        format!("column {col:?} is empty in row {}", table_row(i)),
                    )
                })
            })
            .collect()
    }

    fn text_opt(&self, col: &str) -> Result<Vec<Option<String>>> {
        Ok(self
            .cells(col)?
            .iter()
            .map(|v| {
                v.as_deref()
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(String::from)
            })
            .collect())
    }

    fn numbers_opt(&self, col: &str) -> Result<Vec<Option<f64>>> {
        self.cells(col)?
            .iter()
            .enumerate()
            .map(|(i, v)| match v {
                None => Ok(None),
                Some(s) => s.trim().parse::<f64>().map(Some).map_err(|_| {
                    Error::table(
                        &self.name,
                        format!(
                            "column {col:?}, row {}: {:?} is not a number",
                            table_row(i),
                            shorten(s)
                        ),
                    )
                }),
            })
            .collect()
    }
}

/// The records of a CSV text, one at a time.
struct Records<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Records<'a> {
    /// The next record's cells (`None` for an empty cell; no cells for a
    /// blank line); `None` at the end of the text.
    fn next_record(&mut self) -> std::result::Result<Option<Vec<Option<String>>>, String> {
        let text: &'a str = self.text;
        let b = text.as_bytes();
        if self.pos >= b.len() {
            return Ok(None);
        }
        // A blank line: a record without cells (every cell missing).
        if b[self.pos] == b'\n' {
            self.pos += 1;
            return Ok(Some(Vec::new()));
        }
        if b[self.pos..].starts_with(b"\r\n") || &b[self.pos..] == b"\r" {
            self.pos = (self.pos + 2).min(b.len());
            return Ok(Some(Vec::new()));
        }
        let mut cells = Vec::new();
        loop {
            if b.get(self.pos) == Some(&b'"') {
                let inside = self.quoted()?;
                cells.push((!inside.is_empty()).then(|| inside.replace("\"\"", "\"")));
            } else {
                let start = self.pos;
                while self.pos < b.len() && b[self.pos] != b',' && b[self.pos] != b'\n' {
                    self.pos += 1;
                }
                let mut end = self.pos;
                // CR of a CRLF line end (or of the text's last line).
                if end > start
                    && b[end - 1] == b'\r'
                    && (self.pos == b.len() || b[self.pos] == b'\n')
                {
                    end -= 1;
                }
                let cell = &text[start..end];
                cells.push((!cell.is_empty()).then(|| cell.to_string()));
            }
            match b.get(self.pos) {
                None => return Ok(Some(cells)),
                Some(b',') => self.pos += 1,
                Some(b'\n') => {
                    self.pos += 1;
                    return Ok(Some(cells));
                }
                Some(b'\r') if matches!(b.get(self.pos + 1), None | Some(b'\n')) => {
                    self.pos = (self.pos + 2).min(b.len());
                    return Ok(Some(cells));
                }
                Some(_) => {
                    return Err(
                        "text after the closing quote of a quoted cell (write a quote inside one as \"\")"
                            .into(),
                    )
                }
            }
        }
    }

    /// The inside of a quoted cell starting at `self.pos` (its `""` still
    /// doubled); `self.pos` ends after the closing quote.
    fn quoted(&mut self) -> std::result::Result<&'a str, String> {
        let text: &'a str = self.text;
        let b = text.as_bytes();
        let start = self.pos + 1;
        let mut i = start;
        loop {
            match b[i..].iter().position(|&c| c == b'"') {
                None => return Err("a quoted cell is not closed".into()),
                Some(q) if b.get(i + q + 1) == Some(&b'"') => i += q + 2,
                Some(q) => {
                    self.pos = i + q + 1;
                    return Ok(&text[start..i + q]);
                }
            }
        }
    }
}

/// A cell's text for a message: at most 60 characters (a cell of a
/// megabyte is not printed whole).
pub(crate) fn shorten(value: &str) -> String {
    const MAX: usize = 60;
    match value.char_indices().nth(MAX) {
        Some((end, _)) => format!("{}…", &value[..end]),
        None => value.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(bytes: &[u8]) -> String {
        Table::from_csv("t.csv", bytes).unwrap_err().to_string()
    }

    #[test]
    fn quotes_line_ends_and_missing_cells() {
        let t = Table::from_csv(
            "t.csv",
            b"a,b,c\r\n\"x, \"\"y\"\"\",\"two\nlines\",\n1,,\"\"\r\n",
        )
        .unwrap();
        assert_eq!(t.height(), 2);
        assert_eq!(t.text("a").unwrap(), ["x, \"y\"", "1"]);
        assert_eq!(
            t.cells("b").unwrap(),
            [Some("two\nlines".to_string()), None]
        );
        assert_eq!(t.cells("c").unwrap(), [None, None]);
        // A blank line is a row of missing cells, named by its row.
        let t = Table::from_csv("t.csv", b"a,b\n1,2\n\r\n3,4\n\n").unwrap();
        assert_eq!(t.height(), 4);
        assert_eq!(
            t.numbers_opt("b").unwrap(),
            [Some(2.0), None, Some(4.0), None]
        );
        assert_eq!(
            t.numbers("a").unwrap_err().to_string(),
            "t.csv: column \"a\" is empty in row 3"
        );
        // No line end after the last record, a trailing CR.
        let t = Table::from_csv("t.csv", b"a,b\n1,2\r").unwrap();
        assert_eq!(t.numbers("b").unwrap(), [2.0]);
        let t = Table::from_csv("t.csv", b"a\n\" 7 \"").unwrap();
        assert_eq!(t.numbers("a").unwrap(), [7.0]);
    }

    #[test]
    fn numbers_as_rust_reads_them_and_bad_cells_named() {
        let t = Table::from_csv("t.csv", b"x\n1e3\n+4\n -0.5 \n.5\n").unwrap();
        assert_eq!(t.numbers("x").unwrap(), [1000.0, 4.0, -0.5, 0.5]);
        let t = Table::from_csv("t.csv", b"x\n1\ntwee\n").unwrap();
        assert_eq!(
            t.numbers("x").unwrap_err().to_string(),
            "t.csv: column \"x\", row 3: \"twee\" is not a number"
        );
        let t = Table::from_csv("t.csv", b"x\ninf\n").unwrap();
        assert!(t
            .numbers("x")
            .unwrap_err()
            .to_string()
            .contains("not a finite number"));
        let t = Table::from_csv("t.csv", b"x\n2030.5\n").unwrap();
        assert!(t
            .integers("x")
            .unwrap_err()
            .to_string()
            .contains("not a whole number"));
        let long = format!("x\n{}\n", "9z".repeat(100));
        let t = Table::from_csv("t.csv", long.as_bytes()).unwrap();
        let e = t.numbers("x").unwrap_err().to_string();
        assert!(e.contains("…\" is not a number") && e.len() < 120, "{e}");
        let e = t.numbers("y").unwrap_err().to_string();
        assert_eq!(e, "t.csv: missing column \"y\" (found: x)");
    }

    #[test]
    fn broken_tables_are_errors_naming_the_row() {
        assert!(err(b"").contains("empty (no header row)"));
        assert!(err(b"\n\r\n").contains("the header, is blank"));
        assert!(err(b"a,a\n1,2\n").contains("column \"a\" occurs twice"));
        let e = err(b"a,b\n1,2\n3\n");
        assert!(e.contains("row 3 has 1 cells, the header 2"), "{e}");
        assert!(err(b"a,b\n1,2,3\n").contains("row 2 has 3 cells"));
        assert!(err(b"a\n\"open\n").contains("a quoted cell is not closed"));
        assert!(err(b"a\n\"x\"y\n").contains("text after the closing quote"));
        let e = err(b"a\ncaf\xe9\n");
        assert!(e.contains("byte 6 is not UTF-8"), "{e}");
    }
}

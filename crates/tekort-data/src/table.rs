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

use std::sync::OnceLock;

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

    /// A numeric column of `kind`, missing cells as `None`; a cell that
    /// is not a number (read by [`number_cell`]) is an error naming its
    /// row and value.
    fn numbers_opt_as(&self, col: &str, kind: NumberKind) -> Result<Vec<Option<f64>>>;

    /// A numeric column ([`NumberKind::Value`]), missing cells as `None`.
    fn numbers_opt(&self, col: &str) -> Result<Vec<Option<f64>>> {
        self.numbers_opt_as(col, NumberKind::Value)
    }

    /// A numeric column without missing cells; NaN and infinities are
    /// rejected.
    fn numbers(&self, col: &str) -> Result<Vec<f64>> {
        self.numbers_as(col, NumberKind::Value)
    }

    /// A column of counts (pupils, births): as [`Columns::numbers`], and a
    /// cell in Dutch thousands (`66.000`) is refused too.
    fn counts(&self, col: &str) -> Result<Vec<f64>> {
        self.numbers_as(col, NumberKind::Count)
    }

    /// A numeric column of `kind` without missing cells; NaN and
    /// infinities are rejected.
    fn numbers_as(&self, col: &str, kind: NumberKind) -> Result<Vec<f64>> {
        let values = self.numbers_opt_as(col, kind)?;
        let mut out = Vec::with_capacity(values.len());
        for (i, v) in values.into_iter().enumerate() {
            out.push(match v {
                Some(x) if x.is_finite() => x,
                Some(x) => {
                    return Err(Error::table(
                        self.name(),
                        format!(
                            "column {col:?} row {} is {x}, not a finite number",
                            table_row(i)
                        ),
                    ))
                }
                None => {
                    return Err(Error::table(
                        self.name(),
                        format!("column {col:?} is empty in row {}", table_row(i)),
                    ))
                }
            });
        }
        Ok(out)
    }

    /// A whole-number column (years, ages).
    fn integers(&self, col: &str) -> Result<Vec<i32>> {
        let values = self.numbers(col)?;
        let mut out = Vec::with_capacity(values.len());
        for (i, x) in values.into_iter().enumerate() {
            if x.fract() == 0.0 && x.abs() < 1e9 {
                out.push(x as i32);
            } else {
                return Err(Error::table(
                    self.name(),
                    format!(
                        "column {col:?} row {} is {x}, not a whole number",
                        table_row(i)
                    ),
                ));
            }
        }
        Ok(out)
    }
}

/// A parsed CSV table that knows its name for error messages: the text of
/// every cell is kept (one buffer for the whole table, a cell is a span of
/// it; an empty span is a missing cell) and typed when a column is asked
/// for.
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
    /// The text after the byte-order mark, then the unescaped text of the
    /// quoted cells with a doubled quote (`""`).
    text: String,
    /// Row-major (start, end) of every cell in `text`; start == end is a
    /// missing cell.
    spans: Vec<(usize, usize)>,
    height: usize,
    /// [`Table::cells`] of each column as owned strings, made when asked.
    owned: Vec<OnceLock<Vec<Option<String>>>>,
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
        let mut records = Records {
            text,
            pos: 0,
            owned: String::with_capacity(text.len()),
        };
        records.owned.push_str(text);
        let mut spans: Vec<(usize, usize)> = Vec::new();
        let header: Vec<String> = match records.next_record(&mut spans).map_err(invalid)? {
            None => return Err(invalid("it is empty (no header row)".into())),
            Some(0) => return Err(invalid("the first line, the header, is blank".into())),
            Some(_) => spans
                .drain(..)
                .map(|(s, e)| records.owned[s..e].to_string())
                .collect(),
        };
        for (i, h) in header.iter().enumerate() {
            if header[..i].contains(h) {
                return Err(invalid(format!("column {h:?} occurs twice in the header")));
            }
        }
        let width = header.len();
        // About one line per record: a guess of the number of cells.
        let lines = text.bytes().filter(|&b| b == b'\n').count();
        spans.reserve(lines.saturating_mul(width).min(text.len() + width));
        let mut height = 0;
        while let Some(cells) = records
            .next_record(&mut spans)
            .map_err(|e| invalid(format!("{e} (in or after row {})", table_row(height))))?
        {
            if cells == 0 {
                // A blank line is a row of missing cells, as polars reads
                // it (so rows keep the numbers of the file's lines).
                spans.resize(spans.len() + width, (0, 0));
            } else if cells != width {
                return Err(invalid(format!(
                    "row {} has {} cells, the header {} (a ragged row or another separator than ',')",
                    table_row(height),
                    cells,
                    width
                )));
            }
            height += 1;
        }
        Ok(Table {
            name: name.to_string(),
            header,
            text: records.owned,
            spans,
            height,
            owned: (0..width).map(|_| OnceLock::new()).collect(),
        })
    }

    /// The column names, in file order.
    pub fn column_names(&self) -> impl Iterator<Item = &str> {
        self.header.iter().map(String::as_str)
    }

    /// The position of column `col`; a missing column is an error listing
    /// the columns there are.
    fn column(&self, col: &str) -> Result<usize> {
        match self.header.iter().position(|h| h == col) {
            Some(i) => Ok(i),
            None => {
                let found = tekort_core::error::join_capped(self.column_names(), ", ");
                Err(Error::table(
                    &self.name,
                    format!("missing column {col:?} (found: {found})"),
                ))
            }
        }
    }

    /// The cells of column number `c` as read, empty cells as `None`.
    fn column_cells(&self, c: usize) -> impl Iterator<Item = Option<&str>> + '_ {
        self.spans.chunks_exact(self.header.len()).map(move |row| {
            let (s, e) = row[c];
            (s < e).then(|| &self.text[s..e])
        })
    }

    /// The cells of a column as read (not trimmed), empty cells as `None`,
    /// without copying them; a missing column is an error listing the
    /// columns there are.
    pub fn cells_str(&self, col: &str) -> Result<Vec<Option<&str>>> {
        Ok(self.column_cells(self.column(col)?).collect())
    }

    /// [`Columns::text`] without copying the cells: a text column without
    /// missing cells.
    pub fn text_str(&self, col: &str) -> Result<Vec<&str>> {
        let mut out = Vec::with_capacity(self.height);
        for (i, v) in self.column_cells(self.column(col)?).enumerate() {
            out.push(v.ok_or_else(|| {
                Error::table(
                    &self.name,
                    format!("column {col:?} is empty in row {}", table_row(i)),
                )
            })?);
        }
        Ok(out)
    }

    /// The cells of a column as read (not trimmed), empty cells as `None`;
    /// a missing column is an error listing the columns there are.
    pub fn cells(&self, col: &str) -> Result<&[Option<String>]> {
        let c = self.column(col)?;
        Ok(self.owned[c].get_or_init(|| {
            self.column_cells(c)
                .map(|v| v.map(str::to_string))
                .collect()
        }))
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
        Ok(self
            .text_str(col)?
            .into_iter()
            .map(str::to_string)
            .collect())
    }

    fn text_opt(&self, col: &str) -> Result<Vec<Option<String>>> {
        Ok(self
            .column_cells(self.column(col)?)
            .map(|v| v.map(str::trim).filter(|s| !s.is_empty()).map(String::from))
            .collect())
    }

    fn numbers_opt_as(&self, col: &str, kind: NumberKind) -> Result<Vec<Option<f64>>> {
        let mut out = Vec::with_capacity(self.height);
        for (i, v) in self.column_cells(self.column(col)?).enumerate() {
            out.push(match v {
                None => None,
                Some(s) => {
                    Some(number_cell(s, kind).map_err(|e| cell_error(&self.name, col, i, &e))?)
                }
            });
        }
        Ok(out)
    }
}

/// What a numeric column holds, for how its text is read
/// ([`number_cell`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberKind {
    /// Any number: `12`, `-0.5`, `1e3`, `12.500` (twelve and a half).
    Value,
    /// A count of pupils, births or fte: a cell with thousands groups
    /// after a point (`66.000`, `1.234.567`) is Dutch thousands and refused,
    /// not read as 66.
    Count,
}

/// Why a cell's text is not a number ([`number_cell`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CellError {
    /// Not a number at all.
    NotANumber,
    /// Written the Dutch way (thousands points, a decimal comma); the
    /// number meant, as it should be written.
    Dutch(String),
}

/// The error of a cell (the `index`-th data row of column `col` of table
/// `table`) that [`number_cell`] refused.
pub fn cell_error(table: &str, col: &str, index: usize, cell: &(String, CellError)) -> Error {
    let (text, why) = cell;
    let row = table_row(index);
    let text = shorten(text);
    match why {
        CellError::NotANumber => Error::table(
            table,
            format!("column {col:?}, row {row}: {text:?} is not a number"),
        ),
        CellError::Dutch(meant) => {
            let spaced = spaced_thousands(meant);
            Error::table(
                table,
                format!(
                    "column {col:?}, row {row}: {text:?} looks like a Dutch-formatted number \
                     ({spaced}?); write {meant} (a point before decimals, no thousands separator)"
                ),
            )
        }
    }
}

/// The text of a number cell as a number: the one reader of every table's
/// numbers (dataset files, the user's CSV files, text columns of frames).
/// Rust's `f64` parser after trimming spaces (`12`, `-0.5`, `1e3`, `+4`);
/// text written the Dutch way is refused with the number meant
/// ([`CellError::Dutch`]): a decimal comma (`12,5`, `1.234,5`), several
/// thousands points (`1.234.567`) and, in a column of counts
/// ([`NumberKind::Count`]), one (`66.000`).
///
/// ```
/// use tekort_data::{number_cell, CellError, NumberKind};
/// assert_eq!(number_cell("66.000", NumberKind::Value), Ok(66.0));
/// assert_eq!(
///     number_cell("66.000", NumberKind::Count),
///     Err(("66.000".to_string(), CellError::Dutch("66000".into())))
/// );
/// assert_eq!(
///     number_cell("1.234,5", NumberKind::Value).unwrap_err().1,
///     CellError::Dutch("1234.5".into())
/// );
/// ```
pub fn number_cell(s: &str, kind: NumberKind) -> std::result::Result<f64, (String, CellError)> {
    let dutch = dutch_number(s.trim());
    if kind == NumberKind::Count {
        if let Some(meant) = dutch {
            return Err((s.to_string(), CellError::Dutch(meant)));
        }
    }
    number(s).ok_or_else(|| {
        let why = match dutch {
            Some(meant) => CellError::Dutch(meant),
            None => CellError::NotANumber,
        };
        (s.to_string(), why)
    })
}

/// The number meant by a text in Dutch notation, written plainly: an
/// optional sign, digits in groups of three after points (`1.234`,
/// `66.000`) and/or a decimal comma (`12,5`, `1.234,56`); `None` for
/// anything else (a plain number included).
fn dutch_number(s: &str) -> Option<String> {
    let (sign, rest) = match s.as_bytes().first() {
        Some(b'-') => ("-", &s[1..]),
        Some(b'+') => ("", &s[1..]),
        _ => ("", s),
    };
    let (int, frac) = match rest.split_once(',') {
        Some((i, f)) => (i, Some(f)),
        None => (rest, None),
    };
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    if let Some(f) = frac {
        if !digits(f) {
            return None;
        }
    }
    let mut groups = int.split('.');
    let head = groups.next()?;
    let tail: Vec<&str> = groups.collect();
    let grouped = !tail.is_empty();
    if !digits(head)
        || (grouped && (head.len() > 3 || head.starts_with('0')))
        || tail.iter().any(|g| g.len() != 3 || !digits(g))
        || (!grouped && frac.is_none())
    {
        return None;
    }
    let mut meant = format!("{sign}{head}{}", tail.concat());
    if let Some(f) = frac {
        meant.push('.');
        meant.push_str(f);
    }
    Some(meant)
}

/// A plain number with its whole part in groups of three separated by
/// spaces (`66000` as `66 000`), for a message.
fn spaced_thousands(plain: &str) -> String {
    let (int, frac) = plain
        .split_once('.')
        .map_or((plain, None), |(i, f)| (i, Some(f)));
    let (sign, digits) = int.strip_prefix('-').map_or(("", int), |d| ("-", d));
    let mut out = String::from(sign);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(' ');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// A cell read as a number: Rust's `f64` parser after trimming spaces;
/// a plain whole number of up to 15 digits (most cells) is read directly,
/// to the same value.
fn number(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let (negative, digits) = match b.first() {
        Some(b'-') => (true, &b[1..]),
        Some(b'+') => (false, &b[1..]),
        _ => (false, b),
    };
    if !digits.is_empty() && digits.len() <= 15 && digits.iter().all(u8::is_ascii_digit) {
        // Below 10^15 < 2^53: exact in an f64, as the parser reads it.
        let v = digits
            .iter()
            .fold(0u64, |v, d| v * 10 + u64::from(d - b'0')) as f64;
        return Some(if negative { -v } else { v });
    }
    s.trim().parse().ok()
}

/// The records of a CSV text, one at a time.
struct Records<'a> {
    text: &'a str,
    pos: usize,
    /// `text`, then the unescaped quoted cells that had a doubled quote.
    owned: String,
}

impl<'a> Records<'a> {
    /// Reads the next record, pushing the (start, end) of each cell in
    /// `owned` onto `spans` (start == end for an empty cell); returns the
    /// number of cells (0 for a blank line), or `None` at the end of the
    /// text.
    fn next_record(
        &mut self,
        spans: &mut Vec<(usize, usize)>,
    ) -> std::result::Result<Option<usize>, String> {
        let text: &'a str = self.text;
        let b = text.as_bytes();
        if self.pos >= b.len() {
            return Ok(None);
        }
        // A blank line: a record without cells (every cell missing).
        if b[self.pos] == b'\n' {
            self.pos += 1;
            return Ok(Some(0));
        }
        if b[self.pos..].starts_with(b"\r\n") || &b[self.pos..] == b"\r" {
            self.pos = (self.pos + 2).min(b.len());
            return Ok(Some(0));
        }
        let mut cells = 0;
        loop {
            if b.get(self.pos) == Some(&b'"') {
                let (start, end, doubled) = self.quoted()?;
                if start == end || !doubled {
                    spans.push((start, end));
                } else {
                    let from = self.owned.len();
                    for (k, part) in text[start..end].split("\"\"").enumerate() {
                        if k > 0 {
                            self.owned.push('"');
                        }
                        self.owned.push_str(part);
                    }
                    spans.push((from, self.owned.len()));
                }
            } else {
                let start = self.pos;
                let rest = &b[start..];
                self.pos += rest
                    .iter()
                    .position(|&c| c == b',' || c == b'\n')
                    .unwrap_or(rest.len());
                let mut end = self.pos;
                // CR of a CRLF line end (or of the text's last line).
                if end > start
                    && b[end - 1] == b'\r'
                    && (self.pos == b.len() || b[self.pos] == b'\n')
                {
                    end -= 1;
                }
                spans.push((start, end));
            }
            cells += 1;
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

    /// The inside of a quoted cell starting at `self.pos`, as (start, end)
    /// in the text (its `""` still doubled) and whether it has a `""`;
    /// `self.pos` ends after the closing quote.
    fn quoted(&mut self) -> std::result::Result<(usize, usize, bool), String> {
        let b = self.text.as_bytes();
        let start = self.pos + 1;
        let mut i = start;
        let mut doubled = false;
        loop {
            match b[i..].iter().position(|&c| c == b'"') {
                None => return Err("a quoted cell is not closed".into()),
                Some(q) if b.get(i + q + 1) == Some(&b'"') => {
                    i += q + 2;
                    doubled = true;
                }
                Some(q) => {
                    self.pos = i + q + 1;
                    return Ok((start, i + q, doubled));
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
    fn whole_numbers_read_directly_as_the_parser_reads_them() {
        let cells = [
            "0",
            "-0",
            "+0",
            "7",
            "007",
            "-12",
            "+4",
            "123456789012345",
            "-999999999999999",
            "1234567890123456",
            "99999999999999999999",
            "",
            "-",
            "+",
            "+-1",
            "--1",
            "1-",
            " 12",
            "12 ",
            "1e3",
            "1.5",
            "1_000",
            "١٢",
            "NaN",
            "inf",
            "-inf",
            "0x10",
        ];
        for s in cells {
            let expected = s.trim().parse::<f64>().ok().map(f64::to_bits);
            assert_eq!(number(s).map(f64::to_bits), expected, "{s:?}");
        }
    }

    #[test]
    fn dutch_notation_is_refused_with_the_number_meant() {
        let dutch = |s: &str, kind| match number_cell(s, kind) {
            Err((_, CellError::Dutch(meant))) => Some(meant),
            _ => None,
        };
        for (s, meant) in [
            ("12,5", "12.5"),
            ("-1.234,56", "-1234.56"),
            ("1.234.567", "1234567"),
            ("66.000", "66000"),
            (" 66.000 ", "66000"),
        ] {
            assert_eq!(dutch(s, NumberKind::Count).as_deref(), Some(meant), "{s}");
        }
        // Only counts refuse one thousands group; values read it as decimals.
        assert_eq!(number_cell("12.500", NumberKind::Value), Ok(12.5));
        assert_eq!(
            dutch("1.234.567", NumberKind::Value).as_deref(),
            Some("1234567")
        );
        // Plain numbers, and decimals that are no thousands groups, are read.
        for (s, v) in [
            ("66000", 66000.0),
            ("0.500", 0.5),
            ("1234.5", 1234.5),
            ("1.5", 1.5),
            ("1e3", 1000.0),
        ] {
            assert_eq!(number_cell(s, NumberKind::Count), Ok(v), "{s}");
        }
        for s in ["1.2345", "abc", "1,2,3", ",5", "1.23,4"] {
            assert_eq!(dutch(s, NumberKind::Count), None, "{s}");
        }
        let t = Table::from_csv("t.csv", b"n\n66.000\n").unwrap();
        assert_eq!(t.numbers("n").unwrap(), [66.0]);
        assert_eq!(
            t.counts("n").unwrap_err().to_string(),
            "t.csv: column \"n\", row 2: \"66.000\" looks like a Dutch-formatted number \
             (66 000?); write 66000 (a point before decimals, no thousands separator)"
        );
        assert_eq!(spaced_thousands("-1234567.5"), "-1 234 567.5");
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

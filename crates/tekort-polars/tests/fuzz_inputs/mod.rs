//! Structured-but-broken inputs for the fuzz tests: valid rows of real
//! tables with a few mutations (weird cells, ragged rows, renamed or
//! missing columns, another separator, BOM, CRLF, quoting, Latin-1,
//! truncation, garbage bytes), TOML with mutated values and lines, and
//! frames with nulls, NaN, infinities, huge values and wrong dtypes.
//!
//! Every random decision is drawn from a [`Choices`] source: the proptest
//! file (`tests/fuzz.rs`) feeds a shrinkable tape of numbers (0 is always
//! the plain, valid choice, so shrinking walks towards the valid input),
//! the long run (`benches/examples/fuzz_long.rs`) a seeded generator.
//! Shared by both through a `#[path]` module.

#![allow(dead_code, unreachable_pub)]

use std::panic::{catch_unwind, AssertUnwindSafe};

use tekort_polars::polars::prelude::*;

/// A source of random decisions.
pub trait Choices {
    /// A number in `0..n` (`n > 0`); 0 is the plain choice.
    fn pick(&mut self, n: u32) -> u32;

    /// True with about probability 1/n.
    fn one_in(&mut self, n: u32) -> bool {
        self.pick(n) == 1 % n
    }
}

/// A fixed tape of decisions (proptest shrinks it); 0 when it runs out.
pub struct Tape<'a> {
    data: &'a [u32],
    pos: usize,
}

impl<'a> Tape<'a> {
    /// Decisions from `data`.
    pub fn new(data: &'a [u32]) -> Self {
        Tape { data, pos: 0 }
    }
}

impl Choices for Tape<'_> {
    fn pick(&mut self, n: u32) -> u32 {
        let v = self.data.get(self.pos).copied().unwrap_or(0);
        self.pos += 1;
        v % n.max(1)
    }
}

/// SplitMix64: a small seeded generator for the long run.
pub struct Rng(pub u64);

impl Rng {
    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

impl Choices for Rng {
    fn pick(&mut self, n: u32) -> u32 {
        (self.next_u64() % u64::from(n.max(1))) as u32
    }
}

/// How a call ended.
pub enum Outcome<E> {
    /// A result.
    Ok,
    /// A typed error.
    Err(E),
    /// A panic, with its message.
    Panic(String),
}

/// Runs `f`, turning a panic into [`Outcome::Panic`].
pub fn run<T, E>(f: impl FnOnce() -> Result<T, E>) -> Outcome<E> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(_)) => Outcome::Ok,
        Ok(Err(e)) => Outcome::Err(e),
        Err(p) => Outcome::Panic(
            p.downcast_ref::<String>()
                .cloned()
                .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "non-string panic".into()),
        ),
    }
}

/// The kind of a tekort-polars error, for the counts.
pub fn kind(e: &tekort_polars::Error) -> String {
    use tekort_polars::Error as E;
    match e {
        E::Core(c) => format!("Core::{}", variant_name(&format!("{c:?}"))),
        other => variant_name(&format!("{other:?}")),
    }
}

fn variant_name(debug: &str) -> String {
    debug
        .split(|c: char| !c.is_alphanumeric() && c != '_')
        .next()
        .unwrap_or("")
        .to_string()
}

/// Cells that break parsers and checks.
pub const WEIRD: [&str; 44] = [
    "",
    " ",
    "NA",
    "null",
    "None",
    "nan",
    "NaN",
    "inf",
    "-inf",
    "-1",
    "0",
    "-0",
    "1e308",
    "-1e308",
    "1e400",
    "1e-320",
    "2.5",
    "363.0",
    "0363",
    "GM0363",
    "2147483648",
    "-2147483649",
    "99999999999999999999999",
    "1899",
    "1900",
    "2100",
    "2101",
    "2200",
    "2201",
    "true",
    "\"",
    "a\"b",
    "x,y",
    "x;y",
    "x\ty",
    "line\nbreak",
    "cr\rcr",
    "é",
    "Ĳssel",
    "💥",
    "\u{0}",
    "\u{feff}",
    "   42   ",
    "0x1F",
];

/// A weird cell, a long one, or another row's value of the same column.
fn weird_cell(rows: &[Vec<String>], col: usize, c: &mut dyn Choices) -> String {
    match c.pick(8) {
        0..=4 => WEIRD[c.pick(WEIRD.len() as u32) as usize].to_string(),
        5 => "9".repeat(1 + c.pick(400) as usize),
        6 => "a".repeat(1 + c.pick(5000) as usize),
        _ => {
            if rows.is_empty() {
                String::new()
            } else {
                let r = &rows[c.pick(rows.len() as u32) as usize];
                r.get(col).cloned().unwrap_or_default()
            }
        }
    }
}

/// A table: a header and rows of cells.
#[derive(Clone, Debug)]
pub struct Rows {
    /// Column names.
    pub header: Vec<String>,
    /// Cells, one vector per row (ragged after mutation).
    pub rows: Vec<Vec<String>>,
}

impl Rows {
    /// Parses simple CSV text (quotes honoured) into rows.
    pub fn parse(text: &str) -> Rows {
        let mut records: Vec<Vec<String>> = Vec::new();
        let mut cur = Vec::new();
        let mut cell = String::new();
        let mut quoted = false;
        let mut chars = text.chars().peekable();
        while let Some(ch) = chars.next() {
            match (ch, quoted) {
                ('"', true) if chars.peek() == Some(&'"') => {
                    chars.next();
                    cell.push('"');
                }
                ('"', _) => quoted = !quoted,
                (',', false) => cur.push(std::mem::take(&mut cell)),
                ('\n', false) => {
                    cur.push(std::mem::take(&mut cell));
                    records.push(std::mem::take(&mut cur));
                }
                ('\r', false) => {}
                (ch, _) => cell.push(ch),
            }
        }
        if !cell.is_empty() || !cur.is_empty() {
            cur.push(cell);
            records.push(cur);
        }
        let header = if records.is_empty() {
            Vec::new()
        } else {
            records.remove(0)
        };
        Rows {
            header,
            rows: records,
        }
    }

    /// A sample of the rows: all (up to `cap`), a few, none or some.
    pub fn sample(&self, cap: usize, c: &mut dyn Choices) -> Rows {
        let n = self.rows.len();
        let rows = match c.pick(4) {
            0 => self.rows.iter().take(cap).cloned().collect(),
            1 if n > 0 => (0..1 + c.pick(10))
                .map(|_| self.rows[c.pick(n as u32) as usize].clone())
                .collect(),
            2 => Vec::new(),
            _ if n > 0 => {
                let start = c.pick(n as u32) as usize;
                self.rows
                    .iter()
                    .skip(start)
                    .take(1 + c.pick(40) as usize)
                    .cloned()
                    .collect()
            }
            _ => Vec::new(),
        };
        Rows {
            header: self.header.clone(),
            rows,
        }
    }

    /// Applies 0 to 5 row and column mutations.
    pub fn mutate(&mut self, c: &mut dyn Choices) {
        for _ in 0..c.pick(6) {
            let n = self.rows.len() as u32;
            let w = self.header.len().max(1) as u32;
            match c.pick(11) {
                0 if n > 0 => {
                    let r = c.pick(n) as usize;
                    let col = c.pick(w) as usize;
                    let v = weird_cell(&self.rows, col, c);
                    if let Some(cell) = self.rows[r].get_mut(col) {
                        *cell = v;
                    }
                }
                1 if n > 0 => {
                    self.rows.remove(c.pick(n) as usize);
                }
                2 if n > 0 => {
                    let r = self.rows[c.pick(n) as usize].clone();
                    self.rows.push(r);
                }
                3 if n > 0 => {
                    let r = c.pick(n) as usize;
                    self.rows[r].pop();
                }
                4 if n > 0 => {
                    let r = c.pick(n) as usize;
                    let v = weird_cell(&self.rows, 0, c);
                    self.rows[r].push(v);
                }
                5 if !self.header.is_empty() => {
                    let col = c.pick(w) as usize;
                    self.header[col] = match c.pick(3) {
                        0 => WEIRD[c.pick(WEIRD.len() as u32) as usize].to_string(),
                        1 => self.header[col].to_uppercase(),
                        _ => format!(" {} ", self.header[col]),
                    };
                }
                6 if !self.header.is_empty() => {
                    let col = c.pick(w) as usize;
                    self.header.remove(col);
                    for r in &mut self.rows {
                        if col < r.len() {
                            r.remove(col);
                        }
                    }
                }
                7 if self.header.len() > 1 => {
                    let (a, b) = (c.pick(w) as usize, c.pick(w) as usize);
                    self.header.swap(a, b);
                    for r in &mut self.rows {
                        if a < r.len() && b < r.len() {
                            r.swap(a, b);
                        }
                    }
                }
                8 if !self.header.is_empty() => {
                    let col = c.pick(w) as usize;
                    self.header.push(self.header[col].clone());
                    for r in &mut self.rows {
                        let v = r.get(col).cloned().unwrap_or_default();
                        r.push(v);
                    }
                }
                9 => self.rows.clear(),
                10 if n > 0 => {
                    // A whole column of one weird value.
                    let col = c.pick(w) as usize;
                    let v = weird_cell(&self.rows, col, c);
                    for r in &mut self.rows {
                        if let Some(cell) = r.get_mut(col) {
                            *cell = v.clone();
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// Writes CSV bytes: separator, quoting, line ends, BOM, encoding and
    /// byte-level damage are drawn from `c` (0 = plain CSV).
    pub fn to_csv(&self, c: &mut dyn Choices) -> Vec<u8> {
        let sep = [',', ';', '\t', ','][c.pick(4) as usize];
        let quoting = c.pick(4); // 0 minimal, 1 all, 2 none (broken), 3 minimal
        let eol = if c.pick(3) == 1 { "\r\n" } else { "\n" };
        let bom = c.pick(4) == 1;
        let latin1 = c.pick(4) == 1;
        let no_final_eol = c.pick(3) == 1;
        let cell = |s: &str| -> String {
            let needs = s.contains(sep) || s.contains('"') || s.contains('\n') || s.contains('\r');
            match quoting {
                1 => format!("\"{}\"", s.replace('"', "\"\"")),
                2 => s.to_string(),
                _ if needs => format!("\"{}\"", s.replace('"', "\"\"")),
                _ => s.to_string(),
            }
        };
        let mut text = String::new();
        let line = |cells: &[String]| -> String {
            cells
                .iter()
                .map(|s| cell(s))
                .collect::<Vec<_>>()
                .join(&sep.to_string())
        };
        text.push_str(&line(&self.header));
        for r in &self.rows {
            text.push_str(eol);
            text.push_str(&line(r));
        }
        if !no_final_eol {
            text.push_str(eol);
        }
        let mut bytes: Vec<u8> = if latin1 {
            text.chars()
                .map(|ch| if (ch as u32) < 256 { ch as u8 } else { b'?' })
                .collect()
        } else {
            text.into_bytes()
        };
        if bom {
            bytes.splice(0..0, [0xEF, 0xBB, 0xBF]);
        }
        damage(&mut bytes, c);
        bytes
    }

    /// A polars frame of these rows: each column's dtype is drawn (inferred,
    /// text, float with NaN for non-numbers, integer with nulls, boolean,
    /// all null); ragged rows are padded with nulls.
    pub fn to_frame(&self, c: &mut dyn Choices) -> PolarsResult<DataFrame> {
        let mut seen = std::collections::HashSet::new();
        let mut columns = Vec::new();
        for (j, name) in self.header.iter().enumerate() {
            if !seen.insert(name.clone()) {
                continue; // polars frames have unique names
            }
            let cells: Vec<Option<&str>> = self
                .rows
                .iter()
                .map(|r| r.get(j).map(String::as_str).filter(|s| !s.is_empty()))
                .collect();
            let name: PlSmallStr = name.as_str().into();
            let float = |s: &str| s.trim().parse::<f64>().ok();
            let col = match c.pick(7) {
                0 | 6 => {
                    if cells.iter().flatten().all(|s| s.parse::<i64>().is_ok()) {
                        Column::new(
                            name,
                            cells
                                .iter()
                                .map(|v| v.and_then(|s| s.parse::<i64>().ok()))
                                .collect::<Vec<_>>(),
                        )
                    } else if cells.iter().flatten().all(|s| float(s).is_some()) {
                        Column::new(
                            name,
                            cells.iter().map(|v| v.and_then(float)).collect::<Vec<_>>(),
                        )
                    } else {
                        Column::new(name, cells.clone())
                    }
                }
                1 => Column::new(name, cells.clone()),
                2 => Column::new(
                    name,
                    cells
                        .iter()
                        .map(|v| v.map(|s| float(s).unwrap_or(f64::NAN)))
                        .collect::<Vec<_>>(),
                ),
                3 => Column::new(
                    name,
                    cells
                        .iter()
                        .map(|v| v.and_then(float).map(|x| x as i64))
                        .collect::<Vec<_>>(),
                ),
                4 => Column::new(
                    name,
                    cells
                        .iter()
                        .map(|v| v.map(|s| s.len() % 2 == 0))
                        .collect::<Vec<_>>(),
                ),
                _ => Column::full_null(name, cells.len(), &DataType::Null),
            };
            let col = match c.pick(6) {
                1 => col.cast(&DataType::Float32).unwrap_or(col),
                2 => col.cast(&DataType::UInt32).unwrap_or(col),
                3 => col.cast(&DataType::Int32).unwrap_or(col),
                _ => col,
            };
            columns.push(col);
        }
        DataFrame::new(self.rows.len(), columns)
    }
}

/// Byte-level damage: none, truncation, garbage inserted, bytes flipped.
fn damage(bytes: &mut Vec<u8>, c: &mut dyn Choices) {
    match c.pick(6) {
        1 if !bytes.is_empty() => {
            let at = c.pick(bytes.len() as u32) as usize;
            bytes.truncate(at);
        }
        2 => {
            let at = c.pick(bytes.len() as u32 + 1) as usize;
            let garbage: Vec<u8> = (0..1 + c.pick(32)).map(|_| c.pick(256) as u8).collect();
            bytes.splice(at..at, garbage);
        }
        3 if !bytes.is_empty() => {
            for _ in 0..1 + c.pick(4) {
                let at = c.pick(bytes.len() as u32) as usize;
                bytes[at] = c.pick(256) as u8;
            }
        }
        4 => {
            *bytes = (0..c.pick(64)).map(|_| c.pick(256) as u8).collect();
        }
        _ => {}
    }
}

/// Values that break TOML typing and range checks.
const TOML_WEIRD: [&str; 22] = [
    "\"3000\"",
    "nan",
    "inf",
    "-inf",
    "-1",
    "0",
    "1e308",
    "-1e308",
    "9999999999999999999",
    "-9223372036854775808",
    "true",
    "[1, 2]",
    "[]",
    "{}",
    "{ a = 1 }",
    "1979-05-27",
    "\"\"",
    "0.5",
    "2.0",
    "'x'",
    "\"\u{0}\"",
    "[[1], \"a\"]",
];

/// TOML text with mutated values, lines and bytes (0 = unchanged).
pub fn mutate_toml(base: &str, c: &mut dyn Choices) -> Vec<u8> {
    let mut lines: Vec<String> = base.lines().map(str::to_string).collect();
    if c.pick(3) == 1 && !lines.is_empty() {
        // Only a few lines: an overlay like a user's file.
        let keep: Vec<String> = (0..1 + c.pick(6))
            .map(|_| lines[c.pick(lines.len() as u32) as usize].clone())
            .collect();
        lines = keep;
    }
    for _ in 0..c.pick(5) {
        let n = lines.len() as u32;
        if n == 0 {
            lines.push("x = 1".into());
            continue;
        }
        let i = c.pick(n) as usize;
        match c.pick(8) {
            0 | 1 => {
                if let Some((key, _)) = lines[i].split_once(" = ") {
                    let v = match c.pick(3) {
                        0 => TOML_WEIRD[c.pick(TOML_WEIRD.len() as u32) as usize].to_string(),
                        1 => format!("{}", (c.pick(2000) as f64 - 1000.0) / 10.0),
                        _ => "9".repeat(1 + c.pick(400) as usize),
                    };
                    lines[i] = format!("{key} = {v}");
                }
            }
            2 => {
                lines.remove(i);
            }
            3 => {
                let l = lines[i].clone();
                lines.push(l);
            }
            4 => {
                if let Some((key, v)) = lines[i].split_once(" = ") {
                    lines[i] = format!("{key}x = {v}");
                }
            }
            5 => lines.insert(i, WEIRD[c.pick(WEIRD.len() as u32) as usize].to_string()),
            6 => lines.insert(
                i,
                format!("[{}]", WEIRD[c.pick(WEIRD.len() as u32) as usize]),
            ),
            _ => lines[i] = lines[i].replacen(' ', "", 1),
        }
    }
    let mut bytes = lines.join("\n").into_bytes();
    damage(&mut bytes, c);
    bytes
}

/// What every case needs: the embedded dataset, the valid inputs that
/// cases start from, and a scratch directory for the file loaders.
pub struct Ctx {
    /// The embedded dataset.
    pub ds: &'static tekort_core::data::Dataset,
    /// The provinces (regions of the pupil inputs).
    pub provinces: tekort_core::regions::RegionSystem,
    /// Scratch directory (one per thread).
    pub dir: std::path::PathBuf,
    regions: Rows,
    regions_boards: Rows,
    births_national: Rows,
    births_municipal: Rows,
    pupils: Rows,
    params: String,
    scenario: String,
    backtest: Rows,
    tables: Vec<(&'static str, Rows)>,
    /// The bytes of each table of `data/`, in the order of `tables` (read
    /// once: `data_dir` truncates and restores them every case).
    table_bytes: Vec<Vec<u8>>,
    /// The `data/` directory the tables came from.
    data: std::path::PathBuf,
}

fn rows(header: &[&str], rows: Vec<Vec<String>>) -> Rows {
    Rows {
        header: header.iter().map(|s| s.to_string()).collect(),
        rows,
    }
}

impl Ctx {
    /// Builds the valid inputs from the embedded dataset and `data`
    /// (the `data/` directory of tekort-polars).
    pub fn new(data: &std::path::Path, dir: std::path::PathBuf) -> Ctx {
        use tekort_core::{params::AowStep, scenario::Scenario, sector::SectorGroup};
        std::fs::create_dir_all(&dir).expect("scratch directory");
        let ds = tekort_polars::embedded_dataset().expect("embedded dataset");
        let provinces = tekort_polars::resolve_regions("provincie", ds).expect("provincie");
        let ms = &ds.municipalities;
        let regions = rows(
            &["gemeentecode", "region"],
            ms.iter()
                .map(|m| vec![m.code.clone(), m.provincie.clone()])
                .collect(),
        );
        // Half the municipalities by code, the other half through their
        // school boards (the boards of the first 40 board rows).
        let mut board_rows: Vec<Vec<String>> = ms
            .iter()
            .map(|m| vec![m.code.clone(), String::new(), m.corop.clone()])
            .collect();
        for b in ds.board_pupils.iter().take(40) {
            board_rows.push(vec![String::new(), b.board.clone(), "Besturen".into()]);
        }
        let regions_boards = rows(&["gemeentecode", "bevoegd_gezag", "region"], board_rows);
        let births_national = rows(
            &["year", "births"],
            (2025..2046)
                .map(|y| vec![y.to_string(), format!("{}", 160_000 + 500 * (y - 2025))])
                .collect(),
        );
        let births_municipal = rows(
            &["gemeentecode", "year", "births"],
            ms.iter()
                .flat_map(|m| {
                    (2025..2027).map(move |y| vec![m.code.clone(), y.to_string(), "450".into()])
                })
                .collect(),
        );
        let mut pupil_rows = Vec::new();
        for r in &provinces.regions {
            for s in ["po", "vo", "mbo", "po_bo"] {
                for y in 2025..2028 {
                    pupil_rows.push(vec![r.clone(), s.into(), y.to_string(), "12345.5".into()]);
                }
            }
        }
        let pupils = rows(&["region", "sector", "year", "pupils"], pupil_rows);
        let params = tekort_core::params::Params::default().to_toml_string();
        let mut s = Scenario::named("fuzz");
        s.description = "levers".into();
        s.from_year = Some(2027);
        s.sectors = vec![SectorGroup::Po, SectorGroup::Vo];
        s.zij_instroom = 1.5;
        s.class_size = 0.95;
        s.aow_age = vec![AowStep {
            from: 2030,
            age: 68.0,
        }];
        let scenario = s.to_toml_string();
        let backtest = rows(
            &tekort_polars::BACKTEST_COLUMNS,
            (0..12)
                .map(|i| {
                    vec![
                        ["births", "pupils", "staff"][i % 3].to_string(),
                        "tekort".into(),
                        "provincie".into(),
                        provinces.regions[i % provinces.len()].clone(),
                        "po".into(),
                        "2015".into(),
                        (2016 + i).to_string(),
                        (1 + i).to_string(),
                        "1000.0".into(),
                        format!("{}", 990 + i),
                    ]
                })
                .collect(),
        );
        let table_bytes: Vec<Vec<u8>> = tekort_polars::TABLES
            .iter()
            .map(|t| std::fs::read(data.join(t)).expect("data table"))
            .collect();
        let tables = tekort_polars::TABLES
            .iter()
            .zip(&table_bytes)
            .map(|(t, bytes)| {
                let text = std::str::from_utf8(bytes).expect("data table is UTF-8");
                (*t, Rows::parse(text))
            })
            .collect();
        Ctx {
            ds,
            provinces,
            dir,
            regions,
            regions_boards,
            births_national,
            births_municipal,
            pupils,
            params,
            scenario,
            backtest,
            tables,
            table_bytes,
            data: data.to_path_buf(),
        }
    }

    fn file(&self, name: &str, bytes: &[u8]) -> std::path::PathBuf {
        let path = self.dir.join(name);
        std::fs::write(&path, bytes).expect("scratch file");
        path
    }
}

/// One fuzzed loader: its name and a case (inputs drawn from the choices).
pub type Case = fn(&Ctx, &mut dyn Choices) -> Outcome<tekort_polars::Error>;

fn csv_case(base: &Rows, cap: usize, c: &mut dyn Choices) -> Vec<u8> {
    let mut t = base.sample(cap, c);
    t.mutate(c);
    t.to_csv(c)
}

fn frame_case(base: &Rows, cap: usize, c: &mut dyn Choices) -> PolarsResult<DataFrame> {
    let mut t = base.sample(cap, c);
    t.mutate(c);
    t.to_frame(c)
}

/// A region file: `gemeentecode,region` or with school boards.
pub fn region_csv(x: &Ctx, c: &mut dyn Choices) -> Outcome<tekort_polars::Error> {
    let base = if c.pick(3) == 1 {
        &x.regions_boards
    } else {
        &x.regions
    };
    let bytes = csv_case(base, 400, c);
    let path = x.file("regions.csv", &bytes);
    run(|| tekort_polars::read_region_file(&path, x.ds))
}

/// A births file: national (`year,births`) or by municipality.
pub fn births_csv(x: &Ctx, c: &mut dyn Choices) -> Outcome<tekort_polars::Error> {
    let base = if c.pick(3) == 1 {
        &x.births_municipal
    } else {
        &x.births_national
    };
    let bytes = csv_case(base, 700, c);
    let path = x.file("births.csv", &bytes);
    run(|| tekort_polars::resolve_demography(path.to_str().expect("utf-8 path"), x.ds))
}

/// A pupil forecast file (`region,sector,year,pupils`).
pub fn pupils_csv(x: &Ctx, c: &mut dyn Choices) -> Outcome<tekort_polars::Error> {
    let bytes = csv_case(&x.pupils, 200, c);
    let path = x.file("pupils.csv", &bytes);
    run(|| tekort_polars::read_pupil_file(&path, &x.provinces))
}

/// A parameter file (TOML, overlaid on the defaults).
pub fn params_toml(x: &Ctx, c: &mut dyn Choices) -> Outcome<tekort_polars::Error> {
    let bytes = mutate_toml(&x.params, c);
    let path = x.file("params.toml", &bytes);
    run(|| tekort_polars::read_params_file(&path))
}

/// A scenario file (TOML).
pub fn scenario_toml(x: &Ctx, c: &mut dyn Choices) -> Outcome<tekort_polars::Error> {
    let bytes = mutate_toml(&x.scenario, c);
    let path = x.file("scenario.toml", &bytes);
    run(|| tekort_polars::read_scenario_file(&path))
}

/// One table of the data directory, mutated, read in place of the
/// embedded one ([`tekort_polars::embedded_with_table`]).
pub fn data_table(table: usize, x: &Ctx, c: &mut dyn Choices) -> Outcome<tekort_polars::Error> {
    let (name, base) = &x.tables[table];
    let bytes = if *name == "gemeenten.csv" {
        // All rows, mutated in place: a gemeenten.csv with other codes
        // re-reads every table, which would make this loader 20 times
        // slower than the others (row subsets are fuzzed for the tables
        // that refer to it).
        let mut t = base.clone();
        t.mutate(c);
        t.to_csv(c)
    } else if *name == "population_women.csv" {
        // Every age band needs every year: only the whole table is valid.
        csv_case(base, 2000, c)
    } else {
        csv_case(base, 300, c)
    };
    run(|| tekort_polars::embedded_with_table(name, &bytes))
}

/// A regions frame (`Regions.from_frame`).
pub fn regions_frame(x: &Ctx, c: &mut dyn Choices) -> Outcome<tekort_polars::Error> {
    let base = if c.pick(3) == 1 {
        &x.regions_boards
    } else {
        &x.regions
    };
    run(|| tekort_polars::regions_from_frame("fuzz", &frame_case(base, 400, c)?, x.ds))
}

/// A births frame (`forecast(demography=frame)`).
pub fn births_frame(x: &Ctx, c: &mut dyn Choices) -> Outcome<tekort_polars::Error> {
    let base = if c.pick(3) == 1 {
        &x.births_municipal
    } else {
        &x.births_national
    };
    run(|| tekort_polars::demography_from_frame("fuzz", &frame_case(base, 700, c)?, x.ds))
}

/// A pupils frame (`forecast(pupils=frame)`).
pub fn pupils_frame(x: &Ctx, c: &mut dyn Choices) -> Outcome<tekort_polars::Error> {
    run(|| tekort_polars::pupils_from_frame("fuzz", &frame_case(&x.pupils, 200, c)?, &x.provinces))
}

/// A backtest frame (`backtest_summary`).
pub fn backtest_frame(x: &Ctx, c: &mut dyn Choices) -> Outcome<tekort_polars::Error> {
    run(|| tekort_polars::backtest_from_frame(&frame_case(&x.backtest, 50, c)?))
}

/// An invariant a case broke, reported like a panic (the runs count both).
fn broken(what: String) -> Outcome<tekort_polars::Error> {
    Outcome::Panic(format!("invariant broken: {what}"))
}

/// The tables a data directory may leave out.
const OPTIONAL_TABLES: [&str; 3] = ["board_pupils.csv", "board_schools.csv", "funding_path.csv"];

/// `--data DIR`: a copy of `data/` (made once per scratch directory) with
/// one table mutated (0, the plain choice: rows sampled from the whole
/// table, then mutated), truncated at a random byte or removed, read by
/// [`tekort_polars::load_dataset_dir`]; the table is restored after (from
/// the bytes [`Ctx`] read once). A
/// removed table must be a read error (but the [`OPTIONAL_TABLES`]: a data
/// directory from before the boards, their schools or the funding path is
/// allowed).
pub fn data_dir(x: &Ctx, c: &mut dyn Choices) -> Outcome<tekort_polars::Error> {
    let dir = x.dir.join("data");
    if !dir.join(".complete").exists() {
        std::fs::create_dir_all(&dir).expect("scratch data directory");
        for (t, bytes) in tekort_polars::TABLES.iter().zip(&x.table_bytes) {
            std::fs::write(dir.join(t), bytes).expect("copy a data table");
        }
        std::fs::write(dir.join(".complete"), b"").expect("scratch marker");
    }
    let table = c.pick(tekort_polars::TABLES.len() as u32) as usize;
    let (name, base) = &x.tables[table];
    let original = &x.table_bytes[table];
    let path = dir.join(name);
    let how = c.pick(3);
    match how {
        0 => {
            let mut t = base.sample(usize::MAX, c);
            t.mutate(c);
            std::fs::write(&path, t.to_csv(c)).expect("scratch table");
        }
        1 => {
            let at = c.pick(u32::MAX) as usize % (original.len() + 1);
            std::fs::write(&path, &original[..at]).expect("scratch table");
        }
        _ => std::fs::remove_file(&path).expect("remove a scratch table"),
    }
    let out = run(|| tekort_polars::load_dataset_dir(&dir));
    std::fs::write(&path, original).expect("restore a data table");
    let read_error = matches!(out, Outcome::Err(tekort_polars::Error::Read { .. }));
    if how == 2 && !OPTIONAL_TABLES.contains(name) && !read_error {
        return broken(format!("a removed {name} is not a read error"));
    }
    out
}

/// The names in `dir` with their contents (a directory's as empty).
fn snapshot(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    let bytes = std::fs::read(e.path()).unwrap_or_default();
                    (name, bytes)
                })
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// Whether `path` holds the whole of `frame` as `ext`: CSV and Parquet
/// byte for byte what polars writes to memory, `.xlsx` a zip with its end
/// record.
fn whole(path: &std::path::Path, ext: &str, frame: &DataFrame) -> bool {
    let Ok(bytes) = std::fs::read(path) else {
        return false;
    };
    let mut expected = Vec::new();
    let mut frame = frame.clone();
    match ext {
        "csv" => {
            CsvWriter::new(&mut expected)
                .include_header(true)
                .finish(&mut frame)
                .is_ok()
                && bytes == expected
        }
        "parquet" => {
            ParquetWriter::new(&mut expected).finish(&mut frame).is_ok() && bytes == expected
        }
        _ => {
            bytes.starts_with(b"PK\x03\x04")
                && bytes.len() >= 22
                && bytes[bytes.len() - 22..].starts_with(b"PK\x05\x06")
        }
    }
}

/// `--out` / `save`: [`tekort_polars::write_frame`] of a mutated frame to
/// a path of one of eleven kinds. 0–5 can be written: a new file (0, the
/// plain choice), an existing one, a symbolic link, a name of 200–255
/// bytes, beside a planted symbolic link at a temporary's name (tekort
/// 0.1's predictable one), beside a stale temporary of a dead process.
/// 6–10 cannot: under a missing directory, a directory, under a file, an
/// unknown extension, no file name. Invariants: a failed write leaves the
/// directory as it was, byte for byte; a successful one adds or replaces
/// only the destination (the stale temporary removed, no temporary left,
/// a link's target and the planted link's victim untouched) and the
/// destination is whole.
pub fn out_path(x: &Ctx, c: &mut dyn Choices) -> Outcome<tekort_polars::Error> {
    let dir = x.dir.join("out");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("sub.csv")).expect("scratch out directory");
    std::fs::write(dir.join("file"), b"x").expect("scratch file");
    std::fs::write(dir.join("victim"), b"keep me").expect("scratch victim");
    let mut t = Rows::parse("a,b,c\n1,x,2.5\n2,y,nan\n,z,inf\n");
    t.mutate(c);
    let mut frame = t.to_frame(c).unwrap_or_default();
    let ext = ["csv", "parquet", "xlsx"][c.pick(3) as usize];
    let kind = c.pick(11);
    let plain = dir.join(format!("out.{ext}"));
    let path = match kind {
        0 => plain,
        1 => {
            std::fs::write(&plain, b"old").expect("old destination");
            plain
        }
        2 => {
            #[cfg(unix)]
            std::os::unix::fs::symlink(dir.join("victim"), &plain).expect("link");
            plain
        }
        3 => {
            let len = 200 + c.pick(56) as usize - ext.len() - 1;
            dir.join(format!("{}.{ext}", "n".repeat(len)))
        }
        4 => {
            let tmp = dir.join(format!(".out.{ext}.tekort-{}.tmp", std::process::id()));
            #[cfg(unix)]
            std::os::unix::fs::symlink(dir.join("victim"), tmp).expect("planted link");
            plain
        }
        5 => {
            // No process has a pid above 2^22 on Linux.
            let stale = dir.join(format!(".out.{ext}.tekort-4999999-0123456789abcdef.tmp"));
            let f = std::fs::File::create(&stale).expect("stale temporary");
            let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
            f.set_modified(hour_ago).expect("age the stale temporary");
            plain
        }
        6 => dir.join("missing").join(format!("out.{ext}")),
        7 => dir.join("sub.csv"),
        8 => dir.join("file").join(format!("out.{ext}")),
        9 => dir.join(format!("out.{ext}.txt")),
        _ => dir.join(""),
    };
    let before = snapshot(&dir);
    let out = run(|| tekort_polars::write_frame(&mut frame, &path));
    let after = snapshot(&dir);
    let victim = std::fs::read(dir.join("victim")).unwrap_or_default();
    if victim != b"keep me" {
        return broken(format!(
            "kind {kind} .{ext}: the victim was written through"
        ));
    }
    match &out {
        Outcome::Panic(_) => return out,
        Outcome::Err(_) => {
            if after != before {
                return broken(format!(
                    "kind {kind} .{ext}: a failed write changed the directory"
                ));
            }
        }
        Outcome::Ok => {
            if kind >= 6 {
                return broken(format!(
                    "kind {kind} .{ext}: an impossible path was written"
                ));
            }
            let dest = path.file_name().unwrap().to_string_lossy().into_owned();
            let names = |s: &[(String, Vec<u8>)]| -> Vec<String> {
                s.iter()
                    .map(|(n, _)| n.clone())
                    .filter(|n| *n != dest && !(kind == 5 && n.contains(".tekort-4999999-")))
                    .collect()
            };
            if names(&after) != names(&before) || !after.iter().any(|(n, _)| *n == dest) {
                return broken(format!(
                    "kind {kind} .{ext}: the directory went from {:?} to {:?}",
                    names(&before),
                    names(&after)
                ));
            }
            if kind == 5 && after.iter().any(|(n, _)| n.contains(".tekort-4999999-")) {
                return broken(format!("kind 5 .{ext}: the stale temporary stayed"));
            }
            if !whole(&path, ext, &frame) {
                return broken(format!("kind {kind} .{ext}: the destination is not whole"));
            }
        }
    }
    out
}

/// Every loader but the data tables, by name.
pub const LOADERS: [(&str, Case); 11] = [
    ("region_csv", region_csv),
    ("births_csv", births_csv),
    ("pupils_csv", pupils_csv),
    ("params_toml", params_toml),
    ("scenario_toml", scenario_toml),
    ("regions_frame", regions_frame),
    ("births_frame", births_frame),
    ("pupils_frame", pupils_frame),
    ("backtest_frame", backtest_frame),
    ("data_dir", data_dir),
    ("out_path", out_path),
];

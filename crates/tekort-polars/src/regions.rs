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
/// tab) is taken from the header line or from Excel's first line
/// `sep=;`, a byte-order mark and CRLF line ends are dropped, headers are
/// matched as [`header_key`] compares them and in Dutch
/// ([`REGION_HEADERS`]: `regio`, `onderwijsregio`, DUO's `BEVOEGD GEZAG
/// NUMMER`, …), and a file that is not UTF-8 is read as Windows-1252 (Excel's
/// other default; UTF-16 with a byte-order mark is read too). Rows in
/// messages count as a spreadsheet does: the header is row 1. A file over
/// [`crate::MAX_TABLE_BYTES`] or with NUL bytes (binary data) is an error
/// naming it.
pub fn read_region_file(path: &Path, dataset: &Dataset) -> Result<RegionSystem> {
    let t = read_region_table(path)?;
    let name = system_name(path);
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

/// The name of the region system of a file: its stem (`custom` if none).
fn system_name(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "custom".to_string())
}

fn read_region_table(path: &Path) -> Result<Table> {
    let bytes = crate::input::read_input(path, crate::input::REGIONS)?;
    let label = path.display().to_string();
    let text = decode_text(&label, &bytes)?;
    let mut text = text.replace("\r\n", "\n").replace('\r', "\n");
    let (hint, rest) = excel_separator(&text);
    if let Some(rest) = rest {
        text = rest;
    }
    let header = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let separator = hint.unwrap_or_else(|| detect_separator(header));
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

/// Excel's separator line `sep=;` (the first line of a CSV file Excel
/// wrote for another locale): the separator it names, and the text
/// without that line; `(None, None)` when there is none. A separator
/// line that names no single character is an error of the table that
/// follows (its header is then `sep=…`).
fn excel_separator(text: &str) -> (Option<u8>, Option<String>) {
    let (first, rest) = text.split_once('\n').unwrap_or((text, ""));
    let line = first.trim_end();
    let Some(sep) = line
        .strip_prefix("sep=")
        .or_else(|| line.strip_prefix("SEP="))
    else {
        return (None, None);
    };
    // `sep=;` may itself be followed by the separator (`sep=;;;`) when
    // the sheet was wider than one column.
    let mut chars = sep.chars();
    match (chars.next(), chars.as_str()) {
        (Some(c), tail) if c.is_ascii() && tail.chars().all(|t| t == c) => {
            (Some(c as u8), Some(rest.to_string()))
        }
        (Some('\t'), _) => (Some(b'\t'), Some(rest.to_string())),
        _ => (None, None),
    }
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

/// The columns a region table is read from, each with the other headers
/// it is recognised by once headers are normalised ([`header_key`]):
/// Dutch names, DUO's `BEVOEGD GEZAG NUMMER`. A header `gemeente` is the
/// code column when its values are codes, else the name column.
pub const REGION_HEADERS: [(&str, &[&str]); 4] = [
    (
        "gemeentecode",
        &[
            "gemcode",
            "gemeente_code",
            "gm_code",
            "cbs_code",
            "code_gemeente",
        ],
    ),
    (
        "gemeentenaam",
        &[
            "gemeente_naam",
            "naam_gemeente",
            "municipality",
            "gemeentenamen",
        ],
    ),
    (
        "bevoegd_gezag",
        &[
            "bevoegd_gezag_nummer",
            "bevoegdgezag",
            "bevoegd_gezag_nr",
            "bg_nummer",
            "bestuursnummer",
        ],
    ),
    (
        "region",
        &[
            "regio",
            "regionaam",
            "regio_naam",
            "region_name",
            "onderwijsregio",
        ],
    ),
];

/// A header as region tables compare them: trimmed, lower case, with
/// runs of spaces, hyphens and dots as one underscore (`BEVOEGD GEZAG
/// NUMMER` is `bevoegd_gezag_nummer`).
///
/// ```
/// use tekort_polars::header_key;
/// assert_eq!(header_key(" BEVOEGD GEZAG NUMMER "), "bevoegd_gezag_nummer");
/// assert_eq!(header_key("Gemeente-code"), "gemeente_code");
/// ```
pub fn header_key(header: &str) -> String {
    let mut out = String::with_capacity(header.len());
    for c in header.trim().chars().flat_map(char::to_lowercase) {
        if c == ' ' || c == '-' || c == '.' || c == '_' {
            if !out.ends_with('_') {
                out.push('_');
            }
        } else {
            out.push(c);
        }
    }
    out.trim_matches('_').to_string()
}

/// The region-table column (`gemeentecode`, `gemeentenaam`,
/// `bevoegd_gezag`, `region`) a header stands for, if any
/// ([`REGION_HEADERS`]); `gemeente` is left to the caller (it depends on
/// the values).
pub fn region_column_of(header: &str) -> Option<&'static str> {
    let key = header_key(header);
    REGION_HEADERS
        .iter()
        .find(|(name, others)| *name == key || others.contains(&key.as_str()))
        .map(|(name, _)| *name)
}

/// Whether a column's values are municipality codes (`0363`, `363`,
/// `GM0363`, `363.0`): every non-empty value is.
fn looks_like_codes(column: &Column) -> bool {
    let Ok(c) = column.cast(&DataType::String) else {
        return false;
    };
    let Ok(ca) = c.str() else {
        return false;
    };
    let codes = ca.iter().flatten().all(|v| {
        let v = whole_number_text(v.trim().to_string());
        let digits = v
            .strip_prefix("GM")
            .or_else(|| v.strip_prefix("gm"))
            .unwrap_or(&v);
        !digits.is_empty() && digits.len() <= 4 && digits.bytes().all(|b| b.is_ascii_digit())
    });
    codes
}

/// Renames the columns of a region table to the names it is read by
/// ([`REGION_HEADERS`], headers compared as [`header_key`] compares them):
/// `Gemeentecode `, `REGIO`, `BEVOEGD GEZAG NUMMER`. A column already
/// named so wins; of two headers for one column, the first.
fn normalize_headers(mut df: DataFrame) -> Result<DataFrame> {
    let names: Vec<String> = df
        .get_column_names()
        .iter()
        .map(|c| c.to_string())
        .collect();
    for name in names {
        let target = match region_column_of(&name) {
            Some(t) => t,
            None if header_key(&name) == "gemeente" => {
                if looks_like_codes(df.column(&name)?) {
                    "gemeentecode"
                } else {
                    "gemeentenaam"
                }
            }
            None => continue,
        };
        if target != name && !df.get_column_names().iter().any(|c| c.as_str() == target) {
            df.rename(&name, target.into())?;
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
        missing.push(
            "\"gemeentecode\" (or \"gemeentenaam\" or \"bevoegd_gezag\"; also read as: gemeente, gemcode, \
             gemeente_naam, BEVOEGD GEZAG NUMMER)",
        );
    }
    if !t.has("region") {
        missing.push("\"region\" (also read as: regio, regionaam, onderwijsregio)");
    }
    if !missing.is_empty() {
        let found = t.shown_columns();
        let mut reason = format!("missing column {} (found: {found})", missing.join(" and "),);
        if t.df.width() == 1 && [";", "\t", ","].iter().any(|s| found.contains(s)) {
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

/// What every row of a region frame resolved to, for a researcher to
/// check the file: one row per row of the table with `row` (as a
/// spreadsheet numbers it, the header being row 1), `given` (the code,
/// name or board number as written), `gemeentecode` and `gemeentenaam`
/// (the 2026 municipality; for a school board, every municipality where
/// it has schools, separated by `; `), `bevoegd_gezag` and `region`. The
/// table is checked as [`regions_from_frame`] checks it first, so an
/// unknown code or a municipality in two regions is the same error.
///
/// ```
/// use polars::prelude::*;
/// let ds = tekort_polars::embedded_dataset().unwrap();
/// let frame = df!("gemeentecode" => ["0546"], "regio" => ["Leiden e.o."]).unwrap();
/// let rows = tekort_polars::region_rows("mine", &frame, ds).unwrap();
/// let name = rows.column("gemeentenaam").unwrap().str().unwrap().get(0);
/// assert_eq!(name, Some("Leiden"));
/// ```
pub fn region_rows(name: &str, frame: &DataFrame, dataset: &Dataset) -> Result<DataFrame> {
    let t = Table {
        name: format!("regions frame {name:?}"),
        df: normalize_headers(frame.clone())?,
    };
    rows_of(&t, name, dataset)
}

/// [`region_rows`] of a region file ([`read_region_file`] reads it).
pub fn read_region_rows(path: &Path, dataset: &Dataset) -> Result<DataFrame> {
    let t = read_region_table(path)?;
    let name = system_name(path);
    rows_of(&t, &name, dataset)
}

fn rows_of(t: &Table, name: &str, dataset: &Dataset) -> Result<DataFrame> {
    let list = entries(t, dataset)?;
    RegionSystem::from_entries(name, dataset, &list)?;
    let given_places: Vec<Option<String>> = if t.has("gemeentecode") {
        t.text_opt("gemeentecode")?
    } else if t.has("gemeentenaam") {
        t.text_opt("gemeentenaam")?
    } else {
        vec![None; list.len()]
    };
    let n = list.len();
    let mut row = Vec::with_capacity(n);
    let mut given = Vec::with_capacity(n);
    let mut codes: Vec<String> = Vec::with_capacity(n);
    let mut names: Vec<String> = Vec::with_capacity(n);
    let mut boards: Vec<Option<String>> = Vec::with_capacity(n);
    let mut regions = Vec::with_capacity(n);
    for (i, entry) in list.iter().enumerate() {
        row.push(table_row(i) as u32);
        match entry {
            RegionEntry::Municipality { code, region } => {
                let m = &dataset.municipalities[dataset.municipality_index(code)?];
                let as_given = given_places[i].as_deref().unwrap_or(code);
                given.push(as_given.trim().to_string());
                codes.push(m.code.clone());
                names.push(m.name.clone());
                boards.push(None);
                regions.push(region.clone());
            }
            RegionEntry::Board { board, region } => {
                let board = board.trim();
                let mut places: Vec<usize> = dataset
                    .board_pupils
                    .iter()
                    .filter(|b| b.board == board)
                    .map(|b| b.municipality)
                    .collect();
                places.sort_unstable();
                places.dedup();
                let join = |f: &dyn Fn(usize) -> String| {
                    places.iter().map(|&m| f(m)).collect::<Vec<_>>().join("; ")
                };
                given.push(board.to_string());
                codes.push(join(&|m| dataset.municipalities[m].code.clone()));
                names.push(join(&|m| dataset.municipalities[m].name.clone()));
                boards.push(Some(board.to_string()));
                regions.push(region.clone());
            }
            #[allow(unreachable_patterns)]
            _ => {
                return Err(Error::table(
                    &t.name,
                    format!(
                        "row {} is of a kind this listing does not know",
                        table_row(i)
                    ),
                ))
            }
        }
    }
    Ok(DataFrame::new(
        n,
        vec![
            Column::new("row".into(), row),
            Column::new("given".into(), given),
            Column::new("gemeentecode".into(), codes),
            Column::new("gemeentenaam".into(), names),
            Column::new("bevoegd_gezag".into(), boards),
            Column::new("region".into(), regions),
        ],
    )?)
}

//! Excel output: a real forecast read back cell by cell (with calamine),
//! the metadata sheet, the sheet layout (frozen header, autofilter,
//! widths), Excel's limits as typed errors, and atomic writes.

use std::io::Read;
use std::path::{Path, PathBuf};

use calamine::{open_workbook, Data, Range, Reader, Xlsx};
use polars::prelude::*;
use tekort_core::{forecast::*, params::*, scenario::*};
use tekort_polars::*;

struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> Self {
        let p = std::env::temp_dir().join(format!("tekort-xlsx-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }
    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
    fn entries(&self) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(&self.0)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn forecast_frame(system: &str) -> DataFrame {
    let ds = embedded_dataset().unwrap();
    let regions = resolve_regions(system, ds).unwrap();
    let options = ProjectionOptions {
        until: 2030,
        from: Some(2023),
        ..ProjectionOptions::default()
    };
    let p = project(
        ds,
        &regions,
        &Params::default(),
        &[Scenario::baseline()],
        &options,
    )
    .unwrap();
    projection_to_frame(&p).unwrap()
}

fn sheets(path: &Path) -> (Vec<String>, Range<Data>, Range<Data>) {
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    let names = book.sheet_names();
    let results = book.worksheet_range(RESULTS_SHEET).unwrap();
    let meta = book.worksheet_range(METADATA_SHEET).unwrap();
    (names, results, meta)
}

/// The raw XML of one part of the workbook (the sheet layout that calamine
/// does not show).
fn part(path: &Path, name: &str) -> String {
    let file = std::fs::File::open(path).unwrap();
    let mut zip = ::zip::ZipArchive::new(file).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// The metadata rows as `key -> value` (the first row of each key).
fn meta_value(meta: &Range<Data>, key: &str) -> String {
    for row in meta.rows() {
        if row[0] == Data::String(key.into()) {
            return match &row[1] {
                Data::String(s) => s.clone(),
                other => panic!("{key}: {other:?}"),
            };
        }
    }
    panic!("no metadata row {key:?}")
}

/// The excel column letters of 0-based column `c`.
fn letters(mut c: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap()
}

#[test]
fn a_forecast_reads_back_cell_by_cell_with_its_types() {
    let dir = TempDir::new("roundtrip");
    let path = dir.path("provincie.xlsx");
    let mut df = forecast_frame("provincie");
    assert_eq!(check_output_path(&path).unwrap(), OutputFormat::Xlsx);
    write_frame(&mut df, &path).unwrap();
    let (names, results, _) = sheets(&path);
    assert_eq!(names, vec![RESULTS_SHEET, METADATA_SHEET]);
    assert_eq!(results.get_size(), (df.height() + 1, df.width()));
    for (c, column) in df.columns().iter().enumerate() {
        assert_eq!(
            results.get((0, c)),
            Some(&Data::String(column.name().to_string()))
        );
        let series = column.as_materialized_series();
        for r in 0..df.height() {
            let cell = results.get((r + 1, c)).unwrap();
            match series.dtype() {
                DataType::String => {
                    let v = series.str().unwrap().get(r).unwrap();
                    assert_eq!(cell, &Data::String(v.into()), "{} row {r}", column.name());
                }
                _ => {
                    let v = series
                        .cast(&DataType::Float64)
                        .unwrap()
                        .f64()
                        .unwrap()
                        .get(r)
                        .unwrap();
                    // Exactly the same double: no rounding on the way.
                    assert_eq!(cell, &Data::Float(v), "{} row {r}", column.name());
                }
            }
        }
    }
    // Both periods are there, as text.
    let period = df.get_column_index("period").unwrap();
    assert_eq!(
        results.get((1, period)),
        Some(&Data::String("history".into()))
    );
    assert_eq!(
        results.get((df.height(), period)),
        Some(&Data::String("forecast".into()))
    );
    assert_eq!(dir.entries(), vec!["provincie.xlsx"]);
}

#[test]
fn the_sheet_has_a_frozen_header_an_autofilter_and_fitting_widths() {
    let dir = TempDir::new("layout");
    let path = dir.path("nl.xlsx");
    let mut df = forecast_frame("nl");
    write_frame(&mut df, &path).unwrap();
    let xml = part(&path, "xl/worksheets/sheet1.xml");
    assert!(
        xml.contains(r#"ySplit="1""#) && xml.contains(r#"state="frozen""#),
        "{xml:.600}"
    );
    let last = format!("{}{}", letters(df.width() - 1), df.height() + 1);
    assert!(
        xml.contains(&format!(r#"<autoFilter ref="A1:{last}"/>"#)),
        "{last}"
    );
    // One width per column (runs of equal widths share a <col>), at
    // least as wide as the header.
    let attr = |c: &str, name: &str| -> f64 {
        let v = c.split(&format!(r#" {name}=""#)).nth(1).unwrap();
        v[..v.find('"').unwrap()].parse().unwrap()
    };
    let widths: Vec<f64> = xml
        .split("<col ")
        .skip(1)
        .flat_map(|c| {
            let c = format!(" {c}");
            let n = (attr(&c, "max") - attr(&c, "min")) as usize + 1;
            std::iter::repeat_n(attr(&c, "width"), n)
        })
        .collect();
    assert_eq!(widths.len(), df.width());
    for (w, name) in widths.iter().zip(df.get_column_names()) {
        assert!(*w >= name.len() as f64 && *w <= 61.0, "{name}: {w}");
    }
    // The header is bold.
    assert!(part(&path, "xl/styles.xml").contains("<b/>"));
}

#[test]
fn the_metadata_sheet_records_the_run() {
    let dir = TempDir::new("meta");
    let path = dir.path("meta.xlsx");
    let mut df = forecast_frame("provincie");
    let mut params = Params::default();
    params.demand.pupil_trend_damping = 0.75;
    let meta = WriteMeta {
        command: "tekort forecast --regions provincie --out meta.xlsx".into(),
        params: Some(params.clone()),
        extra: vec![("seed".into(), "7".into())],
        ..WriteMeta::default()
    };
    write_frame_with(&mut df, &path, &meta).unwrap();
    let (_, _, m) = sheets(&path);
    assert_eq!(m.get((0, 0)), Some(&Data::String("key".into())));
    assert_eq!(meta_value(&m, "tekort"), env!("CARGO_PKG_VERSION"));
    assert_eq!(meta_value(&m, "command"), meta.command);
    assert_eq!(meta_value(&m, "region_system"), "provincie");
    assert_eq!(meta_value(&m, "rows"), df.height().to_string());
    assert_eq!(meta_value(&m, "columns"), df.width().to_string());
    assert_eq!(meta_value(&m, "sources"), "Bron: DUO / CBS / OCW");
    assert_eq!(meta_value(&m, "seed"), "7");
    let citation = meta_value(&m, "citation");
    assert!(
        citation.contains("\"Bron: CBS / UN WPP / OECD / OCW / DUO\"")
            && citation.contains("CC-BY 4.0"),
        "{citation}"
    );
    let written = meta_value(&m, "written");
    assert_eq!(written.len(), 20, "{written}");
    assert!(written.starts_with("20") && written.ends_with('Z') && &written[10..11] == "T");
    // The TOML in column B, read back as it stands, is the parameter set.
    let start = m
        .rows()
        .position(|r| r[0] == Data::String("parameters (TOML)".into()))
        .unwrap();
    let toml: String = m
        .rows()
        .skip(start)
        .map(|r| match &r[1] {
            Data::String(s) => format!("{s}\n"),
            Data::Empty => "\n".into(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(Params::from_toml_str(&toml).unwrap(), params);
    assert!(!m.rows().any(|r| r[0] == Data::String("note".into())));
}

#[test]
fn write_frame_records_default_metadata() {
    let dir = TempDir::new("default");
    let path = dir.path("d.xlsx");
    let mut df = df!("region" => ["a", "b"], "region_system" => ["mine", "other"]).unwrap();
    write_frame(&mut df, &path).unwrap();
    let (_, _, m) = sheets(&path);
    assert_eq!(
        meta_value(&m, "command"),
        "tekort_polars::write_frame (Rust)"
    );
    assert_eq!(meta_value(&m, "region_system"), "mine, other");
    assert!(meta_value(&m, "parameters").starts_with("not recorded"));
}

#[test]
fn nulls_nan_strings_and_booleans_keep_their_meaning() {
    let dir = TempDir::new("types");
    let path = dir.path("t.xlsx");
    let mut df = df!(
        "gemeentecode" => [Some("0034"), None, Some("0363"), Some("x")],
        "value" => [Some(1.5), None, Some(f64::NAN), Some(f64::INFINITY)],
        "count" => [Some(3i64), Some(-2), None, Some(1 << 40)],
        "flag" => [Some(true), Some(false), None, Some(true)],
        "small" => [1i32, 2, 3, 4],
    )
    .unwrap();
    write_frame(&mut df, &path).unwrap();
    let (_, r, m) = sheets(&path);
    let s = |x: &str| Data::String(x.into());
    let expected = [
        [
            s("gemeentecode"),
            s("value"),
            s("count"),
            s("flag"),
            s("small"),
        ],
        [
            s("0034"),
            Data::Float(1.5),
            Data::Float(3.0),
            Data::Bool(true),
            Data::Float(1.0),
        ],
        [
            Data::Empty,
            Data::Empty,
            Data::Float(-2.0),
            Data::Bool(false),
            Data::Float(2.0),
        ],
        [
            s("0363"),
            Data::Empty,
            Data::Empty,
            Data::Empty,
            Data::Float(3.0),
        ],
        [
            s("x"),
            Data::Empty,
            Data::Float((1i64 << 40) as f64),
            Data::Bool(true),
            Data::Float(4.0),
        ],
    ];
    for (i, row) in expected.iter().enumerate() {
        assert_eq!(r.rows().nth(i).unwrap(), row, "row {i}");
    }
    assert_eq!(
        meta_value(&m, "note"),
        "2 numbers were NaN or infinite, which Excel cannot hold: their cells are empty"
    );
}

#[test]
fn too_many_rows_is_a_typed_error_naming_the_count() {
    let dir = TempDir::new("rows");
    let path = dir.path("big.xlsx");
    let mut df = df!("year" => vec![2025i32; EXCEL_MAX_ROWS]).unwrap();
    let err = write_frame(&mut df, &path).unwrap_err();
    assert!(matches!(err, Error::ExcelLimit { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(
        msg.contains("1048576 rows") && msg.contains("1048575"),
        "{msg}"
    );
    assert!(msg.contains(".parquet") && msg.contains(".csv"), "{msg}");
    assert!(dir.entries().is_empty(), "{:?}", dir.entries());
    // One row fewer fits (a column of nulls writes no cells, so this is quick).
    let mut fits = DataFrame::new(
        EXCEL_MAX_ROWS - 1,
        vec![Column::full_null(
            "x".into(),
            EXCEL_MAX_ROWS - 1,
            &DataType::Null,
        )],
    )
    .unwrap();
    write_frame(&mut fits, &path).unwrap();
    let xml = part(&path, "xl/worksheets/sheet1.xml");
    assert!(xml.contains(r#"<autoFilter ref="A1:A1048576"/>"#));
}

#[test]
fn too_many_columns_is_a_typed_error_naming_the_count() {
    let dir = TempDir::new("cols");
    let path = dir.path("wide.xlsx");
    let cols: Vec<Column> = (0..=EXCEL_MAX_COLUMNS)
        .map(|i| Column::new(format!("c{i}").into(), [1.0f64]))
        .collect();
    let mut df = DataFrame::new(1, cols).unwrap();
    let err = write_frame(&mut df, &path).unwrap_err();
    assert!(matches!(err, Error::ExcelLimit { .. }), "{err:?}");
    assert!(err.to_string().contains("16385 columns"), "{err}");
    assert!(dir.entries().is_empty());
    let _ = df.drop_in_place("c0").unwrap();
    write_frame(&mut df, &path).unwrap();
    let (_, r, _) = sheets(&path);
    assert_eq!(r.get_size(), (2, EXCEL_MAX_COLUMNS));
}

#[test]
fn a_string_over_excels_limit_is_an_error_and_leaves_the_old_file() {
    let dir = TempDir::new("string");
    let path = dir.path("s.xlsx");
    let fits = "é".repeat(EXCEL_MAX_STRING); // characters, not bytes
    let mut df = df!("note" => [fits.as_str()]).unwrap();
    write_frame(&mut df, &path).unwrap();
    let before = std::fs::read(&path).unwrap();
    let (_, r, _) = sheets(&path);
    assert_eq!(r.get((1, 0)), Some(&Data::String(fits.clone())));
    let long = "x".repeat(EXCEL_MAX_STRING + 1);
    let mut df = df!("a" => [1.0, 2.0], "note" => ["short", long.as_str()]).unwrap();
    let err = write_frame(&mut df, &path).unwrap_err();
    assert!(matches!(err, Error::ExcelLimit { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(
        msg.contains("\"note\"") && msg.contains("row 2") && msg.contains("32768 characters"),
        "{msg}"
    );
    // The old file is untouched and nothing else is there.
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(dir.entries(), vec!["s.xlsx"]);
}

#[test]
fn a_column_no_cell_holds_is_an_error() {
    let dir = TempDir::new("binary");
    let path = dir.path("b.xlsx");
    let bytes: Vec<&[u8]> = vec![b"ab", b"c"];
    let mut df = DataFrame::new(2, vec![Column::new("blob".into(), bytes)]).unwrap();
    let err = write_frame(&mut df, &path).unwrap_err();
    assert!(matches!(err, Error::ExcelLimit { .. }), "{err:?}");
    assert!(err.to_string().contains("\"blob\""), "{err}");
    assert!(dir.entries().is_empty());
}

#[test]
fn a_failed_write_leaves_no_partial_file() {
    let dir = TempDir::new("atomic");
    let mut df = forecast_frame("nl");
    // The whole workbook is written to the temporary file, then the rename
    // over a (non-empty) directory fails: the temporary file goes again.
    let target = dir.path("taken.xlsx");
    std::fs::create_dir(&target).unwrap();
    std::fs::write(target.join("inside"), "kept").unwrap();
    let err = write_frame(&mut df, &target).unwrap_err();
    assert!(matches!(err, Error::Write { .. }), "{err:?}");
    assert!(err.to_string().contains("taken.xlsx"), "{err}");
    assert_eq!(dir.entries(), vec!["taken.xlsx"]);
    assert_eq!(
        std::fs::read_to_string(target.join("inside")).unwrap(),
        "kept"
    );
    assert!(check_output_path(&target).is_err());
    // A missing directory: an error naming it, nothing written.
    let missing = dir.path("no/such/out.xlsx");
    assert!(check_output_path(&missing).is_err());
    let err = write_frame(&mut df, &missing).unwrap_err();
    assert!(err.to_string().contains("no/such/out.xlsx"), "{err}");
    assert_eq!(dir.entries(), vec!["taken.xlsx"]);
}

#[test]
fn the_extension_decides_and_other_spreadsheet_formats_are_refused() {
    let dir = TempDir::new("ext");
    assert_eq!(
        OutputFormat::from_path(Path::new("A.XLSX")).unwrap(),
        OutputFormat::Xlsx
    );
    let mut df = df!("a" => [1]).unwrap();
    for name in ["old.xls", "macro.xlsm", "sheet.ods"] {
        let err = write_frame(&mut df, &dir.path(name)).unwrap_err();
        assert!(matches!(err, Error::UnsupportedFormat { .. }), "{name}");
        assert!(err.to_string().contains(".xlsx"), "{err}");
    }
    assert!(dir.entries().is_empty());
}

//! `--out x.xlsx` end to end: every command with `--out` writes a workbook
//! whose results sheet holds what the CSV holds, typed, and whose metadata
//! sheet records the command line and the parameters.

use std::path::Path;

mod common;
use common::{stderr, stdout, tekort, TempDir};

use calamine::{open_workbook, Data, Range, Reader, Xlsx};

fn ok(args: &[&str]) -> String {
    let o = tekort(args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    stdout(&o)
}

fn sheet(path: &str, name: &str) -> Range<Data> {
    let mut book: Xlsx<_> = open_workbook(Path::new(path)).unwrap();
    book.worksheet_range(name).unwrap()
}

fn meta_value(meta: &Range<Data>, key: &str) -> String {
    meta.rows()
        .find(|r| r[0] == Data::String(key.into()))
        .map(|r| match &r[1] {
            Data::String(s) => s.clone(),
            other => panic!("{key}: {other:?}"),
        })
        .unwrap_or_else(|| panic!("no metadata row {key:?}"))
}

#[test]
fn forecast_xlsx_holds_the_csv_typed_with_the_command_and_parameters() {
    let dir = TempDir::new("xlsx-forecast");
    let params_file = dir.path("p.toml");
    std::fs::write(&params_file, "[demand]\npupil_trend_damping = 0.8\n").unwrap();
    let base = [
        "forecast",
        "--regions",
        "provincie",
        "--sector",
        "vo",
        "--until",
        "2030",
        "--from",
        "2024",
        "--params",
        &params_file,
        "--out",
    ];
    let (xlsx, csv) = (dir.path("vo.xlsx"), dir.path("vo.csv"));
    let out = ok(&[&base[..], &[&xlsx]].concat());
    assert!(out.contains(&format!("Wrote 84 rows to {xlsx}")), "{out}");
    ok(&[&base[..], &[&csv]].concat());
    let results = sheet(&xlsx, "results");
    let text = std::fs::read_to_string(&csv).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(results.height(), lines.len());
    for (r, line) in lines.iter().enumerate() {
        let fields: Vec<&str> = line.split(',').collect();
        assert_eq!(fields.len(), results.width(), "row {r}");
        for (c, field) in fields.iter().enumerate() {
            let cell = results.get((r, c)).unwrap();
            match cell {
                Data::Float(x) => {
                    let y: f64 = field.parse().unwrap();
                    assert!((x - y).abs() <= 1e-9 * y.abs().max(1.0), "{r},{c}: {x} {y}");
                }
                Data::String(s) => {
                    assert_eq!(s, field, "{r},{c}");
                    assert!(r == 0 || field.parse::<f64>().is_err(), "{r},{c}: {field}");
                }
                other => panic!("{r},{c}: {other:?}"),
            }
        }
    }
    let meta = sheet(&xlsx, "metadata");
    let command = meta_value(&meta, "command");
    assert!(
        command.starts_with("tekort forecast --regions provincie")
            && command.ends_with(&format!("--out {xlsx}")),
        "{command}"
    );
    assert_eq!(meta_value(&meta, "region_system"), "provincie");
    assert_eq!(meta_value(&meta, "tekort"), env!("CARGO_PKG_VERSION"));
    let start = meta
        .rows()
        .position(|r| r[0] == Data::String("parameters (TOML)".into()))
        .unwrap();
    let toml: String = meta
        .rows()
        .skip(start)
        .map(|r| match &r[1] {
            Data::String(s) => format!("{s}\n"),
            _ => "\n".into(),
        })
        .collect();
    let params = tekort_core::params::Params::from_toml_str(&toml).unwrap();
    assert_eq!(params.demand.pupil_trend_damping, 0.8);
    assert_eq!(dir.entries(), vec!["p.toml", "vo.csv", "vo.xlsx"]);
}

#[test]
fn every_command_with_out_writes_xlsx() {
    let dir = TempDir::new("xlsx-commands");
    let runs: [(&str, Vec<&str>); 3] = [
        ("monitor", vec!["--regions", "nl", "--until", "2030"]),
        (
            "microsim",
            vec!["--regions", "nl", "--until", "2027", "--runs", "2"],
        ),
        (
            "backtest",
            vec!["--component", "births", "--cutoffs", "2015..2016"],
        ),
    ];
    for (command, args) in &runs {
        let path = dir.path(&format!("{command}.xlsx"));
        let mut full = vec![*command];
        full.extend(args.iter().copied());
        full.extend(["--out", &path]);
        let out = ok(&full);
        assert!(out.contains(&path), "{command}: {out}");
        let results = sheet(&path, "results");
        assert!(results.height() > 1, "{command}");
        assert!(
            results
                .rows()
                .nth(1)
                .unwrap()
                .iter()
                .any(|c| matches!(c, Data::Float(_))),
            "{command}: no number in the first row"
        );
        let meta = sheet(&path, "metadata");
        let recorded = meta_value(&meta, "command");
        assert!(
            recorded.starts_with(&format!("tekort {command} ")),
            "{recorded}"
        );
        assert_eq!(
            meta_value(&meta, "rows"),
            (results.height() - 1).to_string()
        );
    }
}

#[test]
fn an_unwritable_xlsx_fails_before_the_run_and_leaves_nothing() {
    let dir = TempDir::new("xlsx-fail");
    let taken = dir.path("taken.xlsx");
    std::fs::create_dir(&taken).unwrap();
    for out in [taken.as_str(), "/no/such/dir/out.xlsx"] {
        let o = tekort(&["forecast", "--regions", "nl", "--out", out]);
        assert!(!o.status.success(), "{out}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.starts_with("error: ") && err.contains(out), "{err}");
        assert!(o.stdout.is_empty(), "{out}: the run went ahead");
    }
    assert_eq!(dir.entries(), vec!["taken.xlsx"]);
}

/// A `SOURCE_DATE_EPOCH` that cannot be used (not a whole number of
/// seconds, or past the year 9999) is ignored, and the command says so:
/// whoever set it wants byte-identical workbooks and would otherwise not
/// learn that they are not. A usable value gives no warning, and neither
/// does CSV output (which records no time).
#[test]
fn an_unusable_source_date_epoch_is_a_warning() {
    let dir = TempDir::new("xlsx-epoch");
    let out = dir.0.join("e.xlsx").display().to_string();
    let csv = dir.0.join("e.csv").display().to_string();
    let run = |epoch: &str, out: &str| {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_tekort"))
            .args([
                "forecast",
                "--regions",
                "nl",
                "--until",
                "2027",
                "--out",
                out,
            ])
            .env("SOURCE_DATE_EPOCH", epoch)
            .output()
            .expect("the binary runs");
        assert!(o.status.success(), "{epoch}: {}", stderr(&o));
        stderr(&o)
    };
    for bad in ["abc", "-1", "1.5e9", "253402300800", "99999999999999999999"] {
        let err = run(bad, &out);
        assert!(
            err.contains(&format!(
                "warning: SOURCE_DATE_EPOCH=\"{bad}\" is not a whole number of seconds"
            )),
            "{bad}: {err}"
        );
        assert!(!run(bad, &csv).contains("SOURCE_DATE_EPOCH"), "{bad}");
    }
    for good in ["0", "1700000000", "253402300799", ""] {
        let err = run(good, &out);
        assert!(!err.contains("SOURCE_DATE_EPOCH"), "{good}: {err}");
    }
}

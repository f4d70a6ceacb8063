//! Byte-identical outputs: every case of `tests/golden/CASES` is run and
//! its output file and standard output compared with the reference files
//! beside it, made by `scripts/golden.sh` before the core was reorganised
//! (issue 16). A change that means to alter results regenerates them and
//! says so in its commit.

mod common;

use common::{stderr, TempDir};
use std::path::PathBuf;

fn golden_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

/// The cases `(name, args)` of the CASES file.
fn cases() -> Vec<(String, Vec<String>)> {
    let text = std::fs::read_to_string(golden_dir().join("CASES")).unwrap();
    text.lines()
        .filter_map(|l| l.strip_prefix("case "))
        .map(|l| {
            let mut words = l.split_whitespace().map(String::from);
            let name = words.next().expect("a case has a name");
            (name, words.collect())
        })
        .collect()
}

/// The first line where `a` and `b` differ, for the failure message.
fn first_difference(a: &str, b: &str) -> String {
    for (i, (x, y)) in a.lines().zip(b.lines()).enumerate() {
        if x != y {
            return format!("line {}:\n  now:      {x}\n  expected: {y}", i + 1);
        }
    }
    format!(
        "{} lines now, {} expected",
        a.lines().count(),
        b.lines().count()
    )
}

/// The time the reference outputs were made at, as `scripts/golden.sh`
/// sets it: the date on the report (2026-01-01).
const SOURCE_DATE_EPOCH: &str = "1767225600";

fn check_case(name: &str, args: &[String]) {
    let dir = TempDir::new(&format!("golden-{name}"));
    let ext = if args[0] == "report" { "html" } else { "csv" };
    let out = dir.path(&format!("{name}.{ext}"));
    let mut all: Vec<&str> = args.iter().map(String::as_str).collect();
    all.extend(["--out", &out]);
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_tekort"))
        .args(&all)
        .env("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
        .output()
        .expect("the binary runs");
    assert!(o.status.success(), "{name}: {}", stderr(&o));
    let printed = String::from_utf8(o.stdout).unwrap().replace(&out, "{out}");
    let expected = std::fs::read_to_string(golden_dir().join(format!("{name}.stdout"))).unwrap();
    assert!(
        printed == expected,
        "{name}: standard output differs from tests/golden/{name}.stdout, {}",
        first_difference(&printed, &expected)
    );
    let now = std::fs::read(&out).unwrap();
    let expected = std::fs::read(golden_dir().join(format!("{name}.{ext}"))).unwrap();
    assert!(
        now == expected,
        "{name}: {ext} output differs from tests/golden/{name}.{ext}, {}",
        first_difference(
            &String::from_utf8_lossy(&now),
            &String::from_utf8_lossy(&expected)
        )
    );
}

#[test]
fn golden_cases_are_listed() {
    let names: Vec<String> = cases().into_iter().map(|c| c.0).collect();
    for want in ["forecast", "draws200", "microsim20", "monitor", "report"] {
        assert!(names.iter().any(|n| n == want), "no golden case {want}");
    }
}

#[test]
fn outputs_are_byte_identical_to_the_references() {
    for (name, args) in cases() {
        check_case(&name, &args);
    }
}

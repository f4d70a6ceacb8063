//! Guard rails on the command line: implausible levers and results warn on
//! stderr naming the lever, a semicolon region file is read, a scenario
//! that would start after the last projected year is an error.

use std::path::PathBuf;
use std::process::{Command, Output};

fn tekort(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tekort"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Writes `contents` to a file in a per-process temporary directory.
fn file(name: &str, contents: &str) -> String {
    let dir: PathBuf =
        std::env::temp_dir().join(format!("tekort-cli-guard-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, contents).unwrap();
    p.display().to_string()
}

#[test]
fn an_implausible_lever_warns_on_stderr() {
    let small = file("klein.toml", "name = \"klein\"\nclass_size = 0.3\n");
    let o = tekort(&[
        "forecast",
        "--regions",
        "provincie",
        "--until",
        "2030",
        "--scenario",
        &small,
    ]);
    let (out, err) = (text(&o.stdout), text(&o.stderr));
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains(
            "warning: scenario \"klein\": class_size = 0.3 lies outside the plausible band"
        ),
        "{err}"
    );
    assert!(
        err.contains("warning: scenario \"klein\", region \"") && err.contains("of employment in"),
        "{err}"
    );
    assert!(!out.contains("warning:"), "warnings go to stderr: {out}");
    // A plausible run prints no warning.
    let mild = file("mild.toml", "name = \"mild\"\nclass_size = 0.9\n");
    let o = tekort(&["forecast", "--until", "2030", "--scenario", &mild]);
    assert!(o.status.success());
    assert!(!text(&o.stderr).contains("warning:"), "{}", text(&o.stderr));
}

#[test]
fn a_scenario_after_the_last_projected_year_is_an_error() {
    let late = file(
        "laat.toml",
        "name = \"laat\"\nfrom_year = 2090\nzij_instroom = 2\n",
    );
    let o = tekort(&["forecast", "--until", "2040", "--scenario", &late]);
    let err = text(&o.stderr);
    assert!(!o.status.success());
    assert!(
        err.contains("\"laat\"") && err.contains("2090") && err.contains("2040"),
        "{err}"
    );
}

#[test]
fn a_semicolon_region_file_with_names_is_read() {
    let regions = file(
        "haaglanden.csv",
        "gemeentenaam;region\r\nDen Haag;Haaglanden\r\nRijswijk;Haaglanden\r\nDelft;Haaglanden\r\n",
    );
    let o = tekort(&["regions", "--regions", &regions]);
    let out = text(&o.stdout);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(out.contains("Haaglanden\t3 municipalities"), "{out}");
}

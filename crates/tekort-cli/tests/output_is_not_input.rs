//! An output never replaces an input of the same run: `--out` naming the
//! region file, the pupil file, a scenario or parameter file, or a table
//! of `--data` (under any name, through a link) fails before anything runs
//! and leaves the input as it was.

mod common;

use common::{stderr, tekort, TempDir};

#[test]
fn out_naming_an_input_fails_and_leaves_it_intact() {
    let dir = TempDir::new("out-is-input");
    let regions = dir.file("r.csv", "gemeentecode,region\n0014,Noord\n0034,Flevo\n");
    let params = dir.file("p.toml", "");
    let scenario = dir.file("s.toml", "name = \"s\"\nzij_instroom = 1.2\n");
    let cases: Vec<(Vec<&str>, &str, &str)> = vec![
        (
            vec![
                "forecast",
                "--regions",
                &regions,
                "--until",
                "2027",
                "--out",
                &regions,
            ],
            &regions,
            "--regions",
        ),
        (
            vec![
                "forecast", "--params", &params, "--until", "2027", "--out", &params,
            ],
            &params,
            "--params",
        ),
        (
            vec![
                "monitor",
                "--scenario",
                &scenario,
                "--until",
                "2030",
                "--out",
                &scenario,
            ],
            &scenario,
            "--scenario",
        ),
        (
            vec![
                "report",
                "--regions",
                &regions,
                "--region",
                "Noord",
                "--draws",
                "0",
                "--out",
                &regions,
            ],
            &regions,
            "--regions",
        ),
        (
            vec![
                "backtest",
                "--component",
                "births",
                "--regions",
                &regions,
                "--out",
                &regions,
            ],
            &regions,
            "--regions",
        ),
    ];
    for (args, input, option) in cases {
        let before = std::fs::read(input).unwrap();
        let o = tekort(&args);
        let err = stderr(&o);
        assert!(!o.status.success(), "{args:?} succeeded");
        assert!(
            err.contains(option) && err.contains("would replace an input"),
            "{args:?}: {err}"
        );
        assert_eq!(
            std::fs::read(input).unwrap(),
            before,
            "{args:?} changed {input}"
        );
    }
}

#[cfg(unix)]
#[test]
fn a_link_to_an_input_is_the_input() {
    let dir = TempDir::new("out-is-input-link");
    let regions = dir.file("r.csv", "gemeentecode,region\n0014,Noord\n");
    let link = dir.path("results.csv");
    std::fs::hard_link(&regions, &link).unwrap();
    let before = std::fs::read(&regions).unwrap();
    let o = tekort(&[
        "forecast",
        "--regions",
        &regions,
        "--until",
        "2027",
        "--out",
        &link,
    ]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("would replace an input"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read(&regions).unwrap(), before);
}

#[test]
fn a_new_output_beside_the_inputs_is_written() {
    let dir = TempDir::new("out-beside-input");
    let regions = dir.file("r.csv", "gemeentecode,region\n0014,Noord\n");
    let out = dir.path("out.csv");
    let o = tekort(&[
        "forecast",
        "--regions",
        &regions,
        "--until",
        "2027",
        "--out",
        &out,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(std::fs::metadata(&out).unwrap().len() > 0);
}

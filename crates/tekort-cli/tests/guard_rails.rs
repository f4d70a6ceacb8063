//! Guard rails on the command line: implausible levers and results warn on
//! stderr naming the lever, a semicolon region file is read, a scenario
//! that would start after the last projected year is an error.

mod common;
use common::{stderr, stdout, tekort, TempDir};

#[test]
fn an_implausible_lever_warns_on_stderr() {
    let dir = TempDir::new("guard-an_implausible_lever_war");
    let small = dir.file("klein.toml", "name = \"klein\"\nclass_size = 0.3\n");
    let o = tekort(&[
        "forecast",
        "--regions",
        "provincie",
        "--until",
        "2030",
        "--scenario",
        &small,
    ]);
    let (out, err) = (stdout(&o), stderr(&o));
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
    let mild = dir.file("mild.toml", "name = \"mild\"\nclass_size = 0.9\n");
    let o = tekort(&["forecast", "--until", "2030", "--scenario", &mild]);
    assert!(o.status.success());
    assert!(!stderr(&o).contains("warning:"), "{}", stderr(&o));
}

#[test]
fn a_scenario_after_the_last_projected_year_is_an_error() {
    let dir = TempDir::new("guard-a_scenario_after_the_las");
    let late = dir.file(
        "laat.toml",
        "name = \"laat\"\nfrom_year = 2090\nzij_instroom = 2\n",
    );
    let o = tekort(&["forecast", "--until", "2040", "--scenario", &late]);
    let err = stderr(&o);
    assert!(!o.status.success());
    assert!(
        err.contains("\"laat\"") && err.contains("2090") && err.contains("2040"),
        "{err}"
    );
}

#[test]
fn a_semicolon_region_file_with_names_is_read() {
    let dir = TempDir::new("guard-a_semicolon_region_file_");
    let regions = dir.file(
        "haaglanden.csv",
        "gemeentenaam;region\r\nDen Haag;Haaglanden\r\nRijswijk;Haaglanden\r\nDelft;Haaglanden\r\n",
    );
    let o = tekort(&["regions", "--regions", &regions]);
    let out = stdout(&o);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(out.contains("Haaglanden\t3 municipalities"), "{out}");
}

/// `tekort forecast --regions nl --until 2030` with `option file`: its
/// success and stderr.
fn nl_forecast_with(option: &str, file: &str) -> (bool, String) {
    let o = tekort(&[
        "forecast",
        "--regions",
        "nl",
        "--until",
        "2030",
        option,
        file,
    ]);
    (o.status.success(), stderr(&o))
}

#[test]
fn levers_that_cancel_and_odd_pupils_warn_and_dutch_numbers_are_refused() {
    let dir = TempDir::new("guard-levers_that_cancel_and_od");
    let cancel = dir.file(
        "opgeheven.toml",
        "name = \"opgeheven\"\nclass_size = 0.95\nteaching_time = 0.95\n",
    );
    let (ok, err) = nl_forecast_with("--scenario", &cancel);
    assert!(ok, "{err}");
    assert!(
        err.contains("warning: scenario \"opgeheven\": the levers class_size = 0.95 and teaching_time = 0.95 cancel out"),
        "{err}"
    );
    // A pupil file with a gap: interpolated, and said so on stderr.
    let gap = dir.file(
        "gat.csv",
        "region,sector,year,pupils\nNederland,vo,2027,900000\nNederland,vo,2029,880000\n",
    );
    let (ok, err) = nl_forecast_with("--pupils", &gap);
    assert!(ok, "{err}");
    assert!(
        err.contains("warning: pupils")
            && err.contains("no 2028 for Nederland, vo: interpolated linearly"),
        "{err}"
    );
    // Pupils in Dutch thousands: an error naming the cell.
    let dutch = dir.file(
        "punt.csv",
        "region,sector,year,pupils\nNederland,vo,2027,900.000\n",
    );
    let (ok, err) = nl_forecast_with("--pupils", &dutch);
    assert!(!ok);
    assert!(
        err.contains(
            "row 2: \"900.000\" looks like a Dutch-formatted number (900 000?); write 900000"
        ),
        "{err}"
    );
}

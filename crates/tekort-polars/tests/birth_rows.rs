//! A births input gives each year (national) or each municipality and year
//! (municipal) once: a second row is an error naming both rows and the
//! year, not a silent last-row-wins (municipal) or a message about years
//! that "jump" (national).

use polars::prelude::*;
use tekort_core::data::*;
use tekort_polars::*;

fn ds() -> &'static Dataset {
    embedded_dataset().expect("embedded dataset loads")
}

#[test]
fn a_national_year_given_twice_names_both_rows() {
    let once = df!(
        "year" => [2030, 2031, 2032],
        "births" => [170_000.0, 171_000.0, 172_000.0],
    )
    .unwrap();
    demography_from_frame("b", &once, ds()).expect("distinct years are read");

    let twice = df!(
        "year" => [2030, 2031, 2030],
        "births" => [170_000.0, 171_000.0, 180_000.0],
    )
    .unwrap();
    let msg = demography_from_frame("b", &twice, ds())
        .unwrap_err()
        .to_string();
    assert!(
        msg.contains("gives births of \"b\" in 2030 twice: rows 2 and 4"),
        "{msg}"
    );
}

/// Every municipality in 2030 and 2031, with `extra` rows appended.
fn municipal(extra: &[(&str, i32, f64)]) -> DataFrame {
    let mut codes = Vec::new();
    let mut years = Vec::new();
    let mut births = Vec::new();
    for year in [2030, 2031] {
        for m in &ds().municipalities {
            codes.push(m.code.clone());
            years.push(year);
            births.push(500.0);
        }
    }
    for (code, year, b) in extra {
        codes.push(code.to_string());
        years.push(*year);
        births.push(*b);
    }
    df!("gemeentecode" => codes, "year" => years, "births" => births).unwrap()
}

#[test]
fn a_municipality_and_year_given_twice_names_both_rows() {
    demography_from_frame("m", &municipal(&[]), ds()).expect("a complete file is read");

    let n = ds().n_municipalities();
    let i = ds().municipality_index("0363").unwrap();
    // The duplicate comes last: before, it silently replaced Amsterdam's
    // 2031 births.
    let msg = demography_from_frame("m", &municipal(&[("0363", 2031, 9_000.0)]), ds())
        .unwrap_err()
        .to_string();
    let first = n + i + 2;
    let second = 2 * n + 2;
    assert!(
        msg.contains(&format!(
            "gives births twice for 0363 Amsterdam in 2031: rows {first} and {second}"
        )),
        "{msg}"
    );
}

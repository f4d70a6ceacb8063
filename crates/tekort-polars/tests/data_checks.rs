//! Every table of a data directory is checked before it is used: an
//! extreme number in any numeric cell of any table (a year of 1900 or
//! 2100, a count of 10^307, a negative count) is a clear error or a finite
//! result, never a panic and never a NaN.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;

use tekort_core::{data::*, forecast::*, params::*, regions::*, scenario::*};
use tekort_polars::*;

/// What each numeric cell is set to in turn.
const EXTREMES: [&str; 10] = [
    "1e307", "1e12", "1e9", "-5", "2100", "1900", "0", "0.5", "2011", "2025",
];

/// Columns that hold codes, not numbers.
const CODE_COLUMNS: [&str; 6] = [
    "gemeentecode",
    "old_code",
    "new_code",
    "bevoegd_gezag",
    "corop_code",
    "successors",
];

fn table_text(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tekort-data/data")
        .join(name);
    std::fs::read_to_string(path).unwrap()
}

/// Splits a CSV line on commas outside double quotes.
fn cells(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                out.last_mut().unwrap().push(c);
            }
            ',' if !quoted => out.push(String::new()),
            _ => out.last_mut().unwrap().push(c),
        }
    }
    out
}

/// The table `text` with the cell of data row `row` (from 0) and column
/// `col` replaced by `value`.
fn with_cell(text: &str, row: usize, col: usize, value: &str) -> String {
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let mut c = cells(&lines[row + 1]);
    c[col] = value.to_string();
    lines[row + 1] = c.join(",");
    lines.join("\n") + "\n"
}

/// What the deterministic projection to 2030 did with a dataset.
enum Outcome {
    /// A clear error (from the checks or the run).
    Refused(String),
    /// Every value finite.
    Finite,
    /// A NaN or infinity in the result: the position and the value.
    NonFinite(String),
}

fn run(ds: &Dataset) -> Outcome {
    let projection = ds.validate().and_then(|()| {
        let regions = RegionSystem::builtin("arbeidsmarktregio", ds)?;
        let options = ProjectionOptions {
            until: 2030,
            ..ProjectionOptions::default()
        };
        project(
            ds,
            &regions,
            &Params::default(),
            &[Scenario::baseline()],
            &options,
        )
    });
    match projection {
        Err(e) => Outcome::Refused(e.to_string()),
        Ok(p) => match p.values.iter().enumerate().find(|(_, v)| !v.is_finite()) {
            Some((i, v)) => Outcome::NonFinite(format!("value {i} is {v}")),
            None => Outcome::Finite,
        },
    }
}

/// The error of loading `bytes` as `table` and running on it.
fn refusal(table: &str, bytes: &str) -> String {
    match embedded_with_table(table, bytes.as_bytes()) {
        Err(e) => e.to_string(),
        Ok(ds) => match run(&ds) {
            Outcome::Refused(e) => e,
            Outcome::Finite => panic!("{table}: accepted"),
            Outcome::NonFinite(v) => panic!("{table}: accepted, {v}"),
        },
    }
}

#[test]
fn an_extreme_number_in_any_table_is_an_error_or_a_finite_result() {
    let mut failures = Vec::new();
    let mut cases = 0;
    for table in TABLES {
        let text = table_text(table);
        let header = cells(text.lines().next().unwrap());
        let rows = text.lines().count() - 1;
        // The first and the last data row (the last is often the latest
        // year, which the anchor uses).
        for row in [0, rows - 1] {
            let line = cells(text.lines().nth(row + 1).unwrap());
            for (col, name) in header.iter().enumerate() {
                let numeric = line.get(col).is_some_and(|v| v.parse::<f64>().is_ok());
                if !numeric || CODE_COLUMNS.contains(&name.as_str()) {
                    continue;
                }
                for value in EXTREMES {
                    cases += 1;
                    let bytes = with_cell(&text, row, col, value);
                    let outcome = catch_unwind(AssertUnwindSafe(|| {
                        match embedded_with_table(table, bytes.as_bytes()) {
                            Err(_) => Ok(()),
                            Ok(ds) => match run(&ds) {
                                Outcome::NonFinite(v) => Err(format!("NaN or infinity: {v}")),
                                Outcome::Refused(_) | Outcome::Finite => Ok(()),
                            },
                        }
                    }));
                    let what = format!("{table} row {} column {name} = {value}", row + 2);
                    match outcome {
                        Err(panic) => {
                            let msg = panic
                                .downcast_ref::<String>()
                                .cloned()
                                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                                .unwrap_or_default();
                            failures.push(format!("{what}: panic: {msg}"));
                        }
                        Ok(Err(e)) => failures.push(format!("{what}: {e}")),
                        Ok(Ok(())) => {}
                    }
                }
            }
        }
    }
    assert!(cases > 200, "only {cases} cases");
    assert!(
        failures.is_empty(),
        "{} of {cases} cases failed:\n  {}",
        failures.len(),
        failures.join("\n  ")
    );
}

/// The reproducers of issue 21: a measurement year outside the data, and
/// a national shortage of 10^307 fte (or 10^6 to 10^200, which ran). The
/// message names the row by its sector and year (and area).
#[test]
fn the_reported_data_cases_are_errors_naming_the_table() {
    let measured = table_text("measured_shortage.csv");
    let header = cells(measured.lines().next().unwrap());
    let year = header.iter().position(|h| h == "year").unwrap();
    for y in ["2100", "1900"] {
        let err = refusal("measured_shortage.csv", &with_cell(&measured, 0, year, y));
        assert!(
            err.contains("measured_shortage.year (po \"Achterhoek\"): a measurement of")
                && err.contains(y),
            "{err}"
        );
    }
    let national = table_text("national_shortage.csv");
    let header = cells(national.lines().next().unwrap());
    let fte = header.iter().position(|h| h == "shortage_fte").unwrap();
    for v in ["1e307", "1e6", "1e200"] {
        let err = refusal("national_shortage.csv", &with_cell(&national, 0, fte, v));
        assert!(
            err.contains("national_shortage.shortage_fte of mbo in 2024: ")
                && err.contains("must be at most 100,000 fte"),
            "{err}"
        );
    }
}

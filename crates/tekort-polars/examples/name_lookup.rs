//! How long resolving many municipality names takes: the timing that is
//! not a test (issue 21, part 5). A region frame of N rows with a
//! `gemeentenaam` column (mostly repeats of the 342 real names, some
//! written as people write them: `Den Haag`, `rijswijk`, `Bergen NH`), and
//! N names with 1% unknown (only the first few of those get suggestions).
//!
//! ```sh
//! cargo run --release -p tekort-polars --example name_lookup [N]
//! ```
//!
//! N defaults to 100,000. Before the name index (a linear scan folding
//! every municipality for every name) 10^5 names took about 88 s.
use std::time::Instant;

use polars::prelude::*;
use tekort_core::regions::resolve_municipality_names;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: usize = match std::env::args().nth(1) {
        Some(a) => a.parse()?,
        None => 100_000,
    };
    let ds = tekort_polars::embedded_dataset()?;
    let extra = [
        "Den Haag",
        "rijswijk",
        "Bergen NH",
        "SUDWEST FRYSLAN",
        "Den Bosch",
    ];
    let names: Vec<String> = (0..n)
        .map(|i| match i % 10 {
            0 => extra[(i / 10) % extra.len()].to_string(),
            _ => ds.municipalities[i % ds.n_municipalities()].name.clone(),
        })
        .collect();
    let regions = vec!["Noord"; n];
    let frame = df!("gemeentenaam" => names.clone(), "region" => regions)?;

    let t = Instant::now();
    let r = tekort_polars::regions_from_frame("many", &frame, ds)?;
    println!(
        "regions_from_frame, {n} names: {:.3} s ({} regions)",
        t.elapsed().as_secs_f64(),
        r.len()
    );

    let t = Instant::now();
    let found = resolve_municipality_names(ds, &names)?;
    println!(
        "resolve_municipality_names, {n} names: {:.3} s ({} found)",
        t.elapsed().as_secs_f64(),
        found.len()
    );

    let with_unknown: Vec<String> = names
        .iter()
        .enumerate()
        .map(|(i, s)| {
            if i % 100 == 0 {
                format!("Nergenshuizen {i}")
            } else {
                s.clone()
            }
        })
        .collect();
    let t = Instant::now();
    let err = resolve_municipality_names(ds, &with_unknown).unwrap_err();
    println!(
        "resolve_municipality_names, {n} names, 1% unknown: {:.3} s (message of {} bytes)",
        t.elapsed().as_secs_f64(),
        err.to_string().len()
    );
    Ok(())
}

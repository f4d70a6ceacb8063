//! The reference microsimulation of the peer benchmark
//! (`../shared/bench/peer_microsim.py`: 300,000 teachers, 20 yearly steps)
//! run by tekort, timed as the Python script times its peers (one warm-up,
//! then the median of 3), single-threaded and then on all cores:
//!
//! ```sh
//! cargo run --release -p tekort-benches --example microsim_reference
//! ```
//!
//! `benches/microsim_peers.py` runs this beside the NumPy and neworder
//! versions and prints the ratios. It starts it as
//! `microsim_reference --serve`: then the example reads commands from
//! standard input, one a line, and answers each with one line of JSON, so
//! that the script can interleave its rounds with the peers':
//!
//! - `run K`: K runs of the reference model one after the other on this
//!   thread (the same seed each time, as the peers do), timed together:
//!   `{"runs": K, "seconds": …, "person_years": …, "leavers": …,
//!   "mean_age": …, "sd_age": …, "mean_fte": …, "sd_fte": …}` (the
//!   person-years of all K runs, the rest of the last run).

use std::io::{BufRead, Write};
use std::time::Instant;

use tekort_benches::median_of_3;
use tekort_reference::{
    reference_workforce, reference_workforce_runs, ReferenceRun, REFERENCE_BYTES_PER_PERSON,
    REFERENCE_PERSONS, REFERENCE_YEARS,
};

const SEED: u64 = 1;

/// `1234567` as `1,234,567`, as Python's `{:,}`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let head = match digits.len() % 3 {
        0 => 3,
        r => r,
    };
    let mut out = digits[..head].to_string();
    for group in digits.as_bytes()[head..].chunks(3) {
        out.push(',');
        out.extend(group.iter().map(|&b| char::from(b)));
    }
    out
}

/// Answers `run K` commands on standard input (see the module's doc).
fn serve() {
    let stdout = std::io::stdout();
    for line in std::io::stdin().lock().lines() {
        let line = line.expect("a command");
        let mut words = line.split_whitespace();
        let runs: usize = match (words.next(), words.next().map(str::parse)) {
            (Some("run"), Some(Ok(k))) if k > 0 => k,
            (None, _) => continue,
            _ => panic!("unknown command {line:?}: expected `run K`"),
        };
        let t = Instant::now();
        let mut last = None;
        let mut person_years = 0;
        for _ in 0..runs {
            let run = reference_workforce(REFERENCE_PERSONS, REFERENCE_YEARS, SEED);
            person_years += run.person_years;
            last = Some(run);
        }
        let seconds = t.elapsed().as_secs_f64();
        let run = last.expect("at least one run");
        let mut out = stdout.lock();
        writeln!(
            out,
            "{{\"runs\": {runs}, \"seconds\": {seconds}, \"person_years\": {person_years}, \
             \"leavers\": {}, \"mean_age\": {}, \"sd_age\": {}, \"mean_fte\": {}, \
             \"sd_fte\": {}}}",
            run.leavers, run.mean_age, run.sd_age, run.mean_fte, run.sd_fte
        )
        .and_then(|()| out.flush())
        .expect("stdout");
    }
}

fn main() {
    if std::env::args().nth(1).as_deref() == Some("--serve") {
        serve();
        return;
    }
    let (t, run): (f64, ReferenceRun) =
        median_of_3(|| reference_workforce(REFERENCE_PERSONS, REFERENCE_YEARS, SEED));
    let py = run.person_years;
    println!(
        "{:9} {} person-years in {t:.3} s (median of 3) = {:.2} M person-years/s",
        "tekort",
        thousands(py),
        py as f64 / t / 1e6
    );
    println!(
        "tekort    check: {} leavers ({:.2} % a year), after {} years mean age {:.2}, mean fte {:.4}, \
         mean years of service {:.2}; {} bytes per person",
        thousands(run.leavers),
        100.0 * run.leavers as f64 / py as f64,
        run.years,
        run.mean_age,
        run.mean_fte,
        run.mean_years_of_service,
        REFERENCE_BYTES_PER_PERSON
    );

    // All cores: independent runs in parallel (rayon's global pool, which
    // honours RAYON_NUM_THREADS), 4 runs per core.
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let threads = std::env::var("RAYON_NUM_THREADS")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .filter(|&n| n > 0)
        .unwrap_or(cores);
    let runs = 4 * threads;
    let (t, results) =
        median_of_3(|| reference_workforce_runs(REFERENCE_PERSONS, REFERENCE_YEARS, runs, SEED));
    let py: u64 = results.iter().map(|r| r.person_years).sum();
    println!(
        "tekort    all cores: {runs} runs on {threads} threads, {} person-years in {t:.3} s \
         (median of 3) = {:.2} M person-years/s ({:.2} M per thread)",
        thousands(py),
        py as f64 / t / 1e6,
        py as f64 / t / 1e6 / threads as f64
    );
}

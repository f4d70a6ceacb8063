//! The long fuzz run: a million (or `--cases N`) structured-but-broken
//! inputs per loader — region, births and pupil CSV files, parameter and
//! scenario TOML, every table of the data directory (mutated, read in place
//! of the embedded one), and region / births / pupils / backtest frames.
//! Counts results and typed errors by kind, catches panics (printing the
//! seed and case number that reproduce each), and prints a summary table.
//!
//! ```text
//! cargo run --release -p tekort-benches --example fuzz_long -- --cases 1000000 [--seed 1] [--threads 2] [--only region_csv,data/po_pupils.csv]
//! ```
//!
//! Case `i` of loader `L` draws its decisions from a generator seeded by
//! (seed, L, i), so `--only L --from i --cases 1` replays it. The inputs
//! are those of the proptest file `crates/tekort-polars/tests/fuzz.rs`
//! (shared module `fuzz_inputs`). See `docs/fuzzing.md`.

#[path = "../../crates/tekort-polars/tests/fuzz_inputs/mod.rs"]
mod fuzz_inputs;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use fuzz_inputs::{kind, Choices, Ctx, Outcome, Rng};

#[derive(Default)]
struct Tally {
    cases: u64,
    ok: u64,
    errors: BTreeMap<String, u64>,
    panics: Vec<(u64, String)>,
    seconds: f64,
}

fn case_seed(seed: u64, loader: &str, i: u64) -> u64 {
    // FNV-1a of the loader name, mixed with the seed and the case number.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in loader.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    let mut r = Rng(h ^ seed.rotate_left(17) ^ i.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    r.next_u64()
}

/// Scratch files live in memory (`/dev/shm`) where there is one: the file
/// loaders write one file per case, and a disk makes that the bottleneck.
fn scratch_root() -> std::path::PathBuf {
    let shm = std::path::Path::new("/dev/shm");
    if shm.is_dir() {
        shm.to_path_buf()
    } else {
        std::env::temp_dir()
    }
}

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let cases: u64 = arg(&args, "--cases").map_or(10_000, |v| v.parse().expect("--cases N"));
    let from: u64 = arg(&args, "--from").map_or(0, |v| v.parse().expect("--from N"));
    let seed: u64 = arg(&args, "--seed").map_or(1, |v| v.parse().expect("--seed N"));
    let threads: u64 = arg(&args, "--threads").map_or(2, |v| v.parse().expect("--threads N"));
    let only: Option<Vec<String>> =
        arg(&args, "--only").map(|v| v.split(',').map(str::to_string).collect());
    let show = args.iter().any(|a| a == "--show");

    // Panics are caught and counted; the default hook would print each.
    if !show {
        std::panic::set_hook(Box::new(|_| {}));
    }

    let mut loaders: Vec<String> = fuzz_inputs::LOADERS
        .iter()
        .map(|(n, _)| n.to_string())
        .collect();
    loaders.extend(tekort_polars::TABLES.iter().map(|t| format!("data/{t}")));
    // The two slowest loaders last (a changed gemeenten.csv re-reads every
    // table; population_women.csv is only valid whole).
    loaders.sort_by_key(|l| {
        matches!(
            l.as_str(),
            "data/gemeenten.csv" | "data/population_women.csv"
        )
    });
    if let Some(only) = &only {
        loaders.retain(|l| only.contains(l));
    }
    println!(
        "fuzz_long: seed {seed}, {cases} cases per loader from case {from}, {threads} threads, {} loaders",
        loaders.len()
    );

    let mut all: Vec<(String, Tally)> = Vec::new();
    for loader in &loaders {
        let tally = Arc::new(Mutex::new(Tally::default()));
        let next = Arc::new(AtomicU64::new(from));
        let start = Instant::now();
        std::thread::scope(|s| {
            for t in 0..threads {
                let tally = Arc::clone(&tally);
                let next = Arc::clone(&next);
                let loader = loader.clone();
                s.spawn(move || {
                    let dir =
                        scratch_root().join(format!("tekort-fuzz-long-{}-{t}", std::process::id()));
                    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                        .join("../crates/tekort-data/data");
                    let ctx = Ctx::new(&data, dir.clone());
                    let table = loader
                        .strip_prefix("data/")
                        .and_then(|n| tekort_polars::TABLES.iter().position(|t| *t == n));
                    let case = fuzz_inputs::LOADERS
                        .iter()
                        .find(|(n, _)| *n == loader)
                        .map(|(_, f)| *f);
                    let mut local = Tally::default();
                    loop {
                        let i = next.fetch_add(1000, Ordering::Relaxed);
                        if i >= from + cases {
                            break;
                        }
                        for i in i..(i + 1000).min(from + cases) {
                            let mut rng = Rng(case_seed(seed, &loader, i));
                            let c: &mut dyn Choices = &mut rng;
                            let out = match (table, case) {
                                (Some(t), _) => fuzz_inputs::data_table(t, &ctx, c),
                                (None, Some(f)) => f(&ctx, c),
                                (None, None) => unreachable!("filtered above"),
                            };
                            local.cases += 1;
                            match out {
                                Outcome::Ok => local.ok += 1,
                                Outcome::Err(e) => {
                                    if show {
                                        println!("case {i}: {e}");
                                    }
                                    *local.errors.entry(kind(&e)).or_default() += 1
                                }
                                Outcome::Panic(msg) => local.panics.push((i, msg)),
                            }
                        }
                    }
                    let _ = std::fs::remove_dir_all(&dir);
                    let mut t = tally.lock().expect("tally");
                    t.cases += local.cases;
                    t.ok += local.ok;
                    for (k, v) in local.errors {
                        *t.errors.entry(k).or_default() += v;
                    }
                    t.panics.extend(local.panics);
                });
            }
        });
        let mut t = Arc::try_unwrap(tally)
            .ok()
            .expect("threads joined")
            .into_inner()
            .expect("tally");
        t.seconds = start.elapsed().as_secs_f64();
        t.panics.sort();
        let errors: u64 = t.errors.values().sum();
        println!(
            "{loader:<32} {:>9} cases {:>9} ok {:>9} errors {:>4} panics {:>8.1} s",
            t.cases,
            t.ok,
            errors,
            t.panics.len(),
            t.seconds
        );
        for (i, msg) in t.panics.iter().take(5) {
            println!("    PANIC case {i} (replay: --seed {seed} --only {loader} --from {i} --cases 1 --threads 1 --show): {msg}");
        }
        all.push((loader.clone(), t));
    }

    println!();
    println!("| loader | cases | ok | errors by kind | panics | time (s) |");
    println!("|---|---:|---:|---|---:|---:|");
    let mut panics = 0;
    for (loader, t) in &all {
        let kinds: Vec<String> = t.errors.iter().map(|(k, v)| format!("{k} {v}")).collect();
        println!(
            "| {loader} | {} | {} | {} | {} | {:.0} |",
            t.cases,
            t.ok,
            kinds.join(", "),
            t.panics.len(),
            t.seconds
        );
        panics += t.panics.len();
    }
    if panics > 0 {
        eprintln!("{panics} panics");
        std::process::exit(1);
    }
}

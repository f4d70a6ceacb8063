//! Runs the whole-country projection in a loop, for a profiler:
//! `perf record cargo run --release -p tekort-benches --example profile_run`.

use tekort_core::{
    forecast::prepare, forecast::run_from, forecast::ProjectionOptions, params::Params,
    regions::RegionSystem, scenario::Scenario,
};

fn main() {
    let ds = tekort_polars::embedded_dataset().expect("embedded dataset");
    let regions = RegionSystem::builtin("arbeidsmarktregio", ds).expect("built-in system");
    let params = Params::default();
    let options = ProjectionOptions::default();
    let prepared = prepare(ds, &params, &options).unwrap();
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(200);
    let mut total = 0.0;
    for _ in 0..n {
        let p = run_from(
            &prepared,
            &params,
            &[Scenario::baseline()],
            &regions,
            None,
            false,
        )
        .unwrap();
        total += p.values[[0, 0, 0, 0, 0]];
    }
    println!("{total}");
}

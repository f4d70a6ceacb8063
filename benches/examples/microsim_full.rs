//! The full model's microsimulation (`tekort microsim` with its defaults:
//! the embedded data, 35 labour-market regions, every sector, the baseline
//! scenario, years of service and parameter draws on) timed on one core, in
//! person-years per second, to set beside the reference model of the peer
//! benchmark (`microsim_reference`):
//!
//! ```sh
//! cargo run --release -p tekort-benches --example microsim_full [runs]
//! ```
//!
//! One warm-up call, then the median of 3 calls of `runs` runs (default 4)
//! in a rayon pool of one thread. The last line, which
//! `benches/microsim_peers.py` reads, is
//! `full model: R M person-years/s (single core), …`.

use tekort_benches::median_of_3;
use tekort_core::{
    forecast::ProjectionOptions, params::Params, regions::RegionSystem, scenario::Scenario,
    simulation::microsim, simulation::MicroOptions,
};

fn main() {
    let runs: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(4);
    let ds = tekort_polars::embedded_dataset().expect("the embedded data");
    let regions = RegionSystem::builtin("arbeidsmarktregio", ds).expect("built-in regions");
    let params = Params::default();
    let scenarios = [Scenario::baseline()];
    let options = ProjectionOptions::default();
    let micro = MicroOptions {
        runs,
        seed: 7,
        tenure: true,
        uncertainty: true,
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a pool of one thread");
    let call = || {
        pool.install(|| microsim(ds, &regions, &params, &scenarios, &options, &micro, None))
            .expect("the microsimulation runs")
    };
    let (t, last) = median_of_3(call);
    let stats = last.stats;
    let records = stats.persons / runs;
    let years = stats.fte.len();
    println!(
        "full model: {:.2} M person-years/s (single core), {runs} runs of {records} records \
         over {years} years ({} person-years) in {t:.3} s (median of 3)",
        stats.person_years as f64 / t / 1e6,
        stats.person_years
    );
}

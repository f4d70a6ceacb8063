//! Times the whole-country projection (`project`, from parsed inputs) and
//! 1,000 Monte Carlo draws, for a side-by-side comparison of two builds of
//! the engine on one machine (criterion's `project` bench measures the
//! same projection):
//!
//! `cargo run --release -p tekort-benches --example engine_time -- 200`
//!
//! Prints the median and the fastest of `n` projections (default 200),
//! and the time of 1,000 draws, three times.
use std::time::Instant;

use tekort_core::{
    forecast::project, forecast::ProjectionOptions, params::Params, regions::RegionSystem,
    scenario::Scenario, simulation::simulate, simulation::McOptions,
};

fn main() {
    let ds = tekort_polars::embedded_dataset().expect("embedded dataset");
    let regions = RegionSystem::builtin("arbeidsmarktregio", ds).expect("built-in system");
    let (params, options, base) = (
        Params::default(),
        ProjectionOptions::default(),
        [Scenario::baseline()],
    );
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(200);
    let mut times: Vec<f64> = (0..n)
        .map(|_| {
            let t = Instant::now();
            let p = project(ds, &regions, &params, &base, &options).expect("projection");
            std::hint::black_box(&p);
            t.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    times.sort_by(f64::total_cmp);
    println!(
        "project/arbeidsmarktregio/all_sectors/2040: median {:.2} ms, fastest {:.2} ms ({n} runs)",
        times[n / 2],
        times[0]
    );
    for _ in 0..3 {
        let t = Instant::now();
        let s = simulate(
            ds,
            &regions,
            &params,
            &base,
            &options,
            &McOptions {
                draws: 1000,
                seed: 7,
            },
            None,
        )
        .expect("simulation");
        std::hint::black_box(&s);
        println!("1000 draws: {:.2} s", t.elapsed().as_secs_f64());
    }
}

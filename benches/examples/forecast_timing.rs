//! The Rust side of `benches/python_vs_rust.py`: the work of
//! `tekort.forecast()` through the Rust API (the embedded data, the
//! arbeidsmarktregio's, every sector to 2040, the baseline; the projection,
//! its tidy frame and the plausibility warnings), timed `runs` times after
//! one warm-up in one process. Prints one line per run, `rust_ms <ms>`.
//!
//! ```sh
//! cargo build --release -p tekort-benches --example forecast_timing
//! target/release/examples/forecast_timing 20
//! ```
use std::time::Instant;

use tekort_core::prelude::*;

fn main() -> Result<(), tekort_polars::Error> {
    let runs: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(20);
    let ds = tekort_polars::embedded_dataset()?;
    let once = || -> Result<(), tekort_polars::Error> {
        let p = Model::new(ds).forecast()?;
        let frame = tekort_polars::projection_to_frame(&p)?;
        let warnings = tekort_core::monitoring::plausibility_warnings(&p, &[Scenario::baseline()]);
        std::hint::black_box((frame, warnings));
        Ok(())
    };
    once()?;
    for _ in 0..runs {
        let t = Instant::now();
        once()?;
        println!("rust_ms {:.3}", t.elapsed().as_secs_f64() * 1000.0);
    }
    Ok(())
}

//! Speed of the backtests: every component, every cutoff the data allow,
//! horizons 1–10, pupils and staff on the four built-in region systems
//! (what `tekort backtest` computes), and the accuracy report with the
//! calibration grid of the pupil trend (`tekort accuracy`). The embedded
//! dataset is parsed once, outside the timing.

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use tekort_core::{evaluation::backtest, evaluation::BacktestOptions, params::Params};
use tekort_report::accuracy_report;

fn bench(c: &mut Criterion) {
    let ds = tekort_polars::embedded_dataset().expect("embedded dataset");
    let params = Params::default();
    let options = BacktestOptions::new(ds).unwrap();
    let mut group = c.benchmark_group("backtest");
    group.sample_size(20);
    group.bench_function("all_components/4_region_systems", |b| {
        b.iter(|| backtest(black_box(ds), &params, &options).unwrap())
    });
    group.bench_function("accuracy_report_with_calibration", |b| {
        b.iter(|| accuracy_report(black_box(ds), &params).unwrap())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

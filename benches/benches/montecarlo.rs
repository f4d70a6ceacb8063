//! Speed of the Monte Carlo: 1,000 draws of the whole country (35
//! arbeidsmarktregio's, all sectors, the history run from 2021 and the
//! forecast to 2040), parameters, pupil and graduate errors and process
//! noise, on all cores; and the intervals from the draws.

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use tekort_core::{
    forecast::ProjectionOptions, params::Params, regions::RegionSystem, scenario::Scenario,
    simulation::simulate, simulation::McOptions,
};

fn bench(c: &mut Criterion) {
    let ds = tekort_polars::embedded_dataset().expect("embedded dataset");
    let regions = RegionSystem::builtin("arbeidsmarktregio", ds).unwrap();
    let params = Params::default();
    let options = ProjectionOptions::default();
    let baseline = [Scenario::baseline()];
    let mut group = c.benchmark_group("montecarlo");
    group.sample_size(10);
    let mc = McOptions {
        draws: 1000,
        seed: 7,
    };
    group.bench_function("1000_draws/arbeidsmarktregio/all_sectors/2040", |b| {
        b.iter(|| {
            simulate(
                black_box(ds),
                &regions,
                &params,
                &baseline,
                &options,
                &mc,
                None,
            )
            .unwrap()
        })
    });
    let sim = simulate(ds, &regions, &params, &baseline, &options, &mc, None).unwrap();
    group.bench_function("intervals_80_95/1000_draws", |b| {
        b.iter(|| black_box(&sim).intervals(&[80.0, 95.0]).unwrap())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

//! The regional report of one region (`tekort report`): the projection with
//! the history run, 200 Monte Carlo draws for the bands, the indicators and
//! the HTML with its charts. Target: under 1 s.

use criterion::{criterion_group, criterion_main, Criterion};
use tekort_core::{
    forecast::ProjectionOptions, monitoring::monitor, monitoring::IndicatorOptions, params::Params,
    scenario::Scenario,
};
use tekort_report::{report, ReportOptions};

fn bench(c: &mut Criterion) {
    let ds = tekort_polars::embedded_dataset().unwrap();
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/data/examples/onderwijsregio_voorbeelden.csv"
    );
    let regions = tekort_polars::read_region_file(path.as_ref(), ds).unwrap();
    let base = [Scenario::baseline()];
    let mut group = c.benchmark_group("report");
    group.sample_size(10);
    group.bench_function("one_region_200_draws", |b| {
        let ro = ReportOptions {
            region: "Onderwijsregio Haaglanden".into(),
            ..ReportOptions::default()
        };
        b.iter(|| {
            report(
                ds,
                &regions,
                &Params::default(),
                &base,
                &ProjectionOptions::default(),
                &ro,
            )
            .unwrap()
        })
    });
    group.bench_function("monitor_arbeidsmarktregio", |b| {
        let amr = tekort_core::regions::RegionSystem::builtin("arbeidsmarktregio", ds).unwrap();
        b.iter(|| {
            monitor(
                ds,
                &amr,
                &Params::default(),
                &base,
                &ProjectionOptions::default(),
                &IndicatorOptions::default(),
                None,
            )
            .unwrap()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

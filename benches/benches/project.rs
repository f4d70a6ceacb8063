//! Speed of a whole-country projection: 35 arbeidsmarktregio's, all five
//! sectors, the history run from 2021 and the forecast to 2040, baseline,
//! single-threaded, from parsed inputs (the embedded dataset is parsed
//! once, outside the timing).

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use tekort_core::{
    forecast::prepare, forecast::project, forecast::run_from, forecast::ProjectionOptions,
    params::Params, regions::RegionSystem, scenario::Scenario,
};

fn bench(c: &mut Criterion) {
    let ds = tekort_polars::embedded_dataset().expect("embedded dataset");
    let regions = RegionSystem::builtin("arbeidsmarktregio", ds).expect("built-in system");
    let params = Params::default();
    let options = ProjectionOptions::default();
    let baseline = [Scenario::baseline()];

    c.bench_function("project/arbeidsmarktregio/all_sectors/2040", |b| {
        b.iter(|| project(black_box(ds), &regions, &params, &baseline, &options).unwrap())
    });
    let with_ages = ProjectionOptions {
        ages: true,
        ..ProjectionOptions::default()
    };
    c.bench_function(
        "project_with_ages/arbeidsmarktregio/all_sectors/2040",
        |b| b.iter(|| project(black_box(ds), &regions, &params, &baseline, &with_ages).unwrap()),
    );

    // What `tekort.forecast()` does in Python, minus the boundary: project
    // and build the tidy frame.
    c.bench_function("project_to_frame/arbeidsmarktregio/all_sectors/2040", |b| {
        b.iter(|| {
            let p = project(black_box(ds), &regions, &params, &baseline, &options).unwrap();
            tekort_polars::projection_to_frame(&p).unwrap()
        })
    });

    // Writing the default forecast (2,800 rows × 35 columns) atomically:
    // Excel beside CSV and Parquet.
    let mut frame = tekort_polars::projection_to_frame(
        &project(ds, &regions, &params, &baseline, &options).unwrap(),
    )
    .unwrap();
    let out_dir = std::env::temp_dir().join(format!("tekort-bench-{}", std::process::id()));
    std::fs::create_dir_all(&out_dir).unwrap();
    for ext in ["xlsx", "csv", "parquet"] {
        let path = out_dir.join(format!("forecast.{ext}"));
        c.bench_function(&format!("write_frame/{ext}/default_forecast"), |b| {
            b.iter(|| tekort_polars::write_frame(black_box(&mut frame), &path).unwrap())
        });
    }
    let _ = std::fs::remove_dir_all(&out_dir);

    let prepared = prepare(ds, &params, &options).unwrap();
    c.bench_function("prepare/all_sectors/2040", |b| {
        b.iter(|| prepare(black_box(ds), &params, &options).unwrap())
    });
    c.bench_function("run_only/arbeidsmarktregio/all_sectors/2040", |b| {
        b.iter(|| {
            run_from(
                black_box(&prepared),
                &params,
                &baseline,
                &regions,
                None,
                false,
            )
            .unwrap()
        })
    });

    let municipalities: Vec<(String, String)> = ds
        .municipalities
        .iter()
        .map(|m| (m.code.clone(), m.code.clone()))
        .collect();
    let per_municipality = RegionSystem::from_pairs("gemeente", ds, &municipalities).unwrap();
    c.bench_function("project/342_municipalities/all_sectors/2040", |b| {
        b.iter(|| {
            project(
                black_box(ds),
                &per_municipality,
                &params,
                &baseline,
                &options,
            )
            .unwrap()
        })
    });

    let data_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../data");
    c.bench_function("load_dataset_dir/data", |b| {
        b.iter(|| tekort_polars::load_dataset_dir(black_box(&data_dir)).unwrap())
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);

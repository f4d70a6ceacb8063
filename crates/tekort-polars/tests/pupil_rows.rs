//! A user's pupil forecast gives each region, sector and year once: a
//! duplicate row, or `po` beside one of its types, is an error naming both
//! rows (it used to be applied silently, the last row winning).

use polars::prelude::*;
use tekort_core::{data::*, forecast::*, params::*, regions::*, scenario::*};
use tekort_polars::*;

fn ds() -> &'static Dataset {
    embedded_dataset().expect("embedded dataset loads")
}

fn run_with(frame: &DataFrame) -> std::result::Result<Projection, String> {
    let regions = RegionSystem::builtin("provincie", ds()).unwrap();
    let pupils = pupils_from_frame("p", frame, &regions).map_err(|e| e.to_string())?;
    let options = ProjectionOptions {
        until: 2032,
        pupils: Some(pupils),
        ..ProjectionOptions::default()
    };
    project(
        ds(),
        &regions,
        &Params::default(),
        &[Scenario::baseline()],
        &options,
    )
    .map_err(|e| e.to_string())
}

#[test]
fn each_region_sector_and_year_once() {
    let once = df!(
        "region" => ["Utrecht", "Utrecht", "Utrecht"],
        "sector" => ["po_bo", "po_sbo", "vo"],
        "year" => [2030, 2030, 2030],
        "pupils" => [120_000.0, 3_000.0, 80_000.0],
    )
    .unwrap();
    run_with(&once).expect("distinct rows are used");
    let duplicate = df!(
        "region" => ["Utrecht", "Groningen", "Utrecht"],
        "sector" => ["vo", "vo", "vo"],
        "year" => [2030, 2030, 2030],
        "pupils" => [80_000.0, 30_000.0, 81_000.0],
    )
    .unwrap();
    let err = run_with(&duplicate).unwrap_err();
    assert!(
        err.contains("twice for Utrecht, vo, 2030") && err.contains("rows 2 and 4"),
        "{err}"
    );
    let overlapping = df!(
        "region" => ["Utrecht", "Utrecht"],
        "sector" => ["po", "po_bo"],
        "year" => [2031, 2031],
        "pupils" => [125_000.0, 120_000.0],
    )
    .unwrap();
    let err = run_with(&overlapping).unwrap_err();
    assert!(
        err.contains("twice for Utrecht, po_bo, 2031") && err.contains("po beside"),
        "{err}"
    );
}

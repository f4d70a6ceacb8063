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

/// Pupils written the Dutch way (`66.000` for 66 000) were read as 66
/// pupils and gave a shortage of −99.9 % without a word: a count in Dutch
/// thousands, or any number with a decimal comma, is an error naming the
/// column, the row and the cell, from a frame and from a CSV file alike.
#[test]
fn dutch_formatted_pupils_are_refused_naming_the_cell() {
    let regions = RegionSystem::builtin("nl", ds()).unwrap();
    let frame = df!(
        "region" => ["Nederland", "Nederland"],
        "sector" => ["po", "po"],
        "year" => [2030, 2031],
        "pupils" => ["1400000", "1.366.000"],
    )
    .unwrap();
    let msg = pupils_from_frame("p", &frame, &regions)
        .unwrap_err()
        .to_string();
    assert!(
        msg.contains(
            "column \"pupils\", row 3: \"1.366.000\" looks like a Dutch-formatted number (1 366 000?); write 1366000"
        ),
        "{msg}"
    );
    let dir = std::env::temp_dir().join(format!("tekort-dutch-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("pupils.csv");
    let read = |rows: &str| {
        std::fs::write(&path, format!("region,sector,year,pupils\n{rows}")).unwrap();
        read_pupil_file(&path, &regions)
    };
    let msg = read("Nederland,vo,2030,\"1.234,5\"\nNederland,po,2031,66.000\n")
        .unwrap_err()
        .to_string();
    assert!(
        msg.contains("pupils.csv")
            && msg.contains(
                "row 2: \"1.234,5\" looks like a Dutch-formatted number (1 234.5?); write 1234.5"
            ),
        "{msg}"
    );
    let msg = read("Nederland,po,2031,66.000\n").unwrap_err().to_string();
    assert!(
        msg.contains(
            "row 2: \"66.000\" looks like a Dutch-formatted number (66 000?); write 66000"
        ),
        "{msg}"
    );
    // Plain numbers in text are read, in a file and in a frame.
    let f = read("Nederland,po,2031,1366000\n").unwrap();
    assert_eq!(f.rows[0].3, 1_366_000.0);
    let plain = df!(
        "region" => ["Nederland"], "sector" => ["po"], "year" => ["2031"], "pupils" => ["1366000.0"],
    )
    .unwrap();
    assert_eq!(
        pupils_from_frame("p", &plain, &regions).unwrap().rows[0].3,
        1_366_000.0
    );
    std::fs::remove_dir_all(&dir).ok();
}

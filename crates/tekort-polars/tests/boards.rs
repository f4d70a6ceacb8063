//! Regions drawn from school boards (DUO bevoegd gezag): a board's po and
//! vo schools belong to its region wherever they stand, the rest of their
//! municipality stays with its own region, and the nation is the same as
//! under any other region system.

use std::io::Write;
use std::path::PathBuf;

use polars::prelude::*;
use tekort_core::{data::*, forecast::*, params::*, regions::*, scenario::*, sector::*};
use tekort_polars::*;

fn ds() -> &'static Dataset {
    embedded_dataset().expect("embedded dataset loads")
}

fn shared_data() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data")
}

fn project_on(regions: &RegionSystem, from: Option<i32>) -> Projection {
    let options = ProjectionOptions {
        until: 2032,
        from,
        ..ProjectionOptions::default()
    };
    project(
        ds(),
        regions,
        &Params::default(),
        &[Scenario::baseline()],
        &options,
    )
    .unwrap()
}

fn write_csv(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tekort-boards-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::File::create(&path)
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    path
}

/// The board's pupils in the latest year of `sector`, from the dataset.
fn board_pupils(board: &str, sector: Sector) -> f64 {
    ds().board_pupils
        .iter()
        .filter(|b| b.board == board && b.sector == sector)
        .map(|b| b.pupils)
        .sum()
}

/// Every additive column of every region adds up to the nation's.
fn assert_adds_up(p: &Projection, nl: &Projection) {
    assert_eq!(p.years, nl.years);
    for s in 0..p.sectors.len() {
        for y in 0..p.years.len() {
            for v in Variable::ALL.iter().filter(|v| v.is_additive()) {
                if matches!(v, Variable::InflowMoversFte | Variable::OutflowMoversFte) {
                    continue;
                }
                let sum: f64 = (0..p.regions.len())
                    .map(|r| p.get(0, r, s, y, *v).unwrap())
                    .sum();
                let want = nl.get(0, 0, s, y, *v).unwrap();
                assert!(
                    (sum - want).abs() <= 1e-9 * want.abs().max(1.0),
                    "{} {} sector {s} year {y}: {sum} vs {want}",
                    p.region_system,
                    v.name()
                );
            }
        }
    }
}

// Stichting with schools in Den Haag (bo, sbo, so/vso) and so/vso in two
// other municipalities; a vo board in Groningen (0014).
const PO_BOARD: &str = "41572";
const VO_BOARD: &str = "28212";

#[test]
fn a_board_drawn_region_holds_the_boards_pupils_and_the_nation_adds_up() {
    let path = write_csv(
        "boards.csv",
        &format!("bevoegd_gezag,region\n{PO_BOARD},Stichting po\n{VO_BOARD},Stichting vo\n"),
    );
    let regions = read_region_file(&path, ds()).unwrap();
    assert_eq!(
        regions.regions,
        ["Stichting po", "Stichting vo", REST_REGION]
    );
    assert!(regions.boards.len() >= 5, "{:?}", regions.boards);
    let p = project_on(&regions, Some(2021));
    let base = p.year_index(2025).unwrap();
    let po = p.region_index("Stichting po").unwrap();
    let vo = p.region_index("Stichting vo").unwrap();
    for sector in [Sector::PoBo, Sector::PoSbo, Sector::PoSoVso] {
        let k = p.sector_index(sector).unwrap();
        let got = p.get(0, po, k, base, Variable::Pupils).unwrap();
        assert!(
            (got - board_pupils(PO_BOARD, sector)).abs() < 1e-6,
            "{sector:?}: {got}"
        );
        assert!(got > 0.0);
    }
    let k_vo = p.sector_index(Sector::Vo).unwrap();
    assert!(
        (p.get(0, vo, k_vo, base, Variable::Pupils).unwrap() - board_pupils(VO_BOARD, Sector::Vo))
            .abs()
            < 1e-6
    );
    // A po board has no vo schools, and mbo has no board data: both stay
    // with the municipality.
    assert_eq!(p.get(0, po, k_vo, base, Variable::Pupils).unwrap(), 0.0);
    let k_mbo = p.sector_index(Sector::Mbo).unwrap();
    for y in 0..p.years.len() {
        assert_eq!(
            p.get(0, po, k_mbo, y, Variable::EmploymentFte).unwrap(),
            0.0
        );
    }
    // Teachers and shortage follow the schools.
    let k_bo = p.sector_index(Sector::PoBo).unwrap();
    assert!(p.get(0, po, k_bo, base, Variable::EmploymentFte).unwrap() > 100.0);
    let nl = project_on(&RegionSystem::builtin("nl", ds()).unwrap(), Some(2021));
    assert_adds_up(&p, &nl);
}

#[test]
fn municipalities_and_boards_mixed_the_example_onderwijsregio() {
    // Onderwijsregio Haaglanden from the example file, plus a board from
    // Groningen drawn into it.
    let examples = shared_data().join("examples/onderwijsregio_voorbeelden.csv");
    let text = std::fs::read_to_string(&examples).unwrap();
    let mut mixed = String::from("gemeentecode,bevoegd_gezag,region\n");
    for line in text.lines().skip(1) {
        let (code, region) = line.split_once(',').unwrap();
        if region.contains("Haaglanden") {
            mixed.push_str(&format!("{code},,{region}\n"));
        }
    }
    mixed.push_str(&format!(",{VO_BOARD},Onderwijsregio Haaglanden\n"));
    let path = write_csv("mixed.csv", &mixed);
    let with_board = read_region_file(&path, ds()).unwrap();
    let plain = read_region_file(&examples, ds()).unwrap();
    let a = project_on(&with_board, None);
    let b = project_on(&plain, None);
    let hg = |p: &Projection| p.region_index("Onderwijsregio Haaglanden").unwrap();
    let k_vo = a.sector_index(Sector::Vo).unwrap();
    let base = a.year_index(2025).unwrap();
    let diff = a.get(0, hg(&a), k_vo, base, Variable::Pupils).unwrap()
        - b.get(0, hg(&b), k_vo, base, Variable::Pupils).unwrap();
    assert!(
        (diff - board_pupils(VO_BOARD, Sector::Vo)).abs() < 1e-6,
        "{diff}"
    );
    let nl = project_on(&RegionSystem::builtin("nl", ds()).unwrap(), None);
    assert_adds_up(&a, &nl);
    assert_adds_up(&b, &nl);
}

#[test]
fn boards_from_a_frame_with_integer_numbers() {
    let df = df!(
        "gemeentecode" => [Some("0034"), None],
        "bevoegd_gezag" => [None, Some(41572i64)],
        "region" => ["Almere", "Stichting"],
    )
    .unwrap();
    let regions = regions_from_frame("mine", &df, ds()).unwrap();
    assert_eq!(regions.regions, ["Almere", "Stichting", REST_REGION]);
    assert!(!regions.boards.is_empty());
}

#[test]
fn bad_board_rows_are_named() {
    let cases = [
        (
            "bevoegd_gezag,region\n99999,A\n41572,B\n88888,C\n",
            "99999 (row 2), 88888 (row 4)",
        ),
        ("bevoegd_gezag,region\n41572,A\n41572,B\n", "41572"),
        (
            "gemeentecode,bevoegd_gezag,region\n0034,41572,A\n",
            "row 2 gives both",
        ),
        (
            "gemeentecode,bevoegd_gezag,region\n,,A\n",
            "row 2 gives neither",
        ),
    ];
    for (i, (text, needle)) in cases.iter().enumerate() {
        let path = write_csv(&format!("bad{i}.csv"), text);
        let err = read_region_file(&path, ds()).unwrap_err().to_string();
        assert!(err.contains(needle), "{text:?}: {err}");
    }
}

#[test]
fn codes_and_boards_written_as_whole_floats_are_read() {
    let df = df!(
        "gemeentecode" => [Some(34.0f64), None],
        "bevoegd_gezag" => [None, Some(41572.0f64)],
        "region" => ["Almere", "Stichting"],
    )
    .unwrap();
    let regions = regions_from_frame("floats", &df, ds()).unwrap();
    assert_eq!(regions.regions, ["Almere", "Stichting", REST_REGION]);
    let bad = df!("gemeentecode" => [34.5f64], "region" => ["x"]).unwrap();
    assert!(regions_from_frame("bad", &bad, ds()).is_err());
}

#[test]
fn a_region_with_a_board_is_never_measured() {
    // The municipalities of arbeidsmarktregio Groningen: measured in 2023,
    // unless a school board's schools are drawn into (or out of) it.
    let codes: Vec<&str> = ds()
        .municipalities
        .iter()
        .filter(|m| m.arbeidsmarktregio == "Groningen")
        .map(|m| m.code.as_str())
        .collect();
    let mut plain = String::from("gemeentecode,bevoegd_gezag,region\n");
    for code in &codes {
        plain.push_str(&format!("{code},,Groningen\n"));
    }
    let with_board = format!("{plain},{VO_BOARD},Stichting vo\n");
    let kind = |text: &str, region: &str| {
        let path = write_csv("kind.csv", text);
        let p = project_on(&read_region_file(&path, ds()).unwrap(), Some(2023));
        p.kind(p.region_index(region).unwrap(), Sector::Vo, 2023)
    };
    assert_eq!(kind(&plain, "Groningen"), IndicatorKind::Measured);
    assert_eq!(kind(&with_board, "Groningen"), IndicatorKind::Estimated);
    assert_eq!(kind(&with_board, "Stichting vo"), IndicatorKind::Estimated);
}

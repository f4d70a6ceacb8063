//! Region inputs as new analysts write them: spreadsheet CSV dialects
//! (semicolons, BOM, CRLF, Windows-1252), codes written as floats, many
//! wrong codes at once, split municipalities, and municipality names
//! (`Den Haag`, `Rijswijk`, `Bergen`) instead of codes.

use std::path::PathBuf;

use polars::prelude::*;
use tekort_core::{
    data::*, error::*, forecast::*, monitoring::*, params::*, regions::*, scenario::*,
};
use tekort_polars::{
    embedded_dataset, read_region_file, regions_from_frame, resolve_regions, Error,
};

fn ds() -> &'static Dataset {
    embedded_dataset().expect("embedded dataset loads")
}

/// Writes `bytes` to a fresh file in a per-process temporary directory.
fn write_file(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tekort-inputs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn code_of(name: &str) -> usize {
    ds().municipalities
        .iter()
        .position(|m| m.name == name)
        .unwrap_or_else(|| panic!("{name} in the dataset"))
}

/// The region of the municipality named `name`.
fn region_of<'a>(r: &'a RegionSystem, name: &str) -> &'a str {
    &r.regions[r.assignment[code_of(name)]]
}

#[test]
fn spreadsheet_dialects_of_one_region_file_read_alike() {
    let lines = [
        ("gemeentecode", "region"),
        ("0363", "Amsterdam e.o."),
        ("0384", "Amsterdam e.o."),
        ("0518", "Den Haag"),
    ];
    let join = |sep: &str, eol: &str| -> String {
        lines
            .iter()
            .map(|(a, b)| format!("{a}{sep}{b}{eol}"))
            .collect()
    };
    let reference =
        read_region_file(&write_file("comma.csv", join(",", "\n").as_bytes()), ds()).unwrap();
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend(join(";", "\r\n").into_bytes());
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in join("\t", "\r\n").encode_utf16() {
        utf16.extend(unit.to_le_bytes());
    }
    let variants: Vec<(&str, Vec<u8>)> = vec![
        ("semicolon.csv", join(";", "\n").into_bytes()),
        ("tab.csv", join("\t", "\n").into_bytes()),
        ("crlf.csv", join(",", "\r\n").into_bytes()),
        ("bom_semicolon_crlf.csv", bom),
        ("utf16.csv", utf16),
        (
            "headers.csv",
            join(";", "\n")
                .replacen("gemeentecode;region", " Gemeentecode ; REGION ", 1)
                .into_bytes(),
        ),
    ];
    for (name, bytes) in variants {
        let r = read_region_file(&write_file(name, &bytes), ds())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(r.regions, reference.regions, "{name}");
        assert_eq!(r.assignment, reference.assignment, "{name}");
    }
}

#[test]
fn a_windows_1252_file_is_read_with_its_accents() {
    // "Súdwest-Fryslân" as Excel writes it in Windows-1252: ú = 0xFA, â = 0xE2.
    let mut bytes = b"gemeentecode;region\n1900;S".to_vec();
    bytes.push(0xFA);
    bytes.extend(b"dwest-Frysl");
    bytes.push(0xE2);
    bytes.extend(b"n\n");
    assert!(std::str::from_utf8(&bytes).is_err());
    let r = read_region_file(&write_file("cp1252.csv", &bytes), ds()).unwrap();
    assert_eq!(r.regions[0], "Súdwest-Fryslân");
    // A byte Windows-1252 does not define is an error naming the file.
    let mut bad = b"gemeentecode,region\n1900,X".to_vec();
    bad.push(0x81);
    bad.extend(b"\n");
    let path = write_file("undefined_byte.csv", &bad);
    let err = read_region_file(&path, ds()).unwrap_err().to_string();
    assert!(
        err.contains("undefined_byte.csv") && err.contains("0x81") && err.contains("UTF-8"),
        "{err}"
    );
}

#[test]
fn a_one_column_header_says_what_was_found_and_hints_at_the_separator() {
    // A separator the reader does not take (a pipe) leaves one column.
    let path = write_file("pipe.csv", b"gemeentecode|region\n0363|A\n");
    let err = read_region_file(&path, ds()).unwrap_err().to_string();
    assert!(
        err.contains("missing column") && err.contains("gemeentecode|region"),
        "{err}"
    );
}

#[test]
fn float_codes_are_read_in_files_and_frames() {
    let path = write_file("floats.csv", b"gemeentecode,region\n363.0,A\n34.0,B\n");
    let r = read_region_file(&path, ds()).unwrap();
    assert_eq!(region_of(&r, "Amsterdam"), "A");
    assert_eq!(region_of(&r, "Almere"), "B");
    // As pandas hands over an integer column after a NaN: floats and a null.
    let frame = df!(
        "gemeentecode" => [Some(363.0), None, Some(34.0)],
        "bevoegd_gezag" => [None, Some(41572.0), None],
        "region" => ["A", "S", "B"]
    )
    .unwrap();
    let r = regions_from_frame("floats", &frame, ds()).unwrap();
    assert_eq!(region_of(&r, "Amsterdam"), "A");
    assert_eq!(r.regions, ["A", "S", "B", REST_REGION]);
}

#[test]
fn every_unknown_code_is_reported_at_once_with_its_spreadsheet_row() {
    let path = write_file(
        "many_bad.csv",
        b"gemeentecode,region\n0363,A\n9876,A\n0034,B\n0457,B\n12345,C\n",
    );
    let err = read_region_file(&path, ds()).unwrap_err();
    let msg = err.to_string();
    // Header = row 1: 9876 is on row 3, 0457 on row 5, 12345 on row 6.
    for needle in [
        "\"9876\"",
        "in row 3",
        "\"0457\"",
        "in row 5",
        "\"12345\"",
        "in row 6",
    ] {
        assert!(msg.contains(needle), "{needle}: {msg}");
    }
    assert!(
        matches!(&err, Error::Core(TekortError::UnknownMunicipality { code, .. }) if code == "9876"),
        "{err:?}"
    );
    assert!(!msg.contains("entry"), "{msg}");
    // Unknown codes and unknown boards together, each with its row.
    let frame = df!(
        "gemeentecode" => [Some("9876"), None, None],
        "bevoegd_gezag" => [None, Some("99999"), Some("88888")],
        "region" => ["A", "B", "C"]
    )
    .unwrap();
    let msg = regions_from_frame("mixed", &frame, ds())
        .unwrap_err()
        .to_string();
    for needle in ["\"9876\"", "row 2", "99999 (row 3)", "88888 (row 4)"] {
        assert!(msg.contains(needle), "{needle}: {msg}");
    }
}

#[test]
fn other_row_errors_use_the_same_row_numbers() {
    let frame = df!("gemeentecode" => ["0363", "0034"], "region" => ["A", " "]).unwrap();
    let msg = regions_from_frame("blank", &frame, ds())
        .unwrap_err()
        .to_string();
    assert!(msg.contains("row 3") && !msg.contains("entry"), "{msg}");
    let frame = df!("gemeentecode" => ["0363", "363"], "region" => ["A", "B"]).unwrap();
    let msg = regions_from_frame("twice", &frame, ds())
        .unwrap_err()
        .to_string();
    assert!(msg.contains("both") && msg.contains("row 3"), "{msg}");
}

#[test]
fn a_split_municipality_names_every_successor() {
    let frame = df!("gemeentecode" => ["0788"], "region" => ["Haaren"]).unwrap();
    let msg = regions_from_frame("haaren", &frame, ds())
        .unwrap_err()
        .to_string();
    assert!(msg.contains("split"), "{msg}");
    for part in [
        "0824 Oisterwijk",
        "0865 Vught",
        "0757 Boxtel",
        "0855 Tilburg",
    ] {
        assert!(msg.contains(part), "{part}: {msg}");
    }
    assert!(!msg.contains("merged"), "{msg}");
    // A plain merger still names its one successor.
    let frame = df!("gemeentecode" => ["0457"], "region" => ["Weesp"]).unwrap();
    let msg = regions_from_frame("weesp", &frame, ds())
        .unwrap_err()
        .to_string();
    assert!(
        msg.contains("merged into 0363 Amsterdam") && msg.contains("use 0363"),
        "{msg}"
    );
}

#[test]
fn names_resolve_with_aliases_and_qualifiers() {
    let one = |name: &str| {
        resolve_municipality_name(ds(), name)
            .map(|m| ds().municipalities[m].name.clone())
            .unwrap_or_else(|e| panic!("{name}: {e}"))
    };
    assert_eq!(one("Den Haag"), "'s-Gravenhage");
    assert_eq!(one("s-gravenhage"), "'s-Gravenhage");
    assert_eq!(one("Rijswijk"), "Rijswijk (ZH.)");
    assert_eq!(one("Hengelo"), "Hengelo (O.)");
    assert_eq!(one("Den Bosch"), "'s-Hertogenbosch");
    assert_eq!(one("SUDWEST FRYSLAN"), "Súdwest-Fryslân");
    assert_eq!(one("Nuenen"), "Nuenen, Gerwen en Nederwetten");
    assert_eq!(one("Bergen (NH.)"), "Bergen (NH.)");
    assert_eq!(one("Bergen NH"), "Bergen (NH.)");
    assert_eq!(one("Bergen Limburg"), "Bergen (L.)");
    assert_eq!(one("Bergen op Zoom"), "Bergen op Zoom");
    assert_eq!(one("0363"), "Amsterdam");
    // Only Bergen is a shared name in the 2026 list.
    let names = |q: &str| municipalities_named(ds(), q).len();
    assert_eq!(names("Bergen"), 2);
    for unique in ["Beek", "Laren", "Middelburg", "Stein", "Hengelo"] {
        assert_eq!(names(unique), 1, "{unique}");
    }
}

#[test]
fn an_ambiguous_name_lists_the_candidates() {
    let err = resolve_municipality_name(ds(), "Bergen").unwrap_err();
    assert!(
        matches!(err, TekortError::MunicipalityName { .. }),
        "{err:?}"
    );
    let msg = err.to_string();
    assert!(
        msg.contains("ambiguous") && msg.contains("Bergen (NH.)") && msg.contains("Bergen (L.)"),
        "{msg}"
    );
}

#[test]
fn an_unknown_name_suggests_the_closest() {
    let msg = resolve_municipality_name(ds(), "Den Hag")
        .unwrap_err()
        .to_string();
    assert!(
        msg.contains("did you mean") && msg.contains("'s-Gravenhage (Den Haag)"),
        "{msg}"
    );
    let msg = resolve_municipality_name(ds(), "Amsterdm")
        .unwrap_err()
        .to_string();
    assert!(msg.contains("\"Amsterdam\""), "{msg}");
    let msg = resolve_municipality_name(ds(), "Xyzzyqwerty")
        .unwrap_err()
        .to_string();
    assert!(msg.contains("matches no municipality"), "{msg}");
    // Several bad names: all of them at once, with their positions.
    let msg = resolve_municipality_names(ds(), &["Utrecht", "Bergen", "Amsterdm"])
        .unwrap_err()
        .to_string();
    assert!(
        msg.contains("\"Bergen\"")
            && msg.contains("name 2")
            && msg.contains("\"Amsterdm\"")
            && msg.contains("name 3"),
        "{msg}"
    );
}

#[test]
fn a_region_system_from_names() {
    let r = RegionSystem::from_names(
        "haaglanden",
        ds(),
        &[
            ("Den Haag", "Haaglanden"),
            ("Rijswijk", "Haaglanden"),
            ("Delft", "Haaglanden"),
            ("Bergen (L.)", "Noord-Limburg"),
        ],
    )
    .unwrap();
    assert_eq!(r.regions, ["Haaglanden", "Noord-Limburg", REST_REGION]);
    assert_eq!(region_of(&r, "'s-Gravenhage"), "Haaglanden");
    assert_eq!(region_of(&r, "Rijswijk (ZH.)"), "Haaglanden");
    assert_eq!(region_of(&r, "Bergen (NH.)"), REST_REGION);
    // A region file with names instead of codes, semicolons, and errors
    // reported with their rows.
    let path = write_file(
        "names.csv",
        "gemeentenaam;region\nDen Haag;H\nRijswijk;H\nSúdwest-Fryslân;F\n".as_bytes(),
    );
    let f = read_region_file(&path, ds()).unwrap();
    assert_eq!(region_of(&f, "'s-Gravenhage"), "H");
    assert_eq!(region_of(&f, "Súdwest-Fryslân"), "F");
    let path = write_file(
        "bad_names.csv",
        b"gemeentenaam,region\nDelft,H\nBergen,H\nDen Hag,H\n",
    );
    let msg = read_region_file(&path, ds()).unwrap_err().to_string();
    assert!(
        msg.contains("\"Bergen\"")
            && msg.contains("row 3")
            && msg.contains("\"Den Hag\"")
            && msg.contains("row 4"),
        "{msg}"
    );
    assert!(msg.contains("bad_names.csv"), "{msg}");
}

fn run_until(scenarios: &[Scenario], until: i32) -> Result<Projection, TekortError> {
    let regions = resolve_regions("provincie", ds()).unwrap();
    let options = ProjectionOptions {
        until,
        ..ProjectionOptions::default()
    };
    project(ds(), &regions, &Params::default(), scenarios, &options)
}

#[test]
fn a_lever_outside_its_band_warns_naming_the_lever() {
    let mut small = Scenario::named("kleine klassen");
    small.class_size = 0.3;
    let mut leave = Scenario::named("vertrek x10");
    leave.outflow = OutflowLever {
        under_30: 10.0,
        age_30_44: 10.0,
        age_45_59: 10.0,
        age_60_plus: 10.0,
    };
    let mut mild = Scenario::named("mild");
    mild.class_size = 0.9;
    mild.zij_instroom = 1.5;
    let scenarios = [Scenario::baseline(), small, leave, mild];
    let w = lever_warnings(&scenarios);
    let text: Vec<String> = w.iter().map(ToString::to_string).collect();
    assert_eq!(w.len(), 5, "{text:#?}");
    assert!(text[0].contains("\"kleine klassen\"") && text[0].contains("class_size = 0.3"));
    assert!(text[1..]
        .iter()
        .all(|t| t.contains("\"vertrek x10\"") && t.contains("= 10")));
    assert!(text
        .iter()
        .all(|t| !t.contains("mild") && !t.contains("baseline")));
    // The implausible results of these levers: a shortage above 100 % of
    // employment, named with scenario, region, sector, year and levers.
    let p = run_until(&scenarios, 2030).unwrap();
    let all = plausibility_warnings(&p, &scenarios);
    let shortage: Vec<String> = all
        .iter()
        .filter(|w| matches!(w, PlausibilityWarning::Shortage { .. }))
        .map(ToString::to_string)
        .collect();
    assert!(!shortage.is_empty());
    assert!(shortage.len() <= MAX_SHORTAGE_WARNINGS);
    let first = &shortage[0];
    assert!(
        first.contains("scenario \"kleine klassen\"")
            && first.contains("region \"")
            && first.contains("sector ")
            && first.contains("class_size = 0.3")
            && first.contains("of employment in 20"),
        "{first}"
    );
    assert!(
        shortage
            .iter()
            .all(|t| !t.contains("\"baseline\"") && !t.contains("\"mild\"")),
        "{shortage:#?}"
    );
    // The baseline alone is plausible.
    let base = run_until(&[Scenario::baseline()], 2030).unwrap();
    assert!(plausibility_warnings(&base, &[Scenario::baseline()]).is_empty());
}

#[test]
fn a_from_year_after_the_last_projected_year_is_an_error() {
    let mut late = Scenario::named("te laat");
    late.from_year = Some(2090);
    late.zij_instroom = 1.5;
    let err = run_until(&[Scenario::baseline(), late.clone()], 2040).unwrap_err();
    assert!(
        matches!(
            err,
            TekortError::YearOutOfRange {
                year: 2090,
                max: 2040,
                ..
            }
        ),
        "{err:?}"
    );
    let msg = err.to_string();
    assert!(
        msg.contains("\"te laat\"") && msg.contains("2090") && msg.contains("2040"),
        "{msg}"
    );
    // The last projected year itself is fine.
    late.from_year = Some(2040);
    run_until(&[late], 2040).unwrap();
    // A one-year run with the default from_year is not an error.
    let p = run_until(&[Scenario::baseline()], 2025);
    assert!(
        p.is_ok()
            || matches!(p, Err(TekortError::YearOutOfRange { ref what, .. }) if what == "until"),
        "{p:?}"
    );
}

/// A backtest frame counts rows as the region tables do (header = row 1):
/// an empty cell in the first data row is "row 2".
#[test]
fn backtest_frame_rows_count_from_the_header() {
    let df = df!(
        "component" => [Some("pupils"), None],
        "method" => ["tekort", "tekort"],
        "region_system" => ["nl", "nl"],
        "region" => ["Nederland", "Nederland"],
        "sector" => ["po_bo", "po_bo"],
        "cutoff" => [2015i64, 2015],
        "year" => [2016i64, 2017],
        "horizon" => [1i64, 2],
        "actual" => [100.0f64, 101.0],
        "forecast" => [99.0f64, 102.0],
    )
    .unwrap();
    let err = tekort_polars::backtest_from_frame(&df)
        .unwrap_err()
        .to_string();
    assert!(err.contains("empty in row 3"), "{err}");
}

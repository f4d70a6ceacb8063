//! Loading a data directory: the same dataset as the embedded one, typed
//! errors naming the file, and the one table that may be absent.

use std::path::{Path, PathBuf};

use tekort_data::{embedded_dataset, embedded_with_table, load_dataset_dir, Error, TABLES};

fn data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data")
}

/// A scratch copy of `data/` (removed when dropped).
struct Copy(PathBuf);

impl Copy {
    fn new(tag: &str) -> Copy {
        let dir = std::env::temp_dir().join(format!("tekort-data-{tag}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for t in TABLES {
            std::fs::copy(data().join(t), dir.join(t)).unwrap();
        }
        Copy(dir)
    }
}

impl Drop for Copy {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn a_copy_of_the_data_directory_is_the_embedded_dataset() {
    let from_dir = load_dataset_dir(&data()).unwrap();
    assert_eq!(
        format!("{from_dir:?}"),
        format!("{:?}", embedded_dataset().unwrap())
    );
}

#[test]
fn a_missing_directory_or_table_is_a_read_error_with_its_io_error() {
    let e = load_dataset_dir(Path::new("/no/such/tekort/data")).unwrap_err();
    match &e {
        Error::Read { path, source, .. } => {
            assert!(path.ends_with("gemeenten.csv"), "{e}");
            assert_eq!(
                source.as_ref().map(|s| s.kind()),
                Some(std::io::ErrorKind::NotFound)
            );
        }
        other => panic!("not a read error: {other:?}"),
    }
    assert!(std::error::Error::source(&e).is_some());
    let copy = Copy::new("missing");
    std::fs::remove_file(copy.0.join("po_staff.csv")).unwrap();
    let e = load_dataset_dir(&copy.0).unwrap_err().to_string();
    assert!(
        e.starts_with("cannot read ") && e.contains("po_staff.csv"),
        "{e}"
    );
}

#[test]
fn without_board_pupils_there_are_no_boards_but_a_broken_one_is_an_error() {
    let copy = Copy::new("boards");
    std::fs::remove_file(copy.0.join("board_pupils.csv")).unwrap();
    let ds = load_dataset_dir(&copy.0).unwrap();
    assert!(ds.board_pupils.is_empty());
    assert_eq!(ds.municipalities.len(), 342);
    // There but not readable (a directory): an error, not silently none.
    std::fs::create_dir(copy.0.join("board_pupils.csv")).unwrap();
    let e = load_dataset_dir(&copy.0).unwrap_err().to_string();
    assert!(
        e.contains("board_pupils.csv") && e.contains("is a directory"),
        "{e}"
    );
}

#[test]
fn a_bad_table_names_the_table_column_row_and_value() {
    let e = embedded_with_table(
        "po_staff.csv",
        b"gemeentecode,school_type,year,persons\n0363,bo,2023,12\n0363,bo,2024,twaalf\n",
    )
    .unwrap_err()
    .to_string();
    assert_eq!(
        e,
        "po_staff.csv: column \"persons\", row 3: \"twaalf\" is not a number"
    );
    let e = embedded_with_table(
        "po_staff.csv",
        b"gemeentecode,school_type,year,persons\n0363,bo,2023\n",
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.contains("not a valid CSV table: row 2 has 3 cells, the header 4"),
        "{e}"
    );
    let e = embedded_with_table("pupils.csv", b"a\n1\n")
        .unwrap_err()
        .to_string();
    assert!(
        e.starts_with("pupils.csv: not a dataset table (one of gemeenten.csv"),
        "{e}"
    );
    let e = embedded_with_table("gemeenten.csv", b"")
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        "gemeenten.csv: not a valid CSV table: it is empty (no header row)"
    );
}

#[test]
fn without_a_funding_path_demand_per_pupil_is_held() {
    let copy = Copy::new("funding");
    let ds = load_dataset_dir(&copy.0).unwrap();
    let funds: Vec<&str> = ds.funding_path.iter().map(|f| f.fund.as_str()).collect();
    assert!(
        funds.contains(&"werkdrukmiddelen") && funds.contains(&"npo"),
        "{funds:?}"
    );
    std::fs::remove_file(copy.0.join("funding_path.csv")).unwrap();
    let ds = load_dataset_dir(&copy.0).unwrap();
    assert!(ds.funding_path.is_empty());
    std::fs::create_dir(copy.0.join("funding_path.csv")).unwrap();
    let e = load_dataset_dir(&copy.0).unwrap_err().to_string();
    assert!(
        e.contains("funding_path.csv") && e.contains("is a directory"),
        "{e}"
    );
}

#[test]
fn a_bad_funding_path_names_the_row_and_value() {
    const HEADER: &str = "fund,sector,announced,year,staff_per_pupil_pct,kind\n";
    let err = |rows: &str| {
        embedded_with_table("funding_path.csv", format!("{HEADER}{rows}").as_bytes())
            .unwrap_err()
            .to_string()
    };
    let e = err("a,po,2017,2018,2.5,structural\na,po,2017,2018,3,structural\n");
    assert_eq!(
        e,
        "funding_path.csv: row 3: \"a\" po 2018 repeats row 2; give each fund, sector and year once"
    );
    let e = err("a,po,2017,2018,120,structural\n");
    assert!(
        e.starts_with("funding_path.csv: row 2: staff_per_pupil_pct 120 of \"a\" in 2018 must be between -50 and 100"),
        "{e}"
    );
    let e = err("a,po,2017,2018,\"2,5\",structural\n");
    assert!(
        e.contains("\"2,5\"") && e.contains("Dutch") && e.contains("2.5"),
        "{e}"
    );
    let e = err("a,po,2017,twintig,2.5,structural\n");
    assert!(e.contains("\"year\"") && e.contains("\"twintig\""), "{e}");
    let e = err("a,po,2017,2018,2.5,yearly\n");
    assert!(e.contains("row 2") && e.contains("\"yearly\""), "{e}");
    let e = err("a,po,2017,2018,2.5,structural\na,po,2017,2020,2.5,structural\n");
    assert_eq!(
        e,
        "funding_path.csv: fund \"a\" (po) jumps from 2018 to 2020: give every year in between"
    );
    let e = err("a,ho,2017,2018,2.5,structural\n");
    assert!(e.contains("row 2") && e.contains("\"ho\""), "{e}");
    let ds = embedded_with_table(
        "funding_path.csv",
        format!("{HEADER}a,vo,2024,2030,10,structural\n").as_bytes(),
    )
    .unwrap();
    assert_eq!(ds.funding_path.len(), 1);
}

#[test]
fn board_schools_name_a_board_by_its_largest_schools_and_bad_rows_are_named() {
    use tekort_core::sector::SectorGroup;
    // The embedded table: DUO board 41572 (po in Den Haag, Delft and
    // Westland) by its largest school of 2025.
    let ds = embedded_dataset().unwrap();
    let top = ds.largest_schools("41572", 3);
    assert_eq!(top.len(), 3);
    assert_eq!(top[0].group, SectorGroup::Po);
    assert_eq!(
        (top[0].school.as_str(), top[0].place.as_str()),
        ("A M G Schmidtschool", "'s-Gravenhage")
    );
    assert!(top.windows(2).all(|w| w[0].pupils >= w[1].pupils));
    // Every board with pupils in the latest year is named, and no other.
    let mut with_pupils: Vec<&str> = ds.board_pupils.iter().map(|b| b.board.as_str()).collect();
    let mut named: Vec<&str> = ds.board_schools.iter().map(|s| s.board.as_str()).collect();
    for v in [&mut with_pupils, &mut named] {
        v.sort_unstable();
        v.dedup();
    }
    assert_eq!(with_pupils, named);

    // Good rows, read as written; the schools come out largest first.
    let good = b"bevoegd_gezag,sector,school,place,pupils\n\
        41234,po,De Regenboog,Delft,210\n\
        41234,po,\"De Bron, locatie Zuid\",Delft,340\n\
        41234,vo,De Bron,Delft,900\n";
    let ds = embedded_with_table("board_schools.csv", good).unwrap();
    assert_eq!(ds.board_schools.len(), 3);
    let names: Vec<(&str, SectorGroup)> = ds
        .largest_schools("41234", 2)
        .iter()
        .map(|s| (s.school.as_str(), s.group))
        .collect();
    assert_eq!(
        names,
        [
            ("De Bron", SectorGroup::Vo),
            ("De Bron, locatie Zuid", SectorGroup::Po)
        ]
    );
    assert!(ds.largest_schools("41572", 3).is_empty());

    // Bad rows: an error naming the table, row and value.
    let header = "bevoegd_gezag,sector,school,place,pupils\n";
    for (rows, expected) in [
        (
            "41234,po,De Regenboog,Delft,210\n41234,po,De Regenboog,Delft,12\n",
            "board_schools.csv: row 3: school \"De Regenboog\" in \"Delft\" of board 41234 (po) is listed twice",
        ),
        (
            "41234,po,De Regenboog,Delft,-5\n",
            "board_schools.csv: row 2: school \"De Regenboog\" of board 41234 has -5 pupils; pupils cannot be negative",
        ),
        (
            "41234,po,De Regenboog,Delft,1.210\n",
            "board_schools.csv: column \"pupils\", row 2: \"1.210\" looks like a Dutch-formatted number (1 210?); \
             write 1210 (a point before decimals, no thousands separator)",
        ),
        (
            "41234,mbo,ROC Delft,Delft,210\n",
            "board_schools.csv: unknown sector \"mbo\" in row 2 (expected po or vo)",
        ),
        (
            "stichting 4,po,De Regenboog,Delft,210\n",
            "board_schools.csv: row 2: bevoegd_gezag \"stichting 4\" is not a DUO board number (digits)",
        ),
    ] {
        let e = embedded_with_table("board_schools.csv", format!("{header}{rows}").as_bytes())
            .unwrap_err()
            .to_string();
        assert_eq!(e, expected);
    }
    // The same school in another place, sector or board is not a repeat.
    let ok = "41234,po,De Regenboog,Delft,210\n41234,po,De Regenboog,Pijnacker,80\n\
              41234,vo,De Regenboog,Delft,500\n41235,po,De Regenboog,Delft,99\n";
    assert_eq!(
        embedded_with_table("board_schools.csv", format!("{header}{ok}").as_bytes())
            .unwrap()
            .board_schools
            .len(),
        4
    );
}

#[test]
fn without_board_schools_boards_have_no_names() {
    let copy = Copy::new("board-names");
    std::fs::remove_file(copy.0.join("board_schools.csv")).unwrap();
    let ds = load_dataset_dir(&copy.0).unwrap();
    assert!(ds.board_schools.is_empty());
    assert!(!ds.board_pupils.is_empty());
    assert!(ds.largest_schools("41572", 3).is_empty());
}

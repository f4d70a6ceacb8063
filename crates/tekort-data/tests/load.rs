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

//! An error while writing names the file: polars' own errors (a column
//! type the format cannot hold; the disk full) used to read "polars: …"
//! without the path.

use polars::prelude::*;
use tekort_polars::*;

#[test]
fn a_polars_error_while_writing_names_the_file() {
    let dir = std::env::temp_dir().join(format!("tekort-write-errors-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("nested.csv");
    // CSV cannot hold a list column.
    let list = Series::new("l".into(), [Series::new("".into(), [1i32, 2])]);
    let mut frame = DataFrame::new(1, vec![list.into()]).unwrap();
    let err = write_frame(&mut frame, &path).unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err, Error::Write { .. }), "{msg}");
    assert!(msg.contains("nested.csv"), "{msg}");
    assert!(!path.exists(), "a partial file was left");
    let left: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
    assert!(left.is_empty(), "a temporary file was left: {left:?}");
    std::fs::remove_dir_all(&dir).unwrap();
}

//! `SOURCE_DATE_EPOCH` makes `.xlsx` output reproducible: two writes of one
//! frame are byte-identical. Its own test binary, as it sets the variable
//! for the whole process.

use std::path::PathBuf;
use std::time::Duration;

use calamine::{open_workbook, Data, Reader, Xlsx};
use polars::prelude::*;
use tekort_polars::write_frame;

#[test]
fn source_date_epoch_gives_byte_identical_workbooks() {
    let dir: PathBuf = std::env::temp_dir().join(format!("tekort-xlsx-sde-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut df = df!("region" => ["a", "b"], "x" => [1.5, 2.5]).unwrap();
    let write = |df: &mut DataFrame, name: &str| {
        let p = dir.join(name);
        write_frame(df, &p).unwrap();
        std::fs::read(&p).unwrap()
    };
    // Without it the clock is in the file: writes a second apart differ
    // (so the comparison below can fail).
    assert!(std::env::var_os("SOURCE_DATE_EPOCH").is_none());
    let a = write(&mut df, "a.xlsx");
    std::thread::sleep(Duration::from_millis(1_100));
    let b = write(&mut df, "b.xlsx");
    assert_ne!(a, b);

    std::env::set_var("SOURCE_DATE_EPOCH", "1700000000");
    let c = write(&mut df, "c.xlsx");
    std::thread::sleep(Duration::from_millis(1_100));
    let d = write(&mut df, "d.xlsx");
    assert!(c == d, "two writes with SOURCE_DATE_EPOCH differ");

    let mut book: Xlsx<_> = open_workbook(dir.join("d.xlsx")).unwrap();
    let meta = book.worksheet_range("metadata").unwrap();
    let written = meta
        .rows()
        .find(|r| r[0] == Data::String("written".into()))
        .map(|r| r[1].clone());
    assert_eq!(written, Some(Data::String("2023-11-14T22:13:20Z".into())));
    let core = {
        use std::io::Read;
        let mut zip =
            ::zip::ZipArchive::new(std::fs::File::open(dir.join("d.xlsx")).unwrap()).unwrap();
        let mut s = String::new();
        zip.by_name("docProps/core.xml")
            .unwrap()
            .read_to_string(&mut s)
            .unwrap();
        s
    };
    assert!(core.contains("2023-11-14T22:13:20Z"), "{core}");
    let _ = std::fs::remove_dir_all(&dir);
}

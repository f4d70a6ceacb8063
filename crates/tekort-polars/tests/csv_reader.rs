//! tekort-data's small CSV reader reads every embedded table as polars'
//! CSV reader (which read them before the dataset moved out of this crate)
//! does: the same columns, the same rows, bit-identical numbers and the
//! same text, so the dataset (and every result) is unchanged.

use std::io::Cursor;

use tekort_polars::polars::prelude::*;
use tekort_polars::tekort_data::{Columns, Table};

#[test]
fn every_embedded_table_reads_as_polars_reads_it() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tekort-data/data");
    for name in tekort_polars::TABLES {
        let bytes = std::fs::read(dir.join(name)).unwrap();
        let df = CsvReadOptions::default()
            .with_has_header(true)
            .with_infer_schema_length(None)
            .into_reader_with_file_handle(Cursor::new(bytes.clone()))
            .finish()
            .unwrap();
        let t = Table::from_csv(name, &bytes).unwrap();
        let names: Vec<&str> = df.get_column_names().iter().map(|c| c.as_str()).collect();
        assert_eq!(t.column_names().collect::<Vec<_>>(), names, "{name}");
        assert_eq!(t.height(), df.height(), "{name}");
        for col in df.columns() {
            let c = col.name().as_str();
            if col.dtype().is_primitive_numeric() {
                let theirs: Vec<Option<u64>> = col
                    .cast(&DataType::Float64)
                    .unwrap()
                    .f64()
                    .unwrap()
                    .iter()
                    .map(|v| v.map(f64::to_bits))
                    .collect();
                let ours: Vec<Option<u64>> = t
                    .numbers_opt(c)
                    .unwrap()
                    .into_iter()
                    .map(|v| v.map(f64::to_bits))
                    .collect();
                assert_eq!(ours, theirs, "{name} column {c}");
            } else {
                let theirs: Vec<Option<String>> = col
                    .cast(&DataType::String)
                    .unwrap()
                    .str()
                    .unwrap()
                    .iter()
                    .map(|v| v.map(str::to_string))
                    .collect();
                assert_eq!(t.cells(c).unwrap(), theirs.as_slice(), "{name} column {c}");
            }
        }
    }
}

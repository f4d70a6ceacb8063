//! docs/accuracy.md and docs/validation.md are what `tekort accuracy` and
//! `tekort validate` write today (the CLI's tests check the same through
//! the binary).

use std::path::PathBuf;

use tekort_core::{data::Dataset, evaluation::validate_history, params::Params};
use tekort_polars::embedded_dataset;
use tekort_report::{accuracy_report, validation_markdown};

fn ds() -> &'static Dataset {
    embedded_dataset().expect("embedded dataset loads")
}

fn doc(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../docs")
        .join(name);
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn validation_doc_is_current() {
    let fresh = validation_markdown(&validate_history(ds(), &Params::default()).unwrap());
    assert!(
        doc("validation.md") == fresh,
        "docs/validation.md is stale: run `cargo run --release -p tekort-cli -- validate > docs/validation.md`"
    );
}

#[test]
fn accuracy_doc_is_current() {
    assert_eq!(
        doc("accuracy.md"),
        accuracy_report(ds(), &Params::default()).unwrap(),
        "docs/accuracy.md is stale: run `cargo run --release -p tekort-cli -- accuracy > docs/accuracy.md`"
    );
}

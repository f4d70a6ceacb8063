//! tekort-data, its examples and tests build without polars and without
//! the Excel writer: `cargo tree` of its normal and dev dependencies names
//! neither (the promise of issue 19: a program on the model and the
//! embedded data compiles in a fraction of a polars build).

use std::process::Command;

#[test]
fn the_dependency_tree_has_no_polars_and_no_xlsx() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args([
            "tree",
            "--offline",
            "-p",
            "tekort-data",
            "-e",
            "normal,dev",
            "--prefix",
            "none",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo tree runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "cargo tree failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.lines().any(|l| l.starts_with("tekort-core ")),
        "{text}"
    );
    let heavy: Vec<&str> = text
        .lines()
        .filter(|l| {
            ["polars", "rust_xlsxwriter", "calamine"]
                .iter()
                .any(|p| l.starts_with(p))
        })
        .collect();
    assert!(heavy.is_empty(), "tekort-data depends on {heavy:?}");
}

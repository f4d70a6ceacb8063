//! # tekort-polars
//!
//! The polars front end of **tekort**: the embedded Dutch dataset (Bron:
//! DUO / CBS / OCW, CC-BY 4.0), region systems from names, files or frames,
//! projections as tidy long DataFrames, and atomic CSV/Parquet/Excel output.
//!
//! The dataset and its loader live in [`tekort_data`], which needs no
//! polars; this crate re-exports them ([`embedded_dataset`],
//! [`load_dataset_dir`], [`embedded_with_table`], [`TABLES`], …) with its
//! own [`enum@Error`]. A program that only runs the model on the embedded
//! data builds faster on `tekort-data` alone.
//!
//! ## Cargo features
//!
//! - `parquet` (default): `.parquet` output, polars' Parquet writer.
//! - `xlsx` (default): `.xlsx` output with its metadata sheet
//!   (rust_xlsxwriter).
//!
//! With `default-features = false` neither is compiled, and writing such a
//! file is [`Error::FormatNotBuilt`] naming the feature; CSV always works.
//!
//! ## More polars features
//!
//! [`polars`] is re-exported with the features this crate uses (`csv`,
//! `parquet`, `fmt`). A program that wants more of polars, say the lazy
//! API, adds polars to its own `Cargo.toml` with those features:
//!
//! ```toml
//! [dependencies]
//! tekort-polars = "0.1.0"
//! polars = { version = "0.55.2", default-features = false, features = ["lazy"] }
//! ```
//!
//! Cargo unifies the features of the two into one polars build (so
//! `tekort_polars::polars` then has `lazy` too), and compiles polars again,
//! once, with them. The version must be the one this crate uses (0.55).
//!
//! ```
//! use tekort_core::{params::Params, forecast::ProjectionOptions, scenario::Scenario, sector::Sector};
//! let ds = tekort_polars::embedded_dataset()?;
//! let regions = tekort_polars::resolve_regions("provincie", ds)?;
//! let options = ProjectionOptions {
//!     until: 2030,
//!     sectors: vec![Sector::Vo],
//!     demography: tekort_polars::resolve_demography("high", ds)?,
//!     from: Some(2023), // two years of the history run before the base year
//!     pupils: None,     // or your own pupil forecast (pupils_from_frame)
//!     ages: false,      // true fills the workforce by single year of age
//! };
//! let p = tekort_core::forecast::project(ds, &regions, &Params::default(), &[Scenario::baseline()], &options)?;
//! let df = tekort_polars::projection_to_frame(&p)?;
//! assert_eq!(df.height(), 12 * 8); // 12 provinces, 2023..=2030
//! assert_eq!(df.column("period")?.str()?.get(0), Some("history"));
//! # Ok::<(), tekort_polars::Error>(())
//! ```

mod backtest;
mod demography;
mod error;
mod frame;
mod funding;
mod guard;
mod input;
mod measurements;
mod monitor;
mod regions;
mod table;
mod write;
mod xlsx;

pub use backtest::{
    accuracy_to_frame, add_backtest_intervals, backtest_from_frame, backtest_to_frame, LevelBounds,
    BACKTEST_COLUMNS,
};
pub use demography::{
    demography_from_frame, pupils_from_frame, read_pupil_file, resolve_demography,
};
pub use error::{Error, Result};
pub use frame::{
    add_draws_columns, ages_to_frame, central_column, draws_column, interval_column, level_column,
    projection_to_frame, round_count, samples_to_frame, simulation_to_frame, KEY_COLUMNS,
};
pub use funding::{with_funding_file, with_funding_frame, FUNDING_COLUMNS};
pub use guard::RunInputs;
pub use measurements::{
    measured_and_cut, with_measurements_file, with_measurements_frame, MeasuredAndCut,
    MEASUREMENT_COLUMNS,
};
pub use monitor::{indicators_to_frame, INDICATOR_COLUMNS};
pub use regions::{
    header_key, read_region_file, read_region_frame, read_region_rows, region_column_of,
    region_rows, regions_from_frame, resolve_regions, REGION_HEADERS,
};
pub use write::{
    abandon_writes, check_html_path, check_output_path, write_frame, write_frame_with, write_text,
    OutputFormat,
};
pub use xlsx::{
    data_citation, source_date_epoch_warning, written_date, WriteMeta, EXCEL_MAX_COLUMNS,
    EXCEL_MAX_ROWS, EXCEL_MAX_STRING, METADATA_SHEET, RESULTS_SHEET, SOURCES,
};

pub use polars;
pub use tekort_core;
pub use tekort_data;
pub use tekort_data::{table_row, MAX_TABLE_BYTES, MAX_TOML_BYTES, TABLES};

/// The embedded default dataset (DUO / CBS / OCW, CC-BY 4.0), parsed once
/// per process: [`tekort_data::embedded_dataset`] with this crate's error.
///
/// ```
/// let ds = tekort_polars::embedded_dataset().unwrap();
/// assert_eq!(ds.municipalities.len(), 342);
/// ```
pub fn embedded_dataset() -> Result<&'static tekort_core::data::Dataset> {
    Ok(tekort_data::embedded_dataset()?)
}

/// Reads a dataset from a directory holding the files in [`TABLES`]:
/// [`tekort_data::load_dataset_dir`] with this crate's error.
///
/// ```
/// let e = tekort_polars::load_dataset_dir(std::path::Path::new("no/such/dir")).unwrap_err();
/// assert!(matches!(e, tekort_polars::Error::Read { .. }), "{e}");
/// ```
pub fn load_dataset_dir(dir: &std::path::Path) -> Result<tekort_core::data::Dataset> {
    Ok(tekort_data::load_dataset_dir(dir)?)
}

/// The embedded dataset with one table replaced:
/// [`tekort_data::embedded_with_table`] with this crate's error.
///
/// ```
/// let bytes = b"school_type,total_pct\nbo,9.5\nsbo,12\nso_vso,15\n";
/// let ds = tekort_polars::embedded_with_table("po_sector_shortage.csv", bytes).unwrap();
/// assert_eq!(ds.po_type_shortage_pct, [9.5, 12.0, 15.0]);
/// ```
pub fn embedded_with_table(name: &str, bytes: &[u8]) -> Result<tekort_core::data::Dataset> {
    Ok(tekort_data::embedded_with_table(name, bytes)?)
}

/// Reads parameters from a TOML file (overlaid on the defaults); a file
/// over [`MAX_TOML_BYTES`] or not UTF-8 text is an error naming it.
pub fn read_params_file(path: &std::path::Path) -> Result<tekort_core::params::Params> {
    let text = input::read_toml(path, input::PARAMS)?;
    tekort_core::params::Params::from_toml_str(&text).map_err(|e| match e {
        tekort_core::TekortError::InvalidParams { reason } => {
            tekort_core::TekortError::InvalidParams {
                reason: format!("{}: {reason}", path.display()),
            }
            .into()
        }
        other => other.into(),
    })
}

/// Reads a scenario from a TOML file; a scenario without `name` is named
/// after the file stem. A file over [`MAX_TOML_BYTES`] or not UTF-8 text
/// is an error naming it.
pub fn read_scenario_file(path: &std::path::Path) -> Result<tekort_core::scenario::Scenario> {
    let text = input::read_toml(path, input::SCENARIO)?;
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let named = if text.lines().any(|l| l.trim_start().starts_with("name")) {
        text
    } else {
        format!("name = {stem:?}\n{text}")
    };
    tekort_core::scenario::Scenario::from_toml_str(&named).map_err(|e| match e {
        tekort_core::TekortError::InvalidScenario { scenario, reason } => {
            tekort_core::TekortError::InvalidScenario {
                scenario: if scenario.is_empty() { stem } else { scenario },
                reason: format!("{}: {reason}", path.display()),
            }
            .into()
        }
        other => other.into(),
    })
}

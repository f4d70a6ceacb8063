//! # tekort-data
//!
//! The embedded Dutch dataset of **tekort** (Bron: DUO / CBS / OCW,
//! CC-BY 4.0; every table and its source in `data/README.md`) and the
//! loader of a directory of the same CSV tables, **without polars**: a
//! program that runs the model of [`tekort_core`] on the embedded data
//! needs only this crate and the core. Frames, Parquet and Excel are in
//! `tekort-polars`, which re-exports everything here.
//!
//! The front door is [`model`] (or `Model::embedded()` with the
//! [`Embedded`] trait in scope): the model of the core on the embedded
//! data, the arbeidsmarktregio's, default parameters and the baseline,
//! set further by named methods.
//!
//! ```
//! use tekort_core::prelude::*;
//! let p = tekort_data::model()?.regions("provincie")?.until(2030)?.forecast()?;
//! let po = p.total_of("baseline", None, SectorGroup::Po, 2030)?;
//! assert!((0.0..100.0).contains(&po[Variable::ShortagePct]));
//! let utrecht = p.value("baseline", "Utrecht", Sector::Vo, 2030, Variable::ShortageFte)?;
//! assert!(utrecht.is_finite());
//! # Ok::<(), tekort_data::Error>(())
//! ```
//!
//! The tables are read by a small CSV reader (a header row, `,` between
//! cells, quoted cells with `""` for a quote, LF or CRLF, an optional
//! byte-order mark, an empty cell is missing, numbers as Rust's `f64`
//! parser reads them); a bad table is an [`enum@Error`] naming the table,
//! the column, the row (as a spreadsheet counts it, [`table_row`]) and the
//! value.

mod error;
#[doc(hidden)]
pub mod input;
mod load;
mod table;

pub use error::{Error, Result};
pub use input::{MAX_TABLE_BYTES, MAX_TOML_BYTES};
#[doc(hidden)]
pub use load::{births_paths, funding_path, official_forecasts, population_by_age};
pub use load::{embedded_dataset, embedded_with_table, load_dataset_dir, TABLES};
pub use table::table_row;
#[doc(hidden)]
pub use table::{cell_error, number_cell, CellError, Columns, NumberKind, Table};

/// The front door on the embedded dataset: a [`tekort_core::Model`] with
/// its defaults (the arbeidsmarktregio's, [`tekort_core::params::Params::default`],
/// the baseline scenario, every sector to 2040), parsed once per process.
///
/// ```
/// let sim = tekort_data::model()?.regions("nl")?.until(2030)?.simulate(50, 7)?;
/// assert_eq!(sim.n_draws(), 50);
/// # Ok::<(), tekort_data::Error>(())
/// ```
pub fn model() -> Result<tekort_core::Model<'static>> {
    Ok(tekort_core::Model::new(embedded_dataset()?))
}

/// `Model::embedded()`: the same as [`model`], for those who prefer to
/// start from the type.
///
/// ```
/// use tekort_core::Model;
/// use tekort_data::Embedded;
/// let p = Model::embedded()?.regions("nl")?.until(2027)?.forecast()?;
/// assert_eq!(p.regions, ["Nederland"]);
/// # Ok::<(), tekort_data::Error>(())
/// ```
pub trait Embedded: Sized {
    /// The model on the embedded dataset with its defaults.
    fn embedded() -> Result<Self>;
}

impl Embedded for tekort_core::Model<'static> {
    fn embedded() -> Result<Self> {
        model()
    }
}

/// The dataset's README (`data/README.md`): every table, its source, the
/// estimates and conventions, and the licence (CC-BY 4.0) to cite.
///
/// ```
/// assert!(tekort_data::DATA_README.contains("CC-BY 4.0"));
/// ```
pub const DATA_README: &str = include_str!("../data/README.md");

/// The ndarray version of [`tekort_core::data::Dataset`]'s and
/// [`tekort_core::forecast::Projection`]'s arrays, so a program uses the same one.
pub use ndarray;
/// The model this crate fills a dataset for.
pub use tekort_core;

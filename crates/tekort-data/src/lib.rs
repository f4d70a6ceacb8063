//! # tekort-data
//!
//! The embedded Dutch dataset of **tekort** (Bron: DUO / CBS / OCW,
//! CC-BY 4.0; every table and its source in `data/README.md`) and the
//! loader of a directory of the same CSV tables, **without polars**: a
//! program that runs the model of [`tekort_core`] on the embedded data
//! needs only this crate and the core. Frames, Parquet and Excel are in
//! `tekort-polars`, which re-exports everything here.
//!
//! ```
//! use tekort_core::{project, Params, ProjectionOptions, RegionSystem, Scenario, SectorGroup, Variable};
//! let ds = tekort_data::embedded_dataset()?;
//! let regions = RegionSystem::builtin("provincie", ds)?;
//! let options = ProjectionOptions { until: 2030, ..ProjectionOptions::default() };
//! let p = project(ds, &regions, &Params::default(), &[Scenario::baseline()], &options)?;
//! let y = p.year_index(2030).expect("2030 is projected");
//! let po = p.total(0, None, &p.group_indices(SectorGroup::Po), y);
//! assert!((0.0..100.0).contains(&po[Variable::ShortagePct.index()]));
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
pub use load::{births_paths, official_forecasts, population_by_age};
pub use load::{embedded_dataset, embedded_with_table, load_dataset_dir, TABLES};
pub use table::table_row;
#[doc(hidden)]
pub use table::{Columns, Table};

/// The dataset's README (`data/README.md`): every table, its source, the
/// estimates and conventions, and the licence (CC-BY 4.0) to cite.
///
/// ```
/// assert!(tekort_data::DATA_README.contains("CC-BY 4.0"));
/// ```
pub const DATA_README: &str = include_str!("../data/README.md");

/// The ndarray version of [`tekort_core::Dataset`]'s and
/// [`tekort_core::Projection`]'s arrays, so a program uses the same one.
pub use ndarray;
/// The model this crate fills a dataset for.
pub use tekort_core;

//! What to project: the options of a run.

use ndarray::Array2;

use crate::domain::dataset::BirthsPath;
use crate::domain::regions::RegionSystem;
use crate::domain::sector::Sector;

/// The last year a projection may run to.
pub const MAX_UNTIL: i32 = 2075;

/// Where births come from after the last observed year.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Demography {
    /// A national path of the dataset by name (`low`, `medium`, `high`),
    /// spread over municipalities by their recent share of births.
    Variant(String),
    /// A user's national births path, spread like a variant.
    National(BirthsPath),
    /// A user's births per municipality `[municipality, year]` from
    /// `first_year`; observed years of the dataset are kept.
    Municipal {
        /// Name shown in errors (e.g. the file name).
        name: String,
        /// Year of the first column.
        first_year: i32,
        /// Births `[municipality, year]`.
        births: Array2<f64>,
    },
}

impl Default for Demography {
    fn default() -> Self {
        Demography::Variant("medium".into())
    }
}

impl Demography {
    /// The name used in output and errors.
    pub fn name(&self) -> &str {
        match self {
            Demography::Variant(v) => v,
            Demography::National(p) => &p.variant,
            Demography::Municipal { name, .. } => name,
        }
    }
}

/// A user's pupil forecast: pupils per region (of any region system),
/// sector and year, replacing the model's pupils after the base year.
/// Each region's municipalities are scaled together so that they sum to the
/// given number; demand follows.
#[derive(Debug, Clone, PartialEq)]
pub struct PupilForecast {
    /// Name shown in errors (e.g. the file name).
    pub name: String,
    /// The region system the regions belong to.
    pub regions: RegionSystem,
    /// Rows: region index, the sectors summed (one sector, or the three po
    /// types for `po`), year, pupils.
    pub rows: Vec<(usize, Vec<Sector>, i32, f64)>,
}

/// The default last year of a projection.
pub const DEFAULT_UNTIL: i32 = 2040;

/// What to project.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectionOptions {
    /// Last year (inclusive).
    pub until: i32,
    /// Sectors to project (all by default).
    pub sectors: Vec<Sector>,
    /// Births after the last observed year (default: the `medium` path).
    pub demography: Demography,
    /// First year of the output: the base year by default; an earlier year
    /// (down to the start of the history run) adds the history years.
    pub from: Option<i32>,
    /// A user's pupil forecast per region, sector and year, replacing the
    /// model's pupils after the base year (default none).
    pub pupils: Option<PupilForecast>,
    /// Fill [`Projection::teachers_by_age`](crate::forecast::Projection::teachers_by_age) and [`Projection::fte_by_age`](crate::forecast::Projection::fte_by_age)
    /// (default false: they are then empty, with an age axis of length 0,
    /// and the run is about a third faster).
    pub ages: bool,
}

impl Default for ProjectionOptions {
    fn default() -> Self {
        ProjectionOptions {
            until: DEFAULT_UNTIL,
            sectors: Sector::ALL.to_vec(),
            demography: Demography::default(),
            from: None,
            pupils: None,
            ages: false,
        }
    }
}

//! # tekort-core
//!
//! The engine of **tekort**, an open model of the Dutch teacher labour
//! market: supply, demand, shortage, vacancies and replacement requests per
//! region and sector (po, vo, mbo), from the measured shortage of the base
//! year to 2040 and beyond.
//!
//! This crate holds the domain types, the parameter set, scenarios and the
//! engine on dense `ndarray` arrays. It reads no files and has no polars
//! dependency: `tekort-polars` fills a [`Dataset`] from the embedded Dutch
//! data and turns a [`Projection`] into tidy frames.
//!
//! ## Where things live
//!
//! The modules are folders by purpose, in a strict order of dependence:
//! a module imports only from folders before its own (a test,
//! `tests/module_order.rs`, reads every `use crate::` line and fails on an
//! upward import or a cycle).
//!
//! 1. `error`: the one error type.
//! 2. `domain/`: sectors, the dataset, region systems, parameters and
//!    estimates, scenarios, the projection options and the result
//!    ([`Projection`]).
//! 3. `inputs/`: what the engines read, made from the dataset once:
//!    profiles, pupils, training, the anchor on the measured shortage, the
//!    exit rates, the history run of the age structure, and [`prepare`].
//! 4. `model/`: the yearly step and its engines (the cohort engine and the
//!    microsimulation's records), and the distribution to municipalities.
//! 5. `run`: [`project`] and [`run`], which run the model on any region
//!    system.
//! 6. `evaluate/`: the backtests, the past errors, the trend fit, the
//!    accuracy measures and the replay of history ([`validate_history`]).
//! 7. `uncertainty/`: the Monte Carlo ([`simulate`]) and the
//!    microsimulation's runs ([`microsim`]).
//! 8. `analysis/`: the monitoring indicators and the plausibility checks.
//!
//! What the model says is written out by the `tekort-report` crate (the
//! HTML report, its SVG charts, the Markdown of docs/accuracy.md and
//! docs/validation.md); this crate holds no presentation.
//!
//! The whole public surface is re-exported here; [`prelude`] holds what a
//! typical program uses.
//!
//! ```no_run
//! # fn main() -> tekort_core::Result<()> {
//! # let dataset: tekort_core::Dataset = unimplemented!();
//! use tekort_core::{project, Params, ProjectionOptions, RegionSystem, Scenario};
//! let regions = RegionSystem::builtin("arbeidsmarktregio", &dataset)?;
//! let mut more = Scenario::named("meer zij-instroom");
//! more.zij_instroom = 1.5;
//! let projection = project(
//!     &dataset,
//!     &regions,
//!     &Params::default(),
//!     &[Scenario::baseline(), more],
//!     &ProjectionOptions::default(),
//! )?;
//! println!("{} regions, {} years", projection.regions.len(), projection.years.len());
//! # Ok(()) }
//! ```

mod analysis;
mod domain;
mod error;
mod evaluate;
mod inputs;
mod model;
mod run;
mod uncertainty;

pub use analysis::indicators::{
    indicators, interval_indicators, monitor, monitor_run, IndicatorKind, IndicatorOptions,
    IndicatorRow, INDICATORS, NATION,
};
pub use analysis::plausibility::{
    lever_warnings, plausibility_warnings, scenario_levers, shortage_warnings, PlausibilityWarning,
    MAX_PLAUSIBLE_SHORTAGE_PCT, MAX_SHORTAGE_WARNINGS, PLAUSIBLE_LEVER_BANDS,
};
pub use domain::dataset::{
    normalize_gemeentecode, AgeBandShare, BirthsPath, BoardPupils, Dataset, MeasuredArea,
    MeasuredShortage, Municipality, NationalShortage, OfficialForecast, PopulationByAge,
    TeacherAgeProfile, TrainingHistory, YearSpan, MAX_COUNT, MAX_NATIONAL_SHORTAGE_FTE,
};
pub use domain::estimate::{Estimate, Uncertainty};
pub use domain::kind::MeasuredYears;
pub use domain::options::{Demography, ProjectionOptions, PupilForecast, DEFAULT_UNTIL, MAX_UNTIL};
pub use domain::params::{
    aow_age_in, interpolate_years, AgeProfile, AowStep, ByAgeBand, DemandParams, HoursParams,
    InflowParams, MarketParams, MicrosimParams, MobilityParams, OutflowParams, Params,
    ReplacementParams, TrainingRoute, UncertaintyParams, VacancyParams, WorkforceParams, YearValue,
    AGE_MAX, AGE_MIN, N_AGES,
};
pub use domain::projection::{Horizon, Projection, Variable, N_VARIABLES};
pub use domain::regions::{
    closest_municipality_names, fold_municipality_name, municipalities_named,
    resolve_municipality_name, resolve_municipality_names, resolve_municipality_names_at,
    BoardPart, RegionEntry, RegionSystem, BUILTIN_REGION_SYSTEMS, MUNICIPALITY_ALIASES,
    REST_REGION,
};
pub use domain::scenario::{check_unique_names, OutflowLever, Scenario};
pub use domain::sector::{PerGroup, Sector, SectorGroup};
pub use domain::sources::PARAM_SOURCES;
pub use error::{grouped, join_capped, Result, TekortError, MAX_LISTED};
pub use evaluate::accuracy::{mape_of, staff_per_pupil_change};
pub use evaluate::backtest::{
    backtest, summarize, AccuracyRow, Backtest, BacktestOptions, BacktestRow, Component, Method,
    MAX_HORIZON,
};
pub use evaluate::errors::ErrorModel;
pub use evaluate::hindcast::{
    rank_correlation, validate_history, AgeingCheck, G5Check, RegionCheck, ShortageCheck,
    Validation,
};
pub use evaluate::trend::{
    fit_pupil_trend, TrendCandidate, TrendFit, CRITERION_HORIZONS, DAMPING_GRID, FIT_LAST_YEAR,
};
pub use inputs::cutoff::{as_of, rebase_employment, AsOf};
pub use inputs::history::{roll_age_structure, share_55plus};
pub use inputs::prepare::{history_start, prepare, Prepared, MARKET_SYSTEM};
pub use model::microsim::{MicroStats, MICROSIM_BYTES_PER_PERSON, SERVICE_CLASSES};
pub use run::{project, run, run_from};
pub use uncertainty::coverage::{interval_coverage, CoverageRow};
pub use uncertainty::microsimulation::{microsim, MicroOptions, Microsimulation};
pub use uncertainty::montecarlo::{
    backtest_intervals, check_level, quantile_sorted, simulate, Bands, Interval, McOptions,
    Simulation, INTERVAL_VARIABLES, MAX_RUN_SECONDS, MAX_STORED_VALUES, MC_VARIABLES,
};

/// What a typical program uses: the dataset and region types, parameters,
/// scenarios, options, the entry points and their results.
pub mod prelude {
    pub use crate::{
        indicators, microsim, monitor, project, simulate, Dataset, Demography, IndicatorOptions,
        McOptions, MicroOptions, Params, Projection, ProjectionOptions, RegionSystem, Result,
        Scenario, Sector, SectorGroup, Simulation, TekortError, Variable,
    };
}

//! # tekort-core
//!
//! The engine of **tekort**, an open model of the Dutch teacher labour
//! market: supply, demand, shortage, vacancies and replacement requests per
//! region and sector (po, vo, mbo), from the measured shortage of the base
//! year to 2040 and beyond.
//!
//! This crate holds the domain types, the parameter set, scenarios and the
//! engine on dense `ndarray` arrays. It reads no files and has no polars
//! dependency: `tekort-data` fills a [`data::Dataset`] from the embedded
//! Dutch data, and `tekort-polars` turns a [`forecast::Projection`] into
//! tidy frames.
//!
//! ## Where things live (for those who change the model)
//!
//! The private modules are folders by purpose, each importing only from
//! those before it (`tests/module_order.rs` fails on an upward import or a
//! cycle): `error`; `domain/` (sectors, the dataset, regions, parameters,
//! scenarios, options, the result); `inputs/` (what the engines read, made
//! from the dataset once: profiles, pupils, training, the anchor on the
//! measured shortage, exit rates, the history run); `model/` (the yearly
//! step, the cohort engine, the microsimulation's records, the
//! distribution to municipalities); `run`; `evaluate/` (backtests, past
//! errors, the trend fit, the replay of history); `uncertainty/` (the Monte
//! Carlo, the microsimulation's runs); `analysis/` (indicators,
//! plausibility); `front` ([`Model`]).
//!
//! What the model says is written out by the `tekort-report` crate (the
//! HTML report, its SVG charts, the Markdown of docs/accuracy.md and
//! docs/validation.md); this crate holds no presentation.
//!
//! ## The public surface
//!
//! The front door is [`Model`]: a dataset, the regions, parameters,
//! scenarios and options set by named methods that check their values,
//! then [`Model::forecast`], [`Model::simulate`],
//! [`Model::microsimulate`] or [`Model::monitor`]. Results are read by
//! names ([`forecast::Projection::value`]), row by row
//! ([`forecast::Projection::rows`]) or as totals that say what they sum
//! ([`forecast::Projection::total`]); nothing indexed by a caller panics.
//! The types live in modules by what they are for: [`data`], [`sector`],
//! [`regions`], [`params`], [`scenario`], [`forecast`], [`simulation`],
//! [`evaluation`], [`monitoring`] and [`error`]; [`prelude`] holds what a
//! typical program uses. With the feature `serde` the results serialize
//! (e.g. to JSON for a web service); [`ndarray`] is re-exported.
//!
//! ```
//! use tekort_core::prelude::*;
//! # fn main() -> tekort_core::Result<()> {
//! // A made-up dataset; the Dutch one: `tekort_data::embedded_dataset()?`.
//! let dataset = Dataset::synthetic(4);
//! let more = Scenario::builder("meer zij-instroom").zij_instroom(1.5).build()?;
//! let projection = Model::new(&dataset)
//!     .regions("provincie")?
//!     .scenarios([Scenario::baseline(), more])?
//!     .until(2035)?
//!     .forecast()?;
//! for row in projection.rows().filter(|r| r.year == 2035 && r.sector == Sector::Vo) {
//!     println!("{} {}: {:.1} %", row.scenario, row.region, row[Variable::ShortagePct]);
//! }
//! # Ok(()) }
//! ```

mod analysis;
mod domain;
pub mod error;
mod evaluate;
mod front;
mod inputs;
mod model;
mod run;
mod uncertainty;

pub use error::{Result, TekortError};
pub use front::Model;

/// The array crate of [`forecast::Projection::values`] and the other
/// result arrays, so a program uses the same version.
pub use ndarray;

/// The dataset (the Dutch one is in `tekort-data`) and the data as known at a cutoff.
pub mod data {
    pub use crate::domain::dataset::{
        check_funding_path, funding_index, normalize_gemeentecode, AgeBandShare, BirthsPath,
        BoardPupils, BoardSchool, Dataset, FundKind, FundingEffect, MeasuredArea, MeasuredShortage,
        Municipality, NationalShortage, OfficialForecast, PopulationByAge, TeacherAgeProfile,
        TrainingHistory, YearSpan, FUND_PCT_RANGE, MAX_COUNT, MAX_NATIONAL_SHORTAGE_FTE,
    };
    pub use crate::domain::kind::{MeasuredCells, MeasuredYears};
    pub use crate::inputs::cutoff::{as_of, rebase_employment, AsOf};
}

/// Sectors (po_bo, po_sbo, po_so_vso, vo, mbo) and sector groups (po, vo, mbo).
pub mod sector {
    pub use crate::domain::sector::{PerGroup, Sector, SectorGroup};
}

/// Region systems (built in, or a user's of municipalities or boards).
pub mod regions {
    pub use crate::domain::regions::{
        closest_municipality_names, closest_names, fold_municipality_name, municipalities_named,
        resolve_municipality_name, resolve_municipality_names, resolve_municipality_names_at,
        BoardPart, RegionEntry, RegionSystem, BUILTIN_REGION_SYSTEMS, MUNICIPALITY_ALIASES,
        REST_REGION,
    };
}

/// The parameters, their uncertainty and their sources.
pub mod params {
    pub use crate::domain::estimate::{Estimate, Uncertainty};
    pub use crate::domain::params::{
        aow_age_in, interpolate_years, AgeProfile, AowStep, ByAgeBand, DemandParams, HoursParams,
        InflowParams, MarketParams, MicrosimParams, MobilityParams, OutflowParams, Params,
        ReplacementParams, TrainingRoute, UncertaintyParams, VacancyParams, WorkforceParams,
        YearValue, AGE_MAX, AGE_MIN, N_AGES,
    };
    pub use crate::domain::sources::PARAM_SOURCES;
}

/// Scenarios: named sets of policy levers.
pub mod scenario {
    pub use crate::domain::scenario::{
        check_unique_names, OutflowLever, Scenario, ScenarioBuilder, MAX_RAMP_YEARS,
    };
}

/// The deterministic forecast: options, the run, and its result
/// ([`forecast::Projection`], read by names, rows or totals).
pub mod forecast {
    pub use crate::domain::kind::IndicatorKind;
    pub use crate::domain::options::{
        Demography, ProjectionOptions, PupilForecast, DEFAULT_UNTIL, MAX_UNTIL,
    };
    pub use crate::domain::projection::{Horizon, Projection, Row, Totals, Variable, N_VARIABLES};
    pub use crate::inputs::history::{roll_age_structure, share_55plus};
    pub use crate::inputs::prepare::{history_start, prepare, Prepared, MARKET_SYSTEM};
    pub use crate::inputs::pupils::MAX_PUPIL_JUMP_SHARE;
    pub use crate::run::{project, run, run_from};
}

/// The Monte Carlo and the microsimulation, and their intervals.
pub mod simulation {
    pub use crate::model::microsim::{MicroStats, MICROSIM_BYTES_PER_PERSON, SERVICE_CLASSES};
    pub use crate::uncertainty::microsimulation::{microsim, MicroOptions, Microsimulation};
    pub use crate::uncertainty::montecarlo::{
        check_level, interval_index, quantile_sorted, quantiles, simulate, Bands, Interval,
        McOptions, Simulation, INTERVAL_VARIABLES, MAX_RUN_SECONDS, MAX_STORED_VALUES,
        MC_VARIABLES,
    };
}

/// How far off the model was: backtests, the replay of history, coverage.
pub mod evaluation {
    pub use crate::evaluate::accuracy::{mape_of, staff_per_pupil_change};
    pub use crate::evaluate::backtest::{
        backtest, summarize, AccuracyRow, Backtest, BacktestOptions, BacktestRow, Component,
        Method, MAX_HORIZON,
    };
    pub use crate::evaluate::errors::ErrorModel;
    pub use crate::evaluate::hindcast::{
        rank_correlation, validate_history, AgeingCheck, G5Check, RegionCheck, ShortageCheck,
        Validation,
    };
    pub use crate::evaluate::trend::{
        fit_pupil_trend, TrendCandidate, TrendFit, CRITERION_HORIZONS, DAMPING_GRID, FIT_LAST_YEAR,
    };
    // Coverage: the intervals scored, the shortage's bands, the graduate scale's grid.
    pub use crate::uncertainty::coverage::*;
    pub use crate::uncertainty::montecarlo::backtest_intervals;
}

/// Monitoring an onderwijsregio: indicators and plausibility checks.
pub mod monitoring {
    pub use crate::analysis::indicators::{
        indicators, interval_indicators, monitor, monitor_run, IndicatorKind, IndicatorOptions,
        IndicatorRow, INDICATORS, NATION,
    };
    pub use crate::analysis::plausibility::{
        lever_warnings, plausibility_warnings, scenario_levers, shortage_warnings,
        PlausibilityWarning, CANCELLING_LEVERS_SHARE, MAX_PLAUSIBLE_SHORTAGE_PCT,
        MAX_SHORTAGE_WARNINGS, PLAUSIBLE_LEVER_BANDS, PLAUSIBLE_WORKLOAD,
    };
}

/// What a typical program uses: the dataset and region types, parameters,
/// scenarios, options, the entry points and their results.
pub mod prelude {
    pub use crate::data::Dataset;
    pub use crate::forecast::{
        project, Demography, IndicatorKind, Projection, ProjectionOptions, Row, Totals, Variable,
    };
    pub use crate::monitoring::{indicators, monitor, IndicatorOptions};
    pub use crate::params::Params;
    pub use crate::regions::RegionSystem;
    pub use crate::scenario::Scenario;
    pub use crate::sector::{Sector, SectorGroup};
    pub use crate::simulation::{microsim, simulate, McOptions, MicroOptions, Simulation};
    pub use crate::{Model, Result, TekortError};
}

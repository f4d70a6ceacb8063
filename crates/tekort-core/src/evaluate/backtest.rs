//! Backtests: every component with a history is forecast from past cutoffs
//! with data up to the cutoff only, and scored against what happened,
//! beside two baselines (naive, drift) and the official forecast where one
//! was published.
//!
//! A forecast from cutoff `c` reads only values of years up to `c`: pupils,
//! staff, births, the women by age, teacher-training figures, age profiles,
//! shortage measurements, official forecasts made in or before `c`, and
//! the policy funds of the funding path announced in or before `c`.
//! What it needs after `c` it forecasts from what was known at `c`. The
//! test `backtest_does_not_leak` multiplies every later value by ten and
//! checks that no forecast changes. Two small, documented leaks remain (see
//! [`Backtest::notes`]): the observed zij-instroom of 2017 stands in for
//! earlier years in the age roll, and params (hazards, fte per person,
//! entry ages) are today's.

use std::fmt;
use std::str::FromStr;

use ndarray::{Array2, Array3};

use crate::domain::dataset::{Dataset, TrainingHistory, YearSpan};
use crate::domain::funding::{funding_index, FundingEffect};
use crate::domain::params::{Params, YearValue};
use crate::domain::regions::RegionSystem;
use crate::domain::sector::{Sector, SectorGroup};
use crate::error::{Result, TekortError};
use crate::inputs::births::{births_method, national_observed, observed_births};
use crate::inputs::history::{roll_age_structure_with, share_55plus};
use crate::inputs::pupils::{po_pupils_ahead, school_age_cohorts, spread_births};
use crate::inputs::training::{project_graduates, training_until};

/// A forecast quantity that the backtests score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Component {
    /// po pupils per school type and region.
    Pupils,
    /// National live births.
    Births,
    /// Teacher-training graduates per route, nationally.
    Graduates,
    /// po staff (persons, all functions) per school type and region:
    /// tekort's method moves the staff of the cutoff with its pupil
    /// forecast and the funding index of the funds announced by the cutoff.
    Staff,
    /// Share (%) of po teaching fte aged 55 and over, nationally.
    Share55Plus,
    /// National measured po shortage (%).
    Shortage,
}

impl Component {
    /// All components, in output order.
    pub const ALL: [Component; 6] = [
        Component::Pupils,
        Component::Births,
        Component::Graduates,
        Component::Staff,
        Component::Share55Plus,
        Component::Shortage,
    ];

    /// The name used in tables.
    pub fn code(self) -> &'static str {
        match self {
            Component::Pupils => "pupils",
            Component::Births => "births",
            Component::Graduates => "graduates",
            Component::Staff => "staff",
            Component::Share55Plus => "share_55plus",
            Component::Shortage => "shortage",
        }
    }

    /// The cutoffs used when none are given: every year whose forecast has
    /// at least one actual to be scored against and whose drift baseline
    /// has a five-year window where the data allow.
    pub fn default_cutoffs(self, dataset: &Dataset, params: &Params) -> (i32, i32) {
        match self {
            Component::Pupils => (
                (dataset.po_pupil_years.first + 5).max(2005),
                dataset.po_pupil_years.last - 1,
            ),
            Component::Births => {
                let last = observed_births(dataset).map_or(2000, |s| s.last);
                (2000, last - 1)
            }
            Component::Graduates => {
                // From the first year in which every route's completion
                // ratio (graduates over intake `lag` years before) has a
                // pair of published years, and a five-year drift window.
                let t = &dataset.training;
                let first_intake = t
                    .years
                    .years()
                    .find(|&y| {
                        let i = t.years.index(y).expect("inside");
                        t.intake.iter().any(|r| r[i].is_some())
                    })
                    .unwrap_or(t.years.first);
                let lag = params
                    .inflow
                    .training
                    .iter()
                    .map(|r| r.lag_years)
                    .max()
                    .unwrap_or(0);
                (
                    (first_intake + lag).max(t.years.first + 5),
                    last_graduates_year(t).unwrap_or(t.years.last) - 1,
                )
            }
            Component::Staff => (
                dataset.po_staff_years.first + 1,
                dataset.po_staff_years.last - 1,
            ),
            Component::Share55Plus => {
                let years = po_age_years(dataset);
                let first = dataset.training.years.first + 1;
                (
                    years.first().map_or(first, |&f| (f + 1).max(first)),
                    years.last().map_or(first, |&l| l - 1),
                )
            }
            Component::Shortage => {
                let years = po_shortage_years(dataset);
                (
                    years.first().copied().unwrap_or(2021),
                    years.last().map_or(2021, |&l| l - 1),
                )
            }
        }
    }
}

impl fmt::Display for Component {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Component {
    type Err = TekortError;
    fn from_str(s: &str) -> Result<Self> {
        let t = s.trim();
        Component::ALL
            .into_iter()
            .find(|c| c.code() == t)
            .ok_or_else(|| TekortError::UnknownComponent {
                name: t.to_string(),
            })
    }
}

/// How a backtest forecast was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Method {
    /// tekort's own method, from data up to the cutoff.
    Tekort,
    /// The last value at the cutoff, held.
    Naive,
    /// The last value plus the mean yearly change of the last five years
    /// (fewer where the series is shorter, at least one change).
    Drift,
    /// A forecast published by the official model of that time.
    Official,
}

impl Method {
    /// All methods, in output order.
    pub const ALL: [Method; 4] = [
        Method::Tekort,
        Method::Naive,
        Method::Drift,
        Method::Official,
    ];
    /// The name used in tables.
    pub fn code(self) -> &'static str {
        match self {
            Method::Tekort => "tekort",
            Method::Naive => "naive",
            Method::Drift => "drift",
            Method::Official => "official",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Method {
    type Err = TekortError;
    fn from_str(s: &str) -> Result<Self> {
        let t = s.trim();
        Method::ALL
            .into_iter()
            .find(|c| c.code() == t)
            .ok_or_else(|| {
                TekortError::data(format!(
                    "unknown backtest method {t:?}; known are: {}",
                    Method::ALL.map(|c| c.code()).join(", ")
                ))
            })
    }
}

/// What to backtest.
#[derive(Debug, Clone, PartialEq)]
pub struct BacktestOptions {
    /// Components (default: all).
    pub components: Vec<Component>,
    /// Region systems for the regional components (pupils, staff); the
    /// other components are national. Default: `nl`, `provincie`, `corop`,
    /// `arbeidsmarktregio`.
    pub region_systems: Vec<RegionSystem>,
    /// First and last cutoff; `None` takes each component's
    /// [`Component::default_cutoffs`]. A range is intersected with what
    /// each component's data allow.
    pub cutoffs: Option<(i32, i32)>,
    /// Longest horizon in years (default 10).
    pub horizon: i32,
}

impl BacktestOptions {
    /// All components on the four built-in region systems, default cutoffs,
    /// horizons 1–10.
    pub fn new(dataset: &Dataset) -> Result<Self> {
        Ok(BacktestOptions {
            components: Component::ALL.to_vec(),
            region_systems: crate::domain::regions::BUILTIN_REGION_SYSTEMS
                .iter()
                .map(|n| RegionSystem::builtin(n, dataset))
                .collect::<Result<_>>()?,
            cutoffs: None,
            horizon: 10,
        })
    }
}

/// One forecast of one quantity from one cutoff for one year, with what
/// happened.
#[derive(Debug, Clone, PartialEq)]
pub struct BacktestRow {
    /// Component.
    pub component: Component,
    /// Method.
    pub method: Method,
    /// Region system (`nl` for national components).
    pub region_system: String,
    /// Region.
    pub region: String,
    /// Sector (`po_bo`, ...), route for graduates (`pabo`, ...), `po` for
    /// national po components, `all` for births.
    pub sector: String,
    /// Last year of data the forecast used.
    pub cutoff: i32,
    /// Forecast year.
    pub year: i32,
    /// `year - cutoff`.
    pub horizon: i32,
    /// What happened.
    pub actual: f64,
    /// What was forecast.
    pub forecast: f64,
}

impl BacktestRow {
    /// Error in % of the actual, signed (forecast above actual is
    /// positive); `None` where the actual is 0.
    pub fn pct_error(&self) -> Option<f64> {
        (self.actual != 0.0).then(|| 100.0 * (self.forecast - self.actual) / self.actual)
    }
}

/// The backtest rows and the notes on what could not be tested.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Backtest {
    /// One row per component, method, region, sector, cutoff and year.
    pub rows: Vec<BacktestRow>,
    /// What was left out and why, and the leaks that remain.
    pub notes: Vec<String>,
}

/// Accuracy of one method on one component, region system, sector and
/// horizon.
#[derive(Debug, Clone, PartialEq)]
pub struct AccuracyRow {
    /// Component.
    pub component: Component,
    /// Region system.
    pub region_system: String,
    /// Sector (see [`BacktestRow::sector`]).
    pub sector: String,
    /// Method.
    pub method: Method,
    /// Horizon in years.
    pub horizon: i32,
    /// Number of scored forecasts (actuals of 0 are left out).
    pub count: usize,
    /// Mean absolute percentage error.
    pub mape: f64,
    /// Median absolute percentage error.
    pub median_ape: f64,
    /// Mean signed percentage error (bias: positive = too high).
    pub bias: f64,
}

/// MAPE, median APE, bias and count per component, region system, sector,
/// method and horizon, sorted by them.
pub fn summarize(rows: &[BacktestRow]) -> Vec<AccuracyRow> {
    use std::collections::BTreeMap;
    type Key<'a> = (Component, &'a str, &'a str, Method, i32);
    let mut groups: BTreeMap<Key<'_>, Vec<f64>> = BTreeMap::new();
    for r in rows {
        if let Some(e) = r.pct_error() {
            groups
                .entry((
                    r.component,
                    r.region_system.as_str(),
                    r.sector.as_str(),
                    r.method,
                    r.horizon,
                ))
                .or_default()
                .push(e);
        }
    }
    groups
        .into_iter()
        .map(|((component, system, sector, method, horizon), errors)| {
            let n = errors.len() as f64;
            let mut abs: Vec<f64> = errors.iter().map(|e| e.abs()).collect();
            abs.sort_by(f64::total_cmp);
            let mid = abs.len() / 2;
            let median = if abs.len() % 2 == 1 {
                abs[mid]
            } else {
                (abs[mid - 1] + abs[mid]) / 2.0
            };
            AccuracyRow {
                component,
                region_system: system.to_string(),
                sector: sector.to_string(),
                method,
                horizon,
                count: errors.len(),
                mape: abs.iter().sum::<f64>() / n,
                median_ape: median,
                bias: errors.iter().sum::<f64>() / n,
            }
        })
        .collect()
}

/// A yearly series of actuals (`NaN` where not observed).
struct Series<'a> {
    component: Component,
    region_system: &'a str,
    region: &'a str,
    sector: &'a str,
    first: i32,
    values: &'a [f64],
}

impl Series<'_> {
    fn get(&self, year: i32) -> Option<f64> {
        let i = year - self.first;
        (i >= 0)
            .then(|| self.values.get(i as usize).copied())
            .flatten()
            .filter(|v| v.is_finite())
    }

    fn row(&self, method: Method, cutoff: i32, year: i32, forecast: f64) -> Option<BacktestRow> {
        self.get(year).map(|actual| BacktestRow {
            component: self.component,
            method,
            region_system: self.region_system.to_string(),
            region: self.region.to_string(),
            sector: self.sector.to_string(),
            cutoff,
            year,
            horizon: year - cutoff,
            actual,
            forecast,
        })
    }

    /// Naive and drift forecasts from `cutoff` for horizons 1..=h.
    fn baselines(&self, cutoff: i32, h: i32, out: &mut Vec<BacktestRow>) {
        let Some(last) = self.get(cutoff) else {
            return;
        };
        let window = (1..=5)
            .rev()
            .find(|&k| self.get(cutoff - k).is_some())
            .map(|k| (k, self.get(cutoff - k).expect("found")));
        for year in cutoff + 1..=cutoff + h {
            out.extend(self.row(Method::Naive, cutoff, year, last));
            if let Some((k, old)) = window {
                let slope = (last - old) / k as f64;
                out.extend(self.row(
                    Method::Drift,
                    cutoff,
                    year,
                    last + slope * (year - cutoff) as f64,
                ));
            }
        }
    }
}

/// The cutoffs of `component` under `options`.
fn cutoffs_of(
    component: Component,
    dataset: &Dataset,
    params: &Params,
    options: &BacktestOptions,
) -> Vec<i32> {
    let (lo, hi) = component.default_cutoffs(dataset, params);
    let (lo, hi) = match options.cutoffs {
        Some((a, b)) => (a.max(lo), b.min(hi)),
        None => (lo, hi),
    };
    (lo..=hi).collect()
}

/// Runs the backtests.
///
/// ```
/// use tekort_core::{evaluation::backtest, evaluation::summarize, evaluation::BacktestOptions, evaluation::Component, data::Dataset, params::Params};
///
/// /// MAPE of tekort's births method five years ahead.
/// fn births_mape_5(dataset: &Dataset) -> tekort_core::Result<Option<f64>> {
///     let mut options = BacktestOptions::new(dataset)?;
///     options.components = vec![Component::Births];
///     let bt = backtest(dataset, &Params::default(), &options)?;
///     Ok(summarize(&bt.rows)
///         .iter()
///         .find(|r| r.method.code() == "tekort" && r.horizon == 5)
///         .map(|r| r.mape))
/// }
/// ```
pub fn backtest(dataset: &Dataset, params: &Params, options: &BacktestOptions) -> Result<Backtest> {
    params.validate()?;
    if !(1..=MAX_HORIZON).contains(&options.horizon) {
        return Err(TekortError::value(
            "horizon",
            options.horizon as f64,
            format!("must be between 1 and {MAX_HORIZON} years"),
        ));
    }
    if let Some((a, b)) = options.cutoffs {
        if a > b {
            return Err(TekortError::YearOutOfRange {
                what: "first cutoff".into(),
                year: a,
                min: 1950,
                max: b,
            });
        }
    }
    let mut bt = Backtest::default();
    let mut components = options.components.clone();
    components.sort();
    components.dedup();
    let h = options.horizon;
    // Pupil forecasts per cutoff, shared by pupils, staff and the 55+ share.
    let needs_pupils = components.iter().any(|c| {
        matches!(
            c,
            Component::Pupils | Component::Staff | Component::Share55Plus
        )
    });
    let pupil_cutoffs: Vec<i32> = {
        let mut v: Vec<i32> = components
            .iter()
            .filter(|c| {
                matches!(
                    c,
                    Component::Pupils | Component::Staff | Component::Share55Plus
                )
            })
            .flat_map(|&c| cutoffs_of(c, dataset, params, options))
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let pupil_fc: Vec<(i32, PupilPath)> = if needs_pupils {
        pupil_cutoffs
            .iter()
            .map(|&c| Ok((c, forecast_pupils(dataset, params, c, h)?)))
            .collect::<Result<_>>()?
    } else {
        Vec::new()
    };
    let pupils_at = |c: i32| -> &PupilPath {
        &pupil_fc
            .iter()
            .find(|(k, _)| *k == c)
            .expect("every pupil cutoff was forecast")
            .1
    };
    for &component in &components {
        let cutoffs = cutoffs_of(component, dataset, params, options);
        if cutoffs.is_empty() {
            bt.notes.push(format!(
                "{component}: no cutoff in the range given has data to score"
            ));
            continue;
        }
        match component {
            Component::Pupils => {
                for system in &options.region_systems {
                    regional(
                        component,
                        system,
                        (&dataset.po_pupils, dataset.po_pupil_years),
                        (&cutoffs, h),
                        |c, ti, r, year| sum_region(system, r, |m| pupils_at(c).get(m, ti, year)),
                        &mut bt.rows,
                    );
                }
            }
            Component::Staff => {
                // Staff per pupil follows the money known at the cutoff:
                // the funding index of the funds announced by then, of each
                // cutoff and forecast year over that of the cutoff.
                let mut money = std::collections::HashMap::new();
                for &c in &cutoffs {
                    let known: Vec<FundingEffect> = dataset
                        .funding_path
                        .iter()
                        .filter(|f| f.known_at(c))
                        .cloned()
                        .collect();
                    let at_c = funding_index(&known, SectorGroup::Po, c);
                    for year in c..=c + h {
                        money.insert(
                            (c, year),
                            funding_index(&known, SectorGroup::Po, year) / at_c,
                        );
                    }
                }
                for system in &options.region_systems {
                    let (pspan, pupils) = (dataset.po_pupil_years, &dataset.po_pupils);
                    regional(
                        component,
                        system,
                        (&dataset.po_staff, dataset.po_staff_years),
                        (&cutoffs, h),
                        |c, ti, r, year| {
                            let p0 = sum_region(system, r, |m| {
                                pupils[[m, ti, pspan.index(c).expect("cutoff in pupil span")]]
                            });
                            let s0 = sum_region(system, r, |m| {
                                dataset.po_staff[[
                                    m,
                                    ti,
                                    dataset
                                        .po_staff_years
                                        .index(c)
                                        .expect("cutoff in staff span"),
                                ]]
                            });
                            let p1 = sum_region(system, r, |m| pupils_at(c).get(m, ti, year));
                            let money = money[&(c, year)];
                            if p0 > 0.0 {
                                s0 * p1 / p0 * money
                            } else {
                                s0 * money
                            }
                        },
                        &mut bt.rows,
                    );
                }
            }
            Component::Births => births_backtest(dataset, &cutoffs, h, &mut bt)?,
            Component::Graduates => graduates_backtest(dataset, params, &cutoffs, h, &mut bt)?,
            Component::Share55Plus => {
                share_backtest(dataset, params, &cutoffs, h, &pupils_at, &mut bt)?
            }
            Component::Shortage => shortage_backtest(dataset, params, &cutoffs, h, &mut bt)?,
        }
    }
    Ok(bt)
}

fn sum_region(system: &RegionSystem, r: usize, f: impl Fn(usize) -> f64) -> f64 {
    system
        .assignment
        .iter()
        .enumerate()
        .filter(|(_, &a)| a == r)
        .map(|(m, _)| f(m))
        .sum()
}

/// The longest backtest horizon (years): longer than any series the
/// dataset holds after a cutoff.
pub const MAX_HORIZON: i32 = 40;

/// Scores a regional po component (`[municipality, type, year]` actuals)
/// per region and school type: tekort from `tekort(cutoff, type, region,
/// year)`, and the baselines.
fn regional(
    component: Component,
    system: &RegionSystem,
    (data, span): (&Array3<f64>, YearSpan),
    (cutoffs, h): (&[i32], i32),
    tekort: impl Fn(i32, usize, usize, i32) -> f64,
    out: &mut Vec<BacktestRow>,
) {
    for (ti, sector) in Sector::PO.iter().enumerate() {
        for (r, region) in system.regions.iter().enumerate() {
            let values: Vec<f64> = span
                .years()
                .map(|y| {
                    sum_region(system, r, |m| {
                        data[[m, ti, span.index(y).expect("in span")]]
                    })
                })
                .collect();
            let series = Series {
                component,
                region_system: &system.name,
                region,
                sector: sector.code(),
                first: span.first,
                values: &values,
            };
            for &c in cutoffs {
                if series.get(c).is_none() {
                    continue;
                }
                for year in c + 1..=c + h {
                    if series.get(year).is_some() {
                        let f = tekort(c, ti, r, year);
                        out.extend(series.row(Method::Tekort, c, year, f));
                    }
                }
                series.baselines(c, h, out);
            }
        }
    }
}

/// tekort's po pupil forecast from one cutoff, per municipality and school
/// type: observed up to the cutoff, then the pupils of the cutoff year
/// moved with the births cohorts aged 4–11 (the method of the forecast,
/// see `project_pupils`), births after the cutoff from [`births_method`].
pub(crate) struct PupilPath {
    cutoff: i32,
    /// `[municipality, type, horizon 1..=h]`.
    values: Array3<f64>,
    /// Observed pupils of the cutoff year `[municipality, type]`.
    at_cutoff: Array2<f64>,
}

impl PupilPath {
    fn get(&self, m: usize, ti: usize, year: i32) -> f64 {
        if year <= self.cutoff {
            debug_assert_eq!(year, self.cutoff);
            self.at_cutoff[[m, ti]]
        } else {
            self.values[[m, ti, (year - self.cutoff - 1) as usize]]
        }
    }
    fn national(&self, year: i32) -> f64 {
        (0..self.at_cutoff.nrows())
            .map(|m| (0..3).map(|ti| self.get(m, ti, year)).sum::<f64>())
            .sum()
    }
}

fn forecast_pupils(dataset: &Dataset, params: &Params, c: i32, h: i32) -> Result<PupilPath> {
    let pspan = dataset.po_pupil_years;
    let ci = pspan.index(c).ok_or_else(|| TekortError::YearOutOfRange {
        what: "pupil cutoff".into(),
        year: c,
        min: pspan.first,
        max: pspan.last,
    })?;
    let tk = params.demand.pupil_trend_years;
    let (bfirst, births) = births_known_at(dataset, params, c, c - tk, c + h - 4)?;
    let n = dataset.n_municipalities();
    let at_cutoff = Array2::from_shape_fn((n, 3), |(m, ti)| dataset.po_pupils[[m, ti, ci]]);
    let before = pspan.index(c - tk);
    let mut values = Array3::zeros((n, 3, h as usize));
    for m in 0..n {
        let c0 = school_age_cohorts(&births, bfirst, m, c);
        let cb = school_age_cohorts(&births, bfirst, m, c - tk);
        for ti in 0..3 {
            let p0 = at_cutoff[[m, ti]];
            let pb = before.map_or(0.0, |bi| dataset.po_pupils[[m, ti, bi]]);
            for k in 1..=h {
                let ct = school_age_cohorts(&births, bfirst, m, c + k);
                values[[m, ti, (k - 1) as usize]] =
                    po_pupils_ahead(params, ti, (p0, c0), (pb, cb), k, ct);
            }
        }
    }
    Ok(PupilPath {
        cutoff: c,
        values,
        at_cutoff,
    })
}

/// Births per municipality `[municipality, year]` from 11 years before
/// `from_pupil_year` (or the cutoff) to `until` as known at cutoff `c`
/// (see [`spread_births`]): observed municipal births up to `c`, national
/// observed births before the municipal series, and after the last known
/// year the births method of [`births_method`]. Before the municipal series
/// begins (2012) no share is known at all: each municipality's share of
/// regular-primary pupils at the cutoff stands in; a common share cancels
/// out of the pupil forecast, which then moves with national cohorts.
fn births_known_at(
    dataset: &Dataset,
    params: &Params,
    c: i32,
    from_pupil_year: i32,
    until: i32,
) -> Result<(i32, Array2<f64>)> {
    let first = from_pupil_year.min(c) - 11;
    let until = until.max(c);
    let (last_national, future) = births_method(dataset, c, until)?;
    let national = |y: i32| -> Result<f64> {
        if y <= last_national {
            national_observed(dataset, y).ok_or_else(|| {
                TekortError::data(format!("births_national has no observed births for {y}"))
            })
        } else {
            Ok(future[(y - last_national - 1) as usize])
        }
    };
    let pupil_shares = || -> Vec<f64> {
        let ci = dataset.po_pupil_years.index(c).expect("checked by caller");
        let col = dataset.po_pupils.slice(ndarray::s![.., 0, ci]);
        let tot = col.sum().max(1e-300);
        col.iter().map(|p| p / tot).collect()
    };
    let b = spread_births(dataset, params, c, (first, until), &national, &pupil_shares)?;
    Ok((first, b))
}

fn births_backtest(dataset: &Dataset, cutoffs: &[i32], h: i32, bt: &mut Backtest) -> Result<()> {
    let Some(path) = dataset
        .births_national
        .iter()
        .find(|p| p.variant == "observed")
    else {
        bt.notes
            .push("births: the dataset has no observed national births".into());
        return Ok(());
    };
    if dataset.women.is_some() {
        bt.notes.push(
            "births: the women by age are OECD's 2016 vintage, a projection after about 2013, so cutoffs 2014–2015 see values projected a year or two later; they enter only as women aged 25–39 aged forward, most of them born long before the cutoff, so the leak is through migration only"
                .into(),
        );
    } else {
        bt.notes.push(
            "births: no women by age in the dataset; the births method holds the mean of the last three years"
                .into(),
        );
    }
    let series = Series {
        component: Component::Births,
        region_system: "nl",
        region: "Nederland",
        sector: "all",
        first: path.first_year,
        values: &path.births,
    };
    for &c in cutoffs {
        if series.get(c).is_none() {
            continue;
        }
        let (last, future) = births_method(dataset, c, c + h)?;
        for (k, f) in future.iter().enumerate() {
            let year = last + 1 + k as i32;
            bt.rows.extend(series.row(Method::Tekort, c, year, *f));
        }
        series.baselines(c, h, &mut bt.rows);
    }
    Ok(())
}

pub(crate) fn last_graduates_year(t: &TrainingHistory) -> Option<i32> {
    t.years
        .years()
        .filter(|&y| {
            let i = t.years.index(y).expect("inside");
            t.graduates.iter().any(|g| g[i].is_some())
        })
        .max()
}

fn graduates_backtest(
    dataset: &Dataset,
    params: &Params,
    cutoffs: &[i32],
    h: i32,
    bt: &mut Backtest,
) -> Result<()> {
    let t = &dataset.training;
    let routes: Vec<&str> = params
        .inflow
        .training
        .iter()
        .map(|r| r.training.as_str())
        .collect();
    let actual: Vec<Vec<f64>> = routes
        .iter()
        .map(|name| {
            let i = t.routes.iter().position(|r| r == name);
            t.years
                .years()
                .map(|y| {
                    i.and_then(|i| t.graduates[i][t.years.index(y).expect("inside")])
                        .unwrap_or(f64::NAN)
                })
                .collect()
        })
        .collect();
    for &c in cutoffs {
        let Some(known) = training_until(t, c) else {
            continue;
        };
        let span = YearSpan::new(c + 1, c + h)?;
        let (grads, ..) = project_graduates(&known, params, span, 67.0, &mut Vec::new())?;
        for (ri, route) in routes.iter().enumerate() {
            let series = Series {
                component: Component::Graduates,
                region_system: "nl",
                region: "Nederland",
                sector: route,
                first: t.years.first,
                values: &actual[ri],
            };
            if series.get(c).is_none() {
                continue;
            }
            for (k, year) in span.years().enumerate() {
                bt.rows
                    .extend(series.row(Method::Tekort, c, year, grads[[ri, k]]));
            }
            series.baselines(c, h, &mut bt.rows);
            for f in dataset
                .official_forecasts
                .iter()
                .filter(|f| f.component == "graduates" && f.vintage == c && f.series == *route)
            {
                if f.year > c && f.year <= c + h {
                    bt.rows
                        .extend(series.row(Method::Official, c, f.year, f.value));
                }
            }
        }
    }
    Ok(())
}

fn po_age_years(dataset: &Dataset) -> Vec<i32> {
    let mut v: Vec<i32> = dataset
        .teacher_fte_age
        .iter()
        .filter(|p| p.group == SectorGroup::Po)
        .map(|p| p.year)
        .collect();
    v.sort_unstable();
    v
}

fn share_backtest<'a>(
    dataset: &Dataset,
    params: &Params,
    cutoffs: &[i32],
    h: i32,
    pupils_at: &dyn Fn(i32) -> &'a PupilPath,
    bt: &mut Backtest,
) -> Result<()> {
    let years = po_age_years(dataset);
    let (Some(&first), Some(&last)) = (years.first(), years.last()) else {
        bt.notes.push("share_55plus: no po age profile".into());
        return Ok(());
    };
    let values: Vec<f64> = (first..=last)
        .map(|y| {
            dataset
                .teacher_fte_age
                .iter()
                .find(|p| p.group == SectorGroup::Po && p.year == y)
                .map_or(f64::NAN, |p| {
                    let total: f64 = p.bands.iter().map(|b| b.share_pct).sum();
                    100.0
                        * p.bands
                            .iter()
                            .filter(|b| b.from >= 55)
                            .map(|b| b.share_pct)
                            .sum::<f64>()
                        / total
                })
        })
        .collect();
    let series = Series {
        component: Component::Share55Plus,
        region_system: "nl",
        region: "Nederland",
        sector: "po",
        first,
        values: &values,
    };
    // The zij-instroom observed up to the cutoff; before the first count
    // the first count stands in (a documented leak).
    let zij_known = |c: i32| -> Vec<YearValue> {
        let obs = &params.inflow.zij_instroom_observed;
        let v: Vec<YearValue> = obs.iter().copied().filter(|p| p.year <= c).collect();
        if v.is_empty() {
            obs.iter().copied().take(1).collect()
        } else {
            v
        }
    };
    bt.notes.push(
        "share_55plus: the age roll uses today's hazards and entry ages, and for cutoffs before 2017 the zij-instroom count of 2017 (495 persons a year); a small leak".into(),
    );
    for &c in cutoffs {
        if series.get(c).is_none() {
            continue;
        }
        let Some(known) = training_until(&dataset.training, c) else {
            continue;
        };
        let path = pupils_at(c);
        let mut p = params.clone();
        p.inflow.zij_instroom_observed = zij_known(c);
        let level = |y: i32| -> Result<f64> { Ok(path.national(y)) };
        let rolled =
            roll_age_structure_with(dataset, &p, SectorGroup::Po, c, c + h, &known, &level)?;
        for (year, shares) in rolled.into_iter().skip(1) {
            bt.rows
                .extend(series.row(Method::Tekort, c, year, share_55plus(&shares)));
        }
        series.baselines(c, h, &mut bt.rows);
    }
    Ok(())
}

fn po_shortage_years(dataset: &Dataset) -> Vec<i32> {
    shortage_years(dataset, SectorGroup::Po)
}

/// The years with a national shortage % of `group`, sorted.
fn shortage_years(dataset: &Dataset, group: SectorGroup) -> Vec<i32> {
    let mut v: Vec<i32> = dataset
        .national_shortage
        .iter()
        .filter(|m| m.group == group && m.pct.is_some())
        .map(|m| m.year)
        .collect();
    v.sort_unstable();
    v
}

/// The inputs of a run of `group` from cutoff `c` up to `until` with the
/// data up to `c` only ([`as_of`](crate::as_of)): the cut data and
/// parameters and the projection options; `None` where the data up to
/// `c` cannot start `group` (no measurement yet). The shortage backtests
/// and the coverage of the shortage's bands
/// ([`crate::evaluation::shortage_bands`]) run on these.
pub(crate) fn run_as_of(
    dataset: &Dataset,
    params: &Params,
    group: SectorGroup,
    c: i32,
    until: i32,
) -> Result<
    Option<(
        crate::inputs::cutoff::AsOf,
        crate::domain::options::ProjectionOptions,
    )>,
> {
    let cut = crate::inputs::cutoff::as_of(dataset, params, c)?;
    let sectors: Vec<Sector> = group
        .sectors()
        .iter()
        .copied()
        .filter(|s| cut.sectors.contains(s))
        .collect();
    if sectors.is_empty() {
        return Ok(None);
    }
    let options = crate::domain::options::ProjectionOptions {
        until,
        sectors,
        ages: false,
        ..Default::default()
    };
    Ok(Some((cut, options)))
}

/// The years with a national shortage % of `group` and their values, from
/// the first to the last measured year (NaN in a year without one).
pub(crate) fn national_shortage_series(
    dataset: &Dataset,
    group: SectorGroup,
) -> Option<(i32, Vec<f64>)> {
    let years = shortage_years(dataset, group);
    let (&first, &last) = (years.first()?, years.last()?);
    Some((
        first,
        (first..=last)
            .map(|y| {
                dataset
                    .national_shortage
                    .iter()
                    .find(|m| m.group == group && m.year == y)
                    .and_then(|m| m.pct)
                    .unwrap_or(f64::NAN)
            })
            .collect(),
    ))
}

/// The national shortage % (the measured concept: open vacancies and
/// hidden shortage on 1 October, as % of employment) of po and vo: tekort's
/// whole model run from each cutoff with the data up to it
/// ([`as_of`](crate::as_of)), beside naive and drift.
fn shortage_backtest(
    dataset: &Dataset,
    params: &Params,
    cutoffs: &[i32],
    h: i32,
    bt: &mut Backtest,
) -> Result<()> {
    let mut any = false;
    for group in [SectorGroup::Po, SectorGroup::Vo] {
        let Some((first, values)) = national_shortage_series(dataset, group) else {
            continue;
        };
        let last = first + values.len() as i32 - 1;
        any = true;
        let series = Series {
            component: Component::Shortage,
            region_system: "nl",
            region: "Nederland",
            sector: group.code(),
            first,
            values: &values,
        };
        for &c in cutoffs {
            if series.get(c).is_none() {
                continue;
            }
            series.baselines(c, h, &mut bt.rows);
            let until = (c + h).min(last);
            if until <= c {
                continue;
            }
            let Some((cut, options)) = run_as_of(dataset, params, group, c, until)? else {
                bt.notes.push(format!(
                    "shortage: no tekort forecast of {group} from {c}: {}",
                    crate::inputs::cutoff::as_of(dataset, params, c)?
                        .notes
                        .iter()
                        .find(|n| n.contains("left out"))
                        .map_or("the data up to it cannot start the model", |n| n.as_str())
                ));
                continue;
            };
            let nl = RegionSystem::builtin("nl", &cut.dataset)?;
            let p = crate::run::project(
                &cut.dataset,
                &nl,
                &cut.params,
                &[crate::domain::scenario::Scenario::baseline()],
                &options,
            )?;
            let all: Vec<usize> = (0..p.sectors.len()).collect();
            for (yi, &year) in p.years.iter().enumerate() {
                if year <= c {
                    continue;
                }
                let row = p.total(0, None, &all, yi)?;
                let pct = row[crate::domain::projection::Variable::ShortagePct.index()];
                bt.rows.extend(series.row(Method::Tekort, c, year, pct));
            }
        }
    }
    if !any {
        bt.notes.push("shortage: no national measurement".into());
    }
    area_shortage_backtest(dataset, params, cutoffs, h, bt)
}

/// The shortage of measured areas of several municipalities (the G5
/// together and the rest of the country): each area's measurements as a
/// series, the whole model run from each cutoff on a region system of the
/// area and the rest, scored where the area was measured after the
/// cutoff. This scores how regional differences persist.
fn area_shortage_backtest(
    dataset: &Dataset,
    params: &Params,
    cutoffs: &[i32],
    h: i32,
    bt: &mut Backtest,
) -> Result<()> {
    use crate::domain::dataset::MeasuredArea;
    // Each (group, area) once, with its members.
    let mut areas: Vec<(SectorGroup, &str, &[usize])> = Vec::new();
    for m in &dataset.measured_shortage {
        if let MeasuredArea::Municipalities { name, members } = &m.area {
            if !areas.iter().any(|(g, n, _)| *g == m.group && n == name) {
                areas.push((m.group, name, members));
            }
        }
    }
    for (group, name, members) in areas {
        let measured: Vec<(i32, f64)> = dataset
            .measured_shortage
            .iter()
            .filter(|m| {
                m.group == group
                    && matches!(&m.area, MeasuredArea::Municipalities { name: n, .. } if n == name)
            })
            .map(|m| (m.year, m.pct))
            .collect();
        let first = measured.iter().map(|m| m.0).min().expect("one measurement");
        let last = measured.iter().map(|m| m.0).max().expect("one measurement");
        let values: Vec<f64> = (first..=last)
            .map(|y| measured.iter().find(|m| m.0 == y).map_or(f64::NAN, |m| m.1))
            .collect();
        let system_name = name.to_string();
        let series = Series {
            component: Component::Shortage,
            region_system: &system_name,
            region: name,
            sector: group.code(),
            first,
            values: &values,
        };
        for &c in cutoffs {
            if series.get(c).is_none() {
                continue;
            }
            series.baselines(c, h, &mut bt.rows);
            let until = (c + h).min(last);
            if until <= c {
                continue;
            }
            let Some((cut, options)) = run_as_of(dataset, params, group, c, until)? else {
                continue;
            };
            let mut assignment = vec![1usize; cut.dataset.n_municipalities()];
            for &i in members {
                assignment[i] = 0;
            }
            let regions = RegionSystem {
                name: system_name.clone(),
                regions: vec![
                    name.to_string(),
                    crate::domain::regions::REST_REGION.to_string(),
                ],
                assignment,
                boards: Vec::new(),
            };
            let p = crate::run::project(
                &cut.dataset,
                &regions,
                &cut.params,
                &[crate::domain::scenario::Scenario::baseline()],
                &options,
            )?;
            let all: Vec<usize> = (0..p.sectors.len()).collect();
            for (yi, &year) in p.years.iter().enumerate() {
                if year <= c {
                    continue;
                }
                let row = p.total(0, Some(&[0]), &all, yi)?;
                let pct = row[crate::domain::projection::Variable::ShortagePct];
                bt.rows.extend(series.row(Method::Tekort, c, year, pct));
            }
        }
    }
    Ok(())
}

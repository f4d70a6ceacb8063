//! The coverage of the Monte Carlo's intervals in the backtests: the
//! share of what happened that fell inside them.

use crate::domain::dataset::Dataset;
use crate::domain::params::Params;
use crate::domain::projection::Variable;
use crate::domain::regions::RegionSystem;
use crate::domain::scenario::Scenario;
use crate::domain::sector::SectorGroup;
use crate::error::Result;
use crate::evaluate::backtest::{national_shortage_series, run_as_of};
use crate::evaluate::backtest::{BacktestRow, Component, Method};
use crate::evaluate::errors::{sizing_backtest, ErrorModel};
use crate::evaluate::trend::FIT_LAST_YEAR;
use crate::uncertainty::montecarlo::{
    band_probabilities, interval_index, quantiles, simulate, McOptions,
};

/// Share of actuals inside tekort's intervals in the backtests, for one
/// component, region system, sample, level and horizon. The shortage's
/// rows (po, national) come from [`shortage_bands`]: the Monte Carlo of
/// the whole model from each past cutoff.
#[derive(Debug, Clone, PartialEq)]
pub struct CoverageRow {
    /// Component (pupils: regular primary; graduates: every route).
    pub component: Component,
    /// Region system (`nl`, `arbeidsmarktregio`).
    pub region_system: String,
    /// `in` (errors sized from every backtest forecast) or `out` (sized
    /// from the forecasts of years up to [`FIT_LAST_YEAR`], scored on the
    /// cutoffs after it).
    pub sample: &'static str,
    /// Interval level in %.
    pub level: f64,
    /// Horizon; 0 means all horizons together.
    pub horizon: i32,
    /// Forecasts scored.
    pub count: usize,
    /// Share (%) of actuals inside the interval.
    pub coverage: f64,
}

/// The coverage of the Monte Carlo's pupil and graduate intervals in the
/// backtests: each tekort forecast gets the interval the Monte Carlo draws
/// for its horizon (log-normal around the forecast, sd from
/// [`crate::evaluate::errors::ErrorModel`], in closed form), and the share of actuals inside
/// is counted. In sample: the error model from every backtest forecast;
/// out of sample: from the forecasts of years up to [`FIT_LAST_YEAR`],
/// scored on the cutoffs after it.
pub fn interval_coverage(dataset: &Dataset, params: &Params) -> Result<Vec<CoverageRow>> {
    let bands = shortage_bands(dataset, params, &SHORTAGE_COVERAGE_MC, &[80.0, 95.0])?;
    interval_coverage_with(dataset, params, &bands)
}

/// [`interval_coverage`] with the shortage's bands already computed
/// ([`shortage_bands`] at levels 80 and 95), so a caller that shows them
/// too runs their Monte Carlo once.
pub fn interval_coverage_with(
    dataset: &Dataset,
    params: &Params,
    bands: &[ShortageBand],
) -> Result<Vec<CoverageRow>> {
    let scored = Scored::new(dataset, params)?;
    let mut out = Vec::new();
    for (component, system) in [
        (Component::Pupils, "nl"),
        (Component::Pupils, "arbeidsmarktregio"),
        (Component::Graduates, "nl"),
    ] {
        out.extend(scored.coverage(params, component, system)?);
    }
    out.extend(shortage_coverage(bands, &[80.0, 95.0]));
    Ok(out)
}

/// The pupil and graduate backtests with the two error models that size
/// their intervals (`in`: from every forecast; `out`: from the forecasts
/// of years up to [`FIT_LAST_YEAR`]).
struct Scored {
    bt: crate::evaluate::backtest::Backtest,
    horizon: i32,
    models: [(&'static str, ErrorModel); 2],
}

impl Scored {
    /// One backtest, the one the error model is sized on, and both
    /// models from its rows.
    fn new(dataset: &Dataset, params: &Params) -> Result<Self> {
        let (bt, horizon) = sizing_backtest(dataset, params)?;
        let models = [
            ("in", ErrorModel::from_rows(&bt.rows, horizon, None)?),
            (
                "out",
                ErrorModel::from_rows(&bt.rows, horizon, Some(FIT_LAST_YEAR))?,
            ),
        ];
        Ok(Scored {
            bt,
            horizon,
            models,
        })
    }

    /// The coverage rows of one component and region system, both
    /// samples, levels 80 and 95, per horizon and over all (0), with the
    /// error scales of `params`.
    fn coverage(
        &self,
        params: &Params,
        component: Component,
        system: &str,
    ) -> Result<Vec<CoverageRow>> {
        let mut out = Vec::new();
        for (sample, model) in &self.models {
            let rows: Vec<BacktestRow> = self
                .bt
                .rows
                .iter()
                .filter(|r| {
                    r.method == Method::Tekort
                        && r.component == component
                        && r.region_system == system
                        && (component != Component::Pupils || r.sector == "po_bo")
                        && (*sample == "in" || r.cutoff > FIT_LAST_YEAR)
                        && r.actual > 0.0
                        && r.forecast > 0.0
                })
                .cloned()
                .collect();
            for level in [80.0, 95.0] {
                // The interval the Monte Carlo gives each forecast.
                let bounds = crate::uncertainty::montecarlo::backtest_intervals(
                    &rows, model, params, level,
                )?;
                let mut by_h = vec![(0usize, 0usize); self.horizon as usize + 1];
                for (r, b) in rows.iter().zip(&bounds) {
                    let inside = b.is_some_and(|(lo, hi)| lo <= r.actual && r.actual <= hi);
                    for h in [0, r.horizon as usize] {
                        by_h[h].0 += 1;
                        by_h[h].1 += usize::from(inside);
                    }
                }
                for (h, &(n, k)) in by_h.iter().enumerate() {
                    if n > 0 {
                        out.push(CoverageRow {
                            component,
                            region_system: system.to_string(),
                            sample,
                            level,
                            horizon: h as i32,
                            count: n,
                            coverage: 100.0 * k as f64 / n as f64,
                        });
                    }
                }
            }
        }
        Ok(out)
    }
}

/// The grid of `uncertainty.graduate_error_scale` scored: per scale, the
/// coverage (%) of the 80 % graduate intervals over all horizons in
/// sample and out of sample (see [`interval_coverage`]).
#[derive(Debug, Clone, PartialEq)]
pub struct ScaleCoverage {
    /// `uncertainty.graduate_error_scale`.
    pub scale: f64,
    /// In-sample coverage of the 80 % intervals (%).
    pub in_sample: f64,
    /// Out-of-sample coverage of the 80 % intervals (%).
    pub out_of_sample: f64,
}

/// The scales of [`graduate_scale_grid`].
pub const GRADUATE_SCALE_GRID: [f64; 9] = [1.0, 1.25, 1.5, 1.75, 2.0, 2.25, 2.5, 2.75, 3.0];

/// The lowest out-of-sample coverage of the 80 % graduate intervals that
/// the chosen scale must reach (the target band is 75–85 %).
pub const GRADUATE_SCALE_TARGET: f64 = 75.0;

/// The graduate intervals' coverage for every scale of
/// [`GRADUATE_SCALE_GRID`] (the other parameters from `params`), and the
/// chosen scale: the smallest whose out-of-sample 80 % coverage reaches
/// [`GRADUATE_SCALE_TARGET`] (the largest of the grid if none does). The
/// default `uncertainty.graduate_error_scale` is this choice (a test
/// checks it).
pub fn graduate_scale_grid(
    dataset: &Dataset,
    params: &Params,
) -> Result<(Vec<ScaleCoverage>, f64)> {
    let scored = Scored::new(dataset, params)?;
    let mut grid = Vec::new();
    for scale in GRADUATE_SCALE_GRID {
        let mut p = params.clone();
        p.uncertainty.graduate_error_scale = scale;
        let rows = scored.coverage(&p, Component::Graduates, "nl")?;
        let at = |sample: &str| {
            rows.iter()
                .find(|r| r.sample == sample && r.level == 80.0 && r.horizon == 0)
                .map_or(f64::NAN, |r| r.coverage)
        };
        grid.push(ScaleCoverage {
            scale,
            in_sample: at("in"),
            out_of_sample: at("out"),
        });
    }
    let chosen = grid
        .iter()
        .find(|g| g.out_of_sample >= GRADUATE_SCALE_TARGET)
        .map_or(GRADUATE_SCALE_GRID[GRADUATE_SCALE_GRID.len() - 1], |g| {
            g.scale
        });
    Ok((grid, chosen))
}

/// One forecast of the national shortage % from a past cutoff with the
/// Monte Carlo's bands around it, and the measurement of its year.
#[derive(Debug, Clone, PartialEq)]
pub struct ShortageBand {
    /// Sector group (`po`, `vo`).
    pub sector: String,
    /// Last year of data the forecast used.
    pub cutoff: i32,
    /// Forecast year.
    pub year: i32,
    /// `year - cutoff`.
    pub horizon: i32,
    /// The measured national shortage % of `year`.
    pub actual: f64,
    /// The deterministic run's %.
    pub central: f64,
    /// The median of the draws' % (the point of `--draws`).
    pub median: f64,
    /// `(level, lo, hi)` per level asked for.
    pub bounds: Vec<(f64, f64, f64)>,
}

impl ShortageBand {
    /// Whether the measurement lies inside the interval of `level`
    /// (`None` for a level not computed).
    pub fn covers(&self, level: f64) -> Option<bool> {
        self.bounds
            .iter()
            .find(|b| b.0 == level)
            .map(|&(_, lo, hi)| lo <= self.actual && self.actual <= hi)
    }
}

/// The Monte Carlo of the whole model from every cutoff the national
/// shortage measurements allow (as `tekort forecast --cutoff C --draws N
/// --regions nl` runs it: data up to the cutoff only, the error model from
/// the backtests of those data), with its bands at `levels` for each later
/// measured year: the coverage of the shortage bands, scored out of
/// sample. Sector groups or cutoffs the data cannot start (vo before its
/// pupils are observed) have no rows.
pub fn shortage_bands(
    dataset: &Dataset,
    params: &Params,
    mc: &McOptions,
    levels: &[f64],
) -> Result<Vec<ShortageBand>> {
    let ps = band_probabilities(levels)?;
    let mut q = vec![0.0; ps.len()];
    let mut out = Vec::new();
    for group in [SectorGroup::Po, SectorGroup::Vo] {
        let Some((first, values)) = national_shortage_series(dataset, group) else {
            continue;
        };
        let last = first + values.len() as i32 - 1;
        let actual = |y: i32| values[(y - first) as usize];
        for c in first..last {
            if actual(c).is_nan() {
                continue;
            }
            let Some((cut, options)) = run_as_of(dataset, params, group, c, last)? else {
                continue;
            };
            let nl = RegionSystem::builtin("nl", &cut.dataset)?;
            let sim = simulate(
                &cut.dataset,
                &nl,
                &cut.params,
                &[Scenario::baseline()],
                &options,
                mc,
                None,
            )?;
            let all: Vec<usize> = (0..sim.central.sectors.len()).collect();
            for (yi, &year) in sim.central.years.iter().enumerate() {
                if year <= c || actual(year).is_nan() {
                    continue;
                }
                let central = sim.central.total(0, None, &all, yi)?[Variable::ShortagePct.index()];
                let draws = sim.total(0, None, &all, yi)?;
                let pcts: Vec<f64> = draws
                    .column(interval_index(Variable::ShortagePct).expect("has intervals"))
                    .to_vec();
                quantiles(&pcts, &ps, &mut q);
                out.push(ShortageBand {
                    sector: group.code().to_string(),
                    cutoff: c,
                    year,
                    horizon: year - c,
                    actual: actual(year),
                    central,
                    median: q[0],
                    bounds: levels
                        .iter()
                        .zip(q[1..].chunks_exact(2))
                        .map(|(&l, b)| (l, b[0], b[1]))
                        .collect(),
                });
            }
        }
    }
    Ok(out)
}

/// The draws of [`interval_coverage`]'s shortage rows (seed 7).
pub const SHORTAGE_COVERAGE_DRAWS: usize = 500;

/// The Monte Carlo of [`interval_coverage`]'s and [`backtest_bounds`]'
/// shortage bands: [`SHORTAGE_COVERAGE_DRAWS`] draws, seed 7.
pub const SHORTAGE_COVERAGE_MC: McOptions = McOptions {
    draws: SHORTAGE_COVERAGE_DRAWS,
    seed: 7,
};

/// [`CoverageRow`]s of the po shortage bands (`sample` `out`: the draws
/// know nothing after their cutoff), per level and horizon (0: all).
fn shortage_coverage(bands: &[ShortageBand], levels: &[f64]) -> Vec<CoverageRow> {
    let po: Vec<&ShortageBand> = bands.iter().filter(|b| b.sector == "po").collect();
    let max_h = po.iter().map(|b| b.horizon).max().unwrap_or(0);
    let mut out = Vec::new();
    for &level in levels {
        for h in 0..=max_h {
            let inside: Vec<bool> = po
                .iter()
                .filter(|b| h == 0 || b.horizon == h)
                .filter_map(|b| b.covers(level))
                .collect();
            if !inside.is_empty() {
                out.push(CoverageRow {
                    component: Component::Shortage,
                    region_system: "nl".into(),
                    sample: "out",
                    level,
                    horizon: h,
                    count: inside.len(),
                    coverage: 100.0 * inside.iter().filter(|&&i| i).count() as f64
                        / inside.len() as f64,
                });
            }
        }
    }
    out
}

/// The bounds of one interval level for every row of a backtest (`None`
/// where a row has no interval).
pub type RowBounds = Vec<Option<(f64, f64)>>;

/// The interval of every backtest row at each of `levels`, as the Monte
/// Carlo gives it: tekort's pupil and graduate rows in closed form from
/// the error model of every backtest forecast
/// ([`backtest_intervals`](crate::evaluation::backtest_intervals)), tekort's
/// national shortage rows from the Monte Carlo of the whole model from
/// their cutoff ([`shortage_bands`], [`SHORTAGE_COVERAGE_DRAWS`] draws,
/// seed 7); `None` for the baselines and the other rows. The CLI's
/// `tekort backtest --out` and Python's `tekort.backtest()` carry these as
/// `forecast-lo-{level}` and `forecast-hi-{level}`.
pub fn backtest_bounds(
    dataset: &Dataset,
    params: &Params,
    rows: &[BacktestRow],
    levels: &[f64],
) -> Result<Vec<(f64, RowBounds)>> {
    let is_shortage = |r: &BacktestRow| {
        r.method == Method::Tekort && r.component == Component::Shortage && r.region_system == "nl"
    };
    let bands = if rows.iter().any(is_shortage) {
        shortage_bands(dataset, params, &SHORTAGE_COVERAGE_MC, levels)?
    } else {
        Vec::new()
    };
    let model = ErrorModel::from_backtests(dataset, params, None)?;
    levels
        .iter()
        .enumerate()
        .map(|(li, &level)| {
            let mut bounds =
                crate::uncertainty::montecarlo::backtest_intervals(rows, &model, params, level)?;
            for (r, b) in rows.iter().zip(bounds.iter_mut()) {
                if is_shortage(r) {
                    *b = bands
                        .iter()
                        .find(|s| s.sector == r.sector && s.cutoff == r.cutoff && s.year == r.year)
                        .map(|s| (s.bounds[li].1, s.bounds[li].2));
                }
            }
            Ok((level, bounds))
        })
        .collect()
}

/// The coverage of one method's intervals on one component, region
/// system, sector and horizon (see [`coverage_summary`]).
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryCoverage {
    /// Component.
    pub component: Component,
    /// Region system.
    pub region_system: String,
    /// Sector (as [`BacktestRow::sector`]).
    pub sector: String,
    /// Method (tekort: the only one with intervals).
    pub method: Method,
    /// Horizon in years.
    pub horizon: i32,
    /// Interval level in %.
    pub level: f64,
    /// Forecasts with an interval and an actual.
    pub count: usize,
    /// Share (%) of the actuals inside the interval, bounds included.
    pub coverage: f64,
}

/// The share of actuals inside the intervals of `bounds` (from
/// [`backtest_bounds`], one entry per row of `rows`) per component, region
/// system, sector, method, horizon and level, in the order the rows first
/// give them: the `coverage-{level}` columns of Python's
/// `tekort.backtest_summary` and the coverage table of `tekort backtest`.
/// Rows without an interval are left out; a `bounds` entry of another
/// length than `rows` is an error.
pub fn coverage_summary(
    rows: &[BacktestRow],
    bounds: &[(f64, RowBounds)],
) -> Result<Vec<SummaryCoverage>> {
    let mut out: Vec<SummaryCoverage> = Vec::new();
    // The number of actuals inside, per entry of `out`.
    let mut inside_count: Vec<usize> = Vec::new();
    let mut index: std::collections::HashMap<(Component, &str, &str, Method, i32, u64), usize> =
        std::collections::HashMap::new();
    for (level, b) in bounds {
        if b.len() != rows.len() {
            return Err(crate::error::TekortError::InvalidValue {
                name: format!("bounds of level {level}"),
                value: b.len() as f64,
                reason: format!("one interval per backtest row: {} rows", rows.len()),
            });
        }
        for (r, b) in rows.iter().zip(b) {
            let Some((lo, hi)) = *b else { continue };
            let inside = lo <= r.actual && r.actual <= hi;
            let key = (
                r.component,
                r.region_system.as_str(),
                r.sector.as_str(),
                r.method,
                r.horizon,
                level.to_bits(),
            );
            let i = *index.entry(key).or_insert_with(|| {
                out.push(SummaryCoverage {
                    component: r.component,
                    region_system: r.region_system.clone(),
                    sector: r.sector.clone(),
                    method: r.method,
                    horizon: r.horizon,
                    level: *level,
                    count: 0,
                    coverage: 0.0,
                });
                inside_count.push(0);
                out.len() - 1
            });
            out[i].count += 1;
            inside_count[i] += usize::from(inside);
        }
    }
    for (s, k) in out.iter_mut().zip(inside_count) {
        s.coverage = 100.0 * k as f64 / s.count as f64;
    }
    Ok(out)
}

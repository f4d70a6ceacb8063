//! The Monte Carlo: many draws of the parameters and of the errors the
//! forecast made in the past, each run through the same cohort engine, and
//! intervals from the draws.
//!
//! Each draw `d` gets its own generator, seeded from `(seed, d)`, so the
//! result is the same whatever the number of threads. A draw:
//!
//! 1. draws every parameter estimate with a stated uncertainty
//!    ([`Params::draw`]), including the multipliers of
//!    [`crate::domain::params::UncertaintyParams`] (attrition, early retirement,
//!    zij-instroom, returners);
//! 2. draws the pupil error of each forecast year from the backtests of
//!    tekort's own pupil method ([`ErrorModel`]): a national and a regional
//!    normal deviate per draw, scaled by the root-mean-square log error of
//!    that horizon (nationally and per arbeidsmarktregio), so the error
//!    grows with the horizon as it did in the past; demand moves with the
//!    pupils;
//! 3. draws the graduate error per training route the same way;
//! 4. runs the engine with process noise: the leavers and the hires of each
//!    region, sector and forecast year vary as counts (normal
//!    approximation of the binomial / Poisson), each market region and
//!    sector with its own stream (`model::noise::CellRngs`), so that a
//!    sector's draws do not depend on which other sectors are in the run.
//!
//! The observed parts of the history years (pupils, demand, po employment)
//! stay as they are; vo and mbo employment is modelled after their
//! measurement year (2023), so their later history years and the base
//! year vary between draws. Ratios (the shortage %) are computed per draw
//! before taking quantiles, and so are totals over regions. The central
//! columns are the deterministic run, not the median of the draws: the
//! model is not linear (more demand raises hiring less than it raises the
//! shortage), so the median can lie a little off the central run.

use crate::evaluate::errors::ErrorModel;
use ndarray::{s, Array2, Array3, Array5, Array6, ArrayViewMut5, Axis};
use rand::RngExt;
use rand_distr::{Distribution, StandardNormal};
use rand_pcg::Pcg64Mcg;
use rayon::prelude::*;

use crate::domain::dataset::Dataset;
use crate::domain::options::ProjectionOptions;
use crate::domain::params::Params;
use crate::domain::projection::Variable;
use crate::domain::projection::N_VARIABLES;
use crate::domain::projection::{check_index, Projection};
use crate::domain::regions::RegionSystem;
use crate::domain::scenario::Scenario;
use crate::error::{grouped, readable_duration, Result, TekortError};
use crate::evaluate::backtest::{BacktestRow, Component, Method};
use crate::inputs::prepare::{prepare, Prepared};
use crate::model::noise::{stream_rng, CellRngs, DrawNoise};
use crate::run::{check_regions, resolve_scenarios, run_resolved_into, EngineRun};

/// The variables kept per draw; `shortage_pct` is computed from them per
/// draw.
pub const MC_VARIABLES: [Variable; 4] = crate::model::step::STOCK_ROWS;

/// The variables that get interval columns: [`MC_VARIABLES`] and
/// `shortage_pct`.
pub const INTERVAL_VARIABLES: [Variable; 5] = [
    Variable::Pupils,
    Variable::DemandFte,
    Variable::EmploymentFte,
    Variable::ShortageFte,
    Variable::ShortagePct,
];

/// Largest number of stored values (`draws × cells × 4`) a simulation may
/// hold: 2 GB of f64.
pub const MAX_STORED_VALUES: usize = 250_000_000;

/// The longest a Monte Carlo or a microsimulation may be estimated to run
/// before it starts (seconds): longer requests are refused with the
/// estimate.
pub const MAX_RUN_SECONDS: f64 = 1800.0;

/// Estimated wall time of one Monte Carlo draw per market cell-year
/// (market region × sector × year × scenario) on a 2-core machine, on the
/// safe side: 1,000 draws of the default request (35 × 5 × 20 cell-years)
/// took 2.55 s before the engine's loops ran in SIMD lanes (2026-12-06)
/// and 0.90 s after (2026-12-07, about 0.26 µs per cell-year; the
/// 2-core development machine); the bound keeps the older, slower figure,
/// so a refused request would take at least a quarter of the estimate.
pub(crate) const DRAW_SECONDS_PER_CELL_YEAR: f64 = 1e-6;

/// How many draws, and the seed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct McOptions {
    /// Number of draws (≥ 1).
    pub draws: usize,
    /// Seed: the same seed gives the same draws, bit for bit.
    pub seed: u64,
}

impl Default for McOptions {
    fn default() -> Self {
        McOptions {
            draws: 1000,
            seed: 7,
        }
    }
}

/// The generator of draw `d`: independent streams from one seed, the same
/// on any number of threads.
pub(crate) fn draw_rng(seed: u64, d: u64) -> Pcg64Mcg {
    stream_rng(seed, d)
}

/// The parameters and the noise of draw `d`.
pub(crate) fn draw_inputs(
    prep: &Prepared,
    params: &Params,
    model: &ErrorModel,
    last_graduates_year: i32,
    seed: u64,
    d: u64,
) -> (Params, DrawNoise) {
    let mut rng = draw_rng(seed, d);
    let p = params.draw(&mut rng);
    let u = &params.uncertainty;
    let nm = prep.n_markets();
    let ny = prep.years.len();
    let z_nat: f64 = StandardNormal.sample(&mut rng);
    let z_reg: Vec<f64> = (0..nm).map(|_| StandardNormal.sample(&mut rng)).collect();
    // One national and one regional normal per draw for every sector, each
    // sector's pupils with their own error sizes (special education its
    // own, the others regular primary's).
    let ns = prep.sectors.len();
    let mut demand = Array3::ones((nm, ns, ny));
    for (si, &sector) in prep.sectors.iter().enumerate() {
        let (national, regional) = model.pupils_of(sector);
        // A sector with the error sizes of an earlier one (vo and mbo
        // follow the bo pupils) takes its factors as they are.
        let same = prep.sectors[..si].iter().position(|&earlier| {
            let (n0, r0) = model.pupils_of(earlier);
            std::ptr::eq(n0, national) && std::ptr::eq(r0, regional)
        });
        if let Some(earlier) = same {
            for r in 0..nm {
                for yi in 0..ny {
                    demand[[r, si, yi]] = demand[[r, earlier, yi]];
                }
            }
            continue;
        }
        for (yi, t) in prep.years.years().enumerate() {
            let h = t - prep.base_year;
            if h <= 0 {
                continue;
            }
            let sn = ErrorModel::at(national, h);
            let sr = ErrorModel::at(regional, h);
            let own = (sr * sr - sn * sn).max(0.0).sqrt();
            for r in 0..nm {
                demand[[r, si, yi]] = (u.pupil_error_scale * (sn * z_nat + own * z_reg[r])).exp();
            }
        }
    }
    let nroutes = prep.route_lag.len();
    let mut graduates = Array2::ones((nroutes, ny));
    for ri in 0..nroutes {
        let z: f64 = StandardNormal.sample(&mut rng);
        for (yi, t) in prep.years.years().enumerate() {
            let h = t - last_graduates_year.max(prep.base_year);
            if h > 0 {
                graduates[[ri, yi]] =
                    (u.graduate_error_scale * ErrorModel::at(&model.graduates, h) * z).exp();
            }
        }
    }
    let rng = u
        .process_noise
        .then(|| CellRngs::new(rng.random::<u64>(), nm, &prep.sectors));
    (
        p,
        DrawNoise {
            demand,
            graduates,
            rng,
        },
    )
}

/// The draws of a Monte Carlo, and the central (deterministic) projection.
#[derive(Debug, Clone, PartialEq)]
pub struct Simulation {
    /// The central projection: the deterministic run on the central values.
    pub central: Projection,
    /// The draws `[draw, scenario, region, sector, year, variable]` of
    /// [`MC_VARIABLES`], over the years of `central`.
    pub samples: Array6<f64>,
    /// The seed.
    pub seed: u64,
    /// The error model the pupil and graduate errors were drawn from.
    pub errors: ErrorModel,
}

/// The interval bounds of one level `[scenario, region, sector, year,
/// variable of INTERVAL_VARIABLES]`: look a variable up with
/// [`Interval::bounds`] (its position is [`interval_index`], not
/// [`Variable::index`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Interval {
    /// Level in % (e.g. 80).
    pub level: f64,
    /// Lower bound (the (100 − level) / 2 % quantile of the draws).
    pub lo: Array5<f64>,
    /// Upper bound.
    pub hi: Array5<f64>,
}

/// The median of the draws and the intervals around it (see
/// [`Simulation::bands`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Bands {
    /// Median of the draws `[scenario, region, sector, year, variable of
    /// INTERVAL_VARIABLES]`.
    pub median: Array5<f64>,
    /// The intervals, one per level asked for.
    pub intervals: Vec<Interval>,
}

/// Checks an interval level: a percentage from 1 up to (not including)
/// 100. A level below 1 is refused, not read as a fraction: `0.8` is
/// almost surely meant as 80 %, and a 0.8 % band would be a silent
/// surprise; the message suggests the percentage.
///
/// ```
/// use tekort_core::simulation::check_level;
/// assert!(check_level(80.0).is_ok());
/// let e = check_level(0.8).unwrap_err().to_string();
/// assert!(e.contains("80"), "{e}");
/// assert!(check_level(100.0).is_err());
/// assert!(check_level(f64::NAN).is_err());
/// ```
pub fn check_level(level: f64) -> Result<()> {
    if (1.0..100.0).contains(&level) {
        Ok(())
    } else if level > 0.0 && level < 1.0 {
        Err(TekortError::value(
            "level",
            level,
            format!(
                "interval levels are percentages from 1 to below 100: did you mean {}?",
                crate::error::readable(level * 100.0)
            ),
        ))
    } else {
        Err(TekortError::value(
            "level",
            level,
            "an interval level is a percentage from 1 to below 100 (e.g. 80)",
        ))
    }
}

/// The probabilities of the quantiles a band of `levels` needs: the
/// median, then the lower and upper bound of each level (each checked by
/// [`check_level`]).
pub(crate) fn band_probabilities(levels: &[f64]) -> Result<Vec<f64>> {
    let mut ps = vec![0.5];
    for &level in levels {
        check_level(level)?;
        let a = (1.0 - level / 100.0) / 2.0;
        ps.extend([a, 1.0 - a]);
    }
    Ok(ps)
}

/// Quantile `p` (0..1) of sorted values, linear between order statistics
/// (type 7).
pub fn quantile_sorted(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    quantile_at(sorted.len(), p, |i| sorted[i])
}

/// Quantile `p` of `n ≥ 1` values whose `i`-th smallest is `at(i)` (type
/// 7; only the order statistics around `p (n − 1)` are read).
fn quantile_at(n: usize, p: f64, at: impl Fn(usize) -> f64) -> f64 {
    let x = p.clamp(0.0, 1.0) * (n - 1) as f64;
    let i = x.floor() as usize;
    let f = x - i as f64;
    if i + 1 < n {
        at(i) + f * (at(i + 1) - at(i))
    } else {
        at(n - 1)
    }
}

/// The quantiles `ps` (each 0..1) of `values`, as [`quantile_sorted`]
/// of the sorted values gives them, bit for bit, into `out`. Only the
/// order statistics the quantiles need are placed (partial selection on
/// integer keys in the order of `f64::total_cmp`), in about `n log2(2 ×
/// ps)` steps instead of a full sort's `n log2 n`.
///
/// ```
/// use tekort_core::simulation::{quantile_sorted, quantiles};
/// let v = [5.0, 1.0, -4.0, 2.0, 3.0, 9.0];
/// let mut sorted = v.to_vec();
/// sorted.sort_by(f64::total_cmp);
/// let mut out = [0.0; 3];
/// quantiles(&v, &[0.5, 0.1, 0.9], &mut out);
/// assert_eq!(out, [0.5, 0.1, 0.9].map(|p| quantile_sorted(&sorted, p)));
/// ```
pub fn quantiles(values: &[f64], ps: &[f64], out: &mut [f64]) {
    let mut keys: Vec<i64> = values.iter().map(|&x| order_key(x)).collect();
    quantiles_of_keys(&mut keys, ps, out);
}

/// An integer whose order is `f64::total_cmp`'s order of `x` (flip every
/// bit but the sign of a negative number); [`from_order_key`] undoes it.
fn order_key(x: f64) -> i64 {
    let b = x.to_bits() as i64;
    b ^ ((((b >> 63) as u64) >> 1) as i64)
}

/// The number of an [`order_key`].
fn from_order_key(k: i64) -> f64 {
    f64::from_bits((k ^ ((((k >> 63) as u64) >> 1) as i64)) as u64)
}

/// [`quantiles`] of values given by their [`order_key`]s (reordered).
fn quantiles_of_keys(keys: &mut [i64], ps: &[f64], out: &mut [f64]) {
    let n = keys.len();
    if n == 0 {
        out.iter_mut().for_each(|o| *o = f64::NAN);
        return;
    }
    // The order statistics of each quantile: floor(p (n − 1)) and the next.
    let mut ks: Vec<usize> = Vec::with_capacity(2 * ps.len());
    for &p in ps {
        let i = (p.clamp(0.0, 1.0) * (n - 1) as f64).floor() as usize;
        ks.push(i.min(n - 1));
        ks.push((i + 1).min(n - 1));
    }
    ks.sort_unstable();
    ks.dedup();
    select_all(keys, &ks, 0);
    for (o, &p) in out.iter_mut().zip(ps) {
        *o = quantile_at(n, p, |i| from_order_key(keys[i]));
    }
}

/// Places the order statistics `ks` (ascending, distinct; positions in the
/// whole slice of which `keys` starts at `from`) where a sort would put
/// them: the middle one first, then those below it in the part before it
/// and those above in the part after.
fn select_all(keys: &mut [i64], ks: &[usize], from: usize) {
    if ks.is_empty() {
        return;
    }
    let mid = ks.len() / 2;
    let k = ks[mid] - from;
    let (below, _, above) = keys.select_nth_unstable(k);
    select_all(below, &ks[..mid], from);
    select_all(above, &ks[mid + 1..], from + k + 1);
}

fn pct(shortage: f64, employment: f64) -> f64 {
    if employment > 0.0 {
        100.0 * shortage / employment
    } else {
        f64::NAN
    }
}

impl Simulation {
    /// Number of draws.
    pub fn n_draws(&self) -> usize {
        self.samples.dim().0
    }

    /// The value of `var` in draw `d` and cell `[scenario, region, sector,
    /// year]`, the shortage % computed from the draw's own values; `None`
    /// for a variable without draws (see [`INTERVAL_VARIABLES`]) or an
    /// index outside the simulation.
    pub fn value(&self, d: usize, cell: [usize; 4], var: Variable) -> Option<f64> {
        let vi = interval_index(var)?;
        let [s, r, k, y] = cell;
        self.samples.get([d, s, r, k, y, 0])?;
        Some(self.value_at(d, cell, vi))
    }

    /// As [`Simulation::value`] with the position of the variable in
    /// [`INTERVAL_VARIABLES`], unchecked (the engine's own loops).
    pub(crate) fn value_at(&self, d: usize, cell: [usize; 4], vi: usize) -> f64 {
        let [s, r, k, y] = cell;
        if vi < MC_VARIABLES.len() {
            self.samples[[d, s, r, k, y, vi]]
        } else {
            pct(
                self.samples[[d, s, r, k, y, 3]],
                self.samples[[d, s, r, k, y, 2]],
            )
        }
    }

    /// The intervals of the given levels (in %, e.g. `[80.0, 95.0]`).
    pub fn intervals(&self, levels: &[f64]) -> Result<Vec<Interval>> {
        Ok(self.bands(levels)?.intervals)
    }

    /// The median of the draws and the intervals of the given levels, in
    /// one pass over the draws: in every cell `lo(95) ≤ lo(80) ≤ median ≤
    /// hi(80) ≤ hi(95)`, which the deterministic central run need not be
    /// (the model is not linear).
    pub fn bands(&self, levels: &[f64]) -> Result<Bands> {
        let ps = band_probabilities(levels)?;
        let (nd, ns, nr, nk, ny, _) = self.samples.dim();
        let nv = INTERVAL_VARIABLES.len();
        let shape = (ns, nr, nk, ny, nv);
        // Per (scenario, region), in parallel: the bounds of every sector,
        // year, variable and level, in that order.
        let bounds: Vec<Vec<(f64, f64)>> = (0..ns * nr)
            .into_par_iter()
            .map(|sr| {
                let (s, r) = (sr / nr, sr % nr);
                // The draws of this scenario and region side by side
                // `[sector, year, kept variable][draw]`: each draw's block is
                // contiguous in `samples`, so it is read once, in order.
                let nkept = nk * ny * MC_VARIABLES.len();
                let mut draws = vec![0.0; nkept * nd];
                for d in 0..nd {
                    let block = self.samples.slice(s![d, s, r, .., .., ..]);
                    for (j, x) in block.iter().enumerate() {
                        draws[j * nd + d] = *x;
                    }
                }
                let kept = |k: usize, y: usize, v: usize| {
                    let j = (k * ny + y) * MC_VARIABLES.len() + v;
                    &draws[j * nd..(j + 1) * nd]
                };
                let mut buf: Vec<i64> = Vec::with_capacity(nd);
                let mut out = Vec::with_capacity(nk * ny * nv * levels.len());
                let mut q = vec![0.0; ps.len()];
                let finite_keys = |x: &f64| x.is_finite().then(|| order_key(*x));
                for k in 0..nk {
                    for y in 0..ny {
                        for vi in 0..nv {
                            buf.clear();
                            if vi < MC_VARIABLES.len() {
                                buf.extend(kept(k, y, vi).iter().filter_map(finite_keys));
                            } else {
                                let (short, emp) = (kept(k, y, 3), kept(k, y, 2));
                                buf.extend(
                                    short
                                        .iter()
                                        .zip(emp)
                                        .map(|(&a, &b)| pct(a, b))
                                        .filter_map(|x| finite_keys(&x)),
                                );
                            }
                            quantiles_of_keys(&mut buf, &ps, &mut q);
                            out.push((q[0], q[0]));
                            out.extend(q[1..].chunks_exact(2).map(|b| (b[0], b[1])));
                        }
                    }
                }
                out
            })
            .collect();
        let mut median = Array5::zeros(shape);
        let mut out: Vec<Interval> = levels
            .iter()
            .map(|&level| Interval {
                level,
                lo: Array5::zeros(shape),
                hi: Array5::zeros(shape),
            })
            .collect();
        for (sr, b) in bounds.iter().enumerate() {
            let (s, r) = (sr / nr, sr % nr);
            let mut it = b.iter();
            for k in 0..nk {
                for y in 0..ny {
                    for vi in 0..nv {
                        median[[s, r, k, y, vi]] = it.next().expect("the median first").0;
                        for iv in out.iter_mut() {
                            let &(lo, hi) = it.next().expect("one pair per level");
                            iv.lo[[s, r, k, y, vi]] = lo;
                            iv.hi[[s, r, k, y, vi]] = hi;
                        }
                    }
                }
            }
        }
        Ok(Bands {
            median,
            intervals: out,
        })
    }

    /// Per draw, the total over `regions` (all when `None`) and `sectors`
    /// (indices into the projection's sectors) in one scenario and year:
    /// `[draw, variable of INTERVAL_VARIABLES]`, the % computed per draw.
    /// An index outside the simulation is an error naming it.
    pub fn total(
        &self,
        scenario: usize,
        regions: Option<&[usize]>,
        sectors: &[usize],
        year: usize,
    ) -> Result<Array2<f64>> {
        let (nd, ns, nr, nk, ny, _) = self.samples.dim();
        check_index("scenario", scenario, ns)?;
        check_index("year", year, ny)?;
        for &r in regions.unwrap_or(&[]) {
            check_index("region", r, nr)?;
        }
        for &k in sectors {
            check_index("sector", k, nk)?;
        }
        let all: Vec<usize> = (0..nr).collect();
        let regions = regions.unwrap_or(&all);
        let mut out = Array2::zeros((nd, INTERVAL_VARIABLES.len()));
        for d in 0..nd {
            for &r in regions {
                for &k in sectors {
                    for v in 0..MC_VARIABLES.len() {
                        out[[d, v]] += self.samples[[d, scenario, r, k, year, v]];
                    }
                }
            }
            out[[d, 4]] = pct(out[[d, 3]], out[[d, 2]]);
        }
        Ok(out)
    }
}

/// The position of `var` in [`INTERVAL_VARIABLES`] (the last axis of
/// [`Interval`] and [`Bands::median`]); `None` for a variable without
/// intervals.
///
/// ```
/// use tekort_core::{simulation::interval_index, forecast::Variable};
/// assert_eq!(interval_index(Variable::ShortagePct), Some(4));
/// assert_eq!(interval_index(Variable::VacanciesFte), None);
/// ```
pub fn interval_index(var: Variable) -> Option<usize> {
    INTERVAL_VARIABLES.iter().position(|v| *v == var)
}

impl Interval {
    /// The bounds `(lo, hi)` of `var` in cell `[scenario, region, sector,
    /// year]`; `None` for a variable without intervals (see
    /// [`INTERVAL_VARIABLES`]) or an index outside the result.
    pub fn bounds(&self, cell: [usize; 4], var: Variable) -> Option<(f64, f64)> {
        let vi = interval_index(var)?;
        let [s, r, k, y] = cell;
        Some((
            *self.lo.get([s, r, k, y, vi])?,
            *self.hi.get([s, r, k, y, vi])?,
        ))
    }
}

impl Bands {
    /// The median of the draws of `var` in cell `[scenario, region,
    /// sector, year]`; `None` as for [`Interval::bounds`].
    pub fn median_of(&self, cell: [usize; 4], var: Variable) -> Option<f64> {
        let vi = interval_index(var)?;
        let [s, r, k, y] = cell;
        self.median.get([s, r, k, y, vi]).copied()
    }
}

/// Refuses to store more than [`MAX_STORED_VALUES`] values: `draws` (named
/// `what`) × `cells` per draw.
fn check_storage(what: &str, draws: usize, cells: usize) -> Result<()> {
    if draws.saturating_mul(cells) > MAX_STORED_VALUES {
        return Err(TekortError::value(
            what,
            draws as f64,
            format!(
                "{draws} {what} × {cells} values each would need more than {} GB; use fewer {what}, regions or years",
                MAX_STORED_VALUES * 8 / 1_000_000_000
            ),
        ));
    }
    Ok(())
}

/// What the Monte Carlo and the microsimulation set up alike before their
/// runs.
pub(crate) struct RunsSetup {
    pub(crate) prepared: Prepared,
    /// The deterministic projection (the frame of the result).
    pub(crate) central: Projection,
    /// The scenarios, validated, their `from_year` resolved.
    pub(crate) resolved: Vec<Scenario>,
    /// The past errors the pupil and graduate factors are drawn from.
    pub(crate) errors: ErrorModel,
    /// The last year with published graduates.
    pub(crate) last_graduates_year: i32,
    /// Index of the first output year on the run's year axis.
    pub(crate) off: usize,
}

/// How many runs a Monte Carlo or a microsimulation asks for, and what it
/// calls them in messages.
pub(crate) struct Runs {
    /// The runs' name (`"draws"`), and one of them (`"draw"`).
    pub(crate) what: (&'static str, &'static str),
    pub(crate) runs: usize,
    /// Whether the runs draw from the backtests' past errors.
    pub(crate) errors: bool,
    /// Estimated seconds of one run per market cell-year (2 cores).
    pub(crate) seconds_per_cell_year: f64,
}

/// Refuses `runs` runs (named `what`) of `cell_years` market cell-years
/// each that would take longer than [`MAX_RUN_SECONDS`], giving the
/// estimate.
fn check_time(what: &str, runs: usize, cell_years: usize, seconds_per: f64) -> Result<()> {
    let seconds = runs as f64 * cell_years as f64 * seconds_per;
    if seconds > MAX_RUN_SECONDS {
        return Err(TekortError::value(
            what,
            runs as f64,
            format!(
                "{} {what} of {} market cell-years each would take about {} on a 2-core machine (at most {:.0} minutes are allowed); use fewer {what}, sectors, scenarios or years",
                grouped(runs as u128),
                grouped(cell_years as u128),
                readable_duration(seconds),
                MAX_RUN_SECONDS / 60.0
            ),
        ));
    }
    Ok(())
}

/// Checks the inputs, prepares them, runs the central projection and
/// refuses no runs or more than [`MAX_STORED_VALUES`] kept values for
/// the runs; the error model from the backtests only when they draw from
/// it.
pub(crate) fn runs_setup(
    dataset: &Dataset,
    regions: &RegionSystem,
    params: &Params,
    scenarios: &[Scenario],
    options: &ProjectionOptions,
    Runs {
        what: (what, one),
        runs,
        errors,
        seconds_per_cell_year,
    }: Runs,
) -> Result<RunsSetup> {
    if runs == 0 {
        return Err(TekortError::value(
            what,
            0.0,
            format!("at least 1 {one} is needed"),
        ));
    }
    dataset.validate()?;
    check_regions(dataset, regions)?;
    let prepared = prepare(dataset, params, options)?;
    let cell_years =
        prepared.n_markets() * prepared.sectors.len() * prepared.years.len() * scenarios.len();
    check_time(what, runs, cell_years, seconds_per_cell_year)?;
    // The central run and the backtests behind the error model side by
    // side (two cores).
    let (central, errors) = rayon::join(
        || {
            crate::run::run_from(
                &prepared,
                params,
                scenarios,
                regions,
                options.from,
                options.ages,
            )
        },
        || {
            if errors {
                ErrorModel::from_backtests(dataset, params, None)
            } else {
                Ok(ErrorModel {
                    pupils_national: vec![],
                    pupils_regional: vec![],
                    graduates: vec![],
                    special_national: [vec![], vec![]],
                    special_regional: [vec![], vec![]],
                })
            }
        },
    );
    let central = central?;
    let resolved = resolve_scenarios(&prepared, scenarios)?;
    let cells = central.scenarios.len()
        * central.regions.len()
        * central.sectors.len()
        * central.years.len()
        * MC_VARIABLES.len();
    check_storage(what, runs, cells)?;
    let errors = errors?;
    let last_graduates_year = crate::evaluate::backtest::last_graduates_year(&dataset.training)
        .unwrap_or(dataset.training.years.last);
    let off = (options.from.unwrap_or(prepared.base_year) - prepared.years.first) as usize;
    Ok(RunsSetup {
        prepared,
        central,
        resolved,
        errors,
        last_graduates_year,
        off,
    })
}

/// Copies the kept variables ([`MC_VARIABLES`]) of a run's full values
/// `[scenario, region, sector, year, variable]`, from output year index
/// `off` on, into `target` `[scenario, region, sector, year, kept]`.
pub(crate) fn keep_sampled(values: &Array5<f64>, off: usize, mut target: ArrayViewMut5<f64>) {
    let kept = values.slice(s![.., .., .., off.., ..]);
    for (vi, v) in MC_VARIABLES.iter().enumerate() {
        target
            .index_axis_mut(Axis(4), vi)
            .assign(&kept.index_axis(Axis(4), v.index()));
    }
}

/// Runs the Monte Carlo: the central projection and `mc.draws` draws (see
/// the module documentation), in parallel (rayon), reproducible from
/// `mc.seed` on any number of threads. `progress`, when given, is called
/// with the number of finished draws.
///
/// ```no_run
/// # fn main() -> tekort_core::Result<()> {
/// # let dataset: tekort_core::data::Dataset = unimplemented!();
/// use tekort_core::{simulation::simulate, simulation::McOptions, params::Params, forecast::ProjectionOptions, regions::RegionSystem, scenario::Scenario};
/// let regions = RegionSystem::builtin("nl", &dataset)?;
/// let sim = simulate(&dataset, &regions, &Params::default(), &[Scenario::baseline()],
///                    &ProjectionOptions::default(), &McOptions { draws: 200, seed: 7 }, None)?;
/// let bands = sim.intervals(&[80.0])?;
/// # Ok(())
/// # }
/// ```
pub fn simulate(
    dataset: &Dataset,
    regions: &RegionSystem,
    params: &Params,
    scenarios: &[Scenario],
    options: &ProjectionOptions,
    mc: &McOptions,
    progress: Option<&(dyn Fn(usize) + Sync)>,
) -> Result<Simulation> {
    let setup = runs_setup(
        dataset,
        regions,
        params,
        scenarios,
        options,
        Runs {
            what: ("draws", "draw"),
            runs: mc.draws,
            errors: true,
            seconds_per_cell_year: DRAW_SECONDS_PER_CELL_YEAR,
        },
    )?;
    let done = std::sync::atomic::AtomicUsize::new(0);
    let draws: Vec<Array5<f64>> = (0..mc.draws as u64)
        .into_par_iter()
        .map(|d| {
            let out = one_draw(&setup, regions, params, mc.seed, d);
            if let Some(f) = progress {
                f(done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1);
            }
            out
        })
        .collect();
    let RunsSetup {
        central, errors, ..
    } = setup;
    let (ns, nr, nk, ny) = (
        central.scenarios.len(),
        central.regions.len(),
        central.sectors.len(),
        central.years.len(),
    );
    let mut samples = Array6::zeros((mc.draws, ns, nr, nk, ny, MC_VARIABLES.len()));
    for (d, a) in draws.into_iter().enumerate() {
        samples.index_axis_mut(Axis(0), d).assign(&a);
    }
    Ok(Simulation {
        central,
        samples,
        seed: mc.seed,
        errors,
    })
}

/// Draw `d` of the Monte Carlo seeded by `seed`: its kept variables
/// `[scenario, region, sector, year, kept]` from the output's first year.
fn one_draw(
    setup: &RunsSetup,
    regions: &RegionSystem,
    params: &Params,
    seed: u64,
    d: u64,
) -> Array5<f64> {
    let RunsSetup {
        prepared,
        central,
        resolved,
        errors,
        last_graduates_year,
        off,
    } = setup;
    let (p, noise) = draw_inputs(prepared, params, errors, *last_graduates_year, seed, d);
    // The full value arrays are reused per thread (a fresh megabyte per
    // draw costs page faults); only the kept variables leave.
    thread_local! {
        static BUFFERS: std::cell::RefCell<Option<[Array5<f64>; 3]>> =
            const { std::cell::RefCell::new(None) };
    }
    let full = (
        resolved.len(),
        regions.len(),
        prepared.sectors.len(),
        prepared.years.len(),
        N_VARIABLES,
    );
    let mut bufs = BUFFERS
        .with(|b| b.borrow_mut().take())
        .filter(|[v, _, _]| v.dim() == full)
        .unwrap_or_else(|| {
            let no_ages = (full.0, full.1, full.2, full.3, 0);
            [
                Array5::zeros(full),
                Array5::zeros(no_ages),
                Array5::zeros(no_ages),
            ]
        });
    {
        let [values, heads, fte] = &mut bufs;
        run_resolved_into(
            prepared,
            &p,
            resolved,
            regions,
            EngineRun::Cohort(Some(&noise)),
            Some(&MC_VARIABLES),
            [values, heads, fte],
        );
    }
    let shape = (
        central.scenarios.len(),
        central.regions.len(),
        central.sectors.len(),
        central.years.len(),
        MC_VARIABLES.len(),
    );
    let mut out = Array5::zeros(shape);
    keep_sampled(&bufs[0], *off, out.view_mut());
    BUFFERS.with(|b| *b.borrow_mut() = Some(bufs));
    out
}

/// The Monte Carlo's interval of `level` % for each backtest row: for
/// tekort's pupil forecasts (the national error sizes on `nl`, the
/// regional ones on every other region system) and graduate forecasts, the
/// log-normal around the forecast with the sd of the row's horizon, in
/// closed form; `None` for the other rows (baselines, official forecasts,
/// components without an error model).
pub fn backtest_intervals(
    rows: &[BacktestRow],
    model: &ErrorModel,
    params: &Params,
    level: f64,
) -> Result<Vec<Option<(f64, f64)>>> {
    use statrs::distribution::{ContinuousCDF, Normal};
    check_level(level)?;
    let z = Normal::new(0.0, 1.0)
        .expect("standard normal")
        .inverse_cdf(1.0 - (1.0 - level / 100.0) / 2.0);
    let u = &params.uncertainty;
    Ok(rows
        .iter()
        .map(|r| {
            if r.method != Method::Tekort {
                return None;
            }
            let sd = match r.component {
                Component::Pupils => {
                    let sector = r
                        .sector
                        .parse::<crate::domain::sector::Sector>()
                        .unwrap_or(crate::domain::sector::Sector::PoBo);
                    let (national, regional) = model.pupils_of(sector);
                    let series = if r.region_system == "nl" {
                        national
                    } else {
                        regional
                    };
                    u.pupil_error_scale * ErrorModel::at(series, r.horizon)
                }
                Component::Graduates => {
                    u.graduate_error_scale * ErrorModel::at(&model.graduates, r.horizon)
                }
                _ => return None,
            };
            Some((r.forecast * (-z * sd).exp(), r.forecast * (z * sd).exp()))
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A draw keeps only the stock and the shortage, and skips what only
    /// the other rows need (model::step::Calibrated::all_rows): what it
    /// keeps must be what a run writing every row gives with the same
    /// draw, bit for bit (through the municipalities; on the market
    /// regions the draw copies the markets, which the municipalities add up
    /// to within rounding).
    #[test]
    fn a_draw_keeps_what_a_run_of_every_row_gives() {
        let ds = Dataset::synthetic(6);
        let params = Params::default();
        let options = ProjectionOptions::default();
        let scenarios = [
            Scenario::baseline(),
            Scenario::builder("more").zij_instroom(2.0).build().unwrap(),
        ];
        for system in ["provincie", "nl", "arbeidsmarktregio"] {
            let regions = RegionSystem::builtin(system, &ds).unwrap();
            let runs = Runs {
                what: ("draws", "draw"),
                runs: 3,
                errors: false,
                seconds_per_cell_year: DRAW_SECONDS_PER_CELL_YEAR,
            };
            let setup = runs_setup(&ds, &regions, &params, &scenarios, &options, runs).unwrap();
            for d in 0..3 {
                let kept = one_draw(&setup, &regions, &params, 7, d);
                let (p, noise) = draw_inputs(
                    &setup.prepared,
                    &params,
                    &setup.errors,
                    setup.last_graduates_year,
                    7,
                    d,
                );
                let (ns, nr, nk, ny) = (
                    setup.resolved.len(),
                    regions.len(),
                    setup.prepared.sectors.len(),
                    setup.prepared.years.len(),
                );
                let mut values = Array5::zeros((ns, nr, nk, ny, N_VARIABLES));
                let mut heads = Array5::zeros((ns, nr, nk, ny, 0));
                let mut fte = Array5::zeros((ns, nr, nk, ny, 0));
                run_resolved_into(
                    &setup.prepared,
                    &p,
                    &setup.resolved,
                    &regions,
                    EngineRun::Cohort(Some(&noise)),
                    None,
                    [&mut values, &mut heads, &mut fte],
                );
                let mut full = Array5::zeros(kept.dim());
                keep_sampled(&values, setup.off, full.view_mut());
                for (a, b) in kept.iter().zip(full.iter()) {
                    if system == "arbeidsmarktregio" {
                        assert!(
                            (a - b).abs() <= 1e-9 * b.abs().max(1.0),
                            "{system}: {a} vs {b}"
                        );
                    } else {
                        assert_eq!(a.to_bits(), b.to_bits(), "{system}: {a} vs {b}");
                    }
                }
                assert!(full.iter().any(|x| *x != 0.0));
            }
        }
    }
}

//! From a municipality-level [`Dataset`] to the dense region-level inputs of
//! the engine: pupil projection, base-year workforce, calibration to the
//! measured shortage, graduate projection and age profiles.
//!
//! Everything that is a plain input is computed per municipality and then
//! summed into regions, so pupils and base-year employment and shortage add
//! up exactly from municipalities to any region system to the nation.

use ndarray::{Array1, Array2, Array3, ArrayView2, Axis};
use statrs::distribution::{ContinuousCDF, Normal};

use crate::dataset::{BirthsPath, Dataset, MeasuredArea, TrainingHistory, YearSpan};
use crate::error::{Result, TekortError};
use crate::params::{
    aow_age_in, interpolate_years, AgeProfile, Params, YearValue, AGE_MIN, N_AGES,
};
use crate::regions::RegionSystem;
use crate::sector::{Sector, SectorGroup};
use crate::ProjectionOptions;

/// The last year a projection may run to.
pub const MAX_UNTIL: i32 = 2075;

/// Inputs of the engine, shared by all scenarios and region systems.
///
/// The labour-market dynamics run on one fixed market geography, the 35
/// arbeidsmarktregio's (teachers are hired and move within labour-market
/// regions); municipalities keep their own pupils, demand and measured
/// difference, and every region system is an aggregation of
/// municipalities (see [`crate::run`]).
#[derive(Debug, Clone)]
pub struct Prepared {
    /// Base year: the end of the history run, where the forecast starts.
    pub base_year: i32,
    /// Years of the run: the history run from its first year (the earliest
    /// shortage measurement) to the base year, then the forecast.
    pub years: YearSpan,
    /// Sectors projected.
    pub sectors: Vec<Sector>,
    /// Market region names (arbeidsmarktregio's).
    pub markets: Vec<String>,
    /// Market region of each municipality.
    pub market_of: Vec<usize>,
    /// Pupils `[market, sector, year]`.
    pub pupils: Array3<f64>,
    /// Observed or anchored employment fte `[market, sector, year]`: the
    /// history run follows it up to `observed_until` (po: DUO staff persons
    /// as an index of the measured employment; vo, mbo: level).
    pub employment: Array3<f64>,
    /// Last year whose employment the history run follows, per sector
    /// group (po, vo, mbo); later years are simulated.
    pub observed_until: [i32; 3],
    /// Teacher demand fte before levers `[market, sector, year]`.
    pub demand: Array3<f64>,
    /// Pupils per municipality `[municipality, sector, year]`.
    pub muni_pupils: Array3<f64>,
    /// Demand fte per municipality before levers `[municipality, sector, year]`.
    pub muni_demand: Array3<f64>,
    /// Each municipality's share of its market region's employment
    /// `[municipality, sector, year]`: its measured employment moved with
    /// its own pupils (the history run's path, continued), over the sum of
    /// its market region. So its fill rate (employment / demand) is its
    /// measured one times a factor common to its market region.
    pub muni_share: Array3<f64>,
    /// Each municipality's share of its market region's shortage on the
    /// same path `[municipality, sector, year]` (its measured shortage
    /// moved with its pupils, over the sum of its market region).
    pub muni_gap_share: Array3<f64>,
    /// Graduates per route and year, nationally, before levers `[route, year]`.
    pub graduates: Array2<f64>,
    /// Intake-to-graduation lag per route.
    pub route_lag: Vec<i32>,
    /// Entry share per route and sector group `[route, group]`.
    pub route_entry: Array2<f64>,
    /// Entry age distribution per route `[route, age]`.
    pub route_age: Array2<f64>,
    /// Entry age distribution of zij-instromers.
    pub zij_age: Array1<f64>,
    /// Age distribution of returners.
    pub returners_age: Array1<f64>,
    /// fte per person `[group, age]`.
    pub fte_profile: Array2<f64>,
    /// Share of fte by age per sector group in the first year
    /// `[group, age]` (each row sums to 1): each group's measured profile
    /// rolled forward nationally (see [`crate::roll_age_structure`]).
    pub first_age_share: Array2<f64>,
    /// National share of each po school type in po employment (bo, sbo, so_vso).
    pub po_type_split: [f64; 3],
    /// Notes on the inputs (fallbacks, conventions).
    pub notes: Vec<String>,
    /// The horizon of the inputs.
    pub horizon: Horizon,
}

/// From which year figures rest on projected inputs or lie so far ahead
/// that they are scenarios rather than forecasts.
#[derive(Debug, Clone, PartialEq)]
pub struct Horizon {
    /// Last year of observed births.
    pub births_observed_until: i32,
    /// The births path after it (`medium`, `low`, `high` or a user's name).
    pub demography: String,
    /// First year whose po pupils rest on projected births (the youngest
    /// po cohort is 4 years old).
    pub projected_pupils_from: i32,
    /// First year more than 15 years past the base year: a scenario, not a
    /// forecast.
    pub scenario_from: i32,
}

impl Prepared {
    /// Number of market regions.
    pub fn n_markets(&self) -> usize {
        self.markets.len()
    }
    /// Employment fte in the first year `[market, sector]`.
    pub fn first_employment(&self) -> ArrayView2<'_, f64> {
        self.employment.index_axis(Axis(2), 0)
    }
    /// Shortage fte in the first year `[market, sector]`.
    pub fn first_shortage(&self) -> Array2<f64> {
        &self.demand.index_axis(Axis(2), 0) - &self.first_employment()
    }
    /// Index of the base year on the year axis.
    pub fn base_index(&self) -> usize {
        (self.base_year - self.years.first) as usize
    }
}

/// Where births come from after the last observed year.
#[derive(Debug, Clone, PartialEq)]
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

/// Discretised normal age distribution over the tracked ages below
/// `max_age` (entrants are younger than the AOW age).
pub(crate) fn age_distribution(p: AgeProfile, max_age: f64) -> Array1<f64> {
    let normal = Normal::new(p.mean, p.sd).expect("validated: sd > 0");
    let mut d = Array1::from_shape_fn(N_AGES, |i| {
        let a = (AGE_MIN + i) as f64;
        if a + 1.0 < max_age {
            normal.cdf(a + 0.5) - normal.cdf(a - 0.5)
        } else {
            0.0
        }
    });
    let total = d.sum();
    if total > 0.0 {
        d /= total;
    }
    d
}

/// The market geography on which the labour-market dynamics run.
pub const MARKET_SYSTEM: &str = "arbeidsmarktregio";

/// The first year of the history run: the earliest shortage measurement
/// (national or regional), at most the base year.
pub fn history_start(dataset: &Dataset, base: i32) -> i32 {
    dataset
        .national_shortage
        .iter()
        .map(|m| m.year)
        .chain(dataset.measured_shortage.iter().map(|m| m.year))
        .min()
        .unwrap_or(base)
        .min(base)
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

/// Prepares the inputs from the start of the history run to
/// `options.until` (the sectors, births and pupil inputs of `options`).
pub fn prepare(
    dataset: &Dataset,
    params: &Params,
    options: &ProjectionOptions,
) -> Result<Prepared> {
    let (until, sectors, demography) = (options.until, &options.sectors[..], &options.demography);
    params.validate()?;
    let base = params.base_year;
    check_years(dataset, params, until)?;
    if sectors.is_empty() {
        return Err(TekortError::data("no sectors selected"));
    }
    let markets = RegionSystem::builtin(MARKET_SYSTEM, dataset)?;
    let first = history_start(dataset, base);
    let years = YearSpan::new(first, until)?;
    let mut notes = Vec::new();

    let a = anchored(
        dataset,
        params,
        demography,
        options.pupils.as_ref(),
        years,
        &mut notes,
    )?;
    let n = dataset.n_municipalities();
    let nr = markets.len();
    let ns = sectors.len();
    let ny = years.len();
    let mut pupils = Array3::zeros((nr, ns, ny));
    let mut employment = Array3::zeros((nr, ns, ny));
    let mut demand = Array3::zeros((nr, ns, ny));
    let mut muni_pupils = Array3::zeros((n, ns, ny));
    let mut muni_demand = Array3::zeros((n, ns, ny));
    for (m, &r) in markets.assignment.iter().enumerate() {
        for (si, s) in sectors.iter().enumerate() {
            let k = s.index();
            for yi in 0..ny {
                let p = a.pupils[[m, k, yi]];
                let d = a.demand[[m, k, yi]];
                muni_pupils[[m, si, yi]] = p;
                muni_demand[[m, si, yi]] = d;
                pupils[[r, si, yi]] += p;
                demand[[r, si, yi]] += d;
                employment[[r, si, yi]] += a.employment_path[[m, k, yi]];
            }
        }
    }
    let mut muni_share = Array3::zeros((n, ns, ny));
    let mut muni_gap_share = Array3::zeros((n, ns, ny));
    let mut gap_total = Array3::<f64>::zeros((nr, ns, ny));
    for (m, &r) in markets.assignment.iter().enumerate() {
        for (si, s) in sectors.iter().enumerate() {
            for yi in 0..ny {
                let gap = muni_demand[[m, si, yi]] - a.employment_path[[m, s.index(), yi]];
                muni_gap_share[[m, si, yi]] = gap;
                gap_total[[r, si, yi]] += gap;
            }
        }
    }
    let mut members = vec![0usize; nr];
    for &r in &markets.assignment {
        members[r] += 1;
    }
    for (m, &r) in markets.assignment.iter().enumerate() {
        for (si, s) in sectors.iter().enumerate() {
            for yi in 0..ny {
                let total = employment[[r, si, yi]];
                muni_share[[m, si, yi]] = if total > 0.0 {
                    a.employment_path[[m, s.index(), yi]] / total
                } else {
                    1.0 / members[r] as f64
                };
                let gaps = gap_total[[r, si, yi]];
                muni_gap_share[[m, si, yi]] = if gaps > 0.0 {
                    muni_gap_share[[m, si, yi]] / gaps
                } else {
                    muni_share[[m, si, yi]]
                };
            }
        }
    }

    let po_total: f64 = Sector::PO
        .iter()
        .map(|s| a.employment.column(s.index()).sum())
        .sum();
    let po_type_split = Sector::PO.map(|s| {
        if po_total > 0.0 {
            a.employment.column(s.index()).sum() / po_total
        } else {
            0.0
        }
    });
    // History years follow the observed (or anchored) employment: po up to
    // the last year of DUO's staff series, vo and mbo up to their
    // measurement year; never past the base year.
    let mut observed_until = [first; 3];
    for (gi, g) in SectorGroup::ALL.iter().enumerate() {
        let y = match g {
            SectorGroup::Po => dataset.po_staff_years.last,
            _ => measurement_year(dataset, *g)?,
        };
        observed_until[gi] = y.clamp(first, base);
    }

    let aow = aow_age_in(&params.outflow.aow_age, base);
    let (graduates, route_lag, route_entry, route_age) =
        project_graduates(&dataset.training, params, years, aow, &mut notes)?;
    let fte_profile = fte_profile(params);
    let mut first_age_share = Array2::zeros((SectorGroup::ALL.len(), N_AGES));
    for (gi, g) in SectorGroup::ALL.iter().enumerate() {
        let run = crate::history::age_structure(dataset, params, *g, first, &mut notes)?;
        let last = run.last().expect("the roll has at least its first year");
        first_age_share.row_mut(gi).assign(&last.1);
    }

    // Notes of sector groups that are not projected are noise.
    notes.retain(|n| {
        SectorGroup::ALL
            .iter()
            .all(|g| !n.starts_with(&format!("{}: ", g.code())))
            || sectors
                .iter()
                .any(|s| n.starts_with(&format!("{}: ", s.group().code())))
    });
    notes.dedup();

    Ok(Prepared {
        base_year: base,
        years,
        sectors: sectors.to_vec(),
        markets: markets.regions.clone(),
        market_of: markets.assignment.clone(),
        pupils,
        employment,
        observed_until,
        demand,
        muni_pupils,
        muni_demand,
        muni_share,
        muni_gap_share,
        graduates,
        route_lag,
        route_entry,
        route_age,
        zij_age: age_distribution(params.inflow.zij_instroom_age, aow),
        returners_age: age_distribution(params.inflow.returners_age, aow),
        fte_profile,
        first_age_share,
        po_type_split,
        notes,
        horizon: Horizon {
            births_observed_until: dataset.birth_years.last,
            demography: demography.name().to_string(),
            projected_pupils_from: dataset.birth_years.last + 5,
            scenario_from: base + 16,
        },
    })
}

/// fte per person `[group, age]` before levers.
pub(crate) fn fte_profile(params: &Params) -> Array2<f64> {
    let mut f = Array2::zeros((SectorGroup::ALL.len(), N_AGES));
    for (gi, g) in SectorGroup::ALL.iter().enumerate() {
        for i in 0..N_AGES {
            f[[gi, i]] = params.hours.fte_per_person.get(*g).at(AGE_MIN + i).value;
        }
    }
    f
}

fn check_years(dataset: &Dataset, params: &Params, until: i32) -> Result<()> {
    let base = params.base_year;
    let d = &params.demand;
    let oldest_po = [base - 11, base - d.vo_lag_years, base - d.mbo_lag_years];
    // The base year needs observed pupils, staff and the eight birth
    // cohorts of the pupils then in po.
    let min_base = (dataset.po_pupil_years.first + d.vo_lag_years.max(d.mbo_lag_years))
        .max(dataset.birth_years.first + 11)
        .max(dataset.vo_pupil_years.first);
    let max_base = dataset.po_pupil_years.last.min(dataset.vo_pupil_years.last);
    if base < min_base
        || base > max_base
        || oldest_po.iter().any(|&y| y < dataset.po_pupil_years.first)
    {
        return Err(TekortError::YearOutOfRange {
            what: "base_year".into(),
            year: base,
            min: min_base,
            max: max_base,
        });
    }
    if until <= base || until > MAX_UNTIL {
        return Err(TekortError::YearOutOfRange {
            what: "until".into(),
            year: until,
            min: base + 1,
            max: MAX_UNTIL,
        });
    }
    Ok(())
}

/// Births per municipality `[municipality, year]` from `first` to `until`
/// as known at the end of `known_last`: observed municipal births from the
/// first observed year up to `known_last`; before the municipal series the
/// national births × each municipality's share in its first
/// `birth_share_years` known years; after `known_last` the national births
/// × its share in its last `birth_share_years` known years. `national(y)`
/// gives the national births of the years outside the known municipal ones.
/// When no municipal year is known (`known_last` before the series), every
/// share is `fallback_shares`.
pub(crate) fn spread_births(
    dataset: &Dataset,
    params: &Params,
    known_last: i32,
    (first, until): (i32, i32),
    national: &dyn Fn(i32) -> Result<f64>,
    fallback_shares: &dyn Fn() -> Vec<f64>,
) -> Result<Array2<f64>> {
    let span = dataset.birth_years;
    let n = dataset.n_municipalities();
    let known_last = known_last.min(span.last);
    let k = params.demand.birth_share_years.max(1) as i32;
    let shares = |from: i32, to: i32| -> Vec<f64> {
        let cols: Vec<usize> = (from..=to).filter_map(|y| span.index(y)).collect();
        let tot: f64 = cols.iter().map(|&j| dataset.births.column(j).sum()).sum();
        (0..n)
            .map(|m| {
                if tot > 0.0 {
                    cols.iter().map(|&j| dataset.births[[m, j]]).sum::<f64>() / tot
                } else {
                    1.0 / n as f64
                }
            })
            .collect()
    };
    let (early, late) = if known_last < span.first {
        let s = fallback_shares();
        (s.clone(), s)
    } else {
        (
            shares(span.first, (span.first + k - 1).min(known_last)),
            shares((known_last - k + 1).max(span.first), known_last),
        )
    };
    let mut b = Array2::zeros((n, (until - first + 1).max(0) as usize));
    for y in first..=until {
        let j = (y - first) as usize;
        if y >= span.first && y <= known_last {
            let bj = span.index(y).expect("inside");
            b.column_mut(j).assign(&dataset.births.column(bj));
        } else {
            let v = national(y)?;
            let s = if y < span.first { &early } else { &late };
            for m in 0..n {
                b[[m, j]] = v * s[m];
            }
        }
    }
    Ok(b)
}

/// National observed births of `year` (before the municipal series).
fn observed_national(dataset: &Dataset, year: i32) -> Result<f64> {
    dataset
        .births_national
        .iter()
        .find(|p| p.variant == "observed")
        .and_then(|p| p.get(year))
        .ok_or_else(|| {
            TekortError::data(format!(
                "births_national has no observed births for {year} (needed before the municipal births of {})",
                dataset.birth_years.first
            ))
        })
}

/// Births per municipality `[municipality, year]` from `first` to `last`:
/// observed (before the municipal series: the national observed births
/// spread by the first shares, see [`spread_births`]), then from the
/// demography.
pub(crate) fn extended_births(
    dataset: &Dataset,
    params: &Params,
    demography: &Demography,
    first: i32,
    last: i32,
) -> Result<(i32, Array2<f64>)> {
    let span = dataset.birth_years;
    let first = first.min(span.first);
    let end = last.max(span.last);
    let n = dataset.n_municipalities();
    let bad = |reason: String| TekortError::InvalidDemography {
        source_name: demography.name().to_string(),
        reason,
    };
    let check = |v: f64, y: i32, who: &str| -> Result<f64> {
        if !v.is_finite() || v < 0.0 {
            return Err(bad(format!(
                "births {v}{who} in {y} must be a finite count >= 0"
            )));
        }
        Ok(v)
    };
    let missing = |y: i32| {
        bad(format!(
            "has no births for {y}; the projection needs births up to {end} (until − 4)"
        ))
    };
    let path = match demography {
        Demography::Variant(name) => Some(
            dataset
                .births_national
                .iter()
                .find(|p| p.variant == *name && p.variant != "observed")
                .ok_or_else(|| {
                    let known: Vec<&str> = dataset
                        .births_national
                        .iter()
                        .map(|p| p.variant.as_str())
                        .filter(|v| *v != "observed")
                        .collect();
                    bad(format!(
                        "unknown births variant; known are: {} (or give a file)",
                        known.join(", ")
                    ))
                })?,
        ),
        Demography::National(p) => Some(p),
        Demography::Municipal { .. } => None,
    };
    let national = |y: i32| -> Result<f64> {
        if y < span.first {
            return observed_national(dataset, y);
        }
        match path {
            Some(p) => check(p.get(y).ok_or_else(|| missing(y))?, y, ""),
            None => Ok(0.0),
        }
    };
    let uniform = || vec![1.0 / n as f64; n];
    let mut b = spread_births(
        dataset,
        params,
        span.last,
        (first, end),
        &national,
        &uniform,
    )?;
    if let Demography::Municipal {
        first_year, births, ..
    } = demography
    {
        if births.nrows() != n {
            return Err(bad(format!(
                "has {} municipalities, the dataset {n}",
                births.nrows()
            )));
        }
        let covered = *first_year..*first_year + births.ncols() as i32;
        for y in span.last + 1..=end {
            if !covered.contains(&y) {
                return Err(missing(y));
            }
            for m in 0..n {
                let who = format!(" of {}", dataset.municipalities[m].code);
                b[[m, (y - first) as usize]] =
                    check(births[[m, (y - first_year) as usize]], y, &who)?;
            }
        }
    }
    Ok((first, b))
}

/// Pupils per municipality and sector for the years of `span` (which may
/// start before the base year).
///
/// po (per school type): observed up to the base year; after it, a fixed
/// ratio to the sum of the eight birth cohorts aged 4–11, the ratio taken
/// in the base year per municipality (it absorbs migration and school
/// choice across municipal borders). vo and mbo: the base-year number moved
/// with the po-bo pupils of the same municipality `vo_lag_years` /
/// `mbo_lag_years` earlier (cohort flow), before and after the base year.
pub(crate) fn project_pupils(
    dataset: &Dataset,
    params: &Params,
    demography: &Demography,
    span: YearSpan,
    notes: &mut Vec<String>,
) -> Result<Array3<f64>> {
    let base = params.base_year;
    let n = dataset.n_municipalities();
    let pspan = dataset.po_pupil_years;
    // The trend needs the cohorts of `pupil_trend_years` before the base
    // year: observed births, or national observed births before them.
    let mut tk = params.demand.pupil_trend_years;
    let reach = base - tk - 11;
    if tk > 0
        && (base - tk < pspan.first
            || (reach..dataset.birth_years.first).any(|y| observed_national(dataset, y).is_err()))
    {
        notes.push(format!(
            "po pupils: no trend of pupils per cohort (demand.pupil_trend_years = {tk}): the data have no pupils of {} or no births back to {reach}",
            base - tk
        ));
        tk = 0;
    }
    let before = base - tk;
    let (bfirst, births) =
        extended_births(dataset, params, demography, before - 11, span.last - 4)?;
    let cohorts = |m: usize, t: i32| school_age_cohorts(&births, bfirst, m, t);
    let pbase = pspan.index(base).expect("checked");
    let pbefore = pspan.index(base - tk);
    let mut out = Array3::zeros((n, Sector::ALL.len(), span.len()));

    // po school types, and po-bo pupils of every year needed by vo and mbo.
    let lag_max = params.demand.vo_lag_years.max(params.demand.mbo_lag_years);
    let bo_first = (span.first - lag_max).min(base);
    let bo_span = YearSpan::new(bo_first, span.last)?;
    let mut po_bo = Array2::zeros((n, bo_span.len()));
    for m in 0..n {
        let c0 = cohorts(m, base);
        let cb = cohorts(m, base - tk);
        for (ti, s) in Sector::PO.iter().enumerate() {
            let p0 = dataset.po_pupils[[m, ti, pbase]];
            let pb = pbefore.map_or(0.0, |i| dataset.po_pupils[[m, ti, i]]);
            let value = |t: i32| -> f64 {
                if t <= base {
                    dataset.po_pupils[[m, ti, pspan.index(t).expect("checked")]]
                } else {
                    po_pupils_ahead(params, ti, (p0, c0), (pb, cb), t - base, cohorts(m, t))
                }
            };
            for (yi, t) in span.years().enumerate() {
                out[[m, s.index(), yi]] = value(t);
            }
            if ti == 0 {
                for (yi, t) in bo_span.years().enumerate() {
                    po_bo[[m, yi]] = value(t);
                }
            }
        }
    }
    let bo = |m: usize, y: i32| po_bo[[m, bo_span.index(y).expect("in span")]];
    let vo_base = dataset
        .vo_pupils
        .column(dataset.vo_pupil_years.index(base).expect("checked"))
        .to_owned();
    let vo_total = vo_base.sum();
    if vo_total <= 0.0 {
        return Err(TekortError::data("no vo pupils in the base year"));
    }
    let mbo_students = params.workforce.mbo_students.value;
    let lags = [
        (Sector::Vo, params.demand.vo_lag_years),
        (Sector::Mbo, params.demand.mbo_lag_years),
    ];
    for m in 0..n {
        for (sector, lag) in lags {
            let level = match sector {
                Sector::Vo => vo_base[m],
                _ => mbo_students * vo_base[m] / vo_total,
            };
            let q0 = bo(m, base - lag);
            for (yi, t) in span.years().enumerate() {
                let q = bo(m, t - lag);
                out[[m, sector.index(), yi]] = if q0 > 0.0 { level * q / q0 } else { level };
            }
        }
    }
    Ok(out)
}

/// The births of the eight cohorts aged 4–11 in year `t` (po's school
/// ages) of municipality `m`, from births `[municipality, year]` starting
/// in `first`.
pub(crate) fn school_age_cohorts(births: &Array2<f64>, first: i32, m: usize, t: i32) -> f64 {
    (4..=11)
        .map(|k| births[[m, (t - k - first) as usize]])
        .sum()
}

/// po pupils of one municipality and school type (`ti`, 0 = bo) `k`
/// years after the base year, from the pupils and school-age cohorts of
/// the base year `(p0, c0)` and of `demand.pupil_trend_years` before it
/// `(pb, cb)`, and the cohorts of the forecast year `ct`.
///
/// The ratio of pupils to cohorts of the base year (migration and school
/// choice across municipal borders) is held; for regular primary (bo) its
/// mean yearly log change over the trend years continues, damped by
/// `demand.pupil_trend_damping` a year. Special education (sbo, (v)so)
/// holds its ratio: its share of pupils follows policy (passend onderwijs,
/// 2014), and the backtest shows a trend makes it worse.
pub(crate) fn po_pupils_ahead(
    params: &Params,
    ti: usize,
    (p0, c0): (f64, f64),
    (pb, cb): (f64, f64),
    k: i32,
    ct: f64,
) -> f64 {
    if c0 <= 0.0 {
        return 0.0;
    }
    let ratio = p0 / c0;
    let d = &params.demand;
    let mut factor = 1.0;
    if ti == 0 && d.pupil_trend_years > 0 && p0 > 0.0 && pb > 0.0 && cb > 0.0 {
        let g = (ratio / (pb / cb)).ln() / d.pupil_trend_years as f64;
        let phi = d.pupil_trend_damping;
        let weight: f64 = (1..=k).map(|j| phi.powi(j)).sum();
        factor = (g * weight).exp();
    }
    ratio * factor * ct
}

/// The year of a sector group's latest measurement: the regional table
/// (po, vo) or else the national series.
pub(crate) fn measurement_year(dataset: &Dataset, group: SectorGroup) -> Result<i32> {
    dataset
        .measured_shortage
        .iter()
        .filter(|m| m.group == group)
        .map(|m| m.year)
        .max()
        .or_else(|| {
            dataset
                .national_shortage
                .iter()
                .filter(|m| m.group == group)
                .map(|m| m.year)
                .max()
        })
        .ok_or_else(|| TekortError::data(format!("no shortage measurement for {group}")))
}

/// Per-municipality inputs anchored to the measurements.
pub(crate) struct Anchored {
    /// Pupils `[municipality, sector (all five), year of span]`.
    pub(crate) pupils: Array3<f64>,
    /// Demand fte `[municipality, sector, year of span]`.
    pub(crate) demand: Array3<f64>,
    /// Base-year employment fte `[municipality, sector]`.
    pub(crate) employment: Array2<f64>,
    /// Employment in the years of `span`, `[municipality, sector, year]`:
    /// po from DUO staff persons, vo and mbo held level.
    pub(crate) employment_path: Array3<f64>,
    /// The national demand-per-pupil factors of the earlier national
    /// measurements (group, year, factor).
    pub(crate) anchors: Vec<(SectorGroup, i32, f64)>,
}

/// Employment per municipality in `year`. po: the national employment of
/// the measurement year, spread by each municipality's share of DUO po
/// staff persons in that year, times the national staff index of `year`.
/// Staff persons are counted at the school board's main location and jump
/// when boards merge (regional changes of up to ±9 % between 2023 and
/// 2025), so they weight the level but only their national total moves it.
/// vo, mbo: national × base-year vo pupil share, held level.
pub(crate) fn employment_in(
    dataset: &Dataset,
    params: &Params,
    year: i32,
    notes: &mut Vec<String>,
) -> Result<Array2<f64>> {
    let n = dataset.n_municipalities();
    let base = params.base_year;
    let staff_span = dataset.po_staff_years;
    let clamp = |y: i32, notes: &mut Vec<String>| {
        let c = y.clamp(staff_span.first, staff_span.last);
        if c != y {
            notes.push(format!(
                "po: DUO po staff persons of {c} stand in for {y} (the staff series covers {}–{})",
                staff_span.first, staff_span.last
            ));
        }
        staff_span.index(c).expect("clamped")
    };
    let ymeas = clamp(measurement_year(dataset, SectorGroup::Po)?, notes);
    let y = clamp(year, notes);
    let staff_meas: f64 = dataset.po_staff.index_axis(Axis(2), ymeas).sum();
    if staff_meas <= 0.0 {
        return Err(TekortError::data("no po staff in the measurement year"));
    }
    let po_national = params.workforce.employment_fte.po.value;
    let index = dataset.po_staff.index_axis(Axis(2), y).sum() / staff_meas;
    let vy = dataset.vo_pupil_years.index(base).expect("checked");
    let vo_total: f64 = dataset.vo_pupils.column(vy).sum();
    if vo_total <= 0.0 {
        return Err(TekortError::data("no vo pupils in the base year"));
    }
    let mut emp = Array2::zeros((n, Sector::ALL.len()));
    for m in 0..n {
        for (ti, s) in Sector::PO.iter().enumerate() {
            emp[[m, s.index()]] =
                po_national * dataset.po_staff[[m, ti, ymeas]] / staff_meas * index;
        }
        let w = dataset.vo_pupils[[m, vy]] / vo_total;
        emp[[m, Sector::Vo.index()]] = params.workforce.employment_fte.vo.value * w;
        emp[[m, Sector::Mbo.index()]] = params.workforce.employment_fte.mbo.value * w;
    }
    Ok(emp)
}

/// Pupils, demand and employment per municipality over `span` (which must
/// contain the base year), with demand anchored to each measurement in its
/// own year.
///
/// For each sector group with measurement year `Y`: employment in `Y` per
/// municipality (see `employment_in`), the measured shortage % per
/// municipality (`measured_pct`), demand(Y) = employment(Y) × (1 + % / 100),
/// and demand in any other year = demand(Y) × pupils(year) / pupils(Y).
pub(crate) fn anchored(
    dataset: &Dataset,
    params: &Params,
    demography: &Demography,
    pupil_forecast: Option<&PupilForecast>,
    span: YearSpan,
    notes: &mut Vec<String>,
) -> Result<Anchored> {
    let base = params.base_year;
    let n = dataset.n_municipalities();
    let meas: Vec<i32> = SectorGroup::ALL
        .iter()
        .map(|g| measurement_year(dataset, *g))
        .collect::<Result<_>>()?;
    let first = meas
        .iter()
        .copied()
        .chain(dataset.national_shortage.iter().map(|m| m.year))
        .min()
        .unwrap_or(base)
        .min(span.first)
        .min(base);
    let full = YearSpan::new(first, span.last)?;
    let mut pupils_full = project_pupils(dataset, params, demography, full, notes)?;
    if let Some(f) = pupil_forecast {
        apply_pupil_forecast(dataset, params, f, full, &mut pupils_full)?;
    }
    let pct = measured_pct(dataset, params, notes)?;
    let mut employment_full = Array3::zeros((n, Sector::ALL.len(), full.len()));
    for (yi, y) in full.years().enumerate() {
        // Only the years that carry a measurement or the base year need
        // a note when the staff series does not reach them.
        let noted = y == base || meas.contains(&y);
        let mut quiet = Vec::new();
        let e = employment_in(dataset, params, y, if noted { notes } else { &mut quiet })?;
        employment_full.index_axis_mut(Axis(2), yi).assign(&e);
    }
    // Within the nation, employment follows each municipality's pupils from
    // its group's measurement year: schools that shrink or grow adjust their
    // staff (the national total keeps following employment_in).
    for (gi, g) in SectorGroup::ALL.iter().enumerate() {
        let ym = (meas[gi] - first) as usize;
        for s in g.sectors() {
            let k = s.index();
            for yi in 0..full.len() {
                if yi == ym {
                    continue;
                }
                let total: f64 = employment_full.index_axis(Axis(2), yi).column(k).sum();
                let mut weights = Array1::<f64>::zeros(n);
                for m in 0..n {
                    let p0 = pupils_full[[m, k, ym]];
                    let ratio = if p0 > 0.0 {
                        pupils_full[[m, k, yi]] / p0
                    } else {
                        1.0
                    };
                    weights[m] = employment_full[[m, k, ym]] * ratio;
                }
                let wsum = weights.sum();
                if wsum > 0.0 {
                    for m in 0..n {
                        employment_full[[m, k, yi]] = total * weights[m] / wsum;
                    }
                }
            }
        }
    }
    let employment = employment_full
        .index_axis(Axis(2), (base - first) as usize)
        .to_owned();
    let mut demand_full = Array3::zeros((n, Sector::ALL.len(), full.len()));
    let mut all_anchors = Vec::new();
    for (gi, g) in SectorGroup::ALL.iter().enumerate() {
        let ym = (meas[gi] - first) as usize;
        for s in g.sectors() {
            let k = s.index();
            for m in 0..n {
                let d_meas = employment_full[[m, k, ym]] * (1.0 + pct[[m, k]] / 100.0);
                let p_meas = pupils_full[[m, k, ym]];
                for yi in 0..full.len() {
                    let p = pupils_full[[m, k, yi]];
                    demand_full[[m, k, yi]] = if p_meas > 0.0 {
                        d_meas * p / p_meas
                    } else {
                        d_meas
                    };
                }
            }
        }
        // Earlier national measurements anchor their own years: a national
        // factor on demand per pupil in those years (1 in the regional
        // table's year), linear between anchors, held before the first.
        let mut anchors: Vec<(i32, f64)> = vec![(meas[gi], 1.0)];
        for nm in dataset
            .national_shortage
            .iter()
            .filter(|nm| nm.group == *g && nm.year < meas[gi] && full.index(nm.year).is_some())
        {
            let yi = (nm.year - first) as usize;
            let (mut d, mut e) = (0.0, 0.0);
            for s in g.sectors() {
                d += demand_full.index_axis(Axis(2), yi).column(s.index()).sum();
                e += employment_full
                    .index_axis(Axis(2), yi)
                    .column(s.index())
                    .sum();
            }
            let target = match nm.pct {
                Some(p) => e * (1.0 + p / 100.0),
                None => e + nm.fte,
            };
            if d > 0.0 {
                anchors.push((nm.year, target / d));
            }
        }
        anchors.sort_by_key(|a| a.0);
        all_anchors.extend(anchors.iter().map(|&(y, f)| (*g, y, f)));
        let factor = |y: i32| -> f64 {
            if y >= meas[gi] {
                return 1.0;
            }
            let points: Vec<YearValue> = anchors
                .iter()
                .map(|&(year, value)| YearValue { year, value })
                .collect();
            interpolate_years(&points, y)
        };
        for (yi, y) in full.years().enumerate() {
            let f = factor(y);
            if f != 1.0 {
                for s in g.sectors() {
                    demand_full
                        .index_axis_mut(Axis(2), yi)
                        .column_mut(s.index())
                        .mapv_inplace(|v| v * f);
                }
            }
        }
    }
    let off = (span.first - first) as usize;
    let window = ndarray::s![.., .., off..off + span.len()];
    let pupils = pupils_full.slice(window).to_owned();
    let demand = demand_full.slice(window).to_owned();
    let employment_path = employment_full.slice(window).to_owned();
    Ok(Anchored {
        pupils,
        demand,
        employment,
        employment_path,
        anchors: all_anchors,
    })
}

/// Which reading of the regional table to use for the G5 cities.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum G5Reading {
    /// A region's figure describes the region without its G5 city (the
    /// reading that reproduces the national vo figure; the default).
    Excluding,
    /// A region's figure includes its G5 city; the rest of the region is
    /// solved from it (can go negative).
    Including,
}

/// Measured shortage % per municipality and sector `[municipality, sector]`
/// in each group's measurement year (po, vo: regional table with G5 cities
/// read as separate from their region, scaled by one factor per group to
/// the national figure of the same year; po school types tilted by their
/// national %; mbo: the national fte over national employment).
pub(crate) fn measured_pct(
    dataset: &Dataset,
    params: &Params,
    notes: &mut Vec<String>,
) -> Result<Array2<f64>> {
    Ok(measured_pct_with(dataset, params, G5Reading::Excluding, true, notes)?.0)
}

/// As [`measured_pct`] with a choice of G5 reading and of scaling to the
/// national figure; also returns the factor per group (po, vo; 1 where not
/// scaled).
pub(crate) fn measured_pct_with(
    dataset: &Dataset,
    params: &Params,
    reading: G5Reading,
    to_national: bool,
    notes: &mut Vec<String>,
) -> Result<(Array2<f64>, [f64; 2])> {
    let mut factors = [1.0; 2];
    let n = dataset.n_municipalities();
    let y_po = measurement_year(dataset, SectorGroup::Po)?;
    let emp = employment_in(dataset, params, y_po, &mut Vec::new())?;
    let mut pct = Array2::zeros((n, Sector::ALL.len()));
    // po school types: the regional po table is read as a figure for
    // regular primary schools (bo); sbo and so/vso get it times their
    // national ratio to bo (13.3 / 8.6 and 11.2 / 8.6). Read this way the
    // table implies a national po figure within 0.3 pp of the measured one
    // (see docs/validation.md); read as all of po, 0.9 pp below.
    let f = dataset.po_type_shortage_pct;
    for g in [SectorGroup::Po, SectorGroup::Vo] {
        let group_emp: Array1<f64> = g
            .sectors()
            .iter()
            .map(|s| emp.column(s.index()).to_owned())
            .fold(Array1::zeros(n), |a, b| a + b);
        let muni_pct = calibrate_group(dataset, g, &group_emp, reading, notes)?;
        for m in 0..n {
            for (t, s) in g.sectors().iter().enumerate() {
                let tilt = if g == SectorGroup::Po && f[0] > 0.0 {
                    f[t] / f[0]
                } else {
                    1.0
                };
                pct[[m, s.index()]] = muni_pct[m] * tilt;
            }
        }
        // The regional table and the national figure come from the same
        // survey; weighted with our employment they need not agree. Keep the
        // table's relative differences and the national level.
        let y_g = measurement_year(dataset, g)?;
        let national = dataset
            .national_shortage
            .iter()
            .find(|m| m.group == g && m.year == y_g)
            .and_then(|m| m.pct);
        if let (true, Some(target)) = (to_national, national) {
            let (mut num, mut den) = (0.0, 0.0);
            for m in 0..n {
                for s in g.sectors() {
                    num += pct[[m, s.index()]] * emp[[m, s.index()]];
                    den += emp[[m, s.index()]];
                }
            }
            if num > 0.0 && den > 0.0 {
                let factor = target / (num / den);
                for m in 0..n {
                    for s in g.sectors() {
                        pct[[m, s.index()]] *= factor;
                    }
                }
                factors[g as usize] = factor;
            }
        }
    }
    let y_mbo = measurement_year(dataset, SectorGroup::Mbo)?;
    let mbo = dataset
        .national_shortage
        .iter()
        .find(|m| m.group == SectorGroup::Mbo && m.year == y_mbo)
        .ok_or_else(|| TekortError::data("no national mbo shortage measurement"))?;
    let mbo_pct = match mbo.pct {
        Some(p) => p,
        None => 100.0 * mbo.fte / params.workforce.employment_fte.mbo.value,
    };
    pct.column_mut(Sector::Mbo.index()).fill(mbo_pct);
    Ok((pct, factors))
}

/// Measured shortage % per municipality for one sector group.
pub(crate) fn calibrate_group(
    dataset: &Dataset,
    group: SectorGroup,
    emp: &Array1<f64>,
    reading: G5Reading,
    notes: &mut Vec<String>,
) -> Result<Array1<f64>> {
    let munis = &dataset.municipalities;
    let measured: Vec<_> = dataset
        .measured_shortage
        .iter()
        .filter(|m| m.group == group)
        .collect();
    let region_pct = |name: &str| {
        measured.iter().find_map(|m| match &m.area {
            MeasuredArea::Arbeidsmarktregio(r) if r == name => Some(m.pct),
            _ => None,
        })
    };
    let city_pct = |i: usize| {
        measured.iter().find_map(|m| match m.area {
            MeasuredArea::Municipality(j) if j == i => Some(m.pct),
            _ => None,
        })
    };
    let mut names: Vec<&str> = munis.iter().map(|m| m.arbeidsmarktregio.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    // Regions without a measurement get the employment-weighted mean of
    // the measured regions.
    let (mut num, mut den) = (0.0, 0.0);
    for name in &names {
        if let Some(p) = region_pct(name) {
            let e: f64 = munis
                .iter()
                .zip(emp)
                .filter(|(m, _)| m.arbeidsmarktregio == *name)
                .map(|(_, e)| e)
                .sum();
            num += p * e;
            den += e;
        }
    }
    if den <= 0.0 {
        return Err(TekortError::data(format!(
            "no measured shortage for sector group {group}"
        )));
    }
    let fallback = num / den;
    let mut out = Array1::zeros(munis.len());
    for name in names {
        let members: Vec<usize> = (0..munis.len())
            .filter(|&i| munis[i].arbeidsmarktregio == name)
            .collect();
        let region = region_pct(name).unwrap_or_else(|| {
            notes.push(format!(
                "{group}: no measured shortage for {name}; used the national mean {fallback:.1} %"
            ));
            fallback
        });
        let cities: Vec<(usize, f64)> = members
            .iter()
            .filter_map(|&i| city_pct(i).map(|p| (i, p)))
            .collect();
        let rest = match reading {
            G5Reading::Excluding => region,
            G5Reading::Including => {
                let e_region: f64 = members.iter().map(|&i| emp[i]).sum();
                let e_cities: f64 = cities.iter().map(|&(i, _)| emp[i]).sum();
                let s_cities: f64 = cities.iter().map(|&(i, p)| p * emp[i]).sum();
                let e_rest = e_region - e_cities;
                if e_rest > 0.0 {
                    (region * e_region - s_cities) / e_rest
                } else {
                    region
                }
            }
        };
        for &i in &members {
            out[i] = rest;
        }
        for &(i, p) in &cities {
            out[i] = p;
        }
    }
    Ok(out)
}

pub(crate) type GraduateProjection = (Array2<f64>, Vec<i32>, Array2<f64>, Array2<f64>);

/// Baseline graduates per route and projection year, nationally: published
/// where available, otherwise intake `lag_years` earlier × the completion
/// ratio observed where both are published; intake after the last
/// published year is the mean of the last three published years.
pub(crate) fn project_graduates(
    training: &TrainingHistory,
    params: &Params,
    years: YearSpan,
    aow: f64,
    notes: &mut Vec<String>,
) -> Result<GraduateProjection> {
    let t = training;
    let routes = &params.inflow.training;
    let mut graduates = Array2::zeros((routes.len(), years.len()));
    let mut route_entry = Array2::zeros((routes.len(), SectorGroup::ALL.len()));
    let mut route_age = Array2::zeros((routes.len(), N_AGES));
    let mut lags = Vec::with_capacity(routes.len());
    for (ri, route) in routes.iter().enumerate() {
        let di = t
            .routes
            .iter()
            .position(|r| *r == route.training)
            .ok_or_else(|| TekortError::InvalidParams {
                reason: format!(
                    "inflow.training route {:?} is not in the teacher_training data (has: {})",
                    route.training,
                    t.routes.join(", ")
                ),
            })?;
        let intake_pub = &t.intake[di];
        let grads_pub = &t.graduates[di];
        let published: Vec<f64> = intake_pub.iter().flatten().copied().collect();
        let recent = &published[published.len().saturating_sub(3)..];
        let intake_level = if recent.is_empty() {
            0.0
        } else {
            recent.iter().sum::<f64>() / recent.len() as f64
        };
        let intake = |y: i32| -> f64 {
            t.years
                .index(y)
                .and_then(|i| intake_pub[i])
                .unwrap_or(if y > t.years.last { intake_level } else { 0.0 })
        };
        let lag = route.lag_years;
        let (mut gsum, mut isum) = (0.0, 0.0);
        for (i, g) in grads_pub.iter().enumerate() {
            let y = t.years.first + i as i32;
            // Years whose intake was published as 0 (a route not yet
            // started) would inflate the ratio: only positive intakes count.
            if let (Some(g), Some(inn)) = (g, t.years.index(y - lag).and_then(|j| intake_pub[j])) {
                if inn > 0.0 {
                    gsum += g;
                    isum += inn;
                }
            }
        }
        let completion = if isum > 0.0 {
            gsum / isum
        } else {
            notes.push(format!(
                "training route {}: no overlapping intake and graduates; completion ratio 0.6 assumed",
                route.training
            ));
            0.6
        };
        for (yi, y) in years.years().enumerate() {
            graduates[[ri, yi]] = t
                .years
                .index(y)
                .and_then(|i| grads_pub[i])
                .unwrap_or_else(|| intake(y - lag) * completion);
        }
        for (gi, g) in SectorGroup::ALL.iter().enumerate() {
            route_entry[[ri, gi]] = route.entry.get(*g).value;
        }
        route_age
            .index_axis_mut(Axis(0), ri)
            .assign(&age_distribution(route.age, aow));
        lags.push(lag);
    }
    Ok((graduates, lags, route_entry, route_age))
}

/// Scales each region's municipalities so their pupils meet a user's
/// forecast (years after the base year only).
fn apply_pupil_forecast(
    dataset: &Dataset,
    params: &Params,
    f: &PupilForecast,
    span: YearSpan,
    pupils: &mut Array3<f64>,
) -> Result<()> {
    let bad = |reason: String| TekortError::InvalidDemography {
        source_name: f.name.clone(),
        reason,
    };
    if f.regions.assignment.len() != dataset.n_municipalities() {
        return Err(bad(format!(
            "region system {:?} has {} municipalities, the dataset {}",
            f.regions.name,
            f.regions.assignment.len(),
            dataset.n_municipalities()
        )));
    }
    let base = params.base_year;
    for (region, sectors, year, value) in &f.rows {
        let name = f.regions.regions.get(*region).ok_or_else(|| {
            bad(format!(
                "refers to region index {region} of {}",
                f.regions.len()
            ))
        })?;
        if !value.is_finite() || *value < 0.0 {
            return Err(bad(format!(
                "pupils {value} for {name} in {year} must be a finite count >= 0"
            )));
        }
        if *year <= base {
            return Err(bad(format!(
                "gives pupils for {year}: only years after the base year {base} can be replaced (earlier ones are observed)"
            )));
        }
        let Some(yi) = span.index(*year) else {
            continue; // beyond `until`: not needed
        };
        let members: Vec<usize> = (0..dataset.n_municipalities())
            .filter(|&m| f.regions.assignment[m] == *region)
            .collect();
        let model: f64 = members
            .iter()
            .flat_map(|&m| sectors.iter().map(move |s| (m, s.index())))
            .map(|(m, k)| pupils[[m, k, yi]])
            .sum();
        if model <= 0.0 {
            if *value > 0.0 {
                return Err(bad(format!(
                    "gives {value} pupils for {name} in {year}, where the model has no schools to put them in"
                )));
            }
            continue;
        }
        let factor = value / model;
        for &m in &members {
            for s in sectors {
                pupils[[m, s.index(), yi]] *= factor;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod pupil_trend_tests {
    use super::*;

    #[test]
    fn the_bo_ratio_trend_is_damped_and_special_education_holds() {
        let mut p = Params::default();
        p.demand.pupil_trend_years = 5;
        p.demand.pupil_trend_damping = 0.9;
        // 200 pupils on 100 cohort births now, 100 on 100 five years ago:
        // the ratio doubled, g = ln 2 / 5 a year.
        let g = 2f64.ln() / 5.0;
        let two_years = po_pupils_ahead(&p, 0, (200.0, 100.0), (100.0, 100.0), 2, 120.0);
        let expected = 2.0 * (g * (0.9 + 0.81)).exp() * 120.0;
        assert!(
            (two_years - expected).abs() < 1e-9,
            "{two_years} {expected}"
        );
        // sbo and (v)so hold the ratio of the base year.
        assert_eq!(
            po_pupils_ahead(&p, 1, (200.0, 100.0), (100.0, 100.0), 2, 120.0),
            240.0
        );
        // No damping: the ratio is held.
        p.demand.pupil_trend_damping = 0.0;
        assert_eq!(
            po_pupils_ahead(&p, 0, (200.0, 100.0), (100.0, 100.0), 7, 120.0),
            240.0
        );
        // No cohorts: no pupils, never NaN.
        assert_eq!(po_pupils_ahead(&p, 0, (5.0, 0.0), (1.0, 1.0), 1, 10.0), 0.0);
        assert_eq!(
            po_pupils_ahead(&p, 0, (5.0, 5.0), (0.0, 0.0), 1, 10.0),
            10.0
        );
    }
}

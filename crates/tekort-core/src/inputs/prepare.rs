//! From a municipality-level [`Dataset`] to the dense region-level inputs of
//! the engine: pupil projection, base-year workforce, calibration to the
//! measured shortage, graduate projection and age profiles.
//!
//! Everything that is a plain input is computed per municipality and then
//! summed into regions, so pupils and base-year employment and shortage add
//! up exactly from municipalities to any region system to the nation.

use ndarray::{Array1, Array2, Array3, ArrayView2, Axis};

use crate::inputs::anchor::{anchored, latest_measurement_year, measurement_year_of};

use crate::domain::dataset::{Dataset, YearSpan};
use crate::domain::kind::MeasuredYears;
use crate::domain::options::{ProjectionOptions, MAX_UNTIL};
use crate::domain::params::{aow_age_in, Params, N_AGES};
use crate::domain::projection::Horizon;
use crate::domain::regions::RegionSystem;
use crate::domain::sector::{Sector, SectorGroup};
use crate::error::{Result, TekortError};
use crate::inputs::profiles::{age_distribution, fte_profile};
use crate::inputs::training::project_graduates;

/// Inputs of the engine, shared by all scenarios and region systems.
///
/// The labour-market dynamics run on one fixed market geography, the 35
/// arbeidsmarktregio's (teachers are hired and move within labour-market
/// regions); municipalities keep their own pupils, demand and measured
/// difference, and every region system is an aggregation of
/// municipalities (see [`crate::forecast::run`]).
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
    /// The municipalities of each market region, in order.
    pub market_members: Vec<Vec<usize>>,
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
    /// rolled forward nationally (see [`crate::inputs::history::roll_age_structure`]).
    pub first_age_share: Array2<f64>,
    /// National share of each po school type in po employment (bo, sbo, so_vso).
    pub po_type_split: [f64; 3],
    /// Notes on the inputs (fallbacks, conventions).
    pub notes: Vec<String>,
    /// Warnings on the user's inputs (a pupil forecast with gaps, jumps or
    /// rows for sectors not in the run): plausibility warnings of the run.
    pub warnings: Vec<String>,
    /// The horizon of the inputs.
    pub horizon: Horizon,
    /// The years with a shortage measurement per sector group.
    pub measured: MeasuredYears,
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

/// A warning naming the sectors of a user's pupil forecast that are not in
/// the run (`sectors`): their rows are not used.
fn unused_pupil_rows(
    f: &crate::domain::options::PupilForecast,
    sectors: &[Sector],
) -> Option<String> {
    let mut outside: Vec<String> = Vec::new();
    for (_, row_sectors, _, _) in &f.rows {
        if !row_sectors.iter().any(|s| sectors.contains(s)) {
            let label = crate::inputs::pupils::sectors_label(row_sectors);
            if !outside.contains(&label) {
                outside.push(label);
            }
        }
    }
    if outside.is_empty() {
        return None;
    }
    let run: Vec<&str> = sectors.iter().map(|s| s.code()).collect();
    Some(format!(
        "pupils {:?} have rows for {}, not in this run (sectors {}): those rows are not used; add the sector to the run or leave the rows out",
        f.name,
        outside.join(", "),
        run.join(", ")
    ))
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
        return Err(crate::error::no_sectors());
    }
    for (i, s) in sectors.iter().enumerate() {
        if sectors[..i].contains(s) {
            // Counted twice it would double every total over the sectors.
            return Err(TekortError::Duplicate {
                what: "sector".into(),
                name: s.code().into(),
            });
        }
    }
    for s in sectors {
        if measurement_year_of(dataset, s.group()).is_none() {
            return Err(TekortError::data(format!(
                "sector {s}: the dataset has no shortage measurement of {} to start from (with a cutoff: none up to the cutoff); leave {s} out",
                s.group()
            )));
        }
    }
    let markets = RegionSystem::builtin(MARKET_SYSTEM, dataset)?;
    let first = history_start(dataset, base);
    let years = YearSpan::new(first, until)?;
    let mut notes = Vec::new();

    let mut a = anchored(
        dataset,
        params,
        demography,
        options.pupils.as_ref(),
        years,
        &mut notes,
    )?;
    let mut warnings = std::mem::take(&mut a.warnings);
    if let Some(f) = &options.pupils {
        warnings.extend(unused_pupil_rows(f, sectors));
    }
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
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); nr];
    for (m, &r) in markets.assignment.iter().enumerate() {
        members[r].push(m);
    }
    for (m, &r) in markets.assignment.iter().enumerate() {
        for (si, s) in sectors.iter().enumerate() {
            for yi in 0..ny {
                let total = employment[[r, si, yi]];
                muni_share[[m, si, yi]] = if total > 0.0 {
                    a.employment_path[[m, s.index(), yi]] / total
                } else {
                    1.0 / members[r].len() as f64
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
    // the last year of DUO's staff series, vo and mbo up to their latest
    // measurement; never past the base year.
    let mut observed_until = [first; 3];
    for (gi, g) in SectorGroup::ALL.iter().enumerate() {
        let y = match g {
            SectorGroup::Po => dataset.po_staff_years.last,
            _ => latest_measurement_year(dataset, *g).unwrap_or(base),
        };
        observed_until[gi] = y.clamp(first, base);
    }

    let aow = aow_age_in(&params.outflow.aow_age, base);
    let (graduates, route_lag, route_entry, route_age) =
        project_graduates(&dataset.training, params, years, aow, &mut notes)?;
    let fte_profile = fte_profile(params);
    let mut first_age_share = Array2::zeros((SectorGroup::ALL.len(), N_AGES));
    for (gi, g) in SectorGroup::ALL.iter().enumerate() {
        let run = crate::inputs::history::age_structure(dataset, params, *g, first, &mut notes)?;
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
        market_members: members,
        pupils,
        employment,
        observed_until,
        demand,
        muni_pupils,
        muni_demand,
        muni_share,
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
        warnings,
        measured: MeasuredYears::of(dataset),
        horizon: Horizon {
            births_observed_until: dataset.birth_years.last,
            demography: demography.name().to_string(),
            projected_pupils_from: dataset.birth_years.last + 5,
            scenario_from: base + 16,
        },
    })
}

fn check_years(dataset: &Dataset, params: &Params, until: i32) -> Result<()> {
    let base = params.base_year;
    let d = &params.demand;
    let oldest_po = [base - 11, base - d.vo_lag_years, base - d.mbo_lag_years];
    // The base year needs observed pupils, staff and the eight birth
    // cohorts of the pupils then in po (municipal births, or before them
    // the national observed births spread by the first municipal shares).
    let births_first = dataset
        .births_national
        .iter()
        .find(|p| p.variant == "observed" && !p.births.is_empty())
        .map_or(dataset.birth_years.first, |p| {
            p.first_year.min(dataset.birth_years.first)
        });
    let min_base = (dataset.po_pupil_years.first + d.vo_lag_years.max(d.mbo_lag_years))
        .max(births_first + 11)
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

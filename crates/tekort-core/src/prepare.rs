//! From a municipality-level [`Dataset`] to the dense region-level inputs of
//! the engine: pupil projection, base-year workforce, calibration to the
//! measured shortage, graduate projection and age profiles.
//!
//! Everything that is a plain input is computed per municipality and then
//! summed into regions, so pupils and base-year employment and shortage add
//! up exactly from municipalities to any region system to the nation.

use ndarray::{Array1, Array2, Array3, Axis};
use statrs::distribution::{ContinuousCDF, Normal};

use crate::dataset::{Dataset, MeasuredArea, YearSpan};
use crate::error::{Result, TekortError};
use crate::params::{aow_age_in, AgeProfile, Params, AGE_MIN, N_AGES};
use crate::regions::RegionSystem;
use crate::sector::{Sector, SectorGroup};

/// The last year a projection may run to.
pub const MAX_UNTIL: i32 = 2075;

/// Inputs of the engine for one region system, shared by all scenarios.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// Base year.
    pub base_year: i32,
    /// Projection years, from the base year.
    pub years: YearSpan,
    /// Sectors projected.
    pub sectors: Vec<Sector>,
    /// Region system name.
    pub region_system: String,
    /// Region names.
    pub regions: Vec<String>,
    /// Pupils `[region, sector, year]`.
    pub pupils: Array3<f64>,
    /// Base-year employment fte `[region, sector]`.
    pub employment0: Array2<f64>,
    /// Base-year shortage fte `[region, sector]`, calibrated to the measurement.
    pub shortage0: Array2<f64>,
    /// Teacher demand fte before levers `[region, sector, year]`: per
    /// municipality base-year demand × its pupil growth, summed.
    pub demand: Array3<f64>,
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
    /// Base-year share of fte by age (sums to 1).
    pub base_age_share: Array1<f64>,
    /// National share of each po school type in po employment (bo, sbo, so_vso).
    pub po_type_split: [f64; 3],
    /// Notes on calibration adjustments.
    pub notes: Vec<String>,
}

impl Prepared {
    /// Number of regions.
    pub fn n_regions(&self) -> usize {
        self.regions.len()
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

/// Prepares the inputs for `regions`, from the base year to `until`.
pub fn prepare(
    dataset: &Dataset,
    regions: &RegionSystem,
    params: &Params,
    until: i32,
    sectors: &[Sector],
) -> Result<Prepared> {
    params.validate()?;
    let base = params.base_year;
    check_years(dataset, params, until)?;
    if regions.assignment.len() != dataset.n_municipalities() {
        return Err(TekortError::InvalidRegions {
            reason: format!(
                "region system {:?} assigns {} municipalities, the dataset has {}",
                regions.name,
                regions.assignment.len(),
                dataset.n_municipalities()
            ),
        });
    }
    if sectors.is_empty() {
        return Err(TekortError::data("no sectors selected"));
    }
    let years = YearSpan::new(base, until)?;
    let mut notes = Vec::new();

    let muni_pupils = project_pupils(dataset, params, years)?;
    let (muni_emp, muni_short) = base_workforce(dataset, params, &mut notes)?;
    // Calibration notes of sector groups that are not projected are noise.
    notes.retain(|n| {
        SectorGroup::ALL
            .iter()
            .all(|g| !n.starts_with(&format!("{}: ", g.code())))
            || sectors
                .iter()
                .any(|s| n.starts_with(&format!("{}: ", s.group().code())))
    });

    let nr = regions.len();
    let ns = sectors.len();
    let mut pupils = Array3::zeros((nr, ns, years.len()));
    let mut employment0 = Array2::zeros((nr, ns));
    let mut shortage0 = Array2::zeros((nr, ns));
    let mut demand = Array3::zeros((nr, ns, years.len()));
    for (m, &r) in regions.assignment.iter().enumerate() {
        for (si, s) in sectors.iter().enumerate() {
            let k = s.index();
            let muni = muni_pupils.slice(ndarray::s![m, k, ..]);
            let mut dst = pupils.slice_mut(ndarray::s![r, si, ..]);
            dst += &muni;
            employment0[[r, si]] += muni_emp[[m, k]];
            shortage0[[r, si]] += muni_short[[m, k]];
            // Demand moves with the municipality's own pupils; where the
            // base year has staff but no pupils (staff are counted at the
            // school board's main location) it stays at its base value.
            let d0 = muni_emp[[m, k]] + muni_short[[m, k]];
            let p0 = muni[0];
            for (yi, p) in muni.iter().enumerate() {
                demand[[r, si, yi]] += if p0 > 0.0 { d0 * p / p0 } else { d0 };
            }
        }
    }

    let po_total: f64 = Sector::PO
        .iter()
        .map(|s| muni_emp.column(s.index()).sum())
        .sum();
    let po_type_split = Sector::PO.map(|s| {
        if po_total > 0.0 {
            muni_emp.column(s.index()).sum() / po_total
        } else {
            0.0
        }
    });

    let aow = aow_age_in(&params.outflow.aow_age, base);
    let (graduates, route_lag, route_entry, route_age) =
        project_graduates(dataset, params, years, aow, &mut notes)?;

    let mut fte_profile = Array2::zeros((SectorGroup::ALL.len(), N_AGES));
    for (gi, g) in SectorGroup::ALL.iter().enumerate() {
        for i in 0..N_AGES {
            fte_profile[[gi, i]] = params.hours.fte_per_person.get(*g).at(AGE_MIN + i).value;
        }
    }

    let mut base_age_share = Array1::zeros(N_AGES);
    for band in &dataset.teacher_fte_age {
        let ages: Vec<usize> = (band.from.max(AGE_MIN)..=band.to)
            .filter(|&a| (a as f64) < aow && a - AGE_MIN < N_AGES)
            .collect();
        for &a in &ages {
            base_age_share[a - AGE_MIN] += band.share_pct / ages.len() as f64;
        }
    }
    let total = base_age_share.sum();
    if total <= 0.0 {
        return Err(TekortError::data(
            "teacher_fte_age has no share below the AOW age",
        ));
    }
    base_age_share /= total;

    Ok(Prepared {
        base_year: base,
        years,
        sectors: sectors.to_vec(),
        region_system: regions.name.clone(),
        regions: regions.regions.clone(),
        pupils,
        employment0,
        shortage0,
        demand,
        graduates,
        route_lag,
        route_entry,
        route_age,
        zij_age: age_distribution(params.inflow.zij_instroom_age, aow),
        returners_age: age_distribution(params.inflow.returners_age, aow),
        fte_profile,
        base_age_share,
        po_type_split,
        notes,
    })
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

/// Births per municipality for every year up to `last`, observed or carried
/// forward from the mean of the last observed years with a yearly trend.
fn extended_births(dataset: &Dataset, params: &Params, last: i32) -> (i32, Array2<f64>) {
    let span = dataset.birth_years;
    let first = span.first;
    let end = last.max(span.last);
    let n = dataset.n_municipalities();
    let k = params.demand.births_reference_years.min(span.len());
    let growth = 1.0 + params.demand.births_trend_pct.value / 100.0;
    let mut b = Array2::zeros((n, (end - first + 1) as usize));
    for m in 0..n {
        let observed = dataset.births.row(m);
        let level = observed.iter().rev().take(k).sum::<f64>() / k as f64;
        for y in first..=end {
            let v = match span.index(y) {
                Some(i) => observed[i],
                None => level * growth.powi(y - span.last),
            };
            b[[m, (y - first) as usize]] = v;
        }
    }
    (first, b)
}

/// Pupils per municipality and sector for the projection years.
///
/// po (per school type): a fixed ratio to the sum of the eight birth cohorts
/// aged 4–11, the ratio taken in the base year per municipality (it absorbs
/// migration and school choice across municipal borders). vo and mbo: the
/// base-year number moved with the po-bo pupils of the same municipality
/// `vo_lag_years` / `mbo_lag_years` earlier (cohort flow).
pub(crate) fn project_pupils(
    dataset: &Dataset,
    params: &Params,
    years: YearSpan,
) -> Result<Array3<f64>> {
    let base = years.first;
    let n = dataset.n_municipalities();
    let (bfirst, births) = extended_births(dataset, params, years.last - 4);
    let cohorts = |m: usize, t: i32| -> f64 {
        (4..=11)
            .map(|k| births[[m, (t - k - bfirst) as usize]])
            .sum()
    };
    let pspan = dataset.po_pupil_years;
    let pbase = pspan.index(base).expect("checked");
    let mut out = Array3::zeros((n, Sector::ALL.len(), years.len()));

    // po school types.
    for m in 0..n {
        let c0 = cohorts(m, base);
        for (ti, s) in Sector::PO.iter().enumerate() {
            let p0 = dataset.po_pupils[[m, ti, pbase]];
            let ratio = if c0 > 0.0 { p0 / c0 } else { 0.0 };
            for (yi, t) in years.years().enumerate() {
                out[[m, s.index(), yi]] = if yi == 0 { p0 } else { ratio * cohorts(m, t) };
            }
        }
    }

    // po-bo pupils of any year: observed up to the base year, projected after.
    let po_bo = |m: usize, y: i32, out: &Array3<f64>| -> f64 {
        if y <= base {
            dataset.po_pupils[[m, 0, pspan.index(y).expect("checked")]]
        } else {
            out[[m, Sector::PoBo.index(), (y - base) as usize]]
        }
    };
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
            let q0 = po_bo(m, base - lag, &out);
            for (yi, t) in years.years().enumerate() {
                let q = po_bo(m, t - lag, &out);
                out[[m, sector.index(), yi]] = if q0 > 0.0 { level * q / q0 } else { level };
            }
        }
    }
    Ok(out)
}

/// Base-year employment and shortage fte per municipality and sector.
///
/// Employment: the national figure of each sector group spread over
/// municipalities by po staff persons (per school type) and, for vo and mbo,
/// by vo pupils. Shortage: the measured % per arbeidsmarktregio, with the G5
/// cities at their own measured % and the rest of their region set so the
/// region still matches; po school types tilted by their national measured
/// % (`Dataset::po_type_shortage_pct`) so each municipality keeps its po
/// total.
pub(crate) fn base_workforce(
    dataset: &Dataset,
    params: &Params,
    notes: &mut Vec<String>,
) -> Result<(Array2<f64>, Array2<f64>)> {
    let n = dataset.n_municipalities();
    let base = params.base_year;
    let staff_span = dataset.po_staff_years;
    let staff_year = base.clamp(staff_span.first, staff_span.last);
    if staff_year != base {
        notes.push(format!(
            "po staff persons of {staff_year} weight the base-year ({base}) po employment"
        ));
    }
    let sy = staff_span.index(staff_year).expect("clamped");
    let vy = dataset.vo_pupil_years.index(base).expect("checked");

    let mut weight = Array2::zeros((n, Sector::ALL.len()));
    for m in 0..n {
        for (ti, s) in Sector::PO.iter().enumerate() {
            weight[[m, s.index()]] = dataset.po_staff[[m, ti, sy]];
        }
        weight[[m, Sector::Vo.index()]] = dataset.vo_pupils[[m, vy]];
        weight[[m, Sector::Mbo.index()]] = dataset.vo_pupils[[m, vy]];
    }
    let mut emp = Array2::zeros((n, Sector::ALL.len()));
    for g in SectorGroup::ALL {
        let cols: Vec<usize> = g.sectors().iter().map(|s| s.index()).collect();
        let total: f64 = cols.iter().map(|&c| weight.column(c).sum()).sum();
        if total <= 0.0 {
            return Err(TekortError::data(format!(
                "no base-year weights for sector group {g}"
            )));
        }
        let national = params.workforce.employment_fte.get(g).value;
        for &c in &cols {
            for m in 0..n {
                emp[[m, c]] = national * weight[[m, c]] / total;
            }
        }
    }

    let mut pct = Array2::zeros((n, Sector::ALL.len()));
    for g in [SectorGroup::Po, SectorGroup::Vo] {
        let group_emp: Array1<f64> = g
            .sectors()
            .iter()
            .map(|s| emp.column(s.index()).to_owned())
            .fold(Array1::zeros(n), |a, b| a + b);
        let muni_pct = calibrate_group(dataset, g, &group_emp, notes)?;
        for m in 0..n {
            for s in g.sectors() {
                pct[[m, s.index()]] = muni_pct[m];
            }
        }
    }
    // po school types: keep each municipality's po total, tilt by type.
    let f = dataset.po_type_shortage_pct;
    for m in 0..n {
        let e: f64 = Sector::PO.iter().map(|s| emp[[m, s.index()]]).sum();
        let fe: f64 = Sector::PO
            .iter()
            .enumerate()
            .map(|(t, s)| f[t] * emp[[m, s.index()]])
            .sum();
        if e > 0.0 && fe > 0.0 {
            let scale = e / fe;
            for (t, s) in Sector::PO.iter().enumerate() {
                pct[[m, s.index()]] *= f[t] * scale;
            }
        }
    }
    let mbo = params.workforce.mbo_shortage_pct.value;
    pct.column_mut(Sector::Mbo.index()).fill(mbo);
    let short = &pct * &emp / 100.0;
    Ok((emp, short))
}

/// Measured shortage % per municipality for one sector group.
fn calibrate_group(
    dataset: &Dataset,
    group: SectorGroup,
    emp: &Array1<f64>,
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
        let e_region: f64 = members.iter().map(|&i| emp[i]).sum();
        let cities: Vec<(usize, f64)> = members
            .iter()
            .filter_map(|&i| city_pct(i).map(|p| (i, p)))
            .collect();
        let e_cities: f64 = cities.iter().map(|&(i, _)| emp[i]).sum();
        let s_cities: f64 = cities.iter().map(|&(i, p)| p * emp[i]).sum();
        let e_rest = e_region - e_cities;
        let target = region * e_region;
        let mut rest = if e_rest > 0.0 {
            (target - s_cities) / e_rest
        } else {
            region
        };
        let mut city_scale = 1.0;
        if rest < 0.0 {
            // The city figures and the region figure cannot both hold: keep
            // the region figure, give the rest of the region no shortage and
            // scale the cities down to fit.
            city_scale = if s_cities > 0.0 {
                target / s_cities
            } else {
                0.0
            };
            let city_names: Vec<&str> = cities
                .iter()
                .map(|&(i, _)| munis[i].name.as_str())
                .collect();
            notes.push(format!(
                "{group}: the measured shortage of {} exceeds what {name}'s {region:.1} % allows with our employment weights; city scaled by {city_scale:.2}, rest of the region set to 0 %",
                city_names.join(", ")
            ));
            rest = 0.0;
        }
        for &i in &members {
            out[i] = rest;
        }
        for &(i, p) in &cities {
            out[i] = p * city_scale;
        }
    }
    Ok(out)
}

type GraduateProjection = (Array2<f64>, Vec<i32>, Array2<f64>, Array2<f64>);

/// Baseline graduates per route and projection year, nationally: published
/// where available, otherwise intake `lag_years` earlier × the completion
/// ratio observed where both are published; intake after the last
/// published year is the mean of the last three published years.
fn project_graduates(
    dataset: &Dataset,
    params: &Params,
    years: YearSpan,
    aow: f64,
    notes: &mut Vec<String>,
) -> Result<GraduateProjection> {
    let t = &dataset.training;
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

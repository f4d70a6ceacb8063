//! The anchor on the measured shortage: the measurement year of each
//! sector group, employment in the history run, and the calibration of
//! each group to its measurement.

use crate::domain::dataset::{Dataset, MeasuredArea, YearSpan};
use crate::domain::funding::funding_index;
use crate::domain::options::{Demography, PupilForecast};
use crate::domain::params::{interpolate_years, Params, YearValue};
use crate::domain::sector::{Sector, SectorGroup};
use crate::error::{Result, TekortError};
use crate::inputs::pupils::{apply_pupil_forecast, project_pupils};
use ndarray::{Array1, Array2, Array3, Axis};

/// The year of a sector group's latest measurement: the regional table
/// (po, vo) or else the national series.
pub(crate) fn measurement_year(dataset: &Dataset, group: SectorGroup) -> Result<i32> {
    measurement_year_of(dataset, group)
        .ok_or_else(|| TekortError::data(format!("no shortage measurement for {group}")))
}

/// As [`measurement_year`], `None` for a group without any measurement.
pub(crate) fn measurement_year_of(dataset: &Dataset, group: SectorGroup) -> Option<i32> {
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
}

/// The year of a sector group's latest shortage measurement of any kind
/// (regional table or national series): the history run follows observed
/// employment up to it.
pub(crate) fn latest_measurement_year(dataset: &Dataset, group: SectorGroup) -> Option<i32> {
    let national = dataset
        .national_shortage
        .iter()
        .filter(|m| m.group == group)
        .map(|m| m.year)
        .max();
    Some(measurement_year_of(dataset, group)?.max(national.unwrap_or(i32::MIN)))
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
    /// Warnings on a user's pupil forecast (gaps filled, jumps).
    pub(crate) warnings: Vec<String>,
}

/// Employment per municipality in `year`. po: the national employment of
/// the measurement year, spread by each municipality's share of DUO po
/// staff persons in that year, times the national staff index of `year`.
/// Staff persons are counted per institution (spread over its locations by
/// their pupils in the dataset) and jump when institutions merge (regional
/// changes of up to ±9 % between 2023 and 2025), so they weight the level
/// but only their national total moves it.
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
    // A municipality with pupils of a school type but no staff counted
    // there (a small location whose institution's staff rounded to none)
    // gets staff at the national staff per pupil of its type.
    let staff = effective_staff(dataset, staff_span.first + ymeas as i32);
    let po_national = params.workforce.employment_fte.po.value;
    let index = dataset.po_staff.index_axis(Axis(2), y).sum() / staff_meas;
    let vy = dataset.vo_pupil_years.index(base).expect("checked");
    let vo_total: f64 = dataset.vo_pupils.column(vy).sum();
    if vo_total <= 0.0 {
        return Err(TekortError::data("no vo pupils in the base year"));
    }
    let mut emp = Array2::zeros((n, Sector::ALL.len()));
    let staff_sum = staff.sum();
    for m in 0..n {
        for (ti, s) in Sector::PO.iter().enumerate() {
            emp[[m, s.index()]] = po_national * staff[[m, ti]] / staff_sum * index;
        }
        let w = dataset.vo_pupils[[m, vy]] / vo_total;
        emp[[m, Sector::Vo.index()]] = params.workforce.employment_fte.vo.value * w;
        emp[[m, Sector::Mbo.index()]] = params.workforce.employment_fte.mbo.value * w;
    }
    Ok(emp)
}

/// `(Σ x(m), Σ pupils(m))` over the `n` municipalities with pupils.
fn pupil_sums(n: usize, pupils: impl Fn(usize) -> f64, x: impl Fn(usize) -> f64) -> (f64, f64) {
    let (mut sum_x, mut sum_p) = (0.0, 0.0);
    for m in 0..n {
        let p = pupils(m);
        if p > 0.0 {
            sum_x += x(m);
            sum_p += p;
        }
    }
    (sum_x, sum_p)
}

/// A national quantity per pupil from [`pupil_sums`] (0 without pupils).
fn national_per_pupil(n: usize, pupils: impl Fn(usize) -> f64, x: impl Fn(usize) -> f64) -> f64 {
    match pupil_sums(n, pupils, x) {
        (sum_x, sum_p) if sum_p > 0.0 => sum_x / sum_p,
        _ => 0.0,
    }
}

/// DUO po staff persons `[municipality, school type]` in `year`, where a
/// municipality has pupils of a type but no staff of it, the pupils times
/// the national staff per pupil of the type.
fn effective_staff(dataset: &Dataset, year: i32) -> Array2<f64> {
    let n = dataset.n_municipalities();
    let ys = dataset.po_staff_years.index(year).expect("a staff year");
    let yp = dataset.po_pupil_years.index(year);
    let mut staff = dataset.po_staff.index_axis(Axis(2), ys).to_owned();
    let Some(yp) = yp else {
        return staff;
    };
    for ti in 0..Sector::PO.len() {
        // Over the municipalities with both staff and pupils of the type.
        let staffed = |m: usize| staff[[m, ti]] > 0.0;
        let (s, p) = pupil_sums(
            n,
            |m| {
                if staffed(m) {
                    dataset.po_pupils[[m, ti, yp]]
                } else {
                    0.0
                }
            },
            |m| staff[[m, ti]],
        );
        if p <= 0.0 {
            continue;
        }
        for m in 0..n {
            let pupils = dataset.po_pupils[[m, ti, yp]];
            if staff[[m, ti]] <= 0.0 && pupils > 0.0 {
                staff[[m, ti]] = pupils * s / p;
            }
        }
    }
    staff
}

/// Pupils, demand and employment per municipality over `span` (which must
/// contain the base year), with demand anchored to each measurement in its
/// own year.
///
/// For each sector group with measurement year `Y`: employment in `Y` per
/// municipality (see `employment_in`), the measured shortage % per
/// municipality (`measured_pct`), demand(Y) = employment(Y) × (1 + % / 100),
/// and demand in any other year = demand(Y) × pupils(year) / pupils(Y),
/// times the national factor of the other measurements (linear between
/// them) and, after the latest measurement, the funding index of the year
/// over that of the latest measurement ([`funding_index`]).
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
    // A group without any measurement (vo or mbo with data cut before
    // their first measurement) is not projected (`prepare` refuses it);
    // its inputs are carried from the base year.
    let meas: Vec<i32> = SectorGroup::ALL
        .iter()
        .map(|g| measurement_year_of(dataset, *g).unwrap_or(base))
        .collect();
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
    let mut warnings = Vec::new();
    if let Some(f) = pupil_forecast {
        apply_pupil_forecast(dataset, params, f, full, &mut pupils_full, &mut warnings)?;
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
            let per_pupil = national_per_pupil(
                n,
                |m| pupils_full[[m, k, ym]],
                |m| employment_full[[m, k, ym]],
            );
            for yi in 0..full.len() {
                if yi == ym {
                    continue;
                }
                let total: f64 = employment_full.index_axis(Axis(2), yi).column(k).sum();
                let mut weights = Array1::<f64>::zeros(n);
                for m in 0..n {
                    let p0 = pupils_full[[m, k, ym]];
                    weights[m] = if p0 > 0.0 {
                        employment_full[[m, k, ym]] * pupils_full[[m, k, yi]] / p0
                    } else {
                        // No pupils in the measurement year: its measured
                        // employment (staff counted there without pupils)
                        // is held, and pupils that come later (a location
                        // opened later) bring the national employment per
                        // pupil; as its demand below.
                        employment_full[[m, k, ym]] + per_pupil * pupils_full[[m, k, yi]]
                    };
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
            let mut demand_meas = Array1::<f64>::zeros(n);
            for m in 0..n {
                demand_meas[m] = employment_full[[m, k, ym]] * (1.0 + pct[[m, k]] / 100.0);
            }
            let national = national_per_pupil(n, |m| pupils_full[[m, k, ym]], |m| demand_meas[m]);
            for m in 0..n {
                let d_meas = demand_meas[m];
                let p_meas = pupils_full[[m, k, ym]];
                for yi in 0..full.len() {
                    let p = pupils_full[[m, k, yi]];
                    demand_full[[m, k, yi]] = if p_meas > 0.0 {
                        d_meas * p / p_meas
                    } else {
                        // No pupils in the measurement year: its measured
                        // demand (staff without pupils there) is held, and
                        // pupils that come later bring the national demand
                        // per pupil.
                        d_meas + national * p
                    };
                }
            }
        }
        // Every other national measurement anchors its own year: a
        // national factor on demand per pupil in that year (1 in the
        // regional table's year), linear between anchors, held before the
        // first and after the latest (demand per pupil of the latest
        // measurement carries the forecast).
        let mut anchors: Vec<(i32, f64)> = vec![(meas[gi], 1.0)];
        for nm in dataset
            .national_shortage
            .iter()
            .filter(|nm| nm.group == *g && nm.year != meas[gi] && full.index(nm.year).is_some())
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
            let points: Vec<YearValue> = anchors
                .iter()
                .map(|&(year, value)| YearValue { year, value })
                .collect();
            interpolate_years(&points, y)
        };
        // After the latest anchor, demand per pupil follows the money: the
        // funding index of the year over that of the anchor year (years up
        // to the anchor are carried by the measurements).
        let latest = anchors.last().map_or(meas[gi], |a| a.0);
        let index_latest = funding_index(&dataset.funding_path, *g, latest);
        for (yi, y) in full.years().enumerate() {
            let mut f = factor(y);
            if y > latest {
                f *= funding_index(&dataset.funding_path, *g, y) / index_latest;
            }
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
        warnings,
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
        if measurement_year_of(dataset, g).is_none() {
            continue; // not projected (see `anchored`)
        }
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
    let Some(y_mbo) = measurement_year_of(dataset, SectorGroup::Mbo) else {
        return Ok((pct, factors)); // mbo not projected (see `anchored`)
    };
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
    let year = measurement_year(dataset, group)?;
    // Each area's latest measurement: a region without one in the latest
    // table keeps its previous one (a user's table may add a few regions
    // of a later year); the national factor below sets the level of the
    // measurement year.
    let mut measured: Vec<_> = Vec::new();
    for m in dataset
        .measured_shortage
        .iter()
        .filter(|m| m.group == group && m.year <= year)
    {
        match measured
            .iter_mut()
            .find(|x: &&mut &crate::domain::dataset::MeasuredShortage| x.area == m.area)
        {
            Some(x) if x.year < m.year => *x = m,
            Some(_) => {}
            None => measured.push(m),
        }
    }
    // Areas of several municipalities (the G5 together, the rest of the
    // country, a drawn region) count where no regional table of the same
    // or a later year is known: a table is finer.
    let table_year = measured
        .iter()
        .filter(|m| !matches!(m.area, MeasuredArea::Municipalities { .. }))
        .map(|m| m.year)
        .max();
    let groups: Vec<(&[usize], f64)> = measured
        .iter()
        .filter_map(|m| match &m.area {
            MeasuredArea::Municipalities { members, .. }
                if table_year.is_none_or(|t| m.year > t) =>
            {
                Some((&members[..], m.pct))
            }
            _ => None,
        })
        .collect();
    measured.retain(|m| !matches!(m.area, MeasuredArea::Municipalities { .. }));
    if measured.is_empty() {
        // No regional table (data cut before it): every municipality
        // starts from the national figure of the year, or from that of
        // its area of several municipalities.
        let national = dataset
            .national_shortage
            .iter()
            .find(|m| m.group == group && m.year == year)
            .and_then(|m| m.pct)
            .ok_or_else(|| {
                TekortError::data(format!(
                    "no measured shortage % for sector group {group} in {year}"
                ))
            })?;
        notes.push(if groups.is_empty() {
            format!(
                "{group}: no regional shortage table up to {year}; every municipality starts from the national {national:.1} % of {year}"
            )
        } else {
            format!(
                "{group}: no regional shortage table up to {year}; the municipalities of {} measured area(s) of several municipalities start from their area's figure, the others from the national {national:.1} % of {year}",
                groups.len()
            )
        });
        let mut out = Array1::from_elem(munis.len(), national);
        apply_areas(&mut out, &groups, emp);
        return Ok(out);
    }
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
    apply_areas(&mut out, &groups, emp);
    Ok(out)
}

/// Scales the municipalities of each measured area of several
/// municipalities so that their employment-weighted % is the area's
/// figure (their differences kept); an area without employment gets the
/// figure itself.
fn apply_areas(out: &mut Array1<f64>, areas: &[(&[usize], f64)], emp: &Array1<f64>) {
    for &(members, pct) in areas {
        let (num, den) = members
            .iter()
            .fold((0.0, 0.0), |(n, d), &i| (n + out[i] * emp[i], d + emp[i]));
        let mean = if den > 0.0 { num / den } else { 0.0 };
        for &i in members {
            out[i] = if mean > 0.0 { out[i] * pct / mean } else { pct };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::funding::{FundKind, FundingEffect};

    fn fund(name: &str, group: SectorGroup, year: i32, pct: f64, kind: FundKind) -> FundingEffect {
        FundingEffect {
            fund: name.into(),
            group,
            announced: 2019,
            year,
            staff_per_pupil_pct: pct,
            kind,
        }
    }

    fn demand(ds: &Dataset, span: YearSpan) -> Array3<f64> {
        let params = Params::default();
        anchored(
            ds,
            &params,
            &Demography::default(),
            None,
            span,
            &mut Vec::new(),
        )
        .unwrap()
        .demand
    }

    #[test]
    fn funding_index_moves_demand_only_after_the_latest_measurement() {
        let plain = Dataset::synthetic(3);
        let y = measurement_year(&plain, SectorGroup::Po).unwrap();
        assert_eq!(y, 2025);
        let mut funded = plain.clone();
        funded.funding_path = vec![
            // Structural and flat since before the measurement: no change.
            fund("old", SectorGroup::Po, 2020, 5.0, FundKind::Structural),
            // Temporary and ended before it: no change either.
            fund("ended", SectorGroup::Po, 2024, 20.0, FundKind::Temporary),
            // New money after it: +4 % in 2027, +8 % from 2028 on.
            fund("new", SectorGroup::Po, 2027, 4.0, FundKind::Structural),
            fund("new", SectorGroup::Po, 2028, 8.0, FundKind::Structural),
        ];
        funded.validate().unwrap();
        let span = YearSpan::new(2020, 2030).unwrap();
        let (a, b) = (demand(&plain, span), demand(&funded, span));
        for (yi, year) in span.years().enumerate() {
            let want = match year {
                2027 => 1.04,
                2028.. => 1.08,
                _ => 1.0,
            };
            for m in 0..3 {
                for s in Sector::ALL {
                    let (x, z) = (a[[m, s.index(), yi]], b[[m, s.index(), yi]]);
                    let w = if s.group() == SectorGroup::Po {
                        want
                    } else {
                        1.0
                    };
                    assert!(
                        (z - x * w).abs() <= 1e-12 * x.abs(),
                        "{s} in {year}: {z} vs {x} × {w}"
                    );
                }
            }
        }
        assert!(a.iter().any(|&v| v > 0.0));
    }
}

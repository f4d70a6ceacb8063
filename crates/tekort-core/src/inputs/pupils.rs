//! Births spread over municipalities, the births path after the last
//! observed year, and pupils projected from them (or a user's forecast).

use crate::domain::dataset::{Dataset, YearSpan};
use crate::domain::options::{Demography, PupilForecast};
use crate::domain::params::Params;
use crate::domain::regions::table_row;
use crate::domain::sector::Sector;
use crate::error::{Result, TekortError};
use ndarray::{Array2, Array3};

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
pub(crate) fn observed_national(dataset: &Dataset, year: i32) -> Result<f64> {
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

/// A user's pupils that differ from the model's own in the first year they
/// replace, or from their own previous year, by more than this share (20 %)
/// are reported: a change of a fifth in a year is far beyond the yearly
/// changes of a region's pupils (a few %), so it is more likely a unit, a
/// typing or a region error than a forecast. An assumption, documented in
/// docs/method.md.
pub const MAX_PUPIL_JUMP_SHARE: f64 = 0.20;

/// At most this many pupil warnings of one kind are given one by one; the
/// rest are counted in the last.
const MAX_PUPIL_WARNINGS: usize = 5;

/// A series of a pupil forecast: the region and the sector indices summed.
type SeriesKey = (usize, Vec<usize>);

/// The name of the sectors of a row of a pupil forecast: `po` for the three
/// po types together, else the one sector.
pub(crate) fn sectors_label(sectors: &[Sector]) -> String {
    if sectors.len() > 1 {
        "po".to_string()
    } else {
        sectors.iter().map(|s| s.code()).collect()
    }
}

/// Warnings of one kind, at most [`MAX_PUPIL_WARNINGS`] one by one.
fn capped(mut kind: Vec<String>, what: &str) -> Vec<String> {
    if kind.len() > MAX_PUPIL_WARNINGS {
        let more = kind.len() - MAX_PUPIL_WARNINGS + 1;
        kind.truncate(MAX_PUPIL_WARNINGS - 1);
        kind.push(format!("… and {more} more {what}"));
    }
    kind
}

/// Scales each region's municipalities so their pupils meet a user's
/// forecast (years after the base year only). A region and sector whose
/// years have gaps gets the missing years interpolated linearly; what is
/// worth a second look is pushed on `warnings`: the gaps filled, a series
/// of one year, and pupils that jump by more than [`MAX_PUPIL_JUMP_SHARE`]
/// from the model's own in the first year they replace or from year to
/// year.
pub(crate) fn apply_pupil_forecast(
    dataset: &Dataset,
    params: &Params,
    f: &PupilForecast,
    span: YearSpan,
    pupils: &mut Array3<f64>,
    warnings: &mut Vec<String>,
) -> Result<()> {
    let bad = |reason: String| TekortError::InvalidPupils {
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
    // Each region, sector and year once: a duplicate row, or po beside one
    // of its types, would otherwise be applied twice (last row wins).
    let mut seen = std::collections::HashMap::with_capacity(f.rows.len() * 3);
    for (i, (region, sectors, year, _)) in f.rows.iter().enumerate() {
        for s in sectors {
            if let Some(first) = seen.insert((*region, s.index(), *year), i) {
                let name = f.regions.regions.get(*region).map_or("?", String::as_str);
                return Err(bad(format!(
                    "gives pupils twice for {name}, {s}, {year}: rows {} and {} (a duplicate row, or po beside one of its types po_bo, po_sbo, po_so_vso); give each region, sector and year once",
                    table_row(first),
                    table_row(i)
                )));
            }
        }
    }
    let base = params.base_year;
    // The series of each region and sectors, by year.
    let mut series: std::collections::BTreeMap<SeriesKey, Vec<(i32, f64)>> =
        std::collections::BTreeMap::new();
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
        let key = (*region, sectors.iter().map(|s| s.index()).collect());
        series.entry(key).or_default().push((*year, *value));
    }
    let (mut gaps, mut single, mut jumps) = (Vec::new(), Vec::new(), Vec::new());
    for ((region, ks), given) in &mut series {
        given.sort_by_key(|&(y, _)| y);
        let sectors: Vec<Sector> = ks.iter().map(|&k| Sector::ALL[k]).collect();
        let label = format!(
            "{}, {}",
            f.regions.regions[*region],
            sectors_label(&sectors)
        );
        if given.len() == 1 {
            let year = given[0].0;
            single.push(format!(
                "pupils {:?} give only {year} for {label}: that year alone replaces the model's pupils (the region's municipalities scaled to it); the years before and after keep the model's own, so the series may jump; give every year, or two to interpolate between",
                f.name
            ));
        }
        // Missing years between two given ones, interpolated linearly
        // (unless a year is given for one of these sectors in another row).
        let mut filled = Vec::new();
        for w in given.windows(2) {
            let ((y0, v0), (y1, v1)) = (w[0], w[1]);
            for y in y0 + 1..y1 {
                if ks.iter().all(|&k| !seen.contains_key(&(*region, k, y))) {
                    let t = f64::from(y - y0) / f64::from(y1 - y0);
                    filled.push((y, v0 + t * (v1 - v0)));
                    for &k in ks.iter() {
                        seen.insert((*region, k, y), usize::MAX);
                    }
                }
            }
        }
        if !filled.is_empty() {
            let years: Vec<String> = filled.iter().map(|(y, _)| y.to_string()).collect();
            gaps.push(format!(
                "pupils {:?} have no {} for {label}: interpolated linearly between the years around",
                f.name,
                years.join(", ")
            ));
            given.extend(filled);
            given.sort_by_key(|&(y, _)| y);
        }
    }
    for ((region, ks), given) in &series {
        let name = &f.regions.regions[*region];
        let members: Vec<usize> = (0..dataset.n_municipalities())
            .filter(|&m| f.regions.assignment[m] == *region)
            .collect();
        let sectors: Vec<Sector> = ks.iter().map(|&k| Sector::ALL[k]).collect();
        let label = format!("{name}, {}", sectors_label(&sectors));
        let mut previous: Option<(i32, f64)> = None;
        for &(year, value) in given {
            let Some(yi) = span.index(year) else {
                continue; // beyond `until`: not needed
            };
            let model: f64 = members
                .iter()
                .flat_map(|&m| ks.iter().map(move |&k| (m, k)))
                .map(|(m, k)| pupils[[m, k, yi]])
                .sum();
            let (against, what) = match previous {
                Some((y, v)) if y == year - 1 => (v, format!("the {v:.0} given for {y}")),
                Some(_) => (f64::NAN, String::new()),
                None => (
                    model,
                    format!("the model's own {model:.0} in the first year they replace"),
                ),
            };
            if against > 0.0 && (value / against - 1.0).abs() > MAX_PUPIL_JUMP_SHARE {
                jumps.push(format!(
                    "pupils {:?} for {label} in {year}: {value:.0} differs by {:+.1} % from {what} (more than {:.0} %: a unit, typing or region error?)",
                    f.name,
                    100.0 * (value / against - 1.0),
                    100.0 * MAX_PUPIL_JUMP_SHARE
                ));
            }
            previous = Some((year, value));
            if model <= 0.0 {
                if value > 0.0 {
                    return Err(bad(format!(
                        "gives {value} pupils for {name} in {year}, where the model has no schools to put them in"
                    )));
                }
                continue;
            }
            let factor = value / model;
            for &m in &members {
                for &k in ks {
                    pupils[[m, k, yi]] *= factor;
                }
            }
        }
    }
    let jumps_of = format!("jumps of more than {:.0} %", 100.0 * MAX_PUPIL_JUMP_SHARE);
    warnings.extend(capped(jumps, &jumps_of));
    warnings.extend(capped(gaps, "series with gaps"));
    warnings.extend(capped(single, "series of one year"));
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

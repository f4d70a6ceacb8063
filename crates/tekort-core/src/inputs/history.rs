//! The history run of the age structure: each sector group's measured age
//! profile is rolled forward from its own year to the base year with the
//! model's hazards, the AOW age of each year and the observed inflow.
//!
//! A measured profile describes its own year (po: StaMOS 2016, when the AOW
//! age was 65.5; vo: StaMOS all of education 2015; mbo: DUO 2019). Used
//! as-is for a later base year it leaves almost nobody aged 65–66 under an
//! AOW age of 67, and the first forecast years show a retirement dip that
//! is an artefact. Rolling the profile through the observed years removes
//! it: the people who were 60 in 2016 are 69 in 2025, and each year's
//! leavers and entrants reshape the profile as they did.

use ndarray::Array1;

use crate::domain::dataset::{Dataset, TrainingHistory, YearSpan};
use crate::domain::params::{aow_age_in, interpolate_years, Params, AGE_MIN, N_AGES};
use crate::domain::scenario::ActiveLevers;
use crate::domain::sector::SectorGroup;
use crate::error::{Result, TekortError};
use crate::inputs::anchor::employment_in;
use crate::inputs::profiles::{age_distribution, fte_profile};
use crate::inputs::rates::Hazards;
use crate::inputs::training::project_graduates;

/// National employment of a sector group in `year`: the sum of
/// `employment_in` (po: the measured employment times DUO's staff index;
/// vo, mbo: level, as no staff series is published for them).
fn employment_level(
    dataset: &Dataset,
    params: &Params,
    group: SectorGroup,
    year: i32,
) -> Result<f64> {
    let e = employment_in(dataset, params, year, &mut Vec::new())?;
    Ok(group
        .sectors()
        .iter()
        .map(|s| e.column(s.index()).sum())
        .sum())
}

/// The measured profile of `group` in `year` as persons by single age for
/// `fte` total fte; ages at or past that year's AOW age are left out.
fn initial_persons(
    dataset: &Dataset,
    params: &Params,
    group: SectorGroup,
    year: i32,
    fte: f64,
) -> Result<Array1<f64>> {
    let profile = dataset
        .teacher_fte_age
        .iter()
        .find(|p| p.group == group && p.year == year)
        .ok_or_else(|| TekortError::data(format!("no {group} age profile for {year}")))?;
    let aow = aow_age_in(&params.outflow.aow_age, year);
    let mut share = Array1::<f64>::zeros(N_AGES);
    for band in &profile.bands {
        let ages: Vec<usize> = (band.from.max(AGE_MIN)..=band.to.min(AGE_MIN + N_AGES - 1))
            .filter(|&a| (a as f64) + 1.0 <= aow)
            .collect();
        for &a in &ages {
            share[a - AGE_MIN] += band.share_pct / ages.len() as f64;
        }
    }
    let total = share.sum();
    if total <= 0.0 {
        return Err(TekortError::data(format!(
            "the {group} age profile of {year} has no share below the AOW age"
        )));
    }
    let fte_per = fte_profile(params);
    let gi = group as usize;
    Ok(Array1::from_shape_fn(N_AGES, |i| {
        fte * share[i] / total / fte_per[[gi, i]]
    }))
}

/// Rolls the measured profile of `group` in `from` forward to `to`
/// (nationally, no scenario levers): returns the fte share by age in every
/// year `from..=to` (each sums to 1).
///
/// Each year: the hazards of the engine (including the AOW age of that
/// year) remove leavers, the rest age one year, and entrants fill the
/// change of the employment level (po: DUO staff persons; vo, mbo: level)
/// with the age mix of that year's observed inflow: graduates per route
/// (published, else intake × completion), zij-instromers
/// (`inflow.zij_instroom_observed`) and returners.
pub fn roll_age_structure(
    dataset: &Dataset,
    params: &Params,
    group: SectorGroup,
    from: i32,
    to: i32,
) -> Result<Vec<(i32, Array1<f64>)>> {
    let level = |y: i32| employment_level(dataset, params, group, y);
    roll_age_structure_with(dataset, params, group, from, to, &dataset.training, &level)
}

/// [`roll_age_structure`] with the employment level of each year and the
/// training tables given (the backtests pass what was known at a cutoff).
/// Only changes of `level` matter, not its scale.
pub(crate) fn roll_age_structure_with(
    dataset: &Dataset,
    params: &Params,
    group: SectorGroup,
    from: i32,
    to: i32,
    training: &TrainingHistory,
    level: &dyn Fn(i32) -> Result<f64>,
) -> Result<Vec<(i32, Array1<f64>)>> {
    let gi = group as usize;
    let fte = fte_profile(params);
    let mut persons = initial_persons(dataset, params, group, from, level(from)?)?;
    let share_of = |p: &Array1<f64>| -> Array1<f64> {
        let f = Array1::from_shape_fn(N_AGES, |i| p[i] * fte[[gi, i]]);
        let t = f.sum();
        if t > 0.0 {
            f / t
        } else {
            f
        }
    };
    let mut out = vec![(from, share_of(&persons))];
    if to <= from {
        return Ok(out);
    }
    let span = YearSpan::new(from, to)?;
    let aow_to = aow_age_in(&params.outflow.aow_age, to);
    let (grads, _, entry, route_age) =
        project_graduates(training, params, span, aow_to, &mut Vec::new())?;
    let zij_age = age_distribution(params.inflow.zij_instroom_age, aow_to);
    let ret_age = age_distribution(params.inflow.returners_age, aow_to);
    let neutral = [ActiveLevers::NEUTRAL; 3];
    let mut h = Hazards::new();
    let mut next = Array1::<f64>::zeros(N_AGES);
    let mut mix = Array1::<f64>::zeros(N_AGES);
    for y in from..to {
        let y1 = y + 1;
        let yi1 = (y1 - from) as usize;
        h.fill(params, &params.outflow.aow_age, y1, &neutral, false);
        next.fill(0.0);
        for i in 0..N_AGES - 1 {
            let n = persons[i];
            if n > 0.0 {
                next[i + 1] += n - h.exits(gi, i, n, 0.0).total();
            }
        }
        // Entrants' age mix in persons.
        mix.fill(0.0);
        for r in 0..grads.nrows() {
            let g = grads[[r, yi1]] * entry[[r, gi]];
            mix.scaled_add(g, &route_age.row(r));
        }
        let zij = interpolate_years(&params.inflow.zij_instroom_observed, y1)
            * params.inflow.zij_instroom_share.get(group).value;
        mix.scaled_add(zij, &zij_age);
        let ret = params.inflow.returners_rate.get(group).value * persons.sum();
        mix.scaled_add(ret, &ret_age);
        let target = level(y1)?;
        let present: f64 = (0..N_AGES).map(|i| next[i] * fte[[gi, i]]).sum();
        let mix_fte: f64 = (0..N_AGES).map(|i| mix[i] * fte[[gi, i]]).sum();
        let need = target - present;
        if need >= 0.0 && mix_fte > 0.0 {
            next.scaled_add(need / mix_fte, &mix);
        } else if present > 0.0 {
            next *= target / present;
        }
        std::mem::swap(&mut persons, &mut next);
        out.push((y1, share_of(&persons)));
    }
    Ok(out)
}

/// The age structure of `group` in the base year: its latest measured
/// profile at or before the base year, rolled forward (see
/// [`roll_age_structure`]).
pub(crate) fn age_structure(
    dataset: &Dataset,
    params: &Params,
    group: SectorGroup,
    base: i32,
    notes: &mut Vec<String>,
) -> Result<Vec<(i32, Array1<f64>)>> {
    let years: Vec<i32> = dataset
        .teacher_fte_age
        .iter()
        .filter(|p| p.group == group)
        .map(|p| p.year)
        .collect();
    let from = years
        .iter()
        .copied()
        .filter(|&y| y <= base)
        .max()
        .or_else(|| years.iter().copied().min())
        .ok_or_else(|| TekortError::data(format!("no {group} age profile")))?;
    if from > base {
        notes.push(format!(
            "{}: the earliest age profile ({from}) is later than the base year ({base}); used as it is",
            group.code()
        ));
        return roll_age_structure(dataset, params, group, from, from);
    }
    roll_age_structure(dataset, params, group, from, base)
}

/// Share (%) of fte aged 55 and over in an fte-share-by-age vector.
pub fn share_55plus(shares: &Array1<f64>) -> f64 {
    100.0 * (55 - AGE_MIN..N_AGES).map(|i| shares[i]).sum::<f64>() / shares.sum().max(1e-300)
}

//! The data as known at the end of a year: `--cutoff`, and the start of
//! every engine backtest.
//!
//! [`as_of`] drops every observation of a later year from the dataset
//! (pupils, staff, births, population, training, age profiles, shortage
//! measurements, published forecasts of a later vintage, school boards,
//! policy funds announced later),
//! replaces birth projections published after the cutoff by tekort's own
//! births method at the cutoff, and moves the parameters' base year to the
//! cutoff. What the model then computes for the years after the cutoff
//! uses nothing of them: `crates/tekort-polars/tests/cutoff.rs` multiplies
//! every later observation by ten, adds a fund announced after the cutoff,
//! and checks that the forecast does not change.

use ndarray::s;

use crate::domain::dataset::{BirthsPath, Dataset, YearSpan};
use crate::domain::params::{interpolate_years, Params};
use crate::domain::sector::{Sector, SectorGroup};
use crate::error::{Result, TekortError};
use crate::inputs::anchor::measurement_year_of;
use crate::inputs::births::births_method;

/// Last year of the births path that replaces projections published after
/// the cutoff.
const BIRTHS_UNTIL: i32 = 2100;

/// The dataset and parameters as known at the end of a cutoff year.
#[derive(Debug, Clone, PartialEq)]
pub struct AsOf {
    /// The cutoff year: the base year of a run on this data.
    pub cutoff: i32,
    /// The dataset without any observation after the cutoff.
    pub dataset: Dataset,
    /// The parameters with the base year at the cutoff and the observed
    /// zij-instroom of later years dropped.
    pub params: Params,
    /// The sectors that can be projected: those whose sector group has a
    /// shortage measurement up to the cutoff (and, for vo and mbo, vo
    /// pupils observed in the cutoff year).
    pub sectors: Vec<Sector>,
    /// What was dropped or replaced.
    pub notes: Vec<String>,
}

/// The dataset and parameters as known at the end of `cutoff`: the whole
/// model, labour market included, with data up to that year only, as the
/// backtests use it. See the module documentation.
///
/// The cutoff must lie between the first year of the history run (the
/// earliest po shortage measurement) and the base year of `params`.
///
/// ```
/// use tekort_core::{data::as_of, data::Dataset, params::Params, sector::Sector};
/// # fn run(ds: &Dataset) -> tekort_core::Result<()> {
/// let cut = as_of(ds, &Params::default(), 2023)?;
/// assert_eq!(cut.params.base_year, 2023);
/// assert!(cut.dataset.national_shortage.iter().all(|m| m.year <= 2023));
/// assert!(cut.sectors.contains(&Sector::PoBo));
/// # Ok(()) }
/// ```
pub fn as_of(dataset: &Dataset, params: &Params, cutoff: i32) -> Result<AsOf> {
    let first_po = dataset
        .national_shortage
        .iter()
        .filter(|m| m.group == SectorGroup::Po)
        .map(|m| m.year)
        .chain(
            dataset
                .measured_shortage
                .iter()
                .filter(|m| m.group == SectorGroup::Po)
                .map(|m| m.year),
        )
        .min()
        .ok_or_else(|| TekortError::data("no po shortage measurement to start from"))?;
    if cutoff < first_po || cutoff > params.base_year {
        return Err(TekortError::YearOutOfRange {
            what: "cutoff".into(),
            year: cutoff,
            min: first_po,
            max: params.base_year,
        });
    }
    let mut notes = Vec::new();
    let mut ds = dataset.clone();

    let po_pupil_years = cut_span(ds.po_pupil_years, cutoff, "po_pupils")?;
    ds.po_pupils = ds
        .po_pupils
        .slice(s![.., .., ..po_pupil_years.len()])
        .to_owned();
    ds.po_pupil_years = po_pupil_years;
    let po_staff_years = cut_span(ds.po_staff_years, cutoff, "po_staff")?;
    ds.po_staff = ds
        .po_staff
        .slice(s![.., .., ..po_staff_years.len()])
        .to_owned();
    ds.po_staff_years = po_staff_years;
    let vo_observed = ds.vo_pupil_years.first <= cutoff;
    if vo_observed {
        let years = cut_span(ds.vo_pupil_years, cutoff, "vo_pupils")?;
        ds.vo_pupils = ds.vo_pupils.slice(s![.., ..years.len()]).to_owned();
        ds.vo_pupil_years = years;
    } else {
        // No vo pupils observed by the cutoff: vo and mbo are not
        // projected, and the vo inputs the engine still reads are a
        // stand-in from the cutoff's own data (regular primary pupils);
        // no po output depends on them.
        notes.push(format!(
            "vo, mbo: vo pupils are observed from {} only; with data up to {cutoff} vo and mbo are left out",
            ds.vo_pupil_years.first
        ));
        let ci = ds.po_pupil_years.index(cutoff).expect("cut to the cutoff");
        ds.vo_pupils = ds
            .po_pupils
            .slice(s![.., 0, ci..=ci])
            .to_owned()
            .into_shape_with_order((ds.n_municipalities(), 1))
            .map_err(|e| TekortError::data(e.to_string()))?;
        ds.vo_pupil_years = YearSpan::new(cutoff, cutoff)?;
    }
    if ds.birth_years.last > cutoff {
        let years = cut_span(ds.birth_years, cutoff, "births")?;
        ds.births = ds.births.slice(s![.., ..years.len()]).to_owned();
        ds.population = ds.population.slice(s![.., ..years.len()]).to_owned();
        ds.birth_years = years;
    }
    ds.measured_shortage.retain(|m| m.year <= cutoff);
    ds.national_shortage.retain(|m| m.year <= cutoff);
    ds.teacher_fte_age.retain(|p| p.year <= cutoff);
    ds.official_forecasts.retain(|f| f.vintage <= cutoff);
    ds.board_pupils.retain(|b| b.year <= cutoff);
    // Funds announced after the cutoff were not known at it; the effects
    // of a known fund in later years are its plan, and stay.
    ds.funding_path.retain(|f| f.known_at(cutoff));
    if let Some(t) = crate::inputs::training::training_until(&ds.training, cutoff) {
        ds.training = t;
    }
    if let Some(w) = ds.women.take() {
        if w.years.first <= cutoff {
            let years = cut_span(w.years, cutoff, "women")?;
            ds.women = Some(crate::domain::dataset::PopulationByAge {
                persons: w.persons.slice(s![.., ..years.len()]).to_owned(),
                bands: w.bands,
                years,
            });
        }
    }
    // National births: the observed path up to the cutoff; projections
    // that start after the cutoff were published later and give way to
    // tekort's births method at the cutoff (as `medium`).
    let mut births = Vec::new();
    let mut replaced = false;
    for p in &ds.births_national {
        if p.variant == "observed" {
            let keep = (cutoff - p.first_year + 1).clamp(0, p.births.len() as i32) as usize;
            births.push(BirthsPath {
                variant: p.variant.clone(),
                first_year: p.first_year,
                births: p.births[..keep].to_vec(),
            });
        } else if p.first_year <= cutoff {
            births.push(p.clone());
        } else {
            replaced = true;
        }
    }
    ds.births_national = births;
    if replaced {
        let (last, path) = births_method(&ds, cutoff, BIRTHS_UNTIL)?;
        notes.push(format!(
            "births: the published projections start after {cutoff}; births after {last} follow tekort's births method at {cutoff} (variant medium only)"
        ));
        ds.births_national.push(BirthsPath {
            variant: "medium".into(),
            first_year: last + 1,
            births: path,
        });
    }

    let mut p = params.clone();
    p.base_year = cutoff;
    notes.extend(rebase_employment(dataset, &ds, &mut p));
    let observed = &mut p.inflow.zij_instroom_observed;
    observed.retain(|v| v.year <= cutoff);
    if !observed.is_empty() {
        let level = interpolate_years(observed, cutoff);
        if level != p.inflow.zij_instroom_persons.value {
            notes.push(format!(
                "zij-instroom: the forecast holds {level:.0} persons a year, the latest level known at {cutoff}"
            ));
        }
        p.inflow.zij_instroom_persons.value = level;
    }

    let sectors: Vec<Sector> = Sector::ALL
        .iter()
        .copied()
        .filter(|s| {
            measurement_year_of(&ds, s.group()).is_some()
                && (vo_observed || s.group() == SectorGroup::Po)
        })
        .collect();
    for g in SectorGroup::ALL {
        if vo_observed && measurement_year_of(&ds, g).is_none() {
            notes.push(format!(
                "{g}: no shortage measurement up to {cutoff}; {g} is left out"
            ));
        }
    }
    if !vo_observed {
        // The stand-in vo pupils must not anchor anything.
        ds.measured_shortage.retain(|m| m.group == SectorGroup::Po);
        ds.national_shortage.retain(|m| m.group == SectorGroup::Po);
    }
    Ok(AsOf {
        cutoff,
        dataset: ds,
        params: p,
        sectors,
        notes,
    })
}

/// `workforce.employment_fte` of po and vo is their national employment in
/// the year of their regional measurement (the default: October 2023's
/// measured fte over its %). When `after` (a dataset cut at a cutoff, or
/// with a user's measurements) moves that year from `before`'s, the
/// employment becomes the new year's national measured fte over its %.
/// Returns a note per change.
pub fn rebase_employment(before: &Dataset, after: &Dataset, p: &mut Params) -> Vec<String> {
    let mut notes = Vec::new();
    for g in [SectorGroup::Po, SectorGroup::Vo] {
        let (Some(y_before), Some(y_after)) = (
            measurement_year_of(before, g),
            measurement_year_of(after, g),
        ) else {
            continue;
        };
        if y_before == y_after {
            continue;
        }
        let Some((fte, pct)) = after
            .national_shortage
            .iter()
            .find(|m| m.group == g && m.year == y_after)
            .and_then(|m| m.pct.filter(|&x| x > 0.0).map(|x| (m.fte, x)))
        else {
            notes.push(format!(
                "{g}: the measurement year moved from {y_before} to {y_after}, which has no national fte and %: workforce.employment_fte.{} is kept as that year's employment",
                g.code()
            ));
            continue;
        };
        let employment = 100.0 * fte / pct;
        notes.push(format!(
            "{g}: employment in {y_after}, the measurement year, is its measured {fte:.0} fte / {pct} % = {employment:.0} fte"
        ));
        p.workforce.employment_fte.get_mut(g).value = employment;
    }
    notes
}

/// `span` cut to end at `cutoff` (an error when it starts after it).
fn cut_span(span: YearSpan, cutoff: i32, what: &str) -> Result<YearSpan> {
    if span.first > cutoff {
        return Err(TekortError::YearOutOfRange {
            what: format!("cutoff (the first year of {what})"),
            year: cutoff,
            min: span.first,
            max: span.last,
        });
    }
    YearSpan::new(span.first, span.last.min(cutoff))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::dataset::NationalShortage;
    use crate::domain::funding::{funding_index, FundKind, FundingEffect};

    #[test]
    fn a_cutoff_hides_the_funds_announced_after_it() {
        let mut ds = Dataset::synthetic(2);
        ds.national_shortage.push(NationalShortage {
            group: SectorGroup::Po,
            year: 2022,
            pct: Some(8.0),
            fte: 16.0,
        });
        let fund = |name: &str, announced: i32, year: i32| FundingEffect {
            fund: name.into(),
            group: SectorGroup::Po,
            announced,
            year,
            staff_per_pupil_pct: 5.0,
            kind: FundKind::Structural,
        };
        // Known in 2022, its money comes later: it stays.
        ds.funding_path = vec![fund("known", 2022, 2026), fund("later", 2023, 2024)];
        ds.validate().unwrap();
        let cut = as_of(&ds, &Params::default(), 2022).unwrap();
        let funds: Vec<&str> = cut
            .dataset
            .funding_path
            .iter()
            .map(|f| f.fund.as_str())
            .collect();
        assert_eq!(funds, ["known"]);
        assert_eq!(
            funding_index(&cut.dataset.funding_path, SectorGroup::Po, 2030),
            1.05
        );
        let all = as_of(&ds, &Params::default(), 2023).unwrap();
        assert_eq!(all.dataset.funding_path.len(), 2);
    }
}

//! A tiny synthetic dataset whose projections can be computed by hand.

use tekort_core::{data::*, params::*, sector::*};

/// One or more municipalities, one arbeidsmarktregio per municipality.
/// Each has 160 bo pupils in every year (when births are flat at 20), 50
/// bo staff, 100 vo pupils; measured shortage po 10 %, vo 5 % in the base
/// year 2025, so the run has no history years (`with_history` adds them).
#[allow(dead_code)]
pub(crate) fn tiny_dataset(n: usize, births: &[f64]) -> Dataset {
    Dataset::synthetic_with_births(n, births)
}

/// Parameters that make the engine easy to follow by hand: fte 1 per
/// person, 10 % attrition at every age and nothing else leaving, no
/// graduates or zij-instroom; a stille reserve of 5 % of the headcount
/// that searches in full every year, never leaves, and gains nobody.
#[allow(dead_code)]
pub(crate) fn hand_params() -> Params {
    let mut p = Params::default();
    p.workforce.employment_fte = PerGroup {
        po: 100.0.into(),
        vo: 50.0.into(),
        mbo: 20.0.into(),
    };
    for g in SectorGroup::ALL {
        *p.hours.fte_per_person.get_mut(g) = ByAgeBand::uniform(1.0.into());
        *p.outflow.attrition.get_mut(g) = ByAgeBand::uniform(0.1.into());
    }
    p.outflow.early_retirement_from_60 = vec![0.0.into()];
    p.outflow.death_disability_at_20 = 0.0.into();
    p.inflow.training = vec![TrainingRoute {
        training: "pabo".into(),
        lag_years: 4,
        entry: PerGroup {
            po: 0.0.into(),
            vo: 0.0.into(),
            mbo: 0.0.into(),
        },
        age: AgeProfile {
            mean: 23.0,
            sd: 2.0,
        },
    }];
    p.inflow.zij_instroom_persons = 0.0.into();
    p.inflow.zij_instroom_observed = Vec::new();
    p.inflow.returners_rate = PerGroup {
        po: 0.05.into(),
        vo: 0.05.into(),
        mbo: 0.05.into(),
    };
    p.market.reserve_search_rate = 1.0.into();
    p.market.reserve_exit_rate = 0.0.into();
    p.market.attrition_to_reserve = 0.0.into();
    p
}

/// The tiny dataset with its measurements two years before the base year,
/// so the run has the history years 2023 and 2024.
#[allow(dead_code)]
pub(crate) fn with_history(mut ds: Dataset) -> Dataset {
    for m in &mut ds.measured_shortage {
        m.year = 2023;
    }
    for m in &mut ds.national_shortage {
        m.year = 2023;
    }
    ds
}

//! Age and hours profiles: the age distributions of entrants and the fte
//! per person by age.

use crate::domain::params::{AgeProfile, Params, AGE_MIN, N_AGES};
use crate::domain::sector::SectorGroup;
use ndarray::{Array1, Array2};
use statrs::distribution::{ContinuousCDF, Normal};
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

//! The labour market's functions: where movers and entrants go, the
//! matching of openings and candidates, and the substitute pool.

use ndarray::{Array2, ArrayView2};

use crate::domain::params::Params;
use crate::domain::sector::SectorGroup;

/// A teacher changes school with probability `move_rate`; the new school
/// lies in region r' with probability w_r', so only the share (1 − w_r) of
/// changes leaves the region. This keeps gross moves proportionate to region
/// size in any region system. Zero with one region, or for a region holding
/// (almost) all the weight, whose movers would have nowhere to go.
pub(crate) fn leave_share(n_regions: usize, weight: f64) -> f64 {
    let share = 1.0 - weight;
    if n_regions > 1 && share > 1e-9 {
        share
    } else {
        0.0
    }
}

/// Placement weights `[region, sector]`: where movers and national entrant
/// pools go. A blend of each region's share of employment and (with weight
/// `lambda`) its share of the positive shortage.
pub(crate) fn placement_weights(
    employment: &ArrayView2<f64>,
    shortage: &Array2<f64>,
    lambda: f64,
    weights: &mut Array2<f64>,
) {
    let (nr, ns) = employment.dim();
    for si in 0..ns {
        let e_tot: f64 = (0..nr).map(|r| employment[[r, si]]).sum();
        let s_tot: f64 = (0..nr).map(|r| shortage[[r, si]].max(0.0)).sum();
        for r in 0..nr {
            let e_share = if e_tot > 0.0 {
                employment[[r, si]] / e_tot
            } else {
                1.0 / nr as f64
            };
            let s_share = if s_tot > 0.0 {
                shortage[[r, si]].max(0.0) / s_tot
            } else {
                e_share
            };
            weights[[r, si]] = (1.0 - lambda) * e_share + lambda * s_share;
        }
    }
}

/// Unfilled substitution requests with `requests` and pool `capacity`:
/// a smooth matching function, filled = C (1 − e^(−R/C)).
pub(crate) fn unfilled_requests(requests: f64, capacity: f64) -> f64 {
    if requests <= 0.0 {
        0.0
    } else if capacity <= 0.0 {
        requests
    } else {
        requests - capacity * (1.0 - (-requests / capacity).exp())
    }
}

/// How much of its normal capacity the substitute pool keeps at a shortage:
/// substitutes take regular vacancies when the shortage is high.
pub(crate) fn pool_factor(params: &Params, shortage: f64, employment: f64) -> f64 {
    let share = if employment > 0.0 {
        shortage.max(0.0) / employment
    } else {
        0.0
    };
    (1.0 - params.replacement.shortage_sensitivity.value * share).max(0.05)
}

pub(crate) fn requests(params: &Params, group: SectorGroup, teachers: f64, leavers: f64) -> f64 {
    let r = &params.replacement;
    r.notifications_per_teacher.get(group).value * r.substitute_share.value * teachers
        + r.interim_per_leaver.value * leavers
}

/// The matching function: hires from `openings` and `candidates` (both in
/// fte), `(o^-k + c^-k)^(-1/k)`; zero when either is zero, below both, and
/// close to the smaller when they differ much.
pub(crate) fn matching(openings: f64, candidates: f64, k: f64) -> f64 {
    if openings <= 0.0 || candidates <= 0.0 {
        return 0.0;
    }
    // (o^-k + c^-k)^(-1/k) = lo (1 + (lo / hi)^k)^(-1/k), lo and hi the
    // smaller and the larger of the two.
    let (lo, hi) = (openings.min(candidates), openings.max(candidates));
    let r = lo / hi;
    if k == 4.0 {
        // The default sharpness in closed form (no `powf`, the engine's
        // costliest call): (1 + r⁴)^(1/4).
        let r2 = r * r;
        lo / (1.0 + r2 * r2).sqrt().sqrt()
    } else {
        lo / (1.0 + r.powf(k)).powf(1.0 / k)
    }
}

#[cfg(test)]
mod tests {
    use super::matching;

    /// The definition, `(o^-k + c^-k)^(-1/k)`, computed directly.
    fn definition(o: f64, c: f64, k: f64) -> f64 {
        (o.powf(-k) + c.powf(-k)).powf(-1.0 / k)
    }

    #[test]
    fn matching_is_its_definition_below_both_and_zero_without_either() {
        for k in [4.0, 2.0, 3.0, 6.5] {
            for (o, c) in [(100.0, 80.0), (3.0, 3000.0), (5e4, 4.9e4), (1e-3, 2.0)] {
                let m = matching(o, c, k);
                let d = definition(o, c, k);
                assert!(
                    (m - d).abs() <= 1e-13 * d,
                    "k {k}, o {o}, c {c}: {m} vs {d}"
                );
                assert!(m <= o.min(c) && m > 0.0);
                assert_eq!(m, matching(c, o, k), "symmetric");
            }
            assert_eq!(matching(0.0, 5.0, k), 0.0);
            assert_eq!(matching(5.0, -1.0, k), 0.0);
        }
    }
}

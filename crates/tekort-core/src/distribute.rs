//! From the market regions down to municipalities and up to any region
//! system.
//!
//! The engine runs on the 35 arbeidsmarktregio's. Each municipality keeps
//! its own pupils and demand, and its measured difference from its market
//! region: its unfilled share of demand is its market region's unfilled
//! share times a fixed factor `κ_m` (its own measured unfilled share over
//! the region's, in the base year). Employment is then shared within the
//! market region in proportion to `demand_m × (1 − κ_m × u_R(t))`, so it
//! adds up exactly to the market's; every flow and count is shared like
//! employment. Vacancies and hidden shortage are recomputed from each
//! municipality's own shortage. Any region system is a sum of
//! municipalities, so the nation is the same under every region system.

use ndarray::{Array2, Array3, ArrayView4, ArrayViewMut4};

use crate::params::{Params, N_AGES};
use crate::prepare::Prepared;
use crate::projection::{fill_ratios, Variable as V, N_VARIABLES};
use crate::regions::RegionSystem;

/// Per market region, sector and year: each municipality's share of the
/// market's employment `[municipality, sector, year]` and its demand.
fn municipal_shares(prep: &Prepared, market: &ArrayView4<f64>) -> (Array3<f64>, Array3<f64>) {
    let n = prep.market_of.len();
    let (nr, ns, ny, _) = market.dim();
    let mut share = Array3::zeros((n, ns, ny));
    let mut demand = Array3::zeros((n, ns, ny));
    let mut total = Array3::<f64>::zeros((nr, ns, ny));
    let mut count = Array2::<f64>::zeros((nr, 1));
    for &r in &prep.market_of {
        count[[r, 0]] += 1.0;
    }
    for (m, &r) in prep.market_of.iter().enumerate() {
        for si in 0..ns {
            for yi in 0..ny {
                let d_r = market[[r, si, yi, V::DemandFte.index()]];
                let e_r = market[[r, si, yi, V::EmploymentFte.index()]];
                let d_prep = prep.demand[[r, si, yi]];
                let lever = if d_prep > 0.0 { d_r / d_prep } else { 1.0 };
                let d_m = prep.muni_demand[[m, si, yi]] * lever;
                let u_r = if d_r > 0.0 { 1.0 - e_r / d_r } else { 0.0 };
                let target = (d_m * (1.0 - prep.muni_gap[[m, si]] * u_r)).max(0.0);
                demand[[m, si, yi]] = d_m;
                share[[m, si, yi]] = target;
                total[[r, si, yi]] += target;
            }
        }
    }
    for (m, &r) in prep.market_of.iter().enumerate() {
        for si in 0..ns {
            for yi in 0..ny {
                let t = total[[r, si, yi]];
                share[[m, si, yi]] = if t > 0.0 {
                    share[[m, si, yi]] / t
                } else {
                    1.0 / count[[r, 0]]
                };
            }
        }
    }
    (share, demand)
}

/// One scenario's values `[region, sector, year, variable]` and its
/// workforce by age (persons, fte) `[region, sector, year, age]`.
pub(crate) struct Run<V> {
    pub(crate) values: V,
    pub(crate) heads: V,
    pub(crate) fte: V,
}

/// Carries one scenario's market results to the regions of `regions`
/// through the municipalities (the output is zeroed first).
pub(crate) fn to_regions(
    prep: &Prepared,
    params: &Params,
    regions: &RegionSystem,
    from: Run<ArrayView4<f64>>,
    to: Run<ArrayViewMut4<f64>>,
) {
    let (market, market_heads, market_fte) = (from.values, from.heads, from.fte);
    let (mut out, mut heads, mut fte) = (to.values, to.heads, to.fte);
    out.fill(0.0);
    heads.fill(0.0);
    fte.fill(0.0);
    let (_, ns, ny, _) = market.dim();
    let (share, demand) = municipal_shares(prep, &market);
    let frictional_of = |r: usize, si: usize, yi: usize| -> f64 {
        let g = prep.sectors[si].group();
        let visible = params.vacancies.visible_share.get(g).value;
        let short = market[[r, si, yi, V::ShortageFte.index()]];
        market[[r, si, yi, V::VacanciesFte.index()]] - visible * short.max(0.0)
    };
    for (m, &r) in prep.market_of.iter().enumerate() {
        let dst = regions.assignment[m];
        for si in 0..ns {
            let visible = params
                .vacancies
                .visible_share
                .get(prep.sectors[si].group())
                .value;
            let bi = prep.base_index();
            let short_base = demand[[m, si, bi]]
                - share[[m, si, bi]] * market[[r, si, bi, V::EmploymentFte.index()]];
            for yi in 0..ny {
                let w = share[[m, si, yi]];
                let src = market.slice(ndarray::s![r, si, yi, ..]);
                let mut o = out.slice_mut(ndarray::s![dst, si, yi, ..]);
                for v in V::ALL {
                    if v.is_additive() {
                        o[v.index()] += w * src[v.index()];
                    }
                }
                let d = demand[[m, si, yi]];
                let e = w * src[V::EmploymentFte.index()];
                let short = d - e;
                let vis = visible * short.max(0.0);
                // Replace the shared values of the municipality's own
                // quantities by its own.
                o[V::Pupils.index()] += prep.muni_pupils[[m, si, yi]] - w * src[V::Pupils.index()];
                o[V::DemandFte.index()] += d - w * src[V::DemandFte.index()];
                o[V::ShortageFte.index()] += short - w * src[V::ShortageFte.index()];
                o[V::ShortageIncrementFte.index()] +=
                    (short - short_base) - w * src[V::ShortageIncrementFte.index()];
                o[V::VacanciesFte.index()] +=
                    vis + w * frictional_of(r, si, yi) - w * src[V::VacanciesFte.index()];
                o[V::HiddenShortageFte.index()] +=
                    short.max(0.0) - vis - w * src[V::HiddenShortageFte.index()];
                for i in 0..N_AGES {
                    heads[[dst, si, yi, i]] += w * market_heads[[r, si, yi, i]];
                    fte[[dst, si, yi, i]] += w * market_fte[[r, si, yi, i]];
                }
            }
        }
    }
    let mut row = [0.0; N_VARIABLES];
    let (nt, _, _, _) = out.dim();
    for r in 0..nt {
        for si in 0..ns {
            for yi in 0..ny {
                let mut o = out.slice_mut(ndarray::s![r, si, yi, ..]);
                row.copy_from_slice(o.as_slice().expect("variable axis is contiguous"));
                fill_ratios(&mut row);
                o.as_slice_mut()
                    .expect("variable axis is contiguous")
                    .copy_from_slice(&row);
            }
        }
    }
}

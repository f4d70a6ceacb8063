//! The state of a scenario run: the working buffers, the workforce at the
//! start, and what is calibrated on it (the first year's leavers, the
//! substitute pool); contiguous lanes of the dense arrays.

use ndarray::{Array1, Array2, Array3, ArrayViewMut4};

use crate::domain::params::{Params, AGE_MIN, N_AGES};
use crate::domain::scenario::ActiveLevers;
use crate::domain::sector::{Sector, SectorGroup};
use crate::inputs::prepare::Prepared;
use crate::inputs::rates::Hazards;
use crate::model::market::{
    leave_share, placement_weights, pool_factor, requests, unfilled_requests,
};

/// The variables of one region, sector and year: a contiguous row of `out`
/// (`[region, sector, year, variable]` in standard layout).
pub(crate) fn row_mut<'a>(
    out: &'a mut ArrayViewMut4<f64>,
    r: usize,
    si: usize,
    yi: usize,
) -> &'a mut [f64] {
    let (_, ns, ny, nv) = out.dim();
    let start = ((r * ns + si) * ny + yi) * nv;
    &mut out.as_slice_mut().expect("the output is contiguous")[start..start + nv]
}

/// The ages of one region and sector of a `[region, sector, age]` array.
pub(crate) fn lane(a: &Array3<f64>, r: usize, si: usize) -> &[f64] {
    let (_, ns, na) = a.dim();
    let start = (r * ns + si) * na;
    &a.as_slice().expect("contiguous")[start..start + na]
}

/// As [`lane`], mutable.
pub(crate) fn lane_mut(a: &mut Array3<f64>, r: usize, si: usize) -> &mut [f64] {
    let (_, ns, na) = a.dim();
    let start = (r * ns + si) * na;
    &mut a.as_slice_mut().expect("contiguous")[start..start + na]
}

/// Row `gi` of a `[group, age]` array as a slice.
pub(crate) fn row_slice(a: &Array2<f64>, gi: usize) -> &[f64] {
    let n = a.dim().1;
    &a.as_slice().expect("contiguous")[gi * n..(gi + 1) * n]
}

/// A lane of ages as a fixed-size array (the index checks of the loops
/// over it vanish).
pub(crate) fn ages(x: &[f64]) -> &[f64; N_AGES] {
    x.try_into().expect("a lane of N_AGES ages")
}

/// As [`ages`], mutable.
pub(crate) fn ages_mut(x: &mut [f64]) -> &mut [f64; N_AGES] {
    x.try_into().expect("a lane of N_AGES ages")
}

/// Index of age 55 on the age axis.
pub(crate) const AGE_55: usize = 55 - AGE_MIN;

/// The ages from 55 of a lane.
pub(crate) fn from_55(x: &[f64; N_AGES]) -> &[f64; N_AGES - AGE_55] {
    x[AGE_55..].try_into().expect("the ages from 55")
}

pub(crate) fn group_index(s: Sector) -> usize {
    s.group() as usize
}

/// fte per person `[group, age]` in a year, after the fte lever and the cap.
pub(crate) fn fill_fte(
    prep: &Prepared,
    params: &Params,
    levers: &[ActiveLevers; 3],
    fte: &mut Array2<f64>,
) {
    let cap = params.hours.max_fte_per_person;
    for gi in 0..SectorGroup::ALL.len() {
        for i in 0..N_AGES {
            fte[[gi, i]] = (prep.fte_profile[[gi, i]] * levers[gi].fte_per_person).min(cap);
        }
    }
}

/// Stock in persons in the first year `[region, sector, age]`.
pub(crate) fn initial_stock(prep: &Prepared) -> Array3<f64> {
    let employment0 = prep.first_employment();
    let (nr, ns) = employment0.dim();
    let mut p = Array3::zeros((nr, ns, N_AGES));
    for r in 0..nr {
        for (si, s) in prep.sectors.iter().enumerate() {
            let gi = group_index(*s);
            for i in 0..N_AGES {
                p[[r, si, i]] = employment0[[r, si]] * prep.first_age_share[[gi, i]]
                    / prep.fte_profile[[gi, i]];
            }
        }
    }
    p
}

/// Capacity of the substitute pool per fte of employment, per sector group,
/// calibrated so that the national share of unfilled requests in the first
/// year of the run equals `replacement.unfilled_share_base`.
pub(crate) fn calibrate_substitutes(
    prep: &Prepared,
    params: &Params,
    first: &FirstYearLeavers,
) -> [f64; 3] {
    let p = initial_stock(prep);
    // The leavers the engine's first rows count.
    let leave = &first.persons;
    let (employment0, shortage0) = (prep.first_employment(), prep.first_shortage());
    let mut coef = [1.0; 3];
    for (gi, g) in SectorGroup::ALL.iter().enumerate() {
        let cells: Vec<(f64, f64)> = prep
            .sectors
            .iter()
            .enumerate()
            .filter(|(_, s)| s.group() == *g)
            .flat_map(|(si, _)| {
                let (p, leave, shortage0) = (&p, &leave, &shortage0);
                (0..prep.n_markets()).map(move |r| {
                    let e = employment0[[r, si]];
                    let teachers: f64 = (0..N_AGES).map(|i| p[[r, si, i]]).sum();
                    let req = requests(params, *g, teachers, leave[[r, si]]);
                    (req, e * pool_factor(params, shortage0[[r, si]], e))
                })
            })
            .collect();
        let total: f64 = cells.iter().map(|c| c.0).sum();
        if total <= 0.0 {
            continue;
        }
        let target = params.replacement.unfilled_share_base.get(*g).value;
        let share = |c: f64| {
            cells
                .iter()
                .map(|&(r, k)| unfilled_requests(r, c * k))
                .sum::<f64>()
                / total
        };
        // share(c) falls monotonically with c; bisect on log c (48 halvings
        // of the bracket: c to a relative 1e-13).
        let (mut lo, mut hi) = (-15.0_f64, 15.0_f64);
        for _ in 0..48 {
            let mid = 0.5 * (lo + hi);
            if share(mid.exp()) > target {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        coef[gi] = (0.5 * (lo + hi)).exp();
    }
    coef
}

/// Working buffers of one scenario run, allocated once.
pub(crate) struct Buffers {
    pub(crate) stock: Array3<f64>,
    pub(crate) next: Array3<f64>,
    pub(crate) movers: Array3<f64>,
    pub(crate) reserve: Array2<f64>,
    pub(crate) fte_now: Array2<f64>,
    pub(crate) fte_next: Array2<f64>,
    pub(crate) weights: Array2<f64>,
    pub(crate) entrants: Array2<f64>,
    pub(crate) openings: Array2<f64>,
    pub(crate) entry_weights: Array2<f64>,
    pub(crate) hired_share: Array2<f64>,
    pub(crate) present: Array2<f64>,
    pub(crate) mover_pool: Array1<f64>,
    /// Movers of each region and age over the weight outside it (one sector).
    pub(crate) own_movers: Array2<f64>,
    /// Candidates (fte) of each region, one sector.
    pub(crate) candidates: Array1<f64>,
    /// fte of `own_movers` per region, one sector.
    pub(crate) own_fte: Array1<f64>,
    /// Persons of `own_movers` per region, one sector.
    pub(crate) own_sum: Array1<f64>,
    /// Persons and fte of `mover_pool`, one sector.
    pub(crate) pool_sum: f64,
    pub(crate) pool_fte: f64,
}

impl Buffers {
    /// The buffers of a run on `prep`, with the initial workforce
    /// ([`initial_stock`]) and the initial stille reserve: the reserve that,
    /// searching at `market.reserve_search_rate`, yields the returners
    /// rate per teacher.
    pub(crate) fn new(prep: &Prepared, params: &Params) -> Self {
        let (nr, ns) = (prep.n_markets(), prep.sectors.len());
        let stock = initial_stock(prep);
        let search = params.market.reserve_search_rate.value;
        let mut reserve = Array2::zeros((nr, ns));
        for r in 0..nr {
            for (si, s) in prep.sectors.iter().enumerate() {
                let heads: f64 = stock.slice(ndarray::s![r, si, ..]).sum();
                reserve[[r, si]] =
                    params.inflow.returners_rate.get(s.group()).value * heads / search;
            }
        }
        Buffers {
            stock,
            next: Array3::zeros((nr, ns, N_AGES)),
            movers: Array3::zeros((nr, ns, N_AGES)),
            reserve,
            fte_now: Array2::zeros((SectorGroup::ALL.len(), N_AGES)),
            fte_next: Array2::zeros((SectorGroup::ALL.len(), N_AGES)),
            weights: Array2::zeros((nr, ns)),
            entrants: Array2::zeros((ns, N_AGES)),
            openings: Array2::zeros((nr, ns)),
            entry_weights: Array2::zeros((nr, ns)),
            hired_share: Array2::zeros((nr, ns)),
            present: Array2::zeros((nr, ns)),
            own_movers: Array2::zeros((nr, N_AGES)),
            mover_pool: Array1::zeros(N_AGES),
            candidates: Array1::zeros(nr),
            own_fte: Array1::zeros(nr),
            own_sum: Array1::zeros(nr),
            pool_sum: 0.0,
            pool_fte: 0.0,
        }
    }
}

/// Outflow per region and sector in the first year under the baseline.
pub(crate) struct FirstYearLeavers {
    /// Persons `[region, sector]`.
    pub(crate) persons: Array2<f64>,
    /// fte `[region, sector]`.
    pub(crate) fte: Array2<f64>,
}

impl FirstYearLeavers {
    /// The leavers of the first year with `params` (see
    /// [`first_year_leavers`]).
    pub(crate) fn new(prep: &Prepared, params: &Params) -> Self {
        let (persons, fte) = first_year_leavers(prep, params);
        FirstYearLeavers { persons, fte }
    }
}

/// Outflow (persons, fte) per region and sector in the first year under
/// the baseline: the leavers the first rows count (frictional vacancies,
/// interim requests); the run has no year before it.
fn first_year_leavers(prep: &Prepared, params: &Params) -> (Array2<f64>, Array2<f64>) {
    let p = initial_stock(prep);
    let mut h = Hazards::new();
    let neutral = [ActiveLevers::NEUTRAL; 3];
    h.fill(
        params,
        &params.outflow.aow_age,
        prep.years.first + 1,
        &neutral,
        prep.n_markets() > 1,
    );
    let employment0 = prep.first_employment();
    let mut weights = Array2::zeros(employment0.dim());
    placement_weights(
        &employment0,
        &prep.first_shortage(),
        params.inflow.shortage_pull.value,
        &mut weights,
    );
    let (nr, ns, _) = p.dim();
    let mut persons = Array2::zeros((nr, ns));
    let mut fte = Array2::zeros((nr, ns));
    for r in 0..nr {
        for (si, s) in prep.sectors.iter().enumerate() {
            let gi = group_index(*s);
            let share = leave_share(nr, weights[[r, si]]);
            for i in 0..N_AGES {
                let x = h.exits(gi, i, p[[r, si, i]], share).total();
                persons[[r, si]] += x;
                fte[[r, si]] += x * prep.fte_profile[[gi, i]];
            }
        }
    }
    (persons, fte)
}

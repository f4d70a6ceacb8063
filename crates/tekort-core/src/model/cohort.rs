//! The deterministic stock–flow engine.
//!
//! State: teachers (persons) by region, sector and single year of age. Each
//! year `t → t+1`, in this order (equations in `docs/method.md`):
//!
//! 1. **Outflow** from the stock at `t`: everybody past the AOW age retires;
//!    of the rest, competing yearly probabilities of attrition, early
//!    retirement, death/disability and moving to another region.
//! 2. **Ageing**: those who stay are one year older at `t+1`.
//! 3. **Candidates**: graduates and zij-instromers (national pools placed
//!    by a blend of workforce size and openings), returners searching from
//!    the region's stille reserve, and movers from other regions (pooled
//!    per sector and age and sent towards the openings).
//! 4. **Matching**: hires = M(openings, candidates), a smooth function that
//!    never exceeds either ([`matching`]); every channel is hired in the
//!    same proportion. Unhired graduates and a share of the attrition
//!    leavers join the **stille reserve** (a state variable with its own
//!    exits); unhired movers stay where they were; unhired zij-instromers
//!    do not enter.
//!
//! The engine runs on the market regions of [`Prepared`] (the 35
//! arbeidsmarktregio's); [`crate::run`] carries the results down to
//! municipalities and up to any region system.
//!
//! People are conserved exactly: `stock(t+1) = stock(t) − outflow + inflow`
//! for every region and sector, and
//! `reserve(t+1) = reserve(t) − exits − returners + unhired graduates +
//! attrition leavers to the reserve`.

use crate::inputs::rates::Hazards;
use ndarray::{Array1, Array2, Array3, ArrayView2, ArrayViewMut4};

use crate::domain::params::{interpolate_years, AowStep, Params, AGE_MIN, N_AGES};
use crate::domain::projection::fill_ratios;
use crate::domain::projection::Variable as V;
use crate::domain::scenario::{ActiveLevers, Scenario};
use crate::domain::sector::{Sector, SectorGroup};
use crate::inputs::prepare::Prepared;

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

/// Index of age 55 on the age axis.
const AGE_55: usize = 55 - AGE_MIN;

/// One Monte Carlo draw's departure from the central path: factors on
/// demand (and pupils) per market region and year, on graduates per route
/// and year, and the generator of the process noise (leavers and hires of
/// each region, sector and forecast year).
#[derive(Debug, Clone)]
pub(crate) struct DrawNoise {
    /// Factor on demand and pupils `[market, year]` (1 in history years).
    pub(crate) demand: Array2<f64>,
    /// Factor on graduates `[route, year]`.
    pub(crate) graduates: Array2<f64>,
    /// Process noise, when on.
    pub(crate) rng: Option<rand_pcg::Pcg64Mcg>,
}

/// A standard normal draw.
fn std_normal(rng: &mut rand_pcg::Pcg64Mcg) -> f64 {
    use rand_distr::Distribution;
    rand_distr::StandardNormal.sample(rng)
}

/// The factor on a count with expectation `expected`: 1 + z / √expected
/// (the normal approximation of a binomial or Poisson count), at least 0.
fn count_noise(rng: &mut rand_pcg::Pcg64Mcg, expected: f64) -> f64 {
    if expected <= 0.0 {
        return 1.0;
    }
    (1.0 + std_normal(rng) / expected.max(1.0).sqrt()).max(0.0)
}

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

pub(crate) fn group_index(s: Sector) -> usize {
    s.group() as usize
}

fn levers_for(scenario: &Scenario, year: i32) -> [ActiveLevers; 3] {
    SectorGroup::ALL.map(|g| scenario.levers(year, g))
}

/// fte per person `[group, age]` in a year, after the fte lever and the cap.
fn fill_fte(prep: &Prepared, params: &Params, levers: &[ActiveLevers; 3], fte: &mut Array2<f64>) {
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
fn pool_factor(params: &Params, shortage: f64, employment: f64) -> f64 {
    let share = if employment > 0.0 {
        shortage.max(0.0) / employment
    } else {
        0.0
    };
    (1.0 - params.replacement.shortage_sensitivity.value * share).max(0.05)
}

fn requests(params: &Params, group: SectorGroup, teachers: f64, leavers: f64) -> f64 {
    let r = &params.replacement;
    r.notifications_per_teacher.get(group).value * r.substitute_share.value * teachers
        + r.interim_per_leaver.value * leavers
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

/// The matching function: hires from `openings` and `candidates` (both in
/// fte), `(o^-k + c^-k)^(-1/k)`; zero when either is zero, below both, and
/// close to the smaller when they differ much.
pub(crate) fn matching(openings: f64, candidates: f64, k: f64) -> f64 {
    if openings <= 0.0 || candidates <= 0.0 {
        return 0.0;
    }
    let m = openings.max(candidates);
    let (a, b) = (openings / m, candidates / m);
    // (o^-k + c^-k)^(-1/k) = o c / (o^k + c^k)^(1/k), scaled by m.
    m * a * b / (a.powf(k) + b.powf(k)).powf(1.0 / k)
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
        }
    }
}

/// Outflow per region and sector in the first year under the baseline.
pub(crate) struct FirstYearLeavers {
    /// Persons `[region, sector]`.
    persons: Array2<f64>,
    /// fte `[region, sector]`.
    fte: Array2<f64>,
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

/// The state of one market region and sector at the start of a year, as
/// stage 1 reads it.
#[derive(Debug, Clone, Copy)]
struct CellState {
    /// Teachers (persons).
    heads: f64,
    /// Employment (fte).
    emp: f64,
    /// Employment of those aged 55 and over (fte).
    emp_55: f64,
    /// Demand (fte), levers and noise applied.
    demand: f64,
    /// Pupils, noise applied.
    pupils: f64,
    /// Stille reserve (persons).
    reserve: f64,
    /// Substitute pool capacity per fte of employment (calibrated).
    substitute_coef: f64,
    /// The scenario's lever on the substitute pool.
    substitute_lever: f64,
}

/// Leavers (persons, fte) counted in year `yi`: those of the year into it
/// (already in `out`); in the first year, the baseline's expected leavers.
fn leavers_counted(
    out: &ArrayViewMut4<f64>,
    first: &FirstYearLeavers,
    r: usize,
    si: usize,
    yi: usize,
) -> (f64, f64) {
    if yi == 0 {
        (first.persons[[r, si]], first.fte[[r, si]])
    } else {
        (
            out[[r, si, yi, V::OutflowPersons.index()]],
            out[[r, si, yi, V::OutflowFte.index()]],
        )
    }
}

/// Stage 1 of one cell: the rows of year t (stock, shortage, vacancies,
/// replacement requests) from its state and its leavers `(persons, fte)`.
fn write_state_row(
    o: &mut [f64],
    params: &Params,
    group: SectorGroup,
    c: &CellState,
    (leave_persons, leave_fte): (f64, f64),
) {
    let short = c.demand - c.emp;
    let visible = params.vacancies.visible_share.get(group).value * short.max(0.0);
    let req = requests(params, group, c.heads, leave_persons);
    let cap = c.substitute_coef * c.emp * c.substitute_lever * pool_factor(params, short, c.emp);
    o[V::Pupils.index()] = c.pupils;
    o[V::DemandFte.index()] = c.demand;
    o[V::EmploymentFte.index()] = c.emp;
    o[V::ShortageFte.index()] = short;
    o[V::Teachers.index()] = c.heads;
    o[V::Employment55PlusFte.index()] = c.emp_55;
    o[V::ReservePersons.index()] = c.reserve;
    o[V::VacanciesFte.index()] = visible + params.vacancies.frictional_share.value * leave_fte;
    o[V::HiddenShortageFte.index()] = short.max(0.0) - visible;
    o[V::ReplacementRequests.index()] = req;
    o[V::ReplacementUnfilled.index()] = unfilled_requests(req, cap);
}

/// Stage 3: the national pools of the year into `t1`: graduates per
/// sector and age into `entrants` `[sector, age]`, zij-instromers per
/// sector (persons) into `zij_total`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn national_pools(
    prep: &Prepared,
    params: &Params,
    scenario: &Scenario,
    t1: i32,
    graduate_factor: Option<&Array2<f64>>,
    lev_next: &[ActiveLevers; 3],
    entrants: &mut Array2<f64>,
    zij_total: &mut [f64; 5],
) {
    entrants.fill(0.0);
    let y1 = (t1 - prep.years.first) as usize;
    let zij_persons = params.inflow.zij_instroom_persons.value;
    for (si, s) in prep.sectors.iter().enumerate() {
        let gi = group_index(*s);
        let split = match s {
            Sector::PoBo => prep.po_type_split[0],
            Sector::PoSbo => prep.po_type_split[1],
            Sector::PoSoVso => prep.po_type_split[2],
            _ => 1.0,
        };
        for (ri, &lag) in prep.route_lag.iter().enumerate() {
            let intake_lever = scenario.levers(t1 - lag, s.group()).training_intake;
            let n = prep.graduates[[ri, y1]]
                * graduate_factor.map_or(1.0, |f| f[[ri, y1]])
                * intake_lever
                * prep.route_entry[[ri, gi]]
                * split;
            if n > 0.0 {
                for i in 0..N_AGES {
                    entrants[[si, i]] += n * prep.route_age[[ri, i]];
                }
            }
        }
        // History years use the observed zij-instroom; the forecast
        // the parameter (the latest observed level by default).
        let zij_persons = if t1 < prep.base_year {
            interpolate_years(&params.inflow.zij_instroom_observed, t1)
        } else {
            zij_persons
        };
        zij_total[si] = zij_persons
            * params.inflow.zij_instroom_share.get(s.group()).value
            * lev_next[gi].zij_instroom
            * split;
    }
}

/// What one sector's matching draws on besides the buffers.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Supply {
    /// zij-instromers of the sector nationally (persons).
    pub(crate) zij: f64,
    /// The scenario's lever on returners.
    pub(crate) returners_lever: f64,
    /// Yearly search rate of the stille reserve.
    pub(crate) search: f64,
    /// Sharpness of the matching function.
    pub(crate) k: f64,
    /// Whether teachers move between regions.
    pub(crate) moves: bool,
}

/// Stage 4, one sector: the candidates of each region (entrant pools by
/// `entry_weights`, returners from its reserve, movers from the others)
/// and the share of them it hires, into `b.hired_share`; history years
/// hire what the observed employment asks. Fills `b.own_movers` and
/// `b.mover_pool` on the way. Returns the fte per zij-instromer, per
/// returner, and the fte of the national graduate pool.
#[allow(clippy::needless_range_loop)]
pub(crate) fn hire_shares(
    prep: &Prepared,
    b: &mut Buffers,
    si: usize,
    t1: i32,
    supply: Supply,
    mut rng: Option<&mut rand_pcg::Pcg64Mcg>,
) -> (f64, f64, f64) {
    let nr = prep.n_markets();
    let gi = group_index(prep.sectors[si]);
    let y1 = (t1 - prep.years.first) as usize;
    let fte = b.fte_next.row(gi);
    // Movers of each region are spread over the other regions:
    // arriving(r, i) = w_r × (pool_i − own_i), own_i = movers_r,i / (1 − w_r).
    b.mover_pool.fill(0.0);
    for r in 0..nr {
        let rest = 1.0 - b.entry_weights[[r, si]];
        let movers = lane(&b.movers, r, si);
        let mut own = b.own_movers.row_mut(r);
        let own = own.as_slice_mut().expect("contiguous");
        let pool = b.mover_pool.as_slice_mut().expect("contiguous");
        // A region holding (almost) all the weight sends nobody.
        let inv = if rest > 1e-9 { 1.0 / rest } else { 0.0 };
        for i in 0..N_AGES {
            own[i] = movers[i] * inv;
            pool[i] += own[i];
        }
    }
    let fte_sum = |d: &Array1<f64>| d.dot(&fte);
    let (zij_fte_pp, ret_fte_pp) = (fte_sum(&prep.zij_age), fte_sum(&prep.returners_age));
    let entrants_fte = b.entrants.row(si).dot(&fte);
    for r in 0..nr {
        let w = b.entry_weights[[r, si]];
        let mut cand = entrants_fte * w
            + supply.zij * w * zij_fte_pp
            + supply.search * b.reserve[[r, si]] * supply.returners_lever * ret_fte_pp;
        if supply.moves {
            let own = b.own_movers.row(r);
            let own = own.as_slice().expect("contiguous");
            let pool = b.mover_pool.as_slice().expect("contiguous");
            let fte = fte.as_slice().expect("contiguous");
            let mut arriving = 0.0;
            for i in 0..N_AGES {
                arriving += (pool[i] - own[i]) * fte[i];
            }
            cand += w * arriving;
        }
        let hires = if t1 <= prep.observed_until[gi] {
            // History: hires follow the observed employment (what
            // the channels cannot supply, or what is too much, is
            // the residual below).
            (prep.employment[[r, si, y1]] - b.present[[r, si]]).clamp(0.0, cand)
        } else {
            let h = matching(b.openings[[r, si]], cand, supply.k);
            match rng.as_deref_mut() {
                // Hires vary as a count (sd √h, fte as the count's
                // scale), but never beyond the openings or the
                // candidates: near that cap the spread shrinks to a
                // third of the room left, so the noise keeps its
                // mean (a capped noise would lower hiring on
                // average).
                Some(g) => {
                    let cap = b.openings[[r, si]].min(cand);
                    let sd = h.max(0.0).sqrt().min((cap - h).max(0.0) / 3.0);
                    (h + sd * std_normal(g)).clamp(0.0, cap)
                }
                None => h,
            }
        };
        b.hired_share[[r, si]] = if cand > 0.0 { hires / cand } else { 0.0 };
    }
    (zij_fte_pp, ret_fte_pp, entrants_fte)
}

/// Openings at t+1 per region and sector: `demand(r, s)` minus the fte of
/// those still there (`b.next` and the region's own movers `b.movers`, by
/// age, times the fte per person), into `b.openings` and `b.present`.
pub(crate) fn set_openings(prep: &Prepared, b: &mut Buffers, demand: impl Fn(usize, usize) -> f64) {
    for r in 0..prep.n_markets() {
        for (si, s) in prep.sectors.iter().enumerate() {
            let gi = group_index(*s);
            // The region's own movers count as present: those not hired
            // elsewhere stay, so openings never invite more than demand
            // allows.
            let (next, movers) = (lane(&b.next, r, si), lane(&b.movers, r, si));
            let fte = b.fte_next.row(gi);
            let fte = fte.as_slice().expect("contiguous");
            let mut present = 0.0;
            for i in 0..N_AGES {
                present += (next[i] + movers[i]) * fte[i];
            }
            b.openings[[r, si]] = (demand(r, si) - present).max(0.0);
            b.present[[r, si]] = present;
        }
    }
}

/// The shortage increment (from the base year, history included) and the
/// ratios of every row.
pub(crate) fn finish_rows(out: &mut ArrayViewMut4<f64>, base_index: usize) {
    let (nr, ns, ny, _) = out.dim();
    for r in 0..nr {
        for si in 0..ns {
            let base_short = out[[r, si, base_index, V::ShortageFte.index()]];
            for yi in 0..ny {
                out[[r, si, yi, V::ShortageIncrementFte.index()]] =
                    out[[r, si, yi, V::ShortageFte.index()]] - base_short;
            }
        }
    }
    for r in 0..nr {
        for si in 0..ns {
            for yi in 0..ny {
                fill_ratios(row_mut(out, r, si, yi));
            }
        }
    }
}

/// What the stages of every year read of one scenario run; shared by the
/// cohort engine and the microsimulation.
pub(crate) struct ScenarioRun<'a> {
    pub(crate) prep: &'a Prepared,
    pub(crate) params: &'a Params,
    pub(crate) scenario: &'a Scenario,
    pub(crate) substitute_coef: &'a [f64; 3],
    pub(crate) first: &'a FirstYearLeavers,
    /// A Monte Carlo draw's factor on demand and pupils `[market, year]`.
    pub(crate) demand_factor: Option<&'a Array2<f64>>,
    /// The AOW ages in force under the scenario.
    pub(crate) aow_path: Vec<AowStep>,
    /// Teachers move between regions (more than one market region).
    pub(crate) moves: bool,
}

impl<'a> ScenarioRun<'a> {
    pub(crate) fn new(
        prep: &'a Prepared,
        params: &'a Params,
        scenario: &'a Scenario,
        substitute_coef: &'a [f64; 3],
        first: &'a FirstYearLeavers,
        demand_factor: Option<&'a Array2<f64>>,
    ) -> Self {
        ScenarioRun {
            prep,
            params,
            scenario,
            substitute_coef,
            first,
            demand_factor,
            aow_path: scenario.aow_path(&params.outflow.aow_age),
            moves: prep.n_markets() > 1,
        }
    }

    /// The draw's factor on demand and pupils (1 without a draw).
    pub(crate) fn pupil_factor(&self, r: usize, yi: usize) -> f64 {
        self.demand_factor.map_or(1.0, |f| f[[r, yi]])
    }

    /// Demand (fte) of a market region and sector in year `yi` with the
    /// demand lever `lever`.
    pub(crate) fn demand(&self, r: usize, si: usize, yi: usize, lever: f64) -> f64 {
        self.prep.demand[[r, si, yi]] * lever * self.pupil_factor(r, yi)
    }

    /// The start of year `yi`: the levers in force in it and the next, the
    /// fte per person of both into `b`, the exit hazards into `hazards`.
    pub(crate) fn begin_year(
        &self,
        yi: usize,
        b: &mut Buffers,
        hazards: &mut Hazards,
    ) -> ([ActiveLevers; 3], [ActiveLevers; 3]) {
        let t = self.prep.years.first + yi as i32;
        let lev_now = levers_for(self.scenario, t);
        let lev_next = levers_for(self.scenario, t + 1);
        fill_fte(self.prep, self.params, &lev_now, &mut b.fte_now);
        fill_fte(self.prep, self.params, &lev_next, &mut b.fte_next);
        hazards.fill(self.params, &self.aow_path, t + 1, &lev_next, self.moves);
        (lev_now, lev_next)
    }

    /// Stage 1 of one cell from its workforce by age: persons `heads[i]`
    /// and their fte units `units[i]` (persons times their individual
    /// hours factors; the cohort engine's units are its persons), `fte[i]`
    /// the fte per unit. Writes the workforce by age into `ages` when given
    /// and the rows of year `yi`; returns employment and shortage.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn state_stage(
        &self,
        (r, si, yi): (usize, usize, usize),
        heads: &[f64],
        units: &[f64],
        fte: &[f64],
        lev_now: &[ActiveLevers; 3],
        reserve: f64,
        out: &mut ArrayViewMut4<f64>,
        ages: Option<(&mut ArrayViewMut4<f64>, &mut ArrayViewMut4<f64>)>,
    ) -> (f64, f64) {
        let s = self.prep.sectors[si];
        let gi = group_index(s);
        let (mut n, mut emp, mut e55) = (0.0, 0.0, 0.0);
        for i in 0..N_AGES {
            let f = units[i] * fte[i];
            n += heads[i];
            emp += f;
            if i >= AGE_55 {
                e55 += f;
            }
        }
        if let Some((heads_by_age, fte_by_age)) = ages {
            let mut heads_lane = heads_by_age.slice_mut(ndarray::s![r, si, yi, ..]);
            let mut fte_lane = fte_by_age.slice_mut(ndarray::s![r, si, yi, ..]);
            for i in 0..N_AGES {
                heads_lane[i] = heads[i];
                fte_lane[i] = units[i] * fte[i];
            }
        }
        let state = CellState {
            heads: n,
            emp,
            emp_55: e55,
            demand: self.demand(r, si, yi, lev_now[gi].demand),
            pupils: self.prep.pupils[[r, si, yi]] * self.pupil_factor(r, yi),
            reserve,
            substitute_coef: self.substitute_coef[gi],
            substitute_lever: lev_now[gi].substitute_capacity,
        };
        let leavers = leavers_counted(out, self.first, r, si, yi);
        write_state_row(
            row_mut(out, r, si, yi),
            self.params,
            s.group(),
            &state,
            leavers,
        );
        (emp, state.demand - emp)
    }
}

/// The outflow rows of one cell from its leavers' `flows` (fte retiring,
/// leaving the profession, dying or disabled; persons leaving; persons
/// leaving the profession), and its stille reserve after the year: its own
/// exits, plus the share of the attrition leavers that joins it.
pub(crate) fn write_outflow_row(
    o: &mut [f64],
    flows: &[f64; 5],
    reserve: &mut f64,
    market: &crate::domain::params::MarketParams,
) {
    o[V::OutflowRetirementFte.index()] = flows[0];
    o[V::OutflowAttritionFte.index()] = flows[1];
    o[V::OutflowDeathDisabilityFte.index()] = flows[2];
    o[V::OutflowFte.index()] = flows[0] + flows[1] + flows[2];
    o[V::OutflowPersons.index()] = flows[3];
    *reserve = *reserve * (1.0 - market.reserve_exit_rate.value)
        + market.attrition_to_reserve.value * flows[4];
}

/// Runs one scenario on the market regions, writing
/// `[market, sector, year, variable]` into `out` and the stock by age.
#[allow(clippy::too_many_arguments)]
pub(crate) fn run_scenario(
    prep: &Prepared,
    params: &Params,
    scenario: &Scenario,
    substitute_coef: &[f64; 3],
    first: &FirstYearLeavers,
    mut out: ArrayViewMut4<f64>,
    mut heads_by_age: ArrayViewMut4<f64>,
    mut fte_by_age: ArrayViewMut4<f64>,
    noise: Option<&mut DrawNoise>,
) {
    // The workforce by age is written only when asked for (its arrays then
    // have an age axis).
    let with_ages = heads_by_age.dim().3 == N_AGES;
    let (demand_factor, graduate_factor, mut rng) = match noise {
        Some(n) => (Some(&n.demand), Some(&n.graduates), n.rng.as_mut()),
        None => (None, None, None),
    };
    let nr = prep.n_markets();
    let ns = prep.sectors.len();
    let ny = prep.years.len();
    let run = ScenarioRun::new(
        prep,
        params,
        scenario,
        substitute_coef,
        first,
        demand_factor,
    );
    let moves = run.moves;
    let lambda = params.inflow.shortage_pull.value;
    let mk = &params.market;
    let k = mk.matching_sharpness.value;
    let search = mk.reserve_search_rate.value;

    let base_index = prep.base_index();
    let mut b = Buffers::new(prep, params);
    let mut hazards = Hazards::new();
    let mut shortage_now = Array2::<f64>::zeros((nr, ns));
    let mut employment_now = Array2::<f64>::zeros((nr, ns));

    for yi in 0..ny {
        let t = prep.years.first + yi as i32;
        let (lev_now, lev_next) = run.begin_year(yi, &mut b, &mut hazards);

        // Stage 1: the state at t, and the rows of year t.
        for r in 0..nr {
            for si in 0..ns {
                let gi = group_index(prep.sectors[si]);
                let stock = lane(&b.stock, r, si);
                let fte_now = b.fte_now.row(gi);
                let fte_now = fte_now.as_slice().expect("fte rows are contiguous");
                let (emp, short) = run.state_stage(
                    (r, si, yi),
                    stock,
                    stock,
                    fte_now,
                    &lev_now,
                    b.reserve[[r, si]],
                    &mut out,
                    with_ages.then_some((&mut heads_by_age, &mut fte_by_age)),
                );
                shortage_now[[r, si]] = short;
                employment_now[[r, si]] = emp;
            }
        }
        if yi + 1 == ny {
            break;
        }
        let t1 = t + 1;
        let y1 = yi + 1;
        placement_weights(
            &employment_now.view(),
            &shortage_now,
            lambda,
            &mut b.weights,
        );

        // Stage 2: outflow and ageing. Movers wait in `b.movers` for the
        // matching; the reserve loses its exits and gains attrition leavers.
        b.next.fill(0.0);
        b.movers.fill(0.0);
        for r in 0..nr {
            for (si, s) in prep.sectors.iter().enumerate() {
                let gi = group_index(*s);
                let share = leave_share(nr, b.weights[[r, si]]);
                // Process noise on the leavers of a forecast year, scaled
                // by last year's leavers (their expected count).
                let f_exit = match rng.as_deref_mut() {
                    Some(g) if t1 > prep.base_year => {
                        count_noise(g, out[[r, si, yi, V::OutflowPersons.index()]])
                    }
                    _ => 1.0,
                };
                let mut flows = [0.0; 5]; // retirement, attrition, death/dis., persons (no movers), attrition persons
                let stock = lane(&b.stock, r, si);
                let next = lane_mut(&mut b.next, r, si);
                let movers = lane_mut(&mut b.movers, r, si);
                let fte_now = b.fte_now.row(gi);
                let fte_now = fte_now.as_slice().expect("contiguous");
                for i in 0..N_AGES {
                    let n = stock[i];
                    if n == 0.0 {
                        continue;
                    }
                    let x = hazards.exits_scaled(gi, i, n, share, f_exit);
                    // The last age class leaves entirely (its AOW share is 1).
                    if i + 1 < N_AGES {
                        next[i + 1] += n - x.total();
                        movers[i + 1] += x.moves;
                    }
                    let f = fte_now[i];
                    flows[0] += (x.at_aow + x.early_retirement) * f;
                    flows[1] += x.attrition * f;
                    flows[2] += x.death_disability * f;
                    flows[3] += x.total() - x.moves;
                    flows[4] += x.attrition;
                }
                write_outflow_row(
                    row_mut(&mut out, r, si, y1),
                    &flows,
                    &mut b.reserve[[r, si]],
                    mk,
                );
            }
        }

        // Stage 3: candidates. National pools of graduates and
        // zij-instromers per sector and age.
        let mut zij_total = [0.0; 5];
        national_pools(
            prep,
            params,
            scenario,
            t1,
            graduate_factor,
            &lev_next,
            &mut b.entrants,
            &mut zij_total,
        );
        set_openings(prep, &mut b, |r, si| {
            run.demand(r, si, y1, lev_next[group_index(prep.sectors[si])].demand)
        });
        // Entrant pools go where the positions are open (weight λ) or
        // follow the workforce (1 − λ); movers follow the same weights.
        placement_weights(
            &employment_now.view(),
            &b.openings,
            lambda,
            &mut b.entry_weights,
        );

        // Stage 4: matching per region; every channel is hired in the same
        // proportion `hired_share`.
        #[allow(clippy::needless_range_loop)]
        for si in 0..ns {
            let gi = group_index(prep.sectors[si]);
            let (zij_fte_pp, ret_fte_pp, entrants_fte) = hire_shares(
                prep,
                &mut b,
                si,
                t1,
                Supply {
                    zij: zij_total[si],
                    returners_lever: lev_next[gi].returners,
                    search,
                    k,
                    moves,
                },
                rng.as_deref_mut(),
            );
            let fte = b.fte_next.row(gi);
            // Unhired movers stay in their region: S = Σ_r (1 − f_r) w_r.
            let unhired_weight: f64 = (0..nr)
                .map(|r| (1.0 - b.hired_share[[r, si]]) * b.entry_weights[[r, si]])
                .sum();
            let hired_weight: f64 = (0..nr)
                .map(|r| b.hired_share[[r, si]] * b.entry_weights[[r, si]])
                .sum();
            for r in 0..nr {
                let w = b.entry_weights[[r, si]];
                let f = b.hired_share[[r, si]];
                let returners = search * b.reserve[[r, si]] * lev_next[gi].returners;
                let grads: f64 = b.entrants.row(si).sum() * w;
                let zij = zij_total[si] * w;
                let (mut movers_in, mut movers_in_fte) = (0.0, 0.0);
                let (mut movers_out, mut movers_out_fte) = (0.0, 0.0);
                let own_row = b.own_movers.row(r);
                let own_row = own_row.as_slice().expect("contiguous");
                let movers_row = lane(&b.movers, r, si);
                let entrants_row = b.entrants.row(si);
                let entrants_row = entrants_row.as_slice().expect("contiguous");
                let pool = b.mover_pool.as_slice().expect("contiguous");
                let (zij_age, ret_age) = (
                    prep.zij_age.as_slice().expect("contiguous"),
                    prep.returners_age.as_slice().expect("contiguous"),
                );
                let next_row = lane_mut(&mut b.next, r, si);
                for i in 0..N_AGES {
                    let own = own_row[i];
                    // A region holding (almost) all the weight sends nobody:
                    // its movers stay (`own` is zero for it).
                    let unsent = movers_row[i] - own * (1.0 - w);
                    let (arriving, stay_home, leave) = if moves {
                        (
                            w * (pool[i] - own),
                            own * (unhired_weight - (1.0 - f) * w) + unsent,
                            own * (hired_weight - f * w),
                        )
                    } else {
                        (0.0, movers_row[i], 0.0)
                    };
                    let hired_here = f * arriving;
                    next_row[i] += f
                        * (entrants_row[i] * w + zij * zij_age[i] + returners * ret_age[i])
                        + hired_here
                        + stay_home;
                    movers_in += hired_here;
                    movers_in_fte += hired_here * fte[i];
                    movers_out += leave;
                    movers_out_fte += leave * fte[i];
                }
                let grads_fte = entrants_fte * w;
                let zij_fte = zij * zij_fte_pp;
                let ret_fte = returners * ret_fte_pp;
                // Stage 5: the reserve gains unhired graduates and loses
                // hired returners.
                b.reserve[[r, si]] += (1.0 - f) * grads - f * returners;
                let o = row_mut(&mut out, r, si, y1);
                o[V::InflowGraduatesFte.index()] = f * grads_fte;
                o[V::InflowZijInstroomFte.index()] = f * zij_fte;
                o[V::InflowReturnersFte.index()] = f * ret_fte;
                o[V::InflowMoversFte.index()] = movers_in_fte;
                o[V::InflowFte.index()] = f * (grads_fte + zij_fte + ret_fte) + movers_in_fte;
                o[V::InflowPersons.index()] = f * (grads + zij + returners) + movers_in;
                o[V::OutflowMoversFte.index()] = movers_out_fte;
                o[V::OutflowFte.index()] += movers_out_fte;
                o[V::OutflowPersons.index()] += movers_out;
                o[V::OpeningsFte.index()] = b.openings[[r, si]];
            }
            // History: a residual makes employment follow the observed
            // path exactly. Entrants come with the returners' ages; a
            // negative residual removes people in proportion to the stock.
            if t1 <= prep.observed_until[gi] {
                for r in 0..nr {
                    let after: f64 = (0..N_AGES).map(|i| b.next[[r, si, i]] * fte[i]).sum();
                    let diff = prep.employment[[r, si, y1]] - after;
                    let persons = if diff >= 0.0 && ret_fte_pp > 0.0 {
                        let n = diff / ret_fte_pp;
                        for i in 0..N_AGES {
                            b.next[[r, si, i]] += n * prep.returners_age[i];
                        }
                        n
                    } else if after > 0.0 {
                        let keep = (after + diff).max(0.0) / after;
                        let mut removed = 0.0;
                        for i in 0..N_AGES {
                            removed += b.next[[r, si, i]] * (1.0 - keep);
                            b.next[[r, si, i]] *= keep;
                        }
                        -removed
                    } else {
                        0.0
                    };
                    let o = row_mut(&mut out, r, si, y1);
                    o[V::InflowResidualFte.index()] = diff;
                    o[V::InflowFte.index()] += diff;
                    o[V::InflowPersons.index()] += persons;
                }
            }
        }
        std::mem::swap(&mut b.stock, &mut b.next);
    }

    finish_rows(&mut out, base_index);
}

//! The cohort engine: the deterministic stock–flow engine on expected
//! persons, one of the two engines of the yearly step (`model::step`).
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
//!    never exceeds either (`model::market::matching`); every channel is hired in the
//!    same proportion. Unhired graduates and a share of the attrition
//!    leavers join the **stille reserve** (a state variable with its own
//!    exits); unhired movers stay where they were; unhired zij-instromers
//!    do not enter.
//!
//! The engine runs on the market regions of `Prepared` (the 35
//! arbeidsmarktregio's); `run` carries the results down to
//! municipalities and up to any region system.
//!
//! People are conserved exactly: `stock(t+1) = stock(t) − outflow + inflow`
//! for every region and sector, and
//! `reserve(t+1) = reserve(t) − exits − returners + unhired graduates +
//! attrition leavers to the reserve`.

use crate::domain::params::{Params, N_AGES};
use crate::domain::projection::Variable as V;
use crate::domain::scenario::Scenario;
use crate::inputs::prepare::Prepared;
use crate::inputs::rates::{GroupLanes, Hazards};
use crate::model::lanes::{over_ages, Lane};
use crate::model::market::leave_share;
use crate::model::noise::{count_noise, CellRngs, DrawNoise};
use crate::model::state::{ages, ages_mut, group_index, lane, lane_mut, row_mut, row_slice};
use crate::model::step::{
    run_years, searching_returners, write_outflow_row, Calibrated, CellWorkforce, Channels,
    Factors, Market, Outputs, ScenarioRun, Workforce, Year,
};

/// Runs one scenario on the market regions with the cohort engine, writing
/// `[market, sector, year, variable]` and the stock by age into `out`; with
/// a Monte Carlo draw's `noise` when given.
pub(crate) fn run_scenario(
    prep: &Prepared,
    params: &Params,
    calibrated: &Calibrated,
    scenario: &Scenario,
    noise: Option<&mut DrawNoise>,
    out: &mut Outputs,
) {
    let (factors, rng) = match noise {
        Some(DrawNoise {
            demand,
            graduates,
            rng,
        }) => (
            Factors {
                demand: Some(demand),
                graduates: Some(graduates),
            },
            rng.as_mut(),
        ),
        None => (Factors::default(), None),
    };
    let run = ScenarioRun::new(prep, params, calibrated, scenario, factors);
    let mut market = Market::new(prep, params);
    run_years(&run, &mut Cohorts { rng }, &mut market, out);
}

/// The cohort engine's workforce: expected persons by region, sector and
/// age in `Market::b.stock`, with the process noise of a Monte Carlo draw
/// when it has a generator.
struct Cohorts<'g> {
    rng: Option<&'g mut CellRngs>,
}

impl Workforce for Cohorts<'_> {
    fn state(&mut self, run: &ScenarioRun, year: &Year, m: &mut Market, out: &mut Outputs) {
        let prep = run.prep;
        for r in 0..prep.n_markets() {
            for si in 0..prep.sectors.len() {
                let gi = group_index(prep.sectors[si]);
                let stock = lane(&m.b.stock, r, si);
                let fte_now = m.b.fte_now.row(gi);
                let fte_now = fte_now.as_slice().expect("fte rows are contiguous");
                let workforce = CellWorkforce {
                    heads: stock,
                    units: stock,
                    fte: fte_now,
                };
                let (emp, short) =
                    run.state_stage((r, si), year, workforce, m.b.reserve[[r, si]], out);
                m.shortage_now[[r, si]] = short;
                m.employment_now[[r, si]] = emp;
            }
        }
    }

    fn outflow(&mut self, run: &ScenarioRun, year: &Year, m: &mut Market, out: &mut Outputs) {
        let prep = run.prep;
        let nr = prep.n_markets();
        let (yi, y1) = (year.yi, year.y1());
        let b = &mut m.b;
        let folded: [Folded; 3] = std::array::from_fn(|gi| {
            Folded::new(
                &m.hazards.lanes(gi),
                row_slice(&b.fte_now, gi),
                row_slice(&b.fte_next, gi),
            )
        });
        for r in 0..nr {
            for (si, s) in prep.sectors.iter().enumerate() {
                let gi = group_index(*s);
                let share = leave_share(nr, b.weights[[r, si]]);
                // Process noise on the leavers of a forecast year, scaled
                // by last year's leavers (their expected count).
                let f_exit = match self.rng.as_deref_mut() {
                    Some(g) if year.t1() > prep.base_year => count_noise(
                        g.cell(r, si),
                        out.values[[r, si, yi, V::OutflowPersons.index()]],
                    ),
                    _ => 1.0,
                };
                let stock = lane(&b.stock, r, si);
                let next = lane_mut(&mut b.next, r, si);
                let movers = lane_mut(&mut b.movers, r, si);
                let cell = OutflowCell {
                    lanes: m.hazards.lanes(gi),
                    folded: &folded[gi],
                    fte_now: row_slice(&b.fte_now, gi),
                    fte_next: row_slice(&b.fte_next, gi),
                    share,
                    f: f_exit,
                };
                let flows = if !folded[gi].uncapped(share, f_exit) {
                    cell.by_age(&m.hazards, gi, stock, next, movers)
                } else if run.calibrated.all_rows() {
                    cell.lanes_uncapped(stock, next, movers)
                } else {
                    cell.lanes_persons(stock, next, movers)
                };
                write_outflow_row(
                    row_mut(&mut out.values, r, si, y1),
                    &flows,
                    &mut b.reserve[[r, si]],
                    &run.params.market,
                );
            }
        }
    }

    fn hire_noise(&mut self) -> Option<&mut CellRngs> {
        self.rng.as_deref_mut()
    }

    /// Every channel is hired in the same proportion `hired_share`; unhired
    /// movers stay in their region.
    fn hire(
        &mut self,
        run: &ScenarioRun,
        year: &Year,
        (si, ch): (usize, Channels),
        m: &mut Market,
        out: &mut Outputs,
    ) {
        let prep = run.prep;
        let nr = prep.n_markets();
        let gi = group_index(prep.sectors[si]);
        let search = run.params.market.reserve_search_rate.value * m.reaction[gi];
        let returners_lever = year.lev_next[gi].returners;
        let zij_total = m.zij_total[si];
        let b = &mut m.b;
        // Unhired movers stay in their region: U = Σ_r (1 − f_r) w_r.
        let unhired_weight: f64 = (0..nr)
            .map(|r| (1.0 - b.hired_share[[r, si]]) * b.entry_weights[[r, si]])
            .sum();
        let hired_weight: f64 = (0..nr)
            .map(|r| b.hired_share[[r, si]] * b.entry_weights[[r, si]])
            .sum();
        let entrants = ages(row_slice(&b.entrants, si));
        let entrants_sum: f64 = entrants.iter().sum();
        let pool = ages(b.mover_pool.as_slice().expect("contiguous"));
        let (zij_age, ret_age) = (
            ages(prep.zij_age.as_slice().expect("contiguous")),
            ages(prep.returners_age.as_slice().expect("contiguous")),
        );
        for r in 0..nr {
            let w = b.entry_weights[[r, si]];
            let f = b.hired_share[[r, si]];
            let returners = searching_returners(b.reserve[[r, si]], search, returners_lever);
            let grads = entrants_sum * w;
            let zij = zij_total * w;
            let own = ages(&b.own_movers.as_slice().expect("contiguous")[r * N_AGES..][..N_AGES]);
            let movers = ages(lane(&b.movers, r, si));
            let next = ages_mut(lane_mut(&mut b.next, r, si));
            let (fw, fz, fr) = (f * w, f * zij, f * returners);
            // Of the region's own movers `own_i` (its movers over the
            // weight outside it), those hired elsewhere leave, the unhired
            // stay; it hires the share f of the entrants, of the other
            // regions' movers `w (pool_i − own_i)` and of its returners:
            // next_i += f w (entrants_i + pool_i) + f zij zij_age_i
            //           + f returners ret_age_i + (U − 1) own_i + movers_i.
            let (own_coef, pool_coef) = if run.moves {
                (unhired_weight - 1.0, fw)
            } else {
                (0.0, 0.0)
            };
            over_ages!(N_AGES, |i, T| {
                let add = T::splat(fw) * T::load(entrants, i)
                    + T::splat(pool_coef) * T::load(pool, i)
                    + T::splat(fz) * T::load(zij_age, i)
                    + T::splat(fr) * T::load(ret_age, i)
                    + T::splat(own_coef) * T::load(own, i)
                    + T::load(movers, i);
                (T::load(next, i) + add).store(next, i);
            });
            // Arriving: f w (pool − own); leaving: (Σ_r' f_r' w_r' − f w) own.
            let (movers_in, movers_in_fte, movers_out, movers_out_fte) = if run.moves {
                let leave = hired_weight - fw;
                (
                    fw * (b.pool_sum - b.own_sum[r]),
                    fw * (b.pool_fte - b.own_fte[r]),
                    leave * b.own_sum[r],
                    leave * b.own_fte[r],
                )
            } else {
                (0.0, 0.0, 0.0, 0.0)
            };
            let grads_fte = ch.entrants_fte * w;
            let zij_fte = zij * ch.zij_fte_pp;
            let ret_fte = returners * ch.ret_fte_pp;
            // The reserve gains unhired graduates and loses hired returners.
            // Returners never exceed the reserve and f ≤ 1: at most a
            // rounding error below zero, which is cut off.
            b.reserve[[r, si]] = (b.reserve[[r, si]] + (1.0 - f) * grads - f * returners).max(0.0);
            let o = row_mut(&mut out.values, r, si, year.y1());
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
    }

    /// Entrants come with the returners' ages; a negative residual removes
    /// people in proportion to the stock.
    fn residual(
        &mut self,
        run: &ScenarioRun,
        year: &Year,
        (si, ch): (usize, Channels),
        m: &mut Market,
        out: &mut Outputs,
    ) {
        let prep = run.prep;
        let y1 = year.y1();
        let gi = group_index(prep.sectors[si]);
        let b = &mut m.b;
        let fte = ages(row_slice(&b.fte_next, gi));
        let ret_age = ages(prep.returners_age.as_slice().expect("contiguous"));
        for r in 0..prep.n_markets() {
            let next = ages_mut(lane_mut(&mut b.next, r, si));
            let [after] = over_ages!(N_AGES, 1, |i, T| { [T::load(next, i) * T::load(fte, i)] });
            let diff = prep.employment[[r, si, y1]] - after;
            let persons = if diff >= 0.0 && ch.ret_fte_pp > 0.0 {
                let n = diff / ch.ret_fte_pp;
                over_ages!(N_AGES, |i, T| {
                    (T::load(next, i) + T::splat(n) * T::load(ret_age, i)).store(next, i);
                });
                n
            } else if after > 0.0 {
                let keep = (after + diff).max(0.0) / after;
                let [removed] = over_ages!(N_AGES, 1, |i, T| {
                    let x = T::load(next, i);
                    (x * T::splat(keep)).store(next, i);
                    [x * T::splat(1.0 - keep)]
                });
                -removed
            } else {
                0.0
            };
            let o = row_mut(&mut out.values, r, si, y1);
            o[V::InflowResidualFte.index()] = diff;
            o[V::InflowFte.index()] += diff;
            o[V::InflowPersons.index()] += persons;
        }
    }

    /// Those still there at `t + 1` are the stock of the next year.
    fn end_year(&mut self, m: &mut Market) {
        std::mem::swap(&mut m.b.stock, &mut m.b.next);
    }
}

/// One sector group's exit rates of a year folded for its cells: the
/// hazards other than moving added up, the change of the fte per person
/// from one age to the next, and their largest values.
struct Folded {
    /// attrition + early retirement + death/disability, by age.
    rest: [f64; N_AGES],
    /// `fte_next[i + 1] − fte_now[i]` (0 at the last age, which leaves).
    dfte: [f64; N_AGES],
    max_rest: f64,
    max_moving: f64,
}

impl Folded {
    fn new(l: &GroupLanes, fte_now: &[f64], fte_next: &[f64]) -> Self {
        let mut f = Folded {
            rest: [0.0; N_AGES],
            dfte: [0.0; N_AGES],
            max_rest: 0.0,
            max_moving: 0.0,
        };
        for i in 0..N_AGES {
            f.rest[i] = l.attrition[i] + l.early_retirement[i] + l.death_disability[i];
            f.max_rest = f.max_rest.max(f.rest[i]);
            f.max_moving = f.max_moving.max(l.moving[i]);
            if i + 1 < N_AGES {
                f.dfte[i] = fte_next[i + 1] - fte_now[i];
            }
        }
        f
    }

    /// Whether no age of a cell with leave share `share` and noise factor
    /// `f` has its competing hazards above 1 (with a margin for rounding):
    /// then every reason is its hazard times `f`.
    fn uncapped(&self, share: f64, f: f64) -> bool {
        (self.max_rest + self.max_moving * share) * f < 0.999
    }
}

/// The exits of a lane of ages (see [`OutflowCell::exits`]).
struct LaneExits<T> {
    n: T,
    at_aow: T,
    k: T,
    moves: T,
    leave: T,
}

/// The outflow of one cell: its group's lanes, leave share and noise
/// factor.
struct OutflowCell<'a> {
    lanes: GroupLanes<'a>,
    folded: &'a Folded,
    fte_now: &'a [f64],
    fte_next: &'a [f64],
    share: f64,
    f: f64,
}

impl OutflowCell<'_> {
    /// The exits of ages `i..i + width` (a [`Lane`]) of `stock` when no age
    /// is capped: the stock `n`, those reaching the AOW age, `k` (those
    /// left times the noise factor, which the hazards other than moving
    /// multiply), the movers and all who leave the profession. The one
    /// arithmetic of [`OutflowCell::lanes_uncapped`] and
    /// [`OutflowCell::lanes_persons`].
    #[inline(always)]
    fn exits<T: Lane>(&self, stock: &[f64; N_AGES], i: usize) -> LaneExits<T> {
        let l = &self.lanes;
        let n = T::load(stock, i);
        let at_aow = n * T::load(l.aow, i);
        let rem = n - at_aow;
        let k = rem * T::splat(self.f);
        let moves = rem * (T::load(l.moving, i) * T::splat(self.share * self.f));
        let leave = at_aow + k * T::load(&self.folded.rest, i);
        LaneExits {
            n,
            at_aow,
            k,
            moves,
            leave,
        }
    }

    /// The outflow of `stock` when no age is capped ([`Folded::uncapped`]):
    /// those who stay into `next` and the movers into `movers` at age
    /// `i + 1` (replacing what they held), and the flows (retirement,
    /// attrition, death/disability fte; persons leaving, not moving;
    /// attrition persons; the hours change of those who stay, movers
    /// included). The ages run in SIMD lanes ([`over_ages`]); the last age
    /// class leaves entirely (its AOW share is 1).
    fn lanes_uncapped(&self, stock: &[f64], next: &mut [f64], movers: &mut [f64]) -> [f64; 6] {
        let l = &self.lanes;
        let dfte = &self.folded.dfte;
        // Fixed-size lanes: the compiler sees every index is in bounds.
        let fte = ages(self.fte_now);
        let (stock, next, movers) = (ages(stock), ages_mut(next), ages_mut(movers));
        let mut flows = over_ages!(N_AGES - 1, 6, |i, T| {
            let x = self.exits::<T>(stock, i);
            let er = x.k * T::load(l.early_retirement, i);
            let att = x.k * T::load(l.attrition, i);
            let dd = x.k * T::load(l.death_disability, i);
            let stay = x.n - x.leave - x.moves;
            stay.store(next, i + 1);
            x.moves.store(movers, i + 1);
            let fte = T::load(fte, i);
            [
                (x.at_aow + er) * fte,
                att * fte,
                dd * fte,
                x.leave,
                att,
                (stay + x.moves) * T::load(dfte, i),
            ]
        });
        // Nobody is aged 18 at t + 1 before the hires.
        next[0] = 0.0;
        movers[0] = 0.0;
        let last = N_AGES - 1;
        flows[0] += stock[last] * fte[last];
        flows[3] += stock[last];
        flows
    }

    /// As [`OutflowCell::lanes_uncapped`], for a run that keeps only the
    /// stock ([`Calibrated::all_rows`]): the same `next` and `movers` and
    /// the persons leaving and leaving the profession (which the reserve
    /// and the next year's noise read); the fte flows and the hours change
    /// are left 0.
    fn lanes_persons(&self, stock: &[f64], next: &mut [f64], movers: &mut [f64]) -> [f64; 6] {
        let l = &self.lanes;
        let (stock, next, movers) = (ages(stock), ages_mut(next), ages_mut(movers));
        let [leave, attrition] = over_ages!(N_AGES - 1, 2, |i, T| {
            let x = self.exits::<T>(stock, i);
            (x.n - x.leave - x.moves).store(next, i + 1);
            x.moves.store(movers, i + 1);
            [x.leave, x.k * T::load(l.attrition, i)]
        });
        next[0] = 0.0;
        movers[0] = 0.0;
        let last = N_AGES - 1;
        [0.0, 0.0, 0.0, leave + stock[last], attrition, 0.0]
    }

    /// The outflow of `stock` age by age, each age's competing hazards
    /// scaled down together when they add up to more than 1
    /// ([`Hazards::exits_scaled`]); the same flows as
    /// [`OutflowCell::lanes_uncapped`].
    fn by_age(
        &self,
        hazards: &Hazards,
        gi: usize,
        stock: &[f64],
        next: &mut [f64],
        movers: &mut [f64],
    ) -> [f64; 6] {
        next.fill(0.0);
        movers.fill(0.0);
        let mut flows = [0.0; 6];
        for i in 0..N_AGES {
            let n = stock[i];
            if n == 0.0 {
                continue;
            }
            let x = hazards.exits_scaled(gi, i, n, self.share, self.f);
            // The last age class leaves entirely (its AOW share is 1).
            if i + 1 < N_AGES {
                let stay = n - x.total();
                next[i + 1] += stay;
                movers[i + 1] += x.moves;
                // Those who stay in the profession, movers included, take
                // the fte of their age at t + 1.
                flows[5] += (stay + x.moves) * (self.fte_next[i + 1] - self.fte_now[i]);
            }
            let f = self.fte_now[i];
            flows[0] += (x.at_aow + x.early_retirement) * f;
            flows[1] += x.attrition * f;
            flows[2] += x.death_disability * f;
            flows[3] += x.total() - x.moves;
            flows[4] += x.attrition;
        }
        flows
    }
}

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

use rand_pcg::Pcg64Mcg;

use crate::domain::params::{Params, N_AGES};
use crate::domain::projection::Variable as V;
use crate::domain::scenario::Scenario;
use crate::inputs::prepare::Prepared;
use crate::model::market::leave_share;
use crate::model::noise::{count_noise, DrawNoise};
use crate::model::state::{group_index, lane, lane_mut, row_mut};
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
    rng: Option<&'g mut Pcg64Mcg>,
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
        b.next.fill(0.0);
        b.movers.fill(0.0);
        for r in 0..nr {
            for (si, s) in prep.sectors.iter().enumerate() {
                let gi = group_index(*s);
                let share = leave_share(nr, b.weights[[r, si]]);
                // Process noise on the leavers of a forecast year, scaled
                // by last year's leavers (their expected count).
                let f_exit = match self.rng.as_deref_mut() {
                    Some(g) if year.t1() > prep.base_year => {
                        count_noise(g, out.values[[r, si, yi, V::OutflowPersons.index()]])
                    }
                    _ => 1.0,
                };
                // Retirement, attrition, death/disability fte; persons
                // leaving (no movers); attrition persons; hours change.
                let mut flows = [0.0; 6];
                let stock = lane(&b.stock, r, si);
                let next = lane_mut(&mut b.next, r, si);
                let movers = lane_mut(&mut b.movers, r, si);
                let fte_now = b.fte_now.row(gi);
                let fte_now = fte_now.as_slice().expect("contiguous");
                let fte_next = b.fte_next.row(gi);
                let fte_next = fte_next.as_slice().expect("contiguous");
                for i in 0..N_AGES {
                    let n = stock[i];
                    if n == 0.0 {
                        continue;
                    }
                    let x = m.hazards.exits_scaled(gi, i, n, share, f_exit);
                    // The last age class leaves entirely (its AOW share is 1).
                    if i + 1 < N_AGES {
                        let stay = n - x.total();
                        next[i + 1] += stay;
                        movers[i + 1] += x.moves;
                        // Those who stay in the profession, movers
                        // included, take the fte of their age at t + 1.
                        flows[5] += (stay + x.moves) * (fte_next[i + 1] - fte_now[i]);
                    }
                    let f = fte_now[i];
                    flows[0] += (x.at_aow + x.early_retirement) * f;
                    flows[1] += x.attrition * f;
                    flows[2] += x.death_disability * f;
                    flows[3] += x.total() - x.moves;
                    flows[4] += x.attrition;
                }
                write_outflow_row(
                    row_mut(&mut out.values, r, si, y1),
                    &flows,
                    &mut b.reserve[[r, si]],
                    &run.params.market,
                );
            }
        }
    }

    fn hire_noise(&mut self) -> Option<&mut Pcg64Mcg> {
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
            let returners = searching_returners(b.reserve[[r, si]], search, returners_lever);
            let grads: f64 = b.entrants.row(si).sum() * w;
            let zij = zij_total * w;
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
                let (arriving, stay_home, leave) = if run.moves {
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
        let fte = b.fte_next.row(gi);
        for r in 0..prep.n_markets() {
            let after: f64 = (0..N_AGES).map(|i| b.next[[r, si, i]] * fte[i]).sum();
            let diff = prep.employment[[r, si, y1]] - after;
            let persons = if diff >= 0.0 && ch.ret_fte_pp > 0.0 {
                let n = diff / ch.ret_fte_pp;
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

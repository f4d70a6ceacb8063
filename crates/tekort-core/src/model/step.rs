//! The yearly step: one year of a scenario run as named stages, shared by
//! the cohort engine and the microsimulation.
//!
//! [`run_years`] drives a year in this order (equations in
//! `docs/method.md`):
//!
//! 1. **state**: the workforce of every market region and sector at the
//!    start of the year and the rows of the year (stock, shortage,
//!    vacancies, replacement requests) ([`Workforce::state`]);
//! 2. **outflow** and ageing ([`Workforce::outflow`]);
//! 3. **candidates**: the national pools of graduates and zij-instromers,
//!    the openings, and where entrants and movers go ([`candidates`]);
//! 4. **matching**: the share of each region's candidates it hires
//!    ([`hire_shares`]) and the hiring itself, channel by channel, with the
//!    stille reserve's gains and losses ([`Workforce::hire`]);
//! 5. in history years, the **residual** that makes employment follow the
//!    observed path ([`Workforce::residual`]).
//!
//! The engines implement the stages that differ, outflow by cohorts or by
//! records and the hiring assignment, behind [`Workforce`]; the rates
//! ([`Hazards`]), the matching, the candidates and the rows are the same
//! functions for both. A scenario's levers are resolved once into a
//! [`LeverTable`] before the run.

use ndarray::{Array2, Array3, ArrayViewMut4};

use crate::domain::params::{interpolate_years, AowStep, Params, N_AGES};
use crate::domain::projection::{fill_ratios, Variable as V};
use crate::domain::scenario::{ActiveLevers, Scenario};
use crate::domain::sector::{Sector, SectorGroup};
use crate::inputs::prepare::Prepared;
use crate::inputs::rates::Hazards;
use crate::model::lanes::over_ages;
use crate::model::market::{matching, placement_weights, pool_factor, requests, unfilled_requests};
use crate::model::noise::{std_normal, CellRngs, DrawNoise};
use crate::model::state::{
    ages, ages_mut, fill_fte, from_55, group_index, lane, row_mut, row_slice, Buffers,
    FirstYearLeavers, AGE_55,
};

/// The levers of a scenario, resolved once into a table by year: per
/// year, the levers in force for each sector group.
pub(crate) struct LeverTable {
    first: i32,
    by_year: Vec<[ActiveLevers; 3]>,
}

impl LeverTable {
    /// The levers of `scenario` (its `from_year` resolved) for the years
    /// `first..=last`.
    pub(crate) fn new(scenario: &Scenario, first: i32, last: i32) -> Self {
        LeverTable {
            first,
            by_year: (first..=last)
                .map(|y| SectorGroup::ALL.map(|g| scenario.levers(y, g)))
                .collect(),
        }
    }

    /// The levers in force in `year` per sector group (index
    /// [`group_index`]).
    pub(crate) fn at(&self, year: i32) -> &[ActiveLevers; 3] {
        let i = year - self.first;
        debug_assert!(
            i >= 0 && (i as usize) < self.by_year.len(),
            "year {year} outside the lever table"
        );
        &self.by_year[i.clamp(0, self.by_year.len() as i32 - 1) as usize]
    }
}

/// What is calibrated once per run, before its scenarios: the leavers of
/// the first year and the substitute pool's capacity per sector group.
/// `None` for a run that writes no vacancy and replacement rows
/// ([`Calibrated::for_outputs`]), which need neither.
pub(crate) struct Calibrated {
    rows: Option<RowsCalibration>,
}

/// The first year's leavers and the substitute pool's capacity per sector
/// group.
pub(crate) struct RowsCalibration {
    pub(crate) first: FirstYearLeavers,
    pub(crate) substitute_coef: [f64; 3],
}

/// What a run that does not write every row ([`Calibrated::all_rows`])
/// keeps: the variables a Monte Carlo draw samples.
pub(crate) const STOCK_ROWS: [V; 4] = [V::Pupils, V::DemandFte, V::EmploymentFte, V::ShortageFte];

impl Calibrated {
    /// Whether the run writes every row; otherwise (a Monte Carlo draw)
    /// only what the stock, the shortage and the market's next year need:
    /// the fte flows by reason, the hours change, the teachers in persons,
    /// the employment over 55, the shortage increment, the ratios, the
    /// vacancies and the replacement requests stay 0.
    pub(crate) fn all_rows(&self) -> bool {
        self.rows.is_some()
    }

    /// The calibration of a run that keeps the variables `only` (all when
    /// `None`): none when it keeps only [`STOCK_ROWS`].
    pub(crate) fn for_outputs(prep: &Prepared, params: &Params, only: Option<&[V]>) -> Self {
        let needed = only.is_none_or(|o| o.iter().any(|v| !STOCK_ROWS.contains(v)));
        Calibrated {
            rows: needed.then(|| {
                let first = FirstYearLeavers::new(prep, params);
                let substitute_coef =
                    crate::model::state::calibrate_substitutes(prep, params, &first);
                RowsCalibration {
                    first,
                    substitute_coef,
                }
            }),
        }
    }
}

/// The arrays a scenario run writes: the rows `[market, sector, year,
/// variable]` and the workforce by age (persons and fte) `[market, sector,
/// year, age]`, the latter with an empty age axis when not wanted.
pub(crate) struct Outputs<'o> {
    pub(crate) values: ArrayViewMut4<'o, f64>,
    pub(crate) heads: ArrayViewMut4<'o, f64>,
    pub(crate) fte: ArrayViewMut4<'o, f64>,
}

impl Outputs<'_> {
    /// Whether the workforce by age is written.
    fn with_ages(&self) -> bool {
        self.heads.dim().3 == N_AGES
    }
}

/// What the stages of every year read of one scenario run; shared by the
/// cohort engine and the microsimulation.
pub(crate) struct ScenarioRun<'a> {
    pub(crate) prep: &'a Prepared,
    pub(crate) params: &'a Params,
    pub(crate) calibrated: &'a Calibrated,
    /// The scenario's levers by year.
    pub(crate) levers: LeverTable,
    /// A Monte Carlo draw's factor on demand and pupils `[market, sector,
    /// year]`.
    pub(crate) demand_factor: Option<&'a Array3<f64>>,
    /// A Monte Carlo draw's factor on graduates `[route, year]`.
    pub(crate) graduate_factor: Option<&'a Array2<f64>>,
    /// The AOW ages in force under the scenario.
    pub(crate) aow_path: Vec<AowStep>,
    /// Teachers move between regions (more than one market region).
    pub(crate) moves: bool,
}

/// A Monte Carlo draw's factors on demand (and pupils) `[market, sector,
/// year]` and on graduates `[route, year]`; none on the central path.
#[derive(Clone, Copy, Default)]
pub(crate) struct Factors<'a> {
    pub(crate) demand: Option<&'a Array3<f64>>,
    pub(crate) graduates: Option<&'a Array2<f64>>,
}

impl<'a> Factors<'a> {
    /// The factors of a draw's `noise`, when given.
    pub(crate) fn of(noise: Option<&'a DrawNoise>) -> Self {
        Factors {
            demand: noise.map(|n| &n.demand),
            graduates: noise.map(|n| &n.graduates),
        }
    }
}

/// One year of the run: its index on the year axis and the levers in
/// force in it and in the next.
pub(crate) struct Year {
    pub(crate) yi: usize,
    pub(crate) t: i32,
    pub(crate) lev_now: [ActiveLevers; 3],
    pub(crate) lev_next: [ActiveLevers; 3],
}

impl Year {
    /// The year the step leads into.
    pub(crate) fn t1(&self) -> i32 {
        self.t + 1
    }
    /// Its index on the year axis.
    pub(crate) fn y1(&self) -> usize {
        self.yi + 1
    }
}

/// The market's working state, carried from stage to stage and year to
/// year: the buffers, the year's hazards, each cell's employment and
/// shortage at the start of the year, and the year's zij-instromers per
/// sector.
pub(crate) struct Market {
    pub(crate) b: Buffers,
    pub(crate) hazards: Hazards,
    pub(crate) shortage_now: Array2<f64>,
    pub(crate) employment_now: Array2<f64>,
    pub(crate) zij_total: [f64; 5],
    /// The national shortage % of each sector group in the base year, the
    /// reference of the market's reaction.
    pub(crate) reference_pct: [f64; 3],
    /// The reaction factor of each sector group on the hires into `t + 1`
    /// (1 in the history years and the first forecast year).
    pub(crate) reaction: [f64; 3],
}

impl Market {
    /// The state at the start of a run on `prep` (see [`Buffers::new`]).
    pub(crate) fn new(prep: &Prepared, params: &Params) -> Self {
        let (nr, ns) = (prep.n_markets(), prep.sectors.len());
        Market {
            b: Buffers::new(prep, params),
            hazards: Hazards::new(),
            shortage_now: Array2::zeros((nr, ns)),
            employment_now: Array2::zeros((nr, ns)),
            zij_total: [0.0; 5],
            reference_pct: [0.0; 3],
            reaction: [1.0; 3],
        }
    }
}

/// The workforce of one cell by age as stage 1 reads it: persons
/// `heads[i]` and their fte units `units[i]` (persons times their
/// individual hours factors; the cohort engine's units are its persons),
/// `fte[i]` the fte per unit.
pub(crate) struct CellWorkforce<'w> {
    pub(crate) heads: &'w [f64],
    pub(crate) units: &'w [f64],
    pub(crate) fte: &'w [f64],
}

/// What one sector's hiring channels bring per person: fte per
/// zij-instromer and per returner, and the fte of the national graduate
/// pool (from [`hire_shares`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Channels {
    pub(crate) zij_fte_pp: f64,
    pub(crate) ret_fte_pp: f64,
    pub(crate) entrants_fte: f64,
}

/// The stages in which the engines differ: how the workforce is kept
/// (cohorts of expected persons, or records), how it leaves and how the
/// hired join it.
pub(crate) trait Workforce {
    /// Stage 1: the workforce of every cell at the start of `year`; writes
    /// the rows of the year through [`ScenarioRun::state_stage`] and each
    /// cell's employment and shortage into `m`.
    fn state(&mut self, run: &ScenarioRun, year: &Year, m: &mut Market, out: &mut Outputs);
    /// Stage 2: outflow and ageing. Those who stay go to `m.b.next`, movers
    /// to `m.b.movers` (by age at `t + 1`), the outflow rows of the next
    /// year are written and each reserve loses its exits and gains its
    /// attrition leavers ([`write_outflow_row`]).
    fn outflow(&mut self, run: &ScenarioRun, year: &Year, m: &mut Market, out: &mut Outputs);
    /// The generator of the noise on hires, when the engine draws one.
    fn hire_noise(&mut self) -> Option<&mut CellRngs>;
    /// Stage 4 of one sector, after [`hire_shares`]: the hires of every
    /// channel, the inflow rows and the reserve's gains and losses.
    fn hire(
        &mut self,
        run: &ScenarioRun,
        year: &Year,
        sector: (usize, Channels),
        m: &mut Market,
        out: &mut Outputs,
    );
    /// Stage 5 of one sector, in history years only: the residual that
    /// makes employment follow the observed path.
    fn residual(
        &mut self,
        run: &ScenarioRun,
        year: &Year,
        sector: (usize, Channels),
        m: &mut Market,
        out: &mut Outputs,
    );
    /// The end of the year.
    fn end_year(&mut self, _m: &mut Market) {}
}

/// Runs every year of one scenario with `workforce`, from the state `m`,
/// writing into `out`.
pub(crate) fn run_years<W: Workforce>(
    run: &ScenarioRun,
    workforce: &mut W,
    m: &mut Market,
    out: &mut Outputs,
) {
    let prep = run.prep;
    let ny = prep.years.len();
    let lambda = run.params.inflow.shortage_pull.value;
    for yi in 0..ny {
        let year = run.begin_year(yi, m);
        workforce.state(run, &year, m, out);
        if yi + 1 == ny {
            break;
        }
        placement_weights(
            &m.employment_now.view(),
            &m.shortage_now,
            lambda,
            &mut m.b.weights,
        );
        workforce.outflow(run, &year, m, out);
        candidates(run, &year, m);
        for si in 0..prep.sectors.len() {
            let gi = group_index(prep.sectors[si]);
            let supply = run.supply(&year, si, m.zij_total[si], m.reaction[gi]);
            let channels = hire_shares(
                prep,
                &mut m.b,
                si,
                year.t1(),
                supply,
                workforce.hire_noise(),
            );
            workforce.hire(run, &year, (si, channels), m, out);
            if year.t1() <= prep.observed_until[gi] {
                workforce.residual(run, &year, (si, channels), m, out);
            }
        }
        workforce.end_year(m);
    }
    if run.calibrated.all_rows() {
        finish_rows(&mut out.values, prep.base_index());
    }
}

/// Stage 3: the national pools of graduates and zij-instromers of the year
/// into `t + 1`, the openings, and the weights by which entrants and movers
/// go where the positions are open (weight λ) or follow the workforce
/// (1 − λ).
pub(crate) fn candidates(run: &ScenarioRun, year: &Year, m: &mut Market) {
    let prep = run.prep;
    m.zij_total = [0.0; 5];
    national_pools(run, year, &mut m.b.entrants, &mut m.zij_total);
    market_reaction(run, year, m);
    for (si, s) in prep.sectors.iter().enumerate() {
        m.zij_total[si] *= m.reaction[group_index(*s)];
    }
    let y1 = year.y1();
    set_openings(prep, &mut m.b, |r, si| {
        run.demand(
            r,
            si,
            y1,
            year.lev_next[group_index(prep.sectors[si])].demand,
        )
    });
    placement_weights(
        &m.employment_now.view(),
        &m.b.openings,
        run.params.inflow.shortage_pull.value,
        &mut m.b.entry_weights,
    );
}

/// The market's reaction on the hires into `t + 1`: per sector group the
/// national shortage % at the start of `year` (summed over the market
/// regions and the group's sectors) against the base year's,
/// `factor = max(0, 1 + market.reaction × (S(t) − S(t0)))`; 1 up to the
/// base year, which sets the reference.
fn market_reaction(run: &ScenarioRun, year: &Year, m: &mut Market) {
    let prep = run.prep;
    let mut short = [0.0; 3];
    let mut emp = [0.0; 3];
    for (si, s) in prep.sectors.iter().enumerate() {
        let gi = group_index(*s);
        for r in 0..prep.n_markets() {
            short[gi] += m.shortage_now[[r, si]];
            emp[gi] += m.employment_now[[r, si]];
        }
    }
    for gi in 0..3 {
        let elasticity = run.params.market.reaction.value * year.lev_next[gi].reaction;
        let pct = if emp[gi] > 0.0 {
            100.0 * short[gi] / emp[gi]
        } else {
            0.0
        };
        m.reaction[gi] = if year.t < prep.base_year {
            1.0
        } else if year.t == prep.base_year {
            m.reference_pct[gi] = pct;
            1.0
        } else {
            (1.0 + elasticity * (pct - m.reference_pct[gi])).max(0.0)
        };
    }
}

impl<'a> ScenarioRun<'a> {
    /// The run of `scenario` (validated, its `from_year` resolved), with a
    /// Monte Carlo draw's factors when given.
    pub(crate) fn new(
        prep: &'a Prepared,
        params: &'a Params,
        calibrated: &'a Calibrated,
        scenario: &Scenario,
        factors: Factors<'a>,
    ) -> Self {
        // Graduates of year t1 entered training up to the longest lag
        // before it; the levers of every year from there are in the table.
        let max_lag = prep.route_lag.iter().copied().max().unwrap_or(0).max(0);
        ScenarioRun {
            prep,
            params,
            calibrated,
            levers: LeverTable::new(scenario, prep.years.first - max_lag, prep.years.last + 1),
            demand_factor: factors.demand,
            graduate_factor: factors.graduates,
            aow_path: scenario.aow_path(&params.outflow.aow_age),
            moves: prep.n_markets() > 1,
        }
    }

    /// The draw's factor on demand and pupils (1 without a draw).
    pub(crate) fn pupil_factor(&self, r: usize, si: usize, yi: usize) -> f64 {
        self.demand_factor.map_or(1.0, |f| f[[r, si, yi]])
    }

    /// Demand (fte) of a market region and sector in year `yi` with the
    /// demand lever `lever`.
    pub(crate) fn demand(&self, r: usize, si: usize, yi: usize, lever: f64) -> f64 {
        self.prep.demand[[r, si, yi]] * lever * self.pupil_factor(r, si, yi)
    }

    /// The start of year `yi`: the levers in force in it and the next, the
    /// fte per person of both into `m.b`, the exit hazards into
    /// `m.hazards`.
    pub(crate) fn begin_year(&self, yi: usize, m: &mut Market) -> Year {
        let t = self.prep.years.first + yi as i32;
        let lev_now = *self.levers.at(t);
        let lev_next = *self.levers.at(t + 1);
        fill_fte(self.prep, self.params, &lev_now, &mut m.b.fte_now);
        fill_fte(self.prep, self.params, &lev_next, &mut m.b.fte_next);
        m.hazards
            .fill(self.params, &self.aow_path, t + 1, &lev_next, self.moves);
        Year {
            yi,
            t,
            lev_now,
            lev_next,
        }
    }

    /// What one sector's matching draws on in `year` besides the buffers.
    fn supply(&self, year: &Year, si: usize, zij: f64, reaction: f64) -> Supply {
        let gi = group_index(self.prep.sectors[si]);
        let market = &self.params.market;
        Supply {
            zij,
            returners_lever: year.lev_next[gi].returners,
            search: market.reserve_search_rate.value * reaction,
            k: market.matching_sharpness.value,
            moves: self.moves,
        }
    }

    /// Stage 1 of cell `(r, si)` in `year` from its workforce by age:
    /// writes the workforce by age when wanted and the rows of the year;
    /// returns employment and shortage.
    pub(crate) fn state_stage(
        &self,
        (r, si): (usize, usize),
        year: &Year,
        w: CellWorkforce,
        reserve: f64,
        out: &mut Outputs,
    ) -> (f64, f64) {
        let yi = year.yi;
        let s = self.prep.sectors[si];
        let gi = group_index(s);
        let (heads, units, fte) = (ages(w.heads), ages(w.units), ages(w.fte));
        let (n, emp, e55) = if self.calibrated.all_rows() {
            let [n, emp] = over_ages!(N_AGES, 2, |i, T| {
                [T::load(heads, i), T::load(units, i) * T::load(fte, i)]
            });
            let (units_55, fte_55) = (from_55(units), from_55(fte));
            let [e55] = over_ages!(N_AGES - AGE_55, 1, |i, T| {
                [T::load(units_55, i) * T::load(fte_55, i)]
            });
            (n, emp, e55)
        } else {
            let [emp] = over_ages!(N_AGES, 1, |i, T| { [T::load(units, i) * T::load(fte, i)] });
            (0.0, emp, 0.0)
        };
        if out.with_ages() {
            let mut heads_lane = out.heads.slice_mut(ndarray::s![r, si, yi, ..]);
            for i in 0..N_AGES {
                heads_lane[i] = w.heads[i];
            }
            let mut fte_lane = out.fte.slice_mut(ndarray::s![r, si, yi, ..]);
            for i in 0..N_AGES {
                fte_lane[i] = w.units[i] * w.fte[i];
            }
        }
        let lev_now = &year.lev_now;
        let state = CellState {
            heads: n,
            emp,
            emp_55: e55,
            demand: self.demand(r, si, yi, lev_now[gi].demand),
            pupils: self.prep.pupils[[r, si, yi]] * self.pupil_factor(r, si, yi),
            reserve,
            substitute_lever: lev_now[gi].substitute_capacity,
        };
        let o = row_mut(&mut out.values, r, si, yi);
        write_stock_row(o, &state);
        if let Some(c) = &self.calibrated.rows {
            let leavers = leavers_counted(o, &c.first, r, si, yi);
            write_calibrated_row(
                o,
                self.params,
                s.group(),
                &state,
                c.substitute_coef[gi],
                leavers,
            );
        }
        (emp, state.demand - emp)
    }
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
    /// The scenario's lever on the substitute pool.
    substitute_lever: f64,
}

/// Leavers (persons, fte) counted in year `yi`: those of the year into it
/// (already in its row `o`); in the first year, the baseline's expected
/// leavers.
fn leavers_counted(
    o: &[f64],
    first: &FirstYearLeavers,
    r: usize,
    si: usize,
    yi: usize,
) -> (f64, f64) {
    if yi == 0 {
        (first.persons[[r, si]], first.fte[[r, si]])
    } else {
        (o[V::OutflowPersons.index()], o[V::OutflowFte.index()])
    }
}

/// Stage 1 of one cell: the stock rows of year t (pupils, demand,
/// employment, shortage, teachers, the reserve).
fn write_stock_row(o: &mut [f64], c: &CellState) {
    o[V::Pupils.index()] = c.pupils;
    o[V::DemandFte.index()] = c.demand;
    o[V::EmploymentFte.index()] = c.emp;
    o[V::ShortageFte.index()] = c.demand - c.emp;
    o[V::Teachers.index()] = c.heads;
    o[V::Employment55PlusFte.index()] = c.emp_55;
    o[V::ReservePersons.index()] = c.reserve;
}

/// Stage 1 of one cell, the rows that need [`RowsCalibration`]: vacancies, hidden
/// shortage and replacement requests of year t from its state, the
/// substitute pool's calibrated capacity per fte `substitute_coef` and its
/// leavers `(persons, fte)`.
fn write_calibrated_row(
    o: &mut [f64],
    params: &Params,
    group: SectorGroup,
    c: &CellState,
    substitute_coef: f64,
    (leave_persons, leave_fte): (f64, f64),
) {
    let short = c.demand - c.emp;
    let visible = params.vacancies.visible_share.get(group).value * short.max(0.0);
    let req = requests(params, group, c.heads, leave_persons);
    let cap = substitute_coef * c.emp * c.substitute_lever * pool_factor(params, short, c.emp);
    // The measured shortage is open vacancies plus hidden shortage: the
    // hidden part is what the vacancies (visible and frictional) leave of
    // a positive shortage. Only where turnover alone opens more vacancies
    // than there is shortage do the vacancies exceed it.
    let vacancies = visible + params.vacancies.frictional_share.value * leave_fte;
    o[V::VacanciesFte.index()] = vacancies;
    o[V::HiddenShortageFte.index()] = (short.max(0.0) - vacancies).max(0.0);
    o[V::ReplacementRequests.index()] = req;
    o[V::ReplacementUnfilled.index()] = unfilled_requests(req, cap);
}

/// The national pools of the year into `t + 1`: graduates per sector and
/// age into `entrants` `[sector, age]`, zij-instromers per sector
/// (persons) into `zij_total`.
fn national_pools(
    run: &ScenarioRun,
    year: &Year,
    entrants: &mut Array2<f64>,
    zij_total: &mut [f64; 5],
) {
    let (prep, params) = (run.prep, run.params);
    let (t1, lev_next) = (year.t1(), &year.lev_next);
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
            let intake_lever = run.levers.at(t1 - lag)[gi].training_intake;
            let n = prep.graduates[[ri, y1]]
                * run.graduate_factor.map_or(1.0, |f| f[[ri, y1]])
                * intake_lever
                * prep.route_entry[[ri, gi]]
                * split;
            if n > 0.0 {
                let row = ages_mut(
                    &mut entrants.as_slice_mut().expect("contiguous")[si * N_AGES..][..N_AGES],
                );
                let age = ages(row_slice(&prep.route_age, ri));
                over_ages!(N_AGES, |i, T| {
                    (T::load(row, i) + T::splat(n) * T::load(age, i)).store(row, i);
                });
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

/// Returners searching from a stille reserve of `reserve` persons: the
/// yearly search rate times the scenario's lever, never more than the
/// reserve holds (a lever of 7 or more with the default search rate of
/// 0.15 would otherwise draw more returners than there are, and the
/// reserve would go below zero) and never below zero.
pub(crate) fn searching_returners(reserve: f64, search: f64, lever: f64) -> f64 {
    let reserve = reserve.max(0.0);
    (search * reserve * lever).clamp(0.0, reserve)
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
    mut rng: Option<&mut CellRngs>,
) -> Channels {
    let nr = prep.n_markets();
    let gi = group_index(prep.sectors[si]);
    let y1 = (t1 - prep.years.first) as usize;
    let fte = ages(row_slice(&b.fte_next, gi));
    // Movers of each region are spread over the other regions:
    // arriving(r, i) = w_r × (pool_i − own_i), own_i = movers_r,i / (1 − w_r).
    b.mover_pool.fill(0.0);
    let pool = ages_mut(b.mover_pool.as_slice_mut().expect("contiguous"));
    for r in 0..nr {
        let rest = 1.0 - b.entry_weights[[r, si]];
        let movers = ages(lane(&b.movers, r, si));
        let own =
            ages_mut(&mut b.own_movers.as_slice_mut().expect("contiguous")[r * N_AGES..][..N_AGES]);
        // A region holding (almost) all the weight sends nobody.
        let inv = if rest > 1e-9 { 1.0 / rest } else { 0.0 };
        let [persons, own_fte] = over_ages!(N_AGES, 2, |i, T| {
            let o = T::load(movers, i) * T::splat(inv);
            o.store(own, i);
            (T::load(pool, i) + o).store(pool, i);
            [o, o * T::load(fte, i)]
        });
        b.own_sum[r] = persons;
        b.own_fte[r] = own_fte;
    }
    [b.pool_sum, b.pool_fte] = over_ages!(N_AGES, 2, |i, T| {
        let p = T::load(pool, i);
        [p, p * T::load(fte, i)]
    });
    let dot = |d: &[f64]| {
        let d = ages(d);
        let [x] = over_ages!(N_AGES, 1, |i, T| { [T::load(d, i) * T::load(fte, i)] });
        x
    };
    let zij_fte_pp = dot(prep.zij_age.as_slice().expect("contiguous"));
    let ret_fte_pp = dot(prep.returners_age.as_slice().expect("contiguous"));
    let entrants_fte = dot(row_slice(&b.entrants, si));
    for r in 0..nr {
        let w = b.entry_weights[[r, si]];
        let mut cand = entrants_fte * w
            + supply.zij * w * zij_fte_pp
            + searching_returners(b.reserve[[r, si]], supply.search, supply.returners_lever)
                * ret_fte_pp;
        if supply.moves {
            // Σ_i (pool_i − own_i) × fte_i.
            cand += w * (b.pool_fte - b.own_fte[r]);
        }
        b.candidates[r] = cand;
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
                    (h + sd * std_normal(g.cell(r, si))).clamp(0.0, cap)
                }
                None => h,
            }
        };
        b.hired_share[[r, si]] = if cand > 0.0 { hires / cand } else { 0.0 };
    }
    if t1 <= prep.observed_until[gi] && supply.moves {
        history_replaces_movers(prep, b, si, y1);
    }
    Channels {
        zij_fte_pp,
        ret_fte_pp,
        entrants_fte,
    }
}

/// History years: each region also hires to replace its own movers that
/// other regions hire, so that the channels, not the residual, carry the
/// observed employment. Those leaving region r are its movers times
/// `Σ_r' f_r' w_r' − f_r w_r` (the hired share of the weight elsewhere,
/// see [`Workforce::hire`]), which depends on every region's hired share
/// `f`: a few rounds of the fixed point, each hiring `observed −
/// present + leaving`, within the candidates.
fn history_replaces_movers(prep: &Prepared, b: &mut Buffers, si: usize, y1: usize) {
    let nr = prep.n_markets();
    // `b.own_fte` holds the fte of each region's own movers.
    for _ in 0..4 {
        let hired_weight: f64 = (0..nr)
            .map(|r| b.hired_share[[r, si]] * b.entry_weights[[r, si]])
            .sum();
        for r in 0..nr {
            let (cand, w) = (b.candidates[r], b.entry_weights[[r, si]]);
            let f = b.hired_share[[r, si]];
            let leaving = (hired_weight - f * w).max(0.0) * b.own_fte[r];
            let need = prep.employment[[r, si, y1]] - b.present[[r, si]] + leaving;
            b.hired_share[[r, si]] = if cand > 0.0 {
                need.clamp(0.0, cand) / cand
            } else {
                0.0
            };
        }
    }
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
            let (next, movers) = (ages(lane(&b.next, r, si)), ages(lane(&b.movers, r, si)));
            let fte = ages(row_slice(&b.fte_next, gi));
            let [present] = over_ages!(N_AGES, 1, |i, T| {
                [(T::load(next, i) + T::load(movers, i)) * T::load(fte, i)]
            });
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

/// The outflow rows of one cell from its leavers' `flows` (fte retiring,
/// leaving the profession, dying or disabled; persons leaving; persons
/// leaving the profession; the change of the fte of those who stay, movers
/// included), and its stille reserve after the year: its own exits, plus
/// the share of the attrition leavers that joins it.
pub(crate) fn write_outflow_row(
    o: &mut [f64],
    flows: &[f64; 6],
    reserve: &mut f64,
    market: &crate::domain::params::MarketParams,
) {
    o[V::OutflowRetirementFte.index()] = flows[0];
    o[V::OutflowAttritionFte.index()] = flows[1];
    o[V::OutflowDeathDisabilityFte.index()] = flows[2];
    o[V::OutflowFte.index()] = flows[0] + flows[1] + flows[2];
    o[V::OutflowPersons.index()] = flows[3];
    o[V::HoursChangeFte.index()] = flows[5];
    *reserve = *reserve * (1.0 - market.reserve_exit_rate.value)
        + market.attrition_to_reserve.value * flows[4];
}

//! The individual-level microsimulation of the full model.
//!
//! Every teacher is a record: age, market region and sector (the cell the
//! record is kept in), years of service, an individual hours factor and
//! whether the teacher is qualified. It implements the yearly step
//! (`model::step`) as the cohort engine does (`model::cohort`), on records
//! instead of expected counts:
//!
//! 1. **State**: the records are counted by age, and the rows of the year
//!    are written by the step's `ScenarioRun::state_stage`.
//! 2. **Outflow**: each record draws its event from the engine's hazards
//!    (`Hazards::probabilities`), attrition times a years-of-service
//!    factor; stayers and movers get a year older, their hours factor
//!    moves (an AR(1) on its log) and the unqualified may qualify.
//! 3. **Candidates** and 4. **matching** are the step's
//!    (`step::candidates`, `step::hire_shares`), on the
//!    records' fte; each region's hires by channel and age are then drawn
//!    as whole persons (a count with the engine's expectation), and each
//!    mover picks a destination region and is hired there or stays home
//!    with the engine's probabilities.
//!
//! With the years-of-service effect off and no hours spread, the mean over
//! runs is the cohort engine's projection (see the agreement test in
//! `tekort-polars/tests/microsim.rs`).

use ndarray::Array3;
use rand::RngExt;
use rand_distr::{Distribution, Exp1, StandardNormal};
use rand_pcg::Pcg64Mcg;

use crate::domain::params::{Params, AGE_MIN, N_AGES};
use crate::domain::projection::Variable as V;
use crate::domain::scenario::Scenario;
use crate::domain::sector::SectorGroup;
use crate::inputs::prepare::Prepared;
use crate::inputs::rates::Hazards;
use crate::model::market::leave_share;
use crate::model::noise::{CellRngs, DrawNoise};
use crate::model::state::{group_index, lane, lane_mut, row_mut, Buffers};
use crate::model::step::{
    run_years, searching_returners, write_outflow_row, Calibrated, CellWorkforce, Channels,
    Factors, Market, Outputs, ScenarioRun, Workforce, Year,
};

/// One teacher. Region and sector are the cell the record is kept in.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Person {
    /// Index on the age axis (age − [`AGE_MIN`]).
    age: u8,
    /// Years of service (255 and over are kept at 255).
    years: u8,
    /// Teaching with a qualification.
    qualified: bool,
    /// Individual hours factor: the person's fte over the fte of the age
    /// profile (mean 1).
    hours: f32,
}

/// Bytes of one record (age, years of service, qualified: one byte each; the
/// hours factor: an `f32`; padded to 8).
pub const MICROSIM_BYTES_PER_PERSON: usize = std::mem::size_of::<Person>();

/// Years-of-service classes counted in [`MicroStats`]: 0, 1, …, 5 and more.
pub const SERVICE_CLASSES: usize = 6;

/// What a run counts besides the forecast's columns.
#[derive(Debug, Clone, PartialEq)]
pub struct MicroStats {
    /// Persons at the start of the run.
    pub persons: usize,
    /// Person-years simulated.
    pub person_years: u64,
    /// Persons at the start of a forecast year by sector group and years
    /// of service (0, 1, …, 5+): the exposure of the leaving rates.
    pub exposure: [[f64; SERVICE_CLASSES]; 3],
    /// Of those, the persons who left teaching in the year (retirement,
    /// attrition, death and disability; not moves between regions).
    pub leavers: [[f64; SERVICE_CLASSES]; 3],
    /// fte taught without a qualification, by year of the run.
    pub unqualified_fte: Vec<f64>,
    /// All fte, by year of the run.
    pub fte: Vec<f64>,
}

impl MicroStats {
    pub(crate) fn new(years: usize) -> Self {
        MicroStats {
            persons: 0,
            person_years: 0,
            exposure: [[0.0; SERVICE_CLASSES]; 3],
            leavers: [[0.0; SERVICE_CLASSES]; 3],
            unqualified_fte: vec![0.0; years],
            fte: vec![0.0; years],
        }
    }

    /// Adds `other` (another run or scenario).
    pub(crate) fn add(&mut self, other: &MicroStats) {
        self.persons += other.persons;
        self.person_years += other.person_years;
        for g in 0..3 {
            for k in 0..SERVICE_CLASSES {
                self.exposure[g][k] += other.exposure[g][k];
                self.leavers[g][k] += other.leavers[g][k];
            }
        }
        for (a, b) in self.unqualified_fte.iter_mut().zip(&other.unqualified_fte) {
            *a += b;
        }
        for (a, b) in self.fte.iter_mut().zip(&other.fte) {
            *a += b;
        }
    }

    /// The yearly share leaving teaching by years of service (0, …, 5+) in
    /// `group`, over the forecast years (NaN where nobody was exposed).
    pub fn leaving_rate(&self, group: SectorGroup) -> [f64; SERVICE_CLASSES] {
        let g = group as usize;
        std::array::from_fn(|k| {
            let e = self.exposure[g][k];
            if e > 0.0 {
                self.leavers[g][k] / e
            } else {
                f64::NAN
            }
        })
    }

    /// The share of a year's entrants in `group` gone from teaching within
    /// `years` years (1 to 5), from [`MicroStats::leaving_rate`].
    pub fn gone_within(&self, group: SectorGroup, years: usize) -> f64 {
        let rate = self.leaving_rate(group);
        1.0 - (0..years.min(SERVICE_CLASSES))
            .map(|k| 1.0 - rate[k])
            .product::<f64>()
    }
}

/// How a microsimulation run behaves besides its parameters.
pub(crate) struct MicroRun<'a> {
    /// The run's generators, one per market region and sector (cloned per
    /// scenario: common random numbers). Every draw of a record's events,
    /// hours, hiring and moves comes from its cell's stream (a mover's from
    /// the cell it leaves), so a sector's runs do not depend on the other
    /// sectors in the call.
    pub(crate) rng: CellRngs,
    /// The parameter draw's demand and graduate factors, when drawn.
    pub(crate) noise: Option<&'a DrawNoise>,
    /// Attrition by years of service on.
    pub(crate) tenure: bool,
    /// Counts of the run (summed over scenarios).
    pub(crate) stats: MicroStats,
}

/// A count with expectation `x ≥ 0`: ⌊x⌋ plus one with probability
/// x − ⌊x⌋ (the least spread any whole-person count can have).
#[inline]
fn whole(x: f64, rng: &mut Pcg64Mcg) -> usize {
    if x <= 0.0 {
        return 0;
    }
    let n = x.floor();
    n as usize + usize::from(rng.random::<f64>() < x - n)
}

/// The hours factor process: log h = −σ²/2 + y, y an AR(1) with
/// persistence ρ and stationary sd σ, so E h = 1 every year.
#[derive(Debug, Clone, Copy)]
struct HoursProcess {
    sd: f64,
    persistence: f64,
    innovation: f64,
}

impl HoursProcess {
    fn new(params: &Params) -> Self {
        let (sd, rho) = (params.microsim.hours_sd, params.microsim.hours_persistence);
        HoursProcess {
            sd,
            persistence: rho,
            innovation: sd * (1.0 - rho * rho).sqrt(),
        }
    }

    /// A factor from the stationary distribution (a new person's).
    fn fresh(&self, rng: &mut Pcg64Mcg) -> f32 {
        if self.sd == 0.0 {
            return 1.0;
        }
        let z: f64 = StandardNormal.sample(rng);
        (self.sd * z - 0.5 * self.sd * self.sd).exp() as f32
    }

    /// Next year's factor of a person with factor `h`.
    #[inline]
    fn step(&self, h: f32, rng: &mut Pcg64Mcg) -> f32 {
        if self.sd == 0.0 {
            return h;
        }
        let half_var = 0.5 * self.sd * self.sd;
        let y = f64::from(h).ln() + half_var;
        let z: f64 = StandardNormal.sample(rng);
        (self.persistence * y + self.innovation * z - half_var).exp() as f32
    }
}

/// The records, one vector per (market region, sector) cell, region-major.
struct Population {
    cells: Vec<Vec<Person>>,
    ns: usize,
}

impl Population {
    fn cell(&self, r: usize, si: usize) -> &Vec<Person> {
        &self.cells[r * self.ns + si]
    }

    fn cell_mut(&mut self, r: usize, si: usize) -> &mut Vec<Person> {
        &mut self.cells[r * self.ns + si]
    }

    /// Whole persons drawn from the expected stock `[region, sector, age]`,
    /// with years of service, qualification and hours drawn as
    /// `params.microsim` says.
    fn from_stock(
        stock: &Array3<f64>,
        params: &Params,
        hours: &HoursProcess,
        rngs: &mut CellRngs,
    ) -> Self {
        let (nr, ns, _) = stock.dim();
        let mp = &params.microsim;
        let mut cells = Vec::with_capacity(nr * ns);
        for r in 0..nr {
            for si in 0..ns {
                let lane = lane(stock, r, si);
                let rng = rngs.cell(r, si);
                let total: f64 = lane.iter().sum();
                // Room for growth: pushes in the yearly loop rarely
                // reallocate.
                let mut cell = Vec::with_capacity((total * 1.5) as usize + 16);
                for (i, &n) in lane.iter().enumerate() {
                    let age = (AGE_MIN + i) as f64;
                    for _ in 0..whole(n, rng) {
                        // Career start at 22 plus an exponential wait.
                        let wait: f64 = Exp1.sample(rng);
                        let start = 22.0 + mp.career_start_mean_years * wait;
                        let years = (age - start).floor().clamp(0.0, 255.0) as u8;
                        cell.push(Person {
                            age: i as u8,
                            years,
                            qualified: rng.random::<f64>() >= mp.unqualified_share,
                            hours: hours.fresh(rng),
                        });
                    }
                }
                cells.push(cell);
            }
        }
        Population { cells, ns }
    }
}

/// The attrition factors by years of service, rescaled every year per
/// group and age so that each age keeps the attrition of the age profile:
/// the factors change who of an age leaves, not how many.
struct Tenure {
    /// `[group][class]` multipliers (the last class holds beyond).
    factors: [Vec<f64>; 3],
    /// `[group][age]` rescaling of the current year.
    norm: [[f64; N_AGES]; 3],
}

impl Tenure {
    fn new(params: &Params, on: bool) -> Self {
        let t = &params.microsim.tenure_attrition;
        let factors = if on {
            [t.po.clone(), t.vo.clone(), t.mbo.clone()]
        } else {
            [vec![1.0], vec![1.0], vec![1.0]]
        };
        Tenure {
            factors,
            norm: [[1.0; N_AGES]; 3],
        }
    }

    /// Sets the rescaling from the records at the start of a year: persons
    /// over the sum of their factors, per group and age.
    fn renormalize(&mut self, prep: &Prepared, pop: &Population) {
        if self.factors.iter().all(|f| f.iter().all(|&m| m == 1.0)) {
            return;
        }
        let mut sum = [[0.0; N_AGES]; 3];
        let mut n = [[0.0; N_AGES]; 3];
        for (k, cell) in pop.cells.iter().enumerate() {
            let gi = group_index(prep.sectors[k % pop.ns]);
            for p in cell {
                sum[gi][p.age as usize] += Self::factor_of(&self.factors[gi], p.years);
                n[gi][p.age as usize] += 1.0;
            }
        }
        for gi in 0..3 {
            for i in 0..N_AGES {
                self.norm[gi][i] = if sum[gi][i] > 0.0 {
                    n[gi][i] / sum[gi][i]
                } else {
                    1.0
                };
            }
        }
    }

    #[inline]
    fn factor_of(f: &[f64], years: u8) -> f64 {
        f[(years as usize).min(f.len() - 1)]
    }

    fn classes(&self, gi: usize) -> usize {
        self.factors[gi].len()
    }
}

/// Runs one scenario on the market regions with records, writing the same
/// `[market, sector, year, variable]` rows as the cohort engine.
pub(crate) fn run_scenario_micro(
    prep: &Prepared,
    params: &Params,
    calibrated: &Calibrated,
    scenario: &Scenario,
    run: &mut MicroRun,
    out: &mut Outputs,
) {
    let steps = ScenarioRun::new(prep, params, calibrated, scenario, Factors::of(run.noise));
    let mut market = Market::new(prep, params);
    let mut records = Records::new(prep, params, &market, run);
    run_years(&steps, &mut records, &mut market, out);
}

/// The microsimulation's workforce: the records of every cell, with what
/// their yearly events need.
struct Records<'r, 'a> {
    run: &'r mut MicroRun<'a>,
    hours: HoursProcess,
    pop: Population,
    tenure: Tenure,
    /// fte units (hours factors) by cell and age at the start of the year.
    units: Array3<f64>,
    /// Movers of the year per sector, with their region of origin.
    movers: Vec<Vec<(Person, u16)>>,
    /// Event thresholds `[age][class][reason]` of one cell, cumulative.
    thresholds: Vec<[f64; 5]>,
    /// Movers (persons, fte) into and out of each region, one sector.
    movers_in: Vec<(f64, f64)>,
    movers_out: Vec<(f64, f64)>,
    /// Yearly probability that an unqualified teacher qualifies.
    qualify_rate: f64,
}

impl<'r, 'a> Records<'r, 'a> {
    /// The records of the first year, drawn from the market's initial stock.
    fn new(prep: &Prepared, params: &Params, m: &Market, run: &'r mut MicroRun<'a>) -> Self {
        let (nr, ns) = (prep.n_markets(), prep.sectors.len());
        let hours = HoursProcess::new(params);
        let pop = Population::from_stock(&m.b.stock, params, &hours, &mut run.rng);
        run.stats.persons += pop.cells.iter().map(Vec::len).sum::<usize>();
        let tenure = Tenure::new(params, run.tenure);
        let max_classes = (0..3).map(|g| tenure.classes(g)).max().unwrap_or(1);
        Records {
            run,
            hours,
            pop,
            tenure,
            units: Array3::zeros((nr, ns, N_AGES)),
            movers: (0..ns).map(|_| Vec::new()).collect(),
            thresholds: vec![[0.0f64; 5]; N_AGES * max_classes],
            movers_in: vec![(0.0, 0.0); nr],
            movers_out: vec![(0.0, 0.0); nr],
            qualify_rate: 1.0 / f64::from(params.microsim.zij_years_to_qualify.max(1)),
        }
    }

    /// The cumulative event thresholds of one cell's records by age and
    /// years-of-service class: AOW, early retirement, attrition,
    /// death/disability, moving.
    fn fill_thresholds(&mut self, hazards: &Hazards, gi: usize, share: f64) {
        let nc = self.tenure.classes(gi);
        for i in 0..N_AGES {
            for c in 0..nc {
                let m = self.tenure.factors[gi][c] * self.tenure.norm[gi][i];
                let x = hazards.probabilities(gi, i, share, m);
                let th = &mut self.thresholds[i * nc + c];
                th[0] = x.at_aow;
                th[1] = th[0] + x.early_retirement;
                th[2] = th[1] + x.attrition;
                th[3] = th[2] + x.death_disability;
                th[4] = th[3] + x.moves;
            }
        }
    }

    /// Each record of cell `(r, si)` draws its event. Stayers' and movers'
    /// fte (hours factors by age at t+1) go to `next` and `mv`; returns the
    /// flows: retirement, attrition, death/disability fte; persons leaving
    /// (no movers); attrition persons; the hours change of those who stay.
    fn events(
        &mut self,
        (r, si, gi): (usize, usize, usize),
        m: &mut Market,
        forecast: bool,
    ) -> [f64; 6] {
        let ns = self.units.dim().1;
        let nc = self.tenure.classes(gi);
        let fte_now = m.b.fte_now.row(gi);
        let fte_now = fte_now.as_slice().expect("contiguous");
        let fte_next = m.b.fte_next.row(gi);
        let fte_next = fte_next.as_slice().expect("contiguous");
        let next = lane_mut(&mut m.b.next, r, si);
        let mv = lane_mut(&mut m.b.movers, r, si);
        let sector_movers = &mut self.movers[si];
        let mut flows = [0.0; 6];
        let stats = &mut self.run.stats;
        let (exposure, left) = (&mut stats.exposure[gi], &mut stats.leavers[gi]);
        let (rng, hours, thresholds) = (self.run.rng.cell(r, si), &self.hours, &self.thresholds);
        let qualify_rate = self.qualify_rate;
        let cell = &mut self.pop.cells[r * ns + si];
        cell.retain_mut(|p| {
            let i = p.age as usize;
            let class = (p.years as usize).min(nc - 1);
            let th = &thresholds[i * nc + class];
            let service = (p.years as usize).min(SERVICE_CLASSES - 1);
            if forecast {
                exposure[service] += 1.0;
            }
            let f = fte_now[i] * f64::from(p.hours);
            let u: f64 = rng.random();
            let gone = if u < th[1] {
                flows[0] += f;
                true
            } else if u < th[2] {
                flows[1] += f;
                flows[4] += 1.0;
                true
            } else if u < th[3] {
                flows[2] += f;
                true
            } else {
                false
            };
            if gone || i + 1 >= N_AGES {
                flows[3] += 1.0;
                if forecast {
                    left[service] += 1.0;
                }
                return false;
            }
            p.age += 1;
            p.years = p.years.saturating_add(1);
            p.hours = hours.step(p.hours, rng);
            // Those who stay in the profession, movers included, take the
            // fte of their age at t + 1 and their new hours factor.
            flows[5] += fte_next[i + 1] * f64::from(p.hours) - f;
            if !p.qualified && rng.random::<f64>() < qualify_rate {
                p.qualified = true;
            }
            if u < th[4] {
                mv[i + 1] += f64::from(p.hours);
                sector_movers.push((*p, r as u16));
                false
            } else {
                next[i + 1] += f64::from(p.hours);
                true
            }
        });
        flows
    }

    /// Movers of sector `si`: a destination r' ≠ r with probability
    /// w_r' / (1 − w_r), hired there with its hire share, otherwise back
    /// home; counts into `movers_in` and `movers_out`.
    fn assign_movers(&mut self, run: &ScenarioRun, si: usize, fte: &[f64], b: &Buffers) {
        let nr = run.prep.n_markets();
        self.movers_in.fill((0.0, 0.0));
        self.movers_out.fill((0.0, 0.0));
        for (p, origin) in self.movers[si].drain(..) {
            let r0 = origin as usize;
            let rng = self.run.rng.cell(r0, si);
            let rest = 1.0 - b.entry_weights[[r0, si]];
            let mut home = r0;
            if run.moves && rest > 1e-9 {
                let u = rng.random::<f64>() * rest;
                let mut acc = 0.0;
                let mut dest = None;
                for r in 0..nr {
                    if r == r0 {
                        continue;
                    }
                    acc += b.entry_weights[[r, si]];
                    dest = Some(r);
                    if u < acc {
                        break;
                    }
                }
                if let Some(d) = dest {
                    if rng.random::<f64>() < b.hired_share[[d, si]] {
                        let f = fte[p.age as usize] * f64::from(p.hours);
                        self.movers_in[d].0 += 1.0;
                        self.movers_in[d].1 += f;
                        self.movers_out[r0].0 += 1.0;
                        self.movers_out[r0].1 += f;
                        home = d;
                    }
                }
            }
            self.pop.cell_mut(home, si).push(p);
        }
    }

    /// The hires of region `r`, sector `si`, by channel and age, drawn as
    /// whole persons: (persons, fte) of graduates, zij-instromers and
    /// returners.
    fn hire_channels(
        &mut self,
        run: &ScenarioRun,
        (r, si): (usize, usize),
        expected: &Expected,
        fte: &[f64],
    ) -> [(f64, f64); 3] {
        let prep = run.prep;
        let mp = &run.params.microsim;
        let ns = prep.sectors.len();
        let (zij_age, ret_age) = (
            prep.zij_age.as_slice().expect("contiguous"),
            prep.returners_age.as_slice().expect("contiguous"),
        );
        let (rng, hours) = (self.run.rng.cell(r, si), &self.hours);
        let mut hired = [(0.0, 0.0); 3];
        // Never more whole returners than the reserve holds whole persons,
        // so the reserve (kept in expected persons) stays at or above zero.
        let mut returners_left = expected.reserve.max(0.0).floor();
        let cell = &mut self.pop.cells[r * ns + si];
        for i in 0..N_AGES {
            let x_age = [
                expected.share * expected.entrants[i] * expected.weight,
                expected.share * expected.zij * expected.weight * zij_age[i],
                expected.share * expected.returners * ret_age[i],
            ];
            for (c, &x) in x_age.iter().enumerate() {
                for _ in 0..whole(x, rng) {
                    if c == 2 {
                        if returners_left < 1.0 {
                            break;
                        }
                        returners_left -= 1.0;
                    }
                    let p = Person {
                        age: i as u8,
                        years: if c == 2 {
                            mp.returner_years_of_service
                        } else {
                            0
                        },
                        qualified: c != 1,
                        hours: hours.fresh(rng),
                    };
                    hired[c].0 += 1.0;
                    hired[c].1 += fte[i] * f64::from(p.hours);
                    cell.push(p);
                }
            }
        }
        hired
    }
}

/// What one region's channels offer in expectation: the hire share, the
/// region's weight, the graduates by age (national), the zij-instromers
/// (national), the region's searching returners and its stille reserve.
struct Expected<'e> {
    share: f64,
    weight: f64,
    entrants: ndarray::ArrayView1<'e, f64>,
    zij: f64,
    returners: f64,
    reserve: f64,
}

impl Workforce for Records<'_, '_> {
    /// Counts the records by age (persons and fte units) and writes the
    /// rows of the year.
    fn state(&mut self, run: &ScenarioRun, year: &Year, m: &mut Market, out: &mut Outputs) {
        let prep = run.prep;
        let yi = year.yi;
        m.b.stock.fill(0.0);
        self.units.fill(0.0);
        let stats = &mut self.run.stats;
        for r in 0..prep.n_markets() {
            for (si, s) in prep.sectors.iter().enumerate() {
                let gi = group_index(*s);
                let heads = lane_mut(&mut m.b.stock, r, si);
                let u = lane_mut(&mut self.units, r, si);
                let fte_now = m.b.fte_now.row(gi);
                let mut unqualified = 0.0;
                for p in self.pop.cell(r, si) {
                    heads[p.age as usize] += 1.0;
                    u[p.age as usize] += f64::from(p.hours);
                    if !p.qualified {
                        unqualified += fte_now[p.age as usize] * f64::from(p.hours);
                    }
                }
                stats.unqualified_fte[yi] += unqualified;
                let workforce = CellWorkforce {
                    heads,
                    units: u,
                    fte: fte_now.as_slice().expect("contiguous"),
                };
                let (emp, short) =
                    run.state_stage((r, si), year, workforce, m.b.reserve[[r, si]], out);
                stats.fte[yi] += emp;
                m.shortage_now[[r, si]] = short;
                m.employment_now[[r, si]] = emp;
            }
        }
        stats.person_years += m.b.stock.sum() as u64;
    }

    fn outflow(&mut self, run: &ScenarioRun, year: &Year, m: &mut Market, out: &mut Outputs) {
        let prep = run.prep;
        let nr = prep.n_markets();
        let forecast = year.t1() > prep.base_year;
        m.b.next.fill(0.0);
        m.b.movers.fill(0.0);
        self.tenure.renormalize(prep, &self.pop);
        for r in 0..nr {
            for (si, s) in prep.sectors.iter().enumerate() {
                let gi = group_index(*s);
                let share = leave_share(nr, m.b.weights[[r, si]]);
                self.fill_thresholds(&m.hazards, gi, share);
                let flows = self.events((r, si, gi), m, forecast);
                write_outflow_row(
                    row_mut(&mut out.values, r, si, year.y1()),
                    &flows,
                    &mut m.b.reserve[[r, si]],
                    &run.params.market,
                );
            }
        }
    }

    /// The records draw no noise on the hire shares: their hires are drawn
    /// person by person.
    fn hire_noise(&mut self) -> Option<&mut CellRngs> {
        None
    }

    fn hire(
        &mut self,
        run: &ScenarioRun,
        year: &Year,
        (si, _): (usize, Channels),
        m: &mut Market,
        out: &mut Outputs,
    ) {
        let prep = run.prep;
        let gi = group_index(prep.sectors[si]);
        let search = run.params.market.reserve_search_rate.value * m.reaction[gi];
        let fte = m.b.fte_next.row(gi);
        let fte = fte.as_slice().expect("contiguous");
        self.assign_movers(run, si, fte, &m.b);
        for r in 0..prep.n_markets() {
            let w = m.b.entry_weights[[r, si]];
            let returners =
                searching_returners(m.b.reserve[[r, si]], search, year.lev_next[gi].returners);
            let entrants = m.b.entrants.row(si);
            let grads_offered: f64 = entrants.sum() * w;
            let expected = Expected {
                share: m.b.hired_share[[r, si]],
                weight: w,
                entrants,
                zij: m.zij_total[si],
                returners,
                reserve: m.b.reserve[[r, si]],
            };
            let hired = self.hire_channels(run, (r, si), &expected, fte);
            // The graduates are a national pool of expected persons: the
            // reserve gains the expected unhired ones (as in the cohort
            // engine; the whole graduates hired vary around their
            // expectation) and loses the whole returners hired, never more
            // than it holds.
            m.b.reserve[[r, si]] = (m.b.reserve[[r, si]] + (1.0 - expected.share) * grads_offered
                - hired[2].0)
                .max(0.0);
            let (movers_in, movers_out) = (self.movers_in[r], self.movers_out[r]);
            let o = row_mut(&mut out.values, r, si, year.y1());
            o[V::InflowGraduatesFte.index()] = hired[0].1;
            o[V::InflowZijInstroomFte.index()] = hired[1].1;
            o[V::InflowReturnersFte.index()] = hired[2].1;
            o[V::InflowMoversFte.index()] = movers_in.1;
            o[V::InflowFte.index()] = hired[0].1 + hired[1].1 + hired[2].1 + movers_in.1;
            o[V::InflowPersons.index()] = hired[0].0 + hired[1].0 + hired[2].0 + movers_in.0;
            o[V::OutflowMoversFte.index()] = movers_out.1;
            o[V::OutflowFte.index()] += movers_out.1;
            o[V::OutflowPersons.index()] += movers_out.0;
            o[V::OpeningsFte.index()] = m.b.openings[[r, si]];
        }
    }

    /// The residual to the observed employment as whole persons: entrants
    /// with the returners' ages, or records removed at random.
    fn residual(
        &mut self,
        run: &ScenarioRun,
        year: &Year,
        (si, ch): (usize, Channels),
        m: &mut Market,
        out: &mut Outputs,
    ) {
        let prep = run.prep;
        let (y1, ns) = (year.y1(), prep.sectors.len());
        let gi = group_index(prep.sectors[si]);
        let fte = m.b.fte_next.row(gi);
        let ret_age = prep.returners_age.as_slice().expect("contiguous");
        let returner_years = run.params.microsim.returner_years_of_service;
        let hours = &self.hours;
        for r in 0..prep.n_markets() {
            let rng = self.run.rng.cell(r, si);
            let cell = &mut self.pop.cells[r * ns + si];
            let after: f64 = cell
                .iter()
                .map(|p| fte[p.age as usize] * f64::from(p.hours))
                .sum();
            let diff = prep.employment[[r, si, y1]] - after;
            let (mut persons, mut moved_fte) = (0.0, 0.0);
            if diff >= 0.0 && ch.ret_fte_pp > 0.0 {
                let n = diff / ch.ret_fte_pp;
                for (i, &share) in ret_age.iter().enumerate() {
                    for _ in 0..whole(n * share, rng) {
                        let p = Person {
                            age: i as u8,
                            years: returner_years,
                            qualified: true,
                            hours: hours.fresh(rng),
                        };
                        persons += 1.0;
                        moved_fte += fte[i] * f64::from(p.hours);
                        cell.push(p);
                    }
                }
            } else if after > 0.0 {
                let keep = (after + diff).max(0.0) / after;
                cell.retain(|p| {
                    if rng.random::<f64>() < keep {
                        true
                    } else {
                        persons -= 1.0;
                        moved_fte -= fte[p.age as usize] * f64::from(p.hours);
                        false
                    }
                });
            }
            let o = row_mut(&mut out.values, r, si, y1);
            o[V::InflowResidualFte.index()] = moved_fte;
            o[V::InflowFte.index()] += moved_fte;
            o[V::InflowPersons.index()] += persons;
        }
    }
}

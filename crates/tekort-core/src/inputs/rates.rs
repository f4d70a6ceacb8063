//! The yearly exit rates of the engines: one set of hazards by sector
//! group and age for a year, with the levers in force.

use crate::domain::params::{aow_age_in, AowStep, Params, AGE_MIN, N_AGES};
use crate::domain::scenario::ActiveLevers;
use crate::domain::sector::SectorGroup;
/// Yearly exit probabilities `[group, age]` for one year (fixed-size
/// arrays: read in the engine's innermost loop).
#[derive(Debug, Clone)]
pub(crate) struct Hazards {
    /// Share of an age class that reaches the AOW age during the year.
    aow: [f64; N_AGES],
    attrition: [[f64; N_AGES]; 3],
    early_retirement: [[f64; N_AGES]; 3],
    death_disability: [f64; N_AGES],
    moving: [f64; N_AGES],
}

impl Hazards {
    pub(crate) fn new() -> Self {
        Hazards {
            aow: [0.0; N_AGES],
            attrition: [[0.0; N_AGES]; 3],
            early_retirement: [[0.0; N_AGES]; 3],
            death_disability: [0.0; N_AGES],
            moving: [0.0; N_AGES],
        }
    }

    /// Fills the hazards for `year` with the levers in force per group.
    pub(crate) fn fill(
        &mut self,
        params: &Params,
        aow_path: &[AowStep],
        year: i32,
        levers: &[ActiveLevers; 3],
        moves: bool,
    ) {
        let o = &params.outflow;
        let aow = aow_age_in(aow_path, year);
        // Early retirement moves with a scenario's change of the AOW age
        // (0 on the parameters' own path, history included).
        let shift = aow - aow_age_in(&o.aow_age, year);
        let er = &o.early_retirement_from_60;
        for i in 0..N_AGES {
            let a = AGE_MIN + i;
            // Ages are completed years at the start of the year: those aged
            // `a` are between a and a+1 and reach a+1..a+2 during the year,
            // so the share that reaches the AOW age is (a + 2 − AOW).
            self.aow[i] = if i == N_AGES - 1 {
                1.0
            } else {
                (a as f64 + 2.0 - aow).clamp(0.0, 1.0)
            };
            self.death_disability[i] = o.death_disability_at_20.value
                * (o.death_disability_growth.value * (a as f64 - 20.0)).exp();
            self.moving[i] = if moves {
                params.mobility.move_rate.at(a).value
            } else {
                0.0
            };
            for (gi, g) in SectorGroup::ALL.iter().enumerate() {
                let lever = levers[gi].outflow.at(a);
                self.attrition[gi][i] = o.attrition.get(*g).at(a).value * lever;
                self.early_retirement[gi][i] = early_retirement(er, a, shift) * lever;
            }
        }
    }
}

/// The yearly early-retirement probability at age `a` when a scenario
/// moves the AOW age by `shift` years from the parameters' path: the
/// schedule `er` (ages 60, 61, …, calibrated on the parameters' path)
/// moved by the same amount, so that a higher AOW age delays early
/// retirement as much as a lower one brings it forward. Between whole years
/// of the shift it is interpolated linearly, and it rises from 0 one year
/// before the schedule's first age.
pub(crate) fn early_retirement(
    er: &[crate::domain::estimate::Estimate],
    a: usize,
    shift: f64,
) -> f64 {
    let Some(last) = er.len().checked_sub(1) else {
        return 0.0;
    };
    let x = a as f64 - 60.0 - shift;
    if x <= -1.0 {
        return 0.0;
    }
    if x < 0.0 {
        return (1.0 + x) * er[0].value;
    }
    let k = (x.floor() as usize).min(last);
    let next = (k + 1).min(last);
    let frac = if k == last { 0.0 } else { x - k as f64 };
    er[k].value * (1.0 - frac) + er[next].value * frac
}

/// The hazards of one sector group as lanes over age (the cohort engine's
/// outflow reads them whole, see [`Hazards::lanes`]).
pub(crate) struct GroupLanes<'h> {
    pub(crate) aow: &'h [f64; N_AGES],
    pub(crate) attrition: &'h [f64; N_AGES],
    pub(crate) early_retirement: &'h [f64; N_AGES],
    pub(crate) death_disability: &'h [f64; N_AGES],
    pub(crate) moving: &'h [f64; N_AGES],
}

impl Hazards {
    /// The lanes of group `gi`.
    pub(crate) fn lanes(&self, gi: usize) -> GroupLanes<'_> {
        GroupLanes {
            aow: &self.aow,
            attrition: &self.attrition[gi],
            early_retirement: &self.early_retirement[gi],
            death_disability: &self.death_disability,
            moving: &self.moving,
        }
    }
}

/// Persons leaving one age class in one year, by reason.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Exits {
    /// Reaching the AOW age.
    pub(crate) at_aow: f64,
    pub(crate) early_retirement: f64,
    pub(crate) attrition: f64,
    pub(crate) death_disability: f64,
    /// Moving to another region.
    pub(crate) moves: f64,
}

impl Exits {
    pub(crate) fn total(&self) -> f64 {
        self.at_aow + self.early_retirement + self.attrition + self.death_disability + self.moves
    }
}

impl Hazards {
    /// How `n` persons of age class `i` in group `gi` leave: the AOW share
    /// first, then competing hazards on the rest, scaled down together when
    /// they add up to more than 1. `leave_share` is the share of school
    /// changes that leave the region (see [`leave_share`]).
    pub(crate) fn exits(&self, gi: usize, i: usize, n: f64, leave_share: f64) -> Exits {
        self.exits_scaled(gi, i, n, leave_share, 1.0)
    }

    /// The yearly probabilities of one person of age class `i` in group
    /// `gi` to leave, by reason, with the attrition hazard times `m` (the
    /// microsimulation's years-of-service effect): as
    /// [`Hazards::exits_scaled`] of one person when `m` is 1.
    #[inline]
    pub(crate) fn probabilities(&self, gi: usize, i: usize, leave_share: f64, m: f64) -> Exits {
        let at_aow = self.aow[i];
        let rem = 1.0 - at_aow;
        let q_att = self.attrition[gi][i] * m;
        let q_er = self.early_retirement[gi][i];
        let q_dd = self.death_disability[i];
        let q_mv = self.moving[i] * leave_share;
        let total = q_att + q_er + q_dd + q_mv;
        let scale = if total > 1.0 { 1.0 / total } else { 1.0 };
        Exits {
            at_aow,
            early_retirement: rem * q_er * scale,
            attrition: rem * q_att * scale,
            death_disability: rem * q_dd * scale,
            moves: rem * q_mv * scale,
        }
    }

    /// As [`Hazards::exits`], with every reason except the AOW age scaled
    /// by `f` (process noise), never more than the persons there are.
    #[inline]
    pub(crate) fn exits_scaled(
        &self,
        gi: usize,
        i: usize,
        n: f64,
        leave_share: f64,
        f: f64,
    ) -> Exits {
        let at_aow = n * self.aow[i];
        let rem = n - at_aow;
        let q_att = self.attrition[gi][i];
        let q_er = self.early_retirement[gi][i];
        let q_dd = self.death_disability[i];
        let q_mv = self.moving[i] * leave_share;
        let total = q_att + q_er + q_dd + q_mv;
        let scale = if total * f > 1.0 { 1.0 / total } else { f };
        Exits {
            at_aow,
            early_retirement: rem * q_er * scale,
            attrition: rem * q_att * scale,
            death_disability: rem * q_dd * scale,
            moves: rem * q_mv * scale,
        }
    }
}

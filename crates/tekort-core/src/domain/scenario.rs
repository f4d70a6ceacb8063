//! Policy scenarios: named levers applied from a given year.
//!
//! A scenario file is TOML with the lever names as keys; every key is
//! optional and a lever left out stays at its neutral value:
//!
//! ```toml
//! name = "meer zij-instroom"
//! description = "50 % more career switchers and better retention of starters"
//! from_year = 2026
//! zij_instroom = 1.5            # multiplier on career switchers
//! outflow = { under_30 = 0.8 }  # multiplier on leaving rates by age band
//! ramp_years = 3                # phase-in: full effect in the third year
//! ```
//!
//! Every lever's direction (what it does to the shortage):
//!
//! | lever | neutral | above neutral | below neutral |
//! |---|---|---|---|
//! | `zij_instroom`, `training_intake`, `returners` | 1 | more inflow: smaller shortage | larger shortage |
//! | `outflow.*` | 1 | more leavers: larger shortage | smaller shortage |
//! | `fte_per_person` | 1 | more hours per person: smaller shortage | larger shortage |
//! | `class_size` | 1 | larger classes, less demand: smaller shortage | smaller classes: larger shortage |
//! | `teaching_time` | 1 | more teaching time per pupil: larger shortage | less ("anders organiseren"): smaller shortage |
//! | `workload` | 0 | more fte for the same teaching (less workload): larger shortage | fewer fte: smaller shortage |
//! | `substitute_capacity` | 1 | a larger substitute pool: smaller hidden shortage | larger |
//! | `market_reaction` | 1 | a stronger reaction of inflow to the shortage: smaller shortage | larger |
//!
//! ```
//! use tekort_core::scenario::Scenario;
//! let s = Scenario::from_toml_str("name = \"x\"\nzij_instroom = 1.5").unwrap();
//! assert_eq!(s.zij_instroom, 1.5);
//! let err = Scenario::from_toml_str("name = \"x\"\nzij_instrom = 1.5").unwrap_err();
//! assert!(err.to_string().contains("zij_instrom"));
//! ```

use serde::{Deserialize, Serialize};

use crate::domain::params::{check_aow_path, AowStep, ByAgeBand};
use crate::domain::sector::SectorGroup;
use crate::error::{readable, Result, TekortError};

/// Multipliers on the yearly leaving (attrition and early-retirement) rates
/// per age band; 1 is no change, 0.8 is 20 % fewer leavers.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OutflowLever {
    /// Ages below 30.
    pub under_30: f64,
    /// Ages 30 to 44.
    pub age_30_44: f64,
    /// Ages 45 to 59.
    pub age_45_59: f64,
    /// Ages 60 and over (before the AOW age).
    pub age_60_plus: f64,
}

impl Default for OutflowLever {
    fn default() -> Self {
        OutflowLever {
            under_30: 1.0,
            age_30_44: 1.0,
            age_45_59: 1.0,
            age_60_plus: 1.0,
        }
    }
}

impl OutflowLever {
    /// As age bands.
    pub fn bands(&self) -> ByAgeBand<f64> {
        ByAgeBand {
            under_30: self.under_30,
            age_30_44: self.age_30_44,
            age_45_59: self.age_45_59,
            age_60_plus: self.age_60_plus,
        }
    }
}

/// A named set of policy levers, applied from `from_year` on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Scenario {
    /// Name shown in the `scenario` column; unique within a run.
    pub name: String,
    /// Free text.
    pub description: String,
    /// First year in which the levers act; `None` (left out of the file)
    /// is the year after the base year.
    pub from_year: Option<i32>,
    /// Sector groups the levers act on (`po`, `vo`, `mbo`); empty is all.
    pub sectors: Vec<SectorGroup>,
    /// Multiplier on the number of zij-instromers (career switchers).
    pub zij_instroom: f64,
    /// Multiplier on first-year intake of teacher training; graduates follow
    /// after each route's training lag.
    pub training_intake: f64,
    /// Multiplier on returners from the stille reserve.
    pub returners: f64,
    /// Multipliers on leaving rates by age band (retention policy).
    pub outflow: OutflowLever,
    /// Multiplier on fte per person (more or fewer hours), capped at the
    /// `hours.max_fte_per_person` parameter.
    pub fte_per_person: f64,
    /// Multiplier on class size (pupils per teacher fte): 0.9 means 10 %
    /// smaller classes and so about 11 % more demand.
    pub class_size: f64,
    /// Multiplier on teaching time per pupil ("anders organiseren" below 1):
    /// more lessons per pupil need proportionally more fte.
    pub teaching_time: f64,
    /// Workload: the share of extra fte needed for the same teaching, for
    /// time outside the classroom (preparation, care, less teaching per
    /// fte to relieve workload); 0 is no change, 0.05 is 5 % more fte per
    /// pupil, −0.05 is 5 % fewer (a larger shortage above 0). Unlike
    /// `teaching_time`, which changes the lessons pupils get, it changes
    /// the fte a teacher needs to give the same lessons. Demand is
    /// multiplied by `teaching_time × (1 + workload) / class_size`.
    #[serde(skip_serializing_if = "is_zero")]
    pub workload: f64,
    /// Multiplier on the capacity of the substitute pool.
    pub substitute_capacity: f64,
    /// Replaces the AOW-age path from each step's year on.
    pub aow_age: Vec<AowStep>,
    /// Multiplier on the market's reaction to the shortage
    /// (`market.reaction` and the spread the Monte Carlo draws for it,
    /// `uncertainty.reaction`): 0 is the no-reaction path,
    /// [`Scenario::beleidsarm`].
    pub market_reaction: f64,
    /// Phase-in: the levers reach their full value linearly over this many
    /// years from `from_year` (a share `k / ramp_years` of the change in
    /// the `k`-th year); 0 (the default) is the full value at once. The
    /// AOW-age steps are not phased (each has its own year).
    #[serde(skip_serializing_if = "is_zero_years")]
    pub ramp_years: u32,
}

fn is_zero(x: &f64) -> bool {
    *x == 0.0
}

fn is_zero_years(n: &u32) -> bool {
    *n == 0
}

/// The longest phase-in a scenario may have ([`Scenario::ramp_years`]).
pub const MAX_RAMP_YEARS: u32 = 30;

impl Default for Scenario {
    fn default() -> Self {
        Scenario {
            name: "baseline".to_string(),
            description: String::new(),
            from_year: None,
            sectors: Vec::new(),
            zij_instroom: 1.0,
            training_intake: 1.0,
            returners: 1.0,
            outflow: OutflowLever::default(),
            fte_per_person: 1.0,
            class_size: 1.0,
            teaching_time: 1.0,
            workload: 0.0,
            substitute_capacity: 1.0,
            aow_age: Vec::new(),
            market_reaction: 1.0,
            ramp_years: 0,
        }
    }
}

/// The levers in force for one sector group in one year.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct ActiveLevers {
    pub(crate) zij_instroom: f64,
    pub(crate) training_intake: f64,
    pub(crate) returners: f64,
    pub(crate) outflow: ByAgeBand<f64>,
    pub(crate) fte_per_person: f64,
    pub(crate) demand: f64,
    pub(crate) substitute_capacity: f64,
    pub(crate) reaction: f64,
}

impl ActiveLevers {
    pub(crate) const NEUTRAL: ActiveLevers = ActiveLevers {
        zij_instroom: 1.0,
        training_intake: 1.0,
        returners: 1.0,
        outflow: ByAgeBand::uniform(1.0),
        fte_per_person: 1.0,
        demand: 1.0,
        substitute_capacity: 1.0,
        reaction: 1.0,
    };
}

impl Scenario {
    /// The built-in baseline: no levers.
    pub fn baseline() -> Self {
        Scenario::default()
    }

    /// `beleidsarm`: the no-reaction path, what Mirror publishes. The
    /// zij-instroom and the stille reserve's search do not answer the
    /// shortage, in the Monte Carlo's draws either (`market_reaction = 0`);
    /// every other lever neutral. CLI: `--scenario beleidsarm`.
    ///
    /// ```
    /// use tekort_core::scenario::Scenario;
    /// assert_eq!(Scenario::beleidsarm().market_reaction, 0.0);
    /// ```
    pub fn beleidsarm() -> Self {
        Scenario {
            name: "beleidsarm".into(),
            description: "no reaction of the market to the shortage (zij-instroom and the reserve's search held), in the Monte Carlo too: what Mirror publishes".into(),
            market_reaction: 0.0,
            ..Scenario::default()
        }
    }

    /// A scenario with only a name; set levers on the returned value.
    pub fn named(name: impl Into<String>) -> Self {
        Scenario {
            name: name.into(),
            ..Scenario::default()
        }
    }

    /// A builder: set levers by name, then [`ScenarioBuilder::build`]
    /// validates the whole (every lever in its range, the AOW path, the
    /// name), so a scenario that builds is one the model accepts.
    ///
    /// ```
    /// use tekort_core::{scenario::Scenario, sector::SectorGroup};
    /// let s = Scenario::builder("meer zij-instroom")
    ///     .description("half as many again from 2027")
    ///     .from_year(2027)
    ///     .sectors(&[SectorGroup::Po])
    ///     .zij_instroom(1.5)
    ///     .build()?;
    /// assert_eq!(s.zij_instroom, 1.5);
    /// // Out of range: an error naming the lever.
    /// let e = Scenario::builder("x").returners(50.0).build().unwrap_err();
    /// assert!(e.to_string().contains("returners"));
    /// # Ok::<(), tekort_core::TekortError>(())
    /// ```
    pub fn builder(name: impl Into<String>) -> ScenarioBuilder {
        ScenarioBuilder {
            scenario: Scenario::named(name),
        }
    }

    /// Reads a scenario from TOML text and validates it. Unknown keys and
    /// out-of-range values are errors naming the key.
    pub fn from_toml_str(text: &str) -> Result<Self> {
        let scenario: Scenario =
            toml::from_str(text).map_err(|e| TekortError::InvalidScenario {
                scenario: name_hint(text),
                reason: e.to_string().trim().to_string(),
            })?;
        scenario.validate()?;
        Ok(scenario)
    }

    /// Writes the scenario as TOML.
    pub fn to_toml_string(&self) -> String {
        toml::to_string_pretty(self).expect("scenarios always serialize")
    }

    /// Checks every lever; the error names the key and value.
    pub fn validate(&self) -> Result<()> {
        let bad = |key: &str, value: f64, rule: &str| TekortError::InvalidScenario {
            scenario: self.name.clone(),
            reason: format!("{key} = {} {rule}", readable(value)),
        };
        if self.name.trim().is_empty() {
            return Err(TekortError::InvalidScenario {
                scenario: String::new(),
                reason: "name must not be empty".into(),
            });
        }
        if let Some(year) = self.from_year {
            if !(2000..=2100).contains(&year) {
                return Err(bad(
                    "from_year",
                    year as f64,
                    "must be between 2000 and 2100",
                ));
            }
            if let Some(step) = self.aow_age.iter().find(|s| s.from < year) {
                return Err(bad(
                    "aow_age.from",
                    step.from as f64,
                    &format!("is before from_year {year}"),
                ));
            }
        }
        let multipliers = [
            ("zij_instroom", self.zij_instroom, 0.0, 20.0),
            ("training_intake", self.training_intake, 0.0, 10.0),
            ("returners", self.returners, 0.0, 20.0),
            ("outflow.under_30", self.outflow.under_30, 0.0, 10.0),
            ("outflow.age_30_44", self.outflow.age_30_44, 0.0, 10.0),
            ("outflow.age_45_59", self.outflow.age_45_59, 0.0, 10.0),
            ("outflow.age_60_plus", self.outflow.age_60_plus, 0.0, 10.0),
            ("fte_per_person", self.fte_per_person, 0.3, 2.0),
            ("class_size", self.class_size, 0.3, 3.0),
            ("teaching_time", self.teaching_time, 0.3, 3.0),
            ("workload", self.workload, -0.5, 1.0),
            ("substitute_capacity", self.substitute_capacity, 0.0, 20.0),
            ("market_reaction", self.market_reaction, 0.0, 10.0),
        ];
        for (key, value, min, max) in multipliers {
            if !value.is_finite() || value < min || value > max {
                return Err(bad(key, value, &format!("must be between {min} and {max}")));
            }
        }
        if self.ramp_years > MAX_RAMP_YEARS {
            return Err(bad(
                "ramp_years",
                self.ramp_years as f64,
                &format!("must be between 0 and {MAX_RAMP_YEARS} (years of phase-in)"),
            ));
        }
        check_aow_path("aow_age", &self.aow_age).map_err(|e| TekortError::InvalidScenario {
            scenario: self.name.clone(),
            reason: e.to_string(),
        })?;
        Ok(())
    }

    /// Whether the levers act on `group`.
    pub fn applies_to(&self, group: SectorGroup) -> bool {
        self.sectors.is_empty() || self.sectors.contains(&group)
    }

    /// The factor on demand of the demand levers at their full value:
    /// `teaching_time × (1 + workload) / class_size`.
    ///
    /// ```
    /// use tekort_core::scenario::Scenario;
    /// let mut s = Scenario::named("x");
    /// s.class_size = 0.95;
    /// s.teaching_time = 0.95;
    /// assert!((s.demand_factor() - 1.0).abs() < 1e-12);
    /// ```
    pub fn demand_factor(&self) -> f64 {
        self.teaching_time * (1.0 + self.workload) / self.class_size
    }

    /// The share of the levers' full change in force in `year`: 0 before
    /// `from_year`, then `k / ramp_years` in the `k`-th year up to 1 (1
    /// from `from_year` on without a phase-in).
    ///
    /// ```
    /// use tekort_core::scenario::Scenario;
    /// let mut s = Scenario::named("x");
    /// s.from_year = Some(2027);
    /// s.ramp_years = 4;
    /// assert_eq!([2026, 2027, 2028, 2030, 2035].map(|y| s.phase_in(y)), [0.0, 0.25, 0.5, 1.0, 1.0]);
    /// ```
    pub fn phase_in(&self, year: i32) -> f64 {
        // `run` resolves a missing from_year to the year after the base year.
        let from = self.from_year.unwrap_or(i32::MAX);
        if year < from {
            0.0
        } else if self.ramp_years == 0 {
            1.0
        } else {
            (f64::from(year - from + 1) / f64::from(self.ramp_years)).min(1.0)
        }
    }

    /// The levers in force in `year` for `group`.
    pub(crate) fn levers(&self, year: i32, group: SectorGroup) -> ActiveLevers {
        let w = self.phase_in(year);
        if w == 0.0 || !self.applies_to(group) {
            return ActiveLevers::NEUTRAL;
        }
        // A share w of each lever's change (w = 1: the lever itself).
        let part = |x: f64| if w == 1.0 { x } else { 1.0 + w * (x - 1.0) };
        ActiveLevers {
            zij_instroom: part(self.zij_instroom),
            training_intake: part(self.training_intake),
            returners: part(self.returners),
            outflow: ByAgeBand {
                under_30: part(self.outflow.under_30),
                age_30_44: part(self.outflow.age_30_44),
                age_45_59: part(self.outflow.age_45_59),
                age_60_plus: part(self.outflow.age_60_plus),
            },
            fte_per_person: part(self.fte_per_person),
            demand: part(self.teaching_time) * (1.0 + w * self.workload) / part(self.class_size),
            substitute_capacity: part(self.substitute_capacity),
            reaction: part(self.market_reaction),
        }
    }

    /// The AOW path with this scenario's steps laid over `base` (the
    /// default path of [`crate::domain::params::Params`]).
    pub fn aow_path(&self, base: &[AowStep]) -> Vec<AowStep> {
        if self.aow_age.is_empty() {
            return base.to_vec();
        }
        let first = self
            .aow_age
            .iter()
            .map(|s| s.from)
            .min()
            .unwrap_or(i32::MAX);
        let mut path: Vec<AowStep> = base.iter().copied().filter(|s| s.from < first).collect();
        path.extend(self.aow_age.iter().copied());
        path.sort_by_key(|s| s.from);
        path
    }
}

/// Best-effort scenario name from raw TOML text, for error messages when the
/// text itself does not parse.
fn name_hint(text: &str) -> String {
    text.lines()
        .filter_map(|l| l.trim().strip_prefix("name"))
        .filter_map(|rest| rest.trim().strip_prefix('='))
        .map(|v| v.trim().trim_matches('"').to_string())
        .next()
        .unwrap_or_default()
}

/// Checks that scenario names are unique.
pub fn check_unique_names(scenarios: &[Scenario]) -> Result<()> {
    for (i, s) in scenarios.iter().enumerate() {
        if scenarios[..i].iter().any(|o| o.name == s.name) {
            return Err(TekortError::InvalidScenario {
                scenario: s.name.clone(),
                reason: "two scenarios have this name; names must be unique".into(),
            });
        }
    }
    Ok(())
}

/// Builds a [`Scenario`] by named levers ([`Scenario::builder`]); every
/// lever is a multiplier (1 is no change) unless said otherwise.
#[derive(Debug, Clone, PartialEq)]
#[must_use = "a builder does nothing until build() is called"]
pub struct ScenarioBuilder {
    scenario: Scenario,
}

macro_rules! lever {
    ($($(#[doc = $doc:literal])* $name:ident;)*) => {
        $(
            $(#[doc = $doc])*
            pub fn $name(mut self, value: f64) -> Self {
                self.scenario.$name = value;
                self
            }
        )*
    };
}

impl ScenarioBuilder {
    /// Free text.
    pub fn description(mut self, text: impl Into<String>) -> Self {
        self.scenario.description = text.into();
        self
    }
    /// First year in which the levers act (default: the year after the
    /// base year).
    pub fn from_year(mut self, year: i32) -> Self {
        self.scenario.from_year = Some(year);
        self
    }
    /// The sector groups the levers act on (default: all).
    pub fn sectors(mut self, groups: &[SectorGroup]) -> Self {
        self.scenario.sectors = groups.to_vec();
        self
    }
    lever! {
        /// Multiplier on the number of zij-instromers (0–20).
        zij_instroom;
        /// Multiplier on teacher-training intake (0–10).
        training_intake;
        /// Multiplier on returners from the stille reserve (0–20).
        returners;
        /// Multiplier on fte per person.
        fte_per_person;
        /// Multiplier on class size (0.9: 10 % smaller classes).
        class_size;
        /// Multiplier on teaching time per pupil.
        teaching_time;
        /// Workload: the share of extra fte for the same teaching (0: none).
        workload;
        /// Multiplier on the substitute pool's capacity.
        substitute_capacity;
        /// Multiplier on the market's reaction to the shortage (0: none).
        market_reaction;
    }
    /// Multipliers on the leaving rates by age band.
    pub fn outflow(mut self, lever: OutflowLever) -> Self {
        self.scenario.outflow = lever;
        self
    }
    /// Phase-in: years until the levers reach their full value (0: at once).
    pub fn ramp_years(mut self, years: u32) -> Self {
        self.scenario.ramp_years = years;
        self
    }
    /// The AOW-age path from each step's year on.
    pub fn aow_age(mut self, steps: &[AowStep]) -> Self {
        self.scenario.aow_age = steps.to_vec();
        self
    }
    /// The scenario, validated ([`Scenario::validate`]).
    pub fn build(self) -> Result<Scenario> {
        self.scenario.validate()?;
        Ok(self.scenario)
    }
}

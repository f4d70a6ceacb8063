//! The one documented parameter set of the model.
//!
//! Every rate, ratio and share the engine uses lives here with its source or
//! the reason for its value. Values marked *assumption* are not published
//! anywhere we could find; they are set to plausible values, calibrated where
//! possible to the published figures in `domain.md`, and are meant to be
//! overridden. `docs/method.md` gives the equations they enter.
//!
//! Parameters are read from TOML by overlaying a (partial) file on the
//! defaults, so a file need only name what it changes:
//!
//! ```
//! use tekort_core::Params;
//! let p = Params::from_toml_str("[workforce.employment_fte]\npo = 95000").unwrap();
//! assert_eq!(p.workforce.employment_fte.po.value, 95000.0);
//! assert_eq!(p.workforce.employment_fte.vo.value, Params::default().workforce.employment_fte.vo.value);
//! assert!(Params::from_toml_str("[workforce]\nemploymnt_fte = 1").is_err());
//! ```

use serde::{Deserialize, Serialize};

use crate::error::{check_range, Result, TekortError};
use crate::estimate::Estimate;
use crate::sector::{PerGroup, SectorGroup};

/// Youngest age tracked in the workforce.
pub const AGE_MIN: usize = 18;
/// Oldest age tracked; everybody still working leaves at this age.
pub const AGE_MAX: usize = 75;
/// Number of single-year age classes.
pub const N_AGES: usize = AGE_MAX - AGE_MIN + 1;

/// A value per age band, as used for outflow, hours and mobility.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ByAgeBand<T> {
    /// Ages below 30.
    pub under_30: T,
    /// Ages 30 to 44.
    pub age_30_44: T,
    /// Ages 45 to 59.
    pub age_45_59: T,
    /// Ages 60 and over.
    pub age_60_plus: T,
}

impl<T: Copy> ByAgeBand<T> {
    /// The same value in every band.
    pub const fn uniform(v: T) -> Self {
        ByAgeBand {
            under_30: v,
            age_30_44: v,
            age_45_59: v,
            age_60_plus: v,
        }
    }
    /// The value for a single year of age.
    pub fn at(&self, age: usize) -> T {
        match age {
            0..=29 => self.under_30,
            30..=44 => self.age_30_44,
            45..=59 => self.age_45_59,
            _ => self.age_60_plus,
        }
    }
    /// The four values with their band names.
    pub fn named(&self) -> [(&'static str, T); 4] {
        [
            ("under_30", self.under_30),
            ("age_30_44", self.age_30_44),
            ("age_45_59", self.age_45_59),
            ("age_60_plus", self.age_60_plus),
        ]
    }
}

/// An age distribution of entrants: normal, discretised to single years and
/// cut off below the base-year AOW age (nobody enters at pension age).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgeProfile {
    /// Mean age at entry.
    pub mean: f64,
    /// Standard deviation of the age at entry.
    pub sd: f64,
}

/// One step of the state pension (AOW) age path.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AowStep {
    /// First calendar year in which this age applies.
    pub from: i32,
    /// AOW age in years (fractions allowed: 67.25 is 67 years and 3 months).
    pub age: f64,
}

/// The AOW age in `year` under a step path (the last step at or before the
/// year; before the first step, the first step's age).
pub fn aow_age_in(path: &[AowStep], year: i32) -> f64 {
    let mut age = path.first().map_or(67.0, |s| s.age);
    for step in path {
        if step.from <= year {
            age = step.age;
        }
    }
    age
}

/// A teacher-training route and how its graduates enter the sectors.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrainingRoute {
    /// Name as in the `teacher_training` table (`pabo`, `hbo_2nd_degree`, ...).
    pub training: String,
    /// Years between first-year intake and graduation, used to project
    /// graduates from intake.
    pub lag_years: i32,
    /// Share of graduates that start teaching in each sector group; the
    /// graduates of year t enter the stock of year t.
    pub entry: PerGroup<Estimate>,
    /// Age at entry.
    pub age: AgeProfile,
}

/// National size of the workforce and base-year figures not in the data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkforceParams {
    /// Teacher employment (werkgelegenheid, fte) in the base year, nationally.
    /// po: 9,100 fte shortage = 9.1 % of employment (Oct 2021) gives 100,000
    /// fte; vo: 3,800 fte = 5.8 % (Oct 2023) gives 65,500 fte (domain.md).
    /// mbo: *assumption*, 23,000 fte so that demand is close to OCW's
    /// 23.9 k required fte.
    pub employment_fte: PerGroup<Estimate>,
    /// mbo students nationally in the base year. *Assumption* (no mbo data in
    /// the shared data): about 500,000, DUO's published order of magnitude.
    pub mbo_students: Estimate,
    /// mbo shortage as % of employment in the base year. *Assumption*: no
    /// measurement is published for mbo.
    pub mbo_shortage_pct: Estimate,
}

/// How pupil numbers are projected.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemandParams {
    /// Yearly change (%) of births after the last observed year, applied to
    /// the mean of the last `births_reference_years` observed years.
    /// *Assumption*: 0 (flat).
    pub births_trend_pct: Estimate,
    /// How many last observed years of births form the level carried forward.
    pub births_reference_years: usize,
    /// Lag (years) between the po pupils of a municipality and its vo pupils
    /// (po ages centre on 7.5, vo ages on 14.5).
    pub vo_lag_years: i32,
    /// Lag (years) between po pupils and mbo students (mbo ages centre on 18).
    pub mbo_lag_years: i32,
}

/// Hours: fte per person by age.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HoursParams {
    /// Average fte per person by age band (deeltijdfactor). po: roughly
    /// 0.75–0.8 (domain.md), lower in the child-rearing ages; vo and mbo:
    /// *assumption*, somewhat higher.
    pub fte_per_person: PerGroup<ByAgeBand<Estimate>>,
    /// Upper bound on fte per person after levers (Mirror caps at 1.21).
    pub max_fte_per_person: f64,
}

/// Outflow: leaving, retirement, death and disability.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutflowParams {
    /// Yearly probability of leaving education for other work or the stille
    /// reserve, by age band. Young teachers leave most: po about 8 % after
    /// one year and 15 % after three; vo under 30 about 23 % in year one and
    /// 31 % within five (domain.md). Band rates are *assumptions* consistent
    /// with those cohort figures.
    pub attrition: PerGroup<ByAgeBand<Estimate>>,
    /// Yearly probability of (early) retirement at ages 60, 61, ... before
    /// the AOW age; the last value holds for older ages. *Assumption*,
    /// set so that the mean exit age of teachers who reach 60 is about 65–66
    /// with AOW at 67 (the common exit age rose to 64–65 by 2015 with AOW
    /// at 65, domain.md).
    pub early_retirement_from_60: Vec<Estimate>,
    /// Yearly probability of death or disability at age 20.
    pub death_disability_at_20: Estimate,
    /// Exponential growth of that probability per year of age
    /// (Gompertz-like; about 1 % at age 60).
    pub death_disability_growth: Estimate,
    /// State pension (AOW) age path: 67 in 2024 and 67 + 3 months from 2028
    /// (legislated); later steps are an *assumption* following two thirds of
    /// the expected gain in life expectancy.
    pub aow_age: Vec<AowStep>,
}

/// Inflow: graduates, zij-instroom, returners.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InflowParams {
    /// Teacher-training routes and their entry into the sectors. Entry
    /// shares are *assumptions*.
    pub training: Vec<TrainingRoute>,
    /// Zij-instromers (career switchers) per year nationally: 2,244 in 2024
    /// (domain.md), held constant in the baseline.
    pub zij_instroom_persons: Estimate,
    /// Split of zij-instromers over the sector groups. *Assumption*.
    pub zij_instroom_share: PerGroup<Estimate>,
    /// Age of zij-instromers at entry. *Assumption*.
    pub zij_instroom_age: AgeProfile,
    /// Returners from the stille reserve per year, as a share of the current
    /// headcount. *Assumption*.
    pub returners_rate: PerGroup<Estimate>,
    /// Age of returners. *Assumption*.
    pub returners_age: AgeProfile,
    /// Share (0–1) of graduates, zij-instromers and movers that go where the
    /// positions are (movers: this year's shortage; entrants: next year's
    /// open positions); the rest follow the size of the regional workforce
    /// (returners come from the region itself). *Assumption*: 0.25 keeps
    /// the measured regional differences largely in place over a decade,
    /// as the yearly tekortmeting shows they persist; to be calibrated by
    /// backtests.
    pub shortage_pull: Estimate,
}

/// Moves of teachers between regions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MobilityParams {
    /// Yearly probability of moving to a school in another region of the
    /// chosen region system, by age band. *Assumption*. Zero with one region.
    pub move_rate: ByAgeBand<Estimate>,
}

/// Split of the shortage into open vacancies and hidden shortage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VacancyParams {
    /// Share of the (positive) shortage that is visible as open vacancies;
    /// the rest is hidden shortage. *Assumption* (the tekortmeting reports
    /// the hidden part as the larger one).
    pub visible_share: PerGroup<Estimate>,
    /// Frictional vacancies: share of a year's outflow (fte) that is open at
    /// the reference date while being refilled. *Assumption*.
    pub frictional_share: Estimate,
}

/// Replacement (substitution) requests.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReplacementParams {
    /// Absence notifications per teacher per year: about 1.0 in po
    /// (Vervangingsfonds, domain.md); vo and mbo *assumption*.
    pub notifications_per_teacher: PerGroup<Estimate>,
    /// Share of absence notifications for which a substitute is requested.
    /// *Assumption*.
    pub substitute_share: Estimate,
    /// Interim requests per leaver (covering a vacancy until it is filled).
    /// *Assumption*.
    pub interim_per_leaver: Estimate,
    /// Share of requests not filled in the base year, nationally. po: 3.2 %
    /// replacement shortage / 7.2 % absence = 0.44 (domain.md); vo and mbo
    /// *assumption*.
    pub unfilled_share_base: PerGroup<Estimate>,
    /// How strongly the substitute pool shrinks with the teacher shortage:
    /// capacity × (1 − sensitivity × shortage share). *Assumption*.
    pub shortage_sensitivity: Estimate,
}

/// The full parameter set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The base year: the last year of observed pupils (October counts).
    pub base_year: i32,
    /// Base-year size of the workforce.
    pub workforce: WorkforceParams,
    /// Pupil projection.
    pub demand: DemandParams,
    /// fte per person.
    pub hours: HoursParams,
    /// Outflow.
    pub outflow: OutflowParams,
    /// Inflow.
    pub inflow: InflowParams,
    /// Moves between regions.
    pub mobility: MobilityParams,
    /// Vacancies and hidden shortage.
    pub vacancies: VacancyParams,
    /// Replacement requests.
    pub replacement: ReplacementParams,
}

const fn e(v: f64) -> Estimate {
    Estimate::new(v)
}

const fn bands(a: f64, b: f64, c: f64, d: f64) -> ByAgeBand<Estimate> {
    ByAgeBand {
        under_30: e(a),
        age_30_44: e(b),
        age_45_59: e(c),
        age_60_plus: e(d),
    }
}

const fn groups<T>(po: T, vo: T, mbo: T) -> PerGroup<T> {
    PerGroup { po, vo, mbo }
}

fn route(training: &str, lag: i32, po: f64, vo: f64, mbo: f64, mean_age: f64) -> TrainingRoute {
    TrainingRoute {
        training: training.to_string(),
        lag_years: lag,
        entry: groups(e(po), e(vo), e(mbo)),
        age: AgeProfile {
            mean: mean_age,
            sd: 2.5,
        },
    }
}

impl Default for Params {
    fn default() -> Self {
        Params {
            base_year: 2025,
            workforce: WorkforceParams {
                employment_fte: groups(e(100_000.0), e(65_500.0), e(23_000.0)),
                mbo_students: e(500_000.0),
                mbo_shortage_pct: e(3.0),
            },
            demand: DemandParams {
                births_trend_pct: e(0.0),
                births_reference_years: 3,
                vo_lag_years: 7,
                mbo_lag_years: 10,
            },
            hours: HoursParams {
                fte_per_person: groups(
                    bands(0.85, 0.73, 0.76, 0.78),
                    bands(0.85, 0.78, 0.80, 0.80),
                    bands(0.85, 0.80, 0.82, 0.80),
                ),
                max_fte_per_person: 1.21,
            },
            outflow: OutflowParams {
                attrition: groups(
                    bands(0.055, 0.030, 0.020, 0.020),
                    bands(0.080, 0.035, 0.020, 0.020),
                    bands(0.070, 0.040, 0.025, 0.020),
                ),
                early_retirement_from_60: [0.03, 0.03, 0.04, 0.06, 0.10, 0.15, 0.25]
                    .into_iter()
                    .map(e)
                    .collect(),
                death_disability_at_20: e(0.0006),
                death_disability_growth: e(0.07),
                aow_age: vec![
                    AowStep {
                        from: 2024,
                        age: 67.0,
                    },
                    AowStep {
                        from: 2028,
                        age: 67.25,
                    },
                    AowStep {
                        from: 2033,
                        age: 67.5,
                    },
                    AowStep {
                        from: 2038,
                        age: 67.75,
                    },
                    AowStep {
                        from: 2043,
                        age: 68.0,
                    },
                ],
            },
            inflow: InflowParams {
                training: vec![
                    route("pabo", 4, 0.80, 0.0, 0.0, 23.5),
                    route("wo_po", 3, 0.80, 0.0, 0.0, 23.5),
                    route("hbo_2nd_degree", 4, 0.0, 0.50, 0.20, 24.0),
                    route("hbo_1st_degree", 2, 0.0, 0.55, 0.15, 27.0),
                    route("wo_1st_degree", 1, 0.0, 0.65, 0.10, 26.0),
                ],
                zij_instroom_persons: e(2244.0),
                zij_instroom_share: groups(e(0.40), e(0.45), e(0.15)),
                zij_instroom_age: AgeProfile {
                    mean: 38.0,
                    sd: 8.0,
                },
                returners_rate: groups(e(0.012), e(0.010), e(0.012)),
                returners_age: AgeProfile {
                    mean: 42.0,
                    sd: 8.0,
                },
                shortage_pull: e(0.25),
            },
            mobility: MobilityParams {
                move_rate: bands(0.030, 0.015, 0.005, 0.003),
            },
            vacancies: VacancyParams {
                visible_share: groups(e(0.30), e(0.30), e(0.40)),
                frictional_share: e(0.10),
            },
            replacement: ReplacementParams {
                notifications_per_teacher: groups(e(1.0), e(0.9), e(0.9)),
                substitute_share: e(0.6),
                interim_per_leaver: e(0.5),
                unfilled_share_base: groups(e(0.44), e(0.30), e(0.25)),
                shortage_sensitivity: e(2.0),
            },
        }
    }
}

/// Overlays `overlay` on `base`, table by table (arrays are replaced whole).
pub(crate) fn merge_toml(base: &mut toml::Value, overlay: toml::Value) {
    match (base, overlay) {
        (toml::Value::Table(b), toml::Value::Table(o)) => {
            for (k, v) in o {
                match b.get_mut(&k) {
                    Some(slot) => merge_toml(slot, v),
                    None => {
                        b.insert(k, v);
                    }
                }
            }
        }
        (slot, v) => *slot = v,
    }
}

impl Params {
    /// Reads parameters from TOML text, overlaid on the defaults, and
    /// validates them. Unknown keys are errors that name the key.
    pub fn from_toml_str(text: &str) -> Result<Self> {
        let overlay: toml::Value =
            toml::from_str(text).map_err(|e| TekortError::InvalidParams {
                reason: e.to_string(),
            })?;
        let mut base =
            toml::Value::try_from(Params::default()).map_err(|e| TekortError::InvalidParams {
                reason: e.to_string(),
            })?;
        merge_toml(&mut base, overlay);
        let params: Params =
            base.try_into()
                .map_err(|e: toml::de::Error| TekortError::InvalidParams {
                    reason: e.to_string(),
                })?;
        params.validate()?;
        Ok(params)
    }

    /// Writes the full parameter set as TOML.
    pub fn to_toml_string(&self) -> String {
        toml::to_string_pretty(self).expect("parameters always serialize")
    }

    /// Checks every value against its allowed range; the error
    /// ([`TekortError::InvalidParams`]) names the key and the value.
    pub fn validate(&self) -> Result<()> {
        self.check_values().map_err(|e| match e {
            TekortError::InvalidValue { .. } => TekortError::InvalidParams {
                reason: e.to_string(),
            },
            other => other,
        })
    }

    fn check_values(&self) -> Result<()> {
        check_range("base_year", self.base_year as f64, 2015.0, 2060.0)?;
        let w = &self.workforce;
        for g in SectorGroup::ALL {
            let name = |field: &str| format!("{field}.{}", g.code());
            check_range(
                &name("workforce.employment_fte"),
                w.employment_fte.get(g).value,
                1.0,
                1e7,
            )?;
            for (band, v) in self.hours.fte_per_person.get(g).named() {
                check_range(
                    &format!("hours.fte_per_person.{}.{band}", g.code()),
                    v.value,
                    0.05,
                    self.hours.max_fte_per_person,
                )?;
            }
            for (band, v) in self.outflow.attrition.get(g).named() {
                check_range(
                    &format!("outflow.attrition.{}.{band}", g.code()),
                    v.value,
                    0.0,
                    1.0,
                )?;
            }
            check_range(
                &name("inflow.zij_instroom_share"),
                self.inflow.zij_instroom_share.get(g).value,
                0.0,
                1.0,
            )?;
            check_range(
                &name("inflow.returners_rate"),
                self.inflow.returners_rate.get(g).value,
                0.0,
                1.0,
            )?;
            check_range(
                &name("vacancies.visible_share"),
                self.vacancies.visible_share.get(g).value,
                0.0,
                1.0,
            )?;
            check_range(
                &name("replacement.notifications_per_teacher"),
                self.replacement.notifications_per_teacher.get(g).value,
                0.0,
                50.0,
            )?;
            check_range(
                &name("replacement.unfilled_share_base"),
                self.replacement.unfilled_share_base.get(g).value,
                0.001,
                0.999,
            )?;
        }
        check_range("workforce.mbo_students", w.mbo_students.value, 0.0, 1e8)?;
        check_range(
            "workforce.mbo_shortage_pct",
            w.mbo_shortage_pct.value,
            -50.0,
            100.0,
        )?;
        check_range(
            "demand.births_trend_pct",
            self.demand.births_trend_pct.value,
            -20.0,
            20.0,
        )?;
        check_range(
            "demand.births_reference_years",
            self.demand.births_reference_years as f64,
            1.0,
            10.0,
        )?;
        check_range(
            "demand.vo_lag_years",
            self.demand.vo_lag_years as f64,
            0.0,
            15.0,
        )?;
        check_range(
            "demand.mbo_lag_years",
            self.demand.mbo_lag_years as f64,
            0.0,
            20.0,
        )?;
        check_range(
            "hours.max_fte_per_person",
            self.hours.max_fte_per_person,
            0.1,
            2.0,
        )?;
        if self.outflow.early_retirement_from_60.is_empty() {
            return Err(TekortError::InvalidParams {
                reason: "outflow.early_retirement_from_60 must have at least one value".into(),
            });
        }
        for (i, v) in self.outflow.early_retirement_from_60.iter().enumerate() {
            check_range(
                &format!("outflow.early_retirement_from_60[{i}]"),
                v.value,
                0.0,
                1.0,
            )?;
        }
        check_range(
            "outflow.death_disability_at_20",
            self.outflow.death_disability_at_20.value,
            0.0,
            0.1,
        )?;
        check_range(
            "outflow.death_disability_growth",
            self.outflow.death_disability_growth.value,
            0.0,
            0.2,
        )?;
        check_aow_path("outflow.aow_age", &self.outflow.aow_age)?;
        if self.outflow.aow_age.is_empty() {
            return Err(TekortError::InvalidParams {
                reason: "outflow.aow_age must have at least one step".into(),
            });
        }
        for r in &self.inflow.training {
            for g in SectorGroup::ALL {
                check_range(
                    &format!("inflow.training[{}].entry.{}", r.training, g.code()),
                    r.entry.get(g).value,
                    0.0,
                    1.0,
                )?;
            }
            let total: f64 = SectorGroup::ALL.iter().map(|g| r.entry.get(*g).value).sum();
            check_range(
                &format!("inflow.training[{}].entry (sum over sectors)", r.training),
                total,
                0.0,
                1.0,
            )?;
            check_range(
                &format!("inflow.training[{}].lag_years", r.training),
                r.lag_years as f64,
                0.0,
                10.0,
            )?;
            check_profile(&format!("inflow.training[{}].age", r.training), r.age)?;
        }
        let zij_total: f64 = SectorGroup::ALL
            .iter()
            .map(|g| self.inflow.zij_instroom_share.get(*g).value)
            .sum();
        check_range(
            "inflow.zij_instroom_share (sum over sectors)",
            zij_total,
            0.0,
            1.0,
        )?;
        check_range(
            "inflow.zij_instroom_persons",
            self.inflow.zij_instroom_persons.value,
            0.0,
            1e6,
        )?;
        check_profile("inflow.zij_instroom_age", self.inflow.zij_instroom_age)?;
        check_profile("inflow.returners_age", self.inflow.returners_age)?;
        check_range(
            "inflow.shortage_pull",
            self.inflow.shortage_pull.value,
            0.0,
            1.0,
        )?;
        for (band, v) in self.mobility.move_rate.named() {
            check_range(&format!("mobility.move_rate.{band}"), v.value, 0.0, 0.5)?;
        }
        check_range(
            "vacancies.frictional_share",
            self.vacancies.frictional_share.value,
            0.0,
            1.0,
        )?;
        let r = &self.replacement;
        check_range(
            "replacement.substitute_share",
            r.substitute_share.value,
            0.0,
            1.0,
        )?;
        check_range(
            "replacement.interim_per_leaver",
            r.interim_per_leaver.value,
            0.0,
            10.0,
        )?;
        check_range(
            "replacement.shortage_sensitivity",
            r.shortage_sensitivity.value,
            0.0,
            10.0,
        )?;
        Ok(())
    }
}

fn check_profile(name: &str, p: AgeProfile) -> Result<()> {
    check_range(
        &format!("{name}.mean"),
        p.mean,
        AGE_MIN as f64,
        AGE_MAX as f64,
    )?;
    check_range(&format!("{name}.sd"), p.sd, 0.1, 30.0)
}

/// Checks an AOW path: ages in [60, 72], years in [2000, 2100].
pub(crate) fn check_aow_path(name: &str, path: &[AowStep]) -> Result<()> {
    for (i, s) in path.iter().enumerate() {
        check_range(&format!("{name}[{i}].age"), s.age, 60.0, 72.0)?;
        check_range(&format!("{name}[{i}].from"), s.from as f64, 2000.0, 2100.0)?;
    }
    Ok(())
}

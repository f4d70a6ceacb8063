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
//! use tekort_core::params::Params;
//! let p = Params::from_toml_str("[workforce.employment_fte]\npo = 95000").unwrap();
//! assert_eq!(p.workforce.employment_fte.po.value, 95000.0);
//! assert_eq!(p.workforce.employment_fte.vo.value, Params::default().workforce.employment_fte.vo.value);
//! assert!(Params::from_toml_str("[workforce]\nemploymnt_fte = 1").is_err());
//! ```

use serde::{Deserialize, Serialize};

use crate::domain::estimate::{Estimate, Uncertainty};
use crate::domain::sector::{PerGroup, SectorGroup};
use crate::error::{check_range, Result, TekortError};

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
    /// Teacher employment (werkgelegenheid, fte) nationally **in the year
    /// of the sector's latest national shortage measurement** (po and vo:
    /// October 2023; mbo: 2024). po: 9,800 fte shortage = 9.7 % of
    /// employment gives 101,031 fte; vo: 3,800 fte = 5.8 % gives 65,517 fte
    /// (domain.md). mbo: 26,500 fte, DUO's teacher fte of 2019 (payroll
    /// data, the latest published; `mbo_leraren_fte_per_leeftijd`, whose
    /// single ages the dataset build checks against that total), *held* to
    /// 2024, the year of the mbo measurement (its 1,650 fte shortage is
    /// then 6.2 %). Carried to the base year by DUO's po staff persons (po) and
    /// held level where no staff series exists (vo, mbo).
    pub employment_fte: PerGroup<Estimate>,
    /// mbo students nationally in the base year. *Assumption* (no mbo data in
    /// the shared data): about 500,000, DUO's published order of magnitude.
    pub mbo_students: Estimate,
}

/// How pupil numbers are projected.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemandParams {
    /// After the last observed year, each municipality's births are its
    /// share of the national births path (see `Demography`), the share
    /// being the mean over this many last observed years. *Model choice*:
    /// 3, long enough to smooth a single year, short enough to keep recent
    /// growth areas.
    pub birth_share_years: usize,
    /// Lag (years) between the po pupils of a municipality and its vo pupils
    /// (po ages centre on 7.5, vo ages on 14.5).
    pub vo_lag_years: i32,
    /// Lag (years) between po pupils and mbo students (mbo ages centre on 18).
    pub mbo_lag_years: i32,
    /// Years over which the trend of each municipality's ratio of pupils
    /// to its school-age birth cohorts (migration, school choice) is
    /// measured before the base year.
    #[serde(default = "default_pupil_trend_years")]
    pub pupil_trend_years: i32,
    /// Yearly damping of that trend after the base year: 0 holds the ratio
    /// of the base year, 1 continues the trend undamped. *Chosen by
    /// backtest*: the value with the smallest error on the cutoffs after
    /// 2018 (docs/accuracy.md shows the in-sample and out-of-sample error
    /// of each value).
    #[serde(default = "default_pupil_trend_damping")]
    pub pupil_trend_damping: f64,
}

fn default_pupil_trend_years() -> i32 {
    5
}

fn default_pupil_trend_damping() -> f64 {
    0.1
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
    /// the AOW age of `aow_age`; the last value holds for older ages. A
    /// scenario that moves the AOW age moves the schedule with it, year for
    /// year (two years later: from 62; two years earlier: from 58), so a
    /// higher AOW age delays retirement as much as a lower one brings it
    /// forward; the history and the baseline keep it as given. *Assumption*,
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
    /// Returner candidates from the stille reserve in the base year, as a
    /// share of the headcount. *Assumption*. It sizes the initial reserve:
    /// reserve = rate × teachers / `market.reserve_search_rate`.
    pub returners_rate: PerGroup<Estimate>,
    /// Age of returners. *Assumption*.
    pub returners_age: AgeProfile,
    /// Share (0–1) of the national pools of graduates and zij-instromers,
    /// and of the movers between regions, that is sent where the positions
    /// are open (next year's openings); the rest follow the size of the
    /// regional workforce. Either way they are hired only through the
    /// matching. *Assumption*: 0, because the measurements show no pull:
    /// the G5 cities' lead over the rest of the country widened from about
    /// 6 points (2021: 14 % against 8 %) to about 10 (2023). A positive
    /// value closes regional gaps faster (see docs/method.md).
    pub shortage_pull: Estimate,
    /// Zij-instromers observed in past years (domain.md: 495 in 2017,
    /// 1,777 in 2020, 2,244 in 2024), linearly interpolated between the
    /// years given and held before the first; used by the history run.
    pub zij_instroom_observed: Vec<YearValue>,
    /// The completion ratio that turns a route's intake into graduates
    /// `lag_years` later is that of the most recent this many entry
    /// cohorts with published graduates (0: all cohorts pooled). 3 by
    /// default: the pabo cohorts after the entry tests of 2015 complete at
    /// 0.62–0.71, the pooled ratio since 2011 is 0.54 (docs/accuracy.md
    /// scores both).
    #[serde(default = "default_completion_cohorts")]
    pub completion_cohorts: i32,
}

fn default_completion_cohorts() -> i32 {
    3
}

/// A value in a calendar year.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct YearValue {
    /// Calendar year.
    pub year: i32,
    /// Value.
    pub value: f64,
}

/// Linear interpolation in a list of year values sorted by year, held
/// level outside it.
pub fn interpolate_years(points: &[YearValue], year: i32) -> f64 {
    let Some(first) = points.first() else {
        return 0.0;
    };
    if year <= first.year {
        return first.value;
    }
    for w in points.windows(2) {
        let (a, b) = (w[0], w[1]);
        if year <= b.year {
            let f = (year - a.year) as f64 / (b.year - a.year).max(1) as f64;
            return a.value + f * (b.value - a.value);
        }
    }
    points.last().map_or(0.0, |p| p.value)
}

/// The labour market: how openings and candidates meet, and the stille
/// reserve (qualified people outside the schools).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarketParams {
    /// Sharpness `k` of the matching function
    /// `hires = (openings^-k + candidates^-k)^(-1/k)`: hires never exceed
    /// openings or candidates, and approach the smaller of the two as `k`
    /// grows. The elasticity of hires to candidates is
    /// `c^-k / (o^-k + c^-k)`: 0.5 when candidates equal openings, about
    /// 0.98 when candidates are half the openings. *Assumption*: 4 (at
    /// balance 84 % of openings are filled in the year; with twice as many
    /// candidates as openings, 98 %).
    pub matching_sharpness: Estimate,
    /// Share of the stille reserve that looks for a teaching job each year
    /// (returner candidates). *Assumption*.
    pub reserve_search_rate: Estimate,
    /// Yearly exit from the reserve (other careers for good, retirement,
    /// lapsed qualification). *Assumption*.
    pub reserve_exit_rate: Estimate,
    /// Share of teachers who leave by attrition (not retirement, death or
    /// disability) and join the reserve. *Assumption*.
    pub attrition_to_reserve: Estimate,
    /// The market's reaction: the relative change of the zij-instroom and
    /// of the stille reserve's search for a teaching job per percentage
    /// point by which the national shortage % of the sector group lies
    /// above its base-year value, in the forecast years
    /// (`factor = max(0, 1 + reaction × (S(t) − S(t0)))`, applied to the
    /// hires into `t + 1`). 0 is the no-reaction path. Scored in
    /// docs/accuracy.md (the shortage backtest at two and three years).
    pub reaction: Estimate,
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
    /// The labour market: matching and the stille reserve.
    pub market: MarketParams,
    /// The spread of the Monte Carlo (`tekort forecast --draws`).
    #[serde(default)]
    pub uncertainty: UncertaintyParams,
    /// What only the microsimulation uses (`tekort microsim`): attrition by
    /// years of service, individual changes of working hours,
    /// qualification.
    #[serde(default)]
    pub microsim: MicrosimParams,
}

/// The microsimulation's own parameters: what a cohort model by age cannot
/// represent. See `docs/method.md`, section "Microsimulation".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MicrosimParams {
    /// Relative attrition by years of service (0, 1, 2, …; the last value
    /// holds beyond), per sector group. The model rescales them every year
    /// per age so that every age keeps the attrition of
    /// `outflow.attrition`: they change who of an age leaves (the newly
    /// hired more than their colleagues of the same age), not how many.
    /// Defaults from the published
    /// early-career figures (see `docs/method.md`): po 8 % gone after one
    /// year and 15 % after three, against 5.5 % attrition under 30
    /// (1.45, then 0.71); vo teachers under 30 23 % in year one and 31 %
    /// within five, against 8 % (2.9, then 0.33); mbo, with nothing
    /// published, as vo.
    pub tenure_attrition: PerGroup<Vec<f64>>,
    /// Mean years between age 22 and the first teaching job, for the
    /// years of service of the initial workforce (not observed:
    /// *assumption*, exponential with this mean, 4).
    pub career_start_mean_years: f64,
    /// Standard deviation of the log of a person's individual hours factor
    /// (the person's fte over the fte of the age profile). *Assumption*:
    /// 0.15.
    pub hours_sd: f64,
    /// Year-to-year persistence of the individual hours factor (AR(1) on its
    /// log, mean 1). *Assumption*: 0.85, i.e. about a fifth of the spread is
    /// renewed every year.
    pub hours_persistence: f64,
    /// Share of the initial workforce teaching without a qualification.
    /// *Assumption*: 0.05.
    pub unqualified_share: f64,
    /// Years a zij-instromer teaches before being qualified (the
    /// programme takes two years).
    pub zij_years_to_qualify: u8,
    /// Years of service a returner brings (past the early-career effect).
    pub returner_years_of_service: u8,
}

impl Default for MicrosimParams {
    fn default() -> Self {
        MicrosimParams {
            tenure_attrition: PerGroup {
                po: vec![1.45, 0.71],
                vo: vec![2.9, 0.33],
                mbo: vec![2.9, 0.33],
            },
            career_start_mean_years: 4.0,
            hours_sd: 0.15,
            hours_persistence: 0.85,
            unqualified_share: 0.05,
            zij_years_to_qualify: 2,
            returner_years_of_service: 10,
        }
    }
}

impl MicrosimParams {
    fn check(&self) -> Result<()> {
        for g in SectorGroup::ALL {
            let m = self.tenure_attrition.get(g);
            let name = format!("microsim.tenure_attrition.{}", g.code());
            if m.is_empty() {
                return Err(TekortError::InvalidParams {
                    reason: format!("{name}: give at least one multiplier"),
                });
            }
            for (k, v) in m.iter().enumerate() {
                check_range(&format!("{name}[{k}]"), *v, 0.0, 20.0)?;
            }
        }
        check_range(
            "microsim.career_start_mean_years",
            self.career_start_mean_years,
            0.0,
            30.0,
        )?;
        check_range("microsim.hours_sd", self.hours_sd, 0.0, 1.0)?;
        check_range(
            "microsim.hours_persistence",
            self.hours_persistence,
            0.0,
            0.999,
        )?;
        check_range(
            "microsim.unqualified_share",
            self.unqualified_share,
            0.0,
            1.0,
        )?;
        Ok(())
    }
}

/// What the Monte Carlo draws besides the uncertainty stated on single
/// estimates: multipliers with a distribution, the empirical pupil and
/// graduate errors of the backtests, and process noise. See
/// `docs/method.md`, section "Uncertainty".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UncertaintyParams {
    /// Multiplier on the attrition rates of a sector group (all ages, one
    /// draw per group and run). *Assumption*, nothing is published on how
    /// far the leaving rates are off: LogNormal, mean 1, cv 0.15.
    pub attrition: PerGroup<Estimate>,
    /// Multiplier on the early-retirement rates (all groups). *Assumption*:
    /// LogNormal, mean 1, cv 0.15.
    pub early_retirement: Estimate,
    /// Multiplier on the yearly zij-instroom. Sized from the observed
    /// series (495 in 2017, 1,777 in 2020, 2,244 in 2024: changes of a
    /// quarter within a few years): LogNormal, mean 1, cv 0.25.
    pub zij_instroom: Estimate,
    /// Multiplier on the returners of a sector group (the size of the stille
    /// reserve that searches). *Assumption*: LogNormal, mean 1, cv 0.20.
    pub returners: PerGroup<Estimate>,
    /// Added to `market.reaction` in each draw: how much the market may
    /// react that the deterministic run leaves out. *Assumption*: Uniform
    /// between 0 and 0.2 (up to a fifth more zij-instroom and search per
    /// percentage point of shortage above the base year): evaluations of
    /// models that assume nobody reacts found them too high (ROA's
    /// replacement demand 1993–1998 for 72 of 93 occupations,
    /// domain.md), while the shortage backtest cannot yet size the
    /// reaction (docs/accuracy.md).
    #[serde(default = "no_reaction")]
    pub reaction: Estimate,
    /// Scale on the pupil error drawn from the backtests (1 = the errors
    /// tekort's pupil method made in the past, by horizon; 0 = none).
    pub pupil_error_scale: f64,
    /// Scale on the graduate error drawn from the backtests: 1.75, the
    /// smallest scale whose 80 % intervals hold at least 75 % of the
    /// graduate counts out of sample
    /// ([`crate::evaluation::graduate_scale_grid`], docs/accuracy.md).
    pub graduate_error_scale: f64,
    /// Process noise: leavers and hires of each region, sector and year
    /// vary as counts do (binomial and Poisson, normal approximation).
    pub process_noise: bool,
}

impl Default for UncertaintyParams {
    fn default() -> Self {
        let ln = |cv: f64| Estimate {
            value: 1.0,
            uncertainty: Some(Uncertainty::LogNormal { cv }),
        };
        UncertaintyParams {
            attrition: groups(ln(0.15), ln(0.15), ln(0.15)),
            early_retirement: ln(0.15),
            zij_instroom: ln(0.25),
            returners: groups(ln(0.20), ln(0.20), ln(0.20)),
            reaction: Estimate {
                value: 0.0,
                uncertainty: Some(Uncertainty::Uniform {
                    low: 0.0,
                    high: 0.2,
                }),
            },
            pupil_error_scale: 1.0,
            graduate_error_scale: 1.75,
            process_noise: true,
        }
    }
}

impl Params {
    /// Calls `f` with the name and a mutable reference of every
    /// [`Estimate`] in the parameters (for drawing and checking them).
    pub fn visit_estimates_mut(&mut self, f: &mut dyn FnMut(&str, &mut Estimate)) {
        fn group(name: &str, g: &mut PerGroup<Estimate>, f: &mut dyn FnMut(&str, &mut Estimate)) {
            f(&format!("{name}.po"), &mut g.po);
            f(&format!("{name}.vo"), &mut g.vo);
            f(&format!("{name}.mbo"), &mut g.mbo);
        }
        fn band(name: &str, b: &mut ByAgeBand<Estimate>, f: &mut dyn FnMut(&str, &mut Estimate)) {
            f(&format!("{name}.under_30"), &mut b.under_30);
            f(&format!("{name}.age_30_44"), &mut b.age_30_44);
            f(&format!("{name}.age_45_59"), &mut b.age_45_59);
            f(&format!("{name}.age_60_plus"), &mut b.age_60_plus);
        }
        fn group_band(
            name: &str,
            g: &mut PerGroup<ByAgeBand<Estimate>>,
            f: &mut dyn FnMut(&str, &mut Estimate),
        ) {
            band(&format!("{name}.po"), &mut g.po, f);
            band(&format!("{name}.vo"), &mut g.vo, f);
            band(&format!("{name}.mbo"), &mut g.mbo, f);
        }
        group(
            "workforce.employment_fte",
            &mut self.workforce.employment_fte,
            f,
        );
        f("workforce.mbo_students", &mut self.workforce.mbo_students);
        group_band("hours.fte_per_person", &mut self.hours.fte_per_person, f);
        let o = &mut self.outflow;
        group_band("outflow.attrition", &mut o.attrition, f);
        for (i, e) in o.early_retirement_from_60.iter_mut().enumerate() {
            f(&format!("outflow.early_retirement_from_60[{i}]"), e);
        }
        f(
            "outflow.death_disability_at_20",
            &mut o.death_disability_at_20,
        );
        f(
            "outflow.death_disability_growth",
            &mut o.death_disability_growth,
        );
        let i = &mut self.inflow;
        for (k, r) in i.training.iter_mut().enumerate() {
            group(&format!("inflow.training[{k}].entry"), &mut r.entry, f);
        }
        f("inflow.zij_instroom_persons", &mut i.zij_instroom_persons);
        group("inflow.zij_instroom_share", &mut i.zij_instroom_share, f);
        group("inflow.returners_rate", &mut i.returners_rate, f);
        f("inflow.shortage_pull", &mut i.shortage_pull);
        band("mobility.move_rate", &mut self.mobility.move_rate, f);
        let v = &mut self.vacancies;
        group("vacancies.visible_share", &mut v.visible_share, f);
        f("vacancies.frictional_share", &mut v.frictional_share);
        let r = &mut self.replacement;
        group(
            "replacement.notifications_per_teacher",
            &mut r.notifications_per_teacher,
            f,
        );
        f("replacement.substitute_share", &mut r.substitute_share);
        f("replacement.interim_per_leaver", &mut r.interim_per_leaver);
        group(
            "replacement.unfilled_share_base",
            &mut r.unfilled_share_base,
            f,
        );
        f(
            "replacement.shortage_sensitivity",
            &mut r.shortage_sensitivity,
        );
        let m = &mut self.market;
        f("market.matching_sharpness", &mut m.matching_sharpness);
        f("market.reserve_search_rate", &mut m.reserve_search_rate);
        f("market.reserve_exit_rate", &mut m.reserve_exit_rate);
        f("market.attrition_to_reserve", &mut m.attrition_to_reserve);
        f("market.reaction", &mut m.reaction);
        let u = &mut self.uncertainty;
        group("uncertainty.attrition", &mut u.attrition, f);
        f("uncertainty.early_retirement", &mut u.early_retirement);
        f("uncertainty.zij_instroom", &mut u.zij_instroom);
        f("uncertainty.reaction", &mut u.reaction);
        group("uncertainty.returners", &mut u.returners, f);
    }

    /// One draw of the parameters: every estimate with a stated
    /// uncertainty replaced by a value drawn from it (and then fixed), and
    /// the `uncertainty` multipliers applied to what they scale (attrition,
    /// early retirement, zij-instroom, returners). The multipliers are 1 in
    /// the result.
    pub fn draw<R: rand::Rng + ?Sized>(&self, rng: &mut R) -> Params {
        let mut p = self.clone();
        p.visit_estimates_mut(&mut |_, e| {
            *e = Estimate::new(e.sample(rng));
        });
        let u = std::mem::replace(&mut p.uncertainty, UncertaintyParams::fixed());
        let scale = |e: &mut Estimate, k: f64| e.value *= k;
        for (g, k) in [
            (&mut p.outflow.attrition.po, u.attrition.po.value),
            (&mut p.outflow.attrition.vo, u.attrition.vo.value),
            (&mut p.outflow.attrition.mbo, u.attrition.mbo.value),
        ] {
            for e in [
                &mut g.under_30,
                &mut g.age_30_44,
                &mut g.age_45_59,
                &mut g.age_60_plus,
            ] {
                scale(e, k);
            }
        }
        for e in &mut p.outflow.early_retirement_from_60 {
            scale(e, u.early_retirement.value);
        }
        scale(&mut p.inflow.zij_instroom_persons, u.zij_instroom.value);
        scale(&mut p.inflow.returners_rate.po, u.returners.po.value);
        scale(&mut p.inflow.returners_rate.vo, u.returners.vo.value);
        scale(&mut p.inflow.returners_rate.mbo, u.returners.mbo.value);
        p.market.reaction.value = (p.market.reaction.value + u.reaction.value).clamp(0.0, 1.0);
        p.uncertainty.pupil_error_scale = u.pupil_error_scale;
        p.uncertainty.graduate_error_scale = u.graduate_error_scale;
        p.uncertainty.process_noise = u.process_noise;
        p
    }
}

impl UncertaintyParams {
    /// No spread at all: multipliers fixed at 1, no pupil or graduate
    /// error, no process noise.
    pub fn fixed() -> Self {
        UncertaintyParams {
            attrition: groups(e(1.0), e(1.0), e(1.0)),
            early_retirement: e(1.0),
            zij_instroom: e(1.0),
            returners: groups(e(1.0), e(1.0), e(1.0)),
            reaction: no_reaction(),
            pupil_error_scale: 0.0,
            graduate_error_scale: 0.0,
            process_noise: false,
        }
    }
}

fn no_reaction() -> Estimate {
    e(0.0)
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
                employment_fte: groups(e(101_031.0), e(65_517.0), e(26_500.0)),
                mbo_students: e(500_000.0),
            },
            demand: DemandParams {
                birth_share_years: 3,
                vo_lag_years: 7,
                mbo_lag_years: 10,
                pupil_trend_years: default_pupil_trend_years(),
                pupil_trend_damping: default_pupil_trend_damping(),
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
                        from: 2000,
                        age: 65.0,
                    },
                    AowStep {
                        from: 2013,
                        age: 65.083,
                    },
                    AowStep {
                        from: 2014,
                        age: 65.167,
                    },
                    AowStep {
                        from: 2015,
                        age: 65.25,
                    },
                    AowStep {
                        from: 2016,
                        age: 65.5,
                    },
                    AowStep {
                        from: 2017,
                        age: 65.75,
                    },
                    AowStep {
                        from: 2018,
                        age: 66.0,
                    },
                    AowStep {
                        from: 2019,
                        age: 66.333,
                    },
                    AowStep {
                        from: 2022,
                        age: 66.583,
                    },
                    AowStep {
                        from: 2023,
                        age: 66.833,
                    },
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
                shortage_pull: e(0.0),
                zij_instroom_observed: [(2017, 495.0), (2020, 1777.0), (2024, 2244.0)]
                    .map(|(year, value)| YearValue { year, value })
                    .to_vec(),
                completion_cohorts: default_completion_cohorts(),
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
            market: MarketParams {
                matching_sharpness: e(4.0),
                reserve_search_rate: e(0.15),
                reserve_exit_rate: e(0.08),
                attrition_to_reserve: e(0.5),
                reaction: e(0.0),
            },
            uncertainty: UncertaintyParams::default(),
            microsim: MicrosimParams::default(),
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
        let mut bad = None;
        self.clone().visit_estimates_mut(&mut |name, e| {
            if bad.is_none() {
                if let Err(reason) = e.check() {
                    bad = Some(format!("{name}: {reason}"));
                }
            }
        });
        if let Some(reason) = bad {
            return Err(TekortError::InvalidParams { reason });
        }
        self.microsim.check()?;
        let u = &self.uncertainty;
        check_range(
            "uncertainty.pupil_error_scale",
            u.pupil_error_scale,
            0.0,
            10.0,
        )?;
        check_range(
            "uncertainty.graduate_error_scale",
            u.graduate_error_scale,
            0.0,
            10.0,
        )?;
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
            "demand.birth_share_years",
            self.demand.birth_share_years as f64,
            1.0,
            10.0,
        )?;
        check_range(
            "demand.pupil_trend_years",
            self.demand.pupil_trend_years as f64,
            0.0,
            10.0,
        )?;
        check_range(
            "demand.pupil_trend_damping",
            self.demand.pupil_trend_damping,
            0.0,
            1.0,
        )?;
        let m = &self.market;
        check_range(
            "market.matching_sharpness",
            m.matching_sharpness.value,
            0.5,
            50.0,
        )?;
        check_range(
            "market.reserve_search_rate",
            m.reserve_search_rate.value,
            0.001,
            1.0,
        )?;
        check_range(
            "market.reserve_exit_rate",
            m.reserve_exit_rate.value,
            0.0,
            1.0,
        )?;
        check_range("market.reaction", m.reaction.value, 0.0, 1.0)?;
        check_range(
            "market.attrition_to_reserve",
            m.attrition_to_reserve.value,
            0.0,
            1.0,
        )?;
        for (i, p) in self.inflow.zij_instroom_observed.iter().enumerate() {
            check_range(
                &format!("inflow.zij_instroom_observed[{i}].value"),
                p.value,
                0.0,
                1e6,
            )?;
            if i > 0 && p.year <= self.inflow.zij_instroom_observed[i - 1].year {
                return Err(TekortError::InvalidParams {
                    reason: format!(
                        "inflow.zij_instroom_observed must be sorted by year (year {} after {})",
                        p.year,
                        self.inflow.zij_instroom_observed[i - 1].year
                    ),
                });
            }
        }
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
        check_range(
            "inflow.completion_cohorts",
            self.inflow.completion_cohorts as f64,
            0.0,
            20.0,
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

#[cfg(test)]
mod estimate_repr_tests {
    use super::Params;

    /// A parameter of the wrong kind is an error naming the key, the value
    /// and what was expected (serde's untagged enum behind `Estimate`
    /// named none of them).
    #[test]
    fn a_wrong_estimate_names_the_key_and_the_value() {
        for (toml, value) in [
            ("[market]\nreserve_search_rate = \"fast\"\n", "fast"),
            ("[market]\nreserve_search_rate = true\n", "true"),
            ("[market]\nreserve_search_rate = [0.1, 0.2]\n", "sequence"),
        ] {
            let err = Params::from_toml_str(toml).unwrap_err().to_string();
            assert!(
                err.contains("reserve_search_rate")
                    && err.contains(value)
                    && err.contains("a number, or a table"),
                "{toml}: {err}"
            );
        }
        let err =
            Params::from_toml_str("[market]\nreserve_search_rate = { value = 0.1, hgh = 2 }\n")
                .unwrap_err()
                .to_string();
        assert!(err.contains("hgh"), "{err}");
        let p = Params::from_toml_str("[market]\nreserve_search_rate = 1\n").unwrap();
        assert_eq!(p.market.reserve_search_rate.value, 1.0);
        let p =
            Params::from_toml_str("[market]\nreserve_search_rate = { value = 0.2, sd = 0.05 }\n")
                .unwrap();
        assert_eq!(p.market.reserve_search_rate.value, 0.2);
    }
}

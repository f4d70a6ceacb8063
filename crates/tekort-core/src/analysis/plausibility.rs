//! Guard rails: scenario levers outside a plausible band, and results
//! that cannot be right (a shortage larger than the employment), are
//! reported as [`PlausibilityWarning`]s. They are warnings, not errors: the
//! run is done and its numbers are what the model gives, but the user is
//! told which lever to look at.
//!
//! The bands are an *assumption* (docs/method.md, "Guard rails"): roughly
//! the range of changes the Dutch teacher market has seen or policy has
//! proposed; outside it the model's relations (fixed rates by age, one
//! labour market per region) are extrapolated far beyond what they were
//! estimated on.

use std::fmt;

use crate::domain::projection::Projection;
use crate::domain::projection::Variable;
use crate::domain::scenario::Scenario;

/// The plausible band `(lever, min, max)` of every multiplier lever of a
/// [`Scenario`]; a lever outside its band gives a
/// [`PlausibilityWarning::Lever`]. An assumption, documented in
/// docs/method.md.
pub const PLAUSIBLE_LEVER_BANDS: [(&str, f64, f64); 12] = [
    ("zij_instroom", 0.0, 5.0),
    ("training_intake", 0.5, 2.0),
    ("returners", 0.0, 5.0),
    ("outflow.under_30", 0.5, 2.0),
    ("outflow.age_30_44", 0.5, 2.0),
    ("outflow.age_45_59", 0.5, 2.0),
    ("outflow.age_60_plus", 0.5, 2.0),
    ("fte_per_person", 0.8, 1.3),
    ("class_size", 0.7, 1.3),
    ("teaching_time", 0.7, 1.3),
    ("substitute_capacity", 0.0, 5.0),
    ("market_reaction", 0.0, 5.0),
];

/// Demand levers (`class_size`, `teaching_time`, `workload`) that change
/// demand by less than this share together, while each moves it, cancel
/// out ([`PlausibilityWarning::Cancelling`]): 0.5 %.
pub const CANCELLING_LEVERS_SHARE: f64 = 0.005;

/// The plausible band of the `workload` lever (a share of extra fte, 0 is
/// no change): outside it a [`PlausibilityWarning::Lever`]. An assumption,
/// documented in docs/method.md.
pub const PLAUSIBLE_WORKLOAD: (f64, f64) = (-0.1, 0.25);

/// A shortage above this percentage of employment is reported
/// ([`PlausibilityWarning::Shortage`]): more vacant fte than filled ones.
pub const MAX_PLAUSIBLE_SHORTAGE_PCT: f64 = 100.0;

/// At most this many [`PlausibilityWarning::Shortage`] warnings are given
/// one by one; the rest are counted in the last.
pub const MAX_SHORTAGE_WARNINGS: usize = 10;

/// Something implausible about a run's inputs or results.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum PlausibilityWarning {
    /// A scenario lever outside its plausible band
    /// ([`PLAUSIBLE_LEVER_BANDS`]).
    Lever {
        /// Scenario name.
        scenario: String,
        /// Lever name (`class_size`, `outflow.under_30`).
        lever: String,
        /// The value given.
        value: f64,
        /// Lower end of the band.
        min: f64,
        /// Upper end of the band.
        max: f64,
    },
    /// Demand levers that each move demand but together change it by less
    /// than [`CANCELLING_LEVERS_SHARE`]: the scenario is the baseline's
    /// demand, which is seldom what was meant.
    Cancelling {
        /// Scenario name.
        scenario: String,
        /// The demand levers that differ from neutral (name, value).
        levers: Vec<(String, f64)>,
        /// Their combined factor on demand.
        factor: f64,
    },
    /// A user's input worth a second look (a pupil forecast that jumps,
    /// has gaps that were interpolated, or rows for sectors not in the
    /// run); the message says what and how it was used.
    Input {
        /// The message.
        message: String,
    },
    /// A result with a shortage above [`MAX_PLAUSIBLE_SHORTAGE_PCT`] of
    /// employment: the first such year of one scenario, region and sector.
    Shortage {
        /// Scenario name.
        scenario: String,
        /// Region name.
        region: String,
        /// Sector code.
        sector: String,
        /// The first year above the limit.
        year: i32,
        /// Shortage in % of employment in that year.
        shortage_pct: f64,
        /// The scenario's levers that differ from 1 (name, value).
        levers: Vec<(String, f64)>,
        /// Further rows (scenario, region, sector) above the limit that
        /// are not reported one by one.
        more: usize,
    },
}

impl fmt::Display for PlausibilityWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlausibilityWarning::Lever {
                scenario,
                lever,
                value,
                min,
                max,
            } => write!(
                f,
                "scenario {scenario:?}: {lever} = {value} lies outside the plausible band \
                 {min}–{max} (docs/method.md, guard rails); the results extrapolate the model \
                 far beyond what it was estimated on"
            ),
            PlausibilityWarning::Input { message } => f.write_str(message),
            PlausibilityWarning::Cancelling {
                scenario,
                levers,
                factor,
            } => {
                let listed: Vec<String> =
                    levers.iter().map(|(k, v)| format!("{k} = {v}")).collect();
                write!(
                    f,
                    "scenario {scenario:?}: the levers {} cancel out: together they change \
                     demand by a factor {factor:.4} (teaching_time × (1 + workload) / class_size), \
                     so demand is the baseline's; change one of them if that is not meant",
                    listed.join(" and ")
                )
            }
            PlausibilityWarning::Shortage {
                scenario,
                region,
                sector,
                year,
                shortage_pct,
                levers,
                more,
            } => {
                let levers = if levers.is_empty() {
                    "no lever differs from 1".to_string()
                } else {
                    let listed: Vec<String> =
                        levers.iter().map(|(k, v)| format!("{k} = {v}")).collect();
                    format!("levers that differ from 1: {}", listed.join(", "))
                };
                write!(
                    f,
                    "scenario {scenario:?}, region {region:?}, sector {sector}: the shortage is \
                     {shortage_pct:.0} % of employment in {year} (more than 100 %: implausible; \
                     {levers})"
                )?;
                if *more > 0 {
                    write!(
                        f,
                        "; {more} more scenario, region and sector rows are above 100 %"
                    )?;
                }
                Ok(())
            }
        }
    }
}

/// The multiplier levers of a scenario as `(name, value)`, in the order
/// of [`PLAUSIBLE_LEVER_BANDS`].
pub fn scenario_levers(s: &Scenario) -> [(&'static str, f64); 12] {
    [
        ("zij_instroom", s.zij_instroom),
        ("training_intake", s.training_intake),
        ("returners", s.returners),
        ("outflow.under_30", s.outflow.under_30),
        ("outflow.age_30_44", s.outflow.age_30_44),
        ("outflow.age_45_59", s.outflow.age_45_59),
        ("outflow.age_60_plus", s.outflow.age_60_plus),
        ("fte_per_person", s.fte_per_person),
        ("class_size", s.class_size),
        ("teaching_time", s.teaching_time),
        ("substitute_capacity", s.substitute_capacity),
        ("market_reaction", s.market_reaction),
    ]
}

/// A warning for every lever of every scenario outside its plausible band
/// (the multipliers of [`PLAUSIBLE_LEVER_BANDS`], `workload` in
/// [`PLAUSIBLE_WORKLOAD`]) and for demand levers that cancel out
/// ([`PlausibilityWarning::Cancelling`]).
///
/// ```
/// use tekort_core::{monitoring::lever_warnings, scenario::Scenario};
/// let mut s = Scenario::named("klein");
/// s.class_size = 0.3;
/// let w = lever_warnings(&[Scenario::baseline(), s]);
/// assert_eq!(w.len(), 1);
/// assert!(w[0].to_string().contains("class_size = 0.3"));
/// // Smaller classes and less teaching time in the same measure cancel.
/// let mut c = Scenario::named("opgeheven");
/// c.class_size = 0.95;
/// c.teaching_time = 0.95;
/// let w = lever_warnings(&[c]);
/// assert!(w[0].to_string().contains("class_size = 0.95 and teaching_time = 0.95 cancel out"));
/// ```
pub fn lever_warnings(scenarios: &[Scenario]) -> Vec<PlausibilityWarning> {
    let mut out = Vec::new();
    for s in scenarios {
        for ((lever, value), (_, min, max)) in
            scenario_levers(s).into_iter().zip(PLAUSIBLE_LEVER_BANDS)
        {
            if value < min || value > max {
                out.push(PlausibilityWarning::Lever {
                    scenario: s.name.clone(),
                    lever: lever.to_string(),
                    value,
                    min,
                    max,
                });
            }
        }
        let (min, max) = PLAUSIBLE_WORKLOAD;
        if s.workload < min || s.workload > max {
            out.push(PlausibilityWarning::Lever {
                scenario: s.name.clone(),
                lever: "workload".into(),
                value: s.workload,
                min,
                max,
            });
        }
        let demand: Vec<(String, f64)> = [
            ("class_size", s.class_size, 1.0),
            ("teaching_time", s.teaching_time, 1.0),
            ("workload", s.workload, 0.0),
        ]
        .into_iter()
        .filter(|(_, v, neutral)| v != neutral)
        .map(|(k, v, _)| (k.to_string(), v))
        .collect();
        let factor = s.demand_factor();
        if demand.len() >= 2 && (factor - 1.0).abs() < CANCELLING_LEVERS_SHARE {
            out.push(PlausibilityWarning::Cancelling {
                scenario: s.name.clone(),
                levers: demand,
                factor,
            });
        }
    }
    out
}

/// A warning for every scenario, region and sector of `projection` whose
/// shortage exceeds [`MAX_PLAUSIBLE_SHORTAGE_PCT`] of employment in some
/// year (the first such year is named; after [`MAX_SHORTAGE_WARNINGS`] the
/// rest are counted). `scenarios` are the scenarios it was run with (for
/// the levers that differ from 1); those not found are shown without.
pub fn shortage_warnings(
    projection: &Projection,
    scenarios: &[Scenario],
) -> Vec<PlausibilityWarning> {
    let p = projection;
    let col = Variable::ShortagePct.index();
    let mut out: Vec<PlausibilityWarning> = Vec::new();
    let mut more = 0;
    for (si, name) in p.scenarios.iter().enumerate() {
        let levers: Vec<(String, f64)> = scenarios
            .iter()
            .find(|s| s.name == *name)
            .map(|s| {
                scenario_levers(s)
                    .into_iter()
                    .filter(|(_, v)| *v != 1.0)
                    .map(|(k, v)| (k.to_string(), v))
                    .chain((s.workload != 0.0).then(|| ("workload".to_string(), s.workload)))
                    .collect()
            })
            .unwrap_or_default();
        for (ri, region) in p.regions.iter().enumerate() {
            for (ki, sector) in p.sectors.iter().enumerate() {
                let first = p.years.iter().enumerate().find_map(|(yi, &year)| {
                    let v = p.values[[si, ri, ki, yi, col]];
                    (v > MAX_PLAUSIBLE_SHORTAGE_PCT).then_some((year, v))
                });
                let Some((year, shortage_pct)) = first else {
                    continue;
                };
                if out.len() < MAX_SHORTAGE_WARNINGS {
                    out.push(PlausibilityWarning::Shortage {
                        scenario: name.clone(),
                        region: region.clone(),
                        sector: sector.code().to_string(),
                        year,
                        shortage_pct,
                        levers: levers.clone(),
                        more: 0,
                    });
                } else {
                    more += 1;
                }
            }
        }
    }
    if let Some(PlausibilityWarning::Shortage { more: m, .. }) = out.last_mut() {
        *m = more;
    }
    out
}

/// [`lever_warnings`], the warnings on the run's inputs
/// ([`Projection::warnings`], as [`PlausibilityWarning::Input`]) and
/// [`shortage_warnings`] of a run.
pub fn plausibility_warnings(
    projection: &Projection,
    scenarios: &[Scenario],
) -> Vec<PlausibilityWarning> {
    let mut out = lever_warnings(scenarios);
    out.extend(
        projection
            .warnings
            .iter()
            .map(|m| PlausibilityWarning::Input { message: m.clone() }),
    );
    out.extend(shortage_warnings(projection, scenarios));
    out
}

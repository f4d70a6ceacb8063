//! A parameter value that can carry its uncertainty.
//!
//! The deterministic engine uses [`Estimate::value`]; the Monte Carlo draws
//! from [`Estimate::uncertainty`] ([`Estimate::sample`]). In TOML an
//! estimate is either a bare number (`rate = 0.03`) or a table:
//!
//! | table | distribution |
//! |---|---|
//! | `{ value = 0.03, sd = 0.005 }` | Normal(value, sd), cut at 0 |
//! | `{ value = 0.03, low = 0.02, high = 0.04 }` | Uniform(low, high) |
//! | `{ value = 0.03, ess = 400 }` | Beta with mean `value` and effective sample size `ess` (a rate or share in 0..1: as if measured on `ess` persons) |
//! | `{ value = 2244, cv = 0.25 }` | LogNormal with mean `value` and coefficient of variation `cv` (a volume or a multiplier) |

use rand::{Rng, RngExt};
use rand_distr::{Beta as BetaDist, Distribution, LogNormal as LogNormalDist, StandardNormal};
use serde::{Deserialize, Serialize};

use statrs::distribution::{Beta, ContinuousCDF, LogNormal, Normal, Uniform};

/// The spread of an uncertain parameter around its central value.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum Uncertainty {
    /// Normally distributed with this standard deviation.
    Normal {
        /// Standard deviation, same unit as the value.
        sd: f64,
    },
    /// Uniform between `low` and `high`.
    Uniform {
        /// Lower bound.
        low: f64,
        /// Upper bound.
        high: f64,
    },
    /// Beta with mean `value` and effective sample size `ess`
    /// (α = value × ess, β = (1 − value) × ess): a rate or share.
    Beta {
        /// Effective sample size (> 0).
        ess: f64,
    },
    /// LogNormal with mean `value` and coefficient of variation `cv`: a
    /// positive volume or multiplier.
    LogNormal {
        /// Coefficient of variation (sd / mean, ≥ 0).
        cv: f64,
    },
}

/// A parameter value: a central value and, optionally, its uncertainty.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "EstimateRepr", into = "EstimateRepr")]
pub struct Estimate {
    /// The central value used by the deterministic engine.
    pub value: f64,
    /// How uncertain the value is; `None` means treated as known.
    pub uncertainty: Option<Uncertainty>,
}

impl Estimate {
    /// A value without stated uncertainty.
    pub const fn new(value: f64) -> Self {
        Estimate {
            value,
            uncertainty: None,
        }
    }

    /// A value with a normal standard deviation.
    pub const fn normal(value: f64, sd: f64) -> Self {
        Estimate {
            value,
            uncertainty: Some(Uncertainty::Normal { sd }),
        }
    }

    /// A value drawn from the distribution (the central value when there is
    /// no uncertainty). Normal draws are cut at 0 (parameters are rates,
    /// counts and multipliers).
    ///
    /// ```
    /// use rand::SeedableRng;
    /// use tekort_core::params::Estimate;
    /// let e = Estimate { value: 0.05, uncertainty: Some(tekort_core::params::Uncertainty::Beta { ess: 400.0 }) };
    /// let mut rng = rand_pcg::Pcg64Mcg::seed_from_u64(7);
    /// let x = e.sample(&mut rng);
    /// assert!(x > 0.0 && x < 0.2);
    /// assert_eq!(tekort_core::params::Estimate::new(3.0).sample(&mut rng), 3.0);
    /// ```
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        let v = self.value;
        match self.uncertainty {
            None => v,
            Some(Uncertainty::Normal { sd }) => {
                let z: f64 = StandardNormal.sample(rng);
                (v + sd * z).max(0.0)
            }
            Some(Uncertainty::Uniform { low, high }) => low + (high - low) * rng.random::<f64>(),
            Some(Uncertainty::Beta { ess }) => match BetaDist::new(v * ess, (1.0 - v) * ess) {
                Ok(d) if v > 0.0 && v < 1.0 => d.sample(rng),
                _ => v,
            },
            Some(Uncertainty::LogNormal { cv }) => {
                let (mu, sigma) = lognormal_mu_sigma(v, cv);
                match LogNormalDist::new(mu, sigma) {
                    Ok(d) if v > 0.0 && cv > 0.0 => d.sample(rng),
                    _ => v,
                }
            }
        }
    }

    /// The value at probability `p` (0..1) of its distribution; the central
    /// value when there is no uncertainty.
    ///
    /// ```
    /// use tekort_core::params::Estimate;
    /// let e = Estimate::normal(1.0, 0.1);
    /// assert!((e.quantile(0.5) - 1.0).abs() < 1e-12);
    /// assert!(e.quantile(0.9) > 1.1);
    /// ```
    pub fn quantile(&self, p: f64) -> f64 {
        match self.uncertainty {
            None => self.value,
            Some(Uncertainty::Normal { sd }) => match Normal::new(self.value, sd) {
                Ok(dist) if sd > 0.0 => dist.inverse_cdf(p.clamp(1e-9, 1.0 - 1e-9)),
                _ => self.value,
            },
            Some(Uncertainty::Uniform { low, high }) => match Uniform::new(low, high) {
                Ok(dist) => dist.inverse_cdf(p.clamp(0.0, 1.0)),
                Err(_) => self.value,
            },
            Some(Uncertainty::Beta { ess }) => {
                match Beta::new(self.value * ess, (1.0 - self.value) * ess) {
                    Ok(d) if self.value > 0.0 && self.value < 1.0 => {
                        d.inverse_cdf(p.clamp(1e-9, 1.0 - 1e-9))
                    }
                    _ => self.value,
                }
            }
            Some(Uncertainty::LogNormal { cv }) => {
                let (mu, sigma) = lognormal_mu_sigma(self.value, cv);
                match LogNormal::new(mu, sigma) {
                    Ok(d) if self.value > 0.0 && cv > 0.0 => {
                        d.inverse_cdf(p.clamp(1e-9, 1.0 - 1e-9))
                    }
                    _ => self.value,
                }
            }
        }
    }

    /// Checks the uncertainty against the value: a Beta needs a value in
    /// (0, 1) and `ess > 0`; a LogNormal a value > 0 and `cv >= 0`.
    pub(crate) fn check(&self) -> Result<(), String> {
        match self.uncertainty {
            Some(Uncertainty::Beta { ess }) if !(ess > 0.0 && ess.is_finite()) => {
                Err(format!("ess = {ess} must be a finite number > 0"))
            }
            Some(Uncertainty::Beta { .. }) if !(self.value > 0.0 && self.value < 1.0) => Err(
                format!("value = {} must lie in (0, 1) for a Beta (ess)", self.value),
            ),
            Some(Uncertainty::LogNormal { cv }) if !(cv >= 0.0 && cv.is_finite()) => {
                Err(format!("cv = {cv} must be a finite number >= 0"))
            }
            Some(Uncertainty::LogNormal { .. }) if self.value <= 0.0 => Err(format!(
                "value = {} must be > 0 for a LogNormal (cv)",
                self.value
            )),
            _ => Ok(()),
        }
    }
}

/// μ and σ of the normal underlying a LogNormal with this mean and
/// coefficient of variation.
fn lognormal_mu_sigma(mean: f64, cv: f64) -> (f64, f64) {
    let s2 = (1.0 + cv * cv).ln();
    (mean.max(1e-300).ln() - s2 / 2.0, s2.sqrt())
}

impl From<f64> for Estimate {
    fn from(value: f64) -> Self {
        Estimate::new(value)
    }
}

#[derive(Serialize)]
#[serde(untagged)]
enum EstimateRepr {
    Plain(f64),
    Full(FullRepr),
}

/// A number or a table. Written by hand rather than `untagged`, whose
/// error ("data did not match any variant of untagged enum") names
/// neither the value nor what was expected.
impl<'de> Deserialize<'de> for EstimateRepr {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Repr;
        impl<'de> serde::de::Visitor<'de> for Repr {
            type Value = EstimateRepr;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a number, or a table such as { value = 0.05, sd = 0.01 }")
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<EstimateRepr, E> {
                Ok(EstimateRepr::Plain(v))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<EstimateRepr, E> {
                Ok(EstimateRepr::Plain(v as f64))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<EstimateRepr, E> {
                Ok(EstimateRepr::Plain(v as f64))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<EstimateRepr, A::Error> {
                FullRepr::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(EstimateRepr::Full)
            }
        }
        d.deserialize_any(Repr)
    }
}

/// The table form; unknown keys are errors (`hgh = 2` must not be ignored).
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FullRepr {
    value: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sd: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    low: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    high: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    ess: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    cv: Option<f64>,
}

impl TryFrom<EstimateRepr> for Estimate {
    type Error = String;
    fn try_from(r: EstimateRepr) -> Result<Self, String> {
        match r {
            EstimateRepr::Plain(value) => Ok(Estimate::new(value)),
            EstimateRepr::Full(f) => {
                let uncertainty = match (f.sd, f.low, f.high, f.ess, f.cv) {
                    (None, None, None, None, None) => None,
                    (Some(sd), None, None, None, None) if sd >= 0.0 => {
                        Some(Uncertainty::Normal { sd })
                    }
                    (None, Some(low), Some(high), None, None)
                        if low <= f.value && f.value <= high =>
                    {
                        Some(Uncertainty::Uniform { low, high })
                    }
                    (None, None, None, Some(ess), None) => Some(Uncertainty::Beta { ess }),
                    (None, None, None, None, Some(cv)) => Some(Uncertainty::LogNormal { cv }),
                    _ => {
                        return Err(format!(
                        "estimate {{ value = {} }} needs one of: sd >= 0; low <= value <= high; ess (Beta); cv (LogNormal)",
                        f.value
                    ))
                    }
                };
                let e = Estimate {
                    value: f.value,
                    uncertainty,
                };
                e.check()
                    .map_err(|reason| format!("estimate {{ value = {} }}: {reason}", f.value))?;
                Ok(e)
            }
        }
    }
}

impl From<Estimate> for EstimateRepr {
    fn from(e: Estimate) -> Self {
        let mut f = FullRepr {
            value: e.value,
            sd: None,
            low: None,
            high: None,
            ess: None,
            cv: None,
        };
        match e.uncertainty {
            None => return EstimateRepr::Plain(e.value),
            Some(Uncertainty::Normal { sd }) => f.sd = Some(sd),
            Some(Uncertainty::Uniform { low, high }) => (f.low, f.high) = (Some(low), Some(high)),
            Some(Uncertainty::Beta { ess }) => f.ess = Some(ess),
            Some(Uncertainty::LogNormal { cv }) => f.cv = Some(cv),
        }
        EstimateRepr::Full(f)
    }
}

//! A parameter value that can carry its uncertainty.
//!
//! The deterministic engine uses [`Estimate::value`]; the probabilistic engine
//! (Monte Carlo, microsimulation) will draw from [`Estimate::uncertainty`]. In
//! TOML an estimate is either a bare number (`rate = 0.03`) or a table
//! (`rate = { value = 0.03, sd = 0.005 }` or
//! `rate = { value = 0.03, low = 0.02, high = 0.04 }`).

use serde::{Deserialize, Serialize};

use statrs::distribution::{ContinuousCDF, Normal, Uniform};

/// The spread of an uncertain parameter around its central value.
#[derive(Debug, Clone, Copy, PartialEq)]
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

    /// The value at probability `p` (0..1) of its distribution; the central
    /// value when there is no uncertainty. The probabilistic engine draws
    /// parameters through this quantile function.
    ///
    /// ```
    /// use tekort_core::Estimate;
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
        }
    }
}

impl From<f64> for Estimate {
    fn from(value: f64) -> Self {
        Estimate::new(value)
    }
}

#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum EstimateRepr {
    Plain(f64),
    Full(FullRepr),
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
}

impl TryFrom<EstimateRepr> for Estimate {
    type Error = String;
    fn try_from(r: EstimateRepr) -> Result<Self, String> {
        match r {
            EstimateRepr::Plain(value) => Ok(Estimate::new(value)),
            EstimateRepr::Full(f) => {
                let uncertainty = match (f.sd, f.low, f.high) {
                    (None, None, None) => None,
                    (Some(sd), None, None) if sd >= 0.0 => Some(Uncertainty::Normal { sd }),
                    (None, Some(low), Some(high)) if low <= f.value && f.value <= high => {
                        Some(Uncertainty::Uniform { low, high })
                    }
                    _ => {
                        return Err(format!(
                        "estimate {{ value = {} }} needs either sd >= 0, or low <= value <= high",
                        f.value
                    ))
                    }
                };
                Ok(Estimate {
                    value: f.value,
                    uncertainty,
                })
            }
        }
    }
}

impl From<Estimate> for EstimateRepr {
    fn from(e: Estimate) -> Self {
        let (sd, low, high) = match e.uncertainty {
            None => return EstimateRepr::Plain(e.value),
            Some(Uncertainty::Normal { sd }) => (Some(sd), None, None),
            Some(Uncertainty::Uniform { low, high }) => (None, Some(low), Some(high)),
        };
        EstimateRepr::Full(FullRepr {
            value: e.value,
            sd,
            low,
            high,
        })
    }
}

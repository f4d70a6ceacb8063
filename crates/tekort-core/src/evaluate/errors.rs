//! The past errors of the backtests, from which the Monte Carlo draws
//! its pupil and graduate factors.

use crate::domain::dataset::Dataset;
use crate::domain::params::Params;
use crate::domain::regions::RegionSystem;
use crate::error::{Result, TekortError};
use crate::evaluate::backtest::{backtest, BacktestOptions, BacktestRow, Component, Method};
/// The errors tekort's own methods made in the backtests, as the
/// root-mean-square of `ln(forecast / actual)` by horizon.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorModel {
    /// Regular-primary pupils, nationally, horizons 1, 2, ….
    pub pupils_national: Vec<f64>,
    /// Regular-primary pupils per arbeidsmarktregio (national and regional
    /// error together), horizons 1, 2, ….
    pub pupils_regional: Vec<f64>,
    /// Teacher-training graduates per route, horizons 1, 2, ….
    pub graduates: Vec<f64>,
}

/// The RMS log error of the tekort rows by horizon (1..=max).
fn rms_log_error<'a>(rows: impl Iterator<Item = &'a BacktestRow>, max: i32) -> Vec<f64> {
    let mut sum = vec![0.0; max as usize];
    let mut n = vec![0usize; max as usize];
    for r in rows {
        if r.actual > 0.0 && r.forecast > 0.0 && (1..=max).contains(&r.horizon) {
            let e = (r.forecast / r.actual).ln();
            sum[(r.horizon - 1) as usize] += e * e;
            n[(r.horizon - 1) as usize] += 1;
        }
    }
    let mut out: Vec<f64> = sum
        .iter()
        .zip(&n)
        .map(|(s, &k)| {
            if k > 0 {
                (s / k as f64).sqrt()
            } else {
                f64::NAN
            }
        })
        .collect();
    // Horizons without a forecast take the last known one.
    while out.last().is_some_and(|v| v.is_nan()) {
        out.pop();
    }
    out
}

impl ErrorModel {
    /// The error model from the backtests of tekort's pupil and graduate
    /// methods with `params`: every forecast, or with `last_year` only the
    /// forecasts of years up to it (to score intervals out of sample).
    pub fn from_backtests(
        dataset: &Dataset,
        params: &Params,
        last_year: Option<i32>,
    ) -> Result<Self> {
        let mut options = BacktestOptions::new(dataset)?;
        options.components = vec![Component::Pupils, Component::Graduates];
        options.region_systems = vec![
            RegionSystem::builtin("nl", dataset)?,
            RegionSystem::builtin("arbeidsmarktregio", dataset)?,
        ];
        let bt = backtest(dataset, params, &options)?;
        let keep =
            |r: &&BacktestRow| r.method == Method::Tekort && last_year.is_none_or(|y| r.year <= y);
        let pupils = |system: &str| {
            rms_log_error(
                bt.rows.iter().filter(keep).filter(|r| {
                    r.component == Component::Pupils
                        && r.region_system == system
                        && r.sector == "po_bo"
                }),
                options.horizon,
            )
        };
        let graduates = rms_log_error(
            bt.rows
                .iter()
                .filter(keep)
                .filter(|r| r.component == Component::Graduates),
            options.horizon,
        );
        let model = ErrorModel {
            pupils_national: pupils("nl"),
            pupils_regional: pupils("arbeidsmarktregio"),
            graduates,
        };
        if model.pupils_national.is_empty() || model.pupils_regional.is_empty() {
            return Err(TekortError::data(
                "the pupil backtest has no forecast to size the pupil error from",
            ));
        }
        Ok(model)
    }

    /// The error (sd of the log) at horizon `h` of a series: 0 for `h ≤ 0`;
    /// beyond the backtests' longest horizon `H` it grows as `√(h / H)`.
    pub fn at(series: &[f64], h: i32) -> f64 {
        if h <= 0 || series.is_empty() {
            return 0.0;
        }
        let hl = series.len() as i32;
        if h <= hl {
            let v = series[(h - 1) as usize];
            if v.is_finite() {
                return v;
            }
        }
        let last = series
            .iter()
            .rev()
            .find(|v| v.is_finite())
            .copied()
            .unwrap_or(0.0);
        last * (h as f64 / hl as f64).max(1.0).sqrt()
    }
}

//! The past errors of the backtests, from which the Monte Carlo draws
//! its pupil and graduate factors.

use crate::domain::dataset::Dataset;
use crate::domain::params::Params;
use crate::domain::regions::RegionSystem;
use crate::domain::sector::Sector;
use crate::error::{Result, TekortError};
use crate::evaluate::backtest::{
    backtest, Backtest, BacktestOptions, BacktestRow, Component, Method,
};
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
    /// Special-education pupils, `[sbo, (v)so]`, nationally, horizons 1,
    /// 2, …: policy more than demography (passend onderwijs), so their
    /// errors are several times those of regular primary (empty: as
    /// regular primary).
    pub special_national: [Vec<f64>; 2],
    /// Special-education pupils per arbeidsmarktregio, `[sbo, (v)so]`.
    pub special_regional: [Vec<f64>; 2],
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

/// The backtest the error model is sized on: tekort's pupil and graduate
/// methods, nationally and per arbeidsmarktregio, every cutoff, with its
/// longest horizon.
pub(crate) fn sizing_backtest(dataset: &Dataset, params: &Params) -> Result<(Backtest, i32)> {
    let mut options = BacktestOptions::new(dataset)?;
    options.components = vec![Component::Pupils, Component::Graduates];
    options.region_systems = vec![
        RegionSystem::builtin("nl", dataset)?,
        RegionSystem::builtin("arbeidsmarktregio", dataset)?,
    ];
    Ok((backtest(dataset, params, &options)?, options.horizon))
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
        let (bt, horizon) = sizing_backtest(dataset, params)?;
        Self::from_rows(&bt.rows, horizon, last_year)
    }

    /// [`ErrorModel::from_backtests`] on the rows of a [`sizing_backtest`]
    /// already run (its longest horizon `horizon`).
    pub(crate) fn from_rows(
        rows: &[BacktestRow],
        horizon: i32,
        last_year: Option<i32>,
    ) -> Result<Self> {
        let keep =
            |r: &&BacktestRow| r.method == Method::Tekort && last_year.is_none_or(|y| r.year <= y);
        let pupils_of = |system: &str, sector: Sector| {
            rms_log_error(
                rows.iter().filter(keep).filter(|r| {
                    r.component == Component::Pupils
                        && r.region_system == system
                        && r.sector == sector.code()
                }),
                horizon,
            )
        };
        let pupils = |system: &str| pupils_of(system, Sector::PoBo);
        let graduates = rms_log_error(
            rows.iter()
                .filter(keep)
                .filter(|r| r.component == Component::Graduates),
            horizon,
        );
        let model = ErrorModel {
            pupils_national: pupils("nl"),
            pupils_regional: pupils("arbeidsmarktregio"),
            graduates,
            special_national: [
                pupils_of("nl", Sector::PoSbo),
                pupils_of("nl", Sector::PoSoVso),
            ],
            special_regional: [
                pupils_of("arbeidsmarktregio", Sector::PoSbo),
                pupils_of("arbeidsmarktregio", Sector::PoSoVso),
            ],
        };
        if model.pupils_national.is_empty() || model.pupils_regional.is_empty() {
            return Err(TekortError::data(
                "the pupil backtest has no forecast to size the pupil error from",
            ));
        }
        Ok(model)
    }

    /// The pupil errors `(national, regional)` a sector's pupils are drawn
    /// with: special education (sbo, (v)so) its own where the backtests
    /// have them, every other sector regular primary's (vo and mbo follow
    /// the bo pupils).
    pub fn pupils_of(&self, sector: Sector) -> (&[f64], &[f64]) {
        let special = match sector {
            Sector::PoSbo => Some(0),
            Sector::PoSoVso => Some(1),
            _ => None,
        };
        match special {
            Some(i)
                if !self.special_national[i].is_empty() && !self.special_regional[i].is_empty() =>
            {
                (&self.special_national[i], &self.special_regional[i])
            }
            _ => (&self.pupils_national, &self.pupils_regional),
        }
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

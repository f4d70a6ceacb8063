//! The coverage of the Monte Carlo's intervals in the backtests: the
//! share of what happened that fell inside them.

use crate::domain::dataset::Dataset;
use crate::domain::params::Params;
use crate::domain::regions::RegionSystem;
use crate::error::Result;
use crate::evaluate::backtest::{backtest, BacktestOptions, BacktestRow, Component, Method};
use crate::evaluate::trend::FIT_LAST_YEAR;

/// Share of actuals inside tekort's intervals in the backtests, for one
/// component, region system, sample, level and horizon.
#[derive(Debug, Clone, PartialEq)]
pub struct CoverageRow {
    /// Component (pupils: regular primary; graduates: every route).
    pub component: Component,
    /// Region system (`nl`, `arbeidsmarktregio`).
    pub region_system: String,
    /// `in` (errors sized from every backtest forecast) or `out` (sized
    /// from the forecasts of years up to [`FIT_LAST_YEAR`], scored on the
    /// cutoffs after it).
    pub sample: &'static str,
    /// Interval level in %.
    pub level: f64,
    /// Horizon; 0 means all horizons together.
    pub horizon: i32,
    /// Forecasts scored.
    pub count: usize,
    /// Share (%) of actuals inside the interval.
    pub coverage: f64,
}

/// The coverage of the Monte Carlo's pupil and graduate intervals in the
/// backtests: each tekort forecast gets the interval the Monte Carlo draws
/// for its horizon (log-normal around the forecast, sd from
/// [`crate::evaluate::errors::ErrorModel`], in closed form), and the share of actuals inside
/// is counted. In sample: the error model from every backtest forecast;
/// out of sample: from the forecasts of years up to [`FIT_LAST_YEAR`],
/// scored on the cutoffs after it.
pub fn interval_coverage(dataset: &Dataset, params: &Params) -> Result<Vec<CoverageRow>> {
    let mut options = BacktestOptions::new(dataset)?;
    options.components = vec![Component::Pupils, Component::Graduates];
    options.region_systems = vec![
        RegionSystem::builtin("nl", dataset)?,
        RegionSystem::builtin("arbeidsmarktregio", dataset)?,
    ];
    let bt = backtest(dataset, params, &options)?;
    let models = [
        (
            "in",
            crate::evaluate::errors::ErrorModel::from_backtests(dataset, params, None)?,
        ),
        (
            "out",
            crate::evaluate::errors::ErrorModel::from_backtests(
                dataset,
                params,
                Some(FIT_LAST_YEAR),
            )?,
        ),
    ];
    let mut out = Vec::new();
    for (component, system) in [
        (Component::Pupils, "nl"),
        (Component::Pupils, "arbeidsmarktregio"),
        (Component::Graduates, "nl"),
    ] {
        for (sample, model) in &models {
            let rows: Vec<BacktestRow> = bt
                .rows
                .iter()
                .filter(|r| {
                    r.method == Method::Tekort
                        && r.component == component
                        && r.region_system == system
                        && (component != Component::Pupils || r.sector == "po_bo")
                        && (*sample == "in" || r.cutoff > FIT_LAST_YEAR)
                        && r.actual > 0.0
                        && r.forecast > 0.0
                })
                .cloned()
                .collect();
            for level in [80.0, 95.0] {
                // The interval the Monte Carlo gives each forecast.
                let bounds = crate::uncertainty::montecarlo::backtest_intervals(
                    &rows, model, params, level,
                )?;
                let mut by_h = vec![(0usize, 0usize); options.horizon as usize + 1];
                for (r, b) in rows.iter().zip(&bounds) {
                    let inside = b.is_some_and(|(lo, hi)| lo <= r.actual && r.actual <= hi);
                    for h in [0, r.horizon as usize] {
                        by_h[h].0 += 1;
                        by_h[h].1 += usize::from(inside);
                    }
                }
                for (h, &(n, k)) in by_h.iter().enumerate() {
                    if n > 0 {
                        out.push(CoverageRow {
                            component,
                            region_system: system.to_string(),
                            sample,
                            level,
                            horizon: h as i32,
                            count: n,
                            coverage: 100.0 * k as f64 / n as f64,
                        });
                    }
                }
            }
        }
    }
    Ok(out)
}

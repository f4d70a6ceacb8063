//! The accuracy report (docs/accuracy.md) and the calibration of the pupil
//! trend by backtest, fitted on the early cutoffs and checked on the late
//! ones.

use crate::evaluate::backtest::{AccuracyRow, Component, Method};

/// MAPE of one method at one horizon (`NaN` if not scored).
pub fn mape_of(
    summary: &[AccuracyRow],
    component: Component,
    system: &str,
    sector: &str,
    method: Method,
    horizon: i32,
) -> f64 {
    summary
        .iter()
        .find(|r| {
            r.component == component
                && r.region_system == system
                && r.sector == sector
                && r.method == method
                && r.horizon == horizon
        })
        .map_or(f64::NAN, |r| r.mape)
}

//! Accuracy measures read from the backtest summaries (the figures of
//! docs/accuracy.md, which the tekort-report crate writes).

use crate::domain::dataset::Dataset;
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

/// % change of DUO's po staff persons per po pupil (all school types, all
/// of the Netherlands) from year `a` to year `b`; `NaN` if either year has
/// no staff or no pupils in the data.
pub fn staff_per_pupil_change(dataset: &Dataset, a: i32, b: i32) -> f64 {
    let ratio = |y: i32| -> Option<f64> {
        let si = dataset.po_staff_years.index(y)?;
        let pi = dataset.po_pupil_years.index(y)?;
        let staff = dataset.po_staff.index_axis(ndarray::Axis(2), si).sum();
        let pupils = dataset.po_pupils.index_axis(ndarray::Axis(2), pi).sum();
        (pupils > 0.0).then(|| staff / pupils)
    };
    match (ratio(a), ratio(b)) {
        (Some(x), Some(y)) => 100.0 * (y / x - 1.0),
        _ => f64::NAN,
    }
}

//! The model against the past: backtests and their summary, and the
//! Markdown pages of `tekort accuracy` and `tekort validate`.

use pyo3::prelude::*;
use tekort_core::{evaluation::BacktestOptions, evaluation::Component};

use crate::arrow::{frame_from_py, ArrowStream};
use crate::guarded;
use crate::inputs::{dataset, params_from_json};
use crate::present;

/// What the model reproduces of the past, as Markdown (`tekort validate`).
#[pyfunction]
#[pyo3(signature = (params=None))]
fn validation_markdown(py: Python<'_>, params: Option<String>) -> PyResult<String> {
    guarded(py, move || {
        let ds = tekort_polars::embedded_dataset()?;
        let params = params_from_json(params.as_deref())?;
        let validation = tekort_core::evaluation::validate_history(ds, &params)?;
        Ok(present::validation_markdown(&validation))
    })
}

/// Backtests as an Arrow stream (`tekort backtest`), with their notes.
#[pyfunction]
#[pyo3(signature = (*, components, region_systems, region_frames, cutoffs=None, horizon=10, params=None, data_dir=None))]
#[allow(clippy::too_many_arguments)] // the options of `tekort backtest`
fn backtest(
    py: Python<'_>,
    components: Vec<String>,
    region_systems: Vec<String>,
    region_frames: Vec<Option<Bound<'_, PyAny>>>,
    cutoffs: Option<(i32, i32)>,
    horizon: i32,
    params: Option<String>,
    data_dir: Option<String>,
) -> PyResult<(ArrowStream, Vec<String>)> {
    let frames = region_frames
        .iter()
        .map(|f| f.as_ref().map(frame_from_py).transpose())
        .collect::<PyResult<Vec<_>>>()?;
    let (frame, notes) = guarded(py, move || {
        let ds = dataset(data_dir.as_deref())?;
        let params = params_from_json(params.as_deref())?;
        let mut options = BacktestOptions::new(&ds)?;
        if !components.is_empty() {
            options.components = components
                .iter()
                .map(|c| c.parse::<Component>())
                .collect::<Result<_, _>>()?;
        }
        options.region_systems = region_systems
            .iter()
            .zip(&frames)
            .map(|(name, frame)| match frame {
                Some(f) => tekort_polars::regions_from_frame(name, f, &ds),
                None => tekort_polars::resolve_regions(name, &ds),
            })
            .collect::<Result<_, _>>()?;
        options.cutoffs = cutoffs;
        options.horizon = horizon;
        let bt = tekort_core::evaluation::backtest(&ds, &params, &options)?;
        let mut frame = tekort_polars::backtest_to_frame(&bt.rows)?;
        let intervals =
            tekort_core::evaluation::backtest_bounds(&ds, &params, &bt.rows, &[80.0, 95.0])?;
        tekort_polars::add_backtest_intervals(&mut frame, &intervals)?;
        Ok((frame, bt.notes))
    })?;
    Ok((ArrowStream::new(frame), notes))
}

/// The summary of a backtest frame: MAPE, median APE, bias and count per
/// component, region system, sector, method and horizon.
#[pyfunction]
fn backtest_summary(py: Python<'_>, frame: Bound<'_, PyAny>) -> PyResult<ArrowStream> {
    let frame = frame_from_py(&frame)?;
    let out = guarded(py, move || {
        let rows = tekort_polars::backtest_from_frame(&frame)?;
        tekort_polars::accuracy_to_frame(&tekort_core::evaluation::summarize(&rows))
    })?;
    Ok(ArrowStream::new(out))
}

/// The accuracy report as Markdown (`tekort accuracy`, docs/accuracy.md).
#[pyfunction]
#[pyo3(signature = (params=None))]
fn accuracy_markdown(py: Python<'_>, params: Option<String>) -> PyResult<String> {
    guarded(py, move || {
        let ds = tekort_polars::embedded_dataset()?;
        let params = params_from_json(params.as_deref())?;
        Ok(present::accuracy_report(ds, &params)?)
    })
}

/// Adds the evaluation bindings to the module.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(validation_markdown, m)?)?;
    m.add_function(wrap_pyfunction!(backtest, m)?)?;
    m.add_function(wrap_pyfunction!(backtest_summary, m)?)?;
    m.add_function(wrap_pyfunction!(accuracy_markdown, m)?)?;
    Ok(())
}

//! `tekort._core`: the compiled part of the `tekort` Python package.
//!
//! Small configuration objects (parameters, scenarios) cross as JSON text;
//! frames cross as Arrow C streams. The engine runs with the GIL released,
//! and every call is guarded so a Rust panic becomes a `tekort.errors.
//! InternalError`, never a crash.
//!
//! One binding per task, in modules by purpose: [`forecast`] (forecast,
//! simulate, microsim, indicators, report, on the shared [`inputs`]),
//! [`evaluate`] (backtests, accuracy, validation), [`config`] (parameters
//! and scenarios), [`io`] (regions, municipalities, files); [`present`]
//! is the one place that names the HTML and Markdown writers.

mod arrow;
mod config;
mod errors;
mod evaluate;
mod forecast;
mod inputs;
mod io;
mod present;

use std::panic::{catch_unwind, AssertUnwindSafe};

use pyo3::prelude::*;
use tekort_polars::Error;

use crate::arrow::ArrowStream;

/// Runs `f` without the GIL and turns errors and panics into Python
/// exceptions.
fn guarded<T: Send>(py: Python<'_>, f: impl FnOnce() -> Result<T, Error> + Send) -> PyResult<T> {
    let outcome = py.detach(|| catch_unwind(AssertUnwindSafe(f)));
    match outcome {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(errors::to_py(py, e)),
        Err(panic) => {
            let msg = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "unknown panic".to_string());
            Err(errors::raise(
                py,
                "InternalError",
                format!("internal error in tekort (please report): {msg}"),
            ))
        }
    }
}

/// Panics inside the guard; lets the tests prove that a Rust panic reaches
/// Python as `tekort.errors.InternalError`, not as a crash.
#[pyfunction]
fn _panic_for_tests(py: Python<'_>) -> PyResult<()> {
    guarded(py, || -> Result<(), Error> {
        panic!("deliberate test panic")
    })
}

/// The version of the compiled library.
#[pyfunction]
fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

/// The compiled core of the tekort package.
#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<ArrowStream>()?;
    forecast::register(m)?;
    evaluate::register(m)?;
    config::register(m)?;
    io::register(m)?;
    m.add_function(wrap_pyfunction!(_panic_for_tests, m)?)?;
    m.add_function(wrap_pyfunction!(version, m)?)?;
    Ok(())
}

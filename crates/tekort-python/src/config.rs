//! Parameters and scenarios between Python, JSON and TOML: the defaults,
//! conversions, and validation whose errors name the key. Each call is
//! guarded, as the runs are.

use pyo3::prelude::*;
use tekort_core::{params::Params, scenario::Scenario};

use crate::guarded;
use crate::inputs::{params_from_json, scenario_from_json};

/// Parameters or a scenario as JSON (they always serialize; were one not
/// to, the guard turns the panic into an InternalError).
fn to_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("parameters and scenarios serialize")
}

/// The default parameters as JSON.
#[pyfunction]
fn default_params_json(py: Python<'_>) -> PyResult<String> {
    guarded(py, || Ok(to_json(&Params::default())))
}

/// Parameters from TOML text (overlaid on the defaults) as JSON.
#[pyfunction]
fn params_toml_to_json(py: Python<'_>, text: String) -> PyResult<String> {
    guarded(py, move || Ok(to_json(&Params::from_toml_str(&text)?)))
}

/// Validated parameters from JSON, as TOML text.
#[pyfunction]
fn params_json_to_toml(py: Python<'_>, json: String) -> PyResult<String> {
    guarded(py, move || {
        Ok(params_from_json(Some(&json))?.to_toml_string())
    })
}

/// Validates parameters given as JSON; a value that does not fit is named
/// by its path (`invalid value for outflow.aow_age[1].age (…)`).
#[pyfunction]
fn validate_params(py: Python<'_>, json: String) -> PyResult<()> {
    guarded(py, move || params_from_json(Some(&json)).map(|_| ()))
}

/// The built-in `beleidsarm` scenario (no market reaction), as JSON.
#[pyfunction]
fn beleidsarm_json(py: Python<'_>) -> PyResult<String> {
    guarded(py, || Ok(to_json(&Scenario::beleidsarm())))
}

/// A scenario from TOML text, as JSON.
#[pyfunction]
fn scenario_toml_to_json(py: Python<'_>, text: String) -> PyResult<String> {
    guarded(py, move || Ok(to_json(&Scenario::from_toml_str(&text)?)))
}

/// A validated scenario from JSON, as TOML text.
#[pyfunction]
fn scenario_json_to_toml(py: Python<'_>, json: String) -> PyResult<String> {
    guarded(py, move || Ok(scenario_from_json(&json)?.to_toml_string()))
}

/// Validates a scenario given as JSON and returns it normalised (all keys).
#[pyfunction]
fn validate_scenario(py: Python<'_>, json: String) -> PyResult<String> {
    guarded(py, move || Ok(to_json(&scenario_from_json(&json)?)))
}

/// Adds the parameter and scenario bindings to the module.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(default_params_json, m)?)?;
    m.add_function(wrap_pyfunction!(params_toml_to_json, m)?)?;
    m.add_function(wrap_pyfunction!(params_json_to_toml, m)?)?;
    m.add_function(wrap_pyfunction!(validate_params, m)?)?;
    m.add_function(wrap_pyfunction!(beleidsarm_json, m)?)?;
    m.add_function(wrap_pyfunction!(scenario_toml_to_json, m)?)?;
    m.add_function(wrap_pyfunction!(scenario_json_to_toml, m)?)?;
    m.add_function(wrap_pyfunction!(validate_scenario, m)?)?;
    Ok(())
}

//! Parameters and scenarios between Python, JSON and TOML: the defaults,
//! conversions, and validation whose errors name the key.

use pyo3::prelude::*;
use tekort_core::{Params, Scenario};

use crate::errors;
use crate::inputs::{params_from_json, scenario_from_json};

/// The default parameters as JSON.
#[pyfunction]
fn default_params_json() -> String {
    serde_json::to_string(&Params::default()).expect("parameters serialize")
}

/// Parameters from TOML text (overlaid on the defaults) as JSON.
#[pyfunction]
fn params_toml_to_json(py: Python<'_>, text: String) -> PyResult<String> {
    let p = Params::from_toml_str(&text).map_err(|e| errors::core_to_py(py, e))?;
    Ok(serde_json::to_string(&p).expect("parameters serialize"))
}

/// Validated parameters from JSON, as TOML text.
#[pyfunction]
fn params_json_to_toml(py: Python<'_>, json: String) -> PyResult<String> {
    let p = params_from_json(Some(&json)).map_err(|e| errors::to_py(py, e))?;
    Ok(p.to_toml_string())
}

/// Validates parameters given as JSON; a value that does not fit is named
/// by its path (`invalid value for outflow.aow_age[1].age (…)`).
#[pyfunction]
fn validate_params(py: Python<'_>, json: String) -> PyResult<()> {
    params_from_json(Some(&json))
        .map(|_| ())
        .map_err(|e| errors::to_py(py, e))
}

/// A scenario from TOML text, as JSON.
#[pyfunction]
fn scenario_toml_to_json(py: Python<'_>, text: String) -> PyResult<String> {
    let s = Scenario::from_toml_str(&text).map_err(|e| errors::core_to_py(py, e))?;
    Ok(serde_json::to_string(&s).expect("scenarios serialize"))
}

/// A validated scenario from JSON, as TOML text.
#[pyfunction]
fn scenario_json_to_toml(py: Python<'_>, json: String) -> PyResult<String> {
    let s = scenario_from_json(&json).map_err(|e| errors::to_py(py, e))?;
    Ok(s.to_toml_string())
}

/// Validates a scenario given as JSON and returns it normalised (all keys).
#[pyfunction]
fn validate_scenario(py: Python<'_>, json: String) -> PyResult<String> {
    let s = scenario_from_json(&json).map_err(|e| errors::to_py(py, e))?;
    Ok(serde_json::to_string(&s).expect("scenarios serialize"))
}

/// Adds the parameter and scenario bindings to the module.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(default_params_json, m)?)?;
    m.add_function(wrap_pyfunction!(params_toml_to_json, m)?)?;
    m.add_function(wrap_pyfunction!(params_json_to_toml, m)?)?;
    m.add_function(wrap_pyfunction!(validate_params, m)?)?;
    m.add_function(wrap_pyfunction!(scenario_toml_to_json, m)?)?;
    m.add_function(wrap_pyfunction!(scenario_json_to_toml, m)?)?;
    m.add_function(wrap_pyfunction!(validate_scenario, m)?)?;
    Ok(())
}

//! `tekort._core`: the compiled part of the `tekort` Python package.
//!
//! Small configuration objects (parameters, scenarios) cross as JSON text;
//! frames cross as Arrow C streams. The engine runs with the GIL released,
//! and every call is guarded so a Rust panic becomes a `tekort.errors.
//! InternalError`, never a crash.

mod arrow;
mod errors;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;

use polars::prelude::*;
use pyo3::prelude::*;
use tekort_core::{
    project, BacktestOptions, Component, Dataset, Params, ProjectionOptions, Scenario, Sector,
    TekortError,
};
use tekort_polars::Error;

use crate::arrow::{frame_from_py, ArrowStream};

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

fn dataset(data_dir: Option<&str>) -> Result<std::borrow::Cow<'static, Dataset>, Error> {
    Ok(match data_dir {
        Some(dir) => std::borrow::Cow::Owned(tekort_polars::load_dataset_dir(&PathBuf::from(dir))?),
        None => std::borrow::Cow::Borrowed(tekort_polars::embedded_dataset()?),
    })
}

fn params_from_json(json: Option<&str>) -> Result<Params, Error> {
    let Some(json) = json else {
        return Ok(Params::default());
    };
    let params: Params = serde_json::from_str(json).map_err(|e| TekortError::InvalidParams {
        reason: e.to_string(),
    })?;
    params.validate()?;
    Ok(params)
}

fn scenario_from_json(json: &str) -> Result<Scenario, Error> {
    let invalid =
        |scenario: String, reason: String| TekortError::InvalidScenario { scenario, reason };
    let value: serde_json::Value =
        serde_json::from_str(json).map_err(|e| invalid(String::new(), e.to_string()))?;
    // Name the scenario in errors even when its fields do not parse.
    let name = value
        .get("name")
        .and_then(|n| n.as_str())
        .unwrap_or_default()
        .to_string();
    let scenario: Scenario =
        serde_json::from_value(value).map_err(|e| invalid(name, e.to_string()))?;
    scenario.validate()?;
    Ok(scenario)
}

/// Projects and returns the tidy result (or, with `ages`, the workforce
/// by age; with `draws`, the Monte Carlo; with `runs`, the
/// microsimulation) as an Arrow stream, with the calibration notes and the
/// plausibility warnings (levers outside their band, shortages above 100 %
/// of employment).
#[pyfunction]
#[pyo3(signature = (*, region_system, region_frame=None, sectors, until, scenarios, params=None, data_dir=None, ages=false, demography=None, births_frame=None, start=None, pupils_path=None, pupils_frame=None, draws=None, seed=7, levels=vec![80.0, 95.0], samples=false, runs=None, tenure=true, uncertainty=true, indicators=false, target_year=2030, target_shortage_pct=0.0, report_region=None, lang="nl".to_string(), report_out=None))]
#[allow(clippy::too_many_arguments)]
fn forecast(
    py: Python<'_>,
    region_system: String,
    region_frame: Option<Bound<'_, PyAny>>,
    sectors: Vec<String>,
    until: i32,
    scenarios: Vec<String>,
    params: Option<String>,
    data_dir: Option<String>,
    ages: bool,
    demography: Option<String>,
    births_frame: Option<Bound<'_, PyAny>>,
    start: Option<i32>,
    pupils_path: Option<String>,
    pupils_frame: Option<Bound<'_, PyAny>>,
    draws: Option<usize>,
    seed: u64,
    levels: Vec<f64>,
    samples: bool,
    runs: Option<usize>,
    tenure: bool,
    uncertainty: bool,
    indicators: bool,
    target_year: i32,
    target_shortage_pct: f64,
    report_region: Option<String>,
    lang: String,
    report_out: Option<String>,
) -> PyResult<(ArrowStream, Vec<String>, Vec<String>)> {
    let frame = region_frame.map(|f| frame_from_py(&f)).transpose()?;
    let births = births_frame.map(|f| frame_from_py(&f)).transpose()?;
    let pupil_frame = pupils_frame.map(|f| frame_from_py(&f)).transpose()?;
    let (frame, notes, plausible) = guarded(py, move || {
        let ds = dataset(data_dir.as_deref())?;
        let regions = match &frame {
            Some(f) => tekort_polars::regions_from_frame(&region_system, f, &ds)?,
            None => tekort_polars::resolve_regions(&region_system, &ds)?,
        };
        let mut selected: Vec<Sector> = Vec::new();
        for s in &sectors {
            for x in Sector::parse_selection(s)? {
                if !selected.contains(&x) {
                    selected.push(x);
                }
            }
        }
        selected.sort();
        let params = params_from_json(params.as_deref())?;
        let scenarios = scenarios
            .iter()
            .map(|s| scenario_from_json(s))
            .collect::<Result<Vec<_>, _>>()?;
        let name = demography.as_deref().unwrap_or("medium");
        let demography = match &births {
            Some(f) => tekort_polars::demography_from_frame(name, f, &ds)?,
            None => tekort_polars::resolve_demography(name, &ds)?,
        };
        let options = ProjectionOptions {
            until,
            sectors: selected,
            demography,
            from: start,
            pupils: match (&pupil_frame, &pupils_path) {
                (Some(f), _) => Some(tekort_polars::pupils_from_frame(
                    "pupils frame",
                    f,
                    &regions,
                )?),
                (None, Some(path)) => Some(tekort_polars::read_pupil_file(
                    std::path::Path::new(path),
                    &regions,
                )?),
                (None, None) => None,
            },
            ages,
        };
        let io = tekort_core::IndicatorOptions {
            target_year,
            target_shortage_pct,
            ..tekort_core::IndicatorOptions::default()
        };
        if let Some(region) = report_region {
            // The report's HTML as a one-row frame with the column `html`,
            // and written atomically to `report_out` when given.
            let lang = tekort_core::report_lang(&lang)?;
            let out = report_out.map(PathBuf::from);
            if let Some(out) = &out {
                tekort_polars::check_html_path(out)?;
            }
            let ro = tekort_core::ReportOptions {
                region,
                lang,
                indicators: io,
                draws: draws.unwrap_or(200),
                seed,
            };
            let html = tekort_core::report(&ds, &regions, &params, &scenarios, &options, &ro)?;
            if let Some(out) = &out {
                tekort_polars::write_text(&html, out)?;
            }
            let frame = DataFrame::new(1, vec![Column::new("html".into(), [html])])
                .map_err(tekort_polars::Error::from)?;
            let warnings = texts(tekort_core::lever_warnings(&scenarios));
            return Ok((frame, Vec::new(), warnings));
        }
        if indicators {
            let (p, rows) = tekort_core::monitor(
                &ds,
                &regions,
                &params,
                &scenarios,
                &options,
                &io,
                draws
                    .map(|draws| tekort_core::McOptions { draws, seed })
                    .as_ref(),
            )?;
            let warnings = texts(tekort_core::plausibility_warnings(&p, &scenarios));
            return Ok((
                tekort_polars::indicators_to_frame(&rows)?,
                p.notes,
                warnings,
            ));
        }
        if let Some(runs) = runs {
            let mo = tekort_core::MicroOptions {
                runs,
                seed,
                tenure,
                uncertainty,
            };
            let micro =
                tekort_core::microsim(&ds, &regions, &params, &scenarios, &options, &mo, None)?;
            let sim = &micro.simulation;
            let frame = if samples {
                tekort_polars::samples_to_frame(sim)?
            } else {
                tekort_polars::simulation_to_frame(sim, &levels)?
            };
            let warnings = texts(tekort_core::plausibility_warnings(&sim.central, &scenarios));
            return Ok((frame, sim.central.notes.clone(), warnings));
        }
        if let Some(draws) = draws {
            let mc = tekort_core::McOptions { draws, seed };
            let sim =
                tekort_core::simulate(&ds, &regions, &params, &scenarios, &options, &mc, None)?;
            let frame = if samples {
                tekort_polars::samples_to_frame(&sim)?
            } else {
                tekort_polars::simulation_to_frame(&sim, &levels)?
            };
            let warnings = texts(tekort_core::plausibility_warnings(&sim.central, &scenarios));
            return Ok((frame, sim.central.notes, warnings));
        }
        let p = project(&ds, &regions, &params, &scenarios, &options)?;
        let frame = if ages {
            tekort_polars::ages_to_frame(&p)?
        } else {
            tekort_polars::projection_to_frame(&p)?
        };
        let warnings = texts(tekort_core::plausibility_warnings(&p, &scenarios));
        Ok((frame, p.notes, warnings))
    })?;
    Ok((ArrowStream::new(frame), notes, plausible))
}

/// What the model reproduces of the past, as Markdown (`tekort validate`).
#[pyfunction]
#[pyo3(signature = (params=None))]
fn validation_markdown(py: Python<'_>, params: Option<String>) -> PyResult<String> {
    guarded(py, move || {
        let ds = tekort_polars::embedded_dataset()?;
        let params = params_from_json(params.as_deref())?;
        Ok(tekort_core::validate_history(ds, &params)?.to_markdown())
    })
}

/// Backtests as an Arrow stream (`tekort backtest`), with their notes.
#[pyfunction]
#[pyo3(signature = (*, components, region_systems, region_frames, cutoffs=None, horizon=10, params=None, data_dir=None))]
#[allow(clippy::too_many_arguments)]
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
        let bt = tekort_core::backtest(&ds, &params, &options)?;
        let mut frame = tekort_polars::backtest_to_frame(&bt.rows)?;
        let model = tekort_core::ErrorModel::from_backtests(&ds, &params, None)?;
        let intervals = [80.0, 95.0]
            .into_iter()
            .map(|l| {
                Ok((
                    l,
                    tekort_core::backtest_intervals(&bt.rows, &model, &params, l)?,
                ))
            })
            .collect::<Result<Vec<_>, TekortError>>()?;
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
        tekort_polars::accuracy_to_frame(&tekort_core::summarize(&rows))
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
        Ok(tekort_core::accuracy_report(ds, &params)?)
    })
}

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

/// Validates parameters given as JSON.
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

/// Checks a region frame (`gemeentecode`, `region`) against the dataset and
/// returns the region names, `rest van Nederland` last if needed.
#[pyfunction]
#[pyo3(signature = (name, frame, data_dir=None))]
fn check_regions(
    py: Python<'_>,
    name: String,
    frame: Bound<'_, PyAny>,
    data_dir: Option<String>,
) -> PyResult<Vec<String>> {
    let frame = frame_from_py(&frame)?;
    guarded(py, move || {
        let ds = dataset(data_dir.as_deref())?;
        Ok(tekort_polars::regions_from_frame(&name, &frame, &ds)?.regions)
    })
}

/// The messages of plausibility warnings.
fn texts(warnings: Vec<tekort_core::PlausibilityWarning>) -> Vec<String> {
    warnings.iter().map(ToString::to_string).collect()
}

/// The gemeentecodes of municipality names, in order (`Den Haag`,
/// `Rijswijk`, `Bergen (NH.)`); every name that matches no single
/// municipality is reported at once (UnknownMunicipalityError).
#[pyfunction]
#[pyo3(signature = (names, data_dir=None))]
fn municipality_codes(
    py: Python<'_>,
    names: Vec<String>,
    data_dir: Option<String>,
) -> PyResult<Vec<String>> {
    guarded(py, move || {
        let ds = dataset(data_dir.as_deref())?;
        let found = tekort_core::resolve_municipality_names(&ds, &names)?;
        Ok(found
            .into_iter()
            .map(|m| ds.municipalities[m].code.clone())
            .collect())
    })
}

/// The gemeentecodes of every municipality a name can mean (two for
/// `Bergen`); a name that matches none is an UnknownMunicipalityError
/// suggesting the closest names.
#[pyfunction]
#[pyo3(signature = (name, data_dir=None))]
fn municipalities_named(
    py: Python<'_>,
    name: String,
    data_dir: Option<String>,
) -> PyResult<Vec<String>> {
    guarded(py, move || {
        let ds = dataset(data_dir.as_deref())?;
        let found = tekort_core::municipalities_named(&ds, &name);
        if found.is_empty() {
            // The error of the one-name lookup carries the suggestions.
            tekort_core::resolve_municipality_name(&ds, &name)?;
        }
        Ok(found
            .into_iter()
            .map(|m| ds.municipalities[m].code.clone())
            .collect())
    })
}

/// A region file read as tekort reads it (separator from the header,
/// BOM, CRLF, Windows-1252), every column as text.
#[pyfunction]
fn read_region_frame(py: Python<'_>, path: String) -> PyResult<ArrowStream> {
    let frame = guarded(py, move || {
        tekort_polars::read_region_frame(std::path::Path::new(&path))
    })?;
    Ok(ArrowStream::new(frame))
}

/// The municipalities of the dataset with their built-in regions.
#[pyfunction]
#[pyo3(signature = (data_dir=None))]
fn municipalities(py: Python<'_>, data_dir: Option<String>) -> PyResult<ArrowStream> {
    let frame = guarded(py, move || {
        let ds = dataset(data_dir.as_deref())?;
        let m = &ds.municipalities;
        let col = |name: &str, f: &dyn Fn(&tekort_core::Municipality) -> &str| {
            Column::new(name.into(), m.iter().map(f).collect::<Vec<&str>>())
        };
        Ok(DataFrame::new(
            m.len(),
            vec![
                col("gemeentecode", &|x| x.code.as_str()),
                col("gemeentenaam", &|x| x.name.as_str()),
                col("provincie", &|x| x.provincie.as_str()),
                col("corop", &|x| x.corop.as_str()),
                col("arbeidsmarktregio", &|x| x.arbeidsmarktregio.as_str()),
            ],
        )?)
    })?;
    Ok(ArrowStream::new(frame))
}

/// Writes a frame to `path` (.csv, .parquet or .xlsx) atomically: a
/// temporary file renamed into place only when complete. An .xlsx file
/// records `tekort.save` and the parameters (JSON, if given) in its
/// metadata sheet.
#[pyfunction]
#[pyo3(signature = (frame, path, params_json=None))]
fn write_frame(
    py: Python<'_>,
    frame: Bound<'_, PyAny>,
    path: String,
    params_json: Option<String>,
) -> PyResult<()> {
    let mut frame = frame_from_py(&frame)?;
    guarded(py, move || {
        let path = PathBuf::from(path);
        tekort_polars::check_output_path(&path)?;
        let meta = tekort_polars::WriteMeta {
            command: "tekort.save (Python)".into(),
            params: match params_json.as_deref() {
                Some(json) => Some(params_from_json(Some(json))?),
                None => None,
            },
            ..tekort_polars::WriteMeta::default()
        };
        tekort_polars::write_frame_with(&mut frame, &path, &meta)
    })
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
    m.add_function(wrap_pyfunction!(forecast, m)?)?;
    m.add_function(wrap_pyfunction!(validation_markdown, m)?)?;
    m.add_function(wrap_pyfunction!(backtest, m)?)?;
    m.add_function(wrap_pyfunction!(backtest_summary, m)?)?;
    m.add_function(wrap_pyfunction!(accuracy_markdown, m)?)?;
    m.add_function(wrap_pyfunction!(default_params_json, m)?)?;
    m.add_function(wrap_pyfunction!(params_toml_to_json, m)?)?;
    m.add_function(wrap_pyfunction!(params_json_to_toml, m)?)?;
    m.add_function(wrap_pyfunction!(validate_params, m)?)?;
    m.add_function(wrap_pyfunction!(scenario_toml_to_json, m)?)?;
    m.add_function(wrap_pyfunction!(scenario_json_to_toml, m)?)?;
    m.add_function(wrap_pyfunction!(validate_scenario, m)?)?;
    m.add_function(wrap_pyfunction!(check_regions, m)?)?;
    m.add_function(wrap_pyfunction!(municipalities, m)?)?;
    m.add_function(wrap_pyfunction!(municipality_codes, m)?)?;
    m.add_function(wrap_pyfunction!(municipalities_named, m)?)?;
    m.add_function(wrap_pyfunction!(read_region_frame, m)?)?;
    m.add_function(wrap_pyfunction!(write_frame, m)?)?;
    m.add_function(wrap_pyfunction!(_panic_for_tests, m)?)?;
    m.add_function(wrap_pyfunction!(version, m)?)?;
    Ok(())
}

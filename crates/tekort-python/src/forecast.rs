//! The projections, one binding per entry point: `forecast` (the cohort
//! engine, deterministic), `simulate` (Monte Carlo draws), `microsim`,
//! `indicators` (the monitor) and `report`. Each takes the shared
//! [`Inputs`] and only its own arguments, and runs without the GIL.

use std::path::PathBuf;

use polars::prelude::DataFrame;
use pyo3::prelude::*;
use tekort_core::{
    monitoring::IndicatorOptions, monitoring::PlausibilityWarning, scenario::Scenario,
    simulation::McOptions, simulation::MicroOptions, simulation::Simulation,
};
use tekort_polars::Error;

use crate::arrow::ArrowStream;
use crate::guarded;
use crate::inputs::{Inputs, Resolved};
use crate::present;

/// A result frame with the calibration notes and the plausibility warnings
/// (levers outside their band, shortages above 100 % of employment).
type Outcome = (ArrowStream, Vec<String>, Vec<String>);

/// Reads the inputs' frames (with the GIL), then resolves the inputs and
/// runs `run` on them without it.
fn run(
    py: Python<'_>,
    inputs: Inputs<Bound<'_, PyAny>>,
    run: impl FnOnce(Resolved) -> Result<(DataFrame, Vec<String>, Vec<String>), Error> + Send,
) -> PyResult<Outcome> {
    let inputs = inputs.read()?;
    let (frame, notes, warnings) = guarded(py, move || {
        let r = inputs.resolve()?;
        let mut notes = r.notes.clone();
        let (frame, run_notes, warnings) = run(r)?;
        notes.extend(run_notes);
        Ok((frame, notes, warnings))
    })?;
    Ok((ArrowStream::new(frame), notes, warnings))
}

/// The messages of plausibility warnings.
fn texts(warnings: Vec<PlausibilityWarning>) -> Vec<String> {
    warnings.iter().map(ToString::to_string).collect()
}

/// The frame of a Monte Carlo's or a microsimulation's runs (`samples`:
/// every run; else the central run with interval columns at `levels`, and
/// the `{variable}-draws` list columns of the additive variables), its
/// notes and plausibility warnings.
fn runs_outcome(
    sim: Simulation,
    scenarios: &[Scenario],
    levels: &[f64],
    samples: bool,
) -> Result<(DataFrame, Vec<String>, Vec<String>), Error> {
    let frame = if samples {
        tekort_polars::samples_to_frame(&sim)?
    } else {
        let mut frame = tekort_polars::simulation_to_frame(&sim, levels)?;
        tekort_polars::add_draws_columns(&mut frame, &sim)?;
        frame
    };
    let warnings = texts(tekort_core::monitoring::plausibility_warnings(
        &sim.central,
        scenarios,
    ));
    Ok((frame, sim.central.notes, warnings))
}

/// The cohort engine's projection (`tekort forecast`), or with `ages` the
/// workforce by single year of age.
#[pyfunction]
#[pyo3(signature = (inputs, *, ages=false))]
fn forecast(py: Python<'_>, inputs: Inputs<Bound<'_, PyAny>>, ages: bool) -> PyResult<Outcome> {
    run(py, inputs, move |mut r| {
        r.options.ages = ages;
        let p =
            tekort_core::forecast::project(&r.ds, &r.regions, &r.params, &r.scenarios, &r.options)?;
        let frame = if ages {
            tekort_polars::ages_to_frame(&p)?
        } else {
            tekort_polars::projection_to_frame(&p)?
        };
        let warnings = texts(tekort_core::monitoring::plausibility_warnings(
            &p,
            &r.scenarios,
        ));
        Ok((frame, p.notes, warnings))
    })
}

/// The Monte Carlo (`tekort forecast --draws`): the central run with
/// interval columns at `levels` and the draws of the additive variables as
/// list columns, or with `samples` every draw.
#[pyfunction]
#[pyo3(signature = (inputs, *, draws, seed=7, levels=vec![80.0, 95.0], samples=false))]
fn simulate(
    py: Python<'_>,
    inputs: Inputs<Bound<'_, PyAny>>,
    draws: usize,
    seed: u64,
    levels: Vec<f64>,
    samples: bool,
) -> PyResult<Outcome> {
    run(py, inputs, move |r| {
        let mc = McOptions { draws, seed };
        let sim = tekort_core::simulation::simulate(
            &r.ds,
            &r.regions,
            &r.params,
            &r.scenarios,
            &r.options,
            &mc,
            None,
        )?;
        runs_outcome(sim, &r.scenarios, &levels, samples)
    })
}

/// The microsimulation (`tekort microsim`): the mean over `runs` runs with
/// interval columns at `levels` and the runs of the additive variables as
/// list columns, or with `samples` every run.
#[pyfunction]
#[pyo3(signature = (inputs, *, runs, seed=7, levels=vec![80.0, 95.0], samples=false, tenure=true, uncertainty=true))]
#[allow(clippy::too_many_arguments)] // the inputs and the six options of `tekort microsim`
fn microsim(
    py: Python<'_>,
    inputs: Inputs<Bound<'_, PyAny>>,
    runs: usize,
    seed: u64,
    levels: Vec<f64>,
    samples: bool,
    tenure: bool,
    uncertainty: bool,
) -> PyResult<Outcome> {
    run(py, inputs, move |r| {
        let mo = MicroOptions {
            runs,
            seed,
            tenure,
            uncertainty,
        };
        let micro = tekort_core::simulation::microsim(
            &r.ds,
            &r.regions,
            &r.params,
            &r.scenarios,
            &r.options,
            &mo,
            None,
        )?;
        runs_outcome(micro.simulation, &r.scenarios, &levels, samples)
    })
}

/// The monitoring indicators (`tekort monitor`), with the required inflow
/// to reach `target_shortage_pct` by `target_year`; with `draws`, the
/// Monte Carlo's interval indicators.
#[pyfunction]
#[pyo3(signature = (inputs, *, target_year=2030, target_shortage_pct=0.0, draws=None, seed=7))]
fn indicators(
    py: Python<'_>,
    inputs: Inputs<Bound<'_, PyAny>>,
    target_year: i32,
    target_shortage_pct: f64,
    draws: Option<usize>,
    seed: u64,
) -> PyResult<Outcome> {
    run(py, inputs, move |r| {
        let io = IndicatorOptions {
            target_year,
            target_shortage_pct,
            ..IndicatorOptions::default()
        };
        let mc = draws.map(|draws| McOptions { draws, seed });
        let (p, rows) = tekort_core::monitoring::monitor(
            &r.ds,
            &r.regions,
            &r.params,
            &r.scenarios,
            &r.options,
            &io,
            mc.as_ref(),
        )?;
        let warnings = texts(tekort_core::monitoring::plausibility_warnings(
            &p,
            &r.scenarios,
        ));
        Ok((
            tekort_polars::indicators_to_frame(&rows)?,
            p.notes,
            warnings,
        ))
    })
}

/// The regional report of `region` (`tekort report`) as HTML, written
/// atomically to `out` when given, with the warnings of levers outside
/// their band. `draws` = 0 draws no Monte Carlo bands.
#[pyfunction]
#[pyo3(signature = (inputs, *, region, lang="nl".to_string(), target_year=2030, target_shortage_pct=0.0, draws=200, seed=7, out=None, title=None, subtitle=None))]
#[allow(clippy::too_many_arguments)] // the inputs and the nine options of `tekort report`
fn report(
    py: Python<'_>,
    inputs: Inputs<Bound<'_, PyAny>>,
    region: String,
    lang: String,
    target_year: i32,
    target_shortage_pct: f64,
    draws: usize,
    seed: u64,
    out: Option<String>,
    title: Option<String>,
    subtitle: Option<String>,
) -> PyResult<(String, Vec<String>)> {
    let inputs = inputs.read()?;
    guarded(py, move || {
        let r = inputs.resolve()?;
        let lang = present::report_lang(&lang)?;
        let out = out.map(PathBuf::from);
        if let Some(out) = &out {
            tekort_polars::check_html_path(out)?;
        }
        let ro = present::ReportOptions {
            region,
            lang,
            indicators: IndicatorOptions {
                target_year,
                target_shortage_pct,
                ..IndicatorOptions::default()
            },
            draws,
            seed,
            title,
            subtitle,
            date: Some(tekort_polars::written_date()),
        };
        let html = present::report(&r.ds, &r.regions, &r.params, &r.scenarios, &r.options, &ro)?;
        if let Some(out) = &out {
            tekort_polars::write_text(&html, out)?;
        }
        Ok((
            html,
            texts(tekort_core::monitoring::lever_warnings(&r.scenarios)),
        ))
    })
}

/// Adds the projection bindings to the module.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(forecast, m)?)?;
    m.add_function(wrap_pyfunction!(simulate, m)?)?;
    m.add_function(wrap_pyfunction!(microsim, m)?)?;
    m.add_function(wrap_pyfunction!(indicators, m)?)?;
    m.add_function(wrap_pyfunction!(report, m)?)?;
    Ok(())
}

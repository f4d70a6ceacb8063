//! What the projections share: the inputs as they cross from Python, and
//! their resolution against the dataset (regions, sectors, parameters and
//! scenarios from JSON, births, pupils), written once for every entry point.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use polars::prelude::DataFrame;
use pyo3::prelude::*;
use tekort_core::{
    data::Dataset, forecast::ProjectionOptions, params::Params, regions::RegionSystem,
    scenario::Scenario, sector::Sector, TekortError,
};
use tekort_polars::Error;

use crate::arrow::frame_from_py;

/// The inputs of a projection: a dict built by `tekort._inputs.inputs`
/// (see `_core.pyi`), with its frames as Python objects (`F` =
/// `Bound<PyAny>`) until [`Inputs::read`] turns them into polars frames.
#[derive(FromPyObject)]
#[pyo3(from_item_all)]
pub(crate) struct Inputs<F> {
    region_system: String,
    #[pyo3(default)]
    region_frame: Option<F>,
    sectors: Vec<String>,
    until: i32,
    scenarios: Vec<String>,
    #[pyo3(default)]
    params: Option<String>,
    #[pyo3(default)]
    data_dir: Option<String>,
    #[pyo3(default)]
    demography: Option<String>,
    #[pyo3(default)]
    births_frame: Option<F>,
    #[pyo3(default)]
    start: Option<i32>,
    #[pyo3(default)]
    cutoff: Option<i32>,
    #[pyo3(default)]
    measurements_path: Option<String>,
    #[pyo3(default)]
    measurements_frame: Option<F>,
    #[pyo3(default)]
    funding_path: Option<String>,
    #[pyo3(default)]
    funding_frame: Option<F>,
    #[pyo3(default)]
    pupils_path: Option<String>,
    #[pyo3(default)]
    pupils_frame: Option<F>,
}

impl Inputs<Bound<'_, PyAny>> {
    /// The inputs with their frames read (with the GIL), ready for a run
    /// without it.
    pub(crate) fn read(self) -> PyResult<Inputs<DataFrame>> {
        let read = |f: Option<Bound<'_, PyAny>>| f.map(|f| frame_from_py(&f)).transpose();
        Ok(Inputs {
            region_system: self.region_system,
            region_frame: read(self.region_frame)?,
            sectors: self.sectors,
            until: self.until,
            scenarios: self.scenarios,
            params: self.params,
            data_dir: self.data_dir,
            demography: self.demography,
            births_frame: read(self.births_frame)?,
            start: self.start,
            cutoff: self.cutoff,
            measurements_path: self.measurements_path,
            measurements_frame: read(self.measurements_frame)?,
            funding_path: self.funding_path,
            funding_frame: read(self.funding_frame)?,
            pupils_path: self.pupils_path,
            pupils_frame: read(self.pupils_frame)?,
        })
    }
}

/// A projection's inputs resolved against the dataset: the arguments of
/// `tekort_core::forecast::project` and the other runs.
pub(crate) struct Resolved {
    pub(crate) ds: Cow<'static, Dataset>,
    pub(crate) regions: RegionSystem,
    pub(crate) params: Params,
    pub(crate) scenarios: Vec<Scenario>,
    pub(crate) options: ProjectionOptions,
    /// What a user's measurements and a cutoff changed, noted before the
    /// run's own notes.
    pub(crate) notes: Vec<String>,
}

impl Inputs<DataFrame> {
    /// Loads the dataset and resolves the regions, sectors, parameters,
    /// scenarios, births and pupils, in that order (the order of the
    /// errors a caller sees first).
    pub(crate) fn resolve(self) -> Result<Resolved, Error> {
        let mut ds = dataset(self.data_dir.as_deref())?;
        match (&self.funding_frame, &self.funding_path) {
            (Some(f), _) => {
                ds = Cow::Owned(tekort_polars::with_funding_frame(&ds, "funding frame", f)?)
            }
            (None, Some(path)) => {
                ds = Cow::Owned(tekort_polars::with_funding_file(&ds, Path::new(path))?)
            }
            (None, None) => {}
        }
        let mut params = params_from_json(self.params.as_deref())?;
        let with = match (&self.measurements_frame, &self.measurements_path) {
            (Some(f), _) => Some(tekort_polars::with_measurements_frame(
                &ds,
                "measurements frame",
                f,
            )?),
            (None, Some(path)) => {
                Some(tekort_polars::with_measurements_file(&ds, Path::new(path))?)
            }
            (None, None) => None,
        };
        let changed = tekort_polars::measured_and_cut(&mut ds, &mut params, with, self.cutoff)?;
        let regions = match &self.region_frame {
            Some(f) => tekort_polars::regions_from_frame(&self.region_system, f, &ds)?,
            None => tekort_polars::resolve_regions(&self.region_system, &ds)?,
        };
        let mut sectors: Vec<Sector> = Vec::new();
        for s in &self.sectors {
            for x in Sector::parse_selection(s)? {
                if !sectors.contains(&x) {
                    sectors.push(x);
                }
            }
        }
        sectors.sort();
        changed.keep_available(&mut sectors, self.sectors.iter().any(|s| s == "all"));
        let scenarios = self
            .scenarios
            .iter()
            .map(|s| scenario_from_json(s))
            .collect::<Result<Vec<_>, _>>()?;
        let name = self.demography.as_deref().unwrap_or("medium");
        let demography = match &self.births_frame {
            Some(f) => tekort_polars::demography_from_frame(name, f, &ds)?,
            None => tekort_polars::resolve_demography(name, &ds)?,
        };
        let pupils = match (&self.pupils_frame, &self.pupils_path) {
            (Some(f), _) => Some(tekort_polars::pupils_from_frame("pupils=", f, &regions)?),
            (None, Some(path)) => Some(tekort_polars::read_pupil_file(Path::new(path), &regions)?),
            (None, None) => None,
        };
        let options = ProjectionOptions {
            until: self.until,
            sectors,
            demography,
            from: self.start,
            pupils,
            ages: false,
        };
        Ok(Resolved {
            ds,
            regions,
            params,
            scenarios,
            options,
            notes: changed.notes,
        })
    }
}

/// The dataset in `data_dir`, or the embedded one.
pub(crate) fn dataset(data_dir: Option<&str>) -> Result<Cow<'static, Dataset>, Error> {
    Ok(match data_dir {
        Some(dir) => Cow::Owned(tekort_polars::load_dataset_dir(&PathBuf::from(dir))?),
        None => Cow::Borrowed(tekort_polars::embedded_dataset()?),
    })
}

/// The error of a value that does not fit its place: `invalid value for
/// PATH (REASON)`, PATH as `serde_path_to_error` writes it
/// (`outflow.aow_age[1].age`); `tekort.Params` adds the value as Python
/// writes it.
fn misfit(e: serde_path_to_error::Error<serde_json::Error>) -> String {
    let path = e.path().to_string();
    let mut reason = e.into_inner().to_string();
    if reason.contains("EstimateRepr") {
        // serde's words for an estimate that is neither a number nor a table
        reason = "must be a number or an estimate such as {\"value\": 0.05, \"sd\": 0.01}".into();
    }
    if path == "." {
        reason
    } else {
        format!("invalid value for {path} ({reason})")
    }
}

/// Deserializes `T` from JSON text; an error names the path of the value
/// that does not fit (`serde_path_to_error`).
fn from_json<T: serde::de::DeserializeOwned>(json: &str) -> Result<T, String> {
    let value: serde_json::Value = serde_json::from_str(json).map_err(|e| e.to_string())?;
    serde_path_to_error::deserialize(&value).map_err(misfit)
}

/// Validated parameters from JSON (the defaults for `None`).
pub(crate) fn params_from_json(json: Option<&str>) -> Result<Params, Error> {
    let Some(json) = json else {
        return Ok(Params::default());
    };
    let params: Params = from_json(json).map_err(|reason| TekortError::InvalidParams { reason })?;
    params.validate()?;
    Ok(params)
}

/// A validated scenario from JSON; an error names the scenario even when
/// its fields do not parse.
pub(crate) fn scenario_from_json(json: &str) -> Result<Scenario, Error> {
    let name = serde_json::from_str::<serde_json::Value>(json)
        .ok()
        .and_then(|v| v.get("name").and_then(|n| n.as_str()).map(str::to_string))
        .unwrap_or_default();
    let scenario: Scenario = from_json(json).map_err(|reason| TekortError::InvalidScenario {
        scenario: name,
        reason,
    })?;
    scenario.validate()?;
    Ok(scenario)
}

//! Regions, municipalities and files: the region checks and lookups, a
//! region file read as tekort reads it, and writing a frame to disk.

use std::path::PathBuf;

use polars::prelude::*;
use pyo3::prelude::*;

use crate::arrow::{frame_from_py, ArrowStream};
use crate::guarded;
use crate::inputs::{dataset, params_from_json};

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
        let found = tekort_core::regions::resolve_municipality_names(&ds, &names)?;
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
        let found = tekort_core::regions::municipalities_named(&ds, &name);
        if found.is_empty() {
            // The error of the one-name lookup carries the suggestions.
            tekort_core::regions::resolve_municipality_name(&ds, &name)?;
        }
        Ok(found
            .into_iter()
            .map(|m| ds.municipalities[m].code.clone())
            .collect())
    })
}

/// What every row of a region frame resolved to (`row`, `given`,
/// `gemeentecode`, `gemeentenaam`, `bevoegd_gezag`, `region`), checked as
/// `check_regions` checks it.
#[pyfunction]
#[pyo3(signature = (name, frame, data_dir=None))]
fn region_rows(
    py: Python<'_>,
    name: String,
    frame: Bound<'_, PyAny>,
    data_dir: Option<String>,
) -> PyResult<ArrowStream> {
    let frame = frame_from_py(&frame)?;
    let rows = guarded(py, move || {
        let ds = dataset(data_dir.as_deref())?;
        tekort_polars::region_rows(&name, &frame, &ds)
    })?;
    Ok(ArrowStream::new(rows))
}

/// The region-table column each header stands for (`gemeentecode`,
/// `gemeentenaam`, `bevoegd_gezag`, `region`; `gemeente` for the header
/// that is a code or a name by its values), `None` for other headers.
#[pyfunction]
fn region_columns(headers: Vec<String>) -> Vec<Option<String>> {
    headers
        .iter()
        .map(|h| match tekort_polars::region_column_of(h) {
            Some(c) => Some(c.to_string()),
            None => (tekort_polars::header_key(h) == "gemeente").then(|| "gemeente".to_string()),
        })
        .collect()
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
        let col = |name: &str, f: &dyn Fn(&tekort_core::data::Municipality) -> &str| {
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

/// Adds the region and file bindings to the module.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(check_regions, m)?)?;
    m.add_function(wrap_pyfunction!(municipalities, m)?)?;
    m.add_function(wrap_pyfunction!(municipality_codes, m)?)?;
    m.add_function(wrap_pyfunction!(municipalities_named, m)?)?;
    m.add_function(wrap_pyfunction!(read_region_frame, m)?)?;
    m.add_function(wrap_pyfunction!(region_rows, m)?)?;
    m.add_function(wrap_pyfunction!(region_columns, m)?)?;
    m.add_function(wrap_pyfunction!(write_frame, m)?)?;
    Ok(())
}

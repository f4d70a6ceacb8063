//! One Python exception class per error kind. The classes live in
//! `tekort/errors.py` (so they can subclass both `TekortError` and the
//! builtin a Python user would catch: `KeyError`, `ValueError`, `OSError`);
//! here each Rust error is mapped to its class by name.

use pyo3::prelude::*;
use pyo3::types::PyType;
use tekort_core::TekortError;
use tekort_polars::Error;

fn class_name(e: &Error) -> &'static str {
    match e {
        Error::Core(c) => match c {
            TekortError::UnknownMunicipality { .. } | TekortError::MunicipalityName { .. } => {
                "UnknownMunicipalityError"
            }
            TekortError::UnknownRegionSystem { .. } => "UnknownRegionSystemError",
            TekortError::InvalidRegions { .. } => "InvalidRegionsError",
            TekortError::UnknownSector { .. } | TekortError::GroupNotSector { .. } => {
                "UnknownSectorError"
            }
            TekortError::UnknownComponent { .. } => "UnknownComponentError",
            TekortError::YearOutOfRange { .. } => "YearOutOfRangeError",
            TekortError::InvalidValue { .. }
            | TekortError::InvalidChoice { .. }
            | TekortError::MissingOption { .. } => "InvalidValueError",
            TekortError::InvalidScenario { .. } => "InvalidScenarioError",
            TekortError::InvalidParams { .. } => "InvalidParamsError",
            TekortError::InvalidDemography { .. } => "InvalidDemographyError",
            TekortError::InvalidPupils { .. } => "InvalidPupilsError",
            TekortError::Data { .. } => "DataError",
            TekortError::IndexOutOfRange { .. }
            | TekortError::NotInResult { .. }
            | TekortError::Duplicate { .. } => "InvalidValueError",
            TekortError::Io { .. } => "ReadError",
            // A kind added to the core later: still a tekort error.
            _ => "TekortError",
        },
        Error::InvalidTable { .. } | Error::Polars(_) => "DataError",
        Error::Read { .. } | Error::Io(_) => "ReadError",
        Error::Write { .. } => "WriteError",
        Error::UnsupportedFormat { .. } => "UnsupportedFormatError",
        Error::ExcelLimit { .. } | Error::FormatNotBuilt { .. } => "UnsupportedFormatError",
        // A kind added to tekort-polars later: still a tekort error.
        _ => "TekortError",
    }
}

/// Raises the `tekort.errors` class for an error kind with `message`.
pub(crate) fn raise(py: Python<'_>, class: &str, message: String) -> PyErr {
    let class = py
        .import("tekort.errors")
        .and_then(|m| m.getattr(class))
        .and_then(|c| c.cast_into::<PyType>().map_err(PyErr::from));
    match class {
        Ok(cls) => PyErr::from_type(cls, (message,)),
        Err(e) => e,
    }
}

/// The Python names of what the core calls by the CLI's names: the
/// first year of the output is `from` on the command line and `start` in
/// `tekort.forecast`.
const PYTHON_NAMES: [(&str, &str); 1] = [("from", "start")];

/// The error in the words of the Python API: a year out of range names
/// the Python argument ([`PYTHON_NAMES`]).
fn in_python_words(e: Error) -> Error {
    match e {
        Error::Core(TekortError::YearOutOfRange {
            what,
            year,
            min,
            max,
        }) => {
            let what = PYTHON_NAMES
                .iter()
                .find(|(cli, _)| *cli == what)
                .map_or(what, |(_, python)| python.to_string());
            Error::Core(TekortError::YearOutOfRange {
                what,
                year,
                min,
                max,
            })
        }
        other => other,
    }
}

/// Converts a library error into its Python exception.
pub(crate) fn to_py(py: Python<'_>, e: Error) -> PyErr {
    let e = in_python_words(e);
    raise(py, class_name(&e), e.to_string())
}

//! Frames across the boundary through the Arrow C stream interface
//! (`__arrow_c_stream__`, the Arrow PyCapsule protocol): polars, pandas and
//! pyarrow objects all speak it, and no data is copied cell by cell.

use std::ffi::c_void;

use polars::prelude::*;
use polars_arrow::array::{Array, StructArray};
use polars_arrow::datatypes::{ArrowDataType, Field as ArrowField};
use polars_arrow::ffi::{export_iterator, ArrowArrayStream, ArrowArrayStreamReader};
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::types::PyCapsule;

use crate::errors;

const STREAM_NAME: &std::ffi::CStr = c"arrow_array_stream";

/// The capsule's value: the stream moves to the consumer, which sets its
/// `release` to null; dropping what is left then does nothing.
#[allow(dead_code)] // read by the consumer through the capsule pointer
struct SendStream(ArrowArrayStream);

// SAFETY: the stream owns its batches (boxed, reference-counted buffers) and
// is only touched by whoever holds the capsule; Python moves it out once.
#[allow(unsafe_code)]
unsafe impl Send for SendStream {}

/// A frame on its way to Python: exposes `__arrow_c_stream__` once.
#[pyclass(module = "tekort._core", name = "ArrowStream")]
pub(crate) struct ArrowStream {
    frame: Option<DataFrame>,
}

impl ArrowStream {
    pub(crate) fn new(frame: DataFrame) -> Self {
        ArrowStream { frame: Some(frame) }
    }
}

#[pymethods]
impl ArrowStream {
    /// Exports the frame as an Arrow C stream capsule (one use).
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_stream__<'py>(
        &mut self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        let _ = requested_schema; // we offer our own schema only
        let mut frame = self
            .frame
            .take()
            .ok_or_else(|| PyRuntimeError::new_err("this result stream was already consumed"))?;
        frame.rechunk_mut();
        let compat = CompatLevel::newest();
        let fields: Vec<ArrowField> = frame
            .columns()
            .iter()
            .map(|c| c.field().to_arrow(compat))
            .collect();
        let dtype = ArrowDataType::Struct(fields);
        let batches: Vec<PolarsResult<Box<dyn Array>>> = frame
            .iter_chunks(compat, false)
            .map(|batch| {
                let len = batch.height();
                let arrays = batch.into_arrays();
                Ok(Box::new(StructArray::new(dtype.clone(), len, arrays, None)) as Box<dyn Array>)
            })
            .collect();
        let field = ArrowField::new("".into(), dtype.clone(), false);
        let stream = export_iterator(Box::new(batches.into_iter()), field);
        PyCapsule::new_with_value_and_destructor(
            py,
            SendStream(stream),
            STREAM_NAME,
            |_stream: SendStream, _ctx: *mut c_void| {},
        )
    }

    fn __repr__(&self) -> String {
        match &self.frame {
            Some(f) => format!(
                "<tekort ArrowStream {} rows × {} columns>",
                f.height(),
                f.width()
            ),
            None => "<tekort ArrowStream (consumed)>".to_string(),
        }
    }
}

/// Whether polars, as tekort builds it (no `dtype-decimal`, `dtype-i128`,
/// `dtype-u128`), would panic instead of erring on a column of `dtype`.
fn panics_polars(dtype: &ArrowDataType) -> bool {
    match dtype {
        ArrowDataType::Int128
        | ArrowDataType::UInt128
        | ArrowDataType::Decimal(..)
        | ArrowDataType::Decimal32(..)
        | ArrowDataType::Decimal64(..)
        | ArrowDataType::Decimal256(..) => true,
        ArrowDataType::List(f)
        | ArrowDataType::LargeList(f)
        | ArrowDataType::FixedSizeList(f, _)
        | ArrowDataType::Map(f, _) => panics_polars(f.dtype()),
        ArrowDataType::Struct(fields) => fields.iter().any(|f| panics_polars(f.dtype())),
        ArrowDataType::Dictionary(_, values, _) => panics_polars(values),
        ArrowDataType::Extension(ext) => panics_polars(&ext.inner),
        _ => false,
    }
}

/// A frame the core cannot read: `tekort.errors.DataError`.
fn data_error(py: Python<'_>, message: String) -> PyErr {
    errors::raise(py, "DataError", message)
}

/// A column of a type the core cannot read: `tekort.errors.ColumnTypeError`
/// naming it. (The Python side casts what it can before a frame crosses:
/// `tekort._frames.for_core`.)
fn column_error(py: Python<'_>, name: &str, dtype: &ArrowDataType, why: &str) -> PyErr {
    errors::raise(
        py,
        "ColumnTypeError",
        format!("column {name:?} has the Arrow type {dtype:?}, which tekort cannot read ({why}); cast it to Float64, Int64 or text first"),
    )
}

/// Reads any object with `__arrow_c_stream__` into a polars DataFrame.
/// Errors are `tekort.errors` classes: a column of a type polars cannot
/// read is a `ColumnTypeError` naming it (never a panic), anything else
/// about the stream a `DataError`.
pub(crate) fn frame_from_py(obj: &Bound<'_, PyAny>) -> PyResult<DataFrame> {
    let py = obj.py();
    if !obj.hasattr("__arrow_c_stream__")? {
        return Err(errors::raise(
            py,
            "InvalidArgumentError",
            format!(
                "expected a polars, pandas or pyarrow table (an object with __arrow_c_stream__), got {}",
                obj.get_type().name()?
            ),
        ));
    }
    let capsule = obj.call_method0("__arrow_c_stream__")?;
    let capsule = capsule
        .cast::<PyCapsule>()
        .map_err(|_| data_error(py, "__arrow_c_stream__ did not return a PyCapsule".into()))?;
    let ptr = capsule
        .pointer_checked(Some(STREAM_NAME))?
        .as_ptr()
        .cast::<ArrowArrayStream>();
    // SAFETY: the capsule named "arrow_array_stream" holds an ArrowArrayStream
    // (Arrow PyCapsule protocol); we move it out and leave a released stream
    // behind, as the protocol requires of consumers.
    #[allow(unsafe_code)]
    let stream = unsafe { std::ptr::replace(ptr, ArrowArrayStream::empty()) };
    #[allow(unsafe_code)]
    let mut reader = unsafe { ArrowArrayStreamReader::try_new(Box::new(stream)) }
        .map_err(|e| data_error(py, format!("not a valid Arrow stream: {e}")))?;
    let fields = match reader.field().dtype() {
        ArrowDataType::Struct(fields) => fields.clone(),
        other => {
            return Err(data_error(
                py,
                format!("expected an Arrow stream of tables, got {other:?}"),
            ))
        }
    };
    if let Some(f) = fields.iter().find(|f| panics_polars(f.dtype())) {
        return Err(column_error(
            py,
            &f.name,
            f.dtype(),
            "decimals and 128-bit integers are not read",
        ));
    }
    let mut frame: Option<DataFrame> = None;
    #[allow(unsafe_code)]
    while let Some(batch) = unsafe { reader.next() } {
        let batch = batch.map_err(|e| data_error(py, format!("reading Arrow stream: {e}")))?;
        let array = batch
            .as_any()
            .downcast_ref::<StructArray>()
            .ok_or_else(|| data_error(py, "Arrow batch is not a struct array".into()))?;
        let columns = fields
            .iter()
            .zip(array.values())
            .map(|(f, a)| {
                Series::from_arrow(f.name.clone(), a.clone())
                    .map(Column::from)
                    .map_err(|e| column_error(py, &f.name, f.dtype(), &e.to_string()))
            })
            .collect::<PyResult<Vec<Column>>>()?;
        let df = DataFrame::new(array.len(), columns).map_err(|e| data_error(py, e.to_string()))?;
        frame = Some(match frame {
            None => df,
            Some(mut acc) => {
                acc.vstack_mut(&df)
                    .map_err(|e| data_error(py, e.to_string()))?;
                acc
            }
        });
    }
    match frame {
        Some(f) => Ok(f),
        None => {
            let columns = fields
                .iter()
                .map(|f| Column::new_empty(f.name.clone(), &DataType::from_arrow_field(f)))
                .collect();
            DataFrame::new(0, columns).map_err(|e| data_error(py, e.to_string()))
        }
    }
}

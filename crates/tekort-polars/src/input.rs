//! Reading a user's input file, bounded: the reader lives in tekort-data
//! (`tekort_data::input`, whose module docs list the caps and the text
//! checks); here its errors become this crate's.

use std::path::Path;

pub(crate) use tekort_data::input::{
    Input, DATA_TABLE, DEMOGRAPHY, PARAMS, PUPILS, REGIONS, SCENARIO,
};

use crate::error::Result;

/// Reads at most `input.cap` bytes of `path` (`tekort_data::input::read_input`).
pub(crate) fn read_input(path: &Path, input: Input) -> Result<Vec<u8>> {
    Ok(tekort_data::input::read_input(path, input)?)
}

/// The text of a TOML input (`tekort_data::input::read_toml`).
pub(crate) fn read_toml(path: &Path, input: Input) -> Result<String> {
    Ok(tekort_data::input::read_toml(path, input)?)
}

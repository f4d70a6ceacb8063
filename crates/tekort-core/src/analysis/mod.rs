//! What the results mean: monitoring indicators and plausibility checks.

pub(crate) mod indicators;
pub(crate) mod plausibility;

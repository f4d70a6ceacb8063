//! Runs with drawn inputs: the Monte Carlo and the microsimulation.

pub(crate) mod coverage;
pub(crate) mod microsimulation;
pub(crate) mod montecarlo;

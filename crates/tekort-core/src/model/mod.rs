//! The yearly step and the engines that implement it.

pub(crate) mod cohort;
pub(crate) mod distribute;
pub(crate) mod lanes;
pub(crate) mod market;
pub(crate) mod microsim;
pub(crate) mod noise;
pub(crate) mod state;
pub(crate) mod step;

//! The yearly step and the engines that implement it.

pub(crate) mod cohort;
pub(crate) mod distribute;
pub(crate) mod microsim;

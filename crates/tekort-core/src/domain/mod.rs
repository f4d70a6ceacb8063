//! Domain types: what the model is about and what it returns.

pub(crate) mod dataset;
pub(crate) mod estimate;
pub(crate) mod funding;
pub(crate) mod kind;
pub(crate) mod options;
pub(crate) mod params;
pub(crate) mod projection;
pub(crate) mod regions;
pub(crate) mod scenario;
pub(crate) mod sector;
pub(crate) mod sources;
pub(crate) mod synthetic;

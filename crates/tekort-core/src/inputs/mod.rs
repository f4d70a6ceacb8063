//! What the engines read, made from the dataset once per run.

pub(crate) mod anchor;
pub(crate) mod births;
pub(crate) mod cutoff;
pub(crate) mod history;
pub(crate) mod prepare;
pub(crate) mod profiles;
pub(crate) mod pupils;
pub(crate) mod rates;
pub(crate) mod training;

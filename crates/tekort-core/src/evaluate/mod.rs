//! How far off the model was: backtests, past errors, trend fit, accuracy, the replay of history.

pub(crate) mod accuracy;
pub(crate) mod backtest;
pub(crate) mod errors;
pub(crate) mod hindcast;
pub(crate) mod trend;

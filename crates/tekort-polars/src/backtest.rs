//! Backtests as tidy frames.

use polars::prelude::*;
use tekort_core::{
    evaluation::AccuracyRow, evaluation::BacktestRow, evaluation::Component, evaluation::Method,
};

use crate::error::{Error, Result};

/// The columns of [`backtest_to_frame`], in order, before its `kind`; the
/// columns [`backtest_from_frame`] needs.
pub const BACKTEST_COLUMNS: [&str; 10] = [
    "component",
    "method",
    "region_system",
    "region",
    "sector",
    "cutoff",
    "year",
    "horizon",
    "actual",
    "forecast",
];

/// The backtest rows as a tidy frame: one row per `component, method,
/// region_system, region, sector, cutoff, year, horizon` with `actual` and
/// `forecast` (see [`BACKTEST_COLUMNS`]), then `kind`, the kind of the
/// actual value: `measured` on every row, since every actual is a
/// measurement of its own year (DUO's pupils, staff and graduates, CBS's
/// births, the shortage measurement); the forecast is a forecast on every
/// row (horizon 1 and more).
///
/// ```
/// use tekort_core::{evaluation::backtest, evaluation::BacktestOptions, evaluation::Component, params::Params};
/// let ds = tekort_polars::embedded_dataset()?;
/// let mut options = BacktestOptions::new(ds)?;
/// options.components = vec![Component::Births];
/// let bt = backtest(ds, &Params::default(), &options)?;
/// let df = tekort_polars::backtest_to_frame(&bt.rows)?;
/// assert_eq!(df.get_column_names()[0].as_str(), "component");
/// # Ok::<(), tekort_polars::Error>(())
/// ```
pub fn backtest_to_frame(rows: &[BacktestRow]) -> Result<DataFrame> {
    let n = rows.len();
    let s = |f: fn(&BacktestRow) -> &str| -> Vec<&str> { rows.iter().map(f).collect() };
    let i = |f: fn(&BacktestRow) -> i32| -> Vec<i32> { rows.iter().map(f).collect() };
    let cols = vec![
        Column::new("component".into(), s(|r| r.component.code())),
        Column::new("method".into(), s(|r| r.method.code())),
        Column::new("region_system".into(), s(|r| &r.region_system)),
        Column::new("region".into(), s(|r| &r.region)),
        Column::new("sector".into(), s(|r| &r.sector)),
        Column::new("cutoff".into(), i(|r| r.cutoff)),
        Column::new("year".into(), i(|r| r.year)),
        Column::new("horizon".into(), i(|r| r.horizon)),
        Column::new(
            "actual".into(),
            rows.iter().map(|r| r.actual).collect::<Vec<f64>>(),
        ),
        Column::new(
            "forecast".into(),
            rows.iter().map(|r| r.forecast).collect::<Vec<f64>>(),
        ),
        Column::new_scalar(
            "kind".into(),
            Scalar::from(PlSmallStr::from(
                tekort_core::monitoring::IndicatorKind::Measured.name(),
            )),
            n,
        ),
    ];
    Ok(DataFrame::new(n, cols)?)
}

/// The summary as a frame: one row per `component, region_system, sector,
/// method, horizon` with `count`, `mape`, `median_ape` and `bias` (mean
/// signed error, % of the actual).
pub fn accuracy_to_frame(rows: &[AccuracyRow]) -> Result<DataFrame> {
    let n = rows.len();
    let cols = vec![
        Column::new(
            "component".into(),
            rows.iter().map(|r| r.component.code()).collect::<Vec<_>>(),
        ),
        Column::new(
            "region_system".into(),
            rows.iter()
                .map(|r| r.region_system.as_str())
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "sector".into(),
            rows.iter().map(|r| r.sector.as_str()).collect::<Vec<_>>(),
        ),
        Column::new(
            "method".into(),
            rows.iter().map(|r| r.method.code()).collect::<Vec<_>>(),
        ),
        Column::new(
            "horizon".into(),
            rows.iter().map(|r| r.horizon).collect::<Vec<i32>>(),
        ),
        Column::new(
            "count".into(),
            rows.iter().map(|r| r.count as u32).collect::<Vec<u32>>(),
        ),
        Column::new(
            "mape".into(),
            rows.iter().map(|r| r.mape).collect::<Vec<f64>>(),
        ),
        Column::new(
            "median_ape".into(),
            rows.iter().map(|r| r.median_ape).collect::<Vec<f64>>(),
        ),
        Column::new(
            "bias".into(),
            rows.iter().map(|r| r.bias).collect::<Vec<f64>>(),
        ),
    ];
    Ok(DataFrame::new(n, cols)?)
}

/// Reads backtest rows back from a frame with the columns of
/// [`backtest_to_frame`] (any subset of its rows, e.g. filtered by a
/// user). Errors name the missing column or the bad value and its row.
pub fn backtest_from_frame(df: &DataFrame) -> Result<Vec<BacktestRow>> {
    let table = "backtest frame";
    let found: Vec<&str> = df.get_column_names().iter().map(|c| c.as_str()).collect();
    let missing: Vec<&str> = BACKTEST_COLUMNS
        .iter()
        .copied()
        .filter(|c| !found.contains(c))
        .collect();
    if !missing.is_empty() {
        return Err(Error::table(
            table,
            format!(
                "missing column(s) {} (found: {}); pass the frame returned by backtest()",
                missing.join(", "),
                tekort_core::error::join_capped(&found, ", ")
            ),
        ));
    }
    let col = |name: &str| -> Result<&Column> {
        df.column(name).map_err(|_| {
            Error::table(
                table,
                format!(
                    "missing column {name:?} (found: {}); pass the frame returned by backtest()",
                    tekort_core::error::join_capped(
                        df.get_column_names().iter().map(|c| c.as_str()),
                        ", "
                    )
                ),
            )
        })
    };
    let strs = |name: &str| -> Result<Vec<String>> {
        let c = col(name)?.cast(&DataType::String)?;
        let ca = c.str()?;
        ca.iter()
            .enumerate()
            .map(|(i, v)| {
                v.map(str::to_string).ok_or_else(|| {
                    Error::table(
                        table,
                        format!(
                            "column {name:?} is empty in row {}",
                            crate::table::table_row(i)
                        ),
                    )
                })
            })
            .collect()
    };
    let ints = |name: &str| -> Result<Vec<i32>> {
        let c = col(name)?
            .cast(&DataType::Int32)
            .map_err(|_| Error::table(table, format!("column {name:?} must hold whole years")))?;
        let ca = c.i32()?;
        ca.iter()
            .enumerate()
            .map(|(i, v)| {
                v.ok_or_else(|| {
                    Error::table(
                        table,
                        format!(
                            "column {name:?} is empty in row {}",
                            crate::table::table_row(i)
                        ),
                    )
                })
            })
            .collect()
    };
    let floats = |name: &str| -> Result<Vec<f64>> {
        let c = col(name)?
            .cast(&DataType::Float64)
            .map_err(|_| Error::table(table, format!("column {name:?} must hold numbers")))?;
        let ca = c.f64()?;
        Ok(ca.iter().map(|v| v.unwrap_or(f64::NAN)).collect())
    };
    let (component, method) = (strs("component")?, strs("method")?);
    let (system, region, sector) = (strs("region_system")?, strs("region")?, strs("sector")?);
    let (cutoff, year, horizon) = (ints("cutoff")?, ints("year")?, ints("horizon")?);
    let (actual, forecast) = (floats("actual")?, floats("forecast")?);
    (0..df.height())
        .map(|i| {
            let at = |e: tekort_core::TekortError| {
                Error::table(table, format!("row {}: {e}", crate::table::table_row(i)))
            };
            Ok(BacktestRow {
                component: component[i].parse::<Component>().map_err(at)?,
                method: method[i].parse::<Method>().map_err(at)?,
                region_system: system[i].clone(),
                region: region[i].clone(),
                sector: sector[i].clone(),
                cutoff: cutoff[i],
                year: year[i],
                horizon: horizon[i],
                actual: actual[i],
                forecast: forecast[i],
            })
        })
        .collect()
}

/// Interval bounds of one level: the level in % and, per backtest row, the
/// `(lo, hi)` pair where the row has one.
pub type LevelBounds = (f64, Vec<Option<(f64, f64)>>);

/// Adds the interval columns `forecast-lo-{level}` and
/// `forecast-hi-{level}` to a frame made by [`backtest_to_frame`] from the
/// same rows: per level, one optional `(lo, hi)` per row (see
/// `tekort_core::evaluation::backtest_intervals`), empty where a row has none.
pub fn add_backtest_intervals(df: &mut DataFrame, intervals: &[LevelBounds]) -> Result<()> {
    for (level, bounds) in intervals {
        if bounds.len() != df.height() {
            return Err(Error::table(
                "backtest frame",
                format!("{} interval bounds for {} rows", bounds.len(), df.height()),
            ));
        }
        let name = |b: &str| crate::frame::level_column("forecast", b, *level);
        let lo: Vec<Option<f64>> = bounds.iter().map(|b| b.map(|x| x.0)).collect();
        let hi: Vec<Option<f64>> = bounds.iter().map(|b| b.map(|x| x.1)).collect();
        df.with_column(Column::new(name("lo").into(), lo))?;
        df.with_column(Column::new(name("hi").into(), hi))?;
    }
    Ok(())
}

//! A [`Projection`] as a tidy long DataFrame.

use polars::prelude::*;
use tekort_core::{Projection, Variable, AGE_MIN};

use crate::error::Result;

/// The key columns, in order, before the variable columns. `period` is
/// `history` for the years before the base year (the history run, shown
/// with `from`) and `forecast` from the base year on.
pub const KEY_COLUMNS: [&str; 6] = [
    "scenario",
    "region_system",
    "region",
    "sector",
    "year",
    "period",
];

/// The key columns in `scenario, region, sector, year` order, each key
/// repeated `repeat` times (once per row of the main frame, once per age
/// of the age frame).
fn key_columns(p: &Projection, repeat: usize) -> Vec<Column> {
    let (ns, nr, nsec, ny) = (
        p.scenarios.len(),
        p.regions.len(),
        p.sectors.len(),
        p.years.len(),
    );
    let rows = ns * nr * nsec * ny * repeat;
    let mut scenario = Vec::with_capacity(rows);
    let mut region = Vec::with_capacity(rows);
    let mut sector = Vec::with_capacity(rows);
    let mut year = Vec::with_capacity(rows);
    let mut period = Vec::with_capacity(rows);
    for s in &p.scenarios {
        for r in &p.regions {
            for k in &p.sectors {
                for y in &p.years {
                    for _ in 0..repeat {
                        scenario.push(s.as_str());
                        region.push(r.as_str());
                        sector.push(k.code());
                        year.push(*y);
                        period.push(p.period(*y));
                    }
                }
            }
        }
    }
    vec![
        Column::new("scenario".into(), scenario),
        Column::new_scalar(
            "region_system".into(),
            Scalar::from(PlSmallStr::from(p.region_system.as_str())),
            rows,
        ),
        Column::new("region".into(), region),
        Column::new("sector".into(), sector),
        Column::new("year".into(), year),
        Column::new("period".into(), period),
    ]
}

/// Turns a projection into a tidy frame: one row per
/// `scenario, region_system, region, sector, year`, one column per
/// [`Variable`] (in [`Variable::ALL`] order). Undefined ratios (zero
/// employment) are null.
pub fn projection_to_frame(p: &Projection) -> Result<DataFrame> {
    let mut cols = key_columns(p, 1);
    let rows = cols[0].len();
    // The variable axis is last, so each variable is a strided lane.
    for v in Variable::ALL {
        let data: Vec<Option<f64>> = p
            .values
            .index_axis(ndarray::Axis(4), v.index())
            .iter()
            .map(|&x| x.is_finite().then_some(x))
            .collect();
        cols.push(Column::new(v.name().into(), data));
    }
    Ok(DataFrame::new(rows, cols)?)
}

/// The workforce by single year of age as a tidy frame: one row per
/// `scenario, region_system, region, sector, year, age` with `teachers`
/// (persons) and `employment_fte`. Summed over ages it equals the
/// `teachers` and `employment_fte` columns of [`projection_to_frame`].
pub fn ages_to_frame(p: &Projection) -> Result<DataFrame> {
    let na = p.teachers_by_age.dim().4;
    if na == 0 {
        return Err(crate::Error::table(
            "projection",
            "has no workforce by age: project with ProjectionOptions { ages: true, .. }",
        ));
    }
    let mut cols = key_columns(p, na);
    let rows = cols[0].len();
    let age: Vec<i32> = (0..rows).map(|i| (AGE_MIN + i % na) as i32).collect();
    let flat = |a: &ndarray::Array5<f64>| -> Vec<f64> { a.iter().copied().collect() };
    cols.push(Column::new("age".into(), age));
    cols.push(Column::new("teachers".into(), flat(&p.teachers_by_age)));
    cols.push(Column::new("employment_fte".into(), flat(&p.fte_by_age)));
    Ok(DataFrame::new(rows, cols)?)
}

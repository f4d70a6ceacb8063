//! A [`Projection`] as a tidy long DataFrame.

use polars::prelude::*;
use tekort_core::{Projection, Variable};

use crate::error::Result;

/// The key columns, in order, before the variable columns.
pub const KEY_COLUMNS: [&str; 5] = ["scenario", "region_system", "region", "sector", "year"];

/// Turns a projection into a tidy frame: one row per
/// `scenario, region_system, region, sector, year`, one column per
/// [`Variable`] (in [`Variable::ALL`] order). Undefined ratios (zero
/// employment) are null.
pub fn projection_to_frame(p: &Projection) -> Result<DataFrame> {
    let (ns, nr, nsec, ny, _) = p.values.dim();
    let rows = ns * nr * nsec * ny;
    let mut scenario = Vec::with_capacity(rows);
    let mut region = Vec::with_capacity(rows);
    let mut sector = Vec::with_capacity(rows);
    let mut year = Vec::with_capacity(rows);
    let mut columns: Vec<Vec<Option<f64>>> = vec![Vec::with_capacity(rows); Variable::ALL.len()];
    for s in 0..ns {
        for r in 0..nr {
            for k in 0..nsec {
                for y in 0..ny {
                    scenario.push(p.scenarios[s].as_str());
                    region.push(p.regions[r].as_str());
                    sector.push(p.sectors[k].code());
                    year.push(p.years[y]);
                    for v in Variable::ALL {
                        let x = p.values[[s, r, k, y, v.index()]];
                        columns[v.index()].push(x.is_finite().then_some(x));
                    }
                }
            }
        }
    }
    let mut cols: Vec<Column> = vec![
        Column::new("scenario".into(), scenario),
        Column::new_scalar(
            "region_system".into(),
            Scalar::from(PlSmallStr::from(p.region_system.as_str())),
            rows,
        ),
        Column::new("region".into(), region),
        Column::new("sector".into(), sector),
        Column::new("year".into(), year),
    ];
    for (v, data) in Variable::ALL.iter().zip(columns) {
        cols.push(Column::new(v.name().into(), data));
    }
    Ok(DataFrame::new(rows, cols)?)
}

/// The workforce by single year of age as a tidy frame: one row per
/// `scenario, region_system, region, sector, year, age` with `teachers`
/// (persons) and `employment_fte`. Summed over ages it equals the
/// `teachers` and `employment_fte` columns of [`projection_to_frame`].
pub fn ages_to_frame(p: &Projection) -> Result<DataFrame> {
    let (ns, nr, nsec, ny, na) = p.teachers_by_age.dim();
    let rows = ns * nr * nsec * ny * na;
    let mut scenario = Vec::with_capacity(rows);
    let mut region = Vec::with_capacity(rows);
    let mut sector = Vec::with_capacity(rows);
    let mut year = Vec::with_capacity(rows);
    let mut age = Vec::with_capacity(rows);
    for s in 0..ns {
        for r in 0..nr {
            for k in 0..nsec {
                for y in 0..ny {
                    for a in 0..na {
                        scenario.push(p.scenarios[s].as_str());
                        region.push(p.regions[r].as_str());
                        sector.push(p.sectors[k].code());
                        year.push(p.years[y]);
                        age.push((tekort_core::AGE_MIN + a) as i32);
                    }
                }
            }
        }
    }
    let flat = |a: &ndarray::Array5<f64>| -> Vec<f64> { a.iter().copied().collect() };
    let cols = vec![
        Column::new("scenario".into(), scenario),
        Column::new_scalar(
            "region_system".into(),
            Scalar::from(PlSmallStr::from(p.region_system.as_str())),
            rows,
        ),
        Column::new("region".into(), region),
        Column::new("sector".into(), sector),
        Column::new("year".into(), year),
        Column::new("age".into(), age),
        Column::new("teachers".into(), flat(&p.teachers_by_age)),
        Column::new("employment_fte".into(), flat(&p.fte_by_age)),
    ];
    Ok(DataFrame::new(rows, cols)?)
}

//! A [`Projection`] as a tidy long DataFrame.

use polars::prelude::*;
use tekort_core::{
    forecast::Projection, forecast::Variable, params::AGE_MIN, simulation::Simulation,
    simulation::INTERVAL_VARIABLES, simulation::MC_VARIABLES,
};

use crate::error::Result;

/// The key columns, in order, before the variable columns. `period` is
/// `history` up to the base year (the history run, shown with `from`, and
/// the base year the forecast starts from) and `forecast` after it; `kind`
/// says what the row's shortage is: `measured` (the year of a shortage
/// measurement of the sector's group of exactly the row's region, to which
/// the model is calibrated), `estimated` (other history years, and regions
/// no measurement describes) or `forecast`
/// ([`Projection::kind`](tekort_core::forecast::Projection::kind)).
pub const KEY_COLUMNS: [&str; 7] = [
    "scenario",
    "region_system",
    "region",
    "sector",
    "year",
    "period",
    "kind",
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
    let mut kind = Vec::with_capacity(rows);
    for s in &p.scenarios {
        for (ri, r) in p.regions.iter().enumerate() {
            for k in &p.sectors {
                for y in &p.years {
                    for _ in 0..repeat {
                        scenario.push(s.as_str());
                        region.push(r.as_str());
                        sector.push(k.code());
                        year.push(*y);
                        period.push(p.period(*y));
                        kind.push(p.kind(ri, *k, *y).name());
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
        Column::new("kind".into(), kind),
    ]
}

/// Turns a projection into a tidy frame: one row per
/// `scenario, region_system, region, sector, year`, one column per
/// [`Variable`] (in [`Variable::ALL`] order). Undefined ratios (zero
/// employment) are null; pupils are rounded to 10 significant digits
/// ([`round_count`]).
pub fn projection_to_frame(p: &Projection) -> Result<DataFrame> {
    let mut cols = key_columns(p, 1);
    let rows = cols[0].len();
    // The variable axis is last, so each variable is a strided lane.
    for v in Variable::ALL {
        let count = *v == Variable::Pupils;
        let data: Vec<Option<f64>> = p
            .values
            .index_axis(ndarray::Axis(4), v.index())
            .iter()
            .map(|&x| {
                x.is_finite()
                    .then_some(if count { round_count(x) } else { x })
            })
            .collect();
        cols.push(Column::new(v.name().into(), data));
    }
    Ok(DataFrame::new(rows, cols)?)
}

/// A count of people (pupils) as a frame shows it: to 10 significant
/// digits, so that the float noise of sums over municipalities and
/// sectors (`59.999999999999915`) reads as the number it is, while no
/// value moves by more than 5e-10 of itself.
///
/// ```
/// use tekort_polars::round_count;
/// assert_eq!(round_count(59.999999999999915), 60.0);
/// assert_eq!(round_count(2883985.999999999), 2883986.0);
/// assert_eq!(round_count(20512.123456789012), 20512.12346);
/// assert_eq!(round_count(0.0), 0.0);
/// ```
pub fn round_count(x: f64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let digits = 9 - x.abs().log10().floor() as i32;
    if !(-300..=300).contains(&digits) {
        return x;
    }
    let scale = 10f64.powi(digits);
    let rounded = (x * scale).round() / scale;
    if rounded.is_finite() {
        rounded
    } else {
        x
    }
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

/// The name of an interval column in the Nixtla style: `shortage_fte-lo-80`.
pub fn interval_column(variable: Variable, bound: &str, level: f64) -> String {
    level_column(variable.name(), bound, level)
}

/// The name of the interval bound `bound` (`lo` or `hi`) of `column` at
/// `level` %: `{column}-{bound}-{level}`, a whole level without decimals
/// (`forecast-lo-80`, `shortage_pct-hi-97.5`). Every interval column of
/// tekort is named so.
pub fn level_column(column: &str, bound: &str, level: f64) -> String {
    if level.fract() == 0.0 {
        format!("{column}-{bound}-{}", level as i64)
    } else {
        format!("{column}-{bound}-{level}")
    }
}

/// The name of the list column with the draws of an additive variable:
/// `shortage_fte-draws`.
pub fn draws_column(variable: Variable) -> String {
    format!("{}-draws", variable.name())
}

/// Adds to a frame of [`simulation_to_frame`] of the same simulation one
/// list column `{variable}-draws` (list of f64, one value per draw, in
/// draw order, the same order on every row) per additive variable of the
/// draws ([`MC_VARIABLES`]: `pupils`, `demand_fte`, `employment_fte`,
/// `shortage_fte`): summed element by element over rows they give the
/// draws of a total, from which its quantiles (and the shortage % per
/// draw) follow. A draw that is not finite is null.
pub fn add_draws_columns(df: &mut DataFrame, sim: &Simulation) -> Result<()> {
    let (nd, ns, nr, nk, ny, _) = sim.samples.dim();
    let rows = ns * nr * nk * ny;
    if df.height() != rows {
        return Err(crate::Error::table(
            "simulation frame",
            format!("{} rows for a simulation of {rows} rows", df.height()),
        ));
    }
    for (vi, v) in MC_VARIABLES.iter().enumerate() {
        let name = draws_column(*v);
        let mut builder = ListPrimitiveChunkedBuilder::<Float64Type>::new(
            name.as_str().into(),
            rows,
            rows * nd,
            DataType::Float64,
        );
        // The draws of variable `vi` as `[row][draw]`.
        let lane = sim.samples.index_axis(ndarray::Axis(5), vi);
        let mut values: Vec<Option<f64>> = Vec::with_capacity(nd);
        for s in 0..ns {
            for r in 0..nr {
                for k in 0..nk {
                    for y in 0..ny {
                        values.clear();
                        values.extend(
                            lane.slice(ndarray::s![.., s, r, k, y])
                                .iter()
                                .map(|&x| x.is_finite().then_some(x)),
                        );
                        builder.append_iter(values.iter().copied());
                    }
                }
            }
        }
        df.with_column(builder.finish().into_column())?;
    }
    Ok(())
}

/// A Monte Carlo result as a tidy frame: the columns of
/// [`projection_to_frame`], where each of [`INTERVAL_VARIABLES`] is the
/// **median of the draws** (so that every point lies inside its bands:
/// `lo-95 ≤ lo-80 ≤ point ≤ hi-80 ≤ hi-95`), its central run (the
/// deterministic run of a Monte Carlo, the mean of a microsimulation) in
/// `{variable}-central`, and for each level `{variable}-lo-{level}` and
/// `{variable}-hi-{level}` (quantiles of the draws, ratios per draw). The
/// other columns (flows, vacancies, …) are the central run's.
pub fn simulation_to_frame(sim: &Simulation, levels: &[f64]) -> Result<DataFrame> {
    let mut df = projection_to_frame(&sim.central)?;
    let bands = sim.bands(levels)?;
    let lane = |a: &ndarray::Array5<f64>, vi: usize| -> Vec<Option<f64>> {
        a.index_axis(ndarray::Axis(4), vi)
            .iter()
            .map(|&x| x.is_finite().then_some(x))
            .collect()
    };
    for (vi, v) in INTERVAL_VARIABLES.iter().enumerate() {
        let central = df.column(v.name())?.clone();
        df.with_column(Column::new(v.name().into(), lane(&bands.median, vi)))?;
        df.with_column(central.with_name(central_column(*v).into()))?;
        for iv in &bands.intervals {
            for (bound, a) in [("lo", &iv.lo), ("hi", &iv.hi)] {
                df.with_column(Column::new(
                    interval_column(*v, bound, iv.level).into(),
                    lane(a, vi),
                ))?;
            }
        }
    }
    Ok(df)
}

/// The name of the column with an interval variable's central run:
/// `shortage_fte-central`.
pub fn central_column(variable: Variable) -> String {
    format!("{}-central", variable.name())
}

/// Every draw of a Monte Carlo as a tidy frame: the key columns, `sample_id`
/// (0-based draw number) and the draw's `pupils`, `demand_fte`,
/// `employment_fte`, `shortage_fte` and `shortage_pct` (per draw).
pub fn samples_to_frame(sim: &Simulation) -> Result<DataFrame> {
    let p = &sim.central;
    let nd = sim.n_draws();
    let keys = key_columns(p, 1);
    let per_draw = keys[0].len();
    let rows = per_draw * nd;
    let mut cols: Vec<Column> = keys
        .iter()
        .map(|c| {
            let mut out = c.clone();
            for _ in 1..nd {
                out.append(c).expect("same type");
            }
            out
        })
        .collect();
    let sample: Vec<u32> = (0..nd as u32)
        .flat_map(|d| std::iter::repeat_n(d, per_draw))
        .collect();
    cols.insert(0, Column::new("sample_id".into(), sample));
    let (_, ns, nr, nk, ny, _) = sim.samples.dim();
    for v in INTERVAL_VARIABLES.iter() {
        let mut data: Vec<Option<f64>> = Vec::with_capacity(rows);
        for d in 0..nd {
            for s in 0..ns {
                for r in 0..nr {
                    for k in 0..nk {
                        for y in 0..ny {
                            // Indices from the simulation's own shape.
                            let x = sim.value(d, [s, r, k, y], *v).unwrap_or(f64::NAN);
                            data.push(x.is_finite().then_some(x));
                        }
                    }
                }
            }
        }
        cols.push(Column::new(v.name().into(), data));
    }
    Ok(DataFrame::new(rows, cols)?)
}

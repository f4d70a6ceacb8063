//! The Monte Carlo on the embedded Dutch dataset: reproducible on any
//! number of threads, intervals that contain the central run and widen
//! with the horizon, history rows without spread.

mod common;

use tekort_core::{
    data::*, forecast::*, params::*, regions::*, scenario::*, sector::*, simulation::*, *,
};
use tekort_polars::*;

fn ds() -> &'static Dataset {
    embedded_dataset().expect("embedded dataset loads")
}

fn sim(system: &str, draws: usize, seed: u64, until: i32) -> Simulation {
    let options = ProjectionOptions {
        until,
        from: Some(2023),
        ..ProjectionOptions::default()
    };
    sim_with(system, &options, draws, seed)
}

fn sim_with(system: &str, options: &ProjectionOptions, draws: usize, seed: u64) -> Simulation {
    let regions = RegionSystem::builtin(system, ds()).unwrap();
    simulate(
        ds(),
        &regions,
        &Params::default(),
        &[Scenario::baseline()],
        options,
        &McOptions { draws, seed },
        None,
    )
    .unwrap()
}

fn on_threads(n: usize, f: impl FnOnce() -> Simulation + Send) -> Simulation {
    rayon::ThreadPoolBuilder::new()
        .num_threads(n)
        .build()
        .unwrap()
        .install(f)
}

#[test]
fn same_seed_same_draws_on_any_number_of_threads() {
    let one = on_threads(1, || sim("provincie", 40, 11, 2032));
    let two = on_threads(2, || sim("provincie", 40, 11, 2032));
    assert_eq!(one.samples, two.samples);
    let f1 = simulation_to_frame(&one, &[80.0, 95.0]).unwrap();
    let f2 = simulation_to_frame(&two, &[80.0, 95.0]).unwrap();
    assert!(f1.equals_missing(&f2));
    let other = sim("provincie", 40, 12, 2032);
    assert_ne!(one.samples, other.samples, "another seed gives other draws");
}

#[test]
fn intervals_hold_the_central_run_and_widen_with_the_horizon() {
    let s = sim("arbeidsmarktregio", 300, 7, 2040);
    let p = &s.central;
    let iv = s.intervals(&[80.0, 95.0]).unwrap();
    let (i80, i95) = (&iv[0], &iv[1]);
    let base = p.year_index(p.base_year).unwrap();
    let (ns, nr, nk, ny, _) = i80.lo.dim();
    for sc in 0..ns {
        for r in 0..nr {
            for k in 0..nk {
                for y in 0..ny {
                    for (vi, v) in INTERVAL_VARIABLES.iter().enumerate() {
                        let c = p.values[[sc, r, k, y, v.index()]];
                        let (lo, hi) = (i80.lo[[sc, r, k, y, vi]], i80.hi[[sc, r, k, y, vi]]);
                        let (lo95, hi95) = (i95.lo[[sc, r, k, y, vi]], i95.hi[[sc, r, k, y, vi]]);
                        let tol = 1e-9 * c.abs().max(1.0);
                        assert!(
                            lo95 <= lo + tol && lo <= c + tol && c <= hi + tol && hi <= hi95 + tol,
                            "{} {} {} {}: {lo95} {lo} {c} {hi} {hi95}",
                            p.regions[r],
                            p.sectors[k].code(),
                            p.years[y],
                            v.name()
                        );
                        // History rows (before the base year) are observed.
                        if y < base && matches!(v, Variable::Pupils | Variable::DemandFte) {
                            assert!((hi95 - lo95).abs() <= tol, "{} {}", p.years[y], v.name());
                        }
                    }
                }
            }
        }
    }
    // The national po shortage widens with the horizon (per draw totals).
    let po: Vec<usize> = (0..3).collect();
    let width = |year: i32| {
        let t = s.total(0, None, &po, p.year_index(year).unwrap()).unwrap();
        let mut v: Vec<f64> = t.column(3).to_vec();
        v.sort_by(f64::total_cmp);
        quantile_sorted(&v, 0.9) - quantile_sorted(&v, 0.1)
    };
    let (w26, w30, w35, w40) = (width(2026), width(2030), width(2035), width(2040));
    assert!(
        w26 < w30 && w30 < w35 && w35 < w40,
        "{w26} {w30} {w35} {w40}"
    );
    // Pupils: no spread in the base year, spread after.
    let pupils = |year: i32| {
        let t = s.total(0, None, &po, p.year_index(year).unwrap()).unwrap();
        let mut v: Vec<f64> = t.column(0).to_vec();
        v.sort_by(f64::total_cmp);
        quantile_sorted(&v, 0.9) - quantile_sorted(&v, 0.1)
    };
    assert_eq!(pupils(2025), 0.0);
    assert!(pupils(2030) > 0.0 && pupils(2030) < pupils(2040));
}

#[test]
fn interval_columns_and_samples_frames() {
    let s = sim("nl", 30, 3, 2028);
    let df = simulation_to_frame(&s, &[80.0]).unwrap();
    for v in [
        "pupils",
        "demand_fte",
        "employment_fte",
        "shortage_fte",
        "shortage_pct",
    ] {
        for b in ["lo", "hi"] {
            assert!(df.column(&format!("{v}-{b}-80")).is_ok(), "{v}-{b}-80");
        }
    }
    assert!(df.column("shortage_fte-lo-95").is_err());
    // The point is the median of the draws, inside its band in every row;
    // the deterministic run is in `-central`.
    let df = simulation_to_frame(&s, &[80.0, 95.0]).unwrap();
    let col = |name: &str| -> Vec<f64> {
        df.column(name)
            .unwrap()
            .f64()
            .unwrap()
            .iter()
            .map(|x| x.unwrap_or(f64::NAN))
            .collect()
    };
    let det = projection_to_frame(&s.central).unwrap();
    for v in INTERVAL_VARIABLES {
        let n = v.name();
        let chain = [
            col(&format!("{n}-lo-95")),
            col(&format!("{n}-lo-80")),
            col(n),
            col(&format!("{n}-hi-80")),
            col(&format!("{n}-hi-95")),
        ];
        for i in 0..df.height() {
            for w in chain.windows(2) {
                let (a, b) = (w[0][i], w[1][i]);
                assert!(a <= b + 1e-9 * b.abs().max(1.0), "{n} row {i}: {a} > {b}");
            }
        }
        assert!(df
            .column(&central_column(v))
            .unwrap()
            .as_materialized_series()
            .equals_missing(
                &det.column(n)
                    .unwrap()
                    .as_materialized_series()
                    .clone()
                    .with_name(central_column(v).into())
            ));
    }
    let samples = samples_to_frame(&s).unwrap();
    assert_eq!(samples.height(), 30 * df.height());
    assert_eq!(samples.get_column_names()[0].as_str(), "sample_id");
    // Bad levels and no draws are errors naming the value.
    let e = s.intervals(&[100.0]).unwrap_err().to_string();
    assert!(e.contains("level") && e.contains("100"), "{e}");
    let regions = RegionSystem::builtin("nl", ds()).unwrap();
    let e = simulate(
        ds(),
        &regions,
        &Params::default(),
        &[Scenario::baseline()],
        &ProjectionOptions::default(),
        &McOptions { draws: 0, seed: 1 },
        None,
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("draws"), "{e}");
}

#[test]
fn without_uncertainty_every_draw_is_the_central_run() {
    let regions = RegionSystem::builtin("corop", ds()).unwrap();
    let params = Params {
        uncertainty: UncertaintyParams::fixed(),
        ..Params::default()
    };
    let options = ProjectionOptions {
        until: 2030,
        ..ProjectionOptions::default()
    };
    let s = simulate(
        ds(),
        &regions,
        &params,
        &[Scenario::baseline()],
        &options,
        &McOptions { draws: 5, seed: 1 },
        None,
    )
    .unwrap();
    for d in 0..5 {
        for (vi, v) in MC_VARIABLES.iter().enumerate() {
            let a = s.samples.index_axis(ndarray::Axis(0), d);
            let a = a.index_axis(ndarray::Axis(4), vi);
            let c = s.central.values.index_axis(ndarray::Axis(4), v.index());
            for (x, y) in a.iter().zip(c.iter()) {
                assert!(
                    (x - y).abs() <= 1e-9 * y.abs().max(1.0),
                    "{} {x} {y}",
                    v.name()
                );
            }
        }
    }
}

/// Every returners lever the scenario check accepts (up to 20) runs, with
/// and without draws: the searching returners never exceed the stille
/// reserve, so no reserve goes below zero and the Monte Carlo's hires stay
/// between zero and their cap (a lever of 10 used to panic there, with a
/// reserve of −4,359 persons at 20).
#[test]
fn every_accepted_returners_lever_runs_and_keeps_the_reserve() {
    let regions = RegionSystem::builtin("arbeidsmarktregio", ds()).unwrap();
    let options = ProjectionOptions::default();
    for lever in [1.0, 7.0, 10.0, 15.0, 20.0] {
        let mut s = Scenario::named("more returners");
        s.returners = lever;
        let scenarios = [Scenario::baseline(), s];
        let p = project(ds(), &regions, &Params::default(), &scenarios, &options).unwrap();
        let reserve = p
            .values
            .index_axis(ndarray::Axis(4), Variable::ReservePersons.index());
        let lowest = reserve.iter().copied().fold(f64::INFINITY, f64::min);
        assert!(
            lowest >= 0.0,
            "returners = {lever}: a reserve of {lowest} persons"
        );
        let employment = p
            .values
            .index_axis(ndarray::Axis(4), Variable::EmploymentFte.index());
        assert!(employment.iter().all(|e| e.is_finite() && *e >= 0.0));
        let sim = simulate(
            ds(),
            &regions,
            &Params::default(),
            &scenarios,
            &options,
            &McOptions { draws: 20, seed: 3 },
            None,
        )
        .unwrap_or_else(|e| panic!("returners = {lever}: {e}"));
        assert!(
            sim.samples.iter().all(|v| v.is_finite()),
            "returners = {lever}"
        );
    }
}

/// A request that would run for hours is refused before it starts, with
/// the estimate: 10^7 draws of vo on the nation to 2030 (about an hour).
#[test]
fn a_request_estimated_over_the_time_limit_is_refused_at_once() {
    let regions = RegionSystem::builtin("nl", ds()).unwrap();
    let options = ProjectionOptions {
        until: 2030,
        sectors: vec![Sector::Vo],
        ..ProjectionOptions::default()
    };
    // An error, not an hour of draws: the refusal comes before the first.
    let err = simulate(
        ds(),
        &regions,
        &Params::default(),
        &[Scenario::baseline()],
        &options,
        &McOptions {
            draws: 10_000_000,
            seed: 1,
        },
        None,
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("10,000,000 draws of ")
            && err.contains(" would take about ")
            && err.contains("(at most 30 minutes are allowed)"),
        "{err}"
    );
    let micro = microsim(
        ds(),
        &regions,
        &Params::default(),
        &[Scenario::baseline()],
        &options,
        &MicroOptions {
            runs: 1_000_000,
            ..MicroOptions::default()
        },
        None,
    )
    .unwrap_err()
    .to_string();
    assert!(
        micro.contains("minutes") && micro.contains("runs"),
        "{micro}"
    );
}

/// The market's reaction: a positive `market.reaction` lowers a rising
/// shortage; `beleidsarm` turns it off in the deterministic run and in
/// the draws (the median of its draws above the baseline's).
#[test]
fn the_market_reacts_and_beleidsarm_does_not() {
    let nl = RegionSystem::builtin("nl", ds()).unwrap();
    let options = ProjectionOptions {
        sectors: vec![Sector::PoBo],
        ..ProjectionOptions::default()
    };
    let scenarios = [Scenario::baseline(), Scenario::beleidsarm()];
    let last = |p: &Projection, s: usize| {
        p.get(s, 0, 0, p.years.len() - 1, Variable::ShortagePct)
            .unwrap()
    };
    let mut reacting = Params::default();
    reacting.market.reaction.value = 0.3;
    let p = project(ds(), &nl, &reacting, &scenarios, &options).unwrap();
    let none = project(ds(), &nl, &Params::default(), &scenarios[..1], &options).unwrap();
    // po_bo's shortage rises to 2040: the reaction brings more inflow.
    assert!(
        last(&p, 0) < last(&none, 0) - 1.0,
        "{} {}",
        last(&p, 0),
        last(&none, 0)
    );
    assert_eq!(
        last(&p, 1),
        last(&none, 0),
        "beleidsarm is the no-reaction path"
    );
    // The Monte Carlo draws a reaction (uncertainty.reaction) that
    // beleidsarm leaves out.
    let s = simulate(
        ds(),
        &nl,
        &Params::default(),
        &scenarios,
        &options,
        &McOptions { draws: 40, seed: 5 },
        None,
    )
    .unwrap();
    let bands = s.bands(&[80.0]).unwrap();
    let yi = s.central.years.len() - 1;
    let vi = INTERVAL_VARIABLES
        .iter()
        .position(|v| *v == Variable::ShortagePct)
        .unwrap();
    let (base, beleidsarm) = (
        bands.median[[0, 0, 0, yi, vi]],
        bands.median[[1, 0, 0, yi, vi]],
    );
    assert!(beleidsarm > base, "median {beleidsarm} against {base}");
}

/// A sector's draws depend on the seed and its own inputs only, not on
/// which other sectors are in the run: po's rows are the same, bit for bit,
/// with `sectors = po` and with `po, vo, mbo` (each market region and sector
/// has its own stream of process noise).
#[test]
fn a_sectors_draws_do_not_depend_on_the_other_sectors_in_the_run() {
    let (po, _) = common::po_alone_and_with_others("draws", |options| {
        sim_with("arbeidsmarktregio", options, 30, 7)
    });
    assert!(po.samples.iter().any(|x| *x != 0.0));
}

/// The `{variable}-draws` list columns hold, per row, the draws in draw
/// order: the same values as the samples frame, and their quantiles are the
/// interval columns.
#[test]
fn draws_columns_hold_every_draw_of_the_additive_variables() {
    let s = sim("provincie", 25, 5, 2027);
    let mut df = simulation_to_frame(&s, &[80.0]).unwrap();
    add_draws_columns(&mut df, &s).unwrap();
    let samples = samples_to_frame(&s).unwrap();
    let rows = df.height();
    for v in MC_VARIABLES {
        let name = draws_column(v);
        let lists = df.column(&name).unwrap().list().unwrap().clone();
        let flat = samples.column(v.name()).unwrap().f64().unwrap().clone();
        let lo = df.column(&interval_column(v, "lo", 80.0)).unwrap();
        let lo = lo.f64().unwrap();
        for i in 0..rows {
            let row = lists.get_as_series(i).unwrap();
            let row: Vec<f64> = row.f64().unwrap().into_no_null_iter().collect();
            assert_eq!(row.len(), 25, "{name}");
            for (d, x) in row.iter().enumerate() {
                assert_eq!(Some(*x), flat.get(d * rows + i), "{name} row {i} draw {d}");
            }
            let mut sorted = row.clone();
            sorted.sort_by(f64::total_cmp);
            // The lower bound of 80 %: the (1 − 0.8) / 2 quantile, so computed.
            let p = (1.0 - 80.0 / 100.0) / 2.0;
            assert_eq!(
                lo.get(i),
                Some(quantile_sorted(&sorted, p)),
                "{name} row {i}"
            );
        }
    }
    assert!(
        df.column("shortage_pct-draws").is_err(),
        "ratios have no draws column"
    );
    let short = simulation_to_frame(&sim("nl", 3, 5, 2027), &[80.0]).unwrap();
    assert!(add_draws_columns(&mut short.clone(), &s).is_err());
}

//! Monitoring indicators on the embedded Dutch dataset: the nation is
//! always there, regions add up to it, the required inflow closes the gap
//! by the target year, and kinds follow history and forecast.

use tekort_core::{
    data::*, forecast::*, monitoring::*, params::*, scenario::*, sector::*, simulation::*,
};
use tekort_polars::*;

fn ds() -> &'static Dataset {
    embedded_dataset().expect("embedded dataset loads")
}

fn rows(system: &str, io: &IndicatorOptions) -> (Projection, Vec<IndicatorRow>) {
    let regions = resolve_regions(system, ds()).unwrap();
    let options = ProjectionOptions {
        until: 2035,
        ..ProjectionOptions::default()
    };
    monitor(
        ds(),
        &regions,
        &Params::default(),
        &[Scenario::baseline()],
        &options,
        io,
        None,
    )
    .unwrap()
}

fn value(rows: &[IndicatorRow], region: &str, sector: &str, name: &str, year: i32) -> f64 {
    rows.iter()
        .find(|r| r.region == region && r.sector == sector && r.indicator == name && r.year == year)
        .unwrap_or_else(|| panic!("{region} {sector} {name} {year}"))
        .value
}

#[test]
fn regions_add_up_to_the_nation_and_the_required_inflow_closes_the_gap() {
    let io = IndicatorOptions::default();
    let (p, rows) = rows("arbeidsmarktregio", &io);
    assert!(rows.iter().all(|r| r.value.is_finite()));
    for sector in ["po", "vo", "mbo", "all"] {
        for name in [
            "shortage_fte",
            "required_inflow_fte",
            "required_inflow_gap_fte",
        ] {
            let year = if name == "shortage_fte" { 2028 } else { 2030 };
            let sum: f64 = p
                .regions
                .iter()
                .map(|r| value(&rows, r, sector, name, year))
                .sum();
            let nation = value(&rows, "Nederland", sector, name, year);
            assert!(
                (sum - nation).abs() <= 1e-6 * nation.abs().max(1.0),
                "{sector} {name}: {sum} vs {nation}"
            );
        }
        // The identity: employment of the base year plus n years of net
        // hiring at the required rate reaches the target employment.
        let n = f64::from(io.target_year - p.base_year);
        let emp = |y| {
            p.total(0, None, &sectors(&p, sector), p.year_index(y).unwrap())
                .unwrap()
        };
        let (e0, dt) = (
            emp(p.base_year)[Variable::EmploymentFte.index()],
            emp(2030)[Variable::DemandFte.index()],
        );
        let need = value(&rows, "Nederland", sector, "required_inflow_fte", 2030);
        let repl = value(
            &rows,
            "Nederland",
            sector,
            "required_inflow_replacement_fte",
            2030,
        );
        assert!(
            ((e0 + n * (need - repl)) - dt).abs() < 1e-6 * dt,
            "{sector}"
        );
    }
    // Measured history and a forecast future.
    let kind = |name: &str, year: i32| {
        rows.iter()
            .find(|r| {
                r.region == "Nederland" && r.sector == "po" && r.indicator == name && r.year == year
            })
            .unwrap()
            .kind
    };
    assert_eq!(kind("shortage_pct", 2022), IndicatorKind::Measured);
    assert_eq!(kind("pupils", 2024), IndicatorKind::Measured);
    assert_eq!(kind("shortage_pct", 2031), IndicatorKind::Forecast);
    let df = indicators_to_frame(&rows).unwrap();
    assert_eq!(df.height(), rows.len());
    let names: Vec<&str> = df.get_column_names().iter().map(|c| c.as_str()).collect();
    assert_eq!(names, INDICATOR_COLUMNS);
}

fn sectors(p: &Projection, code: &str) -> Vec<usize> {
    match code {
        "all" => (0..p.sectors.len()).collect(),
        "po" => p.group_indices(SectorGroup::Po),
        "vo" => p.group_indices(SectorGroup::Vo),
        _ => p.group_indices(SectorGroup::Mbo),
    }
}

#[test]
fn a_higher_target_needs_less_and_a_bad_target_is_named() {
    let (_, zero) = rows("provincie", &IndicatorOptions::default());
    let (_, five) = rows(
        "provincie",
        &IndicatorOptions {
            target_shortage_pct: 5.0,
            ..IndicatorOptions::default()
        },
    );
    let a = value(&zero, "Nederland", "po", "required_inflow_fte", 2030);
    let b = value(&five, "Nederland", "po", "required_inflow_fte", 2030);
    assert!(b < a, "{b} < {a}");
    let regions = resolve_regions("provincie", ds()).unwrap();
    let err = monitor(
        ds(),
        &regions,
        &Params::default(),
        &[Scenario::baseline()],
        &ProjectionOptions::default(),
        &IndicatorOptions {
            target_year: 2020,
            ..IndicatorOptions::default()
        },
        None,
    )
    .unwrap_err();
    assert!(err.to_string().contains("2020"), "{err}");
}

#[test]
fn with_draws_the_shortage_interval_brackets_the_central_run() {
    let regions = resolve_regions("provincie", ds()).unwrap();
    let options = ProjectionOptions {
        until: 2032,
        ..ProjectionOptions::default()
    };
    let (p, rows) = monitor(
        ds(),
        &regions,
        &Params::default(),
        &[Scenario::baseline()],
        &options,
        &IndicatorOptions::default(),
        Some(&McOptions { draws: 60, seed: 3 }),
    )
    .unwrap();
    let mut n = 0;
    for region in p.regions.iter().map(String::as_str).chain(["Nederland"]) {
        for sector in ["po", "vo", "mbo", "all"] {
            for year in [2026, 2030, 2032] {
                let v = |name: &str| value(&rows, region, sector, name, year);
                let (lo95, lo, mid, hi, hi95) = (
                    v("shortage_pct-lo-95"),
                    v("shortage_pct-lo-80"),
                    v("shortage_pct"),
                    v("shortage_pct-hi-80"),
                    v("shortage_pct-hi-95"),
                );
                assert!(
                    lo95 <= lo && lo <= hi && hi <= hi95,
                    "{region} {sector} {year}"
                );
                assert!(lo < hi, "a band with width: {region} {sector} {year}");
                n += usize::from(lo <= mid && mid <= hi);
            }
        }
    }
    // The central run lies inside the 80 % band in (nearly) every cell.
    assert!(n >= 13 * 4 * 3 * 9 / 10, "{n}");
    // No interval in history years.
    assert!(!rows
        .iter()
        .any(|r| r.indicator == "shortage_pct-lo-80" && r.year <= p.base_year));
}

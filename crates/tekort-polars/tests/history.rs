//! The history run, the demography, the labour market without knife edges
//! and the one nation, on the embedded Dutch dataset.

use tekort_core::{data::*, error::*, forecast::*, params::*, regions::*, scenario::*, sector::*};
use tekort_polars::*;

fn ds() -> &'static Dataset {
    embedded_dataset().expect("embedded dataset loads")
}

fn project_with(system: &str, scenarios: &[Scenario], options: &ProjectionOptions) -> Projection {
    let regions = resolve_regions(system, ds()).unwrap();
    project(ds(), &regions, &Params::default(), scenarios, options).unwrap()
}

/// The baseline on `regions` with the default parameters.
fn baseline_on(
    regions: &RegionSystem,
    options: &ProjectionOptions,
) -> tekort_polars::Result<Projection> {
    Ok(project(
        ds(),
        regions,
        &Params::default(),
        &[Scenario::baseline()],
        options,
    )?)
}

fn group_idx(p: &Projection, g: SectorGroup) -> Vec<usize> {
    p.group_indices(g)
}

fn national(p: &Projection, sc: usize, g: SectorGroup, year: i32, v: Variable) -> f64 {
    p.total(sc, None, &group_idx(p, g), p.year_index(year).unwrap())
        .unwrap()[v.index()]
}

#[test]
fn births_variants_and_user_paths_set_the_long_run() {
    let run = |demography: Demography| {
        let options = ProjectionOptions {
            until: 2040,
            sectors: Sector::PO.to_vec(),
            demography,
            ..ProjectionOptions::default()
        };
        project_with("nl", &[Scenario::baseline()], &options)
    };
    let pupils = |p: &Projection, y| national(p, 0, SectorGroup::Po, y, Variable::Pupils);
    let demand = |p: &Projection, y| national(p, 0, SectorGroup::Po, y, Variable::DemandFte);
    let medium = run(Demography::default());
    assert!(pupils(&medium, 2040) > pupils(&medium, 2030));
    let low = run(Demography::Variant("low".into()));
    let high = run(Demography::Variant("high".into()));
    assert!(pupils(&low, 2040) < pupils(&medium, 2040));
    assert!(pupils(&medium, 2040) < pupils(&high, 2040));
    assert!(demand(&low, 2040) < demand(&medium, 2040));
    assert!(demand(&medium, 2040) < demand(&high, 2040));
    // Observed births decide the pupils up to 2027: the variants agree.
    assert_eq!(pupils(&low, 2027), pupils(&high, 2027));
    // No single year sets the long-run level: pupils keep moving after 2035.
    let years: Vec<f64> = (2035..=2040).map(|y| pupils(&medium, y)).collect();
    assert!(years.windows(2).all(|w| w[0] != w[1]));
    // A user's national path changes the result.
    let flat = BirthsPath {
        variant: "vlak".into(),
        first_year: 2024,
        births: vec![160_000.0; 20],
    };
    let own = run(Demography::National(flat));
    assert!(pupils(&own, 2040) < pupils(&medium, 2040));
    // A path that ends too early is a typed error naming the year.
    let short = BirthsPath {
        variant: "kort".into(),
        first_year: 2024,
        births: vec![160_000.0; 5],
    };
    let options = ProjectionOptions {
        until: 2040,
        demography: Demography::National(short),
        ..ProjectionOptions::default()
    };
    let regions = resolve_regions("nl", ds()).unwrap();
    let err = baseline_on(&regions, &options).unwrap_err();
    assert!(
        matches!(err, Error::Core(TekortError::InvalidDemography { .. }))
            && err.to_string().contains("2029"),
        "{err}"
    );
}

#[test]
fn no_retirement_artefact_in_the_first_forecast_years() {
    let options = ProjectionOptions {
        until: 2032,
        ..ProjectionOptions::default()
    };
    let p = project_with("arbeidsmarktregio", &[Scenario::baseline()], &options);
    let path = &Params::default().outflow.aow_age;
    for g in SectorGroup::ALL {
        // The first six forecast years: 2026 to 2031 (2025 is the base year).
        for y in 2026..=2031 {
            // The outflow into y happens in the year before y.
            if aow_age_in(path, y) != aow_age_in(path, y - 1) {
                continue;
            }
            let now = national(&p, 0, g, y, Variable::OutflowRetirementFte);
            let before = national(&p, 0, g, y - 1, Variable::OutflowRetirementFte);
            assert!(
                (now - before).abs() < before / 3.0,
                "{g} retirement {y}: {before:.0} -> {now:.0}"
            );
        }
    }
}

#[test]
fn history_and_base_year_rows_do_not_depend_on_scenario_or_regions() {
    let mut lever = Scenario::named("alles");
    lever.zij_instroom = 2.0;
    lever.training_intake = 2.0;
    lever.returners = 2.0;
    lever.class_size = 0.8;
    lever.aow_age = vec![AowStep {
        from: 2026,
        age: 69.0,
    }];
    let options = ProjectionOptions {
        until: 2030,
        from: Some(history_start(ds(), 2025)),
        ..ProjectionOptions::default()
    };
    let systems = ["nl", "provincie", "corop", "arbeidsmarktregio"];
    let runs: Vec<Projection> = systems
        .iter()
        .map(|s| project_with(s, &[Scenario::baseline(), lever.clone()], &options))
        .collect();
    let nl = &runs[0];
    assert_eq!(nl.years[0], 2021);
    let base = nl.year_index(2025).unwrap();
    for p in &runs {
        for yi in 0..=base {
            for s in 0..p.sectors.len() {
                for v in Variable::ALL.iter().filter(|v| v.is_additive()) {
                    let sum = |sc: usize| -> f64 {
                        (0..p.regions.len())
                            .map(|r| p.get(sc, r, s, yi, *v).unwrap())
                            .sum()
                    };
                    let want = nl.get(0, 0, s, yi, *v).unwrap();
                    let tol = 1e-9 * want.abs().max(1.0);
                    let movers =
                        matches!(v, Variable::InflowMoversFte | Variable::OutflowMoversFte);
                    if !movers {
                        assert!(
                            (sum(0) - want).abs() <= tol,
                            "{} {}",
                            p.region_system,
                            v.name()
                        );
                    }
                    assert_eq!(sum(0), sum(1), "{} {} year {yi}", p.region_system, v.name());
                }
            }
        }
    }
}

#[test]
fn movers_never_fill_a_region_beyond_its_demand() {
    let double = |name: &str, f: &dyn Fn(&mut Scenario)| {
        let mut s = Scenario::named(name);
        f(&mut s);
        s
    };
    let scenarios = vec![
        double("zij", &|s| s.zij_instroom = 2.0),
        double("training", &|s| s.training_intake = 2.0),
        double("returners", &|s| s.returners = 2.0),
        double("hours", &|s| s.fte_per_person = 2.0_f64.min(1.21 / 0.85)),
        double("retention", &|s| {
            s.outflow = OutflowLever {
                under_30: 0.5,
                age_30_44: 0.5,
                age_45_59: 0.5,
                age_60_plus: 0.5,
            }
        }),
    ];
    let options = ProjectionOptions {
        until: 2040,
        ..ProjectionOptions::default()
    };
    for system in ["arbeidsmarktregio", "corop"] {
        let p = project_with(system, &scenarios, &options);
        for sc in 0..p.scenarios.len() {
            for r in 0..p.regions.len() {
                for s in 0..p.sectors.len() {
                    for y in 1..p.years.len() {
                        let v = |y, var| p.get(sc, r, s, y, var).unwrap();
                        let movers = v(y, Variable::InflowMoversFte);
                        let rising = v(y, Variable::DemandFte) > v(y - 1, Variable::DemandFte);
                        // More hours per person raise the employment of those
                        // already there (nobody is dismissed): not movers.
                        if rising && movers > 0.0 && p.scenarios[sc] != "hours" {
                            assert!(
                                v(y, Variable::EmploymentFte) <= v(y, Variable::DemandFte) + 1e-6,
                                "{system} {} {} sector {s} {}: employment {} > demand {}",
                                p.scenarios[sc],
                                p.regions[r],
                                p.years[y],
                                v(y, Variable::EmploymentFte),
                                v(y, Variable::DemandFte)
                            );
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn regions_keep_what_distinguishes_them() {
    // The G5 cities against the rest of the country, po.
    let pairs: Vec<(&str, &str)> = ["0363", "0599", "0518", "0344", "0034"]
        .iter()
        .map(|c| (*c, "G5"))
        .collect();
    let regions = RegionSystem::from_pairs("g5", ds(), &pairs).unwrap();
    let options = ProjectionOptions {
        until: 2040,
        sectors: Sector::PO.to_vec(),
        ..ProjectionOptions::default()
    };
    let p = baseline_on(&regions, &options).unwrap();
    let all: Vec<usize> = (0..p.sectors.len()).collect();
    let pct = |r: usize, y: i32| {
        p.total(0, Some(&[r]), &all, p.year_index(y).unwrap())
            .unwrap()[Variable::ShortagePct.index()]
    };
    let (g5, rest) = (
        p.region_index("G5").unwrap(),
        p.region_index(REST_REGION).unwrap(),
    );
    let gap = |y| pct(g5, y) - pct(rest, y);
    // The measured difference persists (docs/validation.md, "How fast
    // regional differences fade"): the G5 stay well above the rest every
    // year; the gap narrows while G5 pupils fall (to 2033, faster with the
    // trend of families leaving the cities, demand.pupil_trend_damping) and
    // widens again after. It must not fade towards zero: at least half of
    // the measured lead remains.
    assert!(gap(2025) > 10.0, "{}", gap(2025));
    assert!(gap(2040) > gap(2033), "{} {}", gap(2033), gap(2040));
    for y in 2026..=2040 {
        assert!(
            gap(y) > 0.5 * gap(2025),
            "{}: {} -> {}",
            y,
            gap(2025),
            gap(y)
        );
    }

    // The ranking of the arbeidsmarktregio's largely holds over fifteen
    // years (the measured differences persist), though growing and
    // shrinking regions trade places as their pupil trends play out.
    let p = project_with("arbeidsmarktregio", &[Scenario::baseline()], &options);
    let at = |y| -> Vec<f64> {
        (0..p.regions.len())
            .map(|r| {
                p.total(0, Some(&[r]), &all, p.year_index(y).unwrap())
                    .unwrap()[Variable::ShortagePct.index()]
            })
            .collect()
    };
    let rho = tekort_core::evaluation::rank_correlation(&at(2025), &at(2040));
    assert!(rho > 0.6, "rank correlation 2025–2040: {rho}");
}

#[test]
fn a_users_pupil_forecast_replaces_the_models() {
    let regions = resolve_regions("provincie", ds()).unwrap();
    let base = ProjectionOptions {
        until: 2035,
        ..ProjectionOptions::default()
    };
    let p0 = baseline_on(&regions, &base).unwrap();
    let r = p0.region_index("Flevoland").unwrap();
    let vo = p0.sector_index(Sector::Vo).unwrap();
    let y = p0.year_index(2032).unwrap();
    let model = p0.get(0, r, vo, y, Variable::Pupils).unwrap();
    let frame = polars::df!(
        "region" => ["Flevoland", "Flevoland"],
        "sector" => ["vo", "po"],
        "year" => [2032, 2032],
        "pupils" => [model * 1.2, 1.0e5],
    )
    .unwrap();
    let options = ProjectionOptions {
        pupils: Some(pupils_from_frame("test", &frame, &regions).unwrap()),
        ..base.clone()
    };
    let p1 = baseline_on(&regions, &options).unwrap();
    assert!((p1.get(0, r, vo, y, Variable::Pupils).unwrap() - model * 1.2).abs() < 1e-6);
    let po: Vec<usize> = Sector::PO
        .iter()
        .map(|s| p1.sector_index(*s).unwrap())
        .collect();
    let po_pupils = p1.total(0, Some(&[r]), &po, y).unwrap()[Variable::Pupils.index()];
    assert!((po_pupils - 1.0e5).abs() < 1e-6);
    // Demand follows; other years and regions are untouched.
    assert!(
        p1.get(0, r, vo, y, Variable::DemandFte).unwrap()
            > 1.19 * p0.get(0, r, vo, y, Variable::DemandFte).unwrap()
    );
    let y1 = p0.year_index(2031).unwrap();
    assert_eq!(
        p1.get(0, r, vo, y1, Variable::Pupils).unwrap(),
        p0.get(0, r, vo, y1, Variable::Pupils).unwrap()
    );
    let other = p0.region_index("Drenthe").unwrap();
    assert_eq!(
        p1.get(0, other, vo, y, Variable::Pupils).unwrap(),
        p0.get(0, other, vo, y, Variable::Pupils).unwrap()
    );

    // Observed years cannot be replaced; unknown regions are named.
    let bad = |region: &str, year: i32| {
        let frame = polars::df!(
            "region" => [region], "sector" => ["vo"], "year" => [year], "pupils" => [1.0],
        )
        .unwrap();
        pupils_from_frame("test", &frame, &regions).and_then(|f| {
            let options = ProjectionOptions {
                pupils: Some(f),
                ..base.clone()
            };
            baseline_on(&regions, &options)
        })
    };
    assert!(bad("Flevoland", 2024)
        .unwrap_err()
        .to_string()
        .contains("2024"));
    assert!(bad("Atlantis", 2030)
        .unwrap_err()
        .to_string()
        .contains("Atlantis"));
}

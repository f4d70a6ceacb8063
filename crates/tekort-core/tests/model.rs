//! Behaviour of the engine on synthetic data: conservation, additivity,
//! errors.

mod common;

use tekort_core::{error::*, forecast::*, params::*, regions::*, scenario::*, sector::*, *};

fn all_sectors(until: i32) -> ProjectionOptions {
    ProjectionOptions {
        until,
        ..ProjectionOptions::default()
    }
}

#[test]
fn people_are_conserved_with_moves_between_regions() {
    let ds = common::tiny_dataset(4, &[20.0; 12]);
    let regions = RegionSystem::builtin("arbeidsmarktregio", &ds).unwrap();
    let p = project(
        &ds,
        &regions,
        &Params::default(),
        &[Scenario::baseline()],
        &all_sectors(2040),
    )
    .unwrap();
    for r in 0..p.regions.len() {
        for s in 0..p.sectors.len() {
            for y in 1..p.years.len() {
                let before = p.get(0, r, s, y - 1, Variable::Teachers).unwrap();
                let after = p.get(0, r, s, y, Variable::Teachers).unwrap();
                let out = p.get(0, r, s, y, Variable::OutflowPersons).unwrap();
                let inn = p.get(0, r, s, y, Variable::InflowPersons).unwrap();
                assert!((before - out + inn - after).abs() < 1e-9, "r{r} s{s} y{y}");
            }
        }
    }
    // Movers leave one region and arrive in another: nationally equal.
    for s in 0..p.sectors.len() {
        for y in 1..p.years.len() {
            let sum = |v| {
                (0..p.regions.len())
                    .map(|r| p.get(0, r, s, y, v).unwrap())
                    .sum::<f64>()
            };
            let (o, i) = (
                sum(Variable::OutflowMoversFte),
                sum(Variable::InflowMoversFte),
            );
            if sum(Variable::EmploymentFte) > 0.0 {
                assert!(o > 0.0);
            }
            assert!((o - i).abs() < 1e-9 * o.max(1.0), "{o} vs {i}");
        }
    }
}

#[test]
fn national_is_the_sum_of_regions() {
    let ds = common::tiny_dataset(4, &[20.0; 12]);
    let regions = RegionSystem::builtin("corop", &ds).unwrap();
    let p = project(
        &ds,
        &regions,
        &Params::default(),
        &[Scenario::baseline()],
        &all_sectors(2030),
    )
    .unwrap();
    let n = p.national();
    for s in 0..p.sectors.len() {
        for y in 0..p.years.len() {
            for v in Variable::ALL.iter().filter(|v| v.is_additive()) {
                let sum: f64 = (0..p.regions.len())
                    .map(|r| p.get(0, r, s, y, *v).unwrap())
                    .sum();
                assert_eq!(n.get(0, 0, s, y, *v).unwrap(), sum);
            }
            let e = n.get(0, 0, s, y, Variable::EmploymentFte).unwrap();
            let sh = n.get(0, 0, s, y, Variable::ShortageFte).unwrap();
            let pct = n.get(0, 0, s, y, Variable::ShortagePct).unwrap();
            if e > 0.0 {
                assert!((pct - 100.0 * sh / e).abs() < 1e-12);
            } else {
                // No employment (no special schools in the tiny data):
                // the ratio is undefined, never a number.
                assert!(pct.is_nan());
            }
        }
    }
}

#[test]
fn bad_inputs_are_typed_errors() {
    let ds = common::tiny_dataset(2, &[20.0; 12]);
    let nl = RegionSystem::builtin("nl", &ds).unwrap();
    let base = [Scenario::baseline()];
    let err = project(&ds, &nl, &Params::default(), &base, &all_sectors(2100)).unwrap_err();
    assert!(
        matches!(err, TekortError::YearOutOfRange { year: 2100, .. }),
        "{err}"
    );
    let err = project(&ds, &nl, &Params::default(), &base, &all_sectors(2025)).unwrap_err();
    assert!(
        matches!(err, TekortError::YearOutOfRange { year: 2025, .. }),
        "{err}"
    );

    let mut early = Scenario::named("te vroeg");
    early.from_year = Some(2025);
    let err = project(&ds, &nl, &Params::default(), &[early], &all_sectors(2030)).unwrap_err();
    assert!(err.to_string().contains("te vroeg"), "{err}");

    let twice = [Scenario::baseline(), Scenario::baseline()];
    assert!(project(&ds, &nl, &Params::default(), &twice, &all_sectors(2030)).is_err());

    // A scenario's AOW step may not predate its own from_year.
    let mut aow = Scenario::named("aow");
    aow.from_year = Some(2030);
    aow.aow_age = vec![AowStep {
        from: 2028,
        age: 68.0,
    }];
    assert!(aow
        .validate()
        .unwrap_err()
        .to_string()
        .contains("aow_age.from"));

    let err = RegionSystem::builtin("gemeenten", &ds).unwrap_err();
    assert!(err.to_string().contains("gemeenten"));
    let err = RegionSystem::from_pairs("mijn", &ds, &[("0042", "A")]).unwrap_err();
    assert!(matches!(err, TekortError::UnknownMunicipality { ref code, .. } if code == "0042"));
    let err = RegionSystem::from_pairs("mijn", &ds, &[("0999", "A")]).unwrap_err();
    assert!(err.to_string().contains("merged into 0001"), "{err}");
    let err = RegionSystem::from_pairs("mijn", &ds, &[("0001", "A"), ("1", "B")]).unwrap_err();
    assert!(err.to_string().contains("both"), "{err}");

    let mut bad = ds.clone();
    bad.births[[0, 3]] = -5.0;
    let err = project(&bad, &nl, &Params::default(), &base, &all_sectors(2030)).unwrap_err();
    assert!(
        err.to_string().contains("births") && err.to_string().contains("-5"),
        "{err}"
    );
    bad.births[[0, 3]] = f64::NAN;
    assert!(project(&bad, &nl, &Params::default(), &base, &all_sectors(2030)).is_err());
}

#[test]
fn user_regions_get_a_rest_region() {
    let ds = common::tiny_dataset(3, &[20.0; 12]);
    let r = RegionSystem::from_pairs("mijn regio", &ds, &[("GM0002", "Oost")]).unwrap();
    assert_eq!(r.regions, vec!["Oost".to_string(), REST_REGION.to_string()]);
    assert_eq!(r.assignment, vec![1, 0, 1]);
}

#[test]
fn params_round_trip_through_toml() {
    let mut p = Params::default();
    p.workforce.employment_fte.vo = Estimate::normal(60_000.0, 2_000.0);
    let text = p.to_toml_string();
    let back = Params::from_toml_str(&text).unwrap();
    assert_eq!(back, p);
    assert!(text.contains("sd = 2000"));
    let err = Params::from_toml_str("[outflow]\nattrition = 3").unwrap_err();
    assert!(err.to_string().contains("attrition"), "{err}");
    let err = Params::from_toml_str("[inflow]\nshortage_pull = 1.5").unwrap_err();
    assert!(err.to_string().contains("inflow.shortage_pull"), "{err}");
    // Estimate tables: unknown keys and inconsistent bounds are errors.
    let ok = Params::from_toml_str(
        "[workforce.employment_fte]\npo = { value = 9e4, low = 8e4, high = 1e5 }",
    );
    assert_eq!(
        ok.unwrap().workforce.employment_fte.po.uncertainty,
        Some(Uncertainty::Uniform {
            low: 8e4,
            high: 1e5
        })
    );
    for bad in [
        "po = { value = 1, hgh = 2 }",
        "po = { value = 1, low = 2, high = 3 }",
        "po = { value = 1, sd = -1 }",
        "po = { value = 1, low = 0 }",
    ] {
        let text = format!("[workforce.employment_fte]\n{bad}");
        assert!(
            Params::from_toml_str(&text).is_err(),
            "{bad} should be rejected"
        );
    }
    let err = Params::from_toml_str("base_year = [").unwrap_err();
    assert!(matches!(err, TekortError::InvalidParams { .. }));
}

#[test]
fn scenarios_round_trip_and_reject_bad_levers() {
    let mut s = Scenario::named("mix");
    s.zij_instroom = 1.5;
    s.outflow.under_30 = 0.8;
    s.sectors = vec![SectorGroup::Po];
    s.aow_age = vec![AowStep {
        from: 2030,
        age: 68.0,
    }];
    let back = Scenario::from_toml_str(&s.to_toml_string()).unwrap();
    assert_eq!(back, s);
    for (text, key) in [
        ("name = \"x\"\nclass_size = -1", "class_size"),
        ("name = \"x\"\nzij_instroom = \"veel\"", "zij_instroom"),
        ("name = \"x\"\n[outflow]\nunder_31 = 0.5", "under_31"),
        ("name = \"x\"\nsectors = [\"ko\"]", "ko"),
        (
            "name = \"x\"\naow_age = [{ from = 2030, age = 80 }]",
            "aow_age",
        ),
    ] {
        let err = Scenario::from_toml_str(text).unwrap_err();
        assert!(matches!(err, TekortError::InvalidScenario { .. }), "{err}");
        assert!(err.to_string().contains(key), "{key}: {err}");
    }
}

#[test]
fn scenario_aow_path_replaces_later_steps() {
    let mut s = Scenario::named("aow 68");
    s.aow_age = vec![AowStep {
        from: 2030,
        age: 68.0,
    }];
    let p = Params::default();
    let later = |year| aow_age_in(&s.aow_path(&p.outflow.aow_age), year);
    assert_eq!(later(2029), 67.25);
    assert_eq!(later(2040), 68.0);
}

/// A small deterministic generator for the property test (no dependency).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// How often a path reverses direction twice within `window` years, counting
/// only moves of at least `step` (from the level of the last counted move).
fn reversals_within(path: &[f64], step: f64, window: usize) -> usize {
    let mut turns: Vec<usize> = Vec::new();
    let mut anchor = path[0];
    let mut last_sign = 0.0;
    for (i, &v) in path.iter().enumerate().skip(1) {
        let d = v - anchor;
        if d.abs() >= step {
            if last_sign != 0.0 && d.signum() != last_sign {
                turns.push(i);
            }
            last_sign = d.signum();
            anchor = v;
        }
    }
    turns.windows(2).filter(|w| w[1] - w[0] <= window).count()
}

#[test]
fn with_drivers_constant_no_region_zigzags() {
    // Property: flat births and pupils, constant training output, a fixed
    // AOW age; random region sizes and measured shortages. No region's
    // shortage path reverses direction twice by 0.3 pp or more within five
    // years.
    let mut rng = Lcg(7);
    for case in 0..25 {
        let n = 2 + (rng.next() * 6.0) as usize;
        let mut ds = common::tiny_dataset(n, &[20.0; 12]);
        for m in 0..n {
            let size = 0.2 + 3.0 * rng.next();
            ds.po_staff
                .slice_mut(ndarray::s![m, 0, ..])
                .mapv_inplace(|v| v * size);
            ds.po_pupils
                .slice_mut(ndarray::s![m, .., ..])
                .mapv_inplace(|v| v * size);
            ds.vo_pupils.row_mut(m).mapv_inplace(|v| v * size);
        }
        for ms in &mut ds.measured_shortage {
            ms.pct = 25.0 * rng.next();
        }
        let mut params = Params::default();
        params.outflow.aow_age = vec![AowStep {
            from: 2000,
            age: 67.0,
        }];
        let regions = RegionSystem::builtin("arbeidsmarktregio", &ds).unwrap();
        let p = project(
            &ds,
            &regions,
            &params,
            &[Scenario::baseline()],
            &all_sectors(2045),
        )
        .unwrap();
        for r in 0..p.regions.len() {
            for s in [0, 3, 4] {
                let path: Vec<f64> = (0..p.years.len())
                    .map(|y| p.get(0, r, s, y, Variable::ShortagePct).unwrap())
                    .collect();
                assert_eq!(
                    reversals_within(&path, 0.3, 5),
                    0,
                    "case {case}, region {r}, sector {s}: {path:?}"
                );
            }
        }
    }
}

#[test]
fn the_reversal_counter_sees_a_zigzag() {
    assert_eq!(reversals_within(&[1.0, 2.0, 1.0, 2.0, 1.0], 0.3, 5), 2);
    assert_eq!(reversals_within(&[1.0, 1.1, 1.2, 1.3, 1.4], 0.3, 5), 0);
    // COROP Delfzijl vo before the smooth matching: 3.9 → 0.0 → 1.0 → 1.4 → 0.0 → 1.1.
    assert_eq!(reversals_within(&[3.9, 0.0, 1.0, 1.4, 0.0, 1.1], 0.3, 5), 2);
}

//! The public surface a Rust program uses: the front door, typed access,
//! and no panic on an index or a selection a caller passes.

use tekort_core::prelude::*;
use tekort_core::{scenario::ScenarioBuilder, simulation::check_level, simulation::interval_index};

fn dataset() -> Dataset {
    Dataset::synthetic(3)
}

/// The same projection, bit for bit (an undefined ratio is NaN, which
/// `==` never equals).
fn same(a: &Projection, b: &Projection) -> bool {
    a.scenarios == b.scenarios
        && a.regions == b.regions
        && a.sectors == b.sectors
        && a.years == b.years
        && a.values.shape() == b.values.shape()
        && a.values
            .iter()
            .zip(b.values.iter())
            .all(|(x, y)| x.to_bits() == y.to_bits())
}

#[test]
fn front_door_matches_the_free_functions() {
    let ds = dataset();
    let regions = RegionSystem::builtin("arbeidsmarktregio", &ds).unwrap();
    let more = Scenario::builder("meer").zij_instroom(1.5).build().unwrap();
    let scenarios = [Scenario::baseline(), more];
    let options = ProjectionOptions {
        until: 2032,
        ..ProjectionOptions::default()
    };
    let direct = project(&ds, &regions, &Params::default(), &scenarios, &options).unwrap();
    let front = Model::new(&ds)
        .scenarios(scenarios.clone())
        .unwrap()
        .until(2032)
        .unwrap()
        .forecast()
        .unwrap();
    assert!(same(&direct, &front));
    // An owned dataset gives the same.
    let owned = Model::with_dataset(ds.clone())
        .scenarios(scenarios)
        .unwrap()
        .until(2032)
        .unwrap()
        .forecast()
        .unwrap();
    assert!(same(&owned, &front));
}

#[test]
fn names_are_looked_up_and_errors_name_what_is_missing() {
    let ds = dataset();
    let p = Model::new(&ds).until(2030).unwrap().forecast().unwrap();
    let [s, r, k, y] = p.cell("baseline", "Regio 2", Sector::Vo, 2028).unwrap();
    assert_eq!(
        p.value(
            "baseline",
            "Regio 2",
            Sector::Vo,
            2028,
            Variable::ShortageFte
        )
        .unwrap(),
        p.get(s, r, k, y, Variable::ShortageFte).unwrap()
    );
    for (e, what) in [
        (
            p.value("nope", "Regio 2", Sector::Vo, 2028, Variable::ShortageFte),
            "scenario",
        ),
        (
            p.value(
                "baseline",
                "Regio 9",
                Sector::Vo,
                2028,
                Variable::ShortageFte,
            ),
            "region",
        ),
        (
            p.value(
                "baseline",
                "Regio 2",
                Sector::Vo,
                2050,
                Variable::ShortageFte,
            ),
            "year",
        ),
    ] {
        match e {
            Err(TekortError::NotInResult { what: w, known, .. }) => {
                assert_eq!(w, what);
                assert!(!known.is_empty());
            }
            other => panic!("{what}: {other:?}"),
        }
    }
    let only_vo = Model::new(&ds)
        .sectors(&[Sector::Vo])
        .unwrap()
        .until(2030)
        .unwrap()
        .forecast()
        .unwrap();
    let e = only_vo
        .value(
            "baseline",
            "Regio 1",
            Sector::Mbo,
            2028,
            Variable::ShortageFte,
        )
        .unwrap_err();
    assert!(e.to_string().contains("mbo"), "{e}");
}

#[test]
fn positions_outside_the_result_are_none_or_errors_not_panics() {
    let ds = dataset();
    let p = Model::new(&ds).until(2030).unwrap().forecast().unwrap();
    let (ns, nr, nk, ny) = (
        p.scenarios.len(),
        p.regions.len(),
        p.sectors.len(),
        p.years.len(),
    );
    assert!(p.get(0, 0, 0, 0, Variable::Pupils).is_some());
    for (s, r, k, y) in [(ns, 0, 0, 0), (0, nr, 0, 0), (0, 0, nk, 0), (0, 0, 0, ny)] {
        assert_eq!(p.get(s, r, k, y, Variable::Pupils), None);
    }
    let all: Vec<usize> = (0..nk).collect();
    assert!(p.total(0, None, &all, 0).is_ok());
    for (scenario, regions, sectors, year, what) in [
        (ns, None, all.clone(), 0, "scenario"),
        (0, Some(vec![nr]), all.clone(), 0, "region"),
        (0, None, vec![nk], 0, "sector"),
        (0, None, all.clone(), ny, "year"),
    ] {
        match p.total(scenario, regions.as_deref(), &sectors, year) {
            Err(TekortError::IndexOutOfRange { what: w, .. }) => assert_eq!(w, what),
            other => panic!("{what}: {other:?}"),
        }
    }
}

#[test]
fn totals_say_what_they_sum_and_index_by_variable() {
    let ds = dataset();
    let p = Model::new(&ds).until(2030).unwrap().forecast().unwrap();
    let t = p.total(0, Some(&[0, 2]), &[0, 3], 2).unwrap();
    assert_eq!(t.scenario, "baseline");
    assert_eq!(t.year, p.years[2]);
    assert_eq!(t.regions, vec![p.regions[0].clone(), p.regions[2].clone()]);
    assert_eq!(t.sectors, vec![p.sectors[0], p.sectors[3]]);
    let by_hand: f64 = [0, 2]
        .iter()
        .flat_map(|&r| [0, 3].map(|k| p.get(0, r, k, 2, Variable::ShortageFte).unwrap()))
        .sum();
    assert!((t[Variable::ShortageFte] - by_hand).abs() < 1e-9);
    assert_eq!(
        t.get(Variable::ShortagePct),
        t[Variable::ShortagePct.index()]
    );
}

#[test]
fn rows_are_the_tidy_table() {
    let ds = dataset();
    let p = Model::new(&ds).until(2028).unwrap().forecast().unwrap();
    let rows: Vec<Row> = p.rows().collect();
    assert_eq!(
        rows.len(),
        p.scenarios.len() * p.regions.len() * p.sectors.len() * p.years.len()
    );
    for row in &rows {
        let [s, r, k, y] = p
            .cell(row.scenario, row.region, row.sector, row.year)
            .unwrap();
        for v in Variable::ALL {
            let a = row[*v];
            let b = p.get(s, r, k, y, *v).unwrap();
            assert!(a == b || (a.is_nan() && b.is_nan()));
        }
        assert_eq!(row.kind, p.kind(r, row.sector, row.year));
    }
}

#[test]
fn duplicate_sectors_are_refused_not_counted_twice() {
    let ds = dataset();
    let e = Model::new(&ds)
        .sectors(&[Sector::Vo, Sector::Vo])
        .unwrap_err();
    assert!(matches!(e, TekortError::Duplicate { .. }), "{e:?}");
    // Through the options as well.
    let regions = RegionSystem::builtin("nl", &ds).unwrap();
    let options = ProjectionOptions {
        sectors: vec![Sector::Vo, Sector::Mbo, Sector::Vo],
        ..ProjectionOptions::default()
    };
    let e = project(
        &ds,
        &regions,
        &Params::default(),
        &[Scenario::baseline()],
        &options,
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "sector \"vo\" is given twice; give each sector once"
    );
}

#[test]
fn interval_levels_are_percentages() {
    assert!(check_level(80.0).is_ok());
    assert!(check_level(1.0).is_ok());
    let e = check_level(0.8).unwrap_err().to_string();
    assert!(e.contains("did you mean 80"), "{e}");
    for bad in [0.0, -5.0, 100.0, 250.0, f64::NAN, f64::INFINITY] {
        assert!(check_level(bad).is_err(), "{bad}");
    }
}

#[test]
fn intervals_are_read_by_variable() {
    let ds = dataset();
    let sim = Model::new(&ds)
        .regions("nl")
        .unwrap()
        .until(2030)
        .unwrap()
        .simulate(40, 3)
        .unwrap();
    assert!(sim.bands(&[0.8]).is_err());
    let bands = sim.bands(&[80.0]).unwrap();
    let iv = &bands.intervals[0];
    let cell = [0, 0, 3, 4];
    let (lo, hi) = iv.bounds(cell, Variable::ShortagePct).unwrap();
    let m = bands.median_of(cell, Variable::ShortagePct).unwrap();
    assert!(lo <= m && m <= hi, "{lo} {m} {hi}");
    assert_eq!(
        lo,
        iv.lo[[0, 0, 3, 4, interval_index(Variable::ShortagePct).unwrap()]]
    );
    // A variable without draws, or a cell outside: None, not a panic.
    assert_eq!(iv.bounds(cell, Variable::VacanciesFte), None);
    assert_eq!(iv.bounds([0, 1, 0, 0], Variable::ShortagePct), None);
    assert_eq!(sim.value(0, [0, 0, 0, 99], Variable::Pupils), None);
    assert!(sim.value(0, [0, 0, 0, 0], Variable::Pupils).is_some());
    assert!(matches!(
        sim.total(0, Some(&[1]), &[0], 0),
        Err(TekortError::IndexOutOfRange { .. })
    ));
}

#[test]
fn scenarios_build_by_name_and_validate() {
    let s: ScenarioBuilder = Scenario::builder("retentie");
    let s = s
        .outflow(tekort_core::scenario::OutflowLever {
            age_60_plus: 0.8,
            ..Default::default()
        })
        .from_year(2028)
        .build()
        .unwrap();
    assert_eq!(s.outflow.age_60_plus, 0.8);
    assert_eq!(s.from_year, Some(2028));
    assert!(Scenario::builder("").build().is_err());
    assert!(Scenario::builder("x").class_size(-1.0).build().is_err());
    let ds = dataset();
    let e = Model::new(&ds)
        .scenarios([Scenario::named("a"), Scenario::named("a")])
        .unwrap_err();
    assert!(e.to_string().contains("\"a\""), "{e}");
    assert!(Model::new(&ds).scenarios(Vec::new()).is_err());
}

#[test]
fn names_parse_case_insensitively_with_accurate_messages() {
    assert_eq!("PO_BO".parse::<Sector>().unwrap(), Sector::PoBo);
    assert_eq!("Vo".parse::<SectorGroup>().unwrap(), SectorGroup::Vo);
    assert!(matches!(
        "po".parse::<Sector>(),
        Err(TekortError::GroupNotSector { .. })
    ));
    let ds = dataset();
    let r = RegionSystem::builtin("Provincie", &ds).unwrap();
    assert_eq!(r.name, "provincie");
    assert!(Model::new(&ds).regions(" NL ").is_ok());
    let io: TekortError = std::io::Error::new(std::io::ErrorKind::NotFound, "gone").into();
    assert!(io.to_string().contains("gone"));
}

#[test]
fn a_model_can_be_shared_between_threads() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<Model<'static>>();
    send_sync::<Projection>();
    send_sync::<Simulation>();
}

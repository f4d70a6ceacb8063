//! The model on the embedded Dutch dataset: calibration, additivity,
//! conservation, lever directions, no lost pupils.

use std::collections::HashMap;
use std::path::PathBuf;

use tekort_core::{
    data::*, evaluation::*, forecast::*, params::*, regions::*, scenario::*, sector::*, *,
};
use tekort_polars::*;

fn ds() -> &'static Dataset {
    embedded_dataset().expect("embedded dataset loads")
}

fn run(system: &str, scenarios: &[Scenario], until: i32) -> Projection {
    let regions = resolve_regions(system, ds()).unwrap();
    let options = ProjectionOptions {
        until,
        ..ProjectionOptions::default()
    };
    project(ds(), &regions, &Params::default(), scenarios, &options).unwrap()
}

/// Baseline on a user-defined region system, all sectors.
fn run_pairs(name: &str, pairs: &[(&str, &str)], until: i32) -> Projection {
    let regions = RegionSystem::from_pairs(name, ds(), pairs).unwrap();
    let options = ProjectionOptions {
        until,
        ..ProjectionOptions::default()
    };
    project(
        ds(),
        &regions,
        &Params::default(),
        &[Scenario::baseline()],
        &options,
    )
    .unwrap()
}

fn shared_data() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data")
}

#[test]
fn measurements_anchor_their_own_year() {
    let v = validate_history(ds(), &Params::default()).unwrap();
    // Every national figure in its year (po 2021–2024, vo 2023–2024, mbo
    // 2024).
    assert_eq!(v.shortage.len(), 7);
    for c in &v.shortage {
        match c.measured_pct {
            Some(p) => assert!((c.model_pct - p).abs() < 0.3, "{c:?}"),
            None => assert!((c.model_fte - c.measured_fte).abs() < 1.0, "{c:?}"),
        }
    }
    // Every arbeidsmarktregio within 0.5 pp in its year, the G5 cities
    // within 1 pp (the national factor applies to them too).
    assert_eq!(v.regional.len(), 80);
    for c in &v.regional {
        let limit = if c.region.ends_with("(G5)") { 1.0 } else { 0.5 };
        assert!(
            (c.model_pct - c.measured_pct).abs() < limit,
            "{} {}: {} vs {}",
            c.group,
            c.region,
            c.model_pct,
            c.measured_pct
        );
    }
    // The G5 convention: read as excluding the city, the vo table gives the
    // national 5.8 % by itself; read as including it, some rest of a region
    // would be negative.
    let vo_excl =
        v.g5.iter()
            .find(|c| c.group == SectorGroup::Vo && c.reading.starts_with("excl"))
            .unwrap();
    assert!((vo_excl.national_pct - 5.8).abs() < 0.05, "{vo_excl:?}");
    assert!(v.g5.iter().any(|c| c.min_pct < 0.0));
    assert!(v
        .g5
        .iter()
        .filter(|c| c.reading.starts_with("excl"))
        .all(|c| c.min_pct > 0.0));
    // po staff per arbeidsmarktregio 2011–2025: sharing the national staff
    // index by pupils beats holding the regional shares, on average.
    assert!(v.staff_mape.len() >= 10);
    let mean = |f: &dyn Fn(&(i32, f64, f64)) -> f64| {
        v.staff_mape.iter().map(f).sum::<f64>() / v.staff_mape.len() as f64
    };
    assert!(mean(&|x| x.1) < mean(&|x| x.2), "{:?}", v.staff_mape);
    assert!(
        v.staff_mape.iter().all(|x| x.1 < 10.0),
        "{:?}",
        v.staff_mape
    );
}

#[test]
fn measured_positive_shortage_starts_positive_and_nothing_is_clamped() {
    for system in ["arbeidsmarktregio", "corop"] {
        let p = run(system, &[Scenario::baseline()], 2035);
        let all: Vec<usize> = (0..p.sectors.len()).collect();
        for r in 0..p.regions.len() {
            for g in [SectorGroup::Po, SectorGroup::Vo] {
                let idx: Vec<usize> = g
                    .sectors()
                    .iter()
                    .map(|s| p.sector_index(*s).unwrap())
                    .collect();
                let row = p.total(0, Some(&[r]), &idx, 0).unwrap();
                assert!(
                    row[Variable::ShortageFte.index()] > 0.0,
                    "{system} {} {g} starts at {}",
                    p.regions[r],
                    row[Variable::ShortageFte.index()]
                );
            }
            for y in 0..p.years.len() {
                for &s in &all {
                    // A region without schools of a type has nothing to fill.
                    if p.get(0, r, s, y, Variable::DemandFte).unwrap() == 0.0 {
                        assert_eq!(p.get(0, r, s, y, Variable::EmploymentFte).unwrap(), 0.0);
                        continue;
                    }
                    let v = p.get(0, r, s, y, Variable::ShortageFte).unwrap();
                    assert!(v != 0.0, "{system} {} sector {s} year {y}", p.regions[r]);
                }
            }
        }
    }
}

#[test]
fn the_nation_is_the_same_under_every_region_system() {
    let systems = ["nl", "provincie", "corop", "arbeidsmarktregio"];
    let mut runs: Vec<Projection> = systems
        .iter()
        .map(|s| run(s, &[Scenario::baseline()], 2045))
        .collect();
    // A user file: two real onderwijsregio's and the rest of the country.
    let examples = shared_data().join("examples/onderwijsregio_voorbeelden.csv");
    let user = read_region_file(&examples, ds()).unwrap();
    assert_eq!(user.len(), 3);
    let options = ProjectionOptions {
        until: 2045,
        ..ProjectionOptions::default()
    };
    runs.push(
        project(
            ds(),
            &user,
            &Params::default(),
            &[Scenario::baseline()],
            &options,
        )
        .unwrap(),
    );
    let nl = &runs[0];
    for p in &runs[1..] {
        for s in 0..p.sectors.len() {
            for y in 0..p.years.len() {
                for v in Variable::ALL.iter().filter(|v| v.is_additive()) {
                    if matches!(v, Variable::InflowMoversFte | Variable::OutflowMoversFte) {
                        continue;
                    }
                    let sum: f64 = (0..p.regions.len())
                        .map(|r| p.get(0, r, s, y, *v).unwrap())
                        .sum();
                    let want = nl.get(0, 0, s, y, *v).unwrap();
                    assert!(
                        (sum - want).abs() <= 1e-9 * want.abs().max(1.0),
                        "{} {} sector {s} year {y}: {sum} vs {want}",
                        p.region_system,
                        v.name()
                    );
                }
            }
        }
    }
    // National employment in each group's measurement year is the
    // parameter: the history run follows it.
    let regions = resolve_regions("corop", ds()).unwrap();
    let options = ProjectionOptions {
        until: 2030,
        from: Some(2021),
        ..ProjectionOptions::default()
    };
    let params = Params::default();
    let p = project(ds(), &regions, &params, &[Scenario::baseline()], &options).unwrap();
    assert_eq!(p.years[0], 2021);
    for (g, year) in [
        (SectorGroup::Po, 2023),
        (SectorGroup::Vo, 2023),
        (SectorGroup::Mbo, 2024),
    ] {
        let idx: Vec<usize> = g
            .sectors()
            .iter()
            .map(|s| p.sector_index(*s).unwrap())
            .collect();
        let e = p.total(0, None, &idx, p.year_index(year).unwrap()).unwrap()
            [Variable::EmploymentFte.index()];
        let want = params.workforce.employment_fte.get(g).value;
        assert!((e - want).abs() < 1e-6 * want, "{g} {year}: {e} vs {want}");
    }
}

/// Baseline from 2022 to 2026 on `regions`, all sectors.
fn run_from_2022(regions: &RegionSystem) -> Projection {
    Model::new(ds())
        .region_system(regions.clone())
        .and_then(|m| m.history_from(2022).until(2026))
        .and_then(|m| m.forecast())
        .unwrap()
}

/// The kind of the shortage of `sector` in `year` of the region `name`.
fn kind_of(p: &Projection, name: &str, sector: Sector, year: i32) -> IndicatorKind {
    p.kind(p.region_index(name).unwrap(), sector, year)
}

#[test]
fn a_region_is_measured_only_where_its_own_area_was_measured() {
    use IndicatorKind::*;
    // 2023: every arbeidsmarktregio has its row of the po and vo tables,
    // and the nation its figures; mbo has no measurement in 2023.
    for system in ["nl", "arbeidsmarktregio"] {
        let p = run_from_2022(&resolve_regions(system, ds()).unwrap());
        for region in &p.regions {
            for sector in [Sector::PoBo, Sector::PoSoVso, Sector::Vo] {
                assert_eq!(kind_of(&p, region, sector, 2023), Measured, "{region}");
                assert_eq!(kind_of(&p, region, sector, 2025), Estimated, "{region}");
                assert_eq!(kind_of(&p, region, sector, 2026), Forecast, "{region}");
            }
            assert_eq!(kind_of(&p, region, Sector::Mbo, 2023), Estimated);
        }
        // 2022: a national po figure, no regional table.
        let po_2022 = if system == "nl" { Measured } else { Estimated };
        assert_eq!(kind_of(&p, &p.regions[0], Sector::PoBo, 2022), po_2022);
        assert_eq!(kind_of(&p, &p.regions[0], Sector::Vo, 2022), Estimated);
    }
    // A province is the model's spread of the measurements, unless it is
    // exactly an arbeidsmarktregio (Friesland, Zeeland).
    let p = run_from_2022(&resolve_regions("provincie", ds()).unwrap());
    assert_eq!(kind_of(&p, "Zuid-Holland", Sector::PoBo, 2023), Estimated);
    assert_eq!(kind_of(&p, "Noord-Brabant", Sector::Vo, 2023), Estimated);
    assert_eq!(kind_of(&p, "Friesland", Sector::PoBo, 2023), Measured);
    let measured = p
        .regions
        .iter()
        .filter(|r| kind_of(&p, r, Sector::PoBo, 2023) == Measured)
        .count();
    assert_eq!(measured, 2);
    // The national rows of any system: a national figure or full tables.
    let nation = p.national();
    assert_eq!(nation.kind(0, Sector::PoBo, 2022), Measured);
    assert_eq!(nation.kind(0, Sector::Vo, 2023), Measured);
    assert_eq!(nation.kind(0, Sector::Vo, 2022), Estimated);
    // The example onderwijsregio Haaglanden cuts across two
    // arbeidsmarktregio's; onderwijsregio Almere is the measured
    // municipality Almere.
    let examples = shared_data().join("examples/onderwijsregio_voorbeelden.csv");
    let p = run_from_2022(&read_region_file(&examples, ds()).unwrap());
    assert_eq!(
        kind_of(&p, "Onderwijsregio Haaglanden", Sector::PoBo, 2023),
        Estimated
    );
    assert_eq!(
        kind_of(&p, "Onderwijsregio Almere", Sector::PoBo, 2023),
        Measured
    );
    assert_eq!(kind_of(&p, REST_REGION, Sector::PoBo, 2023), Estimated);
    // A user region of exactly the municipalities of one arbeidsmarktregio
    // is measured; the G5 together was measured in 2022 and 2023.
    let codes = |f: &dyn Fn(&Municipality) -> bool| -> Vec<String> {
        ds().municipalities
            .iter()
            .filter(|m| f(m))
            .map(|m| m.code.clone())
            .collect()
    };
    let market = codes(&|m| m.arbeidsmarktregio == "Zuid-Holland Centraal");
    let g5 = codes(&|m| ["0034", "0344", "0363", "0518", "0599"].contains(&m.code.as_str()));
    let mut pairs: Vec<(&str, &str)> = market.iter().map(|c| (c.as_str(), "Mijn regio")).collect();
    pairs.extend(g5.iter().map(|c| (c.as_str(), "G5")));
    let user = RegionSystem::from_pairs("eigen", ds(), &pairs).unwrap();
    let p = run_from_2022(&user);
    assert_eq!(kind_of(&p, "Mijn regio", Sector::PoSbo, 2023), Measured);
    assert_eq!(kind_of(&p, "Mijn regio", Sector::Vo, 2023), Measured);
    assert_eq!(kind_of(&p, "Mijn regio", Sector::PoBo, 2022), Estimated);
    assert_eq!(kind_of(&p, "G5", Sector::PoBo, 2022), Measured);
    assert_eq!(kind_of(&p, "G5", Sector::PoBo, 2023), Measured);
    assert_eq!(kind_of(&p, "G5", Sector::Vo, 2023), Estimated);
    // The rows of the frame carry the same kinds.
    let frame = projection_to_frame(&p).unwrap();
    let kinds = frame.column("kind").unwrap().str().unwrap();
    for (i, row) in p.rows().enumerate() {
        assert_eq!(kinds.get(i), Some(row.kind.name()));
        assert_eq!(row.kind, kind_of(&p, row.region, row.sector, row.year));
    }
}

#[test]
fn people_are_conserved_in_every_region_sector_and_year() {
    let mut lever = Scenario::named("levers");
    lever.zij_instroom = 2.0;
    lever.outflow.under_30 = 0.5;
    let p = run("arbeidsmarktregio", &[Scenario::baseline(), lever], 2045);
    for sc in 0..2 {
        for s in 0..p.sectors.len() {
            for y in 1..p.years.len() {
                let mut out_movers = 0.0;
                let mut in_movers = 0.0;
                for r in 0..p.regions.len() {
                    let v = |y, var| p.get(sc, r, s, y, var).unwrap();
                    let balance = v(y - 1, Variable::Teachers) - v(y, Variable::OutflowPersons)
                        + v(y, Variable::InflowPersons)
                        - v(y, Variable::Teachers);
                    assert!(
                        balance.abs() < 1e-6,
                        "scenario {sc} region {r} sector {s} year {y}: {balance}"
                    );
                    let parts = v(y, Variable::OutflowRetirementFte)
                        + v(y, Variable::OutflowAttritionFte)
                        + v(y, Variable::OutflowDeathDisabilityFte)
                        + v(y, Variable::OutflowMoversFte);
                    assert!((parts - v(y, Variable::OutflowFte)).abs() < 1e-9);
                    let parts = v(y, Variable::InflowGraduatesFte)
                        + v(y, Variable::InflowZijInstroomFte)
                        + v(y, Variable::InflowReturnersFte)
                        + v(y, Variable::InflowMoversFte);
                    assert!((parts - v(y, Variable::InflowFte)).abs() < 1e-9);
                    out_movers += v(y, Variable::OutflowMoversFte);
                    in_movers += v(y, Variable::InflowMoversFte);
                }
                assert!(out_movers > 0.0);
                assert!((out_movers - in_movers).abs() < 1e-9 * out_movers);
            }
        }
    }
}

fn national_shortage(p: &Projection, scenario: usize, group: SectorGroup, year: i32) -> f64 {
    let idx: Vec<usize> = group
        .sectors()
        .iter()
        .map(|s| p.sector_index(*s).unwrap())
        .collect();
    p.total(scenario, None, &idx, p.year_index(year).unwrap())
        .unwrap()[Variable::ShortageFte.index()]
}

#[test]
fn every_lever_moves_the_shortage_the_right_way() {
    let lever = |name: &str, f: &dyn Fn(&mut Scenario)| {
        let mut s = Scenario::named(name);
        f(&mut s);
        s
    };
    let scenarios = vec![
        Scenario::baseline(),
        lever("zij", &|s| s.zij_instroom = 2.0),
        lever("training", &|s| s.training_intake = 1.5),
        lever("returners", &|s| s.returners = 2.0),
        lever("retention", &|s| {
            s.outflow = OutflowLever {
                under_30: 0.5,
                age_30_44: 0.5,
                age_45_59: 0.5,
                age_60_plus: 0.5,
            }
        }),
        lever("hours", &|s| s.fte_per_person = 1.1),
        lever("smaller classes", &|s| s.class_size = 0.9),
        lever("less teaching time", &|s| s.teaching_time = 0.9),
        lever("later aow", &|s| {
            s.aow_age = vec![AowStep {
                from: 2026,
                age: 69.0,
            }]
        }),
        lever("more substitutes", &|s| s.substitute_capacity = 2.0),
        lever("only vo", &|s| {
            s.zij_instroom = 3.0;
            s.sectors = vec![SectorGroup::Vo];
        }),
    ];
    let p = run("arbeidsmarktregio", &scenarios, 2035);
    let idx = |name: &str| p.scenarios.iter().position(|s| s == name).unwrap();
    for g in SectorGroup::ALL {
        let base = national_shortage(&p, 0, g, 2035);
        let s = |name| national_shortage(&p, idx(name), g, 2035);
        for lower in [
            "zij",
            "training",
            "returners",
            "retention",
            "hours",
            "less teaching time",
            "later aow",
        ] {
            assert!(
                s(lower) < base,
                "{lower} should lower the {g} shortage: {} vs {base}",
                s(lower)
            );
        }
        assert!(
            s("smaller classes") > base,
            "smaller classes should raise the {g} shortage"
        );
        // Levers start in 2026: the base year is untouched.
        for sc in 1..p.scenarios.len() {
            assert_eq!(
                national_shortage(&p, sc, g, 2025),
                national_shortage(&p, 0, g, 2025)
            );
        }
    }
    assert!(
        national_shortage(&p, idx("only vo"), SectorGroup::Vo, 2035)
            < national_shortage(&p, 0, SectorGroup::Vo, 2035)
    );
    assert_eq!(
        national_shortage(&p, idx("only vo"), SectorGroup::Po, 2035),
        national_shortage(&p, 0, SectorGroup::Po, 2035)
    );
    let unfilled = |sc: usize| {
        let all: Vec<usize> = (0..p.sectors.len()).collect();
        p.total(sc, None, &all, p.year_index(2030).unwrap())
            .unwrap()[Variable::ReplacementUnfilled.index()]
    };
    assert!(unfilled(idx("more substitutes")) < unfilled(0));
}

/// Sums the raw DUO pupil file per year, `<5` as 0 (the convention that
/// reproduces DUO's published totals), split into known and unknown (9999)
/// municipality codes.
fn raw_po_totals() -> (HashMap<i32, f64>, HashMap<i32, f64>) {
    let path = shared_data().join("duo/po_leerlingen_per_vestiging_1996_2025.csv");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut lines = text.trim_start_matches('\u{feff}').lines();
    let header: Vec<&str> = lines.next().unwrap().split(';').collect();
    let code_col = header
        .iter()
        .position(|h| *h == "GEMEENTECODE_VESTIGING")
        .unwrap();
    let year_cols: Vec<(usize, i32)> = header
        .iter()
        .enumerate()
        .filter_map(|(i, h)| {
            h.strip_prefix("LEERLINGEN_")
                .map(|y| (i, y.parse().unwrap()))
        })
        .collect();
    let (mut known, mut unknown) = (HashMap::new(), HashMap::new());
    for line in lines {
        let cells: Vec<&str> = line.split(';').collect();
        let target = if cells[code_col] == "9999" {
            &mut unknown
        } else {
            &mut known
        };
        for &(i, y) in &year_cols {
            let v: f64 = cells[i].trim().parse().unwrap_or(0.0);
            *target.entry(y).or_insert(0.0) += v;
        }
    }
    (known, unknown)
}

#[test]
fn municipality_mergers_lose_no_pupils() {
    let (known, unknown) = raw_po_totals();
    let d = ds();
    for y in d.po_pupil_years.years() {
        let yi = d.po_pupil_years.index(y).unwrap();
        let embedded: f64 = d.po_pupils.slice(ndarray::s![.., .., yi]).sum();
        assert_eq!(embedded, known[&y], "po pupils {y}");
        // The only pupils that cannot be placed are five unnamed special
        // schools with code 9999 in 2000–2002 (documented in data/README.md).
        if !(2000..=2002).contains(&y) {
            assert_eq!(unknown.get(&y).copied().unwrap_or(0.0), 0.0, "{y}");
        }
    }
    // Published DUO totals of regular primary (bo) pupils.
    let bo = |y: i32| {
        d.po_pupils
            .slice(ndarray::s![.., 0, d.po_pupil_years.index(y).unwrap()])
            .sum()
    };
    assert_eq!(bo(1996), 1_501_046.0);
    assert_eq!(bo(2015), 1_443_069.0);
    assert_eq!(bo(2025), 1_356_911.0);
    // DUO's stated national po staff sums (persons, all functions).
    let staff = |y: i32| {
        d.po_staff
            .slice(ndarray::s![.., .., d.po_staff_years.index(y).unwrap()])
            .sum()
    };
    for (y, total) in [
        (2011, 183_003.0),
        (2017, 168_798.0),
        (2022, 191_379.0),
        (2025, 187_007.0),
    ] {
        assert_eq!(staff(y), total, "po staff {y}");
    }
    // The projection starts from exactly these pupils.
    let p = run("nl", &[Scenario::baseline()], 2030);
    let po: Vec<usize> = Sector::PO
        .iter()
        .map(|s| p.sector_index(*s).unwrap())
        .collect();
    assert_eq!(
        p.total(0, None, &po, 0).unwrap()[Variable::Pupils.index()],
        known[&2025]
    );
}

#[test]
fn historical_codes_point_to_their_successor() {
    // Weesp merged into Amsterdam in 2022.
    let err = RegionSystem::from_pairs("x", ds(), &[("0457", "Weesp")]).unwrap_err();
    assert!(err.to_string().contains("0363"), "{err}");
}

#[test]
fn frame_has_the_documented_columns_and_no_nan() {
    let p = run("provincie", &[Scenario::baseline()], 2030);
    let df = projection_to_frame(&p).unwrap();
    let names: Vec<String> = df
        .get_column_names()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let mut expected: Vec<String> = KEY_COLUMNS.iter().map(|c| c.to_string()).collect();
    expected.extend(Variable::ALL.iter().map(|v| v.name().to_string()));
    assert_eq!(names, expected);
    assert_eq!(df.height(), 12 * 5 * 6);
    for v in Variable::ALL {
        let col = df.column(v.name()).unwrap().f64().unwrap();
        assert!(col.iter().flatten().all(f64::is_finite), "{}", v.name());
        assert_eq!(
            col.null_count(),
            0,
            "{} has nulls though every sector has staff",
            v.name()
        );
    }
}

#[test]
fn outputs_are_written_whole_or_not_at_all() {
    let dir = std::env::temp_dir().join(format!("tekort-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = run("nl", &[Scenario::baseline()], 2027);
    let mut df = projection_to_frame(&p).unwrap();
    for name in ["out.csv", "out.parquet"] {
        let path = dir.join(name);
        write_frame(&mut df, &path).unwrap();
        assert!(std::fs::metadata(&path).unwrap().len() > 100);
    }
    let csv = std::fs::read_to_string(dir.join("out.csv")).unwrap();
    assert!(
        csv.starts_with("scenario,region_system,region,sector,year,period,kind,pupils,demand_fte")
    );
    assert_eq!(csv.lines().count(), 1 + 5 * 3);
    let err = write_frame(&mut df, &dir.join("out.xls")).unwrap_err();
    assert!(matches!(err, Error::UnsupportedFormat { .. }));
    let missing = dir.join("no/such/dir/out.csv");
    assert!(write_frame(&mut df, &missing).is_err());
    assert!(check_output_path(&missing).is_err());
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("tmp") || n.contains("xls"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_dataset_directory_loads_like_the_embedded_one() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data");
    assert_eq!(&load_dataset_dir(&dir).unwrap(), ds());
    let err = load_dataset_dir(&dir.join("nope")).unwrap_err();
    assert!(err.to_string().contains("gemeenten.csv"), "{err}");
}

#[test]
fn ages_add_up_to_the_totals() {
    let regions = resolve_regions("provincie", ds()).unwrap();
    let options = ProjectionOptions {
        until: 2030,
        ages: true,
        ..ProjectionOptions::default()
    };
    let p = project(
        ds(),
        &regions,
        &Params::default(),
        &[Scenario::baseline()],
        &options,
    )
    .unwrap();
    let df = ages_to_frame(&p).unwrap();
    let without = run("provincie", &[Scenario::baseline()], 2030);
    assert_eq!(without.teachers_by_age.dim().4, 0);
    assert!(ages_to_frame(&without)
        .unwrap_err()
        .to_string()
        .contains("ages: true"));
    assert_eq!(without.values, p.values);
    assert_eq!(df.height(), 12 * 5 * 6 * N_AGES);
    for r in 0..p.regions.len() {
        for s in 0..p.sectors.len() {
            for y in 0..p.years.len() {
                let heads: f64 = p.teachers_by_age.slice(ndarray::s![0, r, s, y, ..]).sum();
                let fte: f64 = p.fte_by_age.slice(ndarray::s![0, r, s, y, ..]).sum();
                assert!((heads - p.get(0, r, s, y, Variable::Teachers).unwrap()).abs() < 1e-9);
                assert!((fte - p.get(0, r, s, y, Variable::EmploymentFte).unwrap()).abs() < 1e-9);
            }
        }
    }
}

#[test]
fn a_small_region_beside_a_large_rest_stays_plausible() {
    // Regression: movers out of a region must scale with the share of
    // schools outside it, or a giant "rest" region floods small ones.
    let p = run_pairs("flevo", &[("0034", "Almere"), ("0995", "Lelystad")], 2030);
    for city in ["Almere", "Lelystad"] {
        let r = p.region_index(city).unwrap();
        for s in 0..p.sectors.len() {
            for y in 1..p.years.len() {
                let pct = |y| p.get(0, r, s, y, Variable::ShortagePct).unwrap();
                assert!(
                    (pct(y) - pct(y - 1)).abs() < 5.0,
                    "{city} sector {s}: {} -> {}",
                    pct(y - 1),
                    pct(y)
                );
                let movers = p.get(0, r, s, y, Variable::InflowMoversFte).unwrap();
                assert!(
                    movers < 0.05 * p.get(0, r, s, y, Variable::EmploymentFte).unwrap(),
                    "{city}: {movers} movers"
                );
            }
        }
    }
}

#[test]
fn notes_concern_only_the_projected_sectors() {
    // Without a po measurement for one region, its fallback is noted
    // when po is projected and only then.
    let mut data = ds().clone();
    data.measured_shortage.retain(|m| {
        !(m.group == SectorGroup::Po
            && m.area == MeasuredArea::Arbeidsmarktregio("Achterhoek".into()))
    });
    let regions = resolve_regions("arbeidsmarktregio", &data).unwrap();
    let only = |sectors: Vec<Sector>| {
        let options = ProjectionOptions {
            until: 2026,
            sectors,
            ..ProjectionOptions::default()
        };
        project(
            &data,
            &regions,
            &Params::default(),
            &[Scenario::baseline()],
            &options,
        )
        .unwrap()
        .notes
    };
    assert!(only(vec![Sector::Mbo])
        .iter()
        .all(|n| !n.starts_with("po: ")));
    assert!(only(vec![Sector::PoBo])
        .iter()
        .any(|n| n.starts_with("po: ") && n.contains("Achterhoek")));
    // The embedded data need no fallback.
    assert!(run("nl", &[Scenario::baseline()], 2026).notes.is_empty());
}

#[test]
fn births_variants_change_by_under_five_percent_a_year() {
    // The low and high paths open WPP's fertility band smoothly from the
    // last observed year (data/README.md): no year jumps by 5 % or more,
    // the first projected year included (from the last observed one).
    let paths = &ds().births_national;
    let observed = paths.iter().find(|p| p.variant == "observed").unwrap();
    let last = observed.span().unwrap().last;
    for name in ["low", "high"] {
        let p = paths.iter().find(|p| p.variant == name).unwrap();
        let span = p.span().unwrap();
        assert_eq!(
            span.first,
            last + 1,
            "{name} starts after the observed years"
        );
        let mut prev = observed.get(last).unwrap();
        for y in span.first..=span.last {
            let b = p.get(y).unwrap();
            let step = (b / prev - 1.0).abs();
            assert!(
                step < 0.05,
                "{name} {y}: {prev} -> {b} ({:.1} %)",
                100.0 * step
            );
            prev = b;
        }
    }
}

#[test]
fn the_aow_lever_moves_retirement_as_much_down_as_up() {
    // Early retirement moves with the AOW age: two years earlier adds about
    // as many retirements over ten years as two years later removes (it was
    // lopsided, because early retirement stayed tied to age 60). Employment
    // itself need not be symmetric: where the market is nearly filled, the
    // teachers kept longer replace hires.
    let aow = |name: &str, age: f64| {
        let mut s = Scenario::named(name);
        s.aow_age = vec![AowStep { from: 2026, age }];
        s
    };
    let p = run(
        "nl",
        &[Scenario::baseline(), aow("65", 65.0), aow("69", 69.0)],
        2035,
    );
    let all: Vec<usize> = (0..p.sectors.len()).collect();
    let retired = |sc| {
        (2026..=2035)
            .map(|y| {
                p.total(sc, None, &all, p.year_index(y).unwrap()).unwrap()
                    [Variable::OutflowRetirementFte.index()]
            })
            .sum::<f64>()
    };
    let (more, fewer) = (retired(1) - retired(0), retired(0) - retired(2));
    assert!(more > 0.0 && fewer > 0.0, "more {more}, fewer {fewer}");
    assert!(
        more.max(fewer) < 1.75 * more.min(fewer),
        "AOW 65 adds {more} fte of retirements over 2026–2035, AOW 69 removes {fewer}"
    );
}

//! A small example computed by hand and checked to the digit.

mod common;

use tekort_core::{data::*, error::*, forecast::*, params::*, regions::*, scenario::*, sector::*};

fn close(a: f64, b: f64) {
    assert!((a - b).abs() < 1e-9, "{a} != {b}");
}

fn run_bo(births: &[f64], params: &Params, until: i32) -> Projection {
    let ds = common::tiny_dataset(1, births);
    let regions = RegionSystem::builtin("nl", &ds).unwrap();
    let options = ProjectionOptions {
        until,
        sectors: vec![Sector::PoBo],
        ..ProjectionOptions::default()
    };
    project(&ds, &regions, params, &[Scenario::baseline()], &options).unwrap()
}

/// The matching function written out: (o^-4 + c^-4)^(-1/4).
fn hires(openings: f64, candidates: f64) -> f64 {
    (openings.powi(-4) + candidates.powi(-4)).powf(-0.25)
}

#[test]
fn stock_flow_by_hand() {
    // Base 2025: 100 fte = 100 persons aged 30–39; 10 % measured shortage
    // in 2023, pupils flat, so demand 110 throughout.
    let p = run_bo(&[20.0; 12], &common::hand_params(), 2027);
    let v = |y: usize, var: Variable| p.get(0, 0, 0, y, var).unwrap();
    close(v(0, Variable::Pupils), 320.0);
    close(v(0, Variable::EmploymentFte), 100.0);
    close(v(0, Variable::DemandFte), 110.0);
    close(v(0, Variable::ShortageFte), 10.0);
    close(v(0, Variable::ShortagePct), 10.0);
    close(v(0, Variable::ShortageIncrementFte), 0.0);
    // The reserve: 5 % of 100 teachers / a search rate of 1.
    close(v(0, Variable::ReservePersons), 5.0);
    // Vacancies: 30 % of the shortage visible + 10 % of the 10 fte that
    // leave in the base year.
    close(v(0, Variable::VacanciesFte), 3.0 + 1.0);
    // Hidden: what the vacancies leave of the shortage (vacancies + hidden
    // = shortage, as measured).
    close(v(0, Variable::HiddenShortageFte), 10.0 - 4.0);
    // Requests: 1.0 notification × 0.6 × 100 teachers + 0.5 × 10 leavers.
    close(v(0, Variable::ReplacementRequests), 65.0);
    // Calibrated so that 44 % of the base-year requests stay unfilled.
    assert!((v(0, Variable::ReplacementUnfilled) - 0.44 * 65.0).abs() < 1e-6);
    // 2026: 10 leave (attrition), 90 stay; 20 positions open; the 5 in the
    // reserve are the candidates, and the matching hires h1 of them.
    let h1 = hires(20.0, 5.0);
    assert!(h1 < 5.0 && h1 > 4.99);
    close(v(1, Variable::OutflowAttritionFte), 10.0);
    close(v(1, Variable::OutflowFte), 10.0);
    close(v(1, Variable::OutflowPersons), 10.0);
    close(v(1, Variable::OpeningsFte), 20.0);
    close(v(1, Variable::InflowReturnersFte), h1);
    close(v(1, Variable::InflowFte), h1);
    close(v(1, Variable::InflowPersons), h1);
    close(v(1, Variable::EmploymentFte), 90.0 + h1);
    close(v(1, Variable::Teachers), 90.0 + h1);
    close(v(1, Variable::ReservePersons), 5.0 - h1);
    let short1 = 110.0 - 90.0 - h1;
    close(v(1, Variable::ShortageFte), short1);
    close(v(1, Variable::ShortagePct), 100.0 * short1 / (90.0 + h1));
    close(v(1, Variable::ShortageIncrementFte), short1 - 10.0);
    // From 2026 on, vacancies and requests count the leavers into the year.
    close(v(1, Variable::VacanciesFte), 0.3 * short1 + 0.1 * 10.0);
    close(
        v(1, Variable::ReplacementRequests),
        0.6 * (90.0 + h1) + 0.5 * 10.0,
    );
    // 2027: 10 % leave again; the reserve has 5 − h1 left.
    let stay = 0.9 * (90.0 + h1);
    let h2 = hires(110.0 - stay, 5.0 - h1);
    close(v(2, Variable::EmploymentFte), stay + h2);
    close(v(2, Variable::ShortageFte), 110.0 - stay - h2);
    // Nobody starts at 55+; some returners (age ~ N(42, 8)) are.
    close(v(0, Variable::Share55PlusPct), 0.0);
    assert!(v(2, Variable::Share55PlusPct) > 0.0);
}

#[test]
fn hiring_never_exceeds_openings_or_closes_the_gap_exactly() {
    // With a reserve of 30 % of the headcount the candidates (30) exceed
    // the openings (110 − 90 = 20): the matching hires fewer than 20, the
    // gap stays open a little, and the unhired stay in the reserve.
    let mut params = common::hand_params();
    params.inflow.returners_rate.po = 0.3.into();
    let p = run_bo(&[20.0; 12], &params, 2026);
    let h = hires(20.0, 30.0);
    assert!(h < 20.0 && h > 19.0, "{h}");
    close(p.get(0, 0, 0, 1, Variable::InflowFte).unwrap(), h);
    close(
        p.get(0, 0, 0, 1, Variable::EmploymentFte).unwrap(),
        90.0 + h,
    );
    close(p.get(0, 0, 0, 1, Variable::ShortageFte).unwrap(), 20.0 - h);
    close(
        p.get(0, 0, 0, 1, Variable::ReservePersons).unwrap(),
        30.0 - h,
    );
}

#[test]
fn pupils_follow_birth_cohorts_by_hand() {
    // Births 10, 11, ..., 21 in 2012..=2023; afterwards the national path
    // (20 per municipality).
    let births: Vec<f64> = (0..12).map(|i| 10.0 + i as f64).collect();
    let p = run_bo(&births, &common::hand_params(), 2030);
    // Base-year cohorts aged 4–11 were born 2014..=2021: 12 + ... + 19 = 124;
    // the dataset has 2 × 124 pupils, so the ratio is 2.
    close(p.get(0, 0, 0, 0, Variable::Pupils).unwrap(), 248.0);
    // 2026: born 2015..=2022: 13 + ... + 20 = 132.
    close(p.get(0, 0, 0, 1, Variable::Pupils).unwrap(), 264.0);
    // 2030: born 2019..=2026: 17 + 18 + 19 + 20 + 21 + 3 × 20 = 155.
    close(p.get(0, 0, 0, 5, Variable::Pupils).unwrap(), 310.0);
    // Demand follows pupils: 110 × 310 / 248.
    close(
        p.get(0, 0, 0, 5, Variable::DemandFte).unwrap(),
        110.0 * 310.0 / 248.0,
    );
}

#[test]
fn aow_age_retires_everybody_at_the_path() {
    // Put the whole stock at ages 60–66 with no early retirement: with AOW
    // at 67 in 2026 those aged 66 (1/7 of the stock) retire in 2026.
    let mut ds = common::tiny_dataset(1, &[20.0; 12]);
    for p in &mut ds.teacher_fte_age {
        p.bands = vec![AgeBandShare {
            from: 60,
            to: 66,
            share_pct: 100.0,
        }];
    }
    let mut params = common::hand_params();
    *params.outflow.attrition.get_mut(SectorGroup::Po) = ByAgeBand::uniform(0.0.into());
    params.inflow.returners_rate.po = 0.0.into();
    let regions = RegionSystem::builtin("nl", &ds).unwrap();
    let options = ProjectionOptions {
        until: 2026,
        sectors: vec![Sector::PoBo],
        ..ProjectionOptions::default()
    };
    let p = project(&ds, &regions, &params, &[Scenario::baseline()], &options).unwrap();
    close(
        p.get(0, 0, 0, 1, Variable::OutflowRetirementFte).unwrap(),
        100.0 / 7.0,
    );
    close(p.get(0, 0, 0, 0, Variable::Share55PlusPct).unwrap(), 100.0);
}

#[test]
fn the_reserve_by_hand() {
    // Half of the 10 attrition leavers join the reserve, which loses 10 %
    // a year: 5 × 0.9 + 5 = 9.5 search in 2026, and h of them are hired.
    let mut params = common::hand_params();
    params.market.attrition_to_reserve = 0.5.into();
    params.market.reserve_exit_rate = 0.1.into();
    let p = run_bo(&[20.0; 12], &params, 2026);
    let h = hires(20.0, 9.5);
    close(p.get(0, 0, 0, 1, Variable::InflowReturnersFte).unwrap(), h);
    close(
        p.get(0, 0, 0, 1, Variable::ReservePersons).unwrap(),
        9.5 - h,
    );
}

#[test]
fn the_history_run_follows_the_observed_employment() {
    // Measured in 2023: the run starts there; flat staff and pupils keep
    // employment at 100 and the shortage at 10 through 2025, whatever the
    // channels bring (the residual makes up the difference).
    let ds = common::with_history(common::tiny_dataset(1, &[20.0; 12]));
    let regions = RegionSystem::builtin("nl", &ds).unwrap();
    let options = ProjectionOptions {
        until: 2027,
        sectors: vec![Sector::PoBo],
        from: Some(2023),
        ..ProjectionOptions::default()
    };
    let params = common::hand_params();
    let p = project(&ds, &regions, &params, &[Scenario::baseline()], &options).unwrap();
    assert_eq!(p.years, vec![2023, 2024, 2025, 2026, 2027]);
    assert_eq!(p.period(2025), "history");
    assert_eq!(p.period(2026), "forecast");
    for y in 0..3 {
        close(p.get(0, 0, 0, y, Variable::EmploymentFte).unwrap(), 100.0);
        close(p.get(0, 0, 0, y, Variable::ShortageFte).unwrap(), 10.0);
    }
    // 2024: 10 leave; the observed employment needs 10, so all 5 in the
    // reserve are hired (no matching friction in observed years) and the
    // residual brings the other 5.
    close(
        p.get(0, 0, 0, 1, Variable::InflowReturnersFte).unwrap(),
        5.0,
    );
    close(p.get(0, 0, 0, 1, Variable::InflowResidualFte).unwrap(), 5.0);
    // The forecast has no residual, and the increment counts from 2025.
    close(p.get(0, 0, 0, 3, Variable::InflowResidualFte).unwrap(), 0.0);
    close(
        p.get(0, 0, 0, 2, Variable::ShortageIncrementFte).unwrap(),
        0.0,
    );
    close(
        p.get(0, 0, 0, 0, Variable::ShortageIncrementFte).unwrap(),
        0.0,
    );
    // The output may start anywhere from 2023 to the base year.
    let early = ProjectionOptions {
        from: Some(2022),
        ..options.clone()
    };
    let err = project(&ds, &regions, &params, &[Scenario::baseline()], &early).unwrap_err();
    assert!(
        matches!(
            err,
            TekortError::YearOutOfRange {
                year: 2022,
                min: 2023,
                max: 2025,
                ..
            }
        ),
        "{err}"
    );
}

//! A small example computed by hand and checked to the digit.

mod common;

use tekort_core::*;

fn close(a: f64, b: f64) {
    assert!((a - b).abs() < 1e-9, "{a} != {b}");
}

fn run_bo(births: &[f64], params: &Params, until: i32) -> Projection {
    let ds = common::tiny_dataset(1, births);
    let regions = RegionSystem::builtin("nl", &ds).unwrap();
    let options = ProjectionOptions {
        until,
        sectors: vec![Sector::PoBo],
    };
    project(&ds, &regions, params, &[Scenario::baseline()], &options).unwrap()
}

#[test]
fn stock_flow_by_hand() {
    // Base 2025: 100 fte = 100 persons aged 30–39; 10 % measured shortage,
    // so demand 110, constant because births (and so pupils) are flat.
    let p = run_bo(&[20.0; 12], &common::hand_params(), 2027);
    let v = |y: usize, var: Variable| p.get(0, 0, 0, y, var);
    close(v(0, Variable::Pupils), 320.0);
    close(v(0, Variable::EmploymentFte), 100.0);
    close(v(0, Variable::DemandFte), 110.0);
    close(v(0, Variable::ShortageFte), 10.0);
    close(v(0, Variable::ShortagePct), 10.0);
    close(v(0, Variable::ShortageIncrementFte), 0.0);
    // Vacancies: 30 % of the shortage visible + 10 % of the 10 fte leaving.
    close(v(0, Variable::VacanciesFte), 3.0 + 1.0);
    close(v(0, Variable::HiddenShortageFte), 7.0);
    // Requests: 1.0 notification × 0.6 × 100 teachers + 0.5 × 10 leavers.
    close(v(0, Variable::ReplacementRequests), 65.0);
    // Calibrated so that 44 % of the base-year requests stay unfilled.
    assert!((v(0, Variable::ReplacementUnfilled) - 0.44 * 65.0).abs() < 1e-6);
    // 2026: 10 leave (attrition), 90 stay, 5 % × 100 = 5 returners are
    // hired (need is 110 − 90 = 20), so 95.
    close(v(1, Variable::OutflowAttritionFte), 10.0);
    close(v(1, Variable::OutflowFte), 10.0);
    close(v(1, Variable::OutflowPersons), 10.0);
    close(v(1, Variable::InflowReturnersFte), 5.0);
    close(v(1, Variable::InflowFte), 5.0);
    close(v(1, Variable::InflowPersons), 5.0);
    close(v(1, Variable::EmploymentFte), 95.0);
    close(v(1, Variable::Teachers), 95.0);
    close(v(1, Variable::ShortageFte), 15.0);
    close(v(1, Variable::ShortagePct), 100.0 * 15.0 / 95.0);
    close(v(1, Variable::ShortageIncrementFte), 5.0);
    close(v(1, Variable::VacanciesFte), 0.3 * 15.0 + 0.1 * 9.5);
    close(v(1, Variable::ReplacementRequests), 0.6 * 95.0 + 0.5 * 9.5);
    // 2027: 9.5 leave, 85.5 stay, 4.75 return.
    close(v(2, Variable::EmploymentFte), 90.25);
    close(v(2, Variable::ShortageFte), 19.75);
    // Nobody starts at 55+; some returners (age ~ N(42, 8)) are.
    close(v(0, Variable::Share55PlusPct), 0.0);
    assert!(v(2, Variable::Share55PlusPct) > 0.0);
}

#[test]
fn hiring_stops_at_demand() {
    // With returners at 30 % of the headcount the candidates (30) exceed
    // the need (110 − 90 = 20): only 20 are hired, and employment meets
    // demand exactly.
    let mut params = common::hand_params();
    params.inflow.returners_rate.po = 0.3.into();
    let p = run_bo(&[20.0; 12], &params, 2026);
    close(p.get(0, 0, 0, 1, Variable::InflowFte), 20.0);
    close(p.get(0, 0, 0, 1, Variable::EmploymentFte), 110.0);
    close(p.get(0, 0, 0, 1, Variable::ShortageFte), 0.0);
}

#[test]
fn pupils_follow_birth_cohorts_by_hand() {
    // Births 10, 11, ..., 21 in 2012..=2023; afterwards the mean of the last
    // three observed years (20) is carried forward.
    let births: Vec<f64> = (0..12).map(|i| 10.0 + i as f64).collect();
    let p = run_bo(&births, &common::hand_params(), 2030);
    // Base-year cohorts aged 4–11 were born 2014..=2021: 12 + ... + 19 = 124;
    // the dataset has 2 × 124 pupils, so the ratio is 2.
    close(p.get(0, 0, 0, 0, Variable::Pupils), 248.0);
    // 2026: born 2015..=2022: 13 + ... + 20 = 132.
    close(p.get(0, 0, 0, 1, Variable::Pupils), 264.0);
    // 2030: born 2019..=2026: 17 + 18 + 19 + 20 + 21 + 3 × 20 = 155.
    close(p.get(0, 0, 0, 5, Variable::Pupils), 310.0);
    // Demand follows pupils: 110 × 310 / 248.
    close(
        p.get(0, 0, 0, 5, Variable::DemandFte),
        110.0 * 310.0 / 248.0,
    );
}

#[test]
fn aow_age_retires_everybody_at_the_path() {
    // Put the whole stock at ages 60–66 with no early retirement: with AOW
    // at 67 in 2026 those aged 66 (1/7 of the stock) retire in 2026.
    let mut ds = common::tiny_dataset(1, &[20.0; 12]);
    ds.teacher_fte_age = vec![AgeBandShare {
        from: 60,
        to: 66,
        share_pct: 100.0,
    }];
    let mut params = common::hand_params();
    *params.outflow.attrition.get_mut(SectorGroup::Po) = ByAgeBand::uniform(0.0.into());
    params.inflow.returners_rate.po = 0.0.into();
    let regions = RegionSystem::builtin("nl", &ds).unwrap();
    let options = ProjectionOptions {
        until: 2026,
        sectors: vec![Sector::PoBo],
    };
    let p = project(&ds, &regions, &params, &[Scenario::baseline()], &options).unwrap();
    close(
        p.get(0, 0, 0, 1, Variable::OutflowRetirementFte),
        100.0 / 7.0,
    );
    close(p.get(0, 0, 0, 0, Variable::Share55PlusPct), 100.0);
}

//! Scenario levers as a policy analyst uses them: a phase-in
//! (`ramp_years`), the workload lever, demand levers that cancel out; and a
//! user's pupil forecast checked for sense (jumps, gaps, one year, sectors
//! not in the run).

use polars::prelude::*;
use tekort_core::{
    data::*, forecast::*, monitoring::*, params::*, regions::*, scenario::*, sector::Sector,
};
use tekort_polars::*;

fn ds() -> &'static Dataset {
    embedded_dataset().expect("embedded dataset loads")
}

fn run(scenarios: &[Scenario], options: &ProjectionOptions) -> Projection {
    let regions = RegionSystem::builtin("nl", ds()).unwrap();
    project(ds(), &regions, &Params::default(), scenarios, options).unwrap()
}

fn po_demand(p: &Projection, scenario: &str, year: i32) -> f64 {
    p.value(
        scenario,
        "Nederland",
        Sector::PoBo,
        year,
        Variable::DemandFte,
    )
    .unwrap()
}

#[test]
fn a_phased_in_lever_has_a_fifth_of_its_effect_in_the_first_of_five_years() {
    let year = Params::default().base_year + 1;
    let mut full = Scenario::named("full");
    full.class_size = 0.9;
    full.from_year = Some(year);
    let ramped = Scenario {
        name: "ramped".into(),
        ramp_years: 5,
        ..full.clone()
    };
    let options = ProjectionOptions {
        until: year + 6,
        ..ProjectionOptions::default()
    };
    let p = run(&[Scenario::baseline(), full, ramped], &options);
    let effect = |s: &str, y: i32| po_demand(&p, s, y) - po_demand(&p, "baseline", y);
    let share = effect("ramped", year) / effect("full", year);
    assert!((0.15..0.25).contains(&share), "first-year share {share}");
    let second = effect("ramped", year + 1) / effect("full", year + 1);
    assert!(second > share && second < 0.5, "{second}");
    // From the fifth year on the full value.
    for y in year + 4..=year + 6 {
        assert_eq!(po_demand(&p, "ramped", y), po_demand(&p, "full", y), "{y}");
    }
    // No ramp: the default, the lever at once.
    assert_eq!(Scenario::default().ramp_years, 0);
}

#[test]
fn workload_needs_more_fte_for_the_same_teaching() {
    let year = Params::default().base_year + 1;
    let mut more = Scenario::named("werkdruk");
    more.workload = 0.05;
    let options = ProjectionOptions {
        until: year + 3,
        ..ProjectionOptions::default()
    };
    let p = run(&[Scenario::baseline(), more], &options);
    for y in year..=year + 3 {
        let ratio = po_demand(&p, "werkdruk", y) / po_demand(&p, "baseline", y);
        assert!((ratio - 1.05).abs() < 1e-9, "{y}: {ratio}");
        let short = |s| {
            p.value(s, "Nederland", Sector::PoBo, y, Variable::ShortageFte)
                .unwrap()
        };
        assert!(short("werkdruk") > short("baseline"));
    }
    // Its range, and a plausibility band.
    let mut wild = Scenario::named("x");
    wild.workload = 2.0;
    assert!(wild
        .validate()
        .unwrap_err()
        .to_string()
        .contains("workload = 2"));
    wild.workload = 0.4;
    let w = lever_warnings(&[wild]);
    assert!(w[0].to_string().contains("workload = 0.4"), "{w:?}");
}

#[test]
fn levers_that_cancel_are_named() {
    let mut s = Scenario::named("opgeheven");
    s.class_size = 0.95;
    s.teaching_time = 0.95;
    let w: Vec<String> = lever_warnings(&[s.clone()])
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(
        w[0].contains("\"opgeheven\"")
            && w[0].contains("class_size = 0.95 and teaching_time = 0.95 cancel out"),
        "{}",
        w[0]
    );
    // Workload and teaching time against class size.
    let mut t = Scenario::named("drie");
    t.class_size = 1.05;
    t.workload = 0.05;
    assert_eq!(lever_warnings(&[t]).len(), 1);
    // One lever alone, or levers that do not cancel: no warning.
    s.teaching_time = 1.0;
    assert!(lever_warnings(&[s.clone()]).is_empty());
    s.teaching_time = 0.9;
    assert!(lever_warnings(&[s]).is_empty());
}

#[test]
fn ramp_years_and_workload_in_toml_and_defaults_unwritten() {
    let s =
        Scenario::from_toml_str("name = \"x\"\nclass_size = 0.9\nramp_years = 5\nworkload = 0.05")
            .unwrap();
    assert_eq!((s.ramp_years, s.workload), (5, 0.05));
    let text = s.to_toml_string();
    assert!(
        text.contains("ramp_years = 5") && text.contains("workload = 0.05"),
        "{text}"
    );
    let plain = Scenario::named("y").to_toml_string();
    assert!(
        !plain.contains("ramp_years") && !plain.contains("workload"),
        "{plain}"
    );
    let e = Scenario::from_toml_str("name = \"x\"\nramp_years = 99").unwrap_err();
    assert!(e.to_string().contains("ramp_years = 99"), "{e}");
}

fn pupil_warnings(frame: &DataFrame, sectors: &[Sector]) -> Vec<String> {
    let regions = RegionSystem::builtin("nl", ds()).unwrap();
    let options = ProjectionOptions {
        until: 2032,
        sectors: sectors.to_vec(),
        pupils: Some(pupils_from_frame("mijn", frame, &regions).unwrap()),
        ..ProjectionOptions::default()
    };
    let p = run(&[Scenario::baseline()], &options);
    plausibility_warnings(&p, &[Scenario::baseline()])
        .into_iter()
        .filter(|w| matches!(w, PlausibilityWarning::Input { .. }))
        .map(|w| w.to_string())
        .collect()
}

/// The model's own po_bo pupils of the nation in `year`.
fn model_pupils(year: i32) -> f64 {
    let p = run(
        &[Scenario::baseline()],
        &ProjectionOptions {
            until: 2032,
            ..ProjectionOptions::default()
        },
    );
    p.value(
        "baseline",
        "Nederland",
        Sector::PoBo,
        year,
        Variable::Pupils,
    )
    .unwrap()
}

#[test]
fn a_users_pupils_are_checked_for_sense() {
    let m = model_pupils(2027);
    // A plausible series: no warning.
    let fine = df!(
        "region" => ["Nederland"; 3],
        "sector" => ["po_bo"; 3],
        "year" => [2027, 2028, 2029],
        "pupils" => [m * 1.01, m * 1.0, m * 0.99],
    )
    .unwrap();
    assert!(pupil_warnings(&fine, &Sector::ALL).is_empty());
    // 66 for 66 000 in the first year, then a jump of its own.
    let jumpy = df!(
        "region" => ["Nederland"; 3],
        "sector" => ["po_bo"; 3],
        "year" => [2027, 2028, 2029],
        "pupils" => [m / 1000.0, m, m],
    )
    .unwrap();
    let w = pupil_warnings(&jumpy, &Sector::ALL);
    assert_eq!(w.len(), 2, "{w:#?}");
    assert!(
        w[0].contains("Nederland, po_bo in 2027") && w[0].contains("-99.9 % from the model's own"),
        "{}",
        w[0]
    );
    assert!(
        w[1].contains("in 2028") && w[1].contains("given for 2027"),
        "{}",
        w[1]
    );
    // A gap, interpolated linearly and said so.
    let gap = df!(
        "region" => ["Nederland"; 2],
        "sector" => ["po_bo"; 2],
        "year" => [2027, 2030],
        "pupils" => [m, m * 0.97],
    )
    .unwrap();
    let w = pupil_warnings(&gap, &Sector::ALL);
    assert_eq!(w.len(), 1, "{w:#?}");
    assert!(
        w[0].contains("no 2028, 2029 for Nederland, po_bo: interpolated linearly"),
        "{}",
        w[0]
    );
    let regions = RegionSystem::builtin("nl", ds()).unwrap();
    let options = ProjectionOptions {
        until: 2032,
        pupils: Some(pupils_from_frame("mijn", &gap, &regions).unwrap()),
        ..ProjectionOptions::default()
    };
    let p = run(&[Scenario::baseline()], &options);
    let at = |y| {
        p.value("baseline", "Nederland", Sector::PoBo, y, Variable::Pupils)
            .unwrap()
    };
    assert!(
        (at(2028) - m * 0.99).abs() < 1e-6 * m,
        "{} {}",
        at(2028),
        m * 0.99
    );
    assert!((at(2029) - m * 0.98).abs() < 1e-6 * m);
    // A single year: how it is used.
    let one = df!(
        "region" => ["Nederland"], "sector" => ["po_bo"], "year" => [2029], "pupils" => [m],
    )
    .unwrap();
    let w = pupil_warnings(&one, &Sector::ALL);
    assert!(
        w.iter()
            .any(|t| t.contains("give only 2029 for Nederland, po_bo: that year alone")),
        "{w:#?}"
    );
    // Rows for a sector not in the run.
    let other = df!(
        "region" => ["Nederland", "Nederland"],
        "sector" => ["vo", "vo"],
        "year" => [2027, 2028],
        "pupils" => [1.0e6, 1.0e6],
    )
    .unwrap();
    let w = pupil_warnings(&other, &[Sector::PoBo]);
    assert!(
        w.iter()
            .any(|t| t.contains("rows for vo, not in this run (sectors po_bo)")),
        "{w:#?}"
    );
}

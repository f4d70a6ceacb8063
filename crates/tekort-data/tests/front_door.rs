//! README's Rust example, run: the front door on the embedded data.

use tekort_core::prelude::*;

#[test]
fn readme_rust_example_runs() -> Result<(), tekort_data::Error> {
    let more = Scenario::builder("meer zij-instroom")
        .zij_instroom(1.5)
        .build()?;
    let p = tekort_data::model()?
        .regions("provincie")?
        .scenarios([Scenario::baseline(), more])?
        .until(2035)?
        .forecast()?;
    let utrecht = p.value(
        "meer zij-instroom",
        "Utrecht",
        Sector::Vo,
        2030,
        Variable::ShortagePct,
    )?;
    let base = p.value(
        "baseline",
        "Utrecht",
        Sector::Vo,
        2030,
        Variable::ShortagePct,
    )?;
    assert!(
        utrecht < base,
        "more zij-instroom, less shortage: {utrecht} vs {base}"
    );
    let po = p.total_of("baseline", None, SectorGroup::Po, 2030)?;
    assert_eq!(po.regions.len(), 12);
    assert!((0.0..100.0).contains(&po[Variable::ShortagePct]));
    let rows = p.rows().filter(|r| r.year == 2035).count();
    assert_eq!(rows, 2 * 12 * 5);
    let sim = tekort_data::model()?.regions("nl")?.simulate(100, 7)?;
    let bands = sim.bands(&[80.0, 95.0])?;
    let (lo, hi) = bands.intervals[0]
        .bounds([0, 0, 0, 5], Variable::ShortagePct)
        .expect("shortage_pct has intervals");
    assert!(lo <= hi);
    assert!(sim.bands(&[0.8]).is_err());
    Ok(())
}

#[test]
fn the_front_door_gives_the_default_forecast() -> Result<(), tekort_data::Error> {
    let ds = tekort_data::embedded_dataset()?;
    let regions = RegionSystem::builtin("arbeidsmarktregio", ds)?;
    let direct = project(
        ds,
        &regions,
        &Params::default(),
        &[Scenario::baseline()],
        &ProjectionOptions::default(),
    )?;
    let front = tekort_data::model()?.forecast()?;
    assert_eq!(direct.regions, front.regions);
    assert!(direct
        .values
        .iter()
        .zip(front.values.iter())
        .all(|(a, b)| a.to_bits() == b.to_bits()));
    Ok(())
}

//! Times the Monte Carlo against the deterministic run (a quick check).
use tekort_core::{
    forecast::prepare, forecast::run_from, forecast::ProjectionOptions, params::Params,
    params::UncertaintyParams, regions::RegionSystem, scenario::Scenario, simulation::simulate,
    simulation::McOptions,
};
fn main() {
    let ds = tekort_polars::embedded_dataset().unwrap();
    let regions = RegionSystem::builtin("arbeidsmarktregio", ds).unwrap();
    let draws: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1000);
    let opts = ProjectionOptions::default();
    let base = [Scenario::baseline()];
    let params = Params::default();
    let prep = prepare(ds, &params, &opts).unwrap();
    let t = std::time::Instant::now();
    for _ in 0..draws {
        run_from(&prep, &params, &base, &regions, None, false).unwrap();
    }
    eprintln!("{draws} deterministic runs in {:?}", t.elapsed());
    for (label, u) in [
        ("fixed", UncertaintyParams::fixed()),
        ("default", UncertaintyParams::default()),
    ] {
        let mut p = params.clone();
        p.uncertainty = u;
        let t = std::time::Instant::now();
        let _ = simulate(
            ds,
            &regions,
            &p,
            &base,
            &opts,
            &McOptions { draws, seed: 7 },
            None,
        )
        .unwrap();
        eprintln!("{label}: {draws} draws in {:?}", t.elapsed());
    }
}

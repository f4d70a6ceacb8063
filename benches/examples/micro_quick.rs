//! The microsimulation against the cohort engine, nationally: mean of the
//! runs (tenure off and on) beside the deterministic run, the time per run,
//! and the early-career leaving the records show.
//!
//! `cargo run --release -p tekort-benches --example micro_quick [runs]`
use tekort_core::{
    forecast::run, forecast::ProjectionOptions, forecast::Variable, params::Params,
    regions::RegionSystem, scenario::Scenario, sector::SectorGroup, simulation::microsim,
    simulation::MicroOptions,
};
fn main() {
    let ds = tekort_polars::embedded_dataset().unwrap();
    let regions = RegionSystem::builtin("arbeidsmarktregio", ds).unwrap();
    let runs: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(40);
    let opts = ProjectionOptions::default();
    let base = [Scenario::baseline()];
    let mut params = Params::default();
    params.microsim.hours_sd = 0.15;
    let prep = tekort_core::forecast::prepare(ds, &params, &opts).unwrap();
    let cohort = run(&prep, &params, &base, &regions).unwrap();
    let all: Vec<usize> = (0..cohort.sectors.len()).collect();
    for tenure in [false, true] {
        let t = std::time::Instant::now();
        let m = microsim(
            ds,
            &regions,
            &params,
            &base,
            &opts,
            &MicroOptions {
                runs,
                seed: 7,
                tenure,
                uncertainty: false,
            },
            None,
        )
        .unwrap();
        let el = t.elapsed();
        let st = &m.stats;
        eprintln!(
            "tenure {tenure}: {runs} runs in {el:?}; {} persons per run, {:.1} M person-years/s",
            st.persons / runs,
            st.person_years as f64 / el.as_secs_f64() / 1e6
        );
        let c = &m.simulation.central;
        for (yi, y) in c.years.iter().enumerate().step_by(5) {
            let mic = c.total(0, None, &all, yi).unwrap();
            let coh = cohort.total(0, None, &all, yi).unwrap();
            let v = |a: &tekort_core::forecast::Totals, var: Variable| a[var];
            eprintln!(
                "  {y}: employment {:.0} vs {:.0}, shortage {:.0} vs {:.0}, inflow {:.0} vs {:.0}, outflow {:.0} vs {:.0}",
                v(&mic, Variable::EmploymentFte),
                v(&coh, Variable::EmploymentFte),
                v(&mic, Variable::ShortageFte),
                v(&coh, Variable::ShortageFte),
                v(&mic, Variable::InflowFte),
                v(&coh, Variable::InflowFte),
                v(&mic, Variable::OutflowFte),
                v(&coh, Variable::OutflowFte),
            );
        }
        for g in SectorGroup::ALL {
            eprintln!(
                "  {:?}: leaving by years of service {:?}; gone within 1 / 3 / 5 years {:.1} / {:.1} / {:.1} %",
                g,
                st.leaving_rate(g).map(|x| (x * 1000.0).round() / 10.0),
                100.0 * st.gone_within(g, 1),
                100.0 * st.gone_within(g, 3),
                100.0 * st.gone_within(g, 5)
            );
        }
        let last = st.fte.len() - 1;
        eprintln!(
            "  unqualified fte share: first {:.1} %, last {:.1} %",
            100.0 * st.unqualified_fte[0] / st.fte[0],
            100.0 * st.unqualified_fte[last] / st.fte[last]
        );
    }
}

//! Helpers shared by the Monte Carlo and microsimulation tests.

use tekort_core::{forecast::ProjectionOptions, sector::Sector, simulation::Simulation};

/// Runs `run` with sectors po and with po, vo and mbo (to 2030, the other
/// options default) and checks that po's central rows and draws are the
/// same, bit for bit, in both (`what` names the draws in the message).
/// Returns po's simulation alone and with the others.
pub(crate) fn po_alone_and_with_others(
    what: &str,
    run: impl Fn(&ProjectionOptions) -> Simulation,
) -> (Simulation, Simulation) {
    let with = |sectors: Vec<Sector>| {
        run(&ProjectionOptions {
            until: 2030,
            sectors,
            ..ProjectionOptions::default()
        })
    };
    let po = with(Sector::PO.to_vec());
    let all = with([&Sector::PO[..], &[Sector::Vo, Sector::Mbo]].concat());
    let n = po.central.sectors.len();
    assert_eq!(&all.central.sectors[..n], &po.central.sectors[..]);
    let own = all.samples.slice(ndarray::s![.., .., .., ..n, .., ..]);
    assert_eq!(own, po.samples, "po's {what} change with the other sectors");
    (po, all)
}

//! The microsimulation's runs: every teacher a record, many runs with
//! drawn inputs, their mean and intervals.

use crate::domain::dataset::Dataset;
use crate::domain::options::ProjectionOptions;
use crate::domain::params::{Params, N_AGES};
use crate::domain::projection::{fill_ratios, Projection, N_VARIABLES};
use crate::domain::regions::RegionSystem;
use crate::domain::scenario::Scenario;
use crate::error::Result;
use crate::model::microsim::{MicroRun, MicroStats};
use crate::model::noise::CellRngs;
use crate::run::{run_resolved_into, EngineRun};
use crate::uncertainty::montecarlo::{
    draw_inputs, draw_rng, keep_sampled, runs_setup, Runs, RunsSetup, Simulation, MC_VARIABLES,
};
use ndarray::{s, Array5, Array6, Axis, Dim, Ix5};
use rand::RngExt;
use rayon::prelude::*;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Estimated wall time of one microsimulation run per market cell-year on
/// a 2-core machine: 20 runs of the default request (35 × 5 × 20
/// cell-years) took about 3 s, `--regions nl --sector vo --until 2030`
/// about 80 ms a run (2026-12, the 2-core development machine).
pub(crate) const RUN_SECONDS_PER_CELL_YEAR: f64 = 1e-4;

/// How many microsimulation runs, with what.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MicroOptions {
    /// Number of runs (≥ 1).
    pub runs: usize,
    /// Seed: the same seed gives the same runs, bit for bit, on any number
    /// of threads.
    pub seed: u64,
    /// Attrition by years of service (`microsim.tenure_attrition`); off,
    /// every record of an age leaves at the cohort engine's rates.
    pub tenure: bool,
    /// Each run also draws the parameters and the pupil and graduate
    /// errors, as a Monte Carlo draw does ([`crate::uncertainty::montecarlo::simulate`]); off, the
    /// runs differ only by the events of the records.
    pub uncertainty: bool,
}

impl Default for MicroOptions {
    fn default() -> Self {
        MicroOptions {
            runs: 100,
            seed: 7,
            tenure: true,
            uncertainty: true,
        }
    }
}

/// The result of [`microsim`].
#[derive(Debug, Clone, PartialEq)]
pub struct Microsimulation {
    /// The runs as a [`Simulation`]: `central` is the **mean over the runs**
    /// of every column (not a deterministic run), `samples` the runs, so
    /// [`Simulation::intervals`] and [`Simulation::total`] work as for the
    /// Monte Carlo.
    pub simulation: Simulation,
    /// Counts over all runs and scenarios (persons, person-years, leaving
    /// by years of service, unqualified fte).
    pub stats: MicroStats,
}

/// Runs the individual-level microsimulation (see the module
/// documentation): `mo.runs` runs in parallel (rayon), each from its own
/// generators seeded from `(mo.seed, run)`, one per market region and
/// sector (by the sector's code), so the result is the same on any number
/// of threads and a sector's runs do not depend on the other sectors in
/// the call. `progress`, when given, is called with the number of
/// finished runs.
///
/// ```no_run
/// # fn main() -> tekort_core::Result<()> {
/// # let dataset: tekort_core::data::Dataset = unimplemented!();
/// use tekort_core::{simulation::microsim, simulation::MicroOptions, params::Params, forecast::ProjectionOptions, regions::RegionSystem, scenario::Scenario};
/// let regions = RegionSystem::builtin("arbeidsmarktregio", &dataset)?;
/// let micro = microsim(&dataset, &regions, &Params::default(), &[Scenario::baseline()],
///                      &ProjectionOptions::default(), &MicroOptions { runs: 20, ..Default::default() }, None)?;
/// let mean = &micro.simulation.central; // the mean over the runs
/// let bands = micro.simulation.intervals(&[80.0])?;
/// # Ok(())
/// # }
/// ```
pub fn microsim(
    dataset: &Dataset,
    regions: &RegionSystem,
    params: &Params,
    scenarios: &[Scenario],
    options: &ProjectionOptions,
    mo: &MicroOptions,
    progress: Option<&(dyn Fn(usize) + Sync)>,
) -> Result<Microsimulation> {
    let setup = runs_setup(
        dataset,
        regions,
        params,
        scenarios,
        options,
        Runs {
            what: ("runs", "run"),
            runs: mo.runs,
            errors: mo.uncertainty,
            seconds_per_cell_year: RUN_SECONDS_PER_CELL_YEAR,
        },
    )?;
    let runs = MicroRuns {
        setup: &setup,
        regions,
        params,
        mo,
        ages: options.ages,
    };
    let (sums, samples, stats) = runs.all(progress);
    let RunsSetup {
        central,
        errors,
        off,
        ..
    } = setup;
    Ok(Microsimulation {
        simulation: Simulation {
            central: mean_of_runs(central, sums, off, mo.runs),
            samples,
            seed: mo.seed,
            errors,
        },
        stats,
    })
}

/// The runs of a microsimulation on its setup.
struct MicroRuns<'a> {
    setup: &'a RunsSetup,
    regions: &'a RegionSystem,
    params: &'a Params,
    mo: &'a MicroOptions,
    /// The workforce by age is kept.
    ages: bool,
}

/// The sums over the runs of the values and the workforce by age.
type Sums = [Array5<f64>; 3];

impl MicroRuns<'_> {
    /// The shapes of a run's values `[scenario, region, sector, year,
    /// variable]` and of its workforce by age.
    fn shapes(&self) -> (Ix5, Ix5) {
        let prepared = &self.setup.prepared;
        let full = Dim([
            self.setup.resolved.len(),
            self.regions.len(),
            prepared.sectors.len(),
            prepared.years.len(),
            N_VARIABLES,
        ]);
        let mut ages = full;
        ages[4] = if self.ages { N_AGES } else { 0 };
        (full, ages)
    }

    /// Run `d`: its values and workforce by age, and its counts.
    fn one(&self, d: u64) -> (Sums, MicroStats) {
        let (prepared, mo) = (&self.setup.prepared, self.mo);
        let (p, noise) = if mo.uncertainty {
            let (p, n) = draw_inputs(
                prepared,
                self.params,
                &self.setup.errors,
                self.setup.last_graduates_year,
                mo.seed,
                d,
            );
            (p, Some(n))
        } else {
            (self.params.clone(), None)
        };
        // A stream apart from the parameter draw's, split into one stream
        // per market region and sector (by the sector's code).
        let seed = draw_rng(mo.seed ^ 0x6D69_6372_6F73_696D, d).random::<u64>();
        let mut run = MicroRun {
            rng: CellRngs::new(seed, prepared.n_markets(), &prepared.sectors),
            noise: noise.as_ref(),
            tenure: mo.tenure,
            stats: MicroStats::new(prepared.years.len()),
        };
        let (full, age_shape) = self.shapes();
        let mut out = [
            Array5::zeros(full),
            Array5::zeros(age_shape),
            Array5::zeros(age_shape),
        ];
        {
            let [values, heads, fte] = &mut out;
            run_resolved_into(
                prepared,
                &p,
                &self.setup.resolved,
                self.regions,
                EngineRun::Micro(&mut run),
                None,
                [values, heads, fte],
            );
        }
        (out, run.stats)
    }

    /// Every run, in chunks, summed in run order: the memory stays at a
    /// chunk's runs and the sums are the same on any number of threads.
    /// Returns the sums, the kept samples and the summed counts.
    fn all(&self, progress: Option<&(dyn Fn(usize) + Sync)>) -> (Sums, Array6<f64>, MicroStats) {
        let central = &self.setup.central;
        let (ns, nr, nk, ny) = (
            central.scenarios.len(),
            central.regions.len(),
            central.sectors.len(),
            central.years.len(),
        );
        let runs = self.mo.runs;
        let (full, age_shape) = self.shapes();
        let done = AtomicUsize::new(0);
        let chunk = 4 * rayon::current_num_threads().max(1);
        let mut sums = [
            Array5::<f64>::zeros(full),
            Array5::zeros(age_shape),
            Array5::zeros(age_shape),
        ];
        let mut samples = Array6::zeros((runs, ns, nr, nk, ny, MC_VARIABLES.len()));
        let mut stats = MicroStats::new(self.setup.prepared.years.len());
        for start in (0..runs).step_by(chunk) {
            let end = (start + chunk).min(runs);
            let results: Vec<_> = (start as u64..end as u64)
                .into_par_iter()
                .map(|d| {
                    let result = self.one(d);
                    if let Some(f) = progress {
                        f(done.fetch_add(1, Ordering::Relaxed) + 1);
                    }
                    result
                })
                .collect();
            for (j, (arrays, st)) in results.into_iter().enumerate() {
                for (sum, a) in sums.iter_mut().zip(&arrays) {
                    *sum += a;
                }
                let target = samples.index_axis_mut(Axis(0), start + j);
                keep_sampled(&arrays[0], self.setup.off, target);
                stats.add(&st);
            }
        }
        (sums, samples, stats)
    }
}

/// The projection `central` with its values (and workforce by age, when
/// kept) the mean of the runs' `sums` from output year index `off` on; the
/// ratios of the mean are those of the mean counts.
fn mean_of_runs(mut central: Projection, sums: Sums, off: usize, runs: usize) -> Projection {
    let n = runs as f64;
    let [values, heads, fte] = sums;
    central.values = values.slice(s![.., .., .., off.., ..]).mapv(|v| v / n);
    if heads.dim().4 == N_AGES {
        central.teachers_by_age = heads.slice(s![.., .., .., off.., ..]).mapv(|v| v / n);
        central.fte_by_age = fte.slice(s![.., .., .., off.., ..]).mapv(|v| v / n);
    }
    let (ns, nr, nk, ny, _) = central.values.dim();
    for s_ in 0..ns {
        for r in 0..nr {
            for k in 0..nk {
                for y in 0..ny {
                    let mut row = central.values.slice_mut(s![s_, r, k, y, ..]);
                    fill_ratios(row.as_slice_mut().expect("contiguous"));
                }
            }
        }
    }
    central
}

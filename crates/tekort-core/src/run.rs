//! Runs the model: checks the inputs, prepares them, runs each scenario
//! on the market regions with an engine and carries the results to any
//! region system.

use ndarray::{Array4, Array5, Axis};

use crate::domain::dataset::Dataset;
use crate::domain::kind::MeasuredCells;
use crate::domain::options::ProjectionOptions;
use crate::domain::params::{Params, N_AGES};
use crate::domain::projection::{Projection, Variable, N_VARIABLES};
use crate::domain::regions::RegionSystem;
use crate::domain::scenario::{check_unique_names, Scenario};
use crate::error::{Result, TekortError};
use crate::inputs::prepare::{prepare, Prepared};
use crate::model::step::{Calibrated, Outputs};
use crate::model::{cohort, distribute, microsim};

/// Projects every scenario from the base year to `options.until` and
/// reports it on `regions`.
///
/// Validates everything first (parameters, scenarios, years) and returns a
/// typed error naming the offending value.
pub fn project(
    dataset: &Dataset,
    regions: &RegionSystem,
    params: &Params,
    scenarios: &[Scenario],
    options: &ProjectionOptions,
) -> Result<Projection> {
    dataset.validate()?;
    check_regions(dataset, regions)?;
    let prepared = prepare(dataset, params, options)?;
    run_from(
        &prepared,
        params,
        scenarios,
        regions,
        options.from,
        options.ages,
    )
}

pub(crate) fn check_regions(dataset: &Dataset, regions: &RegionSystem) -> Result<()> {
    if regions.assignment.len() != dataset.n_municipalities() {
        return Err(TekortError::InvalidRegions {
            reason: format!(
                "region system {:?} assigns {} municipalities, the dataset has {}",
                regions.name,
                regions.assignment.len(),
                dataset.n_municipalities()
            ),
        });
    }
    if let Some(&bad) = regions.assignment.iter().find(|&&r| r >= regions.len()) {
        return Err(TekortError::InvalidRegions {
            reason: format!(
                "region system {:?} refers to region index {bad} of {}",
                regions.name,
                regions.len()
            ),
        });
    }
    for part in &regions.boards {
        if part.municipality >= dataset.n_municipalities()
            || part.region >= regions.len()
            || !(0.0..=1.0).contains(&part.share)
        {
            return Err(TekortError::InvalidRegions {
                reason: format!(
                    "region system {:?}: school board {} has an invalid part (municipality index {}, region index {}, share {})",
                    regions.name, part.board, part.municipality, part.region, part.share
                ),
            });
        }
    }

    Ok(())
}

/// Runs scenarios on already prepared inputs (see [`prepare`]) and reports
/// them on `regions`; use this to run many scenarios, parameter draws or
/// region systems on the same inputs.
///
/// The labour market runs on the market regions of `prepared`; the results
/// are carried down to municipalities and summed into `regions`, so every
/// additive column adds up from municipality to region to nation, and the
/// nation does not depend on `regions`.
pub fn run(
    prepared: &Prepared,
    params: &Params,
    scenarios: &[Scenario],
    regions: &RegionSystem,
) -> Result<Projection> {
    run_from(prepared, params, scenarios, regions, None, true)
}

/// As [`run`], with the output starting in `from` (default the base year;
/// any year from the start of the history run), and the workforce by age
/// only when `ages` is true.
pub fn run_from(
    prepared: &Prepared,
    params: &Params,
    scenarios: &[Scenario],
    regions: &RegionSystem,
    from: Option<i32>,
    ages: bool,
) -> Result<Projection> {
    let from = from.unwrap_or(prepared.base_year);
    if from < prepared.years.first || from > prepared.base_year {
        return Err(TekortError::YearOutOfRange {
            what: "from".into(),
            year: from,
            min: prepared.years.first,
            max: prepared.base_year,
        });
    }
    if regions.assignment.len() != prepared.market_of.len() {
        return Err(TekortError::InvalidRegions {
            reason: format!(
                "region system {:?} assigns {} municipalities, the prepared inputs have {}",
                regions.name,
                regions.assignment.len(),
                prepared.market_of.len()
            ),
        });
    }
    let resolved = resolve_scenarios(prepared, scenarios)?;
    let scenarios = &resolved;
    let (values, teachers_by_age, fte_by_age) =
        run_resolved(prepared, params, scenarios, regions, ages, None);
    let off = (from - prepared.years.first) as usize;
    let cut = |a: Array5<f64>| -> Array5<f64> {
        if off == 0 {
            a
        } else {
            a.slice(ndarray::s![.., .., .., off.., ..]).to_owned()
        }
    };
    let years: Vec<i32> = prepared.years.years().skip(off).collect();
    Ok(Projection {
        measured_cells: MeasuredCells::of(&prepared.measured, regions, &years),
        scenarios: scenarios.iter().map(|s| s.name.clone()).collect(),
        region_system: regions.name.clone(),
        regions: regions.regions.clone(),
        sectors: prepared.sectors.clone(),
        base_year: prepared.base_year,
        years,
        values: cut(values),
        teachers_by_age: cut(teachers_by_age),
        fte_by_age: cut(fte_by_age),
        notes: prepared.notes.clone(),
        warnings: prepared.warnings.clone(),
        horizon: prepared.horizon.clone(),
        measured: prepared.measured.clone(),
    })
}

/// Which engine runs the market, with what randomness.
pub(crate) enum EngineRun<'a, 'b> {
    /// The cohort engine, with one Monte Carlo draw's noise when given
    /// (the same for every scenario: common random numbers).
    Cohort(Option<&'a crate::model::noise::DrawNoise>),
    /// The microsimulation (every scenario starts from the same generator
    /// state: common random numbers).
    Micro(&'a mut microsim::MicroRun<'b>),
}

/// The values `[scenario, region, sector, year, variable]` and the
/// workforce by age of validated scenarios (their `from_year` resolved),
/// by the cohort engine. With `only`, the shared counts and flows other
/// than those are not carried to the regions.
pub(crate) fn run_resolved(
    prepared: &Prepared,
    params: &Params,
    scenarios: &[Scenario],
    regions: &RegionSystem,
    ages: bool,
    only: Option<&[Variable]>,
) -> (Array5<f64>, Array5<f64>, Array5<f64>) {
    let ns = prepared.sectors.len();
    let ny = prepared.years.len();
    let shape = (scenarios.len(), regions.len(), ns, ny, N_VARIABLES);
    let mut values = Array5::zeros(shape);
    let age_shape = (
        shape.0,
        shape.1,
        shape.2,
        shape.3,
        if ages { N_AGES } else { 0 },
    );
    let mut teachers_by_age = Array5::zeros(age_shape);
    let mut fte_by_age = Array5::zeros(age_shape);
    run_resolved_into(
        prepared,
        params,
        scenarios,
        regions,
        EngineRun::Cohort(None),
        only,
        [&mut values, &mut teachers_by_age, &mut fte_by_age],
    );
    (values, teachers_by_age, fte_by_age)
}

/// As [`run_resolved`], into zeroed arrays `[values, teachers by age, fte by
/// age]` of the right shapes (the age arrays with an empty age axis when
/// the workforce by age is not wanted).
pub(crate) fn run_resolved_into(
    prepared: &Prepared,
    params: &Params,
    scenarios: &[Scenario],
    regions: &RegionSystem,
    mut engine: EngineRun,
    only: Option<&[Variable]>,
    [values, teachers_by_age, fte_by_age]: [&mut Array5<f64>; 3],
) {
    let ages = teachers_by_age.dim().4 == N_AGES;
    let calibrated = Calibrated::for_outputs(prepared, params, only);
    let nm = prepared.n_markets();
    let ns = prepared.sectors.len();
    let ny = prepared.years.len();
    // The market-level scratch arrays are kept per thread between runs: a
    // fresh multi-megabyte allocation per run costs more in page faults
    // than the engine itself.
    thread_local! {
        static SCRATCH: std::cell::RefCell<Option<[Array4<f64>; 3]>> =
            const { std::cell::RefCell::new(None) };
    }
    // Without ages the engine writes no workforce by age: its arrays get an
    // empty age axis.
    let na = if ages { N_AGES } else { 0 };
    let [mut market, mut market_heads, mut market_fte] = SCRATCH
        .with(|s| s.borrow_mut().take())
        .filter(|[m, h, _]| m.dim() == (nm, ns, ny, N_VARIABLES) && h.dim() == (nm, ns, ny, na))
        .unwrap_or_else(|| {
            [
                Array4::zeros((nm, ns, ny, N_VARIABLES)),
                Array4::zeros((nm, ns, ny, na)),
                Array4::zeros((nm, ns, ny, na)),
            ]
        });
    for (si, scenario) in scenarios.iter().enumerate() {
        market.fill(0.0);
        let mut outputs = Outputs {
            values: market.view_mut(),
            heads: market_heads.view_mut(),
            fte: market_fte.view_mut(),
        };
        match &mut engine {
            EngineRun::Cohort(noise) => {
                let mut own_noise = noise.cloned();
                cohort::run_scenario(
                    prepared,
                    params,
                    &calibrated,
                    scenario,
                    own_noise.as_mut(),
                    &mut outputs,
                );
            }
            EngineRun::Micro(run) => {
                let start = run.rng.clone();
                microsim::run_scenario_micro(
                    prepared,
                    params,
                    &calibrated,
                    scenario,
                    run,
                    &mut outputs,
                );
                run.rng = start;
            }
        }
        distribute::to_regions(
            prepared,
            params,
            regions,
            distribute::Run {
                values: market.view(),
                heads: market_heads.view(),
                fte: market_fte.view(),
            },
            distribute::Run {
                values: values.index_axis_mut(Axis(0), si),
                heads: teachers_by_age.index_axis_mut(Axis(0), si),
                fte: fte_by_age.index_axis_mut(Axis(0), si),
            },
            only,
        );
    }
    SCRATCH.with(|s| *s.borrow_mut() = Some([market, market_heads, market_fte]));
}

/// Validates scenarios (non-empty, unique names, levers in range) and sets
/// each one's `from_year` (default: the year after the base year). A
/// `from_year` after the last projected year is an error: the scenario
/// would silently equal the baseline.
pub(crate) fn resolve_scenarios(
    prepared: &Prepared,
    scenarios: &[Scenario],
) -> Result<Vec<Scenario>> {
    if scenarios.is_empty() {
        return Err(TekortError::InvalidScenario {
            scenario: String::new(),
            reason: "no scenarios given (use Scenario::baseline())".into(),
        });
    }
    check_unique_names(scenarios)?;
    let mut resolved = Vec::with_capacity(scenarios.len());
    for s in scenarios {
        s.validate()?;
        let from_year = s.from_year.unwrap_or(prepared.base_year + 1);
        // A default from_year past a one-year run is no user's choice.
        let past_end = s.from_year.is_some() && from_year > prepared.years.last;
        if from_year <= prepared.base_year || past_end {
            return Err(TekortError::YearOutOfRange {
                what: format!("scenario {:?}: from_year", s.name),
                year: from_year,
                min: prepared.base_year + 1,
                max: prepared.years.last.max(prepared.base_year + 1),
            });
        }
        resolved.push(Scenario {
            from_year: Some(from_year),
            ..s.clone()
        });
    }
    Ok(resolved)
}

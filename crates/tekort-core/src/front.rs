//! The front door: [`Model`], one value that holds the dataset, the
//! regions, the parameters, the scenarios and the options, set by named
//! methods that check what they are given, and runs the forecast, the
//! Monte Carlo, the microsimulation or the monitoring indicators.
//!
//! The free functions ([`crate::project`], [`crate::simulate`],
//! [`crate::microsim`], [`crate::monitor`]) stay for programs that hold
//! prepared inputs of their own; a new program starts here.

use std::borrow::Cow;

use crate::analysis::indicators::{monitor, IndicatorOptions, IndicatorRow};
use crate::domain::dataset::Dataset;
use crate::domain::options::{Demography, ProjectionOptions};
use crate::domain::params::Params;
use crate::domain::projection::Projection;
use crate::domain::regions::RegionSystem;
use crate::domain::scenario::{check_unique_names, Scenario};
use crate::domain::sector::Sector;
use crate::error::{Result, TekortError};
use crate::run::{check_regions, project};
use crate::uncertainty::microsimulation::{microsim, MicroOptions, Microsimulation};
use crate::uncertainty::montecarlo::{simulate, McOptions, Simulation};

/// A configured model: the dataset, a region system (the
/// arbeidsmarktregio's unless set), parameters (the defaults unless set),
/// scenarios (the baseline unless set) and the projection options. Every
/// setter checks its value and returns an error naming it; the runs
/// check the whole.
///
/// With the embedded Dutch data (crate `tekort-data`):
/// `tekort_data::model()?.regions("provincie")?.until(2035)?.forecast()?`.
/// Here on a small made-up dataset:
///
/// ```
/// use tekort_core::prelude::*;
/// # fn main() -> tekort_core::Result<()> {
/// let dataset = Dataset::synthetic(3);
/// let more = Scenario::builder("meer zij-instroom").zij_instroom(1.5).build()?;
/// let projection = Model::new(&dataset)
///     .regions("nl")?
///     .scenarios([Scenario::baseline(), more])?
///     .until(2035)?
///     .forecast()?;
/// let pct = projection.value("baseline", "Nederland", Sector::PoBo, 2030, Variable::ShortagePct)?;
/// assert!(pct.is_finite());
/// // A scenario twice, a year out of range, a sector twice: typed errors.
/// assert!(Model::new(&dataset).scenarios([Scenario::baseline(), Scenario::baseline()]).is_err());
/// assert!(Model::new(&dataset).until(1900).is_err());
/// assert!(Model::new(&dataset).sectors(&[Sector::Vo, Sector::Vo]).is_err());
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Model<'d> {
    dataset: Cow<'d, Dataset>,
    regions: Option<RegionSystem>,
    params: Params,
    scenarios: Vec<Scenario>,
    options: ProjectionOptions,
}

impl<'d> Model<'d> {
    /// A model on `dataset` with the defaults: the arbeidsmarktregio's,
    /// [`Params::default`], the baseline scenario, every sector, the
    /// `medium` births path, from the base year to
    /// [`crate::forecast::DEFAULT_UNTIL`].
    pub fn new(dataset: &'d Dataset) -> Model<'d> {
        Model {
            dataset: Cow::Borrowed(dataset),
            regions: None,
            params: Params::default(),
            scenarios: vec![Scenario::baseline()],
            options: ProjectionOptions::default(),
        }
    }

    /// As [`Model::new`], owning the dataset (e.g. one read from files),
    /// so the model can be kept and sent to other threads.
    pub fn with_dataset(dataset: Dataset) -> Model<'static> {
        Model {
            dataset: Cow::Owned(dataset),
            regions: None,
            params: Params::default(),
            scenarios: vec![Scenario::baseline()],
            options: ProjectionOptions::default(),
        }
    }

    /// The dataset the model runs on.
    pub fn dataset(&self) -> &Dataset {
        &self.dataset
    }

    /// A built-in region system by name: `nl`, `provincie`, `corop`,
    /// `arbeidsmarktregio` (case ignored).
    pub fn regions(mut self, name: &str) -> Result<Self> {
        self.regions = Some(RegionSystem::builtin(name, &self.dataset)?);
        Ok(self)
    }

    /// A region system of the caller's (e.g. from
    /// [`RegionSystem::from_pairs`]), checked against the dataset.
    pub fn region_system(mut self, regions: RegionSystem) -> Result<Self> {
        check_regions(&self.dataset, &regions)?;
        self.regions = Some(regions);
        Ok(self)
    }

    /// The parameters, validated.
    pub fn params(mut self, params: Params) -> Result<Self> {
        params.validate()?;
        self.params = params;
        Ok(self)
    }

    /// The scenarios (at least one; names unique), each validated.
    pub fn scenarios(mut self, scenarios: impl IntoIterator<Item = Scenario>) -> Result<Self> {
        let scenarios: Vec<Scenario> = scenarios.into_iter().collect();
        if scenarios.is_empty() {
            return Err(TekortError::InvalidScenario {
                scenario: String::new(),
                reason: "no scenarios given (use Scenario::baseline())".into(),
            });
        }
        for s in &scenarios {
            s.validate()?;
        }
        check_unique_names(&scenarios)?;
        self.scenarios = scenarios;
        Ok(self)
    }

    /// The last year of the projection (inclusive), from the year after
    /// the base year to [`crate::forecast::MAX_UNTIL`].
    pub fn until(mut self, year: i32) -> Result<Self> {
        let min = self.params.base_year + 1;
        if !(min..=crate::domain::options::MAX_UNTIL).contains(&year) {
            return Err(TekortError::YearOutOfRange {
                what: "until".into(),
                year,
                min,
                max: crate::domain::options::MAX_UNTIL,
            });
        }
        self.options.until = year;
        Ok(self)
    }

    /// The sectors to project, each once (all by default). An empty
    /// selection is an error that says what to give.
    ///
    /// ```
    /// # let dataset = tekort_core::data::Dataset::synthetic(3);
    /// let e = tekort_core::Model::new(&dataset).sectors(&[]).unwrap_err().to_string();
    /// assert!(e.starts_with("missing option sectors: the selection is empty"), "{e}");
    /// ```
    pub fn sectors(mut self, sectors: &[Sector]) -> Result<Self> {
        if sectors.is_empty() {
            return Err(crate::error::no_sectors());
        }
        for (i, s) in sectors.iter().enumerate() {
            if sectors[..i].contains(s) {
                return Err(TekortError::Duplicate {
                    what: "sector".into(),
                    name: s.code().into(),
                });
            }
        }
        self.options.sectors = sectors.to_vec();
        Ok(self)
    }

    /// The births path after the last observed year (default `medium`).
    pub fn demography(mut self, demography: Demography) -> Self {
        self.options.demography = demography;
        self
    }

    /// Starts the output in `year`, before the base year, adding the
    /// history years (checked when the model runs: the history run starts
    /// with the dataset's first measurement).
    pub fn history_from(mut self, year: i32) -> Self {
        self.options.from = Some(year);
        self
    }

    /// Also fills the workforce by single year of age
    /// ([`Projection::teachers_by_age`]); off by default (a third faster).
    pub fn ages(mut self, on: bool) -> Self {
        self.options.ages = on;
        self
    }

    /// All projection options at once (for what has no setter, such as a
    /// user's pupil forecast); checked when the model runs.
    pub fn options(mut self, options: ProjectionOptions) -> Self {
        self.options = options;
        self
    }

    /// The projection options the model runs with.
    pub fn projection_options(&self) -> &ProjectionOptions {
        &self.options
    }

    fn region_system_or_default(&self) -> Result<Cow<'_, RegionSystem>> {
        match &self.regions {
            Some(r) => Ok(Cow::Borrowed(r)),
            None => Ok(Cow::Owned(RegionSystem::builtin(
                "arbeidsmarktregio",
                &self.dataset,
            )?)),
        }
    }

    /// The deterministic forecast.
    pub fn forecast(&self) -> Result<Projection> {
        let regions = self.region_system_or_default()?;
        project(
            &self.dataset,
            &regions,
            &self.params,
            &self.scenarios,
            &self.options,
        )
    }

    /// The Monte Carlo: `draws` runs on drawn parameters and past errors,
    /// reproducible with `seed`; intervals with [`Simulation::bands`].
    ///
    /// ```
    /// use tekort_core::prelude::*;
    /// # fn main() -> tekort_core::Result<()> {
    /// let dataset = Dataset::synthetic(2);
    /// let sim = Model::new(&dataset).regions("nl")?.until(2030)?.simulate(50, 7)?;
    /// let bands = sim.bands(&[80.0])?;
    /// let (lo, hi) = bands.intervals[0].bounds([0, 0, 0, 5], Variable::ShortagePct).unwrap();
    /// assert!(lo <= hi);
    /// // Levels are percentages: 0.8 is refused with a hint.
    /// assert!(sim.bands(&[0.8]).is_err());
    /// # Ok(()) }
    /// ```
    pub fn simulate(&self, draws: usize, seed: u64) -> Result<Simulation> {
        let regions = self.region_system_or_default()?;
        simulate(
            &self.dataset,
            &regions,
            &self.params,
            &self.scenarios,
            &self.options,
            &McOptions { draws, seed },
            None,
        )
    }

    /// The individual-level microsimulation (see [`MicroOptions`]).
    pub fn microsimulate(&self, options: &MicroOptions) -> Result<Microsimulation> {
        let regions = self.region_system_or_default()?;
        microsim(
            &self.dataset,
            &regions,
            &self.params,
            &self.scenarios,
            &self.options,
            options,
            None,
        )
    }

    /// The forecast with the monitoring indicators of every region and
    /// the nation (the required inflow, vacancies per 100 teachers, …).
    pub fn monitor(
        &self,
        indicators: &IndicatorOptions,
    ) -> Result<(Projection, Vec<IndicatorRow>)> {
        let regions = self.region_system_or_default()?;
        monitor(
            &self.dataset,
            &regions,
            &self.params,
            &self.scenarios,
            &self.options,
            indicators,
            None,
        )
    }
}

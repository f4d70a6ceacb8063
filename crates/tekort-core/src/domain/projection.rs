//! The result of a projection: dense values per scenario, region, sector,
//! year and variable.

use ndarray::{Array5, Axis};

use crate::domain::kind::{IndicatorKind, MeasuredCells, MeasuredYears};
use crate::domain::sector::Sector;
use crate::error::{join_capped, Result, TekortError};

macro_rules! variables {
    ($( $(#[doc = $doc:literal])* $var:ident = $name:literal, additive = $add:literal; )*) => {
        /// An output variable: one column of the tidy output table.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Variable {
            $( $(#[doc = $doc])* $var, )*
        }

        impl Variable {
            /// All variables, in output column order.
            pub const ALL: &'static [Variable] = &[$(Variable::$var),*];

            /// The column name.
            pub fn name(self) -> &'static str {
                match self { $(Variable::$var => $name,)* }
            }

            /// Whether the national value is the sum of the regional values
            /// (counts and fte); ratios are recomputed from sums instead.
            pub fn is_additive(self) -> bool {
                match self { $(Variable::$var => $add,)* }
            }
        }
    };
}

variables! {
    /// Pupils (students for mbo) on 1 October.
    Pupils = "pupils", additive = true;
    /// Teacher fte the schools need: employment plus total shortage.
    DemandFte = "demand_fte", additive = true;
    /// Teacher fte employed (werkgelegenheid).
    EmploymentFte = "employment_fte", additive = true;
    /// Total shortage: demand − employment (negative is a surplus).
    ShortageFte = "shortage_fte", additive = true;
    /// 100 × shortage_fte / employment_fte (OCW's denominator: employment).
    ShortagePct = "shortage_pct", additive = false;
    /// shortage_fte minus its base-year value (Mirror's "increment").
    ShortageIncrementFte = "shortage_increment_fte", additive = true;
    /// Open vacancies: visible shortage plus frictional vacancies.
    VacanciesFte = "vacancies_fte", additive = true;
    /// Hidden shortage: the part of the shortage filled by a workaround
    /// (the shortage the open vacancies leave), so that vacancies_fte +
    /// hidden_shortage_fte = shortage_fte wherever the shortage is at least
    /// the vacancies.
    HiddenShortageFte = "hidden_shortage_fte", additive = true;
    /// 100 × vacancies_fte / employment_fte (vacature-intensiteit).
    VacancyIntensityPct = "vacancy_intensity_pct", additive = false;
    /// Substitution requests in the school year starting in October of this year.
    ReplacementRequests = "replacement_requests", additive = true;
    /// Substitution requests not filled.
    ReplacementUnfilled = "replacement_unfilled", additive = true;
    /// Teachers (persons, headcount).
    Teachers = "teachers", additive = true;
    /// Employment fte of teachers aged 55 and over.
    Employment55PlusFte = "employment_55plus_fte", additive = true;
    /// 100 × employment_55plus_fte / employment_fte (vergrijzing).
    Share55PlusPct = "share_55plus_pct", additive = false;
    /// Inflow fte since the previous year, all channels.
    InflowFte = "inflow_fte", additive = true;
    /// Inflow fte of teacher-training graduates.
    InflowGraduatesFte = "inflow_graduates_fte", additive = true;
    /// Inflow fte of zij-instromers (career switchers).
    InflowZijInstroomFte = "inflow_zij_instroom_fte", additive = true;
    /// Inflow fte of returners from the stille reserve.
    InflowReturnersFte = "inflow_returners_fte", additive = true;
    /// Inflow fte of teachers moving in from other regions.
    InflowMoversFte = "inflow_movers_fte", additive = true;
    /// History years only: entrants beyond the modelled channels that the
    /// observed employment required (0 in the forecast).
    InflowResidualFte = "inflow_residual_fte", additive = true;
    /// Outflow fte since the previous year, all reasons.
    OutflowFte = "outflow_fte", additive = true;
    /// Outflow fte by retirement (early or at the AOW age).
    OutflowRetirementFte = "outflow_retirement_fte", additive = true;
    /// Outflow fte leaving for other work or the stille reserve.
    OutflowAttritionFte = "outflow_attrition_fte", additive = true;
    /// Outflow fte by death or disability.
    OutflowDeathDisabilityFte = "outflow_death_disability_fte", additive = true;
    /// Outflow fte moving to other regions.
    OutflowMoversFte = "outflow_movers_fte", additive = true;
    /// Change of the fte of those who stay in the profession since the
    /// previous year (ageing along the part-time profile, the fte lever,
    /// individual hours in the microsimulation), so that the fte books
    /// close: employment_fte − previous employment_fte = inflow_fte −
    /// outflow_fte + hours_change_fte.
    HoursChangeFte = "hours_change_fte", additive = true;
    /// Inflow persons since the previous year.
    InflowPersons = "inflow_persons", additive = true;
    /// Outflow persons since the previous year.
    OutflowPersons = "outflow_persons", additive = true;
    /// Positions open for hiring since the previous year: demand minus the
    /// fte of those who stayed (0 in the base year). Hires are
    /// inflow_fte; what stays open is the shortage.
    OpeningsFte = "openings_fte", additive = true;
    /// Qualified people outside the schools (stille reserve) of the
    /// region, persons: returners come from it.
    ReservePersons = "reserve_persons", additive = true;
}

impl Variable {
    /// Position in [`Variable::ALL`] and on the variable axis.
    pub fn index(self) -> usize {
        self as usize
    }
    /// Looks a variable up by column name.
    pub fn from_name(name: &str) -> Option<Variable> {
        Variable::ALL.iter().copied().find(|v| v.name() == name)
    }
}

/// Number of variables.
pub const N_VARIABLES: usize = Variable::ALL.len();

/// Fills the ratio variables of one row from its additive variables.
/// A ratio whose denominator is zero is NaN: "undefined", shown as null in
/// frames; never a silent division artefact.
pub(crate) fn fill_ratios(row: &mut [f64]) {
    let e = row[Variable::EmploymentFte.index()];
    let pct = |x: f64| if e > 0.0 { 100.0 * x / e } else { f64::NAN };
    row[Variable::ShortagePct.index()] = pct(row[Variable::ShortageFte.index()]);
    row[Variable::VacancyIntensityPct.index()] = pct(row[Variable::VacanciesFte.index()]);
    row[Variable::Share55PlusPct.index()] = pct(row[Variable::Employment55PlusFte.index()]);
}

/// A projection: values `[scenario, region, sector, year, variable]`.
///
/// Read it by names ([`Projection::value`]), row by row
/// ([`Projection::rows`]) or as totals ([`Projection::total`]). With the
/// feature `serde` it serializes as its region system, base year,
/// scenarios, notes and rows, each row a map of its names, its `kind`
/// and every variable by column name (NaN, an undefined ratio, is
/// `null` in JSON):
///
/// ```
/// # #[cfg(feature = "serde")] {
/// let ds = tekort_core::data::Dataset::synthetic(2);
/// let p = tekort_core::Model::new(&ds).regions("nl")?.until(2027)?.forecast()?;
/// let json = serde_json::to_value(&p).unwrap();
/// let first = &json["rows"][0];
/// assert_eq!(first["region"], "Nederland");
/// assert_eq!(first["kind"], "measured");
/// assert!(first["shortage_pct"].as_f64().unwrap() > 0.0);
/// # }
/// # Ok::<(), tekort_core::TekortError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Projection {
    /// Scenario names.
    pub scenarios: Vec<String>,
    /// Region system name.
    pub region_system: String,
    /// Region names.
    pub regions: Vec<String>,
    /// Sectors.
    pub sectors: Vec<Sector>,
    /// The base year: years before it are the history run.
    pub base_year: i32,
    /// Years of the output (from the base year unless history was asked for).
    pub years: Vec<i32>,
    /// The values.
    pub values: Array5<f64>,
    /// Teachers (persons) by single year of age
    /// `[scenario, region, sector, year, age − AGE_MIN]`.
    pub teachers_by_age: Array5<f64>,
    /// Employment fte by single year of age, same axes.
    pub fte_by_age: Array5<f64>,
    /// Notes on the inputs (fallbacks used).
    pub notes: Vec<String>,
    /// Warnings on the user's inputs (a pupil forecast with gaps, jumps or
    /// rows for sectors not in the run); [`crate::monitoring::plausibility_warnings`]
    /// reports them.
    pub warnings: Vec<String>,
    /// From which year the figures rest on projected births, and from
    /// which they are scenarios rather than forecasts.
    pub horizon: crate::domain::projection::Horizon,
    /// The shortage measurements per sector group, year and area: the
    /// rows of those years are calibrated to them (see [`Projection::kind`]).
    pub measured: MeasuredYears,
    /// Which region (and the nation, after the regions) has a measurement
    /// of exactly its municipalities per sector group and year: the rows
    /// that are `measured` ([`Projection::kind`]).
    pub measured_cells: MeasuredCells,
}

impl Projection {
    /// One value by position (`None` if an index is outside the result;
    /// [`Projection::value`] looks it up by names).
    ///
    /// ```
    /// # let ds = tekort_core::data::Dataset::synthetic(2);
    /// # let p = tekort_core::Model::new(&ds).regions("nl")?.forecast()?;
    /// use tekort_core::forecast::Variable;
    /// assert!(p.get(0, 0, 0, 0, Variable::ShortagePct).is_some());
    /// assert_eq!(p.get(0, 5, 0, 0, Variable::ShortagePct), None);
    /// # Ok::<(), tekort_core::TekortError>(())
    /// ```
    pub fn get(
        &self,
        scenario: usize,
        region: usize,
        sector: usize,
        year: usize,
        var: Variable,
    ) -> Option<f64> {
        self.values
            .get([scenario, region, sector, year, var.index()])
            .copied()
    }

    /// One value by names: scenario, region, sector, calendar year and
    /// variable. An error names what the result does not hold and lists
    /// what it does.
    ///
    /// ```
    /// # let ds = tekort_core::data::Dataset::synthetic(2);
    /// # let p = tekort_core::Model::new(&ds).regions("nl")?.forecast()?;
    /// use tekort_core::{sector::Sector, TekortError, forecast::Variable};
    /// let pct = p.value("baseline", "Nederland", Sector::PoBo, 2030, Variable::ShortagePct)?;
    /// assert!(pct.is_finite());
    /// let e = p.value("baseline", "Atlantis", Sector::PoBo, 2030, Variable::ShortagePct);
    /// assert!(matches!(e, Err(TekortError::NotInResult { .. })));
    /// # Ok::<(), TekortError>(())
    /// ```
    pub fn value(
        &self,
        scenario: &str,
        region: &str,
        sector: Sector,
        year: i32,
        var: Variable,
    ) -> Result<f64> {
        let [s, r, k, y] = self.cell(scenario, region, sector, year)?;
        Ok(self.values[[s, r, k, y, var.index()]])
    }

    /// The positions `[scenario, region, sector, year]` of a cell given by
    /// names, or an error naming the one the result does not hold.
    pub fn cell(
        &self,
        scenario: &str,
        region: &str,
        sector: Sector,
        year: i32,
    ) -> Result<[usize; 4]> {
        let s = self.scenario_named(scenario)?;
        let r = self.region_named(region)?;
        let k = self.sector_index(sector).ok_or_else(|| {
            let known = self.sectors.iter().map(|x| x.code().to_string()).collect();
            not_in_result("sector", sector.code().into(), known)
        })?;
        let y = self.year_named(year)?;
        Ok([s, r, k, y])
    }

    /// Every row of the result (scenario × region × sector × year, in
    /// that order) with named fields: what the tidy output table holds.
    ///
    /// ```
    /// # let ds = tekort_core::data::Dataset::synthetic(2);
    /// # let p = tekort_core::Model::new(&ds).regions("nl")?.forecast()?;
    /// use tekort_core::{forecast::IndicatorKind, forecast::Variable};
    /// let first_forecast = p.rows().find(|r| r.kind == IndicatorKind::Forecast).unwrap();
    /// assert!(first_forecast.year > p.base_year);
    /// assert!(first_forecast[Variable::EmploymentFte] > 0.0);
    /// assert_eq!(p.rows().count(), p.values.len() / tekort_core::forecast::N_VARIABLES);
    /// # Ok::<(), tekort_core::TekortError>(())
    /// ```
    pub fn rows(&self) -> impl Iterator<Item = Row<'_>> + '_ {
        let (ns, nr, nk, ny, _) = self.values.dim();
        (0..ns).flat_map(move |s| {
            (0..nr).flat_map(move |r| {
                (0..nk).flat_map(move |k| {
                    (0..ny).map(move |y| {
                        let sector = self.sectors[k];
                        let year = self.years[y];
                        Row {
                            scenario: &self.scenarios[s],
                            region: &self.regions[r],
                            sector,
                            year,
                            kind: self.kind(r, sector, year),
                            values: self
                                .values
                                .slice(ndarray::s![s, r, k, y, ..])
                                .to_slice()
                                .expect("the variable axis is contiguous"),
                        }
                    })
                })
            })
        })
    }

    /// `history` up to the base year (the history run and its last year,
    /// from which the forecast starts), `forecast` after it.
    pub fn period(&self, year: i32) -> &'static str {
        if year <= self.base_year {
            "history"
        } else {
            "forecast"
        }
    }

    /// Whether the projection's one region is the whole country.
    pub fn is_national(&self) -> bool {
        self.regions.len() == 1 && (self.region_system == "nl" || self.regions[0] == "Nederland")
    }

    /// What the shortage of a row of region `region` (an index), `sector`
    /// and `year` is: `Measured` in a year with a shortage measurement of
    /// the sector's group of exactly the region's municipalities (the
    /// nation: a national figure or a regional table of every
    /// arbeidsmarktregio; an arbeidsmarktregio: its row of the regional
    /// table; a measured municipality or area of several municipalities
    /// such as the G5); the po school types count as measured where po is
    /// (the model's split of the measured po shortage). `Estimated` in the
    /// other years up to the base year, and for regions no measurement
    /// describes (a province, a COROP area, a drawn region, a region with
    /// school boards: the model's spread of the measurements of the areas
    /// around it). `Forecast` after the base year.
    ///
    /// ```
    /// # let ds = tekort_core::data::Dataset::synthetic(2);
    /// use tekort_core::{forecast::IndicatorKind, sector::Sector};
    /// let p = tekort_core::Model::new(&ds).regions("nl")?.forecast()?;
    /// assert_eq!(p.kind(0, Sector::PoBo, p.base_year + 1), IndicatorKind::Forecast);
    /// # Ok::<(), tekort_core::TekortError>(())
    /// ```
    pub fn kind(&self, region: usize, sector: Sector, year: i32) -> IndicatorKind {
        self.group_kind(sector.group(), year, Some(region))
    }

    /// As [`Projection::kind`] for a sector group's total of region
    /// `region` (an index), or of the whole country (`None`).
    pub fn group_kind(
        &self,
        group: crate::domain::sector::SectorGroup,
        year: i32,
        region: Option<usize>,
    ) -> IndicatorKind {
        let area = region.unwrap_or(self.regions.len());
        if year > self.base_year {
            IndicatorKind::Forecast
        } else if self.measured_cells.get(area, group, year) {
            IndicatorKind::Measured
        } else {
            IndicatorKind::Estimated
        }
    }

    /// Index of a year.
    pub fn year_index(&self, year: i32) -> Option<usize> {
        self.years.iter().position(|y| *y == year)
    }

    /// Index of a region by name.
    pub fn region_index(&self, name: &str) -> Option<usize> {
        self.regions.iter().position(|r| r == name)
    }

    /// Index of a scenario by name.
    pub fn scenario_index(&self, name: &str) -> Option<usize> {
        self.scenarios.iter().position(|s| s == name)
    }

    /// Index of a sector.
    pub fn sector_index(&self, sector: Sector) -> Option<usize> {
        self.sectors.iter().position(|s| *s == sector)
    }

    /// Indices of the sectors of a group that the projection has (empty if
    /// none), for [`Projection::total`].
    pub fn group_indices(&self, group: crate::domain::sector::SectorGroup) -> Vec<usize> {
        group
            .sectors()
            .iter()
            .filter_map(|s| self.sector_index(*s))
            .collect()
    }

    /// Sum over the given regions and sectors (positions; `None` selects
    /// all regions) for one scenario and year, with ratios recomputed from
    /// the sums; an error names an index outside the result. A position
    /// given twice counts twice.
    ///
    /// ```
    /// # let ds = tekort_core::data::Dataset::synthetic(2);
    /// # let p = tekort_core::Model::new(&ds).regions("nl")?.forecast()?;
    /// use tekort_core::{TekortError, forecast::Variable};
    /// let all: Vec<usize> = (0..p.sectors.len()).collect();
    /// let t = p.total(0, None, &all, 0)?;
    /// assert_eq!(t.year, p.years[0]);
    /// assert!(t[Variable::EmploymentFte] > 0.0);
    /// assert!(matches!(p.total(0, Some(&[3]), &all, 0), Err(TekortError::IndexOutOfRange { .. })));
    /// # Ok::<(), TekortError>(())
    /// ```
    pub fn total(
        &self,
        scenario: usize,
        regions: Option<&[usize]>,
        sectors: &[usize],
        year: usize,
    ) -> Result<Totals> {
        let (ns, nr, nk, ny, _) = self.values.dim();
        check_index("scenario", scenario, ns)?;
        check_index("year", year, ny)?;
        for &r in regions.unwrap_or(&[]) {
            check_index("region", r, nr)?;
        }
        for &k in sectors {
            check_index("sector", k, nk)?;
        }
        let mut values = [0.0; N_VARIABLES];
        let all: Vec<usize> = (0..nr).collect();
        let regions = regions.unwrap_or(&all);
        for &r in regions {
            for &s in sectors {
                let src = self.values.slice(ndarray::s![scenario, r, s, year, ..]);
                for v in Variable::ALL {
                    if v.is_additive() {
                        values[v.index()] += src[v.index()];
                    }
                }
            }
        }
        fill_ratios(&mut values);
        Ok(Totals {
            scenario: self.scenarios[scenario].clone(),
            year: self.years[year],
            regions: regions.iter().map(|&r| self.regions[r].clone()).collect(),
            sectors: sectors.iter().map(|&k| self.sectors[k]).collect(),
            values,
        })
    }

    /// As [`Projection::total`] by names: the total of a sector group's
    /// sectors over the named regions (all when `None`) in one scenario
    /// and calendar year; an error names what the result does not hold.
    ///
    /// ```
    /// # let ds = tekort_core::data::Dataset::synthetic(3);
    /// # let p = tekort_core::Model::new(&ds).forecast()?;
    /// use tekort_core::{sector::SectorGroup, forecast::Variable};
    /// let po = p.total_of("baseline", None, SectorGroup::Po, 2030)?;
    /// assert_eq!(po.regions.len(), 3);
    /// let two = p.total_of("baseline", Some(&["Regio 1", "Regio 3"]), SectorGroup::Vo, 2030)?;
    /// assert!(two[Variable::ShortageFte] < p.total_of("baseline", None, SectorGroup::Vo, 2030)?[Variable::ShortageFte]);
    /// assert!(p.total_of("baseline", Some(&["Atlantis"]), SectorGroup::Vo, 2030).is_err());
    /// # Ok::<(), tekort_core::TekortError>(())
    /// ```
    pub fn total_of(
        &self,
        scenario: &str,
        regions: Option<&[&str]>,
        group: crate::domain::sector::SectorGroup,
        year: i32,
    ) -> Result<Totals> {
        let s = self.scenario_named(scenario)?;
        let y = self.year_named(year)?;
        let sectors = self.group_indices(group);
        if sectors.is_empty() {
            let known = self.sectors.iter().map(|x| x.code().to_string()).collect();
            return Err(not_in_result("sector group", group.code().into(), known));
        }
        let regions = regions
            .map(|names| {
                names
                    .iter()
                    .map(|n| self.region_named(n))
                    .collect::<Result<Vec<usize>>>()
            })
            .transpose()?;
        self.total(s, regions.as_deref(), &sectors, y)
    }

    /// The position of a scenario, or an error listing the scenarios.
    fn scenario_named(&self, name: &str) -> Result<usize> {
        self.scenario_index(name)
            .ok_or_else(|| not_in_result("scenario", name.into(), self.scenarios.clone()))
    }

    /// The position of a region, or an error listing the regions.
    fn region_named(&self, name: &str) -> Result<usize> {
        self.region_index(name)
            .ok_or_else(|| not_in_result("region", name.into(), self.regions.clone()))
    }

    /// The position of a year, or an error giving the years' span.
    fn year_named(&self, year: i32) -> Result<usize> {
        self.year_index(year).ok_or_else(|| {
            let known = match (self.years.first(), self.years.last()) {
                (Some(a), Some(b)) => vec![format!("{a}–{b}")],
                _ => Vec::new(),
            };
            not_in_result("year", year.to_string(), known)
        })
    }

    /// The national projection: every additive variable summed over the
    /// regions, ratios recomputed. The result has one region, `Nederland`,
    /// and keeps the region system name it was summed from.
    pub fn national(&self) -> Projection {
        let (ns, _, nsec, ny, nv) = self.values.dim();
        let mut values = Array5::zeros((ns, 1, nsec, ny, nv));
        let summed = self.values.sum_axis(Axis(1));
        values.index_axis_mut(Axis(1), 0).assign(&summed);
        for mut row in values.lanes_mut(Axis(4)) {
            fill_ratios(row.as_slice_mut().expect("variable axis is contiguous"));
        }
        let by_age = |a: &Array5<f64>| a.sum_axis(Axis(1)).insert_axis(Axis(1));
        Projection {
            scenarios: self.scenarios.clone(),
            region_system: self.region_system.clone(),
            regions: vec!["Nederland".to_string()],
            sectors: self.sectors.clone(),
            base_year: self.base_year,
            years: self.years.clone(),
            values,
            teachers_by_age: by_age(&self.teachers_by_age),
            fte_by_age: by_age(&self.fte_by_age),
            notes: self.notes.clone(),
            warnings: self.warnings.clone(),
            horizon: self.horizon.clone(),
            measured: self.measured.clone(),
            measured_cells: MeasuredCells::nation(&self.measured, &self.years),
        }
    }
}

/// The error for a name (`what`) the result does not hold, listing what
/// it has.
fn not_in_result(what: &str, name: String, known: Vec<String>) -> TekortError {
    TekortError::NotInResult {
        what: what.to_string(),
        name,
        known: join_capped(known, ", "),
    }
}

/// An error if `index` is not below `len`.
pub(crate) fn check_index(what: &str, index: usize, len: usize) -> Result<()> {
    if index < len {
        Ok(())
    } else {
        Err(TekortError::IndexOutOfRange {
            what: what.to_string(),
            index,
            len,
        })
    }
}

/// One row of a [`Projection`]: a scenario, region, sector and year, what
/// kind of figure its shortage is, and every [`Variable`] (index the row
/// with a variable).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Row<'a> {
    /// Scenario name.
    pub scenario: &'a str,
    /// Region name.
    pub region: &'a str,
    /// Sector.
    pub sector: Sector,
    /// Calendar year (1 October).
    pub year: i32,
    /// Measured, estimated or forecast ([`Projection::kind`]).
    pub kind: IndicatorKind,
    /// The values in [`Variable::ALL`] order.
    pub values: &'a [f64],
}

impl Row<'_> {
    /// The value of one variable.
    pub fn get(&self, var: Variable) -> f64 {
        self.values[var.index()]
    }
}

impl std::ops::Index<Variable> for Row<'_> {
    type Output = f64;
    fn index(&self, var: Variable) -> &f64 {
        &self.values[var.index()]
    }
}

/// The sum of a projection over some regions and sectors in one scenario
/// and year ([`Projection::total`]), ratios recomputed from the sums; it
/// names what it sums.
#[derive(Debug, Clone, PartialEq)]
pub struct Totals {
    /// Scenario name.
    pub scenario: String,
    /// Calendar year.
    pub year: i32,
    /// The regions summed.
    pub regions: Vec<String>,
    /// The sectors summed.
    pub sectors: Vec<Sector>,
    /// The values in [`Variable::ALL`] order.
    pub values: [f64; N_VARIABLES],
}

impl Totals {
    /// The value of one variable.
    pub fn get(&self, var: Variable) -> f64 {
        self.values[var.index()]
    }
}

impl std::ops::Index<Variable> for Totals {
    type Output = f64;
    fn index(&self, var: Variable) -> &f64 {
        &self.values[var.index()]
    }
}

/// By position in [`Variable::ALL`] (`totals[Variable::ShortagePct.index()]`).
impl std::ops::Index<usize> for Totals {
    type Output = f64;
    fn index(&self, i: usize) -> &f64 {
        &self.values[i]
    }
}

/// From which year figures rest on projected inputs or lie so far ahead
/// that they are scenarios rather than forecasts.
#[derive(Debug, Clone, PartialEq)]
pub struct Horizon {
    /// Last year of observed births.
    pub births_observed_until: i32,
    /// The births path after it (`medium`, `low`, `high` or a user's name).
    pub demography: String,
    /// First year whose po pupils rest on projected births (the youngest
    /// po cohort is 4 years old).
    pub projected_pupils_from: i32,
    /// First year more than 15 years past the base year: a scenario, not a
    /// forecast.
    pub scenario_from: i32,
}

#[cfg(feature = "serde")]
mod serialize {
    //! `Serialize` for the results (feature `serde`): a row is a map of
    //! its names and every variable by column name, as the tidy table.
    use super::{Projection, Row, Totals, Variable};
    use serde::ser::{Serialize, SerializeMap, SerializeSeq, SerializeStruct, Serializer};

    impl Serialize for Row<'_> {
        fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
            let mut m = ser.serialize_map(Some(5 + Variable::ALL.len()))?;
            m.serialize_entry("scenario", self.scenario)?;
            m.serialize_entry("region", self.region)?;
            m.serialize_entry("sector", &self.sector)?;
            m.serialize_entry("year", &self.year)?;
            m.serialize_entry("kind", self.kind.name())?;
            for v in Variable::ALL {
                m.serialize_entry(v.name(), &self.values[v.index()])?;
            }
            m.end()
        }
    }

    impl Serialize for Totals {
        fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
            let mut m = ser.serialize_map(Some(4 + Variable::ALL.len()))?;
            m.serialize_entry("scenario", &self.scenario)?;
            m.serialize_entry("year", &self.year)?;
            m.serialize_entry("regions", &self.regions)?;
            m.serialize_entry("sectors", &self.sectors)?;
            for v in Variable::ALL {
                m.serialize_entry(v.name(), &self.values[v.index()])?;
            }
            m.end()
        }
    }

    /// The rows of a projection as a sequence, written one by one.
    struct Rows<'a>(&'a Projection);

    impl Serialize for Rows<'_> {
        fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
            let n = self.0.values.len() / Variable::ALL.len().max(1);
            let mut seq = ser.serialize_seq(Some(n))?;
            for row in self.0.rows() {
                seq.serialize_element(&row)?;
            }
            seq.end()
        }
    }

    impl Serialize for Projection {
        fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
            let mut st = ser.serialize_struct("Projection", 5)?;
            st.serialize_field("region_system", &self.region_system)?;
            st.serialize_field("base_year", &self.base_year)?;
            st.serialize_field("scenarios", &self.scenarios)?;
            st.serialize_field("notes", &self.notes)?;
            st.serialize_field("rows", &Rows(self))?;
            st.end()
        }
    }
}

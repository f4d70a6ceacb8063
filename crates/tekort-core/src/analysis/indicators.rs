//! Monitoring indicators for an onderwijsregio: the figures a region
//! follows year by year (pupils, staff, shortage, vacancies, replacement
//! requests, ageing, the inflow and outflow mix, its rank among the
//! regions) and the inflow it needs to reach a target shortage (the
//! "wervingsopgave", as in England's Teacher Workforce Model).
//!
//! Everything is computed from a [`Projection`] (the modelled values) and
//! the [`Dataset`] (the observed pupils and DUO's po staff), per scenario,
//! region, sector group and year, plus the nation. Each row says whether it
//! is measured, estimated or forecast. `docs/indicators.md` defines every
//! indicator.

use ndarray::{Array2, ArrayView3};

use crate::domain::dataset::{Dataset, YearSpan};
pub use crate::domain::kind::IndicatorKind;
use crate::domain::projection::Projection;
use crate::domain::projection::Variable;
use crate::domain::regions::RegionSystem;
use crate::domain::sector::SectorGroup;
use crate::error::{Result, TekortError};

/// Name of the national region in the indicator rows (the `region` of the
/// rows for all of the Netherlands).
pub const NATION: &str = "Nederland";
/// Region system name of the national rows.
const NATION_SYSTEM: &str = "nl";

const PERSONS: &str = "persons";
const PCT: &str = "%";
const PCT_EMPLOYMENT: &str = "% of employment";
const PCT_SHORTAGE: &str = "% of shortage";
const PCT_REQUESTS: &str = "% of requests";
const PCT_INFLOW: &str = "% of inflow";
const PCT_OUTFLOW: &str = "% of outflow";
const FTE: &str = "fte";
const FTE_YEAR: &str = "fte/year";
const PERSONS_YEAR: &str = "persons/year";

/// Every indicator with its unit, in the order of the rows of one region
/// and sector (the per-year indicators, then the ranks, then the required
/// inflow).
pub const INDICATORS: &[(&str, &str)] = &[
    ("pupils", PERSONS),
    ("pupils_change_pct", PCT),
    ("staff_persons", PERSONS),
    ("staff_change_pct", PCT),
    ("pupils_per_staff", "pupils per staff person"),
    ("shortage_fte", FTE),
    ("shortage_pct", PCT_EMPLOYMENT),
    ("vacancy_intensity_pct", PCT_EMPLOYMENT),
    ("hidden_share_pct", PCT_SHORTAGE),
    ("replacement_requests_per_100", "requests per 100 teachers"),
    ("replacement_unfilled_pct", PCT_REQUESTS),
    ("share_55plus_pct", PCT_EMPLOYMENT),
    ("inflow_share_graduates_pct", PCT_INFLOW),
    ("inflow_share_zij_instroom_pct", PCT_INFLOW),
    ("inflow_share_returners_pct", PCT_INFLOW),
    ("inflow_share_movers_pct", PCT_INFLOW),
    ("outflow_share_retirement_pct", PCT_OUTFLOW),
    ("outflow_share_attrition_pct", PCT_OUTFLOW),
    ("outflow_share_death_disability_pct", PCT_OUTFLOW),
    ("outflow_share_movers_pct", PCT_OUTFLOW),
    ("shortage_pct_rank", "rank"),
    ("shortage_pct_vs_nation_pp", "pp"),
    ("required_inflow_fte", FTE_YEAR),
    ("required_inflow_replacement_fte", FTE_YEAR),
    ("required_inflow_demand_change_fte", FTE_YEAR),
    ("required_inflow_gap_fte", FTE_YEAR),
    ("required_inflow_persons", PERSONS_YEAR),
    ("required_inflow_replacement_persons", PERSONS_YEAR),
    ("required_inflow_demand_change_persons", PERSONS_YEAR),
    ("required_inflow_gap_persons", PERSONS_YEAR),
    ("projected_inflow_fte", FTE_YEAR),
    ("projected_inflow_persons", PERSONS_YEAR),
    ("shortage_pct-lo-80", PCT_EMPLOYMENT),
    ("shortage_pct-hi-80", PCT_EMPLOYMENT),
    ("shortage_pct-lo-95", PCT_EMPLOYMENT),
    ("shortage_pct-hi-95", PCT_EMPLOYMENT),
];

/// The interval indicators of [`interval_indicators`]: name, quantile.
const INTERVAL_INDICATORS: [(&str, f64); 4] = [
    ("shortage_pct-lo-80", 0.10),
    ("shortage_pct-hi-80", 0.90),
    ("shortage_pct-lo-95", 0.025),
    ("shortage_pct-hi-95", 0.975),
];

/// What the indicators are computed for.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorOptions {
    /// The year by which the target shortage should be reached (default
    /// 2030): after the base year and within the projection's years.
    pub target_year: i32,
    /// The shortage % (of employment) to reach in `target_year`, in
    /// `[0, 100)` (default 0: no shortage).
    pub target_shortage_pct: f64,
    /// Years over which `pupils_change_pct` and `staff_change_pct` are
    /// taken (default 5, at least 1).
    pub change_years: i32,
}

impl Default for IndicatorOptions {
    fn default() -> Self {
        IndicatorOptions {
            target_year: 2030,
            target_shortage_pct: 0.0,
            change_years: 5,
        }
    }
}

impl IndicatorOptions {
    /// Checks the options against a projection; the error names the value.
    pub fn validate(&self, projection: &Projection) -> Result<()> {
        let last = projection
            .years
            .last()
            .copied()
            .unwrap_or(projection.base_year);
        if self.target_year <= projection.base_year
            || self.target_year > last
            || projection.year_index(self.target_year).is_none()
        {
            return Err(TekortError::YearOutOfRange {
                what: "target_year".into(),
                year: self.target_year,
                min: projection.base_year + 1,
                max: last,
            });
        }
        let s = self.target_shortage_pct;
        if !s.is_finite() || !(0.0..100.0).contains(&s) {
            return Err(TekortError::value(
                "target_shortage_pct",
                s,
                "must be a finite % of employment, at least 0 and below 100",
            ));
        }
        if self.change_years < 1 {
            return Err(TekortError::value(
                "change_years",
                f64::from(self.change_years),
                "must be at least 1",
            ));
        }
        Ok(())
    }
}

/// One indicator value: one row of the tidy indicator table.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorRow {
    /// Scenario name.
    pub scenario: String,
    /// Region system (`nl` for the national rows).
    pub region_system: String,
    /// Region (`Nederland` for the national rows).
    pub region: String,
    /// Sector group code (`po`, `vo`, `mbo`) or `all`.
    pub sector: String,
    /// Indicator name (see [`INDICATORS`]).
    pub indicator: &'static str,
    /// Year the value describes (the target year for the required inflow).
    pub year: i32,
    /// The value (always finite: an undefined value has no row).
    pub value: f64,
    /// Unit.
    pub unit: &'static str,
    /// Measured, estimated or forecast.
    pub kind: IndicatorKind,
}

/// Monitoring indicators for every scenario, every region of `projection`
/// and the nation (region `Nederland`, system `nl`: the sum over all
/// regions), per sector group (`po`, `vo`, `mbo`, and `all` when the
/// projection has more than one group), for the projection's years.
///
/// `regions` must be the region system the projection was reported on, and
/// `dataset` the data it was run on: the observed po staff and pupils are
/// summed to the regions through `regions.assignment`.
///
/// A value that is undefined (a division by zero, e.g. a share of a zero
/// inflow) gets no row: every value is finite. When the projection's own
/// system is `nl`, its one region is the nation and no second national
/// block is added (its region counts as the nation: national
/// measurements apply, and it has no rank).
///
/// Errors: invalid options (naming the value), a region system or dataset
/// that does not match the projection.
pub fn indicators(
    projection: &Projection,
    dataset: &Dataset,
    regions: &RegionSystem,
    options: &IndicatorOptions,
) -> Result<Vec<IndicatorRow>> {
    options.validate(projection)?;
    crate::run::check_regions(dataset, regions)?;
    if regions.name != projection.region_system || regions.regions != projection.regions {
        return Err(TekortError::InvalidRegions {
            reason: format!(
                "region system {:?} ({} regions) is not the system {:?} ({} regions) the projection was reported on",
                regions.name,
                regions.len(),
                projection.region_system,
                projection.regions.len()
            ),
        });
    }
    let n = dataset.n_municipalities();
    for (name, a, span) in [
        ("po_staff", &dataset.po_staff, dataset.po_staff_years),
        ("po_pupils", &dataset.po_pupils, dataset.po_pupil_years),
    ] {
        if a.dim() != (n, 3, span.len()) {
            return Err(TekortError::data(format!(
                "{name} has shape {:?}, expected ({n}, 3, {})",
                a.dim(),
                span.len()
            )));
        }
    }
    let base = projection.base_year;
    let base_index = projection
        .year_index(base)
        .ok_or_else(|| TekortError::YearOutOfRange {
            what: "base year of the projection".into(),
            year: base,
            min: projection.years.first().copied().unwrap_or(base),
            max: projection.years.last().copied().unwrap_or(base),
        })?;
    let target_index = projection
        .year_index(options.target_year)
        .expect("validated");

    let nr = projection.regions.len();
    let selections = selections(projection);
    let staff = sum_by_region(dataset.po_staff.view(), regions, nr);
    let observed_po = sum_by_region(dataset.po_pupils.view(), regions, nr);
    let ctx = Context {
        projection,
        dataset,
        options,
        base,
        base_index,
        target_index,
        staff,
        observed_po,
    };
    // The nation is the last area; it is not repeated when the projection's
    // system is already the national one.
    let with_nation = regions.name != NATION_SYSTEM;
    let mut out = Vec::new();
    for (si, scenario) in projection.scenarios.iter().enumerate() {
        // totals[area][selection][year]: the summed row, ratios recomputed.
        let totals: Vec<Vec<Vec<Vec<f64>>>> = (0..=nr)
            .map(|area| {
                let only = [area];
                let regions = (area < nr).then_some(&only[..]);
                selections
                    .iter()
                    .map(|sel| {
                        (0..projection.years.len())
                            .map(|yi| {
                                projection
                                    .total(si, regions, &sel.sectors, yi)
                                    .map(|t| t.values.to_vec())
                            })
                            .collect::<Result<Vec<_>>>()
                    })
                    .collect::<Result<Vec<_>>>()
            })
            .collect::<Result<_>>()?;
        for (area, system, region) in areas(regions, &projection.regions) {
            for (ki, sel) in selections.iter().enumerate() {
                let mut sink = Sink {
                    out: &mut out,
                    scenario,
                    system,
                    region,
                    sector: sel.code,
                };
                let cell = Cell {
                    area,
                    sel,
                    rows: &totals[area][ki],
                };
                ctx.per_year(&mut sink, &cell);
                if area < nr && with_nation {
                    let others: Vec<&[Vec<f64>]> = (0..nr).map(|r| &totals[r][ki][..]).collect();
                    ctx.ranks(&mut sink, &cell, &others, &totals[nr][ki]);
                }
                ctx.required_inflow(&mut sink, &cell);
            }
        }
    }
    Ok(out)
}

/// Projects with the history run (from the first shortage measurement,
/// unless `options.from` says otherwise) and computes the indicators: the
/// function under `tekort monitor` and `tekort.indicators()`. With `mc`,
/// the projection is the Monte Carlo's central run and the rows add the
/// shortage % interval ([`interval_indicators`]). The target
/// year is checked before anything runs; `options.until` is raised to it
/// when it is earlier.
///
/// ```no_run
/// # fn main() -> tekort_core::Result<()> {
/// # let dataset: tekort_core::data::Dataset = unimplemented!();
/// use tekort_core::{monitoring::monitor, monitoring::IndicatorOptions, params::Params, forecast::ProjectionOptions, regions::RegionSystem, scenario::Scenario};
/// let regions = RegionSystem::builtin("arbeidsmarktregio", &dataset)?;
/// let (projection, rows) = monitor(&dataset, &regions, &Params::default(),
///     &[Scenario::baseline()], &ProjectionOptions::default(), &IndicatorOptions::default(), None)?;
/// let need = rows.iter().find(|r| r.region == "Nederland" && r.sector == "po"
///     && r.indicator == "required_inflow_fte");
/// # Ok(())
/// # }
/// ```
pub fn monitor(
    dataset: &Dataset,
    regions: &RegionSystem,
    params: &crate::domain::params::Params,
    scenarios: &[crate::domain::scenario::Scenario],
    options: &crate::domain::options::ProjectionOptions,
    indicator_options: &IndicatorOptions,
    mc: Option<&crate::uncertainty::montecarlo::McOptions>,
) -> Result<(Projection, Vec<IndicatorRow>)> {
    let (projection, _, rows) = monitor_run(
        dataset,
        regions,
        params,
        scenarios,
        options,
        indicator_options,
        mc,
    )?;
    Ok((projection, rows))
}

/// As [`monitor`], keeping the Monte Carlo's draws (the report's bands):
/// the projection, the simulation (with `mc`) and the indicator rows.
///
/// Errors as [`monitor`]'s.
#[allow(clippy::type_complexity)]
pub fn monitor_run(
    dataset: &Dataset,
    regions: &RegionSystem,
    params: &crate::domain::params::Params,
    scenarios: &[crate::domain::scenario::Scenario],
    options: &crate::domain::options::ProjectionOptions,
    indicator_options: &IndicatorOptions,
    mc: Option<&crate::uncertainty::montecarlo::McOptions>,
) -> Result<(
    Projection,
    Option<crate::uncertainty::montecarlo::Simulation>,
    Vec<IndicatorRow>,
)> {
    if indicator_options.target_year <= params.base_year {
        return Err(TekortError::YearOutOfRange {
            what: "target_year".into(),
            year: indicator_options.target_year,
            min: params.base_year + 1,
            max: crate::domain::options::MAX_UNTIL,
        });
    }
    let mut opts = options.clone();
    opts.until = opts.until.max(indicator_options.target_year);
    if opts.from.is_none() {
        opts.from = Some(crate::inputs::prepare::history_start(
            dataset,
            params.base_year,
        ));
    }
    match mc {
        Some(mc) => {
            let sim = crate::uncertainty::montecarlo::simulate(
                dataset, regions, params, scenarios, &opts, mc, None,
            )?;
            let mut rows = indicators(&sim.central, dataset, regions, indicator_options)?;
            rows.extend(interval_indicators(&sim, regions));
            Ok((sim.central.clone(), Some(sim), rows))
        }
        None => {
            let projection = crate::run::project(dataset, regions, params, scenarios, &opts)?;
            let rows = indicators(&projection, dataset, regions, indicator_options)?;
            Ok((projection, None, rows))
        }
    }
}

/// The areas indicators are given for: `(area, region system, region)`
/// for every region of the projection (area = its index), then the nation
/// (area = the number of regions), which is left out when the system is
/// already the national one.
fn areas<'a>(
    regions: &'a RegionSystem,
    names: &'a [String],
) -> impl Iterator<Item = (usize, &'a str, &'a str)> + 'a {
    let nation = (regions.name != NATION_SYSTEM).then_some((names.len(), NATION_SYSTEM, NATION));
    names
        .iter()
        .enumerate()
        .map(|(area, name)| (area, regions.name.as_str(), name.as_str()))
        .chain(nation)
}

/// The forecast's interval as indicators: `shortage_pct-lo-80`,
/// `shortage_pct-hi-80`, `shortage_pct-lo-95` and `shortage_pct-hi-95`
/// for every scenario, region (and the nation), sector group (and `all`)
/// and forecast year, the quantiles of the Monte Carlo draws of the
/// shortage % computed per draw from the draw's totals (quantiles do not
/// add up). Kind `forecast`.
pub fn interval_indicators(
    sim: &crate::uncertainty::montecarlo::Simulation,
    regions: &RegionSystem,
) -> Vec<IndicatorRow> {
    let p = &sim.central;
    let nr = p.regions.len();
    let mut out = Vec::new();
    let mut values = Vec::with_capacity(sim.n_draws());
    for (si, scenario) in p.scenarios.iter().enumerate() {
        for (area, system, region) in areas(regions, &p.regions) {
            let only = [area];
            let selected = (area < nr).then_some(&only[..]);
            for sel in selections(p) {
                for (yi, &year) in p.years.iter().enumerate() {
                    if year <= p.base_year {
                        continue;
                    }
                    let totals = sim
                        .total(si, selected, &sel.sectors, yi)
                        .expect("indices from the simulation itself");
                    values.clear();
                    values.extend(totals.column(4).iter().copied().filter(|v| v.is_finite()));
                    if values.is_empty() {
                        continue;
                    }
                    values.sort_by(f64::total_cmp);
                    for (name, q) in INTERVAL_INDICATORS {
                        let (indicator, unit) = ind(name);
                        out.push(IndicatorRow {
                            scenario: scenario.clone(),
                            region_system: system.to_string(),
                            region: region.to_string(),
                            sector: sel.code.to_string(),
                            indicator,
                            year,
                            value: crate::uncertainty::montecarlo::quantile_sorted(&values, q),
                            unit,
                            kind: IndicatorKind::Forecast,
                        });
                    }
                }
            }
        }
    }
    out
}

/// A sector selection: one group, or all sectors of the projection.
struct Selection {
    code: &'static str,
    sectors: Vec<usize>,
    groups: Vec<SectorGroup>,
}

/// The groups the projection has, then `all` if there is more than one.
fn selections(projection: &Projection) -> Vec<Selection> {
    let mut out: Vec<Selection> = SectorGroup::ALL
        .iter()
        .map(|&g| Selection {
            code: g.code(),
            sectors: projection.group_indices(g),
            groups: vec![g],
        })
        .filter(|s| !s.sectors.is_empty())
        .collect();
    if out.len() > 1 {
        let sectors = out.iter().flat_map(|s| s.sectors.clone()).collect();
        let groups = out.iter().map(|s| s.groups[0]).collect();
        out.push(Selection {
            code: "all",
            sectors,
            groups,
        });
    }
    out
}

/// Sums `[municipality, school type, year]` values over the school types
/// and over the municipalities of each region: `[region, year]`, with one
/// more row at the end for the nation (all municipalities).
/// `assignment[m]` is the region of municipality `m`; the caller checks
/// that it covers the first axis and indexes fewer than `n_regions`.
fn sum_by_region(
    values: ArrayView3<'_, f64>,
    regions: &RegionSystem,
    n_regions: usize,
) -> Array2<f64> {
    let (nm, nt, ny) = values.dim();
    let mut out = Array2::zeros((n_regions + 1, ny));
    for (m, &r) in regions.assignment.iter().enumerate().take(nm) {
        for t in 0..nt {
            for y in 0..ny {
                let v = values[[m, t, y]];
                out[[r, y]] += v;
                out[[n_regions, y]] += v;
            }
        }
    }
    // A school board drawn into a region takes its share of the po school
    // type there (the pupils' share stands in for the staff's).
    for part in &regions.boards {
        let t = match part.sector {
            crate::domain::sector::Sector::PoBo => 0,
            crate::domain::sector::Sector::PoSbo => 1,
            crate::domain::sector::Sector::PoSoVso => 2,
            _ => continue,
        };
        if part.municipality >= nm || t >= nt {
            continue;
        }
        let from = regions.assignment[part.municipality];
        for y in 0..ny {
            let moved = part.share * values[[part.municipality, t, y]];
            out[[from, y]] -= moved;
            out[[part.region, y]] += moved;
        }
    }
    out
}

/// What every cell shares.
struct Context<'a> {
    projection: &'a Projection,
    dataset: &'a Dataset,
    options: &'a IndicatorOptions,
    base: i32,
    base_index: usize,
    target_index: usize,
    /// DUO po staff persons `[area, staff year]` (last area: the nation).
    staff: Array2<f64>,
    /// DUO po pupils `[area, pupil year]` (last area: the nation).
    observed_po: Array2<f64>,
}

/// One region (or the nation) and sector selection of one scenario.
struct Cell<'a> {
    /// Region index, or the number of regions for the nation.
    area: usize,
    sel: &'a Selection,
    /// The summed rows per year of the projection.
    rows: &'a [Vec<f64>],
}

impl Cell<'_> {
    fn v(&self, yi: usize, var: Variable) -> f64 {
        self.rows[yi][var.index()]
    }
    fn is_po(&self) -> bool {
        self.sel.groups == [SectorGroup::Po]
    }
}

/// Collects the rows of one cell, dropping undefined values.
struct Sink<'a> {
    out: &'a mut Vec<IndicatorRow>,
    scenario: &'a str,
    system: &'a str,
    region: &'a str,
    sector: &'static str,
}

impl Sink<'_> {
    fn push(
        &mut self,
        (indicator, unit): (&'static str, &'static str),
        year: i32,
        value: f64,
        kind: IndicatorKind,
    ) {
        if value.is_finite() {
            self.out.push(IndicatorRow {
                scenario: self.scenario.to_string(),
                region_system: self.system.to_string(),
                region: self.region.to_string(),
                sector: self.sector.to_string(),
                indicator,
                year,
                value,
                unit,
                kind,
            });
        }
    }
}

/// The indicator and its unit, by name.
fn ind(name: &str) -> (&'static str, &'static str) {
    *INDICATORS
        .iter()
        .find(|(n, _)| *n == name)
        .expect("indicator is listed in INDICATORS")
}

/// `100 × x / d`, undefined (NaN) unless `d > 0`.
fn pct(x: f64, d: f64) -> f64 {
    if d > 0.0 {
        100.0 * x / d
    } else {
        f64::NAN
    }
}

/// `100 × (now / then − 1)`, undefined unless `then > 0`.
fn change_pct(now: f64, then: f64) -> f64 {
    if then > 0.0 {
        100.0 * (now / then - 1.0)
    } else {
        f64::NAN
    }
}

/// The mean of `f` over the indices `from..=to`, undefined if empty.
fn mean(from: usize, to: usize, f: impl Fn(usize) -> f64) -> f64 {
    if to < from {
        return f64::NAN;
    }
    (from..=to).map(f).sum::<f64>() / (to - from + 1) as f64
}

impl Context<'_> {
    /// Kind of the pupils of one group in `year`: po pupils are observed
    /// up to the base year, vo pupils in the base year (the model moves
    /// them with po-bo pupils in the history years), mbo students never
    /// (a national total spread by vo pupils).
    fn pupils_kind(&self, group: SectorGroup, year: i32) -> IndicatorKind {
        if year > self.base {
            return IndicatorKind::Forecast;
        }
        let observed = |span: YearSpan| span.index(year).is_some();
        let measured = match group {
            SectorGroup::Po => observed(self.dataset.po_pupil_years),
            SectorGroup::Vo => year == self.base && observed(self.dataset.vo_pupil_years),
            SectorGroup::Mbo => false,
        };
        if measured {
            IndicatorKind::Measured
        } else {
            IndicatorKind::Estimated
        }
    }

    fn sel_pupils_kind(&self, cell: &Cell, year: i32) -> IndicatorKind {
        cell.sel
            .groups
            .iter()
            .map(|&g| self.pupils_kind(g, year))
            .max()
            .unwrap_or(IndicatorKind::Estimated)
    }

    /// Kind of the shortage (fte and %) in `year`: the weakest of the
    /// kinds of the selection's groups in the cell's area
    /// ([`Projection::group_kind`]: measured where a measurement of every
    /// group describes exactly the area's municipalities).
    fn shortage_kind(&self, cell: &Cell, year: i32) -> IndicatorKind {
        let nr = self.projection.regions.len();
        let region = (cell.area < nr).then_some(cell.area);
        let start = if year > self.base {
            IndicatorKind::Forecast
        } else {
            IndicatorKind::Measured
        };
        cell.sel
            .groups
            .iter()
            .map(|&g| self.projection.group_kind(g, year, region))
            .fold(start, IndicatorKind::and)
    }

    /// Pupils in `year` with their kind: the projection's, or before its
    /// first year DUO's observed po pupils (po only, up to the base year;
    /// the projection's po pupils are these same numbers).
    fn pupils_at(&self, cell: &Cell, year: i32) -> Option<(f64, IndicatorKind)> {
        if let Some(yi) = self.projection.year_index(year) {
            return Some((
                cell.v(yi, Variable::Pupils),
                self.sel_pupils_kind(cell, year),
            ));
        }
        if cell.is_po() && year <= self.base {
            let i = self.dataset.po_pupil_years.index(year)?;
            return Some((self.observed_po[[cell.area, i]], IndicatorKind::Measured));
        }
        None
    }

    /// DUO's po staff persons in `year` (up to the base year).
    fn staff_at(&self, cell: &Cell, year: i32) -> Option<f64> {
        if !cell.is_po() || year > self.base {
            return None;
        }
        let i = self.dataset.po_staff_years.index(year)?;
        Some(self.staff[[cell.area, i]])
    }

    /// The indicators of every year.
    fn per_year(&self, sink: &mut Sink, cell: &Cell) {
        use Variable as V;
        let k = self.options.change_years;
        for (yi, &year) in self.projection.years.iter().enumerate() {
            let v = |var: V| cell.v(yi, var);
            let modelled = IndicatorKind::modelled(year, self.base);

            // Pupils and staff.
            let (pupils, pupils_kind) = (v(V::Pupils), self.sel_pupils_kind(cell, year));
            sink.push(ind("pupils"), year, pupils, pupils_kind);
            if let Some((then, then_kind)) = self.pupils_at(cell, year - k) {
                sink.push(
                    ind("pupils_change_pct"),
                    year,
                    change_pct(pupils, then),
                    pupils_kind.and(then_kind),
                );
            }
            if let Some(staff) = self.staff_at(cell, year) {
                let measured = IndicatorKind::Measured;
                sink.push(ind("staff_persons"), year, staff, measured);
                if let Some(then) = self.staff_at(cell, year - k) {
                    sink.push(
                        ind("staff_change_pct"),
                        year,
                        change_pct(staff, then),
                        measured,
                    );
                }
                let per_staff = if staff > 0.0 {
                    pupils / staff
                } else {
                    f64::NAN
                };
                sink.push(
                    ind("pupils_per_staff"),
                    year,
                    per_staff,
                    pupils_kind.and(measured),
                );
            }

            // Shortage, vacancies, replacement.
            let shortage_kind = self.shortage_kind(cell, year);
            let shortage = v(V::ShortageFte);
            sink.push(ind("shortage_fte"), year, shortage, shortage_kind);
            sink.push(ind("shortage_pct"), year, v(V::ShortagePct), shortage_kind);
            sink.push(
                ind("vacancy_intensity_pct"),
                year,
                v(V::VacancyIntensityPct),
                modelled,
            );
            sink.push(
                ind("hidden_share_pct"),
                year,
                pct(v(V::HiddenShortageFte), shortage),
                modelled,
            );
            sink.push(
                ind("replacement_requests_per_100"),
                year,
                pct(v(V::ReplacementRequests), v(V::Teachers)),
                modelled,
            );
            sink.push(
                ind("replacement_unfilled_pct"),
                year,
                pct(v(V::ReplacementUnfilled), v(V::ReplacementRequests)),
                modelled,
            );
            sink.push(
                ind("share_55plus_pct"),
                year,
                v(V::Share55PlusPct),
                modelled,
            );

            // Inflow mix (the channels, without the history residual) and
            // outflow by reason.
            let inflow = [
                ("inflow_share_graduates_pct", V::InflowGraduatesFte),
                ("inflow_share_zij_instroom_pct", V::InflowZijInstroomFte),
                ("inflow_share_returners_pct", V::InflowReturnersFte),
                ("inflow_share_movers_pct", V::InflowMoversFte),
            ];
            let channels: f64 = inflow.iter().map(|&(_, var)| v(var)).sum();
            for (name, var) in inflow {
                sink.push(ind(name), year, pct(v(var), channels), modelled);
            }
            let outflow = [
                ("outflow_share_retirement_pct", V::OutflowRetirementFte),
                ("outflow_share_attrition_pct", V::OutflowAttritionFte),
                (
                    "outflow_share_death_disability_pct",
                    V::OutflowDeathDisabilityFte,
                ),
                ("outflow_share_movers_pct", V::OutflowMoversFte),
            ];
            for (name, var) in outflow {
                sink.push(ind(name), year, pct(v(var), v(V::OutflowFte)), modelled);
            }
        }
    }

    /// The region's shortage % among the regions of its system (1 = the
    /// highest) and against the nation, in the base year and the target
    /// year. `regions[r]` are the rows of every region, `nation` the
    /// national rows, of the same selection.
    fn ranks(&self, sink: &mut Sink, cell: &Cell, regions: &[&[Vec<f64>]], nation: &[Vec<f64>]) {
        let at = |rows: &[Vec<f64>], yi: usize| rows[yi][Variable::ShortagePct.index()];
        for yi in [self.base_index, self.target_index] {
            let year = self.projection.years[yi];
            let own = at(cell.rows, yi);
            if !own.is_finite() {
                continue;
            }
            let above = regions
                .iter()
                .filter(|rows| {
                    let x = at(rows, yi);
                    x.is_finite() && x > own
                })
                .count();
            let kind = self.shortage_kind(cell, year);
            sink.push(ind("shortage_pct_rank"), year, (above + 1) as f64, kind);
            let national = Cell {
                area: self.projection.regions.len(),
                ..*cell
            };
            sink.push(
                ind("shortage_pct_vs_nation_pp"),
                year,
                own - at(nation, yi),
                kind.and(self.shortage_kind(&national, year)),
            );
        }
    }

    /// The inflow needed per year from the year after the base year to the
    /// target year so that the shortage % of the target year is the
    /// target, split into replacement, demand change and the gap, in fte
    /// and persons; and the projected inflow beside it.
    fn required_inflow(&self, sink: &mut Sink, cell: &Cell) {
        use Variable as V;
        let (b, t) = (self.base_index, self.target_index);
        let year = self.options.target_year;
        let n = f64::from(year - self.base);
        let d_base = cell.v(b, V::DemandFte);
        let e_base = cell.v(b, V::EmploymentFte);
        let s_base = d_base - e_base;
        let d_target = cell.v(t, V::DemandFte);
        if d_base <= 0.0 && e_base <= 0.0 && d_target <= 0.0 {
            // No schools of the sector in the area (a region of school
            // boards has no mbo): no inflow is required, none is projected;
            // the rows are left out rather than given as 0.
            return;
        }
        let e_star = d_target / (1.0 + self.options.target_shortage_pct / 100.0);
        // What leaves: the outflow, and the fte lost as those who stay
        // work fewer hours (a negative hours change), so that the books
        // close: E_T = E_0 + n × (required − replacement) exactly.
        let replacement = mean(b + 1, t, |yi| {
            cell.v(yi, V::OutflowFte) - cell.v(yi, V::HoursChangeFte)
        });
        let demand_change = (d_target - d_base) / n;
        let gap = (s_base - (d_target - e_star)) / n;
        let required = replacement + demand_change + gap;
        let fte_per_teacher = if cell.v(b, V::Teachers) > 0.0 {
            e_base / cell.v(b, V::Teachers)
        } else {
            f64::NAN
        };
        let persons = |x: f64| {
            if fte_per_teacher > 0.0 {
                x / fte_per_teacher
            } else {
                f64::NAN
            }
        };
        let forecast = IndicatorKind::Forecast;
        for (name, fte) in [
            ("required_inflow_fte", required),
            ("required_inflow_replacement_fte", replacement),
            ("required_inflow_demand_change_fte", demand_change),
            ("required_inflow_gap_fte", gap),
        ] {
            sink.push(ind(name), year, fte, forecast);
        }
        for (name, fte) in [
            ("required_inflow_persons", required),
            ("required_inflow_replacement_persons", replacement),
            ("required_inflow_demand_change_persons", demand_change),
            ("required_inflow_gap_persons", gap),
        ] {
            sink.push(ind(name), year, persons(fte), forecast);
        }
        sink.push(
            ind("projected_inflow_fte"),
            year,
            mean(b + 1, t, |yi| cell.v(yi, V::InflowFte)),
            forecast,
        );
        sink.push(
            ind("projected_inflow_persons"),
            year,
            mean(b + 1, t, |yi| cell.v(yi, V::InflowPersons)),
            forecast,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::dataset::{
        MeasuredArea, MeasuredShortage, Municipality, NationalShortage, TrainingHistory, YearSpan,
    };
    use crate::domain::kind::{MeasuredCells, MeasuredYears};
    use crate::domain::projection::Horizon;
    use crate::domain::projection::{fill_ratios, N_VARIABLES};
    use crate::domain::sector::Sector;
    use ndarray::{Array2, Array3, Array5};

    const BASE: i32 = 2025;

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() < 1e-9, "{a} != {b}");
    }

    /// The modelled values of one region, sector and year.
    #[derive(Clone, Copy, Default)]
    struct Cellv {
        pupils: f64,
        demand: f64,
        employment: f64,
        teachers: f64,
        /// Outflow fte by reason: retirement, attrition, death/disability,
        /// movers.
        outflow: [f64; 4],
        /// Inflow fte by channel: graduates, zij-instroom, returners,
        /// movers.
        inflow: [f64; 4],
        residual: f64,
    }

    /// A projection written by hand: one scenario, the regions, sectors and
    /// years given, every value from `f(region, sector, year)`. Derived
    /// columns follow fixed rules: vacancies 40 % of the shortage, hidden
    /// 60 %; one request per teacher, 20 % unfilled; 25 % of fte aged 55+;
    /// persons = fte / (employment / teachers).
    fn hand_projection(
        regions: &[&str],
        sectors: &[Sector],
        years: std::ops::RangeInclusive<i32>,
        f: impl Fn(usize, Sector, i32) -> Cellv,
    ) -> Projection {
        let years: Vec<i32> = years.collect();
        let mut values = Array5::zeros((1, regions.len(), sectors.len(), years.len(), N_VARIABLES));
        for r in 0..regions.len() {
            for (si, &s) in sectors.iter().enumerate() {
                for (yi, &y) in years.iter().enumerate() {
                    let c = f(r, s, y);
                    let mut row = vec![0.0; N_VARIABLES];
                    let mut set = |var: Variable, x: f64| row[var.index()] = x;
                    let short = c.demand - c.employment;
                    let fpt = if c.teachers > 0.0 {
                        c.employment / c.teachers
                    } else {
                        1.0
                    };
                    set(Variable::Pupils, c.pupils);
                    set(Variable::DemandFte, c.demand);
                    set(Variable::EmploymentFte, c.employment);
                    set(Variable::ShortageFte, short);
                    set(Variable::VacanciesFte, 0.4 * short.max(0.0));
                    set(Variable::HiddenShortageFte, 0.6 * short.max(0.0));
                    set(Variable::ReplacementRequests, c.teachers);
                    set(Variable::ReplacementUnfilled, 0.2 * c.teachers);
                    set(Variable::Teachers, c.teachers);
                    set(Variable::Employment55PlusFte, 0.25 * c.employment);
                    let [gr, zi, re, mo] = c.inflow;
                    set(Variable::InflowGraduatesFte, gr);
                    set(Variable::InflowZijInstroomFte, zi);
                    set(Variable::InflowReturnersFte, re);
                    set(Variable::InflowMoversFte, mo);
                    set(Variable::InflowResidualFte, c.residual);
                    let inflow = gr + zi + re + mo + c.residual;
                    set(Variable::InflowFte, inflow);
                    set(Variable::InflowPersons, inflow / fpt);
                    let [ret, att, dd, mv] = c.outflow;
                    set(Variable::OutflowRetirementFte, ret);
                    set(Variable::OutflowAttritionFte, att);
                    set(Variable::OutflowDeathDisabilityFte, dd);
                    set(Variable::OutflowMoversFte, mv);
                    set(Variable::OutflowFte, ret + att + dd + mv);
                    set(Variable::OutflowPersons, (ret + att + dd + mv) / fpt);
                    fill_ratios(&mut row);
                    for (vi, x) in row.into_iter().enumerate() {
                        values[[0, r, si, yi, vi]] = x;
                    }
                }
            }
        }
        let shape = (1, regions.len(), sectors.len(), years.len(), 0);
        Projection {
            scenarios: vec!["baseline".into()],
            region_system: "test".into(),
            regions: regions.iter().map(|r| r.to_string()).collect(),
            sectors: sectors.to_vec(),
            base_year: BASE,
            years,
            values,
            teachers_by_age: Array5::zeros(shape),
            fte_by_age: Array5::zeros(shape),
            notes: Vec::new(),
            warnings: Vec::new(),
            horizon: Horizon {
                births_observed_until: 2023,
                demography: "medium".into(),
                projected_pupils_from: 2028,
                scenario_from: 2041,
            },
            measured: MeasuredYears::default(),
            measured_cells: Default::default(),
        }
        .with_cells()
    }

    impl Projection {
        /// The measured cells of the hand dataset on the hand regions (or,
        /// for one region, on the nation).
        fn with_cells(mut self) -> Self {
            let ds = hand_dataset();
            self.measured = MeasuredYears::of(&ds);
            let regions = if self.regions.len() == 1 {
                RegionSystem {
                    name: "nl".into(),
                    regions: self.regions.clone(),
                    assignment: vec![0; ds.n_municipalities()],
                    boards: Vec::new(),
                }
            } else {
                hand_regions()
            };
            self.measured_cells = MeasuredCells::of(&self.measured, &regions, &self.years);
            self
        }
    }

    /// The hand example: regions A and B, po_bo, 2025–2028.
    ///
    /// | region | year | demand | employment | teachers | outflow | inflow |
    /// |---|---|---|---|---|---|---|
    /// | A | 2025 | 109 | 100 | 125 | 9 | 8 |
    /// | A | 2026 | 111 | 102 | | 10 (4,4,1,1) | 12 (6,3,2,1) |
    /// | A | 2027 | 113 | 105 | | 12 (5,5,1,1) | 15 (7,4,2,2) |
    /// | A | 2028 | 115 | 110 | | 11 (4,5,1,1) | 16 (8,4,2,2) |
    /// | B | 2025 | 56 | 50 | 50 | 5 | 4 |
    /// | B | 2026 | 55 | 50 | | 4 (1,2,0.5,0.5) | 4 (2,1,1,0) |
    /// | B | 2027 | 54 | 50 | | 5 (2,2,0.5,0.5) | 5 (2,2,1,0) |
    /// | B | 2028 | 53 | 51 | | 6 (3,2,0.5,0.5) | 7 (3,2,1,1) |
    ///
    /// Employment follows E(t) = E(t−1) − outflow + inflow; A has 0.8 fte
    /// per teacher, B 1.0.
    fn hand_cell(r: usize, y: i32) -> Cellv {
        let i = (y - BASE) as usize;
        if r == 0 {
            let demand = [109.0, 111.0, 113.0, 115.0][i];
            let employment = [100.0, 102.0, 105.0, 110.0][i];
            Cellv {
                pupils: [2000.0, 1980.0, 1960.0, 1940.0][i],
                demand,
                employment,
                teachers: employment / 0.8,
                outflow: [
                    [3.0, 4.0, 1.0, 1.0],
                    [4.0, 4.0, 1.0, 1.0],
                    [5.0, 5.0, 1.0, 1.0],
                    [4.0, 5.0, 1.0, 1.0],
                ][i],
                inflow: [
                    [4.0, 2.0, 1.0, 1.0],
                    [6.0, 3.0, 2.0, 1.0],
                    [7.0, 4.0, 2.0, 2.0],
                    [8.0, 4.0, 2.0, 2.0],
                ][i],
                residual: 0.0,
            }
        } else {
            let employment = [50.0, 50.0, 50.0, 51.0][i];
            Cellv {
                pupils: 1000.0,
                demand: [56.0, 55.0, 54.0, 53.0][i],
                employment,
                teachers: employment,
                outflow: [
                    [2.0, 2.0, 0.5, 0.5],
                    [1.0, 2.0, 0.5, 0.5],
                    [2.0, 2.0, 0.5, 0.5],
                    [3.0, 2.0, 0.5, 0.5],
                ][i],
                inflow: [
                    [2.0, 1.0, 1.0, 0.0],
                    [2.0, 1.0, 1.0, 0.0],
                    [2.0, 2.0, 1.0, 0.0],
                    [3.0, 2.0, 1.0, 1.0],
                ][i],
                residual: 0.0,
            }
        }
    }

    fn hand_example() -> Projection {
        hand_projection(&["A", "B"], &[Sector::PoBo], BASE..=BASE + 3, |r, _, y| {
            hand_cell(r, y)
        })
    }

    /// Three municipalities: 1 and 2 in region A, 3 in region B. DUO po
    /// staff 2011–2025: municipality 1 has 60 + (y − 2011) bo staff, 2 has
    /// 40 + (y − 2011), 3 has 50; bo pupils 2015–2025: 1200, 800, 1000.
    /// Municipalities 1 and 2 are arbeidsmarktregio X (region A), 3 is Y
    /// (region B). Measured shortage: po and vo regional tables of 2023
    /// (X only), national po 2021, 2023 and 2024, vo 2023, mbo 2024.
    fn hand_dataset() -> Dataset {
        let n = 3;
        let municipalities = (0..n)
            .map(|i| Municipality {
                code: format!("{:04}", i + 1),
                name: format!("Gemeente {}", i + 1),
                provincie: "P".into(),
                corop: "C".into(),
                arbeidsmarktregio: if i < 2 { "X" } else { "Y" }.into(),
            })
            .collect();
        let staff_years = YearSpan::new(2011, 2025).unwrap();
        let mut po_staff = Array3::zeros((n, 3, staff_years.len()));
        for (yi, y) in staff_years.years().enumerate() {
            let t = f64::from(y - 2011);
            po_staff[[0, 0, yi]] = 60.0 + t;
            po_staff[[1, 0, yi]] = 40.0 + t;
            po_staff[[2, 0, yi]] = 50.0;
        }
        let pupil_years = YearSpan::new(2015, 2025).unwrap();
        let mut po_pupils = Array3::zeros((n, 3, pupil_years.len()));
        for yi in 0..pupil_years.len() {
            po_pupils[[0, 0, yi]] = 1200.0;
            po_pupils[[1, 0, yi]] = 800.0;
            po_pupils[[2, 0, yi]] = 1000.0;
        }
        let measured = |group, year| MeasuredShortage {
            group,
            area: MeasuredArea::Arbeidsmarktregio("X".into()),
            year,
            pct: 9.0,
        };
        let national = |group, year| NationalShortage {
            group,
            year,
            pct: None,
            fte: 1.0,
        };
        let birth_years = YearSpan::new(2012, 2023).unwrap();
        Dataset {
            municipalities,
            successors: Vec::new(),
            po_pupils,
            po_pupil_years: pupil_years,
            po_staff,
            po_staff_years: staff_years,
            vo_pupils: Array2::zeros((n, 2)),
            vo_pupil_years: YearSpan::new(2024, 2025).unwrap(),
            births: Array2::zeros((n, birth_years.len())),
            population: Array2::zeros((n, birth_years.len())),
            birth_years,
            measured_shortage: vec![
                measured(SectorGroup::Po, 2023),
                measured(SectorGroup::Vo, 2023),
            ],
            po_type_shortage_pct: [9.0; 3],
            training: TrainingHistory {
                years: YearSpan::new(2015, 2023).unwrap(),
                routes: Vec::new(),
                intake: Vec::new(),
                graduates: Vec::new(),
            },
            teacher_fte_age: Vec::new(),
            national_shortage: vec![
                national(SectorGroup::Po, 2021),
                national(SectorGroup::Po, 2023),
                national(SectorGroup::Po, 2024),
                national(SectorGroup::Vo, 2023),
                national(SectorGroup::Mbo, 2024),
            ],
            births_national: Vec::new(),
            official_forecasts: Vec::new(),
            women: None,
            board_pupils: Vec::new(),
            funding_path: Vec::new(),
            board_schools: Vec::new(),
        }
    }

    fn hand_regions() -> RegionSystem {
        RegionSystem {
            name: "test".into(),
            regions: vec!["A".into(), "B".into()],
            assignment: vec![0, 0, 1],
            boards: Vec::new(),
        }
    }

    fn options(target_year: i32, target_shortage_pct: f64) -> IndicatorOptions {
        IndicatorOptions {
            target_year,
            target_shortage_pct,
            change_years: 2,
        }
    }

    fn find<'a>(
        rows: &'a [IndicatorRow],
        region: &str,
        sector: &str,
        indicator: &str,
        year: i32,
    ) -> Option<&'a IndicatorRow> {
        let hits: Vec<&IndicatorRow> = rows
            .iter()
            .filter(|r| {
                r.region == region
                    && r.sector == sector
                    && r.indicator == indicator
                    && r.year == year
            })
            .collect();
        assert!(
            hits.len() <= 1,
            "{region} {sector} {indicator} {year} twice"
        );
        hits.first().copied()
    }

    fn value(rows: &[IndicatorRow], region: &str, indicator: &str, year: i32) -> f64 {
        find(rows, region, "po", indicator, year)
            .unwrap_or_else(|| panic!("no {indicator} {year} for {region}"))
            .value
    }

    fn check_rows(rows: &[IndicatorRow]) {
        for r in rows {
            assert!(r.value.is_finite(), "{r:?}");
            assert!(
                INDICATORS.contains(&(r.indicator, r.unit)),
                "unlisted indicator or unit: {r:?}"
            );
        }
    }

    #[test]
    fn required_inflow_by_hand() {
        // n = 2028 − 2025 = 3 years, target 0 %.
        //
        // A: D_base = 109, E_base = 100, S_base = 9, D_T = 115, E* = 115.
        //   replacement   = (10 + 12 + 11) / 3           = 11
        //   demand change = (115 − 109) / 3              = 2
        //   gap           = (9 − (115 − 115)) / 3        = 3
        //   required      = 11 + 2 + 3                   = 16
        //   identity: 100 + 3 × (16 − 11) = 115 = E*.
        //   persons at 100 / 125 = 0.8 fte per teacher: 20, 13.75, 2.5, 3.75.
        //   projected inflow = (12 + 15 + 16) / 3 = 43/3 fte,
        //   persons 43/3 / 0.8 = 17.91666…
        // B: D_base = 56, E_base = 50, S_base = 6, D_T = 53, E* = 53.
        //   replacement = (4 + 5 + 6) / 3 = 5; demand change = (53 − 56)/3 = −1;
        //   gap = 6 / 3 = 2; required = 6 (1 fte per teacher: persons equal).
        //   identity: 50 + 3 × (6 − 5) = 53.
        // Nederland: D_base = 165, E_base = 150, S_base = 15, D_T = 168.
        //   replacement = (14 + 17 + 17) / 3 = 16; demand change = 1;
        //   gap = 15 / 3 = 5; required = 22 (= 16 + 6 at a 0 % target).
        //   fte per teacher 150 / 175 = 6/7: persons 22 × 7/6 = 25.666…,
        //   replacement 18.666…, demand change 1.1666…, gap 5.8333…
        //   projected inflow = (16 + 20 + 23) / 3 = 59/3.
        let p = hand_example();
        let rows = indicators(&p, &hand_dataset(), &hand_regions(), &options(2028, 0.0)).unwrap();
        check_rows(&rows);
        let expect = [
            ("A", [16.0, 11.0, 2.0, 3.0], [20.0, 13.75, 2.5, 3.75]),
            ("B", [6.0, 5.0, -1.0, 2.0], [6.0, 5.0, -1.0, 2.0]),
            (
                "Nederland",
                [22.0, 16.0, 1.0, 5.0],
                [22.0 * 7.0 / 6.0, 16.0 * 7.0 / 6.0, 7.0 / 6.0, 35.0 / 6.0],
            ),
        ];
        for (region, fte, persons) in expect {
            for (name, x) in [
                "required_inflow_fte",
                "required_inflow_replacement_fte",
                "required_inflow_demand_change_fte",
                "required_inflow_gap_fte",
            ]
            .into_iter()
            .zip(fte)
            {
                close(value(&rows, region, name, 2028), x);
            }
            for (name, x) in [
                "required_inflow_persons",
                "required_inflow_replacement_persons",
                "required_inflow_demand_change_persons",
                "required_inflow_gap_persons",
            ]
            .into_iter()
            .zip(persons)
            {
                close(value(&rows, region, name, 2028), x);
            }
            // The required inflow rows are forecasts of the target year only.
            let row = find(&rows, region, "po", "required_inflow_fte", 2028).unwrap();
            assert_eq!(row.kind, IndicatorKind::Forecast);
            assert!(find(&rows, region, "po", "required_inflow_fte", 2027).is_none());
        }
        // The identity E_base + n (required − replacement) = E*.
        for (region, e_base, e_star) in [("A", 100.0, 115.0), ("B", 50.0, 53.0)] {
            let req = value(&rows, region, "required_inflow_fte", 2028);
            let rep = value(&rows, region, "required_inflow_replacement_fte", 2028);
            close(e_base + 3.0 * (req - rep), e_star);
        }
        close(value(&rows, "A", "projected_inflow_fte", 2028), 43.0 / 3.0);
        close(
            value(&rows, "A", "projected_inflow_persons", 2028),
            43.0 / 3.0 / 0.8,
        );
        close(
            value(&rows, "Nederland", "projected_inflow_fte", 2028),
            59.0 / 3.0,
        );

        // A target of 5 %: A's E* = 115 / 1.05 = 109.5238095…,
        // gap = (9 − (115 − 109.5238095…)) / 3 = 1.1746031…,
        // required = 11 + 2 + 1.1746031… = 14.1746031…
        let rows = indicators(&p, &hand_dataset(), &hand_regions(), &options(2028, 5.0)).unwrap();
        let e_star = 115.0 / 1.05;
        close(
            value(&rows, "A", "required_inflow_gap_fte", 2028),
            (9.0 - (115.0 - e_star)) / 3.0,
        );
        close(
            value(&rows, "A", "required_inflow_fte", 2028),
            14.174603174603174,
        );
        let req = value(&rows, "A", "required_inflow_fte", 2028);
        close(100.0 + 3.0 * (req - 11.0), e_star);
        // At E* the target year's shortage is exactly the target.
        close(100.0 * (115.0 - e_star) / e_star, 5.0);

        // A nearer target year: n = 1, replacement = 10, demand change 2,
        // gap 9, required 21.
        let rows = indicators(&p, &hand_dataset(), &hand_regions(), &options(2026, 0.0)).unwrap();
        close(value(&rows, "A", "required_inflow_fte", 2026), 21.0);
    }

    #[test]
    fn nation_sums_regions_and_recomputes_ratios() {
        let p = hand_example();
        let rows = indicators(&p, &hand_dataset(), &hand_regions(), &options(2028, 0.0)).unwrap();
        for year in BASE..=BASE + 3 {
            let a = value(&rows, "A", "shortage_fte", year);
            let b = value(&rows, "B", "shortage_fte", year);
            close(value(&rows, "Nederland", "shortage_fte", year), a + b);
            let (ca, cb) = (hand_cell(0, year), hand_cell(1, year));
            let e = ca.employment + cb.employment;
            // The nation's % is the summed shortage over the summed
            // employment, not a mean of the regions' %.
            close(
                value(&rows, "Nederland", "shortage_pct", year),
                100.0 * (a + b) / e,
            );
            close(
                value(&rows, "A", "shortage_pct", year),
                100.0 * a / ca.employment,
            );
            // Replacement requests per 100 teachers: one per teacher.
            close(
                value(&rows, "Nederland", "replacement_requests_per_100", year),
                100.0,
            );
            close(value(&rows, "Nederland", "hidden_share_pct", year), 60.0);
            let nat = find(&rows, "Nederland", "po", "shortage_fte", year).unwrap();
            assert_eq!(
                (nat.region_system.as_str(), nat.scenario.as_str()),
                ("nl", "baseline")
            );
        }
        // Base year: A 9 %, B 12 %, nation 15 / 150 = 10 %.
        close(value(&rows, "Nederland", "shortage_pct", BASE), 10.0);
        // Inflow mix of A in 2026: 6, 3, 2, 1 of 12.
        close(value(&rows, "A", "inflow_share_graduates_pct", 2026), 50.0);
        close(
            value(&rows, "A", "inflow_share_movers_pct", 2026),
            100.0 / 12.0,
        );
        // Outflow of the nation in 2028: retirement 4 + 3 of 11 + 6 = 17.
        close(
            value(&rows, "Nederland", "outflow_share_retirement_pct", 2028),
            700.0 / 17.0,
        );
        // Staff (DUO): A = municipalities 1 and 2, B = 3, the nation all.
        close(value(&rows, "A", "staff_persons", 2025), 74.0 + 54.0);
        close(value(&rows, "B", "staff_persons", 2025), 50.0);
        close(value(&rows, "Nederland", "staff_persons", 2025), 178.0);
        // One sector group only: no "all" rows, no vo or mbo rows.
        assert!(rows.iter().all(|r| r.sector == "po"));
    }

    #[test]
    fn staff_sums_by_region_from_plain_arrays() {
        let mut staff = Array3::zeros((3, 3, 2));
        staff[[0, 0, 0]] = 1.0;
        staff[[0, 1, 0]] = 2.0;
        staff[[1, 2, 1]] = 4.0;
        staff[[2, 0, 1]] = 8.0;
        let mut regions = RegionSystem {
            name: "two".into(),
            regions: vec!["a".into(), "b".into()],
            assignment: vec![0, 0, 1],
            boards: Vec::new(),
        };
        let s = sum_by_region(staff.view(), &regions, 2);
        assert_eq!(s.dim(), (3, 2));
        assert_eq!(s.row(0).to_vec(), vec![3.0, 4.0]);
        assert_eq!(s.row(1).to_vec(), vec![0.0, 8.0]);
        assert_eq!(s.row(2).to_vec(), vec![3.0, 12.0]);
        // A board with a quarter of municipality 0's bo moves it to b.
        regions.boards.push(crate::domain::regions::BoardPart {
            municipality: 0,
            sector: crate::domain::sector::Sector::PoBo,
            board: "12345".into(),
            region: 1,
            share: 0.25,
        });
        let s = sum_by_region(staff.view(), &regions, 2);
        assert_eq!(s.row(0).to_vec(), vec![2.75, 4.0]);
        assert_eq!(s.row(1).to_vec(), vec![0.25, 8.0]);
        assert_eq!(s.row(2).to_vec(), vec![3.0, 12.0]);
    }

    #[test]
    fn kinds_follow_history_measurement_and_forecast() {
        // A history run 2023–2028 (base 2025) with po_bo and vo.
        let p = hand_projection(
            &["A", "B"],
            &[Sector::PoBo, Sector::Vo],
            2023..=2028,
            |r, s, y| {
                let mut c = hand_cell(r, y.max(BASE));
                if y < BASE {
                    c.residual = 1.0;
                }
                if s == Sector::Vo {
                    c.pupils *= 0.5;
                }
                c
            },
        );
        let rows = indicators(&p, &hand_dataset(), &hand_regions(), &options(2028, 0.0)).unwrap();
        check_rows(&rows);
        let kind = |region: &str, sector: &str, ind: &str, year: i32| {
            find(&rows, region, sector, ind, year)
                .unwrap_or_else(|| panic!("no {ind} {year} for {region} {sector}"))
                .kind
        };
        use IndicatorKind::*;
        // po pupils are observed up to the base year; vo only in it.
        assert_eq!(kind("A", "po", "pupils", 2023), Measured);
        assert_eq!(kind("A", "po", "pupils", 2025), Measured);
        assert_eq!(kind("A", "po", "pupils", 2026), Forecast);
        assert_eq!(kind("A", "vo", "pupils", 2023), Estimated);
        assert_eq!(kind("A", "vo", "pupils", 2025), Measured);
        assert_eq!(kind("A", "all", "pupils", 2024), Estimated);
        assert_eq!(kind("A", "all", "pupils", 2025), Measured);
        // The shortage is measured in its measurement year (2023) only.
        assert_eq!(kind("A", "po", "shortage_pct", 2023), Measured);
        assert_eq!(kind("A", "po", "shortage_fte", 2023), Measured);
        assert_eq!(kind("A", "vo", "shortage_pct", 2023), Measured);
        assert_eq!(kind("A", "all", "shortage_pct", 2023), Measured);
        assert_eq!(kind("A", "po", "shortage_pct", 2024), Estimated);
        assert_eq!(kind("A", "po", "shortage_pct", 2025), Estimated);
        assert_eq!(kind("A", "po", "shortage_pct", 2026), Forecast);
        assert_eq!(kind("Nederland", "po", "shortage_pct", 2023), Measured);
        // Region B (arbeidsmarktregio Y) has no measurement of its own.
        assert_eq!(kind("B", "po", "shortage_pct", 2023), Estimated);
        assert_eq!(kind("B", "all", "shortage_pct", 2023), Estimated);
        // Modelled values are estimated up to the base year.
        assert_eq!(kind("A", "po", "vacancy_intensity_pct", 2023), Estimated);
        assert_eq!(kind("A", "po", "share_55plus_pct", 2025), Estimated);
        assert_eq!(kind("A", "po", "share_55plus_pct", 2027), Forecast);
        // DUO staff: po only, measured, up to the base year.
        assert_eq!(kind("A", "po", "staff_persons", 2023), Measured);
        assert_eq!(kind("A", "po", "staff_change_pct", 2025), Measured);
        assert_eq!(kind("A", "po", "pupils_per_staff", 2024), Measured);
        assert!(find(&rows, "A", "po", "staff_persons", 2026).is_none());
        assert!(find(&rows, "A", "vo", "staff_persons", 2024).is_none());
        assert!(find(&rows, "A", "all", "staff_persons", 2024).is_none());
        // Staff change over 2 years, 2023 → 2025: A (72 + 52) → (74 + 54).
        close(
            value(&rows, "A", "staff_change_pct", 2025),
            100.0 * (128.0 / 124.0 - 1.0),
        );
        close(value(&rows, "A", "pupils_per_staff", 2025), 2000.0 / 128.0);
        // The inflow mix leaves the history residual out: 4, 2, 1, 1 of 8.
        close(value(&rows, "A", "inflow_share_graduates_pct", 2024), 50.0);
        // Pupil change from the projection's own years.
        close(value(&rows, "A", "pupils_change_pct", 2027), -2.0);
        assert_eq!(kind("A", "po", "pupils_change_pct", 2025), Measured);
        assert_eq!(kind("A", "po", "pupils_change_pct", 2026), Forecast);
        // The required inflow is a forecast of the target year; ranks are
        // given for the base year and the target year.
        assert_eq!(kind("A", "all", "required_inflow_fte", 2028), Forecast);
        assert_eq!(kind("A", "po", "shortage_pct_rank", 2025), Estimated);
        assert_eq!(kind("A", "po", "shortage_pct_rank", 2028), Forecast);
        for r in &rows {
            assert_eq!(r.kind == Forecast, r.year > BASE, "{r:?}");
        }
    }

    #[test]
    fn pupil_change_before_the_first_year_uses_duo() {
        // Base run 2025–2028: the 2023 po pupils come from DUO (A: 2000).
        let rows = indicators(
            &hand_example(),
            &hand_dataset(),
            &hand_regions(),
            &options(2028, 0.0),
        )
        .unwrap();
        close(value(&rows, "A", "pupils_change_pct", 2025), 0.0);
        close(value(&rows, "B", "pupils_change_pct", 2026), 0.0);
        let row = find(&rows, "A", "po", "pupils_change_pct", 2025).unwrap();
        assert_eq!(row.kind, IndicatorKind::Measured);
        close(value(&rows, "A", "pupils_change_pct", 2027), -2.0);
    }

    #[test]
    fn ranks_and_distance_to_the_nation() {
        // Base year: A 9 %, B 12 %, nation 10 %.
        // 2028: A 5 / 110 = 4.545 %, B 2 / 51 = 3.922 %, nation 7 / 161.
        let rows = indicators(
            &hand_example(),
            &hand_dataset(),
            &hand_regions(),
            &options(2028, 0.0),
        )
        .unwrap();
        close(value(&rows, "A", "shortage_pct_rank", BASE), 2.0);
        close(value(&rows, "B", "shortage_pct_rank", BASE), 1.0);
        close(value(&rows, "A", "shortage_pct_rank", 2028), 1.0);
        close(value(&rows, "B", "shortage_pct_rank", 2028), 2.0);
        close(value(&rows, "A", "shortage_pct_vs_nation_pp", BASE), -1.0);
        close(value(&rows, "B", "shortage_pct_vs_nation_pp", BASE), 2.0);
        let nation = 700.0 / 161.0;
        close(
            value(&rows, "A", "shortage_pct_vs_nation_pp", 2028),
            500.0 / 110.0 - nation,
        );
        close(
            value(&rows, "B", "shortage_pct_vs_nation_pp", 2028),
            200.0 / 51.0 - nation,
        );
        // Only the base and target years; the nation has no rank.
        assert!(find(&rows, "A", "po", "shortage_pct_rank", 2026).is_none());
        assert!(!rows
            .iter()
            .any(|r| r.region == "Nederland" && r.indicator.starts_with("shortage_pct_")));
    }

    #[test]
    fn a_national_system_is_the_nation_once() {
        // The projection on the `nl` system: its one region is the nation.
        let mut p = hand_projection(&["Nederland"], &[Sector::PoBo], 2023..=2028, |_, _, y| {
            hand_cell(0, y.max(BASE))
        });
        p.region_system = "nl".into();
        let nl = RegionSystem {
            name: "nl".into(),
            regions: vec!["Nederland".into()],
            assignment: vec![0, 0, 0],
            boards: Vec::new(),
        };
        let rows = indicators(&p, &hand_dataset(), &nl, &options(2028, 0.0)).unwrap();
        check_rows(&rows);
        // `find` asserts that no row comes twice.
        let row = find(&rows, "Nederland", "po", "shortage_pct", 2024).unwrap();
        assert_eq!(row.region_system, "nl");
        // The national measurement of 2024 applies; there is no rank.
        assert_eq!(row.kind, IndicatorKind::Measured);
        assert!(!rows.iter().any(|r| r.indicator == "shortage_pct_rank"));
        close(value(&rows, "Nederland", "staff_persons", 2025), 178.0);
        close(value(&rows, "Nederland", "required_inflow_fte", 2028), 16.0);
        // On another system the region of 2024 is estimated, the nation
        // measured.
        let rows = indicators(
            &hand_projection(&["A", "B"], &[Sector::PoBo], 2023..=2028, |r, _, y| {
                hand_cell(r, y.max(BASE))
            }),
            &hand_dataset(),
            &hand_regions(),
            &options(2028, 0.0),
        )
        .unwrap();
        let kind = |region: &str| {
            find(&rows, region, "po", "shortage_pct", 2024)
                .unwrap()
                .kind
        };
        assert_eq!(kind("A"), IndicatorKind::Estimated);
        assert_eq!(kind("Nederland"), IndicatorKind::Measured);
    }

    #[test]
    fn undefined_values_have_no_row() {
        // Region B is empty: every ratio of B is undefined, and B is left
        // out of the ranking.
        let p = hand_projection(&["A", "B"], &[Sector::PoBo], BASE..=BASE + 3, |r, _, y| {
            if r == 0 {
                hand_cell(r, y)
            } else {
                Cellv::default()
            }
        });
        let rows = indicators(&p, &hand_dataset(), &hand_regions(), &options(2028, 0.0)).unwrap();
        check_rows(&rows);
        assert!(find(&rows, "B", "po", "shortage_pct", BASE).is_none());
        assert!(find(&rows, "B", "po", "hidden_share_pct", BASE).is_none());
        assert!(find(&rows, "B", "po", "inflow_share_graduates_pct", 2026).is_none());
        assert!(find(&rows, "B", "po", "required_inflow_persons", 2028).is_none());
        assert!(find(&rows, "B", "po", "shortage_pct_rank", BASE).is_none());
        // Without schools no inflow is required or projected: no row
        // rather than 0. Stocks stay (0), A ranks first alone.
        for name in [
            "required_inflow_fte",
            "required_inflow_replacement_fte",
            "projected_inflow_fte",
        ] {
            assert!(find(&rows, "B", "po", name, 2028).is_none(), "{name}");
        }
        close(value(&rows, "B", "shortage_fte", BASE), 0.0);
        close(value(&rows, "A", "shortage_pct_rank", BASE), 1.0);
        // The nation is A.
        close(value(&rows, "Nederland", "shortage_pct", BASE), 9.0);
    }

    #[test]
    fn bad_options_name_the_value() {
        let p = hand_example();
        let (ds, regions) = (hand_dataset(), hand_regions());
        let err = |o: IndicatorOptions| indicators(&p, &ds, &regions, &o).unwrap_err();
        for year in [2024, BASE, 2029] {
            let e = err(options(year, 0.0));
            assert_eq!(
                e,
                TekortError::YearOutOfRange {
                    what: "target_year".into(),
                    year,
                    min: 2026,
                    max: 2028,
                }
            );
            assert!(e.to_string().contains("target_year"), "{e}");
        }
        for pct in [-1.0, 100.0, f64::NAN, f64::INFINITY] {
            let e = err(options(2028, pct));
            assert!(
                matches!(&e, TekortError::InvalidValue { name, .. } if name == "target_shortage_pct"),
                "{e:?}"
            );
            assert!(e.to_string().contains("target_shortage_pct"), "{e}");
        }
        let e = err(IndicatorOptions {
            change_years: 0,
            ..options(2028, 0.0)
        });
        assert!(e.to_string().contains("change_years"), "{e}");
        // The default (2030) lies beyond this projection's last year.
        assert!(IndicatorOptions::default().validate(&p).is_err());
        // A region system that is not the projection's.
        let other = RegionSystem {
            name: "other".into(),
            ..hand_regions()
        };
        assert!(matches!(
            indicators(&p, &ds, &other, &options(2028, 0.0)),
            Err(TekortError::InvalidRegions { .. })
        ));
    }

    #[test]
    fn kind_names() {
        let names: Vec<String> = IndicatorKind::ALL.iter().map(|k| k.to_string()).collect();
        assert_eq!(names, ["measured", "estimated", "forecast"]);
    }
}

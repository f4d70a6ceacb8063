//! The regional report: one self-contained HTML page per region (no
//! external resources, charts inline as SVG), in Dutch or English, for a
//! school board or an onderwijsregio to read in five minutes.
//!
//! Its key figures are the rows of [`tekort_core::monitoring::indicators()`] (each figure
//! carries its raw value in `data-value`, so a test can compare them);
//! its bands are the Monte Carlo's ([`tekort_core::simulation::simulate`]).

use minijinja::{context, Value};
use tekort_core::{
    data::Dataset, forecast::Projection, forecast::ProjectionOptions, forecast::Variable,
    monitoring::monitor_run, monitoring::IndicatorOptions, monitoring::IndicatorRow,
    monitoring::NATION, params::Params, params::AGE_MIN, regions::RegionSystem, scenario::Scenario,
    sector::SectorGroup, simulation::quantile_sorted, simulation::McOptions,
    simulation::Simulation, Result, TekortError,
};

use crate::chart::{format_number, AgeChart, BarChart, ChartError, Lang, LineChart, Series};
use crate::templates;

/// The section ids of the report, in order (the same in every language).
pub const REPORT_SECTIONS: [&str; 7] = [
    "kerncijfers",
    "ontwikkeling",
    "stromen",
    "leeftijd",
    "wervingsopgave",
    "scenarios",
    "bronnen",
];

/// What the report is about.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportOptions {
    /// The region (a region of the region system).
    pub region: String,
    /// Language: Dutch (default) or English.
    pub lang: Lang,
    /// Target year and shortage of the required inflow.
    pub indicators: IndicatorOptions,
    /// Monte Carlo draws for the bands (0: no bands).
    pub draws: usize,
    /// Seed of the Monte Carlo.
    pub seed: u64,
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions {
            region: String::new(),
            lang: Lang::Nl,
            indicators: IndicatorOptions::default(),
            draws: 200,
            seed: 7,
        }
    }
}

/// The report's language from its code, `nl` or `en`; another code is an
/// error naming it.
pub fn report_lang(code: &str) -> Result<Lang> {
    match code {
        "nl" => Ok(Lang::Nl),
        "en" => Ok(Lang::En),
        other => Err(TekortError::InvalidChoice {
            what: "report language (lang)".into(),
            value: other.into(),
            choices: "nl (Dutch), en (English)".into(),
        }),
    }
}

/// `"a"`, `"a" or "b"`, `"a", "b" or "c"`.
fn quoted_list(names: &[&str]) -> String {
    let q: Vec<String> = names.iter().map(|n| format!("{n:?}")).collect();
    match q.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => q.join(""),
    }
}

/// Dutch or English.
fn tr(lang: Lang, nl: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Nl => nl,
        Lang::En => en,
    }
}

/// Writes the regional report of `ro.region` as one HTML page. Runs the
/// projection with the history run (and the workforce by age), the
/// indicators, and with `ro.draws > 0` the Monte Carlo for the bands.
///
/// Errors name the offending value: a region not in `regions` (with the
/// regions there are), a target year before the base year, and everything
/// [`tekort_core::forecast::project`] checks.
pub fn report(
    dataset: &Dataset,
    regions: &RegionSystem,
    params: &Params,
    scenarios: &[Scenario],
    options: &ProjectionOptions,
    ro: &ReportOptions,
) -> Result<String> {
    let Some(ri) = regions.region_index(&ro.region) else {
        let close = regions.closest_regions(&ro.region, 3);
        let suggestion = if close.is_empty() {
            String::new()
        } else {
            format!("did you mean {}? ", quoted_list(&close))
        };
        return Err(TekortError::InvalidRegions {
            reason: format!(
                "unknown region {:?} for the report; {suggestion}the regions of {:?} are: {}",
                ro.region,
                regions.name,
                regions.regions.join(", ")
            ),
        });
    };
    let io = &ro.indicators;
    // The charts run to 2035 at least, with the workforce by age.
    let mut opts = options.clone();
    opts.until = opts.until.max(2035);
    opts.ages = true;
    let mc = McOptions {
        draws: ro.draws,
        seed: ro.seed,
    };
    let (projection, sim, rows) = monitor_run(
        dataset,
        regions,
        params,
        scenarios,
        &opts,
        io,
        (ro.draws > 0).then_some(&mc),
    )?;
    let page = Page {
        p: &projection,
        sim: sim.as_ref(),
        rows: &rows,
        regions,
        dataset,
        ri,
        lang: ro.lang,
        io,
        draws: ro.draws,
    };
    page.render()
}

struct Page<'a> {
    p: &'a Projection,
    sim: Option<&'a Simulation>,
    rows: &'a [IndicatorRow],
    regions: &'a RegionSystem,
    dataset: &'a Dataset,
    ri: usize,
    lang: Lang,
    io: &'a IndicatorOptions,
    draws: usize,
}

fn chart_err(e: ChartError) -> TekortError {
    TekortError::Data {
        reason: format!("a chart of the report could not be drawn: {e}"),
    }
}

impl Page<'_> {
    fn t(&self, nl: &'static str, en: &'static str) -> &'static str {
        tr(self.lang, nl, en)
    }

    fn region(&self) -> &str {
        &self.p.regions[self.ri]
    }

    fn groups(&self) -> Vec<SectorGroup> {
        SectorGroup::ALL
            .into_iter()
            .filter(|g| !self.p.group_indices(*g).is_empty())
            .collect()
    }

    /// The indicator row of the first scenario (or `scenario`).
    fn find(
        &self,
        scenario: &str,
        nation: bool,
        sector: &str,
        name: &str,
        year: i32,
    ) -> Option<&IndicatorRow> {
        let region = if nation { NATION } else { self.region() };
        self.rows.iter().find(|r| {
            r.scenario == scenario
                && r.region == region
                && (nation || r.region_system == self.regions.name)
                && r.sector == sector
                && r.indicator == name
                && r.year == year
        })
    }

    /// A table cell: the figure and its raw value (none if not computed).
    fn cell(&self, nation: bool, sector: &str, name: &str, year: i32, decimals: usize) -> Value {
        let scenario = &self.p.scenarios[0];
        match self.find(scenario, nation, sector, name, year) {
            Some(r) => context! {
                indicator => name,
                sector => sector,
                year => year,
                area => if nation { "nation" } else { "region" },
                value => format!("{:?}", r.value),
                text => format_number(r.value, decimals, self.lang),
            },
            None => context! { value => () },
        }
    }

    fn render(&self) -> Result<String> {
        let (inflow, outflow) = self.flows()?;
        let (required, required_chart) = self.required()?;
        let (scenarios, scenarios_chart) = self.scenarios()?;
        let (markets, boards) = self.sources();
        let title = format!(
            "{} {}",
            self.t("Lerarenarbeidsmarkt", "Teacher labour market"),
            self.region()
        );
        let page = context! {
            lang => self.t("nl", "en"),
            title,
            system => &self.regions.name,
            region => self.region(),
            version => env!("CARGO_PKG_VERSION"),
            base_year => self.p.base_year,
            first_year => self.p.years[0],
            last_year => self.p.years[self.p.years.len() - 1],
            target_year => self.io.target_year,
            target_shortage => format_number(self.io.target_shortage_pct, 1, self.lang),
            bands => self.sim.is_some(),
            draws => self.draws,
            key_figures => self.key_figures(),
            development => self.development()?,
            inflow,
            outflow,
            ages => self.ages()?,
            required,
            required_chart,
            scenarios,
            scenarios_chart,
            markets,
            boards,
        };
        templates::render("report.html", page)
    }

    /// The rows of the key figures, for the region and the nation.
    fn key_figures(&self) -> Vec<Value> {
        let (base, target) = (self.p.base_year, self.io.target_year);
        let lines: [(&str, &str, &str, i32, usize); 10] = [
            ("pupils", "Leerlingen", "Pupils", base, 0),
            (
                "pupils_change_pct",
                "Leerlingen, verandering in 5 jaar (%)",
                "Pupils, change over 5 years (%)",
                target,
                1,
            ),
            ("shortage_pct", "Tekort (%)", "Shortage (%)", base, 1),
            ("shortage_pct", "Tekort (%)", "Shortage (%)", target, 1),
            ("shortage_pct", "Tekort (%)", "Shortage (%)", 2035, 1),
            (
                "vacancy_intensity_pct",
                "Vacature-intensiteit (%)",
                "Vacancy intensity (%)",
                base,
                1,
            ),
            (
                "share_55plus_pct",
                "Aandeel fte van 55+ (%)",
                "Share of fte aged 55+ (%)",
                base,
                1,
            ),
            (
                "replacement_unfilled_pct",
                "Onvervulde vervangingsaanvragen (%)",
                "Unfilled replacement requests (%)",
                base,
                1,
            ),
            (
                "required_inflow_fte",
                "Wervingsopgave (fte per jaar)",
                "Required inflow (fte per year)",
                target,
                0,
            ),
            (
                "projected_inflow_fte",
                "Verwachte instroom (fte per jaar)",
                "Projected inflow (fte per year)",
                target,
                0,
            ),
        ];
        let mut rows = Vec::new();
        for g in self.groups() {
            for (name, nl, en, year, dec) in lines {
                rows.push(context! {
                    label => tr(self.lang, nl, en),
                    year,
                    sector => g.code(),
                    cells => vec![
                        self.cell(false, g.code(), name, year, dec),
                        self.cell(true, g.code(), name, year, dec),
                    ],
                });
            }
        }
        rows
    }

    /// The per-draw quantiles of `variable` (index into the interval
    /// variables) for one region (or all) and sector group.
    fn band(
        &self,
        region: Option<usize>,
        g: SectorGroup,
        vi: usize,
        level: f64,
    ) -> Option<(Vec<f64>, Vec<f64>)> {
        let sim = self.sim?;
        let sectors = self.p.group_indices(g);
        let only = region.map(|r| [r]);
        let a = (1.0 - level / 100.0) / 2.0;
        let mut lo = Vec::with_capacity(self.p.years.len());
        let mut hi = Vec::with_capacity(self.p.years.len());
        for yi in 0..self.p.years.len() {
            let t = sim
                .total(0, only.as_ref().map(|o| &o[..]), &sectors, yi)
                .expect("indices from the simulation itself");
            let mut v: Vec<f64> = t
                .column(vi)
                .iter()
                .copied()
                .filter(|x| x.is_finite())
                .collect();
            v.sort_by(f64::total_cmp);
            if v.is_empty() {
                return None;
            }
            lo.push(quantile_sorted(&v, a));
            hi.push(quantile_sorted(&v, 1.0 - a));
        }
        Some((lo, hi))
    }

    fn series(&self, region: Option<usize>, g: SectorGroup, v: Variable) -> Vec<f64> {
        let sectors = self.p.group_indices(g);
        let only = region.map(|r| [r]);
        (0..self.p.years.len())
            .map(|yi| {
                self.p
                    .total(0, only.as_ref().map(|o| &o[..]), &sectors, yi)
                    .expect("indices from the projection itself")[v]
            })
            .collect()
    }

    /// A chart's SVG, to be inlined as it is (the chart escapes its text).
    fn svg(svg: std::result::Result<String, ChartError>) -> Result<Value> {
        Ok(Value::from_safe_string(svg.map_err(chart_err)?))
    }

    /// Per sector group its three charts (shortage, demand and employment,
    /// pupils), or none where the group has no teachers in the region.
    fn development(&self) -> Result<Vec<Value>> {
        let mut groups = Vec::new();
        let years = self.p.years.clone();
        let base = self.p.base_year;
        for g in self.groups() {
            let shortage = self.series(Some(self.ri), g, Variable::ShortagePct);
            if shortage.iter().any(|v| !v.is_finite()) {
                // No employment in the group here (e.g. mbo in a region of
                // school boards).
                groups.push(context! { code => g.code(), shortage => () });
                continue;
            }
            let mut region = Series::new(self.region(), years.clone(), shortage);
            region.dashed_from = Some(base);
            region.band = self.band(Some(self.ri), g, 4, 80.0);
            region.band_outer = self.band(Some(self.ri), g, 4, 95.0);
            let mut nation = Series::new(
                self.t("Nederland", "Netherlands"),
                years.clone(),
                self.series(None, g, Variable::ShortagePct),
            );
            nation.dashed_from = Some(base);
            let chart = LineChart {
                title: format!("{} {}", self.t("Tekort in %,", "Shortage in %,"), g.code()),
                y_label: self.t("% van de werkgelegenheid", "% of employment").into(),
                series: vec![region, nation],
                marker_year: Some(base),
                marker_label: self.t("basisjaar", "base year").into(),
                y_from_zero: true,
                percent: true,
                lang: self.lang,
            };
            let shortage = Self::svg(chart.to_svg())?;
            let mut demand = Series::new(
                self.t("Vraag (fte)", "Demand (fte)"),
                years.clone(),
                self.series(Some(self.ri), g, Variable::DemandFte),
            );
            demand.dashed_from = Some(base);
            let mut employment = Series::new(
                self.t("Werkgelegenheid (fte)", "Employment (fte)"),
                years.clone(),
                self.series(Some(self.ri), g, Variable::EmploymentFte),
            );
            employment.dashed_from = Some(base);
            employment.band = self.band(Some(self.ri), g, 2, 80.0);
            let chart = LineChart {
                title: format!(
                    "{} {}",
                    self.t("Vraag en werkgelegenheid,", "Demand and employment,"),
                    g.code()
                ),
                y_label: "fte".into(),
                series: vec![demand, employment],
                marker_year: Some(base),
                marker_label: self.t("basisjaar", "base year").into(),
                y_from_zero: false,
                percent: false,
                lang: self.lang,
            };
            let demand = Self::svg(chart.to_svg())?;
            let mut pupils = Series::new(
                self.t("Leerlingen", "Pupils"),
                years.clone(),
                self.series(Some(self.ri), g, Variable::Pupils),
            );
            pupils.dashed_from = Some(base);
            pupils.band = self.band(Some(self.ri), g, 0, 80.0);
            let chart = LineChart {
                title: format!("{} {}", self.t("Leerlingen,", "Pupils,"), g.code()),
                y_label: self.t("leerlingen", "pupils").into(),
                series: vec![pupils],
                marker_year: Some(base),
                marker_label: self.t("basisjaar", "base year").into(),
                y_from_zero: false,
                percent: false,
                lang: self.lang,
            };
            groups.push(context! {
                code => g.code(),
                shortage,
                demand,
                pupils => Self::svg(chart.to_svg())?,
            });
        }
        Ok(groups)
    }

    /// The sector code the all-sector figures use.
    fn all_code(&self) -> &'static str {
        if self.groups().len() > 1 {
            "all"
        } else {
            self.groups().first().map_or("po", |g| g.code())
        }
    }

    fn shares_chart(&self, title: &str, parts: &[(&str, &'static str, &'static str)]) -> BarChart {
        let sector = self.all_code();
        let base = self.p.base_year;
        let scenario = &self.p.scenarios[0];
        let values = |nation: bool| -> Vec<f64> {
            parts
                .iter()
                .map(|(name, _, _)| {
                    self.find(scenario, nation, sector, name, base)
                        .map_or(0.0, |r| r.value)
                })
                .collect()
        };
        BarChart {
            title: title.into(),
            categories: parts
                .iter()
                .map(|(_, nl, en)| tr(self.lang, nl, en).to_string())
                .collect(),
            groups: vec![
                (self.region().to_string(), values(false)),
                (self.t("Nederland", "Netherlands").to_string(), values(true)),
            ],
            stacked: false,
            horizontal: true,
            lang: self.lang,
        }
    }

    /// The charts of inflow by origin and outflow by reason.
    fn flows(&self) -> Result<(Value, Value)> {
        let inflow = self.shares_chart(
            self.t("Instroom naar herkomst (%)", "Inflow by origin (%)"),
            &[
                ("inflow_share_graduates_pct", "Afgestudeerden", "Graduates"),
                (
                    "inflow_share_zij_instroom_pct",
                    "Zij-instromers",
                    "Career switchers",
                ),
                ("inflow_share_returners_pct", "Herintreders", "Returners"),
                (
                    "inflow_share_movers_pct",
                    "Uit andere regio's",
                    "From other regions",
                ),
            ],
        );

        let outflow = self.shares_chart(
            self.t("Uitstroom naar reden (%)", "Outflow by reason (%)"),
            &[
                ("outflow_share_retirement_pct", "Pensioen", "Retirement"),
                (
                    "outflow_share_attrition_pct",
                    "Vertrek uit het beroep",
                    "Leaving the profession",
                ),
                (
                    "outflow_share_death_disability_pct",
                    "Overlijden en arbeidsongeschiktheid",
                    "Death and disability",
                ),
                (
                    "outflow_share_movers_pct",
                    "Naar andere regio's",
                    "To other regions",
                ),
            ],
        );
        Ok((Self::svg(inflow.to_svg())?, Self::svg(outflow.to_svg())?))
    }

    /// The chart of the age structure.
    fn ages(&self) -> Result<Value> {
        let bi = self.p.year_index(self.p.base_year).unwrap_or(0);
        let classes: [(&str, usize, usize); 6] = [
            ("<25", 0, 24),
            ("25-34", 25, 34),
            ("35-44", 35, 44),
            ("45-54", 45, 54),
            ("55-59", 55, 59),
            ("60+", 60, 200),
        ];
        let shares = |regions: &[usize]| -> Vec<f64> {
            let na = self.p.fte_by_age.dim().4;
            let mut sums = vec![0.0; classes.len()];
            for &r in regions {
                for k in 0..self.p.sectors.len() {
                    for i in 0..na {
                        let age = AGE_MIN + i;
                        if let Some(c) =
                            classes.iter().position(|&(_, a, b)| (a..=b).contains(&age))
                        {
                            sums[c] += self.p.fte_by_age[[0, r, k, bi, i]];
                        }
                    }
                }
            }
            let total: f64 = sums.iter().sum();
            sums.iter()
                .map(|s| if total > 0.0 { 100.0 * s / total } else { 0.0 })
                .collect()
        };
        let all: Vec<usize> = (0..self.p.regions.len()).collect();
        let chart = AgeChart {
            title: format!(
                "{} {}",
                self.t(
                    "Leeftijdsopbouw van de fte (alle sectoren),",
                    "Age structure of the fte (all sectors),"
                ),
                self.p.base_year
            ),
            ages: classes.iter().map(|c| c.0.to_string()).collect(),
            shares: vec![
                (self.region().to_string(), shares(&[self.ri])),
                (self.t("Nederland", "Netherlands").to_string(), shares(&all)),
            ],
            lang: self.lang,
        };
        Self::svg(chart.to_svg())
    }

    /// The rows of the required inflow and its chart.
    fn required(&self) -> Result<(Vec<Value>, Value)> {
        let target = self.io.target_year;
        let parts = [
            "required_inflow_replacement_fte",
            "required_inflow_demand_change_fte",
            "required_inflow_gap_fte",
        ];
        let mut groups: Vec<(String, Vec<f64>)> = vec![
            (self.t("Vervanging", "Replacement").into(), vec![]),
            (self.t("Groei vraag", "Demand change").into(), vec![]),
            (self.t("Tekort dichten", "Closing the gap").into(), vec![]),
        ];
        let scenario = &self.p.scenarios[0];
        let mut rows = Vec::new();
        for g in self.groups() {
            let mut cells: Vec<Value> = parts
                .iter()
                .map(|name| self.cell(false, g.code(), name, target, 0))
                .collect();
            for name in [
                "required_inflow_fte",
                "required_inflow_persons",
                "projected_inflow_fte",
            ] {
                cells.push(self.cell(false, g.code(), name, target, 0));
            }
            rows.push(context! { sector => g.code(), cells });
            for (k, name) in parts.iter().enumerate() {
                groups[k].1.push(
                    self.find(scenario, false, g.code(), name, target)
                        .map_or(0.0, |r| r.value),
                );
            }
        }
        let chart = BarChart {
            title: format!(
                "{} {}–{target}",
                self.t(
                    "Wervingsopgave per jaar (fte),",
                    "Required inflow per year (fte),"
                ),
                self.p.base_year + 1
            ),
            categories: self.groups().iter().map(|g| g.code().to_string()).collect(),
            groups,
            stacked: true,
            horizontal: false,
            lang: self.lang,
        };
        Ok((rows, Self::svg(chart.to_svg())?))
    }

    /// The scenarios side by side: their rows and their chart.
    fn scenarios(&self) -> Result<(Vec<Value>, Value)> {
        let target = self.io.target_year;
        let sector = self.all_code();
        let mut rows = Vec::new();
        let mut series = Vec::new();
        for (si, s) in self.p.scenarios.iter().enumerate() {
            let fmt = |name: &str, year: i32, d: usize| {
                self.find(s, false, sector, name, year)
                    .map_or("–".to_string(), |r| format_number(r.value, d, self.lang))
            };
            rows.push(context! {
                name => s,
                shortage_target => fmt("shortage_pct", target, 1),
                shortage_2035 => fmt("shortage_pct", 2035, 1),
                required => fmt("required_inflow_fte", target, 0),
            });
            let sectors: Vec<usize> = (0..self.p.sectors.len()).collect();
            let values: Vec<f64> = (0..self.p.years.len())
                .map(|yi| {
                    self.p
                        .total(si, Some(&[self.ri]), &sectors, yi)
                        .expect("indices from the projection itself")[Variable::ShortagePct]
                })
                .collect();
            if values.iter().any(|v| !v.is_finite()) {
                continue;
            }
            let mut line = Series::new(s.clone(), self.p.years.clone(), values);
            line.dashed_from = Some(self.p.base_year);
            series.push(line);
        }
        let chart = LineChart {
            title: format!(
                "{} {}",
                self.t(
                    "Tekort in % per scenario, alle sectoren,",
                    "Shortage in % per scenario, all sectors,"
                ),
                self.region()
            ),
            y_label: self.t("% van de werkgelegenheid", "% of employment").into(),
            series,
            marker_year: Some(self.p.base_year),
            marker_label: self.t("basisjaar", "base year").into(),
            y_from_zero: true,
            percent: true,
            lang: self.lang,
        };
        Ok((rows, Self::svg(chart.to_svg())?))
    }

    /// The notes' data: the arbeidsmarktregio's of a region in more than
    /// one, and the school boards of a region of boards (none if not so).
    fn sources(&self) -> (Option<String>, Option<String>) {
        // Municipalities of the region in more than one arbeidsmarktregio.
        let mut markets: Vec<&str> = self
            .regions
            .assignment
            .iter()
            .enumerate()
            .filter(|(_, &r)| r == self.ri)
            .map(|(m, _)| self.dataset.municipalities[m].arbeidsmarktregio.as_str())
            .collect();
        markets.sort_unstable();
        markets.dedup();
        let boards: Vec<&str> = {
            let mut b: Vec<&str> = self
                .regions
                .boards
                .iter()
                .filter(|b| b.region == self.ri)
                .map(|b| b.board.as_str())
                .collect();
            b.sort_unstable();
            b.dedup();
            b
        };
        (
            (markets.len() > 1).then(|| markets.join(", ")),
            (!boards.is_empty()).then(|| boards.join(", ")),
        )
    }
}

//! The regional report: one self-contained HTML page per region (no
//! external resources, charts inline as SVG), in Dutch or English, for a
//! school board or an onderwijsregio to read in five minutes.
//!
//! Its key figures are the rows of [`tekort_core::monitoring::indicators()`] (each figure
//! carries its raw value in `data-value`, so a test can compare them);
//! its bands are the Monte Carlo's ([`tekort_core::simulation::simulate`]).

use std::collections::BTreeSet;

use minijinja::{context, Value};
use tekort_core::{
    data::Dataset, data::MeasuredArea, error::did_you_mean, error::quoted_or,
    forecast::IndicatorKind, forecast::Projection, forecast::ProjectionOptions, forecast::Variable,
    monitoring::monitor_run, monitoring::IndicatorOptions, monitoring::IndicatorRow,
    monitoring::NATION, params::Params, params::AGE_MIN, regions::closest_names,
    regions::fold_municipality_name, regions::RegionSystem, regions::BUILTIN_REGION_SYSTEMS,
    regions::REST_REGION, scenario::Scenario, sector::SectorGroup, simulation::quantile_sorted,
    simulation::McOptions, simulation::Simulation, Result, TekortError,
};

use crate::chart::{format_number, AgeChart, BarChart, ChartError, Lang, LineChart, Series};
use crate::templates;

/// The section ids of the report, in order (the same in every language);
/// `scenarios` only when more than one scenario is reported.
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
    /// The page's title; by default "Lerarenarbeidsmarkt in REGION"
    /// ("Teacher labour market in REGION").
    pub title: Option<String>,
    /// The line under the title; by default the region system in plain
    /// words ("Arbeidsmarktregio's (35 regio's)", "Eigen regio-indeling uit
    /// gemeenten (3 regio's)").
    pub subtitle: Option<String>,
    /// The day the report was made, `YYYY-MM-DD`, shown in words under the
    /// title (none: no date). The command line and Python give today's
    /// date, or `SOURCE_DATE_EPOCH`'s when set.
    pub date: Option<String>,
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions {
            region: String::new(),
            lang: Lang::Nl,
            indicators: IndicatorOptions::default(),
            draws: 200,
            seed: 7,
            title: None,
            subtitle: None,
            date: None,
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

/// Dutch or English.
/// How many of a board's largest schools name it in the report.
const BOARD_SCHOOLS_SHOWN: usize = 3;

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
    let ri = resolve_region(regions, &ro.region)?;
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
        ro,
    };
    page.render()
}

/// The region `name` means: the exact name, else the one name equal but
/// for case and accents ([`RegionSystem::region_index`]), else the one
/// region having `name` as a whole word (`haaglanden` is "Onderwijsregio
/// Haaglanden"), else the one region containing it. Several matches are an
/// error listing them; none an error with the closest names
/// ([`RegionSystem::closest_regions`]) and the regions there are.
pub fn resolve_region(regions: &RegionSystem, name: &str) -> Result<usize> {
    if let Some(i) = regions.region_index(name) {
        return Ok(i);
    }
    let key = fold_municipality_name(name);
    let words = |r: &str| -> Vec<String> {
        r.split(|c: char| c.is_whitespace() || c == '-' || c == '/')
            .map(fold_municipality_name)
            .collect()
    };
    let matching = |pred: &dyn Fn(&str) -> bool| -> Vec<usize> {
        (0..regions.len())
            .filter(|&i| !key.is_empty() && pred(&regions.regions[i]))
            .collect()
    };
    let whole_words = |r: &str| {
        let w = words(r);
        let k = words(name);
        !k.is_empty() && w.windows(k.len()).any(|win| win == k.as_slice())
    };
    for found in [
        matching(&whole_words),
        matching(&|r: &str| fold_municipality_name(r).contains(&key)),
    ] {
        match found.as_slice() {
            [] => continue,
            [i] => return Ok(*i),
            many => {
                let names: Vec<&str> = many.iter().map(|&i| regions.regions[i].as_str()).collect();
                return Err(TekortError::InvalidRegions {
                    reason: format!(
                        "region {name:?} for the report is ambiguous: it matches {}; give the full name",
                        quoted_or(&names)
                    ),
                });
            }
        }
    }
    let mut close = regions.closest_regions(name, 3);
    if close.is_empty() {
        // A near miss of a word of a name: "Haaglanen" for "Onderwijsregio
        // Haaglanden". The words as the regions of a system, for the same
        // distance as whole names.
        let mut words: Vec<(String, usize)> = Vec::new();
        for (i, r) in regions.regions.iter().enumerate() {
            let w: Vec<&str> = r.split_whitespace().collect();
            for k in 1..w.len() {
                words.push((w[k..].join(" "), i));
                words.push((w[..k].join(" "), i));
            }
        }
        for word in closest_names(name, words.iter().map(|w| w.0.as_str()), 3) {
            if let Some((_, i)) = words.iter().find(|w| w.0 == word) {
                let full = regions.regions[*i].as_str();
                if !close.contains(&full) {
                    close.push(full);
                }
            }
        }
    }
    let suggestion = did_you_mean(&close);
    Err(TekortError::InvalidRegions {
        reason: format!(
            "unknown region {name:?} for the report; {suggestion}the regions of {:?} are: {}",
            regions.name,
            regions.regions.join(", ")
        ),
    })
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
    ro: &'a ReportOptions,
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

    /// The groups with teachers in the region in the base year (a region
    /// of po school boards has no vo or mbo).
    fn present_groups(&self) -> Vec<SectorGroup> {
        let bi = self.p.year_index(self.p.base_year).unwrap_or(0);
        self.groups()
            .into_iter()
            .filter(|&g| self.series(Some(self.ri), g, Variable::EmploymentFte)[bi] > 0.0)
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

    /// What a value is, as the key figures mark it: measured (its kind),
    /// derived (a region's shortage estimated in a year the nation's is
    /// measured: the region has no measurement of its own, the model
    /// shares out the measurements of the areas it lies in), an assumption
    /// (the national mbo students), or the model's.
    fn kind_of(
        &self,
        nation: bool,
        sector: &str,
        name: &str,
        year: i32,
        kind: IndicatorKind,
    ) -> Value {
        let shortage = name == "shortage_pct" || name == "shortage_fte";
        let nation_measured = || {
            self.find(&self.p.scenarios[0], true, sector, name, year)
                .is_some_and(|r| r.kind == IndicatorKind::Measured)
        };
        let (code, text) = if sector == "mbo" && name == "pupils" {
            ("assumption", self.t("aanname", "assumption"))
        } else if kind == IndicatorKind::Measured {
            ("measured", self.t("gemeten", "measured"))
        } else if kind == IndicatorKind::Estimated && shortage && !nation && nation_measured() {
            ("derived", self.t("afgeleid", "derived"))
        } else {
            ("model", self.t("model", "model"))
        };
        context! { code, text }
    }

    /// A table cell: the figure, its raw value and whether it is measured
    /// (none if not computed).
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
                kind => self.kind_of(nation, sector, name, year, r.kind),
            },
            None => context! { value => () },
        }
    }

    /// The region system in plain words.
    fn system_text(&self) -> String {
        let own = self
            .regions
            .regions
            .iter()
            .filter(|r| r.as_str() != REST_REGION)
            .count();
        let count = match (self.lang, own) {
            (Lang::Nl, 1) => "1 regio".to_string(),
            (Lang::Nl, n) => format!("{n} regio's"),
            (Lang::En, 1) => "1 region".to_string(),
            (Lang::En, n) => format!("{n} regions"),
        };
        let builtin = match self.regions.name.as_str() {
            "arbeidsmarktregio" => Some(self.t("Arbeidsmarktregio's", "Labour market regions")),
            "provincie" => Some(self.t("Provincies", "Provinces")),
            "corop" => Some(self.t("COROP-gebieden", "COROP regions")),
            "nl" => Some(self.t("Nederland als geheel", "The Netherlands as a whole")),
            _ => None,
        };
        debug_assert!(BUILTIN_REGION_SYSTEMS.len() == 4);
        match builtin {
            Some(name) if self.regions.name == "nl" => name.to_string(),
            Some(name) => format!("{name} ({count})"),
            None if !self.regions.boards.is_empty() => format!(
                "{} ({count})",
                self.t(
                    "Eigen regio-indeling uit schoolbesturen",
                    "Own regions of school boards"
                )
            ),
            None => format!(
                "{} ({count})",
                self.t(
                    "Eigen regio-indeling uit gemeenten",
                    "Own regions of municipalities"
                )
            ),
        }
    }

    /// `2026-12-07` as "7 december 2026" ("7 December 2026"); another
    /// text as it is.
    fn date_text(&self, date: &str) -> String {
        const NL: [&str; 12] = [
            "januari",
            "februari",
            "maart",
            "april",
            "mei",
            "juni",
            "juli",
            "augustus",
            "september",
            "oktober",
            "november",
            "december",
        ];
        const EN: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        let parts: Vec<&str> = date.split('-').collect();
        let parsed = match parts.as_slice() {
            [y, m, d] => y
                .parse::<i32>()
                .ok()
                .zip(m.parse::<usize>().ok().filter(|m| (1..=12).contains(m)))
                .zip(d.parse::<u32>().ok()),
            _ => None,
        };
        match parsed {
            Some(((y, m), d)) => {
                let month = match self.lang {
                    Lang::Nl => NL[m - 1],
                    Lang::En => EN[m - 1],
                };
                format!("{d} {month} {y}")
            }
            None => date.to_string(),
        }
    }

    /// Municipalities of the region (by index), when it is made of whole
    /// municipalities.
    fn municipalities(&self) -> Vec<usize> {
        (0..self.regions.assignment.len())
            .filter(|&m| self.regions.assignment[m] == self.ri)
            .collect()
    }

    /// What the region is made of, in words: its municipalities, or its
    /// school boards with their pupils and municipalities.
    fn composition(&self) -> Value {
        let names = |ms: &BTreeSet<usize>| -> String {
            let mut n: Vec<&str> = ms
                .iter()
                .map(|&m| self.dataset.municipalities[m].name.as_str())
                .collect();
            n.sort_unstable();
            n.join(", ")
        };
        let mut boards: Vec<&str> = self
            .regions
            .boards
            .iter()
            .filter(|b| b.region == self.ri)
            .map(|b| b.board.as_str())
            .collect();
        boards.sort_unstable();
        boards.dedup();
        let board_rows: Vec<Value> = boards
            .iter()
            .map(|&board| {
                // Its pupils in the latest year of each sector, and where.
                let rows: Vec<_> = self
                    .dataset
                    .board_pupils
                    .iter()
                    .filter(|b| b.board == board)
                    .collect();
                let mut pupils = 0.0;
                let mut places = BTreeSet::new();
                let mut years = BTreeSet::new();
                for b in &rows {
                    let latest = rows
                        .iter()
                        .filter(|o| o.sector == b.sector)
                        .map(|o| o.year)
                        .max();
                    if Some(b.year) == latest {
                        pupils += b.pupils;
                        places.insert(b.municipality);
                        years.insert(b.year);
                    }
                }
                let mut sectors: Vec<&str> = rows.iter().map(|b| b.sector.group().code()).collect();
                sectors.sort_unstable();
                sectors.dedup();
                // Its largest schools, by which it is known (DUO's pupil
                // files give no board names); none where the dataset has
                // no board_schools rows for it.
                let schools: Vec<String> = self
                    .dataset
                    .largest_schools(board, BOARD_SCHOOLS_SHOWN)
                    .iter()
                    .map(|s| format!("{} ({})", s.school, s.place))
                    .collect();
                context! {
                    number => board,
                    schools => (!schools.is_empty()).then(|| schools.join(", ")),
                    pupils => format_number(pupils, 0, self.lang),
                    sectors => sectors.join(", "),
                    year => years.iter().next_back().copied(),
                    places => names(&places),
                }
            })
            .collect();
        let ms: BTreeSet<usize> = self.municipalities().into_iter().collect();
        let named = boards
            .iter()
            .any(|b| !self.dataset.largest_schools(b, 1).is_empty());
        context! {
            municipalities => (!ms.is_empty()).then(|| names(&ms)),
            n_municipalities => ms.len(),
            boards => board_rows,
            boards_named => named,
        }
    }

    /// The municipalities of a measurement's area.
    fn area_members(&self, area: &MeasuredArea) -> (String, BTreeSet<usize>) {
        match area {
            MeasuredArea::Arbeidsmarktregio(name) => (
                format!(
                    "{} {name}",
                    self.t("arbeidsmarktregio", "labour market region")
                ),
                (0..self.dataset.municipalities.len())
                    .filter(|&m| self.dataset.municipalities[m].arbeidsmarktregio == *name)
                    .collect(),
            ),
            MeasuredArea::Municipality(m) => (
                format!(
                    "{} {}",
                    self.t("gemeente", "municipality"),
                    self.dataset.municipalities[*m].name
                ),
                [*m].into(),
            ),
            MeasuredArea::Municipalities { name, members } => {
                (name.clone(), members.iter().copied().collect())
            }
            // An area of a kind added later: nothing to match it with.
            _ => (String::new(), BTreeSet::new()),
        }
    }

    /// The shortage measurements (OCW) that describe the region: its own
    /// (an area of exactly its municipalities), and those of areas mostly
    /// inside it. Rows of `(own, sector, year, area, %)`.
    fn measurements(&self) -> Vec<(bool, &'static str, i32, String, f64)> {
        let boards = self
            .regions
            .boards
            .iter()
            .any(|b| b.region == self.ri || self.regions.assignment[b.municipality] == self.ri);
        let ms: BTreeSet<usize> = self.municipalities().into_iter().collect();
        if ms.is_empty() {
            return Vec::new();
        }
        let mut out: Vec<(bool, &'static str, i32, String, f64)> = self
            .dataset
            .measured_shortage
            .iter()
            .filter(|m| !self.p.group_indices(m.group).is_empty())
            .filter_map(|m| {
                let (name, members) = self.area_members(&m.area);
                let inside = members.intersection(&ms).count();
                let own = !boards && members == ms;
                (own || 2 * inside >= members.len().max(1) && inside > 0)
                    .then(|| (own, m.group.code(), m.year, name, m.pct))
            })
            .collect();
        out.sort_by(|a, b| (!a.0, a.1, a.2, &a.3).cmp(&(!b.0, b.1, b.2, &b.3)));
        out
    }

    /// The national measured shortage of a group in a year, where published.
    fn national_measurement(&self, group: &str, year: i32) -> Option<f64> {
        self.dataset
            .national_shortage
            .iter()
            .find(|n| n.group.code() == group && n.year == year)
            .and_then(|n| n.pct)
    }

    fn render(&self) -> Result<String> {
        let (required, required_chart) = self.required()?;
        let (scenarios, scenarios_chart) = self.scenarios()?;
        let region = self.region();
        let title = self.ro.title.clone().unwrap_or_else(|| {
            format!(
                "{} {region}",
                self.t("Lerarenarbeidsmarkt in", "Teacher labour market in")
            )
        });
        let subtitle = self
            .ro
            .subtitle
            .clone()
            .unwrap_or_else(|| self.system_text());
        let own: Vec<Value> = self
            .measurements()
            .into_iter()
            .map(|(own, sector, year, area, pct)| {
                context! {
                    own,
                    sector,
                    year,
                    area,
                    value => format_number(pct, 1, self.lang),
                }
            })
            .collect();
        let page = context! {
            lang => self.t("nl", "en"),
            title,
            subtitle,
            date => self.ro.date.as_deref().map(|d| self.date_text(d)),
            region,
            version => env!("CARGO_PKG_VERSION"),
            base_year => self.p.base_year,
            first_year => self.p.years[0],
            last_year => self.p.years[self.p.years.len() - 1],
            target_year => self.io.target_year,
            target_shortage => format_number(self.io.target_shortage_pct, 1, self.lang),
            bands => self.sim.is_some(),
            draws => self.draws,
            composition => self.composition(),
            key_figures => self.key_figures(),
            measurements => own,
            has_own => self.measurements().iter().any(|m| m.0),
            development => self.development()?,
            flows => self.flows()?,
            ages => self.ages()?,
            required,
            required_chart,
            scenarios,
            scenarios_chart,
            markets => self.markets(),
        };
        templates::render("report.html", page)
    }

    /// The rows of the key figures, for the region and the nation: the
    /// region's own shortage measurements first, then the indicators.
    fn key_figures(&self) -> Vec<Value> {
        let (base, target) = (self.p.base_year, self.io.target_year);
        // The last year of a regional shortage measurement up to the base
        // year, where the projection has it (else the row repeats the base
        // year's and is left out).
        let measured_year = self
            .dataset
            .measured_shortage
            .iter()
            .map(|m| m.year)
            .filter(|&y| y < base && self.p.year_index(y).is_some())
            .max()
            .unwrap_or(base);
        let lines: [(&str, &str, &str, i32, usize); 11] = [
            ("pupils", "Leerlingen", "Pupils", base, 0),
            (
                "pupils_change_pct",
                "Leerlingen, verandering in 5 jaar (%)",
                "Pupils, change over 5 years (%)",
                target,
                1,
            ),
            (
                "shortage_pct",
                "Tekort (%)",
                "Shortage (%)",
                measured_year,
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
        let measured = context! {
            code => "measured",
            text => self.t("gemeten", "measured"),
        };
        let mut rows = Vec::new();
        for g in self.present_groups() {
            for (own, sector, year, _, pct) in self.measurements() {
                if !own || sector != g.code() {
                    continue;
                }
                let nation = match self.national_measurement(sector, year) {
                    Some(v) => context! {
                        text => format_number(v, 1, self.lang),
                        kind => measured.clone(),
                        value => format!("{v:?}"),
                    },
                    None => context! { value => () },
                };
                rows.push(context! {
                    label => self.t("Gemeten tekort, tekortmeting OCW (%)", "Measured shortage, OCW measurement (%)"),
                    year,
                    sector,
                    cells => vec![
                        context! {
                            text => format_number(pct, 1, self.lang),
                            kind => measured.clone(),
                            value => format!("{pct:?}"),
                        },
                        nation,
                    ],
                });
            }
            for (k, (name, nl, en, year, dec)) in lines.into_iter().enumerate() {
                if k == 2 && year == base {
                    continue;
                }
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

    /// A line chart of the report: the base year marked, the axis fitted
    /// to the lines (bands clipped).
    fn line_chart(
        &self,
        title: String,
        y_label: &str,
        series: Vec<Series>,
        percent: bool,
    ) -> Result<Value> {
        Self::svg(
            LineChart {
                title,
                y_label: y_label.into(),
                series,
                marker_year: Some(self.p.base_year),
                marker_label: self.t("basisjaar", "base year").into(),
                y_from_zero: percent,
                percent,
                fit_to_lines: true,
                lang: self.lang,
            }
            .to_svg(),
        )
    }

    /// A series of the projection, dashed after the base year.
    fn line(&self, name: &str, values: Vec<f64>) -> Series {
        let mut s = Series::new(name, self.p.years.clone(), values);
        s.dashed_from = Some(self.p.base_year);
        s
    }

    /// Per sector group its three charts (shortage, demand and employment,
    /// pupils), or none where the group has no teachers in the region.
    fn development(&self) -> Result<Vec<Value>> {
        let mut groups = Vec::new();
        for g in self.groups() {
            let shortage = self.series(Some(self.ri), g, Variable::ShortagePct);
            if shortage.iter().any(|v| !v.is_finite()) {
                // No employment in the group here (e.g. mbo in a region of
                // school boards).
                groups.push(context! { code => g.code(), shortage => () });
                continue;
            }
            let mut region = self.line(self.region(), shortage);
            region.band = self.band(Some(self.ri), g, 4, 80.0);
            region.band_outer = self.band(Some(self.ri), g, 4, 95.0);
            let nation = self.line(
                self.t("Nederland", "Netherlands"),
                self.series(None, g, Variable::ShortagePct),
            );
            let shortage = self.line_chart(
                format!("{} {}", self.t("Tekort in %,", "Shortage in %,"), g.code()),
                self.t("% van de werkgelegenheid", "% of employment"),
                vec![region, nation],
                true,
            )?;
            let demand = self.line(
                self.t("Vraag (fte)", "Demand (fte)"),
                self.series(Some(self.ri), g, Variable::DemandFte),
            );
            let mut employment = self.line(
                self.t("Werkgelegenheid (fte)", "Employment (fte)"),
                self.series(Some(self.ri), g, Variable::EmploymentFte),
            );
            employment.band = self.band(Some(self.ri), g, 2, 80.0);
            let demand = self.line_chart(
                format!(
                    "{} {}",
                    self.t("Vraag en werkgelegenheid,", "Demand and employment,"),
                    g.code()
                ),
                "fte",
                vec![demand, employment],
                false,
            )?;
            let mut pupils = self.line(
                self.t("Leerlingen", "Pupils"),
                self.series(Some(self.ri), g, Variable::Pupils),
            );
            pupils.band = self.band(Some(self.ri), g, 0, 80.0);
            let pupils = self.line_chart(
                format!("{} {}", self.t("Leerlingen,", "Pupils,"), g.code()),
                self.t("leerlingen", "pupils"),
                vec![pupils],
                false,
            )?;
            groups.push(context! {
                code => g.code(),
                shortage,
                demand,
                pupils,
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

    /// One sector's shares of `parts` in the base year, region beside nation.
    fn shares_chart(
        &self,
        title: &str,
        sector: &str,
        parts: &[(&str, &'static str, &'static str)],
    ) -> BarChart {
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
            title: format!("{title}, {sector}, {base}"),
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
            values: true,
            lang: self.lang,
        }
    }

    /// Per sector group the charts of inflow by origin and outflow by
    /// reason (none where the group has no teachers in the region).
    fn flows(&self) -> Result<Vec<Value>> {
        let inflow = [
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
        ];
        let outflow = [
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
        ];
        let mut out = Vec::new();
        for g in self.present_groups() {
            let scenario = &self.p.scenarios[0];
            let has = |name| {
                self.find(scenario, false, g.code(), name, self.p.base_year)
                    .is_some()
            };
            if !has("inflow_share_graduates_pct") && !has("outflow_share_retirement_pct") {
                continue;
            }
            let i = self.shares_chart(
                self.t("Instroom naar herkomst (%)", "Inflow by origin (%)"),
                g.code(),
                &inflow,
            );
            let o = self.shares_chart(
                self.t("Uitstroom naar reden (%)", "Outflow by reason (%)"),
                g.code(),
                &outflow,
            );
            out.push(context! {
                code => g.code(),
                inflow => Self::svg(i.to_svg())?,
                outflow => Self::svg(o.to_svg())?,
            });
        }
        Ok(out)
    }

    /// Per sector group the chart of the age structure of the fte in the
    /// base year, region beside nation.
    fn ages(&self) -> Result<Vec<Value>> {
        let bi = self.p.year_index(self.p.base_year).unwrap_or(0);
        let classes: [(&str, usize, usize); 6] = [
            ("<25", 0, 24),
            ("25-34", 25, 34),
            ("35-44", 35, 44),
            ("45-54", 45, 54),
            ("55-59", 55, 59),
            ("60+", 60, 200),
        ];
        let shares = |regions: &[usize], sectors: &[usize]| -> Vec<f64> {
            let na = self.p.fte_by_age.dim().4;
            let mut sums = vec![0.0; classes.len()];
            for &r in regions {
                for &k in sectors {
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
        let mut out = Vec::new();
        for g in self.present_groups() {
            let sectors = self.p.group_indices(g);
            let region = shares(&[self.ri], &sectors);
            if region.iter().all(|&s| s == 0.0) {
                continue;
            }
            let chart = AgeChart {
                title: format!(
                    "{} {}, {}",
                    self.t("Leeftijdsopbouw van de fte,", "Age structure of the fte,"),
                    g.code(),
                    self.p.base_year
                ),
                ages: classes.iter().map(|c| c.0.to_string()).collect(),
                shares: vec![
                    (self.region().to_string(), region),
                    (
                        self.t("Nederland", "Netherlands").to_string(),
                        shares(&all, &sectors),
                    ),
                ],
                lang: self.lang,
            };
            out.push(context! { code => g.code(), chart => Self::svg(chart.to_svg())? });
        }
        Ok(out)
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
        for g in self.present_groups() {
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
            categories: self
                .present_groups()
                .iter()
                .map(|g| g.code().to_string())
                .collect(),
            groups,
            stacked: true,
            horizontal: false,
            values: true,
            lang: self.lang,
        };
        Ok((rows, Self::svg(chart.to_svg())?))
    }

    /// A scenario's name as the page shows it: the default scenario is
    /// "huidig beleid" ("current policy").
    fn scenario_name(&self, s: &str) -> String {
        if s == Scenario::baseline().name {
            self.t("huidig beleid", "current policy").to_string()
        } else {
            s.to_string()
        }
    }

    /// The scenarios side by side, with their difference from the first:
    /// their rows and their chart (none with one scenario).
    fn scenarios(&self) -> Result<(Vec<Value>, Option<Value>)> {
        if self.p.scenarios.len() < 2 {
            return Ok((Vec::new(), None));
        }
        let target = self.io.target_year;
        let sector = self.all_code();
        let mut rows = Vec::new();
        let mut series = Vec::new();
        let first = &self.p.scenarios[0];
        for (si, s) in self.p.scenarios.iter().enumerate() {
            let value =
                |name: &str, year: i32| self.find(s, false, sector, name, year).map(|r| r.value);
            let fmt = |v: Option<f64>, d: usize| {
                v.map_or("–".to_string(), |v| format_number(v, d, self.lang))
            };
            let diff = |name: &str, year: i32, d: usize| {
                let base = self.find(first, false, sector, name, year).map(|r| r.value);
                match (si, value(name, year), base) {
                    (0, _, _) => String::new(),
                    (_, Some(v), Some(b)) => {
                        let sign = if v - b > 0.0 { "+" } else { "" };
                        format!("{sign}{}", format_number(v - b, d, self.lang))
                    }
                    _ => "–".to_string(),
                }
            };
            rows.push(context! {
                name => self.scenario_name(s),
                shortage_target => fmt(value("shortage_pct", target), 1),
                shortage_target_diff => diff("shortage_pct", target, 1),
                shortage_2035 => fmt(value("shortage_pct", 2035), 1),
                shortage_2035_diff => diff("shortage_pct", 2035, 1),
                required => fmt(value("required_inflow_fte", target), 0),
                required_diff => diff("required_inflow_fte", target, 0),
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
            series.push(self.line(&self.scenario_name(s), values));
        }
        if series.is_empty() {
            return Ok((rows, None));
        }
        let chart = self.line_chart(
            format!(
                "{} {}",
                self.t(
                    "Tekort in % per scenario, alle sectoren,",
                    "Shortage in % per scenario, all sectors,"
                ),
                self.region()
            ),
            self.t("% van de werkgelegenheid", "% of employment"),
            series,
            true,
        )?;
        Ok((rows, Some(chart)))
    }

    /// The arbeidsmarktregio's of a region in more than one (none if not so).
    fn markets(&self) -> Option<String> {
        let mut markets: Vec<&str> = self
            .municipalities()
            .into_iter()
            .map(|m| self.dataset.municipalities[m].arbeidsmarktregio.as_str())
            .collect();
        markets.sort_unstable();
        markets.dedup();
        (markets.len() > 1).then(|| markets.join(", "))
    }
}

//! The regional report: one self-contained HTML page per region (no
//! external resources, charts inline as SVG), in Dutch or English, for a
//! school board or an onderwijsregio to read in five minutes.
//!
//! Its key figures are the rows of [`tekort_core::indicators()`] (each figure
//! carries its raw value in `data-value`, so a test can compare them);
//! its bands are the Monte Carlo's ([`tekort_core::simulate`]).

use std::fmt::Write as _;

use tekort_core::{
    monitor_run, quantile_sorted, Dataset, IndicatorOptions, IndicatorRow, McOptions, Params,
    Projection, ProjectionOptions, RegionSystem, Result, Scenario, SectorGroup, Simulation,
    TekortError, Variable, AGE_MIN, NATION,
};

use crate::chart::{format_number, AgeChart, BarChart, ChartError, Lang, LineChart, Series};

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
        other => Err(TekortError::InvalidValue {
            name: format!("lang {other:?}"),
            value: f64::NAN,
            reason: "the report is written in nl or en".into(),
        }),
    }
}

/// Dutch or English.
fn tr(lang: Lang, nl: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Nl => nl,
        Lang::En => en,
    }
}

/// Escapes text for HTML.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Writes the regional report of `ro.region` as one HTML page. Runs the
/// projection with the history run (and the workforce by age), the
/// indicators, and with `ro.draws > 0` the Monte Carlo for the bands.
///
/// Errors name the offending value: a region not in `regions` (with the
/// regions there are), a target year before the base year, and everything
/// [`tekort_core::project`] checks.
pub fn report(
    dataset: &Dataset,
    regions: &RegionSystem,
    params: &Params,
    scenarios: &[Scenario],
    options: &ProjectionOptions,
    ro: &ReportOptions,
) -> Result<String> {
    let Some(ri) = regions.region_index(&ro.region) else {
        return Err(TekortError::InvalidRegions {
            reason: format!(
                "unknown region {:?} for the report; the regions of {:?} are: {}",
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

    /// A table cell with the figure and its raw value.
    fn cell(&self, nation: bool, sector: &str, name: &str, year: i32, decimals: usize) -> String {
        let scenario = &self.p.scenarios[0];
        match self.find(scenario, nation, sector, name, year) {
            Some(r) => format!(
                "<td class=\"num\" data-indicator=\"{name}\" data-sector=\"{sector}\" data-year=\"{year}\" data-area=\"{}\" data-value=\"{:?}\">{}</td>",
                if nation { "nation" } else { "region" },
                r.value,
                format_number(r.value, decimals, self.lang)
            ),
            None => "<td class=\"num\">–</td>".to_string(),
        }
    }

    fn render(&self) -> Result<String> {
        let mut h = String::new();
        let lang_code = self.t("nl", "en");
        let title = format!(
            "{} {}",
            self.t("Lerarenarbeidsmarkt", "Teacher labour market"),
            self.region()
        );
        let _ = write!(
            h,
            "<!DOCTYPE html>\n<html lang=\"{lang_code}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
            esc(&title)
        );
        let _ = writeln!(
            h,
            "<header><h1>{}</h1><p class=\"sub\">{} {} · {} {} · {} {}–{} · tekort {}</p></header>",
            esc(&title),
            self.t("Regiosysteem", "Region system"),
            esc(&self.regions.name),
            self.t("basisjaar", "base year"),
            self.p.base_year,
            self.t("jaren", "years"),
            self.p.years[0],
            self.p.years[self.p.years.len() - 1],
            env!("CARGO_PKG_VERSION"),
        );
        self.key_figures(&mut h);
        self.development(&mut h)?;
        self.flows(&mut h)?;
        self.ages(&mut h)?;
        self.required(&mut h)?;
        self.scenarios(&mut h)?;
        self.sources(&mut h);
        h.push_str("</body>\n</html>\n");
        Ok(h)
    }

    fn key_figures(&self, h: &mut String) {
        let (base, target) = (self.p.base_year, self.io.target_year);
        let _ = write!(
            h,
            "<section id=\"kerncijfers\"><h2>1. {}</h2>\n<p>{}</p>\n<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>\n",
            self.t("Kerncijfers naast Nederland", "Key figures beside the Netherlands"),
            self.t(
                "Tekort in % van de werkgelegenheid (fte). Wervingsopgave: aanstellingen per jaar nodig om het doeltekort in het doeljaar te halen (sectie 5).",
                "Shortage as % of employment (fte). Required inflow: hires per year needed to reach the target shortage in the target year (section 5)."
            ),
            self.t("Indicator", "Indicator"),
            self.t("Sector", "Sector"),
            esc(self.region()),
            self.t("Nederland", "Netherlands"),
        );
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
        for g in self.groups() {
            for (name, nl, en, year, dec) in lines {
                let _ = writeln!(
                    h,
                    "<tr><td>{} {year}</td><td>{}</td>{}{}</tr>",
                    tr(self.lang, nl, en),
                    g.code(),
                    self.cell(false, g.code(), name, year, dec),
                    self.cell(true, g.code(), name, year, dec)
                );
            }
        }
        h.push_str("</tbody></table></section>\n");
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
            let t = sim.total(0, only.as_ref().map(|o| &o[..]), &sectors, yi);
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
            .map(|yi| self.p.total(0, only.as_ref().map(|o| &o[..]), &sectors, yi)[v.index()])
            .collect()
    }

    /// A chart as a figure with its caption.
    fn figure(
        &self,
        h: &mut String,
        id: &str,
        svg: std::result::Result<String, ChartError>,
        caption: &str,
    ) -> Result<()> {
        let _ = writeln!(
            h,
            "<figure id=\"{id}\">{}<figcaption>{}</figcaption></figure>",
            svg.map_err(chart_err)?,
            esc(caption)
        );
        Ok(())
    }

    fn development(&self, h: &mut String) -> Result<()> {
        let _ = write!(
            h,
            "<section id=\"ontwikkeling\"><h2>2. {}</h2>\n<p>{}</p>\n",
            self.t(
                "Ontwikkeling: tekort, vraag, werkgelegenheid en leerlingen",
                "Development: shortage, demand, employment and pupils"
            ),
            if self.sim.is_some() {
                self.t(
                    "Doorgetrokken: historie (gemeten of geschat); gestreept: prognose. Banden: 80 % en 95 % van de trekkingen van de Monte Carlo.",
                    "Solid: history (measured or estimated); dashed: forecast. Bands: 80 % and 95 % of the Monte Carlo draws.",
                )
            } else {
                self.t(
                    "Doorgetrokken: historie (gemeten of geschat); gestreept: prognose.",
                    "Solid: history (measured or estimated); dashed: forecast.",
                )
            }
        );
        let years = self.p.years.clone();
        let base = self.p.base_year;
        for g in self.groups() {
            let shortage = self.series(Some(self.ri), g, Variable::ShortagePct);
            if shortage.iter().any(|v| !v.is_finite()) {
                // No employment in the group here (e.g. mbo in a region of
                // school boards).
                let _ = writeln!(
                    h,
                    "<p>{} {}.</p>",
                    g.code(),
                    self.t(
                        "heeft geen leraren in deze regio",
                        "has no teachers in this region"
                    )
                );
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
            self.figure(
                h,
                &format!("fig-tekort-{}", g.code()),
                chart.to_svg(),
                &format!("{} ({})", self.t("Tekort", "Shortage"), g.code()),
            )?;
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
            self.figure(
                h,
                &format!("fig-vraag-{}", g.code()),
                chart.to_svg(),
                &format!(
                    "{} ({})",
                    self.t("Vraag en werkgelegenheid", "Demand and employment"),
                    g.code()
                ),
            )?;
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
            self.figure(
                h,
                &format!("fig-leerlingen-{}", g.code()),
                chart.to_svg(),
                &format!("{} ({})", self.t("Leerlingen", "Pupils"), g.code()),
            )?;
        }
        h.push_str("</section>\n");
        Ok(())
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

    fn flows(&self, h: &mut String) -> Result<()> {
        let _ = write!(
            h,
            "<section id=\"stromen\"><h2>3. {}</h2>\n<p>{} {}.</p>\n",
            self.t("Instroom en uitstroom", "Inflow and outflow"),
            self.t(
                "Aandelen in % van de instroom en van de uitstroom (fte), alle sectoren, in",
                "Shares in % of inflow and of outflow (fte), all sectors, in"
            ),
            self.p.base_year
        );
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
        self.figure(
            h,
            "fig-instroom",
            inflow.to_svg(),
            self.t("Instroom", "Inflow"),
        )?;
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
        self.figure(
            h,
            "fig-uitstroom",
            outflow.to_svg(),
            self.t("Uitstroom", "Outflow"),
        )?;
        h.push_str("</section>\n");
        Ok(())
    }

    fn ages(&self, h: &mut String) -> Result<()> {
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
        let _ = write!(
            h,
            "<section id=\"leeftijd\"><h2>4. {}</h2>\n<p>{}</p>\n",
            self.t("Leeftijdsopbouw", "Age structure"),
            self.t(
                "Wie nu 60 of ouder is, gaat binnen enkele jaren met pensioen (AOW-leeftijd 67 en ouder).",
                "Those aged 60 and over now retire within a few years (state pension age 67 and rising)."
            )
        );
        self.figure(
            h,
            "fig-leeftijd",
            chart.to_svg(),
            self.t("Leeftijdsopbouw", "Age structure"),
        )?;
        h.push_str("</section>\n");
        Ok(())
    }

    fn required(&self, h: &mut String) -> Result<()> {
        let target = self.io.target_year;
        let _ = write!(
            h,
            "<section id=\"wervingsopgave\"><h2>5. {}</h2>\n<p>{} {}–{target} {} {} % {} {target} {}</p>\n",
            self.t("Wervingsopgave", "Required inflow"),
            self.t("Aanstellingen (fte) per jaar in", "Hires (fte) per year in"),
            self.p.base_year + 1,
            self.t("om een tekort van", "to reach a shortage of"),
            format_number(self.io.target_shortage_pct, 1, self.lang),
            self.t("te bereiken in", "in"),
            self.t(
                "= vervanging van vertrekkers + groei van de vraag + het dichten van het tekort (zoals het Teacher Workforce Model van Engeland). Verwachte instroom: wat het model bij het huidige beleid verwacht.",
                "= replacing leavers + the change in demand + closing the gap (as England's Teacher Workforce Model does). Projected inflow: what the model expects under current policy."
            )
        );
        let _ = writeln!(
            h,
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
            self.t("Sector", "Sector"),
            self.t("Vervanging", "Replacement"),
            self.t("Groei vraag", "Demand change"),
            self.t("Tekort dichten", "Closing the gap"),
            self.t("Wervingsopgave", "Required inflow"),
            self.t("Idem, personen", "Same, persons"),
            self.t("Verwachte instroom", "Projected inflow"),
        );
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
        for g in self.groups() {
            let _ = write!(h, "<tr><td>{}</td>", g.code());
            for name in parts {
                h.push_str(&self.cell(false, g.code(), name, target, 0));
            }
            h.push_str(&self.cell(false, g.code(), "required_inflow_fte", target, 0));
            h.push_str(&self.cell(false, g.code(), "required_inflow_persons", target, 0));
            h.push_str(&self.cell(false, g.code(), "projected_inflow_fte", target, 0));
            h.push_str("</tr>\n");
            for (k, name) in parts.iter().enumerate() {
                groups[k].1.push(
                    self.find(scenario, false, g.code(), name, target)
                        .map_or(0.0, |r| r.value),
                );
            }
        }
        h.push_str("</tbody></table>\n");
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
        self.figure(
            h,
            "fig-wervingsopgave",
            chart.to_svg(),
            self.t("Wervingsopgave", "Required inflow"),
        )?;
        h.push_str("</section>\n");
        Ok(())
    }

    fn scenarios(&self, h: &mut String) -> Result<()> {
        let target = self.io.target_year;
        let sector = self.all_code();
        let _ = write!(
            h,
            "<section id=\"scenarios\"><h2>6. {}</h2>\n<table><thead><tr><th>{}</th><th>{} {target} (%)</th><th>{} 2035 (%)</th><th>{} (fte)</th></tr></thead><tbody>\n",
            self.t("Scenario's naast elkaar", "Scenarios side by side"),
            self.t("Scenario", "Scenario"),
            self.t("Tekort", "Shortage"),
            self.t("Tekort", "Shortage"),
            self.t("Wervingsopgave", "Required inflow"),
        );
        let mut series = Vec::new();
        for (si, s) in self.p.scenarios.iter().enumerate() {
            let fmt = |name: &str, year: i32, d: usize| {
                self.find(s, false, sector, name, year)
                    .map_or("–".to_string(), |r| format_number(r.value, d, self.lang))
            };
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                esc(s),
                fmt("shortage_pct", target, 1),
                fmt("shortage_pct", 2035, 1),
                fmt("required_inflow_fte", target, 0)
            );
            let sectors: Vec<usize> = (0..self.p.sectors.len()).collect();
            let values: Vec<f64> = (0..self.p.years.len())
                .map(|yi| {
                    self.p.total(si, Some(&[self.ri]), &sectors, yi)[Variable::ShortagePct.index()]
                })
                .collect();
            if values.iter().any(|v| !v.is_finite()) {
                continue;
            }
            let mut line = Series::new(s.clone(), self.p.years.clone(), values);
            line.dashed_from = Some(self.p.base_year);
            series.push(line);
        }
        h.push_str("</tbody></table>\n");
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
        self.figure(
            h,
            "fig-scenarios",
            chart.to_svg(),
            self.t("Scenario's", "Scenarios"),
        )?;
        h.push_str("</section>\n");
        Ok(())
    }

    fn sources(&self, h: &mut String) {
        let _ = write!(
            h,
            "<section id=\"bronnen\"><h2>7. {}</h2>\n<p class=\"bron\">Bron: DUO / CBS / OCW{}</p>\n<ul>\n",
            self.t("Bronnen en kanttekeningen", "Sources and caveats"),
            self.t(
                "; geboorteprognose: CBS en UN WPP 2024. Berekend met tekort (open source).",
                "; births forecast: CBS and UN WPP 2024. Computed with tekort (open source)."
            )
        );
        let mut notes: Vec<String> = vec![self.t(
            "Gemeten zijn de leerlingen, het po-personeel (DUO) en het tekort in het jaar van de tekortmeting; de overige historische cijfers zijn door het model geschat, en alles na het basisjaar is prognose (kolom kind in tekort monitor --out).",
            "Measured are the pupils, the po staff (DUO) and the shortage in the year it was measured; the other history figures are estimated by the model, and everything after the base year is a forecast (column kind of tekort monitor --out).",
        ).to_string()];
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
        if markets.len() > 1 {
            notes.push(format!(
                "{} {}. {}",
                self.t("De regio ligt in meer dan één arbeidsmarktregio:", "The region lies in more than one arbeidsmarktregio:"),
                markets.iter().map(|m| esc(m)).collect::<Vec<_>>().join(", "),
                self.t(
                    "Het tekort is per arbeidsmarktregio gemeten; tekort verdeelt het naar gemeenten met hun eigen leerlingen.",
                    "The shortage was measured per arbeidsmarktregio; tekort shares it out to municipalities with their own pupils."
                )
            ));
        }
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
        if !boards.is_empty() {
            notes.push(format!(
                "{} {}. {}",
                self.t("Schoolbesturen in de regio:", "School boards in the region:"),
                boards.join(", "),
                self.t(
                    "Hun scholen tellen mee naar hun aandeel in de leerlingen van hun gemeente (laatste jaar); het mbo telt per gemeente mee.",
                    "Their schools count by their share of their municipality's pupils (latest year); mbo counts by municipality."
                )
            ));
        }
        if self.sim.is_some() {
            notes.push(format!(
                "{} {} {}",
                self.t("De banden komen uit", "The bands come from"),
                self.draws,
                self.t(
                    "trekkingen: onzekere parameters, de fouten die tekort vroeger maakte bij leerlingen en afgestudeerden, en toeval (docs/method.md, sectie 11).",
                    "draws: uncertain parameters, the errors tekort made in the past on pupils and graduates, and chance (docs/method.md, section 11)."
                )
            ));
        }
        notes.push(
            self.t(
                "Cijfers meer dan 15 jaar vooruit zijn scenario's, geen voorspellingen. Aannames staan in docs/method.md; de indicatoren in docs/indicators.md.",
                "Figures more than 15 years ahead are scenarios rather than forecasts. Assumptions are in docs/method.md; the indicators in docs/indicators.md.",
            )
            .to_string(),
        );
        for n in notes {
            let _ = writeln!(h, "<li>{n}</li>");
        }
        h.push_str("</ul></section>\n");
    }
}

const STYLE: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a;line-height:1.45}\
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid #ccc}\
.sub{color:#555;margin-top:0}table{border-collapse:collapse;width:100%;font-size:.92rem}\
th,td{border-bottom:1px solid #e3e3e3;padding:.25rem .5rem;text-align:left}td.num{text-align:right;font-variant-numeric:tabular-nums}\
figure{margin:1rem 0}figcaption{font-size:.85rem;color:#555}.bron{font-weight:600}";

//! The regional report: one self-contained HTML page whose key figures are
//! the indicators' values, every section and figure present, in Dutch and
//! English, and clear errors for a region or year that does not exist.

use std::path::PathBuf;

use tekort_core::{data::*, forecast::*, monitoring::*, params::*, regions::*, scenario::*};
use tekort_polars::*;
use tekort_report::*;

fn ds() -> &'static Dataset {
    embedded_dataset().expect("embedded dataset loads")
}

fn examples() -> RegionSystem {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/examples/onderwijsregio_voorbeelden.csv");
    read_region_file(&path, ds()).unwrap()
}

fn page(
    regions: &RegionSystem,
    region: &str,
    lang: Lang,
    draws: usize,
) -> tekort_core::Result<String> {
    let ro = ReportOptions {
        region: region.into(),
        lang,
        draws,
        ..ReportOptions::default()
    };
    let mut more = Scenario::named("meer zij-instroom");
    more.zij_instroom = 1.5;
    report_with(regions, &[Scenario::baseline(), more], &ro)
}

fn report_with(
    regions: &RegionSystem,
    scenarios: &[Scenario],
    ro: &ReportOptions,
) -> tekort_core::Result<String> {
    report(
        ds(),
        regions,
        &Params::default(),
        scenarios,
        &ProjectionOptions::default(),
        ro,
    )
}

/// The page's visible text, unescaped: tags and the style sheet dropped.
fn visible_text(html: &str) -> String {
    let body = &html[html.find("</style>").unwrap()..];
    let mut out = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn board_regions() -> RegionSystem {
    let path = std::env::temp_dir().join(format!("tekort-report-{}.csv", std::process::id()));
    std::fs::write(&path, "bevoegd_gezag,region\n41572,Stichting\n").unwrap();
    let regions = read_region_file(&path, ds()).unwrap();
    let _ = std::fs::remove_file(&path);
    regions
}

/// `(indicator, sector, year, area, value)` of every key figure.
fn figures(html: &str) -> Vec<(String, String, i32, String, f64)> {
    let attr = |tag: &str, name: &str| -> String {
        let key = format!("{name}=\"");
        let start = tag.find(&key).unwrap() + key.len();
        tag[start..start + tag[start..].find('"').unwrap()].to_string()
    };
    html.split("<td ")
        .skip(1)
        .filter(|t| t.contains("data-value="))
        .map(|t| {
            let tag = &t[..t.find('>').unwrap()];
            (
                attr(tag, "data-indicator"),
                attr(tag, "data-sector"),
                attr(tag, "data-year").parse().unwrap(),
                attr(tag, "data-area"),
                attr(tag, "data-value").parse().unwrap(),
            )
        })
        .collect()
}

#[test]
fn the_report_is_self_contained_complete_and_equals_the_indicators() {
    let regions = examples();
    let html = page(&regions, "Onderwijsregio Haaglanden", Lang::Nl, 50).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<html lang=\"nl\">"));
    // Nothing outside the file: no links, sources, scripts, fonts or
    // external style sheets.
    for bad in [
        "http", "src=", "href=", "url(", "<link", "<script", "@import", "<img", "<iframe",
    ] {
        assert!(
            !html.contains(bad),
            "the report refers outside itself: {bad}"
        );
    }
    for id in REPORT_SECTIONS {
        assert!(
            html.contains(&format!("<section id=\"{id}\">")),
            "section {id}"
        );
    }
    for fig in [
        "fig-tekort-po",
        "fig-tekort-vo",
        "fig-tekort-mbo",
        "fig-vraag-po",
        "fig-leerlingen-po",
        "fig-instroom-po",
        "fig-uitstroom-vo",
        "fig-leeftijd-po",
        "fig-leeftijd-mbo",
        "fig-wervingsopgave",
        "fig-scenarios",
    ] {
        assert!(
            html.contains(&format!("<figure id=\"{fig}\"><svg")),
            "figure {fig}"
        );
    }
    assert_eq!(html.matches("<svg").count(), html.matches("</svg>").count());
    assert!(html.contains("Bron: DUO (leerlingen"));
    assert!(
        html.contains("meer zij-instroom"),
        "both scenarios side by side"
    );
    // The region lies in two arbeidsmarktregio's: the report says so.
    assert!(
        html.contains("Zuid-Holland Centraal") && html.contains("meer dan één arbeidsmarktregio")
    );

    // Every key figure equals the indicator of the same projection.
    let options = ProjectionOptions::default();
    let mut more = Scenario::named("meer zij-instroom");
    more.zij_instroom = 1.5;
    let (_, rows) = monitor(
        ds(),
        &regions,
        &Params::default(),
        &[Scenario::baseline(), more],
        &options,
        &IndicatorOptions::default(),
        None,
    )
    .unwrap();
    let figs = figures(&html);
    assert!(figs.len() >= 60, "{} key figures", figs.len());
    for (name, sector, year, area, value) in &figs {
        let region = if area == "nation" {
            "Nederland"
        } else {
            "Onderwijsregio Haaglanden"
        };
        let want = rows
            .iter()
            .find(|r| {
                r.scenario == "baseline"
                    && r.region == region
                    && r.sector == *sector
                    && r.indicator == name
                    && r.year == *year
            })
            .unwrap_or_else(|| panic!("{name} {sector} {year} {area}"))
            .value;
        assert_eq!(*value, want, "{name} {sector} {year} {area}");
    }
    assert!(figs
        .iter()
        .any(|f| f.0 == "required_inflow_fte" && f.3 == "region"));
}

#[test]
fn english_and_a_board_drawn_region() {
    let regions = board_regions();
    let html = page(&regions, "Stichting", Lang::En, 0).unwrap();
    assert!(
        html.contains("<html lang=\"en\">") && html.contains("Key figures beside the Netherlands")
    );
    // The board by number and its largest schools (DUO 2025), with its
    // pupils and where its schools are.
    let text = visible_text(&html);
    assert!(
        text.contains("board 41572 — schools include A M G Schmidtschool ('s-Gravenhage), Het Volle Leven ('s-Gravenhage), Maria Montessorischool ('s-Gravenhage): 13,782 pupils (po, 2025) at schools in 's-Gravenhage, Delft, Westland"),
        "{}",
        &text[..1500.min(text.len())]
    );
    assert!(text.contains("A board is shown with its largest schools"));
    assert!(
        !html.contains("runs with uncertain"),
        "no bands without draws"
    );
    // A region of po boards has no vo or mbo rows in its key figures.
    let figs = figures(&html);
    assert!(figs.iter().any(|f| f.1 == "po"));
    assert!(figs.iter().all(|f| f.1 == "po"), "only po: {figs:?}");
}

#[test]
fn a_board_is_named_by_its_largest_schools_or_by_number_without_them() {
    let regions = board_regions();
    let ro = ReportOptions {
        region: "Stichting".into(),
        draws: 0,
        ..ReportOptions::default()
    };
    let run = |ds: &Dataset| {
        let html = report(
            ds,
            &regions,
            &Params::default(),
            &[Scenario::baseline()],
            &ProjectionOptions::default(),
            &ro,
        )
        .unwrap();
        visible_text(&html)
    };
    // Dutch, by the board's largest schools in the dataset, largest first.
    let text = run(ds());
    let largest = ds().largest_schools("41572", 3);
    assert_eq!(largest[0].school, "A M G Schmidtschool");
    let names: Vec<String> = largest
        .iter()
        .map(|s| format!("{} ({})", s.school, s.place))
        .collect();
    let line = format!("bestuur 41572 — o.a. {}: 13.782 leerlingen (po, 2025) op scholen in 's-Gravenhage, Delft, Westland", names.join(", "));
    assert!(
        text.contains(&line),
        "{line}\n{}",
        &text[..1500.min(text.len())]
    );
    assert!(text.contains("Een bestuur staat er met zijn grootste scholen"));
    assert!(!text.contains("De namen van de besturen staan niet in de gegevens"));
    // Without the table's rows for the board: by number, as before.
    let mut unnamed = ds().clone();
    unnamed.board_schools.retain(|s| s.board != "41572");
    let text = run(&unnamed);
    assert!(
        text.contains("bevoegd gezag 41572: 13.782 leerlingen (po, 2025) op scholen in 's-Gravenhage, Delft, Westland"),
        "{}",
        &text[..1500.min(text.len())]
    );
    assert!(!text.contains("A M G Schmidtschool") && !text.contains("o.a."));
    assert!(text.contains("De namen van de besturen staan niet in de gegevens van het model"));
}

#[test]
fn title_subtitle_and_date_are_the_users_or_plain_words() {
    let regions = examples();
    let ro = ReportOptions {
        region: "haaglanden".into(),
        draws: 0,
        date: Some("2026-12-07".into()),
        ..ReportOptions::default()
    };
    let html = report_with(&regions, &[Scenario::baseline()], &ro).unwrap();
    assert!(html.contains("<title>Lerarenarbeidsmarkt in Onderwijsregio Haaglanden</title>"));
    assert!(html.contains("<h1>Lerarenarbeidsmarkt in Onderwijsregio Haaglanden</h1>"));
    // The region system in words, not the file's name.
    assert!(
        html.contains("<p class=\"sub\">Eigen regio-indeling uit gemeenten (2 regio&#39;s)</p>")
    );
    assert!(!html.contains("onderwijsregio_voorbeelden") && !html.contains("Regiosysteem"));
    assert!(html.contains("Gemaakt op 7 december 2026"));
    let ro = ReportOptions {
        title: Some("Lerarentekort <Haaglanden>".into()),
        subtitle: Some("Voor het bestuur".into()),
        lang: Lang::En,
        ..ro
    };
    let html = report_with(&regions, &[Scenario::baseline()], &ro).unwrap();
    assert!(html.contains("<h1>Lerarentekort &lt;Haaglanden&gt;</h1>"));
    assert!(html.contains("<p class=\"sub\">Voor het bestuur</p>"));
    assert!(html.contains("Made on 7 December 2026"));
    // A built-in system by its plain name; without a date, none shown.
    let amr = RegionSystem::builtin("arbeidsmarktregio", ds()).unwrap();
    let ro = ReportOptions {
        region: "Haaglanden".into(),
        draws: 0,
        ..ReportOptions::default()
    };
    let html = report_with(&amr, &[Scenario::baseline()], &ro).unwrap();
    assert!(html.contains("<p class=\"sub\">Arbeidsmarktregio&#39;s (35 regio&#39;s)</p>"));
    assert!(!html.contains("Gemaakt op"));
}

#[test]
fn a_word_of_a_region_finds_it_and_several_matches_are_listed() {
    let regions = examples();
    let i = resolve_region(&regions, "haaglanden").unwrap();
    assert_eq!(regions.regions[i], "Onderwijsregio Haaglanden");
    let i = resolve_region(&regions, "almere").unwrap();
    assert_eq!(regions.regions[i], "Onderwijsregio Almere");
    let err = resolve_region(&regions, "onderwijsregio")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("ambiguous")
            && err.contains("\"Onderwijsregio Haaglanden\" or \"Onderwijsregio Almere\""),
        "{err}"
    );
    // A near miss of a word suggests the whole name.
    let err = page(&regions, "Haaglanen", Lang::Nl, 0)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("did you mean \"Onderwijsregio Haaglanden\"?"),
        "{err}"
    );
}

#[test]
fn key_figures_mark_measured_model_and_assumption_and_show_the_measurement() {
    // Arbeidsmarktregio Haaglanden has its own OCW measurement (po 2023).
    let amr = RegionSystem::builtin("arbeidsmarktregio", ds()).unwrap();
    let html = page(&amr, "Haaglanden", Lang::Nl, 0).unwrap();
    let own = ds()
        .measured_shortage
        .iter()
        .find(|m| {
            m.group == tekort_core::sector::SectorGroup::Po
                && m.area == MeasuredArea::Arbeidsmarktregio("Haaglanden".into())
        })
        .unwrap();
    let pct = tekort_report::chart::format_number(own.pct, 1, Lang::Nl);
    assert!(html.contains("De regio heeft een eigen tekortmeting (OCW)"));
    assert!(
        html.contains(&format!(
            "<td>Gemeten tekort, tekortmeting OCW (%) {}</td><td>po</td><td class=\"num\" data-kind=\"measured\">{pct}<span class=\"kind measured\">gemeten</span>",
            own.year
        )),
        "the measurement as a measured key figure"
    );
    // Observed pupils are measured, forecasts the model's, the national
    // mbo students an assumption.
    assert!(html.contains(
        "data-indicator=\"pupils\" data-sector=\"po\" data-year=\"2025\" data-area=\"region\""
    ));
    let kind_in = |html: &str, area: &str, name: &str, sector: &str, year: i32| -> String {
        let key = format!(
            "data-indicator=\"{name}\" data-sector=\"{sector}\" data-year=\"{year}\" data-area=\"{area}\""
        );
        let at = html.find(&key).unwrap_or_else(|| panic!("{key}"));
        let rest = &html[at..];
        let k = rest.find("data-kind=\"").unwrap() + 11;
        rest[k..k + rest[k..].find('"').unwrap()].to_string()
    };
    let kind_of =
        |name: &str, sector: &str, year: i32| kind_in(&html, "nation", name, sector, year);
    // The region's own shortage in its measurement year is measured.
    assert_eq!(
        kind_in(&html, "region", "shortage_pct", "po", own.year),
        "measured"
    );
    assert_eq!(kind_of("pupils", "po", 2025), "measured");
    assert_eq!(kind_of("shortage_pct", "po", 2030), "model");
    assert_eq!(kind_of("pupils", "mbo", 2025), "assumption");
    assert!(
        html.contains("orde van grootte uit DUO"),
        "the assumption explained"
    );

    // The onderwijsregio lies in two arbeidsmarktregio's: no measurement of
    // its own, the overlapping areas' named.
    let html = page(&examples(), "Onderwijsregio Haaglanden", Lang::Nl, 0).unwrap();
    assert!(html.contains("De regio heeft geen eigen tekortmeting"));
    assert!(html.contains(&format!(
        "arbeidsmarktregio Haaglanden, po {}: {pct} %",
        own.year
    )));
    assert!(!html.contains("Gemeten tekort, tekortmeting OCW"));
    // Its shortage in the measurement year is derived (estimated, where
    // the nation's is measured), not measured.
    assert_eq!(
        kind_in(&html, "region", "shortage_pct", "po", own.year),
        "derived"
    );
    let key = format!(
        "data-indicator=\"shortage_pct\" data-sector=\"po\" data-year=\"{}\" data-area=\"region\"",
        own.year
    );
    let at = html.find(&key).unwrap();
    assert!(html[at..]
        .split("</td>")
        .next()
        .unwrap()
        .contains("data-kind=\"derived\""));
}

#[test]
fn every_figure_and_table_has_a_source_line_in_the_pages_language() {
    let html = page(&examples(), "Onderwijsregio Haaglanden", Lang::Nl, 20).unwrap();
    let figures = html.matches("<figure").count();
    assert!(figures >= 15, "{figures} figures");
    assert_eq!(
        html.matches("</svg><figcaption>").count(),
        figures,
        "every figure has a caption"
    );
    for part in html.split("<figcaption>").skip(1) {
        let caption = &part[..part.find("</figcaption>").unwrap()];
        assert!(caption.contains("Bron: "), "{caption}");
    }
    for part in html.split("</tbody></table>").skip(1) {
        assert!(
            part.trim_start().starts_with("<p class=\"bron\">Bron: "),
            "a source under every table"
        );
    }
    for bad in [
        "kolom kind",
        "tekort monitor --out",
        "docs/method.md",
        "docs/indicators.md",
        "tekort verdeelt",
        "baseline",
    ] {
        assert!(!html.contains(bad), "{bad}");
    }
    assert!(
        html.contains("huidig beleid"),
        "the baseline by its plain name"
    );
    // Print: A4 and headings kept with what follows them.
    assert!(html.contains("@page{size:A4;"));
    assert!(html.contains("h1,h2,h3,section>p{break-after:avoid"));
    assert!(html.contains("figure,tr,.keep{break-inside:avoid"));
}

#[test]
fn the_english_page_has_no_dutch_words() {
    let html = page(&examples(), "Onderwijsregio Haaglanden", Lang::En, 20).unwrap();
    let text = visible_text(&html);
    // Words of the Dutch page that are not names (the region's, an
    // arbeidsmarktregio's, a municipality's, DUO's "bevoegd gezag").
    for dutch in [
        "Bron",
        "baseline",
        "gemeten",
        "aanname",
        "Leerlingen",
        "Tekort",
        "basisjaar",
        "Wervingsopgave",
        "Vraag",
        "Werkgelegenheid",
        "Instroom",
        "Uitstroom",
        "Pensioen",
        "huidig beleid",
        "Gemaakt",
        "regio's",
        "Nederland ",
        "Eigen",
        " en ",
        " van ",
        " het ",
        " de ",
        " een ",
        "afgekapt",
        "gemeente ",
    ] {
        assert!(!text.contains(dutch), "Dutch {dutch:?} in the English page");
    }
    assert!(text.contains("Source: ") && text.contains("current policy"));
}

#[test]
fn the_scenario_section_is_there_only_with_scenarios_and_compares_them() {
    let regions = examples();
    let ro = ReportOptions {
        region: "Onderwijsregio Almere".into(),
        draws: 0,
        ..ReportOptions::default()
    };
    let one = report_with(&regions, &[Scenario::baseline()], &ro).unwrap();
    assert!(!one.contains("<section id=\"scenarios\">"));
    assert!(one.contains("<h2>6. Bronnen en kanttekeningen</h2>"));
    let two = page(&regions, "Onderwijsregio Almere", Lang::Nl, 0).unwrap();
    assert!(two.contains("<section id=\"scenarios\">"));
    // The second scenario's difference from the first, with its sign.
    let row = &two[two.find("<tr><td>meer zij-instroom</td>").unwrap()..];
    let cells: Vec<&str> = row[..row.find("</tr>").unwrap()]
        .split("<td class=\"num\">")
        .skip(1)
        .map(|c| c.trim_end_matches("</td>"))
        .collect();
    assert_eq!(cells.len(), 6, "{cells:?}");
    assert!(
        cells[1].starts_with('+') || cells[1].starts_with('−'),
        "{cells:?}"
    );
}

#[test]
fn unknown_region_and_early_target_year_are_named() {
    let regions = examples();
    let err = page(&regions, "Onderwijsregio Delft", Lang::Nl, 0)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("Onderwijsregio Delft") && err.contains("Onderwijsregio Almere"),
        "{err}"
    );
    let ro = ReportOptions {
        region: "Onderwijsregio Almere".into(),
        indicators: IndicatorOptions {
            target_year: 2025,
            ..IndicatorOptions::default()
        },
        ..ReportOptions::default()
    };
    let err = report(
        ds(),
        &regions,
        &Params::default(),
        &[Scenario::baseline()],
        &ProjectionOptions::default(),
        &ro,
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("2025"), "{err}");
}

#[test]
fn a_region_in_other_case_is_found_and_a_near_miss_is_suggested() {
    let regions = RegionSystem::builtin("arbeidsmarktregio", ds()).unwrap();
    // Case and accents do not matter: the page is Haaglanden's.
    let lower = page(&regions, "haaglanden", Lang::Nl, 0).unwrap();
    let exact = page(&regions, "Haaglanden", Lang::Nl, 0).unwrap();
    assert_eq!(lower, exact);
    // A near miss names the region meant before the list.
    let err = page(&regions, "Haaglanen", Lang::Nl, 0)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains(r#"did you mean "Haaglanden"?"#),
        "the closest region is suggested: {err}"
    );
    // Nothing close: no suggestion, the list only.
    let err = page(&regions, "Atlantis", Lang::Nl, 0)
        .unwrap_err()
        .to_string();
    assert!(
        !err.contains("did you mean") && err.contains("Achterhoek"),
        "{err}"
    );
}

#[test]
fn an_unknown_language_names_the_code_and_the_choices() {
    let err = report_lang("de").unwrap_err().to_string();
    assert_eq!(
        err,
        r#"invalid report language (lang) "de"; choose one of: nl (Dutch), en (English)"#
    );
    assert!(!err.contains("NaN"));
    assert!(report_lang("en").is_ok() && report_lang("nl").is_ok());
}

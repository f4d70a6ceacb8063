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
    report(
        ds(),
        regions,
        &Params::default(),
        &[Scenario::baseline(), more],
        &ProjectionOptions::default(),
        &ro,
    )
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
        "fig-instroom",
        "fig-uitstroom",
        "fig-leeftijd",
        "fig-wervingsopgave",
        "fig-scenarios",
    ] {
        assert!(
            html.contains(&format!("<figure id=\"{fig}\"><svg")),
            "figure {fig}"
        );
    }
    assert_eq!(html.matches("<svg").count(), html.matches("</svg>").count());
    assert!(html.contains("Bron: DUO / CBS / OCW"));
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
    let path = std::env::temp_dir().join(format!("tekort-report-{}.csv", std::process::id()));
    std::fs::write(&path, "bevoegd_gezag,region\n41572,Stichting\n").unwrap();
    let regions = read_region_file(&path, ds()).unwrap();
    let html = page(&regions, "Stichting", Lang::En, 0).unwrap();
    assert!(
        html.contains("<html lang=\"en\">") && html.contains("Key figures beside the Netherlands")
    );
    assert!(html.contains("School boards in the region: 41572"));
    assert!(
        !html.contains("Monte Carlo draws"),
        "no bands without draws"
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

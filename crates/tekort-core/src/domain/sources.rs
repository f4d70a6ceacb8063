//! Where each default parameter comes from: a measurement (with its
//! year and publisher), a model choice, a backtest, or an assumption.
//! `tekort params` prints them as comments above the values
//! ([`Params::to_annotated_toml`]); docs/method.md has the same table
//! with units.

use crate::domain::params::Params;

/// `(key, source)` of the default parameters; a key is a TOML table
/// (`workforce.employment_fte`) or a value within one
/// (`market.reaction`).
pub const PARAM_SOURCES: &[(&str, &str)] = &[
    ("base_year", "the last year of observed pupils (DUO, 1 October 2025)"),
    ("workforce.mbo_students", "assumption: DUO order of magnitude"),
    ("workforce.employment_fte", "fte in the measurement year: po 9,800 fte / 9.7 % (October 2023), vo 3,800 / 5.8 % (October 2023), measured shortage (OCW/CentERdata); mbo DUO teacher fte 2019 (payroll), held to 2024: assumption"),
    ("demand.birth_share_years", "model choice: the municipal share of births after the data"),
    ("demand.vo_lag_years", "po ages centre on 7.5, vo on 14.5"),
    ("demand.mbo_lag_years", "mbo ages centre on 18"),
    ("demand.pupil_trend_years", "model choice: the window of the trend of pupils per birth cohort"),
    ("demand.pupil_trend_damping", "chosen by backtest (docs/accuracy.md): the smallest out-of-sample error, cutoffs after 2018"),
    ("hours", "fte per person by age band: po about 0.75-0.8 (domain.md); vo, mbo assumption; cap 1.21 as Mirror's"),
    ("outflow", "attrition and early retirement by age: assumptions consistent with the early-leaving figures (po 8 % after one year, 15 % after three) and a mean exit age of 65-66; AOW age by law to 2028, then two thirds of the expected gain in life expectancy"),
    ("inflow.zij_instroom_persons", "2,244 zij-instromers in 2024 (domain.md), held"),
    ("inflow.zij_instroom_share", "assumption"),
    ("inflow.returners_rate", "assumption: sizes the initial stille reserve"),
    ("inflow.shortage_pull", "0: the measured G5 lead widened 2021-2023, no pull"),
    ("inflow.zij_instroom_observed", "495 (2017), 1,777 (2020), 2,244 (2024), domain.md: the history run"),
    ("inflow.completion_cohorts", "the completion of the latest pabo entry cohorts (0.62-0.71 after the entry tests of 2015), scored in docs/accuracy.md"),
    ("market.matching_sharpness", "assumption: at balance 84 % of openings filled in a year"),
    ("market.reserve_search_rate", "assumption"),
    ("market.reserve_exit_rate", "assumption"),
    ("market.attrition_to_reserve", "assumption"),
    ("market.reaction", "0, no reaction in the deterministic run: the shortage backtest cannot size it yet (docs/accuracy.md); the Monte Carlo draws uncertainty.reaction"),
    ("mobility", "assumption"),
    ("vacancies", "assumption: the tekortmeting reports the hidden part as the larger one"),
    ("replacement", "po notifications and unfilled share: Vervangingsfonds (1.0 per employee, 3.2 % of 7.2 % unfilled); vo, mbo assumption"),
    ("uncertainty", "multipliers drawn by the Monte Carlo: assumptions sized from the observed series (docs/method.md section 11)"),
    ("uncertainty.graduate_error_scale", "1.75: the smallest scale whose 80 % graduate intervals hold at least 75 % of the counts out of sample (docs/accuracy.md, interval coverage)"),
    ("uncertainty.reaction", "Uniform(0, 0.2): evaluations found models that assume nobody reacts too high (ROA 1993-1998, 72 of 93 occupations; domain.md)"),
    ("microsim", "the microsimulation's own settings (docs/method.md)"),
];

impl Params {
    /// [`Params::to_toml_string`] with a `# source` comment above every
    /// value or table of [`PARAM_SOURCES`]; it reads back as the same
    /// parameters.
    pub fn to_annotated_toml(&self) -> String {
        let source = |key: &str| PARAM_SOURCES.iter().find(|(k, _)| *k == key).map(|s| s.1);
        let mut out = String::new();
        let mut section = String::new();
        let mut done: Vec<&str> = Vec::new();
        let note = |key: &str, out: &mut String, done: &mut Vec<&'static str>| {
            if let Some((k, s)) = PARAM_SOURCES.iter().find(|(k, _)| *k == key) {
                if !done.contains(k) {
                    done.push(k);
                    out.push_str("# ");
                    out.push_str(s);
                    out.push('\n');
                }
            }
        };
        for line in self.to_toml_string().lines() {
            let t = line.trim();
            if t.starts_with('[') {
                section = t.trim_matches(|c| c == '[' || c == ']').to_string();
                // The nearest annotated table: `hours.fte_per_person.po`
                // takes the note of `hours`.
                let mut key = section.as_str();
                loop {
                    if source(key).is_some() {
                        note(key, &mut out, &mut done);
                        break;
                    }
                    match key.rfind('.') {
                        Some(i) => key = &key[..i],
                        None => break,
                    }
                }
            } else if let Some((k, _)) = t.split_once(" = ") {
                let full = if section.is_empty() {
                    k.to_string()
                } else {
                    format!("{section}.{k}")
                };
                note(&full, &mut out, &mut done);
            }
            out.push_str(line);
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_source_is_printed_and_the_text_reads_back() {
        let p = Params::default();
        let text = p.to_annotated_toml();
        for (key, source) in PARAM_SOURCES {
            assert!(
                text.contains(&format!("# {source}\n")),
                "{key} not annotated"
            );
        }
        assert_eq!(Params::from_toml_str(&text).unwrap(), p);
    }
}

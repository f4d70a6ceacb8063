//! The accuracy report (docs/accuracy.md) as Markdown.

use std::fmt::Write as _;

use tekort_core::{
    backtest, fit_pupil_trend, interval_coverage, mape_of, staff_per_pupil_change, summarize,
    AccuracyRow, Backtest, BacktestOptions, Component, Dataset, Method, Params, Result,
    SectorGroup, FIT_LAST_YEAR,
};

fn cell(v: f64) -> String {
    if v.is_finite() {
        format!("{v:.2}")
    } else {
        "–".into()
    }
}

fn signed(v: f64) -> String {
    if v.is_finite() {
        format!("{v:+.1}")
    } else {
        "–".into()
    }
}

/// A table: one row per method, one column per horizon, cells
/// "MAPE (bias)", and the number of scored forecasts.
fn table(
    o: &mut String,
    summary: &[AccuracyRow],
    component: Component,
    system: &str,
    sector: &str,
    horizons: &[i32],
) {
    let rows: Vec<&AccuracyRow> = summary
        .iter()
        .filter(|r| r.component == component && r.region_system == system && r.sector == sector)
        .collect();
    if rows.is_empty() {
        let _ = writeln!(o, "(no forecast to score)\n");
        return;
    }
    let _ = write!(o, "| method |");
    for h in horizons {
        let _ = write!(o, " h = {h} |");
    }
    let _ = writeln!(o, " forecasts scored |");
    let _ = write!(o, "|---|");
    for _ in horizons {
        let _ = write!(o, "---:|");
    }
    let _ = writeln!(o, "---:|");
    for m in Method::ALL {
        let mine: Vec<&&AccuracyRow> = rows.iter().filter(|r| r.method == m).collect();
        if mine.is_empty() {
            continue;
        }
        let _ = write!(o, "| {} |", m.code());
        for h in horizons {
            match mine.iter().find(|r| r.horizon == *h) {
                Some(r) => {
                    let _ = write!(o, " {} ({}) |", cell(r.mape), signed(r.bias));
                }
                None => {
                    let _ = write!(o, " – |");
                }
            }
        }
        let n: usize = mine.iter().map(|r| r.count).sum();
        let _ = writeln!(o, " {n} |");
    }
    let _ = writeln!(o);
}

fn cutoff_range(bt: &Backtest, component: Component) -> String {
    let mut c: Vec<i32> = bt
        .rows
        .iter()
        .filter(|r| r.component == component)
        .map(|r| r.cutoff)
        .collect();
    c.sort_unstable();
    c.dedup();
    match (c.first(), c.last()) {
        (Some(a), Some(b)) if a == b => format!("{a}"),
        (Some(a), Some(b)) => format!("{a}–{b}"),
        _ => "none".into(),
    }
}

/// The accuracy report in Markdown (docs/accuracy.md): the backtests of
/// every component on the default options, and the calibration of the
/// pupil trend.
pub fn accuracy_report(dataset: &Dataset, params: &Params) -> Result<String> {
    let options = BacktestOptions::new(dataset)?;
    let bt = backtest(dataset, params, &options)?;
    let s = summarize(&bt.rows);
    let fit = fit_pupil_trend(dataset, params)?;
    let mut o = String::new();
    let w = &mut o;
    let _ = writeln!(
        w,
        "# Accuracy: tekort's forecasts from past cutoffs against what happened\n"
    );
    let _ = writeln!(
        w,
        "Produced by `tekort accuracy > docs/accuracy.md` on the embedded dataset with the \
         default parameters; a test re-runs the command and fails if this file differs. \
         `tekort backtest` (Python: `tekort.backtest()`) gives every forecast behind these \
         tables as a tidy frame (with the Monte Carlo's interval, `forecast-lo-80` … \
         `forecast-hi-95`, on tekort's pupil and graduate rows), \
         `tekort.backtest_summary()` the summaries. \
         Bron: DUO / CBS / OCW / UN WPP / OECD.\n"
    );
    let _ = writeln!(
        w,
        "**How.** From each cutoff *c* a forecast is made for the years *c* + 1 … *c* + 10 \
         with the data of years up to *c* only, and scored against what happened. A test \
         multiplies every value after *c* by ten and checks that no forecast from *c* \
         changes. Where the model needs something later (births after *c*), it forecasts it \
         from what was known at *c*. Each cell is **MAPE % (bias %)**: the mean absolute \
         error in % of the actual, and in brackets the mean signed error (positive: the \
         forecast was too high). Baselines on the same cutoffs and actuals: **naive** holds \
         the value of *c*; **drift** adds the mean yearly change of the last five years (fewer \
         where the series is shorter). **official** is the forecast the official model \
         published at the time, where one is in the data. Speed: the whole backtest (every \
         component, cutoff and region system) is timed by `cargo bench -p tekort-benches \
         --bench backtest`; the result is in README's speed table (target: under 5 s).\n"
    );

    // Headline.
    let _ = writeln!(w, "## Headline: regular-primary pupils (po_bo)\n");
    let horizons = [1, 2, 5, 10];
    let _ = writeln!(
        w,
        "Cutoffs {}; MAPE % by horizon. Targets of the project for tekort: per \
         arbeidsmarktregio ≤ 2.5 % at 5 years and ≤ 5 % at 10 years; nationally ≤ 1.5 % and \
         ≤ 3 %.\n",
        cutoff_range(&bt, Component::Pupils)
    );
    let _ = writeln!(w, "| method | region | h = 1 | h = 2 | h = 5 | h = 10 |");
    let _ = writeln!(w, "|---|---|---:|---:|---:|---:|");
    for system in ["arbeidsmarktregio", "nl"] {
        for m in [Method::Tekort, Method::Naive, Method::Drift] {
            let _ = write!(
                w,
                "| {} | {} |",
                m.code(),
                if system == "nl" { "national" } else { system }
            );
            for h in horizons {
                let _ = write!(
                    w,
                    " {} |",
                    cell(mape_of(&s, Component::Pupils, system, "po_bo", m, h))
                );
            }
            let _ = writeln!(w);
        }
    }
    let _ = writeln!(w);
    let targets = [
        ("arbeidsmarktregio", 5, 2.5),
        ("arbeidsmarktregio", 10, 5.0),
        ("nl", 5, 1.5),
        ("nl", 10, 3.0),
    ];
    let verdicts: Vec<String> = targets
        .iter()
        .map(|&(system, h, target)| {
            let v = mape_of(&s, Component::Pupils, system, "po_bo", Method::Tekort, h);
            format!(
                "{} at {h} years {} ({} % against ≤ {target} %)",
                if system == "nl" { "national" } else { system },
                if v <= target { "met" } else { "missed" },
                cell(v)
            )
        })
        .collect();
    let _ = writeln!(w, "Targets: {}.\n", verdicts.join("; "));

    // Pupils.
    let _ = writeln!(w, "## Pupils\n");
    let _ = writeln!(
        w,
        "**tekort's method** (the one the forecast uses): each municipality's pupils of the \
         cutoff year, moved with its birth cohorts aged 4–11; for regular primary, the trend \
         of its ratio of pupils to cohorts over the last five years continues, damped by \
         `demand.pupil_trend_damping` = {} a year (see *Calibration* below); special \
         education holds its ratio. Births after the cutoff come from the births method \
         below; municipal births begin in 2012, so earlier cohorts are national births × the \
         municipality's share in its first three known years (before 2012 no share is known \
         at all, and the pupils of the cutoff stand in: a common share cancels out, so the \
         forecast then moves with the national cohorts; no leak). Regions are sums of their \
         municipalities. Actuals are DUO's pupil counts (1 October), e.g. national regular \
         primary 2015 = {}.\n",
        params.demand.pupil_trend_damping,
        {
            let actual = bt
                .rows
                .iter()
                .find(|r| {
                    r.component == Component::Pupils
                        && r.region_system == "nl"
                        && r.sector == "po_bo"
                        && r.year == 2015
                })
                .map_or(f64::NAN, |r| r.actual);
            thousands(actual)
        }
    );
    let _ = writeln!(
        w,
        "Special education is policy more than demography: sbo lost pupils after passend \
         onderwijs (2014) and (v)so grew while the birth cohorts shrank, so tekort's held \
         ratio is biased low for (v)so and does no better than naive there.\n"
    );
    let hs = [1, 2, 3, 5, 10];
    for system in ["nl", "provincie", "corop", "arbeidsmarktregio"] {
        for sector in ["po_bo", "po_sbo", "po_so_vso"] {
            let _ = writeln!(w, "**{sector}, {system}**\n");
            table(w, &s, Component::Pupils, system, sector, &hs);
        }
    }

    // Births.
    let _ = writeln!(w, "## Births (national)\n");
    let _ = writeln!(
        w,
        "Cutoffs {}. **tekort's births method** (the demography of the backtests): births \
         per woman aged 25–39 in the last three known years × the women aged 25–39 of each \
         later year, aged forward from the population of the last known year (OECD, 5-year \
         bands spread evenly over single ages; no deaths or migration at these ages). The \
         forecast itself uses CBS's Bevolkingsprognose with the UN WPP shape and band \
         instead (`data/births_national.csv`), an external forecast whose earlier vintages \
         are not in the data, so it cannot be backtested. Actuals: national live births \
         (CBS from 2012, UN WPP estimates scaled to CBS before).\n",
        cutoff_range(&bt, Component::Births)
    );
    table(w, &s, Component::Births, "nl", "all", &hs);

    // Graduates.
    let _ = writeln!(w, "## Teacher-training graduates (national, per route)\n");
    let _ = writeln!(
        w,
        "Cutoffs {}. **tekort's method** (the forecast's): graduates = first-year intake \
         `lag` years earlier × the completion ratio observed up to the cutoff; intake after \
         the cutoff is the mean of the last three known years. **official**: OCW's StaMOS \
         reference forecast of 2016 (vintage 2016, scored for 2018–2021). Its series are \
         not defined as OCW's graduate counts used as actuals (see `data/README.md`: the \
         ratio of StaMOS to the OCW counts in 2018–2021), so much of its error is a level \
         difference. The pooled completion ratio is tekort's weak point for pabo: the entry \
         tests of 2015 cut pabo intake ({} in 2014, {} in 2015) and raised the share who \
         graduate, so intake × the old ratio forecasts too few.\n",
        cutoff_range(&bt, Component::Graduates),
        intake_of(dataset, "pabo", 2014),
        intake_of(dataset, "pabo", 2015)
    );
    let gh = [1, 2, 3, 4, 5];
    for route in ["pabo", "hbo_2nd_degree", "hbo_1st_degree", "wo_1st_degree"] {
        let _ = writeln!(w, "**{route}**\n");
        table(w, &s, Component::Graduates, "nl", route, &gh);
    }

    // Staff.
    let _ = writeln!(w, "## po staff (persons, all functions)\n");
    let _ = writeln!(
        w,
        "Cutoffs {}. **tekort's method**: the staff of the cutoff year moved with tekort's \
         pupil forecast of the same region and school type (staff per pupil held, as the \
         forecast holds demand per pupil). The labour-market engine itself cannot start \
         before the first shortage measurement (2021), so this is its demand side. Where it \
         loses to naive, the cause is staff per pupil, which it holds: DUO's po staff per \
         po pupil changed by {} % from 2017 to 2022 (funds for workload and the NPO \
         programme), a policy change no demographic method can see.\n",
        cutoff_range(&bt, Component::Staff),
        signed(staff_per_pupil_change(dataset, 2017, 2022))
    );
    for (system, sector) in [
        ("nl", "po_bo"),
        ("arbeidsmarktregio", "po_bo"),
        ("nl", "po_sbo"),
        ("nl", "po_so_vso"),
    ] {
        let _ = writeln!(w, "**{sector}, {system}**\n");
        table(w, &s, Component::Staff, system, sector, &hs);
    }

    // 55+.
    let _ = writeln!(w, "## Share of po teaching fte aged 55+ (national)\n");
    let _ = writeln!(
        w,
        "Cutoffs {}. **tekort's method**: the history run's age roll (`roll_age_structure`) \
         from the measured profile of the cutoff year: the model's hazards remove leavers, \
         the rest age a year, entrants (graduates, zij-instromers, returners) fill the \
         change of employment, which moves with tekort's pupil forecast. Actuals: StaMOS \
         2009–2016.\n",
        cutoff_range(&bt, Component::Share55Plus)
    );
    table(w, &s, Component::Share55Plus, "nl", "po", &[1, 2, 3, 4, 5]);

    // Shortage.
    let _ = writeln!(w, "## National po shortage (%)\n");
    let _ = writeln!(
        w,
        "Cutoffs {}. Measurements: {}; so only the baselines can be scored, on one or two \
         forecasts each.\n",
        cutoff_range(&bt, Component::Shortage),
        dataset
            .national_shortage
            .iter()
            .filter(|m| m.group == SectorGroup::Po)
            .filter_map(|m| m.pct.map(|p| format!("October {} {p} %", m.year)))
            .collect::<Vec<_>>()
            .join(", ")
    );
    table(w, &s, Component::Shortage, "nl", "po", &[1, 2]);

    // Coverage.
    let coverage = interval_coverage(dataset, params)?;
    let _ = writeln!(w, "## Interval coverage\n");
    let _ = writeln!(
        w,
        "The Monte Carlo (`tekort forecast --draws`) draws the pupil and graduate errors from \
         these backtests: a log-normal error around tekort's forecast whose sd at each horizon \
         is the root-mean-square log error of the past forecasts (nationally and per \
         arbeidsmarktregio). Each backtest forecast gets that interval for its horizon, and \
         the table gives the share of actuals inside it. **in**: the error sizes from every \
         backtest forecast (what the Monte Carlo uses); **out**: sized only from the forecasts \
         of years up to {FIT_LAST_YEAR} and scored on the cutoffs after it. Target: the 80 % \
         intervals cover 75–85 % of the actuals.\n"
    );
    let _ = writeln!(
        w,
        "| component | region | sample | level | h = 1 | h = 2 | h = 5 | h = 10 | all horizons | forecasts |"
    );
    let _ = writeln!(w, "|---|---|---|---:|---:|---:|---:|---:|---:|---:|");
    for (component, system, label) in [
        (Component::Pupils, "nl", "pupils (po_bo)"),
        (Component::Pupils, "arbeidsmarktregio", "pupils (po_bo)"),
        (Component::Graduates, "nl", "graduates (all routes)"),
    ] {
        for sample in ["in", "out"] {
            for level in [80.0, 95.0] {
                let get = |h: i32| {
                    coverage.iter().find(|c| {
                        c.component == component
                            && c.region_system == system
                            && c.sample == sample
                            && c.level == level
                            && c.horizon == h
                    })
                };
                let pcell =
                    |h: i32| get(h).map_or("–".to_string(), |c| format!("{:.0} %", c.coverage));
                let _ = writeln!(
                    w,
                    "| {label} | {} | {sample} | {level:.0} % | {} | {} | {} | {} | {} | {} |",
                    if system == "nl" { "national" } else { system },
                    pcell(1),
                    pcell(2),
                    pcell(5),
                    pcell(10),
                    pcell(0),
                    get(0).map_or(0, |c| c.count)
                );
            }
        }
    }
    let _ = writeln!(
        w,
        "\nThe other parts of the Monte Carlo (parameter multipliers, process noise) have no \
         history to be scored against; their sizes are assumptions documented in \
         `docs/method.md`.\n"
    );

    // Calibration.
    let _ = writeln!(
        w,
        "## Calibration: the pupil trend, fitted in sample, checked out of sample\n"
    );
    let _ = writeln!(
        w,
        "`demand.pupil_trend_damping` is the one parameter chosen by backtest. Each value of \
         the grid is scored on regular-primary pupils per arbeidsmarktregio. **In sample**: \
         the forecasts of years up to {FIT_LAST_YEAR} (data up to {FIT_LAST_YEAR} only); the \
         criterion is their mean MAPE over horizons 1–10. **Out of sample**: the cutoffs \
         after {FIT_LAST_YEAR}, kept out of the fit (horizons up to {}). Best in sample: \
         **{}**; the default is **{}**.\n",
        dataset.po_pupil_years.last - FIT_LAST_YEAR - 1,
        fit.best,
        params.demand.pupil_trend_damping
    );
    let _ = writeln!(
        w,
        "| damping | criterion | in: h = 1 | h = 2 | h = 5 | h = 10 | out: h = 1 | h = 2 | h = 5 |"
    );
    let _ = writeln!(w, "|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for c in &fit.grid {
        let _ = writeln!(
            w,
            "| {:.1} | {} | {} | {} | {} | {} | {} | {} | {} |",
            c.damping,
            cell(c.criterion),
            cell(c.in_sample[0]),
            cell(c.in_sample[1]),
            cell(c.in_sample[4]),
            cell(c.in_sample[9]),
            cell(c.out_of_sample[0]),
            cell(c.out_of_sample[1]),
            cell(c.out_of_sample[4]),
        );
    }
    let _ = writeln!(w);
    let held = fit.grid.iter().find(|c| c.damping == 0.0);
    let chosen = fit
        .grid
        .iter()
        .find(|c| c.damping == params.demand.pupil_trend_damping);
    if let (Some(h0), Some(ch)) = (held, chosen) {
        let _ = writeln!(
            w,
            "Out of sample the trend {} at 5 years ({} % against {} % for a held ratio): the \
             years after {FIT_LAST_YEAR} broke earlier migration trends (the pandemic, the \
             refugees from Ukraine from 2022), so the in-sample gain did not carry over in \
             full.\n",
            if ch.out_of_sample[4] <= h0.out_of_sample[4] {
                "helped"
            } else {
                "did not help"
            },
            cell(ch.out_of_sample[4]),
            cell(h0.out_of_sample[4]),
        );
    }

    // Testability.
    let _ = writeln!(w, "## What can and cannot be tested with the data\n");
    let _ = writeln!(
        w,
        "| quantity | tested | what would make it testable |\n|---|---|---|\n\
         | po pupils per school type and region | yes, 1996–2025 | – |\n\
         | national births | yes, 1950–2023 | past vintages of the CBS forecast, to score the births path the forecast uses |\n\
         | teacher-training graduates | yes, 2010–2021, 4 routes; StaMOS 2016 | more vintages of StaMOS, and one definition for both series |\n\
         | po staff (persons) per region | yes, 2011–2025 | fte instead of persons; staff by function |\n\
         | 55+ share of po fte | yes, 2009–2016, national | age profiles after 2016 and per region |\n\
         | po shortage (national) | baselines only, 2021–2023 | more measurements; a regional table from before 2023 |\n\
         | vo pupils, vo staff | no | vo pupils before 2024 (DUO publishes them); staff per sector |\n\
         | mbo students, staff | no | mbo students per region and year |\n\
         | vacancies, substitution requests | no | a time series of either |\n\
         | regional shortage | no | a second regional measurement |\n"
    );
    if !bt.notes.is_empty() {
        let _ = writeln!(w, "## Notes\n");
        for n in &bt.notes {
            let _ = writeln!(w, "- {n}");
        }
        let _ = writeln!(w);
    }
    Ok(o)
}

/// Published intake of a route in a year, as text.
fn intake_of(dataset: &Dataset, route: &str, year: i32) -> String {
    let t = &dataset.training;
    t.routes
        .iter()
        .position(|r| r == route)
        .and_then(|r| t.intake[r][t.years.index(year)?])
        .map_or("–".into(), thousands)
}

fn thousands(v: f64) -> String {
    if !v.is_finite() {
        return "–".into();
    }
    let s = format!("{:.0}", v.round());
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

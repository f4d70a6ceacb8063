//! The accuracy report (docs/accuracy.md) as Markdown: the page is
//! `templates/accuracy.md`; this module computes and formats its figures.

use minijinja::{context, Value};
use tekort_core::{
    data::Dataset,
    data::FundingEffect,
    evaluation::backtest,
    evaluation::fit_pupil_trend,
    evaluation::interval_coverage_with,
    evaluation::mape_of,
    evaluation::staff_per_pupil_change,
    evaluation::summarize,
    evaluation::AccuracyRow,
    evaluation::Backtest,
    evaluation::BacktestOptions,
    evaluation::Component,
    evaluation::CoverageRow,
    evaluation::Method,
    evaluation::TrendFit,
    evaluation::CRITERION_HORIZONS,
    evaluation::FIT_LAST_YEAR,
    evaluation::{
        graduate_scale_grid, shortage_bands, ShortageBand, GRADUATE_SCALE_TARGET,
        SHORTAGE_COVERAGE_DRAWS, SHORTAGE_COVERAGE_MC,
    },
    params::Params,
    sector::SectorGroup,
    Result,
};

use crate::templates;

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

/// A backtest table for `scores(t)` of the template: one row per method,
/// one cell "MAPE (bias)" per horizon, and the number of scored
/// forecasts; none where no forecast could be scored.
fn scores(
    summary: &[AccuracyRow],
    component: Component,
    system: &str,
    sector: &str,
    horizons: &[i32],
) -> Value {
    let rows: Vec<&AccuracyRow> = summary
        .iter()
        .filter(|r| r.component == component && r.region_system == system && r.sector == sector)
        .collect();
    if rows.is_empty() {
        return Value::from(());
    }
    let rows: Vec<Value> = Method::ALL
        .into_iter()
        .filter_map(|m| {
            let mine: Vec<&&AccuracyRow> = rows.iter().filter(|r| r.method == m).collect();
            if mine.is_empty() {
                return None;
            }
            let cells: Vec<Value> = horizons
                .iter()
                .map(|h| {
                    mine.iter()
                        .find(|r| r.horizon == *h)
                        .map_or(Value::from(()), |r| {
                            context! { mape => cell(r.mape), bias => signed(r.bias) }
                        })
                })
                .collect();
            let count: usize = mine.iter().map(|r| r.count).sum();
            Some(context! { method => m.code(), cells, count })
        })
        .collect();
    context! { horizons => horizons.to_vec(), rows }
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

/// A region system as the page names it.
fn region(system: &str) -> &str {
    if system == "nl" {
        "national"
    } else {
        system
    }
}

/// The accuracy report in Markdown (docs/accuracy.md): the backtests of
/// every component on the default options, and the calibration of the
/// pupil trend. The page is `templates/accuracy.md`; this function
/// computes and formats its figures.
pub fn accuracy_report(dataset: &Dataset, params: &Params) -> Result<String> {
    let options = BacktestOptions::new(dataset)?;
    let bt = backtest(dataset, params, &options)?;
    let s = summarize(&bt.rows);
    let fit = fit_pupil_trend(dataset, params)?;
    let bands = shortage_bands(dataset, params, &SHORTAGE_COVERAGE_MC, &[80.0, 95.0])?;
    let coverage = interval_coverage_with(dataset, params, &bands)?;
    let damping = params.demand.pupil_trend_damping;
    let page = context! {
        cutoffs => context! {
            pupils => cutoff_range(&bt, Component::Pupils),
            births => cutoff_range(&bt, Component::Births),
            graduates => cutoff_range(&bt, Component::Graduates),
            staff => cutoff_range(&bt, Component::Staff),
            share_55plus => cutoff_range(&bt, Component::Share55Plus),
            shortage => cutoff_range(&bt, Component::Shortage),
        },
        headline => headline(&s),
        damping => damping.to_string(),
        pupils_2015 => {
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
        },
        pupils => {
            let hs = [1, 2, 3, 5, 10];
            let mut tables = Vec::new();
            for system in ["nl", "provincie", "corop", "arbeidsmarktregio"] {
                for sector in ["po_bo", "po_sbo", "po_so_vso"] {
                    let table = scores(&s, Component::Pupils, system, sector, &hs);
                    tables.push(context! { sector, system, table });
                }
            }
            tables
        },
        births => scores(&s, Component::Births, "nl", "all", &[1, 2, 3, 5, 10]),
        completion_cohorts => params.inflow.completion_cohorts,
        pabo_h1 => pabo_at_one_year(&s, Method::Tekort),
        pabo_h1_naive => pabo_at_one_year(&s, Method::Naive),
        pabo_h1_pooled => {
            // The same backtest of the graduates with every cohort pooled.
            let mut pooled = params.clone();
            pooled.inflow.completion_cohorts = 0;
            let mut o = BacktestOptions::new(dataset)?;
            o.components = vec![Component::Graduates];
            pabo_at_one_year(&summarize(&backtest(dataset, &pooled, &o)?.rows), Method::Tekort)
        },
        pabo_intake_2014 => intake_of(dataset, "pabo", 2014),
        pabo_intake_2015 => intake_of(dataset, "pabo", 2015),
        graduates => ["pabo", "hbo_2nd_degree", "hbo_1st_degree", "wo_1st_degree"]
            .into_iter()
            .map(|route| {
                let table = scores(&s, Component::Graduates, "nl", route, &[1, 2, 3, 4, 5]);
                context! { route, table }
            })
            .collect::<Vec<Value>>(),
        staff_per_pupil_change => signed(staff_per_pupil_change(dataset, 2017, 2022)),
        staff_funds => funds_in_words(dataset, SectorGroup::Po),
        staff_held => {
            // The staff backtest without the funding path: staff per
            // pupil held, as before the path.
            let mut held = dataset.clone();
            held.funding_path.clear();
            let mut o = BacktestOptions::new(&held)?;
            o.components = vec![Component::Staff];
            o.region_systems.retain(|r| r.name == "nl");
            let sum = summarize(&backtest(&held, params, &o)?.rows);
            [1, 2, 5]
                .iter()
                .map(|h| {
                    sum.iter()
                        .find(|a| {
                            a.method == Method::Tekort && a.sector == "po_bo" && a.horizon == *h
                        })
                        .map_or("–".into(), |a| cell(a.mape))
                })
                .collect::<Vec<String>>()
        },
        first_po_fund => dataset
            .funding_path
            .iter()
            .filter(|f| f.group == SectorGroup::Po)
            .map(|f| f.announced)
            .min(),
        staff => [
            ("nl", "po_bo"),
            ("arbeidsmarktregio", "po_bo"),
            ("nl", "po_sbo"),
            ("nl", "po_so_vso"),
        ]
        .into_iter()
        .map(|(system, sector)| {
            let table = scores(&s, Component::Staff, system, sector, &[1, 2, 3, 5, 10]);
            context! { sector, system, table }
        })
        .collect::<Vec<Value>>(),
        share_55plus => scores(&s, Component::Share55Plus, "nl", "po", &[1, 2, 3, 4, 5]),
        shortage_measured => [SectorGroup::Po, SectorGroup::Vo]
            .into_iter()
            .map(|g| {
                let years = dataset
                    .national_shortage
                    .iter()
                    .filter(|m| m.group == g)
                    .filter_map(|m| m.pct.map(|p| context! { year => m.year, pct => p.to_string() }))
                    .collect::<Vec<Value>>();
                context! { group => g.code(), years }
            })
            .collect::<Vec<Value>>(),
        shortage => scores(&s, Component::Shortage, "nl", "po", &[1, 2, 3]),
        shortage_vo => scores(&s, Component::Shortage, "nl", "vo", &[1]),
        reaction_grid => {
            // The shortage backtest with the market's reaction at several
            // sizes (market.reaction), tekort's MAPE by horizon.
            let mut rows = Vec::new();
            for r in [0.0, 0.1, 0.2, 0.5] {
                let mut p = params.clone();
                p.market.reaction.value = r;
                let mut o = BacktestOptions::new(dataset)?;
                o.components = vec![Component::Shortage];
                let sum = summarize(&backtest(dataset, &p, &o)?.rows);
                let cells: Vec<String> = [1, 2, 3]
                    .iter()
                    .map(|h| {
                        sum.iter()
                            .find(|a| {
                                a.method == Method::Tekort
                                    && a.region_system == "nl"
                                    && a.sector == "po"
                                    && a.horizon == *h
                            })
                            .map_or("–".into(), |a| format!("{:.2}", a.mape))
                    })
                    .collect();
                rows.push(context! { reaction => r.to_string(), cells });
            }
            rows
        },
        reaction_default => params.market.reaction.value.to_string(),
        // Areas of several municipalities (the G5 together, the rest of
        // the country): every scored forecast beside the measurement.
        areas => {
            let mut rows: Vec<&tekort_core::evaluation::BacktestRow> = bt
                .rows
                .iter()
                .filter(|r| r.component == Component::Shortage && r.region_system != "nl")
                .collect();
            rows.sort_by(|a, b| {
                (&a.region, a.cutoff, a.year, a.method.code())
                    .cmp(&(&b.region, b.cutoff, b.year, b.method.code()))
            });
            let mut out: Vec<Value> = Vec::new();
            for r in rows.iter().filter(|r| r.method == Method::Tekort) {
                let naive = rows.iter().find(|n| {
                    n.method == Method::Naive
                        && n.region == r.region
                        && n.cutoff == r.cutoff
                        && n.year == r.year
                });
                out.push(context! {
                    area => r.region.clone(),
                    sector => r.sector.clone(),
                    cutoff => r.cutoff,
                    year => r.year,
                    measured => format!("{:.1}", r.actual),
                    tekort => format!("{:.1}", r.forecast),
                    naive => naive.map_or("–".to_string(), |n| format!("{:.1}", n.forecast)),
                });
            }
            out
        },
        area_lead => {
            // The G5's lead over the rest of the country: measured at the
            // cutoff, measured a year later, and the model's.
            let find = |area: &str, m: Method| {
                bt.rows.iter().find(|r| {
                    r.component == Component::Shortage && r.region == area && r.method == m
                })
            };
            match (
                find("G5", Method::Tekort),
                find("Nederland zonder G5", Method::Tekort),
                find("G5", Method::Naive),
                find("Nederland zonder G5", Method::Naive),
            ) {
                (Some(g), Some(r), Some(gn), Some(rn)) if g.cutoff == r.cutoff && g.year == r.year => {
                    context! {
                        cutoff => g.cutoff,
                        year => g.year,
                        before => format!("{:.1}", gn.forecast - rn.forecast),
                        after => format!("{:.1}", g.actual - r.actual),
                        model => format!("{:.1}", g.forecast - r.forecast),
                    }
                }
                _ => Value::from(()),
            }
        },
        shortage_h1 => {
            let at = |m: Method| {
                s.iter().find(|r| {
                    r.component == Component::Shortage
                        && r.region_system == "nl"
                        && r.sector == "po"
                        && r.method == m
                        && r.horizon == 1
                })
            };
            match (at(Method::Tekort), at(Method::Naive)) {
                (Some(t), Some(n)) => context! {
                    tekort => format!("{:.1}", t.mape),
                    naive => format!("{:.1}", n.mape),
                    count => t.count,
                    beats => t.mape < n.mape,
                },
                _ => Value::from(()),
            }
        },
        fit_last_year => FIT_LAST_YEAR,
        shortage_bands => shortage_band_table(&bands),
        graduate_scale => {
            let (grid, chosen) = graduate_scale_grid(dataset, params)?;
            context! {
                rows => grid
                    .iter()
                    .map(|g| context! {
                        scale => format!("{:.2}", g.scale),
                        in_sample => format!("{:.0}", g.in_sample),
                        out_of_sample => format!("{:.0}", g.out_of_sample),
                    })
                    .collect::<Vec<_>>(),
                chosen => format!("{chosen:.2}"),
                default => format!("{:.2}", params.uncertainty.graduate_error_scale),
                target => format!("{GRADUATE_SCALE_TARGET:.0}"),
                fit_last_year => FIT_LAST_YEAR,
            }
        },
        coverage => coverage_table(&coverage),
        calibration => calibration(&fit, damping, dataset.po_pupil_years.last),
        notes => bt.notes.clone(),
    };
    // The template and its context are both this crate's: a failure is a
    // bug, caught by tests/docs.rs.
    Ok(templates::render("accuracy.md", page).expect("templates/accuracy.md renders"))
}

/// The headline: regular-primary pupils, MAPE by horizon for tekort and
/// the baselines per arbeidsmarktregio and nationally, and the project's
/// targets met or missed.
fn headline(s: &[AccuracyRow]) -> Value {
    let horizons = [1, 2, 5, 10];
    let mut rows = Vec::new();
    for system in ["arbeidsmarktregio", "nl"] {
        for m in [Method::Tekort, Method::Naive, Method::Drift] {
            let mapes: Vec<String> = horizons
                .iter()
                .map(|&h| cell(mape_of(s, Component::Pupils, system, "po_bo", m, h)))
                .collect();
            rows.push(context! { method => m.code(), region => region(system), mapes });
        }
    }
    let targets: Vec<Value> = [
        ("arbeidsmarktregio", 5, 2.5),
        ("arbeidsmarktregio", 10, 5.0),
        ("nl", 5, 1.5),
        ("nl", 10, 3.0),
    ]
    .into_iter()
    .map(|(system, horizon, target): (&str, i32, f64)| {
        let v = mape_of(
            s,
            Component::Pupils,
            system,
            "po_bo",
            Method::Tekort,
            horizon,
        );
        context! {
            region => region(system),
            horizon,
            met => v <= target,
            mape => cell(v),
            target => target.to_string(),
        }
    })
    .collect();
    context! { horizons => horizons.to_vec(), rows, targets }
}

/// The interval coverage: per component, region system, sample and level
/// the share of actuals inside the interval at horizons 1, 2, 5, 10 and
/// over all horizons.
fn coverage_table(coverage: &[CoverageRow]) -> Value {
    let horizons = [1, 2, 5, 10];
    let mut rows = Vec::new();
    for (component, system, label) in [
        (Component::Pupils, "nl", "pupils (po_bo)"),
        (Component::Pupils, "arbeidsmarktregio", "pupils (po_bo)"),
        (Component::Graduates, "nl", "graduates (all routes)"),
        (Component::Shortage, "nl", "shortage (po, %)"),
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
                if get(0).is_none() {
                    // The shortage has no in-sample row.
                    continue;
                }
                // Horizon 0 is all horizons together.
                let cells: Vec<Option<String>> = horizons
                    .iter()
                    .chain(&[0])
                    .map(|&h| get(h).map(|c| format!("{:.0}", c.coverage)))
                    .collect();
                rows.push(context! {
                    label,
                    region => region(system),
                    sample,
                    level => format!("{level:.0}"),
                    cells,
                    count => get(0).map_or(0, |c| c.count),
                });
            }
        }
    }
    context! { horizons => horizons.to_vec(), rows }
}

/// The calibration of the pupil trend: the grid of dampings with their
/// out-of-sample criterion and MAPE at horizons 1, 2, 5, 10 in sample and 1,
/// 2, 5 out of sample, and whether the chosen damping helped out of sample
/// against a held ratio (damping 0).
fn calibration(fit: &TrendFit, damping: f64, last_pupil_year: i32) -> Value {
    let in_horizons = [1, 2, 5, 10];
    let out_horizons = [1, 2, 5];
    let at = |errors: &[f64], h: i32| cell(errors[h as usize - 1]);
    let grid: Vec<Value> = fit
        .grid
        .iter()
        .map(|c| {
            context! {
                damping => format!("{:.1}", c.damping),
                criterion => cell(c.criterion),
                in_sample => in_horizons.iter().map(|&h| at(&c.in_sample, h)).collect::<Vec<_>>(),
                out_of_sample => out_horizons
                    .iter()
                    .map(|&h| at(&c.out_of_sample, h))
                    .collect::<Vec<_>>(),
            }
        })
        .collect();
    let held = fit.grid.iter().find(|c| c.damping == 0.0);
    let chosen = fit.grid.iter().find(|c| c.damping == damping);
    let held = match (held, chosen) {
        (Some(h0), Some(ch)) => context! {
            helped => ch.out_of_sample[4] <= h0.out_of_sample[4],
            chosen => cell(ch.out_of_sample[4]),
            held => cell(h0.out_of_sample[4]),
        },
        _ => Value::from(()),
    };
    // What a fit on the in-sample forecasts alone (mean MAPE over their
    // horizons) would have chosen.
    let in_mean = |c: &tekort_core::evaluation::TrendCandidate| {
        let f: Vec<f64> = c
            .in_sample
            .iter()
            .copied()
            .filter(|v| v.is_finite())
            .collect();
        f.iter().sum::<f64>() / f.len().max(1) as f64
    };
    let in_sample_best = fit
        .grid
        .iter()
        .min_by(|a, b| in_mean(a).total_cmp(&in_mean(b)))
        .map_or(String::new(), |c| format!("{:.1}", c.damping));
    context! {
        in_sample_best,
        out_of_sample_horizons => last_pupil_year - FIT_LAST_YEAR - 1,
        criterion_horizons => CRITERION_HORIZONS,
        best => fit.best.to_string(),
        in_horizons => in_horizons.to_vec(),
        out_horizons => out_horizons.to_vec(),
        grid,
        held,
    }
}

/// MAPE of `method`'s national pabo graduates at one year, as text.
fn pabo_at_one_year(s: &[AccuracyRow], method: Method) -> String {
    s.iter()
        .find(|r| {
            r.component == Component::Graduates
                && r.region_system == "nl"
                && r.sector == "pabo"
                && r.method == method
                && r.horizon == 1
        })
        .map_or_else(|| "–".to_string(), |r| format!("{:.1}", r.mape))
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

/// The funds of `group` in the dataset's funding path in words: name,
/// kind, year announced and its effect in its first and last year, e.g.
/// "werkdrukmiddelen (structural, announced 2017: +2.5 % in 2018 to +4.5 %
/// in 2021, held after)".
fn funds_in_words(dataset: &Dataset, group: SectorGroup) -> String {
    let funds = FundingEffect::by_fund(&dataset.funding_path, group);
    if funds.is_empty() {
        return "none".into();
    }
    let pct = |v: f64| format!("{v:+}");
    funds
        .into_iter()
        .map(|(name, rows)| {
            let (first, last) = (rows[0], rows[rows.len() - 1]);
            let effect = if rows.iter().all(|f| f.staff_per_pupil_pct == 0.0) {
                format!("0 % in {}–{}", first.year, last.year)
            } else if first.year == last.year {
                format!("{} % in {}", pct(first.staff_per_pupil_pct), first.year)
            } else {
                format!(
                    "{} % in {} to {} % in {}",
                    pct(first.staff_per_pupil_pct),
                    first.year,
                    pct(last.staff_per_pupil_pct),
                    last.year
                )
            };
            let after = match last.kind {
                tekort_core::data::FundKind::Structural => ", held after",
                tekort_core::data::FundKind::Temporary => ", none after",
            };
            format!(
                "{name} ({}, announced {}: {effect}{after})",
                last.kind.code(),
                first.announced
            )
        })
        .collect::<Vec<String>>()
        .join("; ")
}

/// The national po shortage's bands from every past cutoff
/// ([`shortage_bands`], [`SHORTAGE_COVERAGE_DRAWS`] draws, seed 7): per
/// forecast the measurement, the central run, the median and the 80 % and
/// 95 % bands; how many measurements the bands hold; the median's and the
/// central run's MAPE at one year; and the chance that well-sized 80 %
/// bands hold all of that many independent measurements.
fn shortage_band_table(bands: &[ShortageBand]) -> Value {
    let bands: Vec<&ShortageBand> = bands.iter().filter(|b| b.sector == "po").collect();
    let pct = |v: f64| format!("{v:.1}");
    let rows: Vec<Value> = bands
        .iter()
        .map(|b| {
            let (_, lo80, hi80) = b.bounds[0];
            let (_, lo95, hi95) = b.bounds[1];
            context! {
                cutoff => b.cutoff,
                year => b.year,
                actual => pct(b.actual),
                central => pct(b.central),
                median => pct(b.median),
                lo80 => pct(lo80), hi80 => pct(hi80),
                lo95 => pct(lo95), hi95 => pct(hi95),
                inside80 => if b.covers(80.0) == Some(true) { "yes" } else { "no" },
            }
        })
        .collect();
    let h1: Vec<&&ShortageBand> = bands.iter().filter(|b| b.horizon == 1).collect();
    let mape = |f: fn(&ShortageBand) -> f64| {
        let sum: f64 = h1
            .iter()
            .map(|b| 100.0 * (f(b) - b.actual).abs() / b.actual)
            .sum();
        format!("{:.1}", sum / h1.len() as f64)
    };
    let mut cutoffs: Vec<i32> = bands.iter().map(|b| b.cutoff).collect();
    cutoffs.dedup();
    let count = |level: f64| {
        bands
            .iter()
            .filter(|b| b.covers(level) == Some(true))
            .count()
    };
    context! {
        draws => SHORTAGE_COVERAGE_DRAWS,
        rows,
        count => bands.len(),
        cutoffs => cutoffs.len(),
        inside80 => count(80.0),
        inside95 => count(95.0),
        median_h1 => mape(|b| b.median),
        central_h1 => mape(|b| b.central),
        chance_all => format!("{:.0}", 100.0 * 0.8f64.powi(bands.len() as i32)),
    }
}

//! What the model reproduces of the past (docs/validation.md) as Markdown:
//! the page is `templates/validation.md`; this module formats its figures.

use minijinja::{context, Value};
use tekort_core::{evaluation::Validation, sector::SectorGroup};

use crate::templates;

/// A percentage to one decimal, or `–` where none was measured.
fn measured(p: Option<f64>) -> String {
    p.map_or("–".into(), |p| format!("{p:.1}"))
}

/// The replay of history ([`tekort_core::evaluation::validate_history`]) as Markdown:
/// the page `tekort validate` writes (`docs/validation.md`).
pub fn validation_markdown(v: &Validation) -> String {
    let shortage: Vec<Value> = v
        .shortage
        .iter()
        .map(|c| {
            context! {
                sector => c.group.code(),
                year => c.year,
                measured_pct => measured(c.measured_pct),
                model_pct => format!("{:.2}", c.model_pct),
                measured_fte => format!("{:.0}", c.measured_fte),
                model_fte => format!("{:.0}", c.model_fte),
                demand_factor => format!("{:.3}", c.demand_factor),
                how => c.how.to_string(),
            }
        })
        .collect();
    let g5: Vec<Value> =
        v.g5.iter()
            .map(|c| {
                context! {
                    sector => c.group.code(),
                    reading => c.reading.to_string(),
                    national_pct => format!("{:.2}", c.national_pct),
                    min_pct => format!("{:.1}", c.min_pct),
                    measured_pct => measured(c.measured_pct),
                }
            })
            .collect();
    let po_excluding =
        v.g5.iter()
            .find(|c| c.group == SectorGroup::Po && c.reading.starts_with("excl"));
    let regional: Vec<Value> = v
        .regional
        .iter()
        .map(|c| {
            context! {
                sector => c.group.code(),
                region => c.region.to_string(),
                measured_pct => format!("{:.1}", c.measured_pct),
                model_pct => format!("{:.2}", c.model_pct),
                difference => format!("{:+.2}", c.model_pct - c.measured_pct),
            }
        })
        .collect();
    let ageing: Vec<Value> = v
        .ageing
        .iter()
        .map(|a| {
            context! {
                year => a.year,
                measured_pct => format!("{:.1}", a.measured_pct),
                model_pct => format!("{:.1}", a.model_pct),
                difference => format!("{:+.1}", a.model_pct - a.measured_pct),
            }
        })
        .collect();
    let base_55plus: Vec<Value> = v
        .base_55plus
        .iter()
        .map(|(g, from, share)| {
            context! { sector => g.code(), from => *from, share => format!("{share:.1}") }
        })
        .collect();
    let g5_gap: Vec<Value> = v
        .g5_gap
        .iter()
        .map(|(y, g, r)| {
            context! {
                year => *y,
                g5 => format!("{g:.1}"),
                rest => format!("{r:.1}"),
                lead => format!("{:.1}", g - r),
            }
        })
        .collect();
    let staff_mape: Vec<Value> = v
        .staff_mape
        .iter()
        .map(|(y, e, n)| context! { year => *y, model => format!("{e:.1}"), held => format!("{n:.1}") })
        .collect();
    let page = context! {
        base_year => v.base_year,
        shortage,
        g5,
        po_factor => format!("{:.3}", v.national_factor[0]),
        vo_factor => format!("{:.3}", v.national_factor[1]),
        po_implied => format!("{:.2}", po_excluding.map_or(f64::NAN, |c| c.national_pct)),
        po_measured => format!(
            "{:.1}",
            po_excluding.and_then(|c| c.measured_pct).unwrap_or(f64::NAN)
        ),
        po_as_all_po => format!("{:.2}", v.po_table_as_all_po),
        regional_year => v.regional_year,
        max_diff_po => format!("{:.2}", v.max_regional_diff(SectorGroup::Po)),
        max_diff_vo => format!("{:.2}", v.max_regional_diff(SectorGroup::Vo)),
        regional,
        ageing_from => v.ageing_from,
        ageing_mae => format!("{:.2}", v.ageing_mae()),
        ageing,
        base_55plus,
        g5_gap_last => v.g5_gap.last().map_or(v.base_year, |g| g.0),
        rank_correlation => format!("{:.2}", v.rank_correlation),
        g5_gap,
        staff_reference_year => v.staff_reference_year,
        staff_mape,
    };
    // The template and its context are both this crate's: a failure is a
    // bug, caught by tests/docs.rs.
    templates::render("validation.md", page).expect("templates/validation.md renders")
}

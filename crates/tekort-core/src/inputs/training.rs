//! Teacher-training graduates by route and year, projected from intake.

use crate::domain::dataset::{TrainingHistory, YearSpan};
use crate::domain::params::{Params, N_AGES};
use crate::domain::sector::SectorGroup;
use crate::error::{Result, TekortError};
use crate::inputs::profiles::age_distribution;
use ndarray::{Array2, Axis};
pub(crate) type GraduateProjection = (Array2<f64>, Vec<i32>, Array2<f64>, Array2<f64>);

/// Baseline graduates per route and projection year, nationally: published
/// where available, otherwise intake `lag_years` earlier × the completion
/// ratio of the most recent `inflow.completion_cohorts` entry cohorts whose
/// graduates are published (all of them when 0); intake after the last
/// published year is the mean of the last three published years.
pub(crate) fn project_graduates(
    training: &TrainingHistory,
    params: &Params,
    years: YearSpan,
    aow: f64,
    notes: &mut Vec<String>,
) -> Result<GraduateProjection> {
    let t = training;
    let routes = &params.inflow.training;
    let mut graduates = Array2::zeros((routes.len(), years.len()));
    let mut route_entry = Array2::zeros((routes.len(), SectorGroup::ALL.len()));
    let mut route_age = Array2::zeros((routes.len(), N_AGES));
    let mut lags = Vec::with_capacity(routes.len());
    for (ri, route) in routes.iter().enumerate() {
        let di = t
            .routes
            .iter()
            .position(|r| *r == route.training)
            .ok_or_else(|| TekortError::InvalidParams {
                reason: format!(
                    "inflow.training route {:?} is not in the teacher_training data (has: {})",
                    route.training,
                    t.routes.join(", ")
                ),
            })?;
        let intake_pub = &t.intake[di];
        let grads_pub = &t.graduates[di];
        let published: Vec<f64> = intake_pub.iter().flatten().copied().collect();
        let recent = &published[published.len().saturating_sub(3)..];
        let intake_level = if recent.is_empty() {
            0.0
        } else {
            recent.iter().sum::<f64>() / recent.len() as f64
        };
        let intake = |y: i32| -> f64 {
            t.years
                .index(y)
                .and_then(|i| intake_pub[i])
                .unwrap_or(if y > t.years.last { intake_level } else { 0.0 })
        };
        let lag = route.lag_years;
        // Entry cohorts with published graduates, the latest first. Years
        // whose intake was published as 0 (a route not yet started) would
        // inflate the ratio: only positive intakes count.
        let cohorts = grads_pub.iter().enumerate().rev().filter_map(|(i, g)| {
            let y = t.years.first + i as i32;
            match (g, t.years.index(y - lag).and_then(|j| intake_pub[j])) {
                (Some(g), Some(inn)) if inn > 0.0 => Some((*g, inn)),
                _ => None,
            }
        });
        let take = match params.inflow.completion_cohorts {
            0 => usize::MAX,
            n => n.max(0) as usize,
        };
        let (gsum, isum) = cohorts
            .take(take)
            .fold((0.0, 0.0), |(g, i), (gy, iy)| (g + gy, i + iy));
        let completion = if isum > 0.0 {
            gsum / isum
        } else {
            notes.push(format!(
                "training route {}: no overlapping intake and graduates; completion ratio 0.6 assumed",
                route.training
            ));
            0.6
        };
        for (yi, y) in years.years().enumerate() {
            graduates[[ri, yi]] = t
                .years
                .index(y)
                .and_then(|i| grads_pub[i])
                .unwrap_or_else(|| intake(y - lag) * completion);
        }
        for (gi, g) in SectorGroup::ALL.iter().enumerate() {
            route_entry[[ri, gi]] = route.entry.get(*g).value;
        }
        route_age
            .index_axis_mut(Axis(0), ri)
            .assign(&age_distribution(route.age, aow));
        lags.push(lag);
    }
    Ok((graduates, lags, route_entry, route_age))
}

/// The training tables as known at the end of `c` (years after it dropped);
/// `None` before the first year.
pub(crate) fn training_until(t: &TrainingHistory, c: i32) -> Option<TrainingHistory> {
    let last = c.min(t.years.last);
    let years = YearSpan::new(t.years.first, last).ok()?;
    let cut = |v: &Vec<Vec<Option<f64>>>| -> Vec<Vec<Option<f64>>> {
        v.iter().map(|r| r[..years.len()].to_vec()).collect()
    };
    Some(TrainingHistory {
        years,
        routes: t.routes.clone(),
        intake: cut(&t.intake),
        graduates: cut(&t.graduates),
    })
}

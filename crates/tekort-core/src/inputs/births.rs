//! tekort's births method: national births after the last known year,
//! from the births per woman aged 25–39 and the women of those ages aged
//! forward (used by `--cutoff` and the backtests).

use crate::domain::dataset::{Dataset, YearSpan};
use crate::error::{Result, TekortError};

/// National observed births as a span and values.
pub(crate) fn observed_births(dataset: &Dataset) -> Option<YearSpan> {
    dataset
        .births_national
        .iter()
        .find(|p| p.variant == "observed")
        .and_then(|p| p.span())
}

pub(crate) fn national_observed(dataset: &Dataset, year: i32) -> Option<f64> {
    dataset
        .births_national
        .iter()
        .find(|p| p.variant == "observed")
        .and_then(|p| p.get(year))
}

/// Women aged 25–39 in `year`, from the population of `known` (at most
/// `year`) aged forward (no deaths or migration at these ages); single
/// ages spread evenly over their 5-year band.
fn women_25_39(dataset: &Dataset, known: i32, year: i32) -> Option<f64> {
    let w = dataset.women.as_ref()?;
    let ki = w.years.index(known)?;
    let shift = (year - known) as usize;
    let mut total = 0.0;
    for a in 25..=39usize {
        let Some(a0) = a.checked_sub(shift) else {
            continue;
        };
        let (bi, (from, to)) = w
            .bands
            .iter()
            .enumerate()
            .find(|(_, &(f, t))| (f..=t).contains(&a0))?;
        total += w.persons[[bi, ki]] / (to - from + 1) as f64;
    }
    Some(total)
}

/// tekort's births method at cutoff `c` (the demography method of the
/// backtests): national births of year `y > c` = the births per woman aged
/// 25–39 of the last three known years × the women aged 25–39 in `y`, aged
/// forward from the population of the last known year. Without women by
/// age in the dataset: the mean of the last three known years.
///
/// Returns `(last known year, births of last+1 ..= until)`.
pub(crate) fn births_method(dataset: &Dataset, c: i32, until: i32) -> Result<(i32, Vec<f64>)> {
    let span = observed_births(dataset)
        .ok_or_else(|| TekortError::data("births_national has no observed path"))?;
    let last = c.min(span.last);
    if last < span.first + 2 {
        return Err(TekortError::YearOutOfRange {
            what: "births cutoff".into(),
            year: c,
            min: span.first + 2,
            max: span.last,
        });
    }
    let known: Vec<i32> = (last - 2..=last).collect();
    let pop_year = dataset
        .women
        .as_ref()
        .map(|w| last.min(w.years.last))
        .filter(|&p| {
            dataset
                .women
                .as_ref()
                .is_some_and(|w| w.years.index(p).is_some())
        });
    let rate = pop_year.and_then(|p| {
        let mut rates = Vec::new();
        for &y in &known {
            let b = national_observed(dataset, y)?;
            let w = women_25_39(dataset, y.min(p), y)?;
            rates.push(b / w);
        }
        Some(rates.iter().sum::<f64>() / rates.len() as f64)
    });
    let mean = known
        .iter()
        .map(|&y| national_observed(dataset, y).expect("inside the observed span"))
        .sum::<f64>()
        / 3.0;
    let path = (last + 1..=until)
        .map(|y| match (rate, pop_year) {
            (Some(r), Some(p)) => women_25_39(dataset, p, y).map_or(mean, |w| r * w),
            _ => mean,
        })
        .collect();
    Ok((last, path))
}

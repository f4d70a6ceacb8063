//! What the model reproduces of the past: the measured shortages in their
//! own years, both readings of the G5 convention, and the ageing of the po
//! workforce. `tekort validate` renders it as `docs/validation.md`.

use ndarray::{Array1, Axis};

use crate::domain::dataset::{Dataset, MeasuredArea, YearSpan};
use crate::domain::options::Demography;
use crate::domain::params::{Params, N_AGES};
use crate::domain::sector::{Sector, SectorGroup};
use crate::error::Result;
use crate::inputs::anchor::{
    anchored, calibrate_group, employment_in, measured_pct_with, G5Reading,
};
use crate::inputs::history::{roll_age_structure, share_55plus};

/// One national shortage measurement beside the model's value in its year.
#[derive(Debug, Clone, PartialEq)]
pub struct ShortageCheck {
    /// Sector group.
    pub group: SectorGroup,
    /// Year of the measurement.
    pub year: i32,
    /// Measured % of employment (where published).
    pub measured_pct: Option<f64>,
    /// Measured fte.
    pub measured_fte: f64,
    /// The model's % in that year.
    pub model_pct: f64,
    /// The model's fte in that year.
    pub model_fte: f64,
    /// The national factor on demand per pupil that anchors this year (1
    /// in the year of the regional table).
    pub demand_factor: f64,
    /// How the model's value arises.
    pub how: &'static str,
}

/// The national % implied by the regional table under one G5 reading.
#[derive(Debug, Clone, PartialEq)]
pub struct G5Check {
    /// Sector group.
    pub group: SectorGroup,
    /// Reading.
    pub reading: &'static str,
    /// Employment-weighted national %.
    pub national_pct: f64,
    /// Lowest municipal % (a rest of region solved from the total can go
    /// negative under the including reading).
    pub min_pct: f64,
    /// Measured national % in the same year.
    pub measured_pct: Option<f64>,
}

/// A regional measurement beside the model's value in its year.
#[derive(Debug, Clone, PartialEq)]
pub struct RegionCheck {
    /// Sector group.
    pub group: SectorGroup,
    /// Arbeidsmarktregio (without its G5 city) or G5 city.
    pub region: String,
    /// Measured %.
    pub measured_pct: f64,
    /// The model's % of the same area in that year.
    pub model_pct: f64,
}

/// The share of po fte aged 55+ rolled from one StaMOS year, beside the
/// measured share of later years.
#[derive(Debug, Clone, PartialEq)]
pub struct AgeingCheck {
    /// Year.
    pub year: i32,
    /// Measured share (StaMOS), %.
    pub measured_pct: f64,
    /// The history run's share, %.
    pub model_pct: f64,
}

/// Everything `tekort validate` shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Validation {
    /// Base year.
    pub base_year: i32,
    /// National shortage measurements.
    pub shortage: Vec<ShortageCheck>,
    /// The two G5 readings.
    pub g5: Vec<G5Check>,
    /// Factor applied to the regional table of po and vo to meet the
    /// national figure of the same year.
    pub national_factor: [f64; 2],
    /// Each arbeidsmarktregio in its measurement year.
    pub regional: Vec<RegionCheck>,
    /// The year of the regional tables.
    pub regional_year: i32,
    /// The national po % the regional table implies when read as all of po
    /// (not as bo), excluding reading.
    pub po_table_as_all_po: f64,
    /// First year of the po ageing run.
    pub ageing_from: i32,
    /// po ageing.
    pub ageing: Vec<AgeingCheck>,
    /// fte share aged 55+ per sector group in the base year, from the history run.
    pub base_55plus: Vec<(SectorGroup, i32, f64)>,
    /// po shortage % of the G5 cities together and of the rest of the
    /// country, per year from the base year (year, G5, rest).
    pub g5_gap: Vec<(i32, f64, f64)>,
    /// Spearman rank correlation of the arbeidsmarktregio's shortage %
    /// (all sectors) between the base year and the last year of `g5_gap`.
    pub rank_correlation: f64,
    /// po staff per arbeidsmarktregio: per year, the mean absolute %
    /// difference between the model's employment index (relative to the
    /// measurement year) and DUO's staff persons index, over the regions;
    /// beside it the same for the national index alone (regional shares
    /// held at the measurement year).
    pub staff_mape: Vec<(i32, f64, f64)>,
    /// Year the staff indices are relative to.
    pub staff_reference_year: i32,
}

impl Validation {
    /// Mean absolute error (percentage points) of the po ageing run.
    pub fn ageing_mae(&self) -> f64 {
        if self.ageing.is_empty() {
            return f64::NAN;
        }
        self.ageing
            .iter()
            .map(|a| (a.model_pct - a.measured_pct).abs())
            .sum::<f64>()
            / self.ageing.len() as f64
    }

    /// Largest absolute difference (pp) between the model and the regional
    /// table of one sector group.
    pub fn max_regional_diff(&self, group: SectorGroup) -> f64 {
        self.regional
            .iter()
            .filter(|c| c.group == group)
            .map(|c| (c.model_pct - c.measured_pct).abs())
            .fold(0.0, f64::max)
    }
}

/// Computes the validation tables on `dataset` with `params`.
pub fn validate_history(dataset: &Dataset, params: &Params) -> Result<Validation> {
    dataset.validate()?;
    params.validate()?;
    let base = params.base_year;
    let first = dataset
        .national_shortage
        .iter()
        .map(|m| m.year)
        .min()
        .unwrap_or(base)
        .min(base);
    let span = YearSpan::new(first, base)?;
    let mut notes = Vec::new();
    let a = anchored(
        dataset,
        params,
        &Demography::default(),
        None,
        span,
        &mut notes,
    )?;
    let mut shortage = Vec::new();
    let mut measured: Vec<_> = dataset.national_shortage.clone();
    measured.sort_by_key(|m| (m.group as usize, m.year));
    for m in measured {
        let Some(yi) = span.index(m.year) else {
            continue;
        };
        let (mut d, mut e) = (0.0, 0.0);
        for s in m.group.sectors() {
            let k = s.index();
            d += a.demand.index_axis(Axis(2), yi).column(k).sum();
            e += a.employment_path.index_axis(Axis(2), yi).column(k).sum();
        }
        let anchor = crate::inputs::anchor::measurement_year(dataset, m.group)? == m.year;
        let demand_factor = a
            .anchors
            .iter()
            .find(|x| x.0 == m.group && x.1 == m.year)
            .map_or(1.0, |x| x.2);
        shortage.push(ShortageCheck {
            group: m.group,
            year: m.year,
            measured_pct: m.pct,
            measured_fte: m.fte,
            model_pct: 100.0 * (d - e) / e,
            model_fte: d - e,
            demand_factor,
            how: match (anchor, m.group) {
                (true, SectorGroup::Mbo) => "the measured fte over the assumed employment",
                (true, _) => "regional table (G5 separate, scaled to the national figure)",
                (false, _) => "national figure; demand per pupil × the factor",
            },
        });
    }

    // The regional tables, in their year, with the model's employment.
    let y_po = crate::inputs::anchor::measurement_year(dataset, SectorGroup::Po)?;
    let emp = employment_in(dataset, params, y_po, &mut Vec::new())?;
    let (pct, factors) =
        measured_pct_with(dataset, params, G5Reading::Excluding, true, &mut Vec::new())?;
    let mut regional = Vec::new();
    {
        let cities: Vec<usize> = dataset
            .measured_shortage
            .iter()
            .filter_map(|m| match m.area {
                MeasuredArea::Municipality(i) => Some(i),
                _ => None,
            })
            .collect();
        for m in &dataset.measured_shortage {
            let (name, members): (String, Vec<usize>) = match &m.area {
                MeasuredArea::Arbeidsmarktregio(name) => (
                    name.clone(),
                    (0..dataset.n_municipalities())
                        .filter(|i| {
                            dataset.municipalities[*i].arbeidsmarktregio == *name
                                && !cities.contains(i)
                        })
                        .collect(),
                ),
                MeasuredArea::Municipality(i) => (
                    format!("{} (G5)", dataset.municipalities[*i].name),
                    vec![*i],
                ),
                // Checked against their own year in `groups` below.
                MeasuredArea::Municipalities { .. } => continue,
            };
            let (mut num, mut den) = (0.0, 0.0);
            for i in members {
                // The po table is read as bo (regular primary) figures.
                let sectors: &[Sector] = if m.group == SectorGroup::Po {
                    &[Sector::PoBo]
                } else {
                    m.group.sectors()
                };
                for s in sectors {
                    num += emp[[i, s.index()]] * pct[[i, s.index()]];
                    den += emp[[i, s.index()]];
                }
            }
            regional.push(RegionCheck {
                group: m.group,
                region: name,
                measured_pct: m.pct,
                model_pct: num / den,
            });
        }
    }
    // The po table read as all of po (excluding reading, no school-type
    // tilt, no national factor): the national % it implies.
    let po_table_as_all_po = {
        let po_emp: Array1<f64> = Sector::PO
            .iter()
            .map(|s| emp.column(s.index()).to_owned())
            .fold(Array1::zeros(dataset.n_municipalities()), |a, b| a + b);
        let p = calibrate_group(
            dataset,
            SectorGroup::Po,
            &po_emp,
            G5Reading::Excluding,
            &mut Vec::new(),
        )?;
        p.dot(&po_emp) / po_emp.sum()
    };
    let mut g5 = Vec::new();
    for (reading, name) in [
        (G5Reading::Excluding, "excluding the city (used)"),
        (G5Reading::Including, "including the city"),
    ] {
        let (pct, _) = measured_pct_with(dataset, params, reading, false, &mut Vec::new())?;
        for g in [SectorGroup::Po, SectorGroup::Vo] {
            let (mut num, mut den, mut min) = (0.0, 0.0, f64::INFINITY);
            // Group-level %: before the po school-type tilt the group's %
            // is the same for every type; use employment-weighted sums.
            for m in 0..dataset.n_municipalities() {
                let e: f64 = g.sectors().iter().map(|s| emp[[m, s.index()]]).sum();
                let s: f64 = g
                    .sectors()
                    .iter()
                    .map(|s| emp[[m, s.index()]] * pct[[m, s.index()]])
                    .sum();
                num += s;
                den += e;
                if e > 0.0 {
                    min = min.min(s / e);
                }
            }
            let year = crate::inputs::anchor::measurement_year(dataset, g)?;
            g5.push(G5Check {
                group: g,
                reading: name,
                national_pct: num / den,
                min_pct: min,
                measured_pct: dataset
                    .national_shortage
                    .iter()
                    .find(|m| m.group == g && m.year == year)
                    .and_then(|m| m.pct),
            });
        }
    }

    let po_years: Vec<i32> = {
        let mut y: Vec<i32> = dataset
            .teacher_fte_age
            .iter()
            .filter(|p| p.group == SectorGroup::Po)
            .map(|p| p.year)
            .collect();
        y.sort_unstable();
        y
    };
    let ageing_from = po_years.first().copied().unwrap_or(base);
    let ageing_to = po_years.last().copied().unwrap_or(base);
    let roll = roll_age_structure(dataset, params, SectorGroup::Po, ageing_from, ageing_to)?;
    let mut ageing = Vec::new();
    for (year, shares) in roll.iter().skip(1) {
        let Some(p) = dataset
            .teacher_fte_age
            .iter()
            .find(|p| p.group == SectorGroup::Po && p.year == *year)
        else {
            continue;
        };
        let total: f64 = p.bands.iter().map(|b| b.share_pct).sum();
        let old: f64 = p
            .bands
            .iter()
            .filter(|b| b.from >= 55)
            .map(|b| b.share_pct)
            .sum();
        ageing.push(AgeingCheck {
            year: *year,
            measured_pct: 100.0 * old / total,
            model_pct: share_55plus(shares),
        });
    }
    let mut base_55plus = Vec::new();
    for g in SectorGroup::ALL {
        let run = crate::inputs::history::age_structure(dataset, params, g, base, &mut Vec::new())?;
        let from = run.first().map_or(base, |r| r.0);
        let last = &run.last().expect("at least one year").1;
        debug_assert_eq!(last.len(), N_AGES);
        base_55plus.push((g, from, share_55plus(last)));
    }
    // How fast regional differences fade: the G5 against the rest (po), and
    // the ranking of the arbeidsmarktregio's.
    let until = (base + 15).min(crate::domain::options::MAX_UNTIL);
    let g5_codes = ["0363", "0599", "0518", "0344", "0034"];
    let pairs: Vec<(&str, &str)> = g5_codes
        .iter()
        .filter(|c| dataset.municipalities.iter().any(|m| m.code == **c))
        .map(|c| (*c, "G5"))
        .collect();
    // The baseline on a region system: shortage % per region and year,
    // over the given sectors.
    let shortage_pct = |regions: &crate::domain::regions::RegionSystem,
                        sectors: &[Sector]|
     -> Result<_> {
        let options = crate::domain::options::ProjectionOptions {
            until,
            sectors: sectors.to_vec(),
            ..crate::domain::options::ProjectionOptions::default()
        };
        let p = crate::run::project(
            dataset,
            regions,
            params,
            &[crate::domain::scenario::Scenario::baseline()],
            &options,
        )?;
        let all: Vec<usize> = (0..p.sectors.len()).collect();
        let pct = ndarray::Array2::from_shape_fn((p.regions.len(), p.years.len()), |(r, yi)| {
            p.total(0, Some(&[r]), &all, yi)
                .expect("indices from the projection itself")
                [crate::domain::projection::Variable::ShortagePct.index()]
        });
        Ok((p, pct))
    };
    let mut g5_gap = Vec::new();
    if !pairs.is_empty() {
        let regions = crate::domain::regions::RegionSystem::from_pairs("g5", dataset, &pairs)?;
        let (p, pct) = shortage_pct(&regions, &Sector::PO)?;
        if let (Some(g), Some(r)) = (
            p.region_index("G5"),
            p.region_index(crate::domain::regions::REST_REGION),
        ) {
            for (yi, y) in p.years.iter().enumerate() {
                g5_gap.push((*y, pct[[g, yi]], pct[[r, yi]]));
            }
        }
    }
    let rho = {
        let regions = crate::domain::regions::RegionSystem::builtin("arbeidsmarktregio", dataset)?;
        let (p, pct) = shortage_pct(&regions, &Sector::ALL)?;
        let last = p.years.len() - 1;
        rank_correlation(&pct.column(0).to_vec(), &pct.column(last).to_vec())
    };
    // po staff per arbeidsmarktregio: the model's employment path (the
    // national staff index shared by pupils) against DUO's regional staff.
    let staff_span = dataset.po_staff_years;
    let mut staff_mape = Vec::new();
    if staff_span.index(y_po).is_some() {
        let span = YearSpan::new(staff_span.first, base)?;
        let a = anchored(
            dataset,
            params,
            &Demography::default(),
            None,
            span,
            &mut Vec::new(),
        )?;
        let regions = crate::domain::regions::RegionSystem::builtin("arbeidsmarktregio", dataset)?;
        let nr = regions.len();
        let model_at = |yi: usize| -> Vec<f64> {
            let mut v = vec![0.0; nr];
            for (m, &r) in regions.assignment.iter().enumerate() {
                for s in Sector::PO {
                    v[r] += a.employment_path[[m, s.index(), yi]];
                }
            }
            v
        };
        let staff_at = |y: i32| -> Vec<f64> {
            let j = staff_span.index(y).expect("in the staff span");
            let mut v = vec![0.0; nr];
            for (m, &r) in regions.assignment.iter().enumerate() {
                for t in 0..3 {
                    v[r] += dataset.po_staff[[m, t, j]];
                }
            }
            v
        };
        let yref = span.index(y_po).expect("measurement year in span");
        let (model_ref, staff_ref) = (model_at(yref), staff_at(y_po));
        for (yi, y) in span.years().enumerate() {
            if y == y_po || staff_span.index(y).is_none() {
                continue;
            }
            let (model, staff) = (model_at(yi), staff_at(y));
            let national = staff.iter().sum::<f64>() / staff_ref.iter().sum::<f64>();
            let (mut errors, mut naive) = (Vec::new(), Vec::new());
            for r in 0..nr {
                if model_ref[r] > 0.0 && staff_ref[r] > 0.0 && staff[r] > 0.0 {
                    let mi = model[r] / model_ref[r];
                    let si = staff[r] / staff_ref[r];
                    errors.push(100.0 * (mi - si).abs() / si);
                    naive.push(100.0 * (national - si).abs() / si);
                }
            }
            if !errors.is_empty() {
                let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
                staff_mape.push((y, mean(&errors), mean(&naive)));
            }
        }
    }
    Ok(Validation {
        base_year: base,
        shortage,
        g5,
        national_factor: factors,
        regional_year: y_po,
        po_table_as_all_po,
        regional,
        ageing_from,
        ageing,
        base_55plus,
        g5_gap,
        rank_correlation: rho,
        staff_mape,
        staff_reference_year: y_po,
    })
}

/// Spearman rank correlation of two equally long series (ties are ranked
/// in order of appearance); NaN for fewer than two values.
///
/// ```
/// let rho = tekort_core::evaluation::rank_correlation(&[1.0, 2.0, 3.0], &[10.0, 30.0, 20.0]);
/// assert!((rho - 0.5).abs() < 1e-12);
/// ```
pub fn rank_correlation(a: &[f64], b: &[f64]) -> f64 {
    let ranks = |x: &[f64]| -> Vec<f64> {
        let mut idx: Vec<usize> = (0..x.len()).collect();
        idx.sort_by(|&i, &j| x[i].total_cmp(&x[j]));
        let mut r = vec![0.0; x.len()];
        for (rank, &i) in idx.iter().enumerate() {
            r[i] = rank as f64;
        }
        r
    };
    let (ra, rb) = (ranks(a), ranks(b));
    let n = a.len() as f64;
    if n < 2.0 {
        return f64::NAN;
    }
    let mean = (n - 1.0) / 2.0;
    let cov: f64 = ra
        .iter()
        .zip(&rb)
        .map(|(x, y)| (x - mean) * (y - mean))
        .sum();
    let var: f64 = ra.iter().map(|x| (x - mean).powi(2)).sum();
    cov / var
}

//! A tiny synthetic dataset whose projections can be computed by hand.

use ndarray::{Array2, Array3};
use tekort_core::*;

/// One or more municipalities, one arbeidsmarktregio per municipality.
/// Each has 160 bo pupils in every year (when births are flat at 20), 50
/// bo staff, 100 vo pupils; measured shortage po 10 %, vo 5 % in the base
/// year 2025, so the run has no history years (`with_history` adds them).
#[allow(dead_code)]
pub(crate) fn tiny_dataset(n: usize, births: &[f64]) -> Dataset {
    let municipalities = (0..n)
        .map(|i| Municipality {
            code: format!("{:04}", i + 1),
            name: format!("Gemeente {}", i + 1),
            provincie: "Provincie".into(),
            corop: format!("Corop {}", i / 2),
            arbeidsmarktregio: format!("Regio {}", i + 1),
        })
        .collect();
    let pupil_years = YearSpan::new(2000, 2025).unwrap();
    let birth_years = YearSpan::new(2012, 2012 + births.len() as i32 - 1).unwrap();
    let mut po_pupils = Array3::zeros((n, 3, pupil_years.len()));
    // bo pupils in the base year = 2 × the cohorts aged 4–11 (2014..=2021).
    let c8: f64 = (2014..=2021).map(|y| births[(y - 2012) as usize]).sum();
    for m in 0..n {
        for y in 0..pupil_years.len() {
            po_pupils[[m, 0, y]] = 2.0 * c8 * (m + 1) as f64;
        }
    }
    let staff_years = YearSpan::new(2011, 2025).unwrap();
    let mut po_staff = Array3::zeros((n, 3, staff_years.len()));
    po_staff.index_axis_mut(ndarray::Axis(1), 0).fill(50.0);
    let vo_years = YearSpan::new(2024, 2025).unwrap();
    let vo_pupils = Array2::from_elem((n, 2), 100.0);
    let b = Array2::from_shape_fn((n, births.len()), |(_, j)| births[j]);
    let training_years = YearSpan::new(2015, 2023).unwrap();
    let measured_shortage = (0..n)
        .flat_map(|i| {
            [(SectorGroup::Po, 10.0), (SectorGroup::Vo, 5.0)].map(|(group, pct)| MeasuredShortage {
                group,
                area: MeasuredArea::Arbeidsmarktregio(format!("Regio {}", i + 1)),
                year: 2025,
                pct,
            })
        })
        .collect();
    Dataset {
        municipalities,
        successors: vec![("0999".into(), "0001".into())],
        po_pupils,
        po_pupil_years: pupil_years,
        po_staff,
        po_staff_years: staff_years,
        vo_pupils,
        vo_pupil_years: vo_years,
        births: b.clone(),
        population: b * 100.0,
        birth_years,
        measured_shortage,
        po_type_shortage_pct: [10.0, 10.0, 10.0],
        training: TrainingHistory {
            years: training_years,
            routes: [
                "hbo_1st_degree",
                "hbo_2nd_degree",
                "pabo",
                "wo_1st_degree",
                "wo_po",
            ]
            .map(String::from)
            .to_vec(),
            intake: vec![vec![Some(100.0); training_years.len()]; 5],
            graduates: vec![
                (0..training_years.len())
                    .map(|i| (i >= 4).then_some(50.0))
                    .collect();
                5
            ],
        },
        teacher_fte_age: SectorGroup::ALL
            .iter()
            .map(|&group| TeacherAgeProfile {
                group,
                year: 2025,
                bands: vec![AgeBandShare {
                    from: 30,
                    to: 39,
                    share_pct: 100.0,
                }],
            })
            .collect(),
        national_shortage: vec![
            NationalShortage {
                group: SectorGroup::Po,
                year: 2025,
                pct: Some(10.0),
                fte: 10.0 * n as f64,
            },
            NationalShortage {
                group: SectorGroup::Vo,
                year: 2025,
                pct: Some(5.0),
                fte: 2.5 * n as f64,
            },
            NationalShortage {
                group: SectorGroup::Mbo,
                year: 2025,
                pct: None,
                fte: 2.0,
            },
        ],
        // The national path after the observed years: 20 births in each
        // municipality (the municipal shares are equal).
        births_national: vec![BirthsPath {
            variant: "medium".into(),
            first_year: 2012 + births.len() as i32,
            births: vec![20.0 * n as f64; 80],
        }],
        official_forecasts: Vec::new(),
        women: None,
        board_pupils: Vec::new(),
    }
}

/// Parameters that make the engine easy to follow by hand: fte 1 per
/// person, 10 % attrition at every age and nothing else leaving, no
/// graduates or zij-instroom; a stille reserve of 5 % of the headcount
/// that searches in full every year, never leaves, and gains nobody.
#[allow(dead_code)]
pub(crate) fn hand_params() -> Params {
    let mut p = Params::default();
    p.workforce.employment_fte = PerGroup {
        po: 100.0.into(),
        vo: 50.0.into(),
        mbo: 20.0.into(),
    };
    for g in SectorGroup::ALL {
        *p.hours.fte_per_person.get_mut(g) = ByAgeBand::uniform(1.0.into());
        *p.outflow.attrition.get_mut(g) = ByAgeBand::uniform(0.1.into());
    }
    p.outflow.early_retirement_from_60 = vec![0.0.into()];
    p.outflow.death_disability_at_20 = 0.0.into();
    p.inflow.training = vec![TrainingRoute {
        training: "pabo".into(),
        lag_years: 4,
        entry: PerGroup {
            po: 0.0.into(),
            vo: 0.0.into(),
            mbo: 0.0.into(),
        },
        age: AgeProfile {
            mean: 23.0,
            sd: 2.0,
        },
    }];
    p.inflow.zij_instroom_persons = 0.0.into();
    p.inflow.zij_instroom_observed = Vec::new();
    p.inflow.returners_rate = PerGroup {
        po: 0.05.into(),
        vo: 0.05.into(),
        mbo: 0.05.into(),
    };
    p.market.reserve_search_rate = 1.0.into();
    p.market.reserve_exit_rate = 0.0.into();
    p.market.attrition_to_reserve = 0.0.into();
    p
}

/// The tiny dataset with its measurements two years before the base year,
/// so the run has the history years 2023 and 2024.
#[allow(dead_code)]
pub(crate) fn with_history(mut ds: Dataset) -> Dataset {
    for m in &mut ds.measured_shortage {
        m.year = 2023;
    }
    for m in &mut ds.national_shortage {
        m.year = 2023;
    }
    ds
}

//! A small made-up dataset for examples, doctests and tests: not Dutch
//! data.

use ndarray::{Array2, Array3};

use crate::domain::dataset::{
    AgeBandShare, BirthsPath, Dataset, MeasuredArea, MeasuredShortage, Municipality,
    NationalShortage, TeacherAgeProfile, TrainingHistory, YearSpan,
};
use crate::domain::sector::SectorGroup;

impl Dataset {
    /// A made-up dataset of `n` municipalities (at least 1), each its own
    /// arbeidsmarktregio, with 20 births a year in each from 2012: the
    /// quickest way to try the API without data (the Dutch data is in the
    /// `tekort-data` crate). Beside [`Dataset::synthetic_with_births`] it
    /// has the national births observed since 1950, which the Monte Carlo
    /// needs.
    ///
    /// ```
    /// use tekort_core::data::Dataset;
    /// let ds = Dataset::synthetic(3);
    /// assert_eq!(ds.municipalities.len(), 3);
    /// assert!(ds.validate().is_ok());
    /// ```
    pub fn synthetic(n: usize) -> Dataset {
        let n = n.max(1);
        let mut ds = Dataset::synthetic_with_births(n, &[20.0; 12]);
        // The national births observed since 1950 (the Monte Carlo draws
        // its births errors from the past of this path).
        ds.births_national.push(BirthsPath {
            variant: "observed".into(),
            first_year: 1950,
            births: vec![20.0 * n as f64; 74],
        });
        ds
    }

    /// As [`Dataset::synthetic`] with the births of each municipality from
    /// 2012 on given; fewer than 10 years are continued with the last
    /// value given (20 if none), since the base year's pupils are two times
    /// the cohorts born 2014–2021. Each municipality `i` (from 1, at least
    /// one) has `i` times the bo pupils of the births, 50 bo staff in every
    /// year 2011–2025, 100 vo pupils in 2024 and 2025; the measured
    /// shortage in 2025 is po 10 %, vo 5 % in every region.
    ///
    /// ```
    /// use tekort_core::data::Dataset;
    /// let ds = Dataset::synthetic_with_births(0, &[]);
    /// assert_eq!(ds.municipalities.len(), 1);
    /// assert_eq!(ds.births.row(0).len(), 10);
    /// ```
    pub fn synthetic_with_births(n: usize, births: &[f64]) -> Dataset {
        let n = n.max(1);
        let mut births = births.to_vec();
        let last = births.last().copied().unwrap_or(20.0);
        if births.len() < 10 {
            births.resize(10, last);
        }
        let births = &births[..];
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
                [(SectorGroup::Po, 10.0), (SectorGroup::Vo, 5.0)].map(|(group, pct)| {
                    MeasuredShortage {
                        group,
                        area: MeasuredArea::Arbeidsmarktregio(format!("Regio {}", i + 1)),
                        year: 2025,
                        pct,
                    }
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
            funding_path: Vec::new(),
            board_schools: Vec::new(),
        }
    }
}

//! `--cutoff`: the whole model, labour market included, with data up to the
//! cutoff only. Every observation after the cutoff multiplied by ten must
//! leave the run unchanged; the national measurements are reproduced in
//! their own years.

use polars::prelude::DataFrame;
use tekort_core::{
    data::*, error::*, forecast::*, params::*, regions::*, scenario::*, sector::*, *,
};
use tekort_polars::*;

fn ds() -> &'static Dataset {
    embedded_dataset().expect("embedded dataset loads")
}

/// Every observation of a year after `c` (and every birth projection
/// published after it, every official forecast of a later vintage) times
/// ten.
fn tenfold_after(dataset: &Dataset, c: i32) -> Dataset {
    let mut d = dataset.clone();
    let ten = |span: YearSpan, mut f: Box<dyn FnMut(usize) + '_>| {
        for (i, y) in span.years().enumerate() {
            if y > c {
                f(i);
            }
        }
    };
    let (py, sy, vy, by) = (
        d.po_pupil_years,
        d.po_staff_years,
        d.vo_pupil_years,
        d.birth_years,
    );
    ten(
        py,
        Box::new(|i| {
            d.po_pupils
                .slice_mut(ndarray::s![.., .., i])
                .mapv_inplace(|v| v * 10.0)
        }),
    );
    ten(
        sy,
        Box::new(|i| {
            d.po_staff
                .slice_mut(ndarray::s![.., .., i])
                .mapv_inplace(|v| v * 10.0)
        }),
    );
    ten(
        vy,
        Box::new(|i| d.vo_pupils.column_mut(i).mapv_inplace(|v| v * 10.0)),
    );
    ten(
        by,
        Box::new(|i| {
            d.births.column_mut(i).mapv_inplace(|v| v * 10.0);
            d.population.column_mut(i).mapv_inplace(|v| v * 10.0);
        }),
    );
    for m in &mut d.measured_shortage {
        if m.year > c {
            m.pct *= 10.0;
        }
    }
    for m in &mut d.national_shortage {
        if m.year > c {
            m.fte *= 10.0;
            m.pct = m.pct.map(|p| p * 10.0);
        }
    }
    for p in &mut d.teacher_fte_age {
        if p.year > c {
            p.bands[0].share_pct *= 10.0;
        }
    }
    for b in &mut d.births_national {
        if b.variant == "observed" {
            let first = b.first_year;
            for (i, v) in b.births.iter_mut().enumerate() {
                if first + i as i32 > c {
                    *v *= 10.0;
                }
            }
        } else if b.first_year > c {
            b.births.iter_mut().for_each(|v| *v *= 10.0);
        }
    }
    let t = &mut d.training;
    for (i, y) in t.years.years().enumerate() {
        if y > c {
            for r in 0..t.routes.len() {
                t.intake[r][i] = t.intake[r][i].map(|v| v * 10.0);
                t.graduates[r][i] = t.graduates[r][i].map(|v| v * 10.0);
            }
        }
    }
    if let Some(w) = &mut d.women {
        for (i, y) in w.years.years().enumerate() {
            if y > c {
                w.persons.column_mut(i).mapv_inplace(|v| v * 10.0);
            }
        }
    }
    for f in &mut d.official_forecasts {
        if f.vintage > c {
            f.value *= 10.0;
        }
    }
    for b in &mut d.board_pupils {
        if b.year > c {
            b.pupils *= 10.0;
        }
    }
    // A fund announced after the cutoff, doubling staff per pupil in
    // every year after it.
    d.funding_path.push(tekort_core::data::FundingEffect {
        fund: "later".into(),
        group: tekort_core::sector::SectorGroup::Po,
        announced: c + 1,
        year: c + 1,
        staff_per_pupil_pct: 100.0,
        kind: tekort_core::data::FundKind::Structural,
    });
    d
}

fn run(dataset: &Dataset, cutoff: i32) -> DataFrame {
    let cut = as_of(dataset, &Params::default(), cutoff).unwrap();
    let options = ProjectionOptions {
        until: cutoff + 8,
        sectors: cut.sectors.clone(),
        from: Some(history_start(&cut.dataset, cutoff)),
        ..ProjectionOptions::default()
    };
    let regions = RegionSystem::builtin("arbeidsmarktregio", &cut.dataset).unwrap();
    let p = project(
        &cut.dataset,
        &regions,
        &cut.params,
        &[Scenario::baseline()],
        &options,
    )
    .unwrap();
    projection_to_frame(&p).unwrap()
}

#[test]
fn later_data_times_ten_changes_nothing() {
    for cutoff in [2021, 2023, 2024] {
        let tenfold = tenfold_after(ds(), cutoff);
        assert_ne!(&tenfold, ds(), "the data after {cutoff} were changed");
        let (a, b) = (run(ds(), cutoff), run(&tenfold, cutoff));
        assert!(a.height() > 0);
        assert!(
            a.equals_missing(&b),
            "cutoff {cutoff}: the run reads data after the cutoff"
        );
    }
}

#[test]
fn the_cut_has_nothing_after_the_cutoff() {
    let cut = as_of(ds(), &Params::default(), 2022).unwrap();
    let d = &cut.dataset;
    assert_eq!(cut.params.base_year, 2022);
    assert!(d.po_pupil_years.last <= 2022 && d.po_staff_years.last <= 2022);
    assert!(d.national_shortage.iter().all(|m| m.year <= 2022));
    assert!(d.measured_shortage.iter().all(|m| m.year <= 2022));
    // vo pupils are observed from 2024: vo and mbo are left out.
    assert!(cut.sectors.iter().all(|s| s.group() == SectorGroup::Po));
    assert!(cut
        .notes
        .iter()
        .any(|n| n.contains("vo and mbo are left out")));
    // The 2024 birth projections give way to the births method.
    let medium = d
        .births_national
        .iter()
        .find(|p| p.variant == "medium")
        .unwrap();
    assert_eq!(medium.first_year, 2023);
    assert!(!d.births_national.iter().any(|p| p.variant == "low"));
}

#[test]
fn a_cutoff_outside_the_data_is_a_typed_error() {
    for bad in [2020, 2026] {
        match as_of(ds(), &Params::default(), bad) {
            Err(TekortError::YearOutOfRange { what, year, .. }) => {
                assert_eq!((what.as_str(), year), ("cutoff", bad));
            }
            other => panic!("cutoff {bad}: {other:?}"),
        }
    }
    // A sector named on its own that the cut cannot project is refused.
    let cut = as_of(ds(), &Params::default(), 2023).unwrap();
    let options = ProjectionOptions {
        sectors: vec![Sector::Vo],
        ..ProjectionOptions::default()
    };
    let err = prepare(&cut.dataset, &cut.params, &options).unwrap_err();
    assert!(err.to_string().contains("vo"), "{err}");
}

/// Sum of a column over the rows of sector group `group` in `year`.
fn group_sum(df: &DataFrame, group: &str, year: i32, col: &str) -> f64 {
    let sector = df.column("sector").unwrap().str().unwrap();
    let years = df.column("year").unwrap().i32().unwrap();
    let v = df.column(col).unwrap().f64().unwrap();
    (0..df.height())
        .filter(|&i| {
            years.get(i) == Some(year)
                && sector
                    .get(i)
                    .is_some_and(|s| s.split('_').next() == Some(group))
        })
        .map(|i| v.get(i).unwrap_or(0.0))
        .sum()
}

#[test]
fn every_national_measurement_is_reproduced_in_its_year() {
    let options = ProjectionOptions {
        from: Some(2021),
        ..ProjectionOptions::default()
    };
    let nl = RegionSystem::builtin("nl", ds()).unwrap();
    let p = project(
        ds(),
        &nl,
        &Params::default(),
        &[Scenario::baseline()],
        &options,
    )
    .unwrap();
    let df = projection_to_frame(&p).unwrap();
    let mut checked = 0;
    for m in &ds().national_shortage {
        let g = m.group.code();
        let short = group_sum(&df, g, m.year, "shortage_fte");
        let emp = group_sum(&df, g, m.year, "employment_fte");
        match m.pct {
            Some(pct) => assert!(
                (100.0 * short / emp - pct).abs() < 1e-6,
                "{g} {}: {} % against the measured {pct} %",
                m.year,
                100.0 * short / emp
            ),
            None => assert!((short - m.fte).abs() < 1e-6, "{g} {}: {short} fte", m.year),
        }
        checked += 1;
    }
    assert!(checked >= 7, "po 2021–2024, vo 2023–2024, mbo 2024");
    // Every row says what it is; the first forecast year is after the
    // latest measurement.
    let kind = df.column("kind").unwrap().str().unwrap();
    let years = df.column("year").unwrap().i32().unwrap();
    let sectors = df.column("sector").unwrap().str().unwrap();
    let latest = ds().national_shortage.iter().map(|m| m.year).max().unwrap();
    for i in 0..df.height() {
        let (y, k) = (years.get(i).unwrap(), kind.get(i).unwrap());
        let group = sectors.get(i).unwrap().split('_').next().unwrap();
        let measured = ds()
            .national_shortage
            .iter()
            .any(|m| m.year == y && m.group.code() == group);
        let expected = if y > p.base_year {
            "forecast"
        } else if measured {
            "measured"
        } else {
            "estimated"
        };
        assert_eq!(k, expected, "{group} {y}");
        if k == "forecast" {
            assert!(y > latest);
        }
    }
}

/// A measurements row: sector, region_type, region, year, shortage_pct,
/// shortage_fte.
type Row<'a> = (&'a str, &'a str, &'a str, i32, Option<f64>, Option<f64>);

/// A user's measurements lay over the dataset's, each anchoring its own
/// year; bad rows are errors naming the row and the value.
#[test]
fn measurements_are_data() {
    use polars::prelude::*;
    let frame = |rows: &[Row]| {
        df!(
            "sector" => rows.iter().map(|r| r.0).collect::<Vec<_>>(),
            "region_type" => rows.iter().map(|r| r.1).collect::<Vec<_>>(),
            "region" => rows.iter().map(|r| r.2).collect::<Vec<_>>(),
            "year" => rows.iter().map(|r| r.3).collect::<Vec<_>>(),
            "shortage_pct" => rows.iter().map(|r| r.4).collect::<Vec<_>>(),
            "shortage_fte" => rows.iter().map(|r| r.5).collect::<Vec<_>>(),
        )
        .unwrap()
    };
    // A new national figure of 2025 and a replaced G5 city of 2023.
    let df = frame(&[
        ("po", "nl", "Nederland", 2025, Some(7.0), Some(7000.0)),
        ("po", "gemeente", "0363", 2023, Some(25.0), None),
    ]);
    let with = with_measurements_frame(ds(), "mine", &df).unwrap();
    assert_eq!(
        with.national_shortage.len(),
        ds().national_shortage.len() + 1
    );
    assert_eq!(with.measured_shortage.len(), ds().measured_shortage.len());
    let nl = RegionSystem::builtin("nl", &with).unwrap();
    let p = project(
        &with,
        &nl,
        &Params::default(),
        &[Scenario::baseline()],
        &ProjectionOptions {
            sectors: Sector::PO.to_vec(),
            until: 2027,
            ..ProjectionOptions::default()
        },
    )
    .unwrap();
    let all: Vec<usize> = (0..3).collect();
    let pct = p.total(0, None, &all, 0).unwrap()[Variable::ShortagePct.index()];
    assert!((pct - 7.0).abs() < 1e-9, "2025: {pct}");
    assert_eq!(p.kind(0, Sector::PoBo, 2025), IndicatorKind::Measured);
    // Errors name the row and the value.
    for (rows, needle) in [
        (
            vec![("po", "nl", "Nederland", 2024, Some(8.0), None)],
            "row 2",
        ),
        (
            vec![("po", "regio", "X", 2024, Some(8.0), Some(1.0))],
            "\"regio\"",
        ),
        (
            vec![("po", "arbeidsmarktregio", "Atlantis", 2023, Some(8.0), None)],
            "Atlantis",
        ),
        (
            vec![
                ("vo", "nl", "Nederland", 2024, Some(5.0), Some(1.0)),
                ("vo", "nl", "Nederland", 2024, Some(6.0), Some(1.0)),
            ],
            "repeats row 2",
        ),
        (
            vec![("po", "nl", "Nederland", 2030, Some(8.0), Some(8000.0))],
            "2030",
        ),
    ] {
        let e = with_measurements_frame(ds(), "mine", &frame(&rows))
            .unwrap_err()
            .to_string();
        assert!(e.contains(needle), "{needle}: {e}");
    }
}

/// The G5 together and the rest of the country: areas of several
/// municipalities in the embedded measurements.
fn g5_and_rest(dataset: &Dataset) -> (Vec<usize>, Vec<usize>) {
    let members = |name: &str| {
        dataset
            .measured_shortage
            .iter()
            .find_map(|m| match &m.area {
                MeasuredArea::Municipalities { name: n, members } if n == name => {
                    Some(members.clone())
                }
                _ => None,
            })
            .unwrap_or_else(|| panic!("{name} is measured"))
    };
    (members("G5"), members("Nederland zonder G5"))
}

#[test]
fn the_g5_and_the_rest_are_measured_areas_that_cover_the_country_once() {
    let (g5, rest) = g5_and_rest(ds());
    assert_eq!(g5.len(), 5);
    assert_eq!(g5.len() + rest.len(), ds().n_municipalities());
    assert!(g5.iter().all(|i| !rest.contains(i)));
    let amsterdam = ds().municipality_index("0363").unwrap();
    assert!(g5.contains(&amsterdam));
}

/// With data up to 2022 there is no regional table: the G5 and the rest
/// of October 2022 set their municipalities' start, scaled together to
/// the national 9.5 %.
#[test]
fn with_data_up_to_2022_the_g5_and_the_rest_set_the_start() {
    let cut = as_of(ds(), &Params::default(), 2022).unwrap();
    let (g5, _) = g5_and_rest(&cut.dataset);
    let mut assignment = vec![1; cut.dataset.n_municipalities()];
    for &i in &g5 {
        assignment[i] = 0;
    }
    let regions = RegionSystem {
        name: "g5".into(),
        regions: vec!["G5".into(), "rest".into()],
        assignment,
        boards: Vec::new(),
    };
    let options = ProjectionOptions {
        until: 2024,
        sectors: Sector::PO.to_vec(),
        ..ProjectionOptions::default()
    };
    let p = project(
        &cut.dataset,
        &regions,
        &cut.params,
        &[Scenario::baseline()],
        &options,
    )
    .unwrap();
    let pct = |region: Option<&[&str]>| {
        p.total_of("baseline", region, SectorGroup::Po, 2022)
            .unwrap()[forecast::Variable::ShortagePct]
    };
    let (g, r, nl) = (pct(Some(&["G5"])), pct(Some(&["rest"])), pct(None));
    assert!((nl - 9.5).abs() < 1e-6, "national {nl}");
    // 15.2 and 8.5 scaled by one factor to the national 9.5.
    assert!((g / r - 15.2 / 8.5).abs() < 0.05, "G5 {g}, rest {r}");
    // Without the areas every municipality would start from 9.5 %.
    let mut without = cut.dataset.clone();
    without
        .measured_shortage
        .retain(|m| !matches!(m.area, MeasuredArea::Municipalities { .. }));
    let q = project(
        &without,
        &regions,
        &cut.params,
        &[Scenario::baseline()],
        &options,
    )
    .unwrap();
    let g0 = q
        .total_of("baseline", Some(&["G5"]), SectorGroup::Po, 2022)
        .unwrap()[forecast::Variable::ShortagePct];
    assert!((g0 - 9.5).abs() < 0.5, "{g0}");
}

/// The default forecast starts from the regional table of 2023: areas of
/// several municipalities of that year or before do not change it.
#[test]
fn a_regional_table_of_the_same_year_wins_over_an_area() {
    let regions = RegionSystem::builtin("arbeidsmarktregio", ds()).unwrap();
    let options = ProjectionOptions {
        until: 2027,
        ..ProjectionOptions::default()
    };
    let with = project(
        ds(),
        &regions,
        &Params::default(),
        &[Scenario::baseline()],
        &options,
    )
    .unwrap();
    let mut without = ds().clone();
    without
        .measured_shortage
        .retain(|m| !matches!(m.area, MeasuredArea::Municipalities { .. }));
    let wo = project(
        &without,
        &regions,
        &Params::default(),
        &[Scenario::baseline()],
        &options,
    )
    .unwrap();
    assert!(with
        .values
        .iter()
        .zip(wo.values.iter())
        .all(|(a, b)| a.to_bits() == b.to_bits()));
}

#[test]
fn a_users_area_of_several_municipalities() {
    use polars::prelude::*;
    // A drawn region of two municipalities, read from a user's table.
    let df = df!(
        "sector" => ["po"], "region_type" => ["gemeenten"], "region" => ["Oost"],
        "year" => [2023], "shortage_pct" => [Some(30.0)], "shortage_fte" => [None::<f64>],
        "gemeentecodes" => ["0153 0164"],
    )
    .unwrap();
    let with = with_measurements_frame(ds(), "mine", &df).unwrap();
    assert!(with.measured_shortage.iter().any(|m| matches!(
        &m.area,
        MeasuredArea::Municipalities { name, members } if name == "Oost" && members.len() == 2
    )));
    // Without its municipalities: an error naming the column.
    let bad = df!(
        "sector" => ["po"], "region_type" => ["gemeenten"], "region" => ["Oost"],
        "year" => [2023], "shortage_pct" => [Some(30.0)], "shortage_fte" => [None::<f64>],
    )
    .unwrap();
    let e = with_measurements_frame(ds(), "mine", &bad)
        .unwrap_err()
        .to_string();
    assert!(e.contains("gemeentecodes") && e.contains("row 2"), "{e}");
    let unknown = df!(
        "sector" => ["po"], "region_type" => ["gemeenten"], "region" => ["Oost"],
        "year" => [2023], "shortage_pct" => [Some(30.0)], "shortage_fte" => [None::<f64>],
        "gemeentecodes" => ["0153 9999"],
    )
    .unwrap();
    let e = with_measurements_frame(ds(), "mine", &unknown)
        .unwrap_err()
        .to_string();
    assert!(e.contains("9999"), "{e}");
}

#[test]
fn the_shortage_backtest_scores_the_g5_and_the_rest() {
    let mut o = tekort_core::evaluation::BacktestOptions::new(ds()).unwrap();
    o.components = vec![tekort_core::evaluation::Component::Shortage];
    let bt = tekort_core::evaluation::backtest(ds(), &Params::default(), &o).unwrap();
    for area in ["G5", "Nederland zonder G5"] {
        let row = bt
            .rows
            .iter()
            .find(|r| r.region == area && r.method == tekort_core::evaluation::Method::Tekort)
            .unwrap_or_else(|| panic!("{area} scored"));
        assert_eq!((row.cutoff, row.year), (2022, 2023));
        assert!(row.forecast.is_finite() && row.forecast > 0.0);
    }
}

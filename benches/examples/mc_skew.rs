//! Median of the draws against the central run, national shortage % in
//! 2030 and 2040, with each source of spread alone (a check of skew).
use tekort_core::{forecast::*, params::*, regions::*, scenario::*, simulation::*};

/// A change of the uncertainty settings.
type Variant = Box<dyn Fn(&mut UncertaintyParams)>;

fn main() {
    let ds = tekort_polars::embedded_dataset().unwrap();
    let regions = RegionSystem::builtin("nl", ds).unwrap();
    let opts = ProjectionOptions::default();
    let variants: Vec<(&str, Variant)> = vec![
        ("all", Box::new(|_u: &mut UncertaintyParams| {})),
        (
            "process only",
            Box::new(|u: &mut UncertaintyParams| {
                let d = UncertaintyParams::default();
                *u = UncertaintyParams::fixed();
                u.process_noise = d.process_noise;
            }),
        ),
        (
            "pupils only",
            Box::new(|u: &mut UncertaintyParams| {
                *u = UncertaintyParams::fixed();
                u.pupil_error_scale = 1.0;
            }),
        ),
        (
            "graduates only",
            Box::new(|u: &mut UncertaintyParams| {
                *u = UncertaintyParams::fixed();
                u.graduate_error_scale = 1.0;
            }),
        ),
        (
            "multipliers only",
            Box::new(|u: &mut UncertaintyParams| {
                let d = UncertaintyParams::default();
                *u = d;
                u.process_noise = false;
                u.pupil_error_scale = 0.0;
                u.graduate_error_scale = 0.0;
            }),
        ),
    ];
    for (label, f) in variants {
        let mut p = Params::default();
        f(&mut p.uncertainty);
        let sim = simulate(
            ds,
            &regions,
            &p,
            &[Scenario::baseline()],
            &opts,
            &McOptions {
                draws: 400,
                seed: 3,
            },
            None,
        )
        .unwrap();
        let c = &sim.central;
        for (g, idx) in [
            ("po", vec![0usize, 1, 2]),
            ("vo", vec![3]),
            ("mbo", vec![4]),
        ] {
            let mut line = format!("{label:18} {g:4}");
            for y in [2030, 2040] {
                let yi = c.year_index(y).unwrap();
                let t = sim.total(0, None, &idx, yi).unwrap();
                let mut v: Vec<f64> = t.column(4).to_vec();
                v.sort_by(f64::total_cmp);
                let central = c.total(0, None, &idx, yi).unwrap()[Variable::ShortagePct.index()];
                line += &format!(
                    " {y}: central {central:5.1} median {:5.1} p10 {:5.1} p90 {:5.1} |",
                    quantile_sorted(&v, 0.5),
                    quantile_sorted(&v, 0.1),
                    quantile_sorted(&v, 0.9)
                );
            }
            println!("{line}");
        }
    }
}

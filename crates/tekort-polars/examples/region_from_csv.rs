//! Your own region from a CSV: read a `gemeentecode,region` file, project
//! it, and print the region's shortage beside the rest of the country.
//!
//! ```sh
//! cargo run --release -p tekort-polars --example region_from_csv [FILE.csv]
//! ```
//!
//! Without an argument it writes a small file of its own (the nine
//! municipalities of Onderwijsregio Haaglanden, 2026 codes) to a temporary
//! directory and reads that, so the example runs anywhere.
use std::path::PathBuf;

use tekort_core::{
    forecast::project, forecast::ProjectionOptions, forecast::Variable, params::Params,
    scenario::Scenario,
};

/// The municipalities of Onderwijsregio Haaglanden (CBS codes, 2026).
const HAAGLANDEN: &str = "gemeentecode,region
0518,Haaglanden
1916,Haaglanden
0637,Haaglanden
0503,Haaglanden
0603,Haaglanden
1926,Haaglanden
1842,Haaglanden
1783,Haaglanden
1621,Haaglanden
";

fn main() -> Result<(), tekort_polars::Error> {
    let own_file = std::env::args().nth(1).map(PathBuf::from);
    let path = match own_file.clone() {
        Some(p) => p,
        None => {
            let dir = std::env::temp_dir().join(format!("tekort-example-{}", std::process::id()));
            std::fs::create_dir_all(&dir).map_err(|e| tekort_polars::Error::Read {
                path: dir.clone(),
                reason: e.to_string(),
            })?;
            let path = dir.join("haaglanden.csv");
            std::fs::write(&path, HAAGLANDEN).map_err(|e| tekort_polars::Error::Read {
                path: path.clone(),
                reason: e.to_string(),
            })?;
            path
        }
    };

    let ds = tekort_polars::embedded_dataset()?;
    // Municipalities the file leaves out form the region "rest van Nederland",
    // so the national total stays complete.
    let regions = tekort_polars::read_region_file(&path, ds)?;
    let options = ProjectionOptions {
        until: 2030,
        ..ProjectionOptions::default()
    };
    let p = project(
        ds,
        &regions,
        &Params::default(),
        &[Scenario::baseline()],
        &options,
    )?;

    let sectors: Vec<usize> = (0..p.sectors.len()).collect();
    println!("{} (all sectors), baseline", path.display());
    println!(
        "{:<22} {:>6} {:>12} {:>12} {:>8}",
        "region", "year", "employment", "shortage", "%"
    );
    for (r, name) in p.regions.iter().enumerate() {
        for year in [p.base_year, 2030] {
            let y = p.year_index(year).expect("the projection covers the year");
            let row = p.total(0, Some(&[r]), &sectors, y).unwrap();
            println!(
                "{:<22} {:>6} {:>12.0} {:>12.0} {:>8.1}",
                name,
                year,
                row[Variable::EmploymentFte.index()],
                row[Variable::ShortageFte.index()],
                row[Variable::ShortagePct.index()],
            );
        }
    }
    // One nation: the regions add up to the national total however the
    // country was cut.
    let y = p.year_index(2030).expect("2030 is projected");
    let nation = p.total(0, None, &sectors, y).unwrap()[Variable::ShortageFte.index()];
    let by_region: f64 = (0..p.regions.len())
        .map(|r| p.total(0, Some(&[r]), &sectors, y).unwrap()[Variable::ShortageFte.index()])
        .sum();
    assert!((nation - by_region).abs() < 1e-6 * nation.abs().max(1.0));
    println!("Nederland 2030: {nation:.0} fte short. Bron: DUO / CBS / OCW");
    if own_file.is_none() {
        if let Some(dir) = path.parent() {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
    Ok(())
}

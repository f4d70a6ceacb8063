//! A projection as a tidy polars DataFrame, written to Parquet (atomically:
//! the whole file or none) and read back.
//!
//! ```sh
//! cargo run --release -p tekort-polars --example write_parquet [OUT.parquet]
//! ```
use std::path::PathBuf;

use tekort_core::{
    forecast::project, forecast::ProjectionOptions, params::Params, scenario::Scenario,
    sector::Sector,
};
use tekort_polars::polars::prelude::*;

fn main() -> Result<(), tekort_polars::Error> {
    let own_file = std::env::args().nth(1).map(PathBuf::from);
    let out = own_file.clone().unwrap_or_else(|| {
        std::env::temp_dir().join(format!("tekort-example-{}.parquet", std::process::id()))
    });

    let ds = tekort_polars::embedded_dataset()?;
    let regions = tekort_polars::resolve_regions("provincie", ds)?;
    let options = ProjectionOptions {
        until: 2030,
        sectors: vec![Sector::PoBo, Sector::Vo],
        ..ProjectionOptions::default()
    };
    let p = project(
        ds,
        &regions,
        &Params::default(),
        &[Scenario::baseline()],
        &options,
    )?;
    let mut df = tekort_polars::projection_to_frame(&p)?;
    // The extension chooses the format: .csv or .parquet.
    tekort_polars::write_frame(&mut df, &out)?;

    let file = std::fs::File::open(&out).map_err(|e| tekort_polars::Error::Read {
        path: out.clone(),
        reason: e.to_string(),
    })?;
    let back = ParquetReader::new(file).finish()?;
    assert_eq!(back.shape(), df.shape());
    println!(
        "wrote {} rows × {} columns to {}",
        back.height(),
        back.width(),
        out.display()
    );
    println!("{}", back.head(Some(3)));
    if own_file.is_none() {
        let _ = std::fs::remove_file(&out);
    }
    Ok(())
}

//! Filling a [`Dataset`] from the compact tables in `data/`: the embedded
//! copy or a directory with the same files.

use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

use ndarray::{Array2, Array3};
use tekort_core::{
    AgeBandShare, BirthsPath, BoardPupils, Dataset, MeasuredArea, MeasuredShortage, Municipality,
    NationalShortage, OfficialForecast, PopulationByAge, Sector, SectorGroup, TeacherAgeProfile,
    TrainingHistory, YearSpan,
};

use crate::error::{Error, Result};
use crate::table::Table;

/// The file names of the dataset tables, as in `data/`.
pub const TABLES: [&str; 15] = [
    "gemeenten.csv",
    "gemeente_successors.csv",
    "po_pupils.csv",
    "po_staff.csv",
    "vo_pupils.csv",
    "population_births.csv",
    "measured_shortage.csv",
    "po_sector_shortage.csv",
    "teacher_training.csv",
    "teacher_fte_age.csv",
    "national_shortage.csv",
    "births_national.csv",
    "official_forecasts.csv",
    "population_women.csv",
    "board_pupils.csv",
];

macro_rules! embedded {
    ($($file:literal),*) => {
        [$(($file, include_bytes!(concat!("../data/", $file)) as &[u8])),*]
    };
}

static EMBEDDED: [(&str, &[u8]); 15] = embedded!(
    "gemeenten.csv",
    "gemeente_successors.csv",
    "po_pupils.csv",
    "po_staff.csv",
    "vo_pupils.csv",
    "population_births.csv",
    "measured_shortage.csv",
    "po_sector_shortage.csv",
    "teacher_training.csv",
    "teacher_fte_age.csv",
    "national_shortage.csv",
    "births_national.csv",
    "official_forecasts.csv",
    "population_women.csv",
    "board_pupils.csv"
);

/// The embedded default dataset (DUO / CBS / OCW, CC-BY 4.0; see
/// `data/README.md`), parsed once per process.
///
/// ```
/// let ds = tekort_polars::embedded_dataset().unwrap();
/// assert_eq!(ds.municipalities.len(), 342);
/// ```
pub fn embedded_dataset() -> Result<&'static Dataset> {
    static CELL: OnceLock<std::result::Result<Dataset, String>> = OnceLock::new();
    CELL.get_or_init(|| {
        dataset_from_bytes(|name| {
            EMBEDDED
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, b)| b.to_vec())
                .ok_or_else(|| Error::table(name, "not embedded"))
        })
        .map_err(|e| e.to_string())
    })
    .as_ref()
    .map_err(|e| Error::table("embedded dataset", e.clone()))
}

/// Reads a dataset from a directory holding the files in [`TABLES`]
/// (e.g. a modified copy of `data/`).
pub fn load_dataset_dir(dir: &Path) -> Result<Dataset> {
    dataset_from_bytes(|name| {
        let path = dir.join(name);
        std::fs::read(&path).map_err(|e| Error::Read {
            path,
            reason: e.to_string(),
        })
    })
}

fn dataset_from_bytes(read: impl Fn(&str) -> Result<Vec<u8>>) -> Result<Dataset> {
    let table =
        |name: &str, text: &[&str]| -> Result<Table> { Table::from_csv(name, &read(name)?, text) };

    let g = table("gemeenten.csv", &["gemeentecode", "corop_code"])?;
    let codes = g.text("gemeentecode")?;
    let names = g.text("gemeentenaam")?;
    let prov = g.text("provincie")?;
    let corop = g.text("corop")?;
    let amr = g.text("arbeidsmarktregio")?;
    let municipalities: Vec<Municipality> = (0..g.height())
        .map(|i| Municipality {
            code: codes[i].clone(),
            name: names[i].clone(),
            provincie: prov[i].clone(),
            corop: corop[i].clone(),
            arbeidsmarktregio: amr[i].clone(),
        })
        .collect();
    let index: HashMap<&str, usize> = codes
        .iter()
        .enumerate()
        .map(|(i, c)| (c.as_str(), i))
        .collect();
    if index.len() != codes.len() {
        return Err(Error::table("gemeenten.csv", "a gemeentecode occurs twice"));
    }
    let n = municipalities.len();
    let lookup = |t: &Table, code: &str| -> Result<usize> {
        index.get(code).copied().ok_or_else(|| {
            Error::table(
                &t.name,
                format!("gemeentecode {code:?} is not in gemeenten.csv (2026 boundaries)"),
            )
        })
    };

    let s = table("gemeente_successors.csv", &["old_code", "new_code"])?;
    let successors: Vec<(String, String)> = s
        .text("old_code")?
        .into_iter()
        .zip(s.text("new_code")?)
        .collect();

    let po_type = |t: &Table, v: &str| -> Result<usize> {
        match v {
            "bo" => Ok(0),
            "sbo" => Ok(1),
            "so_vso" => Ok(2),
            other => Err(Error::table(
                &t.name,
                format!("unknown school_type {other:?} (expected bo, sbo or so_vso)"),
            )),
        }
    };
    let by_type = |name: &str, value_col: &str| -> Result<(Array3<f64>, YearSpan)> {
        let t = table(name, &["gemeentecode"])?;
        let years = t.integers("year")?;
        let span = span_of(&t, &years)?;
        let mut a = Array3::zeros((n, 3, span.len()));
        for ((code, ty), (y, v)) in t
            .text("gemeentecode")?
            .iter()
            .zip(t.text("school_type")?)
            .zip(years.iter().zip(t.numbers(value_col)?))
        {
            a[[
                lookup(&t, code)?,
                po_type(&t, &ty)?,
                span.index(*y).expect("in span"),
            ]] += v;
        }
        Ok((a, span))
    };
    let (po_pupils, po_pupil_years) = by_type("po_pupils.csv", "pupils")?;
    let (po_staff, po_staff_years) = by_type("po_staff.csv", "persons")?;

    let by_year = |name: &str, cols: &[&str]| -> Result<(Vec<Array2<f64>>, YearSpan)> {
        let t = table(name, &["gemeentecode"])?;
        let years = t.integers("year")?;
        let span = span_of(&t, &years)?;
        let codes = t.text("gemeentecode")?;
        let mut out = Vec::new();
        for col in cols {
            let mut a = Array2::zeros((n, span.len()));
            for ((code, y), v) in codes.iter().zip(&years).zip(t.numbers(col)?) {
                a[[lookup(&t, code)?, span.index(*y).expect("in span")]] += v;
            }
            out.push(a);
        }
        Ok((out, span))
    };
    let (mut vo, vo_pupil_years) = by_year("vo_pupils.csv", &["pupils"])?;
    let (mut pb, birth_years) = by_year("population_births.csv", &["population", "births"])?;
    let births = pb.pop().expect("two columns");
    let population = pb.pop().expect("two columns");
    let vo_pupils = vo.pop().expect("one column");

    let m = table("measured_shortage.csv", &["gemeentecode"])?;
    let mut measured_shortage = Vec::new();
    let region_type = m.text("region_type")?;
    let region = m.text("region")?;
    let pct = m.numbers("shortage_pct")?;
    let meas_year = m.integers("year")?;
    let sector = m.text("sector")?;
    let gcode =
        m.df.column("gemeentecode")
            .map_err(|_| Error::table("measured_shortage.csv", "missing column \"gemeentecode\""))?
            .str()
            .map_err(|e| Error::table("measured_shortage.csv", e.to_string()))?
            .iter()
            .map(|v| v.map(str::to_string))
            .collect::<Vec<_>>();
    for i in 0..m.height() {
        let group: SectorGroup = sector[i].parse().map_err(|e: tekort_core::TekortError| {
            Error::table("measured_shortage.csv", e.to_string())
        })?;
        let area = match region_type[i].as_str() {
            "arbeidsmarktregio" => MeasuredArea::Arbeidsmarktregio(region[i].clone()),
            "gemeente" => {
                let code = gcode[i].as_deref().ok_or_else(|| {
                    Error::table(
                        "measured_shortage.csv",
                        format!("row {} is a gemeente without gemeentecode", i + 1),
                    )
                })?;
                MeasuredArea::Municipality(lookup(&m, code)?)
            }
            other => {
                return Err(Error::table(
                    "measured_shortage.csv",
                    format!(
                        "unknown region_type {other:?} (expected arbeidsmarktregio or gemeente)"
                    ),
                ))
            }
        };
        measured_shortage.push(MeasuredShortage {
            group,
            area,
            year: meas_year[i],
            pct: pct[i],
        });
    }

    let p = table("po_sector_shortage.csv", &[])?;
    let types = p.text("school_type")?;
    let totals = p.numbers("total_pct")?;
    let mut po_type_shortage_pct = [f64::NAN; 3];
    for (ty, v) in types.iter().zip(totals) {
        if ty != "po" {
            po_type_shortage_pct[po_type(&p, ty)?] = v;
        }
    }
    if po_type_shortage_pct.iter().any(|v| v.is_nan()) {
        return Err(Error::table(
            "po_sector_shortage.csv",
            "needs rows for bo, sbo and so_vso",
        ));
    }

    let t = table("teacher_training.csv", &["training"])?;
    let years = t.integers("year")?;
    let span = span_of(&t, &years)?;
    let routes_col = t.text("training")?;
    let mut routes: Vec<String> = routes_col.clone();
    routes.sort();
    routes.dedup();
    let mut intake = vec![vec![None; span.len()]; routes.len()];
    let mut graduates = vec![vec![None; span.len()]; routes.len()];
    for (((route, y), i), g) in routes_col
        .iter()
        .zip(&years)
        .zip(t.numbers_opt("intake")?)
        .zip(t.numbers_opt("graduates")?)
    {
        let r = routes.binary_search(route).expect("from the column");
        let yi = span.index(*y).expect("in span");
        intake[r][yi] = i;
        graduates[r][yi] = g;
    }
    let training = TrainingHistory {
        years: span,
        routes,
        intake,
        graduates,
    };

    let parse_group = |t: &Table, v: &str| -> Result<SectorGroup> {
        v.parse()
            .map_err(|e: tekort_core::TekortError| Error::table(&t.name, e.to_string()))
    };
    let a = table("teacher_fte_age.csv", &["sector", "age_band"])?;
    let mut teacher_fte_age: Vec<TeacherAgeProfile> = Vec::new();
    for ((((sector, year), from), to), share_pct) in a
        .text("sector")?
        .iter()
        .zip(a.integers("year")?)
        .zip(a.integers("age_from")?)
        .zip(a.integers("age_to")?)
        .zip(a.numbers("share_pct")?)
    {
        if from < 0 || to < from {
            return Err(Error::table(
                "teacher_fte_age.csv",
                format!("age band {from}..{to} is not valid"),
            ));
        }
        let group = parse_group(&a, sector)?;
        let band = AgeBandShare {
            from: from as usize,
            to: to as usize,
            share_pct,
        };
        match teacher_fte_age
            .iter_mut()
            .find(|p| p.group == group && p.year == year)
        {
            Some(p) => p.bands.push(band),
            None => teacher_fte_age.push(TeacherAgeProfile {
                group,
                year,
                bands: vec![band],
            }),
        }
    }

    let ns = table("national_shortage.csv", &["sector", "reference_date"])?;
    let national_shortage = ns
        .text("sector")?
        .iter()
        .zip(ns.integers("year")?)
        .zip(ns.numbers_opt("shortage_pct")?)
        .zip(ns.numbers("shortage_fte")?)
        .map(|(((sector, year), pct), fte)| {
            Ok(NationalShortage {
                group: parse_group(&ns, sector)?,
                year,
                pct,
                fte,
            })
        })
        .collect::<Result<Vec<_>>>()?;

    let bn = table("births_national.csv", &["variant", "source"])?;
    let births_national = births_paths(&bn)?;

    let of = table(
        "official_forecasts.csv",
        &["source", "component", "series", "source_url"],
    )?;
    let official_forecasts = official_forecasts(&of)?;

    let pw = table("population_women.csv", &[])?;
    let women = Some(population_by_age(&pw)?);

    let board_pupils = match read("board_pupils.csv") {
        Ok(bytes) => board_pupils(
            &Table::from_csv(
                "board_pupils.csv",
                &bytes,
                &["gemeentecode", "bevoegd_gezag"],
            )?,
            &lookup,
        )?,
        // An older data directory without boards: regions of whole
        // municipalities only.
        Err(Error::Read { .. }) => Vec::new(),
        Err(e) => return Err(e),
    };

    let ds = Dataset {
        municipalities,
        successors,
        po_pupils,
        po_pupil_years,
        po_staff,
        po_staff_years,
        vo_pupils,
        vo_pupil_years,
        births,
        population,
        birth_years,
        measured_shortage,
        po_type_shortage_pct,
        training,
        teacher_fte_age,
        national_shortage,
        births_national,
        official_forecasts,
        women,
        board_pupils,
    };
    ds.validate()?;
    Ok(ds)
}

fn span_of(t: &Table, years: &[i32]) -> Result<YearSpan> {
    let (Some(&first), Some(&last)) = (years.iter().min(), years.iter().max()) else {
        return Err(Error::table(&t.name, "has no rows"));
    };
    if !(1900..=2100).contains(&first) || !(1900..=2100).contains(&last) {
        return Err(Error::table(
            &t.name,
            format!("year {first}..{last} out of range 1900..2100"),
        ));
    }
    Ok(YearSpan::new(first, last)?)
}

/// National births paths from a table with columns `year`, `variant`,
/// `births` (years of a variant must be consecutive).
pub(crate) fn births_paths(t: &Table) -> Result<Vec<BirthsPath>> {
    let mut paths: Vec<BirthsPath> = Vec::new();
    let mut rows: Vec<(String, i32, f64)> = t
        .text("variant")?
        .into_iter()
        .zip(t.integers("year")?)
        .zip(t.numbers("births")?)
        .map(|((v, y), b)| (v, y, b))
        .collect();
    rows.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    for (variant, year, births) in rows {
        if !births.is_finite() || births < 0.0 {
            return Err(Error::table(
                &t.name,
                format!("births {births} of {variant:?} in {year} must be a finite count >= 0"),
            ));
        }
        match paths.iter_mut().find(|p| p.variant == variant) {
            Some(p) => {
                let expected = p.first_year + p.births.len() as i32;
                if year != expected {
                    return Err(Error::table(
                        &t.name,
                        format!(
                            "variant {variant:?} jumps from {} to {year}: years must be consecutive",
                            expected - 1
                        ),
                    ));
                }
                p.births.push(births);
            }
            None => paths.push(BirthsPath {
                variant,
                first_year: year,
                births: vec![births],
            }),
        }
    }
    Ok(paths)
}

/// Published forecasts from a table with columns `source`, `vintage`,
/// `component`, `series`, `year`, `value` (one forecast value per row).
pub(crate) fn official_forecasts(t: &Table) -> Result<Vec<OfficialForecast>> {
    let years = t.integers("year")?;
    if let Some(y) = years.iter().find(|y| !(1900..=2100).contains(*y)) {
        return Err(Error::table(
            &t.name,
            format!("year {y} out of range 1900..2100"),
        ));
    }
    Ok(t.text("source")?
        .into_iter()
        .zip(t.integers("vintage")?)
        .zip(t.text("component")?)
        .zip(t.text("series")?)
        .zip(years)
        .zip(t.numbers("value")?)
        .map(
            |(((((source, vintage), component), series), year), value)| OfficialForecast {
                source,
                vintage,
                component,
                series,
                year,
                value,
            },
        )
        .collect())
}

/// Population by age band and year from a table with columns `year`,
/// `age_from`, `age_to`, `persons` (ages inclusive). The bands must follow
/// each other without gap or overlap, and every band needs every year.
pub(crate) fn population_by_age(t: &Table) -> Result<PopulationByAge> {
    let years = t.integers("year")?;
    let span = span_of(t, &years)?;
    let from = t.integers("age_from")?;
    let to = t.integers("age_to")?;
    let persons = t.numbers("persons")?;
    let mut bands: Vec<(usize, usize)> = Vec::new();
    for (&a, &b) in from.iter().zip(&to) {
        if a < 0 || b < a {
            return Err(Error::table(
                &t.name,
                format!("age band {a}..{b} is not valid"),
            ));
        }
        bands.push((a as usize, b as usize));
    }
    bands.sort_unstable();
    bands.dedup();
    for w in bands.windows(2) {
        let ((a0, b0), (a1, b1)) = (w[0], w[1]);
        if a1 != b0 + 1 {
            return Err(Error::table(
                &t.name,
                format!(
                    "age bands {a0}-{b0} and {a1}-{b1} do not follow each other \
                     (gap or overlap)"
                ),
            ));
        }
    }
    let mut cells: Array2<Option<f64>> = Array2::from_elem((bands.len(), span.len()), None);
    for (((&a, &b), &y), &v) in from.iter().zip(&to).zip(&years).zip(&persons) {
        let bi = bands
            .binary_search(&(a as usize, b as usize))
            .expect("from the columns");
        let cell = &mut cells[[bi, span.index(y).expect("in span")]];
        if cell.is_some() {
            return Err(Error::table(
                &t.name,
                format!("ages {a}-{b} in {y} are listed twice"),
            ));
        }
        *cell = Some(v);
    }
    if let Some(((bi, yi), _)) = cells.indexed_iter().find(|(_, v)| v.is_none()) {
        let (a, b) = bands[bi];
        return Err(Error::table(
            &t.name,
            format!(
                "no persons for ages {a}-{b} in {}: every age band needs every year {}..{}",
                span.first + yi as i32,
                span.first,
                span.last
            ),
        ));
    }
    Ok(PopulationByAge {
        years: span,
        bands,
        persons: cells.mapv(|v| v.expect("checked above")),
    })
}

/// The rows of `board_pupils.csv` in the latest year of each sector (the
/// year the board shares are taken from).
fn board_pupils(
    t: &Table,
    lookup: &dyn Fn(&Table, &str) -> Result<usize>,
) -> Result<Vec<BoardPupils>> {
    let codes = t.text("gemeentecode")?;
    let boards = t.text("bevoegd_gezag")?;
    let sectors = t.text("sector")?;
    let years = t.integers("year")?;
    let pupils = t.numbers("pupils")?;
    let mut parsed = Vec::with_capacity(codes.len());
    for i in 0..codes.len() {
        let sector = match sectors[i].as_str() {
            "bo" => Sector::PoBo,
            "sbo" => Sector::PoSbo,
            "so_vso" => Sector::PoSoVso,
            "vo" => Sector::Vo,
            other => {
                return Err(Error::table(
                    &t.name,
                    format!(
                        "unknown sector {other:?} in row {} (expected bo, sbo, so_vso or vo)",
                        i + 1
                    ),
                ))
            }
        };
        parsed.push(BoardPupils {
            municipality: lookup(t, &codes[i])?,
            board: boards[i].trim().to_string(),
            sector,
            year: years[i],
            pupils: pupils[i],
        });
    }
    let latest = |s: Sector| {
        parsed
            .iter()
            .filter(|b| b.sector == s)
            .map(|b| b.year)
            .max()
    };
    let keep: Vec<(Sector, Option<i32>)> =
        [Sector::PoBo, Sector::PoSbo, Sector::PoSoVso, Sector::Vo]
            .into_iter()
            .map(|s| (s, latest(s)))
            .collect();
    parsed.retain(|b| {
        keep.iter()
            .any(|(s, y)| *s == b.sector && Some(b.year) == *y)
    });
    Ok(parsed)
}

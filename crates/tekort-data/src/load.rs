//! Filling a [`Dataset`] from the compact tables in `data/`: the embedded
//! copy or a directory with the same files.

use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

use ndarray::{Array2, Array3};
use tekort_core::{
    data::AgeBandShare, data::BirthsPath, data::BoardPupils, data::Dataset, data::FundKind,
    data::FundingEffect, data::MeasuredArea, data::MeasuredShortage, data::Municipality,
    data::NationalShortage, data::OfficialForecast, data::PopulationByAge, data::TeacherAgeProfile,
    data::TrainingHistory, data::YearSpan, sector::Sector, sector::SectorGroup,
};

use tekort_core::data::BoardSchool;

use crate::error::{Error, Result};
use crate::table::{Columns, Table};

/// The file names of the dataset tables, as in `data/`.
pub const TABLES: [&str; 17] = [
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
    "funding_path.csv",
    "board_schools.csv",
];

macro_rules! embedded {
    ($($file:literal),*) => {
        [$(($file, include_bytes!(concat!("../data/", $file)) as &[u8])),*]
    };
}

static EMBEDDED: [(&str, &[u8]); 17] = embedded!(
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
    "funding_path.csv",
    "board_schools.csv"
);

/// The embedded default dataset (DUO / CBS / OCW, CC-BY 4.0; see
/// `data/README.md`), parsed once per process.
///
/// ```
/// let ds = tekort_data::embedded_dataset().unwrap();
/// assert_eq!(ds.municipalities.len(), 342);
/// ```
pub fn embedded_dataset() -> Result<&'static Dataset> {
    static CELL: OnceLock<std::result::Result<Dataset, String>> = OnceLock::new();
    CELL.get_or_init(|| dataset_from_bytes(embedded_bytes).map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|e| Error::table("embedded dataset", e.clone()))
}

/// Reads a dataset from a directory holding the files in [`TABLES`]
/// (e.g. a modified copy of `data/`); a table over
/// [`crate::MAX_TABLE_BYTES`] or not UTF-8 text is an error naming it.
pub fn load_dataset_dir(dir: &Path) -> Result<Dataset> {
    dataset_from_bytes(|name| crate::input::read_input(&dir.join(name), crate::input::DATA_TABLE))
}

/// Checks that `name` is one of [`TABLES`].
fn check_table(name: &str) -> Result<()> {
    if TABLES.contains(&name) {
        Ok(())
    } else {
        Err(Error::table(
            name,
            format!("not a dataset table (one of {})", TABLES.join(", ")),
        ))
    }
}

/// The embedded dataset with one table replaced: `bytes` are read as the
/// file `name` (one of [`TABLES`]) of a data directory, the way
/// [`load_dataset_dir`] reads it, and the result is validated. Only that
/// table is parsed; the others come from the embedded dataset (a
/// `gemeenten.csv` with other codes than the embedded one re-reads every
/// table against the new codes). The quick way to try one changed table,
/// and what the long fuzz run (`docs/fuzzing.md`) calls per case.
///
/// ```
/// let bytes = b"school_type,total_pct\nbo,9.5\nsbo,12\nso_vso,15\n";
/// let ds = tekort_data::embedded_with_table("po_sector_shortage.csv", bytes).unwrap();
/// assert_eq!(ds.po_type_shortage_pct, [9.5, 12.0, 15.0]);
/// assert!(tekort_data::embedded_with_table("po_sector_shortage.csv", b"x\n1\n").is_err());
/// ```
pub fn embedded_with_table(name: &str, bytes: &[u8]) -> Result<Dataset> {
    check_table(name)?;
    let base = embedded_dataset()?;
    let t = Table::from_csv(name, bytes)?;
    let codes = Codes::new(&base.municipalities)?;
    // The table is parsed before the embedded dataset is copied: most
    // broken tables fail there, and the copy is the costly part.
    let replace: Box<dyn FnOnce(&mut Dataset)> = match name {
        "gemeenten.csv" => {
            let m = municipalities(&t)?;
            Codes::new(&m)?;
            if m.len() != base.municipalities.len()
                || m.iter()
                    .zip(&base.municipalities)
                    .any(|(a, b)| a.code != b.code)
            {
                return dataset_from_bytes(|n| {
                    if n == name {
                        Ok(bytes.to_vec())
                    } else {
                        embedded_bytes(n)
                    }
                });
            }
            Box::new(move |ds| ds.municipalities = m)
        }
        "gemeente_successors.csv" => {
            let v = successors(&t)?;
            Box::new(move |ds| ds.successors = v)
        }
        "po_pupils.csv" => {
            let v = by_type(&t, "pupils", &codes)?;
            Box::new(move |ds| (ds.po_pupils, ds.po_pupil_years) = v)
        }
        "po_staff.csv" => {
            let v = by_type(&t, "persons", &codes)?;
            Box::new(move |ds| (ds.po_staff, ds.po_staff_years) = v)
        }
        "vo_pupils.csv" => {
            let (mut vo, years) = by_year(&t, &["pupils"], &codes)?;
            let vo = vo.pop().expect("one column");
            Box::new(move |ds| (ds.vo_pupils, ds.vo_pupil_years) = (vo, years))
        }
        "population_births.csv" => {
            let (mut pb, years) = by_year(&t, &["population", "births"], &codes)?;
            let births = pb.pop().expect("two columns");
            let population = pb.pop().expect("two columns");
            Box::new(move |ds| {
                ds.births = births;
                ds.population = population;
                ds.birth_years = years;
            })
        }
        "measured_shortage.csv" => {
            let v = measured_shortage(&t, &codes)?;
            Box::new(move |ds| ds.measured_shortage = v)
        }
        "po_sector_shortage.csv" => {
            let v = po_type_shortage(&t)?;
            Box::new(move |ds| ds.po_type_shortage_pct = v)
        }
        "teacher_training.csv" => {
            let v = training(&t)?;
            Box::new(move |ds| ds.training = v)
        }
        "teacher_fte_age.csv" => {
            let v = teacher_fte_age(&t)?;
            Box::new(move |ds| ds.teacher_fte_age = v)
        }
        "national_shortage.csv" => {
            let v = national_shortage(&t)?;
            Box::new(move |ds| ds.national_shortage = v)
        }
        "births_national.csv" => {
            let v = births_paths(&t)?;
            Box::new(move |ds| ds.births_national = v)
        }
        "official_forecasts.csv" => {
            let v = official_forecasts(&t)?;
            Box::new(move |ds| ds.official_forecasts = v)
        }
        "population_women.csv" => {
            let v = population_by_age(&t)?;
            Box::new(move |ds| ds.women = Some(v))
        }
        "board_pupils.csv" => {
            let v = board_pupils(&t, &codes)?;
            Box::new(move |ds| ds.board_pupils = v)
        }
        "funding_path.csv" => {
            let v = funding_path(&t)?;
            Box::new(move |ds| ds.funding_path = v)
        }
        "board_schools.csv" => {
            let v = board_schools(&t)?;
            Box::new(move |ds| ds.board_schools = v)
        }
        _ => unreachable!("check_table knows every table"),
    };
    let mut ds = base.clone();
    replace(&mut ds);
    ds.validate()?;
    Ok(ds)
}

fn embedded_bytes(name: &str) -> Result<Vec<u8>> {
    EMBEDDED
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, b)| b.to_vec())
        .ok_or_else(|| Error::table(name, "not embedded"))
}

fn dataset_from_bytes(read: impl Fn(&str) -> Result<Vec<u8>>) -> Result<Dataset> {
    let table = |name: &str| -> Result<Table> { Table::from_csv(name, &read(name)?) };

    let municipalities = municipalities(&table("gemeenten.csv")?)?;
    let codes = Codes::new(&municipalities)?;
    let successors = successors(&table("gemeente_successors.csv")?)?;
    let (po_pupils, po_pupil_years) = by_type(&table("po_pupils.csv")?, "pupils", &codes)?;
    let (po_staff, po_staff_years) = by_type(&table("po_staff.csv")?, "persons", &codes)?;
    let (mut vo, vo_pupil_years) = by_year(&table("vo_pupils.csv")?, &["pupils"], &codes)?;
    let (mut pb, birth_years) = by_year(
        &table("population_births.csv")?,
        &["population", "births"],
        &codes,
    )?;
    let births = pb.pop().expect("two columns");
    let population = pb.pop().expect("two columns");
    let vo_pupils = vo.pop().expect("one column");
    let measured_shortage = measured_shortage(&table("measured_shortage.csv")?, &codes)?;
    let po_type_shortage_pct = po_type_shortage(&table("po_sector_shortage.csv")?)?;
    let training = training(&table("teacher_training.csv")?)?;
    let teacher_fte_age = teacher_fte_age(&table("teacher_fte_age.csv")?)?;
    let national_shortage = national_shortage(&table("national_shortage.csv")?)?;
    let births_national = births_paths(&table("births_national.csv")?)?;
    let official_forecasts = official_forecasts(&table("official_forecasts.csv")?)?;
    let women = Some(population_by_age(&table("population_women.csv")?)?);

    let board_pupils = match read("board_pupils.csv") {
        Ok(bytes) => board_pupils(&Table::from_csv("board_pupils.csv", &bytes)?, &codes)?,
        // An older data directory without boards: regions of whole
        // municipalities only. (A file that is there but cannot be read
        // is an error.)
        Err(e) if e.is_not_found() => Vec::new(),
        Err(e) => return Err(e),
    };
    let funding_path = match read("funding_path.csv") {
        Ok(bytes) => funding_path(&Table::from_csv("funding_path.csv", &bytes)?)?,
        // An older data directory without the funding path: demand per
        // pupil held after the latest measurement. (A file that is there
        // but cannot be read is an error.)
        Err(e) if e.is_not_found() => Vec::new(),
        Err(e) => return Err(e),
    };
    let board_schools = match read("board_schools.csv") {
        Ok(bytes) => board_schools(&Table::from_csv("board_schools.csv", &bytes)?)?,
        // A data directory from before the boards' names: boards show by
        // number only.
        Err(e) if e.is_not_found() => Vec::new(),
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
        funding_path,
        board_schools,
    };
    ds.validate()?;
    Ok(ds)
}

/// The gemeentecodes of `gemeenten.csv` and their index, for the tables
/// that refer to municipalities.
struct Codes<'a> {
    index: HashMap<&'a str, usize>,
}

impl<'a> Codes<'a> {
    fn new(municipalities: &'a [Municipality]) -> Result<Self> {
        let index: HashMap<&str, usize> = municipalities
            .iter()
            .enumerate()
            .map(|(i, m)| (m.code.as_str(), i))
            .collect();
        if index.len() != municipalities.len() {
            return Err(Error::table("gemeenten.csv", "a gemeentecode occurs twice"));
        }
        Ok(Codes { index })
    }

    fn n(&self) -> usize {
        self.index.len()
    }

    fn lookup(&self, t: &Table, code: &str) -> Result<usize> {
        self.index.get(code).copied().ok_or_else(|| {
            Error::table(
                t.name(),
                format!("gemeentecode {code:?} is not in gemeenten.csv (2026 boundaries)"),
            )
        })
    }

    /// [`Codes::lookup`] that remembers the last code found: the tables
    /// list a municipality's rows together.
    fn cached<'t>(&'t self) -> CachedCodes<'a, 't> {
        CachedCodes {
            codes: self,
            last: None,
        }
    }
}

/// [`Codes::lookup`] with the last code found remembered.
struct CachedCodes<'a, 't> {
    codes: &'t Codes<'a>,
    last: Option<(&'t str, usize)>,
}

impl<'t> CachedCodes<'_, 't> {
    fn lookup(&mut self, t: &Table, code: &'t str) -> Result<usize> {
        match self.last {
            Some((last, i)) if last == code => Ok(i),
            _ => {
                let i = self.codes.lookup(t, code)?;
                self.last = Some((code, i));
                Ok(i)
            }
        }
    }
}

fn municipalities(g: &Table) -> Result<Vec<Municipality>> {
    let codes = g.text_str("gemeentecode")?;
    let names = g.text_str("gemeentenaam")?;
    let prov = g.text_str("provincie")?;
    let corop = g.text_str("corop")?;
    let amr = g.text_str("arbeidsmarktregio")?;
    Ok((0..g.height())
        .map(|i| Municipality {
            code: codes[i].to_string(),
            name: names[i].to_string(),
            provincie: prov[i].to_string(),
            corop: corop[i].to_string(),
            arbeidsmarktregio: amr[i].to_string(),
        })
        .collect())
}

/// (old, new) code pairs; a municipality split over several successors
/// (the optional column `successors`: 2026 codes separated by spaces, the
/// main one first) gives one pair per successor, the main one first.
fn successors(s: &Table) -> Result<Vec<(String, String)>> {
    let old = s.text("old_code")?;
    let new = s.text("new_code")?;
    let all = if s.has("successors") {
        s.text_opt("successors")?
    } else {
        vec![None; old.len()]
    };
    let mut pairs = Vec::with_capacity(old.len());
    for ((old, new), all) in old.into_iter().zip(new).zip(all) {
        pairs.push((old.clone(), new.clone()));
        for code in all.iter().flat_map(|a| a.split_whitespace()) {
            if code != new {
                pairs.push((old.clone(), code.to_string()));
            }
        }
    }
    Ok(pairs)
}

fn po_type(t: &Table, v: &str) -> Result<usize> {
    match v {
        "bo" => Ok(0),
        "sbo" => Ok(1),
        "so_vso" => Ok(2),
        other => Err(Error::table(
            t.name(),
            format!("unknown school_type {other:?} (expected bo, sbo or so_vso)"),
        )),
    }
}

/// A table by municipality, po school type and year (`po_pupils.csv`,
/// `po_staff.csv`).
fn by_type(t: &Table, value_col: &str, codes: &Codes) -> Result<(Array3<f64>, YearSpan)> {
    let years = t.integers("year")?;
    let span = span_of(t, &years)?;
    let mut a = Array3::zeros((codes.n(), 3, span.len()));
    let mut codes = codes.cached();
    for ((code, ty), (y, v)) in t
        .text_str("gemeentecode")?
        .into_iter()
        .zip(t.text_str("school_type")?)
        .zip(years.iter().zip(t.numbers(value_col)?))
    {
        a[[
            codes.lookup(t, code)?,
            po_type(t, ty)?,
            span.index(*y).expect("in span"),
        ]] += v;
    }
    Ok((a, span))
}

/// A table by municipality and year, one array per value column.
fn by_year(t: &Table, cols: &[&str], codes: &Codes) -> Result<(Vec<Array2<f64>>, YearSpan)> {
    let years = t.integers("year")?;
    let span = span_of(t, &years)?;
    let gemeenten = t.text_str("gemeentecode")?;
    let mut out = Vec::new();
    for col in cols {
        let mut a = Array2::zeros((codes.n(), span.len()));
        let mut codes = codes.cached();
        for ((code, y), v) in gemeenten.iter().zip(&years).zip(t.numbers(col)?) {
            a[[codes.lookup(t, code)?, span.index(*y).expect("in span")]] += v;
        }
        out.push(a);
    }
    Ok((out, span))
}

fn measured_shortage(m: &Table, codes: &Codes) -> Result<Vec<MeasuredShortage>> {
    let mut measured_shortage = Vec::new();
    let region_type = m.text("region_type")?;
    let region = m.text("region")?;
    let pct = m.numbers("shortage_pct")?;
    let meas_year = m.integers("year")?;
    let sector = m.text("sector")?;
    let gcode = m.cells_str("gemeentecode")?;
    for i in 0..m.height() {
        let group: SectorGroup = sector[i]
            .parse()
            .map_err(|e: tekort_core::TekortError| Error::table(m.name(), e.to_string()))?;
        let area = match region_type[i].as_str() {
            "arbeidsmarktregio" => MeasuredArea::Arbeidsmarktregio(region[i].clone()),
            "gemeente" => {
                let code = gcode[i].ok_or_else(|| {
                    Error::table(
                        m.name(),
                        format!(
                            "row {} is a gemeente without gemeentecode",
                            crate::table_row(i)
                        ),
                    )
                })?;
                MeasuredArea::Municipality(codes.lookup(m, code)?)
            }
            "gemeenten" => {
                // An area of several municipalities (the G5 together, the
                // rest of the country): its codes separated by blanks.
                let list = gcode[i].unwrap_or("");
                let members = list
                    .split_whitespace()
                    .map(|code| codes.lookup(m, code))
                    .collect::<Result<Vec<usize>>>()?;
                if members.is_empty() {
                    return Err(Error::table(
                        m.name(),
                        format!(
                            "row {}: an area of type gemeenten needs its gemeentecodes, separated by blanks",
                            crate::table_row(i)
                        ),
                    ));
                }
                MeasuredArea::Municipalities {
                    name: region[i].clone(),
                    members,
                }
            }
            other => {
                return Err(Error::table(
                    m.name(),
                    format!(
                        "unknown region_type {other:?} (expected arbeidsmarktregio, gemeente or gemeenten)"
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
    Ok(measured_shortage)
}

fn po_type_shortage(p: &Table) -> Result<[f64; 3]> {
    let types = p.text("school_type")?;
    let totals = p.numbers("total_pct")?;
    let mut po_type_shortage_pct = [f64::NAN; 3];
    for (ty, v) in types.iter().zip(totals) {
        if ty != "po" {
            po_type_shortage_pct[po_type(p, ty)?] = v;
        }
    }
    if po_type_shortage_pct.iter().any(|v| v.is_nan()) {
        return Err(Error::table(p.name(), "needs rows for bo, sbo and so_vso"));
    }
    Ok(po_type_shortage_pct)
}

fn training(t: &Table) -> Result<TrainingHistory> {
    let years = t.integers("year")?;
    let span = span_of(t, &years)?;
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
    Ok(TrainingHistory {
        years: span,
        routes,
        intake,
        graduates,
    })
}

fn parse_group(t: &Table, v: &str) -> Result<SectorGroup> {
    v.parse()
        .map_err(|e: tekort_core::TekortError| Error::table(t.name(), e.to_string()))
}

fn teacher_fte_age(a: &Table) -> Result<Vec<TeacherAgeProfile>> {
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
                a.name(),
                format!("age band {from}..{to} is not valid"),
            ));
        }
        let group = parse_group(a, sector)?;
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
    Ok(teacher_fte_age)
}

fn national_shortage(ns: &Table) -> Result<Vec<NationalShortage>> {
    ns.text("sector")?
        .iter()
        .zip(ns.integers("year")?)
        .zip(ns.numbers_opt("shortage_pct")?)
        .zip(ns.numbers("shortage_fte")?)
        .map(|(((sector, year), pct), fte)| {
            Ok(NationalShortage {
                group: parse_group(ns, sector)?,
                year,
                pct,
                fte,
            })
        })
        .collect()
}

fn span_of<T: Columns + ?Sized>(t: &T, years: &[i32]) -> Result<YearSpan> {
    let (Some(&first), Some(&last)) = (years.iter().min(), years.iter().max()) else {
        return Err(Error::table(t.name(), "has no rows"));
    };
    if !(1900..=2100).contains(&first) || !(1900..=2100).contains(&last) {
        return Err(Error::table(
            t.name(),
            format!("year {first}..{last} out of range 1900..2100"),
        ));
    }
    Ok(YearSpan::new(first, last)?)
}

/// National births paths from a table with columns `year`, `variant`,
/// `births` (years of a variant must be consecutive).
#[doc(hidden)]
pub fn births_paths<T: Columns + ?Sized>(t: &T) -> Result<Vec<BirthsPath>> {
    let mut paths: Vec<BirthsPath> = Vec::new();
    // (variant, year, births, file row with the header as row 1)
    let mut rows: Vec<(String, i32, f64, usize)> = t
        .text("variant")?
        .into_iter()
        .zip(t.integers("year")?)
        .zip(t.counts("births")?)
        .enumerate()
        .map(|(i, ((v, y), b))| (v, y, b, i + 2))
        .collect();
    // Stable: rows of one variant and year keep their file order.
    rows.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    if let Some(w) = rows
        .windows(2)
        .find(|w| w[0].0 == w[1].0 && w[0].1 == w[1].1)
    {
        let (variant, year) = (&w[0].0, w[0].1);
        return Err(Error::table(
            t.name(),
            format!(
                "gives births of {variant:?} in {year} twice: rows {} and {}; give each year once",
                w[0].3, w[1].3
            ),
        ));
    }
    for (variant, year, births, _) in rows {
        if !births.is_finite() || births < 0.0 {
            return Err(Error::table(
                t.name(),
                format!("births {births} of {variant:?} in {year} must be a finite count >= 0"),
            ));
        }
        match paths.iter_mut().find(|p| p.variant == variant) {
            Some(p) => {
                let expected = p.first_year + p.births.len() as i32;
                if year != expected {
                    return Err(Error::table(
                        t.name(),
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
#[doc(hidden)]
pub fn official_forecasts<T: Columns + ?Sized>(t: &T) -> Result<Vec<OfficialForecast>> {
    let years = t.integers("year")?;
    if let Some(y) = years.iter().find(|y| !(1900..=2100).contains(*y)) {
        return Err(Error::table(
            t.name(),
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
#[doc(hidden)]
pub fn population_by_age<T: Columns + ?Sized>(t: &T) -> Result<PopulationByAge> {
    let years = t.integers("year")?;
    let span = span_of(t, &years)?;
    let from = t.integers("age_from")?;
    let to = t.integers("age_to")?;
    let persons = t.numbers("persons")?;
    let mut bands: Vec<(usize, usize)> = Vec::new();
    for (&a, &b) in from.iter().zip(&to) {
        if a < 0 || b < a {
            return Err(Error::table(
                t.name(),
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
                t.name(),
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
                t.name(),
                format!("ages {a}-{b} in {y} are listed twice"),
            ));
        }
        *cell = Some(v);
    }
    if let Some(((bi, yi), _)) = cells.indexed_iter().find(|(_, v)| v.is_none()) {
        let (a, b) = bands[bi];
        return Err(Error::table(
            t.name(),
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
fn board_pupils(t: &Table, codes: &Codes) -> Result<Vec<BoardPupils>> {
    let gemeenten = t.text_str("gemeentecode")?;
    let boards = t.text_str("bevoegd_gezag")?;
    let sectors = t.text_str("sector")?;
    let years = t.integers("year")?;
    let pupils = t.numbers("pupils")?;
    let mut parsed = Vec::with_capacity(gemeenten.len());
    let mut codes = codes.cached();
    for i in 0..gemeenten.len() {
        let sector = match sectors[i] {
            "bo" => Sector::PoBo,
            "sbo" => Sector::PoSbo,
            "so_vso" => Sector::PoSoVso,
            "vo" => Sector::Vo,
            other => {
                return Err(Error::table(
                    t.name(),
                    format!(
                        "unknown sector {other:?} in row {} (expected bo, sbo, so_vso or vo)",
                        crate::table_row(i)
                    ),
                ))
            }
        };
        parsed.push(BoardPupils {
            municipality: codes.lookup(t, gemeenten[i])?,
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

/// The funding path from a table with columns `fund`, `sector` (po, vo,
/// mbo), `announced`, `year`, `staff_per_pupil_pct` and `kind`
/// (structural or temporary): one row per fund, sector and year, years of
/// a fund consecutive, an effect within
/// [`tekort_core::data::FUND_PCT_RANGE`]. A bad row is an error naming it
/// and its value.
#[doc(hidden)]
pub fn funding_path<T: Columns + ?Sized>(t: &T) -> Result<Vec<FundingEffect>> {
    let funds = t.text("fund")?;
    let sectors = t.text("sector")?;
    let announced = t.integers("announced")?;
    let years = t.integers("year")?;
    let pct = t.numbers("staff_per_pupil_pct")?;
    let kinds = t.text("kind")?;
    let (lo, hi) = tekort_core::data::FUND_PCT_RANGE;
    let mut rows: Vec<FundingEffect> = Vec::with_capacity(funds.len());
    let mut first_row: HashMap<(String, SectorGroup, i32), usize> = HashMap::new();
    for i in 0..funds.len() {
        let row = crate::table_row(i);
        let bad = |reason: String| Error::table(t.name(), format!("row {row}: {reason}"));
        let fund = funds[i].trim().to_string();
        if fund.is_empty() {
            return Err(bad("fund is empty: name the fund".into()));
        }
        let group: SectorGroup = sectors[i]
            .parse()
            .map_err(|e: tekort_core::TekortError| bad(e.to_string()))?;
        let kind: FundKind = kinds[i]
            .parse()
            .map_err(|e: tekort_core::TekortError| bad(e.to_string()))?;
        for (column, y) in [("year", years[i]), ("announced", announced[i])] {
            if !(1900..=2100).contains(&y) {
                return Err(bad(format!("{column} {y} out of range 1900..2100")));
            }
        }
        if !pct[i].is_finite() || !(lo..=hi).contains(&pct[i]) {
            return Err(bad(format!(
                "staff_per_pupil_pct {} of {fund:?} in {} must be between {lo} and {hi} (% of staff per pupil relative to no fund)",
                pct[i], years[i]
            )));
        }
        let key = (fund.clone(), group, years[i]);
        if let Some(&first) = first_row.get(&key) {
            return Err(bad(format!(
                "{fund:?} {group} {} repeats row {}; give each fund, sector and year once",
                years[i],
                crate::table_row(first)
            )));
        }
        first_row.insert(key, i);
        rows.push(FundingEffect {
            fund,
            group,
            announced: announced[i],
            year: years[i],
            staff_per_pupil_pct: pct[i],
            kind,
        });
    }
    // The checks across rows (consecutive years, one kind and one
    // announcement year per fund) are the model's own.
    tekort_core::data::check_funding_path(&rows).map_err(|e| {
        let reason = match e {
            tekort_core::TekortError::Data { reason } => reason,
            other => other.to_string(),
        };
        let reason = reason.strip_prefix("funding_path: ").unwrap_or(&reason);
        Error::table(t.name(), reason)
    })?;
    Ok(rows)
}

/// The rows of `board_schools.csv`: a board's largest schools, by which
/// the report names it. A board number that is not digits, a sector
/// other than po or vo, negative or Dutch-formatted pupils and a school
/// listed twice (board, sector, school and place) are errors naming the
/// row and value.
fn board_schools(t: &Table) -> Result<Vec<BoardSchool>> {
    let boards = t.text_str("bevoegd_gezag")?;
    let sectors = t.text_str("sector")?;
    let schools = t.text_str("school")?;
    let places = t.text_str("place")?;
    let pupils = t.counts("pupils")?;
    let mut seen = std::collections::HashSet::with_capacity(boards.len());
    let mut parsed = Vec::with_capacity(boards.len());
    for i in 0..boards.len() {
        let row = crate::table_row(i);
        let board = boards[i].trim();
        if board.is_empty() || !board.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Error::table(
                t.name(),
                format!("row {row}: bevoegd_gezag {board:?} is not a DUO board number (digits)"),
            ));
        }
        let group = match sectors[i].trim() {
            "po" => SectorGroup::Po,
            "vo" => SectorGroup::Vo,
            other => {
                return Err(Error::table(
                    t.name(),
                    format!("unknown sector {other:?} in row {row} (expected po or vo)"),
                ))
            }
        };
        let (school, place) = (schools[i].trim(), places[i].trim());
        if pupils[i] < 0.0 {
            return Err(Error::table(
                t.name(),
                format!(
                    "row {row}: school {school:?} of board {board} has {} pupils; pupils cannot be negative",
                    pupils[i]
                ),
            ));
        }
        if !seen.insert((board, group, school, place)) {
            return Err(Error::table(
                t.name(),
                format!(
                    "row {row}: school {school:?} in {place:?} of board {board} ({}) is listed twice",
                    group.code()
                ),
            ));
        }
        parsed.push(BoardSchool {
            board: board.to_string(),
            group,
            school: school.to_string(),
            place: place.to_string(),
            pupils: pupils[i],
        });
    }
    Ok(parsed)
}

//! The input data at municipality level, as dense arrays.
//!
//! `tekort-core` does not read files: the `tekort-polars` crate fills a
//! [`Dataset`] from the embedded tables or from user files, and Rust users
//! can fill one from their own sources.

use ndarray::{Array2, Array3};

pub use crate::domain::funding::{
    check_funding_path, funding_index, FundKind, FundingEffect, FUND_PCT_RANGE,
};
use crate::domain::sector::SectorGroup;
use crate::error::{grouped, Result, TekortError};

/// A municipality (2026 boundaries) and the built-in regions it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Municipality {
    /// CBS gemeentecode, four digits with leading zeros (`"0363"`).
    pub code: String,
    /// Name.
    pub name: String,
    /// Province (12).
    pub provincie: String,
    /// COROP region name (40).
    pub corop: String,
    /// Arbeidsmarktregio name (35).
    pub arbeidsmarktregio: String,
}

/// An inclusive range of calendar years that indexes an array axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YearSpan {
    /// First year.
    pub first: i32,
    /// Last year (inclusive).
    pub last: i32,
}

impl YearSpan {
    /// A span; `first <= last` is required.
    pub fn new(first: i32, last: i32) -> Result<Self> {
        if first > last {
            return Err(TekortError::data(format!(
                "year span {first}..{last} is empty"
            )));
        }
        Ok(YearSpan { first, last })
    }
    /// Number of years.
    pub fn len(&self) -> usize {
        (self.last - self.first + 1) as usize
    }
    /// Never empty; present for API completeness.
    pub fn is_empty(&self) -> bool {
        false
    }
    /// Axis index of `year`, if inside.
    pub fn index(&self, year: i32) -> Option<usize> {
        (self.first..=self.last)
            .contains(&year)
            .then(|| (year - self.first) as usize)
    }
    /// The years in order.
    pub fn years(&self) -> impl Iterator<Item = i32> {
        self.first..=self.last
    }
}

/// Where a shortage measurement applies.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum MeasuredArea {
    /// An arbeidsmarktregio, by its name in [`Municipality::arbeidsmarktregio`].
    Arbeidsmarktregio(String),
    /// A single municipality (the G5 cities), by index into the dataset.
    Municipality(usize),
    /// Several municipalities together under a name: a drawn region, the
    /// G5 cities together, or the rest of the country (indices into the
    /// dataset). Used where no regional table of the same or a later
    /// year is known (see `docs/method.md`).
    Municipalities {
        /// The name of the area (e.g. `G5`).
        name: String,
        /// Its municipalities, by index into the dataset.
        members: Vec<usize>,
    },
}

/// A measured total shortage as % of employment (tekortmeting).
#[derive(Debug, Clone, PartialEq)]
pub struct MeasuredShortage {
    /// Sector group (po or vo).
    pub group: SectorGroup,
    /// Area.
    pub area: MeasuredArea,
    /// Calendar year of the measurement (reference date 1 October).
    pub year: i32,
    /// Shortage as % of employment fte.
    pub pct: f64,
}

/// A national measured shortage of one sector group in one year.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NationalShortage {
    /// Sector group.
    pub group: SectorGroup,
    /// Calendar year of the measurement.
    pub year: i32,
    /// Shortage as % of employment fte, where published.
    pub pct: Option<f64>,
    /// Shortage in fte.
    pub fte: f64,
}

/// A national births path: observed, or one projection variant.
#[derive(Debug, Clone, PartialEq)]
pub struct BirthsPath {
    /// `observed`, `low`, `medium`, `high`, or a user's name.
    pub variant: String,
    /// Year of the first value.
    pub first_year: i32,
    /// Live births per year from `first_year`.
    pub births: Vec<f64>,
}

impl BirthsPath {
    /// Years covered.
    pub fn span(&self) -> Option<YearSpan> {
        if self.births.is_empty() {
            None
        } else {
            Some(YearSpan {
                first: self.first_year,
                last: self.first_year + self.births.len() as i32 - 1,
            })
        }
    }
    /// Births in `year`, if covered.
    pub fn get(&self, year: i32) -> Option<f64> {
        let i = year - self.first_year;
        (i >= 0)
            .then(|| self.births.get(i as usize).copied())
            .flatten()
    }
}

/// A measured age distribution of teacher fte for one sector group and year.
#[derive(Debug, Clone, PartialEq)]
pub struct TeacherAgeProfile {
    /// Sector group.
    pub group: SectorGroup,
    /// Year of the measurement.
    pub year: i32,
    /// Shares by age band.
    pub bands: Vec<AgeBandShare>,
}

/// Teacher-training intake and graduates per route, nationally.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainingHistory {
    /// Years of the two tables.
    pub years: YearSpan,
    /// Route names (`pabo`, `hbo_2nd_degree`, ...).
    pub routes: Vec<String>,
    /// First-year intake `[route][year]`, `None` where not published.
    pub intake: Vec<Vec<Option<f64>>>,
    /// Graduates `[route][year]`, `None` where not published.
    pub graduates: Vec<Vec<Option<f64>>>,
}

/// Share of teacher fte in an age band.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AgeBandShare {
    /// First age of the band.
    pub from: usize,
    /// Last age of the band (inclusive).
    pub to: usize,
    /// Share in % of fte.
    pub share_pct: f64,
}

/// One value of a published forecast by another model (e.g. OCW's StaMOS
/// reference forecast of 2016), scored beside tekort in the backtests.
#[derive(Debug, Clone, PartialEq)]
pub struct OfficialForecast {
    /// Who published it (`StaMOS 2016`).
    pub source: String,
    /// The year the forecast was made: it is scored as a forecast from
    /// that cutoff.
    pub vintage: i32,
    /// What is forecast, named like a backtest component (`graduates`,
    /// `intake`).
    pub component: String,
    /// The series within the component (a training route such as `pabo`).
    pub series: String,
    /// Forecast year.
    pub year: i32,
    /// Forecast value.
    pub value: f64,
}

/// National female population by 5-year age band and year (estimates for
/// past years, a projection after them), used by the births method of the
/// backtests.
#[derive(Debug, Clone, PartialEq)]
pub struct PopulationByAge {
    /// Years of the columns.
    pub years: YearSpan,
    /// Age bands (first, last age inclusive), in order, the last may be open.
    pub bands: Vec<(usize, usize)>,
    /// Persons `[band, year]`.
    pub persons: Array2<f64>,
}

/// Everything the model reads, at municipality level.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    /// The municipalities; their order indexes the first axis of every array.
    pub municipalities: Vec<Municipality>,
    /// Historical municipality codes and their 2026 successor (old, new);
    /// a municipality split over several successors has one pair for each,
    /// the main successor (the largest part) first.
    pub successors: Vec<(String, String)>,
    /// po pupils `[municipality, school type (bo, sbo, so_vso), year]`.
    pub po_pupils: Array3<f64>,
    /// Years of `po_pupils`.
    pub po_pupil_years: YearSpan,
    /// po staff persons (all functions) `[municipality, school type, year]`.
    pub po_staff: Array3<f64>,
    /// Years of `po_staff`.
    pub po_staff_years: YearSpan,
    /// vo pupils `[municipality, year]`.
    pub vo_pupils: Array2<f64>,
    /// Years of `vo_pupils`.
    pub vo_pupil_years: YearSpan,
    /// Live births `[municipality, year]`.
    pub births: Array2<f64>,
    /// Population on 1 January `[municipality, year]`.
    pub population: Array2<f64>,
    /// Years of `births` and `population`.
    pub birth_years: YearSpan,
    /// Measured shortage per arbeidsmarktregio and G5 city.
    pub measured_shortage: Vec<MeasuredShortage>,
    /// National total shortage % per po school type (bo, sbo, so_vso).
    pub po_type_shortage_pct: [f64; 3],
    /// Teacher-training history.
    pub training: TrainingHistory,
    /// Measured age distributions of teacher fte, per sector group and year.
    pub teacher_fte_age: Vec<TeacherAgeProfile>,
    /// National measured shortage per sector group and year.
    pub national_shortage: Vec<NationalShortage>,
    /// National births: `observed` and the projection variants
    /// (`low`, `medium`, `high`).
    pub births_national: Vec<BirthsPath>,
    /// Published forecasts of other models (for the backtests; may be empty).
    pub official_forecasts: Vec<OfficialForecast>,
    /// National women by age (for the births method of the backtests).
    pub women: Option<PopulationByAge>,
    /// Pupils per municipality, school board and sector in the latest
    /// observed year of each sector (DUO; for regions drawn from school
    /// boards; may be empty).
    pub board_pupils: Vec<BoardPupils>,
    /// Policy funds and their effect on staff (demand) per pupil by
    /// sector group and year (`funding_path.csv`; may be empty: demand
    /// per pupil held after the latest measurement).
    pub funding_path: Vec<FundingEffect>,
    /// The largest school locations of each school board in the latest
    /// year (DUO; to name a board, whose name DUO's pupil files do not
    /// give; may be empty).
    pub board_schools: Vec<BoardSchool>,
}

/// The pupils of one school board (DUO *bevoegd gezag*) in one
/// municipality and sector, in one year.
#[derive(Debug, Clone, PartialEq)]
pub struct BoardPupils {
    /// Index of the municipality in [`Dataset::municipalities`].
    pub municipality: usize,
    /// DUO board number, as DUO writes it (digits).
    pub board: String,
    /// po school type (`PoBo`, `PoSbo`, `PoSoVso`) or `Vo`.
    pub sector: crate::domain::sector::Sector,
    /// The year of the count (1 October).
    pub year: i32,
    /// Pupils.
    pub pupils: f64,
}

/// One of the largest school locations of a school board (DUO *bevoegd
/// gezag*), by which the board is named.
#[derive(Debug, Clone, PartialEq)]
pub struct BoardSchool {
    /// DUO board number, as DUO writes it (digits), as in [`BoardPupils`].
    pub board: String,
    /// `Po` (bo, sbo and so/vso together) or `Vo`.
    pub group: SectorGroup,
    /// The school's name, as DUO writes it.
    pub school: String,
    /// The place where it stands.
    pub place: String,
    /// Its pupils in the latest year (1 October).
    pub pupils: f64,
}

impl Dataset {
    /// The largest schools of a board by pupils (most first; ties by name
    /// and place), at most `n`, from [`Dataset::board_schools`]; empty
    /// for a board the table does not list.
    ///
    /// ```
    /// use tekort_core::data::{BoardSchool, Dataset};
    /// use tekort_core::sector::SectorGroup;
    /// let mut ds = Dataset::synthetic(2);
    /// let school = |name: &str, group, pupils| BoardSchool {
    ///     board: "41234".into(),
    ///     group,
    ///     school: name.into(),
    ///     place: "Delft".into(),
    ///     pupils,
    /// };
    /// ds.board_schools = vec![
    ///     school("De Regenboog", SectorGroup::Po, 300.0),
    ///     school("Het Lyceum", SectorGroup::Vo, 900.0),
    ///     school("De Bron", SectorGroup::Po, 120.0),
    /// ];
    /// let names: Vec<&str> = ds.largest_schools("41234", 2).iter().map(|s| s.school.as_str()).collect();
    /// assert_eq!(names, ["Het Lyceum", "De Regenboog"]);
    /// assert!(ds.largest_schools("99999", 3).is_empty());
    /// ```
    pub fn largest_schools(&self, board: &str, n: usize) -> Vec<&BoardSchool> {
        let mut v: Vec<&BoardSchool> = self
            .board_schools
            .iter()
            .filter(|s| s.board == board)
            .collect();
        v.sort_by(|a, b| {
            b.pupils
                .total_cmp(&a.pupils)
                .then_with(|| (&a.school, &a.place).cmp(&(&b.school, &b.place)))
        });
        v.truncate(n);
        v
    }
}

/// Normalises a municipality code: strips a `GM` prefix and pads to four digits.
///
/// ```
/// use tekort_core::data::normalize_gemeentecode;
/// assert_eq!(normalize_gemeentecode("GM0363"), "0363");
/// assert_eq!(normalize_gemeentecode("34"), "0034");
/// assert_eq!(normalize_gemeentecode(" 0344 "), "0344");
/// ```
pub fn normalize_gemeentecode(code: &str) -> String {
    let c = code.trim();
    let c = c
        .strip_prefix("GM")
        .or_else(|| c.strip_prefix("gm"))
        .unwrap_or(c);
    if !c.is_empty() && c.len() < 4 && c.bytes().all(|b| b.is_ascii_digit()) {
        format!("{c:0>4}")
    } else {
        c.to_string()
    }
}

/// What the message about a code that is neither a 2026 code nor a known
/// former one adds (once, however many codes it lists).
pub(crate) const UNKNOWN_CODE_ADVICE: &str = "; codes change when municipalities merge: look the \
     code up in CBS's \"Gemeentelijke indeling\" of the year it is from and use the 2026 code";

impl Dataset {
    /// Number of municipalities.
    pub fn n_municipalities(&self) -> usize {
        self.municipalities.len()
    }

    /// Index of a municipality by code (any of `GM0363`, `363`, `0363`).
    /// A historical code gets an error that names its 2026 successor, or
    /// all of them when it was split.
    pub fn municipality_index(&self, code: &str) -> Result<usize> {
        let norm = normalize_gemeentecode(code);
        if let Some(i) = self.municipalities.iter().position(|m| m.code == norm) {
            return Ok(i);
        }
        let new: Vec<String> = self
            .successors
            .iter()
            .filter(|(old, _)| *old == norm)
            .map(|(_, new)| {
                let name = self
                    .municipalities
                    .iter()
                    .find(|m| m.code == *new)
                    .map_or("", |m| m.name.as_str());
                format!("{new} {name}")
            })
            .collect();
        let context = match new.as_slice() {
            [] => format!(" (not a 2026 CBS gemeentecode){UNKNOWN_CODE_ADVICE}"),
            [one] => {
                let code = &one[..one.find(' ').unwrap_or(one.len())];
                format!(" (a former municipality, merged into {one} by 2026: use {code})")
            }
            parts => format!(
                " (a former municipality, split by 2026 over {}: list the code of each part you mean, \
                 or all of them for the whole former area)",
                parts.join(", ")
            ),
        };
        Err(TekortError::UnknownMunicipality {
            code: code.trim().to_string(),
            context,
        })
    }

    /// The years a shortage measurement may describe: years with observed
    /// po pupils and po staff (the history run from the earliest
    /// measurement reads both), up to the last year with observed vo
    /// pupils.
    pub fn measurement_years(&self) -> (i32, i32) {
        (
            self.po_pupil_years.first.max(self.po_staff_years.first),
            self.po_pupil_years.last.min(self.vo_pupil_years.last),
        )
    }

    /// Checks shapes; that every count is finite, not negative and at
    /// most [`MAX_COUNT`]; that every shortage measurement describes a
    /// year of [`Dataset::measurement_years`], with a percentage between
    /// -100 and 100 and a national fte of at most
    /// [`MAX_NATIONAL_SHORTAGE_FTE`].
    pub fn validate(&self) -> Result<()> {
        let n = self.n_municipalities();
        if n == 0 {
            return Err(TekortError::data("the dataset has no municipalities"));
        }
        let check3 = |name: &str, a: &Array3<f64>, span: YearSpan| -> Result<()> {
            if a.dim() != (n, 3, span.len()) {
                return Err(TekortError::data(format!(
                    "{name} has shape {:?}, expected ({n}, 3, {})",
                    a.dim(),
                    span.len()
                )));
            }
            check_values(name, a.iter())
        };
        let check2 = |name: &str, a: &Array2<f64>, span: YearSpan| -> Result<()> {
            if a.dim() != (n, span.len()) {
                return Err(TekortError::data(format!(
                    "{name} has shape {:?}, expected ({n}, {})",
                    a.dim(),
                    span.len()
                )));
            }
            check_values(name, a.iter())
        };
        check3("po_pupils", &self.po_pupils, self.po_pupil_years)?;
        check3("po_staff", &self.po_staff, self.po_staff_years)?;
        check2("vo_pupils", &self.vo_pupils, self.vo_pupil_years)?;
        check2("births", &self.births, self.birth_years)?;
        check2("population", &self.population, self.birth_years)?;
        for b in &self.board_pupils {
            if b.municipality >= n || !b.pupils.is_finite() || b.pupils < 0.0 {
                return Err(TekortError::data(format!(
                    "board_pupils: board {} has an invalid row (municipality index {}, pupils {})",
                    b.board, b.municipality, b.pupils
                )));
            }
            if !matches!(
                b.sector,
                crate::domain::sector::Sector::PoBo
                    | crate::domain::sector::Sector::PoSbo
                    | crate::domain::sector::Sector::PoSoVso
                    | crate::domain::sector::Sector::Vo
            ) {
                return Err(TekortError::data(format!(
                    "board_pupils: board {} has sector {:?}; boards are known for po and vo only",
                    b.board, b.sector
                )));
            }
        }
        for s in &self.board_schools {
            if !s.pupils.is_finite() || s.pupils < 0.0 {
                return Err(TekortError::data(format!(
                    "board_schools: board {} has school {:?} with {} pupils",
                    s.board, s.school, s.pupils
                )));
            }
            if s.group == SectorGroup::Mbo {
                return Err(TekortError::data(format!(
                    "board_schools: board {} has school {:?} in mbo; boards are known for po and vo only",
                    s.board, s.school
                )));
            }
        }
        let (first, last) = self.measurement_years();
        let years = |table: &str, year: i32| -> Result<()> {
            if year < first || year > last {
                return Err(TekortError::data(format!(
                    "{table}: a measurement of {year}; measurements must describe a year with observed pupils and staff, {first}–{last}"
                )));
            }
            Ok(())
        };
        for m in &self.national_shortage {
            // The row named by its sector and year.
            let at =
                |column: &str| format!("national_shortage.{column} of {} in {}", m.group, m.year);
            years(&format!("national_shortage.year ({})", m.group), m.year)?;
            if let Some(pct) = m.pct {
                if !pct.is_finite() || !(-100.0..=100.0).contains(&pct) {
                    return Err(TekortError::value(
                        at("shortage_pct"),
                        pct,
                        "must be a percentage between -100 and 100",
                    ));
                }
            }
            if m.fte > MAX_NATIONAL_SHORTAGE_FTE {
                return Err(TekortError::value(
                    at("shortage_fte"),
                    m.fte,
                    format!(
                        "must be at most {} fte, about the whole of Dutch po employment (the largest sector)",
                        grouped(MAX_NATIONAL_SHORTAGE_FTE as u128)
                    ),
                ));
            }
        }
        for m in &self.measured_shortage {
            // The row named by its sector, area and year.
            let area = match &m.area {
                MeasuredArea::Arbeidsmarktregio(name) => format!("{name:?}"),
                MeasuredArea::Municipality(i) => self
                    .municipalities
                    .get(*i)
                    .map_or_else(|| format!("municipality {i}"), |x| x.code.clone()),
                MeasuredArea::Municipalities { name, .. } => format!("{name:?}"),
            };
            years(
                &format!("measured_shortage.year ({} {area})", m.group),
                m.year,
            )?;
            if !m.pct.is_finite() || m.pct < -100.0 || m.pct > 100.0 {
                return Err(TekortError::value(
                    format!(
                        "measured_shortage.shortage_pct of {} {area} in {}",
                        m.group, m.year
                    ),
                    m.pct,
                    "must be a percentage between -100 and 100",
                ));
            }
            match &m.area {
                MeasuredArea::Municipality(i) if *i >= n => {
                    return Err(TekortError::data(format!(
                        "measured shortage refers to municipality index {i} of {n}"
                    )))
                }
                MeasuredArea::Arbeidsmarktregio(name)
                    if !self
                        .municipalities
                        .iter()
                        .any(|m| &m.arbeidsmarktregio == name) =>
                {
                    return Err(TekortError::data(format!(
                        "measured shortage for unknown arbeidsmarktregio {name:?}"
                    )))
                }
                MeasuredArea::Municipalities { name, members } => {
                    if members.is_empty() {
                        return Err(TekortError::data(format!(
                            "measured shortage of {name:?} ({} {}) has no municipalities",
                            m.group, m.year
                        )));
                    }
                    if let Some(i) = members.iter().find(|&&i| i >= n) {
                        return Err(TekortError::data(format!(
                            "measured shortage of {name:?} refers to municipality index {i} of {n}"
                        )));
                    }
                    let mut seen = vec![false; n];
                    for &i in members {
                        if std::mem::replace(&mut seen[i], true) {
                            return Err(TekortError::data(format!(
                                "measured shortage of {name:?} lists municipality {} twice",
                                self.municipalities[i].code
                            )));
                        }
                    }
                }
                _ => {}
            }
        }
        check_values("po_type_shortage_pct", self.po_type_shortage_pct.iter())?;
        let t = &self.training;
        if t.intake.len() != t.routes.len() || t.graduates.len() != t.routes.len() {
            return Err(TekortError::data("training tables do not match the routes"));
        }
        for (r, name) in t.routes.iter().enumerate() {
            if t.intake[r].len() != t.years.len() || t.graduates[r].len() != t.years.len() {
                return Err(TekortError::data(format!(
                    "training route {name:?} has the wrong number of years"
                )));
            }
            check_values(
                &format!("training intake of {name}"),
                t.intake[r].iter().flatten(),
            )?;
            check_values(
                &format!("training graduates of {name}"),
                t.graduates[r].iter().flatten(),
            )?;
        }
        for g in SectorGroup::ALL {
            if !self.teacher_fte_age.iter().any(|p| p.group == g) {
                return Err(TekortError::data(format!(
                    "teacher_fte_age has no profile for {g}"
                )));
            }
        }
        for p in &self.teacher_fte_age {
            check_values(
                "teacher_fte_age.share_pct",
                p.bands.iter().map(|b| &b.share_pct),
            )?;
            if p.bands.iter().map(|b| b.share_pct).sum::<f64>() <= 0.0 {
                return Err(TekortError::data(format!(
                    "teacher_fte_age of {} in {} sums to 0",
                    p.group, p.year
                )));
            }
        }
        check_values(
            "national_shortage.shortage_fte",
            self.national_shortage.iter().map(|m| &m.fte),
        )?;
        for b in &self.births_national {
            check_values(&format!("births_national[{}]", b.variant), b.births.iter())?;
        }
        check_values(
            "official_forecasts.value",
            self.official_forecasts.iter().map(|f| &f.value),
        )?;
        if let Some(w) = &self.women {
            if w.persons.dim() != (w.bands.len(), w.years.len()) {
                return Err(TekortError::data(format!(
                    "women has shape {:?}, expected ({}, {})",
                    w.persons.dim(),
                    w.bands.len(),
                    w.years.len()
                )));
            }
            check_values("women", w.persons.iter())?;
        }
        check_funding_path(&self.funding_path)?;
        Ok(())
    }
}

/// The largest count a table of the dataset may hold: more than the
/// population of the Netherlands many times over, so that sums and products
/// of counts stay finite.
pub const MAX_COUNT: f64 = 1e9;

/// The largest national shortage a measurement may report (fte).
pub const MAX_NATIONAL_SHORTAGE_FTE: f64 = 100_000.0;

fn check_values<'a>(name: &str, values: impl Iterator<Item = &'a f64>) -> Result<()> {
    for &v in values {
        if !v.is_finite() {
            return Err(TekortError::value(name, v, "must be a finite number"));
        }
        if v < 0.0 {
            return Err(TekortError::value(name, v, "counts must not be negative"));
        }
        if v > MAX_COUNT {
            return Err(TekortError::value(
                name,
                v,
                format!("must be at most {MAX_COUNT:e} (larger than any Dutch count)"),
            ));
        }
    }
    Ok(())
}

//! Sectors of Dutch education as the model distinguishes them.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::TekortError;

/// A sector row in the output: primary education split by school type,
/// secondary, vocational.
///
/// The `po_*` variants together make primary education (po); they are kept
/// apart because special education has far smaller classes and its own
/// measured shortage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Sector {
    /// Regular primary schools (basisonderwijs, bo).
    PoBo,
    /// Special primary schools (speciaal basisonderwijs, sbo).
    PoSbo,
    /// Special (secondary) education (speciaal en voortgezet speciaal onderwijs, so/vso).
    PoSoVso,
    /// Secondary education (voortgezet onderwijs, vo).
    Vo,
    /// Vocational education (middelbaar beroepsonderwijs, mbo).
    Mbo,
}

impl Sector {
    /// All sectors in output order.
    pub const ALL: [Sector; 5] = [
        Sector::PoBo,
        Sector::PoSbo,
        Sector::PoSoVso,
        Sector::Vo,
        Sector::Mbo,
    ];
    /// The three primary school types, in the order used by data arrays.
    pub const PO: [Sector; 3] = [Sector::PoBo, Sector::PoSbo, Sector::PoSoVso];

    /// The code used in tables: `po_bo`, `po_sbo`, `po_so_vso`, `vo`, `mbo`.
    pub fn code(self) -> &'static str {
        match self {
            Sector::PoBo => "po_bo",
            Sector::PoSbo => "po_sbo",
            Sector::PoSoVso => "po_so_vso",
            Sector::Vo => "vo",
            Sector::Mbo => "mbo",
        }
    }

    /// The sector group whose behavioural parameters apply.
    pub fn group(self) -> SectorGroup {
        match self {
            Sector::PoBo | Sector::PoSbo | Sector::PoSoVso => SectorGroup::Po,
            Sector::Vo => SectorGroup::Vo,
            Sector::Mbo => SectorGroup::Mbo,
        }
    }

    /// Position in [`Sector::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// Parses a selection: a sector code, or a group (`po`) meaning all its sectors.
    ///
    /// ```
    /// use tekort_core::sector::Sector;
    /// assert_eq!(Sector::parse_selection("po").unwrap().len(), 3);
    /// assert_eq!(Sector::parse_selection("vo").unwrap(), vec![Sector::Vo]);
    /// assert!(Sector::parse_selection("ko").is_err());
    /// ```
    pub fn parse_selection(name: &str) -> Result<Vec<Sector>, TekortError> {
        let name = name.trim().to_ascii_lowercase();
        if name == "all" {
            return Ok(Sector::ALL.to_vec());
        }
        if let Ok(group) = name.parse::<SectorGroup>() {
            return Ok(group.sectors().to_vec());
        }
        name.parse::<Sector>().map(|s| vec![s])
    }
}

impl fmt::Display for Sector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Parses a sector code, ignoring case and surrounding blanks. A sector
/// group's code (`po`) is not a sector: [`Sector::parse_selection`] takes
/// groups too.
///
/// ```
/// use tekort_core::{sector::Sector, TekortError};
/// assert_eq!("PO_BO".parse::<Sector>().unwrap(), Sector::PoBo);
/// assert_eq!(" vo ".parse::<Sector>().unwrap(), Sector::Vo);
/// let e = "po".parse::<Sector>().unwrap_err();
/// assert!(matches!(e, TekortError::GroupNotSector { .. }));
/// assert_eq!(
///     e.to_string(),
///     "\"po\" is a sector group, not one sector: its sectors are po_bo, po_sbo, po_so_vso"
/// );
/// assert!(matches!("ko".parse::<Sector>(), Err(TekortError::UnknownSector { .. })));
/// ```
impl FromStr for Sector {
    type Err = TekortError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let code = s.trim().to_ascii_lowercase();
        if let Some(x) = Sector::ALL.into_iter().find(|x| x.code() == code) {
            return Ok(x);
        }
        match SectorGroup::ALL.into_iter().find(|g| g.code() == code) {
            Some(g) if g.sectors().len() > 1 => Err(TekortError::GroupNotSector {
                group: s.trim().to_string(),
                sectors: g
                    .sectors()
                    .iter()
                    .map(|x| x.code())
                    .collect::<Vec<_>>()
                    .join(", "),
            }),
            _ => Err(TekortError::UnknownSector {
                name: s.to_string(),
            }),
        }
    }
}

/// The three sectors whose behaviour (outflow, hours, inflow) differs.
/// Read from a file (a scenario's `sectors`) as its code in any case; any
/// other text is refused in plain words ([`SectorGroup::try_from`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", try_from = "String")]
#[non_exhaustive]
pub enum SectorGroup {
    /// Primary education (po): bo, sbo and so/vso.
    Po,
    /// Secondary education (vo).
    Vo,
    /// Vocational education (mbo).
    Mbo,
}

impl SectorGroup {
    /// All groups.
    pub const ALL: [SectorGroup; 3] = [SectorGroup::Po, SectorGroup::Vo, SectorGroup::Mbo];

    /// Code: `po`, `vo`, `mbo`.
    pub fn code(self) -> &'static str {
        match self {
            SectorGroup::Po => "po",
            SectorGroup::Vo => "vo",
            SectorGroup::Mbo => "mbo",
        }
    }

    /// The sectors in this group.
    pub fn sectors(self) -> &'static [Sector] {
        match self {
            SectorGroup::Po => &Sector::PO,
            SectorGroup::Vo => &[Sector::Vo],
            SectorGroup::Mbo => &[Sector::Mbo],
        }
    }
}

impl fmt::Display for SectorGroup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Parses a group code (`po`, `vo`, `mbo`), ignoring case and blanks.
///
/// ```
/// use tekort_core::sector::SectorGroup;
/// assert_eq!("Mbo".parse::<SectorGroup>().unwrap(), SectorGroup::Mbo);
/// assert!("po_bo".parse::<SectorGroup>().is_err());
/// ```
impl FromStr for SectorGroup {
    type Err = TekortError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let code = s.trim().to_ascii_lowercase();
        SectorGroup::ALL
            .into_iter()
            .find(|x| x.code() == code)
            .ok_or_else(|| TekortError::UnknownSector {
                name: s.to_string(),
            })
    }
}

/// A sector group as a file gives it (a scenario's `sectors`): the message
/// of a value that is not one says so in plain words, with the groups and
/// the closest, and says which group a sector (`po_bo`) belongs to.
///
/// ```
/// use tekort_core::sector::SectorGroup;
/// assert_eq!(SectorGroup::try_from("PO".to_string()), Ok(SectorGroup::Po));
/// assert_eq!(
///     SectorGroup::try_from("po_bo".to_string()).unwrap_err(),
///     "\"po_bo\" is a sector, not a sector group: give its group \"po\"; the sector groups are po, vo, mbo"
/// );
/// assert_eq!(
///     SectorGroup::try_from("mbbo".to_string()).unwrap_err(),
///     "unknown sector group \"mbbo\"; did you mean \"mbo\"? the sector groups are po, vo, mbo"
/// );
/// ```
impl TryFrom<String> for SectorGroup {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        if let Ok(g) = s.parse::<SectorGroup>() {
            return Ok(g);
        }
        let groups = "the sector groups are po, vo, mbo";
        if let Ok(sector) = s.parse::<Sector>() {
            return Err(format!(
                "{s:?} is a sector, not a sector group: give its group {:?}; {groups}",
                sector.group().code()
            ));
        }
        let codes = SectorGroup::ALL.iter().map(|g| g.code());
        let close = crate::error::closest_names(&s, codes, 2);
        Err(format!(
            "unknown sector group {s:?}; {}{groups}",
            crate::error::did_you_mean(&close)
        ))
    }
}

/// A value per sector group, as used in parameter files (`po`, `vo`, `mbo` keys).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PerGroup<T> {
    /// Primary education.
    pub po: T,
    /// Secondary education.
    pub vo: T,
    /// Vocational education.
    pub mbo: T,
}

impl<T> PerGroup<T> {
    /// The value for `group`.
    pub fn get(&self, group: SectorGroup) -> &T {
        match group {
            SectorGroup::Po => &self.po,
            SectorGroup::Vo => &self.vo,
            SectorGroup::Mbo => &self.mbo,
        }
    }
    /// Mutable value for `group`.
    pub fn get_mut(&mut self, group: SectorGroup) -> &mut T {
        match group {
            SectorGroup::Po => &mut self.po,
            SectorGroup::Vo => &mut self.vo,
            SectorGroup::Mbo => &mut self.mbo,
        }
    }
}

//! Where a value comes from: measured in its own year, estimated from
//! other data, or forecast.

use std::fmt;

use crate::domain::dataset::{Dataset, MeasuredArea};
use crate::domain::regions::RegionSystem;
use crate::domain::sector::SectorGroup;

/// Where a value comes from: measured, estimated from other data, or
/// forecast. The `kind` of every output row and indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum IndicatorKind {
    /// From a measurement of its own year and area (DUO pupils and staff,
    /// the shortage measurement in the year it describes of exactly the
    /// row's municipalities).
    Measured,
    /// Modelled, in a history year or the base year (also the shortage of
    /// an area no measurement describes, in a measurement year).
    Estimated,
    /// Modelled, after the base year.
    Forecast,
}

impl IndicatorKind {
    /// All kinds.
    pub const ALL: [IndicatorKind; 3] = [
        IndicatorKind::Measured,
        IndicatorKind::Estimated,
        IndicatorKind::Forecast,
    ];

    /// `measured`, `estimated` or `forecast`.
    pub fn name(self) -> &'static str {
        match self {
            IndicatorKind::Measured => "measured",
            IndicatorKind::Estimated => "estimated",
            IndicatorKind::Forecast => "forecast",
        }
    }

    /// The kind of a value computed from values of kinds `self` and
    /// `other`: the weaker of the two (measured < estimated < forecast).
    pub(crate) fn and(self, other: IndicatorKind) -> IndicatorKind {
        self.max(other)
    }

    /// The kind of a modelled value in `year`.
    pub(crate) fn modelled(year: i32, base_year: i32) -> IndicatorKind {
        if year > base_year {
            IndicatorKind::Forecast
        } else {
            IndicatorKind::Estimated
        }
    }
}

impl fmt::Display for IndicatorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The shortage measurements per sector group and year, and the areas
/// (sets of municipalities) they describe: the regional tables (an
/// arbeidsmarktregio each), single municipalities, areas of several
/// municipalities and the nation.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MeasuredYears {
    /// Regional tables and measured municipalities: (sector group, year).
    pub regional: Vec<(SectorGroup, i32)>,
    /// National figures: (sector group, year).
    pub national: Vec<(SectorGroup, i32)>,
    /// Every measured area: (sector group, year, its municipalities as
    /// sorted indices into the dataset). The nation (every municipality)
    /// is one where a national figure or a regional table row for every
    /// arbeidsmarktregio exists.
    pub areas: Vec<(SectorGroup, i32, Vec<usize>)>,
    /// The number of municipalities of the dataset (the nation's area).
    pub municipalities: usize,
}

impl MeasuredYears {
    /// The measurements of a dataset.
    pub fn of(dataset: &Dataset) -> Self {
        let munis = &dataset.municipalities;
        let n = munis.len();
        let mut markets: Vec<&str> = munis.iter().map(|m| m.arbeidsmarktregio.as_str()).collect();
        markets.sort_unstable();
        markets.dedup();
        let mut areas: Vec<(SectorGroup, i32, Vec<usize>)> = dataset
            .measured_shortage
            .iter()
            .map(|m| {
                let mut members: Vec<usize> = match &m.area {
                    MeasuredArea::Arbeidsmarktregio(name) => (0..n)
                        .filter(|&i| munis[i].arbeidsmarktregio == *name)
                        .collect(),
                    MeasuredArea::Municipality(i) => vec![*i],
                    MeasuredArea::Municipalities { members, .. } => members.clone(),
                };
                members.sort_unstable();
                members.dedup();
                (m.group, m.year, members)
            })
            .collect();
        // The nation: a national figure, or a regional table row for every
        // arbeidsmarktregio of the year.
        let full_table = |group: SectorGroup, year: i32| {
            !markets.is_empty()
                && markets.iter().all(|name| {
                    dataset.measured_shortage.iter().any(|m| {
                        m.group == group
                            && m.year == year
                            && matches!(&m.area, MeasuredArea::Arbeidsmarktregio(r) if r == name)
                    })
                })
        };
        let mut nation: Vec<(SectorGroup, i32)> = dataset
            .national_shortage
            .iter()
            .map(|m| (m.group, m.year))
            .chain(
                dataset
                    .measured_shortage
                    .iter()
                    .map(|m| (m.group, m.year))
                    .filter(|&(g, y)| full_table(g, y)),
            )
            .collect();
        nation.sort_unstable();
        nation.dedup();
        areas.extend(nation.into_iter().map(|(g, y)| (g, y, (0..n).collect())));
        MeasuredYears {
            regional: dataset
                .measured_shortage
                .iter()
                .filter(|m| {
                    matches!(
                        m.area,
                        MeasuredArea::Arbeidsmarktregio(_) | MeasuredArea::Municipality(_)
                    )
                })
                .map(|m| (m.group, m.year))
                .collect(),
            national: dataset
                .national_shortage
                .iter()
                .map(|m| (m.group, m.year))
                .collect(),
            areas,
            municipalities: n,
        }
    }

    /// Whether the shortage of `group` was measured in `year` for an area
    /// of exactly the municipalities `members` (sorted indices).
    pub fn covers(&self, group: SectorGroup, year: i32, members: &[usize]) -> bool {
        self.areas
            .iter()
            .any(|(g, y, m)| *g == group && *y == year && m == members)
    }
}

/// Which (region, sector group, year) of a projection has a shortage
/// measurement of exactly the region's municipalities, computed once when
/// the projection is made (see [`crate::forecast::Projection::kind`]).
/// Regions `0..n` are the projection's, region `n` is the nation.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MeasuredCells {
    first_year: i32,
    n_years: usize,
    /// `[region][group][year]`, row-major.
    flags: Vec<bool>,
}

impl MeasuredCells {
    /// The cells of the regions of `regions` and the nation in `years`.
    /// A region with a school board's part drawn into or out of it is
    /// never measured (no measurement describes part of a municipality).
    pub fn of(measured: &MeasuredYears, regions: &RegionSystem, years: &[i32]) -> Self {
        let mut members: Vec<Option<Vec<usize>>> = vec![Some(Vec::new()); regions.len()];
        for (m, &r) in regions.assignment.iter().enumerate() {
            if let Some(Some(list)) = members.get_mut(r) {
                list.push(m);
            }
        }
        for b in &regions.boards {
            for r in [b.region, regions.assignment[b.municipality]] {
                if let Some(slot) = members.get_mut(r) {
                    *slot = None;
                }
            }
        }
        Self::from_areas(measured, members, years)
    }

    /// The cells of the nation alone (its region `0` and the nation are
    /// both the whole country).
    pub fn nation(measured: &MeasuredYears, years: &[i32]) -> Self {
        Self::from_areas(
            measured,
            vec![Some((0..measured.municipalities).collect())],
            years,
        )
    }

    /// The cells of regions of the sorted municipalities `members` (`None`
    /// for a region that is never measured), the nation appended.
    fn from_areas(
        measured: &MeasuredYears,
        mut members: Vec<Option<Vec<usize>>>,
        years: &[i32],
    ) -> Self {
        members.push(Some((0..measured.municipalities).collect()));
        let first_year = years.iter().copied().min().unwrap_or(0);
        let n_years = years
            .iter()
            .copied()
            .max()
            .map_or(0, |last| (last - first_year + 1) as usize);
        let flags = members
            .iter()
            .flat_map(|area| {
                SectorGroup::ALL.iter().flat_map(move |&g| {
                    (0..n_years).map(move |y| {
                        area.as_deref()
                            .is_some_and(|m| measured.covers(g, first_year + y as i32, m))
                    })
                })
            })
            .collect();
        MeasuredCells {
            first_year,
            n_years,
            flags,
        }
    }

    /// Whether the shortage of `group` in `year` of region `region` (the
    /// number of regions for the nation) was measured.
    pub fn get(&self, region: usize, group: SectorGroup, year: i32) -> bool {
        let Some(y) = usize::try_from(year - self.first_year)
            .ok()
            .filter(|&y| y < self.n_years)
        else {
            return false;
        };
        let g = SectorGroup::ALL
            .iter()
            .position(|&x| x == group)
            .expect("every group is in ALL");
        self.flags
            .get((region * SectorGroup::ALL.len() + g) * self.n_years + y)
            .copied()
            .unwrap_or(false)
    }
}

/// As its name (`measured`, `estimated`, `forecast`), with the feature
/// `serde`.
#[cfg(feature = "serde")]
impl serde::Serialize for IndicatorKind {
    fn serialize<S: serde::Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        ser.serialize_str(self.name())
    }
}

//! Where a value comes from: measured in its own year, estimated from
//! other data, or forecast.

use std::fmt;

use crate::domain::dataset::{Dataset, MeasuredArea};
use crate::domain::sector::SectorGroup;

/// Where a value comes from: measured, estimated from other data, or
/// forecast. The `kind` of every output row and indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum IndicatorKind {
    /// From a measurement of its own year (DUO pupils and staff, the
    /// shortage measurement in the year it describes).
    Measured,
    /// Modelled, in a history year or the base year.
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

/// The years in which each sector group's shortage was measured, for
/// regions (the regional tables) and for the nation (national figures).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MeasuredYears {
    /// Regional tables: (sector group, year).
    pub regional: Vec<(SectorGroup, i32)>,
    /// National figures: (sector group, year).
    pub national: Vec<(SectorGroup, i32)>,
}

impl MeasuredYears {
    /// The measurement years of a dataset.
    pub fn of(dataset: &Dataset) -> Self {
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
        }
    }

    /// Whether the shortage of `group` was measured in `year` for a region
    /// (a regional table) or for the nation (a regional table or a
    /// national figure).
    pub fn contains(&self, group: SectorGroup, year: i32, national: bool) -> bool {
        let hit = |list: &[(SectorGroup, i32)]| list.iter().any(|&(g, y)| g == group && y == year);
        hit(&self.regional) || (national && hit(&self.national))
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

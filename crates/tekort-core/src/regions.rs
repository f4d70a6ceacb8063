//! Region systems: every municipality mapped to exactly one region, and
//! optionally the schools of a school board moved to another region.

use crate::dataset::Dataset;
use crate::error::{Result, TekortError};
use crate::sector::Sector;

/// Name of the region that collects the municipalities a user's region file
/// leaves out, so national totals still add up.
pub const REST_REGION: &str = "rest van Nederland";

/// The built-in region systems.
pub const BUILTIN_REGION_SYSTEMS: [&str; 4] = ["nl", "provincie", "corop", "arbeidsmarktregio"];

/// A mapping of every municipality to one region.
#[derive(Debug, Clone, PartialEq)]
pub struct RegionSystem {
    /// Name (`arbeidsmarktregio`, or the user's file stem).
    pub name: String,
    /// Region names; their order indexes the region axis of results.
    pub regions: Vec<String>,
    /// For every municipality of the dataset, the index of its region.
    pub assignment: Vec<usize>,
    /// Parts of a municipality's sector that belong to another region: the
    /// schools of a school board drawn into a region (empty for regions of
    /// whole municipalities).
    pub boards: Vec<BoardPart>,
}

/// The schools of one school board in one municipality and sector, drawn
/// into a region other than (or the same as) the municipality's: they take
/// `share` of everything the municipality has in that sector (its pupils,
/// demand, teachers, flows, shortage).
#[derive(Debug, Clone, PartialEq)]
pub struct BoardPart {
    /// Index of the municipality.
    pub municipality: usize,
    /// The sector (a po school type, or vo).
    pub sector: Sector,
    /// DUO board number.
    pub board: String,
    /// Index of the region the part belongs to.
    pub region: usize,
    /// The board's share of the municipality's pupils in that sector, in
    /// the latest observed year.
    pub share: f64,
}

/// One row of a region definition: a municipality or a school board, and
/// its region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegionEntry {
    /// `gemeentecode,region`: the whole municipality (except boards drawn
    /// elsewhere).
    Municipality {
        /// Municipality code (`0363`, `363`, `GM0363`).
        code: String,
        /// Region name.
        region: String,
    },
    /// `bevoegd_gezag,region`: every po and vo school of the board,
    /// wherever it stands.
    Board {
        /// DUO board number.
        board: String,
        /// Region name.
        region: String,
    },
}

impl RegionSystem {
    /// A built-in system: `nl`, `provincie`, `corop` or `arbeidsmarktregio`.
    /// Regions are sorted by name.
    pub fn builtin(name: &str, dataset: &Dataset) -> Result<Self> {
        let key = |m: &crate::dataset::Municipality| -> Option<String> {
            match name {
                "nl" => Some("Nederland".to_string()),
                "provincie" => Some(m.provincie.clone()),
                "corop" => Some(m.corop.clone()),
                "arbeidsmarktregio" => Some(m.arbeidsmarktregio.clone()),
                _ => None,
            }
        };
        let labels: Vec<String> = dataset
            .municipalities
            .iter()
            .map(key)
            .collect::<Option<_>>()
            .ok_or_else(|| TekortError::UnknownRegionSystem {
                name: name.to_string(),
            })?;
        let mut regions = labels.clone();
        regions.sort();
        regions.dedup();
        let assignment = labels
            .iter()
            .map(|l| {
                regions
                    .binary_search(l)
                    .expect("label is in the sorted list")
            })
            .collect();
        Ok(RegionSystem {
            name: name.to_string(),
            regions,
            assignment,
            boards: Vec::new(),
        })
    }

    /// A user-defined system from `(gemeentecode, region)` pairs, e.g. an
    /// onderwijsregio. Municipalities not listed go to [`REST_REGION`].
    /// Regions keep the order of first appearance.
    ///
    /// Errors name the offending code: unknown or historical codes, a code
    /// given twice with different regions, empty region names.
    pub fn from_pairs<S: AsRef<str>, T: AsRef<str>>(
        name: &str,
        dataset: &Dataset,
        pairs: &[(S, T)],
    ) -> Result<Self> {
        let entries: Vec<RegionEntry> = pairs
            .iter()
            .map(|(c, r)| RegionEntry::Municipality {
                code: c.as_ref().to_string(),
                region: r.as_ref().to_string(),
            })
            .collect();
        Self::from_entries(name, dataset, &entries)
    }

    /// A user-defined system from municipalities and school boards. A
    /// board's po and vo schools belong to its region wherever they stand
    /// (their share of their municipality's pupils in that sector, latest
    /// year); the rest of a municipality stays with the municipality's
    /// region, or [`REST_REGION`] when it is not listed. mbo has no board
    /// data and is always assigned by municipality. Regions keep the order
    /// of first appearance.
    ///
    /// Errors name the offending values: unknown or historical codes,
    /// unknown board numbers (all of them at once), a code or board given
    /// twice with different regions, empty region names.
    pub fn from_entries(name: &str, dataset: &Dataset, entries: &[RegionEntry]) -> Result<Self> {
        if entries.is_empty() {
            return Err(TekortError::InvalidRegions {
                reason: format!("region system {name:?} lists no municipalities or boards"),
            });
        }
        let n = dataset.n_municipalities();
        let mut regions: Vec<String> = Vec::new();
        let mut assignment: Vec<Option<usize>> = vec![None; n];
        let mut board_region: Vec<(String, usize)> = Vec::new();
        let mut unknown_boards: Vec<String> = Vec::new();
        for (line, entry) in entries.iter().enumerate() {
            let (key, region) = match entry {
                RegionEntry::Municipality { code, region } => (code, region),
                RegionEntry::Board { board, region } => (board, region),
            };
            let region = region.trim();
            if region.is_empty() {
                return Err(TekortError::InvalidRegions {
                    reason: format!("empty region name for {key:?} (entry {})", line + 1),
                });
            }
            if region == REST_REGION {
                return Err(TekortError::InvalidRegions {
                    reason: format!("the region name {REST_REGION:?} is reserved"),
                });
            }
            let r = match regions.iter().position(|x| x == region) {
                Some(r) => r,
                None => {
                    regions.push(region.to_string());
                    regions.len() - 1
                }
            };
            match entry {
                RegionEntry::Municipality { code, .. } => {
                    let m = dataset.municipality_index(code).map_err(|e| match e {
                        TekortError::UnknownMunicipality { code, context } => {
                            TekortError::UnknownMunicipality {
                                code,
                                context: format!("{context} in region entry {}", line + 1),
                            }
                        }
                        other => other,
                    })?;
                    match assignment[m] {
                        Some(prev) if prev != r => {
                            return Err(TekortError::InvalidRegions {
                                reason: format!(
                                    "municipality {} is assigned to both {:?} and {:?}",
                                    dataset.municipalities[m].code, regions[prev], regions[r]
                                ),
                            })
                        }
                        _ => assignment[m] = Some(r),
                    }
                }
                RegionEntry::Board { board, .. } => {
                    let board = board.trim().to_string();
                    if !dataset.board_pupils.iter().any(|b| b.board == board) {
                        if !unknown_boards.contains(&board) {
                            unknown_boards.push(board);
                        }
                        continue;
                    }
                    match board_region.iter().find(|(b, _)| *b == board) {
                        Some((_, prev)) if *prev != r => {
                            return Err(TekortError::InvalidRegions {
                                reason: format!(
                                    "school board {board} is assigned to both {:?} and {:?}",
                                    regions[*prev], regions[r]
                                ),
                            })
                        }
                        Some(_) => {}
                        None => board_region.push((board, r)),
                    }
                }
            }
        }
        if !unknown_boards.is_empty() {
            return Err(TekortError::InvalidRegions {
                reason: format!(
                    "unknown school board number{} {} (DUO bevoegd-gezagnummers of po and vo schools)",
                    if unknown_boards.len() > 1 { "s" } else { "" },
                    unknown_boards.join(", ")
                ),
            });
        }
        let boards = board_parts(dataset, &board_region);
        // A municipality with a board part but no entry of its own keeps
        // the rest of its schools in the rest region.
        let rest = if assignment.iter().any(Option::is_none) {
            regions.push(REST_REGION.to_string());
            regions.len() - 1
        } else {
            usize::MAX
        };
        Ok(RegionSystem {
            name: name.to_string(),
            regions,
            assignment: assignment.into_iter().map(|a| a.unwrap_or(rest)).collect(),
            boards,
        })
    }

    /// Number of regions.
    pub fn len(&self) -> usize {
        self.regions.len()
    }

    /// Whether there are no regions (never true for a valid system).
    pub fn is_empty(&self) -> bool {
        self.regions.is_empty()
    }

    /// Index of a region by name.
    pub fn region_index(&self, name: &str) -> Option<usize> {
        self.regions.iter().position(|r| r == name)
    }
}

/// The parts of municipalities the boards of `board_region` take: per
/// municipality and sector, the board's share of the pupils in the latest
/// year of that sector.
fn board_parts(dataset: &Dataset, board_region: &[(String, usize)]) -> Vec<BoardPart> {
    if board_region.is_empty() {
        return Vec::new();
    }
    let latest = |s: Sector| {
        dataset
            .board_pupils
            .iter()
            .filter(|b| b.sector == s)
            .map(|b| b.year)
            .max()
    };
    let mut parts = Vec::new();
    for sector in [Sector::PoBo, Sector::PoSbo, Sector::PoSoVso, Sector::Vo] {
        let Some(year) = latest(sector) else {
            continue;
        };
        let rows: Vec<_> = dataset
            .board_pupils
            .iter()
            .filter(|b| b.sector == sector && b.year == year)
            .collect();
        let mut total = vec![0.0; dataset.n_municipalities()];
        for b in &rows {
            total[b.municipality] += b.pupils;
        }
        for b in &rows {
            if let Some((_, r)) = board_region.iter().find(|(name, _)| *name == b.board) {
                if total[b.municipality] > 0.0 && b.pupils > 0.0 {
                    parts.push(BoardPart {
                        municipality: b.municipality,
                        sector,
                        board: b.board.clone(),
                        region: *r,
                        share: b.pupils / total[b.municipality],
                    });
                }
            }
        }
    }
    parts
}

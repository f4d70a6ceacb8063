//! Region systems: every municipality mapped to exactly one region.

use crate::dataset::Dataset;
use crate::error::{Result, TekortError};

/// Name of the region that collects the municipalities a user's region file
/// leaves out, so national totals still add up.
pub const REST_REGION: &str = "rest van Nederland";

/// The built-in region systems.
pub const BUILTIN_REGION_SYSTEMS: [&str; 4] = ["nl", "provincie", "corop", "arbeidsmarktregio"];

/// A mapping of every municipality to one region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionSystem {
    /// Name (`arbeidsmarktregio`, or the user's file stem).
    pub name: String,
    /// Region names; their order indexes the region axis of results.
    pub regions: Vec<String>,
    /// For every municipality of the dataset, the index of its region.
    pub assignment: Vec<usize>,
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
        if pairs.is_empty() {
            return Err(TekortError::InvalidRegions {
                reason: format!("region system {name:?} lists no municipalities"),
            });
        }
        let n = dataset.n_municipalities();
        let mut regions: Vec<String> = Vec::new();
        let mut assignment: Vec<Option<usize>> = vec![None; n];
        for (line, (code, region)) in pairs.iter().enumerate() {
            let region = region.as_ref().trim();
            if region.is_empty() {
                return Err(TekortError::InvalidRegions {
                    reason: format!(
                        "empty region name for municipality {:?} (entry {})",
                        code.as_ref(),
                        line + 1
                    ),
                });
            }
            if region == REST_REGION {
                return Err(TekortError::InvalidRegions {
                    reason: format!("the region name {REST_REGION:?} is reserved"),
                });
            }
            let m = dataset
                .municipality_index(code.as_ref())
                .map_err(|e| match e {
                    TekortError::UnknownMunicipality { code, context } => {
                        TekortError::UnknownMunicipality {
                            code,
                            context: format!("{context} in region entry {}", line + 1),
                        }
                    }
                    other => other,
                })?;
            let r = match regions.iter().position(|x| x == region) {
                Some(r) => r,
                None => {
                    regions.push(region.to_string());
                    regions.len() - 1
                }
            };
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

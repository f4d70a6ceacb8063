//! Region systems: every municipality mapped to exactly one region, and
//! optionally the schools of a school board moved to another region.

use std::collections::{HashMap, HashSet};

use crate::domain::dataset::Dataset;
use crate::domain::sector::Sector;
use crate::error::edit_distance;
pub use crate::error::{closest_names, fold_municipality_name};
use crate::error::{grouped, join_capped, Result, TekortError, MAX_LISTED};

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
#[non_exhaustive]
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
    /// A built-in system: `nl`, `provincie`, `corop` or `arbeidsmarktregio`
    /// (case and surrounding blanks ignored). Regions are sorted by name.
    pub fn builtin(name: &str, dataset: &Dataset) -> Result<Self> {
        let lower = name.trim().to_ascii_lowercase();
        let canonical = lower.as_str();
        let key = |m: &crate::domain::dataset::Municipality| -> Option<String> {
            match canonical {
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
            name: canonical.to_string(),
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
    /// Errors name the offending values and their rows, numbered as a
    /// spreadsheet numbers them: the header is row 1, so `entries[0]` is
    /// row 2 (`tekort_polars::table_row`). Unknown or historical codes and unknown
    /// board numbers are reported all at once (the first
    /// [`MAX_LISTED`](crate::error::MAX_LISTED), then their count); a code or board given twice
    /// with different regions, an empty region name, are reported at the
    /// first offending row.
    pub fn from_entries(name: &str, dataset: &Dataset, entries: &[RegionEntry]) -> Result<Self> {
        if entries.is_empty() {
            return Err(TekortError::InvalidRegions {
                reason: format!("region system {name:?} lists no municipalities or boards"),
            });
        }
        let n = dataset.n_municipalities();
        let mut regions: Vec<String> = Vec::new();
        // Lookups by hash, so a table of 10^5 rows takes linear time.
        let mut region_index: HashMap<String, usize> = HashMap::new();
        let mut assignment: Vec<Option<usize>> = vec![None; n];
        let mut board_region: Vec<(String, usize)> = Vec::new();
        let mut board_index: HashMap<String, usize> = HashMap::new();
        let mut known_boards: Option<HashSet<&str>> = None;
        // Every unknown code and board, with its row, reported at once.
        let mut unknown_codes: Vec<(String, String, usize)> = Vec::new();
        let mut unknown_boards: Vec<(String, usize)> = Vec::new();
        for (i, entry) in entries.iter().enumerate() {
            let row = table_row(i);
            let (key, region) = match entry {
                RegionEntry::Municipality { code, region } => (code, region),
                RegionEntry::Board { board, region } => (board, region),
            };
            let region = region.trim();
            if region.is_empty() {
                return Err(TekortError::InvalidRegions {
                    reason: format!("empty region name for {key:?} (row {row})"),
                });
            }
            if region == REST_REGION {
                return Err(TekortError::InvalidRegions {
                    reason: format!("the region name {REST_REGION:?} is reserved (row {row})"),
                });
            }
            let r = match region_index.get(region) {
                Some(&r) => r,
                None => {
                    regions.push(region.to_string());
                    region_index.insert(region.to_string(), regions.len() - 1);
                    regions.len() - 1
                }
            };
            match entry {
                RegionEntry::Municipality { code, .. } => {
                    let m = match dataset.municipality_index(code) {
                        Ok(m) => m,
                        Err(TekortError::UnknownMunicipality { code, context }) => {
                            unknown_codes.push((code, context, row));
                            continue;
                        }
                        Err(other) => return Err(other),
                    };
                    match assignment[m] {
                        Some(prev) if prev != r => {
                            return Err(TekortError::InvalidRegions {
                                reason: format!(
                                    "municipality {} is assigned to both {:?} and {:?} (row {row})",
                                    dataset.municipalities[m].code, regions[prev], regions[r]
                                ),
                            })
                        }
                        _ => assignment[m] = Some(r),
                    }
                }
                RegionEntry::Board { board, .. } => {
                    let board = board.trim().to_string();
                    let known = known_boards.get_or_insert_with(|| {
                        dataset
                            .board_pupils
                            .iter()
                            .map(|b| b.board.as_str())
                            .collect()
                    });
                    if !known.contains(board.as_str()) {
                        unknown_boards.push((board, row));
                        continue;
                    }
                    match board_index.get(&board) {
                        Some(&k) if board_region[k].1 != r => {
                            return Err(TekortError::InvalidRegions {
                                reason: format!(
                                    "school board {board} is assigned to both {:?} and {:?} (row {row})",
                                    regions[board_region[k].1], regions[r]
                                ),
                            })
                        }
                        Some(_) => {}
                        None => {
                            board_index.insert(board.clone(), board_region.len());
                            board_region.push((board, r));
                        }
                    }
                }
            }
        }
        let boards_text = || {
            format!(
                "unknown school board number{} {} (DUO bevoegd-gezagnummers of po and vo schools)",
                if unknown_boards.len() > 1 { "s" } else { "" },
                join_capped(
                    unknown_boards
                        .iter()
                        .map(|(b, row)| format!("{b} (row {row})")),
                    ", "
                )
            )
        };
        if let Some((first, rest)) = unknown_codes.split_first() {
            // The first code is the error's code; the message lists the
            // first MAX_LISTED and counts the rest.
            // The advice for codes that are not even former codes is said
            // once, at the end.
            let advice = crate::domain::dataset::UNKNOWN_CODE_ADVICE;
            let short = |why: &str| why.strip_suffix(advice).unwrap_or(why).to_string();
            let mut context = format!("{} in row {}", short(&first.1), first.2);
            if !rest.is_empty() {
                context.push_str(&format!(
                    "; {} more unknown: {}",
                    grouped(rest.len() as u128),
                    join_capped(
                        rest.iter()
                            .map(|(code, why, row)| format!("{code:?}{} in row {row}", short(why))),
                        "; "
                    )
                ));
            }
            if unknown_codes
                .iter()
                .any(|(_, why, _)| why.ends_with(advice))
            {
                context.push_str(advice);
            }
            if !unknown_boards.is_empty() {
                context.push_str(&format!("; and {}", boards_text()));
            }
            return Err(TekortError::UnknownMunicipality {
                code: first.0.clone(),
                context,
            });
        }
        if !unknown_boards.is_empty() {
            return Err(TekortError::InvalidRegions {
                reason: boards_text(),
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

    /// Index of a region by name: the exact name, else the one region
    /// whose name differs only in case and accents (`haaglanden` finds
    /// `Haaglanden`); `None` when no region or several match.
    ///
    /// ```
    /// use tekort_core::{data::Dataset, regions::RegionSystem};
    /// let ds = Dataset::synthetic(2);
    /// let regions = RegionSystem::builtin("nl", &ds).unwrap();
    /// assert_eq!(regions.region_index("Nederland"), Some(0));
    /// assert_eq!(regions.region_index("nederland"), Some(0));
    /// assert_eq!(regions.region_index("Nederlan"), None);
    /// ```
    pub fn region_index(&self, name: &str) -> Option<usize> {
        if let Some(i) = self.regions.iter().position(|r| r == name) {
            return Some(i);
        }
        let key = fold_municipality_name(name);
        let mut found = self
            .regions
            .iter()
            .enumerate()
            .filter(|(_, r)| fold_municipality_name(r) == key)
            .map(|(i, _)| i);
        match (found.next(), found.next()) {
            (Some(i), None) => Some(i),
            _ => None,
        }
    }

    /// Up to `n` region names closest to `name` (edit distance on the
    /// names folded as [`RegionSystem::region_index`] compares them, at most
    /// a third of the name's length and at least 2), nearest first: the
    /// suggestions of a message about an unknown region.
    ///
    /// ```
    /// use tekort_core::{data::Dataset, regions::RegionSystem};
    /// let ds = Dataset::synthetic(2);
    /// let regions = RegionSystem::builtin("nl", &ds).unwrap();
    /// assert_eq!(regions.closest_regions("Nederlnd", 3), ["Nederland"]);
    /// assert!(regions.closest_regions("Rotterdam", 3).is_empty());
    /// ```
    pub fn closest_regions(&self, name: &str, n: usize) -> Vec<&str> {
        closest_names(name, self.regions.iter().map(String::as_str), n)
    }
}

/// The row number, as a spreadsheet shows it, of the `index`-th (from 0)
/// data row of a table with one header line (the header is row 1): how
/// messages about the rows of a region table count. The table readers'
/// public form is `tekort_polars::table_row`.
pub(crate) fn table_row(index: usize) -> usize {
    index + 2
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
        let region_of: HashMap<&str, usize> = board_region
            .iter()
            .map(|(name, r)| (name.as_str(), *r))
            .collect();
        for b in &rows {
            if let Some(r) = region_of.get(b.board.as_str()) {
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

/// Names people use for a municipality that are not its CBS name:
/// `(alias, CBS name)`. Names differing only in case, diacritics,
/// punctuation or a province qualifier (`Rijswijk` for `Rijswijk (ZH.)`)
/// need no entry: [`municipalities_named`] matches them anyway.
pub const MUNICIPALITY_ALIASES: [(&str, &str); 12] = [
    ("Den Haag", "'s-Gravenhage"),
    ("The Hague", "'s-Gravenhage"),
    ("Den Bosch", "'s-Hertogenbosch"),
    ("Hertogenbosch", "'s-Hertogenbosch"),
    ("Nuenen", "Nuenen, Gerwen en Nederwetten"),
    ("Dantumadeel", "Dantumadiel"),
    ("Tietjerksteradeel", "Tytsjerksteradiel"),
    ("Zuidwest-Friesland", "Súdwest-Fryslân"),
    ("Súdwest-Friesland", "Súdwest-Fryslân"),
    ("Noordoost-Friesland", "Noardeast-Fryslân"),
    ("De Friese Meren", "De Fryske Marren"),
    ("Gravenhage", "'s-Gravenhage"),
];

/// A CBS name without its province qualifier: `Bergen (NH.)` → `Bergen`.
fn base_name(name: &str) -> &str {
    match name.find(" (") {
        Some(i) if name.ends_with(')') => &name[..i],
        _ => name,
    }
}

/// The folded keys under which municipality `m` is found: its CBS name,
/// its base name plus its province, and its aliases. The base name alone
/// is matched separately (it may be ambiguous).
fn name_keys(dataset: &Dataset, m: usize) -> Vec<String> {
    let mu = &dataset.municipalities[m];
    let base = base_name(&mu.name);
    let mut keys = vec![
        fold_municipality_name(&mu.name),
        fold_municipality_name(&format!("{base} {}", mu.provincie)),
    ];
    keys.extend(
        MUNICIPALITY_ALIASES
            .iter()
            .filter(|(_, cbs)| *cbs == mu.name)
            .map(|(alias, _)| fold_municipality_name(alias)),
    );
    keys
}

/// Every municipality's folded names, built once per lookup of many names
/// so that resolving N names costs O(N + municipalities), not their
/// product.
struct NameIndex<'a> {
    dataset: &'a Dataset,
    /// Folded CBS name, name with province, alias → municipalities.
    exact: HashMap<String, Vec<usize>>,
    /// Folded base name (without qualifier) → municipalities.
    base: HashMap<String, Vec<usize>>,
}

impl<'a> NameIndex<'a> {
    fn new(dataset: &'a Dataset) -> Self {
        let mut exact: HashMap<String, Vec<usize>> = HashMap::new();
        let mut base: HashMap<String, Vec<usize>> = HashMap::new();
        for m in 0..dataset.n_municipalities() {
            for key in name_keys(dataset, m) {
                let ms = exact.entry(key).or_default();
                // In dataset order, each municipality once.
                if ms.last() != Some(&m) {
                    ms.push(m);
                }
            }
            let key = fold_municipality_name(base_name(&dataset.municipalities[m].name));
            base.entry(key).or_default().push(m);
        }
        NameIndex {
            dataset,
            exact,
            base,
        }
    }

    /// [`municipalities_named`] by the index.
    fn named(&self, name: &str) -> Vec<usize> {
        let key = fold_municipality_name(name);
        if key.is_empty() {
            return Vec::new();
        }
        if let Some(ms) = self.exact.get(&key) {
            return ms.clone();
        }
        if let Some(ms) = self.base.get(&key) {
            return ms.clone();
        }
        match self.dataset.municipality_index(name) {
            Ok(m) if name.trim().chars().any(|c| c.is_ascii_digit()) => vec![m],
            _ => Vec::new(),
        }
    }
}

/// The municipalities a name can mean, in dataset order: case,
/// diacritics and punctuation do not matter; a CBS name (`'s-Gravenhage`,
/// `Bergen (NH.)`), a name with its province (`Bergen Limburg`), a known
/// alias ([`MUNICIPALITY_ALIASES`]: `Den Haag`) or a name without its
/// qualifier (`Rijswijk` → `Rijswijk (ZH.)`) all match. A name shared by
/// several municipalities (`Bergen`) gives them all; an unknown name none.
/// A gemeentecode (`0363`, `GM0363`) matches its municipality too.
pub fn municipalities_named(dataset: &Dataset, name: &str) -> Vec<usize> {
    NameIndex::new(dataset).named(name)
}

/// Up to `n` CBS names closest to `name` (edit distance on the folded
/// names and aliases, at most a third of the name's length and at least
/// 2), nearest first; an alias that matched is shown as
/// `'s-Gravenhage (Den Haag)`.
pub fn closest_municipality_names(dataset: &Dataset, name: &str, n: usize) -> Vec<String> {
    let key = fold_municipality_name(name);
    let key_len = key.chars().count();
    let limit = (key_len / 3).max(2);
    // The distance is at least the difference in length: names that
    // differ more than `limit` in length are skipped without computing it
    // (so a name of a million characters costs no more than a short one).
    let distance = |other: &str| -> usize {
        if key_len.abs_diff(other.chars().count()) > limit {
            usize::MAX
        } else {
            edit_distance(&key, other)
        }
    };
    let mut scored: Vec<(usize, String)> = Vec::new();
    for mu in &dataset.municipalities {
        let mut best = (distance(&fold_municipality_name(&mu.name)), mu.name.clone());
        let base = distance(&fold_municipality_name(base_name(&mu.name)));
        if base < best.0 {
            best.0 = base;
        }
        for (alias, cbs) in MUNICIPALITY_ALIASES {
            if cbs == mu.name {
                let d = distance(&fold_municipality_name(alias));
                if d < best.0 {
                    best = (d, format!("{} ({alias})", mu.name));
                }
            }
        }
        if best.0 <= limit {
            scored.push(best);
        }
    }
    scored.sort();
    scored.into_iter().take(n).map(|(_, s)| s).collect()
}

/// Why a name resolves to no single municipality: the second half of a
/// [`TekortError::MunicipalityName`] message.
fn name_problem(dataset: &Dataset, name: &str, found: &[usize]) -> String {
    if found.len() > 1 {
        let listed: Vec<String> = found
            .iter()
            .map(|&m| {
                let mu = &dataset.municipalities[m];
                format!("{:?} ({}, {})", mu.name, mu.code, mu.provincie)
            })
            .collect();
        return format!(
            "is ambiguous: it may be {}; write one of these names or its gemeentecode",
            listed.join(" or ")
        );
    }
    let close = closest_municipality_names(dataset, name, 3);
    if close.is_empty() {
        "matches no municipality (2026 CBS names; tekort municipalities lists them)".to_string()
    } else {
        let quoted: Vec<String> = close.iter().map(|c| format!("{c:?}")).collect();
        format!(
            "matches no municipality; did you mean {}?",
            quoted.join(" or ")
        )
    }
}

/// The one municipality a name means ([`municipalities_named`]); an
/// unknown name is an error suggesting the closest names, an ambiguous one
/// (`Bergen`) an error listing the candidates.
pub fn resolve_municipality_name(dataset: &Dataset, name: &str) -> Result<usize> {
    resolve_municipality_names(dataset, &[name]).map(|v| v[0])
}

/// The municipalities of several names, in order; every name that
/// resolves to no single municipality is reported at once (the first
/// [`MAX_LISTED`](crate::error::MAX_LISTED), then their count), with its
/// position (`name 3`, counting from 1), in one
/// [`TekortError::MunicipalityName`] naming the first. The names are
/// looked up in an index built once, so N names take O(N) time; closest
/// names are computed only for the failing names the message lists.
pub fn resolve_municipality_names<S: AsRef<str>>(
    dataset: &Dataset,
    names: &[S],
) -> Result<Vec<usize>> {
    resolve_municipality_names_at(dataset, names, &|i| format!("name {}", i + 1))
}

/// As [`resolve_municipality_names`], each failing name shown with
/// `position(index)` (e.g. `row 3` for a table, as `tekort_polars::table_row` counts).
pub fn resolve_municipality_names_at<S: AsRef<str>>(
    dataset: &Dataset,
    names: &[S],
    position: &dyn Fn(usize) -> String,
) -> Result<Vec<usize>> {
    let index = NameIndex::new(dataset);
    let mut found = Vec::with_capacity(names.len());
    // (index of the name, the municipalities it matched)
    let mut problems: Vec<(usize, Vec<usize>)> = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let ms = index.named(name.as_ref());
        if ms.len() == 1 {
            found.push(ms[0]);
        } else {
            problems.push((i, ms));
        }
    }
    let Some(((first, first_ms), rest)) = problems.split_first() else {
        return Ok(found);
    };
    let first_name = names[*first].as_ref();
    let mut reason = name_problem(dataset, first_name, first_ms);
    if names.len() > 1 {
        reason.push_str(&format!(" ({})", position(*first)));
    }
    for (i, ms) in rest.iter().take(MAX_LISTED - 1) {
        let name = names[*i].as_ref();
        let why = name_problem(dataset, name, ms);
        reason.push_str(&format!("; name {name:?} ({}) {why}", position(*i)));
    }
    if rest.len() > MAX_LISTED - 1 {
        reason.push_str(&format!(
            "; … and {} more names that match no single municipality",
            grouped((rest.len() - (MAX_LISTED - 1)) as u128)
        ));
    }
    Err(TekortError::MunicipalityName {
        name: first_name.to_string(),
        reason,
    })
}

impl RegionSystem {
    /// A user-defined system from `(municipality name, region)` pairs, the
    /// names resolved by [`resolve_municipality_names`] (`Den Haag`,
    /// `Rijswijk`, `Bergen (NH.)`), then as [`RegionSystem::from_pairs`].
    /// Every name that matches no single municipality is reported at once.
    pub fn from_names<S: AsRef<str>, T: AsRef<str>>(
        name: &str,
        dataset: &Dataset,
        pairs: &[(S, T)],
    ) -> Result<Self> {
        let names: Vec<&str> = pairs.iter().map(|(n, _)| n.as_ref()).collect();
        let found = resolve_municipality_names(dataset, &names)?;
        let coded: Vec<(&str, &str)> = found
            .iter()
            .zip(pairs)
            .map(|(&m, (_, r))| (dataset.municipalities[m].code.as_str(), r.as_ref()))
            .collect();
        Self::from_pairs(name, dataset, &coded)
    }
}

//! The one error type of the core crate.

use thiserror::Error;

/// Everything that can go wrong in `tekort-core`.
///
/// Every variant names the offending value, so a message can be shown to a
/// user as it is.
#[derive(Debug, Error, Clone, PartialEq)]
#[non_exhaustive]
pub enum TekortError {
    /// A municipality code that is not in the dataset (2026 boundaries).
    #[error("unknown municipality code {code:?}{context}")]
    UnknownMunicipality {
        /// The code as given.
        code: String,
        /// Where it was found (e.g. " in region file line 12"), may be empty.
        context: String,
    },
    /// A municipality name that matches no municipality (the message
    /// suggests the closest names) or several (it lists them).
    #[error("municipality name {name:?} {reason}")]
    MunicipalityName {
        /// The name as given (the first, when several names fail).
        name: String,
        /// Why, with the suggestions or candidates (and the other names
        /// that failed).
        reason: String,
    },
    /// A region system name that is not built in.
    #[error("unknown region system {name:?}; built in are: nl, provincie, corop, arbeidsmarktregio (or give a CSV file gemeentecode,region)")]
    UnknownRegionSystem {
        /// The name as given.
        name: String,
    },
    /// A region definition that does not cover every municipality exactly once.
    #[error("invalid region definition: {reason}")]
    InvalidRegions {
        /// What is wrong.
        reason: String,
    },
    /// A sector name that is not known (the message suggests the closest
    /// sector or group).
    #[error("unknown sector {name:?}; {}the sectors are po_bo, po_sbo, po_so_vso, vo, mbo and the sector groups po, vo, mbo", sector_suggestion(.name))]
    UnknownSector {
        /// The name as given.
        name: String,
    },
    /// A sector group (`po`) where one sector is asked for: po has three
    /// sectors (its school types).
    #[error("{group:?} is a sector group, not one sector: its sectors are {sectors}")]
    GroupNotSector {
        /// The group as given.
        group: String,
        /// Its sectors, comma-separated.
        sectors: String,
    },
    /// An index a caller passed (scenario, region, sector, year) that is
    /// outside the result it indexes.
    #[error("{what} index {index} is out of range: the result has {len}")]
    IndexOutOfRange {
        /// Which axis (e.g. "region").
        what: String,
        /// The index given.
        index: usize,
        /// The length of that axis.
        len: usize,
    },
    /// A name a caller passed (scenario, region, sector, year) that the
    /// result does not hold.
    #[error("{what} {name:?} is not in the result; it has: {known}")]
    NotInResult {
        /// Which axis (e.g. "region").
        what: String,
        /// The name (or year) given.
        name: String,
        /// What the result has (capped, see [`join_capped`]).
        known: String,
    },
    /// A selection that names the same thing twice (a sector, a scenario),
    /// which would count it twice in every total.
    #[error("{what} {name:?} is given twice; give each {what} once")]
    Duplicate {
        /// What kind of thing (e.g. "sector").
        what: String,
        /// Its name.
        name: String,
    },
    /// Reading or writing failed (from [`std::io::Error`]; the error is
    /// kept as its kind and message, so that the type stays `Clone`).
    #[error("input/output error ({kind:?}): {message}")]
    Io {
        /// The kind of the I/O error.
        kind: std::io::ErrorKind,
        /// Its message.
        message: String,
    },
    /// A backtest component that is not known.
    #[error("unknown backtest component {name:?}; known are: pupils, births, graduates, staff, share_55plus, shortage")]
    UnknownComponent {
        /// The name as given.
        name: String,
    },
    /// A year outside what the data or the model supports.
    #[error("{what} {year} is out of range: must be between {min} and {max}")]
    YearOutOfRange {
        /// Which year (e.g. "until", "scenario 'x' from_year").
        what: String,
        /// The year given.
        year: i32,
        /// Smallest allowed.
        min: i32,
        /// Largest allowed.
        max: i32,
    },
    /// A text value that is not one of the choices (a report language).
    #[error("invalid {what} {value:?}; choose one of: {choices}")]
    InvalidChoice {
        /// What was chosen (an option, with its name).
        what: String,
        /// The value as given.
        value: String,
        /// The values there are.
        choices: String,
    },
    /// A required option that was not given (`tekort report` without
    /// `--out`).
    #[error("missing option {option}: {hint}")]
    MissingOption {
        /// The option as the user writes it (`--out`).
        option: String,
        /// What to give, with an example.
        hint: String,
    },
    /// A numeric value that is not allowed (negative count, NaN, out of range).
    #[error("invalid value for {name}: {} ({reason})", readable(*.value))]
    InvalidValue {
        /// The parameter, lever or column.
        name: String,
        /// The value as given.
        value: f64,
        /// The rule it breaks.
        reason: String,
    },
    /// A scenario file or definition that cannot be used.
    #[error("invalid scenario {scenario:?}: {reason}")]
    InvalidScenario {
        /// The scenario name or file.
        scenario: String,
        /// What is wrong, naming the key.
        reason: String,
    },
    /// A parameter file that cannot be used.
    #[error("invalid parameters: {reason}")]
    InvalidParams {
        /// What is wrong, naming the key.
        reason: String,
    },
    /// A births path or births table that cannot be used.
    #[error("invalid demography {source_name:?}: {reason}")]
    InvalidDemography {
        /// The variant name or file.
        source_name: String,
        /// What is wrong.
        reason: String,
    },
    /// A pupil forecast (`--pupils FILE`, Python `pupils=`) that cannot be
    /// used: a region or sector it names is not in the run, a year is
    /// missing or doubled, a count is not a count or jumps.
    #[error("invalid pupil forecast {source_name:?}: {reason}")]
    InvalidPupils {
        /// The file, or `pupils=` for a frame.
        source_name: String,
        /// What is wrong.
        reason: String,
    },
    /// Input data that is inconsistent or incomplete.
    #[error("data error: {reason}")]
    Data {
        /// What is wrong.
        reason: String,
    },
}

/// The error of an empty selection of sectors: which to give.
pub fn no_sectors() -> TekortError {
    TekortError::MissingOption {
        option: "sectors".into(),
        hint: "the selection is empty; select at least one of po_bo, po_sbo, po_so_vso, vo, mbo, \
               a group po, vo, mbo, or all"
            .into(),
    }
}

/// How many offending values a message lists before it gives only the
/// count of the rest ([`join_capped`]).
pub const MAX_LISTED: usize = 10;

/// The items joined with `sep`, at most [`MAX_LISTED`] of them, then
/// `… and N more`: a message about a million unknown codes stays a line.
///
/// ```
/// use tekort_core::error::join_capped;
/// assert_eq!(join_capped(["a", "b"], ", "), "a, b");
/// let many = join_capped((1..=25).map(|i| i.to_string()), ", ");
/// assert_eq!(many, "1, 2, 3, 4, 5, 6, 7, 8, 9, 10, … and 15 more");
/// let more = join_capped((0..1_000_000).map(|i| i.to_string()), ", ");
/// assert!(more.ends_with(", 9, … and 999,990 more"));
/// ```
pub fn join_capped<I, S>(items: I, sep: &str) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut out = String::new();
    let mut rest = 0usize;
    for (i, item) in items.into_iter().enumerate() {
        if i >= MAX_LISTED {
            rest += 1;
            continue;
        }
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(item.as_ref());
    }
    if rest > 0 {
        out.push_str(&format!("{sep}… and {} more", grouped(rest as u128)));
    }
    out
}

/// `did you mean "a"? ` or `did you mean "a" or "b"? ` for the names
/// closest to a name that matched none (empty when none is close): the
/// start of a message's suggestion.
///
/// ```
/// use tekort_core::error::did_you_mean;
/// assert_eq!(did_you_mean(&["Haaglanden"]), "did you mean \"Haaglanden\"? ");
/// assert_eq!(did_you_mean(&["a", "b", "c"]), "did you mean \"a\", \"b\" or \"c\"? ");
/// assert_eq!(did_you_mean(&[]), "");
/// ```
pub fn did_you_mean(close: &[&str]) -> String {
    if close.is_empty() {
        String::new()
    } else {
        format!("did you mean {}? ", quoted_or(close))
    }
}

/// Names quoted and joined for a message: `"a"`, `"a" or "b"`, `"a", "b"
/// or "c"`; empty for none.
///
/// ```
/// use tekort_core::error::quoted_or;
/// assert_eq!(quoted_or(&["a", "b", "c"]), "\"a\", \"b\" or \"c\"");
/// assert_eq!(quoted_or(&["a"]), "\"a\"");
/// ```
pub fn quoted_or(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("{n:?}")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

/// The sector and sector group codes, as [`TekortError::UnknownSector`]
/// lists them.
const SECTOR_CODES: [&str; 6] = ["po_bo", "po_sbo", "po_so_vso", "vo", "mbo", "po"];

/// The suggestion of [`TekortError::UnknownSector`]: the closest sector
/// codes and group codes to `name`.
fn sector_suggestion(name: &str) -> String {
    did_you_mean(&closest_names(name, SECTOR_CODES, 2))
}

/// A municipality name folded for matching: lower case, without
/// diacritics, every character that is not a letter or digit dropped
/// (spaces, hyphens, apostrophes, dots, brackets), so `'s-Gravenhage`,
/// `s Gravenhage` and `S-GRAVENHAGE` fold alike.
///
/// ```
/// use tekort_core::regions::fold_municipality_name;
/// assert_eq!(fold_municipality_name("Súdwest-Fryslân"), "sudwestfryslan");
/// assert_eq!(fold_municipality_name("Bergen (NH.)"), fold_municipality_name("bergen nh"));
/// ```
pub fn fold_municipality_name(name: &str) -> String {
    name.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            'ý' | 'ÿ' => 'y',
            'ç' => 'c',
            'ñ' => 'n',
            other => other,
        })
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// Up to `n` of `candidates` closest to `name` (edit distance on the
/// names folded as [`fold_municipality_name`] folds them, at most a third
/// of the name's length and at least 2), nearest first, only the equal
/// ones when some are equal but for case, accents and punctuation: the
/// suggestions of a message about an unknown region or sector.
///
/// ```
/// use tekort_core::regions::closest_names;
/// assert_eq!(closest_names("Haaglanen", ["Haaglanden", "Almere"], 3), ["Haaglanden"]);
/// assert_eq!(closest_names("pobo", ["po_bo", "po_sbo", "vo"], 3), ["po_bo"]);
/// assert_eq!(closest_names("posb", ["po_bo", "po_sbo", "vo"], 3), ["po_sbo", "po_bo"]);
/// assert!(closest_names("Rotterdam", ["Haaglanden"], 3).is_empty());
/// ```
pub fn closest_names<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    n: usize,
) -> Vec<&'a str> {
    let key = fold_municipality_name(name);
    let key_len = key.chars().count();
    let limit = (key_len / 3).max(2);
    let mut scored: Vec<(usize, &str)> = candidates
        .into_iter()
        .filter_map(|r| {
            let other = fold_municipality_name(r);
            if key_len.abs_diff(other.chars().count()) > limit {
                return None;
            }
            let d = edit_distance(&key, &other);
            (d <= limit).then_some((d, r))
        })
        .collect();
    scored.sort();
    scored.dedup();
    // A name equal but for case, accents and punctuation is the one meant.
    if scored.first().is_some_and(|(d, _)| *d == 0) {
        scored.retain(|(d, _)| *d == 0);
    }
    scored.into_iter().take(n).map(|(_, r)| r).collect()
}

/// Levenshtein distance between two strings, by characters.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

impl From<std::io::Error> for TekortError {
    fn from(e: std::io::Error) -> Self {
        TekortError::Io {
            kind: e.kind(),
            message: e.to_string(),
        }
    }
}

/// Result with [`TekortError`].
pub type Result<T, E = TekortError> = std::result::Result<T, E>;

impl TekortError {
    pub(crate) fn data(reason: impl Into<String>) -> Self {
        TekortError::Data {
            reason: reason.into(),
        }
    }
    pub(crate) fn value(name: impl Into<String>, value: f64, reason: impl Into<String>) -> Self {
        TekortError::InvalidValue {
            name: name.into(),
            value,
            reason: reason.into(),
        }
    }
}

/// Checks that `value` is finite and within `[min, max]`.
pub(crate) fn check_range(name: &str, value: f64, min: f64, max: f64) -> Result<()> {
    if !value.is_finite() {
        return Err(TekortError::value(name, value, "must be a finite number"));
    }
    if value < min || value > max {
        return Err(TekortError::value(
            name,
            value,
            format!("must be between {min} and {max}"),
        ));
    }
    Ok(())
}

/// A number as a message shows it: as written for ordinary magnitudes, in
/// exponent form when very large or very small (`1e308`, not 309 digits).
pub(crate) fn readable(v: f64) -> String {
    let a = v.abs();
    if v.is_finite() && a != 0.0 && !(1e-4..1e9).contains(&a) {
        format!("{v:e}")
    } else {
        format!("{v}")
    }
}

/// A count with its thousands grouped by commas, as the documentation
/// writes them (`1,000,000`), so a message's counts read at a glance.
///
/// ```
/// use tekort_core::error::grouped;
/// assert_eq!(grouped(0), "0");
/// assert_eq!(grouped(999), "999");
/// assert_eq!(grouped(10_000_000), "10,000,000");
/// assert_eq!(grouped(u64::MAX as u128), "18,446,744,073,709,551,615");
/// ```
pub fn grouped(n: u128) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// A duration in seconds as a message gives an estimate: whole minutes up
/// to two hours, then hours up to two days, then days up to two years,
/// then years (`about 9,722 hours`, not `583333 minutes`).
pub(crate) fn readable_duration(seconds: f64) -> String {
    let whole = |v: f64, unit: &str| {
        let v = v.round();
        if v < 1e15 {
            format!("{} {unit}", grouped(v as u128))
        } else {
            format!("{v:.1e} {unit}")
        }
    };
    let minutes = seconds / 60.0;
    let hours = minutes / 60.0;
    let days = hours / 24.0;
    if minutes < 120.0 {
        whole(minutes, "minutes")
    } else if hours < 48.0 {
        whole(hours, "hours")
    } else if days < 730.0 {
        whole(days, "days")
    } else {
        whole(days / 365.25, "years")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_and_small_numbers_read_in_exponent_form() {
        assert_eq!(readable(1e308), "1e308");
        assert_eq!(readable(-2.5e12), "-2.5e12");
        assert_eq!(readable(1.5e-7), "1.5e-7");
        assert_eq!(readable(20.0), "20");
        assert_eq!(readable(123456.5), "123456.5");
        assert_eq!(readable(0.0), "0");
        assert_eq!(readable(f64::NAN), "NaN");
        assert_eq!(readable_duration(90.0 * 60.0), "90 minutes");
        assert_eq!(readable_duration(583_333.0 * 60.0), "405 days");
        assert_eq!(readable_duration(3.0 * 3600.0), "3 hours");
        assert_eq!(readable_duration(1e12), "31,688 years");
        assert_eq!(readable_duration(1e30), "3.2e22 years");
        let e = TekortError::value("scenario.returners", 1e308, "must be between 0 and 20");
        assert_eq!(
            e.to_string(),
            "invalid value for scenario.returners: 1e308 (must be between 0 and 20)"
        );
    }
}

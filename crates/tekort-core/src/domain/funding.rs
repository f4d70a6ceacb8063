//! The funding path: policy funds and their effect on staff (demand) per
//! pupil, year by year (`data/funding_path.csv`, `--funding FILE`).
//!
//! Demand per pupil is anchored to every shortage measurement; after the
//! latest one it is held, times the change of the funding index
//! ([`funding_index`]) since that measurement: money that is known to come
//! (or to end) after the last measurement moves demand per pupil.

use std::collections::BTreeMap;

use crate::domain::sector::SectorGroup;
use crate::error::{Result, TekortError};

/// Whether a fund's money stays or ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FundKind {
    /// Money that stays: the effect of the fund's last row holds in every
    /// later year.
    Structural,
    /// Money that ends: no effect after the fund's last row.
    Temporary,
}

impl FundKind {
    /// `structural` or `temporary`, as the table writes it.
    pub fn code(self) -> &'static str {
        match self {
            FundKind::Structural => "structural",
            FundKind::Temporary => "temporary",
        }
    }
}

impl std::str::FromStr for FundKind {
    type Err = TekortError;
    /// `structural` or `temporary` (case and blanks ignored).
    ///
    /// ```
    /// use tekort_core::data::FundKind;
    /// assert_eq!("Structural ".parse::<FundKind>().unwrap(), FundKind::Structural);
    /// assert!("yearly".parse::<FundKind>().unwrap_err().to_string().contains("\"yearly\""));
    /// ```
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "structural" => Ok(FundKind::Structural),
            "temporary" => Ok(FundKind::Temporary),
            _ => Err(TekortError::data(format!(
                "kind {s:?} is not structural or temporary"
            ))),
        }
    }
}

/// The effect of one fund on one sector group's staff (demand) per pupil
/// in one year: a row of `funding_path.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct FundingEffect {
    /// The fund's name (`werkdrukmiddelen`, `npo`).
    pub fund: String,
    /// The sector group whose demand per pupil it moves.
    pub group: SectorGroup,
    /// The year the fund became known: a backtest or a cutoff at an
    /// earlier year does not see it.
    pub announced: i32,
    /// The calendar year (October count) of the effect.
    pub year: i32,
    /// Staff per pupil in that year, in % relative to no fund.
    pub staff_per_pupil_pct: f64,
    /// Structural (the last row holds after it) or temporary (0 after it).
    pub kind: FundKind,
}

impl FundingEffect {
    /// Whether the fund was known at `cutoff` (announced in or before it):
    /// what a cutoff ([`crate::data::as_of`]) and the staff backtest keep.
    pub fn known_at(&self, cutoff: i32) -> bool {
        self.announced <= cutoff
    }

    /// The rows of each fund of `group` in `path`, by fund name, each in
    /// year order.
    pub fn by_fund(
        path: &[FundingEffect],
        group: SectorGroup,
    ) -> BTreeMap<&str, Vec<&FundingEffect>> {
        let mut funds: BTreeMap<&str, Vec<&FundingEffect>> = BTreeMap::new();
        for r in path.iter().filter(|r| r.group == group) {
            funds.entry(r.fund.as_str()).or_default().push(r);
        }
        for rows in funds.values_mut() {
            rows.sort_by_key(|r| r.year);
        }
        funds
    }
}

/// The lowest and highest effect a row may give (% of staff per pupil).
pub const FUND_PCT_RANGE: (f64, f64) = (-50.0, 100.0);

/// The effect of the fund whose rows (one group, consecutive years, in
/// order) are `rows` in `year`: 0 before the first row, the row of the
/// year, and after the last row that row's effect for a structural fund
/// and 0 for a temporary one.
fn effect_in(rows: &[&FundingEffect], year: i32) -> f64 {
    let (Some(first), Some(last)) = (rows.first(), rows.last()) else {
        return 0.0;
    };
    if year < first.year {
        0.0
    } else if year > last.year {
        match last.kind {
            FundKind::Structural => last.staff_per_pupil_pct,
            FundKind::Temporary => 0.0,
        }
    } else {
        rows.iter()
            .find(|r| r.year == year)
            .map_or(0.0, |r| r.staff_per_pupil_pct)
    }
}

/// The funding index of `group` in `year`: the product over the group's
/// funds of (1 + effect / 100), 1 without funds. Demand per pupil after
/// the latest shortage measurement `Y` is that of `Y` times
/// `funding_index(year) / funding_index(Y)`.
///
/// ```
/// use tekort_core::data::{funding_index, FundKind, FundingEffect};
/// use tekort_core::sector::SectorGroup;
/// let row = |year, pct| FundingEffect {
///     fund: "werkdruk".into(), group: SectorGroup::Po, announced: 2017,
///     year, staff_per_pupil_pct: pct, kind: FundKind::Structural,
/// };
/// let path = [row(2018, 2.0), row(2019, 4.0)];
/// assert_eq!(funding_index(&path, SectorGroup::Po, 2017), 1.0);
/// assert_eq!(funding_index(&path, SectorGroup::Po, 2018), 1.02);
/// assert_eq!(funding_index(&path, SectorGroup::Po, 2030), 1.04); // structural: held
/// assert_eq!(funding_index(&path, SectorGroup::Vo, 2030), 1.0);
/// ```
pub fn funding_index(path: &[FundingEffect], group: SectorGroup, year: i32) -> f64 {
    FundingEffect::by_fund(path, group)
        .values()
        .map(|rows| 1.0 + effect_in(rows, year) / 100.0)
        .product()
}

/// Checks a funding path: a fund name, years in 1900..2100 (the year of
/// the effect and of the announcement), an effect within
/// [`FUND_PCT_RANGE`], each (fund, group, year) once, one kind and one
/// announcement year per fund and group, and consecutive years per fund
/// and group.
pub fn check_funding_path(path: &[FundingEffect]) -> Result<()> {
    for r in path {
        let at = |column: &str| {
            format!(
                "funding_path.{column} of {:?} ({}) in {}",
                r.fund, r.group, r.year
            )
        };
        if r.fund.trim().is_empty() {
            return Err(TekortError::data(format!(
                "funding_path: a row of {} in {} has no fund name",
                r.group, r.year
            )));
        }
        for (column, y) in [("year", r.year), ("announced", r.announced)] {
            if !(1900..=2100).contains(&y) {
                return Err(TekortError::value(
                    at(column),
                    y as f64,
                    "must be a year between 1900 and 2100",
                ));
            }
        }
        let (lo, hi) = FUND_PCT_RANGE;
        let pct = r.staff_per_pupil_pct;
        if !pct.is_finite() || !(lo..=hi).contains(&pct) {
            return Err(TekortError::value(
                at("staff_per_pupil_pct"),
                pct,
                format!("must be a percentage between {lo} and {hi}"),
            ));
        }
    }
    for g in SectorGroup::ALL {
        for (fund, rows) in FundingEffect::by_fund(path, g) {
            let first = rows[0];
            for w in rows.windows(2) {
                let (a, b) = (w[0], w[1]);
                if a.year == b.year {
                    return Err(TekortError::data(format!(
                        "funding_path: fund {fund:?} ({g}) has two rows for {}; give each year once",
                        a.year
                    )));
                }
                if b.year != a.year + 1 {
                    return Err(TekortError::data(format!(
                        "funding_path: fund {fund:?} ({g}) jumps from {} to {}: give every year in between",
                        a.year, b.year
                    )));
                }
            }
            if let Some(r) = rows.iter().find(|r| r.kind != first.kind) {
                return Err(TekortError::data(format!(
                    "funding_path: fund {fund:?} ({g}) is {} in {} but {} in {}; one kind per fund",
                    first.kind.code(),
                    first.year,
                    r.kind.code(),
                    r.year
                )));
            }
            if let Some(r) = rows.iter().find(|r| r.announced != first.announced) {
                return Err(TekortError::data(format!(
                    "funding_path: fund {fund:?} ({g}) is announced in {} on its row of {} but in {} on its row of {}; one announcement year per fund",
                    first.announced, first.year, r.announced, r.year
                )));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(fund: &str, year: i32, pct: f64, kind: FundKind) -> FundingEffect {
        FundingEffect {
            fund: fund.into(),
            group: SectorGroup::Po,
            announced: 2017,
            year,
            staff_per_pupil_pct: pct,
            kind,
        }
    }

    #[test]
    fn index_multiplies_funds_and_ends_temporary_ones() {
        let path = vec![
            row("a", 2020, 10.0, FundKind::Structural),
            row("b", 2021, 5.0, FundKind::Temporary),
            row("b", 2022, 5.0, FundKind::Temporary),
        ];
        assert_eq!(funding_index(&path, SectorGroup::Po, 2019), 1.0);
        assert_eq!(funding_index(&path, SectorGroup::Po, 2020), 1.1);
        assert!((funding_index(&path, SectorGroup::Po, 2022) - 1.1 * 1.05).abs() < 1e-15);
        assert_eq!(funding_index(&path, SectorGroup::Po, 2023), 1.1);
        assert_eq!(funding_index(&[], SectorGroup::Po, 2023), 1.0);
    }

    #[test]
    fn bad_paths_are_errors_naming_the_value() {
        let bad = |path: Vec<FundingEffect>| check_funding_path(&path).unwrap_err().to_string();
        let e = bad(vec![row("a", 2020, 150.0, FundKind::Structural)]);
        assert!(e.contains("150") && e.contains("\"a\""), "{e}");
        let e = bad(vec![
            row("a", 2020, 1.0, FundKind::Structural),
            row("a", 2020, 2.0, FundKind::Structural),
        ]);
        assert!(e.contains("two rows for 2020"), "{e}");
        let e = bad(vec![
            row("a", 2020, 1.0, FundKind::Structural),
            row("a", 2022, 2.0, FundKind::Structural),
        ]);
        assert!(e.contains("jumps from 2020 to 2022"), "{e}");
        let e = bad(vec![
            row("a", 2020, 1.0, FundKind::Structural),
            row("a", 2021, 2.0, FundKind::Temporary),
        ]);
        assert!(e.contains("one kind per fund"), "{e}");
        let e = bad(vec![row("a", 2200, 1.0, FundKind::Structural)]);
        assert!(e.contains("2200"), "{e}");
        assert!(check_funding_path(&[row("a", 2020, -50.0, FundKind::Temporary)]).is_ok());
    }
}

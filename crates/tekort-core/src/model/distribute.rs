//! From the market regions down to municipalities and up to any region
//! system.
//!
//! The engine runs on the 35 arbeidsmarktregio's. Each municipality keeps
//! its own pupils and demand, and its position within its market region:
//! its share of the market's employment is its measured employment moved
//! with its own pupils ([`Prepared::muni_share`]), so its fill rate
//! (employment / demand) is its measured one times a factor common to its
//! market region, never above its demand while the market has a shortage
//! (`municipal_shares`), and in the history years it follows the observed
//! path. Employment, teachers, the reserve and the other stocks are
//! shared like employment in their own year; the outflow and the hours
//! change of a year leave the stock of the year before and are shared like
//! its employment; the inflow is what makes each municipality's books
//! close (`employment(t) − employment(t−1) = inflow − outflow +
//! hours_change`, and likewise for teachers in persons), split over the
//! channels as the market's. Pupils, demand, shortage, vacancies and
//! hidden shortage are each municipality's own. Any region system is a sum
//! of municipalities, so the nation is the same under every region system.

use ndarray::{Array3, ArrayView4, ArrayViewMut4};

use crate::domain::params::Params;
use crate::domain::projection::Variable as V;
use crate::domain::projection::{fill_ratios, N_VARIABLES};
use crate::domain::regions::RegionSystem;
use crate::inputs::prepare::Prepared;

/// Each municipality's demand `[municipality, sector, year]` with the
/// scenario's demand levers (the ratio of the market's demand to its demand
/// before levers).
fn municipal_demand(prep: &Prepared, market: &ArrayView4<f64>) -> Array3<f64> {
    let (_, ns, ny, _) = market.dim();
    let mut demand = Array3::zeros((prep.market_of.len(), ns, ny));
    for (m, &r) in prep.market_of.iter().enumerate() {
        for si in 0..ns {
            for yi in 0..ny {
                let d_prep = prep.demand[[r, si, yi]];
                let lever = if d_prep > 0.0 {
                    market[[r, si, yi, V::DemandFte.index()]] / d_prep
                } else {
                    1.0
                };
                demand[[m, si, yi]] = prep.muni_demand[[m, si, yi]] * lever;
            }
        }
    }
    demand
}

/// Each municipality's share of its market region's employment
/// `[municipality, sector, year]`: in proportion to its position
/// ([`Prepared::muni_share`], its measured employment moved with its own
/// pupils), except that while the market has a shortage no municipality
/// is filled beyond its own demand: what would exceed it goes to the
/// others, in proportion to their positions (water-filling). So a
/// municipality keeps its measured fill rate relative to its market, and
/// never has a surplus while its market has a shortage.
fn municipal_shares(
    prep: &Prepared,
    market: &ArrayView4<f64>,
    demand: &Array3<f64>,
) -> Array3<f64> {
    let (_, ns, ny, _) = market.dim();
    let mut share = prep.muni_share.clone();
    let mut capped: Vec<bool> = Vec::new();
    for (r, ms) in prep.market_members.iter().enumerate() {
        for si in 0..ns {
            for yi in 0..ny {
                let e = market[[r, si, yi, V::EmploymentFte.index()]];
                let d: f64 = ms.iter().map(|&m| demand[[m, si, yi]]).sum();
                if e <= 0.0 || e > d {
                    continue;
                }
                // Most cells need no cap: the shares by position leave
                // every municipality at or below its demand.
                if ms
                    .iter()
                    .all(|&m| e * prep.muni_share[[m, si, yi]] <= demand[[m, si, yi]])
                {
                    continue;
                }
                // Water-filling: cap at demand, share the rest by position
                // (by demand where none of the rest has a position: the
                // rest's demand holds what is left, since e ≤ d).
                capped.clear();
                capped.resize(ms.len(), false);
                loop {
                    let (mut left, mut weight, mut room) = (e, 0.0, 0.0);
                    for (k, &m) in ms.iter().enumerate() {
                        if capped[k] {
                            left -= demand[[m, si, yi]];
                        } else {
                            weight += prep.muni_share[[m, si, yi]];
                            room += demand[[m, si, yi]];
                        }
                    }
                    let part = |m: usize| {
                        if weight > 0.0 {
                            left * prep.muni_share[[m, si, yi]] / weight
                        } else if room > 0.0 {
                            left * demand[[m, si, yi]] / room
                        } else {
                            0.0
                        }
                    };
                    let mut more = false;
                    for (k, &m) in ms.iter().enumerate() {
                        if !capped[k] && part(m) > demand[[m, si, yi]] {
                            capped[k] = true;
                            more = true;
                        }
                    }
                    if !more {
                        for (k, &m) in ms.iter().enumerate() {
                            let x = if capped[k] {
                                demand[[m, si, yi]]
                            } else {
                                part(m)
                            };
                            share[[m, si, yi]] = x / e;
                        }
                        break;
                    }
                }
            }
        }
    }
    share
}

/// The finest pieces the output regions are summed from: a municipality
/// (or the part of it left after its school boards drawn elsewhere) and
/// the parts its boards take, each with its fraction of the municipality
/// per sector. Per municipality and sector the fractions add up to 1, so
/// every total is kept.
struct Atoms {
    municipality: Vec<usize>,
    region: Vec<usize>,
    /// `[atom × sector]` of the prepared sectors.
    fraction: Vec<f64>,
}

impl Atoms {
    /// One atom per municipality, plus one per board part whose sector is
    /// projected.
    fn of(prep: &Prepared, regions: &RegionSystem) -> Self {
        let ns = prep.sectors.len();
        let n = regions.assignment.len();
        let mut atoms = Atoms {
            municipality: (0..n).collect(),
            region: regions.assignment.clone(),
            fraction: vec![1.0; n * ns],
        };
        for part in &regions.boards {
            let Some(si) = prep.sectors.iter().position(|s| *s == part.sector) else {
                continue;
            };
            atoms.fraction[part.municipality * ns + si] -= part.share;
            atoms.municipality.push(part.municipality);
            atoms.region.push(part.region);
            atoms
                .fraction
                .extend((0..ns).map(|k| if k == si { part.share } else { 0.0 }));
        }
        atoms
    }

    fn len(&self) -> usize {
        self.municipality.len()
    }
}

/// One scenario's values `[region, sector, year, variable]` and its
/// workforce by age (persons, fte) `[region, sector, year, age]`.
pub(crate) struct Run<V> {
    pub(crate) values: V,
    pub(crate) heads: V,
    pub(crate) fte: V,
}

/// Carries one scenario's market results to the regions of `regions`
/// through the municipalities into `to` (its old contents are
/// overwritten). With `only`, the shared counts and flows other than those
/// are left at 0 (a municipality's own pupils, demand and shortage are
/// always filled); with `only` on the market regions themselves (a Monte
/// Carlo draw), only the variables `only` are written.
pub(crate) fn to_regions(
    prep: &Prepared,
    params: &Params,
    regions: &RegionSystem,
    from: Run<ArrayView4<f64>>,
    to: Run<ArrayViewMut4<f64>>,
    only: Option<&[V]>,
) {
    let mut to = to;
    if let (Some(only), Some(order)) = (only, market_order(prep, regions)) {
        copy_markets(&from.values, &mut to.values, &order, only);
        return;
    }
    // The municipalities add into the output regions.
    to.values.fill(0.0);
    to.heads.fill(0.0);
    to.fte.fill(0.0);
    let demand = municipal_demand(prep, &from.values);
    let share = &municipal_shares(prep, &from.values, &demand);
    let atoms = Atoms::of(prep, regions);
    let pairs = Pairs::of(prep, &atoms, share, to.values.dim().0);
    add_shared(&from, &mut to, &pairs, &shared_variables(only));
    add_own(
        prep,
        params,
        &atoms,
        (&demand, share),
        &from.values,
        &mut to.values,
    );
    let out = to
        .values
        .as_slice_mut()
        .expect("output values are contiguous");
    for o in out.chunks_exact_mut(N_VARIABLES) {
        fill_ratios(o);
    }
}

/// The output region of each market region when the output regions are
/// the market regions themselves (in any order, no school boards drawn
/// apart): every municipality's region is its market's, one region per
/// market. `None` otherwise.
fn market_order(prep: &Prepared, regions: &RegionSystem) -> Option<Vec<usize>> {
    let nm = prep.n_markets();
    if !regions.boards.is_empty() || regions.len() != nm {
        return None;
    }
    let mut order = vec![usize::MAX; nm];
    for (&r, &t) in prep.market_of.iter().zip(&regions.assignment) {
        if order[r] == usize::MAX {
            order[r] = t;
        } else if order[r] != t {
            return None;
        }
    }
    let mut seen = vec![false; nm];
    for &t in &order {
        if t >= nm || std::mem::replace(&mut seen[t], true) {
            return None;
        }
    }
    Some(order)
}

/// The variables `only` of the market regions as the output regions'
/// (`order[market]` is the output region); the other variables are left
/// as they were. On the market regions the sum
/// over a market's municipalities is the market: their employment shares
/// add up to 1, their demand and pupils to the market's, so their
/// shortage to its shortage. A Monte Carlo draw on the market regions
/// takes this path and skips the municipalities (the deterministic run
/// keeps the full path; the two agree to rounding).
fn copy_markets(from: &ArrayView4<f64>, to: &mut ArrayViewMut4<f64>, order: &[usize], only: &[V]) {
    let (_, ns, ny, nv) = from.dim();
    let src = from.as_slice().expect("market values are contiguous");
    let dst = to.as_slice_mut().expect("output values are contiguous");
    let rows = ns * ny;
    for (r, &t) in order.iter().enumerate() {
        for k in 0..rows {
            let (a, b) = ((r * rows + k) * nv, (t * rows + k) * nv);
            for v in only {
                dst[b + v.index()] = src[a + v.index()];
            }
        }
    }
}

/// The (market region, output region) pairs of the atoms, and the summed
/// shares of each pair's municipalities `[pair, sector, year]`: every
/// count and flow is shared like employment, so the work scales with the
/// pairs, not the municipalities.
struct Pairs {
    pairs: Vec<(usize, usize)>,
    share: Array3<f64>,
}

impl Pairs {
    fn of(prep: &Prepared, atoms: &Atoms, share: &Array3<f64>, nt: usize) -> Self {
        let (_, ns, ny) = share.dim();
        let nm = prep.n_markets();
        let mut pair_index = vec![usize::MAX; nm * nt];
        let mut pairs: Vec<(usize, usize)> = Vec::new();
        let mut atom_pair = vec![0; atoms.len()];
        for (a, slot) in atom_pair.iter_mut().enumerate() {
            let r = prep.market_of[atoms.municipality[a]];
            let key = r * nt + atoms.region[a];
            if pair_index[key] == usize::MAX {
                pair_index[key] = pairs.len();
                pairs.push((r, atoms.region[a]));
            }
            *slot = pair_index[key];
        }
        let mut pair_share = Array3::<f64>::zeros((pairs.len(), ns, ny));
        for (a, &pi) in atom_pair.iter().enumerate() {
            let m = atoms.municipality[a];
            for si in 0..ns {
                let f = atoms.fraction[a * ns + si];
                if f == 0.0 {
                    continue;
                }
                for yi in 0..ny {
                    pair_share[[pi, si, yi]] += share[[m, si, yi]] * f;
                }
            }
        }
        Pairs {
            pairs,
            share: pair_share,
        }
    }
}

/// The indices of the shared counts and flows: every additive variable but
/// a municipality's own quantities (set by [`add_own`]), all of them or
/// those asked for (a Monte Carlo draw keeps only a few).
fn shared_variables(only: Option<&[V]>) -> Vec<usize> {
    let own = [
        V::Pupils,
        V::DemandFte,
        V::ShortageFte,
        V::ShortageIncrementFte,
        V::VacanciesFte,
        V::HiddenShortageFte,
    ];
    V::ALL
        .iter()
        .filter(|v| v.is_additive() && !own.contains(v))
        .filter(|v| only.is_none_or(|o| o.contains(v)))
        .map(|v| v.index())
        .collect()
}

/// Adds each pair's share of the market's shared variables `additive` and
/// of its workforce by age into the output region. Flat, contiguous
/// slices: `[region, sector, year, lane]` in standard order, indexed
/// directly (no slicing per row).
fn add_shared(
    from: &Run<ArrayView4<f64>>,
    to: &mut Run<ArrayViewMut4<f64>>,
    pairs: &Pairs,
    additive: &[usize],
) {
    let (_, ns, ny, _) = from.values.dim();
    let nv = N_VARIABLES;
    let na = from.heads.dim().3;
    // Without ages the output's age axis is empty.
    let with_ages = to.heads.dim().3 == na;
    let market = from
        .values
        .as_slice()
        .expect("market values are contiguous");
    let market_heads = from.heads.as_slice().expect("contiguous");
    let market_fte = from.fte.as_slice().expect("contiguous");
    let out = to
        .values
        .as_slice_mut()
        .expect("output values are contiguous");
    let heads = to.heads.as_slice_mut().expect("contiguous");
    let fte = to.fte.as_slice_mut().expect("contiguous");
    let row_of = |r: usize, si: usize, yi: usize| (r * ns + si) * ny + yi;
    let kinds: Vec<(usize, Sharing)> = additive.iter().map(|&v| (v, sharing(v))).collect();
    for (pi, &(r, dst)) in pairs.pairs.iter().enumerate() {
        for si in 0..ns {
            for yi in 0..ny {
                let w = pairs.share[[pi, si, yi]];
                let (src, dst_row) = (row_of(r, si, yi), row_of(dst, si, yi));
                let src_v = &market[src * nv..(src + 1) * nv];
                let o = &mut out[dst_row * nv..(dst_row + 1) * nv];
                // The share of the year before (the first year has none:
                // its flows are shared like its stock).
                let (w0, inflow) = if yi > 0 {
                    let w0 = pairs.share[[pi, si, yi - 1]];
                    let prev = row_of(r, si, yi - 1);
                    let prev = &market[prev * nv..(prev + 1) * nv];
                    (w0, Inflow::of(src_v, prev, w, w0))
                } else {
                    (w, Inflow::shared(w))
                };
                for &(v, kind) in &kinds {
                    o[v] += match kind {
                        Sharing::Stock => w * src_v[v],
                        Sharing::Leaving => w0 * src_v[v],
                        Sharing::InflowFte => inflow.fte.part(v, src_v[v]),
                        Sharing::InflowPersons => inflow.persons.part(v, src_v[v]),
                    };
                }
                if with_ages {
                    let lanes = [(&mut *heads, market_heads), (&mut *fte, market_fte)];
                    for (to, from) in lanes {
                        let to = &mut to[dst_row * na..(dst_row + 1) * na];
                        for (t, f) in to.iter_mut().zip(&from[src * na..(src + 1) * na]) {
                            *t += w * f;
                        }
                    }
                }
            }
        }
    }
}

/// How a shared variable of year t is shared out of its market region.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Sharing {
    /// A stock of year t (or what is measured on it): like employment in t.
    Stock,
    /// What leaves the stock of t − 1 (outflow, the hours change of those
    /// who stay): like employment in t − 1.
    Leaving,
    /// An inflow in fte: what closes the books of the pair, split over the
    /// channels as the market's inflow is.
    InflowFte,
    /// An inflow in persons, likewise for teachers.
    InflowPersons,
}

fn sharing(v: usize) -> Sharing {
    const LEAVING: [V; 7] = [
        V::OutflowFte,
        V::OutflowRetirementFte,
        V::OutflowAttritionFte,
        V::OutflowDeathDisabilityFte,
        V::OutflowMoversFte,
        V::OutflowPersons,
        V::HoursChangeFte,
    ];
    const INFLOW_FTE: [V; 6] = [
        V::InflowFte,
        V::InflowGraduatesFte,
        V::InflowZijInstroomFte,
        V::InflowReturnersFte,
        V::InflowMoversFte,
        V::InflowResidualFte,
    ];
    if LEAVING.iter().any(|x| x.index() == v) {
        Sharing::Leaving
    } else if INFLOW_FTE.iter().any(|x| x.index() == v) {
        Sharing::InflowFte
    } else if v == V::InflowPersons.index() {
        Sharing::InflowPersons
    } else {
        Sharing::Stock
    }
}

/// A pair's part of its market's inflow in one unit (fte or persons).
#[derive(Debug, Clone, Copy)]
enum InflowPart {
    /// A factor on every channel of the market.
    Factor(f64),
    /// The market has no inflow: the pair's own (its net moves inside the
    /// market region) is all movers.
    Own(f64),
}

impl InflowPart {
    /// The pair's part of the market's `value` of variable `v`.
    fn part(self, v: usize, value: f64) -> f64 {
        match self {
            InflowPart::Factor(f) => f * value,
            InflowPart::Own(x) => {
                let movers = [V::InflowFte, V::InflowMoversFte, V::InflowPersons];
                if movers.iter().any(|m| m.index() == v) {
                    x
                } else {
                    0.0
                }
            }
        }
    }
}

/// A pair's inflow in fte and in persons.
#[derive(Debug, Clone, Copy)]
struct Inflow {
    fte: InflowPart,
    persons: InflowPart,
}

impl Inflow {
    /// Shared like the stock (the first year, which has no year before).
    fn shared(w: f64) -> Self {
        Inflow {
            fte: InflowPart::Factor(w),
            persons: InflowPart::Factor(w),
        }
    }

    /// The inflow of a pair whose share of the market is `w` in year t and
    /// `w0` in t − 1 (`row`, `prev` the market's rows of t and t − 1): what
    /// closes its books, `w × employment(t) − w0 × (employment(t − 1) −
    /// outflow + hours change)` (persons: teachers and outflow persons),
    /// split over the channels as the market's inflow is.
    fn of(row: &[f64], prev: &[f64], w: f64, w0: f64) -> Self {
        let x = |v: V| row[v.index()];
        let fte = w * x(V::EmploymentFte)
            - w0 * (prev[V::EmploymentFte.index()] - x(V::OutflowFte) + x(V::HoursChangeFte));
        let persons = w * x(V::Teachers) - w0 * (prev[V::Teachers.index()] - x(V::OutflowPersons));
        let part = |own: f64, total: f64| {
            if total != 0.0 {
                InflowPart::Factor(own / total)
            } else {
                InflowPart::Own(own)
            }
        };
        Inflow {
            fte: part(fte, x(V::InflowFte)),
            persons: part(persons, x(V::InflowPersons)),
        }
    }
}

/// A municipality's own pupils, demand and shortage replace their shared
/// values; vacancies and hidden shortage follow from its own shortage.
fn add_own(
    prep: &Prepared,
    params: &Params,
    atoms: &Atoms,
    (demand, share): (&Array3<f64>, &Array3<f64>),
    market: &ArrayView4<f64>,
    out: &mut ArrayViewMut4<f64>,
) {
    let (_, ns, ny, _) = market.dim();
    let nv = N_VARIABLES;
    let market = market.as_slice().expect("market values are contiguous");
    let out = out.as_slice_mut().expect("output values are contiguous");
    let row_of = |r: usize, si: usize, yi: usize| (r * ns + si) * ny + yi;
    let bi = prep.base_index();
    for a in 0..atoms.len() {
        let (m, dst) = (atoms.municipality[a], atoms.region[a]);
        let r = prep.market_of[m];
        for si in 0..ns {
            let f = atoms.fraction[a * ns + si];
            if f == 0.0 {
                continue;
            }
            let visible = params
                .vacancies
                .visible_share
                .get(prep.sectors[si].group())
                .value;
            let base_row = row_of(r, si, bi);
            let short_base = demand[[m, si, bi]]
                - share[[m, si, bi]] * market[base_row * nv + V::EmploymentFte.index()];
            for yi in 0..ny {
                let w = share[[m, si, yi]];
                let (src, dst_row) = (row_of(r, si, yi), row_of(dst, si, yi));
                let src = &market[src * nv..(src + 1) * nv];
                let o = &mut out[dst_row * nv..(dst_row + 1) * nv];
                let d = demand[[m, si, yi]];
                let short = d - w * src[V::EmploymentFte.index()];
                let vis = visible * short.max(0.0);
                let market_short = src[V::ShortageFte.index()];
                let frictional = src[V::VacanciesFte.index()] - visible * market_short.max(0.0);
                // Pupils move with the market's (a Monte Carlo draw scales
                // them; otherwise the factor is exactly 1).
                let p_prep = prep.pupils[[r, si, yi]];
                let pupil_factor = if p_prep > 0.0 {
                    src[V::Pupils.index()] / p_prep
                } else {
                    1.0
                };
                o[V::Pupils.index()] += f * (prep.muni_pupils[[m, si, yi]] * pupil_factor);
                o[V::DemandFte.index()] += f * d;
                o[V::ShortageFte.index()] += f * short;
                o[V::ShortageIncrementFte.index()] += f * (short - short_base);
                let vacancies = vis + w * frictional;
                o[V::VacanciesFte.index()] += f * vacancies;
                o[V::HiddenShortageFte.index()] += f * (short.max(0.0) - vacancies).max(0.0);
            }
        }
    }
}

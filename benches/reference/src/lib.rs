//! Individual-level microsimulation: the reference workforce model of the
//! peer benchmark (`benches/microsim_peers.py` runs it beside the same
//! model written with NumPy and with neworder). It is a benchmark model,
//! not tekort's microsimulation (that is `tekort_core::simulation::microsim`).
//!
//! Every teacher is a record (age, region, sector, fte, years of service)
//! and every year each record either leaves, by an exit hazard that depends
//! on age only, or stays, one year older and with a drifted fte. Each leaver
//! is replaced by an entrant, so the population stays at its initial size.
//! See [`reference_workforce`] for the exact model and the random draws.

use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64Mcg;
use rayon::prelude::*;
use std::sync::OnceLock;

/// Persons in the reference model of the peer benchmark.
pub const REFERENCE_PERSONS: usize = 300_000;

/// Yearly steps in the reference model of the peer benchmark.
pub const REFERENCE_YEARS: usize = 20;

/// Bytes of state per simulated person in [`reference_workforce`]: age
/// (`u8`), region (`u8`), sector (`u8`), fte (`f32`) and years of service
/// (`u8`), each in its own array (struct of arrays, no padding), so
/// 1 + 1 + 1 + 4 + 1 = 8 bytes.
///
/// A run of `persons` persons holds `8 × persons` bytes (2.4 MB for the
/// 300,000 of the reference model, 2 MB for a workforce of 250,000) plus
/// two fixed tables (2 KiB of exit thresholds, 8 KiB of normal quantiles,
/// the latter shared by all runs).
pub const REFERENCE_BYTES_PER_PERSON: usize = 8;

/// Age (in years) at which everybody leaves with certainty.
const EXIT_AGE: u8 = 67;
/// Entrants are aged `ENTRY_AGE_MIN .. ENTRY_AGE_MIN + ENTRY_AGES`, i.e. 22..=34.
const ENTRY_AGE_MIN: u8 = 22;
const ENTRY_AGES: u32 = 13;
/// The initial population is aged 22..=66.
const INITIAL_AGES: u32 = 45;
const REGIONS: u32 = 35;
const SECTORS: u32 = 3;
/// Standard deviation of the yearly fte drift.
const FTE_DRIFT_SD: f32 = 0.02;
const FTE_MIN: f32 = 0.1;
const FTE_MAX: f32 = 1.2;

/// Index bits of the normal table: 2^10 = 1024 cells.
const NORMAL_BITS: u32 = 10;
const NORMAL_CELLS: usize = 1 << NORMAL_BITS;

/// Summary of one run of the reference model, to check results by.
///
/// Every field is a deterministic function of `(persons, years, seed)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReferenceRun {
    /// Persons simulated (the population size, constant over the run).
    pub persons: usize,
    /// Yearly steps.
    pub years: usize,
    /// Seed of the run's random generator.
    pub seed: u64,
    /// Person-years simulated: `persons × years`.
    pub person_years: u64,
    /// Leavers over all years (each replaced by an entrant).
    pub leavers: u64,
    /// Mean age after the last step (NaN when `persons` is 0, as are the
    /// other means).
    pub mean_age: f64,
    /// Mean fte after the last step.
    pub mean_fte: f64,
    /// Mean years of service after the last step, counted from the start
    /// of the run: the initial population starts at 0 (the reference model
    /// has no tenure), entrants at 0, and every year survived adds one.
    pub mean_years_of_service: f64,
}

/// Runs the reference workforce model of the peer benchmark
/// (`../shared/bench/peer_microsim.py`) for `persons` persons and `years`
/// yearly steps, single-threaded, and returns the person-years simulated
/// with a few summary statistics.
///
/// # Model
///
/// The initial population is drawn as in the reference: age uniform on
/// 22..=66, region on 0..=34, sector on 0..=2, fte uniform on [0.4, 1.0),
/// years of service 0. Each year, every person, by the age at the start of
/// the year:
///
/// - leaves with probability h(age): 0.08 under 30, 0.03 for 30–54, 0.05
///   for 55–59, 0.12 for 60–66 and 1 from 67 on (a person who turns 67
///   during a year is there at its end and leaves, with certainty, in the
///   next one; nobody is ever older than 67);
/// - if staying, gets one year older, one more year of service and an fte
///   of clip(fte + N(0, 0.02²), 0.1, 1.2);
/// - if leaving, is replaced by an entrant: age uniform on 22..=34, region
///   on 0..=34, sector on 0..=2, fte uniform on [0.5, 1.0), years of
///   service 0; entrants neither age nor drift in the year they enter.
///
/// The reference drops the leavers and appends the entrants at the end of
/// its arrays; here an entrant takes the leaver's place in the arrays. The
/// two are equal in distribution: persons are exchangeable (the hazard
/// depends only on age, and every draw is independent of a person's
/// position), so the position of a record changes no statistic of the
/// population. The numbers differ from NumPy's, as the random streams do.
///
/// # Random draws
///
/// One [`Pcg64Mcg`] seeded with `seed` (`SeedableRng::seed_from_u64`)
/// draws the initial population (two `u64` per person), then one `u64` per
/// person and year:
///
/// - its high 32 bits u are the exit uniform: the person leaves if
///   u < round(h × 2³²) (so h is used to within 2⁻³³; h = 1 always leaves),
///   looked up in a table by age;
/// - its low 32 bits give the standard normal of the fte drift by a cheap
///   approximation, the piecewise-linear inverse normal CDF on 1024 cells:
///   10 bits pick the cell k, 22 bits the position inside it; the quantiles
///   at the cell edges k/1024 are exact, in between the error is at most
///   0.017 (in the cells next to the outer ones, less than 10⁻⁴ in the
///   middle); the two outer cells (probability 1/1024 each) run linearly
///   to ±3.65, which keeps their conditional mean exact and truncates the
///   normal at 3.65 standard deviations. The variance of this approximate
///   normal is 1.00017, its fourth moment 2.998 (exact: 1 and 3);
///
/// and each leaver two more `u64`: the entrant's age and region from the
/// two 32-bit halves of the first, by multiply-shift (⌊x · n / 2³²⌋, a bias
/// below n / 2³² per value), its sector from the low half of the second
/// and its fte from the top 23 bits of the second.
///
/// The state is a struct of arrays of [`REFERENCE_BYTES_PER_PERSON`]
/// bytes per person, allocated once before the first step; the yearly loop
/// allocates nothing. Same `persons`, `years` and `seed`, same result, bit
/// for bit.
///
/// ```
/// let run = tekort_reference::reference_workforce(10_000, 5, 7);
/// assert_eq!(run.person_years, 50_000);
/// assert_eq!(run, tekort_reference::reference_workforce(10_000, 5, 7));
/// ```
pub fn reference_workforce(persons: usize, years: usize, seed: u64) -> ReferenceRun {
    let mut rng = Pcg64Mcg::seed_from_u64(seed);
    let tables = Tables::new();
    let mut workforce = Workforce::new(persons, &mut rng);
    let mut leavers = 0;
    for _ in 0..years {
        leavers += workforce.step(&mut rng, &tables);
    }
    workforce.summary(years, seed, leavers)
}

/// Runs `runs` independent runs of [`reference_workforce`] in parallel
/// (rayon's global pool) and returns them in run order.
///
/// Run `r` uses the seed [`reference_run_seed`]`(seed, r)`, so every run,
/// and the whole result, is the same whatever the number of threads. At
/// most one run per thread is alive at a time: the memory is about
/// threads × `persons` × [`REFERENCE_BYTES_PER_PERSON`] bytes (a workforce
/// of 250,000 persons needs 2 MB per thread, whatever the number of runs).
pub fn reference_workforce_runs(
    persons: usize,
    years: usize,
    runs: usize,
    seed: u64,
) -> Vec<ReferenceRun> {
    (0..runs)
        .into_par_iter()
        .map(|r| reference_workforce(persons, years, reference_run_seed(seed, r as u64)))
        .collect()
}

/// The seed of run `run` in [`reference_workforce_runs`]: `seed` and the
/// run index mixed by two SplitMix64 finalisers, so that nearby seeds and
/// run indices give unrelated streams.
pub fn reference_run_seed(seed: u64, run: u64) -> u64 {
    splitmix64(seed ^ splitmix64(run.wrapping_add(0x9E37_79B9_7F4A_7C15)))
}

fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Yearly exit probability at `age` in the reference model.
fn hazard(age: u8) -> f64 {
    if age >= EXIT_AGE {
        return 1.0;
    }
    match age {
        0..=29 => 0.08,
        30..=54 => 0.03,
        55..=59 => 0.05,
        _ => 0.12,
    }
}

/// ⌊x · n / 2³²⌋: a 32-bit uniform mapped to 0..n.
#[inline(always)]
fn below(x: u32, n: u32) -> u8 {
    ((u64::from(x) * u64::from(n)) >> 32) as u8
}

/// The top 23 bits of `x` as a uniform on [0, 1) (multiples of 2⁻²³, so
/// that 0.5 + 0.5·u is exact in `f32` and stays below 1).
#[inline(always)]
fn unit_f32(x: u64) -> f32 {
    (x >> 41) as f32 * (1.0 / 8_388_608.0)
}

/// Approximate standard normal from 32 random bits (see
/// [`reference_workforce`]).
#[inline(always)]
fn normal(u: u32, table: &[[f32; 2]; NORMAL_CELLS]) -> f32 {
    let [low, slope] = table[(u >> (32 - NORMAL_BITS)) as usize];
    // The 22 low bits as the mantissa of a float in [1, 2).
    let within = f32::from_bits(0x3f80_0000 | ((u << NORMAL_BITS) >> 9)) - 1.0;
    low + slope * within
}

/// The piecewise-linear inverse normal CDF: per cell its value at the left
/// edge and its rise over the cell.
fn normal_table() -> &'static [[f32; 2]; NORMAL_CELLS] {
    static TABLE: OnceLock<[[f32; 2]; NORMAL_CELLS]> = OnceLock::new();
    TABLE.get_or_init(|| {
        let edges = normal_edges();
        let mut table = [[0.0; 2]; NORMAL_CELLS];
        for (k, cell) in table.iter_mut().enumerate() {
            *cell = [edges[k] as f32, (edges[k + 1] - edges[k]) as f32];
        }
        table
    })
}

/// The cell edges of the normal table: exact quantiles at k/1024 for
/// 0 < k < 1024, and outer edges that make the outer cells' means exact.
fn normal_edges() -> [f64; NORMAL_CELLS + 1] {
    let quantile = |p: f64| -std::f64::consts::SQRT_2 * statrs::function::erf::erfc_inv(2.0 * p);
    let density = |z: f64| (-0.5 * z * z).exp() / (2.0 * std::f64::consts::PI).sqrt();
    let cells = NORMAL_CELLS as f64;
    let mut edges = [0.0; NORMAL_CELLS + 1];
    for (k, edge) in edges.iter_mut().enumerate().take(NORMAL_CELLS).skip(1) {
        *edge = quantile(k as f64 / cells);
    }
    // E[Z | Z < q₁] = −φ(q₁)/Φ(q₁) with Φ(q₁) = 1/1024; a uniform on
    // [q₀, q₁] has that mean when q₀ = 2·E − q₁. The upper cell mirrors it.
    let inner = edges[1];
    edges[0] = 2.0 * (-density(inner) * cells) - inner;
    edges[NORMAL_CELLS] = -edges[0];
    edges
}

/// The per-run lookup tables.
struct Tables {
    /// Exit threshold by age: leave if the 32-bit uniform is below it.
    exit: [u64; 256],
    normal: &'static [[f32; 2]; NORMAL_CELLS],
}

impl Tables {
    fn new() -> Self {
        let mut exit = [0; 256];
        for (age, threshold) in exit.iter_mut().enumerate() {
            *threshold = (hazard(age as u8) * 4_294_967_296.0).round() as u64;
        }
        Tables {
            exit,
            normal: normal_table(),
        }
    }
}

/// The population, as a struct of arrays.
struct Workforce {
    age: Vec<u8>,
    region: Vec<u8>,
    sector: Vec<u8>,
    fte: Vec<f32>,
    years_of_service: Vec<u8>,
}

impl Workforce {
    /// The initial population of the reference model.
    fn new(persons: usize, rng: &mut Pcg64Mcg) -> Self {
        let mut w = Workforce {
            age: vec![0; persons],
            region: vec![0; persons],
            sector: vec![0; persons],
            fte: vec![0.0; persons],
            years_of_service: vec![0; persons],
        };
        for (((age, region), sector), fte) in w
            .age
            .iter_mut()
            .zip(w.region.iter_mut())
            .zip(w.sector.iter_mut())
            .zip(w.fte.iter_mut())
        {
            let a = rng.next_u64();
            let b = rng.next_u64();
            *age = ENTRY_AGE_MIN + below(a as u32, INITIAL_AGES);
            *region = below((a >> 32) as u32, REGIONS);
            *sector = below(b as u32, SECTORS);
            *fte = 0.4 + 0.6 * unit_f32(b);
        }
        w
    }

    /// One year: exits, ageing and fte drift, entrants in the leavers'
    /// places. Returns the number of leavers.
    #[inline(never)]
    fn step(&mut self, rng: &mut Pcg64Mcg, tables: &Tables) -> u64 {
        let mut leavers = 0;
        for ((((age, region), sector), fte), service) in self
            .age
            .iter_mut()
            .zip(self.region.iter_mut())
            .zip(self.sector.iter_mut())
            .zip(self.fte.iter_mut())
            .zip(self.years_of_service.iter_mut())
        {
            let r = rng.next_u64();
            let a = *age;
            if (r >> 32) < tables.exit[usize::from(a)] {
                let e = rng.next_u64();
                let f = rng.next_u64();
                *age = ENTRY_AGE_MIN + below(e as u32, ENTRY_AGES);
                *region = below((e >> 32) as u32, REGIONS);
                *sector = below(f as u32, SECTORS);
                *fte = 0.5 + 0.5 * unit_f32(f);
                *service = 0;
                leavers += 1;
            } else {
                *age = a + 1;
                *fte =
                    (*fte + FTE_DRIFT_SD * normal(r as u32, tables.normal)).clamp(FTE_MIN, FTE_MAX);
                *service = service.saturating_add(1);
            }
        }
        leavers
    }

    fn summary(&self, years: usize, seed: u64, leavers: u64) -> ReferenceRun {
        let n = self.age.len();
        let mean_u8 = |v: &[u8]| v.iter().map(|&x| u64::from(x)).sum::<u64>() as f64 / n as f64;
        ReferenceRun {
            persons: n,
            years,
            seed,
            person_years: n as u64 * years as u64,
            leavers,
            mean_age: mean_u8(&self.age),
            mean_fte: self.fte.iter().map(|&f| f64::from(f)).sum::<f64>() / n as f64,
            mean_years_of_service: mean_u8(&self.years_of_service),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const N: usize = 50_000;

    #[test]
    fn microsim_is_deterministic() {
        let a = reference_workforce(N, 20, 42);
        let b = reference_workforce(N, 20, 42);
        assert_eq!(a, b);
        assert_eq!(a.person_years, N as u64 * 20);
        assert!(a.leavers > 0);
    }

    #[test]
    fn microsim_different_seeds_differ() {
        let a = reference_workforce(N, 20, 1);
        let b = reference_workforce(N, 20, 2);
        assert_ne!(a.leavers, b.leavers);
        assert_ne!(a.mean_age, b.mean_age);
        assert_ne!(a.mean_fte, b.mean_fte);
    }

    #[test]
    fn microsim_parallel_runs_do_not_depend_on_threads() {
        let run = |threads| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| reference_workforce_runs(5_000, 10, 6, 9))
        };
        let one = run(1);
        assert_eq!(one, run(2));
        assert_eq!(one, run(3));
        for (r, result) in one.iter().enumerate() {
            assert_eq!(
                *result,
                reference_workforce(5_000, 10, reference_run_seed(9, r as u64))
            );
        }
        // Distinct seeds per run.
        for (r, a) in one.iter().enumerate() {
            for b in &one[r + 1..] {
                assert_ne!(a.seed, b.seed);
                assert_ne!(a, b);
            }
        }
    }

    /// Steps a population by hand and checks, after every step: the size,
    /// the age range (nobody above 67, everybody who was 67 replaced), the
    /// fte range and the entrants' ranges.
    #[test]
    fn microsim_invariants_hold_after_every_step() {
        let mut rng = Pcg64Mcg::seed_from_u64(3);
        let tables = Tables::new();
        let mut w = Workforce::new(N, &mut rng);
        assert!(w.age.iter().all(|&a| (22..=66).contains(&a)));
        assert!(w.fte.iter().all(|&f| (0.4..1.0).contains(&f)));
        let mut saw_67 = false;
        for _ in 0..30 {
            let before = w.age.clone();
            let service_before = w.years_of_service.clone();
            let leavers = w.step(&mut rng, &tables);
            for v in [&w.age, &w.region, &w.sector, &w.years_of_service] {
                assert_eq!(v.len(), N);
            }
            assert_eq!(w.fte.len(), N);
            let mut entrants = 0;
            for i in 0..N {
                let (a, s) = (w.age[i], w.years_of_service[i]);
                assert!(a <= EXIT_AGE, "age {a} after a step");
                assert!(w.region[i] < 35 && w.sector[i] < 3);
                assert!((FTE_MIN..=FTE_MAX).contains(&w.fte[i]));
                if s == 0 {
                    // An entrant (a survivor has at least one year).
                    entrants += 1;
                    assert!((22..=34).contains(&a));
                    assert!((0.5..1.0).contains(&w.fte[i]));
                } else {
                    assert_eq!(a, before[i] + 1);
                    assert_eq!(s, service_before[i] + 1);
                }
                if before[i] == EXIT_AGE {
                    saw_67 = true;
                    assert_eq!(s, 0, "a 67-year-old stayed");
                }
            }
            assert_eq!(entrants, leavers);
        }
        assert!(saw_67);
    }

    /// The leavers of each step against their expectation given the ages
    /// at the start of the step: the count is a sum of independent
    /// Bernoulli(h(age)), mean Σh, variance Σh(1 − h). The tolerance is
    /// 5 standard deviations per step (a false alarm has probability about
    /// 6·10⁻⁷ per step) and 4 for the mean exit share over 20 steps. The
    /// hazard is applied to within 2⁻³³, far below the tolerance.
    #[test]
    fn microsim_exit_share_matches_hazard() {
        let mut rng = Pcg64Mcg::seed_from_u64(11);
        let tables = Tables::new();
        let mut w = Workforce::new(N, &mut rng);
        let (mut expected_total, mut variance_total, mut leavers_total) = (0.0, 0.0, 0.0);
        for _ in 0..20 {
            let expected: f64 = w.age.iter().map(|&a| hazard(a)).sum();
            let variance: f64 = w.age.iter().map(|&a| hazard(a) * (1.0 - hazard(a))).sum();
            let leavers = w.step(&mut rng, &tables) as f64;
            assert!(
                (leavers - expected).abs() <= 5.0 * variance.sqrt(),
                "{leavers} leavers, expected {expected:.1} ± {:.1}",
                variance.sqrt()
            );
            expected_total += expected;
            variance_total += variance;
            leavers_total += leavers;
        }
        let share = leavers_total / (20 * N) as f64;
        let expected_share = expected_total / (20 * N) as f64;
        let sd_share = variance_total.sqrt() / (20 * N) as f64;
        assert!(
            (share - expected_share).abs() <= 4.0 * sd_share,
            "exit share {share:.5}, expected {expected_share:.5} ± {sd_share:.5}"
        );
        // The reference's initial ages give an exit share near 5.5 % a year.
        assert!((0.045..0.065).contains(&share), "exit share {share}");
    }

    #[test]
    fn microsim_normal_approximation_moments() {
        let edges = normal_edges();
        assert!((edges[0] + 3.65).abs() < 0.01, "outer edge {}", edges[0]);
        // Exact moments of the piecewise-linear distribution: a uniform on
        // each cell [a, b] with probability 1/1024.
        let (mut m1, mut m2) = (0.0, 0.0);
        for w in edges.windows(2) {
            let (a, b) = (w[0], w[1]);
            m1 += (a + b) / 2.0 / NORMAL_CELLS as f64;
            m2 += (a * a + a * b + b * b) / 3.0 / NORMAL_CELLS as f64;
        }
        assert!(m1.abs() < 1e-12, "mean {m1}");
        assert!((m2 - 1.0).abs() < 5e-4, "variance {m2}");
        // Sampled through the f32 table: mean within 5 standard errors,
        // variance within 5 standard errors (sd of z² is √2).
        let table = normal_table();
        let mut rng = Pcg64Mcg::seed_from_u64(5);
        let n = 1_000_000;
        let (mut s1, mut s2) = (0.0, 0.0);
        for _ in 0..n {
            let z = f64::from(normal(rng.next_u64() as u32, table));
            assert!(z.abs() <= 3.651);
            s1 += z;
            s2 += z * z;
        }
        let se = 1.0 / (n as f64).sqrt();
        assert!((s1 / n as f64).abs() < 5.0 * se);
        assert!((s2 / n as f64 - 1.0).abs() < 5.0 * 2f64.sqrt() * se);
        // Exact at the cell edges: the value at the start of cell k is the
        // k/1024 quantile.
        for k in [1usize, 100, 512, 900, 1023] {
            let z = normal((k as u32) << (32 - NORMAL_BITS), table);
            assert!((f64::from(z) - edges[k]).abs() < 1e-6);
        }
    }

    #[test]
    fn microsim_bytes_per_person() {
        let mut rng = Pcg64Mcg::seed_from_u64(1);
        let w = Workforce::new(1_000, &mut rng);
        let per_person = std::mem::size_of_val(&w.age[0])
            + std::mem::size_of_val(&w.region[0])
            + std::mem::size_of_val(&w.sector[0])
            + std::mem::size_of_val(&w.fte[0])
            + std::mem::size_of_val(&w.years_of_service[0]);
        assert_eq!(per_person, REFERENCE_BYTES_PER_PERSON);
        let heap = w.age.capacity()
            + w.region.capacity()
            + w.sector.capacity()
            + std::mem::size_of::<f32>() * w.fte.capacity()
            + w.years_of_service.capacity();
        assert_eq!(heap, 1_000 * REFERENCE_BYTES_PER_PERSON);
    }

    #[test]
    fn microsim_exit_thresholds() {
        let t = Tables::new();
        assert_eq!(t.exit[66], (0.12f64 * 4_294_967_296.0).round() as u64);
        // From 67 on the threshold is 2³², above every 32-bit uniform.
        assert!(t.exit[67..].iter().all(|&x| x == 1 << 32));
        assert_eq!(t.exit[29], (0.08f64 * 4_294_967_296.0).round() as u64);
        assert_eq!(t.exit[30], (0.03f64 * 4_294_967_296.0).round() as u64);
    }
}

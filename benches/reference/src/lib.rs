//! Individual-level microsimulation: the reference workforce model of the
//! peer benchmark (`benches/microsim_peers.py` runs it beside the same
//! model written with NumPy and with neworder). It is a benchmark model,
//! not tekort's microsimulation (that is `tekort_core::simulation::microsim`).
//!
//! Every teacher is a record (age, region, sector, fte, year of entry) and
//! every year each record either leaves, by an exit hazard that depends on
//! age only, or stays, one year older and with a drifted fte. Each leaver
//! is replaced by an entrant, so the population stays at its initial size.
//! See [`reference_workforce`] for the exact model and the random draws.

use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64Mcg;
use rayon::prelude::*;

/// Persons in the reference model of the peer benchmark.
pub const REFERENCE_PERSONS: usize = 300_000;

/// Yearly steps in the reference model of the peer benchmark.
pub const REFERENCE_YEARS: usize = 20;

/// Bytes of state per simulated person in [`reference_workforce`]: age
/// (`u8`), region (`u8`), sector (`u8`), fte (`f32`) and year of entry
/// (`u8`, from which the years of service follow), each in its own array
/// (struct of arrays, no padding), so 1 + 1 + 1 + 4 + 1 = 8 bytes.
///
/// A run of `persons` persons holds `8 × persons` bytes (2.4 MB for the
/// 300,000 of the reference model, 2 MB for a workforce of 250,000) plus
/// buffers for one block of 2048 persons that do not grow with `persons`
/// (30 KiB: its uniforms, leaver flags, normals and leaver positions), a
/// shared 2 KiB table and 256 bytes of generator state.
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

/// Generator lanes: values `j` of a fill come from lane `j mod 16`.
const LANES: usize = 16;
/// Persons per chunk of the leaver compaction (one byte of flags).
const CHUNK: usize = 8;
/// Persons per block: a block's exits are found in one pass and its
/// entrants drawn in a second one while the block is still in cache.
const BLOCK: usize = 2048;

/// Summary of one run of the reference model, to check results by.
///
/// Every field is a deterministic function of `(persons, years, seed)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReferenceRun {
    /// Persons simulated (the population size, constant over the run).
    pub persons: usize,
    /// Yearly steps.
    pub years: usize,
    /// Seed of the run's random generators.
    pub seed: u64,
    /// Person-years simulated: `persons × years`.
    pub person_years: u64,
    /// Leavers over all years (each replaced by an entrant).
    pub leavers: u64,
    /// Mean age after the last step (NaN when `persons` is 0, as are the
    /// other means and standard deviations).
    pub mean_age: f64,
    /// Standard deviation of the age over the persons after the last step
    /// (divisor `persons`): `sd_age / √persons` is the standard error of
    /// `mean_age` as an estimate of the model's expected mean age.
    pub sd_age: f64,
    /// Mean fte after the last step.
    pub mean_fte: f64,
    /// Standard deviation of the fte over the persons after the last step.
    pub sd_fte: f64,
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
/// draws the state of sixteen xoshiro128++ generators, the lanes (four
/// `u32` each; an all-zero state, which xoshiro cannot leave, is drawn
/// again), and then the entrants. The lanes are filled together, value `j`
/// of a fill from lane `j mod 16`, in blocks of 2048 persons (the last one
/// shorter, each fill rounded up to a multiple of 16):
///
/// - the initial population: per block the lanes fill the ages and the
///   regions, then the sectors and the fte (one `u32` each per person;
///   integers by multiply-shift, ⌊x · n / 2³²⌋, a bias below n / 2³² per
///   value; fte from the top 23 bits);
/// - each year, per block, the exit uniforms and then the drift uniforms,
///   one `u32` each per person:
///   - the exit uniform u: the person leaves if u < round(h × 2³²) (so h
///     is used to within 2⁻³³; h = 1 always leaves);
///   - the drift: person j of the first half of the (rounded) block and
///     person j of the second half share two uniforms a and b, which give
///     two independent standard normals by Box and Muller: radius
///     √(−2 ln u₁) with u₁ = (⌊a / 2⁸⌋ + 1) / 2²⁴ (so the normal is cut
///     at 5.77 standard deviations, a probability of 10⁻⁸), angle from b:
///     29 bits for an angle in [0, π/4) and 3 bits for one of the eight
///     symmetries of the square, in `f32` with polynomial ln, cos and sin
///     (error about 10⁻⁶). A leaver's drift is drawn and not used.
///
/// After the exits of a block, each of its leavers, in the order of the
/// persons, draws two `u64` from the [`Pcg64Mcg`]: the entrant's age and
/// region from the two 32-bit halves of the first, its sector from the low
/// half of the second and its fte from the top 23 bits of the second.
///
/// # Implementation
///
/// The state is a struct of arrays of [`REFERENCE_BYTES_PER_PERSON`]
/// bytes per person, allocated once before the first step with a few
/// fixed buffers; the yearly loop allocates nothing. A year is a pass over
/// blocks of 2048 persons, each block in cache while it is worked on: the
/// lanes fill its uniforms, straight loops without branches find the
/// leavers (a comparison with the sorted hazard thresholds rather than a
/// lookup per person), age everybody and drift every fte (the compiler
/// vectorises them: with AVX2 where the processor has it, otherwise with
/// the baseline SSE2; the bits are the same either way), a table turns
/// each byte of leaver flags into their positions without a branch, and
/// the entrants take the leavers' places. Survivors' years of service need
/// no update: the year of entry is stored. Same `persons`, `years` and
/// `seed`, same result, bit for bit.
///
/// ```
/// let run = tekort_reference::reference_workforce(10_000, 5, 7);
/// assert_eq!(run.person_years, 50_000);
/// assert_eq!(run, tekort_reference::reference_workforce(10_000, 5, 7));
/// ```
pub fn reference_workforce(persons: usize, years: usize, seed: u64) -> ReferenceRun {
    let mut sim = Simulation::new(persons, seed);
    let mut leavers = 0;
    for _ in 0..years {
        leavers += sim.step();
    }
    sim.workforce.summary(years, seed, leavers)
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
fn unit_f32(x: u32) -> f32 {
    (x >> 9) as i32 as f32 * (1.0 / 8_388_608.0)
}

/// ln x for x in (0, 1], in `f32` without branches or tables: x = 2ᵉ·m
/// with m in [√½, √2), and ln(m) by the minimax polynomial of Cephes'
/// `logf` (relative error about 10⁻⁷), evaluated by Estrin's scheme.
#[inline(always)]
fn ln_f32(x: f32) -> f32 {
    let bits = x.to_bits();
    let mut e = ((bits >> 23) as i32 - 127) as f32;
    let m = f32::from_bits((bits & 0x007f_ffff) | 0x3f80_0000);
    let big = m > std::f32::consts::SQRT_2;
    let m = if big { 0.5 * m } else { m };
    e += f32::from(u8::from(big));
    let f = m - 1.0;
    let z = f * f;
    // Estrin's scheme (a short dependency chain) for the polynomial of
    // degree 8.
    let z2 = z * z;
    let q0 = 3.333_333e-1 - 2.499_999_4e-1 * f;
    let q1 = 2.000_071_4e-1 - 1.666_805_8e-1 * f;
    let q2 = 1.424_932_3e-1 - 1.242_014_1e-1 * f;
    let q3 = 1.167_699_9e-1 - 1.151_461e-1 * f;
    let p = (q0 + q1 * z) + (q2 + q3 * z) * z2 + 7.037_683_6e-2 * (z2 * z2);
    let y = f * z * p - 2.121_944_4e-4 * e - 0.5 * z;
    f + y + 0.693_359_4 * e
}

/// (cos φ, sin φ) for φ in [0, π/4], by Cephes' `sinf` and `cosf`
/// polynomials (error about 10⁻⁷).
#[inline(always)]
fn cos_sin_octant(phi: f32) -> (f32, f32) {
    let z = phi * phi;
    let sin = ((-1.951_529_6e-4 * z + 8.332_161e-3) * z - 1.666_665_5e-1) * z * phi + phi;
    let cos = ((2.443_315_7e-5 * z - 1.388_731_6e-3) * z + 4.166_664_6e-2) * z * z - 0.5 * z + 1.0;
    (cos, sin)
}

/// Two independent standard normals from two 32-bit uniforms (Box and
/// Muller): radius √(−2 ln u₁) with u₁ = (⌊a / 2⁸⌋ + 1) / 2²⁴ in (0, 1]
/// (so |z| ≤ 5.77), and a uniform angle made of an angle φ uniform on
/// [0, π/4) from the 29 low bits of `b` and one of the eight symmetries of
/// the square from its 3 high bits (swap cos and sin, negate cos, negate
/// sin), which spreads φ uniformly over the circle. Branch-free, so the
/// compiler vectorises it; the error is that of `f32` arithmetic (about
/// 10⁻⁶).
#[inline(always)]
fn normal_pair(a: u32, b: u32) -> (f32, f32) {
    let radius = normal_radius(a);
    let (c, s) = unit_circle(b);
    (radius * c, radius * s)
}

/// The radius of [`normal_pair`]: √(−2 ln u₁).
#[inline(always)]
fn normal_radius(a: u32) -> f32 {
    let u1 = ((a >> 8) + 1) as i32 as f32 * (1.0 / 16_777_216.0);
    (-2.0 * ln_f32(u1)).sqrt()
}

/// The point on the unit circle of [`normal_pair`]: (cos θ, sin θ).
#[inline(always)]
fn unit_circle(b: u32) -> (f32, f32) {
    let phi = (b & 0x1fff_ffff) as i32 as f32 * (std::f32::consts::FRAC_PI_4 / 536_870_912.0);
    let (c, s) = cos_sin_octant(phi);
    let swap = b & (1 << 29) != 0;
    let (c, s) = if swap { (s, c) } else { (c, s) };
    let c = f32::from_bits(c.to_bits() ^ ((b >> 30) & 1) << 31);
    let s = f32::from_bits(s.to_bits() ^ (b >> 31) << 31);
    (c, s)
}

/// Row `m` lists the positions of the set bits of the byte `m`, lowest
/// first (the rest of the row is 0): the lanes that left, as offsets.
static SET_BITS: [[u8; CHUNK]; 1 << CHUNK] = set_bits();

const fn set_bits() -> [[u8; CHUNK]; 1 << CHUNK] {
    let mut rows = [[0; CHUNK]; 1 << CHUNK];
    let mut m = 0;
    while m < 1 << CHUNK {
        let (mut bit, mut k) = (0, 0);
        while bit < CHUNK {
            if m & (1 << bit) != 0 {
                rows[m][k] = bit as u8;
                k += 1;
            }
            bit += 1;
        }
        m += 1;
    }
    rows
}

/// Eight flags (bytes 0 or 1) as the bits of a byte, flag `j` in bit `j`:
/// the multiplication moves byte `j` to bit `56 + j`, without carries.
#[inline(always)]
fn flag_bits(flags: &[u8; CHUNK]) -> u32 {
    ((u64::from_le_bytes(*flags).wrapping_mul(0x0102_0408_1020_4080)) >> 56) as u32
}

/// The first age of each hazard band: under 30, 30–54, 55–59, 60–66, 67
/// and over.
const BAND_FROM: [u8; 5] = [0, 30, 55, 60, EXIT_AGE];

/// Exit thresholds by age band ([`BAND_FROM`]): leave if the 32-bit uniform
/// is at most the threshold, round(h × 2³²) − 1 (so that h = 1 is
/// `u32::MAX`, always).
fn exit_thresholds() -> [u32; 5] {
    BAND_FROM.map(|age| ((hazard(age) * 4_294_967_296.0).round() - 1.0) as u32)
}

/// The exit test in a form the compiler vectorises well. A person leaves
/// if the exit uniform u is at most the threshold t of the age band (see
/// [`exit_thresholds`]). With the four thresholds below 2³² sorted,
/// S₀ < S₁ < S₂ < S₃, and t = S_p (p = 4 for certain exit), u ≤ t exactly
/// when at most p of the S_j are below u: so p is computed from the age
/// in bytes (32 at a time with AVX2) and the count from u in 32-bit lanes,
/// with no per-person selection of a threshold.
#[derive(Clone)]
struct Tables {
    /// The thresholds of the first four bands sorted, each with its sign
    /// bit flipped, so that signed comparison orders them as unsigned.
    sorted: [i32; 4],
    /// p of the first band.
    first: u8,
    /// How p changes (wrapping) at the start of bands 1 to 4.
    step: [u8; 4],
}

impl Tables {
    fn new() -> Self {
        let exit = exit_thresholds();
        let mut sorted = [exit[0], exit[1], exit[2], exit[3]];
        sorted.sort_unstable();
        let p = |band: usize| match sorted.iter().position(|&s| s == exit[band]) {
            Some(j) if band < 4 => j as u8,
            _ => 4,
        };
        Tables {
            sorted: sorted.map(flip),
            first: p(0),
            step: [1, 2, 3, 4].map(|b| p(b).wrapping_sub(p(b - 1))),
        }
    }

    /// p (see [`Tables`]) at `age`.
    #[inline(always)]
    fn position(&self, age: u8) -> u8 {
        let band = |k: usize| self.step[k - 1] & 0u8.wrapping_sub(u8::from(age >= BAND_FROM[k]));
        self.first
            .wrapping_add(band(1))
            .wrapping_add(band(2))
            .wrapping_add(band(3))
            .wrapping_add(band(4))
    }

    /// Leave on the exit uniform `u` at position `p`: at most `p` of the
    /// sorted thresholds are below `u`.
    #[inline(always)]
    fn leaves(&self, u: u32, p: u8) -> bool {
        let x = flip(u);
        let [s0, s1, s2, s3] = self.sorted;
        let rank = i32::from(x > s0) + i32::from(x > s1) + i32::from(x > s2) + i32::from(x > s3);
        rank <= i32::from(p)
    }
}

/// `x` with its sign bit flipped, as `i32`: signed order of the results is
/// unsigned order of the inputs.
#[inline(always)]
fn flip(x: u32) -> i32 {
    (x ^ 0x8000_0000) as i32
}

/// Sixteen xoshiro128++ generators (Blackman and Vigna), one per lane, as
/// a struct of arrays so that a step of all sixteen is a few vector
/// instructions (two independent chains of eight with AVX2).
#[derive(Clone, Debug, PartialEq)]
struct Lanes {
    s: [[u32; LANES]; 4],
}

impl Lanes {
    fn new(rng: &mut Pcg64Mcg) -> Self {
        let mut s = [[0; LANES]; 4];
        for lane in 0..LANES {
            while (0..4).all(|w| s[w][lane] == 0) {
                for word in s.iter_mut() {
                    word[lane] = rng.next_u32();
                }
            }
        }
        Lanes { s }
    }

    /// Fills `out` (a multiple of [`LANES`] long), value `j` from lane
    /// `j mod 16`.
    #[inline(always)]
    fn fill(&mut self, out: &mut [u32]) {
        let [mut s0, mut s1, mut s2, mut s3] = self.s;
        for chunk in out.chunks_exact_mut(LANES) {
            for l in 0..LANES {
                chunk[l] = s0[l].wrapping_add(s3[l]).rotate_left(7).wrapping_add(s0[l]);
                let t = s1[l] << 9;
                s2[l] ^= s0[l];
                s3[l] ^= s1[l];
                s1[l] ^= s2[l];
                s0[l] ^= s3[l];
                s2[l] ^= t;
                s3[l] = s3[l].rotate_left(11);
            }
        }
        self.s = [s0, s1, s2, s3];
    }
}

/// Buffers of one block, allocated once per run.
#[derive(Clone)]
struct Scratch {
    /// The block's exit uniforms, then its drift uniforms.
    uniforms: Box<[u32; 2 * BLOCK]>,
    /// 1 for a leaver, per person of the block (and 0 up to a multiple of
    /// [`LANES`]).
    flags: Box<[u8; BLOCK]>,
    /// The fte drifts of the block, standard normal.
    normals: Box<[f32; BLOCK]>,
    /// Offsets of the leavers in the block.
    found: Box<[u16; BLOCK + CHUNK]>,
}

impl Scratch {
    fn new() -> Self {
        Scratch {
            uniforms: Box::new([0; 2 * BLOCK]),
            flags: Box::new([0; BLOCK]),
            normals: Box::new([0.0; BLOCK]),
            found: Box::new([0; BLOCK + CHUNK]),
        }
    }
}

/// The exit and drift pass over one block (at most [`BLOCK`] persons):
/// ages everybody one year up and drifts every fte, leavers included
/// (their entrants overwrite both), writes the offsets of the leavers in
/// the block to `scratch.found`, in order, and returns their number.
#[inline(always)]
fn block_exits(
    age: &mut [u8],
    fte: &mut [f32],
    lanes: &mut Lanes,
    tables: &Tables,
    scratch: &mut Scratch,
) -> usize {
    let n = age.len();
    assert!(n <= BLOCK && fte.len() == n);
    // A whole number of fills (so an even number: the normals come in
    // pairs).
    let padded = n.div_ceil(LANES) * LANES;
    let (exit, drift) = scratch.uniforms.split_at_mut(BLOCK);
    let (exit, drift) = (&mut exit[..padded], &mut drift[..padded]);
    lanes.fill(exit);
    lanes.fill(drift);
    let flags = &mut scratch.flags[..padded];
    // p of every person (in `flags` for now), then the exit flags.
    for (a, p) in age.iter_mut().zip(flags.iter_mut()) {
        *p = tables.position(*a);
        *a = a.wrapping_add(1);
    }
    for (flag, &u) in flags.iter_mut().zip(exit.iter()) {
        *flag = u8::from(tables.leaves(u, *flag));
    }
    // Person j of the first half of the padded block and person j of the
    // second half share a pair of normals (and their two uniforms).
    let half = padded / 2;
    let (z1, z2) = scratch.normals[..padded].split_at_mut(half);
    let (d1, d2) = drift.split_at(half);
    for (((z1, z2), &a), &b) in z1.iter_mut().zip(z2.iter_mut()).zip(d1).zip(d2) {
        (*z1, *z2) = normal_pair(a, b);
    }
    for (f, &z) in fte.iter_mut().zip(scratch.normals.iter()) {
        *f = (*f + FTE_DRIFT_SD * z).clamp(FTE_MIN, FTE_MAX);
    }
    flags[n..].fill(0);
    // Branch-free compaction: write all eight offsets of a chunk, keep as
    // many as left.
    let mut k = 0;
    for (c, chunk) in flags.chunks_exact(CHUNK).enumerate() {
        let mask = flag_bits(chunk.try_into().expect("chunk of CHUNK"));
        let row = &SET_BITS[mask as usize];
        let base = (c * CHUNK) as u16;
        let out: &mut [u16; CHUNK] = (&mut scratch.found[k..k + CHUNK])
            .try_into()
            .expect("CHUNK");
        for l in 0..CHUNK {
            out[l] = base + u16::from(row[l]);
        }
        k += mask.count_ones() as usize;
    }
    k
}

/// `$avx2` (a call of a function compiled for AVX2 and POPCNT) where the
/// processor has both, else `$portable` (the same code for the baseline
/// target). Both give the same bits.
macro_rules! avx2_or_portable {
    ($avx2:expr, $portable:expr) => {{
        #[cfg(target_arch = "x86_64")]
        let avx2 = std::arch::is_x86_feature_detected!("avx2")
            && std::arch::is_x86_feature_detected!("popcnt");
        #[cfg(not(target_arch = "x86_64"))]
        let avx2 = false;
        if avx2 {
            #[cfg(target_arch = "x86_64")]
            // SAFETY: the processor has AVX2 and POPCNT (checked just
            // above), the only requirement of the `_avx2` functions.
            #[allow(unsafe_code)]
            let out = unsafe { $avx2 };
            #[cfg(not(target_arch = "x86_64"))]
            let out = unreachable!();
            out
        } else {
            $portable
        }
    }};
}

/// A run in progress: the population, its generators and the steps done.
#[derive(Clone)]
struct Simulation {
    workforce: Workforce,
    lanes: Lanes,
    rng: Pcg64Mcg,
    tables: Tables,
    steps: usize,
}

impl Simulation {
    /// The [`Pcg64Mcg`] seeded with `seed` draws the lanes' state, the
    /// lanes the initial population.
    fn new(persons: usize, seed: u64) -> Self {
        let mut rng = Pcg64Mcg::seed_from_u64(seed);
        let mut lanes = Lanes::new(&mut rng);
        let workforce = Workforce::new(persons, &mut lanes);
        Simulation {
            workforce,
            lanes,
            rng,
            tables: Tables::new(),
            steps: 0,
        }
    }

    /// One yearly step; returns the number of leavers.
    fn step(&mut self) -> u64 {
        let leavers = self
            .workforce
            .step(self.steps, &mut self.lanes, &mut self.rng, &self.tables);
        self.steps += 1;
        leavers
    }
}

/// The population, as a struct of arrays.
#[derive(Clone)]
struct Workforce {
    age: Vec<u8>,
    region: Vec<u8>,
    sector: Vec<u8>,
    fte: Vec<f32>,
    /// The number of steps done when the person entered, modulo 256 (0 for
    /// the initial population): after `s` steps the years of service are
    /// `s − entered` (modulo 256, exact as nobody serves more than
    /// 67 − 22 = 45 years). Survivors need no update.
    entered: Vec<u8>,
    scratch: Scratch,
}

impl Workforce {
    /// The initial population of the reference model, drawn from `lanes`
    /// (see [`reference_workforce`]).
    fn new(persons: usize, lanes: &mut Lanes) -> Self {
        let mut w = Workforce {
            age: vec![0; persons],
            region: vec![0; persons],
            sector: vec![0; persons],
            fte: vec![0.0; persons],
            entered: vec![0; persons],
            scratch: Scratch::new(),
        };
        avx2_or_portable!(w.populate_avx2(lanes), w.populate_portable(lanes));
        w
    }

    /// [`Workforce::populate_portable`] compiled for AVX2.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,popcnt")]
    fn populate_avx2(&mut self, lanes: &mut Lanes) {
        self.populate_portable(lanes);
    }

    /// Draws the initial population block by block: per block the lanes
    /// draw the ages and regions, then the sectors and fte.
    #[inline(always)]
    fn populate_portable(&mut self, lanes: &mut Lanes) {
        let mut start = 0;
        while start < self.age.len() {
            let end = (start + BLOCK).min(self.age.len());
            let padded = (end - start).div_ceil(LANES) * LANES;
            let (u, v) = self.scratch.uniforms.split_at_mut(BLOCK);
            let (u, v) = (&mut u[..padded], &mut v[..padded]);
            lanes.fill(u);
            lanes.fill(v);
            for (age, &x) in self.age[start..end].iter_mut().zip(u.iter()) {
                *age = ENTRY_AGE_MIN + below(x, INITIAL_AGES);
            }
            for (region, &x) in self.region[start..end].iter_mut().zip(v.iter()) {
                *region = below(x, REGIONS);
            }
            lanes.fill(u);
            lanes.fill(v);
            for (sector, &x) in self.sector[start..end].iter_mut().zip(u.iter()) {
                *sector = below(x, SECTORS);
            }
            for (fte, &x) in self.fte[start..end].iter_mut().zip(v.iter()) {
                *fte = 0.4 + 0.6 * unit_f32(x);
            }
            start = end;
        }
    }

    /// Step `year` (0 for the first): exits, ageing and fte drift, entrants
    /// in the leavers' places. Returns the number of leavers.
    fn step(&mut self, year: usize, lanes: &mut Lanes, rng: &mut Pcg64Mcg, tables: &Tables) -> u64 {
        avx2_or_portable!(
            self.step_avx2(year, lanes, rng, tables),
            self.step_portable(year, lanes, rng, tables)
        )
    }

    /// [`Workforce::step`] compiled for AVX2. The same code as
    /// [`Workforce::step_portable`]: Rust neither fuses nor reorders float
    /// operations, so the bits are the same.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,popcnt")]
    fn step_avx2(
        &mut self,
        year: usize,
        lanes: &mut Lanes,
        rng: &mut Pcg64Mcg,
        tables: &Tables,
    ) -> u64 {
        self.step_portable(year, lanes, rng, tables)
    }

    #[inline(always)]
    fn step_portable(
        &mut self,
        year: usize,
        lanes: &mut Lanes,
        rng: &mut Pcg64Mcg,
        tables: &Tables,
    ) -> u64 {
        let entered = (year + 1) as u8;
        let mut leavers = 0;
        let mut start = 0;
        while start < self.age.len() {
            let end = (start + BLOCK).min(self.age.len());
            let k = block_exits(
                &mut self.age[start..end],
                &mut self.fte[start..end],
                lanes,
                tables,
                &mut self.scratch,
            );
            for &offset in &self.scratch.found[..k] {
                let i = start + usize::from(offset);
                let e = rng.next_u64();
                let f = rng.next_u64();
                self.age[i] = ENTRY_AGE_MIN + below(e as u32, ENTRY_AGES);
                self.region[i] = below((e >> 32) as u32, REGIONS);
                self.sector[i] = below(f as u32, SECTORS);
                self.fte[i] = 0.5 + 0.5 * unit_f32((f >> 32) as u32);
                self.entered[i] = entered;
            }
            leavers += k as u64;
            start = end;
        }
        leavers
    }

    /// Years of service of every person after `steps` steps.
    #[cfg(test)]
    fn years_of_service(&self, steps: usize) -> impl Iterator<Item = u8> + '_ {
        let now = steps as u8;
        self.entered.iter().map(move |&e| now.wrapping_sub(e))
    }

    fn summary(&self, years: usize, seed: u64, leavers: u64) -> ReferenceRun {
        let n = self.age.len() as f64;
        let now = years as u8;
        // Exact integer sums for the bytes; for the fte, eight partial sums
        // (in a fixed order, so the same bits every time).
        let (mut a1, mut a2, mut s1) = (0u64, 0u64, 0u64);
        for (&a, &e) in self.age.iter().zip(&self.entered) {
            a1 += u64::from(a);
            a2 += u64::from(a) * u64::from(a);
            s1 += u64::from(now.wrapping_sub(e));
        }
        let (mut f1, mut f2) = ([0.0f64; 8], [0.0f64; 8]);
        let chunks = self.fte.chunks_exact(8);
        let rest = chunks.remainder();
        for chunk in chunks {
            for k in 0..8 {
                let f = f64::from(chunk[k]);
                f1[k] += f;
                f2[k] += f * f;
            }
        }
        for (k, &f) in rest.iter().enumerate() {
            f1[k] += f64::from(f);
            f2[k] += f64::from(f) * f64::from(f);
        }
        let moments = |s1: f64, s2: f64| {
            let mean = s1 / n;
            (mean, (s2 / n - mean * mean).max(0.0).sqrt())
        };
        let (mean_age, sd_age) = moments(a1 as f64, a2 as f64);
        let (mean_fte, sd_fte) = moments(f1.iter().sum(), f2.iter().sum());
        let mean_years_of_service = s1 as f64 / n;
        ReferenceRun {
            persons: self.age.len(),
            years,
            seed,
            person_years: self.age.len() as u64 * years as u64,
            leavers,
            mean_age,
            sd_age,
            mean_fte,
            sd_fte,
            mean_years_of_service,
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

    /// Population sizes that are not whole blocks or whole fills, and the
    /// empty one.
    #[test]
    fn microsim_any_population_size() {
        for persons in [0, 1, 7, 15, 17, 100, BLOCK - 1, BLOCK + 1, 3 * BLOCK + 21] {
            let run = reference_workforce(persons, 30, 5);
            assert_eq!(run.person_years, persons as u64 * 30);
            if persons == 0 {
                assert!(run.mean_age.is_nan());
                continue;
            }
            assert!((22.0..=67.0).contains(&run.mean_age));
            assert!((0.1..=1.2).contains(&run.mean_fte));
            // Everybody of the initial population has left after 46 years
            // at most, so after 30 years some have: leavers > 0 unless
            // the population is tiny.
            if persons >= 100 {
                assert!(run.leavers > 0);
            }
        }
    }

    /// The AVX2 build and the baseline build of the same code give the
    /// same bits (Rust neither fuses nor reorders float operations).
    #[test]
    fn microsim_avx2_and_portable_agree() {
        let persons = 2 * BLOCK + 37;
        let mut lanes = Lanes::new(&mut Pcg64Mcg::seed_from_u64(8));
        let mut portable_lanes = lanes.clone();
        let mut w = Workforce::new(persons, &mut lanes);
        let mut p = w.clone();
        p.populate_portable(&mut portable_lanes);
        assert_eq!(lanes, portable_lanes);
        let same = |a: &Workforce, b: &Workforce| {
            assert_eq!(a.age, b.age);
            assert_eq!(a.region, b.region);
            assert_eq!(a.sector, b.sector);
            assert_eq!(a.entered, b.entered);
            let bits = |w: &Workforce| w.fte.iter().map(|f| f.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(a), bits(b));
        };
        same(&w, &p);
        let tables = Tables::new();
        let (mut rng, mut portable_rng) = (Pcg64Mcg::seed_from_u64(9), Pcg64Mcg::seed_from_u64(9));
        for year in 0..25 {
            let a = w.step(year, &mut lanes, &mut rng, &tables);
            let b = p.step_portable(year, &mut portable_lanes, &mut portable_rng, &tables);
            assert_eq!(a, b);
            same(&w, &p);
        }
    }

    /// Steps a population by hand and checks, after every step: the size,
    /// the age range (nobody above 67, everybody who was 67 replaced), the
    /// fte range and the entrants' ranges.
    #[test]
    fn microsim_invariants_hold_after_every_step() {
        let n = N + 3; // not a whole number of fills
        let mut sim = Simulation::new(n, 3);
        let w = &sim.workforce;
        assert!(w.age.iter().all(|&a| (22..=66).contains(&a)));
        assert!(w.fte.iter().all(|&f| (0.4..1.0).contains(&f)));
        assert!(w.years_of_service(0).all(|s| s == 0));
        let mut saw_67 = false;
        for step in 1..=30 {
            let before = sim.workforce.age.clone();
            let service_before: Vec<u8> = sim.workforce.years_of_service(step - 1).collect();
            let leavers = sim.step();
            let w = &sim.workforce;
            for v in [&w.age, &w.region, &w.sector, &w.entered] {
                assert_eq!(v.len(), n);
            }
            assert_eq!(w.fte.len(), n);
            let service: Vec<u8> = w.years_of_service(step).collect();
            let mut entrants = 0;
            for i in 0..n {
                let (a, s) = (w.age[i], service[i]);
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
        // Years of service beyond 255 steps: the year of entry wraps, the
        // years of service stay right (nobody serves more than 45 years).
        for _ in 30..300 {
            sim.step();
        }
        let w = &sim.workforce;
        for (s, &a) in w.years_of_service(300).zip(&w.age) {
            assert!(s <= a - ENTRY_AGE_MIN, "{s} years of service at age {a}");
        }
    }

    /// The leavers of each step against their expectation given the ages
    /// at the start of the step: the count is a sum of independent
    /// Bernoulli(h(age)), mean Σh, variance Σh(1 − h). The tolerance is
    /// 5 standard deviations per step (a false alarm has probability about
    /// 6·10⁻⁷ per step) and 4 for the mean exit share over 20 steps. The
    /// hazard is applied to within 2⁻³³, far below the tolerance.
    #[test]
    fn microsim_exit_share_matches_hazard() {
        let mut sim = Simulation::new(N, 11);
        let (mut expected_total, mut variance_total, mut leavers_total) = (0.0, 0.0, 0.0);
        for _ in 0..20 {
            let ages = &sim.workforce.age;
            let expected: f64 = ages.iter().map(|&a| hazard(a)).sum();
            let variance: f64 = ages.iter().map(|&a| hazard(a) * (1.0 - hazard(a))).sum();
            let leavers = sim.step() as f64;
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

    /// The model's expectations after `years` steps, exactly (the age
    /// distribution is a Markov chain per person): mean age, mean fte
    /// without the clipping, and the leavers per person-year.
    fn expected(years: usize) -> (f64, f64, f64) {
        let mut d = [0.0f64; 69];
        let mut f = [0.0f64; 69]; // E[fte · 1{age = a}]
        for a in 22..=66 {
            d[a] = 1.0 / 45.0;
            f[a] = 0.7 / 45.0;
        }
        let mut leave_total = 0.0;
        for _ in 0..years {
            let (mut nd, mut nf) = ([0.0; 69], [0.0; 69]);
            let mut leave = 0.0;
            for a in 0..68 {
                let h = hazard(a as u8);
                leave += d[a] * h;
                nd[a + 1] += d[a] * (1.0 - h);
                nf[a + 1] += f[a] * (1.0 - h);
            }
            for a in 22..=34 {
                nd[a] += leave / 13.0;
                nf[a] += 0.75 * leave / 13.0;
            }
            leave_total += leave;
            (d, f) = (nd, nf);
        }
        let mean_age = (0..69).map(|a| a as f64 * d[a]).sum();
        (mean_age, f.iter().sum(), leave_total / years as f64)
    }

    /// The run against the model's exact expectations: the means within
    /// 5 standard errors (sd / √persons: the persons are independent), the
    /// mean fte with 0.001 more for the clipping at 0.1 and 1.2 (which the
    /// expectation leaves out and which moves the mean by less), the exit
    /// share within 10 standard errors of a binomial (twice the usual 5:
    /// a person's exits over the years are not independent).
    #[test]
    fn microsim_matches_the_model_expectation() {
        let persons = 300_000;
        for (years, seed) in [(1, 4), (5, 5), (20, 6), (60, 7)] {
            let run = reference_workforce(persons, years, seed);
            let (age, fte, share) = expected(years);
            let se = |sd: f64| sd / (persons as f64).sqrt();
            assert!(
                (run.mean_age - age).abs() < 5.0 * se(run.sd_age),
                "{years} years: mean age {} against {age}",
                run.mean_age
            );
            assert!(
                (run.mean_fte - fte).abs() < 5.0 * se(run.sd_fte) + 1e-3,
                "{years} years: mean fte {} against {fte}",
                run.mean_fte
            );
            let py = run.person_years as f64;
            let observed = run.leavers as f64 / py;
            assert!(
                (observed - share).abs() < 10.0 * (share * (1.0 - share) / py).sqrt(),
                "{years} years: exit share {observed} against {share}"
            );
        }
    }

    #[test]
    fn microsim_ln_and_circle_are_accurate() {
        let mut worst: f64 = 0.0;
        for k in (0..1 << 24).step_by(997).chain([0, 1, 2, (1 << 24) - 1]) {
            let x = (k + 1) as f32 / 16_777_216.0;
            let exact = f64::from(x).ln();
            let err = (f64::from(ln_f32(x)) - exact).abs() / exact.abs().max(1e-7);
            worst = worst.max(err);
        }
        assert!(worst < 3e-7, "ln: relative error {worst}");
        let mut worst: f64 = 0.0;
        for k in 0..=10_000 {
            let phi = std::f32::consts::FRAC_PI_4 * k as f32 / 10_000.0;
            let (c, s) = cos_sin_octant(phi);
            let p = f64::from(phi);
            worst = worst
                .max((f64::from(c) - p.cos()).abs())
                .max((f64::from(s) - p.sin()).abs());
        }
        assert!(worst < 2e-7, "cos and sin: error {worst}");
        // The eight symmetries: the angle's three high bits pick the octant.
        for octant in 0..8u32 {
            let (c, s) = unit_circle(octant << 29 | 0x1000_0000);
            let theta = f64::from(s)
                .atan2(f64::from(c))
                .rem_euclid(std::f64::consts::TAU);
            let eighth = (theta / std::f64::consts::FRAC_PI_4) as u32;
            assert!(((f64::from(c).powi(2) + f64::from(s).powi(2)) - 1.0).abs() < 1e-6);
            let expected = [0, 1, 3, 2, 7, 6, 4, 5][octant as usize];
            assert_eq!(eighth, expected, "bits {octant:03b}");
        }
    }

    /// The normals from the lanes: mean 0, variance 1, fourth moment 3,
    /// uncorrelated pairs, and the shares within 1, 2 and 3 of 0 as the
    /// normal's (all within 5 standard errors).
    #[test]
    fn microsim_normals_are_standard_normal() {
        let mut lanes = Lanes::new(&mut Pcg64Mcg::seed_from_u64(5));
        let mut u = vec![0u32; 2_000_000];
        lanes.fill(&mut u);
        let (a, b) = u.split_at(u.len() / 2);
        let (mut m1, mut m2, mut m4, mut cross) = (0.0, 0.0, 0.0, 0.0);
        let mut within = [0.0; 3];
        let mut largest: f64 = 0.0;
        for (&x, &y) in a.iter().zip(b) {
            let (z1, z2) = normal_pair(x, y);
            let (z1, z2) = (f64::from(z1), f64::from(z2));
            cross += z1 * z2;
            for z in [z1, z2] {
                m1 += z;
                m2 += z * z;
                m4 += z.powi(4);
                largest = largest.max(z.abs());
                for (k, w) in within.iter_mut().enumerate() {
                    if z.abs() < (k + 1) as f64 {
                        *w += 1.0;
                    }
                }
            }
        }
        let n = 2.0 * a.len() as f64;
        let se = 1.0 / n.sqrt();
        assert!((m1 / n).abs() < 5.0 * se, "mean {}", m1 / n);
        assert!(
            (m2 / n - 1.0).abs() < 5.0 * 2f64.sqrt() * se,
            "variance {}",
            m2 / n
        );
        assert!(
            (m4 / n - 3.0).abs() < 5.0 * 96f64.sqrt() * se,
            "fourth moment {}",
            m4 / n
        );
        assert!(
            (cross / (n / 2.0)).abs() < 5.0 * (2.0 / n).sqrt(),
            "correlation"
        );
        for (k, p) in [0.682_689_492, 0.954_499_736, 0.997_300_204]
            .iter()
            .enumerate()
        {
            let share = within[k] / n;
            assert!(
                (share - p).abs() < 5.0 * (p * (1.0 - p) / n).sqrt(),
                "share within {}: {share} against {p}",
                k + 1
            );
        }
        assert!(largest <= 5.78, "|z| up to {largest}");
    }

    #[test]
    fn microsim_bytes_per_person() {
        let mut lanes = Lanes::new(&mut Pcg64Mcg::seed_from_u64(1));
        let w = Workforce::new(1_000, &mut lanes);
        let per_person = std::mem::size_of_val(&w.age[0])
            + std::mem::size_of_val(&w.region[0])
            + std::mem::size_of_val(&w.sector[0])
            + std::mem::size_of_val(&w.fte[0])
            + std::mem::size_of_val(&w.entered[0]);
        assert_eq!(per_person, REFERENCE_BYTES_PER_PERSON);
        let heap = w.age.capacity()
            + w.region.capacity()
            + w.sector.capacity()
            + std::mem::size_of::<f32>() * w.fte.capacity()
            + w.entered.capacity();
        assert_eq!(heap, 1_000 * REFERENCE_BYTES_PER_PERSON);
    }

    #[test]
    fn microsim_exit_thresholds() {
        let t = Tables::new();
        let exit = exit_thresholds();
        assert_eq!(exit[3], (0.12f64 * 4_294_967_296.0).round() as u32 - 1);
        // From 67 on the threshold is 2³² − 1: every 32-bit uniform leaves.
        assert_eq!(exit[4], u32::MAX);
        assert_eq!(exit[0], (0.08f64 * 4_294_967_296.0).round() as u32 - 1);
        assert_eq!(exit[1], (0.03f64 * 4_294_967_296.0).round() as u32 - 1);
        // The vectorised test against the plain one, at every age and at
        // and around every threshold.
        let band = |age: u8| BAND_FROM.iter().rposition(|&from| age >= from).unwrap();
        let mut rng = Pcg64Mcg::seed_from_u64(2);
        for age in 0..=120u8 {
            assert_eq!(
                f64::from(exit[band(age)]) + 1.0,
                (hazard(age) * 4_294_967_296.0).round()
            );
            let p = t.position(age);
            let mut probes = vec![0, 1, u32::MAX - 1, u32::MAX, rng.next_u32()];
            for &x in &exit {
                probes.extend([x.wrapping_sub(1), x, x.wrapping_add(1)]);
            }
            for u in probes {
                assert_eq!(t.leaves(u, p), u <= exit[band(age)], "age {age}, u {u}");
            }
        }
    }

    #[test]
    fn microsim_flag_bits_and_set_bits() {
        for m in 0..256u32 {
            let flags: [u8; CHUNK] = std::array::from_fn(|j| ((m >> j) & 1) as u8);
            assert_eq!(flag_bits(&flags), m);
            let ones: Vec<u8> = (0..8).filter(|&j| m & (1 << j) != 0).collect();
            assert_eq!(&SET_BITS[m as usize][..ones.len()], &ones[..]);
        }
    }

    /// Lane 0 from the state (1, 2, 3, 4) gives the reference output of
    /// xoshiro128++ (as in the authors' C code).
    #[test]
    fn microsim_lanes_are_xoshiro128plusplus() {
        let mut lanes = Lanes {
            s: [[1; LANES], [2; LANES], [3; LANES], [4; LANES]],
        };
        let mut out = vec![0; 10 * LANES];
        lanes.fill(&mut out);
        let lane0: Vec<u32> = out.iter().step_by(LANES).copied().collect();
        assert_eq!(
            lane0,
            [
                641, 1573767, 3222811527, 3517856514, 836907274, 4247214768, 3867114732,
                1355841295, 495546011, 621204420
            ]
        );
        // Every lane its own generator: distinct states give distinct
        // streams.
        let lanes = Lanes::new(&mut Pcg64Mcg::seed_from_u64(1));
        for l in 1..LANES {
            assert_ne!(
                (0..4).map(|w| lanes.s[w][l]).collect::<Vec<_>>(),
                (0..4).map(|w| lanes.s[w][0]).collect::<Vec<_>>()
            );
        }
    }
}

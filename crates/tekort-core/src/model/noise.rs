//! One Monte Carlo draw's noise: factors on demand and graduates, and the
//! process noise on counts.

use ndarray::{Array2, Array3};
use rand::SeedableRng;
use rand_pcg::Pcg64Mcg;

use crate::domain::sector::Sector;

/// One Monte Carlo draw's departure from the central path: factors on
/// demand (and pupils) per market region and year, on graduates per route
/// and year, and the generators of the process noise (leavers and hires of
/// each region, sector and forecast year), one per market region and
/// sector.
#[derive(Debug, Clone)]
pub(crate) struct DrawNoise {
    /// Factor on demand and pupils `[market, sector of the run, year]` (1
    /// in history years).
    pub(crate) demand: Array3<f64>,
    /// Factor on graduates `[route, year]`.
    pub(crate) graduates: Array2<f64>,
    /// Process noise, when on.
    pub(crate) rng: Option<CellRngs>,
}

/// The process-noise generators of one draw, one per `(market region,
/// sector)` of the run. Each stream is seeded from the draw's seed, the
/// market region and the sector's own code ([`Sector::ALL`] position), not
/// from its position among the run's sectors: a sector's draws are the same
/// whichever other sectors are in the run.
#[derive(Debug, Clone)]
pub(crate) struct CellRngs {
    n_sectors: usize,
    rngs: Vec<Pcg64Mcg>,
}

impl CellRngs {
    /// The streams of `n_markets` market regions × `sectors` from the
    /// draw's noise seed `seed`.
    pub(crate) fn new(seed: u64, n_markets: usize, sectors: &[Sector]) -> Self {
        let mut rngs = Vec::with_capacity(n_markets * sectors.len());
        for r in 0..n_markets as u64 {
            for s in sectors {
                let id = Sector::ALL.iter().position(|x| x == s).expect("a sector") as u64;
                rngs.push(stream_rng(seed, (r << 8) | id));
            }
        }
        CellRngs {
            n_sectors: sectors.len(),
            rngs,
        }
    }

    /// The stream of market region `r` and the run's sector `si`.
    pub(crate) fn cell(&mut self, r: usize, si: usize) -> &mut Pcg64Mcg {
        &mut self.rngs[r * self.n_sectors + si]
    }
}

/// Stream `d` of `seed`: SplitMix64 of `(seed, d)` as a generator's seed,
/// so that neighbouring streams are independent.
pub(crate) fn stream_rng(seed: u64, d: u64) -> Pcg64Mcg {
    let mut z = seed
        .wrapping_add(0x9E37_79B9_7F4A_7C15u64.wrapping_mul(d.wrapping_add(1)))
        .wrapping_add(0xD1B5_4A32_D192_ED03);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    Pcg64Mcg::seed_from_u64(z ^ (z >> 31))
}

/// A standard normal draw.
pub(crate) fn std_normal(rng: &mut Pcg64Mcg) -> f64 {
    use rand_distr::Distribution;
    rand_distr::StandardNormal.sample(rng)
}

/// The factor on a count with expectation `expected`: 1 + z / √expected
/// (the normal approximation of a binomial or Poisson count), at least 0.
pub(crate) fn count_noise(rng: &mut Pcg64Mcg, expected: f64) -> f64 {
    if expected <= 0.0 {
        return 1.0;
    }
    (1.0 + std_normal(rng) / expected.max(1.0).sqrt()).max(0.0)
}

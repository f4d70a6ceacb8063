//! One Monte Carlo draw's noise: factors on demand and graduates, and the
//! process noise on counts.

use ndarray::Array2;

/// One Monte Carlo draw's departure from the central path: factors on
/// demand (and pupils) per market region and year, on graduates per route
/// and year, and the generator of the process noise (leavers and hires of
/// each region, sector and forecast year).
#[derive(Debug, Clone)]
pub(crate) struct DrawNoise {
    /// Factor on demand and pupils `[market, year]` (1 in history years).
    pub(crate) demand: Array2<f64>,
    /// Factor on graduates `[route, year]`.
    pub(crate) graduates: Array2<f64>,
    /// Process noise, when on.
    pub(crate) rng: Option<rand_pcg::Pcg64Mcg>,
}

/// A standard normal draw.
pub(crate) fn std_normal(rng: &mut rand_pcg::Pcg64Mcg) -> f64 {
    use rand_distr::Distribution;
    rand_distr::StandardNormal.sample(rng)
}

/// The factor on a count with expectation `expected`: 1 + z / √expected
/// (the normal approximation of a binomial or Poisson count), at least 0.
pub(crate) fn count_noise(rng: &mut rand_pcg::Pcg64Mcg, expected: f64) -> f64 {
    if expected <= 0.0 {
        return 1.0;
    }
    (1.0 + std_normal(rng) / expected.max(1.0).sqrt()).max(0.0)
}

//! The engine's loops over single years of age in SIMD lanes.
//!
//! A loop over the ages runs its body on [`Vector`]s of [`W`] ages at a
//! time (`wide::f64x4`: two SSE2 or one AVX operation on x86-64, NEON on
//! ARM) and on single `f64`s for the ages left over; the body is written
//! once, generic over [`Lane`]. Every lane does the same IEEE operations
//! as the scalar code would, so the results do not depend on the
//! instruction set; sums are added up in a fixed order ([`sum`]) for the
//! same reason.

use std::ops::{Add, Mul, Sub};

/// Four ages at a time.
pub(crate) type Vector = wide::f64x4;

/// Ages per [`Vector`].
pub(crate) const W: usize = 4;

/// A number the loop bodies compute on: one age (`f64`) or [`W`] ages
/// ([`Vector`]).
pub(crate) trait Lane:
    Copy + Add<Output = Self> + Sub<Output = Self> + Mul<Output = Self>
{
    /// The value `x` in every lane.
    fn splat(x: f64) -> Self;
    /// Ages `i..i + width` of `x` (a fixed-size lane, so that the
    /// compiler can prove the index in bounds and drop its check).
    fn load<const N: usize>(x: &[f64; N], i: usize) -> Self;
    /// Writes the lanes into ages `i..i + width` of `x`.
    fn store<const N: usize>(self, x: &mut [f64; N], i: usize);
}

impl Lane for f64 {
    #[inline(always)]
    fn splat(x: f64) -> Self {
        x
    }
    #[inline(always)]
    fn load<const N: usize>(x: &[f64; N], i: usize) -> Self {
        x[i]
    }
    #[inline(always)]
    fn store<const N: usize>(self, x: &mut [f64; N], i: usize) {
        x[i] = self;
    }
}

impl Lane for Vector {
    #[inline(always)]
    fn splat(x: f64) -> Self {
        Vector::splat(x)
    }
    #[inline(always)]
    fn load<const N: usize>(x: &[f64; N], i: usize) -> Self {
        let s = &x[i..i + W];
        Vector::from([s[0], s[1], s[2], s[3]])
    }
    #[inline(always)]
    fn store<const N: usize>(self, x: &mut [f64; N], i: usize) {
        let (s, a) = (&mut x[i..i + W], self.to_array());
        s[0] = a[0];
        s[1] = a[1];
        s[2] = a[2];
        s[3] = a[3];
    }
}

/// The sum of the lanes of `v`, in a fixed order.
#[inline(always)]
pub(crate) fn sum(v: Vector) -> f64 {
    let a = v.to_array();
    (a[0] + a[1]) + (a[2] + a[3])
}

/// Runs `body` over ages `0..n`: on [`Vector`]s from 0 in steps of [`W`],
/// then on single ages. With a count `K`, returns the `K` sums of what the
/// body returns (the vector parts added lane by lane, then in a fixed
/// order, then the single ages); without, the body returns nothing. A
/// macro, not a function, because the body is generic over [`Lane`] (`$t`
/// names the lane type inside it).
macro_rules! over_ages {
    ($n:expr, |$i:ident, $t:ident| $body:block) => {{
        use $crate::model::lanes::{Lane as _, Vector, W};
        let n: usize = $n;
        for c in 0..n / W {
            let $i = c * W;
            type $t = Vector;
            $body
        }
        for $i in n / W * W..n {
            #[allow(dead_code)]
            type $t = f64;
            $body
        }
    }};
    ($n:expr, $k:literal, |$i:ident, $t:ident| $body:block) => {{
        use $crate::model::lanes::{sum, Lane as _, Vector, W};
        let n: usize = $n;
        let mut acc = [Vector::splat(0.0); $k];
        for c in 0..n / W {
            let $i = c * W;
            let v: [Vector; $k] = {
                type $t = Vector;
                $body
            };
            for (a, x) in acc.iter_mut().zip(v) {
                *a += x;
            }
        }
        let mut out: [f64; $k] = acc.map(sum);
        for $i in n / W * W..n {
            let v: [f64; $k] = {
                #[allow(dead_code)]
                type $t = f64;
                $body
            };
            for (o, x) in out.iter_mut().zip(v) {
                *o += x;
            }
        }
        out
    }};
}
pub(crate) use over_ages;

#[cfg(test)]
mod tests {
    #[test]
    fn over_ages_sums_every_age_once_and_writes_each() {
        let x: [f64; 58] = std::array::from_fn(|i| i as f64);
        let mut y = [0.0; 58];
        let [s, s2] = over_ages!(58, 2, |i, T| {
            let v = T::load(&x, i);
            (v * T::splat(2.0)).store(&mut y, i);
            [v, v * v]
        });
        assert_eq!(s, (0..58).sum::<i32>() as f64);
        assert_eq!(s2, (0..58).map(|i| i * i).sum::<i32>() as f64);
        assert!(y.iter().enumerate().all(|(i, v)| *v == 2.0 * i as f64));
        // Fewer ages than a vector: single ages only.
        let [t] = over_ages!(3, 1, |i, T| { [T::load(&x, i)] });
        assert_eq!(t, 3.0);
    }
}

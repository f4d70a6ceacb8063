//! Benchmarks live in `benches/benches/`; run them with
//! `cargo bench -p tekort-benches`.

use std::time::Instant;

/// One warm-up call of `f`, then the median wall time (seconds) of 3
/// calls, with the last call's result: how the peer benchmark's Python
/// script times its peers, used by the microsimulation examples.
pub fn median_of_3<T>(mut f: impl FnMut() -> T) -> (f64, T) {
    f();
    let mut times = Vec::with_capacity(3);
    let mut last = None;
    for _ in 0..3 {
        let t = Instant::now();
        let out = f();
        times.push(t.elapsed().as_secs_f64());
        last = Some(out);
    }
    times.sort_by(f64::total_cmp);
    (times[1], last.expect("three calls"))
}

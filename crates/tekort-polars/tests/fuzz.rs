//! Property-based fuzzing of every text and frame input: region, births and
//! pupil CSV files, parameter and scenario TOML, every table of the data
//! directory (one mutated table in place of the embedded one, and a whole
//! mutated copy of `data/` on disk), region / births / pupils / backtest
//! frames, and `write_frame` to paths it cannot write. Every input gives a
//! result or a typed error: a panic fails the test, printing the input.
//!
//! Inputs are valid rows with mutations drawn from a tape of numbers
//! (`fuzz_inputs`), so proptest shrinks a failure towards the valid input.
//! The long run with a million cases per loader is
//! `benches/examples/fuzz_long.rs` (see `docs/fuzzing.md`).

mod fuzz_inputs;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use fuzz_inputs::{Case, Ctx, Outcome, Rows, Tape, LOADERS};
use proptest::prelude::*;

fn tape() -> impl Strategy<Value = Vec<u32>> {
    prop::collection::vec(any::<u32>(), 0..64)
}

/// One context per test thread (each has its own scratch directory).
fn with_ctx<T>(f: impl FnOnce(&Ctx) -> T) -> T {
    thread_local! {
        static CTX: Ctx = Ctx::new(&data_dir(), scratch(&format!("{:?}", std::thread::current().id())));
    }
    CTX.with(f)
}

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tekort-data/data")
}

fn scratch(tag: &str) -> PathBuf {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    let root = ROOT.get_or_init(|| {
        std::env::temp_dir().join(format!("tekort-fuzz-test-{}", std::process::id()))
    });
    let tag: String = tag.chars().filter(char::is_ascii_alphanumeric).collect();
    root.join(tag)
}

fn check(name: &str, case: Case, tape: &[u32]) -> Result<(), TestCaseError> {
    with_ctx(|x| match case(x, &mut Tape::new(tape)) {
        Outcome::Panic(msg) => Err(TestCaseError::fail(format!(
            "{name} panicked: {msg} (tape {tape:?})"
        ))),
        Outcome::Ok | Outcome::Err(_) => Ok(()),
    })
}

fn loader(name: &str) -> Case {
    LOADERS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, f)| *f)
        .expect("known loader")
}

proptest! {
    // Four times proptest's default of 256: about 15 s in release.
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn region_csv(t in tape()) { check("region_csv", loader("region_csv"), &t)?; }

    #[test]
    fn births_csv(t in tape()) { check("births_csv", loader("births_csv"), &t)?; }

    #[test]
    fn pupils_csv(t in tape()) { check("pupils_csv", loader("pupils_csv"), &t)?; }

    #[test]
    fn params_toml(t in tape()) { check("params_toml", loader("params_toml"), &t)?; }

    #[test]
    fn scenario_toml(t in tape()) { check("scenario_toml", loader("scenario_toml"), &t)?; }

    #[test]
    fn regions_frame(t in tape()) { check("regions_frame", loader("regions_frame"), &t)?; }

    #[test]
    fn births_frame(t in tape()) { check("births_frame", loader("births_frame"), &t)?; }

    #[test]
    fn pupils_frame(t in tape()) { check("pupils_frame", loader("pupils_frame"), &t)?; }

    #[test]
    fn backtest_frame(t in tape()) { check("backtest_frame", loader("backtest_frame"), &t)?; }

    /// Any one table of `data/`, mutated, in place of the embedded one.
    #[test]
    fn data_table(table in 0..tekort_polars::TABLES.len(), t in tape()) {
        with_ctx(|x| match fuzz_inputs::data_table(table, x, &mut Tape::new(&t)) {
            Outcome::Panic(msg) => Err(TestCaseError::fail(format!(
                "{} panicked: {msg} (tape {t:?})",
                tekort_polars::TABLES[table]
            ))),
            _ => Ok(()),
        })?;
    }
}

/// The unmutated inputs are accepted (a zero tape is the valid input), so
/// the mutations start from inputs that pass, not from ones that fail early.
#[test]
fn zero_tape_is_valid() {
    with_ctx(|x| {
        for (name, case) in LOADERS {
            if let Outcome::Err(e) = case(x, &mut Tape::new(&[])) {
                panic!("{name}: the valid input fails: {e}");
            }
        }
        for (i, name) in tekort_polars::TABLES.iter().enumerate() {
            if let Outcome::Err(e) = fuzz_inputs::data_table(i, x, &mut Tape::new(&[])) {
                panic!("{name}: the valid table fails: {e}");
            }
        }
    });
}

proptest! {
    // Each case parses the whole data directory from disk.
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// `--data DIR`: a copy of `data/` with one table mutated, truncated
    /// or removed (`fuzz_inputs::data_dir`, which checks that a removed
    /// table is a read error).
    #[test]
    fn data_directory(t in tape()) { check("data_dir", loader("data_dir"), &t)?; }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// `write_frame` to a new file, an existing one, a symbolic link, a
    /// long name, beside a planted link or a stale temporary, or a path it
    /// cannot write (`fuzz_inputs::out_path`): a failure leaves the
    /// directory as it was, a success leaves only the whole destination.
    #[test]
    fn out_path(t in tape()) { check("out_path", loader("out_path"), &t)?; }
}

/// Writing the frame inputs back (`save`) works for any frame the
/// generators make, or fails with a typed error; never a panic.
#[test]
fn frames_write_or_fail() {
    let dir = scratch("frames");
    std::fs::create_dir_all(&dir).unwrap();
    with_ctx(|_| {
        for seed in 0..64u64 {
            let mut rng = fuzz_inputs::Rng(seed);
            let mut r = Rows::parse("a,b,c\n1,x,2.5\n2,y,nan\n,z,inf\n");
            r.mutate(&mut rng);
            let Ok(mut frame) = r.to_frame(&mut rng) else {
                continue;
            };
            for ext in ["csv", "parquet"] {
                let path = dir.join(format!("f.{ext}"));
                if let Outcome::Panic(msg) =
                    fuzz_inputs::run(|| tekort_polars::write_frame(&mut frame, &path))
                {
                    panic!("write_frame panicked on {frame:?}: {msg}");
                }
            }
        }
    });
}

//! Input files are read with a size cap (issue 21, part 5): a device that
//! never ends (`/dev/zero`, `/dev/urandom`), a file over the cap or binary
//! data fails at once with an error naming the path and the option, never
//! a hang or an exhausted memory. Every run has a timeout, so a hang fails
//! the test instead of blocking CI.

mod common;
use common::{stderr, tekort_within, TempDir};

/// Generous: each of these runs takes well under a second when it works.
const TIMEOUT: u64 = 60;

/// Runs `args`, expects a clean failure (exit 1 or 2, no panic) whose
/// message holds every one of `needles`.
fn fails_naming(args: &[&str], needles: &[&str]) {
    let o = tekort_within(TIMEOUT, args);
    let err = stderr(&o);
    assert!(!o.status.success(), "{args:?} succeeded: {err}");
    assert_ne!(o.status.code(), Some(101), "{args:?} panicked: {err}");
    assert!(
        err.len() < 2_000,
        "{args:?}: a message of {} bytes",
        err.len()
    );
    for n in needles {
        assert!(err.contains(n), "{args:?}: {n:?} not in {err}");
    }
}

#[cfg(unix)]
#[test]
fn endless_devices_fail_at_once_naming_path_and_option() {
    let f = ["forecast", "--regions", "nl", "--until", "2030"];
    let with =
        |extra: &[&'static str]| -> Vec<&'static str> { f.iter().chain(extra).copied().collect() };
    fails_naming(
        &with(&["--params", "/dev/zero"]),
        &["/dev/zero", "--params", "NUL"],
    );
    fails_naming(
        &with(&["--scenario", "/dev/zero"]),
        &["/dev/zero", "--scenario"],
    );
    fails_naming(
        &with(&["--params", "/dev/urandom"]),
        &["/dev/urandom", "--params"],
    );
    fails_naming(
        &with(&["--pupils", "/dev/urandom"]),
        &["/dev/urandom", "--pupils"],
    );
    fails_naming(
        &with(&["--pupils", "/dev/zero"]),
        &["/dev/zero", "--pupils"],
    );
    fails_naming(
        &with(&["--demography", "/dev/urandom"]),
        &["/dev/urandom", "--demography"],
    );
    fails_naming(
        &["forecast", "--regions", "/dev/zero", "--until", "2030"],
        &["/dev/zero", "--regions", "NUL"],
    );
    // /dev/urandom may, once in 30,000 runs, start with a UTF-16 mark
    // (then it is read to the cap and refused as too large).
    fails_naming(
        &["forecast", "--regions", "/dev/urandom", "--until", "2030"],
        &["/dev/urandom", "--regions"],
    );
}

#[cfg(unix)]
#[test]
fn a_data_table_from_a_device_fails_naming_it() {
    let dir = TempDir::new("bounded-data");
    let data = dir.0.join("data");
    std::fs::create_dir_all(&data).unwrap();
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
    for t in tekort_polars::TABLES {
        std::fs::copy(src.join(t), data.join(t)).unwrap();
    }
    std::fs::remove_file(data.join("po_pupils.csv")).unwrap();
    std::os::unix::fs::symlink("/dev/urandom", data.join("po_pupils.csv")).unwrap();
    let d = data.display().to_string();
    fails_naming(
        &[
            "forecast",
            "--regions",
            "nl",
            "--until",
            "2030",
            "--data",
            &d,
        ],
        &["po_pupils.csv", "--data"],
    );
}

#[test]
fn files_over_the_cap_or_binary_are_refused() {
    let dir = TempDir::new("bounded-files");
    let big = "#".repeat(tekort_polars::MAX_TOML_BYTES as usize + 1);
    let big = dir.file("big.toml", &big);
    fails_naming(
        &[
            "forecast",
            "--regions",
            "nl",
            "--until",
            "2030",
            "--params",
            &big,
        ],
        &["big.toml", "larger than 1 MiB", "--params"],
    );
    let p = dir.0.join("pupils.csv");
    std::fs::write(
        &p,
        b"region,sector,year,pupils\nNederland,po,2030,\x00\x00\n",
    )
    .unwrap();
    let p = p.display().to_string();
    fails_naming(
        &[
            "forecast",
            "--regions",
            "nl",
            "--until",
            "2030",
            "--pupils",
            &p,
        ],
        &["pupils.csv", "byte 45 is a NUL", "--pupils"],
    );
}

#[test]
fn a_non_number_is_named_with_its_row_and_value() {
    let dir = TempDir::new("bounded-row");
    let p = dir.file(
        "pupils.csv",
        "region,sector,year,pupils\nNederland,po,2030,1000\nNederland,po,twee,1000\n",
    );
    fails_naming(
        &[
            "forecast",
            "--regions",
            "nl",
            "--until",
            "2030",
            "--pupils",
            &p,
        ],
        &[
            "pupils.csv",
            "column \"year\", row 3: \"twee\" is not a number",
        ],
    );
}

/// Numbers in messages read at a glance: a scenario value of 1e308 is
/// `1e308`, not 309 digits; the estimate of a run too long gives its
/// counts grouped and its time in a unit that fits (days, not 583,333
/// minutes).
#[test]
fn numbers_in_messages_are_readable() {
    let dir = TempDir::new("bounded-numbers");
    let s = dir.file("huge.toml", "name = \"huge\"\nreturners = 1e308\n");
    fails_naming(
        &[
            "forecast",
            "--regions",
            "nl",
            "--until",
            "2030",
            "--scenario",
            &s,
        ],
        &["returners = 1e308 must be between 0 and 20"],
    );
    let o = tekort_within(
        TIMEOUT,
        &[
            "forecast",
            "--regions",
            "nl",
            "--until",
            "2030",
            "--scenario",
            &s,
        ],
    );
    let err = stderr(&o);
    assert!(!err.contains("00000000"), "{err}");
    fails_naming(
        &[
            "forecast",
            "--regions",
            "nl",
            "--sector",
            "vo",
            "--until",
            "2030",
            "--draws",
            "10000000",
        ],
        &[
            "10,000,000 draws of 350 market cell-years",
            "minutes are allowed",
        ],
    );
    fails_naming(
        &[
            "microsim",
            "--regions",
            "nl",
            "--until",
            "2030",
            "--runs",
            "100000000",
        ],
        &["100,000,000 runs of ", " days on a 2-core machine"],
    );
    fails_naming(
        &[
            "microsim",
            "--regions",
            "nl",
            "--until",
            "2030",
            "--runs",
            "18446744073709551615",
        ],
        &[
            "18,446,744,073,709,551,615 runs of ",
            " years on a 2-core machine",
        ],
    );
}

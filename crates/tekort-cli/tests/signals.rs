//! Ctrl-C (SIGINT), SIGTERM and kill -9 during a large write: no temporary
//! file stays behind (a signal removes it at once; kill -9's is removed by
//! the next run in that directory), the destination keeps its old version,
//! and the exit status is 130 or 143. And `SOURCE_DATE_EPOCH` makes the
//! `.xlsx` output reproducible.

mod common;

use std::os::unix::process::ExitStatusExt;
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant, SystemTime};

use common::*;

/// The temporary files of writes in `dir`.
fn temporaries(dir: &TempDir) -> Vec<String> {
    dir.entries()
        .into_iter()
        .filter(|n| n.contains(".tekort-") && n.ends_with(".tmp"))
        .collect()
}

/// A region file with one region per municipality: to 2060 that is 68,400
/// rows, an `.xlsx` of about 20 MB that takes seconds to compress.
fn municipality_regions(dir: &TempDir) -> String {
    let gemeenten = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tekort-data/data/gemeenten.csv"
    );
    let text = std::fs::read_to_string(gemeenten).unwrap();
    let mut csv = String::from("gemeentecode,region\n");
    for line in text.lines().skip(1) {
        let code = line.split(',').next().unwrap();
        csv.push_str(&format!("{code},g{code}\n"));
    }
    dir.file("gemeenten.csv", &csv)
}

fn send(pid: u32, signal: &str) {
    let ok = Command::new("kill")
        .args([format!("-{signal}"), pid.to_string()])
        .status()
        .unwrap();
    assert!(ok.success(), "kill -{signal} {pid}");
}

fn spawn(args: &[&str]) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_tekort"))
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// Starts a large `.xlsx` write into `dir`, waits until its temporary file
/// holds data (the write is under way) and sends `signal`.
fn interrupt_write(dir: &TempDir, out: &str, signal: &str) -> ExitStatus {
    let regions = municipality_regions(dir);
    let args = [
        "forecast",
        "--regions",
        &regions,
        "--until",
        "2060",
        "--out",
        out,
    ];
    let mut child = spawn(&args);
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            panic!("the run ended ({status}) before its temporary file was seen");
        }
        let writing = temporaries(dir)
            .iter()
            .any(|t| std::fs::metadata(dir.0.join(t)).is_ok_and(|m| m.len() > 0));
        if writing {
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(600), "no write seen");
        std::thread::sleep(Duration::from_millis(2));
    }
    send(child.id(), signal);
    child.wait().unwrap()
}

#[test]
fn sigterm_and_ctrl_c_mid_write_leave_no_temporary_and_the_old_file() {
    for (signal, code) in [("TERM", 143), ("INT", 130)] {
        let dir = TempDir::new(&format!("signal-{signal}"));
        let out = dir.file("big.xlsx", "old");
        let status = interrupt_write(&dir, &out, signal);
        assert_eq!(temporaries(&dir), Vec::<String>::new(), "SIG{signal}");
        assert_eq!(status.code(), Some(code), "SIG{signal}: {status}");
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "old", "SIG{signal}");
        assert_eq!(dir.entries(), ["big.xlsx", "gemeenten.csv"]);
    }
}

#[test]
fn sigterm_mid_run_leaves_nothing() {
    let dir = TempDir::new("signal-run");
    let out = dir.path("big.parquet");
    let mut child = spawn(&["forecast", "--draws", "2000", "--out", &out]);
    std::thread::sleep(Duration::from_millis(500));
    assert!(
        child.try_wait().unwrap().is_none(),
        "the run is still going"
    );
    send(child.id(), "TERM");
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(143), "{status}");
    assert!(dir.entries().is_empty(), "{:?}", dir.entries());
}

#[test]
fn the_temporary_of_a_kill_9_is_removed_by_the_next_run() {
    let dir = TempDir::new("signal-kill");
    let out = dir.path("big.xlsx");
    let status = interrupt_write(&dir, &out, "KILL");
    assert_eq!(status.signal(), Some(9), "{status}");
    // kill -9 cannot be caught: the temporary stays, the destination is
    // not written.
    let left = temporaries(&dir);
    assert_eq!(left.len(), 1, "{:?}", dir.entries());
    assert!(!dir.0.join("big.xlsx").exists());
    // A minute later the next write into the directory removes it.
    let f = std::fs::File::options()
        .write(true)
        .open(dir.0.join(&left[0]))
        .unwrap();
    f.set_modified(SystemTime::now() - Duration::from_secs(120))
        .unwrap();
    let o = tekort(&[
        "forecast",
        "--regions",
        "nl",
        "--until",
        "2026",
        "--out",
        &dir.path("nl.csv"),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(dir.entries(), ["gemeenten.csv", "nl.csv"]);
}

#[test]
fn source_date_epoch_makes_xlsx_byte_identical() {
    let dir = TempDir::new("sde");
    let out = dir.path("nl.xlsx");
    let run = || {
        let o = Command::new(env!("CARGO_BIN_EXE_tekort"))
            .args([
                "forecast",
                "--regions",
                "nl",
                "--until",
                "2026",
                "--out",
                &out,
            ])
            .env("SOURCE_DATE_EPOCH", "1700000000")
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        std::fs::read(&out).unwrap()
    };
    let first = run();
    std::thread::sleep(Duration::from_millis(1_100));
    assert!(first == run(), "two runs with SOURCE_DATE_EPOCH differ");
}

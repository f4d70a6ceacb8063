//! Atomic writes as trusted tools do them: a fresh temporary created
//! exclusively (a planted symbolic link is never written through), stale
//! temporaries of dead writers removed by the next write, concurrent
//! writers to one path each leaving one whole file, and names up to the
//! 255-byte limit.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use calamine::{open_workbook, Data, Reader, Xlsx};
use polars::prelude::*;
use tekort_polars::write_frame;

struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> Self {
        let p = std::env::temp_dir().join(format!("tekort-atomic-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }
    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
    fn entries(&self) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(&self.0)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A frame of `n` rows whose column `i` is `i` throughout: a file that
/// holds it whole is recognised.
fn frame(i: i64, n: usize) -> DataFrame {
    df!(
        "i" => vec![i; n],
        "x" => (0..n).map(|k| k as f64 * 0.5).collect::<Vec<_>>(),
        "s" => (0..n).map(|k| format!("r{k}")).collect::<Vec<_>>(),
    )
    .unwrap()
}

/// The pid of a process that has ended (and been reaped).
fn dead_pid() -> u32 {
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    pid
}

fn backdate(path: &Path, by: Duration) {
    let f = std::fs::File::options().write(true).open(path).unwrap();
    f.set_modified(SystemTime::now() - by).unwrap();
}

/// `(i, rows)` of the frame a file holds, checking it is whole.
fn read_back(path: &Path) -> (i64, usize) {
    let ext = path.extension().unwrap().to_str().unwrap();
    if ext == "xlsx" {
        let mut book: Xlsx<_> = open_workbook(path).expect("a valid workbook");
        let range = book.worksheet_range("results").expect("a results sheet");
        let rows: Vec<&[Data]> = range.rows().skip(1).collect();
        let first = match rows[0][0] {
            Data::Float(f) => f as i64,
            ref d => panic!("not a number: {d:?}"),
        };
        for (k, r) in rows.iter().enumerate() {
            assert_eq!(r[0], Data::Float(first as f64));
            assert_eq!(r[2], Data::String(format!("r{k}")));
        }
        return (first, rows.len());
    }
    let df = if ext == "csv" {
        CsvReadOptions::default()
            .try_into_reader_with_file_path(Some(path.to_path_buf()))
            .unwrap()
            .finish()
            .expect("a whole CSV")
    } else {
        ParquetReader::new(std::fs::File::open(path).unwrap())
            .finish()
            .expect("a whole Parquet file")
    };
    let i = df.column("i").unwrap().i64().unwrap().get(0).unwrap();
    assert!(df.equals(&frame(i, df.height())), "{df:?}");
    (i, df.height())
}

fn rows_of(i: i64) -> usize {
    2_000 + 1_500 * i as usize
}

#[test]
fn a_planted_symlink_is_never_written_through() {
    let dir = TempDir::new("symlink");
    let victim = dir.path("victim");
    std::fs::write(&victim, "keep").unwrap();
    // tekort 0.1's predictable names, of this process and of a dead one,
    // and a name in the new pattern.
    let me = std::process::id();
    let dead = dead_pid();
    let planted = [
        format!(".x.csv.tekort-{me}.tmp"),
        format!(".x.csv.tekort-{dead}.tmp"),
        format!(".x.csv.tekort-{dead}-0123456789abcdef.tmp"),
    ];
    for name in &planted {
        std::os::unix::fs::symlink(&victim, dir.path(name)).unwrap();
        // Old enough to be stale: the link is still not followed.
        let _ = std::process::Command::new("touch")
            .args(["-h", "-d", "2000-01-01"])
            .arg(dir.path(name))
            .status();
    }
    for _ in 0..20 {
        write_frame(&mut frame(1, 10), &dir.path("x.csv")).unwrap();
        tekort_polars::check_output_path(&dir.path("x.csv")).unwrap();
    }
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep");
    assert_eq!(read_back(&dir.path("x.csv")), (1, 10));
    let mut want: Vec<String> = planted.to_vec();
    want.extend(["victim".into(), "x.csv".into()]);
    want.sort();
    assert_eq!(dir.entries(), want);
}

#[test]
fn stale_temporaries_of_dead_writers_are_removed_by_the_next_write() {
    let dir = TempDir::new("stale");
    let dead = dead_pid();
    let alive = std::os::unix::process::parent_id();
    let stale = [
        format!(".big.parquet.tekort-{dead}-00000000deadbeef.tmp"),
        format!(".big.parquet.tekort-{dead}.tmp"), // tekort 0.1's name
        format!(".other.xlsx.tekort-{dead}-0123456789abcdef.tmp"),
    ];
    let kept = [
        // a live writer's
        format!(".big.parquet.tekort-{alive}-00000000deadbeef.tmp"),
        // a dead writer's, but written less than a minute ago
        format!(".young.csv.tekort-{dead}-00000000deadbeef.tmp"),
        // not a temporary's name
        format!("big.parquet.tekort-{dead}-00000000deadbeef.tmp"),
        format!(".big.parquet.tekort-{dead}-xyz.tmp"),
    ];
    for name in stale.iter().chain(&kept) {
        std::fs::write(dir.path(name), vec![7u8; 36_000]).unwrap();
        if !name.starts_with(".young") {
            backdate(&dir.path(name), Duration::from_secs(120));
        }
    }
    write_frame(&mut frame(3, 5), &dir.path("new.csv")).unwrap();
    let mut want: Vec<String> = kept.to_vec();
    want.push("new.csv".into());
    want.sort();
    assert_eq!(dir.entries(), want);
}

#[test]
fn concurrent_writers_to_one_path_each_leave_a_whole_file() {
    let dir = TempDir::new("concurrent");
    for ext in ["csv", "parquet", "xlsx"] {
        let path = dir.path(&format!("same.{ext}"));
        for round in 0..4 {
            let barrier = std::sync::Barrier::new(8);
            let results: Vec<_> = std::thread::scope(|s| {
                let handles: Vec<_> = (0..8i64)
                    .map(|i| {
                        let (path, barrier) = (&path, &barrier);
                        s.spawn(move || {
                            let mut df = frame(i, rows_of(i));
                            barrier.wait();
                            write_frame(&mut df, path)
                        })
                    })
                    .collect();
                handles.into_iter().map(|h| h.join().unwrap()).collect()
            });
            for (i, r) in results.iter().enumerate() {
                assert!(r.is_ok(), "{ext} round {round} writer {i}: {r:?}");
            }
            let (i, n) = read_back(&path);
            assert_eq!(n, rows_of(i), "{ext} round {round}");
            assert_eq!(
                dir.entries(),
                [format!("same.{ext}")],
                "{ext} round {round}"
            );
        }
        std::fs::remove_file(&path).unwrap();
    }
}

#[test]
fn names_up_to_255_bytes_are_written() {
    let dir = TempDir::new("long");
    let mut names: Vec<String> = [240, 250, 255]
        .iter()
        .map(|&n| "a".repeat(n - 8) + ".parquet")
        .collect();
    names.push("é".repeat(123) + ".xlsx"); // 251 bytes
    for (i, name) in names.iter().enumerate() {
        let path = dir.path(name);
        write_frame(&mut frame(i as i64, 3), &path).unwrap();
        assert_eq!(read_back(&path), (i as i64, 3), "{} bytes", name.len());
    }
    names.sort();
    assert_eq!(dir.entries(), names);
    // One byte more is the file system's error, with nothing left behind.
    let too_long = "a".repeat(256 - 4) + ".csv";
    assert!(write_frame(&mut frame(9, 3), &dir.path(&too_long)).is_err());
    assert_eq!(dir.entries(), names);
}

//! Writing result frames as CSV, Parquet or Excel (`.xlsx`), atomically: the
//! output appears whole or not at all.
//!
//! Every write goes to a temporary file `.NAME.tekort-PID-RANDOM.tmp` beside
//! the destination (created exclusively under an unpredictable name),
//! flushed to disk and renamed over the destination; the directory is
//! flushed after the rename. A failed write removes its temporary; the
//! `tekort` command removes it on Ctrl-C and SIGTERM too
//! ([`abandon_writes`]); and the temporary of a process killed outright
//! (kill -9) is removed by the next write into that directory once the
//! process is gone and the file is a minute old.

use std::collections::hash_map::RandomState;
use std::fs::{File, OpenOptions};
use std::hash::{BuildHasher, Hasher};
use std::io::{BufWriter, ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use polars::prelude::*;

use crate::error::{Error, Result};
use crate::xlsx::{self, WriteMeta};

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum OutputFormat {
    /// Comma-separated values with a header.
    Csv,
    /// Apache Parquet.
    Parquet,
    /// An Excel workbook: a typed `results` sheet and a `metadata` sheet
    /// (see [`crate::WriteMeta`]).
    Xlsx,
}

impl OutputFormat {
    /// The format from the file extension; `.parquet` and `.xlsx` need
    /// the cargo features `parquet` and `xlsx` (defaults), and without
    /// them are [`Error::FormatNotBuilt`].
    ///
    /// ```
    /// use tekort_polars::OutputFormat;
    /// let f = OutputFormat::from_path("out.CSV".as_ref()).unwrap();
    /// assert_eq!(f, OutputFormat::Csv);
    /// assert!(OutputFormat::from_path("out.txt".as_ref()).is_err());
    /// ```
    pub fn from_path(path: &Path) -> Result<Self> {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("csv") => Ok(OutputFormat::Csv),
            Some("parquet") if cfg!(feature = "parquet") => Ok(OutputFormat::Parquet),
            Some("xlsx") if cfg!(feature = "xlsx") => Ok(OutputFormat::Xlsx),
            Some("parquet") => Err(not_built(path, OutputFormat::Parquet)),
            Some("xlsx") => Err(not_built(path, OutputFormat::Xlsx)),
            _ => Err(Error::UnsupportedFormat {
                path: path.to_path_buf(),
            }),
        }
    }
}

/// The error for a format whose cargo feature is off.
fn not_built(path: &Path, format: OutputFormat) -> Error {
    let (format, feature) = match format {
        OutputFormat::Parquet => ("Parquet", "parquet"),
        OutputFormat::Xlsx => ("Excel", "xlsx"),
        OutputFormat::Csv => ("CSV", "(none)"),
    };
    Error::FormatNotBuilt {
        path: path.to_path_buf(),
        format,
        feature,
    }
}

/// Temporaries of this process's writes in progress (created, not yet
/// renamed or removed). The lock is held while a temporary is created,
/// renamed or removed, so [`abandon_writes`] sees every one of them.
static IN_FLIGHT: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn in_flight() -> MutexGuard<'static, Vec<PathBuf>> {
    IN_FLIGHT.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Removes the temporary files of this process's writes in progress and
/// stops every write from going on: a write that reaches its next step
/// (creating, renaming or removing its temporary file) waits for ever. For
/// a handler of Ctrl-C or SIGTERM that exits the process right after (the
/// `tekort` command's does); no destination file is touched, so each one is
/// either its old version or a whole new one.
pub fn abandon_writes() {
    let mut guard = in_flight();
    for tmp in guard.drain(..) {
        let _ = std::fs::remove_file(&tmp);
    }
    // Keep the lock: no temporary is created or renamed from here on.
    std::mem::forget(guard);
}

/// The start of every temporary file's name after the destination's name.
const TEMP_TAG: &str = ".tekort-";
/// At most this many bytes of the destination's name go into the
/// temporary's name, which so stays far below the 255-byte limit of a
/// name (`.` + 64 + `.tekort-` + pid + `-` + 16 + `.tmp` ≤ 104 bytes).
const TEMP_NAME_MAX: usize = 64;
/// A temporary of a dead process is removed once it is this old.
const STALE_AFTER: Duration = Duration::from_secs(60);

/// 64 unpredictable bits: std's hasher keys come from the operating
/// system's random source (a fresh key per call), mixed with a counter and
/// the clock.
fn random_u64() -> u64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut h = RandomState::new().build_hasher();
    h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    h.write_u32(std::process::id());
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    h.write_u128(nanos);
    h.finish()
}

/// `.NAME.tekort-PID-RANDOM.tmp` beside `path`, with NAME cut to
/// [`TEMP_NAME_MAX`] bytes (at a character boundary).
fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut cut = name.len().min(TEMP_NAME_MAX);
    while !name.is_char_boundary(cut) {
        cut -= 1;
    }
    path.with_file_name(format!(
        ".{}{TEMP_TAG}{}-{:016x}.tmp",
        &name[..cut],
        std::process::id(),
        random_u64()
    ))
}

/// The process id in a temporary file's name (`.NAME.tekort-PID-RANDOM.tmp`,
/// or `.NAME.tekort-PID.tmp` of tekort 0.1's writer), if it is one.
fn temp_owner(file_name: &str) -> Option<u32> {
    let rest = file_name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let (_, tail) = rest.rsplit_once(TEMP_TAG)?;
    let pid = match tail.split_once('-') {
        Some((pid, random)) => {
            let ok = random.len() == 16 && random.bytes().all(|b| b.is_ascii_hexdigit());
            ok.then_some(pid)?
        }
        None => tail,
    };
    if pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    pid.parse().ok()
}

/// Whether process `pid` is alive; `None` where that cannot be told
/// (systems without `/proc`).
fn process_alive(pid: u32) -> Option<bool> {
    let proc = Path::new("/proc");
    if !proc.join("self").exists() {
        return None;
    }
    Some(proc.join(pid.to_string()).exists())
}

/// The directory `path` is in (`.` for a bare file name).
fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Removes from `dir` the temporary files that writers killed before they
/// could clean up left behind (kill -9, a crash, a power cut): files named
/// like [`temp_path`]'s whose process is gone (Linux: no `/proc/PID`) and
/// that were last written more than [`STALE_AFTER`] ago. Best effort: a
/// file it cannot read or remove stays.
fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let me = std::process::id();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(temp_owner) else {
            continue;
        };
        if pid == me || process_alive(pid) != Some(false) {
            continue;
        }
        // symlink_metadata: a planted link is neither followed nor removed.
        let Ok(meta) = std::fs::symlink_metadata(entry.path()) else {
            continue;
        };
        let old = meta
            .modified()
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > STALE_AFTER);
        if meta.file_type().is_file() && old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// A temporary file beside the destination, created exclusively under a
/// fresh unpredictable name; removed when dropped unless renamed over the
/// destination by [`Temporary::persist`].
struct Temporary {
    path: PathBuf,
    file: Option<File>,
}

impl Temporary {
    /// Creates the temporary of a write to `dest` (after removing the stale
    /// temporaries of dead writers from its directory). `create_new` fails
    /// on any existing name, a symbolic link included (O_CREAT | O_EXCL
    /// never follows one), and another name is tried.
    fn create(dest: &Path) -> std::io::Result<Temporary> {
        remove_stale_temporaries(parent_dir(dest));
        for _ in 0..64 {
            let path = temp_path(dest);
            let mut registry = in_flight();
            match OpenOptions::new().write(true).create_new(true).open(&path) {
                Ok(file) => {
                    registry.push(path.clone());
                    return Ok(Temporary {
                        path,
                        file: Some(file),
                    });
                }
                Err(e) if e.kind() == ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        }
        Err(std::io::Error::new(
            ErrorKind::AlreadyExists,
            "no free name for a temporary file after 64 tries",
        ))
    }

    /// The open temporary file.
    fn file(&mut self) -> &mut File {
        self.file
            .as_mut()
            .expect("a temporary's file is open until persist")
    }

    /// Flushes the file to disk, renames it over `dest` and flushes the
    /// directory entry (Unix), so after a crash `dest` is the old or the
    /// new whole file. On an error the temporary is removed (by drop).
    fn persist(mut self, dest: &Path) -> std::io::Result<()> {
        if let Some(file) = self.file.take() {
            file.sync_all()?;
        }
        {
            let mut registry = in_flight();
            std::fs::rename(&self.path, dest)?;
            registry.retain(|p| p != &self.path);
            // Renamed: nothing left for drop to remove.
            self.path = PathBuf::new();
        }
        sync_dir(parent_dir(dest))
    }
}

impl Drop for Temporary {
    fn drop(&mut self) {
        if self.path.as_os_str().is_empty() {
            return;
        }
        self.file.take();
        let mut registry = in_flight();
        let _ = std::fs::remove_file(&self.path);
        registry.retain(|p| p != &self.path);
    }
}

/// Flushes the directory `dir` to disk, so that a rename in it survives a
/// crash. A directory that cannot be opened for reading, or a file system
/// that cannot sync directories (EINVAL), is no error.
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        let Ok(d) = File::open(dir) else {
            return Ok(());
        };
        match d.sync_all() {
            Err(e) if !matches!(e.kind(), ErrorKind::InvalidInput | ErrorKind::Unsupported) => {
                return Err(e)
            }
            _ => {}
        }
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// Checks, before any work is done, that `path` has a known format and
/// that its directory accepts a new file. Leaves nothing behind.
pub fn check_output_path(path: &Path) -> Result<OutputFormat> {
    let format = OutputFormat::from_path(path)?;
    probe_writable(path)?;
    Ok(format)
}

/// That `path` is not a directory and that its directory accepts a new
/// file (a temporary one, removed again).
fn probe_writable(path: &Path) -> Result<()> {
    if path.is_dir() {
        return Err(Error::Write {
            path: path.to_path_buf(),
            reason: "is a directory".into(),
        });
    }
    drop(Temporary::create(path).map_err(|e| write_error(path, e))?);
    Ok(())
}

fn write_error(path: &Path, e: std::io::Error) -> Error {
    Error::Write {
        path: path.to_path_buf(),
        reason: e.to_string(),
    }
}

/// Writes `path` atomically, as trusted tools do: `fill` writes into a
/// temporary file in the same directory (a fresh, unpredictable name,
/// created exclusively: a planted file or symbolic link of that name is
/// never written through), which is flushed to disk (fsync), renamed over
/// `path` only when complete, and the directory flushed after. On any
/// failure, a panic of `fill` included, the temporary file is removed, so
/// no partial file is left. Concurrent writers to one path each write
/// their own temporary: the last rename wins and `path` is always one
/// whole file.
fn write_atomic(
    path: &Path,
    fill: impl FnOnce(&mut BufWriter<&mut File>) -> Result<()>,
) -> Result<()> {
    let mut tmp = Temporary::create(path).map_err(|e| write_error(path, e))?;
    {
        let mut w = BufWriter::new(tmp.file());
        fill(&mut w)?;
        w.flush().map_err(|e| write_error(path, e))?;
    }
    tmp.persist(path).map_err(|e| write_error(path, e))
}

/// Writes `frame` to `path` in the format its extension names. The data
/// goes to a temporary file in the same directory (a fresh name, created
/// exclusively), flushed to disk and renamed over `path` only when
/// complete, so a failure leaves no partial file and concurrent writers to
/// one path each leave a whole file (the last one wins). An `.xlsx` file
/// gets the default [`WriteMeta`] (no command line, no parameters);
/// [`write_frame_with`] records them. Two `.xlsx` writes of the same frame
/// are byte-identical when the environment variable `SOURCE_DATE_EPOCH`
/// (seconds since 1970) is set: it is then the workbook's creation time
/// and the metadata sheet's `written` time, instead of the clock.
pub fn write_frame(frame: &mut DataFrame, path: &Path) -> Result<()> {
    write_frame_with(frame, path, &WriteMeta::default())
}

/// [`write_frame`] recording `meta` (the command, the parameters, …) in
/// the `metadata` sheet of an `.xlsx` file; CSV and Parquet ignore it. An
/// `.xlsx` workbook is built in memory first, so a frame over Excel's
/// limits ([`Error::ExcelLimit`]) fails before any file is touched. As
/// [`write_frame`], an `.xlsx` file honours `SOURCE_DATE_EPOCH`.
pub fn write_frame_with(frame: &mut DataFrame, path: &Path, meta: &WriteMeta) -> Result<()> {
    let format = OutputFormat::from_path(path)?;
    let mut book = match format {
        OutputFormat::Xlsx => Some(xlsx::workbook(frame, meta, path)?),
        _ => None,
    };
    write_atomic(path, |w| {
        write_format(frame, format, book.as_mut(), w, path)
    })
}

/// A writer that keeps the first error of the writer it wraps: polars
/// reports an error of the file underneath in its own words (the disk
/// full while writing Parquet read "Invalid thrift: transport error"),
/// and the message should give the file's.
struct Recording<W> {
    inner: W,
    first: Option<std::io::Error>,
}

impl<W: Write> Write for Recording<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.inner.write(buf).inspect_err(|e| self.keep(e))
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush().inspect_err(|e| self.keep(e))
    }
}

impl<W> Recording<W> {
    fn keep(&mut self, e: &std::io::Error) {
        if self.first.is_none() {
            self.first = Some(std::io::Error::new(e.kind(), e.to_string()));
        }
    }
}

/// Writes `frame` (or, for `.xlsx`, the built `book`) to `w` in `format`.
/// An error names `path`: the file's own error (the disk full) where
/// there was one, else polars' (a column type the format cannot hold).
fn write_format<W>(
    frame: &mut DataFrame,
    format: OutputFormat,
    book: Option<&mut xlsx::Book>,
    w: W,
    path: &Path,
) -> Result<()>
where
    W: Write + Send,
{
    let mut w = Recording {
        inner: w,
        first: None,
    };
    let polars_error = |e: PolarsError| Error::Write {
        path: path.to_path_buf(),
        reason: e.to_string(),
    };
    let written = match format {
        OutputFormat::Csv => CsvWriter::new(&mut w)
            .include_header(true)
            .finish(frame)
            .map_err(polars_error),
        #[cfg(feature = "parquet")]
        OutputFormat::Parquet => ParquetWriter::new(&mut w)
            .finish(frame)
            .map(|_| ())
            .map_err(polars_error),
        #[cfg(not(feature = "parquet"))]
        OutputFormat::Parquet => Err(not_built(path, format)),
        OutputFormat::Xlsx => match book {
            Some(book) => xlsx::save(book, &mut w, path),
            None => Ok(()),
        },
    }
    .and_then(|()| w.flush().map_err(|e| write_error(path, e)));
    match (written, w.first) {
        (Err(_), Some(first)) => Err(write_error(path, first)),
        (written, _) => written,
    }
}

/// Writes a text document (the HTML report) to `path` atomically, as
/// [`write_frame`] does: a fresh temporary file in the same directory,
/// flushed and renamed over `path` only when complete.
pub fn write_text(text: &str, path: &Path) -> Result<()> {
    write_atomic(path, |w| {
        w.write_all(text.as_bytes())
            .map_err(|e| write_error(path, e))
    })
}

/// Checks, before any work is done, that `path` ends in `.html` (or
/// `.htm`) and that its directory accepts a new file.
pub fn check_html_path(path: &Path) -> Result<()> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if !matches!(ext.as_deref(), Some("html" | "htm")) {
        return Err(Error::Write {
            path: path.to_path_buf(),
            reason: "the report is an HTML page: the file name must end in .html".into(),
        });
    }
    probe_writable(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(tag: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("tekort-write-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn entries(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn temporary_names_are_fresh_short_and_recognised() {
        let long = "é".repeat(125) + ".csv"; // 254 bytes
        let a = temp_path(Path::new(&long));
        let b = temp_path(Path::new(&long));
        assert_ne!(a, b);
        let name = a.file_name().unwrap().to_str().unwrap();
        assert!(name.len() <= 104, "{} bytes: {name}", name.len());
        assert!(name.starts_with(".éé") && name.ends_with(".tmp"), "{name}");
        assert_eq!(temp_owner(name), Some(std::process::id()));
        let short = temp_path(Path::new("dir/x.csv"));
        assert_eq!(short.parent(), Some(Path::new("dir")));
        let short = short.file_name().unwrap().to_str().unwrap().to_owned();
        assert!(short.starts_with(".x.csv.tekort-"), "{short}");
        assert_eq!(temp_owner(&short), Some(std::process::id()));
        // tekort 0.1's name is recognised too; other files are not.
        assert_eq!(temp_owner(".x.csv.tekort-123.tmp"), Some(123));
        for other in [
            "x.csv",
            ".x.csv.tekort-.tmp",
            ".x.csv.tekort-12a.tmp",
            ".x.csv.tekort-12-abc.tmp",
            ".x.csv.tekort-12-0123456789abcdef.txt",
            "x.csv.tekort-12-0123456789abcdef.tmp",
        ] {
            assert_eq!(temp_owner(other), None, "{other}");
        }
    }

    #[test]
    fn a_failed_or_panicking_fill_leaves_nothing() {
        let dir = scratch("fail");
        let path = dir.join("out.csv");
        std::fs::write(&path, "old").unwrap();
        let err = write_atomic(&path, |w| {
            w.write_all(&[b'x'; 100_000]).unwrap();
            Err(Error::Write {
                path: path.clone(),
                reason: "test".into(),
            })
        });
        assert!(err.is_err());
        assert_eq!(entries(&dir), ["out.csv"]);
        let panicked = std::panic::catch_unwind(|| {
            write_atomic(&path, |w| {
                w.write_all(&[b'x'; 100_000]).unwrap();
                panic!("fill fails")
            })
        });
        assert!(panicked.is_err());
        assert_eq!(entries(&dir), ["out.csv"]);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        assert!(in_flight().is_empty());
        write_text("new", &path).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(entries(&dir), ["out.csv"]);
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// A file that fills up after `room` bytes, as a full disk does.
    #[cfg(all(feature = "parquet", feature = "xlsx"))]
    struct Full {
        room: usize,
    }

    #[cfg(all(feature = "parquet", feature = "xlsx"))]
    impl Write for Full {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if self.room == 0 {
                return Err(std::io::Error::new(
                    ErrorKind::StorageFull,
                    "No space left on device",
                ));
            }
            let n = buf.len().min(self.room);
            self.room -= n;
            Ok(n)
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// The disk full while writing gives the file's error with its path,
    /// in every format: Parquet's used to read "parquet: File out of
    /// specification: Invalid thrift: transport error".
    #[cfg(all(feature = "parquet", feature = "xlsx"))]
    #[test]
    fn a_full_disk_is_named_with_the_path() {
        let n = 20_000;
        let mut frame = df!(
            "region" => vec!["Utrecht"; n],
            "value" => (0..n).map(|i| i as f64 * 0.37).collect::<Vec<_>>(),
        )
        .unwrap();
        for (name, format) in [
            ("x.csv", OutputFormat::Csv),
            ("x.parquet", OutputFormat::Parquet),
            ("x.xlsx", OutputFormat::Xlsx),
        ] {
            let path = Path::new(name);
            let mut book = match format {
                OutputFormat::Xlsx => {
                    Some(xlsx::workbook(&frame, &WriteMeta::default(), path).unwrap())
                }
                _ => None,
            };
            for room in [0, 1_000] {
                let err = write_format(&mut frame, format, book.as_mut(), Full { room }, path)
                    .unwrap_err();
                let msg = err.to_string();
                assert!(matches!(err, Error::Write { .. }), "{name}: {msg}");
                assert!(
                    msg.contains(name) && msg.contains("No space left on device"),
                    "{name}, room {room}: {msg}"
                );
            }
            write_format(&mut frame, format, book.as_mut(), std::io::sink(), path).unwrap();
        }
    }

    #[test]
    fn a_probe_leaves_nothing() {
        let dir = scratch("probe");
        check_output_path(&dir.join("out.parquet")).unwrap();
        check_html_path(&dir.join("r.html")).unwrap();
        assert!(entries(&dir).is_empty());
        let _ = std::fs::remove_dir_all(&dir);
    }
}

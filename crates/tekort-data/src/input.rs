//! Reading a user's input file, bounded.
//!
//! Every file tekort reads from a user — `--params` and `--scenario`
//! (TOML), `--regions`, `--pupils`, `--demography` and the tables of
//! `--data` (CSV), and their Python counterparts — is read here, through
//! `Read::take`, so a device or pipe that never ends (`/dev/zero`,
//! `/dev/urandom`) stops at the cap instead of filling memory:
//!
//! | input                          | cap                       |
//! |--------------------------------|---------------------------|
//! | TOML (`--params`, `--scenario`) | [`MAX_TOML_BYTES`], 1 MiB  |
//! | CSV tables                     | [`MAX_TABLE_BYTES`], 256 MiB |
//!
//! The largest real inputs are far below: a parameter file of every key
//! is about 10 KB, the largest table of `data/` about 3 MB, a pupil
//! forecast per municipality, sector and year for 2100 a few MB.
//!
//! A file that is not text fails as soon as the first offending chunk is
//! read: a NUL byte (no CSV or TOML has one, except UTF-16, which region
//! files may be and which starts with a byte-order mark), or bytes that are
//! not UTF-8 in a file that must be UTF-8 (TOML, and CSV tables other than
//! region files, which may be Windows-1252).

use std::io::Read;
use std::path::Path;

use crate::error::{Error, Result};

/// The largest TOML file (`--params`, `--scenario`) read: 1 MiB.
pub const MAX_TOML_BYTES: u64 = 1 << 20;

/// The largest CSV table (`--regions`, `--pupils`, `--demography`, a table
/// of `--data`) read: 256 MiB.
pub const MAX_TABLE_BYTES: u64 = 256 << 20;

/// Which text a file must hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Text {
    /// UTF-8 (TOML, CSV tables).
    Utf8,
    /// UTF-8, Windows-1252 or UTF-16 with a byte-order mark (region files,
    /// as spreadsheets save them): only NUL bytes are refused.
    Spreadsheet,
}

/// A kind of input file: what it is called in messages, the option that
/// names it, its cap and its text.
#[derive(Debug, Clone, Copy)]
pub struct Input {
    /// What the file is, in messages (`a region file`).
    pub what: &'static str,
    /// The option (and Python argument) that names it, in messages.
    pub option: &'static str,
    /// The most bytes read.
    pub cap: u64,
    /// Which text it must hold.
    pub text: Text,
}

/// A parameter file (`--params`).
pub const PARAMS: Input = Input {
    what: "a parameter file",
    option: "--params",
    cap: MAX_TOML_BYTES,
    text: Text::Utf8,
};

/// A scenario file (`--scenario`).
pub const SCENARIO: Input = Input {
    what: "a scenario file",
    option: "--scenario",
    cap: MAX_TOML_BYTES,
    text: Text::Utf8,
};

/// A region file (`--regions`, `regions=`).
pub const REGIONS: Input = Input {
    what: "a region file",
    option: "--regions, regions=",
    cap: MAX_TABLE_BYTES,
    text: Text::Spreadsheet,
};

/// A pupil forecast (`--pupils`, `pupils=`).
pub const PUPILS: Input = Input {
    what: "a pupil forecast",
    option: "--pupils, pupils=",
    cap: MAX_TABLE_BYTES,
    text: Text::Utf8,
};

/// A births file (`--demography`, `demography=`).
pub const DEMOGRAPHY: Input = Input {
    what: "a births file",
    option: "--demography, demography=",
    cap: MAX_TABLE_BYTES,
    text: Text::Utf8,
};

/// A table of a data directory (`--data`, `data=`).
pub const DATA_TABLE: Input = Input {
    what: "a dataset table",
    option: "--data, data=",
    cap: MAX_TABLE_BYTES,
    text: Text::Utf8,
};

/// A byte count as a message shows it: `1 MiB`, `256 MiB`, `512 KiB`.
fn size(bytes: u64) -> String {
    if bytes >= 1 << 20 && bytes % (1 << 20) == 0 {
        format!("{} MiB", bytes >> 20)
    } else if bytes >= 1 << 10 && bytes % (1 << 10) == 0 {
        format!("{} KiB", bytes >> 10)
    } else {
        format!("{bytes} bytes")
    }
}

/// Reads at most `input.cap` bytes of `path`; a longer file (or a device
/// or pipe that does not end) is an error naming the path, the cap and the
/// option, and so is a file that is not text (see the module docs), found
/// in the first chunk that shows it.
pub fn read_input(path: &Path, input: Input) -> Result<Vec<u8>> {
    read_capped(path, input, input.cap)
}

fn read_capped(path: &Path, input: Input, cap: u64) -> Result<Vec<u8>> {
    let fail = |reason: String| Error::Read {
        path: path.to_path_buf(),
        reason,
        source: None,
    };
    let io = |e: std::io::Error| Error::Read {
        path: path.to_path_buf(),
        reason: e.to_string(),
        source: Some(e),
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let metadata = file.metadata().ok();
    if metadata.as_ref().is_some_and(|m| m.is_dir()) {
        return Err(fail(format!(
            "is a directory, not {} ({})",
            input.what, input.option
        )));
    }
    // Room for a regular file's bytes at once (a device or pipe says 0 and
    // grows as it is read); a file that grows while read grows the buffer.
    let expected = metadata.map_or(0, |m| m.len()).min(cap) as usize;
    let mut reader = file.take(cap + 1);
    let mut bytes: Vec<u8> = Vec::with_capacity(expected);
    let mut chunk = vec![0u8; 64 * 1024];
    // Bytes already checked: for NUL, and (Utf8) as whole UTF-8 characters.
    let mut checked = 0usize;
    loop {
        let n = match reader.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(io(e)),
        };
        bytes.extend_from_slice(&chunk[..n]);
        if bytes.len() as u64 > cap {
            return Err(fail(format!(
                "larger than {}, the limit for {} ({})",
                size(cap),
                input.what,
                input.option
            )));
        }
        checked = check_text(&bytes, checked, input).map_err(fail)?;
    }
    if input.text == Text::Utf8 {
        // A character cut off at the end of the file.
        if let Err(e) = std::str::from_utf8(&bytes[checked..]) {
            return Err(fail(not_utf8(checked + e.valid_up_to(), input)));
        }
    }
    Ok(bytes)
}

/// Checks `bytes[from..]`; returns how far the bytes are known good (a
/// UTF-8 character split at the end of a chunk is checked with the next).
fn check_text(bytes: &[u8], from: usize, input: Input) -> std::result::Result<usize, String> {
    let utf16 = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
    if input.text == Text::Spreadsheet && utf16 {
        return Ok(bytes.len());
    }
    if let Some(i) = bytes[from..].iter().position(|&b| b == 0) {
        return Err(format!(
            "byte {} is a NUL (0x00): {} ({}) must be text, and this is binary data",
            from + i + 1,
            input.what,
            input.option
        ));
    }
    match input.text {
        Text::Spreadsheet => Ok(bytes.len()),
        Text::Utf8 => match std::str::from_utf8(&bytes[from..]) {
            Ok(_) => Ok(bytes.len()),
            Err(e) if e.error_len().is_none() => Ok(from + e.valid_up_to()),
            Err(e) => Err(not_utf8(from + e.valid_up_to(), input)),
        },
    }
}

fn not_utf8(at: usize, input: Input) -> String {
    format!(
        "byte {} is not UTF-8: {} ({}) must be UTF-8 text (save it as UTF-8)",
        at + 1,
        input.what,
        input.option
    )
}

/// The text of a TOML input (UTF-8 checked by [`read_input`]).
pub fn read_toml(path: &Path, input: Input) -> Result<String> {
    let bytes = read_input(path, input)?;
    String::from_utf8(bytes).map_err(|e| Error::Read {
        path: path.to_path_buf(),
        reason: not_utf8(e.utf8_error().valid_up_to(), input),
        source: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str, bytes: &[u8]) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("tekort-input-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }

    #[test]
    fn a_file_over_the_cap_is_refused_naming_path_cap_and_option() {
        let p = temp("big.toml", &[b'#'; 2000]);
        let e = read_capped(&p, PARAMS, 1024).unwrap_err().to_string();
        assert!(
            e.contains("big.toml") && e.contains("larger than 1 KiB") && e.contains("--params"),
            "{e}"
        );
        // Exactly at the cap is read.
        let p = temp("exact.toml", &[b'#'; 1024]);
        assert_eq!(read_capped(&p, PARAMS, 1024).unwrap().len(), 1024);
    }

    #[test]
    fn utf8_split_over_chunks_is_read_and_bad_bytes_are_named() {
        // 'é' (2 bytes) straddling the 64 KiB chunk boundary.
        let mut b = vec![b'a'; 64 * 1024 - 1];
        b.extend_from_slice("é\n".as_bytes());
        let p = temp("split.csv", &b);
        assert_eq!(read_input(&p, PUPILS).unwrap(), b);
        let p = temp("latin1.csv", b"year,pupils\n2030,caf\xe9\n");
        let e = read_input(&p, PUPILS).unwrap_err().to_string();
        assert!(
            e.contains("byte 21 is not UTF-8") && e.contains("--pupils"),
            "{e}"
        );
        // A region file may be Windows-1252, and UTF-16 with its NULs.
        assert!(read_input(&p, REGIONS).is_ok());
        let p = temp("utf16.csv", b"\xff\xfea\x00,\x00b\x00");
        assert!(read_input(&p, REGIONS).is_ok());
        let p = temp("nul.csv", b"a,b\n1,\x002\n");
        let e = read_input(&p, REGIONS).unwrap_err().to_string();
        assert!(e.contains("byte 7 is a NUL"), "{e}");
        // A cut-off character at the very end.
        let p = temp("cut.toml", b"a = 1 # \xc3");
        let e = read_toml(&p, PARAMS).unwrap_err().to_string();
        assert!(e.contains("byte 9 is not UTF-8"), "{e}");
    }

    #[cfg(unix)]
    #[test]
    fn devices_that_never_end_stop_at_once() {
        let e = read_input(Path::new("/dev/zero"), PARAMS)
            .unwrap_err()
            .to_string();
        assert!(e.contains("/dev/zero") && e.contains("NUL"), "{e}");
        let e = read_input(Path::new("/dev/urandom"), REGIONS)
            .unwrap_err()
            .to_string();
        assert!(e.contains("/dev/urandom"), "{e}");
    }
}

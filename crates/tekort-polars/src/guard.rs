//! An output never replaces an input of the same run.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use tekort_data::TABLES;

/// The files a run reads, each with the option that named it (`--regions`,
/// `--pupils`, …); a data directory counts as its tables.
#[derive(Debug, Default, Clone)]
pub struct RunInputs {
    files: Vec<(String, PathBuf)>,
}

impl RunInputs {
    /// No inputs yet.
    pub fn new() -> Self {
        RunInputs::default()
    }

    /// Adds the file `path` read for `option`.
    pub fn file(mut self, option: &str, path: impl AsRef<Path>) -> Self {
        self.files
            .push((option.to_string(), path.as_ref().to_path_buf()));
        self
    }

    /// Adds `spec` for `option` when it names a file that exists (a region
    /// system or births path may also be a built-in name).
    pub fn maybe_file(self, option: &str, spec: &str) -> Self {
        if Path::new(spec).is_file() {
            self.file(option, spec)
        } else {
            self
        }
    }

    /// Adds the tables of the data directory `dir` read for `option`.
    pub fn data_dir(mut self, option: &str, dir: impl AsRef<Path>) -> Self {
        for t in TABLES {
            self.files
                .push((format!("{option} table"), dir.as_ref().join(t)));
        }
        self
    }

    /// Refuses `out` when it is one of the inputs (the same file, under any
    /// name or through any link), naming both; `out` that does not exist
    /// yet is no input.
    pub fn check_output(&self, out: &Path) -> Result<()> {
        let Ok(target) = std::fs::metadata(out) else {
            return Ok(());
        };
        for (option, input) in &self.files {
            let Ok(source) = std::fs::metadata(input) else {
                continue;
            };
            if same_file(&target, &source) {
                return Err(Error::Write {
                    path: out.to_path_buf(),
                    reason: format!(
                        "it is the {option} file {} of this run: the results would replace an input (write them elsewhere)",
                        input.display()
                    ),
                });
            }
        }
        Ok(())
    }
}

#[cfg(unix)]
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    // Without inode numbers: the same length and modification time is the
    // best test available.
    a.len() == b.len() && a.modified().ok() == b.modified().ok()
}

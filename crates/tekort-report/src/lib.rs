//! # tekort-report
//!
//! What **tekort** writes for people to read, apart from the model in
//! `tekort-core`:
//!
//! - [`report()`]: the regional report, one self-contained HTML page per
//!   region (no external resources) in Dutch or English;
//! - [`chart`]: the small, dependency-free SVG charts inlined in it
//!   (Okabe–Ito colours);
//! - [`accuracy_report`]: the Markdown of `tekort accuracy`
//!   (`docs/accuracy.md`);
//! - [`validation_markdown`]: the Markdown of `tekort validate`
//!   (`docs/validation.md`).
//!
//! The page structure is in templates (`templates/report.html`,
//! `templates/accuracy.md`, `templates/validation.md`), rendered by
//! minijinja with one HTML escaper for the whole crate. Changing a sentence
//! of the report rebuilds this crate only, not the model.

pub mod chart;

mod accuracy;
mod escape;
mod report;
mod templates;
mod validation;

pub use accuracy::accuracy_report;
pub use chart::Lang;
pub use report::{report, report_lang, resolve_region, ReportOptions, REPORT_SECTIONS};
pub use validation::validation_markdown;

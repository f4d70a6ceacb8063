//! The presentation the bindings call: the HTML report and the Markdown
//! pages of `tekort accuracy` and `tekort validate`. These are the only
//! uses of it in the module, so that moving it to its own crate
//! (`tekort-report`, issue 16) changes the imports here and nothing else.

pub(crate) use tekort_core::{accuracy_report, report, report_lang, ReportOptions};

/// The Markdown of a history replay (`docs/validation.md`).
pub(crate) fn validation_markdown(v: &tekort_core::Validation) -> String {
    v.to_markdown()
}

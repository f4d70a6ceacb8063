//! The presentation the bindings call: the HTML report and the Markdown
//! pages of `tekort accuracy` and `tekort validate`, all from the
//! `tekort-report` crate. These are the only uses of it in the module.

pub(crate) use tekort_report::{
    accuracy_report, report, report_lang, validation_markdown, ReportOptions,
};

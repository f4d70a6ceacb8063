//! Presentation: the HTML report, the SVG charts and the Markdown pages
//! (moving to the tekort-report crate).

pub(crate) mod accuracy;
pub mod chart;
pub(crate) mod hindcast;
pub(crate) mod report;

//! The page templates (`templates/` of this crate, read whole by
//! `include_str!`) and the one minijinja environment that renders them.
//!
//! - `*.html` templates escape every value with [`crate::escape::html`]
//!   (the charts' escaper), except values marked safe: the SVG of a chart.
//!   The fixed text of a page is in the template itself, chosen by language
//!   with `t("Nederlands", "English")`, and is not escaped.
//! - `*.md` templates write values as they are.
//! - Block tags on a line of their own leave no line behind (`trim_blocks`,
//!   `lstrip_blocks`), and a template's last newline is kept.

use std::sync::OnceLock;

use minijinja::syntax::SyntaxConfig;
use minijinja::value::Value;
use minijinja::{AutoEscape, Environment, State};
use tekort_core::{Result, TekortError};

/// The templates, by name.
const TEMPLATES: [(&str, &str); 3] = [
    ("report.html", include_str!("../templates/report.html")),
    ("accuracy.md", include_str!("../templates/accuracy.md")),
    ("validation.md", include_str!("../templates/validation.md")),
];

fn environment() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Environment::new();
        let syntax = SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .keep_trailing_newline(true)
            .build()
            .expect("the syntax configuration is valid");
        env.set_syntax(syntax);
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        env.set_formatter(|out, state, value| {
            let text = value.to_string();
            let escape = matches!(state.auto_escape(), AutoEscape::Html) && !value.is_safe();
            let text = if escape {
                crate::escape::html(&text)
            } else {
                text
            };
            out.write_str(&text).map_err(minijinja::Error::from)
        });
        // The page's fixed text in its language (`lang` of the context).
        env.add_function("t", |state: &State, nl: String, en: String| {
            let english = state
                .lookup("lang")
                .is_some_and(|l| l.as_str() == Some("en"));
            Value::from_safe_string(if english { en } else { nl })
        });
        for (name, source) in TEMPLATES {
            env.add_template(name, source)
                .unwrap_or_else(|e| panic!("template {name} does not parse: {e:#}"));
        }
        env
    })
}

/// Renders the template `name` with `context`.
pub(crate) fn render(name: &str, context: Value) -> Result<String> {
    let template = environment()
        .get_template(name)
        .map_err(|e| template_error(name, &e))?;
    template
        .render(context)
        .map_err(|e| template_error(name, &e))
}

fn template_error(name: &str, e: &minijinja::Error) -> TekortError {
    TekortError::Data {
        reason: format!("the template {name} could not be rendered: {e:#}"),
    }
}

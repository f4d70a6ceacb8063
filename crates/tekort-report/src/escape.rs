//! The one escaper of the crate, for text and attribute values in HTML and
//! in the SVG inlined into it: the charts call it directly, the templates
//! through the formatter of [`crate::templates`].

/// Escapes `s` for HTML and XML text and attribute values: `&`, `<`, `>`,
/// `"` and `'` become entities, control characters a space.
pub(crate) fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

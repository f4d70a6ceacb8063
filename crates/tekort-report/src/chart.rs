//! Small, dependency-free SVG charts for self-contained HTML reports.
//!
//! Every chart renders to one `<svg>` element as a `String`, to be inlined
//! into an HTML page that is opened offline and forwarded by mail:
//!
//! - no `xmlns` (inline SVG in HTML does not need it) and no external
//!   references of any kind: no links, no images, no web fonts, no CSS and
//!   no element ids (so several charts can share one page); styling is done
//!   with presentation attributes only and the font is a system stack;
//! - a fixed `viewBox` and `width="100%"`, so a chart scales with the page;
//! - all text is XML-escaped (by the crate's one escaper, `escape::html`);
//! - the same input gives byte-identical output;
//! - NaN or infinite input is refused with a [`ChartError`], never drawn.
//!
//! Labels contain non-ASCII characters (the minus sign `−`, a no-break
//! space before `%` in Dutch), so the page must be UTF-8
//! (`<meta charset="utf-8">`).
//!
//! Colours are the Okabe–Ito palette, distinguishable with the common forms
//! of colour blindness.

use std::fmt::Write as _;

use thiserror::Error;

use crate::escape::html as esc;

/// Width of every chart in `viewBox` units (the rendered size follows the page).
const WIDTH: f64 = 640.0;
/// The system font stack (nothing is loaded).
const FONT: &str = "system-ui, -apple-system, Segoe UI, Roboto, sans-serif";
/// Okabe–Ito colours, in the order series and groups get them (yellow last:
/// it has the least contrast on white).
const PALETTE: [&str; 8] = [
    "#0072B2", "#D55E00", "#009E73", "#E69F00", "#56B4E9", "#CC79A7", "#000000", "#F0E442",
];
/// Right margin and the x of the title and legend.
const PAD: f64 = 16.0;

/// Language of the number formatting (and of the `%` sign spacing).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Lang {
    /// Dutch: decimal comma, dot as thousands separator (`12.345,6`), `5 %`.
    #[default]
    Nl,
    /// English: decimal point, comma as thousands separator (`12,345.6`), `5%`.
    En,
}

/// Formats `x` with `decimals` decimals and thousands separators.
///
/// `12345.6` with 1 decimal is `12.345,6` in Dutch and `12,345.6` in English.
/// Negative numbers get the typographic minus sign `−` (U+2212), except when
/// they round to zero (`-0.04` with 1 decimal is `0,0`). A non-finite `x`
/// gives an en dash `–` (the charts refuse such values before formatting).
pub fn format_number(x: f64, decimals: usize, lang: Lang) -> String {
    if !x.is_finite() {
        return "–".to_string();
    }
    let digits = format!("{:.*}", decimals, x.abs());
    let (int, frac) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits.as_str(), None),
    };
    let (thousands, point) = match lang {
        Lang::Nl => ('.', ','),
        Lang::En => (',', '.'),
    };
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 3);
    if x < 0.0 && digits.bytes().any(|b| (b'1'..=b'9').contains(&b)) {
        out.push('−');
    }
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(thousands);
        }
        out.push(c);
    }
    if let Some(frac) = frac {
        out.push(point);
        out.push_str(frac);
    }
    out
}

/// Why a chart cannot be drawn. Every variant names the offending series
/// (or group) so the message can be shown as it is.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum ChartError {
    /// Vectors that must run in parallel have different lengths.
    #[error("series {series:?}: {what} has {got} entries, expected {expected}")]
    LengthMismatch {
        /// The series or group.
        series: String,
        /// Which vector (`values`, `band lo`, `band_outer hi`, ...).
        what: String,
        /// The length it must have (number of years or categories).
        expected: usize,
        /// The length it has.
        got: usize,
    },
    /// There is nothing to draw.
    #[error("chart {title:?} has no data: {reason}")]
    NoData {
        /// The chart title.
        title: String,
        /// What is missing (`no series`, `no categories`, ...).
        reason: String,
    },
    /// A NaN or infinite value.
    #[error("series {series:?}: non-finite {what} at {at}")]
    NonFinite {
        /// The series or group.
        series: String,
        /// Which vector (`value`, `band lo`, `band_outer hi`, ...).
        what: String,
        /// The year (line charts) or the category or age class (bar charts).
        at: String,
    },
    /// The years of a line series are not strictly increasing.
    #[error("series {series:?}: year {year} does not come after the year before it")]
    YearsNotIncreasing {
        /// The series.
        series: String,
        /// The first year out of order.
        year: i32,
    },
}

/// One line of a [`LineChart`], with optional uncertainty bands.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Series {
    /// Name shown in the legend.
    pub name: String,
    /// Years, strictly increasing.
    pub years: Vec<i32>,
    /// One value per year.
    pub values: Vec<f64>,
    /// The line is drawn dashed from this year on (the forecast part); the
    /// segment ending in this year is still solid. The bands, where set,
    /// are drawn from this year on only (a forecast's interval).
    pub dashed_from: Option<i32>,
    /// Inner band `(lo, hi)`, one value each per year (e.g. the 80 % interval).
    pub band: Option<(Vec<f64>, Vec<f64>)>,
    /// Outer band `(lo, hi)`, drawn lighter (e.g. the 95 % interval).
    pub band_outer: Option<(Vec<f64>, Vec<f64>)>,
}

impl Series {
    /// A plain series without bands or dashed part.
    pub fn new(name: impl Into<String>, years: Vec<i32>, values: Vec<f64>) -> Self {
        Series {
            name: name.into(),
            years,
            values,
            ..Series::default()
        }
    }
}

/// Lines over years, with bands, a dashed forecast part and a year marker.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LineChart {
    /// Title above the chart.
    pub title: String,
    /// Label of the value axis, shown above it (may be empty).
    pub y_label: String,
    /// The lines; a legend is shown when there is more than one.
    pub series: Vec<Series>,
    /// A vertical line at this year (e.g. the base year); not drawn when
    /// outside the years of the series.
    pub marker_year: Option<i32>,
    /// Label of the marker line (may be empty).
    pub marker_label: String,
    /// The value axis includes zero.
    pub y_from_zero: bool,
    /// Values are percentages (`5.2` is 5.2 %): axis labels get a `%` sign.
    pub percent: bool,
    /// The value axis fits the lines, not the bands: the inner bands widen
    /// it by at most half the lines' span on either side, and a band
    /// reaching beyond it is cut at the axis, which the chart says under the
    /// plot (`band afgekapt aan de as`, `band clipped at the axis`).
    pub fit_to_lines: bool,
    /// Number formatting (and the language of the clipping note).
    pub lang: Lang,
}

/// Bars per category, one bar per group (side by side or stacked).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BarChart {
    /// Title above the chart.
    pub title: String,
    /// Category labels, along the category axis in this order (left to
    /// right, or top to bottom when horizontal).
    pub categories: Vec<String>,
    /// Groups `(name, one value per category)`; a legend is shown when
    /// there is more than one. Negative values go below (left of) zero.
    pub groups: Vec<(String, Vec<f64>)>,
    /// Stack the groups in one bar per category (positive values upwards,
    /// negative values downwards from zero).
    pub stacked: bool,
    /// Horizontal bars, categories from top to bottom.
    pub horizontal: bool,
    /// Print each bar's value at its end (stacked: the stack's total,
    /// negative parts included, above it).
    pub values: bool,
    /// Number formatting.
    pub lang: Lang,
}

/// The age structure of a workforce: shares (%) per age class as grouped
/// horizontal bars, e.g. a region against the nation.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AgeChart {
    /// Title above the chart.
    pub title: String,
    /// Age class labels from top to bottom, e.g. `<25`, `25-34`.
    pub ages: Vec<String>,
    /// `(name, share in % per age class)`, e.g. region and nation.
    pub shares: Vec<(String, Vec<f64>)>,
    /// Number formatting.
    pub lang: Lang,
}

// ---------------------------------------------------------------- helpers

/// A coordinate, written rounded to 0.1 unit without a trailing `.0` or `-0`
/// (clamped to ±10^7, so absurd input cannot write `inf` or `NaN`).
#[derive(Debug, Clone, Copy)]
struct N(f64);

impl std::fmt::Display for N {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let x = if self.0.is_nan() {
            0.0
        } else {
            self.0.clamp(-1e7, 1e7)
        };
        let r = (x * 10.0).round() / 10.0;
        match r {
            0.0 => f.write_str("0"),
            _ if r == r.trunc() => write!(f, "{r:.0}"),
            _ => write!(f, "{r:.1}"),
        }
    }
}

/// Rough width of a text in `viewBox` units.
fn text_width(s: &str, size: f64) -> f64 {
    s.chars().count() as f64 * size * 0.58
}

/// `s` cut to at most `max` characters, with an ellipsis when cut.
fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
    t.push('…');
    t
}

/// A value axis label.
fn value_label(v: f64, decimals: usize, percent: bool, lang: Lang) -> String {
    let s = format_number(v, decimals, lang);
    match (percent, lang) {
        (false, _) => s,
        (true, Lang::Nl) => s + "\u{a0}%",
        (true, Lang::En) => s + "%",
    }
}

/// Axis ticks: evenly spaced values and the decimals their labels need.
#[derive(Debug, Clone, PartialEq)]
struct Ticks {
    values: Vec<f64>,
    decimals: usize,
}

/// Nice ticks covering `[lo, hi]`: steps of 1, 2, 2.5 or 5 × 10^k, the
/// smallest giving at most 7 ticks (which always gives at least 4).
fn nice_ticks(lo: f64, hi: f64) -> Ticks {
    let clamp = |v: f64| v.clamp(-1e300, 1e300);
    let (mut lo, mut hi) = (clamp(lo.min(hi)), clamp(hi.max(lo)));
    let span = hi - lo;
    if span < 1e-100 || span <= 1e-9 * lo.abs().max(hi.abs()) {
        if lo == 0.0 {
            hi = 1.0;
        } else if lo.abs() < 1e-9 {
            lo -= 1.0;
            hi += 1.0;
        } else {
            let d = lo.abs() * 0.1;
            lo -= d;
            hi += d;
        }
    }
    let mut k = (hi - lo).log10().floor() as i32 - 2;
    loop {
        for (m, extra) in [(1.0, 0), (2.0, 0), (2.5, 1), (5.0, 0)] {
            let step = m * 10f64.powi(k);
            let a = (lo / step + 1e-9).floor() as i64;
            let b = (hi / step - 1e-9).ceil() as i64;
            if b - a < 7 {
                // i * m / 10^-k is exact where i * m * 10^k is not (0.6).
                let at = |i: i64| {
                    if k < 0 {
                        i as f64 * m / 10f64.powi(-k)
                    } else {
                        i as f64 * step
                    }
                };
                return Ticks {
                    values: (a..=b).map(at).collect(),
                    decimals: (extra - k).max(0) as usize,
                };
            }
        }
        k += 1;
    }
}

/// Year ticks: multiples of 1, 2, 5 × 10^k within `[y0, y1]`, at most 9.
fn year_ticks(y0: i32, y1: i32) -> Vec<i32> {
    let (y0, y1) = (i64::from(y0), i64::from(y1));
    let mut base = 1i64;
    loop {
        for step in [base, 2 * base, 5 * base] {
            let first = y0.div_euclid(step) * step + if y0 % step == 0 { 0 } else { step };
            if first > y1 || (y1 - first) / step < 9 {
                return (0..)
                    .map(|i| first + i * step)
                    .take_while(|&y| y <= y1)
                    .map(|y| y as i32)
                    .collect();
            }
        }
        base *= 10;
    }
}

/// Linear map from a data interval onto a pixel interval.
#[derive(Debug, Clone, Copy)]
struct Scale {
    d0: f64,
    d1: f64,
    r0: f64,
    r1: f64,
}

impl Scale {
    /// From the first to the last tick onto `r0..r1`.
    fn of(ticks: &Ticks, r0: f64, r1: f64) -> Scale {
        let (d0, d1) = (ticks.values[0], ticks.values[ticks.values.len() - 1]);
        Scale { d0, d1, r0, r1 }
    }

    fn at(&self, v: f64) -> f64 {
        self.r0 + (v - self.d0) / (self.d1 - self.d0) * (self.r1 - self.r0)
    }
}

/// An SVG document being written.
struct Doc {
    s: String,
}

impl Doc {
    /// Opens the `<svg>` with its accessible title, background and heading.
    fn new(height: f64, title: &str) -> Doc {
        let (t, w, h) = (esc(title), N(WIDTH), N(height));
        let s = format!(
            "<svg viewBox=\"0 0 {w} {h}\" width=\"100%\" role=\"img\" font-family=\"{FONT}\" \
             font-size=\"12\"><title>{t}</title>\
             <rect width=\"{w}\" height=\"{h}\" fill=\"#ffffff\"/>\
             <text x=\"{PAD}\" y=\"24\" font-size=\"16\" font-weight=\"600\" fill=\"#222222\">{t}</text>"
        );
        Doc { s }
    }

    fn text(&mut self, x: f64, y: f64, anchor: &str, attrs: &str, content: &str) {
        let (x, y, t) = (N(x), N(y), esc(content));
        let _ = write!(
            self.s,
            "<text x=\"{x}\" y=\"{y}\" text-anchor=\"{anchor}\"{attrs}>{t}</text>"
        );
    }

    fn line(&mut self, (x1, y1): (f64, f64), (x2, y2): (f64, f64), attrs: &str) {
        let (x1, y1, x2, y2) = (N(x1), N(y1), N(x2), N(y2));
        let _ = write!(
            self.s,
            "<line x1=\"{x1}\" y1=\"{y1}\" x2=\"{x2}\" y2=\"{y2}\"{attrs}/>"
        );
    }

    /// A rectangle between two corners, with a tooltip.
    fn bar(&mut self, (xa, ya): (f64, f64), (xb, yb): (f64, f64), fill: &str, tip: &str) {
        let (x, y, t) = (N(xa.min(xb)), N(ya.min(yb)), esc(tip));
        let (w, h) = (N((xb - xa).abs()), N((yb - ya).abs()));
        let _ = write!(
            self.s,
            "<rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" fill=\"{fill}\"><title>{t}</title></rect>"
        );
    }

    /// The legend below the title (see [`legend_layout`]); returns the y below it.
    fn legend(&mut self, names: &[&str], lines: bool) -> f64 {
        let (spots, below) = legend_layout(names);
        for (i, (&(x, y), name)) in spots.iter().zip(names).enumerate() {
            let colour = PALETTE[i % PALETTE.len()];
            if lines {
                let attrs = format!(" stroke=\"{colour}\" stroke-width=\"3\"");
                self.line((x, y - 4.0), (x + 14.0, y - 4.0), &attrs);
                self.point(i, x + 7.0, y - 4.0);
            } else {
                let (x, y) = (N(x + 2.0), N(y - 9.0));
                let _ = write!(
                    self.s,
                    "<rect x=\"{x}\" y=\"{y}\" width=\"10\" height=\"10\" fill=\"{colour}\"/>"
                );
            }
            let name = truncate(name, 40);
            self.text(x + 18.0, y, "start", " fill=\"#333333\"", &name);
        }
        below
    }

    /// The point marker of series `i`: a circle, square, triangle or
    /// diamond in the series' colour, with a white rim.
    fn point(&mut self, i: usize, x: f64, y: f64) {
        let colour = PALETTE[i % PALETTE.len()];
        let style = format!(" fill=\"{colour}\" stroke=\"#ffffff\" stroke-width=\"0.8\"");
        let r = 3.2;
        let _ = match i % 4 {
            0 => write!(
                self.s,
                "<circle cx=\"{}\" cy=\"{}\" r=\"{}\"{style}/>",
                N(x),
                N(y),
                N(r)
            ),
            1 => write!(
                self.s,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"{style}/>",
                N(x - r),
                N(y - r),
                N(2.0 * r),
                N(2.0 * r)
            ),
            k => {
                let pts: Vec<(f64, f64)> = if k == 2 {
                    vec![(x, y - 1.2 * r), (x + 1.1 * r, y + r), (x - 1.1 * r, y + r)]
                } else {
                    vec![
                        (x, y - 1.3 * r),
                        (x + 1.3 * r, y),
                        (x, y + 1.3 * r),
                        (x - 1.3 * r, y),
                    ]
                };
                let pts: Vec<String> = pts
                    .iter()
                    .map(|&(a, b)| format!("{},{}", N(a), N(b)))
                    .collect();
                write!(self.s, "<polygon points=\"{}\"{style}/>", pts.join(" "))
            }
        };
    }

    fn finish(mut self) -> String {
        self.s.push_str("</svg>");
        self.s
    }
}

/// Where the legend entries go (x, text baseline), wrapping into rows below
/// the title, and the y below the legend (40 without entries).
fn legend_layout(names: &[&str]) -> (Vec<(f64, f64)>, f64) {
    if names.is_empty() {
        return (Vec::new(), 40.0);
    }
    let (mut x, mut y) = (PAD, 46.0);
    let mut spots = Vec::with_capacity(names.len());
    for name in names {
        let w = 18.0 + text_width(&truncate(name, 40), 12.0) + 16.0;
        if x > PAD && x + w > WIDTH - PAD {
            x = PAD;
            y += 18.0;
        }
        spots.push((x, y));
        x += w;
    }
    (spots, y + 10.0)
}

const GRID: &str = " stroke=\"#e3e3e3\" stroke-width=\"1\"";
const AXIS: &str = " stroke=\"#333333\" stroke-width=\"1\"";
const LABEL: &str = " fill=\"#555555\" font-size=\"11\"";

/// Width of the widest value axis label plus spacing.
fn label_margin(ticks: &Ticks, percent: bool, lang: Lang) -> f64 {
    let widest = ticks
        .values
        .iter()
        .map(|&v| text_width(&value_label(v, ticks.decimals, percent, lang), 11.0))
        .fold(0.0, f64::max);
    (widest + 14.0).max(40.0)
}

fn check_finite(series: &str, what: &str, at: &str, v: f64) -> Result<(), ChartError> {
    if v.is_finite() {
        Ok(())
    } else {
        Err(ChartError::NonFinite {
            series: series.to_string(),
            what: what.to_string(),
            at: at.to_string(),
        })
    }
}

// ----------------------------------------------------------------- lines

impl LineChart {
    /// Checks lengths, finiteness and year order.
    fn validate(&self) -> Result<(), ChartError> {
        let no_data = |reason: &str| ChartError::NoData {
            title: self.title.clone(),
            reason: reason.to_string(),
        };
        if self.series.is_empty() {
            return Err(no_data("no series"));
        }
        for s in &self.series {
            let len = |what: &str, got: usize| {
                if got == s.years.len() {
                    Ok(())
                } else {
                    Err(ChartError::LengthMismatch {
                        series: s.name.clone(),
                        what: what.to_string(),
                        expected: s.years.len(),
                        got,
                    })
                }
            };
            len("values", s.values.len())?;
            let bands = [("band", &s.band), ("band_outer", &s.band_outer)];
            for (what, (lo, hi)) in bands.iter().filter_map(|(w, b)| b.as_ref().map(|b| (w, b))) {
                len(&format!("{what} lo"), lo.len())?;
                len(&format!("{what} hi"), hi.len())?;
            }
            for (i, &year) in s.years.iter().enumerate() {
                if i > 0 && year <= s.years[i - 1] {
                    return Err(ChartError::YearsNotIncreasing {
                        series: s.name.clone(),
                        year,
                    });
                }
                let at = year.to_string();
                check_finite(&s.name, "value", &at, s.values[i])?;
                for (what, (lo, hi)) in bands.iter().filter_map(|(w, b)| b.as_ref().map(|b| (w, b)))
                {
                    check_finite(&s.name, &format!("{what} lo"), &at, lo[i])?;
                    check_finite(&s.name, &format!("{what} hi"), &at, hi[i])?;
                }
            }
        }
        if self.series.iter().all(|s| s.years.is_empty()) {
            return Err(no_data("every series is empty"));
        }
        Ok(())
    }

    /// Renders the chart as an inline `<svg>` element.
    ///
    /// Every series has its own colour, point marker (circle, square,
    /// triangle, diamond) and forecast dash, and with several series its
    /// name is written at the end of its line as well as in the legend.
    pub fn to_svg(&self) -> Result<String, ChartError> {
        self.validate()?;
        let (mut x0, mut x1) = (i32::MAX, i32::MIN);
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        for s in &self.series {
            for &y in &s.years {
                x0 = x0.min(y);
                x1 = x1.max(y);
            }
            let bands = [&s.band, &s.band_outer];
            let band_values = bands
                .into_iter()
                .flatten()
                .filter(|_| !self.fit_to_lines)
                .flat_map(|(l, h)| l.iter().chain(h));
            for &v in s.values.iter().chain(band_values) {
                lo = lo.min(v);
                hi = hi.max(v);
            }
        }
        if self.fit_to_lines {
            // The inner bands may widen the axis by half the lines' span at
            // most on either side; beyond that they are clipped.
            let span = (hi - lo).max(0.1 * hi.abs().max(lo.abs()));
            for (blo, bhi) in self.series.iter().filter_map(|s| s.band.as_ref()) {
                for &v in blo.iter().chain(bhi) {
                    lo = lo.min(v.max(lo - 0.5 * span));
                    hi = hi.max(v.min(hi + 0.5 * span));
                }
            }
        }
        if self.y_from_zero {
            lo = lo.min(0.0);
            hi = hi.max(0.0);
        }
        let ticks = nice_ticks(lo, hi);
        let (dx0, dx1) = if x0 == x1 {
            (f64::from(x0) - 1.0, f64::from(x1) + 1.0)
        } else {
            (f64::from(x0), f64::from(x1))
        };
        let (t0, t1) = (ticks.values[0], ticks.values[ticks.values.len() - 1]);
        let clipped = self.series.iter().any(|s| {
            [&s.band, &s.band_outer]
                .into_iter()
                .flatten()
                .flat_map(|(l, h)| l.iter().chain(h))
                .any(|&v| v < t0 || v > t1)
        });

        let height = if clipped { 374.0 } else { 360.0 };
        let mut doc = Doc::new(height, &self.title);
        let several = self.series.len() > 1;
        let names: Vec<&str> = match several {
            false => Vec::new(),
            true => self.series.iter().map(|s| s.name.as_str()).collect(),
        };
        let mut top = doc.legend(&names, true);
        if !self.y_label.is_empty() {
            doc.text(PAD, top + 8.0, "start", LABEL, &truncate(&self.y_label, 90));
            top += 14.0;
        }
        top += 10.0;
        let left = label_margin(&ticks, self.percent, self.lang);
        // Room at the right for the names at the lines' ends.
        let end_names: Vec<String> = self
            .series
            .iter()
            .map(|s| truncate(&s.name, END_LABEL_CHARS))
            .collect();
        let end_room = match several {
            true => end_names
                .iter()
                .map(|n| text_width(n, 11.0) + 10.0)
                .fold(0.0, f64::max),
            false => 0.0,
        };
        let (right, bottom) = (WIDTH - PAD - 4.0 - end_room, 328.0);
        let ys = Scale::of(&ticks, bottom, top);
        let (d0, d1, r0, r1) = (dx0, dx1, left, right);
        let xs = Scale { d0, d1, r0, r1 };

        for &v in &ticks.values {
            let y = ys.at(v);
            doc.line((left, y), (right, y), if v == 0.0 { AXIS } else { GRID });
            let label = value_label(v, ticks.decimals, self.percent, self.lang);
            doc.text(left - 6.0, y + 4.0, "end", LABEL, &label);
        }
        doc.line((left, bottom), (right, bottom), AXIS);
        for year in year_ticks(x0, x1) {
            let x = xs.at(f64::from(year));
            doc.line((x, bottom), (x, bottom + 4.0), AXIS);
            doc.text(x, bottom + 17.0, "middle", LABEL, &year.to_string());
        }

        for (i, s) in self.series.iter().enumerate() {
            let colour = PALETTE[i % PALETTE.len()];
            // Bands from the start of the forecast on.
            let from = s
                .years
                .iter()
                .position(|&y| s.dashed_from.is_none_or(|f| y >= f))
                .unwrap_or(s.years.len());
            for (band, opacity) in [(&s.band_outer, "0.12"), (&s.band, "0.24")] {
                let Some((blo, bhi)) = band else { continue };
                let years = &s.years[from..];
                let forward = years.iter().zip(&bhi[from..]);
                let back = years.iter().zip(&blo[from..]).rev();
                let points: Vec<String> = forward
                    .chain(back)
                    .map(|(&yr, &v)| {
                        let y = ys.at(v.clamp(t0, t1));
                        format!("{},{}", N(xs.at(f64::from(yr))), N(y))
                    })
                    .collect();
                if points.len() < 2 {
                    continue;
                }
                let _ = write!(
                    doc.s,
                    "<polygon points=\"{}\" fill=\"{colour}\" fill-opacity=\"{opacity}\" stroke=\"none\"/>",
                    points.join(" ")
                );
            }
        }

        if let Some(m) = self.marker_year.filter(|m| (x0..=x1).contains(m)) {
            let x = xs.at(f64::from(m));
            doc.line(
                (x, top),
                (x, bottom),
                " stroke=\"#777777\" stroke-width=\"1\" stroke-dasharray=\"3 3\"",
            );
            let label = truncate(&self.marker_label, 40);
            if x + 4.0 + text_width(&label, 11.0) > right {
                doc.text(x - 4.0, top + 11.0, "end", LABEL, &label);
            } else {
                doc.text(x + 4.0, top + 11.0, "start", LABEL, &label);
            }
        }

        let mut ends: Vec<(f64, f64, usize)> = Vec::new();
        for (i, s) in self.series.iter().enumerate() {
            let colour = PALETTE[i % PALETTE.len()];
            let pts: Vec<(i32, f64, f64)> = s
                .years
                .iter()
                .zip(&s.values)
                .map(|(&yr, &v)| (yr, xs.at(f64::from(yr)), ys.at(v)))
                .collect();
            let split = match s.dashed_from {
                Some(f) => pts.iter().take_while(|p| p.0 <= f).count(),
                None => pts.len(),
            };
            let solid = &pts[..split];
            let dashed = &pts[split.saturating_sub(1)..];
            let dash = format!(" stroke-dasharray=\"{}\"", DASHES[i % DASHES.len()]);
            for (part, dash) in [(solid, ""), (dashed, dash.as_str())] {
                if part.len() < 2 || (!dash.is_empty() && split == pts.len()) {
                    continue;
                }
                let mut d = String::new();
                for (j, &(_, x, y)) in part.iter().enumerate() {
                    let _ = write!(d, "{}{},{}", if j == 0 { 'M' } else { 'L' }, N(x), N(y));
                }
                let _ = write!(
                    doc.s,
                    "<path d=\"{d}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" \
                     stroke-linejoin=\"round\" stroke-linecap=\"round\"{dash}/>"
                );
            }
            for &(_, x, y) in &pts {
                doc.point(i, x, y);
            }
            if let Some(&(_, x, y)) = pts.last() {
                ends.push((y, x, i));
            }
        }
        if several {
            // Names at the lines' ends, moved apart where they would overlap.
            ends.sort_by(|a, b| a.0.total_cmp(&b.0));
            let mut last = f64::NEG_INFINITY;
            for (y, x, i) in ends {
                let y = (y + 4.0).max(last + 12.0);
                last = y;
                let attrs = format!(" fill=\"{}\" font-size=\"11\"", PALETTE[i % PALETTE.len()]);
                doc.text(x + 7.0, y, "start", &attrs, &end_names[i]);
            }
        }
        if clipped {
            let note = match self.lang {
                Lang::Nl => "band afgekapt aan de as",
                Lang::En => "band clipped at the axis",
            };
            doc.text(right, height - 6.0, "end", LABEL, note);
        }
        Ok(doc.finish())
    }
}

/// The dash of a series' forecast part, by series index.
const DASHES: [&str; 4] = ["6 4", "2 3", "10 3 2 3", "4 2"];
/// The longest name written at a line's end.
const END_LABEL_CHARS: usize = 28;

// ------------------------------------------------------------------ bars

/// Everything bar-like charts have in common.
struct Bars<'a> {
    title: &'a str,
    categories: &'a [String],
    groups: &'a [(String, Vec<f64>)],
    stacked: bool,
    horizontal: bool,
    percent: bool,
    values: bool,
    lang: Lang,
}

impl Bars<'_> {
    fn validate(&self) -> Result<(), ChartError> {
        let no_data = |reason: &str| ChartError::NoData {
            title: self.title.to_string(),
            reason: reason.to_string(),
        };
        if self.categories.is_empty() {
            return Err(no_data("no categories"));
        }
        if self.groups.is_empty() {
            return Err(no_data("no groups"));
        }
        for (name, values) in self.groups {
            if values.len() != self.categories.len() {
                return Err(ChartError::LengthMismatch {
                    series: name.clone(),
                    what: "values".to_string(),
                    expected: self.categories.len(),
                    got: values.len(),
                });
            }
            for (c, &v) in self.categories.iter().zip(values) {
                check_finite(name, "value", c, v)?;
            }
        }
        Ok(())
    }

    /// The value interval of each bar, per group and category.
    fn extents(&self) -> Vec<Vec<(f64, f64)>> {
        let mut up = vec![0.0; self.categories.len()];
        let mut down = vec![0.0; self.categories.len()];
        let mut out = Vec::with_capacity(self.groups.len());
        for (_, values) in self.groups {
            let mut row = Vec::with_capacity(values.len());
            for (c, &v) in values.iter().enumerate() {
                if !self.stacked {
                    row.push((0.0, v));
                } else if v >= 0.0 {
                    row.push((up[c], up[c] + v));
                    up[c] += v;
                } else {
                    row.push((down[c], down[c] + v));
                    down[c] += v;
                }
            }
            out.push(row);
        }
        out
    }

    /// A bar's value, beyond its end at `(c, p)` (position along the
    /// category axis, pixel along the value axis).
    fn value_text(&self, doc: &mut Doc, c: f64, p: f64, negative: bool, label: &str) {
        let attrs = " fill=\"#333333\" font-size=\"10\"";
        match (self.horizontal, negative) {
            (true, false) => doc.text(p + 3.0, c + 3.5, "start", attrs, label),
            (true, true) => doc.text(p - 3.0, c + 3.5, "end", attrs, label),
            (false, false) => doc.text(c, p - 3.0, "middle", attrs, label),
            (false, true) => doc.text(c, p + 11.0, "middle", attrs, label),
        }
    }

    fn to_svg(&self) -> Result<String, ChartError> {
        self.validate()?;
        let extents = self.extents();
        let (lo, hi) = extents
            .iter()
            .flatten()
            .fold((0.0f64, 0.0f64), |(lo, hi), &(a, b)| {
                (lo.min(a).min(b), hi.max(a).max(b))
            });
        let ticks = nice_ticks(lo, hi);
        let (n_cat, n_grp) = (self.categories.len(), self.groups.len());
        let bar_rows = if self.stacked { 1 } else { n_grp };
        let band = (bar_rows as f64 * 14.0 + 12.0).max(24.0);

        let names: Vec<&str> = match n_grp {
            1 => Vec::new(),
            _ => self.groups.iter().map(|g| g.0.as_str()).collect(),
        };
        let top = legend_layout(&names).1 + 8.0;
        let height = if self.horizontal {
            (top + n_cat as f64 * band + 30.0).ceil()
        } else {
            360.0
        };
        let mut doc = Doc::new(height, self.title);
        doc.legend(&names, false);

        let (right, bottom, h) = (WIDTH - PAD - 4.0, height - 30.0, self.horizontal);
        let (left, vs) = if h {
            let widths = self
                .categories
                .iter()
                .map(|c| text_width(&truncate(c, 36), 11.0));
            let left = (widths.fold(0.0, f64::max) + 14.0).clamp(40.0, 240.0);
            let room = if self.values { 48.0 } else { 12.0 };
            (left, Scale::of(&ticks, left + 6.0, right - room))
        } else {
            let left = label_margin(&ticks, self.percent, self.lang);
            (left, Scale::of(&ticks, bottom, top))
        };
        // A point from a position along the category axis and one along the value axis.
        let pt = |c: f64, v: f64| if h { (v, c) } else { (c, v) };
        let (c0, c1) = if h { (top, bottom) } else { (left, right) };
        for &v in &ticks.values {
            let p = vs.at(v);
            let label = value_label(v, ticks.decimals, self.percent, self.lang);
            doc.line(pt(c0, p), pt(c1, p), GRID);
            match h {
                true => doc.text(p, bottom + 16.0, "middle", LABEL, &label),
                false => doc.text(left - 6.0, p + 4.0, "end", LABEL, &label),
            }
        }
        let step = (c1 - c0) / n_cat as f64;
        let inner = if h {
            bar_rows as f64 * 14.0
        } else {
            step * 0.75
        };
        let thick = inner / bar_rows as f64;
        let gap = if h { 1.0 } else { (thick * 0.08).min(2.0) };
        let max_chars = if h {
            36
        } else {
            ((step / 6.38) as usize).max(3)
        };
        for (c, cat) in self.categories.iter().enumerate() {
            let mid = c0 + step * (c as f64 + 0.5);
            let label = truncate(cat, max_chars);
            match h {
                true => doc.text(left - 6.0, mid + 4.0, "end", LABEL, &label),
                false => doc.text(mid, bottom + 16.0, "middle", LABEL, &label),
            }
            for (g, (name, values)) in self.groups.iter().enumerate() {
                let slot = if self.stacked { 0 } else { g };
                let a = mid - inner / 2.0 + slot as f64 * thick;
                let (from, to) = extents[g][c];
                let decimals = usize::from(self.percent || values[c].abs() < 100.0);
                let value = value_label(values[c], decimals, self.percent, self.lang);
                let tip = format!("{name} – {cat}: {value}");
                let (p0, p1) = (pt(a + gap, vs.at(from)), pt(a + thick - gap, vs.at(to)));
                doc.bar(p0, p1, PALETTE[g % PALETTE.len()], &tip);
                if self.values && !self.stacked {
                    let label = value_label(values[c], decimals, self.percent, self.lang);
                    self.value_text(
                        &mut doc,
                        a + thick / 2.0,
                        vs.at(to),
                        values[c] < 0.0,
                        &label,
                    );
                }
            }
            if self.values && self.stacked {
                // The total on top of the stack.
                let total: f64 = self.groups.iter().map(|(_, v)| v[c]).sum();
                let end = extents
                    .iter()
                    .map(|e| e[c].1.max(e[c].0))
                    .fold(0.0, f64::max);
                let decimals = usize::from(self.percent || total.abs() < 100.0);
                let word = match self.lang {
                    Lang::Nl => "totaal",
                    Lang::En => "total",
                };
                let label = format!(
                    "{word} {}",
                    value_label(total, decimals, self.percent, self.lang)
                );
                self.value_text(&mut doc, mid, vs.at(end), false, &label);
            }
        }
        let zero = vs.at(0.0);
        doc.line(pt(c0, zero), pt(c1, zero), AXIS);
        Ok(doc.finish())
    }
}

impl BarChart {
    /// Renders the chart as an inline `<svg>` element.
    pub fn to_svg(&self) -> Result<String, ChartError> {
        Bars {
            title: &self.title,
            categories: &self.categories,
            groups: &self.groups,
            stacked: self.stacked,
            horizontal: self.horizontal,
            percent: false,
            values: self.values,
            lang: self.lang,
        }
        .to_svg()
    }
}

impl AgeChart {
    /// Renders the chart as an inline `<svg>` element: one row per age
    /// class, one bar per share series with its share printed at its end,
    /// axis labels in %.
    pub fn to_svg(&self) -> Result<String, ChartError> {
        Bars {
            title: &self.title,
            categories: &self.ages,
            groups: &self.shares,
            stacked: false,
            horizontal: true,
            percent: true,
            values: true,
            lang: self.lang,
        }
        .to_svg()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Checks that every opened tag is closed in order, there is one root,
    /// no stray `<`/`>` in text, every `&` starts an entity and attribute
    /// quotes are balanced.
    fn check_balanced(s: &str) -> Result<(), String> {
        fn check_text(t: &str) -> Result<(), String> {
            if t.contains('>') {
                return Err(format!("stray '>' in {t:?}"));
            }
            for (i, _) in t.match_indices('&') {
                let rest = &t[i + 1..];
                if !["amp;", "lt;", "gt;", "quot;", "#39;"]
                    .iter()
                    .any(|e| rest.starts_with(e))
                {
                    return Err(format!("bare '&' in {t:?}"));
                }
            }
            Ok(())
        }
        let mut stack: Vec<&str> = Vec::new();
        let (mut rest, mut roots) = (s, 0);
        while let Some(i) = rest.find('<') {
            let text = &rest[..i];
            if stack.is_empty() && !text.trim().is_empty() {
                return Err(format!("text outside the root: {text:?}"));
            }
            check_text(text)?;
            let after = &rest[i + 1..];
            let end = after.find('>').ok_or("unterminated tag")?;
            let tag = &after[..end];
            if tag.contains('<') || tag.matches('"').count() % 2 != 0 {
                return Err(format!("malformed tag <{tag}>"));
            }
            check_text(&tag.replace('>', ""))?;
            if let Some(name) = tag.strip_prefix('/') {
                match stack.pop() {
                    Some(open) if open == name => {}
                    open => return Err(format!("</{name}> closes {open:?}")),
                }
            } else {
                let name = tag.split([' ', '/']).next().unwrap_or("");
                if name.is_empty() {
                    return Err(format!("tag without a name: <{tag}>"));
                }
                if stack.is_empty() {
                    roots += 1;
                }
                if !tag.ends_with('/') {
                    stack.push(name);
                }
            }
            rest = &after[end + 1..];
        }
        if !rest.trim().is_empty() {
            return Err(format!("text after the root: {rest:?}"));
        }
        match (stack.is_empty(), roots) {
            (true, 1) => Ok(()),
            (false, _) => Err(format!("unclosed: {stack:?}")),
            (true, r) => Err(format!("{r} root elements")),
        }
    }

    fn attr(tag: &str, name: &str) -> f64 {
        let key = format!(" {name}=\"");
        let start = tag.find(&key).expect(name) + key.len();
        let len = tag[start..].find('"').unwrap();
        tag[start..start + len].parse().unwrap()
    }

    /// `(x, y, width, height, tooltip)` of the data bars.
    fn bars(svg: &str) -> Vec<(f64, f64, f64, f64, String)> {
        svg.split("<rect ")
            .skip(1)
            .filter_map(|r| {
                let (tag, rest) = r.split_once('>')?;
                let tip = rest.strip_prefix("<title>")?.split('<').next()?;
                let v = |k| attr(&format!(" {tag}"), k);
                Some((v("x"), v("y"), v("width"), v("height"), tip.to_string()))
            })
            .collect()
    }

    fn points(list: &str) -> Vec<(f64, f64)> {
        list.split([' ', 'M', 'L'])
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (x, y) = p.split_once(',').unwrap();
                (x.parse().unwrap(), y.parse().unwrap())
            })
            .collect()
    }

    fn between<'a>(s: &'a str, a: &str, b: &str) -> Vec<&'a str> {
        s.split(a)
            .skip(1)
            .map(|p| p.split(b).next().unwrap())
            .collect()
    }

    fn line_chart() -> LineChart {
        let years: Vec<i32> = (2020..=2030).collect();
        let values: Vec<f64> = (0..11).map(|i| 1200.0 + 150.0 * f64::from(i)).collect();
        let mut a = Series::new("regio <Noord> & \"Oost\"", years.clone(), values.clone());
        a.dashed_from = Some(2024);
        a.band = Some((
            values.iter().map(|v| v - 100.0).collect(),
            values.iter().map(|v| v + 100.0).collect(),
        ));
        a.band_outer = Some((
            values.iter().map(|v| v - 200.0).collect(),
            values.iter().map(|v| v + 250.0).collect(),
        ));
        let b = Series::new("Nederland", years, values.iter().map(|v| v * 0.8).collect());
        LineChart {
            title: "Tekort <po> & \"vo\" 'mbo'".into(),
            y_label: "fte".into(),
            series: vec![a, b],
            marker_year: Some(2024),
            marker_label: "basisjaar".into(),
            y_from_zero: true,
            percent: false,
            fit_to_lines: false,
            lang: Lang::Nl,
        }
    }

    fn bar_chart(horizontal: bool, stacked: bool) -> BarChart {
        BarChart {
            title: "Vacatures & <tekort>".into(),
            categories: vec!["po".into(), "vo".into(), "mbo".into()],
            groups: vec![
                ("2025".into(), vec![12000.0, -3.0, 450.5]),
                ("2030 \"hoog\"".into(), vec![9000.0, 2.0, 800.0]),
            ],
            stacked,
            horizontal,
            values: false,
            lang: Lang::En,
        }
    }

    fn age_chart() -> AgeChart {
        AgeChart {
            title: "Leeftijd".into(),
            ages: vec!["<25".into(), "25-34".into(), "35-44".into(), "55+".into()],
            shares: vec![
                ("Regio".into(), vec![8.0, 27.5, 30.0, 34.5]),
                ("Nederland".into(), vec![7.0, 25.0, 33.0, 35.0]),
            ],
            lang: Lang::Nl,
        }
    }

    fn all_charts() -> Vec<String> {
        let mut out = vec![
            line_chart().to_svg().unwrap(),
            age_chart().to_svg().unwrap(),
        ];
        for h in [false, true] {
            for st in [false, true] {
                out.push(bar_chart(h, st).to_svg().unwrap());
            }
        }
        let mut huge = bar_chart(false, true);
        huge.groups[0].1[0] = f64::MAX;
        huge.groups[1].1[0] = f64::MAX;
        huge.groups[1].1[1] = f64::MIN;
        out.push(huge.to_svg().unwrap());
        let mut one = line_chart();
        one.series.truncate(1);
        one.percent = true;
        one.series[0].years = vec![2030];
        one.series[0].values = vec![4.5];
        one.series[0].band = None;
        one.series[0].band_outer = None;
        out.push(one.to_svg().unwrap());
        out
    }

    #[test]
    fn checker_catches_bad_markup() {
        assert!(check_balanced("<svg><g></g><line/></svg>").is_ok());
        assert!(check_balanced("<svg><g></svg>").is_err());
        assert!(check_balanced("<svg><g></g>").is_err());
        assert!(check_balanced("<svg>a < b</svg>").is_err());
        assert!(check_balanced("<svg>a & b</svg>").is_err());
        assert!(check_balanced("<svg></svg><svg></svg>").is_err());
        assert!(check_balanced("<svg x=\"1></svg>").is_err());
    }

    #[test]
    fn every_chart_is_well_formed_and_self_contained() {
        for svg in all_charts() {
            check_balanced(&svg).unwrap_or_else(|e| panic!("{e}\n{svg}"));
            assert!(svg.starts_with("<svg viewBox=\"0 0 640 "), "{svg}");
            assert!(svg.contains(" width=\"100%\""));
            assert!(svg.contains(&format!(" font-family=\"{FONT}\"")));
            let lower = svg.to_lowercase();
            for bad in [
                "http", "href", "url(", "<image", "@import", "<style", "<script", "xmlns", "nan",
                "inf", " id=",
            ] {
                assert!(!lower.contains(bad), "{bad:?} in {svg}");
            }
        }
    }

    #[test]
    fn text_is_escaped() {
        let svg = line_chart().to_svg().unwrap();
        assert!(svg.contains("<title>Tekort &lt;po&gt; &amp; &quot;vo&quot; &#39;mbo&#39;</title>"));
        assert!(svg.contains(">regio &lt;Noord&gt; &amp; &quot;Oost&quot;</text>"));
        assert!(!svg.contains("<po>") && !svg.contains("<Noord>"));
        let bars = bar_chart(false, false).to_svg().unwrap();
        assert!(bars.contains(">Vacatures &amp; &lt;tekort&gt;</text>"));
        assert!(bars.contains("<title>2030 &quot;hoog&quot; – po: 9,000</title>"));
        let ages = age_chart().to_svg().unwrap();
        assert!(ages.contains(">&lt;25</text>"));
    }

    #[test]
    fn non_finite_values_name_series_and_year() {
        let mut c = line_chart();
        c.series[1].values[3] = f64::NAN;
        let err = c.to_svg().unwrap_err();
        assert_eq!(
            err,
            ChartError::NonFinite {
                series: "Nederland".into(),
                what: "value".into(),
                at: "2023".into()
            }
        );
        assert_eq!(
            err.to_string(),
            "series \"Nederland\": non-finite value at 2023"
        );
        let mut c = line_chart();
        c.series[0].band_outer.as_mut().unwrap().1[10] = f64::INFINITY;
        assert!(
            matches!(c.to_svg(), Err(ChartError::NonFinite { what, at, .. })
            if what == "band_outer hi" && at == "2030")
        );
        let mut b = bar_chart(true, true);
        b.groups[0].1[2] = f64::NEG_INFINITY;
        assert_eq!(
            b.to_svg().unwrap_err(),
            ChartError::NonFinite {
                series: "2025".into(),
                what: "value".into(),
                at: "mbo".into()
            }
        );
    }

    #[test]
    fn bad_shapes_are_errors() {
        let mut c = line_chart();
        c.series[1].values.pop();
        assert_eq!(
            c.to_svg().unwrap_err(),
            ChartError::LengthMismatch {
                series: "Nederland".into(),
                what: "values".into(),
                expected: 11,
                got: 10
            }
        );
        let mut c = line_chart();
        c.series[0].band.as_mut().unwrap().0.push(1.0);
        assert!(
            matches!(c.to_svg(), Err(ChartError::LengthMismatch { what, got: 12, .. })
            if what == "band lo")
        );
        let mut c = line_chart();
        c.series[1].years.swap(4, 5);
        assert_eq!(
            c.to_svg().unwrap_err(),
            ChartError::YearsNotIncreasing {
                series: "Nederland".into(),
                year: 2024
            }
        );
        let mut c = line_chart();
        c.series.clear();
        assert!(matches!(c.to_svg(), Err(ChartError::NoData { .. })));
        let mut b = bar_chart(false, false);
        b.groups[1].1.push(1.0);
        assert!(
            matches!(b.to_svg(), Err(ChartError::LengthMismatch { series, expected: 3, got: 4, .. })
            if series == "2030 \"hoog\"")
        );
        let mut a = age_chart();
        a.ages.clear();
        assert!(matches!(a.to_svg(), Err(ChartError::NoData { .. })));
    }

    fn close(a: &[f64], b: &[f64]) -> bool {
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-9)
    }

    #[test]
    fn nice_ticks_on_hand_checked_ranges() {
        let t = nice_ticks(0.0, 97.0);
        assert_eq!(t.values, vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
        assert_eq!(t.decimals, 0);
        let t = nice_ticks(0.0, 1.0);
        assert!(close(&t.values, &[0.0, 0.2, 0.4, 0.6, 0.8, 1.0]), "{t:?}");
        assert_eq!(t.values[3], 0.6);
        assert_eq!(t.decimals, 1);
        let t = nice_ticks(-3.2, 8.7);
        assert!(
            close(&t.values, &[-5.0, -2.5, 0.0, 2.5, 5.0, 7.5, 10.0]),
            "{t:?}"
        );
        assert_eq!(t.decimals, 1);
        let t = nice_ticks(12_000.0, 15_500.0);
        assert!(close(&t.values, &[12e3, 13e3, 14e3, 15e3, 16e3]), "{t:?}");
        let t = nice_ticks(0.0, 0.23);
        assert!(
            close(&t.values, &[0.0, 0.05, 0.1, 0.15, 0.2, 0.25]),
            "{t:?}"
        );
        assert_eq!(t.decimals, 2);
        let t = nice_ticks(5.0, 5.0);
        assert!(
            close(&t.values, &[4.4, 4.6, 4.8, 5.0, 5.2, 5.4, 5.6]),
            "{t:?}"
        );
        assert_eq!(t.decimals, 1);
        assert!(close(
            &nice_ticks(0.0, 0.0).values,
            &[0.0, 0.2, 0.4, 0.6, 0.8, 1.0]
        ));
        let extremes = [
            (-1e305, 1e305),
            (1e-320, 1e-320),
            (0.0, 1e-200),
            (1.5e300, 1.6e300),
        ];
        for (lo, hi) in extremes
            .into_iter()
            .chain([(f64::MAX, f64::MAX), (f64::MIN, 0.0)])
        {
            let t = nice_ticks(lo, hi);
            assert!(t.values.iter().all(|v| v.is_finite()) && t.values[0] < t.values[1]);
        }
        // 4 to 7 ticks covering the range, for many ranges.
        for i in 1..400 {
            let hi = f64::from(i) * 0.731;
            for lo in [0.0, -hi * 0.37, hi * 0.5, -hi] {
                let t = nice_ticks(lo, hi);
                let k = t.values.len();
                assert!((4..=7).contains(&k), "{lo}..{hi}: {t:?}");
                assert!(t.values[0] <= lo + 1e-9 && t.values[k - 1] >= hi - 1e-9);
            }
        }
    }

    #[test]
    fn year_ticks_on_hand_checked_ranges() {
        assert_eq!(year_ticks(2020, 2040), vec![2020, 2025, 2030, 2035, 2040]);
        assert_eq!(year_ticks(2023, 2030), (2023..=2030).collect::<Vec<_>>());
        assert_eq!(
            year_ticks(2013, 2040),
            vec![2015, 2020, 2025, 2030, 2035, 2040]
        );
        assert_eq!(year_ticks(1950, 2040), vec![1960, 1980, 2000, 2020, 2040]);
        assert_eq!(year_ticks(2029, 2031), vec![2029, 2030, 2031]);
    }

    #[test]
    fn numbers_in_dutch_and_english() {
        let cases: [(f64, usize, &str, &str); 9] = [
            (12345.6, 1, "12.345,6", "12,345.6"),
            (1_234_567.0, 0, "1.234.567", "1,234,567"),
            (999.0, 0, "999", "999"),
            (1000.0, 0, "1.000", "1,000"),
            (-1234.5, 2, "−1.234,50", "−1,234.50"),
            (-0.04, 1, "0,0", "0.0"),
            (0.125, 2, "0,12", "0.12"),
            (999.96, 1, "1.000,0", "1,000.0"),
            (f64::NAN, 1, "–", "–"),
        ];
        for (x, d, nl, en) in cases {
            assert_eq!(format_number(x, d, Lang::Nl), nl, "{x}");
            assert_eq!(format_number(x, d, Lang::En), en, "{x}");
        }
        assert_eq!(value_label(20.0, 0, true, Lang::Nl), "20\u{a0}%");
        assert_eq!(value_label(2.5, 1, true, Lang::En), "2.5%");
    }

    #[test]
    fn axis_labels_use_the_formatter() {
        let svg = line_chart().to_svg().unwrap();
        // Values 0 to 2700 + 250: ticks 0, 500, ..., 3000 with Dutch separators.
        assert!(svg.contains(">3.000</text>") && svg.contains(">1.500</text>"));
        // Years are not numbers to format.
        assert!(svg.contains(">2030</text>") && !svg.contains("2.030"));
        assert!(svg.contains(">basisjaar</text>") && svg.contains(">fte</text>"));
        let bars = bar_chart(false, false).to_svg().unwrap();
        assert!(bars.contains(">12,500</text>") && bars.contains(">−2,500</text>"));
        let ages = age_chart().to_svg().unwrap();
        assert!(ages.contains(">30\u{a0}%</text>") && ages.contains(">40\u{a0}%</text>"));
        assert!(ages.contains("<title>Regio – 25-34: 27,5\u{a0}%</title>"));
    }

    #[test]
    fn band_lies_between_lo_and_hi_in_pixels() {
        let years: Vec<i32> = (2020..=2024).collect();
        let values = vec![10.0, 12.0, 11.0, 13.0, 14.0];
        let mut s = Series::new("a", years, values.clone());
        s.band = Some((
            values.iter().map(|v| v - 2.0).collect(),
            values.iter().map(|v| v + 3.0).collect(),
        ));
        let chart = LineChart {
            title: "band".into(),
            series: vec![s],
            ..LineChart::default()
        };
        let svg = chart.to_svg().unwrap();
        let line = points(between(&svg, "<path d=\"", "\"")[0]);
        let polys = between(&svg, "<polygon points=\"", "\"");
        assert_eq!(polys.len(), 1);
        let band = points(polys[0]);
        assert_eq!((line.len(), band.len()), (5, 10));
        for (i, &(x, y)) in line.iter().enumerate() {
            let (hx, hy) = band[i];
            let (lx, ly) = band[9 - i];
            assert_eq!((hx, lx), (x, x));
            // SVG y grows downwards: hi is above the line, lo below it.
            assert!(hy < y && y < ly, "{i}: {hy} {y} {ly}");
            let ratio = (ly - y) / (y - hy);
            assert!((ratio - 2.0 / 3.0).abs() < 0.01, "{ratio}");
        }
        // Later years further right.
        assert!(line.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn forecast_part_is_dashed_from_its_year() {
        let svg = line_chart().to_svg().unwrap();
        let paths = between(&svg, "<path d=\"", "/>");
        // Series a: solid 2020-2024, dashed 2024-2030; series b: solid.
        assert_eq!(paths.len(), 3);
        let solid = points(paths[0].split('"').next().unwrap());
        let dashed = points(paths[1].split('"').next().unwrap());
        assert_eq!((solid.len(), dashed.len()), (5, 7));
        assert_eq!(solid[4], dashed[0]);
        assert!(!paths[0].contains("dasharray") && paths[1].contains("dasharray=\"6 4\""));
        assert!(!paths[2].contains("dasharray"));
    }

    #[test]
    fn negative_and_stacked_bars() {
        let chart = BarChart {
            title: "saldo".into(),
            categories: vec!["a".into(), "b".into()],
            groups: vec![("g".into(), vec![5.0, -3.0])],
            ..BarChart::default()
        };
        let svg = chart.to_svg().unwrap();
        let b = bars(&svg);
        assert_eq!(b.len(), 2);
        let (pos, neg) = (&b[0], &b[1]);
        assert_eq!(neg.4, "g – b: −3,0");
        // Both start at the zero line: the positive bar ends where the negative one begins.
        assert!((pos.1 + pos.3 - neg.1).abs() < 0.15, "{pos:?} {neg:?}");
        assert!((neg.3 / pos.3 - 0.6).abs() < 0.01);
        let svg = BarChart {
            horizontal: true,
            ..chart.clone()
        }
        .to_svg()
        .unwrap();
        let b = bars(&svg);
        let (pos, neg) = (&b[0], &b[1]);
        assert!((neg.0 + neg.2 - pos.0).abs() < 0.15, "{pos:?} {neg:?}");
        assert!((neg.2 / pos.2 - 0.6).abs() < 0.01);
        assert!(neg.1 > pos.1, "categories from top to bottom");

        let stacked = BarChart {
            groups: vec![("g".into(), vec![2.0, 1.0]), ("h".into(), vec![3.0, 1.0])],
            stacked: true,
            ..chart
        };
        let b = bars(&stacked.to_svg().unwrap());
        // Order: category a (g, h), category b (g, h).
        let (g, h) = (&b[0], &b[1]);
        assert!((h.1 + h.3 - g.1).abs() < 0.15, "h sits on g: {g:?} {h:?}");
        assert!((h.3 / g.3 - 1.5).abs() < 0.01);
        assert_eq!((g.0, g.2), (h.0, h.2));
    }

    #[test]
    fn legend_only_with_several_series() {
        let svg = line_chart().to_svg().unwrap();
        // In the legend and at the end of its line.
        assert_eq!(svg.matches(">Nederland</text>").count(), 2);
        let mut one = line_chart();
        one.series.remove(0);
        assert_eq!(
            one.to_svg().unwrap().matches(">Nederland</text>").count(),
            0
        );
        let ages = age_chart().to_svg().unwrap();
        assert!(ages.contains(">Regio</text>") && ages.contains("fill=\"#D55E00\""));
    }

    /// The value axis's tick labels, top to bottom.
    fn axis_values(svg: &str) -> Vec<String> {
        between(
            svg,
            "text-anchor=\"end\" fill=\"#555555\" font-size=\"11\">",
            "</text>",
        )
        .into_iter()
        .map(String::from)
        .collect()
    }

    #[test]
    fn fitted_to_the_lines_the_bands_are_clipped_and_the_chart_says_so() {
        let years: Vec<i32> = (2020..=2024).collect();
        let values = vec![10.0, 11.0, 12.0, 11.0, 10.0];
        let mut s = Series::new("a", years, values.clone());
        s.band_outer = Some((vec![0.0; 5], vec![80.0; 5]));
        let mut chart = LineChart {
            title: "t".into(),
            series: vec![s],
            lang: Lang::Nl,
            ..LineChart::default()
        };
        let wide = chart.to_svg().unwrap();
        assert!(
            axis_values(&wide).iter().any(|v| v == "80"),
            "{:?}",
            axis_values(&wide)
        );
        assert!(!wide.contains("afgekapt"));
        chart.fit_to_lines = true;
        let fitted = chart.to_svg().unwrap();
        let axis: Vec<f64> = axis_values(&fitted)
            .iter()
            .filter_map(|v| v.replace(',', ".").parse().ok())
            .collect();
        let top = axis.iter().copied().fold(f64::MIN, f64::max);
        assert!(
            (12.0..=14.0).contains(&top),
            "the axis fits the line: {axis:?}"
        );
        assert!(fitted.contains(">band afgekapt aan de as</text>"));
        // The band stays inside the plot.
        let band = points(between(&fitted, "<polygon points=\"", "\"")[0]);
        let line = points(between(&fitted, "<path d=\"", "\"")[0]);
        let plot_top = band.iter().map(|p| p.1).fold(f64::MAX, f64::min);
        assert!(plot_top >= 40.0 && line.iter().all(|p| p.1 >= plot_top));
        chart.lang = Lang::En;
        assert!(chart
            .to_svg()
            .unwrap()
            .contains(">band clipped at the axis</text>"));
    }

    #[test]
    fn bands_start_where_the_forecast_does() {
        let svg = line_chart().to_svg().unwrap();
        let xs_of = |pts: &[(f64, f64)]| pts.iter().map(|p| p.0).fold(f64::MAX, f64::min);
        let paths = between(&svg, "<path d=\"", "\"");
        let solid = points(paths[0]);
        let dashed = points(paths[1]);
        for poly in between(&svg, "<polygon points=\"", "\"").iter().take(2) {
            let band = points(poly);
            // From 2024 (the first dashed point) on: 7 years up and back.
            assert_eq!(band.len(), 14);
            assert_eq!(xs_of(&band), dashed[0].0);
            assert!(xs_of(&band) > solid[0].0);
        }
    }

    #[test]
    fn lines_differ_in_marker_and_dash_and_are_named_at_their_ends() {
        let svg = line_chart().to_svg().unwrap();
        // Series a: circles at its 11 points (+1 in the legend); series b:
        // squares (+1 in the legend, +1 the background rect).
        assert_eq!(svg.matches("<circle").count(), 12);
        assert_eq!(svg.matches("<rect").count(), 1 + 12);
        let mut b = line_chart();
        b.series[1].dashed_from = Some(2024);
        let svg = b.to_svg().unwrap();
        assert!(
            svg.contains("stroke-dasharray=\"6 4\"") && svg.contains("stroke-dasharray=\"2 3\"")
        );
        // The end labels in the series' colours, right of the last points.
        assert!(svg.contains("fill=\"#D55E00\" font-size=\"11\">Nederland</text>"));
        let name = "regio &lt;Noord&gt; &amp; &quot;Oost&quot;";
        assert!(svg.contains(&format!("fill=\"#0072B2\" font-size=\"11\">{name}</text>")));
    }

    #[test]
    fn bars_can_print_their_values() {
        let mut chart = bar_chart(true, false);
        assert!(!chart
            .to_svg()
            .unwrap()
            .contains("font-size=\"10\">12,000</text>"));
        chart.values = true;
        let svg = chart.to_svg().unwrap();
        assert!(
            svg.contains("font-size=\"10\">12,000</text>")
                && svg.contains("font-size=\"10\">−3.0</text>")
        );
        // Stacked: the total (the sum with the negative parts) above each bar.
        let mut stacked = bar_chart(false, true);
        stacked.values = true;
        let svg = stacked.to_svg().unwrap();
        assert!(
            svg.contains("font-size=\"10\">total 21,000</text>"),
            "{svg}"
        );
        // The age chart prints its shares.
        assert!(age_chart()
            .to_svg()
            .unwrap()
            .contains(">27,5\u{a0}%</text>"));
    }

    #[test]
    fn output_is_deterministic() {
        let a = all_charts();
        let b = all_charts();
        assert_eq!(a, b);
        assert_eq!(line_chart().to_svg(), line_chart().clone().to_svg());
        assert_ne!(a[0], a[1]);
    }
}

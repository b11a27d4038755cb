//! SVG writing helpers: escaping, number formatting, text metrics, palette, patterns.

use std::fmt::Write as _;

use crate::framework::Framework;
use crate::lang::Lang;

/// The font-family list of every chart: CJK-capable fonts first, then generic sans-serif.
pub const FONT_FAMILY: &str = "'Noto Sans CJK SC','Noto Sans SC','Source Han Sans SC','PingFang SC','Hiragino Sans GB','Microsoft YaHei','WenQuanYi Micro Hei',system-ui,sans-serif";

/// Okabe–Ito colours for radar series (yellow left out: too light on white).
pub(crate) const SERIES_COLOURS: [&str; 7] = [
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000",
];

/// Dash patterns for radar series (`""` = solid).
pub(crate) const SERIES_DASHES: [&str; 5] = ["", "8 4", "3 3", "10 4 2 4", "1 3"];

/// Viridis, light to dark: the level ramp (monotone in lightness, so it reads in greyscale).
const RAMP: [(u8, u8, u8); 9] = [
    (0xfd, 0xe7, 0x25),
    (0xb5, 0xde, 0x2b),
    (0x6e, 0xce, 0x58),
    (0x35, 0xb7, 0x79),
    (0x1f, 0x9e, 0x89),
    (0x26, 0x82, 0x8e),
    (0x31, 0x68, 0x8e),
    (0x3e, 0x49, 0x89),
    (0x48, 0x28, 0x78),
];

/// XML-escapes text for element content and attribute values; characters XML 1.0 forbids
/// (most C0 controls, lone surrogates cannot occur in `str`, U+FFFE, U+FFFF), the other control
/// characters and the bidirectional overrides become U+FFFD.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            // C0 (XML 1.0 forbids them), DEL and C1, and the bidirectional embeddings,
            // overrides and isolates (they reorder the text after them: a name could show
            // another level than its own)
            c if c.is_control()
                || c == '\u{FFFE}'
                || c == '\u{FFFF}'
                || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}') =>
            {
                out.push('\u{FFFD}')
            }
            c => out.push(c),
        }
    }
    out
}

/// A coordinate with two decimals (never `-0.00`; non-finite values give `0.00`).
pub(crate) fn num(x: f64) -> String {
    if !x.is_finite() {
        return "0.00".to_owned();
    }
    let s = format!("{x:.2}");
    if s == "-0.00" {
        "0.00".to_owned()
    } else {
        s
    }
}

/// Whether a character is drawn about 1 em wide (CJK, full-width forms).
fn wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// Estimated width of a text in pixels at a font size (no font metrics: CJK 1 em, others
/// 0.6 em). Used only for layout, so an estimate is enough.
pub(crate) fn text_width(s: &str, size: f64) -> f64 {
    s.chars()
        .map(|c| if wide(c) { 1.0 } else { 0.6 })
        .sum::<f64>()
        * size
}

/// Cuts a text to at most `max` pixels at `size`, ending it with `…` when cut.
pub(crate) fn truncate(s: &str, size: f64, max: f64) -> String {
    if text_width(s, size) <= max {
        return s.to_owned();
    }
    let mut out = String::new();
    let mut w = text_width("…", size);
    for c in s.chars() {
        let cw = if wide(c) { size } else { 0.6 * size };
        if w + cw > max {
            break;
        }
        w += cw;
        out.push(c);
    }
    out.push('…');
    out
}

/// Splits a label into at most two lines when it is wider than `max`: at the space nearest the
/// middle, else in the middle of the characters.
pub(crate) fn wrap2(s: &str, size: f64, max: f64) -> Vec<String> {
    if text_width(s, size) <= max || s.chars().count() < 2 {
        return vec![s.to_owned()];
    }
    let chars: Vec<char> = s.chars().collect();
    let mid = chars.len() / 2;
    let split = chars
        .iter()
        .enumerate()
        .filter(|(_, c)| **c == ' ')
        .map(|(i, _)| i)
        .min_by_key(|i| i.abs_diff(mid));
    match split {
        Some(i) => vec![chars[..i].iter().collect(), chars[i + 1..].iter().collect()],
        None => vec![chars[..mid].iter().collect(), chars[mid..].iter().collect()],
    }
}

/// The ramp colour of level `code` (1-based) on a `k`-level scale: lightest for the lowest.
pub(crate) fn level_rgb(code: u8, k: u8) -> (u8, u8, u8) {
    let t = if k <= 1 {
        1.0
    } else {
        f64::from(code.clamp(1, k) - 1) / f64::from(k - 1)
    };
    let pos = t * (RAMP.len() - 1) as f64;
    let i = (pos.floor() as usize).min(RAMP.len() - 2);
    let f = pos - i as f64;
    let (a, b) = (RAMP[i], RAMP[i + 1]);
    let mix = |x: u8, y: u8| (f64::from(x) + (f64::from(y) - f64::from(x)) * f).round() as u8;
    (mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// `#rrggbb` of a level.
pub(crate) fn level_colour(code: u8, k: u8) -> String {
    let (r, g, b) = level_rgb(code, k);
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// Whether text on a level's colour should be white (dark background).
pub(crate) fn level_dark(code: u8, k: u8) -> bool {
    let (r, g, b) = level_rgb(code, k);
    let lin = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.039_28 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b) < 0.18
}

/// The text colour on a level's fill.
pub(crate) fn level_ink(code: u8, k: u8) -> &'static str {
    if level_dark(code, k) {
        "#ffffff"
    } else {
        "#000000"
    }
}

/// The label of level `code` in a language (the code itself when out of range).
pub(crate) fn level_label(framework: &Framework, code: u8, lang: Lang) -> String {
    framework
        .level_by_code(code)
        .map_or_else(|| code.to_string(), |l| l.labels.in_lang(lang).to_owned())
}

/// Keeps ASCII letters, digits, `-` and `_`; `"rx"` when nothing usable remains.
pub(crate) fn clean_prefix(p: &str) -> String {
    let s: String = p
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    if s.is_empty() || !s.starts_with(|c: char| c.is_ascii_alphabetic()) {
        format!("rx{s}")
    } else {
        s
    }
}

/// The `id` of a level's fill pattern.
pub(crate) fn pattern_id(prefix: &str, code: u8) -> String {
    format!("{prefix}-lv{code}")
}

/// `<pattern>` definitions, one per level: the ramp colour, plus diagonal hatching for the
/// lowest level and dots for the middle levels (the top level is plain), so levels differ
/// without colour.
pub(crate) fn level_patterns(out: &mut String, prefix: &str, k: u8) {
    for code in 1..=k {
        let fill = level_colour(code, k);
        let mark = if level_dark(code, k) {
            "#ffffff"
        } else {
            "#000000"
        };
        let id = pattern_id(prefix, code);
        if code == 1 {
            let _ = write!(
                out,
                "<pattern id=\"{id}\" patternUnits=\"userSpaceOnUse\" width=\"8\" height=\"8\" patternTransform=\"rotate(45)\"><rect width=\"8\" height=\"8\" fill=\"{fill}\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"8\" stroke=\"{mark}\" stroke-opacity=\"0.45\" stroke-width=\"2.5\"/></pattern>"
            );
        } else if code < k {
            let _ = write!(
                out,
                "<pattern id=\"{id}\" patternUnits=\"userSpaceOnUse\" width=\"8\" height=\"8\"><rect width=\"8\" height=\"8\" fill=\"{fill}\"/><circle cx=\"4\" cy=\"4\" r=\"1.6\" fill=\"{mark}\" fill-opacity=\"0.5\"/></pattern>"
            );
        } else {
            let _ = write!(
                out,
                "<pattern id=\"{id}\" patternUnits=\"userSpaceOnUse\" width=\"8\" height=\"8\"><rect width=\"8\" height=\"8\" fill=\"{fill}\"/></pattern>"
            );
        }
    }
}

/// The opening `<svg>` tag with `<title>` and `<desc>`.
pub(crate) fn open(
    out: &mut String,
    size: (f64, f64),
    view: (f64, f64),
    prefix: &str,
    title: &str,
    desc: &str,
) {
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" role=\"img\" aria-labelledby=\"{prefix}-title {prefix}-desc\" font-family=\"{FONT_FAMILY}\">\n<title id=\"{prefix}-title\">{}</title>\n<desc id=\"{prefix}-desc\">{}</desc>\n",
        num(size.0),
        num(size.1),
        num(view.0),
        num(view.1),
        esc(title),
        esc(desc)
    );
}

/// A `<text>` element; `lines` are stacked `1.2em` apart, the block centred on `y` when
/// `centre` is set.
#[allow(clippy::too_many_arguments)]
pub(crate) fn text(
    out: &mut String,
    x: f64,
    y: f64,
    size: f64,
    anchor: &str,
    attrs: &str,
    lines: &[String],
    centre: bool,
) {
    let n = lines.len().max(1) as f64;
    let first = if centre {
        y - (n - 1.0) * 0.6 * size
    } else {
        y
    };
    let _ = write!(
        out,
        "<text x=\"{}\" y=\"{}\" font-size=\"{}\" text-anchor=\"{anchor}\"{}{attrs}>",
        num(x),
        num(first),
        num(size),
        if attrs.is_empty() { "" } else { " " }
    );
    if lines.len() == 1 {
        out.push_str(&esc(&lines[0]));
    } else {
        for (i, l) in lines.iter().enumerate() {
            let dy = if i == 0 { 0.0 } else { 1.2 * size };
            let _ = write!(
                out,
                "<tspan x=\"{}\" dy=\"{}\">{}</tspan>",
                num(x),
                num(dy),
                esc(l)
            );
        }
    }
    out.push_str("</text>\n");
}

/// A legend of the levels: a swatch (colour and pattern) and the label of each level, laid out
/// left to right from `(x, y)` (the swatches' top). Returns the width used.
pub(crate) fn level_legend(
    out: &mut String,
    framework: &Framework,
    lang: Lang,
    prefix: &str,
    x: f64,
    y: f64,
) -> f64 {
    let k = framework.level_count();
    let mut cx = x;
    out.push_str("<g class=\"rx-legend\">\n");
    for code in 1..=k {
        let label = level_label(framework, code, lang);
        let _ = writeln!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"18\" height=\"14\" fill=\"url(#{})\" stroke=\"#333333\" stroke-width=\"0.5\"/>",
            num(cx),
            num(y),
            pattern_id(prefix, code)
        );
        text(
            out,
            cx + 24.0,
            y + 11.5,
            12.0,
            "start",
            "fill=\"#222222\"",
            std::slice::from_ref(&label),
            false,
        );
        cx += 24.0 + text_width(&label, 12.0) + 18.0;
    }
    out.push_str("</g>\n");
    cx - x
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_and_numbers() {
        assert_eq!(
            esc("<script>alert('x')&\"</script>"),
            "&lt;script&gt;alert(&#39;x&#39;)&amp;&quot;&lt;/script&gt;"
        );
        assert_eq!(esc("a\u{0}b\u{1b}c\u{FFFF}"), "a\u{FFFD}b\u{FFFD}c\u{FFFD}");
        assert_eq!(num(-0.001), "0.00");
        assert_eq!(num(1.005_1), "1.01");
        assert_eq!(num(f64::NAN), "0.00");
        assert_eq!(num(-3.333), "-3.33");
    }

    #[test]
    fn ramp_is_light_to_dark() {
        assert_eq!(level_colour(1, 3), "#fde725");
        assert_eq!(level_colour(2, 3), "#1f9e89");
        assert_eq!(level_colour(3, 3), "#482878");
        assert_eq!(level_colour(1, 2), "#fde725");
        assert_eq!(level_colour(2, 2), "#482878");
        assert!(!level_dark(1, 3) && !level_dark(2, 3) && level_dark(3, 3));
    }

    #[test]
    fn widths_and_wrapping() {
        assert_eq!(text_width("满足需求", 10.0), 40.0);
        assert_eq!(text_width("ab", 10.0), 12.0);
        assert_eq!(
            wrap2("Connectivity with government", 10.0, 60.0),
            ["Connectivity", "with government"]
        );
        assert_eq!(wrap2("应急知识储备", 10.0, 40.0), ["应急知", "识储备"]);
        assert_eq!(truncate("abcdefghij", 10.0, 36.0), "abcde…");
        assert_eq!(clean_prefix("a b<c"), "abc");
        assert_eq!(clean_prefix("9x"), "rx9x");
    }
}

//! PNG and PDF export: Chinese text is drawn with real glyphs (not missing-glyph boxes), pages
//! are counted, bad input is a typed error.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use renxing::ErrorCode;
use renxing_render::{pdf_with, png_with, Fonts};
use resvg::tiny_skia::Pixmap;

fn text_svg(s: &str) -> String {
    format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="60"><text x="6" y="44" font-size="40" font-family="'Noto Sans CJK SC','Microsoft YaHei',sans-serif">{s}</text></svg>"#
    )
}

/// The dark pixels of a render, as a bitmap.
fn ink(svg: &str) -> Vec<bool> {
    let png = png_with(svg, 1.0, Fonts::Shipped).expect("renders");
    let pix = Pixmap::decode_png(&png).expect("a PNG");
    pix.pixels().iter().map(|p| p.red() < 128).collect()
}

fn count(bits: &[bool]) -> usize {
    bits.iter().filter(|b| **b).count()
}

#[test]
fn cjk_glyphs_are_drawn_not_boxes() {
    // U+E000/U+E001 (private use) are in no font: each is drawn as the missing-glyph box.
    let boxes = ink(&text_svg("\u{E000}\u{E001}"));
    let ren = ink(&text_svg("韧"));
    let xing = ink(&text_svg("性"));
    let both = ink(&text_svg("韧性"));
    // real glyphs leave ink…
    assert!(count(&ren) > 100, "韧 drew {} dark pixels", count(&ren));
    assert!(count(&xing) > 100, "性 drew {} dark pixels", count(&xing));
    // …that differs between two characters (two boxes would be the same picture)…
    let differ = ren.iter().zip(&xing).filter(|(a, b)| a != b).count();
    assert!(differ > 200, "韧 and 性 differ by only {differ} pixels");
    // …and from the missing-glyph render
    let vs_boxes = both.iter().zip(&boxes).filter(|(a, b)| a != b).count();
    assert!(
        vs_boxes > 300,
        "韧性 differs from two boxes by {vs_boxes} pixels"
    );
    // 韧性 is denser than two box outlines
    assert!(
        count(&both) > count(&boxes),
        "{} vs {}",
        count(&both),
        count(&boxes)
    );
}

#[test]
fn a_chart_of_the_core_renders_with_its_chinese_labels() {
    let fw = renxing::Framework::paper();
    let b = renxing::case("b").expect("case b");
    let card = renxing::score(&b, fw).expect("scores");
    let svg = renxing::chart::radar(
        fw,
        &[renxing::chart::RadarSeries::new(&b.name, card)],
        &renxing::chart::ChartOptions::new(renxing::Lang::Zh),
    )
    .expect("a radar");
    assert!(svg.contains("满足需求"));
    let png = png_with(&svg, 2.0, Fonts::Shipped).expect("renders");
    let pix = Pixmap::decode_png(&png).expect("a PNG");
    let (w, h) = renxing_size(&svg);
    assert_eq!(
        (pix.width(), pix.height()),
        ((w * 2.0).round() as u32, (h * 2.0).round() as u32)
    );
}

fn renxing_size(svg: &str) -> (f64, f64) {
    let attr = |k: &str| -> f64 {
        let key = format!(" {k}=\"");
        let s = svg.find(&key).expect("attribute") + key.len();
        let e = svg[s..].find('"').expect("quote") + s;
        svg[s..e].parse().expect("a number")
    };
    (attr("width"), attr("height"))
}

#[test]
fn a_report_becomes_a_pdf_of_a4_pages() {
    let fw = renxing::Framework::paper();
    let b = renxing::case("b").expect("case b");
    let d = renxing::diagnose(&b, fw).expect("diagnoses");
    let pages = renxing::report::report_pages(
        fw,
        &b,
        &d,
        &renxing::report::ReportOptions::new(renxing::Lang::Zh),
        true,
    )
    .expect("pages");
    assert!(pages.len() >= 2, "{} pages", pages.len());
    let pdf = pdf_with(&pages, Fonts::Shipped).expect("a PDF");
    assert!(pdf.starts_with(b"%PDF-"));
    let text = String::from_utf8_lossy(&pdf);
    assert_eq!(
        text.matches("/Type /Page").count() - text.matches("/Type /Pages").count(),
        pages.len()
    );
    assert!(text.contains("/MediaBox [0 0 595 842]"), "A4 media box");
    // the CJK font is embedded
    assert!(
        text.contains("RenxingSansSC"),
        "the shipped font is embedded"
    );
}

#[test]
fn bad_input_is_a_typed_error() {
    let e = png_with("<svg", 1.0, Fonts::Shipped)
        .err()
        .map(|e| e.code());
    assert_eq!(e, Some(ErrorCode::ExportFailed));
    let e = png_with(&text_svg("x"), f32::NAN, Fonts::Shipped)
        .err()
        .map(|e| e.code());
    assert_eq!(e, Some(ErrorCode::ExportFailed));
    let e = png_with(&text_svg("x"), 1000.0, Fonts::Shipped)
        .err()
        .map(|e| e.code());
    assert_eq!(e, Some(ErrorCode::ExportFailed));
    let e = pdf_with(&[], Fonts::Shipped).err().map(|e| e.code());
    assert_eq!(e, Some(ErrorCode::ExportFailed));
}

//! # renxing-render: PNG and PDF of renxing's charts and reports
//!
//! The core draws charts as SVG and lays reports out into SVG pages
//! ([`renxing::report::report_pages`]); this crate turns SVG into PNG with
//! [resvg](https://docs.rs/resvg) (a pure-Rust rasteriser) and into PDF with
//! [svg2pdf](https://docs.rs/svg2pdf) (vector output, text embedded as selectable text). It is
//! FFI-free and kept out of the WebAssembly package (the page downloads SVG, HTML and
//! Markdown); the CLI and the Python package enable it through `renxing-ops`'s `render`
//! feature.
//!
//! **Fonts.** Converters that take only the first family of the charts' font list draw boxes for
//! every Chinese character when that font is not installed. This crate ships a subset of Noto
//! Sans CJK SC ([`SHIPPED_FAMILY`], SIL Open Font License 1.1, `fonts/OFL.txt`) covering ASCII,
//! Latin-1, the punctuation and symbols the library writes, every GB2312 character (6,763
//! hanzi) and every non-ASCII character of the library's own sources (`fonts/COVERAGE.txt`;
//! made reproducibly by `fonts/make-subset.py` from Debian's `fonts-noto-cjk`). The system's
//! fonts are loaded too ([`resvg::usvg::fontdb`]): a family named by the chart that is
//! installed is used first, the shipped font stands in for `sans-serif`, and a character that
//! no chosen font has falls back to any loaded font that has it.
//!
//! ```
//! let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="80" height="40"><text x="4" y="28" font-size="24" font-family="sans-serif">韧性</text></svg>"#;
//! let png = renxing_render::png(svg, 1.0)?;
//! assert_eq!(&png[1..4], b"PNG");
//! let pdf = renxing_render::pdf(&[svg.to_owned()])?;
//! assert!(pdf.starts_with(b"%PDF-"));
//! # Ok::<(), renxing::Error>(())
//! ```

#![deny(missing_docs)]

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref};
use renxing::{Error, ErrorCode, Msg, Problem};
use resvg::tiny_skia;
use resvg::usvg::{self, fontdb};

/// The family name of the shipped CJK font.
pub const SHIPPED_FAMILY: &str = "Renxing Sans SC";

/// The shipped font's bytes (a subset of Noto Sans CJK SC Regular, OFL 1.1).
pub static SHIPPED_FONT: &[u8] = include_bytes!("../fonts/RenxingSansSC-Regular.otf");

/// Largest PNG side in pixels (a larger request is refused, not allocated).
pub const MAX_PIXELS_SIDE: u32 = 20_000;

/// Which fonts to draw with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fonts {
    /// The system's fonts and the shipped one (the default).
    System,
    /// The shipped font alone (the same pixels on every machine; what the tests use).
    Shipped,
}

fn database(fonts: Fonts) -> Arc<fontdb::Database> {
    static SYSTEM: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
    static SHIPPED: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
    let make = |system: bool| {
        let mut db = fontdb::Database::new();
        if system {
            db.load_system_fonts();
        }
        db.load_font_data(SHIPPED_FONT.to_vec());
        db.set_sans_serif_family(SHIPPED_FAMILY);
        db.set_serif_family(SHIPPED_FAMILY);
        db.set_monospace_family(SHIPPED_FAMILY);
        Arc::new(db)
    };
    match fonts {
        Fonts::System => SYSTEM.get_or_init(|| make(true)).clone(),
        Fonts::Shipped => SHIPPED.get_or_init(|| make(false)).clone(),
    }
}

fn failed(zh: String, en: String) -> Error {
    Problem::new(ErrorCode::ExportFailed, Msg::new(zh, en)).into()
}

fn tree(svg: &str, fonts: Fonts) -> Result<usvg::Tree, Error> {
    let options = usvg::Options {
        fontdb: database(fonts),
        font_family: SHIPPED_FAMILY.to_owned(),
        ..usvg::Options::default()
    };
    usvg::Tree::from_str(svg, &options).map_err(|e| {
        failed(
            format!("SVG 无法读取:{e}"),
            format!("the SVG cannot be read: {e}"),
        )
    })
}

/// An SVG drawn as a PNG, `scale` pixels per SVG unit (2.0 for a sharp figure in a thesis).
///
/// # Errors
/// [`ErrorCode::ExportFailed`] when the SVG cannot be read, or the scale is not finite and
/// positive, or the image would be larger than [`MAX_PIXELS_SIDE`] on a side.
pub fn png(svg: &str, scale: f32) -> Result<Vec<u8>, Error> {
    png_with(svg, scale, Fonts::System)
}

/// [`png`] with a choice of fonts.
///
/// # Errors
/// As [`png`].
pub fn png_with(svg: &str, scale: f32, fonts: Fonts) -> Result<Vec<u8>, Error> {
    if !(scale.is_finite() && scale > 0.0 && scale <= 16.0) {
        return Err(Problem::new(
            ErrorCode::ExportFailed,
            Msg::new(
                format!("缩放比例 {scale} 须在 0 到 16 之间(不含 0)"),
                format!("scale {scale} must be above 0 and at most 16"),
            ),
        )
        .at(renxing::Path::from("scale"))
        .into());
    }
    let t = tree(svg, fonts)?;
    let size = t.size().to_int_size().scale_by(scale).ok_or_else(|| {
        failed(
            "图像尺寸无效".to_owned(),
            "the image size is not valid".to_owned(),
        )
    })?;
    if size.width() > MAX_PIXELS_SIDE || size.height() > MAX_PIXELS_SIDE {
        return Err(failed(
            format!(
                "图像 {}×{} 像素超过上限 {MAX_PIXELS_SIDE}",
                size.width(),
                size.height()
            ),
            format!(
                "an image of {}×{} pixels is above the limit of {MAX_PIXELS_SIDE}",
                size.width(),
                size.height()
            ),
        ));
    }
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height()).ok_or_else(|| {
        failed(
            "无法分配图像".to_owned(),
            "the image cannot be allocated".to_owned(),
        )
    })?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        &t,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap.encode_png().map_err(|e| {
        failed(
            format!("PNG 编码失败:{e}"),
            format!("PNG encoding failed: {e}"),
        )
    })
}

/// SVG pages as one PDF, a page each, of the pages' own sizes (SVG units taken as points, so
/// the core's A4 report pages are A4). Text stays text (the fonts are embedded, subset).
///
/// # Errors
/// [`ErrorCode::ExportFailed`] when there are no pages or a page cannot be read or converted.
pub fn pdf(pages: &[String]) -> Result<Vec<u8>, Error> {
    pdf_with(pages, Fonts::System)
}

/// [`pdf`] with a choice of fonts.
///
/// # Errors
/// As [`pdf`].
pub fn pdf_with(pages: &[String], fonts: Fonts) -> Result<Vec<u8>, Error> {
    if pages.is_empty() {
        return Err(failed(
            "没有可写入 PDF 的页面".to_owned(),
            "no pages to write as a PDF".to_owned(),
        ));
    }
    let mut alloc = Ref::new(1);
    let catalog = alloc.bump();
    let tree_ref = alloc.bump();
    let mut out = Pdf::new();
    let mut kids = Vec::with_capacity(pages.len());
    let mut chunks = Vec::with_capacity(pages.len());
    let mut page_objs = Vec::with_capacity(pages.len());
    for (i, svg) in pages.iter().enumerate() {
        let t = tree(svg, fonts)?;
        let (chunk, root) =
            svg2pdf::to_chunk(&t, svg2pdf::ConversionOptions::default()).map_err(|e| {
                failed(
                    format!("第 {} 页无法转为 PDF:{e}", i + 1),
                    format!("page {} cannot be converted to PDF: {e}", i + 1),
                )
            })?;
        let mut map = HashMap::new();
        let chunk = chunk.renumber(|old| *map.entry(old).or_insert_with(|| alloc.bump()));
        let root = map.get(&root).copied().ok_or_else(|| {
            failed(
                "PDF 对象编号缺失".to_owned(),
                "a PDF object reference is missing".to_owned(),
            )
        })?;
        let page = alloc.bump();
        let content = alloc.bump();
        kids.push(page);
        let (w, h) = (t.size().width(), t.size().height());
        page_objs.push((page, content, root, w, h));
        chunks.push(chunk);
    }
    out.catalog(catalog).pages(tree_ref);
    out.pages(tree_ref)
        .kids(kids.iter().copied())
        .count(i32::try_from(kids.len()).unwrap_or(i32::MAX));
    let name = Name(b"S1");
    for (page, content, root, w, h) in page_objs {
        let mut p = out.page(page);
        p.media_box(Rect::new(0.0, 0.0, w, h));
        p.parent(tree_ref);
        p.contents(content);
        p.resources().x_objects().pair(name, root);
        p.finish();
        let mut c = Content::new();
        c.transform([w, 0.0, 0.0, h, 0.0, 0.0]).x_object(name);
        out.stream(content, &c.finish());
    }
    for chunk in &chunks {
        out.extend(chunk);
    }
    Ok(out.finish())
}

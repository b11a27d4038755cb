//! The file formats a chart or a report can be written in, chosen by a file name's extension,
//! and which content has which format. The bytes of PNG and PDF come from `renxing-render` (a
//! pure-Rust rasteriser and SVG-to-PDF converter with a shipped CJK font); this module only
//! decides, so that the CLI, Python's `save()` and the `export` operation refuse the same names.
//!
//! ```
//! use renxing::export::{Content, ExportFormat};
//! assert_eq!(ExportFormat::from_file_name("图.PNG")?, ExportFormat::Png);
//! assert!(ExportFormat::from_file_name("report.docx").is_err());
//! assert!(ExportFormat::Markdown.check(Content::Chart).is_err()); // a chart is no Markdown file
//! assert!(ExportFormat::Pdf.check(Content::Report).is_ok());
//! # Ok::<(), renxing::Error>(())
//! ```

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorCode, Msg, Path, Problem};

/// A format a chart or a report can be written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ExportFormat {
    /// SVG (`.svg`): charts.
    Svg,
    /// PNG (`.png`): charts, and a report as one tall image.
    Png,
    /// PDF (`.pdf`): charts (one page of the chart's size) and reports (A4 pages).
    Pdf,
    /// HTML (`.html`, `.htm`): reports, self-contained.
    Html,
    /// Markdown (`.md`, `.markdown`): reports, with their charts as SVG files beside.
    Markdown,
}

/// What is being written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Content {
    /// A chart (SVG from [`crate::chart`]).
    Chart,
    /// A report (from [`crate::report`]).
    Report,
}

impl ExportFormat {
    /// Every format.
    pub const ALL: [ExportFormat; 5] = [
        ExportFormat::Svg,
        ExportFormat::Png,
        ExportFormat::Pdf,
        ExportFormat::Html,
        ExportFormat::Markdown,
    ];

    /// The usual extension (without the dot).
    #[must_use]
    pub const fn extension(self) -> &'static str {
        match self {
            ExportFormat::Svg => "svg",
            ExportFormat::Png => "png",
            ExportFormat::Pdf => "pdf",
            ExportFormat::Html => "html",
            ExportFormat::Markdown => "md",
        }
    }

    /// The media (MIME) type.
    #[must_use]
    pub const fn media_type(self) -> &'static str {
        match self {
            ExportFormat::Svg => "image/svg+xml",
            ExportFormat::Png => "image/png",
            ExportFormat::Pdf => "application/pdf",
            ExportFormat::Html => "text/html; charset=utf-8",
            ExportFormat::Markdown => "text/markdown; charset=utf-8",
        }
    }

    /// Whether the format is binary (PNG, PDF) rather than text.
    #[must_use]
    pub const fn is_binary(self) -> bool {
        matches!(self, ExportFormat::Png | ExportFormat::Pdf)
    }

    /// The formats a content can be written in.
    #[must_use]
    pub const fn formats(content: Content) -> &'static [ExportFormat] {
        match content {
            Content::Chart => &[ExportFormat::Svg, ExportFormat::Png, ExportFormat::Pdf],
            Content::Report => &[
                ExportFormat::Html,
                ExportFormat::Markdown,
                ExportFormat::Pdf,
                ExportFormat::Png,
            ],
        }
    }

    /// The format a file name asks for, by its extension (any case).
    ///
    /// # Errors
    /// [`ErrorCode::ExportFormat`] naming the file for an extension that is none of these, or
    /// no extension.
    pub fn from_file_name(name: &str) -> Result<ExportFormat, Error> {
        let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
        let ext = base
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        let format = match ext.as_str() {
            "svg" => Some(ExportFormat::Svg),
            "png" => Some(ExportFormat::Png),
            "pdf" => Some(ExportFormat::Pdf),
            "html" | "htm" => Some(ExportFormat::Html),
            "md" | "markdown" => Some(ExportFormat::Markdown),
            _ => None,
        };
        format.ok_or_else(|| {
            Problem::new(
                ErrorCode::ExportFormat,
                Msg::new(
                    format!("无法按文件名 {name:?} 选择格式:扩展名须为 .svg、.png、.pdf、.html 或 .md"),
                    format!(
                        "cannot tell the format of {name:?}: the extension must be .svg, .png, .pdf, .html or .md"
                    ),
                ),
            )
            .at(Path::from("file_name"))
            .into()
        })
    }

    /// Checks that a content can be written in this format.
    ///
    /// # Errors
    /// [`ErrorCode::ExportFormat`] listing the formats the content has.
    pub fn check(self, content: Content) -> Result<(), Error> {
        let ok = ExportFormat::formats(content);
        if ok.contains(&self) {
            return Ok(());
        }
        let list = ok
            .iter()
            .map(|f| format!(".{}", f.extension()))
            .collect::<Vec<_>>();
        let (what_zh, what_en) = match content {
            Content::Chart => ("图表", "a chart"),
            Content::Report => ("报告", "a report"),
        };
        Err(Problem::new(
            ErrorCode::ExportFormat,
            Msg::new(
                format!(
                    "{what_zh}不能写成 .{} 文件;可用格式:{}",
                    self.extension(),
                    list.join("、")
                ),
                format!(
                    "{what_en} cannot be written as a .{} file; it can be written as {}",
                    self.extension(),
                    list.join(", ")
                ),
            ),
        )
        .at(Path::from("format"))
        .into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_map_to_formats_and_unknown_ones_are_refused() {
        for f in ExportFormat::ALL {
            assert_eq!(
                ExportFormat::from_file_name(&format!("out/图.{}", f.extension())).ok(),
                Some(f)
            );
        }
        assert_eq!(
            ExportFormat::from_file_name("a.HTM").ok(),
            Some(ExportFormat::Html)
        );
        for bad in ["a.docx", "noext", "dir.png/file", ".", "x.svg.gz"] {
            let e = ExportFormat::from_file_name(bad).err().map(|e| e.code());
            assert_eq!(e, Some(ErrorCode::ExportFormat), "{bad}");
        }
    }

    #[test]
    fn content_formats() {
        assert!(ExportFormat::Png.check(Content::Chart).is_ok());
        assert!(ExportFormat::Svg.check(Content::Report).is_err());
        let e = ExportFormat::Html.check(Content::Chart).err();
        let msg = e.map(|e| e.message(crate::Lang::En)).unwrap_or_default();
        assert!(msg.contains(".svg, .png, .pdf"), "{msg}");
    }
}

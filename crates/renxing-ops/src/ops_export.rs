//! The `export` operation: a chart or a report written in the format a file name (or a format)
//! asks for — SVG, PNG, PDF, HTML or Markdown — for the CLI's `-o`, Python's `save()` and the
//! page's downloads. Which content has which format is the core's ([`renxing::export`]); the
//! report's pages are the core's ([`renxing::report::report_pages`]); PNG and PDF come from
//! `renxing-render` when this crate is built with its `render` feature (the CLI and Python
//! are; the WebAssembly package is not, and gets an `export_failed` error for them).

use renxing::export::{Content, ExportFormat};
use renxing::report::ChartFile;
use renxing::{Error, ErrorCode, Msg, Path, Problem};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::ops::{ComparisonReportRequest, ReportRequest};
use crate::{args, call_json, read_request, CompareRequest, Ctx, Operation};

/// The chart operations `export` can write.
pub const CHART_OPERATIONS: &[&str] = &[
    "radar_chart",
    "attribute_bars",
    "comparison_table",
    "small_multiples",
];
/// The report operations `export` can write.
pub const REPORT_OPERATIONS: &[&str] = &["report", "comparison_report"];

/// Default PNG scale (pixels per SVG unit): sharp in print and on screens.
pub const DEFAULT_SCALE: f32 = 2.0;

/// A chart or report to write in a format.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExportRequest {
    /// The chart or report operation (`radar_chart`, `attribute_bars`, `comparison_table`,
    /// `small_multiples`, `report`, `comparison_report`).
    pub operation: String,
    /// Its request, as that operation takes it.
    #[serde(default)]
    pub arguments: Value,
    /// The file name to write: its extension chooses the format (`.svg`, `.png`, `.pdf`,
    /// `.html`, `.md`).
    #[serde(default)]
    pub file_name: Option<String>,
    /// The format, when no file name is given (or to check it against the file name's).
    #[serde(default)]
    pub format: Option<ExportFormat>,
    /// PNG only: pixels per SVG unit (default 2; above 0, at most 16).
    #[serde(default)]
    pub scale: Option<f32>,
    /// The framework, used when `arguments` names none (default: the caller's, else the
    /// paper's).
    #[serde(default)]
    pub framework: Option<args::FrameworkArg>,
}

/// A chart or report in a format: text (SVG, HTML, Markdown) or base64 bytes (PNG, PDF).
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct ExportResponse {
    /// The format written.
    pub format: ExportFormat,
    /// Its media (MIME) type.
    pub media_type: String,
    /// The text of a text format (SVG, HTML, Markdown); `null` for PNG and PDF.
    pub text: Option<String>,
    /// The bytes of PNG or PDF, base64 (standard alphabet, padded); `null` for text formats.
    pub base64: Option<String>,
    /// Markdown only: the chart files to write beside it.
    pub files: Vec<ChartFile>,
    /// The number of pages (PDF of a report: A4 pages; otherwise 1).
    pub pages: usize,
}

/// Standard base64 with padding.
#[must_use]
pub fn base64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for c in bytes.chunks(3) {
        let b = [
            c[0],
            c.get(1).copied().unwrap_or(0),
            c.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18u32, 12, 6, 0].into_iter().enumerate() {
            if i <= c.len() {
                out.push(char::from(A[((n >> shift) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Decodes standard base64 (padded, as [`base64`] writes it; whitespace is not allowed).
///
/// # Errors
/// [`ErrorCode::ExportFailed`] for a length that is not a multiple of 4 or a character outside
/// the alphabet.
pub fn base64_decode(text: &str) -> Result<Vec<u8>, Error> {
    let bad = || -> Error {
        Problem::new(
            ErrorCode::ExportFailed,
            Msg::new(
                "base64 文本无效".to_owned(),
                "the base64 text is not valid".to_owned(),
            ),
        )
        .into()
    };
    let b = text.as_bytes();
    if b.len() % 4 != 0 {
        return Err(bad());
    }
    let val = |c: u8| -> Option<u32> {
        Some(u32::from(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        }))
    };
    let mut out = Vec::with_capacity(b.len() / 4 * 3);
    let quads = b.chunks(4).count();
    for (i, q) in b.chunks(4).enumerate() {
        let pad = q.iter().rev().take_while(|c| **c == b'=').count();
        if pad > 2 || (pad > 0 && i + 1 != quads) {
            return Err(bad());
        }
        let mut n = 0u32;
        for (j, c) in q.iter().enumerate() {
            let v = if j >= 4 - pad {
                0
            } else {
                val(*c).ok_or_else(bad)?
            };
            n = (n << 6) | v;
        }
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..3 - pad]);
    }
    Ok(out)
}

fn format_of(r: &ExportRequest) -> Result<ExportFormat, Error> {
    match (&r.file_name, r.format) {
        (Some(name), Some(f)) => {
            let by_name = ExportFormat::from_file_name(name)?;
            if by_name == f {
                Ok(f)
            } else {
                Err(Problem::new(
                    ErrorCode::ExportFormat,
                    Msg::new(
                        format!("文件名 {name:?} 与格式 {} 不符", f.extension()),
                        format!(
                            "the file name {name:?} does not match the format {}",
                            f.extension()
                        ),
                    ),
                )
                .at(Path::from("format"))
                .into())
            }
        }
        (Some(name), None) => ExportFormat::from_file_name(name),
        (None, Some(f)) => Ok(f),
        (None, None) => Err(Problem::new(
            ErrorCode::ExportFormat,
            Msg::new(
                "需要文件名(file_name)或格式(format)".to_owned(),
                "a file_name or a format is needed".to_owned(),
            ),
        )
        .at(Path::from("file_name"))
        .into()),
    }
}

fn inner(e: Error) -> Error {
    args::reroot(e, |p| Some(Path::from("arguments").join(&Path(p.to_vec()))))
}

/// The inner request, with the export's framework when it names none.
fn args_of(r: &ExportRequest) -> Value {
    let mut req = r.arguments.clone();
    if req.is_null() {
        req = Value::Object(serde_json::Map::new());
    }
    if let (Some(fw), Some(obj)) = (&r.framework, req.as_object_mut()) {
        if !obj.contains_key("framework") {
            if let Ok(v) = serde_json::to_value(fw) {
                obj.insert("framework".to_owned(), v);
            }
        }
    }
    req
}

#[cfg(feature = "render")]
fn png(svg: &str, scale: f32) -> Result<Vec<u8>, Error> {
    renxing_render::png(svg, scale)
}

#[cfg(feature = "render")]
fn pdf(pages: &[String]) -> Result<Vec<u8>, Error> {
    renxing_render::pdf(pages)
}

#[cfg(not(feature = "render"))]
fn unavailable(format: ExportFormat) -> Error {
    Problem::new(
        ErrorCode::ExportFailed,
        Msg::new(
            format!(
                "此版本不含 PNG/PDF 渲染器(WebAssembly 包):无法写成 .{};请用 .svg、.html 或 .md,或用命令行、Python 包",
                format.extension()
            ),
            format!(
                "this build has no PNG/PDF renderer (the WebAssembly package): .{} cannot be written; use .svg, .html or .md, or the CLI or the Python package",
                format.extension()
            ),
        ),
    )
    .at(Path::from("format"))
    .into()
}

#[cfg(not(feature = "render"))]
fn png(_svg: &str, _scale: f32) -> Result<Vec<u8>, Error> {
    Err(unavailable(ExportFormat::Png))
}

#[cfg(not(feature = "render"))]
fn pdf(_pages: &[String]) -> Result<Vec<u8>, Error> {
    Err(unavailable(ExportFormat::Pdf))
}

fn binary(format: ExportFormat, bytes: &[u8], pages: usize) -> ExportResponse {
    ExportResponse {
        format,
        media_type: format.media_type().to_owned(),
        text: None,
        base64: Some(base64(bytes)),
        files: Vec::new(),
        pages,
    }
}

fn text(format: ExportFormat, text: String, files: Vec<ChartFile>) -> ExportResponse {
    ExportResponse {
        format,
        media_type: format.media_type().to_owned(),
        text: Some(text),
        base64: None,
        files,
        pages: 1,
    }
}

fn report_pages(r: &ExportRequest, ctx: &Ctx, paged: bool) -> Result<Vec<String>, Error> {
    if r.operation == "report" {
        let q: ReportRequest = read_request("report", args_of(r)).map_err(inner)?;
        let fw = args::framework(q.framework.as_ref(), ctx).map_err(inner)?;
        let a = args::assessment(&q.assessment, &fw, &Path::from("assessment")).map_err(inner)?;
        args::engine(&fw, &q.options).map_err(inner)?;
        let d = renxing::diagnose_with(&a, &fw, &q.options).map_err(|e| inner(e.into()))?;
        let o = q.report.options(ctx);
        Ok(renxing::report::report_pages(&fw, &a, &d, &o, paged).map_err(|e| inner(e.into()))?)
    } else {
        let q: ComparisonReportRequest =
            read_request("comparison_report", args_of(r)).map_err(inner)?;
        let o = q.report.options(ctx);
        let req = CompareRequest {
            assessments: q.assessments,
            options: q.options,
            framework: q.framework,
        };
        let (fw, cmp) = crate::ops::comparison(req, ctx).map_err(inner)?;
        Ok(
            renxing::report::comparison_report_pages(&fw, &cmp, &o, paged)
                .map_err(|e| inner(e.into()))?,
        )
    }
}

fn unknown(op: &str) -> Error {
    let list = CHART_OPERATIONS
        .iter()
        .chain(REPORT_OPERATIONS)
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    Problem::new(
        ErrorCode::ExportFormat,
        Msg::new(
            format!("操作 {op:?} 不产生图表或报告;可导出的操作:{list}"),
            format!("operation {op:?} makes no chart or report; export takes one of: {list}"),
        ),
    )
    .at(Path::from("operation"))
    .into()
}

op! {
    /// Writes a chart or report in the format its file name (or `format`) asks for: SVG, PNG or PDF for a chart; HTML, Markdown, PDF (A4 pages) or PNG for a report. PNG and PDF bytes come base64.
    Export = "export" / "exportFile",
    ExportRequest => ExportResponse,
    |r, ctx| {
        let content = if CHART_OPERATIONS.contains(&r.operation.as_str()) {
            Content::Chart
        } else if REPORT_OPERATIONS.contains(&r.operation.as_str()) {
            Content::Report
        } else {
            return Err(unknown(&r.operation));
        };
        let format = format_of(&r)?;
        format.check(content)?;
        let scale = r.scale.unwrap_or(DEFAULT_SCALE);
        match content {
            Content::Chart => {
                let out = call_json(&r.operation, args_of(&r), ctx).map_err(inner)?;
                let svg = out.get("svg").and_then(Value::as_str).unwrap_or_default().to_owned();
                Ok(match format {
                    ExportFormat::Png => binary(format, &png(&svg, scale)?, 1),
                    ExportFormat::Pdf => binary(format, &pdf(&[svg])?, 1),
                    _ => text(format, svg, Vec::new()),
                })
            }
            _ => match format {
                ExportFormat::Pdf => {
                    let pages = report_pages(&r, ctx, true)?;
                    Ok(binary(format, &pdf(&pages)?, pages.len()))
                }
                ExportFormat::Png => {
                    let pages = report_pages(&r, ctx, false)?;
                    let first = pages.first().map_or("", String::as_str);
                    Ok(binary(format, &png(first, scale)?, 1))
                }
                _ => {
                    let mut req = args_of(&r);
                    let spec = if format == ExportFormat::Markdown { "markdown" } else { "html" };
                    if let Some(obj) = req.as_object_mut() {
                        let rep = obj.entry("report").or_insert_with(|| Value::Object(serde_json::Map::new()));
                        if let Some(rep) = rep.as_object_mut() {
                            rep.insert("format".to_owned(), Value::String(spec.to_owned()));
                        }
                    }
                    let out = call_json(&r.operation, req, ctx).map_err(inner)?;
                    let files: Vec<ChartFile> = out
                        .get("charts")
                        .and_then(Value::as_array)
                        .map(|a| {
                            a.iter()
                                .filter_map(|c| {
                                    Some(ChartFile {
                                        name: c.get("name")?.as_str()?.to_owned(),
                                        svg: c.get("svg")?.as_str()?.to_owned(),
                                    })
                                })
                                .collect()
                        })
                        .unwrap_or_default();
                    let body = out.get("text").and_then(Value::as_str).unwrap_or_default().to_owned();
                    Ok(text(format, body, files))
                }
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{base64, base64_decode};

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        // RFC 4648 §10
        for (i, o) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(i.as_bytes()), o);
            assert_eq!(base64_decode(o).ok(), Some(i.as_bytes().to_vec()));
        }
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(base64_decode(&base64(&all)).ok(), Some(all));
        for bad in ["Zg=", "Z===", "Zg==Zg==", "Zm9*"] {
            assert!(base64_decode(bad).is_err(), "{bad}");
        }
    }
}

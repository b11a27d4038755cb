//! Global options turned into a [`Context`] (language, output format, the operations' context
//! with the framework, scoring options) and the input/output every subcommand shares. Every
//! capability is an operation of `renxing-ops`, called through [`Context::call`].

use std::collections::BTreeMap;
use std::io::{Read as _, Write as _};
use std::sync::Arc;

use clap::{Args, ValueEnum};
use renxing::{FrameworkFormat, Lang, Method, Msg, ScoreOptions};
use renxing_ops::args::AssessmentInput;
use renxing_ops::{
    Ctx, Operation, ParseFramework, ParseFrameworkRequest, ReadAssessments, ReadAssessmentsRequest,
    TextStyle,
};
use serde::Serialize;
use serde_json::Value;

use crate::error::{merge, CliError};

/// The output format.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Plain text with aligned columns.
    #[default]
    Text,
    /// Markdown (GitHub tables).
    Markdown,
    /// JSON: the operation's response (pretty).
    Json,
    /// HTML: a self-contained report (`report` only).
    Html,
    /// SVG charts (`report` only).
    Svg,
}

impl Format {
    /// The usage error for a format that only `report` writes.
    pub fn only_for_report(self, command: &str, lang: Lang) -> CliError {
        let f = if self == Format::Html { "html" } else { "svg" };
        CliError::usage(
            lang,
            Msg::new(
                format!("--format {f} 由 `renxing report` 写出;`{command}` 写出 text、markdown 或 json"),
                format!("--format {f} is written by `renxing report`; `{command}` writes text, markdown or json"),
            ),
        )
    }
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    s.parse::<Lang>().map_err(|e| e.to_string())
}

fn parse_method(s: &str) -> Result<Method, String> {
    s.parse::<Method>().map_err(|e| e.to_string())
}

fn parse_weight(s: &str) -> Result<(String, f64), String> {
    let bad = || format!("{s:?}: expected ID=WEIGHT, e.g. rules=2");
    let (id, w) = s.rsplit_once('=').ok_or_else(bad)?;
    let w: f64 = w.trim().parse().map_err(|_| bad())?;
    if id.trim().is_empty() {
        return Err(bad());
    }
    Ok((id.trim().to_owned(), w))
}

/// Options shared by every subcommand.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Language of reports and error messages: zh or en (tags such as zh-CN work).
    #[arg(long, global = true, value_name = "LANG", default_value = "zh", value_parser = parse_lang)]
    pub lang: Lang,
    /// Output format.
    #[arg(long, global = true, value_enum, default_value = "text")]
    pub format: Format,
    /// A custom framework file (.toml, else JSON) instead of the paper's built-in one.
    #[arg(long, global = true, value_name = "FILE")]
    pub framework: Option<String>,
    /// Aggregation method: mean, median, minimum or capped_mean.
    #[arg(long, global = true, value_name = "METHOD", default_value = "mean", value_parser = parse_method)]
    pub method: Method,
    /// A dimension's weight within its attribute (repeat for several): --weight rules=2.
    #[arg(long = "weight", global = true, value_name = "DIM=W", value_parser = parse_weight)]
    pub weights: Vec<(String, f64)>,
    /// An attribute's weight in the overall (repeat for several): --attribute-weight robustness=2.
    #[arg(long = "attribute-weight", global = true, value_name = "ATTR=W", value_parser = parse_weight)]
    pub attribute_weights: Vec<(String, f64)>,
}

/// The global options, resolved.
#[derive(Debug)]
pub struct Context {
    /// Report and error language.
    pub lang: Lang,
    /// Output format.
    pub format: Format,
    /// The operations' context: the language and the `--framework` (compiled once).
    pub ops: Ctx,
    /// Scoring options (method, weights), passed in every request that scores.
    pub options: ScoreOptions,
}

fn weights(
    pairs: &[(String, f64)],
    option: &str,
    lang: Lang,
) -> Result<BTreeMap<String, f64>, CliError> {
    let mut out = BTreeMap::new();
    for (id, w) in pairs {
        if out.insert(id.clone(), *w).is_some() {
            return Err(CliError::usage(
                lang,
                Msg::new(
                    format!("{option} {id} 给了两次"),
                    format!("{option} {id} is given twice"),
                ),
            ));
        }
    }
    Ok(out)
}

impl Context {
    /// Resolves the global options, reading `--framework` (the `parse_framework` operation).
    pub fn new(args: &GlobalArgs) -> Result<Self, CliError> {
        let lang = args.lang;
        let framework = match &args.framework {
            None => None,
            Some(path) => {
                let text = read_input(path, lang)?;
                let request = ParseFrameworkRequest {
                    text,
                    format: Some(FrameworkFormat::from_file_name(path)),
                    name: None,
                };
                let fw = ParseFramework::run(request, &Ctx::with_lang(lang))
                    .map_err(|e| CliError::op(Some(&format!("--framework {path}")), &e, lang))?;
                Some(Arc::new(fw))
            }
        };
        Ok(Context {
            lang,
            format: args.format,
            ops: Ctx { lang, framework },
            options: ScoreOptions {
                method: args.method,
                dimension_weights: weights(&args.weights, "--weight", lang)?,
                attribute_weights: weights(&args.attribute_weights, "--attribute-weight", lang)?,
            },
        })
    }

    /// Whether `--framework` was given.
    pub fn custom_framework(&self) -> bool {
        self.ops.framework.is_some()
    }

    /// The text style for `--format text|markdown`.
    pub fn style(&self) -> TextStyle {
        match self.format {
            Format::Markdown => TextStyle::Markdown,
            _ => TextStyle::Text,
        }
    }

    /// Runs an operation; its error in `--lang`.
    pub fn call<O: Operation>(&self, request: O::Request) -> Result<O::Response, CliError> {
        O::run(request, &self.ops).map_err(|e| CliError::op(None, &e, self.lang))
    }

    /// Reads the assessments of every file (`-` = standard input, once) by its extension —
    /// `.json` (one or an array), `.jsonl`, `.csv` — with the `read_assessments` operation,
    /// reporting the problems of all files at once. The assessments in the file form.
    pub fn read_assessments(&self, files: &[String]) -> Result<Vec<Value>, CliError> {
        Ok(self
            .read_assessment_inputs(files)?
            .into_iter()
            .map(AssessmentInput::into_value)
            .collect())
    }

    /// [`Context::read_assessments`], the assessments kept as read (typed), for the operations
    /// that take [`AssessmentInput`]s: they are validated against the framework, not written out
    /// and parsed again.
    pub fn read_assessment_inputs(
        &self,
        files: &[String],
    ) -> Result<Vec<AssessmentInput>, CliError> {
        if files.iter().filter(|f| *f == "-").count() > 1 {
            return Err(CliError::usage(
                self.lang,
                Msg::new(
                    "`-`(标准输入)只能给一次",
                    "`-` (standard input) can be given only once",
                ),
            ));
        }
        let mut out = Vec::new();
        let mut errors = Vec::new();
        for f in files {
            let text = match read_input(f, self.lang) {
                Ok(t) => t,
                Err(e) => {
                    errors.push(e);
                    continue;
                }
            };
            let request = ReadAssessmentsRequest {
                text,
                format: None,
                file_name: (f != "-").then(|| f.clone()),
                layout: renxing_ops::LayoutChoice::Auto,
                framework: None,
            };
            match ReadAssessments::run(request, &self.ops) {
                Ok(r) => out.extend(r.assessments.into_iter().map(AssessmentInput::from)),
                Err(e) => errors.push(CliError::op(Some(&display_name(f)), &e, self.lang)),
            }
        }
        match merge(errors, self.lang) {
            Some(e) => Err(e),
            None => Ok(out),
        }
    }

    /// Writes to standard output (a closed pipe is not an error).
    pub fn emit(&self, text: &str) {
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(text.as_bytes());
        if !text.ends_with('\n') {
            let _ = out.write_all(b"\n");
        }
        let _ = out.flush();
    }

    /// Writes a value as pretty JSON, streamed to standard output (no copy of the whole text in
    /// memory; a closed pipe is not an error).
    pub fn emit_json<T: Serialize + ?Sized>(&self, value: &T) -> Result<(), CliError> {
        let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
        match serde_json::to_writer_pretty(&mut out, value) {
            Err(e) if !e.is_io() => {
                let e = renxing::Error::from(renxing::Problem::new(
                    renxing::ErrorCode::Internal,
                    Msg::new(
                        format!("无法写出 JSON:{e}"),
                        format!("cannot write JSON: {e}"),
                    ),
                ));
                Err(CliError::op(None, &e, self.lang))
            }
            _ => {
                let _ = out.write_all(b"\n");
                let _ = out.flush();
                Ok(())
            }
        }
    }
}

/// How a file is named in messages (`<stdin>` for `-`).
pub fn display_name(path: &str) -> String {
    if path == "-" {
        "<stdin>".to_owned()
    } else {
        path.to_owned()
    }
}

/// Reads a file, or standard input for `-`, as UTF-8 text.
pub fn read_input(path: &str, lang: Lang) -> Result<String, CliError> {
    let mut bytes = Vec::new();
    let result = if path == "-" {
        std::io::stdin().read_to_end(&mut bytes).map(|_| ())
    } else {
        std::fs::read(path).map(|b| bytes = b)
    };
    let name = display_name(path);
    result.map_err(|e| {
        CliError::io(
            lang,
            &name,
            Msg::new(format!("无法读取:{e}"), format!("cannot read: {e}")),
        )
    })?;
    String::from_utf8(bytes).map_err(|_| {
        CliError::io(
            lang,
            &name,
            Msg::new(
                "不是 UTF-8 文本;请另存为 UTF-8(Excel:“CSV UTF-8”)",
                "not UTF-8 text; save it as UTF-8 (in Excel: \"CSV UTF-8\")",
            ),
        )
    })
}

/// Writes a file, creating its directory.
pub fn write_output(
    path: &std::path::Path,
    text: impl AsRef<[u8]>,
    lang: Lang,
) -> Result<(), CliError> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| {
            CliError::io(
                lang,
                &dir.display().to_string(),
                Msg::new(format!("无法创建:{e}"), format!("cannot create: {e}")),
            )
        })?;
    }
    std::fs::write(path, text).map_err(|e| {
        CliError::io(
            lang,
            &path.display().to_string(),
            Msg::new(format!("无法写入:{e}"), format!("cannot write: {e}")),
        )
    })
}

//! Global options and the shared input/output helpers of every subcommand.

use std::io::{Read as _, Write as _};
use std::path::Path;

use clap::{Args, ValueEnum};
use renxing::text::{Renderer, Style};
use renxing::{Assessment, Error, Framework, Lang, Method, ScoreOptions};
use serde::Serialize;

use crate::error::CliError;

/// The report language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    /// 中文 (Simplified Chinese).
    Zh,
    /// English.
    En,
}

/// The output format.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Plain text with aligned columns.
    #[default]
    Text,
    /// Markdown (GitHub tables).
    Markdown,
    /// JSON: the library's types, serialised (pretty).
    Json,
    /// HTML: a self-contained report (`report` only).
    Html,
    /// SVG charts (`report` only).
    Svg,
}

impl Format {
    /// The usage error for a format that only `report` writes.
    pub fn only_for_report(self, command: &str) -> crate::error::CliError {
        crate::error::CliError::usage(format!(
            "--format {} is written by `renxing report`; `{command}` writes text, markdown or json",
            if self == Format::Html { "html" } else { "svg" }
        ))
    }
}

/// How dimension levels are aggregated into attribute and overall levels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum MethodArg {
    /// Weighted mean, rounded to the nearest level, ties downwards (reproduces 表1).
    Mean,
    /// Weighted lower median.
    Median,
    /// The weakest dimension decides.
    Minimum,
    /// The mean, capped at one level above the weakest dimension.
    #[value(name = "capped_mean")]
    CappedMean,
}

/// Options shared by every subcommand.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Report language.
    #[arg(long, global = true, value_enum, default_value = "zh")]
    pub lang: LangArg,
    /// Output format.
    #[arg(long, global = true, value_enum, default_value = "text")]
    pub format: Format,
    /// A custom framework file (.json or .toml) instead of the paper's built-in one.
    #[arg(long, global = true, value_name = "FILE")]
    pub framework: Option<String>,
    /// Aggregation method.
    #[arg(long, global = true, value_enum, default_value = "mean")]
    pub method: MethodArg,
}

/// The global options, resolved.
#[derive(Debug)]
pub struct Context {
    /// Report language.
    pub lang: Lang,
    /// Output format.
    pub format: Format,
    /// The framework in use (the paper's unless `--framework`).
    pub framework: Framework,
    /// Whether `--framework` was given.
    pub custom_framework: bool,
    /// Scoring options.
    pub options: ScoreOptions,
}

impl Context {
    /// Resolves the global options, reading `--framework`.
    pub fn new(args: &GlobalArgs) -> Result<Self, CliError> {
        let framework = match &args.framework {
            None => Framework::paper().clone(),
            Some(path) => load_framework(path)?,
        };
        Ok(Context {
            lang: match args.lang {
                LangArg::Zh => Lang::Zh,
                LangArg::En => Lang::En,
            },
            format: args.format,
            framework,
            custom_framework: args.framework.is_some(),
            options: ScoreOptions::method(match args.method {
                MethodArg::Mean => Method::Mean,
                MethodArg::Median => Method::Median,
                MethodArg::Minimum => Method::Minimum,
                MethodArg::CappedMean => Method::CappedMean,
            }),
        })
    }

    /// The text style for `--format text|markdown` (Plain for json, unused there).
    pub fn style(&self) -> Style {
        match self.format {
            Format::Markdown => Style::Markdown,
            Format::Text | Format::Json | Format::Html | Format::Svg => Style::Plain,
        }
    }

    /// A renderer for the framework, language and style in use.
    pub fn renderer(&self) -> Renderer<'_> {
        Renderer::new(&self.framework, self.lang, self.style())
    }

    /// Reads and validates an assessment file (`-` = standard input) against the framework.
    pub fn read_assessment(&self, path: &str) -> Result<Assessment, CliError> {
        let text = read_input(path)?;
        let shown = display_name(path);
        Assessment::parse(&text, &self.framework)
            .map_err(|e| CliError::core(&shown, &Error::from(e)))
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

    /// Writes a value as pretty JSON.
    pub fn emit_json<T: Serialize + ?Sized>(&self, value: &T) -> Result<(), CliError> {
        let s = serde_json::to_string_pretty(value)
            .map_err(|e| CliError::invalid("json_output", format!("cannot write JSON: {e}")))?;
        self.emit(&s);
        Ok(())
    }
}

fn display_name(path: &str) -> String {
    if path == "-" {
        "<stdin>".to_owned()
    } else {
        path.to_owned()
    }
}

/// Reads a file, or standard input for `-`.
pub fn read_input(path: &str) -> Result<String, CliError> {
    let mut text = String::new();
    let result = if path == "-" {
        std::io::stdin().read_to_string(&mut text).map(|_| ())
    } else {
        std::fs::read_to_string(path).map(|t| text = t)
    };
    result.map_err(|e| {
        CliError::invalid("io", format!("{}: cannot read: {e}", display_name(path)))
    })?;
    Ok(text)
}

/// Reads a framework file, JSON or TOML by its extension.
pub fn load_framework(path: &str) -> Result<Framework, CliError> {
    let ext = Path::new(path)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let text = read_input(path)?;
    let result = match ext.as_deref() {
        Some("toml") => Framework::from_toml(&text),
        Some("json") => Framework::from_json(&text),
        _ => {
            return Err(CliError::usage(format!(
                "--framework {path}: unknown extension; expected .json or .toml"
            )))
        }
    };
    result.map_err(|e| CliError::core(&format!("--framework {path}"), &Error::from(e)))
}

//! The CLI's error: an operation's error report (code, message in `--lang`, issues with their
//! segment paths), the file it is about, and the exit code.

use std::io::Write as _;

use renxing::{ErrorCode, IssueCode, Lang, Msg, Path};
use serde::Serialize;

use crate::context::Format;

/// Exit code for invalid input (a file, a value).
pub const EXIT_INVALID: u8 = 1;
/// Exit code for a usage error (clap uses it too).
pub const EXIT_USAGE: u8 = 2;

/// One issue as the CLI prints it.
#[derive(Clone, Debug, Serialize)]
pub struct Issue {
    /// The file it is in (when several files are reported together).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// The field, as segments (printed dotted in text).
    pub path: Path,
    /// The issue code.
    pub code: IssueCode,
    /// The message, in `--lang`.
    pub message: String,
}

/// An error to report on standard error.
#[derive(Debug)]
pub struct CliError {
    /// The stable code (an [`ErrorCode`], or `usage`).
    pub code: &'static str,
    /// One line saying what failed, naming the file.
    pub message: String,
    /// The field of the first problem, where one is known.
    pub path: Option<Path>,
    /// Every issue, with its path.
    pub issues: Vec<Issue>,
    /// The exit code.
    pub exit: u8,
    /// The file (or option) the error is about.
    pub file: Option<Box<str>>,
}

impl CliError {
    /// A usage error (exit 2).
    pub fn usage(lang: Lang, message: Msg) -> Self {
        CliError {
            code: "usage",
            message: message.get(lang).to_owned(),
            path: None,
            issues: Vec::new(),
            exit: EXIT_USAGE,
            file: None,
        }
    }

    /// A file that cannot be read or written (exit 1).
    pub fn io(lang: Lang, file: &str, message: Msg) -> Self {
        CliError {
            code: ErrorCode::Io.as_str(),
            message: format!("{file}: {}", message.get(lang)),
            path: None,
            issues: Vec::new(),
            exit: EXIT_INVALID,
            file: Some(file.into()),
        }
    }

    /// An operation's error, about `file` (a file name or an option) when given.
    pub fn op(file: Option<&str>, e: &renxing::Error, lang: Lang) -> Self {
        let r = e.report(lang);
        // The report's message lists the issues too; the CLI prints them one per line below.
        let head = r.message.lines().next().unwrap_or_default().to_owned();
        let message = match &r.path {
            Some(p) if !p.is_root() && r.issues.is_empty() && !head.starts_with(&p.to_string()) => {
                format!("{p}: {head}")
            }
            _ => head,
        };
        CliError {
            code: r.code.as_str(),
            message: match file {
                Some(f) => format!("{f}: {message}"),
                None => message,
            },
            path: r.path,
            issues: r
                .issues
                .into_iter()
                .map(|i| Issue {
                    file: None,
                    path: i.path,
                    code: i.code,
                    message: i.message,
                })
                .collect(),
            exit: EXIT_INVALID,
            file: file.map(Into::into),
        }
    }

    /// The process exit code.
    pub fn exit_code(&self) -> u8 {
        self.exit
    }

    /// Writes the error to standard error: as text (`error: …`, then one issue per line with
    /// its dotted path), or with `--format json` as
    /// `{"error": {code, kind, message, file, path, issues: [{file, path, code, message}]}}`
    /// (paths as lists of keys and indices).
    pub fn report(&self, format: Format, lang: Lang) {
        let text = if format == Format::Json {
            let v = serde_json::json!({
                "error": {
                    "code": self.code,
                    "kind": ErrorCode::from_id(self.code).map(|c| c.kind().class_name()),
                    "message": self.message,
                    "file": self.file,
                    "path": self.path,
                    "issues": self.issues,
                }
            });
            serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
        } else {
            let mut s = format!("{}: {}\n", renxing::ui::ERROR.get(lang), self.message);
            for i in &self.issues {
                let file = i
                    .file
                    .as_deref()
                    .map(|f| format!("{f}: "))
                    .unwrap_or_default();
                let path = if i.path.is_root() {
                    String::new()
                } else {
                    format!("{}: ", i.path)
                };
                s.push_str(&format!("  - {file}{path}{} [{}]\n", i.message, i.code));
            }
            s
        };
        let _ = std::io::stderr().lock().write_all(text.as_bytes());
    }
}

/// Reports several errors (one per file) as one: the issues of every file, each naming it.
pub fn merge(errors: Vec<CliError>, lang: Lang) -> Option<CliError> {
    if errors.len() <= 1 {
        return errors.into_iter().next();
    }
    let n = errors.len();
    let messages = errors.iter().map(|e| e.message.clone()).collect::<Vec<_>>();
    let message = Msg::new(
        format!("{n} 个文件有问题:{}", messages.join(";")),
        format!("{n} files have problems: {}", messages.join("; ")),
    );
    let mut issues = Vec::new();
    for e in &errors {
        for i in &e.issues {
            let mut i = i.clone();
            i.file = e.file.as_deref().map(str::to_owned);
            issues.push(i);
        }
    }
    Some(CliError {
        code: errors[0].code,
        message: message.get(lang).to_owned(),
        path: errors[0].path.clone(),
        issues,
        exit: EXIT_INVALID,
        file: None,
    })
}

//! The CLI's error: what went wrong, the issues with their field paths, and the exit code.

use std::io::Write as _;

use renxing::Error;
use serde::Serialize;

use crate::context::Format;

/// Exit code for invalid input (a file, a value).
pub const EXIT_INVALID: u8 = 1;
/// Exit code for a usage error (clap uses it too).
pub const EXIT_USAGE: u8 = 2;

/// One validation issue as the CLI prints it (path in its dotted form).
#[derive(Clone, Debug, Serialize)]
pub struct Issue {
    /// The field.
    pub path: String,
    /// The issue code.
    pub code: renxing::IssueCode,
    /// The message.
    pub message: String,
}

/// An error to report on standard error.
#[derive(Debug)]
pub struct CliError {
    /// The stable code (`assessment_invalid`, `io`, `usage`, …).
    pub code: &'static str,
    /// One line saying what failed, naming the file and the field.
    pub message: String,
    /// Every validation issue, with its path.
    pub issues: Vec<Issue>,
    /// The exit code.
    pub exit: u8,
    /// The file (or option) the error is about.
    pub file: Option<String>,
}

impl CliError {
    /// Invalid input, with a code.
    pub fn invalid(code: &'static str, message: impl Into<String>) -> Self {
        CliError {
            code,
            message: message.into(),
            issues: Vec::new(),
            exit: EXIT_INVALID,
            file: None,
        }
    }

    /// A usage error (exit 2).
    pub fn usage(message: impl Into<String>) -> Self {
        CliError {
            code: "usage",
            message: message.into(),
            issues: Vec::new(),
            exit: EXIT_USAGE,
            file: None,
        }
    }

    /// A core error about `what` (a file name or an option), with its issues.
    pub fn core(what: &str, e: &Error) -> Self {
        let issues: Vec<Issue> = e
            .issues()
            .into_iter()
            .map(|i| Issue {
                path: i.path.to_string(),
                code: i.code,
                message: i.message.en,
            })
            .collect();
        let message = if issues.is_empty() {
            format!("{what}: {e}")
        } else {
            let kind = match e {
                Error::Framework(_) => "invalid framework",
                _ => "invalid assessment",
            };
            let n = issues.len();
            format!(
                "{what}: {kind}, {n} problem{}",
                if n == 1 { "" } else { "s" }
            )
        };
        CliError {
            code: e.code().as_str(),
            message,
            issues,
            exit: EXIT_INVALID,
            file: Some(what.to_owned()),
        }
    }

    /// An error reported by an operation (its code, message in the caller's language, issues).
    pub fn from_report(r: &renxing::ErrorReport) -> Self {
        CliError {
            code: r.code.as_str(),
            message: match &r.path {
                Some(p)
                    if !p.is_root()
                        && r.issues.is_empty()
                        && !r.message.starts_with(&p.to_string()) =>
                {
                    format!("{p}: {}", r.message)
                }
                _ => r.message.lines().next().unwrap_or_default().to_owned(),
            },
            issues: r
                .issues
                .iter()
                .map(|i| Issue {
                    path: i.path.to_string(),
                    code: i.code,
                    message: i.message.clone(),
                })
                .collect(),
            exit: EXIT_INVALID,
            file: None,
        }
    }

    /// The process exit code.
    pub fn exit_code(&self) -> u8 {
        self.exit
    }

    /// Writes the error to standard error: as text, or as a JSON object with `--format json`.
    pub fn report(&self, format: Format) {
        let text = if format == Format::Json {
            let v = serde_json::json!({
                "error": {"code": self.code, "message": self.message, "issues": self.issues}
            });
            serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
        } else {
            let mut s = format!("error: {}\n", self.message);
            for i in &self.issues {
                let path = if i.path.is_empty() {
                    "(document)"
                } else {
                    &i.path
                };
                s.push_str(&format!("  - {path}: {} [{}]\n", i.message, i.code));
            }
            s
        };
        let _ = std::io::stderr().lock().write_all(text.as_bytes());
    }
}

/// Reports several errors (one per file) as one: the issues of every file, prefixed by it.
pub fn merge(errors: Vec<CliError>) -> Option<CliError> {
    if errors.len() <= 1 {
        return errors.into_iter().next();
    }
    let n = errors.len();
    let message = errors
        .iter()
        .map(|e| e.message.clone())
        .collect::<Vec<_>>()
        .join("; ");
    let mut issues = Vec::new();
    for e in &errors {
        let file = e.file.as_deref().unwrap_or("");
        for i in &e.issues {
            let mut i = i.clone();
            i.path = if i.path.is_empty() {
                file.to_owned()
            } else {
                format!("{file}: {}", i.path)
            };
            issues.push(i);
        }
    }
    Some(CliError {
        code: errors[0].code,
        message: format!("{n} files have problems: {message}"),
        issues,
        exit: EXIT_INVALID,
        file: None,
    })
}

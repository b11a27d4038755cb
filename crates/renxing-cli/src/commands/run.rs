//! `renxing run OP [REQUEST.json|-]` and `renxing ops`: every operation of the registry
//! (renxing-ops), with its request as JSON; the same operations the Python and JavaScript
//! packages call.

use std::sync::Arc;

use renxing_ops::{call_json, registry, Ctx};
use serde_json::Value;

use crate::context::{read_input, Context};
use crate::error::CliError;

/// Arguments of `renxing run`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The operation's name (`renxing ops` lists them).
    #[arg(value_name = "OP")]
    pub op: String,
    /// The request (JSON); `-` reads standard input; absent: an empty request `{}`.
    #[arg(value_name = "REQUEST")]
    pub request: Option<String>,
}

/// Runs one operation and prints its response as pretty JSON. A request without a `framework`
/// uses `--framework` when given; error messages follow `--lang`.
pub fn run(ctx: &Context, args: &Args) -> Result<(), CliError> {
    let request: Value = match &args.request {
        None => Value::Null,
        Some(path) => {
            let text = read_input(path)?;
            renxing::json::parse(&text).map_err(|e| {
                CliError::invalid("json_syntax", format!("{path}: not valid JSON: {e}"))
            })?
        }
    };
    let op_ctx = Ctx {
        lang: ctx.lang,
        framework: ctx
            .custom_framework
            .then(|| Arc::new(ctx.framework.clone())),
    };
    match call_json(&args.op, request, &op_ctx) {
        Ok(v) => ctx.emit_json(&v),
        Err(e) => Err(CliError::from_report(&e.report(ctx.lang))),
    }
}

/// Arguments of `renxing ops` (none).
#[derive(Debug, clap::Args)]
pub struct OpsArgs {}

/// Lists the operations: name and summary (JSON with `--format json`).
pub fn list(ctx: &Context, _args: &OpsArgs) -> Result<(), CliError> {
    if ctx.format == crate::context::Format::Json {
        let v: Vec<Value> = registry()
            .iter()
            .map(|o| serde_json::json!({"name": o.name, "js_name": o.js_name, "summary": o.summary.trim()}))
            .collect();
        return ctx.emit_json(&v);
    }
    let width = registry().iter().map(|o| o.name.len()).max().unwrap_or(0);
    let text: String = registry()
        .iter()
        .map(|o| format!("{:width$}  {}\n", o.name, o.summary.trim()))
        .collect();
    ctx.emit(&text);
    Ok(())
}

//! `renxing run OP [REQUEST.json|-]` and `renxing ops`: every operation of the registry
//! (renxing-ops), with its request as JSON; the same operations the Python and JavaScript
//! packages call.

use renxing::Msg;
use renxing_ops::{call_json, Empty, Operations};
use serde_json::Value;

use crate::context::{display_name, read_input, Context, Format};
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
            let text = read_input(path, ctx.lang)?;
            renxing::json::parse(&text).map_err(|e| {
                let e = renxing::Error::from(renxing::Problem::new(
                    renxing::ErrorCode::JsonSyntax,
                    Msg::new(
                        format!("请求不是有效的 JSON:{e}"),
                        format!("the request is not valid JSON: {e}"),
                    ),
                ));
                CliError::op(Some(&display_name(path)), &e, ctx.lang)
            })?
        }
    };
    let v = call_json(&args.op, request, &ctx.ops).map_err(|e| CliError::op(None, &e, ctx.lang))?;
    ctx.emit_json(&v)
}

/// Arguments of `renxing ops` (none).
#[derive(Debug, clap::Args)]
pub struct OpsArgs {}

/// Lists the operations (the `operations` operation): name and summary; JSON with
/// `--format json`.
pub fn list(ctx: &Context, _args: &OpsArgs) -> Result<(), CliError> {
    let ops = ctx.call::<Operations>(Empty {})?.operations;
    if ctx.format == Format::Json {
        return ctx.emit_json(&ops);
    }
    let width = ops.iter().map(|o| o.name.len()).max().unwrap_or(0);
    let text: String = ops
        .iter()
        .map(|o| format!("{:width$}  {}\n", o.name, o.summary))
        .collect();
    ctx.emit(&text);
    Ok(())
}

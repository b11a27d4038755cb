//! `renxing cases`: the paper's reference cases as 表1 and 表2, and each case's diagnosis.

use renxing::Msg;
use renxing_ops::{CasesReport, OptionsRequest, RenderText, TextKind, TextRequest};

use crate::context::{Context, Format};
use crate::error::CliError;

/// Arguments of `renxing cases` (none besides the global options).
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Prints the case report (the `text` operation), or with `--format json` the `cases_report`
/// operation's response: `{framework, method, table_1: [{case, name, mode, levels: {column key:
/// level}, overall}], published_table_1, table_2, diagnoses: [Diagnosis]}`. The cases are coded
/// in the paper's framework, so `--framework` does not apply (usage error).
pub fn run(ctx: &Context, _args: &Args) -> Result<(), CliError> {
    if ctx.custom_framework() {
        return Err(CliError::usage(
            ctx.lang,
            Msg::new(
                "参考案例按论文的框架编码;`cases` 不适用 --framework",
                "the reference cases are coded in the paper's framework; --framework does not apply to `cases`",
            ),
        ));
    }
    match ctx.format {
        f @ (Format::Html | Format::Svg) => Err(f.only_for_report("cases", ctx.lang)),
        Format::Json => ctx.emit_json(&ctx.call::<CasesReport>(OptionsRequest {
            options: ctx.options.clone(),
        })?),
        Format::Text | Format::Markdown => {
            let text = ctx.call::<RenderText>(TextRequest {
                kind: TextKind::Cases,
                assessments: Vec::new(),
                style: ctx.style(),
                lang: Some(ctx.lang),
                options: ctx.options.clone(),
                framework: None,
                phase: None,
                timeline: None,
                curve: None,
                top_remedies: None,
                all_remedies: false,
            })?;
            ctx.emit(&text.text);
            Ok(())
        }
    }
}

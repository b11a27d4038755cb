//! `renxing cases`: the paper's reference cases as 表1 and 表2, and each case's diagnosis.

use renxing::{cases, diagnose_with, modes_table, Error, Framework, TABLE_1};
use serde_json::{json, Map, Value};

use crate::context::{Context, Format};
use crate::error::CliError;

/// Arguments of `renxing cases` (none besides the global options).
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Prints the case report. The cases are coded in the paper's framework, so `--framework` does not
/// apply (usage error). JSON output:
/// `{framework, method, table_1: [{case, name, mode, levels: {column key: level}, overall}],
///   published_table_1, table_2, diagnoses: [Diagnosis]}`.
pub fn run(ctx: &Context, _args: &Args) -> Result<(), CliError> {
    if ctx.custom_framework {
        return Err(CliError::usage(
            "the reference cases are coded in the paper's framework; --framework does not apply to `cases`",
        ));
    }
    let fw = Framework::paper();
    match ctx.format {
        f @ (Format::Html | Format::Svg) => Err(f.only_for_report("cases")),
        Format::Text | Format::Markdown => {
            let report = ctx
                .renderer()
                .cases_report(&ctx.options)
                .map_err(|e| CliError::core("cases", &e))?;
            ctx.emit(&report);
            Ok(())
        }
        Format::Json => {
            let mut table_1 = Vec::new();
            let mut diagnoses = Vec::new();
            for c in cases() {
                let d = diagnose_with(&c, fw, &ctx.options)
                    .map_err(|e| CliError::core(&c.id, &Error::from(e)))?;
                let levels: Map<String, Value> = d
                    .scorecard
                    .columns()
                    .iter()
                    .map(|col| {
                        let level = col
                            .grade
                            .as_ref()
                            .map_or(Value::Null, |g| Value::from(g.level.clone()));
                        (col.key(), level)
                    })
                    .collect();
                table_1.push(json!({
                    "case": c.id,
                    "name": c.name,
                    "mode": c.mode,
                    "levels": levels,
                    "overall": d.scorecard.overall,
                }));
                diagnoses.push(d);
            }
            ctx.emit_json(&json!({
                "framework": fw.id,
                "method": ctx.options.method,
                "table_1": table_1,
                "published_table_1": TABLE_1,
                "table_2": modes_table(),
                "diagnoses": diagnoses,
            }))
        }
    }
}

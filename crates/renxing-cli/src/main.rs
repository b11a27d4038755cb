//! `renxing`: assess community-governance resilience (三社联动 社区韧性) from the command line.
//!
//! The CLI has no logic of its own: every command calls operations of `renxing-ops` (the same
//! ones the Python and JavaScript packages call) and only parses arguments and writes output.
//! Layout: `main.rs` holds the argument types and the dispatch; `context.rs` the global options
//! turned into a [`context::Context`] (language, output format, the framework, scoring options),
//! file reading (`read_assessments`: `.json`, `.jsonl`, `.csv` by the `read_assessments`
//! operation) and output; `error.rs` the error report and exit codes; `commands/` and
//! `render.rs` one function per subcommand. To add a subcommand: a variant with its `Args` to
//! [`Command`] and one arm in [`run`] calling a function that calls
//! [`context::Context::call`] with the operation's typed request.

mod commands;
mod context;
mod error;
mod render;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::context::{Context, GlobalArgs};
use crate::error::CliError;

/// Community governance resilience (三社联动 社区韧性): score, diagnose and compare
/// assessments on the framework of Peng & Tan (2022) or a custom one.
#[derive(Debug, Parser)]
#[command(name = "renxing", version, propagate_version = true)]
struct Cli {
    #[command(flatten)]
    global: GlobalArgs,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// The paper's reference cases A, B, C: 表1, 表2 and each case's diagnosis.
    Cases(commands::cases::Args),
    /// Validate, score and diagnose the assessments of one file (`-` reads standard input).
    Assess(commands::assess::Args),
    /// Compare assessments (files or tables): 表1 side by side, ranking, best/worst per dimension.
    Compare(commands::compare::Args),
    /// Inter-rater agreement of several coders (files per coder, a multi-coder file or a long
    /// table): α with its interval, κ, AC1, the disagreements, and with --consensus RULE each
    /// community's consensus scorecard.
    Agree(commands::agree::Args),
    /// A community's assessments over the cycle: what changed, gaps, what to do next and by
    /// whom; several communities: who improved most, who fell back.
    Timeline(commands::timeline::Args),
    /// A functionality curve (CSV: time, value): Bruneau's numbers and the paper's level.
    Curve(commands::curve::Args),
    /// Print the JSON Schema of the assessment file.
    Schema(commands::schema::Args),
    /// Write an HTML or Markdown report (one assessment: its diagnosis; several: a comparison).
    Report(render::ReportArgs),
    /// Write an SVG chart: radar, attribute bars or comparison heat-table.
    Chart(render::ChartArgs),
    /// How robust a composite ranking is: rank intervals, level probabilities and the choice
    /// that matters most (uncertainty and sensitivity analysis), with charts and a report.
    Uncertainty(commands::uncertainty::Args),
    /// Qualitative Comparative Analysis (QCA) of a case table or of assessments and the reference
    /// cases: truth table, the three solutions with consistency and coverage, the XY plot.
    Qca(commands::qca::Args),
    /// Composite indicators on a framework's indicators (--framework F): ranking, TOPSIS,
    /// each community's dimension levels and top obstacles; results and assessments as JSON.
    Indicators(commands::indicators::Args),
    /// Blend coded assessments with assessments from indicators of the same communities by a
    /// stated rule (indicators win, coding wins, the lower level, the mean score).
    Blend(commands::blend::Args),
    /// Summarise the diagnoses of many assessments (files, JSON Lines, tables): units per
    /// level, deficits, remedies, nearest reference cases and modes, as JSON.
    Summary(commands::summary::Args),
    /// Run any operation of the library on a JSON request (`renxing ops` lists them).
    Run(commands::run::Args),
    /// List the operations that `renxing run` (and the Python and JavaScript packages) offer.
    Ops(commands::run::OpsArgs),
}

fn run(cli: &Cli) -> Result<(), CliError> {
    let ctx = Context::new(&cli.global)?;
    match &cli.command {
        Command::Cases(args) => commands::cases::run(&ctx, args),
        Command::Assess(args) => commands::assess::run(&ctx, args),
        Command::Compare(args) => commands::compare::run(&ctx, args),
        Command::Agree(args) => commands::agree::run(&ctx, args),
        Command::Schema(args) => commands::schema::run(&ctx, args),
        Command::Timeline(args) => commands::timeline::run(&ctx, args),
        Command::Curve(args) => commands::curve::run(&ctx, args),
        Command::Report(args) => render::run_report(&ctx, args),
        Command::Chart(args) => render::run_chart(&ctx, args),
        Command::Uncertainty(args) => commands::uncertainty::run(&ctx, args),
        Command::Qca(args) => commands::qca::run(&ctx, args),
        Command::Indicators(args) => commands::indicators::run(&ctx, args),
        Command::Blend(args) => commands::blend::run(&ctx, args),
        Command::Summary(args) => commands::summary::run(&ctx, args),
        Command::Run(args) => commands::run::run(&ctx, args),
        Command::Ops(args) => commands::run::list(&ctx, args),
    }
}

/// The CLI reads, validates and renders many small values (100,000 assessments in one run): mimalloc
/// takes about a third off that run's time, most of which was the system allocator's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            e.report(cli.global.format, cli.global.lang);
            ExitCode::from(e.exit_code())
        }
    }
}

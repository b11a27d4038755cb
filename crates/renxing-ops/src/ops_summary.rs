//! Summaries of many diagnoses (issue 15, `renxing.dask`): in memory (`diagnosis_summary`, of
//! rows of level codes and/or assessments), and over partitions of level codes — a partition's
//! histogram of distinct rows (`diagnosis_summary_partial`), the merge
//! (`diagnosis_summary_merge`), the finish (`diagnosis_summary_finish`). The method lives in the
//! core (`renxing::summary`); the finish of the merged partials is the in-memory summary of all
//! the rows, the same bits.

use renxing::summary::{DiagnosisSummary, Summarizer, SummaryPartial, SummarySpec, DEFAULT_TOP_K};
use renxing::{Assessment, ErrorCode, Msg, Path, Phase, Problem, ScoreOptions};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::args::{self, FrameworkArg};
use crate::{Ctx, Error, Operation};

fn default_top_k() -> usize {
    DEFAULT_TOP_K
}

/// Rows of level codes and/or assessments to summarise.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DiagnosisSummaryRequest {
    /// Rows of level codes (1..=levels; 0 = not rated with `unrated`), one per dimension in
    /// framework order: summarised exactly through their histogram of distinct rows.
    #[serde(default)]
    pub codes: Option<Vec<Vec<u8>>>,
    /// Assessments (the file form): each diagnosed (in `phase`, else its own) and added in
    /// order, before the codes; they alone can name a mode.
    #[serde(default)]
    #[schemars(with = "Option<Vec<Assessment>>")]
    pub assessments: Option<Vec<args::AssessmentInput>>,
    /// Scoring options (method, weights) of every diagnosis.
    #[serde(default)]
    pub options: ScoreOptions,
    /// The phase the diagnoses are made in.
    #[serde(default)]
    pub phase: Option<Phase>,
    /// How many of each unit's remedies count as its top remedies (default 3).
    #[serde(default = "default_top_k")]
    pub top_k: usize,
    /// A level code 0 means "not rated" (default: false, a code 0 is an error).
    #[serde(default)]
    pub unrated: bool,
    /// The consensus rule for multi-coder assessments (as in `diagnose`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consensus: Option<renxing::agree::ConsensusOptions>,
    /// The framework (default: the caller's, else the paper's).
    #[serde(default)]
    pub framework: Option<FrameworkArg>,
}

/// The codes of a partition to make a partial of.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DiagnosisSummaryPartialRequest {
    /// Rows of level codes (1..=levels; 0 = not rated with `unrated`), one per dimension in
    /// framework order; empty for an empty partition.
    #[serde(default)]
    pub codes: Vec<Vec<u8>>,
    /// Scoring options (method, weights), recorded in the partial.
    #[serde(default)]
    pub options: ScoreOptions,
    /// The phase the diagnoses will be made in, recorded.
    #[serde(default)]
    pub phase: Option<Phase>,
    /// How many of each unit's remedies count as its top remedies (default 3), recorded.
    #[serde(default = "default_top_k")]
    pub top_k: usize,
    /// A level code 0 means "not rated", recorded.
    #[serde(default)]
    pub unrated: bool,
    /// The framework (default: the caller's, else the paper's).
    #[serde(default)]
    pub framework: Option<FrameworkArg>,
}

fn flat(rows: &[Vec<u8>], width: usize) -> Result<Vec<u8>, Error> {
    let mut out = Vec::with_capacity(rows.len() * width);
    for (i, row) in rows.iter().enumerate() {
        if row.len() != width {
            return Err(Problem::new(
                ErrorCode::BatchInput,
                Msg::new(
                    format!(
                        "codes[{i}] 应有 {width} 个代码(每个维度一个),实际 {} 个",
                        row.len()
                    ),
                    format!(
                        "codes[{i}] must have {width} codes (one per dimension), found {}",
                        row.len()
                    ),
                ),
            )
            .at(Path::from("codes").index(i))
            .into());
        }
        out.extend_from_slice(row);
    }
    Ok(out)
}

fn spec(options: &ScoreOptions, phase: Option<Phase>, top_k: usize, unrated: bool) -> SummarySpec {
    SummarySpec {
        options: options.clone(),
        phase,
        top_k,
        unrated,
    }
}

/// The partial of row-major level codes (`rows × dimensions`, e.g. a numpy partition read in
/// place) with the request's options; the request's own `codes` are ignored.
///
/// # Errors
/// The framework's and options' errors (under `options`); a bad code (`codes[row][column]`).
pub fn diagnosis_summary_partial_of_codes(
    r: &DiagnosisSummaryPartialRequest,
    ctx: &Ctx,
    codes: &[u8],
) -> Result<SummaryPartial, Error> {
    let fw = args::framework(r.framework.as_ref(), ctx)?;
    args::engine(&fw, &r.options)?;
    SummaryPartial::of_codes(&fw, &spec(&r.options, r.phase, r.top_k, r.unrated), codes)
}

/// The summary of the request's assessments (if any) and of row-major level codes
/// (`rows × dimensions`, e.g. a numpy array read in place) in place of the request's `codes`.
///
/// # Errors
/// As the `diagnosis_summary` operation.
pub fn diagnosis_summary_of_codes(
    r: DiagnosisSummaryRequest,
    ctx: &Ctx,
    codes: Option<&[u8]>,
) -> Result<DiagnosisSummary, Error> {
    let fw = args::framework(r.framework.as_ref(), ctx)?;
    args::engine(&fw, &r.options)?;
    let spec = spec(&r.options, r.phase, r.top_k, r.unrated);
    let mut s = Summarizer::new(&fw, &spec)?;
    if codes.is_none() && r.assessments.is_none() {
        return Err(Problem::new(
            ErrorCode::RequestInvalid,
            Msg::new(
                "需要 codes 或 assessments(或两者)",
                "give codes or assessments (or both)",
            ),
        )
        .into());
    }
    for (i, a) in r.assessments.into_iter().flatten().enumerate() {
        let at = Path::from("assessments").index(i);
        let a = a.into_assessment(&fw, &at)?;
        let a = args::scorable(a, &fw, r.consensus.as_ref(), &at)?;
        s.add_assessment(i, &a)?;
    }
    if let Some(codes) = codes {
        s.add_partial(&SummaryPartial::of_codes(&fw, &spec, codes)?)?;
    }
    Ok(s.finish())
}

op! {
    /// Summarises the diagnoses of many units (rows of level codes and/or assessments): units per overall, attribute and dimension level, each deficit's units and mean gap and severity, each remedy's units (and among the top k) and mean priority, nearest reference cases, modes; the options recorded.
    DiagnosisSummaryOp = "diagnosis_summary" / "diagnosisSummary",
    DiagnosisSummaryRequest => DiagnosisSummary,
    |r, ctx| {
        let fw = args::framework(r.framework.as_ref(), ctx)?;
        let codes = match &r.codes {
            Some(rows) => Some(flat(rows, fw.dimensions.len())?),
            None => None,
        };
        diagnosis_summary_of_codes(DiagnosisSummaryRequest { codes: None, ..r }, ctx, codes.as_deref())
    }
}

op! {
    /// The partial of one partition of level codes for a diagnosis summary: its histogram of distinct rows (at most (levels + 1)^dimensions entries) with the framework and options, to merge with `diagnosis_summary_merge` and finish with `diagnosis_summary_finish`.
    DiagnosisSummaryPartialOp = "diagnosis_summary_partial" / "diagnosisSummaryPartial",
    DiagnosisSummaryPartialRequest => SummaryPartial,
    |r, ctx| {
        let fw = args::framework(r.framework.as_ref(), ctx)?;
        let codes = flat(&r.codes, fw.dimensions.len())?;
        diagnosis_summary_partial_of_codes(&r, ctx, &codes)
    }
}

/// Partials to merge.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DiagnosisSummaryMergeRequest {
    /// Partials of one analysis (same version, framework and options), in any order.
    pub partials: Vec<SummaryPartial>,
}

op! {
    /// Merges diagnosis-summary partials (counts of equal rows added: exact, in any order or tree).
    DiagnosisSummaryMergeOp = "diagnosis_summary_merge" / "diagnosisSummaryMerge",
    DiagnosisSummaryMergeRequest => SummaryPartial,
    |r, _ctx| SummaryPartial::merge(&r.partials)
}

/// The merged partial and its framework.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DiagnosisSummaryFinishRequest {
    /// The partial of all partitions (`diagnosis_summary_merge`).
    pub partial: SummaryPartial,
    /// The framework it was made with (default: the caller's, else the paper's).
    #[serde(default)]
    pub framework: Option<FrameworkArg>,
}

op! {
    /// The diagnosis summary of the units behind a merged partial (each distinct row diagnosed once, weighted by its count): the `diagnosis_summary` of all the rows, the same bits.
    DiagnosisSummaryFinishOp = "diagnosis_summary_finish" / "diagnosisSummaryFinish",
    DiagnosisSummaryFinishRequest => DiagnosisSummary,
    |r, ctx| {
        let fw = args::framework(r.framework.as_ref(), ctx)?;
        renxing::Engine::new(&fw, &r.partial.spec.options).map_err(spec_options_error)?;
        r.partial.finish(&fw)
    }
}

/// A scoring-options error of a partial's spec, located at `partial.spec.options.…`.
fn spec_options_error(e: renxing::ScoreError) -> Error {
    use renxing::ScoreError as E;
    let at = Path::from("partial").key("spec");
    match args::options_error(e) {
        E::InvalidWeight { path, value } => E::InvalidWeight {
            path: path.under(&at),
            value,
        },
        E::UnknownWeightTarget {
            path,
            id,
            framework,
        } => E::UnknownWeightTarget {
            path: path.under(&at),
            id,
            framework,
        },
        E::AllWeightsZero { path } => E::AllWeightsZero {
            path: path.under(&at),
        },
        other => other,
    }
    .into()
}

//! QCA operations for the front ends (issue 12): cases from assessments, the shared run behind
//! `qca`, the XY plot and the QCA report. The methods live in `renxing::qca`, the chart in
//! `renxing::chart::qca_xy`, the report in `renxing::report::html_qca_report`.

use renxing::qca::{self, QcaError};
use renxing::score::ScoreOptions;
use renxing::{Error, Path, PathSeg};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::args::{self, FrameworkArg};
use crate::ops::{ChartSpec, ReportFormat, ReportResponse, SvgResponse};
use crate::ops_methods::{
    calibrated, qca_calibration_path, qca_minimize_path, qca_truth_table_path, QcaRequest,
    QcaResponse,
};
use crate::{Ctx, Operation};

/// Assessments to turn into QCA cases.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QcaCasesRequest {
    /// The paper's reference cases to include first (`"a"`, `"case-b"`, …).
    #[serde(default)]
    pub reference_cases: Vec<String>,
    /// The user's assessments (file form), after the reference cases; ids distinct.
    #[serde(default)]
    #[schemars(with = "Vec<renxing::Assessment>")]
    pub assessments: Vec<Value>,
    /// The mapping (units, membership, outcome); every default is written out in the result.
    #[serde(default)]
    pub mapping: qca::CaseMapping,
    /// Scoring options (method, weights).
    #[serde(default)]
    pub options: ScoreOptions,
    /// The framework (default: the caller's, else the paper's).
    #[serde(default)]
    pub framework: Option<FrameworkArg>,
}

fn under(prefix: &str, p: &[PathSeg]) -> Path {
    if prefix.is_empty() {
        Path(p.to_vec())
    } else {
        Path::from(prefix).join(&Path(p.to_vec()))
    }
}

/// Builds the cases (errors located under `prefix`).
pub(crate) fn build_cases(
    r: &QcaCasesRequest,
    ctx: &Ctx,
    prefix: &str,
) -> Result<qca::QcaCases, Error> {
    let reroot = |e: Error| args::reroot(e, |p| Some(under(prefix, p)));
    let fw = args::framework(r.framework.as_ref(), ctx).map_err(reroot)?;
    let mut list = Vec::with_capacity(r.reference_cases.len() + r.assessments.len());
    for (i, id) in r.reference_cases.iter().enumerate() {
        list.push(renxing::case(id).ok_or_else(|| {
            Error::from(QcaError::Unknown {
                path: under(
                    prefix,
                    &[PathSeg::from("reference_cases"), PathSeg::from(i)],
                )
                .0,
                name: id.clone(),
            })
        })?);
    }
    list.extend(args::assessments(&r.assessments, &fw).map_err(reroot)?);
    let mut seen = std::collections::BTreeSet::new();
    for (i, a) in list.iter().enumerate() {
        if !seen.insert(a.id.clone()) {
            return Err(QcaError::Duplicate {
                path: under(prefix, &[PathSeg::from("assessments"), PathSeg::from(i)]).0,
                name: a.id.clone(),
            }
            .into());
        }
    }
    let engine = args::engine(&fw, &r.options).map_err(reroot)?;
    let cards = list
        .iter()
        .map(|a| engine.score(a))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| reroot(e.into()))?;
    let nref = r.reference_cases.len();
    qca::cases_from_scorecards(&fw, &cards, &r.mapping).map_err(|e| {
        // the core counts every case; the request lists the reference cases apart
        args::reroot(e.into(), |p| match p {
            [PathSeg::Key(k), PathSeg::Index(i), rest @ ..] if k == "assessments" => {
                let mut q = if *i < nref {
                    vec![PathSeg::from("reference_cases"), PathSeg::from(*i)]
                } else {
                    vec![PathSeg::from("assessments"), PathSeg::from(*i - nref)]
                };
                q.extend(rest.iter().cloned());
                Some(under(prefix, &q))
            }
            _ => Some(under(prefix, p)),
        })
    })
}

op! {
    /// Turns assessments (the reference cases A/B/C and the user's) into a QCA case table: each dimension or attribute a condition from its level or score by a documented mapping (default crisp: high = 1), the outcome from the overall grade, a unit or given values; the mapping and labels recorded.
    QcaCases = "qca_cases" / "qcaCases",
    QcaCasesRequest => qca::QcaCases,
    |r, ctx| build_cases(&r, ctx, "")
}

/// The shared run of the `qca` operation.
pub(crate) fn run(r: QcaRequest, ctx: &Ctx) -> Result<QcaResponse, Error> {
    let (table, cases) = match (r.table, &r.cases) {
        (Some(t), None) => (t, None),
        (None, Some(c)) => {
            let cases = build_cases(c, ctx, "cases")?;
            (cases.table.clone(), Some(cases))
        }
        (t, _) => {
            return Err(QcaError::InvalidOption {
                path: vec![PathSeg::from("table")],
                reason: if t.is_some() {
                    "give either `table` or `cases`, not both".into()
                } else {
                    "give `table` (a case table) or `cases` (assessments)".into()
                },
            }
            .into())
        }
    };
    let k = table.conditions.len();
    let (table, calibration) = calibrated(table, r.calibration.as_ref())
        .map_err(|e| args::reroot(e, |p| qca_calibration_path(p, k)))?;
    let tt = qca::truth_table(&table, &r.truth_table)
        .map_err(|e| args::reroot(e.into(), |p| qca_truth_table_path(p, k)))?;
    let mut mo = r.minimize;
    if let Some(text) = &r.dir_exp {
        let levels: Vec<u8> = tt.conditions.iter().map(|c| c.levels).collect();
        let de = qca::parse_directional_expectations(text, &table.conditions, &levels)
            .map_err(|e| args::reroot(e.into(), |_| Some(Path::from("dir_exp"))))?;
        mo.directional_expectations = Some(de);
    }
    if let (Some(c), None) = (&cases, &mo.directional_expectations) {
        mo.directional_expectations = Some(c.directional_expectations.clone());
    }
    let minimization =
        qca::minimize(&table, &tt, &mo).map_err(|e| args::reroot(e.into(), qca_minimize_path))?;
    let mut labels = r.labels;
    if labels.is_empty() {
        if let Some(c) = &cases {
            labels.extend(c.labels.iter().cloned());
            labels.push(c.outcome_label.clone());
        }
    }
    let models = qca::labelled_models(&minimization, &labels);
    let text = qca::analysis_text(&tt, &minimization, renxing::Lang::En);
    Ok(QcaResponse {
        cases,
        calibration,
        table,
        truth_table: tt,
        minimization,
        models,
        labels,
        text,
    })
}

/// A QCA run and the solution to plot.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QcaXyChartRequest {
    /// The QCA run (as the `qca` operation's request).
    pub qca: QcaRequest,
    /// Which solution and model (default: the parsimonious M1; the negated outcome follows
    /// `qca.truth_table.negate_outcome`).
    #[serde(default)]
    pub plot: qca::XyChoice,
    /// Chart options (language, size, title).
    #[serde(default)]
    pub chart: ChartSpec,
}

op! {
    /// The XY plot (SVG) of a QCA solution: each case's membership in the solution against the outcome, the diagonal, consistency, PRI and coverage; axis titles with the conditions' labels.
    QcaXyChart = "qca_xy_chart" / "qcaXyChart",
    QcaXyChartRequest => SvgResponse,
    |r, ctx| {
        let negate = r.qca.truth_table.negate_outcome;
        let out = run(r.qca, ctx).map_err(|e| args::reroot(e, |p| Some(under("qca", p))))?;
        let mut choice = r.plot;
        choice.negate_outcome = negate;
        let xy = qca::xy_data(&out.table, &out.minimization, &choice)
            .map_err(|e| args::reroot(e.into(), |p| Some(under("plot", p))))?;
        let o = r.chart.options(ctx);
        let labels: std::collections::HashMap<String, String> = out
            .labels
            .iter()
            .map(|l| (l.name.clone(), if o.lang == renxing::Lang::Zh { l.zh.clone() } else { l.en.clone() }))
            .collect();
        Ok(SvgResponse { svg: renxing::chart::qca_xy(&xy, Some(&labels), &o)? })
    }
}

/// A QCA run to report on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QcaReportRequest {
    /// The QCA run (as the `qca` operation's request).
    pub qca: QcaRequest,
    /// Report options (format, language, title, chart-file prefix).
    #[serde(default)]
    pub report: crate::ops::ReportSpec,
}

op! {
    /// The QCA report (HTML or Markdown): cases and conditions, the truth table, the conservative, parsimonious and intermediate solutions with consistency, PRI and coverage (formulas labelled), an XY plot of each.
    QcaReport = "qca_report" / "qcaReport",
    QcaReportRequest => ReportResponse,
    |r, ctx| {
        let out = run(r.qca, ctx).map_err(|e| args::reroot(e, |p| Some(under("qca", p))))?;
        let input = renxing::report::QcaReportInput {
            table: &out.table,
            truth_table: &out.truth_table,
            minimization: &out.minimization,
            labels: &out.labels,
        };
        let o = r.report.options(ctx);
        Ok(match r.report.format {
            ReportFormat::Markdown => {
                let m = renxing::report::markdown_qca_report(&input, &o)?;
                ReportResponse { format: ReportFormat::Markdown, text: m.markdown, charts: m.charts }
            }
            _ => ReportResponse {
                format: ReportFormat::Html,
                text: renxing::report::html_qca_report(&input, &o)?,
                charts: Vec::new(),
            },
        })
    }
}

/// CSV text of a case table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReadQcaTableRequest {
    /// The CSV: first column the case ids, then the conditions and the outcome (raw values).
    pub text: String,
    /// The outcome column (default: the last).
    #[serde(default)]
    pub outcome: Option<String>,
}

op! {
    /// Reads a QCA case table from CSV (case ids, then conditions and the outcome, raw or memberships) for the `qca` operation.
    ReadQcaTable = "read_qca_table" / "readQcaTable",
    ReadQcaTableRequest => qca::QcaTable,
    |r, ctx| Ok(qca::read_csv(&r.text, r.outcome.as_deref())?)
}

//! The QCA section of a report: the cases and conditions, the truth table, the conservative,
//! parsimonious and intermediate solutions (formulas in R's notation and with labels, every term's
//! consistency, PRI, raw and unique coverage and cases) and the XY plot of each solution.

use std::collections::HashMap;

use super::doc::{Block, Doc};
use super::{html, markdown, MarkdownReport, ReportOptions};
use crate::chart::{self, ChartError, ChartOptions};
use crate::lang::{Lang, Text};
use crate::qca::{
    formula, relabel, xy_data, Minimization, QcaLabel, QcaTable, SolutionKind, SolutionSet,
    TruthTable, XyChoice,
};
use crate::text::Table;

const TITLE: Text = Text {
    zh: "组态分析(QCA)",
    en: "Configurational comparison (QCA)",
};
const CASES: Text = Text {
    zh: "案例数",
    en: "Cases",
};
const CONDITIONS: Text = Text {
    zh: "条件",
    en: "Conditions",
};
const OUTCOME: Text = Text {
    zh: "结果",
    en: "Outcome",
};
const CUTS: Text = Text {
    zh: "阈值",
    en: "Cut-offs",
};
const TT: Text = Text {
    zh: "真值表",
    en: "Truth table",
};
const REMAINDERS: Text = Text {
    zh: "逻辑余项",
    en: "Logical remainders",
};
const ROW: Text = Text {
    zh: "行",
    en: "Row",
};
const CASE_LIST: Text = Text {
    zh: "案例",
    en: "Cases",
};
const TERM: Text = Text {
    zh: "项",
    en: "Term",
};
const SOLUTION: Text = Text {
    zh: "解",
    en: "Solution",
};
const CONSERVATIVE: Text = Text {
    zh: "复杂解(保守解)",
    en: "Conservative (complex) solution",
};
const PARSIMONIOUS: Text = Text {
    zh: "简约解",
    en: "Parsimonious solution",
};
const INTERMEDIATE: Text = Text {
    zh: "中间解",
    en: "Intermediate solution",
};
const AMBIGUOUS: Text = Text {
    zh: "存在多个最小解(模型歧义)。",
    en: "Several minimal solutions (model ambiguity).",
};
const TRUNCATED: Text = Text {
    zh: "最小解的列举在上限处截断,可能还有更多。",
    en: "The listing of minimal solutions stopped at its limit; there may be more.",
};
const XY: Text = Text {
    zh: "XY 图",
    en: "XY plot",
};

/// What a QCA section shows: the analysed table, its truth table and minimisation, and the labels
/// of the conditions and the outcome (a name without a label is shown as it is).
#[derive(Clone, Copy, Debug)]
pub struct QcaReportInput<'a> {
    /// The (calibrated) case table.
    pub table: &'a QcaTable,
    /// Its truth table.
    pub truth_table: &'a TruthTable,
    /// Its minimisation.
    pub minimization: &'a Minimization,
    /// Labels of the conditions and the outcome.
    pub labels: &'a [QcaLabel],
}

fn f3(v: Option<f64>) -> String {
    v.map_or_else(|| "–".to_owned(), |v| format!("{v:.3}"))
}

fn kind_name(kind: SolutionKind) -> Text {
    match kind {
        SolutionKind::Conservative => CONSERVATIVE,
        SolutionKind::Parsimonious => PARSIMONIOUS,
        _ => INTERMEDIATE,
    }
}

fn set_blocks(
    b: &mut Vec<Block>,
    set: &SolutionSet,
    heading: String,
    labels: &HashMap<String, String>,
    lang: Lang,
) {
    let t = |x: Text| x.get(lang).to_owned();
    b.push(Block::Heading(3, heading));
    for (i, s) in set.solutions.iter().enumerate() {
        let f = formula(&s.expression, &set.outcome);
        b.push(Block::Para(format!(
            "M{}: {}  ⟨{}⟩",
            i + 1,
            relabel(&f, labels),
            f
        )));
    }
    if set.ambiguous {
        b.push(Block::Para(t(AMBIGUOUS)));
    }
    if set.truncated {
        b.push(Block::Para(t(TRUNCATED)));
    }
    for (i, s) in set.solutions.iter().enumerate() {
        let mut rows: Vec<Vec<String>> = s
            .term_fits
            .iter()
            .map(|tf| {
                vec![
                    relabel(&tf.expression, labels),
                    f3(tf.inclusion),
                    f3(tf.pri),
                    f3(tf.coverage),
                    f3(tf.unique_coverage),
                    tf.cases
                        .iter()
                        .map(|g| g.join(","))
                        .collect::<Vec<_>>()
                        .join("; "),
                ]
            })
            .collect();
        rows.push(vec![
            format!("M{}", i + 1),
            f3(s.fit.inclusion),
            f3(s.fit.pri),
            f3(s.fit.coverage),
            String::new(),
            String::new(),
        ]);
        b.push(Block::Table(Table {
            title: String::new(),
            headers: vec![
                t(TERM),
                "inclS".into(),
                "PRI".into(),
                "covS".into(),
                "covU".into(),
                t(CASE_LIST),
            ],
            rows,
        }));
    }
}

pub(super) fn section(input: &QcaReportInput<'_>, lang: Lang) -> Result<Vec<Block>, ChartError> {
    let t = |x: Text| x.get(lang).to_owned();
    let labels: HashMap<String, String> = input
        .labels
        .iter()
        .map(|l| {
            (
                l.name.clone(),
                if lang == Lang::Zh {
                    l.zh.clone()
                } else {
                    l.en.clone()
                },
            )
        })
        .collect();
    let lab = |s: &str| relabel(s, &labels);
    let tt = input.truth_table;
    let sep = if lang == Lang::Zh { "、" } else { ", " };
    let mut b = vec![Block::Heading(2, t(TITLE))];
    b.push(Block::Facts(vec![
        (t(CASES), input.table.cases.len().to_string()),
        (
            t(CONDITIONS),
            input
                .table
                .conditions
                .iter()
                .map(|c| {
                    let l = lab(c);
                    if &l == c {
                        l
                    } else {
                        format!("{l} ({c})")
                    }
                })
                .collect::<Vec<_>>()
                .join(sep),
        ),
        (t(OUTCOME), format!("{} ({})", lab(&tt.outcome), tt.outcome)),
        (
            t(CUTS),
            format!(
                "incl.cut {}, n.cut {}, pri.cut {}",
                tt.options.incl_cut, tt.options.n_cut, tt.options.pri_cut
            ),
        ),
        (t(REMAINDERS), tt.n_remainders.to_string()),
    ]));
    b.push(Block::Heading(3, t(TT)));
    let mut headers = vec![t(ROW)];
    headers.extend(input.table.conditions.iter().map(|c| lab(c)));
    headers.extend([
        "OUT".to_owned(),
        "n".to_owned(),
        "incl".to_owned(),
        "PRI".to_owned(),
        t(CASE_LIST),
    ]);
    b.push(Block::Table(Table {
        title: String::new(),
        headers,
        rows: tt
            .rows
            .iter()
            .map(|r| {
                let mut row = vec![r.id.to_string()];
                row.extend(r.values.iter().map(u8::to_string));
                row.extend([
                    r.outcome.as_str().to_owned(),
                    r.n.to_string(),
                    f3(r.inclusion),
                    f3(r.pri),
                    r.cases.join(", "),
                ]);
                row
            })
            .collect(),
    }));
    let m = input.minimization;
    if let Some(c) = &m.conservative {
        set_blocks(&mut b, c, t(CONSERVATIVE), &labels, lang);
    }
    if let Some(p) = &m.parsimonious {
        set_blocks(&mut b, p, t(PARSIMONIOUS), &labels, lang);
    }
    for s in &m.intermediate {
        let h = if m.intermediate.len() > 1 {
            format!(
                "{} (C{}P{})",
                t(INTERMEDIATE),
                s.conservative + 1,
                s.parsimonious + 1
            )
        } else {
            t(INTERMEDIATE)
        };
        set_blocks(&mut b, &s.solutions, h, &labels, lang);
    }
    b.push(Block::Heading(3, t(XY)));
    let kinds: [(SolutionKind, &'static str, bool); 3] = [
        (
            SolutionKind::Conservative,
            "qca-xy-conservative",
            m.conservative.is_some(),
        ),
        (
            SolutionKind::Parsimonious,
            "qca-xy-parsimonious",
            m.parsimonious.is_some(),
        ),
        (
            SolutionKind::Intermediate,
            "qca-xy-intermediate",
            !m.intermediate.is_empty(),
        ),
    ];
    for (kind, stem, present) in kinds {
        if !present {
            continue;
        }
        let choice = XyChoice {
            kind,
            negate_outcome: tt.options.negate_outcome,
            ..XyChoice::default()
        };
        let Ok(xy) = xy_data(input.table, m, &choice) else {
            continue;
        };
        let copts = ChartOptions::new(lang)
            .with_id_prefix(stem)
            .with_title(format!("{}: {} M1", t(XY), t(kind_name(kind))));
        b.push(Block::Chart(
            stem,
            format!(
                "{} M1: {}",
                t(SOLUTION),
                lab(&formula(&xy.expression, &xy.outcome))
            ),
            chart::qca_xy(&xy, Some(&labels), &copts)?,
        ));
    }
    Ok(b)
}

fn doc(input: &QcaReportInput<'_>, options: &ReportOptions) -> Result<Doc, ChartError> {
    Ok(Doc {
        title: options
            .title
            .clone()
            .unwrap_or_else(|| TITLE.get(options.lang).to_owned()),
        lang: options.lang,
        blocks: section(input, options.lang)?,
    })
}

/// The QCA report as one self-contained HTML file: the cases and conditions, the truth table,
/// the three solutions with consistency, PRI and coverage (formulas in R's notation and with the
/// labels), and an XY plot of each solution.
///
/// ```
/// use renxing::qca::{minimize, truth_table, MinimizeOptions, QcaLabel, QcaTable, TruthTableOptions};
/// use renxing::report::{html_qca_report, QcaReportInput, ReportOptions};
/// use renxing::Lang;
/// let t = QcaTable::new(vec!["a".into(), "b".into()], vec!["VT".into()], "Y",
///     vec![1.0, 0.0], vec![1.0, 0.0])?;
/// let tt = truth_table(&t, &TruthTableOptions::default())?;
/// let m = minimize(&t, &tt, &MinimizeOptions::default())?;
/// let labels = [QcaLabel { name: "VT".into(), zh: "志愿团队".into(), en: "volunteer teams".into() }];
/// let input = QcaReportInput { table: &t, truth_table: &tt, minimization: &m, labels: &labels };
/// let html = html_qca_report(&input, &ReportOptions::new(Lang::Zh))?;
/// assert!(html.contains("M1: 志愿团队 -&gt; Y"));
/// assert!(html.contains("rx-xy-point"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`ChartError::InvalidSize`] never with the default sizes; kept for the chart calls.
pub fn html_qca_report(
    input: &QcaReportInput<'_>,
    options: &ReportOptions,
) -> Result<String, ChartError> {
    Ok(html::render_with(None, &doc(input, options)?))
}

/// The Markdown form of [`html_qca_report`], the XY plots as separate SVG files.
///
/// # Errors
/// As [`html_qca_report`].
pub fn markdown_qca_report(
    input: &QcaReportInput<'_>,
    options: &ReportOptions,
) -> Result<MarkdownReport, ChartError> {
    Ok(markdown::render_with(
        None,
        &doc(input, options)?,
        &options.chart_prefix,
    ))
}

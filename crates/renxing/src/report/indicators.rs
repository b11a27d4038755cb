//! The report of a framework-driven indicator run (issue 10): the indicator system (指标体系),
//! a methods section stating every step of the pipeline with all its parameters (defaults
//! filled in) and the banding rule, then the ranking, dimension levels and obstacle tables.

use super::doc::{Block, Doc};
use super::{html, markdown, MarkdownReport, ReportOptions};
use crate::composite::{Direction, FrameworkIndicatorResult, Step};
use crate::framework::Framework;
use crate::lang::{Lang, Text};
use crate::text::Table;

const TITLE: Text = Text {
    zh: "量化指标评估",
    en: "Indicator-based assessment",
};

fn step_name(step: &Step, lang: Lang) -> &'static str {
    let (zh, en) = match step {
        Step::Check(_) => ("数据检查", "Data checks"),
        Step::Impute(_) => ("缺失值插补", "Imputation"),
        Step::Treat(_) => ("异常值处理", "Outlier treatment"),
        Step::Normalise(_) => ("标准化", "Normalisation"),
        Step::Weight(_) => ("赋权", "Weighting"),
        Step::Aggregate(_) => ("聚合", "Aggregation"),
        Step::Band(_) => ("分级", "Banding"),
        Step::Topsis(_) => ("TOPSIS 排序", "TOPSIS"),
        Step::Obstacle(_) => ("障碍度", "Obstacle degree"),
        Step::Rank(_) => ("排名", "Ranking"),
        #[allow(unreachable_patterns)]
        _ => ("其他", "Other"),
    };
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// A step's parameters as `key = value` pairs (compact JSON values), the step tag left out.
fn parameters(step: &Step) -> String {
    match serde_json::to_value(step) {
        Ok(serde_json::Value::Object(m)) => m
            .iter()
            .filter(|(k, _)| k.as_str() != "step")
            .map(|(k, v)| format!("{k} = {v}"))
            .collect::<Vec<_>>()
            .join("; "),
        _ => String::new(),
    }
}

fn blocks(r: &FrameworkIndicatorResult, fw: &Framework, lang: Lang) -> Vec<Block> {
    let zh = lang == Lang::Zh;
    let tag = lang.id();
    let res = &r.result;
    let mut b = Vec::new();
    b.push(Block::Facts(vec![
        (
            if zh { "框架" } else { "Framework" }.to_owned(),
            format!("{} ({})", fw.labels.get(tag), fw.id),
        ),
        (
            if zh { "单位数" } else { "Units" }.to_owned(),
            res.units.len().to_string(),
        ),
        (
            if zh { "指标数" } else { "Indicators" }.to_owned(),
            res.indicators.len().to_string(),
        ),
        (
            if zh { "维度数" } else { "Dimensions" }.to_owned(),
            res.dimensions.len().to_string(),
        ),
    ]));
    // the indicator system
    b.push(Block::Heading(
        2,
        if zh { "指标体系" } else { "Indicators" }.to_owned(),
    ));
    let effective = res.aggregation().map(|a| &a.effective_weights);
    let headers = if zh {
        vec!["维度", "指标", "id", "方向", "单位", "来源", "综合权重"]
    } else {
        vec![
            "Dimension",
            "Indicator",
            "id",
            "Direction",
            "Unit",
            "Source",
            "Weight in the index",
        ]
    }
    .into_iter()
    .map(str::to_owned)
    .collect();
    let rows = res
        .indicators
        .iter()
        .enumerate()
        .filter_map(|(j, id)| {
            let def = fw.indicator(id)?;
            let dir = match (def.direction, zh) {
                (Direction::Benefit, true) => "正向",
                (Direction::Benefit, false) => "benefit",
                (Direction::Cost, true) => "负向",
                (Direction::Cost, false) => "cost",
            };
            Some(vec![
                fw.label_or_id(&def.dimension, tag).to_owned(),
                def.labels.get(tag).to_owned(),
                def.id.clone(),
                dir.to_owned(),
                def.unit.get(tag).to_owned(),
                def.source.clone(),
                effective
                    .and_then(|w| w.get(j))
                    .map_or("–".to_owned(), |w| format!("{w:.4}")),
            ])
        })
        .collect();
    b.push(Block::Table(Table {
        title: String::new(),
        headers,
        rows,
    }));
    // methods
    b.push(Block::Heading(
        2,
        if zh { "方法" } else { "Methods" }.to_owned(),
    ));
    b.push(Block::Para(if zh {
        format!(
            "综合指数按经合组织与欧盟联合研究中心《构建综合指标手册》(2008)及 COINr 的步骤构建:{} 个单位、{} 个指标、{} 个维度,依次执行下表 {} 个步骤(参数含默认值,均为实际运行所用)。TOPSIS 按 Hwang 与 Yoon (1981);障碍度 = 指标权重 × 偏离度 / 各指标之和。",
            res.units.len(),
            res.indicators.len(),
            res.dimensions.len(),
            r.pipeline.steps.len()
        )
    } else {
        format!(
            "The composite index follows the steps of the OECD/JRC Handbook on Constructing Composite Indicators (2008) and COINr: {} units, {} indicators, {} dimensions, the {} steps below run in order with the parameters shown (defaults filled in, as run). TOPSIS after Hwang and Yoon (1981); obstacle degree = indicator weight × deviation / its sum over the indicators.",
            res.units.len(),
            res.indicators.len(),
            res.dimensions.len(),
            r.pipeline.steps.len()
        )
    }));
    let rows = r
        .pipeline
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| {
            vec![
                i.to_string(),
                step_name(s, lang).to_owned(),
                s.name().to_owned(),
                parameters(s),
            ]
        })
        .collect();
    b.push(Block::Table(Table {
        title: String::new(),
        headers: if zh {
            vec!["步骤", "方法", "名称", "参数"]
        } else {
            vec!["Step", "Method", "Name", "Parameters"]
        }
        .into_iter()
        .map(str::to_owned)
        .collect(),
        rows,
    }));
    b.push(Block::Para(crate::text::indicators::banding_sentence(
        r, fw, lang,
    )));
    // results
    b.push(Block::Heading(
        2,
        if zh { "结果" } else { "Results" }.to_owned(),
    ));
    for t in crate::text::indicators::tables(r, fw, lang) {
        b.push(Block::Heading(3, t.title.clone()));
        b.push(Block::Table(Table {
            title: String::new(),
            ..t
        }));
    }
    b
}

fn doc(r: &FrameworkIndicatorResult, fw: &Framework, options: &ReportOptions) -> Doc {
    Doc {
        title: options
            .title
            .clone()
            .unwrap_or_else(|| TITLE.get(options.lang).to_owned()),
        lang: options.lang,
        blocks: blocks(r, fw, options.lang),
    }
}

/// The HTML report of a framework-driven indicator run: the indicator system with each
/// indicator's weight in the index, the methods (every step with its parameters, the banding
/// rule), and the ranking, dimension-level and obstacle tables.
///
/// ```
/// use renxing::composite::assess_with_framework;
/// use renxing::report::{html_indicator_report, ReportOptions};
/// use renxing::{Framework, Lang};
/// let fw = Framework::from_toml(include_str!("../../../../examples/indicators/framework.toml"))?;
/// let data = renxing::table::read_indicator_csv(
///     include_str!("../../../../examples/indicators/communities.csv"))?;
/// let r = assess_with_framework(&fw, data, None)?;
/// let html = html_indicator_report(&r, &fw, &ReportOptions::new(Lang::En));
/// assert!(html.contains("<h2>Methods</h2>"));
/// assert!(html.contains("method = &quot;min_max&quot;") || html.contains("method = \"min_max\""));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn html_indicator_report(
    r: &FrameworkIndicatorResult,
    fw: &Framework,
    options: &ReportOptions,
) -> String {
    html::render_with(Some(fw), &doc(r, fw, options))
}

/// The Markdown report of [`html_indicator_report`].
#[must_use]
pub fn markdown_indicator_report(
    r: &FrameworkIndicatorResult,
    fw: &Framework,
    options: &ReportOptions,
) -> MarkdownReport {
    markdown::render_with(Some(fw), &doc(r, fw, options), &options.chart_prefix)
}

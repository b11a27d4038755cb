//! The report of a framework-driven indicator run (issue 10): the indicator system (指标体系),
//! a methods section stating every step of the pipeline with all its parameters (defaults
//! filled in) and the banding rule, then the ranking, dimension levels and obstacle tables.

use super::doc::{Block, Doc};
use super::{html, markdown, MarkdownReport, ReportOptions};
use crate::composite::{BandingRule, Direction, FrameworkIndicatorResult, Pipeline, Step};
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

/// A step's parameters as `key = value` pairs (compact JSON values), the step tag left out; in
/// Chinese every key and every known value in words (level ids as the framework's labels).
fn parameters(step: &Step, fw: &Framework, lang: Lang) -> String {
    match serde_json::to_value(step) {
        Ok(serde_json::Value::Object(m)) => m
            .iter()
            .filter(|(k, _)| k.as_str() != "step")
            .map(|(k, v)| match lang {
                Lang::En => format!("{k} = {v}"),
                Lang::Zh => format!("{} = {}", zh_key(k), zh_value(v, fw)),
            })
            .collect::<Vec<_>>()
            .join(match lang {
                Lang::En => "; ",
                Lang::Zh => ";",
            }),
        _ => String::new(),
    }
}

/// A parameter's name in Chinese (the name itself when unknown).
fn zh_key(k: &str) -> String {
    match k {
        "unit_threshold" => "单位可用率阈值",
        "indicator_threshold" => "指标可用率阈值",
        "zero_threshold" => "零值比例阈值",
        "action" => "未通过时",
        "method" => "方法",
        "by" => "分组列",
        "fallback_overall" => "组内全缺时用总体值",
        "max_listed" => "最多列出的缺失格",
        "skew_threshold" => "偏度阈值",
        "kurtosis_threshold" => "峰度阈值",
        "winmax" => "最多缩尾点数",
        "log" => "对数变换",
        "skip" => "不处理的指标",
        "range" => "取值区间",
        "z_mean" => "z 分数均值",
        "z_sd" => "z 分数标准差",
        "cap" => "超出目标时封顶",
        "on_constant" => "常数列",
        "constant_value" => "常数列取值",
        "overrides" => "逐指标方法",
        "level" => "层级",
        "values" => "人工权重",
        "ahp" => "层次分析判断矩阵",
        "ahp_options" => "层次分析选项",
        "entropy_shift" => "熵权平移量",
        "subjective" => "主观权重",
        "objective" => "客观权重",
        "rule" => "组合规则",
        "alpha" => "主观权重占比 α",
        "dimension" => "维度聚合",
        "attribute" => "属性聚合",
        "overall" => "总指数聚合",
        "zero_rule" => "零值规则",
        "epsilon" => "平移量 ε",
        "missing" => "缺失值",
        "levels" => "等级",
        "thresholds" => "切分点",
        "targets" => "对象",
        "normalisation" => "归一化",
        "weights" => "权重",
        "top" => "列出前几位",
        "random_index" => "随机一致性指标表",
        "max_cr" => "一致性比率上限",
        "allow_inconsistent" => "允许不一致",
        "tolerance" => "收敛容差",
        "max_iter" => "最大迭代次数",
        "reciprocal_tolerance" => "互反容差",
        "p" => "幂次 p",
        other => other,
    }
    .to_owned()
}

/// A parameter's value in Chinese: known method and option names in words, the framework's
/// level, dimension and indicator ids as their labels, booleans as 是/否.
fn zh_value(v: &serde_json::Value, fw: &Framework) -> String {
    use serde_json::Value;
    match v {
        Value::Null => "无".to_owned(),
        Value::Bool(true) => "是".to_owned(),
        Value::Bool(false) => "否".to_owned(),
        Value::Number(n) => n.as_f64().map_or_else(|| n.to_string(), |f| format!("{f}")),
        Value::String(s) => zh_word(s, fw),
        Value::Array(a) if a.is_empty() => "无".to_owned(),
        Value::Object(m) if m.is_empty() => "无".to_owned(),
        Value::Array(a) => format!(
            "[{}]",
            a.iter()
                .map(|x| zh_value(x, fw))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Value::Object(m) => {
            // an aggregation method: {"method": "power", "p": 2} → 幂平均(幂次 p = 2)
            let rest: Vec<String> = m
                .iter()
                .filter(|(k, _)| k.as_str() != "method")
                .map(|(k, x)| format!("{} = {}", zh_key(k), zh_value(x, fw)))
                .collect();
            match (m.get("method"), rest.is_empty()) {
                (Some(x), true) => zh_value(x, fw),
                (Some(x), false) => format!("{}({})", zh_value(x, fw), rest.join(",")),
                (None, _) => format!("{{{}}}", rest.join(",")),
            }
        }
    }
}

fn zh_word(s: &str, fw: &Framework) -> String {
    let w = match s {
        "flag" => "仅标记",
        "exclude" => "剔除",
        "none" => "无",
        "mean" => "均值",
        "median" => "中位数",
        "group_mean" => "组内均值",
        "group_median" => "组内中位数",
        "log_ct" => "ln(x − 最小值 + 0.01 × 极差)",
        "log_ct_orig" => "ln(x − 最小值 + 1)",
        "min_max" => "最小–最大值标准化",
        "z_score" => "z 分数",
        "rank" => "排序",
        "percentile_rank" => "百分位排序",
        "distance_to_max" => "与最大值之比",
        "goalposts" => "目标区间",
        "target" => "目标值",
        "error" => "报错",
        "value" => "取指定值",
        "indicator" => "指标",
        "dimension" => "维度",
        "attribute" => "属性",
        "overall" => "总指数",
        "topsis" => "TOPSIS 贴近度",
        "equal" => "等权",
        "manual" => "人工赋权",
        "ahp" => "层次分析法",
        "entropy" => "熵权法",
        "critic" => "CRITIC 法",
        "std_dev" => "标准差法",
        "combined" => "组合赋权",
        "product" => "乘积合成",
        "linear" => "线性合成",
        "arithmetic" => "算术平均",
        "geometric" => "几何平均",
        "harmonic" => "调和平均",
        "power" => "幂平均",
        "minimum" => "最小值",
        "zero" => "取零",
        "shift" => "平移",
        "skip" => "跳过",
        "thresholds" => "阈值",
        "quantiles" => "分位数",
        "vector" => "向量归一化",
        "effective" => "总指数中的综合权重",
        "eigenvector" => "特征向量法",
        "geometric_mean" => "几何平均法",
        "saaty" | "saaty1980" => "Saaty(1980)",
        "saaty2005" => "Saaty(2005)",
        "donegan_dodd1991" => "Donegan 与 Dodd(1991)",
        "alonso_lamata2006" => "Alonso 与 Lamata(2006)",
        other => {
            if let Some(l) = fw.levels.iter().find(|l| l.id == other) {
                return l.labels.get("zh").to_owned();
            }
            if let Some(i) = fw.indicator(other) {
                return i.labels.get("zh").to_owned();
            }
            return fw.label_or_id(other, "zh").to_owned();
        }
    };
    w.to_owned()
}

/// The methods section of an indicator run: a paragraph naming the sources and the size of the
/// run, every step with its parameters (defaults filled in, as run) and the banding rule in
/// words. Used by the indicator report and by the general report of an assessment made from
/// indicators (its `metadata.indicator_run`).
pub(crate) fn methods_blocks(
    pipeline: &Pipeline,
    banding: &BandingRule,
    (units, indicators, dimensions): (usize, usize, usize),
    fw: &Framework,
    lang: Lang,
) -> Vec<Block> {
    let zh = lang == Lang::Zh;
    let mut b = vec![Block::Heading(
        2,
        if zh { "方法" } else { "Methods" }.to_owned(),
    )];
    b.push(Block::Para(if zh {
        format!(
            "综合指数按经合组织与欧盟联合研究中心《构建综合指标手册》(2008)及 COINr 的步骤构建:{units} 个单位、{indicators} 个指标、{dimensions} 个维度,依次执行下表 {} 个步骤(参数含默认值,均为实际运行所用)。TOPSIS 按 Hwang 与 Yoon (1981);障碍度 = 指标权重 × 偏离度 / 各指标之和。",
            pipeline.steps.len()
        )
    } else {
        format!(
            "The composite index follows the steps of the OECD/JRC Handbook on Constructing Composite Indicators (2008) and COINr: {units} units, {indicators} indicators, {dimensions} dimensions, the {} steps below run in order with the parameters shown (defaults filled in, as run). TOPSIS after Hwang and Yoon (1981); obstacle degree = indicator weight × deviation / its sum over the indicators.",
            pipeline.steps.len()
        )
    }));
    let rows = pipeline
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mut row = vec![i.to_string(), step_name(s, lang).to_owned()];
            if !zh {
                row.push(s.name().to_owned());
            }
            row.push(parameters(s, fw, lang));
            row
        })
        .collect();
    b.push(Block::Table(Table {
        title: String::new(),
        headers: if zh {
            vec!["步骤", "方法", "参数"]
        } else {
            vec!["Step", "Method", "Name", "Parameters"]
        }
        .into_iter()
        .map(str::to_owned)
        .collect(),
        rows,
    }));
    b.push(Block::Para(crate::text::indicators::banding_sentence(
        banding, fw, lang,
    )));
    b
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
    b.extend(methods_blocks(
        &r.pipeline,
        &r.banding,
        (res.units.len(), res.indicators.len(), res.dimensions.len()),
        fw,
        lang,
    ));
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
    chart_blocks(&mut b, r, fw, lang);
    b
}

/// The charts (those the run has the steps for): contributions, obstacle degrees, rank table.
fn chart_blocks(b: &mut Vec<Block>, r: &FrameworkIndicatorResult, fw: &Framework, lang: Lang) {
    use crate::chart::{self, ChartOptions, ContributionParts};
    let zh = lang == Lang::Zh;
    let o = |p: &str| ChartOptions::new(lang).with_id_prefix(p);
    let mut charts = Vec::new();
    if let Ok(svg) =
        chart::indicator_contributions(r, fw, ContributionParts::Dimension, &o("rx-contrib"))
    {
        let c = if zh {
            "各单位综合得分的构成(指标权重 × 标准化值,按维度合计)"
        } else {
            "Contributions to the overall score (indicator weight × normalised value, per dimension)"
        };
        charts.push(Block::Chart("contributions", c.to_owned(), svg));
    }
    if let Ok(svg) = chart::indicator_obstacles(r, fw, &o("rx-obstacle")) {
        let c = if zh {
            "障碍度(按维度)与最大障碍因子"
        } else {
            "Obstacle degree by dimension and the largest obstacle"
        };
        charts.push(Block::Chart("obstacles", c.to_owned(), svg));
    }
    if let Ok(svg) = chart::indicator_rank_table(r, fw, &o("rx-ranks")) {
        let c = if zh { "排名表" } else { "Rank table" };
        charts.push(Block::Chart("ranks", c.to_owned(), svg));
    }
    if !charts.is_empty() {
        b.push(Block::Heading(
            2,
            if zh { "图表" } else { "Charts" }.to_owned(),
        ));
        b.extend(charts);
    }
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
/// let fw = Framework::from_toml(include_str!("../../data/indicators/framework.toml"))?;
/// let data = renxing::table::read_indicator_csv(
///     include_str!("../../data/indicators/communities.csv"))?;
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

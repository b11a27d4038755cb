//! Issue 10 on the presentation side: the charts of an indicator run (contributions, obstacle
//! degrees, rank table) with hand-computed bar lengths and labels; the methods section in the
//! general report of an assessment made from indicators; its diagnosis naming the top obstacles;
//! the Chinese methods table and notes.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use renxing::chart::{
    indicator_contributions, indicator_obstacles, indicator_rank_table, ChartOptions,
    ContributionParts,
};
use renxing::composite::{
    assess_with_framework, assess_with_framework_in, FrameworkIndicatorResult, IndicatorRun,
};
use renxing::report::{html_indicator_report, html_report, markdown_report, ReportOptions};
use renxing::text::{Renderer, Style};
use renxing::{diagnose, Framework, Lang};

fn parse(svg: &str) -> roxmltree::Document<'_> {
    match roxmltree::Document::parse(svg) {
        Ok(d) => d,
        Err(e) => panic!("not XML: {e}\n{svg}"),
    }
}

/// Two dimensions of one indicator each: `vol` (benefit) and `delay` (cost).
fn tiny() -> Framework {
    Framework::from_json(
        r#"{"schema_version": 2, "id": "tiny", "labels": {"en": "Tiny", "zh": "小"},
        "attributes": [{"id": "all", "labels": {"en": "All", "zh": "全部"}}],
        "dimensions": [
          {"id": "d1", "attribute": "all", "labels": {"en": "Volunteers", "zh": "志愿者"}},
          {"id": "d2", "attribute": "all", "labels": {"en": "Speed", "zh": "速度"}}],
        "indicators": [
          {"id": "vol", "dimension": "d1", "direction": "benefit",
           "unit": {"en": "per 1,000", "zh": "人/千人"}, "labels": {"en": "Volunteers", "zh": "志愿者人数"},
           "source": "survey"},
          {"id": "delay", "dimension": "d2", "direction": "cost",
           "unit": {"en": "hours", "zh": "小时"}, "labels": {"en": "Delay", "zh": "响应时长"},
           "source": "records"}]}"#,
    )
    .unwrap()
}

/// Min–max: vol a 100, b 0, c 50; delay (cost, max 10, min 2) a 0, b 100, c 75. Effective
/// weights ½, ½: overall a 50, b 50, c 62.5; ranks c 1, a 2, b 2 (ties share the rank).
fn tiny_run(lang: Lang) -> (Framework, FrameworkIndicatorResult) {
    let fw = tiny();
    let data =
        renxing::table::read_indicator_csv("unit,vol,delay\na,30,10\nb,10,2\nc,20,4\n").unwrap();
    let r = assess_with_framework_in(&fw, data, None, lang).unwrap();
    (fw, r)
}

fn example() -> (Framework, FrameworkIndicatorResult) {
    let fw = renxing::composite::example_framework().unwrap();
    let data = renxing::table::read_indicator_csv(renxing::composite::EXAMPLE_DATA_CSV).unwrap();
    let p = renxing::composite::example_pipeline().unwrap();
    let r = assess_with_framework(&fw, data, Some(p)).unwrap();
    (fw, r)
}

fn attr(node: roxmltree::Node<'_, '_>, name: &str) -> f64 {
    node.attribute(name).unwrap().parse().unwrap()
}

/// The x of the 0 and 100 grid lines.
fn axis(doc: &roxmltree::Document<'_>) -> (f64, f64) {
    let grid = doc
        .descendants()
        .find(|n| n.attribute("class") == Some("rx-grid"))
        .unwrap();
    let xs: Vec<f64> = grid
        .children()
        .filter(|n| n.has_tag_name("line"))
        .map(|n| attr(n, "x1"))
        .collect();
    (xs[0], xs[xs.len() - 1])
}

#[test]
fn contribution_bars_are_weight_times_normalised_value() {
    let (fw, r) = tiny_run(Lang::En);
    let svg = indicator_contributions(
        &r,
        &fw,
        ContributionParts::Dimension,
        &ChartOptions::new(Lang::En),
    )
    .unwrap();
    let doc = parse(&svg);
    let (x0, x100) = axis(&doc);
    let bars: Vec<(String, String, f64, f64, f64)> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("rx-contrib"))
        .map(|n| {
            (
                n.attribute("data-unit").unwrap().to_owned(),
                n.attribute("data-part").unwrap().to_owned(),
                attr(n, "data-value"),
                attr(n, "x"),
                attr(n, "width"),
            )
        })
        .collect();
    // rank order c, a, b; per dimension: c 25 + 37.5, a 50 + 0, b 0 + 50
    let expected = [
        ("c", "d1", 25.0),
        ("c", "d2", 37.5),
        ("a", "d1", 50.0),
        ("a", "d2", 0.0),
        ("b", "d1", 0.0),
        ("b", "d2", 50.0),
    ];
    assert_eq!(bars.len(), expected.len());
    let mut start = x0;
    for (i, ((u, d, v, x, w), (eu, ed, ev))) in bars.iter().zip(expected).enumerate() {
        assert_eq!((u.as_str(), d.as_str()), (eu, ed));
        assert!((v - ev).abs() < 1e-9, "{u} {d}: {v}");
        if i % 2 == 0 {
            start = x0;
        }
        // the segment starts where the previous one ended and is v/100 of the axis long
        assert!((x - start).abs() < 0.02, "{u} {d}: x {x} vs {start}");
        assert!(
            (w - (x100 - x0) * ev / 100.0).abs() < 0.02,
            "{u} {d}: width {w}"
        );
        start += w;
    }
    // totals at the bars' ends and in the rows
    let ends: Vec<String> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("rx-bar-end"))
        .map(|n| n.text().unwrap().to_owned())
        .collect();
    assert_eq!(ends, ["62.5", "50.0", "50.0"]);
    let totals: Vec<f64> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("rx-bar-row"))
        .map(|n| attr(n, "data-total"))
        .collect();
    assert_eq!(totals, [62.5, 50.0, 50.0]);
    // the legend names the dimensions
    assert!(svg.contains(">Volunteers</text>") && svg.contains(">Speed</text>"));
}

#[test]
fn indicator_parts_sum_to_the_overall_index_on_the_example() {
    let (fw, r) = example();
    let svg = indicator_contributions(
        &r,
        &fw,
        ContributionParts::Indicator,
        &ChartOptions::new(Lang::Zh),
    )
    .unwrap();
    let doc = parse(&svg);
    let overall = &r.result.aggregation().unwrap().overall;
    for row in doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("rx-bar-row"))
    {
        let u = row.attribute("data-unit").unwrap();
        let i = r.result.units.iter().position(|x| x == u).unwrap();
        let parts: Vec<f64> = row
            .children()
            .filter(|n| n.attribute("class") == Some("rx-contrib"))
            .map(|n| attr(n, "data-value"))
            .collect();
        assert_eq!(parts.len(), 16);
        // arithmetic aggregation throughout: Σ w_j x_j = overall (4-decimal attributes)
        assert!(
            (parts.iter().sum::<f64>() - overall[i]).abs() < 16.0 * 5e-5,
            "{u}"
        );
    }
    assert!(svg.contains("各单位综合得分的构成"));
}

#[test]
fn obstacle_bars_are_the_dimension_shares() {
    let (fw, r) = tiny_run(Lang::En);
    let svg = indicator_obstacles(&r, &fw, &ChartOptions::new(Lang::En)).unwrap();
    let doc = parse(&svg);
    let (x0, x100) = axis(&doc);
    let bars: Vec<(String, String, f64, f64)> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("rx-obstacle"))
        .map(|n| {
            (
                n.attribute("data-unit").unwrap().to_owned(),
                n.attribute("data-part").unwrap().to_owned(),
                attr(n, "data-value"),
                attr(n, "width"),
            )
        })
        .collect();
    // O = F·(1 − x') / Σ: c: vol ½·½, delay ½·¼ → ⅔, ⅓; a: delay only; b: vol only
    let expected = [
        ("c", "d1", 200.0 / 3.0),
        ("c", "d2", 100.0 / 3.0),
        ("a", "d1", 0.0),
        ("a", "d2", 100.0),
        ("b", "d1", 100.0),
        ("b", "d2", 0.0),
    ];
    for ((u, d, v, w), (eu, ed, ev)) in bars.iter().zip(expected) {
        assert_eq!((u.as_str(), d.as_str()), (eu, ed));
        assert!((v - ev).abs() < 1e-4, "{u} {d}: {v}");
        assert!((w - (x100 - x0) * ev / 100.0).abs() < 0.02, "{u} {d}: {w}");
    }
    let ends: Vec<String> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("rx-bar-end"))
        .map(|n| n.text().unwrap().to_owned())
        .collect();
    assert_eq!(
        ends,
        ["Volunteers 66.7%", "Delay 100.0%", "Volunteers 100.0%"]
    );
    assert!(svg.contains(">100%</text>"), "{svg}");
}

#[test]
fn rank_table_rows_are_hand_computed() {
    let (fw, r) = tiny_run(Lang::Zh);
    let svg = indicator_rank_table(&r, &fw, &ChartOptions::new(Lang::Zh)).unwrap();
    let doc = parse(&svg);
    let rows: Vec<Vec<String>> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("rx-rank-row"))
        .map(|n| {
            [
                "data-unit",
                "data-rank",
                "data-score",
                "data-level",
                "data-closeness",
            ]
            .iter()
            .map(|a| n.attribute(*a).unwrap().to_owned())
            .collect()
        })
        .collect();
    // TOPSIS (vector normalisation, weights ½, ½) on the normalised table
    // vol [100, 0, 50] → /111.803; delay [0, 100, 75] → /125; ideal (0.4472, 0.4), anti (0, 0):
    // c: D+ = √(0.2236² + 0.1²) = 0.24495, D− = √(0.2236² + 0.3²) = 0.37417 → 0.6044
    // a: D+ = 0.4, D− = 0.4472 → 0.5279; b: D+ = 0.4472, D− = 0.4 → 0.4721
    assert_eq!(
        rows,
        [
            ["c", "1", "62.50", "medium", "0.6044"],
            ["a", "2", "50.00", "medium", "0.5279"],
            ["b", "2", "50.00", "medium", "0.4721"],
        ]
    );
    assert!(svg.contains(">排名表</text>"));
    assert!(svg.contains(">中</text>"));
}

#[test]
fn every_indicator_chart_is_valid_svg_with_title_and_desc() {
    let (fw, r) = example();
    for lang in Lang::ALL {
        let o = ChartOptions::new(lang).with_id_prefix("t");
        for svg in [
            indicator_contributions(&r, &fw, ContributionParts::Dimension, &o).unwrap(),
            indicator_contributions(&r, &fw, ContributionParts::Indicator, &o).unwrap(),
            indicator_obstacles(&r, &fw, &o).unwrap(),
            indicator_rank_table(&r, &fw, &o).unwrap(),
        ] {
            let doc = parse(&svg);
            let root = doc.root_element();
            assert_eq!(root.attribute("role"), Some("img"));
            assert!(root.children().any(|n| n.has_tag_name("title")));
            assert!(root.children().any(|n| n.has_tag_name("desc")));
        }
    }
    // a width below the minimum is refused
    let mut o = ChartOptions::new(Lang::En);
    o.width = Some(10);
    assert!(indicator_rank_table(&r, &fw, &o).is_err());
}

#[test]
fn indicator_report_shows_the_charts() {
    let (fw, r) = example();
    let html = html_indicator_report(&r, &fw, &ReportOptions::new(Lang::En));
    assert!(html.contains("<h2>Charts</h2>"));
    assert!(html.contains("rx-contrib"));
    assert!(html.contains("rx-obstacle"));
    assert!(html.contains("rx-rank-row"));
}

#[test]
fn the_general_report_of_an_indicator_assessment_has_the_methods_section() {
    let (fw, r) = example();
    let a = &r.assessments[0];
    let run = IndicatorRun::of(a).unwrap();
    assert_eq!(run.pipeline, r.pipeline);
    assert_eq!(run.banding, r.banding);
    assert_eq!((run.units, run.indicators, run.dimensions), (6, 16, 8));
    let d = diagnose(a, &fw).unwrap();
    let html = html_report(&fw, a, &d, &ReportOptions::new(Lang::En)).unwrap();
    assert!(html.contains("<h2>Methods</h2>"));
    // every step of the pipeline, with its parameters (the same rows as the indicator report)
    for s in &r.pipeline.steps {
        assert!(
            html.contains(&format!("<td>{}</td>", s.name())),
            "{}",
            s.name()
        );
    }
    assert!(html.contains("method = &quot;entropy&quot;"));
    assert!(html.contains("Banding: step 5, thresholds, levels Low &lt; Medium &lt; High"));
    let md = markdown_report(&fw, a, &d, &ReportOptions::new(Lang::Zh)).unwrap();
    assert!(md.markdown.contains("## 方法"));
    assert!(md.markdown.contains("熵权法"));
    // the same section as the indicator report's
    let ind = html_indicator_report(&r, &fw, &ReportOptions::new(Lang::En));
    let section = |h: &str| {
        let i = h.find("<h2>Methods</h2>").unwrap();
        let end = "(a value at or above a cut is in the level above)</p>";
        let k = i + h[i..].find(end).unwrap() + end.len();
        h[i..k].to_owned()
    };
    assert_eq!(section(&html), section(&ind));
    // a coded assessment has none
    let b = renxing::case("b").unwrap();
    let d = diagnose(&b, Framework::paper()).unwrap();
    let html = html_report(Framework::paper(), &b, &d, &ReportOptions::new(Lang::En)).unwrap();
    assert!(!html.contains("<h2>Methods</h2>"));
}

#[test]
fn the_diagnosis_names_the_top_obstacles() {
    let (fw, r) = tiny_run(Lang::Zh);
    // c: vol ⅔, delay ⅓
    let c = &r.assessments[2];
    let d = diagnose(c, &fw).unwrap();
    assert_eq!(d.obstacles.len(), 2);
    assert_eq!(d.obstacles[0].indicator, "vol");
    assert_eq!(d.obstacles[0].dimension, "d1");
    assert!((d.obstacles[0].degree - 2.0 / 3.0).abs() < 1e-12);
    assert_eq!(d.obstacles[1].indicator, "delay");
    assert!((d.obstacles[1].degree - 1.0 / 3.0).abs() < 1e-12);
    // in the JSON, and rendered in text and reports in both languages
    let v = serde_json::to_value(&d).unwrap();
    assert_eq!(v["obstacles"][0]["indicator"], "vol");
    let zh = Renderer::new(&fw, Lang::Zh, Style::Plain).diagnosis(&d, None);
    assert!(zh.contains("主要障碍因子(由指标得出)"), "{zh}");
    assert!(zh.contains("志愿者人数") && zh.contains("66.7%"), "{zh}");
    let en = Renderer::new(&fw, Lang::En, Style::Plain).diagnosis(&d, None);
    assert!(en.contains("Top obstacles (from indicators)"));
    assert!(en.contains("Volunteers") && en.contains("33.3%"), "{en}");
    let html = html_report(&fw, c, &d, &ReportOptions::new(Lang::Zh)).unwrap();
    assert!(html.contains("主要障碍因子(由指标得出)"));
    assert!(
        html.contains("<td>响应时长</td><td>速度</td><td>33.3%</td>"),
        "{html}"
    );
    // a coded assessment's diagnosis has none, and leaves the field out
    let b = renxing::case("b").unwrap();
    let d = diagnose(&b, Framework::paper()).unwrap();
    assert!(d.obstacles.is_empty());
    assert!(serde_json::to_value(&d).unwrap().get("obstacles").is_none());
}

#[test]
fn chinese_methods_table_and_notes_are_chinese() {
    let (fw, r) = example();
    let html = html_indicator_report(&r, &fw, &ReportOptions::new(Lang::Zh));
    let i = html.find("<h2>方法</h2>").unwrap();
    let j = i + html[i..].find("<h2>结果</h2>").unwrap();
    let methods = &html[i..j];
    assert!(
        methods.contains(
            "<th scope=\"col\">步骤</th><th scope=\"col\">方法</th><th scope=\"col\">参数</th>"
        ),
        "{methods}"
    );
    for zh in [
        "缺失值插补",
        "方法 = 均值",
        "方法 = 最小–最大值标准化",
        "取值区间 = [0, 100]",
        "层级 = 指标",
        "方法 = 熵权法",
        "维度聚合 = 算术平均",
        "等级 = [低, 中, 高]",
        "归一化 = 向量归一化",
        "列出前几位 = 3",
        "单位可用率阈值 = 0.66",
        "未通过时 = 仅标记",
    ] {
        assert!(methods.contains(zh), "{zh} not in {methods}");
    }
    // no English word in the Chinese methods section's table (method and author names — TOPSIS,
    // CRITIC, Saaty — and the formulas' x, ln, z, p excepted)
    let t0 = methods.find("<table").unwrap();
    let t1 = methods.find("</table>").unwrap();
    let table = &methods[t0..t1];
    let text: String = {
        let mut out = String::new();
        let mut inside = false;
        for ch in table.chars() {
            match ch {
                '<' => inside = true,
                '>' => {
                    inside = false;
                    out.push(' ');
                }
                c if !inside => out.push(c),
                _ => {}
            }
        }
        out
    };
    for word in text.split(|c: char| !c.is_ascii_alphabetic()) {
        assert!(
            word.is_empty() || ["TOPSIS", "x", "ln", "z", "p", "CRITIC", "Saaty"].contains(&word),
            "English {word:?} in the zh methods table: {text}"
        );
    }
    // the generated assessments' notes and evidence in Chinese
    let (_, r) = tiny_run(Lang::Zh);
    let rating = r.assessments[2].ratings["d2"].as_ref().unwrap();
    assert_eq!(
        rating.note.as_deref(),
        Some("由指标得出:维度得分 75.0000 → 高(流程第 3 步分级,切分点 [33.333333333333336, 66.66666666666667])")
    );
    assert_eq!(rating.evidence[0].note.as_deref(), Some("响应时长:4 小时"));
    let (_, r) = tiny_run(Lang::En);
    let rating = r.assessments[2].ratings["d2"].as_ref().unwrap();
    assert_eq!(
        rating.evidence[0].note.as_deref(),
        Some("delay = 4 (hours)")
    );
    assert!(rating
        .note
        .as_deref()
        .unwrap()
        .starts_with("indicators: dimension value 75.0000 → high (pipeline step 3"));
}

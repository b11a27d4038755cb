//! Reports: content (levels, charts, evidence, deficits, remedies with sources, 表2 row,
//! nearest case), self-containment (no script, no external URL), escaping, both languages,
//! Markdown chart files, errors.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use renxing::chart::ChartError;
use renxing::report::{
    html_comparison_report, html_report, markdown_comparison_report, markdown_report, ReportOptions,
};
use renxing::{case, cases, compare, diagnose, Framework, Lang};

/// Every inline `<svg>…</svg>` of a page, each parsed as XML.
fn svgs(html: &str) -> usize {
    let mut n = 0;
    let mut rest = html;
    while let Some(start) = rest.find("<svg") {
        let end = rest[start..].find("</svg>").unwrap() + start + "</svg>".len();
        roxmltree::Document::parse(&rest[start..end]).unwrap();
        n += 1;
        rest = &rest[end..];
    }
    n
}

/// No script and no URL other than the SVG namespace.
fn self_contained(html: &str) {
    assert!(!html.to_ascii_lowercase().contains("<script"));
    let stripped = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
    assert!(!stripped.contains("http:") && !stripped.contains("https:"));
    assert!(!stripped.contains("src=") && !stripped.contains("url(http"));
    assert!(!stripped.contains("@import"));
}

#[test]
fn html_report_of_case_b() {
    let fw = Framework::paper();
    let b = case("b").unwrap();
    let d = diagnose(&b, fw).unwrap();
    let html = html_report(fw, &b, &d, &ReportOptions::new(Lang::Zh)).unwrap();
    self_contained(&html);
    assert_eq!(svgs(&html), 2); // radar + bars
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"zh-Hans\">"));
    for want in [
        "<title>B社区 · Community B · 社区韧性评估报告</title>",
        // levels table: resource linkage low (shaded class lv1)
        "<td>资源链接</td><td>稳健性</td><td class=\"lv1\">低</td><td>0.0</td>",
        // evidence quote with its source
        "与居民的连通性一般,居民参与不足",
        "000_ebdaebbf0bcb582b.txt, 三(二) 政府主导型",
        // deficits and remedies with their sources as citations (issue 13)
        "<caption>属性不足</caption>",
        "构建社区应急韧性治理体系. 中国社会科学报, 2022-12-08.",
        // case B is assessed in the response phase: the plan of the phase ahead, who acts
        "<h2>下一阶段:做什么、由谁做:恢复</h2>",
        "<td>社会工作者</td>",
        // the top remedies (those for the phase ahead first), cited by the seed's authors (or
        // venue) and year, the full references below
        "<td>彭建军, 谭静(2022)</td>",
        "<td>中国社会工作杂志(2020)</td>",
        "来源文献:",
        // the mode's 表2 row, only that one
        "行政依赖性强",
        // nearest case
        "<h2>最接近的参考案例</h2>",
    ] {
        assert!(html.contains(want), "missing {want:?}");
    }
    assert!(!html.contains("组织散漫"), "another mode's row leaked in");
    assert!(
        !html.contains("001_f8ce86e00c3dc2df.txt"),
        "a remedy's file name shown instead of its citation"
    );
    // The radar overlays the nearest other case (A or C) beside B.
    let other = d
        .case_distances
        .iter()
        .find(|c| c.case != "case-b")
        .unwrap();
    assert!(html.contains(&format!("<title>{}</title>", other.name)));
    // Deterministic.
    assert_eq!(
        html,
        html_report(fw, &b, &d, &ReportOptions::new(Lang::Zh)).unwrap()
    );
}

#[test]
fn english_markdown_report_with_chart_files() {
    let fw = Framework::paper();
    let a = case("a").unwrap();
    let d = diagnose(&a, fw).unwrap();
    let mut o = ReportOptions::new(Lang::En);
    o.chart_prefix = "../case a".to_owned();
    let md = markdown_report(fw, &a, &d, &o).unwrap();
    let names: Vec<&str> = md.charts.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["casea-radar.svg", "casea-bars.svg"]);
    for c in &md.charts {
        roxmltree::Document::parse(&c.svg).unwrap();
        assert!(md.markdown.contains(&format!("]({})", c.name)));
    }
    for want in [
        "# A社区 · Community A · Community resilience report\n",
        "## Remedies\n",
        "## Deficits\n",
        "## Mode (Table 2)\n",
        "Blurred matching of powers and responsibilities",
        "> A社区常常出现“吹哨不报道”的情况",
        "| Needs met | Robustness | Low | 0.0 | level |",
    ] {
        assert!(
            md.markdown.contains(want),
            "missing {want:?}\n{}",
            md.markdown
        );
    }
}

#[test]
fn hostile_names_stay_text() {
    let fw = Framework::paper();
    let mut a = case("c").unwrap();
    a.name = "<script>alert(1)</script>*x*|y".to_owned();
    let d = diagnose(&a, fw).unwrap();
    let html = html_report(fw, &a, &d, &ReportOptions::new(Lang::En)).unwrap();
    self_contained(&html);
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;*x*|y"));
    svgs(&html);
    let md = markdown_report(fw, &a, &d, &ReportOptions::new(Lang::En)).unwrap();
    assert!(!md.markdown.contains("<script"));
    assert!(md
        .markdown
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;\\*x\\*\\|y"));
}

#[test]
fn comparison_reports() {
    let fw = Framework::paper();
    let cmp = compare(&cases(), fw).unwrap();
    let html = html_comparison_report(fw, &cmp, &ReportOptions::new(Lang::En)).unwrap();
    self_contained(&html);
    assert_eq!(svgs(&html), 2); // heat-table + radar
    assert!(html.contains("<h2>Ranking</h2>"));
    // Ranking order C, B, A in the ranking table.
    let c = html.find("<td>1</td><td>C社区").unwrap();
    let b = html.find("<td>2</td><td>B社区").unwrap();
    let a = html.find("<td>3</td><td>A社区").unwrap();
    assert!(c < b && b < a);
    let md = markdown_comparison_report(fw, &cmp, &ReportOptions::new(Lang::Zh)).unwrap();
    assert_eq!(
        md.charts
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>(),
        ["report-table.svg", "report-radar.svg"]
    );
    assert!(md.markdown.contains("## 各维度最佳与最弱"));
}

#[test]
fn mismatches_are_typed_errors() {
    let fw = Framework::paper();
    let a = case("a").unwrap();
    let b = case("b").unwrap();
    let d = diagnose(&b, fw).unwrap();
    let e = html_report(fw, &a, &d, &ReportOptions::default()).unwrap_err();
    assert_eq!(
        e,
        ChartError::AssessmentMismatch {
            expected: "case-a".to_owned(),
            found: "case-b".to_owned()
        }
    );
    assert_eq!(renxing::Error::from(e).code().as_str(), "chart_input");
}

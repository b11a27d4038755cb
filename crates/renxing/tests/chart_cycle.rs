//! The charts of the full cycle (issue 13): the timeline chart and the functionality-curve chart.
//! Structure (parsed as XML), escaping, both languages, the loss area drawn equal to the loss
//! area computed, and committed snapshots (`RENXING_UPDATE_SNAPSHOTS=1 cargo test -p renxing
//! --test chart_cycle` rewrites them; review the diff).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use renxing::chart::{curve_chart, timeline_chart, ChartError, ChartOptions};
use renxing::curve::{analyse, CurveOptions, Series};
use renxing::timeline::{timeline, Timeline};
use renxing::{case, Date, Framework, Lang, Phase};

fn snapshot(name: &str, svg: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(name);
    if std::env::var_os("RENXING_UPDATE_SNAPSHOTS").is_some_and(|v| v == "1") {
        std::fs::write(&path, svg).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; run RENXING_UPDATE_SNAPSHOTS=1 cargo test -p renxing --test chart_cycle",
            path.display()
        )
    });
    assert!(want == svg, "{name} differs from its snapshot");
}

/// Case A before the event, case B during, case C after: one community's history.
fn history(name: &str) -> Timeline {
    let mut pts = Vec::new();
    for (c, phase, date) in [
        ("a", Phase::Preparedness, "2020-01-10"),
        ("b", Phase::Response, "2020-02-15"),
        ("c", Phase::Recovery, "2020-06-01"),
    ] {
        let mut a = case(c).unwrap();
        a.id = "hepan".to_owned();
        a.name = name.to_owned();
        a.phase = Some(phase);
        a.date = date.parse::<Date>().ok();
        pts.push(a);
    }
    timeline(&pts, Framework::paper()).unwrap()
}

fn doc(svg: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("not XML: {e}\n{svg}"))
}

#[test]
fn timeline_chart_structure_phases_and_languages() {
    let tl = history("河畔社区");
    for lang in Lang::ALL {
        let svg = timeline_chart(Framework::paper(), &tl, &ChartOptions::new(lang)).unwrap();
        let d = doc(&svg);
        let class = |c: &str| {
            d.descendants()
                .filter(|n| n.attribute("class") == Some(c))
                .count()
        };
        assert_eq!(class("rx-dim"), 8, "one line per dimension");
        assert_eq!(class("rx-overall"), 1);
        let phases: Vec<&str> = d
            .descendants()
            .filter(|n| n.attribute("class") == Some("rx-phase"))
            .map(|n| n.attribute("data-phase").unwrap())
            .collect();
        assert_eq!(phases, ["preparedness", "response", "recovery"]);
        // The overall line passes through low, medium, high: its markers rise.
        let overall = d
            .descendants()
            .find(|n| n.attribute("class") == Some("rx-overall"))
            .unwrap();
        let ys: Vec<f64> = overall
            .children()
            .filter(|n| n.has_tag_name("circle"))
            .map(|n| n.attribute("cy").unwrap().parse().unwrap())
            .collect();
        assert_eq!(ys.len(), 3);
        assert!(ys[0] > ys[1] && ys[1] > ys[2], "{ys:?}");
        let words = match lang {
            Lang::Zh => ["河畔社区 · 时间线", "准备", "2020-06-01"],
            Lang::En => ["河畔社区 · Timeline", "Preparedness", "2020-06-01"],
        };
        for w in words {
            assert!(svg.contains(w), "{lang}: {w}");
        }
        snapshot(&format!("timeline-hepan.{lang}.svg"), &svg);
    }
    // scores: the y axis is 0–100
    let svg = timeline_chart(
        Framework::paper(),
        &tl,
        &ChartOptions {
            scores: true,
            ..ChartOptions::new(Lang::En)
        },
    )
    .unwrap();
    doc(&svg);
    assert!(svg.contains(">100</text>"));
}

#[test]
fn timeline_chart_escapes_names_and_refuses_bad_input() {
    let tl = history("<script>alert('x')</script> & \u{202E}evil");
    let svg = timeline_chart(Framework::paper(), &tl, &ChartOptions::new(Lang::Zh)).unwrap();
    doc(&svg);
    assert!(!svg.contains("<script>"));
    assert!(svg.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; \u{FFFD}evil"));
    let mut empty = tl.clone();
    empty.points.clear();
    assert!(matches!(
        timeline_chart(Framework::paper(), &empty, &ChartOptions::default()),
        Err(ChartError::Empty { .. })
    ));
    let mut bad = tl;
    bad.points[1].dimensions.pop();
    assert!(matches!(
        timeline_chart(Framework::paper(), &bad, &ChartOptions::default()),
        Err(ChartError::Shape { field, .. }) if field == "timeline.points[1].dimensions"
    ));
}

/// The area of a closed path of `M x y L x y … Z` commands (shoelace formula).
fn path_area(d: &str) -> f64 {
    let nums: Vec<f64> = d
        .split(['M', 'L', 'Z', ' '])
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().unwrap())
        .collect();
    let pts: Vec<(f64, f64)> = nums.chunks(2).map(|c| (c[0], c[1])).collect();
    let mut a = 0.0;
    for i in 0..pts.len() {
        let (x1, y1) = pts[i];
        let (x2, y2) = pts[(i + 1) % pts.len()];
        a += x1 * y2 - x2 * y1;
    }
    (a / 2.0).abs()
}

#[test]
fn curve_chart_draws_the_loss_area_that_is_computed() {
    // Crosses the baseline inside an interval (the triangle up to the crossing), bounces forward.
    let s = Series::new(
        vec![0.0, 10.0, 12.0, 20.0, 30.0, 40.0],
        vec![100.0, 100.0, 40.0, 70.0, 110.0, 104.0],
    );
    let r = analyse(&s, &CurveOptions::default()).unwrap();
    for lang in Lang::ALL {
        let svg = curve_chart(&s, &r, &ChartOptions::new(lang)).unwrap();
        let d = doc(&svg);
        let by_class = |c: &str| {
            d.descendants()
                .find(|n| n.attribute("class") == Some(c))
                .unwrap_or_else(|| panic!("{c}"))
        };
        // Plot scale from the baseline line and the axis: data → px.
        let base = by_class("rx-baseline");
        let (x1, x2): (f64, f64) = (
            base.attribute("x1").unwrap().parse().unwrap(),
            base.attribute("x2").unwrap().parse().unwrap(),
        );
        let px_per_t = (x2 - x1) / (40.0 - 0.0);
        let y_b: f64 = base.attribute("y1").unwrap().parse().unwrap();
        let axis = d
            .descendants()
            .find(|n| n.has_tag_name("path") && n.attribute("d").is_some_and(|p| p.contains('V')))
            .unwrap();
        let y_bottom: f64 = axis
            .attribute("d")
            .unwrap()
            .split(['V', 'H'])
            .nth(1)
            .unwrap()
            .parse()
            .unwrap();
        let px_per_q = (y_bottom - y_b) / r.baseline; // y axis starts at 0
        let drawn = path_area(by_class("rx-loss").attribute("d").unwrap()) / (px_per_t * px_per_q);
        // Coordinates are rounded to 0.01 px: a loose but real tolerance.
        assert!(
            (drawn - r.loss_area).abs() / r.loss_area < 0.01,
            "drawn {drawn} computed {}",
            r.loss_area
        );
        assert!(svg.contains(&format!("T_RE={}", r.time_to_recover.unwrap())));
        by_class("rx-recovered");
        by_class("rx-event");
        let words = match lang {
            Lang::Zh => ["功能曲线", "基线", "损失面积", "超越恢复"],
            Lang::En => [
                "Functionality curve",
                "Baseline",
                "Loss area",
                "bounce forward",
            ],
        };
        for w in words {
            assert!(svg.contains(w), "{lang}: {w}");
        }
        snapshot(&format!("curve-cross.{lang}.svg"), &svg);
    }
}

#[test]
fn curve_chart_not_recovered_and_bad_input() {
    let s = Series::new(vec![0.0, 1.0, 2.0, 5.0], vec![50.0, 50.0, 20.0, 30.0]);
    let r = analyse(&s, &CurveOptions::default()).unwrap();
    let svg = curve_chart(&s, &r, &ChartOptions::new(Lang::En)).unwrap();
    doc(&svg);
    assert!(svg.contains("not recovered within the horizon"));
    assert!(!svg.contains("rx-recovered"));
    let other = Series::new(vec![0.0, 1.0], vec![1.0, 1.0]);
    assert!(matches!(
        curve_chart(&other, &r, &ChartOptions::default()),
        Err(ChartError::Shape { field, .. }) if field == "report.samples"
    ));
    let broken = Series::new(vec![0.0, 0.0, 1.0, 2.0], vec![1.0, 1.0, 1.0, 1.0]);
    assert!(matches!(
        curve_chart(&broken, &r, &ChartOptions::default()),
        Err(ChartError::Shape { field, .. }) if field == "series"
    ));
}

#[test]
fn report_with_timeline_and_curve_sections() {
    use renxing::report::{html_report_with, markdown_report_with, ReportExtras, ReportOptions};
    let fw = Framework::paper();
    let tl = history("河畔社区 <b>");
    let mut last = case("c").unwrap();
    last.id = "hepan".to_owned();
    last.name = "河畔社区 <b>".to_owned();
    last.phase = Some(Phase::Recovery);
    let d = renxing::diagnose(&last, fw).unwrap();
    let s = Series::new(
        vec![0.0, 10.0, 11.0, 31.0, 40.0],
        vec![100.0, 100.0, 50.0, 100.0, 108.0],
    );
    let r = analyse(&s, &CurveOptions::default()).unwrap();
    let extras = ReportExtras {
        timeline: Some(&tl),
        curve: Some((&s, &r)),
    };
    let html = html_report_with(fw, &last, &d, &ReportOptions::new(Lang::Zh), &extras).unwrap();
    assert!(!html.contains("<script"));
    assert!(!html.contains("<b>"), "names are escaped");
    for w in [
        "<h2>时间线</h2>",
        "<h2>功能曲线</h2>",
        "class=\"rx-loss\"",
        "data-phase=\"response\"",
        "未评估的阶段:学习适应",
        "下一阶段:做什么、由谁做:学习适应",
        "超越恢复",
    ] {
        assert!(html.contains(w), "{w}");
    }
    // the first-to-last overall change, low → high, with its score delta
    let o = tl.first_to_last.as_ref().unwrap().overall().unwrap();
    assert_eq!(o.level_delta, Some(2));
    let row = format!(
        "低 (16.7) → 高 ({:.1})</td><td>改善</td><td>{:+.1}</td>",
        o.to.as_ref().unwrap().score,
        o.score_delta.unwrap()
    );
    assert!(html.contains(&row), "{row}");
    // the timeline section comes after the diagnosis' remedies
    assert!(html.find("<h2>时间线</h2>") > html.find("<h2>优化路径</h2>"));
    let md = markdown_report_with(fw, &last, &d, &ReportOptions::new(Lang::En), &extras).unwrap();
    let names: Vec<&str> = md.charts.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "report-radar.svg",
            "report-bars.svg",
            "report-timeline.svg",
            "report-curve.svg"
        ]
    );
    assert!(md.markdown.contains("## Timeline"));
    assert!(md.markdown.contains("## Functionality curve"));
    // without extras the report is the plain one
    let plain = html_report_with(
        fw,
        &last,
        &d,
        &ReportOptions::new(Lang::Zh),
        &ReportExtras::default(),
    )
    .unwrap();
    assert_eq!(
        plain,
        renxing::report::html_report(fw, &last, &d, &ReportOptions::new(Lang::Zh)).unwrap()
    );
}

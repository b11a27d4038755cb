//! Charts, report and indicator CSV of the uncertainty analysis (issue 11), on the student's 12
//! communities (`examples/uncertainty/robustness-12.json`).

#![allow(clippy::unwrap_used, clippy::panic)]

use renxing::chart::{rank_intervals, sobol_bars, ChartError, ChartOptions};
use renxing::composite::{Dataset, Pipeline};
use renxing::report::{html_uncertainty_report, markdown_uncertainty_report, ReportOptions};
use renxing::uncertainty::{
    sensitivity, uncertainty, SensitivityResult, SensitivitySpec, UncertaintyResult,
    UncertaintySpec,
};
use renxing::Lang;
use serde_json::Value;

fn example() -> (Dataset, Pipeline, UncertaintySpec) {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/uncertainty/robustness-12.json"
    );
    let v: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut spec: UncertaintySpec = serde_json::from_value(v["uncertainty"].clone()).unwrap();
    spec.runs = 400;
    (
        serde_json::from_value(v["data"].clone()).unwrap(),
        serde_json::from_value(v["pipeline"].clone()).unwrap(),
        spec,
    )
}

fn run() -> (UncertaintyResult, SensitivityResult) {
    let (d, p, spec) = example();
    let u = uncertainty(&p, &d, &spec).unwrap();
    let s = sensitivity(
        &p,
        &d,
        &SensitivitySpec {
            factors: spec.factors.clone(),
            n: 64,
            bootstrap: 50,
            seed: 3,
            ..SensitivitySpec::default()
        },
    )
    .unwrap();
    (u, s)
}

fn attr<'a>(tag: &'a str, name: &str) -> &'a str {
    let key = format!(" {name}=\"");
    let i = tag.find(&key).unwrap() + key.len();
    &tag[i..i + tag[i..].find('"').unwrap()]
}

fn fmt(v: f64) -> String {
    let s = format!("{v:.3}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

#[test]
fn rank_intervals_one_sorted_row_per_unit_with_its_numbers() {
    let (u, _) = run();
    assert_eq!(u.units.len(), 12);
    let svg = rank_intervals(&u, &ChartOptions::new(Lang::En)).unwrap();
    assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
    assert!(svg.contains("Rank intervals (5–95%)") && svg.contains("nominal rank"));
    let rows: Vec<&str> = svg
        .split("<g class=\"rx-unit\"")
        .skip(1)
        .map(|s| &s[..s.find('>').unwrap()])
        .collect();
    assert_eq!(rows.len(), 12);
    let mut last = 0.0;
    for r in &rows {
        let id = attr(r, "data-unit");
        let s = u.unit_stats.iter().find(|s| s.id == id).unwrap();
        assert_eq!(attr(r, "data-median"), fmt(s.rank.median));
        assert_eq!(attr(r, "data-p5"), fmt(s.rank.p5));
        assert_eq!(attr(r, "data-p95"), fmt(s.rank.p95));
        assert_eq!(attr(r, "data-nominal"), s.nominal_rank.to_string());
        assert!(s.rank.p5 <= s.rank.median && s.rank.median <= s.rank.p95);
        assert!(s.rank.median >= last, "rows sorted by median rank");
        last = s.rank.median;
    }
    // one band, one median dot and one nominal diamond per unit
    assert_eq!(svg.matches("class=\"rx-band\"").count(), 12);
    assert_eq!(svg.matches("class=\"rx-median\"").count(), 12);
    assert_eq!(svg.matches("class=\"rx-nominal\"").count(), 12);
    // the top unit never moves in this example: its band is rank 1 to 1
    assert_eq!(attr(rows[0], "data-unit"), "xiyuan");
    assert_eq!(attr(rows[0], "data-p95"), "1");
    let zh = rank_intervals(&u, &ChartOptions::new(Lang::Zh)).unwrap();
    assert!(zh.contains("排名区间") && zh.contains("名义排名"));
}

#[test]
fn names_are_escaped_and_sizes_checked() {
    let (mut u, _) = run();
    u.unit_stats[0].id = "<script>alert('x')</script>".into();
    let svg = rank_intervals(&u, &ChartOptions::new(Lang::En)).unwrap();
    assert!(!svg.contains("<script>"));
    assert!(svg.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
    let e = rank_intervals(&u, &ChartOptions::new(Lang::En).with_size(20, 400)).unwrap_err();
    assert!(matches!(e, ChartError::InvalidSize { field: "width", .. }));
    u.unit_stats.clear();
    assert!(matches!(
        rank_intervals(&u, &ChartOptions::new(Lang::En)),
        Err(ChartError::Empty { .. })
    ));
}

#[test]
fn sobol_bars_carry_the_indices_and_their_intervals() {
    let (_, s) = run();
    let ix = &s.mean_abs_rank_shift.indices;
    let svg = sobol_bars(&s, None, &ChartOptions::new(Lang::En)).unwrap();
    assert!(svg.contains("mean absolute rank shift"));
    let bars: Vec<&str> = svg
        .split("<rect class=\"rx-sobol ")
        .skip(1)
        .map(|b| &b[..b.find('>').unwrap()])
        .collect();
    assert_eq!(bars.len(), 2 * s.factors.len());
    for (i, f) in s.factors.iter().enumerate() {
        assert!(svg.contains(&format!("data-factor=\"{}\"", f.label)));
        let (first, total) = (bars[2 * i], bars[2 * i + 1]);
        assert!(first.starts_with("rx-first-order") && total.starts_with("rx-total"));
        assert_eq!(attr(first, "data-value"), fmt(ix.first_order[i]));
        assert_eq!(attr(total, "data-value"), fmt(ix.total[i]));
        assert_eq!(attr(first, "data-lo"), fmt(ix.first_order_ci[i][0]));
        assert_eq!(attr(total, "data-hi"), fmt(ix.total_ci[i][1]));
    }
    assert_eq!(svg.matches("class=\"rx-ci\"").count(), 2 * s.factors.len());
    // a unit's rank as the output; an unknown output is an error naming it
    let one = sobol_bars(&s, Some("shuian"), &ChartOptions::new(Lang::Zh)).unwrap();
    assert!(one.contains("shuian的排名") && one.contains("总指数"));
    match sobol_bars(&s, Some("nowhere"), &ChartOptions::new(Lang::En)) {
        Err(ChartError::Shape { field, found, .. }) => {
            assert_eq!(field, "output");
            assert_eq!(found, "nowhere");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn most_influential_is_the_largest_total_index() {
    let (_, s) = run();
    let top = s.most_influential().unwrap();
    let ix = &s.mean_abs_rank_shift.indices;
    let max = ix.total.iter().cloned().fold(f64::MIN, f64::max);
    assert_eq!(top.total, max);
    assert_eq!(s.factors[top.index].label, top.factor);
    let order = s.influence();
    assert!(order.windows(2).all(|w| w[0].total >= w[1].total));
    // weight noise of ±25% moves the ranks less than the choice of aggregation
    let w = order.iter().find(|f| f.kind == "weight_noise").unwrap();
    let a = order.iter().find(|f| f.kind == "aggregation").unwrap();
    assert!(a.total > w.total);
}

#[test]
fn report_section_in_both_languages() {
    let (u, s) = run();
    let html = html_uncertainty_report(&u, Some(&s), &ReportOptions::new(Lang::En)).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && !html.contains("<script"));
    for h in [
        "<h2>Uncertainty and sensitivity</h2>",
        "<h3>How sure is each rank and level</h3>",
        "<h3>Which choice matters most (Sobol indices)</h3>",
        "<h3>One choice at a time</h3>",
        "The choice that matters most: ",
        "P(level) high",
    ] {
        assert!(html.contains(h), "{h}");
    }
    assert_eq!(html.matches("<svg").count(), 2);
    assert_eq!(html.matches("class=\"rx-unit\"").count(), 12);
    let md = markdown_uncertainty_report(&u, Some(&s), &ReportOptions::new(Lang::Zh)).unwrap();
    assert!(md.markdown.contains("## 不确定性与敏感性"));
    assert!(md.markdown.contains("影响最大的选择"));
    let names: Vec<&str> = md.charts.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["report-rank-intervals.svg", "report-sobol.svg"]);
    // without a sensitivity analysis: no Sobol part
    let only = html_uncertainty_report(&u, None, &ReportOptions::new(Lang::En)).unwrap();
    assert_eq!(only.matches("<svg").count(), 1);
    assert!(!only.contains("Sobol"));
}

#[test]
fn indicator_csv_reads_the_example_as_the_json_has_it() {
    let (d, _, _) = example();
    let csv = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/uncertainty/communities-12.csv"
    ))
    .unwrap();
    let read = renxing::table::read_indicator_csv(&csv).unwrap();
    assert_eq!(read.units, d.units);
    assert_eq!(read.indicators, d.indicators);
    assert_eq!(read.values, d.values);
    let e = renxing::table::read_indicator_csv("u,a/x\nu1,\"1,5\"\n").unwrap_err();
    assert_eq!(e.code().as_str(), "table_invalid");
    assert_eq!(e.report(Lang::En).path.unwrap().to_string(), "rows[0].a/x");
    let e = renxing::table::read_indicator_csv("u,a/x\nu1,1\nu1,2\n").unwrap_err();
    assert!(e.report(Lang::En).message.contains("u1"), "{e:?}");
    let e = renxing::table::read_indicator_csv("only\nu1\n").unwrap_err();
    assert_eq!(e.code().as_str(), "table_invalid");
}

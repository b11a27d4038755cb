//! Snapshot tests: the exact SVG of every chart for the reference cases (and one custom
//! framework) is committed under `tests/snapshots/`.
//!
//! After an intended change to the charts, regenerate and review the diff:
//!
//! ```text
//! RENXING_UPDATE_SNAPSHOTS=1 cargo test -p renxing --test chart_snapshots
//! git diff crates/renxing/tests/snapshots/
//! ```

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use renxing::chart::{attribute_bars, comparison_table, radar, ChartOptions, RadarSeries};
use renxing::{cases, compare, score, Framework, Lang};

fn check(name: &str, svg: &str) {
    roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{name}: not XML: {e}"));
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(name);
    if std::env::var_os("RENXING_UPDATE_SNAPSHOTS").is_some_and(|v| v == "1") {
        std::fs::write(&path, svg).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; run RENXING_UPDATE_SNAPSHOTS=1 cargo test -p renxing --test chart_snapshots",
            path.display()
        )
    });
    assert!(
        want == svg,
        "{name} differs from its snapshot; if intended, run \
         RENXING_UPDATE_SNAPSHOTS=1 cargo test -p renxing --test chart_snapshots and review the diff"
    );
}

#[test]
fn reference_case_charts() {
    let fw = Framework::paper();
    let cases = cases();
    let cards: Vec<_> = cases.iter().map(|c| score(c, fw).unwrap()).collect();
    for lang in Lang::ALL {
        let o = ChartOptions::new(lang);
        for (c, card) in cases.iter().zip(&cards) {
            let id = &c.id;
            let mut series = vec![RadarSeries::new(c.name.clone(), card.clone())];
            for (o2, card2) in cases.iter().zip(&cards) {
                if o2.id != *id {
                    series.push(RadarSeries::new(o2.name.clone(), card2.clone()));
                }
            }
            check(
                &format!("radar-{id}.{lang}.svg"),
                &radar(fw, &series, &o).unwrap(),
            );
            check(
                &format!("bars-{id}.{lang}.svg"),
                &attribute_bars(fw, card, &o).unwrap(),
            );
        }
        let cmp = compare(&cases, fw).unwrap();
        check(
            &format!("table-cases.{lang}.svg"),
            &comparison_table(fw, &cmp, &o).unwrap(),
        );
    }
}

#[test]
fn custom_framework_radar() {
    // Seed 003's grid: organisational, actor and technical resilience.
    let fw = Framework::from_json(
        r#"{"schema_version": 1, "id": "seed-003", "labels": {"zh": "组织-主体-技术", "en": "Organisation-actor-technology"},
            "attributes": [{"id": "resilience", "labels": {"zh": "韧性", "en": "Resilience"}}],
            "dimensions": [
              {"id": "organisational", "attribute": "resilience", "labels": {"zh": "组织韧性", "en": "Organisational"}},
              {"id": "actor", "attribute": "resilience", "labels": {"zh": "主体韧性", "en": "Actor"}},
              {"id": "technical", "attribute": "resilience", "labels": {"zh": "技术韧性", "en": "Technical"}}]}"#,
    )
    .unwrap();
    let mut a = renxing::Assessment::for_framework(&fw, "grid", "网格社区");
    a.rate_id("organisational", Some(renxing::Rating::level_id("high")));
    a.rate_id("actor", Some(renxing::Rating::level_id("medium")));
    a.rate_id("technical", renxing::Rating::score(20.0));
    let card = score(&a, &fw).unwrap();
    let o = ChartOptions::new(Lang::Zh);
    check(
        "radar-custom-3.zh.svg",
        &radar(&fw, &[RadarSeries::new(a.name.clone(), card.clone())], &o).unwrap(),
    );
    check(
        "bars-custom-3.en.svg",
        &attribute_bars(
            &fw,
            &card,
            &ChartOptions {
                scores: true,
                ..ChartOptions::new(Lang::En)
            },
        )
        .unwrap(),
    );
}

//! Charts: every SVG parses as XML, coordinates are where the formulas put them, hostile text is
//! escaped, custom frameworks of 3, 8 and 20 dimensions work, bad input gives typed errors.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use renxing::chart::{
    attribute_bars, comparison_table, radar, ChartError, ChartOptions, RadarSeries,
};
use renxing::{case, cases, compare, score, Assessment, Error, Framework, Lang, Rating};

fn parse(svg: &str) -> roxmltree::Document<'_> {
    match roxmltree::Document::parse(svg) {
        Ok(d) => d,
        Err(e) => panic!("not XML: {e}\n{svg}"),
    }
}

/// A framework with `n` dimensions `d0..` over ⌈n/3⌉ attributes, labelled in English only.
fn custom(n: usize) -> Framework {
    let attrs: Vec<String> = (0..n.div_ceil(3))
        .map(|a| format!(r#"{{"id": "a{a}", "labels": {{"en": "Attr {a}"}}}}"#))
        .collect();
    let dims: Vec<String> = (0..n)
        .map(|d| {
            format!(
                r#"{{"id": "d{d}", "attribute": "a{}", "labels": {{"en": "Dim {d}", "zh": "维度{d}"}}}}"#,
                d / 3
            )
        })
        .collect();
    let json = format!(
        r#"{{"schema_version": 1, "id": "custom-{n}", "labels": {{"en": "Custom"}},
            "attributes": [{}], "dimensions": [{}]}}"#,
        attrs.join(","),
        dims.join(",")
    );
    Framework::from_json(&json).unwrap()
}

fn rated(fw: &Framework, id: &str, levels: &[Option<&str>]) -> Assessment {
    let mut a = Assessment::for_framework(fw, id, id);
    for (d, l) in fw.dimensions.iter().zip(levels) {
        a.rate_id(d.id.clone(), l.map(Rating::level_id));
    }
    a
}

fn attr<'a>(doc: &'a roxmltree::Document<'_>, class: &str, name: &str) -> Vec<&'a str> {
    doc.descendants()
        .filter(|n| n.attribute("class") == Some(class))
        .filter_map(|n| n.attribute(name))
        .collect()
}

#[test]
fn radar_points_are_hand_computed() {
    // 4 axes (up, right, down, left), 400×400: legend one row (28 px), plot 44..368, labels
    // 1 char wide (7.8 px at 13 px): r = min((400 − 2·21.8)/2, (324 − 2·41.2)/2) = 120.8,
    // centre (200, 206). Level c of 3 lies at c/3 of the radius.
    let fw = {
        let json = r#"{"schema_version": 1, "id": "four", "labels": {"en": "Four"},
            "attributes": [{"id": "a", "labels": {"en": "A"}}],
            "dimensions": [
              {"id": "n", "attribute": "a", "labels": {"en": "N"}},
              {"id": "e", "attribute": "a", "labels": {"en": "E"}},
              {"id": "s", "attribute": "a", "labels": {"en": "S"}},
              {"id": "w", "attribute": "a", "labels": {"en": "W"}}]}"#;
        Framework::from_json(json).unwrap()
    };
    let a = rated(&fw, "x", &[Some("high"), Some("low"), Some("medium"), None]);
    let card = score(&a, &fw).unwrap();
    let opts = ChartOptions::new(Lang::En).with_size(400, 400);
    let svg = radar(&fw, &[RadarSeries::new("x", card)], &opts).unwrap();
    let doc = parse(&svg);
    let root = doc.root_element();
    assert_eq!(root.attribute("width"), Some("400.00"));
    assert_eq!(root.attribute("viewBox"), Some("0 0 400.00 400.00"));
    assert_eq!(
        attr(&doc, "rx-axis", "x2"),
        ["200.00", "320.80", "200.00", "79.20"]
    );
    assert_eq!(
        attr(&doc, "rx-axis", "y2"),
        ["85.20", "206.00", "326.80", "206.00"]
    );
    let series = doc
        .descendants()
        .find(|n| n.attribute("class") == Some("rx-series"))
        .unwrap();
    let polygon = series
        .children()
        .find(|n| n.has_tag_name("polygon"))
        .unwrap();
    assert_eq!(
        polygon.attribute("points"),
        Some("200.00,85.20 240.27,206.00 200.00,286.53 200.00,206.00")
    );
    // The unrated axis gets no marker (the fourth is the legend's).
    let markers: Vec<&str> = series
        .descendants()
        .filter(|n| n.attribute("class") == Some("rx-marker"))
        .filter_map(|n| n.attribute("cx"))
        .collect();
    assert_eq!(markers, ["200.00", "240.27", "200.00"]);
    // Rings at 1/3, 2/3, 3/3 of the radius: the top vertex of each.
    let rings = attr(&doc, "rx-ring", "points");
    assert_eq!(rings.len(), 3);
    assert!(rings[0].starts_with("200.00,165.73 "), "{}", rings[0]);
    assert!(rings[2].starts_with("200.00,85.20 "), "{}", rings[2]);
}

#[test]
fn bars_heights_are_hand_computed() {
    // Case B: robustness medium, redundancy medium, government high, residents medium.
    // 560×380 natural: plot from y = 52 to 380 − 30 − 28.8 − 8 = 313.2 (261.2 px); a level c
    // bar is c/3 of it: medium 174.13, high 261.2.
    let b = case("b").unwrap();
    let card = score(&b, Framework::paper()).unwrap();
    let svg = attribute_bars(Framework::paper(), &card, &ChartOptions::new(Lang::En)).unwrap();
    let doc = parse(&svg);
    assert_eq!(
        attr(&doc, "rx-bar", "data-key"),
        [
            "robustness",
            "redundancy",
            "connectivity.government_connectivity",
            "connectivity.resident_connectivity"
        ]
    );
    assert_eq!(
        attr(&doc, "rx-bar", "height"),
        ["174.13", "174.13", "261.20", "174.13"]
    );
    assert_eq!(
        attr(&doc, "rx-bar", "fill"),
        [
            "url(#rx-lv2)",
            "url(#rx-lv2)",
            "url(#rx-lv3)",
            "url(#rx-lv2)"
        ]
    );
    assert!(svg.contains(">Connectivity</tspan>") || svg.contains(">Connectivity with"));
}

#[test]
fn table_rows_follow_the_ranking_with_level_cells() {
    let cmp = compare(&cases(), Framework::paper()).unwrap();
    let svg = comparison_table(Framework::paper(), &cmp, &ChartOptions::new(Lang::Zh)).unwrap();
    let doc = parse(&svg);
    let rows: Vec<&str> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("rx-row"))
        .filter_map(|n| n.attribute("data-id"))
        .collect();
    assert_eq!(rows, ["case-c", "case-b", "case-a"]);
    // 3 rows × (8 dimensions + overall).
    let cells = attr(&doc, "rx-cell", "fill");
    assert_eq!(cells.len(), 27);
    // Case C: needs_met high … emergency_knowledge low (4th column).
    assert_eq!(cells[0], "url(#rx-lv3)");
    assert_eq!(cells[3], "url(#rx-lv1)");
    // Every level also has its label printed, not colour alone.
    let texts: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text().map(str::to_owned))
        .collect();
    // Low: A's 7 dimensions and overall, B's resource linkage, C's emergency knowledge, legend.
    assert_eq!(
        texts.iter().filter(|t| *t == "低").count(),
        7 + 1 + 1 + 1 + 1
    );
    assert!(texts.contains(&"排名".to_owned()));
}

#[test]
fn every_chart_has_title_desc_and_fonts() {
    let fw = Framework::paper();
    let card = score(&case("a").unwrap(), fw).unwrap();
    let cmp = compare(&cases(), fw).unwrap();
    for lang in Lang::ALL {
        let o = ChartOptions::new(lang);
        for svg in [
            radar(fw, &[RadarSeries::new("A", card.clone())], &o).unwrap(),
            attribute_bars(fw, &card, &o).unwrap(),
            comparison_table(fw, &cmp, &o).unwrap(),
        ] {
            let doc = parse(&svg);
            let root = doc.root_element();
            assert_eq!(root.attribute("role"), Some("img"));
            assert!(root
                .attribute("font-family")
                .unwrap()
                .contains("Noto Sans CJK SC"));
            let kids: Vec<&str> = root
                .children()
                .filter(|n| n.is_element())
                .map(|n| n.tag_name().name())
                .take(2)
                .collect();
            assert_eq!(kids, ["title", "desc"]);
        }
    }
}

#[test]
fn hostile_names_are_escaped() {
    let fw = Framework::paper();
    let evil = "<script>alert(\"x\")</script> & 'q' \u{0}]]>";
    let mut a = case("a").unwrap();
    a.name = evil.to_owned();
    // Markup in an id is refused by validation (issue 17: ids have a safe alphabet) ...
    let mut bad = a.clone();
    bad.id = "<id>".to_owned();
    assert!(score(&bad, fw).is_err());
    // ... and in names it is escaped.
    let card = score(&a, fw).unwrap();
    let cmp = compare(&[a.clone(), case("b").unwrap()], fw).unwrap();
    let o = ChartOptions::new(Lang::En)
        .with_title(evil)
        .with_id_prefix("\"><x");
    for svg in [
        radar(fw, &[RadarSeries::new(evil, card.clone())], &o).unwrap(),
        attribute_bars(fw, &card, &o).unwrap(),
        comparison_table(fw, &cmp, &o).unwrap(),
    ] {
        assert!(!svg.contains("<script"), "{svg}");
        assert!(!svg.contains("<id>"));
        assert!(!svg.contains("]]>"));
        let doc = parse(&svg);
        let title = doc
            .descendants()
            .find(|n| n.has_tag_name("title"))
            .and_then(|n| n.text())
            .unwrap();
        assert_eq!(title, "<script>alert(\"x\")</script> & 'q' \u{FFFD}]]>");
        // The id prefix keeps only safe characters.
        assert!(svg.contains("id=\"x-title\""));
    }
    // Hostile labels in a custom framework too.
    let json = r#"{"schema_version": 1, "id": "evil", "labels": {"en": "E"},
        "levels": [{"id": "lo", "labels": {"en": "<lo>"}}, {"id": "hi", "labels": {"en": "&hi"}}],
        "attributes": [{"id": "a", "labels": {"en": "<a href='x'>"}}],
        "dimensions": [
          {"id": "d1", "attribute": "a", "labels": {"en": "<b>"}},
          {"id": "d2", "attribute": "a", "labels": {"en": "</svg>"}},
          {"id": "d3", "attribute": "a", "labels": {"en": "\"q\""}}]}"#;
    let efw = Framework::from_json(json).unwrap();
    let ea = rated(&efw, "e", &[Some("lo"), Some("hi"), None]);
    let ecard = score(&ea, &efw).unwrap();
    let ecmp = compare(&[ea], &efw).unwrap();
    let o = ChartOptions::new(Lang::En);
    for svg in [
        radar(&efw, &[RadarSeries::new("e", ecard.clone())], &o).unwrap(),
        attribute_bars(&efw, &ecard, &o).unwrap(),
        comparison_table(&efw, &ecmp, &o).unwrap(),
    ] {
        let doc = parse(&svg);
        let texts: String = doc
            .descendants()
            .filter_map(|n| n.text())
            .collect::<Vec<_>>()
            .join("|");
        assert!(
            texts.contains("</svg>") || texts.contains("<a href='x'>"),
            "{texts}"
        );
        assert!(texts.contains("<lo>"));
    }
}

#[test]
fn radar_for_3_8_and_20_dimensions() {
    for n in [3, 8, 20] {
        let fw = custom(n);
        let levels: Vec<Option<&str>> = (0..n)
            .map(|i| Some(["low", "medium", "high"][i % 3]))
            .collect();
        let card = score(&rated(&fw, "c", &levels), &fw).unwrap();
        for lang in Lang::ALL {
            let svg = radar(
                &fw,
                &[RadarSeries::new("c", card.clone())],
                &ChartOptions::new(lang),
            )
            .unwrap();
            let doc = parse(&svg);
            assert_eq!(attr(&doc, "rx-axis", "x2").len(), n);
            let label = if lang == Lang::Zh { "维度0" } else { "Dim 0" };
            assert!(svg.contains(&format!(">{label}<")), "{n} {lang}");
            let last = if lang == Lang::Zh {
                format!("维度{}", n - 1)
            } else {
                format!("Dim {}", n - 1)
            };
            assert!(svg.contains(&last));
        }
        // A 20-axis polygon has 20 vertices.
        let svg = radar(
            &fw,
            &[RadarSeries::new("c", card)],
            &ChartOptions::default(),
        )
        .unwrap();
        let doc = parse(&svg);
        let pts = doc
            .descendants()
            .find(|x| x.attribute("class") == Some("rx-series"))
            .and_then(|g| g.children().find(|c| c.has_tag_name("polygon")))
            .and_then(|p| p.attribute("points"))
            .unwrap();
        assert_eq!(pts.split(' ').count(), n);
    }
}

#[test]
fn radar_with_fewer_than_three_dimensions_is_a_typed_error() {
    let fw = custom(2);
    let card = score(&rated(&fw, "c", &[Some("low"), Some("high")]), &fw).unwrap();
    let err = radar(
        &fw,
        &[RadarSeries::new("c", card)],
        &ChartOptions::default(),
    )
    .unwrap_err();
    assert_eq!(
        err,
        ChartError::TooFewDimensions {
            framework: "custom-2".to_owned(),
            found: 2,
            min: 3
        }
    );
    assert_eq!(
        err.to_string(),
        "framework \"custom-2\": a radar chart needs at least 3 dimensions, found 2"
    );
    assert_eq!(Error::from(err).code(), renxing::ErrorCode::ChartInput);
}

#[test]
fn bad_input_names_the_field() {
    let fw = Framework::paper();
    let card = score(&case("a").unwrap(), fw).unwrap();
    let e = radar(fw, &[], &ChartOptions::default()).unwrap_err();
    assert_eq!(e.to_string(), "series: nothing to draw (0 given)");
    let e = attribute_bars(fw, &card, &ChartOptions::default().with_size(50, 300)).unwrap_err();
    assert_eq!(e.to_string(), "width: 50 px is outside 100..=10000");
    let other = custom(3);
    let e = radar(
        &other,
        &[RadarSeries::new("a", card.clone())],
        &ChartOptions::default(),
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "series[0].scorecard.framework: framework \"sanshe-liandong-2022\" does not match the chart's framework \"custom-3\""
    );
    let mut broken = card;
    broken.dimensions.swap(0, 1);
    let e = attribute_bars(fw, &broken, &ChartOptions::default()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "scorecard.dimensions[0].id: expected \"needs_met\", found \"resource_linkage\""
    );
}

#[test]
fn output_is_deterministic_and_sizes_apply() {
    let fw = Framework::paper();
    let cmp = compare(&cases(), fw).unwrap();
    let o = ChartOptions::new(Lang::En).with_size(900, 300);
    let a = comparison_table(fw, &cmp, &o).unwrap();
    let b = comparison_table(fw, &cmp, &o).unwrap();
    assert_eq!(a, b);
    let doc = parse(&a);
    assert_eq!(doc.root_element().attribute("width"), Some("900.00"));
    assert_eq!(doc.root_element().attribute("height"), Some("300.00"));
    // Width only: the height follows the natural aspect ratio.
    let w = comparison_table(
        fw,
        &cmp,
        &ChartOptions {
            width: Some(500),
            ..ChartOptions::new(Lang::En)
        },
    )
    .unwrap();
    let doc = parse(&w);
    let vb: Vec<f64> = doc
        .root_element()
        .attribute("viewBox")
        .unwrap()
        .split(' ')
        .map(|x| x.parse().unwrap())
        .collect();
    let h: f64 = doc
        .root_element()
        .attribute("height")
        .unwrap()
        .parse()
        .unwrap();
    assert!((h - 500.0 * vb[3] / vb[2]).abs() < 0.01);
}

#[test]
fn scores_option_plots_unrounded_values() {
    // A dimension scored 75 on 3 levels has value 2.5 (level medium, tie down): with `scores`
    // it sits at 2.5/3 of the radius, without at 2/3.
    let fw = custom(3);
    let mut a = Assessment::for_framework(&fw, "s", "s");
    a.rate_id("d0", Rating::score(75.0));
    a.rate_id("d1", Some(Rating::level_id("low")));
    a.rate_id("d2", Some(Rating::level_id("low")));
    let card = score(&a, &fw).unwrap();
    let top = |scores: bool| {
        let o = ChartOptions {
            scores,
            ..ChartOptions::new(Lang::En).with_size(400, 400)
        };
        let svg = radar(&fw, &[RadarSeries::new("s", card.clone())], &o).unwrap();
        let doc = parse(&svg);
        let cy: f64 = attr(&doc, "rx-axis", "y1")[0].parse().unwrap();
        let tip: f64 = attr(&doc, "rx-axis", "y2")[0].parse().unwrap();
        let y: f64 = attr(&doc, "rx-marker", "cy")[0].parse().unwrap();
        (cy - y) / (cy - tip)
    };
    assert!((top(false) - 2.0 / 3.0).abs() < 1e-3);
    assert!((top(true) - 2.5 / 3.0).abs() < 1e-3);
}

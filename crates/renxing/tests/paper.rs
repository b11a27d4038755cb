//! The paper's published results and hand-computed examples.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use renxing::{
    cases, compare, diagnose, rate, score, score_with, Assessment, AssessmentError, Attribute,
    Dimension, Error, Evidence, Framework, IssueCode, Level, Method, Mode, Rating, ScoreError,
    ScoreOptions, TABLE_1,
};

fn level(card: &renxing::Scorecard, key: &str) -> Option<String> {
    card.columns()
        .into_iter()
        .find(|c| c.key() == key)
        .and_then(|c| c.grade.map(|g| g.level))
}

/// 表1 is reproduced exactly by the default (mean, ties downwards) and by the capped mean.
#[test]
fn table_1_is_reproduced() {
    let fw = Framework::paper();
    for method in [Method::Mean, Method::CappedMean] {
        for (case, row) in cases().iter().zip(TABLE_1) {
            assert_eq!(case.id, row.case);
            assert_eq!(case.mode, Some(row.mode));
            let card = score_with(case, fw, &ScoreOptions::method(method)).expect("score");
            let want = [
                ("robustness", row.robustness),
                ("redundancy", row.redundancy),
                (
                    "connectivity.government_connectivity",
                    row.government_connectivity,
                ),
                (
                    "connectivity.resident_connectivity",
                    row.resident_connectivity,
                ),
            ];
            for (key, lvl) in want {
                assert_eq!(
                    level(&card, key).as_deref(),
                    Some(lvl.id()),
                    "{} {key} ({method})",
                    case.id
                );
            }
        }
    }
}

/// The minimum (weakest link) does not reproduce 表1: B's robustness would be low.
#[test]
fn minimum_differs_from_the_paper_on_b() {
    let b = &cases()[1];
    let card = score_with(
        b,
        Framework::paper(),
        &ScoreOptions::method(Method::Minimum),
    )
    .expect("score");
    assert_eq!(level(&card, "robustness").as_deref(), Some("low"));
}

#[test]
fn hand_computed_scores() {
    let fw = Framework::paper();
    let [a, b, c] = cases();
    // A: robustness 1, redundancy 1, connectivity (1+3)/2 = 2 → overall 4/3 → low, 16.67.
    let ca = score(&a, fw).expect("a");
    let oa = ca.overall.as_ref().expect("overall");
    assert_eq!(oa.level, "low");
    assert!((oa.score - 100.0 / 6.0).abs() < 1e-12);
    assert_eq!(
        ca.attribute("connectivity")
            .and_then(|x| x.grade.clone())
            .map(|g| g.level)
            .as_deref(),
        Some("medium")
    );
    // B: robustness 7/3, redundancy 2, connectivity 2.5 (tie → medium); overall 6.8333/3.
    let cb = score(&b, fw).expect("b");
    let conn = cb
        .attribute("connectivity")
        .and_then(|x| x.grade.clone())
        .expect("conn");
    assert_eq!((conn.level.as_str(), conn.score), ("medium", 75.0));
    let ob = cb.overall.expect("overall");
    assert!((ob.value - (7.0 / 3.0 + 2.0 + 2.5) / 3.0).abs() < 1e-12);
    assert_eq!(ob.level, "medium");
    // C: robustness 3, redundancy 7/3, connectivity 3 → overall 2.777… → high.
    let oc = score(&c, fw).expect("c").overall.expect("overall");
    assert_eq!(oc.level, "high");
    assert!((oc.score - (25.0 / 9.0 - 1.0) * 50.0).abs() < 1e-9);
}

#[test]
fn rule_table() {
    assert_eq!(rate(true, true).level, Level::High);
    assert_eq!(rate(true, false).level, Level::Medium);
    assert_eq!(rate(false, false).level, Level::Low);
    assert!(!rate(false, false).inconsistent);
    assert!(rate(false, true).inconsistent);
    assert_eq!(rate(false, true).level, Level::Low);
}

#[test]
fn inconsistent_answers_are_surfaced() {
    let mut a = Assessment::new("x", "x");
    for d in Dimension::ALL {
        a.rate(*d, Rating::level(Level::High));
    }
    a.rate(Dimension::Rules, Rating::answers(false, true));
    let d = diagnose(&a, Framework::paper()).expect("diagnose");
    assert_eq!(d.inconsistencies, ["rules"]);
    assert_eq!(
        d.scorecard
            .dimension("rules")
            .and_then(|x| x.grade.clone())
            .map(|g| g.level)
            .as_deref(),
        Some("low")
    );
}

#[test]
fn weights_change_the_result() {
    let b = &cases()[1];
    let fw = Framework::paper();
    // resource_linkage (low) weighted 3: robustness (3 + 3·1 + 3)/5 = 1.8 → medium, score 40.
    let opts = ScoreOptions::default().with_dimension_weight("resource_linkage", 3.0);
    let card = score_with(b, fw, &opts).expect("score");
    let r = card
        .attribute("robustness")
        .and_then(|x| x.grade.clone())
        .expect("r");
    assert!((r.value - 1.8).abs() < 1e-12);
    assert_eq!(r.level, "medium");
    // needs_met and rules weight 0: robustness = low.
    let opts = ScoreOptions::default()
        .with_dimension_weight("needs_met", 0.0)
        .with_dimension_weight("rules", 0.0);
    let card = score_with(b, fw, &opts).expect("score");
    let r = card.attribute("robustness").expect("r");
    assert_eq!((r.rated, r.total), (1, 1));
    assert_eq!(r.grade.as_ref().map(|g| g.level.as_str()), Some("low"));
}

#[test]
fn bad_weights_are_typed_errors() {
    let a = &cases()[0];
    let fw = Framework::paper();
    let e = score_with(
        a,
        fw,
        &ScoreOptions::default().with_dimension_weight("rules", -1.0),
    )
    .err();
    assert_eq!(
        e,
        Some(ScoreError::InvalidWeight {
            path: renxing::path!["dimension_weights", "rules"],
            value: -1.0
        })
    );
    let e = score_with(
        a,
        fw,
        &ScoreOptions::default().with_dimension_weight("rules", f64::NAN),
    );
    assert!(matches!(e, Err(ScoreError::InvalidWeight { .. })));
    let e = score_with(
        a,
        fw,
        &ScoreOptions::default().with_attribute_weight("speed", 1.0),
    )
    .err();
    assert!(matches!(e, Some(ScoreError::UnknownWeightTarget { ref id, .. }) if id == "speed"));
    let all_zero = Attribute::ALL.iter().fold(ScoreOptions::default(), |o, a| {
        o.with_attribute_weight(a.id(), 0.0)
    });
    assert!(matches!(
        score_with(a, fw, &all_zero),
        Err(ScoreError::AllWeightsZero { .. })
    ));
    let e = ScoreOptions::from_value(&serde_json::json!({"methd": "mean"})).err();
    assert_eq!(
        Error::from(e.expect("error")).code().as_str(),
        "invalid_options"
    );
    let e = ScoreOptions::from_value(&serde_json::json!({"method": "mode"})).err();
    assert!(e.is_some_and(|e| e.to_string().contains("mode")));
}

#[test]
fn comparison_of_the_cases() {
    let cmp = compare(&cases(), Framework::paper()).expect("compare");
    let ranks: Vec<(&str, Option<usize>, bool)> = cmp
        .ranking
        .iter()
        .map(|r| (r.id.as_str(), r.rank, r.tied))
        .collect();
    assert_eq!(
        ranks,
        [
            ("case-c", Some(1), false),
            ("case-b", Some(2), false),
            ("case-a", Some(3), false)
        ]
    );
    let rc = cmp
        .extremes
        .iter()
        .find(|x| x.dimension == "resident_connectivity")
        .expect("rc");
    assert_eq!(rc.best, ["case-a", "case-c"]);
    assert_eq!(rc.worst, ["case-b"]);
    let twice = [cases()[0].clone(), cases()[0].clone()];
    assert!(matches!(
        compare(&twice, Framework::paper()),
        Err(renxing::CompareError::DuplicateId { index: 1, .. })
    ));
    assert!(matches!(
        compare(&[], Framework::paper()),
        Err(renxing::CompareError::Empty)
    ));
}

#[test]
fn diagnosis_of_case_b() {
    let d = diagnose(&cases()[1], Framework::paper()).expect("diagnose");
    // redundancy (x = 2) is further from high than robustness (2.33) and connectivity (2.5).
    let attrs: Vec<&str> = d.attribute_deficits.iter().map(|x| x.id.as_str()).collect();
    assert_eq!(attrs, ["redundancy", "robustness", "connectivity"]);
    assert_eq!(d.dimension_deficits[0].id, "resource_linkage");
    assert!((d.dimension_deficits[0].gap - 2.0).abs() < 1e-12);
    assert_eq!(
        d.nearest_case
            .as_ref()
            .map(|c| (c.case.as_str(), c.distance)),
        Some(("case-b", 0.0))
    );
    assert_eq!(d.mode.map(|m| m.mode), Some(Mode::GovernmentLed));
    let defects: Vec<&str> = d.mode.expect("mode").defects.iter().map(|t| t.zh).collect();
    assert_eq!(defects, ["行政依赖性强", "政令冲突"]);
    // government connectivity is high: its remedy must not be offered.
    assert!(!d
        .remedies
        .iter()
        .any(|r| r.id == "government_responsiveness"));
    assert!(d.remedies.iter().all(|r| r.source.ends_with(".txt")));
}

#[test]
fn validation_reports_every_problem_with_paths() {
    let text = r#"{"schema_version": 1, "id": "", "name": "n", "mode": "x",
        "ratings": {"needs_met": {"level": "hi"}, "rules": {"score": -3}}}"#;
    let Err(AssessmentError::Invalid(issues)) = Assessment::parse(text, Framework::paper()) else {
        panic!("must fail")
    };
    let got: Vec<(String, IssueCode)> = issues
        .0
        .iter()
        .map(|i| (i.path.to_string(), i.code))
        .collect();
    let got: Vec<(&str, IssueCode)> = got.iter().map(|(p, c)| (p.as_str(), *c)).collect();
    for want in [
        ("id", IssueCode::InvalidValue),
        ("mode", IssueCode::UnknownId),
        ("ratings.rules.score", IssueCode::OutOfRange),
        ("ratings.needs_met.level", IssueCode::UnknownId),
        ("ratings.it_use", IssueCode::Missing),
    ] {
        assert!(got.contains(&want), "{want:?} not in {got:?}");
    }
    let msg = issues.to_string();
    assert!(
        msg.contains("\"hi\" is not a level; write a level id or label: low (Low, 低); medium (Medium, 中); high (High, 高)"),
        "{msg}"
    );
    let level = issues
        .0
        .iter()
        .find(|i| i.path == renxing::path!["ratings", "needs_met", "level"]);
    assert_eq!(
        level.map(|i| i.message.zh.as_str()),
        Some("\"hi\" 不是等级;可用的等级(代码或名称):low (Low, 低); medium (Medium, 中); high (High, 高)")
    );
}

#[test]
fn json_syntax_errors_have_positions() {
    let e = Assessment::parse("{\n  \"id\": }", Framework::paper()).err();
    assert!(
        matches!(e, Some(AssessmentError::Json { line: 2, .. })),
        "{e:?}"
    );
}

#[test]
fn unicode_and_evidence_round_trip() {
    let mut a = Assessment::new("社区-1", "“东湖”社区 <script>");
    a.rate(
        Dimension::NeedsMet,
        Rating::level(Level::High)
            .with_evidence(Evidence::quote("居民说:“很满意”🙂\n第二行", "访谈 #1"))
            .with_evidence(Evidence::note("tab\there"))
            .with_rater("王老师")
            .with_note("注"),
    );
    a.rate(Dimension::Rules, Rating::score(33.3).expect("score"));
    a.rate(Dimension::ItUse, Rating::answers(true, false));
    a.metadata.insert(
        "调查".into(),
        serde_json::json!({"n": 12, "ok": true, "x": [1.5, null]}),
    );
    a.date = "2020-02-29".parse().ok();
    let back = Assessment::parse(&a.to_json(), Framework::paper()).expect("parse");
    assert_eq!(back, a);
    assert_eq!(back.to_json(), a.to_json());
}

#[test]
fn dates_are_validated() {
    assert!("2024-02-29".parse::<renxing::Date>().is_ok());
    assert!("2023-02-29".parse::<renxing::Date>().is_err());
    assert!("2023-2-1".parse::<renxing::Date>().is_err());
    assert!("２０２３-01-01".parse::<renxing::Date>().is_err());
    assert_eq!(
        "0999-12-31"
            .parse::<renxing::Date>()
            .map(|d| d.to_string())
            .as_deref(),
        Ok("0999-12-31")
    );
}

#[test]
fn modes_table_matches_the_paper() {
    let t = renxing::modes_table();
    let promo: Vec<(Mode, Level)> = t.iter().map(|p| (p.mode, p.promotability)).collect();
    assert_eq!(
        promo,
        [
            (Mode::SocialWorkerDriven, Level::Low),
            (Mode::GovernmentLed, Level::High),
            (Mode::DigitalEmbedded, Level::Medium)
        ]
    );
    assert_eq!(
        Mode::DigitalEmbedded.profile().advantages[0].zh,
        "社会资本最大化"
    );
}

/// The serialised scorecard carries the 表1 columns with their keys, so every front end shows
/// the same summary.
#[test]
fn serialised_scorecard_has_table_1_columns() {
    let card = score(&cases()[1], Framework::paper()).expect("score");
    let v = serde_json::to_value(&card).expect("json");
    let cols: Vec<(String, String)> = v["columns"]
        .as_array()
        .expect("columns")
        .iter()
        .map(|c| {
            (
                c["key"].as_str().expect("key").to_owned(),
                c["grade"]["level"].as_str().expect("level").to_owned(),
            )
        })
        .collect();
    let want = [
        ("robustness", "medium"),
        ("redundancy", "medium"),
        ("connectivity.government_connectivity", "high"),
        ("connectivity.resident_connectivity", "medium"),
    ];
    assert_eq!(cols, want.map(|(k, l)| (k.to_owned(), l.to_owned())));
}

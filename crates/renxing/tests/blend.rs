//! Blending coded levels with indicator levels by a stated rule (issue 10), hand-computed on
//! the paper's framework (three levels: scores low 0, medium 50, high 100).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use renxing::blend::{blend, BlendRule, BlendSource};
use renxing::composite::IndicatorRun;
use renxing::rating::RatingValue;
use renxing::{score, Assessment, Framework, Lang, Rating};

fn pair() -> (Assessment, Assessment) {
    let fw = Framework::paper();
    let mut coded = Assessment::for_framework(fw, "east", "东社区");
    let mut ind = Assessment::for_framework(fw, "east", "east");
    let set = |a: &mut Assessment, d: &str, l: Option<&str>, rater: &str| {
        a.ratings.insert(
            d.into(),
            l.map(|l| {
                Rating::level_id(l)
                    .with_rater(rater)
                    .with_note(format!("{rater} note"))
            }),
        );
    };
    // dimension: coding, indicators
    for (d, c, i) in [
        ("needs_met", Some("high"), Some("medium")),
        ("resource_linkage", Some("medium"), Some("high")),
        ("rules", Some("low"), Some("low")),
        ("emergency_knowledge", None, Some("high")),
        ("volunteer_teams", Some("medium"), None),
        ("it_use", None, None),
        ("government_connectivity", Some("low"), Some("high")),
        ("resident_connectivity", Some("high"), Some("high")),
    ] {
        set(&mut coded, d, c, "coder-1");
        set(&mut ind, d, i, "indicators");
    }
    ind.metadata.insert("source".into(), "indicators".into());
    (coded, ind)
}

/// Level (or score) of each dimension in the blended assessment, in the framework's order.
fn levels(a: &Assessment) -> Vec<Option<String>> {
    let card = score(a, Framework::paper()).unwrap();
    card.dimensions
        .iter()
        .map(|d| d.grade.as_ref().map(|g| g.level.clone()))
        .collect()
}

fn lv(x: &[Option<&str>]) -> Vec<Option<String>> {
    x.iter().map(|s| s.map(str::to_owned)).collect()
}

#[test]
fn each_rule_by_hand() {
    let fw = Framework::paper();
    let (c, i) = pair();
    // rows: needs_met, resource_linkage, rules, emergency_knowledge, volunteer_teams, it_use,
    // government_connectivity, resident_connectivity
    let (a, rec) = blend(&c, &i, fw, BlendRule::Lower, Lang::En).unwrap();
    assert_eq!(
        levels(&a),
        lv(&[
            Some("medium"),
            Some("medium"),
            Some("low"),
            Some("high"),
            Some("medium"),
            None,
            Some("low"),
            Some("high")
        ])
    );
    use BlendSource::{Coding, Indicators, Neither};
    let from: Vec<BlendSource> = rec.dimensions.iter().map(|d| d.from).collect();
    // a tie (rules, resident_connectivity) takes the coding
    assert_eq!(
        from,
        [Indicators, Coding, Coding, Indicators, Coding, Neither, Coding, Coding]
    );

    let (a, _) = blend(&c, &i, fw, BlendRule::IndicatorsWin, Lang::En).unwrap();
    assert_eq!(
        levels(&a),
        lv(&[
            Some("medium"),
            Some("high"),
            Some("low"),
            Some("high"),
            Some("medium"),
            None,
            Some("high"),
            Some("high")
        ])
    );
    let (a, _) = blend(&c, &i, fw, BlendRule::CodingWins, Lang::En).unwrap();
    assert_eq!(
        levels(&a),
        lv(&[
            Some("high"),
            Some("medium"),
            Some("low"),
            Some("high"),
            Some("medium"),
            None,
            Some("low"),
            Some("high")
        ])
    );

    // mean score: (100 + 50)/2 = 75 → a score rating of 75, level medium (2.5: ties downwards);
    // (0 + 100)/2 = 50 → medium; (0 + 0)/2 = 0 → low
    let (a, rec) = blend(&c, &i, fw, BlendRule::MeanScore, Lang::En).unwrap();
    assert_eq!(
        levels(&a),
        lv(&[
            Some("medium"),
            Some("medium"),
            Some("low"),
            Some("high"),
            Some("medium"),
            None,
            Some("medium"),
            Some("high")
        ])
    );
    let scores: Vec<Option<f64>> = rec.dimensions.iter().map(|d| d.score).collect();
    assert_eq!(
        scores,
        [
            Some(75.0),
            Some(75.0),
            Some(0.0),
            None,
            None,
            None,
            Some(50.0),
            Some(100.0)
        ]
    );
    match &a.ratings["needs_met"].as_ref().unwrap().value {
        RatingValue::Score(s) => assert_eq!(s.get(), 75.0),
        other => panic!("{other:?}"),
    }
    let card = score(&a, fw).unwrap();
    assert_eq!(
        card.dimension("needs_met")
            .unwrap()
            .grade
            .as_ref()
            .unwrap()
            .score,
        75.0
    );
}

#[test]
fn the_result_records_the_rule_and_both_readings() {
    let fw = Framework::paper();
    let (c, i) = pair();
    let (a, rec) = blend(&c, &i, fw, BlendRule::Lower, Lang::Zh).unwrap();
    assert_eq!(a.id, "east");
    assert_eq!(a.name, "东社区");
    assert_eq!(a.metadata["source"], "blend");
    assert_eq!(a.metadata["blend"]["rule"], "lower");
    assert_eq!(
        a.metadata["blend"]["dimensions"][0]["coding"]["level"],
        "high"
    );
    assert_eq!(
        a.metadata["blend"]["dimensions"][0]["indicators"]["level"],
        "medium"
    );
    assert_eq!(a.metadata["blend"]["dimensions"][0]["from"], "indicators");
    assert_eq!(rec.dimensions[0].coding.as_ref().unwrap().score, 100.0);
    let r = a.ratings["needs_met"].as_ref().unwrap();
    assert_eq!(r.rater.as_deref(), Some("blend"));
    assert_eq!(
        r.note.as_deref(),
        Some("合并(取较低者):编码 高,指标 中 → 采用指标")
    );
    let (a, _) = blend(&c, &i, fw, BlendRule::MeanScore, Lang::En).unwrap();
    let r = a.ratings["needs_met"].as_ref().unwrap();
    assert_eq!(
        r.note.as_deref(),
        Some("blend (the mean score): coding High, indicators Medium → score 75.0")
    );
    // valid and lossless as a file
    a.validate(fw).unwrap();
    let back = Assessment::parse(&a.to_json(), fw).unwrap();
    assert_eq!(back, a);
}

#[test]
fn ids_must_match_and_the_indicator_run_is_kept() {
    let fw = renxing::composite::example_framework().unwrap();
    let data = renxing::table::read_indicator_csv(renxing::composite::EXAMPLE_DATA_CSV).unwrap();
    let r = renxing::composite::assess_with_framework(&fw, data, None).unwrap();
    let ind = r.assessments[0].clone();
    let mut coded = Assessment::for_framework(&fw, "donghu", "Donghu");
    coded
        .ratings
        .insert("needs_met".into(), Some(Rating::level_id("low")));
    let (a, _) = blend(&coded, &ind, &fw, BlendRule::Lower, Lang::En).unwrap();
    // the run travels on: the diagnosis still names the top obstacles
    let run = IndicatorRun::of(&a).unwrap();
    assert_eq!(run.obstacles.len(), 3);
    let d = renxing::diagnose(&a, &fw).unwrap();
    assert_eq!(d.obstacles, run.obstacles);
    let other = Assessment::for_framework(&fw, "xishan", "Xishan");
    let e = blend(&other, &ind, &fw, BlendRule::Lower, Lang::En).unwrap_err();
    assert_eq!(e.code(), renxing::ErrorCode::IndicatorInput);
    assert!(e.to_string().contains("\"donghu\""), "{e}");
}

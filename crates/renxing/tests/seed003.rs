//! Seed 003's framework (examples/frameworks/seed003.{toml,json}): both files load, are equal,
//! and score the example assessment as computed by hand.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use renxing::{diagnose, score, score_with, Assessment, Framework, Method, ScoreOptions};

const TOML: &str = include_str!("../../../examples/frameworks/seed003.toml");
const JSON: &str = include_str!("../../../examples/frameworks/seed003.json");
const EXAMPLE: &str = include_str!("../../../examples/seed003-yuling.json");

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn both_files_load_and_are_equal() {
    let t = Framework::from_toml(TOML).unwrap();
    let j = Framework::from_json(JSON).unwrap();
    assert_eq!(t, j);
    assert_eq!(t.id, "seed003-digital-coordination");
    let attrs: Vec<&str> = t.attributes.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(attrs, ["organisational", "actor", "technical"]);
    assert_eq!(t.dimensions.len(), 9);
    assert_eq!(t.label("actor", "zh"), Some("主体韧性"));
    assert_eq!(
        t.label("technical_recovery", "en"),
        Some("Technical recovery")
    );
    assert_eq!(t.label("overall_score", "en"), None);
    assert!(t
        .remedies
        .iter()
        .all(|r| r.source.starts_with("003_f383c5159f49531b.txt")));
    let remedies: Vec<&str> = t.remedies.iter().map(|r| r.id.as_str()).collect();
    assert!(remedies.contains(&"digital_coordination"));
    assert!(remedies.contains(&"varied_publicity_training"));
    assert!(remedies.contains(&"normal_emergency_integration"));
}

/// Hand computation (low 1, medium 2, high 3; score 50 → 2; coped without developing → medium):
/// organisational (2, 2, 3) → 7/3 = 2.333 → medium, score 66.67;
/// actor (1, 2, 1) → 4/3 = 1.333 → low, 16.67;
/// technical (1, 2, null) → 1.5 → a tie, rounded downwards → low, 25;
/// overall (2.333 + 1.333 + 1.5)/3 = 1.7222 → medium, 36.11.
#[test]
fn example_scores_as_computed_by_hand() {
    let fw = Framework::from_toml(TOML).unwrap();
    let a = Assessment::parse(EXAMPLE, &fw).unwrap();
    let card = score(&a, &fw).unwrap();
    let grade = |id: &str| card.attribute(id).unwrap().grade.clone().unwrap();
    let org = grade("organisational");
    assert_eq!(org.level, "medium");
    assert!(close(org.value, 7.0 / 3.0));
    assert!(close(org.score, 200.0 / 3.0));
    let actor = grade("actor");
    assert_eq!(actor.level, "low");
    assert!(close(actor.score, 50.0 / 3.0));
    let tech = grade("technical");
    assert_eq!(tech.level, "low", "1.5 is a tie: rounded downwards");
    assert!(close(tech.score, 25.0));
    assert_eq!(card.attribute("technical").unwrap().rated, 2);
    let overall = card.overall.clone().unwrap();
    assert_eq!(overall.level, "medium");
    assert!(close(overall.value, (7.0 / 3.0 + 4.0 / 3.0 + 1.5) / 3.0));
    assert!(close(overall.score, 36.111_111_111_111_114));
    assert_eq!(card.unrated(), ["technical_autonomy"]);

    // Minimum: organisational 2, actor 1, technical 1 → overall low.
    let min = score_with(&a, &fw, &ScoreOptions::method(Method::Minimum)).unwrap();
    assert_eq!(min.overall.as_ref().unwrap().level, "low");
    assert_eq!(
        min.attribute("organisational")
            .unwrap()
            .grade
            .clone()
            .unwrap()
            .level,
        "medium"
    );

    // The diagnosis recommends the seed's remedies for the weak resistance dimensions.
    let d = diagnose(&a, &fw).unwrap();
    assert_eq!(d.attribute_deficits[0].id, "actor");
    assert!(d
        .remedies
        .iter()
        .any(|r| r.id == "varied_publicity_training"));
    assert!(
        d.nearest_case.is_none(),
        "reference cases are for the paper's framework"
    );
}

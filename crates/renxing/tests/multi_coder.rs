//! Several coders in one assessment file (schema_version 2, issue 9): reading, writing,
//! validation, consensus, scoring, diagnosis and the report.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use renxing::agree::{self, ConsensusOptions, ConsensusRule, TieRule};
use renxing::report::{html_report, markdown_report, ReportOptions};
use renxing::{
    cases, diagnose, score, Assessment, Error, ErrorCode, Framework, IssueCode, Lang, Level,
    Rating, ScoreError,
};

const TWO: &str = include_str!("../../../examples/lakeside-two-coders.json");

fn fw() -> &'static Framework {
    Framework::paper()
}

fn two() -> Assessment {
    Assessment::parse(TWO, fw()).expect("the example is valid")
}

fn issues(text: &str) -> Vec<(String, IssueCode)> {
    match Assessment::parse(text, fw()) {
        Err(renxing::AssessmentError::Invalid(i)) => {
            i.0.iter().map(|x| (x.path.to_string(), x.code)).collect()
        }
        other => panic!("expected issues, got {other:?}"),
    }
}

#[test]
fn single_coder_files_stay_version_1_and_round_trip() {
    for c in cases() {
        let json = c.to_json();
        assert!(json.contains("\"schema_version\": 1"));
        assert!(!json.contains("codings") && !json.contains("consensus"));
        assert_eq!(Assessment::parse(&json, fw()).unwrap(), c);
    }
    // a version-2 file without codings reads, and is written back as version 2
    let v2 = cases()[0]
        .to_json()
        .replace("\"schema_version\": 1", "\"schema_version\": 2");
    let a = Assessment::parse(&v2, fw()).unwrap();
    assert_eq!(a.schema_version, 2);
    assert_eq!(a.to_json(), v2);
}

#[test]
fn a_multi_coder_file_round_trips_losslessly() {
    let a = two();
    assert!(a.is_multi_coder());
    assert_eq!(a.codings_of("needs_met").len(), 2);
    assert!(a.rating("needs_met").is_none());
    assert!(a.ratings["resident_connectivity"].is_none());
    let json = a.to_json();
    assert!(json.contains("\"schema_version\": 2"));
    let back = Assessment::parse(&json, fw()).unwrap();
    assert_eq!(back, a);
    assert_eq!(back.to_json(), json);
    // and as a JSON value, equal to the file read
    let orig: serde_json::Value = serde_json::from_str(TWO).unwrap();
    assert_eq!(a.to_value(), orig);
}

#[test]
fn bad_codings_are_located() {
    let v1 = TWO.replace("\"schema_version\": 2", "\"schema_version\": 1");
    assert!(issues(&v1).contains(&(
        "ratings.needs_met.codings".to_owned(),
        IssueCode::UnsupportedVersion
    )));
    let no_rater = TWO.replace(
        r#"{"level": "medium", "rater": "ann"},"#,
        r#"{"level": "medium"},"#,
    );
    assert!(issues(&no_rater).contains(&(
        "ratings.resource_linkage.codings[0].rater".to_owned(),
        IssueCode::Missing
    )));
    let twice = TWO.replace(
        r#"{"level": "low", "rater": "bo"}
    ]},
    "volunteer_teams""#,
        r#"{"level": "low", "rater": "ann"}
    ]},
    "volunteer_teams""#,
    );
    assert!(issues(&twice).contains(&(
        "ratings.emergency_knowledge.codings[1].rater".to_owned(),
        IssueCode::Duplicate
    )));
    let unknown_dim = TWO.replace("\"it_use\": {", "\"it_usage\": {");
    let found = issues(&unknown_dim);
    assert!(found.contains(&("ratings.it_usage".to_owned(), IssueCode::UnknownId)));
    assert!(found.contains(&("ratings.it_use".to_owned(), IssueCode::Missing)));
    let bad_level = TWO.replace(
        r#""level": "low", "rater": "bo"}
    ]},
    "volunteer"#,
        r#""level": "lo", "rater": "bo"}
    ]},
    "volunteer"#,
    );
    assert!(issues(&bad_level).contains(&(
        "ratings.emergency_knowledge.codings[1].level".to_owned(),
        IssueCode::UnknownId
    )));
    let unknown_field = TWO.replace(
        r#""rater": "bo", "evidence""#,
        r#""coder": "bo", "evidence""#,
    );
    assert!(issues(&unknown_field)
        .iter()
        .any(|(p, c)| p == "ratings.needs_met.codings[1].coder" && *c == IssueCode::UnknownField));
    let evidence_without_value = TWO.replace(
        r#""it_use": {"codings""#,
        r#""it_use": {"note": "x", "codings""#,
    );
    assert!(issues(&evidence_without_value)
        .contains(&("ratings.it_use.note".to_owned(), IssueCode::Inconsistent)));
}

#[test]
fn scoring_needs_a_consensus_rule() {
    let err = score(&two(), fw()).unwrap_err();
    let ScoreError::ConsensusRequired { dimensions } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(dimensions.len(), 7);
    let e = Error::from(err);
    assert_eq!(e.code(), ErrorCode::ConsensusRequired);
    assert_eq!(e.path().unwrap().to_string(), "ratings.needs_met");
    assert!(e.message(Lang::Zh).contains("共识"));
}

#[test]
fn median_consensus_keeps_the_codings_and_flags_contested_dimensions() {
    let r = agree::resolve_assessment(&two(), fw(), &ConsensusOptions::default()).unwrap();
    let a = &r.assessment;
    // median of two = the lower middle (conservative)
    assert_eq!(
        a.level_of(renxing::Dimension::NeedsMet),
        Some(Level::Medium)
    );
    assert_eq!(a.level_of(renxing::Dimension::Rules), Some(Level::Low));
    assert_eq!(a.level_of(renxing::Dimension::ItUse), Some(Level::Low));
    // volunteer_teams: answers yes/yes (high) and high: the consensus keeps the first form
    assert_eq!(
        a.level_of(renxing::Dimension::VolunteerTeams),
        Some(Level::High)
    );
    assert_eq!(a.codings_of("rules").len(), 2);
    assert!(a.consensus.is_some());
    // the resolved file round-trips
    let back = Assessment::parse(&a.to_json(), fw()).unwrap();
    assert_eq!(&back, a);
    // rules: high vs low, 2 steps > 1: contested; it_use: 1 step, not contested
    assert_eq!(r.consensus.n_contested, 1);
    let card = score(a, fw()).unwrap();
    let rules = card.dimension("rules").unwrap();
    assert!(rules.contested);
    assert_eq!(rules.spread, Some(2.0));
    assert!(!card.dimension("it_use").unwrap().contested);
    assert_eq!(card.dimension("it_use").unwrap().spread, Some(1.0));
    let d = diagnose(a, fw()).unwrap();
    assert_eq!(d.contested, vec!["rules".to_owned()]);
    // a smaller step flags both
    let strict = ConsensusOptions {
        rule: ConsensusRule::Mode {
            ties: TieRule::Higher,
        },
        contested_above: 0.5,
    };
    let r2 = agree::resolve_assessment(&two(), fw(), &strict).unwrap();
    assert_eq!(
        r2.assessment.level_of(renxing::Dimension::Rules),
        Some(Level::High)
    );
    let card2 = score(&r2.assessment, fw()).unwrap();
    let contested: Vec<&str> = card2
        .dimensions
        .iter()
        .filter(|d| d.contested)
        .map(|d| d.id.as_str())
        .collect();
    assert_eq!(contested, ["needs_met", "rules", "it_use"]);
    // an adjudicator
    let adj = ConsensusOptions {
        rule: ConsensusRule::Adjudicator { coder: "bo".into() },
        contested_above: 1.0,
    };
    let r3 = agree::resolve_assessment(&two(), fw(), &adj).unwrap();
    assert_eq!(
        r3.assessment.level_of(renxing::Dimension::NeedsMet),
        Some(Level::Medium)
    );
    let nobody = ConsensusOptions {
        rule: ConsensusRule::Adjudicator { coder: "cy".into() },
        contested_above: 1.0,
    };
    let e = agree::resolve_assessment(&two(), fw(), &nobody).unwrap_err();
    assert_eq!(e.code(), ErrorCode::AgreementInput);
    assert_eq!(e.path().unwrap().to_string(), "consensus.rule.coder");
}

#[test]
fn reports_show_the_agreement_section_and_contested_dimensions() {
    let r = agree::resolve_assessment(&two(), fw(), &ConsensusOptions::default()).unwrap();
    let d = diagnose(&r.assessment, fw()).unwrap();
    let html = html_report(fw(), &r.assessment, &d, &ReportOptions::new(Lang::En)).unwrap();
    assert!(html.contains("Inter-rater agreement"));
    assert!(html.contains("Contested dimensions"));
    assert!(html.contains("contested)"));
    assert!(html.contains("Krippendorff"));
    let md = markdown_report(fw(), &r.assessment, &d, &ReportOptions::new(Lang::Zh)).unwrap();
    assert!(md.markdown.contains("## 编码者间一致性"));
    assert!(md.markdown.contains("| ann | bo |") || md.markdown.contains("ann"));
    assert!(md.markdown.contains("有争议"));
    // a single-coder report has no such section
    let b = &cases()[1];
    let db = diagnose(b, fw()).unwrap();
    let plain = html_report(fw(), b, &db, &ReportOptions::new(Lang::En)).unwrap();
    assert!(!plain.contains("Inter-rater agreement"));
}

#[test]
fn files_of_two_coders_merge_and_give_the_same_codings() {
    let a = two();
    // split the example into one single-coder file per coder
    let split = |coder: &str| {
        let mut x = a.clone();
        x.codings.clear();
        x.schema_version = 1;
        for (dim, cs) in &a.codings {
            let c = cs
                .iter()
                .find(|c| c.rater.as_deref() == Some(coder))
                .cloned();
            x.ratings.insert(
                dim.clone(),
                c.map(|mut c| {
                    c.rater = None;
                    c
                }),
            );
        }
        x
    };
    let files = [split("ann"), split("bo")];
    assert_eq!(files[0].file_version(), 1);
    let names = ["ann".to_owned(), "bo".to_owned()];
    let merged = agree::merge_coders(&files, fw(), Some(&names)).unwrap();
    assert_eq!(merged.len(), 1);
    assert_eq!(merged[0].codings, a.codings);
    let mut from_files = agree::assessment_codings(&files, fw(), Some(&names)).unwrap();
    let from_one = agree::assessment_codings(std::slice::from_ref(&a), fw(), None).unwrap();
    // the same codings (files give them coder by coder, one file dimension by dimension)
    let mut sorted = from_one.clone();
    for c in [&mut from_files, &mut sorted] {
        c.codings
            .sort_by(|x, y| (&x.unit, &x.coder).cmp(&(&y.unit, &y.coder)));
    }
    assert_eq!(from_files, sorted);
    assert_eq!(from_one.codings.len(), 14);
    assert_eq!(from_one.communities, ["lakeside-2024@response"]);
    // without coder names, ratings without a rater cannot be attributed
    let e = agree::assessment_codings(&files, fw(), None).unwrap_err();
    assert_eq!(
        e.path().unwrap().to_string(),
        "assessments[0].ratings.needs_met.rater"
    );
    // hand-computed: 7 units, 2 coders; agree on resource_linkage, emergency_knowledge,
    // volunteer_teams, government_connectivity: percent agreement 4/7
    let data = agree::ReliabilityData::from_codings(&from_one.scale, &from_one.codings).unwrap();
    let p = agree::percent_agreement(&data).unwrap();
    assert!((p.agreement - 4.0 / 7.0).abs() < 1e-15);
}

#[test]
fn codings_added_in_code_validate_and_score_after_consensus() {
    let mut a = Assessment::new("c9", "九号社区");
    for d in renxing::Dimension::ALL {
        a.add_coding(d.id(), Rating::level(Level::Medium).with_rater("ann"));
        a.add_coding(d.id(), Rating::score(100.0).unwrap().with_rater("bo"));
    }
    a.validate(fw()).unwrap();
    let c = agree::assessment_codings(std::slice::from_ref(&a), fw(), None).unwrap();
    assert_eq!(c.scale, agree::Scale::Numeric); // a score: the codes scale
    let r = agree::resolve_assessment(&a, fw(), &ConsensusOptions::default()).unwrap();
    let card = score(&r.assessment, fw()).unwrap();
    assert_eq!(card.overall.unwrap().level, "medium");
    assert!(card
        .dimensions
        .iter()
        .all(|d| !d.contested && d.spread == Some(1.0)));
}

#[test]
fn the_array_path_equals_the_matrix_path() {
    // a small splitmix64 stream
    let mut s = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = move || {
        s = s.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = s;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        (z ^ (z >> 31)) as f64 / u64::MAX as f64
    };
    for (scale, numeric) in [
        (agree::Scale::levels(5), false),
        (agree::Scale::Numeric, true),
    ] {
        let (n_units, n_coders) = (60, 4);
        let mut flat = Vec::new();
        for _ in 0..n_units * n_coders {
            let v = if next() < 0.2 {
                f64::NAN
            } else if numeric && next() < 0.1 {
                -0.0
            } else {
                1.0 + (next() * 5.0).floor()
            };
            flat.push(v);
        }
        let opt: Vec<Option<f64>> = flat.iter().map(|v| (!v.is_nan()).then_some(*v)).collect();
        let a = agree::ReliabilityData::from_array(&scale, n_units, n_coders, &flat).unwrap();
        let m = agree::ReliabilityData::from_matrix(
            &scale,
            (0..n_units).map(|i| i.to_string()).collect(),
            (0..n_coders).map(|i| i.to_string()).collect(),
            &opt,
        )
        .unwrap();
        let spec = agree::AgreementSpec::default();
        assert_eq!(
            agree::agreement(&a, &spec).unwrap(),
            agree::agreement(&m, &spec).unwrap()
        );
        // the same values coders × units (krippendorff's layout), and padded with a stride of 3
        let mut t = vec![f64::NAN; n_units * n_coders];
        let mut padded = vec![7.5; 3 * n_units * n_coders];
        for u in 0..n_units {
            for c in 0..n_coders {
                t[c * n_units + u] = flat[u * n_coders + c];
                padded[3 * (c * n_units + u)] = flat[u * n_coders + c];
            }
        }
        let s = agree::ReliabilityData::from_strided(&scale, n_units, n_coders, &t, 1, n_units)
            .unwrap();
        assert_eq!(s, a);
        let p = agree::ReliabilityData::from_strided(
            &scale,
            n_units,
            n_coders,
            &padded,
            3,
            3 * n_units,
        )
        .unwrap();
        assert_eq!(p, a);
        // a broadcast view (coder stride 0: every coder gives coder 0's values) reads as the
        // explicit repetition
        // (the buffer holds one element per cell, as the shape check asks; the tail is unread)
        let mut first: Vec<f64> = (0..n_units).map(|u| flat[u * n_coders]).collect();
        let repeated: Vec<f64> = (0..n_units * n_coders)
            .map(|i| first[i / n_coders])
            .collect();
        first.resize(n_units * n_coders, 9.5);
        if first[..n_units].iter().any(|v| !v.is_nan()) {
            let b = agree::ReliabilityData::from_strided(&scale, n_units, n_coders, &first, 1, 0)
                .unwrap();
            let r =
                agree::ReliabilityData::from_array(&scale, n_units, n_coders, &repeated).unwrap();
            assert_eq!(b, r);
        }
    }
    // strides reaching past the values are refused, not read out of bounds
    let e = agree::ReliabilityData::from_strided(&agree::Scale::levels(3), 2, 2, &[1.0; 4], 2, 2);
    assert!(matches!(e, Err(agree::AgreeError::MatrixShape { .. })));
    let e = agree::ReliabilityData::from_strided(
        &agree::Scale::levels(3),
        2,
        2,
        &[1.0; 4],
        usize::MAX,
        1,
    );
    assert!(matches!(e, Err(agree::AgreeError::MatrixShape { .. })));
    // an error names the cell in units × coders order, whatever the layout
    let e = agree::ReliabilityData::from_strided(
        &agree::Scale::levels(3),
        2,
        2,
        &[1.0, 1.0, 1.0, 9.0],
        1,
        2,
    );
    assert!(matches!(e, Err(agree::AgreeError::NotACode { row: 3, .. })));
    let e = agree::ReliabilityData::from_strided(
        &agree::Scale::levels(3),
        2,
        2,
        &[1.0, 9.0, 1.0, 1.0],
        1,
        2,
    );
    assert!(matches!(e, Err(agree::AgreeError::NotACode { row: 2, .. })));
    // shape and values are checked
    let e = agree::ReliabilityData::from_array(&agree::Scale::levels(3), 2, 2, &[1.0; 3]);
    assert!(matches!(
        e,
        Err(agree::AgreeError::MatrixShape {
            expected: 4,
            found: 3
        })
    ));
    let e = agree::ReliabilityData::from_array(&agree::Scale::levels(3), 1, 2, &[1.0, 4.0]);
    assert!(matches!(e, Err(agree::AgreeError::NotACode { row: 1, .. })));
}

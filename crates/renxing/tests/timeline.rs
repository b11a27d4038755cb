//! Timelines (renxing::timeline): hand-made assessments of the paper's framework with exact
//! deltas, ordering and grouping rules, gaps, the many-community comparison, typed errors; the
//! phase-aware remedies of seeds 001 and 004 and the seeds' citations.
//!
//! Reference values: 表1 of Peng & Tan (2022) as coded in FRAMEWORK.md §5 — case A overall
//! = mean(1, 1, 2) = 4/3 → score 16.67 (low); case B overall = mean(7/3, 2, 2.5) → 63.89
//! (medium); scores are (x − 1)/2 · 100 on the 1..3 codes (FRAMEWORK.md §3).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use renxing::timeline::{
    citation, citations, phase_ahead, plan_ahead, plan_for, stages, timeline, timelines, Actor,
    Direction, Grouping, ItemKind, TimelineError, TimelineOptions, TimelineSet, UndatedRule,
};
use renxing::{case, Assessment, Date, Dimension, Framework, Lang, Level, Phase, Rating};

fn date(s: &str) -> Option<Date> {
    Some(s.parse().unwrap())
}

fn at(mut a: Assessment, id: &str, phase: Option<Phase>, d: Option<&str>) -> Assessment {
    a.id = id.to_owned();
    a.phase = phase;
    a.date = d.and_then(date);
    a
}

fn uniform(id: &str, phase: Option<Phase>, d: Option<&str>, level: Level) -> Assessment {
    let mut a = Assessment::new(id, id);
    for dim in Dimension::ALL {
        a.rate(*dim, Rating::level(level));
    }
    at(a, id, phase, d)
}

fn close(got: Option<f64>, want: f64) {
    let g = got.unwrap();
    assert!((g - want).abs() < 1e-9, "got {g}, want {want}");
}

/// Community A before the event, during it (two dimensions better), and after it at case B's
/// levels; given out of order.
fn a_to_b() -> Vec<Assessment> {
    let before = at(
        case("a").unwrap(),
        "riverside",
        Some(Phase::Preparedness),
        Some("2020-01-10"),
    );
    let mut during = before.clone();
    during.phase = Some(Phase::Response);
    during.date = date("2020-02-15");
    during.rate(Dimension::NeedsMet, Rating::level(Level::Medium));
    during.rate(
        Dimension::GovernmentConnectivity,
        Rating::level(Level::High),
    );
    let after = at(
        case("b").unwrap(),
        "riverside",
        Some(Phase::Recovery),
        Some("2020-06-01"),
    );
    vec![after, before, during]
}

#[test]
fn case_a_improving_to_case_b() {
    let input = a_to_b();
    let tl = timeline(&input, Framework::paper()).unwrap();
    assert_eq!(tl.community, "riverside");
    let order: Vec<usize> = tl.points.iter().map(|p| p.index).collect();
    assert_eq!(order, [1, 2, 0]);
    assert_eq!(tl.steps.len(), 2);
    assert_eq!(tl.missing_phases, [Phase::Learning]);
    assert_eq!(
        tl.phases_assessed,
        [Phase::Preparedness, Phase::Response, Phase::Recovery]
    );
    assert_eq!((tl.unphased_points, tl.undated_points), (0, 0));
    assert_eq!(tl.last_phase, Some(Phase::Recovery));
    assert_eq!(tl.phase_ahead, Some(Phase::Learning));
    assert_eq!(
        tl.plan_ahead.as_ref().unwrap().stages[0].id,
        "learning_adaptation"
    );

    let all = tl.first_to_last.as_ref().unwrap();
    let o = all.overall().unwrap();
    close(o.from.as_ref().map(|m| m.score), 50.0 / 3.0);
    close(o.to.as_ref().map(|m| m.score), 575.0 / 9.0);
    close(o.score_delta, 575.0 / 9.0 - 50.0 / 3.0); // 47.22
    assert_eq!((o.level_delta, o.direction), (Some(1), Direction::Improved));

    let attr = |id: &str| all.change(ItemKind::Attribute, id).unwrap();
    close(attr("robustness").score_delta, 200.0 / 3.0);
    assert_eq!(attr("robustness").level_delta, Some(1));
    close(attr("redundancy").score_delta, 50.0);
    // Connectivity 2 → 2.5: +25 points, still medium (ties downwards): improved, level delta 0.
    close(attr("connectivity").score_delta, 25.0);
    assert_eq!(attr("connectivity").level_delta, Some(0));
    assert_eq!(attr("connectivity").direction, Direction::Improved);

    let dim = |id: &str| all.change(ItemKind::Dimension, id).unwrap();
    close(dim("needs_met").score_delta, 100.0);
    assert_eq!(dim("needs_met").level_delta, Some(2));
    assert_eq!(dim("resource_linkage").direction, Direction::Unchanged);
    close(dim("resident_connectivity").score_delta, -50.0);
    assert_eq!(dim("resident_connectivity").direction, Direction::Worsened);
    assert_eq!(
        (
            all.improved,
            all.unchanged,
            all.worsened,
            all.not_comparable
        ),
        (10, 1, 1, 0)
    );

    // Step 1 (before → during): needs_met +50, government connectivity +100; robustness
    // 1 → 4/3 (+16.67), connectivity 2 → 3 (+50, medium → high).
    let s1 = &tl.steps[0];
    assert_eq!((s1.from, s1.to), (0, 1));
    close(
        s1.change(ItemKind::Dimension, "needs_met")
            .unwrap()
            .score_delta,
        50.0,
    );
    close(
        s1.change(ItemKind::Attribute, "robustness")
            .unwrap()
            .score_delta,
        50.0 / 3.0,
    );
    assert_eq!(
        s1.change(ItemKind::Attribute, "connectivity")
            .unwrap()
            .level_delta,
        Some(1)
    );
    assert_eq!((s1.improved, s1.unchanged, s1.worsened), (5, 7, 0));

    // A tolerance of 30 points makes connectivity's +25 unchanged.
    let opts = TimelineOptions {
        tolerance: 30.0,
        grouping: Grouping::Single,
        ..TimelineOptions::default()
    };
    let set = timelines(&input, Framework::paper(), &opts).unwrap();
    let all = set.timelines[0].first_to_last.clone().unwrap();
    assert_eq!(
        all.change(ItemKind::Attribute, "connectivity")
            .unwrap()
            .direction,
        Direction::Unchanged
    );
    assert_eq!(set.settings.tolerance, 30.0);
}

#[test]
fn ordering_rules() {
    // Same date: phase order; undated after dated, by phase; no phase after the phased ones.
    let input = vec![
        uniform("c", None, None, Level::Low),                  // 0
        uniform("c", Some(Phase::Learning), None, Level::Low), // 1
        uniform("c", Some(Phase::Recovery), Some("2021-01-01"), Level::Low), // 2
        uniform("c", Some(Phase::Response), Some("2021-01-01"), Level::Low), // 3
        uniform("c", None, Some("2021-01-01"), Level::Low),    // 4
        uniform("c", Some(Phase::Learning), Some("2020-12-31"), Level::Low), // 5
        uniform("c", Some(Phase::Preparedness), None, Level::Low), // 6
    ];
    let tl = timeline(&input, Framework::paper()).unwrap();
    let order: Vec<usize> = tl.points.iter().map(|p| p.index).collect();
    assert_eq!(order, [5, 3, 2, 4, 6, 1, 0]);
    assert_eq!((tl.unphased_points, tl.undated_points), (2, 3));
    assert_eq!(tl.missing_phases, []);
    assert_eq!(tl.last_phase, None);
    assert_eq!(tl.phase_ahead, None);
    assert!(tl.plan_ahead.is_none());
    // All unchanged.
    assert!(tl.steps.iter().all(|s| s.improved + s.worsened == 0));

    // Phase-only (no dates at all): phase order.
    let input = vec![
        uniform("c", Some(Phase::Recovery), None, Level::High),
        uniform("c", Some(Phase::Preparedness), None, Level::Low),
        uniform("c", Some(Phase::Response), None, Level::Medium),
    ];
    let tl = timeline(&input, Framework::paper()).unwrap();
    let phases: Vec<_> = tl.points.iter().map(|p| p.phase.unwrap()).collect();
    assert_eq!(
        phases,
        [Phase::Preparedness, Phase::Response, Phase::Recovery]
    );
    close(
        tl.first_to_last.unwrap().overall().unwrap().score_delta,
        100.0,
    );

    // Undated rejected when asked.
    let opts = TimelineOptions {
        undated: UndatedRule::Error,
        ..TimelineOptions::default()
    };
    let e = timelines(&input, Framework::paper(), &opts).unwrap_err();
    assert_eq!(e.reason(), "undated");
    assert_eq!(
        serde_json::to_string(&e.path()).unwrap(),
        r#"["assessments",0,"date"]"#
    );
    assert!(e.message_zh().contains("没有日期"));

    // Same date and phase: ambiguous.
    let input = vec![
        uniform("c", Some(Phase::Response), Some("2021-01-01"), Level::Low),
        uniform("d", Some(Phase::Response), Some("2021-01-01"), Level::Low),
        uniform("c", Some(Phase::Response), Some("2021-01-01"), Level::High),
    ];
    let e = timelines(&input, Framework::paper(), &TimelineOptions::default()).unwrap_err();
    assert_eq!(
        e,
        TimelineError::DuplicateOccasion {
            index: 2,
            first: 0,
            community: "c".into(),
            date: "2021-01-01".into(),
            phase: "response".into()
        }
    );
}

#[test]
fn grouping_rules() {
    // Ids that name the occasion, grouped by a metadata key.
    let mut a = uniform("lakeside-2020", Some(Phase::Preparedness), None, Level::Low);
    let mut b = uniform("lakeside-2021", Some(Phase::Recovery), None, Level::High);
    let mut c = uniform("hillside-2021", Some(Phase::Recovery), None, Level::Medium);
    for (x, k) in [
        (&mut a, "lakeside"),
        (&mut b, "lakeside"),
        (&mut c, "hillside"),
    ] {
        x.metadata.insert("community".into(), k.into());
    }
    let by_id = timelines(
        &[a.clone(), b.clone(), c.clone()],
        Framework::paper(),
        &TimelineOptions::default(),
    )
    .unwrap();
    assert_eq!(by_id.timelines.len(), 3);
    let opts = TimelineOptions {
        grouping: Grouping::MetadataKey("community".into()),
        ..TimelineOptions::default()
    };
    let set = timelines(
        &[a.clone(), b.clone(), c.clone()],
        Framework::paper(),
        &opts,
    )
    .unwrap();
    let keys: Vec<&str> = set.timelines.iter().map(|t| t.community.as_str()).collect();
    assert_eq!(keys, ["lakeside", "hillside"]);
    assert_eq!(set.timeline("lakeside").unwrap().name, "lakeside-2021");
    assert_eq!(set.timeline("lakeside").unwrap().points.len(), 2);

    c.metadata.insert("community".into(), serde_json::json!(7));
    let e = timelines(
        &[a.clone(), b.clone(), c.clone()],
        Framework::paper(),
        &opts,
    )
    .unwrap_err();
    assert_eq!(e.reason(), "group_key_not_string");
    c.metadata.remove("community");
    let e = timelines(&[a, b, c], Framework::paper(), &opts).unwrap_err();
    assert_eq!(
        serde_json::to_string(&e.path()).unwrap(),
        r#"["assessments",2,"metadata","community"]"#
    );
}

#[test]
fn many_communities_compared() {
    let p = Some(Phase::Preparedness);
    let r = Some(Phase::Recovery);
    let input = vec![
        uniform("north", p, None, Level::Low),
        uniform("south", p, None, Level::High),
        uniform("east", p, None, Level::Low),
        uniform("west", p, None, Level::Medium),
        uniform("north", r, None, Level::Medium),
        uniform("south", r, None, Level::Low),
        uniform("east", r, None, Level::Medium),
        uniform("west", r, None, Level::Medium),
        uniform("lone", r, None, Level::High),
        uniform("dip", p, None, Level::Medium),
        uniform("dip", r, None, Level::Low),
    ];
    let set = timelines(&input, Framework::paper(), &TimelineOptions::default()).unwrap();
    let rows: Vec<(&str, Option<usize>, Option<f64>, bool)> = set
        .ranking
        .iter()
        .map(|e| (e.community.as_str(), e.rank, e.overall_delta, e.tied))
        .collect();
    assert_eq!(
        rows,
        [
            ("north", Some(1), Some(50.0), true),
            ("east", Some(1), Some(50.0), true),
            ("west", Some(3), Some(0.0), false),
            ("dip", Some(4), Some(-50.0), false),
            ("south", Some(5), Some(-100.0), false),
            ("lone", None, None, false),
        ]
    );
    assert_eq!(set.improved_most, ["north", "east"]);
    assert_eq!(set.fell_back, ["south", "dip"]);
    assert_eq!(set.ranking[2].direction, Direction::Unchanged);
    assert_eq!(set.ranking[5].direction, Direction::NotComparable);
    assert!(set.timeline("lone").unwrap().first_to_last.is_none());

    // Results read back.
    let json = serde_json::to_string(&set).unwrap();
    let back: TimelineSet = serde_json::from_str(&json).unwrap();
    assert_eq!(back, set);
}

#[test]
fn typed_errors() {
    let fw = Framework::paper();
    let d = TimelineOptions::default();
    assert_eq!(timelines(&[], fw, &d).unwrap_err(), TimelineError::Empty);
    let bad = TimelineOptions {
        tolerance: -1.0,
        ..TimelineOptions::default()
    };
    let e = timelines(&a_to_b(), fw, &bad).unwrap_err();
    assert_eq!(e.reason(), "invalid_tolerance");
    let bad = TimelineOptions {
        score: renxing::ScoreOptions::default().with_dimension_weight("nope", 1.0),
        ..TimelineOptions::default()
    };
    assert_eq!(
        timelines(&a_to_b(), fw, &bad).unwrap_err().reason(),
        "invalid_options"
    );
    let mut input = a_to_b();
    input[2].ratings.insert("not_a_dimension".into(), None);
    let e = timelines(&input, fw, &d).unwrap_err();
    assert!(matches!(e, TimelineError::Score { index: 2, .. }), "{e}");
    assert!(e.to_string().contains("assessments[2]"));
}

#[test]
fn phase_remedies_and_citations() {
    assert_eq!(phase_ahead(Phase::Preparedness), Phase::Response);
    assert_eq!(phase_ahead(Phase::Learning), Phase::Preparedness);
    let names: Vec<(String, Phase)> = stages().into_iter().map(|s| (s.name.zh, s.phase)).collect();
    assert_eq!(
        names,
        [
            ("监测预警".to_owned(), Phase::Preparedness),
            ("危机应对".to_owned(), Phase::Response),
            ("危机修复".to_owned(), Phase::Recovery),
            ("学习适应".to_owned(), Phase::Learning),
            ("风险预警阶段".to_owned(), Phase::Preparedness),
            ("风险抗击阶段".to_owned(), Phase::Response),
            ("风险结束阶段".to_owned(), Phase::Recovery),
        ]
    );
    // Diagnosed in preparedness → lead with the response: seed 004's fighting phase, where the
    // community's Party organisation and residents' committee bear the first responsibility.
    let plan = plan_ahead(Phase::Preparedness);
    assert_eq!(plan.phase, Phase::Response);
    let community = plan.by_actor(Actor::Community);
    assert!(community.iter().any(|a| a
        .text
        .zh
        .starts_with("社区党组织、社区居委会作为第一责任主体")));
    let so = plan.by_actor(Actor::SocialOrganisations);
    assert_eq!(so.len(), 1);
    assert_eq!(so[0].source, "004_c48e9fa23e80f143.txt");
    assert_eq!(
        plan.stages[1].principle.as_ref().unwrap().zh,
        "行政主导,社会工作者、社会组织协力共治"
    );
    // Warning phase: social organisations stockpile supplies.
    let warn = plan_for(Phase::Preparedness);
    assert!(warn
        .by_actor(Actor::SocialOrganisations)
        .iter()
        .any(|a| a.text.zh.contains("收集、储备应急物资")));
    // Every source key has a citation.
    for s in stages() {
        for a in &s.actions {
            assert!(citation(&a.source).is_some(), "{}", a.source);
        }
    }
    let c = citation("001_f8ce86e00c3dc2df.txt").unwrap();
    assert_eq!(
        c.format(Lang::Zh),
        "构建社区应急韧性治理体系. 中国社会科学报, 2022-12-08."
    );
    assert!(c.authors.is_empty()); // the seed names no author
    assert_eq!(citations().len(), 5);
    // Read back.
    let json = serde_json::to_string(&plan).unwrap();
    assert_eq!(
        serde_json::from_str::<renxing::timeline::PhasePlan>(&json).unwrap(),
        plan
    );
}

#[test]
fn json_schemas_describe_requests_and_results() {
    let req = serde_json::to_value(schemars::schema_for!(TimelineOptions)).unwrap();
    assert!(req.to_string().contains("metadata_key"));
    let res = serde_json::to_value(schemars::schema_for!(TimelineSet))
        .unwrap()
        .to_string();
    for field in [
        "first_to_last",
        "missing_phases",
        "improved_most",
        "not_comparable",
    ] {
        assert!(res.contains(field), "{field}");
    }
    let plan = serde_json::to_value(schemars::schema_for!(renxing::timeline::PhasePlan)).unwrap();
    assert!(plan.to_string().contains("social_organisations"));
}

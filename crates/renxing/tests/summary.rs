//! Summaries of many diagnoses (issue 15): a hand-computed case, a naive oracle (diagnose every
//! row, count), split invariance (any partition, any merge tree: the same bits), assessments
//! versus codes, and the typed, located, bilingual errors.

#![allow(clippy::expect_used, clippy::panic, clippy::unwrap_used)]

use proptest::prelude::*;
use renxing::summary::*;
use renxing::{diagnose_in, Assessment, ErrorCode, Framework, Lang, Phase, Rating};

fn paper() -> &'static Framework {
    Framework::paper()
}

/// A row of codes as an assessment (0 = not rated).
fn assessment(fw: &Framework, row: &[u8]) -> Assessment {
    let mut a = Assessment::for_framework(fw, "row", "row");
    for (d, &c) in fw.dimensions.iter().zip(row) {
        a.rate_id(
            d.id.clone(),
            fw.level_by_code(c).map(|l| Rating::level_id(l.id.clone())),
        );
    }
    a
}

fn spec(unrated: bool) -> SummarySpec {
    SummarySpec {
        unrated,
        ..SummarySpec::default()
    }
}

fn remedy<'a>(s: &'a DiagnosisSummary, id: &str) -> &'a RemedySummary {
    s.remedies.iter().find(|r| r.id == id).expect(id)
}

fn deficit<'a>(list: &'a [DeficitSummary], id: &str) -> &'a DeficitSummary {
    list.iter().find(|d| d.id == id).expect(id)
}

/// Five communities of the paper's framework (dimensions in its order: needs_met,
/// resource_linkage, rules | emergency_knowledge, volunteer_teams, it_use |
/// government_connectivity, resident_connectivity; equal weights, weighted mean):
///
/// 1. all high (3): overall high, no deficit, no remedy;
/// 2. all low (1): every attribute and dimension a deficit of gap 2, severity 2; every remedy,
///    priority 2; top 3 = the first three remedies of the framework (all tie at 2);
/// 3. and 4. (the same row) needs_met low, the rest high: robustness = (1 + 3 + 3)/3 = 7/3 →
///    medium (nearest level), gap 2/3; overall (7/3 + 3 + 3)/3 = 25/9 → high; the needs_met
///    deficit has gap 2, severity 2; remedies naming needs_met have priority 2, those naming only
///    robustness 2/3; top 3 = empower_and_devolve, community_life_circle, population_big_data
///    (the first three at priority 2 in framework order);
/// 5. needs_met not rated, the rest medium (2): every attribute medium (gap 1), seven dimension
///    deficits of gap 1; every remedy but those naming only needs_met, priority 1; top 3 = the
///    first three.
#[test]
fn hand_computed_five_communities() {
    let rows: Vec<[u8; 8]> = vec![
        [3; 8],
        [1; 8],
        [1, 3, 3, 3, 3, 3, 3, 3],
        [1, 3, 3, 3, 3, 3, 3, 3],
        [0, 2, 2, 2, 2, 2, 2, 2],
    ];
    let codes: Vec<u8> = rows.concat();
    let s = summarize_codes(paper(), &spec(true), &codes).unwrap();
    assert_eq!(s.units, 5);
    assert_eq!(s.code_rows, 5);
    assert_eq!(s.assessments, 0);
    assert_eq!(s.distinct_rows, Some(4));
    assert_eq!(s.with_unrated, 1);
    assert_eq!(s.with_unrated_share, Some(0.2));
    // overall: low 1 (row 2), medium 1 (row 5), high 3 (rows 1, 3, 4)
    assert_eq!(s.overall.counts, vec![1, 1, 3]);
    assert_eq!(s.overall.unrated, 0);
    assert_eq!(s.overall.shares, vec![Some(0.2), Some(0.2), Some(0.6)]);
    let attr = |id: &str| &s.attributes.iter().find(|a| a.id == id).unwrap().levels;
    assert_eq!(attr("robustness").counts, vec![1, 3, 1]);
    assert_eq!(attr("redundancy").counts, vec![1, 1, 3]);
    let dim = |id: &str| &s.dimensions.iter().find(|d| d.id == id).unwrap().levels;
    assert_eq!(dim("needs_met").counts, vec![3, 0, 1]);
    assert_eq!(dim("needs_met").unrated, 1);
    assert_eq!(dim("rules").counts, vec![1, 1, 3]);
    assert_eq!(dim("rules").unrated, 0);
    // deficits: robustness in rows 2, 3, 4, 5 with gaps 2, 2/3, 2/3, 1
    let r = deficit(&s.attribute_deficits, "robustness");
    assert_eq!((r.units, r.share), (4, Some(0.8)));
    let want = (2.0 + 2.0 / 3.0 + 2.0 / 3.0 + 1.0) / 4.0;
    assert!((r.mean_gap.unwrap() - want).abs() < 1e-15);
    assert!((r.mean_severity.unwrap() - want).abs() < 1e-15);
    let r = deficit(&s.attribute_deficits, "redundancy");
    assert_eq!((r.units, r.mean_gap), (2, Some(1.5)));
    let n = deficit(&s.dimension_deficits, "needs_met");
    assert_eq!(
        (n.units, n.mean_gap, n.mean_severity),
        (3, Some(2.0), Some(2.0))
    );
    let n = deficit(&s.dimension_deficits, "rules");
    assert_eq!((n.units, n.mean_gap), (2, Some(1.5)));
    // remedies
    let g = remedy(&s, "government_responsiveness");
    assert_eq!((g.units, g.top_k, g.mean_priority), (2, 0, Some(1.5)));
    let w = remedy(&s, "widen_evaluation");
    assert_eq!((w.units, w.top_k, w.mean_priority), (4, 0, Some(1.75)));
    let e = remedy(&s, "empower_and_devolve");
    assert_eq!((e.units, e.top_k), (4, 4));
    assert_eq!(e.top_k_share, Some(0.8));
    assert_eq!(remedy(&s, "resilient_emergency_system").top_k, 2);
    assert_eq!(remedy(&s, "smart_technology").top_k, 2);
    assert_eq!(remedy(&s, "community_life_circle").top_k, 2);
    assert_eq!(remedy(&s, "population_big_data").top_k, 2);
    assert_eq!(remedy(&s, "grid_governance").top_k, 0);
    // only resilient_emergency_system names robustness and not needs_met among these: 2/3 in
    // rows 3, 4, 2 in row 2 and 1 in row 5
    let res = remedy(&s, "resilient_emergency_system");
    assert_eq!(res.units, 4);
    let want = (2.0 + 2.0 / 3.0 + 2.0 / 3.0 + 1.0) / 4.0;
    assert!((res.mean_priority.unwrap() - want).abs() < 1e-15);
    // labels from the framework
    assert_eq!(s.levels[0].id, "low");
    assert_eq!(s.attributes[0].labels.get("zh"), "稳健性");
    // codes name no mode; the paper's cases are all listed
    assert_eq!(s.no_mode, 5);
    assert!(s.modes.iter().all(|m| m.units == 0));
    assert_eq!(s.nearest_cases.len(), 3);
    assert_eq!(
        s.nearest_cases.iter().map(|c| c.units).sum::<u64>() + s.no_nearest_case,
        5
    );
    // the spec is recorded
    assert_eq!(s.spec.top_k, 3);
    assert!(s.spec.unrated);
}

/// The naive oracle: every row diagnosed, everything counted and summed in row order.
fn check_against_oracle(fw: &Framework, sp: &SummarySpec, codes: &[u8]) {
    let d = fw.dimensions.len();
    let s = summarize_codes(fw, sp, codes).unwrap();
    let rows = codes.len() / d;
    assert_eq!(s.units as usize, rows);
    let k = usize::from(fw.level_count());
    let mut overall = vec![0u64; k + 1];
    let mut dims = vec![vec![0u64; k + 1]; d];
    let mut with_unrated = 0u64;
    let mut rem_units = vec![0u64; fw.remedies.len()];
    let mut rem_top = vec![0u64; fw.remedies.len()];
    let mut rem_pri = vec![0f64; fw.remedies.len()];
    let mut dim_def = vec![(0u64, 0f64, 0f64); d];
    let mut nearest = std::collections::BTreeMap::<String, u64>::new();
    for row in codes.chunks_exact(d) {
        let diag = diagnose_in(&assessment(fw, row), fw, &sp.options, sp.phase).unwrap();
        overall[diag
            .scorecard
            .overall
            .as_ref()
            .map_or(0, |g| usize::from(g.code))] += 1;
        for (i, x) in diag.scorecard.dimensions.iter().enumerate() {
            dims[i][x.grade.as_ref().map_or(0, |g| usize::from(g.code))] += 1;
        }
        with_unrated += u64::from(!diag.unrated.is_empty());
        for (rank, r) in diag.remedies.iter().enumerate() {
            let i = fw.remedies.iter().position(|x| x.id == r.id).unwrap();
            rem_units[i] += 1;
            rem_top[i] += u64::from(rank < sp.top_k);
            rem_pri[i] += r.priority;
        }
        for def in &diag.dimension_deficits {
            let i = fw.dimensions.iter().position(|x| x.id == def.id).unwrap();
            dim_def[i].0 += 1;
            dim_def[i].1 += def.gap;
            dim_def[i].2 += def.severity;
        }
        if let Some(c) = &diag.nearest_case {
            *nearest.entry(c.case.clone()).or_default() += 1;
        }
    }
    assert_eq!(s.overall.unrated, overall[0]);
    assert_eq!(s.overall.counts, overall[1..].to_vec());
    for (i, x) in s.dimensions.iter().enumerate() {
        assert_eq!(x.levels.unrated, dims[i][0]);
        assert_eq!(x.levels.counts, dims[i][1..].to_vec());
    }
    assert_eq!(s.with_unrated, with_unrated);
    let close = |a: Option<f64>, sum: f64, n: u64| match a {
        None => n == 0,
        Some(a) => n > 0 && (a - sum / n as f64).abs() <= 1e-12 * (1.0 + a.abs()),
    };
    for (i, r) in s.remedies.iter().enumerate() {
        assert_eq!((r.units, r.top_k), (rem_units[i], rem_top[i]), "{}", r.id);
        assert!(close(r.mean_priority, rem_pri[i], rem_units[i]), "{}", r.id);
    }
    for (i, x) in s.dimension_deficits.iter().enumerate() {
        assert_eq!(x.units, dim_def[i].0);
        assert!(close(x.mean_gap, dim_def[i].1, dim_def[i].0));
        assert!(close(x.mean_severity, dim_def[i].2, dim_def[i].0));
    }
    for c in &s.nearest_cases {
        assert_eq!(
            c.units,
            nearest.get(&c.case).copied().unwrap_or(0),
            "{}",
            c.case
        );
    }
    assert_eq!(
        s.no_nearest_case,
        rows as u64 - nearest.values().sum::<u64>()
    );
}

fn codes_strategy(max_rows: usize, unrated: bool) -> impl Strategy<Value = Vec<u8>> {
    let lo = u8::from(!unrated);
    (0..=max_rows).prop_flat_map(move |rows| proptest::collection::vec(lo..=3u8, rows * 8))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn equals_the_naive_oracle(
        codes in codes_strategy(40, true),
        top_k in 0usize..6,
        method in prop_oneof![Just("mean"), Just("median"), Just("minimum"), Just("capped_mean")],
        phase in prop_oneof![Just(None), Just(Some(Phase::Response)), Just(Some(Phase::Learning))],
    ) {
        let mut sp = spec(true);
        sp.top_k = top_k;
        sp.phase = phase;
        sp.options = renxing::ScoreOptions::from_value(&serde_json::json!({"method": method})).unwrap();
        check_against_oracle(paper(), &sp, &codes);
    }

    /// Any cut into parts, merged in any order and any tree, even through JSON, is the whole's
    /// partial, and its finish is the same bits.
    #[test]
    fn split_and_merge_in_any_tree_is_the_whole(
        codes in codes_strategy(60, true),
        cuts in proptest::collection::vec(0usize..=60, 0..6),
        order_seed in any::<u64>(),
        fan in 2usize..4,
    ) {
        let fw = paper();
        let sp = spec(true);
        let rows = codes.len() / 8;
        let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(rows)).collect();
        cuts.push(0);
        cuts.push(rows);
        cuts.sort_unstable();
        let mut parts: Vec<SummaryPartial> = cuts
            .windows(2)
            .map(|w| SummaryPartial::of_codes(fw, &sp, &codes[w[0] * 8..w[1] * 8]).unwrap())
            .map(|p| serde_json::from_value(serde_json::to_value(&p).unwrap()).unwrap())
            .collect();
        // shuffle the parts (a fixed LCG from the seed)
        let mut s = order_seed | 1;
        for i in (1..parts.len()).rev() {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            parts.swap(i, (s >> 33) as usize % (i + 1));
        }
        // a tree: merge `fan` at a time
        while parts.len() > 1 {
            parts = parts.chunks(fan).map(|c| SummaryPartial::merge(c).unwrap()).collect();
        }
        let whole = SummaryPartial::of_codes(fw, &sp, &codes).unwrap();
        prop_assert_eq!(&parts[0], &whole);
        let a = serde_json::to_string(&parts[0].finish(fw).unwrap()).unwrap();
        let b = serde_json::to_string(&summarize_codes(fw, &sp, &codes).unwrap()).unwrap();
        prop_assert_eq!(a, b);
    }

    /// Rows in another order: the same partial and the same bits.
    #[test]
    fn row_order_does_not_matter(codes in codes_strategy(50, true)) {
        let fw = paper();
        let sp = spec(true);
        let mut rev: Vec<u8> = codes.chunks_exact(8).rev().flatten().copied().collect();
        if rev.is_empty() { rev = Vec::new(); }
        prop_assert_eq!(
            serde_json::to_string(&summarize_codes(fw, &sp, &codes).unwrap()).unwrap(),
            serde_json::to_string(&summarize_codes(fw, &sp, &rev).unwrap()).unwrap()
        );
    }
}

/// Enough distinct rows for several blocks of work, and the map path of a framework whose
/// histogram has more than 65,536 cells: both equal the oracle.
#[test]
fn many_distinct_rows_and_a_sparse_histogram() {
    let fw = paper();
    let mut codes = Vec::new();
    for i in 0u32..1500 {
        let mut x = i.wrapping_mul(2654435761);
        for _ in 0..8 {
            codes.push(u8::try_from(x % 4).unwrap());
            x /= 4;
        }
    }
    let s = summarize_codes(fw, &spec(true), &codes).unwrap();
    assert!(s.distinct_rows.unwrap() > 512);
    check_against_oracle(fw, &spec(true), &codes);

    // nine dimensions of five levels: 6⁹ > 65,536 cells
    let custom = nine_dimensions("nine");
    let mut codes = Vec::new();
    for i in 0u32..300 {
        let mut x = i.wrapping_mul(2654435761) ^ 0x5bd1e995;
        for _ in 0..9 {
            codes.push(u8::try_from(x % 6).unwrap());
            x /= 6;
        }
    }
    check_against_oracle(&custom, &spec(true), &codes);
    let halves = [
        SummaryPartial::of_codes(&custom, &spec(true), &codes[..9 * 123]).unwrap(),
        SummaryPartial::of_codes(&custom, &spec(true), &codes[9 * 123..]).unwrap(),
    ];
    assert_eq!(
        SummaryPartial::merge(&halves).unwrap(),
        SummaryPartial::of_codes(&custom, &spec(true), &codes).unwrap()
    );
}

fn nine_dimensions(id: &str) -> Framework {
    let dims: Vec<serde_json::Value> = (0..9)
        .map(|i| serde_json::json!({"id": format!("d{i}"), "attribute": if i < 5 { "a" } else { "b" }, "labels": {"en": format!("D{i}"), "zh": format!("维度{i}")}}))
        .collect();
    Framework::from_value(&serde_json::json!({
        "schema_version": 1,
        "id": id,
        "labels": {"en": "Nine", "zh": "九"},
        "levels": (1..=5).map(|l| serde_json::json!({"id": format!("l{l}"), "labels": {"en": format!("L{l}"), "zh": format!("级{l}")}})).collect::<Vec<_>>(),
        "attributes": [
            {"id": "a", "labels": {"en": "A", "zh": "甲"}},
            {"id": "b", "labels": {"en": "B", "zh": "乙"}, "weight": 2}
        ],
        "dimensions": dims,
        "remedies": [
            {"id": "fix_a", "targets": ["a", "d0"], "title": {"en": "Fix A", "zh": "修甲"}, "detail": {"en": "x", "zh": "x"}, "source": "test"}
        ]
    }))
    .unwrap()
}

/// Assessments rated by level only are summarised like their rows of codes: the same counts,
/// the means to rounding (summed in input order rather than row order); modes are counted.
#[test]
fn assessments_relate_to_codes() {
    let fw = paper();
    let rows: Vec<Vec<u8>> = (0u32..30)
        .map(|i| {
            (0..8)
                .map(|j| u8::try_from((i * 7 + j * 3) % 4).unwrap())
                .collect()
        })
        .collect();
    let mut list: Vec<Assessment> = rows.iter().map(|r| assessment(fw, r)).collect();
    list[0].mode = Some(renxing::Mode::GovernmentLed);
    list[1].mode = Some(renxing::Mode::GovernmentLed);
    list[2].mode = Some(renxing::Mode::SocialWorkerDriven);
    let a = summarize_assessments(fw, &spec(true), &list).unwrap();
    let c = summarize_codes(fw, &spec(true), &rows.concat()).unwrap();
    assert_eq!(
        (a.units, a.assessments, a.code_rows, a.distinct_rows),
        (30, 30, 0, None)
    );
    assert_eq!(a.overall, c.overall);
    assert_eq!(a.attributes, c.attributes);
    assert_eq!(a.dimensions, c.dimensions);
    assert_eq!(a.nearest_cases, c.nearest_cases);
    for (x, y) in a.remedies.iter().zip(&c.remedies) {
        assert_eq!((x.units, x.top_k), (y.units, y.top_k));
        match (x.mean_priority, y.mean_priority) {
            (Some(p), Some(q)) => assert!((p - q).abs() < 1e-12),
            (p, q) => assert_eq!(p, q),
        }
    }
    let mode = |m: renxing::Mode| a.modes.iter().find(|x| x.mode == m).unwrap().units;
    assert_eq!(mode(renxing::Mode::GovernmentLed), 2);
    assert_eq!(mode(renxing::Mode::SocialWorkerDriven), 1);
    assert_eq!(a.no_mode, 27);

    // both at once: assessments first, then the histogram
    let mut s = Summarizer::new(fw, &spec(true)).unwrap();
    for (i, x) in list.iter().enumerate() {
        s.add_assessment(i, x).unwrap();
    }
    s.add_partial(&SummaryPartial::of_codes(fw, &spec(true), &rows.concat()).unwrap())
        .unwrap();
    let both = s.finish();
    assert_eq!((both.units, both.assessments, both.code_rows), (60, 30, 30));
    assert_eq!(
        both.overall.counts,
        a.overall.counts.iter().map(|n| n * 2).collect::<Vec<_>>()
    );

    // the reference cases themselves: each is nearest to itself
    let cases = renxing::cases();
    let s = summarize_assessments(fw, &SummarySpec::default(), &cases).unwrap();
    assert!(s.nearest_cases.iter().all(|c| c.units == 1));
    assert_eq!(s.no_mode, 0);
}

#[test]
fn empty_input_has_no_shares_and_no_means() {
    let s = summarize_codes(paper(), &spec(false), &[]).unwrap();
    assert_eq!(s.units, 0);
    assert_eq!(s.distinct_rows, Some(0));
    assert_eq!(s.overall.shares, vec![None, None, None]);
    assert!(s
        .remedies
        .iter()
        .all(|r| r.mean_priority.is_none() && r.share.is_none()));
}

#[test]
fn errors_are_typed_located_and_bilingual() {
    let fw = paper();
    // a length that is not a multiple of the dimensions
    let e = summarize_codes(fw, &spec(false), &[1; 12]).unwrap_err();
    assert_eq!(e.code(), ErrorCode::BatchInput);
    assert_eq!(e.path().unwrap().to_string(), "codes");
    // a code out of range, and a 0 without `unrated`: row and column named
    let mut codes = vec![2u8; 24];
    codes[8 + 5] = 4;
    let e = summarize_codes(fw, &spec(true), &codes).unwrap_err();
    assert_eq!(e.code(), ErrorCode::BatchInput);
    assert_eq!(e.path().unwrap().to_string(), "codes[1][5]");
    assert!(e.message(Lang::En).contains("it_use"));
    assert!(e.message(Lang::Zh).contains("等级代码 4"));
    codes[8 + 5] = 0;
    let e = summarize_codes(fw, &spec(false), &codes).unwrap_err();
    assert_eq!(e.path().unwrap().to_string(), "codes[1][5]");
    assert!(summarize_codes(fw, &spec(true), &codes).is_ok());

    // bad weights in the spec
    let mut bad = spec(false);
    bad.options =
        renxing::ScoreOptions::from_value(&serde_json::json!({"dimension_weights": {"rules": -1}}))
            .unwrap();
    let e = summarize_codes(fw, &bad, &codes).unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidWeight);

    let p = SummaryPartial::of_codes(fw, &spec(true), &codes).unwrap();
    // a version the merge does not know
    let mut v2 = p.clone();
    v2.version = 2;
    let e = SummaryPartial::merge(&[p.clone(), v2.clone()]).unwrap_err();
    assert_eq!(e.code(), ErrorCode::SummaryInput);
    assert_eq!(e.path().unwrap().to_string(), "partials[1].version");
    assert!(e.message(Lang::En).contains("version 2"));
    assert!(e.message(Lang::Zh).contains("版本 2"));
    let e = v2.finish(fw).unwrap_err();
    assert_eq!(e.path().unwrap().to_string(), "partial.version");
    // another spec
    let mut other = SummaryPartial::of_codes(fw, &spec(true), &codes).unwrap();
    other.spec.top_k = 5;
    let e = SummaryPartial::merge(&[p.clone(), other]).unwrap_err();
    assert_eq!(e.path().unwrap().to_string(), "partials[1].spec");
    // another framework: in the merge, and at the finish
    let nine = nine_dimensions("nine");
    let q = SummaryPartial::of_codes(&nine, &spec(true), &[1; 9]).unwrap();
    let e = SummaryPartial::merge(&[p.clone(), q.clone()]).unwrap_err();
    assert_eq!(e.code(), ErrorCode::SummaryInput);
    assert_eq!(e.path().unwrap().to_string(), "partials[1].framework");
    assert!(e.message(Lang::Zh).contains("nine"));
    let e = q.finish(fw).unwrap_err();
    assert_eq!(e.code(), ErrorCode::FrameworkMismatch);
    assert_eq!(e.path().unwrap().to_string(), "framework");
    assert!(e.message(Lang::En).contains("\"nine\""));
    assert!(e.message(Lang::Zh).contains("框架"));
    // fields that do not fit together
    let mut broken = p.clone();
    broken.counts[0] += 1;
    let e = SummaryPartial::merge(&[broken]).unwrap_err();
    assert_eq!(e.path().unwrap().to_string(), "partials[0].units");
    let mut broken = p.clone();
    broken.codes.pop();
    assert_eq!(
        SummaryPartial::merge(&[broken])
            .unwrap_err()
            .path()
            .unwrap()
            .to_string(),
        "partials[0].codes"
    );
    let mut broken = p.clone();
    broken.codes.reverse();
    assert_eq!(
        broken.finish(fw).unwrap_err().path().unwrap().to_string(),
        "partial.codes"
    );
    // nothing to merge
    let e = SummaryPartial::merge(&[]).unwrap_err();
    assert_eq!(e.path().unwrap().to_string(), "partials");
}

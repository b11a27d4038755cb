//! Properties checked against naive oracles on generated inputs (proptest).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use proptest::prelude::*;
use renxing::{
    score_with, Assessment, BatchOutput, Dimension, Engine, Evidence, Framework, Level, Method,
    Mode, Phase, Rating, ScoreOptions,
};

fn method() -> impl Strategy<Value = Method> {
    prop::sample::select(Method::ALL.to_vec())
}

/// One rating per paper dimension: None (unrated) or a level code 1..=3 or a score.
#[derive(Clone, Debug)]
enum R {
    Unrated,
    Code(u8),
    Score(f64),
    Answers(bool, bool),
}

fn rating() -> impl Strategy<Value = R> {
    prop_oneof![
        1 => Just(R::Unrated),
        4 => (1u8..=3).prop_map(R::Code),
        2 => (0.0f64..=100.0).prop_map(R::Score),
        1 => (any::<bool>(), any::<bool>()).prop_map(|(c, d)| R::Answers(c, d)),
    ]
}

fn to_rating(r: &R) -> Option<Rating> {
    match r {
        R::Unrated => None,
        R::Code(c) => Level::try_from(*c).ok().map(Rating::level),
        R::Score(s) => Rating::score(*s),
        R::Answers(c, d) => Some(Rating::answers(*c, *d)),
    }
}

/// The value x of a rating (naive oracle).
fn x_of(r: &R) -> Option<f64> {
    match r {
        R::Unrated => None,
        R::Code(c) => Some(f64::from(*c)),
        R::Score(s) => Some(1.0 + s / 50.0),
        R::Answers(true, true) => Some(3.0),
        R::Answers(true, false) => Some(2.0),
        R::Answers(false, _) => Some(1.0),
    }
}

fn assessment(rs: &[R]) -> Assessment {
    let mut a = Assessment::new("p", "p");
    for (d, r) in Dimension::ALL.iter().zip(rs) {
        a.rate_id(d.id(), to_rating(r));
    }
    a
}

fn weights() -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(prop_oneof![1 => Just(0.0), 4 => 0.1f64..5.0], 8)
}

fn options(m: Method, w: &[f64]) -> ScoreOptions {
    let mut o = ScoreOptions::method(m);
    for (d, w) in Dimension::ALL.iter().zip(w) {
        o = o.with_dimension_weight(d.id(), *w);
    }
    o
}

fn valid_weights(w: &[f64]) -> bool {
    // every attribute needs one positive weight
    renxing::Attribute::ALL.iter().all(|a| {
        Dimension::ALL
            .iter()
            .zip(w)
            .any(|(d, w)| d.attribute() == *a && *w > 0.0)
    })
}

proptest! {
    /// An aggregate lies between its inputs' min and max (attributes and overall).
    #[test]
    fn aggregate_between_min_and_max(rs in prop::collection::vec(rating(), 8), m in method(), w in weights()) {
        prop_assume!(valid_weights(&w));
        let card = score_with(&assessment(&rs), Framework::paper(), &options(m, &w)).expect("score");
        let mut attr_values = Vec::new();
        for a in &card.attributes {
            let xs: Vec<f64> = Dimension::ALL.iter().zip(&rs).zip(&w)
                .filter(|((d, _), w)| d.attribute().id() == a.id && **w > 0.0)
                .filter_map(|((_, r), _)| x_of(r)).collect();
            match &a.grade {
                None => prop_assert!(xs.is_empty()),
                Some(g) => {
                    let lo = xs.iter().copied().fold(f64::INFINITY, f64::min);
                    let hi = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                    prop_assert!(g.value >= lo - 1e-12 && g.value <= hi + 1e-12, "{} not in [{lo}, {hi}]", g.value);
                    prop_assert!((0.0..=100.0).contains(&g.score));
                    attr_values.push(g.value);
                }
            }
        }
        if let Some(o) = &card.overall {
            let lo = attr_values.iter().copied().fold(f64::INFINITY, f64::min);
            let hi = attr_values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            prop_assert!(o.value >= lo - 1e-12 && o.value <= hi + 1e-12);
        } else {
            prop_assert!(attr_values.is_empty());
        }
    }

    /// The default mean equals the naive formula: mean of rated dims per attribute, mean of
    /// attributes, nearest level with ties downwards.
    #[test]
    fn mean_matches_naive_oracle(rs in prop::collection::vec(rating(), 8)) {
        let card = renxing::score(&assessment(&rs), Framework::paper()).expect("score");
        let mut attrs = Vec::new();
        for a in renxing::Attribute::ALL {
            let xs: Vec<f64> = Dimension::ALL.iter().zip(&rs)
                .filter(|(d, _)| d.attribute() == *a).filter_map(|(_, r)| x_of(r)).collect();
            let got = card.attribute(a.id()).and_then(|s| s.grade.clone());
            if xs.is_empty() {
                prop_assert!(got.is_none());
            } else {
                let mean = xs.iter().sum::<f64>() / xs.len() as f64;
                let g = got.expect("grade");
                prop_assert!((g.value - mean).abs() < 1e-9);
                let naive = if mean <= 1.5 + 1e-9 { 1 } else if mean <= 2.5 + 1e-9 { 2 } else { 3 };
                prop_assert_eq!(g.code, naive);
                attrs.push(mean);
            }
        }
        if !attrs.is_empty() {
            let mean = attrs.iter().sum::<f64>() / attrs.len() as f64;
            let o = card.overall.expect("overall");
            prop_assert!((o.score - (mean - 1.0) * 50.0).abs() < 1e-9);
        }
    }

    /// Raising one rating never lowers any attribute or the overall score, whatever the method
    /// and weights.
    #[test]
    fn raising_a_rating_never_lowers_a_score(
        rs in prop::collection::vec(rating(), 8), i in 0usize..8, m in method(), w in weights()
    ) {
        prop_assume!(valid_weights(&w));
        let Some(x) = x_of(&rs[i]) else { return Ok(()) };
        prop_assume!(x < 3.0);
        let mut up = rs.clone();
        up[i] = R::Score(((x - 1.0) * 50.0 + 10.0).min(100.0));
        let opts = options(m, &w);
        let before = score_with(&assessment(&rs), Framework::paper(), &opts).expect("before");
        let after = score_with(&assessment(&up), Framework::paper(), &opts).expect("after");
        for (b, a) in before.attributes.iter().zip(&after.attributes) {
            if let (Some(b), Some(a)) = (&b.grade, &a.grade) {
                prop_assert!(a.score >= b.score - 1e-9, "{}: {} -> {}", b.level, b.score, a.score);
                prop_assert!(a.code >= b.code);
            }
        }
        let (b, a) = (before.overall.expect("b"), after.overall.expect("a"));
        prop_assert!(a.score >= b.score - 1e-9);
        prop_assert!(a.code >= b.code);
    }

    /// The order of dimensions within an attribute does not matter.
    #[test]
    fn dimension_order_does_not_matter(
        rs in prop::collection::vec(rating(), 8), m in method(), w in weights(), seed in any::<u64>()
    ) {
        prop_assume!(valid_weights(&w));
        let fw = Framework::paper();
        let mut shuffled = fw.clone();
        // a deterministic permutation from the seed
        let mut s = seed;
        for k in (1..shuffled.dimensions.len()).rev() {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let j = (s >> 33) as usize % (k + 1);
            shuffled.dimensions.swap(k, j);
        }
        let a = assessment(&rs);
        let x = score_with(&a, fw, &options(m, &w)).expect("x");
        let y = score_with(&a, &shuffled, &options(m, &w)).expect("y");
        for (p, q) in x.attributes.iter().zip(&y.attributes) {
            prop_assert_eq!(p.grade.as_ref().map(|g| g.code), q.grade.as_ref().map(|g| g.code));
            if let (Some(p), Some(q)) = (&p.grade, &q.grade) {
                prop_assert!((p.value - q.value).abs() < 1e-9);
            }
        }
        prop_assert_eq!(x.overall.map(|g| g.code), y.overall.map(|g| g.code));
    }

    /// Batch scoring equals per-assessment scoring.
    #[test]
    fn batch_equals_single(rows in prop::collection::vec(prop::collection::vec(1u8..=3, 8), 1..20), m in method()) {
        let fw = Framework::paper();
        let opts = ScoreOptions::method(m);
        let engine = Engine::new(fw, &opts).expect("engine");
        let n = rows.len();
        let (mut os, mut ol) = (vec![0.0; n], vec![0u8; n]);
        let flat: Vec<u8> = rows.concat();
        engine.score_codes(&flat, &mut BatchOutput {
            overall_score: &mut os, overall_level: &mut ol, attribute_score: None, attribute_level: None, rated: None,
        }).expect("batch");
        for (r, row) in rows.iter().enumerate() {
            let rs: Vec<R> = row.iter().map(|c| R::Code(*c)).collect();
            let g = score_with(&assessment(&rs), fw, &opts).expect("single").overall.expect("overall");
            prop_assert_eq!(os[r].to_bits(), g.score.to_bits());
            prop_assert_eq!(ol[r], g.code);
        }
    }

    /// Any generated assessment round-trips through JSON unchanged.
    #[test]
    fn json_round_trip(
        rs in prop::collection::vec(rating(), 8),
        id in "[\\p{L}\\p{N}_.-]{1,12}", name in "\\PC{1,20}", quote in "\\PC{0,40}",
        mode in prop::option::of(prop::sample::select(Mode::ALL.to_vec())),
        phase in prop::option::of(prop::sample::select(Phase::ALL.to_vec())),
        meta in prop::collection::btree_map("\\PC{1,8}", any::<i64>(), 0..4),
    ) {
        prop_assume!(!id.trim().is_empty() && !name.trim().is_empty());
        let mut a = assessment(&rs);
        a.id = id;
        a.name = name;
        a.mode = mode;
        a.phase = phase;
        a.date = "2021-06-30".parse().ok();
        if let Some(Some(r)) = a.ratings.get_mut("needs_met") {
            if !quote.trim().is_empty() {
                r.evidence.push(Evidence::quote(quote.clone(), "来源"));
            }
        }
        for (k, v) in meta {
            a.metadata.insert(k, serde_json::json!(v));
        }
        let text = a.to_json();
        let back = Assessment::parse(&text, Framework::paper()).expect("parse");
        prop_assert_eq!(&back, &a);
        prop_assert_eq!(back.to_json(), text);
    }
}

//! renxing::agree against published worked examples, the reference Python packages (golden
//! vectors in tests/golden/agree/, made by generate.py there), hand-computed cases and
//! properties.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use renxing::agree::*;
use serde_json::Value as Json;

const TOL: f64 = 1e-12;

fn golden(name: &str) -> Json {
    let path = format!(
        "{}/../../tests/golden/agree/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap()
}

/// Reliability data from a golden case (`values`: units × coders, null = missing).
fn data_of(case: &Json) -> ReliabilityData {
    let scale: Scale = serde_json::from_value(case["scale"].clone()).unwrap();
    let rows = case["values"].as_array().unwrap();
    let n_coders = rows[0].as_array().unwrap().len();
    let values: Vec<Option<f64>> = rows
        .iter()
        .flat_map(|r| r.as_array().unwrap().iter().map(Json::as_f64))
        .collect();
    let units = (0..rows.len()).map(|u| format!("u{u}")).collect();
    let coders = (0..n_coders).map(|c| format!("c{c}")).collect();
    ReliabilityData::from_matrix(&scale, units, coders, &values).unwrap()
}

fn metric_of(name: &str) -> Metric {
    match name {
        "nominal" => Metric::Nominal,
        "ordinal" => Metric::Ordinal,
        "interval" => Metric::Interval,
        "ratio" => Metric::Ratio,
        other => panic!("metric {other}"),
    }
}

fn close(got: f64, want: f64, what: &str) {
    assert!(
        (got - want).abs() <= TOL,
        "{what}: got {got:.17}, want {want:.17}"
    );
}

/// Compare every measure of a golden case with the packages' values; returns checks made.
fn check_case(case: &Json) -> usize {
    let name = case["name"].as_str().unwrap();
    let data = data_of(case);
    let mut checks = 0;
    for m in ["nominal", "ordinal", "interval", "ratio"] {
        let got = krippendorff_alpha(&data, &AlphaOptions::metric(metric_of(m)));
        match case["alpha"][m].as_f64() {
            Some(want) => close(got.unwrap().alpha, want, &format!("{name} alpha {m}")),
            None => assert!(got.is_err(), "{name} alpha {m}: expected undefined"),
        }
        checks += 1;
    }
    if let Some(want) = case["cohen_first_two"].as_object() {
        for (w, weights) in [
            ("unweighted", KappaWeights::Unweighted),
            ("linear", KappaWeights::Linear),
            ("quadratic", KappaWeights::Quadratic),
        ] {
            let got = if data.n_coders() == 2 {
                cohen_kappa(&data, weights)
            } else {
                cohen_kappa_pair(&data, "c0", "c1", weights)
            };
            match want[w].as_f64() {
                Some(v) => close(got.unwrap().kappa, v, &format!("{name} cohen {w}")),
                None => assert!(got.is_err(), "{name} cohen {w}: expected undefined"),
            }
            checks += 1;
        }
    }
    for (key, units) in [
        ("fleiss_constant", FleissUnits::RequireConstant),
        ("fleiss_complete", FleissUnits::CompleteOnly),
    ] {
        let got = fleiss_kappa(&data, units);
        match case[key]["kappa"].as_f64() {
            Some(v) => {
                let got = got.unwrap();
                close(got.kappa, v, &format!("{name} {key}"));
                assert_eq!(got.n_units as u64, case[key]["n_units"].as_u64().unwrap());
            }
            None => assert!(got.is_err(), "{name} {key}: expected undefined"),
        }
        checks += 1;
    }
    match case["gwet_ac1"].as_f64() {
        Some(v) => close(gwet_ac1(&data).unwrap().ac1, v, &format!("{name} AC1")),
        None => assert!(gwet_ac1(&data).is_err()),
    }
    match case["percent_agreement"].as_f64() {
        Some(v) => close(
            percent_agreement(&data).unwrap().agreement,
            v,
            &format!("{name} percent"),
        ),
        None => assert!(percent_agreement(&data).is_err()),
    }
    checks + 2
}

#[test]
fn published_worked_examples_match_the_papers_and_the_packages() {
    let g = golden("published.json");
    let cases = g["cases"].as_array().unwrap();
    assert!(cases.len() >= 4);
    let mut checks = 0;
    for case in cases {
        checks += check_case(case);
        let data = data_of(case);
        // The published (3-decimal) values.
        for (key, want) in case["published"].as_object().unwrap() {
            let want = want.as_f64().unwrap();
            let got = if key == "fleiss" {
                fleiss_kappa(&data, FleissUnits::RequireConstant)
                    .unwrap()
                    .kappa
            } else {
                krippendorff_alpha(&data, &AlphaOptions::metric(metric_of(key)))
                    .unwrap()
                    .alpha
            };
            assert!(
                (got - want).abs() < 5e-4,
                "{} {key}: {got} vs published {want}",
                case["name"]
            );
            checks += 1;
        }
    }
    assert!(checks > 40, "{checks}");
}

#[test]
fn krippendorff_2011_example_c_matches_the_published_alphas() {
    // Krippendorff (2011), example C: α nominal .743, ordinal .815, interval .849, ratio .797.
    let g = golden("published.json");
    let case = &g["cases"][0];
    assert_eq!(case["name"], "krippendorff_2011_c");
    let data = data_of(case);
    for (m, want) in [
        (Metric::Nominal, 0.743),
        (Metric::Ordinal, 0.815),
        (Metric::Interval, 0.849),
        (Metric::Ratio, 0.797),
    ] {
        let a = krippendorff_alpha(&data, &AlphaOptions::metric(m)).unwrap();
        assert_eq!((a.alpha * 1000.0).round() / 1000.0, want, "{m:?}");
        // 12 units, of which 11 are pairable (unit 12 has one value); n = 40 pairable values.
        assert_eq!(a.n_units, 12);
        assert_eq!(a.n_pairable_units, 11);
        assert_eq!(a.n_pairable_values, 40);
    }
    // Nominal by hand (Krippendorff 2011, C): n_c = (9, 13, 10, 5, 3), the off-diagonal
    // coincidences sum to 8, so α = 1 − (n − 1)·8 / (n² − Σ n_c²) = 1 − 39·8/1216.
    let a = krippendorff_alpha(&data, &AlphaOptions::metric(Metric::Nominal)).unwrap();
    let row_sums: Vec<f64> = a.coincidence.chunks(5).map(|r| r.iter().sum()).collect();
    for (got, want) in row_sums.iter().zip([9.0, 13.0, 10.0, 5.0, 3.0]) {
        close(*got, want, "n_c");
    }
    let off: f64 = (0..25)
        .filter(|i| i / 5 != i % 5)
        .map(|i| a.coincidence[i])
        .sum();
    close(off, 8.0, "off-diagonal");
    close(a.alpha, 1.0 - 39.0 * 8.0 / 1216.0, "nominal exact");
}

#[test]
fn random_cases_match_krippendorff_statsmodels_and_irrcac() {
    let g = golden("random_cases.json");
    let cases = g["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 30);
    let checks: usize = cases.iter().map(check_case).sum();
    assert!(checks > 300, "{checks}");
}

#[test]
fn bootstrap_is_bit_identical_to_the_reference_implementation() {
    let g = golden("bootstrap.json");
    let cases = g["cases"].as_array().unwrap();
    assert!(cases.len() >= 5);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let data = data_of(case);
        let boot: BootstrapOptions = serde_json::from_value(case["options"].clone()).unwrap();
        let opts = AlphaOptions::metric(metric_of(case["metric"].as_str().unwrap()))
            .with_bootstrap(boot.clone());
        let a = krippendorff_alpha(&data, &opts).unwrap();
        let want = &case["expected"];
        assert_eq!(a.alpha, want["alpha"].as_f64().unwrap(), "{name} alpha");
        close(a.alpha, case["alpha_package"].as_f64().unwrap(), name);
        let b = a.bootstrap.unwrap();
        assert_eq!(b.draws, boot.draws);
        assert_eq!(b.seed, boot.seed);
        assert_eq!(
            b.pairs_per_draw as u64,
            want["pairs_per_draw"].as_u64().unwrap(),
            "{name} M"
        );
        let bits = |x: f64| x.to_bits();
        assert_eq!(
            bits(b.interval.lower),
            bits(want["interval"]["lower"].as_f64().unwrap()),
            "{name} lower"
        );
        assert_eq!(
            bits(b.interval.upper),
            bits(want["interval"]["upper"].as_f64().unwrap()),
            "{name} upper"
        );
        assert_eq!(bits(b.mean), bits(want["mean"].as_f64().unwrap()), "{name}");
        assert_eq!(
            bits(b.standard_error),
            bits(want["standard_error"].as_f64().unwrap()),
            "{name}"
        );
        let below = want["below_minimum"].as_array().unwrap();
        assert_eq!(b.below_minimum.len(), below.len());
        for (got, w) in b.below_minimum.iter().zip(below) {
            assert_eq!(got.minimum, w["minimum"].as_f64().unwrap());
            assert_eq!(
                got.probability,
                w["probability"].as_f64().unwrap(),
                "{name}"
            );
        }
        assert_eq!(
            b.no_variation_draws as u64,
            want["no_variation_draws"].as_u64().unwrap()
        );
        assert_eq!(
            b.clamped_draws as u64,
            want["clamped_draws"].as_u64().unwrap()
        );
    }
}

// ---------------------------------------------------------------------------------------------
// hand-computed cases
// ---------------------------------------------------------------------------------------------

fn two_coders(scale: &Scale, pairs: &[(Option<f64>, Option<f64>)]) -> ReliabilityData {
    let values: Vec<Option<f64>> = pairs.iter().flat_map(|&(a, b)| [a, b]).collect();
    let units = (0..pairs.len()).map(|u| format!("u{u}")).collect();
    ReliabilityData::from_matrix(scale, units, vec!["a".into(), "b".into()], &values).unwrap()
}

#[test]
fn alpha_hand_computed_for_every_metric() {
    // Units (1,1), (1,2), (2,3), (3,3): n_1 = 3, n_2 = 2, n_3 = 3, n = 8.
    // o: o_11 = 2, o_12 = o_21 = 1, o_23 = o_32 = 1, o_33 = 2.
    let data = two_coders(
        &Scale::levels(3),
        &[
            (Some(1.), Some(1.)),
            (Some(1.), Some(2.)),
            (Some(2.), Some(3.)),
            (Some(3.), Some(3.)),
        ],
    );
    let alpha = |m| {
        krippendorff_alpha(&data, &AlphaOptions::metric(m))
            .unwrap()
            .alpha
    };
    // nominal: Σoδ = 4; Σ n_c n_k δ = 2(3·2 + 3·3 + 2·3) = 42; α = 1 − 7·4/42 = 1/3.
    close(alpha(Metric::Nominal), 1.0 - 28.0 / 42.0, "nominal");
    // interval: Σoδ = 2·1 + 2·1 = 4; Σ n n δ = 2(6·1 + 9·4 + 6·1) = 96; α = 1 − 28/96.
    close(alpha(Metric::Interval), 1.0 - 28.0 / 96.0, "interval");
    // ordinal: δ12 = (3 + 2 − 2.5)² = 6.25, δ23 = (2 + 3 − 2.5)² = 6.25,
    // δ13 = (3 + 2 + 3 − 3)² = 25. Σoδ = 2·6.25 + 2·6.25 = 25;
    // Σ n n δ = 2(6·6.25 + 9·25 + 6·6.25) = 600; α = 1 − 7·25/600.
    close(alpha(Metric::Ordinal), 1.0 - 175.0 / 600.0, "ordinal");
    // ratio: δ12 = (1/3)², δ23 = (1/5)², δ13 = (1/2)².
    let (d12, d23, d13) = (1.0 / 9.0, 1.0 / 25.0, 0.25);
    let num = 2.0 * d12 + 2.0 * d23;
    let den = 2.0 * (6.0 * d12 + 9.0 * d13 + 6.0 * d23);
    close(alpha(Metric::Ratio), 1.0 - 7.0 * num / den, "ratio");
}

#[test]
fn alpha_default_metric_follows_the_scale_and_result_reads_back() {
    let data = two_coders(
        &Scale::levels(3),
        &[(Some(1.), Some(2.)), (Some(3.), Some(3.)), (Some(2.), None)],
    );
    let a = krippendorff_alpha(&data, &AlphaOptions::default()).unwrap();
    assert_eq!(a.metric, Metric::Ordinal);
    assert_eq!(a.n_pairable_units, 2);
    assert_eq!(a.n_pairs, 2);
    let json = serde_json::to_string(&a).unwrap();
    let back: AlphaResult = serde_json::from_str(&json).unwrap();
    assert_eq!(back, a);
}

#[test]
fn cohen_kappa_hand_computed_with_weights() {
    // 10 units, 3 categories. Table (rows a, cols b):
    //   [3 1 0]
    //   [1 2 1]
    //   [0 0 2]
    let pairs: Vec<(Option<f64>, Option<f64>)> = [
        (1, 1, 3),
        (1, 2, 1),
        (2, 1, 1),
        (2, 2, 2),
        (2, 3, 1),
        (3, 3, 2),
    ]
    .iter()
    .flat_map(|&(a, b, n)| std::iter::repeat_n((Some(f64::from(a)), Some(f64::from(b))), n))
    .collect();
    let data = two_coders(&Scale::levels(3), &pairs);
    // rows (4, 4, 2), cols (4, 3, 3), N = 10.
    // unweighted: p_o = 7/10, p_e = (16 + 12 + 6)/100 = 0.34, κ = 0.36/0.66.
    let k = cohen_kappa(&data, KappaWeights::Unweighted).unwrap();
    close(k.p_observed, 0.7, "p_o");
    close(k.p_expected, 0.34, "p_e");
    close(k.kappa, 0.36 / 0.66, "kappa");
    // linear: w = 1, .5, 0. p_o = (7 + .5·3)/10 = 0.85;
    // p_e = Σ w r_c s_k / 100 with r = (4,4,2), s = (4,3,3):
    //   diag 34; |c−k| = 1: r1 s2 + r2 s1 + r2 s3 + r3 s2 = 12 + 16 + 12 + 6 = 46 → 23;
    //   p_e = 57/100, κ = (0.85 − 0.57)/0.43.
    let k = cohen_kappa(&data, KappaWeights::Linear).unwrap();
    close(k.kappa, 0.28 / 0.43, "linear");
    // quadratic: w = 1, .75, 0. p_o = (7 + .75·3)/10 = 0.925; p_e = (34 + .75·46)/100 = 0.685.
    let k = cohen_kappa(&data, KappaWeights::Quadratic).unwrap();
    close(k.kappa, (0.925 - 0.685) / (1.0 - 0.685), "quadratic");
}

#[test]
fn gwet_ac1_hand_computed_two_raters() {
    // Gwet (2008) two-rater AC1 on a 2×2 table [[a, b], [c, d]] = [[6, 2], [1, 1]]:
    // p_a = 7/10; π_1 = ((6+2)/10 + (6+1)/10)/2 = 0.75; p_e = 2 · 0.75 · 0.25 = 0.375;
    // AC1 = (0.7 − 0.375)/(0.625) = 0.52.
    let mut pairs = vec![(Some(1.), Some(1.)); 6];
    pairs.extend([(Some(1.), Some(2.)); 2]);
    pairs.push((Some(2.), Some(1.)));
    pairs.push((Some(2.), Some(2.)));
    let data = two_coders(&Scale::levels(2), &pairs);
    let g = gwet_ac1(&data).unwrap();
    close(g.p_observed, 0.7, "p_a");
    close(g.p_expected, 0.375, "p_e");
    close(g.ac1, 0.52, "AC1");
    // Cohen's κ on the same table is lower (the "paradox" AC1 addresses): p_e = .8·.7 + .2·.3.
    let k = cohen_kappa(&data, KappaWeights::Unweighted).unwrap();
    close(k.kappa, (0.7 - 0.62) / 0.38, "kappa");
}

#[test]
fn gwet_ac1_many_raters_with_missing_hand_computed() {
    // 3 raters, q = 3 categories; units: (1,1,1), (1,2,-), (3,-,-), (2,2,3).
    let values = [
        Some(1.),
        Some(1.),
        Some(1.),
        Some(1.),
        Some(2.),
        None,
        Some(3.),
        None,
        None,
        Some(2.),
        Some(2.),
        Some(3.),
    ];
    let data = ReliabilityData::from_matrix(
        &Scale::levels(3),
        (0..4).map(|u| u.to_string()).collect(),
        vec!["a".into(), "b".into(), "c".into()],
        &values,
    )
    .unwrap();
    let g = gwet_ac1(&data).unwrap();
    // p_a over units with ≥ 2: unit1 6/6 = 1, unit2 0/2 = 0, unit4 2/6 = 1/3 → 4/9.
    close(g.p_observed, 4.0 / 9.0, "p_a");
    // π over 4 units: π1 = (1 + 1/2 + 0 + 0)/4 = 3/8; π2 = (0 + 1/2 + 0 + 2/3)/4 = 7/24;
    // π3 = (0 + 0 + 1 + 1/3)/4 = 1/3.
    let pi = [3.0 / 8.0, 7.0 / 24.0, 1.0 / 3.0];
    for (got, want) in g.category_shares.iter().zip(pi) {
        close(*got, want, "pi");
    }
    let pe: f64 = pi.iter().map(|p| p * (1.0 - p)).sum::<f64>() / 2.0;
    close(g.ac1, (4.0 / 9.0 - pe) / (1.0 - pe), "AC1");
    assert_eq!((g.n_units, g.n_units_paired), (4, 3));
    // Percent agreement is the same p_a.
    let p = percent_agreement(&data).unwrap();
    close(p.agreement, 4.0 / 9.0, "percent");
    assert_eq!((p.agreeing_pairs, p.pairs), (3 + 1, 3 + 1 + 3));
}

#[test]
fn fleiss_unit_rules() {
    // Units rated by 3, 3, 2 coders.
    let values = [
        Some(1.),
        Some(1.),
        Some(1.),
        Some(1.),
        Some(2.),
        Some(2.),
        Some(2.),
        None,
        Some(2.),
    ];
    let data = ReliabilityData::from_matrix(
        &Scale::levels(2),
        vec!["x".into(), "y".into(), "z".into()],
        vec!["a".into(), "b".into(), "c".into()],
        &values,
    )
    .unwrap();
    match fleiss_kappa(&data, FleissUnits::RequireConstant) {
        Err(AgreeError::UnequalRatings {
            unit,
            ratings,
            expected,
        }) => assert_eq!((unit.as_str(), ratings, expected), ("z", 2, 3)),
        other => panic!("{other:?}"),
    }
    let k = fleiss_kappa(&data, FleissUnits::CompleteOnly).unwrap();
    assert_eq!(
        (k.n_units, k.n_units_excluded, k.raters_per_unit),
        (2, 1, 3)
    );
    // (1,1,1), (1,2,2): P̄ = (1 + 1/3)/2 = 2/3; p = (4/6, 2/6); P̄_e = 5/9; κ = (1/9)/(4/9).
    close(k.kappa, 0.25, "fleiss");
}

// ---------------------------------------------------------------------------------------------
// data model errors
// ---------------------------------------------------------------------------------------------

#[test]
fn duplicate_coding_is_rejected_naming_the_row() {
    let codings = vec![
        Coding::new("u1", "ann", 1u32),
        Coding::new("u2", "ann", 2u32),
        Coding::new("u1", "bo", 2u32),
        Coding::new("u1", "ann", 3u32),
    ];
    let err = ReliabilityData::from_codings(&Scale::levels(3), &codings).unwrap_err();
    assert_eq!(
        err,
        AgreeError::DuplicateCoding {
            row: 3,
            first_row: 0,
            unit: "u1".into(),
            coder: "ann".into()
        }
    );
    assert_eq!(err.reason(), "duplicate_coding");
    assert_eq!(
        serde_json::to_string(&err.path()).unwrap(),
        r#"["codings",3]"#
    );
    assert!(err.to_string().contains("row 0"));
    assert!(err.message_zh().contains("第 0 行"));
    // The error reads back.
    let json = serde_json::to_string(&err).unwrap();
    assert!(json.contains(r#""code":"duplicate_coding""#));
    let back: AgreeError = serde_json::from_str(&json).unwrap();
    assert_eq!(back, err);
}

#[test]
fn bad_values_are_typed_errors_with_paths() {
    let s = Scale::categories(3, ["low", "medium", "high"]);
    let cases: Vec<(Coding, &str)> = vec![
        (Coding::new("u", "a", 4u32), "not_a_code"),
        (Coding::new("u", "a", 1.5), "not_a_code"),
        (Coding::new("u", "a", f64::NAN), "non_finite_value"),
        (Coding::new("u", "a", "very high"), "unknown_label"),
        (Coding::new("", "a", 1u32), "empty_id"),
    ];
    for (c, code) in cases {
        let err = ReliabilityData::from_codings(&s, &[Coding::new("v", "a", 1u32), c]).unwrap_err();
        assert_eq!(err.reason(), code, "{err}");
        assert_eq!(err.path()[..2], [Seg::from("codings"), Seg::from(1usize)]);
        assert!(!err.message_zh().is_empty());
    }
    let err =
        ReliabilityData::from_codings(&Scale::Numeric, &[Coding::new("u", "a", "x")]).unwrap_err();
    assert_eq!(err.reason(), "label_on_numeric_scale");
    let err =
        ReliabilityData::from_codings(&Scale::Numeric, &[Coding::new("u", "a", f64::INFINITY)])
            .unwrap_err();
    assert_eq!(err.reason(), "non_finite_value");
    assert_eq!(
        ReliabilityData::from_codings(&s, &[]).unwrap_err(),
        AgreeError::NoCodings
    );
    assert_eq!(
        ReliabilityData::from_codings(&Scale::levels(1), &[Coding::new("u", "a", 1u32)])
            .unwrap_err()
            .reason(),
        "too_few_levels"
    );
    assert_eq!(
        ReliabilityData::from_codings(&Scale::categories(2, ["x"]), &[Coding::new("u", "a", 1u32)])
            .unwrap_err()
            .reason(),
        "label_count"
    );
    assert_eq!(
        ReliabilityData::from_codings(
            &Scale::categories(2, ["x", "x"]),
            &[Coding::new("u", "a", 1u32)]
        )
        .unwrap_err()
        .reason(),
        "bad_label"
    );
    // A unit in two groups.
    let err = ReliabilityData::from_codings(
        &s,
        &[
            Coding::new("u", "a", 1u32).in_group("g1"),
            Coding::new("u", "b", 1u32).in_group("g2"),
        ],
    )
    .unwrap_err();
    assert_eq!(err.reason(), "conflicting_group");
    // Matrix shape and duplicate ids.
    let err = ReliabilityData::from_matrix(
        &Scale::Numeric,
        vec!["u".into()],
        vec!["a".into(), "b".into()],
        &[Some(1.0)],
    )
    .unwrap_err();
    assert_eq!(
        err,
        AgreeError::MatrixShape {
            expected: 2,
            found: 1
        }
    );
    let err = ReliabilityData::from_matrix(
        &Scale::Numeric,
        vec!["u".into()],
        vec!["a".into(), "a".into()],
        &[Some(1.0), Some(2.0)],
    )
    .unwrap_err();
    assert_eq!(err.reason(), "duplicate_id");
}

#[test]
fn undefined_measures_are_typed_errors() {
    // No variation: α and κ are 0/0.
    let data = two_coders(
        &Scale::levels(3),
        &[(Some(2.), Some(2.)), (Some(2.), Some(2.))],
    );
    assert!(matches!(
        krippendorff_alpha(&data, &AlphaOptions::default()),
        Err(AgreeError::NoVariation { .. })
    ));
    assert!(matches!(
        cohen_kappa(&data, KappaWeights::Unweighted),
        Err(AgreeError::NoVariation { .. })
    ));
    // Nothing pairable.
    let data = two_coders(&Scale::levels(3), &[(Some(1.), None), (None, Some(2.))]);
    assert!(matches!(
        krippendorff_alpha(&data, &AlphaOptions::default()),
        Err(AgreeError::NoPairableUnits { .. })
    ));
    assert!(matches!(
        cohen_kappa(&data, KappaWeights::Unweighted),
        Err(AgreeError::NoCommonUnits { .. })
    ));
    // Ratio with negative values.
    let data = two_coders(
        &Scale::Numeric,
        &[(Some(-1.), Some(2.)), (Some(3.), Some(2.))],
    );
    assert!(matches!(
        krippendorff_alpha(&data, &AlphaOptions::metric(Metric::Ratio)),
        Err(AgreeError::NegativeRatioValue { value }) if value == -1.0
    ));
    // Bad bootstrap options.
    let data = two_coders(
        &Scale::levels(3),
        &[(Some(1.), Some(2.)), (Some(3.), Some(3.))],
    );
    for (b, field) in [
        (
            BootstrapOptions {
                draws: 0,
                ..Default::default()
            },
            "draws",
        ),
        (
            BootstrapOptions {
                confidence: 1.0,
                ..Default::default()
            },
            "confidence",
        ),
        (
            BootstrapOptions {
                minimums: vec![f64::NAN],
                ..Default::default()
            },
            "minimums",
        ),
        (
            BootstrapOptions {
                pairs: BootstrapPairs::Fixed(0),
                ..Default::default()
            },
            "pairs",
        ),
    ] {
        let err =
            krippendorff_alpha(&data, &AlphaOptions::default().with_bootstrap(b)).unwrap_err();
        assert_eq!(err.reason(), "invalid_option");
        assert_eq!(err.path()[2], Seg::from(field));
    }
}

// ---------------------------------------------------------------------------------------------
// grouped agreement, disagreements, consensus
// ---------------------------------------------------------------------------------------------

fn study() -> (Scale, Vec<Coding>) {
    let scale = Scale::categories(3, ["low", "medium", "high"]);
    let mut codings = Vec::new();
    let rows = [
        ("c1", "needs", "high", "high", Some("medium")),
        ("c2", "needs", "medium", "medium", Some("medium")),
        ("c3", "needs", "low", "medium", None),
        ("c1", "it", "low", "high", Some("low")),
        ("c2", "it", "medium", "medium", Some("high")),
        ("c3", "it", "high", "high", Some("high")),
    ];
    for (community, dim, a, b, c) in rows {
        let unit = format!("{community}/{dim}");
        codings.push(
            Coding::new(&unit, "ann", a)
                .in_group(dim)
                .with_evidence(format!("ann on {unit}")),
        );
        codings.push(Coding::new(&unit, "bo", b).in_group(dim));
        if let Some(c) = c {
            codings.push(Coding::new(&unit, "cy", c).in_group(dim));
        }
    }
    (scale, codings)
}

#[test]
fn grouped_agreement_equals_standalone_calls() {
    let (scale, codings) = study();
    let data = ReliabilityData::from_codings(&scale, &codings).unwrap();
    let spec = AgreementSpec {
        alpha: AlphaOptions::default().with_bootstrap(BootstrapOptions {
            draws: 200,
            seed: 3,
            ..Default::default()
        }),
        fleiss_units: FleissUnits::CompleteOnly,
        ..Default::default()
    };
    let out = agreement_by_group(&data, &spec).unwrap();
    assert_eq!(out.spec.alpha.metric, Some(Metric::Ordinal));
    assert_eq!(
        out.groups
            .iter()
            .map(|g| g.group.clone().unwrap())
            .collect::<Vec<_>>(),
        ["needs", "it"]
    );
    for g in &out.groups {
        let own: Vec<Coding> = codings
            .iter()
            .filter(|c| c.group.as_deref() == g.group.as_deref())
            .cloned()
            .collect();
        let alone =
            agreement(&ReliabilityData::from_codings(&scale, &own).unwrap(), &spec).unwrap();
        assert_eq!(g.results, alone.results);
        assert_eq!(g.skipped, alone.skipped);
    }
    // Three coders: Cohen's κ is skipped with its reason, the rest computed.
    let overall = &out.overall;
    assert_eq!(
        (overall.n_units, overall.n_coders, overall.n_values),
        (6, 3, 17)
    );
    assert_eq!(overall.skipped.len(), 1);
    assert_eq!(overall.skipped[0].measure, Measure::CohenKappa);
    assert_eq!(overall.skipped[0].error.reason(), "needs_two_coders");
    assert_eq!(overall.results.len(), 4);
    let a = match overall.get(Measure::KrippendorffAlpha) {
        Some(MeasureValue::KrippendorffAlpha(a)) => a,
        other => panic!("{other:?}"),
    };
    assert_eq!(a.bootstrap.as_ref().map(|b| b.seed), Some(3));
    // Reads back.
    let json = serde_json::to_string(&out).unwrap();
    let back: GroupedAgreement = serde_json::from_str(&json).unwrap();
    assert_eq!(back, out);
    // Units without a group.
    let plain = ReliabilityData::from_codings(
        &scale,
        &[Coding::new("u", "a", 1u32), Coding::new("u", "b", 2u32)],
    )
    .unwrap();
    assert_eq!(
        agreement_by_group(&plain, &spec).unwrap_err().reason(),
        "missing_group"
    );
}

#[test]
fn disagreement_table_lists_every_differing_unit_side_by_side() {
    let (scale, codings) = study();
    let data = ReliabilityData::from_codings(&scale, &codings).unwrap();
    let t = disagreements(&data, &DisagreementOptions::default()).unwrap();
    let units: Vec<&str> = t.rows.iter().map(|r| r.unit.as_str()).collect();
    assert_eq!(units, ["c1/needs", "c3/needs", "c1/it", "c2/it"]);
    assert_eq!(t.n_units_compared, 6);
    assert_eq!(t.coders, ["ann", "bo", "cy"]);
    let row = &t.rows[1];
    assert_eq!(row.group.as_deref(), Some("needs"));
    assert_eq!(row.spread, 1.0);
    assert_eq!(row.codings.len(), 3);
    assert_eq!(row.codings[0].label.as_deref(), Some("low"));
    assert_eq!(row.codings[0].evidence.as_deref(), Some("ann on c3/needs"));
    assert_eq!(row.codings[1].evidence, None);
    assert_eq!(row.codings[2].value, None);
    // More than one step apart: only low vs high.
    let t = disagreements(&data, &DisagreementOptions { more_than: 1.0 }).unwrap();
    let units: Vec<&str> = t.rows.iter().map(|r| r.unit.as_str()).collect();
    assert_eq!(units, ["c1/it"]);
    assert_eq!(
        disagreements(&data, &DisagreementOptions { more_than: -1.0 })
            .unwrap_err()
            .reason(),
        "invalid_option"
    );
}

#[test]
fn consensus_rules() {
    let (scale, codings) = study();
    let data = ReliabilityData::from_codings(&scale, &codings).unwrap();
    let run = |rule: ConsensusRule| {
        consensus(
            &data,
            &ConsensusOptions {
                rule,
                contested_above: 1.0,
            },
        )
    };
    let values = |c: &Consensus| c.units.iter().map(|u| u.value).collect::<Vec<_>>();
    // Units: c1/needs (3,3,2) c2/needs (2,2,2) c3/needs (1,2) c1/it (1,3,1) c2/it (2,2,3)
    // c3/it (3,3,3).
    let median = run(ConsensusRule::Median).unwrap();
    assert_eq!(values(&median), [3., 2., 1., 1., 2., 3.]);
    assert_eq!(median.units[0].label.as_deref(), Some("high"));
    assert_eq!(median.n_contested, 1);
    assert!(median.units[3].contested);
    assert_eq!(median.units[3].codings.len(), 3);
    assert_eq!(median.units[2].codings.len(), 2);
    let min = run(ConsensusRule::Minimum).unwrap();
    assert_eq!(values(&min), [2., 2., 1., 1., 2., 3.]);
    let mode_low = run(ConsensusRule::Mode {
        ties: TieRule::Lower,
    })
    .unwrap();
    assert_eq!(values(&mode_low), [3., 2., 1., 1., 2., 3.]);
    let mode_high = run(ConsensusRule::Mode {
        ties: TieRule::Higher,
    })
    .unwrap();
    assert_eq!(values(&mode_high), [3., 2., 2., 1., 2., 3.]);
    match run(ConsensusRule::Mode {
        ties: TieRule::Error,
    }) {
        Err(AgreeError::ModeTie { unit, values }) => {
            assert_eq!(unit, "c3/needs");
            assert_eq!(values, [1.0, 2.0]);
        }
        other => panic!("{other:?}"),
    }
    let bo = run(ConsensusRule::Adjudicator { coder: "bo".into() }).unwrap();
    assert_eq!(values(&bo), [3., 2., 2., 3., 2., 3.]);
    assert_eq!(
        run(ConsensusRule::Adjudicator { coder: "cy".into() }).unwrap_err(),
        AgreeError::AdjudicatorMissing {
            unit: "c3/needs".into(),
            coder: "cy".into()
        }
    );
    assert_eq!(
        run(ConsensusRule::Adjudicator {
            coder: "zed".into()
        })
        .unwrap_err()
        .reason(),
        "unknown_coder"
    );
    // Any difference contested with contested_above = 0.
    let strict = consensus(
        &data,
        &ConsensusOptions {
            rule: ConsensusRule::Median,
            contested_above: 0.0,
        },
    )
    .unwrap();
    assert_eq!(strict.n_contested, 4);
    // Options and results read back.
    let json = serde_json::to_string(&strict).unwrap();
    assert_eq!(serde_json::from_str::<Consensus>(&json).unwrap(), strict);
    let opts: ConsensusOptions =
        serde_json::from_str(r#"{"rule":{"rule":"mode","ties":"higher"}}"#).unwrap();
    assert_eq!(opts.contested_above, 1.0);
    assert_eq!(
        opts.rule,
        ConsensusRule::Mode {
            ties: TieRule::Higher
        }
    );
}

// ---------------------------------------------------------------------------------------------
// bootstrap sanity
// ---------------------------------------------------------------------------------------------

#[test]
fn bootstrap_interval_contains_alpha_on_a_large_sample() {
    // 2,000 units × 4 coders, 5 levels, each coder right with probability .7, 10% missing;
    // values from a fixed LCG so the test is deterministic.
    let mut state = 12345u64;
    let mut next = move || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as f64 / (1u64 << 31) as f64
    };
    let mut values = Vec::new();
    for _ in 0..2000 {
        let truth = 1.0 + (next() * 5.0).floor();
        for _ in 0..4 {
            if next() < 0.1 {
                values.push(None);
            } else if next() < 0.7 {
                values.push(Some(truth));
            } else {
                values.push(Some(1.0 + (next() * 5.0).floor()));
            }
        }
    }
    let data = ReliabilityData::from_matrix(
        &Scale::levels(5),
        (0..2000).map(|u| u.to_string()).collect(),
        (0..4).map(|c| c.to_string()).collect(),
        &values,
    )
    .unwrap();
    for pairs in [BootstrapPairs::Krippendorff, BootstrapPairs::AllPairs] {
        let a = krippendorff_alpha(
            &data,
            &AlphaOptions::metric(Metric::Ordinal).with_bootstrap(BootstrapOptions {
                draws: 200,
                seed: 11,
                pairs,
                ..Default::default()
            }),
        )
        .unwrap();
        let b = a.bootstrap.unwrap();
        assert!(
            b.interval.lower < a.alpha && a.alpha < b.interval.upper,
            "{pairs:?}"
        );
        assert!((b.mean - a.alpha).abs() < 0.05);
        assert_eq!(b.below_minimum.len(), 2);
        // q is monotone in the minimum.
        assert!(b.below_minimum[0].probability <= b.below_minimum[1].probability);
    }
    // Same seed, same result; another seed, another interval.
    let run = |seed| {
        krippendorff_alpha(
            &data,
            &AlphaOptions::metric(Metric::Nominal).with_bootstrap(BootstrapOptions {
                draws: 100,
                seed,
                ..Default::default()
            }),
        )
        .unwrap()
        .bootstrap
        .unwrap()
    };
    assert_eq!(run(5), run(5));
    assert_ne!(run(5).interval, run(6).interval);
}

// ---------------------------------------------------------------------------------------------
// properties against naive oracles
// ---------------------------------------------------------------------------------------------

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// α by the definition, looping over coder pairs within units (the slow way).
    fn naive_alpha(rows: &[Vec<Option<u32>>], metric: Metric) -> Option<f64> {
        let pairable: Vec<Vec<u32>> = rows
            .iter()
            .map(|r| r.iter().flatten().copied().collect::<Vec<_>>())
            .filter(|v: &Vec<u32>| v.len() >= 2)
            .collect();
        let all: Vec<u32> = pairable.iter().flatten().copied().collect();
        let n = all.len() as f64;
        if pairable.is_empty() {
            return None;
        }
        let count = |v: u32| all.iter().filter(|&&x| x == v).count() as f64;
        let delta = |a: u32, b: u32| -> f64 {
            let (a, b) = (a.min(b), a.max(b));
            match metric {
                Metric::Nominal => f64::from(u8::from(a != b)),
                Metric::Interval => (f64::from(a) - f64::from(b)).powi(2),
                Metric::Ratio => {
                    ((f64::from(a) - f64::from(b)) / (f64::from(a) + f64::from(b))).powi(2)
                }
                Metric::Ordinal => {
                    if a == b {
                        0.0
                    } else {
                        let between: f64 = (a..=b).map(count).sum();
                        (between - (count(a) + count(b)) / 2.0).powi(2)
                    }
                }
                _ => unreachable!(),
            }
        };
        let mut d_o = 0.0;
        for unit in &pairable {
            let m = unit.len() as f64;
            for i in 0..unit.len() {
                for j in 0..unit.len() {
                    if i != j {
                        d_o += delta(unit[i], unit[j]) / (m - 1.0);
                    }
                }
            }
        }
        d_o /= n;
        let mut d_e = 0.0;
        for i in 0..all.len() {
            for j in 0..all.len() {
                if i != j {
                    d_e += delta(all[i], all[j]);
                }
            }
        }
        d_e /= n * (n - 1.0);
        (d_e > 0.0).then(|| 1.0 - d_o / d_e)
    }

    fn matrix() -> impl Strategy<Value = (u32, usize, Vec<Vec<Option<u32>>>)> {
        (2u32..6, 2usize..5, 1usize..25).prop_flat_map(|(levels, coders, units)| {
            let cell = prop_oneof![1 => Just(None), 3 => (1..=levels).prop_map(Some)];
            (
                Just(levels),
                Just(coders),
                prop::collection::vec(prop::collection::vec(cell, coders), units),
            )
        })
    }

    fn build(levels: u32, coders: usize, rows: &[Vec<Option<u32>>]) -> Option<ReliabilityData> {
        let values: Vec<Option<f64>> = rows
            .iter()
            .flat_map(|r| r.iter().map(|v| v.map(f64::from)))
            .collect();
        ReliabilityData::from_matrix(
            &Scale::levels(levels),
            (0..rows.len()).map(|u| u.to_string()).collect(),
            (0..coders).map(|c| c.to_string()).collect(),
            &values,
        )
        .ok()
    }

    const METRICS: [Metric; 4] = [
        Metric::Nominal,
        Metric::Ordinal,
        Metric::Interval,
        Metric::Ratio,
    ];

    proptest! {
        #[test]
        fn alpha_equals_the_naive_definition((levels, coders, rows) in matrix()) {
            let Some(data) = build(levels, coders, &rows) else { return Ok(()) };
            for m in METRICS {
                let fast = krippendorff_alpha(&data, &AlphaOptions::metric(m)).ok().map(|a| a.alpha);
                let slow = naive_alpha(&rows, m);
                match (fast, slow) {
                    (Some(f), Some(s)) => prop_assert!((f - s).abs() < 1e-9, "{:?}: {} vs {}", m, f, s),
                    (None, None) => {}
                    other => prop_assert!(false, "{:?}: {:?}", m, other),
                }
                // α ≤ 1 always (D_o ≥ 0); there is no general lower bound of −1.
                if let Some(f) = fast {
                    prop_assert!(f <= 1.0 + 1e-12);
                    prop_assert!(f.is_finite());
                }
            }
        }

        #[test]
        fn identical_coders_give_alpha_one(
            levels in 2u32..6,
            coders in 2usize..5,
            truth in prop::collection::vec(1u32..6, 2..30),
        ) {
            let rows: Vec<Vec<Option<u32>>> = truth
                .iter()
                .map(|&t| vec![Some(t.min(levels)); coders])
                .collect();
            let data = build(levels, coders, &rows).unwrap();
            for m in METRICS {
                match krippendorff_alpha(&data, &AlphaOptions::metric(m)) {
                    Ok(a) => prop_assert_eq!(a.alpha, 1.0),
                    Err(e) => prop_assert_eq!(e.reason(), "no_variation"),
                }
            }
            if let Ok(p) = percent_agreement(&data) {
                prop_assert_eq!(p.agreement, 1.0);
            }
        }

        #[test]
        fn nominal_alpha_is_invariant_under_relabelling(
            (levels, coders, rows) in matrix(),
            shift in 1u32..5,
        ) {
            let Some(data) = build(levels, coders, &rows) else { return Ok(()) };
            // A permutation of the codes: c ↦ (c − 1 + shift) mod levels + 1.
            let relabelled: Vec<Vec<Option<u32>>> = rows
                .iter()
                .map(|r| r.iter().map(|v| v.map(|c| (c - 1 + shift) % levels + 1)).collect())
                .collect();
            let other = build(levels, coders, &relabelled).unwrap();
            let a = krippendorff_alpha(&data, &AlphaOptions::metric(Metric::Nominal)).ok().map(|a| a.alpha);
            let b = krippendorff_alpha(&other, &AlphaOptions::metric(Metric::Nominal)).ok().map(|a| a.alpha);
            match (a, b) {
                (Some(a), Some(b)) => prop_assert!((a - b).abs() < 1e-12),
                (None, None) => {}
                other => prop_assert!(false, "{:?}", other),
            }
            let f1 = fleiss_kappa(&data, FleissUnits::CompleteOnly).ok().map(|k| k.kappa);
            let f2 = fleiss_kappa(&other, FleissUnits::CompleteOnly).ok().map(|k| k.kappa);
            match (f1, f2) {
                (Some(a), Some(b)) => prop_assert!((a - b).abs() < 1e-12),
                (None, None) => {}
                other => prop_assert!(false, "{:?}", other),
            }
        }

        #[test]
        fn cohen_kappa_is_symmetric_in_the_coders(
            levels in 2u32..6,
            pairs in prop::collection::vec((1u32..6, 1u32..6), 1..40),
        ) {
            let forward: Vec<(Option<f64>, Option<f64>)> = pairs
                .iter()
                .map(|&(a, b)| (Some(f64::from(a.min(levels))), Some(f64::from(b.min(levels)))))
                .collect();
            let backward: Vec<(Option<f64>, Option<f64>)> = forward.iter().map(|&(a, b)| (b, a)).collect();
            let d1 = two_coders(&Scale::levels(levels), &forward);
            let d2 = two_coders(&Scale::levels(levels), &backward);
            for w in [KappaWeights::Unweighted, KappaWeights::Linear, KappaWeights::Quadratic] {
                let a = cohen_kappa(&d1, w).ok().map(|k| k.kappa);
                let b = cohen_kappa(&d2, w).ok().map(|k| k.kappa);
                match (a, b) {
                    (Some(a), Some(b)) => {
                        prop_assert!((a - b).abs() < 1e-12);
                        prop_assert!((-1.0 - 1e-12..=1.0 + 1e-12).contains(&a));
                    }
                    (None, None) => {}
                    other => prop_assert!(false, "{:?}", other),
                }
            }
            // Same pair via cohen_kappa_pair, coders swapped.
            let a = cohen_kappa_pair(&d1, "b", "a", KappaWeights::Linear).ok().map(|k| k.kappa);
            let b = cohen_kappa(&d1, KappaWeights::Linear).ok().map(|k| k.kappa);
            match (a, b) {
                (Some(a), Some(b)) => prop_assert!((a - b).abs() < 1e-12),
                (None, None) => {}
                other => prop_assert!(false, "{:?}", other),
            }
        }

        #[test]
        fn two_coder_nominal_alpha_is_close_to_scotts_pi(
            pairs in prop::collection::vec((1u32..4, 1u32..4), 2..40),
        ) {
            // With two coders and no missing values, nominal α = 1 − (2N − 1)/(2N) · (1 − π)
            // relation: α = π + (1 − π)/(2N) (Krippendorff 2011, section on two observers).
            let d: Vec<(Option<f64>, Option<f64>)> =
                pairs.iter().map(|&(a, b)| (Some(f64::from(a)), Some(f64::from(b)))).collect();
            let data = two_coders(&Scale::levels(3), &d);
            let n = pairs.len() as f64;
            let p_o = pairs.iter().filter(|(a, b)| a == b).count() as f64 / n;
            let mut share = [0.0f64; 3];
            for &(a, b) in &pairs {
                share[a as usize - 1] += 0.5 / n;
                share[b as usize - 1] += 0.5 / n;
            }
            let p_e: f64 = share.iter().map(|p| p * p).sum();
            // Variation decided on the integer values, not on p_e < 1 (shares summed in floating
            // point can leave p_e = 1 − ε when every value is the same: α is then undefined).
            let varied = pairs.iter().any(|&(a, b)| a != pairs[0].0 || b != pairs[0].0);
            if varied {
                let pi = (p_o - p_e) / (1.0 - p_e);
                let a = krippendorff_alpha(&data, &AlphaOptions::metric(Metric::Nominal)).unwrap().alpha;
                prop_assert!((a - (pi + (1.0 - pi) / (2.0 * n))).abs() < 1e-9, "{} vs {}", a, pi);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// serde and JSON Schema of the request and result types
// ---------------------------------------------------------------------------------------------

#[test]
fn requests_read_from_json_with_documented_defaults() {
    let codings: Vec<Coding> = serde_json::from_str(
        r#"[{"unit": "c1/needs", "coder": "ann", "value": "high", "evidence": "p. 3", "group": "needs"},
            {"unit": "c1/needs", "coder": "bo", "value": 2}]"#,
    )
    .unwrap();
    assert_eq!(codings[0].value, Value::Label("high".into()));
    assert_eq!(codings[1].value, Value::Number(2.0));
    let scale: Scale = serde_json::from_str(
        r#"{"kind": "categories", "levels": 3, "labels": ["low", "medium", "high"]}"#,
    )
    .unwrap();
    let data = ReliabilityData::from_codings(&scale, &codings).unwrap();
    assert_eq!(data.value(0, 0), Some(3.0));
    assert_eq!(data.evidence(0, 0), Some("p. 3"));
    assert_eq!(data.group(0), Some("needs"));

    let spec: AgreementSpec =
        serde_json::from_str(r#"{"alpha": {"bootstrap": {"seed": 9}}}"#).unwrap();
    assert_eq!(spec.measures, Measure::ALL);
    let b = spec.alpha.bootstrap.clone().unwrap();
    assert_eq!(
        (b.draws, b.seed, b.confidence, b.minimums.clone(), b.pairs),
        (
            1000,
            9,
            0.95,
            vec![0.667, 0.8],
            BootstrapPairs::Krippendorff
        )
    );
    let fixed: BootstrapOptions = serde_json::from_str(r#"{"pairs": {"fixed": 50}}"#).unwrap();
    assert_eq!(fixed.pairs, BootstrapPairs::Fixed(50));
    assert_eq!(
        serde_json::from_str::<DisagreementOptions>("{}")
            .unwrap()
            .more_than,
        0.0
    );
}

#[test]
fn every_result_reads_back_and_has_a_schema() {
    let data = two_coders(
        &Scale::categories(3, ["low", "medium", "high"]),
        &[
            (Some(1.), Some(2.)),
            (Some(3.), Some(3.)),
            (Some(2.), Some(2.)),
            (Some(1.), Some(3.)),
        ],
    );
    fn round<T>(x: &T)
    where
        T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
    {
        let json = serde_json::to_string(x).unwrap();
        assert_eq!(&serde_json::from_str::<T>(&json).unwrap(), x, "{json}");
    }
    round(&cohen_kappa(&data, KappaWeights::Quadratic).unwrap());
    round(&fleiss_kappa(&data, FleissUnits::RequireConstant).unwrap());
    round(&gwet_ac1(&data).unwrap());
    round(&percent_agreement(&data).unwrap());
    round(&disagreements(&data, &DisagreementOptions::default()).unwrap());
    round(&consensus(&data, &ConsensusOptions::default()).unwrap());
    let a = agreement(
        &data,
        &AgreementSpec {
            alpha: AlphaOptions::default().with_bootstrap(BootstrapOptions {
                draws: 50,
                ..Default::default()
            }),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(a.results.len(), 5);
    round(&a);
    let json = serde_json::to_value(&a).unwrap();
    assert_eq!(json["results"][1]["measure"], "cohen_kappa");

    for schema in [
        serde_json::to_value(schemars::schema_for!(Vec<Coding>)).unwrap(),
        serde_json::to_value(schemars::schema_for!(Scale)).unwrap(),
        serde_json::to_value(schemars::schema_for!(AgreementSpec)).unwrap(),
        serde_json::to_value(schemars::schema_for!(GroupedAgreement)).unwrap(),
        serde_json::to_value(schemars::schema_for!(DisagreementTable)).unwrap(),
        serde_json::to_value(schemars::schema_for!(ConsensusOptions)).unwrap(),
        serde_json::to_value(schemars::schema_for!(Consensus)).unwrap(),
        serde_json::to_value(schemars::schema_for!(AgreeError)).unwrap(),
    ] {
        assert!(schema.get("$schema").is_some());
    }
}

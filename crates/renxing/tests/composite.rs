//! `renxing::composite`: published worked examples, hand-computed cases for every step,
//! round trips and properties.

#![allow(clippy::unwrap_used, clippy::needless_range_loop)]

use proptest::prelude::*;
use renxing::composite::*;

fn ids(p: &str, k: usize) -> Vec<String> {
    (0..k).map(|i| format!("{p}{i}")).collect()
}

fn pipe(json: &str) -> Pipeline {
    serde_json::from_str(json).unwrap()
}

fn approx(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}

fn assert_all(a: &[f64], b: &[f64], tol: f64) {
    assert_eq!(a.len(), b.len());
    for (i, (x, y)) in a.iter().zip(b).enumerate() {
        assert!(approx(*x, *y, tol), "[{i}] {x} vs {y}");
    }
}

// ------------------------------------------------------------------ AHP, published examples

/// Saaty (1977), "A scaling method for priorities in hierarchical structures", J. Math.
/// Psychology 15, 234–281, and Saaty (1980), *The Analytic Hierarchy Process*, ch. 2: the
/// relative wealth of nations (US, USSR, China, France, UK, Japan, W. Germany). Published
/// eigenvector 0.427, 0.230, 0.021, 0.052, 0.052, 0.123, 0.094; λ_max = 7.61; CR = 0.08.
#[test]
fn ahp_saaty_wealth_of_nations() {
    let t = 1.0 / 3.0;
    let m = vec![
        vec![1.0, 4.0, 9.0, 6.0, 6.0, 5.0, 5.0],
        vec![0.25, 1.0, 7.0, 5.0, 5.0, 3.0, 4.0],
        vec![1.0 / 9.0, 1.0 / 7.0, 1.0, 0.2, 0.2, 1.0 / 7.0, 0.2],
        vec![1.0 / 6.0, 0.2, 5.0, 1.0, 1.0, t, t],
        vec![1.0 / 6.0, 0.2, 5.0, 1.0, 1.0, t, t],
        vec![0.2, t, 7.0, 3.0, 3.0, 1.0, 2.0],
        vec![0.2, 0.25, 5.0, 3.0, 3.0, 0.5, 1.0],
    ];
    let a = AhpMatrix {
        ids: ids("n", 7),
        matrix: m,
    };
    let r = ahp(&a, &AhpOptions::default(), &FieldPath::default()).unwrap();
    assert_all(
        &r.weights,
        &[0.427, 0.230, 0.021, 0.052, 0.052, 0.123, 0.094],
        0.0006,
    );
    assert!(approx(r.lambda_max, 7.61, 0.005), "{}", r.lambda_max);
    assert!(approx(r.cr, 0.08, 0.005), "{}", r.cr);
    assert_eq!(r.random_index, 1.32);
    assert!(r.consistent);
    assert!(approx(r.weights.iter().sum::<f64>(), 1.0, 1e-12));
    // Geometric mean: close to the eigenvector for a near-consistent matrix.
    let g = ahp(
        &a,
        &AhpOptions {
            method: AhpMethod::GeometricMean,
            ..AhpOptions::default()
        },
        &FieldPath::default(),
    )
    .unwrap();
    assert_all(&g.weights, &r.weights, 0.01);
    assert_eq!(g.lambda_max, r.lambda_max);
}

/// Saaty (1990), "How to make a decision: the analytic hierarchy process", EJOR 48, 9–26:
/// the eight criteria for buying a house. Published λ_max = 9.669, CI = 0.238, CR = 0.169
/// and priorities 0.173, 0.054, 0.188, 0.018, 0.031, 0.036, 0.167, 0.333.
#[test]
fn ahp_saaty_house_is_inconsistent() {
    let m = vec![
        vec![1.0, 5.0, 3.0, 7.0, 6.0, 6.0, 1.0 / 3.0, 0.25],
        vec![0.2, 1.0, 1.0 / 3.0, 5.0, 3.0, 3.0, 0.2, 1.0 / 7.0],
        vec![1.0 / 3.0, 3.0, 1.0, 6.0, 3.0, 4.0, 6.0, 0.2],
        vec![
            1.0 / 7.0,
            0.2,
            1.0 / 6.0,
            1.0,
            1.0 / 3.0,
            0.25,
            1.0 / 7.0,
            0.125,
        ],
        vec![
            1.0 / 6.0,
            1.0 / 3.0,
            1.0 / 3.0,
            3.0,
            1.0,
            0.5,
            0.2,
            1.0 / 6.0,
        ],
        vec![1.0 / 6.0, 1.0 / 3.0, 0.25, 4.0, 2.0, 1.0, 0.2, 1.0 / 6.0],
        vec![3.0, 5.0, 1.0 / 6.0, 7.0, 5.0, 5.0, 1.0, 0.5],
        vec![4.0, 7.0, 5.0, 8.0, 6.0, 6.0, 2.0, 1.0],
    ];
    let a = AhpMatrix {
        ids: ids("c", 8),
        matrix: m,
    };
    let err = ahp(&a, &AhpOptions::default(), &FieldPath::new(["ahp"])).unwrap_err();
    match &err {
        CompositeError::Inconsistent { cr, table, .. } => {
            assert!(approx(*cr, 0.169, 0.0005), "{cr}");
            assert_eq!(table, "Saaty (1980)");
        }
        e => panic!("{e:?}"),
    }
    assert!(err.message_zh().contains("一致性比率"));
    let r = ahp(
        &a,
        &AhpOptions {
            allow_inconsistent: true,
            ..AhpOptions::default()
        },
        &FieldPath::default(),
    )
    .unwrap();
    assert!(!r.consistent);
    assert!(approx(r.lambda_max, 9.669, 0.0005));
    assert!(approx(r.ci, 0.238, 0.0005));
    assert_all(
        &r.weights,
        &[0.173, 0.054, 0.188, 0.018, 0.031, 0.036, 0.167, 0.333],
        0.0006,
    );
    // Other named tables give other CRs from the same CI.
    for (t, ri) in [
        (RandomIndexTable::DoneganDodd1991, 1.3171),
        (RandomIndexTable::AlonsoLamata2006, 1.4056),
        (RandomIndexTable::Saaty2005, 1.40),
    ] {
        let o = AhpOptions {
            random_index: t,
            allow_inconsistent: true,
            ..AhpOptions::default()
        };
        let r2 = ahp(&a, &o, &FieldPath::default()).unwrap();
        assert_eq!(r2.random_index, ri);
        assert!(approx(r2.cr, r.ci / ri, 1e-12));
    }
}

#[test]
fn ahp_rejects_bad_matrices() {
    let bad = AhpMatrix {
        ids: ids("a", 2),
        matrix: vec![vec![1.0, 3.0], vec![3.0, 1.0]],
    };
    assert!(matches!(
        ahp(&bad, &AhpOptions::default(), &FieldPath::default()),
        Err(CompositeError::NotReciprocal { i: 0, j: 1, .. })
    ));
    let neg = AhpMatrix {
        ids: ids("a", 2),
        matrix: vec![vec![1.0, -3.0], vec![-1.0 / 3.0, 1.0]],
    };
    assert!(matches!(
        ahp(&neg, &AhpOptions::default(), &FieldPath::default()),
        Err(CompositeError::InvalidParameter { .. })
    ));
    // n = 11 is beyond Saaty (1980)'s table.
    let mut m = vec![vec![1.0; 11]; 11];
    m[0][1] = 2.0;
    m[1][0] = 0.5;
    let big = AhpMatrix {
        ids: ids("a", 11),
        matrix: m,
    };
    assert!(ahp(&big, &AhpOptions::default(), &FieldPath::default()).is_err());
    let dd = AhpOptions {
        random_index: RandomIndexTable::DoneganDodd1991,
        ..AhpOptions::default()
    };
    assert!(ahp(&big, &dd, &FieldPath::default()).is_ok());
    // Donegan–Dodd interpolates between 20 and 25.
    assert!(approx(
        RandomIndexTable::DoneganDodd1991.ri(22).unwrap(),
        1.5371 + 2.0 * (1.5619 - 1.5371) / 5.0,
        1e-12
    ));
}

// ------------------------------------------------------------------ TOPSIS, Hwang & Yoon

/// Hwang & Yoon (1981), *Multiple Attribute Decision Making*, the fighter-aircraft example:
/// four aircraft, six attributes (max speed, ferry range, max payload, cost [a cost
/// attribute], reliability, manoeuvrability), w = (0.2, 0.1, 0.1, 0.1, 0.2, 0.3).
/// Published closeness C* = 0.643, 0.268, 0.613, 0.312 (A1 ≻ A3 ≻ A4 ≻ A2). The normalised
/// matrix is also reproduced in the ELECTRE example of the same data (e.g. r11 = 0.4671,
/// r12 = 0.3662, r16 = 0.6708).
#[test]
fn topsis_hwang_yoon_fighter_aircraft() {
    let x = [
        2.0, 1500.0, 20000.0, 5.5, 5.0, 9.0, //
        2.5, 2700.0, 18000.0, 6.5, 3.0, 5.0, //
        1.8, 2000.0, 21000.0, 4.5, 7.0, 7.0, //
        2.2, 1800.0, 20000.0, 5.0, 5.0, 5.0,
    ];
    let w = [0.2, 0.1, 0.1, 0.1, 0.2, 0.3];
    let mut types = vec![Direction::Benefit; 6];
    types[3] = Direction::Cost;
    let r = topsis(
        &x,
        6,
        &w,
        &types,
        TopsisNormalisation::Vector,
        &FieldPath::default(),
    )
    .unwrap();
    // The book's values are rounded from rounded intermediates: agree to 1e-3.
    assert_all(&r.closeness, &[0.643, 0.268, 0.613, 0.312], 0.001);
    assert!(approx(r.ideal[0], 0.2 * 2.5 / 18.33_f64.sqrt(), 1e-12));
    assert!(approx(
        r.ideal[3],
        0.1 * 4.5 / (5.5f64 * 5.5 + 42.25 + 20.25 + 25.0).sqrt(),
        1e-12
    ));

    // The same through the pipeline: TOPSIS before normalisation uses the directions.
    let mut metas: Vec<IndicatorMeta> = (0..6)
        .map(|j| IndicatorMeta::new(format!("f{}", j + 1), "aircraft"))
        .collect();
    metas[3] = metas[3].clone().cost();
    let d = Dataset::new(ids("A", 4), metas, x.to_vec());
    let p = pipe(
        r#"{"steps": [{"step": "weight", "method": "manual",
              "values": {"f1": 0.2, "f2": 0.1, "f3": 0.1, "f4": 0.1, "f5": 0.2, "f6": 0.3}},
             {"step": "topsis"}, {"step": "rank", "targets": ["topsis"]}]}"#,
    );
    let res = run(&p, &d).unwrap();
    let t = res.topsis().unwrap();
    assert!(!t.on_normalised);
    assert_eq!(t.result.normalisation, TopsisNormalisation::Vector);
    assert_all(&t.result.closeness, &r.closeness, 1e-12);
    assert_eq!(t.ranks, vec![1, 4, 2, 3]);
    assert_eq!(res.ranks().unwrap().columns[0].ranks, vec![1, 4, 2, 3]);
}

// ------------------------------------------------------------------ hand-computed steps

fn small() -> Dataset {
    // 4 units × 3 indicators; u3 has one value of three.
    let nan = f64::NAN;
    let mut d = Dataset::new(
        ids("u", 4),
        vec![
            IndicatorMeta::new("a", "d1"),
            IndicatorMeta::new("b", "d1"),
            IndicatorMeta::new("c", "d2"),
        ],
        vec![
            1.0, 10.0, 5.0, //
            2.0, nan, 5.0, //
            3.0, 30.0, 5.0, //
            nan, nan, 5.0,
        ],
    );
    d.unit_groups.insert(
        "district".into(),
        vec!["x".into(), "x".into(), "y".into(), "y".into()],
    );
    d
}

#[test]
fn check_availability_zeros_constant_and_exclusion() {
    let r = run(&pipe(r#"{"steps": [{"step": "check"}]}"#), &small()).unwrap();
    let c = r.check().unwrap();
    let shares: Vec<f64> = c.units.iter().map(|u| u.share).collect();
    assert_all(&shares, &[1.0, 2.0 / 3.0, 1.0, 1.0 / 3.0], 1e-15);
    // 2/3 = 0.667 ≥ 0.66 passes; 1/3 fails.
    assert_eq!(
        c.units.iter().map(|u| u.passed).collect::<Vec<_>>(),
        vec![true, true, true, false]
    );
    assert_eq!(c.indicators[1].available, 2);
    assert_eq!(c.indicators[1].share, 0.5);
    assert!(!c.indicators[1].passed);
    assert!(c.indicators[2].constant && !c.indicators[2].passed);
    assert!(approx(c.indicators[0].mean, 2.0, 1e-15) && approx(c.indicators[0].sd, 1.0, 1e-15));
    assert!(c.excluded_units.is_empty());
    // Exclude: u3, b and c go.
    let r = run(
        &pipe(r#"{"steps": [{"step": "check", "action": "exclude"}]}"#),
        &small(),
    )
    .unwrap();
    assert_eq!(r.check().unwrap().excluded_units, vec!["u3"]);
    assert_eq!(r.check().unwrap().excluded_indicators, vec!["b", "c"]);
    assert_eq!(r.units, vec!["u0", "u1", "u2"]);
    assert_eq!(r.final_table.values, vec![1.0, 2.0, 3.0]);
}

#[test]
fn impute_none_names_every_missing_cell() {
    let p = pipe(r#"{"steps": [{"step": "impute", "max_listed": 2}]}"#);
    match run(&p, &small()).unwrap_err() {
        CompositeError::MissingValues { count, cells, path } => {
            assert_eq!(count, 3);
            assert_eq!(cells.len(), 2);
            assert_eq!(
                cells[0],
                MissingCell {
                    unit: "u1".into(),
                    indicator: "b".into()
                }
            );
            assert_eq!(path.to_string(), "steps[0]");
        }
        e => panic!("{e:?}"),
    }
}

#[test]
fn impute_mean_median_group() {
    let r = run(
        &pipe(r#"{"steps": [{"step": "impute", "method": "mean"}]}"#),
        &small(),
    )
    .unwrap();
    assert_eq!(r.imputation().unwrap().imputed, 3);
    assert_eq!(r.final_table.at("u3", "a"), Some(2.0));
    assert_eq!(r.final_table.at("u1", "b"), Some(20.0));
    let mut d = small();
    d.values[0] = 0.0; // a = 0, 2, 3, NaN: mean 5/3, median 2
    let r = run(
        &pipe(r#"{"steps": [{"step": "impute", "method": "median"}]}"#),
        &d,
    )
    .unwrap();
    assert_eq!(r.final_table.at("u3", "a"), Some(2.0));
    // Group mean by district: u3 (y) gets a from u2 only = 3; b for u1 (x) = 10, u3 (y) = 30.
    let r = run(
        &pipe(r#"{"steps": [{"step": "impute", "method": "group_mean", "by": "district"}]}"#),
        &small(),
    )
    .unwrap();
    assert_eq!(r.final_table.at("u3", "a"), Some(3.0));
    assert_eq!(r.final_table.at("u1", "b"), Some(10.0));
    assert_eq!(r.final_table.at("u3", "b"), Some(30.0));
    assert_eq!(r.imputation().unwrap().group_fills.len(), 3);
    // Unknown grouping column.
    let e = run(
        &pipe(r#"{"steps": [{"step": "impute", "method": "group_mean", "by": "zone"}]}"#),
        &small(),
    )
    .unwrap_err();
    assert!(matches!(e, CompositeError::UnknownId { .. }));
}

#[test]
fn treat_coinr_example_winsorises_one_point() {
    // COINr's own Treat() example: x = 1..10, 30, 100. Skewness 3.063 and kurtosis 9.741
    // (e1071 type 2, computed independently with numpy) fail; winsorising 100 → 30 gives
    // 1.712 / 1.816, which pass.
    let mut x: Vec<f64> = (1..=10).map(f64::from).collect();
    x.extend([30.0, 100.0]);
    let d = Dataset::new(ids("u", 12), vec![IndicatorMeta::new("x", "d")], x);
    let r = run(&pipe(r#"{"steps": [{"step": "treat"}]}"#), &d).unwrap();
    let c = &r.treatment().unwrap().columns[0];
    assert!(approx(c.skew, 3.0632410342394985, 1e-12));
    assert!(approx(c.kurtosis, 9.741390834569144, 1e-11));
    assert!(c.failed && c.passes);
    assert_eq!(c.winsorised.len(), 1);
    assert_eq!(c.winsorised[0].unit, "u11");
    assert_eq!(c.winsorised[0].side, Side::High);
    assert_eq!(
        (c.winsorised[0].original, c.winsorised[0].winsorised),
        (100.0, 30.0)
    );
    assert!(approx(c.skew_final, 1.7120380600890506, 1e-12));
    assert!(c.transform.is_none());
    assert_eq!(r.final_table.values[11], 30.0);
}

#[test]
fn treat_falls_back_to_log_ct_on_the_original_values() {
    let mut x: Vec<f64> = (1..=40).map(f64::from).collect();
    x.extend([200.0, 300.0, 400.0, 500.0, 600.0, 700.0, 800.0, 900.0]);
    let d = Dataset::new(ids("u", 48), vec![IndicatorMeta::new("x", "d")], x.clone());
    let r = run(&pipe(r#"{"steps": [{"step": "treat", "winmax": 1}]}"#), &d).unwrap();
    let c = &r.treatment().unwrap().columns[0];
    assert_eq!(c.winsorised.len(), 1);
    assert_eq!(c.transform, Some(LogTransform::LogCt));
    assert!(c.passes);
    // log_CT: ln(x − min + 0.01 (max − min)) of the ORIGINAL values (COINr combine_treat = FALSE).
    for (i, v) in x.iter().enumerate() {
        assert_eq!(r.final_table.values[i], libm::log(v - 1.0 + 0.01 * 899.0));
    }
    assert!(approx(c.skew_final, 1.4113238923573679, 1e-10));
}

fn one_col(v: Vec<f64>, meta: IndicatorMeta, norm: &str) -> Result<Vec<f64>, CompositeError> {
    let n = v.len();
    let d = Dataset::new(ids("u", n), vec![meta], v);
    let r = run(
        &pipe(&format!(
            r#"{{"steps": [{{"step": "normalise", {norm}}}]}}"#
        )),
        &d,
    )?;
    Ok(r.final_table.values)
}

#[test]
fn normalisation_methods_hand_computed() {
    let x = vec![2.0, 4.0, 6.0, 10.0];
    let b = || IndicatorMeta::new("x", "d");
    assert_eq!(
        one_col(x.clone(), b(), r#""method": "min_max""#).unwrap(),
        vec![0.0, 25.0, 50.0, 100.0]
    );
    assert_eq!(
        one_col(x.clone(), b().cost(), r#""method": "min_max""#).unwrap(),
        vec![100.0, 75.0, 50.0, 0.0]
    );
    assert_eq!(
        one_col(x.clone(), b(), r#""range": [1, 5]"#).unwrap(),
        vec![1.0, 2.0, 3.0, 5.0]
    );
    let sd = (35.0f64 / 3.0).sqrt();
    assert_all(
        &one_col(x.clone(), b(), r#""method": "z_score""#).unwrap(),
        &[-3.5 / sd, -1.5 / sd, 0.5 / sd, 4.5 / sd],
        1e-12,
    );
    assert_all(
        &one_col(x.clone(), b().cost(), r#""method": "z_score""#).unwrap(),
        &[3.5 / sd, 1.5 / sd, -0.5 / sd, -4.5 / sd],
        1e-12,
    );
    assert_eq!(
        one_col(vec![5.0, 3.0, 5.0, 1.0], b(), r#""method": "rank""#).unwrap(),
        vec![3.0, 2.0, 3.0, 1.0]
    );
    assert_all(
        &one_col(x.clone(), b(), r#""method": "percentile_rank""#).unwrap(),
        &[0.0, 100.0 / 3.0, 200.0 / 3.0, 100.0],
        1e-12,
    );
    assert_eq!(
        one_col(x.clone(), b(), r#""method": "distance_to_max""#).unwrap(),
        vec![20.0, 40.0, 60.0, 100.0]
    );
    assert_eq!(
        one_col(x.clone(), b().cost(), r#""method": "distance_to_max""#).unwrap(),
        vec![100.0, 50.0, 2.0 / 6.0 * 100.0, 20.0]
    );
    let mut g = b();
    g.goalposts = Some([3.0, 8.0]);
    assert_eq!(
        one_col(x.clone(), g.clone(), r#""method": "goalposts""#).unwrap(),
        vec![0.0, 20.0, 60.0, 100.0]
    );
    assert_eq!(
        one_col(x.clone(), g.cost(), r#""method": "goalposts""#).unwrap(),
        vec![100.0, 80.0, 40.0, 0.0]
    );
    let mut t = b();
    t.target = Some(8.0);
    assert_all(
        &one_col(x.clone(), t.clone(), r#""method": "target""#).unwrap(),
        &[0.0, 100.0 / 3.0, 200.0 / 3.0, 100.0],
        1e-12,
    );
    assert_all(
        &one_col(x.clone(), t.clone(), r#""method": "target", "cap": false"#).unwrap(),
        &[0.0, 100.0 / 3.0, 200.0 / 3.0, 400.0 / 3.0],
        1e-12,
    );
    // Missing goalposts name the field.
    let e = one_col(x.clone(), b(), r#""method": "goalposts""#).unwrap_err();
    assert_eq!(e.path().to_string(), "indicators[0].goalposts");
    // Constant columns: error by default, else the documented value (midpoint of the range).
    let e = one_col(vec![3.0; 4], b(), r#""method": "min_max""#).unwrap_err();
    assert!(matches!(e, CompositeError::Constant { .. }));
    assert_eq!(
        one_col(vec![3.0; 4], b(), r#""on_constant": "value""#).unwrap(),
        vec![50.0; 4]
    );
    // Missing values stay missing.
    let v = one_col(vec![2.0, f64::NAN, 10.0], b(), r#""method": "min_max""#).unwrap();
    assert!(v[1].is_nan() && v[2] == 100.0);
}

#[test]
fn entropy_critic_hand_computed() {
    // c0 = [1, 3]: p = (1/4, 3/4), e = −(¼ ln ¼ + ¾ ln ¾)/ln 2 = 0.811278…;
    // c1 = [0, 4]: p = (0, 1), e = 0 (0 ln 0 = 0) → d = (0.188722, 1).
    let r = entropy_weights(
        &[1.0, 0.0, 3.0, 4.0],
        &ids("u", 2),
        &ids("c", 2),
        0.0,
        &FieldPath::default(),
    )
    .unwrap();
    let e0 = -(0.25 * 0.25f64.ln() + 0.75 * 0.75f64.ln()) / 2f64.ln();
    assert!(approx(r.entropy[0], e0, 1e-15));
    assert_eq!(r.entropy[1], 0.0);
    let d0 = 1.0 - e0;
    assert_all(&r.weights, &[d0 / (d0 + 1.0), 1.0 / (d0 + 1.0)], 1e-15);
    // CRITIC: c0 = [0, 1, 2], c1 = [2, 1, 0] (r = −1), c2 = [0, 0, 3].
    let x = [0.0, 2.0, 0.0, 1.0, 1.0, 0.0, 2.0, 0.0, 3.0];
    let c = critic_weights(&x, &ids("u", 3), &ids("c", 3), &FieldPath::default()).unwrap();
    assert!(approx(c.correlation[1], -1.0, 1e-15));
    let r02 = 0.8660254037844387; // corr([0,1,2],[0,0,3]) = 3/√12
    assert!(approx(c.correlation[2], r02, 1e-12));
    let s01 = 0.5; // sd of [0, .5, 1]
    let s2 = (1.0f64 / 3.0).sqrt(); // sd of [0, 0, 1]
    let info = [
        s01 * (2.0 + 1.0 - r02),
        s01 * (2.0 + 1.0 + r02),
        s2 * ((1.0 - r02) + (1.0 + r02)),
    ];
    let t: f64 = info.iter().sum();
    assert_all(&c.weights, &[info[0] / t, info[1] / t, info[2] / t], 1e-12);
    // Combination rules.
    let p = combine_weights(
        &[0.5, 0.5],
        &[0.2, 0.8],
        CombineRule::Product,
        0.5,
        &FieldPath::default(),
    )
    .unwrap();
    assert_all(&p, &[0.2, 0.8], 1e-15);
    let l = combine_weights(
        &[0.5, 0.5],
        &[0.2, 0.8],
        CombineRule::Linear,
        0.25,
        &FieldPath::default(),
    )
    .unwrap();
    assert_all(&l, &[0.275, 0.725], 1e-15);
}

fn agg_data() -> Dataset {
    // d1 = {a, b}, d2 = {c}; attributes r1 = {d1}, r2 = {d2}.
    let mut d = Dataset::new(
        ids("u", 2),
        vec![
            IndicatorMeta::new("a", "d1"),
            IndicatorMeta::new("b", "d1"),
            IndicatorMeta::new("c", "d2"),
        ],
        vec![20.0, 80.0, 50.0, 0.0, 100.0, 40.0],
    );
    d.hierarchy.dimensions = vec![
        GroupSpec::new("d1", Some("r1")),
        GroupSpec::new("d2", Some("r2")),
    ];
    d.hierarchy.attributes = vec![GroupSpec::new("r1", None), GroupSpec::new("r2", None)];
    d
}

fn dim1(method: &str, extra: &str) -> Result<Vec<f64>, CompositeError> {
    let p = pipe(&format!(
        r#"{{"steps": [{{"step": "aggregate", "dimension": {method} {extra}}}]}}"#
    ));
    let r = run(&p, &agg_data())?;
    Ok(r.aggregation().unwrap().dimensions.column(0))
}

#[test]
fn aggregation_methods_hand_computed() {
    assert_eq!(
        dim1(r#"{"method": "arithmetic"}"#, "").unwrap(),
        vec![50.0, 50.0]
    );
    let g = dim1(r#"{"method": "geometric"}"#, "").unwrap();
    assert!(approx(g[0], 40.0, 1e-12) && g[1] == 0.0); // √(20·80); zero rule "zero"
    assert!(approx(
        dim1(r#"{"method": "harmonic"}"#, "").unwrap()[0],
        32.0,
        1e-12
    ));
    assert!(approx(
        dim1(r#"{"method": "power", "p": 2}"#, "").unwrap()[0],
        3400f64.sqrt(),
        1e-12
    ));
    assert_eq!(
        dim1(r#"{"method": "minimum"}"#, "").unwrap(),
        vec![20.0, 0.0]
    );
    // Shift: √((0+1)(100+1)) − 1.
    let s = dim1(
        r#"{"method": "geometric"}"#,
        r#", "zero_rule": "shift", "epsilon": 1"#,
    )
    .unwrap();
    assert!(approx(s[1], 101f64.sqrt() - 1.0, 1e-12));
    let e = dim1(r#"{"method": "geometric"}"#, r#", "zero_rule": "error""#).unwrap_err();
    match e {
        CompositeError::Domain { unit, column, .. } => {
            assert_eq!((unit.as_str(), column.as_str()), ("u1", "a"))
        }
        e => panic!("{e:?}"),
    }
    // Levels and weights: dimension weights (manual) inside attributes, attributes equal.
    let p = pipe(
        r#"{"steps": [
        {"step": "weight", "method": "manual", "values": {"a": 3, "b": 1, "c": 1}},
        {"step": "aggregate"}]}"#,
    );
    let r = run(&p, &agg_data()).unwrap();
    let a = r.aggregation().unwrap();
    assert_eq!(a.dimensions.values, vec![35.0, 50.0, 25.0, 40.0]);
    assert_eq!(
        a.attributes.as_ref().unwrap().values,
        vec![35.0, 50.0, 25.0, 40.0]
    );
    assert_eq!(a.overall, vec![42.5, 32.5]);
    assert_all(&a.effective_weights, &[0.375, 0.125, 0.5], 1e-15);
    assert_eq!(a.weights[0].source, WeightSource::Step);
    assert_eq!(a.weights[1].source, WeightSource::Equal);
}

#[test]
fn banding_thresholds_and_quantiles() {
    let d = Dataset::new(
        ids("u", 4),
        vec![IndicatorMeta::new("a", "d")],
        vec![20.0, 40.0, 60.0, 80.0],
    );
    let p = pipe(
        r#"{"steps": [{"step": "aggregate"},
        {"step": "band", "levels": ["low", "medium", "high"], "thresholds": [40, 60]}]}"#,
    );
    let r = run(&p, &d).unwrap();
    let b = r.bands().unwrap();
    assert_eq!(b.columns.len(), 2); // dimension d and overall (no attributes)
    assert_eq!(b.columns[1].bands, vec![Some(0), Some(1), Some(2), Some(2)]);
    let p = pipe(
        r#"{"steps": [{"step": "aggregate"},
        {"step": "band", "levels": ["low", "high"], "method": "quantiles", "targets": ["overall"]}]}"#,
    );
    let b = run(&p, &d).unwrap().bands().unwrap().clone();
    assert_eq!(b.columns[0].cuts, vec![50.0]);
    assert_eq!(b.columns[0].bands, vec![Some(0), Some(0), Some(1), Some(1)]);
    let bad = pipe(
        r#"{"steps": [{"step": "aggregate"}, {"step": "band", "levels": ["l", "m", "h"], "thresholds": [60, 40]}]}"#,
    );
    assert!(run(&bad, &d).is_err());
    // 256 levels (the most: a level index is one byte) band; 257 are refused at `levels`
    for (k, ok) in [(256usize, true), (257, false)] {
        let levels: Vec<String> = (0..k).map(|i| format!("l{i}")).collect();
        let p: Pipeline = serde_json::from_value(serde_json::json!({"steps": [
            {"step": "aggregate"},
            {"step": "band", "levels": levels, "method": "quantiles", "targets": ["overall"]}
        ]}))
        .unwrap();
        match run(&p, &d) {
            Ok(r) => {
                assert!(ok, "{k} levels");
                // quantile cuts of 4 values into 256 levels: the highest value gets level 255
                let b = &r.bands().unwrap().columns[0].bands;
                assert_eq!(b[3], Some(255));
            }
            Err(e) => {
                assert!(!ok, "{k} levels: {e}");
                assert_eq!(e.path().to_string(), "steps[1].levels", "{e}");
            }
        }
    }
}

#[test]
fn obstacle_degree_hand_computed() {
    // Two indicators, equal weights (F = ½, ½); normalised: u0 = (25, 100), u1 = (50, 50),
    // u2 = (100, 100). I = 1 − x/100; O_ij = F_j I_ij / Σ F I.
    let d = Dataset::new(
        ids("u", 3),
        vec![IndicatorMeta::new("a", "d1"), IndicatorMeta::new("b", "d2")],
        vec![25.0, 100.0, 50.0, 50.0, 100.0, 100.0],
    );
    let p = pipe(
        r#"{"steps": [{"step": "normalise", "method": "goalposts"}, {"step": "obstacle", "top": 2}]}"#,
    );
    let mut d2 = d.clone();
    for m in &mut d2.indicators {
        m.goalposts = Some([0.0, 100.0]);
    }
    let r = run(&p, &d2).unwrap();
    let o = r.obstacle().unwrap();
    assert_eq!(
        o.indicators.as_ref().unwrap().values,
        vec![1.0, 0.0, 0.5, 0.5, 0.0, 0.0]
    );
    assert_eq!(o.dimensions.values, vec![1.0, 0.0, 0.5, 0.5, 0.0, 0.0]);
    assert_eq!(r.top_obstacles(0), vec![("a", 1.0), ("b", 0.0)]);
    // z-scores are unbounded: refused.
    let e = run(
        &pipe(r#"{"steps": [{"step": "normalise", "method": "z_score"}, {"step": "obstacle"}]}"#),
        &d,
    )
    .unwrap_err();
    assert!(matches!(e, CompositeError::Order { .. }));
}

#[test]
fn ranks_are_competition_ranks_with_ties() {
    let d = Dataset::new(
        ids("u", 4),
        vec![IndicatorMeta::new("a", "d")],
        vec![3.0, 5.0, 5.0, 1.0],
    );
    let r = run(
        &pipe(r#"{"steps": [{"step": "aggregate"}, {"step": "rank"}]}"#),
        &d,
    )
    .unwrap();
    let c = &r.ranks().unwrap().columns[0];
    assert_eq!(c.ranks, vec![3, 1, 1, 4]);
    assert_eq!(c.ties, vec![vec!["u1".to_string(), "u2".to_string()]]);
}

#[test]
fn pipeline_and_result_round_trip() {
    let toml_text = r#"
keep_intermediates = true
[[steps]]
step = "check"
[[steps]]
step = "impute"
method = "mean"
[[steps]]
step = "treat"
[[steps]]
step = "normalise"
[[steps]]
step = "weight"
method = "combined"
rule = "linear"
alpha = 0.3
subjective = { method = "manual", values = { a = 2, b = 1, c = 1 } }
objective = { method = "entropy" }
[[steps]]
step = "aggregate"
dimension = { method = "geometric" }
[[steps]]
step = "band"
levels = ["low", "medium", "high"]
method = "quantiles"
[[steps]]
step = "topsis"
normalisation = "min_max"
[[steps]]
step = "obstacle"
[[steps]]
step = "rank"
"#;
    let p: Pipeline = toml::from_str(toml_text).unwrap();
    let mut d = small();
    d.values[9] = 4.0; // u3 now has a
    d.values[5] = 6.0; // c not constant
    let r = run(&p, &d).unwrap();
    // Every step recorded with its defaults filled in.
    assert_eq!(r.steps.len(), 10);
    match &r.steps[0].step {
        Step::Check(c) => assert_eq!(c.unit_threshold, 0.66),
        s => panic!("{s:?}"),
    }
    let w = r.weights(WeightLevel::Indicator).unwrap();
    assert!(approx(w.weights.iter().sum::<f64>(), 1.0, 1e-12));
    // The pipeline re-serialises and reads back to the same value (JSON and TOML).
    let back: Pipeline = serde_json::from_str(&serde_json::to_string(&p).unwrap()).unwrap();
    assert_eq!(back, p);
    let back: Pipeline = toml::from_str(&toml::to_string(&p).unwrap()).unwrap();
    assert_eq!(back, p);
    // The result reads back (NaN ↔ null), and re-serialises identically.
    let s1 = serde_json::to_string(&r).unwrap();
    let r2: PipelineResult = serde_json::from_str(&s1).unwrap();
    assert_eq!(serde_json::to_string(&r2).unwrap(), s1);
    // Same pipeline, same numbers (re-runnable).
    assert_eq!(serde_json::to_string(&run(&p, &d).unwrap()).unwrap(), s1);
    // Without intermediates the big tables are dropped, the numbers are the same.
    let mut p2 = p.clone();
    p2.keep_intermediates = false;
    let r3 = run(&p2, &d).unwrap();
    assert!(r3.normalisation().unwrap().table.is_none());
    assert_eq!(
        r3.aggregation().unwrap().overall,
        r.aggregation().unwrap().overall
    );
    // A schema exists for requests and results.
    let schema = schemars::schema_for!(PipelineResult);
    assert!(serde_json::to_string(&schema)
        .unwrap()
        .contains("final_table"));
}

#[test]
fn input_errors_name_the_field() {
    let mut d = small();
    d.values.pop();
    assert_eq!(d.validate().unwrap_err().path().to_string(), "values");
    let mut d = small();
    d.values[4] = f64::INFINITY;
    assert_eq!(d.validate().unwrap_err().path().to_string(), "values[1][1]");
    let mut d = small();
    d.indicators[1].id = "a".into();
    assert!(matches!(
        d.validate(),
        Err(CompositeError::Duplicate { .. })
    ));
    let mut d = small();
    d.hierarchy.dimensions = vec![GroupSpec::new("d1", None)];
    assert_eq!(
        d.validate().unwrap_err().path().to_string(),
        "indicators[2].dimension"
    );
    let e = run(
        &pipe(r#"{"steps": [{"step": "check", "unit_threshold": 1.5}]}"#),
        &small(),
    )
    .unwrap_err();
    assert_eq!(e.path().to_string(), "steps[0].unit_threshold");
    assert!(!e.message_zh().is_empty());
}

// ------------------------------------------------------------------ properties

fn matrix(n: usize, m: usize) -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(-50.0f64..50.0, n * m)
}

fn dataset(n: usize, m: usize, x: Vec<f64>, costs: &[bool]) -> Dataset {
    let metas = (0..m)
        .map(|j| {
            let meta = IndicatorMeta::new(format!("i{j}"), format!("d{}", j % 2));
            if costs[j] {
                meta.cost()
            } else {
                meta
            }
        })
        .collect();
    Dataset::new(ids("u", n), metas, x)
}

fn nonconstant(x: &[f64], n: usize, m: usize) -> bool {
    (0..m).all(|j| {
        let c: Vec<f64> = (0..n).map(|i| x[i * m + j]).collect();
        c.iter().any(|v| *v != c[0])
    })
}

proptest! {
    #[test]
    fn normalised_in_range_and_weights_sum_to_one(
        x in matrix(7, 4), costs in prop::collection::vec(any::<bool>(), 4),
        method in prop::sample::select(vec!["min_max", "percentile_rank", "goalposts", "target"]),
        wm in prop::sample::select(vec!["entropy", "critic", "std_dev", "equal"]),
    ) {
        prop_assume!(nonconstant(&x, 7, 4));
        let mut d = dataset(7, 4, x, &costs);
        for m in &mut d.indicators {
            m.goalposts = Some([-20.0, 20.0]);
            m.target = Some(if m.direction == Direction::Cost { -49.9 } else { 49.9 });
        }
        let p = pipe(&format!(r#"{{"steps": [{{"step": "normalise", "method": "{method}"}},
            {{"step": "weight", "method": "{wm}"}}, {{"step": "aggregate"}}, {{"step": "topsis"}}, {{"step": "obstacle"}}]}}"#));
        let r = run(&p, &d);
        // Entropy refuses nothing here (values ≥ 0 after normalisation); CRITIC may see a
        // constant column after goalposts clipping.
        if let Ok(r) = r {
            for v in &r.final_table.values {
                prop_assert!((0.0..=100.0).contains(v), "{}", v);
            }
            let w = &r.weights(WeightLevel::Indicator).unwrap().weights;
            prop_assert!((w.iter().sum::<f64>() - 1.0).abs() < 1e-12);
            prop_assert!(w.iter().all(|v| *v >= 0.0));
            for c in &r.topsis().unwrap().result.closeness {
                prop_assert!((0.0..=1.0).contains(c));
            }
            let o = r.obstacle().unwrap();
            for i in 0..7 {
                let s: f64 = o.dimensions.values[i * 2..i * 2 + 2].iter().sum();
                prop_assert!(s.abs() < 1e-12 || (s - 1.0).abs() < 1e-12);
            }
        }
    }

    #[test]
    fn a_dominating_unit_never_ranks_below(
        x in matrix(6, 4), costs in prop::collection::vec(any::<bool>(), 4),
        agg in prop::sample::select(vec!["arithmetic", "geometric", "harmonic", "minimum"]),
        wm in prop::sample::select(vec!["entropy", "equal", "std_dev"]),
        topnorm in prop::sample::select(vec!["vector", "min_max"]),
    ) {
        let mut x = x;
        // Make u0 dominate u1: better on every indicator given its direction.
        for j in 0..4 {
            let (a, b) = (x[j], x[4 + j]);
            let (hi, lo) = if a >= b { (a, b) } else { (b, a) };
            let lo = if hi == lo { lo - 1.0 } else { lo };
            if costs[j] { x[j] = lo; x[4 + j] = hi; } else { x[j] = hi; x[4 + j] = lo; }
        }
        prop_assume!(nonconstant(&x, 6, 4));
        let d = dataset(6, 4, x, &costs);
        let p = pipe(&format!(r#"{{"steps": [{{"step": "normalise"}}, {{"step": "weight", "method": "{wm}"}},
            {{"step": "aggregate", "dimension": {{"method": "{agg}"}}, "overall": {{"method": "{agg}"}}}},
            {{"step": "topsis", "normalisation": "{topnorm}"}}, {{"step": "rank"}}]}}"#));
        let r = run(&p, &d).unwrap();
        for c in &r.ranks().unwrap().columns {
            prop_assert!(c.ranks[0] <= c.ranks[1], "{}: {:?}", c.id, c.ranks);
        }
    }

    #[test]
    fn monotone_in_each_benefit_indicator(
        x in matrix(5, 3), j in 0usize..3, bump in 0.01f64..30.0,
        agg in prop::sample::select(vec!["arithmetic", "geometric", "harmonic", "minimum"]),
    ) {
        // Fixed goalposts keep the normalisation of the others unchanged.
        let mut d = dataset(5, 3, x.clone(), &[false, false, false]);
        for m in &mut d.indicators { m.goalposts = Some([-60.0, 90.0]); }
        let p = pipe(&format!(r#"{{"steps": [{{"step": "normalise", "method": "goalposts"}},
            {{"step": "aggregate", "dimension": {{"method": "{agg}"}}, "overall": {{"method": "{agg}"}}}}]}}"#));
        let before = run(&p, &d).unwrap().aggregation().unwrap().overall.clone();
        d.values[j] += bump;
        let after = run(&p, &d).unwrap().aggregation().unwrap().overall.clone();
        prop_assert!(after[0] >= before[0] - 1e-12, "{} < {}", after[0], before[0]);
        for i in 1..5 { prop_assert_eq!(after[i], before[i]); }
    }

    #[test]
    fn competition_ranks_match_naive_oracle(v in prop::collection::vec(0u8..6, 1..30)) {
        let x: Vec<f64> = v.iter().map(|&a| f64::from(a)).collect();
        let r = stats::competition_ranks_desc(&x);
        for i in 0..x.len() {
            let greater = x.iter().filter(|&&y| y > x[i]).count() as u32;
            prop_assert_eq!(r[i], greater + 1);
        }
    }

    #[test]
    fn ahp_weights_sum_to_one_and_consistent_matrices_recover_priorities(
        p in prop::collection::vec(0.1f64..10.0, 3..9)
    ) {
        let k = p.len();
        let m: Vec<Vec<f64>> = (0..k).map(|i| (0..k).map(|j| p[i] / p[j]).collect()).collect();
        let r = ahp(&AhpMatrix { ids: ids("c", k), matrix: m }, &AhpOptions::default(), &FieldPath::default()).unwrap();
        let s: f64 = p.iter().sum();
        for i in 0..k { prop_assert!((r.weights[i] - p[i] / s).abs() < 1e-12); }
        prop_assert!(r.cr.abs() < 1e-9);
    }
}

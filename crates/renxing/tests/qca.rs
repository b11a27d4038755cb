//! QCA: published results of the R package QCA's Lipset data (crisp and multi-value),
//! hand-computed cases for every measure, and properties.
//!
//! Source of every "published" number: the R package QCA, version 3.23 (Dusa, CRAN), its
//! documentation pages `truthTable` and `minimize` (examples with printed output, shipped as
//! `inst/staticdocs/truthTable.html` and `minimize.html`), which reproduce Rihoux & De Meur
//! (2009, p. 57) for the crisp and Cronqvist & Berg-Schlosser (2009, p. 80) for the multi-value
//! Lipset data. The crisp (LC) and multi-value (LM) data below are not copied from the package:
//! they are read off the published truth tables with cases (each case's configuration and, as
//! every row's inclusion is 0 or 1, its outcome).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use proptest::prelude::*;
use renxing::qca::*;

const CASES: [&str; 18] = [
    "AU", "BE", "CZ", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "NL", "PL", "PT", "RO", "ES",
    "SE", "UK",
];

/// Rows of the published `print(truthTable(LC, "SURV"), show.cases = TRUE)`:
/// (DEV, URB, LIT, IND, STB, OUT, cases).
const LC_ROWS: [([u8; 5], u8, &str); 9] = [
    ([0, 0, 0, 0, 0], 0, "GR,PT,ES"),
    ([0, 0, 0, 0, 1], 0, "IT,RO"),
    ([0, 0, 1, 0, 0], 0, "HU,PL"),
    ([0, 0, 1, 0, 1], 0, "EE"),
    ([1, 0, 1, 0, 1], 1, "FI,IE"),
    ([1, 0, 1, 1, 0], 0, "AU"),
    ([1, 0, 1, 1, 1], 1, "FR,SE"),
    ([1, 1, 1, 1, 0], 0, "DE"),
    ([1, 1, 1, 1, 1], 1, "BE,CZ,NL,UK"),
];

fn lipset(multi_value: bool, conditions: usize) -> QcaTable {
    let names = ["DEV", "URB", "LIT", "IND", "STB"];
    let mut values = Vec::new();
    let mut out = Vec::new();
    for case in CASES {
        let (conf, y, _) = LC_ROWS
            .iter()
            .find(|(_, _, cs)| cs.split(',').any(|c| c == case))
            .unwrap();
        for (j, &v) in conf.iter().enumerate().take(conditions) {
            // LM: DEV = 2 above 850 USD (published minimize(ttLM) cases: FR,SE; BE,NL,UK)
            let v = if j == 0 && multi_value && ["BE", "FR", "NL", "SE", "UK"].contains(&case) {
                2
            } else {
                v
            };
            values.push(f64::from(v));
        }
        out.push(f64::from(*y));
    }
    QcaTable::new(
        CASES.iter().map(|s| s.to_string()).collect(),
        names[..conditions].iter().map(|s| s.to_string()).collect(),
        "SURV",
        values,
        out,
    )
    .unwrap()
}

fn close(a: Option<f64>, b: f64) {
    let a = a.expect("defined");
    assert!((a - b).abs() < 5e-4, "{a} vs {b}");
}

fn models(s: &SolutionSet) -> Vec<String> {
    s.solutions.iter().map(|m| m.expression.clone()).collect()
}

#[test]
fn lc_truth_table_matches_published() {
    let t = lipset(false, 5);
    let tt = truth_table(&t, &TruthTableOptions::default()).unwrap();
    // published: rows 1 2 5 6 22 23 24 31 32 with n 3 2 2 1 2 1 2 1 4
    let ids: Vec<u64> = tt.rows.iter().map(|r| r.id).collect();
    assert_eq!(ids, vec![1, 2, 5, 6, 22, 23, 24, 31, 32]);
    let ns: Vec<usize> = tt.rows.iter().map(|r| r.n).collect();
    assert_eq!(ns, vec![3, 2, 2, 1, 2, 1, 2, 1, 4]);
    let codes: String = tt.rows.iter().map(|r| r.outcome.as_str()).collect();
    assert_eq!(codes, "000010101");
    for r in &tt.rows {
        let expect = if r.outcome == OutputCode::Positive {
            1.0
        } else {
            0.0
        };
        assert_eq!(r.inclusion, Some(expect));
        assert_eq!(r.pri, Some(expect));
    }
    assert_eq!(tt.row(32).unwrap().cases, vec!["BE", "CZ", "NL", "UK"]);
    assert_eq!(tt.n_configurations, 32);
    assert_eq!(tt.n_remainders, 23);
    // "n OUT = 1/0/C: 8/10/0, Total: 18"
    assert_eq!(
        (
            tt.counts.positive,
            tt.counts.negative,
            tt.counts.contradiction,
            tt.counts.total
        ),
        (8, 10, 0, 18)
    );
    let text = truth_table_text(&tt, true, None);
    assert!(text.contains("BE,CZ,NL,UK"));
    assert_eq!(text.lines().filter(|l| l.contains(" ? ")).count(), 23);
    let md = truth_table_markdown(&tt, false, None);
    assert_eq!(md.lines().count(), 2 + 9);
}

#[test]
fn lc_conservative_and_parsimonious_match_published() {
    let t = lipset(false, 5);
    let tt = truth_table(&t, &TruthTableOptions::default()).unwrap();
    let m = minimize(&t, &tt, &MinimizeOptions::default()).unwrap();
    // minimize(ttLC): "M1: DEV*~URB*LIT*STB + DEV*LIT*IND*STB <=> SURV"
    assert_eq!(
        models(&m.conservative),
        vec!["DEV*~URB*LIT*STB + DEV*LIT*IND*STB"]
    );
    let s = &m.conservative.solutions[0];
    let tf = &s.term_fits;
    close(tf[0].inclusion, 1.0);
    close(tf[0].pri, 1.0);
    close(tf[0].coverage, 0.5);
    close(tf[0].unique_coverage, 0.25);
    close(tf[1].coverage, 0.75);
    close(tf[1].unique_coverage, 0.5);
    assert_eq!(tf[0].cases, vec![vec!["FI", "IE"], vec!["FR", "SE"]]);
    assert_eq!(
        tf[1].cases,
        vec![vec!["FR", "SE"], vec!["BE", "CZ", "NL", "UK"]]
    );
    close(s.fit.inclusion, 1.0);
    close(s.fit.coverage, 1.0);
    assert!(!m.conservative.ambiguous);
    // minimize(ttLC, include = "?"): "M1: DEV*STB", covS 1; pLC$SA: rows 18 20 26 28 30
    let p = m.parsimonious.as_ref().unwrap();
    assert_eq!(models(p), vec!["DEV*STB"]);
    close(p.solutions[0].term_fits[0].coverage, 1.0);
    assert_eq!(p.solutions[0].term_fits[0].unique_coverage, None);
    assert_eq!(
        p.solutions[0].simplifying_assumptions.as_deref(),
        Some(&[18u64, 20, 26, 28, 30][..])
    );
}

#[test]
fn lc_negated_outcome_matches_published() {
    let t = lipset(false, 5);
    let o = TruthTableOptions {
        negate_outcome: true,
        ..Default::default()
    };
    let tt = truth_table(&t, &o).unwrap();
    assert_eq!(tt.outcome, "~SURV");
    assert_eq!((tt.counts.positive, tt.counts.negative), (10, 8));
    let m = minimize(&t, &tt, &MinimizeOptions::default()).unwrap();
    // minimize(ttLCn): "M1: ~DEV*~URB*~IND + DEV*LIT*IND*~STB <=> ~SURV"
    assert_eq!(
        models(&m.conservative),
        vec!["~DEV*~URB*~IND + DEV*LIT*IND*~STB"]
    );
    // pLCn: "M1: ~DEV + ~STB", 0.800/0.300 and 0.700/0.200
    let p = m.parsimonious.unwrap();
    assert_eq!(models(&p), vec!["~DEV + ~STB"]);
    let tf = &p.solutions[0].term_fits;
    close(tf[0].coverage, 0.8);
    close(tf[0].unique_coverage, 0.3);
    close(tf[1].coverage, 0.7);
    close(tf[1].unique_coverage, 0.2);
    assert_eq!(
        tf[0].cases,
        vec![
            vec!["GR", "PT", "ES"],
            vec!["IT", "RO"],
            vec!["HU", "PL"],
            vec!["EE"]
        ]
    );
    assert_eq!(
        tf[1].cases,
        vec![
            vec!["GR", "PT", "ES"],
            vec!["HU", "PL"],
            vec!["AU"],
            vec!["DE"]
        ]
    );
    close(p.solutions[0].fit.coverage, 1.0);
}

#[test]
fn lm_truth_table_and_n_cut_match_published() {
    let t = lipset(true, 5);
    let tt = truth_table(&t, &TruthTableOptions::default()).unwrap();
    // truthTable(LM, "SURV"): rows 22 32 40 48 positive, n 2 1 2 3
    let pos: Vec<(u64, usize)> = tt
        .rows
        .iter()
        .filter(|r| r.outcome == OutputCode::Positive)
        .map(|r| (r.id, r.n))
        .collect();
    assert_eq!(pos, vec![(22, 2), (32, 1), (40, 2), (48, 3)]);
    assert_eq!(tt.n_configurations, 48);
    // n.cut = 2: rows 6, 23, 31, 32 become remainders (ttLM$removed), 32 holds CZ
    let o = TruthTableOptions {
        n_cut: 2,
        ..Default::default()
    };
    let tt2 = truth_table(&t, &o).unwrap();
    let removed: Vec<u64> = tt2
        .rows
        .iter()
        .filter(|r| r.below_n_cut)
        .map(|r| r.id)
        .collect();
    assert_eq!(removed, vec![6, 23, 31, 32]);
    assert_eq!(tt2.row(32).unwrap().cases, vec!["CZ"]);
    assert_eq!(tt2.row(32).unwrap().outcome, OutputCode::Remainder);
}

#[test]
fn lm_solutions_match_published() {
    // minimize(truthTable(LM, "SURV", conditions = "DEV, URB, LIT, IND"))
    let t = lipset(true, 4);
    let tt = truth_table(&t, &TruthTableOptions::default()).unwrap();
    assert_eq!((tt.counts.positive, tt.counts.negative), (7, 11));
    let m = minimize(&t, &tt, &MinimizeOptions::default()).unwrap();
    assert_eq!(
        models(&m.conservative),
        vec!["DEV{2}*LIT{1}*IND{1} + DEV{1}*URB{0}*LIT{1}*IND{0}"]
    );
    let s = &m.conservative.solutions[0];
    close(s.term_fits[0].coverage, 0.625);
    close(s.term_fits[0].unique_coverage, 0.625);
    close(s.term_fits[1].coverage, 0.25);
    close(s.fit.coverage, 0.875);
    assert_eq!(
        s.term_fits[0].cases,
        vec![vec!["FR", "SE"], vec!["BE", "NL", "UK"]]
    );
    let p = m.parsimonious.unwrap();
    assert_eq!(models(&p), vec!["DEV{2} + DEV{1}*IND{0}"]);
    close(p.solutions[0].fit.coverage, 0.875);
    close(p.solutions[0].term_fits[1].unique_coverage, 0.25);

    let o = TruthTableOptions {
        negate_outcome: true,
        ..Default::default()
    };
    let ttn = truth_table(&t, &o).unwrap();
    assert_eq!((ttn.counts.positive, ttn.counts.negative), (9, 9));
    let mn = minimize(&t, &ttn, &MinimizeOptions::default()).unwrap();
    assert_eq!(
        models(&mn.conservative),
        vec!["DEV{0}*URB{0}*IND{0} + DEV{1}*URB{0}*LIT{1}*IND{1}"]
    );
    let s = &mn.conservative.solutions[0];
    close(s.term_fits[0].coverage, 0.8);
    close(s.term_fits[1].coverage, 0.1);
    close(s.fit.coverage, 0.9);
    assert_eq!(
        s.term_fits[0].cases,
        vec![vec!["GR", "IT", "PT", "RO", "ES"], vec!["EE", "HU", "PL"]]
    );
    let pn = mn.parsimonious.unwrap();
    assert_eq!(models(&pn), vec!["DEV{0} + DEV{1}*URB{0}*IND{1}"]);
    close(pn.solutions[0].fit.coverage, 0.9);
}

#[test]
fn lm_super_subset_matches_published() {
    // superSubset(LM, "SURV") in the QCA 3.23 docs (subsetsAndSupersets):
    // LIT{1} 1/0.5/0.615, STB{1} 1/0.7/0.727, LIT{1}*STB{1} 1/0.9/0.889,
    // DEV{1}+IND{1} 1/0.8/0.8, URB{0}+IND{1} 1/0/0.444, DEV{2}+URB{1}+IND{0} 1/0.1/0.471
    let t = lipset(true, 5);
    let r = necessity(&t, &NecessityOptions::default()).unwrap();
    let got: Vec<(&str, f64, f64, f64)> = r
        .combinations
        .iter()
        .map(|c| {
            (
                c.expression.as_str(),
                c.fit.inclusion.unwrap(),
                c.fit.relevance.unwrap(),
                c.fit.coverage.unwrap(),
            )
        })
        .collect();
    let want = [
        ("LIT{1}", 1.0, 0.5, 0.615),
        ("STB{1}", 1.0, 0.7, 0.727),
        ("LIT{1}*STB{1}", 1.0, 0.9, 0.889),
        ("DEV{1}+IND{1}", 1.0, 0.8, 0.8),
        ("URB{0}+IND{1}", 1.0, 0.0, 0.444),
        ("DEV{2}+URB{1}+IND{0}", 1.0, 0.1, 0.471),
    ];
    assert_eq!(got.len(), want.len(), "{got:?}");
    for (g, w) in got.iter().zip(want) {
        assert_eq!(g.0, w.0);
        assert!(
            (g.1 - w.1).abs() < 5e-4 && (g.2 - w.2).abs() < 5e-4 && (g.3 - w.3).abs() < 5e-4,
            "{g:?}"
        );
    }
}

#[test]
fn crisp_calibration_by_hand() {
    // R's findInterval: the category is the number of thresholds <= x
    let x = [1.0, 5.5, 5.0, 8.0, 9.0];
    let c = calibrate(
        &x,
        &Calibration::Crisp {
            thresholds: vec![8.0, 5.0],
            reverse: false,
        },
    )
    .unwrap();
    assert_eq!(c.values, vec![0.0, 1.0, 1.0, 2.0, 2.0]);
    assert_eq!(c.report.levels, Some(3));
    let r = calibrate(
        &x,
        &Calibration::Crisp {
            thresholds: vec![5.0],
            reverse: true,
        },
    )
    .unwrap();
    assert_eq!(r.values, vec![1.0, 0.0, 0.0, 0.0, 0.0]);
    // thresholds outside the data's range are refused, as in R
    let e = calibrate(
        &x,
        &Calibration::Crisp {
            thresholds: vec![10.0],
            reverse: false,
        },
    );
    assert!(matches!(e, Err(QcaError::InvalidAnchors { .. })));
}

// ---------------------------------------------------------------- hand-computed measures

#[test]
fn sufficiency_and_necessity_by_hand() {
    let x = [0.8, 0.6, 0.3, 0.1];
    let y = [0.9, 0.4, 0.7, 0.2];
    // min(x, y) = 0.8, 0.4, 0.3, 0.1 → 1.6; Σx = 1.8; Σy = 2.2
    // min(x, y, 1 − y) = 0.1, 0.4, 0.3, 0.1 → 0.9
    let s = sufficiency(&x, &y);
    assert!((s.inclusion.unwrap() - 1.6 / 1.8).abs() < 1e-12);
    assert!((s.coverage.unwrap() - 1.6 / 2.2).abs() < 1e-12);
    assert!((s.pri.unwrap() - (1.6 - 0.9) / (1.8 - 0.9)).abs() < 1e-12);
    let n = necessity_fit(&x, &y);
    assert!((n.inclusion.unwrap() - 1.6 / 2.2).abs() < 1e-12);
    assert!((n.coverage.unwrap() - 1.6 / 1.8).abs() < 1e-12);
    // RoN = Σ(1 − x) / Σ(1 − min) = 2.2 / 2.4
    assert!((n.relevance.unwrap() - 2.2 / 2.4).abs() < 1e-12);
    assert_eq!(sufficiency(&[0.0, 0.0], &[1.0, 0.0]).inclusion, None);
}

#[test]
fn unique_coverage_by_hand() {
    let y = [1.0, 1.0, 1.0, 0.0];
    let a = vec![1.0, 1.0, 0.0, 0.0];
    let b = vec![0.0, 1.0, 1.0, 0.0];
    // covS(a) = 2/3; overlap with b on case 2 → covU(a) = 1/3
    let u = unique_coverages(&[a, b], &y);
    assert!((u[0].unwrap() - 1.0 / 3.0).abs() < 1e-12);
    assert!((u[1].unwrap() - 1.0 / 3.0).abs() < 1e-12);
}

#[test]
fn direct_calibration_by_hand() {
    // R QCA: membership 1 / (1 + exp(−(x − c) ln(19) / (i − c))) above c, 0.95 at i
    let spec = Calibration::Fuzzy {
        exclusion: 1.0,
        crossover: 2.0,
        inclusion: 4.0,
        convention: LogisticConvention::RQca,
    };
    let c = calibrate(&[1.0, 1.5, 2.0, 3.0, 4.0, 100.0, -100.0], &spec).unwrap();
    let l19 = 19f64.ln();
    assert!((c.values[0] - 0.05).abs() < 1e-12);
    assert!((c.values[1] - 1.0 / (1.0 + (0.5 * l19).exp())).abs() < 1e-12);
    assert_eq!(c.values[2], 0.5);
    assert!((c.values[3] - 1.0 / (1.0 + (-0.5 * l19).exp())).abs() < 1e-12);
    assert!((c.values[4] - 0.95).abs() < 1e-12);
    assert_eq!(c.values[5], 1.0); // > 0.9999 rounds to 1, as R
    assert_eq!(c.values[6], 0.0);
    assert_eq!(c.report.at_crossover, vec![2]);
    assert_eq!(c.report.direction, Some(Direction::Increasing));
    // Ragin (2008): log-odds 3 at the anchors → 0.9526 and 0.0474, no rounding
    let r = calibrate(
        &[4.0, 1.0, 10.0],
        &Calibration::Fuzzy {
            exclusion: 1.0,
            crossover: 2.0,
            inclusion: 4.0,
            convention: LogisticConvention::Ragin,
        },
    )
    .unwrap();
    assert!((r.values[0] - 1.0 / (1.0 + (-3f64).exp())).abs() < 1e-12);
    assert!((r.values[0] - 0.9526).abs() < 1e-4);
    assert!((r.values[1] - 0.0474).abs() < 1e-4);
    assert!(r.values[2] < 1.0 && r.values[2] > 0.9999); // log-odds 12, not rounded
    assert_eq!(r.report.log_odds_at_anchors, Some(3.0));
    // decreasing anchors: the complement of the increasing set
    let d = calibrate(
        &[1.0, 3.0, 4.0],
        &Calibration::Fuzzy {
            exclusion: 4.0,
            crossover: 2.0,
            inclusion: 1.0,
            convention: LogisticConvention::RQca,
        },
    )
    .unwrap();
    assert!((d.values[0] - 0.95).abs() < 1e-12);
    assert!((d.values[2] - 0.05).abs() < 1e-12);
    assert_eq!(d.report.direction, Some(Direction::Decreasing));
    // bad anchors
    let e = calibrate(
        &[1.0],
        &Calibration::Fuzzy {
            exclusion: 2.0,
            crossover: 1.0,
            inclusion: 3.0,
            convention: LogisticConvention::RQca,
        },
    );
    assert!(matches!(e, Err(QcaError::InvalidAnchors { .. })));
}

#[test]
fn truth_table_codes_contradictions_and_pri_by_hand() {
    // one fuzzy condition X, outcome Y; rows: X (x > .5) and ~X
    let t = QcaTable::new(
        vec!["a".into(), "b".into(), "c".into(), "d".into()],
        vec!["X".into()],
        "Y",
        vec![0.9, 0.8, 0.2, 0.5],
        vec![0.7, 0.9, 0.6, 0.1],
    )
    .unwrap();
    let tt = truth_table(
        &t,
        &TruthTableOptions {
            incl_cut: 0.9,
            incl_cut0: Some(0.7),
            ..Default::default()
        },
    )
    .unwrap();
    // row X (id 2): Σx = .9+.8+.2+.5 = 2.4, Σmin = .7+.8+.2+.1 = 1.8 → 0.75 → C
    let r = tt.row(2).unwrap();
    assert!((r.inclusion.unwrap() - 0.75).abs() < 1e-12);
    assert_eq!(r.outcome, OutputCode::Contradiction);
    assert_eq!(r.cases, vec!["a", "b"]);
    // PRI: Σmin(x, y, 1 − y) = .3 + .1 + .2 + .1 = .7 → (1.8 − .7) / (2.4 − .7)
    assert!((r.pri.unwrap() - 1.1 / 1.7).abs() < 1e-12);
    // row ~X (id 1): 1 − x = .1 .2 .8 .5 → Σ 1.6; Σmin = .1 + .2 + .6 + .1 = 1.0 → 0.625 → 0
    let r1 = tt.row(1).unwrap();
    assert!((r1.inclusion.unwrap() - 0.625).abs() < 1e-12);
    assert_eq!(r1.outcome, OutputCode::Negative);
    assert_eq!(r1.cases, vec!["c"]);
    // case d sits at 0.5: in no row, reported
    assert_eq!(tt.cases_at_half, vec!["d"]);
    assert_eq!(r1.deviant_cases, Vec::<String>::new());
}

#[test]
fn intermediate_by_hand_two_conditions() {
    // A*B positive, ~A*~B negative, A*~B and ~A*B remainders; expectation A present.
    let t = QcaTable::new(
        vec!["p".into(), "n".into()],
        vec!["A".into(), "B".into()],
        "Y",
        vec![1.0, 1.0, 0.0, 0.0],
        vec![1.0, 0.0],
    )
    .unwrap();
    let tt = truth_table(&t, &TruthTableOptions::default()).unwrap();
    let des = parse_directional_expectations("A", &t.conditions, &[2, 2]).unwrap();
    let m = minimize(
        &t,
        &tt,
        &MinimizeOptions {
            directional_expectations: Some(des),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(models(&m.conservative), vec!["A*B"]);
    // parsimonious: A or B, two models (ambiguity)
    let p = m.parsimonious.as_ref().unwrap();
    assert_eq!(models(p), vec!["A", "B"]);
    assert!(p.ambiguous);
    // with P1 = A: SA = {A*~B} (row 3); comp A*B ⊆ A, extra literal B has no expectation → kept:
    // no easy counterfactual, intermediate = A*B. With P2 = B: SA = {~A*B} (row 2); extra
    // literal A agrees with the expectation → kept → again A*B.
    assert_eq!(m.intermediate.len(), 2);
    for i in &m.intermediate {
        assert!(i.easy_counterfactuals.is_empty());
        assert_eq!(models(&i.solutions), vec!["A*B"]);
    }
    // expectation ~B: with P1 = A the literal B contradicts it → dropped → A*~B easy → A
    let des = parse_directional_expectations("~B", &t.conditions, &[2, 2]).unwrap();
    let m = minimize(
        &t,
        &tt,
        &MinimizeOptions {
            directional_expectations: Some(des),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(m.intermediate[0].easy_counterfactuals, vec![3]);
    assert_eq!(models(&m.intermediate[0].solutions), vec!["A"]);
    assert_eq!(m.intermediate[1].difficult_counterfactuals, vec![2]);
}

#[test]
fn errors_name_fields() {
    let e = QcaTable::new(
        vec!["a".into()],
        vec!["X".into()],
        "Y",
        vec![f64::NAN],
        vec![1.0],
    )
    .unwrap_err();
    assert_eq!(
        e.path(),
        &[
            PathSeg::Key("values".into()),
            PathSeg::Index(0),
            PathSeg::Index(0)
        ]
    );
    assert!(e.message_zh().contains("有限"));
    let t = QcaTable::new(
        vec!["a".into()],
        vec!["X".into()],
        "Y",
        vec![1.5],
        vec![1.0],
    )
    .unwrap();
    assert!(matches!(
        truth_table(&t, &TruthTableOptions::default()),
        Err(QcaError::NotACategory { .. }) | Err(QcaError::OutOfRange { .. })
    ));
    let t = QcaTable::new(
        vec!["a".into(), "b".into()],
        vec!["X".into()],
        "Y",
        vec![1.0, 0.0],
        vec![0.0, 0.0],
    )
    .unwrap();
    let tt = truth_table(&t, &TruthTableOptions::default()).unwrap();
    assert_eq!(
        minimize(&t, &tt, &MinimizeOptions::default()).unwrap_err(),
        QcaError::NothingToExplain
    );
    let bad = TruthTableOptions {
        incl_cut: 0.8,
        incl_cut0: Some(0.9),
        ..Default::default()
    };
    assert!(matches!(
        truth_table(&t, &bad),
        Err(QcaError::InvalidOption { .. })
    ));
}

#[test]
fn results_round_trip_through_json() {
    let t = lipset(false, 5);
    let tt = truth_table(&t, &TruthTableOptions::default()).unwrap();
    let m = minimize(&t, &tt, &MinimizeOptions::default()).unwrap();
    let s = serde_json::to_string(&m).unwrap();
    let back: Minimization = serde_json::from_str(&s).unwrap();
    assert_eq!(back, m);
    let s = serde_json::to_string(&tt).unwrap();
    assert!(s.contains("\"outcome\":\"1\""));
    let back: TruthTable = serde_json::from_str(&s).unwrap();
    assert_eq!(back, tt);
}

#[test]
fn robustness_counts_surviving_terms() {
    let t = lipset(false, 5);
    let spec = RobustnessSpec {
        incl_cuts: vec![1.0, 0.9],
        n_cuts: vec![1, 2],
        calibrations: vec![],
        solution: SolutionKind::Parsimonious,
        truth_table: TruthTableOptions::default(),
        minimize: MinimizeOptions::default(),
    };
    let r = robustness(&t, &spec).unwrap();
    assert_eq!(r.runs.len(), 4);
    assert_eq!(r.successful_runs, 4);
    // DEV*STB with n_cut 1; with n_cut 2 rows 6, 23, 31 become remainders
    assert!(r
        .terms
        .iter()
        .any(|s| s.expression == "DEV*STB" && s.runs_in_some_model == 2));
}

// ---------------------------------------------------------------- properties

fn random_crisp(k: usize, seed: &[u8]) -> QcaTable {
    let n = seed.len() / (k + 1);
    let mut values = Vec::new();
    let mut y = Vec::new();
    let mut cases = Vec::new();
    for i in 0..n {
        cases.push(format!("c{i}"));
        for j in 0..k {
            values.push(f64::from(seed[i * (k + 1) + j] & 1));
        }
        y.push(f64::from(seed[i * (k + 1) + k] & 1));
    }
    QcaTable::new(
        cases,
        (0..k).map(|j| format!("X{j}")).collect(),
        "Y",
        values,
        y,
    )
    .unwrap()
}

fn covers(coded: &[u8], values: &[u8]) -> bool {
    coded
        .iter()
        .zip(values)
        .all(|(&c, &v)| c == 0 || c == v + 1)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn solutions_cover_positives_and_no_negatives(k in 2usize..5, seed in proptest::collection::vec(any::<u8>(), 12..60)) {
        let t = random_crisp(k, &seed);
        let tt = truth_table(&t, &TruthTableOptions::default()).unwrap();
        let Ok(m) = minimize(&t, &tt, &MinimizeOptions::default()) else { return Ok(()) };
        let sets: Vec<&SolutionSet> = std::iter::once(&m.conservative).chain(m.parsimonious.iter()).collect();
        for set in &sets {
            for sol in &set.solutions {
                for r in &tt.rows {
                    let hit = sol.terms.iter().any(|&p| covers(&set.prime_implicants[p].coded, &r.values));
                    match r.outcome {
                        OutputCode::Positive => prop_assert!(hit, "positive row {} not covered", r.id),
                        OutputCode::Negative => prop_assert!(!hit, "negative row {} covered", r.id),
                        _ => {}
                    }
                }
                // conservative: no remainder covered either
                if set.kind == SolutionKind::Conservative {
                    for id in 1..=tt.n_configurations {
                        if tt.row(id).is_none() {
                            let vals = tt.decode(id);
                            prop_assert!(!sol.terms.iter().any(|&p| covers(&set.prime_implicants[p].coded, &vals)));
                        }
                    }
                }
            }
        }
        // parsimonious never longer than conservative (number of literals of the shortest model)
        if let Some(p) = &m.parsimonious {
            let lits = |s: &SolutionSet| s.solutions.iter().map(|sol| sol.terms.iter().map(|&t| s.prime_implicants[t].literals.len()).sum::<usize>()).min().unwrap();
            prop_assert!(lits(p) <= lits(&m.conservative));
            prop_assert!(p.solutions[0].terms.len() <= m.conservative.solutions[0].terms.len());
        }
    }

    #[test]
    fn term_inclusion_equals_inclusion_of_its_memberships(
        xs in proptest::collection::vec((0.0f64..1.0, 0.0f64..1.0, 0.0f64..1.0), 4..30)
    ) {
        let n = xs.len();
        let mut values = Vec::new();
        let mut y = Vec::new();
        for (a, b, c) in &xs {
            values.push((a * 100.0).round() / 100.0);
            values.push((b * 100.0).round() / 100.0 + 0.001);
            y.push(*c);
        }
        let t = QcaTable::new((0..n).map(|i| format!("c{i}")).collect(), vec!["A".into(), "B".into()], "Y", values.clone(), y.clone()).unwrap();
        let Ok(tt) = truth_table(&t, &TruthTableOptions { incl_cut: 0.6, ..Default::default() }) else { return Ok(()) };
        let Ok(m) = minimize(&t, &tt, &MinimizeOptions::default()) else { return Ok(()) };
        for set in std::iter::once(&m.conservative).chain(m.parsimonious.iter()) {
            for tf in &set.terms {
                let pi = &set.prime_implicants[tf.implicant];
                let memb: Vec<f64> = (0..n).map(|i| {
                    pi.literals.iter().map(|l| {
                        let x = values[i * 2 + l.condition];
                        if l.value == 1 { x } else { 1.0 - x }
                    }).fold(1.0, f64::min)
                }).collect();
                let num: f64 = memb.iter().zip(&y).map(|(a, b)| a.min(*b)).sum();
                let den: f64 = memb.iter().sum();
                prop_assert!((tf.inclusion.unwrap() - num / den).abs() < 1e-12);
            }
        }
    }

    #[test]
    fn minimum_cover_is_minimum(k in 2usize..5, seed in proptest::collection::vec(any::<u8>(), 12..60)) {
        // brute force: no cover of the positive rows by fewer prime implicants exists
        let t = random_crisp(k, &seed);
        let tt = truth_table(&t, &TruthTableOptions::default()).unwrap();
        let Ok(m) = minimize(&t, &tt, &MinimizeOptions::default()) else { return Ok(()) };
        let p = m.parsimonious.unwrap();
        let npi = p.prime_implicants.len();
        let size = p.solutions[0].terms.len();
        prop_assert!(p.solutions.iter().all(|s| s.terms.len() == size));
        let pos: Vec<&TruthTableRow> = tt.rows.iter().filter(|r| r.outcome == OutputCode::Positive).collect();
        let mut n_min = 0;
        for mask in 0u32..(1 << npi.min(16)) {
            if mask.count_ones() as usize > size { continue; }
            let ok = pos.iter().all(|r| (0..npi).any(|p_| mask >> p_ & 1 == 1 && covers(&p.prime_implicants[p_].coded, &r.values)));
            if ok {
                prop_assert!(mask.count_ones() as usize == size);
                n_min += 1;
            }
        }
        if npi <= 16 { prop_assert_eq!(n_min, p.solutions.len()); }
    }
}

// ---------------------------------------------------------------- golden vectors

#[test]
fn indirect_calibration_matches_statsmodels_golden() {
    // tests/golden/qca/indirect.json, written by tests/golden/qca/generate.py (statsmodels GLM)
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/golden/qca/indirect.json"
    );
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let tol = v["tolerance"].as_f64().unwrap();
    let cases = v["cases"].as_array().unwrap();
    assert!(!cases.is_empty());
    let nums = |a: &serde_json::Value| -> Vec<f64> {
        a.as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_f64().unwrap())
            .collect()
    };
    for c in cases {
        let x = nums(&c["x"]);
        let spec = Calibration::Indirect {
            thresholds: nums(&c["thresholds"]),
        };
        let got = calibrate(&x, &spec).unwrap();
        let fit = got.report.indirect.as_ref().unwrap();
        assert_eq!(fit.targets, nums(&c["targets"]));
        for (g, w) in got.values.iter().zip(nums(&c["membership"])) {
            assert!((g - w).abs() <= tol, "{}: {g} vs {w}", c["name"]);
        }
    }
}

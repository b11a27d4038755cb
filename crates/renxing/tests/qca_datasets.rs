//! QCA: published results on the fuzzy Lipset data (LF), the Cebotari & Vink data (CVF) and the
//! raw Lipset data (LR) bundled with the R package QCA 3.23.
//!
//! The datasets are not part of this repository (they come with the R package). These tests are
//! ignored by default; to run them, extract the datasets with
//! `tests/golden/qca/extract_datasets.py <QCA source>/data <dir>` and run
//! `QCA_DATA_DIR=<dir> cargo test -p renxing --test qca_datasets -- --ignored`.
//!
//! Every expected number is printed in the examples of the QCA 3.23 documentation pages
//! `minimize` (LF: Ragin 2009, p. 112; CVF: Cebotari & Vink 2013), `truthTable`, `pof` and
//! `superSubset` (shipped as `inst/staticdocs/*.html`), to three decimals.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use renxing::qca::*;

fn load(name: &str) -> (Vec<String>, Vec<String>, Vec<Vec<f64>>) {
    let dir = std::env::var("QCA_DATA_DIR").expect("set QCA_DATA_DIR (see the module docs)");
    let text = std::fs::read_to_string(format!("{dir}/{name}.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let strs = |k: &str| -> Vec<String> {
        v[k].as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_owned())
            .collect()
    };
    let rows = v["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r.as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_f64().unwrap())
                .collect()
        })
        .collect();
    (strs("cases"), strs("columns"), rows)
}

/// The dataset as a table with the last column as the outcome.
fn table(name: &str) -> QcaTable {
    let (cases, cols, rows) = load(name);
    let k = cols.len() - 1;
    let values = rows
        .iter()
        .flat_map(|r: &Vec<f64>| r[..k].to_vec())
        .collect();
    let y = rows.iter().map(|r| r[k]).collect();
    QcaTable::new(cases, cols[..k].to_vec(), cols[k].clone(), values, y).unwrap()
}

fn close(a: Option<f64>, b: f64) {
    let a = a.expect("defined");
    assert!((a - b).abs() < 5.01e-4, "{a} vs {b}");
}

/// (inclS, PRI, covS, covU) of each term, then the model's (inclS, PRI, covS).
fn check(sol: &Solution, terms: &[(&str, f64, f64, f64, f64)], model: (f64, f64, f64)) {
    assert_eq!(sol.term_fits.len(), terms.len());
    for (tf, t) in sol.term_fits.iter().zip(terms) {
        assert_eq!(tf.expression, t.0);
        close(tf.inclusion, t.1);
        close(tf.pri, t.2);
        close(tf.coverage, t.3);
        close(tf.unique_coverage, t.4);
    }
    close(sol.fit.inclusion, model.0);
    close(sol.fit.pri, model.1);
    close(sol.fit.coverage, model.2);
}

#[test]
#[ignore = "needs QCA_DATA_DIR with the R package's datasets"]
fn lf_three_solutions_match_published() {
    let t = table("LF");
    let o = TruthTableOptions {
        incl_cut: 0.8,
        ..Default::default()
    };
    let tt = truth_table(&t, &o).unwrap();
    // "n OUT = 1/0/C: 6/12/0"
    assert_eq!(
        (
            tt.counts.positive,
            tt.counts.negative,
            tt.counts.contradiction
        ),
        (6, 12, 0)
    );
    let des =
        parse_directional_expectations("DEV, URB, LIT, IND, STB", &t.conditions, &tt.levels())
            .unwrap();
    let m = minimize(
        &t,
        &tt,
        &MinimizeOptions {
            directional_expectations: Some(des),
            ..Default::default()
        },
    )
    .unwrap();
    let c = &m.conservative;
    assert_eq!(c.solutions.len(), 1);
    assert_eq!(
        c.solutions[0].expression,
        "DEV*URB*LIT*IND*STB + DEV*~URB*LIT*~IND*STB"
    );
    check(
        &c.solutions[0],
        &[
            ("DEV*URB*LIT*IND*STB", 0.904, 0.886, 0.454, 0.393),
            ("DEV*~URB*LIT*~IND*STB", 0.804, 0.719, 0.265, 0.204),
        ],
        (0.870, 0.843, 0.658),
    );
    assert_eq!(
        c.solutions[0].term_fits[0].cases,
        vec![vec!["BE", "CZ", "NL", "UK"]]
    );
    let p = m.parsimonious.as_ref().unwrap();
    assert_eq!(p.solutions.len(), 1);
    assert_eq!(p.solutions[0].expression, "DEV*~IND + URB*STB");
    check(
        &p.solutions[0],
        &[
            ("DEV*~IND", 0.815, 0.721, 0.284, 0.194),
            ("URB*STB", 0.874, 0.845, 0.520, 0.430),
        ],
        (0.850, 0.819, 0.714),
    );
    // "From C1P1: M1: DEV*URB*LIT*STB + DEV*LIT*~IND*STB"
    assert_eq!(m.intermediate.len(), 1);
    let i = &m.intermediate[0].solutions;
    assert_eq!(i.solutions.len(), 1);
    assert_eq!(
        i.solutions[0].expression,
        "DEV*URB*LIT*STB + DEV*LIT*~IND*STB"
    );
    check(
        &i.solutions[0],
        &[
            ("DEV*URB*LIT*STB", 0.901, 0.879, 0.468, 0.378),
            ("DEV*LIT*~IND*STB", 0.814, 0.721, 0.282, 0.191),
        ],
        (0.866, 0.839, 0.660),
    );
    // conjunctural expectations: dir.exp = "DEV, STB, ~LIT*IND" → DEV*URB*STB + DEV*~IND*STB
    let des =
        parse_directional_expectations("DEV, STB, ~LIT*IND", &t.conditions, &tt.levels()).unwrap();
    let m = minimize(
        &t,
        &tt,
        &MinimizeOptions {
            directional_expectations: Some(des),
            ..Default::default()
        },
    )
    .unwrap();
    let i = &m.intermediate[0].solutions;
    assert_eq!(i.solutions[0].expression, "DEV*URB*STB + DEV*~IND*STB");
    check(
        &i.solutions[0],
        &[
            ("DEV*URB*STB", 0.901, 0.879, 0.468, 0.378),
            ("DEV*~IND*STB", 0.814, 0.721, 0.282, 0.191),
        ],
        (0.866, 0.839, 0.660),
    );
}

#[test]
#[ignore = "needs QCA_DATA_DIR with the R package's datasets"]
fn cvf_parsimonious_four_models_match_published() {
    let t = table("CVF");
    let o = TruthTableOptions {
        incl_cut: 0.8,
        ..Default::default()
    };
    let tt = truth_table(&t, &o).unwrap();
    assert_eq!((tt.counts.positive, tt.counts.negative), (13, 16));
    let m = minimize(&t, &tt, &MinimizeOptions::default()).unwrap();
    let p = m.parsimonious.unwrap();
    let got: Vec<String> = p.models();
    assert_eq!(
        got,
        vec![
            "M1: ~NATPRIDE + DEMOC*GEOCON*POLDIS + (~DEMOC*ETHFRACT*POLDIS + DEMOC*ETHFRACT*GEOCON)",
            "M2: ~NATPRIDE + DEMOC*GEOCON*POLDIS + (~DEMOC*ETHFRACT*POLDIS + DEMOC*ETHFRACT*~POLDIS)",
            "M3: ~NATPRIDE + DEMOC*GEOCON*POLDIS + (DEMOC*ETHFRACT*GEOCON + ETHFRACT*GEOCON*POLDIS)",
            "M4: ~NATPRIDE + DEMOC*GEOCON*POLDIS + (DEMOC*ETHFRACT*~POLDIS + ETHFRACT*GEOCON*POLDIS)",
        ]
    );
    assert!(p.ambiguous);
    // PI chart rows in R's order, columns 5 15 16 24 27 29 30 31 32
    let pis: Vec<&str> = p
        .prime_implicants
        .iter()
        .map(|x| x.expression.as_str())
        .collect();
    assert_eq!(
        pis,
        vec![
            "~NATPRIDE",
            "~DEMOC*ETHFRACT*POLDIS",
            "DEMOC*ETHFRACT*GEOCON",
            "DEMOC*ETHFRACT*~POLDIS",
            "DEMOC*GEOCON*POLDIS",
            "ETHFRACT*GEOCON*POLDIS"
        ]
    );
    assert_eq!(p.explained_rows, vec![5, 15, 16, 24, 27, 29, 30, 31, 32]);
    assert_eq!(p.prime_implicants[0].rows, vec![5, 15, 27, 29, 31]);
    // term table over all models (inclS, PRI, covS, covU)
    let want = [
        ("~NATPRIDE", 0.899, 0.807, 0.597, 0.121),
        ("~DEMOC*ETHFRACT*POLDIS", 0.842, 0.718, 0.299, 0.000),
        ("DEMOC*ETHFRACT*GEOCON", 0.935, 0.826, 0.480, 0.000),
        ("DEMOC*ETHFRACT*~POLDIS", 0.932, 0.773, 0.417, 0.000),
        ("DEMOC*GEOCON*POLDIS", 0.906, 0.805, 0.342, 0.065),
        ("ETHFRACT*GEOCON*POLDIS", 0.869, 0.786, 0.365, 0.005),
    ];
    for tf in &p.terms {
        let w = want.iter().find(|w| w.0 == tf.expression).unwrap();
        close(tf.inclusion, w.1);
        close(tf.pri, w.2);
        close(tf.coverage, w.3);
        close(tf.unique_coverage, w.4);
    }
    // per-model covU of ~NATPRIDE: 0.132 0.122 0.136 0.126; model fits
    let nat: Vec<f64> = p
        .solutions
        .iter()
        .map(|s| {
            s.term_fits
                .iter()
                .find(|t| t.expression == "~NATPRIDE")
                .unwrap()
                .unique_coverage
                .unwrap()
        })
        .collect();
    for (g, w) in nat.iter().zip([0.132, 0.122, 0.136, 0.126]) {
        assert!((g - w).abs() < 5.01e-4, "{g} vs {w}");
    }
    for (s, w) in p.solutions.iter().zip([
        (0.877, 0.777, 0.805),
        (0.877, 0.777, 0.805),
        (0.879, 0.782, 0.810),
        (0.879, 0.782, 0.810),
    ]) {
        close(s.fit.inclusion, w.0);
        close(s.fit.pri, w.1);
        close(s.fit.coverage, w.2);
    }
}

#[test]
#[ignore = "needs QCA_DATA_DIR with the R package's datasets"]
fn cvf_truth_tables_match_published() {
    let t = table("CVF");
    // truthTable(CVF, "~PROTEST", incl.cut = 0.8): (row, OUT, n, incl, PRI)
    let o = TruthTableOptions {
        incl_cut: 0.8,
        negate_outcome: true,
        ..Default::default()
    };
    let tt = truth_table(&t, &o).unwrap();
    let want = [
        (10, "1", 1, 0.976, 0.914),
        (6, "1", 1, 0.953, 0.852),
        (28, "1", 1, 0.933, 0.775),
        (14, "1", 3, 0.929, 0.816),
        (2, "1", 4, 0.922, 0.818),
        (20, "1", 1, 0.902, 0.714),
        (8, "1", 1, 0.902, 0.705),
        (22, "1", 4, 0.846, 0.597),
        (30, "1", 2, 0.843, 0.333),
        (5, "1", 2, 0.823, 0.416),
        (27, "0", 1, 0.776, 0.217),
        (16, "0", 1, 0.742, 0.409),
        (29, "0", 1, 0.738, 0.142),
        (32, "0", 1, 0.726, 0.283),
        (24, "0", 2, 0.699, 0.229),
        (31, "0", 1, 0.662, 0.109),
        (15, "0", 2, 0.629, 0.161),
    ];
    assert_eq!(tt.rows.len(), want.len());
    for w in want {
        let r = tt.row(w.0).unwrap();
        assert_eq!(r.outcome.as_str(), w.1, "row {}", w.0);
        assert_eq!(r.n, w.2);
        close(r.inclusion, w.3);
        close(r.pri, w.4);
    }
    // incl.cut = c(0.8, 0.75): row 28 is a contradiction (incl 0.768)
    let o = TruthTableOptions {
        incl_cut: 0.8,
        incl_cut0: Some(0.75),
        ..Default::default()
    };
    let tt = truth_table(&t, &o).unwrap();
    let r = tt.row(28).unwrap();
    assert_eq!(r.outcome, OutputCode::Contradiction);
    close(r.inclusion, 0.768);
    close(r.pri, 0.225);
    close(tt.row(31).unwrap().inclusion, 0.959);
    assert_eq!(tt.row(8).unwrap().outcome, OutputCode::Negative); // 0.749 < 0.75
}

#[test]
#[ignore = "needs QCA_DATA_DIR with the R package's datasets"]
fn cvf_necessity_matches_published() {
    let t = table("CVF");
    let r = necessity(&t, &NecessityOptions::default()).unwrap();
    // pof(conds, PROTEST) and pof(1 - conds, PROTEST): inclN, RoN, covN
    let want = [
        ("DEMOC", 0.741, 0.758, 0.713),
        ("~DEMOC", 0.564, 0.736, 0.601),
        ("ETHFRACT", 0.680, 0.830, 0.755),
        ("~ETHFRACT", 0.661, 0.684, 0.614),
        ("GEOCON", 0.904, 0.492, 0.624),
        ("~GEOCON", 0.317, 0.873, 0.601),
        ("POLDIS", 0.518, 0.878, 0.744),
        ("~POLDIS", 0.631, 0.517, 0.493),
        ("NATPRIDE", 0.708, 0.523, 0.539),
        ("~NATPRIDE", 0.597, 0.952, 0.899),
    ];
    assert_eq!(r.literals.len(), 10);
    for (l, w) in r.literals.iter().zip(want) {
        assert_eq!(l.expression, w.0);
        close(l.fit.inclusion, w.1);
        close(l.fit.relevance, w.2);
        close(l.fit.coverage, w.3);
    }
    // superSubset(CVF, "PROTEST", incl.cut = 0.90, cov.cut = 0.6)
    let o = NecessityOptions {
        incl_cut: 0.9,
        cov_cut: 0.6,
        ..Default::default()
    };
    let r = necessity(&t, &o).unwrap();
    let want = [
        ("GEOCON", 0.904, 0.492, 0.624),
        ("DEMOC+ETHFRACT+~GEOCON", 0.930, 0.470, 0.626),
        ("DEMOC+~ETHFRACT+POLDIS", 0.918, 0.506, 0.637),
        ("DEMOC+ETHFRACT+POLDIS", 0.906, 0.502, 0.630),
        ("DEMOC+~ETHFRACT+~NATPRIDE", 0.905, 0.527, 0.641),
        ("DEMOC+ETHFRACT+~NATPRIDE", 0.935, 0.530, 0.656),
        ("DEMOC+~GEOCON+POLDIS", 0.920, 0.539, 0.654),
        ("DEMOC+~GEOCON+~NATPRIDE", 0.908, 0.584, 0.671),
        ("DEMOC+POLDIS+~NATPRIDE", 0.916, 0.596, 0.682),
        ("~ETHFRACT+POLDIS+~NATPRIDE", 0.911, 0.554, 0.657),
        ("~DEMOC+ETHFRACT+POLDIS+~NATPRIDE", 0.913, 0.532, 0.647),
        ("ETHFRACT+~GEOCON+POLDIS+~NATPRIDE", 0.911, 0.613, 0.688),
    ];
    let got: Vec<&str> = r
        .combinations
        .iter()
        .map(|c| c.expression.as_str())
        .collect();
    assert_eq!(got, want.iter().map(|w| w.0).collect::<Vec<_>>());
    for (c, w) in r.combinations.iter().zip(want) {
        close(c.fit.inclusion, w.1);
        close(c.fit.relevance, w.2);
        close(c.fit.coverage, w.3);
    }
    // the negated outcome: NATPRIDE, ~DEMOC+~ETHFRACT, ~ETHFRACT+~POLDIS
    let o = NecessityOptions {
        incl_cut: 0.9,
        cov_cut: 0.6,
        negate_outcome: true,
        ..Default::default()
    };
    let r = necessity(&t, &o).unwrap();
    let got: Vec<&str> = r
        .combinations
        .iter()
        .map(|c| c.expression.as_str())
        .collect();
    assert_eq!(
        got,
        vec!["NATPRIDE", "~DEMOC+~ETHFRACT", "~ETHFRACT+~POLDIS"]
    );
    close(r.combinations[1].fit.inclusion, 0.951);
    close(r.combinations[1].fit.relevance, 0.548);
    close(r.combinations[1].fit.coverage, 0.663);
}

#[test]
#[ignore = "needs QCA_DATA_DIR with the R package's datasets"]
fn cvf_sufficiency_pof_matches_published() {
    // pof(conds, PROTEST, relation = "suf"): inclS, PRI, covS, covU of each condition
    let t = table("CVF");
    let cols: Vec<Vec<f64>> = (0..5).map(|j| t.column(j)).collect();
    let want = [
        (0.713, 0.508, 0.741, 0.000),
        (0.755, 0.578, 0.680, 0.002),
        (0.624, 0.449, 0.904, 0.052),
        (0.744, 0.624, 0.518, 0.000),
        (0.539, 0.279, 0.708, 0.024),
    ];
    let u = unique_coverages(&cols, &t.outcome_values);
    for j in 0..5 {
        let f = sufficiency(&cols[j], &t.outcome_values);
        close(f.inclusion, want[j].0);
        close(f.pri, want[j].1);
        close(f.coverage, want[j].2);
        close(u[j], want[j].3);
    }
}

#[test]
#[ignore = "needs QCA_DATA_DIR with the R package's datasets"]
fn lr_crisp_calibration_gives_lc_and_lm() {
    // Lipset page of the QCA docs: DEV 550 USD (LM: 550 and 850), URB 50%, LIT 75%, IND 30%,
    // STB 1 if fewer than 10 cabinets; SURV 1 if positive
    let raw = table("LR");
    let lc = table("LC");
    let lm = table("LM");
    let crisp = |t: Vec<f64>, rev: bool| {
        Some(Calibration::Crisp {
            thresholds: t,
            reverse: rev,
        })
    };
    let specs = vec![
        crisp(vec![550.0], false),
        crisp(vec![50.0], false),
        crisp(vec![75.0], false),
        crisp(vec![30.0], false),
        crisp(vec![10.0], true),
    ];
    let c = calibrate_table(
        &raw,
        &specs,
        Some(&Calibration::Crisp {
            thresholds: vec![0.0],
            reverse: false,
        }),
    )
    .unwrap();
    assert_eq!(c.table.values, lc.values);
    assert_eq!(c.table.outcome_values, lc.outcome_values);
    let dev = calibrate(
        &raw.column(0),
        &Calibration::Crisp {
            thresholds: vec![550.0, 850.0],
            reverse: false,
        },
    )
    .unwrap();
    assert_eq!(dev.values, lm.column(0));
}

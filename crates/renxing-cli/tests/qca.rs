//! `renxing qca` (issue 12): a case table and the paper's reference cases, values checked by hand.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_renxing");

fn example(name: &str) -> String {
    format!("{}/../../examples/qca/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn run(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().unwrap()
}

fn out(o: &Output) -> String {
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn tmp(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("renxing-qca-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// fuzzy-4.csv by hand: with incl.cut 0.9 the rows A*B (incl 1.3/1.4 = 0.929) and A*~B
/// (1.0/1.1 = 0.909) are positive, ~A*B (0.7/1.4 = 0.5) and ~A*~B (0.7/1.3 = 0.538) negative;
/// both solutions are A, with inclS Σmin(A,Y)/ΣA = 1.7/1.9 = 0.895, PRI (1.7 − 0.8)/(1.9 − 0.8)
/// = 0.818, covS 1.7/1.8 = 0.944.
#[test]
fn fuzzy_table_truth_table_and_solutions_by_hand() {
    let svg = tmp("xy.svg");
    let o = run(&[
        "--lang",
        "en",
        "qca",
        "--table",
        &example("fuzzy-4.csv"),
        "--incl-cut",
        "0.9",
        "--dir-exp",
        "A, B",
        "-o",
        svg.to_str().unwrap(),
    ]);
    let text = out(&o);
    assert!(text.contains("0.929"), "{text}");
    assert!(text.contains("0.909"), "{text}");
    assert!(text.contains("0.500"), "{text}");
    assert!(text.contains("0.538"), "{text}");
    assert!(text.contains("M1: A -> Y"), "{text}");
    assert!(text.contains("0.895  0.818  0.944"), "{text}");
    let s = std::fs::read_to_string(&svg).unwrap();
    assert_eq!(s.matches("class=\"rx-xy-point\"").count(), 4);
    assert!(
        s.contains("data-case=\"c2\" data-x=\"0.7\" data-y=\"0.6\""),
        "{s}"
    );
    assert!(s.contains("data-inclusion=\"0.895\" data-pri=\"0.818\" data-coverage=\"0.944\""));
    // JSON: the three solutions
    let o = run(&[
        "--format",
        "json",
        "qca",
        "--table",
        &example("fuzzy-4.csv"),
        "--incl-cut",
        "0.9",
        "--dir-exp",
        "A, B",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out(&o)).unwrap();
    let m = &v["minimization"];
    assert_eq!(m["conservative"]["solutions"][0]["expression"], "A");
    assert_eq!(m["parsimonious"]["solutions"][0]["expression"], "A");
    assert_eq!(
        m["intermediate"][0]["solutions"]["solutions"][0]["expression"],
        "A"
    );
    let inc = m["conservative"]["solutions"][0]["fit"]["inclusion"]
        .as_f64()
        .unwrap();
    assert!((inc - 1.7 / 1.9).abs() < 1e-12);
}

/// raw-4.csv: the direct method with anchors 2, 5, 8 (R's idm 0.95: log-odds ±ln 19 at the
/// anchors) gives A = 8, the inclusion anchor, the membership 0.95; a crisp threshold 5 on B
/// gives 1, 0, 1, 0 (9, 2, 8, 3).
#[test]
fn calibration_options_are_applied_and_recorded() {
    let o = run(&[
        "--format",
        "json",
        "qca",
        "--table",
        &example("raw-4.csv"),
        "--calibrate",
        "A=fuzzy:2,5,8",
        "--calibrate",
        "B=crisp:5",
        "--incl-cut",
        "0.8",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out(&o)).unwrap();
    let b: Vec<f64> = (0..4)
        .map(|i| v["table"]["values"][i * 2 + 1].as_f64().unwrap())
        .collect();
    assert_eq!(b, vec![1.0, 0.0, 1.0, 0.0]);
    // A = 8 is the inclusion anchor: 0.95 (R's idm)
    let a0 = v["table"]["values"][0].as_f64().unwrap();
    assert!((a0 - 0.95).abs() < 1e-9, "{a0}");
    assert!(v["calibration"].is_object());
}

/// The paper's three cases, crisp default (high = 1): only C is resilient overall; the
/// parsimonious solutions are the six minimal ways to tell C from A and B (checked against 表1's
/// coding by hand: resource linkage, volunteer teams and IT use are high only in C; A is high
/// only in resident connectivity, B in needs met, rules and government connectivity).
#[test]
fn reference_cases_give_labelled_solutions_and_an_xy_plot() {
    let svg = tmp("abc.svg");
    let report = tmp("abc.html");
    let o = run(&[
        "--lang",
        "zh",
        "qca",
        "--reference-cases",
        "a,b,c",
        "-o",
        svg.to_str().unwrap(),
        "--report",
        report.to_str().unwrap(),
    ]);
    let text = out(&o);
    for m in [
        "M1: resource_linkage -> resilience",
        "M2: volunteer_teams -> resilience",
        "M3: it_use -> resilience",
        "M4: needs_met*resident_connectivity -> resilience",
        "M5: rules*resident_connectivity -> resilience",
        "M6: government_connectivity*resident_connectivity -> resilience",
    ] {
        assert!(text.contains(m), "{m}\n{text}");
    }
    assert!(text.contains("资源链接 -> 韧性"), "{text}");
    let s = std::fs::read_to_string(&svg).unwrap();
    assert_eq!(s.matches("class=\"rx-xy-point\"").count(), 3);
    assert!(s.contains("data-case=\"case-c\" data-x=\"1\" data-y=\"1\""));
    let h = std::fs::read_to_string(&report).unwrap();
    assert!(h.contains("真值表") && h.contains("简约解") && h.contains("中间解"));
    // a user-supplied outcome and the fuzzy mapping
    let o = run(&[
        "--format",
        "json",
        "qca",
        "--reference-cases",
        "a,b,c",
        "--membership",
        "fuzzy",
        "--outcome",
        "contained",
        "--outcome-values",
        "0,1,1",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out(&o)).unwrap();
    assert_eq!(
        v["cases"]["mapping"]["membership"]["levels"]["medium"],
        0.33
    );
    assert_eq!(v["table"]["outcome"], "contained");
    // B's emergency knowledge is medium: 0.33
    let j = 3;
    assert_eq!(v["table"]["values"][8 + j], 0.33);
}

#[test]
fn bad_input_names_the_field() {
    let o = run(&["--lang", "en", "qca", "--reference-cases", "a,z"]);
    assert_ne!(o.status.code(), Some(0));
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(
        e.contains("cases.reference_cases[1]") && e.contains("\"z\""),
        "{e}"
    );
    let o = run(&["--lang", "en", "qca"]);
    assert_ne!(o.status.code(), Some(0));
    // an unrated dimension: named in the user's file (index 0 of the files, after the cases)
    let hill = format!(
        "{}/../../examples/hillside-scores-answers.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let o = run(&["--lang", "en", "qca", "--reference-cases", "a,b,c", &hill]);
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(
        e.contains("cases.assessments[0].volunteer_teams")
            && e.contains("\"hillside-2023\" is not rated"),
        "{e}"
    );
}

/// `--lang zh` (issue 12): the truth table and solution tables carry zh headers with R's names
/// in parentheses, and the same numbers as the English text (fuzzy-4.csv, values by hand above).
#[test]
fn zh_output_has_zh_headers_and_the_same_values() {
    let args = |lang: &'static str| {
        vec![
            "--lang",
            lang,
            "qca",
            "--table",
            Box::leak(example("fuzzy-4.csv").into_boxed_str()),
            "--incl-cut",
            "0.9",
        ]
    };
    let zh = out(&run(&args("zh")));
    let en = out(&run(&args("en")));
    for h in [
        "结果(OUT)",
        "案例数(n)",
        "一致性(incl)",
        "一致性(inclS)",
        "覆盖度(covS)",
        "唯一覆盖度(covU)",
        "案例(cases)",
    ] {
        assert!(zh.contains(h), "{h} missing in {zh}");
    }
    assert!(!zh.contains("inclS   PRI    covS   covU   cases"), "{zh}");
    assert!(en.contains("inclS   PRI    covS   covU   cases"), "{en}");
    for v in [
        "0.929",
        "0.909",
        "0.538",
        "M1: A -> Y",
        "0.895  0.818  0.944",
    ] {
        assert!(zh.contains(v), "{v} missing in {zh}");
    }
}

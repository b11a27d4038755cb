//! `renxing summary`: the diagnosis summary of many assessment files / JSON Lines.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_renxing");

fn input(name: &str) -> String {
    format!(
        "{}/../../tests/golden/inputs/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

fn run(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().unwrap()
}

fn json(o: &Output) -> serde_json::Value {
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).unwrap()
}

/// The three reference cases: each is its own nearest case and names its own mode; the
/// counts are those of 表1 (A: robustness low, B: medium, C: high).
#[test]
fn the_reference_cases_files_and_json_lines() {
    let files = [
        input("case-a.json"),
        input("case-b.json"),
        input("case-c.json"),
    ];
    let args: Vec<&str> = ["summary", "--format", "json"]
        .into_iter()
        .chain(files.iter().map(String::as_str))
        .collect();
    let v = json(&run(&args));
    assert_eq!(v["units"], 3);
    assert_eq!(v["assessments"], 3);
    for c in v["nearest_cases"].as_array().unwrap() {
        assert_eq!(c["units"], 1, "{c}");
    }
    for m in v["modes"].as_array().unwrap() {
        assert_eq!(m["units"], 1, "{m}");
    }
    let robustness = &v["attributes"][0];
    assert_eq!(robustness["id"], "robustness");
    assert_eq!(robustness["levels"]["counts"], serde_json::json!([1, 1, 1]));

    // the same three as JSON Lines, with options: the spec is recorded
    let dir = std::env::temp_dir().join(format!("renxing-summary-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let jsonl = dir.join("cases.jsonl");
    let lines: Vec<String> = files
        .iter()
        .map(|f| {
            let v: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(f).unwrap()).unwrap();
            v.to_string()
        })
        .collect();
    std::fs::write(&jsonl, lines.join("\n")).unwrap();
    let w = json(&run(&[
        "summary",
        jsonl.to_str().unwrap(),
        "--phase",
        "response",
        "--top-k",
        "1",
    ]));
    assert_eq!(w["units"], 3);
    assert_eq!(w["spec"]["phase"], "response");
    assert_eq!(w["spec"]["top_k"], 1);
    let top: u64 = w["remedies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["top_k"].as_u64().unwrap())
        .sum();
    // every case has at least one remedy: one top remedy each
    assert_eq!(top, 3);
    assert_eq!(w["overall"], v["overall"]);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_bad_file_is_reported_and_html_refused() {
    let o = run(&["summary", &input("bad-ids-only.json")]);
    assert_ne!(o.status.code(), Some(0));
    assert!(!o.stderr.is_empty());
    let o = run(&["--format", "html", "summary", &input("case-a.json")]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

//! `renxing uncertainty` on the student's 12 communities (issue 11).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_renxing");

fn example(name: &str) -> String {
    format!(
        "{}/../../examples/uncertainty/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
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

#[test]
fn json_spec_prints_rank_intervals_and_the_choice_that_matters_most() {
    let dir = std::env::temp_dir().join(format!("renxing-unc-cli-{}", std::process::id()));
    let report = dir.join("robust.html");
    let spec = example("robustness-12.json");
    let o = run(&[
        "--lang",
        "en",
        "uncertainty",
        &spec,
        "--runs",
        "300",
        "--sensitivity",
        "32",
        "--bootstrap",
        "50",
        "--charts",
        dir.to_str().unwrap(),
        "--report",
        report.to_str().unwrap(),
    ]);
    let text = out(&o);
    assert!(
        text.contains("Rank intervals (300 runs, seed 2026)"),
        "{text}"
    );
    assert!(text.contains("The choice that matters most: "), "{text}");
    // one line per community, the always-first one with the interval 1–1
    for c in ["xiyuan", "nanshan", "meilin", "taoyuan"] {
        assert_eq!(text.lines().filter(|l| l.starts_with(c)).count(), 1, "{c}");
    }
    let first = text.lines().find(|l| l.starts_with("xiyuan")).unwrap();
    assert!(first.contains("1–1"), "{first}");
    let svg = std::fs::read_to_string(dir.join("rank-intervals.svg")).unwrap();
    assert_eq!(svg.matches("class=\"rx-unit\"").count(), 12);
    let sobol = std::fs::read_to_string(dir.join("sobol.svg")).unwrap();
    assert_eq!(sobol.matches("class=\"rx-sobol ").count(), 12); // 6 factors × 2
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(html.contains("<h2>Uncertainty and sensitivity</h2>"));
    // the JSON output is the robustness response
    let o = run(&[
        "--format",
        "json",
        "uncertainty",
        &spec,
        "--runs",
        "50",
        "--seed",
        "1",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out(&o)).unwrap();
    assert_eq!(v["uncertainty"]["spec"]["runs"], 50);
    assert_eq!(v["uncertainty"]["spec"]["seed"], 1);
    assert_eq!(v["uncertainty"]["unit_stats"].as_array().unwrap().len(), 12);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn csv_with_options_and_errors() {
    let csv = example("communities-12.csv");
    let o = run(&[
        "uncertainty",
        &csv,
        "--runs",
        "100",
        "--share",
        "0.3",
        "--aggregation",
        "arithmetic,geometric",
        "--sensitivity",
        "16",
        "--bootstrap",
        "20",
    ]);
    let text = out(&o);
    assert!(text.contains("排名区间(100 次模拟,种子 0)"), "{text}");
    assert!(text.contains("影响最大的选择:"), "{text}");
    // a cell that is not a number names its row and column
    let dir = std::env::temp_dir().join(format!("renxing-unc-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.csv");
    std::fs::write(&bad, "unit,a/x,a/y\nu1,1,2\nu2,zwei,3\n").unwrap();
    let o = run(&["--lang", "en", "uncertainty", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(
        err.contains("rows[1].a/x") && err.contains("\"zwei\""),
        "{err}"
    );
    // factor options are for CSV input only
    let o = run(&["uncertainty", &example("robustness-12.json"), "--exclude"]);
    assert_eq!(o.status.code(), Some(2));
    std::fs::remove_dir_all(&dir).ok();
}

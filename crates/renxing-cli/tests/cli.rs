//! Runs the built `renxing` binary.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write;
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_renxing");

fn example(name: &str) -> String {
    format!("{}/../../examples/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn run(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().unwrap()
}

fn run_stdin(args: &[&str], input: &str) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

#[test]
fn cases_json_contains_table_1_levels() {
    let o = run(&["cases", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let expected = [
        ("case-a", ["low", "low", "low", "high"]),
        ("case-b", ["medium", "medium", "high", "medium"]),
        ("case-c", ["high", "medium", "high", "high"]),
    ];
    for (i, (id, levels)) in expected.iter().enumerate() {
        let row = &v["table_1"][i];
        assert_eq!(row["case"], *id);
        let l = &row["levels"];
        assert_eq!(l["robustness"], levels[0]);
        assert_eq!(l["redundancy"], levels[1]);
        assert_eq!(l["connectivity.government_connectivity"], levels[2]);
        assert_eq!(l["connectivity.resident_connectivity"], levels[3]);
        assert_eq!(v["published_table_1"][i]["robustness"], levels[0]);
    }
    assert_eq!(v["table_2"].as_array().unwrap().len(), 3);
    assert_eq!(v["diagnoses"][0]["nearest_case"]["case"], "case-a");
}

#[test]
fn cases_text_is_chinese_by_default_and_english_with_lang() {
    let zh = stdout(&run(&["cases"]));
    assert!(zh.contains("表1 三类“三社联动”模式下的社区韧性"));
    assert!(zh.contains("表2"));
    assert!(zh.contains("优化路径"));
    assert_eq!(zh.matches("诊断 · ").count(), 3);
    let en = stdout(&run(&["--lang", "en", "cases"]));
    assert!(en.contains("Table 1. Community resilience"));
    assert!(en.contains("Remedies"));
    assert!(!en.contains("优化路径"));
}

#[test]
fn cases_markdown_has_table_1_rows() {
    let o = run(&["cases", "--format", "markdown"]);
    let s = stdout(&o);
    assert!(s.contains("| A社区 · Community A | 社工助推型 | 低 | 低 | 低 | 高 | 低 | 16.7 |"));
    assert!(s.contains("| B社区 · Community B | 政府主导型 | 中 | 中 | 高 | 中 | 中 | 63.9 |"));
    assert!(s.contains("| C社区 · Community C | 数字嵌入型 | 高 | 中 | 高 | 高 | 高 | 88.9 |"));
    assert!(s.contains("## 诊断 · A社区 · Community A (case-a)"));
}

#[test]
fn assess_a_good_file() {
    let o = run(&["assess", &example("riverside-zh.json")]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let s = stdout(&o);
    // needs_met 2, resource_linkage 1, rules 3 → 2 (medium); redundancy 2,2,1 → 1.67 → medium;
    // connectivity 3,2 → 2.5 → tie downwards → medium; overall (2 + 5/3 + 2.5)/3 = 2.056 → 52.8.
    assert!(s.contains("综合:中 (52.8)"), "{s}");
    assert!(s.contains("稳健性  中    50.0  3/3"), "{s}");
    assert!(s.contains("连通性  中    75.0  2/2"), "{s}");
    assert!(s.contains("政府主导型"));
}

#[test]
fn assess_json_is_the_diagnosis() {
    let o = run(&[
        "--format",
        "json",
        "assess",
        &example("hillside-scores-answers.json"),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["unrated"], serde_json::json!(["volunteer_teams"]));
    assert_eq!(
        v["inconsistencies"],
        serde_json::json!(["government_connectivity"])
    );
    // needs_met 80 → 2.6, resource_linkage high 3, rules medium 2 → 7.6/3 → score 76.67.
    let rob = &v["scorecard"]["attributes"][0];
    assert_eq!(rob["grade"]["level"], "high");
    assert!((rob["grade"]["score"].as_f64().unwrap() - 76.666_666_666_666_67).abs() < 1e-9);
}

#[test]
fn assess_reads_stdin() {
    let text = std::fs::read_to_string(example("riverside-zh.json")).unwrap();
    let o = run_stdin(&["--lang", "en", "assess", "-"], &text);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("Overall: Medium (52.8)"));
}

#[test]
fn a_bad_file_exits_1_and_names_every_field() {
    let o = run(&["assess", &example("mistakes.json")]);
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty());
    let e = stderr(&o);
    assert!(e.contains("invalid assessment, 11 problems"), "{e}");
    for path in [
        "  - id:",
        "  - date:",
        "  - mode:",
        "  - ratings.needs_met.level: \"hgh\"",
        "  - ratings.resource_linkage.score: score 120",
        "  - ratings.rules:",
        "  - ratings.emergency_knowledge.developed:",
        "  - ratings.volunteer_team:",
        "  - ratings.volunteer_teams:",
        "  - ratings.it_use.evidnce:",
        "  - ratings.resident_connectivity:",
    ] {
        assert!(e.contains(path), "missing {path} in {e}");
    }
    let j = run(&["--format", "json", "assess", &example("mistakes.json")]);
    assert_eq!(j.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(&stderr(&j)).unwrap();
    assert_eq!(v["error"]["code"], "assessment_invalid");
    assert_eq!(v["error"]["issues"].as_array().unwrap().len(), 11);
}

#[test]
fn malformed_json_and_missing_file_exit_1() {
    let o = run_stdin(&["assess", "-"], "{\"id\": ");
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("<stdin>: assessment is not valid JSON"));
    let o = run(&["assess", "no/such/file.json"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no/such/file.json: cannot read"));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(run(&[]).status.code(), Some(2));
    assert_eq!(run(&["--lang", "fr", "cases"]).status.code(), Some(2));
    assert_eq!(run(&["--method", "max", "cases"]).status.code(), Some(2));
    assert_eq!(run(&["compare"]).status.code(), Some(2));
    let o = run(&["--framework", &example("frameworks/seed003.toml"), "cases"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--framework does not apply"));
    assert_eq!(run(&["cases", "--help"]).status.code(), Some(0));
}

#[test]
fn compare_ranks_and_reports_extremes() {
    let o = run(&[
        "--lang",
        "en",
        "--format",
        "markdown",
        "compare",
        &example("riverside-zh.json"),
        &example("hillside-scores-answers.json"),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let s = stdout(&o);
    assert!(
        s.contains("| 1 | Hillside community (hillside-2023) | 56.8 |"),
        "{s}"
    );
    assert!(
        s.contains("| 2 | 河畔社区 (riverside-2023) | 52.8 |"),
        "{s}"
    );
    assert!(s.contains("### Best and worst per dimension"));
}

#[test]
fn compare_reports_problems_of_every_file() {
    let o = run(&[
        "compare",
        &example("mistakes.json"),
        &example("riverside-zh.json"),
        &example("seed003-yuling.json"),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(e.contains("2 files have problems"), "{e}");
    assert!(e.contains("mistakes.json: ratings.needs_met.level"), "{e}");
    assert!(e.contains("seed003-yuling.json: framework"), "{e}");
}

#[test]
fn custom_framework_from_toml_and_json() {
    for fw in ["frameworks/seed003.toml", "frameworks/seed003.json"] {
        let o = run(&[
            "--framework",
            &example(fw),
            "--lang",
            "en",
            "assess",
            &example("seed003-yuling.json"),
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let s = stdout(&o);
        assert!(s.contains("Overall: Medium (36.1)"), "{s}");
        assert!(s.contains("Technical resilience"));
        assert!(s.contains("003_f383c5159f49531b.txt"));
    }
    let o = run(&[
        "--framework",
        &example("frameworks/seed003.toml"),
        "--method",
        "minimum",
        "--format",
        "json",
        "assess",
        &example("seed003-yuling.json"),
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["scorecard"]["method"], "minimum");
    assert_eq!(v["scorecard"]["overall"]["level"], "low");
    let bad = run(&["--framework", &example("riverside-zh.json"), "schema"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(stderr(&bad).contains("--framework"));
}

#[test]
fn schema_prints_the_json_schema() {
    let o = run(&["schema"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        stdout(&o).trim_end(),
        renxing::schema::ASSESSMENT_SCHEMA.trim_end()
    );
}

fn golden(name: &str) -> String {
    format!(
        "{}/../../tests/golden/inputs/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

fn temp_dir(tag: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("renxing-cli-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn report_writes_html_markdown_and_svg() {
    let dir = temp_dir("report");
    let html = dir.join("b.html");
    let o = run(&[
        "report",
        &golden("case-b.json"),
        "--format",
        "html",
        "--lang",
        "en",
        "-o",
        html.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = std::fs::read_to_string(&html).unwrap();
    assert!(text.starts_with("<!DOCTYPE html>"), "{}", &text[..40]);
    assert!(text.contains("<svg") && !text.contains("<script"));
    assert!(
        text.contains("Strong administrative dependence"),
        "B's mode defects are shown"
    );
    // an .md output path selects Markdown, charts written beside it
    let md = dir.join("cmp.md");
    let o = run(&[
        "report",
        &golden("case-a.json"),
        &golden("case-c.json"),
        "-o",
        md.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = std::fs::read_to_string(&md).unwrap();
    assert!(text.contains("| C社区 · Community C"), "{text}");
    let svgs: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "svg"))
        .collect();
    assert!(
        !svgs.is_empty(),
        "markdown report writes its charts beside it"
    );
    let svg_dir = dir.join("svg");
    let o = run(&[
        "report",
        &golden("case-a.json"),
        "--format",
        "svg",
        "-o",
        svg_dir.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(std::fs::read_dir(&svg_dir).unwrap().count() >= 2);
}

#[test]
fn report_and_chart_usage_and_input_errors() {
    let o = run(&["report", &golden("case-a.json"), "--format", "json"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let o = run(&["assess", &golden("case-a.json"), "--format", "svg"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("renxing report"), "{}", stderr(&o));
    let o = run(&["chart", &example("mistakes.json"), "--kind", "radar"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("ratings.needs_met.level"),
        "{}",
        stderr(&o)
    );
    let o = run(&["chart", &golden("case-a.json"), "--kind", "pie"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn chart_radar_is_svg_with_escaped_names() {
    let dir = temp_dir("chart");
    let out = dir.join("radar.svg");
    let o = run(&[
        "chart",
        &golden("mixed-forms.json"),
        "--kind",
        "radar",
        "--lang",
        "en",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let svg = std::fs::read_to_string(&out).unwrap();
    assert!(svg.starts_with("<svg"));
    assert!(svg.contains("&lt;b&gt;"), "the name's <b> is escaped");
    assert!(!svg.contains("<b>"));
    assert!(svg.contains("Needs met"));
}

#[test]
fn run_calls_any_operation_of_the_registry() {
    let o = run_stdin(&["run", "reference_case", "-"], r#"{"id": "b"}"#);
    assert!(o.status.success(), "{}", stderr(&o));
    let card_in = stdout(&o);
    let req = format!(r#"{{"assessment": {card_in}}}"#);
    let o = run_stdin(&["run", "score", "-"], &req);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["columns"][0]["grade"]["level"], "medium");
    // The registry's golden pair for the same request gives the same response.
    let golden: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(format!(
            "{}/../../tests/golden/ops/reference_case-b.json",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap(),
    )
    .unwrap();
    let case: serde_json::Value = serde_json::from_str(&card_in).unwrap();
    assert_eq!(case, golden["response"]);
}

#[test]
fn run_reports_errors_with_paths_in_the_chosen_language() {
    let o = run_stdin(
        &["--lang", "en", "run", "score", "-"],
        r#"{"assessment": {"schema_version": 1, "id": "x", "name": "y", "ratings": {"rules": {"level": "hi"}}}}"#,
    );
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("assessment.ratings.rules.level: \"hi\" is not a level"),
        "{err}"
    );
    let o = run(&["run", "nope"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("未知操作 \"nope\""), "{}", stderr(&o));
    let o = run(&["ops"]);
    assert!(stdout(&o).lines().any(|l| l.starts_with("score ")));
}

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
    // Errors follow --lang (zh by default), the issues one per line with their dotted paths.
    assert!(e.starts_with("错误: "), "{e}");
    assert!(e.contains("mistakes.json: 评估无效:11 个问题"), "{e}");
    for path in [
        "  - id:",
        "  - date:",
        "  - mode:",
        "  - ratings.needs_met.level: \"hgh\"",
        "  - ratings.resource_linkage.score: 分数 120",
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
    assert_eq!(v["error"]["kind"], "AssessmentError");
    assert_eq!(v["error"]["issues"].as_array().unwrap().len(), 11);
    // JSON errors carry paths as segments.
    let paths: Vec<&serde_json::Value> = v["error"]["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| &i["path"])
        .collect();
    assert!(paths.contains(&&serde_json::json!(["ratings", "needs_met", "level"])));
    let en = run(&["--lang", "en", "assess", &example("mistakes.json")]);
    assert!(stderr(&en).contains("mistakes.json: invalid assessment: 11 problems"));
}

#[test]
fn malformed_json_and_missing_file_exit_1() {
    let o = run_stdin(&["--lang", "en", "assess", "-"], "{\"id\": ");
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("<stdin>: assessment is not valid JSON"));
    let o = run_stdin(&["assess", "-"], "{\"id\": ");
    assert!(
        stderr(&o).contains("<stdin>: 评估不是有效的 JSON"),
        "{}",
        stderr(&o)
    );
    let o = run(&["--lang", "en", "assess", "no/such/file.json"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no/such/file.json: cannot read"));
    let o = run(&["assess", "no/such/file.json"]);
    assert!(stderr(&o).contains("no/such/file.json: 无法读取"));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(run(&[]).status.code(), Some(2));
    assert_eq!(run(&["--lang", "fr", "cases"]).status.code(), Some(2));
    assert_eq!(run(&["--method", "max", "cases"]).status.code(), Some(2));
    assert_eq!(run(&["compare"]).status.code(), Some(2));
    let o = run(&[
        "--lang",
        "en",
        "--framework",
        &example("frameworks/seed003.toml"),
        "cases",
    ]);
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
    assert!(e.contains("2 个文件有问题"), "{e}");
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
    // The `assessment_schema` operation's schema, pretty-printed (the same JSON as the
    // published file, laid out by serde_json).
    let o = run(&["schema"]);
    assert_eq!(o.status.code(), Some(0));
    let printed: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let published: serde_json::Value =
        serde_json::from_str(renxing::schema::ASSESSMENT_SCHEMA).unwrap();
    assert_eq!(printed, published);
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

// ---------------------------------------------------------------------------------------------
// files by extension: CSV tables, JSON arrays, JSON Lines
// ---------------------------------------------------------------------------------------------

#[test]
fn compare_reads_a_chinese_csv_sheet() {
    // `compare sheet.csv` works (Excel's "CSV UTF-8": byte-order mark, CRLF, quoted fields).
    let o = run(&[
        "--format",
        "json",
        "compare",
        &example("communities-zh.csv"),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let ranking: Vec<&str> = v["ranking"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(ranking, ["hexi", "nanhu", "dongcheng", "beiyuan"]);
    // The long sheet holds the same ratings: the same comparison, mixed with a JSON file.
    let o = run(&[
        "--lang",
        "en",
        "--format",
        "markdown",
        "compare",
        &example("communities-long-zh.csv"),
        &golden("case-b.json"),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let s = stdout(&o);
    assert!(
        s.contains("| 河西社区 (hexi) | Government led | Response | 2023-01-15 | Medium | Medium | High | Medium | Medium | 58.3 |"),
        "{s}"
    );
    assert!(s.contains("B社区 · Community B (case-b)"));
}

#[test]
fn a_bad_csv_names_rows_and_columns_in_the_chosen_language() {
    let dir = temp_dir("badcsv");
    let f = dir.join("sheet.csv");
    std::fs::write(
        &f,
        "编号,名称,维度,等级\nx,X社区,满足需求,2\nx,X社区,规章制度,高\n",
    )
    .unwrap();
    let o = run(&["compare", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(e.contains("sheet.csv: 表格无法读取为评估"), "{e}");
    assert!(e.contains("  - rows[0].等级: 2 是数字而不是等级"), "{e}");
    assert!(e.contains("(CSV 第 2 行) [wrong_type]"), "{e}");
    let o = run(&[
        "--lang",
        "en",
        "--format",
        "json",
        "compare",
        f.to_str().unwrap(),
    ]);
    let v: serde_json::Value = serde_json::from_str(&stderr(&o)).unwrap();
    assert_eq!(v["error"]["code"], "table_invalid");
    assert_eq!(v["error"]["kind"], "TableError");
    assert_eq!(v["error"]["path"], serde_json::json!(["rows", 0, "等级"]));
    let msg = v["error"]["issues"][0]["message"].as_str().unwrap();
    assert!(
        msg.contains("if it is a 0–100 score, put it in a column named score"),
        "{msg}"
    );
}

#[test]
fn json_arrays_and_json_lines() {
    let dir = temp_dir("jsonl");
    let b = std::fs::read_to_string(golden("case-b.json")).unwrap();
    let c = std::fs::read_to_string(golden("case-c.json")).unwrap();
    let one_line = |t: &str| {
        serde_json::to_string(&serde_json::from_str::<serde_json::Value>(t).unwrap()).unwrap()
    };
    let lines = dir.join("cases.jsonl");
    std::fs::write(&lines, format!("{}\n\n{}\n", one_line(&b), one_line(&c))).unwrap();
    let array = dir.join("cases.json");
    std::fs::write(&array, format!("[{b}, {c}]")).unwrap();
    let mut outputs = Vec::new();
    for f in [&lines, &array] {
        let o = run(&["--format", "json", "compare", f.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
        assert_eq!(v["ranking"][0]["id"], "case-c");
        outputs.push(v);
    }
    assert_eq!(outputs[0], outputs[1]);
    // `assess` on a file of several: one diagnosis each.
    let o = run(&["--format", "json", "assess", lines.to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v.as_array().map(Vec::len), Some(2));
    // A bad line: its problems under its index (the line is index + 1); a syntax error names
    // the line of the file.
    let bad = dir.join("bad.jsonl");
    let broken = one_line(&c).replace("\"high\"", "\"hgh\"");
    std::fs::write(&bad, format!("{}\n{broken}\n", one_line(&b))).unwrap();
    let o = run(&["--lang", "en", "compare", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("  - [1].ratings.needs_met.level: \"hgh\" is not a level"),
        "{}",
        stderr(&o)
    );
    std::fs::write(&bad, format!("{}\n{{\"id\": \n", one_line(&b))).unwrap();
    let o = run(&["--lang", "en", "compare", bad.to_str().unwrap()]);
    assert!(
        stderr(&o).contains("assessment is not valid JSON (line 2"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn unknown_extensions_and_other_encodings_are_refused_with_a_hint() {
    let dir = temp_dir("ext");
    let xlsx = dir.join("sheet.xlsx");
    std::fs::write(&xlsx, b"PK\x03\x04").unwrap();
    let o = run(&["--lang", "en", "compare", xlsx.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(
        e.contains("sheet.xlsx: unknown file extension \".xlsx\""),
        "{e}"
    );
    assert!(e.contains("save as \"CSV UTF-8\""), "{e}");
    let gbk = dir.join("gbk.csv");
    std::fs::write(&gbk, b"id,name\n1,\xba\xd3\xce\xf7\n").unwrap();
    let o = run(&["--lang", "en", "compare", gbk.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("gbk.csv: not UTF-8 text"),
        "{}",
        stderr(&o)
    );
}

// ---------------------------------------------------------------------------------------------
// methods and weights, as in Python
// ---------------------------------------------------------------------------------------------

fn json_of(args: &[&str]) -> serde_json::Value {
    let o = run(args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    serde_json::from_str(&stdout(&o)).unwrap()
}

#[test]
fn weights_and_methods_reach_the_operations() {
    let b = golden("case-b.json");
    let plain = json_of(&["--format", "json", "assess", &b]);
    let weighted = json_of(&[
        "--format",
        "json",
        "--weight",
        "rules=3",
        "--weight",
        "needs_met=0.5",
        "--attribute-weight",
        "robustness=2",
        "--method",
        "median",
        "assess",
        &b,
    ]);
    // The same request through the generic `run`: the same scorecard.
    let case: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&b).unwrap()).unwrap();
    let req = serde_json::json!({
        "assessment": case,
        "options": {
            "method": "median",
            "dimension_weights": {"rules": 3.0, "needs_met": 0.5},
            "attribute_weights": {"robustness": 2.0},
        }
    });
    let o = run_stdin(&["run", "diagnose", "-"], &req.to_string());
    let direct: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(weighted, direct);
    assert_eq!(weighted["scorecard"]["method"], "median");
    assert_ne!(
        weighted["scorecard"]["overall"],
        plain["scorecard"]["overall"]
    );
    let rules = weighted["scorecard"]["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "rules")
        .unwrap()
        .clone();
    assert_eq!(rules["weight"], 3.0);
    // Methods by id, languages by tag.
    let o = run(&["--lang", "zh-CN", "--method", "capped_mean", "cases"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("聚合方法"));
}

#[test]
fn bad_weights_are_usage_or_input_errors() {
    let b = golden("case-b.json");
    // Malformed or repeated: usage (exit 2).
    for args in [
        vec!["--weight", "rules", "assess", &b],
        vec!["--weight", "rules=heavy", "assess", &b],
        vec!["--weight", "rules=1", "--weight", "rules=2", "assess", &b],
    ] {
        let o = run(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
    }
    // Negative or unknown: the operation's error, at its path, in --lang (exit 1).
    let o = run(&["--lang", "en", "--weight", "rules=-1", "assess", &b]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("options.dimension_weights.rules: weight -1 must be"),
        "{}",
        stderr(&o)
    );
    let o = run(&[
        "--format",
        "json",
        "--attribute-weight",
        "speed=2",
        "compare",
        &b,
    ]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(&stderr(&o)).unwrap();
    assert_eq!(v["error"]["code"], "invalid_weight");
    assert_eq!(
        v["error"]["path"],
        serde_json::json!(["options", "attribute_weights", "speed"])
    );
    assert!(v["error"]["message"]
        .as_str()
        .unwrap()
        .contains("没有 id \"speed\""));
}

// ---------------------------------------------------------------------------------------------
// formats the CLI does not write are refused, never faked
// ---------------------------------------------------------------------------------------------

#[test]
fn png_and_pdf_are_written_as_png_and_pdf() {
    let dir = temp_dir("export");
    let b = golden("case-b.json");
    let c = golden("case-c.json");
    for (args, file, magic) in [
        (vec!["chart", &b as &str], "radar.png", &b"\x89PNG"[..]),
        (vec!["chart", &b, "--kind", "bars"], "bars.pdf", b"%PDF-"),
        (
            vec!["chart", &b, "--kind", "table"],
            "table.png",
            b"\x89PNG",
        ),
        (
            vec!["chart", &b, &c, "--kind", "multiples"],
            "mult.png",
            b"\x89PNG",
        ),
        (
            vec!["chart", &b, "--kind", "multiples"],
            "mult.svg",
            b"<svg",
        ),
        (vec!["report", &b], "report.pdf", b"%PDF-"),
        (vec!["report", &b], "report.png", b"\x89PNG"),
        (
            vec!["report", &b, &b.replace("case-b", "case-a")],
            "cmp.pdf",
            b"%PDF-",
        ),
    ] {
        let out = dir.join(file);
        let mut all = args.clone();
        all.extend(["-o", out.to_str().unwrap()]);
        let o = run(&all);
        assert_eq!(o.status.code(), Some(0), "{all:?}: {}", stderr(&o));
        let bytes = std::fs::read(&out).unwrap();
        assert!(bytes.starts_with(magic), "{all:?} wrote no {file}");
    }
    // the report's PDF has A4 pages, more than one
    let pdf = String::from_utf8_lossy(&std::fs::read(dir.join("report.pdf")).unwrap()).into_owned();
    assert!(pdf.contains("/MediaBox [0 0 595 842]"));
    assert!(pdf.matches("/Type /Page").count() - pdf.matches("/Type /Pages").count() >= 2);
}

#[test]
fn formats_the_content_has_not_are_refused_and_nothing_is_written() {
    let dir = temp_dir("refuse");
    let b = golden("case-b.json");
    for (args, file) in [
        (vec!["chart", &b as &str], "x.md"),
        (vec!["chart", &b, "--kind", "bars"], "x.html"),
        (vec!["chart", &b], "x.docx"),
        (vec!["report", &b], "x.svg"),
        (vec!["report", &b], "x.docx"),
        (vec!["report", &b, "--format", "html"], "x.md"),
        (vec!["report", &b, "--format", "markdown"], "x.html"),
    ] {
        let out = dir.join(file);
        let mut all = vec!["--lang", "en"];
        all.extend(&args);
        all.extend(["-o", out.to_str().unwrap()]);
        let o = run(&all);
        assert_eq!(o.status.code(), Some(2), "{all:?}: {}", stderr(&o));
        assert!(!out.exists(), "{all:?} wrote {}", out.display());
    }
    let o = run(&[
        "--lang",
        "en",
        "chart",
        &b,
        "-o",
        dir.join("x.md").to_str().unwrap(),
    ]);
    assert!(
        stderr(&o).contains(
            "a chart cannot be written as a .md file; it can be written as .svg, .png, .pdf"
        ),
        "{}",
        stderr(&o)
    );
    let o = run(&["report", &b, "-o", dir.join("x.docx").to_str().unwrap()]);
    assert!(stderr(&o).contains("扩展名须为"), "{}", stderr(&o));
    // .svg charts and .html reports are written.
    let svg = dir.join("ok.svg");
    let o = run(&["chart", &b, "--kind", "bars", "-o", svg.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(text.starts_with("<svg") && text.contains("B社区 · Community B"));
    let html = dir.join("ok.htm");
    let o = run(&["report", &b, "-o", html.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(std::fs::read_to_string(&html)
        .unwrap()
        .starts_with("<!DOCTYPE html>"));
}

#[test]
fn chart_from_a_csv_overlays_the_reference_cases() {
    let o = run(&["chart", &example("communities-zh.csv"), "--cases"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let svg = stdout(&o);
    for name in [
        "河西社区",
        "北苑社区",
        "A社区 · Community A",
        "C社区 · Community C",
    ] {
        assert!(svg.contains(name), "{name}");
    }
    let o = run(&["chart", &example("communities-zh.csv"), "--kind", "bars"]);
    assert_eq!(o.status.code(), Some(2), "bars draws one assessment");
}

// ---- the full cycle (issue 13) ----

#[test]
fn timeline_shows_changes_gaps_and_who_acts_next() {
    let o = run(&["timeline", &example("cycle/hepan-timeline.jsonl")]);
    assert!(o.status.success(), "{}", stderr(&o));
    let s = stdout(&o);
    assert!(s.contains("时间线 · 河畔社区 (hepan)"), "{s}");
    assert!(
        s.contains("综合          低 (16.7)   高 (88.9)   +72.2   改善"),
        "{s}"
    );
    assert!(s.contains("未评估的阶段:学习适应"));
    assert!(s.contains("下一阶段:做什么、由谁做:学习适应"));
    assert!(s.contains("- 社区\n"));
    // remedies with their sources as citations, never file names
    assert!(s.contains("来源:"));
    assert!(!s.contains(".txt"), "{s}");
    // JSON: the operation's TimelineSet
    let o = run(&[
        "--format",
        "json",
        "timeline",
        &example("cycle/hepan-timeline.jsonl"),
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["timelines"][0]["points"].as_array().unwrap().len(), 3);
    assert_eq!(v["timelines"][0]["phase_ahead"], "learning");
    // SVG: the timeline chart
    let o = run(&[
        "--format",
        "svg",
        "--lang",
        "en",
        "timeline",
        &example("cycle/hepan-timeline.jsonl"),
    ]);
    assert!(stdout(&o).starts_with("<svg"));
    assert!(stdout(&o).contains("data-phase=\"response\""));
}

#[test]
fn assess_in_a_phase_leads_with_the_phase_ahead() {
    let o = run(&[
        "--lang",
        "en",
        "assess",
        "--phase",
        "recovery",
        &example("riverside-zh.json"),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let s = stdout(&o);
    assert!(s.contains("Phase ahead: Learning"), "{s}");
    assert!(
        s.contains("The phase ahead: what to do, and who acts: Learning"),
        "{s}"
    );
    assert!(!s.contains(".txt"), "{s}");
    let o = run(&["assess", "--phase", "later", &example("riverside-zh.json")]);
    assert!(!o.status.success());
}

#[test]
fn curve_from_csv_gives_bruneau_numbers_and_the_level() {
    let o = run(&["--lang", "en", "curve", &example("cycle/service-level.csv")]);
    assert!(o.status.success(), "{}", stderr(&o));
    let s = stdout(&o);
    // baseline = mean(98, 100, 99) = 99; minimum 45 at day 17; back to 99 between days 52 and 60
    assert!(s.contains("Baseline: 99\n"), "{s}");
    assert!(s.contains("Event start: 14\n"));
    assert!(s.contains("Time to recover: 42\n"), "{s}");
    // loss area by hand, trapezoids from t0 = 14 with the crossing at day 56 inserted:
    // 23.5 + 101 + 315 + 357 + 119 + 4 = 919.5
    assert!(s.contains("Loss area: 919.5\n"), "{s}");
    assert!(s.contains("Level: High"));
    let o = run(&[
        "--format",
        "json",
        "curve",
        &example("cycle/service-level.csv"),
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["paper"]["level"], "high");
    assert_eq!(v["end_state"], "bounce_forward");
    // a bad cell: the file, row, line and column named
    let o = run_stdin(&["--lang", "en", "curve", "-"], "t,q\n0,100\n1,abc\n");
    assert!(!o.status.success());
    let e = stderr(&o);
    assert!(
        e.contains("row 1 (line 3), column \"q\": \"abc\" is not a number"),
        "{e}"
    );
    let o = run(&[
        "--format",
        "svg",
        "curve",
        &example("cycle/service-level.csv"),
    ]);
    assert!(stdout(&o).contains("class=\"rx-loss\""));
}

#[test]
fn remedies_top_n_by_default_and_all_on_request() {
    let a = golden("case-a.json");
    let o = run(&["assess", &a]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("按优先度列出前 5 条;另有"), "{text}");
    assert!(!text.contains("\n6. "), "six remedies listed: {text}");
    let o = run(&["assess", &a, "--all-remedies"]);
    let all = stdout(&o);
    assert!(!all.contains("另有"), "{all}");
    assert!(all.contains("\n6. "), "{all}");
    let o = run(&["--lang", "en", "assess", &a, "--top-remedies", "2"]);
    let two = stdout(&o);
    assert!(two.contains("(the 2 of highest priority;"), "{two}");
}

/// Issue 17's first defect, through the CLI: every weight 1e308 (or the largest double, or
/// 5e-324) made `f64::clamp` panic in the aggregation (exit 101), two of them gave NaN, and
/// with the median method scaling every weight turned medium/50 into high/100. Equal weights of
/// any size must give the unweighted answer, with every method.
#[test]
fn extreme_equal_weights_give_the_unweighted_answer() {
    let text = std::fs::read_to_string(example("frameworks/seed003.json")).unwrap();
    let dir = std::env::temp_dir().join(format!("renxing-cli-weights-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let assess = |fw: &str, method: &str| -> serde_json::Value {
        let o = run(&[
            "--framework",
            fw,
            "--method",
            method,
            "--format",
            "json",
            "assess",
            &example("seed003-yuling.json"),
        ]);
        assert_eq!(o.status.code(), Some(0), "{fw} {method}: {}", stderr(&o));
        let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
        v["scorecard"]["overall"].clone()
    };
    for method in ["mean", "median", "minimum", "capped_mean"] {
        let plain = assess(&example("frameworks/seed003.json"), method);
        assert!(plain["score"].is_number(), "{method}: {plain}");
        for (name, w) in [
            ("1e308", "1e308"),
            ("max", "1.7976931348623157e308"),
            ("tiny", "5e-324"),
        ] {
            let mut fw: serde_json::Value = serde_json::from_str(&text).unwrap();
            for group in ["attributes", "dimensions"] {
                for item in fw[group].as_array_mut().unwrap() {
                    item["weight"] = serde_json::from_str(w).unwrap();
                }
            }
            let path = dir.join(format!("{name}.json"));
            std::fs::write(&path, fw.to_string()).unwrap();
            let got = assess(path.to_str().unwrap(), method);
            assert_eq!(got, plain, "{method}, every weight {w}");
        }
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn report_takes_a_phase_a_timeline_and_a_curve() {
    let dir = temp_dir("report-cycle");
    let md = dir.join("riverside.md");
    let plain = run(&[
        "--lang",
        "en",
        "report",
        &example("riverside-zh.json"),
        "-o",
        md.to_str().unwrap(),
    ]);
    assert!(plain.status.success(), "{}", stderr(&plain));
    let before = std::fs::read_to_string(&md).unwrap();
    assert!(!before.contains("## Timeline") && !before.contains("## Functionality curve"));
    let o = run(&[
        "--lang",
        "en",
        "report",
        &example("riverside-zh.json"),
        "--phase",
        "recovery",
        "--timeline",
        &example("cycle/hepan-timeline.jsonl"),
        "--curve",
        &example("cycle/service-level.csv"),
        "-o",
        md.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let s = std::fs::read_to_string(&md).unwrap();
    // --phase: the diagnosis is made in recovery (the file says response), so learning is ahead
    assert!(before.contains("- **Phase ahead**: Recovery"), "{before}");
    assert!(
        s.contains("- **Phase**: Recovery\n- **Phase ahead**: Learning"),
        "{s}"
    );
    assert!(
        s.contains("The phase ahead: what to do, and who acts: Learning"),
        "{s}"
    );
    // --timeline: hepan's three assessments (preparedness, response, recovery)
    assert!(s.contains("## Timeline"), "{s}");
    assert!(s.contains("Phases never assessed"), "{s}");
    // --curve: the loss area computed by hand in curve_from_csv_gives_bruneau_numbers_and_the_level
    assert!(s.contains("919.5"), "{s}");
    // the same through HTML on standard output, in Chinese
    let o = run(&[
        "report",
        &example("riverside-zh.json"),
        "--curve",
        &example("cycle/service-level.csv"),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("损失面积") && stdout(&o).contains("919.5"));
    // a bad phase, a bad curve file (named), and the flags with a comparison report
    let o = run(&["report", &example("riverside-zh.json"), "--phase", "later"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let bad = dir.join("bad.csv");
    std::fs::write(&bad, "t,q\n0,100\n1,abc\n").unwrap();
    let o = run(&[
        "--lang",
        "en",
        "report",
        &example("riverside-zh.json"),
        "--curve",
        bad.to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("bad.csv") && stderr(&o).contains("\"abc\" is not a number"),
        "{}",
        stderr(&o)
    );
    let o = run(&[
        "--lang",
        "en",
        "report",
        &golden("case-a.json"),
        &golden("case-b.json"),
        "--phase",
        "response",
    ]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("--phase, --timeline and --curve are for the report of one assessment"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn assess_json_ranks_remedies_through_the_diagnose_operation() {
    let a = golden("case-a.json");
    let o = run(&["--format", "json", "assess", &a]);
    let all: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let total = all["remedies"].as_array().unwrap().len();
    assert!(total > 3);
    assert_eq!(all["remedies_total"], total);
    assert!(all["top_remedies"].is_null());
    let o = run(&["--format", "json", "assess", &a, "--top-remedies", "3"]);
    let top: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(top["top_remedies"], 3);
    assert_eq!(top["remedies_total"], total);
    assert_eq!(
        top["remedies"].as_array().unwrap()[..],
        all["remedies"].as_array().unwrap()[..3]
    );
}

#[test]
fn assessment_files_with_chinese_labels_are_read() {
    let dir = temp_dir("labels");
    let f = dir.join("手写.json");
    std::fs::write(
        &f,
        r#"{"schema_version": 1, "id": "hupan", "name": "湖畔社区", "mode": "政府主导型",
  "ratings": {"满足需求": {"level": "高"}, "资源链接": {"coped": "是", "developed": "否"},
    "规章制度": {"level": "中"}, "应急知识储备": null, "专业志愿队伍": null, "信息技术运用": null,
    "与政府连通": {"level": "低"}, "与居民连通": null}}"#,
    )
    .unwrap();
    let o = run(&["--format", "json", "assess", f.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let d: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let dims = d["scorecard"]["dimensions"].as_array().unwrap();
    let needs = dims.iter().find(|x| x["id"] == "needs_met").unwrap();
    assert_eq!(needs["grade"]["level"], "high");
    std::fs::write(
        &f,
        std::fs::read_to_string(&f)
            .unwrap()
            .replace("\"高\"", "\"很高\""),
    )
    .unwrap();
    let o = run(&["--lang", "en", "assess", f.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("ratings.满足需求.level: \"很高\" is not a level"),
        "{}",
        stderr(&o)
    );
}

//! `renxing agree FILE...` (issue 9): several coders' files, a multi-coder file, a long table.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::{Command, Output};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_renxing");

fn example(name: &str) -> String {
    format!("{}/../../examples/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn run(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().unwrap()
}

fn json(o: &Output) -> Value {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).unwrap()
}

fn measure<'a>(g: &'a Value, name: &str) -> &'a Value {
    g["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["measure"] == name)
        .unwrap()
}

/// A scratch directory of this test run.
fn scratch(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("renxing-cli-agree-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// The example split into one file per coder (ratings without a rater: the file name names
/// the coder).
fn per_coder_files(dir: &std::path::Path) -> Vec<String> {
    let two: Value = serde_json::from_str(
        &std::fs::read_to_string(example("lakeside-two-coders.json")).unwrap(),
    )
    .unwrap();
    ["ann", "bo"]
        .iter()
        .map(|coder| {
            let mut a = two.clone();
            a["schema_version"] = 1.into();
            for (_, v) in a["ratings"].as_object_mut().unwrap() {
                if v.is_null() {
                    continue;
                }
                let mut c = v["codings"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|c| c["rater"] == *coder)
                    .unwrap()
                    .clone();
                c.as_object_mut().unwrap().remove("rater");
                *v = c;
            }
            let p = dir.join(format!("{coder}.json"));
            std::fs::write(&p, a.to_string()).unwrap();
            p.to_string_lossy().into_owned()
        })
        .collect()
}

#[test]
fn two_coder_files_and_the_multi_coder_file_agree_alike() {
    let dir = scratch("files");
    let files = per_coder_files(&dir);
    let mut args = vec!["--format", "json", "agree", "--seed", "5", "--draws", "300"];
    args.extend(files.iter().map(String::as_str));
    let from_files = json(&run(&args));
    let one = example("lakeside-two-coders.json");
    let from_one = json(&run(&[
        "--format", "json", "agree", "--seed", "5", "--draws", "300", &one,
    ]));
    let overall = &from_files["agreement"]["overall"];
    // hand-counted: 7 dimensions coded by both, 4 equal
    assert_eq!(
        measure(overall, "percent_agreement")["agreement"],
        4.0 / 7.0
    );
    let alpha = measure(overall, "krippendorff_alpha");
    assert_eq!(alpha["bootstrap"]["draws"], 300);
    assert_eq!(alpha["bootstrap"]["seed"], 5);
    // the coders are the file names; same measures either way (same seed: same interval)
    assert_eq!(
        from_files["disagreements"]["coders"],
        serde_json::json!(["ann", "bo"])
    );
    assert_eq!(
        measure(overall, "krippendorff_alpha"),
        measure(&from_one["agreement"]["overall"], "krippendorff_alpha")
    );
    assert_eq!(
        from_files["disagreements"]["rows"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn consensus_scorecards_flag_contested_dimensions_and_write_resolved_files() {
    let dir = scratch("write");
    let one = example("lakeside-two-coders.json");
    let d = dir.to_string_lossy().into_owned();
    let out = run(&[
        "--lang",
        "en",
        "agree",
        &one,
        "--consensus",
        "median",
        "--draws",
        "0",
        "--write",
        &d,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Inter-rater agreement"));
    assert!(text.contains("Disagreements"));
    assert!(text.contains("consensus scorecard"));
    let card = text.split("consensus scorecard").nth(1).unwrap();
    let rules = card.lines().find(|l| l.starts_with("rules ")).unwrap();
    assert!(
        rules.contains("low") && rules.contains("contested"),
        "{rules}"
    );
    // the resolved file: version 2, every coding kept, scores without a rule
    let saved = dir.join("lakeside-2024.json");
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&saved).unwrap()).unwrap();
    assert_eq!(v["schema_version"], 2);
    assert_eq!(v["ratings"]["rules"]["level"], "low");
    assert_eq!(
        v["ratings"]["rules"]["codings"].as_array().unwrap().len(),
        2
    );
    assert_eq!(v["consensus"]["rule"]["rule"], "median");
    let card = json(&run(&[
        "--format",
        "json",
        "assess",
        &saved.to_string_lossy(),
    ]));
    let s = card.to_string();
    assert!(s.contains("\"contested\":true"), "{s}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_long_sheet_with_raters_and_bad_rules() {
    let dir = scratch("sheet");
    let sheet = dir.join("sheet.csv");
    std::fs::write(
        &sheet,
        "编号,名称,维度,评定人,等级\nhx,河西社区,满足需求,ann,高\nhx,河西社区,满足需求,bo,中\n\
         hx,河西社区,规章制度,ann,低\nhx,河西社区,规章制度,bo,高\n\
         dc,东城社区,满足需求,ann,低\ndc,东城社区,满足需求,bo,低\n",
    )
    .unwrap();
    let s = sheet.to_string_lossy().into_owned();
    let v = json(&run(&[
        "--format",
        "json",
        "agree",
        &s,
        "--consensus",
        "adjudicator:bo",
        "--draws",
        "0",
    ]));
    assert_eq!(v["codings"]["communities"], serde_json::json!(["hx", "dc"]));
    assert_eq!(v["consensus"].as_array().unwrap().len(), 2);
    assert_eq!(
        v["consensus"][0]["assessment"]["ratings"]["rules"]["level"],
        "high"
    );
    // a misspelt rule is a usage error; a missing adjudicator a typed error with its path
    let bad = run(&["agree", &s, "--consensus", "avg"]);
    assert_eq!(bad.status.code(), Some(2));
    let nobody = run(&[
        "--format",
        "json",
        "agree",
        &s,
        "--consensus",
        "adjudicator:cy",
    ]);
    assert!(!nobody.status.success());
    let err = String::from_utf8_lossy(&nobody.stderr);
    assert!(
        err.contains("agreement_input") && err.contains("coder"),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

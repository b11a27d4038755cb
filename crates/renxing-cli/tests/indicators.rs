//! `renxing indicators DATA.csv --framework F [--pipeline P]` (issue 10), against hand-computed
//! values on the student's three indicators and on the example framework of examples/indicators.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_renxing");

fn example(name: &str) -> String {
    format!(
        "{}/../../examples/indicators/{name}",
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

fn tmp(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("renxing-ind-cli-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// The student's sheet: volunteers per 1,000 residents and drills per year measure the volunteer
/// teams, the share of residents in WeChat groups the connectivity with residents.
const STUDENT_FW: &str = r#"{"schema_version": 2, "id": "student", "labels": {"en": "Student", "zh": "学生"},
 "attributes": [{"id": "people", "labels": {"en": "People", "zh": "人"}}],
 "dimensions": [
  {"id": "volunteer_teams", "attribute": "people", "labels": {"en": "Volunteers", "zh": "志愿队伍"}},
  {"id": "resident_connectivity", "attribute": "people", "labels": {"en": "Residents", "zh": "居民连通"}}],
 "indicators": [
  {"id": "volunteers_per_1000", "dimension": "volunteer_teams", "direction": "benefit",
   "unit": {"en": "per 1,000 residents"}, "labels": {"en": "Volunteers per 1,000", "zh": "每千人志愿者"},
   "source": "records"},
  {"id": "wechat_share", "dimension": "resident_connectivity", "direction": "benefit",
   "unit": {"en": "%"}, "labels": {"en": "WeChat share", "zh": "微信群比例"}, "source": "survey"},
  {"id": "drills_per_year", "dimension": "volunteer_teams", "direction": "benefit",
   "unit": {"en": "per year"}, "labels": {"en": "Drills", "zh": "演练次数"}, "source": "records"}]}"#;

const STUDENT_CSV: &str = "community,volunteers_per_1000,wechat_share,drills_per_year\n\
east,12,40,2\nwest,30,90,1\nnorth,21,60,5\n";

/// Hand-computed. Min–max to 0–100: east (0, 0, 25), west (100, 100, 0), north (50, 40, 100).
/// Volunteer teams = mean of volunteers and drills: east 12.5, west 50, north 75; residents =
/// WeChat: 0, 100, 40. Overall = mean of the two dimensions: 6.25, 75, 57.5. Bands at 33.33 and
/// 66.67: east low/low, west medium/high, north high/medium; overall low, high, medium.
/// TOPSIS (vector normalisation, weights 1/3): 0.1408, 0.5706, 0.6129 (computed by hand in
/// Python from the definition). Obstacle degree of east: deviations (1, 1, 0.75) × effective
/// weights (0.25, 0.5, 0.25) = (0.25, 0.5, 0.1875) of 0.9375: WeChat 53.3%, volunteers 26.7%,
/// drills 20.0%.
#[test]
fn student_sheet_gives_hand_computed_levels_ranks_and_obstacles() {
    let d = tmp("student");
    let fw = d.join("student.json");
    let csv = d.join("sheet.csv");
    let result = d.join("result.json");
    let assessments = d.join("assessments.jsonl");
    std::fs::write(&fw, STUDENT_FW).unwrap();
    std::fs::write(&csv, STUDENT_CSV).unwrap();
    let o = run(&[
        "--lang",
        "en",
        "--framework",
        fw.to_str().unwrap(),
        "indicators",
        csv.to_str().unwrap(),
        "-o",
        result.to_str().unwrap(),
        "--assessments",
        assessments.to_str().unwrap(),
    ]);
    let text = out(&o);
    let line = |u: &str, table: usize| -> String {
        text.split("\n\n")
            .nth(table)
            .unwrap()
            .lines()
            .find(|l| l.starts_with(u))
            .unwrap()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(line("west", 0), "west 75.00 1 High 0.5706 2");
    assert_eq!(line("north", 0), "north 57.50 2 Medium 0.6129 1");
    assert_eq!(line("east", 0), "east 6.25 3 Low 0.1408 3");
    assert_eq!(line("east", 1), "east Low 12.5 Low 0.0");
    assert_eq!(line("north", 1), "north High 75.0 Medium 40.0");
    assert_eq!(
        line("east", 2),
        "east WeChat share 53.3% Volunteers per 1,000 26.7% Drills 20.0%"
    );
    assert!(text.contains("cuts [33.33, 66.67]"), "{text}");
    // the results JSON and the assessments
    let r: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&result).unwrap()).unwrap();
    let overall = r["result"]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["step"]["step"] == "aggregate")
        .map(|s| s["report"]["overall"].clone())
        .unwrap();
    assert_eq!(overall, serde_json::json!([6.25, 75.0, 57.5]));
    assert_eq!(
        r["banding"]["levels"],
        serde_json::json!(["low", "medium", "high"])
    );
    let lines = std::fs::read_to_string(&assessments).unwrap();
    let first: serde_json::Value = serde_json::from_str(lines.lines().next().unwrap()).unwrap();
    assert_eq!(first["id"], "east");
    assert_eq!(first["ratings"]["volunteer_teams"]["level"], "low");
    assert_eq!(first["ratings"]["volunteer_teams"]["rater"], "indicators");
    // the assessments go into `assess` with the same framework: north is high on volunteers
    let o = run(&[
        "--lang",
        "en",
        "--framework",
        fw.to_str().unwrap(),
        "--format",
        "json",
        "assess",
        assessments.to_str().unwrap(),
    ]);
    let a = out(&o);
    assert!(a.contains("\"north\""), "{a}");
    std::fs::remove_dir_all(&d).ok();
}

#[test]
fn example_framework_with_pipeline_file_in_chinese() {
    let o = run(&[
        "--framework",
        &example("framework.toml"),
        "indicators",
        &example("communities.csv"),
        "--pipeline",
        &example("pipeline.toml"),
    ]);
    let text = out(&o);
    assert!(text.starts_with("排名\n"), "{text}");
    assert!(text.contains("障碍度"), "{text}");
    assert!(
        text.contains("分级规则:第 5 步,阈值,等级 低 < 中 < 高"),
        "{text}"
    );
    // donghu first, nanyuan last on the overall index
    let ranking: Vec<&str> = text
        .split("\n\n")
        .next()
        .unwrap()
        .lines()
        .skip(3)
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(ranking.first(), Some(&"donghu"));
    assert_eq!(ranking.last(), Some(&"nanyuan"));
    assert_eq!(ranking.len(), 6);
}

#[test]
fn report_has_a_methods_section_with_every_step_and_parameter() {
    let d = tmp("report");
    let html = d.join("r.html");
    let md = d.join("r.md");
    for (lang, path) in [("en", &html), ("zh", &md)] {
        out(&run(&[
            "--lang",
            lang,
            "--framework",
            &example("framework.toml"),
            "indicators",
            &example("communities.csv"),
            "--pipeline",
            &example("pipeline.toml"),
            "--report",
            path.to_str().unwrap(),
        ]));
    }
    let h = std::fs::read_to_string(&html).unwrap();
    assert!(h.contains("<h2>Methods</h2>"), "{h}");
    assert!(h.contains("<h2>Indicators</h2>"));
    // every step of pipeline.toml, with its parameters as run (defaults filled in)
    for name in [
        "check",
        "impute",
        "normalise",
        "weight",
        "aggregate",
        "band",
        "topsis",
        "obstacle",
        "rank",
    ] {
        assert!(h.contains(&format!("<td>{name}</td>")), "{name}");
    }
    assert!(h.contains("unit_threshold = 0.66"), "{h}");
    assert!(h.contains("Registered volunteers per 1,000 residents"));
    assert!(h.contains("Banding: step 5, thresholds"));
    assert!(h.contains("<h2>Charts</h2>") && h.contains("rx-contrib") && h.contains("rx-rank-row"));
    let m = std::fs::read_to_string(&md).unwrap();
    assert!(m.contains("## 方法"), "{m}");
    assert!(m.contains("## 指标体系"));
    assert!(m.contains("方法 = 熵权法"), "{m}");
    assert!(m.contains("## 图表"), "{m}");
    // the Markdown's charts are files beside it
    for stem in ["contributions", "obstacles", "ranks"] {
        let f = d.join(format!("r-{stem}.svg"));
        let svg = std::fs::read_to_string(&f).unwrap_or_else(|e| panic!("{f:?}: {e}\n{m}"));
        assert!(svg.starts_with("<svg"));
        assert!(m.contains(&format!("r-{stem}.svg")), "{m}");
    }
    std::fs::remove_dir_all(&d).ok();
}

/// The assessments `indicators --assessments` writes: `assess` names each community's top
/// obstacles, `report` of one has the methods section of the run that made it (zh and en).
#[test]
fn indicator_assessments_carry_their_obstacles_and_methods() {
    let d = tmp("carry");
    let jsonl = d.join("a.jsonl");
    out(&run(&[
        "--lang",
        "zh",
        "--framework",
        &example("framework.toml"),
        "indicators",
        &example("communities.csv"),
        "--pipeline",
        &example("pipeline.toml"),
        "--assessments",
        jsonl.to_str().unwrap(),
    ]));
    let lines = std::fs::read_to_string(&jsonl).unwrap();
    let nanyuan = lines.lines().nth(3).unwrap();
    assert!(nanyuan.contains("\"id\":\"nanyuan\""), "{nanyuan}");
    // notes in the language asked for
    assert!(nanyuan.contains("由指标得出:维度得分"), "{nanyuan}");
    let one = d.join("nanyuan.json");
    std::fs::write(&one, nanyuan).unwrap();
    let text = out(&run(&[
        "--lang",
        "zh",
        "--framework",
        &example("framework.toml"),
        "assess",
        one.to_str().unwrap(),
    ]));
    assert!(text.contains("主要障碍因子(由指标得出)"), "{text}");
    let text = out(&run(&[
        "--lang",
        "en",
        "--framework",
        &example("framework.toml"),
        "assess",
        one.to_str().unwrap(),
    ]));
    assert!(text.contains("Top obstacles (from indicators)"), "{text}");
    assert!(text.contains('%'));
    let html = d.join("nanyuan.html");
    out(&run(&[
        "--lang",
        "en",
        "--framework",
        &example("framework.toml"),
        "report",
        one.to_str().unwrap(),
        "-o",
        html.to_str().unwrap(),
    ]));
    let h = std::fs::read_to_string(&html).unwrap();
    assert!(h.contains("<h2>Methods</h2>"), "{h}");
    assert!(h.contains("method = &quot;entropy&quot;"), "{h}");
    assert!(
        h.contains("<h2>Top obstacles (from indicators)</h2>"),
        "{h}"
    );
    std::fs::remove_dir_all(&d).ok();
}

#[test]
fn errors_name_the_file_and_field() {
    // no framework
    let o = run(&["--lang", "en", "indicators", &example("communities.csv")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--framework FILE is needed"));
    // a column the framework does not define
    let d = tmp("bad");
    let csv = d.join("bad.csv");
    std::fs::write(
        &csv,
        std::fs::read_to_string(example("communities.csv"))
            .unwrap()
            .replacen("supply_coverage", "supplies", 1),
    )
    .unwrap();
    let o = run(&[
        "--lang",
        "en",
        "--framework",
        &example("framework.toml"),
        "indicators",
        csv.to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_ne!(o.status.code(), Some(0));
    assert!(err.contains("data.indicators[0].id"), "{err}");
    assert!(err.contains("\"supplies\""), "{err}");
    // a misspelt pipeline field
    let p = d.join("p.json");
    std::fs::write(&p, r#"{"steps": [{"step": "normalise", "methd": "rank"}]}"#).unwrap();
    let o = run(&[
        "--lang",
        "en",
        "--framework",
        &example("framework.toml"),
        "indicators",
        &example("communities.csv"),
        "--pipeline",
        p.to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("\"methd\""), "{err}");
    std::fs::remove_dir_all(&d).ok();
}

/// The CLI's tables on the example data with the example pipeline, in both languages, kept in
/// `tests/golden/cli/indicators-example-{zh,en}.txt` (`RENXING_UPDATE_GOLDEN=1` rewrites them):
/// the browser page's end-to-end test reads them and checks the page shows the same cells.
#[test]
fn example_tables_match_the_file_the_page_is_checked_against() {
    for lang in ["zh", "en"] {
        let text = out(&run(&[
            "--lang",
            lang,
            "--framework",
            &example("framework.toml"),
            "indicators",
            &example("communities.csv"),
            "--pipeline",
            &example("pipeline.toml"),
        ]));
        let path = format!(
            "{}/../../tests/golden/cli/indicators-example-{lang}.txt",
            env!("CARGO_MANIFEST_DIR")
        );
        if std::env::var_os("RENXING_UPDATE_GOLDEN").is_some() {
            std::fs::create_dir_all(std::path::Path::new(&path).parent().unwrap()).unwrap();
            std::fs::write(&path, &text).unwrap();
        }
        let want = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            text, want,
            "{lang}: the CLI's tables changed; rewrite {path} and check the page"
        );
        assert_eq!(text.lines().filter(|l| l.starts_with("donghu")).count(), 3);
    }
}

/// `renxing blend`: a coded assessment of donghu and the indicator assessments; the lower
/// level by hand: the coding says needs met is low, the indicators high → low (from the
/// coding); a dimension the coding left unrated keeps the indicators' level.
#[test]
fn blend_coded_and_indicator_levels() {
    let d = tmp("blend");
    let jsonl = d.join("ind.jsonl");
    out(&run(&[
        "--lang",
        "en",
        "--framework",
        &example("framework.toml"),
        "indicators",
        &example("communities.csv"),
        "--pipeline",
        &example("pipeline.toml"),
        "--assessments",
        jsonl.to_str().unwrap(),
    ]));
    let coded = d.join("coded.json");
    std::fs::write(
        &coded,
        r#"{"schema_version": 1, "framework": "community-indicators-example", "id": "donghu", "name": "东湖社区",
            "ratings": {"needs_met": {"level": "low", "rater": "coder-1"}, "resource_linkage": null, "rules": null,
            "emergency_knowledge": null, "volunteer_teams": null, "it_use": null,
            "government_connectivity": null, "resident_connectivity": null}}"#,
    )
    .unwrap();
    let blended = d.join("blended.jsonl");
    let text = out(&run(&[
        "--lang",
        "en",
        "--framework",
        &example("framework.toml"),
        "blend",
        coded.to_str().unwrap(),
        jsonl.to_str().unwrap(),
        "--rule",
        "lower",
        "-o",
        blended.to_str().unwrap(),
    ]));
    assert!(
        text.starts_with("donghu: blended by the lower level\n"),
        "{text}"
    );
    let row = |name: &str| {
        text.lines()
            .find(|l| l.starts_with(name))
            .unwrap()
            .split("  ")
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        row("Needs met"),
        ["Needs met", "Low", "High", "Low", "coding"]
    );
    assert_eq!(
        row("Resource linkage"),
        ["Resource linkage", "–", "High", "High", "indicators"]
    );
    assert!(text.contains("In one file only, not blended: "), "{text}");
    let a: serde_json::Value =
        serde_json::from_str(std::fs::read_to_string(&blended).unwrap().trim()).unwrap();
    assert_eq!(a["metadata"]["blend"]["rule"], "lower");
    assert_eq!(a["ratings"]["needs_met"]["level"], "low");
    assert_eq!(a["ratings"]["needs_met"]["rater"], "blend");
    // mean score: (0 + 100)/2 = 50 → medium, shown with its score
    let text = out(&run(&[
        "--lang",
        "zh",
        "--framework",
        &example("framework.toml"),
        "blend",
        coded.to_str().unwrap(),
        jsonl.to_str().unwrap(),
        "--rule",
        "mean-score",
    ]));
    assert!(text.starts_with("donghu:合并规则 得分取平均\n"), "{text}");
    assert!(
        text.contains("满足需求") && text.contains("中 (50.0)") && text.contains("两者平均"),
        "{text}"
    );
    std::fs::remove_dir_all(&d).ok();
}

/// The student's sheet as a long table, indicators named by their zh labels (and one by id),
/// rows in another order: the same ranking as the wide sheet; a repeated row and an unknown
/// indicator are errors naming the row.
#[test]
fn long_table_with_labels_gives_the_wide_sheets_result() {
    let d = tmp("long");
    let fw = d.join("student.json");
    let csv = d.join("long.csv");
    std::fs::write(&fw, STUDENT_FW).unwrap();
    let long = "unit,indicator,value\n\
        east,每千人志愿者,12\neast,微信群比例,40\neast,演练次数,2\n\
        west,volunteers_per_1000,30\nwest,微信群比例,90\nwest,演练次数,1\n\
        north,演练次数,5\nnorth,每千人志愿者,21\nnorth,微信群比例,60\n";
    std::fs::write(&csv, long).unwrap();
    let args = |file: &std::path::Path| {
        run(&[
            "--lang",
            "en",
            "--framework",
            fw.to_str().unwrap(),
            "indicators",
            "--long",
            file.to_str().unwrap(),
        ])
    };
    let text = out(&args(&csv));
    let first = text.split("\n\n").next().unwrap();
    let row = |u: &str| {
        first
            .lines()
            .find(|l| l.starts_with(u))
            .unwrap()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(row("west"), "west 75.00 1 High 0.5706 2");
    assert_eq!(row("east"), "east 6.25 3 Low 0.1408 3");
    // a second row for east's drills (row 9, from 0)
    std::fs::write(&csv, format!("{long}east,drills_per_year,3\n")).unwrap();
    let o = args(&csv);
    assert_ne!(o.status.code(), Some(0));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("two rows") && err.contains("rows[9]"), "{err}");
    // an indicator the framework does not define
    std::fs::write(&csv, format!("{long}east,shelters,3\n")).unwrap();
    let err = String::from_utf8_lossy(&args(&csv).stderr).to_string();
    assert!(
        err.contains("shelters") && err.contains("defines no indicator"),
        "{err}"
    );
    std::fs::remove_dir_all(&d).ok();
}

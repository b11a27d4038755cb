//! The table reader and writer: hand-made sheets in Chinese and English (wide and long), every
//! kind of problem with its row and column, and write → read round trips.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use renxing::table::{
    detect_layout, read_csv, read_records, write, Headers, Layout, WriteOptions, MAX_ISSUES,
};
use renxing::{
    path, Assessment, Dimension, ErrorCode, Framework, IssueCode, Lang, Level, Mode, Phase,
    Problem, RatingValue,
};
use serde_json::{json, Map, Value};

fn paper() -> &'static Framework {
    Framework::paper()
}

fn read_ok(text: &str) -> Vec<Assessment> {
    match read_csv(text, paper(), None) {
        Ok(r) => r.assessments,
        Err(e) => panic!("{}", renxing::Error::from(e).message(Lang::En)),
    }
}

fn read_err(text: &str) -> Problem {
    read_csv(text, paper(), None).expect_err("the table should be refused")
}

/// `(path, code)` of every issue, paths in their dotted form.
fn where_(p: &Problem) -> Vec<(String, IssueCode)> {
    p.issues
        .iter()
        .map(|i| (i.path.to_string(), i.code))
        .collect()
}

const ZH_WIDE: &str = "\u{feff}编号,名称,模式,阶段,日期,满足需求,资源链接.有效应对,资源链接.得到发展,规章制度,规章制度.得分,应急知识储备,专业志愿队伍,信息技术运用,与政府连通,与居民连通\r\n\
hexi,河西社区,政府主导型,应对,2023-01-15,高,是,否,中,,低,,中,高,中\r\n\
\"dongcheng\",\"东城社区, 一期\",社工助推型,,,中,否,否,,72.5,中,高,低,中,低\r\n\
,,,,,,,,,,,,,,\r\n";

#[test]
fn chinese_wide_sheet() {
    let list = read_ok(ZH_WIDE);
    assert_eq!(list.len(), 2, "the blank row is skipped");
    let a = &list[0];
    assert_eq!((a.id.as_str(), a.name.as_str()), ("hexi", "河西社区"));
    assert_eq!(a.mode, Some(Mode::GovernmentLed));
    assert_eq!(a.phase, Some(Phase::Response));
    assert_eq!(a.date.map(|d| d.to_string()).as_deref(), Some("2023-01-15"));
    assert_eq!(a.level_of(Dimension::NeedsMet), Some(Level::High));
    // Two-question answers stay answers.
    assert_eq!(
        a.rating("resource_linkage").map(|r| r.value.clone()),
        Some(RatingValue::Answers(renxing::Answers {
            coped: true,
            developed: false
        }))
    );
    assert_eq!(a.level_of(Dimension::Rules), Some(Level::Medium));
    assert!(
        a.ratings["volunteer_teams"].is_none(),
        "empty cell = not rated"
    );
    let b = &list[1];
    assert_eq!(b.name, "东城社区, 一期");
    assert_eq!(b.mode, Some(Mode::SocialWorkerDriven));
    assert_eq!((b.phase, b.date), (None, None));
    match &b.rating("rules").unwrap().value {
        RatingValue::Score(s) => assert_eq!(s.get(), 72.5),
        other => panic!("{other:?}"),
    }
    assert_eq!(b.level_of(Dimension::VolunteerTeams), Some(Level::High));
}

#[test]
fn english_wide_sheet_with_labels_in_any_case() {
    let text = "ID,Name,Mode,Phase,Needs met,Resource linkage,Rules and regulations,emergency knowledge reserve,Professional volunteer teams,Information technology use,Connectivity with government,Connectivity with residents\n\
                lake,Lakeside,Digitally embedded,Recovery,High,medium,LOW,high,Medium,high,low,\n";
    let list = read_ok(text);
    let a = &list[0];
    assert_eq!(a.mode, Some(Mode::DigitalEmbedded));
    assert_eq!(a.phase, Some(Phase::Recovery));
    assert_eq!(a.level_of(Dimension::Rules), Some(Level::Low));
    assert_eq!(a.level_of(Dimension::EmergencyKnowledge), Some(Level::High));
    assert!(a.ratings["resident_connectivity"].is_none());
    assert_eq!(detect_layout(&["ID", "Name", "Needs met"]), Layout::Wide);
}

const ZH_LONG: &str = "编号,名称,模式,阶段,维度,等级,得分,有效应对,得到发展,证据,评定人,备注\n\
hexi,河西社区,政府主导型,应对,满足需求,高,,,,居民需求及时响应,街道小组,\n\
hexi,河西社区,政府主导型,应对,资源链接,,,是,否,\"[{\"\"quote\"\": \"\"链接了企业物资\"\", \"\"source\"\": \"\"访谈 3\"\"}]\",街道小组,复核过\n\
hexi,,,应对,规章制度,,55,,,,,\n\
hexi,河西社区,,恢复,满足需求,低,,,,,,\n\
hexi,河西社区,政府主导型,应对,专业志愿队伍,,,,,,街道小组,\n";

#[test]
fn chinese_long_sheet() {
    let list = read_ok(ZH_LONG);
    // Two occasions of one community: (hexi, 应对) and (hexi, 恢复), in order of appearance.
    assert_eq!(list.len(), 2);
    let a = &list[0];
    assert_eq!(a.phase, Some(Phase::Response));
    assert_eq!(
        a.mode,
        Some(Mode::GovernmentLed),
        "given on some rows, agreed"
    );
    let needs = a.rating("needs_met").unwrap();
    assert_eq!(needs.value, RatingValue::Level("high".into()));
    assert_eq!(needs.evidence[0].quote.as_deref(), Some("居民需求及时响应"));
    assert_eq!(needs.rater.as_deref(), Some("街道小组"));
    let link = a.rating("resource_linkage").unwrap();
    assert!(matches!(link.value, RatingValue::Answers(x) if x.coped && !x.developed));
    assert_eq!(link.evidence[0].source.as_deref(), Some("访谈 3"));
    assert_eq!(link.note.as_deref(), Some("复核过"));
    assert!(matches!(a.rating("rules").unwrap().value, RatingValue::Score(s) if s.get() == 55.0));
    // No row, or a row without a value: not rated.
    assert!(a.ratings["it_use"].is_none());
    assert!(a.ratings["volunteer_teams"].is_none());
    let b = &list[1];
    assert_eq!(b.phase, Some(Phase::Recovery));
    assert_eq!(b.level_of(Dimension::NeedsMet), Some(Level::Low));
    assert_eq!(b.mode, None);
}

#[test]
fn english_long_sheet_and_identical_duplicates() {
    let text = "id,name,dimension,level,rater\n\
                c1,One,Needs met,High,ann\n\
                c1,One,needs_met,high,ann\n\
                c1,One,IT usage,low,ann\n\
                c2,Two,rules,Medium,\n";
    let err = read_err(text);
    // "IT usage" is not a label ("Information technology use" is; "IT use" reads as it_use).
    assert_eq!(
        where_(&err),
        [("rows[2].dimension".into(), IssueCode::UnknownId)]
    );
    let list = read_ok(&text.replace("IT usage", "IT use"));
    assert_eq!(list.len(), 2);
    assert_eq!(list[0].level_of(Dimension::NeedsMet), Some(Level::High));
    assert_eq!(list[1].level_of(Dimension::Rules), Some(Level::Medium));
    let given = read_csv(
        &text.replace("IT usage", "it_use"),
        paper(),
        Some(Layout::Long),
    )
    .unwrap();
    assert_eq!(given.assessments, list, "a given layout reads the same");
    // Read as wide, the same sheet is refused column by column.
    assert!(read_csv(text, paper(), Some(Layout::Wide)).is_err());
}

#[test]
fn numbers_in_a_level_column_are_refused_with_both_readings() {
    let err = read_err("id,name,dimension,level\nx,X,needs_met,2\nx,X,rules,75\n");
    assert_eq!(err.code, ErrorCode::TableInvalid);
    assert_eq!(
        where_(&err),
        [
            ("rows[0].level".into(), IssueCode::WrongType),
            ("rows[1].level".into(), IssueCode::WrongType)
        ]
    );
    let code = &err.issues[0].message;
    assert!(
        code.en.starts_with("2 is a number, not a level"),
        "{}",
        code.en
    );
    assert!(code.en.contains("(1 = low, 2 = medium, 3 = high)"));
    assert!(code
        .en
        .contains("write the level's id or label: medium or Medium"));
    assert!(code
        .en
        .contains("put it in a column named score (CSV line 2)"));
    assert!(code.zh.contains("2 = medium (中)"), "{}", code.zh);
    assert!(code.zh.contains("请写等级 id 或名称:medium 或 中"));
    let score = &err.issues[1].message;
    assert!(score.en.starts_with("75 is a number, not a level"));
    assert!(!score.en.contains("level code"));
    // Wide: the score column is named after the dimension's column.
    let wide = read_records(
        &[obj(json!({"id": "x", "name": "X", "满足需求": 3}))],
        paper(),
        Some(Layout::Wide),
    )
    .unwrap_err();
    let i = wide
        .issues
        .iter()
        .find(|i| i.path == path!["rows", 0, "满足需求"])
        .unwrap();
    assert!(
        i.message.en.contains("a column named 满足需求.score"),
        "{}",
        i.message.en
    );
    assert!(
        i.message.zh.contains("名为 满足需求.得分 的列"),
        "{}",
        i.message.zh
    );
}

fn obj(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => panic!("not an object"),
    }
}

/// A wide header with every dimension's level column.
fn wide_header() -> String {
    let dims: Vec<&str> = Dimension::ALL.iter().map(|d| d.id()).collect();
    format!("id,name,mode,phase,date,{}", dims.join(","))
}

#[test]
fn every_cell_problem_is_located() {
    let text = format!(
        "{},needs_met.score,rules.coped,rules.developed\n\
         a,A,政府主导型,later,2023-02-30,,hgh,,,,,,,120,maybe,no\n\
         ,B,,,,low,,,,,,,,,,\n\
         c,,,,,,,,,,,,,abc,,\n",
        wide_header()
    );
    let err = read_err(&text);
    assert_eq!(
        where_(&err),
        [
            ("rows[0].phase".into(), IssueCode::UnknownId),
            ("rows[0].date".into(), IssueCode::InvalidValue),
            ("rows[0].resource_linkage".into(), IssueCode::UnknownId),
            ("rows[0].needs_met.score".into(), IssueCode::OutOfRange),
            ("rows[0].rules.coped".into(), IssueCode::WrongType),
            ("rows[1].id".into(), IssueCode::Missing),
            ("rows[2].name".into(), IssueCode::Missing),
            ("rows[2].needs_met.score".into(), IssueCode::WrongType),
        ]
    );
    let msgs: Vec<&str> = err.issues.iter().map(|i| i.message.en.as_str()).collect();
    assert!(
        msgs[0].starts_with(
            "\"later\" is not a phase; write an id or a label: preparedness (Preparedness, 准备);"
        ),
        "{}",
        msgs[0]
    );
    assert!(msgs[2].contains("\"hgh\" is not a level of the framework; write a level id or label: low (Low, 低); medium (Medium, 中); high (High, 高)"));
    assert!(
        msgs[3].starts_with("score 120 must be within 0..=100"),
        "{}",
        msgs[3]
    );
    assert!(msgs[4].contains("expected yes or no"));
    assert!(msgs[5].ends_with("(CSV line 3)"));
    let report = renxing::Error::from(err.clone()).report(Lang::Zh);
    assert_eq!(report.code, ErrorCode::TableInvalid);
    assert_eq!(report.kind, "TableError");
    assert_eq!(
        serde_json::to_value(&report.path).unwrap(),
        json!(["rows", 0, "phase"])
    );
    assert!(report.issues[2].message.contains("不是框架的等级"));
}

#[test]
fn column_problems() {
    // Unknown, unnamed and duplicate columns; a dimension without a column; half of the answers.
    let dims: Vec<&str> = Dimension::ALL.iter().skip(1).map(|d| d.id()).collect();
    let text = format!(
        "id,编号,name,,colour,level,{},rules.coped\nx,x,X,,red,,,,,,,,,,\n",
        dims.join(",")
    );
    let err = read_err(&text);
    assert_eq!(
        where_(&err),
        [
            ("columns".into(), IssueCode::Missing),
            ("columns.编号".into(), IssueCode::Duplicate),
            ("columns.".into(), IssueCode::UnknownField),
            ("columns.colour".into(), IssueCode::UnknownField),
            ("columns.level".into(), IssueCode::UnknownField),
            ("columns.rules.coped".into(), IssueCode::Missing),
        ]
    );
    assert!(err.issues[0]
        .message
        .en
        .starts_with("no column for dimension needs_met (Needs met)"));
    assert!(err.issues[4]
        .message
        .en
        .contains("is a column of long tables"));
    // No id column: the rows are not read (every row would repeat it).
    let err = read_err("name,needs_met\nX,high\n");
    assert_eq!(
        err.issues[0].message.en,
        "no id (or ID) column (every community needs one)"
    );
    // Long: a wide dimension column in a long table, and no rating column.
    let err = read_err("id,name,dimension,needs_met\nx,X,rules,high\n");
    assert_eq!(
        where_(&err),
        [
            ("columns".into(), IssueCode::Missing),
            ("columns.needs_met".into(), IssueCode::UnknownField),
        ]
    );
}

#[test]
fn long_sheet_problems() {
    let text = "id,name,mode,dimension,level,rater,evidence,note\n\
                c1,One,政府主导型,needs_met,high,ann,,\n\
                c1,One,社工助推型,needs_met,low,ann,,\n\
                c1,Uno,,rules,,,some quote,\n\
                ,One,,rules,high,,,\n\
                c1,One,,,high,,,\n";
    let err = read_err(text);
    assert_eq!(
        where_(&err),
        [
            ("rows[1].mode".into(), IssueCode::Inconsistent),
            ("rows[1].dimension".into(), IssueCode::Duplicate),
            ("rows[2].name".into(), IssueCode::Inconsistent),
            ("rows[2].evidence".into(), IssueCode::Inconsistent),
            ("rows[3].id".into(), IssueCode::Missing),
            ("rows[4].dimension".into(), IssueCode::Missing),
        ]
    );
    let dup = &err.issues[1].message;
    assert!(dup.en.starts_with(
        "dimension needs_met of \"c1\" is already rated on row 0, differently, by the same rater (or with no rater). For several coders, name each in the rater column"
    ), "{}", dup.en);
    assert!(dup.zh.contains("评定人"));
    assert!(err.issues[0]
        .message
        .en
        .starts_with("mode of \"c1\" differs from row 0"));
}

#[test]
fn duplicate_wide_rows_and_extra_cells() {
    let blank = ",".repeat(8);
    let text = format!(
        "{h}\nx,X,,,{blank}\ny,Y,,,{blank}\nx,X2,,,{blank}\nx,X,,recovery,{blank},extra\n",
        h = wide_header()
    );
    let err = read_err(&text);
    assert_eq!(
        where_(&err),
        [
            ("rows[2].id".into(), IssueCode::Duplicate),
            ("rows[3]".into(), IssueCode::InvalidValue),
        ]
    );
    assert!(err.issues[0]
        .message
        .en
        .starts_with("the same assessment as row 0"));
}

#[test]
fn problems_are_capped_and_counted() {
    let mut text = wide_header();
    text.push('\n');
    for i in 0..60 {
        text.push_str(&format!("c{i},C,,,,2,,,,,,,\n"));
    }
    let err = read_err(&text);
    assert_eq!(err.issues.len(), MAX_ISSUES);
    assert_eq!(
        err.message.en,
        "the table could not be read as assessments (60 problems in all; the first 50 follow)"
    );
    assert_eq!(
        err.message.zh,
        "表格无法读取为评估(共 60 个问题,下列前 50 个)"
    );
    assert_eq!(err.issues[49].path, path!["rows", 49, "needs_met"]);
}

#[test]
fn empty_tables() {
    assert_eq!(read_err("").code, ErrorCode::TableInvalid);
    let err = read_err(&format!("{}\n", wide_header()));
    assert_eq!(where_(&err), [("rows".into(), IssueCode::Missing)]);
    assert!(read_records(&[], paper(), None).is_err());
}

#[test]
fn rows_of_objects_take_numbers_booleans_and_nulls() {
    let mut row = Map::new();
    row.insert("id".into(), json!(7));
    row.insert("name".into(), json!("Seven"));
    row.insert("date".into(), Value::Null);
    for d in Dimension::ALL {
        row.insert(d.id().into(), Value::Null);
    }
    row.insert("needs_met.score".into(), json!(62.5));
    row.insert("rules.coped".into(), json!(true));
    row.insert("rules.developed".into(), json!(0));
    row.insert("it_use".into(), json!("高"));
    let r = read_records(&[row], paper(), None).unwrap();
    let a = &r.assessments[0];
    assert_eq!(a.id, "7");
    assert!(
        matches!(a.rating("needs_met").unwrap().value, RatingValue::Score(s) if s.get() == 62.5)
    );
    assert!(
        matches!(a.rating("rules").unwrap().value, RatingValue::Answers(x) if x.coped && !x.developed)
    );
    assert_eq!(a.level_of(Dimension::ItUse), Some(Level::High));
    // Keys absent from some rows are empty cells; an evidence list is taken as is (long).
    let rows = vec![
        obj(
            json!({"id": "a", "name": "A", "dimension": "rules", "level": "low",
                   "evidence": [{"quote": "q", "source": "s"}]}),
        ),
        obj(json!({"id": "a", "dimension": "it_use", "score": 40})),
    ];
    let r = read_records(&rows, paper(), None).unwrap();
    assert_eq!(r.layout, Layout::Long);
    let a = &r.assessments[0];
    assert_eq!(a.name, "A");
    assert_eq!(
        a.rating("rules").unwrap().evidence[0].source.as_deref(),
        Some("s")
    );
}

#[test]
fn ambiguous_labels_ask_for_the_id() {
    let fw = Framework::from_json(
        &json!({
            "schema_version": 1, "id": "amb", "labels": {"en": "Amb"},
            "levels": [{"id": "lo", "labels": {"en": "Low"}}, {"id": "hi", "labels": {"en": "Low"}}],
            "attributes": [{"id": "a", "labels": {"en": "A"}}],
            "dimensions": [{"id": "d1", "attribute": "a", "labels": {"en": "One"}},
                           {"id": "d2", "attribute": "a", "labels": {"en": "Two"}}]
        })
        .to_string(),
    )
    .unwrap();
    let err = read_csv("id,name,One,d2\nx,X,low,hi\n", &fw, None).unwrap_err();
    assert_eq!(err.issues.len(), 1);
    assert_eq!(err.issues[0].path, path!["rows", 0, "One"]);
    assert_eq!(
        err.issues[0].message.en,
        "\"low\" is the label of several values (lo, hi); write the id (CSV line 2)"
    );
}

// ---------------------------------------------------------------------------------------------
// writing and round trips
// ---------------------------------------------------------------------------------------------

fn examples() -> Vec<Assessment> {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../");
    let mut list = renxing::cases().to_vec();
    for f in [
        "examples/riverside-zh.json",
        "examples/hillside-scores-answers.json",
    ] {
        let text = std::fs::read_to_string(format!("{root}{f}")).unwrap();
        list.push(Assessment::parse(&text, paper()).unwrap());
    }
    let mut meta = renxing::case("b").unwrap();
    meta.id = "with-meta".into();
    meta.metadata.insert("district".into(), json!("东区"));
    meta.metadata.insert("households".into(), json!(1200));
    meta.date = "2024-02-29".parse().ok();
    meta.phase = Some(Phase::Learning);
    list.push(meta);
    list
}

/// What the wide form keeps.
fn wide_part(a: &Assessment) -> Assessment {
    let mut a = a.clone();
    a.metadata.clear();
    for r in a.ratings.values_mut().flatten() {
        r.evidence.clear();
        r.rater = None;
        r.note = None;
    }
    a
}

#[test]
fn round_trips_in_every_layout_and_language() {
    let list = examples();
    for layout in [Layout::Wide, Layout::Long] {
        for headers in [Headers::Ids, Headers::Zh, Headers::En] {
            let out = write(&list, paper(), &WriteOptions { layout, headers });
            let want: Vec<Assessment> = match layout {
                Layout::Wide => list.iter().map(wide_part).collect(),
                _ => list.clone(),
            };
            for bom in [false, true] {
                let back = read_csv(&out.to_csv(bom), paper(), None)
                    .unwrap_or_else(|e| panic!("{layout} {headers}: {e}"));
                assert_eq!(back.layout, layout);
                assert_eq!(back.assessments, want, "{layout} {headers} csv");
            }
            let back = read_records(&out.to_records(), paper(), None).unwrap();
            assert_eq!(back.assessments, want, "{layout} {headers} rows");
        }
    }
}

#[test]
fn written_tables_look_as_documented() {
    let list = examples();
    let wide = write(&list, paper(), &WriteOptions::default());
    assert_eq!(
        wide.columns,
        [
            "id",
            "name",
            "mode",
            "phase",
            "date",
            "needs_met",
            "needs_met.score",
            "resource_linkage",
            "resource_linkage.coped",
            "resource_linkage.developed",
            "rules",
            "rules.coped",
            "rules.developed",
            "emergency_knowledge",
            "emergency_knowledge.score",
            "volunteer_teams",
            "it_use",
            "government_connectivity",
            "government_connectivity.coped",
            "government_connectivity.developed",
            "resident_connectivity",
            "resident_connectivity.score"
        ]
    );
    assert_eq!(wide.omitted, ["evidence", "rater", "note", "metadata"]);
    let csv = wide.to_csv(false);
    let hillside = csv
        .lines()
        .find(|l| l.starts_with("hillside-2023"))
        .unwrap();
    assert_eq!(
        hillside,
        "hillside-2023,Hillside community,digital_embedded,recovery,2023-03-01,,80,,true,true,,true,false,,25,,high,,false,true,,62.5"
    );
    let zh = write(
        &list[..1],
        paper(),
        &WriteOptions {
            layout: Layout::Wide,
            headers: Headers::Zh,
        },
    );
    assert_eq!(
        &zh.columns[..6],
        ["编号", "名称", "模式", "阶段", "日期", "满足需求"]
    );
    assert_eq!(zh.rows[0][2], json!("社工助推型"));
    let long = write(
        &list,
        paper(),
        &WriteOptions {
            layout: Layout::Long,
            headers: Headers::En,
        },
    );
    assert_eq!(
        long.columns,
        [
            "ID",
            "Name",
            "Mode",
            "Phase",
            "Date",
            "Dimension",
            "Level",
            "Score",
            "Coped",
            "Developed",
            "Evidence",
            "Rater",
            "Note",
            "Metadata"
        ]
    );
    assert!(long.omitted.is_empty());
    assert_eq!(
        long.rows.len(),
        list.len() * 8,
        "one row per dimension, unrated ones too"
    );
    let text = long.to_csv(false);
    assert!(
        text.contains(",yes,no,"),
        "answers in the headers' language"
    );
    let meta = text.lines().find(|l| l.starts_with("with-meta")).unwrap();
    assert!(
        meta.ends_with(r#""district"":""东区"",""households"":1200}""#),
        "{meta}"
    );
}

#[test]
fn the_chinese_example_sheet_reads() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/");
    for f in ["communities-zh.csv", "communities-long-zh.csv"] {
        let text = std::fs::read_to_string(format!("{root}{f}")).unwrap();
        let r = read_csv(&text, paper(), None).unwrap_or_else(|e| panic!("{f}: {e}"));
        assert_eq!(r.assessments.len(), 4, "{f}");
        let ids: Vec<&str> = r.assessments.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["hexi", "dongcheng", "nanhu", "beiyuan"], "{f}");
        assert!(r.assessments.iter().all(|a| a.validate(paper()).is_ok()));
    }
    // The two sheets hold the same ratings (the long one adds evidence, raters and notes).
    let wide = read_ok(&std::fs::read_to_string(format!("{root}communities-zh.csv")).unwrap());
    let long = read_ok(&std::fs::read_to_string(format!("{root}communities-long-zh.csv")).unwrap());
    let long: Vec<Assessment> = long.iter().map(wide_part).collect();
    assert_eq!(wide, long);
}

#[test]
fn a_long_sheet_with_a_rater_column_gives_multi_coder_assessments() {
    // the notebook user's two-coder sheet: Chinese headers and labels, evidence per coder
    let text = "社区,名称,维度,评定人,等级,证据\n\
                hx,河西社区,满足需求,ann,高,居民需求及时响应\n\
                hx,河西社区,满足需求,bo,中,老人药品迟到\n\
                hx,河西社区,规章制度,ann,低,\n\
                hx,河西社区,规章制度,bo,高,\n\
                hx,河西社区,信息技术运用,ann,中,\n\
                dc,东城社区,满足需求,ann,低,\n\
                dc,东城社区,满足需求,bo,低,\n";
    let text = text.replacen("社区,", "编号,", 1);
    let list = read_ok(&text);
    assert_eq!(list.len(), 2);
    let hx = &list[0];
    assert!(hx.is_multi_coder());
    assert_eq!(hx.file_version(), 2);
    let needs = hx.codings_of("needs_met");
    assert_eq!(needs.len(), 2);
    assert_eq!(needs[1].rater.as_deref(), Some("bo"));
    assert_eq!(needs[1].evidence[0].quote.as_deref(), Some("老人药品迟到"));
    assert!(hx.rating("needs_met").is_none());
    assert_eq!(hx.codings_of("it_use").len(), 1); // one coder only: a single coding
    assert!(hx.ratings["volunteer_teams"].is_none());
    // it round-trips as a file
    let back = renxing::Assessment::parse(&hx.to_json(), Framework::paper()).unwrap();
    assert_eq!(&back, hx);
    // written long, one row per coding; read back, the same assessments
    let out = write(
        &list,
        Framework::paper(),
        &WriteOptions {
            layout: Layout::Long,
            headers: Headers::Zh,
        },
    );
    assert!(out.omitted.is_empty());
    assert_eq!(out.rows.len(), 2 * 8 + 2 + 2 - 3 + 1 + 1);
    let again = read_csv(&out.to_csv(false), Framework::paper(), None).unwrap();
    assert_eq!(again.assessments, list);
    let wide = write(&list, Framework::paper(), &WriteOptions::default());
    assert!(wide.omitted.contains(&"codings".to_owned()));
    // a rated row without a rater in a multi-coder assessment is located
    let err = read_err(&text.replace(
        "hx,河西社区,信息技术运用,ann,中",
        "hx,河西社区,信息技术运用,,中",
    ));
    assert_eq!(
        where_(&err),
        [("rows[4].评定人".into(), IssueCode::Missing)]
    );
    // one coder twice, differently
    let err = read_err(&text.replace("规章制度,bo,高", "规章制度,ann,高"));
    assert_eq!(
        where_(&err),
        [("rows[3].评定人".into(), IssueCode::Duplicate)]
    );
    // a coding on an unknown dimension is located at its cell
    let err = read_err(&text.replace("规章制度,bo", "规章,bo"));
    assert_eq!(
        where_(&err),
        [("rows[3].维度".into(), IssueCode::UnknownId)]
    );
    // a level the scale lacks, in a coding, is located at its cell
    let err = read_err(&text.replace("规章制度,bo,高", "规章制度,bo,很高"));
    assert_eq!(
        where_(&err),
        [("rows[3].等级".into(), IssueCode::UnknownId)]
    );
}

//! Labels in an assessment file: a dimension key, a level, a mode or a phase may be written by
//! its id or by a label in any of the framework's languages (`"满足需求": {"level": "高"}`,
//! `"mode": "政府主导型"`), and the two answers as yes/no words (`"coped": "是"`). They are
//! resolved to ids here, once, when the file is read against its framework; the assessment holds
//! ids and is written with ids (the canonical form). An id as written always wins over a label,
//! so every file that read before reads the same. A label that names several values, or a key
//! and a label naming the same dimension, is an issue at the field as written.

use std::collections::BTreeMap;

use crate::error::{Issue, IssueCode, Msg, Path, PathSeg};
use crate::framework::Framework;
use crate::rating::{Rating, RatingValue};
use crate::table::vocab::{Found, Lookup};

use super::Assessment;

/// The dimension keys written as labels: dimension id → the key as written.
pub(super) type Renamed = BTreeMap<String, String>;

/// "`s` is the label of several values": an issue at `at` (zh and en).
pub(super) fn ambiguous(at: Path, what: (&str, &str), s: &str, ids: &[String]) -> Issue {
    let ids = ids.join(", ");
    Issue::new(
        at,
        IssueCode::Inconsistent,
        Msg::new(
            format!("{s:?} 是多个{}的名称({ids});请写 id", what.0),
            format!(
                "{s:?} is the label of several {}s ({ids}); write the id",
                what.1
            ),
        ),
    )
}

/// The id a dimension key names (its id, or a label in any language).
pub(super) fn dimension_id(fw: &Framework, key: &str) -> Found {
    if fw.dimension(key).is_some() {
        return Found::One(usize::MAX);
    }
    Lookup::dimensions(fw).find(key)
}

/// Resolves the dimension keys and levels written as labels to ids, in place. Returns the keys
/// renamed (for locating later issues at the key as written) and the issues of labels that name
/// several values or a dimension twice.
pub(super) fn resolve(a: &mut Assessment, fw: &Framework) -> (Renamed, Vec<Issue>) {
    let mut issues = Vec::new();
    let mut renamed = Renamed::new();
    let unknown_key = a
        .ratings
        .keys()
        .chain(a.codings.keys())
        .any(|k| fw.dimension(k).is_none());
    if unknown_key {
        let dims = Lookup::dimensions(fw);
        let keys: Vec<String> = a.ratings.keys().cloned().collect();
        for key in keys {
            if fw.dimension(&key).is_some() {
                continue;
            }
            match dims.find(&key) {
                Found::One(i) => {
                    let id = dims.id(i).to_owned();
                    if a.ratings.contains_key(&id) {
                        let first = renamed.get(&id).cloned().unwrap_or_else(|| id.clone());
                        issues.push(Issue::new(
                            Path::from("ratings").key(key.as_str()),
                            IssueCode::Duplicate,
                            Msg::new(
                                format!("{key:?} 与 {first:?} 是同一个维度({id});每个维度只写一次"),
                                format!("{key:?} and {first:?} name the same dimension ({id}); write each dimension once"),
                            ),
                        ));
                        continue;
                    }
                    if let Some(r) = a.ratings.remove(&key) {
                        a.ratings.insert(id.clone(), r);
                    }
                    if let Some(c) = a.codings.remove(&key) {
                        a.codings.insert(id.clone(), c);
                    }
                    renamed.insert(id, key);
                }
                Found::Ambiguous(ids) => issues.push(ambiguous(
                    Path::from("ratings").key(key.as_str()),
                    ("维度", "dimension"),
                    &key,
                    &ids,
                )),
                Found::None => {} // reported by the framework check, with the labels listed
            }
        }
    }
    let mut levels: Option<Lookup> = None;
    let mut level = |r: &mut Rating, at: Path, issues: &mut Vec<Issue>| {
        let RatingValue::Level(id) = &mut r.value else {
            return;
        };
        if fw.level_code(id).is_some() {
            return;
        }
        let lookup = levels.get_or_insert_with(|| Lookup::levels(fw));
        match lookup.find(id) {
            Found::One(i) => *id = lookup.id(i).to_owned(),
            Found::Ambiguous(ids) => {
                issues.push(ambiguous(at.key("level"), ("等级", "level"), id, &ids));
            }
            Found::None => {} // reported by the framework check
        }
    };
    for (dim, rating) in &mut a.ratings {
        let at = Path::from("ratings").key(renamed.get(dim).unwrap_or(dim).as_str());
        if let Some(r) = rating {
            level(r, at, &mut issues);
        }
    }
    for (dim, codings) in &mut a.codings {
        let at = Path::from("ratings")
            .key(renamed.get(dim).unwrap_or(dim).as_str())
            .key("codings");
        for (i, c) in codings.iter_mut().enumerate() {
            level(c, at.clone().index(i), &mut issues);
        }
    }
    (renamed, issues)
}

/// Issues found on the resolved assessment, located at the dimension keys as written.
pub(super) fn locate(issues: &mut [Issue], renamed: &Renamed) {
    if renamed.is_empty() {
        return;
    }
    for issue in issues {
        if let [PathSeg::Key(first), PathSeg::Key(dim), ..] = issue.path.0.as_mut_slice() {
            if first == "ratings" {
                if let Some(written) = renamed.get(dim.as_str()) {
                    dim.clone_from(written);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::error::AssessmentError;
    use crate::framework::Framework;
    use crate::ids::{Mode, Phase};
    use crate::rating::{Answers, RatingValue};
    use crate::Assessment;

    const BY_ID: &str = r#"{"schema_version": 1, "id": "c1", "name": "湖畔社区",
        "mode": "government_led", "phase": "response",
        "ratings": {"needs_met": {"level": "high"}, "resource_linkage": {"coped": true, "developed": false},
          "rules": {"score": 71.5}, "it_use": null, "volunteer_teams": {"level": "low"},
          "emergency_knowledge": null, "government_connectivity": {"level": "medium"}, "resident_connectivity": null}}"#;

    fn paper(text: &str) -> Result<Assessment, AssessmentError> {
        Assessment::parse(text, Framework::paper())
    }

    fn issues(text: &str) -> Vec<(String, String, String, String)> {
        match paper(text) {
            Err(AssessmentError::Invalid(list)) => list
                .0
                .iter()
                .map(|i| {
                    (
                        i.path.to_string(),
                        i.code.as_str().to_owned(),
                        i.message.zh.clone(),
                        i.message.en.clone(),
                    )
                })
                .collect(),
            other => panic!("expected issues, got {other:?}"),
        }
    }

    #[test]
    fn labels_in_chinese_read_as_the_ids_and_write_back_as_ids() {
        let zh = r#"{"schema_version": 1, "id": "c1", "name": "湖畔社区",
            "mode": "政府主导型", "phase": "应对",
            "ratings": {"满足需求": {"level": "高"}, "资源链接": {"coped": "是", "developed": "否"},
              "规章制度": {"score": 71.5}, "信息技术运用": null, "专业志愿队伍": {"level": "低"},
              "应急知识储备": null, "与政府连通": {"level": "中"}, "与居民连通": null}}"#;
        let by_id = paper(BY_ID).expect("ids read");
        let a = paper(zh).expect("labels read");
        assert_eq!(a, by_id);
        assert_eq!(a.mode, Some(Mode::GovernmentLed));
        assert_eq!(a.phase, Some(Phase::Response));
        assert_eq!(
            a.rating("needs_met").map(|r| &r.value),
            Some(&RatingValue::Level("high".into()))
        );
        assert_eq!(
            a.rating("resource_linkage").map(|r| &r.value),
            Some(&RatingValue::Answers(Answers {
                coped: true,
                developed: false
            }))
        );
        // written canonically, with ids; the written file reads back equal
        let text = a.to_json();
        assert!(
            text.contains("\"needs_met\"") && !text.contains("满足需求"),
            "{text}"
        );
        assert!(text.contains("\"government_led\"") && text.contains("\"coped\": true"));
        assert_eq!(paper(&text), Ok(by_id));
    }

    #[test]
    fn english_labels_any_case_and_codings_are_read() {
        let en = BY_ID
            .replace("\"government_led\"", "\"Government led\"")
            .replace(
                "\"needs_met\": {\"level\": \"high\"}",
                "\"Needs met\": {\"level\": \"HIGH\"}",
            )
            .replace("\"coped\": true", "\"coped\": \"yes\"");
        assert_eq!(paper(&en), paper(BY_ID));
        let coded = BY_ID.replace("\"schema_version\": 1", "\"schema_version\": 2").replace(
            "\"needs_met\": {\"level\": \"high\"}",
            "\"满足需求\": {\"codings\": [{\"rater\": \"ann\", \"level\": \"高\"}, {\"rater\": \"bo\", \"level\": \"Medium\"}]}",
        );
        let a = paper(&coded).expect("codings with labels read");
        let levels: Vec<_> = a
            .codings_of("needs_met")
            .iter()
            .map(|c| c.value.clone())
            .collect();
        assert_eq!(
            levels,
            [
                RatingValue::Level("high".into()),
                RatingValue::Level("medium".into())
            ]
        );
    }

    #[test]
    fn unknown_and_ambiguous_labels_are_issues_at_the_field_as_written() {
        let bad = BY_ID
            .replace(
                "\"needs_met\": {\"level\": \"high\"}",
                "\"满足需求\": {\"level\": \"很高\"}",
            )
            .replace("\"government_led\"", "\"政府型\"");
        let got = issues(&bad);
        let paths: Vec<&str> = got.iter().map(|i| i.0.as_str()).collect();
        assert_eq!(paths, ["mode", "ratings.满足需求.level"], "{got:?}");
        assert_eq!(got[1].1, "unknown_id");
        assert!(got[1].2.contains("\"很高\" 不是等级") && got[1].2.contains("high (High, 高)"));
        assert!(got[1].3.contains("\"很高\" is not a level"));
        assert!(
            got[0].2.contains("\"政府型\"")
                && got[0]
                    .3
                    .contains("government_led (Government led, 政府主导型)"),
            "{got:?}"
        );
        // a dimension named by its id and by its label
        let twice = BY_ID.replace(
            "\"rules\": {\"score\": 71.5}",
            "\"rules\": {\"score\": 71.5}, \"规章制度\": null",
        );
        let got = issues(&twice);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(
            (got[0].0.as_str(), got[0].1.as_str()),
            ("ratings.规章制度", "duplicate")
        );
        assert!(got[0].3.contains("name the same dimension (rules)"));
        // a structural problem elsewhere does not hide nor invent dimension problems
        let both = BY_ID
            .replace("\"needs_met\"", "\"满足需求\"")
            .replace("\"score\": 71.5", "\"score\": 171.5");
        let got = issues(&both);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].0, "ratings.rules.score");
        // a yes/no word that is not one
        let got = issues(&BY_ID.replace("\"coped\": true", "\"coped\": \"也许\""));
        assert_eq!(got[0].0, "ratings.resource_linkage.coped");
        assert!(got[0].2.contains("\"是\"/\"否\"") && got[0].3.contains("\"也许\""));
    }

    #[test]
    fn an_ambiguous_label_of_a_custom_framework_is_refused_and_ids_win() {
        let mut fw = Framework::paper().clone();
        // medium's English label is the other level's id, and low and high share a label
        fw.levels[1].labels = crate::lang::Labels::from_pairs([("en", "high")]);
        fw.levels[0].labels = crate::lang::Labels::from_pairs([("zh", "极")]);
        fw.levels[2].labels = crate::lang::Labels::from_pairs([("zh", "极")]);
        fw.id = "custom".into();
        let text = BY_ID.replace(
            "\"schema_version\": 1,",
            "\"schema_version\": 1, \"framework\": \"custom\",",
        );
        let a = Assessment::parse(&text, &fw).expect("ids win over labels");
        assert_eq!(
            a.rating("needs_met").map(|r| &r.value),
            Some(&RatingValue::Level("high".into()))
        );
        let Err(AssessmentError::Invalid(list)) = Assessment::parse(
            &text.replace("\"level\": \"high\"", "\"level\": \"极\""),
            &fw,
        ) else {
            panic!("ambiguous must fail")
        };
        assert_eq!(list.0.len(), 1, "{list:?}");
        assert_eq!(list.0[0].path.to_string(), "ratings.needs_met.level");
        assert_eq!(list.0[0].code.as_str(), "inconsistent");
        assert!(list.0[0]
            .message
            .en
            .contains("\"极\" is the label of several levels (low, high)"));
        assert!(list.0[0]
            .message
            .zh
            .contains("\"极\" 是多个等级的名称(low, high)"));
    }
}

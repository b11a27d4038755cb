//! Assessments handed to the operations typed ([`AssessmentInput::Typed`], as the CLI does after
//! reading files) give exactly what their file form gives: the same response, the same errors at
//! the same places, the same serialised request.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use renxing::{Assessment, Framework, Path};
use renxing_ops::args::AssessmentInput;
use renxing_ops::{Compare, CompareRequest, Ctx, Operation, RenderText, TextKind, TextRequest};
use serde_json::{json, Value};

fn file(name: &str) -> Value {
    let path = format!("{}/../../examples/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn typed(v: &Value) -> AssessmentInput {
    let a = Assessment::from_value_in(v, Framework::paper()).expect("a valid example");
    AssessmentInput::from(a)
}

fn inputs() -> Vec<Value> {
    let mut third = file("riverside-zh.json");
    third["id"] = json!("riverside-2");
    third["name"] = json!("Riverside (second visit)");
    let mut list: Vec<Value> = ["riverside-zh.json", "hillside-scores-answers.json"]
        .iter()
        .map(|f| file(f))
        .collect();
    list.push(third);
    assert_eq!(list.len(), 3);
    list
}

fn compare(list: Vec<AssessmentInput>) -> Result<renxing::Comparison, renxing::Error> {
    Compare::run(
        CompareRequest {
            assessments: list,
            options: renxing::ScoreOptions::default(),
            framework: None,
        },
        &Ctx::default(),
    )
}

#[test]
fn typed_and_file_forms_compare_alike() {
    let values = inputs();
    let as_files = compare(values.iter().cloned().map(AssessmentInput::from).collect()).unwrap();
    let as_typed = compare(values.iter().map(typed).collect()).unwrap();
    assert_eq!(as_files, as_typed);
    assert_eq!(as_typed.rows.len(), 3);
    let text = |list: Vec<AssessmentInput>| {
        RenderText::run(
            TextRequest {
                kind: TextKind::Comparison,
                assessments: list,
                style: renxing_ops::TextStyle::Text,
                lang: Some(renxing::Lang::En),
                options: renxing::ScoreOptions::default(),
                framework: None,
                phase: None,
                timeline: None,
                curve: None,
                top_remedies: None,
                all_remedies: false,
            },
            &Ctx::default(),
        )
        .unwrap()
        .text
    };
    let t = text(values.iter().map(typed).collect());
    assert_eq!(
        t,
        text(values.into_iter().map(AssessmentInput::from).collect())
    );
    assert!(t.contains("Riverside") || t.contains("riverside"), "{t}");
}

#[test]
fn a_typed_assessment_is_still_validated_and_located() {
    // structurally fine, but a level the framework's scale does not have
    let mut bad = file("riverside-zh.json");
    let first = bad["ratings"]
        .as_object()
        .and_then(|r| r.keys().next().cloned())
        .expect("ratings");
    let a = Assessment::from_value_in(&bad, Framework::paper()).expect("valid");
    bad["ratings"][first.as_str()]["level"] = json!("extreme");
    let mut wrong = a.clone();
    // the typed form of the same mistake: an unknown dimension id
    wrong.rate_id("no_such_dimension", None);
    let list = vec![
        AssessmentInput::from(file("hillside-scores-answers.json")),
        AssessmentInput::from(wrong),
    ];
    let e = compare(list).expect_err("an unknown dimension");
    assert_eq!(e.code(), renxing::ErrorCode::AssessmentInvalid);
    let at = e.path().expect("located");
    assert!(
        at.to_string()
            .starts_with(&Path::from("assessments").index(1).to_string()),
        "{at}"
    );
    // the file form of an invalid level is located the same way
    let list = vec![
        AssessmentInput::from(file("hillside-scores-answers.json")),
        AssessmentInput::from(bad),
    ];
    let e = compare(list).expect_err("an unknown level");
    assert!(
        e.path()
            .expect("located")
            .to_string()
            .starts_with("assessments[1]"),
        "{e:?}"
    );
}

#[test]
fn a_typed_assessment_serialises_as_its_file_form() {
    let v = file("riverside-zh.json");
    let t = typed(&v);
    let a = Assessment::from_value_in(&v, Framework::paper()).unwrap();
    assert_eq!(serde_json::to_value(&t).unwrap(), a.to_value());
    // and reads back as the file form, which compares alike
    let back: AssessmentInput = serde_json::from_value(serde_json::to_value(&t).unwrap()).unwrap();
    assert!(matches!(back, AssessmentInput::File(_)));
    assert_eq!(compare(vec![back]).unwrap(), compare(vec![t]).unwrap());
}

//! docs/assessment.schema.json is a copy of the schema the library ships.

#[test]
fn docs_schema_equals_the_library_schema() {
    let doc = include_str!("../../../docs/assessment.schema.json");
    assert_eq!(doc, renxing::schema::ASSESSMENT_SCHEMA);
    assert!(doc.contains("\"schema_version\""));
}

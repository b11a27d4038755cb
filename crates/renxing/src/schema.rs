//! The JSON Schema (draft 2020-12) of the assessment file.
//!
//! The schema checks the file's structure; the ids of dimensions and levels depend on the
//! framework and are checked by [`Assessment::validate`](crate::Assessment::validate).

/// The JSON Schema of assessment files, as text (also in `docs/assessment.schema.json`).
pub const ASSESSMENT_SCHEMA: &str = include_str!("../schema/assessment.schema.json");

//! The arguments most requests share, and how they are resolved — once, for every front end:
//! the framework (absent, the paper's id, or a framework object), assessments (validated against
//! it, problems located inside the request), scoring options and the language.

use std::borrow::Cow;
use std::sync::{Arc, LazyLock};

use renxing::{
    path, Assessment, AssessmentError, Engine, Error, Framework, Lang, Path, PathSeg, ScoreError,
    ScoreOptions,
};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::Ctx;

static PAPER: LazyLock<Arc<Framework>> = LazyLock::new(|| Arc::new(Framework::paper().clone()));

/// The paper's framework, shared.
#[must_use]
pub fn paper() -> Arc<Framework> {
    Arc::clone(&PAPER)
}

/// A framework in a request: the paper's id (`"sanshe-liandong-2022"`), or a framework object
/// (the JSON form of a framework file). Absent: the framework the caller holds, else the paper's.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum FrameworkArg {
    /// The id of the built-in framework.
    Id(String),
    /// A framework object, validated on use.
    Inline(#[schemars(with = "Framework")] Value),
}

/// Resolves the `framework` field of a request.
///
/// # Errors
/// An unknown id ([`renxing::ErrorCode::UnknownId`]) or an invalid framework, located at
/// `framework`.
pub fn framework(arg: Option<&FrameworkArg>, ctx: &Ctx) -> Result<Arc<Framework>, Error> {
    match arg {
        None => Ok(ctx.framework.clone().unwrap_or_else(paper)),
        Some(FrameworkArg::Id(id)) if id == renxing::PAPER_FRAMEWORK_ID => Ok(paper()),
        Some(FrameworkArg::Id(id)) => match &ctx.framework {
            Some(fw) if &fw.id == id => Ok(Arc::clone(fw)),
            _ => Err(renxing::IdError::new(
                renxing::Text {
                    zh: "框架 id",
                    en: "framework id",
                },
                id,
                &[renxing::PAPER_FRAMEWORK_ID],
            )
            .into()),
        },
        Some(FrameworkArg::Inline(v)) => {
            Framework::from_value(v).map(Arc::new).map_err(|e| match e {
                renxing::FrameworkError::Invalid(i) => {
                    renxing::FrameworkError::Invalid(i.under(&Path::from("framework"))).into()
                }
                renxing::FrameworkError::Limit(mut e) => {
                    e.path = e.path.under(&Path::from("framework"));
                    renxing::FrameworkError::Limit(e).into()
                }
                other => other.into(),
            })
        }
    }
}

/// Validates an assessment of a request against the framework; its problems are located under
/// `at` (e.g. `assessment` or `assessments[2]`).
///
/// # Errors
/// [`renxing::ErrorCode::AssessmentInvalid`] listing every problem.
pub fn assessment(value: &Value, fw: &Framework, at: &Path) -> Result<Assessment, Error> {
    Assessment::from_value_in(value, fw).map_err(|e| located(e, at))
}

fn located(e: AssessmentError, at: &Path) -> Error {
    match e {
        AssessmentError::Invalid(i) => AssessmentError::Invalid(i.under(at)).into(),
        other => other.into(),
    }
}

/// An assessment in a request: its file form as sent (JSON, Python, JS: always this), or, for a
/// Rust caller that holds one already (the CLI after the `read_assessments` operation), the
/// typed assessment — validated against the request's framework like the file form, without
/// being written out and parsed again. Serialises as the file form either way.
#[derive(Clone, Debug, PartialEq)]
pub enum AssessmentInput {
    /// The file form (a JSON object), as every front end sends it.
    File(Value),
    /// An assessment already read.
    Typed(Box<Assessment>),
    /// An assessment already read, validated and shared: what a held request
    /// ([`crate::held::Prepared`]) holds, so that running it again neither parses, copies nor
    /// re-validates it here (the scoring engine still checks it against its framework, so one
    /// held with another framework is refused, its problems named from the assessment's root).
    Shared(Arc<Assessment>),
}

impl AssessmentInput {
    /// The file form (JSON object): as sent, or written from the typed assessment.
    #[must_use]
    pub fn into_value(self) -> Value {
        match self {
            AssessmentInput::File(v) => v,
            AssessmentInput::Typed(a) => a.to_value(),
            AssessmentInput::Shared(a) => a.to_value(),
        }
    }

    /// The assessment, validated against `fw`; problems located under `at`.
    ///
    /// # Errors
    /// [`renxing::ErrorCode::AssessmentInvalid`] listing every problem.
    pub fn into_assessment(self, fw: &Framework, at: &Path) -> Result<Assessment, Error> {
        match self {
            AssessmentInput::File(v) => assessment(&v, fw, at),
            AssessmentInput::Typed(a) => {
                a.validate(fw).map_err(|e| located(e, at))?;
                Ok(*a)
            }
            AssessmentInput::Shared(a) => {
                a.validate(fw).map_err(|e| located(e, at))?;
                Ok(Arc::unwrap_or_clone(a))
            }
        }
    }

    /// The assessment, validated against `fw` (a [`AssessmentInput::Shared`] one was when it
    /// was held), borrowed when it is held typed (no copy); problems located under `at`.
    ///
    /// # Errors
    /// [`renxing::ErrorCode::AssessmentInvalid`] listing every problem.
    pub fn resolve(&self, fw: &Framework, at: &Path) -> Result<Cow<'_, Assessment>, Error> {
        match self {
            AssessmentInput::File(v) => assessment(v, fw, at).map(Cow::Owned),
            AssessmentInput::Typed(a) => {
                a.validate(fw).map_err(|e| located(e, at))?;
                Ok(Cow::Borrowed(a.as_ref()))
            }
            // validated when it was held; the engine checks it again
            AssessmentInput::Shared(a) => Ok(Cow::Borrowed(a.as_ref())),
        }
    }
}

impl From<Value> for AssessmentInput {
    fn from(v: Value) -> Self {
        AssessmentInput::File(v)
    }
}

impl From<Assessment> for AssessmentInput {
    fn from(a: Assessment) -> Self {
        AssessmentInput::Typed(Box::new(a))
    }
}

impl Serialize for AssessmentInput {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            AssessmentInput::File(v) => v.serialize(s),
            AssessmentInput::Typed(a) => a.serialize(s),
            AssessmentInput::Shared(a) => a.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for AssessmentInput {
    /// Always the file form: it is validated against the framework when the operation runs.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Value::deserialize(d).map(AssessmentInput::File)
    }
}

/// Validates every assessment of a list given as [`AssessmentInput`]s (`assessments[i]`).
///
/// # Errors
/// The first invalid one, located at its index.
pub fn take_assessments(
    list: Vec<AssessmentInput>,
    fw: &Framework,
) -> Result<Vec<Assessment>, Error> {
    list.into_iter()
        .enumerate()
        .map(|(i, a)| a.into_assessment(fw, &Path::from("assessments").index(i)))
        .collect()
}

/// The assessment to score: resolved by `consensus` when a rule is given (its errors located
/// under `consensus`); otherwise, a dimension holding several coders' codings and no value is
/// an error (`consensus_required`) located at `at.ratings.<dimension>`.
///
/// # Errors
/// `consensus_required`, or the consensus's own errors (`agreement_input`).
pub fn scorable(
    a: Assessment,
    fw: &Framework,
    consensus: Option<&renxing::agree::ConsensusOptions>,
    at: &Path,
) -> Result<Assessment, Error> {
    scorable_ref(Cow::Owned(a), fw, consensus, at).map(Cow::into_owned)
}

/// [`scorable`] of a borrowed assessment: borrowed still when there is nothing to resolve.
///
/// # Errors
/// As [`scorable`].
pub fn scorable_ref<'a>(
    a: Cow<'a, Assessment>,
    fw: &Framework,
    consensus: Option<&renxing::agree::ConsensusOptions>,
    at: &Path,
) -> Result<Cow<'a, Assessment>, Error> {
    if let Some(c) = consensus {
        return Ok(Cow::Owned(
            renxing::agree::resolve_assessment(&a, fw, c)?.assessment,
        ));
    }
    let pending: Vec<String> = fw
        .dimensions
        .iter()
        .filter(|d| !a.codings_of(&d.id).is_empty() && a.rating(&d.id).is_none())
        .map(|d| d.id.clone())
        .collect();
    if let Some(first) = pending.first() {
        let e = Error::from(ScoreError::ConsensusRequired {
            dimensions: pending.clone(),
        });
        // the core names `ratings.<dimension>`; the request names it under `at`
        let located = |m: String| m.replacen("ratings.", &format!("{at}.ratings."), 1);
        return Err(renxing::Problem::new(
            renxing::ErrorCode::ConsensusRequired,
            renxing::Msg::new(located(e.message(Lang::Zh)), located(e.message(Lang::En))),
        )
        .at(at.clone().key("ratings").key(first.as_str()))
        .into());
    }
    Ok(a)
}

/// Validates every assessment of a list (`assessments[i]`).
///
/// # Errors
/// The first invalid one, located at its index.
pub fn assessments(values: &[Value], fw: &Framework) -> Result<Vec<Assessment>, Error> {
    values
        .iter()
        .enumerate()
        .map(|(i, v)| assessment(v, fw, &Path::from("assessments").index(i)))
        .collect()
}

/// Compiles the scoring engine; weight problems are located under `options`.
///
/// # Errors
/// A weight that is negative, not finite, names an unknown id or leaves a group all zero.
pub fn engine<'f>(fw: &'f Framework, options: &ScoreOptions) -> Result<Engine<'f>, Error> {
    Engine::new(fw, options).map_err(|e| options_error(e).into())
}

/// Re-roots a scoring-options error under `options`.
#[must_use]
pub fn options_error(e: ScoreError) -> ScoreError {
    let opt = Path::from("options");
    match e {
        ScoreError::InvalidWeight { path, value } => ScoreError::InvalidWeight {
            path: path.under(&opt),
            value,
        },
        ScoreError::UnknownWeightTarget {
            path,
            id,
            framework,
        } => ScoreError::UnknownWeightTarget {
            path: path.under(&opt),
            id,
            framework,
        },
        ScoreError::AllWeightsZero { path } => ScoreError::AllWeightsZero {
            path: path.under(&opt),
        },
        other => other,
    }
}

/// The language of a request's output: its own `lang`, else the caller's.
#[must_use]
pub fn lang(arg: Option<Lang>, ctx: &Ctx) -> Lang {
    arg.unwrap_or(ctx.lang)
}

/// Re-roots the path (and the issues' paths) of an error a core method gave: the core names
/// fields relative to the part of the request it read (`values`, `factors[0].share`), a request
/// names them from its root (`data.values`, `uncertainty.factors[0].share`). `route` gives the
/// request's path for a core path, or `None` to keep it.
#[must_use]
pub fn reroot(e: Error, route: impl Fn(&[PathSeg]) -> Option<Path>) -> Error {
    match e {
        Error::Other(mut p) => {
            if let Some(old) = p.path.clone() {
                if let Some(new) = route(old.segments()) {
                    // the message names the field as the core did: name it as the request does
                    let (from, to) = (old.to_string(), new.to_string());
                    for m in [&mut p.message.zh, &mut p.message.en] {
                        if !from.is_empty() && m.starts_with(&from) {
                            m.replace_range(..from.len(), &to);
                        }
                    }
                    p.path = Some(new);
                }
            }
            for i in &mut p.issues {
                if let Some(new) = route(i.path.segments()) {
                    i.path = new;
                }
            }
            Error::Other(p)
        }
        other => other,
    }
}

/// A route for [`reroot`]: a path whose first key is in one of the lists goes under that list's
/// parent field (`("data", &["units", "values"])`: `values[3]` → `data.values[3]`).
#[must_use]
pub fn by_first_key(path: &[PathSeg], table: &[(&str, &[&str])]) -> Option<Path> {
    let PathSeg::Key(first) = path.first()? else {
        return None;
    };
    let (parent, _) = table
        .iter()
        .find(|(_, keys)| keys.contains(&first.as_str()))?;
    Some(Path::from(*parent).join(&Path(path.to_vec())))
}

/// The fields of a dataset and of a pipeline, as the composite methods name them.
pub const DATA_KEYS: &[&str] = &["units", "indicators", "values", "hierarchy", "unit_groups"];
/// The fields of a pipeline.
pub const PIPELINE_KEYS: &[&str] = &["steps"];
/// The fields of a QCA table.
pub const QCA_TABLE_KEYS: &[&str] = &["cases", "conditions", "outcome", "values", "outcome_values"];

/// A dataset path: `values[r][c]` (unit, indicator) is `data.values[r × indicators + c]` in the
/// request's flat list; the other fields go under `data`, the steps under `pipeline`.
#[must_use]
pub fn dataset_path(path: &[PathSeg], indicators: usize) -> Option<Path> {
    match path {
        [PathSeg::Key(k), PathSeg::Index(r), PathSeg::Index(c), rest @ ..] if k == "values" => {
            let mut p = path!["data", "values", r * indicators + c];
            p.0.extend(rest.iter().cloned());
            Some(p)
        }
        _ => by_first_key(path, &[("data", DATA_KEYS), ("pipeline", PIPELINE_KEYS)]),
    }
}

/// A QCA table path: `values[r][c]` (case, condition) is `table.values[r × conditions + c]` in
/// the request's flat list; the other fields go under `table`.
#[must_use]
pub fn qca_table_path(path: &[PathSeg], conditions: usize) -> Option<Path> {
    match path {
        [PathSeg::Key(k), PathSeg::Index(r), PathSeg::Index(c), rest @ ..] if k == "values" => {
            let mut p = path!["table", "values", r * conditions + c];
            p.0.extend(rest.iter().cloned());
            Some(p)
        }
        _ => by_first_key(path, &[("table", QCA_TABLE_KEYS)]),
    }
}

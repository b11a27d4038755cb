//! Ratings of one dimension and the paper's rating rule (FRAMEWORK.md §2).

use std::fmt;

use serde::{Serialize, Serializer};

use crate::ids::Level;

/// The answers to the paper's two questions about a community's performance in an emergency.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Answers {
    /// 有效应对风险: did the community cope effectively with the emergency?
    pub coped: bool,
    /// 社区得到发展: did it develop beyond its pre-event state?
    pub developed: bool,
}

/// The outcome of the rating rule: a level, and whether the answers were inconsistent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
pub struct RuleOutcome {
    /// The level.
    pub level: Level,
    /// `true` for "developed but did not cope", which the paper does not allow: the level is
    /// `low` and the caller should surface the inconsistency.
    pub inconsistent: bool,
}

/// The paper's rule: coped and developed → high; coped only → medium; not coped → low.
/// "Developed but did not cope" gives `low` with `inconsistent = true`.
///
/// ```
/// use renxing::{rate, Level};
/// assert_eq!(rate(true, true).level, Level::High);
/// assert_eq!(rate(true, false).level, Level::Medium);
/// let odd = rate(false, true);
/// assert_eq!((odd.level, odd.inconsistent), (Level::Low, true));
/// ```
#[must_use]
pub const fn rate(coped: bool, developed: bool) -> RuleOutcome {
    match (coped, developed) {
        (true, true) => RuleOutcome {
            level: Level::High,
            inconsistent: false,
        },
        (true, false) => RuleOutcome {
            level: Level::Medium,
            inconsistent: false,
        },
        (false, false) => RuleOutcome {
            level: Level::Low,
            inconsistent: false,
        },
        (false, true) => RuleOutcome {
            level: Level::Low,
            inconsistent: true,
        },
    }
}

impl Answers {
    /// The rule applied to these answers.
    #[must_use]
    pub const fn outcome(self) -> RuleOutcome {
        rate(self.coped, self.developed)
    }
}

/// A score on the 0–100 scale: finite and within bounds (a validated newtype).
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd)]
pub struct Score(f64);

impl Score {
    /// A score, or `None` if `v` is NaN, infinite or outside 0..=100.
    #[must_use]
    pub fn new(v: f64) -> Option<Score> {
        (v.is_finite() && (0.0..=100.0).contains(&v)).then_some(Score(v))
    }

    /// The value.
    #[must_use]
    pub const fn get(self) -> f64 {
        self.0
    }
}

impl fmt::Display for Score {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl Serialize for Score {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.0)
    }
}

/// How a dimension was rated.
#[derive(Clone, Debug, PartialEq)]
pub enum RatingValue {
    /// A level of the framework's scale, by id (`"high"`): qualitative coding.
    Level(String),
    /// A 0–100 score, e.g. from an indicator pipeline; its level follows the scale's rounding.
    Score(Score),
    /// The paper's two questions; the level follows [`rate`]. Needs a three-level scale.
    Answers(Answers),
}

/// One piece of evidence for a rating: a quote, where it comes from, a note. At least one field
/// is non-empty.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
pub struct Evidence {
    /// A verbatim quote (e.g. from an interview or the paper).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    /// Where the quote comes from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// A free note.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Evidence {
    /// Evidence with a quote and its source.
    #[must_use]
    pub fn quote(quote: impl Into<String>, source: impl Into<String>) -> Self {
        Evidence {
            quote: Some(quote.into()),
            source: Some(source.into()),
            note: None,
        }
    }

    /// Evidence with only a note.
    #[must_use]
    pub fn note(note: impl Into<String>) -> Self {
        Evidence {
            note: Some(note.into()),
            ..Evidence::default()
        }
    }
}

/// The rating of one dimension: its value, the evidence and who rated it.
///
/// In a file: `{"level": "low"}`, `{"score": 42.5}` or `{"coped": true, "developed": false}`,
/// with optional `"evidence": [{"quote", "source", "note"}]`, `"rater"` and `"note"`.
#[derive(Clone, Debug, PartialEq)]
pub struct Rating {
    /// The value.
    pub value: RatingValue,
    /// Evidence, in order.
    pub evidence: Vec<Evidence>,
    /// Who rated (a person, a team, a coding round).
    pub rater: Option<String>,
    /// A free note on the rating.
    pub note: Option<String>,
}

impl Rating {
    fn with_value(value: RatingValue) -> Self {
        Rating {
            value,
            evidence: Vec::new(),
            rater: None,
            note: None,
        }
    }

    /// A rating at a paper level.
    #[must_use]
    pub fn level(level: Level) -> Self {
        Self::with_value(RatingValue::Level(level.id().to_owned()))
    }

    /// A rating at a level id of any framework's scale (checked when the assessment is validated).
    #[must_use]
    pub fn level_id(id: impl Into<String>) -> Self {
        Self::with_value(RatingValue::Level(id.into()))
    }

    /// A rating by score; `None` unless the score is finite and within 0..=100.
    #[must_use]
    pub fn score(score: f64) -> Option<Self> {
        Score::new(score).map(|s| Self::with_value(RatingValue::Score(s)))
    }

    /// A rating by the paper's two questions.
    #[must_use]
    pub fn answers(coped: bool, developed: bool) -> Self {
        Self::with_value(RatingValue::Answers(Answers { coped, developed }))
    }

    /// Adds a piece of evidence.
    #[must_use]
    pub fn with_evidence(mut self, evidence: Evidence) -> Self {
        self.evidence.push(evidence);
        self
    }

    /// Sets the rater.
    #[must_use]
    pub fn with_rater(mut self, rater: impl Into<String>) -> Self {
        self.rater = Some(rater.into());
        self
    }

    /// Sets the note.
    #[must_use]
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }
}

impl Rating {
    fn write_fields<M: serde::ser::SerializeMap>(&self, m: &mut M) -> Result<(), M::Error> {
        match &self.value {
            RatingValue::Level(l) => m.serialize_entry("level", l)?,
            RatingValue::Score(v) => m.serialize_entry("score", v)?,
            RatingValue::Answers(a) => {
                m.serialize_entry("coped", &a.coped)?;
                m.serialize_entry("developed", &a.developed)?;
            }
        }
        if !self.evidence.is_empty() {
            m.serialize_entry("evidence", &self.evidence)?;
        }
        if let Some(r) = &self.rater {
            m.serialize_entry("rater", r)?;
        }
        if let Some(n) = &self.note {
            m.serialize_entry("note", n)?;
        }
        Ok(())
    }
}

impl Serialize for Rating {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(None)?;
        self.write_fields(&mut m)?;
        m.end()
    }
}

/// A dimension entry of a multi-coder file: its consensus rating (if resolved) and its codings.
pub(crate) struct WithCodings<'a> {
    pub(crate) rating: Option<&'a Rating>,
    pub(crate) codings: &'a [Rating],
}

impl Serialize for WithCodings<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(None)?;
        if let Some(r) = self.rating {
            r.write_fields(&mut m)?;
        }
        m.serialize_entry("codings", self.codings)?;
        m.end()
    }
}

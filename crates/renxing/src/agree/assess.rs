//! Assessments of several coders: their codings as reliability data, single-coder files merged
//! into multi-coder assessments, and a multi-coder assessment resolved by a consensus rule.
//!
//! A *community* is an assessment's occasion: its `id`, with `@phase` and `@date` appended when
//! given. A unit of the reliability data is `community/dimension`, its group the dimension.

use std::collections::{BTreeMap, HashMap};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::consensus::{consensus, Consensus, ConsensusOptions};
use super::data::{Coding, ReliabilityData, Scale, Value};
use crate::assessment::{Assessment, ASSESSMENT_SCHEMA_VERSION};
use crate::error::{Error, ErrorCode, Msg, Path, Problem};
use crate::framework::Framework;
use crate::rating::{Evidence, Rating, RatingValue};
use crate::score::{Engine, ScoreOptions};

/// The codings of assessments, ready for [`super::agreement`], [`super::disagreements`] and
/// [`super::consensus`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AssessmentCodings {
    /// The framework's levels as ordered categories labelled with the level ids; numeric (the
    /// codes scale 1..=k, a score `s` at `1 + s/100·(k − 1)`) when any coding is a score.
    pub scale: Scale,
    /// One coding per community × dimension × coder: unit `community/dimension`, group the
    /// dimension id, the coder's evidence as text.
    pub codings: Vec<Coding>,
    /// The communities, in order of first appearance.
    pub communities: Vec<String>,
}

/// The community key of an assessment: `id`, `id@phase`, `id@phase@date` or `id@date`.
#[must_use]
pub fn community_key(a: &Assessment) -> String {
    let mut k = a.id.clone();
    if let Some(p) = a.phase {
        k.push('@');
        k.push_str(p.id());
    }
    if let Some(d) = &a.date {
        k.push('@');
        k.push_str(&d.to_string());
    }
    k
}

fn problem(path: Path, zh: String, en: String) -> Error {
    Problem::new(ErrorCode::AgreementInput, Msg::new(zh, en))
        .at(path)
        .into()
}

/// Evidence as one line of text: `quote — source (note)`, items joined by ` | `.
#[must_use]
pub fn evidence_text(evidence: &[Evidence]) -> Option<String> {
    let items: Vec<String> = evidence
        .iter()
        .map(|e| {
            let mut s = e.quote.clone().unwrap_or_default();
            if let Some(src) = &e.source {
                if !s.is_empty() {
                    s.push_str(" — ");
                }
                s.push_str(src);
            }
            if let Some(n) = &e.note {
                if s.is_empty() {
                    s.push_str(n);
                } else {
                    s.push_str(&format!(" ({n})"));
                }
            }
            s
        })
        .filter(|s| !s.is_empty())
        .collect();
    (!items.is_empty()).then(|| items.join(" | "))
}

/// Each coder's ratings of one assessment: `(dimension index, coder, rating, path)`.
fn coder_ratings<'a>(
    a: &'a Assessment,
    i: usize,
    framework: &Framework,
    coder: Option<&str>,
) -> Result<Vec<(usize, String, &'a Rating, Path)>, Error> {
    let mut out = Vec::new();
    for (d, def) in framework.dimensions.iter().enumerate() {
        let at = Path::from("assessments")
            .index(i)
            .key("ratings")
            .key(def.id.as_str());
        let codings = a.codings_of(&def.id);
        if codings.is_empty() {
            if let Some(r) = a.rating(&def.id) {
                let name = r
                    .rater
                    .clone()
                    .filter(|s| !s.trim().is_empty())
                    .or_else(|| coder.map(str::to_owned));
                let Some(name) = name else {
                    return Err(problem(
                        at.key("rater"),
                        format!("评估 {:?} 的维度 {:?} 没有编码者:请在评分中写 rater,或为每个评估给出编码者名(coders)", a.id, def.id),
                        format!("assessment {:?}, dimension {:?}: no coder; write the rating's rater, or name the coder of each assessment (coders)", a.id, def.id),
                    ));
                };
                out.push((d, name, r, at));
            }
        } else {
            for (j, c) in codings.iter().enumerate() {
                let name = c.rater.clone().unwrap_or_default();
                out.push((d, name, c, at.clone().key("codings").index(j)));
            }
        }
    }
    Ok(out)
}

fn check_coders(assessments: &[Assessment], coders: Option<&[String]>) -> Result<(), Error> {
    if let Some(c) = coders {
        if c.len() != assessments.len() {
            return Err(problem(
                Path::from("coders"),
                format!(
                    "coders 有 {} 个名字,应与评估数 {} 相同",
                    c.len(),
                    assessments.len()
                ),
                format!(
                    "coders has {} names, expected one per assessment ({})",
                    c.len(),
                    assessments.len()
                ),
            ));
        }
        if let Some(k) = c.iter().position(|s| s.trim().is_empty()) {
            return Err(problem(
                Path::from("coders").index(k),
                "编码者名不能为空".to_owned(),
                "a coder's name must not be empty".to_owned(),
            ));
        }
    }
    if assessments.is_empty() {
        return Err(problem(
            Path::from("assessments"),
            "没有评估".to_owned(),
            "no assessment given".to_owned(),
        ));
    }
    Ok(())
}

/// The codings of assessments (validated against `framework`) as reliability data: each
/// dimension's codings, and a dimension's single rating as a coding of its `rater` (or, for a
/// rating that names none, of `coders[i]`, the coder of the whole assessment `i`). Several files of one
/// community by different coders, multi-coder files and whole tables all give the same form.
///
/// # Errors
/// [`ErrorCode::AgreementInput`]: no assessment, `coders` not one per assessment, a rating
/// without a coder, a coder coding one community's dimension twice.
///
/// ```
/// use renxing::{agree, Assessment, Framework, Level, Rating};
/// let mut a = Assessment::new("c1", "社区");
/// a.add_coding("needs_met", Rating::level(Level::High).with_rater("ann"));
/// a.add_coding("needs_met", Rating::level(Level::Low).with_rater("bo"));
/// let c = agree::assessment_codings(&[a], Framework::paper(), None)?;
/// assert_eq!(c.codings.len(), 2);
/// assert_eq!(c.codings[1].unit, "c1/needs_met");
/// # Ok::<(), renxing::Error>(())
/// ```
pub fn assessment_codings(
    assessments: &[Assessment],
    framework: &Framework,
    coders: Option<&[String]>,
) -> Result<AssessmentCodings, Error> {
    check_coders(assessments, coders)?;
    let engine = Engine::new(framework, &ScoreOptions::default())?;
    let mut rows = Vec::new();
    let mut communities: Vec<String> = Vec::new();
    let mut seen: HashMap<(String, String), Path> = HashMap::new();
    let mut numeric = false;
    for (i, a) in assessments.iter().enumerate() {
        let key = community_key(a);
        if !communities.contains(&key) {
            communities.push(key.clone());
        }
        let coder = coders.and_then(|c| c.get(i)).map(String::as_str);
        for (d, name, r, at) in coder_ratings(a, i, framework, coder)? {
            let dim = &framework.dimensions[d].id;
            let unit = format!("{key}/{dim}");
            if let Some(first) = seen.insert((unit.clone(), name.clone()), at.clone()) {
                return Err(problem(
                    at,
                    format!("编码者 {name:?} 已为 {unit:?} 编码({first});每位编码者每个社区维度一条"),
                    format!("coder {name:?} already coded {unit:?} ({first}); one coding per coder, community and dimension"),
                ));
            }
            numeric |= matches!(r.value, RatingValue::Score(_));
            rows.push((unit, name, r, dim.clone()));
        }
    }
    let scale = if numeric {
        Scale::Numeric
    } else {
        Scale::categories(
            u32::try_from(framework.levels.len()).unwrap_or(u32::MAX),
            framework.levels.iter().map(|l| l.id.clone()),
        )
    };
    let codings = rows
        .into_iter()
        .filter_map(|(unit, coder, r, dim)| {
            let value = if numeric {
                Value::Number(engine.value_of(r)?)
            } else {
                match &r.value {
                    RatingValue::Level(id) => Value::Label(id.clone()),
                    RatingValue::Answers(x) => Value::Label(x.outcome().level.id().to_owned()),
                    RatingValue::Score(_) => Value::Number(engine.value_of(r)?),
                }
            };
            Some(Coding {
                unit,
                coder,
                value,
                evidence: evidence_text(&r.evidence),
                group: Some(dim),
            })
        })
        .collect();
    Ok(AssessmentCodings {
        scale,
        codings,
        communities,
    })
}

/// Merges assessments of the same communities by several coders into one multi-coder
/// assessment per community (in order of first appearance): every rating becomes a coding of
/// its coder (the rating's `rater`, else `coders[i]` for assessment `i`), codings
/// already there are kept; no dimension has a value until a consensus resolves it
/// ([`resolve_assessment`]). Name, mode and metadata come from the first assessment of a
/// community.
///
/// # Errors
/// As [`assessment_codings`].
///
/// ```
/// use renxing::{agree, Assessment, Framework, Level, Rating};
/// let mut ann = Assessment::new("c1", "社区");
/// ann.rate(renxing::Dimension::NeedsMet, Rating::level(Level::High));
/// let mut bo = ann.clone();
/// bo.rate(renxing::Dimension::NeedsMet, Rating::level(Level::Low));
/// let merged = agree::merge_coders(&[ann, bo], Framework::paper(), Some(&["ann".into(), "bo".into()]))?;
/// assert_eq!(merged.len(), 1);
/// assert_eq!(merged[0].codings_of("needs_met").len(), 2);
/// assert!(merged[0].rating("needs_met").is_none());
/// # Ok::<(), renxing::Error>(())
/// ```
pub fn merge_coders(
    assessments: &[Assessment],
    framework: &Framework,
    coders: Option<&[String]>,
) -> Result<Vec<Assessment>, Error> {
    // the same checks (coders, duplicates) as the codings
    assessment_codings(assessments, framework, coders)?;
    let mut order: Vec<String> = Vec::new();
    let mut merged: BTreeMap<String, Assessment> = BTreeMap::new();
    for (i, a) in assessments.iter().enumerate() {
        let key = community_key(a);
        let coder = coders.and_then(|c| c.get(i)).map(String::as_str);
        let list = coder_ratings(a, i, framework, coder)?;
        let m = merged.entry(key.clone()).or_insert_with(|| {
            order.push(key.clone());
            let mut m = a.clone();
            m.schema_version = ASSESSMENT_SCHEMA_VERSION;
            m.codings = BTreeMap::new();
            m.consensus = None;
            for r in m.ratings.values_mut() {
                *r = None;
            }
            m
        });
        for (d, name, r, _) in list {
            let mut c = r.clone();
            c.rater = Some(name);
            m.add_coding(framework.dimensions[d].id.clone(), c);
        }
    }
    Ok(order.iter().filter_map(|k| merged.remove(k)).collect())
}

/// A multi-coder assessment resolved by a consensus rule.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct Resolved {
    /// The assessment with a consensus value for every dimension holding codings, the codings
    /// kept and the rule recorded (`consensus`).
    #[schemars(with = "crate::Assessment")]
    pub assessment: Assessment,
    /// The consensus of each dimension (unit = dimension id), with its spread and contested flag.
    pub consensus: Consensus,
}

/// Gives every dimension that holds codings its consensus value by `options.rule` (median,
/// mode with a tie rule, minimum, an adjudicator), on the codes scale (a score coding at
/// `1 + s/100·(k − 1)`); the value is the rating of a coder who gave it (its form kept: level,
/// score or answers), the codings stay, the rule is recorded in `consensus`. Dimensions without
/// codings keep their rating.
///
/// # Errors
/// [`ErrorCode::AgreementInput`] for options out of range, an adjudicator who coded nothing or
/// not a dimension, a mode tie with `ties = error`; an assessment that is not valid against
/// `framework`.
///
/// ```
/// use renxing::{agree, Assessment, Framework, Level, Rating};
/// let mut a = Assessment::new("c1", "社区");
/// a.add_coding("needs_met", Rating::level(Level::High).with_rater("ann"));
/// a.add_coding("needs_met", Rating::level(Level::Low).with_rater("bo"));
/// let r = agree::resolve_assessment(&a, Framework::paper(), &agree::ConsensusOptions::default())?;
/// assert_eq!(r.assessment.level_of(renxing::Dimension::NeedsMet), Some(Level::Low)); // median, lower middle
/// assert!(r.consensus.units[0].contested);
/// let card = renxing::score(&r.assessment, Framework::paper())?;
/// assert!(card.dimension("needs_met").unwrap().contested);
/// # Ok::<(), renxing::Error>(())
/// ```
pub fn resolve_assessment(
    assessment: &Assessment,
    framework: &Framework,
    options: &ConsensusOptions,
) -> Result<Resolved, Error> {
    assessment.validate(framework)?;
    let engine = Engine::new(framework, &ScoreOptions::default())?;
    let mut codings = Vec::new();
    let mut by_unit: HashMap<(String, String), &Rating> = HashMap::new();
    for def in &framework.dimensions {
        for c in assessment.codings_of(&def.id) {
            let coder = c.rater.clone().unwrap_or_default();
            if let Some(v) = engine.value_of(c) {
                codings.push(Coding {
                    unit: def.id.clone(),
                    coder: coder.clone(),
                    value: Value::Number(v),
                    evidence: evidence_text(&c.evidence),
                    group: Some(def.attribute.clone()),
                });
                by_unit.insert((def.id.clone(), coder), c);
            }
        }
    }
    let mut out = assessment.clone();
    out.schema_version = ASSESSMENT_SCHEMA_VERSION;
    out.consensus = Some(options.clone());
    if codings.is_empty() {
        let result = Consensus {
            rule: options.rule.clone(),
            contested_above: options.contested_above,
            units: Vec::new(),
            n_contested: 0,
            uncoded_units: Vec::new(),
        };
        return Ok(Resolved {
            assessment: out,
            consensus: result,
        });
    }
    let data = ReliabilityData::from_codings(&Scale::Numeric, &codings)?;
    let result = consensus(&data, options).map_err(|e| {
        let path = e.path();
        let err: Error = e.into();
        match (err, path.first()) {
            (Error::Other(mut p), Some(crate::error::PathSeg::Key(k))) if k == "rule" => {
                p.path = Some(Path::from("consensus").join(&Path(path.clone())));
                Error::Other(p)
            }
            (other, _) => other,
        }
    })?;
    for u in &result.units {
        // the rating of the first coder who gave the consensus value
        let chosen = u
            .codings
            .iter()
            .find(|c| c.value == Some(u.value))
            .and_then(|c| by_unit.get(&(u.unit.clone(), c.coder.clone())));
        if let Some(r) = chosen {
            out.ratings.insert(
                u.unit.clone(),
                Some(Rating {
                    value: r.value.clone(),
                    evidence: Vec::new(),
                    rater: None,
                    note: None,
                }),
            );
        }
    }
    Ok(Resolved {
        assessment: out,
        consensus: result,
    })
}

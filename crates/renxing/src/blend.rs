//! Blending an assessment made from indicators with a qualitative coding of the same community
//! by a stated rule (issue 10): per dimension, the level of the coding and the level of the
//! indicators become one rating, and the result records the rule and, per dimension, both
//! inputs and what was taken.
//!
//! Rules (per dimension; when only one side rated it, that side is taken under every rule):
//!
//! | rule | result |
//! |---|---|
//! | `indicators_win` | the indicators' rating |
//! | `coding_wins` | the coding's rating |
//! | `lower` | the rating with the lower value (on the framework's scale); a tie takes the coding's |
//! | `mean_score` | a 0–100 score, the mean of the two ratings' scores (low 0, medium 50, high 100 on three levels); its level follows the framework's rounding (nearest, ties downwards) |
//!
//! The blended assessment keeps the coded assessment's id, name, mode, phase, date and metadata,
//! adds `metadata.blend` (the [`BlendRecord`]) and `metadata.source = "blend"`, and carries the
//! indicator run (`metadata.indicator_run`) over, so the report still states the methods and the
//! diagnosis still names the top obstacles. Every blended rating has rater `blend`, both sides'
//! evidence and a note naming the rule and both levels.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::assessment::Assessment;
use crate::error::{Error, ErrorCode, Msg, Path, Problem};
use crate::framework::Framework;
use crate::lang::Lang;
use crate::rating::Rating;
use crate::score::{score, Grade};

/// The rater named on a blended rating.
pub const BLEND_RATER: &str = "blend";

/// How a coded level and an indicator level become one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum BlendRule {
    /// The indicators' rating wins.
    IndicatorsWin,
    /// The coding's rating wins.
    CodingWins,
    /// The lower of the two (a tie takes the coding's) — the cautious choice (the default).
    #[default]
    Lower,
    /// The mean of the two 0–100 scores, as a score rating.
    MeanScore,
}

impl BlendRule {
    fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (BlendRule::IndicatorsWin, Lang::Zh) => "以指标为准",
            (BlendRule::IndicatorsWin, Lang::En) => "indicators win",
            (BlendRule::CodingWins, Lang::Zh) => "以编码为准",
            (BlendRule::CodingWins, Lang::En) => "coding wins",
            (BlendRule::Lower, Lang::Zh) => "取较低者",
            (BlendRule::Lower, Lang::En) => "the lower level",
            (BlendRule::MeanScore, Lang::Zh) => "得分取平均",
            (BlendRule::MeanScore, Lang::En) => "the mean score",
        }
    }
}

/// Which input a blended dimension's rating comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum BlendSource {
    /// The coding's rating.
    Coding,
    /// The indicators' rating.
    Indicators,
    /// A new score from both (`mean_score`).
    Both,
    /// Neither side rated the dimension.
    Neither,
}

/// One input's reading of a dimension.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct BlendInput {
    /// The level id.
    pub level: String,
    /// Its 0–100 score (as the framework's scoring gives it).
    pub score: f64,
}

/// What happened to one dimension.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DimensionBlend {
    /// The dimension id.
    pub dimension: String,
    /// The coding's reading (`None`: not rated).
    pub coding: Option<BlendInput>,
    /// The indicators' reading (`None`: not rated).
    pub indicators: Option<BlendInput>,
    /// Where the result comes from.
    pub from: BlendSource,
    /// The result's score for `mean_score` (the mean of the two), else `None`.
    pub score: Option<f64>,
}

/// The record of a blend (`metadata.blend` of the blended assessment).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct BlendRecord {
    /// The rule.
    pub rule: BlendRule,
    /// The community's id (both inputs have it).
    pub id: String,
    /// Every dimension of the framework, in its order.
    pub dimensions: Vec<DimensionBlend>,
}

fn input(grade: Option<&Grade>) -> Option<BlendInput> {
    grade.map(|g| BlendInput {
        level: g.level.clone(),
        score: g.score,
    })
}

/// Blends a coded assessment and an indicator-based one of the same community by `rule`.
///
/// ```
/// use renxing::blend::{blend, BlendRule, BlendSource};
/// use renxing::{Assessment, Framework, Lang, Rating};
/// let fw = Framework::paper();
/// let mut coded = Assessment::for_framework(fw, "east", "East");
/// let mut ind = Assessment::for_framework(fw, "east", "East");
/// coded.ratings.insert("needs_met".into(), Some(Rating::level_id("high")));
/// ind.ratings.insert("needs_met".into(), Some(Rating::level_id("medium")));
/// let (a, rec) = blend(&coded, &ind, fw, BlendRule::Lower, Lang::En)?;
/// assert_eq!(rec.dimensions[0].from, BlendSource::Indicators);
/// assert_eq!(renxing::score(&a, fw)?.dimensions[0].grade.as_ref().map(|g| g.level.as_str()), Some("medium"));
/// # Ok::<(), renxing::Error>(())
/// ```
///
/// # Errors
/// An assessment that does not score against the framework (its score error); ids that differ
/// (`indicator_input` at `indicators.id`).
pub fn blend(
    coded: &Assessment,
    indicators: &Assessment,
    framework: &Framework,
    rule: BlendRule,
    lang: Lang,
) -> Result<(Assessment, BlendRecord), Error> {
    if coded.id != indicators.id {
        return Err(Problem::new(
            ErrorCode::IndicatorInput,
            Msg::new(
                format!(
                    "指标评估的 id {:?} 与编码评估的 id {:?} 不同:只能合并同一社区的两份评估",
                    indicators.id, coded.id
                ),
                format!(
                    "the indicator assessment's id {:?} differs from the coded one's {:?}: only two assessments of one community can be blended",
                    indicators.id, coded.id
                ),
            ),
        )
        .at(Path::from("indicators").key("id"))
        .into());
    }
    let c_card = score(coded, framework)?;
    let i_card = score(indicators, framework)?;
    let zh = lang == Lang::Zh;
    let mut out = coded.clone();
    let mut dims = Vec::with_capacity(framework.dimensions.len());
    for d in &framework.dimensions {
        let cg = c_card.dimension(&d.id).and_then(|x| x.grade.as_ref());
        let ig = i_card.dimension(&d.id).and_then(|x| x.grade.as_ref());
        let cr = coded.rating(&d.id);
        let ir = indicators.rating(&d.id);
        let (from, mean) = match (cg, ig) {
            (None, None) => (BlendSource::Neither, None),
            (Some(_), None) => (BlendSource::Coding, None),
            (None, Some(_)) => (BlendSource::Indicators, None),
            (Some(c), Some(i)) => match rule {
                BlendRule::IndicatorsWin => (BlendSource::Indicators, None),
                BlendRule::CodingWins => (BlendSource::Coding, None),
                BlendRule::Lower if i.value < c.value => (BlendSource::Indicators, None),
                BlendRule::Lower => (BlendSource::Coding, None),
                BlendRule::MeanScore => (BlendSource::Both, Some((c.score + i.score) / 2.0)),
            },
        };
        let rating = match from {
            BlendSource::Neither => None,
            BlendSource::Coding => cr.cloned(),
            BlendSource::Indicators => ir.cloned(),
            BlendSource::Both => mean.and_then(Rating::score),
        };
        let rating = rating.map(|mut r| {
            let mut evidence = cr.map(|x| x.evidence.clone()).unwrap_or_default();
            for e in ir.map(|x| x.evidence.as_slice()).unwrap_or_default() {
                if !evidence.contains(e) {
                    evidence.push(e.clone());
                }
            }
            r.evidence = evidence;
            r.rater = Some(BLEND_RATER.to_owned());
            let show = |g: Option<&Grade>| {
                g.map_or_else(
                    || if zh { "未评" } else { "not rated" }.to_owned(),
                    |g| {
                        framework
                            .levels
                            .iter()
                            .find(|l| l.id == g.level)
                            .map_or(g.level.clone(), |l| l.labels.in_lang(lang).to_owned())
                    },
                )
            };
            let took = match (from, zh) {
                (BlendSource::Coding, true) => "采用编码".to_owned(),
                (BlendSource::Coding, false) => "took the coding".to_owned(),
                (BlendSource::Indicators, true) => "采用指标".to_owned(),
                (BlendSource::Indicators, false) => "took the indicators".to_owned(),
                (_, true) => format!("得分 {:.1}", mean.unwrap_or(f64::NAN)),
                (_, false) => format!("score {:.1}", mean.unwrap_or(f64::NAN)),
            };
            r.note = Some(if zh {
                format!(
                    "合并({}):编码 {},指标 {} → {took}",
                    rule.label(lang),
                    show(cg),
                    show(ig)
                )
            } else {
                format!(
                    "blend ({}): coding {}, indicators {} → {took}",
                    rule.label(lang),
                    show(cg),
                    show(ig)
                )
            });
            r
        });
        out.ratings.insert(d.id.clone(), rating);
        dims.push(DimensionBlend {
            dimension: d.id.clone(),
            coding: input(cg),
            indicators: input(ig),
            from,
            score: mean,
        });
    }
    let record = BlendRecord {
        rule,
        id: coded.id.clone(),
        dimensions: dims,
    };
    if let Some(run) = indicators
        .metadata
        .get(crate::composite::RUN_KEY)
        .filter(|_| out.metadata.get(crate::composite::RUN_KEY).is_none())
    {
        out.metadata
            .insert(crate::composite::RUN_KEY.into(), run.clone());
    }
    out.metadata
        .insert("source".into(), Value::from(BLEND_RATER));
    if let Ok(v) = serde_json::to_value(&record) {
        out.metadata.insert("blend".into(), v);
    }
    let mut meta = Value::Object(std::mem::take(&mut out.metadata));
    crate::json::canonicalize(&mut meta);
    if let Value::Object(m) = meta {
        out.metadata = m;
    }
    Ok((out, record))
}

/// A blend as a text table: per dimension the coding's level, the indicators' level, the result
/// and where it came from (titled with the community and the rule).
///
/// ```
/// use renxing::blend::{blend, record_table, BlendRule};
/// use renxing::{Assessment, Framework, Lang, Rating};
/// let fw = Framework::paper();
/// let mut coded = Assessment::for_framework(fw, "east", "East");
/// coded.ratings.insert("needs_met".into(), Some(Rating::level_id("high")));
/// let ind = Assessment::for_framework(fw, "east", "East");
/// let (a, rec) = blend(&coded, &ind, fw, BlendRule::Lower, Lang::Zh)?;
/// let t = record_table(&rec, &a, fw, Lang::Zh);
/// assert_eq!(t.rows[0], ["满足需求", "高", "–", "高", "编码"]);
/// # Ok::<(), renxing::Error>(())
/// ```
#[must_use]
pub fn record_table(
    record: &BlendRecord,
    blended: &Assessment,
    framework: &Framework,
    lang: Lang,
) -> crate::text::Table {
    let zh = lang == Lang::Zh;
    let level = |id: &str| {
        framework
            .levels
            .iter()
            .find(|l| l.id == id)
            .map_or(id.to_owned(), |l| l.labels.in_lang(lang).to_owned())
    };
    let card = score(blended, framework).ok();
    let rows = record
        .dimensions
        .iter()
        .map(|d| {
            let result = card
                .as_ref()
                .and_then(|c| c.dimension(&d.dimension))
                .and_then(|x| x.grade.as_ref())
                .map_or_else(
                    || "–".to_owned(),
                    |g| match d.score {
                        Some(s) => format!("{} ({s:.1})", level(&g.level)),
                        None => level(&g.level),
                    },
                );
            let from = match (d.from, zh) {
                (BlendSource::Coding, true) => "编码",
                (BlendSource::Coding, false) => "coding",
                (BlendSource::Indicators, true) => "指标",
                (BlendSource::Indicators, false) => "indicators",
                (BlendSource::Both, true) => "两者平均",
                (BlendSource::Both, false) => "mean of both",
                (BlendSource::Neither, true) => "均未评",
                (BlendSource::Neither, false) => "neither",
            };
            vec![
                framework.label_or_id(&d.dimension, lang.id()).to_owned(),
                d.coding
                    .as_ref()
                    .map_or("–".to_owned(), |x| level(&x.level)),
                d.indicators
                    .as_ref()
                    .map_or("–".to_owned(), |x| level(&x.level)),
                result,
                from.to_owned(),
            ]
        })
        .collect();
    crate::text::Table {
        title: if zh {
            format!("{}:合并规则 {}", record.id, record.rule.label(lang))
        } else {
            format!("{}: blended by {}", record.id, record.rule.label(lang))
        },
        headers: if zh {
            vec!["维度", "编码", "指标", "结果", "来源"]
        } else {
            vec!["dimension", "coding", "indicators", "result", "from"]
        }
        .into_iter()
        .map(str::to_owned)
        .collect(),
        rows,
    }
}

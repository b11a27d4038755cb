//! Blending indicator-based assessments with qualitative coding by a stated rule (issue 10):
//! pairs the two lists by community id and blends each pair in the core
//! (`renxing::blend::blend`); the rule and every dimension's inputs are recorded.

use std::collections::BTreeMap;

use renxing::blend::{BlendRecord, BlendRule};
use renxing::{Assessment, Error, ErrorCode, Lang, Msg, Path, Problem};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::args::{self, FrameworkArg};
use crate::{Ctx, Operation};

/// Coded assessments, indicator-based ones and the rule.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BlendRequest {
    /// The framework (default: the caller's, else the paper's).
    #[serde(default)]
    pub framework: Option<FrameworkArg>,
    /// Assessments from qualitative coding (file form).
    #[schemars(with = "Vec<Assessment>")]
    pub coded: Vec<Value>,
    /// Assessments from indicators (file form; e.g. `assess_indicators`'s `assessments`).
    #[schemars(with = "Vec<Assessment>")]
    pub indicators: Vec<Value>,
    /// How the two levels of a dimension become one (default: the lower).
    #[serde(default)]
    pub rule: BlendRule,
    /// The language of the blended ratings' notes (default: `text`'s, else the caller's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<Lang>,
    /// Also every blend as a plain-text table in this language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<Lang>,
}

/// The blended assessments and what was done.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct BlendResponse {
    /// The rule applied.
    pub rule: BlendRule,
    /// One blended assessment per community in both lists (in the coded list's order), its
    /// record in `metadata.blend`.
    pub assessments: Vec<Assessment>,
    /// The records, in the same order.
    pub records: Vec<BlendRecord>,
    /// Ids in only one of the lists (not blended, not returned).
    pub unpaired: Vec<String>,
    /// The blends as plain-text tables (when `text` was asked for).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

fn read_all(
    values: &[Value],
    fw: &renxing::Framework,
    field: &str,
) -> Result<Vec<Assessment>, Error> {
    let mut out: Vec<Assessment> = Vec::with_capacity(values.len());
    for (i, v) in values.iter().enumerate() {
        let at = Path::from(field).index(i);
        let a = args::assessment(v, fw, &at)?;
        if out.iter().any(|b| b.id == a.id) {
            return Err(Problem::new(
                ErrorCode::IndicatorInput,
                Msg::new(
                    format!("{at}.id:重复的 id {:?}(每个社区只能有一份)", a.id),
                    format!(
                        "{at}.id: duplicate id {:?} (one assessment per community)",
                        a.id
                    ),
                ),
            )
            .at(at.key("id"))
            .into());
        }
        out.push(a);
    }
    Ok(out)
}

op! {
    /// Blends qualitative coding with indicator-based assessments of the same communities by a stated rule (indicators win, coding wins, the lower level, the mean score): one assessment per community, the rule and every dimension's two readings recorded in it.
    Blend = "blend_assessments" / "blendAssessments",
    BlendRequest => BlendResponse,
    |r, ctx| {
        let fw = args::framework(r.framework.as_ref(), ctx)?;
        let lang = args::lang(r.lang.or(r.text), ctx);
        let coded = read_all(&r.coded, &fw, "coded")?;
        let indicators = read_all(&r.indicators, &fw, "indicators")?;
        let by_id: BTreeMap<&str, &Assessment> =
            indicators.iter().map(|a| (a.id.as_str(), a)).collect();
        let mut assessments = Vec::new();
        let mut records = Vec::new();
        let mut unpaired = Vec::new();
        for c in &coded {
            let Some(ind) = by_id.get(c.id.as_str()) else {
                unpaired.push(c.id.clone());
                continue;
            };
            // paired by id, so the core's id check cannot fail here
            let (a, rec) = renxing::blend::blend(c, ind, &fw, r.rule, lang)?;
            assessments.push(a);
            records.push(rec);
        }
        for a in &indicators {
            if !coded.iter().any(|c| c.id == a.id) {
                unpaired.push(a.id.clone());
            }
        }
        let text = r.text.map(|tl| {
            let mut out = String::new();
            for (a, rec) in assessments.iter().zip(&records) {
                out.push_str(&renxing::blend::record_table(rec, a, &fw, tl).plain());
                out.push('\n');
            }
            out
        });
        Ok(BlendResponse { rule: r.rule, assessments, records, unpaired, text })
    }
}

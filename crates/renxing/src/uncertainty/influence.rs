//! "Which choice matters most": the factor with the largest total Sobol index on the mean
//! absolute rank shift, and bilingual names of the factors for charts and reports.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::spec::{FactorInfo, SensitivityResult};
use crate::lang::Lang;

/// One factor's influence on the mean absolute rank shift.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Influence {
    /// The factor's index (in the request's order).
    pub index: usize,
    /// Its label (`weights:indicator`, `aggregation`, …).
    pub factor: String,
    /// Its kind (`weight_noise`, …).
    pub kind: String,
    /// Total index S_Ti.
    pub total: f64,
    /// Bootstrap interval of S_Ti (equal ends without bootstrap).
    pub total_ci: [f64; 2],
    /// First-order index S_i.
    pub first_order: f64,
}

impl SensitivityResult {
    /// The factors ordered by influence on the mean absolute rank shift: largest total index
    /// first (ties: larger first-order index, then request order).
    ///
    /// ```
    /// use renxing::composite::{Dataset, IndicatorMeta, Pipeline};
    /// use renxing::uncertainty::{sensitivity, Factor, SensitivitySpec};
    /// let d = Dataset::new(
    ///     vec!["a".into(), "b".into(), "c".into(), "d".into()],
    ///     vec![IndicatorMeta::new("x", "d1"), IndicatorMeta::new("y", "d1"), IndicatorMeta::new("z", "d2")],
    ///     vec![1.0, 9.0, 3.0,  5.0, 5.0, 4.0,  9.0, 1.0, 2.0,  4.0, 4.0, 9.0],
    /// );
    /// let p: Pipeline = serde_json::from_str(
    ///     r#"{"steps": [{"step": "normalise"}, {"step": "aggregate"}]}"#).unwrap();
    /// let spec = SensitivitySpec {
    ///     factors: vec![
    ///         Factor::WeightNoise { level: Default::default(), share: 0.8 },
    ///         Factor::ExcludeIndicator { indicators: vec![], include_none: true },
    ///     ],
    ///     n: 128, bootstrap: 50, ..SensitivitySpec::default()
    /// };
    /// let r = sensitivity(&p, &d, &spec)?;
    /// assert_eq!(r.influence()[0].factor, "exclude_indicator");
    /// # Ok::<(), renxing::uncertainty::UncertaintyError>(())
    /// ```
    #[must_use]
    pub fn influence(&self) -> Vec<Influence> {
        let s = &self.mean_abs_rank_shift.indices;
        let mut out: Vec<Influence> = self
            .factors
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let total = s.total.get(i).copied().unwrap_or(0.0);
                Influence {
                    index: i,
                    factor: f.label.clone(),
                    kind: f.kind.clone(),
                    total,
                    total_ci: s.total_ci.get(i).copied().unwrap_or([total, total]),
                    first_order: s.first_order.get(i).copied().unwrap_or(0.0),
                }
            })
            .collect();
        out.sort_by(|a, b| {
            b.total
                .total_cmp(&a.total)
                .then(b.first_order.total_cmp(&a.first_order))
                .then(a.index.cmp(&b.index))
        });
        out
    }

    /// The most influential factor ([`SensitivityResult::influence`]'s first), none when the
    /// ranks never move.
    #[must_use]
    pub fn most_influential(&self) -> Option<Influence> {
        if self.mean_abs_rank_shift.indices.constant {
            return None;
        }
        self.influence().into_iter().next()
    }
}

/// A factor's name in a language: its kind in words, with the weight level or the listed
/// methods where that says more (`权重扰动(指标)`, `aggregation method`).
#[must_use]
pub fn factor_name(info: &FactorInfo, lang: Lang) -> String {
    let level = info.label.strip_prefix("weights:").unwrap_or("");
    let level_word = match (level, lang) {
        ("indicator", Lang::Zh) => "指标",
        ("dimension", Lang::Zh) => "维度",
        ("attribute", Lang::Zh) => "属性",
        (l, _) => l,
    };
    let (zh, en) = match info.kind.as_str() {
        "weight_noise" => ("权重扰动", "weight noise"),
        "weight_dirichlet" => ("权重(狄利克雷)", "weights (Dirichlet)"),
        "normalisation" => ("标准化方法", "normalisation method"),
        "aggregation" => ("集成方法", "aggregation method"),
        "imputation" => ("缺失值插补方法", "imputation method"),
        "exclude_indicator" => ("剔除单个指标", "excluding one indicator"),
        "band_thresholds" => ("等级阈值", "level thresholds"),
        "coder_spread" => ("编码员分歧", "coders' spread"),
        other => (other, other),
    };
    match lang {
        Lang::Zh if !level.is_empty() => format!("{zh}({level_word})"),
        Lang::En if !level.is_empty() => format!("{en} ({level_word})"),
        Lang::Zh => zh.to_owned(),
        Lang::En => en.to_owned(),
    }
}

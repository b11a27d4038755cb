//! The pipeline driven by a framework's indicators: a data table whose columns are the
//! framework's [`IndicatorDef`](crate::framework::IndicatorDef)s becomes a [`Dataset`] (direction,
//! goalposts, target and weights from the framework, the hierarchy from its dimensions and
//! attributes), the pipeline runs, and each unit's dimension bands become the framework's levels:
//! a scored [`Assessment`] per unit (rater `indicators`, evidence listing the indicator values and
//! the banding rule), which `score`, `diagnose`, `compare` and the reports accept.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::data::{Dataset, Direction, GroupSpec, Hierarchy, IndicatorMeta};
use super::error::{CompositeError, FieldPath};
use super::pipeline::{run, PipelineResult};
use super::provenance::{IndicatorRun, ObstacleFinding, RUN_KEY};
use super::steps::{
    AggregateSpec, BandMethod, BandSpec, CheckSpec, NormaliseSpec, ObstacleSpec, Pipeline,
    RankSpec, Step, Target, TopsisSpec,
};
use crate::assessment::{is_safe_community_id, Assessment};
use crate::framework::Framework;
use crate::lang::Lang;
use crate::rating::{Evidence, Rating};

/// The rater named on every rating made from indicators.
pub const INDICATORS_RATER: &str = "indicators";

/// How dimension values became the framework's levels: the band step as run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct BandingRule {
    /// The index of the band step in the pipeline as run.
    pub step: usize,
    /// The framework's level ids, lowest first.
    pub levels: Vec<String>,
    /// Thresholds or quantiles.
    pub method: BandMethod,
    /// Per dimension (in the hierarchy's order): the cut points used; a value v gets level
    /// i = #{cuts ≤ v} (0-based, lowest first).
    pub cuts: Vec<(String, Vec<f64>)>,
}

/// The result of [`assess_with_framework`].
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct FrameworkIndicatorResult {
    /// The framework's id.
    pub framework: String,
    /// The pipeline as run (the default one when none was given; band levels filled in).
    pub pipeline: Pipeline,
    /// Every step's record and table.
    pub result: PipelineResult,
    /// The banding rule that made the levels.
    pub banding: BandingRule,
    /// One assessment per unit (of the result: a check step may exclude units), in the data's
    /// order: each dimension with indicators rated at
    /// its band's level (rater `indicators`), the others not rated.
    pub assessments: Vec<Assessment>,
}

/// The pipeline used when none is given: checks (flag only), no imputation (a missing value is
/// an error naming the cells), min–max normalisation to 0–100 (direction applied), the weights of
/// the framework (indicator weights, else equal; dimension and attribute weights), arithmetic
/// aggregation, banding of dimension, attribute and overall values at equal thirds of 0–100 (k
/// levels: cuts 100·i/k), TOPSIS (vector normalisation), obstacle degree (top 3) and ranks.
#[must_use]
pub fn default_pipeline(framework: &Framework) -> Pipeline {
    let k = framework.levels.len().max(2);
    Pipeline {
        steps: vec![
            Step::Check(CheckSpec::default()),
            Step::Normalise(NormaliseSpec::default()),
            Step::Aggregate(AggregateSpec::default()),
            Step::Band(BandSpec {
                levels: framework.levels.iter().map(|l| l.id.clone()).collect(),
                method: BandMethod::Thresholds,
                thresholds: (1..k).map(|i| 100.0 * i as f64 / k as f64).collect(),
                targets: vec![Target::Dimension, Target::Attribute, Target::Overall],
            }),
            Step::Topsis(TopsisSpec::default()),
            Step::Obstacle(ObstacleSpec::default()),
            Step::Rank(RankSpec::default()),
        ],
        keep_intermediates: true,
    }
}

/// The dataset of a framework's indicators from a data table: each column must be one of the
/// framework's indicators (by id; a dimension given in the data — other than empty or the
/// column's own id, which a CSV header without `dimension/` gives — must match the framework's, a
/// column marked `cost` must be a cost indicator), and every framework indicator must have a
/// column. Direction, goalposts, target and weight come from the framework; the hierarchy is the
/// framework's dimensions with indicators (weights as in the framework) under their attributes.
///
/// # Errors
/// [`CompositeError::Empty`] when the framework has no indicators, [`CompositeError::UnknownId`]
/// for a column that is not an indicator of the framework, [`CompositeError::InvalidParameter`]
/// for a mismatch or a missing column.
pub fn framework_dataset(framework: &Framework, data: Dataset) -> Result<Dataset, CompositeError> {
    let data = data.named();
    if framework.indicators.is_empty() {
        return Err(CompositeError::Empty {
            path: FieldPath::new(["framework", "indicators"]),
            min: 1,
        });
    }
    let mut metas = Vec::with_capacity(data.indicators.len());
    for (j, col) in data.indicators.iter().enumerate() {
        let p = FieldPath::new(["indicators"]).with(j);
        let Some(def) = framework.indicator(&col.id) else {
            return Err(CompositeError::UnknownId {
                path: p.with("id"),
                id: col.id.clone(),
            });
        };
        // a CSV header without `dimension/` names its column's own id as its dimension
        let given = !col.dimension.is_empty() && col.dimension != col.id;
        if given && col.dimension != def.dimension {
            return Err(CompositeError::InvalidParameter {
                path: p.with("dimension"),
                value: format!("{:?}", col.dimension),
                reason: format!(
                    "the framework puts indicator {:?} in dimension {:?}",
                    def.id, def.dimension
                ),
            });
        }
        if col.direction == Direction::Cost && def.direction != Direction::Cost {
            return Err(CompositeError::InvalidParameter {
                path: p.with("direction"),
                value: "\"cost\"".into(),
                reason: format!("the framework's indicator {:?} is a benefit", def.id),
            });
        }
        metas.push(IndicatorMeta {
            id: def.id.clone(),
            dimension: def.dimension.clone(),
            direction: def.direction,
            goalposts: def.goalposts,
            target: def.target,
            weight: def.weight,
        });
    }
    if let Some(def) = framework
        .indicators
        .iter()
        .find(|d| !data.indicators.iter().any(|c| c.id == d.id))
    {
        return Err(CompositeError::InvalidParameter {
            path: FieldPath::new(["indicators"]),
            value: format!("{:?}", def.id),
            reason: format!(
                "the framework's indicator {:?} has no column in the data",
                def.id
            ),
        });
    }
    let used = |dim: &str| metas.iter().any(|m| m.dimension == dim);
    let dimensions: Vec<GroupSpec> = framework
        .dimensions
        .iter()
        .filter(|d| used(&d.id))
        .map(|d| GroupSpec {
            id: d.id.clone(),
            parent: Some(d.attribute.clone()),
            weight: Some(d.weight),
        })
        .collect();
    let attributes: Vec<GroupSpec> = framework
        .attributes
        .iter()
        .filter(|a| {
            dimensions
                .iter()
                .any(|d| d.parent.as_deref() == Some(&a.id))
        })
        .map(|a| GroupSpec {
            id: a.id.clone(),
            parent: None,
            weight: Some(a.weight),
        })
        .collect();
    Ok(Dataset {
        units: data.units,
        indicators: metas,
        values: data.values,
        hierarchy: Hierarchy {
            dimensions,
            attributes,
        },
        unit_groups: data.unit_groups,
        positions: None,
    })
}

/// Runs a pipeline (or [`default_pipeline`]) on a data table of the framework's indicators and
/// turns each unit's dimension bands into the framework's levels.
///
/// The pipeline must band the dimensions into the framework's levels: a band step with `levels`
/// empty gets the framework's level ids; a band step with other levels is refused; a pipeline
/// without a band step of the `dimension` target is refused.
///
/// ```
/// use renxing::composite::{assess_with_framework, Dataset, IndicatorMeta};
/// use renxing::Framework;
/// let fw = Framework::from_toml(include_str!("../../data/indicators/framework.toml"))?;
/// let data = renxing::table::read_indicator_csv(
///     include_str!("../../data/indicators/communities.csv"))?;
/// let r = assess_with_framework(&fw, data, None)?;
/// assert_eq!(r.assessments.len(), 6);
/// assert_eq!(r.banding.levels, ["low", "medium", "high"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// As [`framework_dataset`] and [`run`]; an unsafe unit id (it becomes the assessment's id) at
/// `units[i]`; the band problems above at `steps[i]`.
pub fn assess_with_framework(
    framework: &Framework,
    data: Dataset,
    pipeline: Option<Pipeline>,
) -> Result<FrameworkIndicatorResult, CompositeError> {
    assess_with_framework_in(framework, data, pipeline, Lang::En)
}

/// [`assess_with_framework`] with the assessments' notes and evidence written in a language
/// (indicator labels and units from the framework, level labels, the banding in words).
///
/// ```
/// use renxing::composite::assess_with_framework_in;
/// use renxing::{Framework, Lang};
/// let fw = Framework::from_toml(include_str!("../../data/indicators/framework.toml"))?;
/// let data = renxing::table::read_indicator_csv(
///     include_str!("../../data/indicators/communities.csv"))?;
/// let r = assess_with_framework_in(&fw, data, None, Lang::Zh)?;
/// let note = r.assessments[0].ratings["needs_met"].as_ref().and_then(|x| x.note.clone());
/// assert!(note.unwrap_or_default().starts_with("由指标得出:维度得分"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// As [`assess_with_framework`].
pub fn assess_with_framework_in(
    framework: &Framework,
    data: Dataset,
    pipeline: Option<Pipeline>,
    lang: Lang,
) -> Result<FrameworkIndicatorResult, CompositeError> {
    let data = data.named();
    let zh = lang == Lang::Zh;
    let tag = lang.id();
    let level_ids: Vec<String> = framework.levels.iter().map(|l| l.id.clone()).collect();
    let mut pipeline = pipeline.unwrap_or_else(|| default_pipeline(framework));
    let mut band_step = None;
    for (i, step) in pipeline.steps.iter_mut().enumerate() {
        if let Step::Band(b) = step {
            if b.levels.is_empty() {
                b.levels.clone_from(&level_ids);
            } else if b.levels != level_ids {
                return Err(CompositeError::InvalidParameter {
                    path: FieldPath::new(["steps"]).with(i).with("levels"),
                    value: format!("{:?}", b.levels),
                    reason: format!(
                        "banding into a framework's levels needs its level ids {level_ids:?}"
                    ),
                });
            }
            if b.targets.contains(&Target::Dimension) {
                band_step = Some(i);
            }
        }
    }
    let Some(band_step) = band_step else {
        return Err(CompositeError::Order {
            path: FieldPath::new(["steps"]),
            reason: "a band step with the dimension target is needed to turn dimension values into the framework's levels".into(),
        });
    };
    for (i, u) in data.units.iter().enumerate() {
        if !is_safe_community_id(u) {
            return Err(CompositeError::InvalidParameter {
                path: FieldPath::new(["units"]).with(i),
                value: format!("{u:?}"),
                reason: "a unit id becomes an assessment id: letters of any script, digits, _, - and . only".into(),
            });
        }
    }
    let raw = data.values.clone();
    let dataset = framework_dataset(framework, data)?;
    let result = run(&pipeline, &dataset)?;
    let Some(rec) = result.steps.get(band_step) else {
        return Err(CompositeError::Order {
            path: FieldPath::new(["steps"]).with(band_step),
            reason: "the band step did not run".into(),
        });
    };
    let super::pipeline::StepReport::Band(bands) = &rec.report else {
        return Err(CompositeError::Order {
            path: FieldPath::new(["steps"]).with(band_step),
            reason: "the band step did not run".into(),
        });
    };
    let dim_bands: Vec<&super::pipeline::BandColumn> = bands
        .columns
        .iter()
        .filter(|c| c.target == Target::Dimension)
        .collect();
    let banding = BandingRule {
        step: band_step,
        levels: level_ids.clone(),
        method: match &pipeline.steps.get(band_step) {
            Some(Step::Band(b)) => b.method,
            _ => BandMethod::Thresholds,
        },
        cuts: dim_bands
            .iter()
            .map(|c| (c.id.clone(), c.cuts.clone()))
            .collect(),
    };
    let dim_scores = result.aggregation().map(|a| &a.dimensions);
    let m = dataset.indicators.len();
    let mut assessments = Vec::with_capacity(dataset.units.len());
    // the result's units (a check step may exclude some), each with its row in the input
    for (u, unit) in result.units.iter().enumerate() {
        let row = dataset.units.iter().position(|x| x == unit).unwrap_or(u);
        let mut a = Assessment::for_framework(framework, unit.clone(), unit.clone());
        for col in &dim_bands {
            let Some(Some(band)) = col.bands.get(u) else {
                continue;
            };
            let Some(level) = level_ids.get(*band as usize) else {
                continue;
            };
            let value = dim_scores.and_then(|t| {
                let c = t.columns.iter().position(|x| x == &col.id)?;
                t.get(u, c)
            });
            let mut rating = Rating::level_id(level.clone()).with_rater(INDICATORS_RATER);
            for (j, meta) in dataset.indicators.iter().enumerate() {
                if meta.dimension != col.id {
                    continue;
                }
                if !result.indicators.contains(&meta.id) {
                    continue; // excluded by a check step
                }
                let v = raw.get(row * m + j).copied().unwrap_or(f64::NAN);
                let def = framework.indicator(&meta.id);
                let unit_text = def.map(|d| d.unit.get(tag).to_owned()).unwrap_or_default();
                let source = def.map(|d| d.source.clone());
                let shown = match (v.is_nan(), zh) {
                    (true, true) => "缺失".to_owned(),
                    (true, false) => "missing".to_owned(),
                    (false, _) => format!("{v}"),
                };
                let note = if zh {
                    let label = def.map_or(meta.id.as_str(), |d| d.labels.get(tag));
                    format!("{label}:{shown} {unit_text}")
                } else {
                    format!("{} = {shown} ({unit_text})", meta.id)
                };
                rating = rating.with_evidence(Evidence {
                    quote: None,
                    source,
                    note: Some(note),
                });
            }
            let cuts: Vec<String> = col.cuts.iter().map(|c| format!("{c}")).collect();
            rating = rating.with_note(if zh {
                let value_text = value.map_or_else(|| "缺失".to_owned(), |v| format!("{v:.4}"));
                let level_text = framework
                    .levels
                    .iter()
                    .find(|l| &l.id == level)
                    .map_or(level.as_str(), |l| l.labels.get(tag));
                format!(
                    "由指标得出:维度得分 {value_text} → {level_text}(流程第 {band_step} 步分级,切分点 [{}])",
                    cuts.join(", ")
                )
            } else {
                let value_text = value.map_or_else(|| "missing".to_owned(), |v| format!("{v:.4}"));
                format!(
                    "indicators: dimension value {value_text} → {level} (pipeline step {band_step}, band cuts [{}])",
                    cuts.join(", ")
                )
            });
            a.ratings.insert(col.id.clone(), Some(rating));
        }
        let mut meta = Map::new();
        meta.insert("source".into(), Value::from(INDICATORS_RATER));
        if let Some(v) = result.aggregation().and_then(|x| x.overall.get(u)) {
            if v.is_finite() {
                meta.insert("overall".into(), Value::from(*v));
            }
        }
        let record = IndicatorRun {
            framework: framework.id.clone(),
            pipeline: pipeline.clone(),
            banding: banding.clone(),
            units: result.units.len(),
            indicators: result.indicators.len(),
            dimensions: result.dimensions.len(),
            obstacles: result
                .top_obstacles(u)
                .into_iter()
                .map(|(id, degree)| ObstacleFinding {
                    indicator: id.to_owned(),
                    dimension: dataset
                        .indicators
                        .iter()
                        .find(|x| x.id == id)
                        .map(|x| x.dimension.clone())
                        .unwrap_or_default(),
                    degree,
                })
                .collect(),
        };
        if let Ok(v) = serde_json::to_value(&record) {
            meta.insert(RUN_KEY.into(), v);
        }
        let mut meta = Value::Object(meta);
        crate::json::canonicalize(&mut meta);
        if let Value::Object(m) = meta {
            a.metadata = m;
        }
        assessments.push(a);
    }
    Ok(FrameworkIndicatorResult {
        framework: framework.id.clone(),
        pipeline,
        result,
        banding,
        assessments,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::FRAMEWORK_SCHEMA_VERSION;

    const FW: &str = include_str!("../../data/indicators/framework.toml");
    const CSV: &str = include_str!("../../data/indicators/communities.csv");

    fn example() -> Result<(Framework, Dataset), Box<dyn std::error::Error>> {
        Ok((
            Framework::from_toml(FW)?,
            crate::table::read_indicator_csv(CSV)?,
        ))
    }

    #[test]
    fn example_framework_has_indicators_for_every_dimension(
    ) -> Result<(), Box<dyn std::error::Error>> {
        let (fw, data) = example()?;
        assert_eq!(fw.schema_version, FRAMEWORK_SCHEMA_VERSION);
        assert_eq!(fw.indicators.len(), 16);
        for d in &fw.dimensions {
            assert!(
                fw.indicators.iter().any(|i| i.dimension == d.id),
                "{}",
                d.id
            );
        }
        assert_eq!(data.units.len(), 6);
        // lossless in both formats
        assert_eq!(Framework::from_json(&fw.to_json())?, fw);
        assert_eq!(Framework::from_toml(&fw.to_toml()?)?, fw);
        Ok(())
    }

    #[test]
    fn dataset_takes_direction_weights_and_hierarchy_from_the_framework(
    ) -> Result<(), Box<dyn std::error::Error>> {
        let (fw, data) = example()?;
        let d = framework_dataset(&fw, data)?;
        let hours = d
            .indicators
            .iter()
            .find(|m| m.id == "request_response_hours");
        assert_eq!(hours.map(|m| m.direction), Some(Direction::Cost));
        let v = d.indicators.iter().find(|m| m.id == "volunteers_per_1000");
        assert_eq!(v.and_then(|m| m.weight), Some(2.0));
        assert_eq!(d.hierarchy.dimensions.len(), 8);
        assert_eq!(d.hierarchy.attributes.len(), 3);
        assert_eq!(
            d.hierarchy.dimensions[7].parent.as_deref(),
            Some("connectivity")
        );
        Ok(())
    }

    #[test]
    fn data_columns_must_match_the_framework() -> Result<(), Box<dyn std::error::Error>> {
        let (fw, mut data) = example()?;
        data.indicators[2].id = "partners".into();
        let e = framework_dataset(&fw, data.clone()).err();
        assert!(matches!(&e, Some(CompositeError::UnknownId { id, .. }) if id == "partners"));
        assert_eq!(
            e.map(|e| e.path().to_string()),
            Some("indicators[2].id".into())
        );
        data.indicators[2].id = "partner_organisations".into();
        data.indicators[3].dimension = "rules".into();
        let e = framework_dataset(&fw, data).err();
        assert_eq!(
            e.map(|e| e.path().to_string()),
            Some("indicators[3].dimension".into())
        );
        // a column left out
        let mut two = crate::table::read_indicator_csv("c,supply_coverage\na,1\nb,2\n")?;
        two.indicators[0].dimension = String::new();
        let e = framework_dataset(&fw, two).err();
        assert!(
            matches!(&e, Some(CompositeError::InvalidParameter { value, .. }) if value == "\"request_response_hours\""),
            "{e:?}"
        );
        Ok(())
    }

    /// Hand-computed: two units, one indicator per dimension of a two-dimension framework.
    /// Min–max: unit a has (100, 0) [the second is a cost: a has the higher cost], unit b (0, 100).
    /// Dimension values = the indicator values; thresholds 33.3…, 66.6…: a → (high, low),
    /// b → (low, high); overall 50 for both.
    #[test]
    fn bands_become_levels_of_assessments() -> Result<(), Box<dyn std::error::Error>> {
        let fw = Framework::from_json(
            r#"{"schema_version": 2, "id": "tiny", "labels": {"en": "Tiny", "zh": "小"},
            "attributes": [{"id": "all", "labels": {"en": "All"}}],
            "dimensions": [
              {"id": "d1", "attribute": "all", "labels": {"en": "D1"}},
              {"id": "d2", "attribute": "all", "labels": {"en": "D2"}}],
            "indicators": [
              {"id": "vol", "dimension": "d1", "direction": "benefit",
               "unit": {"en": "per 1,000"}, "labels": {"en": "Volunteers", "zh": "志愿者"},
               "source": "survey"},
              {"id": "delay", "dimension": "d2", "direction": "cost",
               "unit": {"en": "hours"}, "labels": {"en": "Delay", "zh": "时延"},
               "source": "records"}]}"#,
        )?;
        let data = crate::table::read_indicator_csv("unit,vol,delay\na,30,10\nb,10,2\n")?;
        let r = assess_with_framework(&fw, data, None)?;
        let lv = |u: usize, d: &str| {
            r.assessments[u].ratings.get(d).and_then(|x| {
                x.as_ref().map(|r| match &r.value {
                    crate::rating::RatingValue::Level(l) => l.clone(),
                    _ => String::new(),
                })
            })
        };
        assert_eq!(lv(0, "d1").as_deref(), Some("high"));
        assert_eq!(lv(0, "d2").as_deref(), Some("low"));
        assert_eq!(lv(1, "d1").as_deref(), Some("low"));
        assert_eq!(lv(1, "d2").as_deref(), Some("high"));
        assert_eq!(r.banding.method, BandMethod::Thresholds);
        assert_eq!(r.banding.cuts[0].0, "d1");
        assert!((r.banding.cuts[0].1[0] - 100.0 / 3.0).abs() < 1e-12);
        let rating = r.assessments[0].ratings["d1"].as_ref();
        let ev = rating.map(|x| x.evidence[0].note.clone());
        assert_eq!(ev, Some(Some("vol = 30 (per 1,000)".into())));
        assert_eq!(
            rating.and_then(|x| x.rater.as_deref()),
            Some(INDICATORS_RATER)
        );
        assert_eq!(r.assessments[0].metadata["overall"], serde_json::json!(50));
        for a in &r.assessments {
            a.validate(&fw)?;
        }
        // the same assessments score as the framework's engine says: a is (high, low)
        let card = crate::score::score(&r.assessments[0], &fw)?;
        assert_eq!(card.overall.map(|g| g.level), Some("medium".to_owned()));
        Ok(())
    }

    #[test]
    fn units_excluded_by_checks_get_no_assessment() -> Result<(), Box<dyn std::error::Error>> {
        let fw = Framework::from_toml(FW)?;
        let mut data = crate::table::read_indicator_csv(CSV)?;
        let m = data.indicators.len();
        for v in &mut data.values[m..2 * m] {
            *v = f64::NAN; // hepan: nothing measured
        }
        let mut p = default_pipeline(&fw);
        if let Some(Step::Check(c)) = p.steps.get_mut(0) {
            c.action = super::super::steps::CheckAction::Exclude;
        }
        let r = assess_with_framework(&fw, data, Some(p))?;
        let ids: Vec<&str> = r.assessments.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["donghu", "xishan", "nanyuan", "beicheng", "zhongxin"]);
        // xishan's evidence is its own row's values (supply coverage 88)
        let ev = r.assessments[1].ratings["needs_met"]
            .as_ref()
            .map(|x| x.evidence[0].note.clone());
        assert_eq!(
            ev,
            Some(Some("supply_coverage = 88 (% of households)".into()))
        );
        Ok(())
    }

    #[test]
    fn band_levels_must_be_the_frameworks() -> Result<(), Box<dyn std::error::Error>> {
        let (fw, data) = example()?;
        let mut p = default_pipeline(&fw);
        if let Some(Step::Band(b)) = p.steps.get_mut(3) {
            b.levels = vec!["weak".into(), "strong".into()];
            b.thresholds = vec![50.0];
        }
        let e = assess_with_framework(&fw, data.clone(), Some(p)).err();
        assert_eq!(
            e.map(|e| e.path().to_string()),
            Some("steps[3].levels".into())
        );
        let mut p = default_pipeline(&fw);
        p.steps.retain(|s| !matches!(s, Step::Band(_)));
        let e = assess_with_framework(&fw, data, Some(p)).err();
        assert!(matches!(e, Some(CompositeError::Order { .. })));
        Ok(())
    }

    #[test]
    fn example_levels_ranks_and_obstacles() -> Result<(), Box<dyn std::error::Error>> {
        let (fw, data) = example()?;
        let r = assess_with_framework(&fw, data, None)?;
        assert_eq!(r.assessments.len(), 6);
        assert!(r
            .assessments
            .iter()
            .all(|a| a.ratings.values().all(Option::is_some)));
        // donghu leads on nearly every indicator and nanyuan trails: first and last overall
        let ranks = r.result.ranks().map(|x| x.columns[0].ranks.clone());
        assert_eq!(ranks.as_ref().map(|x| x[0]), Some(1));
        assert_eq!(ranks.as_ref().map(|x| x[3]), Some(6));
        assert!(r.result.topsis().is_some());
        assert!(!r.result.top_obstacles(3).is_empty());
        Ok(())
    }
}

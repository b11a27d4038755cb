//! The composite-indicator pipeline over partitioned data (issue 15, `renxing.dask`): the
//! plan of statistics passes, one partition's stage partial, the merge of partials, the apply
//! per partition and the finish on the gathered columns. The method lives in the core
//! (`renxing::composite::partial`); partials are versioned serialisable values
//! ([`partial::PARTIAL_VERSION`]) that a scheduler passes around without reading.

use renxing::composite::partial::{
    self, FinishReport, PartitionPlan, PartitionResult, StagePartial,
};
use renxing::composite::{self, Dataset, Pipeline};
use renxing::Error;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::args;
use crate::ops_composite::{ArrayData, ResultArray};
use crate::{Ctx, Operation};

/// A pipeline to plan for partitioned data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IndicatorsPlanRequest {
    /// The steps.
    pub pipeline: Pipeline,
}

op! {
    /// The statistics passes a composite-indicator pipeline needs over partitioned data (Dask): one stage per point where whole-column statistics are read; refuses, naming the step, a step that needs more than mergeable statistics.
    IndicatorsPlan = "indicators_plan" / "indicatorsPlan",
    IndicatorsPlanRequest => PartitionPlan,
    |r, _ctx| Ok(partial::partition_plan(&r.pipeline)?)
}

/// One partition, the pipeline, the merged statistics of the earlier stages, and the stage.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IndicatorsPartialRequest {
    /// The steps.
    pub pipeline: Pipeline,
    /// The partition: its units, the indicators' metadata, its values, the hierarchy.
    pub data: Dataset,
    /// The merged partials of stages 0 … stage − 1.
    #[serde(default)]
    pub stats: Vec<StagePartial>,
    /// The stage (index into the plan's stages).
    pub stage: usize,
}

op! {
    /// One partition's partial statistics for one stage of a partitioned pipeline (column summary, entropy sums, first missing cells); merge them with indicators_merge.
    IndicatorsPartial = "indicators_partial" / "indicatorsPartial",
    IndicatorsPartialRequest => StagePartial,
    |r, _ctx| {
        let m = r.data.indicators.len();
        partial::stage_partial(&r.pipeline, r.data, &r.stats, r.stage)
            .map_err(|e| args::reroot(e.into(), |p| args::dataset_path(p, m)))
    }
}

/// Partials of one stage, earlier rows first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IndicatorsMergeRequest {
    /// The partials (at least one), in partition order.
    pub partials: Vec<StagePartial>,
}

op! {
    /// Merges stage partials of a partitioned pipeline (associative; in partition order the sums are taken about the same shifts as in memory).
    IndicatorsMerge = "indicators_merge" / "indicatorsMerge",
    IndicatorsMergeRequest => StagePartial,
    |r, _ctx| merge_all(r.partials)
}

/// Merges partials in order.
///
/// # Errors
/// No partial, or partials of different stages or versions.
pub fn merge_all(partials: Vec<StagePartial>) -> Result<StagePartial, Error> {
    let mut it = partials.into_iter();
    let Some(mut acc) = it.next() else {
        return Err(composite::CompositeError::Empty {
            path: composite::FieldPath::new(["partials"]),
            min: 1,
        }
        .into());
    };
    for p in it {
        acc = partial::merge_partials(acc, &p)?;
    }
    Ok(acc)
}

/// One partition, the pipeline and every stage's merged statistics.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IndicatorsApplyRequest {
    /// The steps.
    pub pipeline: Pipeline,
    /// The partition.
    pub data: Dataset,
    /// The merged partials of every stage.
    #[serde(default)]
    pub stats: Vec<StagePartial>,
}

op! {
    /// One partition's per-unit results of a partitioned pipeline (check, aggregates, TOPSIS, obstacle degrees), given every stage's merged statistics: the core's own steps with the global statistics.
    IndicatorsApply = "indicators_apply" / "indicatorsApply",
    IndicatorsApplyRequest => PartitionResult,
    |r, _ctx| {
        let m = r.data.indicators.len();
        partial::apply_partition(&r.pipeline, r.data, &r.stats)
            .map_err(|e| args::reroot(e.into(), |p| args::dataset_path(p, m)))
    }
}

/// The gathered per-unit results and the global statistics of a partitioned run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IndicatorsFinishRequest {
    /// The steps.
    pub pipeline: Pipeline,
    /// The indicators' metadata and hierarchy (values and units may be empty).
    pub data: Dataset,
    /// The merged partials of every stage.
    #[serde(default)]
    pub stats: Vec<StagePartial>,
    /// The partitions' results concatenated in order.
    pub gathered: PartitionResult,
}

op! {
    /// Finishes a partitioned pipeline: the check's indicator records, the fills and the weights from the merged statistics, ranks (ties by data.units) and bands of the gathered per-unit columns.
    IndicatorsFinish = "indicators_finish" / "indicatorsFinish",
    IndicatorsFinishRequest => FinishReport,
    |r, _ctx| Ok(partial::finish(&r.pipeline, &r.data, &r.stats, &r.gathered, &r.data.units)?)
}

/// The partition of a request whose `data.values` is given as a buffer (as
/// [`crate::indicators_of_array`] reads it: any strides, read once).
///
/// # Errors
/// A shape error for metadata of another width than the matrix.
pub fn partition_of_array(
    mut data: Dataset,
    n_units: usize,
    n_indicators: usize,
    values: &[f64],
    unit_stride: usize,
    indicator_stride: usize,
) -> Result<Dataset, Error> {
    let m = data.indicators.len();
    if n_indicators != m {
        return Err(composite::CompositeError::Shape {
            path: composite::FieldPath::new(["indicators"]),
            expected: n_indicators,
            found: m,
        }
        .into());
    }
    if n_units == 0 {
        data.units = Vec::new();
        data.values = Vec::new();
        return Ok(data);
    }
    let mut d = Dataset::from_strided(
        std::mem::take(&mut data.units),
        std::mem::take(&mut data.indicators),
        n_units,
        values,
        unit_stride,
        indicator_stride,
    )
    .map_err(|e| args::reroot(e.into(), |p| args::dataset_path(p, m)))?;
    d.hierarchy = data.hierarchy;
    // the rows' group labels (a group imputation's `by`)
    d.unit_groups = data.unit_groups;
    Ok(d)
}

/// The `indicators_partial` operation on a partition whose values are a buffer (read as
/// [`partition_of_array`] reads it): the request's own `data.values` are replaced, and errors
/// are located as the operation locates them.
///
/// # Errors
/// As the operation, and a shape error for metadata of another width than the matrix.
pub fn indicators_partial_array(
    mut request: IndicatorsPartialRequest,
    (n_units, n_indicators): (usize, usize),
    values: &[f64],
    (unit_stride, indicator_stride): (usize, usize),
    ctx: &Ctx,
) -> Result<StagePartial, Error> {
    request.data = partition_of_array(
        request.data,
        n_units,
        n_indicators,
        values,
        unit_stride,
        indicator_stride,
    )?;
    IndicatorsPartial::run(request, ctx)
}

/// The `indicators_apply` operation on a partition whose values are a buffer, its result in
/// array form ([`partition_arrays`]).
///
/// # Errors
/// As [`indicators_partial_array`].
pub fn indicators_apply_array(
    mut request: IndicatorsApplyRequest,
    (n_units, n_indicators): (usize, usize),
    values: &[f64],
    (unit_stride, indicator_stride): (usize, usize),
    ctx: &Ctx,
) -> Result<(serde_json::Value, Vec<ResultArray>), Error> {
    request.data = partition_of_array(
        request.data,
        n_units,
        n_indicators,
        values,
        unit_stride,
        indicator_stride,
    )?;
    partition_arrays(IndicatorsApply::run(request, ctx)?)
}

/// A partition's result in array form: every per-unit vector taken out as a [`ResultArray`]
/// (tables as rows × columns), the rest as JSON (as [`crate::pipeline_arrays`] does for a
/// whole run).
///
/// # Errors
/// Only if the result cannot be written as JSON (not expected).
pub fn partition_arrays(
    mut r: PartitionResult,
) -> Result<(serde_json::Value, Vec<ResultArray>), Error> {
    use renxing::Path;
    let mut out = Vec::new();
    let mut f = |path: Path, v: Vec<f64>, cols: Option<usize>| {
        let shape = match cols {
            Some(c) => vec![v.len().checked_div(c).unwrap_or(0), c],
            None => vec![v.len()],
        };
        out.push(ResultArray {
            path,
            shape,
            data: ArrayData::F64(v),
        });
    };
    let (nd, na) = (r.dimensions.len(), r.attributes.len());
    if let Some(v) = r.dimension_values.take() {
        f(Path::from("dimension_values"), v, Some(nd));
    }
    if let Some(v) = r.attribute_values.take() {
        f(Path::from("attribute_values"), v, Some(na));
    }
    if let Some(v) = r.overall.take() {
        f(Path::from("overall"), v, None);
    }
    if let Some([a, b, c]) = r.topsis.take() {
        f(Path::from("topsis").index(0), a, None);
        f(Path::from("topsis").index(1), b, None);
        f(Path::from("topsis").index(2), c, None);
        r.topsis = Some([Vec::new(), Vec::new(), Vec::new()]);
    }
    let mut ints = Vec::new();
    if let Some(o) = r.obstacle.as_mut() {
        let top = o.top;
        let d = std::mem::take(&mut o.dimensions.values);
        f(
            Path::from("obstacle").key("dimensions").key("values"),
            d,
            Some(nd),
        );
        if let Some(t) = o.attributes.as_mut() {
            let v = std::mem::take(&mut t.values);
            f(
                Path::from("obstacle").key("attributes").key("values"),
                v,
                Some(na),
            );
        }
        let v = std::mem::take(&mut o.top_degrees);
        f(
            Path::from("obstacle").key("top_degrees"),
            v,
            Some(top.max(1)),
        );
        let ti: Vec<i64> = std::mem::take(&mut o.top_indicators)
            .into_iter()
            .map(i64::from)
            .collect();
        ints.push(ResultArray {
            path: Path::from("obstacle").key("top_indicators"),
            shape: vec![ti.len().checked_div(top.max(1)).unwrap_or(0), top.max(1)],
            data: ArrayData::I64(ti),
        });
    }
    if let Some(c) = r.check.take() {
        let share = c.iter().map(|u| u.share).collect();
        f(Path::from("check").key("share"), share, None);
        ints.push(ResultArray {
            path: Path::from("check").key("available"),
            shape: vec![c.len()],
            data: ArrayData::I64(
                c.iter()
                    .map(|u| i64::try_from(u.available).unwrap_or(i64::MAX))
                    .collect(),
            ),
        });
        ints.push(ResultArray {
            path: Path::from("check").key("passed"),
            shape: vec![c.len()],
            data: ArrayData::Bool(c.iter().map(|u| u.passed).collect()),
        });
        r.check = Some(Vec::new());
    }
    out.extend(ints);
    let mut json = serde_json::to_value(&r).map_err(|e| {
        Error::from(composite::CompositeError::InvalidParameter {
            path: composite::FieldPath::new(["result"]),
            value: String::new(),
            reason: e.to_string(),
        })
    })?;
    if let Some(o) = json.as_object_mut() {
        if o.get("check").is_some_and(|c| !c.is_null()) {
            o.insert("check".into(), serde_json::json!({}));
        }
    }
    Ok((json, out))
}

//! Krippendorff's α over partitions (issue 15, `renxing.dask`): a partition's partial, the
//! merge, the finish. The method lives in the core (`renxing::agree::AgreementPartial`); the
//! finish equals the `agreement` operation with `measures = ["krippendorff_alpha"]` on all the
//! codings (the same bits on a category scale).

use renxing::agree::{self, AgreementPartial, AlphaOptions, Coding, Scale};
use renxing::Error;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::args::{self, FrameworkArg};
use crate::ops_methods::{agreement_route, level_scale, AgreementResponse};
use crate::{Ctx, Operation};

/// The codings of one partition (its units' codings all in it) and how to read them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AgreementPartialRequest {
    /// The partition's codings (`unit`, `coder`, `value`, optional `group`); empty for an empty
    /// partition.
    #[serde(default)]
    pub codings: Vec<Coding>,
    /// The value scale. Default: the framework's levels as ordered categories.
    #[serde(default)]
    pub scale: Option<Scale>,
    /// Keep a partial per group (the codings' `group`, e.g. the dimension) as well.
    #[serde(default)]
    pub by_group: bool,
    /// The framework whose levels give the default scale.
    #[serde(default)]
    pub framework: Option<FrameworkArg>,
}

fn scale_of(r: &AgreementPartialRequest, ctx: &Ctx) -> Result<Scale, Error> {
    Ok(match &r.scale {
        Some(s) => s.clone(),
        None => level_scale(args::framework(r.framework.as_ref(), ctx)?.as_ref()),
    })
}

fn located(e: agree::AgreeError) -> Error {
    args::reroot(e.into(), agreement_route)
}

op! {
    /// The partial of one partition of the codings for Krippendorff's α (pair counts or coincidences, value counts; per group with `by_group`), to merge with `agreement_merge` and finish with `agreement_finish`.
    AgreementPartialOp = "agreement_partial" / "agreementPartial",
    AgreementPartialRequest => AgreementPartial,
    |r, ctx| {
        let scale = scale_of(&r, ctx)?;
        if r.codings.is_empty() {
            return Ok(AgreementPartial::empty(&scale, 0, Vec::new(), r.by_group));
        }
        let data = agree::ReliabilityData::from_codings(&scale, &r.codings)?;
        AgreementPartial::of(&data, r.by_group).map_err(located)
    }
}

/// The partial of a units × coders array (a partition in wide form), read in place: the value
/// of unit `u` by coder `c` is `values[u * unit_stride + c * coder_stride]` (NaN = missing);
/// `groups`, with `by_group`, one per unit. Coders are the columns, named by index.
///
/// # Errors
/// The scale and framework errors of `agreement_partial`; `agreement_input` for a bad value or
/// shape; a unit without a group.
#[allow(clippy::too_many_arguments)]
pub fn agreement_partial_of_array(
    r: &AgreementPartialRequest,
    ctx: &Ctx,
    n_units: usize,
    n_coders: usize,
    values: &[f64],
    unit_stride: usize,
    coder_stride: usize,
    groups: Option<Vec<Option<String>>>,
) -> Result<AgreementPartial, Error> {
    let scale = scale_of(r, ctx)?;
    let data = match agree::ReliabilityData::from_strided(
        &scale,
        n_units,
        n_coders,
        values,
        unit_stride,
        coder_stride,
    ) {
        Err(agree::AgreeError::NoCodings) => {
            let coders = (0..n_coders).map(|c| c.to_string()).collect();
            return Ok(AgreementPartial::empty(&scale, n_units, coders, r.by_group));
        }
        other => other?,
    };
    let data = match groups {
        Some(g) => data.with_groups(g)?,
        None => data,
    };
    AgreementPartial::of(&data, r.by_group).map_err(located)
}

/// Partials to merge.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AgreementMergeRequest {
    /// Partials of consecutive partitions, in order.
    pub partials: Vec<AgreementPartial>,
}

op! {
    /// Merges the α partials of consecutive partitions (in order; associative, so any tree): integer pair counts are added exactly.
    AgreementMergeOp = "agreement_merge" / "agreementMerge",
    AgreementMergeRequest => AgreementPartial,
    |r, _ctx| AgreementPartial::merge(&r.partials).map_err(Error::from)
}

/// The merged partial and the α options.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AgreementFinishRequest {
    /// The partial of all partitions (`agreement_merge`).
    pub partial: AgreementPartial,
    /// Options of Krippendorff's α (metric; bootstrap, run here on the merged coincidences).
    #[serde(default)]
    pub alpha: AlphaOptions,
}

op! {
    /// Krippendorff's α (with its bootstrap) overall and per group from the merged partial: the `agreement` operation's result with measures ["krippendorff_alpha"] on all the codings.
    AgreementFinishOp = "agreement_finish" / "agreementFinish",
    AgreementFinishRequest => AgreementResponse,
    |r, _ctx| {
        // the core names the options `alpha.…`, as this request does
        let g = r.partial.finish(&r.alpha)?;
        Ok(AgreementResponse { overall: g.overall, groups: g.groups, spec: g.spec })
    }
}

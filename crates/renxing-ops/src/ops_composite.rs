//! The composite-indicator pipeline driven by a framework's indicators (issue 10): the data's
//! columns are the framework's indicators, and the result's dimension bands become the
//! framework's levels, one assessment per unit. The method lives in the core
//! (`renxing::composite::assess_with_framework`); this operation reads the request.

use renxing::composite::{self, Dataset, FrameworkIndicatorResult, Pipeline};
use renxing::{Error, Lang};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::args::{self, FrameworkArg};
use crate::{Ctx, Operation};

/// A framework with indicators, a data table of them, and optionally the pipeline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AssessIndicatorsRequest {
    /// The framework (an object with `indicators`, `schema_version` 2; or the id of the context's
    /// framework).
    pub framework: FrameworkArg,
    /// Units × indicators: one column per framework indicator, by id (e.g. from
    /// `read_indicators`); direction, goalposts, target, weights and the hierarchy come from the
    /// framework.
    pub data: Dataset,
    /// The steps (default: checks, min–max, arithmetic aggregation, banding at equal thirds of
    /// 0–100 into the framework's levels, TOPSIS, obstacle degree, ranks). A band step with
    /// empty `levels` gets the framework's level ids.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pipeline: Option<Pipeline>,
    /// Also the ranking, dimension-level and obstacle tables as plain text in this language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<Lang>,
    /// The language of the assessments' notes and evidence (default: `text`'s, else the
    /// caller's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<Lang>,
    /// Also a report (HTML or Markdown): the indicator system, the methods (every step with its
    /// parameters, the banding rule) and the result tables.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report: Option<crate::ReportSpec>,
}

/// The framework-driven pipeline's result, the assessments it makes, and the tables as text.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct AssessIndicatorsResponse {
    /// The run: the pipeline as run, every step's record, the banding rule, the assessments.
    #[serde(flatten)]
    pub run: FrameworkIndicatorResult,
    /// The tables as plain text (when `text` was asked for).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The report (when `report` was asked for).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub report: Option<crate::ReportResponse>,
}

op! {
    /// Runs the composite-indicator pipeline on the indicators a framework defines and bands each unit's dimension scores into the framework's levels: ranks, TOPSIS, obstacle degrees and one assessment per unit (rater indicators, evidence the indicator values) that score, diagnose and report accept.
    AssessIndicators = "assess_indicators" / "assessIndicators",
    AssessIndicatorsRequest => AssessIndicatorsResponse,
    |r, ctx| {
        let fw = args::framework(Some(&r.framework), ctx)?;
        let m = r.data.indicators.len();
        let lang = args::lang(r.lang.or(r.text), ctx);
        let run = composite::assess_with_framework_in(&fw, r.data, r.pipeline, lang)
            .map_err(|e| args::reroot(e.into(), |p| args::dataset_path(p, m)))?;
        let text = r.text.map(|lang| renxing::text::indicator_tables(&run, &fw, lang));
        let report = r.report.map(|spec| {
            let o = spec.options(ctx);
            match spec.format {
                crate::ReportFormat::Markdown => {
                    let md = renxing::report::markdown_indicator_report(&run, &fw, &o);
                    crate::ReportResponse {
                        format: crate::ReportFormat::Markdown,
                        text: md.markdown,
                        charts: md.charts,
                    }
                }
                _ => crate::ReportResponse {
                    format: crate::ReportFormat::Html,
                    text: renxing::report::html_indicator_report(&run, &fw, &o),
                    charts: Vec::new(),
                },
            }
        });
        Ok(AssessIndicatorsResponse { run, text, report })
    }
}

// ---------------------------------------------------------------------------------------------
// the numeric buffer path: a matrix in, arrays out
// ---------------------------------------------------------------------------------------------

/// The `indicators` operation on a units × indicators matrix given as a buffer instead of the
/// request's `data.values`: the value of unit `i` and indicator `j` is
/// `values[i * unit_stride + j * indicator_stride]` for `n_units × n_indicators` (NaN = missing;
/// any memory order, read in place once), as the numpy path of the Python binding and the typed-array path of the
/// WebAssembly package pass it. `r.data.values` is not read; `r.data.units` empty names the
/// units by row position (`"0"`, `"1"`, …). The result is the core's `run_lean` (tables
/// without rows, unit checks without ids: [`pipeline_arrays`] leaves them out anyway); the
/// pipeline, its records and every number are those of the `indicators` operation on the same data (the core gathers the matrix and runs
/// the same code); errors are located as the operation's, a cell as `["array", unit,
/// indicator]`.
///
/// # Errors
/// The `indicators` operation's errors, and a shape error for `units` or `indicators` of another
/// length than the matrix's, or a matrix that does not fit in `values`.
pub fn indicators_of_array(
    r: crate::IndicatorsRequest,
    n_units: usize,
    n_indicators: usize,
    values: &[f64],
    unit_stride: usize,
    indicator_stride: usize,
) -> Result<composite::PipelineResult, Error> {
    let m = r.data.indicators.len();
    let route = |p: &[renxing::PathSeg]| array_path(p, m);
    if n_indicators != m {
        let e = composite::CompositeError::Shape {
            path: composite::FieldPath::new(["indicators"]),
            expected: n_indicators,
            found: m,
        };
        return Err(args::reroot(e.into(), route));
    }
    let crate::IndicatorsRequest { data, pipeline } = r;
    let mut d = Dataset::from_strided_positions(
        data.units,
        data.indicators,
        n_units,
        values,
        unit_stride,
        indicator_stride,
    )
    .map_err(|e| args::reroot(e.into(), route))?;
    d.hierarchy = data.hierarchy;
    d.unit_groups = data.unit_groups;
    composite::run_lean(&pipeline, d).map_err(|e| args::reroot(e.into(), route))
}

/// A dataset error's path in the array form: a cell `values[r][c]` is `["array", r, c]`; the
/// rest as in the `indicators` operation.
pub(crate) fn array_path(p: &[renxing::PathSeg], m: usize) -> Option<renxing::Path> {
    use renxing::PathSeg;
    match p {
        [PathSeg::Key(k), PathSeg::Index(r), PathSeg::Index(c), rest @ ..] if k == "values" => {
            let mut q = renxing::Path::from("array").index(*r).index(*c);
            q.0.extend(rest.iter().cloned());
            Some(q)
        }
        [PathSeg::Key(k)] if k == "values" => Some(renxing::Path::from("array")),
        _ => args::dataset_path(p, m),
    }
}

/// The numbers of one array taken out of a result.
#[derive(Clone, Debug, PartialEq)]
pub enum ArrayData {
    /// Floating point (NaN = missing).
    F64(Vec<f64>),
    /// Integers (counts, ranks, positions; −1 = none).
    I64(Vec<i64>),
    /// Small integers (band levels; −1 = none).
    I16(Vec<i16>),
    /// Flags.
    Bool(Vec<bool>),
}

/// One array of a result in array form: where it goes (keys and indices from the response's
/// root), its shape (one length, or rows × columns row-major) and its numbers.
#[derive(Clone, Debug, PartialEq)]
pub struct ResultArray {
    /// Where the array goes in the response.
    pub path: renxing::Path,
    /// `[len]` or `[rows, columns]`.
    pub shape: Vec<usize>,
    /// The numbers.
    pub data: ArrayData,
}

/// A pipeline result in array form, for front ends that hand numbers over as arrays (numpy,
/// typed arrays) rather than as lists: every per-unit vector and table is taken out as a
/// [`ResultArray`], and the rest (the steps as executed, their parameters, per-indicator
/// reports, weights) is the `indicators` response as JSON with these places left for the
/// arrays. In that JSON:
///
/// * a table (`final_table`, `dimensions`, `attributes`, normalised/imputed/treated tables,
///   obstacle tables) keeps its `columns`, its `rows` are `[]` (they are the result's `units`)
///   and its `values` are an array of shape units × columns;
/// * the check step's `units` (one record per input unit) is an object of arrays `available`
///   (int), `share`, `zero_share` (float) and `passed` (bool), in input order;
/// * a band column's `bands` is a small-int array ([`ArrayData::I16`], −1 = a missing value), rank columns' and TOPSIS's
///   `ranks` int arrays, TOPSIS's `d_plus`, `d_minus`, `closeness`, the aggregation's `overall`
///   float arrays, the obstacle step's `top_indicators` (int) and `top_degrees` (float) arrays of
///   shape units × top;
/// * `units` is an int array of row positions when `positions` is true (the units were named
///   by position, see [`indicators_of_array`]), else the list of ids.
///
/// # Errors
/// Only if the result cannot be written as JSON (not expected).
pub fn pipeline_arrays(
    mut result: composite::PipelineResult,
    positions: bool,
) -> Result<(serde_json::Value, Vec<ResultArray>), Error> {
    use composite::{StepReport, Table};
    use renxing::Path;
    let mut out: Vec<ResultArray> = Vec::new();
    let mut objects: Vec<Path> = Vec::new();
    let f64s = |out: &mut Vec<ResultArray>, path: Path, v: &mut Vec<f64>, cols: Option<usize>| {
        let data = std::mem::take(v);
        let shape = match cols {
            Some(c) => vec![data.len().checked_div(c).unwrap_or(0), c],
            None => vec![data.len()],
        };
        out.push(ResultArray {
            path,
            shape,
            data: ArrayData::F64(data),
        });
    };
    let i64s = |out: &mut Vec<ResultArray>, path: Path, v: Vec<i64>, cols: Option<usize>| {
        let shape = match cols {
            Some(c) => vec![v.len().checked_div(c).unwrap_or(0), c],
            None => vec![v.len()],
        };
        out.push(ResultArray {
            path,
            shape,
            data: ArrayData::I64(v),
        });
    };
    let table = |out: &mut Vec<ResultArray>, path: Path, t: &mut Table| {
        t.rows = Vec::new();
        let c = t.columns.len();
        f64s(out, path.key("values"), &mut t.values, Some(c));
    };
    let ranks = |v: &mut Vec<u32>| std::mem::take(v).into_iter().map(i64::from).collect();
    table(&mut out, Path::from("final_table"), &mut result.final_table);
    for (i, s) in result.steps.iter_mut().enumerate() {
        let at = Path::from("steps").index(i).key("report");
        match &mut s.report {
            StepReport::Check(c) => {
                // the columns as they are (the counts converted in place)
                let units = std::mem::take(&mut c.units);
                let p = at.clone().key("units");
                objects.push(p.clone());
                let len = units.len();
                let available = units
                    .available
                    .into_iter()
                    .map(|a| i64::try_from(a).unwrap_or(i64::MAX))
                    .collect();
                let (mut share, mut zero) = (units.share, units.zero_share);
                i64s(&mut out, p.clone().key("available"), available, None);
                f64s(&mut out, p.clone().key("share"), &mut share, None);
                f64s(&mut out, p.clone().key("zero_share"), &mut zero, None);
                out.push(ResultArray {
                    path: p.clone().key("passed"),
                    shape: vec![len],
                    data: ArrayData::Bool(units.passed),
                });
            }
            StepReport::Impute(r) => {
                if let Some(t) = &mut r.table {
                    table(&mut out, at.clone().key("table"), t);
                }
            }
            StepReport::Treat(r) => {
                if let Some(t) = &mut r.table {
                    table(&mut out, at.clone().key("table"), t);
                }
            }
            StepReport::Normalise(r) => {
                if let Some(t) = &mut r.table {
                    table(&mut out, at.clone().key("table"), t);
                }
            }
            StepReport::Aggregate(r) => {
                table(&mut out, at.clone().key("dimensions"), &mut r.dimensions);
                if let Some(t) = &mut r.attributes {
                    table(&mut out, at.clone().key("attributes"), t);
                }
                f64s(&mut out, at.clone().key("overall"), &mut r.overall, None);
            }
            StepReport::Band(r) => {
                for (k, c) in r.columns.iter_mut().enumerate() {
                    let b: Vec<i16> = std::mem::take(&mut c.bands)
                        .into_iter()
                        .map(|b| b.map_or(-1, i16::from))
                        .collect();
                    out.push(ResultArray {
                        path: at.clone().key("columns").index(k).key("bands"),
                        shape: vec![b.len()],
                        data: ArrayData::I16(b),
                    });
                }
            }
            StepReport::Topsis(r) => {
                let p = at.clone().key("result");
                f64s(
                    &mut out,
                    p.clone().key("d_plus"),
                    &mut r.result.d_plus,
                    None,
                );
                f64s(
                    &mut out,
                    p.clone().key("d_minus"),
                    &mut r.result.d_minus,
                    None,
                );
                f64s(
                    &mut out,
                    p.clone().key("closeness"),
                    &mut r.result.closeness,
                    None,
                );
                i64s(&mut out, at.clone().key("ranks"), ranks(&mut r.ranks), None);
            }
            StepReport::Obstacle(r) => {
                if let Some(t) = &mut r.indicators {
                    table(&mut out, at.clone().key("indicators"), t);
                }
                table(&mut out, at.clone().key("dimensions"), &mut r.dimensions);
                if let Some(t) = &mut r.attributes {
                    table(&mut out, at.clone().key("attributes"), t);
                }
                let top = Some(r.top);
                i64s(
                    &mut out,
                    at.clone().key("top_indicators"),
                    ranks(&mut r.top_indicators),
                    top,
                );
                f64s(
                    &mut out,
                    at.clone().key("top_degrees"),
                    &mut r.top_degrees,
                    top,
                );
            }
            StepReport::Rank(r) => {
                for (k, c) in r.columns.iter_mut().enumerate() {
                    i64s(
                        &mut out,
                        at.clone().key("columns").index(k).key("ranks"),
                        ranks(&mut c.ranks),
                        None,
                    );
                }
            }
            _ => {}
        }
    }
    if let Some(p) = result.positions.take() {
        // the positions the core carried (converted in place)
        let pos = p
            .into_iter()
            .map(|i| i64::try_from(i).unwrap_or(-1))
            .collect();
        i64s(&mut out, Path::from("units"), pos, None);
    } else if positions {
        let pos = std::mem::take(&mut result.units)
            .iter()
            .map(|u| u.parse::<i64>().unwrap_or(-1))
            .collect();
        i64s(&mut out, Path::from("units"), pos, None);
    }
    let mut json = serde_json::to_value(&result).map_err(|e| {
        Error::from(renxing::Problem::new(
            renxing::ErrorCode::Internal,
            renxing::Msg::new(
                format!("结果无法写成 JSON:{e}"),
                format!("the result cannot be written as JSON: {e}"),
            ),
        ))
    })?;
    for p in objects {
        if let Some(slot) = pointer_mut(&mut json, &p) {
            *slot = serde_json::Value::Object(serde_json::Map::new());
        }
    }
    Ok((json, out))
}

/// The JSON value at a path, if present.
fn pointer_mut<'a>(
    v: &'a mut serde_json::Value,
    p: &renxing::Path,
) -> Option<&'a mut serde_json::Value> {
    let mut cur = v;
    for seg in &p.0 {
        cur = match seg {
            renxing::PathSeg::Key(k) => cur.get_mut(k.as_str())?,
            renxing::PathSeg::Index(i) => cur.get_mut(*i)?,
        };
    }
    Some(cur)
}

/// [`indicators_of_array`] on a row-major matrix (`values.len()` = units × indicators), as the
/// WebAssembly package's `indicatorsArray` passes a `Float64Array`: the number of units is
/// `r.data.units.len()` when units are named, else `values.len() / indicators`.
///
/// # Errors
/// As [`indicators_of_array`], and a shape error (at `values`) for a length that is not units ×
/// indicators.
pub fn indicators_of_rows(
    r: crate::IndicatorsRequest,
    values: &[f64],
) -> Result<composite::PipelineResult, Error> {
    let m = r.data.indicators.len();
    let n = if r.data.units.is_empty() {
        values.len().checked_div(m).unwrap_or(0)
    } else {
        r.data.units.len()
    };
    if n.checked_mul(m) != Some(values.len()) {
        let e = composite::CompositeError::Shape {
            path: composite::FieldPath::new(["values"]),
            expected: n.saturating_mul(m.max(1)),
            found: values.len(),
        };
        return Err(args::reroot(e.into(), |p| array_path(p, m)));
    }
    indicators_of_array(r, n, m, values, m, 1)
}

//! Charts of a framework-driven indicator run and the built-in example indicator system
//! (issue 10): `indicator_charts` runs the pipeline as `assess_indicators` does and draws the
//! contributions, obstacle-degree and rank-table charts (SVG from the core,
//! `renxing::chart::indicator_*`); `indicator_example` gives the example framework, data and
//! pipeline of `examples/indicators/` (the page starts from them).

use renxing::chart::ContributionParts;
use renxing::composite::{self, Dataset, Pipeline};
use renxing::{Error, Framework};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::args::{self, FrameworkArg};
use crate::ops::{ChartSpec, Empty};
use crate::{Ctx, Operation};

/// Which chart of an indicator run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum IndicatorChartKind {
    /// Stacked bars of weight × normalised value per unit (`renxing::chart::indicator_contributions`).
    Contributions,
    /// Stacked bars of obstacle degree per dimension per unit, the top obstacle at the end.
    Obstacles,
    /// The rank table: rank, overall score and level, TOPSIS closeness and rank.
    Ranks,
}

fn all_kinds() -> Vec<IndicatorChartKind> {
    vec![
        IndicatorChartKind::Contributions,
        IndicatorChartKind::Obstacles,
        IndicatorChartKind::Ranks,
    ]
}

/// An indicator run (as `assess_indicators`) and the charts to draw of it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IndicatorChartsRequest {
    /// The framework (an object with `indicators`, or the id of the context's framework).
    pub framework: FrameworkArg,
    /// Units × indicators, one column per framework indicator (e.g. from `read_indicators`).
    pub data: Dataset,
    /// The steps (default: as `assess_indicators`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pipeline: Option<Pipeline>,
    /// The charts, in this order (default: contributions, obstacles, ranks).
    #[serde(default = "all_kinds")]
    pub charts: Vec<IndicatorChartKind>,
    /// What a contribution bar is split into (default: dimensions).
    #[serde(default)]
    pub parts: ContributionParts,
    /// Language, size, title and id prefix (each chart's ids get `-<kind>` after the prefix).
    #[serde(default)]
    pub chart: ChartSpec,
}

/// One chart of an indicator run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct IndicatorChart {
    /// Which chart.
    pub kind: IndicatorChartKind,
    /// The SVG text.
    pub svg: String,
}

/// The charts asked for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct IndicatorChartsResponse {
    /// The charts, in the order asked for.
    pub charts: Vec<IndicatorChart>,
}

op! {
    /// Charts of a framework-driven indicator run (SVG): each unit's contributions to the overall index (stacked bars of indicator weight × normalised value per dimension or indicator), its obstacle degree per dimension with the top obstacle, and the rank table.
    IndicatorCharts = "indicator_charts" / "indicatorCharts",
    IndicatorChartsRequest => IndicatorChartsResponse,
    |r, ctx| {
        let fw = args::framework(Some(&r.framework), ctx)?;
        let m = r.data.indicators.len();
        let lang = args::lang(r.chart.lang, ctx);
        let run = composite::assess_with_framework_in(&fw, r.data, r.pipeline, lang)
            .map_err(|e| args::reroot(e.into(), |p| args::dataset_path(p, m)))?;
        let base = r.chart.options(ctx);
        let mut charts = Vec::with_capacity(r.charts.len());
        for kind in r.charts {
            let mut o = base.clone();
            let tag = match kind {
                IndicatorChartKind::Contributions => "contributions",
                IndicatorChartKind::Obstacles => "obstacles",
                IndicatorChartKind::Ranks => "ranks",
            };
            o.id_prefix = format!("{}-{tag}", base.id_prefix);
            let svg = match kind {
                IndicatorChartKind::Contributions => {
                    renxing::chart::indicator_contributions(&run, &fw, r.parts, &o)
                }
                IndicatorChartKind::Obstacles => renxing::chart::indicator_obstacles(&run, &fw, &o),
                IndicatorChartKind::Ranks => renxing::chart::indicator_rank_table(&run, &fw, &o),
            }
            .map_err(Error::from)?;
            charts.push(IndicatorChart { kind, svg });
        }
        Ok(IndicatorChartsResponse { charts })
    }
}

/// The example indicator system of `examples/indicators/`.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct IndicatorExampleResponse {
    /// The framework (`framework.toml`): the paper's attributes and dimensions, 16 indicators.
    pub framework: Framework,
    /// The data (`communities.csv`): six communities × the 16 indicators (illustrative values),
    /// as CSV text for `read_indicators`.
    pub data_csv: String,
    /// The pipeline (`pipeline.toml`).
    pub pipeline: Pipeline,
}

op! {
    /// The example indicator system shipped in examples/indicators: a framework with two indicators per dimension of the paper, six communities' data (CSV text) and a pipeline (entropy weights, TOPSIS, obstacle degree).
    IndicatorExample = "indicator_example" / "indicatorExample",
    Empty => IndicatorExampleResponse,
    |_, ctx| {
        Ok(IndicatorExampleResponse {
            framework: composite::example_framework()?,
            data_csv: composite::EXAMPLE_DATA_CSV.to_owned(),
            pipeline: composite::example_pipeline()?,
        })
    }
}

/// A pipeline file's text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReadPipelineRequest {
    /// The text: JSON (starting with `{`) or TOML (`[[steps]]` tables), as `pipeline.toml`.
    pub text: String,
}

op! {
    /// Reads a composite-indicator pipeline file (JSON or TOML, as examples/indicators/pipeline.toml) into the pipeline value that assess_indicators, indicator_charts, indicators and uncertainty take.
    ReadPipeline = "read_pipeline" / "readPipeline",
    ReadPipelineRequest => Pipeline,
    |r, ctx| composite::read_pipeline(&r.text)
}

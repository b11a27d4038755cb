//! Result types (`Scorecard`, `Diagnosis`, `Comparison`), charts (`Chart`), and the scoring,
//! diagnosis and comparison functions. Results hold the core values; every getter serializes
//! the core value (serde) into plain Python dicts and lists.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use renxing::chart::{ChartOptions, RadarSeries};
use renxing::report::ReportOptions;
use renxing::text::{Renderer, Style};
use renxing::{Assessment, Comparison, Diagnosis, Framework, Method, ScoreOptions, Scorecard};

use crate::convert;
use crate::errors;
use crate::lang;
use crate::model::{assessment_arg, id_arg, PyAssessment, PyFramework};

/// Scoring options from keyword arguments (method id, weights by id).
pub fn options(
    method: Option<&str>,
    dimension_weights: Option<&Bound<'_, PyAny>>,
    attribute_weights: Option<&Bound<'_, PyAny>>,
) -> PyResult<ScoreOptions> {
    let mut o = ScoreOptions::default();
    if let Some(m) = method {
        o.method = m
            .parse::<Method>()
            .map_err(|e| errors::options(format!("method: {e}")))?;
    }
    if let Some(w) = dimension_weights {
        o.dimension_weights = weights(w, "dimension_weights")?;
    }
    if let Some(w) = attribute_weights {
        o.attribute_weights = weights(w, "attribute_weights")?;
    }
    Ok(o)
}

fn weights(obj: &Bound<'_, PyAny>, field: &str) -> PyResult<BTreeMap<String, f64>> {
    if obj.is_none() {
        return Ok(BTreeMap::new());
    }
    let d = obj
        .cast::<PyDict>()
        .map_err(|_| errors::options(format!("{field}: expected a dict of id → weight")))?;
    let mut out = BTreeMap::new();
    for (k, v) in d.iter() {
        let key = convert::key_string(&k).ok_or_else(|| {
            errors::options(format!("{field}: keys must be ids (str or a renxing enum)"))
        })?;
        if v.is_instance_of::<pyo3::types::PyBool>() {
            return Err(errors::options(format!(
                "{field}.{key}: expected a number, found a bool"
            )));
        }
        let w: f64 = v
            .extract()
            .map_err(|_| errors::options(format!("{field}.{key}: expected a number")))?;
        out.insert(key, w);
    }
    Ok(out)
}

/// A rendered SVG chart. Shown inline by Jupyter (`_repr_svg_`).
#[pyclass(module = "renxing", name = "Chart", frozen)]
pub struct PyChart {
    svg: String,
}

#[pymethods]
impl PyChart {
    /// The SVG text.
    #[getter]
    fn svg(&self) -> &str {
        &self.svg
    }

    fn _repr_svg_(&self) -> &str {
        &self.svg
    }

    fn __str__(&self) -> &str {
        &self.svg
    }

    fn __repr__(&self) -> String {
        format!("Chart({} bytes of SVG)", self.svg.len())
    }

    /// Writes the SVG file (UTF-8).
    fn save(&self, path: PathBuf) -> PyResult<()> {
        Ok(std::fs::write(path, &self.svg)?)
    }
}

fn size(v: Option<i64>) -> Option<u32> {
    v.map(|v| u32::try_from(v.max(0)).unwrap_or(u32::MAX))
}

fn chart_options(
    lang: Option<&str>,
    width: Option<i64>,
    height: Option<i64>,
    scores: bool,
    title: Option<String>,
) -> PyResult<ChartOptions> {
    let mut o = ChartOptions::new(lang::resolve(lang)?);
    o.width = size(width);
    o.height = size(height);
    o.scores = scores;
    o.title = title;
    Ok(o)
}

fn report_options(lang: Option<&str>, title: Option<String>) -> PyResult<ReportOptions> {
    let mut o = ReportOptions::new(lang::resolve(lang)?);
    o.title = title;
    Ok(o)
}

fn markdown_to_py<'py>(
    py: Python<'py>,
    md: renxing::report::MarkdownReport,
) -> PyResult<(String, Bound<'py, PyDict>)> {
    let charts = PyDict::new(py);
    for c in md.charts {
        charts.set_item(c.name, c.svg)?;
    }
    Ok((md.markdown, charts))
}

fn reference_series(fw: &Framework, references: Option<Vec<String>>) -> Vec<RadarSeries> {
    let ids = references.unwrap_or_default();
    let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    RadarSeries::reference_cases(fw, &refs)
}

/// The scores of one assessment.
#[pyclass(module = "renxing", name = "Scorecard", frozen)]
pub struct PyScorecard {
    pub inner: Scorecard,
    pub framework: Arc<Framework>,
    pub name: String,
}

#[pymethods]
impl PyScorecard {
    /// The assessment's id.
    #[getter]
    fn assessment(&self) -> &str {
        &self.inner.assessment
    }

    /// The framework's id.
    #[getter]
    fn framework_id(&self) -> &str {
        &self.inner.framework
    }

    /// The aggregation method used.
    #[getter]
    fn method(&self) -> &'static str {
        self.inner.method.id()
    }

    /// The overall grade (`level`, `code`, `score`, `value`), None if nothing is rated.
    #[getter]
    fn overall<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::ser_to_py(py, &self.inner.overall)
    }

    /// The overall level id, None if nothing is rated.
    #[getter]
    fn overall_level(&self) -> Option<&str> {
        self.inner.overall.as_ref().map(|g| g.level.as_str())
    }

    /// The overall score 0–100, None if nothing is rated.
    #[getter]
    fn overall_score(&self) -> Option<f64> {
        self.inner.overall.as_ref().map(|g| g.score)
    }

    /// Per dimension (framework order): id, attribute, weight, grade, source, inconsistent.
    #[getter]
    fn dimensions<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::ser_to_py(py, &self.inner.dimensions)
    }

    /// Per attribute: id, weight, grade, rated, total, split.
    #[getter]
    fn attributes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::ser_to_py(py, &self.inner.attributes)
    }

    /// The columns of 表1 by key, in order (`robustness`, …,
    /// `connectivity.government_connectivity`): the level id or None.
    #[getter]
    fn columns<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for c in self.inner.columns() {
            d.set_item(c.key(), c.grade.map(|g| g.level))?;
        }
        Ok(d)
    }

    /// The column keys of 表1, in order.
    #[getter]
    fn column_keys(&self) -> Vec<String> {
        self.inner.columns().iter().map(|c| c.key()).collect()
    }

    /// Dimension ids not rated.
    #[getter]
    fn unrated(&self) -> Vec<String> {
        self.inner
            .unrated()
            .into_iter()
            .map(str::to_owned)
            .collect()
    }

    /// Dimension ids whose two-question rating was inconsistent.
    #[getter]
    fn inconsistencies(&self) -> Vec<String> {
        self.inner
            .inconsistencies()
            .into_iter()
            .map(str::to_owned)
            .collect()
    }

    /// One dimension's entry, None for an unknown id.
    fn dimension<'py>(
        &self,
        py: Python<'py>,
        id: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let id = id_arg(id, "dimension")?;
        convert::ser_to_py(py, &self.inner.dimension(&id))
    }

    /// One attribute's entry, None for an unknown id.
    fn attribute<'py>(
        &self,
        py: Python<'py>,
        id: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let id = id_arg(id, "attribute")?;
        convert::ser_to_py(py, &self.inner.attribute(&id))
    }

    /// Everything as a dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::ser_to_py(py, &self.inner)
    }

    /// Everything as pretty JSON.
    fn to_json(&self) -> PyResult<String> {
        serde_json::to_string_pretty(&self.inner).map_err(|e| errors::internal(&e.to_string()))
    }

    /// The scorecard as aligned text (or Markdown).
    #[pyo3(signature = (lang=None, markdown=false))]
    fn to_text(&self, lang: Option<&str>, markdown: bool) -> PyResult<String> {
        let style = if markdown {
            Style::Markdown
        } else {
            Style::Plain
        };
        let r = Renderer::new(&self.framework, lang::resolve(lang)?, style);
        Ok(r.scorecard(&self.inner, Some(&self.name)))
    }

    /// A radar chart of the dimension levels, optionally with reference cases overlaid
    /// (`references=["case-a", "case-c"]`).
    #[pyo3(signature = (*, references=None, lang=None, width=None, height=None, scores=false, title=None))]
    #[allow(clippy::too_many_arguments)]
    fn radar(
        &self,
        references: Option<Vec<String>>,
        lang: Option<&str>,
        width: Option<i64>,
        height: Option<i64>,
        scores: bool,
        title: Option<String>,
    ) -> PyResult<PyChart> {
        let o = chart_options(lang, width, height, scores, title)?;
        let mut series = vec![RadarSeries::new(&self.name, self.inner.clone())];
        series.extend(reference_series(&self.framework, references));
        let svg = renxing::chart::radar(&self.framework, &series, &o).map_err(errors::err)?;
        Ok(PyChart { svg })
    }

    /// A bar chart of the 表1 columns.
    #[pyo3(signature = (*, lang=None, width=None, height=None, title=None))]
    fn bars(
        &self,
        lang: Option<&str>,
        width: Option<i64>,
        height: Option<i64>,
        title: Option<String>,
    ) -> PyResult<PyChart> {
        let o = chart_options(lang, width, height, false, title)?;
        let svg = renxing::chart::attribute_bars(&self.framework, &self.inner, &o)
            .map_err(errors::err)?;
        Ok(PyChart { svg })
    }

    fn _repr_svg_(&self) -> PyResult<String> {
        Ok(self.radar(None, None, None, None, false, None)?.svg)
    }

    fn __repr__(&self) -> String {
        format!(
            "Scorecard(assessment={:?}, method={:?}, overall={})",
            self.inner.assessment,
            self.inner.method.id(),
            self.inner.overall.as_ref().map_or_else(
                || "None".to_owned(),
                |g| format!("{} ({:.1})", g.level, g.score)
            )
        )
    }
}

/// A diagnosis: deficits, remedies, nearest reference case, the mode's defects.
#[pyclass(module = "renxing", name = "Diagnosis", frozen)]
pub struct PyDiagnosis {
    pub inner: Diagnosis,
    pub assessment: Assessment,
    pub framework: Arc<Framework>,
}

#[pymethods]
impl PyDiagnosis {
    /// The scorecard.
    #[getter]
    fn scorecard(&self) -> PyScorecard {
        PyScorecard {
            inner: self.inner.scorecard.clone(),
            framework: Arc::clone(&self.framework),
            name: self.assessment.name.clone(),
        }
    }

    /// The assessment diagnosed.
    #[getter]
    fn assessment(&self) -> PyAssessment {
        PyAssessment {
            inner: self.assessment.clone(),
            framework: Arc::clone(&self.framework),
        }
    }

    /// Attributes below the top level, most severe first.
    #[getter]
    fn attribute_deficits<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::ser_to_py(py, &self.inner.attribute_deficits)
    }

    /// Dimensions below the top level, most severe first.
    #[getter]
    fn dimension_deficits<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::ser_to_py(py, &self.inner.dimension_deficits)
    }

    /// The remedies that apply, highest priority first (title and detail by language, source).
    #[getter]
    fn remedies<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::ser_to_py(py, &self.inner.remedies)
    }

    /// The nearest reference case (paper framework only), or None.
    #[getter]
    fn nearest_case<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::ser_to_py(py, &self.inner.nearest_case)
    }

    /// The distance to every reference case, nearest first.
    #[getter]
    fn case_distances<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::ser_to_py(py, &self.inner.case_distances)
    }

    /// The mode's row of 表2 (advantages, defects, …), None if no mode is given.
    #[getter]
    fn mode<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::ser_to_py(py, &self.inner.mode)
    }

    /// Dimension ids not rated.
    #[getter]
    fn unrated(&self) -> Vec<String> {
        self.inner.unrated.clone()
    }

    /// Dimension ids whose two-question rating was inconsistent.
    #[getter]
    fn inconsistencies(&self) -> Vec<String> {
        self.inner.inconsistencies.clone()
    }

    /// Everything as a dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::ser_to_py(py, &self.inner)
    }

    /// Everything as pretty JSON.
    fn to_json(&self) -> PyResult<String> {
        serde_json::to_string_pretty(&self.inner).map_err(|e| errors::internal(&e.to_string()))
    }

    /// The diagnosis as aligned text (or Markdown).
    #[pyo3(signature = (lang=None, markdown=false))]
    fn to_text(&self, lang: Option<&str>, markdown: bool) -> PyResult<String> {
        let style = if markdown {
            Style::Markdown
        } else {
            Style::Plain
        };
        let r = Renderer::new(&self.framework, lang::resolve(lang)?, style);
        Ok(r.diagnosis(&self.inner, Some(&self.assessment.name)))
    }

    /// The self-contained HTML report (inline SVG, no script).
    #[pyo3(signature = (lang=None, *, title=None))]
    fn to_html(&self, lang: Option<&str>, title: Option<String>) -> PyResult<String> {
        let o = report_options(lang, title)?;
        renxing::report::html_report(&self.framework, &self.assessment, &self.inner, &o)
            .map_err(errors::err)
    }

    /// The Markdown report and its chart files: `(markdown, {file name: svg})`.
    #[pyo3(signature = (lang=None, *, title=None))]
    fn to_markdown<'py>(
        &self,
        py: Python<'py>,
        lang: Option<&str>,
        title: Option<String>,
    ) -> PyResult<(String, Bound<'py, PyDict>)> {
        let o = report_options(lang, title)?;
        let md =
            renxing::report::markdown_report(&self.framework, &self.assessment, &self.inner, &o)
                .map_err(errors::err)?;
        markdown_to_py(py, md)
    }

    /// A radar chart with the nearest reference case overlaid.
    #[pyo3(signature = (*, lang=None, width=None, height=None, scores=false, title=None))]
    fn radar(
        &self,
        lang: Option<&str>,
        width: Option<i64>,
        height: Option<i64>,
        scores: bool,
        title: Option<String>,
    ) -> PyResult<PyChart> {
        let o = chart_options(lang, width, height, scores, title)?;
        let mut series = vec![RadarSeries::new(
            &self.assessment.name,
            self.inner.scorecard.clone(),
        )];
        let nearest = self
            .inner
            .nearest_case
            .as_ref()
            .map(|c| vec![c.case.clone()]);
        series.extend(reference_series(&self.framework, nearest));
        let svg = renxing::chart::radar(&self.framework, &series, &o).map_err(errors::err)?;
        Ok(PyChart { svg })
    }

    fn _repr_html_(&self) -> PyResult<String> {
        self.to_html(None, None)
    }

    fn __repr__(&self) -> String {
        format!(
            "Diagnosis(assessment={:?}, attribute_deficits={:?}, remedies={}, nearest_case={})",
            self.assessment.id,
            self.inner
                .attribute_deficits
                .iter()
                .map(|d| d.id.as_str())
                .collect::<Vec<_>>(),
            self.inner.remedies.len(),
            self.inner
                .nearest_case
                .as_ref()
                .map_or("None", |c| c.case.as_str())
        )
    }
}

/// A comparison of several assessments: rows, ranking with ties, best and worst per dimension.
#[pyclass(module = "renxing", name = "Comparison", frozen)]
pub struct PyComparison {
    pub inner: Comparison,
    pub framework: Arc<Framework>,
}

#[pymethods]
impl PyComparison {
    /// The framework's id.
    #[getter]
    fn framework_id(&self) -> &str {
        &self.inner.framework
    }

    /// The aggregation method used.
    #[getter]
    fn method(&self) -> &'static str {
        self.inner.method.id()
    }

    /// One row per assessment (input order): id, name, mode, phase, date, scorecard.
    #[getter]
    fn rows<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::ser_to_py(py, &self.inner.rows)
    }

    /// The scorecards, in input order.
    #[getter]
    fn scorecards(&self) -> Vec<PyScorecard> {
        self.inner
            .rows
            .iter()
            .map(|r| PyScorecard {
                inner: r.scorecard.clone(),
                framework: Arc::clone(&self.framework),
                name: r.name.clone(),
            })
            .collect()
    }

    /// The ranking by overall score: id, rank (ties share a rank), score, tied.
    #[getter]
    fn ranking<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::ser_to_py(py, &self.inner.ranking)
    }

    /// Per dimension: the best and worst ids and scores.
    #[getter]
    fn extremes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::ser_to_py(py, &self.inner.extremes)
    }

    /// Everything as a dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::ser_to_py(py, &self.inner)
    }

    /// Everything as pretty JSON.
    fn to_json(&self) -> PyResult<String> {
        serde_json::to_string_pretty(&self.inner).map_err(|e| errors::internal(&e.to_string()))
    }

    /// The comparison as aligned text (or Markdown).
    #[pyo3(signature = (lang=None, markdown=false))]
    fn to_text(&self, lang: Option<&str>, markdown: bool) -> PyResult<String> {
        let style = if markdown {
            Style::Markdown
        } else {
            Style::Plain
        };
        let r = Renderer::new(&self.framework, lang::resolve(lang)?, style);
        Ok(r.comparison(&self.inner))
    }

    /// The comparison table as a pandas DataFrame (requires pandas), indexed by id, in ranking
    /// order: name, mode, rank, tied, overall level and score, one column per 表1 column and one
    /// per dimension (level ids).
    fn to_dataframe<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        let m = slf.py().import("renxing._pandas")?;
        m.call_method1("comparison_frame", (slf,))
    }

    /// The self-contained HTML comparison report.
    #[pyo3(signature = (lang=None, *, title=None))]
    fn to_html(&self, lang: Option<&str>, title: Option<String>) -> PyResult<String> {
        let o = report_options(lang, title)?;
        renxing::report::html_comparison_report(&self.framework, &self.inner, &o)
            .map_err(errors::err)
    }

    /// The Markdown comparison report and its chart files: `(markdown, {file name: svg})`.
    #[pyo3(signature = (lang=None, *, title=None))]
    fn to_markdown<'py>(
        &self,
        py: Python<'py>,
        lang: Option<&str>,
        title: Option<String>,
    ) -> PyResult<(String, Bound<'py, PyDict>)> {
        let o = report_options(lang, title)?;
        let md = renxing::report::markdown_comparison_report(&self.framework, &self.inner, &o)
            .map_err(errors::err)?;
        markdown_to_py(py, md)
    }

    /// The heat-table chart (rows in ranking order, a cell per dimension).
    #[pyo3(signature = (*, lang=None, width=None, height=None, title=None))]
    fn heat_table(
        &self,
        lang: Option<&str>,
        width: Option<i64>,
        height: Option<i64>,
        title: Option<String>,
    ) -> PyResult<PyChart> {
        let o = chart_options(lang, width, height, false, title)?;
        let svg = renxing::chart::comparison_table(&self.framework, &self.inner, &o)
            .map_err(errors::err)?;
        Ok(PyChart { svg })
    }

    /// A radar chart of every community.
    #[pyo3(signature = (*, lang=None, width=None, height=None, scores=false, title=None))]
    fn radar(
        &self,
        lang: Option<&str>,
        width: Option<i64>,
        height: Option<i64>,
        scores: bool,
        title: Option<String>,
    ) -> PyResult<PyChart> {
        let o = chart_options(lang, width, height, scores, title)?;
        let series: Vec<RadarSeries> = self
            .inner
            .rows
            .iter()
            .map(|r| RadarSeries::new(&r.name, r.scorecard.clone()))
            .collect();
        let svg = renxing::chart::radar(&self.framework, &series, &o).map_err(errors::err)?;
        Ok(PyChart { svg })
    }

    fn _repr_html_(&self) -> PyResult<String> {
        self.to_html(None, None)
    }

    fn __len__(&self) -> usize {
        self.inner.rows.len()
    }

    fn __repr__(&self) -> String {
        format!(
            "Comparison(framework={:?}, method={:?}, ranking={:?})",
            self.inner.framework,
            self.inner.method.id(),
            self.inner
                .ranking
                .iter()
                .map(|r| r.id.as_str())
                .collect::<Vec<_>>()
        )
    }
}

/// Scores one assessment (an `Assessment` or a dict in the file form).
#[pyfunction]
#[pyo3(signature = (assessment, framework=None, *, method=None, dimension_weights=None, attribute_weights=None))]
pub fn score(
    assessment: &Bound<'_, PyAny>,
    framework: Option<&Bound<'_, PyFramework>>,
    method: Option<&str>,
    dimension_weights: Option<&Bound<'_, PyAny>>,
    attribute_weights: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyScorecard> {
    let o = options(method, dimension_weights, attribute_weights)?;
    let (a, fw) = assessment_arg(assessment, framework)?;
    let inner = renxing::score_with(&a, &fw, &o).map_err(errors::err)?;
    Ok(PyScorecard {
        inner,
        framework: fw,
        name: a.name,
    })
}

/// Diagnoses one assessment: deficits, remedies, nearest reference case, the mode's defects.
#[pyfunction]
#[pyo3(signature = (assessment, framework=None, *, method=None, dimension_weights=None, attribute_weights=None))]
pub fn diagnose(
    assessment: &Bound<'_, PyAny>,
    framework: Option<&Bound<'_, PyFramework>>,
    method: Option<&str>,
    dimension_weights: Option<&Bound<'_, PyAny>>,
    attribute_weights: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyDiagnosis> {
    let o = options(method, dimension_weights, attribute_weights)?;
    let (a, fw) = assessment_arg(assessment, framework)?;
    let inner = renxing::diagnose_with(&a, &fw, &o).map_err(errors::err)?;
    Ok(PyDiagnosis {
        inner,
        assessment: a,
        framework: fw,
    })
}

/// Compares several assessments (a list of `Assessment`s or dicts).
#[pyfunction]
#[pyo3(signature = (assessments, framework=None, *, method=None, dimension_weights=None, attribute_weights=None))]
pub fn compare(
    assessments: &Bound<'_, PyAny>,
    framework: Option<&Bound<'_, PyFramework>>,
    method: Option<&str>,
    dimension_weights: Option<&Bound<'_, PyAny>>,
    attribute_weights: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyComparison> {
    let o = options(method, dimension_weights, attribute_weights)?;
    if assessments.is_instance_of::<pyo3::types::PyString>()
        || assessments.is_instance_of::<PyDict>()
    {
        return Err(PyTypeError::new_err(
            "assessments: expected a sequence of Assessments or dicts",
        ));
    }
    let mut list = Vec::new();
    let mut fw: Option<Arc<Framework>> = framework.map(|f| Arc::clone(&f.get().inner));
    for item in assessments.try_iter()? {
        let item = item?;
        let (a, f) = assessment_arg(&item, framework)?;
        if fw.is_none() {
            fw = Some(f);
        }
        list.push(a);
    }
    let fw = fw.unwrap_or_else(crate::model::paper);
    let inner = renxing::compare_with(&list, &fw, &o).map_err(errors::err)?;
    Ok(PyComparison {
        inner,
        framework: fw,
    })
}

/// A radar chart of several assessments or scorecards (one polygon each), optionally with
/// reference cases overlaid.
#[pyfunction]
#[pyo3(signature = (items, framework=None, *, references=None, lang=None, width=None, height=None, scores=false, title=None))]
#[allow(clippy::too_many_arguments)]
pub fn radar(
    items: &Bound<'_, PyAny>,
    framework: Option<&Bound<'_, PyFramework>>,
    references: Option<Vec<String>>,
    lang: Option<&str>,
    width: Option<i64>,
    height: Option<i64>,
    scores: bool,
    title: Option<String>,
) -> PyResult<PyChart> {
    let o = chart_options(lang, width, height, scores, title)?;
    let mut series = Vec::new();
    let mut fw: Option<Arc<Framework>> = framework.map(|f| Arc::clone(&f.get().inner));
    for item in items.try_iter()? {
        let item = item?;
        if let Ok(c) = item.cast::<PyScorecard>() {
            let c = c.get();
            fw.get_or_insert_with(|| Arc::clone(&c.framework));
            series.push(RadarSeries::new(&c.name, c.inner.clone()));
        } else {
            let (a, f) = assessment_arg(&item, framework)?;
            let f = fw.get_or_insert(f).clone();
            let card = renxing::score(&a, &f).map_err(errors::err)?;
            series.push(RadarSeries::new(&a.name, card));
        }
    }
    let fw = fw.unwrap_or_else(crate::model::paper);
    series.extend(reference_series(&fw, references));
    let svg = renxing::chart::radar(&fw, &series, &o).map_err(errors::err)?;
    Ok(PyChart { svg })
}

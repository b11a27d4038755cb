//! The agreement section of a report: shown when the assessment holds several coders' codings.
//! Each dimension's coders side by side with the spread and the consensus value (contested ones
//! marked), then the agreement measures over the assessment's dimensions.

use super::doc::Block;
use super::words;
use crate::agree::{self, AgreementSpec, Measure, MeasureValue};
use crate::assessment::Assessment;
use crate::framework::Framework;
use crate::lang::Lang;
use crate::score::Scorecard;
use crate::text::{Renderer, Style, Table};

fn t(lang: Lang, text: crate::lang::Text) -> String {
    text.get(lang).to_owned()
}

/// Appends the agreement section to `b` when the assessment holds codings (nothing otherwise).
pub(super) fn section(
    b: &mut Vec<Block>,
    assessment: &Assessment,
    framework: &Framework,
    card: &Scorecard,
    lang: Lang,
) {
    if !assessment.is_multi_coder() {
        return;
    }
    let r = Renderer::new(framework, lang, Style::Markdown);
    b.push(Block::Heading(2, t(lang, words::AGREEMENT)));
    b.push(Block::Para(t(lang, words::AGREEMENT_INTRO)));
    // the coders, in order of first appearance
    let mut coders: Vec<String> = Vec::new();
    for d in &framework.dimensions {
        for c in assessment.codings_of(&d.id) {
            let name = c.rater.clone().unwrap_or_default();
            if !coders.contains(&name) {
                coders.push(name);
            }
        }
    }
    let mut headers = vec![t(lang, words::DIMENSION)];
    headers.extend(coders.iter().cloned());
    headers.extend([words::SPREAD, words::CONSENSUS].map(|w| t(lang, w)));
    let mut rows = Vec::new();
    for d in &framework.dimensions {
        let codings = assessment.codings_of(&d.id);
        if codings.is_empty() {
            continue;
        }
        let mut row = vec![r.label(&d.id).to_owned()];
        for name in &coders {
            let cell = codings
                .iter()
                .find(|c| c.rater.as_deref() == Some(name.as_str()))
                .map(|c| rating_text(&r, framework, c))
                .unwrap_or_else(|| "—".to_owned());
            row.push(cell);
        }
        let ds = card.dimension(&d.id);
        row.push(
            ds.and_then(|x| x.spread)
                .map_or_else(|| "—".to_owned(), |s| format!("{s:.2}")),
        );
        let mut consensus = r.grade(ds.and_then(|x| x.grade.as_ref()), false);
        if ds.is_some_and(|x| x.contested) {
            consensus.push_str(&format!(" ({})", t(lang, words::CONTESTED_MARK)));
        }
        row.push(consensus);
        rows.push(row);
    }
    b.push(Block::Table(Table {
        title: String::new(),
        headers,
        rows,
    }));
    if let Some(c) = &assessment.consensus {
        let rule = serde_json::to_value(&c.rule)
            .ok()
            .and_then(|v| v.get("rule").and_then(|x| x.as_str()).map(str::to_owned))
            .unwrap_or_default();
        b.push(Block::Facts(vec![(
            t(lang, words::RULE),
            format!("{rule} · contested_above = {}", c.contested_above),
        )]));
    }
    // The measures over this assessment's dimensions (units = dimensions).
    let mut facts = Vec::new();
    if let Ok(codings) =
        agree::assessment_codings(std::slice::from_ref(assessment), framework, None)
    {
        let spec = AgreementSpec {
            measures: vec![
                Measure::KrippendorffAlpha,
                Measure::GwetAc1,
                Measure::PercentAgreement,
            ],
            ..AgreementSpec::default()
        };
        let result = agree::ReliabilityData::from_codings(&codings.scale, &codings.codings)
            .ok()
            .and_then(|data| agree::agreement(&data, &spec).ok());
        for m in &spec.measures {
            let name = if lang == Lang::Zh {
                m.name_zh()
            } else {
                m.name_en()
            };
            let value = result
                .as_ref()
                .and_then(|a| a.get(*m))
                .map(MeasureValue::value)
                .map_or_else(|| t(lang, words::NOT_COMPUTABLE), |v| format!("{v:.3}"));
            facts.push((name.to_owned(), value));
        }
    }
    if !facts.is_empty() {
        b.push(Block::Facts(facts));
    }
}

fn rating_text(r: &Renderer<'_>, framework: &Framework, c: &crate::rating::Rating) -> String {
    use crate::rating::RatingValue;
    match &c.value {
        RatingValue::Level(id) => r.label(id).to_owned(),
        RatingValue::Score(s) => format!("{}", s.get()),
        RatingValue::Answers(a) => {
            let id = a.outcome().level.id();
            if framework.level_code(id).is_some() {
                r.label(id).to_owned()
            } else {
                id.to_owned()
            }
        }
    }
}

//! The content of a report as a small document model, rendered to HTML and to Markdown, so the
//! two formats always hold the same content.

use std::fmt::Write as _;

use crate::assessment::Assessment;
use crate::chart::{self, ChartError, ChartOptions, RadarSeries};
use crate::compare::Comparison;
use crate::diagnose::{Deficit, Diagnosis};
use crate::framework::Framework;
use crate::lang::Lang;
use crate::text::{format_score, Renderer, Style, Table};
use crate::timeline::{Actor, PhasePlan};
use crate::ui;

use super::{words, ReportOptions};

/// A block of a report.
pub(crate) enum Block {
    /// A heading of level 2 or 3.
    Heading(u8, String),
    /// A paragraph of plain text.
    Para(String),
    /// `key: value` pairs.
    Facts(Vec<(String, String)>),
    /// A table.
    Table(Table),
    /// A quote with its attribution.
    Quote(String, String),
    /// A chart: file stem (`radar`), caption, SVG.
    Chart(&'static str, String, String),
}

/// A report: its title, language and blocks.
pub(crate) struct Doc {
    pub title: String,
    pub lang: Lang,
    pub blocks: Vec<Block>,
}

fn t(lang: Lang, text: crate::lang::Text) -> String {
    text.get(lang).to_owned()
}

fn colon(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => ":",
        Lang::En => ": ",
    }
}

fn deficit_table(r: &Renderer<'_>, deficits: &[Deficit], dimension: bool) -> Table {
    let lang = r.lang;
    let mut headers = vec![t(
        lang,
        if dimension {
            ui::DIMENSION
        } else {
            ui::ATTRIBUTE
        },
    )];
    if dimension {
        headers.push(t(lang, ui::ATTRIBUTE));
    }
    headers.extend([ui::LEVEL, ui::GAP, ui::SEVERITY].map(|w| t(lang, w)));
    Table {
        title: t(
            lang,
            if dimension {
                ui::DIMENSION_DEFICITS
            } else {
                ui::ATTRIBUTE_DEFICITS
            },
        ),
        headers,
        rows: deficits
            .iter()
            .map(|d| {
                let mut row = vec![r.label(&d.id).to_owned()];
                if dimension {
                    row.push(r.label(&d.attribute).to_owned());
                }
                row.push(r.grade(Some(&d.grade), false));
                row.push(format!("{:.2}", d.gap));
                row.push(format!("{:.2}", d.severity));
                row
            })
            .collect(),
    }
}

/// The report of one assessment.
pub(crate) fn single(
    framework: &Framework,
    assessment: &Assessment,
    diagnosis: &Diagnosis,
    options: &ReportOptions,
) -> Result<Doc, ChartError> {
    let lang = options.lang;
    let r = Renderer::new(framework, lang, Style::Markdown);
    let card = &diagnosis.scorecard;
    let title = options
        .title
        .clone()
        .unwrap_or_else(|| format!("{} · {}", assessment.name, t(lang, words::REPORT)));
    let mut b = Vec::new();

    let mut facts = vec![
        (t(lang, ui::NAME), assessment.name.clone()),
        (t(lang, ui::ID), assessment.id.clone()),
    ];
    if let Some(m) = assessment.mode {
        facts.push((t(lang, ui::MODE), m.label(lang).to_owned()));
    }
    if let Some(p) = assessment.phase {
        facts.push((t(lang, ui::PHASE), p.label(lang).to_owned()));
    }
    if let Some(d) = assessment.date {
        facts.push((t(lang, ui::DATE), d.to_string()));
    }
    facts.push((
        t(lang, ui::FRAMEWORK),
        format!("{} ({})", framework.labels.in_lang(lang), framework.id),
    ));
    if let Some(p) = diagnosis.phase.filter(|p| Some(*p) != assessment.phase) {
        facts.push((t(lang, ui::PHASE), p.label(lang).to_owned()));
    }
    if let Some(p) = diagnosis.phase_ahead {
        facts.push((t(lang, ui::PHASE_AHEAD), p.label(lang).to_owned()));
    }
    facts.push((t(lang, ui::METHOD), card.method.label(lang).to_owned()));
    facts.push((t(lang, ui::OVERALL), r.grade(card.overall.as_ref(), true)));
    b.push(Block::Facts(facts));

    // Levels.
    b.push(Block::Heading(2, t(lang, words::LEVELS)));
    b.push(Block::Table(r.table1(&[(assessment.name.as_str(), card)])));
    b.push(Block::Table(r.dimension_table(card)));

    // Charts.
    b.push(Block::Heading(2, t(lang, words::CHARTS)));
    let mut series = vec![RadarSeries::new(assessment.name.clone(), card.clone())];
    // The nearest reference case other than the assessment itself.
    if let Some(n) = diagnosis
        .case_distances
        .iter()
        .find(|c| c.case != assessment.id)
    {
        series.extend(RadarSeries::reference_cases(framework, &[n.case.as_str()]));
    }
    let caption = if series.len() > 1 {
        words::RADAR_CAPTION
    } else {
        words::RADAR_ALONE_CAPTION
    };
    let copts = |p: &str| ChartOptions::new(lang).with_id_prefix(p);
    match chart::radar(framework, &series, &copts("radar")) {
        Ok(svg) => b.push(Block::Chart("radar", t(lang, caption), svg)),
        Err(ChartError::TooFewDimensions { .. }) => b.push(Block::Para(t(lang, words::NO_RADAR))),
        Err(e) => return Err(e),
    }
    b.push(Block::Chart(
        "bars",
        t(lang, words::BARS_CAPTION),
        chart::attribute_bars(
            framework,
            card,
            &copts("bars").with_title(assessment.name.clone()),
        )?,
    ));

    // Evidence.
    b.push(Block::Heading(2, t(lang, ui::EVIDENCE)));
    for d in &card.dimensions {
        b.push(Block::Heading(
            3,
            format!("{} · {}", r.label(&d.id), r.grade(d.grade.as_ref(), false)),
        ));
        let rating = assessment.rating(&d.id);
        let evidence = rating.map_or(&[][..], |x| x.evidence.as_slice());
        if evidence.is_empty() {
            b.push(Block::Para(t(lang, words::NO_EVIDENCE)));
        }
        for e in evidence {
            if let Some(q) = &e.quote {
                b.push(Block::Quote(
                    q.clone(),
                    e.source.clone().unwrap_or_default(),
                ));
            } else if let Some(s) = &e.source {
                b.push(Block::Para(format!(
                    "{}{}{s}",
                    t(lang, ui::SOURCE),
                    colon(lang)
                )));
            }
            if let Some(n) = &e.note {
                b.push(Block::Para(format!(
                    "{}{}{n}",
                    t(lang, ui::NOTE),
                    colon(lang)
                )));
            }
        }
        let mut facts = Vec::new();
        if let Some(x) = rating.and_then(|x| x.rater.as_ref()) {
            facts.push((t(lang, words::RATER), x.clone()));
        }
        if let Some(x) = rating.and_then(|x| x.note.as_ref()) {
            facts.push((t(lang, ui::NOTE), x.clone()));
        }
        if !facts.is_empty() {
            b.push(Block::Facts(facts));
        }
    }

    // Deficits.
    b.push(Block::Heading(2, t(lang, ui::DEFICITS)));
    if diagnosis.attribute_deficits.is_empty() && diagnosis.dimension_deficits.is_empty() {
        b.push(Block::Para(t(lang, ui::NO_DEFICITS)));
    }
    if !diagnosis.attribute_deficits.is_empty() {
        b.push(Block::Table(deficit_table(
            &r,
            &diagnosis.attribute_deficits,
            false,
        )));
    }
    if !diagnosis.dimension_deficits.is_empty() {
        b.push(Block::Table(deficit_table(
            &r,
            &diagnosis.dimension_deficits,
            true,
        )));
    }
    if !diagnosis.unrated.is_empty() {
        b.push(Block::Para(format!(
            "{}{}{}",
            t(lang, ui::UNRATED),
            colon(lang),
            diagnosis
                .unrated
                .iter()
                .map(|d| r.label(d).to_owned())
                .collect::<Vec<_>>()
                .join(ui::SEPARATOR.get(lang))
        )));
    }
    if !diagnosis.inconsistencies.is_empty() {
        b.push(Block::Para(format!(
            "{}{}{} — {}",
            t(lang, ui::INCONSISTENCIES),
            colon(lang),
            diagnosis
                .inconsistencies
                .iter()
                .map(|d| r.label(d).to_owned())
                .collect::<Vec<_>>()
                .join(ui::SEPARATOR.get(lang)),
            t(lang, ui::INCONSISTENCY_NOTE)
        )));
    }

    if !diagnosis.contested.is_empty() {
        b.push(Block::Para(format!(
            "{}{}{}",
            t(lang, words::CONTESTED),
            colon(lang),
            diagnosis
                .contested
                .iter()
                .map(|d| r.label(d).to_owned())
                .collect::<Vec<_>>()
                .join(ui::SEPARATOR.get(lang))
        )));
    }
    // The top obstacles of an assessment made from indicators.
    if !diagnosis.obstacles.is_empty() {
        b.push(Block::Heading(
            2,
            crate::text::indicators::obstacle_title(lang).to_owned(),
        ));
        b.push(Block::Table(Table {
            title: String::new(),
            ..crate::text::indicators::obstacle_table(&diagnosis.obstacles, framework, lang)
        }));
    }
    super::agreement::section(&mut b, assessment, framework, card, lang);
    // The phase ahead: what to do, and who acts.
    if let Some(plan) = &diagnosis.plan_ahead {
        plan_blocks(&mut b, plan, lang);
    }

    // Remedies.
    b.push(Block::Heading(2, t(lang, ui::REMEDIES)));
    b.extend(super::remedies::blocks(&r, diagnosis, options));

    // The mode's row of 表2.
    b.push(Block::Heading(2, t(lang, words::MODE_ROW)));
    match assessment.mode {
        Some(mode) => {
            let mut table = r.modes_table();
            let label = mode.label(lang);
            table
                .rows
                .retain(|row| row.first().map(String::as_str) == Some(label));
            b.push(Block::Table(table));
        }
        None => b.push(Block::Para(t(lang, ui::NO_MODE))),
    }

    // Nearest reference case.
    b.push(Block::Heading(2, t(lang, ui::NEAREST_CASE)));
    match &diagnosis.nearest_case {
        Some(n) => {
            let mut p = n.name.clone();
            if let Some(m) = n.mode {
                let _ = write!(p, " · {}", m.label(lang));
            }
            let _ = write!(
                p,
                " · {}{}{:.2} ({} {})",
                t(lang, ui::DISTANCE),
                colon(lang),
                n.distance,
                n.compared,
                t(lang, ui::COMPARED)
            );
            b.push(Block::Para(p));
            b.push(Block::Table(Table {
                title: String::new(),
                headers: [ui::REFERENCE_CASE, ui::MODE, ui::DISTANCE, ui::COMPARED]
                    .map(|w| t(lang, w))
                    .to_vec(),
                rows: diagnosis
                    .case_distances
                    .iter()
                    .map(|c| {
                        vec![
                            c.name.clone(),
                            c.mode
                                .map_or_else(String::new, |m| m.label(lang).to_owned()),
                            format!("{:.2}", c.distance),
                            c.compared.to_string(),
                        ]
                    })
                    .collect(),
            }));
        }
        None => b.push(Block::Para(t(lang, ui::NO_NEAREST_CASE))),
    }
    // An assessment made from indicators: how (the same section as the indicator report).
    if let Some(run) = crate::composite::IndicatorRun::of(assessment) {
        b.extend(super::indicators::methods_blocks(
            &run.pipeline,
            &run.banding,
            (run.units, run.indicators, run.dimensions),
            framework,
            lang,
        ));
    }
    Ok(Doc {
        title,
        lang,
        blocks: b,
    })
}

/// The report of a comparison.
pub(crate) fn comparison(
    framework: &Framework,
    cmp: &Comparison,
    options: &ReportOptions,
) -> Result<Doc, ChartError> {
    let lang = options.lang;
    let r = Renderer::new(framework, lang, Style::Markdown);
    let title = options
        .title
        .clone()
        .unwrap_or_else(|| t(lang, words::COMPARISON_REPORT));
    let mut b = vec![Block::Facts(vec![
        (
            t(lang, ui::FRAMEWORK),
            format!("{} ({})", framework.labels.in_lang(lang), framework.id),
        ),
        (t(lang, ui::METHOD), cmp.method.label(lang).to_owned()),
        (t(lang, words::COMMUNITIES), cmp.rows.len().to_string()),
    ])];

    b.push(Block::Heading(2, t(lang, ui::RANKING)));
    let rows: std::collections::HashMap<&str, &crate::compare::ComparisonRow> =
        cmp.rows.iter().map(|row| (row.id.as_str(), row)).collect();
    let name_of = |id: &str| {
        rows.get(id)
            .map_or_else(|| id.to_owned(), |row| row.name.clone())
    };
    b.push(Block::Table(Table {
        title: String::new(),
        headers: [
            ui::RANK,
            ui::COMMUNITY,
            ui::MODE,
            ui::OVERALL_LEVEL,
            ui::OVERALL_SCORE,
        ]
        .map(|w| t(lang, w))
        .to_vec(),
        rows: cmp
            .ranking
            .iter()
            .map(|e| {
                let row = rows.get(e.id.as_str()).copied();
                vec![
                    e.rank.map_or_else(
                        || "–".to_owned(),
                        |k| {
                            if e.tied {
                                format!("{k} ({})", t(lang, ui::TIED))
                            } else {
                                k.to_string()
                            }
                        },
                    ),
                    name_of(&e.id),
                    row.and_then(|x| x.mode)
                        .map_or_else(String::new, |m| m.label(lang).to_owned()),
                    r.grade(row.and_then(|x| x.scorecard.overall.as_ref()), false),
                    e.score.map_or_else(String::new, format_score),
                ]
            })
            .collect(),
    }));

    b.push(Block::Heading(2, t(lang, words::CHARTS)));
    let copts = |p: &str| ChartOptions::new(lang).with_id_prefix(p);
    b.push(Block::Chart(
        "table",
        t(lang, words::TABLE_CAPTION),
        chart::comparison_table(framework, cmp, &copts("table"))?,
    ));
    let series: Vec<RadarSeries> = cmp
        .rows
        .iter()
        .map(|row| RadarSeries::new(row.name.clone(), row.scorecard.clone()))
        .collect();
    match chart::radar(framework, &series, &copts("radar")) {
        Ok(svg) => b.push(Block::Chart(
            "radar",
            t(lang, words::RADAR_ALL_CAPTION),
            svg,
        )),
        Err(ChartError::TooFewDimensions { .. }) => b.push(Block::Para(t(lang, words::NO_RADAR))),
        Err(e) => return Err(e),
    }

    b.push(Block::Heading(2, t(lang, words::LEVELS)));
    let rows: Vec<(&str, &crate::score::Scorecard)> = cmp
        .rows
        .iter()
        .map(|row| (row.name.as_str(), &row.scorecard))
        .collect();
    b.push(Block::Table(r.table1(&rows)));

    b.push(Block::Heading(2, t(lang, ui::EXTREMES)));
    b.push(Block::Table(Table {
        title: String::new(),
        headers: [ui::DIMENSION, ui::BEST, ui::WORST]
            .map(|w| t(lang, w))
            .to_vec(),
        rows: cmp
            .extremes
            .iter()
            .map(|x| {
                let names = |ids: &[String], score: Option<f64>| {
                    let mut s = ids
                        .iter()
                        .map(|id| name_of(id))
                        .collect::<Vec<_>>()
                        .join(ui::SEPARATOR.get(lang));
                    if let Some(v) = score {
                        let _ = write!(s, " ({})", format_score(v));
                    }
                    s
                };
                vec![
                    r.label(&x.dimension).to_owned(),
                    names(&x.best, x.best_score),
                    names(&x.worst, x.worst_score),
                ]
            })
            .collect(),
    }));

    b.push(Block::Heading(2, t(lang, ui::TABLE_2_TITLE)));
    b.push(Block::Table(r.modes_table()));
    Ok(Doc {
        title,
        lang,
        blocks: b,
    })
}

/// The plan of a phase as blocks: a heading, a table (who acts, stage, what to do) and the
/// sources as citations.
pub(crate) fn plan_blocks(b: &mut Vec<Block>, plan: &PhasePlan, lang: Lang) {
    b.push(Block::Heading(
        2,
        format!(
            "{}{}{}",
            t(lang, ui::PLAN_AHEAD),
            colon(lang),
            plan.phase.label(lang)
        ),
    ));
    let mut rows = Vec::new();
    for actor in Actor::ALL {
        for s in &plan.stages {
            for a in s.actions.iter().filter(|a| a.actors.contains(&actor)) {
                rows.push(vec![
                    actor.text().get(lang).to_owned(),
                    s.name.get(lang).to_owned(),
                    a.text.get(lang).to_owned(),
                ]);
            }
        }
    }
    b.push(Block::Table(Table {
        title: String::new(),
        headers: vec![
            t(lang, ui::WHO_ACTS),
            t(lang, ui::PHASE),
            t(lang, ui::WHAT_TO_DO),
        ],
        rows,
    }));
    let mut refs: Vec<&str> = plan.stages.iter().map(|s| s.reference.get(lang)).collect();
    refs.dedup();
    for r in refs {
        b.push(Block::Para(format!(
            "{}{}{r}",
            t(lang, ui::SOURCE),
            colon(lang)
        )));
    }
}

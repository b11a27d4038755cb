//! The report sections of the full cycle (issue 13): a community's timeline (chart, points,
//! what changed, gaps, what to do next and by whom) and a functionality curve (chart and
//! Bruneau's numbers with the paper's level).

use crate::chart::{self, ChartError, ChartOptions};
use crate::curve::{CurveReport, Series};
use crate::framework::Framework;
use crate::lang::Lang;
use crate::text::{format_score, Table};
use crate::timeline::{Direction, ItemKind, Mark, Timeline};
use crate::ui;

use super::doc::{plan_blocks, Block};

fn t(lang: Lang, text: crate::lang::Text) -> String {
    text.get(lang).to_owned()
}

fn colon(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => ":",
        Lang::En => ": ",
    }
}

/// The word of a direction.
pub(crate) fn direction(lang: Lang, d: Direction) -> String {
    t(
        lang,
        match d {
            Direction::Improved => ui::IMPROVED,
            Direction::Worsened => ui::WORSENED,
            Direction::Unchanged => ui::UNCHANGED,
            _ => ui::NOT_COMPARABLE,
        },
    )
}

fn mark(framework: &Framework, lang: Lang, m: Option<&Mark>) -> String {
    m.map_or_else(
        || t(lang, ui::NOT_RATED),
        |m| {
            format!(
                "{} ({})",
                framework.label_or_id(&m.level, lang.id()),
                format_score(m.score)
            )
        },
    )
}

/// The timeline section: heading, chart, the points, the first-to-last changes, the phases
/// never assessed, the plan of the phase ahead and the last point's remedies.
pub(crate) fn timeline_blocks(
    b: &mut Vec<Block>,
    framework: &Framework,
    timeline: &Timeline,
    lang: Lang,
) -> Result<(), ChartError> {
    b.push(Block::Heading(2, t(lang, ui::TIMELINE)));
    let opts = ChartOptions::new(lang).with_id_prefix("timeline");
    b.push(Block::Chart(
        "timeline",
        t(lang, ui::TIMELINE),
        chart::timeline_chart(framework, timeline, &opts)?,
    ));
    b.push(Block::Table(Table {
        title: String::new(),
        headers: vec![
            "#".to_owned(),
            t(lang, ui::DATE),
            t(lang, ui::PHASE),
            t(lang, ui::ID),
            t(lang, ui::OVERALL),
        ],
        rows: timeline
            .points
            .iter()
            .enumerate()
            .map(|(i, p)| {
                vec![
                    (i + 1).to_string(),
                    p.date.map(|d| d.to_string()).unwrap_or_default(),
                    p.phase
                        .map(|p| p.label(lang).to_owned())
                        .unwrap_or_default(),
                    p.id.clone(),
                    mark(framework, lang, p.overall.as_ref()),
                ]
            })
            .collect(),
    }));
    if let Some(step) = &timeline.first_to_last {
        b.push(Block::Table(Table {
            title: t(lang, ui::FIRST_TO_LAST),
            headers: vec![
                t(lang, ui::DIMENSION),
                t(lang, ui::FIRST_TO_LAST),
                t(lang, ui::CHANGES),
                t(lang, ui::SCORE),
            ],
            rows: step
                .changes
                .iter()
                .map(|c| {
                    let name = match c.kind {
                        ItemKind::Overall => t(lang, ui::OVERALL),
                        _ => framework.label_or_id(&c.id, lang.id()).to_owned(),
                    };
                    vec![
                        name,
                        format!(
                            "{} → {}",
                            mark(framework, lang, c.from.as_ref()),
                            mark(framework, lang, c.to.as_ref())
                        ),
                        direction(lang, c.direction),
                        c.score_delta
                            .map(|d| format!("{d:+.1}"))
                            .unwrap_or_default(),
                    ]
                })
                .collect(),
        }));
    }
    b.push(Block::Para(format!(
        "{}{}{}",
        t(lang, ui::MISSING_PHASES),
        colon(lang),
        if timeline.missing_phases.is_empty() {
            t(lang, ui::NONE)
        } else {
            timeline
                .missing_phases
                .iter()
                .map(|p| p.label(lang))
                .collect::<Vec<_>>()
                .join(ui::SEPARATOR.get(lang))
        }
    )));
    if let Some(plan) = &timeline.plan_ahead {
        plan_blocks(b, plan, lang);
    }
    if !timeline.remedies.is_empty() {
        b.push(Block::Heading(3, t(lang, ui::NEXT_STEPS)));
        b.push(Block::Table(Table {
            title: String::new(),
            headers: vec![
                "#".to_owned(),
                t(lang, ui::REMEDIES),
                t(lang, ui::ADDRESSES),
                t(lang, ui::SOURCE),
            ],
            rows: timeline
                .remedies
                .iter()
                .enumerate()
                .map(|(i, m)| {
                    let mut title = m.title.in_lang(lang).to_owned();
                    if m.acts_ahead {
                        title.push_str(&format!(" [{}]", t(lang, ui::ACTS_AHEAD)));
                    }
                    vec![
                        (i + 1).to_string(),
                        title,
                        m.addresses
                            .iter()
                            .map(|a| framework.label_or_id(a, lang.id()).to_owned())
                            .collect::<Vec<_>>()
                            .join(ui::SEPARATOR.get(lang)),
                        m.reference.get(lang).to_owned(),
                    ]
                })
                .collect(),
        }));
    }
    Ok(())
}

/// The curve section: heading, chart, Bruneau's numbers and the paper's level.
pub(crate) fn curve_blocks(
    b: &mut Vec<Block>,
    framework: &Framework,
    series: &Series,
    report: &CurveReport,
    lang: Lang,
) -> Result<(), ChartError> {
    b.push(Block::Heading(2, t(lang, ui::CURVE)));
    let opts = ChartOptions::new(lang).with_id_prefix("curve");
    b.push(Block::Chart(
        "curve",
        t(lang, ui::CURVE),
        chart::curve_chart(series, report, &opts)?,
    ));
    let n = |x: f64| {
        let s = format!("{x:.4}");
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    };
    let opt = |x: Option<f64>| x.map_or_else(|| t(lang, ui::NOT_RECOVERED_YET), n);
    b.push(Block::Facts(vec![
        (t(lang, ui::EVENT_START), n(report.settings.event_start)),
        (t(lang, ui::BASELINE), n(report.baseline)),
        (t(lang, ui::ROBUSTNESS_RATIO), n(report.robustness)),
        (t(lang, ui::DEPTH), n(report.depth)),
        (t(lang, ui::LOSS_AREA), n(report.loss_area)),
        (t(lang, ui::TIME_TO_RECOVER), opt(report.time_to_recover)),
        (t(lang, ui::RAPIDITY), opt(report.rapidity)),
        (
            t(lang, ui::END_STATE),
            report.end_state.label(lang).to_owned(),
        ),
        (
            t(lang, ui::LEVEL),
            framework
                .label_or_id(report.paper.level.id(), lang.id())
                .to_owned(),
        ),
    ]));
    Ok(())
}

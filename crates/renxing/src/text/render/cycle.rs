//! Text of the full cycle (issue 13): timelines (points, what changed, gaps, progress, what to
//! do next and by whom) and functionality curves (Bruneau's numbers and the paper's level).

use std::fmt::Write as _;

use super::super::layout::{format_score, Table};
use super::Renderer;
use crate::curve::CurveReport;
use crate::lang::Lang;
use crate::timeline::{Direction, ItemKind, Mark, Timeline, TimelineSet};
use crate::ui;

fn short(x: f64) -> String {
    let s = format!("{x:.4}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

impl Renderer<'_> {
    fn direction(&self, d: Direction) -> &'static str {
        self.t(match d {
            Direction::Improved => ui::IMPROVED,
            Direction::Worsened => ui::WORSENED,
            Direction::Unchanged => ui::UNCHANGED,
            _ => ui::NOT_COMPARABLE,
        })
    }

    fn mark(&self, m: Option<&Mark>) -> String {
        m.map_or_else(
            || self.t(ui::NOT_RATED).to_owned(),
            |m| format!("{} ({})", self.label(&m.level), format_score(m.score)),
        )
    }

    /// Timelines: per community, its points, the first-to-last changes, the phases never
    /// assessed, the plan of the phase ahead (who acts) and the remedies for what comes next;
    /// then the progress of the communities (who improved most, who fell back).
    #[must_use]
    pub fn timelines(&self, set: &TimelineSet) -> String {
        let mut out = String::new();
        for tl in &set.timelines {
            self.timeline_into(&mut out, tl);
        }
        if set.timelines.len() > 1 {
            self.heading(&mut out, 2, self.t(ui::PROGRESS));
            let rows = set
                .ranking
                .iter()
                .map(|e| {
                    vec![
                        e.rank.map(|r| r.to_string()).unwrap_or_default(),
                        e.community.clone(),
                        e.overall_delta
                            .map(|d| format!("{d:+.1}"))
                            .unwrap_or_default(),
                        self.direction(e.direction).to_owned(),
                    ]
                })
                .collect();
            self.table(
                &mut out,
                &Table {
                    title: String::new(),
                    headers: vec![
                        "#".to_owned(),
                        self.t(ui::COMMUNITY).to_owned(),
                        self.t(ui::SCORE).to_owned(),
                        self.t(ui::CHANGES).to_owned(),
                    ],
                    rows,
                },
            );
            let list = |v: &[String]| {
                if v.is_empty() {
                    self.t(ui::NONE).to_owned()
                } else {
                    self.list(v.iter().cloned())
                }
            };
            self.kv(
                &mut out,
                self.t(ui::IMPROVED_MOST),
                &list(&set.improved_most),
            );
            self.kv(&mut out, self.t(ui::FELL_BACK), &list(&set.fell_back));
        }
        out
    }

    fn timeline_into(&self, out: &mut String, tl: &Timeline) {
        let title = if tl.name.is_empty() || tl.name == tl.community {
            tl.community.clone()
        } else {
            format!("{} ({})", tl.name, tl.community)
        };
        self.heading(out, 2, &format!("{} · {title}", self.t(ui::TIMELINE)));
        let points = Table {
            title: String::new(),
            headers: vec![
                "#".to_owned(),
                self.t(ui::DATE).to_owned(),
                self.t(ui::PHASE).to_owned(),
                self.t(ui::OVERALL).to_owned(),
            ],
            rows: tl
                .points
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    vec![
                        (i + 1).to_string(),
                        p.date.map(|d| d.to_string()).unwrap_or_default(),
                        self.phase(p.phase),
                        self.mark(p.overall.as_ref()),
                    ]
                })
                .collect(),
        };
        self.table(out, &points);
        let steps = tl
            .steps
            .iter()
            .chain(tl.first_to_last.iter().filter(|_| tl.steps.len() > 1));
        for (n, step) in steps.enumerate() {
            let heading = if n < tl.steps.len() {
                format!(
                    "{} {} → {}",
                    self.t(ui::CHANGES),
                    step.from + 1,
                    step.to + 1
                )
            } else {
                self.t(ui::FIRST_TO_LAST).to_owned()
            };
            self.heading(out, 3, &heading);
            let rows = step
                .changes
                .iter()
                .map(|c| {
                    vec![
                        match c.kind {
                            ItemKind::Overall => self.t(ui::OVERALL).to_owned(),
                            _ => self.label(&c.id).to_owned(),
                        },
                        self.mark(c.from.as_ref()),
                        self.mark(c.to.as_ref()),
                        c.score_delta
                            .map(|d| format!("{d:+.1}"))
                            .unwrap_or_default(),
                        self.direction(c.direction).to_owned(),
                    ]
                })
                .collect();
            self.table(
                out,
                &Table {
                    title: String::new(),
                    headers: vec![
                        self.t(ui::DIMENSION).to_owned(),
                        format!("{}", step.from + 1),
                        format!("{}", step.to + 1),
                        self.t(ui::SCORE).to_owned(),
                        self.t(ui::CHANGES).to_owned(),
                    ],
                    rows,
                },
            );
        }
        let missing = if tl.missing_phases.is_empty() {
            self.t(ui::NONE).to_owned()
        } else {
            self.list(
                tl.missing_phases
                    .iter()
                    .map(|p| p.label(self.lang).to_owned()),
            )
        };
        self.kv(out, self.t(ui::MISSING_PHASES), &missing);
        if let Some(p) = tl.phase_ahead {
            self.kv(out, self.t(ui::PHASE_AHEAD), p.label(self.lang));
        }
        out.push('\n');
        if let Some(plan) = &tl.plan_ahead {
            self.plan_into(out, plan, 3);
        }
        self.heading(out, 3, self.t(ui::NEXT_STEPS));
        self.remedies_into(out, &tl.remedies);
        out.push('\n');
    }

    /// A functionality curve's analysis: the settings used, Bruneau's numbers, the end state and
    /// the paper's level.
    #[must_use]
    pub fn curve(&self, r: &CurveReport) -> String {
        let mut out = String::new();
        self.heading(
            &mut out,
            2,
            &format!("{} · {}", self.t(ui::CURVE), r.paper.level.label(self.lang)),
        );
        let opt =
            |x: Option<f64>| x.map_or_else(|| self.t(ui::NOT_RECOVERED_YET).to_owned(), short);
        let yes = |b: bool| match (self.lang, b) {
            (Lang::Zh, true) => "是",
            (Lang::Zh, false) => "否",
            (Lang::En, true) => "yes",
            (Lang::En, false) => "no",
        };
        let (coped, developed) = match self.lang {
            Lang::Zh => ("有效应对风险", "社区得到发展"),
            Lang::En => ("Coped", "Developed"),
        };
        for (k, v) in [
            (self.t(ui::EVENT_START), short(r.settings.event_start)),
            (self.t(ui::BASELINE), short(r.baseline)),
            (self.t(ui::ROBUSTNESS_RATIO), short(r.robustness)),
            (self.t(ui::DEPTH), short(r.depth)),
            (self.t(ui::LOSS_AREA), short(r.loss_area)),
            (self.t(ui::TIME_TO_RECOVER), opt(r.time_to_recover)),
            (self.t(ui::RAPIDITY), opt(r.rapidity)),
            (
                self.t(ui::END_STATE),
                r.end_state.label(self.lang).to_owned(),
            ),
            (coped, yes(r.paper.coped).to_owned()),
            (developed, yes(r.paper.developed).to_owned()),
            (self.t(ui::LEVEL), r.paper.level.label(self.lang).to_owned()),
        ] {
            self.kv(&mut out, k, &v);
        }
        let _ = writeln!(
            out,
            "\n{} = {}, {} = {}, t = {}..{}",
            self.esc("integration"),
            self.esc(&r.settings.integration),
            self.esc("interpolation"),
            self.esc(&r.settings.interpolation),
            short(r.settings.event_start),
            short(r.settings.horizon)
        );
        out
    }
}

//! [`Renderer`]: the core's results (scorecards, diagnoses, comparisons, 表1, 表2, the reference
//! cases, validation issues) as text or Markdown, in one language.

use std::fmt::Write as _;

use crate::cases::cases;
use crate::compare::Comparison;
use crate::diagnose::{diagnose_with, Deficit, Diagnosis};
use crate::error::{Error, Issue};
use crate::framework::Framework;
use crate::ids::{Mode, Phase};
use crate::lang::Lang;
use crate::modes::modes_table;
use crate::score::{Column, Grade, ScoreOptions, Scorecard, ValueSource};
use crate::timeline::{Actor, PhasePlan};
use crate::ui;

use super::layout::{clean, display_width, escape_markdown, format_score, Table};
use super::Style;

mod cycle;

/// Renders the core types in one language and style, with the labels of one framework.
#[derive(Clone, Copy, Debug)]
pub struct Renderer<'f> {
    /// The framework whose labels are used.
    pub framework: &'f Framework,
    /// The language.
    pub lang: Lang,
    /// The layout.
    pub style: Style,
    /// How many remedies a diagnosis lists, highest priority first (`None`: every one); the
    /// rest are counted. Default [`crate::report::DEFAULT_TOP_REMEDIES`].
    pub top_remedies: Option<usize>,
}

impl<'f> Renderer<'f> {
    /// A renderer.
    #[must_use]
    pub fn new(framework: &'f Framework, lang: Lang, style: Style) -> Self {
        Renderer {
            top_remedies: Some(crate::report::DEFAULT_TOP_REMEDIES),
            framework,
            lang,
            style,
        }
    }

    fn t(&self, text: crate::lang::Text) -> &'static str {
        text.get(self.lang)
    }

    /// Text from the input (a name, a label, a quote) made safe in the renderer's style.
    fn esc(&self, s: &str) -> String {
        match self.style {
            Style::Markdown => escape_markdown(s),
            Style::Plain => clean(s),
        }
    }

    /// The label of an attribute, dimension or level id in the renderer's language (the id
    /// itself when the framework does not define it: a renderer shows what it is given).
    #[must_use]
    pub(crate) fn label<'a>(&'a self, id: &'a str) -> &'a str {
        self.framework.label_or_id(id, self.lang.id())
    }

    /// A grade as `level` or, with `with_score`, `level (score)`; "Not rated" for `None`.
    #[must_use]
    pub fn grade(&self, grade: Option<&Grade>, with_score: bool) -> String {
        match grade {
            None => self.t(ui::NOT_RATED).to_owned(),
            Some(g) if with_score => {
                format!("{} ({})", self.label(&g.level), format_score(g.score))
            }
            Some(g) => self.label(&g.level).to_owned(),
        }
    }

    /// The header of a 表1 column: the attribute, or `attribute (dimension)` for a reading of a
    /// split attribute.
    #[must_use]
    pub fn column_header(&self, column: &Column) -> String {
        let a = self.label(&column.attribute);
        match &column.dimension {
            None => a.to_owned(),
            // "Connectivity with government" already names its attribute: no need to repeat it.
            Some(d) if self.label(d).to_lowercase().contains(&a.to_lowercase()) => {
                self.label(d).to_owned()
            }
            Some(d) => match self.lang {
                Lang::Zh => format!("{a}({})", self.label(d)),
                Lang::En => format!("{a} ({})", self.label(d)),
            },
        }
    }

    fn mode(&self, mode: Option<Mode>) -> String {
        mode.map_or_else(String::new, |m| m.label(self.lang).to_owned())
    }

    fn phase(&self, phase: Option<Phase>) -> String {
        phase.map_or_else(String::new, |p| p.label(self.lang).to_owned())
    }

    fn list(&self, items: impl IntoIterator<Item = String>) -> String {
        items
            .into_iter()
            .collect::<Vec<_>>()
            .join(self.t(ui::SEPARATOR))
    }

    fn heading(&self, out: &mut String, depth: usize, title: &str) {
        if !out.is_empty() && !out.ends_with("\n\n") {
            out.push('\n');
        }
        match self.style {
            Style::Markdown => {
                let title = self.esc(title);
                let _ = writeln!(out, "{} {title}\n", "#".repeat(depth.clamp(1, 6)));
            }
            Style::Plain => {
                let title = self.esc(title);
                let ch = if depth <= 2 { '=' } else { '-' };
                let _ = writeln!(out, "{title}");
                let _ = writeln!(
                    out,
                    "{}\n",
                    ch.to_string().repeat(display_width(&title).max(1))
                );
            }
        }
    }

    fn bullet(&self, out: &mut String, text: &str) {
        let _ = writeln!(out, "- {}", self.esc(text));
    }

    fn kv(&self, out: &mut String, key: &str, value: &str) {
        let sep = match self.lang {
            Lang::Zh => ":",
            Lang::En => ": ",
        };
        match self.style {
            Style::Markdown => {
                let _ = writeln!(out, "- **{}**{sep}{}", self.esc(key), self.esc(value));
            }
            Style::Plain => {
                let _ = writeln!(out, "{}{sep}{}", self.esc(key), self.esc(value));
            }
        }
    }

    fn table(&self, out: &mut String, table: &Table) {
        out.push_str(&table.render(self.style));
        out.push('\n');
    }

    /// 表1 for any number of scorecards: one row per `(row label, scorecard)`, columns =
    /// [`Scorecard::columns`] (the split attribute as its readings), then the overall level and
    /// score. The column set comes from the first scorecard.
    #[must_use]
    pub fn table1(&self, rows: &[(&str, &Scorecard)]) -> Table {
        let mut headers = vec![self.t(ui::COMMUNITY).to_owned()];
        if let Some((_, first)) = rows.first() {
            headers.extend(first.columns().iter().map(|c| self.column_header(c)));
        }
        headers.push(self.t(ui::OVERALL_LEVEL).to_owned());
        headers.push(self.t(ui::OVERALL_SCORE).to_owned());
        let rows = rows
            .iter()
            .map(|(name, card)| {
                let mut row = vec![(*name).to_owned()];
                row.extend(
                    card.columns()
                        .iter()
                        .map(|c| self.grade(c.grade.as_ref(), false)),
                );
                row.push(self.grade(card.overall.as_ref(), false));
                row.push(
                    card.overall
                        .as_ref()
                        .map_or_else(String::new, |g| format_score(g.score)),
                );
                row
            })
            .collect();
        Table {
            title: self.t(ui::TABLE_1_TITLE).to_owned(),
            headers,
            rows,
        }
    }

    /// 表2: the three modes (driving factor, advantages, defects, promotability, reference case).
    #[must_use]
    pub fn modes_table(&self) -> Table {
        let rows = modes_table()
            .into_iter()
            .map(|p| {
                vec![
                    p.mode.label(self.lang).to_owned(),
                    p.driving_factor.get(self.lang).to_owned(),
                    self.list(p.advantages.iter().map(|t| t.get(self.lang).to_owned())),
                    self.list(p.defects.iter().map(|t| t.get(self.lang).to_owned())),
                    format!(
                        "{}{}{}",
                        p.promotability.label(self.lang),
                        match self.lang {
                            Lang::Zh => ":",
                            Lang::En => ": ",
                        },
                        p.promotability_note.get(self.lang)
                    ),
                    p.reference_case.to_owned(),
                ]
            })
            .collect();
        Table {
            title: self.t(ui::TABLE_2_TITLE).to_owned(),
            headers: [
                ui::MODE,
                ui::DRIVING_FACTOR,
                ui::ADVANTAGES,
                ui::DEFECTS,
                ui::PROMOTABILITY,
                ui::REFERENCE_CASE,
            ]
            .iter()
            .map(|t| self.t(*t).to_owned())
            .collect(),
            rows,
        }
    }

    /// The attribute table of a scorecard: attribute, level, score, rated/total.
    #[must_use]
    pub fn attribute_table(&self, card: &Scorecard) -> Table {
        Table {
            title: String::new(),
            headers: [ui::ATTRIBUTE, ui::LEVEL, ui::SCORE, ui::RATED]
                .iter()
                .map(|t| self.t(*t).to_owned())
                .collect(),
            rows: card
                .attributes
                .iter()
                .map(|a| {
                    vec![
                        self.label(&a.id).to_owned(),
                        self.grade(a.grade.as_ref(), false),
                        a.grade
                            .as_ref()
                            .map_or_else(String::new, |g| format_score(g.score)),
                        format!("{}/{}", a.rated, a.total),
                    ]
                })
                .collect(),
        }
    }

    /// The dimension table of a scorecard: dimension, attribute, level, score, how rated.
    #[must_use]
    pub fn dimension_table(&self, card: &Scorecard) -> Table {
        Table {
            title: String::new(),
            headers: [
                ui::DIMENSION,
                ui::ATTRIBUTE,
                ui::LEVEL,
                ui::SCORE,
                ui::SOURCE,
            ]
            .iter()
            .map(|t| self.t(*t).to_owned())
            .collect(),
            rows: card
                .dimensions
                .iter()
                .map(|d| {
                    let source = match d.source {
                        ValueSource::Level => ui::SOURCE_LEVEL,
                        ValueSource::Score => ui::SOURCE_SCORE,
                        ValueSource::Answers => ui::SOURCE_ANSWERS,
                        ValueSource::Unrated => ui::SOURCE_UNRATED,
                    };
                    let mut source = self.t(source).to_owned();
                    if d.inconsistent {
                        source.push_str(" (!)");
                    }
                    vec![
                        self.label(&d.id).to_owned(),
                        self.label(&d.attribute).to_owned(),
                        self.grade(d.grade.as_ref(), false),
                        d.grade
                            .as_ref()
                            .map_or_else(String::new, |g| format_score(g.score)),
                        source,
                    ]
                })
                .collect(),
        }
    }

    /// A scorecard: its heading (`name` or the assessment id), framework and method, overall
    /// grade, the attribute table and the dimension table.
    #[must_use]
    pub fn scorecard(&self, card: &Scorecard, name: Option<&str>) -> String {
        let mut out = String::new();
        self.scorecard_into(&mut out, card, name, 2);
        out
    }

    fn scorecard_into(&self, out: &mut String, card: &Scorecard, name: Option<&str>, depth: usize) {
        let title = match name {
            Some(n) if n != card.assessment => format!("{n} ({})", card.assessment),
            _ => card.assessment.clone(),
        };
        self.heading(out, depth, &format!("{} · {title}", self.t(ui::SCORECARD)));
        self.kv(out, self.t(ui::FRAMEWORK), &card.framework);
        self.kv(out, self.t(ui::METHOD), card.method.label(self.lang));
        self.kv(
            out,
            self.t(ui::OVERALL),
            &self.grade(card.overall.as_ref(), true),
        );
        out.push('\n');
        self.table(out, &self.attribute_table(card));
        self.table(out, &self.dimension_table(card));
    }

    fn deficit_table(&self, deficits: &[Deficit], attribute_column: bool) -> Table {
        let mut headers = vec![self
            .t(if attribute_column {
                ui::DIMENSION
            } else {
                ui::ATTRIBUTE
            })
            .to_owned()];
        if attribute_column {
            headers.push(self.t(ui::ATTRIBUTE).to_owned());
        }
        headers.extend(
            [ui::LEVEL, ui::SCORE, ui::SEVERITY]
                .iter()
                .map(|t| self.t(*t).to_owned()),
        );
        Table {
            title: String::new(),
            headers,
            rows: deficits
                .iter()
                .map(|d| {
                    let mut row = vec![self.label(&d.id).to_owned()];
                    if attribute_column {
                        row.push(self.label(&d.attribute).to_owned());
                    }
                    row.push(self.label(&d.grade.level).to_owned());
                    row.push(format_score(d.grade.score));
                    row.push(format!("{:.2}", d.severity));
                    row
                })
                .collect(),
        }
    }

    /// A diagnosis: the scorecard, then deficits (most severe first), remedies with their seed
    /// source, the nearest reference case, the mode's defects, unrated dimensions and
    /// inconsistencies. `name` heads it (the assessment id when `None`).
    #[must_use]
    pub fn diagnosis(&self, diagnosis: &Diagnosis, name: Option<&str>) -> String {
        let mut out = String::new();
        self.diagnosis_into(&mut out, diagnosis, name, 2);
        out
    }

    fn diagnosis_into(&self, out: &mut String, d: &Diagnosis, name: Option<&str>, depth: usize) {
        let card = &d.scorecard;
        let title = match name {
            Some(n) if n != card.assessment => format!("{n} ({})", card.assessment),
            _ => card.assessment.clone(),
        };
        self.heading(out, depth, &format!("{} · {title}", self.t(ui::DIAGNOSIS)));
        self.kv(out, self.t(ui::FRAMEWORK), &card.framework);
        self.kv(out, self.t(ui::METHOD), card.method.label(self.lang));
        self.kv(
            out,
            self.t(ui::OVERALL),
            &self.grade(card.overall.as_ref(), true),
        );
        if let Some(p) = d.phase {
            self.kv(out, self.t(ui::PHASE), p.label(self.lang));
        }
        if let Some(p) = d.phase_ahead {
            self.kv(out, self.t(ui::PHASE_AHEAD), p.label(self.lang));
        }
        out.push('\n');
        self.table(out, &self.attribute_table(card));
        self.table(out, &self.dimension_table(card));

        self.heading(out, depth + 1, self.t(ui::DEFICITS));
        if d.attribute_deficits.is_empty() && d.dimension_deficits.is_empty() {
            let _ = writeln!(out, "{}\n", self.t(ui::NO_DEFICITS));
        } else {
            if !d.attribute_deficits.is_empty() {
                self.table(out, &self.deficit_table(&d.attribute_deficits, false));
            }
            if !d.dimension_deficits.is_empty() {
                self.table(out, &self.deficit_table(&d.dimension_deficits, true));
            }
        }

        if !d.obstacles.is_empty() {
            let t = super::indicators::obstacle_table(&d.obstacles, self.framework, self.lang);
            self.heading(out, depth + 1, &t.title);
            self.table(
                out,
                &Table {
                    title: String::new(),
                    ..t
                },
            );
        }

        if let Some(plan) = &d.plan_ahead {
            self.plan_into(out, plan, depth + 1);
        }

        self.heading(out, depth + 1, self.t(ui::REMEDIES));
        self.remedies_into(out, &d.remedies);
        out.push('\n');

        self.heading(out, depth + 1, self.t(ui::NEAREST_CASE));
        match &d.nearest_case {
            None => {
                let _ = writeln!(out, "{}", self.t(ui::NO_NEAREST_CASE));
            }
            Some(c) => {
                let (colon, comma) = match self.lang {
                    Lang::Zh => (":", ","),
                    Lang::En => (": ", ", "),
                };
                let _ = writeln!(
                    out,
                    "{} ({}{}){colon}{} {:.2}{comma}{} {}",
                    self.esc(&c.name),
                    self.esc(&c.case),
                    c.mode
                        .map_or_else(String::new, |m| format!(", {}", m.label(self.lang))),
                    self.t(ui::DISTANCE),
                    c.distance,
                    self.t(ui::COMPARED),
                    c.compared
                );
            }
        }
        out.push('\n');

        self.heading(out, depth + 1, self.t(ui::MODE_DEFECTS));
        match d.mode {
            None => {
                let _ = writeln!(out, "{}", self.t(ui::NO_MODE));
            }
            Some(p) => {
                self.kv(out, self.t(ui::MODE), p.mode.label(self.lang));
                self.kv(
                    out,
                    self.t(ui::DEFECTS),
                    &self.list(p.defects.iter().map(|t| t.get(self.lang).to_owned())),
                );
            }
        }
        out.push('\n');

        self.heading(out, depth + 1, self.t(ui::UNRATED));
        if d.unrated.is_empty() {
            let _ = writeln!(out, "{}", self.t(ui::NONE));
        }
        for u in &d.unrated {
            self.bullet(out, &format!("{} ({u})", self.label(u)));
        }
        out.push('\n');

        if !d.contested.is_empty() {
            self.heading(out, depth + 1, self.t(crate::ui::CONTESTED));
            for u in &d.contested {
                self.bullet(out, &format!("{} ({u})", self.label(u)));
            }
            out.push('\n');
        }

        self.heading(out, depth + 1, self.t(ui::INCONSISTENCIES));
        if d.inconsistencies.is_empty() {
            let _ = writeln!(out, "{}", self.t(ui::NONE));
        }
        for u in &d.inconsistencies {
            self.bullet(
                out,
                &format!(
                    "{} ({u}): {}",
                    self.label(u),
                    self.t(ui::INCONSISTENCY_NOTE)
                ),
            );
        }
    }

    /// A list of remedies: title, what to do, what it addresses, and its source as a citation
    /// (the seed's authors, title, venue, year); those for the phase ahead are marked.
    #[must_use]
    pub fn remedies(&self, remedies: &[crate::diagnose::RemedyMatch]) -> String {
        let mut out = String::new();
        self.remedies_into(&mut out, remedies);
        out
    }

    fn remedies_into(&self, out: &mut String, remedies: &[crate::diagnose::RemedyMatch]) {
        if remedies.is_empty() {
            let _ = writeln!(out, "{}", self.t(ui::NO_REMEDIES));
        }
        let shown = self
            .top_remedies
            .map_or(remedies.len(), |n| n.min(remedies.len()));
        for (i, r) in remedies.iter().take(shown).enumerate() {
            let mut title = self.esc(r.title.in_lang(self.lang));
            if r.acts_ahead {
                let _ = write!(title, " [{}]", self.t(ui::ACTS_AHEAD));
            }
            let detail = self.esc(r.detail.in_lang(self.lang));
            let source = self.esc(r.reference.get(self.lang));
            let addresses =
                self.esc(&self.list(r.addresses.iter().map(|a| self.label(a).to_owned())));
            let (colon, open, close) = match self.lang {
                Lang::Zh => (":", "(", ")"),
                Lang::En => (": ", " (", ")"),
            };
            match self.style {
                Style::Markdown => {
                    let _ = writeln!(out, "{}. **{}**{colon}{detail}", i + 1, title);
                    let _ = writeln!(
                        out,
                        "   {}{colon}{addresses}{open}{}{colon}{source}{close}",
                        self.t(ui::ADDRESSES),
                        self.t(ui::SOURCE),
                    );
                }
                Style::Plain => {
                    let _ = writeln!(out, "{}. {title}", i + 1);
                    let _ = writeln!(out, "   {detail}");
                    let _ = writeln!(out, "   {}{colon}{addresses}", self.t(ui::ADDRESSES));
                    let _ = writeln!(out, "   {}{colon}{source}", self.t(ui::SOURCE));
                }
            }
        }
        let rest = remedies.len() - shown;
        if rest > 0 {
            let _ = writeln!(
                out,
                "{}",
                match self.lang {
                    Lang::Zh => format!(
                        "(按优先度列出前 {shown} 条;另有 {rest} 条未列出,共 {} 条)",
                        remedies.len()
                    ),
                    Lang::En => format!(
                        "(the {shown} of highest priority; {rest} more not listed, {} in all)",
                        remedies.len()
                    ),
                }
            );
        }
    }

    /// What to do in a phase and who acts: per actor (community, social workers, social
    /// organisations), the actions of every stage, then the sources as citations.
    #[must_use]
    pub fn phase_plan(&self, plan: &PhasePlan) -> String {
        let mut out = String::new();
        self.plan_into(&mut out, plan, 2);
        out
    }

    fn plan_into(&self, out: &mut String, plan: &PhasePlan, depth: usize) {
        let colon = match self.lang {
            Lang::Zh => ":",
            Lang::En => ": ",
        };
        self.heading(
            out,
            depth,
            &format!(
                "{}{colon}{}",
                self.t(ui::PLAN_AHEAD),
                plan.phase.label(self.lang)
            ),
        );
        for actor in Actor::ALL {
            let actions: Vec<String> = plan
                .stages
                .iter()
                .flat_map(|s| {
                    s.actions
                        .iter()
                        .filter(move |a| a.actors.contains(&actor))
                        .map(move |a| {
                            format!("[{}] {}", s.name.get(self.lang), a.text.get(self.lang))
                        })
                })
                .collect();
            if actions.is_empty() {
                continue;
            }
            let _ = writeln!(out, "- {}", self.esc(actor.text().get(self.lang)));
            for a in actions {
                let _ = writeln!(out, "  - {}", self.esc(&a));
            }
        }
        let mut refs: Vec<&str> = plan
            .stages
            .iter()
            .map(|s| s.reference.get(self.lang))
            .collect();
        refs.dedup();
        let _ = writeln!(out, "\n{}{}", self.t(ui::SOURCE), colon.trim_end());
        for r in refs {
            self.bullet(out, r);
        }
    }

    /// A comparison: 表1 of every community (with its rank), the ranking with ties, and the best
    /// and worst community per dimension.
    #[must_use]
    pub fn comparison(&self, cmp: &Comparison) -> String {
        let mut out = String::new();
        self.heading(&mut out, 2, self.t(ui::COMPARISON));
        self.kv(&mut out, self.t(ui::FRAMEWORK), &cmp.framework);
        self.kv(&mut out, self.t(ui::METHOD), cmp.method.label(self.lang));
        out.push('\n');
        let names: Vec<String> = cmp
            .rows
            .iter()
            .map(|r| {
                if r.name.is_empty() || r.name == r.id {
                    r.id.clone()
                } else {
                    format!("{} ({})", r.name, r.id)
                }
            })
            .collect();
        let rows: Vec<(&str, &Scorecard)> = names
            .iter()
            .zip(&cmp.rows)
            .map(|(n, r)| (n.as_str(), &r.scorecard))
            .collect();
        let mut t1 = self.table1(&rows);
        t1.headers.insert(1, self.t(ui::MODE).to_owned());
        for (row, r) in t1.rows.iter_mut().zip(&cmp.rows) {
            row.insert(1, self.mode(r.mode));
        }
        if cmp
            .rows
            .iter()
            .any(|r| r.phase.is_some() || r.date.is_some())
        {
            t1.headers.insert(2, self.t(ui::PHASE).to_owned());
            t1.headers.insert(3, self.t(ui::DATE).to_owned());
            for (row, r) in t1.rows.iter_mut().zip(&cmp.rows) {
                row.insert(2, self.phase(r.phase));
                row.insert(3, r.date.map_or_else(String::new, |d| d.to_string()));
            }
        }
        self.table(&mut out, &t1);

        self.heading(&mut out, 3, self.t(ui::RANKING));
        let index: std::collections::HashMap<&str, usize> = cmp
            .rows
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.as_str(), i))
            .collect();
        let name_of = |id: &str| {
            index
                .get(id)
                .and_then(|&i| names.get(i).cloned())
                .unwrap_or_else(|| id.to_owned())
        };
        let ranking = Table {
            title: String::new(),
            headers: [ui::RANK, ui::COMMUNITY, ui::OVERALL_SCORE]
                .iter()
                .map(|t| self.t(*t).to_owned())
                .collect(),
            rows: cmp
                .ranking
                .iter()
                .map(|e| {
                    let rank = match e.rank {
                        None => "–".to_owned(),
                        Some(r) if e.tied => format!("{r}= ({})", self.t(ui::TIED)),
                        Some(r) => r.to_string(),
                    };
                    vec![
                        rank,
                        name_of(&e.id),
                        e.score
                            .map_or_else(|| self.t(ui::NOT_RATED).to_owned(), format_score),
                    ]
                })
                .collect(),
        };
        self.table(&mut out, &ranking);

        self.heading(&mut out, 3, self.t(ui::EXTREMES));
        let ext = Table {
            title: String::new(),
            headers: [ui::DIMENSION, ui::BEST, ui::WORST]
                .iter()
                .map(|t| self.t(*t).to_owned())
                .collect(),
            rows: cmp
                .extremes
                .iter()
                .map(|e| {
                    let cell = |ids: &[String], score: Option<f64>| match score {
                        None => self.t(ui::NOT_RATED).to_owned(),
                        Some(s) => format!(
                            "{} ({})",
                            self.list(ids.iter().map(|i| name_of(i))),
                            format_score(s)
                        ),
                    };
                    vec![
                        self.label(&e.dimension).to_owned(),
                        cell(&e.best, e.best_score),
                        cell(&e.worst, e.worst_score),
                    ]
                })
                .collect(),
        };
        out.push_str(&ext.render(self.style));
        out
    }

    /// The reference-case report (the paper's framework): 表1 as computed for cases A, B, C
    /// (with the published levels alongside), 表2, and each case's diagnosis.
    ///
    /// # Errors
    /// A bad option (weights) in `options`.
    pub fn cases_report(&self, options: &ScoreOptions) -> Result<String, Error> {
        let fw = Framework::paper();
        let r = Renderer::new(fw, self.lang, self.style);
        let diagnoses = cases()
            .iter()
            .map(|c| diagnose_with(c, fw, options).map(|d| (c.name.clone(), d)))
            .collect::<Result<Vec<_>, _>>()?;
        let mut out = String::new();
        r.heading(&mut out, 1, r.t(ui::REFERENCE_CASES));
        let rows: Vec<(&str, &Scorecard)> = diagnoses
            .iter()
            .map(|(n, d)| (n.as_str(), &d.scorecard))
            .collect();
        let mut t1 = r.table1(&rows);
        t1.headers.insert(1, r.t(ui::MODE).to_owned());
        t1.headers.push(r.t(ui::PUBLISHED).to_owned());
        for ((row, (_, d)), published) in t1.rows.iter_mut().zip(&diagnoses).zip(crate::TABLE_1) {
            row.insert(1, r.mode(d.mode.map(|p| p.mode)));
            row.push(
                [
                    published.robustness,
                    published.redundancy,
                    published.government_connectivity,
                    published.resident_connectivity,
                ]
                .iter()
                .map(|l| l.label(r.lang))
                .collect::<Vec<_>>()
                .join(" / "),
            );
        }
        r.table(&mut out, &t1);
        r.table(&mut out, &r.modes_table());
        for (name, d) in &diagnoses {
            r.diagnosis_into(&mut out, d, Some(name), 2);
            out.push('\n');
        }
        Ok(out)
    }

    /// Validation issues, one per line: `path: message [code]`.
    #[must_use]
    pub fn issues(&self, issues: &[Issue]) -> String {
        let mut out = String::new();
        for i in issues {
            let path = if i.path.is_root() {
                "(document)".to_owned()
            } else {
                i.path.to_string()
            };
            let message = self.esc(i.message.get(self.lang));
            match self.style {
                Style::Markdown => {
                    // in a code span nothing is markup; a backtick would end it
                    let path = clean(&path).replace('`', "'");
                    let _ = writeln!(out, "- `{path}`: {message} [`{}`]", i.code);
                }
                Style::Plain => {
                    let _ = writeln!(out, "  - {}: {message} [{}]", clean(&path), i.code);
                }
            }
        }
        out
    }
}

//! The computed columns of a written table and the kind of every column, for typed data frames
//! (pandas: ordered categorical levels, float scores): with `scores`, a wide table gains the
//! summary columns (表1: each attribute, or each reading of a split one) and the overall
//! reading, a level and a score each, in the table's words.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::vocab::{label_lang, Field};
use super::{Headers, Layout, TableOut};
use crate::framework::Framework;
use crate::score::{Column, Grade, Scorecard};
use crate::text::{Renderer, Style};
use crate::ui;

/// What a column of a written table holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ColumnKind {
    /// Free text (id, name, evidence, rater, note, metadata).
    Text,
    /// One of a fixed vocabulary without order (mode, phase, dimension).
    Category,
    /// A date (`YYYY-MM-DD`).
    Date,
    /// A level: ordered, lowest first (the framework's levels in the table's words).
    Level,
    /// A score, 0–100.
    Score,
    /// A yes/no answer.
    Answer,
}

/// The kind of every column of a table written by [`super::write`] (and of the columns
/// [`add_scores`] appends, which it names itself).
#[must_use]
pub fn column_kinds(out: &TableOut, framework: &Framework) -> Vec<ColumnKind> {
    let dims: Vec<String> = framework
        .dimensions
        .iter()
        .map(|d| match label_lang(out.headers) {
            None => d.id.clone(),
            Some(lang) => d.labels.in_lang(lang).to_owned(),
        })
        .collect();
    out.columns
        .iter()
        .map(|c| {
            if out.layout == Layout::Wide && dims.iter().any(|d| d == c) {
                return ColumnKind::Level;
            }
            if let Some((head, part)) = c.rsplit_once('.') {
                if dims.iter().any(|d| d == head) {
                    return match Field::part(part) {
                        Some(Field::Score) => ColumnKind::Score,
                        Some(Field::Level) => ColumnKind::Level,
                        _ => ColumnKind::Answer,
                    };
                }
            }
            match Field::find(c) {
                Some(Field::Mode | Field::Phase | Field::Dimension) => ColumnKind::Category,
                Some(Field::Date) => ColumnKind::Date,
                Some(Field::Level) => ColumnKind::Level,
                Some(Field::Score) => ColumnKind::Score,
                Some(Field::Coped | Field::Developed) => ColumnKind::Answer,
                _ => ColumnKind::Text,
            }
        })
        .collect()
}

/// The framework's levels, lowest first, in the table's words (the categories of
/// [`ColumnKind::Level`] columns).
#[must_use]
pub fn level_words(framework: &Framework, headers: Headers) -> Vec<String> {
    framework
        .levels
        .iter()
        .map(|l| match label_lang(headers) {
            None => l.id.clone(),
            Some(lang) => l.labels.in_lang(lang).to_owned(),
        })
        .collect()
}

/// Appends to a wide table, for each assessment's scorecard (in row order), a level and a
/// score column per summary column (表1) and for the overall reading; returns their kinds.
pub fn add_scores(
    out: &mut TableOut,
    framework: &Framework,
    cards: &[Scorecard],
) -> Vec<ColumnKind> {
    let headers = out.headers;
    let lang = label_lang(headers);
    let level_of = |g: Option<&Grade>| -> Value {
        g.map_or(Value::Null, |g| {
            let word = framework
                .levels
                .iter()
                .find(|l| l.id == g.level)
                .map_or_else(
                    || g.level.clone(),
                    |l| match lang {
                        None => l.id.clone(),
                        Some(lang) => l.labels.in_lang(lang).to_owned(),
                    },
                );
            Value::from(word)
        })
    };
    let score_of = |g: Option<&Grade>| g.map_or(Value::Null, |g| Value::from(g.score));
    let columns: Vec<Column> = cards.first().map(Scorecard::columns).unwrap_or_default();
    let name = |c: &Column| -> String {
        match lang {
            None => c.key(),
            Some(l) => Renderer::new(framework, l, Style::Plain).column_header(c),
        }
    };
    let (level_word, score_word) = match lang {
        None => (".level", ".score"),
        Some(crate::Lang::Zh) => ("等级", "得分"),
        Some(crate::Lang::En) => (" level", " score"),
    };
    let mut kinds = Vec::new();
    for c in &columns {
        out.columns.push(format!("{}{level_word}", name(c)));
        out.columns.push(format!("{}{score_word}", name(c)));
        kinds.extend([ColumnKind::Level, ColumnKind::Score]);
    }
    let (ol, os) = match lang {
        None => ("overall.level".to_owned(), "overall.score".to_owned()),
        Some(l) => (
            ui::OVERALL_LEVEL.get(l).to_owned(),
            ui::OVERALL_SCORE.get(l).to_owned(),
        ),
    };
    out.columns.push(ol);
    out.columns.push(os);
    kinds.extend([ColumnKind::Level, ColumnKind::Score]);
    for (row, card) in out.rows.iter_mut().zip(cards) {
        let cols = card.columns();
        for c in &columns {
            let g = cols
                .iter()
                .find(|x| x.key() == c.key())
                .and_then(|x| x.grade.as_ref());
            row.push(level_of(g));
            row.push(score_of(g));
        }
        row.push(level_of(card.overall.as_ref()));
        row.push(score_of(card.overall.as_ref()));
    }
    kinds
}

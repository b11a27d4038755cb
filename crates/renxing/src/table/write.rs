//! Writing assessments as a table (wide or long), headers and values in ids or in labels.

use serde_json::{Map, Value};

use crate::assessment::Assessment;
use crate::framework::Framework;
use crate::rating::{Evidence, Rating, RatingValue};

use super::vocab::{bool_words, label_lang, Field};
use super::{Headers, Layout, TableOut, WriteOptions};

struct Writer<'a> {
    fw: &'a Framework,
    headers: Headers,
}

impl Writer<'_> {
    fn field(&self, f: Field) -> String {
        f.header(self.headers).to_owned()
    }

    /// A dimension's column: its id, or its label.
    fn dim(&self, d: usize) -> String {
        let def = &self.fw.dimensions[d];
        match label_lang(self.headers) {
            None => def.id.clone(),
            Some(lang) => def.labels.in_lang(lang).to_owned(),
        }
    }

    fn level(&self, id: &str) -> Value {
        let label = label_lang(self.headers).and_then(|lang| {
            self.fw
                .levels
                .iter()
                .find(|l| l.id == id)
                .map(|l| l.labels.in_lang(lang).to_owned())
        });
        Value::from(label.unwrap_or_else(|| id.to_owned()))
    }

    fn vocab(&self, id: &str, text: crate::lang::Text) -> Value {
        Value::from(match label_lang(self.headers) {
            None => id,
            Some(lang) => text.get(lang),
        })
    }

    /// id, name, mode, phase, date.
    fn community(&self, a: &Assessment) -> Vec<Value> {
        vec![
            Value::from(a.id.clone()),
            Value::from(a.name.clone()),
            a.mode.map_or(Value::Null, |m| self.vocab(m.id(), m.text())),
            a.phase
                .map_or(Value::Null, |p| self.vocab(p.id(), p.text())),
            a.date.map_or(Value::Null, |d| Value::from(d.to_string())),
        ]
    }

    fn community_columns(&self) -> Vec<String> {
        [
            Field::Id,
            Field::Name,
            Field::Mode,
            Field::Phase,
            Field::Date,
        ]
        .into_iter()
        .map(|f| self.field(f))
        .collect()
    }
}

fn rating<'a>(a: &'a Assessment, dim: &str) -> Option<&'a Rating> {
    a.ratings.get(dim).and_then(Option::as_ref)
}

/// What the wide form leaves out, if anything is there to leave out.
fn omitted_in_wide(assessments: &[Assessment]) -> Vec<String> {
    let ratings = || {
        assessments
            .iter()
            .flat_map(|a| a.ratings.values().flatten())
    };
    let mut out = Vec::new();
    if ratings().any(|r| !r.evidence.is_empty()) {
        out.push("evidence".to_owned());
    }
    if ratings().any(|r| r.rater.is_some()) {
        out.push("rater".to_owned());
    }
    if ratings().any(|r| r.note.is_some()) {
        out.push("note".to_owned());
    }
    if assessments.iter().any(|a| !a.metadata.is_empty()) {
        out.push("metadata".to_owned());
    }
    if assessments.iter().any(Assessment::is_multi_coder) {
        out.push("codings".to_owned());
    }
    out
}

/// The evidence cell: one quote alone as plain text (unless it looks like JSON), else the file
/// format's list as JSON text.
fn evidence_cell(evidence: &[Evidence]) -> Value {
    match evidence {
        [] => Value::Null,
        [Evidence {
            quote: Some(q),
            source: None,
            note: None,
        }] if !q.trim_start().starts_with(['[', '{']) && q.trim() == q && !q.is_empty() => {
            Value::from(q.clone())
        }
        list => Value::from(serde_json::to_string(list).unwrap_or_default()),
    }
}

pub(super) fn write(assessments: &[Assessment], fw: &Framework, opts: &WriteOptions) -> TableOut {
    let w = Writer {
        fw,
        headers: opts.headers,
    };
    let any = |dim: &str, f: fn(&RatingValue) -> bool| {
        assessments
            .iter()
            .any(|a| rating(a, dim).is_some_and(|r| f(&r.value)))
    };
    let is_score = |v: &RatingValue| matches!(v, RatingValue::Score(_));
    let is_answers = |v: &RatingValue| matches!(v, RatingValue::Answers(_));
    match opts.layout {
        Layout::Wide => {
            let mut columns = w.community_columns();
            // Per dimension: its level column, and score / answer columns where used.
            let mut plan = Vec::new();
            for (d, def) in fw.dimensions.iter().enumerate() {
                let name = w.dim(d);
                let score = any(&def.id, is_score);
                let answers = any(&def.id, is_answers);
                columns.push(name.clone());
                if score {
                    columns.push(format!("{name}.{}", w.field(Field::Score)));
                }
                if answers {
                    columns.push(format!("{name}.{}", w.field(Field::Coped)));
                    columns.push(format!("{name}.{}", w.field(Field::Developed)));
                }
                plan.push((def.id.as_str(), score, answers));
            }
            let rows = assessments
                .iter()
                .map(|a| {
                    let mut row = w.community(a);
                    for (dim, score, answers) in &plan {
                        let value = rating(a, dim).map(|r| &r.value);
                        row.push(match value {
                            Some(RatingValue::Level(id)) => w.level(id),
                            _ => Value::Null,
                        });
                        if *score {
                            row.push(match value {
                                Some(RatingValue::Score(s)) => Value::from(s.get()),
                                _ => Value::Null,
                            });
                        }
                        if *answers {
                            let (c, d) = match value {
                                Some(RatingValue::Answers(x)) => {
                                    (Value::from(x.coped), Value::from(x.developed))
                                }
                                _ => (Value::Null, Value::Null),
                            };
                            row.push(c);
                            row.push(d);
                        }
                    }
                    row
                })
                .collect();
            TableOut {
                layout: Layout::Wide,
                headers: opts.headers,
                columns,
                rows,
                omitted: omitted_in_wide(assessments),
            }
        }
        Layout::Long => {
            let all = || {
                assessments.iter().flat_map(|a| {
                    a.ratings
                        .values()
                        .flatten()
                        .chain(a.codings.values().flatten())
                })
            };
            let score = all().any(|r| is_score(&r.value));
            let answers = all().any(|r| is_answers(&r.value));
            let evidence = all().any(|r| !r.evidence.is_empty());
            let rater = all().any(|r| r.rater.is_some());
            let note = all().any(|r| r.note.is_some());
            let metadata = assessments.iter().any(|a| !a.metadata.is_empty());
            let mut fields = vec![Field::Dimension, Field::Level];
            for (on, f) in [
                (score, &[Field::Score][..]),
                (answers, &[Field::Coped, Field::Developed][..]),
                (evidence, &[Field::Evidence][..]),
                (rater, &[Field::Rater][..]),
                (note, &[Field::Note][..]),
                (metadata, &[Field::Metadata][..]),
            ] {
                if on {
                    fields.extend_from_slice(f);
                }
            }
            let mut columns = w.community_columns();
            columns.extend(fields.iter().map(|f| w.field(*f)));
            let mut rows = Vec::new();
            for a in assessments {
                let meta = if a.metadata.is_empty() {
                    Value::Null
                } else {
                    Value::from(serde_json::to_string(&a.metadata).unwrap_or_default())
                };
                for (d, def) in fw.dimensions.iter().enumerate() {
                    // a dimension with codings: one row per coder (the consensus value is
                    // not a row; `omitted` says so)
                    let coded = a.codings_of(&def.id);
                    let each: Vec<Option<&Rating>> = if coded.is_empty() {
                        vec![rating(a, &def.id)]
                    } else {
                        coded.iter().map(Some).collect()
                    };
                    for r in each {
                        let mut row = w.community(a);
                        for f in &fields {
                            row.push(match (f, r.map(|r| &r.value)) {
                                (Field::Dimension, _) => Value::from(w.dim(d)),
                                (Field::Level, Some(RatingValue::Level(id))) => w.level(id),
                                (Field::Score, Some(RatingValue::Score(s))) => Value::from(s.get()),
                                (Field::Coped, Some(RatingValue::Answers(x))) => {
                                    Value::from(x.coped)
                                }
                                (Field::Developed, Some(RatingValue::Answers(x))) => {
                                    Value::from(x.developed)
                                }
                                (Field::Evidence, _) => {
                                    r.map_or(Value::Null, |r| evidence_cell(&r.evidence))
                                }
                                (Field::Rater, _) => r
                                    .and_then(|r| r.rater.clone())
                                    .map_or(Value::Null, Value::from),
                                (Field::Note, _) => r
                                    .and_then(|r| r.note.clone())
                                    .map_or(Value::Null, Value::from),
                                (Field::Metadata, _) => meta.clone(),
                                _ => Value::Null,
                            });
                        }
                        rows.push(row);
                    }
                }
            }
            let resolved = assessments.iter().any(|a| {
                a.consensus.is_some()
                    || a.codings
                        .iter()
                        .any(|(d, c)| !c.is_empty() && rating(a, d).is_some())
            });
            TableOut {
                layout: Layout::Long,
                headers: opts.headers,
                columns,
                rows,
                omitted: if resolved {
                    vec!["consensus".to_owned()]
                } else {
                    Vec::new()
                },
            }
        }
    }
}

impl TableOut {
    /// The table as CSV text: a header row, then one line per row (LF line ends, fields quoted
    /// where needed, scores as written (`80`, `62.5`), booleans as `true`/`false`, `是`/`否` or
    /// `yes`/`no` after the headers' language, empty cells for nothing). `bom` puts a UTF-8
    /// byte-order mark first, which Excel needs to open Chinese text correctly.
    #[must_use]
    pub fn to_csv(&self, bom: bool) -> String {
        let (yes, no) = bool_words(self.headers);
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        let cell = |v: &Value| match v {
            Value::Null => String::new(),
            Value::Bool(true) => yes.to_owned(),
            Value::Bool(false) => no.to_owned(),
            Value::String(s) => s.clone(),
            Value::Number(n) => n.as_f64().map_or_else(|| n.to_string(), super::cells::num),
            other => other.to_string(),
        };
        let _ = writer.write_record(&self.columns);
        for row in &self.rows {
            let _ = writer.write_record(row.iter().map(cell));
        }
        let bytes = writer.into_inner().unwrap_or_default();
        let text = String::from_utf8(bytes).unwrap_or_default();
        if bom {
            format!("\u{feff}{text}")
        } else {
            text
        }
    }

    /// The table as rows of objects keyed by column name (the shape of a DataFrame's records
    /// or a JavaScript array of objects); scores are numbers, answers booleans, empty cells
    /// `null`.
    #[must_use]
    pub fn to_records(&self) -> Vec<Map<String, Value>> {
        self.rows
            .iter()
            .map(|row| {
                self.columns
                    .iter()
                    .cloned()
                    .zip(row.iter().cloned())
                    .collect()
            })
            .collect()
    }
}

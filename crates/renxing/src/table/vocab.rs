//! The words of a table: column names (in ids or labels, zh or en) and the lookup of ids and
//! labels (levels, dimensions, modes, phases) in any of the framework's languages.

use std::collections::HashMap;

use crate::framework::Framework;
use crate::ids::{Mode, Phase};
use crate::lang::Lang;

use super::Headers;

/// A column of a table other than a dimension's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) enum Field {
    Id,
    Name,
    Mode,
    Phase,
    Date,
    Metadata,
    Dimension,
    Level,
    Score,
    Coped,
    Developed,
    Evidence,
    Rater,
    Note,
}

impl Field {
    /// Every field, in the order columns are written.
    pub(super) const ALL: [Field; 14] = [
        Field::Id,
        Field::Name,
        Field::Mode,
        Field::Phase,
        Field::Date,
        Field::Dimension,
        Field::Level,
        Field::Score,
        Field::Coped,
        Field::Developed,
        Field::Evidence,
        Field::Rater,
        Field::Note,
        Field::Metadata,
    ];

    /// The fields a wide table's community columns name (besides the dimensions).
    pub(super) const WIDE: [Field; 6] = [
        Field::Id,
        Field::Name,
        Field::Mode,
        Field::Phase,
        Field::Date,
        Field::Metadata,
    ];

    /// `(id, zh, en, other accepted names)`.
    const fn words(
        self,
    ) -> (
        &'static str,
        &'static str,
        &'static str,
        &'static [&'static str],
    ) {
        match self {
            Field::Id => ("id", "编号", "ID", &[]),
            Field::Name => ("name", "名称", "Name", &["社区", "社区名称"]),
            Field::Mode => ("mode", "模式", "Mode", &[]),
            Field::Phase => ("phase", "阶段", "Phase", &[]),
            Field::Date => ("date", "日期", "Date", &[]),
            Field::Metadata => ("metadata", "元数据", "Metadata", &[]),
            Field::Dimension => ("dimension", "维度", "Dimension", &[]),
            Field::Level => ("level", "等级", "Level", &[]),
            Field::Score => ("score", "得分", "Score", &["分数"]),
            Field::Coped => ("coped", "有效应对", "Coped", &["有效应对风险"]),
            Field::Developed => ("developed", "得到发展", "Developed", &["社区得到发展"]),
            Field::Evidence => ("evidence", "证据", "Evidence", &[]),
            Field::Rater => ("rater", "评定人", "Rater", &[]),
            Field::Note => ("note", "备注", "Note", &[]),
        }
    }

    /// The id (the column's name with [`Headers::Ids`]).
    pub(super) const fn id(self) -> &'static str {
        self.words().0
    }

    /// The column's name as written.
    pub(super) fn header(self, headers: Headers) -> &'static str {
        let (id, zh, en, _) = self.words();
        match headers {
            Headers::Ids => id,
            Headers::Zh => zh,
            Headers::En => en,
        }
    }

    /// The names accepted when reading: the id, both labels and the aliases.
    fn names(self) -> impl Iterator<Item = &'static str> {
        let (id, zh, en, more) = self.words();
        [id, zh, en].into_iter().chain(more.iter().copied())
    }

    /// `id` / `编号` (for messages).
    pub(super) fn shown(self) -> (String, String) {
        let (id, zh, en, _) = self.words();
        (format!("{id}(或 {zh})"), format!("{id} (or {en})"))
    }

    /// The field a column name (or a dimension column's suffix) names.
    pub(crate) fn find(name: &str) -> Option<Field> {
        let n = norm(name);
        Field::ALL
            .into_iter()
            .find(|f| f.names().any(|w| norm(w) == n))
    }

    /// The value part a dimension column's suffix names (`needs_met.score`).
    pub(super) fn part(suffix: &str) -> Option<Field> {
        Field::find(suffix).filter(|f| {
            matches!(
                f,
                Field::Level | Field::Score | Field::Coped | Field::Developed
            )
        })
    }
}

/// The form of a name that lookups compare: trimmed, lower case, runs of spaces, `_` and `-` as
/// one `_` (so `Needs met`, `needs-met` and `needs_met` are one name).
pub(crate) fn norm(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut gap = false;
    for c in s.trim().chars() {
        if c.is_whitespace() || c == '_' || c == '-' {
            gap = true;
            continue;
        }
        if gap && !out.is_empty() {
            out.push('_');
        }
        gap = false;
        out.extend(c.to_lowercase());
    }
    out
}

/// What a lookup found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Found {
    /// One value (its index).
    One(usize),
    /// Nothing.
    None,
    /// Several values share the name (their ids).
    Ambiguous(Vec<String>),
}

/// Ids and labels of one vocabulary, looked up by [`norm`]al form.
#[derive(Clone, Debug)]
pub(crate) struct Lookup {
    ids: Vec<String>,
    names: HashMap<String, Vec<usize>>,
    /// `id (label, label)` per value, for messages.
    pub(crate) shown: Vec<String>,
}

impl Lookup {
    fn new<'a>(entries: impl IntoIterator<Item = (&'a str, Vec<&'a str>)>) -> Self {
        let mut ids = Vec::new();
        let mut names: HashMap<String, Vec<usize>> = HashMap::new();
        let mut shown = Vec::new();
        for (i, (id, labels)) in entries.into_iter().enumerate() {
            ids.push(id.to_owned());
            for n in std::iter::once(id).chain(labels.iter().copied()) {
                let list = names.entry(norm(n)).or_default();
                if !list.contains(&i) {
                    list.push(i);
                }
            }
            let mut others: Vec<&str> = labels.into_iter().filter(|l| *l != id).collect();
            others.dedup();
            shown.push(if others.is_empty() {
                id.to_owned()
            } else {
                format!("{id} ({})", others.join(", "))
            });
        }
        Lookup { ids, names, shown }
    }

    /// The framework's levels.
    pub(crate) fn levels(fw: &Framework) -> Self {
        Self::new(fw.levels.iter().map(|l| {
            (
                l.id.as_str(),
                l.labels.0.values().map(String::as_str).collect(),
            )
        }))
    }

    /// The framework's dimensions.
    pub(crate) fn dimensions(fw: &Framework) -> Self {
        Self::new(fw.dimensions.iter().map(|d| {
            (
                d.id.as_str(),
                d.labels.0.values().map(String::as_str).collect(),
            )
        }))
    }

    /// The framework's attributes.
    pub(crate) fn attributes(fw: &Framework) -> Self {
        Self::new(fw.attributes.iter().map(|a| {
            (
                a.id.as_str(),
                a.labels.0.values().map(String::as_str).collect(),
            )
        }))
    }

    /// The governance modes.
    pub(crate) fn modes() -> Self {
        Self::new(Mode::ALL.iter().map(|m| {
            let t = m.text();
            (m.id(), vec![t.en, t.zh])
        }))
    }

    /// The phases.
    pub(crate) fn phases() -> Self {
        Self::new(Phase::ALL.iter().map(|p| {
            let t = p.text();
            (p.id(), vec![t.en, t.zh])
        }))
    }

    /// Looks a name up: an id as written first (so that an id never becomes ambiguous with
    /// another value's label), then ids and labels in [`norm`]al form.
    pub(crate) fn find(&self, name: &str) -> Found {
        if let Some(i) = self.ids.iter().position(|id| id == name) {
            return Found::One(i);
        }
        match self.names.get(&norm(name)).map(Vec::as_slice) {
            None | Some([]) => Found::None,
            Some([i]) => Found::One(*i),
            Some(many) => Found::Ambiguous(many.iter().map(|i| self.ids[*i].clone()).collect()),
        }
    }

    /// The id of a value.
    pub(crate) fn id(&self, i: usize) -> &str {
        &self.ids[i]
    }

    /// Every value as shown in messages, `; `-separated.
    pub(crate) fn expected(&self) -> String {
        self.shown.join("; ")
    }
}

/// The words of a boolean cell: `(true, false)` in a language of headers.
pub(super) const fn bool_words(headers: Headers) -> (&'static str, &'static str) {
    match headers {
        Headers::Ids => ("true", "false"),
        Headers::Zh => ("是", "否"),
        Headers::En => ("yes", "no"),
    }
}

/// A boolean cell's text, if it is one: true/false, yes/no, y/n, 1/0, 是/否, 对/错 (any case).
pub(crate) fn parse_bool(s: &str) -> Option<bool> {
    match norm(s).as_str() {
        "true" | "t" | "yes" | "y" | "1" | "是" | "对" => Some(true),
        "false" | "f" | "no" | "n" | "0" | "否" | "错" => Some(false),
        _ => None,
    }
}

/// The language of label headers (`None` for ids).
pub(super) const fn label_lang(headers: Headers) -> Option<Lang> {
    match headers {
        Headers::Ids => None,
        Headers::Zh => Some(Lang::Zh),
        Headers::En => Some(Lang::En),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_normalise() {
        assert_eq!(norm("  Needs  met "), "needs_met");
        assert_eq!(norm("Social-worker driven"), "social_worker_driven");
        assert_eq!(norm("满足需求"), "满足需求");
        assert_eq!(Field::find("编号"), Some(Field::Id));
        assert_eq!(Field::find(" Score "), Some(Field::Score));
        assert_eq!(Field::find("分数"), Some(Field::Score));
        assert_eq!(Field::part("得到发展"), Some(Field::Developed));
        assert_eq!(Field::part("name"), None);
    }

    #[test]
    fn lookups_find_ids_and_labels() {
        let fw = Framework::paper();
        let levels = Lookup::levels(fw);
        assert_eq!(levels.find("高"), Found::One(2));
        assert_eq!(levels.find("HIGH"), Found::One(2));
        assert_eq!(levels.find("medium"), Found::One(1));
        assert_eq!(levels.find("2"), Found::None);
        let dims = Lookup::dimensions(fw);
        assert_eq!(dims.find("满足需求"), Found::One(0));
        assert_eq!(dims.find("Needs met"), Found::One(0));
        assert_eq!(Lookup::modes().find("政府主导型"), Found::One(1));
        assert_eq!(Lookup::phases().find("Recovery"), Found::One(2));
        assert_eq!(levels.shown[0], "low (Low, 低)");
    }

    #[test]
    fn booleans() {
        assert_eq!(parse_bool("是"), Some(true));
        assert_eq!(parse_bool("FALSE"), Some(false));
        assert_eq!(parse_bool("maybe"), None);
    }
}

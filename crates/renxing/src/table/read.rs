//! Reading a table (wide or long) into assessments: the columns resolved, every cell converted,
//! each assessment validated by the file format's own rules, and every problem located at its
//! row and column.

use std::collections::HashMap;

use serde_json::{Map, Value};

use crate::assessment::Assessment;
use crate::error::{AssessmentError, ErrorCode, Issue, IssueCode, Msg, Path, PathSeg, Problem};
use crate::framework::{Framework, SCHEMA_VERSION};
use crate::path;

use super::cells::{self, ScoreColumn};
use super::raw::{Raw, RawRow};
use super::vocab::{Field, Found, Lookup};
use super::{Layout, TableRead, MAX_ISSUES};

/// Where each field of an assessment came from: (field path in the file form, table path).
type Provenance = Vec<(Path, Path)>;

/// The occasion an assessment describes: id, phase, date.
type Occasion = (String, Option<String>, Option<String>);

/// The columns of one dimension in a wide table.
#[derive(Clone, Copy, Debug, Default)]
struct DimColumns {
    level: Option<usize>,
    score: Option<usize>,
    coped: Option<usize>,
    developed: Option<usize>,
}

impl DimColumns {
    fn parts(self) -> [(Field, Option<usize>); 4] {
        [
            (Field::Level, self.level),
            (Field::Score, self.score),
            (Field::Coped, self.coped),
            (Field::Developed, self.developed),
        ]
    }

    fn slot(&mut self, part: Field) -> &mut Option<usize> {
        match part {
            Field::Score => &mut self.score,
            Field::Coped => &mut self.coped,
            Field::Developed => &mut self.developed,
            _ => &mut self.level,
        }
    }
}

/// One row of a long table, converted.
struct LongRow {
    index: usize,
    key: Occasion,
    name: Option<String>,
    mode: Option<Value>,
    metadata: Option<Value>,
    dim: usize,
    rating: Value,
    rater: Option<String>,
}

/// One long row's rating of a dimension: row index, rating, rater, provenance.
type DimRow = (usize, Value, Option<String>, Provenance);

pub(super) struct Reader<'a> {
    fw: &'a Framework,
    raw: &'a Raw,
    levels: Lookup,
    dims: Lookup,
    modes: Lookup,
    phases: Lookup,
    issues: Vec<Issue>,
    /// Problems found and counted but no longer kept (see [`Reader::note`]).
    dropped: usize,
    /// Each column's position (its first occurrence), for sorting problems: a scan per
    /// comparison made a header of 9,000 unknown columns take 15 s.
    col_index: HashMap<String, usize>,
}

impl<'a> Reader<'a> {
    pub(super) fn new(fw: &'a Framework, raw: &'a Raw, issues: Vec<Issue>) -> Self {
        Reader {
            fw,
            raw,
            levels: Lookup::levels(fw),
            dims: Lookup::dimensions(fw),
            modes: Lookup::modes(),
            phases: Lookup::phases(),
            issues,
            dropped: raw.dropped_issues,
            col_index: {
                let mut m = HashMap::with_capacity(raw.columns.len());
                for (i, c) in raw.columns.iter().enumerate() {
                    m.entry(c.clone()).or_insert(i);
                }
                m
            },
        }
    }

    /// Keeps an assessment read, while the table has no problem: once it has one, nothing read
    /// is returned, so nothing more is held (a table of many bad rows costs its cells only).
    fn keep(&self, out: &mut Vec<Assessment>, a: Assessment) {
        if self.issues.is_empty() {
            out.push(a);
        } else if !out.is_empty() {
            *out = Vec::new();
        }
    }

    /// Records a problem. Memory stays bounded: when many have piled up, only the first
    /// [`MAX_ISSUES`] in table order are kept and the others counted (the error lists the first
    /// ones and gives the total).
    fn note(&mut self, issue: Issue) {
        self.issues.push(issue);
        if self.issues.len() >= 8 * MAX_ISSUES {
            let mut issues = std::mem::take(&mut self.issues);
            issues.sort_by_cached_key(|i| self.sort_key(&i.path));
            issues.dedup();
            self.dropped += issues.len().saturating_sub(MAX_ISSUES);
            issues.truncate(MAX_ISSUES);
            self.issues = issues;
        }
    }

    fn cell(&self, row: &RawRow, col: usize) -> Path {
        path!["rows", row.index, self.raw.columns[col].clone()]
    }

    fn column(&self, col: usize) -> Path {
        path!["columns", self.raw.columns[col].clone()]
    }

    fn push<T>(&mut self, r: Result<T, Issue>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(i) => {
                self.note(i);
                None
            }
        }
    }

    /// Reads the table in a layout.
    pub(super) fn read(mut self, layout: Layout) -> Result<TableRead, Problem> {
        let rows: Vec<&RawRow> = self.raw.rows.iter().filter(|r| !r.is_blank()).collect();
        if rows.is_empty() {
            self.note(Issue::new(
                path!["rows"],
                IssueCode::Missing,
                Msg::new(
                    "表格没有数据行(只有表头)",
                    "the table has no data rows (only a header)",
                ),
            ));
        }
        let assessments = match layout {
            Layout::Wide => self.wide(&rows),
            Layout::Long => self.long(&rows),
        };
        if self.issues.is_empty() && self.dropped == 0 {
            Ok(TableRead {
                assessments,
                layout,
            })
        } else {
            Err(self.finish())
        }
    }

    fn set_once(&mut self, slot: &mut Option<usize>, col: usize) {
        match *slot {
            None => *slot = Some(col),
            Some(first) => {
                let first = self.raw.columns[first].clone();
                let at = self.column(col);
                self.note(Issue::new(
                    at,
                    IssueCode::Duplicate,
                    Msg::new(
                        format!("该列与列 {first:?} 表示同一内容"),
                        format!("this column means the same as column {first:?}"),
                    ),
                ));
            }
        }
    }

    fn unnamed(&mut self, col: usize) {
        let at = self.column(col);
        self.note(Issue::new(
            at,
            IssueCode::UnknownField,
            Msg::new(
                "没有列名的列(由 DataFrame.to_csv 写出的索引?请用 index=False)",
                "a column without a name (a DataFrame index written by to_csv? use index=False)",
            ),
        ));
    }

    fn missing_column(&mut self, what: (String, String)) {
        self.note(Issue::new(
            path!["columns"],
            IssueCode::Missing,
            Msg::new(what.0, what.1),
        ));
    }

    fn dims_list(&self) -> String {
        self.dims.expected()
    }

    // -----------------------------------------------------------------------------------------
    // wide
    // -----------------------------------------------------------------------------------------

    fn wide_columns(&mut self) -> (HashMap<Field, usize>, Vec<DimColumns>) {
        let mut meta: HashMap<Field, Option<usize>> = HashMap::new();
        let mut dims = vec![DimColumns::default(); self.fw.dimensions.len()];
        for (c, name) in self.raw.columns.iter().enumerate() {
            if name.trim().is_empty() {
                self.unnamed(c);
                continue;
            }
            if let Some(f) = Field::find(name) {
                if Field::WIDE.contains(&f) {
                    let mut slot = meta.get(&f).copied().flatten();
                    self.set_once(&mut slot, c);
                    meta.insert(f, slot);
                } else {
                    let at = self.column(c);
                    self.note(Issue::new(
                        at,
                        IssueCode::UnknownField,
                        Msg::new(
                            format!(
                                "{name:?} 是长表的列(每行一个社区 × 维度,并有“维度”列);宽表中每个维度的列以维度命名:needs_met、needs_met.score……"
                            ),
                            format!(
                                "{name:?} is a column of long tables (one row per community × dimension, with a dimension column); in a wide table a dimension's columns are named after it: needs_met, needs_met.score, …"
                            ),
                        ),
                    ));
                }
                continue;
            }
            let (found, part) = match self.dims.find(name) {
                Found::None => match name.rsplit_once('.') {
                    Some((dim, suffix)) => match Field::part(suffix) {
                        Some(part) => (self.dims.find(dim), part),
                        None => (Found::None, Field::Level),
                    },
                    None => (Found::None, Field::Level),
                },
                found => (found, Field::Level),
            };
            match found {
                Found::One(d) => {
                    let mut slot = *dims[d].slot(part);
                    self.set_once(&mut slot, c);
                    *dims[d].slot(part) = slot;
                }
                Found::Ambiguous(ids) => {
                    let at = self.column(c);
                    let ids = ids.join(", ");
                    self.note(Issue::new(
                        at,
                        IssueCode::Inconsistent,
                        Msg::new(
                            format!("列名 {name:?} 可指多个维度({ids});请用维度 id"),
                            format!(
                                "the column {name:?} could be several dimensions ({ids}); use the dimension's id"
                            ),
                        ),
                    ));
                }
                Found::None => {
                    let at = self.column(c);
                    let dims = self.dims_list();
                    self.note(Issue::new(
                        at,
                        IssueCode::UnknownField,
                        Msg::new(
                            format!(
                                "未知列 {name:?}。宽表的列:id、name、mode、phase、date、metadata(或其中文名 编号、名称、模式、阶段、日期、元数据),以及每个维度一列(维度 id 或名称,填等级),可另加 .score / .得分(0–100 分数)或 .coped 与 .developed / .有效应对 与 .得到发展(两问);维度:{dims}"
                            ),
                            format!(
                                "unknown column {name:?}. A wide table has the columns id, name, mode, phase, date, metadata (or their labels) and one column per dimension (its id or label, holding a level), optionally with .score (a 0–100 score) or .coped and .developed (the two questions); dimensions: {dims}"
                            ),
                        ),
                    ));
                }
            }
        }
        let meta: HashMap<Field, usize> = meta
            .into_iter()
            .filter_map(|(f, c)| c.map(|c| (f, c)))
            .collect();
        for f in [Field::Id, Field::Name] {
            if !meta.contains_key(&f) {
                let (zh, en) = f.shown();
                self.missing_column((
                    format!("缺少 {zh} 列(每个社区都需要)"),
                    format!("no {en} column (every community needs one)"),
                ));
            }
        }
        for (d, cols) in dims.iter().enumerate() {
            let def = &self.fw.dimensions[d];
            if cols.parts().iter().all(|(_, c)| c.is_none()) {
                self.missing_column((
                    format!(
                        "缺少维度 {} ({}) 的列;请加一列 {}(空单元格 = 未评)",
                        def.id,
                        def.labels.get("zh"),
                        def.id
                    ),
                    format!(
                        "no column for dimension {} ({}); add a column {} (empty cells = not rated)",
                        def.id,
                        def.labels.get("en"),
                        def.id
                    ),
                ));
            }
            if let (Some(c), None) | (None, Some(c)) = (cols.coped, cols.developed) {
                let at = self.column(c);
                self.note(Issue::new(
                    at,
                    IssueCode::Missing,
                    Msg::new(
                        format!("两问评分需要 {0}.coped 与 {0}.developed 两列", def.id),
                        format!(
                            "the two questions need both columns {0}.coped and {0}.developed",
                            def.id
                        ),
                    ),
                ));
            }
        }
        (meta, dims)
    }

    /// The community fields of a row (both layouts): into `obj`, their cells into `prov`.
    fn meta_fields(
        &mut self,
        row: &RawRow,
        meta: &HashMap<Field, usize>,
        obj: &mut Map<String, Value>,
        prov: &mut Provenance,
    ) {
        for f in Field::WIDE {
            let Some(&c) = meta.get(&f) else { continue };
            let at = self.cell(row, c);
            prov.push((path![f.id()], at.clone()));
            let v = row.cell(c);
            let value = match f {
                Field::Mode => {
                    let r = cells::vocab(v, &at, &self.modes, ("治理模式", "governance mode"));
                    self.push(r)
                        .flatten()
                        .map(|i| Value::from(self.modes.id(i)))
                }
                Field::Phase => {
                    let r = cells::vocab(v, &at, &self.phases, ("阶段", "phase"));
                    self.push(r)
                        .flatten()
                        .map(|i| Value::from(self.phases.id(i)))
                }
                Field::Metadata => {
                    let r = cells::object(v, &at);
                    self.push(r).flatten().map(Value::Object)
                }
                _ => match cells::text(v, &at) {
                    Ok(t) => t.map(Value::from),
                    Err(i) => {
                        self.note(i);
                        // A stand-in, so that the row's other problems are still found.
                        matches!(f, Field::Id | Field::Name).then(|| Value::from("_"))
                    }
                },
            };
            if let Some(value) = value {
                obj.insert(f.id().to_owned(), value);
            }
        }
    }

    fn wide(&mut self, rows: &[&RawRow]) -> Vec<Assessment> {
        let (meta, dims) = self.wide_columns();
        if !(meta.contains_key(&Field::Id) && meta.contains_key(&Field::Name)) {
            return Vec::new();
        }
        let mut out = Vec::new();
        let mut seen: HashMap<Occasion, usize> = HashMap::new();
        for row in rows {
            let mut obj = new_object(self.fw);
            let mut prov = Provenance::new();
            self.meta_fields(row, &meta, &mut obj, &mut prov);
            let mut ratings = Map::new();
            for (d, cols) in dims.iter().enumerate() {
                let dim_id = self.fw.dimensions[d].id.clone();
                let base = cols
                    .level
                    .map_or_else(|| dim_id.clone(), |c| self.raw.columns[c].clone());
                let score_column = (format!("{base}.得分"), format!("{base}.score"));
                let (rating, first) =
                    self.rating_cells(row, &dim_id, cols.parts(), &score_column, &mut prov);
                let at = first
                    .or_else(|| cols.parts().iter().find_map(|(_, c)| *c))
                    .map(|c| self.cell(row, c));
                if let Some(at) = at {
                    prov.push((path!["ratings", dim_id.clone()], at));
                }
                ratings.insert(dim_id, rating);
            }
            obj.insert("ratings".to_owned(), Value::Object(ratings));
            let fallback = path!["rows", row.index];
            if let Some(a) = self.validate(&obj, &prov, &fallback) {
                let key = occasion(&a);
                if let Some(first) = seen.get(&key) {
                    let at = meta
                        .get(&Field::Id)
                        .map_or(fallback, |c| self.cell(row, *c));
                    self.note(Issue::new(
                        at,
                        IssueCode::Duplicate,
                        Msg::new(
                            format!(
                                "与第 {first} 行是同一社区的同一次评估(id {:?},阶段与日期相同);宽表每次评估一行",
                                a.id
                            ),
                            format!(
                                "the same assessment as row {first} (id {:?}, same phase and date); a wide table has one row per assessment",
                                a.id
                            ),
                        ),
                    ));
                } else {
                    seen.insert(key, row.index);
                    self.keep(&mut out, a);
                }
            }
        }
        out
    }

    /// A rating from its value cells (level, score, coped, developed): the rating object (or
    /// `null` when every cell is empty or one is wrong) and the column of its first value.
    fn rating_cells(
        &mut self,
        row: &RawRow,
        dim_id: &str,
        parts: [(Field, Option<usize>); 4],
        score_column: &ScoreColumn,
        prov: &mut Provenance,
    ) -> (Value, Option<usize>) {
        let mut r = Map::new();
        let mut bad = false;
        let mut first = None;
        for (part, col) in parts {
            let Some(c) = col else { continue };
            let at = self.cell(row, c);
            prov.push((path!["ratings", dim_id, part.id()], at.clone()));
            let v = row.cell(c);
            let value = match part {
                Field::Level => cells::level(v, &at, self.fw, &self.levels, score_column)
                    .map(|o| o.map(Value::from)),
                Field::Score => cells::score(v, &at),
                _ => cells::boolean(v, &at).map(|o| o.map(Value::from)),
            };
            match value {
                Ok(Some(value)) => {
                    first = first.or(Some(c));
                    r.insert(part.id().to_owned(), value);
                }
                Ok(None) => {}
                Err(i) => {
                    self.note(i);
                    bad = true;
                }
            }
        }
        if bad || r.is_empty() {
            (Value::Null, first)
        } else {
            (Value::Object(r), first)
        }
    }

    /// Validates an assessment built from cells; its problems are moved to their cells.
    fn validate(
        &mut self,
        obj: &Map<String, Value>,
        prov: &Provenance,
        fallback: &Path,
    ) -> Option<Assessment> {
        match Assessment::from_value_in(&Value::Object(obj.clone()), self.fw) {
            Ok(a) => Some(a),
            Err(AssessmentError::Invalid(issues)) => {
                for mut i in issues.0 {
                    i.path = locate(&i.path, prov, fallback);
                    self.note(i);
                }
                None
            }
            Err(e) => {
                let msg = Msg::new(
                    crate::Error::from(e.clone()).message(crate::Lang::Zh),
                    e.to_string(),
                );
                self.issues
                    .push(Issue::new(fallback.clone(), IssueCode::InvalidValue, msg));
                None
            }
        }
    }

    // -----------------------------------------------------------------------------------------
    // long
    // -----------------------------------------------------------------------------------------

    fn long_columns(&mut self) -> HashMap<Field, usize> {
        let mut fields: HashMap<Field, Option<usize>> = HashMap::new();
        for (c, name) in self.raw.columns.iter().enumerate() {
            if name.trim().is_empty() {
                self.unnamed(c);
                continue;
            }
            if let Some(f) = Field::find(name) {
                let mut slot = fields.get(&f).copied().flatten();
                self.set_once(&mut slot, c);
                fields.insert(f, slot);
                continue;
            }
            let dim = self.dims.find(name) != Found::None
                || name.rsplit_once('.').is_some_and(|(d, s)| {
                    Field::part(s).is_some() && self.dims.find(d) != Found::None
                });
            let at = self.column(c);
            let msg = if dim {
                Msg::new(
                    format!("{name:?} 是宽表的维度列;长表在“维度”列中写维度,在 level / score / coped + developed 列中写评分"),
                    format!("{name:?} is a dimension column of wide tables; a long table names the dimension in its dimension column and the rating in level / score / coped + developed"),
                )
            } else {
                Msg::new(
                    format!("未知列 {name:?}。长表的列:id、name、mode、phase、date、dimension、level、score、coped、developed、evidence、rater、note、metadata(或其中文名 编号、名称、模式、阶段、日期、维度、等级、得分、有效应对、得到发展、证据、评定人、备注、元数据)"),
                    format!("unknown column {name:?}. A long table has the columns id, name, mode, phase, date, dimension, level, score, coped, developed, evidence, rater, note, metadata (or their labels)"),
                )
            };
            self.issues
                .push(Issue::new(at, IssueCode::UnknownField, msg));
        }
        let fields: HashMap<Field, usize> = fields
            .into_iter()
            .filter_map(|(f, c)| c.map(|c| (f, c)))
            .collect();
        for f in [Field::Id, Field::Name, Field::Dimension] {
            if !fields.contains_key(&f) {
                let (zh, en) = f.shown();
                self.missing_column((
                    format!("缺少 {zh} 列(长表的每一行都需要)"),
                    format!("no {en} column (every row of a long table needs one)"),
                ));
            }
        }
        let values = [Field::Level, Field::Score, Field::Coped, Field::Developed];
        if !values.iter().any(|f| fields.contains_key(f)) {
            self.missing_column((
                "缺少评分列:level(等级)、score(0–100 分数)或 coped 与 developed(两问)".to_owned(),
                "no rating column: level, score (0–100) or coped and developed (the two questions)"
                    .to_owned(),
            ));
        }
        if let (Some(c), None) | (None, Some(c)) =
            (fields.get(&Field::Coped), fields.get(&Field::Developed))
        {
            let at = self.column(*c);
            self.note(Issue::new(
                at,
                IssueCode::Missing,
                Msg::new(
                    "两问评分需要 coped 与 developed 两列",
                    "the two questions need both columns coped and developed",
                ),
            ));
        }
        fields
    }

    fn long(&mut self, rows: &[&RawRow]) -> Vec<Assessment> {
        let fields = self.long_columns();
        if ![Field::Id, Field::Name, Field::Dimension]
            .iter()
            .all(|f| fields.contains_key(f))
        {
            return Vec::new();
        }
        let col = |f: Field| fields.get(&f).copied();
        // The rows, converted.
        let mut parsed: Vec<(LongRow, Provenance)> = Vec::new();
        for row in rows {
            if let Some(p) = self.long_row(row, &fields) {
                parsed.push(p);
            }
        }
        // Grouped by occasion (id, phase, date), in order of first appearance.
        let mut order: Vec<Occasion> = Vec::new();
        let mut groups: HashMap<Occasion, Vec<(LongRow, Provenance)>> = HashMap::new();
        for (r, p) in parsed {
            if !groups.contains_key(&r.key) {
                order.push(r.key.clone());
            }
            groups.entry(r.key.clone()).or_default().push((r, p));
        }
        let mut out = Vec::new();
        for key in order {
            let Some(group) = groups.remove(&key) else {
                continue;
            };
            let first_row = group.first().map_or(0, |(r, _)| r.index);
            let fallback = path!["rows", first_row];
            let mut obj = new_object(self.fw);
            let mut prov = Provenance::new();
            let (id, phase, date) = key;
            obj.insert("id".to_owned(), Value::from(id.clone()));
            if let Some(p) = phase {
                obj.insert("phase".to_owned(), Value::from(p));
            }
            if let Some(d) = date {
                obj.insert("date".to_owned(), Value::from(d));
            }
            for (f, c) in [
                (Field::Id, col(Field::Id)),
                (Field::Phase, col(Field::Phase)),
                (Field::Date, col(Field::Date)),
            ] {
                if let Some(c) = c {
                    prov.push((
                        path![f.id()],
                        path!["rows", first_row, self.raw.columns[c].clone()],
                    ));
                }
            }
            // Community fields: the first value given; another value is a problem.
            let mut given: HashMap<Field, (Value, usize)> = HashMap::new();
            let mut ratings: HashMap<usize, (usize, Value, Option<String>)> = HashMap::new();
            let mut per_dim: HashMap<usize, Vec<DimRow>> = HashMap::new();
            for (r, p) in group {
                for (f, v) in [
                    (Field::Name, r.name.clone().map(Value::from)),
                    (Field::Mode, r.mode.clone()),
                    (Field::Metadata, r.metadata.clone()),
                ] {
                    let (Some(v), Some(c)) = (v, col(f)) else {
                        continue;
                    };
                    match given.get(&f) {
                        None => {
                            given.insert(f, (v, r.index));
                        }
                        Some((first, _)) if *first == v => {}
                        Some((first, at)) => {
                            let first = cells::shown(first);
                            let at_row = *at;
                            self.note(Issue::new(
                                path!["rows", r.index, self.raw.columns[c].clone()],
                                IssueCode::Inconsistent,
                                Msg::new(
                                    format!("{id:?} 的 {} 与第 {at_row} 行不同(那里是 {first});同一次评估的各行须一致", f.id()),
                                    format!("{} of {id:?} differs from row {at_row} (which has {first}); the rows of one assessment must agree", f.id()),
                                ),
                            ));
                        }
                    }
                }
                per_dim
                    .entry(r.dim)
                    .or_default()
                    .push((r.index, r.rating, r.rater, p));
            }
            // Several coders: one dimension rated on rows of two different raters.
            let multi = per_dim.values().any(|rows| {
                rows.iter()
                    .filter_map(|(_, _, rater, _)| rater.as_deref())
                    .any(|a| {
                        rows.iter()
                            .any(|(_, _, b, _)| b.as_deref().is_some_and(|b| b != a))
                    })
            });
            let mut dims: Vec<usize> = per_dim.keys().copied().collect();
            dims.sort_unstable();
            for d in dims {
                let rows = per_dim.remove(&d).unwrap_or_default();
                if multi {
                    let codings = self.codings_of(&id, d, rows, &mut prov, col(Field::Rater));
                    ratings.insert(d, (0, codings, None));
                    continue;
                }
                for (index, rating, rater, p) in rows {
                    match ratings.get(&d) {
                        None => {
                            prov.extend(p);
                            ratings.insert(d, (index, rating, rater));
                        }
                        Some((_, first, _)) if *first == rating => {}
                        Some((first_row, _, _)) => {
                            let dim = &self.fw.dimensions[d].id;
                            let at = col(Field::Dimension).map_or_else(
                                || path!["rows", index],
                                |c| path!["rows", index, self.raw.columns[c].clone()],
                            );
                            self.note(Issue::new(
                                at,
                                IssueCode::Duplicate,
                                Msg::new(
                                    format!(
                                        "{id:?} 的维度 {dim} 已在第 {first_row} 行评定,此处的评定不同,且评定人相同(或未写评定人)。多位编码者的评定请在 rater(评定人)列写上各自的名字:同一维度不同评定人的各行即为该维度的多位编码(schema_version 2,见 agree 操作)"
                                    ),
                                    format!(
                                        "dimension {dim} of {id:?} is already rated on row {first_row}, differently, by the same rater (or with no rater). For several coders, name each in the rater column: rows of one dimension by different raters are that dimension's codings (schema_version 2; see the agree operation)"
                                    ),
                                ),
                            ));
                        }
                    }
                }
            }
            for (f, (v, row)) in given {
                if let Some(c) = col(f) {
                    prov.push((
                        path![f.id()],
                        path!["rows", row, self.raw.columns[c].clone()],
                    ));
                }
                obj.insert(f.id().to_owned(), v);
            }
            if let Some(c) = col(Field::Name) {
                // Where a missing name is reported.
                prov.push((
                    path!["name"],
                    path!["rows", first_row, self.raw.columns[c].clone()],
                ));
            }
            let ratings: Map<String, Value> = self
                .fw
                .dimensions
                .iter()
                .enumerate()
                .map(|(d, def)| {
                    let v = ratings.remove(&d).map_or(Value::Null, |(_, v, _)| v);
                    (def.id.clone(), v)
                })
                .collect();
            if ratings.values().any(|v| v.get("codings").is_some()) {
                obj.insert(
                    "schema_version".to_owned(),
                    Value::from(crate::assessment::ASSESSMENT_SCHEMA_VERSION),
                );
            }
            obj.insert("ratings".to_owned(), Value::Object(ratings));
            if let Some(a) = self.validate(&obj, &prov, &fallback) {
                self.keep(&mut out, a);
            }
        }
        out
    }

    /// The rows of one dimension of a multi-coder assessment as `{"codings": [...]}`: every row
    /// needs a rater; a rater's second row is refused unless identical. The provenance of
    /// `ratings.<dim>.x` becomes `ratings.<dim>.codings[j].x`.
    fn codings_of(
        &mut self,
        id: &str,
        d: usize,
        rows: Vec<DimRow>,
        prov: &mut Provenance,
        rater_col: Option<usize>,
    ) -> Value {
        let dim = self.fw.dimensions[d].id.clone();
        let mut list: Vec<Value> = Vec::new();
        let mut raters: Vec<(String, usize, Value)> = Vec::new();
        for (index, rating, rater, p) in rows {
            if rating.is_null() {
                continue; // this coder did not rate it: no coding
            }
            let at = rater_col.map_or_else(
                || path!["rows", index],
                |c| path!["rows", index, self.raw.columns[c].clone()],
            );
            let Some(rater) = rater else {
                self.note(Issue::new(
                    at,
                    IssueCode::Missing,
                    Msg::new(
                        format!("{id:?} 有多位编码者(同一维度不同评定人):每个已评的行都需要评定人(rater),维度 {dim} 的这一行没有"),
                        format!("{id:?} has several coders (one dimension rated by different raters): every rated row needs its rater, and this row of {dim} has none"),
                    ),
                ));
                continue;
            };
            if let Some((_, first_row, first)) = raters.iter().find(|(r, _, _)| *r == rater) {
                if *first != rating {
                    let first_row = *first_row;
                    self.note(Issue::new(
                        at,
                        IssueCode::Duplicate,
                        Msg::new(
                            format!("评定人 {rater:?} 已在第 {first_row} 行为 {id:?} 的维度 {dim} 编码,此处不同;每位编码者每个维度一行"),
                            format!("rater {rater:?} already coded dimension {dim} of {id:?} on row {first_row}, differently; one row per coder and dimension"),
                        ),
                    ));
                }
                continue;
            }
            let j = list.len();
            for (field, cell) in p {
                let segs = field.segments();
                let mut new = segs.to_vec();
                if segs.len() >= 2
                    && matches!(&segs[0], crate::error::PathSeg::Key(k) if k == "ratings")
                {
                    new.splice(
                        2..2,
                        [
                            crate::error::PathSeg::Key("codings".to_owned()),
                            crate::error::PathSeg::Index(j),
                        ],
                    );
                }
                prov.push((Path(new), cell));
            }
            raters.push((rater, index, rating.clone()));
            list.push(rating);
        }
        if list.is_empty() {
            return Value::Null;
        }
        let mut m = Map::new();
        m.insert("codings".to_owned(), Value::Array(list));
        Value::Object(m)
    }

    /// One long row: its occasion, community fields, dimension and rating.
    fn long_row(
        &mut self,
        row: &RawRow,
        fields: &HashMap<Field, usize>,
    ) -> Option<(LongRow, Provenance)> {
        let col = |f: Field| fields.get(&f).copied();
        let mut prov = Provenance::new();
        let mut ok = true;
        let mut text = |me: &mut Self, f: Field| -> Option<String> {
            let c = col(f)?;
            let at = me.cell(row, c);
            let r = cells::text(row.cell(c), &at);
            match r {
                Ok(t) => t,
                Err(i) => {
                    me.note(i);
                    ok = false;
                    None
                }
            }
        };
        let id = text(self, Field::Id);
        let name = text(self, Field::Name);
        let date = text(self, Field::Date);
        let rater = text(self, Field::Rater);
        let note = text(self, Field::Note);
        let vocab = |me: &mut Self, f: Field, which: &str| -> Option<String> {
            let c = col(f)?;
            let at = me.cell(row, c);
            let (lookup, what) = if which == "mode" {
                (&me.modes, ("治理模式", "governance mode"))
            } else {
                (&me.phases, ("阶段", "phase"))
            };
            match cells::vocab(row.cell(c), &at, lookup, what) {
                Ok(i) => i.map(|i| lookup.id(i).to_owned()),
                Err(i) => {
                    me.note(i);
                    None
                }
            }
        };
        let mode = vocab(self, Field::Mode, "mode").map(Value::from);
        let phase = vocab(self, Field::Phase, "phase");
        let metadata = col(Field::Metadata).and_then(|c| {
            let at = self.cell(row, c);
            let r = cells::object(row.cell(c), &at);
            self.push(r).flatten().map(Value::Object)
        });
        let dim_col = col(Field::Dimension)?;
        let dim_at = self.cell(row, dim_col);
        let dim = {
            let r = cells::vocab(
                row.cell(dim_col),
                &dim_at,
                &self.dims,
                ("框架的维度", "dimension of the framework"),
            );
            self.push(r).flatten()
        };
        let dim_id = dim.map_or_else(String::new, |d| self.fw.dimensions[d].id.clone());
        let score_column = ("得分".to_owned(), "score".to_owned());
        let parts = [
            (Field::Level, col(Field::Level)),
            (Field::Score, col(Field::Score)),
            (Field::Coped, col(Field::Coped)),
            (Field::Developed, col(Field::Developed)),
        ];
        let (mut rating, first) = self.rating_cells(row, &dim_id, parts, &score_column, &mut prov);
        prov.push((
            path!["ratings", dim_id.clone()],
            first.map_or_else(|| dim_at.clone(), |c| self.cell(row, c)),
        ));
        let evidence = col(Field::Evidence).and_then(|c| {
            let at = self.cell(row, c);
            prov.push((path!["ratings", dim_id.clone(), "evidence"], at.clone()));
            let r = cells::evidence(row.cell(c), &at);
            self.push(r).flatten()
        });
        for (f, c) in [
            (Field::Rater, col(Field::Rater)),
            (Field::Note, col(Field::Note)),
        ] {
            if let Some(c) = c {
                prov.push((path!["ratings", dim_id.clone(), f.id()], self.cell(row, c)));
            }
        }
        match &mut rating {
            Value::Object(r) => {
                if let Some(e) = evidence {
                    r.insert("evidence".to_owned(), e);
                }
                if let Some(t) = &rater {
                    r.insert("rater".to_owned(), Value::from(t.clone()));
                }
                if let Some(t) = note {
                    r.insert("note".to_owned(), Value::from(t));
                }
            }
            _ if parts
                .iter()
                .all(|(_, c)| c.is_none_or(|c| super::raw::is_empty(row.cell(c)))) =>
            {
                // Not rated: it carries no evidence or note (a rater is ignored).
                for (f, given) in [
                    (Field::Evidence, evidence.is_some()),
                    (Field::Note, note.is_some()),
                ] {
                    if let (true, Some(c)) = (given, col(f)) {
                        let at = self.cell(row, c);
                        self.note(Issue::new(
                            at,
                            IssueCode::Inconsistent,
                            Msg::new(
                                format!("该行没有评分(level、score 或 coped + developed 均为空),不能有{}", if f == Field::Evidence { "证据" } else { "备注" }),
                                format!("the row has no rating (level, score and coped + developed are empty), so it cannot carry {}", f.id()),
                            ),
                        ));
                    }
                }
            }
            _ => {}
        }
        if id.is_none() {
            if let Some(c) = col(Field::Id) {
                let at = self.cell(row, c);
                self.note(Issue::new(
                    at,
                    IssueCode::Missing,
                    Msg::new("缺少社区编号(id)", "the community's id is missing"),
                ));
            }
        }
        if super::raw::is_empty(row.cell(dim_col)) {
            self.note(Issue::new(
                dim_at,
                IssueCode::Missing,
                Msg::new("缺少维度", "the dimension is missing"),
            ));
        }
        let (Some(id), Some(dim), true) = (id, dim, ok) else {
            return None;
        };
        let key = (id, phase, date);
        Some((
            LongRow {
                index: row.index,
                key,
                name,
                mode,
                metadata,
                dim,
                rating,
                rater,
            },
            prov,
        ))
    }

    // -----------------------------------------------------------------------------------------
    // the error
    // -----------------------------------------------------------------------------------------

    fn sort_key(&self, p: &Path) -> (usize, usize) {
        let col = |name: &str| self.col_index.get(name).map_or(usize::MAX, |i| i + 1);
        match p.segments() {
            [PathSeg::Key(k), PathSeg::Key(c), ..] if k == "columns" => (0, col(c)),
            [PathSeg::Key(k)] if k == "columns" => (0, 0),
            [PathSeg::Key(k), PathSeg::Index(r)] if k == "rows" => (r + 1, 0),
            [PathSeg::Key(k), PathSeg::Index(r), PathSeg::Key(c), ..] if k == "rows" => {
                (r + 1, col(c))
            }
            _ => (0, 0),
        }
    }

    /// Every problem as one error: sorted by row and column, CSV lines named, at most
    /// [`MAX_ISSUES`] listed with the total count in the message.
    fn finish(mut self) -> Problem {
        let mut issues = std::mem::take(&mut self.issues);
        issues.sort_by_cached_key(|i| self.sort_key(&i.path));
        issues.dedup();
        let total = issues.len() + self.dropped;
        issues.truncate(MAX_ISSUES);
        for i in &mut issues {
            if let [PathSeg::Key(k), PathSeg::Index(r), ..] = i.path.segments() {
                if let Some(line) = (k == "rows")
                    .then(|| self.raw.rows.get(*r).and_then(|row| row.line))
                    .flatten()
                {
                    i.message.zh.push_str(&format!("(CSV 第 {line} 行)"));
                    i.message.en.push_str(&format!(" (CSV line {line})"));
                }
            }
        }
        let msg = if total > MAX_ISSUES {
            Msg::new(
                format!("表格无法读取为评估(共 {total} 个问题,下列前 {MAX_ISSUES} 个)"),
                format!(
                    "the table could not be read as assessments ({total} problems in all; the first {MAX_ISSUES} follow)"
                ),
            )
        } else {
            Msg::new(
                "表格无法读取为评估",
                "the table could not be read as assessments",
            )
        };
        Problem::new(ErrorCode::TableInvalid, msg).with_issues(issues)
    }
}

/// The occasion of an assessment: id, phase, date.
fn occasion(a: &Assessment) -> Occasion {
    (
        a.id.clone(),
        a.phase.map(|p| p.id().to_owned()),
        a.date.map(|d| d.to_string()),
    )
}

fn new_object(fw: &Framework) -> Map<String, Value> {
    let mut obj = Map::new();
    obj.insert("schema_version".to_owned(), Value::from(SCHEMA_VERSION));
    obj.insert("framework".to_owned(), Value::from(fw.id.clone()));
    obj
}

/// The table path of an assessment field: the longest recorded prefix, else the row.
fn locate(field: &Path, prov: &Provenance, fallback: &Path) -> Path {
    prov.iter()
        .filter(|(p, _)| field.segments().starts_with(p.segments()))
        .max_by_key(|(p, _)| p.segments().len())
        .map_or_else(|| fallback.clone(), |(_, at)| at.clone())
}

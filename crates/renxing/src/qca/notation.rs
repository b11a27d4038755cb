//! QCA notation: expressions (`A*~B + C -> Y`, multi-value `A{1}*B{0}`), label substitution,
//! directional expectations from text, and the truth table as plain text or Markdown.

use std::collections::HashMap;

use super::error::{qpath, QcaError};
use super::minimize::{DirectionalExpectation, Literal, Minimization, SolutionSet};
use super::truth_table::{OutputCode, TruthTable};
use crate::Lang;

/// Writes an R-coded implicant (0 = absent, `value + 1`) in QCA notation. If any condition has
/// more than two levels, every literal is written `NAME{value}` (multi-value notation);
/// otherwise presence is `NAME` and absence `~NAME`. The empty implicant is `1`.
pub fn write_implicant(coded: &[u8], names: &[String], levels: &[u8]) -> String {
    let mv = levels.iter().any(|&l| l > 2);
    let parts: Vec<String> = coded
        .iter()
        .enumerate()
        .filter(|(_, &c)| c > 0)
        .map(|(j, &c)| {
            let name = names.get(j).map_or("?", String::as_str);
            if mv {
                format!("{name}{{{}}}", c - 1)
            } else if c == 2 {
                name.to_owned()
            } else {
                format!("~{name}")
            }
        })
        .collect();
    if parts.is_empty() {
        "1".to_owned()
    } else {
        parts.join("*")
    }
}

/// `expression -> outcome`, the sufficiency arrow of the QCA convention.
pub fn formula(expression: &str, outcome: &str) -> String {
    format!("{expression} -> {outcome}")
}

/// Replaces condition names in an expression by labels (whole names only: `DEV` in `~DEV*URB`,
/// not inside `DEVX`). Names missing from `labels` stay as they are.
///
/// ```
/// use std::collections::HashMap;
/// use renxing::qca::relabel;
/// let labels = HashMap::from([("DEV".to_string(), "developed".to_string())]);
/// assert_eq!(relabel("~DEV*URB + DEVX", &labels), "~developed*URB + DEVX");
/// ```
pub fn relabel(expression: &str, labels: &HashMap<String, String>) -> String {
    let mut out = String::with_capacity(expression.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if !word.is_empty() {
            match labels.get(word.as_str()) {
                Some(l) => out.push_str(l),
                None => out.push_str(word),
            }
            word.clear();
        }
    };
    let mut in_braces = false;
    for ch in expression.chars() {
        if in_braces {
            out.push(ch);
            if ch == '}' {
                in_braces = false;
            }
            continue;
        }
        if ch.is_alphanumeric() || ch == '_' || ch == '.' {
            word.push(ch);
        } else {
            flush(&mut word, &mut out);
            if ch == '{' {
                in_braces = true;
            }
            out.push(ch);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// Parses directional expectations as R's `dir.exp` writes them: expectations separated by `,`
/// or `+`; each a literal (`DEV`, `~DEV`, `DEV{2}` or `DEV[2]`) or a conjunction of literals
/// joined by `*` (`~LIT*IND`). `levels` gives each condition's number of categories.
///
/// ```
/// use renxing::qca::parse_directional_expectations;
/// let names = vec!["DEV".to_string(), "URB".to_string()];
/// let de = parse_directional_expectations("DEV, ~URB", &names, &[2, 2])?;
/// assert_eq!(de.len(), 2);
/// assert_eq!(de[1].literals[0].value, 0);
/// # Ok::<(), renxing::qca::QcaError>(())
/// ```
pub fn parse_directional_expectations(
    text: &str,
    names: &[String],
    levels: &[u8],
) -> Result<Vec<DirectionalExpectation>, QcaError> {
    let mut out = Vec::new();
    for (d, term) in text
        .split([',', '+'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .enumerate()
    {
        let mut literals = Vec::new();
        for lit in term.split('*').map(str::trim) {
            literals.push(parse_literal(lit, names, levels, d)?);
        }
        out.push(DirectionalExpectation { literals });
    }
    Ok(out)
}

fn parse_literal(
    lit: &str,
    names: &[String],
    levels: &[u8],
    d: usize,
) -> Result<Literal, QcaError> {
    let unknown = || QcaError::Unknown {
        path: qpath!["directional_expectations", d],
        name: lit.to_owned(),
    };
    let (neg, body) = match lit.strip_prefix('~') {
        Some(b) => (true, b.trim()),
        None => (false, lit),
    };
    let (name, value) = match body.find(['{', '[']) {
        Some(pos) => {
            let close = if body[pos..].starts_with('{') {
                '}'
            } else {
                ']'
            };
            let inner = body[pos + 1..]
                .strip_suffix(close)
                .ok_or_else(unknown)?
                .trim();
            let v: u8 = inner.parse().map_err(|_| unknown())?;
            (body[..pos].trim(), Some(v))
        }
        None => (body, None),
    };
    let j = names.iter().position(|n| n == name).ok_or_else(unknown)?;
    let lv = levels.get(j).copied().unwrap_or(2);
    let value = match (neg, value) {
        (false, Some(v)) => v,
        (false, None) if lv == 2 => 1,
        (true, None) if lv == 2 => 0,
        _ => return Err(unknown()),
    };
    if value >= lv {
        return Err(unknown());
    }
    Ok(Literal {
        condition: j,
        value,
    })
}

fn fmt3(v: Option<f64>) -> String {
    v.map_or_else(|| "-".to_owned(), |x| format!("{x:.3}"))
}

/// Table layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Text,
    Markdown,
}

fn render(
    tt: &TruthTable,
    complete: bool,
    style: Style,
    labels: Option<&HashMap<String, String>>,
    lang: Lang,
) -> String {
    let names: Vec<String> = tt
        .conditions
        .iter()
        .map(|c| {
            labels
                .and_then(|l| l.get(&c.name).cloned())
                .unwrap_or_else(|| c.name.clone())
        })
        .collect();
    let mut header: Vec<String> = vec![String::new()];
    header.extend(names);
    let cols = match lang {
        Lang::Zh => [
            "结果(OUT)",
            "案例数(n)",
            "一致性(incl)",
            "PRI",
            "案例(cases)",
        ],
        _ => ["OUT", "n", "incl", "PRI", "cases"],
    };
    header.extend(cols.map(String::from));
    let mut body: Vec<Vec<String>> = Vec::new();
    let mut push_row = |id: u64,
                        vals: &[u8],
                        code: OutputCode,
                        n: usize,
                        incl: Option<f64>,
                        pri: Option<f64>,
                        cases: &[String]| {
        let mut r = vec![id.to_string()];
        r.extend(vals.iter().map(|v| v.to_string()));
        r.push(code.as_str().to_owned());
        r.push(n.to_string());
        r.push(fmt3(incl));
        r.push(fmt3(pri));
        r.push(cases.join(","));
        body.push(r);
    };
    if complete && tt.n_configurations <= 1 << 16 {
        for id in 1..=tt.n_configurations {
            match tt.row(id) {
                Some(r) => push_row(
                    r.id,
                    &r.values,
                    r.outcome,
                    r.n,
                    r.inclusion,
                    r.pri,
                    &r.cases,
                ),
                None => push_row(
                    id,
                    &tt.decode(id),
                    OutputCode::Remainder,
                    0,
                    None,
                    None,
                    &[],
                ),
            }
        }
    } else {
        for r in &tt.rows {
            push_row(
                r.id,
                &r.values,
                r.outcome,
                r.n,
                r.inclusion,
                r.pri,
                &r.cases,
            );
        }
    }
    let mut out = String::new();
    match style {
        Style::Text => {
            let ncol = header.len();
            let mut width = vec![0usize; ncol];
            for r in std::iter::once(&header).chain(body.iter()) {
                for (c, cell) in r.iter().enumerate() {
                    width[c] = width[c].max(cell.chars().count());
                }
            }
            out.push_str(&match lang {
                Lang::Zh => format!(
                    "  结果(OUT): 结果值 ({})\n  案例数(n): 该组态的案例数\n  一致性(incl): 充分性一致性 (R 的 incl)\n  PRI: 不一致性的比例减少\n\n",
                    tt.outcome
                ),
                _ => format!(
                    "  OUT: outcome value ({})\n    n: number of cases in configuration\n incl: sufficiency inclusion score\n\n",
                    tt.outcome
                ),
            });
            for r in std::iter::once(&header).chain(body.iter()) {
                let line: Vec<String> = r
                    .iter()
                    .enumerate()
                    .map(|(c, cell)| {
                        if c + 1 == ncol {
                            cell.clone()
                        } else {
                            format!("{cell:>w$}", w = width[c])
                        }
                    })
                    .collect();
                out.push_str(line.join("  ").trim_end());
                out.push('\n');
            }
        }
        Style::Markdown => {
            let mut h = header.clone();
            h[0] = "row".to_owned();
            out.push_str(&format!("| {} |\n", h.join(" | ")));
            out.push_str(&format!("|{}\n", "---|".repeat(h.len())));
            for r in &body {
                out.push_str(&format!("| {} |\n", r.join(" | ")));
            }
        }
    }
    out
}

/// The truth table as aligned plain text, R style (`complete` lists every configuration when
/// there are at most 65,536; otherwise only the observed rows). `labels` optionally replaces
/// condition names in the header.
pub fn truth_table_text(
    tt: &TruthTable,
    complete: bool,
    labels: Option<&HashMap<String, String>>,
) -> String {
    render(tt, complete, Style::Text, labels, Lang::En)
}

/// [`truth_table_text`] with its legend and column headers in `lang` (zh: 结果(OUT), 案例数(n),
/// 一致性(incl), 案例(cases), keeping R's names in parentheses).
pub fn truth_table_text_in(
    tt: &TruthTable,
    complete: bool,
    labels: Option<&HashMap<String, String>>,
    lang: Lang,
) -> String {
    render(tt, complete, Style::Text, labels, lang)
}

/// The text of a whole analysis in `lang`: the observed truth table, then the solutions of
/// every solution set (conservative, parsimonious, each intermediate pair), as the `qca`
/// operation's `text` (which is this in English).
pub fn analysis_text(tt: &TruthTable, m: &Minimization, lang: Lang) -> String {
    let mut text = truth_table_text_in(tt, false, None, lang);
    let sets = m
        .conservative
        .iter()
        .chain(m.parsimonious.as_ref())
        .chain(m.intermediate.iter().map(|i| &i.solutions));
    for set in sets {
        text.push('\n');
        text.push_str(&solutions_text_in(set, None, lang));
    }
    text
}

/// The truth table as a Markdown table.
pub fn truth_table_markdown(
    tt: &TruthTable,
    complete: bool,
    labels: Option<&HashMap<String, String>>,
) -> String {
    render(tt, complete, Style::Markdown, labels, Lang::En)
}

/// A solution set as plain text, R style: the models, then per model a table of the terms'
/// inclS, PRI, covS, covU and cases, and the model's inclS, PRI, covS.
pub fn solutions_text(set: &SolutionSet, labels: Option<&HashMap<String, String>>) -> String {
    solutions_text_in(set, labels, Lang::En)
}

/// [`solutions_text`] with its column headers in `lang` (zh: 一致性(inclS), 覆盖度(covS),
/// 唯一覆盖度(covU), 案例(cases), keeping R's names in parentheses).
pub fn solutions_text_in(
    set: &SolutionSet,
    labels: Option<&HashMap<String, String>>,
    lang: Lang,
) -> String {
    let lab = |s: &str| labels.map_or_else(|| s.to_owned(), |l| relabel(s, l));
    let mut out = String::new();
    for (i, s) in set.solutions.iter().enumerate() {
        out.push_str(&format!(
            "M{}: {}\n",
            i + 1,
            formula(&lab(&s.expression), &lab(&set.outcome))
        ));
    }
    for (i, s) in set.solutions.iter().enumerate() {
        out.push_str(&match lang {
            Lang::Zh => format!(
                "\nM{}        一致性(inclS)   PRI    覆盖度(covS)   唯一覆盖度(covU)   案例(cases)\n",
                i + 1
            ),
            _ => format!("\nM{}        inclS   PRI    covS   covU   cases\n", i + 1),
        });
        for (t, tf) in s.term_fits.iter().enumerate() {
            let cases: Vec<String> = tf.cases.iter().map(|g| g.join(",")).collect();
            out.push_str(&format!(
                "{:>2}  {}  {}  {}  {}  {}  {}\n",
                t + 1,
                lab(&tf.expression),
                fmt3(tf.inclusion),
                fmt3(tf.pri),
                fmt3(tf.coverage),
                fmt3(tf.unique_coverage),
                cases.join("; ")
            ));
        }
        out.push_str(&format!(
            "    M{}  {}  {}  {}\n",
            i + 1,
            fmt3(s.fit.inclusion),
            fmt3(s.fit.pri),
            fmt3(s.fit.coverage)
        ));
    }
    out
}

//! The seeds' bibliographic citations, keyed by seed file name, as the seed texts give them.
//!
//! Only what the seed text itself states is recorded; a field the text does not give is `None`
//! (never guessed). [`Citation::note`] says where a field comes from when that is not obvious
//! (e.g. the year of seed 003 is read from its DOI). English titles are marked as given by the
//! seed or as a translation ([`Citation::title_en_translated`]).
//!
//! ```
//! use renxing::timeline::citation;
//! use renxing::Lang;
//! let c = citation("000_ebdaebbf0bcb582b.txt").unwrap();
//! assert_eq!(c.authors, ["彭建军", "谭静"]);
//! assert_eq!(c.year, Some(2022));
//! assert_eq!(
//!     c.format(Lang::Zh),
//!     "彭建军, 谭静. 基于多案例比较的“三社联动”社区韧性分析与优化. 南华大学学报(社会科学版), 2022年2期."
//! );
//! ```

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::cycle::Bilingual;
use crate::lang::Lang;
use crate::remedies::{SEED_000, SEED_001, SEED_002, SEED_003, SEED_004};

/// One seed's bibliographic record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Citation {
    /// The seed file name: the source key used by remedies.
    pub source: String,
    /// Authors as the seed names them (Chinese), in order; empty when it names none.
    pub authors: Vec<String>,
    /// Authors in Latin script: as the seed gives them, or pinyin where it gives none.
    pub authors_latin: Vec<String>,
    /// The title as the seed gives it (original language).
    pub title: Option<String>,
    /// An English title.
    pub title_en: Option<String>,
    /// Whether [`title_en`](Self::title_en) is our translation (`true`) or the seed's own.
    pub title_en_translated: bool,
    /// The journal or newspaper.
    pub venue: Option<String>,
    /// The venue in English (translated unless the seed gives it).
    pub venue_en: Option<String>,
    /// The year.
    pub year: Option<u16>,
    /// Issue or volume as the seed writes it.
    pub issue: Option<String>,
    /// The publication date as the seed gives it (`YYYY-MM-DD`).
    pub date: Option<String>,
    /// The DOI.
    pub doi: Option<String>,
    /// The authors' affiliation as the seed gives it.
    pub affiliation: Option<String>,
    /// Where fields come from, and what the seed leaves out.
    pub note: String,
}

impl Citation {
    /// A one-line reference: authors, title, venue, issue or date, DOI — the parts the seed gives.
    /// In English, the Latin author names and the English title and venue are used when known.
    #[must_use]
    pub fn format(&self, lang: Lang) -> String {
        let mut parts: Vec<String> = Vec::new();
        let authors = match lang {
            Lang::Zh => &self.authors,
            Lang::En => &self.authors_latin,
        };
        if !authors.is_empty() {
            parts.push(authors.join(", "));
        }
        let title = match lang {
            Lang::Zh => self.title.as_ref().or(self.title_en.as_ref()),
            Lang::En => self.title_en.as_ref().or(self.title.as_ref()),
        };
        parts.push(match title {
            Some(t) => t.clone(),
            None => match lang {
                Lang::Zh => "(无标题)".to_owned(),
                Lang::En => "(untitled)".to_owned(),
            },
        });
        let venue = match lang {
            Lang::Zh => self.venue.as_ref().or(self.venue_en.as_ref()),
            Lang::En => self.venue_en.as_ref().or(self.venue.as_ref()),
        };
        let when = self
            .issue
            .clone()
            .or_else(|| self.date.clone())
            .or_else(|| self.year.map(|y| y.to_string()));
        match (venue, when) {
            (Some(v), Some(w)) => parts.push(format!("{v}, {w}")),
            (Some(v), None) => parts.push(v.clone()),
            (None, Some(w)) => parts.push(w),
            (None, None) => {
                if let Some(a) = &self.affiliation {
                    parts.push(a.clone());
                }
            }
        }
        if let Some(doi) = &self.doi {
            parts.push(format!("doi:{doi}"));
        }
        let mut s = parts.join(". ");
        s.push('.');
        s
    }
}

struct Def {
    source: &'static str,
    authors: &'static [&'static str],
    authors_latin: &'static [&'static str],
    title: Option<&'static str>,
    title_en: Option<&'static str>,
    title_en_translated: bool,
    venue: Option<&'static str>,
    venue_en: Option<&'static str>,
    year: Option<u16>,
    issue: Option<&'static str>,
    date: Option<&'static str>,
    doi: Option<&'static str>,
    affiliation: Option<&'static str>,
    note: &'static str,
}

const DEFS: &[Def] = &[
    Def {
        source: SEED_000,
        authors: &["彭建军", "谭静"],
        authors_latin: &["Peng Jianjun", "Tan Jing"],
        title: Some("基于多案例比较的“三社联动”社区韧性分析与优化"),
        title_en: Some("An analysis and optimisation of community resilience under \"three-society linkage\" based on a multi-case comparison"),
        title_en_translated: true,
        venue: Some("南华大学学报(社会科学版)"),
        venue_en: Some("Journal of University of South China (Social Science Edition)"),
        year: Some(2022),
        issue: Some("2022年2期"),
        date: None,
        doi: None,
        affiliation: Some("南华大学 经济管理与法学学院,湖南 衡阳 421000"),
        note: "Authors, title, journal and issue as printed at the head of the seed; the seed's posting date 2022-08-03 is the web copy's, not the journal's. Latin names in pinyin (the seed gives none).",
    },
    Def {
        source: SEED_001,
        authors: &[],
        authors_latin: &[],
        title: Some("构建社区应急韧性治理体系"),
        title_en: Some("Building a community emergency-resilience governance system"),
        title_en_translated: true,
        venue: Some("中国社会科学报"),
        venue_en: Some("Chinese Social Sciences Today"),
        year: Some(2022),
        issue: None,
        date: Some("2022-12-08"),
        doi: None,
        affiliation: Some("苏州大学政治与公共管理学院"),
        note: "The seed's byline gives no author name (it reads \"作者: Ljzk list 020\", an artefact of the web copy); the affiliation is from its closing line, with the grant 江苏省社会科学基金重点项目 19ZZA001.",
    },
    Def {
        source: SEED_002,
        authors: &[],
        authors_latin: &[],
        title: None,
        title_en: None,
        title_en_translated: false,
        venue: None,
        venue_en: None,
        year: None,
        issue: None,
        date: None,
        doi: None,
        affiliation: Some("江苏省社会科学院社会政策所"),
        note: "The seed text gives no title, author, venue or date; only the affiliation (its closing line) and the grant 国家社科基金青年项目 15CSH073. Its first heading is “赋能”与“赋权” (empowerment and authorisation).",
    },
    Def {
        source: SEED_003,
        authors: &["邵献平", "袁漫兮", "冯婧", "陶玥"],
        authors_latin: &["SHAO Xian-ping", "YUAN Man-xi", "FENG Jing", "TAO Yue"],
        title: None,
        title_en: Some("Collaborative Mechanism of Digital Governance in Urban Communities from the Perspective of Resilience"),
        title_en_translated: false,
        venue: None,
        venue_en: None,
        year: Some(2023),
        issue: None,
        date: None,
        doi: Some("10.3963/j.issn.1671-6477.2023.02.009"),
        affiliation: Some("School of Marxism, Wuhan University of Technology, Wuhan 430070, Hubei, China"),
        note: "The seed text (in traditional characters: 邵獻平 袁漫兮 馮婧 陶玥; simplified here) gives the authors, the English title, the affiliation and the DOI (written 1671|6477 in the text), but no Chinese title and no journal name; the year is read from the DOI.",
    },
    Def {
        source: SEED_004,
        authors: &[],
        authors_latin: &[],
        title: Some("借力“三社联动”完善社区风险防控体系"),
        title_en: Some("Drawing on \"three-society linkage\" to improve the community's risk prevention and control system"),
        title_en_translated: true,
        venue: Some("中国社会工作杂志"),
        venue_en: Some("China Social Work (magazine)"),
        year: Some(2020),
        issue: None,
        date: Some("2020-05-09"),
        doi: None,
        affiliation: None,
        note: "Title (under the column 聚焦), venue and date as the seed's header gives them; the seed names no author (only the editor, 责编 王晨宇).",
    },
];

fn build(d: &Def) -> Citation {
    let own = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect();
    let opt = |v: Option<&str>| v.map(str::to_owned);
    Citation {
        source: d.source.to_owned(),
        authors: own(d.authors),
        authors_latin: own(d.authors_latin),
        title: opt(d.title),
        title_en: opt(d.title_en),
        title_en_translated: d.title_en_translated,
        venue: opt(d.venue),
        venue_en: opt(d.venue_en),
        year: d.year,
        issue: opt(d.issue),
        date: opt(d.date),
        doi: opt(d.doi),
        affiliation: opt(d.affiliation),
        note: d.note.to_owned(),
    }
}

/// Every seed's citation, in seed order.
#[must_use]
pub fn citations() -> Vec<Citation> {
    DEFS.iter().map(build).collect()
}

/// The citation of a seed file name (the source key of remedies and stages).
#[must_use]
pub fn citation(source: &str) -> Option<Citation> {
    DEFS.iter().find(|d| d.source == source).map(build)
}

/// How a source is shown to readers, in both languages: the seed's citation
/// ([`Citation::format`]) when `source` is a seed file name, otherwise the source text itself
/// (a custom framework's free-text source). The file name stays the key (`source`).
///
/// ```
/// use renxing::timeline::reference;
/// let r = reference("004_c48e9fa23e80f143.txt");
/// assert_eq!(r.zh, "借力“三社联动”完善社区风险防控体系. 中国社会工作杂志, 2020-05-09.");
/// assert_eq!(reference("my notes, p. 3").en, "my notes, p. 3");
/// ```
#[must_use]
pub fn reference(source: &str) -> Bilingual {
    shared_reference(source).as_ref().clone()
}

/// [`reference()`], shared: the five seeds' citations are formatted once per process, so a
/// diagnosis listing many remedies does not format (and allocate) them again.
#[must_use]
pub fn shared_reference(source: &str) -> std::sync::Arc<Bilingual> {
    static SEEDS: std::sync::OnceLock<Vec<(String, std::sync::Arc<Bilingual>)>> =
        std::sync::OnceLock::new();
    let seeds = SEEDS.get_or_init(|| {
        DEFS.iter()
            .map(|d| {
                let text = format_reference(d.source);
                (d.source.to_owned(), std::sync::Arc::new(text))
            })
            .collect()
    });
    match seeds.iter().find(|(k, _)| k == source) {
        Some((_, b)) => std::sync::Arc::clone(b),
        None => std::sync::Arc::new(format_reference(source)),
    }
}

/// The citation of a source in both languages (or the source text itself).
fn format_reference(source: &str) -> Bilingual {
    match citation(source) {
        Some(c) => Bilingual {
            zh: c.format(Lang::Zh),
            en: c.format(Lang::En),
        },
        None => Bilingual {
            zh: source.to_owned(),
            en: source.to_owned(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_seed_is_cited_and_formats() {
        let all = citations();
        assert_eq!(all.len(), 5);
        for c in &all {
            assert!(!c.format(Lang::Zh).is_empty());
            assert!(!c.format(Lang::En).is_empty());
        }
        assert_eq!(
            citation(SEED_004).unwrap().format(Lang::Zh),
            "借力“三社联动”完善社区风险防控体系. 中国社会工作杂志, 2020-05-09."
        );
        assert_eq!(
            citation(SEED_003).unwrap().format(Lang::En),
            "SHAO Xian-ping, YUAN Man-xi, FENG Jing, TAO Yue. Collaborative Mechanism of Digital Governance in Urban Communities from the Perspective of Resilience. 2023. doi:10.3963/j.issn.1671-6477.2023.02.009."
        );
        assert_eq!(
            citation(SEED_002).unwrap().format(Lang::En),
            "(untitled). 江苏省社会科学院社会政策所."
        );
        assert!(citation("nope.txt").is_none());
    }
}

//! Rendering in Chinese or English, as plain text (aligned columns, CJK width-aware) or Markdown:
//! 表1 for any number of scorecards, 表2, a scorecard, a diagnosis, a comparison and the
//! reference-case report. The CLI, the reports and the bindings all render through here.
//!
//! ```
//! use renxing::text::{Renderer, Style};
//! use renxing::{cases, score, Framework, Lang};
//!
//! let fw = Framework::paper();
//! let cards: Vec<_> = cases().iter().map(|c| score(c, fw)).collect::<Result<_, _>>()?;
//! let rows: Vec<(&str, &renxing::Scorecard)> =
//!     cards.iter().map(|c| (c.assessment.as_str(), c)).collect();
//! let table = Renderer::new(fw, Lang::Zh, Style::Markdown).table1(&rows);
//! let md = table.render(Style::Markdown);
//! assert!(md.contains("| case-a | 低 | 低 | 低 | 高 | 低 |"));
//! # Ok::<(), renxing::ScoreError>(())
//! ```
use std::str::FromStr;

use crate::error::IdError;

pub(crate) mod indicators;
mod layout;
mod render;

pub use indicators::indicator_tables;
pub use layout::{display_width, escape_markdown, format_score, Table};
pub use render::Renderer;

/// How text is laid out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Style {
    /// Plain text, columns aligned with spaces (East Asian wide characters count as 2 columns).
    #[default]
    Plain,
    /// GitHub-flavoured Markdown.
    Markdown,
}

impl Style {
    /// The stable id: `"text"` or `"markdown"`.
    #[must_use]
    pub const fn id(self) -> &'static str {
        match self {
            Style::Plain => "text",
            Style::Markdown => "markdown",
        }
    }
}

impl FromStr for Style {
    type Err = IdError;
    /// Accepts `text` (or `plain`) and `markdown` (or `md`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "text" | "plain" => Ok(Style::Plain),
            "markdown" | "md" => Ok(Style::Markdown),
            _ => Err(IdError::new(
                crate::lang::Text {
                    zh: "文本样式",
                    en: "text style",
                },
                s,
                &["text", "markdown"],
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        cases, compare, diagnose, score, Assessment, Dimension, Framework, Lang, Level, Mode,
        Rating, ScoreOptions, Scorecard,
    };

    #[test]
    fn widths_count_cjk_as_two() {
        assert_eq!(display_width("abc"), 3);
        assert_eq!(display_width("稳健性"), 6);
        assert_eq!(display_width("低(0.0)"), 7);
        assert_eq!(display_width("低\u{FF08}中\u{FF09}"), 8); // fullwidth parentheses
        assert_eq!(display_width("é"), 1);
        assert_eq!(display_width("e\u{301}"), 1);
    }

    #[test]
    fn plain_table_aligns_by_display_width() {
        let t = Table {
            title: String::new(),
            headers: vec!["属性".into(), "x".into()],
            rows: vec![
                vec!["a".into(), "高".into()],
                vec!["稳健性".into(), "1".into()],
            ],
        };
        assert_eq!(t.plain(), "属性    x\n------  --\na       高\n稳健性  1\n");
        assert_eq!(
            t.markdown(),
            "| 属性 | x |\n|---|---|\n| a | 高 |\n| 稳健性 | 1 |\n"
        );
    }

    #[test]
    fn markdown_escapes_pipes() {
        let t = Table {
            title: "T".into(),
            headers: vec!["a|b".into()],
            rows: vec![vec!["x\ny".into()]],
        };
        assert_eq!(t.markdown(), "**T**\n\n| a\\|b |\n|---|\n| x y |\n");
    }

    fn case_cards() -> Vec<Scorecard> {
        cases()
            .iter()
            .map(|c| score(c, Framework::paper()).unwrap())
            .collect()
    }

    #[test]
    fn table1_reproduces_the_paper_in_both_languages() {
        let cards = case_cards();
        let rows: Vec<(&str, &Scorecard)> =
            cards.iter().map(|c| (c.assessment.as_str(), c)).collect();
        let zh = Renderer::new(Framework::paper(), Lang::Zh, Style::Markdown).table1(&rows);
        assert_eq!(
            zh.headers,
            [
                "社区",
                "稳健性",
                "冗余性",
                "连通性(与政府连通)",
                "连通性(与居民连通)",
                "综合等级",
                "综合得分"
            ]
        );
        assert_eq!(zh.rows[0][1..5], ["低", "低", "低", "高"]);
        assert_eq!(zh.rows[1][1..5], ["中", "中", "高", "中"]);
        assert_eq!(zh.rows[2][1..5], ["高", "中", "高", "高"]);
        let en = Renderer::new(Framework::paper(), Lang::En, Style::Plain).table1(&rows);
        assert_eq!(en.rows[1][1..5], ["Medium", "Medium", "High", "Medium"]);
        assert_eq!(en.headers[3], "Connectivity with government");
    }

    #[test]
    fn modes_table_has_three_rows() {
        let t = Renderer::new(Framework::paper(), Lang::Zh, Style::Plain).modes_table();
        assert_eq!(t.rows.len(), 3);
        assert_eq!(t.rows[0][0], "社工助推型");
        assert_eq!(t.rows[0][3], "权责匹配模糊、组织散漫");
        assert!(t.rows[1][4].starts_with("高:有效弥补"));
    }

    #[test]
    fn diagnosis_lists_deficits_remedies_case_and_unrated() {
        let mut a = Assessment::new("t", "测试社区");
        a.mode = Some(Mode::GovernmentLed);
        for d in Dimension::ALL {
            a.rate(*d, Rating::level(Level::High));
        }
        a.rate(Dimension::Rules, Rating::level(Level::Low));
        a.rate(Dimension::ItUse, Rating::answers(false, true));
        a.rate_id("volunteer_teams", None);
        let d = diagnose(&a, Framework::paper()).unwrap();
        let s = Renderer::new(Framework::paper(), Lang::Zh, Style::Plain)
            .diagnosis(&d, Some("测试社区"));
        assert!(s.contains("诊断 · 测试社区 (t)"), "{s}");
        assert!(s.contains("不足"));
        assert!(s.contains("优化路径"));
        // Sources are shown as citations, never as file names.
        assert!(s.contains("来源:彭建军, 谭静. 基于多案例比较的“三社联动”社区韧性分析与优化. 南华大学学报(社会科学版), 2022年2期."), "{s}");
        assert!(!s.contains(".txt"), "{s}");
        assert!(s.contains("专业志愿队伍 (volunteer_teams)"));
        assert!(s.contains("信息技术运用 (it_use)"));
        assert!(s.contains("行政依赖性强、政令冲突"));
        // Both low dimensions have gap 2 and equal weights: framework order, rules first.
        assert!(s.contains(
            "规章制度      稳健性  低    0.0   2.00\n信息技术运用  冗余性  低    0.0   2.00\n"
        ));
        assert!(s.contains("冗余性  中    50.0  1.00\n稳健性  中    66.7  0.67\n"));
        assert!(s.contains("B社区 · Community B (case-b, 政府主导型):距离 1.25,比较维度数 7"));
        let en = Renderer::new(Framework::paper(), Lang::En, Style::Markdown).diagnosis(&d, None);
        assert!(en.contains("## Diagnosis · t"));
        assert!(en.contains("### Remedies"));
        assert!(en.contains("### Nearest reference case"));
        assert!(!en.contains(".txt"), "{en}");
        assert!(en.contains("Peng Jianjun, Tan Jing."));
        assert!(!s.contains("下一阶段"), "no phase, no phase ahead");
    }

    #[test]
    fn diagnosis_in_a_phase_leads_with_the_phase_ahead_and_who_acts() {
        let mut a = crate::case("a").unwrap();
        a.phase = Some(crate::Phase::Response);
        let d = diagnose(&a, Framework::paper()).unwrap();
        let s = Renderer::new(Framework::paper(), Lang::Zh, Style::Plain).diagnosis(&d, None);
        assert!(s.contains("阶段:应对\n下一阶段:恢复\n"), "{s}");
        let plan = s
            .find("下一阶段:做什么、由谁做:恢复")
            .expect("plan heading");
        let remedies = s.find("优化路径\n").expect("remedies heading");
        assert!(plan < remedies);
        // Who acts, in the actors' order, each with the seed's words.
        let c = s.find("- 社区\n").unwrap();
        let w = s.find("- 社会工作者\n").unwrap();
        let o = s.find("- 社会组织\n").unwrap();
        assert!(c < w && w < o && o < remedies);
        assert!(
            s.contains("  - [风险结束阶段] 社会工作者需要及时消解疫情期的恐慌"),
            "{s}"
        );
        // The first remedy acts in the phase ahead, and is marked so.
        assert!(d.remedies[0].acts_ahead);
        let first = format!(
            "1. {} [适用于下一阶段]",
            d.remedies[0].title.in_lang(Lang::Zh)
        );
        assert!(s.contains(&first), "{s}");
        // The plan's sources are citations too.
        assert!(s.contains("构建社区应急韧性治理体系. 中国社会科学报, 2022-12-08."));
    }

    #[test]
    fn comparison_shows_ranking_and_ties() {
        let [a, b, c] = cases();
        let mut b2 = b.clone();
        b2.id = "case-b2".into();
        let cmp = compare(&[a, b, c, b2], Framework::paper()).unwrap();
        let s = Renderer::new(Framework::paper(), Lang::En, Style::Plain).comparison(&cmp);
        assert!(s.contains("2= (tied)"), "{s}");
        assert!(s.contains("4  "), "{s}");
        assert!(s.contains("Best and worst per dimension"));
    }

    #[test]
    fn cases_report_has_both_tables_and_three_diagnoses() {
        let s = Renderer::new(Framework::paper(), Lang::Zh, Style::Markdown)
            .cases_report(&ScoreOptions::default())
            .unwrap();
        assert!(s.contains("表1"));
        assert!(s.contains("表2"));
        assert_eq!(s.matches("## 诊断 · ").count(), 3);
        assert!(s.contains("| A社区 · Community A | 社工助推型 | 低 | 低 | 低 | 高 |"));
    }
}

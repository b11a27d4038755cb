//! Bilingual user-interface words shared by every front end (text and Markdown rendering, the
//! CLI, HTML reports, charts, the Python and WASM bindings).
//!
//! Each word is a [`Text`] constant (zh-Hans and English); [`lookup`] finds one by its stable key
//! (the constant's name in lower case, e.g. `"deficits"`), and [`ALL`] lists every `(key, text)`
//! pair so bindings can export the whole vocabulary at once.
//!
//! ```
//! use renxing::{ui, Lang};
//! assert_eq!(ui::DEFICITS.get(Lang::Zh), "不足");
//! assert_eq!(ui::REMEDIES.get(Lang::En), "Remedies");
//! assert_eq!(ui::lookup("nearest_case").map(|t| t.zh), Some("最接近的参考案例"));
//! ```

use crate::lang::{Lang, Text};

macro_rules! words {
    ($( $(#[$doc:meta])* $name:ident = $key:literal, $zh:literal, $en:literal; )+) => {
        $(
            $(#[$doc])*
            pub const $name: Text = Text { zh: $zh, en: $en };
        )+

        /// Every word as `(key, text)`, in declaration order.
        pub const ALL: &[(&str, Text)] = &[ $( ($key, $name), )+ ];
    };
}

words! {
    // ---- headings and table headers ----
    /// Column header for a community (a row of 表1).
    COMMUNITY = "community", "社区", "Community";
    /// Column header: an assessment or case id.
    ID = "id", "编号", "ID";
    /// Column header: name.
    NAME = "name", "名称", "Name";
    /// Column header: governance mode (模式).
    MODE = "mode", "模式", "Mode";
    /// Column header: phase of the cycle.
    PHASE = "phase", "阶段", "Phase";
    /// Column header: date.
    DATE = "date", "日期", "Date";
    /// Column header: the framework.
    FRAMEWORK = "framework", "框架", "Framework";
    /// Column header: the aggregation method.
    METHOD = "method", "聚合方法", "Aggregation method";
    /// Column header: attribute.
    ATTRIBUTE = "attribute", "属性", "Attribute";
    /// Column header: dimension.
    DIMENSION = "dimension", "维度", "Dimension";
    /// Column header: level.
    LEVEL = "level", "等级", "Level";
    /// Column header: a 0–100 score.
    SCORE = "score", "得分", "Score";
    /// Column header: weight.
    WEIGHT = "weight", "权重", "Weight";
    /// Column header: how a dimension was rated.
    SOURCE = "source", "来源", "Source";
    /// Column header: rated dimensions out of the total.
    RATED = "rated", "已评", "Rated";
    /// Overall (综合) level and score.
    OVERALL = "overall", "综合", "Overall";
    /// Overall level (table header).
    OVERALL_LEVEL = "overall_level", "综合等级", "Overall level";
    /// Overall score (table header).
    OVERALL_SCORE = "overall_score", "综合得分", "Overall score";
    /// Rank (排名).
    RANK = "rank", "排名", "Rank";
    /// Ranking (heading).
    RANKING = "ranking", "排名", "Ranking";
    /// Marks a tie in a ranking.
    TIED = "tied", "并列", "tied";
    /// Best community on a dimension.
    BEST = "best", "最佳", "Best";
    /// Worst community on a dimension.
    WORST = "worst", "最弱", "Worst";
    /// Heading: best and worst per dimension.
    EXTREMES = "extremes", "各维度最佳与最弱", "Best and worst per dimension";
    /// Distance (to a reference case).
    DISTANCE = "distance", "距离", "Distance";
    /// Number of dimensions compared.
    COMPARED = "compared", "比较维度数", "Dimensions compared";
    /// Addresses (which weak targets a remedy addresses).
    ADDRESSES = "addresses", "针对", "Addresses";
    /// Severity of a deficit.
    SEVERITY = "severity", "严重程度", "Severity";
    /// Gap to the top level.
    GAP = "gap", "差距", "Gap";
    /// Evidence.
    EVIDENCE = "evidence", "证据", "Evidence";
    /// Note.
    NOTE = "note", "备注", "Note";

    // ---- 表2 (modes) ----
    /// 表2 header: driving factor (驱动因素).
    DRIVING_FACTOR = "driving_factor", "驱动因素", "Driving factor";
    /// 表2 header: advantages (优势).
    ADVANTAGES = "advantages", "优势", "Advantages";
    /// 表2 header: defects (缺陷).
    DEFECTS = "defects", "缺陷", "Defects";
    /// 表2 header: promotability (推广性).
    PROMOTABILITY = "promotability", "推广性", "Promotability";
    /// 表2 header: the reference case of a mode.
    REFERENCE_CASE = "reference_case", "参考案例", "Reference case";

    // ---- sections ----
    /// Title of 表1.
    TABLE_1_TITLE = "table_1_title", "表1 三类“三社联动”模式下的社区韧性", "Table 1. Community resilience under the three linkage modes";
    /// Title of 表2.
    TABLE_2_TITLE = "table_2_title", "表2 三类“三社联动”模式比较", "Table 2. Comparison of the three linkage modes";
    /// Heading: scorecard.
    SCORECARD = "scorecard", "评分", "Scorecard";
    /// Heading: diagnosis.
    DIAGNOSIS = "diagnosis", "诊断", "Diagnosis";
    /// Heading: comparison.
    COMPARISON = "comparison", "比较", "Comparison";
    /// Heading: deficits (不足).
    DEFICITS = "deficits", "不足", "Deficits";
    /// Heading: attribute deficits.
    ATTRIBUTE_DEFICITS = "attribute_deficits", "属性不足", "Attribute deficits";
    /// Heading: dimension deficits.
    DIMENSION_DEFICITS = "dimension_deficits", "维度不足", "Dimension deficits";
    /// Heading: remedies (优化路径).
    REMEDIES = "remedies", "优化路径", "Remedies";
    /// Heading: the nearest reference case.
    NEAREST_CASE = "nearest_case", "最接近的参考案例", "Nearest reference case";
    /// Heading: the mode's known defects (表2).
    MODE_DEFECTS = "mode_defects", "该模式的已知缺陷", "Known defects of the mode";
    /// Heading: dimensions not rated.
    UNRATED = "unrated", "未评维度", "Unrated dimensions";
    /// Heading: inconsistent two-question ratings.
    INCONSISTENCIES = "inconsistencies", "数据不一致", "Inconsistencies";
    /// Heading: contested dimensions (several coders, more than the chosen step apart).
    CONTESTED = "contested", "有争议的维度", "Contested dimensions";
    /// Explains an inconsistency: developed but did not cope.
    INCONSISTENCY_NOTE = "inconsistency_note", "“社区得到发展”但未“有效应对风险”:按规则记为低,请核实数据", "\"developed\" but did not \"cope\": rated low by the rule; check the data";
    /// Heading: the reference cases.
    REFERENCE_CASES = "reference_cases", "参考案例", "Reference cases";
    /// Heading: the published 表1 check.
    PUBLISHED = "published", "论文原表", "As published";

    // ---- values and short phrases ----
    /// A dimension or attribute without a rating.
    NOT_RATED = "not_rated", "未评", "Not rated";
    /// Nothing to report in a section.
    NONE = "none", "无", "None";
    /// No deficit: everything at the top level.
    NO_DEFICITS = "no_deficits", "无不足:全部达到最高等级", "No deficits: everything at the top level";
    /// No remedy applies.
    NO_REMEDIES = "no_remedies", "无适用的优化路径", "No remedy applies";
    /// No reference case is comparable (custom framework).
    NO_NEAREST_CASE = "no_nearest_case", "无可比较的参考案例(仅适用于论文框架)", "No comparable reference case (paper framework only)";
    /// The assessment names no mode.
    NO_MODE = "no_mode", "未指定模式", "No mode given";
    /// A level reading of the split connectivity attribute: with government.
    WITH_GOVERNMENT = "with_government", "与政府", "with government";
    /// A level reading of the split connectivity attribute: with residents.
    WITH_RESIDENTS = "with_residents", "与居民", "with residents";
    /// Rated by a level id.
    SOURCE_LEVEL = "source_level", "等级", "level";
    /// Rated by a 0–100 score.
    SOURCE_SCORE = "source_score", "分数", "score";
    /// Rated by the two-question rule.
    SOURCE_ANSWERS = "source_answers", "两问规则", "two questions";
    /// Rated `null`.
    SOURCE_UNRATED = "source_unrated", "未评", "not rated";
    /// "of" in "3 of 3 rated".
    OF = "of", "/", " of ";
    /// The label before a list separator in running text.
    SEPARATOR = "separator", "、", ", ";

    // ---- errors ----
    /// Heading of an error report.
    ERROR = "error", "错误", "error";
    /// The file has problems (an assessment with issues).
    INVALID_FILE = "invalid_file", "文件有误", "invalid file";
    /// Count of issues.
    ISSUES = "issues", "处问题", "issue(s)";
    /// The field path of an issue.
    PATH = "path", "字段", "field";
    /// The issue code.
    CODE = "code", "代码", "code";

    // ---- the full cycle: phases, timelines, curves (issue 13) ----
    /// Label: the phase ahead of the diagnosis' phase.
    PHASE_AHEAD = "phase_ahead", "下一阶段", "Phase ahead";
    /// Heading: what to do in the phase ahead and who acts.
    PLAN_AHEAD = "plan_ahead", "下一阶段:做什么、由谁做", "The phase ahead: what to do, and who acts";
    /// Marks a remedy acting in the phase ahead.
    ACTS_AHEAD = "acts_ahead", "适用于下一阶段", "for the phase ahead";
    /// Column header: who acts (community, social workers, social organisations).
    WHO_ACTS = "who_acts", "由谁做", "Who acts";
    /// Who acts: the community (社区).
    ACTOR_COMMUNITY = "actor_community", "社区", "Community";
    /// Who acts: social workers (社会工作者).
    ACTOR_SOCIAL_WORKERS = "actor_social_workers", "社会工作者", "Social workers";
    /// Who acts: social organisations (社会组织).
    ACTOR_SOCIAL_ORGANISATIONS = "actor_social_organisations", "社会组织", "Social organisations";
    /// Column header: what to do.
    WHAT_TO_DO = "what_to_do", "做什么", "What to do";
    /// Label: the phases a remedy acts in.
    PHASES = "phases", "作用阶段", "Phases";
    /// Heading: a timeline of assessments.
    TIMELINE = "timeline", "时间线", "Timeline";
    /// Heading: the changes between consecutive points.
    CHANGES = "changes", "变化", "Changes";
    /// Heading / label: the change from the first to the last point.
    FIRST_TO_LAST = "first_to_last", "首末变化", "First to last";
    /// Heading: phases never assessed.
    MISSING_PHASES = "missing_phases", "未评估的阶段", "Phases never assessed";
    /// Heading: what to do next.
    NEXT_STEPS = "next_steps", "下一步", "What to do next";
    /// Direction of a change: improved.
    IMPROVED = "improved", "改善", "improved";
    /// Direction of a change: unchanged.
    UNCHANGED = "unchanged", "不变", "unchanged";
    /// Direction of a change: worsened.
    WORSENED = "worsened", "下降", "worsened";
    /// Direction of a change: not comparable.
    NOT_COMPARABLE = "not_comparable", "不可比较", "not comparable";
    /// Heading: who improved most and who fell back.
    PROGRESS = "progress", "进步排名", "Progress";
    /// Label: the communities that improved most.
    IMPROVED_MOST = "improved_most", "进步最大", "Improved most";
    /// Label: the communities that fell back.
    FELL_BACK = "fell_back", "倒退", "Fell back";
    /// Heading: a functionality curve.
    CURVE = "curve", "功能曲线", "Functionality curve";
    /// Axis / label: time.
    TIME = "time", "时间", "Time";
    /// Axis / label: functionality Q(t).
    FUNCTIONALITY = "functionality", "功能水平 Q(t)", "Functionality Q(t)";
    /// Label: the pre-event baseline.
    BASELINE = "baseline", "基线", "Baseline";
    /// Label: the event start.
    EVENT_START = "event_start", "事件开始", "Event start";
    /// Label: the loss area.
    LOSS_AREA = "loss_area", "损失面积", "Loss area";
    /// Label: depth of the drop.
    DEPTH = "depth", "下降深度", "Depth of the drop";
    /// Label: Bruneau's robustness (min Q / baseline).
    ROBUSTNESS_RATIO = "robustness_ratio", "稳健性(最低值/基线)", "Robustness (min Q / baseline)";
    /// Label: time to recover.
    TIME_TO_RECOVER = "time_to_recover", "恢复时间", "Time to recover";
    /// Label: rapidity.
    RAPIDITY = "rapidity", "恢复速率", "Rapidity";
    /// Label: the end state.
    END_STATE = "end_state", "最终状态", "End state";
    /// The curve did not recover by the horizon.
    NOT_RECOVERED_YET = "not_recovered_yet", "在观察期内未恢复", "not recovered within the horizon";
}

/// A word by its key (see [`ALL`]).
#[must_use]
pub fn lookup(key: &str) -> Option<Text> {
    ALL.iter().find(|(k, _)| *k == key).map(|(_, t)| *t)
}

/// A word by key in one language; the key itself when unknown.
#[must_use]
pub fn word(key: &str, lang: Lang) -> &str {
    match lookup(key) {
        Some(t) => t.get(lang),
        None => key,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_texts_non_empty() {
        let mut keys: Vec<&str> = ALL.iter().map(|(k, _)| *k).collect();
        let n = keys.len();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), n);
        assert!(ALL
            .iter()
            .all(|(_, t)| !t.zh.is_empty() && !t.en.is_empty()));
    }

    #[test]
    fn lookup_and_word() {
        assert_eq!(lookup("remedies"), Some(REMEDIES));
        assert_eq!(word("promotability", Lang::Zh), "推广性");
        assert_eq!(word("no-such-key", Lang::En), "no-such-key");
    }
}

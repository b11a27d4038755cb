//! Words used only by the charts (the shared ones come from [`ui`](crate::ui)).

use crate::lang::Text;

/// Default radar title.
pub(crate) const RADAR_TITLE: Text = Text {
    zh: "各维度等级",
    en: "Dimension levels",
};
/// Start of the radar's `<desc>`.
pub(crate) const RADAR_DESC: Text = Text {
    zh: "雷达图:每条轴为一个维度,离中心越远等级越高。",
    en: "Radar chart: one axis per dimension; the farther from the centre, the higher the level.",
};
/// Default bar-chart title.
pub(crate) const BARS_TITLE: Text = Text {
    zh: "各属性等级",
    en: "Attribute levels",
};
/// Start of the bar chart's `<desc>`.
pub(crate) const BARS_DESC: Text = Text {
    zh: "条形图:每个属性(连通性分为与政府、与居民两项)一条,越高等级越高。",
    en: "Bar chart: one bar per attribute reading; the taller, the higher the level.",
};
/// Default heat-table title.
pub(crate) const TABLE_TITLE: Text = Text {
    zh: "社区比较",
    en: "Comparison of communities",
};
/// Start of the heat-table's `<desc>`.
pub(crate) const TABLE_DESC: Text = Text {
    zh: "比较表:每行一个社区(按排名),每列一个维度,单元格按等级着色并注明等级。",
    en: "Heat-table: one row per community (by rank), one column per dimension; each cell is shaded and labelled by level.",
};

//! Text tables of a framework-driven indicator run: ranking (overall index and TOPSIS), the
//! dimension levels each unit's scores band into, and the top obstacle indicators.

use crate::composite::{BandingRule, FrameworkIndicatorResult, Target};
use crate::framework::Framework;
use crate::lang::Lang;

use super::layout::Table;

fn num(v: Option<f64>, digits: usize) -> String {
    match v {
        Some(x) if x.is_finite() => format!("{x:.digits$}"),
        _ => "–".to_owned(),
    }
}

/// The tables of a framework-driven indicator run, as plain text in a language: the ranking
/// (overall score, rank, overall level, TOPSIS closeness and rank), the level and score of every
/// dimension, the top obstacle indicators with their degrees (%), and the banding rule.
#[must_use]
pub fn indicator_tables(r: &FrameworkIndicatorResult, fw: &Framework, lang: Lang) -> String {
    let mut out = String::new();
    for t in tables(r, fw, lang) {
        out.push_str(&t.plain());
        out.push('\n');
    }
    out.push_str(&banding_sentence(&r.banding, fw, lang));
    out.push('\n');
    out
}

/// The ranking, dimension-level and obstacle tables (those the result has).
pub(crate) fn tables(r: &FrameworkIndicatorResult, fw: &Framework, lang: Lang) -> Vec<Table> {
    let zh = lang == Lang::Zh;
    let res = &r.result;
    let tag = lang.id();
    let level_label = |id: &str| {
        fw.levels
            .iter()
            .find(|l| l.id == id)
            .map_or(id.to_owned(), |l| l.labels.get(tag).to_owned())
    };
    let rank_of = |t: Target| {
        res.ranks()
            .and_then(|x| x.columns.iter().find(|c| c.target == t))
            .map(|c| c.ranks.clone())
    };
    let overall_rank = rank_of(Target::Overall);
    let topsis_rank = rank_of(Target::Topsis).or_else(|| res.topsis().map(|t| t.ranks.clone()));
    let bands = res.bands();
    let band_of = |t: Target, id: &str, u: usize| -> Option<String> {
        let b = bands?;
        let c = b.columns.iter().find(|c| c.target == t && c.id == id)?;
        let k = (*c.bands.get(u)?)? as usize;
        Some(level_label(b.levels.get(k)?))
    };
    let agg = res.aggregation();
    let closeness = res.topsis().map(|t| &t.result.closeness);
    let headers: Vec<String> = if zh {
        vec![
            "单位",
            "综合得分",
            "排名",
            "综合等级",
            "TOPSIS 贴近度",
            "TOPSIS 排名",
        ]
    } else {
        vec![
            "unit",
            "overall score",
            "rank",
            "overall level",
            "TOPSIS closeness",
            "TOPSIS rank",
        ]
    }
    .into_iter()
    .map(str::to_owned)
    .collect();
    let n = res.units.len();
    let mut order: Vec<usize> = (0..n).collect();
    if let Some(rk) = &overall_rank {
        order.sort_by_key(|&u| (rk.get(u).copied().unwrap_or(u32::MAX), u));
    }
    let rows = order
        .iter()
        .map(|&u| {
            vec![
                res.units[u].clone(),
                num(agg.and_then(|a| a.overall.get(u).copied()), 2),
                overall_rank
                    .as_ref()
                    .and_then(|x| x.get(u))
                    .map_or("–".into(), u32::to_string),
                band_of(Target::Overall, "overall", u).unwrap_or_else(|| "–".into()),
                num(closeness.and_then(|c| c.get(u).copied()), 4),
                topsis_rank
                    .as_ref()
                    .and_then(|x| x.get(u))
                    .map_or("–".into(), u32::to_string),
            ]
        })
        .collect();
    let mut out = vec![Table {
        title: if zh { "排名" } else { "Ranking" }.to_owned(),
        headers,
        rows,
    }];
    // dimension levels and scores
    if let Some(a) = agg {
        let dims = &a.dimensions;
        let mut headers = vec![if zh { "单位" } else { "unit" }.to_owned()];
        headers.extend(
            dims.columns
                .iter()
                .map(|d| fw.label_or_id(d, tag).to_owned()),
        );
        let rows = order
            .iter()
            .map(|&u| {
                let mut row = vec![res.units[u].clone()];
                for (c, d) in dims.columns.iter().enumerate() {
                    let level = band_of(Target::Dimension, d, u).unwrap_or_else(|| "–".into());
                    row.push(format!("{level} {}", num(dims.get(u, c), 1)));
                }
                row
            })
            .collect();
        out.push(Table {
            title: if zh {
                "维度等级(得分)"
            } else {
                "Dimension levels (scores)"
            }
            .to_owned(),
            headers,
            rows,
        });
    }
    // obstacles
    if let Some(o) = res.obstacle() {
        let mut headers = vec![if zh { "单位" } else { "unit" }.to_owned()];
        headers.extend((1..=o.top).map(|i| {
            if zh {
                format!("障碍因子 {i}(障碍度)")
            } else {
                format!("obstacle {i} (degree)")
            }
        }));
        let rows = order
            .iter()
            .map(|&u| {
                let mut row = vec![res.units[u].clone()];
                for (id, deg) in res.top_obstacles(u) {
                    let name = fw
                        .indicator(id)
                        .map_or(id, |i| i.labels.get(tag))
                        .to_owned();
                    row.push(format!("{name} {:.1}%", deg * 100.0));
                }
                row
            })
            .collect();
        out.push(Table {
            title: if zh { "障碍度" } else { "Obstacle degree" }.to_owned(),
            headers,
            rows,
        });
    }
    out
}

/// The banding rule in words.
pub(crate) fn banding_sentence(banding: &BandingRule, fw: &Framework, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let level_label = |id: &str| {
        fw.levels
            .iter()
            .find(|l| l.id == id)
            .map_or(id.to_owned(), |l| l.labels.get(lang.id()).to_owned())
    };
    let levels: Vec<String> = banding.levels.iter().map(|l| level_label(l)).collect();
    let cuts = banding
        .cuts
        .first()
        .map(|(_, c)| {
            c.iter()
                .map(|x| format!("{x:.2}"))
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default();
    let method = match (banding.method, zh) {
        (crate::composite::BandMethod::Thresholds, true) => "阈值",
        (crate::composite::BandMethod::Thresholds, false) => "thresholds",
        (crate::composite::BandMethod::Quantiles, true) => "分位数",
        (crate::composite::BandMethod::Quantiles, false) => "quantiles",
    };
    if zh {
        format!(
            "分级规则:第 {} 步,{method},等级 {},切分点 [{cuts}](数值 ≥ 切分点即进入上一级)",
            banding.step,
            levels.join(" < ")
        )
    } else {
        format!(
            "Banding: step {}, {method}, levels {}, cuts [{cuts}] (a value at or above a cut is in the level above)",
            banding.step,
            levels.join(" < ")
        )
    }
}

/// The top obstacles of an assessment made from indicators (a diagnosis's `obstacles`): the
/// indicator's label, its dimension's label and the obstacle degree in %.
pub(crate) fn obstacle_table(
    obstacles: &[crate::composite::ObstacleFinding],
    fw: &Framework,
    lang: Lang,
) -> Table {
    let zh = lang == Lang::Zh;
    let tag = lang.id();
    Table {
        title: obstacle_title(lang).to_owned(),
        headers: if zh {
            vec!["指标", "维度", "障碍度"]
        } else {
            vec!["Indicator", "Dimension", "Obstacle degree"]
        }
        .into_iter()
        .map(str::to_owned)
        .collect(),
        rows: obstacles
            .iter()
            .map(|o| {
                vec![
                    fw.indicator(&o.indicator)
                        .map_or(o.indicator.as_str(), |i| i.labels.get(tag))
                        .to_owned(),
                    fw.label_or_id(&o.dimension, tag).to_owned(),
                    format!("{:.1}%", o.degree * 100.0),
                ]
            })
            .collect(),
    }
}

/// The heading of [`obstacle_table`].
pub(crate) fn obstacle_title(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "主要障碍因子(由指标得出)",
        Lang::En => "Top obstacles (from indicators)",
    }
}

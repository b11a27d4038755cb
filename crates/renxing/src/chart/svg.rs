//! SVG writing helpers: escaping, number formatting, palette, patterns.

use super::ChartOptions;

/// The font-family list of every chart: CJK-capable fonts first, then generic sans-serif.
pub const FONT_FAMILY: &str = "'Noto Sans CJK SC','Noto Sans SC','Source Han Sans SC','PingFang SC','Hiragino Sans GB','Microsoft YaHei','WenQuanYi Micro Hei',system-ui,sans-serif";

pub(crate) fn placeholder(options: &ChartOptions) -> String {
    let _ = options;
    "<svg xmlns=\"http://www.w3.org/2000/svg\"><title>renxing</title></svg>".to_owned()
}

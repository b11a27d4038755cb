//! Writes the HTML (or Markdown) report of a reference case, for the browser test and by hand.
//!
//! ```text
//! cargo run -p renxing --example write_report -- CASE LANG OUT
//! cargo run -p renxing --example write_report -- b en test-output/report-case-b.html
//! cargo run -p renxing --example write_report -- c zh test-output/report-case-c.md
//! ```
//!
//! `CASE` is `a`, `b` or `c`; `LANG` is `zh` or `en`; an `OUT` ending in `.md` gives Markdown
//! with the chart files written beside it, anything else HTML.

use std::path::Path;

use renxing::report::{html_report, markdown_report, ReportOptions};
use renxing::{case, diagnose, Framework, Lang};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [which, lang, out] = args.as_slice() else {
        return Err("usage: write_report CASE LANG OUT".into());
    };
    let lang: Lang = lang.parse()?;
    let a = case(which).ok_or_else(|| format!("unknown case {which:?}; expected a, b or c"))?;
    let fw = Framework::paper();
    let d = diagnose(&a, fw)?;
    let out = Path::new(out);
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut options = ReportOptions::new(lang);
    if out.extension().is_some_and(|e| e == "md") {
        if let Some(stem) = out.file_stem().and_then(|s| s.to_str()) {
            options.chart_prefix = stem.to_owned();
        }
        let r = markdown_report(fw, &a, &d, &options)?;
        for c in &r.charts {
            std::fs::write(out.with_file_name(&c.name), &c.svg)?;
        }
        std::fs::write(out, r.markdown)?;
    } else {
        std::fs::write(out, html_report(fw, &a, &d, &options)?)?;
    }
    println!("wrote {}", out.display());
    Ok(())
}

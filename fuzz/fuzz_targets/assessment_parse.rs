//! The assessment file reader on any text. Invariants: no panic; a file read is valid, formats
//! back to a file that reads to the same assessment (parse → format → parse) and formats to the
//! same bytes again, and scores with finite numbers; its name and evidence reach the Markdown, HTML and text outputs escaped.
#![no_main]

use libfuzzer_sys::fuzz_target;
use renxing::report::{html_report, markdown_report, ReportOptions};
use renxing::text::{Renderer, Style};
use renxing::{diagnose, score, Assessment, Framework, Lang};
use renxing_fuzz::{assert_escaped, assert_finite};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let fw = Framework::paper();
    let Ok(a) = Assessment::parse(text, fw) else {
        return;
    };
    let again = Assessment::parse(&a.to_json(), fw).expect("a formatted file reads back");
    assert_eq!(again, a, "parse → format → parse changed the assessment");
    assert_eq!(again.to_json(), a.to_json(), "format is not a fixed point");
    let card = score(&a, fw).expect("a valid assessment scores");
    assert_finite("scorecard", &card);
    let d = diagnose(&a, fw).expect("a valid assessment is diagnosed");
    assert_finite("diagnosis", &d);
    // the same outputs for a harmless name: markup they already contain is not evidence
    let mut neutral = a.clone();
    neutral.name = "x".to_owned();
    let md = Renderer::new(fw, Lang::En, Style::Markdown).diagnosis(&d, Some(&a.name));
    let md_neutral = Renderer::new(fw, Lang::En, Style::Markdown).diagnosis(&d, Some("x"));
    assert_escaped("text markdown", &md, &a.name, &md_neutral);
    let plain = Renderer::new(fw, Lang::Zh, Style::Plain).diagnosis(&d, Some(&a.name));
    assert_escaped("text", &plain, "", "");
    let opts = ReportOptions::new(Lang::En);
    if let Ok(r) = markdown_report(fw, &a, &d, &opts) {
        let n = markdown_report(fw, &neutral, &d, &opts).expect("the same report with the name x");
        assert_escaped("markdown report", &r.markdown, &a.name, &n.markdown);
        assert_eq!(r.charts.len(), n.charts.len(), "the name changed the number of charts");
        for (c, cn) in r.charts.iter().zip(&n.charts) {
            assert_escaped("svg", &c.svg, &a.name, &cn.svg);
        }
    }
    if let Ok(h) = html_report(fw, &a, &d, &opts) {
        let n = html_report(fw, &neutral, &d, &opts).expect("the same report with the name x");
        assert_escaped("html report", &h, &a.name, &n);
    }
});

//! Every word of a Chinese report is Chinese: after the data the user gave (names, ids,
//! evidence sources and notes), the framework's id, the seed files a remedy cites and the chart
//! file names are taken out, no ASCII word is left (issue 14: `聚合方法:mean`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use renxing::report::{markdown_comparison_report, markdown_report, ReportOptions};
use renxing::{case, cases, compare, diagnose, Framework, Lang};

/// ASCII words of two letters or more (numbers and single letters — `A社区`, `#` — aside).
fn ascii_words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    for c in text.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_alphabetic() {
            word.push(c);
        } else {
            if word.len() >= 2 {
                out.push(std::mem::take(&mut word));
            }
            word.clear();
        }
    }
    out
}

fn strip(mut text: String, data: &[String]) -> String {
    let mut data: Vec<&String> = data.iter().filter(|d| !d.is_empty()).collect();
    data.sort_by_key(|d| std::cmp::Reverse(d.len())); // longest first
    for d in data {
        text = text.replace(d.as_str(), " ");
    }
    text
}

fn data_words(fw: &Framework) -> Vec<String> {
    let mut words = vec![fw.id.clone(), "renxing".to_owned()];
    for c in cases() {
        words.push(c.name.clone());
        words.push(c.id.clone());
        for r in c.ratings.values().flatten() {
            for e in &r.evidence {
                words.extend(e.source.clone());
                words.extend(e.quote.clone());
                words.extend(e.note.clone());
            }
        }
    }
    for r in &fw.remedies {
        words.push(r.source.clone());
    }
    // bibliographic references, as the seeds give them (titles, DOIs)
    for c in renxing::timeline::citations() {
        words.push(c.format(Lang::Zh));
        words.extend(c.doi.clone());
        words.extend(c.title_en.clone());
    }
    // chart files a Markdown report links to
    for stem in ["radar", "bars", "table"] {
        words.push(format!("report-{stem}.svg"));
    }
    // as Markdown writes them (`_` escaped)
    let escaped: Vec<String> = words.iter().map(|w| w.replace('_', "\\_")).collect();
    words.extend(escaped);
    words
}

#[test]
fn the_chinese_reports_have_no_english_word() {
    let fw = Framework::paper();
    let data = data_words(fw);
    let mut checked = 0;
    for id in ["a", "b", "c"] {
        let a = case(id).expect("a case");
        let d = diagnose(&a, fw).expect("diagnoses");
        let md = markdown_report(fw, &a, &d, &ReportOptions::new(Lang::Zh)).expect("a report");
        let left = ascii_words(&strip(md.markdown, &data));
        assert!(
            left.is_empty(),
            "case {id}: English words in the zh report: {left:?}"
        );
        checked += 1;
    }
    let all = cases();
    let cmp = compare(&all, fw).expect("compares");
    let md = markdown_comparison_report(fw, &cmp, &ReportOptions::new(Lang::Zh)).expect("a report");
    let left = ascii_words(&strip(md.markdown, &data));
    assert!(
        left.is_empty(),
        "comparison: English words in the zh report: {left:?}"
    );
    assert_eq!(checked, 3);
}

#[test]
fn the_scan_finds_an_english_word() {
    // the test above can fail: a report with `聚合方法:mean` is caught
    assert_eq!(
        ascii_words("聚合方法:mean · 中 (63.9) · A社区"),
        vec!["mean"]
    );
}

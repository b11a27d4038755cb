//! The table reader on any CSV text (layout detected, or wide / long by the first byte).
//! Invariants: no panic; an error lists at most 50 problems; assessments read are valid, and
//! written back as a table (wide and long) they read to the same assessments' ids and levels.
#![no_main]

use libfuzzer_sys::fuzz_target;
use renxing::table::{read_csv, read_records, write, Headers, Layout, WriteOptions};
use renxing::Framework;

fuzz_target!(|data: &[u8]| {
    let Some((first, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let fw = Framework::paper();
    let layout = match first % 3 {
        0 => None,
        1 => Some(Layout::Wide),
        _ => Some(Layout::Long),
    };
    let read = match read_csv(text, fw, layout) {
        Ok(r) => r,
        Err(e) => {
            assert!(e.issues.len() <= renxing::limits::MAX_ISSUES + 1, "{} problems listed", e.issues.len());
            return;
        }
    };
    for a in &read.assessments {
        a.validate(fw).expect("an assessment read from a table is valid");
    }
    for layout in [Layout::Wide, Layout::Long] {
        let out = write(&read.assessments, fw, &WriteOptions { layout, headers: Headers::Ids });
        let rows: Vec<serde_json::Map<String, serde_json::Value>> = out
            .rows
            .iter()
            .map(|r| out.columns.iter().cloned().zip(r.iter().cloned()).collect())
            .collect();
        if rows.is_empty() {
            continue;
        }
        let back = read_records(&rows, fw, Some(layout)).expect("a written table reads back");
        let key = |v: &[renxing::Assessment]| -> Vec<(String, Vec<Option<String>>)> {
            let mut k: Vec<_> = v
                .iter()
                .map(|a| {
                    let levels = fw
                        .dimensions
                        .iter()
                        .map(|d| a.rating(&d.id).map(|r| format!("{:?}", r.value)))
                        .collect();
                    (a.id.clone(), levels)
                })
                .collect();
            k.sort();
            k
        };
        assert_eq!(key(&back.assessments), key(&read.assessments), "{layout:?} round trip");
    }
});

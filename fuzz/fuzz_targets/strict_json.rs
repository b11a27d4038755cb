//! The strict JSON reader on any text. Invariants: no panic (no stack overflow at any depth);
//! what it accepts, serde_json accepts with the same value; the value writes and reads back
//! the same, and its canonical form (keys sorted, canonical numbers) is a fixed point of write →
//! read; what it refuses has a duplicate key, a nesting deeper than the limit, an integer
//! beyond 64 bits that no double holds exactly, or is not JSON for serde_json either.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match renxing::json::parse(text) {
        Ok(v) => {
            let loose: serde_json::Value =
                serde_json::from_str(text).expect("serde_json reads what the strict reader reads");
            assert_eq!(loose, v, "the strict reader's value differs from serde_json's");
            let back = renxing::json::parse(&v.to_string()).expect("written JSON reads back");
            assert_eq!(back, v, "write → read changed the value");
            let mut c = v.clone();
            renxing::json::canonicalize(&mut c);
            let text = renxing::json::to_canonical_pretty(&c).expect("canonical text");
            let mut again = renxing::json::parse(&text).expect("canonical text reads back");
            renxing::json::canonicalize(&mut again);
            assert_eq!(again, c, "canonical write → read changed the value");
            assert_eq!(
                renxing::json::to_canonical_pretty(&again).expect("canonical text"),
                text,
                "canonical text is not a fixed point"
            );
        }
        Err(e) => {
            let m = e.to_string();
            let known = m.contains("duplicate key")
                || m.contains("nesting deeper than")
                || m.contains("does not fit in 64 bits");
            if !known {
                assert!(
                    serde_json::from_str::<serde_json::Value>(text).is_err(),
                    "refused JSON that serde_json reads: {m}"
                );
            }
        }
    }
});

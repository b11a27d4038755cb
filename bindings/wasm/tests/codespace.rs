//! The whole code space of the paper's framework — all 4^8 = 65,536 rows of level codes 0..=3
//! (0 = not rated; row `i` has code `(i >> 2j) & 3` in column `j`) — scored natively with
//! several options, and the FNV-1a digests (32 bits, of the little-endian bytes) of the five
//! output arrays. `tests/codespace.test.mjs` scores the same rows in the WebAssembly build and
//! compares its outputs with these digests: the two targets give the same results bit for bit.
//! Natively the space is scored twice, through the row table (one batch) and through the
//! per-row kernel (batches of 32 rows), and the two must agree.
//! `RENXING_UPDATE_GOLDEN=1 cargo test -p renxing-wasm --test codespace` rewrites
//! `tests/codespace.json` (then review the diff: a digest that changes is a result that changed).

use renxing::{Engine, Framework, ScoreOptions, Unrated};
use serde_json::{json, Value};

const FILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/codespace.json");

/// FNV-1a, 32 bits (as `fnv1a` in tests/codespace.test.mjs).
fn fnv1a(bytes: impl IntoIterator<Item = u8>) -> u32 {
    bytes.into_iter().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

/// The options scored: every method, and weights.
fn configs() -> Vec<Value> {
    vec![
        json!({"method": "mean"}),
        json!({"method": "median"}),
        json!({"method": "minimum"}),
        json!({"method": "capped_mean"}),
        json!({"method": "mean", "dimension_weights": {"rules": 2.5, "it_use": 0.0, "needs_met": 0.3},
               "attribute_weights": {"redundancy": 2.0}}),
        json!({"method": "median", "dimension_weights": {"resident_connectivity": 3.0},
               "attribute_weights": {"robustness": 0.0}}),
    ]
}

#[test]
fn the_paper_code_space_digests() -> Result<(), Box<dyn std::error::Error>> {
    let fw = Framework::paper();
    let d = fw.dimensions.len();
    assert_eq!(d, 8);
    let codes: Vec<u8> = (0..65_536usize)
        .flat_map(|i| (0..d).map(move |j| u8::try_from((i >> (2 * j)) & 3).unwrap_or(0)))
        .collect();
    let mut entries = Vec::new();
    for options in configs() {
        let opts: ScoreOptions = serde_json::from_value(options.clone())?;
        let engine = Engine::new(fw, &opts)?;
        // the whole space in one batch (through the row table) and in batches of 32 rows (the
        // per-row kernel: batches below 64 rows use no table) agree bit for bit
        let out = engine.score_codes_vec_with(&codes, Unrated::ALLOWED)?;
        assert_eq!(out.rows, 65_536);
        let mut parts = Vec::new();
        for chunk in codes.chunks(32 * d) {
            let p = engine.score_codes_vec_with(chunk, Unrated::ALLOWED)?;
            parts.push(p);
        }
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        let cat = |f: &dyn Fn(&renxing::BatchScores) -> Vec<u64>| -> Vec<u64> {
            parts.iter().flat_map(f).collect()
        };
        assert_eq!(cat(&|p| bits(&p.overall_score)), bits(&out.overall_score));
        assert_eq!(
            cat(&|p| bits(&p.attribute_score)),
            bits(&out.attribute_score)
        );
        let ints = |v: &[u8]| v.iter().map(|&x| u64::from(x)).collect::<Vec<_>>();
        assert_eq!(cat(&|p| ints(&p.overall_level)), ints(&out.overall_level));
        assert_eq!(
            cat(&|p| ints(&p.attribute_level)),
            ints(&out.attribute_level)
        );
        assert_eq!(
            cat(&|p| p.rated.iter().map(|&x| u64::from(x)).collect()),
            out.rated.iter().map(|&x| u64::from(x)).collect::<Vec<_>>()
        );
        entries.push(json!({
            "options": options,
            "digests": {
                "overallScore": fnv1a(out.overall_score.iter().flat_map(|x| x.to_le_bytes())),
                "overallLevel": fnv1a(out.overall_level.iter().copied()),
                "attributeScore": fnv1a(out.attribute_score.iter().flat_map(|x| x.to_le_bytes())),
                "attributeLevel": fnv1a(out.attribute_level.iter().copied()),
                "rated": fnv1a(out.rated.iter().flat_map(|x| x.to_le_bytes())),
            },
            // a few values in the clear, so that a changed digest can be traced
            "levels_of_first_rows": out.overall_level[..16].to_vec(),
        }));
    }
    let want = json!({
        "comment": "Written by bindings/wasm/tests/codespace.rs (native), read by tests/codespace.test.mjs (WebAssembly): every row of the paper framework's 4^8 code space (codes 0..=3, 0 = not rated, row i has code (i >> 2j) & 3 in column j), scored with each options object; FNV-1a 32-bit digests of the little-endian bytes of each output array.",
        "rows": 65_536,
        "configs": entries,
    });
    let text = serde_json::to_string_pretty(&want)? + "\n";
    if std::env::var_os("RENXING_UPDATE_GOLDEN").is_some() {
        std::fs::write(FILE, &text)?;
    }
    let found = std::fs::read_to_string(FILE)?;
    assert_eq!(
        serde_json::from_str::<Value>(&found)?,
        want,
        "the native results changed (RENXING_UPDATE_GOLDEN=1 rewrites {FILE})"
    );
    Ok(())
}

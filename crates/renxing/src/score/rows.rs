//! Whole-row tables of level codes: the batch strategy for small code spaces, on every target.
//!
//! When a framework's code space is small — `(k + 1)^d` rows of `d` level codes 0..=k (0 = not
//! rated) at most [`ROWS_MAX`], and at most [`ATTRS_MAX`] attributes — every possible row is
//! scored once, and a batch row is then one index computation and one lookup: its index
//! `Σ code_j · (k + 1)^j` gives the number of its result (rows with the same results share one),
//! and the result's five outputs are copied out. The results are made by the single-assessment
//! aggregation ([`Engine::aggregate_attribute`], [`Engine::aggregate_overall`]), so they are
//! bit-identical to [`Engine::score`]; the tests below compare them with the per-row kernel (and
//! the factorised tables) on every row of the code space and on random frameworks.
//!
//! Where it is used: by the batch paths of level codes ([`Engine::score_codes_with`],
//! [`Engine::score_codes_vec_with`]) whenever the code space qualifies and the batch is large
//! enough (`Engine::code_table` in `batch.rs` decides, by code-space size and batch rows only,
//! the same rule natively and on wasm32). Larger code spaces use the factorised tables of
//! `batch.rs`. Measured in docs/benchmarks.md (issue 16, "seventh session"): natively one thread
//! scores 100,000 paper rows about 2–4× faster this way than through the factorised tables, and
//! V8 runs the one index and one lookup per row close to native speed.

use crate::error::BatchError;

use super::{level_code, score_of, BatchOutput, Engine};

/// The most rows a table covers (`(k + 1)^d`; the paper's 3 levels and 8 dimensions: 4^8).
pub(super) const ROWS_MAX: usize = 65_536;

/// Every row of a code space, scored: `index[i]` is the number of row `i`'s result, and the
/// results are kept column-wise (`attribute_*` with `na` values per result).
#[derive(Debug)]
pub(super) struct RowTable {
    /// `k + 1`.
    base: usize,
    /// Per row index, its result.
    index: Vec<u16>,
    /// The distinct results.
    entries: Vec<Entry>,
}

/// The most attributes a row table serves (the entries hold their values inline).
const ATTRS_MAX: usize = 4;

/// One row's results (attribute values beyond the framework's attributes unused).
#[derive(Clone, Copy, Debug)]
struct Entry {
    overall_score: f64,
    attribute_score: [f64; ATTRS_MAX],
    overall_level: u8,
    attribute_level: [u8; ATTRS_MAX],
    rated: u16,
}

impl RowTable {
    /// The number of rows of the engine's code space, when it is at most [`ROWS_MAX`] and the
    /// engine has at most [`ATTRS_MAX`] attributes (else no row table serves it).
    pub(super) fn size(e: &Engine<'_>) -> Option<usize> {
        if e.dims.is_empty() || e.attr_dims.len() > ATTRS_MAX {
            return None;
        }
        let base = usize::from(e.k) + 1;
        e.dims.iter().try_fold(1usize, |acc, _| {
            acc.checked_mul(base).filter(|s| *s <= ROWS_MAX)
        })
    }

    /// Scores every row of the code space (by attribute group, then by the attributes'
    /// distinct values, as the batch kernel's tables).
    pub(super) fn build(e: &Engine<'_>) -> Option<Self> {
        let size = Self::size(e)?;
        let base = usize::from(e.k) + 1;
        let (d, na) = (e.dims.len(), e.attr_dims.len());
        let mut scratch = Vec::with_capacity(d.max(na));
        let mut values: Vec<Option<f64>> = vec![None; d];
        // per attribute: its positively weighted dimensions, and per combination of their codes
        // (index Σ code · base^j over them) the class of its value; the classes' values
        struct Group {
            cols: Vec<usize>,
            class: Vec<usize>,
            rated: Vec<u16>,
            values: Vec<Option<f64>>,
        }
        let mut groups = Vec::with_capacity(na);
        for a in 0..na {
            let cols: Vec<usize> = e.cols[e.starts[a]..e.starts[a + 1]].to_vec();
            let combos = cols
                .iter()
                .try_fold(1usize, |acc, _| acc.checked_mul(base))?;
            let mut g = Group {
                cols,
                class: Vec::with_capacity(combos),
                rated: Vec::with_capacity(combos),
                values: Vec::new(),
            };
            for gi in 0..combos {
                let (mut rest, mut rated) = (gi, 0u16);
                for &c in &g.cols {
                    let code = u8::try_from(rest % base).ok()?;
                    rest /= base;
                    values[c] = (code > 0).then(|| f64::from(code));
                    rated += u16::from(code > 0);
                }
                let x = e.aggregate_attribute(a, &values, &mut scratch);
                let class = match g.values.iter().position(|v| same(*v, x)) {
                    Some(i) => i,
                    None => {
                        g.values.push(x);
                        g.values.len() - 1
                    }
                };
                g.class.push(class);
                g.rated.push(rated);
            }
            for &c in &g.cols {
                values[c] = None;
            }
            groups.push(g);
        }
        // a result is decided by the attributes' classes and the rated count: numbered densely
        // by `rated + Σ class · place` when there are few such combinations, else by a map
        let mut class_place = Vec::with_capacity(na);
        let mut combos = Some(d + 1);
        for g in &groups {
            class_place.push(combos.unwrap_or(0));
            combos = combos
                .and_then(|c| c.checked_mul(g.values.len().max(1)))
                .filter(|&c| c <= 4 * ROWS_MAX);
        }
        let mut dense: Vec<Option<u16>> = vec![None; combos.unwrap_or(0)];
        let mut map: std::collections::HashMap<(Vec<usize>, u16), u16> =
            std::collections::HashMap::new();
        let mut t = RowTable {
            base,
            index: Vec::with_capacity(size),
            entries: Vec::new(),
        };
        let mut attr = vec![None; na];
        let mut class = vec![0usize; na];
        let mut digits = vec![0usize; d];
        for row in 0..size {
            if row > 0 {
                // the next row's codes (an odometer over the dimensions, lowest place first)
                for digit in &mut digits {
                    *digit += 1;
                    if *digit < base {
                        break;
                    }
                    *digit = 0;
                }
            }
            let mut rated = 0u16;
            for (a, g) in groups.iter().enumerate() {
                let gi = g
                    .cols
                    .iter()
                    .rev()
                    .fold(0usize, |acc, &c| acc * base + digits[c]);
                class[a] = *g.class.get(gi)?;
                rated += g.rated[gi];
                attr[a] = g.values[class[a]];
            }
            let slot = combos.map(|_| {
                usize::from(rated)
                    + class
                        .iter()
                        .zip(&class_place)
                        .map(|(c, p)| c * p)
                        .sum::<usize>()
            });
            let known = match slot {
                Some(i) => dense[i],
                None => map.get(&(class.clone(), rated)).copied(),
            };
            let id = match known {
                Some(id) => id,
                None => {
                    let id = u16::try_from(t.entries.len()).ok()?;
                    let overall = e.aggregate_overall(&attr, &mut scratch);
                    let mut entry = Entry {
                        overall_score: overall.map_or(f64::NAN, |x| score_of(x, e.k)),
                        attribute_score: [0.0; ATTRS_MAX],
                        overall_level: overall.map_or(0, |x| level_code(x, e.k)),
                        attribute_level: [0; ATTRS_MAX],
                        rated,
                    };
                    for (a, x) in attr.iter().enumerate() {
                        entry.attribute_score[a] = x.map_or(f64::NAN, |x| score_of(x, e.k));
                        entry.attribute_level[a] = x.map_or(0, |x| level_code(x, e.k));
                    }
                    t.entries.push(entry);
                    match slot {
                        Some(i) => dense[i] = Some(id),
                        None => {
                            map.insert((class.clone(), rated), id);
                        }
                    }
                    id
                }
            };
            t.index.push(id);
        }
        Some(t)
    }
}

/// Two optional values with the same bits.
fn same(a: Option<f64>, b: Option<f64>) -> bool {
    a.map(f64::to_bits) == b.map(f64::to_bits)
}

/// Rows scored per block (outputs the caller did not ask for go to a block-sized scratch).
const BLOCK: usize = 512;

/// Scores every row by its index (output lengths checked by the caller; a bad code's row is
/// counted from the start of `codes`).
pub(super) fn lookup(
    e: &Engine<'_>,
    t: &RowTable,
    codes: &[u8],
    allowed: bool,
    out: &mut BatchOutput<'_>,
) -> Result<(), BatchError> {
    match (e.dims.len(), e.k, e.attr_dims.len()) {
        // the paper's shape (8 dimensions, 3 levels, 3 attributes): the index of 8 codes at once
        (8, 3, 3) => lookup_n::<true, 3>(e, t, codes, allowed, out),
        (8, 3, 2) => lookup_n::<true, 2>(e, t, codes, allowed, out),
        (8, 3, 4) => lookup_n::<true, 4>(e, t, codes, allowed, out),
        (_, _, 1) => lookup_n::<false, 1>(e, t, codes, allowed, out),
        (_, _, 2) => lookup_n::<false, 2>(e, t, codes, allowed, out),
        (_, _, 3) => lookup_n::<false, 3>(e, t, codes, allowed, out),
        _ => lookup_n::<false, 4>(e, t, codes, allowed, out),
    }
}

/// The index of a row of 8 codes 0..=3, `Σ code_j · 4^j`, when every code is in `lo..=3`.
#[inline(always)]
fn index8(row: [u8; 8], lo: u8) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let x = u64::from_le_bytes(row);
    // a byte above 3; with `lo` = 1, a zero byte (exact for "any byte is zero")
    let high = x & 0xFCFC_FCFC_FCFC_FCFC;
    let zero = x.wrapping_sub(ONES) & !x & (ONES << 7) & (u64::from(lo) * u64::MAX);
    if high | zero != 0 {
        return None;
    }
    // gather the 2-bit codes: byte j's code to bits 2j..2j+2
    let mut i = x;
    i = (i | (i >> 6)) & 0x000F_000F_000F_000F;
    i = (i | (i >> 12)) & 0x0000_00FF_0000_00FF;
    i = (i | (i >> 24)) & 0xFFFF;
    usize::try_from(i).ok()
}

/// [`lookup`] for `NA` attributes; `EIGHT`: 8 dimensions of 3 levels.
fn lookup_n<const EIGHT: bool, const NA: usize>(
    e: &Engine<'_>,
    t: &RowTable,
    codes: &[u8],
    allowed: bool,
    out: &mut BatchOutput<'_>,
) -> Result<(), BatchError> {
    let d = e.dims.len();
    // a code is good when `code - lo` (wrapping) is at most `span`
    let lo = u8::from(!allowed);
    let span = e.k - lo;
    // place values (d ≤ 16: a table has at most 2^16 rows and at least 2 codes a dimension)
    let mut place = [0usize; 16];
    let mut p = 1usize;
    for slot in place.iter_mut().take(d) {
        *slot = p;
        p = p.saturating_mul(t.base);
    }
    let place = &place[..d.min(16)];
    // outputs the caller did not ask for go to scratch, a block at a time
    let mut scratch_as = [0.0f64; BLOCK * ATTRS_MAX];
    let mut scratch_al = [0u8; BLOCK * ATTRS_MAX];
    let mut scratch_r = [0u16; BLOCK];
    let rows = codes.len() / d.max(1);
    let mut start = 0;
    while start < rows {
        let end = rows.min(start + BLOCK);
        let m = end - start;
        let input = &codes[start * d..end * d];
        let os = &mut out.overall_score[start..end];
        let ol = &mut out.overall_level[start..end];
        let asc = match out.attribute_score.as_deref_mut() {
            Some(s) => &mut s[start * NA..end * NA],
            None => &mut scratch_as[..m * NA],
        };
        let al = match out.attribute_level.as_deref_mut() {
            Some(s) => &mut s[start * NA..end * NA],
            None => &mut scratch_al[..m * NA],
        };
        let ra = match out.rated.as_deref_mut() {
            Some(s) => &mut s[start..end],
            None => &mut scratch_r[..m],
        };
        let rows_out = input
            .chunks_exact(d)
            .zip(os.iter_mut())
            .zip(ol.iter_mut())
            .zip(asc.chunks_exact_mut(NA))
            .zip(al.chunks_exact_mut(NA))
            .zip(ra.iter_mut());
        for (r, (((((row, os), ol), asc), al), ra)) in rows_out.enumerate() {
            let i = if EIGHT {
                <[u8; 8]>::try_from(row)
                    .ok()
                    .and_then(|row| index8(row, lo))
            } else {
                let mut ok = true;
                let mut i = 0usize;
                for (&c, &pl) in row.iter().zip(place) {
                    ok &= c.wrapping_sub(lo) <= span;
                    i += usize::from(c) * pl;
                }
                ok.then_some(i)
            };
            let Some(entry) = i
                .and_then(|i| t.index.get(i))
                .and_then(|&id| t.entries.get(usize::from(id)))
            else {
                return Err(e.bad_cell(row, start + r, allowed));
            };
            *os = entry.overall_score;
            *ol = entry.overall_level;
            *ra = entry.rated;
            asc.copy_from_slice(&entry.attribute_score[..NA]);
            al.copy_from_slice(&entry.attribute_level[..NA]);
        }
        start = end;
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use proptest::prelude::*;

    use std::sync::Arc;

    use super::super::batch::tests::framework;
    use super::super::batch::{CodeTable, Tables};
    use super::super::{BatchScores, Method, Unrated};
    use super::*;
    use crate::{Framework, ScoreOptions};

    /// A batch result as bits: overall and attribute scores, levels, rated counts.
    type Bits<'a> = (Vec<u64>, &'a [u8], Vec<u64>, &'a [u8], &'a [u16]);

    /// The batch outputs as bits (NaN compared by bits too: the single path makes one NaN).
    fn bits(s: &BatchScores) -> Bits<'_> {
        (
            s.overall_score.iter().map(|x| x.to_bits()).collect(),
            &s.overall_level,
            s.attribute_score.iter().map(|x| x.to_bits()).collect(),
            &s.attribute_level,
            &s.rated,
        )
    }

    /// The per-row kernel (no tables) on `codes`, checked against the factorised tables where
    /// they can be built.
    fn kernel(e: &Engine<'_>, codes: &[u8], allowed: bool) -> Result<BatchScores, BatchError> {
        let want = e.score_codes_through(codes, allowed, None);
        if let Some(t) = CodeTable::build(e) {
            let parts = e.score_codes_through(codes, allowed, Some(&Tables::Parts(Arc::new(t))));
            match (&want, &parts) {
                (Ok(w), Ok(p)) => assert_eq!(bits(w), bits(p), "the factorised tables"),
                (w, p) => assert_eq!(format!("{w:?}"), format!("{p:?}")),
            }
        }
        want
    }

    /// Every row of a code space (codes 0..=k, lowest place first).
    fn every_row(k: u8, d: usize) -> Vec<u8> {
        let base = usize::from(k) + 1;
        let size = base.pow(u32::try_from(d).unwrap());
        let mut codes = Vec::with_capacity(size * d);
        for i in 0..size {
            let mut rest = i;
            for _ in 0..d {
                codes.push(u8::try_from(rest % base).unwrap());
                rest /= base;
            }
        }
        codes
    }

    /// Through the public path, which must take the row table (the batch is large enough).
    fn rows(e: &Engine<'_>, codes: &[u8], unrated: Unrated<'_>) -> Result<BatchScores, BatchError> {
        assert!(matches!(
            e.code_table_for(codes.len() / e.dims.len()),
            Some(Tables::Rows(_))
        ));
        e.score_codes_vec_with(codes, unrated)
    }

    #[test]
    fn every_row_of_the_paper_code_space_is_the_kernel_s() {
        // 4^8 rows: every combination of codes 0..=3 (0 = not rated), each method
        let fw = Framework::paper();
        let codes = every_row(3, fw.dimensions.len());
        assert_eq!(codes.len(), ROWS_MAX * 8);
        for &method in Method::ALL {
            let e = Engine::new(fw, &ScoreOptions::method(method)).unwrap();
            let t = RowTable::build(&e).unwrap();
            assert_eq!(t.index.len(), ROWS_MAX);
            let want = kernel(&e, &codes, true).unwrap();
            let got = rows(&e, &codes, Unrated::ALLOWED).unwrap();
            assert_eq!(bits(&got), bits(&want), "{method:?}");
            assert_eq!(
                (got.rows, got.attributes, got.total),
                (want.rows, want.attributes, want.total)
            );
            // into caller buffers, as `Engine::score_codes_with` does
            let mut into = want.clone();
            into.overall_score.fill(-1.0);
            into.attribute_level.fill(9);
            let mut out = BatchOutput {
                overall_score: &mut into.overall_score,
                overall_level: &mut into.overall_level,
                attribute_score: Some(&mut into.attribute_score),
                attribute_level: Some(&mut into.attribute_level),
                rated: None,
            };
            e.score_codes_with(&codes, Unrated::ALLOWED, &mut out)
                .unwrap();
            assert_eq!(bits(&into), bits(&want));
            // the paper's 3 attributes take few distinct results
            assert!(t.entries.len() < 5_000, "{}", t.entries.len());
        }
    }

    #[test]
    fn bad_codes_are_reported_as_the_kernel_reports_them() {
        let fw = Framework::paper();
        let e = Engine::new(fw, &ScoreOptions::default()).unwrap();
        let t = RowTable::build(&e).unwrap();
        let mut codes = vec![2u8; 8 * 100];
        for (at, value) in [
            (8 * 57 + 3, 4u8),
            (8 * 57 + 5, 0),
            (8 * 99 + 7, 200),
            (3, 0),
        ] {
            let mut c = codes.clone();
            c[at] = value;
            for unrated in [Unrated::REFUSED, Unrated::ALLOWED] {
                let want = kernel(&e, &c, unrated.allowed).map(|s| bits(&s).0);
                let got = lookup_vec(&e, &t, &c, unrated.allowed).map(|s| bits(&s).0);
                match (&want, &got) {
                    (Err(w), Err(g)) => assert_eq!(w, g),
                    (Ok(w), Ok(g)) => assert_eq!(w, g),
                    _ => panic!("{want:?} vs {got:?}"),
                }
            }
        }
        codes[8 * 57 + 3] = 4;
        codes[8 * 57 + 1] = 0;
        let err = lookup_vec(&e, &t, &codes, false).unwrap_err();
        assert!(
            matches!(
                err,
                BatchError::LevelCode {
                    row: 57,
                    column: 1,
                    value: 0,
                    max: 3,
                    ..
                }
            ),
            "{err:?}"
        );
        let err = lookup_vec(&e, &t, &codes, true).unwrap_err();
        assert!(
            matches!(
                err,
                BatchError::LevelCode {
                    row: 57,
                    column: 3,
                    value: 4,
                    max: 3,
                    ..
                }
            ),
            "{err:?}"
        );
    }

    #[test]
    fn masks_and_unrated_codes_take_the_row_table_too() {
        // a mask's cells are set unrated (code 0) and the copy is looked up by whole rows
        let fw = Framework::paper();
        let e = Engine::new(fw, &ScoreOptions::default()).unwrap();
        let codes = every_row(3, 8);
        let nonzero: Vec<u8> = codes.iter().map(|&c| c.max(1)).collect();
        let mask: Vec<bool> = codes.iter().map(|&c| c > 0).collect();
        let got = rows(&e, &nonzero, Unrated::mask(&mask)).unwrap();
        let want = kernel(&e, &codes, true).unwrap();
        assert_eq!(bits(&got), bits(&want));
        assert_eq!(RowTable::size(&e), Some(ROWS_MAX));
    }

    #[test]
    fn the_index_of_eight_codes_is_the_sum_of_place_values() {
        for (row, lo, want) in [
            ([0u8; 8], 0, Some(0)),
            ([0u8; 8], 1, None),
            ([3u8; 8], 1, Some(65_535)),
            (
                [1, 2, 3, 0, 1, 2, 3, 1],
                0,
                Some(1 + 2 * 4 + 3 * 16 + 256 + 2 * 1_024 + 3 * 4_096 + 16_384),
            ),
            ([1, 2, 3, 0, 1, 2, 3, 1], 1, None),
            ([1, 1, 1, 1, 1, 1, 1, 4], 0, None),
            ([255, 1, 1, 1, 1, 1, 1, 1], 1, None),
            ([1, 1, 1, 1, 1, 1, 1, 0x81], 0, None),
        ] {
            let naive = row.iter().all(|&c| c >= lo && c <= 3).then(|| {
                row.iter()
                    .rev()
                    .fold(0usize, |acc, &c| acc * 4 + usize::from(c))
            });
            assert_eq!(index8(row, lo), naive, "{row:?}");
            if let Some(w) = want {
                assert_eq!(naive, Some(w), "{row:?}");
            }
        }
        // every byte value in every position, both floors
        for pos in 0..8 {
            for v in 0..=255u8 {
                for lo in [0, 1] {
                    let mut row = [2u8; 8];
                    row[pos] = v;
                    let naive = (v >= lo && v <= 3).then(|| {
                        row.iter()
                            .rev()
                            .fold(0usize, |acc, &c| acc * 4 + usize::from(c))
                    });
                    assert_eq!(index8(row, lo), naive, "{row:?} {lo}");
                }
            }
        }
    }

    fn setup() -> impl Strategy<Value = (u8, Vec<usize>, Vec<f64>, Vec<f64>, Method)> {
        (
            2u8..=4,
            prop::collection::vec(1usize..=3, 1..=4),
            prop::collection::vec(
                prop_oneof![1 => Just(0.0), 1 => Just(1.0), 3 => 0.01f64..10.0],
                1..=12,
            ),
            prop::collection::vec(prop_oneof![1 => Just(0.0), 3 => 0.01f64..10.0], 4),
            prop::sample::select(Method::ALL.to_vec()),
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// On random frameworks with small code spaces (weights 0 included, every method),
        /// every row of the code space through the row table equals the kernel bit for bit.
        #[test]
        fn row_tables_are_the_kernel((k, sizes, dim_w, mut attr_w, method) in setup()) {
            if attr_w[..sizes.len()].iter().all(|w| *w == 0.0) {
                attr_w[0] = 1.0;
            }
            let n: usize = sizes.iter().sum();
            let base = usize::from(k) + 1;
            prop_assume!(base.pow(u32::try_from(n).unwrap()) <= ROWS_MAX);
            // no group all zero
            let mut dim_w: Vec<f64> = (0..n).map(|j| dim_w[j % dim_w.len()]).collect();
            let mut i = 0;
            for &s in &sizes {
                if dim_w[i..i + s].iter().all(|w| *w == 0.0) {
                    dim_w[i] = 1.0;
                }
                i += s;
            }
            let fw = framework(k, &sizes, &dim_w, &attr_w);
            let e = Engine::new(&fw, &ScoreOptions::method(method)).unwrap();
            let codes = every_row(k, n);
            // more than one block of the lookup: repeat the space
            let mut input = codes.clone();
            while input.len() < n * 1_100 {
                input.extend_from_slice(&codes);
            }
            let t = RowTable::build(&e).unwrap();
            prop_assert_eq!(t.index.len(), codes.len() / n);
            let want = kernel(&e, &input, true).unwrap();
            let got = lookup_vec(&e, &t, &input, true).unwrap();
            prop_assert_eq!(bits(&got), bits(&want));
            // codes 0 refused: the first row holding one is reported
            let want = kernel(&e, &input, false).map(|s| bits(&s).0);
            let got = lookup_vec(&e, &t, &input, false).map(|s| bits(&s).0);
            prop_assert_eq!(format!("{want:?}"), format!("{got:?}"));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        /// 8 dimensions of 3 levels (the eight-codes index) in 2 to 4 attributes of any sizes,
        /// random weights and methods: every row of the 4^8 code space equals the kernel.
        #[test]
        fn eight_dimension_tables_are_the_kernel(
            cuts in prop::collection::btree_set(1usize..8, 1..=3),
            dim_w in prop::collection::vec(prop_oneof![1 => Just(0.0), 1 => Just(1.0), 3 => 0.01f64..10.0], 8),
            attr_w in prop::collection::vec(prop_oneof![1 => Just(0.0), 3 => 0.01f64..10.0], 4),
            method in prop::sample::select(Method::ALL.to_vec()),
        ) {
            let mut bounds: Vec<usize> = cuts.into_iter().collect();
            bounds.insert(0, 0);
            bounds.push(8);
            let sizes: Vec<usize> = bounds.windows(2).map(|w| w[1] - w[0]).collect();
            let mut dim_w = dim_w;
            for w in bounds.windows(2) {
                if dim_w[w[0]..w[1]].iter().all(|x| *x == 0.0) {
                    dim_w[w[0]] = 1.0;
                }
            }
            let mut attr_w = attr_w[..sizes.len()].to_vec();
            if attr_w.iter().all(|w| *w == 0.0) {
                attr_w[0] = 1.0;
            }
            let fw = framework(3, &sizes, &dim_w, &attr_w);
            let e = Engine::new(&fw, &ScoreOptions::method(method)).unwrap();
            let codes = every_row(3, 8);
            let t = RowTable::build(&e).unwrap();
            let want = kernel(&e, &codes, true).unwrap();
            let got = lookup_vec(&e, &t, &codes, true).unwrap();
            prop_assert_eq!(bits(&got), bits(&want));
            let want = kernel(&e, &codes, false).map(|s| bits(&s).0);
            let got = lookup_vec(&e, &t, &codes, false).map(|s| bits(&s).0);
            prop_assert_eq!(format!("{want:?}"), format!("{got:?}"));
        }
    }

    /// The lookup into fresh arrays with a given table.
    fn lookup_vec(
        e: &Engine<'_>,
        t: &RowTable,
        codes: &[u8],
        allowed: bool,
    ) -> Result<BatchScores, BatchError> {
        let rows = codes.len() / e.dims.len();
        let na = e.attr_dims.len();
        let mut res = BatchScores::zeroed(rows, na, e.rated_total());
        let mut out = res.as_output();
        lookup(e, t, codes, allowed, &mut out).map(|()| res)
    }
}

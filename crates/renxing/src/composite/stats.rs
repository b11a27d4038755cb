//! Column statistics over a row-major matrix as **partial statistics per chunk + combine +
//! finish**, so the first pass can run over chunks (e.g. as Dask reductions) and be combined
//! in a fixed order.
//!
//! * [`ColumnSummary`]: count, shifted sum, shifted sum of squares, min, max, zeros per column
//!   (one pass; mergeable). The sums are of `x − K_j` with a per-column shift `K_j` (the first
//!   row's value when finite), which keeps the variance accurate for data far from zero.
//! * [`CentralMoments`]: n, mean, M2, M3, M4 per column (mergeable with the pairwise formulas of
//!   Chan, Golub & LeVeque 1979 and Pébay 2008); the skewness and kurtosis of COINr.
//! * [`EntropyPartials`]: Σx and Σ x ln x per column (mergeable), the entropy weights' pass.
//!
//! Also: COINr's skewness and kurtosis of a slice, quantiles (R type 7) and ranks.
//!
//! **Chunks.** Every whole-matrix statistic here is computed over fixed chunks of
//! [`CHUNK_ROWS`] rows: each chunk's partial statistics are computed on their own (on as many
//! threads as are available, see [`ColumnSummary::of_threads`]) and merged in chunk order. The
//! chunk boundaries do not depend on the number of threads, so neither does any result, bit
//! for bit; a matrix of at most [`CHUNK_ROWS`] rows is one chunk (one sequential pass). The same
//! partial + merge types are what a chunked front end (e.g. Dask) computes per block and
//! combines: `update` one block, `merge` the blocks in row order, then read the statistic.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Rows per chunk of the chunked whole-matrix passes (see the module documentation).
pub const CHUNK_ROWS: usize = 16_384;

/// The row ranges `[start, end)` of the fixed chunks of `n` rows.
#[must_use]
pub fn chunk_ranges(n: usize) -> Vec<(usize, usize)> {
    (0..n.div_ceil(CHUNK_ROWS))
        .map(|b| (b * CHUNK_ROWS, ((b + 1) * CHUNK_ROWS).min(n)))
        .collect()
}

/// Partial column statistics of a row-major matrix chunk (NaN = missing, skipped).
///
/// The mergeable column statistics of the pipeline: availability counts, sums and sums of
/// squares (imputation means, z-scores, standard deviations, TOPSIS vector norms), minima and
/// maxima (min–max, ideals), zeros. `update` a chunk, `merge` chunks in row order.
///
/// ```
/// use renxing::composite::ColumnSummary;
/// // 4 rows × 2 columns in two chunks of 2 rows, merged in row order
/// let x = [1.0, 10.0, 2.0, f64::NAN, 3.0, 30.0, 4.0, 40.0];
/// let shift = ColumnSummary::shifts_from_first_row(&x, 2);
/// let mut a = ColumnSummary::new(shift.clone());
/// a.update(&x[..4]);
/// let mut b = ColumnSummary::new(shift);
/// b.update(&x[4..]);
/// a.merge(&b);
/// assert_eq!(a.count, vec![4, 3]);
/// assert_eq!(a.mean(0), 2.5);
/// assert_eq!((a.min[1], a.max[1]), (10.0, 40.0));
/// assert_eq!(a, ColumnSummary::of(&x, 2));
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ColumnSummary {
    /// The per-column shift K_j the sums are taken about (must be equal across merged chunks).
    pub shift: Vec<f64>,
    /// Non-missing count per column.
    pub count: Vec<u64>,
    /// Σ (x − K_j) per column.
    pub sum: Vec<f64>,
    /// Σ (x − K_j)² per column.
    pub sum_sq: Vec<f64>,
    /// Minimum per column (+∞ when none).
    pub min: Vec<f64>,
    /// Maximum per column (−∞ when none).
    pub max: Vec<f64>,
    /// Number of exact zeros per column.
    pub zeros: Vec<u64>,
    /// Number of rows seen.
    pub rows: u64,
}

impl ColumnSummary {
    /// An empty summary for `m` columns with shifts `shift` (length m).
    #[must_use]
    pub fn new(shift: Vec<f64>) -> Self {
        let m = shift.len();
        ColumnSummary {
            shift,
            count: vec![0; m],
            sum: vec![0.0; m],
            sum_sq: vec![0.0; m],
            min: vec![f64::INFINITY; m],
            max: vec![f64::NEG_INFINITY; m],
            zeros: vec![0; m],
            rows: 0,
        }
    }

    /// The shifts to use for a matrix: each column's first non-missing value in the first row
    /// (0 where the first row is missing). Use the same shifts for every chunk.
    #[must_use]
    pub fn shifts_from_first_row(values: &[f64], m: usize) -> Vec<f64> {
        (0..m)
            .map(|j| match values.get(j) {
                Some(v) if v.is_finite() => *v,
                _ => 0.0,
            })
            .collect()
    }

    /// Adds the rows of a row-major chunk (`values.len()` a multiple of m).
    pub fn update(&mut self, values: &[f64]) {
        let m = self.shift.len();
        if m == 0 {
            return;
        }
        // slices of exactly m, so that the column loop has no bounds checks
        let shift = &self.shift[..m];
        let count = &mut self.count[..m];
        let sum = &mut self.sum[..m];
        let sum_sq = &mut self.sum_sq[..m];
        let min = &mut self.min[..m];
        let max = &mut self.max[..m];
        let zeros = &mut self.zeros[..m];
        for row in values.chunks_exact(m) {
            self.rows += 1;
            let row = &row[..m];
            // (a branch on the rare missing value measured faster here than selects)
            for j in 0..m {
                let x = row[j];
                if x.is_nan() {
                    continue;
                }
                let d = x - shift[j];
                count[j] += 1;
                sum[j] += d;
                sum_sq[j] += d * d;
                if x < min[j] {
                    min[j] = x;
                }
                if x > max[j] {
                    max[j] = x;
                }
                if x == 0.0 {
                    zeros[j] += 1;
                }
            }
        }
    }

    /// A summary of a whole matrix: one pass over fixed chunks of [`CHUNK_ROWS`] rows merged
    /// in order (the same numbers as [`ColumnSummary::of_threads`] on any number of threads).
    #[must_use]
    pub fn of(values: &[f64], m: usize) -> Self {
        Self::of_threads(values, m, 1)
    }

    /// As [`ColumnSummary::of`], the chunks on up to `threads` threads (1 on wasm32); the
    /// result does not depend on `threads`.
    #[must_use]
    pub fn of_threads(values: &[f64], m: usize, threads: usize) -> Self {
        let shift = Self::shifts_from_first_row(values, m);
        Self::of_shifted(values, shift, threads)
    }

    /// As [`ColumnSummary::of_threads`] with given shifts.
    #[must_use]
    pub fn of_shifted(values: &[f64], shift: Vec<f64>, threads: usize) -> Self {
        let m = shift.len();
        let mut total = ColumnSummary::new(shift);
        if m == 0 {
            return total;
        }
        let n = values.len() / m;
        let ranges = chunk_ranges(n);
        let parts = crate::par::map_blocks(ranges.len(), threads, |b| {
            let (s, e) = ranges[b];
            let mut p = ColumnSummary::new(total.shift.clone());
            p.update(&values[s * m..e * m]);
            p
        });
        for p in &parts {
            total.merge(p);
        }
        total
    }

    /// Merges another chunk's summary (same shifts) into this one. Merge chunks in row order
    /// for results independent of the chunking up to the order of floating-point addition.
    pub fn merge(&mut self, other: &ColumnSummary) {
        for j in 0..self.shift.len().min(other.shift.len()) {
            self.count[j] += other.count[j];
            self.sum[j] += other.sum[j];
            self.sum_sq[j] += other.sum_sq[j];
            self.min[j] = self.min[j].min(other.min[j]);
            self.max[j] = self.max[j].max(other.max[j]);
            self.zeros[j] += other.zeros[j];
        }
        self.rows += other.rows;
    }

    /// Mean of column j (NaN when no values).
    #[must_use]
    pub fn mean(&self, j: usize) -> f64 {
        if self.count[j] == 0 {
            return f64::NAN;
        }
        self.shift[j] + self.sum[j] / self.count[j] as f64
    }

    /// Sample variance (divisor n − 1) of column j (NaN when fewer than 2 values).
    #[must_use]
    pub fn var(&self, j: usize) -> f64 {
        let n = self.count[j] as f64;
        if self.count[j] < 2 {
            return f64::NAN;
        }
        let v = (self.sum_sq[j] - self.sum[j] * self.sum[j] / n) / (n - 1.0);
        v.max(0.0)
    }

    /// Sample standard deviation (divisor n − 1) of column j.
    #[must_use]
    pub fn sd(&self, j: usize) -> f64 {
        self.var(j).sqrt()
    }
}

/// Mergeable central moments of one column.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CentralMoments {
    /// Count.
    pub n: f64,
    /// Mean.
    pub mean: f64,
    /// Σ (x − mean)².
    pub m2: f64,
    /// Σ (x − mean)³.
    pub m3: f64,
    /// Σ (x − mean)⁴.
    pub m4: f64,
}

impl CentralMoments {
    /// Moments of a slice by two passes (mean, then deviations); NaN skipped.
    #[must_use]
    pub fn of(xs: &[f64]) -> Self {
        let mut n = 0.0;
        let mut s = 0.0;
        for &x in xs {
            if !x.is_nan() {
                n += 1.0;
                s += x;
            }
        }
        if n == 0.0 {
            return CentralMoments::default();
        }
        let mean = s / n;
        let (mut m2, mut m3, mut m4) = (0.0, 0.0, 0.0);
        for &x in xs {
            if !x.is_nan() {
                let d = x - mean;
                let d2 = d * d;
                m2 += d2;
                m3 += d2 * d;
                m4 += d2 * d2;
            }
        }
        CentralMoments {
            n,
            mean,
            m2,
            m3,
            m4,
        }
    }

    /// Combines two sets of moments (Pébay 2008, eqs. 2.1–2.3).
    #[must_use]
    pub fn merge(&self, b: &CentralMoments) -> CentralMoments {
        let a = self;
        if a.n == 0.0 {
            return *b;
        }
        if b.n == 0.0 {
            return *a;
        }
        let n = a.n + b.n;
        let d = b.mean - a.mean;
        let d2 = d * d;
        let mean = a.mean + d * b.n / n;
        let m2 = a.m2 + b.m2 + d2 * a.n * b.n / n;
        let m3 = a.m3
            + b.m3
            + d * d2 * a.n * b.n * (a.n - b.n) / (n * n)
            + 3.0 * d * (a.n * b.m2 - b.n * a.m2) / n;
        let m4 = a.m4
            + b.m4
            + d2 * d2 * a.n * b.n * (a.n * a.n - a.n * b.n + b.n * b.n) / (n * n * n)
            + 6.0 * d2 * (a.n * a.n * b.m2 + b.n * b.n * a.m2) / (n * n)
            + 4.0 * d * (a.n * b.m3 - b.n * a.m3) / n;
        CentralMoments {
            n,
            mean,
            m2,
            m3,
            m4,
        }
    }

    /// COINr's `skew()` (= e1071 `skewness(type = 2)`, Excel's SKEW):
    /// G1 = g1 √(n(n−1))/(n−2), g1 = √n M3 / M2^{3/2}. NaN when n < 3 or M2 = 0.
    #[must_use]
    pub fn skewness(&self) -> f64 {
        let n = self.n;
        if n < 3.0 || self.m2 <= 0.0 {
            return f64::NAN;
        }
        let g1 = n.sqrt() * self.m3 / (self.m2 * self.m2.sqrt());
        g1 * (n * (n - 1.0)).sqrt() / (n - 2.0)
    }

    /// COINr's `kurt()` (= e1071 `kurtosis(type = 2)`, Excel's KURT, an *excess* kurtosis):
    /// r = n M4 / M2², G2 = ((n+1)(r−3) + 6)(n−1)/((n−2)(n−3)). NaN when n < 4 or M2 = 0.
    #[must_use]
    pub fn kurtosis(&self) -> f64 {
        let n = self.n;
        if n < 4.0 || self.m2 <= 0.0 {
            return f64::NAN;
        }
        let r = n * self.m4 / (self.m2 * self.m2);
        ((n + 1.0) * (r - 3.0) + 6.0) * (n - 1.0) / ((n - 2.0) * (n - 3.0))
    }
}

/// Mergeable partial sums for entropy weights: per column Σx and Σ x ln x (0 ln 0 = 0).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct EntropyPartials {
    /// Σ x per column.
    pub sum: Vec<f64>,
    /// Σ x ln x per column.
    pub sum_xlnx: Vec<f64>,
    /// Rows seen.
    pub rows: u64,
}

impl EntropyPartials {
    /// Empty partials for m columns.
    #[must_use]
    pub fn new(m: usize) -> Self {
        EntropyPartials {
            sum: vec![0.0; m],
            sum_xlnx: vec![0.0; m],
            rows: 0,
        }
    }

    /// Adds a row-major chunk (values must be ≥ 0 and not NaN; checked by the caller).
    pub fn update(&mut self, values: &[f64], shift: f64) {
        let m = self.sum.len();
        if m == 0 {
            return;
        }
        // slices of exactly m, so that the column loop has no bounds checks
        let sum = &mut self.sum[..m];
        let sum_xlnx = &mut self.sum_xlnx[..m];
        let values = &values[..values.len() / m * m];
        // The logarithms of a block of rows at a time, through two small buffers, with the
        // vectorised `ln_into` (bit for bit `libm::log`); values ≤ 0 (not summed) are logged
        // as 1 so the block stays on its branch-free path. The sums are the same operations in
        // the same order as one `x * libm::log(x)` per value.
        let block = (1024 / m).max(1) * m;
        let mut xs = vec![0.0; block.min(values.len())];
        let mut ls = vec![0.0; xs.len()];
        for b in values.chunks(block) {
            let (xs, ls) = (&mut xs[..b.len()], &mut ls[..b.len()]);
            for (a, &v) in xs.iter_mut().zip(b) {
                let x = v + shift;
                *a = if x > 0.0 { x } else { 1.0 };
            }
            crate::fastmath::ln_into(ls, xs);
            for (row, lrow) in b.chunks_exact(m).zip(ls.chunks_exact(m)) {
                self.rows += 1;
                let (row, lrow) = (&row[..m], &lrow[..m]);
                for j in 0..m {
                    let x = row[j] + shift;
                    sum[j] += x;
                    if x > 0.0 {
                        sum_xlnx[j] += x * lrow[j];
                    }
                }
            }
        }
    }

    /// The partials of a whole matrix (values ≥ 0 after `shift`, not NaN; checked by the
    /// caller) over fixed chunks of [`CHUNK_ROWS`] rows merged in order, on up to `threads`
    /// threads; the result does not depend on `threads`.
    #[must_use]
    pub fn of_threads(values: &[f64], m: usize, shift: f64, threads: usize) -> Self {
        let mut total = EntropyPartials::new(m);
        if m == 0 {
            return total;
        }
        let ranges = chunk_ranges(values.len() / m);
        let parts = crate::par::map_blocks(ranges.len(), threads, |b| {
            let (s, e) = ranges[b];
            let mut p = EntropyPartials::new(m);
            p.update(&values[s * m..e * m], shift);
            p
        });
        for p in &parts {
            total.merge(p);
        }
        total
    }

    /// Merges another chunk's partials.
    pub fn merge(&mut self, other: &EntropyPartials) {
        for j in 0..self.sum.len().min(other.sum.len()) {
            self.sum[j] += other.sum[j];
            self.sum_xlnx[j] += other.sum_xlnx[j];
        }
        self.rows += other.rows;
    }

    /// The entropy e_j = −(1/ln n) Σ p ln p with p = x/S: Σ p ln p = (Σ x ln x)/S − ln S.
    #[must_use]
    pub fn entropy(&self, j: usize) -> f64 {
        let s = self.sum[j];
        let n = self.rows as f64;
        if s <= 0.0 || n < 2.0 {
            return f64::NAN;
        }
        let plnp = self.sum_xlnx[j] / s - libm::log(s);
        -plnp / libm::log(n)
    }
}

/// Quantile of sorted values, R's type 7: h = (n−1)q, x[⌊h⌋] + (h−⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]).
#[must_use]
pub fn quantile_sorted(sorted: &[f64], q: f64) -> f64 {
    let n = sorted.len();
    if n == 0 {
        return f64::NAN;
    }
    let h = (n - 1) as f64 * q;
    let lo = h.floor();
    let i = lo as usize;
    if i + 1 >= n {
        return sorted[n - 1];
    }
    sorted[i] + (h - lo) * (sorted[i + 1] - sorted[i])
}

/// The same quantile (R type 7) of unsorted non-NaN values in O(n) by selection; reorders
/// `v`.
pub fn quantile_select(v: &mut [f64], q: f64) -> f64 {
    let n = v.len();
    if n == 0 {
        return f64::NAN;
    }
    let h = (n - 1) as f64 * q;
    let lo = h.floor();
    let i = (lo as usize).min(n - 1);
    let (_, xi, rest) = v.select_nth_unstable_by(i, f64::total_cmp);
    let xi = *xi;
    if rest.is_empty() {
        return xi;
    }
    let next = rest.iter().copied().fold(f64::INFINITY, f64::min);
    xi + (h - lo) * (next - xi)
}

/// Median of the non-NaN values (mean of the two middle values for even n); NaN when none.
#[must_use]
pub fn median(xs: &[f64]) -> f64 {
    let mut v: Vec<f64> = xs.iter().copied().filter(|x| !x.is_nan()).collect();
    let n = v.len();
    if n == 0 {
        return f64::NAN;
    }
    v.sort_unstable_by(f64::total_cmp);
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// Competition ("1224") ranks, highest value first: rank = 1 + number of strictly greater
/// values. Values must not be NaN (callers check).
#[must_use]
pub fn competition_ranks_desc(xs: &[f64]) -> Vec<u32> {
    // (key, index) pairs sorted without indirection: the key orders as `total_cmp`
    // descending, the index breaks ties, so the order is the stable sort's
    let mut keyed: Vec<(i64, usize)> = xs
        .iter()
        .enumerate()
        .map(|(i, x)| {
            let b = x.to_bits() as i64;
            let t = b ^ ((((b >> 63) as u64) >> 1) as i64);
            (!t, i)
        })
        .collect();
    keyed.sort_unstable();
    let idx: Vec<usize> = keyed.into_iter().map(|(_, i)| i).collect();
    let mut ranks = vec![0u32; xs.len()];
    let mut k = 0;
    while k < idx.len() {
        let mut e = k + 1;
        while e < idx.len() && xs[idx[e]] == xs[idx[k]] {
            e += 1;
        }
        for &i in &idx[k..e] {
            ranks[i] = (k + 1) as u32;
        }
        k = e;
    }
    ranks
}

/// Ascending "min" ranks (R's `rank(ties.method = "min")`): 1 + number of strictly smaller
/// values; NaN stays NaN.
#[must_use]
pub fn min_ranks_asc(xs: &[f64]) -> Vec<f64> {
    let mut idx: Vec<usize> = (0..xs.len()).filter(|&i| !xs[i].is_nan()).collect();
    idx.sort_by(|&a, &b| xs[a].total_cmp(&xs[b]).then(a.cmp(&b)));
    let mut out = vec![f64::NAN; xs.len()];
    let mut k = 0;
    while k < idx.len() {
        let mut e = k + 1;
        while e < idx.len() && xs[idx[e]] == xs[idx[k]] {
            e += 1;
        }
        for &i in &idx[k..e] {
            out[i] = (k + 1) as f64;
        }
        k = e;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_merge_equals_whole() {
        let v: Vec<f64> = (0..60).map(|i| ((i * 37) % 11) as f64 - 3.0).collect();
        let whole = ColumnSummary::of(&v, 3);
        let sh = ColumnSummary::shifts_from_first_row(&v, 3);
        let mut a = ColumnSummary::new(sh.clone());
        a.update(&v[..30]);
        let mut b = ColumnSummary::new(sh);
        b.update(&v[30..]);
        a.merge(&b);
        for j in 0..3 {
            assert_eq!(a.count[j], whole.count[j]);
            assert!((a.mean(j) - whole.mean(j)).abs() < 1e-12);
            assert!((a.var(j) - whole.var(j)).abs() < 1e-12);
            assert_eq!(a.min[j], whole.min[j]);
            assert_eq!(a.max[j], whole.max[j]);
        }
    }

    #[test]
    fn entropy_sums_equal_one_libm_log_per_value_bit_for_bit() {
        // the vectorised block loop against the plain one (Σx, and x ln x summed in row order
        // with libm's log, 0 ln 0 = 0): zeros, values that the shift makes ≤ 0, subnormals,
        // huge values, column counts that do not divide the block, rows beyond one block
        let mut s = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = || {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            (s >> 11) as f64 / (1u64 << 53) as f64
        };
        for (m, rows, shift) in [
            (1, 3000, 0.0),
            (7, 500, 0.0),
            (32, 100, 1.5),
            (33, 70, -0.25),
        ] {
            let v: Vec<f64> = (0..m * rows)
                .map(|k| match k % 13 {
                    0 => 0.0,
                    1 => 0.25,
                    2 => 1e-310,
                    3 => 1e300 * next(),
                    4 => 1.0,
                    _ => 100.0 * next(),
                })
                .collect();
            let mut p = EntropyPartials::new(m);
            p.update(&v, shift);
            let (mut sum, mut sxl) = (vec![0.0f64; m], vec![0.0f64; m]);
            for row in v.chunks_exact(m) {
                for j in 0..m {
                    let x = row[j] + shift;
                    sum[j] += x;
                    if x > 0.0 {
                        sxl[j] += x * libm::log(x);
                    }
                }
            }
            assert_eq!(p.rows, rows as u64);
            for j in 0..m {
                assert_eq!(p.sum[j].to_bits(), sum[j].to_bits(), "m {m} column {j}");
                assert_eq!(
                    p.sum_xlnx[j].to_bits(),
                    sxl[j].to_bits(),
                    "m {m} column {j}"
                );
            }
        }
    }

    #[test]
    fn moments_merge_equals_whole() {
        let x: Vec<f64> = (1..=12).map(|i| f64::from(i * i % 17) + 0.5).collect();
        let whole = CentralMoments::of(&x);
        let m = CentralMoments::of(&x[..5]).merge(&CentralMoments::of(&x[5..]));
        assert!((whole.m2 - m.m2).abs() < 1e-9);
        assert!((whole.m3 - m.m3).abs() < 1e-8);
        assert!((whole.m4 - m.m4).abs() < 1e-6);
        assert!((whole.skewness() - m.skewness()).abs() < 1e-12);
    }

    #[test]
    fn coinr_skew_kurt_hand_computed() {
        // x = 1..10, 30, 100 (COINr's own Treat example). Computed by hand from the
        // e1071 type-2 formulas: mean = 15.41667, M2 = 8686.917, M3 = 1 442 640.6…
        let mut x: Vec<f64> = (1..=10).map(f64::from).collect();
        x.push(30.0);
        x.push(100.0);
        let m = CentralMoments::of(&x);
        let n: f64 = 12.0;
        let g1 = n.sqrt() * m.m3 / m.m2.powf(1.5);
        let expect_skew = g1 * (n * (n - 1.0_f64)).sqrt() / (n - 2.0);
        assert!((m.skewness() - expect_skew).abs() < 1e-12);
        assert!(m.skewness() > 2.0 && m.kurtosis() > 3.5);
    }

    #[test]
    fn ranks() {
        assert_eq!(
            competition_ranks_desc(&[3.0, 5.0, 5.0, 1.0]),
            vec![3, 1, 1, 4]
        );
        let r = min_ranks_asc(&[3.0, f64::NAN, 1.0, 3.0]);
        assert_eq!(r[0], 2.0);
        assert!(r[1].is_nan());
        assert_eq!(r[2], 1.0);
        assert_eq!(r[3], 2.0);
    }

    #[test]
    fn quantile_type7() {
        let s = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(quantile_sorted(&s, 0.5), 2.5);
        assert!((quantile_sorted(&s, 1.0 / 3.0) - 2.0).abs() < 1e-15);
        assert_eq!(median(&[4.0, 1.0, f64::NAN, 2.0]), 2.0);
        let mut v = vec![4.0, 1.0, 3.0, 2.0];
        assert_eq!(quantile_select(&mut v, 0.5), 2.5);
        for q in [0.0, 0.1, 1.0 / 3.0, 0.75, 1.0] {
            let mut u = vec![9.0, -1.0, 3.5, 3.5, 7.0, 0.0];
            let mut sorted = u.clone();
            sorted.sort_by(f64::total_cmp);
            assert_eq!(quantile_select(&mut u, q), quantile_sorted(&sorted, q));
        }
    }
}

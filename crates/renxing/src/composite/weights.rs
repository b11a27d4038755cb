//! Weighting methods: AHP (eigenvector and geometric mean, consistency ratio with a named
//! random-index table), entropy (熵权法), CRITIC, standard deviation, and the combination of a
//! subjective and an objective set. Each works on a row-major `n × m` matrix or a pairwise
//! matrix and returns the weights (summing to 1) with the intermediate quantities.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::error::{num_text, CompositeError, FieldPath};
use super::stats::{ColumnSummary, EntropyPartials};

/// A published table of Saaty's random consistency index RI(n).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RandomIndexTable {
    /// Saaty (1980), *The Analytic Hierarchy Process*, n = 3..10: 0.58, 0.90, 1.12, 1.24, 1.32,
    /// 1.41, 1.45, 1.49. The default (the table most applied studies cite).
    #[default]
    Saaty1980,
    /// Saaty (2005), *Theory and Applications of the Analytic Network Process*, p. 31,
    /// n = 3..15 (ahpy's `random_index='saaty'`).
    Saaty2005,
    /// Donegan & Dodd (1991), "A note on Saaty's random indexes", *Mathematical and Computer
    /// Modelling* 15(10), 135–137; n = 3..20, 25, 30, 40, …, 100, linear interpolation between
    /// (as ahpy's default `random_index='dd'`).
    DoneganDodd1991,
    /// Alonso & Lamata (2006), "Consistency in the analytic hierarchy process: a new approach",
    /// *Int. J. Uncertainty, Fuzziness and Knowledge-Based Systems* 14(4), 445–459; 100,000
    /// random matrices, n = 3..15.
    AlonsoLamata2006,
}

const SAATY_1980: &[(usize, f64)] = &[
    (3, 0.58),
    (4, 0.90),
    (5, 1.12),
    (6, 1.24),
    (7, 1.32),
    (8, 1.41),
    (9, 1.45),
    (10, 1.49),
];
const SAATY_2005: &[(usize, f64)] = &[
    (3, 0.52),
    (4, 0.89),
    (5, 1.11),
    (6, 1.25),
    (7, 1.35),
    (8, 1.40),
    (9, 1.45),
    (10, 1.49),
    (11, 1.52),
    (12, 1.54),
    (13, 1.56),
    (14, 1.58),
    (15, 1.59),
];
const DONEGAN_DODD_1991: &[(usize, f64)] = &[
    (3, 0.4914),
    (4, 0.8286),
    (5, 1.0591),
    (6, 1.1797),
    (7, 1.2519),
    (8, 1.3171),
    (9, 1.3733),
    (10, 1.4055),
    (11, 1.4213),
    (12, 1.4497),
    (13, 1.4643),
    (14, 1.4822),
    (15, 1.4969),
    (16, 1.5078),
    (17, 1.5153),
    (18, 1.5262),
    (19, 1.5313),
    (20, 1.5371),
    (25, 1.5619),
    (30, 1.5772),
    (40, 1.5976),
    (50, 1.6102),
    (60, 1.6178),
    (70, 1.6237),
    (80, 1.6277),
    (90, 1.6213),
    (100, 1.6339),
];
const ALONSO_LAMATA_2006: &[(usize, f64)] = &[
    (3, 0.5245),
    (4, 0.8815),
    (5, 1.1086),
    (6, 1.2479),
    (7, 1.3417),
    (8, 1.4056),
    (9, 1.4499),
    (10, 1.4854),
    (11, 1.5141),
    (12, 1.5365),
    (13, 1.5551),
    (14, 1.5713),
    (15, 1.5838),
];

impl RandomIndexTable {
    /// The table's entries (n, RI).
    #[must_use]
    pub fn entries(self) -> &'static [(usize, f64)] {
        match self {
            RandomIndexTable::Saaty1980 => SAATY_1980,
            RandomIndexTable::Saaty2005 => SAATY_2005,
            RandomIndexTable::DoneganDodd1991 => DONEGAN_DODD_1991,
            RandomIndexTable::AlonsoLamata2006 => ALONSO_LAMATA_2006,
        }
    }

    /// A citation of the table.
    #[must_use]
    pub fn citation(self) -> &'static str {
        match self {
            RandomIndexTable::Saaty1980 => "Saaty (1980)",
            RandomIndexTable::Saaty2005 => "Saaty (2005)",
            RandomIndexTable::DoneganDodd1991 => "Donegan & Dodd (1991)",
            RandomIndexTable::AlonsoLamata2006 => "Alonso & Lamata (2006)",
        }
    }

    /// RI(n): 0 for n ≤ 2; the table's value; for Donegan–Dodd linear interpolation between
    /// tabulated sizes; `None` outside the table.
    #[must_use]
    pub fn ri(self, n: usize) -> Option<f64> {
        if n <= 2 {
            return Some(0.0);
        }
        let e = self.entries();
        if let Some(&(_, v)) = e.iter().find(|(k, _)| *k == n) {
            return Some(v);
        }
        if self == RandomIndexTable::DoneganDodd1991 {
            for w in e.windows(2) {
                let (a, ra) = w[0];
                let (b, rb) = w[1];
                if a < n && n < b {
                    return Some(ra + (rb - ra) / (b - a) as f64 * (n - a) as f64);
                }
            }
        }
        None
    }
}

/// How AHP derives the priority vector.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum AhpMethod {
    /// Saaty's principal right eigenvector, by power iteration (the default).
    #[default]
    Eigenvector,
    /// Row geometric means, normalised (Crawford & Williams 1985).
    GeometricMean,
}

/// An AHP pairwise-comparison matrix with the ids of its rows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AhpMatrix {
    /// The ids compared (indicator, dimension or attribute ids), in row order.
    pub ids: Vec<String>,
    /// The matrix, one row per id; a_ij = how much more important i is than j (Saaty's 1–9
    /// scale). Must be positive with a_ii = 1 and a_ji = 1/a_ij within
    /// [`AhpOptions::reciprocal_tolerance`]; the lower triangle is then replaced by the exact
    /// reciprocals of the upper one.
    pub matrix: Vec<Vec<f64>>,
}

fn default_max_cr() -> f64 {
    0.1
}
fn default_tolerance() -> f64 {
    1e-15
}
fn default_max_iter() -> usize {
    10_000
}
fn default_recip_tol() -> f64 {
    0.01
}

/// AHP options; every field has a documented default.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct AhpOptions {
    /// Eigenvector (default) or geometric mean.
    pub method: AhpMethod,
    /// Random-index table (default Saaty 1980).
    pub random_index: RandomIndexTable,
    /// CR at or above this is inconsistent (default 0.1, Saaty's rule).
    #[serde(default = "default_max_cr")]
    pub max_cr: f64,
    /// Use an inconsistent matrix anyway (default false: refused with an error).
    pub allow_inconsistent: bool,
    /// Power iteration stops when the largest change of the normalised vector is below this
    /// (default 1e-15).
    #[serde(default = "default_tolerance")]
    pub tolerance: f64,
    /// Power iteration stops after this many steps (default 10,000).
    #[serde(default = "default_max_iter")]
    pub max_iter: usize,
    /// Largest allowed |a_ij · a_ji − 1| (default 0.01, so 0.33 for 1/3 is accepted).
    #[serde(default = "default_recip_tol")]
    pub reciprocal_tolerance: f64,
}

impl Default for AhpOptions {
    fn default() -> Self {
        AhpOptions {
            method: AhpMethod::Eigenvector,
            random_index: RandomIndexTable::Saaty1980,
            max_cr: default_max_cr(),
            allow_inconsistent: false,
            tolerance: default_tolerance(),
            max_iter: default_max_iter(),
            reciprocal_tolerance: default_recip_tol(),
        }
    }
}

/// The result of AHP on one matrix.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AhpResult {
    /// The ids, in matrix order.
    pub ids: Vec<String>,
    /// The priority vector (sums to 1).
    pub weights: Vec<f64>,
    /// The method used.
    pub method: AhpMethod,
    /// The principal eigenvalue λ_max (always from the eigenvector, whatever the method).
    pub lambda_max: f64,
    /// CI = (λ_max − n)/(n − 1) (0 for n ≤ 2).
    pub ci: f64,
    /// The random index RI(n) used.
    pub random_index: f64,
    /// The table RI came from.
    pub random_index_table: RandomIndexTable,
    /// CR = CI/RI (0 for n ≤ 2).
    pub cr: f64,
    /// The threshold.
    pub max_cr: f64,
    /// CR < max_cr.
    pub consistent: bool,
    /// Power-iteration steps taken.
    pub iterations: usize,
}

/// AHP priorities and consistency of a pairwise-comparison matrix.
///
/// # Errors
/// An empty or non-square matrix, a non-positive or non-reciprocal entry, an n beyond the
/// random-index table, or (unless `allow_inconsistent`) CR ≥ `max_cr`.
///
/// ```
/// use renxing::composite::{ahp, AhpMatrix, AhpOptions};
/// let m = AhpMatrix {
///     ids: vec!["a".into(), "b".into()],
///     matrix: vec![vec![1.0, 3.0], vec![1.0 / 3.0, 1.0]],
/// };
/// let r = ahp(&m, &AhpOptions::default(), &Default::default())?;
/// assert!((r.weights[0] - 0.75).abs() < 1e-12);
/// # Ok::<(), renxing::composite::CompositeError>(())
/// ```
pub fn ahp(
    input: &AhpMatrix,
    opts: &AhpOptions,
    path: &FieldPath,
) -> Result<AhpResult, CompositeError> {
    let n = input.ids.len();
    if n == 0 {
        return Err(CompositeError::Empty {
            path: path.with("ids"),
            min: 1,
        });
    }
    if input.matrix.len() != n {
        return Err(CompositeError::Shape {
            path: path.with("matrix"),
            expected: n,
            found: input.matrix.len(),
        });
    }
    if !(opts.max_cr.is_finite() && opts.max_cr > 0.0) {
        return Err(CompositeError::InvalidParameter {
            path: path.with("max_cr"),
            value: num_text(opts.max_cr),
            reason: "must be > 0".into(),
        });
    }
    let mut a = vec![0.0; n * n];
    for (i, row) in input.matrix.iter().enumerate() {
        if row.len() != n {
            return Err(CompositeError::Shape {
                path: path.with("matrix").with(i),
                expected: n,
                found: row.len(),
            });
        }
        for (j, &v) in row.iter().enumerate() {
            if !(v.is_finite() && v > 0.0) {
                return Err(CompositeError::InvalidParameter {
                    path: path.with("matrix").with(i).with(j),
                    value: num_text(v),
                    reason: "judgements must be finite and > 0".into(),
                });
            }
            a[i * n + j] = v;
        }
    }
    for i in 0..n {
        for j in i..n {
            let (aij, aji) = (a[i * n + j], a[j * n + i]);
            if (aij * aji - 1.0).abs() > opts.reciprocal_tolerance {
                return Err(CompositeError::NotReciprocal {
                    path: path.with("matrix"),
                    i,
                    j,
                    a_ij: aij,
                    a_ji: aji,
                });
            }
            if i == j {
                a[i * n + i] = 1.0;
            } else {
                a[j * n + i] = 1.0 / aij;
            }
        }
    }
    let (ev, lambda_max, iterations) = principal_eigen(&a, n, opts.tolerance, opts.max_iter);
    let weights = match opts.method {
        AhpMethod::Eigenvector => ev,
        AhpMethod::GeometricMean => {
            let g: Vec<f64> = (0..n)
                .map(|i| {
                    let s: f64 = (0..n).map(|j| libm::log(a[i * n + j])).sum();
                    libm::exp(s / n as f64)
                })
                .collect();
            let t: f64 = g.iter().sum();
            g.iter().map(|x| x / t).collect()
        }
    };
    let ri = opts
        .random_index
        .ri(n)
        .ok_or_else(|| CompositeError::InvalidParameter {
            path: path.with("ids"),
            value: format!("n = {n}"),
            reason: format!(
                "the random-index table {} covers n = 3..{}",
                opts.random_index.citation(),
                opts.random_index.entries().last().map_or(0, |e| e.0)
            ),
        })?;
    let (ci, cr) = if n <= 2 {
        (0.0, 0.0)
    } else {
        let ci = (lambda_max - n as f64) / (n as f64 - 1.0);
        (ci, ci / ri)
    };
    let consistent = cr < opts.max_cr;
    if !consistent && !opts.allow_inconsistent {
        return Err(CompositeError::Inconsistent {
            path: path.clone(),
            cr,
            max_cr: opts.max_cr,
            random_index: ri,
            table: opts.random_index.citation().into(),
        });
    }
    Ok(AhpResult {
        ids: input.ids.clone(),
        weights,
        method: opts.method,
        lambda_max,
        ci,
        random_index: ri,
        random_index_table: opts.random_index,
        cr,
        max_cr: opts.max_cr,
        consistent,
        iterations,
    })
}

/// Principal eigenvector (normalised to sum 1) and eigenvalue of a positive n × n matrix by
/// power iteration from the uniform vector. λ = Σ_i (A w)_i with Σ w = 1.
fn principal_eigen(a: &[f64], n: usize, tol: f64, max_iter: usize) -> (Vec<f64>, f64, usize) {
    let mut w = vec![1.0 / n as f64; n];
    let mut next = vec![0.0; n];
    let mut lambda = 0.0;
    let mut it = 0;
    while it < max_iter {
        it += 1;
        for i in 0..n {
            let mut s = 0.0;
            for j in 0..n {
                s += a[i * n + j] * w[j];
            }
            next[i] = s;
        }
        lambda = next.iter().sum();
        let mut delta: f64 = 0.0;
        for i in 0..n {
            let v = next[i] / lambda;
            delta = delta.max((v - w[i]).abs());
            w[i] = v;
        }
        if delta <= tol {
            break;
        }
    }
    // λ from the final vector.
    let mut l = 0.0;
    for i in 0..n {
        for j in 0..n {
            l += a[i * n + j] * w[j];
        }
    }
    if l.is_finite() {
        lambda = l;
    }
    (w, lambda, it)
}

/// Entropy weights with their intermediate quantities.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct EntropyResult {
    /// e_j = −(1/ln n) Σ_i p_ij ln p_ij, p_ij = x_ij / Σ_i x_ij (0 ln 0 = 0).
    pub entropy: Vec<f64>,
    /// d_j = 1 − e_j (degree of diversification).
    pub divergence: Vec<f64>,
    /// w_j = d_j / Σ d_k.
    pub weights: Vec<f64>,
    /// The constant added to every value before p_ij (0 by default).
    pub shift: f64,
}

/// The units of a matrix, for messages: their ids, or their row positions in the input (a
/// lean run of a dataset named by position).
#[derive(Clone, Copy)]
pub(crate) enum Names<'a> {
    Ids(&'a [String]),
    Positions(&'a [usize]),
}

impl Names<'_> {
    fn len(self) -> usize {
        match self {
            Names::Ids(v) => v.len(),
            Names::Positions(v) => v.len(),
        }
    }

    fn name(self, i: usize) -> String {
        match self {
            Names::Ids(v) => v.get(i).cloned().unwrap_or_else(|| i.to_string()),
            Names::Positions(v) => v.get(i).copied().unwrap_or(i).to_string(),
        }
    }
}

fn cell_path(
    path: &FieldPath,
    i: usize,
    j: usize,
    units: Names<'_>,
    ids: &[String],
) -> (String, String) {
    let _ = path;
    (
        units.name(i),
        ids.get(j).cloned().unwrap_or_else(|| j.to_string()),
    )
}

/// Entropy weights (熵权法) of a row-major `n × m` matrix of non-negative values.
///
/// # Errors
/// n < 2, a NaN or negative value (after `shift`), a column summing to 0, or all columns
/// of maximal entropy (every d_j = 0).
pub fn entropy_weights(
    values: &[f64],
    units: &[String],
    ids: &[String],
    shift: f64,
    path: &FieldPath,
) -> Result<EntropyResult, CompositeError> {
    entropy_weights_of(values, Names::Ids(units), ids, shift, path)
}

/// [`entropy_weights`] with the units as [`Names`].
pub(crate) fn entropy_weights_of(
    values: &[f64],
    units: Names<'_>,
    ids: &[String],
    shift: f64,
    path: &FieldPath,
) -> Result<EntropyResult, CompositeError> {
    let m = ids.len();
    let n = units.len();
    check_shape(values, n, m, path)?;
    if n < 2 {
        return Err(CompositeError::Empty {
            path: path.with("units"),
            min: 2,
        });
    }
    for (k, &x) in values.iter().enumerate() {
        let v = x + shift;
        if v.is_nan() || v < 0.0 {
            let (u, c) = cell_path(path, k / m, k % m, units, ids);
            return Err(CompositeError::Domain {
                path: path.clone(),
                unit: u,
                column: c,
                value: x,
                reason: "entropy weights need non-missing values ≥ 0 (after the shift)".into(),
            });
        }
    }
    let p = EntropyPartials::of_threads(values, m, shift, 1);
    entropy_finish(&p, ids, shift, path)
}

/// Entropy weights from the partial sums of a validated matrix (n ≥ 2, every value ≥ 0 after
/// the shift, none missing).
pub(crate) fn entropy_finish(
    p: &EntropyPartials,
    ids: &[String],
    shift: f64,
    path: &FieldPath,
) -> Result<EntropyResult, CompositeError> {
    let m = ids.len();
    let mut entropy = Vec::with_capacity(m);
    for j in 0..m {
        if p.sum[j] <= 0.0 {
            return Err(CompositeError::Constant {
                path: path.clone(),
                indicator: ids[j].clone(),
                value: 0.0,
                reason: "entropy needs a column with a positive sum".into(),
            });
        }
        entropy.push(p.entropy(j));
    }
    let divergence: Vec<f64> = entropy.iter().map(|e| 1.0 - e).collect();
    let weights = normalise_sum(
        &divergence,
        path,
        "every indicator has maximal entropy (all values equal), so entropy weights are undefined",
    )?;
    Ok(EntropyResult {
        entropy,
        divergence,
        weights,
        shift,
    })
}

fn check_shape(values: &[f64], n: usize, m: usize, path: &FieldPath) -> Result<(), CompositeError> {
    if m == 0 {
        return Err(CompositeError::Empty {
            path: path.with("indicators"),
            min: 1,
        });
    }
    if values.len() != n * m {
        return Err(CompositeError::Shape {
            path: path.with("values"),
            expected: n * m,
            found: values.len(),
        });
    }
    Ok(())
}

pub(crate) fn normalise_sum(
    w: &[f64],
    path: &FieldPath,
    why: &str,
) -> Result<Vec<f64>, CompositeError> {
    let s: f64 = w.iter().sum();
    if !(s.is_finite() && s > 0.0) {
        return Err(CompositeError::InvalidParameter {
            path: path.clone(),
            value: num_text(s),
            reason: why.into(),
        });
    }
    Ok(w.iter().map(|x| x / s).collect())
}

/// CRITIC weights with their intermediate quantities (Diakoulaki, Mavrotas & Papayannakis 1995).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CriticResult {
    /// σ_j of the column min–max scaled to [0, 1] (sample, divisor n − 1).
    pub sd: Vec<f64>,
    /// Pearson correlations r_jk, row-major m × m.
    pub correlation: Vec<f64>,
    /// C_j = σ_j Σ_k (1 − r_jk).
    pub information: Vec<f64>,
    /// w_j = C_j / Σ C_k.
    pub weights: Vec<f64>,
}

/// CRITIC weights of a row-major `n × m` matrix: each column min–max scaled to [0, 1]
/// (as Diakoulaki et al. and pymcdm do; the scaling changes σ_j, not r_jk).
///
/// # Errors
/// n < 2, a NaN value, a constant column (σ = 0 and r undefined).
pub fn critic_weights(
    values: &[f64],
    units: &[String],
    ids: &[String],
    path: &FieldPath,
) -> Result<CriticResult, CompositeError> {
    critic_weights_of(values, Names::Ids(units), ids, path)
}

/// [`critic_weights`] with the units as [`Names`].
pub(crate) fn critic_weights_of(
    values: &[f64],
    units: Names<'_>,
    ids: &[String],
    path: &FieldPath,
) -> Result<CriticResult, CompositeError> {
    let m = ids.len();
    let n = units.len();
    check_shape(values, n, m, path)?;
    if n < 2 {
        return Err(CompositeError::Empty {
            path: path.with("units"),
            min: 2,
        });
    }
    no_nan(values, units, ids, path, "CRITIC")?;
    let s = ColumnSummary::of(values, m);
    for j in 0..m {
        if s.max[j] == s.min[j] {
            return Err(CompositeError::Constant {
                path: path.clone(),
                indicator: ids[j].clone(),
                value: s.max[j],
                reason: "CRITIC needs a non-zero spread (the correlation is undefined)".into(),
            });
        }
    }
    // Cross-products of shifted values in one pass.
    let mut cp = vec![0.0; m * m];
    for row in values.chunks_exact(m) {
        for j in 0..m {
            let dj = row[j] - s.shift[j];
            for k in j..m {
                cp[j * m + k] += dj * (row[k] - s.shift[k]);
            }
        }
    }
    let nf = n as f64;
    let cov = |j: usize, k: usize| {
        let (a, b) = if j <= k { (j, k) } else { (k, j) };
        (cp[a * m + b] - s.sum[a] * s.sum[b] / nf) / (nf - 1.0)
    };
    critic_finish(&cov, &s.min, &s.max, m, path)
}

/// CRITIC weights from the sample covariances `cov(j, k)` (divisor n − 1) and the column
/// minima and maxima of a validated matrix (n ≥ 2, complete, no constant column): the
/// definitions shared by [`critic_weights`] and the partitioned run (which merges
/// co-moments over partitions).
pub(crate) fn critic_finish(
    cov: &dyn Fn(usize, usize) -> f64,
    min: &[f64],
    max: &[f64],
    m: usize,
    path: &FieldPath,
) -> Result<CriticResult, CompositeError> {
    let sd_raw: Vec<f64> = (0..m).map(|j| cov(j, j).max(0.0).sqrt()).collect();
    let mut correlation = vec![0.0; m * m];
    for j in 0..m {
        for k in 0..m {
            correlation[j * m + k] = if j == k {
                1.0
            } else {
                cov(j, k) / (sd_raw[j] * sd_raw[k])
            };
        }
    }
    let sd: Vec<f64> = (0..m).map(|j| sd_raw[j] / (max[j] - min[j])).collect();
    let information: Vec<f64> = (0..m)
        .map(|j| sd[j] * (0..m).map(|k| 1.0 - correlation[j * m + k]).sum::<f64>())
        .collect();
    let weights = normalise_sum(&information, path, "every CRITIC information value is 0")?;
    Ok(CriticResult {
        sd,
        correlation,
        information,
        weights,
    })
}

fn no_nan(
    values: &[f64],
    units: Names<'_>,
    ids: &[String],
    path: &FieldPath,
    what: &str,
) -> Result<(), CompositeError> {
    let m = ids.len();
    if let Some(k) = values.iter().position(|x| x.is_nan()) {
        let (u, c) = cell_path(path, k / m, k % m, units, ids);
        return Err(CompositeError::Domain {
            path: path.clone(),
            unit: u,
            column: c,
            value: f64::NAN,
            reason: format!("{what} needs complete data: impute first"),
        });
    }
    Ok(())
}

/// Standard-deviation weights: w_j = σ_j / Σ σ_k (sample σ, divisor n − 1), on the values as
/// given. Returns (σ, weights).
///
/// # Errors
/// n < 2, a NaN value, or every σ = 0.
pub fn std_dev_weights(
    values: &[f64],
    units: &[String],
    ids: &[String],
    path: &FieldPath,
) -> Result<(Vec<f64>, Vec<f64>), CompositeError> {
    std_dev_weights_of(values, Names::Ids(units), ids, path)
}

/// [`std_dev_weights`] with the units as [`Names`].
pub(crate) fn std_dev_weights_of(
    values: &[f64],
    units: Names<'_>,
    ids: &[String],
    path: &FieldPath,
) -> Result<(Vec<f64>, Vec<f64>), CompositeError> {
    let m = ids.len();
    let n = units.len();
    check_shape(values, n, m, path)?;
    if n < 2 {
        return Err(CompositeError::Empty {
            path: path.with("units"),
            min: 2,
        });
    }
    no_nan(values, units, ids, path, "standard-deviation weights")?;
    let s = ColumnSummary::of(values, m);
    let sd: Vec<f64> = (0..m).map(|j| s.sd(j)).collect();
    let w = normalise_sum(&sd, path, "every standard deviation is 0")?;
    Ok((sd, w))
}

/// How to combine a subjective and an objective weight set.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum CombineRule {
    /// Multiplicative, renormalised: w_j = s_j o_j / Σ s_k o_k (the default; e.g. the
    /// "AHP–entropy" combination of many applied studies).
    #[default]
    Product,
    /// Linear blend: w_j = α s_j + (1 − α) o_j.
    Linear,
}

/// Combines subjective weights `s` and objective weights `o` (each summing to 1).
///
/// # Errors
/// Lengths differ, α outside [0, 1], or all products zero.
pub fn combine_weights(
    s: &[f64],
    o: &[f64],
    rule: CombineRule,
    alpha: f64,
    path: &FieldPath,
) -> Result<Vec<f64>, CompositeError> {
    if s.len() != o.len() {
        return Err(CompositeError::Shape {
            path: path.with("objective"),
            expected: s.len(),
            found: o.len(),
        });
    }
    match rule {
        CombineRule::Product => {
            let p: Vec<f64> = s.iter().zip(o).map(|(a, b)| a * b).collect();
            normalise_sum(
                &p,
                path,
                "every product of subjective and objective weight is 0",
            )
        }
        CombineRule::Linear => {
            if !(0.0..=1.0).contains(&alpha) {
                return Err(CompositeError::InvalidParameter {
                    path: path.with("alpha"),
                    value: num_text(alpha),
                    reason: "α must be in [0, 1]".into(),
                });
            }
            Ok(s.iter()
                .zip(o)
                .map(|(a, b)| alpha * a + (1.0 - alpha) * b)
                .collect())
        }
    }
}

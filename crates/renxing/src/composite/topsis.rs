//! TOPSIS (Hwang & Yoon 1981): normalise, weight, ideal A⁺ and anti-ideal A⁻ per criterion
//! type, Euclidean distances D⁺ and D⁻, closeness C = D⁻/(D⁺ + D⁻).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::data::Direction;
use super::error::{CompositeError, FieldPath};
use super::stats::{chunk_ranges, ColumnSummary};

/// The normalisation inside TOPSIS.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum TopsisNormalisation {
    /// Vector normalisation r_ij = x_ij / √Σ_i x_ij² (Hwang & Yoon 1981; the default). For a
    /// cost criterion the ideal is the minimum (pymcdm's `vector_normalization` writes
    /// 1 − r, which gives the same distances).
    #[default]
    Vector,
    /// Min–max: (x − min)/(max − min), cost (max − x)/(max − min) (pymcdm's default). A
    /// constant column becomes all 1, as in pymcdm, and adds nothing to either distance.
    MinMax,
}

/// TOPSIS output.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TopsisResult {
    /// The normalisation used.
    pub normalisation: TopsisNormalisation,
    /// The weights used (sum to 1), one per criterion.
    pub weights: Vec<f64>,
    /// Criterion types used.
    pub types: Vec<Direction>,
    /// The weighted ideal A⁺ per criterion.
    pub ideal: Vec<f64>,
    /// The weighted anti-ideal A⁻ per criterion.
    pub anti_ideal: Vec<f64>,
    /// D⁺ per unit.
    pub d_plus: Vec<f64>,
    /// D⁻ per unit.
    pub d_minus: Vec<f64>,
    /// C = D⁻/(D⁺ + D⁻) per unit (0.5 when both distances are 0: every unit is equal).
    pub closeness: Vec<f64>,
}

/// TOPSIS on a complete row-major `n × m` matrix.
///
/// # Errors
/// Shape mismatches, NaN values, negative weights, and for vector normalisation a column of
/// zeros.
///
/// ```
/// use renxing::composite::{topsis, Direction, TopsisNormalisation};
/// let x = [1.0, 2.0, 3.0, 1.0];
/// let r = topsis(&x, 2, &[0.5, 0.5], &[Direction::Benefit, Direction::Cost],
///                TopsisNormalisation::MinMax, &Default::default())?;
/// assert_eq!(r.closeness, vec![0.0, 1.0]); // unit 2 is best on both criteria
/// # Ok::<(), renxing::composite::CompositeError>(())
/// ```
pub fn topsis(
    values: &[f64],
    m: usize,
    weights: &[f64],
    types: &[Direction],
    normalisation: TopsisNormalisation,
    path: &FieldPath,
) -> Result<TopsisResult, CompositeError> {
    topsis_with(values, m, weights, types, normalisation, path, None, 1)
}

/// [`topsis`] with the column summary of `values` when it is known (it must be
/// `ColumnSummary::of(values, m)`) and the distance pass over fixed chunks on up to `threads`
/// threads (the result does not depend on `threads`).
#[allow(clippy::too_many_arguments)]
pub(crate) fn topsis_with(
    values: &[f64],
    m: usize,
    weights: &[f64],
    types: &[Direction],
    normalisation: TopsisNormalisation,
    path: &FieldPath,
    summary: Option<&ColumnSummary>,
    threads: usize,
) -> Result<TopsisResult, CompositeError> {
    if m == 0 || values.len() % m != 0 || values.is_empty() {
        return Err(CompositeError::Shape {
            path: path.with("values"),
            expected: m.max(1),
            found: values.len(),
        });
    }
    if weights.len() != m {
        return Err(CompositeError::Shape {
            path: path.with("weights"),
            expected: m,
            found: weights.len(),
        });
    }
    if types.len() != m {
        return Err(CompositeError::Shape {
            path: path.with("types"),
            expected: m,
            found: types.len(),
        });
    }
    for (j, &w) in weights.iter().enumerate() {
        super::data::check_weight(&path.with("weights").with(j), w)?;
    }
    let n = values.len() / m;
    let computed;
    let s = match summary {
        Some(s) => s,
        None => {
            computed = ColumnSummary::of_threads(values, m, threads);
            &computed
        }
    };
    for j in 0..m {
        if s.count[j] as usize != n {
            return Err(CompositeError::Domain {
                path: path.clone(),
                unit: String::new(),
                column: j.to_string(),
                value: f64::NAN,
                reason: "TOPSIS needs complete data: impute first".into(),
            });
        }
    }
    // v_ij = a_j x_ij + b_j; the ideal and anti-ideal in weighted units.
    let mut a = vec![0.0; m];
    let mut b = vec![0.0; m];
    let mut ideal = vec![0.0; m];
    let mut anti = vec![0.0; m];
    for j in 0..m {
        let w = weights[j];
        let cost = types[j] == Direction::Cost;
        match normalisation {
            TopsisNormalisation::Vector => {
                // Σ x² from the shifted sums: Σ(d + K)² = Σd² + 2KΣd + nK².
                let k = s.shift[j];
                let ss = s.sum_sq[j] + 2.0 * k * s.sum[j] + n as f64 * k * k;
                let norm = ss.max(0.0).sqrt();
                if norm == 0.0 {
                    return Err(CompositeError::Constant {
                        path: path.clone(),
                        indicator: j.to_string(),
                        value: 0.0,
                        reason: "vector normalisation divides by √Σx², which is 0".into(),
                    });
                }
                a[j] = w / norm;
                let (lo, hi) = (s.min[j] * a[j], s.max[j] * a[j]);
                if cost {
                    ideal[j] = lo;
                    anti[j] = hi;
                } else {
                    ideal[j] = hi;
                    anti[j] = lo;
                }
            }
            TopsisNormalisation::MinMax => {
                let range = s.max[j] - s.min[j];
                if range == 0.0 {
                    a[j] = 0.0;
                    b[j] = w;
                    ideal[j] = w;
                    anti[j] = w;
                } else if cost {
                    a[j] = -w / range;
                    b[j] = w * s.max[j] / range;
                    ideal[j] = w;
                    anti[j] = 0.0;
                } else {
                    a[j] = w / range;
                    b[j] = -w * s.min[j] / range;
                    ideal[j] = w;
                    anti[j] = 0.0;
                }
            }
        }
    }
    // the distances, row by row, over fixed chunks
    let ranges = chunk_ranges(n);
    let parts = crate::par::map_blocks(ranges.len(), threads, |c| {
        let (start, end) = ranges[c];
        let k = end - start;
        let (mut d_plus, mut d_minus, mut closeness) = (
            Vec::with_capacity(k),
            Vec::with_capacity(k),
            Vec::with_capacity(k),
        );
        let (a, b, ideal, anti) = (&a[..m], &b[..m], &ideal[..m], &anti[..m]);
        for row in values[start * m..end * m].chunks_exact(m) {
            let row = &row[..m];
            let (mut dp, mut dm) = (0.0, 0.0);
            for j in 0..m {
                let v = a[j] * row[j] + b[j];
                let p = v - ideal[j];
                let q = v - anti[j];
                dp += p * p;
                dm += q * q;
            }
            let (dp, dm): (f64, f64) = (dp.sqrt(), dm.sqrt());
            d_plus.push(dp);
            d_minus.push(dm);
            let t = dp + dm;
            closeness.push(if t > 0.0 { dm / t } else { 0.5 });
        }
        (d_plus, d_minus, closeness)
    });
    let mut d_plus = Vec::with_capacity(n);
    let mut d_minus = Vec::with_capacity(n);
    let mut closeness = Vec::with_capacity(n);
    for (p, q, c) in parts {
        d_plus.extend_from_slice(&p);
        d_minus.extend_from_slice(&q);
        closeness.extend_from_slice(&c);
    }
    Ok(TopsisResult {
        normalisation,
        weights: weights.to_vec(),
        types: types.to_vec(),
        ideal,
        anti_ideal: anti,
        d_plus,
        d_minus,
        closeness,
    })
}

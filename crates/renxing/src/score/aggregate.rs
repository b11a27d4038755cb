//! The aggregation methods over `(value, weight)` pairs.

use super::{Method, TIE_EPSILON};

/// Aggregates `(value, weight)` pairs (weights > 0). `items` may be reordered.
pub(super) fn aggregate(method: Method, items: &mut [(f64, f64)]) -> Option<f64> {
    if items.is_empty() {
        return None;
    }
    let min = items.iter().map(|p| p.0).fold(f64::INFINITY, f64::min);
    let max = items.iter().map(|p| p.0).fold(f64::NEG_INFINITY, f64::max);
    // Clamped to the inputs' range: a weighted mean of equal values must not drift an ulp above
    // them (which would give a score of 100.00000000000003).
    let clamped_mean = || mean(items).clamp(min, max);
    match method {
        Method::Mean => Some(clamped_mean()),
        Method::Minimum => Some(min),
        Method::CappedMean => Some(clamped_mean().min(min + 1.0)),
        Method::Median => {
            items.sort_by(|a, b| a.0.total_cmp(&b.0));
            let total: f64 = items.iter().map(|p| p.1).sum();
            let mut cum = 0.0;
            for (x, w) in items.iter() {
                cum += w;
                if cum >= total / 2.0 - TIE_EPSILON * total {
                    return Some(*x);
                }
            }
            items.last().map(|p| p.0)
        }
    }
}

pub(super) fn mean(items: &[(f64, f64)]) -> f64 {
    let (sw, swx) = items
        .iter()
        .fold((0.0, 0.0), |(sw, swx), (x, w)| (sw + w, swx + w * x));
    swx / sw
}

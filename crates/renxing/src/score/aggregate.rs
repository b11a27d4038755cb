//! The aggregation methods over `(value, weight)` pairs.

use super::{Method, TIE_EPSILON};

/// Aggregates `(value, weight)` pairs (weights > 0). `items` may be reordered.
pub(super) fn aggregate(method: Method, items: &mut [(f64, f64)]) -> Option<f64> {
    if items.is_empty() {
        return None;
    }
    let min = || items.iter().map(|p| p.0).fold(f64::INFINITY, f64::min);
    let max = || items.iter().map(|p| p.0).fold(f64::NEG_INFINITY, f64::max);
    // Clamped to the inputs' range: a weighted mean of equal values must not drift an ulp above
    // them (which would give a score of 100.00000000000003).
    let clamped_mean = || mean(items).clamp(min(), max());
    match method {
        Method::Mean => Some(clamped_mean()),
        Method::Minimum => Some(min()),
        Method::CappedMean => Some(clamped_mean().min(min() + 1.0)),
        Method::Median => {
            sort_stable(items);
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

/// Sorts by value, stably (equal values keep their order): an insertion sort for the few items
/// of a group (no call into the general sort's setup), the standard stable sort beyond. Both
/// give the same order, so the median is the same bit for bit.
#[inline]
fn sort_stable(items: &mut [(f64, f64)]) {
    if items.len() > 16 {
        items.sort_by(|a, b| a.0.total_cmp(&b.0));
        return;
    }
    for i in 1..items.len() {
        let mut j = i;
        while j > 0 && items[j - 1].0.total_cmp(&items[j].0).is_gt() {
            items.swap(j - 1, j);
            j -= 1;
        }
    }
}

pub(super) fn mean(items: &[(f64, f64)]) -> f64 {
    let (sw, swx) = items
        .iter()
        .fold((0.0, 0.0), |(sw, swx), (x, w)| (sw + w, swx + w * x));
    swx / sw
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::sort_stable;

    proptest! {
        /// The small-group sort gives the standard stable sort's order (ties and signed zeros
        /// included), so medians are unchanged.
        #[test]
        fn sort_stable_is_the_standard_stable_sort(
            items in prop::collection::vec(
                (prop_oneof![Just(0.0), Just(-0.0), Just(1.0), Just(2.5), -5.0f64..5.0], 0.0f64..3.0),
                0..40,
            )
        ) {
            let mut ours = items.clone();
            sort_stable(&mut ours);
            let mut std = items;
            std.sort_by(|a, b| a.0.total_cmp(&b.0));
            let bits = |v: &[(f64, f64)]| v.iter().map(|p| (p.0.to_bits(), p.1.to_bits())).collect::<Vec<_>>();
            prop_assert_eq!(bits(&ours), bits(&std));
        }
    }
}

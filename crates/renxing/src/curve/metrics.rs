//! Numeric kernels on the piecewise-linear interpolant of a sampled curve. No allocation.

/// Q at time `x` by linear interpolation between the samples (`t` strictly increasing,
/// `t[0] <= x <= t[n-1]`). A sample time returns its sample value exactly.
pub(crate) fn interp(t: &[f64], q: &[f64], x: f64) -> f64 {
    // First index with t[i] >= x.
    let i = t.partition_point(|&ti| ti < x);
    if i >= t.len() {
        return q[t.len() - 1];
    }
    if t[i] == x || i == 0 {
        return q[i];
    }
    let (a, c) = (t[i - 1], t[i]);
    q[i - 1] + (q[i] - q[i - 1]) * ((x - a) / (c - a))
}

/// The knots of the interpolant restricted to `[start, end]`: `(start, Q(start))`, every sample
/// strictly inside, `(end, Q(end))`.
pub(crate) fn knots<'a>(
    t: &'a [f64],
    q: &'a [f64],
    start: f64,
    end: f64,
) -> impl Iterator<Item = (f64, f64)> + 'a {
    let lo = t.partition_point(|&ti| ti <= start);
    let hi = t.partition_point(|&ti| ti < end);
    let first = (start, interp(t, q, start));
    let last = (end, interp(t, q, end));
    std::iter::once(first)
        .chain((lo..hi.max(lo)).map(move |i| (t[i], q[i])))
        .chain(std::iter::once(last))
}

/// ∫ max(0, d(s)) ds over an interval of width `h` where `d` is linear from `da` to `dc`: the
/// trapezoid when both ends are ≥ 0, zero when both are ≤ 0, and when the sign changes the
/// triangle up to the crossing point `s* = h·da/(da − dc)` (exact for the linear interpolant).
#[inline]
pub(crate) fn positive_part(da: f64, dc: f64, h: f64) -> f64 {
    if da >= 0.0 && dc >= 0.0 {
        0.5 * h * (da + dc)
    } else if da <= 0.0 && dc <= 0.0 {
        0.0
    } else if da > 0.0 {
        0.5 * h * (da * da / (da - dc))
    } else {
        0.5 * h * (dc * dc / (dc - da))
    }
}

/// What one pass over the window's knots yields.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Pass {
    /// ∫ (b − Q)⁺.
    pub loss: f64,
    /// ∫ (Q − b)⁺.
    pub gain: f64,
    /// The minimum of Q on the window.
    pub min: f64,
    /// The first time the minimum is attained.
    pub t_min: f64,
}

/// Loss and gain areas and the minimum over the window's knots, in time order (fixed summation
/// order: left to right).
pub(crate) fn pass(knots: impl Iterator<Item = (f64, f64)>, b: f64) -> Pass {
    let mut out = Pass {
        loss: 0.0,
        gain: 0.0,
        min: f64::INFINITY,
        t_min: f64::NAN,
    };
    let mut prev: Option<(f64, f64)> = None;
    for (x, y) in knots {
        if y < out.min {
            out.min = y;
            out.t_min = x;
        }
        if let Some((px, py)) = prev {
            let h = x - px;
            out.loss += positive_part(b - py, b - y, h);
            out.gain += positive_part(py - b, y - b, h);
        }
        prev = Some((x, y));
    }
    out
}

/// The first time `t ≥ t_min` at which Q reaches `target`, interpolating linearly in the interval
/// where it crosses: `t = a + (target − Q(a)) / (Q(c) − Q(a)) · (c − a)`. `None` if Q stays below
/// `target` up to the end of the window. The caller handles "never below the target".
pub(crate) fn first_reach(
    knots: impl Iterator<Item = (f64, f64)>,
    t_min: f64,
    target: f64,
) -> Option<f64> {
    let mut prev: Option<(f64, f64)> = None;
    for (x, y) in knots.skip_while(|&(x, _)| x < t_min) {
        if y >= target {
            return Some(match prev {
                Some((px, py)) if py < target => px + (target - py) / (y - py) * (x - px),
                _ => x,
            });
        }
        prev = Some((x, y));
    }
    None
}

/// Whether Q, after first reaching `threshold` at or after `t_min`, falls below it again at a
/// later knot.
pub(crate) fn relapsed(
    knots: impl Iterator<Item = (f64, f64)>,
    t_min: f64,
    threshold: f64,
) -> bool {
    let mut reached = false;
    for (_, y) in knots.skip_while(|&(x, _)| x < t_min) {
        if y >= threshold {
            reached = true;
        } else if reached {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positive_part_cases() {
        assert_eq!(positive_part(2.0, 4.0, 1.0), 3.0);
        assert_eq!(positive_part(-2.0, -4.0, 1.0), 0.0);
        // Crossing at the middle: triangle of base 0.5 and height 2.
        assert_eq!(positive_part(2.0, -2.0, 1.0), 0.5);
        assert_eq!(positive_part(-2.0, 2.0, 1.0), 0.5);
        // loss − gain = signed trapezoid.
        let (a, c, h) = (3.0, -1.0, 2.0);
        let net = positive_part(a, c, h) - positive_part(-a, -c, h);
        assert!((net - 0.5 * h * (a + c)).abs() < 1e-15);
    }

    #[test]
    fn interp_and_knots() {
        let t = [0.0, 1.0, 3.0];
        let q = [10.0, 20.0, 0.0];
        assert_eq!(interp(&t, &q, 0.0), 10.0);
        assert_eq!(interp(&t, &q, 0.5), 15.0);
        assert_eq!(interp(&t, &q, 1.0), 20.0);
        assert_eq!(interp(&t, &q, 2.0), 10.0);
        assert_eq!(interp(&t, &q, 3.0), 0.0);
        let k: Vec<_> = knots(&t, &q, 0.5, 2.0).collect();
        assert_eq!(k, vec![(0.5, 15.0), (1.0, 20.0), (2.0, 10.0)]);
        let k: Vec<_> = knots(&t, &q, 1.0, 3.0).collect();
        assert_eq!(k, vec![(1.0, 20.0), (3.0, 0.0)]);
        let k: Vec<_> = knots(&t, &q, 1.5, 2.0).collect();
        assert_eq!(k, vec![(1.5, 15.0), (2.0, 10.0)]);
    }

    #[test]
    fn reach_and_relapse() {
        let k = [(0.0, 100.0), (1.0, 50.0), (3.0, 110.0), (4.0, 80.0)];
        let t = first_reach(k.iter().copied(), 1.0, 100.0).unwrap();
        assert!((t - 8.0 / 3.0).abs() < 1e-15, "{t}");
        assert_eq!(first_reach(k.iter().copied(), 1.0, 120.0), None);
        assert!(relapsed(k.iter().copied(), 1.0, 99.0));
        assert!(!relapsed(k[..3].iter().copied(), 1.0, 99.0));
    }
}

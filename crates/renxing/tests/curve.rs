//! Functionality curves (renxing::curve): closed-form cases for every metric, the paper's rule
//! from hand-made curves, properties, typed errors.
//!
//! Definitions: Bruneau et al. (2003), Earthquake Spectra 19(4) — loss of resilience
//! R = ∫ [100 − Q(t)] dt over the recovery (the resilience triangle); Cimellaro, Reinhorn &
//! Bruneau (2010), Engineering Structures 32 — recovery time T_RE from the event, average
//! rapidity = loss / T_RE, exponential recovery functions. The paper's rule: Peng & Tan (2022),
//! section 二 (FRAMEWORK.md §2).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use proptest::prelude::*;
use renxing::curve::{
    analyse, analyse_dimensions, path_string, BaselineSource, CurveError, CurveOptions,
    CurveReport, DimensionCurve, EndState, HorizonSource, Series, StartSource,
};
use renxing::{score, Assessment, Dimension, Framework, Lang, Level, Rating};

fn close(got: f64, want: f64, tol: f64) {
    assert!(
        (got - want).abs() <= tol,
        "got {got}, want {want} (tolerance {tol})"
    );
}

fn run(t: &[f64], q: &[f64], o: &CurveOptions) -> CurveReport {
    analyse(&Series::new(t.to_vec(), q.to_vec()), o).unwrap()
}

/// Bruneau's triangle: an instantaneous drop to 50 % at t0 = 0 and a linear recovery over 20
/// time units. Loss = ½ · 20 · 50 = 500; T_RE = 20; rapidity = 50 / 20 = 2.5.
#[test]
fn triangle_given_start() {
    let o = CurveOptions::starting_at(0.0);
    let r = run(
        &[-10.0, -5.0, 0.0, 20.0, 30.0],
        &[100.0, 100.0, 50.0, 100.0, 100.0],
        &o,
    );
    assert_eq!(r.settings.event_start_source, StartSource::Given);
    assert_eq!(r.settings.baseline_source, BaselineSource::PreEventMean);
    assert_eq!(r.settings.horizon_source, HorizonSource::LastSample);
    assert_eq!(r.pre_event_samples, 2); // the sample at t0 shows the drop: not pre-event
    assert_eq!(r.baseline, 100.0);
    assert_eq!((r.min_value, r.min_time), (50.0, 0.0));
    assert_eq!((r.robustness, r.depth), (0.5, 0.5));
    close(r.loss_area, 500.0, 1e-12);
    close(r.loss_area_percent, 500.0, 1e-12);
    close(r.mean_loss_share, 500.0 / (100.0 * 30.0), 1e-15);
    assert_eq!(r.gain_area, 0.0);
    assert_eq!(r.recovered_at, Some(20.0));
    assert_eq!(r.time_to_recover, Some(20.0));
    assert_eq!(r.recovery_duration, Some(20.0));
    close(r.rapidity.unwrap(), 2.5, 1e-15);
    close(r.recovery_slope.unwrap(), 2.5, 1e-15);
    // 90 %: 50 + 2.5 t = 90 → t = 16.
    close(r.share_recovered_at.unwrap(), 16.0, 1e-12);
    close(r.time_to_recover_share.unwrap(), 16.0, 1e-12);
    assert_eq!(r.end_value, 100.0);
    assert_eq!(r.end_state, EndState::BounceBack);
    assert!(r.paper.coped && !r.paper.developed);
    assert_eq!(r.paper.level, Level::Medium);

    // The same triangle with the baseline given and no pre-event sample.
    let r2 = run(
        &[0.0, 20.0, 30.0],
        &[50.0, 100.0, 100.0],
        &CurveOptions::starting_at(0.0).with_baseline(100.0),
    );
    assert_eq!(r2.pre_event_samples, 0);
    assert_eq!(r2.settings.baseline_source, BaselineSource::Given);
    close(r2.loss_area, 500.0, 1e-12);
    assert_eq!(r2.time_to_recover, Some(20.0));
}

/// A trapezoid: baseline 80, a linear drop of 30 over 2, a plateau of 5, a linear recovery over
/// 8. Loss = 30 · (2/2 + 5 + 8/2) = 300; the minimum is first reached at the plateau's start.
#[test]
fn trapezoid_detected() {
    let r = run(
        &[0.0, 4.0, 6.0, 11.0, 19.0, 25.0],
        &[80.0, 80.0, 50.0, 50.0, 80.0, 80.0],
        &CurveOptions::default(),
    );
    assert_eq!(r.settings.event_start_source, StartSource::Detected);
    assert_eq!(r.settings.event_start, 4.0);
    assert_eq!(r.pre_event_samples, 2);
    assert_eq!(r.baseline, 80.0);
    assert_eq!((r.min_value, r.min_time), (50.0, 6.0));
    close(r.depth, 0.375, 1e-15);
    close(r.loss_area, 300.0, 1e-12);
    close(r.loss_area_percent, 375.0, 1e-12);
    close(r.mean_loss_share, 300.0 / (80.0 * 21.0), 1e-15);
    assert_eq!(r.recovered_at, Some(19.0));
    assert_eq!(r.time_to_recover, Some(15.0));
    assert_eq!(r.recovery_duration, Some(13.0));
    close(r.rapidity.unwrap(), 2.0, 1e-15);
    close(r.recovery_slope.unwrap(), 30.0 / 13.0, 1e-15);
    // 90 % of 80 = 72: 50 + 30/8 (t − 11) = 72 → t = 11 + 176/30.
    close(r.share_recovered_at.unwrap(), 11.0 + 176.0 / 30.0, 1e-12);
    close(r.time_to_recover_share.unwrap(), 7.0 + 176.0 / 30.0, 1e-12);
    assert_eq!(r.paper.level, Level::Medium);
}

/// A step: from 60 for 10 time units back to the baseline 100 within ε. The interpolant is exact:
/// loss = 40 · 10 + ½ · 40 · ε.
#[test]
fn step_down_and_up() {
    let eps = 1e-6;
    let o = CurveOptions::starting_at(0.0).with_baseline(100.0);
    let r = run(
        &[0.0, 10.0, 10.0 + eps, 20.0],
        &[60.0, 60.0, 100.0, 100.0],
        &o,
    );
    close(r.loss_area, 400.0 + 20.0 * eps, 1e-10);
    close(r.time_to_recover.unwrap(), 10.0 + eps, 1e-12);
    close(r.recovery_duration.unwrap(), 10.0 + eps, 1e-12);
    close(r.rapidity.unwrap(), 40.0 / (10.0 + eps), 1e-12);
    assert_eq!(r.end_state, EndState::BounceBack);

    // A step up beyond the baseline (to 120): Q crosses b inside the last short interval at
    // s* = 10 + ε·40/60. Loss adds the triangle ½·ε·40·(40/60), gain the rest above 100.
    let r = run(
        &[0.0, 10.0, 10.0 + eps, 20.0],
        &[60.0, 60.0, 120.0, 120.0],
        &o,
    );
    let cross = 10.0 + eps * 40.0 / 60.0;
    close(r.loss_area, 400.0 + 0.5 * eps * 40.0 * (40.0 / 60.0), 1e-10);
    close(
        r.gain_area,
        0.5 * eps * 20.0 * (20.0 / 60.0) + 20.0 * (10.0 - eps),
        1e-10,
    );
    close(r.recovered_at.unwrap(), cross, 1e-12);
    assert_eq!(r.end_state, EndState::BounceForward);
    assert_eq!(r.paper.level, Level::High);
}

/// Exponential recovery Q(t) = b − d·e^(−t/τ) (Cimellaro et al. 2010's exponential recovery
/// function), b = 100, d = 50, τ = 5, sampled every h = 0.01 up to T = 10τ.
/// Loss = d·τ·(1 − e^(−T/τ)); the trapezoidal rule overestimates a convex integrand by about
/// h²/12 · (d/τ)(1 − e^(−T/τ)) ≈ 8.3e-5, so the tolerance is 1e-4. The time to 99 % of the
/// baseline is τ·ln(d / (0.01·b)) = 5 ln 50; linear interpolation between samples errs by
/// O(h²): tolerance 1e-4. Q never reaches b exactly: no full recovery, no rapidity.
#[test]
fn exponential_recovery() {
    let (b, d, tau, h) = (100.0, 50.0, 5.0, 0.01);
    let n = 5001;
    let t: Vec<f64> = (0..n).map(|k| k as f64 * h).collect();
    let q: Vec<f64> = t.iter().map(|&x| b - d * (-x / tau).exp()).collect();
    let o = CurveOptions {
        recovery_share: 0.99,
        ..CurveOptions::starting_at(0.0).with_baseline(b)
    };
    let r = run(&t, &q, &o);
    let big_t = 50.0;
    close(r.loss_area, d * tau * (1.0 - (-big_t / tau).exp()), 1e-4);
    assert!(r.loss_area > d * tau * (1.0 - (-big_t / tau).exp()));
    close(r.depth, 0.5, 1e-15);
    assert_eq!(r.min_time, 0.0);
    close(r.time_to_recover_share.unwrap(), tau * 50f64.ln(), 1e-4);
    assert_eq!(r.time_to_recover, None);
    assert_eq!(r.rapidity, None);
    assert_eq!(r.end_state, EndState::BounceBack); // 99.9977 within 1 % of 100
    assert_eq!(r.paper.level, Level::Medium);
    // With a horizon at 2τ, Q(T) = 100 − 50 e^(−2) = 93.2: not recovered, low.
    let r = run(&t, &q, &o.clone().with_horizon(2.0 * tau));
    close(r.loss_area, d * tau * (1.0 - (-2.0f64).exp()), 1e-4);
    assert_eq!(r.end_state, EndState::NotRecovered);
    assert_eq!(r.paper.level, Level::Low);
}

/// The paper's rule from hand-made curves: bounce back → medium, bounce forward → high,
/// no recovery → low, recovery then relapse → low (flagged).
#[test]
fn paper_rule_from_curves() {
    let t = [0.0, 1.0, 2.0, 3.0, 4.0];
    let level = |q: [f64; 5]| {
        let r = run(&t, &q, &CurveOptions::default());
        (
            r.end_state,
            r.paper.coped,
            r.paper.developed,
            r.paper.level,
            r.relapsed,
        )
    };
    assert_eq!(
        level([100.0, 100.0, 40.0, 80.0, 100.0]),
        (EndState::BounceBack, true, false, Level::Medium, false)
    );
    assert_eq!(
        level([100.0, 100.0, 40.0, 80.0, 99.5]), // within the 1 % band
        (EndState::BounceBack, true, false, Level::Medium, false)
    );
    assert_eq!(
        level([100.0, 100.0, 40.0, 90.0, 115.0]),
        (EndState::BounceForward, true, true, Level::High, false)
    );
    assert_eq!(
        level([100.0, 100.0, 40.0, 60.0, 80.0]),
        (EndState::NotRecovered, false, false, Level::Low, false)
    );
    assert_eq!(
        level([100.0, 100.0, 40.0, 100.0, 70.0]),
        (EndState::NotRecovered, false, false, Level::Low, true)
    );
    // Bounce forward within the 1 % band is a bounce back.
    let r = run(
        &t,
        &[100.0, 100.0, 40.0, 90.0, 101.0],
        &CurveOptions::default(),
    );
    assert_eq!(r.end_state, EndState::BounceBack);
}

/// The reading becomes a rating the framework scores: two answers plus the numbers as evidence.
#[test]
fn curves_rate_dimensions() {
    let t = vec![0.0, 7.0, 8.0, 30.0, 60.0];
    let curves = vec![
        DimensionCurve {
            dimension: "needs_met".into(),
            series: Series::new(t.clone(), vec![95.0, 95.0, 40.0, 96.0, 100.0]),
            options: CurveOptions::default(),
        },
        DimensionCurve {
            dimension: "resident_connectivity".into(),
            series: Series::new(t.clone(), vec![70.0, 70.0, 60.0, 65.0, 70.0]),
            options: CurveOptions::default(),
        },
        DimensionCurve {
            dimension: "resource_linkage".into(),
            series: Series::new(t, vec![50.0, 50.0, 10.0, 20.0, 30.0]),
            options: CurveOptions::default(),
        },
    ];
    let set = analyse_dimensions(&curves, Framework::paper()).unwrap();
    let levels: Vec<_> = set
        .readings
        .iter()
        .map(|r| (r.dimension.as_str(), r.report.paper.level))
        .collect();
    assert_eq!(
        levels,
        [
            ("needs_met", Level::High),
            ("resident_connectivity", Level::Medium),
            ("resource_linkage", Level::Low)
        ]
    );
    let mut a = Assessment::new("riverside", "河畔社区");
    a.rate(Dimension::Rules, Rating::level(Level::Medium));
    set.apply_to(&mut a, Lang::Zh);
    assert_eq!(a.level_of(Dimension::NeedsMet), Some(Level::High));
    let ev = &a.rating("needs_met").unwrap().evidence[0];
    assert_eq!(ev.source.as_deref(), Some("功能曲线"));
    assert!(ev.note.as_deref().unwrap().contains("损失面积"));
    // Robustness = mean(high 3, low 1, medium 2) = 2 → medium.
    let card = score(&a, Framework::paper()).unwrap();
    let rob = card.attribute("robustness").unwrap().grade.clone().unwrap();
    assert_eq!(rob.level, "medium");
    // Results read back.
    let json = serde_json::to_string(&set).unwrap();
    let back: renxing::curve::CurveSet = serde_json::from_str(&json).unwrap();
    assert_eq!(back, set);
}

#[test]
fn typed_errors() {
    let d = CurveOptions::default();
    let err =
        |t: Vec<f64>, q: Vec<f64>, o: &CurveOptions| analyse(&Series::new(t, q), o).unwrap_err();

    let e = err(vec![0.0], vec![1.0], &d);
    assert_eq!(e, CurveError::TooFewSamples { len: 1 });
    assert_eq!(path_string(&e.path()), "time");
    let e = err(vec![], vec![], &d);
    assert_eq!(e, CurveError::TooFewSamples { len: 0 });
    let e = err(vec![0.0, 1.0], vec![1.0], &d);
    assert_eq!(e.reason(), "length_mismatch");
    let e = err(vec![0.0, 2.0, 1.0], vec![1.0, 1.0, 1.0], &d);
    assert_eq!(
        e,
        CurveError::NotIncreasing {
            index: 2,
            previous: 2.0,
            value: 1.0
        }
    );
    assert_eq!(path_string(&e.path()), "time[2]");
    let e = err(vec![0.0, 1.0, 2.0], vec![1.0, f64::NAN, 1.0], &d);
    assert_eq!(path_string(&e.path()), "value[1]");
    assert!(e.to_string().contains("NaN"));
    let e = err(vec![0.0, f64::INFINITY], vec![1.0, 1.0], &d);
    assert_eq!(path_string(&e.path()), "time[1]");
    assert!(e.message_zh().contains("有限数"));

    let t = vec![0.0, 1.0, 2.0, 3.0];
    let q = vec![100.0, 100.0, 50.0, 100.0];
    let e = err(t.clone(), q.clone(), &CurveOptions::starting_at(3.0));
    assert_eq!(e.reason(), "event_start_outside");
    let e = err(t.clone(), q.clone(), &CurveOptions::starting_at(0.0));
    assert_eq!(e, CurveError::NoPreEventSamples { event_start: 0.0 });
    assert_eq!(path_string(&e.path()), "options.baseline");
    let e = err(
        t.clone(),
        q.clone(),
        &CurveOptions::default().with_horizon(5.0),
    );
    assert_eq!(e.reason(), "horizon_outside");
    let e = err(
        t.clone(),
        q.clone(),
        &CurveOptions::default().with_horizon(1.0),
    );
    assert_eq!(e.reason(), "horizon_outside"); // not after the detected start t0 = 1
    let e = err(t.clone(), vec![1.0, 2.0, 3.0, 4.0], &d);
    assert_eq!(e, CurveError::NoEventDetected { tolerance: 0.01 });
    let e = err(
        t.clone(),
        q.clone(),
        &CurveOptions::default().with_baseline(200.0),
    );
    assert_eq!(e.reason(), "dropped_at_first_sample");
    let e = err(
        t.clone(),
        q.clone(),
        &CurveOptions::starting_at(1.0).with_baseline(-1.0),
    );
    assert_eq!(e.reason(), "non_positive_baseline");
    let bad = CurveOptions {
        recovery_share: 0.0,
        ..CurveOptions::default()
    };
    let e = err(t.clone(), q.clone(), &bad);
    assert_eq!(path_string(&e.path()), "options.recovery_share");
    let bad = CurveOptions {
        drop_tolerance: f64::NAN,
        ..CurveOptions::default()
    };
    assert_eq!(err(t.clone(), q.clone(), &bad).reason(), "invalid_option");

    // Several curves: the path leads to the curve.
    let c = |dim: &str, t: Vec<f64>| DimensionCurve {
        dimension: dim.into(),
        series: Series::new(t, q.clone()),
        options: CurveOptions::default(),
    };
    let e = analyse_dimensions(
        &[
            c("needs_met", t.clone()),
            c("rules", vec![0.0, 1.0, 1.0, 2.0]),
        ],
        Framework::paper(),
    )
    .unwrap_err();
    assert_eq!(path_string(&e.path()), "curves[1].series.time[2]");
    assert!(e.message_zh().contains("curves[1]"));
    let e = analyse_dimensions(&[c("needs", t.clone())], Framework::paper()).unwrap_err();
    assert_eq!(path_string(&e.path()), "curves[0].dimension");
    let e = analyse_dimensions(
        &[c("rules", t.clone()), c("rules", t.clone())],
        Framework::paper(),
    )
    .unwrap_err();
    assert_eq!(e.reason(), "duplicate_dimension");
    assert_eq!(
        analyse_dimensions(&[], Framework::paper()).unwrap_err(),
        CurveError::Empty
    );
}

/// A random curve: increasing times from positive steps, values in [1, 200].
fn curve() -> impl Strategy<Value = (Vec<f64>, Vec<f64>)> {
    (2usize..40).prop_flat_map(|n| {
        (
            prop::collection::vec(0.01f64..10.0, n),
            prop::collection::vec(1.0f64..200.0, n),
        )
            .prop_map(|(steps, q)| {
                let mut t = Vec::with_capacity(steps.len());
                let mut acc = 0.0;
                for s in steps {
                    t.push(acc);
                    acc += s;
                }
                (t, q)
            })
    })
}

/// The naive oracle: split each interval at its baseline crossing and apply the trapezoidal
/// rule to max(0, b − Q) on the pieces.
fn naive_loss(t: &[f64], q: &[f64], b: f64) -> f64 {
    let mut s = 0.0;
    for i in 1..t.len() {
        let (a, c, qa, qc) = (t[i - 1], t[i], q[i - 1], q[i]);
        let mut pts = vec![(a, qa)];
        if (qa - b) * (qc - b) < 0.0 {
            let x = a + (b - qa) / (qc - qa) * (c - a);
            pts.push((x, b));
        }
        pts.push((c, qc));
        for w in pts.windows(2) {
            s += 0.5 * (w[1].0 - w[0].0) * ((b - w[0].1).max(0.0) + (b - w[1].1).max(0.0));
        }
    }
    s
}

fn rel(a: f64, b: f64) -> f64 {
    (a - b).abs() / (1.0 + a.abs().max(b.abs()))
}

proptest! {
    #[test]
    fn loss_is_nonnegative_and_matches_the_oracle((t, q) in curve(), b in 1.0f64..200.0) {
        let o = CurveOptions::starting_at(t[0]).with_baseline(b);
        let r = analyse(&Series::new(t.clone(), q.clone()), &o).unwrap();
        prop_assert!(r.loss_area >= 0.0 && r.gain_area >= 0.0);
        prop_assert!(rel(r.loss_area, naive_loss(&t, &q, b)) < 1e-9);
        // loss − gain is the signed trapezoid of b − Q.
        let signed: f64 = (1..t.len()).map(|i| 0.5 * (t[i] - t[i-1]) * (2.0 * b - q[i] - q[i-1])).sum();
        prop_assert!(rel(r.loss_area - r.gain_area, signed) < 1e-9);
        prop_assert!(r.depth >= 0.0 && r.depth < 1.0);
        if let (Some(tr), Some(ts)) = (r.time_to_recover, r.time_to_recover_share) {
            prop_assert!(ts <= tr + 1e-12);
        }
    }

    #[test]
    fn never_below_baseline_loses_nothing((t, q) in curve()) {
        let b = q.iter().copied().fold(f64::INFINITY, f64::min);
        let o = CurveOptions::starting_at(t[0]).with_baseline(b);
        let r = analyse(&Series::new(t, q), &o).unwrap();
        prop_assert_eq!(r.loss_area, 0.0);
        prop_assert_eq!(r.depth, 0.0);
        prop_assert_eq!(r.time_to_recover, Some(0.0));
        prop_assert_eq!(r.rapidity, None);
        prop_assert!(r.paper.coped);
    }

    #[test]
    fn scaling_time_scales_area_and_recovery((t, q) in curve(), c in 0.1f64..10.0) {
        let o = CurveOptions::starting_at(t[0]).with_baseline(220.0);
        let a = analyse(&Series::new(t.clone(), q.clone()), &o).unwrap();
        let ts: Vec<f64> = t.iter().map(|x| x * c).collect();
        let oc = CurveOptions::starting_at(ts[0]).with_baseline(220.0);
        let s = analyse(&Series::new(ts, q), &oc).unwrap();
        prop_assert!(rel(s.loss_area, c * a.loss_area) < 1e-9);
        prop_assert!(rel(s.gain_area, c * a.gain_area) < 1e-9);
        prop_assert_eq!(s.depth, a.depth);
        prop_assert_eq!(s.end_state, a.end_state);
        prop_assert_eq!(s.time_to_recover.is_some(), a.time_to_recover.is_some());
        if let (Some(x), Some(y)) = (s.time_to_recover, a.time_to_recover) {
            prop_assert!(rel(x, c * y) < 1e-9);
        }
        if let (Some(x), Some(y)) = (s.rapidity, a.rapidity) {
            prop_assert!(rel(x, y / c) < 1e-9);
        }
    }

    #[test]
    fn shifting_time_changes_nothing((t, q) in curve(), shift in -1000.0f64..1000.0) {
        let d = CurveOptions::default();
        let a = analyse(&Series::new(t.clone(), q.clone()), &d);
        let ts: Vec<f64> = t.iter().map(|x| x + shift).collect();
        let s = analyse(&Series::new(ts, q), &d);
        match (a, s) {
            (Ok(a), Ok(s)) => {
                prop_assert_eq!(a.baseline, s.baseline);
                prop_assert!(rel(s.settings.event_start, a.settings.event_start + shift) < 1e-12);
                prop_assert!(rel(s.loss_area, a.loss_area) < 1e-9);
                prop_assert_eq!(s.min_value, a.min_value);
                prop_assert_eq!(s.end_state, a.end_state);
                prop_assert_eq!(s.paper, a.paper);
                match (s.time_to_recover, a.time_to_recover) {
                    (Some(x), Some(y)) => prop_assert!((x - y).abs() < 1e-7),
                    (x, y) => prop_assert_eq!(x, y),
                }
            }
            (Err(a), Err(s)) => prop_assert_eq!(a.reason(), s.reason()),
            (a, s) => prop_assert!(false, "{:?} vs {:?}", a.map(|r| r.loss_area), s.map(|r| r.loss_area)),
        }
    }

    #[test]
    fn detected_baseline_is_the_pre_event_mean((t, q) in curve()) {
        if let Ok(r) = analyse(&Series::new(t, q.clone()), &CurveOptions::default()) {
            let pre = &q[..r.pre_event_samples];
            let m = pre.iter().sum::<f64>() / pre.len() as f64;
            prop_assert!(rel(r.baseline, m) < 1e-12);
            prop_assert!(q[r.pre_event_samples] < r.baseline * 0.99);
        }
    }
}

#[test]
fn json_schemas_describe_requests_and_results() {
    let req = serde_json::to_value(schemars::schema_for!(DimensionCurve)).unwrap();
    assert!(req.to_string().contains("drop_tolerance"));
    let res = serde_json::to_value(schemars::schema_for!(renxing::curve::CurveSet)).unwrap();
    let text = res.to_string();
    for field in [
        "loss_area",
        "time_to_recover",
        "rapidity",
        "end_state",
        "bounce_forward",
    ] {
        assert!(text.contains(field), "{field}");
    }
}

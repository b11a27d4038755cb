//! Krippendorff's α over partitions (issue 15): the partials of consecutive parts of the units,
//! merged (in any tree) and finished, equal α of the whole data — the same bits on a category
//! scale (integer pair counts), 1e-12 on a numeric one — per group too, with the bootstrap.

#![allow(clippy::expect_used, clippy::panic)]

use proptest::prelude::*;
use renxing::agree::*;

/// units × coders row-major, NaN missing, values 1..=levels (or spread numbers).
fn cells(units: usize, coders: usize, levels: u32, numeric: bool, seed: u64) -> Vec<f64> {
    let mut s = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let mut next = || {
        s = s
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (s >> 33) as u32
    };
    (0..units * coders)
        .map(|_| {
            let r = next();
            if r % 7 == 0 {
                f64::NAN
            } else if numeric {
                f64::from(r % 40) * 0.37 + 1.0
            } else {
                f64::from(1 + r % levels)
            }
        })
        .collect()
}

fn scale(numeric: bool, levels: u32) -> Scale {
    if numeric {
        Scale::Numeric
    } else {
        Scale::levels(levels)
    }
}

fn data(scale: &Scale, v: &[f64], units: usize, coders: usize, groups: usize) -> ReliabilityData {
    let d = ReliabilityData::from_array(scale, units, coders, v).expect("data");
    if groups == 0 {
        return d;
    }
    d.with_groups(
        (0..units)
            .map(|u| Some(format!("g{}", (u * 7 + u / 3) % groups)))
            .collect(),
    )
    .expect("groups")
}

/// The partials of the parts cut at `cuts`, merged pairwise left to right then all at once.
fn partitioned(
    scale: &Scale,
    v: &[f64],
    coders: usize,
    cuts: &[usize],
    groups: usize,
    units: usize,
) -> AgreementPartial {
    let mut parts = Vec::new();
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let rows = &v[a * coders..b * coders];
        let p = if rows.iter().all(|x| x.is_nan()) {
            AgreementPartial::empty(
                scale,
                b - a,
                (0..coders).map(|c| c.to_string()).collect(),
                groups > 0,
            )
        } else {
            let d = ReliabilityData::from_array(scale, b - a, coders, rows).expect("part");
            let d = if groups > 0 {
                d.with_groups(
                    (a..b)
                        .map(|u| Some(format!("g{}", (u * 7 + u / 3) % groups)))
                        .collect(),
                )
                .expect("groups")
            } else {
                d
            };
            AgreementPartial::of(&d, groups > 0).expect("partial")
        };
        // through JSON, as the tasks send them
        let json = serde_json::to_string(&p).expect("json");
        parts.push(serde_json::from_str::<AgreementPartial>(&json).expect("back"));
    }
    let _ = units;
    // a tree: pairs first, then the rest
    let pairs: Vec<AgreementPartial> = parts
        .chunks(2)
        .map(|c| AgreementPartial::merge(c).expect("merge"))
        .collect();
    AgreementPartial::merge(&pairs).expect("merge all")
}

fn spec(bootstrap: bool) -> AgreementSpec {
    let mut s = AgreementSpec {
        measures: vec![Measure::KrippendorffAlpha],
        ..AgreementSpec::default()
    };
    if bootstrap {
        s.alpha = s.alpha.with_bootstrap(BootstrapOptions {
            seed: 11,
            draws: 200,
            ..Default::default()
        });
    }
    s
}

fn alpha(a: &Agreement) -> &AlphaResult {
    match &a.results[0] {
        MeasureValue::KrippendorffAlpha(r) => r,
        other => panic!("not alpha: {other:?}"),
    }
}

#[test]
fn category_scale_is_bit_identical_with_groups_and_bootstrap() {
    let (units, coders, levels) = (3001, 4, 3);
    let sc = scale(false, levels);
    let v = cells(units, coders, levels, false, 5);
    let mem = agreement_by_group(&data(&sc, &v, units, coders, 8), &spec(true)).expect("mem");
    let cuts = [0, 400, 401, 1200, 2999, 3001];
    let got = partitioned(&sc, &v, coders, &cuts, 8, units)
        .finish(&spec(true).alpha)
        .expect("finish");
    assert_eq!(got.groups.len(), 8);
    assert!(alpha(&mem.overall).alpha > -1.0 && alpha(&mem.overall).bootstrap.is_some());
    assert_eq!(got, mem);
}

#[test]
fn numeric_scale_agrees_to_1e_12() {
    let (units, coders) = (2000, 5);
    let sc = scale(true, 0);
    let v = cells(units, coders, 0, true, 9);
    let mem = agreement(&data(&sc, &v, units, coders, 0), &spec(false)).expect("mem");
    let got = partitioned(&sc, &v, coders, &[0, 333, 1000, 1777, 2000], 0, units)
        .finish(&spec(false).alpha)
        .expect("finish");
    let (a, b) = (alpha(&got.overall), alpha(&mem));
    assert_eq!(a.values, b.values);
    assert_eq!(
        (a.n_pairable_values, a.n_pairs),
        (b.n_pairable_values, b.n_pairs)
    );
    assert!(
        (a.alpha - b.alpha).abs() < 1e-12,
        "{} vs {}",
        a.alpha,
        b.alpha
    );
    for (x, y) in a.coincidence.iter().zip(&b.coincidence) {
        assert!((x - y).abs() <= 1e-12 * y.abs().max(1.0));
    }
}

#[test]
fn an_all_missing_partition_and_a_bad_merge() {
    let (units, coders, levels) = (300, 3, 4);
    let sc = scale(false, levels);
    let mut v = cells(units, coders, levels, false, 2);
    v[100 * coders..200 * coders]
        .iter_mut()
        .for_each(|x| *x = f64::NAN);
    let mem = agreement(&data(&sc, &v, units, coders, 0), &spec(false)).expect("mem");
    let got = partitioned(&sc, &v, coders, &[0, 100, 200, 300], 0, units)
        .finish(&spec(false).alpha)
        .expect("finish");
    assert_eq!(got.overall, mem);
    let a = AgreementPartial::empty(&sc, 1, vec![], false);
    let b = AgreementPartial::empty(&Scale::Numeric, 1, vec![], false);
    let e = AgreementPartial::merge(&[a, b]).expect_err("two scales");
    assert!(matches!(e, AgreeError::InvalidOption { .. }), "{e:?}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    /// Any cut of the units, any number of coders and levels: the same bits.
    #[test]
    fn any_cut_is_identical(
        units in 2usize..200, coders in 2usize..6, levels in 2u32..6, seed in 0u64..1000,
        c1 in 0usize..200, c2 in 0usize..200,
    ) {
        let sc = scale(false, levels);
        let v = cells(units, coders, levels, false, seed);
        prop_assume!(v.iter().any(|x| !x.is_nan()));
        let mem = agreement_by_group(&data(&sc, &v, units, coders, 3), &spec(false)).expect("mem");
        let mut cuts = vec![0, c1 % units, c2 % units, units];
        cuts.sort_unstable();
        let got = partitioned(&sc, &v, coders, &cuts, 3, units).finish(&spec(false).alpha).expect("finish");
        prop_assert_eq!(got, mem);
    }
}

/// A partial edited by hand (counts of another size) is refused, not a panic.
#[test]
fn an_inconsistent_partial_is_refused() {
    let sc = scale(false, 3);
    let v = cells(10, 2, 3, false, 1);
    let p = AgreementPartial::of(&data(&sc, &v, 10, 2, 0), false).expect("partial");
    let mut bad = p.clone();
    bad.overall.n_c.pop();
    let e = AgreementPartial::merge(&[p.clone(), bad.clone()]).expect_err("sizes");
    assert!(matches!(e, AgreeError::InvalidOption { .. }), "{e:?}");
    assert!(bad.overall.alpha(&AlphaOptions::default()).is_err());
}

//! Uncertainty analysis in blocks of runs and ranges of units (`uncertainty::blocks`, issue
//! 15): the same result as the in-memory analysis with the same seed, bit for bit (compared
//! as Debug text, which prints every float in its shortest round-trip form), whatever the
//! unit ranges; refusals name the field.

#![allow(clippy::unwrap_used)]

use renxing::composite::*;
use renxing::uncertainty::blocks::*;
use renxing::uncertainty::*;

fn data(n: usize) -> Dataset {
    let units: Vec<String> = (0..n).map(|i| format!("c{i:03}")).collect();
    let ind = vec![
        IndicatorMeta::new("volunteers", "participation"),
        IndicatorMeta::new("drills", "participation"),
        IndicatorMeta::new("wechat", "it_use"),
        IndicatorMeta::new("complaints", "it_use").cost(),
    ];
    let mut v = Vec::new();
    for i in 0..n {
        for j in 0..4 {
            v.push(((i * 7 + j * 13) % 17) as f64 + 0.1 * i as f64 + 0.37 * j as f64 + 1.0);
        }
    }
    // a tie: unit 5 copies unit 2
    for j in 0..4 {
        v[5 * 4 + j] = v[2 * 4 + j];
    }
    let mut d = Dataset::new(units, ind, v);
    d.hierarchy.dimensions = vec![
        GroupSpec::new("participation", Some("connectivity")),
        GroupSpec::new("it_use", Some("redundancy")),
    ];
    d.hierarchy.attributes = vec![
        GroupSpec::new("connectivity", None),
        GroupSpec::new("redundancy", None),
    ];
    d
}

fn distributed(
    p: &Pipeline,
    d: &Dataset,
    spec: &UncertaintySpec,
    cuts: &[usize],
) -> UncertaintyResult {
    let h = uncertainty_header(p, d, spec).unwrap();
    // blocks in any order (as workers finish them), then sorted by index
    let mut blocks: Vec<RunBlock> = (0..h.blocks)
        .rev()
        .map(|b| uncertainty_block(p, d, spec, b).unwrap())
        .collect();
    blocks.sort_by_key(|b| b.block);
    let parts = cuts
        .windows(2)
        .map(|w| uncertainty_units(&h, spec, &blocks, w[0], w[1]).unwrap())
        .collect();
    uncertainty_assemble(&h, spec, parts).unwrap()
}

#[test]
fn blocks_and_unit_ranges_give_the_in_memory_result_bit_for_bit() {
    let d = data(23);
    let p: Pipeline = serde_json::from_str(
        r#"{"steps": [{"step": "normalise"}, {"step": "weight", "method": "entropy"},
        {"step": "aggregate"}, {"step": "band", "levels": ["low", "medium", "high"],
        "thresholds": [40, 60], "targets": ["overall"]}, {"step": "rank"}]}"#,
    )
    .unwrap();
    let spec = UncertaintySpec {
        factors: vec![
            Factor::WeightNoise {
                level: WeightLevel::Indicator,
                share: 0.5,
            },
            Factor::Aggregation {
                methods: vec![AggMethod::Arithmetic, AggMethod::Geometric],
                levels: vec![AggLevel::Overall],
            },
        ],
        runs: 600, // three blocks, the last one partial
        seed: 7,
        ..UncertaintySpec::default()
    };
    let mem = uncertainty(&p, &d, &spec).unwrap();
    assert_eq!(mem.unit_stats.len(), 23);
    assert!(mem.pairwise.is_some());
    assert!(mem.unit_stats.iter().any(|u| u.rank.sd > 0.0));
    for cuts in [&[0, 23][..], &[0, 1, 9, 9, 23], &[0, 11, 12, 23]] {
        let got = distributed(&p, &d, &spec, cuts);
        assert_eq!(format!("{got:?}"), format!("{mem:?}"), "cuts {cuts:?}");
    }
}

#[test]
fn raw_runs_and_bad_parts_are_refused() {
    let d = data(6);
    let p: Pipeline =
        serde_json::from_str(r#"{"steps": [{"step": "normalise"}, {"step": "aggregate"}]}"#)
            .unwrap();
    let spec = UncertaintySpec {
        factors: vec![Factor::WeightNoise {
            level: WeightLevel::Indicator,
            share: 0.2,
        }],
        runs: 10,
        ..UncertaintySpec::default()
    };
    let s = UncertaintySpec {
        keep_runs: true,
        ..spec.clone()
    };
    let e = uncertainty_header(&p, &d, &s).unwrap_err();
    assert_eq!(e.path().to_string(), "keep_runs");
    let h = uncertainty_header(&p, &d, &spec).unwrap();
    assert!(uncertainty_block(&p, &d, &spec, 1).is_err());
    let b = uncertainty_block(&p, &d, &spec, 0).unwrap();
    assert!(uncertainty_units(&h, &spec, &[], 0, 6).is_err());
    let part = uncertainty_units(&h, &spec, &[b], 0, 3).unwrap();
    // a range missing
    assert!(uncertainty_assemble(&h, &spec, vec![part]).is_err());
}

/// Slabs (issue 15 at scale): each block split into run ranges evaluated separately, each cut
/// by units; each unit-range task takes only its own units' slabs. The same bits as in memory
/// whatever the split (pairwise needs whole rows: one unit range then).
#[test]
fn slabs_of_run_ranges_and_unit_ranges_give_the_in_memory_result_bit_for_bit() {
    let d = data(23);
    let p: Pipeline = serde_json::from_str(
        r#"{"steps": [{"step": "normalise"}, {"step": "weight", "method": "entropy"},
        {"step": "aggregate"}, {"step": "band", "levels": ["low", "medium", "high"],
        "thresholds": [40, 60], "targets": ["overall"]}, {"step": "rank"}]}"#,
    )
    .unwrap();
    let mut spec = UncertaintySpec {
        factors: vec![
            Factor::WeightNoise {
                level: WeightLevel::Indicator,
                share: 0.5,
            },
            Factor::Aggregation {
                methods: vec![AggMethod::Arithmetic, AggMethod::Geometric],
                levels: vec![AggLevel::Overall],
            },
        ],
        runs: 600,
        seed: 11,
        pairwise: false,
        ..UncertaintySpec::default()
    };
    for pairwise in [false, true] {
        spec.pairwise = pairwise;
        let mem = uncertainty(&p, &d, &spec).unwrap();
        let h = uncertainty_header(&p, &d, &spec).unwrap();
        let cuts: &[usize] = if pairwise {
            &[0, 23]
        } else {
            &[0, 4, 4, 17, 23]
        };
        // run ranges per block: 256 = 100 + 156; 256 = 1 + 255; the last 88 whole
        let splits: [&[usize]; 3] = [&[0, 100, 256], &[0, 1, 256], &[0, 88]];
        let mut by_range: Vec<Vec<RunSlab>> = vec![Vec::new(); cuts.len() - 1];
        for (b, split) in splits.iter().enumerate() {
            for r in split.windows(2) {
                let slabs = uncertainty_slabs(&p, &d, &spec, b, Some([r[0], r[1]]), cuts).unwrap();
                assert_eq!(slabs.len(), cuts.len() - 1);
                for (i, s) in slabs.into_iter().enumerate() {
                    assert_eq!(s.scores.len(), s.runs * (s.end - s.start));
                    by_range[i].push(s);
                }
            }
        }
        let parts = cuts
            .windows(2)
            .zip(&by_range)
            .map(|(w, slabs)| {
                uncertainty_slab_units(
                    &h,
                    &spec,
                    &slabs.iter().map(RunSlab::as_ref).collect::<Vec<_>>(),
                    w[0],
                    w[1],
                )
                .unwrap()
            })
            .collect();
        let got = uncertainty_assemble(&h, &spec, parts).unwrap();
        assert_eq!(
            format!("{got:?}"),
            format!("{mem:?}"),
            "pairwise {pairwise}"
        );
    }
    // a bad run range, a bad cut, a missing slab, pairwise from slabs of part of the units
    assert!(uncertainty_slabs(&p, &d, &spec, 2, Some([0, 89]), &[0, 23]).is_err());
    spec.pairwise = false;
    assert!(uncertainty_slabs(&p, &d, &spec, 0, None, &[0, 30]).is_err());
    let h = uncertainty_header(&p, &d, &spec).unwrap();
    let one = uncertainty_slabs(&p, &d, &spec, 0, None, &[0, 23]).unwrap();
    let e = uncertainty_slab_units(
        &h,
        &spec,
        &one.iter().map(RunSlab::as_ref).collect::<Vec<_>>(),
        0,
        23,
    )
    .unwrap_err();
    assert!(format!("{e:?}").contains("slabs"), "{e:?}");
    spec.pairwise = true;
    let h = uncertainty_header(&p, &d, &spec).unwrap();
    let halves: Vec<RunSlab> = (0..3)
        .map(|b| {
            uncertainty_slabs(&p, &d, &spec, b, None, &[0, 10, 23])
                .unwrap()
                .remove(0)
        })
        .collect();
    let e = uncertainty_slab_units(
        &h,
        &spec,
        &halves.iter().map(RunSlab::as_ref).collect::<Vec<_>>(),
        0,
        10,
    )
    .unwrap_err();
    assert!(format!("{e:?}").contains("pairwise"), "{e:?}");
}

/// Sobol on a cluster (issue 15): the Saltelli runs of ranges of base samples evaluated
/// separately (ranges across the 256-row blocks of the design's streams), the indices
/// estimated from the gathered runs: the in-memory result, bit for bit.
#[test]
fn sensitivity_parts_give_the_in_memory_result_bit_for_bit() {
    let d = data(23);
    let p: Pipeline = serde_json::from_str(
        r#"{"steps": [{"step": "normalise"}, {"step": "aggregate"}, {"step": "rank"}]}"#,
    )
    .unwrap();
    let mut spec = SensitivitySpec {
        factors: vec![
            Factor::WeightNoise {
                level: WeightLevel::Indicator,
                share: 0.5,
            },
            Factor::Aggregation {
                methods: vec![AggMethod::Arithmetic, AggMethod::Geometric],
                levels: vec![AggLevel::Overall],
            },
        ],
        n: 300,
        seed: 5,
        bootstrap: 50,
        one_at_a_time: true,
        ..SensitivitySpec::default()
    };
    let mem = sensitivity(&p, &d, &spec).unwrap();
    assert!(mem
        .mean_abs_rank_shift
        .indices
        .total
        .iter()
        .any(|&t| t > 0.0));
    assert!(!mem.one_at_a_time.is_empty() && mem.ranks.len() == 23);
    let parts: Vec<SensitivityPart> = [[0, 100], [100, 255], [255, 257], [257, 300]]
        .iter()
        .map(|&s| sensitivity_runs(&p, &d, &spec, s).unwrap())
        .collect();
    let got = sensitivity_assemble(&p, &d, &spec, &parts).unwrap();
    assert_eq!(format!("{got:?}"), format!("{mem:?}"));
    // a gap, a bad range, raw runs
    assert!(sensitivity_assemble(&p, &d, &spec, &parts[1..]).is_err());
    assert!(sensitivity_runs(&p, &d, &spec, [10, 301]).is_err());
    spec.keep_runs = true;
    assert!(sensitivity_runs(&p, &d, &spec, [0, 10]).is_err());
}

/// numpy's default percentile (linear between order statistics) of `v`: the naive oracle.
fn percentile(v: &[f64], q: f64) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    let h = (s.len() - 1) as f64 * q;
    let lo = h.floor() as usize;
    if lo + 1 >= s.len() {
        s[lo]
    } else {
        s[lo] + (h - h.floor()) * (s[lo + 1] - s[lo])
    }
}

/// Many units and few runs: the rank percentiles come from each unit's sorted ranks, not from a
/// histogram of every possible rank (which costs O(units) per unit: 2,000,000 units took hours
/// on a cluster). Same numbers as the naive oracle, in memory and in unit ranges.
#[test]
fn many_units_few_runs_rank_percentiles_equal_the_naive_ones() {
    let n = 300;
    let d = data(n);
    let p: Pipeline = serde_json::from_str(
        r#"{"steps": [{"step": "normalise"}, {"step": "aggregate"}, {"step": "rank"}]}"#,
    )
    .unwrap();
    let runs = 20; // n + 2 > 8 × runs: the sorted path
    let spec = UncertaintySpec {
        factors: vec![Factor::WeightNoise {
            level: WeightLevel::Indicator,
            share: 0.9,
        }],
        runs,
        seed: 11,
        keep_runs: true,
        pairwise: false,
        ..UncertaintySpec::default()
    };
    let mem = uncertainty(&p, &d, &spec).unwrap();
    let raw = mem.runs.as_ref().unwrap();
    assert_eq!(mem.unit_stats.len(), n);
    let mut moved = 0;
    for (u, st) in mem.unit_stats.iter().enumerate() {
        let col: Vec<f64> = (0..runs).map(|r| f64::from(raw.ranks[r * n + u])).collect();
        for (got, q) in [
            (st.rank.p5, 0.05),
            (st.rank.median, 0.5),
            (st.rank.p95, 0.95),
        ] {
            assert_eq!(
                got.to_bits(),
                percentile(&col, q).to_bits(),
                "unit {u} q {q}"
            );
        }
        moved += usize::from(st.rank.p5 != st.rank.p95);
    }
    assert!(moved > n / 2, "the noise moves most ranks ({moved} of {n})");
    // unit ranges give the same bits (raw runs are refused there: compare without them)
    let spec = UncertaintySpec {
        keep_runs: false,
        ..spec
    };
    let mem = uncertainty(&p, &d, &spec).unwrap();
    for cuts in [&[0, n][..], &[0, 7, 150, n]] {
        let got = distributed(&p, &d, &spec, cuts);
        assert_eq!(format!("{got:?}"), format!("{mem:?}"), "cuts {cuts:?}");
    }
}

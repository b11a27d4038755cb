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

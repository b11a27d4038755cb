//! The pipeline on partitioned data (`composite::partial`, issue 15) equals the in-memory run:
//! per-unit results to 1e-12 (relative, the partition boundaries group the sums differently),
//! ranks, bands, ties and check flags identical, for partitions of uneven sizes (one row, an
//! empty one), merged in order or as a tree; unsupported steps are refused naming the step.

#![allow(clippy::unwrap_used)]

use renxing::composite::partial::*;
use renxing::composite::Direction;
use renxing::composite::*;

fn uniforms(seed: u64) -> impl FnMut() -> f64 {
    let mut s = seed | 1;
    move || {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        (s >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// n × m values in [1, 100], some missing (not in the first row), some duplicate rows (ties).
fn dataset(n: usize, m: usize, seed: u64) -> Dataset {
    let mut u = uniforms(seed);
    let mut x: Vec<f64> = (0..n * m)
        .map(|k| {
            let v = 1.0 + 99.0 * u();
            if k >= m && u() < 0.02 {
                f64::NAN
            } else {
                v
            }
        })
        .collect();
    for r in (5..n).step_by(17) {
        let (a, b) = x.split_at_mut(r * m);
        b[..m].copy_from_slice(&a[m..2 * m]);
    }
    let ind = (0..m)
        .map(|j| {
            let mut i = IndicatorMeta::new(format!("i{j}"), format!("d{}", j % 3));
            if j % 4 == 1 {
                i = i.cost();
            }
            i
        })
        .collect();
    let mut d = Dataset::new((0..n).map(|i| format!("u{i}")).collect(), ind, x);
    d.hierarchy.dimensions = vec![
        GroupSpec::new("d0", Some("a0")),
        GroupSpec::new("d1", Some("a0")),
        GroupSpec::new("d2", Some("a1")),
    ];
    d.hierarchy.attributes = vec![GroupSpec::new("a0", None), GroupSpec::new("a1", None)];
    d
}

fn part(d: &Dataset, s: usize, e: usize) -> Dataset {
    let m = d.indicators.len();
    let mut p = d.clone();
    p.units = d.units[s..e].to_vec();
    p.values = d.values[s * m..e * m].to_vec();
    for labels in p.unit_groups.values_mut() {
        *labels = labels[s..e].to_vec();
    }
    p
}

fn tree(mut v: Vec<StagePartial>) -> StagePartial {
    while v.len() > 1 {
        let mut next = Vec::new();
        let mut it = v.into_iter();
        while let Some(a) = it.next() {
            next.push(match it.next() {
                Some(b) => merge_partials(a, &b).unwrap(),
                None => a,
            });
        }
        v = next;
    }
    v.pop().unwrap()
}

/// Runs the partitioned path over `cuts` (row boundaries) and concatenates the results.
fn partitioned(
    p: &Pipeline,
    d: &Dataset,
    cuts: &[usize],
) -> Result<(PartitionResult, FinishReport), CompositeError> {
    let plan = partition_plan(p)?;
    let parts: Vec<Dataset> = cuts.windows(2).map(|w| part(d, w[0], w[1])).collect();
    let mut stats = Vec::new();
    for k in 0..plan.stages.len() {
        let ps = parts
            .iter()
            .map(|x| stage_partial(p, x.clone(), &stats, k))
            .collect::<Result<Vec<_>, _>>()?;
        stats.push(tree(ps));
    }
    let mut all = PartitionResult::default();
    let mut kept: Option<Vec<String>> = None;
    for x in &parts {
        let r = apply_partition(p, x.clone(), &stats)?;
        if let Some(k) = &r.kept {
            kept.get_or_insert_with(Vec::new).extend(k.iter().cloned());
        }
        all.rows += r.rows;
        all.dimensions = r.dimensions.clone();
        all.attributes = r.attributes.clone();
        let ext = |a: &mut Option<Vec<f64>>, b: Option<Vec<f64>>| {
            if let Some(b) = b {
                a.get_or_insert_with(Vec::new).extend(b);
            }
        };
        ext(&mut all.dimension_values, r.dimension_values);
        ext(&mut all.attribute_values, r.attribute_values);
        ext(&mut all.overall, r.overall);
        if let Some(c) = r.check {
            all.check.get_or_insert_with(Vec::new).extend(c);
        }
        if let Some(t) = r.topsis {
            let a = all.topsis.get_or_insert_with(Default::default);
            for i in 0..3 {
                a[i].extend_from_slice(&t[i]);
            }
        }
        if let Some(o) = r.obstacle {
            match &mut all.obstacle {
                None => all.obstacle = Some(o),
                Some(a) => {
                    a.dimensions.values.extend(o.dimensions.values);
                    a.top_indicators.extend(o.top_indicators);
                    a.top_degrees.extend(o.top_degrees);
                }
            }
        }
    }
    all.kept = kept;
    let units = all.kept.clone().unwrap_or_else(|| d.units.clone());
    let fin = finish(p, d, &stats, &all, &units)?;
    Ok((all, fin))
}

fn close(a: &[f64], b: &[f64], what: &str) {
    assert_eq!(a.len(), b.len(), "{what}: lengths");
    assert!(!a.is_empty(), "{what}: empty");
    for (i, (x, y)) in a.iter().zip(b).enumerate() {
        if x.is_nan() || y.is_nan() {
            assert!(x.is_nan() && y.is_nan(), "{what}[{i}]: {x} vs {y}");
            continue;
        }
        assert!(
            (x - y).abs() <= 1e-12 * x.abs().max(y.abs()).max(1.0),
            "{what}[{i}]: {x} vs {y}"
        );
    }
}

/// Two JSON values equal but for numbers, which agree to 1e-12 (relative).
fn close_json(a: &serde_json::Value, b: &serde_json::Value, what: &str) {
    use serde_json::Value as V;
    match (a, b) {
        (V::Number(x), V::Number(y)) => {
            close(&[x.as_f64().unwrap()], &[y.as_f64().unwrap()], what);
        }
        (V::Array(x), V::Array(y)) => {
            assert_eq!(x.len(), y.len(), "{what}: lengths");
            for (p, q) in x.iter().zip(y) {
                close_json(p, q, what);
            }
        }
        (V::Object(x), V::Object(y)) => {
            assert_eq!(
                x.keys().collect::<Vec<_>>(),
                y.keys().collect::<Vec<_>>(),
                "{what}: keys"
            );
            for (k, p) in x {
                close_json(p, &y[k], &format!("{what}.{k}"));
            }
        }
        _ => assert_eq!(a, b, "{what}"),
    }
}

fn compare(p: &Pipeline, d: &Dataset, cuts: &[usize]) {
    let mem = run(p, d).unwrap();
    let (got, fin) = partitioned(p, d, cuts).unwrap();
    if let Some(k) = &got.kept {
        assert_eq!(k, &mem.units, "kept units");
        assert_eq!(got.rows, mem.units.len());
    }
    if let Some(c) = mem.check() {
        assert_eq!(fin.excluded_indicators, c.excluded_indicators);
    }
    if let Some(a) = mem.aggregation() {
        close(&got.overall.clone().unwrap(), &a.overall, "overall");
        close(
            &got.dimension_values.clone().unwrap(),
            &a.dimensions.values,
            "dimensions",
        );
        if let Some(t) = &a.attributes {
            close(
                &got.attribute_values.clone().unwrap(),
                &t.values,
                "attributes",
            );
        }
    }
    if let Some(c) = mem.check() {
        let g = got.check.clone().unwrap();
        assert_eq!(g.len(), c.units.len());
        for (x, y) in g.iter().zip(c.units.iter()) {
            assert_eq!((x.available, x.passed), (y.available, y.passed));
            assert_eq!((x.share, x.zero_share), (y.share, y.zero_share));
        }
        let gi = fin.check_indicators.clone().unwrap();
        for (x, y) in gi.iter().zip(&c.indicators) {
            assert_eq!(
                (x.available, x.zeros, x.constant, x.passed),
                (y.available, y.zeros, y.constant, y.passed)
            );
            assert_eq!((x.min, x.max), (y.min, y.max));
            close(&[x.mean, x.sd], &[y.mean, y.sd], "check mean/sd");
        }
    }
    if let Some(im) = mem.imputation() {
        let f = fin.fills.clone().unwrap();
        assert_eq!(f.len(), im.columns.len());
        for (x, y) in f.iter().zip(&im.columns) {
            assert_eq!(x.2, y.imputed);
            close(&[x.1], &[y.fill], "fill");
        }
        // group fills: groups, indicators, fallbacks in the in-memory order, values to 1e-12
        close_json(
            &serde_json::to_value(&fin.group_fills).unwrap(),
            &serde_json::to_value(&im.group_fills).unwrap(),
            "group fills",
        );
    }
    if let Some(t) = mem.treatment() {
        // the whole report: moments before, after winsorising and final, the winsorised
        // points (units, sides, values, in the in-memory order), transforms, decisions
        close_json(
            &serde_json::to_value(fin.treatment.clone().unwrap()).unwrap(),
            &serde_json::to_value(&t.columns).unwrap(),
            "treatment",
        );
    }
    for w in &fin.weights {
        let mw = mem.weights(WeightLevel::Indicator).unwrap();
        close(&w.weights, &mw.weights, "weights");
        // the whole report: method, ids, details (CRITIC's correlations, a combination's
        // sets), every number to 1e-12
        close_json(
            &serde_json::to_value(w).unwrap(),
            &serde_json::to_value(mw).unwrap(),
            "weight report",
        );
    }
    if let Some(t) = mem.topsis() {
        let g = got.topsis.clone().unwrap();
        close(&g[2], &t.result.closeness, "closeness");
        close(&g[0], &t.result.d_plus, "d+");
    }
    if let Some(o) = mem.obstacle() {
        let g = got.obstacle.clone().unwrap();
        close(
            &g.dimensions.values,
            &o.dimensions.values,
            "obstacle dimensions",
        );
        assert_eq!(g.top_indicators, o.top_indicators);
        close(&g.top_degrees, &o.top_degrees, "obstacle top");
    }
    if let Some(b) = mem.bands() {
        assert_eq!(fin.bands.len(), b.columns.len());
        for (x, y) in fin.bands.iter().zip(&b.columns) {
            assert_eq!(x.1, y.id);
            close(&x.2, &y.cuts, "cuts");
            let yb: Vec<i64> = y.bands.iter().map(|v| v.map_or(-1, i64::from)).collect();
            assert_eq!(x.3, yb, "bands {}", y.id);
        }
    }
    if let Some(r) = mem.ranks() {
        assert_eq!(fin.ranks, r.columns, "ranks and ties");
        assert!(
            r.columns.iter().any(|c| !c.ties.is_empty()),
            "the data have ties"
        );
    }
}

fn pipeline(json: &str) -> Pipeline {
    serde_json::from_str(json).unwrap()
}

const CUTS: &[usize] = &[0, 1, 40, 40, 173, 300, 401];

#[test]
fn example_pipeline_equals_in_memory() {
    let d = dataset(401, 8, 11);
    // the example pipeline with the dataset's own bands
    let p = pipeline(
        r#"{"steps": [{"step": "check"}, {"step": "impute", "method": "mean"},
        {"step": "normalise", "method": "min_max"}, {"step": "weight", "method": "entropy"},
        {"step": "aggregate"},
        {"step": "band", "levels": ["l", "m", "h"], "thresholds": [33.3, 66.6]},
        {"step": "topsis"}, {"step": "obstacle", "top": 3}, {"step": "rank"}]}"#,
    );
    assert_eq!(partition_plan(&p).unwrap().stages.len(), 3);
    compare(&p, &d, CUTS);
    compare(&p, &d, &[0, 401]);
}

#[test]
fn z_scores_sd_weights_quantile_bands_and_goalposts() {
    let d = dataset(257, 6, 5);
    compare(
        &pipeline(
            r#"{"steps": [{"step": "impute", "method": "mean"},
            {"step": "normalise", "method": "z_score"}, {"step": "weight", "method": "std_dev"},
            {"step": "aggregate"}, {"step": "topsis", "normalisation": "min_max"},
            {"step": "band", "method": "quantiles", "levels": ["a", "b", "c", "d"], "targets": ["overall", "topsis", "dimension"]},
            {"step": "rank", "targets": ["overall", "topsis", "attribute"]}]}"#,
        ),
        &d,
        &[0, 100, 101, 257],
    );
    compare(
        &pipeline(
            r#"{"steps": [{"step": "impute", "method": "mean"},
            {"step": "normalise", "method": "min_max", "range": [1, 10], "overrides": {"i0": "distance_to_max"}},
            {"step": "weight", "level": "dimension", "method": "manual", "values": {"d0": 2, "d1": 1, "d2": 1}},
            {"step": "aggregate", "dimension": {"method": "geometric"}},
            {"step": "topsis", "weights": "effective"}, {"step": "obstacle"}, {"step": "rank"}]}"#,
        ),
        &d,
        &[0, 17, 257],
    );
}

#[test]
fn errors_and_refusals_name_the_step() {
    let d = dataset(50, 4, 3);
    // missing values without imputation: the global count, as in memory
    let p = pipeline(r#"{"steps": [{"step": "impute"}, {"step": "normalise"}]}"#);
    let e = partitioned(&p, &d, &[0, 25, 50]).unwrap_err();
    let m = run(&p, &d).unwrap_err();
    match (&e, &m) {
        (
            CompositeError::MissingValues {
                count: a,
                cells: ca,
                path: pa,
            },
            CompositeError::MissingValues {
                count: b,
                cells: cb,
                path: pb,
            },
        ) => {
            assert_eq!((a, pa), (b, pb));
            assert_eq!(ca, cb);
        }
        _ => panic!("{e:?} vs {m:?}"),
    }
    for (json, field) in [
        (
            r#"{"steps": [{"step": "normalise"}, {"step": "treat"}]}"#,
            "steps[1]",
        ),
        (
            r#"{"steps": [{"step": "normalise", "overrides": {"i0": "rank"}}]}"#,
            "steps[0].overrides",
        ),
        (
            r#"{"steps": [{"step": "impute", "method": "mean"}, {"step": "check", "action": "exclude"}]}"#,
            "steps[1].action",
        ),
        (
            r#"{"steps": [{"step": "check", "action": "exclude"}, {"step": "check"}]}"#,
            "steps[0].action",
        ),
    ] {
        match partition_plan(&pipeline(json)).unwrap_err() {
            CompositeError::InvalidParameter { path, .. } => assert_eq!(path.to_string(), field),
            other => panic!("{other:?}"),
        }
    }
    // a stage of another version is refused
    let p = pipeline(r#"{"steps": [{"step": "impute", "method": "mean"}, {"step": "aggregate"}]}"#);
    let mut s = stage_partial(&p, d.clone(), &[], 0).unwrap();
    s.version = 99;
    assert!(apply_partition(&p, d, &[s]).is_err());
}

#[test]
fn critic_and_combined_weights_equal_in_memory() {
    let d = dataset(333, 7, 21);
    let splits: &[&[usize]] = &[
        &[0, 333],
        &[0, 1, 2, 100, 100, 333],
        &[0, 50, 150, 290, 333],
    ];
    let critic = pipeline(
        r#"{"steps": [{"step": "check"}, {"step": "impute", "method": "mean"},
        {"step": "normalise", "method": "min_max"}, {"step": "weight", "method": "critic"},
        {"step": "aggregate"}, {"step": "topsis"}, {"step": "obstacle"},
        {"step": "band", "method": "quantiles", "levels": ["l", "m", "h"]}, {"step": "rank"}]}"#,
    );
    let plan = partition_plan(&critic).unwrap();
    assert!(plan.stages.iter().any(|s| s.comoments));
    // AHP × CRITIC (product), manual + entropy (linear), and a combination nested in the
    // objective set (entropy and CRITIC read the same stage), on z-scores
    let ahp = r#"{"method": "ahp", "ahp": [{"ids": ["i0", "i1", "i2", "i3", "i4", "i5", "i6"],
        "matrix": [[1, 2, 3, 1, 2, 3, 1], [0.5, 1, 2, 0.5, 1, 2, 0.5], [0.3333333333333333, 0.5, 1, 0.3333333333333333, 0.5, 1, 0.3333333333333333],
        [1, 2, 3, 1, 2, 3, 1], [0.5, 1, 2, 0.5, 1, 2, 0.5], [0.3333333333333333, 0.5, 1, 0.3333333333333333, 0.5, 1, 0.3333333333333333],
        [1, 2, 3, 1, 2, 3, 1]]}]}"#;
    let combined = [
        format!(
            r#"{{"steps": [{{"step": "impute", "method": "mean"}}, {{"step": "normalise"}},
            {{"step": "weight", "method": "combined", "subjective": {ahp}, "objective": {{"method": "critic"}}}},
            {{"step": "aggregate"}}, {{"step": "topsis"}}, {{"step": "rank"}}]}}"#
        ),
        r#"{"steps": [{"step": "impute", "method": "mean"}, {"step": "normalise"},
            {"step": "weight", "method": "combined", "rule": "linear", "alpha": 0.3,
             "subjective": {"method": "manual", "values": {"i0": 3}}, "objective": {"method": "entropy", "entropy_shift": 0.5}},
            {"step": "aggregate"}, {"step": "rank"}]}"#
            .to_string(),
        r#"{"steps": [{"step": "impute", "method": "mean"}, {"step": "normalise", "method": "z_score"},
            {"step": "weight", "method": "combined",
             "subjective": {"method": "equal"},
             "objective": {"method": "combined", "subjective": {"method": "std_dev"}, "objective": {"method": "critic"}}},
            {"step": "aggregate"}, {"step": "topsis", "normalisation": "min_max"}, {"step": "rank"}]}"#
            .to_string(),
    ];
    let mut d7 = d.clone();
    for i in &mut d7.indicators {
        i.weight = Some(1.0);
    }
    for cuts in splits {
        compare(&critic, &d, cuts);
        for c in &combined {
            compare(&pipeline(c), &d7, cuts);
        }
    }
    // the reports carry CRITIC's correlations and the combination's sets
    let (_, fin) = partitioned(&pipeline(&combined[0]), &d7, splits[1]).unwrap();
    match &fin.weights[0].detail {
        WeightDetail::Combined {
            subjective,
            objective,
            ..
        } => {
            assert_eq!(subjective.method, WeightMethod::Ahp);
            assert!(
                matches!(objective.detail, WeightDetail::Critic(ref c) if c.correlation.len() == 49)
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn critic_errors_equal_in_memory() {
    // incomplete data: the first missing cell, as in memory
    let d = dataset(120, 5, 8);
    let p =
        pipeline(r#"{"steps": [{"step": "weight", "method": "critic"}, {"step": "aggregate"}]}"#);
    let e = partitioned(&p, &d, &[0, 30, 31, 120]).unwrap_err();
    let m = run(&p, &d).unwrap_err();
    assert!(matches!(m, CompositeError::Domain { .. }), "{m:?}");
    // (Debug: the value is NaN)
    assert_eq!(format!("{e:?}"), format!("{m:?}"));
    // a constant column
    let mut d = dataset(60, 4, 9);
    for r in 0..60 {
        d.values[r * 4 + 2] = 7.0;
    }
    let p = pipeline(
        r#"{"steps": [{"step": "impute", "method": "mean"}, {"step": "weight", "method": "combined", "subjective": {"method": "equal"}, "objective": {"method": "critic"}}, {"step": "aggregate"}]}"#,
    );
    let e = partitioned(&p, &d, &[0, 10, 60]).unwrap_err();
    let m = run(&p, &d).unwrap_err();
    assert!(matches!(m, CompositeError::Constant { .. }), "{m:?}");
    assert_eq!(e, m);
}

#[test]
fn target_cost_distance_to_max_and_constant_values_equal_in_memory() {
    let mut d = dataset(211, 8, 31);
    // i3 constant, i5 constant where present
    for r in 0..211 {
        d.values[r * 8 + 3] = 42.0;
        if !d.values[r * 8 + 5].is_nan() {
            d.values[r * 8 + 5] = 7.5;
        }
    }
    for (j, i) in d.indicators.iter_mut().enumerate() {
        // benefit targets above the minimum, cost targets below the maximum (some inside
        // the range: the cap clips)
        i.target = Some(if i.direction == Direction::Cost {
            20.0 + j as f64
        } else {
            80.0 - j as f64
        });
    }
    let splits: &[&[usize]] = &[&[0, 211], &[0, 1, 99, 99, 211], &[0, 70, 140, 211]];
    let pipelines = [
        // cost distance to max (min/x) for every indicator, constants given a value
        r#"{"steps": [{"step": "impute", "method": "mean"},
            {"step": "normalise", "method": "distance_to_max", "range": [10, 90],
             "on_constant": "value", "overrides": {"i3": "min_max", "i5": "min_max"}},
            {"step": "weight", "method": "entropy"}, {"step": "aggregate"}, {"step": "topsis"},
            {"step": "obstacle"}, {"step": "rank"}]}"#,
        // the target normalisation (capped), constants at a stated value
        r#"{"steps": [{"step": "check"}, {"step": "impute", "method": "mean"},
            {"step": "normalise", "method": "target", "on_constant": "value", "constant_value": 12.5,
             "overrides": {"i3": "min_max", "i5": "min_max", "i6": "distance_to_max"}},
            {"step": "weight", "method": "std_dev"}, {"step": "aggregate"},
            {"step": "band", "method": "quantiles", "levels": ["a", "b", "c"]},
            {"step": "obstacle"}, {"step": "rank"}]}"#,
        // z-scores with constants given a value
        r#"{"steps": [{"step": "impute", "method": "mean"},
            {"step": "normalise", "method": "z_score", "on_constant": "value", "constant_value": -1},
            {"step": "aggregate"}, {"step": "topsis"}, {"step": "rank"}]}"#,
    ];
    for cuts in splits {
        for p in pipelines {
            let p = pipeline(p);
            partition_plan(&p).unwrap();
            compare(&p, &d, cuts);
        }
    }
}

#[test]
fn target_errors_equal_in_memory() {
    let d = dataset(90, 4, 4);
    let p = pipeline(
        r#"{"steps": [{"step": "impute", "method": "mean"}, {"step": "normalise", "method": "target"}, {"step": "aggregate"}]}"#,
    );
    let same = |d: &Dataset, p: &Pipeline| {
        let e = partitioned(p, d, &[0, 45, 90]).unwrap_err();
        let m = run(p, d).unwrap_err();
        assert_eq!(format!("{e:?}"), format!("{m:?}"));
    };
    // no target in the metadata
    same(&d, &p);
    // a benefit target below the minimum, a cost target above the maximum
    let mut d2 = d.clone();
    for i in &mut d2.indicators {
        i.target = Some(50.0);
    }
    d2.indicators[2].target = Some(-5.0);
    same(&d2, &p);
    d2.indicators[2].target = Some(50.0);
    d2.indicators[1].target = Some(500.0);
    same(&d2, &p);
    // an uncapped target stays in memory
    d2.indicators[1].target = Some(50.0);
    let p = pipeline(
        r#"{"steps": [{"step": "impute", "method": "mean"}, {"step": "normalise", "method": "target", "cap": false}, {"step": "aggregate"}]}"#,
    );
    run(&p, &d2).unwrap();
    match partitioned(&p, &d2, &[0, 45, 90]).unwrap_err() {
        CompositeError::InvalidParameter { path, .. } => {
            assert_eq!(path.to_string(), "steps[1].cap")
        }
        other => panic!("{other:?}"),
    }
    // a constant column without a value: the in-memory error
    let mut d3 = d.clone();
    for r in 0..90 {
        d3.values[r * 4] = 3.0;
    }
    let p =
        pipeline(r#"{"steps": [{"step": "normalise"}, {"step": "aggregate", "missing": "skip"}]}"#);
    same(&d3, &p);
}

/// The dataset with units and indicators an excluding check removes: rows 1, 2 and every 29th
/// mostly missing, i3 constant, i4 missing for 40% of the units.
fn excluding_dataset() -> Dataset {
    let mut d = dataset(301, 8, 17);
    let m = 8;
    for r in 0..301 {
        d.values[r * m + 3] = 5.0;
        if r > 0 && r % 5 < 2 {
            d.values[r * m + 4] = f64::NAN;
        }
        if r == 1 || r == 2 || r % 29 == 7 {
            for j in [0, 1, 2, 5] {
                d.values[r * m + j] = f64::NAN;
            }
        }
    }
    d
}

#[test]
fn excluding_check_equals_in_memory() {
    let d = excluding_dataset();
    let splits: &[&[usize]] = &[
        &[0, 301],
        &[0, 1, 3, 40, 40, 200, 301], // rows 1..3 all excluded, an empty partition
        &[0, 150, 151, 301],
    ];
    let pipelines = [
        r#"{"steps": [{"step": "check", "action": "exclude"}, {"step": "impute", "method": "mean"},
            {"step": "normalise", "method": "min_max"}, {"step": "weight", "method": "entropy"},
            {"step": "aggregate"}, {"step": "topsis"}, {"step": "obstacle"},
            {"step": "band", "method": "quantiles", "levels": ["l", "m", "h"]}, {"step": "rank"}]}"#,
        r#"{"steps": [{"step": "check", "action": "exclude", "unit_threshold": 0.8, "indicator_threshold": 0.5},
            {"step": "impute", "method": "mean"}, {"step": "normalise", "method": "z_score"},
            {"step": "weight", "method": "critic"}, {"step": "aggregate"},
            {"step": "topsis", "normalisation": "min_max"}, {"step": "rank", "targets": ["overall", "topsis", "dimension"]}]}"#,
        // no imputation: the kept rows still have gaps, aggregation skips them
        r#"{"steps": [{"step": "check", "action": "exclude", "zero_threshold": 0.5},
            {"step": "normalise"}, {"step": "aggregate", "missing": "skip"}, {"step": "rank"}]}"#,
    ];
    for cuts in splits {
        for p in pipelines {
            let p = pipeline(p);
            let mem = run(&p, &d).unwrap();
            let c = mem.check().unwrap();
            assert!(!c.excluded_units.is_empty() && !c.excluded_indicators.is_empty());
            compare(&p, &d, cuts);
        }
    }
}

#[test]
fn excluding_check_errors_equal_in_memory() {
    let d = excluding_dataset();
    let same_on = |d: &Dataset, json: &str| {
        let p = pipeline(json);
        let m = run(&p, d).unwrap_err();
        let e = partitioned(&p, d, &[0, 1, 3, 100, 301]).unwrap_err();
        assert_eq!(format!("{e:?}"), format!("{m:?}"));
    };
    let same = |json: &str| same_on(&d, json);
    // every unit excluded (i4 missing everywhere, every unit needs all indicators)
    let mut d2 = d.clone();
    for r in 0..301 {
        d2.values[r * 8 + 4] = f64::NAN;
    }
    same_on(
        &d2,
        r#"{"steps": [{"step": "check", "action": "exclude", "unit_threshold": 1.0}, {"step": "aggregate"}]}"#,
    );
    // every indicator excluded
    same(
        r#"{"steps": [{"step": "check", "action": "exclude", "indicator_threshold": 1.0}, {"step": "aggregate"}]}"#,
    );
    // the kept rows still have gaps: impute = none names the same cells
    same(
        r#"{"steps": [{"step": "check", "action": "exclude"}, {"step": "impute"}, {"step": "aggregate"}]}"#,
    );
    // an invalid threshold
    same(
        r#"{"steps": [{"step": "check", "action": "exclude", "unit_threshold": 1.5}, {"step": "aggregate"}]}"#,
    );
}

#[test]
fn median_imputation_and_percentile_ranks_equal_in_memory() {
    let mut d = dataset(257, 7, 41);
    // ties within columns (percentile min-ranks share the lowest rank), a constant column
    for r in 0..257 {
        let v = &mut d.values[r * 7..(r + 1) * 7];
        if !v[2].is_nan() {
            v[2] = (v[2] / 10.0).floor();
        }
        if r % 3 == 0 && !v[1].is_nan() {
            v[1] = 50.0;
        }
        v[6] = 3.0;
    }
    let splits: &[&[usize]] = &[&[0, 257], &[0, 1, 2, 128, 128, 257], &[0, 60, 61, 200, 257]];
    let pipelines = [
        r#"{"steps": [{"step": "check"}, {"step": "impute", "method": "median"},
            {"step": "normalise", "method": "percentile_rank", "on_constant": "value"},
            {"step": "weight", "method": "entropy"}, {"step": "aggregate"}, {"step": "topsis"},
            {"step": "obstacle"}, {"step": "band", "method": "quantiles", "levels": ["l", "m", "h"]},
            {"step": "rank"}]}"#,
        // percentile ranks of some indicators with gaps (no imputation), min-max for the rest
        r#"{"steps": [{"step": "normalise", "range": [1, 10], "on_constant": "value",
             "overrides": {"i1": "percentile_rank", "i2": "percentile_rank", "i5": "percentile_rank"}},
            {"step": "aggregate", "missing": "skip"}, {"step": "rank"}]}"#,
        // ranks (min-ranks 1..n, cost of −x) with z-scores, TOPSIS on them
        r#"{"steps": [{"step": "impute", "method": "median"},
            {"step": "normalise", "method": "rank", "overrides": {"i0": "z_score", "i4": "z_score"}},
            {"step": "aggregate"}, {"step": "topsis"}, {"step": "rank"}]}"#,
        // median imputation after an exclusion, then z-scores and CRITIC
        r#"{"steps": [{"step": "check", "action": "exclude"}, {"step": "impute", "method": "median"},
            {"step": "normalise", "method": "z_score"}, {"step": "weight", "method": "critic"},
            {"step": "aggregate"}, {"step": "rank"}]}"#,
    ];
    for cuts in splits {
        for p in pipelines {
            let p = pipeline(p);
            assert!(partition_plan(&p).unwrap().stages.iter().any(|s| s.sorted));
            compare(&p, &d, cuts);
        }
    }
    // every value of an indicator missing: the in-memory error
    let mut d2 = d.clone();
    for r in 0..257 {
        d2.values[r * 7 + 3] = f64::NAN;
    }
    let p =
        pipeline(r#"{"steps": [{"step": "impute", "method": "median"}, {"step": "aggregate"}]}"#);
    let e = partitioned(&p, &d2, &[0, 100, 257]).unwrap_err();
    let m = run(&p, &d2).unwrap_err();
    assert_eq!(format!("{e:?}"), format!("{m:?}"));
}

#[test]
fn excluding_every_indicator_of_a_dimension_is_the_in_memory_error() {
    // i2 and i5 (all of d2) constant: excluded; the aggregation refuses the empty dimension
    let mut d = excluding_dataset();
    for r in 0..301 {
        d.values[r * 8 + 2] = 1.0;
        d.values[r * 8 + 5] = 2.0;
    }
    let p = pipeline(
        r#"{"steps": [{"step": "check", "action": "exclude"}, {"step": "impute", "method": "mean"},
            {"step": "normalise"}, {"step": "aggregate"}, {"step": "rank"}]}"#,
    );
    let m = run(&p, &d).unwrap_err();
    assert!(matches!(m, CompositeError::Order { .. }), "{m:?}");
    let e = partitioned(&p, &d, &[0, 100, 301]).unwrap_err();
    assert_eq!(format!("{e:?}"), format!("{m:?}"));
}

/// `dataset` with a grouping `district` (labels first seen in later partitions too; group
/// `g5` has no value of `i3`, so its missing `i3` needs the overall fallback) and a second
/// grouping `street` with one unit per label for some units.
fn grouped_dataset(n: usize, m: usize, seed: u64) -> Dataset {
    let mut d = dataset(n, m, seed);
    let labels: Vec<String> = (0..n)
        .map(|i| {
            if i % 29 == 7 {
                "g5".to_string()
            } else {
                format!("g{}", (i * i / 37) % 5)
            }
        })
        .collect();
    for (i, l) in labels.iter().enumerate() {
        if l == "g5" {
            d.values[i * m + 3] = f64::NAN;
        }
    }
    d.unit_groups.insert("district".into(), labels);
    d.unit_groups.insert(
        "street".into(),
        (0..n).map(|i| format!("s{}", i % 97)).collect(),
    );
    d
}

#[test]
fn group_mean_and_group_median_imputation_equal_in_memory() {
    let d = grouped_dataset(301, 7, 23);
    assert!(d.values.iter().filter(|v| v.is_nan()).count() > 30);
    let splits: &[&[usize]] = &[&[0, 301], &[0, 1, 2, 150, 150, 301], &[0, 8, 9, 200, 301]];
    let pipelines = [
        r#"{"steps": [{"step": "check"}, {"step": "impute", "method": "group_mean", "by": "district", "fallback_overall": true},
            {"step": "normalise", "method": "min_max"}, {"step": "weight", "method": "entropy"},
            {"step": "aggregate"}, {"step": "topsis"}, {"step": "obstacle"},
            {"step": "band", "method": "quantiles", "levels": ["l", "m", "h"]}, {"step": "rank"}]}"#,
        r#"{"steps": [{"step": "impute", "method": "group_median", "by": "district", "fallback_overall": true},
            {"step": "normalise", "method": "percentile_rank"}, {"step": "weight", "method": "critic"},
            {"step": "aggregate"}, {"step": "rank"}]}"#,
        r#"{"steps": [{"step": "impute", "method": "group_median", "by": "street"},
            {"step": "normalise", "method": "z_score"}, {"step": "aggregate"}, {"step": "rank"}]}"#,
        // after an excluding check: the groups of the kept units
        r#"{"steps": [{"step": "check", "action": "exclude", "unit_threshold": 0.8},
            {"step": "impute", "method": "group_mean", "by": "street"},
            {"step": "normalise"}, {"step": "aggregate"}, {"step": "rank"}]}"#,
    ];
    for cuts in splits {
        for json in pipelines {
            let p = pipeline(json);
            let mem = run(&p, &d).unwrap();
            assert!(!mem.imputation().unwrap().group_fills.is_empty(), "{json}");
            compare(&p, &d, cuts);
        }
    }
    // the exclusion removes units (their groups go with them)
    let kept = run(&pipeline(pipelines[3]), &d).unwrap().units.len();
    assert!(kept > 200 && kept < 301, "{kept}");
    // the fallback is used (g5 has no i3)
    let p = pipeline(pipelines[0]);
    let (_, fin) = partitioned(&p, &d, &[0, 100, 301]).unwrap();
    assert!(fin
        .group_fills
        .iter()
        .any(|g| g.fallback && g.group == "g5" && g.indicator == "i3"));
}

#[test]
fn group_imputation_errors_equal_in_memory() {
    let d = grouped_dataset(120, 5, 29);
    for json in [
        // g5 has no i3 and no fallback: the group and indicator named
        r#"{"steps": [{"step": "impute", "method": "group_mean", "by": "district"}, {"step": "aggregate"}]}"#,
        r#"{"steps": [{"step": "impute", "method": "group_median", "by": "district"}, {"step": "aggregate"}]}"#,
        // no `by`, an unknown grouping
        r#"{"steps": [{"step": "impute", "method": "group_mean"}, {"step": "aggregate"}]}"#,
        r#"{"steps": [{"step": "check"}, {"step": "impute", "method": "group_median", "by": "zone"}, {"step": "aggregate"}]}"#,
    ] {
        let p = pipeline(json);
        let m = run(&p, &d).unwrap_err();
        for cuts in [&[0, 120][..], &[0, 1, 60, 60, 120]] {
            let e = partitioned(&p, &d, cuts).unwrap_err();
            assert_eq!(format!("{e:?}"), format!("{m:?}"), "{json}");
        }
    }
    // every value of an indicator missing: the fallback has nothing either
    let mut d2 = d.clone();
    for r in 0..120 {
        d2.values[r * 5 + 2] = f64::NAN;
    }
    let p = pipeline(
        r#"{"steps": [{"step": "impute", "method": "group_mean", "by": "district", "fallback_overall": true}, {"step": "aggregate"}]}"#,
    );
    let m = run(&p, &d2).unwrap_err();
    assert!(matches!(m, CompositeError::EmptyGroup { .. }), "{m:?}");
    let e = partitioned(&p, &d2, &[0, 50, 120]).unwrap_err();
    assert_eq!(format!("{e:?}"), format!("{m:?}"));
}

/// `dataset` with skewed columns: i0 a heavy right tail (exp), i1 a few huge outliers, i2 a
/// few huge negative ones, i3 ties at its two largest values, i5 a right tail that winsorising
/// cannot fix (log-transformed); the rest uniform.
fn skewed_dataset(n: usize, m: usize, seed: u64) -> Dataset {
    let mut d = dataset(n, m, seed);
    let mut u = uniforms(seed + 1);
    for r in 0..n {
        let row = &mut d.values[r * m..(r + 1) * m];
        let keep = |v: f64, new: f64| if v.is_nan() { v } else { new };
        row[0] = keep(row[0], (6.0 * u()).exp());
        row[1] = keep(row[1], if r % 97 == 13 { 1e4 + r as f64 } else { row[1] });
        row[2] = keep(
            row[2],
            if r % 89 == 11 {
                -1e4 - r as f64
            } else {
                row[2]
            },
        );
        row[3] = keep(
            row[3],
            if r % 41 == 3 {
                500.0
            } else if r % 43 == 4 {
                400.0
            } else {
                row[3]
            },
        );
        row[5] = keep(row[5], (12.0 * u() * u()).exp());
    }
    // duplicate rows again (ties in the ranks)
    for r in (5..n).step_by(17) {
        let (a, b) = d.values.split_at_mut(r * m);
        b[..m].copy_from_slice(&a[m..2 * m]);
    }
    d
}

#[test]
fn outlier_treatment_equals_in_memory() {
    let d = skewed_dataset(301, 7, 61);
    let splits: &[&[usize]] = &[&[0, 301], &[0, 1, 2, 150, 150, 301], &[0, 13, 14, 200, 301]];
    let pipelines = [
        r#"{"steps": [{"step": "check"}, {"step": "impute", "method": "mean"}, {"step": "treat"},
            {"step": "normalise", "method": "min_max"}, {"step": "weight", "method": "entropy"},
            {"step": "aggregate"}, {"step": "topsis"}, {"step": "obstacle"},
            {"step": "band", "method": "quantiles", "levels": ["l", "m", "h"]}, {"step": "rank"}]}"#,
        // missing values kept (the moments skip them), more rounds, the other transform, a skip
        r#"{"steps": [{"step": "treat", "winmax": 12, "log": "log_ct_orig", "skip": ["i4"]},
            {"step": "normalise", "method": "z_score"}, {"step": "aggregate", "missing": "skip"},
            {"step": "rank"}]}"#,
        // no transform; after an excluding check and a median imputation; CRITIC after it
        r#"{"steps": [{"step": "check", "action": "exclude"}, {"step": "impute", "method": "median"},
            {"step": "treat", "winmax": 3, "log": "none", "skew_threshold": 1.5},
            {"step": "normalise", "method": "percentile_rank"}, {"step": "weight", "method": "critic"},
            {"step": "aggregate"}, {"step": "rank"}]}"#,
    ];
    for cuts in splits {
        for json in pipelines {
            let p = pipeline(json);
            assert_eq!(
                partition_plan(&p)
                    .unwrap()
                    .stages
                    .iter()
                    .filter(|s| s.treat.is_some())
                    .count(),
                3
            );
            compare(&p, &d, cuts);
        }
    }
    // the data exercise every branch: winsorised and passing, winsorised then transformed,
    // untouched, low side, ties moved together, skipped
    for json in pipelines {
        let mem = run(&pipeline(json), &d).unwrap();
        let cols = &mem.treatment().unwrap().columns;
        assert!(cols.iter().any(|c| !c.failed));
        assert!(cols.iter().any(|c| c.failed && !c.winsorised.is_empty()));
    }
    let mem = run(&pipeline(pipelines[0]), &d).unwrap();
    let cols = &mem.treatment().unwrap().columns;
    assert!(cols.iter().any(|c| c.transform.is_some()), "a transform");
    assert!(
        cols.iter()
            .any(|c| c.transform.is_none() && c.passes && c.failed),
        "winsorised"
    );
    assert!(
        cols.iter()
            .any(|c| c.winsorised.iter().any(|w| w.side == Side::Low)),
        "low side"
    );
    assert!(
        cols[3].winsorised.len() > 3,
        "ties at the top: {:?}",
        cols[3].winsorised
    );
}

#[test]
fn outlier_treatment_errors_equal_in_memory() {
    let d = skewed_dataset(90, 6, 7);
    for json in [
        r#"{"steps": [{"step": "impute", "method": "mean"}, {"step": "treat", "skew_threshold": 0}, {"step": "aggregate"}]}"#,
        r#"{"steps": [{"step": "treat", "skip": ["i0", "zz"]}, {"step": "aggregate", "missing": "skip"}]}"#,
    ] {
        let p = pipeline(json);
        let m = run(&p, &d).unwrap_err();
        for cuts in [&[0, 90][..], &[0, 1, 45, 45, 90]] {
            let e = partitioned(&p, &d, cuts).unwrap_err();
            assert_eq!(format!("{e:?}"), format!("{m:?}"), "{json}");
        }
    }
}

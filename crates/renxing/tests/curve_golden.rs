//! The curve golden vectors of tests/golden/curve/cases.jsonl, written by an independent
//! numpy/scipy implementation (generate.py: scipy.integrate.quad for the areas, brentq for the
//! recovery times). Tolerance: 1e-8 · (1 + |expected|) for areas (quad's accuracy on the
//! kinked integrand), 1e-9 · (1 + |expected|) for every other number.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use renxing::curve::{analyse, CurveOptions, Series};
use serde_json::Value;

fn cases() -> Vec<Value> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/golden/curve/cases.jsonl");
    let text = std::fs::read_to_string(&p).unwrap();
    let v: Vec<Value> = text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(!v.is_empty(), "read zero curve vectors");
    v
}

fn num(name: &str, what: &str, got: Option<f64>, want: &Value, tol: f64) {
    match (got, want.as_f64()) {
        (None, None) => {}
        (Some(g), Some(w)) => assert!(
            (g - w).abs() <= tol * (1.0 + w.abs()),
            "{name}: {what}: got {g}, want {w}"
        ),
        (g, _) => panic!("{name}: {what}: got {g:?}, want {want}"),
    }
}

#[test]
fn curve_golden_vectors() {
    let all = cases();
    let (mut ok, mut errors) = (0, 0);
    for c in &all {
        let name = c["name"].as_str().unwrap();
        let series: Series = serde_json::from_value(c["series"].clone()).unwrap();
        let options: CurveOptions = serde_json::from_value(c["options"].clone()).unwrap();
        let got = analyse(&series, &options);
        if let Some(err) = c.get("error") {
            let e = got.expect_err(name);
            assert_eq!(e.reason(), err["code"], "{name}");
            assert_eq!(
                serde_json::to_value(e.path()).unwrap(),
                err["path"],
                "{name}"
            );
            errors += 1;
            continue;
        }
        let r = got.unwrap_or_else(|e| panic!("{name}: {e}"));
        let x = &c["expected"];
        let n = |what: &str, got: Option<f64>| num(name, what, got, &x[what], 1e-9);
        n("event_start", Some(r.settings.event_start));
        n("baseline", Some(r.baseline));
        n("horizon", Some(r.settings.horizon));
        n("min_value", Some(r.min_value));
        n("min_time", Some(r.min_time));
        n("depth", Some(r.depth));
        num(name, "loss_area", Some(r.loss_area), &x["loss_area"], 1e-8);
        num(name, "gain_area", Some(r.gain_area), &x["gain_area"], 1e-8);
        n("recovered_at", r.recovered_at);
        n("time_to_recover", r.time_to_recover);
        n("share_recovered_at", r.share_recovered_at);
        n("rapidity", r.rapidity);
        n("recovery_slope", r.recovery_slope);
        n("end_value", Some(r.end_value));
        let s = serde_json::to_value(&r).unwrap();
        assert_eq!(
            s["settings"]["event_start_source"], x["event_start_source"],
            "{name}"
        );
        assert_eq!(s["pre_event_samples"], x["pre_event_samples"], "{name}");
        assert_eq!(s["end_state"], x["end_state"], "{name}");
        assert_eq!(s["relapsed"], x["relapsed"], "{name}");
        assert_eq!(s["paper"]["coped"], x["coped"], "{name}");
        assert_eq!(s["paper"]["developed"], x["developed"], "{name}");
        assert_eq!(s["paper"]["level"], x["level"], "{name}");
        ok += 1;
    }
    assert!(
        ok > 0 && errors > 0,
        "read {ok} results and {errors} errors"
    );
}

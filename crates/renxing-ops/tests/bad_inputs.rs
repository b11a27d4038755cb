//! The shared bad-input battery (`tests/bad-inputs/*.jsonl`, read by the Python and Node suites
//! too): every case for the Rust front end runs through [`call_json`] under `catch_unwind`, so a
//! panic is a failure named by its case, and must give the expected error code, path (and kind),
//! or, for a case expected to succeed, a response with no forbidden text in any string. Also: a
//! hostile file's cost measured (memory of 1,000,000 unknown keys, not time).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::Mutex;

use renxing::Lang;
use renxing_ops::{call_json, Ctx};
use serde_json::{json, Map, Value};

// ---------------------------------------------------------------------------------------------
// memory: the process's peak resident size (Linux), the tests of this file run one at a time
// ---------------------------------------------------------------------------------------------

/// The tests of this file hold this lock: the peak of the process is then theirs.
static SERIAL: Mutex<()> = Mutex::new(());

fn serial() -> std::sync::MutexGuard<'static, ()> {
    SERIAL
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A `VmRSS` / `VmHWM` line of /proc/self/status, in bytes.
fn status_kib(field: &str) -> usize {
    let s = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status (Linux)");
    let line = s
        .lines()
        .find(|l| l.starts_with(field))
        .unwrap_or_else(|| panic!("no {field} in /proc/self/status"));
    let kib: usize = line
        .split_whitespace()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap();
    kib * 1024
}

/// Runs `f` and returns its result and how far the resident size rose above where it was
/// (the peak is reset first through /proc/self/clear_refs).
fn peak_during<T>(f: impl FnOnce() -> T) -> (T, usize) {
    std::fs::write("/proc/self/clear_refs", "5").expect("reset the peak resident size");
    let start = status_kib("VmRSS:");
    let out = f();
    let peak = status_kib("VmHWM:");
    (out, peak.saturating_sub(start))
}

// ---------------------------------------------------------------------------------------------
// the battery
// ---------------------------------------------------------------------------------------------

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/bad-inputs")
}

/// Every case of every file, with its file name.
fn cases() -> Vec<(String, Map<String, Value>)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        for (i, line) in std::fs::read_to_string(&f).unwrap().lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let case: Map<String, Value> =
                serde_json::from_str(line).unwrap_or_else(|e| panic!("{name}:{}: {e}", i + 1));
            out.push((name.clone(), case));
        }
    }
    out
}

fn at<'v>(v: &'v mut Value, path: &[Value]) -> &'v mut Value {
    path.iter().fold(v, |v, seg| match seg {
        Value::String(k) => &mut v[k.as_str()],
        Value::Number(n) => &mut v[usize::try_from(n.as_u64().unwrap()).unwrap()],
        other => panic!("bad fill path segment {other}"),
    })
}

fn numbered(v: &Value, i: usize) -> Value {
    match v {
        Value::String(s) => Value::String(s.replace("{}", &i.to_string())),
        Value::Object(m) => {
            Value::Object(m.iter().map(|(k, v)| (k.clone(), numbered(v, i))).collect())
        }
        other => other.clone(),
    }
}

/// The request of a case: `request`, its `text`, then the `fill` directives (generated big
/// values). The Python and Node suites implement the same few lines.
fn request_of(case: &Map<String, Value>) -> Value {
    let mut req = case.get("request").cloned().unwrap_or_else(|| json!({}));
    if let Some(text) = case.get("text") {
        req["text"] = text.clone();
    }
    for f in case
        .get("fill")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let path = f["at"].as_array().unwrap().clone();
        let times = usize::try_from(f["times"].as_u64().unwrap()).unwrap();
        let target = at(&mut req, &path);
        if let Some(s) = f.get("repeat").and_then(Value::as_str) {
            *target = Value::String(s.repeat(times));
        } else if let Some(item) = f.get("array_of") {
            *target = Value::Array(vec![item.clone(); times]);
        } else if let Some(item) = f.get("array_of_numbered") {
            *target = Value::Array((0..times).map(|i| numbered(item, i)).collect());
        } else if let Some(k) = f.get("key_repeat").and_then(Value::as_str) {
            target[k.repeat(times)] = f["value"].clone();
        } else if let Some(k) = f.get("keys_numbered").and_then(Value::as_str) {
            for i in 0..times {
                target[k.replace("{}", &i.to_string())] = f["value"].clone();
            }
        } else {
            panic!("unknown fill {f}");
        }
    }
    req
}

fn has_float_marker(v: &Value) -> bool {
    match v {
        Value::Object(m) => m.contains_key("$float") || m.values().any(has_float_marker),
        Value::Array(a) => a.iter().any(has_float_marker),
        _ => false,
    }
}

fn strings<'v>(v: &'v Value, out: &mut Vec<&'v str>) {
    match v {
        Value::String(s) => out.push(s),
        Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        Value::Object(m) => m.values().for_each(|x| strings(x, out)),
        _ => {}
    }
}

/// Checks one case; `Err` says what went wrong.
fn check(case: &Map<String, Value>) -> Result<(), String> {
    let op = case["operation"].as_str().unwrap();
    let expect = case
        .get("expect_by")
        .and_then(|e| e.get("rust"))
        .unwrap_or(&case["expect"]);
    let lang: Lang = case
        .get("lang")
        .and_then(Value::as_str)
        .unwrap_or("zh")
        .parse()
        .unwrap();
    let request = request_of(case);
    if has_float_marker(&request) {
        return Err("a $float marker in a case for rust (JSON has no NaN)".into());
    }
    let got = catch_unwind(AssertUnwindSafe(|| {
        call_json(op, request, &Ctx::with_lang(lang))
    }))
    .map_err(|p| {
        let msg = p
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| p.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_default();
        format!("PANIC: {msg}")
    })?;
    if expect.get("ok").and_then(Value::as_bool) == Some(true) {
        let resp = got.map_err(|e| {
            let r = e.report(Lang::En);
            format!(
                "expected success, got {} at {:?}: {}",
                r.code, r.path, r.message
            )
        })?;
        let mut all = Vec::new();
        // `within`: only that field of the response (a report's text, not its chart files)
        let scope = match expect.get("within").and_then(Value::as_str) {
            Some(field) => &resp[field],
            None => &resp,
        };
        strings(scope, &mut all);
        for bad in expect
            .get("absent")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let bad = bad.as_str().unwrap();
            if let Some(s) = all.iter().find(|s| s.contains(bad)) {
                let i = s.find(bad).unwrap_or(0);
                let before = s[..i].chars().rev().take(40).collect::<Vec<_>>();
                let before: String = before.into_iter().rev().collect();
                let after: String = s[i..].chars().take(60).collect();
                return Err(format!("{bad:?} in the response: …{before}{after}…"));
            }
        }
        for want in expect
            .get("present")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let want = want.as_str().unwrap();
            if !all.iter().any(|s| s.contains(want)) {
                return Err(format!("{want:?} not in the response"));
            }
        }
        return Ok(());
    }
    let e = match got {
        Ok(v) => {
            let s: String = v.to_string().chars().take(200).collect();
            return Err(format!("expected an error, got a response {s}"));
        }
        Err(e) => e,
    };
    let r = e.report(lang);
    let en = e.report(Lang::En);
    let path = serde_json::to_value(&r.path).unwrap();
    let mut problems = Vec::new();
    if r.code.as_str() != expect["code"].as_str().unwrap() {
        problems.push(format!("code {} (expected {})", r.code, expect["code"]));
    }
    if let Some(want) = expect.get("path") {
        if &path != want {
            problems.push(format!("path {path} (expected {want})"));
        }
    }
    if let Some(prefix) = expect.get("path_prefix").and_then(Value::as_array) {
        let ok = path
            .as_array()
            .is_some_and(|p| p.len() >= prefix.len() && p[..prefix.len()] == prefix[..]);
        if !ok {
            problems.push(format!("path {path} (expected to start with {prefix:?})"));
        }
    }
    if let Some(kind) = expect.get("kind").and_then(Value::as_str) {
        if r.kind != kind {
            problems.push(format!("kind {} (expected {kind})", r.kind));
        }
    }
    // every report bounded: the problems capped, the messages short next to a 1 MiB input
    if r.issues.len() > renxing::limits::MAX_ISSUES + 1 {
        problems.push(format!("{} issues listed", r.issues.len()));
    }
    let size = serde_json::to_string(&r).unwrap().len() + serde_json::to_string(&en).unwrap().len();
    if size > 4 * 1024 * 1024 {
        problems.push(format!("a report of {size} bytes"));
    }
    if r.message.is_empty() || en.message.is_empty() {
        problems.push("an empty message".into());
    }
    if problems.is_empty() {
        Ok(())
    } else {
        let msg = en.message.chars().take(300).collect::<String>();
        Err(format!("{} — {msg}", problems.join("; ")))
    }
}

#[test]
fn the_battery_gives_typed_errors_and_never_panics() {
    let _serial = serial();
    let all = cases();
    assert!(
        all.len() > 150,
        "only {} cases read from {}",
        all.len(),
        dir().display()
    );
    let mut ran = 0;
    let mut failures = Vec::new();
    let mut ops = std::collections::BTreeSet::new();
    for (file, case) in &all {
        let name = case["name"].as_str().unwrap();
        let fronts = case["front_ends"].as_array().unwrap();
        assert!(
            fronts
                .iter()
                .all(|f| ["rust", "python", "js"].contains(&f.as_str().unwrap())),
            "{file}: {name}: unknown front end"
        );
        if !fronts.iter().any(|f| f == "rust") {
            continue;
        }
        ran += 1;
        ops.insert(case["operation"].as_str().unwrap().to_owned());
        if let Err(e) = check(case) {
            failures.push(format!("{file}: {name}: {e}"));
        }
    }
    assert!(ran > 150, "only {ran} cases for rust");
    assert!(
        ops.len() >= 35,
        "only {} operations covered: {ops:?}",
        ops.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {ran} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn names_are_unique() {
    let _serial = serial();
    let mut seen = std::collections::BTreeSet::new();
    for (file, case) in cases() {
        let name = case["name"].as_str().unwrap().to_owned();
        assert!(
            seen.insert(name.clone()),
            "{file}: duplicate case name {name}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// cost of a hostile file: measured, not timed
// ---------------------------------------------------------------------------------------------

/// 1,000,000 unknown keys in an assessment file: a capped report (50 problems and a count), and
/// memory bounded by a few times the file's size. Before the cap, each key became a problem of
/// a few hundred bytes (2.5 million keys gave an 852 MB report).
#[test]
fn a_million_unknown_keys_cost_a_few_times_the_file() {
    let _serial = serial();
    let mut text = String::from(r#"{"schema_version": 1, "id": "x", "name": "y", "ratings": {}"#);
    for i in 0..1_000_000 {
        text.push_str(&format!(r#","k{i:07}": 1"#));
    }
    text.push('}');
    let size = text.len();
    let request = json!({ "text": text, "format": "json" });
    let (got, peak) = peak_during(|| call_json("read_assessments", request, &Ctx::default()));
    let e = got.unwrap_err();
    let r = e.report(Lang::En);
    assert_eq!(r.code, renxing::ErrorCode::AssessmentInvalid);
    assert_eq!(r.issues.len(), renxing::limits::MAX_ISSUES + 1);
    let last = r.issues.last().unwrap();
    assert_eq!(last.code, renxing::IssueCode::TooMany);
    assert!(
        last.message.starts_with("999958 more problems") || last.message.contains("more problems"),
        "{}",
        last.message
    );
    let report = serde_json::to_string(&r).unwrap().len();
    eprintln!(
        "1,000,000 unknown keys: file {size} bytes, peak resident {peak} bytes ({:.1}× the file), report {report} bytes",
        peak as f64 / size as f64
    );
    assert!(report < 64 * 1024, "report of {report} bytes");
    // The request holds the text (1×) and the parsed object: about 150 bytes per member for a
    // key, a value and the map's node, 11× for members of 14 bytes. The problems add nothing
    // that grows with the keys (before: hundreds of bytes per key, kept).
    assert!(
        peak < 16 * size,
        "peak heap {peak} bytes for a file of {size} bytes"
    );
}

/// The same through the table reader: 200,000 rows each with a bad level, capped at 50.
#[test]
fn a_table_of_bad_rows_is_capped_with_a_total() {
    let _serial = serial();
    let mut text = String::from("id,name,needs_met\n");
    for i in 0..200_000 {
        text.push_str(&format!("r{i},n,bogus\n"));
    }
    let size = text.len();
    let request = json!({ "text": text });
    let (got, peak) = peak_during(|| call_json("read_table", request, &Ctx::default()));
    let r = got.unwrap_err().report(Lang::En);
    assert_eq!(r.code, renxing::ErrorCode::TableInvalid);
    assert_eq!(r.issues.len(), renxing::limits::MAX_ISSUES);
    assert!(r.message.contains("problems in all"), "{}", r.message);
    eprintln!(
        "200,000 bad rows: text {size} bytes, peak resident {peak} bytes ({:.1}×)",
        peak as f64 / size as f64
    );
    // every row's cells are held (a few dozen bytes per cell): bounded by the table limits
    assert!(
        peak < 60 * size,
        "peak heap {peak} bytes for {size} bytes of CSV"
    );
}

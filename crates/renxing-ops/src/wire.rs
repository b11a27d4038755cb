//! The JSON wire form of JavaScript values that JSON cannot hold, shared by the WebAssembly
//! package (which converts with `JSON.stringify`/`JSON.parse`) and tested natively.
//!
//! Integers beyond 2⁵³ (which a JS number would round) travel as strings marked by the
//! noncharacter U+FDD0 (`"\u{FDD0}12345678901234567890"`); a non-finite number (NaN, ±Infinity:
//! `JSON.stringify` would write `null`) as `"\u{FDD0}\u{FDD1}NaN"`; a real string that starts with
//! U+FDD0 gets a second one, so that no string is ever taken for a number. The binding marks JS
//! values on the way in (a `JSON.stringify` replacer) and revives marked strings on the way out
//! (a `JSON.parse` reviver); this module does the same on [`serde_json::Value`]s.

use renxing::{Error, ErrorCode, Msg, Path, Problem};
use serde_json::{Number, Value};

/// The mark that starts a string standing for a number (or escapes a real string).
pub const MARK: char = '\u{FDD0}';
/// After the mark: a non-finite number (NaN, ±Infinity), which JSON cannot hold.
pub const NON_FINITE: char = '\u{FDD1}';
/// 2⁵³ − 1, the largest integer a JS number holds with its neighbours.
pub const SAFE: u64 = (1 << 53) - 1;

/// A run of 16 digits: the text may hold an integer beyond 2⁵³ (cheap; false positives only
/// cost the slow path).
pub fn may_have_big_integers(text: &str) -> bool {
    let mut run = 0;
    for b in text.bytes() {
        run = if b.is_ascii_digit() { run + 1 } else { 0 };
        if run >= 16 {
            return true;
        }
    }
    false
}

/// Marks big integers and escapes marked strings; whether anything was a big integer.
pub fn encode_value(v: &mut Value) -> bool {
    match v {
        Value::Number(n) => {
            let big = n.as_u64().is_some_and(|u| u > SAFE)
                || n.as_i64().is_some_and(|i| i.unsigned_abs() > SAFE);
            if big {
                *v = Value::String(format!("{MARK}{n}"));
            }
            big
        }
        Value::String(s) if s.starts_with(MARK) => {
            s.insert(0, MARK);
            false
        }
        Value::Array(items) => items.iter_mut().fold(false, |acc, x| encode_value(x) | acc),
        Value::Object(map) => map.values_mut().fold(false, |acc, x| encode_value(x) | acc),
        _ => false,
    }
}

/// Marked strings back to integers (an error beyond 64 bits), escaped strings back.
pub fn decode_value(v: &mut Value, path: &Path) -> Result<(), Error> {
    match v {
        Value::String(s) => {
            let Some(rest) = s.strip_prefix(MARK) else {
                return Ok(());
            };
            if rest.starts_with(MARK) {
                *s = rest.to_owned();
                return Ok(());
            }
            if let Some(shown) = rest.strip_prefix(NON_FINITE) {
                return Err(Problem::new(
                    ErrorCode::RequestInvalid,
                    Msg::new(
                        format!("{shown} 不是有限数"),
                        format!("{shown} is not a finite number"),
                    ),
                )
                .at(path.clone())
                .into());
            }
            let n = rest
                .parse::<u64>()
                .map(Number::from)
                .or_else(|_| rest.parse::<i64>().map(Number::from));
            match n {
                Ok(n) => *v = Value::Number(n),
                Err(_) => {
                    let shown: String = rest.chars().take(40).collect();
                    return Err(Problem::new(
                        ErrorCode::RequestInvalid,
                        Msg::new(
                            format!("BigInt {shown} 超出 64 位整数范围"),
                            format!("the BigInt {shown} does not fit in a 64-bit integer"),
                        ),
                    )
                    .at(path.clone())
                    .into());
                }
            }
            Ok(())
        }
        Value::Array(items) => items
            .iter_mut()
            .enumerate()
            .try_for_each(|(i, x)| decode_value(x, &path.clone().index(i))),
        Value::Object(map) => map
            .iter_mut()
            .try_for_each(|(k, x)| decode_value(x, &path.clone().key(k.as_str()))),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use serde_json::json;

    #[test]
    fn big_integers_are_marked_and_come_back() {
        let big = u64::MAX;
        let mut v = json!({"a": [1, big, -9_007_199_254_740_993_i64], "s": "\u{FDD0}x", "n": 9_007_199_254_740_991_u64});
        assert!(encode_value(&mut v));
        assert_eq!(v["a"][1], json!(format!("{MARK}{big}")));
        assert_eq!(v["a"][2], json!(format!("{MARK}-9007199254740993")));
        assert_eq!(v["n"], json!(9_007_199_254_740_991_u64), "2^53 - 1 is safe");
        assert_eq!(
            v["s"],
            json!("\u{FDD0}\u{FDD0}x"),
            "a real marked string is escaped"
        );
        decode_value(&mut v, &Path::root()).unwrap();
        assert_eq!(
            v,
            json!({"a": [1, big, -9_007_199_254_740_993_i64], "s": "\u{FDD0}x", "n": 9_007_199_254_740_991_u64})
        );
        let mut small = json!({"a": [1, 2.5, "x"]});
        assert!(!encode_value(&mut small));
    }

    #[test]
    fn the_cheap_test_finds_every_run_of_sixteen_digits() {
        assert!(!may_have_big_integers(r#"{"a":123456789012345}"#));
        assert!(may_have_big_integers(r#"{"a":1234567890123456}"#));
        assert!(
            may_have_big_integers(r#"{"a":"x1234567890123456"}"#),
            "false positives are allowed"
        );
    }

    #[test]
    fn non_finite_and_oversized_values_are_errors_at_their_path() {
        let mut v = json!({"w": [1.0, format!("{MARK}{NON_FINITE}NaN")]});
        let e = decode_value(&mut v, &Path::root()).unwrap_err();
        assert_eq!(e.code(), ErrorCode::RequestInvalid);
        assert_eq!(
            e.path().unwrap().to_string(),
            Path::root().key("w").index(1).to_string()
        );
        assert!(e
            .message(renxing::Lang::En)
            .contains("NaN is not a finite number"));
        let mut v = json!({"id": format!("{MARK}123456789012345678901234567890")});
        let e = decode_value(&mut v, &Path::root()).unwrap_err();
        assert!(
            e.message(renxing::Lang::En)
                .contains("does not fit in a 64-bit integer"),
            "{e:?}"
        );
        assert!(e.message(renxing::Lang::Zh).contains("超出 64 位整数范围"));
    }
}

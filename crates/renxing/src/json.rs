//! Strict JSON reading: like `serde_json::from_str` into a [`Value`], but a key that appears twice
//! in one object is an error naming its path (`serde_json` silently keeps the last one, so a
//! second `"needs_met"` would replace the first rating without a word), and nesting deeper than
//! [`MAX_DEPTH`] is refused.
//!
//! An integer written with more digits than 64 bits hold is read only when it is exactly a
//! double (`100000000000000000000` is; `123456789012345678901` is not, and is refused naming its
//! path): no integer is read as a different number.
//!
//! Writing: [`to_canonical_pretty`] is the one writer of the files (assessments, frameworks):
//! numbers in their canonical form ([`canonical_f64`]), so that Rust, Python and JavaScript —
//! whose numbers have no separate integer type — write the same bytes; [`canonicalize`] puts
//! free JSON (an assessment's `metadata`) in canonical key order.
//!
//! ```
//! let e = renxing::json::parse(r#"{"ratings": {"rules": 1, "rules": 2}}"#).unwrap_err();
//! assert!(e.to_string().contains("duplicate key \"rules\" in ratings"), "{e}");
//! assert_eq!(renxing::json::parse("[1, 2]").unwrap(), serde_json::json!([1, 2]));
//! ```

use std::cell::{Cell, RefCell};
use std::{fmt, io};

use serde::de::{DeserializeSeed, Deserializer, Error as _, MapAccess, SeqAccess, Visitor};
use serde::Serialize;
use serde_json::ser::{Formatter, PrettyFormatter};
use serde_json::{Map, Number, Value};

use crate::error::{Path, PathSeg};

/// The deepest nesting of arrays and objects accepted.
pub const MAX_DEPTH: usize = 64;

/// Parses JSON text into a [`Value`], refusing duplicate keys and excessive nesting.
///
/// # Errors
/// The parser's error (with line and column), also for a duplicate key or too deep a document.
pub fn parse(text: &str) -> Result<Value, serde_json::Error> {
    let numbers = Numbers::default();
    let mut de = serde_json::Deserializer::from_str(text);
    let value = Strict {
        path: Path::root(),
        depth: 0,
        numbers: &numbers,
    }
    .deserialize(&mut de)?;
    de.end()?;
    check_big_integers(text, &numbers.big.into_inner())?;
    Ok(value)
}

/// The numbers read so far (in document order) and those that may be integers longer than 64
/// bits (read by `serde_json` as doubles): their index and path.
#[derive(Default)]
struct Numbers {
    count: Cell<usize>,
    big: RefCell<Vec<(usize, Path)>>,
}

/// 2⁶⁴: integers below it are read exactly as `u64`/`i64`.
const TWO_64: f64 = 18_446_744_073_709_551_616.0;

struct Strict<'a> {
    path: Path,
    depth: usize,
    numbers: &'a Numbers,
}

impl Strict<'_> {
    fn child(&self, seg: PathSeg) -> Self {
        Strict {
            path: self.path.with(seg),
            depth: self.depth + 1,
            numbers: self.numbers,
        }
    }

    fn count(&self) -> usize {
        let n = self.numbers.count.get();
        self.numbers.count.set(n + 1);
        n
    }
}

/// Refuses an integer literal that does not fit in 64 bits and is not exactly the double it was
/// read as. Runs only when the document has such a double (`big`, found while parsing); finds
/// the literals by scanning the (valid) text for its numbers in document order.
fn check_big_integers(text: &str, big: &[(usize, Path)]) -> Result<(), serde_json::Error> {
    if big.is_empty() {
        return Ok(());
    }
    let bytes = text.as_bytes();
    let (mut i, mut index, mut next) = (0, 0, 0);
    while i < bytes.len() && next < big.len() {
        match bytes[i] {
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b'-' | b'0'..=b'9' => {
                let start = i;
                while i < bytes.len()
                    && matches!(bytes[i], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
                {
                    i += 1;
                }
                if index == big[next].0 {
                    let literal = &text[start..i];
                    let digits = literal.trim_start_matches('-');
                    let integer = digits.bytes().all(|b| b.is_ascii_digit());
                    let exact = literal
                        .parse::<f64>()
                        .is_ok_and(|v| format!("{:.0}", v.abs()) == digits);
                    if integer && !exact {
                        let shown: String = literal.chars().take(40).collect();
                        let more = if literal.len() > 40 { "…" } else { "" };
                        return Err(serde_json::Error::custom(format!(
                            "the integer {shown}{more} at {} does not fit in 64 bits and is not exactly a double, so it would be read as another number; write it as a string",
                            shown_path(&big[next].1)
                        )));
                    }
                    next += 1;
                }
                index += 1;
            }
            _ => i += 1,
        }
    }
    Ok(())
}

impl<'de> DeserializeSeed<'de> for Strict<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Strict<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        self.count();
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        self.count();
        Ok(Value::from(v))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        let index = self.count();
        if v.abs() >= TWO_64 && v.fract() == 0.0 {
            self.numbers
                .big
                .borrow_mut()
                .push((index, self.path.clone()));
        }
        Ok(Value::from(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        if self.depth >= MAX_DEPTH {
            return Err(A::Error::custom(format!(
                "nesting deeper than {MAX_DEPTH} levels at {}",
                shown_path(&self.path)
            )));
        }
        let mut out = Vec::new();
        while let Some(v) = seq.next_element_seed(self.child(PathSeg::Index(out.len())))? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        if self.depth >= MAX_DEPTH {
            return Err(A::Error::custom(format!(
                "nesting deeper than {MAX_DEPTH} levels at {}",
                shown_path(&self.path)
            )));
        }
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if out.contains_key(&key) {
                return Err(A::Error::custom(format!(
                    "duplicate key {key:?} in {}",
                    shown_path(&self.path)
                )));
            }
            let v = map.next_value_seed(self.child(PathSeg::Key(key.clone())))?;
            out.insert(key, v);
        }
        Ok(Value::Object(out))
    }
}

fn shown_path(p: &Path) -> String {
    if p.is_root() {
        "the document".to_owned()
    } else {
        p.to_string()
    }
}

// ---------------------------------------------------------------------------------------------
// writing
// ---------------------------------------------------------------------------------------------

/// The canonical text of a finite double in renxing's files: `0` for both zeros; an integral
/// value below 10²¹ in magnitude as its exact digits (`50`, `-3`, `100000000000000000000`, as
/// JavaScript writes them); any other value as the shortest digits that read back to it
/// (`0.1`, `1.5e-7`, `1e+21`). Integers are written as their digits. So a number has one text
/// whichever language held it (JavaScript has no integer type: `1.0` and `1` are one number).
///
/// ```
/// use renxing::json::canonical_f64;
/// assert_eq!(canonical_f64(50.0), "50");
/// assert_eq!(canonical_f64(-0.0), "0");
/// assert_eq!(canonical_f64(0.1 + 0.2), "0.30000000000000004");
/// assert_eq!(canonical_f64(1e20), "100000000000000000000");
/// assert_eq!(canonical_f64(1e21), "1e+21");
/// ```
#[must_use]
pub fn canonical_f64(v: f64) -> String {
    if v == 0.0 {
        "0".to_owned()
    } else if v.fract() == 0.0 && v.abs() < 1e21 {
        format!("{v:.0}")
    } else {
        Value::from(v).to_string()
    }
}

/// Pretty JSON (two spaces) with numbers in canonical form ([`canonical_f64`]): the writer of
/// every renxing file.
///
/// # Errors
/// The value's own serialization error (none for renxing's types).
pub fn to_canonical_pretty<T: Serialize + ?Sized>(value: &T) -> Result<String, serde_json::Error> {
    let mut out = Vec::with_capacity(1024);
    let mut ser =
        serde_json::Serializer::with_formatter(&mut out, Canonical(PrettyFormatter::new()));
    value.serialize(&mut ser)?;
    String::from_utf8(out).map_err(serde_json::Error::custom)
}

/// Free JSON in canonical form, recursively: object keys in code point order (JavaScript orders
/// integer-like keys first, so file order cannot survive it), integral doubles that fit in 64
/// bits as integers, `-0` as `0`.
pub fn canonicalize(v: &mut Value) {
    match v {
        Value::Object(map) => {
            map.sort_keys();
            map.values_mut().for_each(canonicalize);
        }
        Value::Array(items) => items.iter_mut().for_each(canonicalize),
        Value::Number(n) => {
            if let Some(f) = n.as_f64().filter(|_| n.is_f64()) {
                if f.fract() == 0.0 && (-9_223_372_036_854_775_808.0..TWO_64).contains(&f) {
                    *n = if f < 0.0 {
                        Number::from(f as i64)
                    } else {
                        Number::from(f as u64)
                    };
                }
            }
        }
        _ => {}
    }
}

/// `PrettyFormatter` with canonical numbers.
struct Canonical<'a>(PrettyFormatter<'a>);

macro_rules! delegate {
    ($($name:ident),*) => {$(
        fn $name<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
            self.0.$name(w)
        }
    )*};
}

impl Formatter for Canonical<'_> {
    delegate!(end_object_value, end_array_value);

    fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }

    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }

    fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }

    fn write_f64<W: ?Sized + io::Write>(&mut self, w: &mut W, v: f64) -> io::Result<()> {
        w.write_all(canonical_f64(v).as_bytes())
    }

    fn write_f32<W: ?Sized + io::Write>(&mut self, w: &mut W, v: f32) -> io::Result<()> {
        self.write_f64(w, f64::from(v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicates_are_refused_at_any_depth() {
        let e = parse(r#"{"a": [{"b": 1, "b": 1}]}"#).unwrap_err();
        assert!(
            e.to_string().starts_with("duplicate key \"b\" in a[0]"),
            "{e}"
        );
        let e = parse(r#"{"id": "x", "id": "y"}"#).unwrap_err();
        assert!(e.to_string().contains("in the document"), "{e}");
        assert_eq!(e.line(), 1);
    }

    #[test]
    fn deep_nesting_is_refused_without_overflow() {
        let deep = "[".repeat(10_000) + &"]".repeat(10_000);
        let e = parse(&deep).unwrap_err();
        assert!(e.to_string().contains("nesting deeper than 64"), "{e}");
        let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(parse(&ok).is_ok());
    }

    #[test]
    fn values_equal_serde_json() {
        let text =
            r#"{"a": 1, "b": [true, null, 2.5, "x"], "c": {"d": -3, "e": 18446744073709551615}}"#;
        assert_eq!(
            parse(text).unwrap(),
            serde_json::from_str::<Value>(text).unwrap()
        );
    }

    #[test]
    fn integers_beyond_64_bits_are_exact_or_refused() {
        let v = parse(r#"{"a": [1, 1.5, "x\"1", 100000000000000000000, -18446744073709551616]}"#)
            .unwrap();
        assert_eq!(v["a"][3].as_f64(), Some(1e20));
        assert_eq!(v["a"][4].as_f64(), Some(-TWO_64));
        let e =
            parse(r#"{"a": "1234567890123456789012", "m": {"b": [2e30, 123456789012345678901]}}"#)
                .unwrap_err();
        assert!(
            e.to_string()
                .contains("the integer 123456789012345678901 at m.b[1]"),
            "{e}"
        );
        // a double written with an exponent is a double
        assert!(parse("[1.23456789012345678901e20]").is_ok());
    }

    #[test]
    fn canonical_numbers() {
        let v = serde_json::json!({"z": 1.0, "a": [-0.0, 2.5, 1e300, 18446744073709551615u64, -9.223372036854776e18, 1.8446744073709552e19]});
        let mut c = v.clone();
        canonicalize(&mut c);
        let text = to_canonical_pretty(&c).unwrap();
        assert_eq!(
            text,
            "{\n  \"a\": [\n    0,\n    2.5,\n    1e+300,\n    18446744073709551615,\n    -9223372036854775808,\n    18446744073709551616\n  ],\n  \"z\": 1\n}"
        );
        let mut again = parse(&text).unwrap();
        canonicalize(&mut again);
        assert_eq!(again, c);
        assert_eq!(to_canonical_pretty(&again).unwrap(), text);
    }
}

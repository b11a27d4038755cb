//! Strict JSON reading: like `serde_json::from_str` into a [`Value`], but a key that appears twice
//! in one object is an error naming its path (`serde_json` silently keeps the last one, so a
//! second `"needs_met"` would replace the first rating without a word), and nesting deeper than
//! [`MAX_DEPTH`] is refused.
//!
//! ```
//! let e = renxing::json::parse(r#"{"ratings": {"rules": 1, "rules": 2}}"#).unwrap_err();
//! assert!(e.to_string().contains("duplicate key \"rules\" in ratings"), "{e}");
//! assert_eq!(renxing::json::parse("[1, 2]").unwrap(), serde_json::json!([1, 2]));
//! ```

use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, Error as _, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use crate::error::{Path, PathSeg};

/// The deepest nesting of arrays and objects accepted.
pub const MAX_DEPTH: usize = 64;

/// Parses JSON text into a [`Value`], refusing duplicate keys and excessive nesting.
///
/// # Errors
/// The parser's error (with line and column), also for a duplicate key or too deep a document.
pub fn parse(text: &str) -> Result<Value, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value = Strict {
        path: Path::root(),
        depth: 0,
    }
    .deserialize(&mut de)?;
    de.end()?;
    Ok(value)
}

struct Strict {
    path: Path,
    depth: usize,
}

impl Strict {
    fn child(&self, seg: PathSeg) -> Strict {
        Strict {
            path: self.path.with(seg),
            depth: self.depth + 1,
        }
    }
}

impl<'de> DeserializeSeed<'de> for Strict {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Strict {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
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
                shown(&self.path)
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
                shown(&self.path)
            )));
        }
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if out.contains_key(&key) {
                return Err(A::Error::custom(format!(
                    "duplicate key {key:?} in {}",
                    shown(&self.path)
                )));
            }
            let v = map.next_value_seed(self.child(PathSeg::Key(key.clone())))?;
            out.insert(key, v);
        }
        Ok(Value::Object(out))
    }
}

fn shown(p: &Path) -> String {
    if p.is_root() {
        "the document".to_owned()
    } else {
        p.to_string()
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
}

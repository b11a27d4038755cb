//! Generated bindings: the TypeScript declarations of the WebAssembly package and the Python
//! functions and types of the Python package, written from the registry's JSON Schemas.
//!
//! The generated files are committed; a test (`tests/generated.rs`) fails when regenerating them
//! would change anything (`RENXING_UPDATE_GENERATED=1 cargo test -p renxing-ops` rewrites them).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use schemars::generate::SchemaSettings;
use serde_json::{Map, Value};

use crate::registry;

/// `snake_case` → `camelCase`.
#[must_use]
pub fn camel_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The JavaScript name of an operation: its name in `camelCase`, and for a name that is a
/// reserved word of JavaScript (`export`) that word with `File` after it (`exportFile`), since
/// a module cannot export a function named by a reserved word.
#[must_use]
pub fn js_name(name: &str) -> String {
    let camel = camel_case(name);
    match camel.as_str() {
        "export" => "exportFile".to_owned(),
        _ => camel,
    }
}

/// Every schema of the registry: per operation its request and response schemas, and the shared
/// definitions they refer to (`#/$defs/Name`).
pub struct Schemas {
    /// Per operation (registry order): name, js name, summary, request and response schemas.
    pub ops: Vec<OpSchemas>,
    /// Named definitions.
    pub defs: BTreeMap<String, Value>,
}

/// The schemas of one operation.
pub struct OpSchemas {
    /// The operation's name.
    pub name: &'static str,
    /// Its JavaScript name.
    pub js_name: &'static str,
    /// Its summary.
    pub summary: &'static str,
    /// The generated name of its request type.
    pub request_type: &'static str,
    /// The generated name of its response type.
    pub response_type: &'static str,
    /// The request schema.
    pub request: Value,
    /// The response schema.
    pub response: Value,
}

/// Builds every schema once, with shared definitions.
#[must_use]
pub fn schemas() -> Schemas {
    let mut generator = SchemaSettings::draft2020_12().into_generator();
    let mut ops = Vec::new();
    for info in registry() {
        let request = (info.request_schema)(&mut generator).to_value();
        let response = (info.response_schema)(&mut generator).to_value();
        ops.push(OpSchemas {
            name: info.name,
            js_name: info.js_name,
            summary: info.summary,
            request_type: info.request_type,
            response_type: info.response_type,
            request,
            response,
        });
    }
    let defs = generator
        .take_definitions(true)
        .into_iter()
        .collect::<BTreeMap<String, Value>>();
    Schemas { ops, defs }
}

fn ref_name(s: &Map<String, Value>) -> Option<&str> {
    s.get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.rsplit('/').next())
}

fn doc(s: &Value) -> Option<String> {
    s.get("description")
        .and_then(Value::as_str)
        .map(|d| d.trim().replace("*/", "* /"))
}

// ---------------------------------------------------------------------------------------------
// TypeScript
// ---------------------------------------------------------------------------------------------

fn ts_literal(v: &Value) -> String {
    v.to_string()
}

/// The TypeScript type of a schema.
fn ts_type(s: &Value, indent: usize) -> String {
    let Value::Object(m) = s else {
        return if s == &Value::Bool(false) {
            "never".to_owned()
        } else {
            "unknown".to_owned()
        };
    };
    if let Some(name) = ref_name(m) {
        // A variant of an internally tagged enum: the referenced type plus its tag field.
        return match m.get("properties") {
            Some(Value::Object(p)) if !p.is_empty() => {
                let mut tag = m.clone();
                tag.remove("$ref");
                tag.remove("description");
                format!("({name} & {})", ts_object(&tag, indent))
            }
            _ => name.to_owned(),
        };
    }
    if let Some(c) = m.get("const") {
        return ts_literal(c);
    }
    if let Some(Value::Array(items)) = m.get("enum") {
        return items.iter().map(ts_literal).collect::<Vec<_>>().join(" | ");
    }
    for key in ["anyOf", "oneOf"] {
        if let Some(Value::Array(items)) = m.get(key) {
            let mut parts: Vec<String> = items.iter().map(|i| ts_type(i, indent)).collect();
            parts.dedup();
            return parts.join(" | ");
        }
    }
    if let Some(Value::Array(items)) = m.get("allOf") {
        return items
            .iter()
            .map(|i| ts_type(i, indent))
            .collect::<Vec<_>>()
            .join(" & ");
    }
    match m.get("type") {
        Some(Value::Array(types)) => types
            .iter()
            .map(|t| {
                let mut one = m.clone();
                one.insert("type".to_owned(), t.clone());
                ts_type(&Value::Object(one), indent)
            })
            .collect::<Vec<_>>()
            .join(" | "),
        Some(Value::String(t)) => match t.as_str() {
            "null" => "null".to_owned(),
            "boolean" => "boolean".to_owned(),
            "integer" | "number" => "number".to_owned(),
            "string" => "string".to_owned(),
            "array" => {
                let item = m
                    .get("items")
                    .map_or("unknown".to_owned(), |i| ts_type(i, indent));
                if item.contains(' ') {
                    format!("({item})[]")
                } else {
                    format!("{item}[]")
                }
            }
            "object" => ts_object(m, indent),
            _ => "unknown".to_owned(),
        },
        _ => {
            if m.contains_key("properties") {
                ts_object(m, indent)
            } else {
                "unknown".to_owned()
            }
        }
    }
}

fn ts_object(m: &Map<String, Value>, indent: usize) -> String {
    let required: Vec<&str> = m
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let pad = "  ".repeat(indent + 1);
    let mut out = String::from("{\n");
    if let Some(Value::Object(props)) = m.get("properties") {
        for (k, v) in props {
            if let Some(d) = doc(v) {
                let _ = writeln!(out, "{pad}/** {} */", d.replace('\n', " "));
            }
            let opt = if required.contains(&k.as_str()) {
                ""
            } else {
                "?"
            };
            let _ = writeln!(out, "{pad}{}{opt}: {};", ts_key(k), ts_type(v, indent + 1));
        }
    }
    match m.get("additionalProperties") {
        Some(Value::Bool(false)) | None if m.contains_key("properties") => {}
        Some(Value::Bool(false)) => {}
        Some(extra) => {
            let _ = writeln!(out, "{pad}[key: string]: {};", ts_type(extra, indent + 1));
        }
        None => {
            let _ = writeln!(out, "{pad}[key: string]: unknown;");
        }
    }
    out.push_str(&"  ".repeat(indent));
    out.push('}');
    out
}

fn ts_key(k: &str) -> String {
    if k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !k.starts_with(|c: char| c.is_ascii_digit())
    {
        k.to_owned()
    } else {
        Value::from(k).to_string()
    }
}

/// The TypeScript declarations of every operation and type (the WebAssembly package's API).
#[must_use]
pub fn typescript() -> String {
    let s = schemas();
    let mut out = String::from(
        "// Generated by renxing-ops from the operation registry. Do not edit:\n\
         // RENXING_UPDATE_GENERATED=1 cargo test -p renxing-ops rewrites it.\n\n",
    );
    for (name, schema) in &s.defs {
        if let Some(d) = doc(schema) {
            let _ = writeln!(out, "/** {} */", d.replace('\n', " "));
        }
        let _ = writeln!(out, "export type {name} = {};\n", ts_type(schema, 0));
    }
    for op in &s.ops {
        for (what, name, schema) in [
            ("request", op.request_type, &op.request),
            ("response", op.response_type, &op.response),
        ] {
            let ty = ts_type(schema, 0);
            // A type already defined under this name needs no alias (`type X = X` is circular).
            if ty != name {
                let _ = writeln!(
                    out,
                    "/** The {what} of `{}`. */\nexport type {name} = {ty};\n",
                    op.js_name
                );
            }
        }
    }
    out.push_str("/** Every operation's request and response types, by name. */\nexport interface Operations {\n");
    for op in &s.ops {
        let _ = writeln!(
            out,
            "  {}: {{ request: {}; response: {} }};",
            op.name, op.request_type, op.response_type
        );
    }
    out.push_str("}\n\n");
    for op in &s.ops {
        let _ = writeln!(
            out,
            "/** {} */\nexport function {}(request{}: {}): {};\n",
            op.summary.trim(),
            op.js_name,
            if all_optional(&op.request, &s.defs) {
                "?"
            } else {
                ""
            },
            op.request_type,
            op.response_type
        );
    }
    out
}

/// Whether every field of a request is optional (the argument may then be omitted).
fn all_optional(s: &Value, defs: &BTreeMap<String, Value>) -> bool {
    let target = match s.as_object().and_then(ref_name) {
        Some(name) => defs.get(name).unwrap_or(s),
        None => s,
    };
    target
        .get("required")
        .and_then(Value::as_array)
        .is_none_or(Vec::is_empty)
}

// ---------------------------------------------------------------------------------------------
// Python
// ---------------------------------------------------------------------------------------------

/// The Python type of a schema (for `.pyi` and annotations).
fn py_type(s: &Value) -> String {
    let Value::Object(m) = s else {
        return "Any".to_owned();
    };
    if let Some(name) = ref_name(m) {
        return py_name(name);
    }
    if let Some(c) = m.get("const") {
        return format!("Literal[{}]", py_literal(c));
    }
    if let Some(Value::Array(items)) = m.get("enum") {
        let lits: Vec<String> = items.iter().map(py_literal).collect();
        return if lits.iter().any(|l| l == "None") {
            let rest: Vec<String> = lits.into_iter().filter(|l| l != "None").collect();
            format!("Literal[{}] | None", rest.join(", "))
        } else {
            format!("Literal[{}]", lits.join(", "))
        };
    }
    for key in ["anyOf", "oneOf"] {
        if let Some(Value::Array(items)) = m.get(key) {
            let mut parts: Vec<String> = items.iter().map(py_type).collect();
            parts.dedup();
            return parts.join(" | ");
        }
    }
    if let Some(Value::Array(items)) = m.get("allOf") {
        return items.first().map_or("Any".to_owned(), py_type);
    }
    match m.get("type") {
        Some(Value::Array(types)) => types
            .iter()
            .map(|t| {
                let mut one = m.clone();
                one.insert("type".to_owned(), t.clone());
                py_type(&Value::Object(one))
            })
            .collect::<Vec<_>>()
            .join(" | "),
        Some(Value::String(t)) => match t.as_str() {
            "null" => "None".to_owned(),
            "boolean" => "bool".to_owned(),
            "integer" => "int".to_owned(),
            "number" => "float".to_owned(),
            "string" => "str".to_owned(),
            "array" => format!("list[{}]", m.get("items").map_or("Any".to_owned(), py_type)),
            "object" => match m.get("additionalProperties") {
                Some(v @ Value::Object(_)) => format!("dict[str, {}]", py_type(v)),
                _ => "dict[str, Any]".to_owned(),
            },
            _ => "Any".to_owned(),
        },
        _ => "Any".to_owned(),
    }
}

fn py_literal(v: &Value) -> String {
    match v {
        Value::Null => "None".to_owned(),
        Value::Bool(true) => "True".to_owned(),
        Value::Bool(false) => "False".to_owned(),
        other => other.to_string(),
    }
}

const PY_KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

fn properties(s: &Value) -> Vec<(String, Value, bool)> {
    let required: Vec<&str> = s
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    s.get("properties")
        .and_then(Value::as_object)
        .map(|p| {
            p.iter()
                .map(|(k, v)| (k.clone(), v.clone(), required.contains(&k.as_str())))
                .collect()
        })
        .unwrap_or_default()
}

/// The names the generated Python files import from `typing`.
const PY_IMPORTED: &[&str] = &["Any", "Literal", "NotRequired", "TypeAlias", "TypedDict"];

/// A type's Python name: its Rust name, with `_` appended when it would hide a `typing` name
/// (QCA's `Literal` becomes `Literal_`).
fn py_name(name: &str) -> String {
    if PY_IMPORTED.contains(&name) {
        format!("{name}_")
    } else {
        name.to_owned()
    }
}

fn py_def(out: &mut String, name: &str, schema: &Value) {
    let name = py_name(name);
    let is_struct = schema.get("properties").is_some()
        && schema.get("type").and_then(Value::as_str) == Some("object");
    if is_struct {
        let props = properties(schema);
        let functional = props
            .iter()
            .any(|(k, _, _)| PY_KEYWORDS.contains(&k.as_str()));
        if functional {
            let fields: Vec<String> = props
                .iter()
                .map(|(k, v, req)| {
                    let t = py_type(v);
                    let t = if *req { t } else { format!("NotRequired[{t}]") };
                    format!("{}: {t}", Value::from(k.as_str()))
                })
                .collect();
            let _ = writeln!(
                out,
                "{name} = TypedDict({name:?}, {{{}}})\n",
                fields.join(", ")
            );
            return;
        }
        let _ = writeln!(out, "class {name}(TypedDict):");
        if let Some(d) = doc(schema) {
            let _ = writeln!(
                out,
                "    \"\"\"{}\"\"\"\n",
                d.replace('\\', "\\\\").replace("\"\"\"", "'''")
            );
        }
        if props.is_empty() {
            out.push_str("    pass\n");
        }
        for (k, v, req) in props {
            let t = py_type(&v);
            if req {
                let _ = writeln!(out, "    {k}: {t}");
            } else {
                let _ = writeln!(out, "    {k}: NotRequired[{t}]");
            }
        }
        out.push('\n');
    } else if let Some(variants) = tagged_variants(schema) {
        // An internally tagged enum: one TypedDict per variant, the variant's type plus its tag.
        let mut names = Vec::new();
        for (base, tags) in variants {
            let suffix: String = tags
                .iter()
                .filter_map(|(_, v)| v.get("const").and_then(Value::as_str))
                .flat_map(|t| t.split('_'))
                .map(|w| {
                    let mut c = w.chars();
                    c.next().map_or_else(String::new, |f| {
                        f.to_uppercase().chain(c).collect::<String>()
                    })
                })
                .collect();
            let variant = format!("{name}{suffix}");
            let _ = writeln!(out, "class {variant}({}):", py_name(base));
            for (k, v) in &tags {
                let _ = writeln!(out, "    {k}: {}", py_type(v));
            }
            out.push('\n');
            names.push(variant);
        }
        let _ = writeln!(out, "{name}: TypeAlias = {}\n", names.join(" | "));
    } else {
        let _ = writeln!(out, "{name}: TypeAlias = {}\n", py_type(schema));
    }
}

/// A variant of an internally tagged enum: the referenced type's name and its tag fields.
type TaggedVariant<'a> = (&'a str, Vec<(String, Value)>);

/// The variants of an internally tagged enum (`oneOf` of `$ref` + tag properties), each as the
/// referenced type's name and its tag fields; `None` unless every variant has that shape.
fn tagged_variants(schema: &Value) -> Option<Vec<TaggedVariant<'_>>> {
    let items = schema.get("oneOf").and_then(Value::as_array)?;
    items
        .iter()
        .map(|item| {
            let m = item.as_object()?;
            let base = ref_name(m)?;
            let props = m.get("properties")?.as_object()?;
            if props.is_empty() {
                return None;
            }
            Some((
                base,
                props.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
            ))
        })
        .collect()
}

/// The Python type stub of every request and response (`renxing/_types.pyi`).
#[must_use]
pub fn python_types() -> String {
    let s = schemas();
    let mut out = String::from(
        "# Generated by renxing-ops from the operation registry. Do not edit:\n\
         # RENXING_UPDATE_GENERATED=1 cargo test -p renxing-ops rewrites it.\n\n\
         from typing import Any, Literal\n\n\
         from typing_extensions import NotRequired, TypeAlias, TypedDict\n\n",
    );
    for (name, schema) in &s.defs {
        py_def(&mut out, name, schema);
    }
    for op in &s.ops {
        for (name, schema) in [
            (op.request_type, &op.request),
            (op.response_type, &op.response),
        ] {
            let _ = writeln!(out, "{name}: TypeAlias = {}\n", py_type(schema));
        }
    }
    out
}

/// The Python functions of every operation (`renxing/_ops.py`): real signatures and docstrings,
/// each calling the native module with the request.
#[must_use]
pub fn python_functions() -> String {
    let s = schemas();
    let mut out = String::from(
        "# Generated by renxing-ops from the operation registry. Do not edit:\n\
         # RENXING_UPDATE_GENERATED=1 cargo test -p renxing-ops rewrites it.\n\
         \"\"\"One function per operation of the core library (the registry of renxing-ops).\"\"\"\n\n\
         from __future__ import annotations\n\n\
         from typing import TYPE_CHECKING, Any, Literal, overload\n\n\
         from ._renxing import Framework as _Framework\n\
         from ._renxing import Prepared as _Prepared\n\
         from ._renxing import call as _call\n\n\
         if TYPE_CHECKING:  # pragma: no cover\n    from ._types import *  # noqa: F403\n\n\n",
    );
    let mut names = Vec::new();
    let mut prepare_overloads = Vec::new();
    for op in &s.ops {
        let target = match op.request.as_object().and_then(ref_name) {
            Some(name) => s.defs.get(name).cloned().unwrap_or(Value::Null),
            None => op.request.clone(),
        };
        let props = properties(&target);
        let mut params = Vec::new();
        let mut keyword_only = false;
        for (k, v, req) in &props {
            // A framework argument may also be the compiled `Framework` the package holds.
            let t = py_type(v).replace("FrameworkArg", "FrameworkArg | _Framework");
            if *req {
                params.push(format!("{k}: {t}"));
            } else {
                if !keyword_only {
                    params.push("*".to_owned());
                    keyword_only = true;
                }
                let t = if t.ends_with("| None") {
                    t
                } else {
                    format!("{t} | None")
                };
                params.push(format!("{k}: {t} = None"));
            }
        }
        let body_items: Vec<String> = props
            .iter()
            .map(|(k, _, _)| format!("{k:?}: {k}"))
            .collect();
        let _ = writeln!(
            out,
            "def {}({}) -> {}:\n    \"\"\"{}\"\"\"\n    request: dict[str, Any] = {{{}}}\n    return _call({:?}, request)  # type: ignore[no-any-return]\n\n",
            op.name,
            params.join(", "),
            op.response_type,
            op.summary.trim(),
            body_items.join(", "),
            op.name
        );
        names.push(op.name);
        prepare_overloads.push(format!(
            "@overload\ndef prepare(op: Literal[{:?}]{}{}) -> _Prepared[{}]: ...\n\n",
            op.name,
            if params.is_empty() { "" } else { ", *" },
            params
                .iter()
                .filter(|p| *p != "*")
                .map(|p| format!(", {p}"))
                .collect::<String>(),
            op.response_type
        ));
    }
    out.push_str(&prepare_overloads.concat());
    out.push_str(
        "def prepare(op: str, **request: Any) -> _Prepared[Any]:\n    \"\"\"The request of operation `op` (its fields as keywords) read, validated and held: calling\n    the returned `Prepared` runs the operation again without converting the request again\n    (for `score` and `diagnose`, the assessment and framework are resolved once) and returns a\n    `Held` result whose fields are converted when read (`to_dict()` converts all).\"\"\"\n    return _Prepared(op, request)\n\n\n",
    );
    names.push("prepare");
    let _ = writeln!(
        out,
        "__all__ = [{}]",
        names
            .iter()
            .map(|n| format!("{n:?}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    out
}

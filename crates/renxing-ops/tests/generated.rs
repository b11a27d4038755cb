//! The generated binding files equal what the registry generates now.
//! `RENXING_UPDATE_GENERATED=1 cargo test -p renxing-ops --test generated` rewrites them.

#![allow(clippy::unwrap_used, clippy::panic)]

use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn check(rel: &str, want: &str) {
    let path = root().join(rel);
    if std::env::var_os("RENXING_UPDATE_GENERATED").is_some() {
        std::fs::write(&path, want).unwrap();
        return;
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "{rel} is out of date: run RENXING_UPDATE_GENERATED=1 cargo test -p renxing-ops --test generated"
    );
}

#[test]
fn typescript_declarations_are_up_to_date() {
    check(
        "bindings/wasm/src/generated.d.ts",
        &renxing_ops::codegen::typescript(),
    );
}

#[test]
fn python_types_are_up_to_date() {
    check(
        "bindings/python/python/renxing/_types.pyi",
        &renxing_ops::codegen::python_types(),
    );
}

#[test]
fn python_functions_are_up_to_date() {
    check(
        "bindings/python/python/renxing/_ops.py",
        &renxing_ops::codegen::python_functions(),
    );
}

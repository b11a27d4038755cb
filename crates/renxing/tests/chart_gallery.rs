//! The committed gallery (`docs/gallery.md`, `docs/gallery/*.svg`) is exactly what
//! `cargo run -p renxing --example gallery` writes.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[allow(dead_code)]
#[path = "../examples/gallery.rs"]
mod gallery;

#[test]
fn committed_gallery_is_up_to_date() {
    let root = gallery::root();
    let files = gallery::files().unwrap();
    assert!(files.len() > 20);
    for (path, text) in files {
        if path.ends_with(".svg") {
            roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
        }
        let committed = std::fs::read_to_string(root.join(&path))
            .unwrap_or_else(|e| panic!("{path}: {e}; run cargo run -p renxing --example gallery"));
        assert!(
            committed == text,
            "{path} is out of date; run cargo run -p renxing --example gallery"
        );
    }
}

//! Round trip of assessment files (issue 17): a corpus of 1,000 valid files generated from a
//! seed (ChaCha20) — every rating form, evidence in many scripts (CJK, Arabic and Hebrew, emoji
//! sequences, combining marks, characters beyond the BMP, escaped and raw), metadata with
//! integers beyond 2⁵³ and beyond 64 bits (when exactly a double), doubles with many digits,
//! integral doubles, `-0`, integer-like and prototype-named keys, random key order, compact or
//! pretty layout — is read, written, and read again through the operation layer.
//!
//! `tests/golden/roundtrip/assessments.jsonl` holds each file's text and the canonical bytes
//! the core writes for it (`RENXING_UPDATE_GOLDEN=1` rewrites it from the generator). The Python
//! (`bindings/python/tests/test_round_trip.py`) and Node (`bindings/wasm/tests/round-trip.test.mjs`)
//! suites read the same lines and check that their own load → save gives the same bytes.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rand_chacha::ChaCha20Rng;
use rand_core::{Rng, SeedableRng};
use renxing::{Assessment, Dimension, Framework, Mode, Phase};
use renxing_ops::{call_json, Ctx};
use serde_json::{json, Value};

const FILES: usize = 1000;
const SEED: u64 = 17;
const CORPUS: &str = "../../tests/golden/roundtrip/assessments.jsonl";
const FRAMEWORKS: usize = 200;
const FRAMEWORK_SEED: u64 = 1717;
const FRAMEWORK_CORPUS: &str = "../../tests/golden/roundtrip/frameworks.jsonl";

// ---------------------------------------------------------------------------------------------
// the generator
// ---------------------------------------------------------------------------------------------

/// A JSON document as written: numbers keep the literal text chosen for them.
enum J {
    Null,
    Bool(bool),
    Num(String),
    Str(String),
    Arr(Vec<J>),
    Obj(Vec<(String, J)>),
}

struct G(ChaCha20Rng);

const ASCII: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:!?'\"\\/<>&*#_-()[]{}|`~^%$@+=";
const CJK: &str =
    "社区韧性治理应急响应居民组织网格志愿者党员物资封控核酸团购互助街道楼栋群众满意稳健冗余连通";
const RTL: &str = "مجتمعالطوارئقהילהחירוםשכונה";
const OTHER: &str = "ÄÖÜßéçñøåπΩЖжщѣकखगघअआइईกขฃคงจ한국어日本語のかなカナ";
const SPECIAL: &[&str] = &[
    "😀",
    "👩‍👩‍👧",
    "🇨🇳",
    "❤️",
    "e\u{301}",
    "𠀀",
    "𝒳",
    "\u{a0}",
    "\u{200b}",
    "\u{200f}",
    "\u{2028}",
    "\u{ffff}",
    "</script>",
    "<img onerror=x>",
    "**bold**",
    "| a | b |",
    "&amp;",
];

impl G {
    fn below(&mut self, n: u64) -> u64 {
        self.0.next_u64() % n
    }

    fn chance(&mut self, p: f64) -> bool {
        ((self.0.next_u64() >> 11) as f64) < p * (1u64 << 53) as f64
    }

    fn pick<'a, T: ?Sized>(&mut self, xs: &[&'a T]) -> &'a T {
        xs[self.below(xs.len() as u64) as usize]
    }

    fn ch(&mut self, pool: &str) -> char {
        let chars: Vec<char> = pool.chars().collect();
        chars[self.below(chars.len() as u64) as usize]
    }

    /// Non-blank text of 1..=max pieces from the pools, no control character.
    fn text(&mut self, max: u64) -> String {
        let n = 1 + self.below(max);
        let mut s = String::new();
        for _ in 0..n {
            match self.below(10) {
                0..=2 => s.push(self.ch(ASCII)),
                3..=5 => s.push(self.ch(CJK)),
                6 => s.push(self.ch(RTL)),
                7 => s.push(self.ch(OTHER)),
                _ => s.push_str(self.pick(SPECIAL)),
            }
        }
        if s.trim().is_empty() {
            s.push('社');
        }
        s
    }

    /// An id in the safe alphabet (letters of any script, digits, `_`, `-`, `.`).
    fn id(&mut self) -> String {
        let n = 1 + self.below(24);
        (0..n)
            .map(|_| match self.below(6) {
                0 => self.ch("-_."),
                1 => self.ch(CJK),
                2 => self.ch("0123456789"),
                3 => self.ch("Äéжक"),
                _ => self.ch("abcdefghijklmnopqrstuvwxyz"),
            })
            .collect()
    }

    /// A double in [lo, hi) with all its digits.
    fn unit(&mut self) -> f64 {
        (self.0.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A score 0..=100 written in one of many ways.
    fn score(&mut self) -> J {
        let text = match self.below(10) {
            0 => self
                .pick(&[
                    "0", "100", "0.0", "100.0", "1e2", "0e0", "-0", "-0.0", "50", "1E+1",
                ])
                .to_owned(),
            1 => format!("{}", self.below(101)),
            2 => format!("{:.1}", self.below(1001) as f64 / 10.0),
            3 => format!("{:.25}", self.unit() * 100.0),
            4 => format!("{:e}", self.unit() * 100.0),
            _ => format!("{}", self.unit() * 100.0),
        };
        J::Num(text)
    }

    /// Any number for metadata: big integers, doubles with many digits, integral doubles.
    fn number(&mut self) -> J {
        let text = match self.below(12) {
            0 => format!(
                "{}",
                (1u64 << 53) + 1 + self.below(u64::MAX - (1u64 << 53) - 1)
            ),
            1 => format!(
                "-{}",
                (1u64 << 53) + 1 + self.below((1u64 << 63) - (1u64 << 53) - 1)
            ),
            2 => u64::MAX.to_string(),
            3 => i64::MIN.to_string(),
            4 => self
                .pick(&[
                    "100000000000000000000",
                    "18446744073709551616",
                    "1180591620717411303424",
                    "-18446744073709551616",
                ])
                .to_owned(),
            5 => self
                .pick(&[
                    "1.0",
                    "-0.0",
                    "1e20",
                    "1E21",
                    "12.500",
                    "2.5e-300",
                    "1.7976931348623157e308",
                    "9007199254740993.0",
                ])
                .to_owned(),
            6 => {
                // any normal double, by its bits
                let v = loop {
                    let v = f64::from_bits(self.0.next_u64());
                    if v.is_normal() {
                        break v;
                    }
                };
                if self.chance(0.5) {
                    format!("{v:e}")
                } else {
                    format!("{v:?}")
                }
            }
            7 => format!("{:.17}", self.unit()),
            8 => format!("{}", self.below(1000) as i64 - 500),
            _ => format!("{}", (self.unit() - 0.5) * 1e6),
        };
        J::Num(text)
    }

    fn meta_value(&mut self, depth: u32) -> J {
        match self.below(if depth >= 3 { 5 } else { 7 }) {
            0 => J::Null,
            1 => J::Bool(self.chance(0.5)),
            2 | 3 => self.number(),
            4 => J::Str(self.text(12)),
            5 => {
                let n = self.below(4);
                J::Arr((0..n).map(|_| self.meta_value(depth + 1)).collect())
            }
            _ => self.meta_object(depth + 1),
        }
    }

    fn meta_key(&mut self) -> String {
        match self.below(8) {
            0 => self
                .pick(&[
                    "0",
                    "1",
                    "2",
                    "10",
                    "01",
                    "-1",
                    "4294967295",
                    "__proto__",
                    "constructor",
                    "",
                    "a b",
                    "Z",
                ])
                .to_owned(),
            1 => format!("{}", self.below(100)),
            2..=4 => self.id(),
            _ => self.text(6),
        }
    }

    fn meta_object(&mut self, depth: u32) -> J {
        let n = self.below(6);
        let mut members: Vec<(String, J)> = Vec::new();
        for _ in 0..n {
            let k = self.meta_key();
            if members.iter().all(|(m, _)| *m != k) {
                let v = self.meta_value(depth);
                members.push((k, v));
            }
        }
        J::Obj(members)
    }

    fn evidence(&mut self) -> J {
        if self.chance(0.2) {
            return J::Str(self.text(10));
        }
        let mut fields = Vec::new();
        let mut filled = false;
        for f in ["quote", "source", "note"] {
            if self.chance(0.5) || (f == "note" && !filled) {
                filled = true;
                fields.push((f.to_owned(), J::Str(self.text(14))));
            } else if self.chance(0.1) {
                fields.push((f.to_owned(), J::Null));
            }
        }
        J::Obj(fields)
    }

    fn rating(&mut self) -> J {
        let mut fields = Vec::new();
        match self.below(3) {
            0 => fields.push((
                "level".to_owned(),
                J::Str(self.pick(&["low", "medium", "high"]).to_owned()),
            )),
            1 => fields.push(("score".to_owned(), self.score())),
            _ => {
                fields.push(("coped".to_owned(), J::Bool(self.chance(0.5))));
                fields.push(("developed".to_owned(), J::Bool(self.chance(0.5))));
            }
        }
        if self.chance(0.3) {
            let n = self.below(3);
            fields.push((
                "evidence".to_owned(),
                J::Arr((0..n).map(|_| self.evidence()).collect()),
            ));
        }
        for f in ["rater", "note"] {
            if self.chance(0.3) {
                fields.push((f.to_owned(), J::Str(self.text(6))));
            } else if self.chance(0.1) {
                fields.push((f.to_owned(), J::Null));
            }
        }
        J::Obj(fields)
    }

    fn date(&mut self) -> String {
        let y = 1900 + self.below(200);
        let m = 1 + self.below(12);
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        let days = match m {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        format!("{y:04}-{m:02}-{:02}", 1 + self.below(days))
    }

    fn assessment(&mut self) -> J {
        let mut f = vec![
            ("schema_version".to_owned(), J::Num("1".to_owned())),
            ("id".to_owned(), J::Str(self.id())),
            ("name".to_owned(), J::Str(self.text(16))),
        ];
        if self.chance(0.7) {
            f.push((
                "framework".to_owned(),
                J::Str(renxing::PAPER_FRAMEWORK_ID.to_owned()),
            ));
        }
        if self.chance(0.6) {
            let m = Mode::ALL[self.below(Mode::ALL.len() as u64) as usize];
            f.push(("mode".to_owned(), J::Str(m.id().to_owned())));
        } else if self.chance(0.2) {
            f.push(("mode".to_owned(), J::Null));
        }
        if self.chance(0.6) {
            let p = Phase::ALL[self.below(Phase::ALL.len() as u64) as usize];
            f.push(("phase".to_owned(), J::Str(p.id().to_owned())));
        }
        if self.chance(0.6) {
            f.push(("date".to_owned(), J::Str(self.date())));
        }
        let ratings = Dimension::ALL
            .iter()
            .map(|d| {
                let r = if self.chance(0.1) {
                    J::Null
                } else {
                    self.rating()
                };
                (d.id().to_owned(), r)
            })
            .collect();
        f.push(("ratings".to_owned(), J::Obj(ratings)));
        match self.below(6) {
            0 => {}
            1 => f.push(("metadata".to_owned(), J::Null)),
            _ => f.push(("metadata".to_owned(), self.meta_object(0))),
        }
        J::Obj(f)
    }

    // -----------------------------------------------------------------------------------------
    // frameworks
    // -----------------------------------------------------------------------------------------

    /// An id in the framework's safe alphabet (ASCII letters, digits, `_`, `-`, `.`, starting
    /// with a letter or digit), made unique by a suffix.
    fn safe_id(&mut self, n: usize) -> String {
        let len = self.below(20);
        let mut s = String::new();
        s.push(self.ch("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"));
        for _ in 0..len {
            s.push(self.ch("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-."));
        }
        format!("{s}-{n}")
    }

    /// Labels in several languages (at least one), tags of many shapes.
    fn labels(&mut self, min: u64) -> J {
        const TAGS: &[&str] = &[
            "zh",
            "en",
            "zh-Hant",
            "zh_CN",
            "en-GB",
            "ar",
            "he",
            "ja",
            "ko",
            "ru",
            "hi",
            "th",
            "fr",
            "x-klingon",
            "1",
            "10",
            "__proto__",
            "constructor",
            "語",
        ];
        let n = min + self.below(5 - min);
        let mut members: Vec<(String, J)> = Vec::new();
        for _ in 0..n {
            let t = self.pick(TAGS).to_owned();
            if members.iter().all(|(m, _)| *m != t) {
                let v = J::Str(self.text(20));
                members.push((t, v));
            }
        }
        J::Obj(members)
    }

    /// A weight written in one of many ways, from 0 to the largest double.
    fn weight(&mut self) -> J {
        let text = match self.below(8) {
            0 => self
                .pick(&[
                    "0",
                    "0.0",
                    "-0.0",
                    "1",
                    "1.0",
                    "100",
                    "1E+2",
                    "12.500",
                    "0.1",
                    "0.30000000000000004",
                    "1e308",
                    "1.7976931348623157e308",
                    "5e-324",
                    "4.9406564584124654e-324",
                    "2.2250738585072014e-308",
                    "1e-300",
                    "1e21",
                    "1e20",
                    "9007199254740993",
                    "18446744073709551615",
                    "100000000000000000000",
                ])
                .to_owned(),
            1 => format!("{}", self.below(1000)),
            2 => format!("{:.25}", self.unit() * 10.0),
            3 => {
                // any positive normal or subnormal double, by its bits
                let v = loop {
                    let v = f64::from_bits(self.0.next_u64() >> 1);
                    if v.is_finite() && v > 0.0 {
                        break v;
                    }
                };
                if self.chance(0.5) {
                    format!("{v:e}")
                } else {
                    format!("{v:?}")
                }
            }
            _ => format!("{}", self.unit() * 1e3),
        };
        J::Num(text)
    }

    /// A valid custom framework: 2–7 levels (or the default), 1–5 attributes of 1–6
    /// dimensions, extreme weights (never all 0 in a group), optional descriptions, `split`,
    /// remedies with targets and phases, labels in several scripts and tags.
    fn framework(&mut self) -> J {
        let mut f = vec![
            ("schema_version".to_owned(), J::Num("1".to_owned())),
            ("id".to_owned(), J::Str(self.safe_id(0))),
            ("labels".to_owned(), self.labels(1)),
        ];
        match self.below(4) {
            0 => {}
            1 => f.push(("source".to_owned(), J::Null)),
            _ => f.push(("source".to_owned(), J::Str(self.text(30)))),
        }
        if self.chance(0.8) {
            let n = 2 + self.below(6);
            let levels = (0..n)
                .map(|i| {
                    J::Obj(vec![
                        ("id".to_owned(), J::Str(self.safe_id(i as usize))),
                        ("labels".to_owned(), self.labels(1)),
                    ])
                })
                .collect();
            f.push(("levels".to_owned(), J::Arr(levels)));
        }
        let mut next = 1;
        let mut attributes = Vec::new();
        let mut dimensions = Vec::new();
        let mut nodes = Vec::new();
        for _ in 0..1 + self.below(5) {
            let aid = self.safe_id(next);
            next += 1;
            nodes.push(aid.clone());
            let mut a = vec![
                ("id".to_owned(), J::Str(aid.clone())),
                ("labels".to_owned(), self.labels(1)),
            ];
            match self.below(4) {
                0 => a.push(("description".to_owned(), self.labels(1))),
                1 => a.push(("description".to_owned(), J::Obj(Vec::new()))),
                _ => {}
            }
            // the first attribute keeps a positive weight: never all 0
            let w = self.weight();
            match (&w, attributes.is_empty()) {
                (J::Num(t), true)
                    if t.trim_start_matches('-')
                        .chars()
                        .all(|c| c == '0' || c == '.') => {}
                _ if self.chance(0.8) => a.push(("weight".to_owned(), w)),
                _ => {}
            }
            match self.below(4) {
                0 => a.push(("split".to_owned(), J::Bool(true))),
                1 => a.push(("split".to_owned(), J::Bool(false))),
                _ => {}
            }
            attributes.push(J::Obj(a));
            for k in 0..1 + self.below(6) {
                let did = self.safe_id(next);
                next += 1;
                nodes.push(did.clone());
                let mut d = vec![
                    ("id".to_owned(), J::Str(did)),
                    ("attribute".to_owned(), J::Str(aid.clone())),
                    ("labels".to_owned(), self.labels(1)),
                ];
                if self.chance(0.5) {
                    d.push(("description".to_owned(), self.labels(1)));
                }
                let w = self.weight();
                match (&w, k) {
                    (J::Num(t), 0)
                        if t.trim_start_matches('-')
                            .chars()
                            .all(|c| c == '0' || c == '.') => {}
                    _ if self.chance(0.8) => d.push(("weight".to_owned(), w)),
                    _ => {}
                }
                dimensions.push(J::Obj(d));
            }
        }
        f.push(("attributes".to_owned(), J::Arr(attributes)));
        f.push(("dimensions".to_owned(), J::Arr(dimensions)));
        match self.below(4) {
            0 => {}
            1 => f.push(("remedies".to_owned(), J::Arr(Vec::new()))),
            _ => {
                let n = 1 + self.below(4);
                let remedies = (0..n)
                    .map(|i| {
                        let targets = (0..1 + self.below(3))
                            .map(|_| J::Str(nodes[self.below(nodes.len() as u64) as usize].clone()))
                            .collect();
                        let mut r = vec![
                            ("id".to_owned(), J::Str(self.safe_id(i as usize))),
                            ("targets".to_owned(), J::Arr(targets)),
                            ("title".to_owned(), self.labels(1)),
                            ("detail".to_owned(), self.labels(1)),
                            ("source".to_owned(), J::Str(self.text(20))),
                        ];
                        if self.chance(0.6) {
                            let phases = Phase::ALL
                                .iter()
                                .filter(|_| self.chance(0.5))
                                .map(|p| J::Str(p.id().to_owned()))
                                .collect();
                            r.push(("phases".to_owned(), J::Arr(phases)));
                        }
                        J::Obj(r)
                    })
                    .collect();
                f.push(("remedies".to_owned(), J::Arr(remedies)));
            }
        }
        J::Obj(f)
    }

    /// The document's text: members in random order, compact or pretty, some characters
    /// escaped as `\uXXXX` (pairs beyond the BMP) and `/` as `\/`.
    fn write(&mut self, j: &mut J, pretty: bool, indent: usize, out: &mut String) {
        let pad = |out: &mut String, n: usize| {
            if pretty {
                out.push('\n');
                out.push_str(&"  ".repeat(n));
            }
        };
        match j {
            J::Null => out.push_str("null"),
            J::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            J::Num(t) => out.push_str(t),
            J::Str(s) => self.string(&s.clone(), out),
            J::Arr(items) => {
                out.push('[');
                let n = items.len();
                for (i, item) in items.iter_mut().enumerate() {
                    pad(out, indent + 1);
                    self.write(item, pretty, indent + 1, out);
                    if i + 1 < n {
                        out.push(',');
                    }
                }
                if n > 0 {
                    pad(out, indent);
                }
                out.push(']');
            }
            J::Obj(members) => {
                // a random order (Fisher–Yates)
                for i in (1..members.len()).rev() {
                    let k = self.below(i as u64 + 1) as usize;
                    members.swap(i, k);
                }
                out.push('{');
                let n = members.len();
                for (i, (k, v)) in members.iter_mut().enumerate() {
                    pad(out, indent + 1);
                    self.string(&k.clone(), out);
                    out.push_str(if pretty { ": " } else { ":" });
                    self.write(v, pretty, indent + 1, out);
                    if i + 1 < n {
                        out.push(',');
                    }
                }
                if n > 0 {
                    pad(out, indent);
                }
                out.push('}');
            }
        }
    }

    fn string(&mut self, s: &str, out: &mut String) {
        out.push('"');
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '/' if self.chance(0.3) => out.push_str("\\/"),
                '\u{2028}' => out.push_str("\\u2028"),
                c if !c.is_ascii() && self.chance(0.15) => {
                    let mut buf = [0u16; 2];
                    for unit in c.encode_utf16(&mut buf) {
                        out.push_str(&format!("\\u{unit:04x}"));
                    }
                }
                c => out.push(c),
            }
        }
        out.push('"');
    }
}

/// The corpus: `FILES` texts from the seed.
fn corpus() -> Vec<String> {
    let mut g = G(ChaCha20Rng::seed_from_u64(SEED));
    (0..FILES)
        .map(|_| {
            let mut doc = g.assessment();
            let pretty = g.chance(0.1);
            let mut out = String::new();
            g.write(&mut doc, pretty, 0, &mut out);
            out
        })
        .collect()
}

/// The framework corpus: `FRAMEWORKS` texts from their seed.
fn framework_corpus() -> Vec<String> {
    let mut g = G(ChaCha20Rng::seed_from_u64(FRAMEWORK_SEED));
    (0..FRAMEWORKS)
        .map(|_| {
            let mut doc = g.framework();
            let pretty = g.chance(0.2);
            let mut out = String::new();
            g.write(&mut doc, pretty, 0, &mut out);
            out
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// the tests
// ---------------------------------------------------------------------------------------------

fn call(op: &str, request: Value) -> Value {
    call_json(op, request, &Ctx::default())
        .unwrap_or_else(|e| panic!("{op}: {}", e.message(renxing::Lang::En)))
}

/// load → save through the operation layer, as every front end does it.
fn load_save(text: &str) -> String {
    let a = call("parse_assessment", json!({ "text": text }));
    let saved = call("format_assessment", json!({ "assessment": a }));
    saved["text"].as_str().expect("text").to_owned()
}

fn golden_path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(CORPUS)
}

#[test]
fn corpus_round_trips_losslessly_and_canonically() {
    let texts = corpus();
    let fw = Framework::paper();
    let mut lines = Vec::new();
    let mut changed = 0;
    for (i, text) in texts.iter().enumerate() {
        let canonical = load_save(text);
        // save → load → save is the identity on bytes
        assert_eq!(
            load_save(&canonical),
            canonical,
            "file {i}: not a fixed point"
        );
        // and loses nothing: the assessment read from either text is the same value
        let a = Assessment::parse(text, fw).unwrap_or_else(|e| panic!("file {i}: {e}\n{text}"));
        let b = Assessment::parse(&canonical, fw).expect("canonical reads");
        assert_eq!(
            a, b,
            "file {i}: the canonical text reads to another assessment"
        );
        assert_eq!(
            a.to_json(),
            canonical,
            "file {i}: core and operation layer differ"
        );
        changed += usize::from(*text != canonical);
        lines.push(json!({ "n": i, "text": text, "canonical": canonical }).to_string());
    }
    assert!(
        changed > FILES / 2,
        "the corpus should mostly need canonicalisation"
    );
    let body = format!(
        "# {FILES} assessment files generated by crates/renxing-ops/tests/round_trip.rs (seed {SEED}) and the canonical bytes the core writes for each\n{}\n",
        lines.join("\n")
    );
    let path = golden_path();
    if std::env::var_os("RENXING_UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, &body).expect("write the corpus");
    }
    let committed = std::fs::read_to_string(&path).expect("read the committed corpus");
    assert!(
        committed == body,
        "{} differs from the generator's output (RENXING_UPDATE_GOLDEN=1 rewrites it)",
        path.display()
    );
}

#[test]
fn the_corpus_covers_what_it_claims() {
    let all = corpus().join("\n");
    for needle in [
        "\"score\":",
        "\"coped\":",
        "\"level\":",
        "\"evidence\":",
        "__proto__",
        "😀",
        "社",
        "ה",
        "م",
        "𠀀",
        "\\ud840",
        "18446744073709551615",
        "-9223372036854775808",
        "100000000000000000000",
        "1.7976931348623157e308",
        "-0.0",
        "\"metadata\":null",
    ] {
        assert!(all.contains(needle), "the corpus has no {needle:?}");
    }
    // and integers beyond 2^53 in metadata survive exactly
    let a = Assessment::parse(
        r#"{"schema_version":1,"id":"x","name":"x","ratings":{"needs_met":null,"resource_linkage":null,"rules":null,"emergency_knowledge":null,"volunteer_teams":null,"it_use":null,"government_connectivity":null,"resident_connectivity":null},"metadata":{"b":9007199254740993,"a":-9007199254740993,"c":1.0}}"#,
        Framework::paper(),
    );
    let a = a.expect("valid");
    let text = a.to_json();
    assert!(
        text.contains("\"a\": -9007199254740993,\n    \"b\": 9007199254740993,\n    \"c\": 1\n"),
        "{text}"
    );
}

/// load → save of a framework file through the operation layer, in a format.
fn load_save_framework(text: &str, from: &str, to: &str) -> String {
    let f = call("parse_framework", json!({ "text": text, "format": from }));
    let saved = call("format_framework", json!({ "framework": f, "format": to }));
    saved["text"].as_str().expect("text").to_owned()
}

/// Reads or rewrites (`RENXING_UPDATE_GOLDEN=1`) a committed corpus and checks it is `body`.
fn check_golden(rel: &str, body: &str) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    if std::env::var_os("RENXING_UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, body).expect("write the corpus");
    }
    let committed = std::fs::read_to_string(&path).expect("read the committed corpus");
    assert!(
        committed == body,
        "{} differs from the generator's output (RENXING_UPDATE_GOLDEN=1 rewrites it)",
        path.display()
    );
}

#[test]
fn framework_corpus_round_trips_losslessly_and_canonically() {
    let texts = framework_corpus();
    let mut lines = Vec::new();
    let mut changed = 0;
    for (i, text) in texts.iter().enumerate() {
        let canonical = load_save_framework(text, "json", "json");
        assert_eq!(
            load_save_framework(&canonical, "json", "json"),
            canonical,
            "framework {i}: not a fixed point"
        );
        let a = Framework::from_json(text).unwrap_or_else(|e| panic!("framework {i}: {e}\n{text}"));
        let b = Framework::from_json(&canonical).expect("canonical reads");
        assert_eq!(
            a, b,
            "framework {i}: the canonical text reads to another framework"
        );
        assert_eq!(
            a.to_json(),
            canonical,
            "framework {i}: core and operation layer differ"
        );
        // every weight keeps its exact value (PartialEq of f64 would let -0 pass for 0 only)
        for (x, y) in a.dimensions.iter().zip(&b.dimensions) {
            assert_eq!(
                x.weight.to_bits() | (1 << 63),
                y.weight.to_bits() | (1 << 63),
                "framework {i}: {}",
                x.id
            );
        }
        // and through TOML: JSON → TOML → the same framework, TOML a fixed point too
        let toml = load_save_framework(text, "json", "toml");
        // -0 is written 0 in TOML as in JSON (JavaScript's JSON loses the sign: one text only)
        assert!(!toml.contains("= -0.0"), "framework {i}: -0 in TOML");
        let c = Framework::from_toml(&toml)
            .unwrap_or_else(|e| panic!("framework {i}: TOML: {e}\n{toml}"));
        assert_eq!(c, a, "framework {i}: TOML loses something\n{toml}");
        assert_eq!(
            load_save_framework(&toml, "toml", "toml"),
            toml,
            "framework {i}: TOML not a fixed point"
        );
        assert_eq!(
            load_save_framework(&toml, "toml", "json"),
            canonical,
            "framework {i}: TOML → JSON"
        );
        changed += usize::from(*text != canonical);
        lines.push(
            json!({ "n": i, "text": text, "canonical": canonical, "toml": toml }).to_string(),
        );
    }
    assert!(
        changed > FRAMEWORKS / 2,
        "the corpus should mostly need canonicalisation"
    );
    let body = format!(
        "# {FRAMEWORKS} framework files generated by crates/renxing-ops/tests/round_trip.rs (seed {FRAMEWORK_SEED}), the canonical JSON bytes the core writes for each, and its TOML\n{}\n",
        lines.join("\n")
    );
    check_golden(FRAMEWORK_CORPUS, &body);
}

#[test]
fn the_framework_corpus_covers_what_it_claims() {
    let all = framework_corpus().join("\n");
    for needle in [
        "\"weight\":1e308",
        "1.7976931348623157e308",
        "5e-324",
        "\"split\":true",
        "\"description\":{}",
        "\"phases\":",
        "\"remedies\":[]",
        "\"source\":null",
        "\"__proto__\":",
        "\"10\":",
        "\"zh-Hant\":",
        "😀",
        "社",
        "ה",
        "م",
        "</script>",
        "\\ud840",
    ] {
        assert!(
            all.contains(needle),
            "the framework corpus has no {needle:?}"
        );
    }
    let fws: Vec<Framework> = framework_corpus()
        .iter()
        .map(|t| Framework::from_json(t).expect("valid"))
        .collect();
    assert!(
        fws.iter().any(|f| f.dimensions.len() >= 20),
        "a framework with many dimensions"
    );
    assert!(fws.iter().any(|f| f.levels.len() == 7) && fws.iter().any(|f| f.levels.len() == 2));
    assert!(
        fws.iter()
            .any(|f| f.dimensions.iter().any(|d| d.weight == 0.0)),
        "a zero weight"
    );
    assert!(
        fws.iter()
            .any(|f| f.attributes.iter().any(|a| a.weight > 1e300)),
        "a huge attribute weight"
    );
}

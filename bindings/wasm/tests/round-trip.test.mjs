// Round trip of assessment files (issue 17), shared with the Rust and Python suites:
// tests/golden/roundtrip/assessments.jsonl holds 1,000 generated valid files (Unicode evidence,
// every rating form, big integers and many-digit doubles in metadata, integer-like and
// `__proto__` keys, random key order) and the canonical bytes the core writes for each
// (crates/renxing-ops/tests/round_trip.rs). Loading and saving from JS must give exactly those
// bytes — integers beyond 2^53 travel as BigInt — and saving them again must change nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonl, rx } from './helpers.mjs';

const cases = jsonl('roundtrip/assessments.jsonl');

test('the round-trip corpus was read', () => {
  assert.ok(cases.length >= 1000, `read only ${cases.length} files`);
});

test('load → save gives the bytes Rust writes, and is a fixed point', () => {
  const differ = [];
  for (const c of cases) {
    const saved = rx.formatAssessment({ assessment: rx.parseAssessment({ text: c.text }) }).text;
    if (saved !== c.canonical) {
      differ.push(c.n);
      continue;
    }
    const again = rx.formatAssessment({ assessment: rx.parseAssessment({ text: saved }) }).text;
    assert.equal(again, c.canonical, `file ${c.n}: a second round changed it`);
  }
  assert.deepEqual(differ, [], 'files whose saved bytes differ from Rust\'s');
});

test('integers beyond 2^53 in metadata are BigInts, and survive editing', () => {
  const base = JSON.parse(cases[0].canonical);
  base.metadata = { a: 1 };
  const text = JSON.stringify(base).replace('"a":1', '"u":18446744073709551615,"i":-9223372036854775808,"s":9007199254740993,"f":1.0,"x":1e20,"t":"\ufdd0x"');
  const a = rx.parseAssessment({ text });
  assert.equal(a.metadata.u, 18446744073709551615n);
  assert.equal(a.metadata.i, -9223372036854775808n);
  assert.equal(a.metadata.s, 9007199254740993n);
  assert.equal(a.metadata.f, 1);
  assert.equal(a.metadata.x, 1e20);
  assert.equal(a.metadata.t, '\ufdd0x', 'a string that looks like the marker stays a string');
  a.metadata.added = 2n ** 60n;
  const saved = rx.formatAssessment({ assessment: a }).text;
  for (const line of ['"added": 1152921504606846976,', '"f": 1,', '"i": -9223372036854775808,', '"s": 9007199254740993,', '"t": "\ufdd0x",', '"u": 18446744073709551615,', '"x": 100000000000000000000']) {
    assert.ok(saved.includes(line), `${line} in ${saved}`);
  }
  // a BigInt beyond 64 bits is refused at its path, never rounded
  a.metadata.added = 2n ** 64n;
  assert.throws(() => rx.formatAssessment({ assessment: a }), (e) => {
    assert.equal(e.code, 'request_invalid');
    assert.deepEqual(e.path, ['assessment', 'metadata', 'added']);
    return true;
  });
  // and an integer literal beyond 64 bits that no double holds is refused by the reader
  assert.throws(() => rx.parseAssessment({ text: text.replace('9007199254740993', '123456789012345678901') }), (e) => {
    assert.match(e.message, /123456789012345678901/);
    return true;
  });
});

const frameworks = jsonl('roundtrip/frameworks.jsonl');

test('the framework round-trip corpus was read', () => {
  assert.ok(frameworks.length >= 200, `read only ${frameworks.length} frameworks`);
});

test('framework load → save gives the JSON and TOML bytes Rust writes, and is a fixed point', () => {
  const differ = [];
  for (const c of frameworks) {
    const fw = rx.parseFramework({ text: c.text });
    const saved = rx.formatFramework({ framework: fw }).text;
    const toml = rx.formatFramework({ framework: fw, format: 'toml' }).text;
    if (saved !== c.canonical || toml !== c.toml) {
      differ.push(c.n);
      continue;
    }
    // a second round through the compiled class, and one through the TOML text
    const compiled = new rx.Framework(JSON.parse(JSON.stringify(rx.parseFramework({ text: saved }))));
    assert.equal(rx.formatFramework({ framework: compiled.toJSON() }).text, c.canonical, `framework ${c.n}: class`);
    const back = rx.parseFramework({ text: toml, format: 'toml' });
    assert.equal(rx.formatFramework({ framework: back }).text, c.canonical, `framework ${c.n}: TOML`);
    // labels tagged __proto__ or constructor stay own data, never the prototype
    for (const l of [fw.labels, ...fw.attributes.map((a) => a.labels), ...fw.dimensions.map((d) => d.labels)]) {
      assert.equal(Object.getPrototypeOf(l), Object.prototype);
    }
  }
  assert.deepEqual(differ, [], 'frameworks whose saved bytes differ from Rust\'s');
});

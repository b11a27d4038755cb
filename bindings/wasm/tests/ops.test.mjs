// The operation layer from JavaScript: every pair of tests/golden/ops (shared with the Rust and
// Python suites) through `call` and through the operation's own generated export, compared as
// canonical JSON (keys sorted); errors in the pair's language.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { golden, goldenFiles, rx } from './helpers.mjs';

function canonical(v) {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

const files = goldenFiles('ops', '.json');

test('golden ops pairs were read', () => {
  assert.ok(files.length > 20, `read only ${files.length} golden pairs`);
});

const jsName = Object.fromEntries(rx.operations().operations.map((o) => [o.name, o.js_name]));

test('every operation of the registry is exported under its JS name', () => {
  assert.ok(Object.keys(jsName).length >= 29);
  for (const [name, js] of Object.entries(jsName)) assert.equal(typeof rx[js], 'function', `${name} → ${js}`);
});

function expectError(fn, c) {
  assert.throws(fn, (e) => {
    assert.ok(e instanceof Error);
    assert.equal(e.code, c.error.code);
    assert.equal(e.kind, c.error.kind);
    assert.equal(e.name, c.error.kind);
    assert.equal(e.message, c.error.message);
    assert.equal(canonical(e.path), canonical(c.error.path));
    assert.equal(canonical(e.issues), canonical(c.error.issues));
    return true;
  });
}

for (const f of files) {
  test(`golden ops pair ${f}`, () => {
    const c = JSON.parse(golden(`ops/${f}`));
    const lang = c.lang ?? 'zh';
    const direct = () => {
      rx.setLang(lang);
      try {
        return rx[jsName[c.operation]](c.request);
      } finally {
        rx.setLang('zh');
      }
    };
    if ('response' in c) {
      assert.equal(canonical(rx.call(c.operation, c.request, lang)), canonical(c.response));
      assert.equal(canonical(direct()), canonical(c.response), `${jsName[c.operation]}(request)`);
    } else {
      expectError(() => rx.call(c.operation, c.request, lang), c);
      expectError(direct, c);
    }
  });
}

test('an unknown operation is a typed error in the chosen language', () => {
  assert.throws(() => rx.call('nope', {}, 'en'), (e) => e.code === 'unknown_operation' && /^unknown operation "nope"/.test(e.message));
});

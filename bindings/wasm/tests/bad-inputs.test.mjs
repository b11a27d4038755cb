// The shared bad-input battery (tests/bad-inputs/*.jsonl, see its README) through
// `call(op, request, lang)`: every case for the JS front end throws an Error carrying the
// expected `code` and `path` (and `kind`), never a RuntimeError of the module, or succeeds with
// no forbidden text and no non-finite number in its response; and the module still works after
// each case. The Rust and Python suites read the same files.
//
// JSON has no NaN: a `{"$float": "NaN"}` in a case is the JS number (JSON.stringify turns it into
// null on its way in, so its cases say what that gives).
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rx } from './helpers.mjs';

const badDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'tests', 'bad-inputs');

const cases = readdirSync(badDir)
  .filter((f) => f.endsWith('.jsonl'))
  .sort()
  .flatMap((f) =>
    readFileSync(join(badDir, f), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '' && !l.startsWith('#'))
      .map((l) => JSON.parse(l)),
  );
const js = cases.filter((c) => c.front_ends.includes('js'));

/** `{"$float": "NaN"}` → NaN (and Infinity, -Infinity), anywhere in a value. */
function floats(v) {
  if (Array.isArray(v)) return v.map(floats);
  if (v && typeof v === 'object') {
    const keys = Object.keys(v);
    if (keys.length === 1 && keys[0] === '$float') return Number(v.$float);
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, floats(x)]));
  }
  return v;
}

/** The request: `request`, its `text`, then the `fill` directives (big generated values). */
function requestOf(c) {
  const req = floats(structuredClone(c.request ?? {}));
  if ('text' in c) req.text = c.text;
  for (const f of c.fill ?? []) {
    const last = f.at[f.at.length - 1];
    const target = f.at.slice(0, -1).reduce((v, k) => v[k], req);
    const n = f.times;
    if ('repeat' in f) target[last] = f.repeat.repeat(n);
    else if ('array_of' in f) target[last] = Array.from({ length: n }, () => structuredClone(f.array_of));
    else if ('array_of_numbered' in f) {
      const tmpl = JSON.stringify(f.array_of_numbered);
      target[last] = Array.from({ length: n }, (_, i) => JSON.parse(tmpl.replaceAll('{}', String(i))));
    } else if ('key_repeat' in f) target[last][f.key_repeat.repeat(n)] = f.value;
    else if ('keys_numbered' in f) {
      for (let i = 0; i < n; i++) target[last][f.keys_numbered.replaceAll('{}', String(i))] = f.value;
    } else throw new Error(`unknown fill ${JSON.stringify(f)}`);
  }
  return req;
}

function strings(v, out = []) {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) v.forEach((x) => strings(x, out));
  else if (v && typeof v === 'object') Object.values(v).forEach((x) => strings(x, out));
  return out;
}

function numbers(v, out = []) {
  if (typeof v === 'number') out.push(v);
  else if (Array.isArray(v)) v.forEach((x) => numbers(x, out));
  else if (v && typeof v === 'object') Object.values(v).forEach((x) => numbers(x, out));
  return out;
}

test('the battery is read', () => {
  assert.ok(cases.length > 150, `only ${cases.length} cases read from ${badDir}`);
  assert.ok(js.length > 150, `only ${js.length} cases for js`);
  assert.equal(new Set(cases.map((c) => c.name)).size, cases.length, 'case names are unique');
});

for (const c of js) {
  test(`bad input: ${c.name}`, () => {
    const expect = c.expect_by?.js ?? c.expect;
    const lang = c.lang ?? 'zh';
    const request = requestOf(c);
    if (expect.ok) {
      const resp = rx.call(c.operation, request, lang);
      const texts = strings(expect.within ? resp[expect.within] : resp);
      for (const bad of expect.absent ?? []) {
        const hit = texts.find((s) => s.includes(bad));
        assert.equal(hit, undefined, `${JSON.stringify(bad)} in the response`);
      }
      for (const want of expect.present ?? []) {
        assert.ok(texts.some((s) => s.includes(want)), `${JSON.stringify(want)} not in the response`);
      }
      assert.ok(numbers(resp).every(Number.isFinite), 'a non-finite number in the response');
    } else {
      let error;
      try {
        rx.call(c.operation, request, lang);
      } catch (e) {
        error = e;
      }
      assert.ok(error instanceof Error, 'an Error is thrown');
      assert.equal(error.code, expect.code, `code (${error.name}: ${String(error.message).slice(0, 300)})`);
      if ('path' in expect) assert.deepEqual(error.path, expect.path, `path (${String(error.message).slice(0, 300)})`);
      if ('path_prefix' in expect) {
        assert.deepEqual((error.path ?? []).slice(0, expect.path_prefix.length), expect.path_prefix, 'path prefix');
      }
      if (expect.kind) assert.equal(error.kind, expect.kind, 'kind');
      assert.equal(error.name, error.kind, 'the error is named by its kind');
      assert.ok(error.message.length > 0, 'a message');
      assert.ok((error.issues ?? []).length <= 51, 'at most 50 problems and a count');
    }
    // the module still works after the case (no poisoned state)
    assert.equal(rx.call('rate', { coped: true, developed: false }, 'en').level, 'medium');
  });
}

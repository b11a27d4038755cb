// Held requests and lazy results from JavaScript (`prepare`, `Prepared.run`, `Held.get`/`toJSON`):
// for every golden pair of tests/golden/ops, the held result equals the recorded response (whole
// and field by field) or preparing/running throws the recorded error; held `score` and
// `diagnose` equal the one-shot functions.
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

test('golden ops pairs were read (held)', () => {
  assert.ok(files.length > 20, `read only ${files.length} golden pairs`);
});

for (const f of files) {
  test(`golden ops pair ${f}, held`, () => {
    const c = JSON.parse(golden(`ops/${f}`));
    const lang = c.lang ?? 'zh';
    if ('response' in c) {
      const held = rx.prepare(c.operation, c.request, lang).run(lang);
      assert.equal(held.op, c.operation);
      assert.equal(canonical(held.toJSON()), canonical(c.response));
      if (c.response !== null && typeof c.response === 'object' && !Array.isArray(c.response)) {
        assert.deepEqual([...held.keys()].sort(), Object.keys(c.response).sort());
        for (const k of Object.keys(c.response)) assert.equal(canonical(held.get(k)), canonical(c.response[k]), k);
      }
      assert.equal(held.get('no_such_field'), undefined);
    } else {
      assert.throws(() => rx.prepare(c.operation, c.request, lang).run(lang), (e) => {
        assert.equal(e.code, c.error.code);
        assert.equal(e.kind, c.error.kind);
        assert.equal(e.message, c.error.message);
        assert.equal(canonical(e.path), canonical(c.error.path));
        assert.equal(canonical(e.issues), canonical(c.error.issues));
        return true;
      });
    }
  });
}

test('held score and diagnose equal the one-shot functions; errors located', () => {
  for (const id of ['a', 'b', 'c']) {
    const a = rx.referenceCase({ id });
    const p = rx.prepare('score', { assessment: a });
    assert.equal(p.op, 'score');
    const card = p.run();
    assert.deepEqual(card.toJSON(), rx.score({ assessment: a }));
    assert.deepEqual(card.get('overall'), rx.score({ assessment: a }).overall);
    assert.deepEqual(p.run().toJSON(), card.toJSON());
    const d = rx.Framework.paper().prepare('diagnose', { assessment: a, phase: 'response' }).run();
    assert.deepEqual(d.toJSON(), rx.diagnose({ assessment: a, phase: 'response' }));
  }
  const bad = structuredClone(rx.referenceCase({ id: 'b' }));
  bad.ratings.rules = { level: 'excellent' };
  assert.throws(() => rx.prepare('diagnose', { assessment: bad }, 'en'), (e) => e.code === 'assessment_invalid' && e.path[0] === 'assessment');
  const row = rx.prepare('score_batch', { codes: [[1, 2, 3, 1, 2, 3, 1, 9]] });
  let once;
  try { rx.call('score_batch', { codes: [[1, 2, 3, 1, 2, 3, 1, 9]] }, 'en'); } catch (e) { once = e; }
  assert.ok(once);
  assert.throws(() => row.run('en'), (e) => e.kind === once.kind && e.message === once.message && canonical(e.path) === canonical(once.path));
});

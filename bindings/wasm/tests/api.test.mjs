// The JS API beyond the golden vectors: one request object per operation, bad inputs with their
// error codes and paths, the module language, the compiled Framework handle, the typed-array batch
// path, labels, charts, and the TypeScript declarations.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rx, golden, thrown, wasmDir } from './helpers.mjs';

const caseA = () => JSON.parse(golden('inputs/case-a.json'));

test('rate: the paper two-question rule', () => {
  assert.deepEqual(rx.rate({ coped: true, developed: true }), { level: 'high', inconsistent: false });
  assert.deepEqual(rx.rate({ coped: true, developed: false }), { level: 'medium', inconsistent: false });
  assert.deepEqual(rx.rate({ coped: false, developed: false }), { level: 'low', inconsistent: false });
  assert.deepEqual(rx.rate({ coped: false, developed: true }), { level: 'low', inconsistent: true });
});

test('cases reproduce the published 表1', () => {
  const published = rx.publishedTable1();
  assert.equal(published.length, 3);
  for (const row of published) {
    const card = rx.score({ assessment: rx.referenceCase({ id: row.case }) });
    const col = Object.fromEntries(card.columns.map((c) => [c.key, c.grade.level]));
    assert.equal(col.robustness, row.robustness, `${row.case} robustness`);
    assert.equal(col.redundancy, row.redundancy, `${row.case} redundancy`);
    assert.equal(col['connectivity.government_connectivity'], row.government_connectivity);
    assert.equal(col['connectivity.resident_connectivity'], row.resident_connectivity);
  }
  assert.deepEqual(rx.modesTable().map((m) => [m.mode, m.promotability]), [
    ['social_worker_driven', 'low'], ['government_led', 'high'], ['digital_embedded', 'medium'],
  ]);
});

test('case A: diagnosis names the remedies and the nearest case', () => {
  const d = rx.diagnose({ assessment: caseA() });
  assert.equal(d.nearest_case.case, 'case-a');
  assert.equal(d.nearest_case.distance, 0);
  assert.equal(d.mode.mode, 'social_worker_driven');
  assert.deepEqual(d.mode.defects.map((t) => t.zh), ['权责匹配模糊', '组织散漫']);
  const ids = d.remedies.map((r) => r.id);
  assert.ok(ids.includes('government_responsiveness'));
  assert.ok(!ids.includes('resident_deliberation'), 'residents are high: no deliberation remedy');
  const r = d.remedies.find((x) => x.id === 'government_responsiveness');
  assert.equal(r.source, '000_ebdaebbf0bcb582b.txt');
  assert.equal(r.title.en, 'Make government answer the linkage\'s requests');
  assert.equal(d.scorecard.overall.level, 'low');
  assert.ok(Math.abs(d.scorecard.overall.score - 50 / 3) < 1e-9);
});

test('newAssessment, validateAssessment and formatAssessment round trip', () => {
  const a = rx.newAssessment({ id: 'riverside', name: '河畔社区' });
  assert.equal(Object.keys(a.ratings).length, 8);
  assert.ok(Object.values(a.ratings).every((r) => r === null));
  a.mode = 'government_led';
  a.ratings.needs_met = { coped: true, developed: true, evidence: [{ note: 'drill log' }] };
  a.ratings.rules = { score: 71.5 };
  a.ratings.it_use = { level: 'medium', evidence: ['plain string note'] };
  const v = rx.validateAssessment({ assessment: a });
  assert.deepEqual(v.ratings.it_use.evidence, [{ note: 'plain string note' }]);
  const back = rx.parseAssessment({ text: rx.formatAssessment({ assessment: v }).text });
  assert.deepEqual(back, v);
  const card = rx.score({ assessment: back });
  assert.equal(card.dimensions.find((d) => d.id === 'needs_met').source, 'answers');
  assert.equal(card.attributes.find((x) => x.id === 'robustness').rated, 2);
  assert.deepEqual(rx.diagnose({ assessment: back }).unrated.length, 5);
  // a property set to undefined is absent, as in JSON
  assert.equal(rx.score({ assessment: back, options: undefined, framework: undefined }).overall.level, card.overall.level);
});

test('bad inputs: stable error codes, kinds and paths (lists of keys and indices)', () => {
  let e = thrown(() => rx.parseAssessment({ text: '{"schema_version": 1,' }));
  assert.equal(e.code, 'json_syntax');
  assert.equal(e.kind, 'AssessmentError');
  assert.match(e.message, /第 1 行/);

  e = thrown(() => rx.score({ assessment: { schema_version: 1, id: 'x', name: 'X', ratings: { needs_met: { level: 'great' } } } }));
  assert.equal(e.code, 'assessment_invalid');
  assert.ok(e.issues.some((i) => i.path.join('/') === 'assessment/ratings/needs_met/level' && i.code === 'unknown_id'));
  assert.ok(e.issues.some((i) => i.path.join('/') === 'assessment/ratings/rules' && i.code === 'missing'));
  assert.deepEqual(e.path, e.issues[0].path);

  e = thrown(() => rx.validateAssessment({ assessment: 'not an object' }));
  assert.equal(e.code, 'assessment_invalid');
  assert.deepEqual(e.issues.map((i) => i.path), [['assessment']]);

  e = thrown(() => rx.score({ assessment: caseA(), options: { method: 'average' } }));
  assert.equal(e.code, 'request_invalid');
  assert.equal(e.kind, 'RequestError');
  assert.deepEqual(e.path, ['options', 'method']);

  e = thrown(() => rx.score(caseA())); // an assessment where the request belongs
  assert.equal(e.code, 'request_invalid');
  assert.deepEqual(e.path, ['schema_version']);
  assert.match(e.message, /`assessment`, `options`, `consensus`, `framework`/);

  e = thrown(() => rx.score({ assessment: caseA(), options: { dimension_weights: { rules: -1 } } }));
  assert.equal(e.code, 'invalid_weight');
  assert.deepEqual(e.path, ['options', 'dimension_weights', 'rules']);
  e = thrown(() => rx.score({ assessment: caseA(), options: { attribute_weights: { nowhere: 1 } } }));
  assert.equal(e.code, 'invalid_weight');

  e = thrown(() => rx.labels({ lang: 'fr' }));
  assert.equal(e.code, 'request_invalid');
  assert.deepEqual(e.path, ['lang']);
  e = thrown(() => rx.referenceCase({ id: 'case-z' }));
  assert.equal(e.code, 'unknown_id');
  assert.equal(e.name, 'UnknownIdError');

  e = thrown(() => rx.parseFramework({ text: '{"schema_version": 1,' }));
  assert.equal(e.code, 'framework_parse');
  const fw = rx.frameworkPaper();
  fw.dimensions[0].weight = -2;
  e = thrown(() => rx.validateFramework({ framework: fw }));
  assert.equal(e.code, 'framework_invalid');
  assert.deepEqual(e.path, ['framework', 'dimensions', 0, 'weight']);
  e = thrown(() => rx.score({ assessment: caseA(), framework: fw }));
  assert.equal(e.code, 'framework_invalid');
  e = thrown(() => new rx.Framework(fw));
  assert.equal(e.code, 'framework_invalid');
  assert.deepEqual(e.path, ['dimensions', 0, 'weight']);

  e = thrown(() => rx.compare({ assessments: [] }));
  assert.equal(e.code, 'compare_input');
  e = thrown(() => rx.compare({ assessments: [caseA(), caseA()] }));
  assert.equal(e.code, 'compare_input');
  assert.deepEqual(e.path, ['assessments', 1, 'id']);
  const broken = caseA();
  delete broken.ratings.rules;
  e = thrown(() => rx.compare({ assessments: [rx.referenceCase({ id: 'b' }), broken] }));
  assert.equal(e.code, 'assessment_invalid');
  assert.deepEqual(e.path, ['assessments', 1, 'ratings', 'rules']);

  e = thrown(() => rx.radarChart({ assessments: [caseA()], chart: { lang: 'en', width: 5 } }));
  assert.equal(e.code, 'chart_input');
  e = thrown(() => rx.radarChart({ assessments: [caseA()], chart: { colour: 'red' } }));
  assert.equal(e.code, 'request_invalid');
  assert.deepEqual(e.path, ['chart', 'colour']);

  // a BigInt is the 64-bit integer it holds (issue 17: metadata beyond 2^53); beyond 64 bits
  // it is refused at its path
  e = thrown(() => rx.score({ assessment: caseA(), extra: 1n }));
  assert.equal(e.code, 'request_invalid');
  assert.deepEqual(e.path, ['extra']);
  e = thrown(() => rx.score({ assessment: { ...caseA(), metadata: { n: 2n ** 64n } } }));
  assert.equal(e.code, 'request_invalid');
  assert.deepEqual(e.path, ['assessment', 'metadata', 'n']);
  assert.match(e.message, /BigInt 18446744073709551616/);
});

test('issue 17 regressions at the JS edge: deep and cyclic objects, wrong argument types', () => {
  // a 3,000-deep object and a cyclic one are typed errors, and the module keeps working
  let deep = {};
  for (let i = 0; i < 3000; i++) deep = { a: deep };
  let e = thrown(() => rx.score({ assessment: caseA(), options: deep }));
  assert.ok(['request_invalid', 'limit_exceeded'].includes(e.code), e.code);
  const cyclic = caseA();
  cyclic.metadata = { self: cyclic };
  e = thrown(() => rx.score({ assessment: cyclic }));
  assert.equal(e.code, 'request_invalid');
  assert.equal(rx.score({ assessment: caseA() }).columns.length > 0, true, 'the module still works');
  // rate("yes", "yes"), rate(), a rating of undefined
  for (const bad of [() => rx.rate('yes', 'yes'), () => rx.rate(), () => rx.rate({ coped: 'yes', developed: true })]) {
    assert.equal(thrown(bad).code, 'request_invalid');
  }
  const undef = caseA();
  undef.ratings.rules = undefined; // JSON.stringify drops it: the dimension is missing
  assert.equal(thrown(() => rx.score({ assessment: undef })).code, 'assessment_invalid');
  // scoreCodes(null) is a typed error with a code, not a bare TypeError
  e = thrown(() => rx.scoreCodes(null));
  assert.equal(e.code, 'batch_input');
});

test('the module language: messages (and default outputs) in zh or en', () => {
  assert.equal(rx.getLang(), 'zh');
  const bad = () => rx.referenceCase({ id: 'case-z' });
  assert.match(thrown(bad).message, /^未知的案例 id "case-z"/);
  rx.setLang('en-GB');
  try {
    assert.equal(rx.getLang(), 'en');
    assert.match(thrown(bad).message, /^unknown case id "case-z"/);
    assert.equal(rx.labels({}).ui.remedies, 'Remedies', 'labels default to the module language');
    // call's own lang argument wins over the module language
    assert.match(thrown(() => rx.call('reference_case', { id: 'case-z' }, 'zh')).message, /^未知的案例/);
  } finally {
    rx.setLang('zh');
  }
  const e = thrown(() => rx.setLang('fr'));
  assert.equal(e.code, 'unknown_id');
  assert.equal(rx.getLang(), 'zh');
});

test('Framework: compiled once, from an object or text, used by call and the batch path', () => {
  const object = rx.frameworkPaper();
  const toml = rx.formatFramework({ format: 'toml' }).text;
  for (const held of [new rx.Framework(object), new rx.Framework(JSON.stringify(object)), new rx.Framework(toml, 'toml'), rx.Framework.paper()]) {
    assert.ok(held instanceof rx.Framework);
    assert.equal(held.id, 'sanshe-liandong-2022');
    assert.deepEqual(held.toJSON(), object);
    assert.deepEqual(held.call('score', { assessment: caseA() }), rx.score({ assessment: caseA() }));
    held.free();
  }
  // a custom framework: every operation uses the held one when the request names none
  const custom = rx.frameworkPaper();
  custom.id = 'paper-renamed';
  custom.dimensions[0].weight = 3;
  const held = new rx.Framework(custom);
  const a = { ...caseA(), framework: 'paper-renamed' };
  const card = held.call('score', { assessment: a });
  assert.equal(card.framework, 'paper-renamed');
  assert.deepEqual(card, rx.score({ assessment: a, framework: custom }));
  assert.equal(held.call('new_assessment', { id: 'x', name: 'X' }).framework, 'paper-renamed');
  // ... and the default framework without one
  const e = thrown(() => rx.score({ assessment: a }));
  assert.equal(e.code, 'assessment_invalid');
  assert.deepEqual(e.path, ['assessment', 'framework']);
  // JSON.stringify writes the framework object, so a handle also works as a request's framework
  assert.deepEqual(rx.score({ assessment: a, framework: held }), card);
  const codes = new Uint8Array([1, 1, 1, 1, 1, 1, 1, 3, 3, 3, 3, 1, 3, 3, 3, 3]);
  assert.deepEqual(held.scoreCodes(codes), rx.scoreCodes(codes, { framework: custom }));
  assert.equal(thrown(() => held.scoreCodes(codes, { framework: object })).code, 'request_invalid');
  assert.equal(thrown(() => held.call('nope', {})).code, 'unknown_operation');
  assert.equal(thrown(() => new rx.Framework('{', 'json')).code, 'framework_parse');
  assert.equal(thrown(() => new rx.Framework(toml, 'yaml')).code, 'unknown_id');
  held.free();
});

test('typed-array batch: unrated dimensions (code 0 / NaN with unrated, or a mask), rows flagged', () => {
  const codes = new Uint8Array([3, 0, 3, 2, 2, 2, 3, 1, 0, 0, 0, 2, 3, 3, 9, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
  const mask = new Uint8Array(24).fill(1);
  mask[14] = 0;
  const out = rx.scoreCodes(codes, { unrated: true, mask });
  // the same as the list operation (shared golden pair score_batch-unrated)
  const list = rx.scoreBatch({
    codes: [[3, 0, 3, 2, 2, 2, 3, 1], [0, 0, 0, 2, 3, 3, 1, 1], [0, 0, 0, 0, 0, 0, 0, 0]],
    unrated: true,
    mask: [Array(8).fill(true), [true, true, true, true, true, true, false, true], Array(8).fill(true)],
  });
  assert.ok(out.rated instanceof Uint16Array);
  assert.deepEqual(Array.from(out.rated), list.rated);
  assert.deepEqual(Array.from(out.rated), [7, 4, 0]);
  assert.equal(out.total, 8);
  assert.deepEqual(Array.from(out.overallLevel), list.overall_level);
  assert.deepEqual(Array.from(out.overallScore).map((x) => (Number.isNaN(x) ? null : x)), list.overall_score);
  assert.deepEqual(Array.from(out.attributeLevel), list.attribute_level.flat());
  assert.deepEqual(Array.from(out.attributeLevel), [3, 2, 2, 0, 3, 1, 0, 0, 0]);
  // NaN scores with unrated
  const scores = rx.scoreScores(new Float64Array([100, NaN, 100, 50, 50, 50, 100, 0]), { unrated: true });
  assert.deepEqual(Array.from(scores.rated), [7]);
  assert.deepEqual(Array.from(scores.attributeLevel), [3, 2, 2]);
  // without unrated a 0 is an error; a mask must be a Uint8Array of the input's length
  assert.deepEqual(thrown(() => rx.scoreCodes(codes)).path, ['codes', 0, 1]);
  assert.deepEqual(thrown(() => rx.scoreCodes(codes, { unrated: true, mask: [1, 1] })).path, ['mask']);
  assert.equal(thrown(() => rx.scoreCodes(codes, { unrated: true, mask: new Uint8Array(3) })).code, 'batch_input');
});

test('typed-array batch: outputs into the caller\'s typed arrays (`out`), checked at the edge', () => {
  const rows = 5;
  const codes = new Uint8Array(rows * 8);
  for (let i = 0; i < codes.length; i++) codes[i] = 1 + ((i * 7) % 3);
  const fresh = rx.scoreCodes(codes);
  const out = { overallScore: new Float64Array(rows).fill(-1), attributeLevel: new Uint8Array(rows * 3) };
  const into = rx.scoreCodes(codes, { out });
  // the given arrays are written and returned; the others are made fresh
  assert.equal(into.overallScore, out.overallScore);
  assert.equal(into.attributeLevel, out.attributeLevel);
  assert.deepEqual(into, fresh);
  // null (the whole of out, or one output) is no array given, as undefined is
  assert.deepEqual(rx.scoreCodes(codes, { out: null }), fresh);
  const partial = { overallScore: null, rated: new Uint16Array(rows) };
  assert.deepEqual(rx.scoreCodes(codes, { out: partial }), fresh);
  assert.equal(partial.overallScore, null);
  // scores, a held framework and options with `out` alike
  const scores = Float64Array.from(codes, (c) => (c - 1) * 50);
  const fw = rx.Framework.paper();
  const o2 = { overallLevel: new Uint8Array(rows), rated: new Uint16Array(rows) };
  const r2 = fw.scoreScores(scores, { options: { method: 'minimum' }, out: o2 });
  assert.deepEqual(r2, rx.scoreScores(scores, { options: { method: 'minimum' } }));
  assert.equal(r2.rated, o2.rated);
  assert.deepEqual(Array.from(o2.rated), [8, 8, 8, 8, 8]);
  fw.free();
  // refused: not an object, an unknown field, the wrong kind or length (nothing converted)
  const cases = [
    [7, ['out'], /out 必须是由类型化数组组成的对象.*实际是 number$/],
    [new Float64Array(rows), ['out'], /实际是 Float64Array$/],
    [[new Float64Array(rows)], ['out'], /实际是 Array$/],
    [{ levels: new Uint8Array(rows) }, ['out', 'levels'], /out 没有字段 levels/],
    [{ overallScore: new Float32Array(rows) }, ['out', 'overallScore'], /out.overallScore 必须是长度为 5 的 Float64Array,实际是 Float32Array$/],
    [{ attributeScore: new Float64Array(rows) }, ['out', 'attributeScore'], /长度为 15 的 Float64Array,实际是长度为 5 的 Float64Array$/],
    [{ rated: new Uint8Array(rows) }, ['out', 'rated'], /Uint16Array,实际是 Uint8Array$/],
    [{ overallLevel: [1, 2, 3, 1, 2] }, ['out', 'overallLevel'], /实际是 Array$/],
  ];
  for (const [bad, path, message] of cases) {
    const e = thrown(() => rx.scoreCodes(codes, { out: bad }));
    assert.equal(e.code, 'batch_input', JSON.stringify(path));
    assert.equal(e.kind, 'BatchError');
    assert.deepEqual(e.path, path);
    assert.match(e.message, message);
  }
  rx.setLang('en');
  try {
    const e = thrown(() => rx.scoreCodes(codes, { out: { attributeLevel: new Uint8Array(4) } }));
    assert.equal(e.message, 'out.attributeLevel must be a Uint8Array of 15 values, found a Uint8Array of 4 values');
  } finally {
    rx.setLang('zh');
  }
  // the input's shape is checked before `out`; a bad code leaves the error, not a result
  assert.deepEqual(thrown(() => rx.scoreCodes(codes.subarray(1), { out: { rated: new Uint16Array(1) } })).path, ['input']);
  const bad = codes.slice();
  bad[3 * 8 + 4] = 4;
  assert.deepEqual(thrown(() => rx.scoreCodes(bad, { out })).path, ['codes', 3, 4]);
});

test('typed-array batch: codes and scores, checked at the edge', () => {
  const out = rx.scoreCodes(new Uint8Array([1, 1, 1, 1, 1, 1, 1, 3, 3, 3, 3, 1, 3, 3, 3, 3]));
  assert.equal(out.rows, 2);
  assert.deepEqual(out.attributes, ['robustness', 'redundancy', 'connectivity']);
  assert.deepEqual(out.levels, ['low', 'medium', 'high']);
  assert.deepEqual(Array.from(out.overallLevel), [1, 3]);
  assert.deepEqual(Array.from(out.attributeLevel), [1, 1, 2, 3, 2, 3]);
  assert.ok(out.attributeScore instanceof Float64Array && out.attributeScore.length === 6);
  const median = rx.scoreScores(new Float64Array(16).fill(50), { options: { method: 'median' } });
  assert.deepEqual(Array.from(median.overallScore), [50, 50]);

  let e = thrown(() => rx.scoreCodes(new Uint8Array([1, 2, 3])));
  assert.equal(e.code, 'batch_input');
  assert.deepEqual(e.path, ['input']);
  e = thrown(() => rx.scoreCodes(new Uint8Array([1, 4, 1, 1, 1, 1, 1, 1])));
  assert.equal(e.code, 'batch_input');
  assert.deepEqual(e.path, ['codes', 0, 1]);
  e = thrown(() => rx.scoreScores(new Float64Array([1, 2, 3, 4, 5, 6, 7, NaN])));
  assert.deepEqual(e.path, ['scores', 0, 7]);
  // the wrong kind of array is a typed error, never truncated or wrapped
  for (const [fn, value, found] of [
    [rx.scoreCodes, new Float32Array(8).fill(1), 'Float32Array'],
    [rx.scoreCodes, '11111111', 'string'],
    [rx.scoreCodes, [1, 1, 1, 1, 1, 1, 1, 1], 'Array'],
    [rx.scoreCodes, new Uint16Array(8).fill(1), 'Uint16Array'],
    [rx.scoreScores, new Uint8Array(8).fill(50), 'Uint8Array'],
    [rx.scoreScores, new Float32Array(8).fill(50), 'Float32Array'],
    [rx.scoreScores, undefined, 'undefined'],
  ]) {
    e = thrown(() => fn(value));
    assert.equal(e.code, 'batch_input');
    assert.equal(e.kind, 'BatchError');
    assert.deepEqual(e.path, [fn === rx.scoreCodes ? 'codes' : 'scores']);
    assert.match(e.message, new RegExp(`实际是 ${found}$`));
  }
  // the array is checked before the rest of the request
  assert.equal(thrown(() => rx.scoreCodes(new Float32Array(8), { bogus: 1 })).code, 'batch_input');
  e = thrown(() => rx.scoreCodes(new Uint8Array(8).fill(1), { codes: [[1]] }));
  assert.equal(e.code, 'request_invalid');
  assert.deepEqual(e.path, ['codes']);
  e = thrown(() => rx.scoreCodes(new Uint8Array(8).fill(1), { options: { dimension_weights: { rules: -1 } } }));
  assert.equal(e.code, 'invalid_weight');
  assert.deepEqual(e.path, ['options', 'dimension_weights', 'rules']);
});

test('labels and vocabulary in both languages', () => {
  const zh = rx.labels({ lang: 'zh' });
  const en = rx.labels({ lang: 'en-GB' });
  assert.equal(zh.lang, 'zh');
  assert.equal(en.lang, 'en');
  assert.equal(zh.ui.remedies, '优化路径');
  assert.equal(en.ui.remedies, 'Remedies');
  assert.equal(zh.dimensions.government_connectivity, '与政府连通');
  assert.equal(en.modes.digital_embedded, 'Digitally embedded');
  assert.equal(zh.levels.high, '高');
  const v = rx.vocabulary();
  assert.deepEqual(v.languages, ['zh', 'en']);
  assert.equal(v.dimensions.length, 8);
  assert.deepEqual(v.methods.map((m) => m.id), ['mean', 'median', 'minimum', 'capped_mean']);
  assert.ok(v.ui.length > 40);
});

test('charts and reports come from the core', () => {
  const svg = rx.radarChart({ assessments: [caseA()], cases: ['case-b', 'case-c'], chart: { lang: 'en', id_prefix: 'me' } }).svg;
  assert.ok(svg.startsWith('<svg'), svg.slice(0, 40));
  assert.match(svg, /Needs met/);
  const zh = rx.radarChart({ assessments: [caseA()], chart: { lang: 'zh' } }).svg;
  assert.notEqual(zh, svg);
  assert.match(zh, /满足需求/);
  assert.ok(rx.attributeBars({ assessment: caseA(), chart: { lang: 'en' } }).svg.startsWith('<svg'));
  assert.ok(rx.comparisonTable({ assessments: rx.cases() }).svg.startsWith('<svg'));
  const html = rx.report({ assessment: caseA(), report: { lang: 'en' } });
  assert.equal(html.format, 'html');
  assert.ok(html.text.startsWith('<!DOCTYPE html>'));
  const md = rx.report({ assessment: caseA(), report: { format: 'markdown', lang: 'zh', chart_prefix: 'a' } });
  assert.equal(md.format, 'markdown');
  assert.match(md.text, /^# /);
  assert.ok(md.charts.length > 0 && md.charts.every((c) => c.name.startsWith('a') && c.svg.startsWith('<svg')));
  assert.ok(rx.comparisonReport({ assessments: rx.cases(), report: { lang: 'en' } }).text.startsWith('<!DOCTYPE html>'));
  assert.match(rx.text({ kind: 'modes_table', lang: 'en' }).text, /Government led/);
});

test('TypeScript declarations: generated per operation, no `any` in the public API', () => {
  const ops = rx.operations().operations;
  for (const file of ['pkg-node/renxing_wasm.d.ts', 'www/pkg/renxing_wasm.d.ts']) {
    const dts = readFileSync(join(wasmDir, file), 'utf8');
    // wasm-bindgen's raw InitOutput interface (web target) types the low-level exports; skip it
    const publicPart = dts.replace(/export interface InitOutput \{[\s\S]*?\n\}/, '');
    const exported = publicPart.split('\n').filter((l) => /^export (function|interface|type|const|default)/.test(l));
    assert.ok(exported.length > 100, `${file}: declarations found`);
    const code = publicPart.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
    const offending = code.split('\n').filter((l) => /\bany\b/.test(l));
    assert.deepEqual(offending, [], `${file}: lines typed any`);
    for (const op of ops) {
      assert.equal(publicPart.split(`export function ${op.js_name}(`).length, 2, `${file}: ${op.js_name} declared once`);
    }
    for (const fn of ['call', 'setLang', 'getLang', 'scoreCodes', 'scoreScores']) {
      assert.match(publicPart, new RegExp(`export function ${fn}[(<]`), `${file}: ${fn}`);
    }
    assert.match(publicPart, /export const Framework: \{/);
  }
});

test('Framework.label and labelOf: an unknown key throws, never echoes', () => {
  const fw = rx.Framework.paper();
  assert.equal(fw.label('needs_met'), rx.getLang() === 'en' ? 'Needs met' : '满足需求');
  assert.equal(fw.label('high', 'en'), 'High');
  for (const f of [() => fw.label('overall_score'), () => rx.labelOf({ id: 'overall_score' }), () => fw.call('label_of', { id: 'overall_score' })]) {
    const e = thrown(f);
    assert.equal(e.name, 'UnknownIdError');
    assert.deepEqual(e.path, ['id']);
    assert.match(e.message, /overall_score/);
  }
});

test('labels in an assessment file (高, 满足需求, 政府主导型, 是/否) read as ids, written as ids', () => {
  const dims = rx.vocabulary().dimensions.map((d) => d.id);
  const ratings = Object.fromEntries(dims.map((d) => [d, null]));
  delete ratings.needs_met;
  delete ratings.resource_linkage;
  const file = { schema_version: 1, id: 'hupan', name: '湖畔社区', mode: '政府主导型',
    ratings: { ...ratings, 满足需求: { level: '高' }, 资源链接: { coped: '是', developed: '否' } } };
  const a = rx.parseAssessment({ text: JSON.stringify(file) });
  assert.equal(a.mode, 'government_led');
  assert.deepEqual(a.ratings.needs_met, { level: 'high' });
  assert.deepEqual(a.ratings.resource_linkage, { coped: true, developed: false });
  assert.ok(!rx.formatAssessment({ assessment: file }).text.includes('满足需求'));
  file.ratings.满足需求.level = '很高';
  const e = thrown(() => rx.validateAssessment({ assessment: file }));
  assert.deepEqual(e.issues[0].path, ['assessment', 'ratings', '满足需求', 'level']);
  assert.match(e.issues[0].message, /很高/);
});

test('indicatorsArray: a Float64Array through the pipeline gives the object path\'s numbers', () => {
  const n = 7;
  const m = 4;
  const values = new Float64Array(n * m);
  let s = 12345;
  for (let k = 0; k < n * m; k++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    values[k] = 1 + (99 * s) / 2147483648;
  }
  values[2 * m + 1] = NaN; // a missing value
  const indicators = [
    { id: 'vol', dimension: 'teams' },
    { id: 'wechat', dimension: 'residents' },
    { id: 'drills', dimension: 'teams' },
    { id: 'delay', dimension: 'residents', direction: 'cost' },
  ];
  const pipeline = {
    steps: [
      { step: 'check' }, { step: 'impute', method: 'mean' }, { step: 'normalise' },
      { step: 'weight', method: 'entropy' }, { step: 'aggregate' },
      { step: 'band', levels: ['low', 'medium', 'high'], thresholds: [40, 60] },
      { step: 'topsis' }, { step: 'obstacle', top: 2 }, { step: 'rank' },
    ],
    keep_intermediates: true,
  };
  const units = Array.from({ length: n }, (_, i) => `c${i}`);
  const general = rx.indicators({
    data: { units, indicators, values: Array.from(values, (v) => (Number.isNaN(v) ? null : v)) },
    pipeline,
  });
  const r = rx.indicatorsArray(values, { data: { units, indicators }, pipeline });
  const g = Object.fromEntries(general.steps.map((x) => [x.report.kind, x.report]));
  const a = Object.fromEntries(r.steps.map((x) => [x.report.kind, x.report]));
  assert.deepEqual(r.units, units);
  assert.ok(a.aggregate.overall instanceof Float64Array);
  assert.deepEqual(Array.from(a.aggregate.overall), g.aggregate.overall);
  assert.deepEqual(Array.from(a.aggregate.dimensions.values), g.aggregate.dimensions.values);
  assert.deepEqual(Array.from(a.topsis.result.closeness), g.topsis.result.closeness);
  assert.ok(a.topsis.ranks instanceof Int32Array);
  assert.deepEqual(Array.from(a.topsis.ranks), g.topsis.ranks);
  assert.deepEqual(Array.from(a.band.columns[0].bands), g.band.columns[0].bands.map((b) => (b === null ? -1 : b)));
  assert.deepEqual(Array.from(a.check.units.passed), g.check.units.map((u) => (u.passed ? 1 : 0)));
  assert.deepEqual(Array.from(a.normalise.table.values), g.normalise.table.values);
  assert.deepEqual(r.steps.map((x) => x.step), general.steps.map((x) => x.step));
  // units by position when none are named
  const p = rx.indicatorsArray(values, { data: { indicators }, pipeline });
  assert.deepEqual(Array.from(p.units), [0, 1, 2, 3, 4, 5, 6]);
  // bad input: a plain array, a length that is not units × indicators, an infinite cell
  let e = thrown(() => rx.indicatorsArray([1, 2, 3, 4], { data: { indicators }, pipeline }));
  assert.equal(e.code, 'indicator_input');
  assert.deepEqual(e.path, ['array']);
  e = thrown(() => rx.indicatorsArray(new Float64Array(5), { data: { indicators }, pipeline }));
  assert.equal(e.kind, 'IndicatorError');
  assert.deepEqual(e.path, ['array']);
  const inf = values.slice();
  inf[3 * m + 2] = Infinity;
  e = thrown(() => rx.indicatorsArray(inf, { data: { indicators }, pipeline }));
  assert.deepEqual(e.path, ['array', 3, 2]);
});

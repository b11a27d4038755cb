// The JS API beyond the golden vectors: bad inputs with their error codes, the rule, labels,
// charts, and the TypeScript declarations.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rx, golden, thrown, wasmDir } from './helpers.mjs';

const caseA = () => JSON.parse(golden('inputs/case-a.json'));

test('rate: the paper two-question rule', () => {
  assert.deepEqual(rx.rate(true, true), { level: 'high', inconsistent: false });
  assert.deepEqual(rx.rate(true, false), { level: 'medium', inconsistent: false });
  assert.deepEqual(rx.rate(false, false), { level: 'low', inconsistent: false });
  assert.deepEqual(rx.rate(false, true), { level: 'low', inconsistent: true });
});

test('cases reproduce the published 表1', () => {
  const published = rx.publishedTable1();
  assert.equal(published.length, 3);
  for (const row of published) {
    const card = rx.score(rx.referenceCase(row.case));
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
  const d = rx.diagnose(caseA());
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

test('newAssessment, validateAssessment and assessmentToJson round trip', () => {
  const a = rx.newAssessment('riverside', '河畔社区');
  assert.equal(Object.keys(a.ratings).length, 8);
  assert.ok(Object.values(a.ratings).every((r) => r === null));
  a.mode = 'government_led';
  a.ratings.needs_met = { coped: true, developed: true, evidence: [{ note: 'drill log' }] };
  a.ratings.rules = { score: 71.5 };
  a.ratings.it_use = { level: 'medium', evidence: ['plain string note'] };
  const v = rx.validateAssessment(a);
  assert.deepEqual(v.ratings.it_use.evidence, [{ note: 'plain string note' }]);
  const back = rx.parseAssessment(rx.assessmentToJson(v));
  assert.deepEqual(back, v);
  const card = rx.score(back);
  assert.equal(card.dimensions.find((d) => d.id === 'needs_met').source, 'answers');
  assert.equal(card.attributes.find((x) => x.id === 'robustness').rated, 2);
  assert.deepEqual(rx.diagnose(back).unrated.length, 5);
});

test('bad inputs: stable error codes, paths and issues', () => {
  let e = thrown(() => rx.parseAssessment('{"schema_version": 1,'));
  assert.equal(e.code, 'json_syntax');
  assert.match(e.message, /line 1/);

  e = thrown(() => rx.score({ schema_version: 1, id: 'x', name: 'X', ratings: { needs_met: { level: 'great' } } }));
  assert.equal(e.code, 'assessment_invalid');
  assert.ok(e.issues.some((i) => i.path === 'ratings.needs_met.level' && i.code === 'unknown_id'));
  assert.ok(e.issues.some((i) => i.path === 'ratings.rules' && i.code === 'missing'));
  assert.equal(e.path, e.issues[0].path);

  e = thrown(() => rx.validateAssessment('not an object'));
  assert.equal(e.code, 'assessment_invalid');
  assert.deepEqual(e.issues.map((i) => i.path), ['']);

  e = thrown(() => rx.score(caseA(), { method: 'average' }));
  assert.equal(e.code, 'invalid_options');
  assert.equal(e.path, 'options');

  e = thrown(() => rx.score(caseA(), { dimension_weights: { rules: -1 } }));
  assert.equal(e.code, 'invalid_weight');
  assert.equal(e.path, 'dimension_weights.rules');

  e = thrown(() => rx.score(caseA(), { attribute_weights: { nowhere: 1 } }));
  assert.equal(e.code, 'invalid_weight');

  e = thrown(() => rx.labels('fr'));
  assert.equal(e.code, 'unknown_id');
  e = thrown(() => rx.referenceCase('case-z'));
  assert.equal(e.code, 'unknown_id');

  e = thrown(() => rx.parseFramework('{"schema_version": 1,'));
  assert.equal(e.code, 'framework_parse');
  const fw = rx.frameworkPaper();
  fw.dimensions[0].weight = -2;
  e = thrown(() => rx.validateFramework(fw));
  assert.equal(e.code, 'framework_invalid');
  assert.equal(e.path, 'dimensions[0].weight');
  e = thrown(() => rx.score(caseA(), null, fw));
  assert.equal(e.code, 'framework_invalid');

  e = thrown(() => rx.scoreCodes(new Uint8Array([1, 2, 3])));
  assert.equal(e.code, 'batch_input');
  assert.equal(e.path, 'input');
  e = thrown(() => rx.scoreCodes(new Uint8Array([1, 4, 1, 1, 1, 1, 1, 1])));
  assert.equal(e.code, 'batch_input');
  assert.equal(e.path, 'codes[0][1]');
  e = thrown(() => rx.scoreScores(new Float64Array([1, 2, 3, 4, 5, 6, 7, NaN])));
  assert.equal(e.code, 'batch_input');
  assert.equal(e.path, 'scores[0][7]');

  e = thrown(() => rx.compare([]));
  assert.equal(e.code, 'compare_input');
  e = thrown(() => rx.compare([caseA(), caseA()]));
  assert.equal(e.code, 'compare_input');
  assert.equal(e.path, 'assessments[1].id');
  const broken = caseA();
  delete broken.ratings.rules;
  e = thrown(() => rx.compare([rx.referenceCase('b'), broken]));
  assert.equal(e.code, 'assessment_invalid');
  assert.equal(e.index, 1);
  assert.equal(e.path, 'ratings.rules');

  e = thrown(() => rx.radarChart([caseA()], { lang: 'en', width: 5 }));
  assert.equal(e.code, 'chart_input');
  e = thrown(() => rx.radarChart([caseA()], { colour: 'red' }));
  assert.equal(e.code, 'invalid_options');
});

test('labels and vocabulary in both languages', () => {
  const zh = rx.labels('zh');
  const en = rx.labels('en-GB');
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
  assert.deepEqual(v.methods, ['mean', 'median', 'minimum', 'capped_mean']);
  assert.ok(v.ui.length > 40);
});

test('charts and reports come from the core', () => {
  const svg = rx.radarChart([caseA()], { lang: 'en', cases: ['case-b', 'case-c'], id_prefix: 'me' });
  assert.ok(svg.startsWith('<svg'), svg.slice(0, 40));
  const zh = rx.radarChart([caseA()], { lang: 'zh' });
  assert.notEqual(zh, svg);
  assert.ok(rx.attributeBars(caseA(), { lang: 'en' }).startsWith('<svg'));
  assert.ok(rx.comparisonTable(rx.cases()).startsWith('<svg'));
  assert.ok(rx.htmlReport(caseA(), { lang: 'en' }).startsWith('<!DOCTYPE html>'));
  const md = rx.markdownReport(caseA(), { lang: 'zh', chart_prefix: 'a' });
  assert.equal(typeof md.markdown, 'string');
  assert.ok(Array.isArray(md.charts));
  assert.ok(rx.htmlComparisonReport(rx.cases(), { lang: 'en' }).startsWith('<!DOCTYPE html>'));
});

test('TypeScript declarations: no `any` in the public API', () => {
  for (const file of ['pkg-node/renxing_wasm.d.ts', 'www/pkg/renxing_wasm.d.ts']) {
    const dts = readFileSync(join(wasmDir, file), 'utf8');
    // wasm-bindgen's raw InitOutput interface (web target) types the low-level exports; skip it
    const publicPart = dts.replace(/export interface InitOutput \{[\s\S]*?\n\}/, '');
    const exported = publicPart.split('\n').filter((l) => /^export (function|interface|type|default)/.test(l));
    assert.ok(exported.length > 30, `${file}: declarations found`);
    const offending = publicPart.split('\n').filter((l) => /\bany\b/.test(l) && !l.trim().startsWith('*') && !l.trim().startsWith('//'));
    assert.deepEqual(offending, [], `${file}: lines typed any`);
    for (const fn of ['score', 'diagnose', 'compare', 'scoreCodes', 'radarChart', 'parseAssessment']) {
      assert.match(publicPart, new RegExp(`export function ${fn}\\(`), `${file}: ${fn}`);
    }
  }
});

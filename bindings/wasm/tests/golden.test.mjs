// Parity with the Rust core on the shared golden vectors (tests/golden/, see its README).
import test from 'node:test';
import assert from 'node:assert/strict';
import { rx, jsonl, golden, goldenFiles, frameworkOf, close, thrown, dotted } from './helpers.mjs';

const grade = (g) => (g ? { level: g.level, score: g.score } : { level: null, score: null });

test('scoring.jsonl: levels, scores, columns, deficits, remedies, nearest case', () => {
  const vectors = jsonl('scoring.jsonl');
  assert.ok(vectors.length > 0, 'read more than zero scoring vectors');
  for (const v of vectors) {
    const fw = frameworkOf(v.framework);
    const options = v.options ?? undefined; // null in the file: the default options
    const a = rx.parseAssessment({ text: golden(v.input), framework: fw });
    const d = rx.diagnose({ assessment: a, options, framework: fw });
    const card = rx.score({ assessment: a, options, framework: fw });
    if (fw) {
      // the same through a compiled framework held by the caller
      const held = new rx.Framework(fw);
      assert.deepEqual(held.call('score', { assessment: a, options }), card, `${v.name}: held framework`);
      held.free();
    }
    const e = v.expected;
    const at = (what) => `${v.name}: ${what}`;
    // score() and diagnose() agree
    assert.deepEqual(card.dimensions, d.scorecard.dimensions, at('score = diagnose.scorecard'));
    assert.deepEqual(card.columns, d.scorecard.columns, at('columns'));
    assert.deepEqual(card.dimensions.map((x) => x.id), Object.keys(e.dimensions), at('dimension order'));
    for (const [id, exp] of Object.entries(e.dimensions)) {
      const got = grade(card.dimensions.find((x) => x.id === id).grade);
      assert.equal(got.level, exp.level, at(`dimension ${id} level`));
      close(got.score, exp.score, at(`dimension ${id} score`));
    }
    assert.deepEqual(card.attributes.map((x) => x.id), Object.keys(e.attributes), at('attribute order'));
    for (const [id, exp] of Object.entries(e.attributes)) {
      const got = card.attributes.find((x) => x.id === id);
      assert.equal(grade(got.grade).level, exp.level, at(`attribute ${id} level`));
      close(grade(got.grade).score, exp.score, at(`attribute ${id} score`));
      assert.equal(got.rated, exp.rated, at(`attribute ${id} rated`));
      assert.equal(got.total, exp.total, at(`attribute ${id} total`));
    }
    assert.deepEqual(
      Object.fromEntries(card.columns.map((c) => [c.key, c.grade ? c.grade.level : null])),
      e.columns,
      at('columns'),
    );
    if (e.overall == null) {
      assert.equal(card.overall, null, at('overall'));
    } else {
      assert.equal(grade(card.overall).level, e.overall.level, at('overall level'));
      close(grade(card.overall).score, e.overall.score, at('overall score'));
    }
    assert.deepEqual(d.attribute_deficits.map((x) => x.id), e.attribute_deficits, at('attribute deficits'));
    assert.deepEqual(d.dimension_deficits.map((x) => x.id), e.dimension_deficits, at('dimension deficits'));
    assert.deepEqual(d.remedies.map((x) => x.id), e.remedies, at('remedies'));
    assert.equal(d.nearest_case ? d.nearest_case.case : null, e.nearest_case, at('nearest case'));
    assert.deepEqual(d.unrated, e.unrated, at('unrated'));
    assert.deepEqual(d.inconsistencies, e.inconsistencies, at('inconsistencies'));
  }
});

test('compare.jsonl: ranking with ties, best and worst per dimension', () => {
  const vectors = jsonl('compare.jsonl');
  assert.ok(vectors.length > 0, 'read more than zero compare vectors');
  for (const v of vectors) {
    const fw = frameworkOf(v.framework);
    const list = v.inputs.map((p) => rx.parseAssessment({ text: golden(p), framework: fw }));
    const c = rx.compare({ assessments: list, options: v.options ?? undefined, framework: fw });
    assert.deepEqual(
      c.ranking.map(({ id, rank, tied }) => ({ id, rank, tied })),
      v.expected.ranking,
      `${v.name}: ranking`,
    );
    const extremes = Object.fromEntries(c.extremes.map((x) => [x.dimension, { best: x.best, worst: x.worst }]));
    assert.deepEqual(extremes, v.expected.extremes, `${v.name}: extremes`);
  }
});

test('batch.jsonl: typed-array scoring of codes and scores', () => {
  const vectors = jsonl('batch.jsonl');
  assert.ok(vectors.length > 0, 'read more than zero batch vectors');
  for (const v of vectors) {
    const flat = v.rows.flat();
    const out =
      v.kind === 'codes'
        ? rx.scoreCodes(Uint8Array.from(flat), { options: v.options ?? undefined })
        : rx.scoreScores(Float64Array.from(flat), { options: v.options ?? undefined });
    const e = v.expected;
    assert.equal(out.rows, v.rows.length, `${v.name}: rows`);
    assert.ok(out.overallScore instanceof Float64Array && out.overallLevel instanceof Uint8Array);
    assert.deepEqual(Array.from(out.overallLevel), e.overall_level, `${v.name}: overall level`);
    e.overall_score.forEach((s, i) => close(out.overallScore[i], s, `${v.name}: overall score ${i}`));
    const na = out.attributes.length;
    e.attribute_level.forEach((row, r) =>
      assert.deepEqual(Array.from(out.attributeLevel.slice(r * na, r * na + na)), row, `${v.name}: attribute levels ${r}`),
    );
    e.attribute_score.forEach((row, r) =>
      row.forEach((s, a) => close(out.attributeScore[r * na + a], s, `${v.name}: attribute score ${r},${a}`)),
    );
  }
});

test('errors.jsonl: error codes and issue paths', () => {
  const vectors = jsonl('errors.jsonl');
  assert.ok(vectors.length > 0, 'read more than zero error vectors');
  for (const v of vectors) {
    const text = v.text ?? golden(v.input);
    const e = thrown(() => rx.parseAssessment({ text, framework: frameworkOf(v.framework) }));
    assert.equal(e.code, v.expected.code, `${v.name}: code (${e.message})`);
    const paths = [...new Set(e.issues.map((i) => dotted(i.path)))].sort();
    assert.deepEqual(paths, v.expected.paths, `${v.name}: issue paths`);
    if (e.issues.length) assert.deepEqual(e.path, e.issues[0].path, `${v.name}: path is the first issue's`);
  }
});

test('golden inputs: case files equal cases(), and save writes the same file format', () => {
  const byId = Object.fromEntries(rx.cases().map((c) => [c.id, c]));
  const files = goldenFiles('inputs', '.json').filter((f) => f.startsWith('case-'));
  assert.equal(files.length, 3);
  for (const f of files) {
    const fileValue = JSON.parse(golden(`inputs/${f}`));
    assert.deepEqual(byId[fileValue.id], fileValue, `${f} equals cases()`);
    // formatAssessment is the Rust to_json: the same text, modulo the trailing newline
    assert.equal(rx.formatAssessment({ assessment: fileValue }).text.trim(), golden(`inputs/${f}`).trim(), `${f} round trip`);
  }
  const paper = JSON.parse(golden('frameworks/paper.json'));
  assert.deepEqual(rx.frameworkPaper(), paper, 'frameworks/paper.json equals frameworkPaper()');
});

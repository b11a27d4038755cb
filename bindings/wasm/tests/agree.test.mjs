// Several coders from JavaScript (issue 9): the notebook user's two-coder sheet as an array of
// objects, read by `readTable` and measured by `agree` (the same operations as Python and the
// CLI); the values checked by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rx } from './helpers.mjs';

const rows = [
  { 编号: 'hx', 名称: '河西社区', 维度: '满足需求', 评定人: 'ann', 等级: '高', 证据: '居民需求及时响应' },
  { 编号: 'hx', 名称: '河西社区', 维度: '满足需求', 评定人: 'bo', 等级: '中', 证据: '老人药品迟到' },
  { 编号: 'hx', 名称: '河西社区', 维度: '规章制度', 评定人: 'ann', 等级: '低' },
  { 编号: 'hx', 名称: '河西社区', 维度: '规章制度', 评定人: 'bo', 等级: '高' },
  { 编号: 'dc', 名称: '东城社区', 维度: '满足需求', 评定人: 'ann', 等级: '低' },
  { 编号: 'dc', 名称: '东城社区', 维度: '满足需求', 评定人: 'bo', 等级: '低' },
  { 编号: 'dc', 名称: '东城社区', 维度: '规章制度', 评定人: 'ann', 等级: '中' },
  { 编号: 'dc', 名称: '东城社区', 维度: '规章制度', 评定人: 'bo', 等级: '中' },
];

test('a long sheet as objects: agreement, disagreements and the consensus scorecard', () => {
  const { assessments } = rx.readTable({ rows, layout: 'long' });
  assert.equal(assessments.length, 2);
  assert.equal(assessments[0].schema_version, 2);
  assert.equal(assessments[0].ratings.needs_met.codings[1].rater, 'bo');
  const r = rx.agree({
    assessments,
    agreement: { alpha: { bootstrap: { draws: 200, seed: 4 } } },
    consensus: { rule: { rule: 'median' } },
  });
  const m = Object.fromEntries(r.agreement.overall.results.map((x) => [x.measure, x]));
  assert.equal(m.percent_agreement.agreement, 0.5); // 2 of 4 units agree
  // Cohen's κ by hand: p_o = 2/4; marginals ann (low 2, medium 1, high 1), bo (low 1, medium 2, high 1)
  const pe = (2 * 1 + 1 * 2 + 1 * 1) / 16;
  assert.ok(Math.abs(m.cohen_kappa.kappa - (0.5 - pe) / (1 - pe)) < 1e-15);
  assert.equal(m.krippendorff_alpha.bootstrap.seed, 4);
  assert.deepEqual(r.disagreements.rows.map((x) => [x.unit, x.spread]), [['hx/needs_met', 1], ['hx/rules', 2]]);
  assert.equal(r.disagreements.rows[0].codings[0].evidence, '居民需求及时响应');
  const hx = r.consensus[0].scorecard.dimensions;
  assert.equal(hx.find((d) => d.id === 'rules').contested, true);
  assert.equal(hx.find((d) => d.id === 'rules').grade.level, 'low'); // median of (low, high): the lower
  assert.equal(hx.find((d) => d.id === 'needs_met').contested, undefined);
  // the same seed gives the same interval, run after run
  const again = rx.agree({ assessments, agreement: { alpha: { bootstrap: { draws: 200, seed: 4 } } } });
  assert.deepEqual(again.agreement.overall.results[0].bootstrap, m.krippendorff_alpha.bootstrap);
});

test('a multi-coder assessment needs a consensus rule to be scored', () => {
  const { assessments } = rx.readTable({ rows, layout: 'long' });
  assert.throws(() => rx.score({ assessment: assessments[0] }), (e) => e.code === 'consensus_required' && e.path.join('.') === 'assessment.ratings.needs_met');
  const card = rx.score({ assessment: assessments[0], consensus: { rule: { rule: 'minimum' } } });
  assert.equal(card.dimensions.find((d) => d.id === 'needs_met').grade.level, 'medium');
});

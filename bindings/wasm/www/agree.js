// The page's "several coders" section (issue 9): load two or more coders' files of the same
// community (one JSON file per coder, a multi-coder JSON file, or a long CSV sheet with a rater
// column) and show the agreement (Krippendorff's α with its interval, κ, AC1, percent
// agreement), the disagreement table with each coder's level and evidence, and the consensus
// scorecard with contested dimensions. Every number comes from the core's `agree` operation;
// this module only reads the files, calls it and lays the answer out, in the page's language.

const W = {
  zh: {
    heading: '多位编码者:一致性与共识',
    intro: '载入同一社区两位或多位编码者的评估文件(每人一个 JSON 文件,文件名即编码者;或一个多编码者文件;或一张含“评定人”列的长表 CSV),查看编码者间一致性、分歧表与共识评分。',
    files: '编码者的文件(可多选)',
    rule: '共识规则',
    rules: { median: '中位数(偶数取较低者)', mode: '众数(并列取较低者)', minimum: '最保守(最低等级)' },
    none: '请至少载入两位编码者的评估。',
    invalid: (f) => `${f} 有问题:`,
    agreement: '编码者间一致性',
    group: '范围', all: '全部维度', measure: '指标', value: '值', interval: '95% 区间',
    alpha: (a, lo, hi) => `Krippendorff α(序数)= ${a},95% 区间 [${lo}, ${hi}](1000 次自助抽样,种子 0)`,
    disagreements: '分歧表', no_disagreements: '各编码者在所有维度上一致。',
    community: '社区', dimension: '维度', spread: '差距', evidence: '证据',
    consensus: (c, lv) => `共识评分:${c}(综合等级 ${lv})`,
    level: '共识等级', contested: '有争议', contested_col: '争议',
    skipped: '无法计算',
  },
  en: {
    heading: 'Several coders: agreement and consensus',
    intro: 'Load two or more coders\' assessment files of the same community (one JSON file per coder, named after the coder; one multi-coder file; or a long CSV sheet with a rater column) to see the inter-rater agreement, the disagreement table and the consensus scorecard.',
    files: 'The coders\' files (several at once)',
    rule: 'Consensus rule',
    rules: { median: 'Median (the lower of two middles)', mode: 'Mode (ties: the lower)', minimum: 'Most conservative (the lowest level)' },
    none: 'Load the assessments of at least two coders.',
    invalid: (f) => `${f} has problems:`,
    agreement: 'Inter-rater agreement',
    group: 'Scope', all: 'All dimensions', measure: 'Measure', value: 'Value', interval: '95% interval',
    alpha: (a, lo, hi) => `Krippendorff's α (ordinal) = ${a}, 95% interval [${lo}, ${hi}] (1,000 bootstrap draws, seed 0)`,
    disagreements: 'Disagreements', no_disagreements: 'The coders agree on every dimension.',
    community: 'Community', dimension: 'Dimension', spread: 'Spread', evidence: 'Evidence',
    consensus: (c, lv) => `Consensus scorecard: ${c} (overall level ${lv})`,
    level: 'Consensus level', contested: 'contested', contested_col: 'Contested',
    skipped: 'not computable',
  },
};

const MEASURES = {
  krippendorff_alpha: { zh: 'Krippendorff α', en: 'Krippendorff\'s α', key: 'alpha' },
  cohen_kappa: { zh: 'Cohen κ', en: 'Cohen\'s κ', key: 'kappa' },
  fleiss_kappa: { zh: 'Fleiss κ', en: 'Fleiss\' κ', key: 'kappa' },
  gwet_ac1: { zh: 'Gwet AC1', en: 'Gwet\'s AC1', key: 'ac1' },
  percent_agreement: { zh: '百分比一致率', en: 'Percent agreement', key: 'agreement' },
};

const fmt = (x) => (typeof x === 'number' ? x.toFixed(3) : '—');

/** Sets up the section; returns `{ render }`, called again when the language changes. */
export function setupAgree(rx, getLang, el) {
  const $ = (s) => document.querySelector(s);
  let files = []; // [{ name, text }]
  const w = () => W[getLang()];

  function table(headers, rows, attrs = {}) {
    return el('table', attrs,
      el('thead', {}, el('tr', {}, ...headers.map((h) => el('th', { scope: 'col', text: h })))),
      el('tbody', {}, ...rows.map((r) => el('tr', {}, ...r.map((c) => el('td', { text: c }))))));
  }

  function read() {
    const assessments = [];
    const coders = [];
    const problems = [];
    for (const f of files) {
      const stem = f.name.replace(/\.[^.]*$/, '');
      try {
        const list = /\.csv$/i.test(f.name)
          ? rx.readTable({ text: f.text, layout: 'long' }).assessments
          : [rx.parseAssessment({ text: f.text })];
        for (const a of list) { assessments.push(a); coders.push(stem); }
      } catch (e) {
        const issues = e.issues?.length ? e.issues : [{ message: e.message }];
        problems.push(el('div', { class: 'error agree-error' }, el('p', { text: w().invalid(f.name) }),
          el('ul', {}, ...issues.map((i) => el('li', { text: i.message })))));
      }
    }
    return { assessments, coders, problems };
  }

  function render() {
    const L = rx.labels({ lang: getLang() });
    const out = $('#agree-out');
    for (const [k, sel] of [['heading', '#agree-h'], ['intro', '#agree-intro'], ['files', '#agree-files-label'], ['rule', '#agree-rule-label']]) $(sel).textContent = w()[k];
    for (const o of $('#agree-rule').options) o.textContent = w().rules[o.value];
    const { assessments, coders, problems } = read();
    const parts = [...problems];
    if (!assessments.length || (assessments.length < 2 && !assessments.some((a) => Object.values(a.ratings).some((r) => r?.codings)) && !files.some((f) => /\.csv$/i.test(f.name)))) {
      if (files.length) parts.push(el('p', { text: w().none }));
      out.replaceChildren(...parts);
      return;
    }
    let r;
    try {
      r = rx.agree({
        assessments, coders,
        agreement: { alpha: { bootstrap: { draws: 1000, seed: 0 } } },
        consensus: { rule: { rule: $('#agree-rule').value }, contested_above: 1 },
      });
    } catch (e) {
      parts.push(el('p', { class: 'error agree-error', text: e.message }));
      out.replaceChildren(...parts);
      return;
    }
    const lang = getLang();
    const dim = (id) => L.dimensions[id] ?? id;
    const level = (id) => L.levels[id] ?? id;
    // α with its interval
    const alpha = r.agreement.overall.results.find((m) => m.measure === 'krippendorff_alpha');
    if (alpha) {
      const i = alpha.bootstrap?.interval;
      parts.push(el('p', { id: 'agree-alpha', class: 'summary', text: w().alpha(fmt(alpha.alpha), fmt(i?.lower), fmt(i?.upper)) }));
    }
    // the measures, overall and per dimension
    const rows = [];
    for (const g of [r.agreement.overall, ...r.agreement.groups]) {
      const scope = g.group ? dim(g.group) : w().all;
      for (const m of g.results) {
        const def = MEASURES[m.measure];
        const i = m.bootstrap?.interval;
        rows.push([scope, def[lang], fmt(m[def.key]), i ? `[${fmt(i.lower)}, ${fmt(i.upper)}]` : '']);
      }
      for (const s of g.skipped) rows.push([scope, MEASURES[s.measure][lang], '—', `${w().skipped} (${s.error.code})`]);
    }
    parts.push(el('h3', { text: w().agreement }), table([w().group, w().measure, w().value, w().interval], rows, { id: 'agree-table' }));
    // the disagreement table
    parts.push(el('h3', { text: w().disagreements }));
    const d = r.disagreements;
    if (!d.rows.length) parts.push(el('p', { text: w().no_disagreements }));
    else {
      const headers = [w().community, w().dimension, ...d.coders.flatMap((c) => [c, `${c} · ${w().evidence}`]), w().spread];
      parts.push(table(headers, d.rows.map((row) => {
        const cut = row.unit.lastIndexOf('/');
        return [row.unit.slice(0, cut), dim(row.unit.slice(cut + 1)),
          ...row.codings.flatMap((c) => [c.label ? level(c.label) : fmt(c.value), c.evidence ?? '']), fmt(row.spread)];
      }), { id: 'agree-disagreements' }));
    }
    // each community's consensus scorecard
    for (const c of r.consensus) {
      const overall = c.scorecard.overall ? level(c.scorecard.overall.level) : '—';
      parts.push(el('h3', { text: w().consensus(c.community, overall) }));
      parts.push(table([w().dimension, w().level, w().spread, w().contested_col], c.scorecard.dimensions.map((x) => [
        dim(x.id), x.grade ? level(x.grade.level) : L.ui.not_rated, x.spread == null ? '' : fmt(x.spread), x.contested ? w().contested : '',
      ]), { class: 'agree-scorecard' }));
    }
    out.replaceChildren(...parts);
  }

  $('#agree-files').addEventListener('change', async (ev) => {
    files = await Promise.all([...(ev.target.files ?? [])].map(async (f) => ({ name: f.name, text: await f.text() })));
    render();
  });
  $('#agree-rule').addEventListener('change', render);
  $('#agree').hidden = false;
  return { render };
}

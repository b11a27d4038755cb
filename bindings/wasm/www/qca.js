// The page's QCA section (issue 12): the paper's reference cases A/B/C and the user's saved
// community files become QCA cases (the core's default mapping: a dimension is present when it is
// rated high; the outcome is the overall level high), and the core answers with the truth table,
// the conservative, parsimonious and intermediate solutions with consistency, PRI and coverage,
// and the XY plot (the `qca` and `qcaXyChart` operations; the chart is the core's SVG). This module
// only builds the request, shows the response and translates its own words; app.js calls
// setupQca once the WebAssembly module is ready.

const W = {
  zh: {
    heading: '哪些条件组合带来韧性(组态分析 QCA)',
    intro: '以参考案例 A、B、C 和你上传的社区评估文件为案例,每个维度为一个条件(等级为“高”记为 1,否则为 0),结果为总体等级为“高”。给出真值表、复杂解、简约解和中间解(预期每个维度的存在都有助于韧性)及其一致性与覆盖度,并画出 XY 图。',
    cases: '参考案例',
    label: '上传已保存的社区评估文件(可多选)',
    membership: '隶属度',
    crisp: '清晰集(高 = 1)',
    fuzzy: '模糊集(低 0 · 中 0.33 · 高 1)',
    tt: '真值表',
    row: '行', out: '结果', cases_col: '案例',
    solutions: '解',
    kinds: { conservative: '复杂解', parsimonious: '简约解', intermediate: '中间解' },
    fit: (i, p, c) => `一致性 ${i} · PRI ${p} · 覆盖度 ${c}`,
    xy: 'XY 图(简约解 M1)',
    none: '请至少选择或上传两个案例。',
    read: (n) => `共 ${n} 个案例。`,
    failed: '无法分析:',
    invalid: (f) => `${f} 不是有效的评估文件:`,
  },
  en: {
    heading: 'Which combinations of conditions lead to resilience (QCA)',
    intro: 'The reference cases A, B, C and the community files you upload are the cases; each dimension is a condition (1 when rated high, else 0) and the outcome is an overall level of high. You get the truth table, the conservative, parsimonious and intermediate solutions (expecting each dimension\'s presence to help) with consistency and coverage, and the XY plot.',
    cases: 'Reference cases',
    label: 'Upload saved community files (several at once)',
    membership: 'Membership',
    crisp: 'crisp (high = 1)',
    fuzzy: 'fuzzy (low 0 · medium 0.33 · high 1)',
    tt: 'Truth table',
    row: 'Row', out: 'OUT', cases_col: 'Cases',
    solutions: 'Solutions',
    kinds: { conservative: 'Conservative', parsimonious: 'Parsimonious', intermediate: 'Intermediate' },
    fit: (i, p, c) => `consistency ${i} · PRI ${p} · coverage ${c}`,
    xy: 'XY plot (parsimonious M1)',
    none: 'Choose or upload at least two cases.',
    read: (n) => `${n} cases.`,
    failed: 'Cannot analyse: ',
    invalid: (f) => `${f} is not a valid assessment file: `,
  },
};

function node(tag, attrs = {}, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v == null) continue;
    if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v);
  }
  e.append(...kids.filter((k) => k != null));
  return e;
}

const f3 = (v) => (v == null ? '–' : v.toFixed(3));

export function setupQca(rx, getLang) {
  const section = document.getElementById('qca');
  const input = document.getElementById('qca-files');
  const out = document.getElementById('qca-out');
  const membership = document.getElementById('qca-membership');
  let files = []; // [{ name, text }]

  function words() {
    const w = W[getLang()];
    for (const e of section.querySelectorAll('[data-q]')) e.textContent = w[e.dataset.q];
    return w;
  }

  function render() {
    const w = words();
    const lang = getLang();
    const refs = [...section.querySelectorAll('input[name=qca-case]:checked')].map((c) => c.value);
    const parts = [];
    const assessments = [];
    for (const f of files) {
      try {
        assessments.push(rx.parseAssessment({ text: f.text }));
      } catch (e) {
        parts.push(node('p', { class: 'error', text: `${w.invalid(f.name)}${e.message}` }));
      }
    }
    if (refs.length + assessments.length < 2) {
      parts.push(node('p', { class: 'hint', text: w.none }));
      out.replaceChildren(...parts);
      return;
    }
    const request = {
      cases: {
        reference_cases: refs,
        assessments,
        mapping: { membership: membership.value === 'fuzzy' ? { kind: 'fuzzy' } : { kind: 'crisp' } },
      },
    };
    try {
      const r = rx.qca(request);
      const label = Object.fromEntries(r.labels.map((l) => [l.name, l[lang]]));
      const tt = r.truth_table;
      const names = tt.conditions.map((c) => c.name);
      parts.push(node('p', { class: 'ok', text: w.read(r.table.cases.length) }));
      parts.push(node('h3', { text: w.tt }));
      parts.push(node('div', { class: 'scroll' }, node('table', { id: 'qca-tt' },
        node('thead', {}, node('tr', {}, ...[w.row, ...names.map((n) => label[n] ?? n), w.out, 'n', 'incl', 'PRI', w.cases_col].map((h) => node('th', { scope: 'col', text: h })))),
        node('tbody', {}, ...tt.rows.map((row) => node('tr', { 'data-row': String(row.id) },
          ...[String(row.id), ...row.values.map(String), row.outcome, String(row.n), f3(row.inclusion), f3(row.pri), row.cases.join(', ')].map((c) => node('td', { text: c }))))))));
      parts.push(node('h3', { text: w.solutions }));
      const list = node('ul', { id: 'qca-models' });
      // intermediate models are labelled by their (conservative, parsimonious) pair as R does
      // (C1P1, C1P2 …, with M2 … when a pair has several models); a model several pairs share
      // is listed once with all their labels
      const inter = r.minimization.intermediate;
      const pairLabel = (m) => {
        const i = inter[m.pair];
        const many = i.solutions.solutions.length > 1;
        return `C${i.conservative + 1}P${i.parsimonious + 1}${many ? `-M${m.model + 1}` : ''}`;
      };
      const rows = [];
      for (const m of r.models) {
        if (m.kind !== 'intermediate') { rows.push({ m, tag: `M${m.model + 1}` }); continue; }
        const same = rows.find((x) => x.m.kind === 'intermediate' && x.m.formula === m.formula);
        if (same) same.pairs.push(pairLabel(m));
        else rows.push({ m, pairs: [pairLabel(m)] });
      }
      for (const { m, tag, pairs } of rows) {
        const label = pairs ? pairs.join(', ') : tag;
        list.append(node('li', { 'data-kind': m.kind, 'data-model': pairs ? label : String(m.model + 1) },
          node('strong', { text: `${w.kinds[m.kind]} ${label}: ` }),
          node('span', { class: 'formula', text: m[lang] }), ' ',
          node('code', { text: m.formula }), ' — ',
          node('span', { class: 'fit', text: w.fit(f3(m.fit.inclusion), f3(m.fit.pri), f3(m.fit.coverage)) })));
      }
      parts.push(list);
      parts.push(node('h3', { text: w.xy }));
      const chart = node('div', { id: 'qca-xy', class: 'chart' });
      chart.innerHTML = rx.qcaXyChart({ qca: request, chart: { lang, id_prefix: 'page-qca' } }).svg; // the core's SVG, every text escaped
      parts.push(chart);
    } catch (e) {
      parts.push(node('p', { id: 'qca-error', class: 'error', text: `${w.failed}${e.message}` }));
    }
    out.replaceChildren(...parts);
  }

  input.addEventListener('change', async (ev) => {
    files = await Promise.all([...ev.target.files].map(async (f) => ({ name: f.name, text: await f.text() })));
    render();
  });
  membership.addEventListener('change', render);
  for (const c of section.querySelectorAll('input[name=qca-case]')) c.addEventListener('change', render);
  for (const r of document.querySelectorAll('input[name=lang]')) r.addEventListener('change', render);
  render();
  section.hidden = false;
}

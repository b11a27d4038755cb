// The page's robustness section (issue 11): upload indicator data (CSV, headers
// `dimension/indicator`), and the core answers how sure each community's rank and level is and
// which choice matters most (the `readIndicators` and `robustness` operations; the chart is the
// core's SVG). This module only builds the request, shows the response and translates its own
// words; app.js calls setupUncertainty once the WebAssembly module is ready.

const W = {
  zh: {
    heading: '排名有多可靠(指标数据)',
    intro: '上传指标数据(CSV:第一列为社区编号,其余列的表头为“维度/指标”,指标前加 - 表示越小越好)。将在权重 ±25% 扰动和算术/几何两种集成方法之间随机抽样 1000 次,给出每个社区的排名区间、各等级的概率,以及哪个选择影响最大。',
    label: '上传指标数据(CSV)',
    unit: '社区', nominal: '名义排名', median: '中位排名', interval: '5%–95% 区间',
    level: (l) => `P(${l})`,
    top: (name, st) => `影响最大的选择:${name}(总 Sobol 指数 ${st})。`,
    none: '各次模拟中排名都没有变化。',
    read: (f, n) => `已读取 ${f}:${n} 个社区。`,
    failed: (f) => `无法分析 ${f}:`,
  },
  en: {
    heading: 'How robust is the ranking (indicator data)',
    intro: 'Upload indicator data (CSV: the first column holds community ids, the other headers are "dimension/indicator"; a - before the indicator means less is better). 1,000 runs sample the weights (±25%) and the aggregation method (arithmetic or geometric) and show each community\'s rank interval, the probability of each level, and which choice matters most.',
    label: 'Upload indicator data (CSV)',
    unit: 'Community', nominal: 'Nominal rank', median: 'Median rank', interval: '5–95% interval',
    level: (l) => `P(${l})`,
    top: (name, st) => `The choice that matters most: ${name} (total Sobol index ${st}).`,
    none: 'No run changed any rank.',
    read: (f, n) => `Read ${f}: ${n} communities.`,
    failed: (f) => `Cannot analyse ${f}: `,
  },
};

const FACTOR = {
  zh: { weight_noise: '权重扰动', aggregation: '集成方法' },
  en: { weight_noise: 'weight noise', aggregation: 'aggregation method' },
};

function node(tag, attrs = {}, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v);
  }
  e.append(...kids);
  return e;
}

const rank = (v) => String(Number(v.toFixed(2)));

export function setupUncertainty(rx, getLang) {
  const section = document.getElementById('uncertainty');
  const input = document.getElementById('unc-file');
  const out = document.getElementById('unc-out');
  let upload = null; // { name, text }

  function words() {
    const w = W[getLang()];
    for (const e of section.querySelectorAll('[data-u]')) e.textContent = w[e.dataset.u];
    return w;
  }

  function render() {
    const w = words();
    if (!upload) return;
    const lang = getLang();
    try {
      const data = rx.readIndicators({ text: upload.text });
      const factors = [
        { factor: 'weight_noise', share: 0.25 },
        { factor: 'aggregation', methods: [{ method: 'arithmetic' }, { method: 'geometric' }] },
      ];
      const r = rx.robustness({
        data,
        pipeline: { steps: [{ step: 'normalise' }, { step: 'aggregate' }, { step: 'band', levels: ['low', 'medium', 'high'], thresholds: [40, 60], targets: ['overall'] }] },
        uncertainty: { factors, runs: 1000, seed: 0, pairwise: false },
        sensitivity: { n: 128, seed: 0, bootstrap: 200, one_at_a_time: false },
        charts: true,
        lang,
      });
      const u = r.uncertainty;
      const chart = node('div', { id: 'unc-chart', class: 'chart' });
      chart.innerHTML = r.charts.rank_intervals; // the core's SVG, every text escaped
      const stats = [...u.unit_stats].sort((a, b) => a.rank.median - b.rank.median || a.nominal_rank - b.nominal_rank);
      const table = node('table', { id: 'unc-table' },
        node('thead', {}, node('tr', {}, ...[w.unit, w.nominal, w.median, w.interval, ...u.levels.map(w.level)].map((h) => node('th', { scope: 'col', text: h })))),
        node('tbody', {}, ...stats.map((s) => node('tr', { 'data-id': s.id },
          ...[s.id, String(s.nominal_rank), rank(s.rank.median), `${rank(s.rank.p5)}–${rank(s.rank.p95)}`, ...s.level_probabilities.map((p) => p.toFixed(2))].map((c) => node('td', { text: c }))))));
      const top = r.most_influential;
      const answer = node('p', { id: 'unc-top', text: top ? w.top(FACTOR[lang][top.kind] ?? top.factor, top.total.toFixed(2)) : w.none });
      out.replaceChildren(node('p', { class: 'ok', text: w.read(upload.name, u.units.length) }), answer, chart, table);
    } catch (e) {
      out.replaceChildren(node('p', { id: 'unc-error', class: 'error', text: `${w.failed(upload.name)}${e.message}` }));
    }
  }

  input.addEventListener('change', async (ev) => {
    const f = ev.target.files?.[0];
    if (!f) return;
    upload = { name: f.name, text: await f.text() };
    render();
  });
  for (const r of document.querySelectorAll('input[name=lang]')) r.addEventListener('change', render);
  words();
  section.hidden = false;
}

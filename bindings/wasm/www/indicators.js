// The page's indicator section (issue 10): an indicator CSV (one row per community, one column
// per indicator of the framework) becomes levels, ranks and obstacles per community through the
// composite-indicator pipeline of the core. The example indicator system of examples/indicators
// (framework, six communities, pipeline; the `indicatorExample` operation) is used until the user
// loads a framework, data or a pipeline of their own (`parseFramework`, `readIndicators`,
// `readPipeline`); the core answers with the run (`assessIndicators`) and draws the charts
// (`indicatorCharts`, SVG). This module only builds the requests, shows the responses (the same
// cells as `renxing indicators` prints) and translates its own words; app.js calls
// setupIndicators once the WebAssembly module is ready.

const W = {
  zh: {
    heading: '量化指标评估(综合指数)',
    intro: '上传一份指标数据表(CSV:第一列为社区,其余每列为框架中的一个指标,列名为指标 id),按流程标准化、赋权、聚合并分级,得到每个社区各维度的等级、综合排名(含 TOPSIS)和障碍因子。未上传时使用示例指标体系(examples/indicators:6 个社区、16 个指标)。全部在浏览器中计算。',
    data: '各社区的指标数据表(CSV)',
    framework: '框架文件(含指标,可选;默认为示例框架)',
    pipeline: '流程文件(TOML 或 JSON,可选)',
    reset: '恢复示例',
    example: (n, m) => `示例数据:${n} 个社区、${m} 个指标(examples/indicators)。`,
    loaded: (f, n, m) => `${f}:${n} 个社区、${m} 个指标。`,
    fwName: (name) => `框架:${name}`,
    pipeName: (name, k) => `流程:${name}(${k} 个步骤)`,
    examplePipeline: '示例流程',
    defaultPipeline: '默认流程',
    ranking: '排名与等级',
    rankHead: ['单位', '综合得分', '排名', '综合等级', 'TOPSIS 贴近度', 'TOPSIS 排名'],
    levels: '各维度等级(得分)',
    unit: '单位',
    obstacles: '主要障碍因子(障碍度)',
    obstacle: (i) => `障碍因子 ${i}`,
    charts: '图表',
    banding: '分级规则',
    failed: '无法计算:',
    invalid: (f) => `${f}:`,
  },
  en: {
    heading: 'Indicator-based assessment (composite index)',
    intro: 'Upload an indicator sheet (CSV: communities in the first column, then one column per indicator of the framework, headed by its id). It is normalised, weighted, aggregated and banded into each community\'s dimension levels, an overall ranking (with TOPSIS) and its obstacles. Until you upload one, the example indicator system is used (examples/indicators: 6 communities, 16 indicators). Everything is computed in your browser.',
    data: "The communities' indicator sheet (CSV)",
    framework: 'Framework file with indicators (optional; default: the example)',
    pipeline: 'Pipeline file (TOML or JSON, optional)',
    reset: 'Back to the example',
    example: (n, m) => `Example data: ${n} communities, ${m} indicators (examples/indicators).`,
    loaded: (f, n, m) => `${f}: ${n} communities, ${m} indicators.`,
    fwName: (name) => `Framework: ${name}`,
    pipeName: (name, k) => `Pipeline: ${name} (${k} steps)`,
    examplePipeline: 'the example pipeline',
    defaultPipeline: 'the default pipeline',
    ranking: 'Ranking and levels',
    rankHead: ['unit', 'overall score', 'rank', 'overall level', 'TOPSIS closeness', 'TOPSIS rank'],
    levels: 'Dimension levels (scores)',
    unit: 'unit',
    obstacles: 'Top obstacles (obstacle degree)',
    obstacle: (i) => `obstacle ${i}`,
    charts: 'Charts',
    banding: 'Banding',
    failed: 'Cannot compute: ',
    invalid: (f) => `${f}: `,
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

const fixed = (v, d) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(d) : '–');

/** A label in the page's language (the framework's labels; its id when it has none). */
function pick(labels, lang, id) {
  return labels?.[lang] ?? Object.values(labels ?? {})[0] ?? id;
}

function table(id, head, rows) {
  return node('div', { class: 'scroll' }, node('table', { id },
    node('thead', {}, node('tr', {}, ...head.map((h) => node('th', { scope: 'col', text: h })))),
    node('tbody', {}, ...rows.map(({ unit, cells }) => node('tr', { 'data-unit': unit },
      ...cells.map((c) => node('td', { text: c })))))));
}

export function setupIndicators(rx, getLang) {
  const section = document.getElementById('indicators');
  const out = document.getElementById('ind-out');
  const status = document.getElementById('ind-status');
  const example = rx.indicatorExample();
  // what the run uses: the example until the user loads their own
  let fw = { name: null, value: example.framework };
  let data = { name: null, text: example.data_csv };
  let pipeline = { name: null, value: example.pipeline };
  let loadError = null;

  function words() {
    const w = W[getLang()];
    for (const e of section.querySelectorAll('[data-i]')) e.textContent = w[e.dataset.i];
    return w;
  }

  function render() {
    const w = words();
    const lang = getLang();
    const parts = [];
    if (loadError) parts.push(node('p', { id: 'ind-error', class: 'error', text: loadError }));
    try {
      const read = rx.readIndicators({ text: data.text });
      const request = { framework: fw.value, data: read, lang };
      if (pipeline.value) request.pipeline = pipeline.value;
      const r = rx.assessIndicators(request);
      const f = fw.value;
      const reports = r.result.steps.map((s) => s.report);
      const last = (kind) => reports.filter((x) => x.kind === kind).at(-1);
      const agg = last('aggregate');
      const bands = last('band');
      const topsis = last('topsis');
      const ranks = last('rank');
      const obstacle = last('obstacle');
      const units = r.result.units;
      const rankOf = (target) => ranks?.columns.find((c) => c.target === target)?.ranks;
      const overallRank = rankOf('overall');
      const topsisRank = rankOf('topsis') ?? topsis?.ranks;
      const levelLabel = (id) => pick(f.levels.find((l) => l.id === id)?.labels, lang, id);
      const bandOf = (target, id, u) => {
        const col = bands?.columns.find((c) => c.target === target && c.id === id);
        const b = col?.bands[u];
        return b == null ? '–' : levelLabel(bands.levels[b]);
      };
      const order = units.map((_, u) => u);
      if (overallRank) order.sort((a, b) => overallRank[a] - overallRank[b] || a - b);
      const name = (u) => units[u];
      const st = [
        data.name ? w.loaded(data.name, units.length, r.result.indicators.length) : w.example(units.length, r.result.indicators.length),
        w.fwName(fw.name ?? pick(f.labels, lang, f.id)),
        w.pipeName(pipeline.name ?? (pipeline.value ? w.examplePipeline : w.defaultPipeline), r.pipeline.steps.length),
      ];
      status.replaceChildren(...st.map((s) => node('span', { text: s })));

      parts.push(node('h3', { text: w.ranking }));
      parts.push(table('ind-ranks', w.rankHead, order.map((u) => ({
        unit: name(u),
        cells: [name(u), fixed(agg?.overall[u], 2), overallRank ? String(overallRank[u]) : '–', bandOf('overall', 'overall', u),
          fixed(topsis?.result.closeness[u], 4), topsisRank ? String(topsisRank[u]) : '–'],
      }))));

      if (agg) {
        const dims = agg.dimensions.columns;
        const ncol = dims.length;
        parts.push(node('h3', { text: w.levels }));
        parts.push(table('ind-levels', [w.unit, ...dims.map((d) => pick(f.dimensions.find((x) => x.id === d)?.labels, lang, d))], order.map((u) => ({
          unit: name(u),
          cells: [name(u), ...dims.map((d, c) => `${bandOf('dimension', d, u)} ${fixed(agg.dimensions.values[u * ncol + c], 1)}`)],
        }))));
      }

      if (obstacle) {
        const k = obstacle.top;
        const ind = (id) => pick(f.indicators.find((x) => x.id === id)?.labels, lang, id);
        parts.push(node('h3', { text: w.obstacles }));
        parts.push(table('ind-obstacles', [w.unit, ...Array.from({ length: k }, (_, i) => w.obstacle(i + 1))], order.map((u) => ({
          unit: name(u),
          cells: [name(u), ...Array.from({ length: k }, (_, t) => {
            const j = obstacle.top_indicators[u * k + t];
            return j == null ? '–' : `${ind(r.result.indicators[j])} ${(obstacle.top_degrees[u * k + t] * 100).toFixed(1)}%`;
          })],
        }))));
      }

      const b = r.banding;
      parts.push(node('p', { id: 'ind-banding', class: 'hint', text: `${w.banding}: ${b.levels.map(levelLabel).join(' < ')} · [${(b.cuts[0]?.[1] ?? []).map((c) => c.toFixed(2)).join(', ')}]` }));

      const chartRequest = { framework: fw.value, data: read, chart: { lang, id_prefix: 'page-ind' } };
      if (pipeline.value) chartRequest.pipeline = pipeline.value;
      const charts = rx.indicatorCharts(chartRequest).charts;
      parts.push(node('h3', { text: w.charts }));
      for (const c of charts) {
        const box = node('div', { id: `ind-chart-${c.kind}`, class: 'chart' });
        box.innerHTML = c.svg; // the core's SVG, every text escaped
        parts.push(box);
      }
    } catch (e) {
      status.replaceChildren();
      parts.push(node('p', { id: 'ind-failed', class: 'error', text: `${w.failed}${e.message}` }));
    }
    out.replaceChildren(...parts);
  }

  async function readFile(input) {
    const f = input.files?.[0];
    if (!f) return null;
    return { name: f.name, text: await f.text() };
  }

  document.getElementById('ind-data').addEventListener('change', async (ev) => {
    const f = await readFile(ev.target);
    if (f) data = f;
    loadError = null;
    render();
  });
  document.getElementById('ind-framework').addEventListener('change', async (ev) => {
    const f = await readFile(ev.target);
    if (!f) return;
    try {
      fw = { name: f.name, value: rx.parseFramework({ text: f.text, name: f.name }) };
      if (!pipeline.name) pipeline = { name: null, value: null }; // the framework's own default
      loadError = null;
    } catch (e) {
      loadError = `${W[getLang()].invalid(f.name)}${e.message}`;
    }
    render();
  });
  document.getElementById('ind-pipeline').addEventListener('change', async (ev) => {
    const f = await readFile(ev.target);
    if (!f) return;
    try {
      pipeline = { name: f.name, value: rx.readPipeline({ text: f.text }) };
      loadError = null;
    } catch (e) {
      loadError = `${W[getLang()].invalid(f.name)}${e.message}`;
    }
    render();
  });
  document.getElementById('ind-reset').addEventListener('click', () => {
    fw = { name: null, value: example.framework };
    data = { name: null, text: example.data_csv };
    pipeline = { name: null, value: example.pipeline };
    loadError = null;
    for (const id of ['ind-data', 'ind-framework', 'ind-pipeline']) document.getElementById(id).value = '';
    render();
  });
  for (const r of document.querySelectorAll('input[name=lang]')) r.addEventListener('change', render);
  render();
  section.hidden = false;
}

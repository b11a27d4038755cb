// renxing self-assessment page: plain ES module, no framework. Every rule (rating, scoring,
// diagnosis, comparison, validation, charts) runs in the core through the WebAssembly package's
// operations (one request object each); this file only builds the form, converts it to an
// assessment and shows the results. Error messages come from the core, in the page's language
// (rx.setLang), and point at form fields through their path lists.
import init, * as rx from './pkg/renxing_wasm.js';

// Page-specific words (the core supplies labels of dimensions, levels, modes and report words).
const T = {
  zh: {
    skip: '跳到结果',
    title: '社区韧性自评',
    intro: '依据彭建军、谭静(2022)“三社联动”社区韧性框架:为八个维度评级(直接选择等级,或回答论文的两个问题),即时查看属性等级、雷达图、不足与优化路径。全部计算在本机浏览器中完成,不上传任何数据。',
    language: '语言 · Language',
    loading: '正在加载……',
    assessment_heading: '评估',
    community_legend: '社区',
    name_label: '社区名称',
    id_label: '编号',
    id_hint: '文件中用于区分社区的稳定编号,例如 hepan-2024。',
    mode_label: '“三社联动”模式',
    phase_label: '阶段(可选)',
    date_label: '日期(可选)',
    unspecified: '(未指定)',
    rating_help: '每个维度任选一种评级方式。两问规则:有效应对且社区得到发展 → 高;有效应对但未发展 → 中;未能有效应对 → 低。',
    how: '评级方式',
    how_level: '直接选择等级',
    how_answers: '两个问题',
    how_score: '分数(0–100)',
    how_unrated: '暂不评级',
    level_label: '等级',
    score_label: '分数(0–100)',
    q_coped: '是否有效应对了风险(有效应对风险)?',
    q_developed: '社区是否在事件后得到发展(社区得到发展)?',
    derived: '按规则得出的等级:',
    inconsistent: '(数据不一致:未有效应对却得到发展,按规则记为低)',
    evidence_label: '证据备注(每行一条)',
    quoted: '文件中的引用证据:',
    files_legend: '保存与读取',
    save: '保存为 JSON 文件',
    save_hint: '与命令行工具和 Python 包相同的评估文件格式。',
    load_label: '读取评估文件(JSON)',
    reset: '清空表单',
    loaded: (f) => `已读取 ${f}。`,
    invalid: (f, n) => `文件 ${f} 无效(${n} 处问题),未读取。问题已标注在相应字段旁:`,
    in_file: (f) => `读取的文件 ${f}:`,
    fix_first: '请先修正标出的字段再保存。',
    saved: (f) => `已保存 ${f}。`,
    results_heading: '结果',
    radar_caption: '雷达图:本社区与参考案例 A、B、C 的各维度等级(由 renxing 核心生成的 SVG)。',
    summary: (name, lv, sc) => `${name}:综合等级 ${lv}(得分 ${sc})。`,
    summary_none: '尚未评级任何维度。',
    no_name: '(未命名社区)',
    columns_caption: '属性等级(表1 的列)',
    dims_caption: '各维度等级',
    distance_fmt: (d, n) => `距离 ${d}(比较 ${n} 个维度)`,
    compare_heading: '多个社区比较',
    compare_label: '选择多个已保存的评估文件',
    compare_hint: '可一次选择多个文件;无效文件会单独列出其问题。',
    compare_invalid: (f) => `${f} 无效:`,
    compare_none: '没有可比较的有效文件。',
    footer: 'renxing(韧性)· 数据仅在本机处理 · 依据:000_ebdaebbf0bcb582b.txt 等五篇文献',
    whole_file: '(整个文件)',
  },
  en: {
    skip: 'Skip to the results',
    title: 'Community resilience self-assessment',
    intro: 'Based on the three-society-linkage (三社联动) resilience framework of Peng & Tan (2022): rate the eight dimensions (pick a level directly, or answer the paper\'s two questions) and see at once the attribute levels, the radar chart, the deficits and the remedies. Everything is computed in your browser; nothing is uploaded.',
    language: '语言 · Language',
    loading: 'Loading…',
    assessment_heading: 'Assessment',
    community_legend: 'Community',
    name_label: 'Community name',
    id_label: 'ID',
    id_hint: 'A stable id that identifies the community in files, e.g. hepan-2024.',
    mode_label: 'Linkage mode',
    phase_label: 'Phase (optional)',
    date_label: 'Date (optional)',
    unspecified: '(not specified)',
    rating_help: 'Rate each dimension in one of the ways offered. The two-question rule: coped and developed → high; coped but not developed → medium; did not cope → low.',
    how: 'How to rate',
    how_level: 'Pick a level',
    how_answers: 'Two questions',
    how_score: 'Score (0–100)',
    how_unrated: 'Not rated yet',
    level_label: 'Level',
    score_label: 'Score (0–100)',
    q_coped: 'Did the community cope effectively with the emergency (有效应对风险)?',
    q_developed: 'Did the community develop beyond its pre-event state (社区得到发展)?',
    derived: 'Level by the rule: ',
    inconsistent: ' (inconsistent: developed without coping; rated low by the rule)',
    evidence_label: 'Evidence notes (one per line)',
    quoted: 'Quoted evidence from the file:',
    files_legend: 'Save and load',
    save: 'Save as a JSON file',
    save_hint: 'The same assessment file format as the command-line tool and the Python package.',
    load_label: 'Load an assessment file (JSON)',
    reset: 'Clear the form',
    loaded: (f) => `Loaded ${f}.`,
    invalid: (f, n) => `The file ${f} is invalid (${n} problem${n === 1 ? '' : 's'}) and was not loaded. The problems are marked next to their fields:`,
    in_file: (f) => `In the loaded file ${f}: `,
    fix_first: 'Please fix the marked fields before saving.',
    saved: (f) => `Saved ${f}.`,
    results_heading: 'Results',
    radar_caption: 'Radar chart: this community\'s dimension levels against reference cases A, B and C (SVG drawn by the renxing core).',
    summary: (name, lv, sc) => `${name}: overall level ${lv} (score ${sc}).`,
    summary_none: 'No dimension is rated yet.',
    no_name: '(unnamed community)',
    columns_caption: 'Attribute levels (the columns of Table 1)',
    dims_caption: 'Dimension levels',
    distance_fmt: (d, n) => `distance ${d} (${n} dimensions compared)`,
    compare_heading: 'Compare several communities',
    compare_label: 'Choose several saved assessment files',
    compare_hint: 'Select several files at once; invalid files are listed with their problems.',
    compare_invalid: (f) => `${f} is invalid:`,
    compare_none: 'No valid file to compare.',
    footer: 'renxing (韧性) · your data stays on this machine · sources: 000_ebdaebbf0bcb582b.txt and four more seed papers',
    whole_file: '(the whole file)',
  },
};

const $ = (sel, root = document) => root.querySelector(sel);
const el = (tag, attrs = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v == null) continue;
    if (k === 'text') e.textContent = v;
    else if (k === 'class') e.className = v;
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) if (c != null) e.append(c);
  return e;
};

let lang = 'zh';
let L; // rx.labels({lang})
let fw; // the paper framework
let base; // the assessment whose non-form fields (metadata, rater, …) are kept
let extras = {}; // per dimension: evidence with quotes/sources, rater, note from a loaded file
let fieldIssues = {}; // slot → [messages] from validating the form
let loadIssues = {}; // slot → [messages] from an invalid loaded file
let loadName = '';
let loadText = null; // the text of an invalid loaded file (re-read after a language switch)
let touched = new Set();
let compareFiles = []; // [{name, text}]
let statusFn = null; // renders the save/load message (again, after a language switch)

function setStatus(fn) {
  statusFn = fn;
  $('#load-status').replaceChildren(...(fn ? fn() : []));
}

const t = (k) => T[lang][k];
const fmt = (x) => (Math.round(x * 10) / 10).toFixed(1);
const levelLabel = (id) => (id ? L.levels[id] ?? id : L.ui.not_rated);
const label = (labels) => labels[lang] ?? labels.en ?? Object.values(labels)[0] ?? '';
const dimLabel = (id) => label(fw.dimensions.find((d) => d.id === id)?.labels ?? { en: id });
const attrLabel = (id) => label(fw.attributes.find((a) => a.id === id)?.labels ?? { en: id });
const nodeLabel = (id) => (fw.attributes.some((a) => a.id === id) ? attrLabel(id) : dimLabel(id));

// ---------------------------------------------------------------------------------------------
// the form
// ---------------------------------------------------------------------------------------------

function buildForm() {
  const root = $('#ratings');
  for (const a of fw.attributes) {
    const fs = el('fieldset', { class: 'attribute', 'data-attr': a.id });
    fs.append(el('legend', { 'data-attr-label': a.id }), el('p', { class: 'desc', 'data-attr-desc': a.id }));
    for (const d of fw.dimensions.filter((x) => x.attribute === a.id)) fs.append(dimensionFieldset(d.id));
    root.append(fs);
  }
}

function dimensionFieldset(id) {
  const p = `d-${id}`;
  const radio = (how) =>
    el('label', {}, el('input', { type: 'radio', name: `${p}-how`, value: how, id: `${p}-how-${how}` }), el('span', { 'data-t': `how_${how}` }));
  const levelSel = el('select', { id: `${p}-level` });
  for (const lv of fw.levels) levelSel.append(el('option', { value: lv.id, 'data-level': lv.id }));
  const fs = el(
    'fieldset',
    { class: 'dimension', id: `${p}`, 'data-dim': id, 'aria-describedby': `${p}-desc ${p}-err` },
    el('legend', { 'data-dim-label': id }),
    el('p', { class: 'desc', id: `${p}-desc`, 'data-dim-desc': id }),
    el('fieldset', { class: 'how' }, el('legend', { 'data-t': 'how' }), radio('level'), radio('answers'), radio('score'), radio('unrated')),
    el('div', { class: 'panel', 'data-panel': 'level' }, el('label', { for: `${p}-level`, 'data-t': 'level_label' }), ' ', levelSel),
    el(
      'div',
      { class: 'panel', 'data-panel': 'answers' },
      el('div', {}, el('label', {}, el('input', { type: 'checkbox', id: `${p}-coped` }), ' ', el('span', { 'data-t': 'q_coped' }))),
      el('div', {}, el('label', {}, el('input', { type: 'checkbox', id: `${p}-developed` }), ' ', el('span', { 'data-t': 'q_developed' }))),
      el('p', { class: 'derived', id: `${p}-derived` }),
    ),
    el(
      'div',
      { class: 'panel', 'data-panel': 'score' },
      el('label', { for: `${p}-score`, 'data-t': 'score_label' }),
      ' ',
      el('input', { type: 'number', id: `${p}-score`, min: '0', max: '100', step: 'any', inputmode: 'decimal' }),
    ),
    el('div', { class: 'field' },
      el('label', { for: `${p}-evidence`, 'data-t': 'evidence_label' }),
      el('ul', { class: 'quotes', id: `${p}-quotes`, hidden: true }),
      el('textarea', { id: `${p}-evidence`, rows: '2' })),
    el('p', { class: 'error', id: `${p}-err`, hidden: true }),
  );
  fs.querySelector(`#${p}-how-unrated`).checked = true;
  levelSel.value = 'medium';
  return fs;
}

function how(id) {
  return $(`input[name="d-${id}-how"]:checked`)?.value ?? 'unrated';
}

function showPanels(id) {
  const fs = $(`#d-${id}`);
  const h = how(id);
  for (const panel of fs.querySelectorAll('[data-panel]')) panel.hidden = panel.dataset.panel !== h;
  const outcome = rx.rate({ coped: $(`#d-${id}-coped`).checked, developed: $(`#d-${id}-developed`).checked });
  $(`#d-${id}-derived`).textContent = t('derived') + levelLabel(outcome.level) + (outcome.inconsistent ? t('inconsistent') : '');
}

/** The rating of a dimension from its controls (plus what a loaded file carried). */
function readRating(id) {
  const h = how(id);
  if (h === 'unrated') return null;
  const x = extras[id] ?? {};
  let r;
  if (h === 'level') r = { level: $(`#d-${id}-level`).value };
  else if (h === 'answers') r = { coped: $(`#d-${id}-coped`).checked, developed: $(`#d-${id}-developed`).checked };
  else {
    const raw = $(`#d-${id}-score`).value.trim();
    // An empty or malformed number is passed on as text, so the core reports it at its path.
    r = { score: raw === '' || Number.isNaN(Number(raw)) ? raw : Number(raw) };
  }
  const notes = $(`#d-${id}-evidence`).value.split('\n').map((s) => s.trim()).filter(Boolean);
  const evidence = [...(x.quoted ?? []), ...notes.map((note) => ({ note }))];
  if (evidence.length) r.evidence = evidence;
  if (x.rater) r.rater = x.rater;
  if (x.note) r.note = x.note;
  return r;
}

function writeRating(id, r) {
  const set = (v) => ($(`#d-${id}-how-${v}`).checked = true);
  $(`#d-${id}-coped`).checked = false;
  $(`#d-${id}-developed`).checked = false;
  $(`#d-${id}-score`).value = '';
  $(`#d-${id}-level`).value = 'medium';
  if (r == null) set('unrated');
  else if ('level' in r) { set('level'); $(`#d-${id}-level`).value = r.level; }
  else if ('score' in r) { set('score'); $(`#d-${id}-score`).value = String(r.score); }
  else { set('answers'); $(`#d-${id}-coped`).checked = r.coped; $(`#d-${id}-developed`).checked = r.developed; }
  const ev = r?.evidence ?? [];
  const quoted = ev.filter((e) => e.quote || e.source);
  extras[id] = { quoted, rater: r?.rater, note: r?.note };
  $(`#d-${id}-evidence`).value = ev.filter((e) => !(e.quote || e.source)).map((e) => e.note).join('\n');
  const ul = $(`#d-${id}-quotes`);
  ul.replaceChildren(...quoted.map((e) => el('li', { text: `${e.quote ?? ''}${e.source ? ` (${e.source})` : ''}${e.note ? ` — ${e.note}` : ''}` })));
  ul.hidden = quoted.length === 0;
  showPanels(id);
}

function readForm() {
  const a = { ...base, schema_version: 1, framework: fw.id };
  a.name = $('#name').value;
  a.id = $('#id').value;
  for (const k of ['mode', 'phase', 'date']) {
    const v = $(`#${k}`).value;
    if (v) a[k] = v; else delete a[k];
  }
  a.ratings = {};
  for (const d of fw.dimensions) a.ratings[d.id] = readRating(d.id);
  return a;
}

function writeForm(a) {
  base = { ...a };
  $('#name').value = a.name ?? '';
  $('#id').value = a.id ?? '';
  $('#mode').value = a.mode ?? '';
  $('#phase').value = a.phase ?? '';
  $('#date').value = a.date ?? '';
  extras = {};
  for (const d of fw.dimensions) writeRating(d.id, a.ratings[d.id] ?? null);
}

// ---------------------------------------------------------------------------------------------
// issues next to their fields
// ---------------------------------------------------------------------------------------------

/** A path list as text (`["ratings", "rules", "level"]` → `ratings.rules.level`). */
const dotted = (path) => path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');

/** The form slot of an issue path (`["ratings", "needs_met", "level"]` → `needs_met`), or `general`. */
function slotOf(path) {
  if (path[0] === 'ratings' && fw.dimensions.some((d) => d.id === path[1])) return path[1];
  return ['name', 'id', 'mode', 'phase', 'date'].includes(path[0]) ? path[0] : 'general';
}

/** The issues of an error, relative to the assessment (a request roots them at `assessment`). */
function issuesOf(e, inRequest) {
  const list = e.issues?.length ? e.issues : [{ path: e.path ?? [], code: e.code, message: e.message }];
  return inRequest ? list.map((i) => ({ ...i, path: i.path[0] === 'assessment' ? i.path.slice(1) : i.path })) : list;
}

function group(issues) {
  const out = {};
  for (const i of issues) (out[slotOf(i.path)] ??= []).push(i);
  return out;
}

const paren = (a, b) => (lang === 'zh' ? `${a}(${b})` : `${a} (${b})`);

/** An issue in a list: its path links to the field it concerns. */
function issueItem(i) {
  const slot = slotOf(i.path);
  const anchor = slot === 'general' ? null : fw.dimensions.some((d) => d.id === slot) ? `d-${slot}` : slot;
  const code = el('code', { text: dotted(i.path) || t('whole_file') });
  return el('li', {}, anchor ? el('a', { href: `#${anchor}` }, code) : code, ` ${i.message}`);
}

const issueText = (i) => `${dotted(i.path) || t('whole_file')}: ${i.message}`;

function renderIssues() {
  const slots = ['name', 'id', 'mode', 'phase', 'date', ...fw.dimensions.map((d) => d.id)];
  for (const s of slots) {
    const isDim = fw.dimensions.some((d) => d.id === s);
    const errEl = isDim ? $(`#d-${s}-err`) : $(`#err-${s}`);
    const target = isDim ? $(`#d-${s}`) : $(`#${s}`);
    const own = (touched.has(s) || touched.has('*')) ? fieldIssues[s] ?? [] : [];
    const fromFile = loadIssues[s] ?? [];
    const lines = [...own.map(issueText), ...fromFile.map((i) => t('in_file')(loadName) + issueText(i))];
    errEl.textContent = lines.join('\n');
    errEl.hidden = lines.length === 0;
    if (lines.length) target.setAttribute('aria-invalid', 'true');
    else target.removeAttribute('aria-invalid');
  }
}

// ---------------------------------------------------------------------------------------------
// results
// ---------------------------------------------------------------------------------------------

function update() {
  for (const d of fw.dimensions) showPanels(d.id);
  const a = readForm();
  fieldIssues = {};
  try {
    rx.validateAssessment({ assessment: a });
  } catch (e) {
    fieldIssues = group(issuesOf(e, true));
  }
  renderIssues();
  // Results are shown even before the community is named or given an id.
  const shown = { ...a, name: a.name.trim() || t('no_name'), id: a.id.trim() || 'community' };
  let d;
  try {
    d = rx.diagnose({ assessment: shown });
  } catch (e) {
    $('#summary').textContent = e.message;
    return;
  }
  renderResults(shown, d);
}

function levelCell(grade) {
  const lv = grade?.level;
  return el('td', { class: lv ? `lv-${lv}` : '' }, levelLabel(lv));
}

function renderResults(a, d) {
  const card = d.scorecard;
  $('#summary').textContent = card.overall
    ? t('summary')(a.name, levelLabel(card.overall.level), fmt(card.overall.score))
    : t('summary_none');

  const colName = (c) =>
    c.dimension
      ? paren(attrLabel(c.attribute), c.dimension === 'government_connectivity' ? L.ui.with_government : c.dimension === 'resident_connectivity' ? L.ui.with_residents : dimLabel(c.dimension))
      : attrLabel(c.attribute);
  const cols = el('table', { id: 'columns-table' },
    el('caption', { text: t('columns_caption') }),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: L.ui.attribute }), el('th', { scope: 'col', text: L.ui.level }), el('th', { scope: 'col', text: L.ui.score }))),
    el('tbody', {},
      ...card.columns.map((c) => el('tr', { 'data-key': c.key }, el('th', { scope: 'row', text: colName(c) }), levelCell(c.grade), el('td', { text: c.grade ? fmt(c.grade.score) : '—' }))),
      el('tr', { 'data-key': 'overall' }, el('th', { scope: 'row', text: L.ui.overall }), levelCell(card.overall), el('td', { text: card.overall ? fmt(card.overall.score) : '—' }))));
  const dims = el('table', { id: 'dimensions-table' },
    el('caption', { text: t('dims_caption') }),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: L.ui.dimension }), el('th', { scope: 'col', text: L.ui.attribute }), el('th', { scope: 'col', text: L.ui.level }), el('th', { scope: 'col', text: L.ui.source }))),
    el('tbody', {}, ...card.dimensions.map((x) => el('tr', { 'data-dim': x.id },
      el('th', { scope: 'row', text: dimLabel(x.id) }), el('td', { text: attrLabel(x.attribute) }), levelCell(x.grade),
      el('td', { text: L.ui[`source_${x.source}`] ?? x.source })))));
  $('#levels').replaceChildren(cols, dims);

  $('#radar').innerHTML = rx.radarChart({ assessments: [a], cases: ['case-a', 'case-b', 'case-c'], chart: { lang, id_prefix: 'page-radar' } }).svg;

  const out = [];
  out.push(el('h3', { text: L.ui.deficits }));
  if (!d.attribute_deficits.length && !d.dimension_deficits.length) out.push(el('p', { text: L.ui.no_deficits }));
  const deficitList = (title, list, id) =>
    el('div', { id }, el('h4', { text: title }),
      list.length ? el('ul', {}, ...list.map((x) => el('li', { 'data-id': x.id, text: `${nodeLabel(x.id)}:${levelLabel(x.grade.level)}(${L.ui.score} ${fmt(x.grade.score)})` }))) : el('p', { text: L.ui.none }));
  if (d.attribute_deficits.length || d.dimension_deficits.length) {
    out.push(deficitList(L.ui.attribute_deficits, d.attribute_deficits, 'attribute-deficits'));
    out.push(deficitList(L.ui.dimension_deficits, d.dimension_deficits, 'dimension-deficits'));
  }
  out.push(el('h3', { text: L.ui.remedies }));
  out.push(d.remedies.length
    ? el('ol', { id: 'remedies' }, ...d.remedies.map((r) => el('li', { class: 'remedy', 'data-id': r.id },
      el('strong', { text: label(r.title) }), el('p', { text: label(r.detail) }),
      el('p', { class: 'meta', text: `${L.ui.source}: ${r.source} · ${L.ui.addresses}: ${r.addresses.map(nodeLabel).join(L.ui.separator)}` }))))
    : el('p', { text: L.ui.no_remedies }));
  out.push(el('h3', { text: L.ui.nearest_case }));
  out.push(d.nearest_case
    ? el('p', { id: 'nearest-case', 'data-case': d.nearest_case.case },
      `${d.nearest_case.name}${d.nearest_case.mode ? `(${L.modes[d.nearest_case.mode]})` : ''}:${t('distance_fmt')(fmt(d.nearest_case.distance), d.nearest_case.compared)}`)
    : el('p', { text: L.ui.no_nearest_case }));
  out.push(el('h3', { text: L.ui.mode_defects }));
  out.push(d.mode
    ? el('p', { id: 'mode-defects' }, `${L.modes[d.mode.mode]}:${d.mode.defects.map((x) => x[lang]).join(L.ui.separator)}`)
    : el('p', { text: L.ui.no_mode }));
  if (d.unrated.length) out.push(el('h3', { text: L.ui.unrated }), el('p', { id: 'unrated', text: d.unrated.map(dimLabel).join(L.ui.separator) }));
  if (d.inconsistencies.length) out.push(el('h3', { text: L.ui.inconsistencies }), el('p', { id: 'inconsistencies', text: `${d.inconsistencies.map(dimLabel).join(L.ui.separator)}:${L.ui.inconsistency_note}` }));
  $('#diagnosis').replaceChildren(...out);
}

// ---------------------------------------------------------------------------------------------
// save, load, compare
// ---------------------------------------------------------------------------------------------

function fileSafe(s) {
  return (s.trim() || 'assessment').replace(/[^\p{L}\p{N}._-]+/gu, '-');
}

function save() {
  touched.add('*');
  const a = readForm();
  let text;
  try {
    text = rx.formatAssessment({ assessment: a }).text;
  } catch (e) {
    fieldIssues = group(issuesOf(e, true));
    renderIssues();
    setStatus(() => [el('p', { class: 'error', text: t('fix_first') })]);
    const first = $('[aria-invalid=true]');
    if (first) first.querySelector?.('input, select, textarea')?.focus() ?? first.focus();
    return;
  }
  const name = `${fileSafe(a.id)}.json`;
  const url = URL.createObjectURL(new Blob([`${text}\n`], { type: 'application/json' }));
  const link = el('a', { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  setStatus(() => [el('p', { class: 'ok', text: t('saved')(name) })]);
}

/** The problems of the invalid loaded file, in the current language (read again each time). */
function loadProblems() {
  try {
    rx.parseAssessment({ text: loadText });
    return [];
  } catch (e) {
    return issuesOf(e, false);
  }
}

async function load(file) {
  const text = await file.text();
  loadName = file.name;
  loadIssues = {};
  loadText = null;
  try {
    const a = rx.parseAssessment({ text });
    writeForm(a);
    touched = new Set(['*']);
    setStatus(() => [el('p', { class: 'ok', text: t('loaded')(file.name) })]);
  } catch {
    loadText = text;
    loadIssues = group(loadProblems());
    setStatus(() => {
      const issues = loadProblems();
      return [
        el('p', { class: 'error', text: t('invalid')(file.name, issues.length) }),
        el('ul', { class: 'issues' }, ...issues.map(issueItem)),
      ];
    });
  }
  update();
}

async function readCompare(files) {
  compareFiles = await Promise.all([...files].map(async (f) => ({ name: f.name, text: await f.text() })));
  renderCompare();
}

function renderCompare() {
  const out = $('#compare-out');
  if (!compareFiles.length) { out.replaceChildren(); return; }
  const valid = [];
  const problems = [];
  for (const f of compareFiles) {
    try {
      valid.push(rx.parseAssessment({ text: f.text }));
    } catch (e) {
      problems.push(el('div', { class: 'error' }, el('p', { text: t('compare_invalid')(f.name) }),
        el('ul', { class: 'issues' }, ...issuesOf(e, false).map((i) => el('li', {}, el('code', { text: dotted(i.path) || t('whole_file') }), ` ${i.message}`)))));
    }
  }
  const parts = [...problems];
  if (!valid.length) {
    parts.push(el('p', { text: t('compare_none') }));
  } else {
    try {
      const c = rx.compare({ assessments: valid });
      const byId = Object.fromEntries(c.rows.map((r) => [r.id, r]));
      parts.push(el('h3', { text: L.ui.ranking }));
      parts.push(el('table', { id: 'ranking' },
        el('thead', {}, el('tr', {}, ...['rank', 'community', 'mode', 'overall_level', 'overall_score'].map((k) => el('th', { scope: 'col', text: L.ui[k] })))),
        el('tbody', {}, ...c.ranking.map((r) => {
          const row = byId[r.id];
          return el('tr', { 'data-id': r.id },
            el('td', { text: r.rank == null ? '—' : `${r.rank}${r.tied ? ` (${L.ui.tied})` : ''}` }),
            el('th', { scope: 'row', text: row.name }),
            el('td', { text: row.mode ? L.modes[row.mode] : '—' }),
            levelCell(row.scorecard.overall),
            el('td', { text: r.score == null ? '—' : fmt(r.score) }));
        }))));
      const fig = el('figure', {}, el('div', { id: 'compare-table' }));
      fig.firstChild.innerHTML = rx.comparisonTable({ assessments: valid, chart: { lang, id_prefix: 'page-cmp' } }).svg;
      parts.push(fig);
      parts.push(el('h3', { text: L.ui.extremes }));
      const names = (ids) => ids.map((id) => byId[id]?.name ?? id).join(L.ui.separator) || '—';
      parts.push(el('table', { id: 'extremes' },
        el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: L.ui.dimension }), el('th', { scope: 'col', text: L.ui.best }), el('th', { scope: 'col', text: L.ui.worst }))),
        el('tbody', {}, ...c.extremes.map((x) => el('tr', {}, el('th', { scope: 'row', text: dimLabel(x.dimension) }), el('td', { text: names(x.best) }), el('td', { text: names(x.worst) }))))));
    } catch (e) {
      parts.push(el('p', { class: 'error', text: e.message }));
    }
  }
  out.replaceChildren(...parts);
}

// ---------------------------------------------------------------------------------------------
// language
// ---------------------------------------------------------------------------------------------

function applyLang() {
  rx.setLang(lang); // the core's messages (errors, issues) in the page's language
  L = rx.labels({ lang });
  if (loadText != null) loadIssues = group(loadProblems());
  document.documentElement.lang = lang === 'zh' ? 'zh-Hans' : 'en';
  document.title = `${t('title')} · renxing`;
  for (const e of document.querySelectorAll('[data-t]')) {
    const v = T[lang][e.dataset.t];
    if (typeof v === 'string') e.textContent = v;
  }
  for (const e of document.querySelectorAll('[data-attr-label]')) e.textContent = attrLabel(e.dataset.attrLabel);
  for (const e of document.querySelectorAll('[data-attr-desc]')) e.textContent = label(fw.attributes.find((a) => a.id === e.dataset.attrDesc).description ?? {});
  for (const e of document.querySelectorAll('[data-dim-label]')) e.textContent = dimLabel(e.dataset.dimLabel);
  for (const e of document.querySelectorAll('[data-dim-desc]')) e.textContent = label(fw.dimensions.find((d) => d.id === e.dataset.dimDesc).description ?? {});
  for (const e of document.querySelectorAll('[data-level]')) e.textContent = levelLabel(e.dataset.level);
  for (const [sel, items] of [['#mode', L.modes], ['#phase', L.phases]]) {
    const s = $(sel);
    const v = s.value;
    s.replaceChildren(el('option', { value: '', text: t('unspecified') }), ...Object.entries(items).map(([id, text]) => el('option', { value: id, text })));
    if (sel === '#mode') {
      // keep 表2's order
      s.replaceChildren(el('option', { value: '', text: t('unspecified') }), ...rx.modesTable().map((m) => el('option', { value: m.mode, text: L.modes[m.mode] })));
    }
    s.value = v;
  }
  update();
  setStatus(statusFn);
  renderCompare();
}

// ---------------------------------------------------------------------------------------------
// start
// ---------------------------------------------------------------------------------------------

async function main() {
  await init();
  fw = rx.frameworkPaper();
  lang = new URLSearchParams(location.search).get('lang') === 'en' ? 'en' : 'zh';
  rx.setLang(lang);
  L = rx.labels({ lang });
  buildForm();
  base = rx.newAssessment({ id: 'community-1', name: '' });
  writeForm(base);
  for (const r of document.querySelectorAll('input[name=lang]')) {
    r.checked = r.value === lang;
    r.addEventListener('change', () => { lang = r.value; applyLang(); });
  }
  const form = $('#form');
  form.addEventListener('input', (ev) => {
    const fs = ev.target.closest('[data-dim]');
    touched.add(fs ? fs.dataset.dim : ev.target.id);
    update();
  });
  form.addEventListener('change', (ev) => {
    const fs = ev.target.closest('[data-dim]');
    touched.add(fs ? fs.dataset.dim : ev.target.id);
    update();
  });
  form.addEventListener('submit', (ev) => ev.preventDefault());
  $('#save').addEventListener('click', save);
  $('#load').addEventListener('change', (ev) => {
    const f = ev.target.files?.[0];
    if (f) load(f).finally(() => { ev.target.value = ''; });
  });
  $('#reset').addEventListener('click', () => {
    loadIssues = {};
    loadName = '';
    loadText = null;
    touched = new Set();
    setStatus(null);
    writeForm(rx.newAssessment({ id: 'community-1', name: '' }));
    update();
  });
  $('#compare-files').addEventListener('change', (ev) => readCompare(ev.target.files ?? []));
  $('#loading').hidden = true;
  form.hidden = false;
  $('#results').hidden = false;
  $('#compare').hidden = false;
  applyLang();
  document.body.dataset.ready = '1';
}

main().catch((e) => {
  $('#loading').textContent = `renxing could not start: ${e.message}`;
  throw e;
});

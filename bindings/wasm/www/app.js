// renxing self-assessment page: plain ES module, no framework. Every rule (rating, scoring,
// diagnosis, comparison, validation, charts, reports) runs in the core through the WebAssembly
// package's operations (one request object each); this file only builds the form, converts it
// to an assessment, shows the results and hands the core's reports and charts out as downloads.
// Error messages come from the core, in the page's language (rx.setLang); the page puts the
// label of the form field they concern (from their path lists) in front of them.
import init, * as rx from './pkg/renxing_wasm.js';
import { setupAgree } from './agree.js';
import { citeOf, createHistory, planView } from './history.js';
import { setupUncertainty } from './uncertainty.js';
import { setupQca } from './qca.js';
import { setupIndicators } from './indicators.js';

// Page-specific words (the core supplies labels of dimensions, levels, modes and report words).
const T = {
  zh: {
    skip: '跳到结果',
    title: '社区韧性自评',
    intro: '依据彭建军、谭静(2022)“三社联动”社区韧性框架:为八个维度评级(直接选择等级,或回答论文的两个问题),即时查看属性等级、雷达图、不足与优化路径。全部计算在本机浏览器中完成,不上传任何数据。',
    language: '语言 · Language',
    loading: '正在加载……',
    to_results: '查看结果',
    to_downloads: '打印与下载报告 ↓',
    assessment_heading: '评估',
    community_legend: '社区',
    name_label: '社区名称',
    id_label: '编号',
    id_hint: '已自动生成,不会与其他社区重复;可改为便于识别的编号,例如 hepan-2024(字母、数字、_、-、.)。',
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
    evidence_short: '证据',
    quoted: '文件中的引用证据:',
    files_legend: '保存与读取',
    save: '保存为 JSON 文件',
    save_hint: '与命令行工具和 Python 包相同的评估文件格式。',
    load_label: '读取评估文件(JSON)',
    reset: '清空表单',
    autosave_hint: '填写内容会自动保存在本浏览器中,刷新或关闭页面后可继续填写。',
    loaded: (f) => `已读取 ${f}。`,
    invalid: (f, n) => `文件 ${f} 有 ${n} 处问题,未读取。问题已标注在相应字段旁:`,
    in_file: (f) => `读取的文件 ${f}:`,
    fix_first: '请先修正标出的字段再保存。',
    saved: (f) => `已保存 ${f}。`,
    draft_restored: (when) => `已恢复本浏览器中自动保存的草稿(${when})。`,
    draft_failed: '本浏览器不允许保存草稿,刷新页面后填写内容会丢失;请及时保存为文件。',
    cleared: '表单已清空,已生成新的编号。',
    confirm_title: '清空表单?',
    confirm_text: '当前填写的内容(包括本浏览器中自动保存的草稿)将被删除,无法恢复。已保存的文件不受影响。',
    confirm_yes: '清空',
    confirm_no: '取消',
    results_heading: '结果',
    legend: '等级颜色:',
    downloads_heading: '打印与下载',
    print: '打印结果',
    dl_html: '下载报告(HTML)',
    dl_md: '下载报告(Markdown 及图表,ZIP)',
    dl_radar: '下载雷达图(SVG)',
    dl_bars: '下载属性柱状图(SVG)',
    downloads_hint: '报告由 renxing 核心生成,可用浏览器打开、打印或转存为 PDF;打印时只打印结果,不打印表单。',
    downloaded: (f) => `已下载 ${f}。`,
    cannot_report: '报告需要社区名称和有效的编号,请先修正标出的字段。',
    radar_caption: '雷达图:本社区与参考案例 A、B、C 的各维度等级(由 renxing 核心生成的 SVG)。',
    bars_caption: '属性柱状图:表1 各列的等级与得分。',
    summary: (name, lv, sc) => `${name}:综合等级 ${lv}(得分 ${sc})。`,
    summary_none: '尚未评级任何维度。',
    rated_of: (r, n) => `已评 ${r}/${n} 个维度`,
    partial: (r, n) => `部分评级:只评了 ${r}/${n} 个维度,结果不完整`,
    partial_short: '部分评级',
    no_name: '(未命名社区)',
    columns_caption: '属性等级(表1 的列)',
    dims_caption: '各维度等级',
    distance_fmt: (d, n) => `距离 ${d}(比较 ${n} 个维度)`,
    compare_heading: '多个社区比较',
    compare_pick: '参加比较的社区',
    compare_current: '表单中的社区',
    compare_label: '再选择已保存的评估文件(可多选)',
    compare_hint: '参考案例一键加入;可一次选择多个文件,有问题的文件会单独列出。',
    compare_invalid: (f) => `${f} 有问题,未参加比较:`,
    compare_none: '请至少选择两个社区进行比较。',
    compare_rated: '已评维度',
    compare_dup_hint: '两个社区的编号相同。请在表单中修改编号(或重新保存其中一个文件)后再比较。',
    dl_cmp_html: '下载比较报告(HTML)',
    dl_cmp_svg: '下载比较热力表(SVG)',
    source_form: '表单',
    source_case: '参考案例',
    footer: 'renxing(韧性)· 数据仅在本机处理 · 访问过一次后断网也能使用 · 依据:000_ebdaebbf0bcb582b.txt 等五篇文献',
    whole_file: '整个文件',
    file_item: (p) => `文件中的“${p}”项`,
    colon: ':',
    start_failed: '本页未能启动:',
  },
  en: {
    skip: 'Skip to the results',
    title: 'Community resilience self-assessment',
    intro: 'Based on the three-society-linkage (三社联动) resilience framework of Peng & Tan (2022): rate the eight dimensions (pick a level directly, or answer the paper\'s two questions) and see at once the attribute levels, the radar chart, the deficits and the remedies. Everything is computed in your browser; nothing is uploaded.',
    language: '语言 · Language',
    loading: 'Loading…',
    to_results: 'See the results',
    to_downloads: 'Print and download the report ↓',
    assessment_heading: 'Assessment',
    community_legend: 'Community',
    name_label: 'Community name',
    id_label: 'ID',
    id_hint: 'Generated so that it differs from every other community; you may change it to one easier to recognise, e.g. hepan-2024 (letters, digits, _, - and .).',
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
    evidence_short: 'Evidence',
    quoted: 'Quoted evidence from the file:',
    files_legend: 'Save and load',
    save: 'Save as a JSON file',
    save_hint: 'The same assessment file format as the command-line tool and the Python package.',
    load_label: 'Load an assessment file (JSON)',
    reset: 'Clear the form',
    autosave_hint: 'What you enter is saved automatically in this browser, so you can continue after a reload.',
    loaded: (f) => `Loaded ${f}.`,
    invalid: (f, n) => `The file ${f} has ${n} problem${n === 1 ? '' : 's'} and was not loaded. The problems are marked next to their fields:`,
    in_file: (f) => `In the loaded file ${f}: `,
    fix_first: 'Please fix the marked fields before saving.',
    saved: (f) => `Saved ${f}.`,
    draft_restored: (when) => `Restored the draft saved automatically in this browser (${when}).`,
    draft_failed: 'This browser does not allow saving a draft: what you enter is lost on reload, so save it as a file.',
    cleared: 'The form is cleared and has a new ID.',
    confirm_title: 'Clear the form?',
    confirm_text: 'Everything entered (and the draft saved in this browser) will be deleted for good. Saved files are not affected.',
    confirm_yes: 'Clear',
    confirm_no: 'Cancel',
    results_heading: 'Results',
    legend: 'Level colours:',
    downloads_heading: 'Print and download',
    print: 'Print the results',
    dl_html: 'Download the report (HTML)',
    dl_md: 'Download the report (Markdown and charts, ZIP)',
    dl_radar: 'Download the radar chart (SVG)',
    dl_bars: 'Download the attribute bar chart (SVG)',
    downloads_hint: 'The reports are made by the renxing core; open them in a browser to read, print or save as PDF. Printing this page prints the results only, not the form.',
    downloaded: (f) => `Downloaded ${f}.`,
    cannot_report: 'A report needs the community\'s name and a valid ID: please fix the marked fields first.',
    radar_caption: 'Radar chart: this community\'s dimension levels against reference cases A, B and C (SVG drawn by the renxing core).',
    bars_caption: 'Attribute bar chart: the levels and scores of the columns of Table 1.',
    summary: (name, lv, sc) => `${name}: overall level ${lv} (score ${sc}).`,
    summary_none: 'No dimension is rated yet.',
    rated_of: (r, n) => `${r} of ${n} dimensions rated`,
    partial: (r, n) => `Partly rated: only ${r} of ${n} dimensions, so the result is incomplete`,
    partial_short: 'partly rated',
    no_name: '(unnamed community)',
    columns_caption: 'Attribute levels (the columns of Table 1)',
    dims_caption: 'Dimension levels',
    distance_fmt: (d, n) => `distance ${d} (${n} dimensions compared)`,
    compare_heading: 'Compare several communities',
    compare_pick: 'Communities to compare',
    compare_current: 'The community in the form',
    compare_label: 'Add saved assessment files (several at once)',
    compare_hint: 'The reference cases are one click away; files with problems are listed with their problems.',
    compare_invalid: (f) => `${f} has problems and is left out:`,
    compare_none: 'Choose at least two communities to compare.',
    compare_rated: 'Dimensions rated',
    compare_dup_hint: 'Two communities have the same ID. Change the ID in the form (or save one of the files again) and compare again.',
    dl_cmp_html: 'Download the comparison report (HTML)',
    dl_cmp_svg: 'Download the comparison heat-table (SVG)',
    source_form: 'the form',
    source_case: 'reference case',
    footer: 'renxing (韧性) · your data stays on this machine · works offline after the first visit · sources: 000_ebdaebbf0bcb582b.txt and four more seed papers',
    whole_file: 'The whole file',
    file_item: (p) => `The file's "${p}" entry`,
    colon: ': ',
    start_failed: 'The page could not start: ',
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

const DRAFT_KEY = 'renxing.draft.v1';
const LANG_KEY = 'renxing.lang';

let lang = 'zh';
let L; // rx.labels({lang})
let fw; // the paper framework
let base; // the assessment whose non-form fields (metadata, rater, …) are kept
let extras = {}; // per dimension: evidence with quotes/sources, rater, note from a loaded file
let fieldIssues = {}; // slot → [issues] from validating the form
let loadIssues = {}; // slot → [issues] from an invalid loaded file
let loadName = '';
let loadText = null; // the text of an invalid loaded file (re-read after a language switch)
let touched = new Set();
let compareFiles = []; // [{name, text}]
let statusFn = null; // renders the save/load message (again, after a language switch)
let draftFn = null; // renders the draft message (again, after a language switch)
let shown = null; // the assessment the results show (the form, with placeholders for name and id)
let charts = { radar: '', bars: '' }; // the SVG shown, for download
let historyView = null; // the history section (history.js)

function setStatus(fn) {
  statusFn = fn;
  $('#load-status').replaceChildren(...(fn ? fn() : []));
}

function setDraftStatus(fn) {
  draftFn = fn;
  $('#draft-status').replaceChildren(...(fn ? fn() : []));
}

const t = (k) => T[lang][k];
const fmt = (x) => (Math.round(x * 10) / 10).toFixed(1);
const levelLabel = (id) => (id ? L.levels[id] ?? id : L.ui.not_rated);
const label = (labels) => labels[lang] ?? labels.en ?? Object.values(labels)[0] ?? '';
const dimLabel = (id) => label(fw.dimensions.find((d) => d.id === id)?.labels ?? { en: id });
const attrLabel = (id) => label(fw.attributes.find((a) => a.id === id)?.labels ?? { en: id });
const nodeLabel = (id) => (fw.attributes.some((a) => a.id === id) ? attrLabel(id) : dimLabel(id));
const paren = (a, b) => (lang === 'zh' ? `${a}(${b})` : `${a} (${b})`);

/** How many dimensions a scorecard rates, of how many (from its attributes' `rated`/`total`). */
function coverage(card) {
  const rated = card.attributes.reduce((s, a) => s + a.rated, 0);
  const total = card.attributes.reduce((s, a) => s + a.total, 0);
  return { rated, total, partial: rated < total };
}

/** A new community id: the date and four random characters, so two communities never share one. */
function newId() {
  const d = new Date();
  const day = `${d.getFullYear()}${String(d.getMonth() + 1).padStart(2, '0')}${String(d.getDate()).padStart(2, '0')}`;
  const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';
  const r = crypto.getRandomValues(new Uint8Array(4));
  return `community-${day}-${[...r].map((x) => alphabet[x % alphabet.length]).join('')}`;
}

// ---------------------------------------------------------------------------------------------
// the level colours: the core's, read from its report (the page never keeps a copy)
// ---------------------------------------------------------------------------------------------

/**
 * The colour of each level as the core's HTML report paints its table cells (`td.lvN`), set as
 * the page's `.lv-<level>` classes, so the tables, the core's charts and its reports share one
 * scale (viridis: light to dark, readable in greyscale and by colour-blind readers).
 */
function applyLevelColours() {
  const html = rx.report({ assessment: rx.newAssessment({ id: 'palette', name: 'palette' }), report: { format: 'html' } }).text;
  const css = [];
  for (const m of html.matchAll(/td\.lv(\d+)\{background:(#[0-9a-fA-F]{6});color:(#[0-9a-fA-F]{6})/g)) {
    const lv = fw.levels[Number(m[1]) - 1];
    if (lv) css.push(`.lv-${lv.id}{background:${m[2]};color:${m[3]}}`);
  }
  if (css.length !== fw.levels.length) throw new Error('the level colours were not found in the core report');
  document.head.append(el('style', { id: 'level-colours', text: css.join('\n') }));
}

function renderLegend() {
  $('#legend').replaceChildren(
    el('span', { text: t('legend') }),
    ...fw.levels.map((l) => el('span', { class: `swatch lv-${l.id}`, 'data-level': l.id, text: levelLabel(l.id) })),
    el('span', { class: 'swatch lv-none', text: L.ui.not_rated }),
  );
}
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
// issues next to their fields, in plain words
// ---------------------------------------------------------------------------------------------

/** A path list as text (`["ratings", "rules", "level"]` → `ratings.rules.level`). */
const dotted = (path) => path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');

const TOP = ['name', 'id', 'mode', 'phase', 'date'];
const isDim = (id) => fw.dimensions.some((d) => d.id === id);

/** The form slot of an issue path (`["ratings", "needs_met", "level"]` → `needs_met`), or `general`. */
function slotOf(path) {
  if (path[0] === 'ratings' && isDim(path[1])) return path[1];
  return TOP.includes(path[0]) ? path[0] : 'general';
}

/** The label of the form field an issue path points at, in the page's language. */
function fieldName(path) {
  if (!path.length) return t('whole_file');
  if (TOP.includes(path[0]) && path.length === 1) return t(`${path[0]}_label`);
  if (path[0] === 'ratings' && isDim(path[1])) {
    const dim = dimLabel(path[1]);
    const part = { level: t('level_label'), score: t('score_label'), coped: t('q_coped'), developed: t('q_developed'), evidence: t('evidence_short') }[path[2]];
    return part ? `${dim} · ${part}` : dim;
  }
  return t('file_item')(dotted(path));
}

/**
 * The core's message without the key or path it may start with (the field's label is shown in
 * front of it instead): `name 不能为空` at `["name"]` → `不能为空`.
 */
function plainMessage(i) {
  let m = i.message;
  const p = dotted(i.path);
  const sep = p && m.startsWith(p) ? m.slice(p.length).match(/^\s*[:：]\s*/) : null;
  if (sep) m = m.slice(p.length + sep[0].length);
  const last = i.path[i.path.length - 1];
  if (typeof last === 'string' && m.startsWith(`${last} `)) m = m.slice(last.length + 1);
  return m;
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

const issueText = (i) => `${fieldName(i.path)}${t('colon')}${plainMessage(i)}`;

/** An issue in a list: the field's label links to the field. */
function issueItem(i) {
  const slot = slotOf(i.path);
  const anchor = slot === 'general' ? null : isDim(slot) ? `d-${slot}` : slot;
  const name = fieldName(i.path);
  return el('li', {}, anchor ? el('a', { href: `#${anchor}`, text: name }) : el('span', { class: 'field-name', text: name }), `${t('colon')}${plainMessage(i)}`);
}

function renderIssues() {
  for (const s of [...TOP, ...fw.dimensions.map((d) => d.id)]) {
    const dim = isDim(s);
    const errEl = dim ? $(`#d-${s}-err`) : $(`#err-${s}`);
    const target = dim ? $(`#d-${s}`) : $(`#${s}`);
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
  // Results are shown even before the community is named or given a valid id.
  shown = { ...a, name: a.name.trim() || t('no_name'), id: fieldIssues.id || !a.id.trim() ? 'community' : a.id };
  let d;
  try {
    d = rx.diagnose({ assessment: shown });
  } catch (e) {
    $('#summary').textContent = issuesOf(e, true).map(issueText).join('\n');
    return;
  }
  renderResults(shown, d);
  historyView?.render();
}

/** The form's assessment for the history, or null (with the fields marked) when it is not valid. */
function historyCurrent() {
  const a = readForm();
  try {
    return rx.validateAssessment({ assessment: a });
  } catch (e) {
    touched.add('*');
    fieldIssues = group(issuesOf(e, true));
    renderIssues();
    return null;
  }
}

/** A table cell that stacks as "header: value" on narrow screens. */
const td = (head, attrs, ...children) => el('td', { 'data-label': head, ...attrs }, ...children);

function levelCell(grade, head) {
  const lv = grade?.level;
  return td(head, { class: `level ${lv ? `lv-${lv}` : 'lv-none'}` }, levelLabel(lv));
}

/** A chart's width: its natural width, or the width of its box when narrower (the core lays it out again, so text keeps its size). */
function chartWidth(box, natural) {
  const w = Math.floor(box.clientWidth || natural);
  return w < natural ? Math.max(280, w) : undefined;
}

function renderResults(a, d) {
  const card = d.scorecard;
  const cov = coverage(card);
  const summary = card.overall
    ? t('summary')(a.name, levelLabel(card.overall.level), fmt(card.overall.score))
    : t('summary_none');
  $('#summary').replaceChildren(
    el('p', { class: 'overall' }, el('span', { class: `level-chip lv-${card.overall?.level ?? 'none'}`, text: levelLabel(card.overall?.level) }), ` ${summary}`),
    ...(cov.partial ? [el('p', { class: 'partial', id: 'summary-partial', text: `⚠ ${t('partial')(cov.rated, cov.total)}` })] : []),
  );
  $('#bar-summary').replaceChildren(
    el('span', { class: `level-chip lv-${card.overall?.level ?? 'none'}`, text: levelLabel(card.overall?.level) }),
    ` ${a.name} · ${t('rated_of')(cov.rated, cov.total)}`,
  );
  $('#bar').classList.toggle('partial', cov.partial);

  const colName = (c) =>
    c.dimension
      ? paren(attrLabel(c.attribute), c.dimension === 'government_connectivity' ? L.ui.with_government : c.dimension === 'resident_connectivity' ? L.ui.with_residents : dimLabel(c.dimension))
      : attrLabel(c.attribute);
  const cols = el('table', { id: 'columns-table', class: 'stack' },
    el('caption', { text: t('columns_caption') }),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: L.ui.attribute }), el('th', { scope: 'col', text: L.ui.level }), el('th', { scope: 'col', text: L.ui.score }))),
    el('tbody', {},
      ...card.columns.map((c) => el('tr', { 'data-key': c.key }, el('th', { scope: 'row', text: colName(c) }), levelCell(c.grade, L.ui.level), td(L.ui.score, { text: c.grade ? fmt(c.grade.score) : '—' }))),
      el('tr', { 'data-key': 'overall' }, el('th', { scope: 'row', text: L.ui.overall }), levelCell(card.overall, L.ui.level), td(L.ui.score, { text: card.overall ? fmt(card.overall.score) : '—' }))));
  const dims = el('table', { id: 'dimensions-table', class: 'stack' },
    el('caption', { text: t('dims_caption') }),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: L.ui.dimension }), el('th', { scope: 'col', text: L.ui.attribute }), el('th', { scope: 'col', text: L.ui.level }), el('th', { scope: 'col', text: L.ui.source }))),
    el('tbody', {}, ...card.dimensions.map((x) => el('tr', { 'data-dim': x.id },
      el('th', { scope: 'row', text: dimLabel(x.id) }), td(L.ui.attribute, { text: attrLabel(x.attribute) }), levelCell(x.grade, L.ui.level),
      td(L.ui.source, { text: L.ui[`source_${x.source}`] ?? x.source })))));
  $('#levels').replaceChildren(cols, dims);

  charts.radar = rx.radarChart({ assessments: [a], cases: ['case-a', 'case-b', 'case-c'], chart: { lang, id_prefix: 'page-radar', width: chartWidth($('#radar'), 640) } }).svg;
  $('#radar').innerHTML = charts.radar;
  charts.bars = rx.attributeBars({ assessment: a, chart: { lang, id_prefix: 'page-bars', width: chartWidth($('#bars'), 560) } }).svg;
  $('#bars').innerHTML = charts.bars;

  const out = [];
  out.push(el('h3', { text: L.ui.deficits }));
  if (!d.attribute_deficits.length && !d.dimension_deficits.length) out.push(el('p', { text: L.ui.no_deficits }));
  const deficitList = (title, list, id) =>
    el('div', { id }, el('h4', { text: title }),
      list.length ? el('ul', {}, ...list.map((x) => el('li', { 'data-id': x.id, text: `${nodeLabel(x.id)}${t('colon')}${levelLabel(x.grade.level)}${lang === 'zh' ? '(' : ' ('}${L.ui.score} ${fmt(x.grade.score)}${lang === 'zh' ? ')' : ')'}` }))) : el('p', { text: L.ui.none }));
  if (d.attribute_deficits.length || d.dimension_deficits.length) {
    out.push(deficitList(L.ui.attribute_deficits, d.attribute_deficits, 'attribute-deficits'));
    out.push(deficitList(L.ui.dimension_deficits, d.dimension_deficits, 'dimension-deficits'));
  }
  if (d.plan_ahead) out.push(planView(d.plan_ahead, { L, lang, el }));
  out.push(el('h3', { text: L.ui.remedies }));
  out.push(d.remedies.length
    ? el('ol', { id: 'remedies' }, ...d.remedies.map((r) => el('li', { class: 'remedy', 'data-id': r.id, 'data-ahead': r.acts_ahead ? '1' : null, 'data-source': r.source },
      el('strong', { text: label(r.title) }), r.acts_ahead ? el('span', { class: 'ahead', text: ` [${L.ui.acts_ahead}]` }) : null, el('p', { text: label(r.detail) }),
      el('p', { class: 'meta', text: `${L.ui.addresses}${t('colon')}${r.addresses.map(nodeLabel).join(L.ui.separator)}` }),
      el('p', { class: 'meta cite', text: `${L.ui.source}${t('colon')}${citeOf(r, lang)}` }))))
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
// downloads: the core's reports and charts as files
// ---------------------------------------------------------------------------------------------

function fileSafe(s) {
  return (s.trim() || 'assessment').replace(/[^\p{L}\p{N}._-]+/gu, '-');
}

function download(name, blob) {
  const url = URL.createObjectURL(blob);
  const link = el('a', { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** A ZIP archive (stored, not compressed) of text files: one download for a report and its charts. */
function zip(files) {
  const enc = new TextEncoder();
  const now = new Date();
  const time = (now.getHours() << 11) | (now.getMinutes() << 5) | (now.getSeconds() >> 1);
  const date = ((now.getFullYear() - 1980) << 9) | ((now.getMonth() + 1) << 5) | now.getDate();
  const parts = [];
  const central = [];
  let offset = 0;
  for (const f of files) {
    const name = enc.encode(f.name);
    const data = enc.encode(f.text);
    let crc = 0xffffffff;
    for (const b of data) crc = CRC_TABLE[(crc ^ b) & 0xff] ^ (crc >>> 8);
    crc = (crc ^ 0xffffffff) >>> 0;
    const head = (size, sig) => {
      const v = new DataView(new ArrayBuffer(size));
      v.setUint32(0, sig, true);
      return v;
    };
    const local = head(30, 0x04034b50);
    const cd = head(46, 0x02014b50);
    // local header: version 2.0, UTF-8 names, stored
    for (const [v, o] of [[local, 4], [cd, 6]]) {
      v.setUint16(o, 20, true); v.setUint16(o + 2, 0x0800, true); v.setUint16(o + 4, 0, true);
      v.setUint16(o + 6, time, true); v.setUint16(o + 8, date, true); v.setUint32(o + 10, crc, true);
      v.setUint32(o + 14, data.length, true); v.setUint32(o + 18, data.length, true); v.setUint16(o + 22, name.length, true);
    }
    cd.setUint16(4, 20, true);
    cd.setUint32(42, offset, true);
    parts.push(local, name, data);
    central.push(cd, name);
    offset += 30 + name.length + data.length;
  }
  const size = central.reduce((s, p) => s + p.byteLength, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, files.length, true); end.setUint16(10, files.length, true);
  end.setUint32(12, size, true); end.setUint32(16, offset, true);
  return new Blob([...parts, ...central, end], { type: 'application/zip' });
}

function downloadStatus(text, isError = false) {
  $('#download-status').replaceChildren(el('p', { class: isError ? 'error' : 'ok', text }));
}

/** The form's assessment for a report, or null (with the fields marked) when it is not valid. */
function reportable() {
  const a = readForm();
  try {
    return rx.validateAssessment({ assessment: a });
  } catch (e) {
    touched.add('*');
    fieldIssues = group(issuesOf(e, true));
    renderIssues();
    downloadStatus(t('cannot_report'), true);
    return null;
  }
}

function downloadReport(format) {
  const a = reportable();
  if (!a) return;
  const stem = fileSafe(a.id);
  const r = rx.report({ assessment: a, report: { format, lang, chart_prefix: stem } });
  if (format === 'html') {
    const name = `${stem}-report.html`;
    download(name, new Blob([r.text], { type: 'text/html' }));
    downloadStatus(t('downloaded')(name));
  } else {
    const name = `${stem}-report.zip`;
    download(name, zip([{ name: `${stem}-report.md`, text: r.text }, ...r.charts.map((c) => ({ name: c.name, text: c.svg }))]));
    downloadStatus(t('downloaded')(name));
  }
}

function downloadChart(kind) {
  const name = `${fileSafe(shown?.id ?? 'community')}-${kind}.svg`;
  download(name, new Blob([charts[kind]], { type: 'image/svg+xml' }));
  downloadStatus(t('downloaded')(name));
}

// ---------------------------------------------------------------------------------------------
// save, load, autosave
// ---------------------------------------------------------------------------------------------

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
  download(name, new Blob([`${text}\n`], { type: 'application/json' }));
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
    setDraftStatus(null);
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
  changed();
}

let storageOk = true;

/** Keeps the form (and the comparison's choices) in this browser, so a reload loses nothing. */
function saveDraft() {
  const draft = {
    saved_at: new Date().toISOString(),
    assessment: readForm(),
    touched: [...touched],
    compare: { current: $('#cmp-current').checked, cases: [...document.querySelectorAll('#cmp-cases input:checked')].map((x) => x.value) },
  };
  try {
    localStorage.setItem(DRAFT_KEY, JSON.stringify(draft));
  } catch {
    if (storageOk) setDraftStatus(() => [el('p', { class: 'error', text: t('draft_failed') })]);
    storageOk = false;
  }
}

function readDraft() {
  try {
    const d = JSON.parse(localStorage.getItem(DRAFT_KEY) ?? 'null');
    return d && typeof d.assessment === 'object' && d.assessment?.ratings ? d : null;
  } catch {
    return null;
  }
}

function whenText(iso) {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : d.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

/** After every change by the user: the results, the comparison and the draft. */
function changed() {
  update();
  renderCompare();
  saveDraft();
}

function clearForm() {
  loadIssues = {};
  loadName = '';
  loadText = null;
  touched = new Set();
  setStatus(null);
  try { localStorage.removeItem(DRAFT_KEY); } catch { /* no storage */ }
  writeForm(rx.newAssessment({ id: newId(), name: '' }));
  setDraftStatus(() => [el('p', { class: 'ok', text: t('cleared') })]);
  update();
  renderCompare();
}

function askClear() {
  const dlg = $('#confirm-clear');
  dlg.returnValue = '';
  dlg.addEventListener('close', () => {
    if (dlg.returnValue === 'clear') clearForm();
    $('#reset').focus();
  }, { once: true });
  dlg.showModal();
}

// ---------------------------------------------------------------------------------------------
// compare: the form's community, the reference cases and saved files
// ---------------------------------------------------------------------------------------------

let cases = []; // rx.cases(): the reference cases A, B, C

function buildCasePicks() {
  $('#cmp-cases').replaceChildren(...cases.map((c) =>
    el('label', {}, el('input', { type: 'checkbox', value: c.id, id: `cmp-${c.id}` }), ' ', el('span', { 'data-case-label': c.id }))));
}

/** A community's name; a reference case's in the page's language (`A社区 · Community A` → `A社区`). */
function caseName(c) {
  const parts = cases.some((x) => x.id === c.id) ? c.name.split(' · ') : [c.name];
  return parts.length === 2 ? parts[lang === 'zh' ? 0 : 1] : c.name;
}

async function readCompare(files) {
  compareFiles = await Promise.all([...files].map(async (f) => ({ name: f.name, text: await f.text() })));
  renderCompare();
}

/** What takes part in the comparison: [{source, assessment}] and the files with problems. */
function compareInputs() {
  const inputs = [];
  const problems = [];
  if ($('#cmp-current').checked && shown) {
    try {
      inputs.push({ source: t('source_form'), assessment: rx.validateAssessment({ assessment: shown }) });
    } catch {
      /* the form's own problems are shown next to its fields */
    }
  }
  for (const c of cases) if ($(`#cmp-${c.id}`).checked) inputs.push({ source: `${t('source_case')} ${caseName(c)}`, assessment: c });
  for (const f of compareFiles) {
    try {
      inputs.push({ source: f.name, assessment: rx.parseAssessment({ text: f.text }) });
    } catch (e) {
      problems.push(el('div', { class: 'error' }, el('p', { text: t('compare_invalid')(f.name) }),
        el('ul', { class: 'issues' }, ...issuesOf(e, false).map((i) => el('li', { text: issueText(i) })))));
    }
  }
  return { inputs, problems };
}

function renderCompare() {
  const out = $('#compare-out');
  const { inputs, problems } = compareInputs();
  const parts = [...problems];
  $('#compare').classList.remove('has-results');
  if (inputs.length < 2) {
    parts.push(el('p', { class: 'hint', text: t('compare_none') }));
    out.replaceChildren(...parts);
    return;
  }
  const valid = inputs.map((x) => x.assessment);
  let c;
  try {
    c = rx.compare({ assessments: valid });
  } catch (e) {
    // e.g. two communities with the same id: name the one it concerns, in plain words
    for (const i of issuesOf(e, false)) {
      const at = i.path[0] === 'assessments' && typeof i.path[1] === 'number' ? inputs[i.path[1]] : null;
      const msg = plainMessage({ ...i, path: i.path });
      parts.push(el('p', { class: 'error', id: 'compare-error' }, at ? `${at.source}${t('colon')}${msg}` : msg));
      if (i.path[i.path.length - 1] === 'id') parts.push(el('p', { class: 'hint', text: t('compare_dup_hint') }));
    }
    out.replaceChildren(...parts);
    return;
  }
  const byId = Object.fromEntries(c.rows.map((r) => [r.id, r]));
  const heads = { rank: L.ui.rank, community: L.ui.community, mode: L.ui.mode, level: L.ui.overall_level, score: L.ui.overall_score, rated: t('compare_rated') };
  parts.push(el('h3', { text: L.ui.ranking }));
  parts.push(el('table', { id: 'ranking', class: 'stack' },
    el('thead', {}, el('tr', {}, ...Object.values(heads).map((h) => el('th', { scope: 'col', text: h })))),
    el('tbody', {}, ...c.ranking.map((r) => {
      const row = byId[r.id];
      const cov = coverage(row.scorecard);
      const name = caseName(row);
      return el('tr', { 'data-id': r.id, class: cov.partial ? 'partial' : null },
        td(heads.rank, { text: r.rank == null ? '—' : `${r.rank}${r.tied ? ` (${L.ui.tied})` : ''}` }),
        el('th', { scope: 'row' }, name, cov.partial ? el('span', { class: 'flag', text: `⚠ ${t('partial_short')}` }) : null),
        td(heads.mode, { text: row.mode ? L.modes[row.mode] : '—' }),
        levelCell(row.scorecard.overall, heads.level),
        td(heads.score, { text: r.score == null ? '—' : fmt(r.score) }),
        td(heads.rated, { class: cov.partial ? 'partial' : null, text: `${cov.rated}/${cov.total}` }));
    }))));
  const svg = rx.comparisonTable({ assessments: valid, chart: { lang, id_prefix: 'page-cmp' } }).svg;
  const fig = el('figure', {}, el('div', { id: 'compare-table', class: 'chart scroll' }));
  fig.firstChild.innerHTML = svg;
  parts.push(fig);
  parts.push(el('div', { class: 'actions' },
    el('button', { type: 'button', class: 'secondary', id: 'dl-cmp-html', text: t('dl_cmp_html') }),
    el('button', { type: 'button', class: 'secondary', id: 'dl-cmp-svg', text: t('dl_cmp_svg') })));
  parts.push(el('h3', { text: L.ui.extremes }));
  const names = (ids) => ids.map((id) => (byId[id] ? caseName(byId[id]) : id)).join(L.ui.separator) || '—';
  parts.push(el('table', { id: 'extremes', class: 'stack' },
    el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: L.ui.dimension }), el('th', { scope: 'col', text: L.ui.best }), el('th', { scope: 'col', text: L.ui.worst }))),
    el('tbody', {}, ...c.extremes.map((x) => el('tr', {}, el('th', { scope: 'row', text: dimLabel(x.dimension) }), td(L.ui.best, { text: names(x.best) }), td(L.ui.worst, { text: names(x.worst) }))))));
  out.replaceChildren(...parts);
  $('#compare').classList.add('has-results');
  $('#dl-cmp-html').addEventListener('click', () => {
    const r = rx.comparisonReport({ assessments: valid, report: { format: 'html', lang } });
    download('comparison-report.html', new Blob([r.text], { type: 'text/html' }));
  });
  $('#dl-cmp-svg').addEventListener('click', () => download('comparison.svg', new Blob([svg], { type: 'image/svg+xml' })));
}

// ---------------------------------------------------------------------------------------------
// language
// ---------------------------------------------------------------------------------------------

let agreeSection = null; // the several-coders section (agree.js)

function applyLang() {
  rx.setLang(lang); // the core's messages (errors, issues) in the page's language
  L = rx.labels({ lang });
  agreeSection?.render();
  try { localStorage.setItem(LANG_KEY, lang); } catch { /* no storage */ }
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
  for (const e of document.querySelectorAll('option[data-level]')) e.textContent = levelLabel(e.dataset.level);
  for (const e of document.querySelectorAll('[data-case-label]')) e.textContent = `${t('source_case')} ${caseName(cases.find((c) => c.id === e.dataset.caseLabel))}`;
  for (const [sel, items] of [['#mode', null], ['#phase', L.phases]]) {
    const s = $(sel);
    const v = s.value;
    // modes in 表2's order
    const entries = items ? Object.entries(items) : rx.modesTable().map((m) => [m.mode, L.modes[m.mode]]);
    s.replaceChildren(el('option', { value: '', text: t('unspecified') }), ...entries.map(([id, text]) => el('option', { value: id, text })));
    s.value = v;
  }
  renderLegend();
  update();
  setStatus(statusFn);
  setDraftStatus(draftFn);
  renderCompare();
}

// ---------------------------------------------------------------------------------------------
// start
// ---------------------------------------------------------------------------------------------

function fromForm(ev) {
  const fs = ev.target.closest('[data-dim]');
  touched.add(fs ? fs.dataset.dim : ev.target.id);
  changed();
}

async function main() {
  await init();
  fw = rx.frameworkPaper();
  const asked = new URLSearchParams(location.search).get('lang');
  let stored = null;
  try { stored = localStorage.getItem(LANG_KEY); } catch { /* no storage */ }
  lang = (asked ?? stored) === 'en' ? 'en' : 'zh';
  rx.setLang(lang);
  L = rx.labels({ lang });
  applyLevelColours();
  cases = rx.cases();
  buildForm();
  buildCasePicks();
  historyView = createHistory({ rx, el, L: () => L, lang: () => lang, current: historyCurrent, currentId: () => readForm().id.trim(), nodeLabel });
  $('#compare').before(historyView.section);
  const draft = readDraft();
  if (draft) {
    writeForm(draft.assessment);
    touched = new Set(Array.isArray(draft.touched) ? draft.touched : []);
    $('#cmp-current').checked = draft.compare?.current !== false;
    for (const id of draft.compare?.cases ?? []) { const box = $(`#cmp-${id}`); if (box) box.checked = true; }
    setDraftStatus(() => [el('p', { class: 'ok', text: t('draft_restored')(whenText(draft.saved_at)) })]);
  } else {
    writeForm(rx.newAssessment({ id: newId(), name: '' }));
  }
  for (const r of document.querySelectorAll('input[name=lang]')) {
    r.checked = r.value === lang;
    r.addEventListener('change', () => { lang = r.value; applyLang(); });
  }
  const form = $('#form');
  form.addEventListener('input', fromForm);
  form.addEventListener('change', (ev) => { if (ev.target.type !== 'file') fromForm(ev); });
  form.addEventListener('submit', (ev) => ev.preventDefault());
  $('#save').addEventListener('click', save);
  $('#load').addEventListener('change', (ev) => {
    const f = ev.target.files?.[0];
    if (f) load(f).finally(() => { ev.target.value = ''; });
  });
  $('#reset').addEventListener('click', askClear);
  $('#print').addEventListener('click', () => window.print());
  $('#dl-html').addEventListener('click', () => downloadReport('html'));
  $('#dl-md').addEventListener('click', () => downloadReport('markdown'));
  $('#dl-radar').addEventListener('click', () => downloadChart('radar'));
  $('#dl-bars').addEventListener('click', () => downloadChart('bars'));
  $('#compare-pick').addEventListener('change', () => { renderCompare(); saveDraft(); });
  $('#compare-files').addEventListener('change', (ev) => readCompare(ev.target.files ?? []));
  // charts are laid out again by the core for the new width (text keeps its size)
  let resizeTimer = 0;
  let lastWidth = window.innerWidth;
  window.addEventListener('resize', () => {
    if (window.innerWidth === lastWidth) return;
    lastWidth = window.innerWidth;
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(update, 150);
  });
  $('#loading').hidden = true;
  form.hidden = false;
  $('#results').hidden = false;
  $('#compare').hidden = false;
  $('#bar').hidden = false;
  agreeSection = setupAgree(rx, () => lang, el);
  applyLang();
  setupUncertainty(rx, () => lang);
  setupQca(rx, () => lang);
  setupIndicators(rx, () => lang);
  document.body.dataset.ready = '1';
  // offline after the first visit: the service worker keeps the page, its script and the .wasm
  if ('serviceWorker' in navigator && location.protocol !== 'file:') {
    navigator.serviceWorker.register('sw.js').then(() => { document.body.dataset.offline = 'registered'; }, () => {});
  }
}

main().catch((e) => {
  if (window.renxingBootFail) window.renxingBootFail('failed', e.message);
  else $('#loading').textContent = `${t('start_failed')}${e.message}`;
  throw e;
});

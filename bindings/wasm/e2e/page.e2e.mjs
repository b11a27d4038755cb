// End-to-end tests of the self-assessment page (bindings/wasm/www) in headless Chromium.
// Serves the page with python3 -m http.server on 127.0.0.1 and uses it as a street-office user
// would (by accessible labels):
//   - the whole flow at desktop width: fill the form, levels and remedies, language switch, save,
//     reload (the draft comes back), clear with confirmation, load the file back, invalid files
//     (the core's messages next to their fields, in the page's language), compare files;
//   - at desktop and at 375 px width, one test each for: printing and the downloads (the core's
//     HTML report, the Markdown report with its SVG charts, each chart), messages in plain words
//     at their fields, autosave and restore with unique ids, the reference cases in the
//     comparison, partly rated communities flagged where ranked, the narrow layout, offline use
//     (service worker) and the message when opened from disk, one colour scale for levels.
// Fails on any console error or warning, failed request or request that leaves the local server.
// Screenshots (and the downloaded files) go to test-output/wasm/. Run by scripts/test-wasm.sh.
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import assert from 'node:assert/strict';
import { launch } from '../../../scripts/browser/launch.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');
const www = join(here, '..', 'www');
const golden = join(root, 'tests', 'golden');
const shots = join(root, 'test-output', 'wasm');
mkdirSync(shots, { recursive: true });
const rx = createRequire(import.meta.url)('../pkg-node/renxing_wasm.js');
const caseFile = (c) => join(golden, 'inputs', `case-${c}.json`);
const caseA = rx.parseAssessment({ text: readFileSync(caseFile('a'), 'utf8') });

const freePort = () =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

async function serve() {
  const port = await freePort();
  const server = spawn('python3', ['-m', 'http.server', '--bind', '127.0.0.1', String(port), '--directory', www], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  server.stderr.on('data', (d) => (log += d));
  const url = `http://127.0.0.1:${port}/`;
  for (let i = 0; i < 100; i++) {
    try {
      const r = await fetch(url);
      if (r.ok) return { server, url, log: () => log };
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  server.kill();
  throw new Error(`the static server did not start: ${log}`);
}

const problems = [];
const { server, url } = await serve();
const context = await launch();

/** Records a page's console errors and warnings, failed and external requests as problems. */
function watch(page, tag, base = url) {
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${tag}: console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`${tag}: page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`${tag}: request failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`${tag}: HTTP ${r.status()}: ${r.url()}`);
  });
  page.on('request', (r) => {
    if (!r.url().startsWith(base) && !r.url().startsWith('blob:') && !r.url().startsWith('data:')) {
      problems.push(`${tag}: external request: ${r.url()}`);
    }
  });
}

async function ready(page) {
  await page.waitForSelector('body[data-ready="1"]', { timeout: 20000 });
}

/** A new page at a width, on the page with nothing saved in the browser. */
async function freshPage(width, tag, query = '') {
  const page = await context.newPage();
  watch(page, tag);
  await page.setViewportSize({ width, height: width < 600 ? 812 : 900 });
  await page.goto(url + query);
  await ready(page);
  await page.evaluate(() => localStorage.clear());
  await page.goto(url + query);
  await ready(page);
  return page;
}

const dimOf = (page, id) => page.locator(`fieldset[data-dim="${id}"]`);

async function rateLevel(page, id, levelText, how = '直接选择等级', levelLabel = '等级') {
  await dimOf(page, id).getByLabel(how).check();
  await dimOf(page, id).getByLabel(levelLabel, { exact: true }).selectOption({ label: levelText });
}

/** Clears the form through its confirmation dialog (the dialog closes asynchronously). */
async function clearForm(page, reset = '清空表单', yes = '清空') {
  await page.getByRole('button', { name: reset }).click();
  await page.locator('#confirm-clear').waitFor({ state: 'visible' });
  await page.getByRole('button', { name: yes, exact: true }).click();
  await page.locator('#confirm-clear').waitFor({ state: 'hidden' });
  await page.waitForFunction(() => document.querySelector('#name').value === '');
}

async function downloadOf(page, click) {
  const [d] = await Promise.all([page.waitForEvent('download'), click()]);
  const path = join(shots, d.suggestedFilename());
  await d.saveAs(path);
  return { name: d.suggestedFilename(), path, text: readFileSync(path, 'utf8') };
}

const hexRgb = (h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
const cssRgb = (s) => s.match(/\d+/g).slice(0, 3).map(Number);
const lin = (c) => { c /= 255; return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
const luminance = ([r, g, b]) => 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
// Machado, Oliveira & Fernandes (2009), severity 1, on linear RGB
const CVD = {
  protanopia: [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
  deuteranopia: [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.01182, 0.04294, 0.968881]],
  tritanopia: [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.3039]],
};
const simLuminance = (rgb, m) => {
  const l = rgb.map(lin);
  const s = m.map((row) => Math.min(1, Math.max(0, row[0] * l[0] + row[1] * l[1] + row[2] * l[2])));
  return 0.2126 * s[0] + 0.7152 * s[1] + 0.0722 * s[2];
};

/** The core's level fills: the patterns of its attribute bar chart (`rx-lv1` … lowest first). */
const coreFills = [...rx.attributeBars({ assessment: caseA }).svg.matchAll(/<pattern id="rx-lv(\d)"[^>]*><rect [^>]*fill="(#[0-9a-f]{6})"/g)].map((m) => m[2]);
assert.equal(coreFills.length, 3);

/** Checks every table cell under `sel`: no cell squeezed to one or two characters per line. */
async function cellsReadable(page, sel) {
  const bad = await page.locator(sel).evaluateAll((cells) => cells.flatMap((c) => {
    const chars = c.textContent.replace(/\s+/g, '').length;
    if (chars < 3) return [];
    const range = document.createRange();
    range.selectNodeContents(c);
    const tops = [];
    for (const r of range.getClientRects()) if (r.width > 0 && !tops.some((t) => Math.abs(t - r.top) < 4)) tops.push(r.top);
    return chars / Math.max(1, tops.length) < 3 ? [`${c.textContent.trim()} (${tops.length} lines)`] : [];
  }));
  assert.deepEqual(bad, [], `cells squeezed under ${sel}`);
}

/** The smallest rendered font size (px) of the text of the SVGs under `sel`. */
async function smallestChartText(page, sel) {
  return page.locator(`${sel} svg`).evaluateAll((svgs) => Math.min(...svgs.flatMap((svg) => {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    return [...svg.querySelectorAll('text')].map((t) => Number(t.getAttribute('font-size') ?? 16) * scale);
  })));
}

let step = 'start';
async function run(name, fn) {
  step = name;
  try {
    await fn();
  } catch (e) {
    problems.push(`step "${step}": ${e.stack ?? e}`);
  }
}

// -------------------------------------------------------------------------------------------
// the whole flow at desktop width
// -------------------------------------------------------------------------------------------

await run('flow', async () => {
  const page = await context.newPage();
  watch(page, 'flow');
  await page.setViewportSize({ width: 1200, height: 900 });

  step = 'load the page';
  await page.goto(url);
  await ready(page);
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-Hans');

  step = 'keyboard: the first tab stops are the skip link and the language choice';
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'skip');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('name')), 'lang');

  step = "fill the form with case A's profile (zh)";
  await page.getByLabel('社区名称').fill('河畔社区');
  await page.getByLabel('编号', { exact: true }).fill('hepan-2024');
  await page.getByLabel('“三社联动”模式').selectOption('social_worker_driven');
  const dim = (id) => dimOf(page, id);
  // by level
  for (const id of ['resource_linkage', 'rules', 'emergency_knowledge', 'volunteer_teams', 'it_use']) await rateLevel(page, id, '低');
  // by the paper's two questions
  await dim('needs_met').getByLabel('两个问题').check(); // not coped → low
  await dim('government_connectivity').getByLabel('两个问题').check();
  await dim('resident_connectivity').getByLabel('两个问题').check();
  await dim('resident_connectivity').getByLabel(/有效应对了风险/).check();
  await dim('resident_connectivity').getByLabel(/得到发展/).check();
  assert.match(await dim('resident_connectivity').locator('.derived').innerText(), /高/);
  await dim('needs_met').getByLabel('证据备注(每行一条)').fill('社工话语权过小\n访谈 3');

  step = 'check the levels and the remedies (zh)';
  const cell = (key) => page.locator(`#columns-table tr[data-key="${key}"] td`).first();
  assert.equal(await cell('robustness').innerText(), '低');
  assert.equal(await cell('redundancy').innerText(), '低');
  assert.equal(await cell('connectivity.government_connectivity').innerText(), '低');
  assert.equal(await cell('connectivity.resident_connectivity').innerText(), '高');
  assert.equal(await cell('overall').innerText(), '低');
  assert.match(await page.locator('#summary').innerText(), /河畔社区.综合等级 低.得分 16\.7/);
  assert.equal(await page.getAttribute('#summary', 'aria-live'), 'polite');
  const remedyIds = await page.locator('#remedies > li').evaluateAll((ls) => ls.map((l) => l.dataset.id));
  const { phase: _casePhase, ...caseANoPhase } = caseA; // the form has no phase yet
  const expected = rx.diagnose({ assessment: caseANoPhase }).remedies.map((r) => r.id);
  assert.deepEqual(remedyIds, expected, 'the page shows the core remedies of case A, in order');
  // the source is shown as the seed's citation, not its file name (kept as data-source)
  assert.match(await page.locator('#remedies li[data-id="government_responsiveness"]').innerText(), /提升政府对“三社联动”的回应性[\s\S]*来源:彭建军, 谭静\. 基于多案例比较的“三社联动”社区韧性分析与优化\. 南华大学学报\(社会科学版\), 2022年2期\./);
  assert.doesNotMatch(await page.locator('#diagnosis').innerText(), /\.txt/);
  assert.equal(await page.getAttribute('#remedies li[data-id="government_responsiveness"]', 'data-source'), '000_ebdaebbf0bcb582b.txt');
  assert.equal(await page.locator('#plan-ahead').count(), 0, 'no phase, no plan ahead');
  assert.equal(await page.locator('#remedies li[data-id="resident_deliberation"]').count(), 0);
  assert.equal(await page.getAttribute('#nearest-case', 'data-case'), 'case-a');
  assert.match(await page.locator('#mode-defects').innerText(), /权责匹配模糊/);
  assert.match(await page.locator('#radar svg').innerHTML(), /满足需求/);
  await page.screenshot({ path: join(shots, '1-case-a-zh.png') });
  await page.screenshot({ path: join(shots, '1-case-a-zh-full.png'), fullPage: true });

  step = 'switch to English';
  await page.getByLabel('English').check();
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal(await page.locator('h1').innerText(), 'Community resilience self-assessment');
  assert.equal(await cell('robustness').innerText(), 'Low');
  assert.equal(await cell('connectivity.resident_connectivity').innerText(), 'High');
  assert.match(await page.locator('#diagnosis').innerText(), /Remedies/);
  assert.match(await page.locator('#remedies li[data-id="government_responsiveness"]').innerText(), /Make government answer the linkage's requests[\s\S]*Source: Peng Jianjun, Tan Jing\./);
  assert.match(await page.locator('#radar svg').innerHTML(), /Needs met/);
  assert.equal(await dim('needs_met').locator('legend').first().innerText(), 'Needs met');
  assert.equal(await page.getByLabel('Community name').inputValue(), '河畔社区');
  await dim('government_connectivity').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shots, '2-case-a-en.png') });

  step = 'save the assessment as a JSON file';
  const saved = await downloadOf(page, () => page.getByRole('button', { name: 'Save as a JSON file' }).click());
  assert.equal(saved.name, 'hepan-2024.json');
  const savedPath = saved.path;
  const savedText = saved.text;
  const savedJson = JSON.parse(savedText);
  assert.equal(savedJson.schema_version, 1);
  assert.equal(savedJson.name, '河畔社区');
  assert.equal(savedJson.mode, 'social_worker_driven');
  assert.deepEqual(savedJson.ratings.resident_connectivity, { coped: true, developed: true });
  assert.deepEqual(savedJson.ratings.rules, { level: 'low' });
  assert.deepEqual(savedJson.ratings.needs_met.evidence, [{ note: '社工话语权过小' }, { note: '访谈 3' }]);
  // the file format of the core (and so of the CLI and Python)
  assert.equal(savedText.trim(), rx.formatAssessment({ assessment: rx.parseAssessment({ text: savedText }) }).text);
  assert.equal(rx.score({ assessment: savedJson }).overall.level, 'low');

  step = 'reload: the draft comes back; clear it (confirmed) and load the saved file';
  await page.goto(`${url}?lang=en`);
  await ready(page);
  assert.equal(await page.getByLabel('Community name').inputValue(), '河畔社区', 'the draft is restored');
  assert.match(await page.locator('#draft-status').innerText(), /Restored the draft/);
  page.once('dialog', () => problems.push('flow: a native dialog opened'));
  await clearForm(page, 'Clear the form', 'Clear');
  assert.equal(await page.getByLabel('Community name').inputValue(), '');
  await page.getByLabel('Load an assessment file (JSON)').setInputFiles(savedPath);
  await page.locator('#load-status .ok').waitFor();
  assert.equal(await page.getByLabel('Community name').inputValue(), '河畔社区');
  assert.equal(await page.getByLabel('Linkage mode').inputValue(), 'social_worker_driven');
  assert.equal(await dim('resident_connectivity').getByLabel('Two questions').isChecked(), true);
  assert.equal(await dim('needs_met').getByLabel('Evidence notes (one per line)').inputValue(), '社工话语权过小\n访谈 3');
  assert.equal(await cell('overall').innerText(), 'Low');
  assert.equal(await cell('connectivity.resident_connectivity').innerText(), 'High');

  step = 'load an invalid file: the problems are shown next to their fields';
  const bad = { ...savedJson, name: '', ratings: { ...savedJson.ratings, rules: { level: 'excellent' } } };
  delete bad.ratings.it_use;
  await page.getByLabel('Load an assessment file (JSON)').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
  await page.locator('#load-status .error').waitFor();
  assert.match(await page.locator('#load-status').innerText(), /broken\.json has 3 problems and was not loaded/);
  assert.match(await page.locator('#err-name').innerText(), /broken\.json: Community name: must not be empty/);
  assert.equal(await page.getAttribute('#name', 'aria-invalid'), 'true');
  assert.match(await page.locator('#d-rules-err').innerText(), /Rules and regulations · Level: "excellent" is not a level/);
  assert.equal(await dim('rules').getAttribute('aria-invalid'), 'true');
  assert.match(await page.locator('#d-it_use-err').innerText(), /Information technology use: dimension "it_use" is missing/);
  assert.equal(await page.getByLabel('Community name').inputValue(), '河畔社区', 'the invalid file did not replace the form');
  await page.locator('#load-status').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shots, '3-invalid-file-en.png') });
  await dim('rules').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shots, '3b-invalid-file-field-en.png') });
  // the same problems in Chinese after a language switch: the core's messages, at the same fields
  await page.getByLabel('中文').check();
  assert.match(await page.locator('#load-status').innerText(), /文件 broken\.json 有 3 处问题,未读取[\s\S]*社区名称:不能为空/);
  assert.equal(await page.locator('#load-status a[href="#d-rules"]').innerText(), '规章制度 · 等级');
  assert.match(await page.locator('#err-name').innerText(), /broken\.json:社区名称:不能为空/);
  assert.match(await page.locator('#d-rules-err').innerText(), /规章制度 · 等级:"excellent" 不是等级/);
  assert.match(await page.locator('#d-it_use-err').innerText(), /信息技术运用:缺少维度 "it_use"/);
  await dim('rules').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shots, '3c-invalid-file-field-zh.png') });
  // a field the user empties is marked from the form's own validation, in the page's language
  await page.getByLabel('社区名称').fill('');
  assert.match(await page.locator('#err-name').innerText(), /^社区名称:不能为空/);
  await page.getByLabel('English').check();
  assert.match(await page.locator('#err-name').innerText(), /^Community name: must not be empty/);
  await page.getByLabel('Community name').fill('河畔社区');
  assert.doesNotMatch(await page.locator('#err-name').innerText(), /^Community name: must not be empty/);
  // a file that is not JSON at all
  await page.getByLabel('Load an assessment file (JSON)').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"schema_version": 1,') });
  await page.locator('#load-status .error').waitFor();
  assert.match(await page.locator('#load-status').innerText(), /notes\.json has 1 problem[\s\S]*The whole file: assessment is not valid JSON \(line 1/);

  step = 'compare several saved files';
  const files = ['a', 'b', 'c'].map(caseFile);
  await page.getByLabel('Add saved assessment files (several at once)').setInputFiles([...files, savedPath]);
  // the form's community (hepan-2024) and its saved file share an id: said in plain words
  await page.locator('#compare-error').waitFor();
  assert.match(await page.locator('#compare-out').innerText(), /hepan-2024\.json: duplicate id "hepan-2024"[\s\S]*Two communities have the same ID/);
  await page.getByLabel('The community in the form').uncheck();
  await page.locator('#ranking').waitFor();
  const ranking = await page.locator('#ranking tbody tr').evaluateAll((rs) => rs.map((r) => r.dataset.id));
  assert.deepEqual(ranking, ['case-c', 'case-b', 'case-a', 'hepan-2024']);
  assert.match(await page.locator('#ranking tbody tr').nth(2).innerText(), /3 \(tied\)/);
  assert.equal(await page.locator('#compare-table svg').count(), 1);
  await page.locator('#compare').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shots, '4-compare-en.png') });
  await page.getByLabel('中文').check();
  assert.match(await page.locator('#compare-out').innerText(), /排名/);
  assert.match(await page.locator('#load-status').innerText(), /notes\.json 有 1 处问题[\s\S]*整个文件:评估不是有效的 JSON\(第 1 行/);
  await page.locator('#compare').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shots, '5-compare-zh.png') });

  step = 'rank intervals of an indicator upload (issue 11)';
  await page.getByLabel('上传指标数据(CSV)').setInputFiles(join(root, 'examples', 'uncertainty', 'communities-12.csv'));
  await page.locator('#unc-chart svg').waitFor();
  assert.equal(await page.locator('#unc-chart svg g.rx-unit').count(), 12);
  assert.match(await page.locator('#unc-chart svg title').first().textContent(), /排名区间/);
  const uncRows = await page.locator('#unc-table tbody tr').evaluateAll((rs) => rs.map((r) => r.dataset.id));
  assert.equal(uncRows.length, 12);
  assert.equal(uncRows[0], 'xiyuan'); // first in every run
  assert.match(await page.locator('#unc-top').innerText(), /^影响最大的选择:(权重扰动|集成方法)/);
  // the same numbers as the core gives in Node
  const csvText = readFileSync(join(root, 'examples', 'uncertainty', 'communities-12.csv'), 'utf8');
  const nodeR = rx.robustness({ data: rx.readIndicators({ text: csvText }), pipeline: { steps: [{ step: 'normalise' }, { step: 'aggregate' }, { step: 'band', levels: ['low', 'medium', 'high'], thresholds: [40, 60], targets: ['overall'] }] }, uncertainty: { factors: [{ factor: 'weight_noise', share: 0.25 }, { factor: 'aggregation', methods: [{ method: 'arithmetic' }, { method: 'geometric' }] }], runs: 1000, seed: 0, pairwise: false }, charts: false });
  const xi = nodeR.uncertainty.unit_stats.find((u) => u.id === 'nanshan');
  assert.match(await page.locator('#unc-table tr[data-id=nanshan]').innerText(), new RegExp(`${xi.nominal_rank}\\s+${Number(xi.rank.median.toFixed(2))}\\s`));
  await page.locator('#uncertainty').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shots, '6-uncertainty-zh.png') });
  await page.getByLabel('English').check();
  await page.locator('#unc-chart svg').waitFor();
  assert.match(await page.locator('#uncertainty h2').innerText(), /How robust is the ranking/);
  assert.match(await page.locator('#unc-chart svg title').first().textContent(), /Rank intervals/);
  assert.match(await page.locator('#unc-top').innerText(), /^The choice that matters most: /);
  // a cell that is not a number: the core's message, located
  await page.getByLabel('Upload indicator data (CSV)').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('unit,a/x,a/y\nu1,1,2\nu2,zwei,3\n') });
  await page.locator('#unc-error').waitFor();
  assert.match(await page.locator('#unc-error').innerText(), /bad\.csv[\s\S]*"zwei" is not a number/);
  await page.getByLabel('中文').check();
  await page.close();
});

// -------------------------------------------------------------------------------------------
// each part of issue 14, at desktop width and at 375 px
// -------------------------------------------------------------------------------------------

async function loadCaseA(page) {
  await page.locator('#load').setInputFiles(caseFile('a'));
  await page.locator('#load-status .ok').waitFor();
}

for (const [width, tag] of [[1200, 'desktop'], [375, '375px']]) {
  const shot = (name) => join(shots, `${tag}-${name}.png`);

  await run(`${tag}: print the results only`, async () => {
    const page = await freshPage(width, tag);
    await loadCaseA(page);
    await page.evaluate(() => { window.printed = 0; window.print = () => { window.printed += 1; }; });
    await page.getByRole('button', { name: '打印结果' }).click();
    assert.equal(await page.evaluate(() => window.printed), 1);
    await page.emulateMedia({ media: 'print' });
    for (const hidden of ['#form', '#downloads', '.jump', 'fieldset.lang', '#bar', '#compare', 'footer']) {
      assert.equal(await page.locator(hidden).isVisible(), false, `${hidden} is not printed`);
    }
    for (const shown of ['h1', '#summary', '#columns-table', '#dimensions-table', '#radar svg', '#bars svg', '#remedies']) {
      assert.equal(await page.locator(shown).isVisible(), true, `${shown} is printed`);
    }
    await page.screenshot({ path: shot('print-media'), fullPage: true });
    const pdf = await page.pdf({ path: join(shots, `${tag}-print.pdf`), format: 'A4', printBackground: true });
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    assert.ok(pages >= 1 && pages <= 4, `the printed results take ${pages} A4 pages`);
    // a comparison on screen is printed too, without its controls
    await page.emulateMedia({ media: 'screen' });
    await page.getByLabel(/参考案例 B社区/).check();
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('#ranking').isVisible(), true);
    assert.equal(await page.locator('#compare-pick').isVisible(), false);
    assert.equal(await page.locator('#compare-files').isVisible(), false);
    await page.emulateMedia({ media: 'screen' });
    await page.close();
  });

  await run(`${tag}: download the core's reports and charts`, async () => {
    const page = await freshPage(width, tag);
    await loadCaseA(page);
    const html = await downloadOf(page, () => page.getByRole('button', { name: '下载报告(HTML)' }).click());
    assert.equal(html.name, 'case-a-report.html');
    assert.equal(html.text, rx.report({ assessment: caseA, report: { format: 'html', lang: 'zh', chart_prefix: 'case-a' } }).text);
    assert.match(await page.locator('#download-status').innerText(), /已下载 case-a-report\.html/);
    const md = await downloadOf(page, () => page.getByRole('button', { name: '下载报告(Markdown 及图表,ZIP)' }).click());
    assert.equal(md.name, 'case-a-report.zip');
    const unzipped = JSON.parse(execFileSync('python3', ['-c',
      'import json, sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\nprint(json.dumps({n: z.read(n).decode("utf-8") for n in z.namelist()}))', md.path], { encoding: 'utf8' }));
    const want = rx.report({ assessment: caseA, report: { format: 'markdown', lang: 'zh', chart_prefix: 'case-a' } });
    assert.deepEqual(Object.keys(unzipped), ['case-a-report.md', ...want.charts.map((c) => c.name)]);
    assert.equal(unzipped['case-a-report.md'], want.text);
    for (const c of want.charts) {
      assert.equal(unzipped[c.name], c.svg);
      assert.ok(want.text.includes(c.name), `the Markdown links ${c.name}`);
    }
    const radar = await downloadOf(page, () => page.getByRole('button', { name: '下载雷达图(SVG)' }).click());
    assert.equal(radar.name, 'case-a-radar.svg');
    assert.match(radar.text, /^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"[\s\S]*满足需求[\s\S]*<\/svg>\s*$/);
    const bars = await downloadOf(page, () => page.getByRole('button', { name: '下载属性柱状图(SVG)' }).click());
    assert.equal(bars.name, 'case-a-bars.svg');
    assert.match(bars.text, /^<svg [\s\S]*稳健性[\s\S]*<\/svg>\s*$/);
    // English reports from the English page
    await page.getByLabel('English').check();
    const en = await downloadOf(page, () => page.getByRole('button', { name: 'Download the report (HTML)' }).click());
    assert.equal(en.text, rx.report({ assessment: caseA, report: { format: 'html', lang: 'en', chart_prefix: 'case-a' } }).text);
    // no report of an invalid form: the fields are marked and the user told why
    await page.getByLabel('Community name').fill('');
    let downloads = 0;
    page.on('download', () => { downloads += 1; });
    await page.getByRole('button', { name: 'Download the report (HTML)' }).click();
    await page.waitForTimeout(300);
    assert.equal(downloads, 0);
    assert.match(await page.locator('#download-status').innerText(), /needs the community's name and a valid ID/);
    assert.equal(await page.getAttribute('#name', 'aria-invalid'), 'true');
    await page.locator('#downloads').scrollIntoViewIfNeeded();
    await page.screenshot({ path: shot('downloads') });
    await page.close();
  });

  await run(`${tag}: messages in plain words at their fields`, async () => {
    const page = await freshPage(width, tag);
    await page.getByLabel('社区名称').fill('河畔社区');
    await page.getByLabel('社区名称').fill('');
    assert.equal(await page.locator('#err-name').innerText(), '社区名称:不能为空');
    assert.equal(await page.getAttribute('#name', 'aria-describedby'), 'err-name');
    // (the core reports a bad id only once the name is given: see the report)
    await page.getByLabel('社区名称').fill('河畔社区');
    await page.getByLabel('编号', { exact: true }).fill('河畔 社区/2024');
    assert.match(await page.locator('#err-id').innerText(), /^编号:"河畔 社区\/2024" 含有不允许的字符/);
    await page.getByLabel('编号', { exact: true }).fill('hepan-2024');
    assert.equal(await page.locator('#err-id').isVisible(), false);
    await page.getByLabel('社区名称').fill('');
    await dimOf(page, 'it_use').getByLabel('分数(0–100)', { exact: true }).first().check();
    await page.locator('#d-it_use-score').fill('120');
    assert.equal(await page.locator('#d-it_use-err').innerText(), '信息技术运用 · 分数(0–100):分数 120 必须在 0..=100 之内');
    assert.equal(await dimOf(page, 'it_use').getAttribute('aria-invalid'), 'true');
    assert.match(await dimOf(page, 'it_use').getAttribute('aria-describedby'), /d-it_use-err/);
    // a loaded file's problems: listed with the fields' labels, each a link to its field
    const bad = { ...caseA, name: ' ', ratings: { ...caseA.ratings, rules: { level: 'excellent' }, it_use: { score: 150 } } };
    await page.locator('#load').setInputFiles({ name: '草稿.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
    await page.locator('#load-status .error').waitFor();
    const links = await page.locator('#load-status li a').evaluateAll((as) => as.map((a) => [a.textContent, a.getAttribute('href')]));
    assert.deepEqual(links, [['社区名称', '#name'], ['信息技术运用 · 分数(0–100)', '#d-it_use'], ['规章制度 · 等级', '#d-rules']]);
    await page.locator('#load-status a[href="#d-rules"]').click();
    assert.equal(await page.evaluate(() => location.hash), '#d-rules');
    // no JSON path or English key anywhere in the messages of the Chinese page
    const zhText = (await page.locator('.error:not([hidden]), #load-status').allInnerTexts()).join('\n');
    assert.doesNotMatch(zhText, /ratings|assessment\.|\b(name|id|score|level)\b|\[\d+\]/);
    assert.match(zhText, /读取的文件 草稿\.json:规章制度 · 等级:"excellent" 不是等级/);
    await page.screenshot({ path: shot('messages-zh') });
    // the same in English
    await page.getByLabel('English').check();
    assert.equal(await page.locator('#d-it_use-err').innerText().then((s) => s.split('\n')[0]), 'Information technology use · Score (0–100): 120 must be within 0..=100');
    assert.match(await page.locator('#err-name').innerText(), /^Community name: must not be empty/);
    const enText = (await page.locator('.error:not([hidden]), #load-status').allInnerTexts()).join('\n');
    assert.doesNotMatch(enText, /ratings\.|assessment\.|\[\d+\]/);
    await page.close();
  });

  await run(`${tag}: autosave, restore, confirmation before clearing, unique ids`, async () => {
    const page = await freshPage(width, tag);
    const firstId = await page.getByLabel('编号', { exact: true }).inputValue();
    assert.match(firstId, /^community-\d{8}-[a-z2-9]{4}$/);
    await page.getByLabel('社区名称').fill('河畔社区');
    await rateLevel(page, 'needs_met', '高');
    await page.getByLabel('日期(可选)').fill('2024-05-01');
    await page.getByLabel(/参考案例 A社区/).check();
    await page.reload();
    await ready(page);
    assert.equal(await page.getByLabel('社区名称').inputValue(), '河畔社区');
    assert.equal(await page.getByLabel('编号', { exact: true }).inputValue(), firstId);
    assert.equal(await page.getByLabel('日期(可选)').inputValue(), '2024-05-01');
    assert.equal(await dimOf(page, 'needs_met').getByLabel('等级', { exact: true }).inputValue(), 'high');
    assert.equal(await page.getByLabel(/参考案例 A社区/).isChecked(), true);
    assert.match(await page.locator('#draft-status').innerText(), /已恢复本浏览器中自动保存的草稿/);
    await page.screenshot({ path: shot('draft-restored') });
    // clearing asks first; cancelling keeps everything
    await page.getByRole('button', { name: '清空表单' }).click();
    assert.equal(await page.locator('#confirm-clear').isVisible(), true);
    assert.match(await page.locator('#confirm-clear').innerText(), /清空表单?[\s\S]*无法恢复/);
    await page.screenshot({ path: shot('confirm-clear') });
    await page.getByRole('button', { name: '取消' }).click();
    await page.locator('#confirm-clear').waitFor({ state: 'hidden' });
    await page.waitForTimeout(100);
    assert.equal(await page.getByLabel('社区名称').inputValue(), '河畔社区');
    // confirming clears the form and the draft, with a new id
    await clearForm(page);
    assert.equal(await page.getByLabel('社区名称').inputValue(), '');
    const secondId = await page.getByLabel('编号', { exact: true }).inputValue();
    assert.match(secondId, /^community-\d{8}-[a-z2-9]{4}$/);
    assert.notEqual(secondId, firstId);
    await page.reload();
    await ready(page);
    assert.equal(await page.getByLabel('社区名称').inputValue(), '');
    assert.equal(await page.locator('#draft-status').innerText(), '');
    // two communities saved one after the other compare without an id clash
    await page.getByLabel('社区名称').fill('东社区');
    await rateLevel(page, 'rules', '高');
    const one = await downloadOf(page, () => page.getByRole('button', { name: '保存为 JSON 文件' }).click());
    await clearForm(page);
    await page.getByLabel('社区名称').fill('西社区');
    await page.getByLabel('编号', { exact: true }).fill('xi-2024'); // the id is editable
    await rateLevel(page, 'rules', '低');
    const two = await downloadOf(page, () => page.getByRole('button', { name: '保存为 JSON 文件' }).click());
    assert.equal(two.name, 'xi-2024.json');
    assert.notEqual(JSON.parse(one.text).id, JSON.parse(two.text).id);
    await page.getByLabel('表单中的社区').uncheck();
    await page.locator('#compare-files').setInputFiles([one.path, two.path]);
    await page.locator('#ranking').waitFor();
    assert.deepEqual(await page.locator('#ranking tbody tr').evaluateAll((rs) => rs.map((r) => r.dataset.id)), [JSON.parse(one.text).id, 'xi-2024']);
    assert.equal(await page.locator('#compare-error').count(), 0);
    await page.close();
  });

  await run(`${tag}: the reference cases one click away in the comparison`, async () => {
    const page = await freshPage(width, tag);
    await page.getByLabel('社区名称').fill('河畔社区');
    for (const id of ['needs_met', 'resource_linkage', 'rules', 'emergency_knowledge', 'volunteer_teams', 'it_use', 'government_connectivity', 'resident_connectivity']) {
      await rateLevel(page, id, '中');
    }
    const formId = await page.getByLabel('编号', { exact: true }).inputValue();
    assert.match(await page.locator('#compare-out').innerText(), /请至少选择两个社区/);
    for (const c of rx.cases()) await page.getByLabel(`参考案例 ${c.name.split(' · ')[0]}`).check();
    await page.locator('#ranking').waitFor();
    assert.deepEqual(await page.locator('#ranking tbody tr').evaluateAll((rs) => rs.map((r) => r.dataset.id)), ['case-c', 'case-b', formId, 'case-a']);
    assert.deepEqual(await page.locator('#ranking tbody th').allInnerTexts(), ['C社区', 'B社区', '河畔社区', 'A社区']);
    assert.equal(await page.locator('#compare-table svg').count(), 1);
    await page.locator('#compare').scrollIntoViewIfNeeded();
    await page.screenshot({ path: shot('compare-cases') });
    const report = await downloadOf(page, () => page.getByRole('button', { name: '下载比较报告(HTML)' }).click());
    assert.match(report.text, /^<!DOCTYPE html>[\s\S]*C社区[\s\S]*河畔社区/);
    await page.getByLabel('表单中的社区').uncheck();
    assert.deepEqual(await page.locator('#ranking tbody tr').evaluateAll((rs) => rs.map((r) => r.dataset.id)), ['case-c', 'case-b', 'case-a']);
    await page.reload();
    await ready(page);
    assert.equal(await page.getByLabel('表单中的社区').isChecked(), false);
    assert.deepEqual(await page.locator('#ranking tbody tr').evaluateAll((rs) => rs.map((r) => r.dataset.id)), ['case-c', 'case-b', 'case-a']);
    await page.getByLabel('English').check();
    assert.deepEqual(await page.locator('#ranking tbody th').allInnerTexts(), ['Community C', 'Community B', 'Community A']);
    await page.close();
  });

  await run(`${tag}: partly rated communities flagged where ranked`, async () => {
    const page = await freshPage(width, tag);
    await page.getByLabel('社区名称').fill('半评社区');
    for (const id of ['needs_met', 'resource_linkage', 'rules', 'emergency_knowledge', 'volunteer_teams', 'it_use', 'government_connectivity']) {
      await rateLevel(page, id, '高');
    }
    const formId = await page.getByLabel('编号', { exact: true }).inputValue();
    assert.match(await page.locator('#summary-partial').innerText(), /部分评级:只评了 7\/8 个维度/);
    assert.match(await page.locator('#bar-summary').innerText(), /已评 7\/8 个维度/);
    await page.getByLabel(/参考案例 A社区/).check();
    await page.getByLabel(/参考案例 C社区/).check();
    await page.locator('#ranking').waitFor();
    const row = page.locator(`#ranking tr[data-id="${formId}"]`);
    assert.equal(await row.getAttribute('class'), 'partial');
    assert.match(await row.innerText(), /半评社区[\s\S]*⚠ 部分评级[\s\S]*7\/8/);
    for (const c of ['case-a', 'case-c']) {
      const other = page.locator(`#ranking tr[data-id="${c}"]`);
      assert.equal(await other.getAttribute('class'), null);
      assert.match(await other.innerText(), /8\/8/);
      assert.doesNotMatch(await other.innerText(), /部分评级/);
    }
    await row.scrollIntoViewIfNeeded();
    await page.screenshot({ path: shot('partial') });
    await page.getByLabel('English').check();
    assert.match(await row.innerText(), /⚠ partly rated/);
    assert.match(await page.locator('#summary-partial').innerText(), /only 7 of 8 dimensions/);
    await rateLevel(page, 'resident_connectivity', 'High', 'Pick a level', 'Level');
    assert.equal(await page.locator('#summary-partial').count(), 0);
    assert.equal(await page.locator(`#ranking tr[data-id="${formId}"]`).getAttribute('class'), null);
    await page.close();
  });

  await run(`${tag}: the layout (summary in view, readable charts, tables that stack)`, async () => {
    const page = await freshPage(width, tag);
    await loadCaseA(page);
    await page.getByLabel(/参考案例 B社区/).check();
    await page.getByLabel(/参考案例 C社区/).check();
    await page.locator('#ranking').waitFor();
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no sideways scrolling');
    // while the form is filled in, the overall result stays in view
    await dimOf(page, 'it_use').scrollIntoViewIfNeeded();
    const inView = width < 600 ? '#bar' : '#summary';
    const box = await page.locator(inView).boundingBox();
    assert.ok(box && box.y >= -1 && box.y + box.height <= 812, `${inView} is in view while the form is filled in`);
    assert.match(await page.locator(inView).innerText(), /低/);
    if (width < 600) {
      assert.ok(box.y <= 1, 'the summary bar sticks to the top');
      assert.match(await page.locator('#bar').innerText(), /已评 8\/8 个维度[\s\S]*查看结果/);
      await page.screenshot({ path: shot('layout-bar') });
      await page.getByRole('link', { name: '查看结果' }).click();
      assert.ok((await page.locator('#results-h').boundingBox()).y < 400);
    } else {
      assert.equal(await page.locator('#bar').isVisible(), false);
    }
    // chart text at least 10 px, tables readable
    for (const sel of ['#radar', '#bars', '#compare-table']) {
      const px = await smallestChartText(page, sel);
      assert.ok(px >= 9.9, `${sel}: the smallest chart text is ${px.toFixed(1)} px`);
    }
    await cellsReadable(page, '#levels td, #levels th, #compare-out td, #compare-out th');
    if (width < 600) {
      assert.equal(await page.locator('#dimensions-table thead').isVisible(), false, 'tables stack on narrow screens');
      const row = page.locator('#dimensions-table tr[data-dim="rules"]');
      assert.equal(await row.innerText(), '规章制度\n稳健性\n低\n等级');
      const heads = await row.locator('td').evaluateAll((tds) => tds.map((c) => getComputedStyle(c, '::before').content));
      assert.deepEqual(heads, ['"属性"', '"等级"', '"来源"'], 'each stacked value is headed by its column');
    }
    await page.locator('#levels').scrollIntoViewIfNeeded();
    await page.screenshot({ path: shot('layout-tables') });
    await page.locator('#radar').scrollIntoViewIfNeeded();
    await page.screenshot({ path: shot('layout-radar') });
    await page.locator('#ranking').scrollIntoViewIfNeeded();
    await page.screenshot({ path: shot('layout-ranking') });
    await page.screenshot({ path: shot('layout-full'), fullPage: true });
    await page.close();
  });

  await run(`${tag}: offline after the first visit; a message when opened from disk`, async () => {
    const own = await serve(); // its own origin, stopped below
    const page = await context.newPage();
    watch(page, `${tag} offline`, own.url);
    await page.setViewportSize({ width, height: 812 });
    await page.goto(own.url);
    await ready(page);
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null || document.body.dataset.offline === 'registered');
    own.server.kill('SIGTERM');
    await new Promise((r) => own.server.once('exit', r));
    await page.goto(`${own.url}?lang=en`);
    await ready(page);
    assert.equal(await page.locator('h1').innerText(), 'Community resilience self-assessment');
    await page.getByLabel('Community name').fill('Offline');
    await rateLevel(page, 'rules', 'High', 'Pick a level', 'Level');
    assert.match(await page.locator('#summary').innerText(), /Offline: overall level High/);
    await page.screenshot({ path: shot('offline') });
    await page.close();

    const disk = await context.newPage(); // the browser's own CORS errors are expected here
    await disk.setViewportSize({ width, height: 812 });
    await disk.goto(pathToFileURL(join(www, 'index.html')).href);
    await disk.locator('#loading[data-kind="file"]').waitFor({ timeout: 5000 });
    assert.equal(await disk.getAttribute('#loading', 'role'), 'alert');
    assert.match(await disk.locator('#loading').innerText(), /本页不能从磁盘直接双击打开[\s\S]*请通过网址打开/);
    await disk.screenshot({ path: shot('file-url') });
    await disk.goto(`${pathToFileURL(join(www, 'index.html')).href}?lang=en`);
    await disk.locator('#loading[data-kind="file"]').waitFor({ timeout: 5000 });
    assert.match(await disk.locator('#loading').innerText(), /cannot run when opened as a file/);
    await disk.close();
  });

  await run(`${tag}: one colour scale for levels (the core's)`, async () => {
    const page = await freshPage(width, tag);
    await loadCaseA(page);
    await page.getByLabel(/参考案例 B社区/).check();
    await page.locator('#ranking').waitFor();
    const levels = ['low', 'medium', 'high'];
    const fills = coreFills.map(hexRgb);
    for (const [i, lv] of levels.entries()) {
      // tables (the form's results and the ranking), the legend, the summary chip
      for (const sel of [`td.lv-${lv}`, `#legend .lv-${lv}`]) {
        const n = await page.locator(sel).count();
        assert.ok(n > 0, `${sel} exists`);
        const colours = await page.locator(sel).evaluateAll((es) => es.map((e) => getComputedStyle(e).backgroundColor));
        for (const c of colours) assert.deepEqual(cssRgb(c), fills[i], `${sel} has the core's colour for ${lv}`);
      }
      // the charts on the page
      for (const chart of ['#bars', '#compare-table']) {
        const fill = await page.locator(`${chart} pattern[id$="-lv${i + 1}"] rect`).first().getAttribute('fill');
        assert.deepEqual(hexRgb(fill), fills[i], `${chart} uses the same colour for ${lv}`);
      }
    }
    // the core's HTML report paints its cells the same
    const report = await downloadOf(page, () => page.getByRole('button', { name: '下载报告(HTML)' }).click());
    for (const [i, f] of coreFills.entries()) assert.ok(report.text.includes(`td.lv${i + 1}{background:${f}`), `report level ${i + 1}`);
    // readable in greyscale and by colour-blind readers: lightness falls from low to high
    const lum = fills.map(luminance);
    for (let i = 1; i < lum.length; i++) assert.ok(lum[i - 1] - lum[i] > 0.1, `greyscale steps ${lum.map((x) => x.toFixed(2))}`);
    for (const [name, m] of Object.entries(CVD)) {
      const sim = fills.map((f) => simLuminance(f, m));
      for (let i = 1; i < sim.length; i++) assert.ok(sim[i - 1] - sim[i] > 0.08, `${name}: ${sim.map((x) => x.toFixed(2))}`);
    }
    // the text on each level is readable (contrast at least 4.5:1)
    for (const lv of levels) {
      const [bg, fg] = await page.locator(`#legend .lv-${lv}`).evaluate((e) => [getComputedStyle(e).backgroundColor, getComputedStyle(e).color]);
      const [a, b] = [luminance(cssRgb(bg)), luminance(cssRgb(fg))].sort((x, y) => y - x);
      assert.ok((a + 0.05) / (b + 0.05) >= 4.5, `contrast of ${lv}`);
    }
    await page.locator('#levels').scrollIntoViewIfNeeded();
    await page.screenshot({ path: shot('colours') });
    await page.addStyleTag({ content: 'html { filter: grayscale(1); }' });
    await page.screenshot({ path: shot('colours-greyscale') });
    await page.locator('#compare-table').scrollIntoViewIfNeeded();
    await page.screenshot({ path: shot('colours-greyscale-compare') });
    await page.close();
  });
}

// -------------------------------------------------------------------------------------------
// several coders (issue 9): two coders' files of one community → agreement, disagreements,
// consensus scorecard, in both languages
// -------------------------------------------------------------------------------------------

await run('several coders', async () => {
  const page = await context.newPage();
  watch(page, 'agree');
  await page.setViewportSize({ width: 1200, height: 900 });
  await page.goto(url);
  await ready(page);
  // the example multi-coder file split into one file per coder (the file name names the coder)
  const two = JSON.parse(readFileSync(join(root, 'examples', 'lakeside-two-coders.json'), 'utf8'));
  const perCoder = (coder) => {
    const a = structuredClone(two);
    a.schema_version = 1;
    for (const [d, v] of Object.entries(a.ratings)) {
      if (!v) continue;
      const { rater, ...c } = v.codings.find((x) => x.rater === coder);
      a.ratings[d] = c;
    }
    return { name: `${coder}.json`, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(a)) };
  };
  step = 'several coders: load two coders\' files (zh)';
  await page.getByLabel('编码者的文件(可多选)').setInputFiles([perCoder('ann'), perCoder('bo')]);
  await page.locator('#agree-alpha').waitFor();
  assert.match(await page.locator('#agree-alpha').innerText(), /Krippendorff α.{1,6}= 0\.434.{1,3}95% 区间 \[-?\d\.\d{3}, \d\.\d{3}\]/);
  assert.match(await page.locator('#agree-table').innerText(), /百分比一致率\s+0\.571/);
  const rows = await page.locator('#agree-disagreements tbody tr').allInnerTexts();
  assert.equal(rows.length, 3);
  assert.match(rows[1], /规章制度\s+高\s+预案三年未更新 — 文件 2 \(ann 误读\)\s+低/);
  assert.match(await page.locator('.agree-scorecard').innerText(), /规章制度\s+低\s+2\.000\s+有争议/);
  await page.locator('#agree').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shots, '6-agree-zh.png') });
  step = 'several coders: English, and another rule';
  await page.getByLabel('English').check();
  assert.match(await page.locator('#agree-alpha').innerText(), /Krippendorff's α \(ordinal\) = 0\.434/);
  assert.match(await page.locator('#agree-disagreements').innerText(), /Rules and regulations\s+High/);
  await page.getByLabel('Consensus rule').selectOption('minimum');
  assert.match(await page.locator('.agree-scorecard').innerText(), /Needs met\s+Medium\s+1\.000/);
  assert.match(await page.locator('.agree-scorecard').innerText(), /Rules and regulations\s+Low\s+2\.000\s+contested/);
  await page.screenshot({ path: join(shots, '7-agree-en.png') });
  // one coder only: said in plain words
  await page.getByLabel('The coders\' files (several at once)').setInputFiles([perCoder('ann')]);
  // the files are read asynchronously: wait for the message before reading it
  await page.waitForFunction(() => /at least two coders/.test(document.querySelector('#agree-out')?.innerText ?? ''), null, { timeout: 10000 }).catch(() => {});
  assert.match(await page.locator('#agree-out').innerText(), /at least two coders/);
  await page.close();
});

await run('history: a community before and during an event, its timeline and who acts next (issue 13)', async () => {
  const page = await freshPage(1200, 'history');
  await loadCaseA(page);
  await page.locator('#phase').selectOption('preparedness');
  await page.locator('#date').fill('2020-01-10');
  assert.equal(await page.locator('#history-empty').count(), 1);
  await page.getByRole('button', { name: '保存当前评估到历史' }).click();
  assert.match(await page.locator('#history-status').innerText(), /共有 1 次评估/);
  assert.match(await page.locator('#history').innerText(), /再保存一次不同阶段或日期的评估/);
  // during the event: better on three dimensions
  await page.locator('#phase').selectOption('response');
  await page.locator('#date').fill('2020-02-15');
  for (const id of ['needs_met', 'rules', 'government_connectivity']) await rateLevel(page, id, '高');
  await page.getByRole('button', { name: '保存当前评估到历史' }).click();
  assert.match(await page.locator('#history-status').innerText(), /共有 2 次评估/);
  assert.deepEqual(await page.locator('#history-points > li').evaluateAll((ls) => ls.map((l) => l.dataset.phase)), ['preparedness', 'response']);
  // the core's timeline chart, phases shaded
  assert.equal(await page.locator('#history-chart svg [data-phase="response"]').count(), 1);
  assert.equal(await page.locator('#history-chart svg .rx-dim').count(), 8);
  // what changed: the same as the core's timeline of the two saved assessments
  const saved = await page.evaluate(() => JSON.parse(localStorage.getItem('renxing.history.v1'))['case-a']);
  const core = rx.timelines({ assessments: saved, options: { grouping: 'single' } }).timelines[0];
  const overall = core.first_to_last.changes.find((c) => c.kind === 'overall');
  assert.equal(await page.getAttribute('#history-changes tr[data-id="overall"]', 'data-direction'), overall.direction);
  assert.equal(await page.getAttribute('#history-changes tr[data-id="needs_met"]', 'data-direction'), 'improved');
  assert.match(await page.locator('#history-changes tr[data-id="needs_met"]').innerText(), /低 → 高[\s\S]*改善/);
  assert.match(await page.locator('#history-missing').innerText(), /未评估的阶段:恢复、学习适应/);
  // what to do next (recovery) and who acts, with the seeds' citations
  assert.match(await page.locator('#history-plan h4').innerText(), /下一阶段:做什么、由谁做:恢复/);
  for (const actor of ['community', 'social_workers', 'social_organisations']) assert.equal(await page.locator(`#history-plan [data-actor="${actor}"]`).count(), 1, actor);
  assert.match(await page.locator('#history-plan [data-actor="social_workers"]').innerText(), /社会工作者需要及时消解疫情期的恐慌/);
  assert.match(await page.locator('#history-plan').innerText(), /借力“三社联动”完善社区风险防控体系\. 中国社会工作杂志, 2020-05-09\./);
  const nextIds = await page.locator('#history-remedies > li').evaluateAll((ls) => ls.map((l) => l.dataset.id));
  assert.deepEqual(nextIds, core.remedies.slice(0, 6).map((r) => r.id));
  assert.equal(await page.getAttribute('#history-remedies > li:first-child', 'data-ahead'), '1');
  assert.doesNotMatch(await page.locator('#history').innerText(), /\.txt/);
  // the diagnosis above leads with the phase ahead too
  assert.match(await page.locator('#plan-ahead h4').innerText(), /恢复/);
  await page.locator('#history').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shots, 'history-zh.png'), fullPage: true });
  // English, and the history survives a reload
  await page.getByLabel('English').check();
  assert.equal(await page.locator('#history-h').innerText(), 'History and timeline');
  assert.match(await page.locator('#history-plan').innerText(), /Social workers/);
  assert.match(await page.locator('#history-chart svg title').first().textContent(), /Timeline/);
  await page.reload();
  await ready(page);
  await loadCaseA(page);
  assert.equal(await page.locator('#history-points > li').count(), 2);
  // remove one point; clear the rest
  await page.locator('#history-points [data-remove]').first().click();
  assert.equal(await page.locator('#history-points > li').count(), 1);
  await page.getByRole('button', { name: "Clear this community's history" }).click();
  assert.equal(await page.locator('#history-empty').count(), 1);
  await page.close();
});

// -------------------------------------------------------------------------------------------
// QCA of the reference cases and a saved file (issue 12), in zh and en
// -------------------------------------------------------------------------------------------

await run('qca', async () => {
  const page = await freshPage(1200, 'qca');
  step = 'qca: the reference cases A, B, C (zh)';
  await page.locator('#qca-xy svg').waitFor();
  assert.match(await page.locator('#qca h2').innerText(), /组态分析/);
  // the same response as the core gives in Node
  const request = { cases: { reference_cases: ['a', 'b', 'c'], assessments: [], mapping: { membership: { kind: 'crisp' } } } };
  const nodeR = rx.qca(request);
  const rows = await page.locator('#qca-tt tbody tr').evaluateAll((rs) => rs.map((r) => Number(r.dataset.row)));
  assert.deepEqual(rows, nodeR.truth_table.rows.map((r) => r.id));
  assert.deepEqual(rows, [2, 163, 240]);
  const models = page.locator('#qca-models li[data-kind=parsimonious]');
  assert.equal(await models.count(), 6);
  assert.match(await models.first().innerText(), /简约解 M1: 资源链接 -> 韧性 resource_linkage -> resilience — 一致性 1\.000 · PRI 1\.000 · 覆盖度 1\.000/);
  assert.equal(await page.locator('#qca-models li[data-kind=conservative]').count(), 1);
  // intermediate: one row per distinct model, labelled with R's C1P1 … pairs
  const inter = await page.locator('#qca-models li[data-kind=intermediate]').allInnerTexts();
  const distinct = new Set(nodeR.models.filter((m) => m.kind === 'intermediate').map((m) => m.formula));
  assert.equal(inter.length, distinct.size);
  assert.ok(inter.length >= 1);
  const pairs = inter.flatMap((t) => t.match(/C\d+P\d+(-M\d+)?/g) ?? []);
  assert.equal(pairs.length, nodeR.models.filter((m) => m.kind === 'intermediate').length);
  assert.equal(new Set(pairs).size, pairs.length);
  assert.match(inter[0], /^中间解 C1P1[,:]/);
  assert.equal(await page.locator('#qca-xy svg circle.rx-xy-point').count(), 3);
  assert.equal(await page.locator('#qca-xy svg circle[data-case="case-c"]').getAttribute('data-x'), '1');
  assert.match(await page.locator('#qca-xy svg text.rx-xy-fit').textContent(), /一致性 1\.000/);
  await page.locator('#qca').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shots, '7-qca-zh.png') });

  step = 'qca: English, a saved file added, fuzzy';
  await page.getByLabel('English').check();
  await page.locator('#qca-xy svg').waitFor();
  assert.match(await page.locator('#qca h2').innerText(), /Which combinations of conditions/);
  assert.match(await page.locator('#qca-models li').first().innerText(), /^Conservative M1: Needs met\*/);
  await page.getByLabel('Upload saved community files (several at once)').setInputFiles(join(root, 'examples', 'riverside-zh.json'));
  await page.locator('#qca-tt tbody tr').first().waitFor();
  await page.waitForFunction(() => document.querySelectorAll('#qca-xy svg circle.rx-xy-point').length === 4);
  await page.locator('#qca-membership').selectOption('fuzzy');
  await page.waitForFunction(() => document.querySelector('#qca-tt th') && document.querySelectorAll('#qca-xy svg circle.rx-xy-point').length === 4);
  assert.match(await page.locator('#qca-xy svg text.rx-xy-fit').textContent(), /^Consistency /);
  await page.locator('#qca').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shots, '7-qca-en.png') });
  // a file that is not an assessment: named, the rest still analysed
  await page.getByLabel('Upload saved community files (several at once)').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"x": 1') });
  await page.locator('#qca-out p.error').waitFor();
  assert.match(await page.locator('#qca-out p.error').innerText(), /^notes\.json is not a valid assessment file: /);
  assert.equal(await page.locator('#qca-xy svg circle.rx-xy-point').count(), 3);
  await page.close();
});

// -------------------------------------------------------------------------------------------
// Composite indicators (issue 10): the example indicator system, an uploaded sheet and pipeline,
// in zh and en, at desktop width and at 375 px; the cells are those `renxing indicators` prints
// (tests/golden/cli/indicators-example-*.txt, kept equal to the CLI's output by its test)
// -------------------------------------------------------------------------------------------

/** The CLI's tables: [{ title, head, rows }] (cells split at two or more spaces). */
function cliTables(lang) {
  const text = readFileSync(join(golden, 'cli', `indicators-example-${lang}.txt`), 'utf8');
  return text.trim().split('\n\n').map((b) => b.split('\n'))
    .filter((b) => b.length > 3 && /^-+/.test(b[2]))
    .map((b) => ({ title: b[0], head: b[1].trim().split(/\s{2,}/), rows: b.slice(3).map((l) => l.trim().split(/\s{2,}/)) }));
}

const cellsOf = (page, id) => page.locator(`#${id} tbody tr`).evaluateAll((rs) => rs.map((r) => [...r.cells].map((c) => c.textContent)));
const headOf = (page, id) => page.locator(`#${id} thead th`).evaluateAll((hs) => hs.map((h) => h.textContent));

async function indicatorsMatchCli(page, lang) {
  const [ranking, levels, obstacles] = cliTables(lang);
  assert.equal(ranking.rows.length, 6);
  await page.waitForFunction((n) => document.querySelectorAll('#ind-ranks tbody tr').length === n, 6);
  assert.deepEqual(await headOf(page, 'ind-ranks'), ranking.head);
  assert.deepEqual(await cellsOf(page, 'ind-ranks'), ranking.rows);
  assert.deepEqual(await headOf(page, 'ind-levels'), levels.head);
  assert.deepEqual(await cellsOf(page, 'ind-levels'), levels.rows);
  assert.deepEqual(await cellsOf(page, 'ind-obstacles'), obstacles.rows);
  // the core's charts: 6 units × 8 dimensions of contributions and of obstacle degrees, 6 rank rows
  assert.equal(await page.locator('#ind-chart-contributions svg rect.rx-contrib').count(), 48);
  assert.equal(await page.locator('#ind-chart-obstacles svg rect.rx-obstacle').count(), 48);
  const rankRows = await page.locator('#ind-chart-ranks svg g.rx-rank-row').evaluateAll((gs) => gs.map((g) => [g.dataset.unit, g.dataset.rank, g.dataset.score]));
  assert.deepEqual(rankRows, ranking.rows.map((r) => [r[0], r[2], r[1]]));
}

for (const [width, tag] of [[1200, 'desktop'], [375, '375px']]) {
  await run(`indicators ${tag}: the example in zh and en, as the CLI prints it`, async () => {
    const page = await freshPage(width, `indicators-${tag}`);
    step = `indicators ${tag}: zh`;
    await page.locator('#ind-ranks').waitFor();
    assert.match(await page.locator('#indicators h2').innerText(), /量化指标评估/);
    assert.match(await page.locator('#ind-status').innerText(), /示例数据:6 个社区、16 个指标/);
    await indicatorsMatchCli(page, 'zh');
    assert.match(await page.locator('#ind-chart-contributions svg title').first().textContent(), /各单位综合得分的构成/);
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no sideways scrolling');
    await page.locator('#indicators').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, `8-indicators-${tag}-zh.png`) });
    step = `indicators ${tag}: en`;
    await page.getByLabel('English').check();
    await page.waitForFunction(() => document.querySelector('#ind-ranks th')?.textContent === 'unit');
    assert.match(await page.locator('#indicators h2').innerText(), /Indicator-based assessment/);
    await indicatorsMatchCli(page, 'en');
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no sideways scrolling');
    await page.locator('#indicators').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, `8-indicators-${tag}-en.png`) });
    await page.close();
  });
}

await run('indicators: an uploaded sheet, the pipeline file, a bad column', async () => {
  const page = await freshPage(1200, 'indicators-upload');
  await page.getByLabel('English').check();
  await page.locator('#ind-ranks').waitFor();
  step = 'indicators: the pipeline file gives the same numbers as the built-in example pipeline';
  await page.getByLabel('Pipeline file (TOML or JSON, optional)').setInputFiles(join(root, 'examples', 'indicators', 'pipeline.toml'));
  await page.waitForFunction(() => /pipeline\.toml \(9 steps\)/.test(document.querySelector('#ind-status').textContent));
  await indicatorsMatchCli(page, 'en');
  step = 'indicators: a sheet of five communities';
  const csv = readFileSync(join(root, 'examples', 'indicators', 'communities.csv'), 'utf8');
  const five = csv.trim().split('\n').filter((l) => !l.startsWith('hepan')).join('\n') + '\n';
  await page.getByLabel("The communities' indicator sheet (CSV)").setInputFiles({ name: 'five.csv', mimeType: 'text/csv', buffer: Buffer.from(five) });
  await page.waitForFunction(() => document.querySelectorAll('#ind-ranks tbody tr').length === 5);
  assert.match(await page.locator('#ind-status').innerText(), /five\.csv: 5 communities, 16 indicators/);
  // the same numbers as the core gives in Node for the same request
  const ex = rx.indicatorExample();
  const nodeR = rx.assessIndicators({ framework: ex.framework, data: rx.readIndicators({ text: five }), pipeline: ex.pipeline, lang: 'en' });
  const agg = nodeR.result.steps.map((x) => x.report).filter((x) => x.kind === 'aggregate').at(-1);
  const want = nodeR.result.units.map((u, i) => [u, agg.overall[i].toFixed(2)]).sort((a, b) => Number(b[1]) - Number(a[1]));
  const got = (await cellsOf(page, 'ind-ranks')).map((r) => [r[0], r[1]]);
  assert.deepEqual(got, want);
  step = 'indicators: a column the framework does not define is named';
  await page.getByLabel("The communities' indicator sheet (CSV)").setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(csv.replace('supply_coverage', 'supplies')) });
  await page.locator('#ind-failed').waitFor();
  assert.match(await page.locator('#ind-failed').innerText(), /^Cannot compute: .*supplies/);
  step = 'indicators: back to the example';
  await page.getByRole('button', { name: 'Back to the example' }).click();
  await indicatorsMatchCli(page, 'en');
  await page.close();
});

await context.close();
server.kill('SIGTERM');

writeFileSync(join(shots, 'problems.txt'), problems.join('\n'));
if (problems.length) {
  console.error(`page e2e: ${problems.length} problem(s)\n${problems.join('\n')}`);
  process.exit(1);
}
console.log(`page e2e: all checks passed; screenshots in ${shots}`);

// End-to-end test of the self-assessment page (bindings/wasm/www) in headless Chromium.
// Serves the page with python3 -m http.server on 127.0.0.1, fills the form as a user would (by
// accessible labels), checks levels and remedies, switches language, saves and reloads a file,
// loads an invalid file (the core's messages next to their fields, in the page's language),
// compares files, and fails on any console error or failed request.
// Screenshots go to test-output/wasm/. Run by scripts/test-wasm.sh (after the web build).
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
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
let step = 'start';
try {
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  page.on('request', (r) => {
    if (!r.url().startsWith(url) && !r.url().startsWith('blob:') && !r.url().startsWith('data:')) {
      problems.push(`external request: ${r.url()}`);
    }
  });
  await page.setViewportSize({ width: 1200, height: 900 });

  step = 'load the page';
  await page.goto(url);
  await page.waitForSelector('body[data-ready="1"]', { timeout: 20000 });
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
  const dim = (id) => page.locator(`fieldset[data-dim="${id}"]`);
  // by level
  for (const id of ['resource_linkage', 'rules', 'emergency_knowledge', 'volunteer_teams', 'it_use']) {
    await dim(id).getByLabel('直接选择等级').check();
    await dim(id).getByLabel('等级', { exact: true }).selectOption({ label: '低' });
  }
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
  assert.match(await page.locator("#summary").innerText(), /河畔社区.综合等级 低.得分 16\.7/);
  assert.equal(await page.getAttribute('#summary', 'aria-live'), 'polite');
  const remedyIds = await page.locator('#remedies > li').evaluateAll((ls) => ls.map((l) => l.dataset.id));
  const expected = rx.diagnose({ assessment: JSON.parse(readFileSync(join(golden, 'inputs', 'case-a.json'), 'utf8')) }).remedies.map((r) => r.id);
  assert.deepEqual(remedyIds, expected, 'the page shows the core remedies of case A, in order');
  assert.match(await page.locator('#remedies li[data-id="government_responsiveness"]').innerText(), /提升政府对“三社联动”的回应性[\s\S]*000_ebdaebbf0bcb582b\.txt/);
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
  assert.match(await page.locator('#remedies li[data-id="government_responsiveness"]').innerText(), /Make government answer the linkage's requests/);
  assert.match(await page.locator('#radar svg').innerHTML(), /Needs met/);
  assert.equal(await dim('needs_met').locator('legend').first().innerText(), 'Needs met');
  assert.equal(await page.getByLabel('Community name').inputValue(), '河畔社区');
  await dim('government_connectivity').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shots, '2-case-a-en.png') });

  step = 'save the assessment as a JSON file';
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save as a JSON file' }).click()]);
  assert.equal(download.suggestedFilename(), 'hepan-2024.json');
  const savedPath = join(shots, 'hepan-2024.json');
  await download.saveAs(savedPath);
  const savedText = readFileSync(savedPath, 'utf8');
  const saved = JSON.parse(savedText);
  assert.equal(saved.schema_version, 1);
  assert.equal(saved.name, '河畔社区');
  assert.equal(saved.mode, 'social_worker_driven');
  assert.deepEqual(saved.ratings.resident_connectivity, { coped: true, developed: true });
  assert.deepEqual(saved.ratings.rules, { level: 'low' });
  assert.deepEqual(saved.ratings.needs_met.evidence, [{ note: '社工话语权过小' }, { note: '访谈 3' }]);
  // the file format of the core (and so of the CLI and Python)
  assert.equal(savedText.trim(), rx.formatAssessment({ assessment: rx.parseAssessment({ text: savedText }) }).text);
  const card = rx.score({ assessment: saved });
  assert.equal(card.overall.level, 'low');

  step = 'reload the page and load the saved file back';
  await page.goto(`${url}?lang=en`);
  await page.waitForSelector('body[data-ready="1"]');
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
  const bad = { ...saved, name: '', ratings: { ...saved.ratings, rules: { level: 'excellent' } } };
  delete bad.ratings.it_use;
  await page.getByLabel('Load an assessment file (JSON)').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
  await page.locator('#load-status .error').waitFor();
  assert.match(await page.locator('#load-status').innerText(), /broken\.json is invalid \(3 problems\)/);
  assert.match(await page.locator('#err-name').innerText(), /broken\.json[\s\S]*name: name must not be empty/);
  assert.equal(await page.getAttribute('#name', 'aria-invalid'), 'true');
  assert.match(await page.locator('#d-rules-err').innerText(), /ratings\.rules\.level: "excellent" is not a level/);
  assert.equal(await dim('rules').getAttribute('aria-invalid'), 'true');
  assert.match(await page.locator('#d-it_use-err').innerText(), /ratings\.it_use: dimension "it_use" is missing/);
  assert.equal(await page.getByLabel('Community name').inputValue(), '河畔社区', 'the invalid file did not replace the form');
  await page.locator('#load-status').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shots, '3-invalid-file-en.png') });
  await dim('rules').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shots, '3b-invalid-file-field-en.png') });
  // the same problems in Chinese after a language switch: the core's messages, at the same fields
  await page.getByLabel('中文').check();
  assert.match(await page.locator('#load-status').innerText(), /文件 broken\.json 无效\(3 处问题\)[\s\S]*name 不能为空/);
  assert.match(await page.locator('#load-status a[href="#d-rules"]').innerText(), /^ratings\.rules\.level$/);
  assert.match(await page.locator('#err-name').innerText(), /broken\.json[\s\S]*name: name 不能为空/);
  assert.match(await page.locator('#d-rules-err').innerText(), /ratings\.rules\.level: "excellent" 不是等级/);
  assert.match(await page.locator('#d-it_use-err').innerText(), /ratings\.it_use: 缺少维度 "it_use"/);
  await dim('rules').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shots, '3c-invalid-file-field-zh.png') });
  // a field the user empties is marked from the form's own validation, in the page's language
  await page.getByLabel('社区名称').fill('');
  assert.match(await page.locator('#err-name').innerText(), /^name: name 不能为空/);
  await page.getByLabel('English').check();
  assert.match(await page.locator('#err-name').innerText(), /^name: name must not be empty/);
  await page.getByLabel('Community name').fill('河畔社区');
  assert.doesNotMatch(await page.locator('#err-name').innerText(), /^name: name must not be empty/);
  // a file that is not JSON at all
  await page.getByLabel('Load an assessment file (JSON)').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"schema_version": 1,') });
  await page.locator('#load-status .error').waitFor();
  assert.match(await page.locator('#load-status').innerText(), /notes\.json is invalid[\s\S]*not valid JSON \(line 1/);

  step = 'compare several saved files';
  const files = ['case-a.json', 'case-b.json', 'case-c.json'].map((f) => join(golden, 'inputs', f));
  await page.getByLabel('Choose several saved assessment files').setInputFiles([...files, savedPath]);
  await page.locator('#ranking').waitFor();
  const ranking = await page.locator('#ranking tbody tr').evaluateAll((rs) => rs.map((r) => r.dataset.id));
  assert.deepEqual(ranking, ['case-c', 'case-b', 'case-a', 'hepan-2024']);
  assert.match(await page.locator('#ranking tbody tr').nth(2).innerText(), /3 \(tied\)/);
  assert.ok((await page.locator('#compare-table svg').count()) === 1);
  await page.locator('#compare').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shots, '4-compare-en.png') });
  await page.getByLabel('中文').check();
  assert.match(await page.locator('#compare-out').innerText(), /排名/);
  assert.match(await page.locator('#load-status').innerText(), /notes\.json 无效[\s\S]*评估不是有效的 JSON\(第 1 行/);
  await page.locator('#compare').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shots, '5-compare-zh.png') });
} catch (e) {
  problems.push(`step "${step}": ${e.stack ?? e}`);
} finally {
  await context.close();
  server.kill('SIGTERM');
}

writeFileSync(join(shots, 'problems.txt'), problems.join('\n'));
if (problems.length) {
  console.error(`page e2e: ${problems.length} problem(s)\n${problems.join('\n')}`);
  process.exit(1);
}
console.log(`page e2e: all checks passed; screenshots in ${shots}`);

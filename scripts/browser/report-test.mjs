// Opens an HTML report in headless Chromium (file://) and fails on any console error, page
// error, failed request or request other than the page itself; writes a full-page screenshot.
// Usage: node report-test.mjs REPORT.html SCREENSHOT.png
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { launch } from './launch.mjs';

const [report, shot] = process.argv.slice(2);
if (!report || !shot) {
  console.error('usage: node report-test.mjs REPORT.html SCREENSHOT.png');
  process.exit(2);
}
const pageUrl = pathToFileURL(resolve(report)).href;
const problems = [];
const context = await launch();
try {
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    if (r.url() !== pageUrl) problems.push(`unexpected request: ${r.url()}`);
  });
  page.on('requestfailed', (r) => problems.push(`failed request: ${r.url()}`));
  const response = await page.goto(pageUrl, { waitUntil: 'load' });
  if (!response || !response.ok()) problems.push(`page did not load: ${pageUrl}`);
  await page.waitForTimeout(300);
  const check = await page.evaluate(() => ({
    scripts: document.querySelectorAll('script').length,
    svgs: document.querySelectorAll('svg').length,
    h1: document.querySelector('h1')?.textContent ?? '',
    width: document.querySelector('figure svg')?.getBoundingClientRect().width ?? 0,
  }));
  if (check.scripts !== 0) problems.push(`${check.scripts} <script> element(s) in the report`);
  if (check.svgs < 2) problems.push(`expected at least 2 inline charts, found ${check.svgs}`);
  if (!check.h1.includes('Community B')) problems.push(`unexpected heading: ${check.h1}`);
  if (check.width < 100) problems.push(`chart not rendered (width ${check.width})`);
  await page.setViewportSize({ width: 1024, height: 800 });
  await page.screenshot({ path: shot, fullPage: true });
} finally {
  await context.close();
}
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`report renders cleanly; screenshot ${shot}`);

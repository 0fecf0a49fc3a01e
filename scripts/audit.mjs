// `npm run audit`: Lighthouse (mobile preset) on the built site, the cost of
// typing in the editor, and the bytes each page loads. Figures, not tests.
// Needs a Chromium: CHROMIUM_PATH, /usr/bin/chromium, or Playwright's own.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import { chromium } from '@playwright/test';

const port = 4322;
const base = `http://127.0.0.1:${port}`;
const chromePath = process.env.CHROMIUM_PATH || (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
const flags = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

if (!existsSync('dist/index.html')) {
  console.error('audit: build the site first (npm run build)');
  process.exit(2);
}
// Its own process group, so that stopping it stops astro under npx too (killing npx alone left the server up).
const server = spawn('npx', ['astro', 'preview', '--host', '127.0.0.1', '--port', String(port)], { stdio: 'ignore', detached: true, env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' } });
const stop = () => {
  try {
    process.kill(-server.pid, 'SIGTERM');
  } catch {
    server.kill();
  }
};
// Stopped on every way out, a failed step included.
process.on('exit', stop);
process.on('uncaughtException', (e) => {
  stop();
  console.error(e);
  process.exit(1);
});
process.on('exit', stop);
for (let i = 0; i < 60; i++) {
  try {
    if ((await fetch(base)).ok) break;
  } catch {}
  await new Promise((r) => setTimeout(r, 500));
}

// ---- bytes per page ---------------------------------------------------------------------
function pageBytes(path) {
  const html = readFileSync(`dist${path}index.html`, 'utf8');
  const assets = [...html.matchAll(/(?:src|href)="(\/_astro\/[^"]+\.(js|css))"/g)].map((m) => m[1]);
  const sum = (kind) => assets.filter((a) => a.endsWith(kind)).reduce((s, a) => s + statSync(`dist${a}`).size, 0);
  const gz = (kind) => assets.filter((a) => a.endsWith(kind)).reduce((s, a) => s + gzipSync(readFileSync(`dist${a}`)).length, 0);
  return { html: Buffer.byteLength(html), htmlGz: gzipSync(html).length, js: sum('.js'), jsGz: gz('.js'), css: sum('.css'), cssGz: gz('.css') };
}
console.log('\nBytes loaded up front (raw / gzip):');
console.log('| page | HTML | JS | CSS |');
console.log('| --- | ---: | ---: | ---: |');
for (const path of ['/', '/lessons/stages/', '/lessons/node-typescript/']) {
  const b = pageBytes(path);
  console.log(`| ${path} | ${b.html} / ${b.htmlGz} | ${b.js} / ${b.jsGz} | ${b.css} / ${b.cssGz} |`);
}
const lazy = readdirSync('dist/_astro').filter((f) => /^(monaco|app|engine\.worker|editor\.worker|dockerfile)/.test(f));
const lazyRaw = lazy.reduce((s, f) => s + statSync(`dist/_astro/${f}`).size, 0);
const lazyGz = lazy.reduce((s, f) => s + gzipSync(readFileSync(`dist/_astro/${f}`)).length, 0);
console.log(`Loaded when the learner reaches the exercise: ${lazy.join(', ')}: ${lazyRaw} B raw, ${lazyGz} B gzip (plus /exercise/<id>.json)`);
// Budget: a lesson page's JavaScript before any interaction stays at or under 20 KB (raw).
const lessonPages = readdirSync('dist/lessons').filter((d) => existsSync(`dist/lessons/${d}/index.html`)).map((d) => `/lessons/${d}/`);
const heaviest = lessonPages.map((p) => ({ p, js: pageBytes(p).js })).sort((a, b) => b.js - a.js)[0];
console.log(`${heaviest && heaviest.js <= 20 * 1024 ? 'MET ' : 'MISS'}  lesson pages load at most 20 KB of JavaScript before interaction: heaviest ${heaviest?.p} ${heaviest?.js} B`);
const terminal = readdirSync('dist/_astro').filter((f) => /^(terminal|xterm|addon-fit)/.test(f));
const container = readdirSync('dist/_astro').filter((f) => /^(webcontainer|dist)\.[\w-]+\.js$/.test(f));
const containerRaw = container.reduce((s, f) => s + statSync(`dist/_astro/${f}`).size, 0);
const termRaw = terminal.reduce((s, f) => s + statSync(`dist/_astro/${f}`).size, 0);
const termGz = terminal.reduce((s, f) => s + gzipSync(readFileSync(`dist/_astro/${f}`)).length, 0);
console.log(`Loaded when the learner opens the terminal: ${terminal.join(', ')}: ${termRaw} B raw, ${termGz} B gzip; and when a real Node terminal is asked for: ${container.join(', ')} (the WebContainer API, ${containerRaw} B raw) and /webcontainer/docker.mjs (${existsSync('dist/webcontainer/docker.mjs') ? statSync('dist/webcontainer/docker.mjs').size : 0} B raw)`);

// ---- Lighthouse ---------------------------------------------------------------------------
const chrome = await chromeLauncher.launch({ chromePath, chromeFlags: flags });
const scores = [];
for (const [label, url] of [
  ['home', `${base}/`],
  ['lesson, exercise below the fold', `${base}/lessons/stages/`],
  ['lesson, exercise in view', `${base}/lessons/stages/#exercise-heading`],
]) {
  const result = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility', 'best-practices'] });
  const c = result.lhr.categories;
  const row = { label, performance: Math.round(c.performance.score * 100), accessibility: Math.round(c.accessibility.score * 100), bestPractices: Math.round(c['best-practices'].score * 100), lcp: result.lhr.audits['largest-contentful-paint'].displayValue, tbt: result.lhr.audits['total-blocking-time'].displayValue };
  scores.push(row);
}
await chrome.kill();
console.log('\nLighthouse, mobile preset:');
console.log('| page | performance | accessibility | best practices | LCP | TBT |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const s of scores) console.log(`| ${s.label} | ${s.performance} | ${s.accessibility} | ${s.bestPractices} | ${s.lcp} | ${s.tbt} |`);

// ---- typing in a 50-line file --------------------------------------------------------------
const browser = await chromium.launch({ executablePath: chromePath, args: flags.filter((f) => !f.startsWith('--headless')) });
const page = await browser.newPage();
await page.goto(`${base}/lessons/measuring/`);
await page.locator('[data-exercise]').scrollIntoViewIfNeeded();
// A page that opens at the exercise loads the editor at the learner's first click, key or scroll: click, as a learner would.
await page.locator('[data-exercise]').click({ position: { x: 4, y: 4 } });
await page.locator('.monaco-editor').first().waitFor({ timeout: 30000 });
await page.waitForTimeout(1500);
const fifty = Array.from({ length: 50 }, (_, i) => (i % 7 === 0 ? `FROM node:20-alpine AS s${i}` : i % 3 === 0 ? `COPY --from=s0 /app/dist ./dist${i}` : `RUN echo step ${i} && npm ci --omit=dev`)).join('\n');
await page.locator('.monaco-editor').first().click();
await page.keyboard.press('ControlOrMeta+A');
await page.keyboard.insertText(fifty);
await page.waitForTimeout(1000);
await page.evaluate(() => {
  window.__longTasks = [];
  new PerformanceObserver((list) => list.getEntries().forEach((e) => window.__longTasks.push(e.duration))).observe({ type: 'longtask', buffered: false });
});
await page.keyboard.press('ControlOrMeta+End');
const keys = 'RUN echo typing into a fifty-line Dockerfile';
for (const ch of keys) {
  await page.keyboard.type(ch);
  await page.waitForTimeout(30);
}
await page.waitForTimeout(1500);
const longTasks = await page.evaluate(() => window.__longTasks);
await browser.close();
console.log(`\nTyping ${keys.length} characters into a 50-line Dockerfile: ${longTasks.length} long tasks (>50 ms)${longTasks.length ? `, longest ${Math.round(Math.max(...longTasks))} ms` : ''}.`);

const ok = scores[1].performance >= 95 && scores[1].accessibility === 100 && scores[2].performance >= 90 && longTasks.length === 0;
console.log(ok ? '\nAll audit targets met.' : '\nSome audit targets were missed: lesson below the fold needs performance ≥ 95 and accessibility 100, in view performance ≥ 90, typing no long task.');
stop();
process.exit(0);

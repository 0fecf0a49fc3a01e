import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { securityHeaders } from '../../src/site/headers.mjs';
import { build, openExercise } from './exercise-support';
import { lessonPaths } from './support';

/**
 * The service worker (src/client/service-worker.ts): one visit online, then the course
 * with the network gone, and an update offered, not forced. Each test gets a fresh
 * context, so a fresh browser profile with no service worker yet.
 */

/** The URLs the served /sw.js precaches (its manifest). */
async function manifestUrls(page: Page): Promise<string[]> {
  const text = await (await page.request.get('/sw.js')).text();
  return [...text.matchAll(/"url":"([^"]+)"/g)].map((m) => m[1]!);
}

/** What the page's origin has in the precache, as paths (the revision parameter dropped). */
async function precachedPaths(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const name = (await caches.keys()).find((k) => k.startsWith('workbox-precache'));
    if (!name) return [];
    const keys = await (await caches.open(name)).keys();
    return keys.map((r) => new URL(r.url).pathname);
  });
}

/**
 * The first visit: the home page, then a lesson (which registers the worker). Returns once
 * the worker is active (so precaching has finished: it is its install step) and controls
 * the page, with every file of the manifest in the cache.
 */
async function firstVisit(page: Page): Promise<string[]> {
  await page.goto('/');
  await page.goto(lessonPaths[0]!);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller?.state ?? null), { timeout: 30_000 }).toBe('activated');
  const urls = await manifestUrls(page);
  const cached = await precachedPaths(page);
  expect(cached.sort()).toEqual([...urls].sort());
  return urls;
}

/**
 * Requests answered by the network (not by the service worker) from now on: the worker's own
 * fetches and any page request it did not answer. Offline there must be none.
 */
function networkAnswers(context: BrowserContext): string[] {
  const answered: string[] = [];
  context.on('requestfinished', (r) => {
    void r.response().then((res) => {
      if (res && !res.fromServiceWorker() && /^https?:/.test(r.url())) answered.push(r.url());
    });
  });
  return answered;
}

test.describe('offline', () => {
  test('the precache holds every page, the exercise data and the editor, not docker.mjs, maps or /api/', async ({ page, context }) => {
    // Precaching is the worker's doing: its requests are the context's, never the page's, so the
    // tests that count a page's requests (nothing of Monaco or xterm before it is needed) hold.
    const byPage: string[] = [];
    const byWorker: string[] = [];
    page.on('request', (r) => byPage.push(r.url()));
    context.on('request', (r) => {
      if (r.serviceWorker()) byWorker.push(r.url());
    });
    const urls = await firstVisit(page);
    expect(byWorker.some((u) => /\/_astro\/monaco\./.test(u))).toBe(true);
    expect(byWorker.some((u) => /\/_astro\/xterm\./.test(u))).toBe(true);
    expect(byPage.filter((u) => /monaco|editor\.worker|engine\.worker|xterm|\/exercise\//.test(u))).toEqual([]);
    // The class server's /api/ is the network's alone: the worker does not answer it.
    const api = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/class');
    await page.evaluate(() => fetch('/api/class').then((r) => r.status));
    expect((await api).fromServiceWorker()).toBe(false);
    for (const path of ['/', '/glossary/', '/cheat-sheet/', '/404.html', ...lessonPaths]) expect(urls).toContain(path);
    for (const path of lessonPaths) expect(urls).toContain(`/exercise/${path.split('/')[2]}.json`);
    for (const chunk of [/^\/_astro\/monaco\.[\w-]+\.js$/, /^\/_astro\/editor\.worker-[\w-]+\.js$/, /^\/_astro\/engine\.worker-[\w-]+\.js$/, /^\/_astro\/xterm\.[\w-]+\.js$/, /^\/_astro\/codicon\.[\w-]+\.ttf$/, /\.css$/, /^\/favicon\.svg$/]) {
      expect(urls.some((u) => chunk.test(u)), String(chunk)).toBe(true);
    }
    expect(urls.filter((u) => /docker\.mjs|\.map$|^\/api\/|^\/sw\.js$|_headers/.test(u))).toEqual([]);
  });

  test('after one visit, lessons never opened load with their exercise, check, build and terminal offline', async ({ page, context }) => {
    test.setTimeout(180_000);
    await firstVisit(page);
    await context.setOffline(true);
    const answered = networkAnswers(context);
    // The worker's own network is cut too (its network-first routes try it first, and fail).
    const triedByWorker: string[] = [];
    context.on('requestfailed', (r) => {
      if (r.serviceWorker()) triedByWorker.push(new URL(r.url()).pathname);
    });
    const [worker] = context.serviceWorkers();
    expect(await worker!.evaluate(() => fetch('/favicon.svg?probe').then((r) => r.status, () => 'offline'))).toBe('offline');
    const offlineLessons = lessonPaths.filter((p) => p !== lessonPaths[0]);
    const goScratch = offlineLessons.find((p) => p.includes('go-scratch'))!;
    const nodeTypescript = offlineLessons.find((p) => p.includes('node-typescript'))!;
    const stages = offlineLessons.find((p) => p.includes('/stages/'))!;
    // No lesson's exercise was opened online: Monaco, the workers and the data all come from the precache.
    for (const path of [stages, goScratch, nodeTypescript]) {
      const navigation = page.waitForResponse((r) => r.request().isNavigationRequest() && new URL(r.url()).pathname === path);
      await openExercise(page, path);
      const response = await navigation;
      expect(response.fromServiceWorker(), `${path} comes from the service worker`).toBe(true);
      expect(response.status()).toBe(200);
      for (const [name, value] of Object.entries(securityHeaders)) expect(response.headers()[name.toLowerCase()], `${path}: ${name}`).toBe(value);
      expect(await page.evaluate(() => globalThis.crossOriginIsolated), `${path} is cross-origin isolated`).toBe(true);
      await expect(page.getByRole('list', { name: 'Goals' }).locator('[data-goal] .goal-state').first()).toHaveText(/met/);
    }
    // node-typescript is open: a build shows its figures, and the terminal opens and runs.
    await build(page);
    await expect(page.locator('.build-figures dd').first()).toContainText(/\d/);
    await page.getByRole('button', { name: 'Terminal', exact: true }).click();
    await expect(page.locator('[data-terminal-panel] .xterm-helper-textarea')).toBeFocused({ timeout: 20_000 });
    await page.keyboard.type('docker build -t app .');
    await page.keyboard.press('Enter');
    await expect(page.locator('[data-terminal-panel] [role="log"]')).toContainText('naming to docker.io/library/app', { timeout: 30_000 });
    // The other pages, and an address the site does not have.
    for (const path of ['/', '/glossary/', '/cheat-sheet/']) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(200);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    }
    const missing = await page.goto('/no-such-page/');
    expect(missing?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
    expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);
    // Offline for real: nothing came from the network, and the worker found it gone.
    expect(answered).toEqual([]);
    expect(triedByWorker).toEqual(expect.arrayContaining(['/exercise/stages.json', '/exercise/go-scratch.json', '/exercise/node-typescript.json']));
    // /api/ offline is a network error, as without a worker (never a cached answer, nor the 404 page).
    await expect(page.goto('/api/class')).rejects.toThrow(/ERR_INTERNET_DISCONNECTED/);
  });

  test('a new version is offered, not forced, and taken when the learner reloads', async ({ page }) => {
    test.setTimeout(120_000);
    await firstVisit(page);
    const first = await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL);
    await page.evaluate(() => {
      (window as unknown as { marker: boolean }).marker = true;
    });
    // The next deploy. Routing /sw.js to changed bytes does not work: the browser fetches a
    // worker's script itself, where Playwright's routes do not reach. The same worker under
    // another URL of the same registration is a new version to the browser just the same:
    // it installs (precaching what it lacks), then waits.
    await page.evaluate(async () => {
      await navigator.serviceWorker.register('/sw.js?next-deploy');
    });
    const notice = page.getByRole('status').filter({ hasText: 'A new version of the course is ready' });
    await expect(notice).toBeVisible({ timeout: 30_000 });
    await expect(notice).toHaveAttribute('aria-live', 'polite');
    // Offered, not forced: the page is the same page, still under the old worker.
    expect(await page.evaluate(() => (window as unknown as { marker?: boolean }).marker)).toBe(true);
    expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(first);
    // By keyboard: the button is a native one in the page's tab order.
    const button = notice.getByRole('button', { name: 'Reload to use it' });
    await button.focus();
    const reloaded = page.waitForEvent('load');
    await page.keyboard.press('Enter');
    await reloaded;
    expect(await page.evaluate(() => (window as unknown as { marker?: boolean }).marker)).toBeUndefined();
    // The new version controls the reloaded page. (Its boot.ts registers /sw.js again, which
    // to the browser is yet another version: the test's stand-in deploy, not the site's.)
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? null)).toMatch(/\/sw\.js\?next-deploy$/);
  });
});

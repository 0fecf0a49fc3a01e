import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { build, goal, lessonFileText, openExercise, setEditorText } from './exercise-support';
import { expectNoAxeViolations } from './support';

/**
 * Issue 13: a class. `stagecraft class` serves the built course (dist/, which Playwright's
 * webServer builds first) on a free port with a temporary database; attendees join from a
 * lesson page, the instructor's dashboard follows them live. Desktop project only (playwright.config.ts): one class server per run, and a
 * 360 px check of its own below. tests/e2e/class.spec.ts covers a static deployment.
 */

const root = fileURLToPath(new URL('../..', import.meta.url));
const CODE = 'E2EK7Q';
/** "Within about a second of each event": the page reports at once, the server pushes within 250 ms. */
const LIVE = { timeout: 1500 };

const apiRequests = (page: Page) => {
  const seen: string[] = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname.startsWith('/api/')) seen.push(`${r.method()} ${r.url()}`);
  });
  return seen;
};

test.describe('a class', () => {
  test.describe.configure({ mode: 'serial' });

  let server: ChildProcess | null = null;
  let dataDir = '';
  let base = '';
  let key = '';
  const contexts: BrowserContext[] = [];

  /** Starts `stagecraft class` on `port` (0: a free one) over the test's database; resolves with what it printed. */
  async function startServer(port: number): Promise<string> {
    const child = spawn(
      process.execPath,
      ['bin/stagecraft.mjs', 'class', '--port', String(port), '--host', '127.0.0.1', '--data', join(dataDir, 'class.db'), '--no-build', '--code', CODE, '--title', 'E2E class'],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    server = child;
    let out = '';
    let err = '';
    child.stderr!.on('data', (d: Buffer) => void (err += d.toString()));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`stagecraft class did not start in 30 s:\n${out}\n${err}`)), 30_000);
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (/Press Ctrl\+C/.test(out)) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`stagecraft class exited (${code}):\n${out}\n${err}`));
      });
    });
    return out;
  }

  async function stopServer(): Promise<void> {
    const child = server;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
  }

  test.beforeAll(async () => {
    // One class server, several browsers: the desktop project runs it (the phone layout is checked in it too).
    dataDir = mkdtempSync(join(tmpdir(), 'stagecraft-class-e2e-'));
    const out = await startServer(0);
    const dashboard = /(http:\/\/127\.0\.0\.1:\d+\/)class\/dashboard\/#key=(\S+)/.exec(out);
    expect(dashboard, out).not.toBeNull();
    base = dashboard![1]!;
    key = dashboard![2]!;
  });

  test.afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await stopServer();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const open = async (browser: Browser, options: Parameters<Browser['newContext']>[0] = {}) => {
    const context = await browser.newContext({ baseURL: base, ...options });
    contexts.push(context);
    return context.newPage();
  };
  const bar = (page: Page) => page.getByRole('region', { name: 'Class' });
  const joinClass = async (page: Page, name: string, path = '/lessons/stages/') => {
    await page.goto(path);
    await bar(page).getByRole('button', { name: 'Join class' }).click();
    await page.getByLabel('Class code').fill(CODE.toLowerCase());
    await page.getByLabel('Display name').fill(name);
    await page.getByRole('button', { name: 'Join', exact: true }).click();
    await expect(bar(page)).toContainText(`In class as ${name}`);
  };

  test('without joining, the exercise works as before and nothing goes to the server', async ({ browser }) => {
    const page = await open(browser);
    const api = apiRequests(page);
    await openExercise(page, '/lessons/stages/');
    await expect(bar(page).getByRole('button', { name: 'Join class' })).toBeVisible();
    await setEditorText(page, lessonFileText('02-stages/solution/Dockerfile'));
    await expect(goal(page, 'A stage is named builder')).toContainText('(met)');
    await build(page);
    await page.getByRole('button', { name: /^Show a hint/ }).click();
    await page.waitForTimeout(2500);
    expect(api).toEqual([]);
  });

  test('a wrong code is refused with the server’s words; no key or a wrong key says so on the dashboard', async ({ browser }) => {
    const page = await open(browser);
    await page.goto('/lessons/stages/');
    await bar(page).getByRole('button', { name: 'Join class' }).click();
    await page.getByLabel('Class code').fill('WRONG1');
    await page.getByLabel('Display name').fill('Eve');
    await page.getByRole('button', { name: 'Join', exact: true }).click();
    await expect(bar(page).getByRole('alert')).toContainText('not this class');
    await expect(bar(page).getByRole('button', { name: 'Join class' })).toBeVisible();

    const dash = await open(browser);
    await dash.goto('/class/dashboard/');
    await expect(dash.locator('[data-dash-status]')).toContainText('has no dashboard key');
    await dash.goto('/class/dashboard/#key=not-the-key');
    await dash.reload();
    await expect(dash.locator('[data-dash-status]')).toContainText('refused this dashboard key');
  });

  test('two attendees join; the dashboard follows their goals and hands live; the instructor answers and announces', async ({ browser }) => {
    test.setTimeout(120_000);
    const ada = await open(browser);
    const grace = await open(browser);
    const dash = await open(browser);
    const graceName = 'Grace <b>Hopper</b>';

    await joinClass(ada, 'Ada');
    await joinClass(grace, graceName, '/lessons/copy-from/');

    await dash.goto(`/class/dashboard/#key=${key}`);
    const table = dash.getByRole('table', { name: /Progress by attendee and lesson/ });
    const row = (name: string) => table.getByRole('row').filter({ has: dash.getByRole('rowheader', { name }) });
    await expect(row('Ada')).toHaveCount(1);
    await expect(row(graceName)).toHaveCount(1);
    // Names are text: the markup in Grace's name is shown, never made into an element.
    await expect(table.locator('b')).toHaveCount(0);
    await expect(table.getByRole('columnheader', { name: /^2\. Stages/ })).toBeVisible();
    // The key leaves the address bar (a dashboard is often projected); a reload still has it.
    await expect(dash).not.toHaveURL(/key=/);
    await dash.reload();
    await expect(row('Ada')).toHaveCount(1);

    // Ada works on the exercise: her first report, then the goals as she types the fix.
    await openExercise(ada, '/lessons/stages/');
    await expect(bar(ada)).toContainText('In class as Ada');
    const total = await ada.locator('[data-goal]').count();
    const adaStages = row('Ada').getByRole('cell').nth(1);
    await expect(adaStages).toContainText(new RegExp(`\\d/${total}`), { timeout: 5000 });
    await expect(adaStages).not.toContainText('✓');
    // The goal most of the room has not met on that lesson, by its title (not its rule id).
    const failing = dash.getByRole('list', { name: 'Most common unmet goal' });
    await expect(failing).toContainText('2. Stages: FROM … AS', LIVE);
    await expect(failing).toContainText('not met by 1 of 1 working on it');
    await expect(failing).not.toContainText(/“[a-z]+(?:-[a-z]+)+”/);
    await setEditorText(ada, lessonFileText('02-stages/solution/Dockerfile'));
    await expect(goal(ada, 'A stage is named builder')).toContainText('(met)');
    await expect(adaStages).toContainText(`✓ ${total}/${total}`, LIVE);
    await expect(adaStages).toContainText(`complete, ${total} of ${total} goals met`);

    // Ada raises her hand with a question: the dashboard lists it and says so in its live region.
    await bar(ada).getByRole('button', { name: 'Raise hand…' }).click();
    await ada.getByLabel('Your question (optional)').fill('Why is COPY --from needed?');
    await ada.getByRole('button', { name: 'Raise hand', exact: true }).click();
    await expect(bar(ada)).toContainText('Your hand is up: “Why is COPY --from needed?”');
    const hands = dash.getByRole('list', { name: /Raised hands/ });
    await expect(hands.getByRole('listitem')).toHaveCount(1, LIVE);
    await expect(hands.getByRole('listitem')).toContainText('Ada');
    await expect(hands.getByRole('listitem')).toContainText('“Why is COPY --from needed?”');
    await expect(dash.locator('[data-dash-live]')).toContainText('Hand raised: Ada', LIVE);
    await expectNoAxeViolations(dash);

    // The instructor answers: the hand goes from the dashboard, and Ada's page says so.
    await hands.getByRole('button', { name: 'Answered: Ada' }).click();
    await expect(hands.getByRole('listitem')).toHaveCount(0, LIVE);
    await expect(bar(ada)).toContainText('The instructor answered your raised hand', LIVE);
    await expect(bar(ada).getByRole('button', { name: 'Raise hand…' })).toBeVisible();

    // An announcement reaches both attendees, read out politely.
    await dash.getByLabel('Message to every attendee').fill('Break until 11:00');
    await dash.getByRole('button', { name: 'Announce' }).click();
    await expect(bar(ada)).toContainText('From the instructor: Break until 11:00', LIVE);
    await expect(bar(grace)).toContainText('From the instructor: Break until 11:00', LIVE);
    await expect(grace.locator('[data-class-live]')).toContainText('Break until 11:00');

    // A hint pushed for the stages lesson shows on Ada's stages page, not on Grace's copy-from page.
    await dash.getByLabel('Lesson', { exact: true }).selectOption('stages');
    await dash.getByLabel(/^Hint/).fill('Name the first stage with AS builder.');
    await dash.getByRole('button', { name: 'Push the hint' }).click();
    await expect(bar(ada)).toContainText('Hint from the instructor: Name the first stage with AS builder.', LIVE);
    await expect(bar(grace)).not.toContainText('Name the first stage');

    // Grace uses the solution and builds: the dashboard marks the solution and counts the build.
    await openExercise(grace, '/lessons/copy-from/');
    await grace.getByRole('button', { name: 'Show solution' }).click();
    await grace.getByRole('button', { name: 'Use the solution' }).click();
    const graceCopyFrom = row(graceName).getByRole('cell').nth(2);
    await expect(graceCopyFrom).toContainText(/✓ (\d+)\/\1 S/, LIVE);
    await expect(graceCopyFrom).toContainText('used the solution');
    await build(grace);
    await expect(graceCopyFrom).toContainText('1 build', LIVE);

    // A new lesson page in the same tab: still the same attendee, and the announcement is still there.
    await ada.goto('/lessons/copy-from/');
    await expect(bar(ada)).toContainText('In class as Ada');
    await expect(bar(ada)).toContainText('Break until 11:00');
    await expectNoAxeViolations(ada);

    // The CSV export carries the class, with the key in its link.
    const csvHref = await dash.getByRole('link', { name: 'Export progress as CSV' }).getAttribute('href');
    expect(csvHref).toMatch(/^\/api\/dashboard\/export\.csv\?key=/);
    const csv = await dash.context().request.get(csvHref!);
    expect(csv.status()).toBe(200);
    expect(await csv.text()).toContain('Ada');

    // A second tab of the same browser is the same attendee, not a second row.
    const adaTab = await ada.context().newPage();
    await adaTab.goto('/lessons/go-scratch/');
    await expect(bar(adaTab)).toContainText('In class as Ada');
    await expect(table.getByRole('rowheader')).toHaveCount(2);

    // Leaving: one click; the dashboard no longer lists Ada, her pages are back to Join class.
    await bar(ada).getByRole('button', { name: 'Leave' }).click();
    await expect(bar(ada).getByRole('button', { name: 'Join class' })).toBeVisible();
    await expect(bar(ada)).toContainText('You left the class');
    await expect(row('Ada')).toHaveCount(0, LIVE);
    expect(await ada.evaluate(() => localStorage.getItem('stagecraft:class:v1'))).toBeNull();
    await expect(bar(adaTab)).toContainText('You left the class in another tab');
    await expect(bar(adaTab).getByRole('button', { name: 'Join class' })).toBeVisible();

    // A token the server does not know (a new class database): forgotten, and said so.
    await grace.evaluate(() => {
      const a = JSON.parse(localStorage.getItem('stagecraft:class:v1')!);
      localStorage.setItem('stagecraft:class:v1', JSON.stringify({ ...a, token: 'not-a-token-of-this-class' }));
    });
    await grace.reload();
    await expect(bar(grace)).toContainText('The class server no longer knows you');
    await expect(bar(grace).getByRole('button', { name: 'Join class' })).toBeVisible();
    expect(await grace.evaluate(() => localStorage.getItem('stagecraft:class:v1'))).toBeNull();
    await expect(dash.locator('[data-dash-updated]')).toContainText('Live: updated');
  });

  test('at 360 px the class bar stays in the page flow and nothing scrolls sideways', async ({ browser }) => {
    const phone = await open(browser, { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    await phone.goto('/lessons/stages/');
    await bar(phone).getByRole('button', { name: 'Join class' }).click();
    // 360, not innerWidth: a phone widens its layout viewport to fit content that overflows.
    const noSideways = () => phone.evaluate(() => document.documentElement.scrollWidth <= 360);
    expect(await noSideways()).toBe(true);
    await phone.getByLabel('Class code').fill(CODE);
    await phone.getByLabel('Display name').fill('Linus');
    await phone.getByRole('button', { name: 'Join', exact: true }).click();
    await expect(bar(phone)).toContainText('In class as Linus');
    expect(await bar(phone).evaluate((el) => getComputedStyle(el).position)).toBe('static');
    expect(await noSideways()).toBe(true);
    await expectNoAxeViolations(phone);

    const dash = await open(browser, { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    await dash.goto(`/class/dashboard/#key=${key}`);
    await expect(dash.getByRole('rowheader', { name: 'Linus' })).toBeVisible();
    expect(await dash.evaluate(() => document.documentElement.scrollWidth <= 360)).toBe(true);
    await expect(dash.getByRole('region', { name: /Progress by attendee and lesson/ })).toBeVisible();
  });

  test('the server restarts: the page reconnects by itself, still the same attendee, and hears what is sent next', async ({ browser }) => {
    test.setTimeout(90_000);
    const mae = await open(browser);
    await joinClass(mae, 'Mae');
    await stopServer();
    await expect(bar(mae)).toContainText('reconnecting to the class server');
    await startServer(Number(new URL(base).port));
    await expect(bar(mae)).not.toContainText('reconnecting', { timeout: 15_000 });
    const res = await mae.context().request.post('/api/dashboard/announce', { headers: { authorization: `Bearer ${key}` }, data: { text: 'We are back' } });
    expect(res.status()).toBe(204);
    await expect(bar(mae)).toContainText('From the instructor: We are back', LIVE);
    await expect(bar(mae)).toContainText('In class as Mae');
  });
});

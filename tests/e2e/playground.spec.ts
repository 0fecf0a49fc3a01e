import { cpSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page, type Request } from '@playwright/test';
import { expectNoAxeViolations, recordCspViolations } from './support';

/**
 * The playground (/playground/): a pasted Dockerfile gets findings and a build; a
 * project folder picked through the directory input is read in the browser (what
 * it holds, what .dockerignore leaves out, where the bytes are, suggestions) and no
 * request carries its files; Apply edits the Dockerfile and Ctrl+Z undoes it; a
 * share link brings the Dockerfile back in a new page.
 */

const fixture = fileURLToPath(new URL('../fixtures/playground/node-app', import.meta.url));
const made: string[] = [];

/** The fixture as a real folder: Git cannot store `.git`, so the copy gets it back from `dot-git`. */
function fixtureFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'stagecraft-playground-'));
  made.push(dir);
  const app = join(dir, 'tiny-app');
  cpSync(fixture, app, { recursive: true });
  renameSync(join(app, 'dot-git'), join(app, '.git'));
  return app;
}

test.afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

const dockerfileEditor = (page: Page) => page.locator('[data-editor-host="Dockerfile"] .monaco-editor');
const outcome = (page: Page) => page.locator('[data-build-output]').locator('.build-figures, .build-problem').first();

/** Opens the playground and waits for the editor and the first build (of the first sample). */
async function openPlayground(page: Page, path = '/playground/'): Promise<void> {
  await page.goto(path);
  await expect(dockerfileEditor(page)).toBeVisible({ timeout: 30_000 });
  await expect(outcome(page)).toBeVisible({ timeout: 45_000 });
}

async function build(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Build', exact: true }).click();
  await expect(page.locator('[data-build-output] .build-log')).toBeVisible({ timeout: 45_000 });
  await expect(outcome(page)).toBeVisible({ timeout: 45_000 });
}

/** Replaces the Dockerfile, as a paste would: focus goes to the editor's own text box (a tap on a phone may land elsewhere). */
async function setDockerfile(page: Page, text: string): Promise<void> {
  await page.getByRole('textbox', { name: /^Dockerfile editor/ }).focus();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

const pageOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

test.describe('the playground', () => {
  test('a pasted Dockerfile gets Docker’s and hadolint’s findings and a simulated build', async ({ page }) => {
    const csp = recordCspViolations(page);
    await openPlayground(page);
    await expect(page.getByText('Your folder is read in your browser, never uploaded.')).toBeVisible();
    await setDockerfile(page, 'FROM node\nMAINTAINER someone@example.com\nWORKDIR /app\nCOPY . .\nRUN npm install\nRUN npm run build\nCMD node dist/server.js\n');
    const problems = page.locator('[data-diagnostics-list]');
    await expect(problems.getByRole('heading', { name: 'Docker would report' })).toBeVisible({ timeout: 15_000 });
    await expect(problems).toContainText('MaintainerDeprecated');
    await expect(problems).toContainText('JSONArgsRecommended');
    await expect(problems.getByRole('heading', { name: 'hadolint would report' })).toBeVisible();
    await expect(problems).toContainText('DL3006');
    await build(page);
    const output = page.locator('[data-build-output]');
    await expect(output.locator('.build-figures')).toContainText('Image size');
    await expect(output.getByRole('table', { name: /docker history/ })).toBeVisible();
    // `node` has no tag: Stagecraft says what it stands in with, beside the figures.
    await expect(output.locator('.build-notes, .build-unknowns').first()).toBeVisible();
    expect(await pageOverflow(page)).toBeLessThanOrEqual(0);
    expect(csp).toEqual([]);
  });

  test('a Dockerfile opened from disk, or dropped, goes into the editor', async ({ page }) => {
    await openPlayground(page);
    await page.locator('[data-open-dockerfile]').setInputFiles({ name: 'Dockerfile', mimeType: 'text/plain', buffer: Buffer.from('FROM alpine:3.20\n# opened from disk\n') });
    await expect(dockerfileEditor(page)).toContainText('opened from disk');
    await expect(page.locator('[data-playground-notice]')).toContainText('not uploaded');
    // A single file dropped on the folder area is a Dockerfile too.
    const drop = await page.evaluateHandle(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(['FROM busybox:1.36\n# dropped here\n'], 'Dockerfile'));
      return dt;
    });
    await page.locator('[data-drop-zone]').dispatchEvent('drop', { dataTransfer: drop });
    await expect(dockerfileEditor(page)).toContainText('dropped here');
  });

  test('a picked folder is read in the browser: its context, what .dockerignore leaves out, the breakdown and suggestions, and nothing is sent', async ({ page, baseURL }) => {
    const csp = recordCspViolations(page);
    await openPlayground(page);
    const requests: Request[] = [];
    page.on('request', (r) => requests.push(r));

    await page.locator('[data-folder-input]').setInputFiles(fixtureFolder());
    const read = page.locator('[data-folder-read]');
    await expect(read).toContainText('Read tiny-app in this browser', { timeout: 30_000 });
    await expect(read).toContainText('Nothing was uploaded');
    await expect(page.getByLabel('Project files')).toHaveValue('folder');
    // The folder's own Dockerfile and .dockerignore are in the editors.
    await expect(dockerfileEditor(page)).toContainText('src/server.js');
    await expect(page.locator('[data-editor-host=".dockerignore"] .monaco-editor')).toContainText('*.md');
    // Its real node_modules and .git, measured.
    await expect(page.getByRole('table', { name: /biggest folders/ })).toContainText('node_modules/');

    // The build on it: the context, and which .dockerignore line leaves out what.
    const output = page.locator('[data-build-output]');
    await expect(output.locator('.build-figures')).toBeVisible({ timeout: 45_000 });
    const contextTable = output.getByRole('table', { name: /biggest entries of the project folder/ });
    await expect(contextTable.getByRole('row').filter({ hasText: '.git/' })).toContainText('ignored by line 2');
    await expect(contextTable.getByRole('row').filter({ hasText: 'README.md' })).toContainText('ignored by line 3');
    await expect(contextTable.getByRole('row').filter({ hasText: '.env' })).toContainText('sent');
    await expect(output).toContainText(/Sent to the builder: .* in \d+ files/);

    // Where the bytes are: the secret the folder's .env put in the image is named.
    const breakdown = output.locator('.advise-breakdown');
    await expect(breakdown.getByRole('heading', { name: 'Where the bytes are' })).toBeVisible();
    await expect(breakdown.getByRole('table')).toContainText('secrets (.env)');
    // What would make it smaller, simulated.
    const suggestions = output.locator('.advise-suggestions');
    await expect(suggestions.locator('.advise-item').first()).toBeVisible({ timeout: 45_000 });
    await expect(suggestions.locator('.advise-item').first()).toContainText(/saves/);

    // Nothing left the browser: every request since the pick is a same-origin GET of a static asset.
    const origin = new URL(baseURL!).origin;
    const offending = requests.filter((r) => {
      const url = new URL(r.url());
      if (url.protocol === 'data:' || url.protocol === 'blob:') return false;
      return url.origin !== origin || r.method() !== 'GET' || r.postData() !== null || !/^\/(_astro\/|playground\/projects\/|favicon)/.test(url.pathname);
    });
    expect(offending.map((r) => `${r.method()} ${r.url()}`)).toEqual([]);
    expect(requests.some((r) => r.url().includes('API_TOKEN') || (r.postData() ?? '').includes('API_TOKEN'))).toBe(false);
    expect(await pageOverflow(page)).toBeLessThanOrEqual(0);
    expect(csp).toEqual([]);
  });

  test('Apply puts a suggestion in the Dockerfile, and Ctrl+Z undoes it', async ({ page }) => {
    await openPlayground(page);
    const first = page.locator('[data-build-output] .advise-suggestions .advise-item').first();
    await expect(first).toBeVisible({ timeout: 45_000 });
    // The lesson that teaches it is linked by its title, as in the course (this page has no course navigation).
    const link = first.locator('.advise-lesson a');
    const href = (await link.getAttribute('href'))!;
    const titles = JSON.parse((await page.locator('script[data-lesson-titles]').textContent())!) as Record<string, string>;
    await expect(link).toHaveText(titles[href.replace(/^\/lessons\/|\/$/g, '')]!);
    const lines = dockerfileEditor(page).locator('.view-lines');
    const before = (await lines.textContent()) ?? '';
    // A line the edit adds (its diff's first + line with text), to find in the editor.
    const added = (await first.locator('.advise-diff-add').allTextContents()).map((l) => l.slice(1).trim()).find((l) => l !== '' && !before.replace(/\s+/g, ' ').includes(l));
    expect(added, 'the first suggestion adds a line').toBeTruthy();
    await first.getByRole('button', { name: /^Apply/ }).click();
    await expect(dockerfileEditor(page)).toContainText(added!);
    await expect(page.locator('[data-build-output] .advise-applied')).toBeVisible();
    await page.getByRole('textbox', { name: /^Dockerfile editor/ }).focus();
    await page.keyboard.press('ControlOrMeta+Z');
    await expect(dockerfileEditor(page)).not.toContainText(added!);
    await expect(lines).toHaveText(before);
  });

  test('a share link brings the Dockerfile and the sample project back, in a new page', async ({ page, context }) => {
    await openPlayground(page);
    await page.getByLabel('Project files').selectOption('go-http');
    await expect(dockerfileEditor(page)).toContainText('golang', { timeout: 15_000 });
    const text = 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /server ./cmd/server\nCMD ["/server"]\n# shared from the playground\n';
    await setDockerfile(page, text);
    await page.getByRole('button', { name: 'Share' }).click();
    await expect(page.getByText('never your folder')).toBeVisible();
    const url = await page.getByRole('textbox', { name: 'Share link' }).inputValue();
    expect(url).toMatch(/\/playground\/#share=v1\.[A-Za-z0-9_-]+&project=go-http$/);

    const other = await context.newPage();
    await openPlayground(other, url.replace(/^https?:\/\/[^/]+/, ''));
    await expect(dockerfileEditor(other)).toContainText('shared from the playground');
    await expect(other.getByLabel('Project files')).toHaveValue('go-http');
    await expect(other.locator('[data-playground-notice]')).toContainText('share link');
    // The link is read once: the address no longer carries it.
    expect(new URL(other.url()).hash).toBe('');
  });

  test('what was typed is still there after a reload; a picked folder is not kept', async ({ page }) => {
    await openPlayground(page);
    await setDockerfile(page, 'FROM node:20-alpine\n# kept in this browser\n');
    await page.reload();
    await expect(dockerfileEditor(page)).toContainText('kept in this browser', { timeout: 30_000 });
    await page.locator('[data-folder-input]').setInputFiles(fixtureFolder());
    await expect(page.locator('[data-folder-read]')).toBeVisible({ timeout: 30_000 });
    await page.reload();
    await expect(dockerfileEditor(page)).toContainText('src/server.js', { timeout: 30_000 });
    await expect(page.locator('[data-playground-notice]')).toContainText('Your folder is not kept');
    await expect(page.getByLabel('Project files')).toHaveValue('none');
  });

  test('has no accessibility violations once it has built', async ({ page }) => {
    await openPlayground(page);
    await expect(page.locator('[data-build-output] .advise-suggestions .advise-item, [data-build-output] .advise-none').first()).toBeVisible({ timeout: 45_000 });
    await expectNoAxeViolations(page);
  });
});

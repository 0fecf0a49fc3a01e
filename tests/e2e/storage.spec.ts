import { expect, test, type Locator, type Page } from '@playwright/test';
import { lessonFileText, openExercise, setEditorText } from './exercise-support';
import { expectNoAxeViolations } from './support';

/** Saved work must survive what issue 10 found: a huge paste, a full storage, two tabs, an import. */

const lessonKey = (id: string) => `stagecraft:v2:lesson:${id}`;
const stored = (page: Page, id: string) =>
  page.evaluate((key) => {
    const raw = localStorage.getItem(key);
    return raw === null ? null : (JSON.parse(raw) as { files: Record<string, string>; complete: boolean; hintsShown: number });
  }, lessonKey(id));
const storedDockerfile = async (page: Page, id: string) => (await stored(page, id))?.files.Dockerfile ?? null;
const notice = (page: Page) => page.locator('[data-exercise] [data-storage-notice]');
const editorText = (page: Page) => page.locator('.editor-host:visible .view-lines').first();

/** Pastes into the visible editor, replacing its text: a real paste event (typing megabytes through the keyboard takes minutes). */
async function paste(page: Page, text: string) {
  const editor = page.locator('.editor-host:visible .monaco-editor').first();
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.evaluate((t) => {
    const data = new DataTransfer();
    data.setData('text/plain', t);
    document.activeElement!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

/** Every storage key a notice names is really there. */
async function expectNamedKeysExist(page: Page, box: Locator) {
  const text = (await box.textContent()) ?? '';
  const keys = [...text.matchAll(/“(stagecraft:[^”]+)”/g)].map((m) => m[1]!);
  for (const key of keys) expect(await page.evaluate((k) => localStorage.getItem(k) !== null, key), `${key} (named by the notice)`).toBe(true);
}

test.describe('saved work', () => {
  test('a 2.6 MB paste is not saved, the page says so, and a reload loses nothing that was saved', async ({ page }) => {
    test.setTimeout(120_000);
    await page.goto('/');
    // Work saved by the older format, to be moved over on the first visit.
    await page.evaluate(() =>
      localStorage.setItem('stagecraft:v1', JSON.stringify({ version: 1, lessons: { 'why-images-are-huge': { complete: true, files: { Dockerfile: 'FROM node:20-alpine\n# lesson-one-work\n' } } }, settings: {} })),
    );
    await openExercise(page, '/lessons/stages/');
    await setEditorText(page, 'FROM alpine:3.20 AS builder\n# saved-before-the-paste\n');
    await expect.poll(() => storedDockerfile(page, 'stages')).toContain('# saved-before-the-paste');

    const big = `FROM alpine:3.20 AS builder\n# the-big-paste\n${`# ${'x'.repeat(97)}\n`.repeat(26_000)}`;
    expect(big.length).toBeGreaterThan(2_600_000);
    await paste(page, big);
    await expect(notice(page)).toContainText('Dockerfile is NOT saved', { timeout: 30_000 });
    await expect(notice(page)).toContainText('The editor still has your text');
    await expect(editorText(page)).toContainText('xxxxxxxx');
    expect(await storedDockerfile(page, 'stages')).toContain('# saved-before-the-paste');

    await openExercise(page, '/lessons/stages/');
    await expect(editorText(page)).toContainText('# saved-before-the-paste');
    await expect(notice(page)).toContainText('was too big to save');
    await expect(notice(page)).toContainText('This is the version saved before it.');
    await expect(notice(page)).not.toContainText('set it aside');
    await expectNamedKeysExist(page, notice(page));
    // Every other lesson's work and ticks are still there.
    expect(await stored(page, 'why-images-are-huge')).toMatchObject({ complete: true, files: { Dockerfile: 'FROM node:20-alpine\n# lesson-one-work\n' } });
    await expect(page.locator('[data-progress-tick="why-images-are-huge"]').first()).toHaveText('✓');
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('stagecraft:set-aside:')))).toEqual([]);
  });

  test('storage full: the page says the change is not saved, and what was saved stays intact', async ({ page }) => {
    test.setTimeout(90_000);
    // localStorage refuses a write that would take it over 400,000 bytes (2 bytes a character, as browsers count).
    await page.addInitScript(() => {
      const limit = 400_000;
      const real = Storage.prototype.setItem;
      Storage.prototype.setItem = function (key: string, value: string) {
        if (this === window.localStorage) {
          let used = 0;
          for (let i = 0; i < this.length; i++) {
            const k = this.key(i)!;
            if (k !== key) used += (k.length + (this.getItem(k) ?? '').length) * 2;
          }
          if (used + (key.length + String(value).length) * 2 > limit) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        }
        return real.call(this, key, value);
      };
    });
    await openExercise(page, '/lessons/stages/');
    await setEditorText(page, 'FROM alpine:3.20 AS builder\n# fits-in-storage\n');
    await expect.poll(() => storedDockerfile(page, 'stages')).toContain('# fits-in-storage');

    await paste(page, `FROM alpine:3.20 AS builder\n# too-big-for-this-storage\n${`# ${'y'.repeat(97)}\n`.repeat(2500)}`);
    await expect(notice(page)).toContainText('Not saved: this browser’s storage for the site is full', { timeout: 15_000 });
    await expect(notice(page)).toContainText('What was saved before is unchanged.');
    await expectNamedKeysExist(page, notice(page));
    expect(await storedDockerfile(page, 'stages')).toContain('# fits-in-storage');
    expect(await storedDockerfile(page, 'stages')).not.toContain('# too-big-for-this-storage');

    // Smaller again: saved, and the page says so instead of leaving "not saved" up.
    await setEditorText(page, 'FROM alpine:3.20 AS builder\n# smaller-again\n');
    await expect(notice(page)).toHaveText('Your work is saved again.');
    await expect.poll(() => storedDockerfile(page, 'stages')).toContain('# smaller-again');
    await openExercise(page, '/lessons/stages/');
    await expect(editorText(page)).toContainText('# smaller-again');
  });
});

test.describe('two tabs', () => {
  test('on different lessons: both tabs’ work and ticks survive, and each tab sees the other’s tick', async ({ context }) => {
    test.setTimeout(90_000);
    const one = await context.newPage();
    const two = await context.newPage();
    await openExercise(one, '/lessons/stages/');
    await openExercise(two, '/lessons/copy-from/');
    const stages = `${lessonFileText('02-stages/solution/Dockerfile')}\n# tab-one\n`;
    const copyFrom = `${lessonFileText('03-copy-from/solution/Dockerfile')}\n# tab-two\n`;
    await setEditorText(one, stages);
    await expect.poll(() => storedDockerfile(one, 'stages')).toContain('# tab-one');
    await setEditorText(two, copyFrom);
    await expect.poll(() => storedDockerfile(two, 'copy-from')).toContain('# tab-two');
    await expect(one.locator('[data-complete]')).toBeVisible({ timeout: 15_000 });
    await expect(two.locator('[data-complete]')).toBeVisible({ timeout: 15_000 });
    // A completion in either tab reaches the other's course navigation.
    await expect(one.locator('[data-progress-tick="copy-from"]').first()).toHaveText('✓');
    await expect(two.locator('[data-progress-tick="stages"]').first()).toHaveText('✓');
    // One more edit in each, after the other's: neither undoes the other.
    await setEditorText(one, `${stages}# tab-one-again\n`);
    await expect.poll(() => storedDockerfile(one, 'stages')).toContain('# tab-one-again');
    await expect.poll(async () => (await stored(one, 'copy-from'))?.files.Dockerfile).toContain('# tab-two');

    await openExercise(one, '/lessons/stages/');
    await expect(editorText(one)).toContainText('# tab-one-again');
    await openExercise(two, '/lessons/copy-from/');
    await expect(editorText(two)).toContainText('# tab-two');
    expect(await stored(one, 'stages')).toMatchObject({ complete: true });
    expect(await stored(one, 'copy-from')).toMatchObject({ complete: true });
  });

  test('on the same lesson: an idle tab follows, and when both changed it the learner chooses', async ({ context }) => {
    test.setTimeout(90_000);
    const one = await context.newPage();
    const two = await context.newPage();
    // Lets the test hold back the second tab's storage events, as a busy or backgrounded tab would get them late.
    await two.addInitScript(() => {
      window.addEventListener('storage', (e) => void ((window as unknown as { holdStorage?: boolean }).holdStorage && e.stopImmediatePropagation()), true);
    });
    await openExercise(one, '/lessons/stages/');
    await openExercise(two, '/lessons/stages/');

    await setEditorText(one, 'FROM alpine:3.20 AS builder\n# typed-in-tab-one\n');
    await expect(editorText(two)).toContainText('# typed-in-tab-one', { timeout: 10_000 });

    // Both change the Dockerfile before hearing of the other's change.
    await two.evaluate(() => void ((window as unknown as { holdStorage?: boolean }).holdStorage = true));
    // Stored text that looks like markup is shown as text.
    await setEditorText(one, 'FROM alpine:3.20 AS builder\n# one-edit <img src=x onerror="window.pwned=1">\n');
    await expect.poll(() => storedDockerfile(one, 'stages')).toContain('# one-edit');
    await setEditorText(two, 'FROM alpine:3.20 AS builder\n# two-edit\n');
    const panel = two.getByRole('region', { name: 'This lesson was also changed in another tab' });
    await expect(panel).toBeVisible({ timeout: 10_000 });
    await expect(panel.locator('pre').nth(0)).toHaveText(/# two-edit/);
    await expect(panel.locator('pre').nth(1)).toContainText('# one-edit <img src=x onerror="window.pwned=1">');
    await expect(panel.locator('img')).toHaveCount(0);
    expect(await two.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    await expect(panel.getByRole('list')).toContainText('only in this tab: # two-edit');
    await expect(panel.getByRole('list')).toContainText('only in the other tab: # one-edit');
    // Nothing was overwritten while the question is open.
    expect(await storedDockerfile(one, 'stages')).toContain('# one-edit');
    await expectNoAxeViolations(two);

    // Keyboard: keep this tab's version.
    await panel.getByRole('button', { name: 'Keep this tab’s version' }).focus();
    await two.keyboard.press('Enter');
    await expect(panel).toBeHidden();
    await expect.poll(() => storedDockerfile(two, 'stages')).toContain('# two-edit');
    await expect(editorText(one)).toContainText('# two-edit', { timeout: 10_000 });

    // Again, and this time take the other tab's version.
    await setEditorText(one, 'FROM alpine:3.20 AS builder\n# one-again\n');
    await expect.poll(() => storedDockerfile(one, 'stages')).toContain('# one-again');
    await setEditorText(two, 'FROM alpine:3.20 AS builder\n# two-again\n');
    await expect(panel).toBeVisible({ timeout: 10_000 });
    await panel.getByRole('button', { name: 'Use the other tab’s version' }).click();
    await expect(panel).toBeHidden();
    await expect(editorText(two)).toContainText('# one-again');
    await two.evaluate(() => void ((window as unknown as { holdStorage?: boolean }).holdStorage = false));
    await openExercise(two, '/lessons/stages/');
    await expect(editorText(two)).toContainText('# one-again');
  });
});

test.describe('import', () => {
  const progressFile = (lessons: Record<string, unknown>) => ({
    name: 'stagecraft-progress.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ version: 1, lessons, settings: { fontSize: 14 }, app: 'stagecraft' })),
  });

  test('shows what it changes, asks first, and a lesson tab already open takes it instead of undoing it', async ({ context }) => {
    test.setTimeout(90_000);
    const lesson = await context.newPage();
    const home = await context.newPage();
    await openExercise(lesson, '/lessons/stages/');
    await setEditorText(lesson, 'FROM alpine:3.20 AS builder\n# before-the-import\n');
    await expect.poll(() => storedDockerfile(lesson, 'stages')).toContain('# before-the-import');

    await home.goto('/');
    // An empty but valid file does not wipe anything without asking.
    await home.getByLabel('Import progress').setInputFiles(progressFile({}));
    const preview = home.getByRole('group', { name: 'What this file would change' });
    await expect(preview).toContainText('This file is empty: importing it removes all the progress saved in this browser.');
    await expect(preview).toContainText('Removed: saved here but not in the file (1)');
    await preview.getByRole('button', { name: 'Cancel' }).click();
    await expect(home.getByRole('status').filter({ hasText: 'Nothing was imported' })).toBeVisible();
    expect(await storedDockerfile(home, 'stages')).toContain('# before-the-import');

    await home.getByLabel('Import progress').setInputFiles(progressFile({ stages: { files: { Dockerfile: 'FROM alpine:3.20 AS builder\n# imported\n' } }, 'go-scratch': { complete: true } }));
    await expect(preview).toContainText('Added, not saved in this browser yet (1)');
    await expect(preview).toContainText('Replaced: your saved work here is replaced by the file’s (1)');
    expect(await storedDockerfile(home, 'stages')).toContain('# before-the-import');
    await expectNoAxeViolations(home);
    await preview.getByRole('button', { name: 'Replace my progress with the file’s' }).click();
    await expect(home.getByRole('status').filter({ hasText: 'Imported' })).toContainText('Imported progress for 2 lessons (added 1 lesson, replaced 1 lesson)');
    await expect(home.locator('[data-progress-tick="go-scratch"]')).toHaveText('✓');

    // The open lesson tab follows the import …
    await expect(editorText(lesson)).toContainText('# imported', { timeout: 10_000 });
    await expect(lesson.locator('[data-progress-tick="go-scratch"]').first()).toHaveText('✓');
    // … and its next save keeps it.
    await lesson.locator('[data-hint-button]').click();
    await expect.poll(async () => (await stored(lesson, 'stages'))?.hintsShown).toBe(1);
    expect(await storedDockerfile(lesson, 'stages')).toContain('# imported');
    await openExercise(lesson, '/lessons/stages/');
    await expect(editorText(lesson)).toContainText('# imported');
  });
});

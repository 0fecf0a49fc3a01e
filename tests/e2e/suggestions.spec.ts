import { expect, test, type Locator, type Page } from '@playwright/test';
import { build, openExercise } from './exercise-support';
import { lessonSimulator } from './simulated';
import { expectNoAxeViolations } from './support';

/** "Where the bytes are" and "What would make it smaller" in the build panel: Apply, undo, re-rank. */

const UNITS: Record<string, number> = { B: 1, kB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12 };
/** `964MB` → 964e6: Docker's decimal units, as the panel prints them. */
function bytesOf(text: string): number {
  const m = /([\d.]+)\s*(TB|GB|MB|kB|B)/.exec(text);
  if (!m) throw new Error(`no size in "${text}"`);
  return Number(m[1]) * UNITS[m[2]!]!;
}

const imageSize = (page: Page) => page.locator('.build-figures dd').first();
const items = (page: Page) => page.locator('.advise-suggestions > .advise-list:not(.advise-cache) > li');
const editorText = (page: Page) => page.locator('.editor-host:visible .view-lines').first();
const storedDockerfile = (page: Page, id: string) =>
  page.evaluate((key) => (JSON.parse(localStorage.getItem(key) ?? '{"files":{}}') as { files: Record<string, string> }).files.Dockerfile ?? null, `stagecraft:v2:lesson:${id}`);
/** How far the section sticks out past the screen or its own box (tables and diffs scroll inside themselves). */
const adviceOverflow = (page: Page) =>
  page.evaluate(() => {
    const box = document.querySelector<HTMLElement>('.advise')!;
    return Math.max(box.getBoundingClientRect().right - document.documentElement.clientWidth, box.scrollWidth - box.clientWidth);
  });

/** Each listed suggestion's title and figures, in the order shown. */
async function listed(page: Page): Promise<Array<{ title: string; saves: number; savesText: string; before: string; after: string }>> {
  const out = [];
  for (const item of await items(page).all()) {
    const title = (await item.locator('.advise-title').textContent())!.trim();
    const line = (await item.locator('.advise-saves').textContent())!;
    const m = /saves ~?(\S+) \((\S+) → (\S+)\)/.exec(line);
    if (!m) throw new Error(`unreadable figures: "${line}"`);
    out.push({ title, saves: bytesOf(m[1]!), savesText: m[1]!, before: m[2]!, after: m[3]! });
  }
  return out;
}

async function expectRanked(list: Array<{ saves: number }>) {
  const savings = list.map((s) => s.saves);
  expect(savings).toEqual([...savings].sort((a, b) => b - a));
}

async function waitForSuggestions(page: Page): Promise<Locator> {
  const box = page.locator('.advise-suggestions');
  await expect(box.getByRole('heading', { name: 'What would make it smaller' })).toBeVisible({ timeout: 30_000 });
  await expect(box.locator('[data-advise-pending]')).toHaveCount(0, { timeout: 30_000 });
  await expect(box.locator('[data-advise-error]')).toHaveCount(0);
  return box;
}

test.describe('where the bytes are, and what would make the image smaller', () => {
  test('lesson 1: the breakdown, Apply the biggest saving, build again smaller by it, the list re-ranked, Ctrl+Z undoes it', async ({ page }) => {
    // Three builds, two suggestion lists and axe: longer than one step of a lesson.
    test.setTimeout(120_000);
    const lesson = 'why-images-are-huge';
    const sim = await lessonSimulator(lesson);
    await openExercise(page, `/lessons/${lesson}/`);
    await build(page);
    const start = sim.imageOfFile('start/Dockerfile');
    await expect(imageSize(page)).toContainText(start.size);

    // Where the bytes are: a row per line and kind, every size shown, the line a button into the editor.
    const table = page.getByRole('table', { name: /^Where the .* are, by Dockerfile line$/ });
    await expect(table).toBeVisible();
    const rows = table.locator('tbody tr[data-category]');
    expect(await rows.count()).toBeGreaterThan(3);
    for (const row of await rows.all()) {
      await expect(row.locator('th')).toHaveText(/\S/);
      await expect(row.locator('td').first()).toHaveText(/^~?[\d.]+(B|kB|MB|GB)$/);
      await expect(row.locator('td').nth(1)).toHaveText(/%$/);
    }
    await expect(table.locator('tbody').filter({ hasText: 'FROM node:20' }).first()).toContainText('base OS');
    await expect(page.getByRole('list', { name: /By kind/ }).getByRole('listitem').first()).toContainText(/\d/);
    await table.getByRole('button', { name: 'Line 5: show it in the editor' }).first().click();
    await expect.poll(() => page.evaluate(() => !!document.activeElement?.closest('.monaco-editor'))).toBe(true);

    // What would make it smaller: ranked by saving, figures against this image.
    await waitForSuggestions(page);
    const first = await listed(page);
    expect(first.length).toBeGreaterThan(0);
    await expectRanked(first);
    for (const s of first) expect(s.before).toBe(start.size);
    await expect(page.locator('.advise-diff').first()).toContainText(/^\+/m);
    expect(await adviceOverflow(page)).toBeLessThanOrEqual(0);
    await expectNoAxeViolations(page);

    // Apply the top one: the editor changes (saved like typing), the suggestion leaves the list.
    const top = first[0]!;
    // The first line the top suggestion's diff adds: what the editor must hold after Apply, and lose after Ctrl+Z.
    const diff = await items(page).filter({ hasText: top.title }).first().locator('.advise-diff').innerText();
    const added = diff.split('\n').find((l) => /^\+(?!\+\+)/.test(l))!.slice(1).trim();
    expect(added).not.toBe('');
    await expect(editorText(page)).not.toContainText(added);
    await page.getByRole('button', { name: `Apply: ${top.title}` }).click();
    await expect(page.locator('[data-advise-applied]')).toContainText(top.title);
    await expect(items(page).filter({ hasText: top.title })).toHaveCount(0);
    await expect.poll(() => page.evaluate(() => !!document.activeElement?.closest('.monaco-editor'))).toBe(true);
    await expect(editorText(page)).toContainText(added);
    await expect.poll(() => storedDockerfile(page, lesson)).toContain(added);
    const applied = (await storedDockerfile(page, lesson))!;
    // The figure the suggestion stated is the simulator's for the edited file.
    expect(sim.image(applied).size).toBe(top.after);

    // Build again: the image is the size stated, smaller by the saving stated.
    await build(page);
    await expect(imageSize(page)).toContainText(top.after);
    const sizes = page.getByRole('table', { name: /this build, the previous one/ });
    await expect(sizes.getByRole('row', { name: /This build/ })).toContainText(`−${top.savesText}`);
    await expect(sizes.getByRole('row', { name: /Previous build/ })).toContainText(top.before);

    // The list is worked out anew for the new file: the applied one is gone, the rest ranked against the new size.
    await waitForSuggestions(page);
    await expect(page.locator('[data-advise-applied]')).toHaveCount(0);
    const second = await listed(page);
    expect(second.map((s) => s.title)).not.toContain(top.title);
    expect(second).not.toEqual(first);
    await expectRanked(second);
    for (const s of second) expect(s.before).toBe(top.after);

    // Ctrl+Z in the editor takes the applied edit back.
    await page.locator('.editor-host:visible .monaco-editor').first().click();
    await page.keyboard.press('ControlOrMeta+Z');
    await expect(editorText(page)).not.toContainText(added);
    await expect(editorText(page)).toContainText('FROM node:20');
    await expect.poll(() => storedDockerfile(page, lesson)).not.toContain(added);
  });

  test('a .dockerignore edit in a lesson whose .dockerignore is fixed says why it cannot be applied', async ({ page }) => {
    await openExercise(page, '/lessons/production-habits/');
    await build(page);
    const box = await waitForSuggestions(page);
    const item = box.locator('li.advise-item').filter({ hasText: '.dockerignore' }).filter({ has: page.locator('.advise-cannot') }).first();
    await expect(item.locator('.advise-cannot')).toContainText('.dockerignore is fixed');
    await expect(item.getByRole('button', { name: /^Apply:/ })).toHaveAttribute('aria-disabled', 'true');
    await expectNoAxeViolations(page);
  });

  test('cache advice is listed apart, with the steps it keeps CACHED', async ({ page }) => {
    await openExercise(page, '/lessons/node-typescript/');
    await build(page);
    const box = await waitForSuggestions(page);
    await expect(box.getByRole('heading', { name: /^For the build cache/ })).toBeVisible();
    const item = box.locator('.advise-cache > li').first();
    await expect(item.locator('.advise-title')).toContainText('Install dependencies before copying the sources');
    await expect(item.locator('.advise-cached')).toContainText('CACHED now: no RUN step');
    await expect(item.locator('.advise-cached')).toContainText(/With this edit, CACHED: .*npm/);
    // Its edit keeps node_modules out of the context too, and this lesson's .dockerignore is not the learner's.
    await expect(item.locator('.advise-cannot')).toContainText('.dockerignore is fixed');
  });

  test('where the lesson lets the learner edit .dockerignore, Apply edits it', async ({ page }) => {
    await openExercise(page, '/lessons/dockerignore/');
    await build(page);
    const box = await waitForSuggestions(page);
    const item = box.locator('li.advise-item').filter({ hasText: 'to .dockerignore' }).first();
    const title = (await item.locator('.advise-title').textContent())!.trim();
    await item.getByRole('button', { name: `Apply: ${title}` }).click();
    await expect(page.getByRole('button', { name: '.dockerignore', exact: true })).toHaveAttribute('aria-pressed', 'true');
    await expect(editorText(page)).toContainText('node_modules');
    await expect(page.locator('[data-advise-applied]')).toContainText(title);
  });
});

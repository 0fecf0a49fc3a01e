import { deflateRawSync } from 'node:zlib';
import { expect, test, type Page } from '@playwright/test';
import { BUILD_LIMIT_MS, CHECK_LIMIT_MS } from '../../src/client/exercise/engine-client';
import { build, goal, lessonFileText, setEditorText } from './exercise-support';

/**
 * The engine worker's watchdog, seen from the page. The Dockerfile below doubles a
 * variable 29 times (2^29 characters by the end): the engine used to freeze on it for
 * good. So that the test stays meaningful once the engine is bounded, the page is
 * given the test-only delay (see testDelayFromPage in engine-client.ts): the worker
 * busy-waits on any check or build of a Dockerfile that contains the doubling.
 */
const doubling = ['ARG A0=x', ...Array.from({ length: 29 }, (_, i) => `ARG A${i + 1}=\${A${i}}\${A${i}}`), 'FROM alpine:${A29}', ''].join('\n');
const marker = '${A28}${A28}';
const shareLink = (text: string) => `share=v1.${deflateRawSync(Buffer.from(text, 'utf8')).toString('base64url')}`;

async function openWithDelay(page: Page, path: string): Promise<void> {
  await page.addInitScript((ifIncludes) => {
    (window as unknown as { __stagecraftTestDelay: unknown }).__stagecraftTestDelay = { ms: 60_000, ifIncludes };
  }, marker);
  await page.goto(path);
  await page.locator('[data-exercise]').scrollIntoViewIfNeeded();
  await page.mouse.wheel(0, 200);
  await expect(page.locator('.monaco-editor').first()).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('[data-goal] .goal-state').first()).not.toBeEmpty({ timeout: 15_000 });
}

const notice = (page: Page) => page.locator('[data-engine-notice]');

test.describe('the engine watchdog', () => {
  test('a freezing share link: the check is stopped with a notice, the editor stays usable, a good edit is checked', async ({ page }) => {
    test.setTimeout(90_000);
    await openWithDelay(page, `/lessons/stages/#${shareLink(doubling)}`);
    const banner = page.locator('[data-share-banner]');
    await expect(banner).toContainText('Someone shared a Dockerfile with you.');

    // A good result on screen first: the solution meets every goal.
    await setEditorText(page, lessonFileText('02-stages/solution/Dockerfile'));
    await expect(page.locator('[data-complete]')).toBeVisible({ timeout: 15_000 });
    const problemsBefore = await page.locator('[data-diagnostics-list]').innerText();

    await page.getByRole('button', { name: 'Use the shared Dockerfile' }).click();
    const clicked = Date.now();
    await expect(page.locator('.view-lines').first()).toContainText('ARG A0=x');

    // While the worker is stuck, the page is not: typing lands in the editor.
    await page.locator('.editor-host:visible .monaco-editor').first().click();
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.type('# still typing');
    await expect(page.locator('.view-lines').first()).toContainText('# still typing');

    await expect(notice(page)).toBeVisible({ timeout: CHECK_LIMIT_MS + 4_000 });
    const waited = Date.now() - clicked;
    expect(waited).toBeGreaterThanOrEqual(CHECK_LIMIT_MS);
    expect(waited).toBeLessThan(CHECK_LIMIT_MS + 4_000);
    await expect(notice(page)).toContainText(`This Dockerfile took too long to check (over ${CHECK_LIMIT_MS / 1000} s), so Stagecraft stopped:`);
    await expect(notice(page)).toContainText('edit the Dockerfile and it is checked again');

    // The last good result is still on screen.
    await expect(goal(page, 'A stage is named builder')).toContainText('(met)');
    await expect(page.locator('[data-complete]')).toBeVisible();
    expect(await page.locator('[data-diagnostics-list]').innerText()).toBe(problemsBefore);

    // A good edit is checked by the restarted worker: the start file meets the goal no longer.
    await setEditorText(page, lessonFileText('02-stages/start/Dockerfile'));
    await expect(goal(page, 'A stage is named builder')).toContainText('(not met)', { timeout: CHECK_LIMIT_MS * 2 + 5_000 });
    await expect(notice(page)).toBeHidden();
    await expect(page.locator('[data-complete]')).toBeHidden();
  });

  test('a build over its limit is stopped with a notice and the last build stays', async ({ page }) => {
    test.setTimeout(120_000);
    await openWithDelay(page, '/lessons/stages/');
    await setEditorText(page, lessonFileText('02-stages/solution/Dockerfile'));
    await expect(page.locator('[data-complete]')).toBeVisible({ timeout: 15_000 });
    await build(page);
    await expect(page.locator('.build-figures')).toBeVisible();

    await setEditorText(page, doubling);
    await expect(notice(page)).toContainText('took too long to check', { timeout: CHECK_LIMIT_MS + 4_000 });
    await page.getByRole('button', { name: 'Build', exact: true }).click();
    const error = page.locator('[data-build-error]');
    await expect(error).toContainText(`This Dockerfile took too long to build (over ${BUILD_LIMIT_MS / 1000} s), so Stagecraft stopped`, { timeout: BUILD_LIMIT_MS + 8_000 });
    // The build from before is still shown, marked as of other files.
    await expect(page.locator('[data-build-output] .build-figures')).toBeVisible();
    await expect(page.locator('[data-build-output] .build-stale')).toBeVisible();

    await setEditorText(page, lessonFileText('02-stages/solution/Dockerfile'));
    await expect(notice(page)).toBeHidden({ timeout: 10_000 });
    await build(page);
    await expect(error).toHaveCount(0);
    // The restarted engine kept the build cache: the same Dockerfile's steps are CACHED, as in BuildKit.
    await expect(page.locator('.build-log')).toContainText('CACHED');
  });
});

import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './support';
import { build, goal, lessonFileText, openExercise, setEditorText } from './exercise-support';
import { lessonSimulator } from './simulated';

test.describe('the exercise', () => {
  test('loads the editor only when the learner comes near it', async ({ page }) => {
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto('/lessons/stages/');
    await page.waitForLoadState('networkidle');
    expect(requests.filter((u) => /monaco|editor\.worker|engine\.worker|\/exercise\//.test(u))).toEqual([]);
    await page.mouse.wheel(0, 600);
    await page.locator('[data-exercise]').scrollIntoViewIfNeeded();
    await expect(page.locator('.monaco-editor').first()).toBeVisible({ timeout: 30_000 });
  });

  test('opened at the exercise, the page waits for the learner before loading the editor', async ({ page }) => {
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto('/lessons/stages/#exercise-heading');
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(800);
    expect(requests.filter((u) => /monaco/.test(u))).toEqual([]);
    await page.keyboard.press('Tab');
    await expect(page.locator('.monaco-editor').first()).toBeVisible({ timeout: 30_000 });
  });

  test('stages: typing the fix turns the goals met and completes the lesson', async ({ page }) => {
    await openExercise(page, '/lessons/stages/');
    await expect(goal(page, 'A stage is named builder')).toContainText('(not met)');
    await setEditorText(page, lessonFileText('02-stages/solution/Dockerfile'));
    await expect(goal(page, 'A stage is named builder')).toContainText('(met)');
    await expect(page.getByRole('list', { name: 'Goals' }).getByText('(not met)')).toHaveCount(0);
    await expect(page.locator('[data-complete]')).toBeVisible();
    await expect(page.getByRole('link', { name: /^Next:/ })).toHaveAttribute('href', '/lessons/copy-from/');
    await expect(page.locator('[data-progress-tick="stages"]')).toHaveText('✓');
  });

  test('node-typescript: Build shows the size and the change against the previous build', async ({ page }) => {
    // The figures the page must show, from the engine itself.
    const sim = await lessonSimulator('node-typescript');
    const started = sim.imageOfFile('start/Dockerfile');
    const solved = sim.imageOfFile('solution/Dockerfile');
    expect(solved.bytes).toBeLessThan(started.bytes);
    await openExercise(page, '/lessons/node-typescript/');
    await build(page);
    await expect(page.locator('.build-figures dd').first()).toContainText(started.size);
    await setEditorText(page, lessonFileText('04-node-typescript/solution/Dockerfile'));
    await build(page);
    await expect(page.locator('.build-figures dd').first()).toContainText(solved.size);
    await expect(page.locator('.build-figures dd').nth(1)).toContainText(solved.compressedSize);
    const table = page.getByRole('table', { name: /this build, the previous one/ });
    await expect(table.getByRole('row', { name: /This build/ })).toContainText(solved.size);
    await expect(table.getByRole('row', { name: /This build/ })).toContainText('smaller');
    await expect(table.getByRole('row', { name: /Previous build/ })).toContainText(started.size);
    await expect(table.getByRole('row', { name: /Single-stage baseline/ })).toContainText(sim.baseline().size);
    await expect(page.getByRole('table', { name: /docker history/ })).toBeVisible();
  });

  test('go-scratch: a cgo binary on scratch shows the runtime failure, the fix clears it', async ({ page }) => {
    await openExercise(page, '/lessons/go-scratch/');
    await setEditorText(page, lessonFileText('05-go-scratch/solution/Dockerfile').replace('CGO_ENABLED=0 ', ''));
    await build(page);
    await expect(page.getByRole('alert').filter({ hasText: 'docker run would fail' })).toContainText('exec /server: no such file or directory');
    await setEditorText(page, lessonFileText('05-go-scratch/solution/Dockerfile'));
    await build(page);
    await expect(page.getByRole('alert').filter({ hasText: 'docker run would fail' })).toHaveCount(0);
    await expect(goal(page, 'The image is under 10 MB')).toContainText('(met)');
  });

  test('a failed build says where and why, and a typo in a stage name reads as Docker would report it', async ({ page }) => {
    await openExercise(page, '/lessons/copy-from/');
    await setEditorText(page, 'FROM alpine:3.20 AS build\nRUN mkdir /out\nFROM alpine:3.20\nCOPY --from=biuld /out /out\n');
    await build(page);
    const alert = page.getByRole('alert').filter({ hasText: 'The build failed' });
    await expect(alert).toContainText('The build failed at line 4: ');
    await expect(alert).toContainText('docker.io/library/biuld:latest: pull access denied');
    await expect(alert).toContainText('Did you mean --from=build?');
  });

  test('dockerignore: the .dockerignore is editable and shrinks the context', async ({ page }) => {
    await openExercise(page, '/lessons/dockerignore/');
    await expect(goal(page, /context/i).first()).toContainText('(not met)');
    await page.getByRole('button', { name: '.dockerignore', exact: true }).click();
    await setEditorText(page, lessonFileText('06-dockerignore/solution/.dockerignore'));
    await expect(page.getByRole('list', { name: 'Goals' }).getByText('(not met)')).toHaveCount(0, { timeout: 15_000 });
  });

  test('reload keeps the work, and Reset can be undone', async ({ page }) => {
    await openExercise(page, '/lessons/stages/');
    await setEditorText(page, 'FROM alpine:3.20 AS builder\n');
    await expect(goal(page, 'A stage is named builder')).toContainText('(met)');
    await page.reload();
    await page.mouse.wheel(0, 600);
    await page.locator('[data-exercise]').scrollIntoViewIfNeeded();
    await expect(page.locator('.view-lines').first()).toContainText('FROM alpine:3.20 AS builder', { timeout: 30_000 });
    await page.getByRole('button', { name: 'Reset' }).click();
    await expect(page.locator('.view-lines').first()).toContainText('as Build');
    await page.getByRole('button', { name: 'Undo reset' }).click();
    await expect(page.locator('.view-lines').first()).toContainText('FROM alpine:3.20 AS builder');
  });

  test('corrupt storage shows a notice and the exercise still works', async ({ page }) => {
    await page.goto('/lessons/stages/');
    await page.evaluate(() => localStorage.setItem('stagecraft:v1', '{"version":1,"lessons":"oops"}'));
    await openExercise(page, '/lessons/stages/');
    await expect(page.locator('[data-exercise] [data-storage-notice]')).toContainText('set it aside');
    await setEditorText(page, lessonFileText('02-stages/solution/Dockerfile'));
    await expect(page.locator('[data-complete]')).toBeVisible();
  });

  test('a share link round-trips and shared text stays text', async ({ page, context }) => {
    await openExercise(page, '/lessons/stages/');
    const shared = 'FROM node:20 AS builder\n# <img src=x onerror="window.pwned=1">\n';
    await setEditorText(page, shared);
    await page.getByRole('button', { name: 'Share' }).click();
    const url = await page.getByRole('textbox', { name: 'Share link' }).inputValue();
    expect(url).toMatch(/#share=v1\./);
    const other = await context.newPage();
    await other.goto(url);
    const banner = other.locator('[data-share-banner]');
    await expect(banner).toContainText('Someone shared a Dockerfile with you.', { timeout: 30_000 });
    await expect(banner.locator('pre')).toHaveText(shared.trimEnd() + '\n');
    expect(await other.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    await other.getByRole('button', { name: 'Use the shared Dockerfile' }).click();
    await expect(other.locator('.view-lines').first()).toContainText('# <img src=x onerror="window.pwned=1">');
  });

  test('Show solution opens a diff, and Use the solution takes it', async ({ page }) => {
    await openExercise(page, '/lessons/stages/');
    await page.getByRole('button', { name: 'Show solution' }).click();
    await expect(page.locator('.solution-diff .monaco-diff-editor')).toBeVisible({ timeout: 20_000 });
    await page.getByRole('button', { name: 'Use the solution' }).click();
    await expect(page.locator('[data-complete]')).toBeVisible();
  });

  test('hints open one at a time', async ({ page }) => {
    await openExercise(page, '/lessons/stages/');
    const button = page.getByRole('button', { name: /^Show a hint \(1 of/ });
    await button.click();
    await expect(page.locator('.hint-list li')).toHaveCount(1);
    await page.getByRole('button', { name: /^Show a hint \(2 of/ }).click();
    await expect(page.locator('.hint-list li')).toHaveCount(2);
  });

  test('a keyboard-only learner can do the whole exercise', async ({ page }) => {
    await page.goto('/lessons/stages/');
    // Tab from the top of the page until the editor has focus.
    // On the start file while the editor loads, a learner waits ("Loading the editor…") as the page
    // asks; the editor then takes the focus.
    const focusIn = () => page.evaluate(() => (document.activeElement?.closest('.monaco-editor') ? 'editor' : document.activeElement?.closest('[data-editor-static]') ? 'static' : 'other'));
    let where = 'other';
    for (let i = 0; i < 120 && where === 'other'; i++) {
      await page.keyboard.press('Tab');
      where = await focusIn();
    }
    if (where === 'static') await expect.poll(focusIn, { timeout: 30_000 }).toBe('editor');
    expect(await focusIn()).toBe('editor');
    await expect(page.locator('[data-goal] .goal-state').first()).not.toBeEmpty({ timeout: 15_000 });
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(lessonFileText('02-stages/solution/Dockerfile'));
    await expect(page.locator('[data-complete]')).toBeVisible();
    // Ctrl+Enter builds from the editor; Tab leaves it (no trap).
    await page.keyboard.press('ControlOrMeta+Enter');
    await expect(page.locator('.build-figures')).toBeVisible({ timeout: 20_000 });
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => !!document.activeElement?.closest('.monaco-editor'))).toBe(false);
  });

  test('has no accessibility violations with the editor open and after a build', async ({ page }) => {
    await openExercise(page, '/lessons/stages/');
    await expectNoAxeViolations(page);
    await build(page);
    await expect(page.locator('.build-log')).toBeVisible();
    await expectNoAxeViolations(page);
  });
});

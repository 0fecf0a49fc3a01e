import { expect, test, type Page } from '@playwright/test';
import { build, goal, lessonFileText, openExercise, setEditorText } from './exercise-support';
import { expectNoAxeViolations } from './support';

/** The exercise tells the truth about its state: after Reset, on reload, in hints, stages and problems. */

const goals = (page: Page) => page.getByRole('list', { name: 'Goals' });

test.describe('the exercise tells the truth', () => {
  test('Reset clears the completion message, refreshes the open diff and clears the last build', async ({ page }) => {
    await openExercise(page, '/lessons/stages/');
    await setEditorText(page, lessonFileText('02-stages/solution/Dockerfile'));
    await expect(page.locator('[data-complete]')).toBeVisible();
    await build(page);
    await expect(page.locator('.build-figures')).toBeVisible();
    await page.getByRole('button', { name: 'Show solution' }).click();
    const diff = page.locator('.solution-diff .monaco-diff-editor');
    await expect(diff).toBeVisible({ timeout: 20_000 });
    // Mine is the solution: nothing of the start file in the diff.
    await expect(diff).not.toContainText('as Build');

    await page.getByRole('button', { name: 'Reset' }).click();
    await expect(page.getByRole('button', { name: 'Undo reset' })).toBeFocused();
    await expect(goals(page).getByText('(not met)').first()).toBeVisible();
    await expect(page.locator('[data-complete]')).toBeHidden();
    await expect(page.getByText('Every goal is met.', { exact: true })).toBeHidden();
    // The diff compares the start file now, and the old build is gone.
    await expect(diff).toContainText('as Build');
    await expect(page.locator('[data-build-panel]')).toBeHidden();
    await expect(page.locator('.build-figures')).toHaveCount(0);
    // The lesson stays completed in the course navigation: it was done once.
    await expect(page.locator('[data-progress-tick="stages"]')).toHaveText('✓');
  });

  test('an edit after a build marks the build as of an earlier version', async ({ page }) => {
    await openExercise(page, '/lessons/stages/');
    await build(page);
    await expect(page.locator('.build-stale')).toHaveCount(0);
    await setEditorText(page, lessonFileText('02-stages/solution/Dockerfile'));
    await expect(page.locator('.build-stale')).toContainText('earlier version of your files');
    await build(page);
    await expect(page.locator('.build-stale')).toHaveCount(0);
  });

  test('the hint button never counts past the last hint', async ({ page }) => {
    await openExercise(page, '/lessons/stages/');
    const total = await page.locator('details[data-hint]').count();
    expect(total).toBeGreaterThan(1);
    for (let i = 1; i <= total; i++) await page.getByRole('button', { name: `Show a hint (${i} of ${total})` }).click();
    await expect(page.locator('.hint-list li')).toHaveCount(total);
    const done = page.locator('[data-hint-button]');
    await expect(done).toHaveText(`All ${total} hints are shown`);
    await expect(done).toBeDisabled();
    await expect(page.getByText(`(${total + 1} of ${total})`)).toHaveCount(0);
  });

  test('a saved count above the number of hints shows them all, and no "5 of 4"', async ({ page }) => {
    await page.goto('/lessons/stages/');
    await page.evaluate(() => localStorage.setItem('stagecraft:v1', JSON.stringify({ version: 1, lessons: { stages: { hintsShown: 9 } }, settings: {} })));
    await openExercise(page, '/lessons/stages/');
    const total = await page.locator('details[data-hint]').count();
    await expect(page.locator('.hint-list li')).toHaveCount(total);
    await expect(page.locator('[data-hint-button]')).toBeDisabled();
    await expect(page.locator('[data-hint-button]')).toHaveText(`All ${total} hints are shown`);
  });

  test('after a reload the page shows the saved work before the editor loads', async ({ page }) => {
    await openExercise(page, '/lessons/stages/');
    await setEditorText(page, 'FROM alpine:3.20 AS builder\nRUN echo saved-work-marker\n');
    await expect(goal(page, 'A stage is named builder')).toContainText('(met)');
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.reload();
    await page.waitForLoadState('networkidle');
    // Nothing loaded yet: the static view already shows the learner's text, labelled as theirs.
    expect(requests.filter((u) => /monaco/.test(u))).toEqual([]);
    const stat = page.locator('[data-editor-static="Dockerfile"]');
    await expect(stat).toContainText('RUN echo saved-work-marker');
    await expect(stat).not.toContainText('as Build');
    await expect(page.locator('[data-editor-file="Dockerfile"] .file-label')).toContainText('your saved work');
  });

  test('one pass of Tab reaches the editor', async ({ page }) => {
    await page.goto('/lessons/stages/');
    let enteredExercise = false;
    let inEditor = false;
    for (let i = 0; i < 200 && !inEditor; i++) {
      await page.keyboard.press('Tab');
      const where = await page.evaluate(() => ({
        editor: !!document.activeElement?.closest('.monaco-editor'),
        exercise: !!document.activeElement?.closest('[data-exercise]'),
        held: !!document.activeElement?.closest('[data-editor-static]'),
      }));
      inEditor = where.editor;
      if (where.exercise) enteredExercise = true;
      // Leaving the exercise (to the pager or back to the top) before reaching the editor is a second pass.
      else if (enteredExercise && !inEditor) break;
      // Tab stays on the start file while the editor loads, and focus moves into it when it is up.
      if (where.held) {
        await page.waitForTimeout(100);
        inEditor = await page.evaluate(() => !!document.activeElement?.closest('.monaco-editor'));
      }
    }
    expect(inEditor).toBe(true);
  });

  test('a stage built FROM another stage shows that stage, not its image', async ({ page }) => {
    await openExercise(page, '/lessons/more-stages/');
    await setEditorText(page, lessonFileText('07-more-stages/solution/Dockerfile'));
    await build(page);
    const stages = page.getByRole('list', { name: 'Stages in build order' });
    const buildCard = stages.getByRole('listitem').filter({ has: page.locator('.stage-name', { hasText: /^build$/ }) });
    await expect(buildCard).toContainText('FROM deps');
    await expect(buildCard).not.toContainText('FROM node:20-alpine');
    const deps = stages.getByRole('listitem').filter({ has: page.locator('.stage-name', { hasText: /^deps$/ }) });
    await expect(deps).toContainText('FROM node:20-alpine');
  });

  test("problems are labelled Docker's or hadolint's, one per line and rule", async ({ page }) => {
    await openExercise(page, '/lessons/stages/');
    await setEditorText(page, 'FROM node AS builder\nWORKDIR /app\nCMD npm start\n');
    const docker = page.getByRole('list', { name: 'Docker would report' });
    const hadolint = page.getByRole('list', { name: 'hadolint would report' });
    // BuildKit's JSONArgsRecommended and hadolint's DL3025 are one finding on line 3.
    await expect(docker.getByRole('listitem').filter({ hasText: 'JSONArgsRecommended' })).toHaveCount(1);
    await expect(docker.getByRole('listitem').filter({ hasText: 'JSONArgsRecommended' })).toContainText('DL3025');
    await expect(hadolint.getByRole('listitem').filter({ hasText: 'DL3025' })).toHaveCount(0);
    // hadolint's own rule is under hadolint, not Docker.
    await expect(hadolint.getByRole('listitem').filter({ hasText: 'DL3006' })).toHaveCount(1);
    await expect(docker.getByRole('listitem').filter({ hasText: 'DL3006' })).toHaveCount(0);
    const rows = await page.locator('[data-diagnostics-list] li').allTextContents();
    const keys = rows.map((r) => r.replace(/ (lesson|reference).*$/, ''));
    expect(new Set(keys).size).toBe(keys.length);
  });
});

test.describe('the build panel answers the lesson’s question', () => {
  test('--target builds the chosen stage', async ({ page }) => {
    await openExercise(page, '/lessons/more-stages/');
    await setEditorText(page, lessonFileText('07-more-stages/solution/Dockerfile'));
    const select = page.getByRole('combobox', { name: 'Build target' });
    await expect(select).toBeVisible();
    await expect(select.locator('option')).toHaveText([/the last stage, runtime \(no --target\)/, '--target deps', '--target build', '--target test', '--target prod-deps']);
    await select.selectOption('deps');
    await build(page);
    await expect(page.locator('.build-target')).toContainText('Built with --target deps');
    const stages = page.getByRole('list', { name: 'Stages in build order' });
    await expect(stages.getByRole('listitem').filter({ hasText: 'runtime' })).toContainText('skipped');
    await expect(page.locator('.build-log')).not.toContainText('[runtime');
    await select.selectOption('');
    await build(page);
    await expect(page.locator('.build-target')).toHaveCount(0);
    await expect(page.getByRole('table', { name: /Image size: this build/ }).getByRole('row', { name: /Previous build \(--target deps\)/ })).toBeVisible();
  });

  test('a single-stage Dockerfile has no --target choice', async ({ page }) => {
    await openExercise(page, '/lessons/stages/');
    await setEditorText(page, 'FROM node:20-alpine\nCMD ["node", "-e", "1"]\n');
    await expect(page.getByRole('combobox', { name: 'Build target' })).toBeHidden();
  });

  test('the baseline row shows wherever the lesson has a baseline', async ({ page }) => {
    await openExercise(page, '/lessons/capstone/');
    await build(page);
    const table = page.getByRole('table', { name: /Image size: this build/ });
    await expect(table.getByRole('row', { name: /baseline/i })).toBeVisible();
  });

  test('the build context lists its biggest entries and the .dockerignore line that decides each', async ({ page }) => {
    await openExercise(page, '/lessons/dockerignore/');
    await page.getByRole('button', { name: '.dockerignore', exact: true }).click();
    await setEditorText(page, lessonFileText('06-dockerignore/solution/.dockerignore'));
    await page.getByRole('button', { name: 'Dockerfile', exact: true }).click();
    await build(page);
    const table = page.getByRole('table', { name: /biggest entries of the project folder/ });
    await expect(table).toBeVisible();
    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBeLessThanOrEqual(10);
    const lines = lessonFileText('06-dockerignore/solution/.dockerignore').split('\n');
    const nodeModulesLine = lines.indexOf('node_modules') + 1;
    await expect(table.getByRole('row', { name: /node_modules\// })).toContainText(`ignored by line ${nodeModulesLine}: node_modules`);
    await expect(table.getByRole('row', { name: /^src\// })).toContainText('sent');
  });

  test('a log of thousands of steps appears at once, not over minutes', async ({ page }) => {
    test.setTimeout(90_000);
    // A 990-step Dockerfile (the simulator follows up to 1,000 instructions), saved as if pasted earlier
    // (typing it through the browser takes minutes).
    const steps = Array.from({ length: 990 }, (_, i) => `RUN echo step-${i}`).join('\n');
    const text = `FROM alpine:3.20\n${steps}\nCMD ["sh"]\n`;
    await page.goto('/lessons/stages/');
    await page.evaluate((t) => localStorage.setItem('stagecraft:v1', JSON.stringify({ version: 1, lessons: { stages: { files: { Dockerfile: t } } }, settings: {} })), text);
    await openExercise(page, '/lessons/stages/');
    const started = Date.now();
    await page.getByRole('button', { name: 'Build', exact: true }).click();
    await expect(page.locator('.build-log')).toContainText('exporting to image', { timeout: 20_000 });
    await expect(page.locator('.build-log')).toContainText('RUN echo step-989');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  test('a docker run warning is a warning: the image is there and nothing says the run fails', async ({ page }) => {
    await openExercise(page, '/lessons/production-habits/');
    await build(page);
    await expect(page.locator('.build-figures')).toBeVisible();
    const warning = page.locator('.build-warning');
    await expect(warning).toContainText('a warning, the container still starts');
    await expect(warning).toContainText('PID 1 is npm');
    await expect(page.getByRole('alert').filter({ hasText: 'docker run would fail' })).toHaveCount(0);
  });

  test('a failed build says where and why, and shows no image', async ({ page }) => {
    await openExercise(page, '/lessons/stages/');
    await setEditorText(page, 'FROM alpine:3.20 AS builder\nRUN mkdir /out\nFROM alpine:3.20\nCOPY --from=builder /nothing-here /out\nCMD ["sh"]\n');
    await build(page);
    const alert = page.getByRole('alert').filter({ hasText: 'The build failed' });
    await expect(alert).toContainText('The build failed at line 4:');
    await expect(alert).toContainText('/nothing-here');
    await expect(page.locator('.build-figures')).toHaveCount(0);
    await expect(page.getByRole('table', { name: /Image size/ })).toHaveCount(0);
    await expect(page.getByRole('table', { name: /docker history/ })).toHaveCount(0);
    // The log stops at the failing step.
    await expect(page.locator('.build-log')).toContainText('ERROR');
    await expect(page.locator('.build-log')).not.toContainText('exporting to image');
    await expect(page.locator('[data-announce]')).toContainText('The build failed at line 4');
  });
});

test('no accessibility violations with problems by tool, the --target choice, the diff, a failed build and the context table', async ({ page }) => {
  await openExercise(page, '/lessons/more-stages/');
  await setEditorText(page, 'FROM node AS deps\nWORKDIR /app\nFROM deps AS build\nCOPY --from=deps /missing /x\nCMD npm start\n');
  await expect(page.getByRole('list', { name: 'hadolint would report' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Build target' })).toBeVisible();
  await page.getByRole('button', { name: 'Show solution' }).click();
  await expect(page.locator('.solution-diff .monaco-diff-editor')).toBeVisible({ timeout: 20_000 });
  await build(page);
  await expect(page.getByRole('alert').filter({ hasText: 'The build failed' })).toBeVisible();
  await expect(page.getByRole('table', { name: /biggest entries/ })).toBeVisible();
  await expectNoAxeViolations(page);
});

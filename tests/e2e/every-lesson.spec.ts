import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { build, lessonFileText, openExercise, setEditorText } from './exercise-support';

const lessonsDir = fileURLToPath(new URL('../../content/lessons/', import.meta.url));
const lessons = readdirSync(lessonsDir, { withFileTypes: true })
  .filter((d) => d.isDirectory() && /^\d\d-/.test(d.name))
  .map((d) => d.name);

test('the course has its ten lessons to walk through', () => {
  expect(lessons).toHaveLength(10);
});

// "Done when a learner can do every lesson's exercise in the browser from start to complete":
// for each lesson, start with unmet goals, type in the solution's files, see every goal met,
// the lesson marked complete, and a build that runs without a runtime problem.
for (const dir of lessons) {
  const slug = dir.replace(/^\d\d-/, '');
  test(`${slug}: from the start file to complete in the browser`, async ({ page }) => {
    await openExercise(page, `/lessons/${slug}/`);
    const goals = page.getByRole('list', { name: 'Goals' });
    await expect(goals.getByText('(not met)').first()).toBeVisible();
    await expect(page.locator('[data-complete]')).toBeHidden();

    const files = readdirSync(`${lessonsDir}${dir}/solution`);
    for (const name of files) {
      if (name !== 'Dockerfile') await page.getByRole('button', { name, exact: true }).click();
      else if (files.length > 1) await page.getByRole('button', { name: 'Dockerfile', exact: true }).click();
      await setEditorText(page, lessonFileText(`${dir}/solution/${name}`));
    }
    await expect(goals.getByText('(not met)')).toHaveCount(0, { timeout: 20_000 });
    await expect(page.locator('[data-complete]')).toBeVisible();

    await build(page);
    await expect(page.locator('.build-figures')).toBeVisible();
    await expect(page.getByRole('alert').filter({ hasText: 'docker run would fail' })).toHaveCount(0);
  });
}

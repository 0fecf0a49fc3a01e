import { expect, test, type Page } from '@playwright/test';
import { lessonIdFromFolder } from '../../src/lessons/ids';
import { cases as whyImagesAreHuge } from '../lesson-attempts/01-why-images-are-huge';
import { cases as stages } from '../lesson-attempts/02-stages';
import { cases as copyFrom } from '../lesson-attempts/03-copy-from';
import { cases as nodeTypescript } from '../lesson-attempts/04-node-typescript';
import { cases as goScratch } from '../lesson-attempts/05-go-scratch';
import { cases as dockerignore } from '../lesson-attempts/06-dockerignore';
import { cases as moreStages } from '../lesson-attempts/07-more-stages';
import { cases as measuring } from '../lesson-attempts/08-measuring';
import { cases as productionHabits } from '../lesson-attempts/09-production-habits';
import { cases as capstone } from '../lesson-attempts/10-capstone';
import { goalKey, type CorrectDesign, type GoalRef, type LessonCases, type WrongAttempt } from '../lesson-attempts/types';
import { build, openExercise, setEditorText } from './exercise-support';

/**
 * The lesson-attempts tables (tests/lesson-attempts/, checked through the CLI by
 * tests/unit/lesson-attempts/) in the browser: for each lesson, the first wrong
 * attempt that does not run (or else the first wrong attempt) leaves the lesson
 * incomplete with the same goals unmet and, after Build, fails where the table
 * says it does; the first correct design meets every goal.
 */

const lessons: Array<[folder: string, cases: LessonCases]> = [
  ['01-why-images-are-huge', whyImagesAreHuge],
  ['02-stages', stages],
  ['03-copy-from', copyFrom],
  ['04-node-typescript', nodeTypescript],
  ['05-go-scratch', goScratch],
  ['06-dockerignore', dockerignore],
  ['07-more-stages', moreStages],
  ['08-measuring', measuring],
  ['09-production-habits', productionHabits],
  ['10-capstone', capstone],
];

interface ExerciseGoal extends GoalRef {
  title: string;
}

/** The lesson's goals, in the order the page lists them, each with its key in a case's `met`. */
async function exerciseGoals(page: Page, id: string): Promise<Array<ExerciseGoal & { key: string }>> {
  const res = await page.request.get(`/exercise/${id}.json`);
  expect(res.ok()).toBe(true);
  const goals = ((await res.json()) as { goals: ExerciseGoal[] }).goals;
  return goals.map((g) => ({ ...g, key: goalKey(g, goals) }));
}

/** Types the attempt's files into their editors, as every-lesson.spec.ts types a solution. */
async function typeFiles(page: Page, c: WrongAttempt | CorrectDesign): Promise<void> {
  if (c.dockerignore === undefined) {
    await setEditorText(page, c.dockerfile);
    return;
  }
  await page.getByRole('button', { name: 'Dockerfile', exact: true }).click();
  await setEditorText(page, c.dockerfile);
  await page.getByRole('button', { name: '.dockerignore', exact: true }).click();
  await setEditorText(page, c.dockerignore);
}

/** Every goal's state, in order: "(met)" or "(not met)" as `met` says. */
async function expectGoalStates(page: Page, goals: Array<ExerciseGoal & { key: string }>, met: (key: string) => boolean): Promise<void> {
  const items = page.getByRole('list', { name: 'Goals' }).getByRole('listitem');
  await expect(items).toHaveCount(goals.length);
  for (const [i, g] of goals.entries()) await expect(items.nth(i).locator('.goal-title')).toHaveText(g.title);
  await expect(items.locator('.goal-state')).toHaveText(
    goals.map((g) => (met(g.key) ? '(met)' : '(not met)')),
    { timeout: 20_000 },
  );
}

test('the attempts cover the ten lessons', () => {
  expect(lessons).toHaveLength(10);
});

for (const [folder, cases] of lessons) {
  const id = lessonIdFromFolder(folder);
  const wrong = cases.wrong.find((c) => c.met['runs-cleanly'] === false) ?? cases.wrong[0]!;
  const correct = cases.correct[0]!;

  test(`${id}: a wrong attempt (${wrong.name}) is not complete`, async ({ page }) => {
    const goals = await exerciseGoals(page, id);
    // The table and the page list the same goals.
    expect(goals.map((g) => g.key).sort()).toEqual(Object.keys(wrong.met).sort());
    await openExercise(page, `/lessons/${id}/`);
    await typeFiles(page, wrong);
    await expectGoalStates(page, goals, (key) => wrong.met[key]!);
    await expect(page.locator('[data-complete]')).toBeHidden();

    await build(page);
    if (wrong.fails === 'build') {
      await expect(page.locator('.build-problem').filter({ hasText: 'The build failed at line' })).toBeVisible();
      await expect(page.locator('.build-figures')).toHaveCount(0);
    } else if (wrong.fails === 'run') {
      await expect(page.locator('.build-figures')).toBeVisible();
      await expect(page.getByRole('alert').filter({ hasText: 'docker run would fail' })).toBeVisible();
    } else {
      // An attempt that runs: the build makes an image.
      expect(wrong.met['runs-cleanly']).not.toBe(false);
      await expect(page.locator('.build-figures')).toBeVisible();
    }
    // The build changes no verdict: still the same goals unmet, still not complete.
    await expectGoalStates(page, goals, (key) => wrong.met[key]!);
    await expect(page.locator('[data-complete]')).toBeHidden();
  });

  test(`${id}: a correct design (${correct.name}) meets every goal`, async ({ page }) => {
    const goals = await exerciseGoals(page, id);
    await openExercise(page, `/lessons/${id}/`);
    await typeFiles(page, correct);
    await expectGoalStates(page, goals, () => true);
    await expect(page.locator('[data-complete]')).toBeVisible();

    await build(page);
    await expect(page.locator('.build-figures')).toBeVisible();
    await expect(page.getByRole('alert').filter({ hasText: 'docker run would fail' })).toHaveCount(0);
  });
}

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, type Page } from '@playwright/test';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const lessonFileText = (path: string) => readFileSync(`${root}content/lessons/${path}`, 'utf8');

/** Scrolls to the exercise and waits until the editor is up and the goals have been checked once. */
export async function openExercise(page: Page, path: string): Promise<void> {
  await page.goto(path);
  // Scroll as a reader does: the editor loads when the learner comes near it.
  await page.mouse.wheel(0, 600);
  await page.locator('[data-exercise]').scrollIntoViewIfNeeded();
  await expect(page.locator('.monaco-editor').first()).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('[data-goal] .goal-state').first()).not.toBeEmpty({ timeout: 15_000 });
}

/** Replaces the text of the visible editor, as a paste would. */
export async function setEditorText(page: Page, text: string, editorIndex = 0): Promise<void> {
  const editor = page.locator('.editor-host:visible .monaco-editor').nth(editorIndex);
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

export function goal(page: Page, title: string | RegExp) {
  return page.getByRole('list', { name: 'Goals' }).getByRole('listitem').filter({ hasText: title });
}

/**
 * Clicks Build and waits for its outcome: figures, or the failed build's box. Should the
 * engine answer with a notice instead (over its time limit, crashed), the test fails
 * with that notice's words, not a bare timeout.
 */
export async function build(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Build', exact: true }).click();
  const outcome = page.locator('.build-figures, .build-problem, [data-build-error]').first();
  await expect(outcome).toBeVisible({ timeout: 45_000 });
  const error = page.locator('[data-build-error]');
  if (await error.count()) expect(await error.first().textContent(), 'the engine answered the build with a notice').toBe('');
}

import { expect, test, type Page } from '@playwright/test';
import { goal, lessonFileText, openExercise, setEditorText } from './exercise-support';

/**
 * Issue 13: a class. `stagecraft class` serves the built course (dist/, which Playwright's
 * webServer builds first) on a free port with a temporary database; attendees join from a
 * lesson page, the instructor's dashboard follows them live. The normal preview (port
 * 4321) is a static deployment: no Join class there, and no request to /api.
 */

const apiRequests = (page: Page) => {
  const seen: string[] = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname.startsWith('/api/')) seen.push(`${r.method()} ${r.url()}`);
  });
  return seen;
};

test.describe('a static deployment', () => {
  test('shows no Join class and asks nothing of /api, on a lesson page and in the exercise', async ({ page }) => {
    const api = apiRequests(page);
    await openExercise(page, '/lessons/stages/');
    await setEditorText(page, lessonFileText('02-stages/solution/Dockerfile'));
    await expect(goal(page, 'A stage is named builder')).toContainText('(met)');
    await expect(page.getByRole('button', { name: 'Join class' })).toHaveCount(0);
    await expect(page.locator('[data-class-bar]')).toHaveCount(0);
    expect(api).toEqual([]);
  });

  test('the dashboard says it needs a class server', async ({ page }) => {
    const api = apiRequests(page);
    await page.goto('/class/dashboard/#key=anything');
    await expect(page.locator('[data-dash-status]')).toContainText('works only where a class server serves the course');
    await expect(page.locator('meta[name="robots"]')).toHaveAttribute('content', /noindex/);
    expect(api).toEqual([]);
  });
});

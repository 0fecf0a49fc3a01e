import { expect, test } from '@playwright/test';
import { expectNoAxeViolations, lessonPaths, recordCspViolations } from './support';

test.describe('lesson pages', () => {
  for (const path of lessonPaths) {
    test(`${path} reads without JavaScript and loads nothing of the editor up front`, async ({ browser }) => {
      const context = await browser.newContext({ javaScriptEnabled: false });
      const page = await context.newPage();
      const response = await page.goto(path);
      expect(response?.status()).toBe(200);
      const html = (await response?.text()) ?? '';
      // One small module script (progress ticks and the exercise loader), no Monaco JS or CSS.
      expect(html.match(/<script\b/gi) ?? []).toHaveLength(1);
      expect(html).not.toMatch(/monaco/i);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await expect(page.getByRole('heading', { name: 'Exercise', level: 2 })).toBeVisible();
      await expect(page.getByRole('list', { name: 'Goals' }).getByRole('listitem').first()).toBeVisible();
      // Hints open without JavaScript.
      await page.getByText('Hint 1', { exact: true }).click();
      await expect(page.locator('details[data-hint]').first()).toHaveAttribute('open', '');
      await context.close();
    });

    test(`${path} has no accessibility violations`, async ({ page }) => {
      const csp = recordCspViolations(page);
      await page.goto(path);
      await expectNoAxeViolations(page);
      expect(csp).toEqual([]);
    });
  }

  test('course navigation marks the current lesson and links to the others', async ({ page }) => {
    await page.goto(lessonPaths[1]!);
    const nav = page.getByRole('navigation', { name: 'Lessons' });
    await expect(nav.getByRole('link')).toHaveCount(lessonPaths.length);
    await expect(nav.locator('[aria-current="page"]')).toHaveAttribute('href', lessonPaths[1]!);
  });

  test('previous and next links walk the course in order', async ({ page }) => {
    await page.goto(lessonPaths[0]!);
    const pager = page.getByRole('navigation', { name: 'Previous and next lesson' });
    await expect(pager.getByRole('link', { name: /Previous/ })).toHaveCount(0);
    await pager.getByRole('link', { name: /Next/ }).click();
    await expect(page).toHaveURL(new RegExp(`${lessonPaths[1]}$`));
    await page.getByRole('navigation', { name: 'Previous and next lesson' }).getByRole('link', { name: /Previous/ }).click();
    await expect(page).toHaveURL(new RegExp(`${lessonPaths[0]}$`));
  });

  test('the skip link moves focus to the lesson', async ({ page }) => {
    await page.goto(lessonPaths[0]!);
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to content' });
    await expect(skip).toBeFocused();
    await expect(skip).toBeInViewport();
    await page.keyboard.press('Enter');
    await expect(page.locator('main')).toBeFocused();
  });

  test('fits a 360 px phone without sideways scrolling', async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    for (const path of ['/', ...lessonPaths]) {
      await page.goto(path);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
  });
});

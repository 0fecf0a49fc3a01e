import { expect, test } from '@playwright/test';
import { securityHeaders } from '../../src/site/headers.mjs';
import { expectNoAxeViolations, lessonPaths } from './support';

test.describe('served site', () => {
  for (const path of ['/', lessonPaths[0]!]) {
    test(`${path} is served with the security headers and is cross-origin isolated`, async ({ page }) => {
      const response = await page.goto(path);
      const headers = response?.headers() ?? {};
      for (const [name, value] of Object.entries(securityHeaders)) {
        expect(headers[name.toLowerCase()], name).toBe(value);
      }
      expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);
    });
  }

  test('an unknown address shows the 404 page with the lessons', async ({ page }) => {
    const response = await page.goto('/no/such/page');
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
    await expect(page.getByRole('main').getByRole('link')).toHaveCount(lessonPaths.length + 1);
    await expectNoAxeViolations(page);
  });
});

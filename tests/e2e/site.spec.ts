import { expect, test } from '@playwright/test';
import { headersFile, securityHeaders } from '../../src/site/headers.mjs';
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

  for (const path of ['/no-such-page', '/no/such/page/', '/_astro/no-such-file.js']) {
    test(`${path} answers 404 with the security headers`, async ({ request }) => {
      const response = await request.get(path);
      expect(response.status()).toBe(404);
      const headers = response.headers();
      for (const [name, value] of Object.entries(securityHeaders)) {
        expect(headers[name.toLowerCase()], name).toBe(value);
      }
    });
  }

  test('the 404 page is cross-origin isolated when rendered', async ({ page }) => {
    const response = await page.goto('/no-such-page');
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
    expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);
  });

  test('the build writes the same headers to dist/_headers for static hosts', async ({ request }) => {
    const response = await request.get('/_headers');
    expect(response.status()).toBe(200);
    expect(await response.text()).toBe(headersFile());
  });

  for (const path of ['/glossary/', '/cheat-sheet/']) {
    test(`${path} has no accessibility violations and no script`, async ({ page }) => {
      const response = await page.goto(path);
      expect(response?.status()).toBe(200);
      expect(await response?.text()).not.toMatch(/<script\b/i);
      await expectNoAxeViolations(page);
    });
  }

  test('the glossary links every term to the lesson that explains it', async ({ page }) => {
    await page.goto('/glossary/');
    const entries = page.locator('.glossary-entry');
    expect(await entries.count()).toBeGreaterThan(15);
    await expect(entries.first().getByRole('link', { name: /^Lesson \d+:/ })).toBeVisible();
  });

  test('the cheat sheet prints on at most two A4 pages', async ({ page }) => {
    await page.goto('/cheat-sheet/');
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    const pagesInPdf = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    expect(pagesInPdf).toBeGreaterThan(0);
    expect(pagesInPdf).toBeLessThanOrEqual(2);
  });

  test('an unknown address shows the 404 page with the lessons', async ({ page }) => {
    const response = await page.goto('/no/such/page');
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
    await expect(page.getByRole('main').getByRole('link')).toHaveCount(lessonPaths.length + 1);
    await expectNoAxeViolations(page);
  });
});

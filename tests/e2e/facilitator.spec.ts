import { expect, test, type Page } from '@playwright/test';
import QRCode from 'qrcode';
import { expectNoAxeViolations, lessonPaths, recordCspViolations } from './support';

/** The facilitator guide (/facilitator/) and the exercise cards (/facilitator/cards/). */

/** Pages in a PDF made by page.pdf(). */
const pdfPages = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;

const sideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** The cards page, once its script has drawn the QR codes. */
async function openCards(page: Page, query = ''): Promise<void> {
  await page.goto(`/facilitator/cards/${query}`);
  await expect(page.locator('html[data-cards-ready]')).toBeAttached();
}

/** The `d` of each path of a QR code SVG, as text. */
const pathsOf = (svg: string) => [...svg.matchAll(/\sd="([^"]+)"/g)].map((m) => m[1]!);

test.describe('facilitator guide', () => {
  test('the home page links to it', async ({ page }) => {
    await page.goto('/');
    await page.getByRole('link', { name: 'facilitator guide' }).click();
    await expect(page).toHaveURL(/\/facilitator\/$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Facilitator guide');
  });

  test('has both agendas as tables with a caption, and a section for every lesson', async ({ page }) => {
    await page.goto('/facilitator/');
    for (const [name, total] of [['90-minute session', '90'], ['Half day (four hours, two breaks)', '240']] as const) {
      const table = page.getByRole('table', { name });
      await expect(table).toBeVisible();
      await expect(table.locator('tfoot td')).toHaveText(total);
    }
    await expect(page.getByRole('table', { name: /^Half day/ }).getByRole('rowheader', { name: 'Break' })).toHaveCount(2);
    const sections = page.locator('section.fac-lesson');
    await expect(sections).toHaveCount(lessonPaths.length);
    for (const [i, path] of lessonPaths.entries()) {
      const section = sections.nth(i);
      await expect(section.getByRole('heading', { level: 2 })).toHaveText(new RegExp(`^${i + 1}\\. `));
      await expect(section.getByRole('link', { name: /^Open the lesson/ })).toHaveAttribute('href', path);
      for (const h of ['Talking points', 'Common mistakes', 'Demo in the terminal', 'Try it on a real Docker', 'Solution']) {
        await expect(section.getByRole('heading', { level: 3, name: h })).toBeVisible();
      }
      await expect(section.locator('.fac-mistake').first()).toBeVisible();
      await expect(section.locator('.fac-commands li').first()).toBeVisible();
    }
  });

  test('keeps a solution hidden until its disclosure is opened from the keyboard', async ({ page }) => {
    await page.goto('/facilitator/');
    const section = page.locator('#lesson-stages');
    const solution = section.locator('.fac-solution pre');
    await expect(solution).toBeHidden();
    await section.locator('.fac-solution summary').focus();
    await page.keyboard.press('Enter');
    await expect(solution).toBeVisible();
    await expect(solution).toContainText('FROM node:20 AS builder');
    await page.keyboard.press('Enter');
    await expect(solution).toBeHidden();
  });

  test('has no accessibility violations, runs under the CSP and fits 360 px', async ({ page }) => {
    const csp = recordCspViolations(page);
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto('/facilitator/');
    expect(await sideways(page)).toBeLessThanOrEqual(0);
    await expectNoAxeViolations(page);
    expect(csp).toEqual([]);
  });

  test('prints on A4 with no navigation or buttons, a page or more per lesson, solutions included', async ({ page }) => {
    await page.goto('/facilitator/');
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    expect(pdfPages(pdf)).toBeGreaterThan(lessonPaths.length);

    await page.emulateMedia({ media: 'print' });
    for (const el of await page.locator('nav, button, .button, .skip-link').all()) await expect(el).toBeHidden();
    await expect(page.locator('.fac-solution summary').first()).toBeHidden();
    await expect(page.locator('#lesson-stages .fac-solution pre')).toBeVisible();
    const breaks = await page.locator('section.fac-lesson').evaluateAll((els) => els.map((el) => getComputedStyle(el).breakBefore));
    expect(breaks).toEqual(lessonPaths.map(() => 'page'));
  });
});

test.describe('exercise cards', () => {
  test('show a QR code per lesson, with the lesson’s address beside it, for this site by default', async ({ page, baseURL }) => {
    await openCards(page);
    const cards = page.locator('.card');
    await expect(cards).toHaveCount(lessonPaths.length);
    for (const [i, path] of lessonPaths.entries()) {
      const url = new URL(path, baseURL).href;
      await expect(cards.nth(i).getByRole('img', { name: `QR code for ${url}` })).toBeVisible();
      await expect(cards.nth(i).locator('[data-card-url]')).toHaveText(url);
    }
  });

  test('point at the address in ?base=, and the QR codes encode exactly that', async ({ page }) => {
    await openCards(page, '?base=http://192.168.1.20:8080');
    await expect(page.getByLabel('Course address')).toHaveValue('http://192.168.1.20:8080');
    const cards = page.locator('.card');
    for (const [i, path] of lessonPaths.entries()) {
      const url = `http://192.168.1.20:8080${path}`;
      const card = cards.nth(i);
      await expect(card.locator('[data-card-url]')).toHaveText(url);
      const svg = card.getByRole('img', { name: `QR code for ${url}` });
      await expect(svg).toBeVisible();
      // The same library in Node draws the same code for the same address.
      const expected = await QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
      expect(pathsOf(await svg.evaluate((el) => el.outerHTML))).toEqual(pathsOf(expected));
    }
    // Typing another address and submitting makes the cards for it.
    await page.getByLabel('Course address').fill('10.0.0.7:4321');
    await page.getByRole('button', { name: 'Make the cards' }).click();
    await expect(page.locator('html[data-cards-ready]')).toBeAttached();
    await expect(cards.first().locator('[data-card-url]')).toHaveText(`http://10.0.0.7:4321${lessonPaths[0]}`);
  });

  test('say so and use this site when ?base= is not an address a browser opens', async ({ page, baseURL }) => {
    await openCards(page, '?base=javascript:alert(1)');
    await expect(page.getByRole('status').filter({ hasText: 'not an http or https address' })).toBeVisible();
    await expect(page.locator('.card').first().locator('[data-card-url]')).toHaveText(new URL(lessonPaths[0]!, baseURL).href);
  });

  test('have no accessibility violations, run under the CSP and fit 360 px', async ({ page }) => {
    const csp = recordCspViolations(page);
    await page.setViewportSize({ width: 360, height: 740 });
    await openCards(page);
    expect(await sideways(page)).toBeLessThanOrEqual(0);
    await expectNoAxeViolations(page);
    expect(csp).toEqual([]);
  });

  test('print on A4, several to a page, with no form or buttons', async ({ page }) => {
    await openCards(page);
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    expect(pdfPages(pdf)).toBeGreaterThan(0);
    expect(pdfPages(pdf)).toBeLessThanOrEqual(Math.ceil(lessonPaths.length / 2));
    await page.emulateMedia({ media: 'print' });
    for (const el of await page.locator('nav, button, form').all()) await expect(el).toBeHidden();
    await expect(page.locator('.card .qr-code').first()).toBeVisible();
  });
});

import { expect, test } from '@playwright/test';
import { expectNoAxeViolations, lessonPaths, recordCspViolations } from './support';

test.describe('home page', () => {
  test('says what you will learn and lists every lesson in order', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Learn Docker multi-stage builds by doing');
    await expect(page.getByRole('heading', { name: 'What you will learn' })).toBeVisible();
    const links = page.getByRole('region', { name: 'Lessons' }).getByRole('listitem').getByRole('link');
    await expect(links).toHaveCount(lessonPaths.length);
    const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(hrefs).toEqual(lessonPaths);
  });

  test('shows progress saved in this browser', async ({ page }) => {
    await page.addInitScript(() => {
      localStorage.setItem('stagecraft:v1', JSON.stringify({ version: 1, lessons: { 'why-images-are-huge': { complete: true } } }));
    });
    await page.goto('/');
    await expect(page.getByText(`You have completed 1 of ${lessonPaths.length} lessons.`)).toBeVisible();
    const first = page.getByRole('region', { name: 'Lessons' }).getByRole('listitem').first();
    await expect(first).toContainText('✓');
    await expect(first.getByText('(completed)')).toBeAttached();
  });

  test('sets corrupt saved progress aside, says so, and keeps it', async ({ page }) => {
    await page.goto('/');
    await page.evaluate(() => localStorage.setItem('stagecraft:v1', '{not json'));
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.reload();
    await expect(page.getByRole('status').filter({ hasText: 'could not be read' })).toContainText('it is not valid JSON');
    expect(errors).toEqual([]);
    await expect(page.getByText(/You have completed/)).toHaveCount(0);
    const kept = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('stagecraft:set-aside:')).map((k) => localStorage.getItem(k)));
    expect(kept).toEqual(['{not json']);
  });

  test('has no accessibility violations and runs under the CSP', async ({ page }) => {
    const csp = recordCspViolations(page);
    await page.goto('/');
    await expectNoAxeViolations(page);
    expect(csp).toEqual([]);
  });

  test('has no accessibility violations in dark mode', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto('/');
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(bg).toBe('rgb(17, 20, 24)');
    await expectNoAxeViolations(page);
  });
});

test.describe('progress file', () => {
  test('exports progress and imports it in a fresh browser, refusing files that are not ours', async ({ page, browser }) => {
    await page.addInitScript(() => {
      if (!localStorage.getItem('stagecraft:v1')) localStorage.setItem('stagecraft:v1', JSON.stringify({ version: 1, lessons: { stages: { complete: true, files: { Dockerfile: 'FROM a AS builder\n' } } } }));
    });
    await page.goto('/');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export progress' }).click();
    const file = await (await download).path();

    const fresh = await browser.newContext();
    const other = await fresh.newPage();
    await other.goto('/');
    await other.getByLabel('Import progress').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"hello":1}') });
    await expect(other.getByRole('status').filter({ hasText: 'Nothing was changed' })).toContainText('This is not a Stagecraft progress file');
    await other.getByLabel('Import progress').setInputFiles(file!);
    // Nothing is written before the learner has seen what the file changes and confirmed.
    const preview = other.getByRole('group', { name: 'What this file would change' });
    await expect(preview).toContainText('Added, not saved in this browser yet (1)');
    await preview.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(other.getByRole('status').filter({ hasText: 'Imported' })).toContainText('Imported progress for 1 lesson');
    await other.reload();
    await expect(other.getByText('You have completed 1 of')).toBeVisible();
    await fresh.close();
  });
});

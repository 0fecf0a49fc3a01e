import { expect, test, type Page } from '@playwright/test';
import { openExercise } from './exercise-support';
import { lessonPaths } from './support';

/** At 360 px: lesson tables keep readable columns, and the solution diff fits and says how to read it. */

/** Cells of a table in the lesson text that are narrower than a short word: a letter-per-line wrap. */
async function narrowCells(page: Page, minPx: number): Promise<string[]> {
  return page.evaluate((min) => {
    const out: string[] = [];
    for (const cell of document.querySelectorAll<HTMLElement>('.prose table th, .prose table td')) {
      const text = (cell.textContent ?? '').replace(/\s+/g, ' ').trim();
      if (text.length < 4) continue;
      const width = cell.getBoundingClientRect().width;
      if (width < min) out.push(`${Math.round(width)}px: ${text.slice(0, 40)}`);
    }
    return out;
  }, minPx);
}

const pageOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

test.describe('on a 360 px phone', () => {
  test.beforeEach(async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
  });

  test('lesson tables keep readable columns and the page does not scroll sideways', async ({ page }) => {
    for (const path of lessonPaths) {
      await page.goto(path);
      expect(await pageOverflow(page), path).toBeLessThanOrEqual(0);
      expect(await narrowCells(page, 64), path).toEqual([]);
      // A table wider than the screen scrolls in its own region, which the keyboard can reach.
      for (const region of await page.locator('.prose .table-scroll').all()) {
        await expect(region).toHaveAttribute('tabindex', '0');
        await expect(region).toHaveAttribute('aria-label', /\S/);
      }
    }
  });

  test('screenshots of the tables, for a person to look at', async ({ page }, info) => {
    await page.goto('/lessons/dockerignore/');
    const table = page.locator('.prose .prose-table').first();
    await table.scrollIntoViewIfNeeded();
    await table.screenshot({ path: info.outputPath('dockerignore-table-360.png') });
    await page.goto('/lessons/stages/');
    const sizes = page.locator('.prose .table-scroll').filter({ has: page.locator('table.size-table') }).first();
    await sizes.scrollIntoViewIfNeeded();
    await sizes.screenshot({ path: info.outputPath('stages-size-table-360.png') });
  });

  test('the solution diff fits the screen, in one column, labelled for one column', async ({ page }, info) => {
    await openExercise(page, '/lessons/stages/');
    await page.getByRole('button', { name: 'Show solution' }).click();
    const box = page.locator('.solution-diff');
    await expect(box.locator('.monaco-diff-editor')).toBeVisible({ timeout: 20_000 });
    await expect(box).toHaveAttribute('data-layout', 'inline');
    await expect(box.locator('[data-diff-legend]')).toContainText('One column');
    await expect(box.locator('[data-diff-legend]')).not.toContainText('Left');
    await expect(box.locator('.diff-columns')).toBeHidden();
    const width = await box.locator('.monaco-diff-editor').evaluate((el) => el.getBoundingClientRect().right);
    expect(width).toBeLessThanOrEqual(360);
    expect(await pageOverflow(page)).toBeLessThanOrEqual(0);
    // Long lines wrap instead of running off the edge.
    const lines = box.locator('.editor.modified .view-lines > .view-line');
    expect(await lines.count()).toBeGreaterThan(5);
    // The text's own box: Monaco makes some line boxes very wide and clips them.
    const overflowing = await lines.evaluateAll((ls) =>
      ls.filter((l) => {
        const range = document.createRange();
        range.selectNodeContents(l);
        return range.getBoundingClientRect().right > 361;
      }).map((l) => l.textContent),
    );
    expect(overflowing).toEqual([]);
    await box.scrollIntoViewIfNeeded();
    await box.screenshot({ path: info.outputPath('solution-diff-360.png') });

    // Wide again: side by side, and the labels say left and right.
    await page.setViewportSize({ width: 1280, height: 900 });
    await expect(box).toHaveAttribute('data-layout', 'side-by-side');
    await expect(box.locator('[data-diff-legend]')).toHaveText('Left: Your version. Right: Solution.');
    await expect(box.locator('.diff-columns')).toBeVisible();
  });
});

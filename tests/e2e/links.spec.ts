import { expect, test } from '@playwright/test';
import { lessonPaths } from './support';

const pages = ['/', '/glossary/', '/cheat-sheet/', ...lessonPaths];

test('every internal link and anchor on every page resolves', async ({ page, request }) => {
  const checked = new Map<string, Set<string> | null>();
  const ids = async (path: string): Promise<Set<string> | null> => {
    if (checked.has(path)) return checked.get(path)!;
    const res = await request.get(path);
    if (res.status() !== 200) {
      checked.set(path, null);
      return null;
    }
    const html = await res.text();
    const found = new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!));
    checked.set(path, found);
    return found;
  };
  const broken: string[] = [];
  for (const from of pages) {
    await page.goto(from);
    const hrefs = await page.locator('a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    for (const href of hrefs) {
      if (!href.startsWith('/') && !href.startsWith('#')) continue;
      const url = new URL(href, `http://x${from}`);
      const targetIds = await ids(url.pathname);
      if (!targetIds) broken.push(`${from} → ${href} (page missing)`);
      else if (url.hash && !targetIds.has(decodeURIComponent(url.hash.slice(1)))) broken.push(`${from} → ${href} (no such anchor)`);
    }
  }
  expect(broken).toEqual([]);
});

import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { readContentLayout } from '../../src/cli/content-fs';
import { lessonIdFromFolder } from '../../src/lessons/ids';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** URL paths of every lesson page, in course order, from the content on disk. */
export const lessonPaths = readContentLayout(root).lessons.map((l) => `/lessons/${lessonIdFromFolder(l.folder)}/`);

/** Runs axe (WCAG 2.x A and AA, plus best practices) and expects no violations. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(summary).toEqual([]);
}

/** Collects Content-Security-Policy violations the page reports. */
export function recordCspViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text())) violations.push(msg.text());
  });
  return violations;
}

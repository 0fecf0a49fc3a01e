import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readContentLayout } from '../../src/cli/content-fs';
import { checkLessonLayout } from '../../src/lessons/layout';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('the course content on disk', () => {
  const { lessons, projects } = readContentLayout(root);

  it('has lessons and projects', () => {
    expect(lessons.length).toBeGreaterThanOrEqual(2);
    expect(projects.has('node-express-ts')).toBe(true);
  });

  it('has no layout problems', () => {
    expect(checkLessonLayout(lessons, projects)).toEqual([]);
  });
});

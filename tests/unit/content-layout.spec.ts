import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
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

describe('lesson text and its components', () => {
  const lessonsDir = join(root, 'content/lessons');
  const lessons = readdirSync(lessonsDir).filter((d) => /^\d\d-/.test(d));
  // The lesson page hands these to <Content components={…}> (src/components/mdx/index.ts).
  const provided = new Set(/lessonComponents = \{([^}]*)\}/.exec(readFileSync(join(root, 'src/components/mdx/index.ts'), 'utf8'))![1]!.split(',').map((n) => n.trim()).filter(Boolean));

  it('provides every component in src/components/mdx/', () => {
    const files = readdirSync(join(root, 'src/components/mdx')).filter((f) => f.endsWith('.astro')).map((f) => f.replace(/\.astro$/, ''));
    expect([...provided].sort()).toEqual(files.sort());
  });

  it.each(lessons)('%s imports no site component and uses only provided ones', (folder) => {
    const text = readFileSync(join(lessonsDir, folder, 'index.mdx'), 'utf8');
    expect(text.split('\n').filter((l) => /^import\b.*src\/components\//.test(l))).toEqual([]);
    // Outside code blocks, every <Capitalised …> tag is one the lesson page provides.
    const prose = text.replace(/^```[\s\S]*?^```/gm, '');
    const used = new Set([...prose.matchAll(/<([A-Z]\w*)/g)].map((m) => m[1]!));
    expect([...used].filter((n) => !provided.has(n))).toEqual([]);
  });
});

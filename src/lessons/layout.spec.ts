import { describe, expect, it } from 'vitest';
import { checkLessonLayout, formatContentProblems, type LessonFolderListing } from './layout';

const projects = new Set(['node-express-ts']);
const frontmatter = {
  title: 'Why naive images are huge',
  summary: 'Where the bytes of a single-stage Node image come from.',
  objectives: ['Read docker history'],
  minutes: 15,
  goals: [{ rule: 'stage-count', options: { min: 2 } }],
  hints: ['Look at the biggest layer first.'],
  exercise: { project: 'node-express-ts' },
};
const withExercise = (exercise: Record<string, unknown>) => ({ data: { ...frontmatter, exercise } });
const good: LessonFolderListing = {
  folder: '01-why-images-are-huge',
  files: ['index.mdx', 'start/Dockerfile', 'solution/Dockerfile'],
  frontmatter: { data: frontmatter },
};

describe('checkLessonLayout', () => {
  it('accepts a well-formed lesson folder', () => {
    expect(checkLessonLayout([good], projects)).toEqual([]);
  });

  it('rejects a folder without a two-digit prefix, naming it', () => {
    const [p] = checkLessonLayout([{ ...good, folder: '1-intro' }], projects);
    expect(p?.file).toBe('content/lessons/1-intro');
    expect(p?.hint).toMatch(/NN-slug/);
  });

  it('reports a missing start Dockerfile, solution and index', () => {
    const problems = checkLessonLayout([{ ...good, files: ['index.mdx'] }], projects);
    expect(problems.map((p) => p.file)).toEqual([
      'content/lessons/01-why-images-are-huge/start/Dockerfile',
      'content/lessons/01-why-images-are-huge/solution/',
    ]);
    const noIndex = checkLessonLayout([{ ...good, files: ['start/Dockerfile'] }], projects);
    expect(noIndex[0]?.file).toBe('content/lessons/01-why-images-are-huge/index.mdx');
  });

  it('follows custom start and solution folders from the frontmatter', () => {
    const custom = { ...good, files: ['index.mdx', 'a/Dockerfile', 'b/Dockerfile'], frontmatter: withExercise({ project: 'node-express-ts', start: 'a/', solution: './b' }) };
    expect(checkLessonLayout([custom], projects)).toEqual([]);
  });

  it('reports an unknown project with the known ones as the hint', () => {
    const [p] = checkLessonLayout([{ ...good, frontmatter: withExercise({ project: 'nope' }) }], projects);
    expect(p?.message).toContain('"nope"');
    expect(p?.hint).toContain('node-express-ts');
  });

  it('reports duplicate order prefixes and duplicate ids', () => {
    const problems = checkLessonLayout(
      [good, { ...good, folder: '01-other' }, { ...good, folder: '02-why-images-are-huge' }],
      projects,
    );
    expect(problems.map((p) => p.message)).toEqual([
      'Order 01 is used by both 01-why-images-are-huge and 01-other.',
      'Lesson id "why-images-are-huge" is used by both 01-why-images-are-huge and 02-why-images-are-huge.',
    ]);
  });

  it('reports each frontmatter mistake with the field and the schema’s description as the hint', () => {
    const bad = { ...frontmatter, summary: 'short', hints: [] as string[], extra: 1 };
    const problems = checkLessonLayout([{ ...good, frontmatter: { data: bad } }], projects);
    expect(problems.every((p) => p.file === 'content/lessons/01-why-images-are-huge/index.mdx')).toBe(true);
    const summary = problems.find((p) => p.message.startsWith('summary:'));
    expect(summary?.hint).toMatch(/^summary is: One or two sentences/);
    expect(problems.some((p) => p.message.startsWith('hints:'))).toBe(true);
    expect(problems.some((p) => /extra/.test(p.message))).toBe(true);
  });

  it('reports frontmatter that could not be read', () => {
    const [p] = checkLessonLayout([{ ...good, frontmatter: { error: 'frontmatter is not valid YAML: bad indentation' } }], projects);
    expect(p?.message).toBe("The lesson's frontmatter is not valid YAML: bad indentation.");
  });

  it('formats problems as path, message and hint', () => {
    const text = formatContentProblems([{ file: 'a/b', message: 'M.', hint: 'H.' }]);
    expect(text).toBe('a/b: M.\n  hint: H.');
  });
});

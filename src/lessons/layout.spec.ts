import { describe, expect, it } from 'vitest';
import { terminalFiles } from './exercise-data';
import { checkLessonLayout, formatContentProblems, type LessonFolderListing } from './layout';
import { lessonSchema } from './schema';

const projects = new Set(['node-express-ts']);
const frontmatter = {
  title: 'Why naive images are huge',
  summary: 'Where the bytes of a single-stage Node image come from.',
  objectives: ['Read docker history'],
  minutes: 15,
  goals: [{ rule: 'stage-count', options: { min: 2 } }],
  hints: ['Look at the biggest layer first.'],
  exercise: { project: 'node-express-ts' },
  facilitator: { talkingPoints: ['The base image is most of the size.'] },
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

  it('accepts terminal files that name files of the lesson folder', () => {
    const lesson = { ...good, frontmatter: withExercise({ project: 'node-express-ts', terminal: { files: { 'single.Dockerfile': 'start/Dockerfile', 'docker/base.Dockerfile': './solution/Dockerfile' } } }) };
    expect(checkLessonLayout([lesson], projects)).toEqual([]);
  });

  it('reports a terminal file that names a file the lesson folder does not have', () => {
    const lesson = { ...good, frontmatter: withExercise({ project: 'node-express-ts', terminal: { files: { 'single.Dockerfile': 'examples/single-stage.Dockerfile' } } }) };
    const [p, ...rest] = checkLessonLayout([lesson], projects);
    expect(rest).toEqual([]);
    expect(p?.file).toBe('content/lessons/01-why-images-are-huge/examples/single-stage.Dockerfile');
    expect(p?.message).toBe("exercise.terminal.files gives the terminal's single.Dockerfile the text of examples/single-stage.Dockerfile, which does not exist.");
  });
});

describe('exercise.terminal in the frontmatter', () => {
  const parse = (terminal: unknown) => lessonSchema.safeParse({ ...frontmatter, exercise: { project: 'node-express-ts', terminal } });
  const messages = (terminal: unknown) => {
    const r = parse(terminal);
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('is optional, and files default to none', () => {
    expect(lessonSchema.parse(frontmatter).exercise.terminal).toBeUndefined();
    expect(parse({}).data?.exercise.terminal).toEqual({ files: {} });
    expect(parse({ files: { 'single.Dockerfile': 'start/Dockerfile' } }).data?.exercise.terminal?.files).toEqual({ 'single.Dockerfile': 'start/Dockerfile' });
  });

  it('refuses paths outside the project, a file the learner edits, and unknown keys', () => {
    expect(messages({ files: { '../x.Dockerfile': 'start/Dockerfile' } })).toEqual(['exercise.terminal.files.../x.Dockerfile: "../x.Dockerfile" is not a path inside the project; name one such as single.Dockerfile or docker/single.Dockerfile (relative, no "..")']);
    expect(messages({ files: { '/abs.Dockerfile': 'start/Dockerfile' } })[0]).toMatch(/is not a path inside the project/);
    expect(messages({ files: { './Dockerfile': 'start/Dockerfile' } })).toEqual(['exercise.terminal.files../Dockerfile: "./Dockerfile" is a file the learner edits; give the terminal\'s copy another name (e.g. single.Dockerfile)']);
    expect(messages({ files: { 'a.Dockerfile': '' } }).length).toBe(1);
    expect(messages({ file: { 'a.Dockerfile': 'start/Dockerfile' } })[0]).toMatch(/file/);
  });

  it('gives the texts of the files it names, and stops the site build naming a missing one', () => {
    expect(terminalFiles('01-why-images-are-huge', undefined)).toEqual({});
    const files = terminalFiles('01-why-images-are-huge', { 'single.Dockerfile': 'start/Dockerfile' });
    expect(files['single.Dockerfile']).toMatch(/^FROM node:20$/m);
    expect(() => terminalFiles('01-why-images-are-huge', { 'single.Dockerfile': 'examples/single.Dockerfile' })).toThrow(
      'content/lessons/01-why-images-are-huge/index.mdx: exercise.terminal.files["single.Dockerfile"] names examples/single.Dockerfile, but content/lessons/01-why-images-are-huge/examples/single.Dockerfile does not exist (named from content/lessons/01-why-images-are-huge)',
    );
  });
});

describe('facilitator in the frontmatter', () => {
  const without = Object.fromEntries(Object.entries(frontmatter).filter(([k]) => k !== 'facilitator'));
  const messages = (facilitator: unknown) => {
    const r = lessonSchema.safeParse({ ...frontmatter, facilitator });
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('is required, so a new lesson stops the build until it has notes, with the schema’s description as the hint', () => {
    const [p, ...rest] = checkLessonLayout([{ ...good, frontmatter: { data: without } }], projects);
    expect(rest).toEqual([]);
    expect(p?.message).toMatch(/^facilitator: /);
    expect(p?.hint).toMatch(/^facilitator is: Notes for the facilitator guide/);
  });

  it('takes one to six talking points, an optional demo of one-line commands and optional pitfalls', () => {
    expect(messages({ talkingPoints: ['The base image is most of the size.'], demo: ['docker build -t app .'], pitfalls: ['Attendees forget the lockfile.'] })).toEqual([]);
    expect(messages({ talkingPoints: [] })[0]).toMatch(/^facilitator.talkingPoints: /);
    expect(messages({ talkingPoints: Array(7).fill('The base image is most of the size.') })[0]).toMatch(/^facilitator.talkingPoints: /);
    expect(messages({ talkingPoints: ['The base image is most of the size.'], demo: ['docker build\n-t app .'] })).toEqual(['facilitator.demo.0: a demo step is one command line, such as docker build -t app .']);
    expect(messages({ talkingPoints: ['The base image is most of the size.'], notes: [] })[0]).toMatch(/notes/);
  });

  it('leaves figures to the lesson text', () => {
    expect(messages({ talkingPoints: ['The image shrinks to 138MB once the base is alpine.'] })).toEqual([
      'facilitator.talkingPoints.0: states a size or a percentage; the facilitator notes leave figures to the lesson text, where <Sim> prints the simulator’s own',
    ]);
    expect(messages({ talkingPoints: ['Efficiency is 44.5 % here, as dive shows.'] }).length).toBe(1);
    expect(messages({ talkingPoints: ['USER 65532 on scratch; DL3002 for root; node:20.11-alpine pinned.'] })).toEqual([]);
  });
});

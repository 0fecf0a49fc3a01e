import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PROJECT_MANIFEST, type PreparedContext } from '../engine/index';
import { lessonFolders, loadLesson, loadLessons, LessonLoadError, memorySource, parseFrontmatter, type LoadedLesson } from './loader';

const frontmatter = (fields: Record<string, string> = {}) => {
  const base: Record<string, string> = {
    title: 'A small lesson',
    summary: 'A lesson made of a few files, to test the loader with.',
    objectives: '\n  - Read a lesson',
    minutes: '10',
    goals: '\n  - rule: stage-count\n    options: { min: 2 }\n  - rule: final-base-matches\n    options: { pattern: alpine }\n    title: The final stage is on Alpine',
    hints: '\n  - Look at the first stage first.',
    exercise: '\n  project: tiny',
    facilitator: '\n  talkingPoints:\n    - Say what the lesson is about.',
    ...fields,
  };
  return `---\n${Object.entries(base).map(([k, v]) => `${k}: ${v}`).join('\n')}\n---\n\n# Text\n`;
};

const manifest = { dirs: [{ path: 'node_modules', files: 10, bytes: 1000 }] };
const files: Record<string, string> = {
  'content/projects/tiny/package.json': '{"name":"tiny"}\n',
  'content/projects/tiny/src/app.ts': 'export {}\n',
  'content/projects/tiny/.env': 'SECRET=1\n',
  [`content/projects/tiny/${PROJECT_MANIFEST}`]: JSON.stringify(manifest),
  'content/projects/ignoring/package.json': '{"name":"ignoring"}\n',
  'content/projects/ignoring/.dockerignore': 'package.json\n',

  'content/lessons/01-plain/index.mdx': frontmatter({ exercise: '\n  project: tiny\n  baseline: examples/single.Dockerfile\n  terminal:\n    files:\n      single.Dockerfile: examples/single.Dockerfile\n      other.Dockerfile: ../03-ignores/start/Dockerfile' }),
  'content/lessons/01-plain/start/Dockerfile': 'FROM node:20\n',
  'content/lessons/01-plain/solution/Dockerfile': 'FROM node:20 AS build\nFROM alpine:3.20\n',
  'content/lessons/01-plain/examples/single.Dockerfile': 'FROM node:20\nCOPY . .\n',

  'content/lessons/02-broken/index.mdx': frontmatter({ minutes: 'ten' }),
  'content/lessons/02-broken/start/Dockerfile': 'FROM node:20\n',
  'content/lessons/02-broken/solution/Dockerfile': 'FROM node:20\n',

  'content/lessons/03-ignores/index.mdx': frontmatter({ exercise: '\n  project: tiny\n  editable: [Dockerfile, .dockerignore]' }),
  'content/lessons/03-ignores/start/Dockerfile': 'FROM alpine:3.20\nCOPY . /app\n',
  'content/lessons/03-ignores/start/.dockerignore': '# nothing yet\n',
  'content/lessons/03-ignores/start/src/extra.ts': 'export const extra = 1;\n',
  'content/lessons/03-ignores/solution/.dockerignore': '.env\n',
};
const source = memorySource(files);
/** What a context sends, sorted, without the manifest's synthetic node_modules. */
const paths = (ctx: PreparedContext) => ctx.view.result.included.map((f) => f.path).filter((p) => !p.startsWith('node_modules/')).sort();
const sent = (l: LoadedLesson, which: 'context' | 'solutionContext') => paths(l[which]);

describe('the lesson loader', () => {
  it('lists the lesson folders of a source', () => {
    expect(lessonFolders(source)).toEqual(['01-plain', '02-broken', '03-ignores']);
  });

  it('loads a lesson: ids, goals with their titles, start and solution laid over the project, baseline, terminal files', () => {
    const l = loadLesson(source, '01-plain');
    expect([l.id, l.folder, l.dir, l.title]).toEqual(['plain', '01-plain', 'content/lessons/01-plain', 'A small lesson']);
    // The build-and-start goal every lesson has comes last.
    expect(l.goals.map((g) => g.rule)).toEqual(['stage-count', 'final-base-matches', 'runs-cleanly']);
    expect(l.titledGoals[0]).toEqual({ rule: 'stage-count', options: { min: 2 }, title: expect.stringMatching(/2/) });
    expect(l.titledGoals[1]!.title).toBe('The final stage is on Alpine');
    expect(l.startFiles.map((f) => f.path)).toEqual(['.env', 'Dockerfile', 'package.json', 'src/app.ts']);
    expect(l.startDockerfile).toEqual({ path: 'Dockerfile', text: 'FROM node:20\n', from: 'content/lessons/01-plain/start/Dockerfile' });
    expect(l.solutionDockerfile.from).toBe('content/lessons/01-plain/solution/Dockerfile');
    expect(l.solutionFiles.find((f) => f.path === 'src/app.ts')?.from).toBe('content/projects/tiny/src/app.ts');
    expect(l.baseline).toBe('FROM node:20\nCOPY . .\n');
    expect(l.terminalFiles).toEqual({ 'single.Dockerfile': 'FROM node:20\nCOPY . .\n', 'other.Dockerfile': 'FROM alpine:3.20\nCOPY . /app\n' });
    expect(l.project.name).toBe('tiny');
    expect(l.project.files.map((f) => f.path)).toEqual(['.env', 'package.json', 'src/app.ts']);
    expect(l.project.files[1]).toMatchObject({ size: 16, text: '{"name":"tiny"}\n' });
    expect(l.project.manifest).toEqual(manifest);
    expect(l.data.hints).toEqual(['Look at the first stage first.']);
  });

  it('makes the build contexts in memory: the project and its manifest, without the Dockerfile being built', () => {
    const l = loadLesson(source, '01-plain');
    expect(l.contextOverlay).toEqual([]);
    expect(l.solutionContextDiffers).toBe(false);
    expect(sent(l, 'context')).toEqual(['.env', 'package.json', 'src/app.ts']);
    expect(l.context.tree.fileCount).toBe(3 + 10);
    expect(l.context.dockerignore).toBe('');
    expect(l.solutionContext).toBe(l.context);
  });

  it('lays the start’s and the solution’s .dockerignore (and other files) over the project’s context', () => {
    const l = loadLesson(source, '03-ignores');
    expect(l.contextOverlay.map((f) => f.path)).toEqual(['.dockerignore', 'src/extra.ts']);
    expect(l.solutionContextOverlay.map((f) => f.from)).toEqual(['content/lessons/03-ignores/solution/.dockerignore', 'content/lessons/03-ignores/start/src/extra.ts']);
    expect(l.solutionContextDiffers).toBe(true);
    // The start's .dockerignore is the context's: it ignores nothing yet, so .env is sent.
    expect(l.context.dockerignore).toBe('# nothing yet\n');
    expect(sent(l, 'context')).toEqual(['.dockerignore', '.env', 'package.json', 'src/app.ts', 'src/extra.ts']);
    // The solution's leaves .env out.
    expect(l.solutionContext.dockerignore).toBe('.env\n');
    expect(sent(l, 'solutionContext')).toEqual(['.dockerignore', 'package.json', 'src/app.ts', 'src/extra.ts']);
    // No Dockerfile in the contexts: the solution has none of its own and uses the start's.
    expect(l.solutionDockerfile.from).toBe('content/lessons/03-ignores/start/Dockerfile');
    // Another .dockerignore (the learner's, `check --dockerignore`) takes the lesson's place.
    const mine = l.contextWith('src/\n');
    expect(mine.dockerignore).toBe('src/\n');
    expect(paths(mine)).toEqual(['.dockerignore', '.env', 'package.json']);
    expect(l.contextWith(undefined, 'solution').dockerignore).toBe('.env\n');
  });

  it('gives a lesson’s .dockerignore the place of the project’s own', () => {
    const s = memorySource({
      ...files,
      'content/lessons/04-own/index.mdx': frontmatter({ exercise: '\n  project: ignoring' }),
      'content/lessons/04-own/start/Dockerfile': 'FROM alpine:3.20\n',
      'content/lessons/04-own/solution/.dockerignore': '# send everything\n',
    });
    const l = loadLesson(s, '04-own');
    expect(paths(l.context)).toEqual(['.dockerignore']);
    expect(paths(l.solutionContext)).toEqual(['.dockerignore', 'package.json']);
  });

  it('reports a lesson whose frontmatter fails the schema, naming the lesson and the field', () => {
    let error: unknown;
    try {
      loadLesson(source, '02-broken');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LessonLoadError);
    const message = (error as Error).message;
    expect(message).toContain('lesson broken (content/lessons/02-broken) cannot be loaded');
    expect(message).toContain('content/lessons/02-broken/index.mdx: minutes: ');
    expect(message).toContain('hint: minutes is: Estimated minutes');
    expect((error as LessonLoadError).problems).toEqual([expect.objectContaining({ folder: '02-broken', file: 'content/lessons/02-broken/index.mdx', message: expect.stringMatching(/^minutes: /) })]);
  });

  it('loads every lesson it can and reports the others, skipping none silently', () => {
    const { lessons, problems } = loadLessons(source);
    expect(lessons.map((l) => l.folder)).toEqual(['01-plain', '03-ignores']);
    expect(problems.map((p) => p.folder)).toEqual(['02-broken']);
  });

  it('reports missing files: the index, the start Dockerfile, the project, the baseline, a terminal file', () => {
    const s = memorySource({
      ...files,
      'content/lessons/05-no-index/start/Dockerfile': 'FROM a\n',
      'content/lessons/06-no-yaml/index.mdx': '# just text\n',
      'content/lessons/07-missing/index.mdx': frontmatter({ exercise: '\n  project: nowhere\n  baseline: examples/none.Dockerfile\n  terminal:\n    files:\n      x.Dockerfile: examples/x.Dockerfile' }),
      'content/lessons/07-missing/solution/Dockerfile': 'FROM a\n',
    });
    const { problems } = loadLessons(s);
    const of = (folder: string) => problems.filter((p) => p.folder === folder).map((p) => `${p.file}: ${p.message}`);
    expect(of('05-no-index')).toEqual(['content/lessons/05-no-index/index.mdx: The lesson has no index.mdx.']);
    expect(of('06-no-yaml')).toEqual(['content/lessons/06-no-yaml/index.mdx: The lesson\'s it has no frontmatter (a block between two --- lines at the top).']);
    expect(of('07-missing')).toEqual([
      'content/lessons/07-missing/index.mdx: exercise.project names "nowhere", but content/projects/nowhere has no files.',
      'content/lessons/07-missing/start/Dockerfile: The exercise has no start Dockerfile.',
      'content/lessons/07-missing/index.mdx: exercise.baseline names examples/none.Dockerfile, but content/lessons/07-missing/examples/none.Dockerfile does not exist (named from content/lessons/07-missing).',
      'content/lessons/07-missing/index.mdx: exercise.terminal.files["x.Dockerfile"] names examples/x.Dockerfile, but content/lessons/07-missing/examples/x.Dockerfile does not exist (named from content/lessons/07-missing).',
    ]);
  });

  it('reads frontmatter as YAML, and says why it cannot', () => {
    expect(parseFrontmatter('---\ntitle: x\n---\nbody')).toEqual({ data: { title: 'x' } });
    expect(parseFrontmatter('---\r\n- a\r\n---\r\n')).toEqual({ error: 'its frontmatter is not a YAML mapping' });
    expect(parseFrontmatter('---\ntitle: [\n---\n')).toMatchObject({ error: expect.stringMatching(/^its frontmatter is not valid YAML: /) });
  });

  it('is pure: no Node, no Vite, no DOM', () => {
    const text = readFileSync(new URL('./loader.ts', import.meta.url), 'utf8');
    const imports = [...text.matchAll(/^import[^;]*?from '([^']+)'/gms)].map((m) => m[1]);
    expect(imports.filter((i) => !/^(\.\/|\.\.\/engine\/index$|yaml$)/.test(i!))).toEqual([]);
    expect(text).not.toMatch(/import\.meta|\bprocess\.|\bdocument\.|\bwindow\.|\brequire\(/);
  });
});

/**
 * One loader, two sources: every real lesson read from disk (the CLI's source,
 * src/cli/content-source.ts) gives what the site gives the browser (exerciseData over
 * Vite's bundled files), down to the build contexts the worker makes from that JSON.
 * A third, independent read — the project folder walked as a build context by the
 * CLI's `--context DIR` reader — must send the same files too.
 */
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readContentLayout } from '../../src/cli/content-fs';
import { readContextDir } from '../../src/cli/context-fs';
import { InputError } from '../../src/cli/io';
import { findLesson, lessonIds, listLessons } from '../../src/cli/lessons-fs';
import { REPO_ROOT } from '../../src/cli/paths';
import { prepareContext, type PreparedContext } from '../../src/engine/index';
import type { CourseLesson } from '../../src/lessons/course';
import { exerciseData, exerciseDataOf, type ExerciseData } from '../../src/lessons/exercise-data';

const folders = readContentLayout(REPO_ROOT).lessons.map((l) => l.folder);
const lessons = listLessons(REPO_ROOT);

function siteData(folder: string): ExerciseData {
  const id = folder.replace(/^\d\d-/, '');
  const lesson = { id, number: Number(folder.slice(0, 2)), folder, href: `/lessons/${id}/` } as unknown as CourseLesson;
  return exerciseData(lesson, undefined);
}

/** What a context sends: path, size and hash of every file, sorted; and its .dockerignore and facts. */
const sent = (ctx: PreparedContext) => ({
  files: ctx.view.result.included.map((f) => `${f.path} ${f.size} ${f.hash}`).sort(),
  size: ctx.view.result.size,
  dockerignore: ctx.dockerignore,
  facts: ctx.facts,
  problems: ctx.problems,
});

/** The context the browser's worker makes: the project and the editor's .dockerignore (engine.worker.ts). */
const workerContext = (data: ExerciseData, files: Record<string, string>) =>
  prepareContext(data.project.files, data.project.manifest, data.editable.includes('.dockerignore') ? files['.dockerignore'] : undefined);

describe('the CLI and the site read the same lessons', () => {
  it('every lesson folder loads', () => {
    expect(lessons.map((l) => l.folder)).toEqual(folders);
    expect(lessonIds(REPO_ROOT)).toEqual(lessons.map((l) => l.id));
  });

  for (const lesson of lessons) {
    describe(lesson.folder, () => {
      const site = siteData(lesson.folder);

      it('gives the same exercise JSON from disk as from the bundled files', () => {
        expect(exerciseDataOf(lesson.loaded, { number: site.number, next: null })).toEqual(site);
      });

      it('has the same Dockerfiles, goals, baseline and terminal files', () => {
        expect(lesson.startDockerfile).toBe(site.start.Dockerfile);
        expect(lesson.solutionDockerfile).toBe(site.solution.Dockerfile);
        expect(readFileSync(lesson.start, 'utf8')).toBe(lesson.startDockerfile);
        expect(readFileSync(lesson.solution, 'utf8')).toBe(lesson.solutionDockerfile);
        expect(lesson.goalTitles).toEqual(site.goals.map((g) => ({ id: g.rule, title: g.title })));
        expect(lesson.goals.map((g) => ({ rule: g.rule, options: g.options ?? {} }))).toEqual(site.goals.map((g) => ({ rule: g.rule, options: g.options })));
        expect(lesson.baseline).toBe(site.baseline);
        expect(lesson.loaded.terminalFiles).toEqual(site.terminalFiles);
        expect(lesson.title).toBe(site.title);
      });

      it('sends the same build context as the browser’s worker, at the start and with the solution', () => {
        expect(sent(lesson.context)).toEqual(sent(workerContext(site, site.start)));
        expect(sent(lesson.solutionContext)).toEqual(sent(workerContext(site, site.solution)));
      });

      it('sends the same build context as the project folder read from disk with the lesson’s .dockerignore', () => {
        const own = (overlay: Record<string, string>) => (overlay['.dockerignore'] ? readFileSync(overlay['.dockerignore'], 'utf8') : undefined);
        expect(Object.keys(lesson.contextOverlay).filter((p) => p !== '.dockerignore')).toEqual([]);
        for (const [ctx, overlay] of [[lesson.context, lesson.contextOverlay], [lesson.solutionContext, lesson.solutionContextOverlay]] as const) {
          const disk = readContextDir(lesson.project, own(overlay));
          if ('error' in disk) throw new Error(disk.error);
          expect(sent(ctx)).toEqual(sent(disk.context));
        }
      });
    });
  }
});

describe('the CLI’s lessons on disk', () => {
  const write = (root: string, files: Record<string, string>) => {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
  };
  const good = readFileSync(join(REPO_ROOT, 'content/lessons/02-stages/index.mdx'), 'utf8');
  const root = mkdtempSync(join(tmpdir(), 'stagecraft-lessons-'));
  write(root, {
    'content/projects/node-express-ts/package.json': '{"name":"x"}\n',
    'content/lessons/01-good/index.mdx': good,
    'content/lessons/01-good/start/Dockerfile': 'FROM node:20\n',
    'content/lessons/01-good/solution/Dockerfile': 'FROM node:20 AS build\n',
    'content/lessons/01-good/examples/single-stage.Dockerfile': 'FROM node:20\n',
    'content/lessons/02-bad/index.mdx': good.replace(/^minutes: .*$/m, 'minutes: 500'),
    'content/lessons/02-bad/start/Dockerfile': 'FROM node:20\n',
    'content/lessons/02-bad/solution/Dockerfile': 'FROM node:20 AS build\n',
  });

  it('says which lesson fails the schema and why, instead of leaving it out', () => {
    expect(() => listLessons(root)).toThrow(InputError);
    expect(() => listLessons(root)).toThrow(/lesson bad \(content\/lessons\/02-bad\) cannot be loaded:\ncontent\/lessons\/02-bad\/index\.mdx: minutes: .*120/);
    expect(() => findLesson(root, 'bad')).toThrow(/content\/lessons\/02-bad\/index\.mdx: minutes: /);
  });

  it('still finds a sound lesson beside a broken one', () => {
    const l = findLesson(root, 'good')!;
    expect(l.start).toBe(join(root, 'content/lessons/01-good/start/Dockerfile'));
    expect(l.project).toBe(join(root, 'content/projects/node-express-ts'));
    expect(l.context.view.result.included.map((f) => f.path)).toEqual(['package.json']);
    expect(findLesson(root, 'nope')).toBeUndefined();
    expect(lessonIds(root)).toEqual(['good', 'bad']);
  });
});

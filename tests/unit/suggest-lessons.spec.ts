/**
 * Suggestions on every lesson file (start, solution and examples/*.Dockerfile), each on
 * its lesson's own context: suggest() never throws, every suggestion offered re-simulates
 * to the size it states and passes the lesson's build-and-start verdict. And the issue's
 * "Done when": from the seed's single-stage Node and Go files, following the top
 * suggestion until none is left reaches a multi-stage image within 10 % of the lesson
 * solution's size, every step's figure the simulator's. Expected figures are simulated
 * here, never typed in.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findLesson, listLessons, type CliLesson } from '../../src/cli/lessons-fs';
import { REPO_ROOT } from '../../src/cli/paths';
import {
  buildOnContext, checkExercise, parseDockerfile, suggest, worthIt,
  type PreparedContext, type Suggestion, type SuggestReport,
} from '../../src/engine/index';

const lessons = listLessons(REPO_ROOT);
const lessonIds = new Set(lessons.map((l) => l.id));

interface LessonFileCase {
  name: string;
  text: string;
  side: 'start' | 'solution';
}

function lessonFiles(l: CliLesson): LessonFileCase[] {
  const out: LessonFileCase[] = [
    { name: 'start/Dockerfile', text: l.startDockerfile, side: 'start' },
    { name: 'solution', text: l.solutionDockerfile, side: 'solution' },
  ];
  const dir = join(REPO_ROOT, 'content/lessons', l.folder, 'examples');
  if (existsSync(dir)) {
    for (const f of readdirSync(dir).sort()) if (f.endsWith('.Dockerfile')) out.push({ name: `examples/${f}`, text: readFileSync(join(dir, f), 'utf8'), side: 'start' });
  }
  return out;
}

/**
 * The file and context after a suggestion's edits, as the learner has them after Apply:
 * the edited Dockerfile, and for a .dockerignore edit the lesson's context prepared with
 * the new .dockerignore (as `stagecraft suggest --lesson … --dockerignore FILE` and the
 * exercise page prepare it).
 */
function applied(s: Suggestion, text: string, ctx: PreparedContext, contextWith: (ignore: string) => PreparedContext): { text: string; ctx: PreparedContext } {
  let t = text;
  let c = ctx;
  for (const e of s.edits) {
    if (e.path === '.dockerignore') {
      expect(e.before).toBe(ctx.dockerignore);
      c = contextWith(e.after);
    } else {
      expect(e.before).toBe(text);
      t = e.after;
    }
  }
  return { text: t, ctx: c };
}

/** The lesson's build-and-start verdict on a file: built, no error at build or run time, nothing unknown. */
function expectBuildsAndStarts(text: string, ctx: PreparedContext, what: string): number {
  const r = buildOnContext(parseDockerfile(text), ctx);
  expect(r.image, `${what}: ${r.problems.map((p) => p.message).join(' | ')}`).not.toBeNull();
  expect(r.problems.filter((p) => p.severity === 'error').map((p) => `${what}: ${p.message}`)).toEqual([]);
  expect(r.unknowns.map((u) => `${what}: ${u.message}`)).toEqual([]);
  const goal = checkExercise(text, ctx, { goals: [{ rule: 'runs-cleanly' }] }).goals[0]!;
  expect(goal.met, `${what}: ${goal.detail}`).toBe(true);
  return r.image!.bytes;
}

describe('suggestions on every lesson file', () => {
  it('covers every lesson, with examples', () => {
    expect(lessons.length).toBeGreaterThanOrEqual(10);
    expect(lessons.flatMap(lessonFiles).filter((f) => f.name.startsWith('examples/')).length).toBeGreaterThan(10);
  });

  for (const lesson of lessons) {
    describe(lesson.id, () => {
      for (const f of lessonFiles(lesson)) {
        it(f.name, () => {
          const ctx = f.side === 'start' ? lesson.context : lesson.solutionContext;
          const contextWith = (ignore: string) => lesson.contextWith(ignore, f.side);
          let r!: SuggestReport;
          expect(() => (r = suggest(f.text, ctx))).not.toThrow();
          const built = buildOnContext(parseDockerfile(f.text), ctx);
          expect(r.size).toBe(built.image?.bytes ?? null);
          if (r.verdict !== 'ok') {
            expect(r.suggestions).toEqual([]);
            expect(r.cache).toEqual([]);
            expect(r.message).toBeTruthy();
            return;
          }
          expect(r.message === null).toBe(r.suggestions.length > 0);
          for (const s of [...r.suggestions, ...r.cache]) {
            const what = `${lesson.id} ${f.name} → ${s.id}`;
            const after = applied(s, f.text, ctx, contextWith);
            const size = expectBuildsAndStarts(after.text, after.ctx, what);
            expect(s.after.size, what).toBe(size);
            expect(s.saves, what).toBe(r.size! - size);
            expect(lessonIds.has(s.lesson), `${what}: lesson ${s.lesson}`).toBe(true);
          }
          for (const s of r.suggestions) expect(worthIt(s.saves, r.size!), s.id).toBe(true);
        });
      }
    });
  }
});

describe('following the suggestions from the seed’s single-stage files', () => {
  function follow(text: string, lesson: CliLesson): { text: string; ctx: PreparedContext; steps: Array<{ id: string; size: number }> } {
    let t = text;
    let ctx = lesson.context;
    const steps: Array<{ id: string; size: number }> = [];
    for (let round = 0; round < 10; round++) {
      const r = suggest(t, ctx);
      expect(r.verdict, r.message ?? '').toBe('ok');
      const top = r.suggestions[0];
      if (!top) return { text: t, ctx, steps };
      const next = applied(top, t, ctx, (ignore) => lesson.contextWith(ignore));
      const fresh = buildOnContext(parseDockerfile(next.text), next.ctx);
      expect(fresh.image, `${top.id}: ${fresh.problems.map((p) => p.message).join(' | ')}`).not.toBeNull();
      // Each step's figure is the simulator's figure for the file after Apply.
      expect(top.after.size, top.id).toBe(fresh.image!.bytes);
      expect(top.saves, top.id).toBe(r.size! - fresh.image!.bytes);
      steps.push({ id: top.id, size: fresh.image!.bytes });
      t = next.text;
      ctx = next.ctx;
    }
    throw new Error(`still suggesting after 10 rounds: ${steps.map((s) => s.id).join(', ')}`);
  }

  const solutionSize = (id: string) => {
    const l = findLesson(REPO_ROOT, id)!;
    return expectBuildsAndStarts(l.solutionDockerfile, l.solutionContext, `${id} solution`);
  };

  const cases = [
    { name: 'Node: lesson 1’s start on node-express-ts, against lesson 4’s solution', lesson: 'why-images-are-huge', file: 'start/Dockerfile', solution: 'node-typescript', project: 'node-express-ts' },
    { name: 'Go: lesson 5’s single-stage example on go-http, against lesson 5’s solution', lesson: 'go-scratch', file: 'examples/single-stage.Dockerfile', solution: 'go-scratch', project: 'go-http' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const lesson = findLesson(REPO_ROOT, c.lesson)!;
      expect(lesson.project.endsWith(join('content/projects', c.project))).toBe(true);
      const text = readFileSync(join(REPO_ROOT, 'content/lessons', lesson.folder, c.file), 'utf8');
      expect(parseDockerfile(text).stages).toHaveLength(1);
      const start = expectBuildsAndStarts(text, lesson.context, c.file);
      const end = follow(text, lesson);
      expect(end.steps.length).toBeGreaterThan(0);
      // Every step made it smaller.
      end.steps.forEach((s, i) => expect(s.size, s.id).toBeLessThan(i === 0 ? start : end.steps[i - 1]!.size));
      const size = expectBuildsAndStarts(end.text, end.ctx, 'after every suggestion');
      expect(parseDockerfile(end.text).stages.length).toBeGreaterThanOrEqual(2);
      expect(size).toBeLessThanOrEqual(solutionSize(c.solution) * 1.1);
    });
  }
});

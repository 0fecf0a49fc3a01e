/**
 * Shared by the lesson-attempts specs: a lesson's goals checked the way the CLI
 * checks them (listLessons → readContextDir → checkExercise), as a goal-by-goal
 * verdict, and the table runner for a lesson's cases (tests/lesson-attempts/NN-slug.ts,
 * typed in tests/lesson-attempts/types.ts) — each wrong attempt states, goal by goal, what
 * real Docker would make of it; each correct design meets every goal.
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readContextDir } from '../../../src/cli/context-fs';
import { listLessons, type CliLesson } from '../../../src/cli/lessons-fs';
import { REPO_ROOT } from '../../../src/cli/paths';
import { checkExercise, type ExerciseCheck, type PreparedContext } from '../../../src/engine/index';
import { goalKey, type LessonCases } from '../../lesson-attempts/types';

/**
 * A lesson as the CLI lists it. listLessons writes the contexts of lessons that
 * bring their own .dockerignore into $TMPDIR/stagecraft-lessons and rewrites them on
 * every call; each spec file gets a folder of its own so that files running in
 * parallel (and lesson-goals.spec.ts) never delete a context another one is reading.
 */
export function loadLesson(folder: string): CliLesson {
  const own = join(tmpdir(), 'stagecraft-lesson-attempts', folder);
  mkdirSync(own, { recursive: true });
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = own;
  let all: CliLesson[];
  try {
    all = listLessons(REPO_ROOT);
  } finally {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
  }
  const l = all.find((x) => x.folder === folder);
  if (!l) throw new Error(`no lesson ${folder}; have ${all.map((x) => x.folder).join(', ')}`);
  return l;
}

/** The build context as the CLI reads it, optionally with the learner's own .dockerignore. */
export function contextOf(dir: string, dockerignore?: string): PreparedContext {
  const r = readContextDir(dir, dockerignore);
  if ('error' in r) throw new Error(r.error);
  return r.context;
}

export interface Verdict {
  /** Goal key → met. */
  metById: Record<string, boolean>;
  /** Goal key → the engine's explanation, shown when an expectation fails. */
  detailById: Record<string, string>;
  /** Every goal met: the lesson would show as complete. */
  complete: boolean;
  check: ExerciseCheck;
}

export function verdict(l: CliLesson, dockerfile: string, ctx: PreparedContext): Verdict {
  const check = checkExercise(dockerfile, ctx, { goals: l.goals, baseline: l.baseline });
  const metById: Record<string, boolean> = {};
  const detailById: Record<string, string> = {};
  check.goals.forEach((g, i) => {
    const key = goalKey(l.goals[i]!, l.goals);
    metById[key] = g.met;
    detailById[key] = g.detail;
  });
  return { metById, detailById, complete: check.goals.every((g) => g.met), check };
}

const show = (v: Verdict) =>
  Object.entries(v.detailById).map(([k, d]) => `  ${v.metById[k] ? 'met    ' : 'not met'} ${k}: ${d}`).join('\n');

/**
 * One `it` per attempt and per design. Contexts are read while the tests are
 * collected, right after the lesson is listed.
 */
export function describeLesson(folder: string, cases: LessonCases): void {
  const l = loadLesson(folder);
  const base = contextOf(l.context);
  const ctxFor = (dockerignore?: string) => (dockerignore === undefined ? base : contextOf(l.context, dockerignore));
  const keys = l.goals.map((g) => goalKey(g, l.goals));

  describe(`${folder}: wrong attempts`, () => {
    it('has at least five, each stating every goal', () => {
      expect(cases.wrong.length).toBeGreaterThanOrEqual(5);
      for (const c of cases.wrong) expect(Object.keys(c.met).sort(), c.name).toEqual([...keys].sort());
    });
    for (const c of cases.wrong.map((w) => ({ ...w, ctx: ctxFor(w.dockerignore) }))) {
      it(c.name, () => {
        const v = verdict(l, c.dockerfile, c.ctx);
        expect(v.metById, `the engine's verdict:\n${show(v)}`).toEqual(c.met);
        expect(v.complete).toBe(false);
        const first = v.check.build?.problems.find((p) => p.severity === 'error');
        if (c.because) {
          expect(first ? `${first.message}\n${first.explanation ?? ''}` : '(no error reported)').toMatch(c.because);
        }
        if (c.fails) {
          expect(first?.when, 'where the first error is reported').toBe(c.fails);
          expect(!!v.check.build?.image, 'whether the build made an image').toBe(c.fails === 'run');
        }
      });
    }
  });

  describe(`${folder}: correct designs`, () => {
    it('has at least two', () => {
      expect(cases.correct.length).toBeGreaterThanOrEqual(2);
    });
    for (const c of cases.correct.map((w) => ({ ...w, ctx: ctxFor(w.dockerignore) }))) {
      it(c.name, () => {
        const v = verdict(l, c.dockerfile, c.ctx);
        expect(v.metById, `the engine's verdict:\n${show(v)}`).toEqual(Object.fromEntries(keys.map((k) => [k, true])));
        expect(v.complete).toBe(true);
        expect(v.check.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([]);
      });
    }
  });
}

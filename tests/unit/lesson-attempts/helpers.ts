/**
 * Shared by the lesson-attempts specs: a lesson's goals checked the way the CLI
 * checks them (findLesson → the lesson's in-memory context → checkExercise), as a goal-by-goal
 * verdict, and the table runner for a lesson's cases (tests/lesson-attempts/NN-slug.ts,
 * typed in tests/lesson-attempts/types.ts) — each wrong attempt states, goal by goal, what
 * real Docker would make of it; each correct design meets every goal.
 */
import { describe, expect, it } from 'vitest';
import { findLesson, lessonIds, type CliLesson } from '../../../src/cli/lessons-fs';
import { REPO_ROOT } from '../../../src/cli/paths';
import { checkExercise, type ExerciseCheck, type PreparedContext } from '../../../src/engine/index';
import { goalKey, type LessonCases } from '../../lesson-attempts/types';

/** A lesson as `stagecraft check --lesson` loads it (its contexts are in memory). */
export function loadLesson(folder: string): CliLesson {
  const l = findLesson(REPO_ROOT, folder);
  if (!l) throw new Error(`no lesson ${folder}; have ${lessonIds(REPO_ROOT).join(', ')}`);
  return l;
}

/** The lesson's start context as the CLI makes it, optionally with the learner's own .dockerignore (`check --dockerignore`). */
export function contextOf(l: CliLesson, dockerignore?: string): PreparedContext {
  return dockerignore === undefined ? l.context : l.contextWith(dockerignore);
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
 * One `it` per attempt and per design. Contexts are made while the tests are
 * collected, right after the lesson is loaded.
 */
export function describeLesson(folder: string, cases: LessonCases): void {
  const l = loadLesson(folder);
  const ctxFor = (dockerignore?: string) => contextOf(l, dockerignore);
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

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readContextDir } from '../../src/cli/context-fs';
import { listLessons } from '../../src/cli/lessons-fs';
import { REPO_ROOT } from '../../src/cli/paths';
import { checkExercise, validateGoals } from '../../src/engine/index';

const lessons = listLessons(REPO_ROOT);

describe('every lesson’s exercise', () => {
  it('exists', () => {
    expect(lessons.length).toBeGreaterThanOrEqual(2);
  });

  for (const lesson of lessons) {
    describe(lesson.id, () => {
      const start = readContextDir(lesson.context);
      const solution = readContextDir(lesson.solutionContext);
      if ('error' in start) throw new Error(start.error);
      if ('error' in solution) throw new Error(solution.error);
      const check = (path: string, ctx: typeof start.context) => checkExercise(readFileSync(path, 'utf8'), ctx, { goals: lesson.goals, baseline: lesson.baseline });

      it('has valid goals and a sound project', () => {
        expect(validateGoals(lesson.goals)).toEqual([]);
        expect(start.context.problems).toEqual([]);
      });

      it('starts with at least one goal not met', () => {
        expect(check(lesson.start, start.context).goals.filter((g) => !g.met).length).toBeGreaterThan(0);
      });

      it('meets every goal with its solution, without errors or build problems', () => {
        const { goals, diagnostics, build } = check(lesson.solution, solution.context);
        expect(diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([]);
        expect(goals.filter((g) => !g.met).map((g) => `${g.title}: ${g.detail}`)).toEqual([]);
        expect(build?.problems ?? []).toEqual([]);
      });
    });
  }
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src/cli/paths';
import { listLessons } from '../../src/cli/lessons-fs';
import { checkDockerfile, validateGoals } from '../../src/engine/index';

const lessons = listLessons(REPO_ROOT);

describe('every lesson’s exercise', () => {
  it('exists', () => {
    expect(lessons.length).toBeGreaterThanOrEqual(2);
  });

  for (const lesson of lessons) {
    describe(lesson.id, () => {
      it('has valid goals', () => {
        expect(validateGoals(lesson.goals)).toEqual([]);
      });

      it('starts with at least one goal not met', () => {
        const { goals } = checkDockerfile(readFileSync(lesson.start, 'utf8'), { goals: lesson.goals });
        expect(goals.filter((g) => !g.met).length).toBeGreaterThan(0);
      });

      it('meets every goal the Dockerfile decides with its solution, without errors', () => {
        const { goals, diagnostics } = checkDockerfile(readFileSync(lesson.solution, 'utf8'), { goals: lesson.goals });
        expect(diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([]);
        expect(goals.filter((g) => g.kind === 'static' && !g.met).map((g) => `${g.title}: ${g.detail}`)).toEqual([]);
      });
    });
  }
});

/**
 * Every input `npm run fuzz` (or an issue) found to throw, hang or run slow, replayed:
 * the engine must check and build each one without throwing. No timings are
 * asserted; the runner's time limit catches a hang.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listLessons } from '../../src/cli/lessons-fs';
import { REPO_ROOT } from '../../src/cli/paths';
import { checkExercise, lessonGoals, type GoalSpec } from '../../src/engine/index';

const dir = join(REPO_ROOT, 'tests/fuzz-corpus');
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
const lessons = new Map(listLessons(REPO_ROOT).map((l) => [l.id, l]));

describe('the fuzz corpus', () => {
  it('holds the inputs found so far', () => expect(files.length).toBeGreaterThan(0));
  for (const name of files) {
    it(name, () => {
      const c = JSON.parse(readFileSync(join(dir, name), 'utf8')) as { lesson: string; dockerfile: string; dockerignore: string | null };
      const lesson = lessons.get(c.lesson)!;
      // As scripts/fuzz.ts makes it: the lesson's start context, with the case's .dockerignore when it has one.
      const ctx = c.dockerignore === null ? lesson.context : lesson.contextWith(c.dockerignore);
      const r = checkExercise(c.dockerfile, ctx, { goals: lessonGoals(lesson.goals) as GoalSpec[], baseline: lesson.baseline, build: true });
      expect(r.goals.length).toBeGreaterThan(0);
      // A file with no FROM has nothing to build; any other builds (or fails, or is unknown) without throwing.
      if (r.file.stages.length > 0) expect(r.build).not.toBeNull();
    }, 30_000);
  }
});

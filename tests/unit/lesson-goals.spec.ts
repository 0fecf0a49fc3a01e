/**
 * Every lesson's exercise, both ways: the start file fails the goals the lesson
 * sets it up to fail (named below, per lesson), and the solution meets every goal
 * with no error and no build problem.
 *
 * The lessons come from the content folder, so a new lesson fails here until it
 * has an entry in `startFails`: the ids of the goals (in frontmatter order, the
 * build-and-start goal included) its start file does not meet. Read them off
 * `npx stagecraft check content/lessons/NN-slug/start/Dockerfile --lesson slug --json`
 * and check each one against what the lesson asks the learner to fix.
 */
import { describe, expect, it } from 'vitest';
import { readContentLayout } from '../../src/cli/content-fs';
import { listLessons } from '../../src/cli/lessons-fs';
import { REPO_ROOT } from '../../src/cli/paths';
import { checkExercise, validateGoals } from '../../src/engine/index';
import { lessonIdFromFolder } from '../../src/lessons/ids';

/** Per lesson id: the goals its start file does not meet, in goal order (an id twice when two goals share a rule). */
const startFails: Record<string, string[]> = {
  // node:20, COPY . ., 1.19 GB: the base, the COPY and the size; it builds and starts.
  'why-images-are-huge': ['final-base-matches', 'no-copy-all-in-final', 'image-size-under'],
  // `FROM node:20 as Build`, a final stage on node:20 and `--from=0`.
  stages: ['stage-named', 'final-base-matches', 'final-copies-from', 'no-rule-findings'],
  // Already on nginx:alpine, but copies all of /app (node_modules included) from stage 0.
  'copy-from': ['final-copies-from', 'path-absent', 'image-size-under'],
  // COPY . . and npm install (no npm ci to cache), dev dependencies shipped, no NODE_ENV, root, CMD npm start.
  'node-typescript': ['deps-before-source', 'cached-after-change', 'final-env', 'final-user-non-root', 'exec-form-command', 'smaller-than-baseline'],
  // Already FROM scratch and small, but a shell-form CMD (no /bin/sh), root and no CA certificates.
  'go-scratch': ['runs-cleanly', 'final-user-non-root', 'ca-certificates'],
  // A .dockerignore with only a comment: a 92 MB context, and .env, which COPY . . puts in the image.
  dockerignore: ['context-size-under', 'path-absent', 'path-absent'],
  // Two stages: no deps stage, no test stage, npm ci not cached across a source edit.
  'more-stages': ['stage-count', 'stage-named', 'stage-skipped', 'stage-runs-tests', 'cached-after-change'],
  // "Slimmed" by deleting in later RUNs: the bytes stay in the earlier layers, so the image stays big.
  measuring: ['wasted-under', 'image-size-under'],
  // node:20 and node:20-alpine float, COPY . . in the final stage, USER root, CMD npm start, no NODE_ENV.
  'production-habits': ['final-base-matches', 'no-rule-findings', 'base-images-pinned', 'final-user-non-root', 'exec-form-command', 'final-env', 'no-copy-all-in-final'],
  // One stage on a pinned golang:1.22 builds a cgo API and ships the whole toolchain; CMD in shell form.
  capstone: ['stage-count', 'final-copies-from', 'image-size-under', 'final-user-non-root', 'go-binary-static-stripped', 'exec-form-command', 'no-rule-findings'],
};

const folders = readContentLayout(REPO_ROOT).lessons.map((l) => l.folder);
const lessons = listLessons(REPO_ROOT);

describe('every lesson’s exercise', () => {
  it('covers every lesson folder, each with its start failures listed', () => {
    expect(folders.length).toBeGreaterThanOrEqual(2);
    // listLessons throws on a lesson it cannot load; it must list every folder, too.
    expect(lessons.map((l) => l.folder)).toEqual(folders);
    const ids = folders.map(lessonIdFromFolder);
    expect(ids.filter((id) => !(id in startFails)), 'add these lessons to startFails in tests/unit/lesson-goals.spec.ts').toEqual([]);
    expect(Object.keys(startFails).filter((id) => !ids.includes(id)), 'these startFails entries name no lesson').toEqual([]);
  });

  for (const lesson of lessons) {
    describe(lesson.id, () => {
      const start = { context: lesson.context };
      const solution = { context: lesson.solutionContext };
      const check = (text: string, ctx: typeof start.context) => checkExercise(text, ctx, { goals: lesson.goals, baseline: lesson.baseline });

      it('has valid goals and a sound project', () => {
        expect(validateGoals(lesson.goals)).toEqual([]);
        expect(start.context.problems).toEqual([]);
      });

      it('starts with exactly the goals the lesson sets up not met, each decidedly', () => {
        const expected = startFails[lesson.id];
        expect(expected, `no startFails entry for ${lesson.id}`).toBeDefined();
        expect(expected!.length, 'a start file must fail at least one goal').toBeGreaterThan(0);
        const unmet = check(lesson.startDockerfile, start.context).goals.filter((g) => !g.met);
        expect(unmet.map((g) => g.id)).toEqual(expected);
        // "Not met", not "Stagecraft cannot tell": the learner must be able to see what to fix.
        expect(unmet.filter((g) => g.unknown).map((g) => `${g.title}: ${g.detail}`)).toEqual([]);
      });

      it('meets every goal with its solution, without errors or build problems', () => {
        const { goals, diagnostics, build } = check(lesson.solutionDockerfile, solution.context);
        expect(diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([]);
        expect(goals.filter((g) => !g.met).map((g) => `${g.title}: ${g.detail}`)).toEqual([]);
        expect(build?.problems ?? []).toEqual([]);
      });
    });
  }
});

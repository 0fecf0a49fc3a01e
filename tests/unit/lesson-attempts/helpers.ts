/**
 * Shared by the lesson-attempts specs: a lesson's goals checked the way the CLI
 * checks them (listLessons → readContextDir → checkExercise), as a goal-by-goal
 * verdict, and the table runner — each wrong attempt states, goal by goal, what
 * real Docker would make of it; each correct design meets every goal.
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readContextDir } from '../../../src/cli/context-fs';
import { listLessons, type CliLesson } from '../../../src/cli/lessons-fs';
import { REPO_ROOT } from '../../../src/cli/paths';
import { checkExercise, type ExerciseCheck, type GoalSpec, type PreparedContext } from '../../../src/engine/index';

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

/**
 * The key a goal has in `metById`: its id, or — when a lesson lists the same goal
 * twice (lesson 6's two path-absent goals) — the id with its options, such as
 * `path-absent(.env in context)`.
 */
export function goalKey(goal: GoalSpec, goals: readonly GoalSpec[]): string {
  if (goals.filter((g) => g.rule === goal.rule).length === 1) return goal.rule;
  const o = goal.options ?? {};
  if (goal.rule === 'path-absent') return `path-absent(${String(o.path)} in ${String(o.in)})`;
  return `${goal.rule}(${Object.values(o).map(String).join(' ')})`;
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

/**
 * Strips the common indentation of a template-string Dockerfile (or .dockerignore).
 * Interpolated text (a shared stage) is inserted after the dedent, as written.
 */
export function text(strings: TemplateStringsArray, ...values: unknown[]): string {
  const mark = (i: number) => `\u0000${i}\u0000`;
  const raw = strings.reduce((s, part, i) => s + part + (i < values.length ? mark(i) : ''), '');
  const lines = raw.replace(/^[ \t]*\n/, '').replace(/\n[ \t]*$/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^[ \t]*/.exec(l)![0].length));
  const body = lines.map((l) => l.slice(indent)).join('\n');
  // A value that ends its own line (a whole stage) brings its newline with it.
  const filled = body.replace(/\u0000(\d+)\u0000(\n?)/g, (_, i: string, nl: string) => {
    const v = String(values[Number(i)]);
    return v.endsWith('\n') ? v : v + nl;
  });
  return `${filled.replace(/\n+$/, '')}\n`;
}

/** A learner's attempt that real Docker (and the lesson's goals) should reject. */
export interface WrongAttempt {
  /** What it gets wrong, as a learner would recognise it. */
  name: string;
  dockerfile: string;
  /** The learner's .dockerignore, replacing the lesson's own (lesson 6). */
  dockerignore?: string;
  /** Every goal of the lesson, by key: met or not, as real Docker would decide it. */
  met: Record<string, boolean>;
  /**
   * What the failure must be about: matched against the first error the build or
   * `docker run` reports (the message Docker or the tool prints, and its explanation).
   */
  because?: RegExp;
}

/** A design that real Docker builds and runs and that meets every goal. */
export interface CorrectDesign {
  name: string;
  dockerfile: string;
  dockerignore?: string;
}

const show = (v: Verdict) =>
  Object.entries(v.detailById).map(([k, d]) => `  ${v.metById[k] ? 'met    ' : 'not met'} ${k}: ${d}`).join('\n');

/**
 * One `it` per attempt and per design. Contexts are read while the tests are
 * collected, right after the lesson is listed.
 */
export function describeLesson(folder: string, cases: { wrong: WrongAttempt[]; correct: CorrectDesign[] }): void {
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
        if (c.because) {
          const first = v.check.build?.problems.find((p) => p.severity === 'error');
          expect(first ? `${first.message}\n${first.explanation ?? ''}` : '(no error reported)').toMatch(c.because);
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

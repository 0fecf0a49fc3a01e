/**
 * The shape of a lesson's table of attempts (tests/lesson-attempts/NN-slug.ts),
 * shared by the Vitest specs (tests/unit/lesson-attempts/, through the CLI code
 * path) and the Playwright spec (tests/e2e/lesson-attempts.spec.ts, in the
 * browser). Pure data and a string helper: nothing here reads the disk or
 * imports a test runner, so both can load it.
 */

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
  /**
   * Every goal of the lesson, by key: met or not, as real Docker would decide it.
   * The key is the goal's id, or — when a lesson lists the same goal twice
   * (lesson 6's two path-absent goals) — the id with its options, such as
   * `path-absent(.env in context)`; see goalKey.
   */
  met: Record<string, boolean>;
  /**
   * Where it stops in real Docker, for an attempt that does not run cleanly:
   * 'build' — `docker build` fails, so there is no image; 'run' — the image
   * builds and `docker run` fails (or does not serve what it should).
   */
  fails?: 'build' | 'run';
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

/** A lesson's table: the wrong attempts and the correct designs. */
export interface LessonCases {
  wrong: WrongAttempt[];
  correct: CorrectDesign[];
}

/** A goal as the lesson lists it (frontmatter, or /exercise/<id>.json): its rule and options. */
export interface GoalRef {
  rule: string;
  options?: Record<string, unknown>;
}

/**
 * The key a goal has in `met`: its id, or — when a lesson lists the same goal
 * twice (lesson 6's two path-absent goals) — the id with its options, such as
 * `path-absent(.env in context)`.
 */
export function goalKey(goal: GoalRef, goals: readonly GoalRef[]): string {
  if (goals.filter((g) => g.rule === goal.rule).length === 1) return goal.rule;
  const o = goal.options ?? {};
  if (goal.rule === 'path-absent') return `path-absent(${String(o.path)} in ${String(o.in)})`;
  return `${goal.rule}(${Object.values(o).map(String).join(' ')})`;
}

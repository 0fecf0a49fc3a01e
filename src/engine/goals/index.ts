import type { GoalDefinition, GoalInput, GoalResult } from './types';
import * as staticGoals from './static';
import * as buildGoals from './build';

/** Every goal, by id. */
export const goalsById: ReadonlyMap<string, GoalDefinition<any>> = new Map(
  [...Object.values(staticGoals), ...Object.values(buildGoals)].map((g) => [g.id, g as GoalDefinition<any>]),
);

/** A goal as a lesson states it: a goal id, its options and an optional title. */
export interface GoalSpec {
  rule: string;
  options?: Record<string, unknown>;
  title?: string;
}

export interface EvaluatedGoal extends GoalResult {
  id: string;
  title: string;
  kind: 'static' | 'build';
}

/** What every lesson requires whether or not its frontmatter lists it: the image builds and the container starts. */
export const REQUIRED_GOAL: GoalSpec = { rule: 'runs-cleanly', title: 'The image builds and the container starts' };

/** A lesson's goals as the learner is held to them: its own list, plus "builds and starts" when the list leaves it out. */
export function lessonGoals<G extends GoalSpec>(goals: readonly G[]): Array<G | GoalSpec> {
  return goals.some((g) => g.rule === REQUIRED_GOAL.rule) ? [...goals] : [...goals, REQUIRED_GOAL];
}

/** Checks a lesson's goal list; returns one message per mistake (unknown id, bad options). */
export function validateGoals(goals: readonly GoalSpec[]): string[] {
  return goals.flatMap((g, i) => {
    const def = goalsById.get(g.rule);
    if (!def) return [`goal ${i + 1}: unknown goal "${g.rule}"; known goals: ${[...goalsById.keys()].join(', ')}`];
    const o = def.options(g.options ?? {});
    return o.ok ? [] : [`goal ${i + 1} (${g.rule}): ${o.error}`];
  });
}

/** Evaluates a lesson's goals. Never throws: a broken goal is reported as not met. */
export function evaluateGoals(goals: readonly GoalSpec[], input: GoalInput): EvaluatedGoal[] {
  return goals.map((g) => {
    const def = goalsById.get(g.rule);
    if (!def) return { id: g.rule, title: g.title ?? g.rule, kind: 'static', met: false, detail: `Unknown goal "${g.rule}".` };
    const o = def.options(g.options ?? {});
    if (!o.ok) return { id: g.rule, title: g.title ?? g.rule, kind: def.kind, met: false, detail: `This goal is misconfigured: ${o.error}.` };
    const title = g.title ?? def.title(o.value);
    try {
      return { id: g.rule, title, kind: def.kind, ...def.evaluate(input, o.value) };
    } catch (e) {
      return { id: g.rule, title, kind: def.kind, met: false, detail: `Internal error while checking this goal: ${(e as Error).message}` };
    }
  });
}

export type { BuildFacts, GoalDefinition, GoalInput, GoalResult } from './types';

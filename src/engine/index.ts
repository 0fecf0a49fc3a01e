/**
 * The engine's public surface. The site, the `stagecraft` CLI and the
 * WebContainer `docker` command import from here and nowhere else.
 */
import { parseDockerfile } from './dockerfile/parse';
import type { Diagnostic, Dockerfile } from './dockerfile/types';
import { evaluateGoals, type EvaluatedGoal, type GoalSpec } from './goals';
import type { BuildFacts } from './goals/types';
import { lintDockerfile } from './rules/run';
import type { ContextView } from './rules/types';

export { parseDockerfile } from './dockerfile/parse';
export { printDockerfile, printInstruction } from './dockerfile/print';
export { applyFixes } from './dockerfile/edits';
export { splitShell, programOf } from './dockerfile/shell';
export { finalStage, resolveFrom, resolveBaseImage } from './dockerfile/query';
export type { Position, Range } from './dockerfile/source';
export type * from './dockerfile/types';
export { lintDockerfile, type LintOptions } from './rules/run';
export { allRules, rulesById } from './rules/registry';
export type { ContextView, Rule, RuleMeta } from './rules/types';
export { evaluateGoals, goalsById, lessonGoals, REQUIRED_GOAL, validateGoals, type EvaluatedGoal, type GoalSpec } from './goals';
export type { BuildFacts, GoalDefinition, GoalResult } from './goals/types';
export * from './report/index';
export * from './context/index';
export { simulateBuild, type ContextFile, type SimulateOptions } from './simulate/simulate';
export type * from './simulate/types';
export type { ProjectFacts } from './simulate/facts';
export { lookupImage, catalogImages, type ImageInfo } from './images/catalog';
export {
  buildFacts, buildOnContext, checkExercise, prepareContext, PROJECT_MANIFEST,
  type ExerciseCheck, type PreparedContext, type ProjectManifest,
} from './project';

export interface CheckResult {
  file: Dockerfile;
  diagnostics: Diagnostic[];
  goals: EvaluatedGoal[];
}

/** Parse, run every rule, and evaluate goals: what the editor and `stagecraft check` show. */
export function checkDockerfile(
  text: string,
  options: { goals?: readonly GoalSpec[]; context?: ContextView | null; build?: BuildFacts | null } = {},
): CheckResult {
  const file = parseDockerfile(text);
  const diagnostics = lintDockerfile(file, { context: options.context ?? null });
  const goals = evaluateGoals(options.goals ?? [], { file, diagnostics, build: options.build ?? null });
  return { file, diagnostics, goals };
}

/**
 * The engine's public surface. The site, the `stagecraft` CLI and the
 * WebContainer `docker` command import from here and nowhere else.
 */
import { parseDockerfile } from './dockerfile/parse';
import type { Diagnostic, Dockerfile } from './dockerfile/types';
import { evaluateGoals, type EvaluatedGoal, type GoalSpec } from './goals';
import type { BuildFacts } from './goals/types';
import { lintDockerfile } from './rules/run';
import type { ContextView } from './context/view';

// What the site, the CLI and the tools use, by name; nothing else is public.
export { parseDockerfile } from './dockerfile/parse';
export type { Position, Range } from './dockerfile/source';
export type { Diagnostic, Dockerfile, Fix, Instruction, Severity, Stage, TextEdit } from './dockerfile/types';
export { EnvMap, expandWord } from './dockerfile/lexer';
export { lintDockerfile, type LintOptions } from './rules/run';
export { allRules, rulesById } from './rules/registry';
export type { Rule, RuleMeta } from './rules/types';
export type { ContextView } from './context/view';
export { goalsById, lessonGoals, validateGoals, type EvaluatedGoal, type GoalSpec } from './goals';
export {
  buildLog, buildLogEvents, dockerfileExcerpt, diveSummary, historyRows, historyTable, humanSize, imageDigest, imageRow, imagesTable, SIMULATED_NOTE, stoppingProblem, summary,
  type HistoryRow, type LogEvent,
} from './report/index';
/** `app` → `docker.io/library/app:latest`, as the build log's "naming to" line writes a tag. */
export { normalizeTag } from './report/outcome';
export { brokenLineWarning, compileDockerignore, contentHash, normalizeContextPath, contextView, createTree, textEntry, type BuildContextView, type ContextEntry } from './context/index';
export { isValidGoGlob } from './go/match';
export { simulateBuild } from './simulate/simulate';
export type { BuildResult } from './simulate/types';
export { imageCalibration } from './images/catalog';
export {
  buildOnContext, checkExercise, prepareContext, PROJECT_MANIFEST,
  type ExerciseCheck, type PreparedContext,
} from './project';
export { breakdown, breakdownJson, type Breakdown, type BreakdownRow, type CategoryTotal } from './advise/breakdown';
export { CATEGORIES, CATEGORY_LABELS, AVOIDABLE, type ByteCategory } from './simulate/categories';
export { lineDiff, unifiedDiff, type DiffLine } from './advise/diff';
export { breakdownTable, suggestJson, suggestText } from './advise/report';
export {
  suggest, withDockerignore, worthIt, SUGGESTION_KINDS,
  type FileEdit, type SuggestOptions, type SuggestReport, type Suggestion, type SuggestionKind, type SuggestVerdict,
} from './advise/suggest';
/** For `npm run bench` only: a 100,000-file context timed. */
export { benchContextDetailed } from './context/bench';

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

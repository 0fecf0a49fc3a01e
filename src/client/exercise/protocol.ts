/** Messages between the exercise page and the engine worker. Plain data only. */
import type { ExerciseData } from '../../lessons/exercise-data';
import type { HistoryRow, LogEvent } from '../../engine/index';
import type { BreakdownView, SuggestionsView } from '../advise/types';

export type { BreakdownView, SuggestionsView, SuggestionView } from '../advise/types';

/** Who reports a finding: Docker itself (BuildKit's build checks, its parser and hard errors) or hadolint, a linter Docker does not run. */
export type DiagnosticSource = 'docker' | 'hadolint' | 'stagecraft';

export interface DiagnosticView {
  rule: string;
  refs: string[];
  source: DiagnosticSource;
  /** The same finding from the other tool on the same line (e.g. hadolint's `DL3025` beside BuildKit's `JSONArgsRecommended`). */
  also: string[];
  severity: 'error' | 'warning' | 'info';
  message: string;
  /** 1-based, as Monaco and people count. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  summary: string;
  url: string;
  /** Lesson that teaches the rule, as a page path. */
  lessonHref: string | null;
  fixes: Array<{ title: string; edits: Array<{ line: number; column: number; endLine: number; endColumn: number; text: string }> }>;
}

export interface GoalView {
  id: string;
  title: string;
  met: boolean;
  pending: boolean;
  /** Stagecraft cannot decide it (a command it does not simulate ran): not met, and not a failure either. */
  unknown: boolean;
  detail: string;
}

/** A stage as `docker build --target` can name it. */
export interface TargetView {
  index: number;
  /** The stage's name, or null for a stage without `AS name` (which --target cannot name). */
  name: string | null;
  base: string;
}

export interface CheckView {
  diagnostics: DiagnosticView[];
  goals: GoalView[];
  /** Problems with the .dockerignore Docker would refuse. */
  contextErrors: string[];
  /** .dockerignore lines Docker accepts but that never match (a build fails only when a file reaches one). */
  contextWarnings?: string[];
  /** The Dockerfile's stages, for the --target choice. */
  stages: TargetView[];
}

export interface StageView {
  index: number;
  name: string;
  /** What the FROM line names: an image (resolved, `node:20-alpine`) or an earlier stage's name (`deps`). */
  base: string;
  /** Index of the stage it builds on when FROM names an earlier stage. */
  fromStage: number | null;
  built: boolean;
  final: boolean;
  dependsOn: number[];
}

/** One top-level entry of the build context (a folder with everything below it, or a file). */
export interface ContextEntryView {
  /** `node_modules/` for a folder, `package.json` for a file. */
  path: string;
  bytes: number;
  size: string;
  files: number;
  sentBytes: number;
  sentSize: string;
  status: 'sent' | 'ignored' | 'partly';
  /** The .dockerignore line that decides it (for a partly sent folder: the one that leaves out most of it). */
  line: number | null;
  pattern: string | null;
}

export interface BuildProblemView {
  code: string;
  message: string;
  explanation: string;
  line: number | null;
  when: 'build' | 'run';
  severity: 'error' | 'warning';
}

export interface BuildView {
  /** False when a build-time problem stopped the build: then there is no image. */
  built: boolean;
  /** The `--target` asked for, or null for the default (the last stage). */
  target: string | null;
  /** The stage that became (or would have become) the image. */
  targetStage: { index: number; name: string };
  image: { bytes: number; compressedBytes: number; size: string; compressedSize: string } | null;
  /** What stopped the build. */
  failure: { line: number | null; message: string; explanation: string } | null;
  baseline: { bytes: number; size: string; label: string; note: string } | null;
  context: {
    bytes: number;
    files: number;
    size: string;
    transferredSize: string;
    transferredFiles: number;
    totalBytes: number;
    totalSize: string;
    totalFiles: number;
    /** The biggest top-level entries, sent or not, biggest first. */
    entries: ContextEntryView[];
    /** Top-level entries not listed. */
    more: number;
  };
  wasted: { bytes: number; size: string; efficiency: string; files: Array<{ path: string; size: string; bytes: number }> };
  log: LogEvent[];
  history: HistoryRow[];
  stages: StageView[];
  problems: BuildProblemView[];
  /** What the simulator could not decide (a command it does not know ran first). */
  unknowns: Array<{ line: number | null; message: string }>;
  notes: string[];
  steps: Array<{ label: string; cached: boolean; size: string }>;
  /** Where the image's bytes are, by line and kind (null when there is no image). Cheap: made from this build's result. */
  breakdown: BreakdownView | null;
}

/**
 * Test-only: makes the worker busy-wait `ms` before each check or build (of a
 * Dockerfile containing `ifIncludes`, when given), so an end-to-end test can
 * make a check run over the watchdog's limit. Never set outside tests.
 */
export interface TestDelay {
  ms: number;
  ifIncludes?: string;
}

export type Request =
  /** `cache`: the step keys of earlier builds, so a restarted worker still shows their steps CACHED. */
  | { id: number; type: 'init'; data: ExerciseData; testDelay?: TestDelay; cache?: string[] }
  | { id: number; type: 'check'; files: Record<string, string> }
  | { id: number; type: 'build'; files: Record<string, string>; target?: string | null }
  /**
   * What would make the image of these files smaller: asked after a build that made an image,
   * with the same files and target (it simulates a dozen edited files, so it never holds up the build).
   */
  | { id: number; type: 'suggest'; files: Record<string, string>; target?: string | null }
  /** A line typed in the in-page terminal, run on the project with these editor files. */
  | { id: number; type: 'shell'; line: string; files: Record<string, string>; columns?: number }
  /** Tab completion for the terminal's line up to the cursor. */
  | { id: number; type: 'complete'; line: string; files: Record<string, string> };

export type Response =
  | { id: number; type: 'ready' }
  | { id: number; type: 'check'; result: CheckView }
  /** `cacheKeys`: the step keys this build made (the client keeps them for a restarted worker). */
  | { id: number; type: 'build'; result: BuildView; cacheKeys?: string[] }
  | { id: number; type: 'suggest'; result: SuggestionsView }
  | { id: number; type: 'error'; message: string }
  /** Output of the running shell line, as it is written (several per line; then one `shell`). */
  | { id: number; type: 'shell-output'; text: string; stream: 'out' | 'err' }
  /** The terminal should clear its screen (`clear`). */
  | { id: number; type: 'shell-clear' }
  /** The line finished: its exit status and the prompt's folder for the next one. */
  | { id: number; type: 'shell'; status: number; prompt: string }
  | { id: number; type: 'complete'; start: number; candidates: string[] };

/** Build step keys kept, by the worker and for a restarted one (the most recent; a lesson's builds make a few dozen). */
export const MAX_CACHE_KEYS = 5_000;

/** Adds a build's step keys to a cache, forgetting the oldest past {@link MAX_CACHE_KEYS}. */
export function rememberKeys(cache: Set<string>, keys: Iterable<string>): void {
  for (const k of keys) {
    cache.delete(k);
    cache.add(k);
  }
  for (const k of cache) {
    if (cache.size <= MAX_CACHE_KEYS) break;
    cache.delete(k);
  }
}

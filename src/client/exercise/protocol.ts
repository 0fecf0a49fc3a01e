/** Messages between the exercise page and the engine worker. Plain data only. */
import type { ExerciseData } from '../../lessons/exercise-data';
import type { HistoryRow, LogEvent } from '../../engine/index';

export interface DiagnosticView {
  rule: string;
  refs: string[];
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
  detail: string;
}

export interface CheckView {
  diagnostics: DiagnosticView[];
  goals: GoalView[];
  /** Problems with the .dockerignore Docker would refuse. */
  contextErrors: string[];
}

export interface StageView {
  index: number;
  name: string;
  base: string;
  built: boolean;
  final: boolean;
  dependsOn: number[];
}

export interface BuildView {
  /** False when a build-time problem stopped the build. */
  built: boolean;
  image: { bytes: number; compressedBytes: number; size: string; compressedSize: string };
  baseline: { bytes: number; size: string } | null;
  context: { bytes: number; files: number; size: string; transferredSize: string; transferredFiles: number };
  wasted: { bytes: number; size: string; efficiency: string; files: Array<{ path: string; size: string; bytes: number }> };
  log: LogEvent[];
  history: HistoryRow[];
  stages: StageView[];
  problems: Array<{ code: string; message: string; explanation: string; line: number | null; when: 'build' | 'run' }>;
  notes: string[];
  steps: Array<{ label: string; cached: boolean; size: string }>;
}

export type Request =
  | { id: number; type: 'init'; data: ExerciseData }
  | { id: number; type: 'check'; files: Record<string, string> }
  | { id: number; type: 'build'; files: Record<string, string> };

export type Response =
  | { id: number; type: 'ready' }
  | { id: number; type: 'check'; result: CheckView }
  | { id: number; type: 'build'; result: BuildView }
  | { id: number; type: 'error'; message: string };

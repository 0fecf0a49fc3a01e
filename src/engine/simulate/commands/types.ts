/**
 * The contract between a RUN's shell and the command handlers: one handler per
 * tool (npm, tsc, go, apk, rm…), each declaring what it reads and what it makes,
 * and failing the way the real tool fails when an input is missing.
 */
import type { ShellCommand } from '../../dockerfile/shell';
import type { ImageInfo } from '../../images/catalog';
import type { ProjectFacts } from '../facts';
import type { StageFs } from '../fs';
import type { Layer } from '../types';

export interface RunContext {
  /** The stage's filesystem before this RUN; the RUN's layer is already pushed on top. */
  fs: StageFs;
  /** The layer this RUN writes into. */
  layer: Layer;
  workdir: string;
  env: ReadonlyMap<string, string>;
  image: ImageInfo;
  /** Targets of `--mount=type=cache` (their contents never reach the layer). */
  cacheMounts: string[];
  facts: ProjectFacts;
  /** Users known to exist (the image's, plus earlier useradd). */
  users: Map<string, number>;
  /** Groups known to exist (named like the image's users, plus earlier groupadd/addgroup). */
  groups: Set<string>;
  /** 1-based line of the RUN, for what becomes unknown because of it. */
  line: number | null;
}

export interface CommandFailure {
  /** What the tool prints, as BuildKit quotes it in the log. */
  message: string;
  /** One sentence for the learner. */
  explanation: string;
}

/** Something a step did that goals care about (tests that really ran). */
export interface Activity {
  kind: 'tests';
  tool: string;
  /** Test files the runner found. */
  files: number;
}

export interface RunResult {
  notes: string[];
  output: string[];
  seconds: number;
  /** The failure that makes the RUN exit non-zero, if it does. */
  failure: CommandFailure | null;
  /** Why the outcome is unknown (a command no handler knows decided it), if it is. */
  unknown: string | null;
  activities: Activity[];
}

/** How a command ended. 'unknown': Stagecraft cannot tell (it does not know the command, or an input may exist). */
export type Status = 'ok' | 'failed' | 'unknown';

export interface Call {
  ctx: RunContext;
  cwd: string;
  env: Map<string, string>;
  /** The program as written (`apt-get`, `./node_modules/.bin/tsc`). */
  program: string;
  /** The arguments after the program, quotes removed, variables expanded. */
  words: string[];
  raw: ShellCommand;
  result: RunResult;
  /** Extra directories searched for programs (npm run adds node_modules/.bin). */
  binDirs: string[];
  /** Runs a script in the same RUN (npm run's script), with extra bin directories. */
  exec(script: string, options?: { binDirs?: string[]; cwd?: string }): Status;
}

export interface CommandHandler {
  /** The program names it answers to. */
  programs: readonly string[];
  /** What it reads, in words (shown in docs and tests). */
  reads: string;
  /** What it makes. */
  makes: string;
  /** Does the command's work on the layer; returns how it ended (undefined = ok). */
  run(call: Call): Status | void;
}

export function defineCommand(handler: CommandHandler): CommandHandler {
  return handler;
}

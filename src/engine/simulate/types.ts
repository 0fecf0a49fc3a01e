import type { ImageInfo } from '../images/catalog';
import type { Instruction } from '../dockerfile/types';
import type { ByteCategory } from './categories';

/**
 * A file or a group of files in an image layer. Most entries are single files
 * copied from the build context; `tree` entries stand for a whole directory
 * the simulator knows only in total (an npm package, Go's build cache).
 */
export interface FsEntry {
  /** Absolute path in the image, no trailing slash. */
  path: string;
  kind: 'file' | 'tree' | 'dir' | 'symlink';
  /** Bytes of file content (directories count 0, as Docker counts layer sizes). */
  bytes: number;
  /** How many regular files the entry stands for. */
  files: number;
  /** Content hash: changes when the content changes (drives the build cache). */
  hash: string;
  /** File mode as Docker would set it, e.g. 0o755 for an executable. */
  mode?: number;
  owner?: string;
  /** Text of small files copied from the build context (package.json…), so later steps can read them. */
  text?: string;
  /** Packages a JavaScript file loads with require/import (bare specifiers), from the sources it was compiled from. */
  requires?: string[];
  /** What the simulator knows about a binary (Go builds). */
  binary?: { linkage: 'static' | 'dynamic'; libc: 'glibc' | 'musl'; stripped?: boolean; language?: 'go' };
  /** Compressed ÷ uncompressed for this kind of content (calibration: ~0.2 for node_modules, ~0.56 for Go binaries, ~1 for archives). */
  compressRatio?: number;
  /** Where the figure comes from, when it is not a real file's size. */
  source?: string;
  estimated?: boolean;
  /** What the bytes are (set by the tool that made them; see advise/categories). */
  category?: ByteCategory;
}

/** One layer: what an instruction added or changed, and what it deleted. */
export interface Layer {
  /** `docker history`'s CREATED BY text. */
  createdBy: string;
  /** Entries added or replaced, by path. */
  entries: Map<string, FsEntry>;
  /** Paths deleted in this layer (a deleted directory hides everything below it). */
  whiteouts: Set<string>;
  /** Uncompressed bytes this layer adds (what `docker history` prints). */
  bytes: number;
  compressedBytes: number;
  /** A layer of the base image, not built here. */
  fromBase: boolean;
  /** Metadata-only instructions (ENV, CMD, USER…) make empty layers. */
  empty: boolean;
  estimated: boolean;
  instruction: Instruction | null;
}

export interface BuildStep {
  /** 1-based `#N` as in BuildKit's plain progress output. */
  number: number;
  stageIndex: number;
  stageName: string | null;
  /** `[builder 3/7] RUN npm ci` */
  label: string;
  instruction: Instruction | null;
  cached: boolean;
  /** Bytes the step's layer adds. */
  bytes: number;
  /** What the simulator did or could not do, e.g. "size effect unknown: make". */
  notes: string[];
  /** Simulated duration in seconds (shown as DONE 1.2s; labelled simulated). */
  seconds: number;
  cacheKey: string;
  /** Output lines a real build would print for the step (npm's summary, etc.). */
  output: string[];
  /** What the step's commands did that goals look for (tests that ran). */
  activities?: Array<{ kind: 'tests'; tool: string; files: number }>;
}

export interface StageResult {
  index: number;
  name: string | null;
  base: ImageInfo;
  /** Built because the target needs it. */
  built: boolean;
  /** Stages it depends on (FROM <stage>, COPY --from, RUN --mount=from). */
  dependsOn: number[];
  layers: Layer[];
}

export type ProblemCode =
  | 'command-failed'
  | 'no-command'
  | 'missing-module'
  | 'npm-start-pid1'
  | 'nginx-welcome-page'
  | 'base-default-command'
  | 'dynamic-binary-without-libc'
  | 'no-shell'
  | 'unknown-user'
  | 'no-ca-certificates'
  | 'missing-executable'
  | 'missing-source'
  | 'copy-from-missing-path'
  | 'image-not-found'
  | 'stage-cycle'
  | 'unknown-target';

/** Something a real `docker build` or `docker run` would fail at (or warn about). */
export interface BuildProblem {
  code: ProblemCode;
  /** What Docker would print. */
  message: string;
  /** What happened, in words a learner understands. */
  explanation: string;
  /** 1-based line of the instruction responsible, if any. */
  line: number | null;
  /** `build` problems stop the build; `run` problems happen when the container starts. */
  when: 'build' | 'run';
  /** An error stops the build or the container; a warning is advice (the container still starts). */
  severity: 'error' | 'warning';
}

/** Something the simulator cannot decide (a command it does not know ran before): never "ok", never "failed". */
export interface Unknown {
  /** 1-based line of the instruction whose outcome is unknown. */
  line: number | null;
  message: string;
}

export interface ImageConfig {
  user: string;
  workdir: string;
  env: Record<string, string>;
  cmd: string[] | null;
  cmdShell: boolean;
  entrypoint: string[] | null;
  entrypointShell: boolean;
  exposed: string[];
}

export interface WastedFile {
  path: string;
  bytes: number;
  /** Index into image layers where it was added, and where it was deleted or overwritten. */
  addedIn: number;
  removedIn: number;
}

export interface BuiltImage {
  bytes: number;
  compressedBytes: number;
  /** Base image layers first, then the layers of the target stage. */
  layers: Layer[];
  config: ImageConfig;
  base: ImageInfo;
}

export interface BuildResult {
  /** Index of the stage that became the image. */
  target: number;
  stages: StageResult[];
  steps: BuildStep[];
  /** The image, or null when the build failed: a failed build makes no image. */
  image: BuiltImage | null;
  /** 1-based line of the instruction that stopped the build, or null when nothing did. */
  failedAt: number | null;
  /**
   * The context after .dockerignore (`bytes`, `files`), and what BuildKit actually
   * transfers: only the files the built stages' COPY/ADD sources name.
   */
  context: { bytes: number; files: number; transferredBytes: number; transferredFiles: number };
  wasted: { bytes: number; files: WastedFile[] };
  /** dive's efficiency: 1 − wasted / total bytes of all layers. */
  efficiency: number;
  problems: BuildProblem[];
  /** What the simulator could not decide: the verdict is "unknown", not "ok". */
  unknowns: Unknown[];
  /** Notes for the whole build (unknown images, assumed sizes). */
  notes: string[];
  /** Cache keys of every step, for the next build's cache. */
  cacheKeys: string[];
}

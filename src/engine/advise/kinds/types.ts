/** The contract between the suggestion driver and each kind of suggestion (one file per kind, like the rules). */
import type { Dockerfile, Instruction, Stage } from '../../dockerfile/types';
import type { PreparedContext } from '../../project';
import type { StageFs } from '../../simulate/fs';
import type { BuildResult } from '../../simulate/types';

export type SuggestionKind =
  | 'multi-stage'
  | 'copy-artefacts'
  | 'slimmer-base'
  | 'production-deps'
  | 'clean-cache'
  | 'dockerignore'
  | 'named-copy'
  | 'go-static'
  | 'go-strip'
  | 'delete-in-same-layer'
  | 'cache-order';

/** What a kind looks at: the file, its build, and the context it was built on. */
export interface AdviseInput {
  text: string;
  file: Dockerfile;
  /** The original build (it built and its container starts). */
  result: BuildResult;
  /** Index of the stage that is the image. */
  target: number;
  ctx: PreparedContext;
  /** A stage's filesystem at its end, rebuilt from the build's layers. */
  fsOf(stage: number): StageFs;
  /** The working directory at the end of a stage (through FROM <stage> chains). */
  workdirOf(stage: number): string;
  /** Stages the target needs, itself included. */
  needed: ReadonlySet<number>;
}

/** An edit to try: the driver simulates it and keeps it only if it builds, starts and saves. */
export interface Candidate {
  /** Stable while the file keeps its shape: kind and where (`clean-cache:7`). */
  id: string;
  title: string;
  /** One paragraph: why it saves, and what to watch for. */
  why: string;
  dockerfile: string;
  /** A new .dockerignore, when the edit is there. */
  dockerignore?: string;
  /** Tried only when no earlier candidate of the same id built and started. */
  fallback?: boolean;
}

export interface SuggestionKindDef {
  kind: SuggestionKind;
  /** The lesson that teaches it (its id, as `stagecraft check --lesson` takes it). */
  lesson: string;
  /** Cache-only advice: listed apart, judged by the steps it keeps CACHED, not by size. */
  cacheOnly?: boolean;
  candidates(input: AdviseInput): Candidate[];
}

export function defineKind(def: SuggestionKindDef): SuggestionKindDef {
  return def;
}

/** The stage's own instructions of a name (upper case). */
export function own(stage: Stage, name: string): Instruction[] {
  return stage.instructions.filter((i) => i.name === name);
}

/** A RUN's shell text (shell form only; JSON-form RUN is left alone). */
export function shellText(ins: Instruction): string | null {
  return ins.name === 'RUN' && !ins.json && ins.heredocs.length === 0 ? ins.args[0]?.value ?? '' : null;
}

/** What the steps of a build share: each stage's state, the build-wide environment, and how a step's layer is committed. */
import type { Dockerfile, Instruction, Stage } from '../dockerfile/types';
import type { ImageInfo } from '../images/catalog';
import type { ProjectFacts } from './facts';
import type { StageFs } from './fs';
import { hashParts } from './hash';
import type { BuildProblem, BuildStep, FsEntry, ImageConfig, Layer, StageResult, Unknown } from './types';

/** A file of the build context, after .dockerignore. */
export interface ContextFile {
  path: string;
  size: number;
  hash: string;
  text?: string;
}

export interface StageState {
  stage: Stage;
  fs: StageFs;
  config: ImageConfig;
  image: ImageInfo;
  users: Map<string, number>;
  groups: Set<string>;
  key: string;
  result: StageResult;
  args: Map<string, string>;
  /** Line of a CMD or ENTRYPOINT this stage (or a stage it is built FROM) sets; null while the base image's default is in force. */
  ownCommandLine?: number | null;
  /** CMD was set in this stage (then ENTRYPOINT keeps it; otherwise ENTRYPOINT clears an inherited CMD, as BuildKit does). */
  cmdSetHere?: boolean;
}

export interface ApplyEnv {
  file: Dockerfile;
  /** Context files a COPY/ADD (or a bind mount) has read: what BuildKit transfers. */
  read: Set<ContextFile>;
  states: Map<number, StageState>;
  stageResults: StageResult[];
  contextFiles: ContextFile[];
  facts: ProjectFacts;
  previous: Set<string>;
  problems: BuildProblem[];
  unknowns: Unknown[];
  globalArgs: Map<string, string>;
}

export type StepDraft = Omit<BuildStep, 'number' | 'stageIndex' | 'stageName' | 'label'>;
export type StepOutcome = { step: StepDraft | null; failed: boolean };

export function newLayer(createdBy: string, ins: Instruction): Layer {
  return { createdBy, entries: new Map(), whiteouts: new Set(), bytes: 0, compressedBytes: 0, fromBase: false, empty: true, estimated: false, instruction: ins };
}

/** Totals of an entries map, kept while it is unchanged: memoised COPY layers share theirs across builds. */
const totals = new WeakMap<Map<string, FsEntry>, { size: number; bytes: number; compressed: number; estimated: boolean }>();

export function finishLayer(layer: Layer): void {
  let t = totals.get(layer.entries);
  if (!t || t.size !== layer.entries.size) {
    let bytes = 0;
    let compressed = 0;
    let estimated = false;
    for (const e of layer.entries.values()) {
      bytes += e.bytes;
      compressed += e.bytes * (e.compressRatio ?? 0.5);
      if (e.estimated) estimated = true;
    }
    t = { size: layer.entries.size, bytes, compressed, estimated };
    totals.set(layer.entries, t);
  }
  layer.bytes = t.bytes;
  layer.compressedBytes = Math.round(t.compressed);
  layer.empty = layer.entries.size === 0 && layer.whiteouts.size === 0;
  layer.estimated = t.estimated;
}

export function vars(st: StageState, env: ApplyEnv): Map<string, string> {
  return new Map([...env.globalArgs, ...st.args, ...Object.entries(st.config.env)]);
}


export function metadata(st: StageState, ins: Instruction, createdBy: string): { step: null; failed: false } {
  // Metadata instructions add an empty layer to `docker history` but no build step.
  const layer = newLayer(createdBy, ins);
  st.fs.push(layer);
  st.key = hashParts(st.key, ins.original);
  return { step: null, failed: false };
}

export function commit(st: StageState, layer: Layer, ins: Instruction, env: ApplyEnv, notes: string[], output: string[], seconds: number, extraKey = ''): { step: StepDraft; failed: boolean } {
  finishLayer(layer);
  st.fs.push(layer);
  st.key = hashParts(st.key, ins.original, extraKey);
  const cached = env.previous.has(st.key);
  return {
    step: { instruction: ins, cached, bytes: layer.bytes, notes, seconds: cached ? 0 : seconds, cacheKey: st.key, output: cached ? [] : output },
    failed: false,
  };
}

export function createdByText(ins: Instruction): string {
  const flags = ins.flags.map((f) => f.text).join(' ');
  const args = ins.json ? JSON.stringify(ins.args.map((a) => a.value)) : ins.argsText;
  const body = `${ins.name ?? ins.keyword} ${flags}${flags ? ' ' : ''}${args}`.replace(/\s+/g, ' ').trim();
  if (ins.name === 'RUN') return `RUN /bin/sh -c ${ins.argsText} # buildkit`.replace(/\s+/g, ' ');
  if (ins.name === 'COPY' || ins.name === 'ADD') return `${body} # buildkit`;
  return body;
}


/**
 * The simulated `docker build`: stages in dependency order (only those the
 * target needs), a layered filesystem per stage, COPY/ADD from the context,
 * another stage or an image, RUN effects from the command table, cache keys,
 * and the checks a real `docker run` would fail at. Total: any parsed
 * Dockerfile gives a result; problems are reported, never thrown.
 */
import { earlierStageNamed, resolveFrom, expandSimple } from '../dockerfile/query';
import type { Dockerfile, Instruction } from '../dockerfile/types';
import { lookupImage } from '../images/catalog';
import { baseConfig, baseFiles, cloneConfig, imageRef } from './base-image';
import { copy, pullDenied, stageNameTypo } from './copy';
import { runtimeChecks, type RunOverride } from './docker-run';
import type { ProjectFacts } from './facts';
import { stageGraph } from '../dockerfile/stage-graph';
import { join, StageFs } from './fs';
import { hashParts } from './hash';
import { run } from './run';
import { commit, createdByText, metadata, newLayer, vars, type ApplyEnv, type ContextFile, type StageState, type StepOutcome } from './state';
import type { BuildProblem, BuildResult, BuildStep, StageResult, Unknown } from './types';

export type { ContextFile } from './state';

/** The most instructions one simulated build runs (real Dockerfiles have tens). */
export const MAX_SIMULATED = 1000;
/** The most files all layers of a build may hold before Stagecraft stops (a 10,000-file context copied 50 times). */
export const MAX_PLACED = 500_000;

export interface SimulateOptions {
  /** Files sent to the builder (already filtered by .dockerignore). */
  context?: { files: ContextFile[]; bytes?: number };
  /** `--target`: build this stage (name or index) instead of the last one. */
  target?: string;
  /** Cache keys from an earlier build: steps whose key is among them show CACHED. */
  cache?: Iterable<string>;
  facts?: ProjectFacts;
  /** `--build-arg` values. */
  buildArgs?: Record<string, string>;
  /** `docker run IMAGE COMMAND…` (or `--entrypoint`): the start checks run for this command instead of the image's own. */
  run?: RunOverride;
  /**
   * Only the verdicts and the size matter (a suggestion being checked): wasted space is not
   * worked out, so `wasted` is empty and `efficiency` 1 — never show such a result.
   */
  sizeOnly?: boolean;
}


/** What the build says about the first instruction past {@link MAX_SIMULATED}. */
function beyondBound(ins: Instruction): Unknown {
  const line = ins.startLine + 1;
  return { line, message: `Stagecraft simulates the first ${MAX_SIMULATED.toLocaleString('en-US')} instructions of a build; from line ${line} on, nothing is checked.` };
}

export function simulateBuild(file: Dockerfile, options: SimulateOptions = {}): BuildResult {
  const problems: BuildProblem[] = [];
  const unknowns: Unknown[] = [];
  const notes: string[] = [];
  const steps: BuildStep[] = [];
  const previous = new Set(options.cache ?? []);
  const contextFiles = options.context?.files ?? [];
  const contextBytes = options.context?.bytes ?? contextFiles.reduce((s, f) => s + f.size, 0);
  const facts = options.facts ?? {};

  // Which stage is the image?
  let target = file.stages.length - 1;
  if (options.target !== undefined) {
    const r = resolveFrom(file, options.target);
    if (r.kind === 'stage') target = r.stage.index;
    else {
      problems.push({ code: 'unknown-target', message: `failed to solve: target stage "${options.target}" could not be found`, explanation: 'There is no stage with that name; --target takes the name after AS.', line: null, when: 'build', severity: 'error' });
    }
  }
  const deps = stageGraph(file).dependsOn;

  // The stages the target needs, in an order where dependencies come first; cycles are cut.
  const order: number[] = [];
  const state = new Map<number, 'visiting' | 'done'>();
  // Depth-first, with an explicit stack: a chain of thousands of stages must not overflow the call stack.
  const visit = (root: number) => {
    const stack: Array<{ i: number; next: number }> = [{ i: root, next: 0 }];
    state.set(root, 'visiting');
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const ds = deps[top.i] ?? [];
      if (top.next < ds.length) {
        const d = ds[top.next++]!;
        const seen = state.get(d);
        if (seen === 'done') continue;
        if (seen === 'visiting') {
          problems.push({ code: 'stage-cycle', message: `failed to solve: circular dependency detected on stage: ${file.stages[d]?.name ?? d}`, explanation: 'Stages copy from each other in a circle, so none of them can be built first.', line: (file.stages[d]?.from.startLine ?? 0) + 1, when: 'build', severity: 'error' });
          continue;
        }
        state.set(d, 'visiting');
        stack.push({ i: d, next: 0 });
      } else {
        state.set(top.i, 'done');
        order.push(top.i);
        stack.pop();
      }
    }
  };
  // The frontend refuses an unknown target or a cycle before any step runs.
  if (file.stages.length > 0 && problems.length === 0) visit(target);
  if (problems.length > 0) order.length = 0;

  const states = new Map<number, StageState>();
  const stageResults: StageResult[] = [];
  for (const [i, s] of file.stages.entries()) {
    // A stage built on an earlier stage has that stage's base image (no catalog lookup of a stage name).
    const parent = earlierStageNamed(file, s.base, s.index);
    const base = parent ? stageResults[parent.index]!.base : lookupImage(s.base);
    stageResults.push({ index: s.index, name: s.name, base, built: false, dependsOn: deps[i] ?? [], layers: [] });
  }

  const read = new Set<ContextFile>();
  const globalArgs = new Map<string, string>();
  for (const ins of file.globalArgs) for (const kv of ins.keyValues) globalArgs.set(kv.key, options.buildArgs?.[kv.key] ?? kv.value ?? '');
  let stepNumber = 0;

  const env: ApplyEnv = { file, read, states, stageResults, contextFiles, facts, previous, problems, unknowns, globalArgs };
  let failed = false;
  let simulated = 0;
  let placed = 0;
  let truncated = false;
  for (const i of order) {
    // The first failing step stops the whole build: later stages do not run.
    if (failed || truncated) break;
    const stage = file.stages[i]!;
    // A FROM is an instruction too: a chain of thousands of stages stops at the same bound.
    if (++simulated > MAX_SIMULATED) {
      truncated = true;
      unknowns.push(beyondBound(stage.from));
      break;
    }
    const result = stageResults[i]!;
    result.built = true;
    const baseName = expandSimple(stage.base, globalArgs);
    const parent = earlierStageNamed(file, baseName, stage.index);
    const parentState = parent ? states.get(parent.index) : undefined;
    let st: StageState;
    let baseMissing = false;
    if (parentState) {
      st = {
        stage,
        fs: parentState.fs.fork(),
        config: cloneConfig(parentState.config),
        image: parentState.image,
        users: new Map(parentState.users),
        groups: new Set(parentState.groups),
        key: hashParts(parentState.key, 'stage', stage.index),
        result,
        args: new Map(),
        ownCommandLine: parentState.ownCommandLine ?? null,
      };
      result.base = parentState.image;
    } else {
      const image = lookupImage(baseName);
      const typo = stageNameTypo(file, baseName, image);
      if (typo) problems.push(pullDenied(baseName, `FROM ${typo}`, stage.from.startLine + 1));
      baseMissing = typo !== '';
      result.base = image;
      // An image without figures is Stagecraft's gap, not Docker's: a note and estimated sizes, never a failed build.
      if (image.note && !typo) notes.push(`${stage.name ?? `stage ${stage.index}`}: ${image.note}`);
      const fs = new StageFs(baseFiles(image));
      for (const l of image.layers) {
        fs.push({ createdBy: l.createdBy, entries: new Map(), whiteouts: new Set(), bytes: l.bytes, compressedBytes: l.compressedBytes, fromBase: true, empty: l.bytes === 0, estimated: l.estimated, instruction: null });
      }
      st = {
        stage,
        fs,
        config: baseConfig(image),
        image,
        users: new Map(Object.entries(image.users)),
        groups: new Set(Object.keys(image.users)),
        key: hashParts('from', image.resolved ?? baseName),
        result,
        args: new Map(),
      };
      // An image Stagecraft has no figures for: what it contains is not known either.
      if (!image.resolved && image.family !== 'scratch') fs.uncertain = { line: stage.from.startLine + 1, what: `FROM ${baseName} (an image Stagecraft does not know)` };
    }
    states.set(i, st);
    const label = stage.name ?? `stage-${stage.index}`;
    const vertexes = stage.instructions.filter((ins) => isVertex(ins)).length + 1;
    let k = 1;
    stepNumber++;
    steps.push({
      number: stepNumber,
      stageIndex: i,
      stageName: stage.name,
      label: `[${label} ${k}/${vertexes}] FROM ${parent ? baseName : imageRef(st.image, baseName)}`,
      instruction: stage.from,
      cached: previous.has(st.key),
      bytes: 0,
      notes: st.image.note && !parent ? [st.image.note] : [],
      seconds: previous.has(st.key) ? 0 : parent ? 0 : Math.min(30, st.image.compressedBytes / 25e6),
      cacheKey: st.key,
      output: [],
    });

    failed = baseMissing;
    for (const ins of stage.instructions) {
      if (failed) break;
      // Bounded: a build of thousands of steps is not a Dockerfile anyone means; say where Stagecraft stopped.
      if (++simulated > MAX_SIMULATED) {
        truncated = true;
        unknowns.push(beyondBound(ins));
        break;
      }
      if (placed > MAX_PLACED) {
        truncated = true;
        unknowns.push({ line: ins.startLine + 1, message: `The layers so far hold more than ${MAX_PLACED.toLocaleString('en-US')} files (the same folder copied again and again?); Stagecraft stops simulating at line ${ins.startLine + 1}.` });
        break;
      }
      const r = applyInstruction(ins, st, env);
      placed += st.fs.layers[st.fs.layers.length - 1]?.entries.size ?? 0;
      if (r.step) {
        k++;
        stepNumber++;
        steps.push({ ...r.step, number: stepNumber, stageIndex: i, stageName: stage.name, label: `[${label} ${k}/${vertexes}] ${describe(ins)}` });
      }
      if (r.failed) failed = true;
    }
    result.layers = st.fs.layers;
  }

  const stopped = problems.find((p) => p.when === 'build') ?? null;
  const final = stopped || truncated ? undefined : states.get(target);
  const layers = final?.fs.layers ?? [];
  const bytes = layers.reduce((s, l) => s + l.bytes, 0);
  const compressedBytes = layers.reduce((s, l) => s + l.compressedBytes, 0);
  const firstBuilt = layers.findIndex((l) => !l.fromBase);
  const wastedList = final && !options.sizeOnly ? final.fs.wasted(firstBuilt < 0 ? layers.length : firstBuilt) : [];
  const wastedBytes = wastedList.reduce((s, w) => s + w.entry.bytes, 0);
  if (final) runtimeChecks(final, problems, unknowns, facts, options.run);
  return {
    target,
    stages: stageResults,
    steps,
    image: final ? { bytes, compressedBytes, layers, config: final.config, base: final.image } : null,
    failedAt: stopped ? stopped.line : null,
    context: {
      bytes: contextBytes,
      files: contextFiles.length,
      transferredBytes: [...read].reduce((sum, f) => sum + f.size, 0),
      transferredFiles: read.size,
    },
    wasted: {
      bytes: wastedBytes,
      files: wastedList
        .map((w) => ({ path: w.entry.path, bytes: w.entry.bytes, addedIn: w.addedIn, removedIn: w.removedIn }))
        .sort((a, b) => b.bytes - a.bytes),
    },
    efficiency: bytes > 0 ? Math.max(0, 1 - wastedBytes / bytes) : 1,
    problems,
    unknowns: final || truncated ? unknowns : [],
    notes,
    cacheKeys: steps.map((s) => s.cacheKey),
  };
}

/** Instructions BuildKit shows as build steps (the others only change the image config). */
function isVertex(ins: Instruction): boolean {
  return ins.name === 'RUN' || ins.name === 'COPY' || ins.name === 'ADD' || ins.name === 'WORKDIR';
}

function describe(ins: Instruction): string {
  const text = `${ins.name ?? ins.keyword.toUpperCase()} ${ins.flags.map((f) => f.text).join(' ')}${ins.flags.length ? ' ' : ''}${ins.json ? JSON.stringify(ins.args.map((a) => a.value)) : ins.argsText}`;
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 120 ? `${oneLine.slice(0, 117)}...` : oneLine;
}

function applyInstruction(ins: Instruction, st: StageState, env: ApplyEnv): StepOutcome {
  const v = vars(st, env);
  const x = (s: string) => expandSimple(s, v);
  const createdBy = createdByText(ins);
  switch (ins.name) {
    case 'ENV':
      for (const kv of ins.keyValues) st.config.env[kv.key] = x(kv.value ?? '');
      return metadata(st, ins, createdBy);
    case 'ARG':
      for (const kv of ins.keyValues) st.args.set(kv.key, env.globalArgs.get(kv.key) ?? x(kv.value ?? ''));
      return { step: null, failed: false };
    case 'USER':
      st.config.user = x(ins.args[0]?.value ?? '');
      return metadata(st, ins, createdBy);
    case 'CMD':
    case 'ENTRYPOINT': {
      const argv = ins.json ? ins.args.map((a) => x(a.value)) : ['/bin/sh', '-c', ins.args[0]?.value ?? ''];
      st.ownCommandLine = ins.startLine + 1;
      if (ins.name === 'CMD') {
        st.config.cmd = ins.args.length ? argv : null;
        st.config.cmdShell = !ins.json;
        st.cmdSetHere = true;
      } else {
        st.config.entrypoint = ins.args.length ? argv : null;
        st.config.entrypointShell = !ins.json;
        if (!st.cmdSetHere) st.config.cmd = null; // ENTRYPOINT clears a CMD inherited from the base image
      }
      return metadata(st, ins, createdBy);
    }
    case 'EXPOSE':
      st.config.exposed.push(...ins.args.map((a) => x(a.value)));
      return metadata(st, ins, createdBy);
    case 'LABEL':
    case 'HEALTHCHECK':
    case 'STOPSIGNAL':
    case 'VOLUME':
    case 'SHELL':
    case 'ONBUILD':
    case 'MAINTAINER':
      return metadata(st, ins, createdBy);
    case 'WORKDIR': {
      st.config.workdir = join(st.config.workdir, x(ins.args[0]?.value ?? '/'));
      const layer = newLayer(createdBy, ins);
      if (!st.fs.exists(st.config.workdir)) layer.entries.set(st.config.workdir, { path: st.config.workdir, kind: 'dir', bytes: 0, files: 0, hash: 'dir' });
      return commit(st, layer, ins, env, [], [], 0);
    }
    case 'COPY':
    case 'ADD':
      return copy(env.file, ins, st, env, x, createdBy);
    case 'RUN':
      return run(ins, st, env, createdBy);
    default:
      return { step: null, failed: false };
  }
}


/**
 * A sample project as the engine uses it: its files and its manifest of heavy
 * folders become a build context; `.dockerignore` decides what is sent; the
 * Dockerfile is checked against the rules and the lesson's goals, and built.
 * The site, the CLI and the WebContainer `docker` command all go through here.
 */
import { parseDockerfile } from './dockerfile/parse';
import type { Diagnostic, Dockerfile } from './dockerfile/types';
import type { ProjectFacts } from './simulate/facts';
import { simulateBuild, type ContextFile, type SimulateOptions } from './simulate/simulate';
import type { BuildResult } from './simulate/types';
import {
  contextView, createTree, expandManifest, validateManifest,
  type BuildContextView, type ContextEntry, type ContextManifest, type ContextTree,
} from './context/index';
import { evaluateGoals, goalsById, type EvaluatedGoal, type GoalSpec } from './goals/index';
import { StageFs } from './simulate/fs';
import { baseFiles } from './simulate/base-image';
import { hasCaCertificates } from './simulate/docker-run';
import type { BuildFacts } from './goals/types';
import { lintDockerfile } from './rules/run';
import { hashParts } from './simulate/hash';
import { utf8Length } from './dockerfile/words';

/** The file in a project folder that describes heavy folders and build facts; never part of the context. */
export const PROJECT_MANIFEST = 'stagecraft.project.json';

export interface ProjectManifest extends ContextManifest {
  facts?: ProjectFacts;
}

export interface PreparedContext {
  tree: ContextTree;
  /** The .dockerignore text in force ('' when there is none). */
  dockerignore: string;
  view: BuildContextView;
  facts: ProjectFacts;
  /** Problems with the manifest or the tree, for authors. */
  problems: string[];
}

/**
 * Builds the context from a project's real files and its manifest. `dockerignore`
 * overrides the project's own `.dockerignore` (the learner's edited version).
 */
export function prepareContext(files: readonly ContextEntry[], manifest: unknown = null, dockerignore?: string): PreparedContext {
  const problems: string[] = [];
  let m: ProjectManifest | null = null;
  if (manifest !== null && manifest !== undefined) {
    const bad = validateManifest(manifest);
    if (bad.length) problems.push(...bad.map((p) => `${PROJECT_MANIFEST}: ${p}`));
    else m = manifest as ProjectManifest;
  }
  let entries = files.filter((f) => f.path !== PROJECT_MANIFEST);
  if (dockerignore !== undefined) {
    entries = entries.filter((f) => f.path !== '.dockerignore');
    if (dockerignore !== '') entries.push({ path: '.dockerignore', size: utf8Length(dockerignore), hash: hashParts(dockerignore), text: dockerignore });
  }
  const tree = createTree([...entries, ...(m ? expandManifest(m) : [])]);
  problems.push(...tree.problems);
  const ignore = dockerignore ?? tree.file('.dockerignore')?.text ?? '';
  return { tree, dockerignore: ignore, view: contextView(tree, ignore), facts: m?.facts ?? {}, problems };
}

/** Simulates `docker build` of a Dockerfile on a prepared context. */
export function buildOnContext(file: Dockerfile, ctx: PreparedContext, options: Omit<SimulateOptions, 'context' | 'facts'> = {}): BuildResult {
  const { included, size } = ctx.view.result;
  return simulateBuild(file, { ...options, context: { files: included, bytes: size }, facts: ctx.facts });
}

/**
 * The facts build-result goals read: this build, the baseline's size, and a
 * second build after touching a file to see what stays CACHED.
 */
export function buildFacts(file: Dockerfile, ctx: PreparedContext, build: BuildResult, baseline: Dockerfile | null): BuildFacts {
  let baselineBytes: number | null = null;
  const image = build.image;
  const stopped = build.problems.find((p) => p.when === 'build') ?? null;
  let fs: StageFs | null = null;
  const imageFiles = () => (fs ??= imageFs(build));
  const user = image?.config.user ?? '';
  const userName = user.split(':')[0] ?? '';
  const finalState = build.stages[build.target];
  return {
    built: image !== null,
    failure: stopped ? { line: stopped.line, message: stopped.message } : null,
    unknowns: build.unknowns.map((u) => u.message),
    imageBytes: image?.bytes ?? 0,
    get baselineImageBytes() {
      if (baselineBytes === null && baseline) baselineBytes = buildOnContext(baseline, ctx).image?.bytes ?? null;
      return baselineBytes;
    },
    wastedBytes: build.wasted.bytes,
    problems: build.problems.map((p) => ({ message: p.message, when: p.when, line: p.line, severity: p.severity, explanation: p.explanation })),
    contextBytes: build.context.bytes,
    contextHas: (path) => ctx.view.includes(path.replace(/^\.?\//, '')),
    imageHas: (path) => image !== null && imageFiles().exists(path),
    runUser: { user, exists: userName === '' || /^\d+$/.test(userName) || !build.problems.some((p) => p.code === 'unknown-user') },
    caCertificates: image !== null && hasCaCertificates(imageFiles()),
    get goBinaries() {
      if (!image) return [];
      return imageFiles().list('/').flatMap((e) => (e.binary?.language === 'go' ? [{ path: e.path, linkage: e.binary.linkage, stripped: !!e.binary.stripped }] : []));
    },
    cachedAfterChange: (changed, step) => {
      const path = changed.replace(/^\.?\//, '');
      const touched = touchedFiles(ctx, path);
      const again = simulateBuild(file, { context: { files: touched, bytes: ctx.view.result.size }, facts: ctx.facts, cache: build.cacheKeys });
      // Every step that runs it must stay cached (a prod-deps `npm ci --omit=dev` must not hide a re-run install).
      const hits = again.steps.filter((s) => s.label.includes(step));
      return hits.length ? hits.every((s) => s.cached) : null;
    },
    testsRun: (stage) => {
      const target = file.stages.find((s) => s.name === stage.toLowerCase());
      if (!target) return null;
      const r = target.index === build.target && finalState ? build : buildOnContext(file, ctx, { target: stage });
      if (!r.image) {
        const f = r.problems.find((p) => p.when === 'build');
        return { built: false, ran: false, detail: `docker build --target ${stage} fails${f?.line ? ` at line ${f.line}` : ''}: ${f?.message.split('\n')[0] ?? 'the build stops'}` };
      }
      const ran = r.steps.find((s) => s.stageIndex === target.index && s.activities?.some((a) => a.kind === 'tests' && a.files > 0));
      if (ran) {
        const a = ran.activities!.find((x) => x.kind === 'tests')!;
        return { built: true, ran: true, detail: `Line ${(ran.instruction?.startLine ?? 0) + 1} runs ${a.tool} on ${a.files} test file${a.files === 1 ? '' : 's'}.` };
      }
      if (r.unknowns.length) return { built: true, ran: false, detail: `Unknown: ${r.unknowns[0]}` };
      return { built: true, ran: false, detail: `docker build --target ${stage} builds, but no step of the ${stage} stage runs a test runner on test files (npm test with the tests copied in, for example).` };
    },
  };
}

/**
 * The context with one file's content changed. Kept per context and path, so that a
 * rebuild on it (every keystroke checks the goal again) reuses its COPY results too.
 */
const touchedCache = new WeakMap<PreparedContext, Map<string, ContextFile[]>>();

export function touchedFiles(ctx: PreparedContext, path: string): ContextFile[] {
  let perPath = touchedCache.get(ctx);
  if (!perPath) touchedCache.set(ctx, (perPath = new Map()));
  let files = perPath.get(path);
  if (!files) {
    files = ctx.view.result.included.map((f) => (f.path === path ? { ...f, hash: hashParts(f.hash, 'edited') } : f));
    perPath.set(path, files);
  }
  return files;
}

/** The final image's filesystem, rebuilt from its layers. */
function imageFs(build: BuildResult): StageFs {
  const fs = new StageFs(new Map(build.image ? baseFilesOf(build) : []));
  for (const layer of build.image?.layers ?? []) fs.push(layer);
  return fs;
}

/** The files the simulator knows the final image's base has (CA bundle, shell…). */
function baseFilesOf(build: BuildResult): Map<string, import('./simulate/types').FsEntry> {
  return build.image ? baseFiles(build.image.base) : new Map();
}

export interface ExerciseCheck {
  file: Dockerfile;
  diagnostics: Diagnostic[];
  goals: EvaluatedGoal[];
  build: BuildResult | null;
}

/**
 * Everything a lesson's exercise shows: diagnostics (with the context for
 * CopyIgnoredFile), goals, and — when asked for, or when a goal needs it — the
 * simulated build.
 */
export function checkExercise(
  text: string,
  ctx: PreparedContext,
  options: { goals?: readonly GoalSpec[]; baseline?: string | null; build?: boolean; target?: string; cache?: Iterable<string> } = {},
): ExerciseCheck {
  const file = parseDockerfile(text);
  const diagnostics = lintDockerfile(file, { context: ctx.view });
  const goals = options.goals ?? [];
  const needsBuild = options.build || goals.some((g) => goalsById.get(g.rule)?.kind === 'build');
  let build: BuildResult | null = null;
  let facts: BuildFacts | null = null;
  if (needsBuild && file.stages.length > 0) {
    build = buildOnContext(file, ctx, { target: options.target, cache: options.cache });
    facts = buildFacts(file, ctx, build, options.baseline ? parseDockerfile(options.baseline) : null);
  }
  return { file, diagnostics, goals: evaluateGoals(goals, { file, diagnostics, build: facts }), build };
}

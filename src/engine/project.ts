/**
 * A sample project as the engine uses it: its files and its manifest of heavy
 * folders become a build context; `.dockerignore` decides what is sent; the
 * Dockerfile is checked against the rules and the lesson's goals, and built.
 * The site, the CLI and the WebContainer `docker` command all go through here.
 */
import { parseDockerfile } from './dockerfile/parse';
import type { Diagnostic, Dockerfile } from './dockerfile/types';
import type { ProjectFacts } from './build/facts';
import { simulateBuild, type ContextFile, type SimulateOptions } from './build/simulate';
import type { BuildResult } from './build/types';
import {
  contextView, createTree, expandManifest, validateManifest,
  type BuildContextView, type ContextEntry, type ContextManifest, type ContextTree,
} from './context/index';
import { evaluateGoals, goalsById, type EvaluatedGoal, type GoalSpec } from './goals/index';
import { StageFs } from './build/fs';
import type { BuildFacts } from './goals/types';
import { lintDockerfile } from './rules/run';
import { hashParts } from './build/hash';
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
  return {
    imageBytes: build.image.bytes,
    get baselineImageBytes() {
      if (baselineBytes === null && baseline) baselineBytes = buildOnContext(baseline, ctx).image.bytes;
      return baselineBytes;
    },
    wastedBytes: build.wasted.bytes,
    problems: build.problems.map((p) => ({ message: p.message, when: p.when, line: p.line })),
    contextBytes: build.context.bytes,
    contextHas: (path) => ctx.view.includes(path.replace(/^\.?\//, '')),
    imageHas: (path) => imageFs(build).exists(path),
    cachedAfterChange: (changed, step) => {
      const path = changed.replace(/^\.?\//, '');
      const touched = touchedFiles(ctx, path);
      const again = simulateBuild(file, { context: { files: touched, bytes: ctx.view.result.size }, facts: ctx.facts, cache: build.cacheKeys });
      // Every step that runs it must stay cached (a prod-deps `npm ci --omit=dev` must not hide a re-run install).
      const hits = again.steps.filter((s) => s.label.includes(step));
      return hits.length ? hits.every((s) => s.cached) : null;
    },
  };
}

/**
 * The context with one file's content changed. Kept per context and path, so that a
 * rebuild on it (every keystroke checks the goal again) reuses its COPY results too.
 */
const touchedCache = new WeakMap<PreparedContext, Map<string, ContextFile[]>>();

function touchedFiles(ctx: PreparedContext, path: string): ContextFile[] {
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
  const fs = new StageFs();
  for (const layer of build.image.layers) fs.push(layer);
  return fs;
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

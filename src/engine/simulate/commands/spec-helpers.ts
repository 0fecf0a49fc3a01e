/**
 * Test-only: drives a command handler the way a learner does, through a whole
 * Dockerfile (`simulateBuild(parseDockerfile(text), { context, facts })`), and
 * reads back what one RUN did — its outcome, the tool's message, the files its
 * layer adds (with their sizes) and the paths it deletes. Imported by specs only.
 */
import { parseDockerfile } from '../../dockerfile/parse';
import { utf8Length } from '../../dockerfile/words';
import { context as fixtureContext, facts as fixtureFacts } from '../../report/spec-fixtures';
import type { ProjectFacts } from '../facts';
import { hashParts } from '../hash';
import { simulateBuild, type ContextFile } from '../simulate';
import type { BuildResult, BuildStep, FsEntry, Layer } from '../types';

export interface Project {
  /** Files to add or replace in the fixture project (spec-fixtures `context()`); `null` removes one. */
  files?: Record<string, string | null>;
  /** Start from an empty context instead of the fixture project. */
  only?: boolean;
  /** Replaces the fixture facts (measured build outputs, Go binary sizes). */
  facts?: ProjectFacts;
}

export function projectFiles(project: Project = {}): { files: ContextFile[] } {
  const base = project.only ? [] : fixtureContext().files;
  const byPath = new Map(base.map((f) => [f.path, f]));
  for (const [path, text] of Object.entries(project.files ?? {})) {
    if (text === null) byPath.delete(path);
    else byPath.set(path, { path, size: utf8Length(text), hash: hashParts(text), text });
  }
  return { files: [...byPath.values()] };
}

export function sim(dockerfile: string, project: Project = {}): BuildResult {
  return simulateBuild(parseDockerfile(dockerfile), { context: projectFiles(project), facts: project.facts ?? fixtureFacts });
}

export type Outcome = 'ok' | 'failed' | 'unknown';

/** What one RUN did, as the build result shows it. */
export interface RunView {
  status: Outcome;
  /** The failing command's message (what BuildKit quotes), or null. */
  message: string | null;
  explanation: string | null;
  /** The "cannot tell" message of an unknown outcome, or null. */
  unknown: string | null;
  notes: string[];
  output: string[];
  /** Bytes the RUN's layer adds. */
  bytes: number;
  /** Path → bytes of every entry the layer adds. */
  files: Record<string, number>;
  /** The entries themselves (binary linkage, owner, mode…), by path. */
  entries: Record<string, FsEntry>;
  /** Paths the layer deletes (whiteouts). */
  removed: string[];
  /** What goals look for (tests that ran). */
  activities: NonNullable<BuildStep['activities']>;
  step: BuildStep;
  result: BuildResult;
}

/** The `which`-th RUN step of the build (negative: from the end; -1 is the last RUN that ran). */
export function runOf(result: BuildResult, which = -1): RunView {
  const runs = result.steps.filter((s) => s.instruction?.name === 'RUN');
  const step = runs.at(which);
  if (!step) throw new Error(`no RUN step ${which}: the build has ${runs.length} (problems: ${result.problems.map((p) => p.message).join(' | ')})`);
  const line = step.instruction!.startLine + 1;
  const problem = result.problems.find((p) => p.code === 'command-failed' && p.line === line) ?? null;
  const unknown = result.unknowns.find((u) => u.line === line) ?? null;
  const layer = layerOf(result, step);
  return {
    status: problem ? 'failed' : unknown ? 'unknown' : 'ok',
    message: problem?.message ?? null,
    explanation: problem?.explanation ?? null,
    unknown: unknown?.message ?? null,
    notes: step.notes,
    output: step.output,
    bytes: step.bytes,
    files: Object.fromEntries([...(layer?.entries.values() ?? [])].map((e) => [e.path, e.bytes])),
    entries: Object.fromEntries([...(layer?.entries.values() ?? [])].map((e) => [e.path, e])),
    removed: [...(layer?.whiteouts ?? [])].sort(),
    activities: step.activities ?? [],
    step,
    result,
  };
}

function layerOf(result: BuildResult, step: BuildStep): Layer | undefined {
  return result.stages[step.stageIndex]?.layers.find((l) => l.instruction === step.instruction);
}

/**
 * `FROM image`, `WORKDIR /app` (or `workdir`), then `body` (Dockerfile lines),
 * built on the fixture project; returns the last RUN.
 */
export function on(image: string, body: string, project: Project & { workdir?: string } = {}): RunView {
  return runOf(sim(`FROM ${image}\nWORKDIR ${project.workdir ?? '/app'}\n${body}\n`, project));
}

/** Shorthands for the images the course uses. */
export const debian = (body: string, project?: Project & { workdir?: string }) => on('debian:bookworm-slim', body, project);
export const alpine = (body: string, project?: Project & { workdir?: string }) => on('alpine:3.20', body, project);
export const node = (body: string, project?: Project & { workdir?: string }) => on('node:20', body, project);
export const nodeAlpine = (body: string, project?: Project & { workdir?: string }) => on('node:20-alpine', body, project);
export const golang = (body: string, project?: Project & { workdir?: string }) => on('golang:1.22', body, { workdir: '/src', ...project });

/** A package-lock.json (lockfileVersion 3) for these packages: name → version, `dev: true` with a trailing `!` (`'5.9.3!'`). */
export function lockfile(packages: Record<string, string>, name = 'app'): string {
  const entries: Record<string, unknown> = { '': { name, version: '1.0.0' } };
  for (const [pkg, v] of Object.entries(packages)) {
    entries[`node_modules/${pkg}`] = v.endsWith('!') ? { version: v.slice(0, -1), dev: true } : { version: v };
  }
  return JSON.stringify({ name, version: '1.0.0', lockfileVersion: 3, requires: true, packages: entries });
}

export function packageJson(fields: Record<string, unknown>): string {
  return JSON.stringify({ name: 'app', version: '1.0.0', ...fields });
}

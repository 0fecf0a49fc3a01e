/**
 * Facts about a BuildResult the formatters need and the result does not state
 * directly: did the build stop, at which step, what BuildKit would call each
 * step, the (made-up) image digest, and which stage made each layer.
 */
import { hashParts } from '../simulate/hash';
import type { BuildProblem, BuildResult, BuildStep, Layer } from '../simulate/types';
import { normalizedReference } from '../dockerfile/reference';

/** Problems the Dockerfile frontend reports before any step runs. */
const FRONTEND_CODES = new Set<BuildProblem['code']>(['unknown-target', 'stage-cycle']);

/** The problem that stopped the build, if any: the first `when: 'build'` problem. */
export function stoppingProblem(result: BuildResult): BuildProblem | null {
  return (result.problems ?? []).find((p) => p.when === 'build') ?? null;
}

export interface Failure {
  problem: BuildProblem;
  /** Index into result.steps of the step that failed; null when the build stopped before any step. */
  stepIndex: number | null;
}

export function failure(result: BuildResult): Failure | null {
  const problem = stoppingProblem(result);
  if (!problem) return null;
  if (FRONTEND_CODES.has(problem.code) || problem.line === null) return { problem, stepIndex: null };
  const steps = result.steps ?? [];
  const i = steps.findIndex((s) => s.instruction && problem.line !== null && s.instruction.startLine + 1 <= problem.line && problem.line <= s.instruction.endLine + 1 && s.instruction.name !== 'FROM');
  return { problem, stepIndex: i >= 0 ? i : null };
}

/** The build finished and made an image (runtime problems do not count). */
export function built(result: BuildResult): boolean {
  return stoppingProblem(result) === null && (result.stages ?? []).length > 0;
}

/**
 * A made-up but stable image digest, derived from the steps' cache keys and the
 * image's config: the same build gives the same digest; any change to a step, or
 * to the config alone (CMD, EXPOSE, ENV after the last step), gives another one, as
 * Docker's image ID is the digest of the config that lists the layers.
 */
export function imageDigest(result: BuildResult): string {
  const config = result.image?.config ? JSON.stringify(result.image.config) : '';
  const seed = hashParts('stagecraft-image', result.target ?? 0, config, ...(result.cacheKeys ?? []));
  let hex = '';
  let h = seed;
  for (let i = 0; i < 4; i++) {
    h = hashParts(seed, i, h);
    hex += h;
  }
  return `sha256:${hex}`;
}

/** A made-up digest for anything else (base image layers), stable for the same parts. */
export function fakeDigest(...parts: Array<string | number>): string {
  const seed = hashParts('stagecraft-digest', ...parts);
  let hex = '';
  let h = seed;
  for (let i = 0; i < 4; i++) {
    h = hashParts(seed, i, h);
    hex += h;
  }
  return `sha256:${hex}`;
}

/** `app` → `docker.io/library/app:latest`, as BuildKit's "naming to" line shows a tag. */
export function normalizeTag(tag: string): string {
  return normalizedReference(tag);
}

/** `app:1.2` → {repository: 'app', tag: '1.2'}; `app` → tag `latest`. */
export function splitTag(tag: string): { repository: string; tag: string } {
  const t = tag.trim();
  const slash = t.lastIndexOf('/');
  const colon = t.lastIndexOf(':');
  if (colon > slash) return { repository: t.slice(0, colon), tag: t.slice(colon + 1) || 'latest' };
  return { repository: t || '<none>', tag: t ? 'latest' : '<none>' };
}

const LABEL = /^\[(\S+) (\d+)\/(\d+)\] ([\s\S]*)$/;

/** What the FROM of a step's stage names, from the simulator's label (`FROM docker.io/library/node:20`). */
function fromTarget(step: BuildStep): string | null {
  const m = LABEL.exec(step.label ?? '');
  const text = m ? m[4]! : step.label ?? '';
  const f = /^FROM\s+(\S+)/i.exec(text);
  return f ? f[1]! : null;
}

/** The FROM step of a stage that starts from `scratch` or from an earlier stage: BuildKit shows no vertex for it. */
export function isHiddenFrom(result: BuildResult, step: BuildStep): boolean {
  if (step.instruction?.name !== 'FROM') return false;
  const target = fromTarget(step);
  if (target === null) return false;
  if (target.toLowerCase() === 'scratch') return true;
  return (result.stages ?? []).some((s) => s.index < step.stageIndex && s.name !== null && s.name.toLowerCase() === target.toLowerCase());
}

/** The base image a visible FROM step pulls, normalized as BuildKit prints it; null for scratch and stages. */
export function pulledImage(result: BuildResult, step: BuildStep): string | null {
  if (step.instruction?.name !== 'FROM' || isHiddenFrom(result, step)) return null;
  const target = fromTarget(step);
  return target ? normalizedReference(target.replace(/^docker\.io\/library\//, '')) : null;
}

/**
 * BuildKit's name for a step's vertex: `[builder 3/7] RUN npm ci`, `[2/5] COPY . .`
 * in a one-stage Dockerfile, `[ 3/12] …` once a stage has ten steps or more. The
 * FROM of a stage based on scratch or on another stage is not a step in BuildKit,
 * so the numbers of that stage start at its first instruction. `null` for such a FROM.
 */
export function vertexName(result: BuildResult, step: BuildStep): string | null {
  if (isHiddenFrom(result, step)) return null;
  const m = LABEL.exec(step.label ?? '');
  if (!m) return step.label ?? '';
  const stageSteps = (result.steps ?? []).filter((s) => s.stageIndex === step.stageIndex);
  const first = stageSteps.find((s) => s.instruction?.name === 'FROM');
  const shift = first && isHiddenFrom(result, first) ? 1 : 0;
  const k = Number(m[2]) - shift;
  const n = Number(m[3]) - shift;
  let text = m[4]!;
  if (step.instruction?.name === 'FROM') {
    const target = fromTarget(step);
    if (target) text = `FROM ${normalizedReference(target.replace(/^docker\.io\/library\//, ''))}`;
  }
  const digits = Math.floor(1 + Math.log10(Math.max(1, n)));
  const prefix = (result.stages ?? []).length > 1 ? `${m[1]} ` : '';
  return `[${prefix}${String(k).padStart(digits, ' ')}/${n}] ${text}`;
}

/** The stage that made each layer of the image (the first stage whose layers include it); null for base layers. */
export function layerStages(result: BuildResult): Map<Layer, string> {
  const out = new Map<Layer, string>();
  for (const s of result.stages ?? []) {
    for (const l of s.layers ?? []) {
      if (!l.fromBase && !out.has(l)) out.set(l, s.name ?? `stage-${s.index}`);
    }
  }
  return out;
}

/**
 * What would make an image smaller. Every kind of suggestion proposes concrete
 * edits of the Dockerfile (or .dockerignore); each is simulated, and offered only
 * when the edited file still builds and its container still starts, with no step
 * the simulator cannot judge. The saving is the difference of two simulated
 * builds — never a formula — so it is what the build panel prints after Apply.
 */
import { parseDockerfile } from '../dockerfile/parse';
import { earlierStageNamed } from '../dockerfile/query';
import type { Dockerfile } from '../dockerfile/types';
import { contextView, createTree, textEntry } from '../context/index';
import { buildOnContext, touchedFiles, type PreparedContext } from '../project';
import { baseFiles } from '../simulate/base-image';
import { join, StageFs } from '../simulate/fs';
import { hashParts } from '../simulate/hash';
import type { BuildResult } from '../simulate/types';
import { unifiedDiff } from './diff';
import { cacheOrder } from './kinds/cache-order';
import { cleanCache } from './kinds/clean-cache';
import { copyArtefacts } from './kinds/copy-artefacts';
import { deleteInSameLayer } from './kinds/delete-in-same-layer';
import { dockerignore } from './kinds/dockerignore';
import { goStatic, goStrip } from './kinds/go-build';
import { multiStage } from './kinds/multi-stage';
import { namedCopy } from './kinds/named-copy';
import { productionDeps } from './kinds/production-deps';
import { slimmerBase } from './kinds/slimmer-base';
import type { AdviseInput, Candidate, SuggestionKind, SuggestionKindDef } from './kinds/types';

export type { SuggestionKind } from './kinds/types';

/** Every kind, in the order ties are listed. */
export const SUGGESTION_KINDS: readonly SuggestionKindDef[] = [multiStage, copyArtefacts, slimmerBase, productionDeps, cleanCache, dockerignore, namedCopy, goStatic, goStrip, deleteInSameLayer, cacheOrder];

export interface FileEdit {
  /** `Dockerfile` (the file given) or `.dockerignore`. */
  path: string;
  before: string;
  after: string;
}

export interface Suggestion {
  id: string;
  kind: SuggestionKind;
  title: string;
  why: string;
  /** The lesson that teaches it (`stagecraft check --lesson` id; the page is /lessons/<id>/). */
  lesson: string;
  edits: FileEdit[];
  /** Unified diff of every edit. */
  diff: string;
  before: { size: number; compressed: number };
  after: { size: number; compressed: number };
  /** Uncompressed bytes saved: before.size − after.size, both simulated. */
  saves: number;
  /** Some figure in either build is an estimate. */
  estimated: boolean;
  /** Other variants of the same edit that also build and start (another base image), best first. */
  alternatives: Array<{ title: string; saves: number }>;
  /** Cache-only advice: after a change to one source file, the steps that stay CACHED. */
  cache?: { changed: string; cachedBefore: string[]; cachedAfter: string[] };
}

export type SuggestVerdict = 'ok' | 'no-stages' | 'build-fails' | 'wont-start' | 'unknown';

export interface SuggestReport {
  verdict: SuggestVerdict;
  /** Why there are no suggestions, or that nothing is worth doing, in one sentence; null when there are some. */
  message: string | null;
  /** The image's size now (null when there is no image). */
  size: number | null;
  compressed: number | null;
  /** Size suggestions, biggest saving first. */
  suggestions: Suggestion[];
  /** Cache-only advice, apart: it does not change the size. */
  cache: Suggestion[];
  /** What stops the build or the start (Docker's message and the line), when that is the verdict. */
  problem: { line: number | null; message: string; explanation: string } | null;
  /** Builds simulated to work these out (for the benchmark and the note). */
  simulated: number;
}

export interface SuggestOptions {
  /** `--target`. */
  target?: string;
  /** The name the Dockerfile has in the diff (default `Dockerfile`). */
  path?: string;
}

/** Below this a saving is not worth an edit: 100 kB, or 0.5 % of the image if that is more. */
export function worthIt(saves: number, size: number): boolean {
  return saves >= Math.max(100_000, size * 0.005);
}

export function suggest(text: string, ctx: PreparedContext, options: SuggestOptions = {}): SuggestReport {
  const file = parseDockerfile(text);
  const report = (verdict: SuggestVerdict, message: string | null, result: BuildResult | null, simulated: number, problem: SuggestReport['problem'] = null): SuggestReport => ({
    verdict, message, size: result?.image?.bytes ?? null, compressed: result?.image?.compressedBytes ?? null, suggestions: [], cache: [], problem, simulated,
  });
  if (file.stages.length === 0) return report('no-stages', 'There is no FROM line yet, so there is no image to make smaller.', null, 0);
  const refused = file.diagnostics.find((d) => d.severity === 'error');
  if (refused) {
    const line = refused.range.start.line + 1;
    return report('build-fails', `Docker's parser refuses this Dockerfile (line ${line}), so there is no image to make smaller: fix that first.`, null, 0, { line, message: refused.message, explanation: '' });
  }
  // Suggestions need verdicts and sizes, not wasted space: every build here is sizeOnly.
  const result = buildOnContext(file, ctx, { target: options.target, sizeOnly: true });
  const stop = result.problems.find((p) => p.when === 'build' && p.severity === 'error');
  if (!result.image || stop) {
    const problem = stop ? { line: stop.line, message: stop.message, explanation: stop.explanation } : null;
    return report('build-fails', `The build fails${stop?.line ? ` at line ${stop.line}` : ''}, so there is no image to make smaller: fix that first.`, result, 1, problem);
  }
  const runError = result.problems.find((p) => p.when === 'run' && p.severity === 'error');
  if (runError) {
    return report('wont-start', `The image builds but its container would not start${runError.line ? ` (line ${runError.line})` : ''}: fix that first — a smaller image that does not start is no saving.`, result, 1, { line: runError.line, message: runError.message, explanation: runError.explanation });
  }
  if (result.unknowns.length > 0) {
    const u = result.unknowns[0]!;
    return report('unknown', `Stagecraft cannot tell whether this image builds and starts, so it cannot prove any saving. ${u.message}`, result, 1, { line: u.line, message: u.message, explanation: '' });
  }
  const input = adviseInput(text, file, result, ctx);
  const before = { size: result.image.bytes, compressed: result.image.compressedBytes };
  const path = options.path ?? 'Dockerfile';
  let simulated = 1;
  const tried = new Map<string, BuildResult | null>();
  const verify = (c: Candidate): BuildResult | null => {
    const key = hashParts(c.dockerfile, c.dockerignore ?? '\u0000');
    if (tried.has(key)) return tried.get(key)!;
    simulated++;
    const edited = parseDockerfile(c.dockerfile);
    const context = c.dockerignore === undefined ? ctx : withDockerignore(ctx, c.dockerignore);
    const r = edited.stages.length === 0 ? null : buildOnContext(edited, context, { target: options.target, sizeOnly: true });
    const ok = r?.image && !r.problems.some((p) => p.severity === 'error') && r.unknowns.length === 0;
    tried.set(key, ok ? r : null);
    return ok ? r : null;
  };
  // A base image's total is its published size even where its layers are split by estimate: only the image's own estimates count.
  const estimated = (r: BuildResult) => !!r.image && (r.image.base.estimated || r.image.layers.some((l) => !l.fromBase && l.estimated && l.bytes > 0));

  const best = new Map<string, { s: Suggestion; all: Array<{ title: string; saves: number }> }>();
  const cache: Suggestion[] = [];
  const passed = new Set<string>();
  for (const kind of SUGGESTION_KINDS) {
    let candidates: Candidate[];
    try {
      candidates = kind.candidates(input);
    } catch {
      // A kind that cannot read this file offers nothing; the others still run.
      candidates = [];
    }
    for (const c of candidates) {
      if (c.dockerfile === text && (c.dockerignore === undefined || c.dockerignore === ctx.dockerignore)) continue;
      if (c.fallback && passed.has(c.id)) continue;
      const r = verify(c);
      if (!r?.image) continue;
      passed.add(c.id);
      const edits: FileEdit[] = [];
      if (c.dockerfile !== text) edits.push({ path, before: text, after: c.dockerfile });
      if (c.dockerignore !== undefined) edits.push({ path: '.dockerignore', before: ctx.dockerignore, after: c.dockerignore });
      const s: Suggestion = {
        id: c.id, kind: kind.kind, title: c.title, why: c.why, lesson: kind.lesson, edits,
        diff: edits.map((e) => unifiedDiff(e.path, e.before, e.after)).join(''),
        before, after: { size: r.image.bytes, compressed: r.image.compressedBytes },
        saves: before.size - r.image.bytes, estimated: estimated(result) || estimated(r), alternatives: [],
      };
      if (kind.cacheOnly) {
        // Cache advice that makes the image noticeably bigger is no advice.
        if (worthIt(r.image.bytes - before.size, before.size)) continue;
        const advice = cacheAdvice(file, c, ctx, c.dockerignore === undefined ? ctx : withDockerignore(ctx, c.dockerignore), result, r, options.target);
        if (advice) cache.push({ ...s, cache: advice });
        continue;
      }
      if (!worthIt(s.saves, before.size)) continue;
      const seen = best.get(c.id);
      if (!seen) best.set(c.id, { s, all: [{ title: s.title, saves: s.saves }] });
      else {
        seen.all.push({ title: s.title, saves: s.saves });
        if (s.saves > seen.s.saves) seen.s = s;
      }
    }
  }
  const suggestions = [...best.values()].map(({ s, all }) => ({
    ...s,
    alternatives: all.filter((a) => a.title !== s.title).sort((a, b) => b.saves - a.saves),
  }));
  // Biggest saving first; equal savings keep the kinds' order.
  suggestions.sort((a, b) => b.saves - a.saves);
  const message = suggestions.length > 0 ? null
    : 'Nothing Stagecraft knows would make this image noticeably smaller: every edit it tried saves less than 100 kB (or 0.5 % of the image), does not build, or does not start.';
  return { verdict: 'ok', message, size: before.size, compressed: before.compressed, suggestions, cache, problem: null, simulated };
}

/**
 * The context with another .dockerignore — as a file of the context too (`COPY . .` copies it,
 * as Docker does), so the build is the one `prepareContext` with that .dockerignore gives.
 * Kept per tree and text, so the next call (the next keystroke) reuses it.
 */
const withIgnore = new WeakMap<PreparedContext['tree'], Map<string, { tree: PreparedContext['tree']; view: PreparedContext['view'] }>>();

export function withDockerignore(ctx: PreparedContext, dockerignore: string): PreparedContext {
  let perTree = withIgnore.get(ctx.tree);
  if (!perTree) withIgnore.set(ctx.tree, (perTree = new Map()));
  let hit = perTree.get(dockerignore);
  if (!hit) {
    // The other entries are the same objects, so what was worked out about them stays cached.
    const entries = ctx.tree.entries.filter((e) => e.path !== '.dockerignore');
    if (dockerignore !== '') entries.push(textEntry('.dockerignore', dockerignore));
    const tree = createTree(entries);
    if (perTree.size >= 16) perTree.clear();
    perTree.set(dockerignore, (hit = { tree, view: contextView(tree, dockerignore) }));
  }
  return { ...ctx, dockerignore, tree: hit.tree, view: hit.view };
}

/** The facts every kind reads, computed once. */
function adviseInput(text: string, file: Dockerfile, result: BuildResult, ctx: PreparedContext): AdviseInput {
  const fsCache = new Map<number, StageFs>();
  const needed = new Set(result.stages.filter((s) => s.built).map((s) => s.index));
  return {
    text, file, result, target: result.target, ctx, needed,
    fsOf(i) {
      let fs = fsCache.get(i);
      if (!fs) {
        const s = result.stages[i];
        fs = new StageFs(s ? baseFiles(s.base) : new Map());
        for (const l of s?.layers ?? []) fs.push(l);
        fsCache.set(i, fs);
      }
      return fs;
    },
    workdirOf(i) {
      const chain = [];
      for (let s = file.stages[i]; s; s = earlierStageNamed(file, s.base, s.index)) {
        chain.unshift(s);
        if (chain.length > file.stages.length) break;
      }
      const root = chain[0] ? result.stages[chain[0].index]?.base : undefined;
      let wd = root?.family.startsWith('golang') ? '/go' : '/';
      for (const s of chain) for (const ins of s.instructions) if (ins.name === 'WORKDIR') wd = join(wd, ins.args[0]?.value ?? '/');
      return wd;
    },
  };
}

/** A source file the learner edits often, to see which steps a change to it re-runs. */
function sourceFile(ctx: PreparedContext): string | null {
  const files = ctx.view.result.included.map((f) => f.path);
  return files.find((p) => /^src\/.*\.(ts|js|tsx|jsx|go)$/.test(p)) ?? files.find((p) => /\.(ts|js|go)$/.test(p) && !p.includes('node_modules/')) ?? null;
}

function cacheAdvice(file: Dockerfile, c: Candidate, ctx: PreparedContext, edited: PreparedContext, before: BuildResult, after: BuildResult, target: string | undefined): Suggestion['cache'] | null {
  const changed = sourceFile(ctx);
  if (!changed) return null;
  // The same source file changed in each context (the edit may have its own .dockerignore), then each file built again on its cache.
  const rebuild = (f: Dockerfile, on: PreparedContext, r: BuildResult) =>
    buildOnContext(f, { ...on, view: { ...on.view, result: { ...on.view.result, included: touchedFiles(on, changed) } } }, { target, cache: r.cacheKeys, sizeOnly: true });
  const cachedSteps = (r: BuildResult) => r.steps.filter((s) => s.cached && s.instruction?.name === 'RUN').map((s) => s.label.replace(/^\[[^\]]*\]\s*/, ''));
  const was = cachedSteps(rebuild(file, ctx, before));
  const now = cachedSteps(rebuild(parseDockerfile(c.dockerfile), edited, after));
  return now.length > was.length ? { changed, cachedBefore: was, cachedAfter: now } : null;
}

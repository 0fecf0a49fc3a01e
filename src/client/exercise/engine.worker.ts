/// <reference lib="webworker" />
/**
 * The engine in a worker, so checking and building never block typing.
 * Receives the exercise once, then the learner's files on each check/build.
 */
import {
  buildLogEvents, buildOnContext, checkExercise, historyRows, humanSize, parseDockerfile, prepareContext,
  rulesById, stoppingProblem, type BuildResult, type PreparedContext,
} from '../../engine/index';
import type { ExerciseData } from '../../lessons/exercise-data';
import type { BuildView, CheckView, DiagnosticView, Request, Response } from './protocol';

let data: ExerciseData | null = null;
const contexts = new Map<string, PreparedContext>();
/** Cache keys of every earlier build in this session: a rebuild shows CACHED steps. */
const cache = new Set<string>();
let baselineBytes: number | null | undefined;

function context(files: Record<string, string>): PreparedContext {
  const ignore = files['.dockerignore'];
  const key = ignore ?? '\u0000project';
  let ctx = contexts.get(key);
  if (!ctx) {
    ctx = prepareContext(data!.project.files, data!.project.manifest, ignore);
    if (contexts.size > 4) contexts.clear();
    contexts.set(key, ctx);
  }
  return ctx;
}

function check(files: Record<string, string>): CheckView {
  const ctx = context(files);
  const result = checkExercise(files.Dockerfile ?? '', ctx, { goals: data!.goals, baseline: data!.baseline });
  const diagnostics: DiagnosticView[] = result.diagnostics.map((d) => {
    const meta = rulesById.get(d.rule)?.meta;
    return {
      rule: d.rule,
      refs: d.refs,
      severity: d.severity,
      message: d.message,
      line: d.range.start.line + 1,
      column: d.range.start.character + 1,
      endLine: d.range.end.line + 1,
      endColumn: d.range.end.character + 1,
      summary: meta?.summary ?? (d.rule === 'dockerfile-syntax' ? 'Docker’s parser refuses this.' : ''),
      url: meta?.url ?? '',
      lessonHref: meta?.lesson ? `/lessons/${meta.lesson}/` : null,
      fixes: (d.fixes ?? []).map((f) => ({
        title: f.title,
        edits: f.edits.map((e) => ({ line: e.range.start.line + 1, column: e.range.start.character + 1, endLine: e.range.end.line + 1, endColumn: e.range.end.character + 1, text: e.text })),
      })),
    };
  });
  return {
    diagnostics,
    goals: result.goals.map((g) => ({ id: g.id, title: g.title, met: g.met, pending: !!g.pending, detail: g.detail })),
    contextErrors: ctx.view.result.errors.map((e) => `.dockerignore line ${e.line}: ${e.message}`),
  };
}

function build(files: Record<string, string>): BuildView {
  const ctx = context(files);
  const file = parseDockerfile(files.Dockerfile ?? '');
  const result: BuildResult = buildOnContext(file, ctx, { cache });
  for (const k of result.cacheKeys) cache.add(k);
  if (baselineBytes === undefined) {
    baselineBytes = data!.baseline ? buildOnContext(parseDockerfile(data!.baseline), context({})).image.bytes : null;
  }
  const final = result.target;
  const built = stoppingProblem(result) === null;
  return {
    built,
    image: { bytes: result.image.bytes, compressedBytes: result.image.compressedBytes, size: humanSize(result.image.bytes), compressedSize: humanSize(result.image.compressedBytes) },
    baseline: baselineBytes === null ? null : { bytes: baselineBytes, size: humanSize(baselineBytes) },
    context: {
      bytes: result.context.bytes,
      files: result.context.files,
      size: humanSize(result.context.bytes),
      transferredSize: humanSize(result.context.transferredBytes),
      transferredFiles: result.context.transferredFiles,
    },
    wasted: {
      bytes: result.wasted.bytes,
      size: humanSize(result.wasted.bytes),
      efficiency: `${(result.efficiency * 100).toFixed(2)}%`,
      files: result.wasted.files.slice(0, 10).map((f) => ({ path: f.path, bytes: f.bytes, size: humanSize(f.bytes) })),
    },
    log: buildLogEvents(result, { dockerfile: files.Dockerfile ?? '' }),
    history: built ? historyRows(result) : [],
    stages: result.stages.map((s) => ({
      index: s.index,
      name: s.name ?? `stage-${s.index}`,
      base: s.base.requested,
      built: s.built,
      final: s.index === final,
      dependsOn: s.dependsOn,
    })),
    problems: result.problems.map((p) => ({ code: p.code, message: p.message, explanation: p.explanation, line: p.line, when: p.when })),
    notes: result.notes,
    steps: result.steps.map((s) => ({ label: s.label, cached: s.cached, size: humanSize(s.bytes) })),
  };
}

const scope = self as unknown as DedicatedWorkerGlobalScope;
scope.onmessage = (event: MessageEvent<Request>) => {
  const req = event.data;
  let res: Response;
  try {
    if (req.type === 'init') {
      data = req.data;
      contexts.clear();
      cache.clear();
      baselineBytes = undefined;
      res = { id: req.id, type: 'ready' };
    } else if (!data) {
      res = { id: req.id, type: 'error', message: 'The exercise has not loaded yet.' };
    } else if (req.type === 'check') {
      res = { id: req.id, type: 'check', result: check(req.files) };
    } else {
      res = { id: req.id, type: 'build', result: build(req.files) };
    }
  } catch (e) {
    res = { id: req.id, type: 'error', message: `Stagecraft hit an internal error: ${(e as Error)?.message ?? String(e)}. Your work is safe; try again after an edit.` };
  }
  scope.postMessage(res);
};

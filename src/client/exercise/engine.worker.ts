/// <reference lib="webworker" />
/**
 * The engine in a worker, so checking and building never block typing.
 * Receives the exercise once, then the learner's files on each check/build.
 */
import {
  breakdown, buildLogEvents, buildOnContext, checkExercise, historyRows, humanSize, parseDockerfile, prepareContext,
  rulesById, stoppingProblem, suggest, type BuildResult, type Dockerfile, type PreparedContext,
} from '../../engine/index';
import { breakdownView, suggestionsView } from '../advise/convert';
import type { ExerciseData } from '../../lessons/exercise-data';
import { contextEntries } from './context-entries';
import { dedupeFindings, sourceOf } from './findings';
import { brokenLineWarning } from '../../engine/index';
import { createShell, type ShellSession } from '../../commands/shell/index';
import { projectWorkspace } from '../../commands/context';
import type { MemoryWorkspace } from '../../commands/workspace';
import { rememberKeys, type BuildView, type CheckView, type ContextEntryView, type DiagnosticView, type Request, type Response, type StageView, type SuggestionsView, type TargetView, type TestDelay } from './protocol';

let data: ExerciseData | null = null;
/** Test-only (see TestDelay): null unless an end-to-end test set it before the page loaded. */
let testDelay: TestDelay | null = null;

/** Keeps the worker busy, as a pathological Dockerfile would, when a test asked for it. */
function delayForTest(files: Record<string, string>): void {
  if (!testDelay) return;
  if (testDelay.ifIncludes !== undefined && !(files.Dockerfile ?? '').includes(testDelay.ifIncludes)) return;
  const until = Date.now() + testDelay.ms;
  while (Date.now() < until) {
    // busy: the watchdog in engine-client.ts must notice and stop this worker
  }
}

const contexts = new Map<string, PreparedContext>();
const entriesOf = new WeakMap<PreparedContext, { entries: ContextEntryView[]; more: number }>();
/** Cache keys of every earlier build in this session: a rebuild shows CACHED steps. */
/** Step keys of the builds so far (BuildKit's cache, as far as the simulator needs it). */
const cache = new Set<string>();
let baseline: BuildView['baseline'] | undefined;

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

function targets(file: Dockerfile): TargetView[] {
  return file.stages.map((s) => ({ index: s.index, name: s.name, base: s.base }));
}

function check(files: Record<string, string>): CheckView {
  const ctx = context(files);
  const result = checkExercise(files.Dockerfile ?? '', ctx, { goals: data!.goals, baseline: data!.baseline });
  const diagnostics: DiagnosticView[] = dedupeFindings(
    result.diagnostics.map((d) => {
      const meta = rulesById.get(d.rule)?.meta;
      return {
        rule: d.rule,
        refs: d.refs,
        source: sourceOf(d.rule, d.refs, meta?.buildkit),
        resembles: meta?.resembles,
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
    }),
  );
  return {
    diagnostics,
    goals: result.goals.map((g) => ({ id: g.id, title: g.title, met: g.met, pending: !!g.pending, unknown: !!g.unknown, detail: g.detail })),
    contextErrors: ctx.view.result.errors.map((e) => `.dockerignore line ${e.line}: ${e.message}`),
    contextWarnings: ctx.view.result.warnings.map((w) => brokenLineWarning(`.dockerignore line ${w.line}`, w.message)),
    stages: targets(result.file),
  };
}

/** The lesson's baseline, built once on the project as it is: its row in the size table. */
function baselineView(): BuildView['baseline'] {
  if (!data!.baseline) return null;
  const file = parseDockerfile(data!.baseline);
  const result = buildOnContext(file, context({}));
  if (!result.image || stoppingProblem(result)) return null;
  const isStart = data!.baseline.trim() === (data!.start.Dockerfile ?? '').trim();
  const single = file.stages.length === 1;
  return {
    bytes: result.image.bytes,
    size: humanSize(result.image.bytes),
    label: single ? 'Single-stage baseline' : 'Baseline',
    note: isStart ? 'the exercise’s start file' : single ? 'the one-stage Dockerfile the lesson compares against' : 'the Dockerfile the lesson compares against',
  };
}

function build(files: Record<string, string>, target: string | null): { view: BuildView; cacheKeys: string[] } {
  const ctx = context(files);
  const text = files.Dockerfile ?? '';
  const file = parseDockerfile(text);
  const result: BuildResult = buildOnContext(file, ctx, target ? { cache, target } : { cache });
  rememberKeys(cache, result.cacheKeys);
  if (baseline === undefined) baseline = baselineView();
  const stop = stoppingProblem(result);
  const image = stop ? null : (result.image ?? null);
  const built = image !== null;
  let entries = entriesOf.get(ctx);
  if (!entries) entriesOf.set(ctx, (entries = contextEntries(ctx.view)));
  const stageName = (i: number) => result.stages[i]?.name ?? file.stages[i]?.name ?? `stage ${i}`;
  const stages: StageView[] = result.stages.map((s) => {
    const written = file.stages[s.index];
    const lower = written?.base.toLowerCase();
    const parent = written ? file.stages.find((p) => p.index < s.index && p.name !== null && p.name === lower) : undefined;
    return {
      index: s.index,
      name: s.name ?? `stage ${s.index}`,
      base: parent ? (parent.name as string) : s.base?.requested ?? written?.base ?? '',
      fromStage: parent?.index ?? null,
      built: s.built,
      final: s.index === result.target,
      dependsOn: s.dependsOn,
    };
  });
  const view: BuildView = {
    built,
    target,
    targetStage: { index: result.target, name: stageName(result.target) },
    image: image ? { bytes: image.bytes, compressedBytes: image.compressedBytes, size: humanSize(image.bytes), compressedSize: humanSize(image.compressedBytes) } : null,
    failure: stop ? { line: stop.line, message: stop.message, explanation: stop.explanation } : built ? null : { line: null, message: 'The build made no image.', explanation: '' },
    baseline,
    context: {
      bytes: result.context.bytes,
      files: result.context.files,
      size: humanSize(result.context.bytes),
      transferredSize: humanSize(result.context.transferredBytes),
      transferredFiles: result.context.transferredFiles,
      totalBytes: ctx.tree.totalSize,
      totalSize: humanSize(ctx.tree.totalSize),
      totalFiles: ctx.tree.fileCount,
      entries: entries.entries,
      more: entries.more,
    },
    wasted: {
      bytes: result.wasted.bytes,
      size: humanSize(result.wasted.bytes),
      efficiency: `${(result.efficiency * 100).toFixed(2)}%`,
      files: result.wasted.files.slice(0, 10).map((f) => ({ path: f.path, bytes: f.bytes, size: humanSize(f.bytes) })),
    },
    log: buildLogEvents(result, { dockerfile: text }),
    history: built ? historyRows(result) : [],
    stages,
    problems: result.problems.map((p) => ({
      code: p.code,
      message: p.message,
      explanation: p.explanation,
      line: p.line,
      when: p.when,
      severity: (p as { severity?: 'error' | 'warning' }).severity ?? 'error',
    })),
    unknowns: ((result as { unknowns?: Array<{ line: number | null; message: string }> }).unknowns ?? []).map((u) => ({ line: u.line, message: u.message })),
    notes: result.notes,
    steps: result.steps.map((s) => ({ label: s.label, cached: s.cached, size: humanSize(s.bytes) })),
    breakdown: built ? breakdownOf(file, result) : null,
  };
  return { view, cacheKeys: result.cacheKeys };
}

function breakdownOf(file: Dockerfile, result: BuildResult): BuildView['breakdown'] {
  const b = breakdown(file, result);
  return b ? breakdownView(b) : null;
}

/** The suggestions for the files as built: the same context (the editor's .dockerignore, where the lesson lets the learner edit it) and target. */
function suggestions(files: Record<string, string>, target: string | null): SuggestionsView {
  return suggestionsView(suggest(files.Dockerfile ?? '', context(files), target ? { target } : {}));
}

/** The terminal's shell: made on the first line typed, over the project with the editor's files laid on it. */
let shell: { session: ShellSession; workspace: MemoryWorkspace } | null = null;
/** Where the running shell line's output goes (its request id). */
let shellOutput: ((res: Response) => void) | null = null;

function shellFor(files: Record<string, string>): ShellSession {
  if (!shell) {
    const workspace = projectWorkspace(data!.project.name, data!.project.files, data!.project.manifest);
    for (const [path, text] of Object.entries(data!.start)) workspace.write(path, text);
    for (const [path, text] of Object.entries(data!.terminalFiles ?? {})) workspace.write(path, text);
    const session = createShell({
      workspace,
      cache,
      lesson: { goals: data!.goals, baseline: data!.baseline },
      onClear: () => shellOutput?.({ id: 0, type: 'shell-clear' }),
    });
    shell = { session, workspace };
  }
  // The editor's files as they are now; an editable file the learner emptied is still a file.
  for (const [path, text] of Object.entries(files)) shell.workspace.write(path, text);
  return shell.session;
}

async function runShell(req: Extract<Request, { type: 'shell' }>): Promise<Response> {
  const session = shellFor(req.files);
  if (typeof req.columns === 'number' && req.columns > 10) session.env.set('COLUMNS', String(Math.floor(req.columns)));
  shellOutput = (res) => scope.postMessage({ ...res, id: req.id });
  try {
    const status = await session.run(req.line, {
      out: (text) => scope.postMessage({ id: req.id, type: 'shell-output', stream: 'out', text } satisfies Response),
      err: (text) => scope.postMessage({ id: req.id, type: 'shell-output', stream: 'err', text } satisfies Response),
    });
    return { id: req.id, type: 'shell', status, prompt: session.prompt };
  } finally {
    shellOutput = null;
  }
}

const scope = self as unknown as DedicatedWorkerGlobalScope;
scope.onmessage = async (event: MessageEvent<Request>) => {
  const req = event.data;
  let res: Response;
  try {
    if (req.type === 'init') {
      data = req.data;
      testDelay = req.testDelay && typeof req.testDelay.ms === 'number' && req.testDelay.ms > 0 ? req.testDelay : null;
      contexts.clear();
      cache.clear();
      if (Array.isArray(req.cache)) rememberKeys(cache, req.cache.filter((k): k is string => typeof k === 'string'));
      baseline = undefined;
      shell = null;
      res = { id: req.id, type: 'ready' };
    } else if (!data) {
      res = { id: req.id, type: 'error', message: 'The exercise has not loaded yet.' };
    } else if (req.type === 'check') {
      delayForTest(req.files);
      res = { id: req.id, type: 'check', result: check(req.files) };
    } else if (req.type === 'shell') {
      delayForTest(req.files);
      res = await runShell(req);
    } else if (req.type === 'suggest') {
      res = { id: req.id, type: 'suggest', result: suggestions(req.files, req.target ?? null) };
    } else if (req.type === 'complete') {
      const { start, candidates } = shellFor(req.files).complete(req.line);
      res = { id: req.id, type: 'complete', start, candidates };
    } else {
      delayForTest(req.files);
      const built = build(req.files, req.target ?? null);
      res = { id: req.id, type: 'build', result: built.view, cacheKeys: built.cacheKeys };
    }
  } catch (e) {
    res = { id: req.id, type: 'error', message: `Stagecraft hit an internal error: ${(e as Error)?.message ?? String(e)}. Your work is safe; try again after an edit.` };
  }
  scope.postMessage(res);
};

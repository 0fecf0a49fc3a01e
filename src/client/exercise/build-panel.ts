/**
 * The build panel: the log streaming in step by step, then the image size,
 * this build against the previous one and the lesson's baseline (bars plus
 * the same figures in a table), docker history, the stage graph, wasted
 * space, the build context and what docker run would hit. A failed build
 * shows where and why it stopped, and nothing about an image it never made.
 */
import { humanSize } from '../../engine/index';
import type { BuildRecord } from '../store';
import type { AdvicePanel } from './advice-panel';
import type { SyncedStore } from '../store-sync';
import { $, announce, h } from './dom';
import type { ExerciseSession } from './session';
import type { BuildProblemView, BuildView, ContextEntryView } from './protocol';

/** The log streams for at most this long; whatever is left then appears at once. */
export const STREAM_BUDGET_MS = 1500;

/** Streams the log a step at a time, within STREAM_BUDGET_MS; resolves when it is all shown. */
export async function streamLog(target: HTMLElement, view: BuildView, signal: { cancelled: boolean }): Promise<void> {
  const pre = h('pre', { class: 'build-log', tabindex: 0, 'aria-label': 'Build log' });
  target.append(h('h4', {}, 'Build log'), pre);
  const reduced = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
  const events = view.log;
  const started = performance.now();
  // Pace so the whole log fits the budget: a short log streams step by step, a long one faster.
  const stepDelay = Math.min(60, STREAM_BUDGET_MS / Math.max(1, events.length));
  for (let i = 0; i < events.length; i++) {
    if (signal.cancelled) return;
    if (reduced || performance.now() - started > STREAM_BUDGET_MS) {
      pre.append(document.createTextNode(events.slice(i).map((e) => `${e.lines.join('\n')}\n`).join('')));
      pre.scrollTop = pre.scrollHeight;
      return;
    }
    const event = events[i]!;
    pre.append(document.createTextNode(`${event.lines.join('\n')}\n`));
    pre.scrollTop = pre.scrollHeight;
    const delay = event.kind === 'step' ? stepDelay : stepDelay / 4;
    if (delay >= 4) await new Promise((r) => window.setTimeout(r, delay));
    else if (i % 50 === 49) await new Promise((r) => window.setTimeout(r, 0));
  }
}

function bars(caption: string, rows: Array<{ label: string; bytes: number; note?: string }>): HTMLElement {
  const max = Math.max(1, ...rows.map((r) => r.bytes));
  return h(
    'div',
    { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': caption },
    h(
      'table',
      { class: 'size-table' },
      h('caption', {}, caption),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Build'), h('th', { scope: 'col', class: 'num' }, 'Size'), h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Relative size')), h('th', { scope: 'col' }, 'Note'))),
      h(
        'tbody',
        {},
        ...rows.map((r) => {
          const bar = h('div', { class: 'bar' });
          bar.style.width = `${Math.max(0.5, (r.bytes / max) * 100).toFixed(1)}%`;
          return h('tr', {}, h('th', { scope: 'row' }, r.label), h('td', { class: 'num' }, humanSize(r.bytes)), h('td', { class: 'bar-cell', 'aria-hidden': 'true' }, bar), h('td', {}, r.note ?? ''));
        }),
      ),
    ),
  );
}

function delta(now: number, before: number): string {
  if (before <= 0) return '';
  const diff = now - before;
  if (diff === 0) return 'same size';
  const ratio = diff < 0 ? `${(before / Math.max(1, now)).toFixed(1)}× smaller` : `${(now / before).toFixed(1)}× larger`;
  return `${diff < 0 ? '−' : '+'}${humanSize(Math.abs(diff))} (${ratio})`;
}

const targetText = (t: string | null | undefined) => (t ? ` (--target ${t})` : '');

/** "The build failed at line 4: …" with Docker's message and what it means. */
function failureBox(failure: NonNullable<BuildView['failure']>): HTMLElement {
  const [first, ...rest] = failure.message.split('\n');
  return h(
    'div',
    { class: 'build-problem notice', role: 'alert' },
    h('p', {}, h('strong', {}, failure.line ? `The build failed at line ${failure.line}:` : 'The build failed:'), ' ', h('code', { class: 'problem-message' }, first ?? '')),
    rest.length ? h('pre', {}, rest.join('\n')) : null,
    failure.explanation ? h('p', {}, failure.explanation) : null,
    h('p', { class: 'figure-note' }, 'A failed build makes no image: there is no size, history or layer table to show. The log above stops at the failing step.'),
  );
}

function runProblem(p: BuildProblemView): HTMLElement {
  if (p.severity === 'warning') {
    return h(
      'div',
      { class: 'build-warning notice' },
      h('p', {}, h('strong', {}, 'When the container runs'), p.line ? ` (line ${p.line})` : '', ': a warning, the container still starts.'),
      h('pre', {}, p.message),
      h('p', {}, p.explanation),
    );
  }
  return h('div', { class: 'build-problem notice', role: 'alert' }, h('p', {}, h('strong', {}, 'docker run would fail'), p.line ? ` (line ${p.line})` : '', ':'), h('pre', {}, p.message), h('p', {}, p.explanation));
}

/** "sent", "ignored by line 5: `node_modules`", "partly sent: …": the pattern as code, the rest as text. */
function decision(e: ContextEntryView): Array<string | HTMLElement> {
  const by = e.line !== null ? [`line ${e.line}: `, h('code', {}, e.pattern ?? '')] : [];
  if (e.status === 'sent') return by.length ? ['sent (', ...by, ')'] : ['sent'];
  if (e.status === 'ignored') return by.length ? ['ignored by ', ...by] : ['ignored'];
  return [`partly sent: ${e.sentSize} of ${e.size}`, ...(by.length ? ['; ', ...by, ' leaves out the rest'] : [])];
}

function contextSection(view: BuildView): HTMLElement[] {
  const c = view.context;
  const out: HTMLElement[] = [
    h('h4', {}, 'Build context'),
    h(
      'p',
      {},
      `Sent to the builder: ${c.size} in ${c.files.toLocaleString('en-US')} files, of ${c.totalSize} in ${c.totalFiles.toLocaleString('en-US')} files in the project folder. `,
      view.built ? `BuildKit transferred ${c.transferredSize}, the files the COPY lines name.` : '',
    ),
  ];
  if (c.entries.length) {
    const caption = 'The biggest entries of the project folder, and the .dockerignore line that decides each';
    out.push(
      h(
        'div',
        { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': caption },
        h(
          'table',
          { class: 'context-table' },
          h('caption', {}, caption),
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Entry'), h('th', { scope: 'col', class: 'num' }, 'Size'), h('th', { scope: 'col' }, 'In the context?'))),
          h(
            'tbody',
            {},
            ...c.entries.map((e) =>
              h('tr', { class: `context-${e.status}` }, h('th', { scope: 'row' }, h('code', {}, e.path)), h('td', { class: 'num' }, e.size), h('td', {}, ...decision(e))),
            ),
          ),
        ),
      ),
    );
    if (c.more) out.push(h('p', { class: 'figure-note' }, `${c.more} smaller ${c.more === 1 ? 'entry' : 'entries'} not listed. A folder counts everything below it.`));
  }
  return out;
}

/**
 * The results after the log: returns a one-sentence summary for screen readers.
 * `advice`: where the bytes are and what would shrink them, shown after the sizes.
 */
export function renderResults(target: HTMLElement, view: BuildView, previous: BuildRecord | null, advice: HTMLElement | null = null): string {
  const parts: Array<HTMLElement | null> = [];
  const image = view.built ? view.image : null;
  if (!image) {
    parts.push(failureBox(view.failure ?? { line: null, message: 'The build made no image.', explanation: '' }));
  } else {
    if (view.target) parts.push(h('p', { class: 'build-target' }, `Built with --target ${view.target}: the image is the ${view.targetStage.name} stage, and the stages after it were not built.`));
    parts.push(
      h(
        'dl',
        { class: 'build-figures' },
        h('div', {}, h('dt', {}, `Image size${targetText(view.target)}`), h('dd', {}, image.size, h('span', { class: 'figure-note' }, ' uncompressed, as docker images shows it'))),
        h('div', {}, h('dt', {}, 'To pull'), h('dd', {}, image.compressedSize, h('span', { class: 'figure-note' }, ' compressed'))),
        h('div', {}, h('dt', {}, 'Build context'), h('dd', {}, view.context.size, h('span', { class: 'figure-note' }, ` in ${view.context.files.toLocaleString('en-US')} files after .dockerignore; BuildKit transferred ${view.context.transferredSize}, the files COPY names`))),
        h('div', {}, h('dt', {}, 'Wasted space'), h('dd', {}, `${view.wasted.size} (efficiency ${view.wasted.efficiency})`)),
      ),
    );
    const rows = [{ label: `This build${targetText(view.target)}`, bytes: image.bytes, note: previous ? `${delta(image.bytes, previous.bytes)} against the previous build` : '' }];
    if (previous) rows.push({ label: `Previous build${targetText(previous.target)}`, bytes: previous.bytes, note: '' });
    if (view.baseline) {
      const d = delta(image.bytes, view.baseline.bytes);
      rows.push({ label: view.baseline.label, bytes: view.baseline.bytes, note: [view.baseline.note, d ? `this build: ${d}` : ''].filter(Boolean).join('; ') });
    }
    const caption = view.baseline ? `Image size: this build, the previous one and the ${view.baseline.label.toLowerCase()}` : 'Image size: this build and the previous one';
    parts.push(bars(caption, rows));
    for (const p of view.problems.filter((x) => x.when === 'run')) parts.push(runProblem(p));
    parts.push(advice);
    parts.push(stageGraph(view));
    if (view.history.length) {
      parts.push(
        h(
          'div',
          { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': 'docker history' },
          h(
            'table',
            { class: 'history-table' },
            h('caption', {}, 'docker history: one row per layer, newest first'),
            h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Created by'), h('th', { scope: 'col', class: 'num' }, 'Size'), h('th', { scope: 'col' }, 'From'))),
            h('tbody', {}, ...view.history.map((r) => h('tr', {}, h('td', {}, h('code', {}, r.createdBy)), h('td', { class: 'num' }, `${r.size}${r.estimated ? '*' : ''}`), h('td', {}, r.base ? 'base image' : 'this build')))),
          ),
        ),
      );
      if (view.history.some((r) => r.estimated)) parts.push(h('p', { class: 'figure-note' }, '* an estimate: registries publish only the compressed size of each base-image layer.'));
    }
    if (view.wasted.files.length) {
      parts.push(
        h('h4', {}, 'Where the wasted space is'),
        h('ul', { class: 'wasted-list' }, ...view.wasted.files.map((f) => h('li', {}, h('code', {}, f.path), ` — ${f.size}`))),
        h('p', { class: 'figure-note' }, 'Files a layer added and a later layer deleted or replaced: they still count towards the image.'),
      );
    }
  }
  parts.push(...contextSection(view));
  if (view.unknowns.length) {
    parts.push(
      h('h4', {}, 'What Stagecraft could not decide'),
      h('ul', { class: 'build-unknowns' }, ...view.unknowns.map((u) => h('li', {}, u.line ? `Line ${u.line}: ` : '', u.message))),
    );
  }
  if (view.notes.length) parts.push(h('ul', { class: 'build-notes' }, ...view.notes.map((n) => h('li', {}, n))));
  target.append(...(parts.filter(Boolean) as HTMLElement[]));
  if (!image) {
    const f = view.failure;
    return `The build failed${f?.line ? ` at line ${f.line}` : ''}: ${(f?.message ?? '').split('\n')[0]}`;
  }
  const runFail = view.problems.find((p) => p.when === 'run' && p.severity !== 'warning');
  const vsPrev = previous ? `, ${delta(image.bytes, previous.bytes)} against the previous build` : '';
  return `Build finished${targetText(view.target)}: the image is ${image.size}${vsPrev}.${runFail ? ` But docker run would fail: ${runFail.message}` : ''}`;
}

/** Stages as a list of cards with what each builds on and uses; skipped stages are marked. */
function stageGraph(view: BuildView): HTMLElement {
  const byIndex = new Map(view.stages.map((s) => [s.index, s]));
  return h(
    'div',
    { class: 'stage-graph' },
    h('h4', {}, 'Stages'),
    h(
      'ol',
      { class: 'stage-diagram', 'aria-label': 'Stages in build order' },
      ...view.stages.map((s) => {
        const uses = s.dependsOn.filter((d) => d !== s.fromStage);
        return h(
          'li',
          { class: `${s.final ? 'final' : ''} ${s.built ? '' : 'skipped'}`.trim() },
          h('div', { class: 'stage-name' }, s.name),
          h('div', {}, h('small', {}, `FROM ${s.base}`), s.fromStage !== null ? h('small', {}, ' (an earlier stage)') : null),
          uses.length ? h('div', {}, `uses ${uses.map((d) => byIndex.get(d)?.name ?? d).join(', ')}`) : null,
          h('div', {}, h('strong', {}, s.final ? (view.target ? 'the --target: becomes the image' : 'becomes the image') : s.built ? 'built' : 'skipped: the image does not need it')),
        );
      }),
    ),
  );
}

export interface BuildPanelOptions {
  section: HTMLElement;
  session: ExerciseSession;
  announcer: HTMLElement;
  store: SyncedStore;
  lessonId: string;
  /** The Build button: busy while a build runs. */
  button: HTMLElement;
  /** The `--target` chosen, or null for the last stage. */
  target: () => string | null;
  /** A build changed what is saved (the last build's size). */
  onSaved: () => void;
  /** A build finished and is on screen. */
  onFinished: () => void;
  /** Where the bytes are and the suggestions, for builds that make an image. */
  advice?: AdvicePanel;
}

/**
 * The build panel: runs a build of the session's files, streams its log, shows the
 * results; keeps the last good build on screen when a build does not finish (over its
 * time limit, a crash), marks it stale once the files change, clears it on Reset.
 */
export function mountBuildPanel({ section, session, announcer, store, lessonId, button, target, onSaved, onFinished, advice }: BuildPanelOptions) {
  const panel = $(section, '[data-build-panel]');
  const output = $(section, '[data-build-output]');
  let running: { cancelled: boolean } | null = null;
  /** The files the panel's build was made from. */
  let builtFrom: string | null = null;
  const staleNote = h('p', { class: 'build-stale notice' }, 'This build is of an earlier version of your files. Build again (Ctrl+Enter) to see the current one.');
  const clear = () => {
    if (running) running.cancelled = true;
    running = null;
    builtFrom = null;
    advice?.cancel();
    output.replaceChildren();
    panel.hidden = true;
  };
  const markStale = () => {
    advice?.refresh();
    if (builtFrom === null || panel.hidden) return;
    const stale = JSON.stringify(session.files()) !== builtFrom;
    if (stale && !staleNote.isConnected) output.prepend(staleNote);
    else if (!stale) staleNote.remove();
  };
  const build = async () => {
    // The last finished build, kept on screen should this one not finish (over the time limit, a crash).
    const lastGood = running || panel.hidden ? null : { nodes: [...output.childNodes].filter((n) => !(n instanceof HTMLElement && n.hasAttribute('data-build-error'))), from: builtFrom };
    if (running) running.cancelled = true;
    const signal = { cancelled: false };
    running = signal;
    panel.hidden = false;
    button.setAttribute('aria-busy', 'true');
    output.replaceChildren(h('p', { role: 'status' }, 'Building…'));
    announce(announcer, 'Building.');
    const files = session.files();
    const chosen = target();
    const res = await session.engine.send({ type: 'build', files, target: chosen });
    if (signal.cancelled) return;
    output.replaceChildren();
    builtFrom = JSON.stringify(files);
    if (res.type !== 'build') {
      const message = res.type === 'error' ? res.message : 'The build did not run.';
      output.append(h('p', { class: 'notice', role: 'alert', 'data-build-error': '' }, message));
      if (lastGood?.from && lastGood.nodes.length) {
        output.append(...lastGood.nodes);
        builtFrom = lastGood.from;
        markStale();
      }
      button.removeAttribute('aria-busy');
      running = null;
      return;
    }
    const view: BuildView = res.result;
    // Asked for now, so the suggestions are worked out while the log streams.
    const adviceBox = advice ? advice.start(view, files, chosen) : null;
    await streamLog(output, view, signal);
    if (signal.cancelled) return;
    const previous = store.lesson(lessonId).lastBuild;
    const summaryText = renderResults(output, view, previous, adviceBox);
    markStale();
    if (view.built && view.image) {
      const record: BuildRecord = { bytes: view.image.bytes, compressedBytes: view.image.compressedBytes, at: Date.now() };
      if (view.target) record.target = view.target;
      store.update(lessonId, (s) => {
        s.previousBuild = s.lastBuild;
        s.lastBuild = record;
      });
      onSaved();
    }
    button.removeAttribute('aria-busy');
    announce(announcer, advice ? advice.withBuildSummary(summaryText) : summaryText);
    running = null;
    session.emit('build', view);
    onFinished();
  };
  return { build, clear, markStale };
}

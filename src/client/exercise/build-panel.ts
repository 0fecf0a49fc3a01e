/**
 * The build panel: the log streaming in step by step, then the image size,
 * this build against the previous one and the lesson's single-stage baseline
 * (bars plus the same figures in a table), docker history, the stage graph,
 * wasted space, the build context and what docker run would hit.
 */
import { humanSize } from '../../engine/report/human-size';
import type { BuildRecord } from '../store';
import { h } from './dom';
import type { BuildView } from './protocol';

/** Streams the log, a step at a time; resolves when it is all shown. */
export async function streamLog(target: HTMLElement, view: BuildView, signal: { cancelled: boolean }): Promise<void> {
  const pre = h('pre', { class: 'build-log', tabindex: 0, 'aria-label': 'Build log' });
  target.append(h('h4', {}, 'Build log'), pre);
  const reduced = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
  for (const event of view.log) {
    if (signal.cancelled) return;
    pre.append(document.createTextNode(`${event.lines.join('\n')}\n`));
    pre.scrollTop = pre.scrollHeight;
    if (!reduced) await new Promise((r) => window.setTimeout(r, event.kind === 'step' ? 60 : 15));
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

/** The results after the log: returns a one-sentence summary for screen readers. */
export function renderResults(target: HTMLElement, view: BuildView, previous: BuildRecord | null): string {
  const parts: HTMLElement[] = [];
  const stop = view.problems.find((p) => p.when === 'build');
  if (stop) {
    parts.push(h('div', { class: 'build-problem notice', role: 'alert' }, h('p', {}, h('strong', {}, 'The build failed'), stop.line ? ` at line ${stop.line}` : '', '.'), h('pre', {}, stop.message), h('p', {}, stop.explanation)));
  } else {
    parts.push(
      h(
        'dl',
        { class: 'build-figures' },
        h('div', {}, h('dt', {}, 'Image size'), h('dd', {}, view.image.size, h('span', { class: 'figure-note' }, ' uncompressed, as docker images shows it'))),
        h('div', {}, h('dt', {}, 'To pull'), h('dd', {}, view.image.compressedSize, h('span', { class: 'figure-note' }, ' compressed'))),
        h('div', {}, h('dt', {}, 'Build context'), h('dd', {}, view.context.size, h('span', { class: 'figure-note' }, ` in ${view.context.files.toLocaleString('en-US')} files after .dockerignore; BuildKit transferred ${view.context.transferredSize}, the files COPY names`))),
        h('div', {}, h('dt', {}, 'Wasted space'), h('dd', {}, `${view.wasted.size} (efficiency ${view.wasted.efficiency})`)),
      ),
    );
    const rows = [{ label: 'This build', bytes: view.image.bytes, note: previous ? delta(view.image.bytes, previous.bytes) + ' against the previous build' : '' }];
    if (previous) rows.push({ label: 'Previous build', bytes: previous.bytes, note: '' });
    if (view.baseline) rows.push({ label: 'Single-stage baseline', bytes: view.baseline.bytes, note: delta(view.image.bytes, view.baseline.bytes) ? `this build: ${delta(view.image.bytes, view.baseline.bytes)}` : '' });
    parts.push(bars('Image size: this build, the previous one and the single-stage baseline', rows));
  }
  for (const p of view.problems.filter((x) => x.when === 'run')) {
    parts.push(h('div', { class: 'build-problem notice', role: 'alert' }, h('p', {}, h('strong', {}, 'docker run would fail'), p.line ? ` (line ${p.line})` : '', ':'), h('pre', {}, p.message), h('p', {}, p.explanation)));
  }
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
  if (view.notes.length) parts.push(h('ul', { class: 'build-notes' }, ...view.notes.map((n) => h('li', {}, n))));
  target.append(...parts);
  if (stop) return `The build failed: ${stop.message.split('\n')[0]}`;
  const runFail = view.problems.find((p) => p.when === 'run');
  const vsPrev = previous ? `, ${delta(view.image.bytes, previous.bytes)} against the previous build` : '';
  return `Build finished: the image is ${view.image.size}${vsPrev}.${runFail ? ` But docker run would fail: ${runFail.message}` : ''}`;
}

/** Stages as a list of cards with their COPY --from edges; skipped stages are marked. */
function stageGraph(view: BuildView): HTMLElement {
  const byIndex = new Map(view.stages.map((s) => [s.index, s]));
  return h(
    'div',
    { class: 'stage-graph' },
    h('h4', {}, 'Stages'),
    h(
      'ol',
      { class: 'stage-diagram', 'aria-label': 'Stages in build order' },
      ...view.stages.map((s) =>
        h(
          'li',
          { class: `${s.final ? 'final' : ''} ${s.built ? '' : 'skipped'}`.trim() },
          h('div', { class: 'stage-name' }, s.name),
          h('div', {}, h('small', {}, `FROM ${s.base}`)),
          s.dependsOn.length ? h('div', {}, `uses ${s.dependsOn.map((d) => byIndex.get(d)?.name ?? d).join(', ')}`) : null,
          h('div', {}, h('strong', {}, s.final ? 'becomes the image' : s.built ? 'built' : 'skipped: the image does not need it')),
        ),
      ),
    ),
  );
}

/**
 * Where the bytes are: a stacked bar by kind (drawn in CSS, with a legend in words,
 * in the bar's order) and a table with the same figures by Dockerfile line (a group of
 * rows per line: what, size, share), each line a button that shows it in the editor. Every figure is text; colour only repeats it.
 * Used by the exercise's build panel and the playground.
 */
import { humanSize } from '../../engine/index';
import { h } from '../exercise/dom';
import type { BreakdownView } from './types';

/**
 * One colour per kind. Each has at least 3:1 contrast against the page's light and
 * dark backgrounds (WCAG 1.4.11), and segments are kept apart by a gap, so no two
 * colours need to differ from each other: the legend's order and words say which is which.
 */
export const CATEGORY_COLOURS: Readonly<Record<string, string>> = {
  'base-os': '#6b7280',
  runtime: '#2563eb',
  'build-tools': '#b45309',
  'base-image': '#687384',
  'prod-deps': '#15803d',
  'dev-deps': '#b62ac6',
  cache: '#c2410c',
  source: '#0c7c99',
  vcs: '#8247f0',
  secrets: '#dc2626',
  'build-output': '#4d7c0f',
  other: '#8a817c',
  wasted: '#d61f4d',
};
const colourOf = (category: string) => CATEGORY_COLOURS[category] ?? '#6b7280';

export const ESTIMATE_NOTE = '~ an estimate: Stagecraft has no measured figure for that part (registries publish base-image layers only compressed; packages not in its catalog are guessed).';

export interface BreakdownOptions {
  /** Called with a 1-based Dockerfile line when the learner picks a row's line; without it lines are plain text. */
  onLine?: (line: number) => void;
  /** Level of the section's heading (default 3); null for none (the caller has one). */
  headingLevel?: 2 | 3 | 4 | 5 | null;
}

function swatch(category: string): HTMLElement {
  const s = h('span', { class: 'advise-swatch', 'aria-hidden': 'true' });
  s.style.background = colourOf(category);
  return s;
}

const est = (estimated: boolean, text: string) => (estimated ? `~${text}` : text);


/** Replaces the container's content with the breakdown. */
export function renderBreakdown(container: HTMLElement, view: BreakdownView, options: BreakdownOptions = {}): void {
  const level = options.headingLevel === undefined ? 3 : options.headingLevel;
  const parts: HTMLElement[] = [];
  if (level !== null) parts.push(h(`h${level}` as 'h3', {}, 'Where the bytes are'));
  parts.push(h('p', {}, `Every byte of the ${est(view.estimated, view.total.size)} image, by what it is and the Dockerfile line that put it there.`));

  // The bar: what the legend and the table below say, drawn. Hidden from screen readers, who get the words.
  const bar = h('div', { class: 'advise-bar', 'aria-hidden': 'true' });
  for (const c of view.categories) {
    const seg = h('span', { class: 'advise-seg' });
    seg.style.background = colourOf(c.category);
    seg.style.flexGrow = String(Math.max(c.share, 0));
    seg.style.flexBasis = '0';
    bar.append(seg);
  }
  parts.push(bar);
  parts.push(
    h(
      'ul',
      { class: 'advise-legend', 'aria-label': 'By kind, in the bar’s order (left to right)' },
      ...view.categories.map((c) => h('li', {}, swatch(c.category), h('span', { class: 'advise-legend-label' }, c.label), ' ', h('span', { class: 'advise-legend-figure' }, `${est(c.estimated, c.size)} (${c.shareText})`))),
    ),
  );

  // One group of rows per Dockerfile line (a layer), headed by the line and its instruction: three
  // columns fit a phone, and the instruction is not repeated on every row.
  const caption = `Where the ${view.total.size} are, by Dockerfile line`;
  const groups: Array<{ line: number | null; instruction: string; rows: BreakdownView['rows'] }> = [];
  for (const r of view.rows) {
    const last = groups[groups.length - 1];
    if (last && last.line === r.line && last.instruction === r.instruction) last.rows.push(r);
    else groups.push({ line: r.line, instruction: r.instruction, rows: [r] });
  }
  const lineLabel = (line: number | null) => {
    if (line === null) return h('span', { class: 'advise-line-label' }, 'No line');
    if (!options.onLine) return h('span', { class: 'advise-line-label' }, `Line ${line}`);
    const onLine = options.onLine;
    return h('button', { type: 'button', class: 'advise-line', 'aria-label': `Line ${line}: show it in the editor`, onclick: () => onLine(line) }, `Line ${line}`);
  };
  const groupTotal = (rows: BreakdownView['rows']) => {
    if (rows.length < 2) return null;
    const bytes = rows.reduce((n, r) => n + r.bytes, 0);
    return h('span', { class: 'advise-line-total' }, ` ${est(rows.some((r) => r.estimated), humanSize(bytes))} in all`);
  };
  parts.push(
    h(
      'div',
      { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': caption },
      h(
        'table',
        { class: 'advise-table' },
        h('caption', {}, caption),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'What'), h('th', { scope: 'col', class: 'num' }, 'Size'), h('th', { scope: 'col', class: 'num' }, 'Share'))),
        ...groups.map((g) =>
          h(
            'tbody',
            { 'data-line': g.line ?? '' },
            h('tr', { class: 'advise-line-row' }, h('th', { scope: 'rowgroup', colspan: 3 }, lineLabel(g.line), ' ', h('code', {}, g.instruction), groupTotal(g.rows))),
            ...g.rows.map((r) =>
              h(
                'tr',
                { 'data-category': r.category },
                h('th', { scope: 'row' }, swatch(r.category), r.what),
                h('td', { class: 'num' }, est(r.estimated, r.size)),
                h('td', { class: 'num' }, r.shareText),
              ),
            ),
          ),
        ),
      ),
    ),
  );
  if (view.estimated) parts.push(h('p', { class: 'figure-note' }, ESTIMATE_NOTE));
  container.replaceChildren(...parts);
  container.classList.add('advise-breakdown');
}

/**
 * What would make it smaller: the engine's suggestions, biggest saving first, each
 * with its simulated figures, why, the lesson that teaches it, the edit as a diff,
 * the variants that also work, and Apply. Cache-only advice is listed apart with the
 * steps it keeps CACHED. When there is nothing, the report's reason in words. A
 * polite live region says when the list changes. Used by the exercise's build panel
 * and the playground.
 */
import { h } from '../exercise/dom';
import type { SuggestionsView, SuggestionView } from './types';

export interface SuggestionsOptions {
  /** Apply was pressed (and `canApply` allowed it). Without it there are no Apply buttons. */
  onApply?: (s: SuggestionView) => void;
  /** The page of a lesson, by id. */
  lessonHref: (id: string) => string;
  /** Whether a suggestion can be applied here: null if it can, else a sentence saying why not. */
  canApply?: (s: SuggestionView) => string | null;
  /** The lesson's title, for the link's text (else its id in words). */
  lessonTitle?: (id: string) => string | null;
  /** Level of the heading (default 3); each suggestion's title is one level below. */
  headingLevel?: 2 | 3 | 4 | 5;
  /** Says a message politely; by default the container's own live region. Called only when what it would say changes. */
  announce?: (message: string) => void;
}

/** One sentence for a screen reader: how many, and the biggest saving; or why there are none. */
export function suggestionsSummary(view: SuggestionsView): string {
  const n = view.suggestions.length;
  const cache = view.cache.length ? ` ${view.cache.length === 1 ? 'One change' : `${view.cache.length} changes`} would keep more of the build cached.` : '';
  if (n === 0) return `${noneMessage(view)}${cache}`;
  const top = view.suggestions[0]!;
  return `${n === 1 ? 'One change' : `${n} changes`} would make the image smaller; the biggest, “${top.title}”, saves ${top.savesText} (${top.before.size} → ${top.after.size}).${cache}`;
}

function noneMessage(view: SuggestionsView): string {
  if (view.message) return view.message;
  switch (view.verdict) {
    case 'ok':
      return 'Nothing Stagecraft knows would make this image noticeably smaller.';
    case 'no-stages':
      return 'There is no FROM line yet, so there is no image to make smaller.';
    case 'build-fails':
      return 'The build fails, so there is no image to make smaller: fix that first.';
    case 'wont-start':
      return 'The image builds but its container would not start: fix that first.';
    default:
      return 'Stagecraft cannot tell whether this image builds and starts, so it cannot prove any saving.';
  }
}

const words = (id: string) => id.replace(/-/g, ' ');

/** The diff as text, one line per element so added and removed lines can be shaded; the +/− at the start says it without colour. */
function diffBlock(s: SuggestionView): HTMLElement {
  const pre = h('pre', { class: 'advise-diff', tabindex: 0, role: 'region', 'aria-label': `The edit, as a diff: ${s.title}` });
  const lines = s.diff.replace(/\n$/, '').split('\n');
  for (const line of lines) {
    const kind = line.startsWith('+++') || line.startsWith('---') ? 'file' : line.startsWith('+') ? 'add' : line.startsWith('-') ? 'del' : line.startsWith('@@') ? 'hunk' : 'same';
    pre.append(h('span', { class: `advise-diff-line advise-diff-${kind}` }, line), '\n');
  }
  return pre;
}

let ids = 0;

/** Replaces the container's content with the suggestions (its live region is kept, so updates are announced). */
export function renderSuggestions(container: HTMLElement, view: SuggestionsView, options: SuggestionsOptions): void {
  const level = options.headingLevel ?? 3;
  const hN = `h${level}` as 'h3';
  const hItem = `h${Math.min(6, level + 1)}` as 'h4';
  // Keep keyboard focus on the same control across a re-render.
  const active = document.activeElement instanceof HTMLElement && container.contains(document.activeElement) ? document.activeElement.dataset.adviseKey ?? null : null;
  const prefix = `advise-${++ids}`;

  const applyControls = (s: SuggestionView, n: number): HTMLElement[] => {
    if (!options.onApply) return [];
    const reason = options.canApply?.(s) ?? null;
    const button = h('button', { type: 'button', class: 'button advise-apply', 'aria-label': `Apply: ${s.title}`, 'data-advise-key': `apply:${s.id}` }, 'Apply');
    if (reason !== null) {
      const why = h('p', { class: 'figure-note advise-cannot', id: `${prefix}-cannot-${n}`, tabindex: -1 }, reason);
      button.setAttribute('aria-disabled', 'true');
      button.setAttribute('aria-describedby', why.id);
      // Pressed anyway: the reason, where a screen reader reads it.
      button.addEventListener('click', () => why.focus());
      return [h('div', { class: 'advise-actions' }, button, why)];
    }
    button.addEventListener('click', () => {
      // The page may have changed since this list was drawn: ask again.
      const now = options.canApply?.(s) ?? null;
      if (now !== null) {
        renderSuggestions(container, view, options);
        return;
      }
      options.onApply!(s);
    });
    return [h('div', { class: 'advise-actions' }, button)];
  };

  const lessonLink = (s: SuggestionView) => {
    const title = options.lessonTitle?.(s.lesson) ?? words(s.lesson);
    return h('p', { class: 'advise-lesson' }, 'Taught in the lesson ', h('a', { href: options.lessonHref(s.lesson), 'data-advise-key': `lesson:${s.id}` }, title), '.');
  };

  const parts: HTMLElement[] = [h(hN, {}, 'What would make it smaller')];
  if (view.suggestions.length) {
    parts.push(
      h(
        'p',
        { class: 'figure-note' },
        `Biggest saving first. Each figure is a simulated build of the edited file${view.image ? `, against this image’s ${view.image.size}` : ''}: after Apply and a new build, the image is the size shown.`,
      ),
      h('p', { class: 'figure-note advise-diff-legend' }, 'In each edit, lines starting with + are added and lines starting with - are removed.'),
    );
    parts.push(
      h(
        'ol',
        { class: 'advise-list' },
        ...view.suggestions.map((s, i) => {
          const titleId = `${prefix}-s-${i}`;
          return h(
            'li',
            { class: 'advise-item', 'aria-labelledby': titleId, 'data-suggestion': s.id },
            h(hItem, { id: titleId, class: 'advise-title' }, s.title),
            h(
              'p',
              { class: 'advise-saves' },
              h('strong', {}, `saves ${s.estimated ? '~' : ''}${s.savesText}`),
              ` (${s.before.size} → ${s.after.size})`,
              s.estimated ? h('span', { class: 'figure-note' }, ' ~ the figures include estimates') : null,
            ),
            h('p', {}, s.why),
            lessonLink(s),
            s.alternatives.length
              ? h('p', { class: 'advise-alternatives' }, 'Also builds and starts: ', s.alternatives.map((a) => `${a.title} (saves ${a.savesText})`).join('; '), '.')
              : null,
            diffBlock(s),
            ...applyControls(s, i),
          );
        }),
      ),
    );
  } else {
    parts.push(h('p', { class: 'advise-none' }, noneMessage(view)));
  }

  if (view.cache.length) {
    parts.push(
      h(hN, {}, 'For the build cache (the size stays the same)'),
      h('p', { class: 'figure-note' }, 'These do not make the image smaller; they let a rebuild after an edit reuse more steps.'),
      h(
        'ul',
        { class: 'advise-list advise-cache' },
        ...view.cache.map((s, i) => {
          const titleId = `${prefix}-c-${i}`;
          const steps = (list: string[]) => (list.length ? list.join('; ') : 'no RUN step');
          return h(
            'li',
            { class: 'advise-item', 'aria-labelledby': titleId, 'data-suggestion': s.id },
            h(hItem, { id: titleId, class: 'advise-title' }, s.title),
            h('p', {}, s.why),
            s.cache
              ? h(
                  'ul',
                  { class: 'advise-cached' },
                  h('li', {}, `After a change to `, h('code', {}, s.cache.changed), `, CACHED now: ${steps(s.cache.cachedBefore)}.`),
                  h('li', {}, `With this edit, CACHED: ${steps(s.cache.cachedAfter)}.`),
                )
              : null,
            lessonLink(s),
            diffBlock(s),
            ...applyControls(s, view.suggestions.length + i),
          );
        }),
      ),
    );
  }

  let live = container.querySelector<HTMLElement>(':scope > [data-advise-live]');
  if (!live) live = h('div', { class: 'visually-hidden', 'aria-live': 'polite', 'data-advise-live': '' });
  container.replaceChildren(...parts, live);
  container.classList.add('advise-suggestions');

  if (active) container.querySelector<HTMLElement>(`[data-advise-key="${CSS.escape(active)}"]`)?.focus();

  const message = suggestionsSummary(view);
  if (container.dataset.adviseSaid === message) return;
  container.dataset.adviseSaid = message;
  if (options.announce) {
    options.announce(message);
    return;
  }
  const region = live;
  region.textContent = '';
  window.setTimeout(() => {
    if (region.isConnected) region.textContent = message;
  }, 50);
}

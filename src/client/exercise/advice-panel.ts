/**
 * "Where the bytes are" and "What would make it smaller" in the build panel. The
 * breakdown comes with the build; the suggestions are asked for once the build has
 * answered (they simulate a dozen edited files), while its log streams, and an answer
 * for an older build is dropped. Apply puts a suggestion's edit in the editor as one
 * undoable edit, like typing (saved, checked, the build marked stale); the applied
 * suggestion leaves the list at once, and the next build lists and ranks the rest anew.
 */
import { renderBreakdown } from '../advise/breakdown-view';
import { renderSuggestions } from '../advise/suggestions-view';
import { h } from './dom';
import type { BuildView, SuggestionsView, SuggestionView } from './protocol';
import type { ExerciseSession } from './session';

export interface AdviceEditor {
  getValue(name: string): string;
  applyText(name: string, text: string): number | null;
  revealLine(name: string, line: number): void;
}

export interface AdvicePanelOptions {
  session: ExerciseSession;
  editor: AdviceEditor;
  /** Shows an editable file (its tab) before the cursor moves into it. */
  showFile: (name: string) => void;
  /** The page's polite announcer. */
  announce: (message: string) => void;
}

const sameText = (a: string, b: string) => a.replace(/\r\n/g, '\n') === b.replace(/\r\n/g, '\n');
const lessonHref = (id: string) => `/lessons/${id}/`;
/** Titles a page without the course navigation (the playground) lists as JSON: `{"stages": "Stages: FROM … AS"}`. */
let listedTitles: Record<string, string> | null = null;
function titlesListed(): Record<string, string> {
  if (listedTitles) return listedTitles;
  try {
    const parsed: unknown = JSON.parse(document.querySelector('script[data-lesson-titles]')?.textContent ?? '{}');
    listedTitles = parsed && typeof parsed === 'object' ? (parsed as Record<string, string>) : {};
  } catch {
    listedTitles = {};
  }
  return listedTitles;
}
/** The lesson's title as the course navigation on the page has it, or as the page lists it. */
const lessonTitle = (id: string) =>
  document.querySelector(`.course-nav a[href="${CSS.escape(lessonHref(id))}"] span`)?.textContent?.trim() || (typeof titlesListed()[id] === 'string' ? titlesListed()[id]! : null);

export interface AdvicePanel {
  /** For a build that made an image: the section to show with its results (suggestions fill in when they come). */
  start(view: BuildView, files: Record<string, string>, target: string | null): HTMLElement | null;
  /** The build's own announcement, with what the suggestions say when they are already in. */
  withBuildSummary(summary: string): string;
  /** The files changed: Apply is offered only where the edit still fits them. */
  refresh(): void;
  /** Reset, or a build that made no image: drops what is shown and any answer on its way. */
  cancel(): void;
}

/** The advice of the build on screen. */
interface Shown {
  list: HTMLElement;
  view: SuggestionsView | null;
  /** The build's announcement has been made: later news is announced on its own. */
  buildSaid: boolean;
  /** What the suggestions would say, kept until the build's announcement takes it. */
  pending: string | null;
  /** The key of what is drawn (which are applied, which can be applied), to redraw only on change. */
  drawn: string;
}

export function mountAdvicePanel({ session, editor, showFile, announce }: AdvicePanelOptions): AdvicePanel {
  let seq = 0;
  let current: Shown | null = null;
  const editable = new Set(session.data.editable);

  const isApplied = (s: SuggestionView) => s.edits.length > 0 && s.edits.every((e) => editable.has(e.path) && sameText(editor.getValue(e.path), e.after));

  const canApply = (s: SuggestionView): string | null => {
    for (const e of s.edits) {
      if (!editable.has(e.path)) {
        return e.path === '.dockerignore'
          ? 'This lesson’s .dockerignore is fixed: only the Dockerfile is yours to edit here. Try this one in the playground (/playground/), where the .dockerignore is yours too.'
          : `This lesson does not let you edit ${e.path}.`;
      }
    }
    for (const e of s.edits) {
      if (!sameText(editor.getValue(e.path), e.before)) return 'Your files have changed since this build: build again (Ctrl+Enter) for suggestions that fit them.';
    }
    return null;
  };

  const apply = (s: SuggestionView) => {
    let first: { path: string; line: number } | null = null;
    for (const e of s.edits) {
      const line = editor.applyText(e.path, e.after);
      if (line !== null && !first) first = { path: e.path, line };
    }
    draw();
    if (first) {
      showFile(first.path);
      editor.revealLine(first.path, first.line);
    }
    announce(`Applied “${s.title}”: the edit is in the editor, and Ctrl+Z undoes it. Build again (Ctrl+Enter) to see the image ${s.savesText} smaller and what else would help.`);
  };

  function draw(): void {
    const c = current;
    if (!c?.view) return;
    const all = [...c.view.suggestions, ...c.view.cache];
    const applied = all.filter(isApplied);
    const key = JSON.stringify([applied.map((s) => s.id), all.map((s) => canApply(s))]);
    if (key === c.drawn) return;
    c.drawn = key;
    const left = (list: SuggestionView[]) => list.filter((s) => !applied.includes(s));
    const shown: SuggestionsView = { ...c.view, suggestions: left(c.view.suggestions), cache: left(c.view.cache) };
    if (applied.length && shown.suggestions.length === 0) shown.message = 'Build again (Ctrl+Enter) to see what else would help.';
    const first = c.list.querySelector('[data-advise-pending]') !== null;
    renderSuggestions(c.list, shown, {
      onApply: apply,
      canApply,
      lessonHref,
      lessonTitle,
      headingLevel: 4,
      // The list arriving is news; a redraw after Apply or typing is not (Apply says so itself).
      announce: (message) => {
        if (!first) return;
        if (c.buildSaid) announce(message);
        else c.pending = message;
      },
    });
    // Under the heading: what was applied, until the next build (or Ctrl+Z) takes it away.
    c.list.firstElementChild?.after(
      ...applied.map((s) =>
        h(
          'p',
          { class: 'notice advise-applied', 'data-advise-applied': s.id },
          h('strong', {}, 'Applied: '),
          s.title,
          `. Ctrl+Z in the editor undoes it. Build again (Ctrl+Enter): the image should be ${s.after.size}, and the list is worked out anew.`,
        ),
      ),
    );
  }

  return {
    start(view, files, target) {
      const mine = ++seq;
      current = null;
      if (!view.built || !view.breakdown) return null;
      const breakdownBox = h('div', { class: 'advise-breakdown' });
      renderBreakdown(breakdownBox, view.breakdown, {
        headingLevel: 4,
        onLine: (line) => {
          showFile('Dockerfile');
          editor.revealLine('Dockerfile', line);
        },
      });
      const list = h(
        'div',
        { class: 'advise-suggestions' },
        h('h4', {}, 'What would make it smaller'),
        h('p', { role: 'status', 'data-advise-pending': '' }, 'Working out what would make it smaller: Stagecraft builds each edit it can think of…'),
      );
      const c: Shown = { list, view: null, buildSaid: false, pending: null, drawn: '' };
      current = c;
      void session.engine.send({ type: 'suggest', files, target }).then((res) => {
        if (current !== c || seq !== mine || res.type === 'superseded') return;
        if (res.type === 'suggest') {
          c.view = res.result;
          draw();
          return;
        }
        const message = res.type === 'error' ? res.message : 'Stagecraft could not work out what would make it smaller.';
        list.replaceChildren(h('h4', {}, 'What would make it smaller'), h('p', { class: 'notice', 'data-advise-error': '' }, message));
        if (c.buildSaid) announce(message);
        else c.pending = message;
      });
      return h('div', { class: 'advise' }, breakdownBox, list);
    },
    withBuildSummary(summary) {
      const c = current;
      if (!c) return summary;
      c.buildSaid = true;
      const extra = c.pending;
      c.pending = null;
      return extra ? `${summary} ${extra}` : summary;
    },
    refresh: () => draw(),
    cancel() {
      seq++;
      current = null;
    },
  };
}

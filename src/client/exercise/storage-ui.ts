/**
 * What the exercise shows about saved work: storage notices (in the section's
 * polite live region) and, when the lesson changed in this tab and in another,
 * both versions side by side with a line diff and a choice of which to keep.
 * Learner text is only ever set as text.
 */
import { lineDiff } from '../../engine/index';
import { noticeText } from '../notices';
import type { Notice } from '../store';
import type { Conflict } from '../store-sync';
import { h } from './dom';

const SAVED_AGAIN = 'Your work is saved again.';

/** Storage notices by origin (loading, saving, other tabs); re-rendered only when the words change. */
export class StorageNotices {
  private groups = new Map<'load' | 'save' | 'external', string[]>();
  private shown = '';

  constructor(private readonly box: HTMLElement) {}

  show(group: 'load' | 'save' | 'external', notices: Notice[]): void {
    let texts = [...new Set(notices.filter((n) => n.kind !== 'conflict-pending').map(noticeText))];
    const before = this.groups.get(group) ?? [];
    // A save that works after one that did not: say so, rather than leave "not saved" up.
    if (group === 'save' && texts.length === 0 && before.length > 0) texts = [SAVED_AGAIN];
    this.groups.set(group, texts);
    const all = [...(this.groups.get('load') ?? []), ...(this.groups.get('external') ?? []), ...(this.groups.get('save') ?? [])];
    const text = all.join('\n');
    if (text === this.shown) return;
    this.shown = text;
    this.box.replaceChildren(...all.map((t) => h('p', {}, t)));
    this.box.hidden = all.length === 0;
  }
}

/** Longest text shown in each column; the diff and the choice still cover all of it. */
const SHOW_CHARS = 20_000;
const clip = (text: string) => (text.length > SHOW_CHARS ? `${text.slice(0, SHOW_CHARS)}\n… (${(text.length - SHOW_CHARS).toLocaleString('en-US')} more characters)` : text);

export interface ConflictOptions {
  /** The file's start text (a side that has not stored the file shows it). */
  startText(name: string): string;
  /** This tab's current text of the file. */
  current(name: string): string;
  onChoose(choice: 'mine' | 'theirs'): void;
}

/** The question "which version do you keep?", above the goals. */
export class ConflictPanel {
  readonly box = h('section', { class: 'storage-conflict notice', 'aria-labelledby': 'storage-conflict-heading', 'data-storage-conflict': '', hidden: true });

  constructor(anchor: HTMLElement, private readonly opts: ConflictOptions) {
    anchor.after(this.box);
  }

  get open(): boolean {
    return !this.box.hidden;
  }

  show(conflict: Conflict | null): void {
    if (!conflict) {
      this.box.hidden = true;
      this.box.replaceChildren();
      return;
    }
    const hadFocus = this.box.contains(document.activeElement) ? (document.activeElement as HTMLElement).dataset.choice : undefined;
    const names = conflict.files.map((f) => f.name);
    const keep = h('button', { type: 'button', class: 'button', 'data-choice': 'mine' }, 'Keep this tab’s version');
    const take = h('button', { type: 'button', class: 'button', 'data-choice': 'theirs' }, 'Use the other tab’s version');
    keep.addEventListener('click', () => this.opts.onChoose('mine'));
    take.addEventListener('click', () => this.opts.onChoose('theirs'));
    this.box.replaceChildren(
      h('h3', { id: 'storage-conflict-heading', tabindex: -1 }, 'This lesson was also changed in another tab'),
      h(
        'p',
        {},
        `This tab and another one both changed ${names.join(' and ')}. Choose which version to keep; until you do, this tab’s changes to the lesson are not saved, and the other tab’s stay as they are.`,
      ),
      ...conflict.files.map((f, i) => this.file(f, i)),
      h('p', { class: 'conflict-actions' }, keep, ' ', take),
    );
    this.box.hidden = false;
    if (hadFocus) this.box.querySelector<HTMLElement>(`[data-choice="${hadFocus}"]`)?.focus();
  }

  private file(f: Conflict['files'][number], i: number): HTMLElement {
    const mine = this.opts.current(f.name);
    const theirs = f.theirs ?? this.opts.startText(f.name);
    const id = `storage-conflict-${i}`;
    const column = (label: string, text: string, note: string) =>
      h(
        'div',
        { class: 'conflict-version' },
        h('p', { class: 'conflict-label', id: `${id}-${label === 'This tab' ? 'mine' : 'theirs'}` }, h('strong', {}, label), note),
        h('pre', { tabindex: 0, 'aria-labelledby': `${id}-${label === 'This tab' ? 'mine' : 'theirs'}` }, clip(text)),
      );
    const lines = lineDiff(mine, theirs);
    const rows: HTMLElement[] = [];
    for (let k = 0; k < lines.length; k++) {
      const line = lines[k]!;
      if (line.kind === 'same') {
        // A long unchanged run folds to one row, keeping two lines of context next to each change.
        let end = k;
        while (end + 1 < lines.length && lines[end + 1]!.kind === 'same') end++;
        const head = k > 0 ? 2 : 0;
        const tail = end < lines.length - 1 ? 2 : 0;
        const folded = end - k + 1 - head - tail;
        if (folded > 2) {
          for (let x = k; x < k + head; x++) rows.push(diffRow(lines[x]!));
          rows.push(h('li', { class: 'diff-fold' }, `… ${folded.toLocaleString('en-US')} unchanged lines …`));
          for (let x = end - tail + 1; x <= end; x++) rows.push(diffRow(lines[x]!));
          k = end;
          continue;
        }
      }
      rows.push(diffRow(line));
      if (rows.length > 2000) {
        rows.push(h('li', { class: 'diff-fold' }, '… (the rest of the differences are not listed)'));
        break;
      }
    }
    return h(
      'div',
      { class: 'conflict-file' },
      h('h4', {}, f.name),
      h(
        'div',
        { class: 'conflict-versions' },
        column('This tab', mine, f.mine === null ? ' (the start file)' : ''),
        column('The other tab', theirs, f.theirs === null ? ' (the start file)' : ''),
      ),
      h('p', { class: 'conflict-label', id: `${id}-diff` }, 'What differs, line by line: ', h('span', { class: 'diff-del' }, '−'), ' only in this tab, ', h('span', { class: 'diff-add' }, '+'), ' only in the other tab.'),
      h('ol', { class: 'conflict-diff', 'aria-labelledby': `${id}-diff`, tabindex: 0 }, ...rows),
    );
  }
}

function diffRow(line: { kind: 'same' | 'mine' | 'theirs'; text: string }): HTMLElement {
  const sign = line.kind === 'mine' ? '−' : line.kind === 'theirs' ? '+' : ' ';
  const words = line.kind === 'mine' ? 'only in this tab: ' : line.kind === 'theirs' ? 'only in the other tab: ' : '';
  return h(
    'li',
    { class: `diff-line ${line.kind}` },
    h('span', { class: line.kind === 'mine' ? 'diff-del' : line.kind === 'theirs' ? 'diff-add' : 'diff-same', 'aria-hidden': 'true' }, sign),
    words ? h('span', { class: 'visually-hidden' }, words) : null,
    line.text.length > 500 ? `${line.text.slice(0, 500)}…` : line.text,
  );
}

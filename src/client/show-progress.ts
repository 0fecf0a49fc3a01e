import { noticeText } from './notices';
import { browserStorage, Store } from './store';

/** Ticks finished lessons in any list with `[data-progress-tick]` slots (and clears the others). */
export function renderTicks(root: ParentNode, done: Set<string>): void {
  let count = 0;
  for (const el of root.querySelectorAll<HTMLElement>('[data-progress-tick]')) {
    const complete = done.has(el.dataset.progressTick ?? '');
    if (complete) count++;
    el.textContent = complete ? '✓' : '';
    el.title = complete ? 'Completed' : '';
    // The tick is visual; screen readers get the word.
    el.setAttribute('aria-hidden', 'true');
    const label = el.parentElement?.querySelector<HTMLElement>('[data-progress-label]');
    if (label) label.textContent = complete ? '(completed)' : '';
  }
  const summary = root.querySelector<HTMLElement>('[data-progress-summary]');
  if (summary) {
    const total = Number(summary.dataset.progressSummary);
    summary.textContent = count > 0 ? `You have completed ${count} of ${total} lessons.` : '';
  }
}

/** Marks finished lessons, and shows storage notices (as text). */
export function showProgress<S extends Store>(root: ParentNode = document, store: S = new Store(browserStorage()) as S): S {
  const notices = store.load().filter((n) => n.kind !== 'unavailable');
  renderTicks(root, store.completed());
  const box = root.querySelector<HTMLElement>('[data-storage-notice]');
  if (box && notices.length) {
    box.replaceChildren(...notices.map((n) => Object.assign(document.createElement('p'), { textContent: noticeText(n) })));
    box.hidden = false;
  }
  return store;
}

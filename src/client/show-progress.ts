import { noticeText } from './notices';
import { browserStorage, Store } from './store';

/** Marks finished lessons in any list with `[data-progress-tick]` slots, and shows storage notices. */
export function showProgress(root: ParentNode = document, store = new Store(browserStorage())): void {
  const notice = store.load();
  const done = store.completed();
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
  const box = root.querySelector<HTMLElement>('[data-storage-notice]');
  if (box && notice && notice.kind !== 'unavailable') {
    box.textContent = noticeText(notice);
    box.hidden = false;
  }
}

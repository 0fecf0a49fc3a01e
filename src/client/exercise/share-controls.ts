/** A share link as the learner gets it: the URL in a read-only field, and a Copy button that falls back to Ctrl+C. */
import { h } from './dom';

export function shareControls(url: string): { field: HTMLInputElement; copy: HTMLButtonElement } {
  const field = h('input', { type: 'text', readonly: true, value: url, 'aria-label': 'Share link', class: 'share-url', 'data-share-url': '' }) as HTMLInputElement;
  const copy = h('button', { type: 'button', class: 'button small' }, 'Copy') as HTMLButtonElement;
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(url);
      copy.textContent = 'Copied';
    } catch {
      field.select();
      copy.textContent = 'Press Ctrl+C to copy';
    }
  });
  return { field, copy };
}

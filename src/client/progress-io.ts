/** Export and import of all saved progress as a JSON file (home page). */
import { noticeText } from './notices';
import { browserStorage, Store } from './store';

export function wireProgressFile(root: ParentNode = document): void {
  const box = root.querySelector<HTMLElement>('[data-progress-io]');
  if (!box) return;
  const status = box.querySelector<HTMLElement>('[data-progress-io-status]')!;
  const exportButton = box.querySelector<HTMLButtonElement>('[data-export]')!;
  const input = box.querySelector<HTMLInputElement>('[data-import]')!;
  box.hidden = false;

  exportButton.addEventListener('click', () => {
    const store = new Store(browserStorage());
    store.load();
    const blob = new Blob([store.exportText()], { type: 'application/json' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `stagecraft-progress-${new Date().toISOString().slice(0, 10)}.json`;
    document.body.append(a);
    a.click();
    a.remove();
    window.setTimeout(() => URL.revokeObjectURL(a.href), 1000);
    status.textContent = 'Your progress was saved as a file.';
  });

  input.addEventListener('change', async () => {
    const file = input.files?.[0];
    if (!file) return;
    const store = new Store(browserStorage());
    store.load();
    const result = store.importText(await file.text());
    if (!result.ok) {
      status.textContent = `${result.error} Nothing was changed.`;
    } else {
      const notice = store.save();
      status.textContent = notice
        ? noticeText(notice)
        : `Imported progress for ${result.lessons} lesson${result.lessons === 1 ? '' : 's'}. Reload the page to see the ticks.`;
    }
    input.value = '';
  });
}

/**
 * Export and import of all saved progress as a JSON file (home page). An
 * import is validated, then shown as what it would change (lessons added,
 * replaced, removed) and written only once the learner confirms. Tabs already
 * open follow it through their storage events.
 */
import { changesAnything, planImport, planKey, type ImportPlan } from './import-plan';
import { noticeText } from './notices';
import { renderTicks } from './show-progress';
import { browserStorage, LIMITS } from './store';
import { SyncedStore } from './store-sync';

const el = <K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: Array<Node | string>) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  node.append(...children);
  return node;
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** A lesson's title as the page lists it, else its id. */
function titleOf(root: ParentNode, id: string): string {
  const tick = root.querySelector(`[data-progress-tick="${CSS.escape(id)}"]`);
  return tick?.closest('h3')?.querySelector('a')?.textContent?.trim() || id;
}

export function wireProgressFile(root: ParentNode = document): void {
  const box = root.querySelector<HTMLElement>('[data-progress-io]');
  if (!box) return;
  const status = box.querySelector<HTMLElement>('[data-progress-io-status]')!;
  const exportButton = box.querySelector<HTMLButtonElement>('[data-export]')!;
  const input = box.querySelector<HTMLInputElement>('[data-import]')!;
  const preview = el('div', { class: 'import-preview notice', 'data-import-preview': '', role: 'group', 'aria-labelledby': 'import-preview-heading' });
  preview.hidden = true;
  status.before(preview);
  box.hidden = false;

  exportButton.addEventListener('click', () => {
    const store = new SyncedStore(browserStorage());
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

  const close = () => {
    preview.hidden = true;
    preview.replaceChildren();
  };

  const list = (label: string, ids: string[]) =>
    ids.length ? el('li', {}, el('strong', {}, `${label} (${ids.length}): `), ids.map((id) => titleOf(root, id)).join(', ')) : null;

  const show = (plan: ImportPlan, text: string, note: string | null) => {
    const heading = el('h3', { id: 'import-preview-heading', tabindex: '-1' }, 'What this file would change');
    const items = [
      list('Added, not saved in this browser yet', plan.added),
      list('Replaced: your saved work here is replaced by the file’s', plan.replaced),
      list('Removed: saved here but not in the file', plan.removed),
      list('Unchanged', plan.unchanged),
      plan.settingsChanged ? el('li', {}, el('strong', {}, 'Settings: '), `editor text size ${plan.state.settings.fontSize}px`) : null,
    ].filter((x): x is HTMLLIElement => x !== null);
    const lessons = Object.keys(plan.state.lessons).length;
    const intro = `The file holds progress for ${plural(lessons, 'lesson')}${plan.exportedAt ? ` (exported ${new Date(plan.exportedAt).toLocaleString('en-GB')})` : ''}.`;
    const children: Array<Node> = [heading];
    if (note) children.push(el('p', {}, note));
    children.push(el('p', {}, intro));
    if (!changesAnything(plan)) {
      const ok = el('button', { type: 'button', class: 'button' }, 'Close');
      ok.addEventListener('click', () => {
        close();
        status.textContent = 'Nothing was imported: the file matches what this browser has saved.';
      });
      children.push(el('p', {}, 'It matches what this browser has saved: importing it would change nothing.'), el('p', {}, ok));
    } else {
      const warn = plan.removed.length && lessons === 0 ? el('p', {}, el('strong', {}, 'This file is empty: importing it removes all the progress saved in this browser.')) : null;
      const confirm = el('button', { type: 'button', class: 'button', 'data-import-confirm': '' }, plan.removed.length || plan.replaced.length ? 'Replace my progress with the file’s' : 'Import');
      const cancel = el('button', { type: 'button', class: 'button', 'data-import-cancel': '' }, 'Cancel');
      confirm.addEventListener('click', () => apply(plan, text));
      cancel.addEventListener('click', () => {
        close();
        status.textContent = 'Nothing was imported; your progress is unchanged.';
        input.focus();
      });
      children.push(el('ul', {}, ...items));
      if (warn) children.push(warn);
      children.push(el('p', {}, confirm, ' ', cancel));
    }
    preview.replaceChildren(...children);
    preview.hidden = false;
    status.textContent = '';
    heading.focus();
  };

  const apply = (shown: ImportPlan, text: string) => {
    // Read again: another tab may have saved since the preview.
    const store = new SyncedStore(browserStorage());
    store.load();
    const plan = planImport(store, text);
    if (!plan.ok) return;
    if (planKey(plan) !== planKey(shown)) {
      show(plan, text, 'Your saved progress changed (in another tab) since this was shown. Here is what the import would change now.');
      return;
    }
    const result = store.replaceAll(plan.state);
    close();
    renderTicks(document, store.completed());
    if (result.failed !== null) {
      const done = result.written.map((id) => titleOf(root, id));
      status.textContent = `${result.notices.map(noticeText).join(' ')} The import stopped at “${titleOf(root, result.failed)}”${done.length ? ` after ${done.join(', ')}` : ''}; the lessons not imported keep what was saved, and nothing was removed.`;
      return;
    }
    const parts = [
      plan.added.length ? `added ${plural(plan.added.length, 'lesson')}` : '',
      plan.replaced.length ? `replaced ${plural(plan.replaced.length, 'lesson')}` : '',
      result.removed.length ? `removed ${plural(result.removed.length, 'lesson')}` : '',
    ].filter(Boolean);
    const lessons = Object.keys(plan.state.lessons).length;
    status.textContent = `Imported progress for ${plural(lessons, 'lesson')}${parts.length ? ` (${parts.join(', ')})` : ''}. Pages open in other tabs show it too.${result.notices.length ? ` ${result.notices.map(noticeText).join(' ')}` : ''}`;
  };

  input.addEventListener('change', async () => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    close();
    if (file.size > LIMITS.importChars * 3) {
      status.textContent = 'The file is too large to be a Stagecraft progress file. Nothing was changed.';
      return;
    }
    const text = await file.text();
    const store = new SyncedStore(browserStorage());
    store.load();
    const plan = planImport(store, text);
    if (!plan.ok) status.textContent = `${plan.error} Nothing was changed.`;
    else show(plan, text, null);
  });
}

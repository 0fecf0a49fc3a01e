/**
 * The playground page's script: the page is the tool, so the editor and the engine
 * load at once (Monaco comes in its own chunk). If anything fails to load, the page
 * says so in words; the explanation above still reads.
 */
import { startPlayground } from './app';

const root = document.querySelector<HTMLElement>('[data-playground]');
if (root) {
  root.setAttribute('aria-busy', 'true');
  startPlayground(root).catch((e: unknown) => {
    root.removeAttribute('aria-busy');
    const box = root.querySelector<HTMLElement>('[data-playground-notice]');
    if (box) {
      box.textContent = `The playground could not start (${(e as Error)?.message ?? String(e)}). Reload the page to try again.`;
      box.setAttribute('role', 'alert');
      box.hidden = false;
    }
  });
}

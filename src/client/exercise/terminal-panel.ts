/**
 * The exercise's terminal panel: a "Terminal" button (and Ctrl/Cmd+`) that opens a
 * terminal below the editor, on the in-page shell over the lesson's project with the
 * editor's live files; "Open a real Node terminal" swaps in a WebContainer where the
 * browser can boot one, and says plainly why not where it cannot. Nothing of xterm
 * or of the WebContainer API loads before the learner opens it.
 */
import { announce, h } from './dom';
import type { ExerciseSession } from './session';
import { inPageShell } from './terminal-backend';
import type { LineBackend } from '../terminal/backend';

/** Commands the page asked to run before the terminal was there ("Run in the terminal" buttons). */
export interface TerminalQueue {
  items: string[];
  handler: ((command: string) => void) | null;
}

export interface TerminalPanelOptions {
  toolbar: HTMLElement;
  /** Where the panel goes (after this element). */
  after: HTMLElement;
  announcer: HTMLElement;
  /** The exercise: its data, the editor's files, the engine the in-page shell runs in. */
  session: ExerciseSession;
  queue?: TerminalQueue;
}

type Handle = Awaited<ReturnType<typeof import('../terminal/terminal').openTerminal>>;

export function mountTerminalPanel(options: TerminalPanelOptions): { open(): Promise<void> } {
  const { toolbar, announcer, session } = options;
  const { data, engine } = session;
  const files = () => session.files();
  const panelId = `terminal-panel-${data.id}`;
  const toggle = h('button', { type: 'button', class: 'button', 'aria-expanded': 'false', 'aria-controls': panelId, 'aria-keyshortcuts': 'Control+` Meta+`', 'data-terminal-toggle': '' }, 'Terminal');
  toolbar.append(toggle);
  const status = h('p', { class: 'terminal-panel-status', role: 'status', 'data-terminal-status': '' });
  const host = h('div', { class: 'terminal-host', 'data-terminal-host': '' });
  const realButton = h('button', { type: 'button', class: 'button small', 'data-terminal-real': '' }, 'Open a real Node terminal');
  const closeButton = h('button', { type: 'button', class: 'button small', 'data-terminal-close': '' }, 'Close terminal');
  const notice = h('p', { class: 'terminal-notice notice', role: 'alert', 'data-terminal-notice': '', hidden: true });
  const panel = h(
    'section',
    { class: 'terminal-panel', id: panelId, 'aria-labelledby': `${panelId}-heading`, 'data-terminal-panel': '', hidden: true },
    h('h3', { id: `${panelId}-heading` }, 'Terminal'),
    h(
      'p',
      { class: 'figure-note' },
      'A shell over this lesson’s project with your files as they are in the editor. ',
      h('code', {}, 'docker build'),
      ', ',
      h('code', {}, 'docker images'),
      ', ',
      h('code', {}, 'docker history'),
      ' and ',
      h('code', {}, 'docker run'),
      ' are simulated; type ',
      h('code', {}, 'help'),
      ' for the list. Press Escape, then Tab, to leave the terminal.',
    ),
    h('div', { class: 'terminal-actions' }, realButton, closeButton),
    status,
    notice,
    host,
  );
  options.after.after(panel);

  let handle: Handle | null = null;
  let opening: Promise<Handle | null> | null = null;
  let inPage: LineBackend | null = null;

  const showNotice = (message: string | null) => {
    notice.textContent = message ?? '';
    notice.hidden = message === null;
  };

  const ensure = (): Promise<Handle | null> => {
    opening ??= (async () => {
      status.textContent = 'Loading the terminal…';
      try {
        const { openTerminal } = await import('../terminal/terminal');
        inPage = inPageShell({ client: engine, files, project: data.project.name, columns: () => handle?.columns() ?? 80, onClear: () => handle?.clear() });
        handle = await openTerminal(host, inPage, { label: `Terminal on ${data.project.name}` });
        // The terminal's own bar names the shell from now on.
        status.textContent = '';
        return handle;
      } catch (e) {
        status.textContent = '';
        showNotice(`The terminal could not load (${(e as Error)?.message ?? String(e)}). The editor and the Build button still work; reload to try again.`);
        opening = null;
        return null;
      }
    })();
    return opening;
  };

  const setOpen = async (open: boolean) => {
    panel.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
    if (!open) {
      toggle.focus();
      return;
    }
    const t = await ensure();
    t?.fit();
    t?.focus();
  };

  const open = () => setOpen(true);
  toggle.addEventListener('click', () => void setOpen(panel.hidden !== false));
  closeButton.addEventListener('click', () => void setOpen(false));
  document.addEventListener('keydown', (e) => {
    if (e.key === '`' && (e.ctrlKey || e.metaKey) && !e.altKey) {
      e.preventDefault();
      void setOpen(true);
    }
  });

  realButton.addEventListener('click', async () => {
    realButton.disabled = true;
    try {
      const wc = await import('../terminal/webcontainer');
      const can = wc.canBootWebContainer();
      if (!can.ok) {
        showNotice(`A real Node terminal cannot start here: ${can.reason} The in-page shell stays.`);
        realButton.disabled = false;
        return;
      }
      status.textContent = 'Starting a WebContainer (real Node in the browser) — this needs StackBlitz’s servers…';
      announce(announcer, 'Starting a real Node terminal.');
      const booted = await wc.bootWebContainer({ project: data.project, files: { ...data.terminalFiles, ...files() } });
      if (!booted.ok) {
        showNotice(`The real Node terminal could not start: ${booted.reason} The in-page shell stays.`);
        status.textContent = '';
        realButton.disabled = false;
        return;
      }
      const t = await ensure();
      if (!t || !(await t.setBackend(booted.backend))) {
        booted.backend.dispose();
        showNotice('The real Node terminal booted but its shell did not start. The in-page shell stays.');
        realButton.disabled = false;
        return;
      }
      showNotice(null);
      status.textContent = '';
      announce(announcer, 'The real Node terminal is ready.');
      realButton.hidden = true;
    } catch (e) {
      showNotice(`The real Node terminal could not start (${(e as Error)?.message ?? String(e)}). The in-page shell stays.`);
      realButton.disabled = false;
    }
  });

  // "Run in the terminal" buttons of the lesson text.
  const run = (command: string) => {
    void (async () => {
      await setOpen(true);
      handle?.run(command);
    })();
  };
  if (options.queue) {
    options.queue.handler = run;
    for (const c of options.queue.items.splice(0)) run(c);
  }
  return { open };
}

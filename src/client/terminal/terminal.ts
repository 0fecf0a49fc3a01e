/**
 * The terminal panel: xterm.js in front of a TerminalBackend. Nothing of xterm
 * (script or CSS) is in the page until `openTerminal` is called; then it loads
 * xterm, the fit addon, xterm's stylesheet and ours, and builds the panel inside
 * `host`:
 *
 *   bar (backend label; Copy, Paste, Clear, "Output as text", "Screen reader mode")
 *   keyboard help (also the textarea's description)
 *   the xterm screen
 *   a status line (clipboard refused, a backend that failed to start)
 *   the output as text: each command and what it printed, escape sequences
 *   stripped — a polite live log for screen readers, visually hidden until the
 *   learner (or the page) shows it, and then selectable and copyable as text.
 *
 * A LineBackend (the in-page shell) is driven through the LineEditor; a
 * RawBackend (jsh in a WebContainer) gets keys raw and draws itself. Switching
 * keeps the screen. Light and dark follow the site's custom properties. The
 * keyboard map is in keys.ts. Backends belong to the caller: the panel never
 * disposes them.
 */
import type { FitAddon } from '@xterm/addon-fit';
import type { Terminal } from '@xterm/xterm';
import { h } from '../exercise/dom';
import type { BackendOutput, LineBackend, RawBackend, TerminalBackend } from './backend';
import { isMac, isModifierOnly, keyAction, type KeyLike } from './keys';
import { LineEditor, type CommandEnd } from './line-editor';
import { PlainTextStream } from './text-log';
import { MIN_CONTRAST, terminalTheme } from './theme';

export interface TerminalOptions {
  /** The panel's accessible name, e.g. "Terminal on node-express-ts". Default "Terminal". */
  label?: string;
  /** Starts with xterm's screen-reader mode on (its rows exposed to assistive tech). Default false; the panel has a toggle. */
  screenReaderMode?: boolean;
  /** Told when the learner flips screen-reader mode, so the page can remember it. */
  onScreenReaderModeChange?(on: boolean): void;
  /** Shows "Output as text" from the start. Default false (it is still read by screen readers). */
  showText?: boolean;
  /** Font size in CSS pixels. Default 14. */
  fontSize?: number;
  /** Written once before the first prompt (`\n` line ends). */
  banner?: string;
  /** More keys to leave to the page rather than the terminal (Ctrl/⌘+` and Escape-then-Tab always are). */
  passKey?(event: KeyLike): boolean;
  /** Also hears every status message the panel shows (copy refused, backend failed…). */
  onMessage?(message: string): void;
}

export interface TerminalHandle {
  /** The panel's root element (inside `host`). */
  readonly element: HTMLElement;
  /** The backend in use now. */
  readonly backend: TerminalBackend;
  focus(): void;
  /** The terminal's width in columns now (for a backend that lays out `ls` output). */
  columns(): number;
  /** Fits the terminal to its box again (after the panel was hidden; resizes are followed on their own). */
  fit(): void;
  /**
   * Types `line` and runs it as if entered ("Run in the terminal" buttons). With the
   * in-page shell it waits for a running command first and resolves when the line
   * has run; with a raw backend it sends the keys once the shell has started. Never rejects.
   */
  run(line: string): Promise<void>;
  /**
   * Switches backend, keeping what is on screen. A raw backend is started the first
   * time (with the terminal's size); if that fails, the panel says why in its status
   * line, goes back to the backend it had and the promise resolves false. Never rejects.
   */
  setBackend(backend: TerminalBackend): Promise<boolean>;
  setScreenReaderMode(on: boolean): void;
  /** Shows or hides "Output as text" (hidden, it is still read by screen readers). */
  showText(visible: boolean): void;
  /** Clears the screen and scrollback (the text log is kept). */
  clear(): void;
  /** Removes the panel and xterm; the backends are left to the caller. */
  dispose(): void;
}

/** The text log keeps this many entries (commands, or raw sessions' stretches). */
export const MAX_LOG_ENTRIES = 200;
const RAW_ENTRY_MAX_NODES = 500;
const MESSAGE_MS = 8000;

let panels = 0;

export async function openTerminal(host: HTMLElement, backend: TerminalBackend, options: TerminalOptions = {}): Promise<TerminalHandle> {
  const [{ Terminal: XTerm }, { FitAddon: Fit }, xtermCss, ownCss] = await Promise.all([
    import('@xterm/xterm'),
    import('@xterm/addon-fit'),
    // As text (`?inline`), added when the terminal opens: a plain CSS import would make Astro
    // link these from every lesson page, long before anyone opens a terminal.
    import('@xterm/xterm/css/xterm.css?inline'),
    import('../../styles/terminal.css?inline'),
  ]);
  addStyles([xtermCss.default, ownCss.default]);
  return mount(XTerm, Fit, host, backend, options);
}

function addStyles(sheets: string[]): void {
  if (document.querySelector('style[data-terminal-styles]')) return;
  const style = document.createElement('style');
  style.dataset.terminalStyles = '';
  style.textContent = sheets.join('\n');
  document.head.append(style);
}

function mount(
  XTerm: typeof Terminal,
  Fit: typeof FitAddon,
  host: HTMLElement,
  initial: TerminalBackend,
  options: TerminalOptions,
): TerminalHandle {
  const id = `terminal-${++panels}`;
  const mac = isMac(navigator as Navigator & { userAgentData?: { platform?: string } });
  const keys = mac
    ? { copy: '⌘C', paste: '⌘V', clear: 'Ctrl+L or ⌘K', out: 'Esc then Tab' }
    : { copy: 'Ctrl+Shift+C', paste: 'Ctrl+Shift+V', clear: 'Ctrl+L', out: 'Esc then Tab' };

  let current: TerminalBackend = initial;
  /** Raw backends started (once each: a second start would be a second shell), and the starts under way. */
  const rawReady = new WeakSet<RawBackend>();
  const rawStarting = new WeakMap<RawBackend, Promise<void>>();
  let screenReader = options.screenReaderMode === true;
  let disposed = false;
  let messageTimer: number | undefined;

  // ---- the panel ----
  const label = h('span', { class: 'terminal-label', id: `${id}-label` }, initial.label);
  const copyButton = h('button', { type: 'button', class: 'terminal-button', onclick: () => void copySelection(true) }, 'Copy');
  const pasteButton = h('button', { type: 'button', class: 'terminal-button', onclick: () => void pasteFromClipboard() }, 'Paste');
  const clearButton = h('button', { type: 'button', class: 'terminal-button', onclick: () => clear() }, 'Clear');
  const textButton = h('button', { type: 'button', class: 'terminal-button', 'aria-pressed': 'false', 'aria-controls': `${id}-text`, onclick: () => showText(!textShown) }, 'Output as text');
  const srButton = h('button', { type: 'button', class: 'terminal-button', 'aria-pressed': String(screenReader), onclick: () => setScreenReaderMode(!screenReader) }, 'Screen reader mode');
  const help = h(
    'p',
    { class: 'terminal-help', id: `${id}-help` },
    'Keys: ', h('kbd', {}, keys.out), ' to leave the terminal; ', h('kbd', {}, keys.copy), ' copy; ', h('kbd', {}, keys.paste), ' paste; ',
    h('kbd', {}, keys.clear), ' clear; ', h('kbd', {}, 'Ctrl+C'), ' stops a command.',
  );
  const screen = h('div', { class: 'terminal-screen' });
  const status = h('p', { class: 'terminal-status', role: 'status' });
  const log = h('div', { class: 'terminal-text', id: `${id}-text`, role: 'log', 'aria-live': screenReader ? 'off' : 'polite', 'aria-label': 'Terminal output as text' });
  const root = h(
    'section',
    { class: 'terminal', 'aria-label': options.label ?? 'Terminal', 'data-backend': initial.kind },
    h('div', { class: 'terminal-bar' }, label, h('div', { class: 'terminal-actions' }, copyButton, pasteButton, clearButton, textButton, srButton)),
    help,
    screen,
    status,
    log,
  );
  host.append(root);

  // ---- xterm ----
  const css = () => getComputedStyle(root);
  const prefersDark = window.matchMedia('(prefers-color-scheme: dark)');
  const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)');
  const theme = () => terminalTheme((name) => css().getPropertyValue(name), prefersDark.matches).theme;
  const term = new XTerm({
    fontFamily: css().getPropertyValue('--mono').trim() || 'monospace',
    fontSize: options.fontSize ?? 14,
    lineHeight: 1.2,
    cursorBlink: !reducedMotion.matches,
    scrollback: 5000,
    screenReaderMode: screenReader,
    minimumContrastRatio: MIN_CONTRAST,
    theme: theme(),
    rightClickSelectsWord: false,
  });
  const fit = new Fit();
  term.loadAddon(fit);
  term.open(screen);
  const textarea = term.textarea;
  const describe = () => {
    textarea?.setAttribute('aria-label', `Terminal input: ${current.label}. ${keys.out} leaves the terminal.`);
    textarea?.setAttribute('aria-describedby', `${id}-help`);
  };
  describe();

  const size = () => ({ cols: term.cols, rows: term.rows });
  let fitFrame = 0;
  const refit = () => {
    if (fitFrame || disposed) return;
    fitFrame = window.requestAnimationFrame(() => {
      fitFrame = 0;
      if (disposed) return;
      try {
        fit.fit();
      } catch {
        // Not laid out (hidden host): fitted on the next resize.
      }
    });
  };
  try {
    fit.fit();
  } catch {
    // As above.
  }
  const resizeObserver = new ResizeObserver(refit);
  resizeObserver.observe(screen);
  const onResize = term.onResize((s) => {
    if (current.kind === 'raw' && rawReady.has(current)) current.resize(s);
  });

  const applyTheme = () => {
    if (!disposed) term.options.theme = theme();
  };
  prefersDark.addEventListener('change', applyTheme);
  // A theme attribute or class on <html> (should the site add one) changes the custom properties too.
  const themeObserver = new MutationObserver(applyTheme);
  themeObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['class', 'style', 'data-theme', 'data-color-scheme'] });
  const onMotion = () => {
    term.options.cursorBlink = !reducedMotion.matches;
  };
  reducedMotion.addEventListener('change', onMotion);

  // ---- the text log ----
  const plain = new PlainTextStream();
  let entry: HTMLPreElement | null = null;
  let textShown = false;
  const newEntry = (first: string) => {
    entry = h('pre', { class: 'terminal-text-entry' }, first);
    log.append(entry);
    while (log.childElementCount > MAX_LOG_ENTRIES) log.firstElementChild?.remove();
  };
  const appendText = (text: string) => {
    if (!text) return;
    if (!entry) newEntry('');
    entry!.append(document.createTextNode(text));
  };
  const endEntry = () => {
    const rest = plain.flush();
    if (rest) appendText(`${rest}\n`);
    entry = null;
  };

  // ---- the line editor (in-page shell) ----
  const editor = new LineEditor(current.kind === 'line' ? current : idleLineBackend, {
    write: (vt) => term.write(vt),
    columns: () => term.cols,
    onCommand: (prompt, line) => {
      endEntry();
      newEntry(`${prompt}${line}\n`);
      // While a line runs (tests and assistive tech can tell when it is done).
      root.setAttribute('aria-busy', 'true');
      root.dataset.running = 'true';
    },
    onOutput: (text) => appendText(plain.push(text)),
    onCommandEnd: (end: CommandEnd) => {
      const rest = plain.flush();
      if (rest) appendText(`${rest}\n`);
      if ('status' in end && end.status !== 0) appendText(`[exit status ${end.status}]\n`);
      if ('interrupted' in end) appendText('^C (interrupted)\n');
      if ('error' in end) appendText(`[failed: ${end.error}]\n`);
      entry = null;
      root.removeAttribute('aria-busy');
      delete root.dataset.running;
    },
  });

  // ---- raw backends (WebContainer) ----
  const rawOutput = (raw: RawBackend): BackendOutput => ({
    write: (text: string) => {
      if (disposed || current !== raw || !text) return;
      term.write(text.replace(/\r?\n/g, '\r\n'));
      const lines = plain.push(text);
      if (lines) {
        if (!entry || entry.childNodes.length > RAW_ENTRY_MAX_NODES) newEntry('');
        appendText(lines);
      }
    },
  });
  const startRaw = (raw: RawBackend): Promise<void> => {
    let starting = rawStarting.get(raw);
    if (!starting) {
      starting = raw.start(rawOutput(raw), size()).then(() => {
        rawReady.add(raw);
      });
      rawStarting.set(raw, starting);
      starting.catch(() => rawStarting.delete(raw));
    }
    return starting;
  };

  term.onData((data) => {
    if (current.kind === 'line') editor.feed(data);
    else if (rawReady.has(current)) current.input(data);
  });

  // ---- keys ----
  let escapeArmed = false;
  term.attachCustomKeyEventHandler((event) => {
    const action = keyAction(event, { mac, hasSelection: term.hasSelection(), escapeArmed, passKey: options.passKey });
    if (event.type === 'keydown' && !isModifierOnly(event)) {
      escapeArmed = event.key === 'Escape' && !event.ctrlKey && !event.metaKey && !event.altKey && !event.shiftKey;
    }
    if (action === 'terminal') return true;
    if (event.type !== 'keydown') return false;
    if (action === 'copy') {
      event.preventDefault();
      void copySelection(false);
    } else if (action === 'clear') {
      event.preventDefault();
      clear();
    }
    // 'paste': the browser's paste event follows and xterm reads it (no clipboard permission needed);
    // 'leave': Tab's default moves focus; 'page': the page's own listeners get the key.
    return false;
  });

  // ---- actions ----
  function say(message: string): void {
    status.textContent = message;
    options.onMessage?.(message);
    window.clearTimeout(messageTimer);
    messageTimer = window.setTimeout(() => {
      if (status.textContent === message) status.textContent = '';
    }, MESSAGE_MS);
  }

  async function copySelection(fromButton: boolean): Promise<void> {
    const text = term.getSelection();
    if (!text) {
      say(fromButton ? 'Nothing is selected: select text in the terminal first, or copy from "Output as text".' : 'Nothing is selected to copy.');
      return;
    }
    let copied = false;
    if (navigator.clipboard?.writeText) {
      try {
        await navigator.clipboard.writeText(text);
        copied = true;
      } catch {
        copied = false;
      }
    }
    if (!copied) {
      // No Clipboard API (a page served over plain http, as on a class LAN) or refused: the copy
      // command fires a copy event in the terminal, which xterm fills with the selection.
      term.focus();
      try {
        copied = document.execCommand('copy');
      } catch {
        copied = false;
      }
    }
    if (copied) {
      term.clearSelection();
      say('Copied to the clipboard.');
    } else {
      say('The browser did not allow copying. Select the text and use your browser’s Copy command, or copy it from "Output as text".');
    }
  }

  async function pasteFromClipboard(): Promise<void> {
    const fallback = `click in the terminal and press ${keys.paste} instead`;
    if (!navigator.clipboard?.readText) {
      say(`This browser does not let the page read the clipboard: ${fallback}.`);
      term.focus();
      return;
    }
    try {
      const text = await navigator.clipboard.readText();
      term.focus();
      if (text) term.paste(text);
    } catch {
      say(`The browser did not allow reading the clipboard: ${fallback}.`);
      term.focus();
    }
  }

  function clear(): void {
    if (current.kind === 'line') editor.clearScreen();
    else term.clear();
  }

  function showText(visible: boolean): void {
    textShown = visible;
    log.classList.toggle('is-visible', visible);
    textButton.setAttribute('aria-pressed', String(visible));
    if (visible) log.setAttribute('tabindex', '0');
    else log.removeAttribute('tabindex');
  }

  function setScreenReaderMode(on: boolean): void {
    if (on === screenReader) return;
    screenReader = on;
    term.options.screenReaderMode = on;
    srButton.setAttribute('aria-pressed', String(on));
    // xterm reads new output aloud in this mode; the log stays quiet so nothing is read twice.
    log.setAttribute('aria-live', on ? 'off' : 'polite');
    options.onScreenReaderModeChange?.(on);
  }

  function showBackend(b: TerminalBackend): void {
    label.textContent = b.label;
    root.dataset.backend = b.kind;
    describe();
  }

  async function setBackend(next: TerminalBackend): Promise<boolean> {
    if (disposed) return false;
    if (next === current) return true;
    const previous = current;
    if (previous.kind === 'line') editor.stop();
    else term.write('\r\n');
    endEntry();
    term.write(`— ${next.label} —\r\n`);
    current = next;
    showBackend(next);
    if (next.kind === 'line') {
      editor.setBackend(next);
      editor.start();
      return true;
    }
    newEntry(`— ${next.label} —\n`);
    if (rawReady.has(next)) {
      next.resize(size());
      return true;
    }
    say(`Starting ${next.label}…`);
    try {
      await startRaw(next);
      if (status.textContent?.startsWith('Starting')) status.textContent = '';
      if (current === next) next.resize(size());
      return true;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (current === next && !disposed) {
        await setBackend(previous);
        say(`${next.label} could not start: ${sentence(reason)} Staying on ${previous.label}.`);
      }
      return false;
    }
  }

  // ---- start ----
  if (options.showText) showText(true);
  if (options.banner) term.write(options.banner.replace(/\r?\n/g, '\r\n') + (options.banner.endsWith('\n') ? '' : '\r\n'));
  if (initial.kind === 'line') editor.start();
  else {
    newEntry(`— ${initial.label} —\n`);
    startRaw(initial).catch((error: unknown) => say(`${initial.label} could not start: ${sentence(error instanceof Error ? error.message : String(error))}`));
  }

  return {
    element: root,
    get backend() {
      return current;
    },
    focus: () => term.focus(),
    columns: () => term.cols,
    fit: () => {
      try {
        fit.fit();
      } catch {
        // Not laid out yet.
      }
    },
    run: async (line: string) => {
      if (disposed) return;
      if (current.kind === 'line') return editor.submit(line);
      const raw = current;
      try {
        await startRaw(raw);
      } catch {
        return; // The status line already says why it did not start.
      }
      if (current === raw) raw.input(line.replace(/\r?\n/g, '\r') + (line.endsWith('\n') ? '' : '\r'));
    },
    setBackend,
    setScreenReaderMode,
    showText,
    clear,
    dispose: () => {
      if (disposed) return;
      editor.stop();
      disposed = true;
      window.cancelAnimationFrame(fitFrame);
      window.clearTimeout(messageTimer);
      resizeObserver.disconnect();
      themeObserver.disconnect();
      prefersDark.removeEventListener('change', applyTheme);
      reducedMotion.removeEventListener('change', onMotion);
      onResize.dispose();
      term.dispose();
      root.remove();
    },
  };
}

/** A reason as a sentence: ends with a full stop. */
function sentence(text: string): string {
  const t = text.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

/** Stands in for the line backend while a raw one is in use (the editor is stopped then). */
const idleLineBackend: LineBackend = {
  kind: 'line',
  label: '',
  prompt: () => '$ ',
  run: async () => 0,
  interrupt: () => undefined,
  complete: async () => ({ start: 0, candidates: [] }),
  history: () => [],
  dispose: () => undefined,
};

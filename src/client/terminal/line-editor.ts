/**
 * The line editor in front of a LineBackend (the in-page shell): it reads what
 * xterm's `onData` gives — keys as characters and VT sequences, pasted text —
 * edits one line with history and completion, and writes back what the terminal
 * must show. No DOM and no xterm here: the output is a string of VT sequences
 * handed to `write`, and the editor knows the terminal only by its column count,
 * so every key is unit-tested against a fake backend and a fake screen.
 *
 * How it draws: the line is kept as grapheme-ish clusters (a code point and the
 * combining marks after it) with their cell widths (East Asian wide = 2, as
 * xterm's default Unicode 6 tables). Where the cursor stands on screen is worked
 * out from the prompt, the line and the column count, wrapping included (a wide
 * character that does not fit at the end of a row starts the next one, as in
 * xterm), so a line longer than the terminal is redrawn right: go up to the
 * prompt's row, erase below, write prompt and line, put the cursor back. Typing
 * and Backspace at the end of the line write only what changed, so a screen
 * reader hears the character, not the whole line again.
 *
 * While a command runs, what is typed is kept and replayed at the next prompt
 * (so a pasted script runs one line after another); Ctrl+C interrupts at once,
 * prints `^C` and a new prompt, and drops whatever the command writes after.
 */
import type { BackendOutput, LineBackend } from './backend';
import { stripAnsi } from './text-log';

export type LineEditorBackend = Pick<LineBackend, 'prompt' | 'run' | 'interrupt' | 'complete' | 'history'>;

/** How a command ended, for the text log. */
export type CommandEnd = { status: number } | { interrupted: true } | { error: string };

export interface LineEditorOptions {
  /** Writes VT output to the terminal (CR LF line ends, escape sequences). */
  write(vt: string): void;
  /** The terminal's width now (read at every redraw, so a resize is picked up). */
  columns(): number;
  /** Turns on bracketed paste (`CSI ? 2004 h`) at `start`, so pasted text is told from keys. Default true. */
  bracketedPaste?: boolean;
  /** A line is about to run (prompt as plain text). */
  onCommand?(prompt: string, line: string): void;
  /** What the running command wrote (`\n` line ends, as the backend gave it). */
  onOutput?(text: string): void;
  onCommandEnd?(end: CommandEnd): void;
}

type Key =
  | 'enter' | 'backspace' | 'delete' | 'left' | 'right' | 'up' | 'down' | 'home' | 'end'
  | 'wordLeft' | 'wordRight' | 'tab' | 'interrupt' | 'clear' | 'eof'
  | 'killStart' | 'killEnd' | 'killWord' | 'killWordForward' | 'yank' | 'ignore';

type Token =
  | { kind: 'text'; text: string }
  | { kind: 'paste'; text: string }
  | { kind: 'key'; key: Key }
  | { kind: 'submit'; text: string; done: () => void };

interface ActiveRun {
  done: Array<() => void>;
}

const CONTROL_KEYS: Record<string, Key> = {
  '\x01': 'home', '\x02': 'left', '\x03': 'interrupt', '\x04': 'eof', '\x05': 'end', '\x06': 'right',
  '\x08': 'backspace', '\t': 'tab', '\x0b': 'killEnd', '\x0c': 'clear', '\x0e': 'down', '\x10': 'up',
  '\x15': 'killStart', '\x17': 'killWord', '\x19': 'yank', '\x7f': 'backspace',
};
const CSI_FINAL: Record<string, Key> = { A: 'up', B: 'down', C: 'right', D: 'left', H: 'home', F: 'end' };
const CSI_TILDE: Record<string, Key> = { '1': 'home', '7': 'home', '4': 'end', '8': 'end', '3': 'delete' };
const ALT_KEYS: Record<string, Key> = { b: 'wordLeft', f: 'wordRight', d: 'killWordForward', '\x7f': 'killWord', '\b': 'killWord' };
const KEEPS_HISTORY_PLACE = new Set<Key>(['up', 'down', 'left', 'right', 'home', 'end', 'wordLeft', 'wordRight', 'ignore']);
const CSI = /\x1b\[([0-?]*)([ -/]*)([@-~])/y;
const PASTE_START = '\x1b[200~';
const PASTE_END = '\x1b[201~';
/** A bracketed paste longer than this without its end marker is taken as it stands. */
const MAX_PASTE = 1_000_000;
/** A completion list longer than this is cut, with a count of the rest. */
export const MAX_LISTED = 200;

/** Cell width of one code point, as xterm's default (Unicode 6) tables: 0 for controls and combining marks, 2 for East Asian wide. */
export function codePointWidth(cp: number): number {
  if (cp < 32 || (cp >= 0x7f && cp < 0xa0)) return 0;
  if (
    (cp >= 0x0300 && cp <= 0x036f) || (cp >= 0x0483 && cp <= 0x0489) || (cp >= 0x0591 && cp <= 0x05bd) ||
    (cp >= 0x0610 && cp <= 0x061a) || (cp >= 0x064b && cp <= 0x065f) || (cp >= 0x1ab0 && cp <= 0x1aff) ||
    (cp >= 0x1dc0 && cp <= 0x1dff) || (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x202a && cp <= 0x202e) ||
    (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0x20d0 && cp <= 0x20ff) || (cp >= 0x302a && cp <= 0x302f) ||
    (cp >= 0x3099 && cp <= 0x309a) || (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xfe20 && cp <= 0xfe2f) ||
    cp === 0xfeff || (cp >= 0xe0100 && cp <= 0xe01ef)
  ) return 0;
  if (
    (cp >= 0x1100 && cp <= 0x115f) || cp === 0x2329 || cp === 0x232a ||
    (cp >= 0x2e80 && cp <= 0xa4cf && cp !== 0x303f) || (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe10 && cp <= 0xfe19) || (cp >= 0xfe30 && cp <= 0xfe6f) ||
    (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x20000 && cp <= 0x2fffd) || (cp >= 0x30000 && cp <= 0x3fffd)
  ) return 2;
  return 1;
}

/** Splits text into clusters: each code point with the zero-width ones after it, so the cursor never stops inside "é" written as e + U+0301. */
export function clusters(text: string): string[] {
  const out: string[] = [];
  for (const ch of text) {
    if (out.length > 0 && codePointWidth(ch.codePointAt(0)!) === 0) out[out.length - 1] += ch;
    else out.push(ch);
  }
  return out;
}

/** Cells a string takes on one row (escape sequences excluded). */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of stripAnsi(text)) w += codePointWidth(ch.codePointAt(0)!);
  return w;
}

function clusterWidth(c: string): number {
  return codePointWidth(c.codePointAt(0)!);
}

/** The longest common prefix of the candidates, by code points. */
export function commonPrefix(words: string[]): string {
  if (words.length === 0) return '';
  let prefix = Array.from(words[0]!);
  for (const w of words.slice(1)) {
    const cps = Array.from(w);
    let i = 0;
    while (i < prefix.length && i < cps.length && prefix[i] === cps[i]) i++;
    prefix = prefix.slice(0, i);
  }
  return prefix.join('');
}

/** A completion as the list shows it: without the space that ends a full word, only the last part of a path. */
export function completionLabel(candidate: string): string {
  const word = candidate.endsWith(' ') ? candidate.slice(0, -1) : candidate;
  const cut = word.slice(0, -1).lastIndexOf('/');
  return cut >= 0 ? word.slice(cut + 1) : word;
}

/** Lays words out in columns, filled top to bottom as `ls` does, each row fitting `cols`; rows end in CR LF. */
export function formatColumns(words: string[], cols: number): string {
  if (words.length === 0) return '';
  const widths = words.map(displayWidth);
  const cell = Math.max(...widths) + 2;
  const perRow = Math.max(1, Math.floor((cols + 2) / cell));
  const rows = Math.ceil(words.length / perRow);
  let out = '';
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < perRow; c++) {
      const i = c * rows + r;
      if (i >= words.length) break;
      const last = c === perRow - 1 || (c + 1) * rows + r >= words.length;
      out += last ? words[i]! : words[i]! + ' '.repeat(cell - widths[i]!);
    }
    out += '\r\n';
  }
  return out;
}

interface Cell {
  row: number;
  col: number;
}

/**
 * Where each boundary of a row of clusters (given by their widths) falls on screen,
 * counted from the row it starts on: positions[k] is where the cursor stands before
 * cluster k, positions[length] where it stands after the last (a full row puts it at
 * the start of the next). A wide cluster that does not fit in the last column starts
 * the next row, as xterm draws it.
 */
export function layout(widths: number[], cols: number): Cell[] {
  const width = Math.max(1, cols);
  let row = 0;
  let col = 0;
  const out: Cell[] = [];
  for (const w of widths) {
    if (col + w > width) {
      row++;
      col = 0;
    }
    out.push({ row, col });
    col += w;
    if (col >= width) {
      row++;
      col = 0;
    }
  }
  out.push({ row, col });
  return out;
}

const isSpace = (c: string | undefined) => c !== undefined && /\s/u.test(c);
const isWordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}_]/u.test(c);

export class LineEditor {
  private backend: LineEditorBackend;
  private readonly options: LineEditorOptions;
  private state: 'stopped' | 'idle' | 'running' | 'completing' = 'stopped';
  private queue: Token[] = [];
  private pasting: string | null = null;
  private active: ActiveRun | null = null;
  private completion = 0;
  private lastWasTab = false;
  private killed = '';
  /** The line being edited, as clusters, and the cursor (a cluster index). */
  private line: string[] = [];
  private cursor = 0;
  /** What is on screen: the prompt's last row, the line as drawn and where the terminal's cursor is in it. */
  private promptRow = '';
  private shown: string[] = [];
  private shownAt = 0;
  private history: { entries: string[]; index: number; draft: string } | null = null;
  /** The learner's unfinished line, put back after a line run from `submit`. */
  private stash: string | null = null;
  /** Whether the command's output ended with a newline (if not, the prompt goes on a new line). */
  private atLineStart = true;
  private idleWaiters: Array<() => void> = [];

  constructor(backend: LineEditorBackend, options: LineEditorOptions) {
    this.backend = backend;
    this.options = options;
  }

  /** The line being edited and the cursor in it (code-point clusters), for tests and the page. */
  get value(): { line: string; cursor: number; running: boolean } {
    return { line: this.line.join(''), cursor: this.cursor, running: this.state === 'running' };
  }

  /** Shows the prompt and starts reading keys. */
  start(): void {
    if (this.state !== 'stopped') return;
    if (this.options.bracketedPaste !== false) this.options.write('\x1b[?2004h');
    this.state = 'idle';
    this.newPrompt();
    this.pump();
  }

  /**
   * Stops reading keys: a running command is interrupted and its output dropped,
   * the line is left as typed and the cursor goes to a new row, ready for whatever
   * the terminal shows next (another backend's prompt).
   */
  stop(): void {
    if (this.state === 'stopped') return;
    if (this.state === 'running') {
      this.backend.interrupt();
      this.abandonRun({ interrupted: true });
      if (!this.atLineStart) this.options.write('\r\n');
    } else {
      this.options.write(this.moveTo(this.line.length) + '\r\n');
    }
    this.completion++;
    this.dropQueue();
    this.pasting = null;
    this.state = 'stopped';
    if (this.options.bracketedPaste !== false) this.options.write('\x1b[?2004l');
    this.notifyIdle();
  }

  /** Talks to another backend from the next prompt on (call `stop` first, then `start`, to show its prompt). */
  setBackend(backend: LineEditorBackend): void {
    this.backend = backend;
  }

  /** Data from xterm's onData: typed keys, escape sequences, pasted text. */
  feed(data: string): void {
    if (this.state === 'stopped') return;
    for (const token of this.tokenize(data)) {
      if (token.kind === 'key' && token.key === 'interrupt' && this.state !== 'idle') {
        this.interruptNow();
        continue;
      }
      this.queue.push(token);
    }
    this.pump();
  }

  /**
   * Types `text` and runs it, as if entered (several lines run one after another);
   * after a command that is running ends. What the learner had typed comes back
   * at the next prompt. Resolves once the (last) line has run or been interrupted.
   */
  submit(text: string): Promise<void> {
    if (this.state === 'stopped') return Promise.resolve();
    const lines = text.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n');
    return new Promise<void>((resolve) => {
      lines.forEach((line, i) => this.queue.push({ kind: 'submit', text: line, done: i === lines.length - 1 ? resolve : () => undefined }));
      this.pump();
    });
  }

  /** Resolves when nothing is running or waiting (no command, no completion, nothing queued). */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Clears the screen and scrollback (Ctrl+L, the panel's Clear button); the prompt and line are drawn again at the top. */
  clearScreen(): void {
    if (this.state === 'stopped') return;
    const clear = '\x1b[H\x1b[2J\x1b[3J';
    if (this.state === 'running') {
      // The `clear` command, say: the screen is empty, so the next prompt needs no new row.
      this.atLineStart = true;
      this.options.write(clear);
    } else this.options.write(clear + this.drawFresh());
  }

  private isIdle(): boolean {
    return (this.state === 'idle' || this.state === 'stopped') && this.queue.length === 0;
  }

  private notifyIdle(): void {
    if (!this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    waiters.forEach((w) => w());
  }

  // ---- input ------------------------------------------------------------------------------

  private tokenize(data: string): Token[] {
    const tokens: Token[] = [];
    let text = '';
    const flush = () => {
      if (text) tokens.push({ kind: 'text', text });
      text = '';
    };
    const key = (k: Key) => {
      flush();
      tokens.push({ kind: 'key', key: k });
    };
    let i = 0;
    while (i < data.length) {
      if (this.pasting !== null) {
        const end = data.indexOf(PASTE_END, i);
        if (end < 0) {
          this.pasting += data.slice(i);
          // A paste whose end marker never comes is taken as it is rather than held for ever.
          if (this.pasting.length > MAX_PASTE) {
            tokens.push({ kind: 'paste', text: this.pasting });
            this.pasting = null;
          }
          break;
        }
        tokens.push({ kind: 'paste', text: this.pasting + data.slice(i, end) });
        this.pasting = null;
        i = end + PASTE_END.length;
        continue;
      }
      const ch = data[i]!;
      if (ch === '\x1b') {
        flush();
        if (data.startsWith(PASTE_START, i)) {
          this.pasting = '';
          i += PASTE_START.length;
          continue;
        }
        const next = data[i + 1];
        if (next === '[') {
          CSI.lastIndex = i;
          const m = CSI.exec(data);
          if (!m) {
            i += 2;
            continue;
          }
          const [, params = '', , final = ''] = m;
          const modified = /;[35]$/.test(params);
          if (final === '~') key(CSI_TILDE[params.split(';')[0]!] ?? 'ignore');
          else if (modified && final === 'D') key('wordLeft');
          else if (modified && final === 'C') key('wordRight');
          else key(CSI_FINAL[final] ?? 'ignore');
          i = CSI.lastIndex;
        } else if (next === 'O' && i + 2 < data.length) {
          key(CSI_FINAL[data[i + 2]!] ?? 'ignore');
          i += 3;
        } else if (next !== undefined) {
          if (next === '\r') key('enter');
          else key(ALT_KEYS[next] ?? 'ignore');
          i += 2;
        } else {
          i += 1; // Escape on its own: nothing to do in a line.
        }
        continue;
      }
      if (ch === '\r' || ch === '\n') {
        key('enter');
        i += ch === '\r' && data[i + 1] === '\n' ? 2 : 1;
        continue;
      }
      if (ch < ' ' || ch === '\x7f') {
        key(CONTROL_KEYS[ch] ?? 'ignore');
        i++;
        continue;
      }
      text += ch;
      i++;
    }
    flush();
    return tokens;
  }

  private pump(): void {
    while (this.state === 'idle' && this.queue.length > 0) this.handle(this.queue.shift()!);
    this.notifyIdle();
  }

  private handle(token: Token): void {
    const wasTab = this.lastWasTab;
    this.lastWasTab = token.kind === 'key' && token.key === 'tab';
    // Up/Down walk the history from where they are; moving the cursor keeps the place, an edit starts over.
    if (token.kind !== 'key' || !KEEPS_HISTORY_PLACE.has(token.key)) this.history = null;
    switch (token.kind) {
      case 'text':
        this.insert(token.text);
        return;
      case 'paste': {
        const lines = token.text.replace(/\r\n?/g, '\n').split('\n');
        const clean = (s: string) => s.replace(/\t/g, ' ').replace(/[\x00-\x1f\x7f]/g, '');
        // The first line goes in now; the rest wait behind it (each runs when the one before has).
        this.insert(clean(lines[0]!));
        if (lines.length > 1) {
          const rest: Token[] = [{ kind: 'key', key: 'enter' }];
          lines.slice(1).forEach((l, i) => {
            if (l) rest.push({ kind: 'text', text: clean(l) });
            if (i < lines.length - 2) rest.push({ kind: 'key', key: 'enter' });
          });
          this.queue.unshift(...rest);
        }
        return;
      }
      case 'submit': {
        const typed = this.line.join('');
        if (typed && this.stash === null) this.stash = typed;
        this.setLine(token.text.replace(/\t/g, ' ').replace(/[\x00-\x1f\x7f]/g, ''));
        this.enter(token.done);
        return;
      }
      case 'key':
        this.key(token.key, wasTab);
    }
  }

  private key(key: Key, wasTab: boolean): void {
    const line = this.line;
    switch (key) {
      case 'enter':
        return this.enter();
      case 'backspace':
        if (this.cursor === 0) return;
        if (this.cursor === line.length && this.eraseAtEnd()) return;
        return this.edit(line.slice(0, this.cursor - 1).concat(line.slice(this.cursor)), this.cursor - 1);
      case 'delete':
        if (this.cursor >= line.length) return;
        return this.edit(line.slice(0, this.cursor).concat(line.slice(this.cursor + 1)), this.cursor);
      case 'eof':
        // Ctrl+D: deletes under the cursor; on an empty line (where a shell would exit) it does nothing.
        if (line.length === 0 || this.cursor >= line.length) return;
        return this.edit(line.slice(0, this.cursor).concat(line.slice(this.cursor + 1)), this.cursor);
      case 'left':
        return this.move(Math.max(0, this.cursor - 1));
      case 'right':
        return this.move(Math.min(line.length, this.cursor + 1));
      case 'home':
        return this.move(0);
      case 'end':
        return this.move(line.length);
      case 'wordLeft': {
        let i = this.cursor;
        while (i > 0 && !isWordChar(line[i - 1])) i--;
        while (i > 0 && isWordChar(line[i - 1])) i--;
        return this.move(i);
      }
      case 'wordRight': {
        let i = this.cursor;
        while (i < line.length && !isWordChar(line[i])) i++;
        while (i < line.length && isWordChar(line[i])) i++;
        return this.move(i);
      }
      case 'killStart':
        if (this.cursor === 0) return;
        this.killed = line.slice(0, this.cursor).join('');
        return this.edit(line.slice(this.cursor), 0);
      case 'killEnd':
        if (this.cursor >= line.length) return;
        this.killed = line.slice(this.cursor).join('');
        return this.edit(line.slice(0, this.cursor), this.cursor);
      case 'killWord': {
        let i = this.cursor;
        while (i > 0 && isSpace(line[i - 1])) i--;
        while (i > 0 && !isSpace(line[i - 1])) i--;
        if (i === this.cursor) return;
        this.killed = line.slice(i, this.cursor).join('');
        return this.edit(line.slice(0, i).concat(line.slice(this.cursor)), i);
      }
      case 'killWordForward': {
        let i = this.cursor;
        while (i < line.length && !isWordChar(line[i])) i++;
        while (i < line.length && isWordChar(line[i])) i++;
        if (i === this.cursor) return;
        this.killed = line.slice(this.cursor, i).join('');
        return this.edit(line.slice(0, this.cursor).concat(line.slice(i)), this.cursor);
      }
      case 'yank':
        if (this.killed) this.insert(this.killed);
        return;
      case 'up':
      case 'down':
        return this.browseHistory(key === 'up' ? -1 : 1);
      case 'tab':
        return this.completeNow(wasTab);
      case 'interrupt':
        // Idle: the line is dropped, as in bash (a running command was handled in feed).
        this.options.write(this.moveTo(line.length) + '^C\r\n');
        this.stash = null;
        this.newPrompt();
        return;
      case 'clear':
        this.clearScreen();
        return;
      case 'ignore':
        return;
    }
  }

  private browseHistory(step: -1 | 1): void {
    if (!this.history) {
      if (step > 0) return;
      const entries = this.backend.history();
      this.history = { entries, index: entries.length, draft: this.line.join('') };
    }
    const h = this.history;
    const index = h.index + step;
    if (index < 0 || index > h.entries.length) return;
    h.index = index;
    this.setLine(index === h.entries.length ? h.draft : h.entries[index]!);
  }

  private completeNow(wasTab: boolean): void {
    const before = this.line.slice(0, this.cursor).join('');
    const ticket = ++this.completion;
    this.state = 'completing';
    const settle = (result: { start: number; candidates: string[] }) => {
      if (ticket !== this.completion || this.state !== 'completing') return;
      this.state = 'idle';
      this.applyCompletion(before, result, wasTab);
      this.pump();
    };
    let pending: Promise<{ start: number; candidates: string[] }>;
    try {
      pending = Promise.resolve(this.backend.complete(before));
    } catch {
      pending = Promise.resolve({ start: before.length, candidates: [] });
    }
    pending.then(settle, () => settle({ start: before.length, candidates: [] }));
  }

  private applyCompletion(before: string, result: { start: number; candidates: string[] }, wasTab: boolean): void {
    const { candidates } = result;
    const start = Math.max(0, Math.min(before.length, result.start));
    const word = before.slice(start);
    if (candidates.length === 0) {
      this.options.write('\x07');
      this.lastWasTab = false;
      return;
    }
    const replace = (text: string) => {
      if (text === word) return;
      const after = this.line.slice(this.cursor);
      if (after.length === 0 && text.startsWith(word)) {
        this.insert(text.slice(word.length));
        return;
      }
      const head = clusters(before.slice(0, start) + text);
      this.edit(head.concat(after), head.length);
    };
    if (candidates.length === 1) {
      replace(candidates[0]!);
      this.lastWasTab = false;
      return;
    }
    const prefix = commonPrefix(candidates);
    if (prefix.length > word.length && prefix.startsWith(word)) {
      replace(prefix);
      this.lastWasTab = true;
      return;
    }
    if (!wasTab) {
      this.options.write('\x07');
      this.lastWasTab = true;
      return;
    }
    // Second Tab: the candidates below the line, then the prompt and line again.
    const labels = candidates.slice(0, MAX_LISTED).map(completionLabel);
    let list = formatColumns(labels, this.options.columns());
    if (candidates.length > MAX_LISTED) list += `… and ${candidates.length - MAX_LISTED} more\r\n`;
    this.options.write(this.moveTo(this.line.length) + '\r\n' + list + this.drawFresh());
  }

  // ---- running ------------------------------------------------------------------------------

  private enter(done?: () => void): void {
    const text = this.line.join('');
    this.options.write(this.moveTo(this.line.length) + '\r\n');
    this.history = null;
    this.shown = [];
    this.shownAt = 0;
    this.line = [];
    this.cursor = 0;
    if (!text.trim()) {
      this.newPrompt();
      done?.();
      return;
    }
    const run: ActiveRun = { done: done ? [done] : [] };
    this.active = run;
    this.state = 'running';
    this.atLineStart = true;
    this.options.onCommand?.(stripAnsi(this.currentPrompt()), text);
    const out: BackendOutput = {
      write: (chunk: string) => {
        if (this.active !== run || !chunk) return;
        this.options.write(chunk.replace(/\r?\n/g, '\r\n'));
        this.atLineStart = chunk.endsWith('\n');
        this.options.onOutput?.(chunk);
      },
    };
    let result: Promise<number>;
    try {
      result = Promise.resolve(this.backend.run(text, out));
    } catch (error) {
      result = Promise.reject(error);
    }
    result.then(
      (status) => this.finishRun(run, { status }),
      (error: unknown) => {
        if (this.active !== run) return;
        const message = error instanceof Error ? error.message : String(error);
        out.write(`${this.atLineStart ? '' : '\n'}\x1b[31mThe command failed: ${message}\x1b[0m\n`);
        this.finishRun(run, { error: message });
      },
    );
  }

  private finishRun(run: ActiveRun, end: CommandEnd): void {
    if (this.active !== run) return;
    this.active = null;
    if (!this.atLineStart) this.options.write('\r\n');
    this.options.onCommandEnd?.(end);
    this.state = 'idle';
    run.done.forEach((d) => d());
    this.newPrompt();
    this.pump();
  }

  private abandonRun(end: CommandEnd): void {
    const run = this.active;
    this.active = null;
    if (!run) return;
    this.options.onCommandEnd?.(end);
    run.done.forEach((d) => d());
  }

  /** Ctrl+C while a command runs or a completion is awaited. */
  private interruptNow(): void {
    if (this.state === 'running') {
      this.backend.interrupt();
      this.options.write('^C\r\n');
      this.abandonRun({ interrupted: true });
      this.state = 'idle';
      this.stash = null;
      this.dropQueue();
      this.newPrompt();
      this.notifyIdle();
    } else if (this.state === 'completing') {
      this.completion++;
      this.state = 'idle';
      this.dropQueue();
      this.key('interrupt', false);
      this.notifyIdle();
    }
  }

  private dropQueue(): void {
    for (const t of this.queue) if (t.kind === 'submit') t.done();
    this.queue = [];
  }

  // ---- drawing ------------------------------------------------------------------------------

  private currentPrompt(): string {
    return this.backend.prompt();
  }

  private newPrompt(): void {
    const prompt = this.currentPrompt();
    const lastNl = prompt.lastIndexOf('\n');
    this.promptRow = prompt.slice(lastNl + 1);
    this.history = null;
    this.lastWasTab = false;
    this.line = [];
    if (this.stash !== null && this.queue.every((t) => t.kind !== 'submit')) {
      this.line = clusters(this.stash);
      this.stash = null;
    }
    this.cursor = this.line.length;
    const above = lastNl >= 0 ? prompt.slice(0, lastNl + 1).replace(/\r?\n/g, '\r\n') : '';
    this.options.write(above + this.drawFresh());
  }

  private positions(line: string[]): Cell[] {
    const prompt = clusters(stripAnsi(this.promptRow));
    return layout(prompt.concat(line).map(clusterWidth), this.options.columns()).slice(prompt.length);
  }

  /** From the start of an empty row: the prompt's last row and the line, the cursor put in place. */
  private drawFresh(): string {
    const pos = this.positions(this.line);
    const end = pos[this.line.length]!;
    let out = this.promptRow + this.line.join('');
    // A row filled to the last column leaves xterm's cursor waiting at its end; a space and CR
    // take it to the start of the next row, where the layout says it is (and mark that row wrapped).
    if (end.col === 0 && end.row > 0) out += ' \r';
    out += this.relative(end, pos[this.cursor]!);
    this.shown = this.line.slice();
    this.shownAt = this.cursor;
    return out;
  }

  /** Back to the start of the prompt's row, everything below erased, then drawn afresh. */
  private redraw(): string {
    const at = this.positions(this.shown)[Math.min(this.shownAt, this.shown.length)]!;
    return (at.row > 0 ? `\x1b[${at.row}A` : '') + '\r\x1b[J' + this.drawFresh();
  }

  private relative(from: Cell, to: Cell): string {
    let out = '';
    if (to.row < from.row) out += `\x1b[${from.row - to.row}A`;
    else if (to.row > from.row) out += `\x1b[${to.row - from.row}B`;
    if (to.col !== from.col) out += to.col === 0 ? '\r' : `\r\x1b[${to.col}C`;
    return out;
  }

  /** VT output moving the terminal's cursor to cluster index `to` of the line on screen. */
  private moveTo(to: number): string {
    if (!this.inSync()) return this.redraw();
    const pos = this.positions(this.shown);
    const out = this.relative(pos[this.shownAt]!, pos[to]!);
    this.shownAt = to;
    return out;
  }

  private inSync(): boolean {
    return this.shown.length === this.line.length && this.shown.every((c, i) => c === this.line[i]);
  }

  private move(to: number): void {
    if (to === this.cursor) return;
    this.cursor = to;
    this.options.write(this.moveTo(to));
  }

  private setLine(text: string): void {
    const line = clusters(text);
    this.edit(line, line.length);
  }

  private edit(line: string[], cursor: number): void {
    this.line = line;
    this.cursor = cursor;
    this.options.write(this.redraw());
  }

  private insert(text: string): void {
    if (!text) return;
    const before = this.line.slice(0, this.cursor).join('');
    const after = this.line.slice(this.cursor);
    const head = clusters(before + text);
    const atEnd = after.length === 0 && this.inSync() && this.shownAt === this.line.length;
    // Typed at the end, unless it joins the last cluster (a combining mark): write only the new text.
    if (atEnd && head.length >= this.line.length && head.slice(0, this.line.length).every((c, i) => c === this.line[i])) {
      this.line = head;
      this.cursor = head.length;
      const pos = this.positions(head);
      const end = pos[head.length]!;
      this.options.write(text + (end.col === 0 && end.row > 0 ? ' \r' : ''));
      this.shown = head.slice();
      this.shownAt = head.length;
      return;
    }
    this.edit(head.concat(after), head.length);
  }

  /** Backspace at the end of the line, when the character erased is on the cursor's row: step back and erase. */
  private eraseAtEnd(): boolean {
    if (!this.inSync() || this.shownAt !== this.line.length) return false;
    const old = this.positions(this.line);
    const last = this.line.length - 1;
    const start = old[last]!;
    const now = old[this.line.length]!;
    const shorter = this.line.slice(0, last);
    const after = this.positions(shorter)[shorter.length]!;
    // Not from column 0: erasing from there would clear xterm's mark that the row continues the one above.
    if (start.col === 0 || start.row !== now.row || after.row !== start.row || after.col !== start.col || now.col === start.col) return false;
    this.line = shorter;
    this.cursor = shorter.length;
    this.shown = shorter.slice();
    this.shownAt = shorter.length;
    this.options.write(`\x1b[${now.col - start.col}D\x1b[K`);
    return true;
  }
}

import { describe, expect, it } from 'vitest';
import type { BackendOutput } from './backend';
import { type CommandEnd, LineEditor, type LineEditorBackend, clusters, commonPrefix, completionLabel, formatColumns, layout } from './line-editor';

/**
 * A small VT screen, enough for what the editor writes: printable text with
 * xterm's wrapping (a full row leaves the cursor waiting at its end; a wide
 * character that does not fit moves to the next row), CR, LF, cursor moves
 * (CSI A/B/C/D/H), erase (CSI J/K/2J/3J), bracketed paste mode, BEL. The tests
 * check what a learner would see and where the cursor is, not the bytes.
 */
class Screen {
  rows: string[][] = [];
  /** Whether a row continues the one above (xterm's isWrapped): set by autowrap, cleared by an erase from column 0. */
  wrapped: boolean[] = [];
  x = 0;
  y = 0;
  pending = false;
  bells = 0;
  bracketed = false;

  constructor(public cols: number) {
    this.row(0);
  }

  private row(y: number): string[] {
    while (this.rows.length <= y) {
      this.rows.push(Array<string>(this.cols).fill(' '));
      this.wrapped.push(false);
    }
    return this.rows[y]!;
  }

  private width(ch: string): number {
    if (/\p{M}/u.test(ch)) return 0;
    return /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  }

  write(data: string): void {
    let i = 0;
    while (i < data.length) {
      const ch = data[i]!;
      if (ch === '\x1b') {
        const m = /^\x1b\[(\??)([0-9;]*)([A-Za-z~])/.exec(data.slice(i));
        if (!m) throw new Error(`unexpected escape ${JSON.stringify(data.slice(i, i + 8))}`);
        this.csi(m[1]!, m[2]!, m[3]!);
        i += m[0].length;
        continue;
      }
      if (ch === '\r') {
        this.x = 0;
        this.pending = false;
      } else if (ch === '\n') {
        this.y++;
        this.row(this.y);
        this.pending = false;
      } else if (ch === '\x07') {
        this.bells++;
      } else if (ch < ' ') {
        throw new Error(`unexpected control ${ch.charCodeAt(0)}`);
      } else {
        const cp = String.fromCodePoint(data.codePointAt(i)!);
        this.print(cp);
        i += cp.length;
        continue;
      }
      i++;
    }
  }

  private print(ch: string): void {
    const w = this.width(ch);
    if (w === 0) {
      const r = this.row(this.y);
      const at = this.pending ? this.x : Math.max(0, this.x - 1);
      r[at] += ch;
      return;
    }
    if (this.pending || this.x + w > this.cols) {
      this.pending = false;
      this.x = 0;
      this.y++;
      this.row(this.y);
      this.wrapped[this.y] = true;
    }
    const r = this.row(this.y);
    r[this.x] = ch;
    if (w === 2) r[this.x + 1] = '';
    this.x += w;
    if (this.x >= this.cols) {
      this.x = this.cols - 1;
      this.pending = true;
    }
  }

  private csi(priv: string, params: string, final: string): void {
    if (final === 'm') return; // colours
    const n = Math.max(1, Number(params.split(';')[0] || '1'));
    if (priv) {
      if (params === '2004') this.bracketed = final === 'h';
      return;
    }
    this.pending = false;
    switch (final) {
      case 'A':
        this.y = Math.max(0, this.y - n);
        break;
      case 'B':
        this.y += n;
        this.row(this.y);
        break;
      case 'C':
        this.x = Math.min(this.cols - 1, this.x + n);
        break;
      case 'D':
        this.x = Math.max(0, this.x - n);
        break;
      case 'H':
        this.x = 0;
        this.y = 0;
        break;
      case 'K':
        this.row(this.y).fill(' ', this.x);
        if (this.x === 0) this.wrapped[this.y] = false;
        break;
      case 'J':
        if (params === '2') {
          this.rows = this.rows.map(() => Array<string>(this.cols).fill(' '));
          this.wrapped = this.wrapped.map(() => false);
        } else if (params === '3') {
          this.rows = this.rows.slice(0, Math.max(1, this.y + 1));
          this.wrapped = this.wrapped.slice(0, this.rows.length);
        } else {
          this.row(this.y).fill(' ', this.x);
          if (this.x === 0) this.wrapped[this.y] = false;
          this.rows = this.rows.slice(0, this.y + 1);
          this.wrapped = this.wrapped.slice(0, this.y + 1);
        }
        break;
      default:
        throw new Error(`unexpected CSI ${params}${final}`);
    }
  }

  /** The screen's text, rows right-trimmed, trailing empty rows dropped. */
  text(): string {
    const lines = this.rows.map((r) => r.join('').trimEnd());
    while (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
    return lines.join('\n');
  }

  /** The row the cursor is on, as text. */
  cursorRow(): string {
    return this.row(this.y).join('').trimEnd();
  }
}

interface Setup {
  cols?: number;
  prompt?: string;
  history?: string[];
  complete?: (line: string) => { start: number; candidates: string[] } | Promise<{ start: number; candidates: string[] }>;
  run?: (line: string, out: BackendOutput) => Promise<number>;
  bracketedPaste?: boolean;
}

function setup(options: Setup = {}) {
  const screen = new Screen(options.cols ?? 40);
  const runs: string[] = [];
  const history = [...(options.history ?? [])];
  const completions: string[] = [];
  const events: string[] = [];
  const ends: CommandEnd[] = [];
  let interrupts = 0;
  const backend: LineEditorBackend = {
    prompt: () => options.prompt ?? '$ ',
    run: async (line, out) => {
      runs.push(line);
      history.push(line);
      if (options.run) return options.run(line, out);
      out.write(`ran ${line}\n`);
      return 0;
    },
    interrupt: () => {
      interrupts++;
    },
    complete: async (line) => {
      completions.push(line);
      return options.complete ? options.complete(line) : { start: line.length, candidates: [] };
    },
    history: () => history.slice(),
  };
  const editor = new LineEditor(backend, {
    write: (vt) => screen.write(vt),
    columns: () => screen.cols,
    bracketedPaste: options.bracketedPaste,
    onCommand: (prompt, line) => events.push(`command ${prompt}${line}`),
    onOutput: (text) => events.push(`output ${text}`),
    onCommandEnd: (end) => ends.push(end),
  });
  editor.start();
  const type = async (...data: string[]) => {
    for (const d of data) {
      editor.feed(d);
      await flush();
    }
  };
  return { screen, editor, runs, history, completions, events, ends, type, interrupts: () => interrupts };
}

/** A run that waits until the test lets it finish. */
function deferredRun() {
  const pending: Array<{ line: string; out: BackendOutput; finish: (status: number) => void }> = [];
  const run = (line: string, out: BackendOutput) => new Promise<number>((resolve) => pending.push({ line, out, finish: resolve }));
  return { run, pending };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

const KEY = {
  enter: '\r', backspace: '\x7f', delete: '\x1b[3~', left: '\x1b[D', right: '\x1b[C', up: '\x1b[A', down: '\x1b[B',
  home: '\x1b[H', end: '\x1b[F', ctrlA: '\x01', ctrlE: '\x05', ctrlU: '\x15', ctrlK: '\x0b', ctrlW: '\x17', ctrlY: '\x19',
  ctrlC: '\x03', ctrlD: '\x04', ctrlL: '\x0c', tab: '\t',
};

describe('LineEditor: typing and running', () => {
  it('shows the prompt, echoes what is typed and runs the line on Enter', async () => {
    const t = setup();
    expect(t.screen.text()).toBe('$');
    expect(t.screen.bracketed).toBe(true);
    await t.type('l', 's');
    expect(t.screen.text()).toBe('$ ls');
    expect(t.editor.value).toMatchObject({ line: 'ls', cursor: 2 });
    await t.type(KEY.enter);
    expect(t.runs).toEqual(['ls']);
    expect(t.screen.text()).toBe('$ ls\nran ls\n$');
    expect(t.screen.x).toBe(2);
    expect(t.events).toEqual(['command $ ls', 'output ran ls\n']);
    expect(t.ends).toEqual([{ status: 0 }]);
  });

  it('puts the prompt on a new row when the output did not end with a newline', async () => {
    const t = setup({ run: async (_l, out) => (out.write('no newline'), 3) });
    await t.type('x', KEY.enter);
    expect(t.screen.text()).toBe('$ x\nno newline\n$');
    expect(t.ends).toEqual([{ status: 3 }]);
  });

  it('converts the output’s LF to CR LF, so each line starts at the left', async () => {
    const t = setup({ run: async (_l, out) => (out.write('one\ntwo\n'), 0) });
    await t.type('x', KEY.enter);
    expect(t.screen.text()).toBe('$ x\none\ntwo\n$');
  });

  it('does not run a blank line', async () => {
    const t = setup();
    await t.type('  ', KEY.enter);
    expect(t.runs).toEqual([]);
    expect(t.screen.text()).toBe('$\n$');
  });

  it('says when the backend fails and gives the prompt back', async () => {
    const t = setup({ run: async () => Promise.reject(new Error('worker gone')) });
    await t.type('ls', KEY.enter);
    expect(t.screen.text()).toContain('The command failed: worker gone');
    expect(t.screen.cursorRow()).toBe('$');
    expect(t.ends).toEqual([{ error: 'worker gone' }]);
  });
});

describe('LineEditor: editing keys', () => {
  it('Backspace deletes before the cursor, at the end and in the middle, and does nothing at the start', async () => {
    const t = setup();
    await t.type('abcd', KEY.backspace);
    expect(t.screen.text()).toBe('$ abc');
    await t.type(KEY.left, KEY.backspace);
    expect(t.editor.value).toMatchObject({ line: 'ac', cursor: 1 });
    expect(t.screen.text()).toBe('$ ac');
    expect(t.screen.x).toBe(3);
    await t.type(KEY.home, KEY.backspace, '\b');
    expect(t.editor.value).toMatchObject({ line: 'ac', cursor: 0 });
  });

  it('Delete removes the character under the cursor', async () => {
    const t = setup();
    await t.type('abc', KEY.home, KEY.delete);
    expect(t.screen.text()).toBe('$ bc');
    expect(t.screen.x).toBe(2);
    await t.type(KEY.end, KEY.delete);
    expect(t.editor.value.line).toBe('bc');
  });

  it('Left and Right move the cursor, and text typed goes in at the cursor', async () => {
    const t = setup();
    await t.type('acd', KEY.left, KEY.left, 'b');
    expect(t.screen.text()).toBe('$ abcd');
    expect(t.screen.x).toBe(4);
    await t.type(KEY.right, KEY.right, KEY.right, 'e');
    expect(t.screen.text()).toBe('$ abcde');
    await t.type(KEY.left, '\x1bOD', 'X');
    expect(t.editor.value.line).toBe('abcXde');
  });

  it('Home/End and Ctrl+A/Ctrl+E go to the start and end of the line (all the sequences xterm sends)', async () => {
    const t = setup();
    await t.type('hello', KEY.home);
    expect(t.screen.x).toBe(2);
    await t.type(KEY.end);
    expect(t.screen.x).toBe(7);
    await t.type(KEY.ctrlA, '>');
    expect(t.editor.value.line).toBe('>hello');
    await t.type(KEY.ctrlE, '<');
    expect(t.editor.value.line).toBe('>hello<');
    await t.type('\x1bOH', '1', '\x1b[4~', '2', '\x1b[1~', '3');
    expect(t.editor.value.line).toBe('31>hello<2');
  });

  it('Ctrl+U kills to the start, Ctrl+K to the end, Ctrl+W the word before; Ctrl+Y yanks it back', async () => {
    const t = setup();
    await t.type('docker build -t app .', KEY.ctrlW);
    expect(t.screen.text()).toBe('$ docker build -t app');
    await t.type(KEY.ctrlW);
    expect(t.editor.value.line).toBe('docker build -t ');
    await t.type(KEY.ctrlY);
    expect(t.editor.value.line).toBe('docker build -t app ');
    await t.type(KEY.home, KEY.right, KEY.right, KEY.ctrlK);
    expect(t.screen.text()).toBe('$ do');
    await t.type(KEY.left, KEY.ctrlU);
    expect(t.screen.text()).toBe('$ o');
    expect(t.screen.x).toBe(2);
  });

  it('Alt+B/Alt+F and Ctrl+Left/Right move by words', async () => {
    const t = setup();
    await t.type('docker image ls', '\x1bb');
    expect(t.editor.value.cursor).toBe(13);
    await t.type('\x1b[1;5D');
    expect(t.editor.value.cursor).toBe(7);
    await t.type('\x1bf');
    expect(t.editor.value.cursor).toBe(12);
    await t.type('\x1b[1;5C');
    expect(t.editor.value.cursor).toBe(15);
  });

  it('Ctrl+D on an empty line does nothing; on text it deletes under the cursor', async () => {
    const t = setup();
    const before = t.screen.text();
    await t.type(KEY.ctrlD);
    expect(t.screen.text()).toBe(before);
    expect(t.runs).toEqual([]);
    await t.type('ab', KEY.left, KEY.ctrlD);
    expect(t.editor.value.line).toBe('a');
  });

  it('Ctrl+L clears the screen and draws the prompt and line at the top', async () => {
    const t = setup();
    await t.type('ls', KEY.enter, 'cat Doc', KEY.left);
    expect(t.screen.text()).toContain('ran ls');
    await t.type(KEY.ctrlL);
    expect(t.screen.text()).toBe('$ cat Doc');
    expect([t.screen.y, t.screen.x]).toEqual([0, 8]);
  });

  it('ignores keys it has no use for (F1, Escape, Shift+Tab, Insert)', async () => {
    const t = setup();
    await t.type('a', '\x1bOP', '\x1b', '\x1b[Z', '\x1b[2~', '\x07', 'b');
    expect(t.screen.text()).toBe('$ ab');
  });
});

describe('LineEditor: history', () => {
  it('Up goes back from the newest, Down comes forward, and the line being typed comes back at the end', async () => {
    const t = setup({ history: ['ls', 'cat Dockerfile'] });
    await t.type('docker b', KEY.up);
    expect(t.screen.text()).toBe('$ cat Dockerfile');
    await t.type(KEY.up);
    expect(t.screen.text()).toBe('$ ls');
    await t.type(KEY.up);
    expect(t.editor.value.line).toBe('ls');
    await t.type(KEY.down);
    expect(t.editor.value.line).toBe('cat Dockerfile');
    await t.type(KEY.down);
    expect(t.screen.text()).toBe('$ docker b');
    expect(t.editor.value.cursor).toBe(8);
    await t.type(KEY.down);
    expect(t.editor.value.line).toBe('docker b');
  });

  it('recalls lines run in this session, newest first, and runs the recalled line', async () => {
    const t = setup();
    await t.type('one', KEY.enter, 'two', KEY.enter, '\x1bOA', '\x1bOA');
    expect(t.editor.value.line).toBe('one');
    await t.type(KEY.enter);
    expect(t.runs).toEqual(['one', 'two', 'one']);
  });

  it('Down with no history walk started does nothing; Ctrl+P/Ctrl+N also walk it', async () => {
    const t = setup({ history: ['a', 'b'] });
    await t.type('x', KEY.down);
    expect(t.editor.value.line).toBe('x');
    await t.type('\x10', '\x10', '\x0e');
    expect(t.editor.value.line).toBe('b');
  });
});

describe('LineEditor: completion', () => {
  const words = ['build ', 'builder ', 'history ', 'images '];
  const docker = (line: string) => {
    const start = line.lastIndexOf(' ') + 1;
    const word = line.slice(start);
    return { start, candidates: words.filter((w) => w.startsWith(word)) };
  };

  it('inserts the one candidate (with its space)', async () => {
    const t = setup({ complete: docker });
    await t.type('docker hi', KEY.tab);
    expect(t.completions).toEqual(['docker hi']);
    expect(t.screen.text()).toBe('$ docker history');
    expect(t.editor.value).toMatchObject({ line: 'docker history ', cursor: 15 });
  });

  it('inserts the common prefix of several, rings on the next Tab if nothing more, lists them on the Tab after', async () => {
    const t = setup({ complete: docker });
    await t.type('docker b', KEY.tab);
    expect(t.editor.value.line).toBe('docker build');
    expect(t.screen.bells).toBe(0);
    await t.type(KEY.tab);
    expect(t.screen.text()).toBe('$ docker build\nbuild    builder\n$ docker build');
    expect([t.screen.y, t.screen.x]).toEqual([2, 14]);
  });

  it('with no common prefix to add, rings on the first Tab and lists on the second', async () => {
    const t = setup({ complete: docker });
    await t.type('docker ', KEY.tab);
    expect(t.screen.bells).toBe(1);
    expect(t.screen.text()).toBe('$ docker');
    await t.type(KEY.tab);
    expect(t.screen.text()).toBe('$ docker\nbuild    builder  history  images\n$ docker');
  });

  it('a key between the two Tabs starts over (no list)', async () => {
    const t = setup({ complete: docker });
    await t.type('docker ', KEY.tab, KEY.left, KEY.right, KEY.tab);
    expect(t.screen.bells).toBe(2);
    expect(t.screen.text()).toBe('$ docker');
  });

  it('completes the word at the cursor in the middle of a line, keeping what follows', async () => {
    const t = setup({ complete: docker });
    await t.type('docker hi --help', ...Array<string>(7).fill(KEY.left), KEY.tab);
    expect(t.completions).toEqual(['docker hi']);
    expect(t.editor.value).toMatchObject({ line: 'docker history  --help', cursor: 15 });
    expect(t.screen.text()).toBe('$ docker history  --help');
  });

  it('rings when there is nothing to complete', async () => {
    const t = setup({ complete: () => ({ start: 0, candidates: [] }) });
    await t.type('zzz', KEY.tab);
    expect(t.screen.bells).toBe(1);
    expect(t.editor.value.line).toBe('zzz');
  });

  it('lists paths by their last part', async () => {
    const t = setup({ complete: () => ({ start: 4, candidates: ['src/app.ts ', 'src/lib/'] }) });
    await t.type('cat src/', KEY.tab, KEY.tab);
    expect(t.screen.text()).toBe('$ cat src/\napp.ts  lib/\n$ cat src/');
  });

  it('keys typed while a completion is awaited wait for it', async () => {
    let answer: (v: { start: number; candidates: string[] }) => void = () => undefined;
    const t = setup({ complete: () => new Promise((r) => (answer = r)) });
    t.editor.feed('docker hi\t');
    t.editor.feed('-x');
    await flush();
    expect(t.editor.value.line).toBe('docker hi');
    answer({ start: 7, candidates: ['history '] });
    await t.editor.whenIdle();
    expect(t.editor.value.line).toBe('docker history -x');
  });

  it('Ctrl+C while a completion is awaited cancels the line, and the late answer is ignored', async () => {
    let answer: (v: { start: number; candidates: string[] }) => void = () => undefined;
    const t = setup({ complete: () => new Promise((r) => (answer = r)) });
    t.editor.feed('docker hi\t');
    await flush();
    t.editor.feed(KEY.ctrlC);
    answer({ start: 7, candidates: ['history '] });
    await flush();
    expect(t.screen.text()).toBe('$ docker hi^C\n$');
    expect(t.editor.value.line).toBe('');
  });
});

describe('LineEditor: Ctrl+C', () => {
  it('on a line being typed: prints ^C, drops the line, gives a new prompt, runs nothing', async () => {
    const t = setup();
    await t.type('docker bu', KEY.left, KEY.left, KEY.ctrlC);
    expect(t.screen.text()).toBe('$ docker bu^C\n$');
    expect(t.runs).toEqual([]);
    expect(t.interrupts()).toBe(0);
    expect(t.editor.value.line).toBe('');
  });

  it('during a run: interrupts the backend, prints ^C and a prompt at once, drops what it writes after and what was typed ahead', async () => {
    const d = deferredRun();
    const t = setup({ run: d.run });
    await t.type('docker build .', KEY.enter);
    expect(t.editor.value.running).toBe(true);
    d.pending[0]!.out.write('#1 [internal] load build definition\n');
    t.editor.feed('ls\r');
    t.editor.feed(KEY.ctrlC);
    expect(t.interrupts()).toBe(1);
    expect(t.editor.value.running).toBe(false);
    expect(t.screen.text()).toBe('$ docker build .\n#1 [internal] load build definition\n^C\n$');
    d.pending[0]!.out.write('#2 late\n');
    d.pending[0]!.finish(130);
    await flush();
    expect(t.screen.text()).not.toContain('late');
    expect(t.runs).toEqual(['docker build .']);
    expect(t.ends).toEqual([{ interrupted: true }]);
    await t.type('ls', KEY.enter);
    d.pending[1]!.finish(0);
    await t.editor.whenIdle();
    expect(t.runs).toEqual(['docker build .', 'ls']);
  });
});

describe('LineEditor: typeahead and paste', () => {
  it('keys typed while a command runs are replayed at the next prompt', async () => {
    const d = deferredRun();
    const t = setup({ run: d.run });
    await t.type('first', KEY.enter);
    t.editor.feed('sec');
    t.editor.feed('ond\r');
    expect(t.runs).toEqual(['first']);
    d.pending[0]!.finish(0);
    await flush();
    expect(t.runs).toEqual(['first', 'second']);
    d.pending[1]!.finish(0);
    await t.editor.whenIdle();
    expect(t.screen.text()).toBe('$ first\n$ second\n$');
  });

  it('a paste of several lines (as xterm sends it, CR between) runs each line in turn', async () => {
    const t = setup({ bracketedPaste: false });
    expect(t.screen.bracketed).toBe(false);
    await t.type('ls\rcat Dockerfile\rdocker images\r');
    expect(t.runs).toEqual(['ls', 'cat Dockerfile', 'docker images']);
    expect(t.screen.text()).toBe('$ ls\nran ls\n$ cat Dockerfile\nran cat Dockerfile\n$ docker images\nran docker images\n$');
  });

  it('CR LF and LF line ends count as one Enter each', async () => {
    const t = setup({ bracketedPaste: false });
    await t.type('a\r\nb\nc\r\n');
    expect(t.runs).toEqual(['a', 'b', 'c']);
  });

  it('a bracketed paste runs its complete lines and leaves the last one on the line; its tabs and control keys are text, not keys', async () => {
    const t = setup({ complete: () => ({ start: 0, candidates: ['nope '] }) });
    await t.type('\x1b[200~echo\ta\r\nls -l\x03\r\ndocker bu\x1b[201~');
    expect(t.runs).toEqual(['echo a', 'ls -l']);
    expect(t.completions).toEqual([]);
    expect(t.interrupts()).toBe(0);
    expect(t.editor.value.line).toBe('docker bu');
    expect(t.screen.cursorRow()).toBe('$ docker bu');
  });

  it('a bracketed paste split across two data events is one paste', async () => {
    const t = setup();
    await t.type('\x1b[200~cat Do', 'ckerfile\r\x1b[201~');
    expect(t.runs).toEqual(['cat Dockerfile']);
  });

  it('a paste goes in at the cursor', async () => {
    const t = setup();
    await t.type('docker  .', KEY.left, KEY.left, '\x1b[200~build\x1b[201~');
    expect(t.editor.value.line).toBe('docker build .');
  });
});

describe('LineEditor: submit (Run in the terminal)', () => {
  it('types and runs a line, and puts back what the learner had typed', async () => {
    const t = setup();
    await t.type('half typed');
    await t.editor.submit('docker images');
    expect(t.runs).toEqual(['docker images']);
    expect(t.screen.text()).toBe('$ docker images\nran docker images\n$ half typed');
    expect(t.editor.value.line).toBe('half typed');
  });

  it('waits for a running command, then runs; several lines run in order', async () => {
    const d = deferredRun();
    const t = setup({ run: d.run });
    await t.type('sleep', KEY.enter);
    const done = t.editor.submit('one\ntwo');
    d.pending[0]!.finish(0);
    await flush();
    expect(t.runs).toEqual(['sleep', 'one']);
    d.pending[1]!.finish(0);
    await flush();
    d.pending[2]!.finish(0);
    await done;
    expect(t.runs).toEqual(['sleep', 'one', 'two']);
  });
});

describe('LineEditor: long lines and wide characters', () => {
  it('wraps a line longer than the terminal and keeps the cursor right when editing it at the start', async () => {
    const t = setup({ cols: 10 });
    const text = 'abcdefghijklmnopqrstuvwxyz';
    await t.type(text);
    expect(t.screen.text()).toBe('$ abcdefgh\nijklmnopqr\nstuvwxyz');
    expect([t.screen.y, t.screen.x]).toEqual([2, 8]);
    await t.type(KEY.home);
    expect([t.screen.y, t.screen.x]).toEqual([0, 2]);
    await t.type('XY');
    expect(t.screen.text()).toBe('$ XYabcdef\nghijklmnop\nqrstuvwxyz');
    expect([t.screen.y, t.screen.x]).toEqual([0, 4]);
    await t.type(KEY.end);
    expect([t.screen.y, t.screen.x]).toEqual([3, 0]);
    await t.type('!');
    expect(t.screen.text()).toBe('$ XYabcdef\nghijklmnop\nqrstuvwxyz\n!');
    await t.type(KEY.backspace, KEY.backspace);
    expect(t.screen.text()).toBe('$ XYabcdef\nghijklmnop\nqrstuvwxy');
    expect([t.screen.y, t.screen.x]).toEqual([2, 9]);
  });

  it('a row filled to the last column puts the cursor at the start of the next row, where the next character goes', async () => {
    const t = setup({ cols: 10 });
    await t.type('12345678');
    expect([t.screen.y, t.screen.x, t.screen.pending]).toEqual([1, 0, false]);
    await t.type('9');
    expect(t.screen.text()).toBe('$ 12345678\n9');
    await t.type(KEY.left, KEY.left, 'x');
    expect(t.screen.text()).toBe('$ 1234567x\n89');
    expect([t.screen.y, t.screen.x]).toEqual([1, 0]);
  });

  it('a redraw that ends at the last column leaves the cursor where the line is edited, below earlier output', async () => {
    const t = setup({ cols: 10 });
    await t.type('ls', KEY.enter);
    const top = t.screen.y;
    await t.type('1234567', KEY.home, 'X');
    expect(t.screen.text()).toBe('$ ls\nran ls\n$ X1234567');
    expect([t.screen.y, t.screen.x]).toEqual([top, 3]);
    await t.type('Y', KEY.end, 'Z');
    expect(t.screen.text()).toBe('$ ls\nran ls\n$ XY123456\n7Z');
    expect([t.screen.y, t.screen.x]).toEqual([top + 1, 2]);
  });

  it('rows of a wrapped line stay marked as continuing the row above, after Backspace to a row’s first column too', async () => {
    const t = setup({ cols: 10 });
    await t.type('123456789');
    expect(t.screen.wrapped.slice(0, 2)).toEqual([false, true]);
    await t.type(KEY.backspace);
    expect(t.screen.text()).toBe('$ 12345678');
    expect([t.screen.y, t.screen.x]).toEqual([1, 0]);
    await t.type('9');
    expect(t.screen.wrapped.slice(0, 2)).toEqual([false, true]);
  });

  it('Up into a long history line and back to a short one redraws every row', async () => {
    const t = setup({ cols: 10, history: ['docker build --target runtime -t app .'] });
    await t.type('ls', KEY.up);
    expect(t.screen.text()).toBe('$ docker b\nuild --tar\nget runtim\ne -t app .');
    await t.type(KEY.down);
    expect(t.screen.text()).toBe('$ ls');
    expect([t.screen.y, t.screen.x]).toEqual([0, 4]);
  });

  it('Enter in the middle of a wrapped line leaves the output below the whole line', async () => {
    const t = setup({ cols: 10 });
    await t.type('echo 1234567890', KEY.home, KEY.enter);
    expect(t.screen.text()).toBe('$ echo 123\n4567890\nran echo 1\n234567890\n$');
  });

  it('counts East Asian wide characters as two cells', async () => {
    const t = setup();
    await t.type('echo 日本語');
    expect(t.screen.x).toBe(2 + 5 + 6);
    await t.type(KEY.left);
    expect(t.screen.x).toBe(11);
    await t.type('x');
    expect(t.editor.value.line).toBe('echo 日本x語');
    expect(t.screen.text()).toBe('$ echo 日本x語');
  });

  it('a wide character that does not fit at the end of a row starts the next, and the cursor follows', async () => {
    const t = setup({ cols: 10 });
    await t.type('1234567日');
    expect(t.screen.text()).toBe('$ 1234567\n日');
    expect([t.screen.y, t.screen.x]).toEqual([1, 2]);
    await t.type(KEY.left);
    expect([t.screen.y, t.screen.x]).toEqual([1, 0]);
    await t.type(KEY.end, KEY.backspace);
    expect(t.screen.text()).toBe('$ 1234567');
    expect([t.screen.y, t.screen.x]).toEqual([0, 9]);
  });

  it('keeps a combining mark with its letter: one Left steps over both', async () => {
    const t = setup();
    await t.type('cafe\u0301');
    expect(t.editor.value.cursor).toBe(4);
    expect(t.screen.x).toBe(6);
    await t.type(KEY.left, KEY.delete);
    expect(t.editor.value.line).toBe('caf');
  });

  it('works out the cursor with a coloured prompt (escape sequences take no cells)', async () => {
    const t = setup({ cols: 12, prompt: '\x1b[34m~/p\x1b[0m $ ' });
    await t.type('abcdefghij');
    expect([t.screen.y, t.screen.x]).toEqual([1, 4]);
    await t.type(KEY.home);
    expect([t.screen.y, t.screen.x]).toEqual([0, 6]);
  });
});

describe('LineEditor: stop and start (switching backends)', () => {
  it('stop interrupts a running command and ends the row; start shows a fresh prompt', async () => {
    const d = deferredRun();
    const t = setup({ run: d.run });
    await t.type('docker build .', KEY.enter);
    d.pending[0]!.out.write('step 1');
    t.editor.stop();
    expect(t.interrupts()).toBe(1);
    expect(t.screen.bracketed).toBe(false);
    t.editor.feed('ignored\r');
    d.pending[0]!.out.write('late');
    expect(t.screen.text()).toBe('$ docker build .\nstep 1');
    t.editor.start();
    await t.type('ls', KEY.enter);
    d.pending[1]!.out.write('ran ls\n');
    d.pending[1]!.finish(0);
    await flush();
    expect(t.screen.text()).toBe('$ docker build .\nstep 1\n$ ls\nran ls\n$');
  });
});

describe('helpers', () => {
  it('commonPrefix', () => {
    expect(commonPrefix(['build ', 'builder '])).toBe('build');
    expect(commonPrefix(['a', 'b'])).toBe('');
    expect(commonPrefix(['日本', '日本語'])).toBe('日本');
    expect(commonPrefix([])).toBe('');
  });

  it('completionLabel drops the trailing space and the path before the last part', () => {
    expect(completionLabel('history ')).toBe('history');
    expect(completionLabel('src/app.ts ')).toBe('app.ts');
    expect(completionLabel('src/lib/')).toBe('lib/');
    expect(completionLabel('src/')).toBe('src/');
  });

  it('formatColumns fills columns top to bottom within the width', () => {
    expect(formatColumns(['a', 'bb', 'c', 'dd', 'e'], 12)).toBe('a   c   e\r\nbb  dd\r\n');
    expect(formatColumns(['long-name', 'x'], 5)).toBe('long-name\r\nx\r\n');
  });

  it('layout wraps full rows and moves a wide character that does not fit', () => {
    expect(layout([1, 1, 1], 2)).toEqual([{ row: 0, col: 0 }, { row: 0, col: 1 }, { row: 1, col: 0 }, { row: 1, col: 1 }]);
    expect(layout([1, 2], 2)).toEqual([{ row: 0, col: 0 }, { row: 1, col: 0 }, { row: 2, col: 0 }]);
  });

  it('clusters keeps combining marks with their base', () => {
    expect(clusters('e\u0301a')).toEqual(['e\u0301', 'a']);
    expect(clusters('😀x')).toEqual(['😀', 'x']);
  });
});

describe('LineEditor: clearScreen while a command runs (the shell’s `clear`)', () => {
  it('clears, and the next prompt starts at the top row', async () => {
    const d = deferredRun();
    const t = setup({ run: d.run });
    await t.type('ls', KEY.enter);
    d.pending[0]!.out.write('partial');
    t.editor.clearScreen();
    d.pending[0]!.finish(0);
    await flush();
    expect(t.screen.text()).toBe('$');
    expect([t.screen.y, t.screen.x]).toEqual([0, 2]);
  });
});

/**
 * The line editor's drawing checked against xterm itself: xterm's parser and
 * buffer run in Node without a renderer (never opened), given just enough of a
 * `window` and `document` to construct. Random edits — wide characters,
 * combining marks, rows filled to the last column, history, Ctrl+L — on narrow
 * terminals; after each key, the rows xterm holds from the prompt on (joined by
 * its own "this row continues the one above" marks) must read prompt + line,
 * and xterm's cursor must stand where the editor's layout says.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Terminal as XTerm } from '@xterm/xterm';
import { LineEditor, clusters, codePointWidth, layout } from './line-editor';

let Terminal: typeof XTerm;

beforeAll(async () => {
  const g = globalThis as Record<string, unknown>;
  g.window ??= globalThis;
  g.self ??= globalThis;
  g.document ??= { createElement: () => ({ style: {}, classList: { add() {} }, getContext: () => null }), addEventListener() {} };
  ({ Terminal } = await import('@xterm/xterm'));
});

const KEYS = [
  'a', 'b', 'x y', '日', '本', 'e\u0301', '\x7f', '\x1b[3~', '\x1b[D', '\x1b[C', '\x1b[H', '\x1b[F',
  '\x15', '\x0b', '\x17', '\x19', '\x1bb', '\x1bf', '\x1b[A', '\x1b[B', '\x0c',
];
const PROMPTS = ['$ ', '~/proj $ ', '日本 $ '];

function random(seed: number) {
  let s = seed;
  return (n: number) => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s % n;
  };
}

const widths = (text: string) => clusters(text).map((c) => codePointWidth(c.codePointAt(0)!));

describe('LineEditor against xterm', () => {
  it('what xterm shows after each of 1200 random keys is the prompt and line, with the cursor where the editor puts it', async () => {
    const rand = random(20261202);
    for (let trial = 0; trial < 40; trial++) {
      const cols = 4 + rand(8);
      const prompt = PROMPTS[rand(PROMPTS.length)]!;
      const term = new Terminal({ cols, rows: 60, scrollback: 0, allowProposedApi: true });
      let writes: string[] = [];
      const editor = new LineEditor(
        {
          prompt: () => prompt,
          run: async () => 0,
          interrupt: () => undefined,
          complete: async () => ({ start: 0, candidates: [] }),
          history: () => ['docker build --target runtime -t app:multi .', 'ls'],
        },
        { write: (d) => writes.push(d), columns: () => cols, bracketedPaste: false },
      );
      editor.start();
      const keys: string[] = [];
      for (let step = 0; step < 30; step++) {
        const key = KEYS[rand(KEYS.length)]!;
        keys.push(key);
        editor.feed(key); // none of these keys waits on the backend: the output is all there
        const data = writes.join('');
        writes = [];
        await new Promise<void>((r) => term.write(data, r));
        const buffer = term.buffer.active;
        let shown = '';
        for (let y = 0; y < buffer.length; y++) {
          const row = buffer.getLine(y);
          if (!row || (y > 0 && !row.isWrapped)) break;
          shown += row.translateToString(true);
        }
        const { line, cursor } = editor.value;
        const pos = layout(widths(prompt).concat(widths(line)), cols)[clusters(prompt).length + cursor]!;
        const context = { cols, prompt, keys };
        expect({ shown: shown.trimEnd(), ...context }).toEqual({ shown: (prompt + line).trimEnd(), ...context });
        expect({ x: buffer.cursorX, y: buffer.cursorY, ...context }).toEqual({ x: pos.col, y: pos.row, ...context });
      }
      term.dispose();
    }
  }, 30_000);
});

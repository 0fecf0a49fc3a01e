/**
 * A command line as the in-page shell reads it: words split on blanks, with
 * POSIX quoting (`'…'`, `"…"` with `\` before `"`, `\`, `$`, `` ` ``), backslash
 * escapes, `$NAME` / `${NAME}` from the session's variables, `#` comments, and
 * lists joined by `&&`, `||` and `;`. Pipes, redirections, command substitution
 * and globbing are not part of this shell; each is refused with a message naming it.
 */

export type ListOp = '&&' | '||' | ';';

export interface SimpleCommand {
  words: string[];
  /** The command's own text, for expanding its variables when it runs (`$?` after the one before). */
  raw: string;
  /** How this command follows the previous one (null for the first). */
  op: ListOp | null;
}

export type ParsedLine = { commands: SimpleCommand[] } | { error: string };

const BLANK = /[ \t]/;
const NAME_START = /[A-Za-z_]/;
const NAME = /[A-Za-z0-9_]/;

/** Where a word starts and what it reads so far: what completion works on. */
export interface WordSpan {
  text: string;
  start: number;
  end: number;
}

interface Scan {
  commands: SimpleCommand[];
  /** The words of the last simple command, with spans, for completion. */
  last: WordSpan[];
  error: string | null;
  /** The line ends inside a word (no blank after it). */
  open: boolean;
}

function scan(line: string, env: (name: string) => string | undefined): Scan {
  const commands: SimpleCommand[] = [];
  let words: WordSpan[] = [];
  let op: ListOp | null = null;
  let commandStart = 0;
  let word = null as string | null;
  let start = 0;
  let i = 0;
  const endWord = () => {
    if (word !== null) words.push({ text: word, start, end: i });
    word = null;
  };
  const begin = () => {
    if (word === null) {
      word = '';
      start = i;
    }
  };
  const endCommand = (next: ListOp | null): string | null => {
    endWord();
    if (words.length === 0) return next === null ? null : `syntax error near unexpected token \`${next}'`;
    commands.push({ words: words.map((w) => w.text), raw: line.slice(commandStart, i), op });
    op = next;
    words = [];
    commandStart = i + (next === ';' ? 1 : 2);
    return null;
  };
  const variable = (): string | null => {
    // At `$`: a name, `${name}`, or a literal `$`.
    if (line[i + 1] === '{') {
      const close = line.indexOf('}', i + 2);
      if (close < 0) return null;
      const name = line.slice(i + 2, close);
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return null;
      i = close + 1;
      return env(name) ?? '';
    }
    if (line[i + 1] !== undefined && NAME_START.test(line[i + 1]!)) {
      let j = i + 1;
      while (j < line.length && NAME.test(line[j]!)) j++;
      const name = line.slice(i + 1, j);
      i = j;
      return env(name) ?? '';
    }
    if (line[i + 1] === '?') {
      i += 2;
      return env('?') ?? '0';
    }
    i++;
    return '$';
  };
  const fail = (message: string): Scan => ({ commands, last: words, error: message, open: word !== null });
  while (i < line.length) {
    const c = line[i]!;
    if (BLANK.test(c)) {
      endWord();
      i++;
      continue;
    }
    if (c === '#' && word === null) break;
    if (c === '\\') {
      begin();
      if (i + 1 >= line.length) return fail('unexpected end of line after \\ (this shell reads one line at a time)');
      word += line[i + 1]!;
      i += 2;
      continue;
    }
    if (c === "'") {
      begin();
      const close = line.indexOf("'", i + 1);
      if (close < 0) return fail("unexpected end of line: a ' quote is not closed");
      word += line.slice(i + 1, close);
      i = close + 1;
      continue;
    }
    if (c === '"') {
      begin();
      i++;
      for (;;) {
        if (i >= line.length) return fail('unexpected end of line: a " quote is not closed');
        const d = line[i]!;
        if (d === '"') {
          i++;
          break;
        }
        if (d === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1]!)) {
          word += line[i + 1]!;
          i += 2;
          continue;
        }
        if (d === '`') return fail('command substitution (`…`) is not supported in this shell');
        if (d === '$') {
          if (line[i + 1] === '(') return fail('command substitution ($(…)) is not supported in this shell');
          const v = variable();
          if (v === null) return fail('bad substitution: ${…} needs a variable name and a closing }');
          word += v;
          continue;
        }
        word += d;
        i++;
      }
      continue;
    }
    if (c === '$') {
      begin();
      if (line[i + 1] === '(') return fail('command substitution ($(…)) is not supported in this shell');
      const v = variable();
      if (v === null) return fail('bad substitution: ${…} needs a variable name and a closing }');
      word += v;
      continue;
    }
    if (c === '`') return fail('command substitution (`…`) is not supported in this shell');
    if (c === '&' && line[i + 1] === '&') {
      const e = endCommand('&&');
      if (e) return fail(e);
      i += 2;
      continue;
    }
    if (c === '|' && line[i + 1] === '|') {
      const e = endCommand('||');
      if (e) return fail(e);
      i += 2;
      continue;
    }
    if (c === ';') {
      const e = endCommand(';');
      if (e) return fail(e);
      i++;
      continue;
    }
    if (c === '|') return fail('pipes (|) are not supported in this shell; run each command on its own');
    if (c === '&') return fail('background jobs (&) are not supported in this shell');
    if (c === '>' || c === '<') return fail(`redirections (${c}) are not supported in this shell; its files are the lesson's project, read-only`);
    if (c === '(' || c === ')') return fail('subshells ( … ) are not supported in this shell');
    begin();
    word += c;
    i++;
  }
  const open = word !== null;
  endWord();
  if (words.length === 0 && op !== null && op !== ';') return { commands, last: words, error: `syntax error: nothing after \`${op}'`, open };
  if (words.length) commands.push({ words: words.map((w) => w.text), raw: line.slice(commandStart), op });
  return { commands, last: words, error: null, open };
}

export function parseLine(line: string, env: (name: string) => string | undefined = () => undefined): ParsedLine {
  const s = scan(line, env);
  return s.error !== null ? { error: s.error } : { commands: s.commands };
}

/**
 * The words of the command the cursor is in (the line up to the cursor), and the one
 * being typed: `current` is '' when the line ends in a blank.
 */
export function completionWords(line: string, env: (name: string) => string | undefined = () => undefined): { words: string[]; current: string; currentStart: number } {
  const s = scan(line, env);
  const words = s.last.map((w) => w.text);
  if (s.open && s.last.length) {
    const last = s.last[s.last.length - 1]!;
    return { words: words.slice(0, -1), current: last.text, currentStart: last.start };
  }
  return { words, current: '', currentStart: line.length };
}

/** A word as it must be typed to come back as itself (for completions with blanks or quotes). */
export function quoteWord(word: string): string {
  if (word !== '' && /^[A-Za-z0-9_@%+=:,./~-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, "'\\''")}'`;
}

/**
 * The word-level pieces of BuildKit's Dockerfile parser
 * (moby/buildkit frontend/dockerfile/parser: split_command.go, line_parsers.go),
 * re-implemented with the source position of every word.
 */

import { isGoSpace } from '../go/text';

export { isGoSpace };

/** `[\t\v\f\r ]` — the whitespace BuildKit splits commands and FROM/EXPOSE words on. */
export function isTokenSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0b || c === 0x0c || c === 0x0d;
}

/** Index of the first character at or after `start` that is not a Go space. */
export function skipSpace(s: string, start = 0, end = s.length): number {
  while (start < end && isGoSpace(s.charCodeAt(start))) start++;
  return start;
}

/** Index just past the last character before `end` that is not a Go space. */
export function trimEnd(s: string, start = 0, end = s.length): number {
  while (end > start && isGoSpace(s.charCodeAt(end - 1))) end--;
  return end;
}

/** strings.TrimSpace: [start, end) of `s` without leading and trailing Go spaces. */
export function trimSpan(s: string, start = 0, end = s.length): [number, number] {
  while (start < end && isGoSpace(s.charCodeAt(start))) start++;
  while (end > start && isGoSpace(s.charCodeAt(end - 1))) end--;
  return [start, end];
}

/** A word with its span [start, end) in the string it came from. */
export interface Word {
  value: string;
  start: number;
  end: number;
}

/**
 * BuildKit's parseWords: space-separated words; quotes and escapes are kept in
 * the word (they are removed later, when the instruction runs). An escape token
 * at the very end of the text is dropped.
 */
export function parseWords(rest: string, escape: string, offset = 0): Word[] {
  const words: Word[] = [];
  const esc = escape.charCodeAt(0);
  const n = rest.length;
  let i = 0;
  while (i < n) {
    while (i < n && isGoSpace(rest.charCodeAt(i))) i++;
    if (i >= n) break;
    const start = i;
    let value = '';
    let quote = 0;
    let blankOK = false;
    while (i < n) {
      const c = rest.charCodeAt(i);
      if (quote === 0) {
        if (isGoSpace(c)) break;
        if (c === 0x27 || c === 0x22) {
          quote = c;
          blankOK = true;
        }
        if (c === esc) {
          if (i + 1 === n) {
            i++;
            continue;
          }
          value += rest[i]! + rest[i + 1]!;
          i += 2;
          continue;
        }
        value += rest[i]!;
        i++;
      } else {
        if (c === quote) {
          quote = 0;
          value += rest[i]!;
          i++;
          continue;
        }
        if (c === esc && quote !== 0x27) {
          if (i + 1 === n) {
            quote = 0;
            i++;
            continue;
          }
          value += rest[i]! + rest[i + 1]!;
          i += 2;
          continue;
        }
        value += rest[i]!;
        i++;
      }
    }
    if (blankOK || value.length > 0) words.push({ value, start: start + offset, end: i + offset });
  }
  return words;
}

/** reWhitespace.Split: words between runs of `[\t\v\f\r ]`. */
export function splitTokenSpace(rest: string, offset = 0): Word[] {
  const words: Word[] = [];
  let i = 0;
  const n = rest.length;
  let start = 0;
  // Go's Split keeps empty leading/trailing pieces; callers pass trimmed text.
  for (; i <= n; i++) {
    if (i === n || isTokenSpace(rest.charCodeAt(i))) {
      words.push({ value: rest.slice(start, i), start: start + offset, end: i + offset });
      while (i + 1 < n && isTokenSpace(rest.charCodeAt(i + 1))) i++;
      start = i + 1;
    }
  }
  return words;
}

/** A `--flag` word as BuildKit's extractBuilderFlags returns it. */
export interface FlagWord {
  /** Quotes and backslashes removed: `--from=builder`. */
  text: string;
  start: number;
  end: number;
  /** Where the value (after `=`) starts in the source, or -1. */
  valueStart: number;
}

/**
 * extractBuilderFlags: leading words that start with `--`, with quotes and
 * backslash escapes removed. Returns the flags and the offset where the
 * remaining text starts (`--` alone ends the flags).
 */
export function extractBuilderFlags(line: string, offset = 0): { flags: FlagWord[]; restStart: number } {
  const flags: FlagWord[] = [];
  const n = line.length;
  let i = 0;
  for (;;) {
    while (i < n && isGoSpace(line.charCodeAt(i))) i++;
    if (i >= n) return { flags, restStart: n + offset };
    if (line[i] !== '-' || i + 1 >= n || line[i + 1] !== '-') return { flags, restStart: i + offset };
    const start = i;
    let text = '';
    let quote = '';
    let valueStart = -1;
    while (i < n) {
      const ch = line[i]!;
      if (!quote) {
        if (isGoSpace(line.charCodeAt(i))) break;
        if (ch === '=' && valueStart < 0) valueStart = i + 1;
        if (ch === '"' || ch === "'") {
          quote = ch;
          i++;
          continue;
        }
        if (ch === '\\') {
          if (i + 1 === n) {
            i++;
            continue;
          }
          text += line[i + 1]!;
          i += 2;
          continue;
        }
        text += ch;
        i++;
      } else {
        if (ch === quote) {
          quote = '';
          i++;
          continue;
        }
        if (ch === '\\') {
          if (i + 1 === n) {
            quote = '';
            i++;
            continue;
          }
          text += line[i + 1]!;
          i += 2;
          continue;
        }
        text += ch;
        i++;
      }
    }
    if (text === '--') {
      // A lone `--` ends the flags; what follows it is the rest.
      return { flags, restStart: i + offset };
    }
    flags.push({ text, start: start + offset, end: i + offset, valueStart: valueStart < 0 ? -1 : valueStart + offset });
  }
}

/**
 * Words of a line the way BuildKit's shell lexer splits it when it looks for
 * heredocs (raw quotes, raw escapes): quotes and backslashes stay in the word.
 */
export function shellWordsRaw(line: string, offset = 0): Word[] {
  const words: Word[] = [];
  const n = line.length;
  let i = 0;
  while (i < n) {
    while (i < n && (line[i] === ' ' || line[i] === '\t' || line[i] === '\n' || line[i] === '\r')) i++;
    if (i >= n) break;
    const start = i;
    while (i < n && !(line[i] === ' ' || line[i] === '\t' || line[i] === '\n' || line[i] === '\r')) {
      const ch = line[i];
      if (ch === '\\') {
        i += 2;
      } else if (ch === "'") {
        const close = line.indexOf("'", i + 1);
        i = close < 0 ? n : close + 1;
      } else if (ch === '"') {
        i++;
        while (i < n && line[i] !== '"') i += line[i] === '\\' ? 2 : 1;
        i++;
      } else {
        i++;
      }
    }
    i = Math.min(i, n);
    words.push({ value: line.slice(start, i), start: start + offset, end: i + offset });
  }
  return words;
}

/**
 * Removes shell quoting from a word without expanding variables: `"a b"` → `a b`,
 * `'x'` → `x`, `a\ b` → `a b` (with `\` or the file's escape token).
 */
export function unquote(word: string, escape = '\\'): string {
  let out = '';
  let quote = '';
  for (let i = 0; i < word.length; i++) {
    const ch = word[i]!;
    if (quote === "'") {
      if (ch === "'") quote = '';
      else out += ch;
    } else if (quote === '"') {
      if (ch === '"') quote = '';
      else if (ch === escape && i + 1 < word.length && '"\\$`'.includes(word[i + 1]!) ) out += word[++i]!;
      else if (ch === escape && i + 1 < word.length && word[i + 1] === escape) out += word[++i]!;
      else out += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
    } else if (ch === escape && i + 1 < word.length) {
      out += word[++i]!;
    } else {
      out += ch;
    }
  }
  return out;
}

/** Bytes of a string in UTF-8 (Go measures line lengths in bytes). */
export { utf8Length } from '../go/text';

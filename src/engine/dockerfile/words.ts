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
  /**
   * Quotes and escapes removed: `--from=builder`. BuildKit reads flags byte by byte and
   * writes each byte as a rune, so a non-ASCII character comes out as its UTF-8 bytes read as
   * Latin-1 (`é` → `Ã©`); this text is that string.
   */
  text: string;
  start: number;
  end: number;
  /** Where the value (after `=`) starts in the source, or -1. */
  valueStart: number;
}

/**
 * `unicode.IsSpace(rune(b))` for one byte of UTF-8: the ASCII spaces, and 0x85 and 0xA0, which
 * only occur as continuation bytes of a multi-byte character.
 */
export function isByteSpace(b: number): boolean {
  return b === 0x20 || (b >= 0x09 && b <= 0x0d) || b === 0x85 || b === 0xa0;
}

/**
 * A string's UTF-8 bytes with, for each byte, where its character starts and ends in the
 * string (UTF-16 offsets). A lone surrogate is written as U+FFFD, as TextEncoder does.
 */
export function utf8Map(s: string): { bytes: Uint8Array; at: Int32Array; after: Int32Array } {
  const n = s.length;
  const bytes = new Uint8Array(n * 3);
  const at = new Int32Array(n * 3 + 1);
  const after = new Int32Array(n * 3 + 1);
  let k = 0;
  for (let i = 0; i < n; ) {
    let cp = s.charCodeAt(i);
    let w = 1;
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < n && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      cp = ((cp - 0xd800) << 10) + (s.charCodeAt(i + 1) - 0xdc00) + 0x10000;
      w = 2;
    } else if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
    const from = k;
    if (cp < 0x80) bytes[k++] = cp;
    else if (cp < 0x800) {
      bytes[k++] = 0xc0 | (cp >> 6);
      bytes[k++] = 0x80 | (cp & 0x3f);
    } else if (cp < 0x10000) {
      bytes[k++] = 0xe0 | (cp >> 12);
      bytes[k++] = 0x80 | ((cp >> 6) & 0x3f);
      bytes[k++] = 0x80 | (cp & 0x3f);
    } else {
      bytes[k++] = 0xf0 | (cp >> 18);
      bytes[k++] = 0x80 | ((cp >> 12) & 0x3f);
      bytes[k++] = 0x80 | ((cp >> 6) & 0x3f);
      bytes[k++] = 0x80 | (cp & 0x3f);
    }
    for (let j = from; j < k; j++) {
      at[j] = i;
      after[j] = i + w;
    }
    i += w;
  }
  at[k] = n;
  after[k] = n;
  return { bytes: bytes.subarray(0, k), at, after };
}

/**
 * extractBuilderFlags (split_command.go): leading words that start with `--`, with quotes and
 * the file's escape token removed. Returns the flags and the offset where the remaining text
 * starts (`--` alone ends the flags).
 *
 * BuildKit quirk, kept: it walks the line byte by byte (`rune(line[pos])`), so a non-ASCII
 * character is written into the flag as its bytes read as Latin-1, a byte 0x85 or 0xA0 inside a
 * character ends the flag (unicode.IsSpace of that rune), and Unicode spaces such as U+2003 do
 * not end it. When the flags end in the middle of a character, the rest starts after it (BuildKit
 * keeps the character's remaining bytes, which no string here can hold).
 */
export function extractBuilderFlags(line: string, offset = 0, escape = '\\'): { flags: FlagWord[]; restStart: number } {
  const flags: FlagWord[] = [];
  const n = line.length;
  let i = 0;
  while (i < n && isByteSpace(line.charCodeAt(i)) && line.charCodeAt(i) < 0x80) i++;
  if (i + 1 >= n || line.charCodeAt(i) !== 0x2d || line.charCodeAt(i + 1) !== 0x2d) return { flags, restStart: i + offset };
  const cur = new Utf8Cursor(line, i);
  const esc = escape.charCodeAt(0);
  const IN_SPACES = 0;
  const IN_WORD = 1;
  const IN_QUOTE = 2;
  let phase = IN_SPACES;
  let sb = '';
  let quote = 0;
  let blankOK = false;
  let wordStart = 0;
  let valueStart = -1;
  let ch = 0;
  const push = (end: number) => {
    flags.push({ text: sb, start: wordStart + offset, end: end + offset, valueStart: valueStart < 0 ? -1 : valueStart + offset });
  };
  // One byte per turn (BuildKit's `pos++`); `continue` moves to the next byte.
  for (; ; cur.advance()) {
    const atEnd = cur.end;
    if (!atEnd) ch = cur.byte;
    if (phase === IN_SPACES) {
      if (atEnd) break;
      if (isByteSpace(ch)) continue;
      if (ch !== 0x2d || cur.nextByte() !== 0x2d) return { flags, restStart: cur.src + offset };
      phase = IN_WORD;
      wordStart = cur.src;
      valueStart = -1;
    }
    if (atEnd) {
      if (sb !== '--' && (blankOK || sb.length > 0)) push(n);
      break;
    }
    if (phase === IN_WORD) {
      if (isByteSpace(ch)) {
        phase = IN_SPACES;
        if (sb === '--') return { flags, restStart: cur.src + offset };
        if (blankOK || sb.length > 0) push(cur.src);
        sb = '';
        blankOK = false;
        continue;
      }
      if (ch === 0x27 || ch === 0x22) {
        quote = ch;
        blankOK = true;
        phase = IN_QUOTE;
        continue;
      }
      if (ch === esc) {
        if (cur.nextByte() < 0) continue;
        cur.advance();
        ch = cur.byte;
      }
      if (ch === 0x3d && valueStart < 0) valueStart = cur.ci + 1;
      sb += String.fromCharCode(ch);
      continue;
    }
    // IN_QUOTE
    if (ch === quote) {
      phase = IN_WORD;
      continue;
    }
    if (ch === esc) {
      if (cur.nextByte() < 0) {
        phase = IN_WORD;
        continue;
      }
      cur.advance();
      ch = cur.byte;
    }
    if (ch === 0x3d && valueStart < 0) valueStart = cur.ci + 1;
    sb += String.fromCharCode(ch);
  }
  return { flags, restStart: n + offset };
}

/**
 * Walks a string's UTF-8 bytes without encoding it first (a lone surrogate reads as U+FFFD, as
 * TextEncoder writes it). `ci` is the current character's offset in the string.
 */
class Utf8Cursor {
  ci = 0;
  /** UTF-16 units of the current character, and its UTF-8 bytes (nb of them; 0 at the end). */
  cw = 0;
  nb = 0;
  bi = 0;
  b0 = 0;
  b1 = 0;
  b2 = 0;
  b3 = 0;
  constructor(
    readonly s: string,
    start: number,
  ) {
    this.load(start);
  }

  private load(i: number): void {
    this.ci = i;
    this.bi = 0;
    const s = this.s;
    if (i >= s.length) {
      this.nb = 0;
      this.cw = 0;
      return;
    }
    let cp = s.charCodeAt(i);
    this.cw = 1;
    if (cp < 0x80) {
      this.nb = 1;
      this.b0 = cp;
      return;
    }
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      cp = ((cp - 0xd800) << 10) + (s.charCodeAt(i + 1) - 0xdc00) + 0x10000;
      this.cw = 2;
    } else if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
    if (cp < 0x800) {
      this.nb = 2;
      this.b0 = 0xc0 | (cp >> 6);
      this.b1 = 0x80 | (cp & 0x3f);
    } else if (cp < 0x10000) {
      this.nb = 3;
      this.b0 = 0xe0 | (cp >> 12);
      this.b1 = 0x80 | ((cp >> 6) & 0x3f);
      this.b2 = 0x80 | (cp & 0x3f);
    } else {
      this.nb = 4;
      this.b0 = 0xf0 | (cp >> 18);
      this.b1 = 0x80 | ((cp >> 12) & 0x3f);
      this.b2 = 0x80 | ((cp >> 6) & 0x3f);
      this.b3 = 0x80 | (cp & 0x3f);
    }
  }

  get end(): boolean {
    return this.nb === 0;
  }

  private at(k: number): number {
    return k === 0 ? this.b0 : k === 1 ? this.b1 : k === 2 ? this.b2 : this.b3;
  }

  get byte(): number {
    return this.at(this.bi);
  }

  advance(): void {
    if (this.nb === 0) return;
    if (++this.bi >= this.nb) this.load(this.ci + this.cw);
  }

  /** The byte after the current one, or -1 at the end. */
  nextByte(): number {
    if (this.bi + 1 < this.nb) return this.at(this.bi + 1);
    const j = this.ci + this.cw;
    if (j >= this.s.length) return -1;
    const c = this.s.charCodeAt(j);
    // Only whether it is `-` matters to the callers: any lead byte of a longer sequence is >= 0xC0.
    return c < 0x80 ? c : 0xc0;
  }

  /** The offset in the string, rounded up to the end of a character the cursor is inside. */
  get src(): number {
    return this.bi === 0 ? this.ci : this.ci + this.cw;
  }
}

/**
 * The words of a line as BuildKit's shell lexer (shell/lex.go, `ProcessWords` with an empty
 * environment, SkipUnsetEnv and the backslash escape) splits them, for the heredoc search:
 * `rawQuotes`/`rawEscapes` keep quotes and escapes in the words. Null when the lexer fails
 * (an unclosed quote, a bad `${…}`), with its message in `error`.
 *
 * Quirks kept: `<<` takes the tabs, CRs and spaces after it into the word (`<< EOF` is one
 * word); a `${…}` with a modifier re-enters the lexer, which clears the shared word buffer, so
 * the characters of the word before it are lost; `${a:-x y}` is split at its space.
 */
export function shellLexWords(text: string, rawQuotes: boolean, rawEscapes: boolean): { words: Word[]; error: null } | { words: null; error: string } {
  const lx = new ShellLexer(text, rawQuotes, rawEscapes);
  try {
    return { words: lx.processStopOn(-1, rawEscapes).words, error: null };
  } catch (e) {
    if (e instanceof LexError) return { words: null, error: e.message };
    throw e;
  }
}

class LexError {
  constructor(readonly message: string) {}
}

const EOF = -1;

/** unicode.IsLetter / unicode.IsDigit on a code point. */
const LETTER = /^\p{L}$/u;
const DIGIT = /^\p{Nd}$/u;
function isLetter(c: number): boolean {
  if (c < 0x80) return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
  return LETTER.test(String.fromCodePoint(c));
}
function isDigit(c: number): boolean {
  if (c < 0x80) return c >= 0x30 && c <= 0x39;
  return DIGIT.test(String.fromCodePoint(c));
}

interface LexWords {
  list: Word[];
  inWord: boolean;
}

class ShellLexer {
  i = 0;
  /** The word buffer, shared by nested calls as in BuildKit (shellWord.wordsBuffer). */
  buf = '';
  bufStart = 0;
  constructor(
    readonly s: string,
    readonly rawQuotes: boolean,
    public rawEscapes: boolean,
  ) {
    // text/scanner skips a byte order mark at the start.
    if (s.charCodeAt(0) === 0xfeff) this.i = 1;
  }

  peek(): number {
    return this.i < this.s.length ? this.s.codePointAt(this.i)! : EOF;
  }

  next(): number {
    if (this.i >= this.s.length) return EOF;
    const c = this.s.codePointAt(this.i)!;
    this.i += c > 0xffff ? 2 : 1;
    return c;
  }

  addChar(w: LexWords, c: number, at: number): void {
    const space = c <= 0xffff && isGoSpace(c);
    if (space && w.inWord) {
      if (this.buf.length !== 0) {
        w.list.push({ value: this.buf, start: this.bufStart, end: at });
        this.buf = '';
        w.inWord = false;
      }
    } else if (!space) this.addRawString(w, String.fromCodePoint(c), at);
  }

  addRawString(w: LexWords, str: string, at: number): void {
    if (this.buf.length === 0) this.bufStart = at;
    this.buf += str;
    w.inWord = true;
  }

  getWords(w: LexWords): Word[] {
    if (this.buf.length > 0) {
      w.list.push({ value: this.buf, start: this.bufStart, end: this.i });
      this.buf = '';
      w.inWord = false;
    }
    return w.list;
  }

  processStopOn(stop: number, rawEscapes: boolean): { result: string; words: Word[] } {
    let result = '';
    this.buf = '';
    const w: LexWords = { list: [], inWord: false };
    const saved = this.rawEscapes;
    this.rawEscapes = rawEscapes;
    try {
      while (this.peek() !== EOF) {
        let ch = this.peek();
        const at = this.i;
        if (stop !== EOF && ch === stop) {
          this.next();
          return { result, words: this.getWords(w) };
        }
        if (ch === 0x24 /* $ */ || ch === 0x3c /* < */ || ch === 0x27 || ch === 0x22) {
          const tmp = ch === 0x24 ? this.processDollar() : ch === 0x3c ? this.processPossibleHeredoc() : ch === 0x27 ? this.processSingleQuote() : this.processDoubleQuote();
          result += tmp;
          if (ch === 0x24) for (const c of tmp) this.addChar(w, c.codePointAt(0)!, at);
          else this.addRawString(w, tmp, at);
          continue;
        }
        ch = this.next();
        if (ch === 0x5c) {
          if (this.rawEscapes) {
            this.addRawString(w, '\\', at);
            result += '\\';
          }
          ch = this.next();
          if (ch === EOF) break;
          this.addRawString(w, String.fromCodePoint(ch), at);
        } else this.addChar(w, ch, at);
        result += String.fromCodePoint(ch);
      }
      if (stop !== EOF) throw new LexError(`unexpected end of statement while looking for matching ${String.fromCodePoint(stop)}`);
      return { result, words: this.getWords(w) };
    } finally {
      this.rawEscapes = saved;
    }
  }

  processSingleQuote(): string {
    let result = '';
    this.next();
    if (this.rawQuotes) result += "'";
    for (;;) {
      const ch = this.next();
      if (ch === EOF) throw new LexError('unexpected end of statement while looking for matching single-quote');
      if (ch === 0x27) {
        if (this.rawQuotes) result += "'";
        return result;
      }
      result += String.fromCodePoint(ch);
    }
  }

  processDoubleQuote(): string {
    let result = '';
    this.next();
    if (this.rawQuotes) result += '"';
    for (;;) {
      const p = this.peek();
      if (p === EOF) throw new LexError('unexpected end of statement while looking for matching double-quote');
      if (p === 0x22) {
        this.next();
        if (this.rawQuotes) result += '"';
        return result;
      }
      if (p === 0x24) {
        result += this.processDollar();
        continue;
      }
      let ch = this.next();
      if (ch === 0x5c) {
        if (this.rawEscapes) result += '\\';
        const q = this.peek();
        if (q === EOF) continue;
        if (q === 0x22 || q === 0x24 || q === 0x5c) ch = this.next();
      }
      result += String.fromCodePoint(ch);
    }
  }

  processDollar(): string {
    this.next();
    if (this.peek() !== 0x7b /* { */) {
      const name = this.processName();
      return name === '' ? '$' : `$${name}`;
    }
    this.next();
    const p = this.peek();
    if (p === EOF) throw new LexError("syntax error: missing '}'");
    if (p === 0x7b || p === 0x7d || p === 0x3a) throw new LexError('syntax error: bad substitution');
    const name = this.processName();
    let ch = this.next();
    const str = (c: number) => (c === EOF ? '\ufffd' : String.fromCodePoint(c));
    let chs = str(ch);
    let nullIsUnset = false;
    if (ch === 0x7d) return `\${${name}}`;
    if (ch === 0x3a /* : */) {
      nullIsUnset = true;
      ch = this.next();
      chs += str(ch);
    }
    if (nullIsUnset || ch === 0x2b || ch === 0x2d || ch === 0x3f || ch === 0x23 || ch === 0x25) {
      const raw = ch === 0x23 || ch === 0x25;
      if (nullIsUnset && raw) throw new LexError(`unsupported modifier (${chs}) in substitution`);
      let word: string;
      try {
        word = this.processStopOn(0x7d, raw).result;
      } catch (e) {
        if (e instanceof LexError && this.peek() === EOF) throw new LexError("syntax error: missing '}'");
        throw e;
      }
      return `\${${name}${chs}${word}}`;
    }
    if (ch === 0x2f /* / */) {
      if (this.peek() === 0x2f) this.next();
      let pattern: string;
      try {
        pattern = this.processStopOn(0x2f, true).result;
      } catch (e) {
        if (e instanceof LexError && this.peek() === EOF) throw new LexError("syntax error: missing '/' in ${}");
        throw e;
      }
      let replacement: string;
      try {
        replacement = this.processStopOn(0x7d, true).result;
      } catch (e) {
        if (e instanceof LexError && this.peek() === EOF) throw new LexError("syntax error: missing '}'");
        throw e;
      }
      return `\${${name}/${pattern}/${replacement}}`;
    }
    throw new LexError(`unsupported modifier (${chs}) in substitution`);
  }

  processName(): string {
    let name = '';
    while (this.peek() !== EOF) {
      const ch = this.peek();
      if (name === '' && isDigit(ch)) {
        while (this.peek() !== EOF && isDigit(this.peek())) name += String.fromCodePoint(this.next());
        return name;
      }
      if (name === '' && (ch === 0x40 || ch === 0x2a || ch === 0x23 || ch === 0x3f || ch === 0x2d || ch === 0x24 || ch === 0x21 || ch === 0x30)) {
        return String.fromCodePoint(this.next());
      }
      if (!isLetter(ch) && !isDigit(ch) && ch !== 0x5f) break;
      name += String.fromCodePoint(this.next());
    }
    return name;
  }

  processPossibleHeredoc(): string {
    this.next();
    if (this.peek() !== 0x3c) return '<';
    this.next();
    let space = '';
    for (let c = this.peek(); c === 0x09 || c === 0x0d || c === 0x20; c = this.peek()) {
      space += String.fromCodePoint(c);
      this.next();
    }
    return `<<${space}`;
  }
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

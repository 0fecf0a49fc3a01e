/**
 * BuildKit's shell lexer (frontend/dockerfile/shell/lex.go): `$NAME`, `${NAME}`,
 * `${NAME:-word}` and the other forms, found and expanded as ProcessWordWithMatches
 * does, and words split as ProcessWords splits them; environments as chains of maps.
 */
import {
  convertShellPattern, LexError, replaceAllString, replaceFirst, trimPrefix, trimSuffix, WORD_TOO_COMPLEX,
} from './shell-pattern';
import { isGoSpace } from './words';

/** Names a lookup can answer, in the order they were set. */
export interface Env {
  get(name: string): string | undefined;
  keys(): string[];
}

/**
 * An ordered set of variables; `with` returns a new one, so scopes can share them.
 * A `with` is one link in a chain over the previous map (no copy); the chain is
 * flattened every CHAIN links, so a file of thousands of ARGs stays near-linear.
 */
export class EnvMap implements Env {
  private map: Map<string, string>;
  private parent: EnvMap | null;
  private depth: number;

  constructor(entries: Iterable<[string, string]> = []) {
    this.map = new Map(entries);
    this.parent = null;
    this.depth = 0;
  }

  private static link(parent: EnvMap, name: string, value: string): EnvMap {
    const e = new EnvMap();
    e.map.set(name, value);
    e.parent = parent;
    e.depth = parent.depth + 1;
    if (e.depth >= CHAIN) e.flatten();
    return e;
  }

  /** Copies the chain into this map (oldest first, so order and overrides are kept). */
  private flatten(): void {
    if (!this.parent) return;
    const links: EnvMap[] = [];
    for (let e: EnvMap | null = this; e; e = e.parent) links.push(e);
    const flat = new Map<string, string>();
    for (let i = links.length - 1; i >= 0; i--) for (const [k, v] of links[i]!.map) flat.set(k, v);
    this.map = flat;
    this.parent = null;
    this.depth = 0;
  }

  get(name: string): string | undefined {
    for (let e: EnvMap | null = this; e; e = e.parent) {
      const v = e.map.get(name);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  keys(): string[] {
    this.flatten();
    return [...this.map.keys()];
  }

  with(name: string, value: string): EnvMap {
    return EnvMap.link(this, name, value);
  }
}

const CHAIN = 32;

export const EMPTY_ENV = new EnvMap();

/** One `$NAME` or `${NAME…}` in a word; offsets are into the word's text. */
export interface VariableRef {
  name: string;
  /** The whole reference: `$NAME`, or `${` through the closing `}`. */
  start: number;
  end: number;
  nameStart: number;
  nameEnd: number;
  /** Whether the environment had the name when it was looked up. */
  found: boolean;
}

export interface Expansion {
  /** The word after quote removal and substitution (ProcessWord). */
  value: string;
  /** The same, split into words after substitution (ProcessWords). */
  words: string[];
  refs: VariableRef[];
  /** Names the environment had, first use first. */
  matched: string[];
  /** Names the environment did not have, first use first. */
  unmatched: string[];
  /** BuildKit's error text when the word does not parse, else `null`. */
  error: string | null;
}

export interface LexOptions {
  /** The Dockerfile's escape token; `\` by default. */
  escape?: string;
  /** Keep quotes as text (BuildKit's ExpandRaw for heredoc bodies). */
  skipQuotes?: boolean;
}

/**
 * The longest expansion Stagecraft builds (characters). Docker has no limit: `ARG A1=$A0$A0`
 * thirty times over makes a gigabyte, which is not a Dockerfile anyone means to write.
 */
export const MAX_EXPANSION = 262_144;
export const EXPANSION_TOO_LONG = `this expands to more than ${MAX_EXPANSION.toLocaleString('en-US')} characters; Stagecraft stops there (Docker would keep going, and a value that doubles at every step soon takes gigabytes)`;

/**
 * Expands a word the way BuildKit's ProcessWord does and records every
 * variable it looked up. Never throws: a word BuildKit refuses comes back with
 * `error` set and whatever was found before the error.
 */
export function expandWord(word: string, env: Env = EMPTY_ENV, options: LexOptions = {}): Expansion {
  const lexer = new Lexer(typeof word === 'string' ? word : '', env, options);
  let value = '';
  let words: string[] = [];
  let error: string | null = null;
  try {
    [value, words] = lexer.processStopOn(null, false);
  } catch (e) {
    error = e instanceof LexError ? e.message : WORD_TOO_COMPLEX;
  }
  return { value, words, refs: lexer.refs, matched: [...lexer.matched], unmatched: [...lexer.unmatched], error };
}

/** The variable references in a word, as BuildKit's lexer finds them. */
export function findVariables(word: string, options: LexOptions = {}): VariableRef[] {
  return expandWord(word, EMPTY_ENV, options).refs;
}

/** unicode.IsLetter / IsDigit on one code point. */
const LETTER = /\p{L}/u;
const DIGIT = /\p{Nd}/u;
const SPECIAL_PARAMS = '@*#?-$!0';

/**
 * BuildKit's wordsStruct. Its buffer is the lexer's one shared wordsBuffer, which every
 * processStopOn resets on entry: a nested ${NAME<modifier>…} or ${NAME/…} empties the
 * word the outer level was building (`a${B-}` splits to no words), as BuildKit does.
 */
class WordsBuilder {
  private inWord = false;
  readonly words: string[] = [];

  constructor(private readonly shared: { buf: string }) {}

  addChar(ch: string): void {
    const space = isGoSpace(ch.codePointAt(0) ?? 0);
    if (space && this.inWord) {
      if (this.shared.buf.length > 0) {
        this.words.push(this.shared.buf);
        this.shared.buf = '';
        this.inWord = false;
      }
    } else if (!space) this.addRaw(ch);
  }

  addRaw(s: string): void {
    this.shared.buf += s;
    this.inWord = true;
  }

  addString(s: string): void {
    for (const ch of s) this.addChar(ch);
  }

  finish(): string[] {
    if (this.shared.buf.length > 0) {
      this.words.push(this.shared.buf);
      this.shared.buf = '';
      this.inWord = false;
    }
    return this.words;
  }
}

class Lexer {
  pos = 0;
  rawEscapes = false;
  readonly refs: VariableRef[] = [];
  readonly matched = new Set<string>();
  readonly unmatched = new Set<string>();
  private readonly escape: string;
  private readonly skipQuotes: boolean;
  private depth = 0;
  /** BuildKit's shellWord.wordsBuffer, shared by every level of processStopOn. */
  private readonly wordsBuf = { buf: '' };
  /** Steps the pattern matcher has taken for this word (MAX_MATCH_STEPS). */
  matchSteps = 0;

  constructor(private readonly src: string, private readonly env: Env, options: LexOptions) {
    this.escape = options.escape === '`' ? '`' : '\\';
    this.skipQuotes = options.skipQuotes === true;
    // Go's text/scanner skips a byte-order mark at the start of its input, as BuildKit's lexer does.
    if (src.charCodeAt(0) === 0xfeff) this.pos = 1;
  }

  private get eof(): boolean {
    return this.pos >= this.src.length;
  }

  /** processStopOn: up to `stop` (consumed) or the end of the word. */
  processStopOn(stop: string | null, rawEscapes: boolean): [string, string[]] {
    if (++this.depth > 200) throw new LexError(WORD_TOO_COMPLEX);
    const saved = this.rawEscapes;
    this.rawEscapes = rawEscapes;
    try {
      let result = '';
      this.wordsBuf.buf = '';
      const words = new WordsBuilder(this.wordsBuf);
      const src = this.src;
      while (!this.eof) {
        const ch = src[this.pos]!;
        if (stop !== null && ch === stop) {
          this.pos++;
          return [result, words.finish()];
        }
        if (ch === '$') {
          const tmp = this.processDollar();
          result += tmp;
          words.addString(tmp);
        } else if (ch === '<') {
          // processPossibleHeredoc: `<<` and the blanks after it go into the word as they are.
          const tmp = this.processPossibleHeredoc();
          result += tmp;
          words.addRaw(tmp);
        } else if (!this.skipQuotes && ch === "'") {
          const tmp = this.processSingleQuote();
          result += tmp;
          words.addRaw(tmp);
        } else if (!this.skipQuotes && ch === '"') {
          const tmp = this.processDoubleQuote();
          result += tmp;
          words.addRaw(tmp);
        } else {
          this.pos++;
          let c = ch;
          if (c === this.escape) {
            if (this.rawEscapes) {
              words.addRaw(c);
              result += c;
            }
            if (this.eof) break;
            c = src[this.pos++]!;
            words.addRaw(c);
          } else {
            words.addChar(c);
          }
          result += c;
        }
      }
      if (stop !== null) throw new LexError(`unexpected end of statement while looking for matching ${stop}`);
      return [result, words.finish()];
    } finally {
      this.rawEscapes = saved;
      this.depth--;
    }
  }

  private processPossibleHeredoc(): string {
    this.pos++;
    if (this.src[this.pos] !== '<') return '<';
    this.pos++;
    const from = this.pos;
    while (!this.eof && (this.src[this.pos] === '\t' || this.src[this.pos] === '\r' || this.src[this.pos] === ' ')) this.pos++;
    return '<<' + this.src.slice(from, this.pos);
  }

  /** scanner.Next(): one code point, or U+FFFD (what `string(scanner.EOF)` prints) at the end. */
  private nextRune(): string {
    if (this.eof) return '\ufffd';
    const ch = String.fromCodePoint(this.src.codePointAt(this.pos)!);
    this.pos += ch.length;
    return ch;
  }

  private processSingleQuote(): string {
    this.pos++;
    let result = '';
    for (;;) {
      if (this.eof) throw new LexError('unexpected end of statement while looking for matching single-quote');
      const ch = this.src[this.pos++]!;
      if (ch === "'") return result;
      result += ch;
    }
  }

  private processDoubleQuote(): string {
    this.pos++;
    let result = '';
    for (;;) {
      if (this.eof) throw new LexError('unexpected end of statement while looking for matching double-quote');
      const peek = this.src[this.pos]!;
      if (peek === '"') {
        this.pos++;
        return result;
      }
      if (peek === '$') {
        result += this.processDollar();
        continue;
      }
      let ch = this.src[this.pos++]!;
      if (ch === this.escape) {
        if (this.rawEscapes) result += ch;
        if (this.eof) continue;
        const next = this.src[this.pos]!;
        if (next === '"' || next === '$' || next === this.escape) ch = this.src[this.pos++]!;
      }
      result += ch;
    }
  }

  private processName(): string {
    const src = this.src;
    let name = '';
    while (!this.eof) {
      const cp = src.codePointAt(this.pos)!;
      const ch = String.fromCodePoint(cp);
      if (name === '' && DIGIT.test(ch)) {
        while (!this.eof) {
          const d = String.fromCodePoint(src.codePointAt(this.pos)!);
          if (!DIGIT.test(d)) break;
          name += d;
          this.pos += d.length;
        }
        return name;
      }
      if (name === '' && SPECIAL_PARAMS.includes(ch)) {
        this.pos++;
        return ch;
      }
      if (!LETTER.test(ch) && !DIGIT.test(ch) && ch !== '_') break;
      name += ch;
      this.pos += ch.length;
    }
    return name;
  }

  private lookup(name: string, start: number, nameStart: number, nameEnd: number): [string, boolean, VariableRef] {
    const value = this.env.get(name);
    const found = value !== undefined;
    if (found) this.matched.add(name);
    else this.unmatched.add(name);
    const ref: VariableRef = { name, start, end: nameEnd, nameStart, nameEnd, found };
    this.refs.push(ref);
    return [value ?? '', found, ref];
  }

  /** Characters substituted so far: a word that expands past MAX_EXPANSION stops with an error instead of eating memory. */
  private produced = 0;

  private processDollar(): string {
    const value = this.processDollarValue();
    this.produced += value.length;
    if (this.produced > MAX_EXPANSION) throw new LexError(EXPANSION_TOO_LONG);
    return value;
  }

  private processDollarValue(): string {
    const start = this.pos;
    this.pos++;
    if (this.src[this.pos] !== '{') {
      const nameStart = this.pos;
      const name = this.processName();
      if (name === '') return '$';
      return this.lookup(name, start, nameStart, this.pos)[0];
    }
    this.pos++;
    if (this.eof) throw new LexError("syntax error: missing '}'");
    const first = this.src[this.pos]!;
    if (first === '{' || first === '}' || first === ':') throw new LexError('syntax error: bad substitution');
    const nameStart = this.pos;
    const name = this.processName();
    const nameEnd = this.pos;
    let ch = this.nextRune();
    let chs = ch;

    if (ch === '}') {
      const [value, , ref] = this.lookup(name, start, nameStart, nameEnd);
      ref.end = this.pos;
      return value;
    }
    if (ch === '/') {
      const replaceAll = this.src[this.pos] === '/';
      if (replaceAll) this.pos++;
      let pattern: string;
      let replacement: string;
      try {
        [pattern] = this.processStopOn('/', true);
      } catch (e) {
        if (this.eof) throw new LexError("syntax error: missing '/' in ${}");
        throw e;
      }
      try {
        [replacement] = this.processStopOn('}', true);
      } catch (e) {
        if (this.eof) throw new LexError("syntax error: missing '}'");
        throw e;
      }
      const [value, , ref] = this.lookup(name, start, nameStart, nameEnd);
      ref.end = this.pos;
      const re = convertShellPattern(pattern, true, false);
      if (typeof re === 'string') throw new LexError(`invalid pattern (${pattern}) in substitution: ${re}`);
      return replaceAll ? replaceAllString(re, value, replacement, this) : replaceFirst(re, value, replacement, this);
    }
    let nullIsUnset = false;
    if (ch === ':') {
      nullIsUnset = true;
      ch = this.nextRune();
      chs += ch;
    } else if (!'+-?#%'.includes(ch)) {
      throw new LexError(`unsupported modifier (${chs}) in substitution`);
    }
    const trims = ch === '#' || ch === '%';
    if (nullIsUnset && trims) throw new LexError(`unsupported modifier (${chs}) in substitution`);
    let word: string;
    try {
      [word] = this.processStopOn('}', trims);
    } catch (e) {
      if (this.eof) throw new LexError("syntax error: missing '}'");
      throw e;
    }
    const [value, set, ref] = this.lookup(name, start, nameStart, nameEnd);
    ref.end = this.pos;
    switch (ch) {
      case '-':
        return !set || (nullIsUnset && value === '') ? word : value;
      case '+':
        return !set || (nullIsUnset && value === '') ? '' : word;
      case '?':
        if (!set) throw new LexError(`${name}: ${word || 'is not allowed to be unset'}`);
        if (nullIsUnset && value === '') throw new LexError(`${name}: ${word || 'is not allowed to be empty'}`);
        return value;
      case '#':
      case '%': {
        const greedy = word.startsWith(ch);
        const pattern = greedy ? word.slice(1) : word;
        return ch === '#' ? trimPrefix(pattern, value, greedy, this) : trimSuffix(pattern, value, greedy, this);
      }
      default:
        throw new LexError(`unsupported modifier (${chs}) in substitution`);
    }
  }
}

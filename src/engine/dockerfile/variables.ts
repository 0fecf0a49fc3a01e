/**
 * Variables the way BuildKit sees them: `$NAME`, `${NAME}`, `${NAME:-word}` and the
 * other forms, found and expanded like its shell lexer
 * (moby/buildkit frontend/dockerfile/shell/lex.go); which words of which
 * instructions it expands (instructions/commands.go); and which names are in
 * scope where (dockerfile2llb/convert.go: global ARGs, the predefined platform
 * ARGs, ARG and ENV per stage, and what a stage inherits from `FROM <stage>`).
 * Rules ask these questions; nothing here reports anything.
 */
import { familiarRepository } from './reference';
import {
  convertShellPattern, LexError, replaceAllString, replaceFirst, trimPrefix, trimSuffix, WORD_TOO_COMPLEX,
} from './shell-pattern';
import { lineIndexOf, type Range } from './source';
import type { Dockerfile, Instruction, KeyValue, Stage } from './types';
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

// ---------------------------------------------------------------------------
// Which words BuildKit expands

/** The platform ARGs every build defines in the global scope, for a linux/amd64 build. */
export const PLATFORM_ARGS: ReadonlyArray<[string, string]> = [
  ['BUILDPLATFORM', 'linux/amd64'],
  ['BUILDOS', 'linux'],
  ['BUILDARCH', 'amd64'],
  ['BUILDVARIANT', ''],
  ['TARGETPLATFORM', 'linux/amd64'],
  ['TARGETOS', 'linux'],
  ['TARGETARCH', 'amd64'],
  ['TARGETVARIANT', ''],
];

/**
 * Proxy ARGs Docker passes to RUN without an ARG line. They are not variables
 * of the Dockerfile: `$HTTP_PROXY` outside RUN is undefined unless declared.
 */
export const PROXY_ARGS: readonly string[] = [
  'HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'FTP_PROXY', 'ftp_proxy',
  'NO_PROXY', 'no_proxy', 'ALL_PROXY', 'all_proxy',
];

/** ARGs BuildKit reads itself and never puts in the environment (nonEnvArgs). */
export const NON_ENV_ARGS: ReadonlySet<string> = new Set(['BUILDKIT_SBOM_SCAN_CONTEXT', 'BUILDKIT_SBOM_SCAN_STAGE']);

/** system.DefaultPathEnv("linux"): BuildKit sets it when the image has no PATH. */
export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** A word BuildKit runs through variable expansion, with where it is in the source. */
export interface ExpandableWord {
  text: string;
  range: Range;
  /** Where `text` starts inside the source text of `range` (a field of a `--mount` value). */
  offset?: number;
  /** Heredoc bodies are expanded raw: quotes stay, `\` escapes. */
  raw?: boolean;
}

/**
 * The words of an instruction BuildKit expands when it dispatches it
 * (SupportsSingleWordExpansion and ExpandRaw). ARG values, FROM and EXPOSE are
 * expanded elsewhere, and RUN/CMD/ENTRYPOINT/HEALTHCHECK commands are left to
 * the shell.
 */
export function expandableWords(ins: Instruction): ExpandableWord[] {
  const out: ExpandableWord[] = [];
  const flagWord = (name: string) => {
    for (const f of ins.flags) {
      if (f.name === name && f.value !== null) out.push({ text: f.value, range: f.valueRange ?? f.range });
    }
  };
  switch (ins.name) {
    case 'ENV':
    case 'LABEL':
      for (const kv of ins.keyValues) {
        out.push({ text: kv.key, range: kv.keyRange });
        out.push({ text: kv.rawValue ?? '', range: kv.valueRange ?? kv.keyRange });
      }
      break;
    case 'ADD':
    case 'COPY': {
      flagWord('chown');
      if (ins.name === 'ADD') flagWord('checksum');
      for (const arg of ins.args) {
        if (!isHeredocArg(ins, arg.range)) out.push({ text: arg.value, range: arg.range });
      }
      for (const doc of ins.heredocs) {
        if (doc.expand) out.push({ text: doc.content, range: doc.bodyRange, raw: true });
      }
      break;
    }
    case 'WORKDIR':
    case 'USER':
    case 'STOPSIGNAL':
    case 'VOLUME':
      for (const arg of ins.args) out.push({ text: arg.value, range: arg.range });
      break;
    case 'RUN':
      for (const f of ins.flags) {
        if (f.name !== 'mount' || f.value === null) continue;
        for (const field of mountFields(f.value)) {
          if (field.value === null) continue;
          out.push({ text: field.value, range: f.valueRange ?? f.range, offset: field.valueStart });
        }
      }
      break;
    default:
      break;
  }
  return out;
}

/** True when the argument at `range` is a heredoc (`<<EOF`) rather than a path. */
export function isHeredocArg(ins: Instruction, range: Range): boolean {
  return ins.heredocs.some((d) => d.range.start.line === range.start.line && d.range.start.character === range.start.character);
}

/** One `key=value` field of a `--mount` flag, with where its value starts in the flag value. */
export interface MountField {
  key: string;
  value: string | null;
  valueStart: number;
}

/** Splits a `--mount` value into its comma-separated fields (BuildKit reads them as CSV). */
export function mountFields(value: string): MountField[] {
  const fields: MountField[] = [];
  let i = 0;
  const n = value.length;
  while (i <= n) {
    const start = i;
    let inQuote = false;
    while (i < n && (inQuote || value[i] !== ',')) {
      if (value[i] === '"') inQuote = !inQuote;
      i++;
    }
    let text = value.slice(start, i);
    let offset = start;
    if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) {
      text = text.slice(1, -1).replace(/""/g, '"');
      offset++;
    }
    const eq = text.indexOf('=');
    if (text.trim() !== '') {
      fields.push({
        key: (eq < 0 ? text : text.slice(0, eq)).trim().toLowerCase(),
        value: eq < 0 ? null : text.slice(eq + 1),
        valueStart: eq < 0 ? -1 : offset + eq + 1,
      });
    }
    i++;
  }
  return fields;
}


/**
 * The source range of `[start, end)` in an expandable word. Exact when the
 * word is the source text itself; otherwise (quotes removed by JSON, text
 * joined across continuation lines) the whole word.
 */
export function wordRange(file: Dockerfile, word: ExpandableWord, start: number, end: number): Range {
  const index = lineIndexOf(file);
  const offset = word.offset ?? 0;
  const from = index.offset(word.range.start);
  const source = file.text.slice(from, index.offset(word.range.end));
  if (source.slice(offset, offset + word.text.length) === word.text) {
    return index.range(from + offset + start, from + offset + end);
  }
  return word.range;
}

// ---------------------------------------------------------------------------
// Scopes

/** What a `$NAME` sees at one point of a stage. */
export interface Scope {
  /** Variables set in the build state: the base image's ENV, PATH, ENV lines, ARGs with a value. */
  env: EnvMap;
  /** ARG names declared in the stage or the stages it builds on, with or without a value. */
  args: ReadonlySet<string>;
}

export interface GlobalScope {
  /** The platform ARGs and the global ARG defaults, as FROM lines are expanded with them. */
  env: EnvMap;
  /** Every ARG declared before the first FROM, with or without a value, in order. */
  declared: string[];
  /** A global ARG default did not expand (BuildKit gives up its FROM checks then). */
  error: boolean;
}

export interface StageScope {
  stage: Stage;
  /** The base after expanding global ARGs: `node:20`, `builder`. */
  base: string;
  /** The index of the earlier stage this one builds on (`FROM builder`), or -1. */
  parent: number;
  start: Scope;
  /** The scope each instruction of the stage sees (before it runs). */
  before: Map<Instruction, Scope>;
  end: Scope;
}

export interface FileScopes {
  global: GlobalScope;
  stages: StageScope[];
}

const scopeCache = new WeakMap<Dockerfile, FileScopes>();

/** Global and per-stage variable scopes of a file, computed once per parsed file. */
export function fileScopes(file: Dockerfile): FileScopes {
  let scopes = scopeCache.get(file);
  if (!scopes) {
    scopes = computeScopes(file);
    scopeCache.set(file, scopes);
  }
  return scopes;
}

/** buildMetaArgs: platform ARGs, then each global ARG default expanded with what came before. */
export function globalScope(file: Dockerfile): GlobalScope {
  // Only the final environment is kept, so one mutable map serves (thousands of ARGs stay linear).
  const map = new Map<string, string>(PLATFORM_ARGS);
  const view: Env = { get: (name) => map.get(name), keys: () => [...map.keys()] };
  const declared: string[] = [];
  let error = false;
  for (const ins of file.globalArgs) {
    for (const kv of ins.keyValues) {
      if (kv.rawValue !== null) {
        const result = expandWord(kv.rawValue, view, { escape: file.escapeToken });
        if (result.error) error = true;
        map.set(kv.key, result.value);
      }
      declared.push(kv.key);
    }
  }
  return { env: new EnvMap(map), declared, error };
}

/** dispatchArg for one `NAME[=value]` of a stage's ARG line. */
export function stepArg(scope: Scope, kv: KeyValue, global: GlobalScope, escape = '\\'): Scope {
  let value: string | null = null;
  if (kv.rawValue === null) value = global.env.get(kv.key) ?? null;
  else value = expandWord(kv.rawValue, scope.env, { escape }).value;
  const env = value !== null && !NON_ENV_ARGS.has(kv.key) ? scope.env.with(kv.key, value) : scope.env;
  const args = new Set(scope.args);
  args.add(kv.key);
  return { env, args };
}

/** dispatchEnv: keys and values are expanded with the scope before the line, then set. */
export function stepEnv(scope: Scope, ins: Instruction, escape = '\\'): Scope {
  let env = scope.env;
  for (const kv of ins.keyValues) {
    const key = expandWord(kv.key, scope.env, { escape }).value;
    const value = expandWord(kv.rawValue ?? '', scope.env, { escape }).value;
    env = env.with(key, value);
  }
  return { env, args: scope.args };
}

function computeScopes(file: Dockerfile): FileScopes {
  const global = globalScope(file);
  const escape = file.escapeToken;
  const stages: StageScope[] = [];
  const byName = new Map<string, number>();
  for (const stage of file.stages) {
    const base = expandWord(stage.base, global.env, { escape }).value;
    // BuildKit looks the expanded base up as written among the names registered so far.
    const parent = byName.get(base) ?? -1;
    let start: Scope;
    const parentScope = parent >= 0 ? stages[parent] : undefined;
    if (parentScope) start = parentScope.end;
    else start = { env: imageEnv(base), args: new Set() };
    if (!start.env.has('PATH')) start = { env: start.env.with('PATH', DEFAULT_PATH), args: start.args };
    let scope = start;
    const before = new Map<Instruction, Scope>();
    for (const ins of stage.instructions) {
      before.set(ins, scope);
      if (ins.name === 'ENV') scope = stepEnv(scope, ins, escape);
      else if (ins.name === 'ARG') for (const kv of ins.keyValues) scope = stepArg(scope, kv, global, escape);
    }
    stages.push({ stage, base, parent, start, before, end: scope });
    if (stage.name) byName.set(stage.name, stage.index);
  }
  return { global, stages };
}

// ---------------------------------------------------------------------------
// Base image environments

/**
 * ENV of well-known official images, so `$NODE_VERSION` or `$GOPATH` is not
 * reported as undefined. BuildKit reads the real image config; this table is
 * an approximation of the docker-library images (values are typical, keys are
 * what matters). An image not listed here contributes only PATH.
 */
const IMAGE_ENV: Record<string, Array<[string, string]>> = {
  node: [['NODE_VERSION', '20.18.1'], ['YARN_VERSION', '1.22.22']],
  golang: [['PATH', `/go/bin:/usr/local/go/bin:${DEFAULT_PATH}`], ['GOLANG_VERSION', '1.22.11'], ['GOTOOLCHAIN', 'local'], ['GOPATH', '/go']],
  python: [['PATH', DEFAULT_PATH], ['LANG', 'C.UTF-8'], ['GPG_KEY', ''], ['PYTHON_VERSION', '3.12.8'], ['PYTHON_SHA256', '']],
  nginx: [['NGINX_VERSION', '1.27.3'], ['NJS_VERSION', '0.8.7'], ['NJS_RELEASE', '1'], ['PKG_RELEASE', '1'], ['DYNPKG_RELEASE', '1']],
  httpd: [['HTTPD_PREFIX', '/usr/local/apache2'], ['HTTPD_VERSION', '2.4.62'], ['HTTPD_SHA256', ''], ['HTTPD_PATCHES', '']],
  'eclipse-temurin': [['JAVA_HOME', '/opt/java/openjdk'], ['LANG', 'en_US.UTF-8'], ['LANGUAGE', 'en_US:en'], ['LC_ALL', 'en_US.UTF-8'], ['JAVA_VERSION', 'jdk-21.0.5+11']],
  openjdk: [['JAVA_HOME', '/usr/local/openjdk'], ['LANG', 'C.UTF-8'], ['JAVA_VERSION', '21']],
  amazoncorretto: [['LANG', 'C.UTF-8'], ['JAVA_HOME', '/usr/lib/jvm/java-21-amazon-corretto']],
  maven: [['JAVA_HOME', '/opt/java/openjdk'], ['LANG', 'en_US.UTF-8'], ['JAVA_VERSION', ''], ['MAVEN_HOME', '/usr/share/maven'], ['MAVEN_CONFIG', '/root/.m2']],
  gradle: [['JAVA_HOME', '/opt/java/openjdk'], ['LANG', 'en_US.UTF-8'], ['JAVA_VERSION', ''], ['GRADLE_HOME', '/opt/gradle'], ['GRADLE_VERSION', '8.12']],
  ruby: [['LANG', 'C.UTF-8'], ['RUBY_VERSION', '3.3.6'], ['RUBY_DOWNLOAD_URL', ''], ['RUBY_DOWNLOAD_SHA256', ''], ['GEM_HOME', '/usr/local/bundle'], ['BUNDLE_SILENCE_ROOT_WARNING', '1'], ['BUNDLE_APP_CONFIG', '/usr/local/bundle'], ['PATH', `/usr/local/bundle/bin:${DEFAULT_PATH}`]],
  rust: [['RUSTUP_HOME', '/usr/local/rustup'], ['CARGO_HOME', '/usr/local/cargo'], ['PATH', `/usr/local/cargo/bin:${DEFAULT_PATH}`], ['RUST_VERSION', '1.83.0']],
  php: [['PHPIZE_DEPS', ''], ['PHP_INI_DIR', '/usr/local/etc/php'], ['PHP_CFLAGS', ''], ['PHP_CPPFLAGS', ''], ['PHP_LDFLAGS', ''], ['GPG_KEYS', ''], ['PHP_VERSION', '8.3.14'], ['PHP_URL', ''], ['PHP_ASC_URL', ''], ['PHP_SHA256', '']],
  postgres: [['GOSU_VERSION', '1.17'], ['LANG', 'en_US.utf8'], ['PG_MAJOR', '17'], ['PG_VERSION', '17.2'], ['PGDATA', '/var/lib/postgresql/data']],
  redis: [['REDIS_VERSION', '7.4.1'], ['REDIS_DOWNLOAD_URL', ''], ['REDIS_DOWNLOAD_SHA', '']],
};

const DISTROLESS_ENV: Array<[string, string]> = [['SSL_CERT_FILE', '/etc/ssl/certs/ca-certificates.crt']];

/** The ENV an external base image brings, as far as the table above knows it. */
export function imageEnv(ref: string): EnvMap {
  if (ref === 'scratch' || ref === '') return EMPTY_ENV;
  const repo = familiarRepository(ref);
  if (repo.startsWith('gcr.io/distroless/')) return new EnvMap(DISTROLESS_ENV);
  const entries = IMAGE_ENV[repo];
  return entries ? new EnvMap(entries) : EMPTY_ENV;
}


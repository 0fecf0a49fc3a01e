/**
 * Go regular expressions, as far as patternmatcher can produce them.
 *
 * patternmatcher turns a .dockerignore pattern into a Go (RE2) regular expression
 * and hands everything it does not translate (`[...]` classes, `\x` escapes, `^`)
 * straight to Go's parser. So `[[:digit:]]`, `\d` or `\pL` in a .dockerignore line
 * mean what they mean to Go. This module parses that syntax with Go's rules
 * (Perl flags: `^`/`$` at the ends of the text only, `.` not matching `\n`, ASCII
 * `\d\s\w`, POSIX classes, `\Q...\E`) and gives either a JavaScript RegExp (the
 * fast path) or a small Thompson-NFA matcher. The NFA is used when a pattern has
 * many unbounded repeats: JavaScript backtracks, RE2 does not, and a line such as
 * `*a*a*a*a*b` must not freeze a tab.
 */

/** One character out of a set: inclusive code point ranges plus Unicode property escapes. */
interface CharSet {
  /** Flat [lo, hi, lo, hi, ...] pairs. */
  ranges: number[];
  /** JavaScript property escapes (`\p{L}`, `\P{Script=Greek}`) in the set. */
  props: string[];
  negate: boolean;
}

type Node =
  | { k: 'set'; set: CharSet }
  /** `*` is {0,-1}, `+` {1,-1}, `?` {0,1}; `x{2,5}` as written (max -1: unbounded). */
  | { k: 'rep'; min: number; max: number; node: Node }
  | { k: 'group'; nodes: Node[] }
  | { k: 'alt'; branches: Node[][] }
  | { k: 'assert'; a: 'begin' | 'end' | 'word' | 'notword' };

class SyntaxFault extends Error {}

/** A compiled Go regular expression: `test` has Go's MatchString semantics. */
export interface GoRegexp {
  test(s: string): boolean;
  /** How it runs: a JavaScript RegExp, or the NFA for repeat-heavy patterns. */
  engine: 'js' | 'nfa';
  /** The JavaScript source (also for the NFA case, for debugging). */
  source: string;
}

/** Patterns with more unbounded repeats than this run on the NFA. */
const MAX_JS_REPEATS = 3;

/** Go's syntax.maxSize: 128 MiB of 40-byte instructions. */
const MAX_PROGRAM = Math.floor((128 << 20) / 40);

/** Go's repeat bound. */
const MAX_REPEAT = 1000;

/**
 * Compiles Go regexp syntax; `null` where Go's regexp.Compile returns an error.
 * `engine` forces one engine (tests compare the two).
 */
export function compileGoRegexp(expr: string, engine?: 'js' | 'nfa'): GoRegexp | null {
  let nodes: Node[];
  try {
    nodes = new Parser(expr).parseAll();
  } catch (e) {
    if (e instanceof SyntaxFault) return null;
    throw e;
  }
  // Go refuses programs over 128 MiB (about 3.3 million instructions): `a{1000}` many times.
  if (sizeOf(nodes) > MAX_PROGRAM) return null;
  const source = emitSeq(nodes);
  let js: RegExp;
  try {
    js = new RegExp(source, 'u');
  } catch {
    // Only a Unicode property name that JavaScript does not know gets here.
    return null;
  }
  const { prefix, suffix } = literalEnds(nodes);
  if (engine === 'js' || (engine === undefined && countRepeats(nodes) <= MAX_JS_REPEATS)) {
    // Most paths fail on the literal ends (`*.md` needs `.md` at the end): test those first.
    if (prefix === '' && suffix === '') return { engine: 'js', source, test: (s) => js.test(s) };
    return { engine: 'js', source, test: (s) => s.startsWith(prefix) && s.endsWith(suffix) && js.test(s) };
  }
  const nfa = compileNfa(nodes);
  return { engine: 'nfa', source, test: (s) => s.startsWith(prefix) && s.endsWith(suffix) && runNfa(nfa, s) };
}

/**
 * Literal text a match must start with (after a leading `^`) and end with
 * (before a trailing `$`). Empty where there is none, or where the expression
 * is an alternation at the top.
 */
function literalEnds(nodes: Node[]): { prefix: string; suffix: string } {
  const single = (n: Node | undefined): number | null =>
    n?.k === 'set' && !n.set.negate && n.set.props.length === 0 && n.set.ranges.length === 2 && n.set.ranges[0] === n.set.ranges[1]
      ? (n.set.ranges[0] as number)
      : null;
  let prefix = '';
  let suffix = '';
  const first = nodes[0];
  if (first?.k === 'assert' && first.a === 'begin') {
    for (let i = 1; i < nodes.length; i++) {
      const c = single(nodes[i]);
      if (c === null) break;
      prefix += String.fromCodePoint(c);
    }
  }
  const last = nodes[nodes.length - 1];
  if (last?.k === 'assert' && last.a === 'end') {
    for (let i = nodes.length - 2; i >= 0; i--) {
      const c = single(nodes[i]);
      if (c === null) break;
      suffix = String.fromCodePoint(c) + suffix;
    }
  }
  return { prefix, suffix };
}

// ---------------------------------------------------------------------------
// Parsing

const POSIX: Record<string, number[]> = {
  alnum: [0x30, 0x39, 0x41, 0x5a, 0x61, 0x7a],
  alpha: [0x41, 0x5a, 0x61, 0x7a],
  ascii: [0x00, 0x7f],
  blank: [0x09, 0x09, 0x20, 0x20],
  cntrl: [0x00, 0x1f, 0x7f, 0x7f],
  digit: [0x30, 0x39],
  graph: [0x21, 0x7e],
  lower: [0x61, 0x7a],
  print: [0x20, 0x7e],
  punct: [0x21, 0x2f, 0x3a, 0x40, 0x5b, 0x60, 0x7b, 0x7e],
  space: [0x09, 0x0d, 0x20, 0x20],
  upper: [0x41, 0x5a],
  word: [0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a],
  xdigit: [0x30, 0x39, 0x41, 0x46, 0x61, 0x66],
};

/** Go's Perl classes are ASCII-only, unlike JavaScript's `\s`. */
const PERL: Record<string, number[]> = {
  d: [0x30, 0x39],
  s: [0x09, 0x0a, 0x0c, 0x0d, 0x20, 0x20],
  w: [0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a],
};

/** Go's unicode.Categories names; other names are scripts. */
const CATEGORIES = new Set(
  'C Cc Cf Co Cs L Ll Lm Lo Lt Lu M Mc Me Mn N Nd Nl No P Pc Pd Pe Pf Pi Po Ps S Sc Sk Sm So Z Zl Zp Zs'.split(' '),
);

const MAX_RUNE = 0x10ffff;

function complement(ranges: number[]): number[] {
  const sorted: Array<[number, number]> = [];
  for (let i = 0; i < ranges.length; i += 2) sorted.push([ranges[i] as number, ranges[i + 1] as number]);
  sorted.sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  let next = 0;
  for (const [lo, hi] of sorted) {
    if (lo > next) out.push(next, lo - 1);
    next = Math.max(next, hi + 1);
  }
  if (next <= MAX_RUNE) out.push(next, MAX_RUNE);
  return out;
}

function isAlnum(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

function isOctal(c: number | undefined): boolean {
  return c !== undefined && c >= 0x30 && c <= 0x37;
}

function hexValue(c: number | undefined): number {
  if (c === undefined) return -1;
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  return -1;
}

function literal(c: number): Node {
  return { k: 'set', set: { ranges: [c, c], props: [], negate: false } };
}

class Parser {
  private readonly s: number[];
  private i = 0;

  constructor(expr: string) {
    this.s = Array.from(expr, (ch) => ch.codePointAt(0) as number);
  }

  private fail(): never {
    throw new SyntaxFault();
  }

  private at(offset = 0): number | undefined {
    return this.s[this.i + offset];
  }

  parseAll(): Node[] {
    const nodes = this.parseSeq(false);
    if (this.i < this.s.length) this.fail(); // a stray `)`
    return nodes;
  }

  private parseSeq(inGroup: boolean): Node[] {
    const branches: Node[][] = [];
    let nodes: Node[] = [];
    // Go refuses a repeat of a repeat (`a**`); one `?` after a repeat makes it
    // non-greedy, which matches the same texts.
    let lastWasRepeat = false;
    let lazyAllowed = false;
    const repeat = (min: number, max: number): void => {
      if (lastWasRepeat) this.fail();
      const prev = nodes.pop();
      if (!prev) this.fail(); // nothing to repeat (start, or right after `|`)
      nodes.push({ k: 'rep', min, max, node: prev });
      lastWasRepeat = true;
      lazyAllowed = true;
    };
    const done = (): Node[] => {
      if (branches.length === 0) return nodes;
      branches.push(nodes);
      return [{ k: 'alt', branches }];
    };
    while (this.i < this.s.length) {
      const c = this.s[this.i] as number;
      if (c === 0x29 /* ) */) {
        if (!inGroup) this.fail();
        return done();
      }
      if (c === 0x3f /* ? */ && lastWasRepeat && lazyAllowed) {
        lazyAllowed = false;
        this.i++;
        continue;
      }
      if (c === 0x2a || c === 0x2b || c === 0x3f /* * + ? */) {
        this.i++;
        repeat(c === 0x2b ? 1 : 0, c === 0x3f ? 1 : -1);
        continue;
      }
      if (c === 0x7b /* { */) {
        const counts = this.parseRepeatCounts();
        if (counts) {
          const [min, max] = counts;
          if (min < 0 || min > MAX_REPEAT || max > MAX_REPEAT || (max >= 0 && min > max)) this.fail();
          repeat(min, max);
          continue;
        }
        // Not a repeat: `{` is a literal.
      }
      lastWasRepeat = false;
      if (c === 0x7c /* | */) {
        this.i++;
        branches.push(nodes);
        nodes = [];
        continue;
      }
      if (c === 0x28 /* ( */) {
        this.i++;
        // Flags and named groups cannot come out of patternmatcher, which escapes `(`.
        if (this.at() === 0x3f) this.fail();
        const inner = this.parseSeq(true);
        if (this.at() !== 0x29) this.fail();
        this.i++;
        nodes.push({ k: 'group', nodes: inner });
        continue;
      }
      if (c === 0x5b /* [ */) {
        nodes.push({ k: 'set', set: this.parseClass() });
        continue;
      }
      if (c === 0x2e /* . */) {
        this.i++;
        nodes.push({ k: 'set', set: { ranges: [0x0a, 0x0a], props: [], negate: true } });
        continue;
      }
      if (c === 0x5e /* ^ */) {
        this.i++;
        nodes.push({ k: 'assert', a: 'begin' });
        continue;
      }
      if (c === 0x24 /* $ */) {
        this.i++;
        nodes.push({ k: 'assert', a: 'end' });
        continue;
      }
      if (c === 0x5c /* \ */) {
        this.parseBackslash(nodes);
        continue;
      }
      this.i++;
      nodes.push(literal(c));
    }
    if (inGroup) this.fail(); // missing `)`
    return done();
  }

  /** `{n}`, `{n,}` or `{n,m}` at the cursor (consumed), or null when `{` is a literal. */
  private parseRepeatCounts(): [number, number] | null {
    let j = this.i + 1;
    const int = (): number | null => {
      const from = j;
      while (this.s[j] !== undefined && (this.s[j] as number) >= 0x30 && (this.s[j] as number) <= 0x39) j++;
      if (j === from) return null;
      if (j - from >= 2 && this.s[from] === 0x30) return null; // no leading zeros
      // Go gives up above 10^8 and calls that "too big" (an error, not a literal).
      return j - from > 9 ? -1 : Number(String.fromCharCode(...this.s.slice(from, j)));
    };
    const min = int();
    if (min === null) return null;
    let max = min;
    if (this.s[j] === 0x2c /* , */) {
      j++;
      if (this.s[j] === 0x7d) max = -1;
      else {
        const m = int();
        if (m === null) return null;
        max = m;
        if (m < 0) return [-1, -1];
      }
    }
    if (this.s[j] !== 0x7d) return null;
    this.i = j + 1;
    return [min, max];
  }

  private parseBackslash(nodes: Node[]): void {
    const next = this.at(1);
    switch (next) {
      case 0x41: // \A
        this.i += 2;
        nodes.push({ k: 'assert', a: 'begin' });
        return;
      case 0x7a: // \z
        this.i += 2;
        nodes.push({ k: 'assert', a: 'end' });
        return;
      case 0x62: // \b
        this.i += 2;
        nodes.push({ k: 'assert', a: 'word' });
        return;
      case 0x42: // \B
        this.i += 2;
        nodes.push({ k: 'assert', a: 'notword' });
        return;
      case 0x43: // \C is not supported by Go
        this.fail();
        break;
      case 0x51: {
        // \Q...\E: everything up to `\E` (or the end) is literal.
        this.i += 2;
        while (this.i < this.s.length) {
          if (this.s[this.i] === 0x5c && this.s[this.i + 1] === 0x45) {
            this.i += 2;
            return;
          }
          nodes.push(literal(this.s[this.i++] as number));
        }
        return;
      }
    }
    const set: CharSet = { ranges: [], props: [], negate: false };
    if (next === 0x70 || next === 0x50 /* p P */) {
      this.parseUnicodeClass(set);
      nodes.push({ k: 'set', set });
      return;
    }
    if (this.parsePerlClass(set)) {
      nodes.push({ k: 'set', set });
      return;
    }
    nodes.push(literal(this.parseEscape()));
  }

  /** Go's parseEscape: the rune of an escape at `\`. */
  private parseEscape(): number {
    this.i++; // `\`
    const c = this.s[this.i++];
    if (c === undefined) this.fail(); // trailing backslash
    if (c < 0x80 && !isAlnum(c)) return c;
    if (c >= 0x31 && c <= 0x37 && !isOctal(this.at())) this.fail(); // backreference
    if (c >= 0x30 && c <= 0x37) {
      let r = c - 0x30;
      for (let n = 1; n < 3 && isOctal(this.at()); n++) r = r * 8 + ((this.s[this.i++] as number) - 0x30);
      return r;
    }
    if (c === 0x78 /* x */) {
      if (this.at() === 0x7b /* { */) {
        this.i++;
        let r = 0;
        let digits = 0;
        for (;;) {
          const d = this.s[this.i++];
          if (d === undefined) this.fail();
          if (d === 0x7d) break;
          const v = hexValue(d);
          if (v < 0) this.fail();
          r = r * 16 + v;
          if (r > MAX_RUNE) this.fail();
          digits++;
        }
        if (digits === 0) this.fail();
        return r;
      }
      const x = hexValue(this.s[this.i++]);
      const y = hexValue(this.s[this.i++]);
      if (x < 0 || y < 0) this.fail();
      return x * 16 + y;
    }
    const simple: Record<number, number> = { 0x61: 7, 0x66: 12, 0x6e: 10, 0x72: 13, 0x74: 9, 0x76: 11 };
    const r = simple[c];
    if (r === undefined) this.fail();
    return r;
  }

  /** `\d \D \s \S \w \W` at the cursor, added to the set; false when not one. */
  private parsePerlClass(set: CharSet): boolean {
    if (this.at() !== 0x5c) return false;
    const letter = this.at(1);
    if (letter === undefined) return false;
    const name = String.fromCharCode(letter);
    const ranges = PERL[name.toLowerCase()];
    if (!ranges || !'dswDSW'.includes(name)) return false;
    this.i += 2;
    set.ranges.push(...(name === name.toUpperCase() ? complement(ranges) : ranges));
    return true;
  }

  /** `\pL`, `\p{Greek}`, `\P{^Lu}` at the cursor, added to the set. */
  private parseUnicodeClass(set: CharSet): void {
    let positive = this.at(1) === 0x70;
    this.i += 2;
    let name: string;
    if (this.at() === 0x7b) {
      const close = this.s.indexOf(0x7d, this.i);
      if (close < 0) this.fail();
      name = String.fromCodePoint(...this.s.slice(this.i + 1, close));
      this.i = close + 1;
    } else {
      const c = this.s[this.i++];
      if (c === undefined) this.fail();
      name = String.fromCodePoint(c);
    }
    if (name.startsWith('^')) {
      positive = !positive;
      name = name.slice(1);
    }
    if (name === 'Any') {
      if (positive) set.ranges.push(0, MAX_RUNE);
      return;
    }
    let prop: string;
    if (CATEGORIES.has(name)) prop = name;
    else if (/^[A-Z][A-Za-z_]*$/.test(name)) prop = `Script=${name}`;
    else this.fail();
    set.props.push(`\\${positive ? 'p' : 'P'}{${prop}}`);
  }

  /** A bracketed class at `[`, with Go's rules (Perl flags). */
  private parseClass(): CharSet {
    this.i++; // `[`
    const set: CharSet = { ranges: [], props: [], negate: false };
    if (this.at() === 0x5e) {
      set.negate = true;
      this.i++;
    }
    let first = true; // `]` is a literal as the first member
    while (this.at() !== 0x5d || first) {
      if (this.i >= this.s.length) this.fail(); // missing `]`
      first = false;
      if (this.at() === 0x5b && this.at(1) === 0x3a && this.s.length - this.i > 2 && this.parseNamedClass(set)) continue;
      if (this.at() === 0x5c && (this.at(1) === 0x70 || this.at(1) === 0x50)) {
        this.parseUnicodeClass(set);
        continue;
      }
      if (this.parsePerlClass(set)) continue;
      const lo = this.classChar();
      let hi = lo;
      if (this.at() === 0x2d && this.at(1) !== undefined && this.at(1) !== 0x5d) {
        this.i++;
        hi = this.classChar();
        if (hi < lo) this.fail();
      }
      set.ranges.push(lo, hi);
    }
    this.i++; // `]`
    return set;
  }

  private classChar(): number {
    const c = this.at();
    if (c === undefined) this.fail();
    if (c === 0x5c) {
      // Inside a class `\b` and friends are errors: parseEscape refuses them.
      return this.parseEscape();
    }
    this.i++;
    return c;
  }

  /** `[:alpha:]` or `[:^alpha:]` at the cursor; false when there is no `:]` at all. */
  private parseNamedClass(set: CharSet): boolean {
    let end = -1;
    for (let j = this.i + 2; j + 1 < this.s.length; j++) {
      if (this.s[j] === 0x3a && this.s[j + 1] === 0x5d) {
        end = j;
        break;
      }
    }
    if (end < 0) return false;
    let name = String.fromCodePoint(...this.s.slice(this.i + 2, end));
    let negate = false;
    if (name.startsWith('^')) {
      negate = true;
      name = name.slice(1);
    }
    const ranges = Object.hasOwn(POSIX, name) ? POSIX[name] : undefined;
    if (!ranges) this.fail();
    set.ranges.push(...(negate ? complement(ranges) : ranges));
    this.i = end + 2;
    return true;
  }
}

// ---------------------------------------------------------------------------
// JavaScript RegExp source (with the `u` flag)

function escapeCodePoint(c: number): string {
  if (isAlnum(c) || c === 0x5f) return String.fromCharCode(c);
  return `\\u{${c.toString(16)}}`;
}

function emitSet(set: CharSet): string {
  const r = set.ranges;
  if (!set.negate && set.props.length === 0 && r.length === 2 && r[0] === r[1]) return escapeCodePoint(r[0] as number);
  let body = '';
  for (let i = 0; i < r.length; i += 2) {
    const lo = r[i] as number;
    const hi = r[i + 1] as number;
    body += lo === hi ? escapeCodePoint(lo) : `${escapeCodePoint(lo)}-${escapeCodePoint(hi)}`;
  }
  return `[${set.negate ? '^' : ''}${body}${set.props.join('')}]`;
}

const ASSERT_SOURCE = { begin: '^', end: '$', word: '\\b', notword: '\\B' } as const;

function emitNode(n: Node): string {
  switch (n.k) {
    case 'set':
      return emitSet(n.set);
    case 'group':
      return `(?:${emitSeq(n.nodes)})`;
    case 'assert':
      return ASSERT_SOURCE[n.a];
    case 'alt':
      return `(?:${n.branches.map(emitSeq).join('|')})`;
    case 'rep': {
      const inner = n.node.k === 'set' ? emitNode(n.node) : `(?:${emitNode(n.node)})`;
      return inner + repeatSuffix(n.min, n.max);
    }
  }
}

function repeatSuffix(min: number, max: number): string {
  if (max === -1) return min === 0 ? '*' : min === 1 ? '+' : `{${min},}`;
  if (min === 0 && max === 1) return '?';
  return min === max ? `{${min}}` : `{${min},${max}}`;
}

function emitSeq(nodes: Node[]): string {
  return nodes.map(emitNode).join('');
}

/** Repeats that can make a backtracking engine try many ways (anything but `?`). */
function countRepeats(nodes: Node[]): number {
  let n = 0;
  for (const node of nodes) {
    if (node.k === 'group') n += countRepeats(node.nodes);
    else if (node.k === 'alt') for (const b of node.branches) n += countRepeats(b);
    else if (node.k === 'rep') n += (node.max === -1 || node.max > 1 ? 1 : 0) + countRepeats([node.node]);
  }
  return n;
}

/** Roughly Go's calcSize: instructions of the compiled program. */
function sizeOf(nodes: Node[]): number {
  let size = 0;
  for (const n of nodes) {
    switch (n.k) {
      case 'set':
      case 'assert':
        size += 1;
        break;
      case 'group':
        size += 2 + sizeOf(n.nodes);
        break;
      case 'alt':
        size += n.branches.length - 1 + n.branches.reduce((sum, b) => sum + sizeOf(b), 0);
        break;
      case 'rep': {
        const sub = sizeOf([n.node]);
        if (n.max === -1) size += n.min === 0 ? 2 + sub : 1 + n.min * sub;
        else size += n.max * sub + (n.max - n.min);
        break;
      }
    }
    if (size > MAX_PROGRAM) return size;
  }
  return size;
}

// ---------------------------------------------------------------------------
// Thompson NFA: linear in the text, whatever the pattern

const CHAR = 0;
const SPLIT = 1;
const ASSERT = 2;
const MATCH = 3;

interface Inst {
  op: number;
  /** CHAR: the set; ASSERT: the assertion. */
  test?: (c: number) => boolean;
  assert?: 'begin' | 'end' | 'word' | 'notword';
  out: number;
  out1: number;
}

interface Nfa {
  insts: Inst[];
  start: number;
}

function setTester(set: CharSet): (c: number) => boolean {
  const r = set.ranges;
  const props = set.props.map((p) => new RegExp(`[${p}]`, 'u'));
  const memo = new Map<number, boolean>();
  const inside = (c: number): boolean => {
    for (let i = 0; i < r.length; i += 2) if (c >= (r[i] as number) && c <= (r[i + 1] as number)) return true;
    if (props.length === 0) return false;
    let hit = memo.get(c);
    if (hit === undefined) {
      const ch = String.fromCodePoint(c);
      hit = props.some((p) => p.test(ch));
      memo.set(c, hit);
    }
    return hit;
  };
  return set.negate ? (c) => !inside(c) : inside;
}

function compileNfa(nodes: Node[]): Nfa {
  const insts: Inst[] = [{ op: MATCH, out: -1, out1: -1 }];
  const add = (inst: Inst): number => insts.push(inst) - 1;
  const node = (n: Node, next: number): number => {
    switch (n.k) {
      case 'set':
        return add({ op: CHAR, test: setTester(n.set), out: next, out1: -1 });
      case 'assert':
        return add({ op: ASSERT, assert: n.a, out: next, out1: -1 });
      case 'group':
        return seq(n.nodes, next);
      case 'alt': {
        let at = seq(n.branches[n.branches.length - 1] as Node[], next);
        for (let b = n.branches.length - 2; b >= 0; b--) at = add({ op: SPLIT, out: seq(n.branches[b] as Node[], next), out1: at });
        return at;
      }
      case 'rep': {
        // x{2,4} is x x x? x?; x{2,} is x x x*.
        let at = next;
        if (n.max === -1) {
          const loop = add({ op: SPLIT, out: -1, out1: next });
          (insts[loop] as Inst).out = node(n.node, loop);
          at = loop;
        } else {
          // Nested, as Go compiles it: x(x(x)?)? rather than x?x?x?, so skipping one optional copy
          // skips the rest and the closure stays small (x{0,1000} is one thread, not a thousand).
          for (let k = n.min; k < n.max; k++) at = add({ op: SPLIT, out: node(n.node, at), out1: next });
        }
        for (let k = 0; k < n.min; k++) at = node(n.node, at);
        return at;
      }
    }
  };
  const seq = (ns: Node[], next: number): number => {
    let at = next;
    for (let i = ns.length - 1; i >= 0; i--) at = node(ns[i] as Node, at);
    return at;
  };
  return { insts, start: seq(nodes, 0) };
}

function isWordChar(c: number | undefined): boolean {
  return c !== undefined && (isAlnum(c) || c === 0x5f);
}

function runNfa(nfa: Nfa, text: string): boolean {
  const s = Array.from(text, (ch) => ch.codePointAt(0) as number);
  const { insts, start } = nfa;
  const mark = new Int32Array(insts.length).fill(-1);
  let matched = false;
  const stack: number[] = [];
  const addState = (list: number[], from: number, pos: number): void => {
    stack.push(from);
    while (stack.length > 0) {
      const at = stack.pop() as number;
      if (mark[at] === pos) continue;
      mark[at] = pos;
      const inst = insts[at] as Inst;
      switch (inst.op) {
        case MATCH:
          matched = true;
          break;
        case CHAR:
          list.push(at);
          break;
        case SPLIT:
          stack.push(inst.out1, inst.out);
          break;
        case ASSERT: {
          let ok: boolean;
          if (inst.assert === 'begin') ok = pos === 0;
          else if (inst.assert === 'end') ok = pos === s.length;
          else ok = (isWordChar(s[pos - 1]) !== isWordChar(s[pos])) === (inst.assert === 'word');
          if (ok) stack.push(inst.out);
          break;
        }
      }
    }
  };
  let current: number[] = [];
  addState(current, start, 0);
  for (let pos = 0; pos < s.length && !matched; pos++) {
    const c = s[pos] as number;
    const next: number[] = [];
    for (const at of current) {
      const inst = insts[at] as Inst;
      if ((inst.test as (c: number) => boolean)(c)) addState(next, inst.out, pos + 1);
    }
    // Go's MatchString searches: a match may start anywhere.
    addState(next, start, pos + 1);
    current = next;
  }
  return matched;
}

/**
 * Shell patterns in \${NAME#…}, \${NAME%…} and \${NAME/…/…}, as BuildKit runs them:
 * the pattern converted to the Go regexp BuildKit builds (convertShellPatternToRegex)
 * and run leftmost-first in linear time, as Go's regexp runs it; the trims and
 * replacements on top, Go's replace templates included.
 */

/** Go's unicode.IsLetter and unicode.IsDigit, for names in a replace template. */
const LETTER = /\p{L}/u;
const DIGIT = /\p{Nd}/u;

/** An expansion BuildKit refuses (or one Stagecraft will not finish); its message is the error. */
export class LexError extends Error {}

/**
 * Steps the pattern matcher may take for one word (characters × live states). BuildKit
 * has no limit, and the matcher is linear in the value for a given pattern; this only
 * stops a pattern of thousands of wildcards run over a value of hundreds of thousands
 * of characters from taking seconds.
 */
export const MAX_MATCH_STEPS = 5_000_000;
export const WORD_TOO_COMPLEX = 'word too complex to expand';

/** A literal is its code point; these two are `.` (any character but `\n`) and `.*`/`.*?`. */
const ANY = -1;
const STAR = -2;

/**
 * convertShellPatternToRegex compiled to the Go regexp it builds: literals, `.` for `?`
 * and `.*` (greedy) or `.*?` (lazy) for `*`, with `^` when anchored. Go runs that
 * leftmost-first, in linear time; `findMatch` below does the same, so no JavaScript
 * RegExp (which backtracks) is involved.
 */
interface ShellPattern {
  toks: Int32Array;
  greedy: boolean;
  anchored: boolean;
  /** The matcher's thread lists, made on first use. */
  vm?: { pcs: Int32Array[]; sts: Int32Array[]; seen: Int32Array; gen: number };
}

/**
 * convertShellPatternToRegex, as BuildKit does: its own text/scanner over the pattern
 * (so a leading U+FEFF is skipped), `\` before `}` or `/` dropped, `\*`, `\?` and `\\`
 * literal, any other escape refused. Returns Go's error text when refused.
 */
export function convertShellPattern(pattern: string, greedy: boolean, anchored: boolean): ShellPattern | string {
  const cps = Array.from(pattern, (c) => c.codePointAt(0)!);
  const toks: number[] = [];
  let i = cps[0] === 0xfeff ? 1 : 0;
  while (i < cps.length) {
    let tok = cps[i++]!;
    if (tok === 0x2a /* * */) {
      // `.*.*` matches what `.*` matches, greedy or lazy: one state is enough.
      if (toks[toks.length - 1] !== STAR) toks.push(STAR);
      continue;
    }
    if (tok === 0x3f /* ? */) {
      toks.push(ANY);
      continue;
    }
    if (tok === 0x5c /* \ */) {
      const peek = cps[i];
      if (peek === 0x7d || peek === 0x2f) continue;
      const next = cps[i++];
      if (next !== 0x2a && next !== 0x3f && next !== 0x5c) {
        // Go prints scanner.EOF with %c as U+FFFD.
        return `invalid escape '\\${next === undefined ? '\ufffd' : String.fromCodePoint(next)}'`;
      }
      tok = next;
    }
    toks.push(tok);
  }
  return { toks: Int32Array.from(toks), greedy, anchored };
}

export interface MatchBudget {
  matchSteps: number;
}

/**
 * Go's Regexp.FindStringIndex from `from`: a Pike VM, leftmost-first like Go's NFA.
 * Returns `[start, end]` in UTF-16 offsets, or null. Time is characters × pattern
 * states; the lists are the pattern's, reused from one search to the next.
 */
function findMatch(re: ShellPattern, s: string, from: number, budget: MatchBudget): [number, number] | null {
  const { toks, greedy, anchored } = re;
  const m = toks.length;
  const n = s.length;
  const vm = re.vm ?? (re.vm = {
    pcs: [new Int32Array(m + 1), new Int32Array(m + 1)],
    sts: [new Int32Array(m + 1), new Int32Array(m + 1)],
    seen: new Int32Array(m + 1),
    gen: 0,
  });
  const seen = vm.seen;
  let cur = 0;
  let cpc = vm.pcs[0]!;
  let cst = vm.sts[0]!;
  let ccount = 0;
  let gen = ++vm.gen;
  let match: [number, number] | null = null;
  const first = m > 0 ? toks[0]! : STAR;
  const firstText = first >= 0 ? String.fromCodePoint(first) : '';
  let pos = from;
  let steps = 0;
  for (;;) {
    if (ccount === 0) {
      if (match || (anchored && pos !== 0)) break;
      // Nothing alive: skip to where the pattern's first literal occurs.
      if (!anchored && first >= 0) {
        const at = s.indexOf(firstText, pos);
        if (at < 0) break;
        pos = at;
      }
    }
    if (!match && (!anchored || pos === 0)) ccount = addThread(toks, greedy, seen, gen, cpc, cst, ccount, 0, pos);
    const cp = pos < n ? s.codePointAt(pos)! : -1;
    steps += ccount;
    gen = ++vm.gen;
    const npc = vm.pcs[1 - cur]!;
    const nst = vm.sts[1 - cur]!;
    let ncount = 0;
    for (let k = 0; k < ccount; k++) {
      const pc = cpc[k]!;
      if (pc === m) {
        // First-match mode: this match beats every thread after it.
        match = [cst[k]!, pos];
        break;
      }
      if (cp < 0) continue;
      const tok = toks[pc]!;
      let to: number;
      if (tok === STAR) {
        if (cp === 0x0a) continue;
        to = pc;
      } else if (tok === ANY ? cp !== 0x0a : tok === cp) to = pc + 1;
      else continue;
      // addThread, inlined: this is the matcher's inner loop.
      if (seen[to] === gen) continue;
      seen[to] = gen;
      const start = cst[k]!;
      if (to < m && toks[to] === STAR) {
        seen[to + 1] = gen;
        npc[ncount] = greedy ? to : to + 1;
        nst[ncount++] = start;
        npc[ncount] = greedy ? to + 1 : to;
        nst[ncount++] = start;
      } else {
        npc[ncount] = to;
        nst[ncount++] = start;
      }
    }
    if (cp < 0) break;
    if (steps > 1 << 20) {
      budget.matchSteps += steps;
      steps = 0;
      if (budget.matchSteps > MAX_MATCH_STEPS) throw new LexError(WORD_TOO_COMPLEX);
    }
    cur = 1 - cur;
    cpc = npc;
    cst = nst;
    ccount = ncount;
    pos += cp > 0xffff ? 2 : 1;
  }
  budget.matchSteps += steps;
  if (budget.matchSteps > MAX_MATCH_STEPS) throw new LexError(WORD_TOO_COMPLEX);
  return match;
}

/** Adds the thread at `pc` and what it reaches without a character, in priority order; returns the new count. */
function addThread(
  toks: Int32Array, greedy: boolean, seen: Int32Array, gen: number, pcs: Int32Array, sts: Int32Array, count: number, pc: number, start: number,
): number {
  if (seen[pc] === gen) return count;
  seen[pc] = gen;
  if (pc < toks.length && toks[pc] === STAR) {
    // A star is its loop (consumes a character, comes back) or what follows it: greedy
    // tries the loop first. Only the star reaches what follows it, so that is new too.
    seen[pc + 1] = gen;
    pcs[count] = greedy ? pc : pc + 1;
    sts[count++] = start;
    pcs[count] = greedy ? pc + 1 : pc;
    sts[count++] = start;
    return count;
  }
  pcs[count] = pc;
  sts[count++] = start;
  return count;
}

/** `value[0:start] + replacement + value[end:]` for the first match, as BuildKit does for `${NAME/…/…}`. */
export function replaceFirst(re: ShellPattern, value: string, replacement: string, budget: MatchBudget): string {
  const m = findMatch(re, value, 0, budget);
  return m ? value.slice(0, m[0]) + replacement + value.slice(m[1]) : value;
}

/**
 * Go's Regexp.ReplaceAllString, which BuildKit uses for `${NAME//…/…}`: no replacement
 * for an empty match right after a match, and the replacement is a template (Expand).
 */
export function replaceAllString(re: ShellPattern, value: string, template: string, budget: MatchBudget): string {
  let out = '';
  let lastMatchEnd = 0;
  let searchPos = 0;
  while (searchPos <= value.length) {
    const a = findMatch(re, value, searchPos, budget);
    if (!a) break;
    out += value.slice(lastMatchEnd, a[0]);
    if (a[1] > lastMatchEnd || a[0] === 0) out += expandTemplate(template, value.slice(a[0], a[1]));
    lastMatchEnd = a[1];
    const cp = value.codePointAt(searchPos);
    const width = cp === undefined ? 0 : cp > 0xffff ? 2 : 1;
    if (searchPos + width > a[1]) searchPos += width;
    else if (searchPos + 1 > a[1]) searchPos++;
    else searchPos = a[1];
  }
  return out + value.slice(lastMatchEnd);
}

/**
 * Go's Regexp.Expand for a regexp without groups: `$$` is `$`; `$name` or `${name}`
 * (letters, digits, `_`) is the match for `0` and empty for anything else; a `$`
 * that starts no name is kept.
 */
function expandTemplate(template: string, match: string): string {
  let out = '';
  let i = 0;
  for (;;) {
    const d = template.indexOf('$', i);
    if (d < 0) break;
    out += template.slice(i, d);
    i = d + 1;
    if (template[i] === '$') {
      out += '$';
      i++;
      continue;
    }
    let j = i;
    const brace = template[j] === '{';
    if (brace) j++;
    const nameStart = j;
    while (j < template.length) {
      const ch = String.fromCodePoint(template.codePointAt(j)!);
      if (!LETTER.test(ch) && !DIGIT.test(ch) && ch !== '_') break;
      j += ch.length;
    }
    if (j === nameStart || (brace && template[j] !== '}')) {
      out += '$';
      continue;
    }
    const name = template.slice(nameStart, j);
    if (brace) j++;
    if (name === '0') out += match;
    i = j;
  }
  return out + template.slice(i);
}

export function trimPrefix(pattern: string, value: string, greedy: boolean, budget: MatchBudget): string {
  const re = convertShellPattern(pattern, greedy, true);
  if (typeof re === 'string') throw new LexError(`invalid pattern (${pattern}) in substitution: ${re}`);
  const m = findMatch(re, value, 0, budget);
  return m ? value.slice(m[1]) : value;
}

export function trimSuffix(pattern: string, value: string, greedy: boolean, budget: MatchBudget): string {
  // As BuildKit does: both reversed, so the shortest rightmost match is a leftmost one
  // (and an invalid pattern is reported reversed).
  const reversed = trimPrefix(reversePattern(pattern), reverseString(value), greedy, budget);
  return reverseString(reversed);
}

/** BuildKit's reversePattern, on code points: `a\*c` becomes `c\*a`. */
function reversePattern(pattern: string): string {
  const runes = Array.from(pattern);
  const out: string[] = new Array<string>(runes.length);
  const last = runes.length - 1;
  for (let i = 0; i <= last; ) {
    const tok = runes[i]!;
    const o = last - i;
    if (tok === '\\' && i !== last) {
      out[o - 1] = tok;
      out[o] = runes[i + 1]!;
      i += 2;
    } else {
      out[o] = tok;
      i++;
    }
  }
  return out.join('');
}

function reverseString(s: string): string {
  return Array.from(s).reverse().join('');
}

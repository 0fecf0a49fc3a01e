/**
 * Small re-statements of Go library behaviour the comparison needs, so that our
 * answers are printed exactly the way the Go oracles print theirs.
 */

/** strconv.IsPrint: categories L, M, N, P, S, plus the ASCII space. */
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

const SHORT_ESCAPES: Record<number, string> = {
  0x07: '\\a', 0x08: '\\b', 0x0c: '\\f', 0x0a: '\\n', 0x0d: '\\r', 0x09: '\\t', 0x0b: '\\v',
};

/**
 * Go's strconv.Quote for a well-formed string (every generated input is made
 * well-formed first, see `wellFormed`, so there are no invalid bytes to print as `\xNN`).
 */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (c === 0x20 || (c > 0x20 && c < 0x7f)) out += ch;
    else if (c >= 0x80 && PRINTABLE.test(ch)) out += ch;
    else if (SHORT_ESCAPES[c] !== undefined) out += SHORT_ESCAPES[c];
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else if (c < 0x10000) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += `\\U${c.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}

/** unicode.IsSpace (JavaScript's \s differs: it has U+FEFF, lacks U+0085). */
const GO_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;

/** strings.TrimSpace. */
export function goTrimSpace(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && GO_SPACE.test(s[a]!)) a++;
  while (b > a && GO_SPACE.test(s[b - 1]!)) b--;
  return s.slice(a, b);
}

/**
 * Go-quoted text with each `\xNN` escape of a byte from 0x80 up (a byte that is
 * not valid UTF-8, which Go strings keep as they are) read as U+FFFD, which is
 * all a JavaScript string can hold in its place.
 */
export function invalidBytesAsReplacement(quoted: string): string {
  return quoted.replace(/\\(\\|x[89a-f][0-9a-f])/g, (all, esc: string) => (esc === '\\' ? all : '\ufffd'));
}

/**
 * strings.ToLower, rune by rune (Go never changes the length of a rune the way
 * JavaScript lower-cases `İ` to `i̇`).
 */
export function goLower(s: string): string {
  let out = '';
  for (const ch of s) {
    const lower = ch.toLowerCase();
    out += [...lower].length === 1 ? lower : ch === '\u0130' ? 'i' : ch;
  }
  return out;
}

/**
 * The text both sides see. A JavaScript string may hold lone surrogates, which
 * UTF-8 cannot: the oracle would read U+FFFD where we read the surrogate. Both
 * get the well-formed string instead.
 */
export function wellFormed(s: string): string {
  return s.toWellFormed();
}

/** Characters a reader cannot see or tell apart in a report. */
const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u00a0\u00ad\u1680\u2000-\u200f\u2028-\u202f\u205f\u3000\ufeff]/gu;

/** Invisible characters as `⟨U+XXXX⟩` (a CR as `⟨CR⟩`; tabs and newlines stay). */
export function showInvisible(s: string): string {
  return s.replace(INVISIBLE, (c) => (c === '\r' ? '⟨CR⟩' : `⟨U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}⟩`));
}

/** A file's text as a report shows it: `showInvisible`, and a note when it does not end with a newline. */
export function visible(s: string): string {
  return s.endsWith('\n') || s === '' ? showInvisible(s) : `${showInvisible(s)}⟨no newline at end⟩`;
}

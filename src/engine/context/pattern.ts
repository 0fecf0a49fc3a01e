/**
 * One .dockerignore pattern compiled the way moby/patternmatcher compiles it.
 *
 * patternmatcher does not always use a regular expression: a pattern with no
 * wildcard is compared for equality, a trailing `**` makes a prefix test and a
 * leading one a suffix test. Those shortcuts are not quite what the regular expression would
 * say (`**foo` is "ends with foo", so it matches `barfoo`), and Docker follows
 * the shortcuts, so we do too.
 */
import { compileGoRegexp, type GoRegexp } from '../go/regexp';
import { codePoints } from '../go/text';

export type MatchKind = 'exact' | 'prefix' | 'suffix' | 'regexp';

export interface CompiledPattern {
  kind: MatchKind;
  /** The Go regular expression patternmatcher builds (`regexp` kind only). */
  goRegexp?: string;
  /** Set for the `regexp` kind. */
  regexp?: GoRegexp;
  /** patternmatcher's Pattern.match on a `/`-separated path relative to the context root. */
  test(path: string): boolean;
}

/**
 * Characters that patternmatcher escapes before handing the pattern to Go's
 * regexp. Its list is `.+()|{}$`, but the bitmap it keeps them in is eight bytes
 * indexed by `c % 8` with bit `c / 8`, and for `{`, `|` and `}` (code points of 64
 * and above) that bit falls off the byte. So those three reach Go's regexp as
 * they are: `*.js|*.ts` is an alternation and `?{2}` a repeat, in Docker too.
 */
const REGEXP_SPECIAL = new Set(['.', '+', '(', ')', '$']);

/**
 * Compiles a cleaned pattern (after `!` is removed). Returns `null` where Go's
 * regexp.Compile fails, which patternmatcher reports as "syntax error in pattern".
 */
export function compilePattern(cleaned: string): CompiledPattern | null {
  const cps = codePoints(cleaned);
  // text/scanner skips a byte-order mark at the very start of its input.
  let pos = cps[0] === 0xfeff ? 1 : 0;
  let re = '^';
  let kind: MatchKind = 'exact';
  for (let step = 0; pos < cps.length; step++) {
    const ch = String.fromCodePoint(cps[pos++] as number);
    if (ch === '*') {
      if (cps[pos] === 0x2a) {
        pos++;
        if (cps[pos] === 0x2f) pos++; // `**/` counts as `**`
        if (pos >= cps.length) {
          if (kind === 'exact') kind = 'prefix';
          else {
            re += '.*';
            kind = 'regexp';
          }
        } else {
          re += '(.*/)?';
          kind = 'regexp';
        }
        if (step === 0) kind = 'suffix';
      } else {
        re += '[^/]*';
        kind = 'regexp';
      }
    } else if (ch === '?') {
      re += '[^/]';
      kind = 'regexp';
    } else if (REGEXP_SPECIAL.has(ch)) {
      re += '\\' + ch;
    } else if (ch === '\\') {
      if (pos < cps.length) {
        re += '\\' + String.fromCodePoint(cps[pos++] as number);
        kind = 'regexp';
      } else re += '\\';
    } else if (ch === '[' || ch === ']') {
      re += ch;
      kind = 'regexp';
    } else re += ch;
  }

  switch (kind) {
    case 'exact':
      return { kind, test: (path) => path === cleaned };
    case 'prefix': {
      const prefix = cleaned.slice(0, -2);
      return { kind, test: (path) => path.startsWith(prefix) };
    }
    case 'suffix':
      return suffixPattern(cleaned);
    case 'regexp': {
      re += '$';
      const regexp = compileGoRegexp(re);
      if (!regexp) return null;
      return { kind, goRegexp: re, regexp, test: regexp.test };
    }
  }
}

function suffixPattern(cleaned: string): CompiledPattern {
  if (cleaned.startsWith('\uFEFF')) {
    // Go cuts two bytes off a string whose first rune is three bytes long: the
    // suffix starts with the mark's last byte, 0xBF. A path ends with it only
    // where the character before the rest ends in that byte (U+00BF, U+00FF, …).
    const rest = cleaned.slice(1);
    return {
      kind: 'suffix',
      test: (path) => {
        if (!path.endsWith(rest) || path.length === rest.length) return false;
        const at = path.length - rest.length - 1;
        const unit = path.charCodeAt(at);
        const before = unit >= 0xdc00 && unit <= 0xdfff && at > 0 ? (path.codePointAt(at - 1) as number) : unit;
        return before >= 0x80 && (before & 0x3f) === 0x3f;
      },
    };
  }
  const suffix = cleaned.slice(2);
  // `**/foo` also matches `foo` itself.
  const bare = suffix.startsWith('/') ? suffix.slice(1) : null;
  return { kind: 'suffix', test: (path) => path.endsWith(suffix) || path === bare };
}

/**
 * Variable expansion where it once disagreed with BuildKit's shell lexer
 * (frontend/dockerfile/shell/lex.go), one block per class of the differential script
 * (`npx tsx scripts/differential.ts ORACLES --only expand` / `--only words`). Every
 * expected answer is the oracle's (`bkoracle expand` / `bkoracle words`, Docker's own
 * code); BuildKit's errors start with `failed to process "<word>": `, which is left out.
 */
import { describe, expect, it } from 'vitest';
import { compileGoRegexp } from '../go/regexp';
import { EnvMap, expandWord } from './lexer';

const run = (word: string, env: Record<string, string> = {}, escape?: string) =>
  expandWord(word, new EnvMap(Object.entries(env)), escape ? { escape } : {});
const value = (word: string, env: Record<string, string> = {}) => {
  const r = run(word, env);
  return r.error === null ? r.value : `error: ${r.error}`;
};
const words = (word: string, env: Record<string, string> = {}) => run(word, env).words;
const error = (word: string, env: Record<string, string> = {}, escape?: string) => run(word, env, escape).error;

describe('words-buffer-reset: a nested ${NAME<modifier>…} empties the word in progress', () => {
  it('drops what came before, as BuildKit does', () => {
    expect(words('a"${A-}"')).toEqual([]);
    expect(words('a""${%}')).toEqual([]);
    expect(words('1${+}')).toEqual([]);
    expect(words('x y${A:-b c}d')).toEqual(['x', 'b', 'cd']);
    expect(words('x ${A/b/c} d', { A: 'abc' })).toEqual(['x', 'acc', 'd']);
  });

  it('leaves the value alone', () => {
    expect(value('a"${A-}"')).toBe('a');
    expect(value('1${+}')).toBe('1');
  });
});

describe('invalid-pattern-message: the reason follows the message', () => {
  it('names the escape', () => {
    expect(error('${%\\a}')).toBe("invalid pattern (\\a) in substitution: invalid escape '\\a'");
    expect(error('${//\\a/\'\'}$')).toBe("invalid pattern (\\a) in substitution: invalid escape '\\a'");
  });

  it('prints a trailing escape as U+FFFD (scanner.EOF with %c)', () => {
    expect(error('${a#\\}', {}, '`')).toBe("invalid pattern (\\) in substitution: invalid escape '\\\ufffd'");
  });

  it('reports a % pattern reversed, as BuildKit does', () => {
    expect(error('${A%x\\a}')).toBe("invalid pattern (\\ax) in substitution: invalid escape '\\a'");
  });
});

describe('leading-bom: text/scanner skips a U+FEFF at the start', () => {
  it('of the word', () => {
    expect(run('\ufeff')).toMatchObject({ value: '', words: [] });
    expect(run('\ufeff$A \ufeff', { A: 'v' })).toMatchObject({ value: 'v \ufeff', words: ['v', '\ufeff'] });
  });

  it('of a pattern, which has a scanner of its own', () => {
    expect(value('${A#\ufeffa}', { A: 'abc' })).toBe('bc');
    expect(value('${A%\ufeffc}', { A: 'abc' })).toBe('abc');
    expect(value('${A%c\ufeff}', { A: 'abc' })).toBe('ab');
  });
});

describe('replace-all-template: ${NAME//…/…} expands the replacement as Go\'s Regexp.Expand', () => {
  it('$0 is the match, other names are empty, $$ is $, a $ before no name stays', () => {
    expect(value('${A//b/$R}', { A: 'abcb', R: '[$0|${0}|$1|$$|${x|$|${}|$00|${0|$é0]' })).toBe(
      'a[b|b||$|${x|$|${}||${0|]c[b|b||$|${x|$|${}||${0|]',
    );
    expect(value('${///$_x}', { _x: '$B' })).toBe('');
    expect(value("${///'$a'}")).toBe('');
    expect(value('${A//b*/$R}', { A: 'abcb\nxbz', R: '<$0>' })).toBe('a<bcb>\nx<bz>');
  });

  it('but ${NAME/…/…} (one replacement) inserts it as it is', () => {
    expect(value('${A/b/$R}', { A: 'abcb', R: '[$0|$$]' })).toBe('a[$0|$$]cb');
  });
});

describe('replace-all-empty-match: no replacement for an empty match right after a match', () => {
  it('as Go\'s ReplaceAllString', () => {
    expect(value('${_x//*/a}', { _x: 'a' })).toBe('a');
    expect(value('${A//*/-}', { A: 'ab\ncd\n' })).toBe('-\n-\n-');
  });
});

describe('pattern-star-limit: any number of * is evaluated, leftmost-first as Go\'s regexp', () => {
  it('more than three stars', () => {
    expect(run('${A#****}')).toMatchObject({ value: '', unmatched: ['A'] });
    expect(value('${A#*a*a*a*a*}', { A: 'xaxaxaxaxaxa' })).toBe('xaxa');
    expect(value('${A##*a*a*a*a}', { A: 'xaxaxaxaxaxa' })).toBe('');
    expect(value('${A%a*a*a*a*}', { A: 'xaxaxaxaxaxa' })).toBe('xaxax');
    expect(value('${A%%a*a*a*a*}', { A: 'xaxaxaxaxaxa' })).toBe('x');
    expect(value('${A//a*?a/-}', { A: 'xaxaxaxaxaxa' })).toBe('x-');
  });

  it('errors later in the word are BuildKit\'s', () => {
    expect(error('${B#****}"')).toBe('unexpected end of statement while looking for matching double-quote');
    expect(error('${/${x#****}a')).toBe("syntax error: missing '/' in ${}");
    expect(error('${/"*"***/}${')).toBe("syntax error: missing '}'");
  });

  it('. and * stop at \\n only (not at \\r, as a JavaScript RegExp would)', () => {
    expect(value('${A##*}', { A: 'a\rb\nc' })).toBe('\nc');
    expect(value('${A%%*}', { A: 'a\rb\nc' })).toBe('a\rb\n');
    expect(value('${A//?*/<$0>}', { A: 'ab\ncd' })).toBe('<>\n<>');
  });

  it('escapes and regexp characters are literal', () => {
    expect(value('${A//\\*/-}', { A: 'a*b**' })).toBe('a-b--');
    expect(value('${A//\\}/-}', { A: 'a}b' })).toBe('a-b');
    expect(value('${A//[.]/-}', { A: 'a[.]b.' })).toBe('a-b.');
    expect(value('${A%%\\\\*}', { A: 'a\\b\\c' })).toBe('a');
    expect(value('${A%\\\\*}', { A: 'a\\b\\c' })).toBe('a\\b');
  });

  it('finds a match exactly where Go\'s regexp (src/engine/go/regexp.ts) does', () => {
    // Random patterns over a, b, * and ? against random values: ${V/p/#} changes V iff
    // the Go regexp BuildKit builds from p matches somewhere in V.
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    const pick = (alphabet: string, max: number) => Array.from({ length: rand(max + 1) }, () => alphabet[rand(alphabet.length)]).join('');
    for (let i = 0; i < 2000; i++) {
      const pattern = pick('ab*?', 6);
      const v = pick('ab\n\r', 8);
      const re = compileGoRegexp(pattern.replace(/\*/g, '.*').replace(/\?/g, '.'))!;
      expect(value(`\${V/${pattern}/#}`, { V: v }) !== v, `${JSON.stringify(pattern)} on ${JSON.stringify(v)}`).toBe(re.test(v));
    }
  });

  it('a pattern of thousands of wildcards over a huge value ends quickly', () => {
    const env = { A: 'a'.repeat(262_144) };
    const t = performance.now();
    expect(error(`\${A#${'*?'.repeat(3000)}b}`, env)).toBe('word too complex to expand');
    expect(value(`\${A##${'*a'.repeat(20)}}`, { A: 'a'.repeat(1000) })).toBe('');
    expect(value(`\${A//${'a*'.repeat(10)}b/x}`, { A: 'a'.repeat(5000) })).toBe('a'.repeat(5000));
    expect(performance.now() - t).toBeLessThan(5_000);
  });
});

describe('heredoc-space-words: `<<` keeps the blanks after it in the word', () => {
  it('as processPossibleHeredoc does', () => {
    expect(words('<< ')).toEqual(['<< ']);
    expect(words('<< EOF x')).toEqual(['<< EOF', 'x']);
    expect(words('a<<\t \rb <c')).toEqual(['a<<\t \rb', '<c']);
    expect(value('a<<\t \rb <c')).toBe('a<<\t \rb <c');
  });
});

describe('astral-modifier: the character after ${NAME is one code point', () => {
  it('reads it whole', () => {
    expect(error('${a-${😀')).toBe("syntax error: missing '}'");
    expect(error('${a😀}')).toBe('unsupported modifier (😀) in substitution');
  });

  it('patterns and values are code points too', () => {
    expect(value('${A%😀?}', { A: 'x😀y' })).toBe('x');
    expect(value('${A/😀/-}', { A: 'x😀y😀' })).toBe('x-y😀');
    expect(value('${A//?/-}', { A: 'a😀\nb' })).toBe('--\n-');
    expect(value('${A#*?}', { A: '😀b' })).toBe('b');
  });
});

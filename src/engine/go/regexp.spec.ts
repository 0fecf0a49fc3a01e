import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { goMatch } from './match';
import { compileGoRegexp } from './regexp';

describe('goMatch (Go’s filepath.Match on Linux)', () => {
  it.each([
    ['abc', 'abc', true],
    ['*', 'abc', true],
    ['*c', 'abc', true],
    ['a*', 'a', true],
    ['a*/b', 'abc/b', true],
    ['a*', 'ab/c', false],
    ['a*b*c*d*e*/f', 'axbxcxdxe/f', true],
    ['a*b?c*x', 'abxbbxdbxebxczzx', true],
    ['ab[c]', 'abc', true],
    ['ab[b-d]', 'abc', true],
    ['ab[^c]', 'abc', false],
    ['ab[^b-d]', 'abe', true],
    ['a\\*b', 'a*b', true],
    ['a\\*b', 'ab', false],
    ['a?b', 'a☺b', true],
    ['a[^a]b', 'a☺b', true],
    ['a???b', 'a☺b', false],
    ['a?b', 'a/b', false],
    ['[\\]a]', ']', true],
    ['[x\\-]', '-', true],
    ['*x', 'xxx', true],
  ])('%s against %s → %s', (pattern, name, result) => {
    expect(goMatch(pattern, name)).toBe(result);
  });

  it.each(['[', '[^', '[^bc', 'a[', '[]a]', '[-]', '[x-]', '[-x]', '\\', '[a-b-c]', 'a*[', '[\\'])('%s is malformed', (pattern) => {
    expect(goMatch(pattern, 'a')).toBeNull();
  });
});

describe('compileGoRegexp', () => {
  it('refuses what Go’s regexp refuses', () => {
    for (const bad of ['^[z-a]$', '^a**$', '^\\e$', '^\\8$', '^\\C$', '^[[:nope:]]$', '^\\p{Nope}$', '^(a$', '^a)$', '^a{1001}$', '^a|*$', '^[a$', '^a\\']) {
      expect(compileGoRegexp(bad), bad).toBeNull();
    }
  });

  it('reads Go escapes and classes', () => {
    const ok = (re: string, s: string) => compileGoRegexp(re)?.test(s);
    expect(ok('^\\x41\\x{1F600}$', 'A😀')).toBe(true);
    expect(ok('^\\101$', 'A')).toBe(true);
    expect(ok('^\\Qa.b*\\E$', 'a.b*')).toBe(true);
    expect(ok('^\\Qa.b', 'a.bc')).toBe(true); // `\Q` runs to the end: no `$`
    expect(ok('^[[:^digit:]x]$', 'a')).toBe(true);
    expect(ok('^[[:^digit:]]$', '5')).toBe(false);
    expect(ok('^\\s$', '\u00a0')).toBe(false); // ASCII only, unlike JavaScript
    expect(ok('^.$', '\n')).toBe(false);
    expect(ok('^[^a]$', '\n')).toBe(true);
    expect(ok('^a{2,3}$', 'aaa')).toBe(true);
    expect(ok('^a{2,3}$', 'aaaa')).toBe(false);
    expect(ok('^a{,2}$', 'a{,2}')).toBe(true); // not a repeat: literal
    expect(ok('^a{01}$', 'a{01}')).toBe(true);
    expect(ok('^\\bab\\B', 'abc')).toBe(true);
    expect(ok('^\\bab\\B', 'ab')).toBe(false);
    expect(ok('^*$', '')).toBe(true); // Go repeats an anchor without complaint
    expect(ok('^\\pL\\PL$', 'é1')).toBe(true);
    expect(ok('^\\p{^Greek}$', 'a')).toBe(true);
  });

  it('uses the linear engine for many repeats', () => {
    expect(compileGoRegexp('^[^/]*a[^/]*$')?.engine).toBe('js');
    expect(compileGoRegexp('^[^/]*a[^/]*a[^/]*a[^/]*b$')?.engine).toBe('nfa');
  });

  it('gives the same answers on both engines', () => {
    const atom = fc.constantFrom('a', 'b', '/', '[^/]*', '(.*/)?', '.*', '[ab]', '[^a]', '\\d', 'a{2}', 'b?', '\\b', '|', '^', '$', '[[:alpha:]]', '\\pL', 'é');
    fc.assert(
      fc.property(fc.array(atom, { maxLength: 8 }), fc.string({ unit: fc.constantFrom('a', 'b', '/', '1', 'é', '\n', ' ') }), (atoms, text) => {
        const expr = `^${atoms.join('')}$`;
        const js = compileGoRegexp(expr, 'js');
        const nfa = compileGoRegexp(expr, 'nfa');
        expect(js === null).toBe(nfa === null);
        if (js && nfa) expect(nfa.test(text)).toBe(js.test(text));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('bounded repeats on the NFA', () => {
  it('x{0,1000} compiles nested, as Go does: a .dockerignore line *Q{0,1000}*Q*Q* over 10,000 paths stays quick and right', () => {
    // patternmatcher's translation of `*Q{0,1000}*Q*Q*`: `*` is [^/]*.
    const re = compileGoRegexp('^[^/]*Q{0,1000}[^/]*Q[^/]*Q[^/]*$', 'nfa')!;
    expect(re.test('aQbQc')).toBe(true);
    expect(re.test('QQQ')).toBe(true);
    expect(re.test('aQb')).toBe(false);
    expect(re.test('a/QbQc')).toBe(false);
    let n = 0;
    for (let i = 0; i < 10_000; i++) if (re.test(`node_modules/pkg${i}/lib/index${i}.js`)) n++;
    expect(n).toBe(0);
    const nested = compileGoRegexp('^a{2,4}$', 'nfa')!;
    expect(['a', 'aa', 'aaa', 'aaaa', 'aaaaa'].map((s) => nested.test(s))).toEqual([false, true, true, true, false]);
  });
});

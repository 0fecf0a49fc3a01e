import { describe, expect, it } from 'vitest';
import { compileDockerignore, parseDockerignore } from './dockerignore';

/** True when Docker leaves `path` out of the context under this .dockerignore. */
function excluded(ignore: string, path: string): boolean {
  const m = compileDockerignore(ignore);
  expect(m.errors, `errors in ${JSON.stringify(ignore)}`).toEqual([]);
  return m.matches(path);
}

const patternsOf = (text: string) => parseDockerignore(text).patterns.map((p) => (p.negate ? '!' : '') + p.pattern);
const errorsOf = (text: string) => parseDockerignore(text).errors.map((e) => [e.line, e.message]);

describe('reading a .dockerignore (ignorefile.ReadAll, then patternmatcher.New)', () => {
  it('reads the file of ignorefile’s own test', () => {
    const text = 'test1\n/test2\n/a/file/here\n\nlastfile\n# this is a comment\n! /inverted/abs/path\n!\n! ';
    expect(patternsOf(text)).toEqual(['test1', 'test2', 'a/file/here', 'lastfile', '!inverted/abs/path']);
    // ReadAll keeps the two bare `!` lines; patternmatcher refuses them.
    expect(errorsOf(text)).toEqual([
      [8, 'illegal exclusion pattern: "!"'],
      [9, 'illegal exclusion pattern: "!"'],
    ]);
  });

  it('keeps 1-based line numbers, the line as written, and the kind of test', () => {
    const { patterns } = parseDockerignore('# deps\n\nnode_modules\n  !/docs/README.md  \n**/*.log\nbuild/**\n**/.env\n');
    expect(patterns).toEqual([
      { pattern: 'node_modules', negate: false, line: 3, text: 'node_modules', kind: 'exact' },
      { pattern: 'docs/README.md', negate: true, line: 4, text: '!/docs/README.md', kind: 'exact' },
      { pattern: '**/*.log', negate: false, line: 5, text: '**/*.log', kind: 'regexp' },
      { pattern: 'build/**', negate: false, line: 6, text: 'build/**', kind: 'prefix' },
      { pattern: '**/.env', negate: false, line: 7, text: '**/.env', kind: 'suffix' },
    ]);
  });

  it('treats only a `#` in column 1 as a comment', () => {
    expect(patternsOf('# comment\n  # not a comment\n#also\n')).toEqual(['# not a comment']);
    expect(excluded('  # not a comment', '# not a comment')).toBe(true);
  });

  it('strips a byte-order mark from the first line only', () => {
    expect(patternsOf('\uFEFF# comment\n*.log')).toEqual(['*.log']);
    expect(patternsOf('\uFEFFdist')).toEqual(['dist']);
    // A mark elsewhere is an ordinary character (Go's TrimSpace keeps it).
    expect(patternsOf('a\n\uFEFFdist')).toEqual(['a', '\uFEFFdist']);
  });

  it('reads CRLF files and trims with Go’s notion of white space', () => {
    expect(patternsOf('dist\r\n*.log\r\n  \t\r\n')).toEqual(['dist', '*.log']);
    // U+00A0 is white space to Go; U+200B is not.
    expect(patternsOf('a\u00a0\nb\u200b')).toEqual(['a', 'b\u200b']);
  });

  it('cleans patterns like filepath.Clean and drops one leading slash', () => {
    expect(patternsOf('./a\na/../b\nc/\nd//e\n/f\n//g\n/h/i/\n!./j/\n! /k\n../up\n.')).toEqual([
      'a',
      'b',
      'c',
      'd/e',
      'f',
      'g',
      'h/i',
      '!j',
      '!k',
      '../up',
      '.',
    ]);
  });

  it('does not treat `\\` as a separator (Docker on Linux)', () => {
    expect(patternsOf('dir\\file')).toEqual(['dir\\file']);
    expect(excluded('dir\\file', 'dir/file')).toBe(false);
    // `\\` escapes the next character: `dir\\\\file` is the file named `dir\file`.
    expect(excluded('dir\\\\file', 'dir\\file')).toBe(true);
  });

  it('refuses what Docker refuses, with the line and Docker’s message', () => {
    const text = ['ok', '[', '[a-b-c]', '[]', 'a\\', '!', '!/', 'x/[^]', '[z-a]', '*{2}', 'fine'].join('\n');
    expect(errorsOf(text)).toEqual([
      [2, 'syntax error in pattern'], // unclosed class
      [3, 'syntax error in pattern'], // filepath.Match: `-` after a range
      [4, 'syntax error in pattern'], // empty class
      [5, 'syntax error in pattern'], // trailing backslash
      [6, 'illegal exclusion pattern: "!"'],
      [7, 'illegal exclusion pattern: "!"'], // `!/` cleans to `!`
      [8, 'syntax error in pattern'],
    ]);
    // Go's regexp refuses `[z-a]` (invalid range) and `[^/]*{2}` (a repeat of a
    // repeat), but only at first use: New accepts them (see "patterns Go's regexp refuses").
    expect(parseDockerignore(text).warnings.map((e) => [e.line, e.message])).toEqual([
      [9, 'syntax error in pattern'],
      [10, 'syntax error in pattern'],
    ]);
    expect(patternsOf(text)).toEqual(['ok', '[z-a]', '*{2}', 'fine']);
  });

  it('refuses a malformed class even after a part that cannot match', () => {
    // Go 1.20+ checks the whole pattern; older Go stopped at the first mismatch.
    expect(errorsOf('a*[')).toEqual([[1, 'syntax error in pattern']]);
  });

  it('gives up on a line of 64 KiB, as Go’s bufio.Scanner does', () => {
    const { patterns, errors } = parseDockerignore(`a\n${'x'.repeat(70_000)}\nb`);
    expect(patterns.map((p) => p.pattern)).toEqual(['a']);
    expect(errors).toMatchObject([{ line: 2, message: 'bufio.Scanner: token too long' }]);
  });

  it('returns nothing for an empty or blank file', () => {
    expect(parseDockerignore('')).toEqual({ patterns: [], errors: [], warnings: [] });
    expect(parseDockerignore('\n\n   \n# only a comment\n')).toEqual({ patterns: [], errors: [], warnings: [] });
  });
});

// Answers of moby/patternmatcher itself (the dioracle of /work/shared/oracles,
// class lazy-regexp of the differential test).
describe('patterns Go’s regexp refuses (compiled at first use, as patternmatcher does)', () => {
  it('accepts the file: the line is kept, with a warning', () => {
    const m = compileDockerignore('![z-a]');
    expect(m.errors).toEqual([]);
    expect(m.warnings).toEqual([{ line: 1, message: 'syntax error in pattern', text: '![z-a]' }]);
    expect(m.patterns).toMatchObject([{ pattern: '[z-a]', negate: true, error: 'syntax error in pattern' }]);
    // An exception is only tried on an excluded path: nothing reaches it here.
    expect(m.matches('g')).toBe(false); // oracle: ignored [false]
    expect(m.brokenLineReached('g')).toBeNull();
  });

  it('gives the message of a line New refuses, even after a broken one', () => {
    // oracle: illegal exclusion pattern: "!" (not the earlier syntax error)
    for (const text of ['{1001}]\n!', '[z-a]\n!', '?{1001}\n!']) {
      expect(compileDockerignore(text).errors.map((e) => [e.line, e.message])).toEqual([[2, 'illegal exclusion pattern: "!"']]);
    }
    // filepath.Match's own refusals still come first: oracle: syntax error in pattern
    expect(errorsOf('[z-a]\n[')).toEqual([[2, 'syntax error in pattern']]);
  });

  it('fails the build where a path reaches the line (the walk stops there)', () => {
    // oracle: "[z-a]" with ["g"] → error: syntax error in pattern
    expect(compileDockerignore('[z-a]').brokenLineReached('g')).toMatchObject({ line: 1, pattern: '[z-a]' });
    // "a\n![z-a]": ["b"] → ignored [false]; ["a"] → error (the exception is tried on the excluded a)
    const m = compileDockerignore('a\n![z-a]');
    expect(m.matches('b')).toBe(false);
    expect(m.brokenLineReached('b')).toBeNull();
    expect(m.brokenLineReached('a')).toMatchObject({ line: 2 });
    expect(m.brokenLineReached('a/x')).toMatchObject({ line: 2 });
    expect(m.matches('a')).toBe(true); // the broken exception never matches
    // The walk meets it on node_modules itself, before any file inside.
    const n = compileDockerignore('node_modules\n!node_modules/[z-a]');
    expect(n.brokenLineReached('src/a')).toBeNull(); // oracle: ignored [false]
    expect(n.brokenLineReached('node_modules/x')).toMatchObject({ line: 2 }); // oracle: error
  });

  it('is never tried once the answer cannot change', () => {
    // oracle: "x\n[z-a]" with ["x/y"] → ignored [true]; "**\n*{2}" → [true, true]
    const x = compileDockerignore('x\n[z-a]');
    expect(x.matches('x/y')).toBe(true);
    expect(x.brokenLineReached('x/y')).toBeNull();
    const all = compileDockerignore('**\n*{2}');
    expect([all.matches('a'), all.matches('b/c')]).toEqual([true, true]);
    expect(all.brokenLineReached('b/c')).toBeNull();
    // Without a wildcard there is no regexp to refuse: `x{1001}` is compared as text.
    const exact = compileDockerignore('*\n!x{1001}'); // oracle: ignored [true]
    expect(exact.warnings).toEqual([]);
    expect(exact.matches('a')).toBe(true);
    expect(exact.matches('x{1001}')).toBe(false);
  });

  it('never matches in matchesOrParentMatches either', () => {
    const m = compileDockerignore('a\n![z-a]');
    expect(m.matchesOrParentMatches('a/b')).toBe(true);
  });
});

describe('matching one pattern (patternmatcher’s TestMatches, in our words)', () => {
  it.each([
    // `**` alone, and at the ends
    ['**', 'file', true],
    ['**', 'dir/file', true],
    ['**/', 'file', true],
    ['**/**', 'dir/file', true],
    ['dir/**', 'dir/file', true],
    ['dir/**', 'dir/dir2/file', true],
    ['abc/**', 'abc', false],
    ['abc/**', 'abc/def/ghi', true],
    ['**/dir', 'dir', true],
    ['**/dir', 'dir/file', true],
    ['**/dir2/*', 'dir/dir2/file', true],
    ['**/dir2/**', 'dir/dir2/dir3/file', true],
    ['**/foo/bar', 'foo/bar', true],
    ['**/foo/bar', 'dir/dir2/foo/bar', true],
    ['**/.foo', '.foo', true],
    ['**/.foo', 'bar.foo', false],
    // `**` in the middle: any number of directories, including none
    ['a/**/b', 'a/b', true],
    ['a/**/b', 'a/x/y/b', true],
    ['a/**/b', 'a/xb', false],
    ['a**/*.txt', 'a/file.txt', true],
    ['a**/*.txt', 'a/dir/dir/file.txt', true],
    // `**` followed by more
    ['**/file*.txt', 'dir/dir/file.txt', true],
    ['**/**/*.txt', 'file.txt', true],
    ['**/**/*.txt2', 'dir/dir/file.txt', false],
    ['**/*.txt', 'file.txt', true],
    // `*` and `?` stay inside one path element
    ['a/*.txt', 'a/file.txt', true],
    ['a/*.txt', 'a/dir/file.txt', false],
    ['a/*.txt**', 'a/file.txt', true],
    ['abc?def', 'abcZdef', true],
    ['abc?def', 'abcdef', false],
    ['abc?def', 'abc/def', false],
    ['*', 'fileutils.go', true],
    ['*.go', 'fileutils.go', true],
    // classes
    ['a[b-d]e', 'ace', true],
    ['a[b-d]e', 'ae', false],
    ['a[b-d]e', 'aae', false],
    ['a[^b-d]e', 'aze', true],
    ['a[^b-d]e', 'ace', false],
    // regexp characters are literal
    ['.*', '.foo', true],
    ['.*', 'foo', false],
    ['abc.def', 'abc.def', true],
    ['abc.def', 'abcZdef', false],
    ['a(b)c/def', 'a(b)c/def', true],
    ['a.|)$(}+{bc', 'a.|)$(}+{bc', true],
    ['dist/*.whl', 'dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl', true],
    // escapes
    ['a\\\\', 'a\\', true],
    ['a\\*b', 'a*b', true],
    ['a\\*b', 'axb', false],
    ['\\[a]', '[a]', true],
    ['[\\]]', ']', true],
  ])('%s on %s → %s', (pattern, path, result) => {
    expect(excluded(pattern, path)).toBe(result);
  });
});

describe('Docker’s documented examples', () => {
  it('anchors patterns at the root of the context (unlike .gitignore)', () => {
    expect(excluded('*.log', 'debug.log')).toBe(true);
    expect(excluded('*.log', 'logs/debug.log')).toBe(false);
    expect(excluded('**/*.log', 'logs/debug.log')).toBe(true);
    expect(excluded('**/*.log', 'debug.log')).toBe(true);
    expect(excluded('secrets', 'app/secrets')).toBe(false);
    expect(excluded('/foo/bar', 'foo/bar')).toBe(true);
    expect(excluded('foo/bar', 'foo/bar')).toBe(true);
    expect(excluded('foo/bar', 'x/foo/bar')).toBe(false);
  });

  it('*/temp*, */*/temp* and temp?', () => {
    expect(excluded('*/temp*', 'somedir/temporary.txt')).toBe(true);
    expect(excluded('*/temp*', 'somedir/temp')).toBe(true);
    expect(excluded('*/temp*', 'temp.txt')).toBe(false);
    expect(excluded('*/temp*', 'a/b/temp')).toBe(false);
    expect(excluded('*/*/temp*', 'somedir/subdir/temporary.txt')).toBe(true);
    expect(excluded('*/*/temp*', 'somedir/temporary.txt')).toBe(false);
    expect(excluded('temp?', 'tempa')).toBe(true);
    expect(excluded('temp?', 'tempb')).toBe(true);
    expect(excluded('temp?', 'temp')).toBe(false);
    expect(excluded('temp?', 'tempab')).toBe(false);
  });

  it('the last matching line wins', () => {
    const readmeKept = '*.md\n!README.md';
    expect(excluded(readmeKept, 'CHANGELOG.md')).toBe(true);
    expect(excluded(readmeKept, 'README.md')).toBe(false);

    const secretOut = '*.md\n!README*.md\nREADME-secret.md';
    expect(excluded(secretOut, 'README-secret.md')).toBe(true);
    expect(excluded(secretOut, 'README.md')).toBe(false);
    expect(excluded(secretOut, 'README-dev.md')).toBe(false);
    expect(excluded(secretOut, 'NOTES.md')).toBe(true);

    // The middle line has no effect: !README*.md comes last and matches.
    const allReadmes = '*.md\nREADME-secret.md\n!README*.md';
    expect(excluded(allReadmes, 'README-secret.md')).toBe(false);

    // An exception before the pattern it should override does nothing.
    expect(excluded('!fileutils.go\n*.go', 'fileutils.go')).toBe(true);
    expect(excluded('*.go\n!fileutils.go', 'fileutils.go')).toBe(false);
  });

  it('`*` then exceptions: include only what is listed', () => {
    const only = '*\n!src\n!package.json';
    expect(excluded(only, 'src/index.ts')).toBe(false);
    expect(excluded(only, 'src/deep/a.ts')).toBe(false);
    expect(excluded(only, 'package.json')).toBe(false);
    expect(excluded(only, 'README.md')).toBe(true);
    expect(excluded(only, 'node_modules/x/index.js')).toBe(true);
    expect(excluded('*\n!src/**', 'src/a/b.ts')).toBe(false);
    expect(excluded('*\n!src/**', 'lib/a.ts')).toBe(true);
  });
});

describe('directories and exceptions (the context walk)', () => {
  it('a pattern that matches a directory excludes everything under it', () => {
    expect(excluded('node_modules', 'node_modules/express/index.js')).toBe(true);
    expect(excluded('docs/', 'docs/a/b.md')).toBe(true);
    expect(excluded('*/build', 'pkg/build/out/x.o')).toBe(true);
    expect(excluded('node_modules', 'src/node_modules/x.js')).toBe(false);
  });

  it('re-includes a file inside an excluded directory (Docker walks into it)', () => {
    for (const dir of ['docs', 'docs/', 'docs/*']) {
      expect(excluded(`${dir}\n!docs/README.md`, 'docs/README.md')).toBe(false);
      expect(excluded(`${dir}\n!docs/README.md`, 'docs/other.md')).toBe(true);
    }
    const keep = 'node_modules\n!node_modules/some/keep.txt';
    expect(excluded(keep, 'node_modules/some/keep.txt')).toBe(false);
    expect(excluded(keep, 'node_modules/some/other.js')).toBe(true);
    expect(excluded(keep, 'node_modules/x.js')).toBe(true);
    // An exception with a wildcard makes Docker walk into every excluded directory.
    expect(excluded('node_modules\n!**/keep.txt', 'node_modules/a/keep.txt')).toBe(false);
  });

  it('an exception that names a parent re-includes what is under it', () => {
    expect(excluded('**\n!util/docker/web', 'util/docker/web/foo')).toBe(false);
    expect(excluded('**\n!util/docker/web\nutil/docker/web/foo', 'util/docker/web/foo')).toBe(true);
    expect(excluded('**\n!dist/*.whl', 'dist/proxy.py-2.4.0-py3-none-any.whl')).toBe(false);
  });

  it('decides from the parent directory’s results, as the walk does', () => {
    // `!a` is not tried on `a` (nothing is excluded yet), so it never covers a/b/c;
    // MatchesOrParentMatches, which retries every pattern on every parent, disagrees.
    const m = compileDockerignore('a/b\n!a');
    expect(m.matches('a/b/c')).toBe(true);
    expect(m.matchesOrParentMatches('a/b/c')).toBe(false);
    expect(m.matches('a/x')).toBe(false);
  });

  it('cleans the path it is given', () => {
    const m = compileDockerignore('*\n');
    expect(m.matches('./a')).toBe(true);
    expect(m.matches('/a/')).toBe(true);
    expect(m.matches('x/../a')).toBe(true);
  });

  it('answers for the root what patternmatcher answers (BuildKit never asks; see tree.spec)', () => {
    // oracle (MatchesUsingParentResults on "." and on "/", which it tries as ""):
    const root = (text: string) => {
      const m = compileDockerignore(text);
      return [m.matches('.'), m.matches('/')];
    };
    expect(root('*')).toEqual([true, true]);
    expect(root('**')).toEqual([true, true]);
    expect(root('.')).toEqual([true, false]);
    expect(root('?')).toEqual([true, false]);
    expect(root('[^a]')).toEqual([true, false]);
    expect(root('[^.]')).toEqual([false, false]);
    expect(root('|\\0')).toEqual([true, true]); // `^|\0$`: an alternation with an empty side
    expect(root(']|')).toEqual([true, true]);
    expect(root('a')).toEqual([false, false]);
    expect(root('*/**')).toEqual([false, false]);
    const m = compileDockerignore('**');
    expect([m.matches(''), m.matches('./')]).toEqual([true, true]);
  });
});

describe('what Go’s regexp makes of a pattern (Docker passes classes and escapes through)', () => {
  it('`[!a]` is not a negation: it is the class of `!` and `a` (only `^` negates)', () => {
    expect(excluded('[!a]x', '!x')).toBe(true);
    expect(excluded('[!a]x', 'ax')).toBe(true);
    expect(excluded('[!a]x', 'bx')).toBe(false);
    expect(excluded('[^a]x', 'bx')).toBe(true);
    expect(excluded('[^a]x', 'ax')).toBe(false);
  });

  it('POSIX classes and Perl escapes mean what they mean to Go', () => {
    expect(excluded('[[:digit:]]*', '1abc')).toBe(true);
    expect(excluded('[[:digit:]]*', 'abc')).toBe(false);
    expect(excluded('\\d*', '7up')).toBe(true);
    expect(excluded('\\d*', 'd')).toBe(false);
    expect(excluded('\\pL*', 'é1')).toBe(true);
    expect(excluded('\\p{Greek}*', 'αβ')).toBe(true);
    expect(excluded('\\p{Greek}*', 'ab')).toBe(false);
  });

  it('`|`, `{` and `}` reach the regexp unescaped, as they do in Docker', () => {
    // patternmatcher means to escape them but its bitmap loses them.
    expect(excluded('*.js|*.ts', 'a.json')).toBe(true); // ^[^/]*\.js — no end anchor
    expect(excluded('*.js|*.ts', 'src/a.ts')).toBe(true); // [^/]*\.ts$ — no start anchor
    expect(excluded('*.js|*.ts', 'b.txt')).toBe(false);
    expect(excluded('?{2}', 'ab')).toBe(true);
    expect(excluded('?{2}', 'abc')).toBe(false);
    // Without a wildcard the pattern is compared as text.
    expect(excluded('file{1,3}.txt', 'file{1,3}.txt')).toBe(true);
  });

  it('follows patternmatcher’s shortcuts where they differ from the regexp', () => {
    expect(excluded('**foo', 'barfoo')).toBe(true); // a suffix test
    expect(excluded('foo**', 'foobar/x')).toBe(true); // a prefix test
    expect(excluded('a**b', 'ab')).toBe(true);
    expect(excluded('a**b', 'axb')).toBe(false); // `(.*/)?` needs a slash
    expect(excluded('a**b', 'ax/b')).toBe(true);
    expect(excluded('a^b', 'a^b')).toBe(true); // no wildcard: equality
    expect(excluded('a^b*', 'a^bc')).toBe(false); // in a regexp, ^ is an anchor
    expect(excluded('[*]', ']')).toBe(true); // [[^/]*] : a class, a star, a `]`
    expect(excluded('[*]', '*')).toBe(false);
  });

  it('stays linear on patterns that make backtracking engines explode', () => {
    const m = compileDockerignore('*a*a*a*a*a*a*a*a*b');
    expect(m.matches('a'.repeat(2000))).toBe(false);
    expect(m.matches('xaxaxaxaxaxaxaxaxb')).toBe(true);
  });
});

describe('explain', () => {
  const m = compileDockerignore('# build context\nnode_modules\n*.md\n!README.md\ndocs\n!docs/keep.md\n');

  it('names the deciding line', () => {
    expect(m.explain('CHANGELOG.md')).toEqual({ pattern: '*.md', line: 3, negate: false, text: '*.md', excluded: true });
    expect(m.explain('README.md')).toEqual({ pattern: 'README.md', line: 4, negate: true, text: '!README.md', excluded: false });
    expect(m.explain('docs/keep.md')).toMatchObject({ line: 6, excluded: false });
    expect(m.explain('src/index.ts')).toBeNull();
  });

  it('names the directory Docker skipped without walking into it', () => {
    expect(m.explain('node_modules/a/b/index.js')).toEqual({
      pattern: 'node_modules',
      line: 2,
      negate: false,
      text: 'node_modules',
      excluded: true,
      directory: 'node_modules',
    });
    // docs is walked into (an exception reaches inside), so no directory is named.
    expect(m.explain('docs/other.md')).toEqual({ pattern: 'docs', line: 5, negate: false, text: 'docs', excluded: true });
  });

  it('agrees with matches', () => {
    for (const p of ['node_modules/x', 'README.md', 'a.md', 'docs/keep.md', 'docs/x', 'src/a.ts']) {
      expect(m.explain(p)?.excluded ?? false).toBe(m.matches(p));
    }
  });
});

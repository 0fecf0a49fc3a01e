import { describe, expect, it } from 'vitest';
import { compileDockerignore } from './dockerignore';
import { applyDockerignore, contextView, createTree, expandGlob, textEntry, type ContextEntry } from './tree';

const file = (path: string, size = 100): ContextEntry => ({ path, size, hash: `h-${path}` });

/** A small Node project. */
function project() {
  return createTree([
    textEntry('Dockerfile', 'FROM node:20\nCOPY . .\n'),
    textEntry('.dockerignore', 'node_modules\n'),
    textEntry('package.json', '{"name":"app"}'),
    file('package-lock.json', 40_000),
    file('README.md', 2_000),
    file('CHANGELOG.md', 3_000),
    file('.env', 50),
    file('src/index.ts', 1_200),
    file('src/server.ts', 3_400),
    file('src/server.test.ts', 900),
    file('src/fixtures/data.json', 10_000),
    file('node_modules/express/index.js', 5_000),
    file('node_modules/express/package.json', 1_100),
    file('node_modules/.bin/tsc', 300),
    file('dist/index.js', 8_000),
  ]);
}

describe('createTree', () => {
  it('counts files and bytes, and answers path questions', () => {
    const tree = project();
    expect(tree.fileCount).toBe(15);
    expect(tree.totalSize).toBe(tree.entries.reduce((n, e) => n + e.size, 0));
    expect(tree.isFile('src/index.ts')).toBe(true);
    expect(tree.isDirectory('src')).toBe(true);
    expect(tree.isDirectory('src/index.ts')).toBe(false);
    expect(tree.isFile('src')).toBe(false);
    expect(tree.exists('node_modules/express')).toBe(true);
    expect(tree.exists('nope')).toBe(false);
    expect(tree.exists('')).toBe(true);
    expect(tree.directorySize('node_modules')).toEqual({ size: 6_400, files: 3 });
    expect(tree.directorySize('missing')).toEqual({ size: 0, files: 0 });
    expect(tree.filesUnder('src').map((e) => e.path)).toEqual(['src/index.ts', 'src/server.ts', 'src/server.test.ts', 'src/fixtures/data.json']);
    expect(tree.filesUnder('').length).toBe(15);
    expect(tree.file('./src/index.ts')?.size).toBe(1_200);
    expect(tree.problems).toEqual([]);
  });

  it('measures text entries in UTF-8 bytes and hashes them', () => {
    const e = textEntry('a.txt', 'héllo');
    expect(e.size).toBe(6);
    expect(e.hash).toMatch(/^[0-9a-f]{16}$/);
    expect(textEntry('b.txt', 'héllo').hash).toBe(e.hash);
  });

  it('cleans paths and reports entries it cannot place instead of throwing', () => {
    const tree = createTree([
      file('./a/b.txt'),
      file('/c.txt'),
      file('a/b.txt'),
      file('../outside'),
      file('.'),
      file('a'),
      file('c.txt/d'),
      { path: 'bad-size', size: -3, hash: 'x' },
      { path: 'half', size: 1.5, hash: 'x' },
    ]);
    expect(tree.entries.map((e) => e.path)).toEqual(['a/b.txt', 'c.txt', 'bad-size', 'half']);
    expect(tree.problems).toEqual([
      'a/b.txt: listed twice; the first is kept',
      '"../outside": not a file path inside the context',
      '".": not a file path inside the context',
      'a: is a directory',
      'c.txt/d: c.txt is a file',
      'bad-size: size -3 is not a whole number of bytes; counted as 0',
      'half: size 1.5 is not a whole number of bytes; counted as 0',
    ]);
    expect(tree.totalSize).toBe(200);
  });
});

describe('applyDockerignore', () => {
  it('sends what Docker sends, in tree order, with totals', () => {
    const tree = project();
    const result = applyDockerignore(tree, 'node_modules\ndist\n*.md\n!README.md\n.env\n**/*.test.ts\n');
    expect(result.included.map((e) => e.path)).toEqual([
      'Dockerfile',
      '.dockerignore',
      'package.json',
      'package-lock.json',
      'README.md',
      'src/index.ts',
      'src/server.ts',
      'src/fixtures/data.json',
    ]);
    expect(result.excluded.map((e) => e.path)).toEqual([
      'CHANGELOG.md',
      '.env',
      'src/server.test.ts',
      'node_modules/express/index.js',
      'node_modules/express/package.json',
      'node_modules/.bin/tsc',
      'dist/index.js',
    ]);
    expect(result.files).toBe(8);
    expect(result.size).toBe(result.included.reduce((n, e) => n + e.size, 0));
    expect(result.size + result.excludedSize).toBe(tree.totalSize);
    expect(result.errors).toEqual([]);
    expect(result.patterns.map((p) => p.line)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('treats the Dockerfile and .dockerignore like any file (BuildKit does)', () => {
    const result = applyDockerignore(project(), 'Dockerfile\n.dockerignore\n');
    expect(result.excluded.map((e) => e.path)).toEqual(['Dockerfile', '.dockerignore']);
  });

  it('sends everything without a .dockerignore, and keeps going past refused lines', () => {
    const tree = project();
    expect(applyDockerignore(tree, '').files).toBe(15);
    const result = applyDockerignore(tree, 'node_modules\n[\n!\n');
    expect(result.errors.map((e) => e.line)).toEqual([2, 3]);
    expect(result.files).toBe(12);
  });

  it('fails like Docker when the walk reaches a line Go’s regexp refuses, and only then', () => {
    const tree = project();
    // Any file not excluded yet is tried against an ordinary line: Dockerfile is, first.
    const reached = applyDockerignore(tree, 'node_modules\n[z-a]\n');
    expect(reached.errors).toEqual([{ line: 2, message: 'syntax error in pattern', text: '[z-a]' }]);
    expect(reached.warnings).toEqual([]);
    // The exception is tried on the excluded node_modules directory itself.
    expect(applyDockerignore(tree, 'node_modules\n!node_modules/[z-a]').errors.map((e) => e.line)).toEqual([2]);
    // Nothing excluded, so nothing reaches an exception; `**` already decides everything.
    for (const text of ['!x[z-a]', '**\n*{2}']) {
      const result = applyDockerignore(tree, text);
      expect(result.errors, text).toEqual([]);
      expect(result.warnings.map((e) => e.message), text).toEqual(['syntax error in pattern']);
    }
    expect(applyDockerignore(tree, '**\n*{2}').files).toBe(0);
    // Lines refused when reading come first in line order with reached ones.
    expect(applyDockerignore(tree, '[z-a]\n!').errors.map((e) => [e.line, e.message])).toEqual([
      [1, 'syntax error in pattern'],
      [2, 'illegal exclusion pattern: "!"'],
    ]);
  });

  it('never leaves out the context root (fsutil’s walk skips it), though `**` matches it', () => {
    const view = contextView(project(), '**\n');
    expect(view.matcher.matches('.')).toBe(true); // patternmatcher's answer for the path "."
    expect(view.isExcluded('.')).toBe(false);
    expect(view.includes('.')).toBe(true);
    expect(view.result.files).toBe(0);
  });

  it('agrees with the matcher on every file', () => {
    const tree = project();
    for (const ignore of ['*\n!src', 'src\n!src/fixtures/**', 'node_modules\n!node_modules/express/package.json', '**/*.json\n!**/package.json', 'a/b\n!a']) {
      const m = compileDockerignore(ignore);
      const result = applyDockerignore(tree, m);
      const out = new Set(result.excluded.map((e) => e.path));
      for (const e of tree.entries) expect(out.has(e.path), `${ignore} / ${e.path}`).toBe(m.matches(e.path));
    }
  });
});

describe('contextView', () => {
  const ignore = 'node_modules\n!node_modules/express/package.json\n*.md\n!README.md\n.env\nsrc/fixtures\ndist/*\n';
  const view = contextView(project(), ignore);

  it('answers for files', () => {
    expect(view.isExcluded('.env')).toBe(true);
    expect(view.isExcluded('./.env')).toBe(true);
    expect(view.isExcluded('/.env')).toBe(true);
    expect(view.isExcluded('README.md')).toBe(false);
    expect(view.isExcluded('CHANGELOG.md')).toBe(true);
    expect(view.isExcluded('node_modules/express/package.json')).toBe(false);
    expect(view.isExcluded('node_modules/express/index.js')).toBe(true);
  });

  it('answers for directories: excluded only when nothing in them is sent', () => {
    expect(view.isExcluded('src/fixtures')).toBe(true);
    expect(view.isExcluded('src')).toBe(false);
    // node_modules is excluded but re-includes one file, so Docker still sends it.
    expect(view.isExcluded('node_modules')).toBe(false);
    expect(view.isExcluded('node_modules/.bin')).toBe(true);
    // dist/* excludes the files but dist itself is sent, empty.
    expect(view.isExcluded('dist')).toBe(false);
    expect(view.includes('dist')).toBe(true);
    expect(view.includes('dist/index.js')).toBe(false);
    expect(view.isExcluded('.')).toBe(false);
  });

  it('answers for COPY sources with wildcards: excluded when everything they name is', () => {
    expect(view.isExcluded('*.md')).toBe(false); // README.md is sent
    expect(view.isExcluded('CHANGE*.md')).toBe(true);
    expect(view.isExcluded('node_modules/*/index.js')).toBe(true);
    expect(view.isExcluded('src/*.ts')).toBe(false);
    expect(view.isExcluded('src/fix*')).toBe(true);
  });

  it('falls back to the patterns for paths the tree does not have', () => {
    expect(view.isExcluded('node_modules/left-pad/index.js')).toBe(true);
    expect(view.isExcluded('docs/guide.md')).toBe(false); // *.md is anchored at the root
    expect(view.isExcluded('notes.md')).toBe(true);
    expect(view.isExcluded('*.xyz')).toBe(false); // names nothing: tried literally
    expect(view.isExcluded('.env*')).toBe(true); // names .env, which is excluded
  });

  it('tells what exists, ignored or not', () => {
    expect(view.exists('.env')).toBe(true);
    expect(view.exists('node_modules/express')).toBe(true);
    expect(view.exists('src/*.ts')).toBe(true);
    expect(view.exists('src/*.rs')).toBe(false);
    expect(view.exists('src/[')).toBe(false);
    expect(view.exists('')).toBe(true);
    expect(view.exists('missing.txt')).toBe(false);
  });

  it('exposes the result and whether BuildKit’s CopyIgnoredFile check would run', () => {
    expect(view.hasExceptions).toBe(true);
    expect(contextView(project(), 'node_modules').hasExceptions).toBe(false);
    expect(view.result.files).toBe(view.result.included.length);
  });
});

describe('expandGlob (BuildKit’s COPY wildcards, one path element at a time)', () => {
  const tree = project();
  it.each([
    ['src/*.ts', ['src/index.ts', 'src/server.ts', 'src/server.test.ts']],
    ['*.json', ['package.json', 'package-lock.json']],
    ['node_modules/*', ['node_modules/express', 'node_modules/.bin']],
    ['*/index.*', ['src/index.ts', 'dist/index.js']],
    ['src/[is]*.ts', ['src/index.ts', 'src/server.ts', 'src/server.test.ts']],
    ['src/server\\.ts', []],
    ['nothing/*', []],
  ])('%s', (glob, paths) => {
    expect(expandGlob(tree, glob)).toEqual(paths);
  });

  it('returns null for a malformed pattern', () => {
    expect(expandGlob(tree, 'src/[')).toBeNull();
  });
});

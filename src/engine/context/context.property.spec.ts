import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileDockerignore, parseDockerignore } from './dockerignore';
import { applyDockerignore, contextView, createTree, type ContextEntry } from './tree';

/** Pieces that exercise every branch: wildcards, classes, escapes, regexp characters. */
const atom = fc.constantFrom(
  'a', 'b', 'src', 'node_modules', '.', '..', '/', '//', '*', '**', '**/', '?', '[ab]', '[^a]', '[!a]', '[a-c]', '[', ']', '^',
  '!', '-', '\\', '\\*', '\\d', '\\pL', '\\p{Greek}', '\\Q', '\\E', '{2}', '{', '}', '|', '(', ')', '$', '+', '[[:alpha:]]',
  '#', ' ', '\t', '\r', '\uFEFF', 'é', '😀', '\u00a0',
);
const line = fc.array(atom, { maxLength: 6 }).map((parts) => parts.join(''));
const ignoreText = fc.oneof(
  fc.array(line, { maxLength: 8 }).map((lines) => lines.join('\n')),
  fc.string({ unit: 'binary', maxLength: 200 }),
);
const segment = fc.constantFrom('a', 'b', 'src', 'node_modules', '.env', 'x.md', 'é', '😀', '[', '*', '\\', ' ', 'ab', '1');
const path = fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => s.join('/'));
const anyPath = fc.oneof(path, fc.string({ unit: 'binary', maxLength: 40 }));

describe('never throws, whatever the input', () => {
  it('parses and matches any text against any path', () => {
    fc.assert(
      fc.property(ignoreText, fc.array(anyPath, { maxLength: 6 }), (text, paths) => {
        const parsed = parseDockerignore(text);
        for (const e of parsed.errors) expect(e.line).toBeGreaterThanOrEqual(1);
        const m = compileDockerignore(text);
        for (const p of paths) {
          const matched = m.matches(p);
          expect(m.explain(p)?.excluded ?? false).toBe(matched);
          m.matchesOrParentMatches(p);
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('builds a context and answers the view’s questions', () => {
    fc.assert(
      fc.property(ignoreText, fc.array(anyPath, { maxLength: 12 }), fc.array(anyPath, { maxLength: 4 }), (text, files, queries) => {
        const tree = createTree(files.map((p, i): ContextEntry => ({ path: p, size: i, hash: String(i) })));
        const result = applyDockerignore(tree, text);
        expect(result.files + result.excluded.length).toBe(tree.fileCount);
        expect(result.size + result.excludedSize).toBe(tree.totalSize);
        const view = contextView(tree, text);
        for (const q of queries) {
          view.isExcluded(q);
          view.exists(q);
          view.includes(q);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('the tree walk agrees with the matcher', () => {
  it('for every file of a random tree', () => {
    fc.assert(
      fc.property(ignoreText, fc.uniqueArray(path, { maxLength: 20 }), (text, paths) => {
        const tree = createTree(paths.map((p): ContextEntry => ({ path: p, size: 1, hash: '' })));
        const m = compileDockerignore(text);
        const excluded = new Set(applyDockerignore(tree, m).excluded.map((e) => e.path));
        for (const e of tree.entries) expect(excluded.has(e.path)).toBe(m.matches(e.path));
      }),
      { numRuns: 800 },
    );
  });

  it('on whether the build fails at a line Go’s regexp refuses', () => {
    const broken = fc.array(fc.oneof(line, fc.constantFrom('[z-a]', '!*{2}', 'a/?{2}*', '!a[z-a]', '**{2}')), { maxLength: 6 }).map((l) => l.join('\n'));
    fc.assert(
      fc.property(broken, fc.uniqueArray(path, { maxLength: 12 }), (text, paths) => {
        const tree = createTree(paths.map((p): ContextEntry => ({ path: p, size: 1, hash: '' })));
        const m = compileDockerignore(text);
        const result = applyDockerignore(tree, m);
        const failsAt = new Set(tree.entries.map((e) => m.brokenLineReached(e.path)?.line).filter((l) => l !== undefined));
        const lazy = new Set(m.warnings.map((w) => w.line));
        const reached = result.errors.filter((e) => lazy.has(e.line)).map((e) => e.line);
        expect(reached.length > 0).toBe(failsAt.size > 0);
        for (const l of failsAt) expect(reached).toContain(l);
        expect(result.errors.length + result.warnings.length).toBe(m.errors.length + m.warnings.length);
      }),
      { numRuns: 600 },
    );
  });
});

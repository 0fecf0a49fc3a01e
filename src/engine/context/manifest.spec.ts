import { describe, expect, it } from 'vitest';
import { expandManifest, validateManifest, type ContextManifest } from './manifest';
import { applyDockerignore, createTree } from './tree';

const MANIFEST: ContextManifest = {
  version: 1,
  dirs: [
    {
      path: 'node_modules',
      files: 11_873,
      bytes: 90_206_845,
      note: 'npm ci, measured with du -b',
      named: [
        { path: 'express/package.json', bytes: 1_193 },
        { path: '.package-lock.json', bytes: 41_652 },
      ],
    },
    { path: '.git', files: 312, bytes: 1_480_000 },
    { path: 'coverage', files: 3, bytes: 10 },
    { path: 'dist', files: 0, bytes: 0 },
  ],
};

describe('expandManifest', () => {
  const entries = expandManifest(MANIFEST);
  const tree = createTree(entries);

  it('adds up exactly to each folder’s totals', () => {
    expect(validateManifest(MANIFEST)).toEqual([]);
    for (const dir of MANIFEST.dirs) expect(tree.directorySize(dir.path)).toEqual({ size: dir.bytes, files: dir.files });
    expect(tree.problems).toEqual([]);
    expect(tree.fileCount).toBe(11_873 + 312 + 3);
  });

  it('keeps named files with their sizes, and makes whole, varied sizes for the rest', () => {
    expect(tree.file('node_modules/express/package.json')?.size).toBe(1_193);
    const synthetic = tree.filesUnder('node_modules/_synthetic');
    expect(synthetic).toHaveLength(11_871);
    expect(synthetic.every((e) => Number.isInteger(e.size) && e.size >= 0)).toBe(true);
    expect(new Set(synthetic.map((e) => e.size)).size).toBeGreaterThan(50);
    expect(synthetic[0]?.path).toBe('node_modules/_synthetic/d0/f0');
    expect(synthetic[150]?.path).toBe('node_modules/_synthetic/d1/f50');
    expect(tree.filesUnder('coverage').map((e) => e.size).reduce((a, b) => a + b, 0)).toBe(10);
  });

  it('is deterministic, hashes included', () => {
    expect(expandManifest(MANIFEST)).toEqual(entries);
    expect(new Set(entries.map((e) => e.hash)).size).toBe(entries.length);
    expect(entries.every((e) => /^[0-9a-f]{16}$/.test(e.hash))).toBe(true);
  });

  it('is what .dockerignore is for', () => {
    const result = applyDockerignore(tree, 'node_modules\n.git\ncoverage\n');
    expect(result.files).toBe(0);
    expect(result.excludedSize).toBe(90_206_845 + 1_480_000 + 10);
  });

  it('never throws on a bad manifest, and validateManifest says what is wrong', () => {
    const bad = {
      version: 2,
      dirs: [
        { path: '../up', files: 1, bytes: 1 },
        { path: 'a', files: 1, bytes: 100, named: [{ path: 'x', bytes: 60 }, { path: 'y', bytes: 60 }] },
        { path: 'a/b', files: -1, bytes: 1.5 },
        { path: 'c', files: 1, bytes: 5, named: [{ path: 'x', bytes: 1 }] },
        { path: 'd', files: 2, bytes: 5, named: [{ path: '_synthetic/d0/f0', bytes: 1 }] },
      ],
    };
    expect(validateManifest(bad)).toEqual([
      'version 2 is not supported (only 1)',
      'dirs[0]: "path" must be a folder inside the context',
      'a: 2 named files but "files" is 1',
      'a: named files add up to 120 bytes, more than "bytes" (100)',
      'a/b: "files" must be a whole number ≥ 0',
      'a/b: "bytes" must be a whole number ≥ 0',
      'c: 4 bytes are left for no unnamed file',
      'd: named file _synthetic/d0/f0 is under _synthetic/, which is reserved',
      'a/b is inside a; list it once',
    ]);
    expect(() => expandManifest(bad as unknown as ContextManifest)).not.toThrow();
    expect(validateManifest(null)).toEqual(['a manifest is an object with a "dirs" array']);
    expect(expandManifest(null as unknown as ContextManifest)).toEqual([]);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dirname, StageFs } from './fs';
import type { FsEntry, Layer } from './types';

/** What a lookup must answer, walked the slow way: every layer from the top down, as Docker's overlay does. */
function naiveLookup(fs: StageFs, p: string): FsEntry | null {
  const chain: string[] = [];
  for (let q = p; ; q = dirname(q)) {
    chain.push(q);
    if (q === '/') break;
  }
  const deletedAbove = (i: number) => fs.layers.slice(i + 1).some((l) => chain.some((q) => l.whiteouts.has(q)));
  for (let i = fs.layers.length - 1; i >= 0; i--) {
    const layer = fs.layers[i]!;
    const e = layer.entries.get(p);
    if (e) return deletedAbove(i) ? null : e;
    for (const q of chain.slice(1, -1)) {
      const t = layer.entries.get(q);
      if (t?.kind === 'tree') return deletedAbove(i) ? null : { ...t, path: p, bytes: 0, files: 0 };
    }
    if (chain.some((q) => layer.whiteouts.has(q))) return null;
  }
  const base = fs.baseFiles.get(p);
  return base && !deletedAbove(-1) ? base : null;
}

const PATHS = ['/a', '/a/b', '/a/b/c', '/a/d', '/e', '/e/f', '/app', '/app/node_modules', '/app/node_modules/x'];
const entry = (path: string, kind: FsEntry['kind'], n: number): FsEntry => ({ path, kind, bytes: n, files: 1, hash: `h${n}` });
const layerArb = fc.record({
  entries: fc.array(fc.tuple(fc.constantFrom(...PATHS), fc.constantFrom<FsEntry['kind']>('file', 'tree', 'dir')), { maxLength: 4 }),
  whiteouts: fc.array(fc.constantFrom(...PATHS), { maxLength: 2 }),
});

describe('StageFs.lookup', () => {
  it('answers from its index what a walk through every layer answers, while layers are added, forked and dropped', () => {
    fc.assert(
      fc.property(fc.array(layerArb, { minLength: 1, maxLength: 12 }), fc.array(fc.constantFrom('lookup', 'fork', 'pop'), { maxLength: 12 }), (layers, ops) => {
        let fs = new StageFs(new Map([['/e/f', entry('/e/f', 'file', 99)]]));
        let n = 0;
        for (const [k, l] of layers.entries()) {
          const layer: Layer = { createdBy: `l${k}`, entries: new Map(), whiteouts: new Set(l.whiteouts), bytes: 0, compressedBytes: 0, fromBase: false, empty: false, estimated: false, instruction: null };
          fs.push(layer);
          // The top layer is written after it is pushed, as RUN does, with lookups in between.
          for (const [p, kind] of l.entries) {
            layer.entries.set(p, entry(p, kind, ++n));
            for (const q of PATHS) expect(fs.lookup(q)).toEqual(naiveLookup(fs, q));
          }
          const op = ops[k];
          if (op === 'fork') fs = fs.fork();
          else if (op === 'pop' && fs.layers.length > 1) fs.layers.pop();
          for (const q of PATHS) expect(fs.lookup(q)).toEqual(naiveLookup(fs, q));
        }
      }),
      { numRuns: 300 },
    );
  });
});

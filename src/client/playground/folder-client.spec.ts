import { describe, expect, it } from 'vitest';
import type { ScanMessage } from './folder-scan';
import { BATCH_SIZE } from './folder-scan';
import { FolderReader, listFiles, listName, walkEntries, type EntryLike, type PickedFile } from './folder-client';

/** A fake dropped entry tree, as webkitGetAsEntry gives it: readEntries answers `chunk` entries at a time, then []. */
function tree(spec: Record<string, string | object>, path = '', chunk = 2): EntryLike[] {
  return Object.entries(spec).map(([name, v]) => {
    const fullPath = `${path}/${name}`;
    if (typeof v === 'string') {
      return { isFile: true, isDirectory: false, name, fullPath, file: (ok: (f: File) => void) => ok(new File([v], name)) } as EntryLike;
    }
    const children = tree(v as Record<string, string | object>, fullPath, chunk);
    return {
      isFile: false, isDirectory: true, name, fullPath,
      createReader: () => {
        let at = 0;
        return { readEntries: (ok: (e: EntryLike[]) => void) => setTimeout(() => ok(children.slice(at, (at += chunk)))) };
      },
    } as EntryLike;
  });
}

const project = { app: { 'package.json': '{}', src: { 'a.ts': 'a', 'b.ts': 'b', 'c.ts': 'c' }, node_modules: { x: { 'index.js': 'x' } }, '.env': 'SECRET=1' } };

describe('walkEntries (a dropped folder)', () => {
  it('finds every file below one dropped folder, paths relative to it, in batches', async () => {
    const batches: string[][] = [];
    const r = await walkEntries(tree(project), (items) => batches.push(items.map((i) => i.path)), { signal: { cancelled: false }, batchSize: 2 });
    expect(r).toEqual({ kind: 'done', files: 6 });
    expect(batches.flat().sort()).toEqual(['.env', 'node_modules/x/index.js', 'package.json', 'src/a.ts', 'src/b.ts', 'src/c.ts']);
    expect(batches.length).toBeGreaterThan(1);
  });

  it('makes several dropped things the root’s entries', async () => {
    const paths: string[] = [];
    const r = await walkEntries(tree({ Dockerfile: 'FROM scratch', src: { 'main.go': 'package main' } }), (items) => paths.push(...items.map((i) => i.path)), { signal: { cancelled: false } });
    expect(r).toEqual({ kind: 'done', files: 2 });
    expect(paths.sort()).toEqual(['Dockerfile', 'src/main.go']);
  });

  it('stops at the file limit', async () => {
    const r = await walkEntries(tree(project), () => undefined, { signal: { cancelled: false }, maxFiles: 3 });
    expect(r).toEqual({ kind: 'too-many' });
  });

  it('stops when cancelled', async () => {
    const signal = { cancelled: false };
    const walking = walkEntries(tree(project), () => undefined, { signal });
    signal.cancelled = true;
    expect(await walking).toEqual({ kind: 'cancelled' });
  });

  it('leaves out a file the browser will not open', async () => {
    const broken = { isFile: true, isDirectory: false, name: 'x', fullPath: '/x', file: (_ok: unknown, fail: (e: unknown) => void) => fail(new Error('denied')) } as EntryLike;
    const ok = tree({ y: 'y' })[0]!;
    const paths: string[] = [];
    expect(await walkEntries([broken, ok], (items) => paths.push(...items.map((i) => i.path)), { signal: { cancelled: false } })).toEqual({ kind: 'done', files: 1 });
    expect(paths).toEqual(['y']);
  });
});

describe('listName', () => {
  it('is the picked folder’s name', () => {
    expect(listName([{ webkitRelativePath: 'my-app/src/a.ts' }])).toBe('my-app');
    expect(listName([])).toBe('your folder');
  });
});

/** A stand-in for the folder worker: answers a `list` with the messages given. */
class FakeWorker {
  onmessage: ((e: MessageEvent<ScanMessage>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  terminated = false;
  posted: unknown[] = [];
  constructor(private readonly answers: ScanMessage[]) {}
  postMessage(m: unknown) {
    this.posted.push(m);
    if ((m as { type?: string }).type !== 'end') return;
    queueMicrotask(() => {
      for (const a of this.answers) if (!this.terminated) this.onmessage?.({ data: a } as MessageEvent<ScanMessage>);
    });
  }
  terminate() {
    this.terminated = true;
  }
}

const fileList = (n: number) => Object.assign(Array.from({ length: n }, (_, i) => new File(['x'], `f${i}`)), { item: () => null }) as unknown as FileList;

describe('listFiles (an input’s files, a time slice at a time)', () => {
  const picked = (n: number): PickedFile[] =>
    Array.from({ length: n }, (_, i) => ({ name: `f${i}.js`, webkitRelativePath: i < 3 ? `app/src/m${i}.ts` : `app/node_modules/p${i % 500}/f${i}.js`, size: 10, lastModified: 1 }) as unknown as PickedFile);

  it('lists 100,000 files in batches, giving the page its thread back again and again', async () => {
    let clock = 0;
    let pauses = 0;
    const batches: number[] = [];
    let withFile = 0;
    const n = await listFiles(picked(100_000), (items) => {
      batches.push(items.length);
      withFile += items.filter((i) => i.file !== undefined).length;
    }, { signal: { cancelled: false }, now: () => clock++, budgetMs: 8, pause: async () => void pauses++ });
    expect(n).toBe(100_000);
    expect(batches.reduce((a, b) => a + b, 0)).toBe(100_000);
    expect(Math.max(...batches)).toBeLessThanOrEqual(BATCH_SIZE);
    expect(pauses).toBeGreaterThan(100);
    // Only the three sources travel as Files; node_modules as plain data.
    expect(withFile).toBe(3);
  });

  it('stops when cancelled', async () => {
    const signal = { cancelled: false };
    let clock = 0;
    const listing = listFiles(picked(10_000), () => undefined, { signal, now: () => (clock += 100), pause: async () => void (signal.cancelled = true) });
    expect(await listing).toBeNull();
  });
});
const summary = { files: 3, bytes: 3, textFiles: 0, textBytes: 0, dockerfile: null, dockerignore: null, folders: [], notes: [] };

describe('FolderReader', () => {
  it('joins the batches, reports progress and ends the worker', async () => {
    const worker = new FakeWorker([
      { type: 'entries', entries: [{ path: 'a', size: 1, hash: 'h' }, { path: 'b', size: 1, hash: 'h' }] },
      { type: 'progress', read: 2, total: 3, bytes: 2 },
      { type: 'entries', entries: [{ path: 'c', size: 1, hash: 'h' }] },
      { type: 'done', summary },
    ]);
    const reader = new FolderReader(() => worker as unknown as Worker);
    const progress: number[] = [];
    const r = await reader.readList(fileList(3), (p) => progress.push(p.read));
    expect(r).toMatchObject({ kind: 'done', summary });
    expect(r.kind === 'done' && r.entries.map((e) => e.path)).toEqual(['a', 'b', 'c']);
    expect(progress).toEqual([2]);
    expect(worker.terminated).toBe(true);
    expect(reader.busy).toBe(false);
  });

  it('cancels by terminating the worker; nothing is kept', async () => {
    const worker = new FakeWorker([]);
    const reader = new FolderReader(() => worker as unknown as Worker);
    const reading = reader.readList(fileList(3), () => undefined);
    expect(reader.busy).toBe(true);
    reader.cancel();
    expect(await reading).toEqual({ kind: 'cancelled' });
    expect(worker.terminated).toBe(true);
  });

  it('refuses a FileList over the limit without starting a worker', async () => {
    let started = 0;
    const reader = new FolderReader(() => {
      started++;
      return new FakeWorker([]) as unknown as Worker;
    });
    const r = await reader.readList({ length: 200_001 } as FileList, () => undefined);
    expect(r).toMatchObject({ kind: 'refused', message: expect.stringContaining('200,001 files') });
    expect(started).toBe(0);
  });

  it('passes on the worker’s refusal', async () => {
    const reader = new FolderReader(() => new FakeWorker([{ type: 'refused', reason: 'too-many-files', message: 'too many' }]) as unknown as Worker);
    expect(await reader.readList(fileList(1), () => undefined)).toEqual({ kind: 'refused', message: 'too many' });
  });
});

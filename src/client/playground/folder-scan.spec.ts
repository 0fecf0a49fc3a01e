import { describe, expect, it } from 'vitest';
import { contentHash, prepareContext } from '../../engine/index';
import {
  BATCH_SIZE, FolderScan, folderPath, listedItem, listing, MAX_FILES, MAX_LOCKFILE_BYTES, MAX_SOURCE_BYTES, metadataHash, PROGRESS_EVERY, textLimit,
  type FolderItem, type ScanMessage,
} from './folder-scan';

/** A fake file: `reads` counts how often its text was asked for. */
function item(path: string, text: string | null, size = text === null ? 100 : Buffer.byteLength(text), lastModified = 1_700_000_000_000) {
  const it = {
    path, size, lastModified, reads: 0,
    text: () => {
      it.reads++;
      return text === null ? Promise.reject(new Error('gone')) : Promise.resolve(text);
    },
  };
  return it;
}

function collect(): { messages: ScanMessage[]; post: (m: ScanMessage) => void } {
  const messages: ScanMessage[] = [];
  return { messages, post: (m) => void messages.push(m) };
}

const entriesOf = (messages: ScanMessage[]) => messages.flatMap((m) => (m.type === 'entries' ? m.entries : []));

describe('textLimit: which files the engine reads as text', () => {
  it.each([
    ['package.json', MAX_SOURCE_BYTES],
    ['web/package.json', MAX_SOURCE_BYTES],
    ['package-lock.json', MAX_LOCKFILE_BYTES],
    ['npm-shrinkwrap.json', MAX_LOCKFILE_BYTES],
    ['.dockerignore', MAX_SOURCE_BYTES],
    ['Dockerfile', MAX_SOURCE_BYTES],
    ['docker/prod.Dockerfile', MAX_SOURCE_BYTES],
    ['tsconfig.json', MAX_SOURCE_BYTES],
    ['tsconfig.build.json', MAX_SOURCE_BYTES],
    ['go.mod', MAX_SOURCE_BYTES],
    ['index.html', MAX_SOURCE_BYTES],
    ['src/server.ts', MAX_SOURCE_BYTES],
    ['cmd/server/main.go', MAX_SOURCE_BYTES],
    ['test/app.test.js', MAX_SOURCE_BYTES],
  ])('%s: read', (path, limit) => expect(textLimit(path)).toBe(limit));

  it.each([
    'node_modules/express/package.json',
    'node_modules/express/index.js',
    'web/node_modules/vite/package.json',
    '.git/HEAD',
    '.git/config',
    '.env',
    'README.md',
    'public/logo.png',
    'src/types.d.ts',
    'coverage/lcov-report/index.html',
  ])('%s: measured only', (path) => expect(textLimit(path)).toBe(0));

  it('gives go.sum its own, larger bound', () => expect(textLimit('go.sum')).toBeGreaterThan(MAX_SOURCE_BYTES));
});

describe('folderPath', () => {
  it('drops the picked folder’s name from an input’s relative path', () => {
    expect(folderPath('my-app/src/a.ts', true)).toBe('src/a.ts');
    expect(folderPath('my-app/package.json', true)).toBe('package.json');
  });
  it('reads a dropped entry’s full path', () => {
    expect(folderPath('/my-app/src/a.ts', true)).toBe('src/a.ts');
    expect(folderPath('/Dockerfile', false)).toBe('Dockerfile');
  });
  it('has no path for the folder itself', () => {
    expect(folderPath('my-app', true)).toBeNull();
    expect(folderPath('', false)).toBeNull();
  });
  it('turns backslashes into slashes', () => expect(folderPath('my-app\\src\\a.ts', true)).toBe('src/a.ts'));
});

describe('metadataHash', () => {
  it('changes when the file changes (size or time) and differs per path', () => {
    const h = metadataHash('a.png', 10, 1);
    expect(metadataHash('a.png', 10, 1)).toBe(h);
    expect(metadataHash('a.png', 11, 1)).not.toBe(h);
    expect(metadataHash('a.png', 10, 2)).not.toBe(h);
    expect(metadataHash('b.png', 10, 1)).not.toBe(h);
  });
});

describe('FolderScan', () => {
  it('makes context entries: text and content hash for what the engine reads, size and metadata hash for the rest', async () => {
    const { messages, post } = collect();
    const pkg = item('package.json', '{"name":"app"}');
    const nm = item('node_modules/express/index.js', 'module.exports = 1;', 19);
    const git = item('.git/HEAD', 'ref: refs/heads/main\n', 21);
    const scan = new FolderScan(post, 3);
    await scan.add([pkg, nm, git]);
    const summary = scan.finish()!;
    const entries = entriesOf(messages);
    expect(entries).toEqual([
      { path: 'package.json', size: 14, hash: contentHash('{"name":"app"}'), text: '{"name":"app"}' },
      { path: 'node_modules/express/index.js', size: 19, hash: metadataHash('node_modules/express/index.js', 19, nm.lastModified) },
      { path: '.git/HEAD', size: 21, hash: metadataHash('.git/HEAD', 21, git.lastModified) },
    ]);
    expect(nm.reads).toBe(0);
    expect(git.reads).toBe(0);
    expect(summary).toMatchObject({ files: 3, bytes: 54, textFiles: 1, textBytes: 14, dockerfile: null, dockerignore: null, notes: [] });
    expect(summary.folders).toEqual([
      { path: '.git/', files: 1, bytes: 21 },
      { path: 'node_modules/', files: 1, bytes: 19 },
    ]);
    expect(messages.at(-1)).toEqual({ type: 'done', summary });
  });

  it('keeps the folder’s own Dockerfile and .dockerignore at its root', async () => {
    const { post } = collect();
    const scan = new FolderScan(post);
    await scan.add([item('Dockerfile', 'FROM node:20\n'), item('.dockerignore', 'node_modules\n'), item('sub/Dockerfile', 'FROM scratch\n')]);
    expect(scan.finish()).toMatchObject({ dockerfile: 'FROM node:20\n', dockerignore: 'node_modules\n' });
  });

  it('gives entries the engine builds on, .dockerignore and all', async () => {
    const { messages, post } = collect();
    const scan = new FolderScan(post);
    await scan.add([item('.dockerignore', 'node_modules\n.git\n'), item('package.json', '{}'), item('node_modules/a/index.js', null, 5000), item('.git/HEAD', null, 40)]);
    scan.finish();
    const ctx = prepareContext(entriesOf(messages));
    expect(ctx.problems).toEqual([]);
    expect(ctx.view.result.included.map((f) => f.path).sort()).toEqual(['.dockerignore', 'package.json']);
    expect(ctx.view.result.excludedSize).toBe(5040);
  });

  it('refuses a folder known to be over the limit before reading anything', async () => {
    const { messages, post } = collect();
    const scan = new FolderScan(post, MAX_FILES + 1);
    expect(scan.running).toBe(false);
    expect(await scan.add([item('a.txt', 'x')])).toBe(false);
    expect(scan.finish()).toBeNull();
    expect(messages).toEqual([{ type: 'refused', reason: 'too-many-files', message: expect.stringContaining('200,001 files') }]);
  });

  it('stops when a walk finds more files than the limit, and keeps nothing', async () => {
    const { messages, post } = collect();
    const scan = new FolderScan(post, null, { maxFiles: 5, batchSize: 2 });
    const files = Array.from({ length: 8 }, (_, i) => item(`f${i}.bin`, null, 1));
    expect(await scan.add(files.slice(0, 4))).toBe(true);
    expect(await scan.add(files.slice(4))).toBe(false);
    expect(scan.finish()).toBeNull();
    expect(messages.at(-1)).toMatchObject({ type: 'refused', message: expect.stringContaining('more than 200,000') });
  });

  it('measures a file too big to read, and says so', async () => {
    const { post } = collect();
    const scan = new FolderScan(post);
    const lock = item('package-lock.json', 'x', MAX_LOCKFILE_BYTES + 1);
    await scan.add([lock]);
    const s = scan.finish()!;
    expect(lock.reads).toBe(0);
    expect(s.bytes).toBe(MAX_LOCKFILE_BYTES + 1);
    expect(s.notes).toEqual([{ kind: 'text-too-big', path: 'package-lock.json', message: expect.stringContaining('its size counts') }]);
  });

  it('stops reading contents past the total budget, naming where', async () => {
    const { messages, post } = collect();
    const scan = new FolderScan(post, null, { maxTextTotal: 25 });
    const files = [item('src/a.ts', 'a'.repeat(10)), item('src/b.ts', 'b'.repeat(10)), item('src/c.ts', 'c'.repeat(10)), item('src/d.ts', 'd'.repeat(10))];
    await scan.add(files);
    const s = scan.finish()!;
    expect(s.textBytes).toBe(20);
    expect(s.notes).toEqual([expect.objectContaining({ kind: 'text-budget', path: 'src/c.ts' })]);
    expect(entriesOf(messages).map((e) => e.text !== undefined)).toEqual([true, true, false, false]);
  });

  it('measures a file that cannot be read, and says so', async () => {
    const { messages, post } = collect();
    const scan = new FolderScan(post);
    await scan.add([item('src/gone.ts', null, 30)]);
    const s = scan.finish()!;
    expect(entriesOf(messages)).toEqual([{ path: 'src/gone.ts', size: 30, hash: metadataHash('src/gone.ts', 30, 1_700_000_000_000) }]);
    expect(s).toMatchObject({ textFiles: 0, textBytes: 0, notes: [expect.objectContaining({ kind: 'unreadable' })] });
  });

  it('reads a synthetic 100,000-file listing in batches, with bounded progress messages', async () => {
    const n = 100_000;
    const files: Array<FolderItem & { reads: number }> = [item('package.json', '{"name":"big"}'), item('package-lock.json', '{"packages":{}}')];
    for (let i = 0; files.length < n - 50; i++) files.push(item(`node_modules/pkg${Math.floor(i / 20)}/file${i % 20}.js`, null, 1_000 + (i % 7)));
    for (let i = 0; files.length < n; i++) files.push(item(`src/module${i}.ts`, `export const x${i} = ${i};\n`));
    const { messages, post } = collect();
    const scan = new FolderScan(post, n);
    expect(await scan.add(files)).toBe(true);
    const summary = scan.finish()!;
    const batches = messages.filter((m) => m.type === 'entries');
    const progress = messages.filter((m) => m.type === 'progress');
    expect(summary.files).toBe(n);
    expect(batches.length).toBe(Math.ceil(n / BATCH_SIZE));
    expect(batches.every((m) => m.type === 'entries' && m.entries.length <= BATCH_SIZE + 16)).toBe(true);
    expect(entriesOf(messages)).toHaveLength(n);
    expect(progress.length).toBeLessThanOrEqual(n / PROGRESS_EVERY + 2);
    expect(progress.at(-1)).toEqual({ type: 'progress', read: n, total: n, bytes: summary.bytes });
    // Only the manifests and the sources were read.
    expect(files.reduce((sum, f) => sum + f.reads, 0)).toBe(52);
    expect(summary.textFiles).toBe(52);
    expect(summary.folders[0]).toMatchObject({ path: 'node_modules/', files: n - 52 });
  });
});

describe('listing: what the page hands the worker', () => {
  it('keeps the File only where the text is wanted and fits', () => {
    const file = (size: number) => ({ lastModified: 5, size }) as unknown as Blob & { lastModified: number };
    const pkg = file(10);
    expect(listing(pkg, 'package.json')).toEqual({ path: 'package.json', size: 10, lastModified: 5, file: pkg });
    expect(listing(file(10), 'node_modules/a/index.js')).toEqual({ path: 'node_modules/a/index.js', size: 10, lastModified: 5 });
    expect(listing(file(MAX_LOCKFILE_BYTES + 1), 'package-lock.json')).toEqual({ path: 'package-lock.json', size: MAX_LOCKFILE_BYTES + 1, lastModified: 5 });
  });

  it('reads a listed file’s text from its File, and refuses one listed without it', async () => {
    await expect(listedItem({ path: 'a.ts', size: 1, lastModified: 0, file: new Blob(['a']) }).text()).resolves.toBe('a');
    await expect(listedItem({ path: 'a.png', size: 1, lastModified: 0 }).text()).rejects.toThrow();
  });
});

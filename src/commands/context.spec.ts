import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeWorkspace } from '../cli/node-workspace';
import { projectWorkspace, readContext } from './context';
import { MemoryWorkspace } from './workspace';

describe('readContext', () => {
  it('reads the same context from disk and from memory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stagecraft-ctx-'));
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'package.json'), '{"name":"x"}\n');
    writeFileSync(join(dir, 'src/a.ts'), 'export {}\n');
    writeFileSync(join(dir, '.dockerignore'), 'src/b.ts\n');
    writeFileSync(join(dir, 'blob.bin'), Buffer.from([1, 0, 2]));
    symlinkSync('package.json', join(dir, 'link.json'));
    const disk = readContext(nodeWorkspace(dir), '', dir);
    if ('error' in disk) throw new Error(disk.error);
    expect(disk.notes).toEqual(['link.json: symbolic link skipped (Docker would send the link itself, a few bytes)']);
    const mem = new MemoryWorkspace('x', disk.context.tree.entries.map((e) => ({ path: e.path, size: e.size, hash: e.hash, ...(e.text !== undefined ? { text: e.text } : {}) })));
    const fromMemory = readContext(mem, '', 'x');
    if ('error' in fromMemory) throw new Error(fromMemory.error);
    const summary = (c: typeof disk.context) => c.view.result.included.map((f) => `${f.path}:${f.size}`);
    expect(summary(fromMemory.context)).toEqual(summary(disk.context));
    expect(summary(disk.context)).toEqual(['.dockerignore:9', 'blob.bin:3', 'package.json:13', 'src/a.ts:10']);
  });

  it('says why a folder is not a context', () => {
    const mem = new MemoryWorkspace('x', [{ path: 'a', size: 1, text: 'a' }]);
    expect(readContext(mem, 'a', 'a')).toEqual({ error: 'cannot read context a: not a directory' });
    expect(readContext(mem, 'nope', 'nope')).toEqual({ error: 'cannot read context nope: no such directory' });
  });

  it('keeps what it read from memory until the workspace changes', () => {
    const ws = projectWorkspace('p', [{ path: 'a.txt', size: 1, hash: 'h', text: 'a' }], null);
    const first = readContext(ws, '', '.');
    const again = readContext(ws, '', '.');
    if ('error' in first || 'error' in again) throw new Error('unreadable');
    expect(again.context).toBe(first.context);
    ws.write('a.txt', 'a');
    expect((readContext(ws, '', '.') as typeof first).context).toBe(first.context);
    ws.write('b.txt', 'b');
    const changed = readContext(ws, '', '.');
    if ('error' in changed) throw new Error(changed.error);
    expect(changed.context).not.toBe(first.context);
    expect(changed.context.view.result.files).toBe(2);
  });

  it('the manifest’s heavy folders are files with sizes in memory, and only its facts with manifestFolders: false', () => {
    const manifest = { version: 1, dirs: [{ path: 'node_modules/x', files: 3, bytes: 3000 }] };
    const ws = projectWorkspace('p', [{ path: 'package.json', size: 2, hash: 'h', text: '{}' }], manifest);
    expect(ws.stat('node_modules/x')?.kind).toBe('dir');
    const read = readContext(ws, '', '.');
    if ('error' in read) throw new Error(read.error);
    expect(read.context.tree.totalSize).toBe(3002);
    const dir = mkdtempSync(join(tmpdir(), 'stagecraft-ctx-'));
    writeFileSync(join(dir, 'package.json'), '{}');
    writeFileSync(join(dir, 'stagecraft.project.json'), JSON.stringify(manifest));
    const withFolders = readContext(nodeWorkspace(dir), '', dir);
    const without = readContext(nodeWorkspace(dir), '', dir, { manifestFolders: false });
    if ('error' in withFolders || 'error' in without) throw new Error('unreadable');
    expect(withFolders.context.tree.totalSize).toBe(3002);
    expect(without.context.tree.totalSize).toBe(2);
  });
});

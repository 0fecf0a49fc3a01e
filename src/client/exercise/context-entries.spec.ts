import { describe, expect, it } from 'vitest';
import { contextView, createTree } from '../../engine/index';
import { contextEntries } from './context-entries';

const tree = createTree([
  { path: 'node_modules/express/index.js', size: 60_000_000, hash: 'a' },
  { path: 'node_modules/typescript/lib/tsc.js', size: 30_000_000, hash: 'b' },
  { path: 'src/server.ts', size: 2_000, hash: 'c' },
  { path: 'logs/app.log', size: 5_000_000, hash: 'd' },
  { path: 'logs/keep.txt', size: 100, hash: 'e' },
  { path: 'package.json', size: 700, hash: 'f' },
  { path: 'README.md', size: 900, hash: 'g' },
  { path: '.git/objects/pack/p.pack', size: 8_000_000, hash: 'h' },
]);

describe('the build context’s biggest entries', () => {
  it('adds folders up at the top level, biggest first, with the line that decides each', () => {
    const { entries, more } = contextEntries(contextView(tree, '.git\nnode_modules\n**/*.log\n*.md\n!README.md\n'));
    expect(more).toBe(0);
    expect(entries.map((e) => [e.path, e.size, e.status, e.line, e.pattern])).toEqual([
      ['node_modules/', '90MB', 'ignored', 2, 'node_modules'],
      ['.git/', '8MB', 'ignored', 1, '.git'],
      ['logs/', '5MB', 'partly', 3, '**/*.log'],
      ['src/', '2kB', 'sent', null, null],
      ['README.md', '900B', 'sent', 5, '!README.md'],
      ['package.json', '700B', 'sent', null, null],
    ]);
    expect(entries[2]!.sentSize).toBe('100B');
  });

  it('lists at most the limit and counts the rest', () => {
    const { entries, more } = contextEntries(contextView(tree, ''), 2);
    expect(entries.map((e) => e.path)).toEqual(['node_modules/', '.git/']);
    expect(entries.every((e) => e.status === 'sent')).toBe(true);
    expect(more).toBe(4);
  });

  it('names the line for a folder left out file by file', () => {
    const { entries } = contextEntries(contextView(tree, 'node_modules/**\n'));
    expect(entries[0]).toMatchObject({ path: 'node_modules/', status: 'ignored', line: 1, pattern: 'node_modules/**' });
  });
});

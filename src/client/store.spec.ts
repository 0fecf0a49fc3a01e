import { describe, expect, it } from 'vitest';
import { STORAGE_KEY, Store, validateState, type KeyValueStorage } from './store';

class MemoryStorage implements KeyValueStorage {
  map = new Map<string, string>();
  quota = Infinity;
  getItem(k: string) {
    return this.map.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    const used = [...this.map.entries()].filter(([key]) => key !== k).reduce((s, [a, b]) => s + a.length + b.length, 0);
    if (used + k.length + v.length > this.quota) {
      const e = new Error('The quota has been exceeded.');
      e.name = 'QuotaExceededError';
      throw e;
    }
    this.map.set(k, v);
  }
  removeItem(k: string) {
    this.map.delete(k);
  }
}

const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);

describe('Store', () => {
  it('starts empty and round-trips a lesson through storage', () => {
    const storage = new MemoryStorage();
    const a = new Store(storage, () => NOW);
    expect(a.load()).toBeNull();
    a.update('stages', (l) => {
      l.files.Dockerfile = 'FROM node:20 AS builder\n';
      l.goals['stage-named'] = true;
      l.complete = true;
      l.lastBuild = { bytes: 138_000_000, compressedBytes: 48_000_000, at: NOW };
    });
    expect(a.save()).toBeNull();
    const b = new Store(storage);
    expect(b.load()).toBeNull();
    expect(b.lesson('stages')).toMatchObject({ files: { Dockerfile: 'FROM node:20 AS builder\n' }, complete: true, updatedAt: NOW });
    expect([...b.completed()]).toEqual(['stages']);
  });

  it.each([
    ['not JSON', '{oops', 'it is not valid JSON'],
    ['another version', JSON.stringify({ version: 2, lessons: {} }), 'it is version 2, not 1'],
    ['a foreign value', JSON.stringify(['hello']), 'it is not a JSON object'],
    ['a bad lesson id', JSON.stringify({ version: 1, lessons: { '<img src=x>': {} } }), '"<img src=x>" is not a lesson id'],
    ['a file that is not text', JSON.stringify({ version: 1, lessons: { stages: { files: { Dockerfile: 42 } } } }), 'lesson stages: Dockerfile is not text'],
  ])('sets aside %s with a notice and keeps the raw value', (_name, raw, reason) => {
    const storage = new MemoryStorage();
    storage.setItem(STORAGE_KEY, raw);
    const store = new Store(storage, () => NOW);
    const notice = store.load();
    expect(notice).toEqual({ kind: 'set-aside', key: 'stagecraft:set-aside:2026-11-26T12:00:00.000Z', reason });
    expect(storage.getItem(STORAGE_KEY)).toBeNull();
    expect(storage.getItem('stagecraft:set-aside:2026-11-26T12:00:00.000Z')).toBe(raw);
    expect(store.state.lessons).toEqual({});
  });

  it('reports storage that is full or blocked instead of throwing', () => {
    const storage = new MemoryStorage();
    storage.quota = 50;
    const store = new Store(storage);
    store.update('stages', (l) => void (l.files.Dockerfile = 'x'.repeat(100)));
    expect(store.save()).toEqual({ kind: 'full', reason: 'the browser’s storage for this site is full' });
    const blocked = new Store({
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => undefined,
      removeItem: () => undefined,
    });
    expect(blocked.load()).toEqual({ kind: 'unavailable', reason: 'SecurityError' });
    expect(new Store(null).load()).toMatchObject({ kind: 'unavailable' });
  });

  it('exports and imports progress, refusing files that are not ours', () => {
    const a = new Store(new MemoryStorage(), () => NOW);
    a.update('go-scratch', (l) => void (l.complete = true));
    const text = a.exportText();
    const b = new Store(new MemoryStorage());
    expect(b.importText(text)).toEqual({ ok: true, lessons: 1 });
    expect([...b.completed()]).toEqual(['go-scratch']);
    expect(b.importText('not json')).toEqual({ ok: false, error: 'The file is not JSON, so it is not a Stagecraft progress file.' });
    expect(b.importText('{"version":1}')).toEqual({ ok: false, error: 'This is not a Stagecraft progress file: "lessons" is missing or not an object.' });
    expect([...b.completed()]).toEqual(['go-scratch']);
  });

  it('normalises settings and drops unknown fields', () => {
    const checked = validateState({ version: 1, lessons: { stages: { complete: 'yes', evil: '<script>' } }, settings: { fontSize: 400 } });
    expect(checked).toEqual({
      state: {
        version: 1,
        lessons: { stages: { files: {}, goals: {}, complete: false, lastBuild: null, previousBuild: null, hintsShown: 0, updatedAt: 0 } },
        settings: { fontSize: 28 },
      },
    });
  });
});

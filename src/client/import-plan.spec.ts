import { describe, expect, it } from 'vitest';
import { changesAnything, planImport } from './import-plan';
import { lessonKey, type KeyValueStorage } from './store';
import { SyncedStore } from './store-sync';

class MemoryStorage implements KeyValueStorage {
  map = new Map<string, string>();
  get length() {
    return this.map.size;
  }
  key(i: number) {
    return [...this.map.keys()][i] ?? null;
  }
  getItem(k: string) {
    return this.map.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.map.set(k, v);
  }
  removeItem(k: string) {
    this.map.delete(k);
  }
}

let t = 1;
const file = (lessons: Record<string, unknown>) => JSON.stringify({ version: 1, lessons, settings: { fontSize: 14 }, exportedAt: '2026-11-26T12:00:00.000Z', app: 'stagecraft' });

function browserWith(lessons: Record<string, string>) {
  const storage = new MemoryStorage();
  const store = new SyncedStore(storage, () => t++);
  store.load();
  for (const [id, text] of Object.entries(lessons)) store.update(id, (l) => void ((l.files.Dockerfile = text), (l.complete = true)));
  store.save();
  return { storage, store };
}

describe('import', () => {
  it('refuses files that are not ours, changing nothing', () => {
    const { store } = browserWith({ stages: 'FROM a' });
    expect(planImport(store, 'not json')).toEqual({ ok: false, error: 'The file is not JSON, so it is not a Stagecraft progress file.' });
    expect(planImport(store, '{"version":1}')).toEqual({ ok: false, error: 'This is not a Stagecraft progress file: "lessons" is missing or not an object.' });
    expect(planImport(store, '{"hello":1}')).toMatchObject({ ok: false });
    expect([...store.completed()]).toEqual(['stages']);
  });

  it('says which lessons it adds, replaces and removes, before anything is written', () => {
    const { storage, store } = browserWith({ stages: 'FROM a', 'copy-from': 'FROM b', 'go-scratch': 'FROM c' });
    const before = new Map(storage.map);
    const plan = planImport(store, file({ stages: { files: { Dockerfile: 'FROM imported' } }, 'copy-from': { files: { Dockerfile: 'FROM b' }, complete: true }, measuring: { complete: true } }));
    expect(plan).toMatchObject({ ok: true, added: ['measuring'], replaced: ['stages'], removed: ['go-scratch'], unchanged: ['copy-from'], exportedAt: '2026-11-26T12:00:00.000Z' });
    expect(storage.map).toEqual(before);
  });

  it('an empty but valid file is planned as removing everything (so the page asks), not applied', () => {
    const { storage, store } = browserWith({ stages: 'FROM a', 'copy-from': 'FROM b' });
    const plan = planImport(store, file({}));
    expect(plan).toMatchObject({ ok: true, added: [], replaced: [], removed: ['copy-from', 'stages'] });
    expect(changesAnything(plan as never)).toBe(true);
    expect(storage.getItem(lessonKey('stages'))).not.toBeNull();
  });

  it('a file that matches changes nothing', () => {
    const { store } = browserWith({ stages: 'FROM a' });
    const plan = planImport(store, store.exportText());
    expect(plan).toMatchObject({ ok: true, added: [], replaced: [], removed: [], unchanged: ['stages'] });
    expect(changesAnything(plan as never)).toBe(false);
  });

  it('confirmed, it replaces everything, and an open tab takes it instead of undoing it on its next save', () => {
    const { storage, store: lessonTab } = browserWith({ stages: 'FROM mine', 'go-scratch': 'FROM scratch' });
    const home = new SyncedStore(storage, () => t++);
    home.load();
    const plan = planImport(home, file({ stages: { files: { Dockerfile: 'FROM imported' } }, measuring: { complete: true } }));
    if (!plan.ok) throw new Error(plan.error);
    const result = home.replaceAll(plan.state);
    expect(result).toMatchObject({ written: ['stages', 'measuring'], removed: ['go-scratch'], failed: null, notices: [] });
    // The lesson tab hears the storage events …
    lessonTab.sync(lessonKey('stages'));
    lessonTab.sync(lessonKey('go-scratch'));
    lessonTab.sync(lessonKey('measuring'));
    expect(lessonTab.lesson('stages')).toMatchObject({ files: { Dockerfile: 'FROM imported' }, complete: false });
    expect(lessonTab.state.lessons['go-scratch']).toBeUndefined();
    // … and its next save (a change elsewhere in the lesson) keeps the import.
    lessonTab.update('stages', (l) => void (l.hintsShown = 1));
    lessonTab.save();
    const fresh = new SyncedStore(storage);
    fresh.load();
    expect(fresh.lesson('stages')).toMatchObject({ files: { Dockerfile: 'FROM imported' }, hintsShown: 1, complete: false });
    expect(Object.keys(fresh.state.lessons).sort()).toEqual(['measuring', 'stages']);
    expect([...fresh.completed()]).toEqual(['measuring']);
  });

  it('an open tab that missed the events still keeps the import when it saves', () => {
    const { storage, store: lessonTab } = browserWith({ stages: 'FROM mine' });
    const home = new SyncedStore(storage, () => t++);
    home.load();
    const plan = planImport(home, file({ stages: { files: { Dockerfile: 'FROM imported' } } }));
    if (!plan.ok) throw new Error(plan.error);
    home.replaceAll(plan.state);
    lessonTab.update('stages', (l) => void (l.goals.x = true));
    lessonTab.save();
    const fresh = new SyncedStore(storage);
    fresh.load();
    expect(fresh.lesson('stages').files.Dockerfile).toBe('FROM imported');
  });
});

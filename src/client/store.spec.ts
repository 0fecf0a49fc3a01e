import { describe, expect, it } from 'vitest';
import { noticeText } from './notices';
import {
  ASIDE_PREFIX,
  emptyLesson,
  INDEX_KEY,
  LEGACY_KEY,
  LIMITS,
  lessonKey,
  validateState,
  type KeyValueStorage,
  type LessonState,
  type Notice,
} from './store';
import { merge3, SyncedStore } from './store-sync';

/** localStorage as the browser keeps it, with a quota in characters (keys and values). */
class MemoryStorage implements KeyValueStorage {
  map = new Map<string, string>();
  quota = Infinity;
  writes = 0;
  get length() {
    return this.map.size;
  }
  key(i: number) {
    return [...this.map.keys()][i] ?? null;
  }
  getItem(k: string) {
    return this.map.get(k) ?? null;
  }
  used(except?: string) {
    let n = 0;
    for (const [k, v] of this.map) if (k !== except) n += k.length + v.length;
    return n;
  }
  setItem(k: string, v: string) {
    if (this.used(k) + k.length + v.length > this.quota) {
      const e = new Error('The quota has been exceeded.');
      e.name = 'QuotaExceededError';
      throw e;
    }
    this.writes++;
    this.map.set(k, String(v));
  }
  removeItem(k: string) {
    this.map.delete(k);
  }
  asideKeys() {
    return [...this.map.keys()].filter((k) => k.startsWith(ASIDE_PREFIX));
  }
}

const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);
let clock = NOW;
const tick = () => ++clock;

/** Every key a notice names exists in the storage. */
function expectKeysExist(storage: MemoryStorage, notices: Notice[]) {
  for (const n of notices) {
    for (const m of noticeText(n).matchAll(/“(stagecraft:[^”]+)”/g)) expect(storage.getItem(m[1]!), `${m[1]} named by: ${noticeText(n)}`).not.toBeNull();
  }
}

const legacy = (lessons: Record<string, Partial<LessonState>>, settings = {}) => JSON.stringify({ version: 1, lessons, settings });

describe('Store: one key per lesson', () => {
  it('starts empty and round-trips a lesson through its own versioned key and the index', () => {
    const storage = new MemoryStorage();
    const a = new SyncedStore(storage, () => NOW);
    expect(a.load()).toEqual([]);
    a.update('stages', (l) => {
      l.files.Dockerfile = 'FROM node:20 AS builder\n';
      l.goals['stage-named'] = true;
      l.complete = true;
      l.lastBuild = { bytes: 138_000_000, compressedBytes: 48_000_000, at: NOW };
    });
    expect(a.save()).toEqual([]);
    expect(JSON.parse(storage.getItem(lessonKey('stages'))!)).toMatchObject({ version: 2, id: 'stages', files: { Dockerfile: 'FROM node:20 AS builder\n' }, complete: true });
    expect(JSON.parse(storage.getItem(INDEX_KEY)!)).toEqual({ version: 2, lessons: ['stages'], settings: { fontSize: 14 } });
    const b = new SyncedStore(storage);
    expect(b.load()).toEqual([]);
    expect(b.lesson('stages')).toMatchObject({ files: { Dockerfile: 'FROM node:20 AS builder\n' }, complete: true, updatedAt: NOW });
    expect([...b.completed()]).toEqual(['stages']);
  });

  it('writes only the lessons that changed, and nothing when nothing did', () => {
    const storage = new MemoryStorage();
    const a = new SyncedStore(storage, tick);
    a.load();
    a.update('stages', (l) => void (l.files.Dockerfile = 'FROM a'));
    a.update('copy-from', (l) => void (l.files.Dockerfile = 'FROM b'));
    a.save();
    const writes = storage.writes;
    a.update('stages', (l) => void (l.files.Dockerfile = 'FROM a')); // the same text: not a change
    expect(a.save()).toEqual([]);
    expect(storage.writes).toBe(writes);
    a.update('stages', (l) => void (l.files.Dockerfile = 'FROM a2'));
    a.save();
    expect(storage.writes).toBe(writes + 1);
  });

  it('settings live in the index and follow the last tab that changed them', () => {
    const storage = new MemoryStorage();
    const a = new SyncedStore(storage);
    a.load();
    a.state.settings.fontSize = 20;
    a.save();
    const b = new SyncedStore(storage);
    b.load();
    expect(b.state.settings.fontSize).toBe(20);
    b.state.settings.fontSize = 12;
    b.save();
    expect(a.sync(INDEX_KEY).settings).toBe(true);
    expect(a.state.settings.fontSize).toBe(12);
  });
});

describe('Store: sizes', () => {
  it('saves and loads a file of exactly the limit', () => {
    const storage = new MemoryStorage();
    const a = new SyncedStore(storage, tick);
    a.load();
    const text = 'x'.repeat(LIMITS.fileChars);
    a.update('stages', (l) => void (l.files.Dockerfile = text));
    expect(a.save()).toEqual([]);
    const b = new SyncedStore(storage);
    expect(b.load()).toEqual([]);
    expect(b.lesson('stages').files.Dockerfile).toBe(text);
  });

  it('a 2.6 MB paste is not saved, says so, and destroys nothing (issue 10)', () => {
    const storage = new MemoryStorage();
    storage.quota = 5_000_000;
    const a = new SyncedStore(storage, tick);
    a.load();
    a.update('why-images-are-huge', (l) => {
      l.files.Dockerfile = 'FROM node:20-alpine\n';
      l.complete = true;
    });
    a.update('stages', (l) => void (l.files.Dockerfile = 'FROM alpine AS builder\n'));
    expect(a.save()).toEqual([]);
    const paste = `FROM alpine\n${'RUN echo x\n'.repeat(240_000)}`;
    expect(paste.length).toBeGreaterThan(2_600_000);
    a.update('stages', (l) => void (l.files.Dockerfile = paste));
    const notices = a.save();
    expect(notices).toEqual([{ kind: 'too-big', file: 'Dockerfile', chars: paste.length }]);
    expect(noticeText(notices[0]!)).toContain('Dockerfile is NOT saved');
    // The editor's copy (in memory) still has it; storage has the version before it.
    expect(a.lesson('stages').files.Dockerfile).toBe(paste);
    expect(a.save()).toEqual(notices); // still said on every save, never silently dropped

    const reloaded = new SyncedStore(storage);
    const found = reloaded.load();
    expect(found).toEqual([]);
    expect(reloaded.lesson('stages').files.Dockerfile).toBe('FROM alpine AS builder\n');
    expect(reloaded.lesson('stages').notSaved).toMatchObject({ file: 'Dockerfile', chars: paste.length });
    expect(reloaded.lesson('why-images-are-huge')).toMatchObject({ files: { Dockerfile: 'FROM node:20-alpine\n' }, complete: true });
    expect(storage.asideKeys()).toEqual([]);
    expect(noticeText({ kind: 'not-saved-earlier', ...reloaded.lesson('stages').notSaved! })).toContain('This is the version saved before it.');

    // A save that does not touch the file keeps the marker (it still describes what is stored) …
    const afterReload = new SyncedStore(storage, tick);
    afterReload.load();
    afterReload.update('stages', (l) => void (l.goals.x = true));
    expect(afterReload.save()).toEqual([]);
    expect(afterReload.lesson('stages').notSaved).toMatchObject({ file: 'Dockerfile' });
    a.sync();
    // … made short again, it saves and the marker goes.
    a.update('stages', (l) => void (l.files.Dockerfile = 'FROM alpine AS builder\nRUN true\n'));
    expect(a.save()).toEqual([]);
    const again = new SyncedStore(storage);
    again.load();
    expect(again.lesson('stages')).toMatchObject({ files: { Dockerfile: 'FROM alpine AS builder\nRUN true\n' }, notSaved: null });
  });

  it('a file over the limit in a stored value is set aside on load, like any value that is not ours', () => {
    const storage = new MemoryStorage();
    const raw = JSON.stringify({ version: 2, id: 'stages', files: { Dockerfile: 'x'.repeat(LIMITS.fileChars + 1) } });
    storage.setItem(lessonKey('stages'), raw);
    const store = new SyncedStore(storage, () => NOW);
    const notices = store.load();
    expect(notices).toMatchObject([{ kind: 'set-aside', from: lessonKey('stages'), reason: 'lesson stages: Dockerfile is longer than 1,000,000 characters' }]);
    expectKeysExist(storage, notices);
  });
});

describe('Store: values that are not ours', () => {
  it.each([
    ['not JSON', '{oops', 'it is not valid JSON'],
    ['another version', JSON.stringify({ version: 3, id: 'stages' }), 'it is version 3, not 2'],
    ['a foreign value', JSON.stringify(['hello']), 'it is not a JSON object'],
    ['another lesson', JSON.stringify({ version: 2, id: 'copy-from' }), 'it names another lesson'],
    ['a file that is not text', JSON.stringify({ version: 2, id: 'stages', files: { Dockerfile: 42 } }), 'lesson stages: Dockerfile is not text'],
  ])('sets aside %s for real: copied, checked, then removed, with a notice naming a key that exists', (_name, raw, reason) => {
    const storage = new MemoryStorage();
    storage.setItem(lessonKey('stages'), raw);
    storage.setItem(lessonKey('go-scratch'), JSON.stringify({ version: 2, id: 'go-scratch', files: { Dockerfile: 'FROM scratch' }, complete: true }));
    const store = new SyncedStore(storage, () => NOW);
    const notices = store.load();
    const key = `${ASIDE_PREFIX}2026-11-26T12:00:00.000Z:${lessonKey('stages')}`;
    expect(notices).toEqual([{ kind: 'set-aside', what: 'your saved work for the lesson “stages”', from: lessonKey('stages'), key, reason }]);
    expect(storage.getItem(key)).toBe(raw);
    expect(storage.getItem(lessonKey('stages'))).toBeNull();
    expect(store.lesson('go-scratch').complete).toBe(true);
    expectKeysExist(storage, notices);
    expect(noticeText(notices[0]!)).toContain('set it aside');
  });

  it('a second set-aside of the same key at the same moment gets its own key', () => {
    const storage = new MemoryStorage();
    storage.setItem(lessonKey('stages'), '{one');
    new SyncedStore(storage, () => NOW).load();
    storage.setItem(lessonKey('stages'), '{two');
    const notices = new SyncedStore(storage, () => NOW).load();
    expect(storage.asideKeys().map((k) => storage.getItem(k)).sort()).toEqual(['{one', '{two']);
    expectKeysExist(storage, notices);
  });

  it('storage too full to copy it: the value is left untouched, said so truly, and never written over', () => {
    const storage = new MemoryStorage();
    const raw = `{"not":"ours","pad":"${'p'.repeat(3000)}"}`;
    storage.setItem(lessonKey('stages'), raw);
    storage.quota = storage.used() + 500; // room for a small lesson, not for a copy
    const store = new SyncedStore(storage, tick);
    const notices = store.load();
    expect(notices).toMatchObject([{ kind: 'left-untouched', key: lessonKey('stages'), why: 'the browser’s storage for this site is full' }]);
    expect(noticeText(notices[0]!)).toContain(`It is left untouched under “${lessonKey('stages')}”`);
    expectKeysExist(storage, notices);
    expect(storage.asideKeys()).toEqual([]);
    // Editing that lesson does not write over it …
    store.update('stages', (l) => void (l.files.Dockerfile = 'FROM a'));
    expect(store.save()).toMatchObject([{ kind: 'left-untouched' }]);
    expect(storage.getItem(lessonKey('stages'))).toBe(raw);
    // … other lessons still save …
    store.update('go-scratch', (l) => void (l.files.Dockerfile = 'FROM b'));
    store.save();
    expect(JSON.parse(storage.getItem(lessonKey('go-scratch'))!).files.Dockerfile).toBe('FROM b');
    // … and once there is room, it is set aside for real and the lesson saves.
    storage.quota = Infinity;
    const later = store.save();
    expect(later).toMatchObject([{ kind: 'set-aside', from: lessonKey('stages') }]);
    expect(storage.getItem((later[0] as { key: string }).key)).toBe(raw);
    expect(JSON.parse(storage.getItem(lessonKey('stages'))!).files.Dockerfile).toBe('FROM a');
  });

  it('a corrupt index is set aside; the lessons are still found', () => {
    const storage = new MemoryStorage();
    storage.setItem(INDEX_KEY, 'nonsense');
    storage.setItem(lessonKey('stages'), JSON.stringify({ version: 2, id: 'stages', complete: true }));
    const store = new SyncedStore(storage, () => NOW);
    const notices = store.load();
    expect(notices).toMatchObject([{ kind: 'set-aside', from: INDEX_KEY, reason: 'it is not valid JSON' }]);
    expectKeysExist(storage, notices);
    expect([...store.completed()]).toEqual(['stages']);
    store.save();
    expect(JSON.parse(storage.getItem(INDEX_KEY)!)).toEqual({ version: 2, lessons: ['stages'], settings: { fontSize: 14 } });
  });

  it('keys that only look like ours are left alone', () => {
    const storage = new MemoryStorage();
    storage.setItem(`${lessonKey('')}<img src=x>`, 'whatever');
    storage.setItem('stagecraft:v3:future', 'x');
    const store = new SyncedStore(storage);
    expect(store.load()).toEqual([]);
    store.update('stages', (l) => void (l.complete = true));
    store.save();
    expect(storage.getItem(`${lessonKey('')}<img src=x>`)).toBe('whatever');
    expect(storage.getItem('stagecraft:v3:future')).toBe('x');
  });
});

describe('Store: storage full', () => {
  it('is reported, and the previously saved value stays intact', () => {
    const storage = new MemoryStorage();
    const store = new SyncedStore(storage, tick);
    store.load();
    store.update('stages', (l) => void (l.files.Dockerfile = 'FROM alpine AS builder\n'));
    expect(store.save()).toEqual([]);
    const before = storage.getItem(lessonKey('stages'));
    storage.quota = storage.used() + 100;
    store.update('stages', (l) => void (l.files.Dockerfile = `FROM alpine AS builder\n${'RUN x\n'.repeat(100)}`));
    const notices = store.save();
    expect(notices).toEqual([{ kind: 'full', what: 'your latest changes to the lesson “stages”' }]);
    expect(noticeText(notices[0]!)).toContain('What was saved before is unchanged.');
    expect(storage.getItem(lessonKey('stages'))).toBe(before);
    expect(new SyncedStore(storage).load()).toEqual([]);
    // Space again: the next save writes it.
    storage.quota = Infinity;
    expect(store.save()).toEqual([]);
    expect(JSON.parse(storage.getItem(lessonKey('stages'))!).files.Dockerfile).toContain('RUN x');
  });

  it('reports storage that is blocked instead of throwing', () => {
    const blocked = new SyncedStore({
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => undefined,
      removeItem: () => undefined,
      key: () => null,
      length: 0,
    });
    expect(blocked.load()).toEqual([{ kind: 'unavailable', reason: 'SecurityError' }]);
    expect(new SyncedStore(null).load()).toMatchObject([{ kind: 'unavailable' }]);
    expect(new SyncedStore(null).save()).toMatchObject([{ kind: 'unavailable' }]);
  });
});

describe('Store: the older single-key format', () => {
  it('is moved to one key per lesson without loss, then removed', () => {
    const storage = new MemoryStorage();
    const old = legacy({ stages: { complete: true, files: { Dockerfile: 'FROM a AS builder\n' }, hintsShown: 2 }, 'go-scratch': { files: { Dockerfile: 'FROM scratch\n' } } }, { fontSize: 18 });
    storage.setItem(LEGACY_KEY, old);
    const store = new SyncedStore(storage);
    expect(store.load()).toEqual([]);
    expect(storage.getItem(LEGACY_KEY)).toBeNull();
    const again = new SyncedStore(storage);
    again.load();
    expect(again.lesson('stages')).toMatchObject({ complete: true, files: { Dockerfile: 'FROM a AS builder\n' }, hintsShown: 2 });
    expect(again.lesson('go-scratch').files.Dockerfile).toBe('FROM scratch\n');
    expect(again.state.settings.fontSize).toBe(18);
    expect(JSON.parse(storage.getItem(INDEX_KEY)!).lessons).toEqual(['go-scratch', 'stages']);
  });

  it('a corrupt older value is set aside for real, as before', () => {
    const storage = new MemoryStorage();
    storage.setItem(LEGACY_KEY, '{not json');
    const notices = new SyncedStore(storage, () => NOW).load();
    expect(notices).toMatchObject([{ kind: 'set-aside', from: LEGACY_KEY, reason: 'it is not valid JSON' }]);
    expect(storage.asideKeys().map((k) => storage.getItem(k))).toEqual(['{not json']);
    expect(storage.getItem(LEGACY_KEY)).toBeNull();
    expectKeysExist(storage, notices);
  });

  it('where both formats hold a lesson differently, the newer is used and the other copied aside', () => {
    const storage = new MemoryStorage();
    storage.setItem(lessonKey('stages'), JSON.stringify({ version: 2, id: 'stages', files: { Dockerfile: 'new' }, updatedAt: 20 }));
    storage.setItem(lessonKey('copy-from'), JSON.stringify({ version: 2, id: 'copy-from', files: { Dockerfile: 'old' }, updatedAt: 5 }));
    const old = legacy({ stages: { files: { Dockerfile: 'older' }, updatedAt: 10 }, 'copy-from': { files: { Dockerfile: 'newer' }, updatedAt: 30 } });
    storage.setItem(LEGACY_KEY, old);
    const store = new SyncedStore(storage, () => NOW);
    const notices = store.load();
    expect(store.lesson('stages').files.Dockerfile).toBe('new');
    expect(store.lesson('copy-from').files.Dockerfile).toBe('newer');
    expect(storage.getItem(LEGACY_KEY)).toBeNull();
    expect(notices.map((n) => n.kind)).toEqual(['kept-copy', 'kept-copy']);
    expectKeysExist(storage, notices);
    const kept = storage.asideKeys().map((k) => storage.getItem(k));
    expect(kept).toContain(old);
    expect(kept.some((v) => v?.includes('"old"'))).toBe(true);
  });

  it('with too little room for both formats at once, it moves what fits and keeps the rest in the older key', () => {
    const storage = new MemoryStorage();
    const big = (c: string) => ({ files: { Dockerfile: c.repeat(3000) } });
    const old = legacy({ a: big('a'), b: big('b'), c: big('c') });
    storage.setItem(LEGACY_KEY, old);
    storage.quota = old.length + 4_000; // one lesson's worth of slack
    const store = new SyncedStore(storage);
    const notices = store.load();
    // Everything is in memory, and everything is stored somewhere.
    expect(Object.keys(store.state.lessons).sort()).toEqual(['a', 'b', 'c']);
    const reloaded = new SyncedStore(storage);
    reloaded.load();
    for (const id of ['a', 'b', 'c']) expect(reloaded.lesson(id).files.Dockerfile).toBe(id.repeat(3000));
    expect(notices.every((n) => n.kind === 'full')).toBe(true);
    expect(storage.getItem(LEGACY_KEY) === null || storage.used() <= storage.quota).toBe(true);
  });
});

describe('Store: two tabs', () => {
  const twoTabs = () => {
    const storage = new MemoryStorage();
    const one = new SyncedStore(storage, tick);
    const two = new SyncedStore(storage, tick);
    one.load();
    two.load();
    return { storage, one, two };
  };

  it('changes to different lessons both survive', () => {
    const { storage, one, two } = twoTabs();
    one.update('stages', (l) => void (l.files.Dockerfile = 'FROM stages-one'));
    two.update('copy-from', (l) => {
      l.files.Dockerfile = 'FROM copy-two';
      l.complete = true;
    });
    one.save();
    two.save();
    one.update('stages', (l) => void (l.complete = true));
    one.save();
    const fresh = new SyncedStore(storage);
    fresh.load();
    expect(fresh.lesson('stages')).toMatchObject({ files: { Dockerfile: 'FROM stages-one' }, complete: true });
    expect(fresh.lesson('copy-from')).toMatchObject({ files: { Dockerfile: 'FROM copy-two' }, complete: true });
    expect(JSON.parse(storage.getItem(INDEX_KEY)!).lessons).toEqual(['copy-from', 'stages']);
  });

  it('follows storage events for its own keys only', () => {
    const { storage, one, two } = twoTabs();
    const window = new EventTarget();
    const heard: string[][] = [];
    two.onExternal = (c) => heard.push(c.lessons);
    const stop = two.listen(window as unknown as Window);
    const fire = (key: string | null, storageArea: unknown = storage) => window.dispatchEvent(Object.assign(new Event('storage'), { key, storageArea }));
    one.update('stages', (l) => void (l.files.Dockerfile = 'FROM heard'));
    one.save();
    fire('some-other-app');
    fire(lessonKey('stages'), {}); // another storage area (sessionStorage)
    expect(heard).toEqual([]);
    fire(lessonKey('stages'));
    expect(two.lesson('stages').files.Dockerfile).toBe('FROM heard');
    one.update('copy-from', (l) => void (l.complete = true));
    one.save();
    fire(null); // storage.clear() or many changes: everything is read again
    expect(heard).toEqual([['stages'], ['copy-from']]);
    stop();
    fire(lessonKey('stages'));
    expect(heard).toHaveLength(2);
  });

  it('a tab that did not change a lesson takes the other tab’s version of it', () => {
    const { one, two } = twoTabs();
    one.update('stages', (l) => void (l.files.Dockerfile = 'FROM from-one'));
    one.save();
    const heard: string[][] = [];
    two.onExternal = (c) => heard.push(c.lessons);
    two.sync(lessonKey('stages'));
    expect(two.lesson('stages').files.Dockerfile).toBe('FROM from-one');
    expect(heard).toEqual([['stages']]);
    // And it has nothing to write back.
    expect(two.save()).toEqual([]);
  });

  it('the same lesson: different fields merge, a completion stays, hints count up', () => {
    const { storage, one, two } = twoTabs();
    one.update('stages', (l) => void (l.files.Dockerfile = 'FROM base'));
    one.save();
    two.sync();
    one.update('stages', (l) => {
      l.complete = true;
      l.hintsShown = 1;
    });
    two.update('stages', (l) => {
      l.files['.dockerignore'] = 'node_modules';
      l.hintsShown = 2;
    });
    one.save();
    two.save(); // finds one's write, merges, writes the merge
    const fresh = new SyncedStore(storage);
    fresh.load();
    expect(fresh.lesson('stages')).toMatchObject({ files: { Dockerfile: 'FROM base', '.dockerignore': 'node_modules' }, complete: true, hintsShown: 2 });
    expect(two.conflicts()).toEqual([]);
  });

  it('the same file changed in both: nothing is overwritten, the learner is asked', () => {
    const { storage, one, two } = twoTabs();
    one.update('stages', (l) => void (l.files.Dockerfile = 'FROM base'));
    one.save();
    two.sync();
    one.update('stages', (l) => void (l.files.Dockerfile = 'FROM one'));
    two.update('stages', (l) => void (l.files.Dockerfile = 'FROM two'));
    one.save();
    const conflicts: string[][] = [];
    two.onExternal = (c) => conflicts.push(c.conflicts);
    expect(two.save()).toEqual([{ kind: 'conflict-pending', lesson: 'stages' }]);
    expect(JSON.parse(storage.getItem(lessonKey('stages'))!).files.Dockerfile).toBe('FROM one');
    expect(two.conflicts()).toEqual([{ lesson: 'stages', files: [{ name: 'Dockerfile', mine: 'FROM two', theirs: 'FROM one' }] }]);
    expect(conflicts).toEqual([['stages']]);
    expect(two.lesson('stages').files.Dockerfile).toBe('FROM two');
    // Typing on while asked changes nothing stored, and does not ask again.
    two.update('stages', (l) => void (l.files.Dockerfile = 'FROM two, more'));
    two.save();
    expect(conflicts).toHaveLength(1);
    expect(JSON.parse(storage.getItem(lessonKey('stages'))!).files.Dockerfile).toBe('FROM one');
    // Keep mine: written, and the first tab takes it.
    two.resolve('stages', 'mine');
    expect(two.save()).toEqual([]);
    expect(JSON.parse(storage.getItem(lessonKey('stages'))!).files.Dockerfile).toBe('FROM two, more');
    one.sync(lessonKey('stages'));
    expect(one.lesson('stages').files.Dockerfile).toBe('FROM two, more');
    expect(one.conflicts()).toEqual([]);
  });

  it('choosing the other tab’s version takes it and writes nothing over it', () => {
    const { storage, one, two } = twoTabs();
    one.update('stages', (l) => void (l.files.Dockerfile = 'FROM one'));
    two.update('stages', (l) => void (l.files.Dockerfile = 'FROM two'));
    one.save();
    two.sync(lessonKey('stages'));
    expect(two.conflicts()).toHaveLength(1);
    two.resolve('stages', 'theirs');
    expect(two.lesson('stages').files.Dockerfile).toBe('FROM one');
    const stored = storage.getItem(lessonKey('stages'));
    expect(two.save()).toEqual([]);
    expect(storage.getItem(lessonKey('stages'))).toBe(stored);
  });

  it('a tab closed while asked keeps its version aside rather than lose it', () => {
    const { storage, one, two } = twoTabs();
    one.update('stages', (l) => void (l.files.Dockerfile = 'FROM one'));
    two.update('stages', (l) => void (l.files.Dockerfile = 'FROM two'));
    one.save();
    const notices = two.save({ final: true });
    expect(notices.map((n) => n.kind)).toEqual(['kept-copy', 'conflict-pending']);
    expectKeysExist(storage, notices);
    expect(storage.asideKeys().map((k) => JSON.parse(storage.getItem(k)!).files.Dockerfile)).toEqual(['FROM two']);
    two.save({ final: true });
    expect(storage.asideKeys()).toHaveLength(1);
  });
});

describe('merge3', () => {
  const l = (p: Partial<LessonState>): LessonState => ({ ...emptyLesson(), ...p });
  it('takes each side’s own changes and reports files both changed', () => {
    const base = l({ files: { Dockerfile: 'a', '.dockerignore': 'x' } });
    const { merged, conflicts } = merge3(base, l({ files: { Dockerfile: 'b', '.dockerignore': 'x' }, complete: true }), l({ files: { Dockerfile: 'c', '.dockerignore': 'y' }, hintsShown: 3 }));
    expect(conflicts).toEqual(['Dockerfile']);
    expect(merged).toMatchObject({ files: { Dockerfile: 'b', '.dockerignore': 'y' }, complete: true, hintsShown: 3 });
  });

  it('follows a removal the other side made when this side had not changed the lesson', () => {
    const base = l({ files: { Dockerfile: 'a' }, complete: true });
    expect(merge3(base, base, null).merged).toBeNull();
    expect(merge3(base, l({ files: { Dockerfile: 'b' }, complete: true }), null).conflicts).toEqual(['Dockerfile']);
  });

  it('keeps the newer build', () => {
    const build = (at: number) => ({ bytes: at, compressedBytes: 1, at });
    const { merged } = merge3(l({}), l({ lastBuild: build(5) }), l({ lastBuild: build(9), previousBuild: build(1) }));
    expect(merged).toMatchObject({ lastBuild: { at: 9 }, previousBuild: { at: 1 } });
  });
});

describe('validateState', () => {
  it('normalises settings and drops unknown fields', () => {
    const checked = validateState({ version: 1, lessons: { stages: { complete: 'yes', evil: '<script>' } }, settings: { fontSize: 400 } });
    expect(checked).toEqual({
      state: {
        version: 1,
        lessons: { stages: { files: {}, goals: {}, complete: false, lastBuild: null, previousBuild: null, hintsShown: 0, updatedAt: 0, notSaved: null } },
        settings: { fontSize: 28 },
      },
    });
  });
});

import { describe, expect, it } from 'vitest';
import { AttendeeStore, CLASS_KEY, EXPIRE_MS, parseAttendee, serializeAttendee, type Attendee } from './attendee';

class MemoryStorage implements Storage {
  map = new Map<string, string>();
  refuse = false;
  get length() {
    return this.map.size;
  }
  clear() {
    this.map.clear();
  }
  getItem(k: string) {
    return this.map.get(k) ?? null;
  }
  key(i: number) {
    return [...this.map.keys()][i] ?? null;
  }
  removeItem(k: string) {
    this.map.delete(k);
  }
  setItem(k: string, v: string) {
    if (this.refuse) throw new DOMException('full', 'QuotaExceededError');
    this.map.set(k, v);
  }
}

const someone = (now: number): Attendee => ({
  token: 't0k3n',
  attendee: 'a1',
  name: 'Ada',
  joinedAt: now,
  touchedAt: now,
  hand: null,
  lessons: {},
  messages: [],
  dismissed: [],
});

describe('the attendee kept in the browser', () => {
  it('round-trips, and refreshes its last use on every write', () => {
    let now = 1000;
    const storage = new MemoryStorage();
    const store = new AttendeeStore(storage, () => now);
    store.write(someone(now));
    now = 5000;
    const a = store.update((x) => {
      x.hand = { question: 'why?', lesson: 'stages' };
      x.lessons.stages = { builds: 2, usedSolution: true, lastImageBytes: 10, lastBuildFailed: false, built: true };
    });
    expect(a?.touchedAt).toBe(5000);
    expect(store.read()).toEqual({ ...someone(1000), touchedAt: 5000, hand: { question: 'why?', lesson: 'stages' }, lessons: { stages: { builds: 2, usedSolution: true, lastImageBytes: 10, lastBuildFailed: false, built: true } } });
  });

  it('is forgotten after 12 hours unused, and when it cannot be read', () => {
    const storage = new MemoryStorage();
    let now = 0;
    const store = new AttendeeStore(storage, () => now);
    store.write(someone(0));
    now = EXPIRE_MS + 1;
    expect(store.read()).toBeNull();
    expect(storage.getItem(CLASS_KEY)).toBeNull();
    storage.setItem(CLASS_KEY, '{not json');
    expect(store.read()).toBeNull();
    expect(storage.getItem(CLASS_KEY)).toBeNull();
    expect(parseAttendee(JSON.stringify({ token: '', name: 'x', touchedAt: now }), now)).toBeNull();
  });

  it('forget removes it', () => {
    const storage = new MemoryStorage();
    const store = new AttendeeStore(storage);
    store.write(someone(Date.now()));
    store.forget();
    expect(store.read()).toBeNull();
    expect(storage.length).toBe(0);
  });

  it('storage that refuses keeps the attendee for this page only', () => {
    const storage = new MemoryStorage();
    storage.refuse = true;
    const store = new AttendeeStore(storage);
    store.write(someone(Date.now()));
    expect(store.read()?.name).toBe('Ada');
    expect(new AttendeeStore(storage).read()).toBeNull();
    expect(new AttendeeStore(null).read()).toBeNull();
  });

  it('normalises what it reads: wrong types dropped, lists capped', () => {
    const now = 1000;
    const raw = JSON.stringify({
      ...someone(now),
      name: 'x'.repeat(100),
      hand: 'up',
      lessons: { stages: { builds: -3, usedSolution: 'yes', lastImageBytes: 'big' }, bad: 7 },
      messages: [...Array.from({ length: 30 }, (_, i) => ({ key: `announcement:${i}`, text: `m${i}`, lesson: null, at: i, read: true })), { key: 1 }],
      dismissed: [1, 'hint:2'],
    });
    const a = parseAttendee(raw, now)!;
    expect(a.name).toHaveLength(40);
    expect(a.hand).toBeNull();
    expect(a.lessons).toEqual({ stages: { builds: 0, usedSolution: false, lastImageBytes: null, lastBuildFailed: false, built: false } });
    expect(a.messages).toHaveLength(20);
    expect(a.messages.at(-1)?.key).toBe('announcement:29');
    expect(a.dismissed).toEqual(['hint:2']);
    expect(parseAttendee(serializeAttendee(a), now)).toEqual(a);
  });
});

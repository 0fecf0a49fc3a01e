/**
 * Everything Stagecraft keeps in the browser. Format 2: one localStorage key
 * per lesson (`stagecraft:v2:lesson:<id>`: its files, goal states, last builds)
 * and a small index (`stagecraft:v2:index`: the lesson ids and the settings).
 * Each tab writes only the lessons it changed, so two tabs never overwrite
 * each other's lessons; a lesson changed in both is merged field by field
 * against the version this tab last saw, and when both changed the same file
 * the learner is asked which to keep (store-sync.ts: saving and other tabs).
 *
 * Nothing is destroyed: a value that is not ours is copied to a set-aside key,
 * the copy read back and compared, and only then removed; when the copy cannot
 * be made it is left untouched and never written over. A refused write (storage
 * full) leaves the previous value as it was. Save and load accept the same
 * sizes (`LIMITS`): a file too big to keep is not saved, and said so. The older
 * single-key format (`stagecraft:v1`) is moved over without loss.
 */
export const LEGACY_KEY = 'stagecraft:v1';
export const INDEX_KEY = 'stagecraft:v2:index';
export const LESSON_PREFIX = 'stagecraft:v2:lesson:';
export const ASIDE_PREFIX = 'stagecraft:set-aside:';
export const lessonKey = (id: string) => `${LESSON_PREFIX}${id}`;

export interface BuildRecord {
  /** Uncompressed image bytes. */
  bytes: number;
  compressedBytes: number;
  /** ms since the epoch. */
  at: number;
  /** The `--target` it was built with; absent for the default (the last stage). */
  target?: string;
}

/** A file this tab could not save because it was over the size limit. */
export interface NotSaved {
  file: string;
  chars: number;
  at: number;
}

export interface LessonState {
  /** Files the learner edited, by name (`Dockerfile`, `.dockerignore`). */
  files: Record<string, string>;
  /** Goal id → met, as of the last check. */
  goals: Record<string, boolean>;
  complete: boolean;
  lastBuild: BuildRecord | null;
  previousBuild: BuildRecord | null;
  /** How many hints the learner has opened. */
  hintsShown: number;
  updatedAt: number;
  /** Set while the latest edit of a file is too big to keep; the stored file is the one before it. */
  notSaved: NotSaved | null;
}

export interface Settings {
  fontSize: number;
}

/** All progress, as held in memory and as an export file (`version: 1` is the file format). */
export interface SavedState {
  version: 1;
  lessons: Record<string, LessonState>;
  settings: Settings;
}

export const DEFAULT_SETTINGS: Settings = { fontSize: 14 };

/** Limits that keep a stored or imported state sane: the same for saving, loading and importing. */
export const LIMITS = { files: 8, fileChars: 1_000_000, lessons: 200, importChars: 10_000_000 };

export function emptyState(): SavedState {
  return { version: 1, lessons: {}, settings: { ...DEFAULT_SETTINGS } };
}

export function emptyLesson(): LessonState {
  return { files: {}, goals: {}, complete: false, lastBuild: null, previousBuild: null, hintsShown: 0, updatedAt: 0, notSaved: null };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown, fallback = 0) => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
const LESSON_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const isLessonId = (id: string) => id.length <= 100 && LESSON_ID.test(id);

function build(v: unknown): BuildRecord | null {
  if (!isObject(v)) return null;
  if (typeof v.bytes !== 'number' || !Number.isFinite(v.bytes) || v.bytes < 0) return null;
  const record: BuildRecord = { bytes: v.bytes, compressedBytes: num(v.compressedBytes), at: num(v.at) };
  if (typeof v.target === 'string' && v.target !== '') record.target = v.target.slice(0, 100);
  return record;
}

/** Checks and normalises one lesson's fields (stored, older-format or imported). */
export function validateLesson(id: string, l: unknown): { lesson: LessonState } | { error: string } {
  if (!isObject(l)) return { error: `lesson ${id} is not an object` };
  const files: Record<string, string> = {};
  if (l.files !== undefined) {
    if (!isObject(l.files)) return { error: `lesson ${id}: "files" is not an object` };
    const names = Object.keys(l.files);
    if (names.length > LIMITS.files) return { error: `lesson ${id} has ${names.length} files` };
    for (const name of names) {
      const text = l.files[name];
      if (typeof text !== 'string') return { error: `lesson ${id}: ${name.slice(0, 40)} is not text` };
      if (text.length > LIMITS.fileChars) return { error: `lesson ${id}: ${name.slice(0, 40)} is longer than ${LIMITS.fileChars.toLocaleString('en-US')} characters` };
      files[name] = text;
    }
  }
  const goals: Record<string, boolean> = {};
  if (isObject(l.goals)) for (const [g, met] of Object.entries(l.goals)) if (typeof met === 'boolean') goals[g] = met;
  const ns = l.notSaved;
  return {
    lesson: {
      files,
      goals,
      complete: l.complete === true,
      lastBuild: build(l.lastBuild),
      previousBuild: build(l.previousBuild),
      hintsShown: Math.max(0, Math.min(10, Math.floor(num(l.hintsShown)))),
      updatedAt: num(l.updatedAt),
      notSaved: isObject(ns) && typeof ns.file === 'string' && typeof ns.chars === 'number' ? { file: ns.file.slice(0, 100), chars: num(ns.chars), at: num(ns.at) } : null,
    },
  };
}

function validateSettings(v: unknown): Settings {
  const s = isObject(v) ? v : {};
  return { fontSize: Math.max(10, Math.min(28, Math.round(num(s.fontSize, DEFAULT_SETTINGS.fontSize)))) };
}

/**
 * Checks and normalises a whole state in the single-object format (export
 * files, and the older `stagecraft:v1` key). Returns the state, or a reason it
 * is not a Stagecraft version-1 state.
 */
export function validateState(data: unknown): { state: SavedState } | { error: string } {
  if (!isObject(data)) return { error: 'it is not a JSON object' };
  if (data.version !== 1) return { error: `it is version ${JSON.stringify(data.version ?? null)?.slice(0, 40)}, not 1` };
  if (!isObject(data.lessons)) return { error: '"lessons" is missing or not an object' };
  const ids = Object.keys(data.lessons);
  if (ids.length > LIMITS.lessons) return { error: `it has ${ids.length} lessons` };
  const lessons: Record<string, LessonState> = {};
  for (const id of ids) {
    if (!isLessonId(id)) return { error: `"${id.slice(0, 40)}" is not a lesson id` };
    const checked = validateLesson(id, data.lessons[id]);
    if ('error' in checked) return checked;
    lessons[id] = { ...checked.lesson, notSaved: null };
  }
  return { state: { version: 1, lessons, settings: validateSettings(data.settings) } };
}

/** A stored lesson value: `{"version":2,"id":…, …fields}`. */
/** A stored value of ours: JSON, an object, version 2; or why not. */
function parseVersion2(raw: string): { data: Record<string, unknown> } | { error: string } {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return { error: 'it is not valid JSON' };
  }
  if (!isObject(data)) return { error: 'it is not a JSON object' };
  if (data.version !== 2) return { error: `it is version ${JSON.stringify(data.version ?? null)?.slice(0, 40)}, not 2` };
  return { data };
}

export function parseStoredLesson(raw: string, id: string): { lesson: LessonState } | { error: string } {
  const parsed = parseVersion2(raw);
  if ('error' in parsed) return parsed;
  const { data } = parsed;
  if (data.id !== id) return { error: 'it names another lesson' };
  return validateLesson(id, data);
}

interface Index {
  lessons: string[];
  settings: Settings;
}

export function parseIndex(raw: string): { index: Index } | { error: string } {
  const parsed = parseVersion2(raw);
  if ('error' in parsed) return parsed;
  const { data } = parsed;
  if (!Array.isArray(data.lessons) || data.lessons.length > LIMITS.lessons || !data.lessons.every((id) => typeof id === 'string' && isLessonId(id))) {
    return { error: '"lessons" is not a list of lesson ids' };
  }
  return { index: { lessons: data.lessons as string[], settings: validateSettings(data.settings) } };
}

/** The stored form of a lesson. The caller has already kept every file within the limits. */
export function serializeLesson(id: string, l: LessonState): string {
  const { files, goals, complete, lastBuild, previousBuild, hintsShown, updatedAt, notSaved } = l;
  return JSON.stringify({ version: 2, id, files, goals, complete, lastBuild, previousBuild, hintsShown, updatedAt, notSaved });
}

export const sameRecord = (a: Record<string, unknown>, b: Record<string, unknown>) => {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && a[k] === b[k]);
};
const sameBuild = (a: BuildRecord | null, b: BuildRecord | null) => a === b || (!!a && !!b && a.bytes === b.bytes && a.compressedBytes === b.compressedBytes && a.at === b.at && a.target === b.target);
export const sameNotSaved = (a: NotSaved | null, b: NotSaved | null) => a === b || (!!a && !!b && a.file === b.file && a.chars === b.chars && a.at === b.at);
export const sameBuilds = (a: LessonState, b: LessonState) => sameBuild(a.lastBuild, b.lastBuild) && sameBuild(a.previousBuild, b.previousBuild);

/** Same content (the time of the last change aside). */
export function sameLesson(a: LessonState | null, b: LessonState | null): boolean {
  if (a === null || b === null) return a === b;
  return (
    sameRecord(a.files, b.files) &&
    sameRecord(a.goals, b.goals) &&
    a.complete === b.complete &&
    a.hintsShown === b.hintsShown &&
    sameBuilds(a, b) &&
    sameNotSaved(a.notSaved, b.notSaved)
  );
}

export function cloneLesson(l: LessonState): LessonState {
  return {
    ...l,
    files: { ...l.files },
    goals: { ...l.goals },
    lastBuild: l.lastBuild ? { ...l.lastBuild } : null,
    previousBuild: l.previousBuild ? { ...l.previousBuild } : null,
    notSaved: l.notSaved ? { ...l.notSaved } : null,
  };
}

export type Notice =
  /** An unreadable value, copied (and the copy checked) to `key`, then removed from `from`. */
  | { kind: 'set-aside'; what: string; from: string; key: string; reason: string }
  /** An unreadable value that could not be copied: left as it is under `key`, never written over. */
  | { kind: 'left-untouched'; what: string; key: string; reason: string; why: string }
  /** Two versions of a lesson (one in the older format): the newer is used, the other copied to `key`. */
  | { kind: 'kept-copy'; what: string; key: string }
  /** A write the browser refused for lack of space: what was stored before is unchanged. */
  | { kind: 'full'; what: string }
  /** A file over the size limit: not saved; the stored file is the one before it. */
  | { kind: 'too-big'; file: string; chars: number }
  /** Found on load: the latest edit of a file was too big to save (an earlier visit). */
  | { kind: 'not-saved-earlier'; file: string; chars: number; at: number }
  /** The lesson changed in another tab too; nothing is saved until the learner chooses. */
  | { kind: 'conflict-pending'; lesson: string }
  | { kind: 'unavailable'; reason: string };

/** The storage the store uses: localStorage in the page, a Map in tests. */
export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;

/** The page's localStorage, or null where the browser blocks it (reading it can throw). */
export function browserStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

export const isQuotaError = (e: unknown) => {
  const name = (e as { name?: string })?.name ?? '';
  return name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED' || /quota/i.test((e as Error)?.message ?? '');
};
export const UNAVAILABLE: Notice = { kind: 'unavailable', reason: 'this browser does not let the page store anything' };
export const unavailable = (e: unknown): Notice => ({ kind: 'unavailable', reason: (e as Error)?.message || 'storage is blocked' });
export const lessonWhat = (id: string) => `your saved work for the lesson “${id}”`;

export interface Seen {
  /** The stored value as this tab last read or wrote it; null: nothing stored. */
  raw: string | null;
  lesson: LessonState | null;
}

/**
 * Reads saved work (what every page needs up front) and moves the older format
 * over. Saving, following other tabs and importing are `SyncedStore`'s
 * (store-sync.ts), loaded with the exercise and the home page.
 */
export class Store {
  state: SavedState = emptyState();
  /** What the last load() found. */
  loadNotices: Notice[] = [];

  /** Per lesson: the stored value as this tab last read or wrote it (the base of the next merge). */
  protected seen = new Map<string, Seen>();
  protected dirty = new Set<string>();
  protected seenIndex: string | null = null;
  protected seenSettings: Settings = { ...DEFAULT_SETTINGS };
  protected indexDirty = false;
  /** Keys holding a value we could not read nor copy aside: never written over. */
  protected blocked = new Set<string>();

  constructor(protected readonly storage: KeyValueStorage | null, protected readonly now: () => number = () => Date.now()) {}

  /** Reads everything saved, moving the older format over. Never throws. */
  load(): Notice[] {
    this.state = emptyState();
    this.seen.clear();
    this.dirty.clear();
    this.blocked.clear();
    this.seenIndex = null;
    this.seenSettings = { ...DEFAULT_SETTINGS };
    this.indexDirty = false;
    const notices: Notice[] = [];
    if (!this.storage) return (this.loadNotices = [UNAVAILABLE]);
    try {
      const s = this.storage;
      const indexRaw = s.getItem(INDEX_KEY);
      let ids: string[] = [];
      if (indexRaw !== null) {
        const checked = parseIndex(indexRaw);
        if ('index' in checked) {
          ids = checked.index.lessons;
          this.state.settings = checked.index.settings;
          this.seenSettings = { ...checked.index.settings };
          this.seenIndex = indexRaw;
        } else {
          const n = this.setAside(INDEX_KEY, indexRaw, checked.error, 'your saved settings');
          notices.push(n);
          if (n.kind === 'set-aside') this.indexDirty = true;
        }
      }
      for (const id of new Set([...ids, ...this.storedLessonIds()])) this.readLesson(id, notices);
      const legacy = s.getItem(LEGACY_KEY);
      if (legacy !== null) this.migrate(legacy, indexRaw === null, notices);
    } catch (e) {
      notices.push(unavailable(e));
    }
    return (this.loadNotices = notices);
  }

  lesson(id: string): LessonState {
    return this.state.lessons[id] ?? emptyLesson();
  }

  /** Changes a lesson in memory; `save()` writes it. A change that changes nothing is not one. */
  update(id: string, change: (l: LessonState) => void): LessonState {
    const before = this.state.lessons[id] ?? null;
    const l = cloneLesson(before ?? emptyLesson());
    change(l);
    if (sameLesson(before ?? emptyLesson(), l)) return before ?? l;
    l.updatedAt = this.now();
    this.state.lessons[id] = l;
    this.dirty.add(id);
    return l;
  }

  completed(): Set<string> {
    return new Set(Object.entries(this.state.lessons).filter(([, l]) => l.complete).map(([id]) => id));
  }

  // ---- inside ------------------------------------------------------------------------

  protected storedLessonIds(): string[] {
    const s = this.storage!;
    const ids: string[] = [];
    for (let i = 0; i < s.length; i++) {
      const k = s.key(i);
      if (k?.startsWith(LESSON_PREFIX) && isLessonId(k.slice(LESSON_PREFIX.length))) ids.push(k.slice(LESSON_PREFIX.length));
    }
    return ids.slice(0, LIMITS.lessons);
  }

  protected readLesson(id: string, notices: Notice[]): void {
    const key = lessonKey(id);
    const raw = this.storage!.getItem(key);
    if (raw === null) return void this.seen.set(id, { raw: null, lesson: null });
    const checked = parseStoredLesson(raw, id);
    if ('lesson' in checked) {
      this.state.lessons[id] = checked.lesson;
      this.seen.set(id, { raw, lesson: cloneLesson(checked.lesson) });
      return;
    }
    const n = this.setAside(key, raw, checked.error, lessonWhat(id));
    notices.push(n);
    this.seen.set(id, { raw: n.kind === 'set-aside' ? null : raw, lesson: null });
  }

  /** Copies `raw` to a new set-aside key and reads it back; the key, or the reason it could not. */
  protected copyAside(from: string, raw: string): { key: string } | { why: string } {
    const s = this.storage!;
    let key = `${ASIDE_PREFIX}${new Date(this.now()).toISOString()}:${from}`;
    for (let i = 2; s.getItem(key) !== null; i++) key = `${ASIDE_PREFIX}${new Date(this.now()).toISOString()}:${from}:${i}`;
    try {
      s.setItem(key, raw);
    } catch (e) {
      return { why: isQuotaError(e) ? 'the browser’s storage for this site is full' : (e as Error)?.message || 'storage refused it' };
    }
    if (s.getItem(key) !== raw) {
      try {
        s.removeItem(key);
      } catch {
        // Nothing else to do: the original is still in place.
      }
      return { why: 'the copy did not read back the same' };
    }
    return { key };
  }

  /** Sets an unreadable value aside for real, or leaves it untouched (and never writes over it). */
  protected setAside(from: string, raw: string, reason: string, what: string): Notice {
    const copy = this.copyAside(from, raw);
    if ('why' in copy) {
      this.blocked.add(from);
      return { kind: 'left-untouched', what, key: from, reason, why: copy.why };
    }
    this.storage!.removeItem(from);
    this.blocked.delete(from);
    return { kind: 'set-aside', what, from, key: copy.key, reason };
  }

  /** A blocked key: try again to set its value aside. True when it may be written now. */
  protected unblock(key: string, what: string, notices: Notice[]): boolean {
    const raw = this.storage!.getItem(key);
    const id = key.startsWith(LESSON_PREFIX) ? key.slice(LESSON_PREFIX.length) : null;
    const readable = raw === null || (id ? 'lesson' in parseStoredLesson(raw, id) : 'index' in parseIndex(raw));
    if (readable) {
      this.blocked.delete(key);
      return true;
    }
    const reason = id ? (parseStoredLesson(raw!, id) as { error: string }).error : (parseIndex(raw!) as { error: string }).error;
    const n = this.setAside(key, raw!, reason, what);
    notices.push(n);
    if (n.kind === 'set-aside' && id) this.seen.set(id, { raw: null, lesson: null });
    return n.kind === 'set-aside';
  }

  protected saveIndex(notices: Notice[]): void {
    const s = this.storage!;
    if (this.blocked.has(INDEX_KEY) && !this.unblock(INDEX_KEY, 'your saved settings', notices)) return;
    const current = s.getItem(INDEX_KEY);
    let settings = this.state.settings;
    const localChanged = !sameRecord({ ...settings }, { ...this.seenSettings });
    if (!localChanged && current !== null && current !== this.seenIndex) {
      const theirs = parseIndex(current);
      if ('index' in theirs) settings = theirs.index.settings;
    }
    const value = JSON.stringify({ version: 2, lessons: this.storedLessonIds().sort(), settings });
    if (value !== current) {
      try {
        s.setItem(INDEX_KEY, value);
      } catch (e) {
        notices.push(isQuotaError(e) ? { kind: 'full', what: 'your settings' } : unavailable(e));
        return;
      }
    }
    this.seenIndex = value;
    this.seenSettings = { ...settings };
    this.indexDirty = false;
  }

  /**
   * Moves the older single-key format over. Lessons only it has are written to
   * their own keys (read back and checked) before it is removed; where both
   * formats hold a lesson and they differ, the newer is used and the other is
   * copied aside first. Storage too full to hold both for a moment: the older
   * value is rewritten without the lessons already moved, and the rest waits
   * for the next load — nothing is dropped.
   */
  protected migrate(raw: string, adoptSettings: boolean, notices: Notice[]): void {
    const s = this.storage!;
    let checked: { state: SavedState } | { error: string };
    try {
      checked = validateState(JSON.parse(raw));
    } catch {
      checked = { error: 'it is not valid JSON' };
    }
    if ('error' in checked) {
      notices.push(this.setAside(LEGACY_KEY, raw, checked.error, 'your saved work'));
      return;
    }
    const old = checked.state;
    if (adoptSettings) this.state.settings = { ...old.settings };
    let legacyLost = false;
    /** Lessons whose older-format version is now safe in its own key (written and checked, or the same there). */
    const moved = new Set<string>();
    const left = new Set<string>();
    for (const [id, l] of Object.entries(old.lessons)) {
      const key = lessonKey(id);
      const cur = this.state.lessons[id];
      if (this.blocked.has(key)) {
        left.add(id);
        continue;
      }
      if (cur && sameLesson(cur, l)) {
        moved.add(id);
        continue;
      }
      if (cur && cur.updatedAt > l.updatedAt) {
        legacyLost = true;
        continue;
      }
      const value = serializeLesson(id, l);
      const write = () => {
        s.setItem(key, value);
        if (s.getItem(key) !== value) throw new Error('the browser did not keep what was written');
      };
      let copied: string | null = null;
      try {
        // The newer-format version it replaces is copied aside first.
        if (cur) {
          const copy = this.copyAside(key, this.seen.get(id)!.raw!);
          if ('why' in copy) throw Object.assign(new Error(copy.why), { name: 'QuotaExceededError' });
          copied = copy.key;
        }
        try {
          write();
        } catch (e) {
          if (!isQuotaError(e)) throw e;
          // Make room: the older value without the lessons already moved.
          s.setItem(LEGACY_KEY, JSON.stringify({ ...old, lessons: Object.fromEntries(Object.entries(old.lessons).filter(([k]) => !moved.has(k))) }));
          write();
        }
      } catch {
        left.add(id);
        continue;
      }
      if (copied) notices.push({ kind: 'kept-copy', what: lessonWhat(id), key: copied });
      this.state.lessons[id] = l;
      this.seen.set(id, { raw: value, lesson: cloneLesson(l) });
      moved.add(id);
      this.indexDirty = true;
    }
    if (left.size) {
      for (const id of left) if (!this.state.lessons[id]) this.state.lessons[id] = old.lessons[id]!;
      try {
        if (moved.size) s.setItem(LEGACY_KEY, JSON.stringify({ ...old, lessons: Object.fromEntries(Object.entries(old.lessons).filter(([k]) => !moved.has(k))) }));
      } catch {
        // The older value stays as it was: it still holds everything not moved.
      }
      notices.push({ kind: 'full', what: `moving your saved work to the new format (what is not moved yet stays under “${LEGACY_KEY}”)` });
      return;
    }
    if (legacyLost) {
      const copy = this.copyAside(LEGACY_KEY, raw);
      if ('why' in copy) return; // kept where it is; the newer versions are in use
      notices.push({ kind: 'kept-copy', what: 'your saved work in the older format', key: copy.key });
    }
    s.removeItem(LEGACY_KEY);
    if (this.indexDirty || adoptSettings) this.saveIndex(notices);
  }
}

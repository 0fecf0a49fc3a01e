/**
 * Everything Stagecraft keeps in the browser, under one versioned
 * localStorage key: each lesson's files, goal states and last builds, and a
 * few settings. Reading never throws: a value that is not ours (corrupt, from
 * another version, hand-edited) is moved aside under a dated key and reported,
 * so the learner can recover it; a full storage is reported, never hidden.
 */
export const STORAGE_KEY = 'stagecraft:v1';
const ASIDE_PREFIX = 'stagecraft:set-aside:';

export interface BuildRecord {
  /** Uncompressed image bytes. */
  bytes: number;
  compressedBytes: number;
  /** ms since the epoch. */
  at: number;
  /** The `--target` it was built with; absent for the default (the last stage). */
  target?: string;
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
}

export interface Settings {
  fontSize: number;
}

export interface SavedState {
  version: 1;
  lessons: Record<string, LessonState>;
  settings: Settings;
}

export const DEFAULT_SETTINGS: Settings = { fontSize: 14 };

export function emptyState(): SavedState {
  return { version: 1, lessons: {}, settings: { ...DEFAULT_SETTINGS } };
}

export function emptyLesson(): LessonState {
  return { files: {}, goals: {}, complete: false, lastBuild: null, previousBuild: null, hintsShown: 0, updatedAt: 0 };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown, fallback = 0) => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);

function build(v: unknown): BuildRecord | null {
  if (!isObject(v)) return null;
  if (typeof v.bytes !== 'number' || !Number.isFinite(v.bytes) || v.bytes < 0) return null;
  const record: BuildRecord = { bytes: v.bytes, compressedBytes: num(v.compressedBytes), at: num(v.at) };
  if (typeof v.target === 'string' && v.target !== '') record.target = v.target.slice(0, 100);
  return record;
}

/** Limits that keep a stored or imported state sane. */
export const LIMITS = { files: 8, fileChars: 200_000, lessons: 200 };

/**
 * Checks and normalises a parsed value. Returns the state, or a reason it is
 * not a Stagecraft version-1 state.
 */
export function validateState(data: unknown): { state: SavedState } | { error: string } {
  if (!isObject(data)) return { error: 'it is not a JSON object' };
  if (data.version !== 1) return { error: `it is version ${JSON.stringify(data.version ?? null)}, not 1` };
  if (!isObject(data.lessons)) return { error: '"lessons" is missing or not an object' };
  const ids = Object.keys(data.lessons);
  if (ids.length > LIMITS.lessons) return { error: `it has ${ids.length} lessons` };
  const lessons: Record<string, LessonState> = {};
  for (const id of ids) {
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)) return { error: `"${id.slice(0, 40)}" is not a lesson id` };
    const l = data.lessons[id];
    if (!isObject(l)) return { error: `lesson ${id} is not an object` };
    const files: Record<string, string> = {};
    if (l.files !== undefined) {
      if (!isObject(l.files)) return { error: `lesson ${id}: "files" is not an object` };
      const names = Object.keys(l.files);
      if (names.length > LIMITS.files) return { error: `lesson ${id} has ${names.length} files` };
      for (const name of names) {
        const text = l.files[name];
        if (typeof text !== 'string') return { error: `lesson ${id}: ${name} is not text` };
        if (text.length > LIMITS.fileChars) return { error: `lesson ${id}: ${name} is longer than ${LIMITS.fileChars} characters` };
        files[name] = text;
      }
    }
    const goals: Record<string, boolean> = {};
    if (isObject(l.goals)) for (const [g, met] of Object.entries(l.goals)) if (typeof met === 'boolean') goals[g] = met;
    lessons[id] = {
      files,
      goals,
      complete: l.complete === true,
      lastBuild: build(l.lastBuild),
      previousBuild: build(l.previousBuild),
      hintsShown: Math.max(0, Math.min(10, Math.floor(num(l.hintsShown)))),
      updatedAt: num(l.updatedAt),
    };
  }
  const s = isObject(data.settings) ? data.settings : {};
  const fontSize = Math.max(10, Math.min(28, Math.round(num(s.fontSize, DEFAULT_SETTINGS.fontSize))));
  return { state: { version: 1, lessons, settings: { fontSize } } };
}

export type Notice =
  | { kind: 'set-aside'; key: string; reason: string }
  | { kind: 'unavailable'; reason: string }
  | { kind: 'full'; reason: string };

/** The storage the store uses: localStorage in the page, a Map in tests. */
export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** The page's localStorage, or null where the browser blocks it (reading it can throw). */
export function browserStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

export class Store {
  state: SavedState = emptyState();

  constructor(private readonly storage: KeyValueStorage | null, private readonly now: () => number = () => Date.now()) {}

  /** Reads the saved state. A value that is not ours is moved aside and reported. */
  load(): Notice | null {
    if (!this.storage) return { kind: 'unavailable', reason: 'this browser does not let the page store anything' };
    let raw: string | null;
    try {
      raw = this.storage.getItem(STORAGE_KEY);
    } catch (e) {
      return { kind: 'unavailable', reason: (e as Error).message || 'storage is blocked' };
    }
    if (raw === null) return null;
    let parsed: unknown;
    let reason: string;
    try {
      parsed = JSON.parse(raw);
      const checked = validateState(parsed);
      if ('state' in checked) {
        this.state = checked.state;
        return null;
      }
      reason = checked.error;
    } catch {
      reason = 'it is not valid JSON';
    }
    const key = `${ASIDE_PREFIX}${new Date(this.now()).toISOString()}`;
    try {
      this.storage.setItem(key, raw);
      this.storage.removeItem(STORAGE_KEY);
    } catch {
      // If even that fails, leave the value where it is; we simply do not use it.
    }
    return { kind: 'set-aside', key, reason };
  }

  lesson(id: string): LessonState {
    return this.state.lessons[id] ?? emptyLesson();
  }

  update(id: string, change: (l: LessonState) => void): LessonState {
    const l = structuredCloneLesson(this.lesson(id));
    change(l);
    l.updatedAt = this.now();
    this.state.lessons[id] = l;
    return l;
  }

  /** Writes the state. Returns a notice when the browser refuses (storage full or blocked). */
  save(): Notice | null {
    if (!this.storage) return { kind: 'unavailable', reason: 'this browser does not let the page store anything' };
    try {
      this.storage.setItem(STORAGE_KEY, JSON.stringify(this.state));
      return null;
    } catch (e) {
      const name = (e as { name?: string }).name ?? '';
      const full = name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED' || /quota/i.test((e as Error).message ?? '');
      return full
        ? { kind: 'full', reason: 'the browser’s storage for this site is full' }
        : { kind: 'unavailable', reason: (e as Error).message || 'storage is blocked' };
    }
  }

  /** All progress as a file's text. */
  exportText(): string {
    return `${JSON.stringify({ ...this.state, exportedAt: new Date(this.now()).toISOString(), app: 'stagecraft' }, null, 2)}\n`;
  }

  /** Replaces the state with an exported file's. Nothing changes when the file is not valid. */
  importText(text: string): { ok: true; lessons: number } | { ok: false; error: string } {
    if (text.length > 5_000_000) return { ok: false, error: 'The file is too large to be a Stagecraft progress file.' };
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      return { ok: false, error: 'The file is not JSON, so it is not a Stagecraft progress file.' };
    }
    const checked = validateState(data);
    if ('error' in checked) return { ok: false, error: `This is not a Stagecraft progress file: ${checked.error}.` };
    this.state = checked.state;
    return { ok: true, lessons: Object.keys(checked.state.lessons).length };
  }

  completed(): Set<string> {
    return new Set(Object.entries(this.state.lessons).filter(([, l]) => l.complete).map(([id]) => id));
  }
}

function structuredCloneLesson(l: LessonState): LessonState {
  return {
    ...l,
    files: { ...l.files },
    goals: { ...l.goals },
    lastBuild: l.lastBuild ? { ...l.lastBuild } : null,
    previousBuild: l.previousBuild ? { ...l.previousBuild } : null,
  };
}

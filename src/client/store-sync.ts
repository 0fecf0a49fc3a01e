/**
 * Saving and following other tabs. Each tab writes only the lessons it changed;
 * before writing it compares what is stored with what it last saw, and merges
 * another tab's change field by field (`merge3`). When both changed the same
 * file the learner is asked (`conflicts()`, `resolve()`). An import replaces
 * everything only when confirmed (`replaceAll`); open tabs follow it through
 * their storage events.
 */
import {
  cloneLesson,
  emptyLesson,
  INDEX_KEY,
  isLessonId,
  isQuotaError,
  LESSON_PREFIX,
  LIMITS,
  lessonKey,
  lessonWhat,
  parseIndex,
  parseStoredLesson,
  sameBuilds,
  sameLesson,
  sameNotSaved,
  sameRecord,
  serializeLesson,
  Store,
  UNAVAILABLE,
  unavailable,
  type LessonState,
  type Notice,
  type SavedState,
} from './store';

/**
 * Three-way merge of one lesson: `base` is the stored version this tab last
 * saw, `local` this tab's, `remote` what is stored now (another tab's; null
 * when removed). What only one side changed is taken from it; a completion made
 * in either stays; both sides' hints count; the newer build wins. Files both
 * sides changed differently are conflicts: the merge keeps this tab's text for
 * them until the learner chooses.
 */
export function merge3(base: LessonState | null, local: LessonState | null, remote: LessonState | null): { merged: LessonState | null; conflicts: string[] } {
  const b = base ?? emptyLesson();
  const l = local ?? emptyLesson();
  const r = remote ?? emptyLesson();
  const conflicts: string[] = [];
  const files: Record<string, string> = {};
  for (const name of new Set([...Object.keys(b.files), ...Object.keys(l.files), ...Object.keys(r.files)])) {
    const [fb, fl, fr] = [b.files[name], l.files[name], r.files[name]];
    let take: string | undefined;
    if (fl === fr || fl === fb) take = fr;
    else if (fr === fb) take = fl;
    else {
      conflicts.push(name);
      take = fl;
    }
    if (take !== undefined) files[name] = take;
  }
  const pick = <T>(same: (x: LessonState, y: LessonState) => boolean, both: () => T, get: (x: LessonState) => T): T =>
    same(l, b) ? get(r) : same(r, b) ? get(l) : both();
  const newer = l.updatedAt >= r.updatedAt ? l : r;
  const builds = pick(sameBuilds, () => ((l.lastBuild?.at ?? 0) >= (r.lastBuild?.at ?? 0) ? l : r), (x) => x);
  const merged: LessonState = {
    files,
    goals: { ...pick((x, y) => sameRecord(x.goals, y.goals), () => newer.goals, (x) => x.goals) },
    complete: pick((x, y) => x.complete === y.complete, () => l.complete || r.complete, (x) => x.complete),
    hintsShown: pick((x, y) => x.hintsShown === y.hintsShown, () => Math.max(l.hintsShown, r.hintsShown), (x) => x.hintsShown),
    lastBuild: builds.lastBuild ? { ...builds.lastBuild } : null,
    previousBuild: builds.previousBuild ? { ...builds.previousBuild } : null,
    updatedAt: Math.max(l.updatedAt, r.updatedAt),
    notSaved: pick((x, y) => sameNotSaved(x.notSaved, y.notSaved), () => l.notSaved, (x) => x.notSaved),
  };
  if (merged.notSaved) merged.notSaved = { ...merged.notSaved };
  return { merged: remote === null && local === null ? null : remote === null && sameLesson(merged, emptyLesson()) ? null : merged, conflicts };
}

/** A lesson changed in this tab and in another: the files both changed, as text. */
export interface Conflict {
  lesson: string;
  /** `null`: the file is not stored on that side (the start file). */
  files: Array<{ name: string; mine: string | null; theirs: string | null }>;
}

/** What reached this tab from another one (or from an import). */
export interface ExternalChange {
  lessons: string[];
  settings: boolean;
  conflicts: string[];
  notices: Notice[];
}

interface PendingConflict extends Conflict {
  remoteRaw: string | null;
  remote: LessonState | null;
  /** This tab's version was copied aside when the page went away. */
  copied: boolean;
}

export class SyncedStore extends Store {
  /** Called with what arrived from another tab (storage events, or found when saving). */
  onExternal: ((change: ExternalChange) => void) | null = null;
  private pending = new Map<string, PendingConflict>();

  override load(): Notice[] {
    this.pending?.clear();
    return super.load();
  }

  /** Conflicts waiting for the learner's choice. */
  conflicts(): Conflict[] {
    return [...this.pending.values()].map(({ lesson, files }) => ({ lesson, files }));
  }

  /**
   * Writes the lessons this tab changed, and the index when it must. Returns
   * what went wrong, in words for the learner; a refused write leaves the
   * stored value as it was. `final`: the page is going away, so a lesson
   * waiting for a conflict choice is copied aside rather than lost.
   */
  save(options: { final?: boolean } = {}): Notice[] {
    if (!this.storage) return [UNAVAILABLE];
    const s = this.storage;
    const notices: Notice[] = [];
    const change: ExternalChange = { lessons: [], settings: false, conflicts: [], notices: [] };
    try {
      for (const id of [...this.dirty]) {
        const key = lessonKey(id);
        if (this.blocked.has(key) && !this.unblock(key, lessonWhat(id), notices)) continue;
        const current = s.getItem(key);
        if (current !== (this.seen.get(id)?.raw ?? null)) this.absorb(id, current, change);
        const conflict = this.pending.get(id);
        if (conflict) {
          if (options.final) this.keepConflictCopy(id, notices);
          notices.push({ kind: 'conflict-pending', lesson: id });
          continue;
        }
        if (!this.dirty.has(id)) continue;
        const l = this.state.lessons[id];
        if (!l) {
          this.dirty.delete(id);
          continue;
        }
        const { stored, tooBig } = this.storable(id, l);
        l.notSaved = stored.notSaved;
        const value = serializeLesson(id, stored);
        if (value !== current) {
          try {
            s.setItem(key, value);
          } catch (e) {
            notices.push(isQuotaError(e) ? { kind: 'full', what: `your latest changes to the lesson “${id}”` } : unavailable(e));
            continue;
          }
          if (s.getItem(key) !== value) {
            notices.push({ kind: 'unavailable', reason: 'the browser did not keep what was written' });
            continue;
          }
          if (current === null) this.indexDirty = true;
          this.seen.set(id, { raw: value, lesson: stored });
        }
        if (tooBig.length) notices.push(...tooBig.map((t) => ({ kind: 'too-big' as const, ...t })));
        else this.dirty.delete(id);
      }
      if (this.indexDirty || !sameRecord({ ...this.state.settings }, { ...this.seenSettings })) this.saveIndex(notices);
    } catch (e) {
      notices.push(unavailable(e));
    }
    this.emit(change);
    return notices;
  }

  /** Reads what another tab wrote (a storage event's key; null: everything) and merges it. */
  sync(key: string | null = null): ExternalChange {
    const change: ExternalChange = { lessons: [], settings: false, conflicts: [], notices: [] };
    if (!this.storage) return change;
    try {
      if (key === null || key === INDEX_KEY) this.absorbIndex(change);
      if (key === null) {
        for (const id of new Set([...Object.keys(this.state.lessons), ...this.seen.keys(), ...this.storedLessonIds()])) {
          if (this.storage.getItem(lessonKey(id)) !== (this.seen.get(id)?.raw ?? null)) this.absorb(id, this.storage.getItem(lessonKey(id)), change);
        }
      } else if (key.startsWith(LESSON_PREFIX)) {
        const id = key.slice(LESSON_PREFIX.length);
        const raw = this.storage.getItem(key);
        if (isLessonId(id) && raw !== (this.seen.get(id)?.raw ?? null)) this.absorb(id, raw, change);
      }
      // The older format is moved over on load only: a tab still running an older Stagecraft
      // rewrites it on every save, and following that here would copy it aside each time.
    } catch (e) {
      change.notices.push(unavailable(e));
    }
    this.emit(change);
    return change;
  }

  /** Follows other tabs: merges what they write as it happens. Returns the unsubscribe. */
  listen(target: Pick<Window, 'addEventListener' | 'removeEventListener'> = window): () => void {
    const onStorage = (e: StorageEvent) => {
      if (e.storageArea && e.storageArea !== (this.storage as unknown)) return;
      if (e.key === null || e.key === INDEX_KEY || e.key.startsWith(LESSON_PREFIX)) this.sync(e.key);
    };
    target.addEventListener('storage', onStorage as EventListener);
    return () => target.removeEventListener('storage', onStorage as EventListener);
  }

  /** The learner's choice for a conflict: keep this tab's files, or take the other tab's. */
  resolve(id: string, choice: 'mine' | 'theirs'): void {
    const c = this.pending.get(id);
    if (!c) return;
    this.pending.delete(id);
    const l = cloneLesson(this.lesson(id));
    if (choice === 'theirs') {
      for (const f of c.files) {
        if (f.theirs === null) delete l.files[f.name];
        else l.files[f.name] = f.theirs;
      }
      if (c.remote && !sameNotSaved(l.notSaved, c.remote.notSaved)) l.notSaved = c.remote.notSaved;
    }
    l.updatedAt = this.now();
    this.state.lessons[id] = l;
    this.seen.set(id, { raw: c.remoteRaw, lesson: c.remote });
    if (sameLesson(l, c.remote)) this.dirty.delete(id);
    else this.dirty.add(id);
  }

  /**
   * Replaces all progress with `next` (an import the learner confirmed).
   * Writes every lesson first and removes only after all were written, so a
   * full storage stops it with nothing removed. Other tabs follow through
   * their storage events.
   */
  replaceAll(next: SavedState): { written: string[]; removed: string[]; failed: string | null; notices: Notice[] } {
    const notices: Notice[] = [];
    const written: string[] = [];
    const removed: string[] = [];
    if (!this.storage) return { written, removed, failed: 'all', notices: [UNAVAILABLE] };
    const s = this.storage;
    try {
      for (const [id, lesson] of Object.entries(next.lessons)) {
        const key = lessonKey(id);
        const value = serializeLesson(id, { ...lesson, notSaved: null });
        if (this.blocked.has(key) && !this.unblock(key, lessonWhat(id), notices)) return { written, removed, failed: id, notices };
        if (s.getItem(key) === value) continue;
        try {
          s.setItem(key, value);
        } catch (e) {
          notices.push(isQuotaError(e) ? { kind: 'full', what: lessonWhat(id) } : unavailable(e));
          return { written, removed, failed: id, notices };
        }
        this.state.lessons[id] = cloneLesson({ ...lesson, notSaved: null });
        this.seen.set(id, { raw: value, lesson: cloneLesson(this.state.lessons[id]) });
        this.dirty.delete(id);
        this.pending.delete(id);
        written.push(id);
      }
      for (const id of new Set([...Object.keys(this.state.lessons), ...this.storedLessonIds()])) {
        if (Object.hasOwn(next.lessons, id) || this.blocked.has(lessonKey(id))) continue;
        s.removeItem(lessonKey(id));
        delete this.state.lessons[id];
        this.seen.set(id, { raw: null, lesson: null });
        this.dirty.delete(id);
        this.pending.delete(id);
        removed.push(id);
      }
      this.state.settings = { ...next.settings };
      this.indexDirty = true;
      this.saveIndex(notices);
    } catch (e) {
      notices.push(unavailable(e));
    }
    return { written, removed, failed: null, notices };
  }

  /** All progress as a file's text. */
  exportText(): string {
    const lessons = Object.fromEntries(Object.entries(this.state.lessons).map(([id, l]) => [id, (({ notSaved: _n, ...rest }) => rest)(this.storable(id, l).stored)]));
    return `${JSON.stringify({ version: 1, lessons, settings: this.state.settings, exportedAt: new Date(this.now()).toISOString(), app: 'stagecraft' }, null, 2)}\n`;
  }

  // ---- inside ------------------------------------------------------------------------

  private emit(change: ExternalChange): void {
    if (change.lessons.length || change.settings || change.conflicts.length || change.notices.length) {
      change.lessons = [...new Set(change.lessons)];
      this.onExternal?.(change);
    }
  }

  /** Files within the limits; a file over them is stored as it was before (or not at all). */
  private storable(id: string, l: LessonState): { stored: LessonState; tooBig: Array<{ file: string; chars: number }> } {
    const before = this.seen.get(id)?.lesson ?? null;
    const tooBig: Array<{ file: string; chars: number }> = [];
    const files: Record<string, string> = {};
    for (const [name, text] of Object.entries(l.files).slice(0, LIMITS.files)) {
      if (text.length <= LIMITS.fileChars) files[name] = text;
      else {
        tooBig.push({ file: name, chars: text.length });
        const prev = before?.files[name];
        if (prev !== undefined && prev.length <= LIMITS.fileChars) files[name] = prev;
      }
    }
    const first = tooBig[0];
    // The marker stays while the stored file is still the one from before the edit that was too big.
    const kept = l.notSaved && before && l.files[l.notSaved.file] === before.files[l.notSaved.file] ? l.notSaved : null;
    const notSaved = first ? { file: first.file, chars: first.chars, at: l.notSaved?.file === first.file ? l.notSaved.at : this.now() } : kept;
    return { stored: { ...cloneLesson(l), files, notSaved }, tooBig };
  }

  /** Merges what is stored now for a lesson into this tab's version. */
  private absorb(id: string, raw: string | null, change: ExternalChange): void {
    const key = lessonKey(id);
    let remote: LessonState | null = null;
    if (raw !== null) {
      const checked = parseStoredLesson(raw, id);
      if ('lesson' in checked) remote = checked.lesson;
      else {
        const n = this.setAside(key, raw, checked.error, lessonWhat(id));
        change.notices.push(n);
        if (n.kind === 'set-aside') raw = null;
      }
    }
    // While a conflict is open the base stays what both sides started from, until the learner chooses.
    const open = this.pending.get(id);
    const base = this.seen.get(id)?.lesson ?? null;
    const local = this.state.lessons[id] ?? null;
    const { merged, conflicts } = merge3(base, local, remote);
    if (merged) this.state.lessons[id] = merged;
    else delete this.state.lessons[id];
    if (!sameLesson(merged, local)) change.lessons.push(id);
    if (conflicts.length) {
      const files = conflicts.map((name) => ({ name, mine: local?.files[name] ?? null, theirs: remote?.files[name] ?? null }));
      const same = open && open.files.length === files.length && open.files.every((f, i) => f.name === files[i]!.name && f.theirs === files[i]!.theirs);
      this.pending.set(id, { lesson: id, files, remoteRaw: raw, remote, copied: same ? open.copied : false });
      this.dirty.add(id);
      if (!same) change.conflicts.push(id);
      return;
    }
    if (open) change.conflicts.push(id);
    this.pending.delete(id);
    this.seen.set(id, { raw, lesson: remote ? cloneLesson(remote) : null });
    if (sameLesson(merged, remote)) {
      this.dirty.delete(id);
      if (merged && remote) merged.updatedAt = remote.updatedAt;
    } else this.dirty.add(id);
  }

  private absorbIndex(change: ExternalChange): void {
    const raw = this.storage!.getItem(INDEX_KEY);
    if (raw === this.seenIndex || raw === null) return;
    const checked = parseIndex(raw);
    if (!('index' in checked)) return;
    const localChanged = !sameRecord({ ...this.state.settings }, { ...this.seenSettings });
    this.seenIndex = raw;
    if (!localChanged && !sameRecord({ ...checked.index.settings }, { ...this.state.settings })) {
      this.state.settings = { ...checked.index.settings };
      change.settings = true;
    }
    this.seenSettings = { ...checked.index.settings };
    for (const id of checked.index.lessons) {
      if (!this.seen.has(id)) {
        const r = this.storage!.getItem(lessonKey(id));
        if (r !== null) this.absorb(id, r, change);
      }
    }
  }

  /** The page is going away with a conflict open: this tab's version is kept aside, not lost. */
  private keepConflictCopy(id: string, notices: Notice[]): void {
    const c = this.pending.get(id);
    if (!c || c.copied) return;
    const { stored } = this.storable(id, this.lesson(id));
    const copy = this.copyAside(`${lessonKey(id)}:this-tab`, serializeLesson(id, stored));
    if ('key' in copy) {
      c.copied = true;
      notices.push({ kind: 'kept-copy', what: `this tab’s version of the lesson “${id}”`, key: copy.key });
    }
  }
}

/**
 * The attendee this browser joined a class as, kept in localStorage under one key.
 *
 * localStorage, not sessionStorage: the learner's saved work is already shared by every
 * tab of the course (src/client/store.ts), so the attendee is too. A lesson opened in a
 * new tab reports as the same person instead of a second row on the instructor's
 * dashboard; leaving in one tab leaves in all (the `storage` event); a class spanning
 * several lessons keeps one attendee across navigations. What sessionStorage would have
 * given — forgetting on a shared computer once the browser closes — comes from an
 * expiry instead: an attendee untouched for 12 hours is forgotten here (the server
 * forgets its own with a new class database, and then says `gone`).
 *
 * Also kept per lesson: what the progress report needs that the saved work does not
 * hold (builds made while in class, whether the solution was used); and the instructor's
 * latest messages, which were read out and which dismissed, so the next page shows them
 * without reading them out again.
 */
export const CLASS_KEY = 'stagecraft:class:v1';
export const EXPIRE_MS = 12 * 60 * 60 * 1000;
const MAX_REMEMBERED = 60;
const MAX_MESSAGES = 20;

export interface ClassLesson {
  builds: number;
  usedSolution: boolean;
  /** From the last build made in class; null before one (then the saved work's last build counts). */
  lastImageBytes: number | null;
  lastBuildFailed: boolean;
  /** Whether a build was made in class (lastImageBytes and lastBuildFailed mean something). */
  built: boolean;
}

export interface Attendee {
  token: string;
  attendee: string;
  name: string;
  joinedAt: number;
  touchedAt: number;
  hand: { question: string; lesson: string | null } | null;
  lessons: Record<string, ClassLesson>;
  /**
   * The instructor's latest messages, newest last: the stream sends each once, so they are
   * kept to be shown again on the next lesson page (a hint waits for its lesson's page).
   */
  messages: ClassMessage[];
  /** Keys of the messages the learner dismissed. */
  dismissed: string[];
}

export interface ClassMessage {
  /** "announcement:3", "hint:5". */
  key: string;
  text: string;
  /** A hint's lesson; null for an announcement (every page). */
  lesson: string | null;
  at: number;
  /** Read out already (by a live region, once). */
  read: boolean;
}

export const emptyClassLesson = (): ClassLesson => ({ builds: 0, usedSolution: false, lastImageBytes: null, lastBuildFailed: false, built: false });

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown, max: number) => (typeof v === 'string' ? v.slice(0, max) : '');
const count = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? Math.max(0, Math.floor(v)) : 0);
const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').slice(-MAX_REMEMBERED) : []);
const message = (v: unknown): ClassMessage | null =>
  isObject(v) && typeof v.key === 'string' && typeof v.text === 'string'
    ? { key: v.key.slice(0, 40), text: v.text.slice(0, 600), lesson: typeof v.lesson === 'string' ? v.lesson.slice(0, 80) : null, at: count(v.at), read: v.read === true }
    : null;

/** The stored attendee, or null: none, unreadable, or expired (`now` − last use > 12 h). */
export function parseAttendee(raw: string | null, now: number): Attendee | null {
  if (!raw) return null;
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!isObject(v) || typeof v.token !== 'string' || !v.token || typeof v.name !== 'string') return null;
  const touchedAt = count(v.touchedAt);
  if (now - touchedAt > EXPIRE_MS) return null;
  const lessons: Record<string, ClassLesson> = {};
  if (isObject(v.lessons)) {
    for (const [id, l] of Object.entries(v.lessons).slice(0, 200)) {
      if (!isObject(l)) continue;
      lessons[id] = {
        builds: count(l.builds),
        usedSolution: l.usedSolution === true,
        lastImageBytes: typeof l.lastImageBytes === 'number' && Number.isFinite(l.lastImageBytes) ? l.lastImageBytes : null,
        lastBuildFailed: l.lastBuildFailed === true,
        built: l.built === true,
      };
    }
  }
  const hand = isObject(v.hand) ? { question: str(v.hand.question, 200), lesson: typeof v.hand.lesson === 'string' ? v.hand.lesson : null } : null;
  return {
    token: v.token.slice(0, 400),
    attendee: str(v.attendee, 100),
    name: v.name.slice(0, 40),
    joinedAt: count(v.joinedAt),
    touchedAt,
    hand,
    lessons,
    messages: (Array.isArray(v.messages) ? v.messages.map(message).filter((m): m is ClassMessage => m !== null) : []).slice(-MAX_MESSAGES),
    dismissed: strings(v.dismissed),
  };
}

export function serializeAttendee(a: Attendee): string {
  return JSON.stringify({ ...a, messages: a.messages.slice(-MAX_MESSAGES), dismissed: a.dismissed.slice(-MAX_REMEMBERED) });
}

/** Reads, writes and forgets the attendee; storage that refuses (private mode, full) keeps it in memory for this page. */
export class AttendeeStore {
  private memory: Attendee | null = null;
  constructor(
    private readonly storage: Storage | null,
    private readonly now: () => number = () => Date.now(),
  ) {}

  read(): Attendee | null {
    let raw: string | null = null;
    try {
      raw = this.storage?.getItem(CLASS_KEY) ?? null;
    } catch {
      return this.memory;
    }
    const a = parseAttendee(raw, this.now());
    if (!a && raw !== null) this.forget();
    return a ?? (raw === null ? this.memory : null);
  }

  write(a: Attendee): void {
    a.touchedAt = this.now();
    try {
      if (!this.storage) throw new Error('no storage');
      this.storage.setItem(CLASS_KEY, serializeAttendee(a));
      this.memory = null;
    } catch {
      // Kept in memory for this page; the next page asks to join again.
      this.memory = a;
    }
  }

  /** Changes the stored attendee (read fresh, so another tab's changes are kept). */
  update(change: (a: Attendee) => void): Attendee | null {
    const a = this.read();
    if (!a) return null;
    change(a);
    this.write(a);
    return a;
  }

  forget(): void {
    this.memory = null;
    try {
      this.storage?.removeItem(CLASS_KEY);
    } catch {
      // Nothing to do: there is nothing left to send with.
    }
  }
}

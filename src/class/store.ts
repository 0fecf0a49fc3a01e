/**
 * The class server's memory: one SQLite file (node:sqlite, no native build) holding the
 * class (code, dashboard key, title), the attendees, their per-lesson progress with the
 * files they last sent, and the announcements and hints the instructor sent.
 *
 * - The schema has a version table; opening a file from a newer Stagecraft is refused
 *   with a message, an older one is migrated in a transaction.
 * - WAL journal, `synchronous = NORMAL`: a commit is an append to the log, so a progress
 *   report costs tens of microseconds, and a crash loses nothing that was acknowledged
 *   (only an operating-system crash can lose the last commits).
 * - Every statement is prepared once; every write runs in a transaction.
 * - Secrets: an attendee's token is stored as its SHA-256 only (the server never needs it
 *   back). The dashboard key is stored as is, because the instructor's dashboard link is
 *   printed again on each start; it is compared in constant time.
 */
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { ProgressReport } from './protocol';

export const SCHEMA_VERSION = 1;

/** Letters and digits nobody misreads on a projector: no 0/O, 1/I/L. */
export const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const CODE_LENGTH = 6;
export const DEFAULT_TITLE = 'Stagecraft class';

export interface AttendeeRecord {
  seq: number;
  id: string;
  name: string;
  joinedAt: number;
  lastSeenAt: number;
  currentLesson: string | null;
  hand: { at: number; lesson: string | null; question: string } | null;
}

export interface ProgressRecord {
  seq: number;
  lesson: string;
  goals: Record<string, boolean>;
  goalsTotal: number;
  builds: number;
  lastImageBytes: number | null;
  lastBuildFailed: boolean;
  hintsShown: number;
  usedSolution: boolean;
  complete: boolean;
  changedAt: number;
}

export interface MessageRecord {
  id: number;
  kind: 'announcement' | 'hint';
  lesson: string | null;
  text: string;
  at: number;
}

export interface SubmissionRecord {
  seq: number;
  id: string;
  name: string;
  files: Record<string, string>;
}

export class StoreError extends Error {}

const SCHEMA_V1 = `
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;
CREATE TABLE attendees (
  seq            INTEGER PRIMARY KEY AUTOINCREMENT,
  id             TEXT NOT NULL UNIQUE,
  token_hash     TEXT NOT NULL UNIQUE,
  name           TEXT NOT NULL,
  joined_at      INTEGER NOT NULL,
  last_seen_at   INTEGER NOT NULL,
  current_lesson TEXT,
  hand_at        INTEGER,
  hand_lesson    TEXT,
  hand_question  TEXT
) STRICT;
CREATE TABLE progress (
  attendee          INTEGER NOT NULL REFERENCES attendees(seq) ON DELETE CASCADE,
  lesson            TEXT NOT NULL,
  goals             TEXT NOT NULL,
  goals_total       INTEGER NOT NULL,
  builds            INTEGER NOT NULL,
  last_image_bytes  INTEGER,
  last_build_failed INTEGER NOT NULL,
  hints_shown       INTEGER NOT NULL,
  used_solution     INTEGER NOT NULL,
  complete          INTEGER NOT NULL,
  files             TEXT NOT NULL,
  changed_at        INTEGER NOT NULL,
  reported_at       INTEGER NOT NULL,
  PRIMARY KEY (attendee, lesson)
) STRICT, WITHOUT ROWID;
CREATE TABLE messages (
  id     INTEGER PRIMARY KEY AUTOINCREMENT,
  kind   TEXT NOT NULL CHECK (kind IN ('announcement', 'hint')),
  lesson TEXT,
  text   TEXT NOT NULL,
  at     INTEGER NOT NULL
) STRICT;
`;

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Equal strings, in time that does not depend on where they differ (both are hashed first, so lengths leak nothing either). */
export function constantTimeEqual(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

export function randomCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

/** How a class code is compared: case, spaces and dashes do not matter ("k7m-3qx" is K7M3QX). */
export function normalizeCode(code: string): string {
  return code.replace(/[\s-]+/g, '').toUpperCase();
}

/** Goal records compare by content: keys sorted, so the same goals always give the same text. */
function canonicalJson(record: Record<string, unknown>): string {
  const sorted: Record<string, unknown> = {};
  for (const k of Object.keys(record).sort()) sorted[k] = record[k];
  return JSON.stringify(sorted);
}

type Row = Record<string, unknown>;
const num = (v: unknown) => Number(v);
const str = (v: unknown) => String(v);
const optStr = (v: unknown) => (v === null || v === undefined ? null : String(v));

export class ClassStore {
  readonly path: string;
  private readonly db: DatabaseSync;
  private readonly q: Record<string, StatementSync>;
  private closed = false;
  /** The class's few settings, read once (they change only through this object). */
  private readonly metaCache = new Map<string, string>();

  private constructor(path: string, db: DatabaseSync) {
    this.path = path;
    this.db = db;
    const p = (sql: string) => db.prepare(sql);
    this.q = {
      metaGet: p('SELECT value FROM meta WHERE key = ?'),
      metaSet: p('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
      attendeeCount: p('SELECT count(*) AS n FROM attendees'),
      insertAttendee: p('INSERT INTO attendees (id, token_hash, name, joined_at, last_seen_at) VALUES (?, ?, ?, ?, ?)'),
      byToken: p('SELECT * FROM attendees WHERE token_hash = ?'),
      byId: p('SELECT * FROM attendees WHERE id = ?'),
      bySeq: p('SELECT * FROM attendees WHERE seq = ?'),
      allAttendees: p('SELECT * FROM attendees ORDER BY seq'),
      deleteAttendee: p('DELETE FROM attendees WHERE seq = ?'),
      touch: p('UPDATE attendees SET last_seen_at = max(last_seen_at, ?) WHERE seq = ?'),
      setCurrent: p('UPDATE attendees SET current_lesson = ?, last_seen_at = max(last_seen_at, ?) WHERE seq = ?'),
      lessonCount: p('SELECT count(*) AS n FROM progress WHERE attendee = ?'),
      hasLesson: p('SELECT 1 AS x FROM progress WHERE attendee = ? AND lesson = ?'),
      // changed_at moves only when what the dashboard shows changed (the files alone do not count:
      // typing without building or meeting a goal is what "stuck" looks like).
      upsertProgress: p(`
        INSERT INTO progress (attendee, lesson, goals, goals_total, builds, last_image_bytes, last_build_failed,
                              hints_shown, used_solution, complete, files, changed_at, reported_at)
        VALUES (:attendee, :lesson, :goals, :goalsTotal, :builds, :lastImageBytes, :lastBuildFailed,
                :hintsShown, :usedSolution, :complete, :files, :now, :now)
        ON CONFLICT (attendee, lesson) DO UPDATE SET
          changed_at = CASE WHEN goals IS excluded.goals AND goals_total IS excluded.goals_total
                             AND builds IS excluded.builds AND last_image_bytes IS excluded.last_image_bytes
                             AND last_build_failed IS excluded.last_build_failed AND hints_shown IS excluded.hints_shown
                             AND used_solution IS excluded.used_solution AND complete IS excluded.complete
                        THEN changed_at ELSE excluded.changed_at END,
          goals = excluded.goals, goals_total = excluded.goals_total, builds = excluded.builds,
          last_image_bytes = excluded.last_image_bytes, last_build_failed = excluded.last_build_failed,
          hints_shown = excluded.hints_shown, used_solution = excluded.used_solution, complete = excluded.complete,
          files = excluded.files, reported_at = excluded.reported_at`),
      allProgress: p(`SELECT attendee, lesson, goals, goals_total, builds, last_image_bytes, last_build_failed,
                             hints_shown, used_solution, complete, changed_at FROM progress`),
      progressOf: p(`SELECT attendee, lesson, goals, goals_total, builds, last_image_bytes, last_build_failed,
                            hints_shown, used_solution, complete, changed_at FROM progress WHERE attendee = ?`),
      submissions: p(`SELECT a.seq, a.id, a.name, p.files FROM progress p JOIN attendees a ON a.seq = p.attendee
                      WHERE p.lesson = ? ORDER BY a.seq`),
      raiseHand: p(`UPDATE attendees SET hand_at = coalesce(hand_at, :now), hand_lesson = :lesson, hand_question = :question,
                    last_seen_at = max(last_seen_at, :now) WHERE seq = :seq`),
      lowerHand: p('UPDATE attendees SET hand_at = NULL, hand_lesson = NULL, hand_question = NULL WHERE seq = ? AND hand_at IS NOT NULL'),
      insertMessage: p('INSERT INTO messages (kind, lesson, text, at) VALUES (?, ?, ?, ?) RETURNING id'),
      messagesAfter: p('SELECT * FROM (SELECT * FROM messages WHERE id > ? ORDER BY id DESC LIMIT ?) ORDER BY id'),
      recentAnnouncements: p("SELECT * FROM (SELECT * FROM messages WHERE kind = 'announcement' ORDER BY id DESC LIMIT ?) ORDER BY id"),
      lastMessageId: p('SELECT coalesce(max(id), 0) AS id FROM messages'),
    };
  }

  /**
   * Opens (or, unless `create` is false, creates) the class database at `path`; `:memory:` for tests.
   * A new database gets a random class code and dashboard key.
   */
  static open(path: string, options: { create?: boolean } = {}): ClassStore {
    let db: DatabaseSync;
    try {
      db = new DatabaseSync(path, { enableForeignKeyConstraints: true, timeout: 5000 });
    } catch (e) {
      throw new StoreError(`cannot open the class database ${path}: ${(e as Error).message}`);
    }
    try {
      db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;');
      const exists = db.prepare("SELECT 1 AS x FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'").get();
      if (!exists) {
        const other = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get();
        if (num(other?.n) > 0) throw new StoreError(`${path} is an SQLite database, but not a Stagecraft class database`);
        if (options.create === false) throw new StoreError(`${path} is not a Stagecraft class database`);
        transaction(db, () => {
          db.exec('CREATE TABLE schema_version (version INTEGER NOT NULL) STRICT;');
          db.exec(SCHEMA_V1);
          db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(SCHEMA_VERSION);
          const set = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
          set.run('code', randomCode());
          set.run('key', randomBytes(32).toString('base64url'));
          set.run('title', DEFAULT_TITLE);
          set.run('created_at', String(Date.now()));
        });
      } else {
        const version = num(db.prepare('SELECT max(version) AS v FROM schema_version').get()?.v);
        if (version > SCHEMA_VERSION) {
          throw new StoreError(`${path} was written by a newer Stagecraft (schema ${version}; this one knows ${SCHEMA_VERSION}); update Stagecraft or use another --data file`);
        }
        // Migrations from older versions go here, each in a transaction, when there are any.
      }
      return new ClassStore(path, db);
    } catch (e) {
      db.close();
      if (e instanceof StoreError) throw e;
      throw new StoreError(`cannot use the class database ${path}: ${(e as Error).message}`);
    }
  }

  private tx<T>(fn: () => T): T {
    return transaction(this.db, fn);
  }

  private meta(key: string): string {
    const cached = this.metaCache.get(key);
    if (cached !== undefined) return cached;
    const row = this.q.metaGet!.get(key);
    if (!row) throw new StoreError(`the class database has no ${key}`);
    this.metaCache.set(key, str(row.value));
    return str(row.value);
  }

  private setMeta(key: string, value: string): void {
    this.tx(() => this.q.metaSet!.run(key, value));
    this.metaCache.set(key, value);
  }

  get code(): string {
    return this.meta('code');
  }

  /** The dashboard key, to print the instructor's link. */
  get key(): string {
    return this.meta('key');
  }

  get title(): string {
    return this.meta('title');
  }

  setCode(code: string): void {
    this.setMeta('code', code);
  }

  setTitle(title: string): void {
    this.setMeta('title', title);
  }

  checkKey(key: string): boolean {
    return constantTimeEqual(key, this.key);
  }

  checkCode(code: string): boolean {
    return constantTimeEqual(normalizeCode(code), normalizeCode(this.code));
  }

  attendeeCount(): number {
    return num(this.q.attendeeCount!.get()?.n);
  }

  /** A new attendee: their id and the token they authenticate with (kept only as its hash). */
  join(name: string, now: number): { attendee: AttendeeRecord; token: string } {
    const token = randomBytes(32).toString('base64url');
    const id = randomBytes(9).toString('base64url');
    this.tx(() => this.q.insertAttendee!.run(id, sha256(token), name, now, now));
    const attendee = this.attendeeById(id);
    if (!attendee) throw new StoreError('the new attendee was not stored');
    return { attendee, token };
  }

  attendeeByToken(token: string): AttendeeRecord | null {
    const row = this.q.byToken!.get(sha256(token));
    return row ? attendeeFrom(row) : null;
  }

  attendeeById(id: string): AttendeeRecord | null {
    const row = this.q.byId!.get(id);
    return row ? attendeeFrom(row) : null;
  }

  attendeeBySeq(seq: number): AttendeeRecord | null {
    const row = this.q.bySeq!.get(seq);
    return row ? attendeeFrom(row) : null;
  }

  attendees(): AttendeeRecord[] {
    return this.q.allAttendees!.all().map(attendeeFrom);
  }

  touch(seq: number, now: number): void {
    this.tx(() => this.q.touch!.run(now, seq));
  }

  /** Forgets the attendee and everything they sent (their progress goes with them). */
  leave(seq: number): boolean {
    return this.tx(() => Number(this.q.deleteAttendee!.run(seq).changes) > 0);
  }

  /** How many lessons the attendee has progress for, and whether this one is among them. */
  lessonsReported(seq: number, lesson: string): { count: number; has: boolean } {
    return { count: num(this.q.lessonCount!.get(seq)?.n), has: Boolean(this.q.hasLesson!.get(seq, lesson)) };
  }

  saveProgress(seq: number, report: ProgressReport, now: number): void {
    this.tx(() => {
      this.q.upsertProgress!.run({
        attendee: seq,
        lesson: report.lesson,
        goals: canonicalJson(report.goals),
        goalsTotal: report.goalsTotal,
        builds: report.builds,
        lastImageBytes: report.lastImageBytes,
        lastBuildFailed: report.lastBuildFailed ? 1 : 0,
        hintsShown: report.hintsShown,
        usedSolution: report.usedSolution ? 1 : 0,
        complete: report.complete ? 1 : 0,
        files: JSON.stringify(report.files),
        now,
      });
      this.q.setCurrent!.run(report.lesson, now, seq);
    });
  }

  progress(): ProgressRecord[] {
    return this.q.allProgress!.all().map(progressFrom);
  }

  /** One attendee's progress, every lesson. */
  progressOf(seq: number): ProgressRecord[] {
    return this.q.progressOf!.all(seq).map(progressFrom);
  }

  /** Each attendee's files for one lesson, in join order. */
  submissions(lesson: string): SubmissionRecord[] {
    return this.q.submissions!.all(lesson).map((r) => ({
      seq: num(r.seq),
      id: str(r.id),
      name: str(r.name),
      files: parseRecord(r.files) as Record<string, string>,
    }));
  }

  /** Raises the attendee's hand (a hand already up keeps its place in the queue and takes the new question). */
  raiseHand(seq: number, lesson: string | null, question: string, now: number): void {
    this.tx(() => this.q.raiseHand!.run({ seq, lesson, question, now }));
  }

  /** Lowers it; whether it was up. */
  lowerHand(seq: number): boolean {
    return this.tx(() => Number(this.q.lowerHand!.run(seq).changes) > 0);
  }

  addMessage(kind: MessageRecord['kind'], text: string, lesson: string | null, now: number): MessageRecord {
    const id = this.tx(() => num(this.q.insertMessage!.get(kind, lesson, text, now)?.id));
    return { id, kind, lesson, text, at: now };
  }

  /** Messages after `id` (at most `limit`, the newest of them), oldest first. */
  messagesAfter(id: number, limit: number): MessageRecord[] {
    return this.q.messagesAfter!.all(id, limit).map(messageFrom);
  }

  recentAnnouncements(limit: number): MessageRecord[] {
    return this.q.recentAnnouncements!.all(limit).map(messageFrom);
  }

  lastMessageId(): number {
    return num(this.q.lastMessageId!.get()?.id);
  }

  /** Folds the write-ahead log into the database file and closes it (the file alone then holds everything). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    } catch {
      // Another connection (`stagecraft class export`) may hold the log; SQLite folds it in later.
    }
    this.db.close();
  }

  get isOpen(): boolean {
    return !this.closed;
  }
}

function transaction<T>(db: DatabaseSync, fn: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = fn();
    db.exec('COMMIT');
    return result;
  } catch (e) {
    db.exec('ROLLBACK');
    throw e;
  }
}

function parseRecord(v: unknown): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(str(v));
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function progressFrom(r: Row): ProgressRecord {
  return {
    seq: num(r.attendee),
    lesson: str(r.lesson),
    goals: parseRecord(r.goals) as Record<string, boolean>,
    goalsTotal: num(r.goals_total),
    builds: num(r.builds),
    lastImageBytes: r.last_image_bytes === null ? null : num(r.last_image_bytes),
    lastBuildFailed: num(r.last_build_failed) === 1,
    hintsShown: num(r.hints_shown),
    usedSolution: num(r.used_solution) === 1,
    complete: num(r.complete) === 1,
    changedAt: num(r.changed_at),
  };
}

function attendeeFrom(r: Row): AttendeeRecord {
  return {
    seq: num(r.seq),
    id: str(r.id),
    name: str(r.name),
    joinedAt: num(r.joined_at),
    lastSeenAt: num(r.last_seen_at),
    currentLesson: optStr(r.current_lesson),
    hand: r.hand_at === null || r.hand_at === undefined ? null : { at: num(r.hand_at), lesson: optStr(r.hand_lesson), question: str(r.hand_question ?? '') },
  };
}

function messageFrom(r: Row): MessageRecord {
  return { id: num(r.id), kind: str(r.kind) as MessageRecord['kind'], lesson: optStr(r.lesson), text: str(r.text), at: num(r.at) };
}

/**
 * The instructor's dashboard state (DashboardState), kept ready between pushes.
 *
 * The dashboard gets the whole state again after each change, up to four times a second;
 * with 200 attendees on ten lessons that is some 400 KB of JSON. Rebuilding it from the
 * database each time would cost milliseconds of a single core on every push, so the
 * server keeps each attendee's row here, as objects and as JSON, and re-reads from the
 * database only the attendees a request changed (`invalidate(seq)`). The database stays
 * the truth: `invalidateAll()` (and a new model) read everything again.
 */
import type { AttendeeRow, DashboardState, LessonProgress, RaisedHand } from './protocol';
import { displayNames } from './export';
import type { AttendeeRecord, ClassStore, MessageRecord, ProgressRecord } from './store';

interface CachedRow {
  record: AttendeeRecord;
  lessons: Record<string, LessonProgress>;
  /** The row as UTF-8 JSON and what it was made with (the parts that change with the clock or with other attendees). */
  bytes?: Buffer;
  bytesKey?: string;
}

export interface DashboardModelOptions {
  store: ClassStore;
  lessons: ReadonlyArray<{ id: string; title: string }>;
  stuckMinutes: number;
  now: () => number;
}

/** How long after the last sign of an attendee they still count as there (for "stuck"). */
export const PRESENT_MS = 2 * 60_000;

export function lessonProgress(p: ProgressRecord): LessonProgress {
  const unmet: string[] = [];
  let met = 0;
  for (const [goal, ok] of Object.entries(p.goals)) ok ? met++ : unmet.push(goal);
  return {
    goalsMet: met, goalsTotal: p.goalsTotal, unmet, builds: p.builds, lastImageBytes: p.lastImageBytes,
    lastBuildFailed: p.lastBuildFailed, hintsShown: p.hintsShown, usedSolution: p.usedSolution, complete: p.complete, changedAt: p.changedAt,
  };
}

const COMMA = Buffer.from(',');

export class DashboardModel {
  private rows = new Map<number, CachedRow>();
  private allDirty = true;
  private readonly dirty = new Set<number>();
  private announcements: MessageRecord[] | null = null;
  /** Last sign of life not yet in the database (an open event stream), per attendee. */
  private readonly seen = new Map<number, number>();

  constructor(private readonly o: DashboardModelOptions) {}

  /** Something of this attendee changed (or they joined or left). */
  invalidate(seq: number): void {
    this.dirty.add(seq);
  }

  invalidateAll(): void {
    this.allDirty = true;
  }

  invalidateMessages(): void {
    this.announcements = null;
  }

  /** The attendee was there at `t` (their event stream is open). */
  markSeen(seq: number, t: number): void {
    this.seen.set(seq, t);
  }

  forget(seq: number): void {
    this.seen.delete(seq);
    this.dirty.add(seq);
  }

  private refresh(): void {
    const { store } = this.o;
    if (this.allDirty) {
      const bySeq = new Map<number, Record<string, LessonProgress>>();
      for (const p of store.progress()) {
        let lessons = bySeq.get(p.seq);
        if (!lessons) bySeq.set(p.seq, (lessons = {}));
        lessons[p.lesson] = lessonProgress(p);
      }
      this.rows = new Map(store.attendees().map((record) => [record.seq, { record, lessons: bySeq.get(record.seq) ?? {} }]));
      this.allDirty = false;
      this.dirty.clear();
      return;
    }
    for (const seq of this.dirty) {
      const record = store.attendeeBySeq(seq);
      if (!record) {
        this.rows.delete(seq);
        continue;
      }
      const lessons: Record<string, LessonProgress> = {};
      for (const p of store.progressOf(seq)) lessons[p.lesson] = lessonProgress(p);
      // A new attendee goes last (join order); a known one keeps its place in the Map.
      this.rows.set(seq, { record, lessons });
    }
    this.dirty.clear();
  }

  /** The state as JSON text. */
  json(): string {
    return this.encode('', '').toString('utf8');
  }

  /** The state as UTF-8 JSON between `prefix` and `suffix`, in one buffer. */
  encode(prefix: string, suffix: string): Buffer {
    return Buffer.concat(this.chunks(prefix, suffix));
  }

  /**
   * The state as UTF-8 JSON between `prefix` and `suffix` (an event stream's `data: ` and
   * blank line), as the buffers to send one after the other: a small head and tail made
   * now, and each attendee's row as it was cached when it last changed. Nothing of the
   * size of the state is made per push: a string of a few hundred kilobytes four times
   * a second would go to V8's large-object space, and a buffer that size would count as
   * young memory that makes V8 grow its new space (see memory.ts).
   */
  chunks(prefix: string, suffix: string): Buffer[] {
    this.refresh();
    const { store, stuckMinutes } = this.o;
    const t = this.o.now();
    const stuckMs = stuckMinutes * 60_000;
    const records = [...this.rows.values()].map((r) => r.record);
    const names = displayNames(records);
    const rowBytes: Buffer[] = [];
    const views: Array<{ row: CachedRow; current: string | null; stuck: boolean }> = [];
    for (const [seq, row] of this.rows) {
      const a = row.record;
      const lastSeenAt = Math.max(a.lastSeenAt, this.seen.get(seq) ?? 0);
      const current = a.currentLesson ? row.lessons[a.currentLesson] : undefined;
      // Stuck: on a lesson, not done, nothing changed for the threshold, and still here.
      const stuck = Boolean(current && !current.complete && t - current.changedAt >= stuckMs && t - lastSeenAt < PRESENT_MS);
      const name = names.get(seq) ?? a.name;
      const key = `${lastSeenAt}|${stuck ? 1 : 0}|${name}`;
      if (row.bytes === undefined || row.bytesKey !== key) {
        const view: AttendeeRow = { id: a.id, name, joinedAt: a.joinedAt, lastSeenAt, currentLesson: a.currentLesson, stuck, lessons: row.lessons };
        row.bytes = Buffer.from(JSON.stringify(view), 'utf8');
        row.bytesKey = key;
      }
      if (rowBytes.length) rowBytes.push(COMMA);
      rowBytes.push(row.bytes);
      views.push({ row, current: a.currentLesson, stuck });
    }
    const reported = new Set<string>();
    if (this.o.lessons.length === 0) for (const r of this.rows.values()) for (const id of Object.keys(r.lessons)) reported.add(id);
    const lessons = this.o.lessons.length ? this.o.lessons.map((l) => ({ id: l.id, title: l.title })) : [...reported].sort().map((id) => ({ id, title: id }));
    const commonFailure: DashboardState['commonFailure'] = {};
    for (const l of lessons) commonFailure[l.id] = null;
    const counts = new Map<string, Map<string, number>>();
    for (const { row, current } of views) {
      if (!current) continue;
      const p = row.lessons[current];
      if (!p || p.complete || !(current in commonFailure)) continue;
      let c = counts.get(current);
      if (!c) counts.set(current, (c = new Map()));
      for (const g of p.unmet) c.set(g, (c.get(g) ?? 0) + 1);
    }
    for (const [lesson, c] of counts) {
      let best: { goal: string; count: number } | null = null;
      for (const [goal, count] of c) if (!best || count > best.count || (count === best.count && goal < best.goal)) best = { goal, count };
      commonFailure[lesson] = best;
    }
    const hands: RaisedHand[] = records
      .filter((a) => a.hand)
      .sort((a, b) => a.hand!.at - b.hand!.at || a.seq - b.seq)
      .map((a) => ({ attendee: a.id, name: names.get(a.seq) ?? a.name, lesson: a.hand!.lesson, question: a.hand!.question, at: a.hand!.at }));
    this.announcements ??= store.recentAnnouncements(50);
    const announcements = this.announcements.map((m) => ({ id: m.id, text: m.text, at: m.at }));
    // The same keys in the same order as DashboardState.
    const head = `${prefix}{"title":${JSON.stringify(store.title)},"code":${JSON.stringify(store.code)},"lessons":${JSON.stringify(lessons)},"attendees":[`;
    const tail =
      `],"hands":${JSON.stringify(hands)},"commonFailure":${JSON.stringify(commonFailure)},` +
      `"announcements":${JSON.stringify(announcements)},"stuckAfterMinutes":${JSON.stringify(stuckMinutes)},"now":${t}}${suffix}`;
    return [Buffer.from(head, 'utf8'), ...rowBytes, Buffer.from(tail, 'utf8')];
  }

  state(): DashboardState {
    return JSON.parse(this.json()) as DashboardState;
  }
}

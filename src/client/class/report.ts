/**
 * What a joined attendee's page tells the class server about a lesson, and when.
 * Pure: `buildReport` turns what the exercise knows into a ProgressReport that the
 * server's schema accepts (ids, counts and sizes kept within its limits), and
 * `ReportScheduler` decides when to send — at most one report every 2 s while the
 * learner types, one right away when a goal changes or a build ends, retries with
 * backoff when the server cannot be reached, and stops for good on a 401.
 */
import type { ProgressReport } from '../../class/protocol';

// The limits of src/class/protocol.ts, repeated so that this page's script does not
// bundle zod (report.spec.ts checks they agree).
export const MAX_BODY_BYTES = 256 * 1024;
export const MAX_FILE_CHARS = 100_000;
export const MAX_GOALS = 40;
export const MAX_FILES = 8;
export const MAX_HINTS = 20;
export const MAX_BUILDS = 100_000;
const MAX_KEY = 80;

export interface ReportInput {
  lesson: string;
  /** The last check's goals, in the lesson's order. */
  goals: ReadonlyArray<{ id: string; met: boolean }>;
  /** How many goals the lesson has. */
  goalsTotal: number;
  builds: number;
  lastImageBytes: number | null;
  lastBuildFailed: boolean;
  hintsShown: number;
  usedSolution: boolean;
  /** The lesson has been completed (it stays so, as in the course navigation). */
  complete: boolean;
  files: Record<string, string>;
}

const clampInt = (n: number, max: number) => (Number.isFinite(n) ? Math.max(0, Math.min(max, Math.floor(n))) : 0);

/**
 * One key per goal, in order: two goals of the same rule (two `path-absent` goals)
 * become `path-absent` and `path-absent#2`, so none is lost. The dashboard makes the
 * same keys from the lesson's goal list to name them.
 */
export function goalKeys(ids: readonly string[]): string[] {
  const out: string[] = [];
  const taken = new Set<string>();
  for (const id of ids.slice(0, MAX_GOALS)) {
    const base = id.slice(0, MAX_KEY - 4) || 'goal';
    let key = base;
    for (let n = 2; taken.has(key); n++) key = `${base}#${n}`;
    taken.add(key);
    out.push(key);
  }
  return out;
}

/** Goal key (goalKeys) → met. */
export function goalRecord(goals: ReadonlyArray<{ id: string; met: boolean }>): Record<string, boolean> {
  const keys = goalKeys(goals.map((g) => g.id));
  return Object.fromEntries(keys.map((k, i) => [k, goals[i]!.met]));
}

const encoder = new TextEncoder();
const bytesOf = (value: unknown) => encoder.encode(JSON.stringify(value)).length;

/**
 * The report for one lesson. Files go in while the body stays under the server's
 * limit; a file over the per-file limit is left out (the dashboard's grading export
 * then lacks it) rather than cut, which would hand a grader a broken Dockerfile.
 */
export function buildReport(input: ReportInput): ProgressReport {
  const goals = goalRecord(input.goals);
  const met = Object.values(goals);
  const report: ProgressReport = {
    lesson: input.lesson,
    goals,
    goalsTotal: clampInt(Math.max(input.goalsTotal, met.length), MAX_GOALS),
    builds: clampInt(input.builds, MAX_BUILDS),
    lastImageBytes: input.lastImageBytes === null || !Number.isFinite(input.lastImageBytes) ? null : Math.max(0, Math.min(1e13, Math.round(input.lastImageBytes))),
    lastBuildFailed: input.lastBuildFailed,
    hintsShown: clampInt(input.hintsShown, MAX_HINTS),
    usedSolution: input.usedSolution,
    complete: input.complete || (met.length > 0 && met.length >= input.goalsTotal && met.every(Boolean)),
    files: {},
  };
  // Room left for files, with a margin for the JSON around them.
  let room = MAX_BODY_BYTES - bytesOf(report) - 1024;
  for (const [name, text] of Object.entries(input.files)) {
    if (Object.keys(report.files).length >= MAX_FILES) break;
    if (name.length > 64 || text.length > MAX_FILE_CHARS) continue;
    const cost = bytesOf(name) + bytesOf(text) + 2;
    if (cost > room) continue;
    report.files[name] = text;
    room -= cost;
  }
  return report;
}

/** A stable fingerprint of the goals, to tell "a goal changed" from "the learner typed". */
export const goalsKey = (goals: ReadonlyArray<{ id: string; met: boolean }>) => goals.map((g) => `${g.id}:${g.met ? 1 : 0}`).join(',');

/**
 * What one attempt to send came to: `sent`; `retry` (no answer, a 5xx, a 429: try again
 * later); `rejected` (the server refused this report: sending it again would not help);
 * `gone` (401: the server no longer knows this attendee).
 */
export type SendOutcome = 'sent' | 'retry' | 'rejected' | 'gone';

export interface SchedulerOptions {
  /** Builds and sends the report as things are now. */
  send: () => Promise<SendOutcome>;
  /** The server forgot the attendee: called once, and nothing is sent again. */
  onGone: () => void;
  /** Ordinary changes (typing, a hint): at most one report this often. */
  minGapMs?: number;
  /** A goal changed or a build ended: sent now, unless one went out less than this ago. */
  urgentGapMs?: number;
  /** The first retry waits this long, doubling up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
  now?: () => number;
  /** 0..1; spreads retries so a room of attendees does not come back at the same instant. */
  random?: () => number;
}

/** The wait before retry number `failures` (1, 2, …): doubling from `base`, capped, ±20 % jitter. */
export function backoffDelay(failures: number, base: number, max: number, random: () => number): number {
  const plain = Math.min(max, base * 2 ** Math.max(0, failures - 1));
  return Math.round(plain * (0.8 + 0.4 * random()));
}

export class ReportScheduler {
  private readonly opts: Required<SchedulerOptions>;
  private dirty = false;
  private urgent = false;
  private inFlight = false;
  private stopped = false;
  private lastSentAt = -Infinity;
  private retryAt = 0;
  private failures = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private timerDue = 0;

  constructor(options: SchedulerOptions) {
    this.opts = { minGapMs: 2000, urgentGapMs: 500, backoffMs: 2000, maxBackoffMs: 60_000, now: () => Date.now(), random: Math.random, ...options };
  }

  /** Something the report carries changed; `urgent` for a goal that changed or a build that ended. */
  changed(urgent = false): void {
    if (this.stopped) return;
    this.dirty = true;
    if (urgent) this.urgent = true;
    this.plan();
  }

  /** Whether a change has not been sent yet. */
  get pending(): boolean {
    return this.dirty && !this.stopped;
  }

  /** Sends what is pending now, through `send` (the page uses a keepalive request as it goes away); no retry. */
  flush(send: () => void): void {
    if (!this.pending) return;
    this.clearTimer();
    this.dirty = false;
    this.urgent = false;
    this.lastSentAt = this.opts.now();
    send();
  }

  /** Stops for good: nothing more is sent (the learner left). */
  stop(): void {
    this.stopped = true;
    this.clearTimer();
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private plan(): void {
    if (this.stopped || this.inFlight || !this.dirty) return;
    const now = this.opts.now();
    const gap = this.urgent ? this.opts.urgentGapMs : this.opts.minGapMs;
    const due = Math.max(now, this.lastSentAt + gap, this.retryAt);
    if (this.timer !== null && this.timerDue <= due) return;
    this.clearTimer();
    this.timerDue = due;
    this.timer = setTimeout(() => void this.fire(), due - now);
  }

  private async fire(): Promise<void> {
    this.timer = null;
    if (this.stopped || !this.dirty) return;
    this.dirty = false;
    this.urgent = false;
    this.inFlight = true;
    this.lastSentAt = this.opts.now();
    let outcome: SendOutcome;
    try {
      outcome = await this.opts.send();
    } catch {
      outcome = 'retry';
    }
    this.inFlight = false;
    if (this.stopped) return;
    if (outcome === 'gone') {
      this.stop();
      this.opts.onGone();
      return;
    }
    if (outcome === 'retry') {
      this.failures++;
      this.dirty = true;
      this.retryAt = this.opts.now() + backoffDelay(this.failures, this.opts.backoffMs, this.opts.maxBackoffMs, this.opts.random);
    } else {
      this.failures = 0;
      this.retryAt = 0;
    }
    this.plan();
  }
}

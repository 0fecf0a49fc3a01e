/**
 * The page's side of the engine worker, with a watchdog.
 *
 * - One request at a time goes to the worker; the time limit of a request starts
 *   when it is posted, so a check never pays for the build before it.
 * - A check or build that runs over its limit is abandoned: the worker is
 *   terminated and a new one started (sent the same `init` data again), the
 *   request answers with an error saying so, and `onNotice` tells the page. The
 *   page keeps the last good result on screen.
 * - A newer check supersedes an older one: only the latest waiting check is
 *   sent, and the answer to a check that a newer one has superseded is dropped
 *   (it answers `superseded`). Builds and suggestions coalesce the same way, and
 *   a new build supersedes the suggestions for the build before it.
 * - The worker's `onerror` and `onmessageerror` restart it with a notice; every
 *   request waiting on it answers with an error, never hangs. After
 *   {@link MAX_CRASHES_IN_A_ROW} crashes with no good answer in between, the
 *   client stops restarting and answers every request with an error at once.
 */
import { rememberKeys, type Request, type Response, type TestDelay } from './protocol';

/** A check (as you type) that has not answered in this long is abandoned. Lesson files check in well under 100 ms. */
export const CHECK_LIMIT_MS = 4_000;
/** A simulated build that has not answered in this long is abandoned. Lesson builds take well under 1 s. */
export const BUILD_LIMIT_MS = 15_000;
/** Suggestions after a build: a dozen simulated builds of edited files (lesson files take well under 1 s). */
export const SUGGEST_LIMIT_MS = 15_000;
/** A line typed in the terminal (a few builds at most). */
export const SHELL_LIMIT_MS = 30_000;
/** Tab completion. */
export const COMPLETE_LIMIT_MS = 4_000;
/** Starting the worker (fetching and compiling the engine) and `init`: generous, for slow phones. */
export const INIT_LIMIT_MS = 30_000;
/** Crashes (or `init`s over their limit) in a row, with no good answer between them, after which the worker is not restarted again. */
export const MAX_CRASHES_IN_A_ROW = 3;

type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;
export type EngineRequest = DistributiveOmit<Request, 'id'>;
type Kind = Request['type'];

/**
 * What a request answers: the worker's response; an error the client made
 * (`reason`: over the time limit, the worker crashed, or it stopped for good);
 * or `superseded` when a newer request of the same kind replaced it.
 */
export type EngineReply =
  | Response
  | { id: number; type: 'error'; message: string; reason: 'timeout' | 'crash' | 'stopped' }
  | { id: number; type: 'superseded' };

export interface EngineNotice {
  reason: 'timeout' | 'crash' | 'stopped';
  /** The request that was running when it happened, if any. */
  kind: Kind | null;
  /** In words, for the page: what happened, and what to do. */
  message: string;
}

export interface EngineClientOptions {
  /** Makes a worker; by default the engine worker. */
  createWorker?: () => Worker;
  onNotice?: (notice: EngineNotice) => void;
  limits?: Partial<Record<Kind, number>>;
  /** Sent with `init`; by default read from the page ({@link testDelayFromPage}). */
  testDelay?: TestDelay | null;
}

interface Job {
  id: number;
  req: EngineRequest;
  resolve: (reply: EngineReply) => void;
  /** Answers before the last one (a shell line's output as it is written). */
  onProgress?: ((res: Response) => void) | undefined;
}

/** Kinds whose every request runs: a terminal line is never replaced by the next one. */
const NEVER_COALESCED: ReadonlySet<Kind> = new Set(['init', 'shell']);
/** Answers that come before a request's last one. */
const isProgress = (res: Response) => res.type === 'shell-output' || res.type === 'shell-clear';

const seconds = (ms: number) => `${Number((ms / 1000).toFixed(1))} s`;

/** What the learner reads when a request runs over its limit. */
export function timeoutMessage(kind: Kind, limitMs: number): string {
  if (kind === 'build') {
    return `This Dockerfile took too long to build (over ${seconds(limitMs)}), so Stagecraft stopped the simulated build and restarted its engine: what is shown is from the last build that finished. Variables that double at each step, or very long repeated lines, are the usual cause; change the Dockerfile and build again.`;
  }
  if (kind === 'suggest') {
    return `Working out what would make the image smaller took too long (over ${seconds(limitMs)}), so Stagecraft stopped and restarted its engine. The build above is complete; build again to try once more.`;
  }
  if (kind === 'shell') {
    return `That command took too long (over ${seconds(limitMs)}), so Stagecraft stopped it and restarted its engine. The terminal starts again: images built before are gone; build them again.`;
  }
  if (kind === 'check') {
    return `This Dockerfile took too long to check (over ${seconds(limitMs)}), so Stagecraft stopped: the goals and problems shown are from the last check that finished. Variables that double at each step, or very long repeated lines, are the usual cause; edit the Dockerfile and it is checked again.`;
  }
  return `Stagecraft’s engine took too long to start (over ${seconds(limitMs)}), so it was restarted. Your text is unchanged; if this goes on, reload the page.`;
}

/**
 * The test-only delay: `window.__stagecraftTestDelay = { ms, ifIncludes }`, set by an
 * end-to-end test before the page loads, makes the worker busy-wait `ms` before each
 * check or build (of a Dockerfile containing `ifIncludes`, when given). Nothing in
 * Stagecraft sets it; unset, or of any other shape, it is null and the worker never waits.
 */
export function testDelayFromPage(scope: unknown = globalThis): TestDelay | null {
  const raw = (scope as { __stagecraftTestDelay?: unknown } | null)?.__stagecraftTestDelay;
  if (!raw || typeof raw !== 'object') return null;
  const { ms, ifIncludes } = raw as { ms?: unknown; ifIncludes?: unknown };
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms <= 0) return null;
  const delay: TestDelay = { ms: Math.min(ms, 120_000) };
  if (typeof ifIncludes === 'string' && ifIncludes !== '') delay.ifIncludes = ifIncludes;
  return delay;
}

const defaultWorker = () => new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module' });

export class EngineClient {
  private readonly createWorker: () => Worker;
  private readonly onNotice: (notice: EngineNotice) => void;
  private readonly limits: Record<Kind, number>;
  private readonly testDelay: TestDelay | null;
  private worker: Worker | null = null;
  private next = 1;
  private running: Job | null = null;
  private queue: Job[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** The exercise the worker was given, sent again to every new worker. */
  private initData: Extract<EngineRequest, { type: 'init' }>['data'] | null = null;
  private crashesInARow = 0;
  /** Step keys of the builds so far, given to a restarted worker so its next build still shows them CACHED. */
  private cacheKeys = new Set<string>();
  /** Set once the client has given up restarting: every request answers this error. */
  private stopped: string | null = null;

  constructor(options: EngineClientOptions = {}) {
    this.createWorker = options.createWorker ?? defaultWorker;
    this.onNotice = options.onNotice ?? (() => undefined);
    this.limits = { init: INIT_LIMIT_MS, check: CHECK_LIMIT_MS, build: BUILD_LIMIT_MS, suggest: SUGGEST_LIMIT_MS, shell: SHELL_LIMIT_MS, complete: COMPLETE_LIMIT_MS, ...options.limits };
    this.testDelay = options.testDelay === undefined ? testDelayFromPage() : options.testDelay;
    this.start();
  }

  /**
   * Sends a request; the promise always settles (never rejects, never hangs past the request's
   * limit). `onProgress` gets the answers before the last (a shell line's output, as written).
   */
  send(req: EngineRequest, onProgress?: (res: Response) => void): Promise<EngineReply> {
    const id = this.next++;
    return new Promise((resolve) => {
      if (this.stopped) {
        resolve({ id, type: 'error', reason: 'stopped', message: this.stopped });
        return;
      }
      const job: Job = { id, req, resolve, onProgress };
      if (req.type === 'shell') {
        this.queue.push(job);
      } else if (req.type === 'init') {
        // A new exercise: the worker starts with an empty cache, and so do we.
        this.initData = req.data;
        this.cacheKeys.clear();
        this.queue.unshift(job);
      } else {
        // Coalesce: a waiting request of the same kind is replaced by this newer one,
        // and a new build replaces the suggestions waiting for the build before it.
        this.queue = this.queue.filter((q) => {
          if (q.req.type !== req.type && !(req.type === 'build' && q.req.type === 'suggest')) return true;
          q.resolve({ id: q.id, type: 'superseded' });
          return false;
        });
        this.queue.push(job);
      }
      this.pump();
    });
  }

  /** Stops the worker; waiting requests answer with an error. */
  dispose(): void {
    this.giveUp('Stagecraft’s engine was stopped.', false);
  }

  private start(): void {
    let worker: Worker;
    try {
      worker = this.createWorker();
    } catch (e) {
      this.giveUp(`Stagecraft’s engine could not start in this browser (${(e as Error)?.message ?? String(e)}). The task, goals and hints still work; reload the page to try again.`, true);
      return;
    }
    this.worker = worker;
    worker.onmessage = (e: MessageEvent<Response>) => {
      if (this.worker === worker) this.answer(e.data);
    };
    worker.onerror = (e: Event) => {
      if (this.worker !== worker) return;
      e.preventDefault?.();
      const detail = (e as ErrorEvent).message;
      this.crash(detail ? `it reported: ${detail}` : 'it failed');
    };
    worker.onmessageerror = () => {
      if (this.worker === worker) this.crash('one of its answers could not be read');
    };
  }

  private pump(): void {
    if (this.running || this.stopped || !this.worker) return;
    const job = this.queue.shift();
    if (!job) return;
    this.running = job;
    const message = (job.req.type === 'init' && this.testDelay ? { ...job.req, id: job.id, testDelay: this.testDelay } : { ...job.req, id: job.id }) as Request;
    const limit = this.limits[job.req.type];
    this.timer = setTimeout(() => this.overTime(job), limit);
    try {
      this.worker.postMessage(message);
    } catch (e) {
      // The files could not be copied to the worker (never expected: they are strings).
      this.finish(job, { id: job.id, type: 'error', reason: 'crash', message: `Stagecraft could not hand your files to its engine (${(e as Error)?.message ?? String(e)}).` });
      this.pump();
    }
  }

  private finish(job: Job, reply: EngineReply): void {
    if (this.running === job) {
      this.running = null;
      if (this.timer !== null) clearTimeout(this.timer);
      this.timer = null;
    }
    job.resolve(reply);
  }

  private answer(res: Response): void {
    const job = this.running;
    if (!job || res?.id !== job.id) return; // an answer nobody waits for (an abandoned request's): dropped
    this.crashesInARow = 0;
    if (isProgress(res)) {
      job.onProgress?.(res);
      return;
    }
    if (res.type === 'build' && Array.isArray(res.cacheKeys)) rememberKeys(this.cacheKeys, res.cacheKeys);
    // A newer check (or build) is waiting: this answer is about text that is gone.
    const stale = !NEVER_COALESCED.has(job.req.type) && this.queue.some((q) => q.req.type === job.req.type || (job.req.type === 'suggest' && q.req.type === 'build'));
    this.finish(job, stale ? { id: job.id, type: 'superseded' } : res);
    this.pump();
  }

  private overTime(job: Job): void {
    if (this.running !== job) return;
    const kind = job.req.type;
    const message = timeoutMessage(kind, this.limits[kind]);
    if (kind === 'init') this.crashesInARow++;
    this.finish(job, { id: job.id, type: 'error', reason: 'timeout', message });
    if (this.crashesInARow >= MAX_CRASHES_IN_A_ROW) {
      this.giveUp(`Stagecraft’s engine did not start after ${MAX_CRASHES_IN_A_ROW} tries. Your text is unchanged; reload the page to try again.`, true);
      return;
    }
    this.restart();
    this.onNotice({ reason: 'timeout', kind, message });
    this.pump();
  }

  private crash(detail: string): void {
    const job = this.running;
    this.crashesInARow++;
    if (this.crashesInARow >= MAX_CRASHES_IN_A_ROW) {
      this.giveUp(`Stagecraft’s engine stopped working (${detail}) and did not recover after ${MAX_CRASHES_IN_A_ROW} restarts. Your text is unchanged; reload the page to try again.`, true);
      return;
    }
    const message = `Stagecraft’s engine stopped unexpectedly (${detail}), so it was restarted. Your text is unchanged; edit or build again.`;
    if (job) this.finish(job, { id: job.id, type: 'error', reason: 'crash', message });
    this.restart();
    this.onNotice({ reason: 'crash', kind: job?.req.type ?? null, message });
    this.pump();
  }

  /** A new worker, given the exercise (and the build cache so far) again before anything else. */
  private restart(): void {
    this.stopWorker();
    this.start();
    if (this.stopped || !this.initData) return;
    const data = this.initData;
    const req: EngineRequest = this.cacheKeys.size ? { type: 'init', data, cache: [...this.cacheKeys] } : { type: 'init', data };
    this.queue.unshift({ id: this.next++, req, resolve: () => undefined });
  }

  private stopWorker(): void {
    const worker = this.worker;
    this.worker = null;
    if (!worker) return;
    worker.onmessage = null;
    worker.onerror = null;
    worker.onmessageerror = null;
    worker.terminate();
  }

  private giveUp(message: string, notify: boolean): void {
    const job = this.running;
    this.stopped = message;
    if (job) this.finish(job, { id: job.id, type: 'error', reason: 'stopped', message });
    for (const q of this.queue.splice(0)) q.resolve({ id: q.id, type: 'error', reason: 'stopped', message });
    this.stopWorker();
    if (notify) this.onNotice({ reason: 'stopped', kind: job?.req.type ?? null, message });
  }
}

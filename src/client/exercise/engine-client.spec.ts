import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ExerciseData } from '../../lessons/exercise-data';
import {
  BUILD_LIMIT_MS, CHECK_LIMIT_MS, EngineClient, MAX_CRASHES_IN_A_ROW, testDelayFromPage,
  type EngineNotice, type EngineReply,
} from './engine-client';
import { MAX_CACHE_KEYS, rememberKeys, type CheckView, type Request, type Response } from './protocol';

/** A Worker as the client sees it: messages in, answers out, nothing run. */
class FakeWorker {
  posted: Request[] = [];
  terminated = false;
  onmessage: ((e: MessageEvent<Response>) => void) | null = null;
  onerror: ((e: Event) => void) | null = null;
  onmessageerror: ((e: MessageEvent) => void) | null = null;
  postMessage(message: Request): void {
    if (this.terminated) throw new Error('posted to a terminated worker');
    this.posted.push(structuredClone(message));
  }
  terminate(): void {
    this.terminated = true;
  }
  /** The worker answers its oldest unanswered request. */
  answer(make: (req: Request) => Response = defaultAnswer): void {
    const req = this.posted[this.answered++];
    if (!req) throw new Error('nothing to answer');
    this.onmessage?.({ data: make(req) } as MessageEvent<Response>);
  }
  answered = 0;
  get last(): Request | undefined {
    return this.posted[this.posted.length - 1];
  }
  crash(message = 'boom'): void {
    this.onerror?.(Object.assign(new Event('error'), { message }));
  }
  garble(): void {
    this.onmessageerror?.({} as MessageEvent);
  }
}

const emptyCheck: CheckView = { diagnostics: [], goals: [], contextErrors: [], stages: [] };
function defaultAnswer(req: Request): Response {
  if (req.type === 'init') return { id: req.id, type: 'ready' };
  if (req.type === 'check') return { id: req.id, type: 'check', result: { ...emptyCheck, contextErrors: [req.files.Dockerfile ?? ''] } };
  return { id: req.id, type: 'error', message: 'no builds in the fake' };
}

const data = { lesson: 'stages' } as unknown as ExerciseData;
const files = (text: string) => ({ Dockerfile: text });
/** Lets resolved promises run their callbacks. */
const settle = () => new Promise<void>((r) => queueMicrotask(r)).then(() => undefined);

function setup(options: { failToCreate?: boolean } = {}) {
  const workers: FakeWorker[] = [];
  const notices: EngineNotice[] = [];
  const client = new EngineClient({
    createWorker: () => {
      if (options.failToCreate) throw new Error('Workers are off');
      const w = new FakeWorker();
      workers.push(w);
      return w as unknown as Worker;
    },
    onNotice: (n) => notices.push(n),
    testDelay: null,
  });
  const current = () => workers[workers.length - 1]!;
  return { client, workers, notices, current };
}

/** Tracks a reply: `value` once the promise has settled. */
function track(p: Promise<EngineReply>) {
  const t: { value: EngineReply | undefined } = { value: undefined };
  void p.then((v) => (t.value = v));
  return t;
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('EngineClient', () => {
  it('sends init first, then one request at a time, and delivers the answers', async () => {
    const { client, current } = setup();
    const ready = track(client.send({ type: 'init', data }));
    const check = track(client.send({ type: 'check', files: files('FROM a') }));
    expect(current().posted.map((r) => r.type)).toEqual(['init']);
    current().answer();
    await settle();
    expect(ready.value?.type).toBe('ready');
    expect(current().posted.map((r) => r.type)).toEqual(['init', 'check']);
    current().answer();
    await settle();
    expect(check.value).toMatchObject({ type: 'check', result: { contextErrors: ['FROM a'] } });
  });

  it('sends only the latest waiting check, and drops the answer to a check a newer one superseded', async () => {
    const { client, current } = setup();
    void client.send({ type: 'init', data });
    current().answer();
    const a = track(client.send({ type: 'check', files: files('A') }));
    await settle();
    const b = track(client.send({ type: 'check', files: files('B') }));
    const c = track(client.send({ type: 'check', files: files('C') }));
    await settle();
    expect(b.value?.type).toBe('superseded');
    expect(current().posted.map((r) => r.type === 'check' && r.files.Dockerfile)).toEqual([false, 'A']);
    current().answer(); // A's answer: C is waiting, so A's text is gone
    await settle();
    expect(a.value?.type).toBe('superseded');
    expect(current().last).toMatchObject({ type: 'check', files: { Dockerfile: 'C' } });
    current().answer();
    await settle();
    expect(c.value).toMatchObject({ type: 'check', result: { contextErrors: ['C'] } });
  });

  it('a new build supersedes the suggestions for the build before it, waiting or running', async () => {
    const { client, current } = setup();
    void client.send({ type: 'init', data });
    current().answer();
    const check = track(client.send({ type: 'check', files: files('A') }));
    const waiting = track(client.send({ type: 'suggest', files: files('A') }));
    await settle();
    const build = track(client.send({ type: 'build', files: files('B') }));
    await settle();
    expect(waiting.value?.type).toBe('superseded');
    current().answer(); // the check
    await settle();
    expect(check.value?.type).toBe('check');
    expect(current().last).toMatchObject({ type: 'build', files: { Dockerfile: 'B' } });
    const running = track(client.send({ type: 'suggest', files: files('B') }));
    current().answer(); // the build
    await settle();
    expect(build.value?.type).toBe('error');
    expect(current().last).toMatchObject({ type: 'suggest', files: { Dockerfile: 'B' } });
    const next = track(client.send({ type: 'build', files: files('C') }));
    current().answer(); // the suggestions for B, answered while the build of C waits
    await settle();
    expect(running.value?.type).toBe('superseded');
    expect(current().last).toMatchObject({ type: 'build', files: { Dockerfile: 'C' } });
    expect(next.value).toBeUndefined();
  });

  it('a check over its time limit is abandoned: error in words, worker restarted with init, the newer check sent to it', async () => {
    const { client, workers, current, notices } = setup();
    void client.send({ type: 'init', data });
    current().answer();
    const slow = track(client.send({ type: 'check', files: files('slow') }));
    await settle();
    const newer = track(client.send({ type: 'check', files: files('fixed') }));
    vi.advanceTimersByTime(CHECK_LIMIT_MS - 1);
    await settle();
    expect(slow.value).toBeUndefined();
    expect(workers).toHaveLength(1);
    vi.advanceTimersByTime(1);
    await settle();
    expect(slow.value).toMatchObject({ type: 'error', reason: 'timeout' });
    const message = (slow.value as { message: string }).message;
    expect(message).toMatch(/^This Dockerfile took too long to check \(over 4 s\), so Stagecraft stopped: /);
    expect(message).toMatch(/edit the Dockerfile/);
    expect(notices).toEqual([{ reason: 'timeout', kind: 'check', message }]);
    expect(workers[0]!.terminated).toBe(true);
    expect(workers).toHaveLength(2);
    // The new worker gets the same exercise before anything else.
    expect(current().posted).toEqual([{ id: expect.any(Number), type: 'init', data }]);
    current().answer();
    await settle();
    expect(current().last).toMatchObject({ type: 'check', files: { Dockerfile: 'fixed' } });
    current().answer();
    await settle();
    expect(newer.value).toMatchObject({ type: 'check', result: { contextErrors: ['fixed'] } });
  });

  it('an answer from a worker that was stopped is ignored', async () => {
    const { client, workers, current } = setup();
    void client.send({ type: 'init', data });
    current().answer();
    const slow = track(client.send({ type: 'check', files: files('slow') }));
    await settle();
    vi.advanceTimersByTime(CHECK_LIMIT_MS);
    await settle();
    const old = workers[0]!;
    expect(old.onmessage).toBeNull();
    expect(slow.value).toMatchObject({ reason: 'timeout' });
    const next = track(client.send({ type: 'check', files: files('next') }));
    current().answer(); // init
    await settle();
    current().answer();
    await settle();
    expect(next.value?.type).toBe('check');
  });

  it('a build has its own, longer limit and keeps the check behind it waiting, not timed', async () => {
    const { client, current, notices } = setup();
    void client.send({ type: 'init', data });
    current().answer();
    const build = track(client.send({ type: 'build', files: files('b'), target: null }));
    await settle();
    const check = track(client.send({ type: 'check', files: files('c') }));
    vi.advanceTimersByTime(BUILD_LIMIT_MS - 1);
    await settle();
    expect(build.value).toBeUndefined();
    expect(check.value).toBeUndefined();
    vi.advanceTimersByTime(1);
    await settle();
    expect((build.value as { message: string }).message).toMatch(/^This Dockerfile took too long to build \(over 15 s\), so Stagecraft stopped/);
    expect(notices.map((n) => n.kind)).toEqual(['build']);
    current().answer(); // init of the new worker
    await settle();
    expect(current().last).toMatchObject({ type: 'check' });
    // The check's own clock started when it was sent.
    vi.advanceTimersByTime(CHECK_LIMIT_MS - 1);
    current().answer();
    await settle();
    expect(check.value?.type).toBe('check');
  });

  it('a restarted worker is given the step keys of the builds before, so its next build still shows them CACHED', async () => {
    const { client, current } = setup();
    void client.send({ type: 'init', data });
    current().answer();
    const built = (keys: string[]) => (req: Request): Response => ({ id: req.id, type: 'build', result: {} as never, cacheKeys: keys });
    void client.send({ type: 'build', files: files('1') });
    await settle();
    current().answer(built(['k1', 'k2']));
    await settle();
    void client.send({ type: 'build', files: files('2') });
    await settle();
    current().answer(built(['k2', 'k3']));
    await settle();
    void client.send({ type: 'check', files: files('slow') });
    await settle();
    vi.advanceTimersByTime(CHECK_LIMIT_MS);
    await settle();
    expect(current().posted).toEqual([{ id: expect.any(Number), type: 'init', data, cache: ['k1', 'k2', 'k3'] }]);
    // A new exercise from the page starts with no cache, on both sides.
    current().answer();
    void client.send({ type: 'init', data });
    await settle();
    current().answer();
    void client.send({ type: 'check', files: files('slow again') });
    await settle();
    vi.advanceTimersByTime(CHECK_LIMIT_MS);
    await settle();
    expect(current().posted).toEqual([{ id: expect.any(Number), type: 'init', data }]);
  });

  it('keeps at most MAX_CACHE_KEYS step keys, forgetting the oldest', () => {
    const cache = new Set<string>();
    rememberKeys(cache, Array.from({ length: MAX_CACHE_KEYS }, (_, i) => `k${i}`));
    rememberKeys(cache, ['k0', 'new']);
    expect(cache.size).toBe(MAX_CACHE_KEYS);
    expect(cache.has('k1')).toBe(false);
    expect(cache.has('k0')).toBe(true);
    expect([...cache].slice(-2)).toEqual(['k0', 'new']);
  });

  it('a newer build supersedes a waiting one', async () => {
    const { client, current } = setup();
    void client.send({ type: 'init', data });
    const one = track(client.send({ type: 'build', files: files('1') }));
    const two = track(client.send({ type: 'build', files: files('2') }));
    await settle();
    expect(one.value?.type).toBe('superseded');
    current().answer();
    await settle();
    expect(current().last).toMatchObject({ type: 'build', files: { Dockerfile: '2' } });
    current().answer();
    await settle();
    expect(two.value?.type).toBe('error');
  });

  for (const [how, fail] of [['onerror', (w: FakeWorker) => w.crash('out of memory')], ['onmessageerror', (w: FakeWorker) => w.garble()]] as const) {
    it(`${how}: the waiting request answers an error, the worker restarts with a notice, queued work goes on`, async () => {
      const { client, workers, current, notices } = setup();
      void client.send({ type: 'init', data });
      current().answer();
      const running = track(client.send({ type: 'check', files: files('x') }));
      await settle();
      const queued = track(client.send({ type: 'build', files: files('y') }));
      fail(current());
      await settle();
      expect(running.value).toMatchObject({ type: 'error', reason: 'crash' });
      expect((running.value as { message: string }).message).toMatch(/stopped unexpectedly .* restarted/);
      expect(notices).toHaveLength(1);
      expect(notices[0]).toMatchObject({ reason: 'crash', kind: 'check' });
      expect(workers[0]!.terminated).toBe(true);
      expect(current().posted.map((r) => r.type)).toEqual(['init']);
      current().answer();
      await settle();
      expect(current().last).toMatchObject({ type: 'build', files: { Dockerfile: 'y' } });
      current().answer();
      await settle();
      expect(queued.value?.type).toBe('error'); // the fake's answer to builds
      expect(queued.value).not.toHaveProperty('reason');
    });
  }

  it('a crash with nothing running still restarts the worker and says so', async () => {
    const { client, workers, current, notices } = setup();
    void client.send({ type: 'init', data });
    current().answer();
    await settle();
    current().crash();
    expect(workers).toHaveLength(2);
    expect(notices).toMatchObject([{ reason: 'crash', kind: null }]);
    expect(current().posted.map((r) => r.type)).toEqual(['init']);
  });

  it(`stops restarting after ${MAX_CRASHES_IN_A_ROW} crashes in a row, and then answers at once`, async () => {
    const { client, workers, current, notices } = setup();
    const ready = track(client.send({ type: 'init', data }));
    const check = track(client.send({ type: 'check', files: files('x') }));
    for (let i = 0; i < MAX_CRASHES_IN_A_ROW; i++) current().crash('script failed to load');
    await settle();
    expect(workers).toHaveLength(MAX_CRASHES_IN_A_ROW);
    expect(workers.every((w) => w.terminated)).toBe(true);
    expect(ready.value).toMatchObject({ type: 'error', reason: 'crash' });
    expect(check.value).toMatchObject({ type: 'error', reason: 'stopped' });
    expect(notices[notices.length - 1]).toMatchObject({ reason: 'stopped' });
    expect(notices[notices.length - 1]!.message).toMatch(/reload the page/);
    const later = track(client.send({ type: 'check', files: files('y') }));
    await settle();
    expect(later.value).toMatchObject({ type: 'error', reason: 'stopped' });
    expect(workers).toHaveLength(MAX_CRASHES_IN_A_ROW);
  });

  it('a good answer between crashes resets the count', async () => {
    const { client, workers, current } = setup();
    void client.send({ type: 'init', data });
    for (let i = 0; i < MAX_CRASHES_IN_A_ROW * 2; i++) {
      current().answer(); // init of this worker
      current().crash();
    }
    expect(workers).toHaveLength(MAX_CRASHES_IN_A_ROW * 2 + 1);
    const check = track(client.send({ type: 'check', files: files('ok') }));
    current().answer();
    await settle();
    current().answer();
    await settle();
    expect(check.value?.type).toBe('check');
  });

  it('a browser without workers gets an answer, not a hang', async () => {
    const { client, notices } = setup({ failToCreate: true });
    const ready = track(client.send({ type: 'init', data }));
    await settle();
    expect(ready.value).toMatchObject({ type: 'error', reason: 'stopped' });
    expect(notices[0]!.message).toMatch(/could not start in this browser \(Workers are off\)/);
  });

  it('sends the test-only delay with init only when it is given', async () => {
    const plain = setup();
    void plain.client.send({ type: 'init', data });
    expect(plain.current().posted[0]).not.toHaveProperty('testDelay');

    const w = new FakeWorker();
    const client = new EngineClient({ createWorker: () => w as unknown as Worker, testDelay: { ms: 9000, ifIncludes: 'A29' } });
    void client.send({ type: 'init', data });
    expect(w.posted[0]).toMatchObject({ type: 'init', testDelay: { ms: 9000, ifIncludes: 'A29' } });
    w.answer();
    void client.send({ type: 'check', files: files('x') });
    await settle();
    expect(w.posted[1]).not.toHaveProperty('testDelay');
  });

  it('whatever happens, every request settles', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom('check', 'build', 'answer', 'crash', 'garble', 'tick', 'long'), { maxLength: 40 }),
        async (events) => {
          const { client, current } = setup();
          const replies = [track(client.send({ type: 'init', data }))];
          for (const e of events) {
            const w = current();
            if (e === 'check' || e === 'build') replies.push(track(client.send({ type: e, files: files(e) })));
            else if (e === 'answer' && w.answered < w.posted.length && !w.terminated) w.answer();
            else if (e === 'crash' && !w.terminated) w.crash();
            else if (e === 'garble' && !w.terminated) w.garble();
            else if (e === 'tick') vi.advanceTimersByTime(1000);
            else if (e === 'long') vi.advanceTimersByTime(BUILD_LIMIT_MS);
            await settle();
          }
          // However the worker behaves from here (it never answers), the limits end every wait.
          for (let i = 0; i < replies.length + 2; i++) {
            vi.advanceTimersByTime(60_000);
            await settle();
          }
          expect(replies.filter((r) => r.value === undefined)).toHaveLength(0);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('the test-only delay', () => {
  it('is inert unless a test set it to the expected shape', () => {
    expect(testDelayFromPage({})).toBeNull();
    expect(testDelayFromPage(null)).toBeNull();
    expect(testDelayFromPage({ __stagecraftTestDelay: 5000 })).toBeNull();
    expect(testDelayFromPage({ __stagecraftTestDelay: { ms: '5000' } })).toBeNull();
    expect(testDelayFromPage({ __stagecraftTestDelay: { ms: -1 } })).toBeNull();
    expect(testDelayFromPage({ __stagecraftTestDelay: { ms: Infinity } })).toBeNull();
    expect(testDelayFromPage({ __stagecraftTestDelay: { ms: 5000 } })).toEqual({ ms: 5000 });
    expect(testDelayFromPage({ __stagecraftTestDelay: { ms: 5000, ifIncludes: 'A29' } })).toEqual({ ms: 5000, ifIncludes: 'A29' });
    expect(testDelayFromPage({ __stagecraftTestDelay: { ms: 1e9 } })).toEqual({ ms: 120_000 });
  });
});

describe('terminal lines', () => {
  it('streams a line’s output to onProgress and settles on its last answer', async () => {
    const { client, current } = setup();
    void client.send({ type: 'init', data });
    current().answer();
    const seen: string[] = [];
    const reply = track(client.send({ type: 'shell', line: 'docker images', files: files('FROM a') }, (r) => seen.push(r.type === 'shell-output' ? r.text : r.type)));
    const req = current().last!;
    current().onmessage?.({ data: { id: req.id, type: 'shell-output', stream: 'out', text: 'REPOSITORY\n' } } as MessageEvent<Response>);
    current().onmessage?.({ data: { id: req.id, type: 'shell-clear' } } as MessageEvent<Response>);
    await settle();
    expect(seen).toEqual(['REPOSITORY\n', 'shell-clear']);
    expect(reply.value).toBeUndefined();
    current().onmessage?.({ data: { id: req.id, type: 'shell', status: 0, prompt: '~/p' } } as MessageEvent<Response>);
    await settle();
    expect(reply.value).toEqual({ id: req.id, type: 'shell', status: 0, prompt: '~/p' });
  });

  it('runs every line in order: a line waiting behind another is never superseded', async () => {
    const { client, current } = setup();
    void client.send({ type: 'init', data });
    current().answer();
    const first = track(client.send({ type: 'shell', line: 'ls', files: files('') }));
    const second = track(client.send({ type: 'shell', line: 'pwd', files: files('') }));
    const shellAnswer = (r: Request): Response => ({ id: r.id, type: 'shell', status: 0, prompt: r.type === 'shell' ? r.line : '' });
    current().answer(shellAnswer);
    await settle();
    expect(first.value).toMatchObject({ type: 'shell', prompt: 'ls' });
    current().answer(shellAnswer);
    await settle();
    expect(second.value).toMatchObject({ type: 'shell', prompt: 'pwd' });
  });

  it('a line over its limit restarts the worker and says the terminal starts again', async () => {
    const { client, current, notices, workers } = setup();
    void client.send({ type: 'init', data });
    current().answer();
    const reply = track(client.send({ type: 'shell', line: 'docker build .', files: files('') }));
    vi.advanceTimersByTime(30_001);
    await settle();
    expect(reply.value).toMatchObject({ type: 'error', reason: 'timeout' });
    expect(notices[0]?.message).toContain('images built before are gone');
    expect(workers).toHaveLength(2);
  });
});

/**
 * The event streams over a real socket (127.0.0.1, a free port), with real timers and
 * short, bounded waits.
 */
import type { Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { AttendeeEvent, DashboardEvent } from './protocol';
import { report, testServer, type TestServer } from './spec-helpers';

interface Stream {
  events: Array<{ id: string | null; data: unknown }>;
  /** Resolves with the first event (from now on, or already received when `from` is given) that matches. */
  next(match: (data: unknown) => boolean, timeoutMs?: number, from?: number): Promise<unknown>;
  ended: Promise<void>;
  close(): void;
}

let t: TestServer;
let server: Server | null = null;
let base = '';
const streams: Stream[] = [];

async function start(options: Parameters<typeof testServer>[0] = {}): Promise<void> {
  t = testServer({ pushGapMs: 250, ...options });
  const listening = await t.server.listen(0, '127.0.0.1');
  server = listening.server;
  base = `http://127.0.0.1:${listening.port}`;
}

afterEach(async () => {
  for (const s of streams.splice(0)) s.close();
  t?.dispose();
  if (server) {
    server.closeAllConnections();
    await new Promise((done) => server!.close(done));
  }
  server = null;
});

async function open(path: string, headers: Record<string, string> = {}): Promise<Stream> {
  const abort = new AbortController();
  const res = await fetch(`${base}${path}`, { headers, signal: abort.signal });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const events: Stream['events'] = [];
  const waiters: Array<() => void> = [];
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let lastId: string | null = null;
  const ended = (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let at;
        while ((at = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, at);
          buffer = buffer.slice(at + 2);
          const data = block.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
          const id = block.split('\n').find((l) => l.startsWith('id: '));
          if (id) lastId = id.slice(4);
          if (data) events.push({ id: lastId, data: JSON.parse(data) });
          for (const w of waiters.splice(0)) w();
        }
      }
    } catch {
      // Aborted.
    }
    for (const w of waiters.splice(0)) w();
  })();
  const stream: Stream = {
    events,
    ended,
    close: () => abort.abort(),
    async next(match, timeoutMs = 1000, from = events.length) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const hit = events.slice(from).find((e) => match(e.data));
        if (hit) return hit.data;
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no matching event within ${timeoutMs} ms; got ${JSON.stringify(events.map((e) => e.data)).slice(0, 500)}`);
        await new Promise<void>((done) => {
          const timer = setTimeout(done, left);
          waiters.push(() => (clearTimeout(timer), done()));
        });
      }
    },
  };
  streams.push(stream);
  return stream;
}

const post = (path: string, auth: string, body?: unknown) =>
  fetch(`${base}${path}`, { method: 'POST', headers: { authorization: `Bearer ${auth}`, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

const isType = (type: string) => (d: unknown) => (d as { type?: string }).type === type;

describe('class server: event streams', () => {
  it('delivers an announcement and a hint to every connected attendee within a second', async () => {
    await start();
    const a = await t.join('Ada');
    const b = await t.join('Bo');
    const sa = await open(`/api/events?token=${a.token}`);
    const sb = await open(`/api/events?token=${b.token}`);
    const sent = Date.now();
    expect((await post('/api/dashboard/announce', t.store.key, { text: 'Break until 11:00' })).status).toBe(204);
    for (const s of [sa, sb]) expect(await s.next(isType('announcement'), 1000, 0)).toMatchObject({ type: 'announcement', text: 'Break until 11:00' });
    expect(Date.now() - sent).toBeLessThan(1000);
    await post('/api/dashboard/hint', t.store.key, { lesson: 'stages', text: 'Name the first stage' });
    expect(await sa.next(isType('hint'), 1000, 0)).toMatchObject({ type: 'hint', lesson: 'stages', text: 'Name the first stage' });
  });

  it('tells only that attendee their hand was answered', async () => {
    await start();
    const a = await t.join('Ada');
    const b = await t.join('Bo');
    const sa = await open(`/api/events?token=${a.token}`);
    const sb = await open(`/api/events?token=${b.token}`);
    await post('/api/hand', a.token, { lesson: 'stages', question: 'help' });
    await post(`/api/dashboard/hands/${a.attendee}/answer`, t.store.key);
    expect(await sa.next(isType('hand-answered'), 1000, 0)).toEqual({ type: 'hand-answered' });
    // Bo's stream hears the next broadcast and nothing before it.
    await post('/api/dashboard/announce', t.store.key, { text: 'marker' });
    await sb.next(isType('announcement'), 1000, 0);
    expect(sb.events.map((e) => (e.data as AttendeeEvent).type)).toEqual(['announcement']);
  });

  it('says `gone` to an unknown token and to an attendee who left, and ends the stream', async () => {
    await start();
    const unknown = await open('/api/events?token=nobody', { accept: 'text/event-stream' });
    expect(await unknown.next(isType('gone'), 1000, 0)).toEqual({ type: 'gone' });
    await unknown.ended;
    // Asked with fetch for JSON (a page checking why its stream failed): a plain 401.
    const checked = await fetch(`${base}/api/events?token=nobody`, { headers: { accept: 'application/json' } });
    expect(checked.status).toBe(401);
    expect(((await checked.json()) as { error: string }).error).toMatch(/join again/);
    const a = await t.join('Ada');
    const sa = await open(`/api/events?token=${a.token}`);
    const from = sa.events.length;
    expect((await post('/api/leave', a.token)).status).toBe(204);
    expect(await sa.next(isType('gone'), 1000, from)).toEqual({ type: 'gone' });
    await sa.ended;
    expect(t.server.streams().attendees).toBe(0);
  });

  it('replays what a reconnecting page missed (Last-Event-ID), and nothing older on a fresh connection', async () => {
    await start();
    const a = await t.join('Ada');
    await post('/api/dashboard/announce', t.store.key, { text: 'one' });
    const first = await open(`/api/events?token=${a.token}`);
    await post('/api/dashboard/announce', t.store.key, { text: 'two' });
    await first.next(isType('announcement'), 1000, 0);
    expect(first.events.map((e) => (e.data as { text: string }).text)).toEqual(['two']);
    const lastId = first.events.at(-1)!.id!;
    first.close();
    await post('/api/dashboard/announce', t.store.key, { text: 'three' });
    await post('/api/dashboard/hint', t.store.key, { lesson: 'stages', text: 'four' });
    const again = await open(`/api/events?token=${a.token}`, { 'last-event-id': lastId });
    await again.next(isType('hint'), 1000, 0);
    expect(again.events.map((e) => (e.data as { text: string }).text)).toEqual(['three', 'four']);
  });

  it('pushes the dashboard state within a second of a change, coalescing a burst', async () => {
    await start({ limits: { attendee: { burst: 1000, perSecond: 100 } } });
    const dash = await open(`/api/dashboard/events?key=${encodeURIComponent(t.store.key)}`);
    const initial = (await dash.next(isType('state'), 1000, 0)) as DashboardEvent;
    expect(initial.state.attendees).toEqual([]);
    const a = await t.join('Ada');
    const sent = Date.now();
    const from = dash.events.length;
    await post('/api/progress', a.token, report({ builds: 1 }));
    const pushed = (await dash.next((d) => (d as DashboardEvent).state?.attendees[0]?.lessons.stages?.builds === 1, 1000, from)) as DashboardEvent;
    expect(Date.now() - sent).toBeLessThan(1000);
    expect(pushed.state.attendees[0]!.name).toBe('Ada');

    // 40 changes in about 200 ms: a handful of pushes (at most 4 a second), the last one current.
    const before = dash.events.length;
    const burstStart = Date.now();
    for (let i = 2; i <= 41; i++) await post('/api/progress', a.token, report({ builds: i }));
    await dash.next((d) => (d as DashboardEvent).state?.attendees[0]?.lessons.stages?.builds === 41, 1000, before);
    const pushes = dash.events.length - before;
    const seconds = (Date.now() - burstStart) / 1000;
    expect(pushes).toBeGreaterThanOrEqual(1);
    expect(pushes).toBeLessThanOrEqual(Math.ceil(seconds * 4) + 1);
  });

  it('keeps to the push rate while heartbeats push too', async () => {
    await start({ heartbeatMs: 300, limits: { attendee: { burst: 10_000, perSecond: 1000 } } });
    const dash = await open(`/api/dashboard/events?key=${encodeURIComponent(t.store.key)}`);
    const a = await t.join('Ada');
    const began = Date.now();
    const from = dash.events.length;
    for (let i = 1; Date.now() - began < 2400; i++) {
      await post('/api/progress', a.token, report({ builds: i }));
      await new Promise((done) => setTimeout(done, 10));
    }
    const seconds = (Date.now() - began) / 1000;
    // At most 4 a second for changes plus one per heartbeat (a push scheduled before a heartbeat is not made twice).
    expect(dash.events.length - from).toBeLessThanOrEqual(Math.ceil(seconds * 4 + seconds / 0.3) + 2);
  });

  it('closes every stream when the server closes', async () => {
    await start();
    const a = await t.join('Ada');
    const sa = await open(`/api/events?token=${a.token}`);
    const dash = await open(`/api/dashboard/events?key=${encodeURIComponent(t.store.key)}`);
    expect(t.server.streams()).toEqual({ attendees: 1, dashboards: 1 });
    t.server.close();
    await Promise.all([sa.ended, dash.ended]);
    expect(t.server.streams()).toEqual({ attendees: 0, dashboards: 0 });
  });
});

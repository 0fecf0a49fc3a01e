/**
 * The class server: the built course and the class API (src/class/protocol.ts) on one
 * origin, for `stagecraft class` on the instructor's laptop.
 *
 * It trusts nobody:
 * - Every response carries the site's security headers (src/site/headers.mjs), errors included.
 * - The Host header must name an address the server is served on (DNS rebinding: a page on
 *   an attacker's domain that resolves to this laptop is refused), else 403.
 * - No CORS: no Access-Control-Allow-Origin ever; a request whose Origin header is present
 *   and is not this server's own origin is refused (403) before it does anything.
 * - Bodies are size-limited (MAX_BODY_BYTES, 413) before they are parsed, then validated
 *   with the protocol's zod schemas (400, with the first problem as a sentence); nothing is
 *   stored from a request that fails.
 * - Dashboard endpoints need the instructor's key (401 without; compared in constant time);
 *   attendee endpoints need the attendee's token (stored hashed).
 * - Token buckets: joins per client address, requests per attendee (429 with Retry-After).
 * - An attendee's event stream carries only what is sent to everyone (announcements, hints)
 *   and their own hand being answered; nothing of one attendee reaches another.
 * - Names are data: they go out as JSON and CSV, never inside HTML built here.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { Hono, type Context } from 'hono';
import type { z } from 'zod';
import { pathHeaders, securityHeaders } from '../site/headers.mjs';
import {
  announceRequest, handRequest, joinRequest, MAX_BODY_BYTES, progressReport, pushHintRequest,
  type AttendeeEvent, type ClassInfo, type JoinResponse,
} from './protocol';
import { DashboardModel } from './dashboard';
import { classCsv, submissionsExport } from './export';
import { createStaticServer, type StaticServer } from './static';
import type { AttendeeRecord, ClassStore } from './store';

export interface RateLimit {
  /** Requests allowed at once. */
  burst: number;
  /** Requests allowed per second after that. */
  perSecond: number;
}

export interface ClassLimits {
  /** Joins per client address. */
  join: RateLimit;
  /** Requests per attendee (progress, hand, leave). */
  attendee: RateLimit;
  maxAttendees: number;
  /** Event streams one attendee may hold (tabs); the oldest is closed beyond that. */
  streamsPerAttendee: number;
}

export const DEFAULT_LIMITS: ClassLimits = {
  join: { burst: 10, perSecond: 1 / 6 },
  // A page reports after each check and build; a few a second at most.
  attendee: { burst: 40, perSecond: 4 },
  maxAttendees: 1000,
  streamsPerAttendee: 4,
};

export interface ClassServerOptions {
  store: ClassStore;
  /** The built course; null serves the API alone. */
  distDir: string | null;
  /** The clock for what is stored and shown (tests move it). */
  now?: () => number;
  /** No progress for this long on the lesson they are on: stuck (default 10). */
  stuckMinutes?: number;
  /** The course's lessons in order; progress for any other lesson is refused. Empty: any lesson id. */
  lessons?: ReadonlyArray<{ id: string; title: string }>;
  /**
   * Host names (without port) the server answers to, besides localhost, *.localhost,
   * 127.0.0.1 and [::1]; a function is asked again when a Host is not found (the laptop's
   * address may change during a workshop).
   */
  hosts?: readonly string[] | (() => Iterable<string>);
  limits?: Partial<ClassLimits>;
  /** The client's address, for rate limits (default: the socket's remote address). */
  clientAddress?: (c: Context) => string;
  /** Least time between two dashboard pushes (default 250 ms: at most 4 a second). */
  pushGapMs?: number;
  /** Keep-alive comment and dashboard refresh interval (default 15 s). */
  heartbeatMs?: number;
}

export interface ClassServer {
  app: Hono<AppEnv>;
  /** The app's fetch handler (what tests call through app.request). */
  fetch: (request: Request, env?: unknown) => Response | Promise<Response>;
  /** Open event streams: attendees' and dashboards'. */
  streams(): { attendees: number; dashboards: number };
  /** Listens with Node's HTTP server; resolves with it and its port. */
  listen(port: number, host: string): Promise<{ server: Server; port: number }>;
  /** Ends every event stream and stops the timers (the store stays open: its owner closes it). */
  close(): void;
  staticFiles: StaticServer | null;
}

type AppEnv = { Variables: { attendee: AttendeeRecord } };

/** An error answer: `{ "error": "A sentence." }`. */
function fail(c: Context, status: 400 | 401 | 403 | 404 | 405 | 413 | 429 | 500, message: string, headers: Record<string, string> = {}): Response {
  return c.json({ error: sentence(message) }, status, headers);
}

/** "a display name is needed" → "A display name is needed." */
export function sentence(message: string): string {
  const m = message.trim();
  if (!m) return 'Something is wrong with the request.';
  return `${m[0]!.toUpperCase()}${m.slice(1)}${/[.!?]$/.test(m) ? '' : '.'}`;
}

/** Messages for zod's own issues that name the field (the protocol's own messages win when it has one). */
function issueMessage(iss: { code?: string; path?: PropertyKey[]; input?: unknown; expected?: unknown; keys?: string[]; maximum?: unknown; minimum?: unknown; origin?: unknown }): string | undefined {
  const path = (iss.path ?? []).map(String).join('.');
  const field = path ? `the field "${path}"` : 'the body';
  switch (iss.code) {
    case 'invalid_type':
      if (iss.input === undefined) return `${field} is missing`;
      return `${field} should be ${iss.expected === 'object' || iss.expected === 'record' ? 'an object' : iss.expected === 'array' ? 'a list' : `a ${String(iss.expected)}`}`;
    case 'unrecognized_keys':
      return `${field} has ${iss.keys && iss.keys.length > 1 ? 'unknown fields' : 'an unknown field'} ${(iss.keys ?? []).map((k) => JSON.stringify(k)).join(', ')}`;
    case 'too_big':
      return iss.origin === 'string' ? `${field} is longer than ${String(iss.maximum)} characters` : `${field} is larger than ${String(iss.maximum)}`;
    case 'too_small':
      return iss.origin === 'string' ? `${field} is empty` : `${field} is smaller than ${String(iss.minimum)}`;
    default:
      return path ? `${field} is not valid` : undefined;
  }
}

class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(private readonly limit: RateLimit, private readonly now: () => number) {}

  /** Takes one token; the seconds to wait when there is none. */
  take(key: string): { ok: true } | { ok: false; retryAfter: number } {
    const t = this.now();
    let b = this.buckets.get(key);
    if (!b) {
      if (this.buckets.size >= 10_000) this.prune(t);
      b = { tokens: this.limit.burst, at: t };
      this.buckets.set(key, b);
    }
    b.tokens = Math.min(this.limit.burst, b.tokens + (Math.max(0, t - b.at) / 1000) * this.limit.perSecond);
    b.at = t;
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfter: Math.max(1, Math.ceil((1 - b.tokens) / this.limit.perSecond)) };
  }

  forget(key: string): void {
    this.buckets.delete(key);
  }

  /** Buckets that have filled up again hold nothing worth keeping. */
  private prune(t: number): void {
    for (const [k, b] of this.buckets) if (b.tokens + ((t - b.at) / 1000) * this.limit.perSecond >= this.limit.burst) this.buckets.delete(k);
  }
}

const encoder = new TextEncoder();
const KEEP_ALIVE = encoder.encode(': keep-alive\n\n');

/** One open text/event-stream response; writes never wait (a client that falls far behind is dropped and reconnects). */
class EventStream {
  readonly response: Response;
  private controller!: ReadableStreamDefaultController<Uint8Array>;
  private done = false;
  private readonly onEnd: () => void;

  constructor(onEnd: () => void, private readonly maxQueued: number) {
    this.onEnd = onEnd;
    const body = new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          this.controller = controller;
        },
        cancel: () => this.finish(),
      },
      // Counted in bytes: what the client has not read yet.
      new ByteLengthQueuingStrategy({ highWaterMark: 0 }),
    );
    this.response = new Response(body, {
      status: 200,
      headers: {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store',
        'X-Accel-Buffering': 'no',
      },
    });
  }

  get closed(): boolean {
    return this.done;
  }

  write(text: string | Uint8Array): void {
    if (this.done) return;
    if ((this.controller.desiredSize ?? 0) < -this.maxQueued) {
      this.close();
      return;
    }
    try {
      this.controller.enqueue(typeof text === 'string' ? encoder.encode(text) : text);
    } catch {
      this.finish();
    }
  }

  send(data: unknown, id?: number): void {
    this.write(`${id === undefined ? '' : `id: ${id}\n`}data: ${JSON.stringify(data)}\n\n`);
  }

  close(): void {
    if (this.done) return;
    try {
      this.controller.close();
    } catch {
      // Already errored or cancelled.
    }
    this.finish();
  }

  private finish(): void {
    if (this.done) return;
    this.done = true;
    this.onEnd();
  }
}

export function createClassServer(options: ClassServerOptions): ClassServer {
  const { store } = options;
  const now = options.now ?? Date.now;
  const stuckMinutes = options.stuckMinutes ?? 10;
  const courseLessons = [...(options.lessons ?? [])];
  const courseLessonIds = new Set(courseLessons.map((l) => l.id));
  const limits: ClassLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const joinBuckets = new TokenBuckets(limits.join, now);
  const attendeeBuckets = new TokenBuckets(limits.attendee, now);
  const pushGapMs = options.pushGapMs ?? 250;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const staticFiles = options.distDir ? createStaticServer(options.distDir) : null;
  const clientAddress = options.clientAddress ?? ((c: Context) => (c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.socket?.remoteAddress ?? 'unknown');

  // ---- Host check (DNS rebinding) ----
  const fixedHosts = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);
  const hostList = options.hosts;
  let knownHosts = new Set<string>(typeof hostList === 'function' ? [...hostList()] : (hostList ?? []));
  const hostAllowed = (hostname: string): boolean => {
    const h = hostname.toLowerCase();
    if (fixedHosts.has(h) || h.endsWith('.localhost') || knownHosts.has(h)) return true;
    if (typeof hostList === 'function') {
      knownHosts = new Set([...hostList()].map((x) => x.toLowerCase()));
      return knownHosts.has(h);
    }
    return false;
  };

  // ---- Event streams ----
  const attendeeStreams = new Map<number, Set<EventStream>>();
  const dashboardStreams = new Set<EventStream>();
  let pushTimer: ReturnType<typeof setTimeout> | null = null;
  let lastPush = 0;
  let closed = false;

  const model = new DashboardModel({ store, lessons: courseLessons, stuckMinutes, now });
  const stateEvent = () => model.chunks('data: {"type":"state","state":', '}\n\n');
  const pushState = () => {
    // The heartbeat pushes too: a push scheduled for a change is then done already.
    if (pushTimer) clearTimeout(pushTimer);
    pushTimer = null;
    lastPush = performance.now();
    if (dashboardStreams.size === 0) return;
    const chunks = stateEvent();
    for (const s of dashboardStreams) for (const c of chunks) s.write(c);
  };
  /** Something the dashboard shows changed (of this attendee): push within pushGapMs, coalescing whatever else changes meanwhile. */
  const changed = (seq?: number) => {
    if (seq !== undefined) model.invalidate(seq);
    if (closed || pushTimer || dashboardStreams.size === 0) return;
    const wait = Math.max(10, lastPush + pushGapMs - performance.now());
    pushTimer = setTimeout(pushState, wait);
  };
  const heartbeat = setInterval(() => {
    const t = now();
    for (const [seq, set] of attendeeStreams) {
      for (const s of set) s.write(KEEP_ALIVE);
      // An open stream is a sign of life: "last seen" moves on without a database write.
      model.markSeen(seq, t);
    }
    // The state again: stuck times and "last seen" move with the clock.
    if (dashboardStreams.size) pushState();
  }, heartbeatMs);
  heartbeat.unref();

  const toAttendee = (seq: number, event: AttendeeEvent) => {
    for (const s of attendeeStreams.get(seq) ?? []) s.send(event);
  };
  const broadcast = (event: AttendeeEvent & { id: number }) => {
    const bytes = encoder.encode(`id: ${event.id}\ndata: ${JSON.stringify(event)}\n\n`);
    for (const set of attendeeStreams.values()) for (const s of set) s.write(bytes);
  };

  // ---- Requests ----
  async function readBody<S extends z.ZodType>(c: Context, schema: S): Promise<{ ok: true; data: z.output<S> } | { ok: false; response: Response }> {
    const tooLarge = () => ({ ok: false as const, response: fail(c, 413, `the request body is larger than ${MAX_BODY_BYTES / 1024} KiB`) });
    const declared = Number(c.req.header('content-length') ?? '0');
    if (declared > MAX_BODY_BYTES) return tooLarge();
    const chunks: Uint8Array[] = [];
    let size = 0;
    const reader = c.req.raw.body?.getReader();
    if (reader) {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
        if (size > MAX_BODY_BYTES) {
          await reader.cancel().catch(() => {});
          return tooLarge();
        }
        chunks.push(value);
      }
    }
    const text = Buffer.concat(chunks).toString('utf8');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return { ok: false, response: fail(c, 400, text.trim() ? 'the request body is not valid JSON' : 'the request has no body (JSON expected)') };
    }
    const parsed = schema.safeParse(json, { error: (iss) => issueMessage(iss as Parameters<typeof issueMessage>[0]) });
    if (!parsed.success) return { ok: false, response: fail(c, 400, parsed.error.issues[0]?.message ?? 'the request is not valid') };
    return { ok: true, data: parsed.data };
  }

  const bearer = (c: Context): string | null => {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '');
    return m ? m[1]! : null;
  };

  const lessonKnown = (lesson: string) => courseLessonIds.size === 0 || courseLessonIds.has(lesson);

  const app = new Hono<AppEnv>();

  // Security headers on everything, error answers included; API answers are never cached.
  app.use('*', async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(securityHeaders)) c.res.headers.set(name, value);
    // What some paths get on top, as in dist/_headers (/sw.js: revalidated on every fetch).
    for (const [name, value] of Object.entries(Object.hasOwn(pathHeaders, c.req.path) ? pathHeaders[c.req.path]! : {})) c.res.headers.set(name, value);
    if (c.req.path.startsWith('/api/') && !c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', 'no-store');
  });

  app.use('*', async (c, next) => {
    const url = new URL(c.req.url);
    if (!hostAllowed(url.hostname)) {
      return c.json({ error: `This server does not answer to the host name "${url.hostname}"; open it by the address it printed.` }, 403);
    }
    const origin = c.req.header('origin');
    const isApi = c.req.path.startsWith('/api/');
    const safeMethod = c.req.method === 'GET' || c.req.method === 'HEAD';
    if (origin !== undefined && (isApi || !safeMethod) && origin !== url.origin) {
      return c.json({ error: 'Requests from other sites are not accepted.' }, 403);
    }
    if (Number(c.req.header('content-length') ?? '0') > MAX_BODY_BYTES) {
      return fail(c, 413, `the request body is larger than ${MAX_BODY_BYTES / 1024} KiB`);
    }
    await next();
  });

  app.onError((err, c) => {
    console.error(`stagecraft class: ${c.req.method} ${c.req.path}: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    return fail(c, 500, 'the server could not answer that request (see its terminal)');
  });

  app.get('/api/class', (c) => c.json({ title: store.title, needsCode: true } satisfies ClassInfo));

  app.post('/api/join', async (c) => {
    const bucket = joinBuckets.take(clientAddress(c));
    if (!bucket.ok) return fail(c, 429, 'too many joins from this address; wait a little and try again', { 'Retry-After': String(bucket.retryAfter) });
    const body = await readBody(c, joinRequest);
    if (!body.ok) return body.response;
    if (!store.checkCode(body.data.code)) return fail(c, 403, 'that is not this class’s code');
    if (store.attendeeCount() >= limits.maxAttendees) return fail(c, 403, `this class is full (${limits.maxAttendees} attendees)`);
    const { attendee, token } = store.join(body.data.name, now());
    changed(attendee.seq);
    return c.json({ attendee: attendee.id, token, name: attendee.name } satisfies JoinResponse, 201);
  });

  // Attendee endpoints: the token, then the attendee's own rate limit.
  const attendeeAuth = async (c: Context<AppEnv>, next: () => Promise<void>) => {
    const token = bearer(c);
    const attendee = token ? store.attendeeByToken(token) : null;
    if (!attendee) return fail(c, 401, token ? 'this class does not know you (any more); join again' : 'join the class first (no attendee token)');
    const bucket = attendeeBuckets.take(String(attendee.seq));
    if (!bucket.ok) return fail(c, 429, 'too many requests; slow down', { 'Retry-After': String(bucket.retryAfter) });
    c.set('attendee', attendee);
    await next();
  };

  app.post('/api/leave', attendeeAuth, (c) => {
    const a = c.get('attendee');
    store.leave(a.seq);
    attendeeBuckets.forget(String(a.seq));
    model.forget(a.seq);
    for (const s of [...(attendeeStreams.get(a.seq) ?? [])]) {
      s.send({ type: 'gone' } satisfies AttendeeEvent);
      s.close();
    }
    changed(a.seq);
    return c.body(null, 204);
  });

  app.post('/api/progress', attendeeAuth, async (c) => {
    const body = await readBody(c, progressReport);
    if (!body.ok) return body.response;
    const a = c.get('attendee');
    const report = body.data;
    if (!lessonKnown(report.lesson)) return fail(c, 400, `this course has no lesson "${report.lesson}"`);
    if (courseLessonIds.size === 0) {
      const { count, has } = store.lessonsReported(a.seq, report.lesson);
      if (!has && count >= 100) return fail(c, 400, 'too many lessons reported');
    }
    store.saveProgress(a.seq, report, now());
    changed(a.seq);
    return c.body(null, 204);
  });

  app.post('/api/hand', attendeeAuth, async (c) => {
    const body = await readBody(c, handRequest);
    if (!body.ok) return body.response;
    if (body.data.lesson !== null && !lessonKnown(body.data.lesson)) return fail(c, 400, `this course has no lesson "${body.data.lesson}"`);
    const seq = c.get('attendee').seq;
    store.raiseHand(seq, body.data.lesson, body.data.question, now());
    changed(seq);
    return c.body(null, 204);
  });

  app.delete('/api/hand', attendeeAuth, (c) => {
    const seq = c.get('attendee').seq;
    if (store.lowerHand(seq)) changed(seq);
    return c.body(null, 204);
  });

  app.get('/api/events', (c) => {
    const token = c.req.query('token') ?? bearer(c);
    const attendee = token ? store.attendeeByToken(token) : null;
    if (!attendee) {
      // A page that checks with fetch (Accept: application/json) gets the status; an EventSource
      // (Accept: text/event-stream) gives up for good on an error status without telling the page
      // why, so it hears `gone` in the stream instead.
      if (!(c.req.header('accept') ?? '').includes('text/event-stream')) {
        return fail(c, 401, token ? 'this class does not know you (any more); join again' : 'join the class first (no attendee token)');
      }
      const s = new EventStream(() => {}, 64 * 1024);
      s.send({ type: 'gone' } satisfies AttendeeEvent);
      s.close();
      return s.response;
    }
    const seq = attendee.seq;
    let set = attendeeStreams.get(seq);
    if (!set) attendeeStreams.set(seq, (set = new Set()));
    const mine = set;
    const stream = new EventStream(() => {
      mine.delete(stream);
      if (mine.size === 0 && attendeeStreams.get(seq) === mine) attendeeStreams.delete(seq);
      if (!closed && store.isOpen && store.attendeeById(attendee.id)) {
        store.touch(seq, now());
        changed(seq);
      }
    }, 256 * 1024);
    // Another tab beyond the limit: the oldest stream goes.
    if (mine.size >= limits.streamsPerAttendee) mine.values().next().value?.close();
    mine.add(stream);
    store.touch(seq, now());
    changed(seq);
    // The id line sets the page's Last-Event-ID without an event, so a reconnect asks for what it missed.
    const lastEventId = Number(c.req.header('last-event-id'));
    stream.write(`retry: 3000\nid: ${store.lastMessageId()}\n\n`);
    if (Number.isSafeInteger(lastEventId) && lastEventId >= 0) {
      for (const m of store.messagesAfter(lastEventId, 20)) {
        stream.send(m.kind === 'hint' ? { type: 'hint', id: m.id, lesson: m.lesson ?? '', text: m.text, at: m.at } : { type: 'announcement', id: m.id, text: m.text, at: m.at }, m.id);
      }
    }
    return stream.response;
  });

  // Instructor endpoints: the key as a bearer token, or ?key= where a header cannot be sent (EventSource, a download link).
  const dashboardAuth = async (c: Context<AppEnv>, next: () => Promise<void>) => {
    const key = bearer(c) ?? (c.req.method === 'GET' ? c.req.query('key') ?? null : null);
    if (!key || !store.checkKey(key)) return fail(c, 401, key ? 'wrong dashboard key' : 'the dashboard key is missing');
    await next();
  };

  app.get('/api/dashboard', dashboardAuth, (c) => c.body(model.encode('', '') as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': 'application/json' }));

  app.get('/api/dashboard/events', dashboardAuth, () => {
    // A dashboard that has not read the last dozen states gets a fresh connection instead.
    const stream = new EventStream(() => dashboardStreams.delete(stream), 8 * 1024 * 1024);
    dashboardStreams.add(stream);
    stream.write('retry: 2000\n\n');
    for (const c of stateEvent()) stream.write(c);
    return stream.response;
  });

  app.post('/api/dashboard/announce', dashboardAuth, async (c) => {
    const body = await readBody(c, announceRequest);
    if (!body.ok) return body.response;
    const m = store.addMessage('announcement', body.data.text, null, now());
    broadcast({ type: 'announcement', id: m.id, text: m.text, at: m.at });
    model.invalidateMessages();
    changed();
    return c.body(null, 204);
  });

  app.post('/api/dashboard/hint', dashboardAuth, async (c) => {
    const body = await readBody(c, pushHintRequest);
    if (!body.ok) return body.response;
    if (!lessonKnown(body.data.lesson)) return fail(c, 400, `this course has no lesson "${body.data.lesson}"`);
    const m = store.addMessage('hint', body.data.text, body.data.lesson, now());
    broadcast({ type: 'hint', id: m.id, lesson: body.data.lesson, text: m.text, at: m.at });
    return c.body(null, 204);
  });

  app.post('/api/dashboard/hands/:attendee/answer', dashboardAuth, (c) => {
    const a = store.attendeeById(c.req.param('attendee') ?? '');
    if (!a) return fail(c, 404, 'no such attendee (they may have left)');
    if (store.lowerHand(a.seq)) {
      toAttendee(a.seq, { type: 'hand-answered' });
      changed(a.seq);
    }
    return c.body(null, 204);
  });

  app.get('/api/dashboard/export.csv', dashboardAuth, (c) => {
    const day = new Date(now()).toISOString().slice(0, 10);
    return c.body(classCsv(store, courseLessons), 200, {
      'Content-Type': 'text/csv; charset=utf-8; header=present',
      'Content-Disposition': `attachment; filename="stagecraft-class-${day}.csv"`,
    });
  });

  app.get('/api/dashboard/submissions', dashboardAuth, (c) => {
    const lesson = c.req.query('lesson');
    if (!lesson) return fail(c, 400, 'name the lesson: ?lesson=ID');
    if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(lesson) || lesson.length > 80) return fail(c, 400, 'a lesson id is kebab-case');
    if (!lessonKnown(lesson)) return fail(c, 404, `this course has no lesson "${lesson}"`);
    return c.json(submissionsExport(store, lesson));
  });

  app.all('/api/*', (c) => fail(c, 404, `no such endpoint: ${c.req.method} ${c.req.path}`));

  app.get('*', async (c) => {
    if (!staticFiles) return c.text('Not found\n', 404);
    return staticFiles.serve(c.req.path, { acceptEncoding: c.req.header('accept-encoding') ?? null, ifNoneMatch: c.req.header('if-none-match') ?? null });
  });

  app.all('*', (c) => c.text('Method not allowed\n', 405, { Allow: 'GET, HEAD' }));

  const fetch = (request: Request, env?: unknown) => app.fetch(request, env);

  return {
    app,
    fetch,
    staticFiles,
    streams: () => ({ attendees: [...attendeeStreams.values()].reduce((n, s) => n + s.size, 0), dashboards: dashboardStreams.size }),
    listen(port, host) {
      const listener = getRequestListener((req, env) => app.fetch(req, env), {
        // A request the adapter cannot turn into a URL (a malformed Host) still gets the headers.
        errorHandler: () => new Response('Bad request\n', { status: 400, headers: { ...securityHeaders, 'Content-Type': 'text/plain; charset=utf-8' } }),
      });
      const server = createServer(listener);
      // Event streams stay open for hours; Node's defaults would cut idle keep-alive sockets only.
      server.requestTimeout = 60_000;
      server.headersTimeout = 20_000;
      return new Promise((resolvePromise, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolvePromise({ server, port: (server.address() as AddressInfo).port });
        });
      });
    },
    close() {
      // Who was connected was there until now: kept for the next start's "last seen".
      if (!closed && store.isOpen) for (const seq of attendeeStreams.keys()) store.touch(seq, now());
      closed = true;
      clearInterval(heartbeat);
      if (pushTimer) clearTimeout(pushTimer);
      pushTimer = null;
      for (const set of [...attendeeStreams.values()]) for (const s of [...set]) s.close();
      for (const s of [...dashboardStreams]) s.close();
    },
  };
}

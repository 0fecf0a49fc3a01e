/**
 * What the class server's tests share: a server over an in-memory (or given) store, and
 * requests through `app.request()` with an attendee token or the dashboard key.
 */
import { createClassServer, type ClassServer, type ClassServerOptions } from './server';
import { ClassStore } from './store';
import type { ProgressReport } from './protocol';

export const LESSONS = [
  { id: 'stages', title: 'Stages' },
  { id: 'copy-from', title: 'Copy from' },
];

export interface TestServer {
  store: ClassStore;
  server: ClassServer;
  /** The clock the server reads; tests move it. */
  clock: { now: number };
  request(method: string, path: string, init?: { body?: unknown; raw?: string; token?: string; key?: string; headers?: Record<string, string> }): Promise<Response>;
  join(name: string, ip?: string): Promise<{ attendee: string; token: string; name: string }>;
  dispose(): void;
}

export function testServer(options: Partial<ClassServerOptions> & { dataPath?: string } = {}): TestServer {
  const store = options.store ?? ClassStore.open(options.dataPath ?? ':memory:');
  const clock = { now: 1_700_000_000_000 };
  const server = createClassServer({
    distDir: null,
    lessons: LESSONS,
    now: () => clock.now,
    clientAddress: (c) => c.req.header('x-test-ip') ?? '192.0.2.1',
    ...options,
    store,
  });
  const request: TestServer['request'] = (method, path, init = {}) => {
    const headers: Record<string, string> = { ...init.headers };
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    if (init.key) headers.authorization = `Bearer ${init.key}`;
    const body = init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body));
    if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
    return Promise.resolve(server.app.request(path, { method, headers, ...(body === undefined ? {} : { body }) }));
  };
  return {
    store,
    server,
    clock,
    request,
    async join(name, ip) {
      const res = await request('POST', '/api/join', { body: { code: store.code, name }, headers: ip ? { 'x-test-ip': ip } : {} });
      if (res.status !== 201) throw new Error(`join ${name}: ${res.status} ${await res.text()}`);
      return (await res.json()) as { attendee: string; token: string; name: string };
    },
    dispose() {
      server.close();
      if (!options.store) store.close();
    },
  };
}

export function report(overrides: Partial<ProgressReport> = {}): ProgressReport {
  return {
    lesson: 'stages',
    goals: { 'two-stages': true, 'small-final': false },
    goalsTotal: 2,
    builds: 1,
    lastImageBytes: 123_456_789,
    lastBuildFailed: false,
    hintsShown: 0,
    usedSolution: false,
    complete: false,
    files: { Dockerfile: 'FROM node:22 AS build\nFROM node:22-slim\n' },
    ...overrides,
  };
}

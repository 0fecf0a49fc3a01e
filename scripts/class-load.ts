/**
 * `npm run load`: the class server under a workshop's load, on this machine.
 *
 * The server runs in a child process of its own (one Node process, one core for
 * JavaScript, as on the instructor's laptop) on 127.0.0.1, a free port, a temporary
 * database, and the real dist/ when it is built (else a minimal one). This process plays
 * the class: N attendees (default 200) load a lesson page with its CSS and JS, join,
 * keep their event stream open and report progress every 2–3 s (jittered) for the
 * duration (default 120 s); a few raise and lower their hands. One dashboard listens to
 * its event stream and measures lag: from sending a progress report to the first state
 * push that includes it.
 *
 * Reports request latency p50/p99/max (API and page loads apart), dashboard lag
 * p50/p99/max, the server's peak RSS and heap and its CPU time as a share of one core,
 * and whether the budgets in DESIGN.md are met (p99 < 50 ms, dashboard within 1 s,
 * < 200 MB). Exits by itself; a hard deadline ends it if anything hangs.
 *
 *   npm run load -- --seconds 20 --attendees 50
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

interface Ready { type: 'ready'; port: number; key: string; code: string; lessons: string[]; dist: string }
interface Stats { type: 'stats'; rssMax: number; heapMax: number; cpuMs: number; wallMs: number; cachedBytes: number; loopP99: number; loopMax: number }

// ---------------------------------------------------------------------------------------------
// The server (child process)
// ---------------------------------------------------------------------------------------------
async function serve(dataPath: string, distDir: string): Promise<void> {
  const { ClassStore } = await import('../src/class/store');
  const { createClassServer } = await import('../src/class/server');
  const { listLessons } = await import('../src/cli/lessons-fs');
  const { capYoungGeneration } = await import('../src/class/memory');
  let lessons: Array<{ id: string; title: string }>;
  try {
    lessons = listLessons(ROOT).map((l) => ({ id: l.id, title: l.title }));
  } catch {
    lessons = [{ id: 'stages', title: 'Stages' }, { id: 'copy-from', title: 'Copy from' }];
  }
  // As `stagecraft class` does (CLASS_LOAD_NO_CAP=1 to see V8 without it).
  if (!process.env.CLASS_LOAD_NO_CAP) capYoungGeneration();
  const store = ClassStore.open(dataPath);
  // Every simulated attendee joins from 127.0.0.1: the per-address join limit is lifted; the rest are the defaults.
  const server = createClassServer({ store, distDir, lessons, limits: { join: { burst: 100_000, perSecond: 1000 } } });
  const { server: http, port } = await server.listen(0, '127.0.0.1');
  let rssMax = 0;
  let heapMax = 0;
  const sample = () => {
    const m = process.memoryUsage();
    rssMax = Math.max(rssMax, m.rss);
    heapMax = Math.max(heapMax, m.heapUsed);
  };
  const sampler = setInterval(sample, 200);
  // How long the server's own work held up its event loop (what a request waits behind).
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  process.on('message', async (msg: { type: string }) => {
    if (msg.type !== 'stop') return;
    sample();
    clearInterval(sampler);
    const cpu = process.cpuUsage(cpu0);
    loop.disable();
    if (process.env.CLASS_LOAD_DEBUG) {
      const v8 = await import('node:v8');
      for (const sp of v8.getHeapSpaceStatistics()) console.error(`  ${sp.space_name}: size ${(sp.space_size / 1e6).toFixed(1)} MB, used ${(sp.space_used_size / 1e6).toFixed(1)} MB`);
      console.error('  memory', JSON.stringify(process.memoryUsage()));
    }
    const stats: Stats = {
      type: 'stats', rssMax, heapMax, cpuMs: (cpu.user + cpu.system) / 1000, wallMs: performance.now() - t0,
      cachedBytes: server.staticFiles?.cachedBytes() ?? 0, loopP99: loop.percentile(99) / 1e6, loopMax: loop.max / 1e6,
    };
    server.close();
    http.closeAllConnections();
    http.close();
    store.close();
    process.send!(stats, () => process.exit(0));
  });
  process.send!({ type: 'ready', port, key: store.key, code: store.code, lessons: lessons.map((l) => l.id), dist: distDir } satisfies Ready);
}

// ---------------------------------------------------------------------------------------------
// The class (this process)
// ---------------------------------------------------------------------------------------------
const DOCKERFILE = `# syntax=docker/dockerfile:1
FROM node:22 AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM node:22-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
USER node
EXPOSE 3000
CMD ["node", "dist/server.js"]
`;

function minimalDist(dir: string): string {
  const dist = join(dir, 'dist');
  mkdirSync(join(dist, '_astro'), { recursive: true });
  writeFileSync(join(dist, '_astro', 'app.L0ad.js'), `export const x = ${JSON.stringify('lorem ipsum '.repeat(20_000))};\n`);
  writeFileSync(join(dist, '_astro', 'base.L0ad.css'), `body{margin:0}\n${'.a{color:red}\n'.repeat(2000)}`);
  const page = `<!doctype html><html><head><title>Lesson</title><link rel="stylesheet" href="/_astro/base.L0ad.css"><script type="module" src="/_astro/app.L0ad.js"></script></head><body>${'<p>Lesson text</p>'.repeat(500)}</body></html>`;
  writeFileSync(join(dist, 'index.html'), page);
  writeFileSync(join(dist, '404.html'), page);
  return dist;
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
const ms = (n: number) => `${n.toFixed(1)} ms`;
const mb = (n: number) => `${(n / 1e6).toFixed(0)} MB`;

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { seconds: { type: 'string' }, attendees: { type: 'string' } }, strict: true });
  const seconds = Number(values.seconds ?? 120);
  const attendees = Number(values.attendees ?? 200);
  if (!(seconds > 0 && seconds <= 3600) || !(Number.isInteger(attendees) && attendees > 0 && attendees <= 5000)) {
    console.error('class-load: --seconds 1..3600, --attendees 1..5000');
    return 2;
  }
  const tmp = mkdtempSync(join(tmpdir(), 'stagecraft-load-'));
  const realDist = join(ROOT, 'dist');
  const distDir = existsSync(join(realDist, 'index.html')) ? realDist : minimalDist(tmp);
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['--serve', join(tmp, 'class.db'), distDir], {
    // CLASS_LOAD_NODE_FLAGS: extra Node flags for the server, for experiments (e.g. --trace-gc).
    execArgv: ['--import', 'tsx', ...(process.env.CLASS_LOAD_NODE_FLAGS?.split(/\s+/).filter(Boolean) ?? [])],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const hardDeadline = setTimeout(() => {
    console.error('class-load: did not finish in time; stopping');
    child.kill('SIGKILL');
    rmSync(tmp, { recursive: true, force: true });
    process.exit(1);
  }, (seconds + 90) * 1000);
  hardDeadline.unref();

  const ready = await new Promise<Ready>((done, fail) => {
    child.once('message', (m) => done(m as Ready));
    child.once('exit', (code) => fail(new Error(`the server exited (${code}) before it was ready`)));
  });
  const base = `http://127.0.0.1:${ready.port}`;
  console.log(`class-load: ${attendees} attendees for ${seconds} s against ${base} (server pid ${child.pid}, dist ${distDir === realDist ? 'dist/' : 'a minimal one'})`);

  const apiLatency: number[] = [];
  const pageLatency: number[] = [];
  const lags: number[] = [];
  let errors = 0;
  const statuses = new Map<number, number>();
  const countStatus = (s: number) => statuses.set(s, (statuses.get(s) ?? 0) + 1);

  async function timed(list: number[], url: string, init?: RequestInit): Promise<{ status: number; body: ArrayBuffer } | null> {
    const t = performance.now();
    try {
      const res = await fetch(url, init);
      const body = await res.arrayBuffer();
      list.push(performance.now() - t);
      countStatus(res.status);
      if (res.status >= 400) errors++;
      return { status: res.status, body };
    } catch {
      errors++;
      return null;
    }
  }

  // Pending progress reports per attendee: builds → sent at.
  const pending = new Map<string, Array<{ lesson: string; builds: number; at: number }>>();
  let pushes = 0;
  let running = true;
  const aborts: AbortController[] = [];

  // The dashboard.
  const dashAbort = new AbortController();
  aborts.push(dashAbort);
  const dashboard = (async () => {
    const res = await fetch(`${base}/api/dashboard/events?key=${encodeURIComponent(ready.key)}`, { signal: dashAbort.signal });
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
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
          if (!data) continue;
          const now = performance.now();
          pushes++;
          const event = JSON.parse(data) as { state: { attendees: Array<{ id: string; lessons: Record<string, { builds: number }> }> } };
          for (const row of event.state.attendees) {
            const list = pending.get(row.id);
            if (!list?.length) continue;
            const keep = [];
            for (const p of list) {
              if ((row.lessons[p.lesson]?.builds ?? -1) >= p.builds) lags.push(now - p.at);
              else keep.push(p);
            }
            pending.set(row.id, keep);
          }
        }
      }
    } catch {
      // Stopped.
    }
  })();

  const jitter = (lo: number, hi: number) => lo + Math.random() * (hi - lo);
  const sleep = (t: number) => new Promise((done) => setTimeout(done, t));
  const lessonPage = ready.lessons[0] ? `/lessons/${ready.lessons[0]}/` : '/';
  const endAt = performance.now() + seconds * 1000;

  async function attendee(i: number): Promise<void> {
    // Arrivals spread over the first ten seconds (or the first third of a short run).
    await sleep(Math.random() * Math.min(10_000, (seconds * 1000) / 3));
    const page = await timed(pageLatency, `${base}${lessonPage}`, { headers: { 'accept-encoding': 'br, gzip' } });
    if (page && page.status === 200) {
      const html = new TextDecoder().decode(page.body);
      for (const m of html.matchAll(/(?:href|src)="(\/_astro\/[^"]+\.(?:css|js))"/g)) await timed(pageLatency, `${base}${m[1]}`, { headers: { 'accept-encoding': 'br, gzip' } });
    }
    const join = await fetch(`${base}/api/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: ready.code, name: `Attendee ${i % 150}` }) });
    countStatus(join.status);
    if (join.status !== 201) {
      errors++;
      return;
    }
    const { attendee: id, token } = (await join.json()) as { attendee: string; token: string };
    pending.set(id, []);
    const abort = new AbortController();
    aborts.push(abort);
    void fetch(`${base}/api/events?token=${encodeURIComponent(token)}`, { signal: abort.signal })
      .then(async (res) => {
        const reader = res.body!.getReader();
        while (!(await reader.read()).done);
      })
      .catch(() => {});
    let lessonIndex = 0;
    let builds = 0;
    let hand = false;
    while (running && performance.now() < endAt) {
      await sleep(jitter(2000, 3000));
      if (!running || performance.now() >= endAt) break;
      builds++;
      if (builds % 20 === 0 && lessonIndex < ready.lessons.length - 1) (lessonIndex++, (builds = 1));
      const lesson = ready.lessons[lessonIndex] ?? 'stages';
      const report = {
        lesson,
        goals: { 'two-stages': builds > 2, 'small-final': builds > 6, 'no-dev-deps': builds > 10, 'non-root': builds > 14 },
        goalsTotal: 4,
        builds,
        lastImageBytes: 1_100_000_000 - builds * 40_000_000,
        lastBuildFailed: builds % 7 === 0,
        hintsShown: Math.min(3, Math.floor(builds / 5)),
        usedSolution: false,
        complete: builds >= 18,
        files: { Dockerfile: `${DOCKERFILE}# edit ${builds}\n`, '.dockerignore': 'node_modules\n.git\ndist\n' },
      };
      pending.get(id)!.push({ lesson, builds, at: performance.now() });
      await timed(apiLatency, `${base}/api/progress`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(report),
      });
      if (Math.random() < 0.01) {
        hand = !hand;
        await timed(apiLatency, `${base}/api/hand`, hand
          ? { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ lesson, question: 'Why is my image still big?' }) }
          : { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
      }
    }
  }

  const classDone = Promise.all(Array.from({ length: attendees }, (_, i) => attendee(i)));
  await classDone;
  running = false;
  // The last reports' pushes.
  await sleep(1500);
  for (const a of aborts) a.abort();
  await dashboard;
  const stats = await new Promise<Stats>((done) => {
    child.once('message', (m) => done(m as Stats));
    child.send({ type: 'stop' });
  });
  await new Promise((done) => (child.exitCode !== null ? done(null) : child.once('exit', done)));
  rmSync(tmp, { recursive: true, force: true });

  let unseen = 0;
  for (const list of pending.values()) unseen += list.length;
  apiLatency.sort((a, b) => a - b);
  pageLatency.sort((a, b) => a - b);
  lags.sort((a, b) => a - b);
  const p99 = percentile(apiLatency, 99);
  const lagMax = lags.at(-1) ?? NaN;
  const cpuShare = stats.cpuMs / stats.wallMs;
  const lines = [
    '',
    `progress and hand requests: ${apiLatency.length} (${(apiLatency.length / seconds).toFixed(0)}/s), p50 ${ms(percentile(apiLatency, 50))}, p99 ${ms(p99)}, max ${ms(apiLatency.at(-1) ?? NaN)}`,
    `page and asset loads:       ${pageLatency.length}, p50 ${ms(percentile(pageLatency, 50))}, p99 ${ms(percentile(pageLatency, 99))}, max ${ms(pageLatency.at(-1) ?? NaN)}`,
    `dashboard lag:              ${lags.length} reports seen in ${pushes} pushes (${(pushes / seconds).toFixed(1)}/s), p50 ${ms(percentile(lags, 50))}, p99 ${ms(percentile(lags, 99))}, max ${ms(lagMax)}; never seen: ${unseen}`,
    `server:                     RSS max ${mb(stats.rssMax)}, heap max ${mb(stats.heapMax)}, CPU ${(cpuShare * 100).toFixed(0)} % of one core, static cache ${(stats.cachedBytes / 1e6).toFixed(1)} MB`,
    `server event loop delay:    p99 ${ms(stats.loopP99)}, max ${ms(stats.loopMax)} (the server's own hold-ups, without the client's or the machine's)`,
    `answers:                    ${[...statuses].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}×${n}`).join(', ')}; errors ${errors}`,
    '',
  ];
  const checks: Array<[string, boolean]> = [
    ['API p99 under 50 ms', p99 < 50],
    ['dashboard current within 1 s', lagMax < 1000 && unseen === 0],
    ['server under 200 MB', stats.rssMax < 200e6],
    ['no errors', errors === 0],
  ];
  for (const [what, ok] of checks) lines.push(`${ok ? 'ok  ' : 'MISS'} ${what}`);
  console.log(lines.join('\n'));
  return checks.every(([, ok]) => ok) ? 0 : 1;
}

if (process.argv[2] === '--serve') {
  await serve(process.argv[3]!, process.argv[4]!);
} else {
  process.exitCode = await main();
}

import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InputError, UsageError, type CliIO } from '../cli/io';
import { buildStatus, classCommand, type ClassCommandDeps } from './cli';
import { CLASS_META } from './static';
import { report } from './spec-helpers';
import { ClassStore } from './store';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function project(): { root: string; dist: string } {
  dir = mkdtempSync(join(tmpdir(), 'stagecraft-class-cli-'));
  const root = join(dir, 'repo');
  mkdirSync(join(root, 'content', 'lessons'), { recursive: true });
  mkdirSync(join(root, 'src', 'class'), { recursive: true });
  writeFileSync(join(root, 'src', 'page.ts'), 'export {};\n');
  writeFileSync(join(root, 'src', 'class', 'server.ts'), 'export {};\n');
  const dist = join(root, 'dist');
  return { root, dist };
}

function buildDist(dist: string): void {
  mkdirSync(dist, { recursive: true });
  writeFileSync(join(dist, 'index.html'), '<html><head><title>Course</title></head><body>Course</body></html>');
  const later = new Date(Date.now() + 60_000);
  utimesSync(join(dist, 'index.html'), later, later);
}

function io(): CliIO & { out: string; err: string } {
  const o = { out: '', err: '', cwd: dir } as CliIO & { out: string; err: string };
  o.stdout = (s) => void (o.out += s);
  o.stderr = (s) => void (o.err += s);
  return o;
}

/** Runs `stagecraft class …` until it has printed its addresses, calls `whileUp`, then stops it as Ctrl+C would. */
async function runClass(args: string[], deps: Partial<ClassCommandDeps>, whileUp: (out: string) => Promise<void> = async () => {}) {
  const out = io();
  let stop!: (signal: string) => void;
  const stopped = new Promise<string>((done) => (stop = done));
  const running = classCommand(['--host', '127.0.0.1', '--port', '0', ...args], out, { stopSignal: () => stopped, ...deps });
  const deadline = Date.now() + 10_000;
  while (!out.out.includes('Press Ctrl+C') && Date.now() < deadline) {
    const early = await Promise.race([running.then((code) => code), new Promise((done) => setTimeout(() => done(null), 20))]);
    if (early !== null) break;
  }
  if (out.out.includes('Press Ctrl+C')) await whileUp(out.out);
  stop('SIGINT');
  const code = await running;
  return { code, out: out.out, err: out.err };
}

const plain = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '');

describe('stagecraft class', () => {
  it('serves the course and the API, prints the join URL, a QR code, the code and the dashboard link; keeps them across a restart', async () => {
    const { root, dist } = project();
    buildDist(dist);
    const deps = { root, distDir: dist, build: async () => 99 };
    const first = await runClass(['--data', 'class.db', '--title', 'Friday'], deps, async (out) => {
      const url = /Attendees open this address[^\n]*\n\s+(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out)?.[1];
      expect(url).toBeDefined();
      const page = await fetch(url!);
      expect(await page.text()).toContain(CLASS_META);
      expect(await (await fetch(`${url}api/class`)).json()).toEqual({ title: 'Friday', needsCode: true });
    });
    expect(first.code).toBe(0);
    const text = plain(first.out);
    expect(text).toContain('Stagecraft class: Friday');
    expect(text).toMatch(/[▀▄█]/);
    const code = /Class code: ([A-Z0-9]{6})\n/.exec(text)?.[1];
    const key = /\/class\/dashboard\/#key=([A-Za-z0-9_-]{43})\n/.exec(text)?.[1];
    expect(code).toBeDefined();
    expect(key).toBeDefined();
    expect(text).toMatch(/\/facilitator\/cards\/\?base=http%3A%2F%2F127\.0\.0\.1%3A\d+%2F\n/);
    expect(text).toContain(`Class data: ${join(dir, 'class.db')}`);
    expect(text).toContain('Stopped.');

    const second = await runClass(['--data', 'class.db'], deps);
    expect(plain(second.out)).toContain(`Class code: ${code}\n`);
    expect(plain(second.out)).toContain(`#key=${key}\n`);
    expect(plain(second.out)).toContain('Stagecraft class: Friday');

    const third = await runClass(['--data', 'class.db', '--code', 'work-shop'], deps);
    expect(plain(third.out)).toContain('Class code: WORKSHOP\n');
  });

  it('builds the course first when dist/ is missing or stale, unless --no-build', async () => {
    const { root, dist } = project();
    let builds = 0;
    const build = async () => (builds++, buildDist(dist), 0);
    const run = await runClass(['--data', 'a.db'], { root, distDir: dist, build });
    expect(builds).toBe(1);
    expect(run.out).toMatch(/Building the course first \(.*has no index\.html\): npm run build/);
    // Fresh now: no build.
    await runClass(['--data', 'a.db'], { root, distDir: dist, build });
    expect(builds).toBe(1);
    const later = new Date(Date.now() + 120_000);
    utimesSync(join(root, 'src', 'page.ts'), later, later);
    expect(buildStatus(root, dist)).toEqual({ state: 'stale', newer: join('src', 'page.ts') });
    const stale = await runClass(['--data', 'a.db', '--no-build'], { root, distDir: dist, build });
    expect(builds).toBe(1);
    expect(stale.err).toMatch(/src\/page\.ts changed after the last build; serving the old build anyway/);
    // The class server's own sources are not the site's.
    utimesSync(join(root, 'src', 'page.ts'), new Date(0), new Date(0));
    utimesSync(join(root, 'src', 'class', 'server.ts'), later, later);
    expect(buildStatus(root, dist)).toEqual({ state: 'fresh' });
  });

  it('says what is wrong with its flags, a failed build, or a missing dist with --no-build', async () => {
    const { root, dist } = project();
    const deps = { root, distDir: dist, build: async () => 1, stopSignal: () => new Promise<string>(() => {}) };
    await expect(classCommand(['--port', 'eighty'], io(), deps)).rejects.toThrow(UsageError);
    await expect(classCommand(['--port', '70000'], io(), deps)).rejects.toThrow(/0 to 65535/);
    await expect(classCommand(['--code', 'a!'], io(), deps)).rejects.toThrow(/4 to 32 letters or digits/);
    await expect(classCommand(['--title', ''], io(), deps)).rejects.toThrow(/--title/);
    await expect(classCommand(['--bogus'], io(), deps)).rejects.toThrow(/unknown option --bogus/);
    await expect(classCommand(['extra'], io(), deps)).rejects.toThrow(/no arguments/);
    await expect(classCommand(['--no-build', '--data', 'x.db'], io(), deps)).rejects.toThrow(/has no index\.html; build the course first/);
    await expect(classCommand(['--data', 'x.db'], io(), deps)).rejects.toThrow(/npm run build failed \(exit 1\)/);
    expect(existsSync(join(dir, 'x.db'))).toBe(false);
  });
});

describe('stagecraft class export', () => {
  it('writes each attendee’s files of a lesson as DIR/<name>/', async () => {
    const { root } = project();
    const db = join(dir, 'class.db');
    const store = ClassStore.open(db);
    for (const name of ['Ada', 'ada', 'Bo / Bob']) {
      const { attendee } = store.join(name, 1);
      store.saveProgress(attendee.seq, report({ files: { Dockerfile: `FROM ${name}\n`, '.dockerignore': 'node_modules\n' } }), 2);
    }
    const { attendee: other } = store.join('Cy', 1);
    store.saveProgress(other.seq, report({ lesson: 'copy-from' }), 2);
    // The server may be running: its connection stays open (WAL lets both read and write).
    const out = io();
    const code = await classCommand(['export', '--data', 'class.db', '--lesson', 'stages', 'subs'], out, { root });
    store.close();
    expect(code).toBe(0);
    expect(readdirSync(join(dir, 'subs')).sort()).toEqual(['Ada', 'Bo-Bob', 'ada-2']);
    expect(readFileSync(join(dir, 'subs', 'ada-2', 'Dockerfile'), 'utf8')).toBe('FROM ada\n');
    expect(readFileSync(join(dir, 'subs', 'Bo-Bob', '.dockerignore'), 'utf8')).toBe('node_modules\n');
    expect(out.out).toContain('Wrote 3 submissions of lesson stages to subs/');
    expect(out.out).toContain('stagecraft grade subs --lesson stages');

    await expect(classCommand(['export', '--data', 'class.db', '--lesson', 'stages', 'subs'], io(), { root })).rejects.toThrow(/subs is not empty/);
    await expect(classCommand(['export', '--data', 'none.db', '--lesson', 'stages', 'x'], io(), { root })).rejects.toThrow(InputError);
    await expect(classCommand(['export', '--data', 'class.db', 'x'], io(), { root })).rejects.toThrow(/--lesson/);
    await expect(classCommand(['export', '--data', 'class.db', '--lesson', 'stages'], io(), { root })).rejects.toThrow(/one folder/);
    const none = io();
    expect(await classCommand(['export', '--data', 'class.db', '--lesson', 'measuring', 'empty'], none, { root })).toBe(1);
    expect(none.err).toMatch(/nobody .* has reported lesson measuring/);
    expect(existsSync(join(dir, 'empty'))).toBe(false);
  });
});

/**
 * `stagecraft class`: the class server on the instructor's laptop, and
 * `stagecraft class export`: the attendees' files of a lesson as folders for `stagecraft grade`.
 *
 * Loaded by src/cli/main.ts only for these commands, and node:sqlite only once the
 * command runs, so that a Node without node:sqlite (22.12, where it needs
 * --experimental-sqlite) runs every other command and gets one clear line here.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { hostname, networkInterfaces } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { commandArgs, InputError, UsageError, type CliIO } from '../cli/io';
import { lessonIds, listLessons } from '../cli/lessons-fs';
import { REPO_ROOT } from '../cli/paths';
import type { ClassStore } from './store';

export const DEFAULT_PORT = 8080;
export const DEFAULT_HOST = '0.0.0.0';
export const DEFAULT_DATA = 'class.db';

/** What the command needs from the outside world; tests replace it. */
export interface ClassCommandDeps {
  root: string;
  distDir: string;
  /** Runs `npm run build` in root; resolves with its exit code. */
  build: (root: string) => Promise<number>;
  /** Resolves when the instructor stops the server (Ctrl+C). */
  stopSignal: () => Promise<string>;
  interfaces: () => ReturnType<typeof networkInterfaces>;
}

const defaultDeps = (): ClassCommandDeps => ({
  root: REPO_ROOT,
  distDir: join(REPO_ROOT, 'dist'),
  build: (root) =>
    new Promise((done) => {
      const child = spawn(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
      child.on('error', () => done(127));
      child.on('exit', (code) => done(code ?? 1));
    }),
  stopSignal: () =>
    new Promise((done) => {
      const stop = (signal: string) => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        done(signal);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    }),
  interfaces: networkInterfaces,
});

async function loadStore(): Promise<typeof import('./store')> {
  try {
    return await import('./store');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ERR_UNKNOWN_BUILTIN_MODULE' || /node:sqlite/.test((e as Error).message)) {
      throw new InputError(
        `stagecraft class keeps the class in node:sqlite, which needs Node 22.13 or later (23.4+ on the 23 line); this is Node ${process.version}. ` +
          'Install a newer Node (Node 24 is what Stagecraft is tested with), or run it with node --experimental-sqlite.',
      );
    }
    throw e;
  }
}

export async function classCommand(argv: string[], io: CliIO, deps: Partial<ClassCommandDeps> = {}): Promise<number> {
  const d = { ...defaultDeps(), ...deps };
  if (argv[0] === 'export') return exportCommand(argv.slice(1), io, d);
  const args = commandArgs(argv, {
    port: { type: 'string' }, host: { type: 'string' }, data: { type: 'string' },
    title: { type: 'string' }, code: { type: 'string' }, 'no-build': { type: 'boolean' },
  });
  if (args.positionals.length) throw new UsageError(`class takes no arguments (did you mean "class export"?): ${args.positionals[0]}`);
  const port = parsePort(args.values.port);
  const host = args.values.host ?? DEFAULT_HOST;
  if (!/^[A-Za-z0-9.:-]+$/.test(host)) throw new UsageError(`--host needs an address or host name, not "${host}"`);
  const title = args.values.title?.trim();
  if (title !== undefined && (title.length === 0 || title.length > 100 || /[\u0000-\u001f\u007f]/.test(title))) {
    throw new UsageError('--title needs 1 to 100 characters of text');
  }
  const { ClassStore, normalizeCode, StoreError, DEFAULT_TITLE } = await loadStore();
  let code: string | undefined;
  if (args.values.code !== undefined) {
    code = normalizeCode(args.values.code);
    if (!/^[A-Z0-9]{4,32}$/.test(code)) throw new UsageError('--code needs 4 to 32 letters or digits (case, spaces and dashes are ignored)');
  }

  // The course: built when dist/ is missing or older than its sources, unless --no-build.
  const status = buildStatus(d.root, d.distDir);
  if (status.state !== 'fresh') {
    const why = status.state === 'missing' ? `${relative(io.cwd, d.distDir) || d.distDir} has no index.html` : `${status.newer} changed after the last build`;
    if (args.values['no-build']) {
      if (status.state === 'missing') throw new InputError(`${why}; build the course first (npm run build), or drop --no-build`);
      io.stderr(`stagecraft class: ${why}; serving the old build anyway (--no-build)\n`);
    } else {
      io.stdout(`Building the course first (${why}): npm run build — about a minute; --no-build skips this.\n`);
      const exit = await d.build(d.root);
      if (exit !== 0) throw new InputError(`npm run build failed (exit ${exit}); fix the build, or serve the last one with --no-build`);
      if (!existsSync(join(d.distDir, 'index.html'))) throw new InputError(`the build wrote no ${join(d.distDir, 'index.html')}`);
    }
  }

  const dataPath = resolve(io.cwd, args.values.data ?? DEFAULT_DATA);
  if (!existsSync(dirname(dataPath))) throw new InputError(`cannot create ${args.values.data}: no folder ${dirname(dataPath)}`);
  let store: ClassStore;
  try {
    store = ClassStore.open(dataPath);
  } catch (e) {
    if (e instanceof StoreError) throw new InputError(e.message);
    throw e;
  }
  try {
    if (code !== undefined && code !== store.code) store.setCode(code);
    if (title !== undefined && title !== store.title) store.setTitle(title);
    const lessons = courseLessons(d.root, io);
    const { createClassServer } = await import('./server');
    const { capYoungGeneration } = await import('./memory');
    const releaseMemoryCap = capYoungGeneration();
    const wildcard = host === '0.0.0.0' || host === '::';
    const lanAddresses = () => ipv4Addresses(d.interfaces()).filter((a) => !a.internal).map((a) => a.address);
    const hosts = () => {
      const names = ipv4Addresses(d.interfaces()).map((a) => a.address);
      const me = hostname().toLowerCase();
      return wildcard ? [...names, me, `${me}.local`] : [host.toLowerCase(), host.includes(':') ? `[${host.toLowerCase()}]` : host.toLowerCase()];
    };
    const classServer = createClassServer({ store, distDir: d.distDir, lessons, hosts });
    let listening;
    try {
      listening = await classServer.listen(port, host);
    } catch (e) {
      classServer.close();
      releaseMemoryCap();
      const err = e as NodeJS.ErrnoException;
      if (err.code === 'EADDRINUSE') throw new InputError(`port ${port} is in use on ${host}; choose another with --port`);
      if (err.code === 'EACCES') throw new InputError(`not allowed to listen on port ${port}; choose one above 1023 with --port`);
      if (err.code === 'EADDRNOTAVAIL') throw new InputError(`${host} is not an address of this computer (--host)`);
      throw e;
    }
    const { server } = listening;
    const shown = wildcard ? lanAddresses() : [host];
    const urlHost = (h: string) => (h.includes(':') ? `[${h}]` : h);
    const joinUrls = (shown.length ? shown : ['localhost']).map((h) => `http://${urlHost(h)}:${listening.port}/`);
    const main = joinUrls[0]!;
    const { default: QRCode } = await import('qrcode');
    const qr = await QRCode.toString(main, { type: 'terminal', small: true });
    const out = [
      store.title === DEFAULT_TITLE ? 'Stagecraft class' : `Stagecraft class: ${store.title}`,
      `Serving the course from ${relative(io.cwd, d.distDir) || '.'} on ${urlHost(host)}:${listening.port}; no internet needed.`,
      '',
      `Attendees open ${joinUrls.length > 1 ? 'one of these addresses' : 'this address'} and choose "Join class":`,
      ...joinUrls.map((u) => `  ${u}`),
      ...(wildcard && shown.length === 0 ? ['  (no network found: only this laptop can reach the server; join a Wi-Fi and restart)'] : []),
      qr.trimEnd(),
      '',
      `Class code: ${store.code}`,
      '',
      'Instructor dashboard (keep this link to yourself; it carries the key):',
      `  ${main}class/dashboard/#key=${store.key}`,
      'Printable join cards:',
      `  ${main}facilitator/cards/?base=${encodeURIComponent(main)}`,
      '',
      `Class data: ${dataPath} (attendees, their progress and files). A restart with the same --data carries on.`,
      'Press Ctrl+C to stop; nothing is lost.',
      '',
    ];
    io.stdout(out.join('\n'));
    const signal = await d.stopSignal();
    io.stdout(`\nStopping (${signal})…\n`);
    classServer.close();
    await new Promise<void>((done) => {
      server.close(() => done());
      server.closeAllConnections();
    });
    releaseMemoryCap();
    io.stdout(`Stopped. Everything is kept in ${dataPath}.\n`);
    return 0;
  } finally {
    store.close();
  }
}

function parsePort(value: string | undefined): number {
  if (value === undefined) return DEFAULT_PORT;
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) throw new UsageError(`--port needs a number from 0 to 65535, not "${value}"`);
  return Number(value);
}

function ipv4Addresses(interfaces: ReturnType<typeof networkInterfaces>): Array<{ address: string; internal: boolean }> {
  const out = [];
  for (const list of Object.values(interfaces)) {
    for (const a of list ?? []) if (a.family === 'IPv4' || (a.family as unknown) === 4) out.push({ address: a.address, internal: a.internal });
  }
  return out;
}

function courseLessons(root: string, io: CliIO): Array<{ id: string; title: string }> {
  try {
    return listLessons(root).map((l) => ({ id: l.id, title: l.title }));
  } catch (e) {
    io.stderr(`stagecraft class: cannot read the course's lessons (${(e as Error).message}); accepting progress for any lesson id\n`);
    return [];
  }
}

/**
 * Whether dist/ needs building: missing, or older than the newest source the site is built
 * from (content/, src/ but the CLI and the class server, public/, astro.config.mjs).
 */
export function buildStatus(root: string, distDir: string): { state: 'missing' } | { state: 'stale'; newer: string } | { state: 'fresh' } {
  let built: number;
  try {
    built = statSync(join(distDir, 'index.html')).mtimeMs;
  } catch {
    return { state: 'missing' };
  }
  const skip = new Set([join(root, 'src', 'class'), join(root, 'src', 'cli'), join(root, 'node_modules')]);
  const newer = (path: string): string | null => {
    let st;
    try {
      st = statSync(path);
    } catch {
      return null;
    }
    if (st.isFile()) return st.mtimeMs > built && !/\.spec\.ts$/.test(path) ? path : null;
    if (!st.isDirectory() || skip.has(path)) return null;
    for (const name of readdirSync(path)) {
      if (name.startsWith('.') && name !== '.dockerignore') continue;
      const hit = newer(join(path, name));
      if (hit) return hit;
    }
    return null;
  };
  for (const source of ['content', 'src', 'public', 'astro.config.mjs']) {
    const hit = newer(join(root, source));
    if (hit) return { state: 'stale', newer: relative(root, hit) };
  }
  return { state: 'fresh' };
}

/** `stagecraft class export --data class.db --lesson ID DIR` */
async function exportCommand(argv: string[], io: CliIO, d: ClassCommandDeps): Promise<number> {
  const args = commandArgs(argv, { data: { type: 'string' }, lesson: { type: 'string' } });
  const lesson = args.values.lesson;
  if (lesson === undefined) throw new UsageError('class export needs --lesson ID');
  if (args.positionals.length !== 1) throw new UsageError('class export needs one folder to write the submissions to: class export --lesson ID DIR');
  const dir = resolve(io.cwd, args.positionals[0]!);
  const shownDir = args.positionals[0]!;
  const dataName = args.values.data ?? DEFAULT_DATA;
  const dataPath = resolve(io.cwd, dataName);
  if (!existsSync(dataPath)) throw new InputError(`no class database at ${dataName} (give the file stagecraft class was started with: --data FILE)`);
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) throw new InputError(`${shownDir} is a file; give a folder`);
    if (readdirSync(dir).length) throw new InputError(`${shownDir} is not empty; give a new folder (nothing was written)`);
  }
  const { ClassStore, StoreError } = await loadStore();
  const { submissionsExport } = await import('./export');
  let store: ClassStore;
  try {
    store = ClassStore.open(dataPath, { create: false });
  } catch (e) {
    if (e instanceof StoreError) throw new InputError(e.message);
    throw e;
  }
  let exported;
  try {
    exported = submissionsExport(store, lesson);
  } finally {
    store.close();
  }
  if (exported.submissions.length === 0) {
    const ids = lessonIds(d.root);
    if (ids.length && !ids.includes(lesson)) throw new UsageError(`no lesson "${lesson}"; lessons: ${ids.join(', ')}`);
    io.stderr(`stagecraft class export: nobody in ${dataName} has reported lesson ${lesson}; nothing written\n`);
    return 1;
  }
  for (const s of exported.submissions) {
    for (const [path, text] of Object.entries(s.files)) {
      const file = join(dir, s.folder, ...path.split('/'));
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
    }
    if (Object.keys(s.files).length === 0) mkdirSync(join(dir, s.folder), { recursive: true });
  }
  io.stdout(`Wrote ${exported.submissions.length} submission${exported.submissions.length === 1 ? '' : 's'} of lesson ${lesson} to ${shownDir}/ (one folder per attendee).\n`);
  io.stdout(`Grade them with: stagecraft grade ${shownDir} --lesson ${lesson}\n`);
  return 0;
}

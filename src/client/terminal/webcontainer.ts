/**
 * The terminal's second backend: a WebContainer (StackBlitz's Node.js in the
 * browser) with the lesson's project mounted, real `node` and `npm`, and the same
 * `docker` command as the in-page shell — the engine bundled as one Node script
 * (`/webcontainer/docker.mjs`, see src/integrations/docker-script.mjs) that reads
 * the container's real files.
 *
 * Booting can fail in many ways, and some of them never end: the runtime is
 * downloaded from StackBlitz's servers, and with no route to them `boot()` neither
 * resolves nor rejects. So the boot is raced against a timeout, and every failure
 * comes back as a reason in plain words; the caller keeps the in-page shell.
 * `@webcontainer/api` is imported only when a boot is asked for, so it is not part
 * of the page's first JavaScript.
 *
 * Inside the container (its working folder, e.g. /home/stagecraft):
 *   <project>/                 the lesson's files (heavy folders a manifest describes are not written:
 *                              `npm ci` makes the real node_modules) and its stagecraft.project.json
 *   .stagecraft/bin/docker     `docker` and `dive` on PATH: small Node launchers of docker.mjs
 *   .stagecraft/images.json    the images `docker build` made, kept between commands
 */
import type { FileSystemTree, SpawnOptions } from '@webcontainer/api';
import type { ContextEntry } from '../../engine/index';
import type { BackendOutput, RawBackend } from './backend';

/** Where the site serves the bundled `docker` command (the same path as src/integrations/docker-script.mjs). */
export const DOCKER_SCRIPT_URL = '/webcontainer/docker.mjs';
/** The container's working folder: /home/stagecraft. */
export const WORKDIR_NAME = 'stagecraft';
/** The page's own COEP (src/site/headers.mjs); the WebContainer must be booted with the same. */
export const COEP = 'require-corp';
export const DEFAULT_BOOT_TIMEOUT_MS = 20_000;
/** The folder of our tools and state, beside the project (never inside it: not in any build context). */
export const TOOLS_DIR = '.stagecraft';

// ---------------------------------------------------------------------------
// Can this browser boot one?

/** What decides whether a WebContainer can boot here (the page's globals, or a test's). */
export interface BootEnvironment {
  crossOriginIsolated: boolean;
  userAgent: string;
  platform: string;
  maxTouchPoints: number;
  online: boolean;
  /** Whether SharedArrayBuffer exists (default: true when cross-origin isolated). */
  sharedArrayBuffer?: boolean;
}

export type BootCheck = { ok: true } | { ok: false; reason: string };

/** This page's environment. */
export function currentEnvironment(): BootEnvironment {
  const nav = (globalThis as { navigator?: Partial<Navigator> }).navigator;
  return {
    crossOriginIsolated: (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true,
    userAgent: nav?.userAgent ?? '',
    platform: nav?.platform ?? '',
    maxTouchPoints: nav?.maxTouchPoints ?? 0,
    online: nav?.onLine ?? true,
    sharedArrayBuffer: typeof SharedArrayBuffer === 'function',
  };
}

/** iPhone, iPod, or iPad — including an iPad whose Safari says it is a Mac (a Mac has no touch screen). */
export function isAppleMobile(env: Pick<BootEnvironment, 'userAgent' | 'platform' | 'maxTouchPoints'>): boolean {
  if (/\b(?:iPhone|iPad|iPod)\b/.test(env.userAgent) || /^(?:iPhone|iPad|iPod)/.test(env.platform)) return true;
  return env.platform === 'MacIntel' && env.maxTouchPoints > 1;
}

/** Whether a WebContainer can boot in this browser, and if not, why, in words a learner understands. */
export function canBootWebContainer(env: BootEnvironment = currentEnvironment()): BootCheck {
  if (isAppleMobile(env)) {
    return { ok: false, reason: 'This is an iPhone or iPad: the real Node terminal (a WebContainer) is not offered there, because it can run out of memory and crash the tab.' };
  }
  if (!env.crossOriginIsolated) {
    return {
      ok: false,
      reason: 'This page is not cross-origin isolated (it was served without the headers Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp), and a WebContainer needs that.',
    };
  }
  if (env.sharedArrayBuffer === false) {
    return { ok: false, reason: 'This browser has no SharedArrayBuffer, which a WebContainer needs; a recent Chrome, Edge, Firefox or Safari (16.4 or later) on a computer has it.' };
  }
  if (!env.online) {
    return { ok: false, reason: "The browser is offline, and a WebContainer's runtime is downloaded from StackBlitz's servers each time it starts." };
  }
  return { ok: true };
}

// ---------------------------------------------------------------------------
// The parts of the WebContainer API used here (a fake in tests).

export interface ContainerProcess {
  output: ReadableStream<string>;
  input: WritableStream<string>;
  exit: Promise<number>;
  kill(): void;
  resize(size: { cols: number; rows: number }): void;
}

export interface Container {
  /** The default PATH of spawned processes. */
  readonly path: string;
  /** The working folder's full path. */
  readonly workdir: string;
  mount(tree: FileSystemTree, options?: { mountPoint?: string }): Promise<void>;
  spawn(command: string, args: string[], options?: SpawnOptions): Promise<ContainerProcess>;
  teardown(): void;
}

/** The lesson's project, as the exercise data carries it. */
export interface LessonProject {
  name: string;
  files: readonly ContextEntry[];
  manifest: unknown;
}

export interface BootRequest {
  project: LessonProject;
  /** The editor's live files by path (the Dockerfile being edited…), laid over the project's. */
  files?: Readonly<Record<string, string>>;
  /** Give up after this long (default 20 s): a boot with no route to StackBlitz never ends. */
  timeoutMs?: number;
  /** Boots the container (default: `WebContainer.boot` from a dynamic import of `@webcontainer/api`). */
  boot?: () => Promise<Container>;
  /** The bundled `docker` script's text (default: fetched from DOCKER_SCRIPT_URL). */
  fetchScript?: () => Promise<string>;
}

export type BootOutcome = { ok: true; backend: WebContainerBackend } | { ok: false; reason: string };

const defaultBoot = (): Promise<Container> =>
  import('@webcontainer/api').then((m) => m.WebContainer.boot({ coep: COEP, workdirName: WORKDIR_NAME }));

async function defaultFetchScript(): Promise<string> {
  // Not hashed, so ask the server whether it changed (a new deploy) rather than trust the cache.
  const res = await fetch(DOCKER_SCRIPT_URL, { cache: 'no-cache' });
  if (!res.ok) throw new Error(`the server answered ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`);
  const text = await res.text();
  if (!text.startsWith('#!/usr/bin/env node')) throw new Error('the server answered with something else than the script');
  return text;
}

// ---------------------------------------------------------------------------
// Boot

/** The backend of the one WebContainer this page runs (the API allows one at a time). */
let active: WebContainerBackend | null = null;
const tornDown = new WeakSet<Container>();

function teardownQuietly(container: Container): void {
  if (tornDown.has(container)) return;
  tornDown.add(container);
  try {
    container.teardown();
  } catch {
    // Already torn down, or broken: either way it is gone.
  }
}

function errorText(e: unknown): string {
  const text = e instanceof Error ? e.message : typeof e === 'string' ? e : String(e);
  return text.trim().replace(/\.$/, '') || 'no reason given';
}

/** A boot error in plain words. */
export function bootFailure(e: unknown): string {
  const text = errorText(e);
  if (/single WebContainer instance|already (?:booted|running)/i.test(text)) {
    return 'A WebContainer is already running in this page, and a page can run only one; reload the page to start a fresh one.';
  }
  if (/failed to fetch|networkerror|network error|load failed|err_(?:internet|network|name|connection)|blocked/i.test(text)) {
    return `The WebContainer's runtime could not be downloaded from StackBlitz's servers (${text}): the network is offline or blocks stackblitz.com.`;
  }
  if (/SharedArrayBuffer|cross-?origin/i.test(text)) {
    return `The WebContainer needs a cross-origin isolated page and did not get one (${text}).`;
  }
  return `The WebContainer did not start: ${text}.`;
}

/** A folder name for the project inside the container. */
function projectFolder(name: string): string {
  return /^[A-Za-z0-9._-]+$/.test(name) && name !== '.' && name !== '..' && name !== TOOLS_DIR ? name : 'project';
}

/** Adds a file to a tree; false when a part of its path is already a file (or the path is empty). */
function put(tree: FileSystemTree, path: string, contents: string): boolean {
  const parts = path.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.length === 0 || parts.includes('..')) return false;
  let dir = tree;
  for (const part of parts.slice(0, -1)) {
    const node = dir[part];
    if (node === undefined) {
      const created: FileSystemTree = {};
      dir[part] = { directory: created };
      dir = created;
    } else if ('directory' in node) dir = node.directory;
    else return false;
  }
  const last = parts[parts.length - 1]!;
  if (dir[last] !== undefined && 'directory' in dir[last]) return false;
  dir[last] = { file: { contents } };
  return true;
}

/**
 * The project as a tree to mount: every file whose text is known, the editor's live
 * files over them, and the manifest (its build facts; its heavy folders are only
 * described, never written — the docker script reads what is really on disk).
 */
export function projectTree(project: LessonProject, files: Readonly<Record<string, string>> = {}): FileSystemTree {
  const tree: FileSystemTree = {};
  for (const f of project.files) if (f.text !== undefined) put(tree, f.path, f.text);
  if (project.manifest !== null && project.manifest !== undefined) put(tree, 'stagecraft.project.json', `${JSON.stringify(project.manifest, null, 1)}\n`);
  for (const [path, text] of Object.entries(files)) put(tree, path, text);
  return tree;
}

/** A launcher on PATH: CommonJS (the folder says so), so any Node the container has runs it; it loads the ESM bundle. */
function launcher(): string {
  return [
    '#!/usr/bin/env node',
    '// Stagecraft: runs the bundled docker command (docker.mjs beside this file); the file name picks docker or dive.',
    "const { join } = require('path');",
    "const { pathToFileURL } = require('url');",
    "import(pathToFileURL(join(__dirname, 'docker.mjs')).href).catch((e) => {",
    "  process.stderr.write('docker: cannot load ' + join(__dirname, 'docker.mjs') + ': ' + (e && e.message) + '\\n');",
    '  process.exitCode = 1;',
    '});',
    '',
  ].join('\n');
}

/** The tools folder: the script, its launchers, and a package.json that makes the launchers CommonJS. */
export function toolsTree(script: string): FileSystemTree {
  return {
    [TOOLS_DIR]: {
      directory: {
        bin: {
          directory: {
            'docker.mjs': { file: { contents: script } },
            docker: { file: { contents: launcher() } },
            dive: { file: { contents: launcher() } },
            'package.json': { file: { contents: '{ "type": "commonjs" }\n' } },
          },
        },
      },
    },
  };
}

/**
 * Boots a WebContainer with the lesson's project and the `docker` command, within
 * `timeoutMs`. Resolves with a backend, or with the reason it could not (never
 * rejects, never hangs). A container that comes up after the answer was given
 * (a boot that finished late, a failure after it) is torn down.
 */
export async function bootWebContainer(request: BootRequest): Promise<BootOutcome> {
  if (active) return { ok: false, reason: 'A WebContainer is already running in this page, and a page can run only one; close its terminal first.' };
  const timeoutMs = request.timeoutMs ?? DEFAULT_BOOT_TIMEOUT_MS;
  let answered = false;

  const booting = Promise.resolve().then(request.boot ?? defaultBoot);
  const fetching = Promise.resolve().then(request.fetchScript ?? defaultFetchScript);
  // Neither may end as an unhandled rejection, whenever it ends.
  booting.catch(() => {});
  fetching.catch(() => {});

  const attempt = (async (): Promise<BootOutcome> => {
    let container: Container;
    try {
      container = await booting;
    } catch (e) {
      return { ok: false, reason: bootFailure(e) };
    }
    let script: string;
    try {
      script = await fetching;
    } catch (e) {
      return { ok: false, reason: `The docker command for the terminal (${DOCKER_SCRIPT_URL}) could not be fetched: ${errorText(e)}.` };
    }
    if (answered) return { ok: false, reason: 'abandoned' };
    const dir = projectFolder(request.project.name);
    try {
      await container.mount({ [dir]: { directory: projectTree(request.project, request.files) }, ...toolsTree(script) });
    } catch (e) {
      return { ok: false, reason: `The lesson's files could not be copied into the WebContainer: ${errorText(e)}.` };
    }
    await markExecutable(container);
    const workdir = container.workdir.replace(/\/+$/, '');
    const tools = `${workdir}/${TOOLS_DIR}`;
    return {
      ok: true,
      backend: new WebContainerBackend(container, {
        cwd: dir,
        env: { PATH: `${tools}/bin:${container.path}`, STAGECRAFT_ROOT: `${workdir}/${dir}`, STAGECRAFT_STATE: `${tools}/images.json` },
        timeoutMs,
      }),
    };
  })();

  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<BootOutcome>((resolve) => {
    timer = setTimeout(() => {
      const seconds = Math.round(timeoutMs / 100) / 10;
      resolve({
        ok: false,
        reason: `The WebContainer did not start within ${seconds} s. Its runtime is downloaded from StackBlitz's servers; a slow network, or one that blocks stackblitz.com, stops it there.`,
      });
    }, timeoutMs);
  });
  const outcome = await Promise.race([attempt, timeout]);
  answered = true;
  clearTimeout(timer);
  if (outcome.ok) {
    active = outcome.backend;
    leaveHook();
    return outcome;
  }
  // Whatever comes up now is not used: one WebContainer per page, so free the slot.
  booting.then(teardownQuietly, () => {});
  attempt.then((late) => late.ok && late.backend.dispose(), () => {});
  return outcome;
}

/** The launchers' paths, relative to the container's working folder. */
export const LAUNCHERS = [`${TOOLS_DIR}/bin/docker`, `${TOOLS_DIR}/bin/dive`];

/**
 * Sets the launchers' execute bits with the container's own Node (a mounted file has
 * none, and `mount` cannot set them), so jsh finds them on PATH as it finds
 * node_modules/.bin. Best effort: a container that refuses still has `node docker.mjs`.
 */
async function markExecutable(container: Container): Promise<void> {
  try {
    const proc = await container.spawn('node', ['-e', `for (const f of ${JSON.stringify(LAUNCHERS)}) require('fs').chmodSync(f, 0o755)`], { output: false });
    await withTimeout(proc.exit, 5000, 'chmod did not finish');
  } catch {
    // See above: not fatal.
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, reason: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(reason)), ms);
    }),
  ]);
}

// ---------------------------------------------------------------------------
// The terminal

interface ShellLayout {
  /** jsh's working folder, relative to the container's working folder. */
  cwd: string;
  env: Record<string, string>;
  timeoutMs: number;
}

/** jsh in the WebContainer, as a raw terminal: keys go to it, it echoes and edits the line itself. */
export class WebContainerBackend implements RawBackend {
  readonly kind = 'raw' as const;
  readonly label = 'Real Node terminal (WebContainer)';
  private process: ContainerProcess | null = null;
  private writer: WritableStreamDefaultWriter<string> | null = null;
  private starting = false;
  private disposed = false;

  constructor(
    private readonly container: Container,
    private readonly layout: ShellLayout,
  ) {}

  /** Starts jsh in the project's folder, with `docker` and `dive` on its PATH. Rejects with a reason in plain words. */
  async start(out: BackendOutput, size: { cols: number; rows: number }): Promise<void> {
    if (this.disposed) throw new Error('This WebContainer terminal was closed; open the terminal again for a new one.');
    if (this.starting || this.process) throw new Error('This WebContainer terminal has already started.');
    this.starting = true;
    let proc: ContainerProcess;
    try {
      proc = await withTimeout(
        this.container.spawn('jsh', [], { cwd: this.layout.cwd, env: this.layout.env, terminal: { cols: size.cols, rows: size.rows } }),
        this.layout.timeoutMs,
        `The shell (jsh) did not start within ${Math.round(this.layout.timeoutMs / 1000)} s.`,
      );
    } catch (e) {
      this.starting = false;
      const timedOut = e instanceof Error && /did not start within/.test(e.message);
      throw new Error(timedOut ? (e as Error).message : `The shell (jsh) could not start in the WebContainer: ${errorText(e)}.`);
    }
    if (this.disposed) {
      killQuietly(proc);
      return;
    }
    this.process = proc;
    this.writer = proc.input.getWriter();
    proc.output
      .pipeTo(
        new WritableStream<string>({
          write: (chunk) => {
            if (!this.disposed) out.write(chunk);
          },
        }),
      )
      .catch(() => {});
    proc.exit.then(
      (code) => {
        if (!this.disposed) out.write(`\r\n[jsh exited with status ${code}; close the terminal and open it again for a new shell]\r\n`);
      },
      () => {},
    );
  }

  input(data: string): void {
    if (this.disposed || !this.writer) return;
    this.writer.write(data).catch(() => {});
  }

  resize(size: { cols: number; rows: number }): void {
    if (this.disposed || !this.process) return;
    try {
      this.process.resize({ cols: size.cols, rows: size.rows });
    } catch {
      // A process that has exited has no terminal to resize.
    }
  }

  /** Stops jsh and tears the WebContainer down (the page may boot a new one after). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    try {
      this.writer?.releaseLock();
    } catch {
      // A pending write keeps the lock; teardown ends it anyway.
    }
    if (this.process) killQuietly(this.process);
    teardownQuietly(this.container);
    if (active === this) active = null;
  }
}

function killQuietly(proc: ContainerProcess): void {
  try {
    proc.kill();
  } catch {
    // Already gone.
  }
}

// ---------------------------------------------------------------------------
// Leaving the page

interface LeaveTarget {
  addEventListener(type: 'pagehide', listener: () => void): void;
  removeEventListener(type: 'pagehide', listener: () => void): void;
}

let leaveRegistered = false;

function leaveHook(): void {
  if (leaveRegistered || typeof window === 'undefined') return;
  leaveRegistered = true;
  teardownOnLeave(window);
}

/**
 * Tears the page's WebContainer down when the page is left (`pagehide`, which
 * also fires when the page goes into the back/forward cache), so it does not
 * keep its workers running. Returns a function that removes the listener.
 * `bootWebContainer` registers it on `window` by itself after a boot.
 */
export function teardownOnLeave(target: LeaveTarget = window): () => void {
  const onLeave = () => active?.dispose();
  target.addEventListener('pagehide', onLeave);
  return () => target.removeEventListener('pagehide', onLeave);
}

/** The backend of the running WebContainer, if any (for the UI and tests). */
export function activeWebContainer(): WebContainerBackend | null {
  return active;
}

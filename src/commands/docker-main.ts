/**
 * The `docker` (and `dive`) program on a real Node host — the script a WebContainer
 * runs for every `docker …` typed in jsh. Each call is a new process, so what a
 * session keeps in memory (the images built, the step cache that makes a rebuild
 * show CACHED) is kept between calls in a small JSON state, outside the project
 * folder so it never enters a build context. Host-independent: the host (see
 * src/cli/docker-bin.ts) gives the Workspace over the real files and the state's
 * load/save.
 *
 * A restored image carries what it was built from (Dockerfile text and name,
 * context folder, target), not its BuildResult: the result is rebuilt from the
 * files on disk the first time `docker history`, `docker run` or `dive` asks for it.
 */
import { buildOnContext, contentHash, parseDockerfile, PROJECT_MANIFEST, prepareContext, type BuildResult } from '../engine/index';
import { readContext } from './context';
import { createShell, type ShellOptions } from './shell/index';
import { quoteWord } from './shell/line';
import type { SessionImage, ShellSession } from './shell/session';
import { baseName, cleanPath, decodeText, type Workspace } from './workspace';

export interface DockerMainIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** The working folder, relative to the workspace root (`''` is its top). */
  cwd: string;
}

/** Where the images and the step cache live between calls (a file under `~/.stagecraft/` on Node). */
export interface DockerState {
  /** The saved text, or null when there is none yet. */
  load(): string | null;
  save(text: string): void;
  /** Moves an unreadable state out of the way; returns where it went. */
  setAside?(): string;
  /** How the state is named in messages (its file). */
  readonly name?: string;
}

export interface DockerMainOptions {
  workspace: Workspace;
  state: DockerState;
  /** `docker` (default) or `dive`. */
  program?: 'docker' | 'dive';
  /** This project's key in the state (its absolute folder on Node); default the workspace's name. */
  project?: string;
  now?: () => number;
  /**
   * A path inside the workspace to leave out of it (the state's folder, when the
   * host keeps it inside the project), so it never enters a build context.
   */
  hide?: string;
  /** The shell the command runs in (tests give their own commands). */
  shell?: (options: ShellOptions) => ShellSession;
}

/** What is kept of one image. */
export interface SavedImage {
  id: string;
  names: string[];
  created: number;
  dockerfile: string;
  dockerfileName: string;
  contextDir: string;
  target: string | null;
  /** A digest of the build's step keys: a rebuild that differs was made from changed files. */
  steps?: string;
}

interface SavedProject {
  images: SavedImage[];
  cache: string[];
}

interface SavedState {
  version: 1;
  projects: Record<string, SavedProject>;
}

export const STATE_VERSION = 1;
/** Images kept per project (the newest; Docker keeps all, but a course needs no more). */
export const MAX_SAVED_IMAGES = 200;
/** Step keys kept per project (the most recent). */
export const MAX_SAVED_KEYS = 20_000;

/** Runs `docker ARGS…` (or `dive ARGS…`) once, as a process would; resolves with its exit status. */
export async function main(argv: readonly string[], io: DockerMainIO, options: DockerMainOptions): Promise<number> {
  const program = options.program ?? 'docker';
  const project = options.project ?? options.workspace.name;
  const workspace = withoutManifestFolders(options.hide ? hiding(options.workspace, options.hide) : options.workspace);
  const where = options.state.name ?? 'the image list';

  let state: SavedState = { version: STATE_VERSION, projects: {} };
  let loadedText: string | null = null;
  let canSave = true;
  try {
    loadedText = options.state.load();
  } catch (e) {
    io.stderr(`${program}: note: cannot read ${where} (${message(e)}); images built now are not remembered\n`);
    canSave = false;
  }
  if (loadedText !== null) {
    const parsed = parseState(loadedText);
    if ('state' in parsed) state = parsed.state;
    else if (parsed.newer) {
      io.stderr(`${program}: note: ${where} was written by a newer Stagecraft; it is left as it is, and images built now are not remembered\n`);
      canSave = false;
    } else {
      const moved = setAside(options.state);
      if (moved !== null) io.stderr(`${program}: note: ${where} could not be read (${parsed.error}); it was moved to ${moved} and the image list starts empty\n`);
      else {
        io.stderr(`${program}: note: ${where} could not be read (${parsed.error}); it is left as it is, and images built now are not remembered\n`);
        canSave = false;
      }
      loadedText = null;
    }
  }

  const saved = state.projects[project] ?? { images: [], cache: [] };
  const shell = options.shell ?? createShell;
  const session = shell({ workspace, cache: new Set(saved.cache), ...(options.now ? { now: options.now } : {}) });
  session.cwd = cleanPath(io.cwd);
  const restored = restoreImages(session, workspace, saved.images);

  const line = [program, ...argv].map(quoteWord).join(' ');
  const status = await session.run(line, { out: io.stdout, err: io.stderr });

  if (canSave) {
    state.projects[project] = { images: saveImages(session, restored), cache: lastItems([...session.cache], MAX_SAVED_KEYS) };
    const text = `${JSON.stringify(state)}\n`;
    if (text !== loadedText) {
      try {
        options.state.save(text);
      } catch (e) {
        io.stderr(`${program}: note: cannot save ${where} (${message(e)}); the next ${program} will not know the images built now\n`);
      }
    }
  }
  return status;
}

function setAside(state: DockerState): string | null {
  if (!state.setAside) return null;
  try {
    return state.setAside();
  } catch {
    return null;
  }
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function lastItems<T>(items: T[], n: number): T[] {
  return items.length > n ? items.slice(items.length - n) : items;
}

/** The saved state, or why it cannot be used. Never throws. */
export function parseState(text: string): { state: SavedState } | { error: string; newer?: boolean } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { error: `not JSON: ${message(e)}` };
  }
  if (!isObject(data)) return { error: 'not a JSON object' };
  if (typeof data.version === 'number' && data.version > STATE_VERSION) return { error: `version ${data.version}`, newer: true };
  if (data.version !== STATE_VERSION) return { error: `unknown version ${JSON.stringify(data.version)}` };
  if (!isObject(data.projects)) return { error: 'no "projects" object' };
  const projects: Record<string, SavedProject> = {};
  for (const [key, value] of Object.entries(data.projects)) {
    if (!isObject(value)) continue;
    const images = Array.isArray(value.images) ? value.images.filter(isSavedImage) : [];
    const cache = Array.isArray(value.cache) ? value.cache.filter((k): k is string => typeof k === 'string') : [];
    projects[key] = { images, cache };
  }
  return { state: { version: STATE_VERSION, projects } };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isSavedImage(v: unknown): v is SavedImage {
  return (
    isObject(v) &&
    typeof v.id === 'string' && /^sha256:[0-9a-f]{1,64}$/.test(v.id) &&
    Array.isArray(v.names) && v.names.every((n) => typeof n === 'string') &&
    typeof v.created === 'number' && Number.isFinite(v.created) &&
    typeof v.dockerfile === 'string' &&
    typeof v.dockerfileName === 'string' &&
    typeof v.contextDir === 'string' &&
    (v.target === null || typeof v.target === 'string') &&
    (v.steps === undefined || typeof v.steps === 'string')
  );
}

/** A digest of a build's step keys. */
function stepsDigest(result: BuildResult): string {
  return contentHash(result.cacheKeys.join('\n'));
}

/** Puts the saved images back in the session's store; each rebuilds its result when first asked. */
function restoreImages(session: ShellSession, workspace: Workspace, images: readonly SavedImage[]): Map<string, SavedImage> {
  const restored = new Map<string, SavedImage>();
  // Read once per folder in this process, however many images were built from it.
  const contexts = new Map<string, ReturnType<typeof readContext>>();
  const contextOf = (dir: string) => {
    let read = contexts.get(dir);
    if (!read) contexts.set(dir, (read = readContext(workspace, dir, dir || '.', { manifestFolders: false })));
    return read;
  };
  const rebuild = (saved: SavedImage): BuildResult => {
    const read = contextOf(saved.contextDir);
    const context = 'error' in read ? prepareContext([]) : read.context;
    const result = buildOnContext(parseDockerfile(saved.dockerfile), context, { ...(saved.target !== null ? { target: saved.target } : {}), cache: [...session.cache] });
    if ('error' in read) result.notes.push(`${read.error}; this image's figures are from a rebuild without its context`);
    else if (saved.steps !== undefined && saved.steps !== stepsDigest(result)) {
      result.notes.push(`the files changed since this image was built; its figures are from a rebuild of the files as they are now`);
    }
    return result;
  };
  // Oldest first, so each name ends on the image it was given to last.
  for (const saved of [...images].sort((a, b) => a.created - b.created)) {
    let result: BuildResult | undefined;
    const image: SessionImage = {
      id: saved.id,
      created: saved.created,
      dockerfile: saved.dockerfile,
      dockerfileName: saved.dockerfileName,
      contextDir: saved.contextDir,
      target: saved.target,
      get result() {
        return (result ??= rebuild(saved));
      },
      get context() {
        const read = contextOf(saved.contextDir);
        return 'error' in read ? undefined : read.context;
      },
    };
    session.images.add(image, saved.names);
    restored.set(saved.id, saved);
  }
  return restored;
}

/** What to keep of the session's images: the restored ones as they were saved (their results untouched), the new ones described. */
function saveImages(session: ShellSession, restored: Map<string, SavedImage>): SavedImage[] {
  const out: SavedImage[] = [];
  for (const { image, names } of session.images.list().slice(0, MAX_SAVED_IMAGES)) {
    const before = restored.get(image.id);
    if (before && isRestored(image)) {
      out.push({ ...before, names });
      continue;
    }
    out.push({
      id: image.id,
      names,
      created: image.created,
      dockerfile: image.dockerfile,
      dockerfileName: image.dockerfileName,
      contextDir: image.contextDir,
      target: image.target,
      steps: stepsDigest(image.result),
    });
  }
  return out;
}

/** A restored image has a getter for its result (reading it would rebuild). */
function isRestored(image: SessionImage): boolean {
  return typeof Object.getOwnPropertyDescriptor(image, 'result')?.get === 'function';
}

const encoder = new TextEncoder();

/**
 * The workspace with every project manifest's heavy folders taken out (its build
 * facts kept): on a real host the folders are on disk or not at all — after `npm ci`
 * the real node_modules is there, before it nothing is. The same as reading contexts
 * with `manifestFolders: false`, whatever options the `docker` command reads them with.
 */
export function withoutManifestFolders(ws: Workspace): Workspace {
  const isManifest = (path: string) => baseName(cleanPath(path)) === PROJECT_MANIFEST;
  const stripped = (path: string): Uint8Array | null => {
    const bytes = ws.read(path);
    if (!(bytes instanceof Uint8Array)) return null;
    const text = decodeText(bytes);
    if (text === null) return bytes;
    try {
      const data: unknown = JSON.parse(text);
      if (!isObject(data)) return bytes;
      return encoder.encode(`${JSON.stringify({ ...data, dirs: [], files: [] }, null, 1)}\n`);
    } catch {
      // Not JSON: readContext reports it as it is.
      return bytes;
    }
  };
  const sized = <T extends { kind: string; size: number } | null>(path: string, entry: T): T => {
    if (!entry || entry.kind !== 'file' || !isManifest(path)) return entry;
    const bytes = stripped(path);
    return bytes ? { ...entry, size: bytes.length } : entry;
  };
  const wrapped: Workspace = {
    name: ws.name,
    stat: (path) => sized(path, ws.stat(path)),
    list(path) {
      const entries = ws.list(path);
      return entries && entries.map((e) => sized(path ? `${path}/${e.name}` : e.name, e));
    },
    read(path) {
      if (!isManifest(path)) return ws.read(path);
      return stripped(path) ?? ws.read(path);
    },
  };
  if (ws.write) wrapped.write = (path, text) => ws.write!(path, text);
  return wrapped;
}

/** The workspace without one path (a file or a folder with all below it). */
export function hiding(ws: Workspace, path: string): Workspace {
  const hidden = cleanPath(path);
  if (!hidden) return ws;
  const isHidden = (p: string) => {
    const c = cleanPath(p);
    return c === hidden || c.startsWith(`${hidden}/`);
  };
  const wrapped: Workspace = {
    name: ws.name,
    stat: (p) => (isHidden(p) ? null : ws.stat(p)),
    list(p) {
      if (isHidden(p)) return null;
      const entries = ws.list(p);
      const dir = cleanPath(p);
      return entries && entries.filter((e) => !isHidden(dir ? `${dir}/${e.name}` : e.name));
    },
    read: (p) => (isHidden(p) ? { error: 'no such file' } : ws.read(p)),
  };
  if (ws.write) wrapped.write = (p, text) => ws.write!(p, text);
  return wrapped;
}

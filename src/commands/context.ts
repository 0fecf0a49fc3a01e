/**
 * A folder of a Workspace as a build context: every regular file with its size and a
 * content hash (symbolic links skipped, with one note), the project manifest's heavy
 * folders and build facts, and the .dockerignore in force. The CLI, the in-page shell
 * and the WebContainer's `docker` command all read contexts through here.
 */
import { contentHash, normalizeContextPath, prepareContext, PROJECT_MANIFEST, type BuildContextView, type ContextEntry, type PreparedContext } from '../engine/index';
import { decodeText, joinPath, MemoryWorkspace, type Workspace } from './workspace';

/** Files larger than this are hashed by size and modification time instead of content. */
export const HASH_LIMIT = 4 * 1024 * 1024;
/** Text is kept for files this small (package.json, go.mod, sources) so the simulator can read them. */
export const TEXT_LIMIT = 512 * 1024;

export interface ReadContextOptions {
  /** Use this text as the context's .dockerignore instead of the folder's own. */
  dockerignore?: string;
  /**
   * Add the heavy folders the project manifest describes (default). The WebContainer's
   * `docker` reads only what is really on disk, so it keeps the manifest's facts and
   * leaves its folders out: `npm ci` makes the real node_modules there.
   */
  manifestFolders?: boolean;
}

export type ContextRead = { context: PreparedContext; notes: string[] } | { error: string };

/** Contexts read from an in-memory workspace, kept while it does not change (a rebuild reads none again). */
const memoryContexts = new WeakMap<MemoryWorkspace, { revision: number; byKey: Map<string, ContextRead> }>();

/** The folder `dir` of a workspace as Docker's build context; `shown` names it in messages. */
export function readContext(ws: Workspace, dir: string, shown: string, options: ReadContextOptions = {}): ContextRead {
  if (!(ws instanceof MemoryWorkspace)) return readContextNow(ws, dir, shown, options);
  let kept = memoryContexts.get(ws);
  if (!kept || kept.revision !== ws.revision) memoryContexts.set(ws, (kept = { revision: ws.revision, byKey: new Map() }));
  const key = JSON.stringify([dir, shown, options.dockerignore ?? null, options.manifestFolders ?? true]);
  let read = kept.byKey.get(key);
  if (!read) {
    read = readContextNow(ws, dir, shown, options);
    if (kept.byKey.size > 8) kept.byKey.clear();
    kept.byKey.set(key, read);
  }
  // Notes are a list the caller may add to: each gets its own.
  return 'error' in read ? read : { context: read.context, notes: [...read.notes] };
}

function readContextNow(ws: Workspace, dir: string, shown: string, options: ReadContextOptions): ContextRead {
  const top = ws.stat(dir);
  if (!top) return { error: `cannot read context ${shown}: no such directory` };
  if (top.kind !== 'dir') return { error: `cannot read context ${shown}: not a directory` };
  const entries: ContextEntry[] = [];
  const notes: string[] = [];
  const links: string[] = [];
  let manifest: unknown = null;
  const prefix = dir ? `${dir}/` : '';
  if (ws instanceof MemoryWorkspace) {
    if (dir === '') manifest = ws.manifest;
    for (const f of ws.allFiles()) {
      if (!f.path.startsWith(prefix)) continue;
      const path = f.path.slice(prefix.length);
      if (path === PROJECT_MANIFEST) continue;
      entries.push({ path, size: f.size, hash: f.hash ?? contentHash(f.text ?? `${f.size}`), ...(f.text !== undefined ? { text: f.text } : {}) });
    }
  } else {
    const walk = (d: string) => {
      const list = ws.list(d);
      if (!list) throw new Error(`cannot list ${d || '.'}`);
      for (const e of list) {
        const full = joinPath(d, e.name);
        const path = full.slice(prefix.length);
        if (e.kind === 'link') links.push(path);
        else if (e.kind === 'dir') walk(full);
        else if (e.kind === 'file') {
          if (path === PROJECT_MANIFEST) {
            const bytes = ws.read(full);
            const text = bytes instanceof Uint8Array ? decodeText(bytes) : null;
            try {
              manifest = JSON.parse(text ?? '');
            } catch (err) {
              notes.push(`${PROJECT_MANIFEST} is not valid JSON (${(err as Error).message}); ignored`);
            }
            continue;
          }
          if (e.size <= HASH_LIMIT) {
            const bytes = ws.read(full);
            if (!(bytes instanceof Uint8Array)) throw new Error(`${path}: ${bytes.error}`);
            const text = bytes.length <= TEXT_LIMIT ? decodeText(bytes) : null;
            entries.push({ path, size: bytes.length, hash: contentHash(text ?? latin1(bytes)), ...(text !== null ? { text } : {}) });
          } else {
            entries.push({ path, size: e.size, hash: contentHash(`${e.size}:${e.mtimeMs ?? 0}`) });
          }
        }
      }
    };
    try {
      walk(dir);
    } catch (err) {
      return { error: `cannot read context ${shown}: ${(err as Error).message}` };
    }
  }
  // One note, not one per link: node_modules/.bin alone holds dozens.
  if (links.length === 1) notes.push(`${links[0]}: symbolic link skipped (Docker would send the link itself, a few bytes)`);
  else if (links.length > 1) notes.push(`${links.length} symbolic links skipped (Docker would send each link itself, a few bytes), such as ${links.slice(0, 3).join(', ')}`);
  if (manifest !== null && options.manifestFolders === false && typeof manifest === 'object' && !Array.isArray(manifest)) {
    manifest = { ...(manifest as object), dirs: [], files: [] };
  }
  const context = prepareContext(entries, manifest, options.dockerignore);
  notes.push(...context.problems);
  return { context, notes };
}

function latin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 8192) s += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return s;
}

/**
 * Whether each path is sent or left out by the .dockerignore, and the line that decides.
 * Paths need not exist; a trailing `/` only says the path is a folder, which matching ignores.
 * The context root is always sent: BuildKit's walk never asks the patterns about it.
 */
export function contextChecks(view: BuildContextView, paths: readonly string[]): Array<{ path: string; ignored: boolean; pattern: string | null; line: number | null }> {
  return paths.map((path) => {
    if (normalizeContextPath(path) === '') return { path, ignored: false, pattern: null, line: null };
    const explained = view.matcher.explain(path);
    return { path, ignored: view.matcher.matches(path), pattern: explained?.text ?? null, line: explained?.line ?? null };
  });
}

/** `stagecraft context`'s summary line: what is sent and what .dockerignore leaves out. */
export function contextSummaryLine(view: BuildContextView): string {
  const { result } = view;
  return `${result.files} files, ${result.size} bytes sent; ${result.excluded.length} files (${result.excludedSize} bytes) left out by .dockerignore\n`;
}

/**
 * A project (its real files and its manifest) as an in-memory workspace: the heavy folders
 * the manifest describes become files with sizes and no bytes, so `ls`, `du` and builds see
 * them as on a developer's machine. The worker's shell and the tests make theirs with this.
 */
export function projectWorkspace(name: string, files: readonly ContextEntry[], manifest: unknown): MemoryWorkspace {
  const { tree } = prepareContext(files, manifest);
  return new MemoryWorkspace(name, tree.entries.map((e) => ({ path: e.path, size: e.size, hash: e.hash, ...(e.text !== undefined ? { text: e.text } : {}) })), manifest);
}

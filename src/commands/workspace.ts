/**
 * What the commands see of a project: a small filesystem interface with three
 * implementations — the real filesystem (the CLI, `src/cli/node-workspace.ts`),
 * the lesson's project in memory (the worker's in-page shell, below) and the
 * WebContainer's filesystem (the bundled `docker` script, which is the Node one).
 *
 * Paths are relative to the workspace root, `/`-separated and clean (`src/app.ts`);
 * `''` is the root. `resolvePath` turns what a learner typed into one.
 */

export type EntryKind = 'file' | 'dir' | 'link' | 'other';

export interface WorkspaceEntry {
  name: string;
  kind: EntryKind;
  /** Bytes (a folder's own entry: 4096, as `ls -l` shows it). */
  size: number;
  /** Modification time, when the host knows it. */
  mtimeMs?: number;
  /** A file whose size is known but whose bytes are not (the heavy folders a project manifest describes). */
  simulated?: boolean;
}

/** Why a file could not be read, in words a command can print after its name. */
export type ReadFailure = 'no such file' | 'it is a directory' | 'permission denied' | 'not a regular file' | 'its contents are simulated (Stagecraft knows only its size)';

export interface Workspace {
  /** A shown name for the root: the project's folder name. */
  readonly name: string;
  stat(path: string): WorkspaceEntry | null;
  /** The entries of a folder, sorted by name; null when `path` is not a folder. */
  list(path: string): WorkspaceEntry[] | null;
  /** A file's bytes, or why not. */
  read(path: string): Uint8Array | { error: ReadFailure };
  /** Writes a file (folders made as needed). Hosts that are read-only leave it out. */
  write?(path: string, text: string): void;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

/** A file's text, when it is text: UTF-8 without NUL bytes. */
export function decodeText(bytes: Uint8Array): string | null {
  if (bytes.includes(0)) return null;
  return decoder.decode(bytes);
}

export function readText(ws: Workspace, path: string): { text: string } | { error: ReadFailure | 'not a text file (it has NUL bytes)' } {
  const got = ws.read(path);
  if (!(got instanceof Uint8Array)) return got;
  const text = decodeText(got);
  return text === null ? { error: 'not a text file (it has NUL bytes)' } : { text };
}

/** Cleans a relative path: no `.`, no empty parts; `..` above the root stays at the root. */
export function cleanPath(path: string): string {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return parts.join('/');
}

/** What `arg` names from `cwd`: `/x` and `~/x` from the root, anything else from `cwd`. */
export function resolvePath(cwd: string, arg: string): string {
  if (arg === '~' || arg.startsWith('~/')) return cleanPath(arg.slice(1));
  if (arg.startsWith('/')) return cleanPath(arg);
  return cleanPath(cwd ? `${cwd}/${arg}` : arg);
}

export function joinPath(dir: string, name: string): string {
  return dir ? `${dir}/${name}` : name;
}

export function baseName(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? path : path.slice(i + 1);
}

export function dirName(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/** One file of an in-memory workspace: its text, or only its size (a simulated file). */
export interface MemoryFile {
  path: string;
  size: number;
  text?: string;
  /** Content hash, when the caller has it already (the lesson's prepared files). */
  hash?: string;
}

const DIR_SIZE = 4096;

/**
 * A project held in memory: the lesson's files (with the editor's live ones laid over
 * them) and the heavy folders its manifest describes, which have sizes but no bytes.
 * Writable, so a session can keep the editor's files current.
 */
export class MemoryWorkspace implements Workspace {
  readonly name: string;
  /**
   * The project manifest's build facts (its folders are already files here), for the
   * context of the root folder.
   */
  readonly manifest: unknown;
  private files = new Map<string, MemoryFile>();
  private dirs = new Map<string, Set<string>>([['', new Set()]]);
  /** Goes up at every change, so what was read from the workspace can be kept until it changes. */
  revision = 0;

  constructor(name: string, files: Iterable<MemoryFile> = [], manifest: unknown = null) {
    this.name = name;
    this.manifest = manifest !== null && typeof manifest === 'object' && !Array.isArray(manifest) ? { ...(manifest as object), dirs: [], files: [] } : null;
    for (const f of files) this.put(f);
  }

  private put(f: MemoryFile): void {
    const path = cleanPath(f.path);
    if (!path || this.dirs.has(path)) return;
    this.revision++;
    this.files.set(path, { ...f, path });
    let child = path;
    let parent = dirName(path);
    for (;;) {
      let set = this.dirs.get(parent);
      const existed = set !== undefined;
      if (!set) this.dirs.set(parent, (set = new Set()));
      set.add(baseName(child));
      if (existed || parent === '') break;
      child = parent;
      parent = dirName(parent);
    }
  }

  stat(path: string): WorkspaceEntry | null {
    const p = cleanPath(path);
    const f = this.files.get(p);
    if (f) return { name: baseName(p), kind: 'file', size: f.size, ...(f.text === undefined ? { simulated: true } : {}) };
    if (this.dirs.has(p)) return { name: p ? baseName(p) : this.name, kind: 'dir', size: DIR_SIZE };
    return null;
  }

  list(path: string): WorkspaceEntry[] | null {
    const p = cleanPath(path);
    const names = this.dirs.get(p);
    if (!names) return null;
    return [...names].sort().map((n) => this.stat(joinPath(p, n))!);
  }

  read(path: string): Uint8Array | { error: ReadFailure } {
    const p = cleanPath(path);
    const f = this.files.get(p);
    if (!f) return { error: this.dirs.has(p) ? 'it is a directory' : 'no such file' };
    if (f.text === undefined) return { error: 'its contents are simulated (Stagecraft knows only its size)' };
    return encoder.encode(f.text);
  }

  /** The text of a file, without encoding it (the in-memory fast path). */
  text(path: string): string | undefined {
    return this.files.get(cleanPath(path))?.text;
  }

  write(path: string, text: string): void {
    const p = cleanPath(path);
    if (this.files.get(p)?.text === text) return;
    this.put({ path: p, size: encoder.encode(text).length, text });
  }

  /** Removes a file; true when there was one. */
  remove(path: string): boolean {
    const p = cleanPath(path);
    if (!this.files.delete(p)) return false;
    this.revision++;
    // Empty parents stay, as they would on disk after `rm file`.
    this.dirs.get(dirName(p))?.delete(baseName(p));
    return true;
  }

  /** Every file, for building a context from this workspace. */
  allFiles(): MemoryFile[] {
    return [...this.files.values()];
  }
}

/**
 * A project folder the learner picked, turned into build-context entries: the
 * pure part of the folder worker (folder.worker.ts), so it can be tested in Node.
 *
 * Every file counts by its real size (File.size): a picked node_modules is measured,
 * never guessed. Text is read only for the files the engine reads (manifests,
 * lockfiles, .dockerignore, Dockerfiles, tsconfig, Go and JS/TS sources), each up to
 * a bound, and within a total. Entries go out in batches and progress at most every
 * {@link PROGRESS_EVERY} files, so 100,000 files make about a hundred messages, not
 * 100,000. Nothing here touches the network: the folder stays in the browser.
 */
import { contentHash, type ContextEntry } from '../../engine/index';

/** More files than this and the folder is refused (the engine builds on every one of them). */
export const MAX_FILES = 200_000;
/** Entries per `entries` message. */
export const BATCH_SIZE = 2_000;
/** A progress message at least every this many files. */
export const PROGRESS_EVERY = 2_000;
/** Text kept in all, in bytes: the rest is measured but not read. */
export const MAX_TEXT_TOTAL = 64_000_000;
/** Lockfiles get a higher bound than sources: npm reads them whole. */
export const MAX_LOCKFILE_BYTES = 16_000_000;
/** go.sum of a big module graph. */
export const MAX_GO_SUM_BYTES = 8_000_000;
/** Sources, manifests and configuration files. */
export const MAX_SOURCE_BYTES = 1_000_000;
/** Texts read at once (File.text() is asynchronous; a few in flight keep a worker busy). */
export const READ_AHEAD = 16;

/** Folders whose files the engine never reads as text (it only counts them). */
const UNREAD_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', '.cache', '.npm', '.yarn', '.next', '.nuxt', 'coverage']);
const LOCKFILES = new Set(['package-lock.json', 'npm-shrinkwrap.json']);
const CONFIG_FILES = new Set(['package.json', '.dockerignore', 'go.mod', 'index.html', 'Dockerfile', 'Containerfile']);
const SOURCE = /\.(go|ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;

/**
 * How many bytes of a file's text the engine may need, or 0 when only its size
 * matters. `path` is relative to the folder, `/`-separated.
 */
export function textLimit(path: string): number {
  const parts = path.split('/');
  const name = parts[parts.length - 1] ?? '';
  for (let i = 0; i < parts.length - 1; i++) if (UNREAD_DIRS.has(parts[i]!)) return 0;
  if (LOCKFILES.has(name)) return MAX_LOCKFILE_BYTES;
  if (name === 'go.sum') return MAX_GO_SUM_BYTES;
  if (CONFIG_FILES.has(name) || /^tsconfig.*\.json$|^jsconfig\.json$/.test(name) || /\.dockerfile$|^Dockerfile\./i.test(name)) return MAX_SOURCE_BYTES;
  if (SOURCE.test(name) && !name.endsWith('.d.ts')) return MAX_SOURCE_BYTES;
  return 0;
}

/**
 * A path in the folder from the browser's: `my-app/src/a.ts` (an input's
 * webkitRelativePath, or a dropped folder's fullPath `/my-app/src/a.ts`) is
 * `src/a.ts`; the picked folder is the context root. Null for a path with
 * nothing below the folder.
 */
export function folderPath(browserPath: string, stripRoot: boolean): string | null {
  let p = browserPath.replace(/\\/g, '/').replace(/^\/+/, '');
  if (stripRoot) {
    const slash = p.indexOf('/');
    if (slash < 0) return null;
    p = p.slice(slash + 1);
  }
  return p === '' ? null : p;
}

/**
 * The hash of a file whose text is not read. It is made of its path, size and
 * modification time, so the cache key of a COPY that takes it changes when the
 * file changes, as Docker's does (Docker hashes the content: unlike Docker,
 * touching a file without changing it makes a new key too).
 */
export function metadataHash(path: string, size: number, lastModified: number): string {
  return contentHash(`\u0000file\u0000${path}\u0000${size}\u0000${lastModified}`);
}

/** One file of the folder, as the worker gets it (a File, or a test's fake). */
export interface FolderItem {
  /** Relative to the folder (see {@link folderPath}). */
  path: string;
  size: number;
  lastModified: number;
  /** Its text; may reject (the file changed or went away since it was picked). */
  text(): Promise<string>;
}

/** Something worth saying about the folder beside its figures. */
export interface ScanNote {
  kind: 'text-too-big' | 'text-budget' | 'unreadable';
  path: string;
  message: string;
}

export interface ScanSummary {
  files: number;
  bytes: number;
  /** Files whose text was read. */
  textFiles: number;
  textBytes: number;
  /** The folder's own Dockerfile and .dockerignore at its root, when it has them (and they were read). */
  dockerfile: string | null;
  dockerignore: string | null;
  /** The top-level folders, biggest first (at most {@link TOP_FOLDERS}): what a picked node_modules or .git really weighs. */
  folders: Array<{ path: string; files: number; bytes: number }>;
  notes: ScanNote[];
}

/** Top-level folders the summary names. */
export const TOP_FOLDERS = 8;

export type ScanMessage =
  | { type: 'entries'; entries: ContextEntry[] }
  | { type: 'progress'; read: number; total: number | null; bytes: number }
  | { type: 'done'; summary: ScanSummary }
  /** A limit was hit: reading stopped, nothing is kept. */
  | { type: 'refused'; reason: 'too-many-files'; message: string }
  /** Reading failed for a reason of the browser's: nothing is kept. */
  | { type: 'failed'; message: string };

/** Notes listed one by one before they are summed up in one line. */
const MAX_NOTES = 20;

export function tooManyFilesMessage(files: number | null): string {
  const n = MAX_FILES.toLocaleString('en-US');
  return `This folder has ${files === null ? `more than ${n}` : files.toLocaleString('en-US')} files; Stagecraft reads at most ${n}. Pick the project's own folder (not the one above it), or a copy without its biggest folders. Nothing was read.`;
}

function size(bytes: number): string {
  return bytes >= 1_000_000 ? `${(bytes / 1_000_000).toFixed(1)} MB` : `${Math.ceil(bytes / 1000)} kB`;
}

/**
 * Turns folder items into context entries, posting them in batches. Feed it with
 * {@link add} (as often as items arrive: all at once from an input's FileList, in
 * batches from a dropped folder's walk), then call {@link finish}.
 */
export class FolderScan {
  private batch: ContextEntry[] = [];
  private files = 0;
  private bytes = 0;
  private textFiles = 0;
  private textBytes = 0;
  private lastProgress = 0;
  private stopped = false;
  private dockerfile: string | null = null;
  private dockerignore: string | null = null;
  private notes: ScanNote[] = [];
  private notesLeftOut = 0;
  private budgetNoted = false;
  private folders = new Map<string, { files: number; bytes: number }>();

  constructor(
    private readonly post: (m: ScanMessage) => void,
    /** Files in all when known (an input's FileList), for "n of total". */
    private total: number | null = null,
    private readonly options: { batchSize?: number; progressEvery?: number; maxFiles?: number; maxTextTotal?: number } = {},
  ) {
    const max = options.maxFiles ?? MAX_FILES;
    if (total !== null && total > max) this.refuse(total);
  }

  /** False once a limit stopped the scan: stop feeding it. */
  get running(): boolean {
    return !this.stopped;
  }

  /** Adds items; resolves when their entries are made (and posted, batch by batch). */
  async add(items: readonly FolderItem[]): Promise<boolean> {
    const batchSize = this.options.batchSize ?? BATCH_SIZE;
    const every = this.options.progressEvery ?? PROGRESS_EVERY;
    const maxFiles = this.options.maxFiles ?? MAX_FILES;
    for (let start = 0; start < items.length && !this.stopped; start += READ_AHEAD) {
      const group = items.slice(start, start + READ_AHEAD);
      if (this.files + group.length > maxFiles) {
        this.refuse(this.total);
        return false;
      }
      const made = await Promise.all(group.map((item) => this.entry(item)));
      for (const e of made) {
        this.batch.push(e);
        this.files++;
        this.bytes += e.size;
        const slash = e.path.indexOf('/');
        if (slash > 0) {
          const top = e.path.slice(0, slash);
          const f = this.folders.get(top);
          if (f) {
            f.files++;
            f.bytes += e.size;
          } else this.folders.set(top, { files: 1, bytes: e.size });
        }
      }
      if (this.batch.length >= batchSize) this.flush();
      if (this.files - this.lastProgress >= every) this.progress();
    }
    return !this.stopped;
  }

  /** Posts what is left and the summary. */
  finish(): ScanSummary | null {
    if (this.stopped) return null;
    this.flush();
    this.progress();
    if (this.notesLeftOut > 0) {
      this.notes.push({ kind: 'unreadable', path: '', message: `…and ${this.notesLeftOut} more file${this.notesLeftOut === 1 ? '' : 's'} like these.` });
    }
    const summary: ScanSummary = {
      files: this.files, bytes: this.bytes, textFiles: this.textFiles, textBytes: this.textBytes,
      dockerfile: this.dockerfile, dockerignore: this.dockerignore,
      folders: [...this.folders].map(([path, f]) => ({ path: `${path}/`, ...f })).sort((a, b) => b.bytes - a.bytes || a.path.localeCompare(b.path)).slice(0, TOP_FOLDERS),
      notes: this.notes,
    };
    this.post({ type: 'done', summary });
    return summary;
  }

  /** Files known in all, once a walk has found them all (a dropped folder's). */
  setTotal(total: number): void {
    this.total = total;
  }

  private refuse(files: number | null): void {
    this.stopped = true;
    this.batch = [];
    this.post({ type: 'refused', reason: 'too-many-files', message: tooManyFilesMessage(files) });
  }

  private flush(): void {
    if (this.batch.length === 0) return;
    this.post({ type: 'entries', entries: this.batch });
    this.batch = [];
  }

  private progress(): void {
    this.lastProgress = this.files;
    this.post({ type: 'progress', read: this.files, total: this.total, bytes: this.bytes });
  }

  private note(note: ScanNote): void {
    if (this.notes.length < MAX_NOTES) this.notes.push(note);
    else this.notesLeftOut++;
  }

  private async entry(item: FolderItem): Promise<ContextEntry> {
    const { path, size: bytes } = item;
    const limit = textLimit(path);
    const measured = (): ContextEntry => ({ path, size: bytes, hash: metadataHash(path, bytes, item.lastModified) });
    if (limit === 0) return measured();
    if (bytes > limit) {
      this.note({ kind: 'text-too-big', path, message: `${path} is ${size(bytes)}, more than the ${size(limit)} Stagecraft reads of such a file: its size counts, but steps that read it cannot be simulated.` });
      return measured();
    }
    if (this.textBytes + bytes > (this.options.maxTextTotal ?? MAX_TEXT_TOTAL)) {
      if (!this.budgetNoted) {
        this.budgetNoted = true;
        this.notes.push({ kind: 'text-budget', path, message: `Stagecraft stopped reading file contents after ${size(this.textBytes)} (from ${path} on, files count by size only): steps that read those files cannot be simulated.` });
      }
      return measured();
    }
    // Reserved before the read: the reads of a group run at once.
    this.textBytes += bytes;
    let text: string;
    try {
      text = await item.text();
    } catch {
      this.textBytes -= bytes;
      this.note({ kind: 'unreadable', path, message: `${path} could not be read (it may have changed or gone since you picked the folder): its size counts, its content does not.` });
      return measured();
    }
    this.textFiles++;
    if (path === 'Dockerfile') this.dockerfile = text;
    else if (path === '.dockerignore') this.dockerignore = text;
    return { path, size: bytes, hash: contentHash(text), text };
  }
}

/**
 * One file as the page hands it to the folder worker: its path and figures, and the
 * File itself only when its text is wanted. Most of a folder (node_modules, .git)
 * travels as plain data, which is cheap to post; a File is not (see folder-client.ts).
 */
export interface FolderListing {
  path: string;
  size: number;
  lastModified: number;
  file?: Blob;
}

/** What the page sends the folder worker: `begin`, batches of `items` as the page lists them, then `end`. */
export type FolderRequest =
  | { type: 'begin'; total: number | null }
  | { type: 'items'; items: readonly FolderListing[] }
  | { type: 'end'; total: number };

/** A file as the page lists it: the File kept only when the scan will read its text. */
export function listing(file: Blob & { readonly lastModified: number }, path: string): FolderListing {
  const { size, lastModified } = file;
  const wanted = textLimit(path);
  return wanted > 0 && size <= wanted ? { path, size, lastModified, file } : { path, size, lastModified };
}

/** A listed file as the scan reads it. */
export function listedItem(l: FolderListing): FolderItem {
  const { file } = l;
  return { path: l.path, size: l.size, lastModified: l.lastModified, text: () => (file ? file.text() : Promise.reject(new Error('not listed with its content'))) };
}

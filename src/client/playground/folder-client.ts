/**
 * The page's side of reading a project folder: it lists the files for the folder
 * worker (path, size, time, and the File itself only for the few whose text the
 * engine reads), gathers the entries the worker sends back in batches, reports
 * progress, and cancels by terminating the worker. The folder is read in this
 * browser and never sent anywhere.
 *
 * Why the page lists the files itself, in time slices: in Chromium, the first
 * look at a picked file's size (or posting the File to a worker) costs a
 * synchronous trip to the browser process, about 0.2 ms a file — 20 s for 100,000
 * files if done in one go, and a frozen tab. Done a few milliseconds at a time,
 * between frames, it costs the same in all but the page stays usable, shows its
 * progress and can be cancelled; and the worker then gets plain data, cheap to post.
 */
import type { ContextEntry } from '../../engine/index';
import { BATCH_SIZE, folderPath, listing, MAX_FILES, tooManyFilesMessage, type FolderListing, type FolderRequest, type ScanMessage, type ScanSummary } from './folder-scan';

export type FolderResult =
  | { kind: 'done'; name: string; entries: ContextEntry[]; summary: ScanSummary }
  | { kind: 'cancelled' }
  | { kind: 'refused' | 'failed'; message: string };

export interface FolderProgress {
  /** Files read so far. */
  read: number;
  /** Files in all, once known (a dropped folder is still being walked until then). */
  total: number | null;
  bytes: number;
}

/** The parts of a FileSystemEntry (webkitGetAsEntry) the walk uses, so tests can fake them. */
export interface EntryLike {
  readonly isFile: boolean;
  readonly isDirectory: boolean;
  readonly name: string;
  readonly fullPath: string;
}
interface FileEntryLike extends EntryLike {
  file(ok: (file: File) => void, fail?: (e: unknown) => void): void;
}
interface DirEntryLike extends EntryLike {
  createReader(): { readEntries(ok: (entries: EntryLike[]) => void, fail?: (e: unknown) => void): void };
}

export type WalkResult = { kind: 'done'; files: number } | { kind: 'too-many' } | { kind: 'cancelled' };

/**
 * Walks dropped entries (DataTransfer items → webkitGetAsEntry) folder by folder:
 * the browser only lets the page do this, one asynchronous readEntries call per
 * hundred entries, so the page stays responsive; the work per file is getting its
 * File and a path. Items go to `onItems` in batches. One dropped folder is the
 * context root; several dropped things are the root's entries.
 */
export async function walkEntries(
  roots: readonly EntryLike[],
  onItems: (items: FolderListing[]) => void,
  options: { signal: { cancelled: boolean }; maxFiles?: number; batchSize?: number },
): Promise<WalkResult> {
  const maxFiles = options.maxFiles ?? MAX_FILES;
  const batchSize = options.batchSize ?? BATCH_SIZE;
  const strip = roots.length === 1 && roots[0]!.isDirectory;
  const dirs: DirEntryLike[] = [];
  let batch: FolderListing[] = [];
  let files = 0;
  const take = async (entries: readonly EntryLike[]): Promise<boolean> => {
    const found: FileEntryLike[] = [];
    for (const e of entries) {
      if (e.isDirectory) dirs.push(e as DirEntryLike);
      else if (e.isFile) found.push(e as FileEntryLike);
    }
    if (files + found.length > maxFiles) return false;
    const got = await Promise.all(
      found.map((e) => new Promise<FolderListing | null>((resolve) => {
        const path = folderPath(e.fullPath || e.name, strip);
        if (path === null) return resolve(null);
        // A file the browser will not open (gone, or no permission) is left out: rare.
        e.file((file) => resolve(listing(file, path)), () => resolve(null));
      })),
    );
    for (const g of got) {
      if (!g) continue;
      batch.push(g);
      files++;
    }
    if (batch.length >= batchSize) {
      onItems(batch);
      batch = [];
    }
    return true;
  };
  if (strip) dirs.push(roots[0] as DirEntryLike);
  else if (!(await take(roots))) return { kind: 'too-many' };
  while (dirs.length > 0) {
    if (options.signal.cancelled) return { kind: 'cancelled' };
    const reader = dirs.pop()!.createReader();
    // readEntries answers a part of the folder each time, then an empty list.
    for (;;) {
      const chunk = await new Promise<EntryLike[]>((resolve) => reader.readEntries(resolve, () => resolve([])));
      if (options.signal.cancelled) return { kind: 'cancelled' };
      if (chunk.length === 0) break;
      if (!(await take(chunk))) return { kind: 'too-many' };
    }
  }
  if (batch.length) onItems(batch);
  return { kind: 'done', files };
}

/** The parts of a picked File the listing reads. */
export interface PickedFile extends Blob {
  readonly name: string;
  readonly webkitRelativePath?: string;
  readonly lastModified: number;
}

export interface SliceOptions {
  signal: { cancelled: boolean };
  batchSize?: number;
  /** Work this long, then let the page draw and handle input. */
  budgetMs?: number;
  now?: () => number;
  /** Gives the page back its thread until the next task. */
  pause?: () => Promise<void>;
}

/** A macrotask, so input and rendering get their turn (setTimeout(0) is clamped to 4 ms after a few). */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
}

/**
 * Lists an input's files (webkitdirectory) a time slice at a time: paths relative
 * to the picked folder, sizes and times read here (see the top of this file), in
 * batches to `onItems`. Returns how many it listed, or null when cancelled.
 */
export async function listFiles(files: ArrayLike<PickedFile>, onItems: (items: FolderListing[]) => void, options: SliceOptions): Promise<number | null> {
  const batchSize = options.batchSize ?? BATCH_SIZE;
  const budget = options.budgetMs ?? 12;
  const now = options.now ?? (() => performance.now());
  const pause = options.pause ?? nextTask;
  let batch: FolderListing[] = [];
  let listed = 0;
  let sliceStart = now();
  for (let i = 0; i < files.length; i++) {
    if (options.signal.cancelled) return null;
    const f = files[i]!;
    const rel = f.webkitRelativePath ?? '';
    const path = rel ? folderPath(rel, true) : folderPath(f.name, false);
    if (path !== null) {
      batch.push(listing(f, path));
      listed++;
    }
    if (batch.length >= batchSize) {
      onItems(batch);
      batch = [];
    }
    if ((i & 31) === 31 && now() - sliceStart >= budget) {
      if (batch.length) {
        onItems(batch);
        batch = [];
      }
      await pause();
      sliceStart = now();
    }
  }
  if (options.signal.cancelled) return null;
  if (batch.length) onItems(batch);
  return listed;
}

/** The folder's name from an input's files (`my-app/src/a.ts` → `my-app`). */
export function listName(files: ArrayLike<{ webkitRelativePath?: string }>): string {
  const first = files.length > 0 ? files[0]!.webkitRelativePath ?? '' : '';
  const slash = first.indexOf('/');
  return slash > 0 ? first.slice(0, slash) : 'your folder';
}

const defaultWorker = () => new Worker(new URL('./folder.worker.ts', import.meta.url), { type: 'module', name: 'stagecraft-folder' });

/** One folder read at a time; {@link cancel} stops it, and a new read cancels the one before. */
export class FolderReader {
  private worker: Worker | null = null;
  private finish: ((r: FolderResult) => void) | null = null;
  private walk: { cancelled: boolean } | null = null;

  constructor(private readonly createWorker: () => Worker = defaultWorker) {}

  get busy(): boolean {
    return this.worker !== null;
  }

  /** An `<input type=file webkitdirectory>`'s files, listed here a slice at a time and read by the worker as they come. */
  readList(files: FileList, onProgress: (p: FolderProgress) => void): Promise<FolderResult> {
    // Refused before anything is read: counting them costs nothing.
    if (files.length > MAX_FILES) return Promise.resolve({ kind: 'refused', message: tooManyFilesMessage(files.length) });
    const signal = { cancelled: false };
    return this.run(listName(files), onProgress, (w) => {
      this.walk = signal;
      w.postMessage({ type: 'begin', total: files.length } satisfies FolderRequest);
      void listFiles(files, (items) => w.postMessage({ type: 'items', items } satisfies FolderRequest), { signal }).then((n) => {
        if (n !== null && !signal.cancelled && this.worker === w) w.postMessage({ type: 'end', total: n } satisfies FolderRequest);
      });
    });
  }

  /** Dropped folders and files (webkitGetAsEntry), walked here and read by the worker as they are found. */
  readDrop(roots: readonly EntryLike[], onProgress: (p: FolderProgress) => void): Promise<FolderResult> {
    const name = roots.length === 1 && roots[0]!.isDirectory ? roots[0]!.name : 'the dropped files';
    const signal = { cancelled: false };
    return this.run(name, onProgress, (w) => {
      this.walk = signal;
      w.postMessage({ type: 'begin', total: null } satisfies FolderRequest);
      void walkEntries(roots, (items) => w.postMessage({ type: 'items', items } satisfies FolderRequest), { signal }).then((r) => {
        if (signal.cancelled || this.worker !== w) return;
        if (r.kind === 'done') w.postMessage({ type: 'end', total: r.files } satisfies FolderRequest);
        else if (r.kind === 'too-many') this.settle({ kind: 'refused', message: tooManyFilesMessage(null) });
      });
    });
  }

  /** Stops the read: the worker is terminated, nothing read is kept. */
  cancel(): void {
    this.settle({ kind: 'cancelled' });
  }

  private run(name: string, onProgress: (p: FolderProgress) => void, send: (w: Worker) => void): Promise<FolderResult> {
    this.cancel();
    return new Promise<FolderResult>((resolve) => {
      let worker: Worker;
      try {
        worker = this.createWorker();
      } catch (e) {
        resolve({ kind: 'failed', message: `This browser could not start the folder reader (${(e as Error)?.message ?? String(e)}).` });
        return;
      }
      this.worker = worker;
      this.finish = resolve;
      // Batches are kept as they come and joined once at the end.
      const batches: ContextEntry[][] = [];
      worker.onmessage = (e: MessageEvent<ScanMessage>) => {
        const m = e.data;
        if (m.type === 'entries') batches.push(m.entries);
        else if (m.type === 'progress') onProgress({ read: m.read, total: m.total, bytes: m.bytes });
        else if (m.type === 'done') this.settle({ kind: 'done', name, entries: batches.flat(), summary: m.summary });
        else this.settle({ kind: m.type, message: m.message });
      };
      worker.onerror = (e) => {
        e.preventDefault();
        this.settle({ kind: 'failed', message: `The folder reader stopped (${e.message || 'an error in the browser'}). Nothing was kept; try again.` });
      };
      send(worker);
    });
  }

  private settle(result: FolderResult): void {
    if (this.walk) this.walk.cancelled = true;
    this.walk = null;
    const worker = this.worker;
    this.worker = null;
    if (worker) {
      worker.onmessage = null;
      worker.onerror = null;
      worker.terminate();
    }
    const finish = this.finish;
    this.finish = null;
    finish?.(result);
  }
}

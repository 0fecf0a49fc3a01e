/**
 * The layered filesystem of one stage: the base image's known files under a
 * stack of layers. A path is visible when the topmost layer that mentions it
 * adds it rather than deletes it — so deleting in a later layer hides a file
 * without removing its bytes from the layer that added it.
 */
import { goCleanPath } from '../go/path';
import type { FsEntry, Layer } from './types';

/** An absolute, clean path: Go's path.Clean of the path from the root (`a/../b` → `/b`). */
export function normalize(path: string): string {
  return goCleanPath(path.charCodeAt(0) === 47 ? path : `/${path}`);
}

export function join(dir: string, path: string): string {
  return normalize(path.startsWith('/') ? path : `${dir}/${path}`);
}

export function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** `path` is `dir` or lies below it. */
export function within(path: string, dir: string): boolean {
  if (dir === '/' || path === dir) return true;
  // Called for every entry of every layer: compare in place rather than building `${dir}/`.
  return path.length > dir.length && path.charCodeAt(dir.length) === 47 && path.startsWith(dir);
}

/** Why the simulator cannot be sure what a stage's filesystem holds: a command it does not know ran. */
export interface Uncertainty {
  /** 1-based line of the instruction. */
  line: number | null;
  /** What ran, e.g. `make build`. */
  what: string;
}

/** Layers in a stage before lookups use the index of sealed layers. */
const INDEX_FROM_LAYERS = 24;

export class StageFs {
  /** Layers bottom to top; base image layers carry no entries. */
  readonly layers: Layer[] = [];
  /**
   * Set once something with unknown effects ran (an unknown command, an image whose files
   * are not known): a path that is not found may still exist, so a miss is "unknown", not "missing".
   */
  uncertain: Uncertainty | null = null;
  /**
   * An index of the sealed layers (every layer but the ones still being written, which are
   * the top): for each path, the topmost sealed layer with an entry there, with a tree there,
   * and with a whiteout there. A lookup then costs the path's depth, not the number of layers
   * (a file of a thousand `COPY . .` + `RUN npm ci` pairs looks its inputs up at every step).
   */
  private sealed = 0;
  private topEntry = new Map<string, number>();
  private topTree = new Map<string, number>();
  private topWhiteout = new Map<string, number>();

  constructor(
    /** Files the base image is known to contain (CA bundle, toolchains…). */
    readonly baseFiles: ReadonlyMap<string, FsEntry> = new Map(),
  ) {}

  /** A copy that shares the layers below (FROM <stage> starts from another stage's filesystem). */
  fork(): StageFs {
    const copy = new StageFs(this.baseFiles);
    for (const l of this.layers) copy.layers.push(l);
    copy.uncertain = this.uncertain;
    copy.sealed = this.sealed;
    if (this.sealed > 0) {
      copy.topEntry = new Map(this.topEntry);
      copy.topTree = new Map(this.topTree);
      copy.topWhiteout = new Map(this.topWhiteout);
    }
    return copy;
  }

  /** Adds every layer below the top to the index (they no longer change once another is on them). */
  private seal(): void {
    // A few layers are cheaper to walk than to index (every build of a suggestion would index them again).
    if (this.layers.length < INDEX_FROM_LAYERS && this.sealed === 0) return;
    const upTo = this.layers.length - 1;
    if (this.sealed > upTo) this.unseal();
    for (; this.sealed < upTo; this.sealed++) {
      const i = this.sealed;
      const layer = this.layers[i]!;
      for (const [p, e] of layer.entries) {
        this.topEntry.set(p, i);
        if (e.kind === 'tree') this.topTree.set(p, i);
      }
      for (const w of layer.whiteouts) this.topWhiteout.set(w, i);
    }
  }

  /** A layer under the sealed ones went away (a failed RUN's layer is dropped): start the index again. */
  private unseal(): void {
    this.sealed = 0;
    this.topEntry = new Map();
    this.topTree = new Map();
    this.topWhiteout = new Map();
  }

  /** Index of the topmost layer that deletes `path` or one of its parents, or -1. */
  private deletedAt(path: string, above = -1): number {
    this.seal();
    for (let i = this.layers.length - 1; i >= this.sealed && i > above; i--) {
      const w = this.layers[i]!.whiteouts;
      if (w.size === 0) continue;
      for (let p = path; ; p = dirname(p)) {
        if (w.has(p)) return i;
        if (p === '/') break;
      }
    }
    if (this.topWhiteout.size === 0) return -1;
    let top = -1;
    for (let p = path; ; p = dirname(p)) {
      const i = this.topWhiteout.get(p);
      if (i !== undefined && i > top) top = i;
      if (p === '/') break;
    }
    return top > above ? top : -1;
  }

  /** The visible entry at exactly `path`, or null. */
  lookup(path: string): FsEntry | null {
    const p = normalize(path);
    this.seal();
    let ancestors: string[] | null = null;
    // The layers still being written, top down, as they stand.
    for (let i = this.layers.length - 1; i >= this.sealed; i--) {
      const layer = this.layers[i]!;
      if (layer.entries.size === 0 && layer.whiteouts.size === 0) continue;
      const e = layer.entries.get(p);
      if (e) return this.deletedAt(p, i) >= 0 ? null : e;
      // A tree entry above stands for everything inside it.
      ancestors ??= ancestorsOf(p);
      for (const q of ancestors) {
        const t = layer.entries.get(q);
        if (t?.kind === 'tree') return this.deletedAt(p, i) >= 0 ? null : { ...t, path: p, bytes: 0, files: 0 };
      }
      if (this.coversWhiteout(layer, p)) return null;
    }
    // The sealed layers, from the index: the topmost layer that decides is the one the
    // top-down walk would stop at (an entry at the path, then a tree above it, then a whiteout).
    const atEntry = this.topEntry.get(p) ?? -1;
    let atTree = -1;
    let treePath = '';
    if (this.topTree.size > 0) {
      ancestors ??= ancestorsOf(p);
      for (const q of ancestors) {
        const i = this.topTree.get(q);
        if (i !== undefined && i > atTree) {
          atTree = i;
          treePath = q;
        }
      }
    }
    const atWhiteout = this.deletedAt(p);
    if (atEntry >= 0 && atEntry >= atTree && atEntry >= atWhiteout) return this.layers[atEntry]!.entries.get(p)!;
    if (atTree >= 0 && atTree >= atWhiteout) return { ...this.layers[atTree]!.entries.get(treePath)!, path: p, bytes: 0, files: 0 };
    if (atWhiteout >= 0) return null;
    return this.baseFiles.get(p) ?? null;
  }

  private coversWhiteout(layer: Layer, p: string): boolean {
    if (layer.whiteouts.size === 0) return false;
    for (let q = p; ; q = dirname(q)) {
      if (layer.whiteouts.has(q)) return true;
      if (q === '/') return false;
    }
  }

  /** True when a file or directory is visible at `path`. */
  exists(path: string): boolean {
    const p = normalize(path);
    if (p === '/') return true;
    if (this.lookup(p)) return true;
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const layer = this.layers[i]!;
      if (directoriesOf(layer).has(p)) return this.deletedAt(p, i) < 0;
      if (this.coversWhiteout(layer, p)) return false;
    }
    for (const q of this.baseFiles.keys()) if (within(q, p)) return this.deletedAt(p) < 0;
    return false;
  }

  /**
   * A path as a step that needs it sees it: the entry, `'unknown'` when it is not
   * found but something unknown ran before (it may exist), or null when it surely does not.
   */
  probe(path: string): FsEntry | 'dir' | 'unknown' | null {
    const e = this.lookup(path);
    if (e) return e;
    if (this.exists(path)) return 'dir';
    return this.uncertain ? 'unknown' : null;
  }

  /** Every visible entry at or below `dir`. */
  list(dir: string): FsEntry[] {
    const d = normalize(dir);
    const seen = new Set<string>();
    const out: FsEntry[] = [];
    for (let i = this.layers.length - 1; i >= 0; i--) {
      for (const [p, e] of this.layers[i]!.entries) {
        if (!within(p, d) && !(e.kind === 'tree' && within(d, p))) continue;
        if (seen.has(p)) continue;
        seen.add(p);
        if (this.deletedAt(p, i) >= 0) continue;
        out.push(e);
      }
    }
    for (const [p, e] of this.baseFiles) {
      if (within(p, d) && !seen.has(p) && this.deletedAt(p) < 0) out.push(e);
    }
    return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  /** Adds a layer on top. */
  push(layer: Layer): void {
    this.layers.push(layer);
  }

  /**
   * Entries that take up space in some layer but are not visible in the final
   * filesystem: deleted or overwritten later. That is dive's "wasted space".
   */
  wasted(fromLayer = 0): Array<{ entry: FsEntry; addedIn: number; removedIn: number }> {
    const out: Array<{ entry: FsEntry; addedIn: number; removedIn: number }> = [];
    // One pass from the top down, remembering the nearest layer above that writes a path, whites
    // one out, or writes inside a folder: linear in the entries, not layers × layers × entries.
    const nearestEntry = new Map<string, number>();
    const nearestWhiteout = new Map<string, number>();
    const nearestDir = new Map<string, number>();
    for (let i = this.layers.length - 1; i >= fromLayer; i--) {
      const layer = this.layers[i]!;
      for (const [p, e] of layer.entries) {
        if (e.bytes === 0) continue;
        let removedIn = nearestEntry.get(p) ?? -1;
        const take = (j: number | undefined) => {
          if (j !== undefined && (removedIn < 0 || j < removedIn)) removedIn = j;
        };
        if (nearestWhiteout.size > 0) {
          for (let q = p; ; q = dirname(q)) {
            take(nearestWhiteout.get(q));
            if (q === '/') break;
          }
        }
        // A tree stands for a whole folder (an npm package): files written into that folder
        // later (COPY . . bringing the host's node_modules) replace it.
        if (e.kind === 'tree') take(nearestDir.get(p));
        if (removedIn >= 0) out.push({ entry: e, addedIn: i, removedIn });
      }
      for (const p of layer.entries.keys()) nearestEntry.set(p, i);
      for (const w of layer.whiteouts) nearestWhiteout.set(w, i);
      if (layer.entries.size > 0) for (const d of directoriesOf(layer)) nearestDir.set(d, i);
    }
    return out;
  }
}

/** Directories that a layer's entries lie in, cached per entries map (memoised COPY layers share theirs across builds). */
const directoryCache = new WeakMap<Map<string, FsEntry>, { size: number; dirs: Set<string> }>();

export function directoriesOf(layer: Layer): Set<string> {
  const hit = directoryCache.get(layer.entries);
  if (hit && hit.size === layer.entries.size) return hit.dirs;
  const dirs = new Set<string>();
  for (const path of layer.entries.keys()) {
    for (let q = dirname(path); q !== '/' && !dirs.has(q); q = dirname(q)) dirs.add(q);
  }
  directoryCache.set(layer.entries, { size: layer.entries.size, dirs });
  return dirs;
}

/** The folders above a path, nearest first, without the root. */
function ancestorsOf(p: string): string[] {
  const out: string[] = [];
  for (let q = dirname(p); q !== '/'; q = dirname(q)) out.push(q);
  return out;
}

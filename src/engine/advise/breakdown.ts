/**
 * Where the bytes of an image are: every byte of the final image attributed to
 * the Dockerfile line whose layer holds it, and to what it is. Base-image layers
 * belong to the FROM line; a `COPY --from` layer keeps the categories its files had
 * in the stage that made them; bytes a later layer hides are "wasted", on the line
 * that added them. The rows add up to the image's size exactly.
 */
import { earlierStageNamed } from '../dockerfile/query';
import type { Dockerfile, Instruction } from '../dockerfile/types';
import type { BuildResult, FsEntry, Layer } from '../simulate/types';
import { CATEGORIES, classifyBaseLayer, type ByteCategory } from '../simulate/categories';

export interface BreakdownRow {
  /** 1-based line of the instruction whose layer holds the bytes (the FROM line for base layers). */
  line: number | null;
  /** The instruction, shortened to one line. */
  instruction: string;
  category: ByteCategory;
  /** Uncompressed bytes, as `docker images` counts them. */
  size: number;
  /** Regular files the bytes are in. */
  files: number;
  /** The figure is (partly) an estimate. */
  estimated: boolean;
  /** For wasted bytes: the line that hid them. */
  hiddenBy?: number | null;
}

export interface CategoryTotal {
  category: ByteCategory;
  size: number;
  /** Share of the image, 0..1. */
  share: number;
  estimated: boolean;
}

export interface Breakdown {
  /** The image's size: the sum of every row. */
  total: number;
  /** By layer, bottom to top; within a layer, biggest first. */
  rows: BreakdownRow[];
  /** By category, in {@link CATEGORIES} order, only those present. */
  categories: CategoryTotal[];
}

/** The breakdown of a build's image, or null when the build made none. */
export function breakdown(file: Dockerfile, result: BuildResult): Breakdown | null {
  const image = result.image;
  if (!image) return null;
  const layers = image.layers;
  const from = rootFrom(file, result.target);
  const baseLayers = layers.filter((l) => l.fromBase).length;
  // Wasted entries by the layer that added them, so their bytes move to "wasted".
  const wastedBy = new Map<number, Array<{ path: string; bytes: number; removedIn: number }>>();
  for (const w of result.wasted.files) {
    const list = wastedBy.get(w.addedIn) ?? [];
    list.push({ path: w.path, bytes: w.bytes, removedIn: w.removedIn });
    wastedBy.set(w.addedIn, list);
  }
  const rows: BreakdownRow[] = [];
  for (const [i, layer] of layers.entries()) {
    if (layer.bytes === 0) continue;
    if (layer.fromBase) {
      // One row per kind for the base image, however many layers it has.
      const category = classifyBaseLayer(layer.createdBy, image.base, baseLayers);
      const same = rows.find((r) => r.line === (from ? from.startLine + 1 : null) && r.category === category && r.files === 0);
      if (same) {
        same.size += layer.bytes;
        same.estimated ||= layer.estimated;
        continue;
      }
      rows.push({ line: from ? from.startLine + 1 : null, instruction: from ? shorten(from) : 'FROM', category, size: layer.bytes, files: 0, estimated: layer.estimated });
      continue;
    }
    rows.push(...layerRows(layer, wastedBy.get(i) ?? [], layers));
  }
  const sums = new Map<ByteCategory, { size: number; estimated: boolean }>();
  for (const r of rows) {
    const s = sums.get(r.category) ?? { size: 0, estimated: false };
    s.size += r.size;
    s.estimated ||= r.estimated;
    sums.set(r.category, s);
  }
  const total = image.bytes;
  const categories = CATEGORIES.flatMap((c) => {
    const s = sums.get(c);
    return s && s.size > 0 ? [{ category: c, size: s.size, share: total > 0 ? s.size / total : 0, estimated: s.estimated }] : [];
  });
  return { total, rows, categories };
}

function layerRows(layer: Layer, wasted: Array<{ path: string; bytes: number; removedIn: number }>, layers: readonly Layer[]): BreakdownRow[] {
  const ins = layer.instruction;
  const line = ins ? ins.startLine + 1 : null;
  const instruction = ins ? shorten(ins) : layer.createdBy;
  const by = new Map<ByteCategory, { size: number; files: number; estimated: boolean }>();
  const put = (c: ByteCategory, e: FsEntry, bytes: number) => {
    const s = by.get(c) ?? { size: 0, files: 0, estimated: false };
    s.size += bytes;
    s.files += e.files;
    s.estimated ||= !!e.estimated;
    by.set(c, s);
  };
  const hidden = new Map<string, number>();
  for (const w of wasted) hidden.set(w.path, w.removedIn);
  const hiddenBy = new Map<number, { size: number; files: number; estimated: boolean }>();
  for (const e of layer.entries.values()) {
    if (e.bytes === 0) continue;
    const removedIn = hidden.get(e.path);
    if (removedIn !== undefined) {
      const s = hiddenBy.get(removedIn) ?? { size: 0, files: 0, estimated: false };
      s.size += e.bytes;
      s.files += e.files;
      s.estimated ||= !!e.estimated;
      hiddenBy.set(removedIn, s);
      continue;
    }
    put(e.category ?? categoryOfPath(e.path), e, e.bytes);
  }
  const rows: BreakdownRow[] = [...by].map(([category, s]) => ({ line, instruction, category, size: s.size, files: s.files, estimated: s.estimated }));
  for (const [removedIn, s] of hiddenBy) {
    const at = layers[removedIn]?.instruction;
    rows.push({ line, instruction, category: 'wasted', size: s.size, files: s.files, estimated: s.estimated, hiddenBy: at ? at.startLine + 1 : null });
  }
  return rows.sort((a, b) => b.size - a.size);
}

/** Entries made by commands that do not say what they made: by where they are. */
export function categoryOfPath(path: string): ByteCategory {
  if (/\/node_modules\/\.cache(\/|$)|^\/root\/\.(npm|cache)(\/|$)|^\/var\/cache\/|^\/var\/lib\/apt\/lists(\/|$)|^\/tmp\//.test(path)) return 'cache';
  if (/\/node_modules\//.test(path)) return 'prod-deps';
  if (/\/\.git(\/|$)/.test(path)) return 'vcs';
  if (/\/\.env(\.[^/]*)?$/.test(path)) return 'secrets';
  return 'other';
}

/** The FROM that names the image the target stage is built on (through `FROM <stage>` chains). */
function rootFrom(file: Dockerfile, target: number): Instruction | null {
  let stage = file.stages[target];
  for (let hops = 0; stage && hops < file.stages.length; hops++) {
    const parent = earlierStageNamed(file, stage.base, stage.index);
    if (!parent) return stage.from;
    stage = parent;
  }
  return stage?.from ?? null;
}

function shorten(ins: Instruction): string {
  const text = ins.original.replace(/\\\r?\n/g, ' ').replace(/\s+/g, ' ').trim();
  return text.length > 72 ? `${text.slice(0, 71)}…` : text;
}

/** What `build --json` carries: one row per line and kind. */
export function breakdownJson(b: Breakdown): Array<{ line: number | null; instruction: string; category: ByteCategory; size: number }> {
  return b.rows.map((r) => ({ line: r.line, instruction: r.instruction, category: r.category, size: r.size }));
}

import { LineIndex } from './source';
import type { TextEdit } from './types';

/** Applies non-overlapping edits to a text (later edits first, so offsets stay valid). */
export function applyFixes(text: string, edits: TextEdit[]): string {
  const index = new LineIndex(text);
  const withOffsets = edits
    .map((e) => ({ start: index.offset(e.range.start), end: index.offset(e.range.end), text: e.text }))
    .sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  let limit = Infinity;
  for (const e of withOffsets) {
    if (e.end > limit) continue; // overlaps an edit already applied
    out = out.slice(0, e.start) + e.text + out.slice(e.end);
    limit = e.start;
  }
  return out;
}

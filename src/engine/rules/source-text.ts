/**
 * Source text and ranges, for the rules of both families: the text a range
 * covers, ranges of lines and of parts of words, the edits fixes make, and the
 * small text conventions the rules share.
 */
import { lineIndexOf, type Range } from '../dockerfile/source';
import type { Dockerfile, TextEdit } from '../dockerfile/types';

/** The source text a range covers. */
export function textOf(file: Dockerfile, range: Range): string {
  const index = lineIndexOf(file);
  return file.text.slice(index.offset(range.start), index.offset(range.end));
}

/** The range of a whole line's content (without its line ending). */
export function lineRange(file: Dockerfile, line: number): Range {
  const index = lineIndexOf(file);
  const start = index.starts[line] ?? file.text.length;
  return index.range(start, Math.max(start, index.lineEnd(line)));
}

/** An edit that deletes whole lines `[first, last]`, line endings included. */
export function deleteLines(file: Dockerfile, first: number, last: number): TextEdit {
  const index = lineIndexOf(file);
  const start = index.starts[first] ?? file.text.length;
  const end = index.starts[last + 1] ?? file.text.length;
  return { range: index.range(start, end), text: '' };
}

/**
 * The part [start, end) of a word whose source range is `range`. Falls back to
 * the whole range when the word is not written on one line exactly as `word`
 * (a continuation inside it, or quotes the parser removed).
 */
export function subRange(file: Dockerfile, range: Range, word: string, start: number, end: number): Range {
  if (range.start.line !== range.end.line || textOf(file, range) !== word) return range;
  const line = range.start.line;
  return {
    start: { line, character: range.start.character + start },
    end: { line, character: range.start.character + end },
  };
}

/** An empty range at a position: where an insertion goes. */
export function pointAt(range: Range, atEnd = false): Range {
  const p = atEnd ? range.end : range.start;
  return { start: { ...p }, end: { ...p } };
}

/** hadolint's `dropQuotes`: every `"` and `'` at either end removed. */
export function dropQuotes(s: string): string {
  return s.replace(/^["']+/, '').replace(/["']+$/, '');
}

/** `keyword` in the case the instruction's own keyword is written in. */
export function likeCase(written: string, keyword: string): string {
  return written === written.toLowerCase() ? keyword.toLowerCase() : keyword.toUpperCase();
}

/**
 * Positions in a Dockerfile's text. Everything is 0-based and counted in UTF-16
 * code units, like the Language Server Protocol and Monaco's model offsets;
 * reports add 1 to lines and columns when they print them.
 */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** Maps offsets in a text to line/character positions. */
export class LineIndex {
  /** Offset at which each line starts. */
  readonly starts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    this.starts = starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  position(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - (this.starts[lo] ?? 0) };
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(Math.max(start, end)) };
  }

  /** End of a line's content, before its `\r\n` or `\n`. */
  lineEnd(line: number): number {
    const next = this.starts[line + 1];
    let end = next === undefined ? this.text.length : next - 1;
    const start = this.starts[line] ?? 0;
    while (end > start && (this.text[end - 1] === '\r' || this.text[end - 1] === '\n')) end--;
    return end;
  }

  offset(pos: Position): number {
    const start = this.starts[pos.line];
    if (start === undefined) return this.text.length;
    return Math.min(start + pos.character, this.text.length);
  }
}

export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

/**
 * A logical line of a Dockerfile: physical lines joined at continuations, with
 * a map from each of its characters back to the source offset it came from.
 */
export class LogicalLine {
  /** Pieces of the source, in order: [logical start, source start, length]. */
  private readonly pieces: Array<[number, number, number]> = [];
  text = '';

  append(sourceStart: number, piece: string): void {
    if (piece.length === 0) return;
    this.pieces.push([this.text.length, sourceStart, piece.length]);
    this.text += piece;
  }

  /** Source offset of the character at logical index `i` (clamped). */
  sourceOffset(i: number): number {
    const pieces = this.pieces;
    if (pieces.length === 0) return 0;
    let lo = 0;
    let hi = pieces.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((pieces[mid]?.[0] ?? 0) <= i) lo = mid;
      else hi = mid - 1;
    }
    const [logicalStart, sourceStart, length] = pieces[lo] ?? [0, 0, 0];
    return sourceStart + Math.min(Math.max(0, i - logicalStart), length);
  }

  /** Source offsets [start, end) of the logical span [a, b). */
  sourceSpan(a: number, b: number): [number, number] {
    if (b <= a) {
      const s = this.sourceOffset(a);
      return [s, s];
    }
    return [this.sourceOffset(a), this.sourceOffset(b - 1) + 1];
  }
}

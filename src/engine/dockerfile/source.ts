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

  /** Line of the last lookup: parsing asks for positions mostly in order. */
  private hint = 0;

  position(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    const starts = this.starts;
    const h = this.hint;
    if ((starts[h] ?? 0) <= o && (h + 1 >= starts.length || (starts[h + 1] ?? 0) > o)) {
      return { line: h, character: o - (starts[h] ?? 0) };
    }
    if (h + 2 < starts.length && (starts[h + 1] ?? 0) <= o && (starts[h + 2] ?? 0) > o) {
      this.hint = h + 1;
      return { line: h + 1, character: o - (starts[h + 1] ?? 0) };
    }
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= o) lo = mid;
      else hi = mid - 1;
    }
    this.hint = lo;
    return { line: lo, character: o - (this.starts[lo] ?? 0) };
  }

  /**
   * A range over [start, end). Positions are computed when read: a parsed file
   * holds many ranges and reads few, so this keeps parsing cheap.
   */
  range(start: number, end: number): Range {
    return new OffsetRange(this, start, Math.max(start, end));
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
  /** Pieces of the source, flattened: logical start, source start, length; three numbers each. */
  private readonly pieces: number[] = [];
  text = '';

  append(sourceStart: number, piece: string): void {
    if (piece.length === 0) return;
    this.pieces.push(this.text.length, sourceStart, piece.length);
    this.text += piece;
  }

  /** Source offset of the character at logical index `i` (clamped). */
  sourceOffset(i: number): number {
    const pieces = this.pieces;
    const count = pieces.length / 3;
    if (count === 0) return 0;
    let lo = 0;
    let hi = count - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((pieces[mid * 3] ?? 0) <= i) lo = mid;
      else hi = mid - 1;
    }
    const logicalStart = pieces[lo * 3] ?? 0;
    const sourceStart = pieces[lo * 3 + 1] ?? 0;
    const length = pieces[lo * 3 + 2] ?? 0;
    return sourceStart + Math.min(Math.max(0, i - logicalStart), length);
  }

  /** The source range of the logical span [a, b). */
  range(index: LineIndex, a: number, b: number): Range {
    if (b <= a) {
      const s = this.sourceOffset(a);
      return index.range(s, s);
    }
    return index.range(this.sourceOffset(a), this.sourceOffset(b - 1) + 1);
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

/** A Range stored as two offsets; `start`/`end` are derived on access. */
export class OffsetRange implements Range {
  constructor(
    private readonly index: LineIndex,
    readonly startOffset: number,
    readonly endOffset: number,
  ) {}

  get start(): Position {
    return this.index.position(this.startOffset);
  }

  get end(): Position {
    return this.index.position(this.endOffset);
  }

  /** Serialises as a plain `{start, end}` (for JSON and structured clone callers). */
  toJSON(): Range {
    return { start: this.start, end: this.end };
  }
}

/** A plain-object copy of any Range, safe to post to a worker or store. */
export function plainRange(r: Range): Range {
  const { start, end } = r;
  return { start: { line: start.line, character: start.character }, end: { line: end.line, character: end.character } };
}

const lineIndexes = new WeakMap<object, LineIndex>();

/** The line index of a parsed file's text, built once per file (rules, goals and the expander share it). */
export function lineIndexOf(file: { readonly text: string }): LineIndex {
  let index = lineIndexes.get(file);
  if (!index) {
    index = new LineIndex(file.text);
    lineIndexes.set(file, index);
  }
  return index;
}

/** Line edits of a Dockerfile by instruction: what every suggestion is made of. */
import type { Instruction } from '../dockerfile/types';

export class DockerfileEdit {
  private readonly lines: string[];
  private readonly eol: string;
  private readonly ops: Array<{ start: number; end: number; lines: string[] }> = [];

  constructor(readonly text: string) {
    this.eol = text.includes('\r\n') ? '\r\n' : '\n';
    this.lines = text.split(/\r?\n/);
  }

  /** The instruction as written: its lines (continuations and heredocs included). */
  source(ins: Instruction): string {
    return this.lines.slice(ins.startLine, ins.endLine + 1).join('\n');
  }

  replace(ins: Instruction, text: string): this {
    this.ops.push({ start: ins.startLine, end: ins.endLine + 1, lines: text.split('\n') });
    return this;
  }

  insertBefore(ins: Instruction, text: string): this {
    this.ops.push({ start: ins.startLine, end: ins.startLine, lines: text.split('\n') });
    return this;
  }

  insertAfter(ins: Instruction, text: string): this {
    this.ops.push({ start: ins.endLine + 1, end: ins.endLine + 1, lines: text.split('\n') });
    return this;
  }

  remove(ins: Instruction): this {
    this.ops.push({ start: ins.startLine, end: ins.endLine + 1, lines: [] });
    return this;
  }

  /** Appends lines at the end of the file (a new stage). */
  append(text: string): this {
    let end = this.lines.length;
    while (end > 0 && this.lines[end - 1] === '') end--;
    this.ops.push({ start: end, end: this.lines.length, lines: [...text.split('\n'), ''] });
    return this;
  }

  /** The edited text; overlapping edits keep the first one given. */
  result(): string {
    const ordered = this.ops.map((op, i) => ({ ...op, i })).sort((a, b) => b.start - a.start || b.end - a.end || b.i - a.i);
    const lines = [...this.lines];
    let limit = Infinity;
    for (const op of ordered) {
      if (op.end > limit) continue;
      lines.splice(op.start, op.end - op.start, ...op.lines);
      limit = op.start;
    }
    return lines.join(this.eol);
  }
}

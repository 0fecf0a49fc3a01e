import type { Dockerfile, Instruction } from '../dockerfile/types';

/** Go's strconv.Quote for the characters Dockerfiles contain. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** One instruction in the s-expression form of BuildKit's `Node.Dump()`. */
export function dumpInstruction(ins: Instruction): string {
  let s = ins.keyword.toLowerCase();
  if (ins.flags.length) s += ` [${ins.flags.map((f) => goQuote(f.text)).join(' ')}]`;
  if (ins.trigger) return `${s} (${dumpInstruction(ins.trigger)})`;
  for (const a of ins.args) s += ` ${goQuote(a.value)}`;
  return s;
}

/** The whole file, one `(…)` per instruction, like BuildKit's parser golden files. */
export function dump(file: Dockerfile): string {
  return file.instructions.map((i) => `(${dumpInstruction(i)})`).join('\n');
}

import type { Dockerfile, Instruction } from '../dockerfile/types';
import { goQuote } from '../go/quote';

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

import type { Dockerfile, Instruction } from './types';

/**
 * Prints a parsed Dockerfile in a canonical layout: directives first, one
 * instruction per line with its keyword upper-cased, flags as BuildKit read
 * them, JSON arguments re-encoded, heredoc bodies after their instruction.
 * Comments are not kept. Parsing the output gives the same instructions.
 */
export function printDockerfile(file: Dockerfile): string {
  const lines: string[] = [];
  for (const d of file.directives) lines.push(`# ${d.name}=${d.value}`);
  for (const ins of file.instructions) lines.push(printInstruction(ins, file.escapeToken));
  return `${lines.join('\n')}\n`;
}

export function printInstruction(ins: Instruction, escape = '\\'): string {
  const head = [ins.name ?? ins.keyword, ...ins.flags.map((f) => quoteFlag(f.text))];
  let body: string;
  if (ins.trigger) body = printInstruction(ins.trigger, escape);
  else if (ins.json && ins.name === 'HEALTHCHECK') body = `${ins.args[0]?.value ?? 'CMD'} ${JSON.stringify(ins.args.slice(1).map((a) => a.value))}`;
  else if (ins.json) body = JSON.stringify(ins.args.map((a) => a.value));
  else body = ins.argsText;
  let out = [...head, body].filter((s) => s !== '').join(' ');
  // Bodies keep their own line endings, so the terminator follows directly.
  for (const h of ins.heredocs) out += `\n${h.content}${h.name}`;
  void escape;
  return out;
}

/** Flags are printed so BuildKit's flag reader gives back the same text. */
function quoteFlag(text: string): string {
  return /[\s"'\\]/.test(text) ? `"${text.replace(/(["\\])/g, '\\$1')}"` : text;
}

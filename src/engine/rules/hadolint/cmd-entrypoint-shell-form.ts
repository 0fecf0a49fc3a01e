import { splitShell } from '../../dockerfile/shell';
import type { Range } from '../../dockerfile/source';
import type { Fix, Instruction } from '../../dockerfile/types';
import { defineRule } from '../types';

/** Characters that mean nothing to a shell: such a word runs the same without one. */
const PLAIN_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;
/** Shell builtins and keywords: without a shell there is no program by that name to run. */
const SHELL_ONLY = new Set([
  '.', 'alias', 'cd', 'eval', 'exec', 'exit', 'export', 'read', 'return', 'set', 'shift', 'source', 'trap',
  'ulimit', 'umask', 'unset', 'wait', 'if', 'for', 'while', 'until', 'case', 'function',
]);

/**
 * The exec form of a shell-form command, when that changes nothing but the
 * shell in between: one simple command whose words are all plain (no quotes,
 * variables, globs, operators or redirections), written on one line.
 */
function execFormFix(ins: Instruction): Fix | undefined {
  if (ins.startLine !== ins.endLine || !ins.argsRange) return undefined;
  // HEALTHCHECK CMD x: the command is what follows the CMD word.
  const skip = ins.name === 'HEALTHCHECK' ? (/^\S+[ \t]+/.exec(ins.argsText)?.[0].length ?? 0) : 0;
  const text = ins.argsText.slice(skip);
  const range: Range = { start: { line: ins.argsRange.start.line, character: ins.argsRange.start.character + skip }, end: ins.argsRange.end };
  const commands = splitShell(text);
  if (commands.length !== 1) return undefined;
  const [cmd] = commands;
  if (!cmd || cmd.assignments.length > 0 || SHELL_ONLY.has(cmd.argv[0]?.value ?? '')) return undefined;
  const words = text.split(/[ \t]+/).filter(Boolean);
  if (words.length !== cmd.argv.length || !cmd.argv.every((w, i) => w.raw === words[i] && PLAIN_WORD.test(w.raw))) {
    return undefined;
  }
  const json = `[${cmd.argv.map((w) => JSON.stringify(w.value)).join(', ')}]`;
  return { title: `Write ${ins.name === 'HEALTHCHECK' ? 'HEALTHCHECK CMD' : ins.name} in exec (JSON) form`, edits: [{ range, text: json }] };
}

/**
 * hadolint DL3025: CMD and ENTRYPOINT (and HEALTHCHECK CMD) in shell form run
 * under `/bin/sh -c`, which does not pass signals on to the program. The fix writes the JSON form
 * when the command is a plain list of words.
 */
export const cmdEntrypointShellForm = defineRule({
  meta: {
    id: 'cmd-entrypoint-shell-form',
    refs: ['DL3025'],
    resembles: 'JSONArgsRecommended',
    severity: 'warning',
    summary: 'Write CMD and ENTRYPOINT in exec (JSON) form.',
    lesson: 'production-habits',
    url: 'https://github.com/hadolint/hadolint/wiki/DL3025',
    messages: {
      shellForm: 'Use arguments JSON notation for CMD and ENTRYPOINT arguments',
    },
    notes:
      'BuildKit’s JSONArgsRecommended says the same but stays quiet in a stage that sets its own SHELL ' +
      '(the shell form is then a deliberate choice); hadolint warns regardless.',
  },
  check({ file, report }) {
    for (const ins of file.instructions) {
      const healthcheck = ins.name === 'HEALTHCHECK' && ins.args[0]?.value.toUpperCase() === 'CMD' && ins.args.length > 1;
      if (ins.name !== 'CMD' && ins.name !== 'ENTRYPOINT' && !healthcheck) continue;
      if (ins.json || ins.args.length === 0) continue;
      const fix = execFormFix(ins);
      report({ messageId: 'shellForm', range: ins.argsRange ?? ins.range, fixes: fix ? [fix] : undefined });
    }
  },
});

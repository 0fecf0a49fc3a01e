import type { Dockerfile, Instruction, TextEdit } from '../../dockerfile/types';
import { splitShell } from '../../dockerfile/shell';
import { fileScopes } from '../../dockerfile/scopes';
import { defineRule } from '../types';
import { textOf } from '../source-text';

/**
 * BuildKit's JSONArgsRecommended: CMD or ENTRYPOINT in shell form, unless the
 * stage (or a stage it builds on) set a SHELL first, which BuildKit reads as
 * a deliberate choice. The fix writes the exec form when the command is a
 * plain program with plain arguments.
 */
export const jsonArgsRecommended = defineRule({
  meta: {
    id: 'json-args-recommended',
    refs: ['JSONArgsRecommended'],
    buildkit: 'JSONArgsRecommended',
    severity: 'warning',
    summary: 'Use the JSON (exec) form for CMD and ENTRYPOINT so the program receives OS signals.',
    lesson: 'production-habits',
    url: 'https://docs.docker.com/go/dockerfile/rule/json-args-recommended/',
    messages: {
      shellForm: 'JSON arguments recommended for {{instruction}} to prevent unintended behavior related to OS signals',
    },
  },
  check({ file, report }) {
    const scopes = fileScopes(file);
    const shellSet: boolean[] = [];
    for (const { stage, parent } of scopes.stages) {
      let shell = parent >= 0 ? (shellSet[parent] ?? false) : false;
      for (const ins of stage.instructions) {
        if (ins.name === 'SHELL' && ins.json && ins.args.length > 0) shell = true;
        if ((ins.name !== 'CMD' && ins.name !== 'ENTRYPOINT') || ins.json || shell) continue;
        const edits = execFormEdits(file, ins);
        report({
          messageId: 'shellForm',
          data: { instruction: ins.keyword },
          range: ins.range,
          fixes: edits ? [{ title: 'Use the JSON (exec) form', edits }] : undefined,
        });
      }
      shellSet.push(shell);
    }
  },
});

/** Shell words that only mean something to a shell. */
const SHELL_ONLY = new Set(['exec', 'cd', 'source', '.', 'export', 'set', 'eval', 'if', 'for', 'while', 'until', 'case', 'ulimit', 'umask', 'trap', 'alias', 'unset', 'shift', 'wait', '!', '{', '}']);
/** Characters that make a word more than a plain word: expansions, globs, redirections, escapes. */
const NOT_PLAIN = /[$`*?[\]~<>|&;(){}#\\]/;

/** The edit that turns `CMD node server.js` into `CMD ["node", "server.js"]`, or `null`. */
function execFormEdits(file: Dockerfile, ins: Instruction): TextEdit[] | null {
  const script = ins.args[0]?.value;
  if (!script || !ins.argsRange) return null;
  const raw = textOf(file, ins.argsRange);
  // Comment lines inside a continued command would be lost.
  if (raw.split('\n').slice(1).some((line) => line.trimStart().startsWith('#'))) return null;
  const commands = splitShell(script);
  if (commands.length !== 1) return null;
  const cmd = commands[0]!;
  if (cmd.assignments.length > 0 || cmd.argv.length === 0) return null;
  if (SHELL_ONLY.has(cmd.argv[0]!.value)) return null;
  for (const word of cmd.argv) {
    if (word.raw.includes("'") && word.raw.includes('"')) return null;
    // Inside single quotes everything is literal; inside double quotes only $, ` and \ are special.
    const unquoted = word.raw.replace(/'[^']*'/g, 'x').replace(/"[^"]*"/g, (q) => (/[$`\\]/.test(q) ? '$' : 'x'));
    if (NOT_PLAIN.test(unquoted) || /['"]/.test(unquoted) || word.value === '') return null;
  }
  if (script.slice(cmd.end).trim() !== '') return null;
  const json = '[' + cmd.argv.map((w) => JSON.stringify(w.value)).join(', ') + ']';
  return [{ range: ins.argsRange, text: json }];
}

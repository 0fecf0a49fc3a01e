import type { Instruction } from '../../dockerfile/types';
import { defineRule } from '../types';
import { deleteLines, lineRange } from '../source-text';

/**
 * BuildKit's NoEmptyContinuation: blank lines inside a continued instruction.
 * BuildKit warns once per instruction, on its last line; the fix deletes the
 * blank lines.
 */
export const noEmptyContinuation = defineRule({
  meta: {
    id: 'no-empty-continuation',
    refs: ['NoEmptyContinuation'],
    buildkit: 'NoEmptyContinuation',
    fileWideCheckOnly: true,
    severity: 'warning',
    summary: 'Empty continuation lines will become errors in a future release.',
    lesson: null,
    url: 'https://docs.docker.com/go/dockerfile/rule/no-empty-continuation/',
    messages: {
      empty: 'Empty continuation line',
    },
  },
  check({ file, report }) {
    for (const ins of file.instructions) {
      const blank = ins.emptyContinuationLines;
      if (blank.length === 0) continue;
      report({
        messageId: 'empty',
        range: lineRange(file, lastLogicalLine(ins)),
        fixes: [{ title: 'Delete the empty continuation lines', edits: blank.map((l) => deleteLines(file, l, l)) }],
      });
    }
  },
});

/** The last line of the instruction itself, before any heredoc body. */
function lastLogicalLine(ins: Instruction): number {
  let last = ins.endLine;
  const doc = ins.heredocs[0];
  if (doc) last = Math.min(last, doc.bodyRange.start.line - 1);
  for (const l of ins.emptyContinuationLines) last = Math.max(last, l);
  return Math.max(ins.startLine, last);
}

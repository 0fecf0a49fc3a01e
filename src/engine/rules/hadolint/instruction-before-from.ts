import { defineRule } from '../types';

/**
 * hadolint DL3061: a Dockerfile starts with FROM; only ARG (and comments and
 * parser directives) may come before it. Every other instruction before the
 * first FROM is reported.
 */
export const instructionBeforeFrom = defineRule({
  meta: {
    id: 'instruction-before-from',
    refs: ['DL3061'],
    severity: 'error',
    summary: 'Only ARG may come before the first FROM.',
    lesson: 'stages',
    url: 'https://github.com/hadolint/hadolint/wiki/DL3061',
    messages: {
      order: 'Invalid instruction order. Dockerfile must begin with `FROM`, `ARG` or comment.',
    },
    notes: 'BuildKit refuses such a file outright (“no build stage in current context”).',
  },
  check({ file, report }) {
    for (const ins of file.instructions) {
      if (ins.name === 'FROM') break;
      // Unknown instructions are parse errors already.
      if (ins.name === null || ins.name === 'ARG') continue;
      report({ messageId: 'order', range: ins.range });
    }
  },
});

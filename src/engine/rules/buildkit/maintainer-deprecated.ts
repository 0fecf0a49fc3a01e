import type { Dockerfile, Instruction } from '../../dockerfile/types';
import { defineRule } from '../types';

/**
 * BuildKit's MaintainerDeprecated: MAINTAINER is deprecated. The fix writes the
 * OCI authors label with the same text, quoted so LABEL reads it literally.
 */
export const maintainerDeprecated = defineRule({
  meta: {
    id: 'maintainer-deprecated',
    refs: ['MaintainerDeprecated'],
    buildkit: 'MaintainerDeprecated',
    severity: 'warning',
    summary: 'Use the org.opencontainers.image.authors label instead of MAINTAINER.',
    lesson: 'production-habits',
    url: 'https://docs.docker.com/go/dockerfile/rule/maintainer-deprecated/',
    messages: {
      deprecated: 'Maintainer instruction is deprecated in favor of using label',
    },
  },
  check({ file, report }) {
    for (const ins of file.instructions) {
      if (ins.name !== 'MAINTAINER') continue;
      const author = ins.args[0]?.value;
      report({
        messageId: 'deprecated',
        range: ins.range,
        fixes: author
          ? [{ title: 'Use the org.opencontainers.image.authors label', edits: [{ range: ins.range, text: labelFor(file, ins, author) }] }]
          : undefined,
      });
    }
  },
});

function labelFor(file: Dockerfile, ins: Instruction, author: string): string {
  const keyword = ins.keyword === ins.keyword.toLowerCase() ? 'label' : 'LABEL';
  const esc = file.escapeToken;
  // MAINTAINER takes its text literally; in a double-quoted LABEL value the
  // escape token, `"` and `$` would mean something, so they are escaped.
  let quoted = '';
  for (const ch of author) quoted += ch === esc || ch === '"' || ch === '$' ? esc + ch : ch;
  return `${keyword} org.opencontainers.image.authors="${quoted}"`;
}

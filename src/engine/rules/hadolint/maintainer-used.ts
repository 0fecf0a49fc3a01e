import type { Fix, Instruction } from '../../dockerfile/types';
import { defineRule } from '../types';
import { likeCase } from '../source-text';

/** The OCI label that replaces MAINTAINER. */
const AUTHORS = 'org.opencontainers.image.authors';

/** `MAINTAINER x` → `LABEL org.opencontainers.image.authors="x"`, for a one-line MAINTAINER. */
function labelFix(ins: Instruction, escape: string): Fix | undefined {
  if (ins.startLine !== ins.endLine || ins.argsText === '') return undefined;
  let value = ins.argsText;
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"') && !value.slice(1, -1).includes('"')) {
    value = value.slice(1, -1);
  }
  // In a double-quoted word BuildKit unescapes only `"`, `$` and the escape token.
  const quoted = `"${[...value].map((c) => (c === '"' || c === '$' || c === escape ? escape + c : c)).join('')}"`;
  return {
    title: `Replace MAINTAINER with LABEL ${AUTHORS}`,
    edits: [{ range: ins.range, text: `${likeCase(ins.keyword, 'LABEL')} ${AUTHORS}=${quoted}` }],
  };
}

/** hadolint DL4000: MAINTAINER is deprecated; the OCI authors label says the same. */
export const maintainerUsed = defineRule({
  meta: {
    id: 'maintainer-used',
    refs: ['DL4000'],
    resembles: 'MaintainerDeprecated',
    severity: 'error',
    summary: 'Use an OCI authors LABEL instead of the deprecated MAINTAINER.',
    lesson: 'production-habits',
    url: 'https://github.com/hadolint/hadolint/wiki/DL4000',
    messages: {
      deprecated: 'MAINTAINER is deprecated',
    },
    notes: 'BuildKit’s MaintainerDeprecated is a warning; hadolint rates it an error.',
  },
  check({ file, report }) {
    for (const ins of file.instructions) {
      if (ins.name !== 'MAINTAINER') continue;
      const fix = labelFix(ins, file.escapeToken);
      report({ messageId: 'deprecated', range: ins.range, fixes: fix ? [fix] : undefined });
    }
  },
});

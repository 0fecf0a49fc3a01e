import { defineRule } from '../types';

/** hadolint DL3012: one HEALTHCHECK per stage; each further one is reported. */
export const healthcheckRepeated = defineRule({
  meta: {
    id: 'healthcheck-repeated',
    refs: ['DL3012'],
    resembles: 'MultipleInstructionsDisallowed',
    severity: 'error',
    summary: 'A stage should have at most one HEALTHCHECK.',
    lesson: 'production-habits',
    url: 'https://github.com/hadolint/hadolint/wiki/DL3012',
    messages: {
      repeated: 'Multiple `HEALTHCHECK` instructions',
    },
    notes:
      'BuildKit’s MultipleInstructionsDisallowed is a warning about the same thing (only the last ' +
      'HEALTHCHECK takes effect); hadolint rates it an error.',
  },
  check({ file, report }) {
    let seen = false;
    for (const ins of file.instructions) {
      if (ins.name === 'FROM') seen = false;
      else if (ins.name === 'HEALTHCHECK') {
        if (seen) report({ messageId: 'repeated', range: ins.range });
        seen = true;
      }
    }
  },
});

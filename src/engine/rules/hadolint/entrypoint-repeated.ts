import { defineRule } from '../types';

/** hadolint DL4004: only the last ENTRYPOINT of a stage takes effect; each further one is reported. */
export const entrypointRepeated = defineRule({
  meta: {
    id: 'entrypoint-repeated',
    refs: ['DL4004'],
    resembles: 'MultipleInstructionsDisallowed',
    severity: 'error',
    summary: 'A stage should have at most one ENTRYPOINT.',
    lesson: 'production-habits',
    url: 'https://github.com/hadolint/hadolint/wiki/DL4004',
    messages: {
      repeated:
        'Multiple `ENTRYPOINT` instructions found. If you list more than one `ENTRYPOINT` then only the last `ENTRYPOINT` will take effect',
    },
    notes: 'BuildKit’s MultipleInstructionsDisallowed reports this as a warning; hadolint rates it an error.',
  },
  check({ file, report }) {
    let seen = false;
    for (const ins of file.instructions) {
      if (ins.name === 'FROM') seen = false;
      else if (ins.name === 'ENTRYPOINT') {
        if (seen) report({ messageId: 'repeated', range: ins.range });
        seen = true;
      }
    }
  },
});

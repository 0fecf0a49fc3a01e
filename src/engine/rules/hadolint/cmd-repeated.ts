import { defineRule } from '../types';

/** hadolint DL4003: only the last CMD of a stage takes effect; each further one is reported. */
export const cmdRepeated = defineRule({
  meta: {
    id: 'cmd-repeated',
    refs: ['DL4003'],
    resembles: 'MultipleInstructionsDisallowed',
    severity: 'warning',
    summary: 'A stage should have at most one CMD.',
    lesson: 'production-habits',
    url: 'https://github.com/hadolint/hadolint/wiki/DL4003',
    messages: {
      repeated:
        'Multiple `CMD` instructions found. If you list more than one `CMD` then only the last `CMD` will take effect',
    },
  },
  check({ file, report }) {
    let seen = false;
    for (const ins of file.instructions) {
      if (ins.name === 'FROM') seen = false;
      else if (ins.name === 'CMD') {
        if (seen) report({ messageId: 'repeated', range: ins.range });
        seen = true;
      }
    }
  },
});

import { defineRule } from '../types';

const RESERVED = new Set(['scratch', 'context']);

/** hadolint DL3063: `scratch` and `context` mean something else to BuildKit; a stage must not take them. */
export const stageNameReserved = defineRule({
  meta: {
    id: 'stage-name-reserved',
    refs: ['DL3063'],
    resembles: 'ReservedStageName',
    severity: 'warning',
    summary: 'A stage should not be named `scratch` or `context`.',
    lesson: 'stages',
    url: 'https://github.com/hadolint/hadolint/wiki/DL3063',
    messages: {
      reserved: 'stage name should not be a reserved word',
    },
    notes:
      'Compared case-insensitively, as BuildKit lower-cases stage names (`AS Scratch` is `scratch`); ' +
      'hadolint compares the name as written.',
  },
  check({ file, report }) {
    for (const stage of file.stages) {
      if (stage.name && RESERVED.has(stage.name)) {
        report({ messageId: 'reserved', range: stage.nameRange ?? stage.from.range });
      }
    }
  },
});

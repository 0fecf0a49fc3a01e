import { flag } from '../../dockerfile/query';
import { defineRule } from '../types';

/** hadolint DL3023: a stage cannot `COPY --from` itself. */
export const copyFromOwnStage = defineRule({
  meta: {
    id: 'copy-from-own-stage',
    refs: ['DL3023'],
    severity: 'error',
    summary: '`COPY --from` cannot name the stage it is in.',
    lesson: 'copy-from',
    url: 'https://github.com/hadolint/hadolint/wiki/DL3023',
    messages: {
      self: '`COPY --from` cannot reference its own `FROM` alias',
    },
    notes: 'Stage names are compared case-insensitively, as BuildKit resolves them; hadolint compares them as written.',
  },
  check({ file, report }) {
    for (const stage of file.stages) {
      if (!stage.name) continue;
      for (const ins of stage.instructions) {
        if (ins.name !== 'COPY') continue;
        const from = flag(ins, 'from');
        if (from?.value && from.value.toLowerCase() === stage.name) {
          report({ messageId: 'self', range: from.valueRange ?? from.range });
        }
      }
    }
  },
});

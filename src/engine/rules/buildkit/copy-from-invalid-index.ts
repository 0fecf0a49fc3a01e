import { defineRule } from '../types';
import { stageGraph } from '../../dockerfile/stage-graph';

/**
 * BuildKit refuses `COPY --from=N` when N is not the index of a build stage.
 * Counting follows BuildKit: images and scratch that earlier `COPY --from` and
 * `RUN --mount` lines read become build states too, so they extend the range.
 */
export const copyFromInvalidIndex = defineRule({
  meta: {
    id: 'copy-from-invalid-index',
    refs: ['BuildKit'],
    severity: 'error',
    summary: 'COPY --from=N must name an existing stage by its index (0 is the first FROM).',
    lesson: 'copy-from',
    url: 'https://docs.docker.com/reference/dockerfile/#copy---from',
    messages: {
      invalid: 'invalid stage index {{index}}',
    },
  },
  check({ file, report }) {
    for (const bad of stageGraph(file).badIndex) {
      report({ messageId: 'invalid', data: { index: bad.index }, range: bad.range });
    }
  },
});

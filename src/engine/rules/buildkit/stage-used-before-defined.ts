import { defineRule } from '../types';
import { goQuoted } from '../../go/quote';
import { stageGraph } from '../../dockerfile/stage-graph';

/**
 * BuildKit builds stages in file order and refuses a `COPY --from` or
 * `RUN --mount=from=` that names a stage further down the file. (A circle of
 * such references is reported as a circular dependency instead.)
 */
export const stageUsedBeforeDefined = defineRule({
  meta: {
    id: 'stage-used-before-defined',
    refs: ['BuildKit'],
    severity: 'error',
    summary: 'COPY --from and RUN --mount=from= can only use stages defined earlier in the file.',
    lesson: 'copy-from',
    url: 'https://docs.docker.com/build/building/multi-stage/',
    messages: {
      copy: 'cannot copy from stage "{{from}}", it needs to be defined before current stage "{{stage}}"',
      mount: 'cannot mount from stage "{{from}}" to "{{target}}", stage needs to be defined before current command',
    },
  },
  check({ file, report }) {
    const graph = stageGraph(file);
    for (const edge of graph.forward) {
      report({
        messageId: edge.kind,
        data: { from: goQuoted(edge.from), stage: goQuoted(graph.names[edge.stage] ?? ''), target: goQuoted(edge.mountTarget) },
        range: edge.range,
      });
    }
  },
});

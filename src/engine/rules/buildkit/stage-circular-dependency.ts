import { defineRule } from '../types';
import { stageGraph } from '../../dockerfile/stage-graph';

/**
 * BuildKit refuses stages that depend on each other in a circle through
 * `COPY --from` or `RUN --mount=from=`, a stage copying from itself included.
 * Like BuildKit it names the stage its search started from and marks each
 * instruction on the path. (A `FROM <stage>` can only name an earlier stage,
 * so a loop that goes through FROM shows up as a stage used before it is
 * defined instead.)
 */
export const stageCircularDependency = defineRule({
  meta: {
    id: 'stage-circular-dependency',
    refs: ['BuildKit'],
    severity: 'error',
    summary: 'Stages must not copy from each other in a circle.',
    lesson: 'copy-from',
    url: 'https://docs.docker.com/build/building/multi-stage/',
    messages: {
      circular: 'circular dependency detected on stage: {{stage}}',
    },
  },
  check({ file, report }) {
    const graph = stageGraph(file);
    if (!graph.cycle) return;
    const stage = graph.names[graph.cycle.stage] ?? '';
    for (const edge of graph.cycle.path) report({ messageId: 'circular', data: { stage }, range: edge.range });
  },
});

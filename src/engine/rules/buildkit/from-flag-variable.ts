import { defineRule } from '../types';
import { stageGraph } from '../../dockerfile/stage-graph';

/**
 * BuildKit refuses variables in `COPY --from` and in `RUN --mount=from=`: the
 * stage graph is built before any variable has a value. The workaround is a
 * stage: `ARG IMG` before the first FROM, `FROM ${IMG} AS img`, `COPY --from=img`.
 */
export const fromFlagVariable = defineRule({
  meta: {
    id: 'from-flag-variable',
    refs: ['BuildKit'],
    severity: 'error',
    summary: 'COPY --from and RUN --mount=from= cannot use variables; define a stage with FROM instead.',
    lesson: 'copy-from',
    url: 'https://docs.docker.com/reference/dockerfile/#copy---from',
    messages: {
      copy: 'variable expansion is not supported for --from, define a new stage with FROM using ARG from global scope as a workaround',
      mount: "'from' doesn't support variable expansion, define alias stage instead",
    },
  },
  check({ file, report }) {
    for (const v of stageGraph(file).variableFrom) report({ messageId: v.kind, range: v.range });
  },
});

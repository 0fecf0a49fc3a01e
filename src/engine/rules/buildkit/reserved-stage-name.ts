import { defineRule } from '../types';
import { goQuoted } from '../../go/quote';

const RESERVED = new Set(['context', 'scratch']);

/** BuildKit's ReservedStageName: a stage named `scratch` or `context`. */
export const reservedStageName = defineRule({
  meta: {
    id: 'reserved-stage-name',
    refs: ['ReservedStageName'],
    buildkit: 'ReservedStageName',
    fileWideCheckOnly: true,
    severity: 'warning',
    summary: 'Reserved words (scratch, context) should not be used as stage names.',
    lesson: 'stages',
    url: 'https://docs.docker.com/go/dockerfile/rule/reserved-stage-name/',
    messages: {
      reserved: 'Stage name should not use the same name as reserved stage "{{name}}"',
    },
  },
  check({ file, report }) {
    for (const stage of file.stages) {
      if (stage.name && stage.nameRange && RESERVED.has(stage.name)) {
        report({ messageId: 'reserved', data: { name: goQuoted(stage.name) }, range: stage.nameRange });
      }
    }
  },
});

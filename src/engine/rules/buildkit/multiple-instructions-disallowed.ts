import type { Instruction } from '../../dockerfile/types';
import { defineRule } from '../types';

const ONCE = new Set(['CMD', 'ENTRYPOINT', 'HEALTHCHECK']);

/**
 * BuildKit's MultipleInstructionsDisallowed: a second CMD, ENTRYPOINT or
 * HEALTHCHECK in a stage. Like BuildKit, it points at the earlier one (the one
 * that is ignored) and names the instruction as the later one is written.
 * A stage built on another stage starts counting afresh.
 */
export const multipleInstructionsDisallowed = defineRule({
  meta: {
    id: 'multiple-instructions-disallowed',
    refs: ['MultipleInstructionsDisallowed'],
    buildkit: 'MultipleInstructionsDisallowed',
    severity: 'warning',
    summary: 'Only the last CMD, ENTRYPOINT or HEALTHCHECK of a stage counts; use one.',
    lesson: 'production-habits',
    url: 'https://docs.docker.com/go/dockerfile/rule/multiple-instructions-disallowed/',
    messages: {
      multiple: 'Multiple {{instruction}} instructions should not be used in the same stage because only the last one will be used',
    },
  },
  check({ file, report }) {
    for (const stage of file.stages) {
      const last = new Map<string, Instruction>();
      for (const ins of stage.instructions) {
        if (!ins.name || !ONCE.has(ins.name)) continue;
        const previous = last.get(ins.name);
        // On the earlier line, as BuildKit reports it; the later instruction's `# check=` comment governs it.
        if (previous) report({ messageId: 'multiple', data: { instruction: ins.keyword }, range: previous.range, governedBy: ins });
        last.set(ins.name, ins);
      }
    }
  },
});

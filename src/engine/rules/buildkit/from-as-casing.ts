import { defineRule } from '../types';

const consistent = (s: string) => s === s.toLowerCase() || s === s.toUpperCase();

/**
 * BuildKit's FromAsCasing: when FROM is all upper- or all lower-case, AS must be
 * cased the same way. A mixed-case `From` is left alone (ConsistentInstructionCasing
 * reports that).
 */
export const fromAsCasing = defineRule({
  meta: {
    id: 'from-as-casing',
    refs: ['FromAsCasing'],
    buildkit: 'FromAsCasing',
    severity: 'warning',
    summary: 'The AS keyword should match the casing of the FROM keyword.',
    lesson: 'stages',
    url: 'https://docs.docker.com/go/dockerfile/rule/from-as-casing/',
    messages: {
      mismatch: "'{{as}}' and '{{from}}' keywords' casing do not match",
    },
  },
  check({ file, report }) {
    for (const stage of file.stages) {
      const from = stage.from.keyword;
      const as = stage.from.args[1];
      if (!as || stage.from.args.length !== 3 || as.value.toLowerCase() !== 'as') continue;
      if (!consistent(from)) continue;
      const wanted = from === from.toUpperCase() ? 'AS' : 'as';
      if (as.value === wanted) continue;
      report({
        messageId: 'mismatch',
        data: { as: as.value, from },
        range: as.range,
        fixes: [{ title: `Write ${wanted} to match ${from}`, edits: [{ range: as.range, text: wanted }] }],
      });
    }
  },
});

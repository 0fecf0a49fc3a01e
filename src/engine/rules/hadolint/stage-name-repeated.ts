import { defineRule } from '../types';

/** hadolint DL3024: stage names must be unique; every later use of a name is reported. */
export const stageNameRepeated = defineRule({
  meta: {
    id: 'stage-name-repeated',
    refs: ['DL3024'],
    resembles: 'DuplicateStageName',
    severity: 'error',
    summary: 'Every stage name should be unique.',
    lesson: 'stages',
    url: 'https://github.com/hadolint/hadolint/wiki/DL3024',
    messages: {
      duplicate: 'FROM aliases (stage names) must be unique',
    },
    notes:
      'BuildKit lower-cases stage names, so `AS Build` and `AS build` are the same stage; this rule ' +
      'compares them the same way (hadolint compares them as written).',
  },
  check({ file, report }) {
    const seen = new Set<string>();
    for (const stage of file.stages) {
      if (!stage.name) continue;
      if (seen.has(stage.name)) report({ messageId: 'duplicate', range: stage.nameRange ?? stage.from.range });
      seen.add(stage.name);
    }
  },
});

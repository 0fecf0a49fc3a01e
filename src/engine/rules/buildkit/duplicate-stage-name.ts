import { defineRule } from '../types';
import { goQuoted } from '../../go/quote';
import { isValidStageName } from '../../dockerfile/query';

/** BuildKit's DuplicateStageName: two stages with the same (case-insensitive) name. */
export const duplicateStageName = defineRule({
  meta: {
    id: 'duplicate-stage-name',
    refs: ['DuplicateStageName'],
    buildkit: 'DuplicateStageName',
    fileWideCheckOnly: true,
    severity: 'warning',
    summary: 'Stage names should be unique.',
    lesson: 'stages',
    url: 'https://docs.docker.com/go/dockerfile/rule/duplicate-stage-name/',
    messages: {
      duplicate: 'Duplicate stage name "{{name}}", stage names should be unique',
    },
  },
  check({ file, report }) {
    const seen = new Set<string>();
    for (const stage of file.stages) {
      if (!stage.name || !stage.nameRange || !isValidStageName(stage.name)) continue;
      if (seen.has(stage.name)) report({ messageId: 'duplicate', data: { name: goQuoted(stage.name) }, range: stage.nameRange });
      seen.add(stage.name);
    }
  },
});

import { expandWord } from '../../dockerfile/lexer';
import { fileScopes } from '../../dockerfile/scopes';
import { defineRule } from '../types';
import { goQuoted } from '../../go/quote';

/**
 * BuildKit's WorkdirRelativePath: the first WORKDIR of a stage chain is
 * relative, so it lands wherever the base image's working directory is.
 * Only the first WORKDIR counts; a stage built on another stage inherits
 * whether that stage set one. The path is checked after variable expansion.
 */
export const workdirRelativePath = defineRule({
  meta: {
    id: 'workdir-relative-path',
    refs: ['WorkdirRelativePath'],
    buildkit: 'WorkdirRelativePath',
    severity: 'warning',
    summary: 'Set an absolute WORKDIR before using relative ones.',
    lesson: 'production-habits',
    url: 'https://docs.docker.com/go/dockerfile/rule/workdir-relative-path/',
    messages: {
      relative: 'Relative workdir "{{path}}" can have unexpected results if the base image changes',
    },
  },
  check({ file, report }) {
    const scopes = fileScopes(file);
    const set: boolean[] = [];
    for (const { stage, parent, before } of scopes.stages) {
      let workdirSet = parent >= 0 ? (set[parent] ?? false) : false;
      for (const ins of stage.instructions) {
        if (ins.name !== 'WORKDIR') continue;
        const arg = ins.args[0];
        const scope = before.get(ins);
        if (!arg || !scope) continue;
        const path = expandWord(arg.value, scope.env, { escape: file.escapeToken });
        if (path.error !== null) continue;
        if (!workdirSet && !path.value.startsWith('/')) {
          report({ messageId: 'relative', data: { path: goQuoted(path.value) }, range: arg.range });
        }
        workdirSet = true;
      }
      set.push(workdirSet);
    }
  },
});

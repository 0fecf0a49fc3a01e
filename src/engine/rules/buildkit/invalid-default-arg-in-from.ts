import { expandWord } from '../../dockerfile/lexer';
import { fileScopes } from '../../dockerfile/scopes';
import { defineRule } from '../types';
import { isValidImageReference } from '../../dockerfile/reference';

/**
 * BuildKit's InvalidDefaultArgInFrom: with only the ARG defaults (no
 * `--build-arg`), the FROM image is empty or not a valid reference. BuildKit
 * checks every FROM this way, so a plainly invalid reference such as
 * `FROM Alpine` is reported too.
 */
export const invalidDefaultArgInFrom = defineRule({
  meta: {
    id: 'invalid-default-arg-in-from',
    refs: ['InvalidDefaultArgInFrom'],
    buildkit: 'InvalidDefaultArgInFrom',
    fileWideCheckOnly: true,
    severity: 'warning',
    summary: 'Global ARGs used in FROM need defaults that make a valid image name.',
    lesson: 'more-stages',
    url: 'https://docs.docker.com/go/dockerfile/rule/invalid-default-arg-in-from/',
    messages: {
      invalid: 'Default value for ARG {{base}} results in empty or invalid base image name',
    },
  },
  check({ file, report }) {
    const { global } = fileScopes(file);
    // BuildKit gives up this check when a global ARG default does not expand.
    if (global.error) return;
    for (const stage of file.stages) {
      if (!stage.baseRange) continue;
      const result = expandWord(stage.base, global.env, { escape: file.escapeToken });
      if (result.error !== null) return;
      if (!isValidImageReference(result.value)) {
        report({ messageId: 'invalid', data: { base: stage.base }, range: stage.baseRange });
      }
    }
  },
});

import { expandWord } from '../../dockerfile/lexer';
import { fileScopes } from '../../dockerfile/scopes';
import { defineRule } from '../types';
import { suggest } from '../../go/suggest';
import { platformError } from './platform';

/**
 * BuildKit stops the build when a FROM's `--platform` expands to nothing
 * (`$BULIDPLATFORM`, a typo) or to something containerd's platforms.Parse
 * refuses (`linux/${MYARCH}` with MYARCH unset). Its message names the
 * expression as written and, when a variable was not found, the ARG it
 * probably meant.
 */
export const fromPlatformInvalid = defineRule({
  meta: {
    id: 'from-platform-invalid',
    refs: ['BuildKit'],
    severity: 'error',
    summary: 'FROM --platform must expand to a platform such as linux/amd64.',
    lesson: null,
    url: 'https://docs.docker.com/reference/dockerfile/#from',
    messages: {
      empty: 'empty platform value from expression {{expression}}{{hint}}',
      invalid: 'failed to parse platform {{expression}}: {{error}}{{hint}}',
    },
  },
  check({ file, report }) {
    const { global } = fileScopes(file);
    const known = [...new Set([...global.declared, ...global.env.keys()])];
    for (const stage of file.stages) {
      const flag = stage.from.flags.find((f) => f.name === 'platform');
      if (!flag?.value) continue;
      const result = expandWord(flag.value, global.env, { escape: file.escapeToken });
      // BuildKit's wrapSuggestAny: the first variable it did not find that is close to a known one.
      let hint = '';
      for (const name of result.unmatched) {
        const s = suggest(name, known);
        if (s) {
          hint = ` (did you mean ${s}?)`;
          break;
        }
      }
      const range = flag.valueRange ?? flag.range;
      if (result.value === '') {
        report({ messageId: 'empty', data: { expression: flag.value, hint }, range });
        continue;
      }
      const error = platformError(result.value);
      if (error) report({ messageId: 'invalid', data: { expression: flag.value, error, hint }, range });
    }
  },
});

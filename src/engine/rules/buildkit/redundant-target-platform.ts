import { expandWord } from '../../dockerfile/lexer';
import { fileScopes } from '../../dockerfile/scopes';
import { defineRule } from '../types';

/**
 * BuildKit's RedundantTargetPlatform: `FROM --platform=$TARGETPLATFORM`, which
 * is what FROM does anyway. BuildKit fires when TARGETPLATFORM is the only
 * variable in the value and the value expands to exactly it.
 */
export const redundantTargetPlatform = defineRule({
  meta: {
    id: 'redundant-target-platform',
    refs: ['RedundantTargetPlatform'],
    buildkit: 'RedundantTargetPlatform',
    severity: 'warning',
    summary: 'FROM --platform=$TARGETPLATFORM is the default; leave it out.',
    lesson: 'more-stages',
    url: 'https://docs.docker.com/go/dockerfile/rule/redundant-target-platform/',
    messages: {
      redundant: 'Setting platform to predefined {{platform}} in FROM is redundant as this is the default behavior',
    },
  },
  check({ file, report }) {
    const { global } = fileScopes(file);
    for (const stage of file.stages) {
      const flag = stage.from.flags.find((f) => f.name === 'platform');
      if (!flag?.value) continue;
      const result = expandWord(flag.value, global.env, { escape: file.escapeToken });
      if (result.matched.length !== 1 || result.matched[0] !== 'TARGETPLATFORM' || result.unmatched.length > 0) continue;
      if (result.value !== global.env.get('TARGETPLATFORM')) continue;
      report({
        messageId: 'redundant',
        data: { platform: flag.value },
        range: flag.range,
        fixes: [{ title: 'Remove --platform', edits: [{ range: { start: flag.range.start, end: stage.from.argsRange?.start ?? flag.range.end }, text: '' }] }],
      });
    }
  },
});

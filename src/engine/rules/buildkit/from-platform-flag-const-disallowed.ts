import { expandWord } from '../../dockerfile/lexer';
import { fileScopes } from '../../dockerfile/scopes';
import { defineRule } from '../types';
import { goQuoted } from '../../go/quote';
import { parsePlatform } from './platform';

/**
 * BuildKit's FromPlatformFlagConstDisallowed: `FROM --platform=linux/amd64`
 * with no variable pins the stage to one platform. BuildKit lets it pass when
 * the stage name mentions the OS or the architecture (`AS build_amd64`).
 */
export const fromPlatformFlagConstDisallowed = defineRule({
  meta: {
    id: 'from-platform-flag-const-disallowed',
    refs: ['FromPlatformFlagConstDisallowed'],
    buildkit: 'FromPlatformFlagConstDisallowed',
    severity: 'warning',
    summary: 'FROM --platform should use a variable such as $BUILDPLATFORM, not a constant.',
    lesson: 'more-stages',
    url: 'https://docs.docker.com/go/dockerfile/rule/from-platform-flag-const-disallowed/',
    messages: {
      constant: 'FROM --platform flag should not use constant value "{{platform}}"',
    },
  },
  check({ file, report }) {
    const { global } = fileScopes(file);
    for (const stage of file.stages) {
      const flag = stage.from.flags.find((f) => f.name === 'platform');
      if (!flag?.value) continue;
      const result = expandWord(flag.value, global.env, { escape: file.escapeToken });
      if (result.matched.length > 0 || result.unmatched.length > 0 || result.error !== null) continue;
      const platform = parsePlatform(result.value);
      if (!platform) continue;
      const name = stage.name ?? '';
      if (name.includes(platform.os) || name.includes(platform.architecture)) continue;
      report({ messageId: 'constant', data: { platform: goQuoted(result.value) }, range: flag.range });
    }
  },
});

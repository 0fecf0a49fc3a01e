import { defineRule } from '../types';

const FORBIDDEN = new Set(['ONBUILD', 'FROM', 'MAINTAINER']);

/** hadolint DL3043: ONBUILD cannot trigger ONBUILD, FROM or MAINTAINER (BuildKit refuses them). */
export const onbuildTriggerForbidden = defineRule({
  meta: {
    id: 'onbuild-trigger-forbidden',
    refs: ['DL3043'],
    severity: 'error',
    summary: 'ONBUILD cannot trigger ONBUILD, FROM or MAINTAINER.',
    lesson: null,
    url: 'https://github.com/hadolint/hadolint/wiki/DL3043',
    messages: {
      forbidden: '`ONBUILD`, `FROM` or `MAINTAINER` triggered from within `ONBUILD` instruction.',
    },
  },
  check({ file, report }) {
    for (const ins of file.instructions) {
      const trigger = ins.name === 'ONBUILD' ? ins.trigger : null;
      if (!trigger || !FORBIDDEN.has(trigger.keyword.toUpperCase())) continue;
      report({ messageId: 'forbidden', range: trigger.keywordRange });
    }
  },
});

import type { Range } from '../../dockerfile/source';
import { defineRule } from '../types';

const isRoot = (user: string) =>
  user === 'root' || user === '0' || user.startsWith('root:') || user.startsWith('0:');

/**
 * hadolint DL3002: fold over the file remembering, per stage, the last USER
 * when it is root; a later non-root USER in the same stage forgets it. Every
 * stage whose last USER is root is reported (not only the final one), as
 * hadolint does: a later stage may build `FROM` it and inherit root.
 */
export const lastUserRoot = defineRule({
  meta: {
    id: 'last-user-root',
    refs: ['DL3002'],
    severity: 'warning',
    summary: 'The last USER of a stage should not be root.',
    lesson: 'production-habits',
    url: 'https://github.com/hadolint/hadolint/wiki/DL3002',
    messages: {
      root: 'Last USER should not be root',
    },
  },
  check({ file, report }) {
    const lastRoot = new Map<number, Range>();
    for (const ins of file.instructions) {
      if (ins.name !== 'USER' || ins.stage < 0) continue;
      const user = ins.argsText;
      if (isRoot(user)) lastRoot.set(ins.stage, ins.argsRange ?? ins.range);
      else lastRoot.delete(ins.stage);
    }
    for (const range of lastRoot.values()) report({ messageId: 'root', range });
  },
});

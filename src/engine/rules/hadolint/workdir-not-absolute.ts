import { defineRule } from '../types';
import { dropQuotes } from '../source-text';

/** `C:\…` or `C:/…`: hadolint accepts a drive letter and a colon. */
const isWindowsAbsolute = (path: string) => /^\p{L}:/u.test(path);

/**
 * hadolint DL3000: a WORKDIR must be absolute. A path that starts with a
 * variable is accepted (hadolint cannot know its value); so is a Windows path.
 */
export const workdirNotAbsolute = defineRule({
  meta: {
    id: 'workdir-not-absolute',
    refs: ['DL3000'],
    resembles: 'WorkdirRelativePath',
    severity: 'error',
    summary: 'WORKDIR should be an absolute path.',
    lesson: 'production-habits',
    url: 'https://github.com/hadolint/hadolint/wiki/DL3000',
    messages: {
      relative: 'Use absolute WORKDIR',
    },
    notes:
      'BuildKit’s WorkdirRelativePath only warns when no absolute WORKDIR came before in the stage ' +
      '(a relative WORKDIR is then relative to a known directory); hadolint warns on every relative WORKDIR.',
  },
  check({ file, report }) {
    for (const ins of file.instructions) {
      if (ins.name !== 'WORKDIR') continue;
      const path = dropQuotes(ins.argsText);
      if (path === '') continue;
      if (path.startsWith('$') || path.startsWith('/') || isWindowsAbsolute(path)) continue;
      report({ messageId: 'relative', range: ins.argsRange ?? ins.range });
    }
  },
});

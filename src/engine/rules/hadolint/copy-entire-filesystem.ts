import { flag } from '../../dockerfile/query';
import { defineRule } from '../types';
import { dropQuotes } from '../source-text';
import { sourcesAndDest } from '../../dockerfile/query';

/**
 * hadolint DL3067: `COPY --from=stage / /` copies a whole root filesystem over
 * this one, which undoes the point of a small final stage.
 */
export const copyEntireFilesystem = defineRule({
  meta: {
    id: 'copy-entire-filesystem',
    refs: ['DL3067'],
    severity: 'warning',
    summary: 'Do not copy a whole filesystem from another stage.',
    lesson: 'copy-from',
    url: 'https://github.com/hadolint/hadolint/wiki/DL3067',
    messages: {
      wholeFs: 'Do not copy an entire filesystem from another stage',
    },
  },
  check({ file, report }) {
    for (const ins of file.instructions) {
      if (ins.name !== 'COPY' || !flag(ins, 'from')) continue;
      const parts = sourcesAndDest(ins);
      if (!parts || dropQuotes(parts.dest.value) !== '/') continue;
      if (!parts.sources.some((s) => dropQuotes(s.value) === '/')) continue;
      report({ messageId: 'wholeFs', range: ins.range });
    }
  },
});

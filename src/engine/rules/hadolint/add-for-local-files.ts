import { defineRule } from '../types';
import { dropQuotes, likeCase } from '../source-text';
import { sourcesAndDest } from '../../dockerfile/query';

/** hadolint's archive suffixes: what ADD would unpack. */
const ARCHIVE_SUFFIXES = [
  '.tar', '.Z', '.bz2', '.gz', '.lz', '.lzma', '.tZ', '.tb2', '.tbz', '.tbz2', '.tgz', '.tlz', '.tpz', '.txz', '.xz',
];

const isArchive = (src: string) => ARCHIVE_SUFFIXES.some((s) => src.endsWith(s));
const isHttp = (src: string) => src.startsWith('https://') || src.startsWith('http://');
/** Remote sources COPY cannot fetch, which hadolint does not recognise (git URLs). */
const isRemote = (src: string) => src.includes('://') || src.startsWith('git@');
/** Flags COPY accepts too; with any other ADD flag the instruction cannot just be renamed. */
const COPY_FLAGS = new Set(['chown', 'chmod', 'link', 'exclude']);

/**
 * hadolint DL3020: ADD is for URLs and archives; for local files and folders
 * COPY says what happens. The fix renames ADD to COPY when every source is a
 * plain local path and every flag is one COPY takes.
 */
export const addForLocalFiles = defineRule({
  meta: {
    id: 'add-for-local-files',
    refs: ['DL3020'],
    severity: 'error',
    summary: 'Use COPY, not ADD, for local files and folders.',
    lesson: 'production-habits',
    url: 'https://github.com/hadolint/hadolint/wiki/DL3020',
    messages: {
      useCopy: 'Use COPY instead of ADD for files and folders',
    },
  },
  check({ file, report }) {
    for (const ins of file.instructions) {
      if (ins.name !== 'ADD') continue;
      const parts = sourcesAndDest(ins);
      if (!parts) continue;
      const sources = parts.sources.map((s) => dropQuotes(s.value));
      if (sources.every((s) => isArchive(s) || isHttp(s))) continue;
      const renamable =
        sources.every((s) => !isArchive(s) && !isRemote(s)) && ins.flags.every((f) => COPY_FLAGS.has(f.name));
      const copy = likeCase(ins.keyword, 'COPY');
      report({
        messageId: 'useCopy',
        range: ins.keywordRange,
        fixes: renamable ? [{ title: `Replace ADD with ${copy}`, edits: [{ range: ins.keywordRange, text: copy }] }] : undefined,
      });
    }
  },
});

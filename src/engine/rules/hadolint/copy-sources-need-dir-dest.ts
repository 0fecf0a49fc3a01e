import { defineRule } from '../types';
import { dropQuotes, pointAt, textOf } from '../source-text';
import { sourcesAndDest } from '../../dockerfile/query';

/**
 * hadolint DL3021: with several sources, COPY's destination is a directory and
 * must end with `/` (BuildKit refuses the build otherwise). The fix appends the
 * slash, inside the quotes when the destination is quoted.
 */
export const copySourcesNeedDirDest = defineRule({
  meta: {
    id: 'copy-sources-need-dir-dest',
    refs: ['DL3021'],
    severity: 'error',
    summary: 'COPY with several sources needs a destination that ends with `/`.',
    lesson: 'node-typescript',
    url: 'https://github.com/hadolint/hadolint/wiki/DL3021',
    messages: {
      needsSlash: 'COPY with more than 2 arguments requires the last argument to end with /',
    },
  },
  check({ file, report }) {
    for (const ins of file.instructions) {
      if (ins.name !== 'COPY') continue;
      const parts = sourcesAndDest(ins);
      if (!parts || parts.sources.length < 2) continue;
      const { dest } = parts;
      if (dropQuotes(dest.value).endsWith('/')) continue;
      const raw = textOf(file, dest.range);
      const quoted = raw.length > 1 && (raw.endsWith('"') || raw.endsWith("'"));
      const at = quoted
        ? { start: { line: dest.range.end.line, character: dest.range.end.character - 1 }, end: { line: dest.range.end.line, character: dest.range.end.character - 1 } }
        : pointAt(dest.range, true);
      report({
        messageId: 'needsSlash',
        range: dest.range,
        fixes: [{ title: 'End the destination with /', edits: [{ range: at, text: '/' }] }],
      });
    }
  },
});

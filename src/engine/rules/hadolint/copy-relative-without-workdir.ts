import { defineRule } from '../types';
import { parseImageRef } from '../../dockerfile/reference';
import { dropQuotes } from '../source-text';
import { sourcesAndDest } from '../../dockerfile/query';

/** Absolute on Linux (`/x`) or Windows (`c:\x`, `c:/x`), or a variable hadolint cannot judge. */
function isAbsoluteOrVariable(dest: string): boolean {
  const d = dropQuotes(dest);
  return d.startsWith('/') || d.startsWith('$') || d.slice(1).startsWith(':\\') || d.slice(1).startsWith(':/');
}

/**
 * hadolint DL3045: a relative COPY destination depends on the working
 * directory, so set one with WORKDIR first. Folding over the file, hadolint
 * remembers per stage (keyed by its name, or by its image name when it has
 * none) whether WORKDIR was set; a stage built `FROM` such a key inherits it.
 */
export const copyRelativeWithoutWorkdir = defineRule({
  meta: {
    id: 'copy-relative-without-workdir',
    refs: ['DL3045'],
    severity: 'warning',
    summary: 'Set WORKDIR before copying to a relative destination.',
    lesson: 'node-typescript',
    url: 'https://github.com/hadolint/hadolint/wiki/DL3045',
    messages: {
      noWorkdir: '`COPY` to a relative destination without `WORKDIR` set.',
    },
    notes: 'Stage names are compared case-insensitively, as BuildKit resolves them; hadolint compares them as written.',
  },
  check({ file, report }) {
    const workdirSet = new Map<string, boolean>();
    // `null`: instructions before the first FROM (hadolint's ONBUILD-only context).
    let current: string | null = null;
    for (const ins of file.instructions) {
      if (ins.name === 'FROM') {
        const stage = file.stages[ins.stage];
        if (!stage) continue;
        const image = parseImageRef(stage.base).name.toLowerCase();
        const key = stage.name ?? image;
        workdirSet.set(key, workdirSet.get(image) ?? false);
        current = key;
      } else if (ins.name === 'WORKDIR') {
        workdirSet.set(current ?? '', true);
      } else if (ins.name === 'COPY') {
        const parts = sourcesAndDest(ins);
        if (!parts || workdirSet.get(current ?? '') === true) continue;
        if (isAbsoluteOrVariable(parts.dest.value)) continue;
        report({ messageId: 'noWorkdir', range: parts.dest.range });
      }
    }
  },
});

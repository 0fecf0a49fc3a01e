import { flag } from '../../dockerfile/query';
import { defineRule } from '../types';
import { dropQuotes } from '../source-text';

/**
 * hadolint DL3022: `COPY --from` must name a stage defined before it, or give
 * the index of one, or name an image (a value with `:` in it). hadolint folds
 * over the file collecting stage names and counting stages, so a stage defined
 * later in the file does not count.
 */
export const copyFromUnknownStage = defineRule({
  meta: {
    id: 'copy-from-unknown-stage',
    refs: ['DL3022'],
    severity: 'warning',
    summary: '`COPY --from` should name a stage defined before it.',
    lesson: 'copy-from',
    url: 'https://github.com/hadolint/hadolint/wiki/DL3022',
    messages: {
      unknown: '`COPY --from` should reference a previously defined `FROM` alias',
    },
    notes:
      'hadolint warns when `COPY --from` names a stage defined later in the file (a forward reference); ' +
      'BuildKit accepts any stage that does not make a cycle. A name BuildKit does not know as a stage is ' +
      'pulled as an image (`--from=nginx` is Docker Hub’s nginx); hadolint treats only values with `:` ' +
      '(`nginx:alpine`) as images and warns about the rest. Stage names are compared case-insensitively ' +
      'here, as BuildKit resolves them; hadolint compares them as written.',
  },
  check({ file, report }) {
    const names = new Set<string>();
    let count = 0;
    for (const ins of file.instructions) {
      if (ins.name === 'FROM') {
        count++;
        const name = file.stages[ins.stage]?.name;
        if (name) names.add(name);
        continue;
      }
      if (ins.name !== 'COPY') continue;
      const from = flag(ins, 'from');
      if (!from || from.value === null) continue;
      const value = from.value;
      if (dropQuotes(value).includes(':') || names.has(value.toLowerCase())) continue;
      // hadolint reads a leading number (`Data.Text.Read.decimal`) and accepts an existing stage index.
      const digits = /^\d+/.exec(value)?.[0];
      if (digits !== undefined && Number(digits) < count) continue;
      report({ messageId: 'unknown', range: from.valueRange ?? from.range });
    }
  },
});

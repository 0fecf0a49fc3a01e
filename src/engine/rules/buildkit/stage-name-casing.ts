import type { Dockerfile, TextEdit } from '../../dockerfile/types';
import { expandWord } from '../../dockerfile/lexer';
import { mountFields } from '../../dockerfile/expandable';
import { defineRule } from '../types';
import { lineIndexOf } from '../../dockerfile/source';
import { textOf } from '../source-text';

/**
 * BuildKit's StageNameCasing: a stage name written with capitals. BuildKit
 * lower-cases stage names anyway, so the fix lower-cases the name and every
 * `FROM` and `--from` that refers to it.
 */
export const stageNameCasing = defineRule({
  meta: {
    id: 'stage-name-casing',
    refs: ['StageNameCasing'],
    buildkit: 'StageNameCasing',
    severity: 'warning',
    summary: 'Stage names should be lowercase.',
    lesson: 'stages',
    url: 'https://docs.docker.com/go/dockerfile/rule/stage-name-casing/',
    messages: {
      upper: "Stage name '{{name}}' should be lowercase",
    },
  },
  check({ file, report }) {
    for (const stage of file.stages) {
      const args = stage.from.args;
      // BuildKit looks at the third word of any three-word FROM.
      const name = args.length === 3 ? args[2] : undefined;
      if (!name || name.value === name.value.toLowerCase()) continue;
      const fixable = stage.rawName !== null && stage.name !== null && /^[a-z][a-z0-9-_.]*$/.test(stage.name);
      report({
        messageId: 'upper',
        data: { name: name.value },
        range: name.range,
        fixes: fixable
          ? [{ title: `Rename the stage to ${stage.name}`, edits: renameEdits(file, stage.index, stage.name!) }]
          : undefined,
      });
    }
  },
});

/** Edits that write `lower` for the stage name and every reference to it. */
function renameEdits(file: Dockerfile, stageIndex: number, lower: string): TextEdit[] {
  const stage = file.stages[stageIndex]!;
  const edits: TextEdit[] = [];
  if (stage.nameRange) edits.push({ range: stage.nameRange, text: lower });
  const matches = (value: string) => value.toLowerCase() === lower;
  const index = lineIndexOf(file);
  for (const later of file.stages) {
    if (later.index > stageIndex && later.baseRange && matches(later.base) && expandWord(later.base).refs.length === 0) {
      edits.push({ range: later.baseRange, text: lower });
    }
  }
  for (const ins of file.instructions) {
    for (const flag of ins.flags) {
      if (!flag.valueRange || flag.value === null) continue;
      const raw = textOf(file, flag.valueRange);
      if (ins.name === 'COPY' && flag.name === 'from' && matches(flag.value) && raw.toLowerCase() !== raw) {
        edits.push({ range: flag.valueRange, text: raw.toLowerCase() });
      } else if (ins.name === 'RUN' && flag.name === 'mount' && raw === flag.value) {
        const start = index.offset(flag.valueRange.start);
        for (const field of mountFields(flag.value)) {
          if (field.key === 'from' && field.value !== null && matches(field.value) && field.value !== lower) {
            edits.push({ range: index.range(start + field.valueStart, start + field.valueStart + field.value.length), text: lower });
          }
        }
      }
    }
  }
  return edits;
}

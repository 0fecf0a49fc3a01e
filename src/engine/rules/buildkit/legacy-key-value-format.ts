import type { Dockerfile, KeyValue, TextEdit } from '../../dockerfile/types';
import { expandWord } from '../../dockerfile/lexer';
import { parseWords } from '../../dockerfile/words';
import { defineRule } from '../types';
import { lineIndexOf } from '../../dockerfile/source';
import { textOf } from '../source-text';

/**
 * BuildKit's LegacyKeyValueFormat: `ENV key value` or `LABEL key value`.
 * (`ARG key value` declares two ARGs and is not reported, as in BuildKit.)
 * The fix writes `key=value`, quoting the value when it has spaces and
 * quoting cannot change its meaning.
 */
export const legacyKeyValueFormat = defineRule({
  meta: {
    id: 'legacy-key-value-format',
    refs: ['LegacyKeyValueFormat'],
    buildkit: 'LegacyKeyValueFormat',
    severity: 'warning',
    summary: 'Write ENV and LABEL as key=value, not the legacy "key value".',
    lesson: 'production-habits',
    url: 'https://docs.docker.com/go/dockerfile/rule/legacy-key-value-format/',
    messages: {
      legacy: '"{{instruction}} key=value" should be used instead of legacy "{{instruction}} key value" format',
    },
  },
  check({ file, report }) {
    for (const stage of file.stages) {
      for (const ins of stage.instructions) {
        if (ins.name !== 'ENV' && ins.name !== 'LABEL') continue;
        for (const kv of ins.keyValues) {
          if (kv.form !== 'legacy') continue;
          const edits = equalsForm(file, kv);
          report({
            messageId: 'legacy',
            data: { instruction: ins.keyword },
            range: ins.range,
            fixes: edits ? [{ title: 'Use key=value', edits }] : undefined,
          });
        }
      }
    }
  },
});

function equalsForm(file: Dockerfile, kv: KeyValue): TextEdit[] | null {
  if (!kv.valueRange || kv.rawValue === null || kv.key === '') return null;
  const index = lineIndexOf(file);
  const keyEnd = index.offset(kv.keyRange.end);
  const valueStart = index.offset(kv.valueRange.start);
  const gap = index.range(keyEnd, valueStart);
  const raw = kv.rawValue;
  if (expandWord(raw, undefined, { escape: file.escapeToken }).error !== null) return null;
  const words = parseWords(raw, file.escapeToken);
  if (words.length === 1 && words[0]!.start === 0 && words[0]!.end === raw.length) {
    return [{ range: gap, text: '=' }];
  }
  // In double quotes the escape token, quotes and backslashes mean something else.
  if (/["']/.test(raw) || raw.includes(file.escapeToken)) return null;
  // The value runs to the end of the (joined) line; keep it on its source lines.
  const sourceValue = textOf(file, kv.valueRange);
  if (sourceValue.includes('"')) return null;
  return [
    { range: gap, text: '="' },
    { range: { start: kv.valueRange.end, end: kv.valueRange.end }, text: '"' },
  ];
}

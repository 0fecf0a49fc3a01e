import type { Range } from '../../dockerfile/source';
import { defineRule } from '../types';

/**
 * Names a value refers to, as hadolint matches them: `${name}` exactly, or
 * `$name` not followed by a character that would extend the name.
 */
function referencedNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const m of text.matchAll(/\$\{([^{}$]*)\}/g)) names.add(m[1]!);
  for (const m of text.matchAll(/\$([A-Za-z0-9_]+)/g)) names.add(m[1]!);
  return names;
}

/**
 * hadolint DL3044: in `ENV A=1 B=$A`, `$A` is not the `1` set beside it
 * (BuildKit expands every value before it sets any). Folding over the file,
 * names set by an earlier ENV or ARG are known and may be referred to; a
 * variable may refer to its own old value (`PATH=/x:$PATH`).
 */
export const envRefersToSameEnv = defineRule({
  meta: {
    id: 'env-refers-to-same-env',
    refs: ['DL3044'],
    severity: 'error',
    summary: 'Do not use a variable in the ENV instruction that sets it.',
    lesson: null,
    url: 'https://github.com/hadolint/hadolint/wiki/DL3044',
    messages: {
      sameEnv: 'Do not refer to an environment variable within the same `ENV` statement where it is defined.',
    },
  },
  check({ file, report }) {
    const known = new Set<string>();
    for (const ins of file.instructions) {
      if (ins.name === 'ARG') {
        for (const kv of ins.keyValues) known.add(kv.key);
        continue;
      }
      if (ins.name !== 'ENV') continue;
      const pairs = ins.keyValues;
      const positions = new Map<string, number[]>();
      pairs.forEach((kv, i) => positions.set(kv.key, [...(positions.get(kv.key) ?? []), i]));
      let at: Range | null = null;
      for (let j = 0; j < pairs.length && !at; j++) {
        for (const name of referencedNames(pairs[j]!.value ?? '')) {
          if (known.has(name) || !(positions.get(name) ?? []).some((i) => i !== j)) continue;
          at = pairs[j]!.valueRange ?? ins.range;
          break;
        }
      }
      for (const kv of pairs) known.add(kv.key);
      if (at) report({ messageId: 'sameEnv', range: at });
    }
  },
});

import { EnvMap, EXPANSION_TOO_LONG, expandWord } from '../../dockerfile/lexer';
import { fileScopes } from '../../dockerfile/scopes';
import { PLATFORM_ARGS } from '../../dockerfile/expandable';
import { defineRule } from '../types';

/**
 * Stagecraft's own limit, not a Docker check: an ARG, ENV or FROM whose value
 * expands past MAX_EXPANSION characters (a variable that doubles at every step).
 * Docker would build the whole string; Stagecraft stops and says so, so the
 * editor never freezes on it.
 */
export const expansionTooLong = defineRule({
  meta: {
    id: 'expansion-too-long',
    // Not a Docker or hadolint rule: the UI lists it as Stagecraft's own.
    refs: ['Stagecraft'],
    severity: 'warning',
    summary: 'A variable expands to more text than Stagecraft builds (it doubles at every step, or is huge).',
    lesson: null,
    url: 'https://docs.docker.com/reference/dockerfile/#environment-replacement',
    messages: {
      long: '{{what}}: {{why}}',
    },
  },
  check({ file, report }) {
    const opts = { escape: file.escapeToken };
    // Once is enough: the first value over the limit is where to look.
    let reported = 0;
    const test = (raw: string | null, env: Pick<EnvMap, 'get' | 'keys'>, what: string, range: Parameters<typeof report>[0]['range']): string => {
      const r = expandWord(raw ?? '', env, opts);
      if (r.error === EXPANSION_TOO_LONG && reported++ < 1) report({ messageId: 'long', data: { what, why: EXPANSION_TOO_LONG }, range });
      return r.value;
    };
    const global = fileScopes(file).global.env;
    // The global ARGs, expanded once more only to find the line that went over the limit.
    if (fileScopes(file).global.error) {
      const map = new Map<string, string>(PLATFORM_ARGS);
      const view = { get: (n: string) => map.get(n), keys: () => [...map.keys()] };
      for (const ins of file.globalArgs) {
        for (const kv of ins.keyValues) if (kv.rawValue !== null) map.set(kv.key, test(kv.rawValue, view, `ARG ${kv.key}`, ins.range));
      }
    }
    for (const stage of file.stages) {
      if (stage.baseRange) test(stage.base, global, 'FROM', stage.baseRange);
      let env = new EnvMap([]);
      for (const ins of stage.instructions) {
        if (ins.name !== 'ARG' && ins.name !== 'ENV') continue;
        for (const kv of ins.keyValues) {
          const value = kv.rawValue === null ? global.get(kv.key) ?? '' : test(kv.rawValue, env, `${ins.name} ${kv.key}`, ins.range);
          env = env.with(kv.key, value);
        }
      }
    }
  },
});

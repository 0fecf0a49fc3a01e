import { expandWord } from '../../dockerfile/lexer';
import { fileScopes } from '../../dockerfile/scopes';
import { defineRule } from '../types';
import { goQuoted } from '../../go/quote';

// BuildKit's word lists: a key is suspect when one of these is the whole key
// or its first or last `_`-separated word, unless an allowed word is too.
const DENY = /(?:_|^)(?:apikey|auth|credential|credentials|key|password|pword|passwd|secret|token)(?:_|$)/i;
const ALLOW = /(?:_|^)(?:public|file|version)(?:_|$)/i;

/**
 * BuildKit's SecretsUsedInArgOrEnv: an ARG or ENV whose name says it holds a
 * secret (PASSWORD, API_KEY, GITHUB_TOKEN…). Build arguments and ENV stay in
 * the image's metadata; secrets belong in secret mounts. ARGs before the
 * first FROM are not looked at, as in BuildKit.
 */
export const secretsUsedInArgOrEnv = defineRule({
  meta: {
    id: 'secrets-used-in-arg-or-env',
    refs: ['SecretsUsedInArgOrEnv'],
    buildkit: 'SecretsUsedInArgOrEnv',
    severity: 'warning',
    summary: 'Do not pass secrets with ARG or ENV; use a secret mount.',
    lesson: 'production-habits',
    url: 'https://docs.docker.com/go/dockerfile/rule/secrets-used-in-arg-or-env/',
    messages: {
      secret: 'Do not use ARG or ENV instructions for sensitive data ({{instruction}} "{{key}}")',
    },
  },
  check({ file, report }) {
    const scopes = fileScopes(file);
    for (const { stage, before } of scopes.stages) {
      for (const ins of stage.instructions) {
        if (ins.name !== 'ARG' && ins.name !== 'ENV') continue;
        const scope = before.get(ins);
        for (const kv of ins.keyValues) {
          const key = ins.name === 'ENV' && scope ? expandWord(kv.key, scope.env, { escape: file.escapeToken }).value : kv.key;
          if (DENY.test(key) && !ALLOW.test(key)) {
            report({ messageId: 'secret', data: { instruction: ins.name, key: goQuoted(key) }, range: kv.keyRange });
          }
        }
      }
    }
  },
});

import type { Instruction } from '../../dockerfile/types';
import { defineRule } from '../types';

/** hadolint's list of well-known secret names (compared upper-cased). */
const KNOWN_SENSITIVE = new Set([
  'ACCESS_TOKEN', 'APPLICATION_KEY', 'APP_SECRET', 'AUTH_TOKEN', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY',
  'BITTREX_API_KEY', 'BITTREX_API_SECRET', 'CF_PASSWORD', 'CF_USERNAME', 'CIRCLE_TOKEN', 'CI_DEPLOY_PASSWORD',
  'CI_DEPLOY_USER', 'DOCKERHUB_PASSWORD', 'DOCKER_EMAIL', 'DOCKER_PASSWORD', 'DOCKER_USERNAME',
  'FACEBOOK_ACCESS_TOKEN', 'FACEBOOK_APP_ID', 'FACEBOOK_APP_SECRET', 'FIREBASE_API_TOKEN', 'FIREBASE_TOKEN',
  'FOSSA_API_KEY', 'GH_ENTERPRISE_TOKEN', 'GH_TOKEN', 'GITHUB_ENTERPRISE_TOKEN', 'GITHUB_TOKEN', 'HEROKU_API_KEY',
  'HEROKU_API_USER', 'NPM_AUTH_TOKEN', 'NPM_TOKEN', 'OKTA_AUTHN_GROUPID', 'OKTA_CLIENT_ORGURL', 'OKTA_CLIENT_TOKEN',
  'OKTA_OAUTH2_CLIENTID', 'OKTA_OAUTH2_CLIENTSECRET', 'OPENAI_API_KEY', 'OS_PASSWORD', 'OS_USERNAME',
  'POSTGRES_PASSWORD', 'SLACK_TOKEN', 'STRIPE_API_KEY', 'STRIPE_DEVICE_NAME', 'TRAVIS_OS_NAME',
  'TRAVIS_SECURE_ENV_VARS', 'TRAVIS_SUDO', 'VAULT_CLIENT_KEY', 'VAULT_TOKEN',
]);

/** hadolint's suspicious parts of a name (compared lower-cased). */
const SUSPICIOUS = ['api_key', 'client_key', 'password', 'private', 'secret', 'token', 'username'];

const isSensitive = (name: string) =>
  KNOWN_SENSITIVE.has(name.toUpperCase()) || SUSPICIOUS.some((s) => name.toLowerCase().includes(s));

/**
 * hadolint DL3064: ARG and ENV values end up in the image's history or
 * config; names that look like secrets should be passed with
 * `RUN --mount=type=secret` instead. ONBUILD ARG/ENV triggers are checked too.
 */
export const sensitiveArgEnv = defineRule({
  meta: {
    id: 'sensitive-arg-env',
    refs: ['DL3064'],
    resembles: 'SecretsUsedInArgOrEnv',
    severity: 'warning',
    summary: 'Do not pass secrets through ARG or ENV.',
    lesson: 'production-habits',
    url: 'https://github.com/hadolint/hadolint/wiki/DL3064',
    messages: {
      sensitive: 'Potentially sensitive data should not be used in the `ARG` or `ENV` commands',
    },
    notes:
      'BuildKit’s SecretsUsedInArgOrEnv matches other words (e.g. `key`, `credentials`) and has its own ' +
      'allow-list; the two rules flag overlapping but different names.',
  },
  check({ file, report }) {
    const checkOne = (ins: Instruction) => {
      if (ins.name !== 'ARG' && ins.name !== 'ENV') return;
      const hit = ins.keyValues.find((kv) => isSensitive(kv.key));
      if (hit) report({ messageId: 'sensitive', range: hit.keyRange });
    };
    for (const ins of file.instructions) {
      checkOne(ins);
      if (ins.name === 'ONBUILD' && ins.trigger) checkOne(ins.trigger);
    }
  },
});

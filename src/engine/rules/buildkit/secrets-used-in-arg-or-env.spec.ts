import { ruleTester } from '../../testing/rule-tester';
import { secretsUsedInArgOrEnv } from './secrets-used-in-arg-or-env';

ruleTester(secretsUsedInArgOrEnv, {
  valid: [
    'FROM alpine\nENV NODE_ENV=production\nARG VERSION=1',
    { name: 'allowed words', code: 'FROM alpine\nARG PUBLIC_KEY\nENV KEY_FILE=/run/secrets/key\nARG TOKEN_VERSION=2' },
    { name: 'only whole words count', code: 'FROM alpine\nENV MONKEY=1 AUTHOR=me sunflower=foo' },
    { name: 'global ARGs are not checked', code: 'ARG PASSWORD\nFROM alpine' },
  ],
  invalid: [
    {
      name: 'docs: bad',
      code: 'FROM scratch\nARG AWS_SECRET_ACCESS_KEY',
      errors: [{ messageId: 'secret', data: { instruction: 'ARG', key: 'AWS_SECRET_ACCESS_KEY' }, line: 2, column: 5, endColumn: 26 }],
    },
    {
      name: 'BuildKit test',
      code: '\nFROM scratch\nARG SECRET_PASSPHRASE\nENV SUPER_Secret=foo\nENV password=bar secret=baz\nARG super_duper_secret_token=foo auth=bar\nENV apikey=bar sunflower=foo\nENV git_key=\n',
      errors: [
        { messageId: 'secret', data: { instruction: 'ARG', key: 'SECRET_PASSPHRASE' }, line: 3 },
        { messageId: 'secret', data: { instruction: 'ENV', key: 'SUPER_Secret' }, line: 4 },
        { messageId: 'secret', data: { instruction: 'ENV', key: 'password' }, line: 5, column: 5 },
        { messageId: 'secret', data: { instruction: 'ENV', key: 'secret' }, line: 5, column: 18 },
        { messageId: 'secret', data: { instruction: 'ARG', key: 'super_duper_secret_token' }, line: 6, column: 5 },
        { messageId: 'secret', data: { instruction: 'ARG', key: 'auth' }, line: 6, column: 34 },
        { messageId: 'secret', data: { instruction: 'ENV', key: 'apikey' }, line: 7 },
        { messageId: 'secret', data: { instruction: 'ENV', key: 'git_key' }, line: 8 },
      ],
    },
    {
      name: 'lower-case instructions are named in capitals',
      code: 'FROM alpine\nenv GITHUB_TOKEN=x',
      errors: [{ messageId: 'secret', data: { instruction: 'ENV', key: 'GITHUB_TOKEN' }, line: 2 }],
    },
  ],
});

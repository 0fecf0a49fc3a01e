import { ruleTester } from '../../testing/rule-tester';
import { sensitiveArgEnv } from './sensitive-arg-env';

ruleTester(sensitiveArgEnv, {
  valid: [
    'FROM debian:bullseye\nRUN foobar',
    'ARG foobar\nFROM debian:bullseye\nRUN foobar',
    'FROM debian:bullseye\nENV foobar=barfoo\nRUN foobar',
    { name: 'a value is not a name', code: 'FROM debian:bullseye\nENV MODE=password' },
  ],
  invalid: [
    {
      code: 'ARG AWS_ACCESS_KEY_ID\nFROM debian:bullseye\nRUN foobar',
      errors: [{ messageId: 'sensitive', line: 1, column: 5, endColumn: 22 }],
    },
    { code: 'ARG openai_api_key\nFROM debian:bullseye', errors: [{ messageId: 'sensitive', line: 1, column: 5 }] },
    {
      code: 'FROM debian:bullseye\nENV AWS_ACCESS_KEY_ID=abcdefghijklmnopqrstuvwxyz\nRUN foobar',
      errors: [{ messageId: 'sensitive', line: 2, column: 5 }],
    },
    {
      code: 'FROM debian:bullseye\nENV LANG=C my_password=abcdefghijklmnopqrstuvwxyz',
      errors: [{ messageId: 'sensitive', line: 2, column: 12 }],
    },
    {
      name: 'an ONBUILD trigger',
      code: 'FROM debian:bullseye\nONBUILD ARG NPM_TOKEN',
      errors: [{ messageId: 'sensitive', line: 2, column: 13 }],
    },
  ],
});

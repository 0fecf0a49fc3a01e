import { ruleTester } from '../../testing/rule-tester';
import { envRefersToSameEnv } from './env-refers-to-same-env';

ruleTester(envRefersToSameEnv, {
  valid: [
    'ENV BLA="blubb"\nENV BLUBB="${BLA}/blubb"',
    'ENV BLA="blubb" BLUBB="${FOOBLA}/blubb"',
    'ENV BLA="blubb" BLUBB="${BLAFOO}/blubb"',
    'ENV BLA="blubb" BLUBB="$FOOBLA/blubb"',
    'ENV BLA="blubb" BLUBB="$BLAFOO/blubb"',
    'ENV BLA="blubb" BLUBB="BLA/$BLAFOO/BLA"',
    { name: 'defined by an earlier ARG', code: 'ARG BLA\nENV BLA=${BLA}' },
    { name: 'defined by an earlier ENV', code: 'ENV BLA blubb\nENV BLA=${BLA}' },
    { name: 'its own old value', code: 'ENV PATH=/bla:${PATH}' },
    { name: 'its own old value, twice', code: 'ENV PATH=/bla:${PATH}\nENV PATH=/blubb:${PATH}' },
  ],
  invalid: [
    {
      code: 'ENV BLA="blubb" BLUBB="$BLA/$BLAFOO/blubb"',
      errors: [{ messageId: 'sameEnv', line: 1, column: 23, endColumn: 43 }],
    },
    { code: 'ENV PATH=/bla:${PATH} PATH=/blubb:${PATH}', errors: [{ messageId: 'sameEnv', line: 1 }] },
    { code: 'ENV BLA="blubb" BLUBB="${BLA}/blubb"', errors: [{ messageId: 'sameEnv', line: 1, column: 23 }] },
    { code: 'ENV BLA="blubb" BLUBB="$BLA/blubb"', errors: [{ messageId: 'sameEnv', line: 1 }] },
    { code: 'ENV BLA="blubb" BLUBB="$BLA"', errors: [{ messageId: 'sameEnv', line: 1 }] },
    { name: 'inside a default value', code: 'ENV A=1 B=${C:-${A}}', errors: [{ messageId: 'sameEnv', line: 1, column: 11 }] },
    { code: 'FROM alpine:3\nENV BLA="blubb" \\\n    BLUBB="${BLA}"', errors: [{ messageId: 'sameEnv', line: 3, column: 11 }] },
  ],
});

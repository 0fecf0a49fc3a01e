import { ruleTester } from '../../testing/rule-tester';
import { userNotNumeric } from './user-not-numeric';

ruleTester(userNotNumeric, {
  valid: [
    'USER 12345',
    'USER 1234:5678',
    { name: 'an ARG', code: 'ARG UID=1000\nFROM alpine:3\nUSER ${UID}' },
    { name: 'an ARG without braces', code: 'FROM alpine:3\nARG APP_UID\nUSER $APP_UID:$APP_UID' },
  ],
  invalid: [
    { code: 'USER foobar', errors: [{ messageId: 'notNumeric', line: 1, column: 6, endColumn: 12 }] },
    { code: 'USER foobar:barfoo', errors: [{ messageId: 'notNumeric', line: 1, column: 6 }] },
    { code: 'FROM node:22\nUSER node', errors: [{ messageId: 'notNumeric', line: 2, column: 6 }] },
    { name: 'an ARG defined later does not count', code: 'USER ${UID}\nARG UID', errors: [{ messageId: 'notNumeric', line: 1 }] },
  ],
});

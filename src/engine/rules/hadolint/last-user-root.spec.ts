import { ruleTester } from '../../testing/rule-tester';
import { lastUserRoot } from './last-user-root';

ruleTester(lastUserRoot, {
  valid: [
    'FROM scratch\nUSER foo',
    'FROM scratch\nUSER root\nRUN something\nUSER foo',
    'FROM debian:12 AS base\nUSER root\nRUN something\nUSER foo\nFROM scratch\nRUN something else',
    { name: 'no USER at all', code: 'FROM scratch' },
    { name: 'USER before any FROM belongs to no stage', code: 'USER root\nFROM scratch' },
    { name: 'a name that starts with root', code: 'FROM scratch\nUSER rooter' },
  ],
  invalid: [
    { code: 'FROM scratch\nUSER root', errors: [{ messageId: 'root', line: 2, column: 6, endColumn: 10 }] },
    { code: 'FROM scratch\nUSER 0', errors: [{ messageId: 'root', line: 2, column: 6 }] },
    { code: 'FROM scratch\nUSER root:root', errors: [{ messageId: 'root', line: 2 }] },
    { code: 'FROM scratch\nUSER 0:0', errors: [{ messageId: 'root', line: 2 }] },
    {
      name: 'a later stage built on a root stage',
      code: 'FROM debian:12 AS base\nUSER root\nRUN something\nFROM base\nRUN something else',
      errors: [{ messageId: 'root', line: 2 }],
    },
    {
      name: 'every stage whose last USER is root is reported',
      code: 'FROM debian:12 AS base\nUSER root\nRUN something\nFROM scratch\nUSER foo\nRUN something else',
      errors: [{ messageId: 'root', line: 2 }],
    },
    {
      name: 'only the last root USER of a stage',
      code: 'FROM scratch\nUSER root\nUSER 0',
      errors: [{ messageId: 'root', line: 3 }],
    },
  ],
});

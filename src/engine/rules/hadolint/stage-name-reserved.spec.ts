import { ruleTester } from '../../testing/rule-tester';
import { stageNameReserved } from './stage-name-reserved';

ruleTester(stageNameReserved, {
  valid: ['FROM foo:bar AS foobar', 'FROM scratch', { name: 'an unnamed stage', code: 'FROM foo:bar' }],
  invalid: [
    { code: 'FROM foo:bar AS scratch', errors: [{ messageId: 'reserved', line: 1, column: 17, endColumn: 24 }] },
    { code: 'FROM foo:bar AS context', errors: [{ messageId: 'reserved', line: 1, column: 17 }] },
    { code: 'FROM a:1 AS build\nFROM b:1 as Context', errors: [{ messageId: 'reserved', line: 2, column: 13 }] },
  ],
});

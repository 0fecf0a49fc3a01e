import { ruleTester } from '../../testing/rule-tester';
import { stageNameRepeated } from './stage-name-repeated';

ruleTester(stageNameRepeated, {
  valid: [
    'FROM scratch as build\nRUN foo\nFROM node:22 as run\nRUN baz',
    { name: 'unnamed stages', code: 'FROM node:22\nFROM node:22' },
  ],
  invalid: [
    {
      code: 'FROM node:22 as foo\nRUN something\nFROM scratch as foo\nRUN something',
      errors: [{ messageId: 'duplicate', line: 3, column: 17, endColumn: 20 }],
    },
    {
      code: 'FROM a:1 AS x\nFROM b:1 AS X\nFROM c:1 AS x',
      errors: [
        { messageId: 'duplicate', line: 2, column: 13 },
        { messageId: 'duplicate', line: 3, column: 13 },
      ],
    },
  ],
});

import { ruleTester } from '../../testing/rule-tester';
import { instructionBeforeFrom } from './instruction-before-from';

ruleTester(instructionBeforeFrom, {
  valid: [
    'FROM foo:1\nLABEL foo=bar',
    'ARG A=B\nFROM foo:1\nLABEL foo=bar',
    '# syntax = docker/dockerfile:1.0-experimental\nFROM node:16-alpine3.13',
    'FROM foo:1\nARG A=B\nRUN echo bla',
    { name: 'a comment first', code: '# build the app\nFROM node:22' },
  ],
  invalid: [
    { code: 'LABEL foo=bar\nFROM foo:1', errors: [{ messageId: 'order', line: 1, column: 1 }] },
    {
      code: 'ARG V=1\nENV A=1\nRUN echo $A\nFROM alpine:3',
      errors: [
        { messageId: 'order', line: 2 },
        { messageId: 'order', line: 3 },
      ],
    },
    { name: 'no FROM at all', code: 'RUN echo hi', errors: [{ messageId: 'order', line: 1 }] },
  ],
});

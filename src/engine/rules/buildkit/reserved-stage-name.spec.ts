import { ruleTester } from '../../testing/rule-tester';
import { reservedStageName } from './reserved-stage-name';

ruleTester(reservedStageName, {
  valid: [
    { name: 'docs: good', code: 'FROM alpine AS builder' },
    { name: 'BuildKit test: scratch as a base is fine', code: 'FROM scratch\nFROM scratch AS a' },
  ],
  invalid: [
    {
      name: 'docs: bad',
      code: 'FROM alpine AS scratch\nFROM alpine AS context',
      errors: [
        { messageId: 'reserved', data: { name: 'scratch' }, line: 1, column: 16 },
        { messageId: 'reserved', data: { name: 'context' }, line: 2, column: 16 },
      ],
    },
    {
      name: 'any casing',
      code: 'FROM alpine AS Scratch',
      errors: [{ messageId: 'reserved', data: { name: 'scratch' }, line: 1 }],
    },
  ],
});

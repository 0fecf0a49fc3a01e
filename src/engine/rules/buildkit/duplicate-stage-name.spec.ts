import { ruleTester } from '../../testing/rule-tester';
import { duplicateStageName } from './duplicate-stage-name';

ruleTester(duplicateStageName, {
  valid: [
    {
      name: 'docs: good',
      code: 'FROM debian:latest AS deb-builder\nRUN apt-get update; apt-get install -y curl\n\nFROM golang:latest AS go-builder',
    },
    'FROM scratch AS b1\nFROM scratch AS b2',
    'FROM scratch\nFROM scratch',
  ],
  invalid: [
    {
      name: 'docs: bad',
      code: 'FROM debian:latest AS builder\nRUN apt-get update; apt-get install -y curl\n\nFROM golang:latest AS builder',
      errors: [{ messageId: 'duplicate', data: { name: 'builder' }, line: 4, column: 23, endColumn: 30 }],
    },
    {
      name: 'names are compared lower-cased, as BuildKit stores them',
      code: 'FROM scratch AS b\nFROM scratch AS B\nFROM scratch AS b',
      errors: [
        { messageId: 'duplicate', data: { name: 'b' }, line: 2 },
        { messageId: 'duplicate', data: { name: 'b' }, line: 3 },
      ],
    },
  ],
});

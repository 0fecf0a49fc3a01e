import { ruleTester } from '../../testing/rule-tester';
import { fromAsCasing } from './from-as-casing';

ruleTester(fromAsCasing, {
  valid: [
    { name: 'docs: good, both uppercase', code: 'FROM debian:latest AS deb-builder' },
    { name: 'docs: good, both lowercase', code: 'from debian:latest as deb-builder' },
    'FROM node:20 AS builder',
    'from node:20 as builder',
    'FROM node:20',
    { name: 'mixed-case FROM is another rule’s business', code: 'From node:20 as builder' },
  ],
  invalid: [
    {
      name: 'docs: bad',
      code: 'FROM debian:latest as builder',
      errors: [{ messageId: 'mismatch', data: { as: 'as', from: 'FROM' }, line: 1, column: 20 }],
      output: 'FROM debian:latest AS builder',
    },
    {
      code: 'FROM node:20 as builder',
      errors: [{ messageId: 'mismatch', data: { as: 'as', from: 'FROM' }, line: 1, column: 14, endColumn: 16 }],
      output: 'FROM node:20 AS builder',
    },
    {
      code: 'from node:20 AS builder',
      errors: [{ messageId: 'mismatch', data: { as: 'AS', from: 'from' }, line: 1, column: 14 }],
      output: 'from node:20 as builder',
    },
    {
      code: 'FROM a As x\nFROM b aS y',
      errors: [
        { messageId: 'mismatch', line: 1, column: 8 },
        { messageId: 'mismatch', line: 2, column: 8 },
      ],
      output: 'FROM a AS x\nFROM b AS y',
    },
  ],
});

import { ruleTester } from '../../testing/rule-tester';
import { redundantTargetPlatform } from './redundant-target-platform';

ruleTester(redundantTargetPlatform, {
  valid: [
    { name: 'docs: good', code: 'FROM alpine AS builder\nRUN apk add --no-cache git' },
    'FROM --platform=$BUILDPLATFORM golang:1.22 AS build',
    { name: 'another variable too', code: 'FROM --platform=${TARGETPLATFORM}${SUFFIX} alpine' },
  ],
  invalid: [
    {
      name: 'docs: bad',
      code: 'FROM --platform=$TARGETPLATFORM alpine AS builder\nRUN apk add --no-cache git',
      errors: [{ messageId: 'redundant', data: { platform: '$TARGETPLATFORM' }, line: 1, column: 6, endColumn: 32 }],
      output: 'FROM alpine AS builder\nRUN apk add --no-cache git',
    },
    {
      name: 'BuildKit test: braces',
      code: '\nFROM --platform=${TARGETPLATFORM} scratch\n',
      errors: [{ messageId: 'redundant', data: { platform: '${TARGETPLATFORM}' }, line: 2 }],
      output: '\nFROM scratch\n',
    },
  ],
});

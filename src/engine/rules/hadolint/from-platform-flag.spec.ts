import { ruleTester } from '../../testing/rule-tester';
import { fromPlatformFlag } from './from-platform-flag';

ruleTester(fromPlatformFlag, {
  valid: [
    'FROM debian:jessie',
    'FROM --platform=$BUILDPLATFORM debian:jessie',
    'FROM --platform="$BUILDPLATFORM" debian:jessie',
    'FROM --platform=${BUILDPLATFORM} debian:jessie',
    'FROM --platform=${BUILDPLATFORM:-} debian:jessie',
    'FROM --platform="${BUILDPLATFORM:-}" debian:jessie',
    'FROM --platform=$TARGETPLATFORM debian:jessie',
  ],
  invalid: [
    {
      code: 'FROM --platform=linux debian:jessie',
      errors: [{ messageId: 'platform', line: 1, column: 6, endColumn: 22 }],
    },
    {
      code: 'FROM golang:1.22 AS build\nFROM --platform=linux/arm64 alpine:3',
      errors: [{ messageId: 'platform', line: 2, column: 6 }],
    },
    { name: 'another variable', code: 'ARG P\nFROM --platform=$P alpine:3', errors: [{ messageId: 'platform', line: 2 }] },
  ],
});

import { ruleTester } from '../../testing/rule-tester';
import { fromPlatformFlagConstDisallowed } from './from-platform-flag-const-disallowed';

ruleTester(fromPlatformFlagConstDisallowed, {
  valid: [
    { name: 'docs: good, default platform', code: 'FROM alpine AS base\nRUN apk add --no-cache git' },
    { name: 'docs: good, a meta variable', code: 'FROM --platform=${BUILDPLATFORM} alpine AS base\nRUN apk add --no-cache git' },
    {
      name: 'docs: good, stage names carry the architecture',
      code: 'FROM --platform=linux/amd64 alpine AS build_amd64\nRUN true\n\nFROM --platform=linux/arm64 alpine AS build_arm64\nRUN true\n\nFROM build_${TARGETARCH} AS build\nRUN true',
    },
    { name: 'BuildKit test: architecture in the name', code: '\nFROM --platform=linux/amd64 scratch AS my_amd64_stage\n' },
    { name: 'BuildKit test: OS in the name', code: '\nFROM --platform=linux/amd64 scratch AS linux\n' },
    { name: 'an unparsable platform fails elsewhere', code: 'FROM --platform=not/a/real/platform alpine' },
  ],
  invalid: [
    {
      name: 'docs: bad',
      code: 'FROM --platform=linux/amd64 alpine AS base\nRUN apk add --no-cache git',
      errors: [{ messageId: 'constant', data: { platform: 'linux/amd64' }, line: 1, column: 6, endColumn: 28 }],
    },
    {
      name: 'BuildKit test',
      code: '\nFROM --platform=linux/amd64 scratch\n',
      errors: [{ messageId: 'constant', data: { platform: 'linux/amd64' }, line: 2 }],
    },
    {
      name: 'aliases are normalized before the name check',
      code: 'FROM --platform=linux/aarch64 alpine AS build_aarch64',
      errors: [{ messageId: 'constant', data: { platform: 'linux/aarch64' }, line: 1 }],
    },
  ],
});

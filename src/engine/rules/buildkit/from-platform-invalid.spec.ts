import { ruleTester } from '../../testing/rule-tester';
import { fromPlatformInvalid } from './from-platform-invalid';

ruleTester(fromPlatformInvalid, {
  valid: [
    { name: 'the build platform', code: 'FROM --platform=$BUILDPLATFORM golang:1.22 AS build' },
    { name: 'a global ARG', code: 'ARG P=linux/arm64\nFROM --platform=${P} alpine' },
    { name: 'os/arch/variant', code: 'FROM --platform=linux/arm/v7 alpine' },
    { name: 'an architecture alone', code: 'FROM --platform=amd64 alpine' },
  ],
  invalid: [
    {
      name: "BuildKit's test: a misspelt BUILDPLATFORM expands to nothing",
      code: '\nFROM --platform=$BULIDPLATFORM scratch\n',
      errors: [{ messageId: 'empty', data: { expression: '$BULIDPLATFORM', hint: ' (did you mean BUILDPLATFORM?)' }, line: 2 }],
    },
    {
      name: "BuildKit's test: linux/${MYARCH} with MYARCH unset",
      code: '\nARG MY_OS=linux\nARG MY_ARCH=amd64\nFROM --platform=linux/${MYARCH} busybox\n',
      errors: [
        {
          messageId: 'invalid',
          data: {
            expression: 'linux/${MYARCH}',
            error: '"" is an invalid component of "linux/": platform specifier component must match "^[A-Za-z0-9_.-]+$": invalid argument',
            hint: ' (did you mean MY_ARCH?)',
          },
          line: 4,
        },
      ],
    },
    {
      name: 'an unknown word',
      code: 'FROM --platform=foo alpine',
      errors: [{ messageId: 'invalid', data: { expression: 'foo', error: '"foo": unknown operating system or architecture: invalid argument', hint: '' }, line: 1 }],
    },
    {
      name: 'too many parts',
      code: 'FROM --platform=linux/arm/v7/x alpine',
      errors: [{ messageId: 'invalid', data: { expression: 'linux/arm/v7/x', error: '"linux/arm/v7/x": cannot parse platform specifier: invalid argument', hint: '' }, line: 1 }],
    },
  ],
});

import { ruleTester } from '../../testing/rule-tester';
import { fromPlatformTargetplatform } from './from-platform-targetplatform';

ruleTester(fromPlatformTargetplatform, {
  valid: [
    'FROM alpine:3.24',
    'FROM --platform=$FOOBAR alpine:3.24',
    'FROM --platform=foobar alpine:3.24',
    'FROM --platform=foobar/arm64 alpine:3.24',
    'FROM --platform=$BUILDPLATFORM alpine:3.24',
  ],
  invalid: [
    {
      code: 'FROM --platform=$TARGETPLATFORM alpine:3.24',
      errors: [{ messageId: 'redundant', line: 1, column: 6, endColumn: 32 }],
      output: 'FROM alpine:3.24',
    },
    {
      code: 'FROM --platform=${TARGETPLATFORM} alpine:3.24 AS run',
      errors: [{ messageId: 'redundant', line: 1, column: 6 }],
      output: 'FROM alpine:3.24 AS run',
    },
  ],
});

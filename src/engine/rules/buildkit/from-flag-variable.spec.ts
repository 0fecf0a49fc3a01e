import { ruleTester } from '../../testing/rule-tester';
import { fromFlagVariable } from './from-flag-variable';

ruleTester(fromFlagVariable, {
  valid: [
    {
      name: 'the workaround: a stage built from the global ARG',
      code: 'ARG UV_VERSION=0.5.11\nFROM ghcr.io/astral-sh/uv:${UV_VERSION} AS uv\nFROM python:3.12-slim\nCOPY --from=uv /uv /uvx /bin/',
    },
    'FROM alpine\nCOPY --from=busybox:1.36 /bin/busybox /bin/',
    { name: 'a lone trailing $ in a mount is allowed', code: 'FROM alpine\nRUN --mount=from=a$,target=/a true' },
  ],
  invalid: [
    {
      code: 'ARG UV_VERSION=0.5.11\nFROM python:3.12-slim\nCOPY --from=ghcr.io/astral-sh/uv:${UV_VERSION} /uv /bin/',
      errors: [{ messageId: 'copy', line: 3, column: 13, endColumn: 47 }],
    },
    {
      name: 'any expansion, default values included',
      code: 'FROM alpine\nCOPY --from=${STAGE:-build} /a /b',
      errors: [{ messageId: 'copy', line: 2 }],
    },
    {
      name: 'RUN --mount=from=',
      code: 'FROM alpine\nARG SRC=builder\nRUN --mount=type=bind,from=$SRC,target=/src make',
      errors: [{ messageId: 'mount', line: 3, column: 28, endColumn: 32 }],
    },
  ],
});

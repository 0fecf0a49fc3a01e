import { ruleTester } from '../../testing/rule-tester';
import { copyFromInvalidIndex } from './copy-from-invalid-index';

ruleTester(copyFromInvalidIndex, {
  valid: [
    'FROM node:20 AS build\nRUN npm run build\nFROM nginx\nCOPY --from=0 /app/dist /usr/share/nginx/html',
    { name: 'a name is not an index', code: 'FROM alpine\nCOPY --from=builder /a /b' },
    {
      name: 'an image read by an earlier COPY --from counts as a build state, as in BuildKit',
      code: 'FROM alpine\nCOPY --from=busybox /bin/sh /sh\nCOPY --from=1 /bin/ls /ls',
    },
    {
      name: 'so does the scratch state behind an earlier RUN --mount',
      code: 'FROM alpine\nRUN --mount=type=cache,target=/c true\nCOPY --from=1 /a /b',
    },
  ],
  invalid: [
    {
      code: 'FROM node:20 AS build\nFROM nginx\nCOPY --from=2 /app/dist /usr/share/nginx/html',
      errors: [{ messageId: 'invalid', data: { index: 2 }, line: 3, column: 13, endColumn: 14 }],
    },
    {
      name: 'negative',
      code: 'FROM alpine\nCOPY --from=-1 /a /b',
      errors: [{ messageId: 'invalid', data: { index: -1 }, line: 2 }],
    },
    {
      name: 'a signed number is an index too',
      code: 'FROM alpine\nCOPY --from=+5 /a /b',
      errors: [{ messageId: 'invalid', data: { index: 5 }, line: 2 }],
    },
  ],
});

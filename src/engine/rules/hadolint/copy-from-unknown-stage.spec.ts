import { ruleTester } from '../../testing/rule-tester';
import { copyFromUnknownStage } from './copy-from-unknown-stage';

ruleTester(copyFromUnknownStage, {
  valid: [
    'FROM scratch as build\nRUN foo\nFROM node:22\nCOPY --from=build foo .\nRUN baz',
    { name: 'an image reference', code: 'COPY --from=haskell:latest bar .' },
    { name: 'an image with a tag, as BuildKit pulls it', code: 'FROM alpine:3\nCOPY --from=nginx:alpine /etc/nginx /etc/nginx' },
    { name: 'a stage index', code: 'FROM scratch as build\nRUN foo\nFROM node:22\nCOPY --from=0 foo .' },
    { name: 'a stage index of an unnamed stage', code: 'FROM scratch\nRUN foo\nFROM node:22\nCOPY --from=0 foo .' },
    { name: 'stage names are case-insensitive', code: 'FROM golang:1.22 AS Build\nFROM alpine:3\nCOPY --from=build /out /out' },
    { name: 'COPY without --from', code: 'FROM alpine:3\nCOPY a b' },
  ],
  invalid: [
    { code: 'COPY --from=foo bar .', errors: [{ messageId: 'unknown', line: 1, column: 13, endColumn: 16 }] },
    {
      name: 'a stage defined later (BuildKit accepts this)',
      code: 'FROM scratch\nCOPY --from=build foo .\nFROM node:22 as build\nRUN baz',
      errors: [{ messageId: 'unknown', line: 2, column: 13 }],
    },
    { name: 'an index with no stage yet', code: 'COPY --from=0 bar .', errors: [{ messageId: 'unknown', line: 1 }] },
    {
      name: 'an index past the stages defined so far',
      code: 'FROM alpine:3 AS a\nCOPY --from=1 x y\nFROM alpine:3 AS b',
      errors: [{ messageId: 'unknown', line: 2 }],
    },
    {
      name: 'a bare image name without a tag',
      code: 'FROM alpine:3\nCOPY --from=nginx /etc/nginx /etc/nginx',
      errors: [{ messageId: 'unknown', line: 2, column: 13 }],
    },
  ],
});

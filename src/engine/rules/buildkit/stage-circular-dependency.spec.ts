import { ruleTester } from '../../testing/rule-tester';
import { stageCircularDependency } from './stage-circular-dependency';

ruleTester(stageCircularDependency, {
  valid: [
    'FROM golang:1.22 AS build\nRUN go build -o /app\nFROM scratch\nCOPY --from=build /app /app',
    { name: 'a chain is not a circle', code: 'FROM alpine AS a\nFROM alpine AS b\nCOPY --from=a /x /x\nFROM alpine\nCOPY --from=b /x /x' },
    { name: 'images named like nothing in the file', code: 'FROM alpine\nCOPY --from=alpine /etc/os-release /x' },
  ],
  invalid: [
    {
      name: 'BuildKit test: a stage copying from itself',
      code: 'FROM busybox AS stage0\nCOPY --from=stage0 f1 /sub/',
      errors: [{ messageId: 'circular', data: { stage: 'stage0' }, line: 2, column: 13, endColumn: 19 }],
    },
    {
      name: 'BuildKit test: three stages in a circle',
      code: 'FROM busybox AS stage0\nCOPY --from=stage2 f1 /sub/\nFROM busybox AS stage1\nCOPY --from=stage0 f2 /sub/\nFROM busybox AS stage2\nCOPY --from=stage1 f2 /sub/',
      errors: [
        { messageId: 'circular', data: { stage: 'stage0' }, line: 2 },
        { messageId: 'circular', data: { stage: 'stage0' }, line: 4 },
        { messageId: 'circular', data: { stage: 'stage0' }, line: 6 },
      ],
    },
    {
      name: 'an unnamed stage copying from itself by index',
      code: 'FROM alpine\nCOPY --from=0 /a /b',
      errors: [{ messageId: 'circular', data: { stage: 'stage-0' }, line: 2 }],
    },
    {
      name: 'through RUN --mount',
      code: 'FROM alpine AS a\nRUN --mount=from=b,target=/b true\nFROM alpine AS b\nCOPY --from=a /x /x',
      errors: [
        { messageId: 'circular', data: { stage: 'a' }, line: 2, column: 18, endColumn: 19 },
        { messageId: 'circular', data: { stage: 'a' }, line: 4 },
      ],
    },
    {
      name: 'the search starts at the first stage that reaches the circle',
      code: 'FROM alpine AS a\nCOPY --from=b /x /x\nFROM alpine AS b\nCOPY --from=c /x /x\nFROM alpine AS c\nCOPY --from=b /y /y',
      errors: [
        { messageId: 'circular', data: { stage: 'a' }, line: 2 },
        { messageId: 'circular', data: { stage: 'a' }, line: 4 },
        { messageId: 'circular', data: { stage: 'a' }, line: 6 },
      ],
    },
  ],
});

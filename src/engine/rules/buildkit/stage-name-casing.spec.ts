import { ruleTester } from '../../testing/rule-tester';
import { stageNameCasing } from './stage-name-casing';

ruleTester(stageNameCasing, {
  valid: [
    { name: 'docs: good', code: 'FROM alpine AS builder-base' },
    'FROM alpine',
    'FROM node:20 AS build\nFROM build AS test',
  ],
  invalid: [
    {
      name: 'docs: bad',
      code: 'FROM alpine AS BuilderBase',
      errors: [{ messageId: 'upper', data: { name: 'BuilderBase' }, line: 1, column: 16, endColumn: 27 }],
      output: 'FROM alpine AS builderbase',
    },
    {
      name: 'BuildKit test: the warning sits on the FROM line',
      code: '\n# warning: stage name should be lowercase\nFROM scratch AS BadStageName\n',
      errors: [{ messageId: 'upper', data: { name: 'BadStageName' }, line: 3 }],
    },
    {
      name: 'the fix renames every reference',
      code: 'FROM node:20 AS Builder\nRUN --mount=type=cache,from=BUILDER,target=/c true\nFROM Builder AS test\nFROM alpine\nCOPY --from=Builder /app /app',
      errors: [{ messageId: 'upper', data: { name: 'Builder' }, line: 1, column: 17 }],
      output: 'FROM node:20 AS builder\nRUN --mount=type=cache,from=builder,target=/c true\nFROM builder AS test\nFROM alpine\nCOPY --from=builder /app /app',
    },
  ],
});

import { ruleTester } from '../../testing/rule-tester';
import { copyFromOwnStage } from './copy-from-own-stage';

ruleTester(copyFromOwnStage, {
  valid: [
    'FROM scratch as build\nRUN foo\nFROM node:22 as run\nCOPY --from=build foo .\nRUN baz',
    { name: 'an unnamed stage', code: 'FROM node:22\nCOPY --from=foo bar .' },
    { name: 'an ONBUILD trigger runs in a child image', code: 'FROM node:22 as foo\nONBUILD COPY --from=foo bar .' },
  ],
  invalid: [
    { code: 'FROM node:22 as foo\nCOPY --from=foo bar .', errors: [{ messageId: 'self', line: 2, column: 13, endColumn: 16 }] },
    { code: 'FROM node:22 AS Foo\nCOPY --from=FOO bar .', errors: [{ messageId: 'self', line: 2 }] },
  ],
});

import { ruleTester } from '../../testing/rule-tester';
import { copySourcesNeedDirDest } from './copy-sources-need-dir-dest';

ruleTester(copySourcesNeedDirDest, {
  valid: [
    'COPY foo bar',
    'COPY foo bar baz/',
    'COPY foo bar "baz/"',
    'COPY ["package.json", "package-lock.json", "./"]',
    { name: 'ADD is not checked', code: 'ADD foo bar baz' },
  ],
  invalid: [
    {
      code: 'COPY foo bar baz',
      errors: [{ messageId: 'needsSlash', line: 1, column: 14, endColumn: 17 }],
      output: 'COPY foo bar baz/',
    },
    { code: 'COPY foo bar "baz"', errors: [{ messageId: 'needsSlash', line: 1, column: 14 }], output: 'COPY foo bar "baz/"' },
    {
      code: 'FROM node:22\nCOPY ["package.json", "package-lock.json", "."]',
      errors: [{ messageId: 'needsSlash', line: 2, column: 44 }],
      output: 'FROM node:22\nCOPY ["package.json", "package-lock.json", "./"]',
    },
    {
      code: 'COPY --from=build --chown=app a b /srv',
      errors: [{ messageId: 'needsSlash', line: 1, column: 35 }],
      output: 'COPY --from=build --chown=app a b /srv/',
    },
  ],
});

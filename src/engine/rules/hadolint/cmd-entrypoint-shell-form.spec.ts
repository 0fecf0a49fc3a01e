import { ruleTester } from '../../testing/rule-tester';
import { cmdEntrypointShellForm } from './cmd-entrypoint-shell-form';

ruleTester(cmdEntrypointShellForm, {
  valid: [
    'FROM scratch as build\nENTRYPOINT ["foo", "bar"]',
    'FROM scratch as build\nCMD ["foo", "bar"]\nCMD [ "foo", "bar" ]',
    {
      name: 'a JSON array broken over lines',
      code: 'CMD [ "/bin/sh", "-c", \\\n      "echo foo && \\\n       echo bar" \\\n    ]',
    },
    { name: 'RUN is not checked', code: 'RUN echo hi' },
    { name: 'HEALTHCHECK CMD in exec form', code: 'HEALTHCHECK --interval=5s CMD ["curl", "-f", "http://localhost/"]' },
    { name: 'HEALTHCHECK NONE', code: 'HEALTHCHECK NONE' },
  ],
  invalid: [
    {
      name: 'HEALTHCHECK CMD in shell form (hadolint checks it too)',
      code: 'HEALTHCHECK --interval=5s CMD wget -q http://localhost/health',
      errors: [{ messageId: 'shellForm', line: 1 }],
      output: 'HEALTHCHECK --interval=5s CMD ["wget", "-q", "http://localhost/health"]',
    },
    {
      name: 'HEALTHCHECK CMD with a shell operator: reported, no fix',
      code: 'HEALTHCHECK CMD curl -f http://localhost/ || exit 1',
      errors: [{ messageId: 'shellForm', line: 1 }],
    },
    {
      code: 'FROM node:22 as foo\nENTRYPOINT something',
      errors: [{ messageId: 'shellForm', line: 2, column: 12, endColumn: 21 }],
      output: 'FROM node:22 as foo\nENTRYPOINT ["something"]',
    },
    {
      code: 'FROM node:22 as foo\nCMD something',
      errors: [{ messageId: 'shellForm', line: 2, column: 5 }],
      output: 'FROM node:22 as foo\nCMD ["something"]',
    },
    {
      code: 'CMD node dist/server.js --port=8080',
      errors: [{ messageId: 'shellForm', line: 1 }],
      output: 'CMD ["node", "dist/server.js", "--port=8080"]',
    },
    {
      name: 'no fix when the shell does work: variables',
      code: 'CMD node $APP',
      errors: [{ messageId: 'shellForm', line: 1 }],
      output: 'CMD node $APP',
    },
    {
      name: 'no fix when the shell does work: operators',
      code: 'CMD nginx -t && nginx',
      errors: [{ messageId: 'shellForm', line: 1 }],
      output: 'CMD nginx -t && nginx',
    },
    {
      name: 'no fix when the shell does work: quotes',
      code: 'ENTRYPOINT echo "hello world"',
      errors: [{ messageId: 'shellForm', line: 1 }],
      output: 'ENTRYPOINT echo "hello world"',
    },
    {
      name: 'no fix for a shell builtin',
      code: 'ENTRYPOINT exec node server.js',
      errors: [{ messageId: 'shellForm', line: 1 }],
      output: 'ENTRYPOINT exec node server.js',
    },
    {
      name: 'an invalid JSON array is shell form',
      code: "CMD ['node', 'server.js']",
      errors: [{ messageId: 'shellForm', line: 1 }],
      output: "CMD ['node', 'server.js']",
    },
  ],
});

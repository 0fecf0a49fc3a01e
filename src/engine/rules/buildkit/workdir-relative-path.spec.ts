import { ruleTester } from '../../testing/rule-tester';
import { workdirRelativePath } from './workdir-relative-path';

ruleTester(workdirRelativePath, {
  valid: [
    { name: 'docs: good', code: 'FROM nginx AS web\nWORKDIR /usr/share/nginx/html\nCOPY public .' },
    { name: 'BuildKit test: inherited from the base stage', code: '\nFROM scratch AS a\nWORKDIR /app\n\nFROM a AS b\nWORKDIR subdir/\n' },
    { name: 'only the first WORKDIR counts', code: 'FROM alpine\nWORKDIR /app\nWORKDIR src' },
    { name: 'expanded before the check', code: 'FROM golang:1.22\nWORKDIR $GOPATH/src/app' },
    { name: 'expanded with an ARG', code: 'FROM alpine\nARG DIR=/srv\nWORKDIR ${DIR}' },
    { name: 'an undefined variable expands to nothing: /src is absolute', code: 'FROM alpine\nWORKDIR $APP_HOME/src' },
  ],
  invalid: [
    {
      name: 'docs: bad',
      code: 'FROM nginx AS web\nWORKDIR usr/share/nginx/html\nCOPY public .',
      errors: [{ messageId: 'relative', data: { path: 'usr/share/nginx/html' }, line: 2, column: 9, endColumn: 29 }],
    },
    {
      name: 'BuildKit test',
      code: '\nFROM scratch\nWORKDIR app/\n',
      errors: [{ messageId: 'relative', data: { path: 'app/' }, line: 3 }],
    },
    {
      name: 'a sibling stage does not count',
      code: 'FROM alpine AS a\nWORKDIR /app\nFROM alpine\nWORKDIR app',
      errors: [{ messageId: 'relative', data: { path: 'app' }, line: 4 }],
    },
    {
      name: 'the message shows the expanded path',
      code: 'FROM alpine\nWORKDIR ${APP:-app}',
      errors: [{ messageId: 'relative', data: { path: 'app' }, line: 2 }],
    },
  ],
});

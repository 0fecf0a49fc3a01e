import { ruleTester } from '../../testing/rule-tester';
import { jsonArgsRecommended } from './json-args-recommended';

ruleTester(jsonArgsRecommended, {
  valid: [
    { name: 'docs: good', code: 'FROM alpine\nENTRYPOINT ["my-program", "start"]\n# entrypoint becomes: my-program start' },
    {
      name: 'docs: good, a wrapper script',
      code: 'FROM alpine\nRUN apk add bash\nCOPY --chmod=755 <<EOT /entrypoint.sh\n#!/usr/bin/env bash\nset -e\nmy-background-process &\nmy-program start\nEOT\nENTRYPOINT ["/entrypoint.sh"]',
    },
    { name: 'docs: good, an explicit SHELL', code: 'FROM alpine\nRUN apk add bash\nSHELL ["/bin/bash", "-c"]\nENTRYPOINT echo "hello world"' },
    { name: 'BuildKit test: SHELL before CMD', code: 'FROM scratch\nSHELL ["/usr/bin/customshell"]\nCMD mycommand' },
    { name: 'BuildKit test: SHELL inherited from the base stage', code: 'FROM scratch AS base\nSHELL ["/usr/bin/customshell"]\n\nFROM base\nENTRYPOINT mycommand' },
    'FROM alpine\nRUN echo shell form is fine for RUN',
    'FROM alpine\nHEALTHCHECK CMD curl -f http://localhost/',
  ],
  invalid: [
    {
      name: 'docs: bad',
      code: 'FROM alpine\nENTRYPOINT my-program start\n# entrypoint becomes: /bin/sh -c my-program start',
      errors: [{ messageId: 'shellForm', data: { instruction: 'ENTRYPOINT' }, line: 2, column: 1 }],
      output: 'FROM alpine\nENTRYPOINT ["my-program", "start"]\n# entrypoint becomes: /bin/sh -c my-program start',
    },
    {
      name: 'BuildKit test: CMD',
      code: '\nFROM scratch\nCMD mycommand\n',
      errors: [{ messageId: 'shellForm', data: { instruction: 'CMD' }, line: 3 }],
      output: '\nFROM scratch\nCMD ["mycommand"]\n',
    },
    {
      name: 'the keyword is quoted as written',
      code: 'FROM alpine\ncmd node server.js',
      errors: [{ messageId: 'shellForm', data: { instruction: 'cmd' }, line: 2 }],
      output: 'FROM alpine\ncmd ["node", "server.js"]',
    },
    {
      name: 'quoted arguments are unquoted',
      code: 'FROM alpine\nCMD node "my app.js" \'--x\'',
      errors: [{ messageId: 'shellForm', line: 2 }],
      output: 'FROM alpine\nCMD ["node", "my app.js", "--x"]',
    },
    {
      name: 'no fix when the shell does work',
      code: 'FROM alpine\nCMD node server.js && echo done',
      errors: [{ messageId: 'shellForm', line: 2 }],
      output: 'FROM alpine\nCMD node server.js && echo done',
    },
    {
      name: 'no fix for variables',
      code: 'FROM alpine\nCMD echo $HOME',
      errors: [{ messageId: 'shellForm', line: 2 }],
      output: 'FROM alpine\nCMD echo $HOME',
    },
    {
      name: 'SHELL in another branch does not count',
      code: 'FROM alpine AS a\nSHELL ["/bin/bash", "-c"]\nFROM alpine\nCMD serve',
      errors: [{ messageId: 'shellForm', line: 4 }],
      output: 'FROM alpine AS a\nSHELL ["/bin/bash", "-c"]\nFROM alpine\nCMD ["serve"]',
    },
    {
      name: 'a continued command becomes one line',
      code: 'FROM alpine\nCMD node \\\n  server.js',
      errors: [{ messageId: 'shellForm', line: 2 }],
      output: 'FROM alpine\nCMD ["node", "server.js"]',
    },
  ],
});

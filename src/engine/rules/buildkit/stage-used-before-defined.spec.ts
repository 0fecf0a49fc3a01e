import { ruleTester } from '../../testing/rule-tester';
import { stageUsedBeforeDefined } from './stage-used-before-defined';

ruleTester(stageUsedBeforeDefined, {
  valid: [
    'FROM node:20 AS build\nRUN npm ci\nFROM nginx\nCOPY --from=build /app/dist /usr/share/nginx/html',
    { name: 'an image with the same name as nothing', code: 'FROM alpine\nCOPY --from=nginx /etc/nginx /etc/nginx' },
    { name: 'a circle is reported by stage-circular-dependency', code: 'FROM alpine AS a\nCOPY --from=b /x /x\nFROM alpine AS b\nCOPY --from=a /y /y' },
  ],
  invalid: [
    {
      code: 'FROM nginx AS web\nCOPY --from=build /app/dist /usr/share/nginx/html\nFROM node:20 AS build\nRUN npm ci',
      errors: [{ messageId: 'copy', data: { from: 'build', stage: 'web' }, line: 2, column: 13, endColumn: 18 }],
    },
    {
      name: 'by index, from an unnamed stage',
      code: 'FROM alpine\nCOPY --from=1 /a /b\nFROM busybox',
      errors: [{ messageId: 'copy', data: { from: '1', stage: 'stage-0' }, line: 2 }],
    },
    {
      name: 'a loop through FROM <stage> is caught here',
      code: 'FROM alpine AS a\nCOPY --from=b /x /x\nFROM a AS b',
      errors: [{ messageId: 'copy', data: { from: 'b', stage: 'a' }, line: 2 }],
    },
    {
      name: 'RUN --mount',
      code: 'FROM alpine AS a\nRUN --mount=type=bind,from=deps,target=/deps ls /deps\nFROM alpine AS deps',
      errors: [{ messageId: 'mount', data: { from: 'deps', target: '/deps' }, line: 2, column: 28, endColumn: 32 }],
    },
    {
      name: 'the name is quoted as written',
      code: 'FROM alpine AS a\nCOPY --from=Later /x /x\nFROM alpine AS later',
      errors: [{ messageId: 'copy', data: { from: 'Later', stage: 'a' }, line: 2 }],
    },
  ],
});

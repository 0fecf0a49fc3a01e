import { ruleTester } from '../../testing/rule-tester';
import { exposeProtoCasing } from './expose-proto-casing';

ruleTester(exposeProtoCasing, {
  valid: [
    { name: 'docs: good', code: 'FROM alpine\nEXPOSE 80/tcp' },
    'FROM alpine\nEXPOSE 80 443/udp 8000-8010/sctp',
    { name: 'an unknown protocol is an error, not this warning', code: 'FROM alpine\nEXPOSE 80/HTTP' },
  ],
  invalid: [
    {
      name: 'docs: bad',
      code: 'FROM alpine\nEXPOSE 80/TcP',
      errors: [{ messageId: 'casing', data: { port: '80/TcP' }, line: 2, column: 8, endColumn: 14 }],
      output: 'FROM alpine\nEXPOSE 80/tcp',
    },
    {
      name: 'each port is checked',
      code: 'FROM alpine\nEXPOSE 53/UDP 80 443/TCP',
      errors: [
        { messageId: 'casing', data: { port: '53/UDP' }, line: 2, column: 8 },
        { messageId: 'casing', data: { port: '443/TCP' }, line: 2, column: 18 },
      ],
      output: 'FROM alpine\nEXPOSE 53/udp 80 443/tcp',
    },
    {
      name: 'variables are expanded first',
      code: 'FROM alpine\nARG PROTO=TCP\nEXPOSE 80/${PROTO}',
      errors: [{ messageId: 'casing', data: { port: '80/TCP' }, line: 3 }],
      output: 'FROM alpine\nARG PROTO=TCP\nEXPOSE 80/${PROTO}',
    },
  ],
});

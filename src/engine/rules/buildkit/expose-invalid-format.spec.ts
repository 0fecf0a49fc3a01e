import { ruleTester } from '../../testing/rule-tester';
import { exposeInvalidFormat } from './expose-invalid-format';

ruleTester(exposeInvalidFormat, {
  valid: [
    { name: 'docs: good', code: 'FROM alpine\nEXPOSE 80' },
    'FROM alpine\nEXPOSE 80/tcp 8000-8010',
  ],
  invalid: [
    {
      name: 'docs: bad, IP address and host-port mapping',
      code: 'FROM alpine\nEXPOSE 127.0.0.1:80:80',
      errors: [{ messageId: 'format', data: { port: '127.0.0.1:80:80' }, line: 2, column: 8, endColumn: 23 }],
      output: 'FROM alpine\nEXPOSE 80',
    },
    {
      name: 'docs: bad, host-port mapping',
      code: 'FROM alpine\nEXPOSE 80:80',
      errors: [{ messageId: 'format', data: { port: '80:80' }, line: 2 }],
      output: 'FROM alpine\nEXPOSE 80',
    },
    {
      name: 'the protocol is kept',
      code: 'FROM alpine\nEXPOSE 8080:80/udp',
      errors: [{ messageId: 'format', data: { port: '8080:80/udp' }, line: 2 }],
      output: 'FROM alpine\nEXPOSE 80/udp',
    },
    {
      name: 'IPv6',
      code: 'FROM alpine\nEXPOSE [::1]:8080:8080',
      errors: [{ messageId: 'format', data: { port: '[::1]:8080:8080' }, line: 2 }],
      output: 'FROM alpine\nEXPOSE 8080',
    },
  ],
});

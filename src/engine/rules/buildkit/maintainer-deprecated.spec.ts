import { ruleTester } from '../../testing/rule-tester';
import { maintainerDeprecated } from './maintainer-deprecated';

ruleTester(maintainerDeprecated, {
  valid: [
    { name: 'docs: good', code: 'LABEL org.opencontainers.image.authors="moby@example.com"' },
  ],
  invalid: [
    {
      name: 'docs: bad',
      code: 'MAINTAINER moby@example.com',
      errors: [{ messageId: 'deprecated', line: 1, column: 1, endColumn: 28 }],
      output: 'LABEL org.opencontainers.image.authors="moby@example.com"',
    },
    {
      name: 'BuildKit test',
      code: '\nFROM scratch\nMAINTAINER me@example.org\n',
      errors: [{ messageId: 'deprecated', line: 3 }],
      output: '\nFROM scratch\nLABEL org.opencontainers.image.authors="me@example.org"\n',
    },
    {
      name: 'quotes and dollars stay literal',
      code: 'FROM alpine\nmaintainer Jo "J" Doe <jo$doe@example.com>',
      errors: [{ messageId: 'deprecated', line: 2 }],
      output: 'FROM alpine\nlabel org.opencontainers.image.authors="Jo \\"J\\" Doe <jo\\$doe@example.com>"',
    },
  ],
});

import { ruleTester } from '../../testing/rule-tester';
import { maintainerUsed } from './maintainer-used';

ruleTester(maintainerUsed, {
  valid: ['FROM debian:12', 'FROM debian:12\nLABEL org.opencontainers.image.authors="Lukas"'],
  invalid: [
    {
      code: 'FROM busybox:1\nMAINTAINER hudu@mail.com',
      errors: [{ messageId: 'deprecated', line: 2, column: 1, endColumn: 25 }],
      output: 'FROM busybox:1\nLABEL org.opencontainers.image.authors="hudu@mail.com"',
    },
    {
      code: 'FROM debian:12\nMAINTAINER Lukas',
      errors: [{ messageId: 'deprecated', line: 2 }],
      output: 'FROM debian:12\nLABEL org.opencontainers.image.authors="Lukas"',
    },
    {
      name: 'before FROM',
      code: 'MAINTAINER Lukas\nFROM debian:12',
      errors: [{ messageId: 'deprecated', line: 1 }],
      output: 'LABEL org.opencontainers.image.authors="Lukas"\nFROM debian:12',
    },
    {
      name: 'quoted, with an email in angle brackets',
      code: 'from debian:12\nmaintainer "Jane Doe <jane@example.com>"',
      errors: [{ messageId: 'deprecated', line: 2 }],
      output: 'from debian:12\nlabel org.opencontainers.image.authors="Jane Doe <jane@example.com>"',
    },
    {
      name: 'characters a double-quoted value must escape',
      code: 'MAINTAINER Bob "The Builder" $HOME',
      errors: [{ messageId: 'deprecated', line: 1 }],
      output: 'LABEL org.opencontainers.image.authors="Bob \\"The Builder\\" \\$HOME"',
    },
  ],
});

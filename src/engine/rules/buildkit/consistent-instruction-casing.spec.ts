import { ruleTester } from '../../testing/rule-tester';
import { consistentInstructionCasing } from './consistent-instruction-casing';

ruleTester(consistentInstructionCasing, {
  valid: [
    { name: 'docs: all uppercase', code: 'FROM alpine\nRUN echo hello > /greeting.txt\nENTRYPOINT ["cat", "/greeting.txt"]' },
    { name: 'docs: all lowercase', code: 'from alpine\nrun echo hello > /greeting.txt\nentrypoint ["cat", "/greeting.txt"]' },
    { name: 'BuildKit test: heredoc bodies are not instructions', code: "\nFROM alpine\nRUN <<'EOT'\nenv\nEOT\n" },
    { name: 'global ARGs are not counted', code: 'arg V=1\nFROM alpine:$V\nRUN true' },
  ],
  invalid: [
    {
      name: 'docs: bad',
      code: 'From alpine\nRun echo hello > /greeting.txt\nEntRYpOiNT ["cat", "/greeting.txt"]',
      errors: [
        { messageId: 'casing', data: { command: 'From', casing: 'uppercase' }, line: 1, column: 1, endColumn: 5 },
        { messageId: 'casing', data: { command: 'Run', casing: 'uppercase' }, line: 2 },
        { messageId: 'casing', data: { command: 'EntRYpOiNT', casing: 'uppercase' }, line: 3 },
      ],
      output: 'FROM alpine\nRUN echo hello > /greeting.txt\nENTRYPOINT ["cat", "/greeting.txt"]',
    },
    {
      name: 'BuildKit test: mixed-case FROM',
      code: '\n# warning\nFrom scratch as base\nFROM scratch AS base2\n',
      errors: [{ messageId: 'casing', data: { command: 'From', casing: 'uppercase' }, line: 3 }],
    },
    {
      name: 'BuildKit test: minority lowercase',
      code: '\nFROM scratch\ncopy Dockerfile /foo\nCOPY Dockerfile /bar\n',
      errors: [{ messageId: 'casing', data: { command: 'copy', casing: 'uppercase' }, line: 3 }],
      output: '\nFROM scratch\nCOPY Dockerfile /foo\nCOPY Dockerfile /bar\n',
    },
    {
      name: 'BuildKit test: majority lowercase',
      code: '\nfrOM scratch as base\nfrom scratch as base2\n',
      errors: [{ messageId: 'casing', data: { command: 'frOM', casing: 'lowercase' }, line: 2 }],
    },
    {
      name: 'BuildKit test: FROM in the minority',
      code: '\nFROM scratch\ncopy Dockerfile /foo\ncopy Dockerfile /bar\ncopy Dockerfile /baz\n',
      errors: [{ messageId: 'casing', data: { command: 'FROM', casing: 'lowercase' }, line: 2 }],
    },
  ],
});

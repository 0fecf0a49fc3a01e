import { ruleTester } from '../../testing/rule-tester';
import { multipleInstructionsDisallowed } from './multiple-instructions-disallowed';

ruleTester(multipleInstructionsDisallowed, {
  valid: [
    { name: 'docs: good, one ENTRYPOINT', code: 'FROM alpine\nENTRYPOINT ["echo", "Hello, Norway!\\nHello, Sweden!"]' },
    {
      name: 'docs: good, HEALTHCHECK CMD is not a CMD',
      code: 'FROM python:alpine\nRUN apk add curl\nHEALTHCHECK --interval=1s --timeout=3s \\\n  CMD ["curl", "-f", "http://localhost:8080"]\nCMD ["python", "-m", "http.server", "8080"]',
    },
    {
      name: 'BuildKit test: a stage built on another starts afresh',
      code: '\nFROM scratch AS a\nENTRYPOINT ["/myapp"]\nCMD ["/myapp"]\nHEALTHCHECK CMD ["/myapp"]\n\nFROM a AS b\nENTRYPOINT ["/myotherapp"]\nCMD ["/myotherapp"]\nHEALTHCHECK CMD ["/myotherapp"]\n',
    },
  ],
  invalid: [
    {
      name: 'docs: bad',
      code: 'FROM alpine\nENTRYPOINT ["echo", "Hello, Norway!"]\nENTRYPOINT ["echo", "Hello, Sweden!"]\n# Only "Hello, Sweden!" will be printed',
      errors: [{ messageId: 'multiple', data: { instruction: 'ENTRYPOINT' }, line: 2, column: 1 }],
    },
    {
      name: 'BuildKit test: all three',
      code: '\nFROM scratch\nENTRYPOINT ["/myapp"]\nENTRYPOINT ["/myotherapp"]\nCMD ["/myapp"]\nCMD ["/myotherapp"]\nHEALTHCHECK CMD ["/myapp"]\nHEALTHCHECK CMD ["/myotherapp"]\n',
      errors: [
        { messageId: 'multiple', data: { instruction: 'ENTRYPOINT' }, line: 3 },
        { messageId: 'multiple', data: { instruction: 'CMD' }, line: 5 },
        { messageId: 'multiple', data: { instruction: 'HEALTHCHECK' }, line: 7 },
      ],
    },
    {
      name: 'BuildKit test: broken up by other instructions',
      code: '\nFROM scratch\nENTRYPOINT ["/myapp"]\nCMD ["/myapp"]\nHEALTHCHECK CMD ["/myapp"]\nCOPY <<EOF /a.txt\nHello, World!\nEOF\nENTRYPOINT ["/myotherapp"]\nCMD ["/myotherapp"]\nHEALTHCHECK CMD ["/myotherapp"]\n',
      errors: [
        { messageId: 'multiple', data: { instruction: 'ENTRYPOINT' }, line: 3 },
        { messageId: 'multiple', data: { instruction: 'CMD' }, line: 4 },
        { messageId: 'multiple', data: { instruction: 'HEALTHCHECK' }, line: 5 },
      ],
    },
    {
      name: 'three CMDs: the first two are ignored',
      code: 'FROM alpine\nCMD ["a"]\ncmd ["b"]\nCMD ["c"]',
      errors: [
        { messageId: 'multiple', data: { instruction: 'cmd' }, line: 2 },
        { messageId: 'multiple', data: { instruction: 'CMD' }, line: 3 },
      ],
    },
  ],
});

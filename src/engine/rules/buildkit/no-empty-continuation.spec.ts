import { ruleTester } from '../../testing/rule-tester';
import { noEmptyContinuation } from './no-empty-continuation';

ruleTester(noEmptyContinuation, {
  valid: [
    { name: 'docs: comments are not empty lines', code: 'FROM alpine\nEXPOSE \\\n# Port\n80' },
    'FROM alpine\nRUN apk add \\\n    gnupg \\\n    curl',
    { name: 'a blank line after the instruction ends it', code: 'FROM alpine\nRUN true\n\nRUN false' },
  ],
  invalid: [
    {
      name: 'docs: bad',
      code: 'FROM alpine\nEXPOSE \\\n\n80',
      errors: [{ messageId: 'empty', line: 4, column: 1 }],
      output: 'FROM alpine\nEXPOSE \\\n80',
    },
    {
      name: 'docs: description example, one warning per instruction',
      code: 'FROM alpine\nRUN apk add \\\n\n    gnupg \\\n\n    curl',
      errors: [{ messageId: 'empty', line: 6 }],
      output: 'FROM alpine\nRUN apk add \\\n    gnupg \\\n    curl',
    },
    {
      name: 'BuildKit test: reported on the last line of the instruction',
      code: '\nFROM scratch\n# warning: empty continuation line\nCOPY Dockerfile \\\n\n.\nCOPY Dockerfile \\\n.\n',
      errors: [{ messageId: 'empty', line: 6 }],
    },
    {
      name: 'heredoc bodies are not part of the line',
      code: 'FROM alpine\nRUN \\\n\n  cat <<EOF\nhi\nEOF',
      errors: [{ messageId: 'empty', line: 4 }],
    },
  ],
});

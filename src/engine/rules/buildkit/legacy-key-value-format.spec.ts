import { ruleTester } from '../../testing/rule-tester';
import { legacyKeyValueFormat } from './legacy-key-value-format';

ruleTester(legacyKeyValueFormat, {
  valid: [
    { name: 'docs: good', code: 'FROM alpine\nARG foo=bar' },
    { name: 'docs: good, quoted multi-line value', code: 'FROM alpine\nENV DEPS="\\\n    curl \\\n    git \\\n    make"' },
    { name: "docs' ARG example: BuildKit reads `ARG foo bar` as two ARGs and does not warn", code: 'FROM alpine\nARG foo bar' },
    { name: 'BuildKit test: equals form', code: '\nFROM scratch\nENV testkey=value\nLABEL key=value\n' },
  ],
  invalid: [
    {
      name: 'docs: bad, multi-line value',
      code: 'FROM alpine\nENV DEPS \\\n    curl \\\n    git \\\n    make',
      errors: [{ messageId: 'legacy', data: { instruction: 'ENV' }, line: 2, column: 1 }],
      output: 'FROM alpine\nENV DEPS="curl \\\n    git \\\n    make"',
    },
    {
      name: 'BuildKit test',
      code: '\nFROM scratch\nENV testkey value\nLABEL key value\n',
      errors: [
        { messageId: 'legacy', data: { instruction: 'ENV' }, line: 3 },
        { messageId: 'legacy', data: { instruction: 'LABEL' }, line: 4 },
      ],
      output: '\nFROM scratch\nENV testkey=value\nLABEL key=value\n',
    },
    {
      name: 'the instruction is named as written',
      code: 'FROM alpine\nenv NODE_ENV production',
      errors: [{ messageId: 'legacy', data: { instruction: 'env' }, line: 2 }],
      output: 'FROM alpine\nenv NODE_ENV=production',
    },
    {
      name: 'a value with spaces is quoted',
      code: 'FROM alpine\nENV GREETING hello world',
      errors: [{ messageId: 'legacy', line: 2 }],
      output: 'FROM alpine\nENV GREETING="hello world"',
    },
    {
      name: 'no fix for a value BuildKit cannot read',
      code: "FROM alpine\nENV MSG it's \"fine\"",
      errors: [{ messageId: 'legacy', line: 2 }],
      output: "FROM alpine\nENV MSG it's \"fine\"",
    },
    {
      name: 'no fix when quoting would change an escape',
      code: 'FROM alpine\nENV A a\\ b c',
      errors: [{ messageId: 'legacy', line: 2 }],
      output: 'FROM alpine\nENV A a\\ b c',
    },
  ],
});

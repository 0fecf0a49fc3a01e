import { fakeContext, ruleTester } from '../../testing/rule-tester';
import { copyIgnoredFile } from './copy-ignored-file';

// The docs' .dockerignore is `*/tmp/*`: it excludes files one directory down.
const docs = fakeContext(['tmp/helloworld.txt', 'forever/helloworld.txt', 'x/tmp/helloworld.txt'], ['x/tmp/helloworld.txt']);
// BuildKit's test: `.dockerignore` lists `Dockerfile`.
const dockerfile = fakeContext(['Dockerfile', 'app.js'], ['Dockerfile']);
const node = fakeContext(['package.json', 'src/index.ts', '.env', 'node_modules/x/index.js'], ['.env', 'node_modules', 'node_modules/x/index.js']);

ruleTester(copyIgnoredFile, {
  valid: [
    { name: 'docs: good', code: 'FROM scratch\nCOPY ./forever/helloworld.txt /helloworld.txt', context: docs },
    { name: 'BuildKit test: copies from a stage are not from the context', code: '\nFROM scratch AS base\nCOPY Dockerfile /foobar\nFROM base\nCOPY --from=base /foobar /Dockerfile\n', context: fakeContext(['Dockerfile'], ['foobar']) },
    { name: 'the context root', code: 'FROM node:20\nCOPY . .', context: node },
    { name: 'a directory whose files are partly ignored', code: 'FROM node:20\nCOPY src ./src', context: node },
    { name: 'heredocs', code: 'FROM alpine\nCOPY <<EOF /.env\nA=1\nEOF', context: node },
    { name: 'remote ADD sources', code: 'FROM alpine\nADD https://example.com/.env /x', context: node },
    { name: 'without a context the rule does not run', code: 'FROM alpine\nCOPY .env /x' },
  ],
  invalid: [
    {
      name: 'docs: bad',
      code: 'FROM scratch\nCOPY ./x/tmp/helloworld.txt /helloworld.txt',
      context: docs,
      errors: [{ messageId: 'ignored', data: { instruction: 'Copy', file: 'x/tmp/helloworld.txt' }, line: 2, column: 6, endColumn: 28 }],
    },
    {
      name: 'BuildKit test: COPY and ADD',
      code: 'FROM scratch\nCOPY Dockerfile .\nADD Dockerfile /windy',
      context: dockerfile,
      errors: [
        { messageId: 'ignored', data: { instruction: 'Copy', file: 'Dockerfile' }, line: 2 },
        { messageId: 'ignored', data: { instruction: 'Add', file: 'Dockerfile' }, line: 3 },
      ],
    },
    {
      name: 'one source of several',
      code: 'FROM node:20\nCOPY package.json .env ./',
      context: node,
      errors: [{ messageId: 'ignored', data: { instruction: 'Copy', file: '.env' }, line: 2, column: 19 }],
    },
    {
      name: 'an ignored directory',
      code: 'FROM node:20\nCOPY node_modules/ /app/node_modules/',
      context: node,
      errors: [{ messageId: 'ignored', data: { instruction: 'Copy', file: 'node_modules' }, line: 2 }],
    },
    {
      name: 'sources are expanded',
      code: 'FROM node:20\nARG ENV_FILE=.env\nCOPY ${ENV_FILE} /app/',
      context: node,
      errors: [{ messageId: 'ignored', data: { instruction: 'Copy', file: '.env' }, line: 3 }],
    },
  ],
});

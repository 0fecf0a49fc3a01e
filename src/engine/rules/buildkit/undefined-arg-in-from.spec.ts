import { ruleTester } from '../../testing/rule-tester';
import { undefinedArgInFrom } from './undefined-arg-in-from';

ruleTester(undefinedArgInFrom, {
  valid: [
    { name: 'docs: good', code: 'ARG VARIANT="-alpine3.20"\nFROM node:22${VARIANT} AS jsbuilder' },
    { name: 'docs: description example', code: 'ARG ALPINE_VERSION=3.20\n\nFROM alpine:${ALPINE_VERSION}' },
    { name: 'BuildKit test: declared base', code: '\nARG base=scratch\nFROM $base\nCOPY Dockerfile .\n' },
    { name: 'BuildKit test: predefined platform ARG', code: '\nFROM --platform=$BUILDPLATFORM scratch\nCOPY Dockerfile .\n' },
    { name: 'BuildKit test: redeclared platform ARG', code: '\nARG BUILDPLATFORM=linux/amd64\nFROM --platform=$BUILDPLATFORM scratch\n' },
    { name: 'declared without a default', code: 'ARG TAG\nFROM alpine:${TAG:-3.20}' },
    { name: 'an ARG inside a stage does not reach FROM, but this FROM uses none', code: 'FROM alpine\nARG X\nFROM alpine' },
  ],
  invalid: [
    {
      name: 'docs: bad',
      code: 'FROM node:22${VARIANT} AS jsbuilder',
      errors: [{ messageId: 'undeclared', data: { name: 'VARIANT' }, line: 1, column: 13, endColumn: 23 }],
    },
    {
      name: 'BuildKit test: misspelled platform ARG',
      code: '\nFROM --platform=$BULIDPLATFORM scratch\nCOPY Dockerfile .\n',
      errors: [{ messageId: 'undeclaredSuggest', data: { name: 'BULIDPLATFORM', suggestion: 'BUILDPLATFORM' }, line: 2, column: 17 }],
    },
    {
      name: 'BuildKit test: misspelled global ARG in the platform',
      code: '\nARG MY_OS=linux\nARG MY_ARCH=amd64\nFROM --platform=linux/${MYARCH} busybox\nCOPY Dockerfile .\n',
      errors: [{ messageId: 'undeclaredSuggest', data: { name: 'MYARCH', suggestion: 'MY_ARCH' }, line: 4, column: 23, endColumn: 32 }],
    },
    {
      name: 'BuildKit test: one of two variables',
      code: '\nARG tag=latest\nFROM busybox:${tag}${version} AS b\nCOPY Dockerfile .\n',
      errors: [{ messageId: 'undeclared', data: { name: 'version' }, line: 3, column: 20 }],
    },
    {
      name: 'an ARG declared after the first FROM is not global',
      code: 'FROM alpine\nARG IMAGE=alpine\nFROM $IMAGE',
      errors: [{ messageId: 'undeclared', data: { name: 'IMAGE' }, line: 3, column: 6 }],
    },
  ],
});

import { ruleTester } from '../../testing/rule-tester';
import { copyRelativeWithoutWorkdir } from './copy-relative-without-workdir';

ruleTester(copyRelativeWithoutWorkdir, {
  valid: [
    'COPY bla.sh /usr/local/bin/blubb.sh',
    'COPY bla.sh "/usr/local/bin/blubb.sh"',
    'COPY bla.sh c:\\system32\\blubb.sh',
    'COPY bla.sh "c:\\system32\\blubb.sh"',
    'COPY bla.sh c:/system32/blubb.sh',
    'FROM scratch\nWORKDIR /usr\nCOPY bla.sh blubb.sh',
    'FROM scratch\nWORKDIR c:\\system32\nCOPY bla.sh blubb.sh',
    'COPY src.sh ${SRC_BASE_ENV}',
    'COPY src.sh $SRC_BASE_ENV',
    'COPY src.sh "${SRC_BASE_ENV}"',
    'COPY src.sh "$SRC_BASE_ENV"',
    {
      name: 'WORKDIR set in the base stage',
      code: 'FROM debian:buster as base\nWORKDIR /usr\nFROM debian:buster as stage-inbetween\nRUN foo\nFROM base\nCOPY foo bar',
    },
    {
      name: 'WORKDIR set two stages up',
      code: 'FROM debian:buster as base1\nWORKDIR /usr\nFROM base1 as base2\nRUN foo\nFROM base2\nCOPY foo bar',
    },
    {
      name: 'ONBUILD instructions are triggers, not the stage’s own',
      code: 'FROM debian:buster\nONBUILD WORKDIR /usr/local/lib\nONBUILD COPY foo bar',
    },
  ],
  invalid: [
    { code: 'COPY bla.sh blubb.sh', errors: [{ messageId: 'noWorkdir', line: 1, column: 13, endColumn: 21 }] },
    { code: 'COPY bla.sh "blubb.sh"', errors: [{ messageId: 'noWorkdir', line: 1, column: 13 }] },
    { name: 'single-character paths', code: 'COPY a b', errors: [{ messageId: 'noWorkdir', line: 1, column: 8 }] },
    {
      name: 'WORKDIR of an earlier stage is not inherited',
      code: 'FROM debian:buster as stage1\nWORKDIR /usr\nFROM debian:buster\nCOPY foo bar',
      errors: [{ messageId: 'noWorkdir', line: 4, column: 10 }],
    },
    {
      name: 'WORKDIR of an earlier Windows stage is not inherited',
      code: 'FROM microsoft/windowsservercore as stage1\nWORKDIR c:\\system32\nFROM microsoft/windowsservercore\nCOPY foo bar',
      errors: [{ messageId: 'noWorkdir', line: 4 }],
    },
    {
      name: 'COPY before WORKDIR in the same stage',
      code: 'FROM node:22\nCOPY package.json .\nWORKDIR /app',
      errors: [{ messageId: 'noWorkdir', line: 2, column: 19 }],
    },
  ],
});

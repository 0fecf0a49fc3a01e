import { ruleTester } from '../../testing/rule-tester';
import { expansionTooLong } from './expansion-too-long';

const doubling = (n: number, kind: 'ARG' | 'ENV') =>
  [`${kind} A0=\${A-1}\${A-1}`, ...Array.from({ length: n }, (_, i) => `${kind} A${i + 1}=\${A${i}}\${A${i}}`)].join('\n');

ruleTester(expansionTooLong, {
  valid: [
    'ARG V=1.2\nFROM alpine:$V\nENV A=x B=$A$A',
    { name: 'doubling that stays small', code: `${doubling(10, 'ARG')}\nFROM alpine:3.20` },
  ],
  invalid: [
    { name: 'global ARGs that double thirty times (a gigabyte in Docker)', code: `${doubling(29, 'ARG')}\nFROM alpine:\${A29}`, errors: [{ messageId: 'long', line: 19 }] },
    { name: 'ENV doubling inside a stage', code: `FROM alpine:3.20\n${doubling(20, 'ENV')}`, errors: [{ messageId: 'long', line: 20 }] },
  ],
});

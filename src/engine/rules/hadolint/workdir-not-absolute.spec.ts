import { ruleTester } from '../../testing/rule-tester';
import { workdirNotAbsolute } from './workdir-not-absolute';

ruleTester(workdirNotAbsolute, {
  valid: [
    'WORKDIR /usr/local',
    'WORKDIR ${work}',
    "WORKDIR '/usr/local'",
    'WORKDIR "/usr/local"',
    'WORKDIR "${dir}"',
    { name: 'Windows drive, quoted', code: "WORKDIR 'C:\\'" },
    { name: 'Windows drive, double quotes', code: 'WORKDIR "C:\\"' },
    { name: 'Windows drive, forward slash', code: 'WORKDIR C:/' },
    { name: 'Windows drive, quoted forward slash', code: 'WORKDIR "C:/"' },
    { name: 'not a WORKDIR', code: 'FROM alpine:3\nRUN cd relative' },
  ],
  invalid: [
    { code: 'WORKDIR relative/dir', errors: [{ messageId: 'relative', line: 1, column: 9, endColumn: 21 }] },
    { code: "WORKDIR 'relative/dir'", errors: [{ messageId: 'relative', line: 1, column: 9 }] },
    { code: 'WORKDIR "relative/dir"', errors: [{ messageId: 'relative', line: 1, column: 9 }] },
    { code: 'FROM alpine:3\nworkdir app', errors: [{ messageId: 'relative', line: 2, column: 9 }] },
  ],
});

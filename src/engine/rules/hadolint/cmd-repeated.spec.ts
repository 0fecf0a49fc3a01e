import { ruleTester } from '../../testing/rule-tester';
import { cmdRepeated } from './cmd-repeated';

ruleTester(cmdRepeated, {
  valid: [
    'CMD /bin/true',
    'FROM debian:12 as distro1\nCMD bash\nRUN foo\nFROM debian:12 as distro2\nCMD another',
    { name: 'an ONBUILD CMD is a trigger', code: 'FROM debian:12\nCMD bash\nONBUILD CMD other' },
  ],
  invalid: [
    { code: 'FROM debian:12\nCMD bash\nRUN foo\nCMD another', errors: [{ messageId: 'repeated', line: 4, column: 1 }] },
    {
      code: 'FROM debian:12 as distro1\nCMD bash\nRUN foo\nCMD another\nFROM debian:12 as distro2\nCMD another',
      errors: [{ messageId: 'repeated', line: 4 }],
    },
  ],
});

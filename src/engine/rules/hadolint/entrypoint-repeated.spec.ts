import { ruleTester } from '../../testing/rule-tester';
import { entrypointRepeated } from './entrypoint-repeated';

ruleTester(entrypointRepeated, {
  valid: [
    'FROM busybox:1',
    'ENTRYPOINT /bin/true',
    'FROM debian:12 as distro1\nENTRYPOINT bash\nRUN foo\nFROM debian:12 as distro2\nENTRYPOINT another',
  ],
  invalid: [
    {
      code: 'FROM debian:12\nENTRYPOINT bash\nRUN foo\nENTRYPOINT another',
      errors: [{ messageId: 'repeated', line: 4, column: 1 }],
    },
    {
      code: 'FROM debian:12 as distro1\nENTRYPOINT bash\nRUN foo\nENTRYPOINT another\nFROM debian:12 as distro2\nENTRYPOINT another',
      errors: [{ messageId: 'repeated', line: 4 }],
    },
  ],
});

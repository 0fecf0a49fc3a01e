import { ruleTester } from '../../testing/rule-tester';
import { healthcheckRepeated } from './healthcheck-repeated';

ruleTester(healthcheckRepeated, {
  valid: [
    'FROM scratch',
    'FROM scratch\nHEALTHCHECK CMD /bin/bla',
    'FROM scratch\nHEALTHCHECK CMD /bin/bla1\nFROM scratch\nHEALTHCHECK CMD /bin/bla2',
    { name: 'an ONBUILD trigger is not the stage’s own', code: 'FROM scratch\nHEALTHCHECK NONE\nONBUILD HEALTHCHECK NONE' },
  ],
  invalid: [
    {
      code: 'FROM scratch\nHEALTHCHECK CMD /bin/bla1\nHEALTHCHECK CMD /bin/bla2',
      errors: [{ messageId: 'repeated', line: 3, column: 1 }],
    },
    {
      code: 'FROM scratch\nHEALTHCHECK NONE\nHEALTHCHECK NONE\nhealthcheck NONE',
      errors: [
        { messageId: 'repeated', line: 3 },
        { messageId: 'repeated', line: 4 },
      ],
    },
  ],
});

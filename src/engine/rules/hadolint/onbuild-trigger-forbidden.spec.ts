import { ruleTester } from '../../testing/rule-tester';
import { onbuildTriggerForbidden } from './onbuild-trigger-forbidden';

ruleTester(onbuildTriggerForbidden, {
  valid: [
    'ONBUILD ADD anything anywhere',
    'ONBUILD USER anything',
    'ONBUILD LABEL bla="blubb"',
    'ONBUILD STOPSIGNAL anything',
    'ONBUILD COPY anything anywhere',
    'ONBUILD RUN anything',
    'ONBUILD CMD anything',
    'ONBUILD SHELL ["anything"]',
    'ONBUILD WORKDIR anything',
    'ONBUILD EXPOSE 69',
    'ONBUILD VOLUME anything',
    'ONBUILD ENTRYPOINT anything',
    'ONBUILD ENV MYVAR="bla"',
    'ONBUILD ARG anything',
    'ONBUILD HEALTHCHECK NONE',
    'FROM debian:buster',
    'MAINTAINER "Some Guy"',
  ],
  invalid: [
    { code: 'ONBUILD ONBUILD RUN anything', errors: [{ messageId: 'forbidden', line: 1, column: 9, endColumn: 16 }] },
    { code: 'ONBUILD FROM debian:buster', errors: [{ messageId: 'forbidden', line: 1, column: 9 }] },
    { code: 'FROM debian:12\nonbuild maintainer "BoJack Horseman"', errors: [{ messageId: 'forbidden', line: 2, column: 9 }] },
  ],
});

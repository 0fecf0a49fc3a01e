import { ruleTester } from '../../testing/rule-tester';
import { copyEntireFilesystem } from './copy-entire-filesystem';

ruleTester(copyEntireFilesystem, {
  valid: ['COPY / /', 'COPY --from=build /app /', 'COPY --from=build / /app'],
  invalid: [
    { code: 'COPY --from=build / /', errors: [{ messageId: 'wholeFs', line: 1, column: 1 }] },
    { code: 'COPY --from=build "/" "/"', errors: [{ messageId: 'wholeFs', line: 1 }] },
    { code: 'FROM alpine:3 AS build\nFROM scratch\nCOPY --from=build ["/", "/"]', errors: [{ messageId: 'wholeFs', line: 3 }] },
  ],
});

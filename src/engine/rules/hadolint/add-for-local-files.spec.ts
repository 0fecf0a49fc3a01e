import { ruleTester } from '../../testing/rule-tester';
import { addForLocalFiles } from './add-for-local-files';

ruleTester(addForLocalFiles, {
  valid: [
    'ADD file.tar /usr/src/app/',
    'ADD file.gz /usr/src/app/',
    'ADD file.bz2 /usr/src/app/',
    'ADD file.xz /usr/src/app/',
    'ADD file.tgz /usr/src/app/',
    'ADD http://file.com /usr/src/app/',
    'ADD "file.tgz" /usr/src/app/',
    'ADD "http://file.com" /usr/src/app/',
    'ADD ["https://example.com/a.txt", "b.tar.gz", "/dst/"]',
    { name: 'COPY is what it wants', code: 'COPY file /usr/src/app/' },
  ],
  invalid: [
    {
      code: 'ADD file /usr/src/app/',
      errors: [{ messageId: 'useCopy', line: 1, column: 1, endColumn: 4 }],
      output: 'COPY file /usr/src/app/',
    },
    { code: 'ADD file.zip /usr/src/app/', errors: [{ messageId: 'useCopy', line: 1 }], output: 'COPY file.zip /usr/src/app/' },
    { code: 'ADD "file.zip" /usr/src/app/', errors: [{ messageId: 'useCopy', line: 1 }], output: 'COPY "file.zip" /usr/src/app/' },
    {
      name: 'keeps the keyword’s case and COPY’s flags',
      code: 'FROM alpine:3\nadd --chown=app:app --link src/ /app/',
      errors: [{ messageId: 'useCopy', line: 2, column: 1 }],
      output: 'FROM alpine:3\ncopy --chown=app:app --link src/ /app/',
    },
    {
      name: 'one archive among local files: no rename, COPY would not unpack it',
      code: 'ADD vendor.tar.gz src/ /app/',
      errors: [{ messageId: 'useCopy', line: 1 }],
      output: 'ADD vendor.tar.gz src/ /app/',
    },
    {
      name: 'a git URL: no rename',
      code: 'ADD git@github.com:moby/buildkit.git /src',
      errors: [{ messageId: 'useCopy', line: 1 }],
      output: 'ADD git@github.com:moby/buildkit.git /src',
    },
    {
      name: 'an ADD-only flag: no rename',
      code: 'ADD --checksum=sha256:abc file /app/',
      errors: [{ messageId: 'useCopy', line: 1 }],
      output: 'ADD --checksum=sha256:abc file /app/',
    },
  ],
});

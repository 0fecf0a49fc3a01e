import { ruleTester } from '../../testing/rule-tester';
import { consecutiveRun } from './consecutive-run';

ruleTester(consecutiveRun, {
  valid: [
    'FROM debian:10',
    'RUN /foo.sh',
    'RUN /foo.sh\nWORKDIR /\nRUN /bar.sh',
    '# a comment\nRUN /foo.sh',
    { name: 'different flags 1', code: 'RUN --mount=type=secret,id=foo /foo.sh\nRUN /bar.sh' },
    { name: 'different flags 2', code: 'RUN --mount=type=secret,id=foo /foo.sh\nRUN --mount=type=secret,id=bar /bar.sh' },
    { name: 'chained 1', code: 'RUN foo && bar\nRUN foobar' },
    { name: 'chained 2', code: 'RUN foo; bar\nRUN foobar' },
    { name: 'chained 3', code: 'RUN foobar\nRUN foo && bar' },
    { name: 'chained 4', code: 'RUN foobar\nRUN foo; bar' },
    { name: 'chained 5', code: 'RUN foo && bar\nRUN foo; bar' },
    { name: 'a command substitution is a second command', code: 'RUN echo $(date) > /built\nRUN foobar' },
    { name: 'a new stage breaks the row', code: 'FROM a:1\nRUN foo\nFROM b:1\nRUN bar' },
    { name: 'an ONBUILD RUN breaks the row', code: 'RUN foo\nONBUILD RUN bar\nRUN baz' },
  ],
  invalid: [
    { code: 'RUN /foo.sh\nRUN /bar.sh', errors: [{ messageId: 'consecutive', line: 2, column: 1 }] },
    { code: 'RUN /foo.sh\n# a comment\nRUN /bar.sh', errors: [{ messageId: 'consecutive', line: 3 }] },
    { code: 'RUN /foo.sh\n# a comment\n# another comment\nRUN /bar.sh', errors: [{ messageId: 'consecutive', line: 4 }] },
    {
      name: 'equal flags',
      code: 'RUN --mount=type=secret,id=foo /foo.sh\nRUN --mount=type=secret,id=foo /bar.sh',
      errors: [{ messageId: 'consecutive', line: 2 }],
    },
    {
      name: 'two single commands after a chain',
      code: 'RUN foo && bar\nRUN foo\nRUN bar',
      errors: [{ messageId: 'consecutive', line: 3 }],
    },
    {
      name: 'three in a row: the second and third',
      code: 'RUN a\nRUN b\nRUN c',
      errors: [
        { messageId: 'consecutive', line: 2 },
        { messageId: 'consecutive', line: 3 },
      ],
    },
    {
      name: 'a redirection is not a second command',
      code: 'RUN make 2>&1\nRUN echo done >&2',
      errors: [{ messageId: 'consecutive', line: 2 }],
    },
    {
      name: 'a heredoc RUN is judged by its script',
      code: 'RUN apt-get update\nRUN <<EOF\napt-get install -y curl\nEOF',
      errors: [{ messageId: 'consecutive', line: 2 }],
    },
  ],
});

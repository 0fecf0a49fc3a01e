import { ruleTester } from '../../testing/rule-tester';
import { undefinedVar } from './undefined-var';

ruleTester(undefinedVar, {
  valid: [
    { name: 'docs: good, declared ARG', code: 'FROM alpine AS base\nARG foo\nCOPY $foo .' },
    { name: 'docs: good, the base image defines it', code: 'FROM python AS base\nARG VERSION=$PYTHON_VERSION' },
    { name: 'BuildKit test: declared without a value', code: '\nFROM scratch\nARG foo\nCOPY Dockerfile${foo} .\n' },
    { name: 'BuildKit test: inherited from the base stage', code: '\nFROM alpine AS base\nARG foo=Dockerfile\n\nFROM base\nCOPY $foo .\n' },
    { name: 'BuildKit test: RUN is left to the shell', code: '\nFROM alpine\nRUN echo $PATH\n' },
    { name: 'CMD and ENTRYPOINT too', code: 'FROM alpine\nCMD echo $NOPE\nENTRYPOINT ["sh", "-c", "echo $NOPE"]' },
    { name: 'PATH is always set', code: 'FROM scratch\nENV PATH=$PATH:/app/bin' },
    { name: 'a global ARG redeclared in the stage', code: 'ARG VERSION=1\nFROM alpine\nARG VERSION\nLABEL version=$VERSION' },
    { name: 'a predefined platform ARG declared in the stage', code: 'FROM alpine\nARG TARGETARCH\nCOPY bin/$TARGETARCH /app' },
    { name: 'an earlier ARG of the same line', code: 'FROM alpine\nARG A=1 B=$A' },
    { name: 'single quotes are literal', code: "FROM alpine\nENV A='$NOPE'" },
    { name: 'escaped dollar', code: 'FROM alpine\nENV A=\\$NOPE' },
    { name: 'quoted heredoc delimiter: no expansion', code: "FROM alpine\nCOPY <<'EOF' /a\n$NOPE\nEOF" },
    { name: 'EXPOSE is expanded without this check', code: 'FROM alpine\nEXPOSE $PORT' },
    { name: 'SBOM args are not environment variables', code: 'FROM alpine\nLABEL a=$BUILDKIT_SBOM_SCAN_STAGE' },
    { name: 'global ARGs are not in scope without a redeclaration, but FROM is not checked here', code: 'ARG IMG=alpine\nFROM $IMG' },
  ],
  invalid: [
    {
      name: 'docs: bad, undefined build argument',
      code: 'FROM alpine AS base\nCOPY $foo .',
      errors: [{ messageId: 'undefined', data: { name: 'foo' }, line: 2, column: 6, endColumn: 10 }],
    },
    {
      name: 'docs: bad, undefined in an ARG default',
      code: 'FROM alpine AS base\nARG VERSION=$foo',
      errors: [{ messageId: 'undefined', data: { name: 'foo' }, line: 2, column: 13 }],
    },
    {
      name: 'docs: typo',
      code: 'FROM alpine\nENV PATH=$PAHT:/app/bin',
      errors: [{ messageId: 'undefinedSuggest', data: { name: 'PAHT', suggestion: 'PATH' }, line: 2, column: 10, endColumn: 15 }],
    },
    {
      name: 'BuildKit test: used before the ARG',
      code: '\nFROM alpine\nCOPY $foo .\nARG foo=bar\nRUN echo $foo\n',
      errors: [{ messageId: 'undefined', data: { name: 'foo' }, line: 3 }],
    },
    {
      name: 'BuildKit test: suggestion among ARGs',
      code: '\nFROM alpine\nARG DIR_BINARIES=binaries/\nARG DIR_ASSETS=assets/\nARG DIR_CONFIG=config/\nCOPY $DIR_ASSET .\n',
      errors: [{ messageId: 'undefinedSuggest', data: { name: 'DIR_ASSET', suggestion: 'DIR_ASSETS' }, line: 6 }],
    },
    {
      name: 'BuildKit test: each stage is checked',
      code: '\nFROM scratch AS first\nCOPY $foo .\n\nFROM scratch AS second\nCOPY $bar .\n',
      errors: [
        { messageId: 'undefined', data: { name: 'foo' }, line: 3 },
        { messageId: 'undefined', data: { name: 'bar' }, line: 6 },
      ],
    },
    {
      name: 'a default value does not declare the variable',
      code: 'FROM alpine\nENV MODE=${MODE:-production}',
      errors: [{ messageId: 'undefined', data: { name: 'MODE' }, line: 2, column: 10, endColumn: 29 }],
    },
    {
      name: 'ENV sees the environment before its own line',
      code: 'FROM alpine\nENV A=1 B=$A',
      errors: [{ messageId: 'undefined', data: { name: 'A' }, line: 2, column: 11 }],
    },
    {
      name: 'global ARGs are out of scope in a stage until redeclared',
      code: 'ARG VERSION=1\nFROM alpine\nLABEL version=$VERSION',
      errors: [{ messageId: 'undefined', data: { name: 'VERSION' }, line: 3 }],
    },
    {
      name: 'predefined platform ARGs need an ARG line in the stage',
      code: 'FROM alpine\nCOPY bin/$TARGETARCH /app',
      errors: [{ messageId: 'undefined', data: { name: 'TARGETARCH' }, line: 2, column: 10 }],
    },
    {
      name: 'COPY heredoc bodies are expanded',
      code: 'FROM alpine\nCOPY <<EOF /a\nhello $WHO\nEOF',
      errors: [{ messageId: 'undefined', data: { name: 'WHO' }, line: 3, column: 7 }],
    },
    {
      name: 'RUN --mount options are expanded',
      code: 'FROM alpine\nRUN --mount=type=cache,target=$CACHE_DIR true',
      errors: [{ messageId: 'undefined', data: { name: 'CACHE_DIR' }, line: 2, column: 31 }],
    },
    {
      name: 'USER, WORKDIR, VOLUME, STOPSIGNAL and LABEL keys are expanded',
      code: 'FROM alpine\nUSER $APP_USER\nWORKDIR /$DIR\nVOLUME ["/$VOL"]\nSTOPSIGNAL $SIG\nLABEL $KEY=1',
      errors: [
        { messageId: 'undefined', data: { name: 'APP_USER' }, line: 2, column: 6 },
        { messageId: 'undefined', data: { name: 'DIR' }, line: 3, column: 10 },
        { messageId: 'undefined', data: { name: 'VOL' }, line: 4 },
        { messageId: 'undefined', data: { name: 'SIG' }, line: 5, column: 12 },
        { messageId: 'undefined', data: { name: 'KEY' }, line: 6, column: 7 },
      ],
    },
    {
      name: 'the same name in two words is reported twice, as BuildKit does per word',
      code: 'FROM alpine\nCOPY $SRC $SRC/extra /app/',
      errors: [
        { messageId: 'undefined', data: { name: 'SRC' }, line: 2, column: 6 },
        { messageId: 'undefined', data: { name: 'SRC' }, line: 2, column: 11 },
      ],
    },
    {
      name: 'COPY --chown is expanded',
      code: 'FROM alpine\nCOPY --chown=$USER_ID a /b',
      errors: [{ messageId: 'undefined', data: { name: 'USER_ID' }, line: 2, column: 14 }],
    },
  ],
});
